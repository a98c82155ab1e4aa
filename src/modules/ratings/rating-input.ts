// Pure: the boundary check of one rating (政务服务「好差评」, 国办发〔2019〕51号; regulations.md §4.2,
// supervision.md §5). Every channel (public pages, rating links, kiosk, staff entry of a paper form or
// a 12345 callback) passes through `checkRatingInput`: five levels (code, Chinese label or 5…1), at
// least one active reason for a 差评 (不满意/非常不满意, GB/T 39734 附录A lists 差评 content; the list
// itself is data, rating_reason), indicators of the subject's channel only (online 一事一评 vs
// offline), bounded text, a rating day not in the future. What needs the database (the organisation,
// venue, item, window) is checked by the service afterwards.
import { isLocalDate, type LocalDate } from '../../platform/clock/local-date.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { CHANNEL_ENUM, indicatorsFor, isBad, LEVEL_ENUM, ONLINE_INDICATORS, starsOf, SUBJECT_ENUM, type ChannelCode, type LevelCode, type SubjectCode } from './levels.ts';
import { ratingStrings } from './ratings.strings.ts';

const s = ratingStrings.input;

/** What a channel hands in (enum fields as code or Chinese label; level also '5'…'1'). */
export interface RatingInput {
  orgCode: string;
  /** What is rated; when left out it follows from the fields given (window → venue → item → staff no → 12345). */
  subject?: string;
  venuePublicId?: string;
  itemPublicId?: string;
  windowCode?: string;
  staffNo?: string;
  caseRef?: string;
  channel: string;
  level: string | number;
  /** indicator (code or label) → level (code, label or 5…1). */
  indicators?: Record<string, string | number>;
  /** 差评 reason codes (or labels). */
  reasons?: string[];
  text?: string;
  raterName?: string;
  raterPhone?: string;
  /** YYYY-MM-DD; today when left out. */
  ratedOn?: string;
  /** Public id of the rating this one re-rates after the reply. */
  reratingOf?: string;
}

export interface ReasonOption {
  code: string;
  label: string;
}

export interface RatingInputContext {
  today: LocalDate;
  /** The active 差评 reasons. */
  reasons: readonly ReasonOption[];
}

/** A rating that passed the boundary check. */
export interface CheckedRating {
  orgCode: string;
  subject: SubjectCode;
  venuePublicId: string | null;
  itemPublicId: string | null;
  windowCode: string | null;
  staffNo: string | null;
  caseRef: string | null;
  channel: ChannelCode;
  levelCode: LevelCode;
  /** 5 非常满意 … 1 非常不满意. */
  level: 1 | 2 | 3 | 4 | 5;
  bad: boolean;
  /** indicator code → 1…5 */
  indicators: Record<string, number>;
  reasons: string[];
  text: string;
  raterName: string | null;
  raterPhone: string | null;
  ratedOn: LocalDate;
  reratingOf: string | null;
}

export type FieldErrors = Record<string, string>;

export type CheckResult = { ok: true; value: CheckedRating } | { ok: false; code: string; errors: FieldErrors };

export const MAX_TEXT = 500;
export const MAX_REASONS = 8;

/** Stable codes of the refusals, one per field problem (the first found is the answer's code). */
export const INPUT_CODES = {
  level: 'rating_level_invalid',
  subject: 'rating_subject_invalid',
  subjectTarget: 'rating_subject_target_missing',
  channel: 'rating_channel_invalid',
  reasonRequired: 'rating_reason_required',
  reasonUnknown: 'rating_reason_unknown',
  indicator: 'rating_indicator_invalid',
  text: 'rating_text_too_long',
  rater: 'rating_rater_invalid',
  date: 'rating_date_invalid',
  dateFuture: 'rating_date_future',
  org: 'rating_org_unknown',
  ref: 'rating_reference_invalid',
} as const;

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const REF = /^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$/;
const STAFF_NO = /^[0-9A-Za-z][0-9A-Za-z-]{0,19}$/;

const trimmed = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** The level of `input` (code, Chinese label or 5…1), or null. */
export function parseLevel(input: unknown): LevelCode | null {
  const t = typeof input === 'number' ? String(input) : input;
  return parseEnum(LEVEL_ENUM, t);
}

