// 一码办 on the window desk and the kiosk (issue 21 §4): which fields each form asks for, how the
// fields a person confirmed fill that form, and the one server-side take of a confirmed read
// (`app.oneCode`, set by the accounts module; this module never imports it). The values are taken
// once, on the server, by the page that renders the form: they never travel in a URL (only the
// read's id does, `?code_read=`), and they are never logged.
import type { FastifyRequest } from 'fastify';
import type { SharedFields } from '../../platform/auth/resident.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { SHARE_FIELD_LABELS } from './onecode.strings.ts';

/** The forms a 一码办 read can fill. */
export type OneCodeForm = 'desk_apply' | 'kiosk_message' | 'kiosk_rate';

export interface OneCodeFormSpec {
  /** The fields offered (checkboxes), by SHARE_FIELDS code. */
  offered: readonly string[];
  /** Ticked by default. */
  defaults: readonly string[];
}

export const ONE_CODE_FORMS: Record<OneCodeForm, OneCodeFormSpec> = {
  // 依申请公开 at the window: 申请人 name, ID number and phone (an enterprise: its name and 统一社会信用代码)
  desk_apply: { offered: ['name', 'id_number', 'phone', 'email', 'org_name', 'uscc'], defaults: ['name', 'id_number', 'phone'] },
  kiosk_message: { offered: ['name', 'phone'], defaults: ['name', 'phone'] },
  kiosk_rate: { offered: ['name', 'phone'], defaults: ['name', 'phone'] },
};

/** The cookie (scoped to /kiosk/{venue}) in which the accounts module gives a kiosk its reader secret. */
export const KIOSK_CODE_COOKIE = 'gk_kiosk_code';

/** A read id as it may appear in `?code_read=` (anything else is ignored, never looked up). */
const READ_ID = /^[A-Za-z0-9_-]{6,80}$/;

/** `?code_read=` read as one value; null when absent or malformed. */
export function codeReadParam(request: FastifyRequest): string | null {
  const v = (request.query as Record<string, unknown> | undefined)?.code_read;
  const s = typeof v === 'string' ? v.trim() : '';
  return READ_ID.test(s) ? s : null;
}

/** The form's values filled from what the person shared (only fields that came), and the labels of what was filled. */
export function fillFrom(form: OneCodeForm, f: SharedFields): { values: Record<string, string>; filled: string[] } {
  const values: Record<string, string> = {};
  const filled = new Set<string>();
  const put = (key: string, value: string | undefined, code: string) => {
    if (value && value.trim()) { values[key] = value.trim(); filled.add(code); }
  };
  if (form === 'desk_apply') {
    // an enterprise applies as 法人或其他组织: its name and 统一社会信用代码 in the applicant's fields.
    // An enterprise account also has a contact person's name: when the 统一社会信用代码 or the
    // unit's name came, the applicant is the enterprise, not that person (unless an ID number came:
    // then a person applies, and the unit's fields are not the applicant's).
    const enterprise = !f.id_number && (!!f.org_name || !!f.uscc);
    if (enterprise) {
      values.applicant_type = 'legal_person';
      put('applicant_name', f.org_name, 'org_name');
      put('applicant_id_number', f.uscc, 'uscc');
    } else {
      if (f.name || f.id_number) values.applicant_type = 'natural_person';
      put('applicant_name', f.name, 'name');
      put('applicant_id_number', f.id_number, 'id_number');
    }
    put('applicant_phone', f.phone, 'phone');
    put('applicant_email', f.email, 'email');
  } else if (form === 'kiosk_message') {
    put('contact_name', f.name ?? f.org_name, f.name ? 'name' : 'org_name');
    put('contact_phone', f.phone, 'phone');
  } else {
    put('rater_name', f.name ?? f.org_name, f.name ? 'name' : 'org_name');
    put('rater_phone', f.phone, 'phone');
  }
  const labels = SHARE_FIELD_LABELS.filter((x) => filled.has(x.code)).map((x) => x.label);
  return { values, filled: labels };
}

/** What a form page shows about a read: nothing asked, filled (with the labels), or a read that could not be taken. */
export type OneCodeOutcome = { kind: 'none' } | { kind: 'filled'; values: Record<string, string>; labels: string[] } | { kind: 'missing' };

/** The desk: takes the read once for this staff member (null reader: the feature is off, nothing taken). */
export async function takeAtDesk(request: FastifyRequest, form: OneCodeForm): Promise<OneCodeOutcome> {
  const read = codeReadParam(request);
  const reader = request.server.oneCode;
  if (!read || !reader) return { kind: 'none' };
  const fields = await reader.takeForStaff(read, (request.actor as Actor).userId);
  if (!fields) return { kind: 'missing' };
  const r = fillFrom(form, fields);
  return { kind: 'filled', values: r.values, labels: r.filled };
}

/** The kiosk: takes the read once, proven by the secret cookie the kiosk was given when it started the read. */
export async function takeAtKiosk(request: FastifyRequest, venuePublicId: string, form: OneCodeForm): Promise<OneCodeOutcome> {
  const read = codeReadParam(request);
  const reader = request.server.oneCode;
  if (!read || !reader) return { kind: 'none' };
  const secret = request.cookies[KIOSK_CODE_COOKIE] ?? '';
  const fields = secret ? await reader.takeForKiosk(read, venuePublicId, secret) : null;
  if (!fields) return { kind: 'missing' };
  const r = fillFrom(form, fields);
  return { kind: 'filled', values: r.values, labels: r.filled };
}
