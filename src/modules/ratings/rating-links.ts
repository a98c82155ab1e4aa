// Rules of the single-use rating link per 办件 (一事一评/一次一评, issue 17 item 2) (PURE): when a link
// may still be used, how long it lives (rating_setting.link_valid_days, else 30 days), and the
// checks of an issuing request. The secret itself is made and hashed in channels.service.ts.
import { SUBJECT_ENUM, type SubjectCode } from './levels.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { cs } from './channels.strings.ts';
import { normalisePhone } from './rating-input.ts';

export type LinkState = 'open' | 'used' | 'expired';

/** A link is used once; after its expiry it is refused even if unused. */
export function linkState(link: { used_at: string | null; expires_at: string }, now: Date): LinkState {
  if (link.used_at) return 'used';
  return now.toISOString() < link.expires_at ? 'open' : 'expired';
}

/** The end of a link issued at `now`, valid `days` whole days. */
export function linkExpiry(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/** What a link may be about: the subjects of a 办件 (not a 12345 order or a 民心直通车 reply, rated in their own modules). */
export const LINK_SUBJECTS: readonly SubjectCode[] = ['item', 'online', 'venue', 'window', 'staff'];

export interface LinkRequest {
  org: string; caseRef: string; subject: string; venue: string; item: string; window: string; staffNo: string;
  raterName: string; phone: string; email: string;
  /** Shown on a screen only (the window desk's QR code for the visitor to scan): no SMS or e-mail is needed. */
  onScreen?: boolean;
}

export interface CheckedLinkRequest {
  org: string; caseRef: string; subject: SubjectCode; venue: string | null; item: string | null; window: string | null; staffNo: string | null;
  raterName: string | null; phone: string | null; email: string | null;
}

export const MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,20}$/;
export const WINDOW_CODE = /^[A-Za-z0-9-]{1,12}$/;
const STAFF_NO = /^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/;
/** As the submission service reads a 办件号 (rating-input.ts). */
const CASE_REF = /^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$/;

/** Field errors of an issuing request (keys are the form's field names), or the cleaned request. */
export function checkLinkRequest(r: LinkRequest): { ok: true; value: CheckedLinkRequest } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const t = (v: string) => v.normalize('NFKC').trim();
  const caseRef = t(r.caseRef);
  if (!CASE_REF.test(caseRef)) errors.case_ref = cs.errors.caseRef;
  const subject = parseEnum(SUBJECT_ENUM, t(r.subject) || 'item');
  if (!subject || !LINK_SUBJECTS.includes(subject)) errors.subject = cs.errors.subject;
  // read as the rating reads it (rating-input.ts normalisePhone: +86, spaces, full-width digits), dashes
  // too; the link goes by SMS, so only a mobile number will do
  const phoneRaw = t(r.phone);
  const phone = phoneRaw ? normalisePhone(phoneRaw.replace(/-/g, '')) ?? phoneRaw : '';
  if (phone && !MOBILE.test(phone)) errors.phone = cs.errors.phone;
  const email = t(r.email);
  if (email && !EMAIL.test(email)) errors.email = cs.errors.email;
  if (!phone && !email && !r.onScreen) errors.phone = cs.errors.noRecipient;
  const staffNo = t(r.staffNo);
  if (staffNo && !STAFF_NO.test(staffNo)) errors.staff_no = cs.errors.staffNo;
  const win = t(r.window);
  if (win && !WINDOW_CODE.test(win)) errors.window = cs.errors.windowCode;
  const raterName = t(r.raterName);
  if (raterName.length > 30) errors.rater_name = cs.errors.raterName;
  // what is rated must be named: an item, a venue, a window of a venue or a staff number
  if (subject && !errors.subject) {
    const missing = ((subject === 'item' || subject === 'online') && !t(r.item)) || (subject === 'venue' && !t(r.venue))
      || (subject === 'window' && (!t(r.venue) || !win)) || (subject === 'staff' && !staffNo);
    if (missing) errors.subject = cs.errors.subjectTarget[subject as keyof typeof cs.errors.subjectTarget];
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const opt = (v: string) => (v ? v : null);
  return {
    ok: true,
    value: { org: t(r.org), caseRef, subject: subject!, venue: opt(t(r.venue)), item: opt(t(r.item)), window: opt(win.toUpperCase()), staffNo: opt(staffNo), raterName: opt(raterName), phone: opt(phone), email: opt(email) },
  };
}