/** The subject when none is named: the most specific target given. */
export function inferSubject(input: Pick<RatingInput, 'windowCode' | 'itemPublicId' | 'venuePublicId' | 'staffNo' | 'caseRef' | 'channel'>): SubjectCode | null {
  if (trimmed(input.windowCode)) return 'window';
  if (trimmed(input.staffNo)) return 'staff';
  if (trimmed(input.itemPublicId)) return trimmed(input.venuePublicId) ? 'item' : 'online';
  if (trimmed(input.venuePublicId)) return 'venue';
  if (parseEnum(CHANNEL_ENUM, input.channel) === 'hotline_callback' && trimmed(input.caseRef)) return 'hotline';
  return null;
}

/** A phone number with spaces and full-width digits normalised, or null when it is not one. */
export function normalisePhone(input: string): string | null {
  const t = input.normalize('NFKC').replace(/[\s()（）]/g, '').replace(/^\+?86-?/, '');
  if (MOBILE.test(t) || LANDLINE.test(t)) return t;
  return null;
}

/** Checks one rating at the boundary; nothing else may be trusted about it. */
export function checkRatingInput(input: RatingInput, ctx: RatingInputContext): CheckResult {
  const errors: FieldErrors = {};
  const codes: string[] = [];
  const fail = (fieldName: string, code: string, message: string) => {
    if (!errors[fieldName]) {
      errors[fieldName] = message;
      codes.push(code);
    }
  };

  const orgCode = trimmed(input.orgCode);
  if (!orgCode) fail('org', INPUT_CODES.org, s.orgRequired);

  const levelRaw = trimmed(input.level);
  const levelCode = parseLevel(levelRaw);
  if (!levelRaw) fail('level', INPUT_CODES.level, s.levelRequired);
  else if (!levelCode) fail('level', INPUT_CODES.level, s.levelInvalid(levelRaw.slice(0, 20)));

  const channelRaw = trimmed(input.channel);
  const channel = parseEnum(CHANNEL_ENUM, channelRaw);
  if (!channelRaw) fail('channel', INPUT_CODES.channel, s.channelRequired);
  else if (!channel) fail('channel', INPUT_CODES.channel, s.channelInvalid(channelRaw.slice(0, 20)));

  const subjectRaw = trimmed(input.subject);
  const subject = subjectRaw ? parseEnum(SUBJECT_ENUM, subjectRaw) : inferSubject(input);
  if (subjectRaw && !subject) fail('subject', INPUT_CODES.subject, s.subjectInvalid(subjectRaw.slice(0, 20)));
  else if (!subject) fail('subject', INPUT_CODES.subject, s.subjectRequired);

  const venue = trimmed(input.venuePublicId) || null;
  const item = trimmed(input.itemPublicId) || null;
  const windowCode = trimmed(input.windowCode) || null;
  const staffNo = trimmed(input.staffNo) || null;
  const caseRef = trimmed(input.caseRef) || null;
  for (const [name, v] of [['venue', venue], ['item', item], ['window', windowCode]] as const) {
    if (v && !REF.test(v)) fail(name, INPUT_CODES.ref, name === 'venue' ? s.venueUnknown(v.slice(0, 40)) : name === 'item' ? s.itemUnknown(v.slice(0, 40)) : s.windowUnknown(v.slice(0, 40)));
  }
  if (staffNo && !STAFF_NO.test(staffNo)) fail('staff_no', INPUT_CODES.ref, s.staffNoInvalid);
  if (caseRef && !REF.test(caseRef)) fail('case_ref', INPUT_CODES.ref, s.caseRefInvalid);
  if (windowCode && !venue) fail('venue', INPUT_CODES.subjectTarget, s.windowNeedsVenue);
  if (subject) {
    const missing =
      ((subject === 'item' || subject === 'online') && !item) ||
      (subject === 'venue' && !venue) ||
      (subject === 'window' && (!venue || !windowCode)) ||
      (subject === 'staff' && !staffNo) ||
      ((subject === 'hotline' || subject === 'message') && !caseRef);
    if (missing) fail('subject', INPUT_CODES.subjectTarget, s.subjectTarget[subject] ?? s.subjectRequired);
  }

  // Indicators: only those of the subject's channel (online 一事一评 or offline), each one of the five levels.
  const indicators: Record<string, number> = {};
  if (subject && input.indicators && typeof input.indicators === 'object') {
    const def = indicatorsFor(subject);
    for (const [k, v] of Object.entries(input.indicators)) {
      const raw = trimmed(v);
      if (!raw) continue;
      const code = parseEnum(def, k);
      if (!code) {
        fail(`indicators.${k.slice(0, 30)}`, INPUT_CODES.indicator, s.indicatorUnknown(k.slice(0, 30), def === ONLINE_INDICATORS));
        continue;
      }
      const lv = parseLevel(raw);
      if (!lv) {
        fail(`indicators.${code}`, INPUT_CODES.indicator, s.indicatorLevel(def.values.find((x) => x.code === code)?.label ?? code, raw.slice(0, 20)));
        continue;
      }
      indicators[code] = starsOf(lv);
    }
  }

  // Reasons: at least one active reason for a 差评; none for a good rating.
  const bad = levelCode ? isBad(starsOf(levelCode)) : false;
  const reasons: string[] = [];
  const given = (input.reasons ?? []).map(trimmed).filter(Boolean);
  for (const r of given) {
    const hit = ctx.reasons.find((x) => x.code === r || x.label === r);
    if (!hit) fail('reasons', INPUT_CODES.reasonUnknown, s.reasonUnknown(r.slice(0, 30)));
    else if (!reasons.includes(hit.code)) reasons.push(hit.code);
  }
  if (levelCode && bad && given.length === 0) fail('reasons', INPUT_CODES.reasonRequired, s.reasonRequired);
  if (levelCode && !bad && given.length > 0) fail('reasons', INPUT_CODES.reasonUnknown, s.reasonsOnlyForBad);
  if (reasons.length > MAX_REASONS) fail('reasons', INPUT_CODES.reasonUnknown, s.tooManyReasons);

  const text = typeof input.text === 'string' ? input.text.trim().replace(/\r\n?/g, '\n') : '';
  if ([...text].length > MAX_TEXT) fail('text', INPUT_CODES.text, s.textTooLong(MAX_TEXT));

  const raterName = trimmed(input.raterName) || null;
  if (raterName && [...raterName].length > 50) fail('rater_name', INPUT_CODES.rater, s.nameTooLong);
  const phoneRaw = trimmed(input.raterPhone);
  const raterPhone = phoneRaw ? normalisePhone(phoneRaw) : null;
  if (phoneRaw && !raterPhone) fail('rater_phone', INPUT_CODES.rater, s.phoneInvalid);
  if (raterPhone && !raterName) fail('rater_name', INPUT_CODES.rater, s.phoneWithoutName);

  const dateRaw = trimmed(input.ratedOn);
  const ratedOn = dateRaw || ctx.today;
  const shownDate = dateRaw.slice(0, 20);
  if (dateRaw && !isLocalDate(dateRaw)) fail('rated_on', INPUT_CODES.date, s.dateInvalid(shownDate));
  else if (ratedOn > ctx.today) fail('rated_on', INPUT_CODES.dateFuture, s.dateFuture);

  const reratingOf = trimmed(input.reratingOf) || null;
  if (reratingOf && !/^PJ[0-9A-Z]{12}$/.test(reratingOf)) fail('rerating_of', INPUT_CODES.ref, s.reratingUnknown(reratingOf.slice(0, 20)));

  if (codes.length || !levelCode || !channel || !subject) {
    return { ok: false, code: codes[0] ?? INPUT_CODES.level, errors };
  }
  return {
    ok: true,
    value: {
      orgCode, subject, venuePublicId: venue, itemPublicId: item, windowCode, staffNo, caseRef, channel, levelCode,
      level: starsOf(levelCode), bad, indicators, reasons, text, raterName, raterPhone, ratedOn, reratingOf,
    },
  };
}

/** Is the rater named and reachable (so a 差评 can be called back: 回访)? */
export function isNamed(r: Pick<CheckedRating, 'raterName' | 'raterPhone'>): boolean {
  return !!r.raterName && !!r.raterPhone;
}
