// Pure: the boundary check of one 咨询登记 (enquiry) entry — what a form or the API sends, turned
// into typed values or field errors with stable codes — plus the phone rules (mainland mobile or
// landline; masked wherever shown outside the entry's own page) and the topic key the statistics
// group by. No clock is read: `now` comes in.
import { parseEnum } from '../../platform/web/enums.ts';
import { isLocalDate, localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { ANSWER_MAX, ENQUIRY_CHANNELS, TOPIC_MAX, type EnquiryChannel } from './vocabulary.ts';
import { enquiryStrings } from './enquiries.strings.ts';

const s = enquiryStrings.input;

/** Stable codes of every refusal (the API's `code`; a form shows the message beside the field). */
export const ENQUIRY_CODES = {
  topicRequired: 'enquiry_topic_required',
  topicTooLong: 'enquiry_topic_too_long',
  channel: 'enquiry_channel_invalid',
  askedAt: 'enquiry_time_invalid',
  askedAtFuture: 'enquiry_time_future',
  answerTooLong: 'enquiry_answer_too_long',
  followUp: 'enquiry_follow_up_invalid',
  followedUpOn: 'enquiry_followed_up_on_invalid',
  phone: 'enquiry_phone_invalid',
  name: 'enquiry_contact_name_invalid',
  ref: 'enquiry_reference_invalid',
} as const;

export const CONTACT_NAME_MAX = 40;
const REF_MAX = 64;

/** What a form or the API sends (every field one string; absent = empty). */
export interface EnquiryRawInput {
  asked_at?: string | undefined;
  channel?: string | undefined;
  venue?: string | undefined;
  window?: string | undefined;
  topic?: string | undefined;
  item?: string | undefined;
  record?: string | undefined;
  answer?: string | undefined;
  follow_up?: string | boolean | undefined;
  followed_up_on?: string | undefined;
  contact_name?: string | undefined;
  contact_phone?: string | undefined;
}

export interface CheckedEnquiry {
  /** ISO-8601 UTC instant. */
  askedAt: string;
  /** The Beijing calendar day of askedAt. */
  askedOn: LocalDate;
  channel: EnquiryChannel;
  venue: string | null;
  window: string | null;
  topic: string;
  item: string | null;
  record: string | null;
  answer: string;
  followUp: boolean;
  followedUpOn: LocalDate | null;
  contactName: string | null;
  contactPhone: string | null;
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; code: string; errors: Record<string, string> };

/** Control characters or angle brackets: not a name or a reference. */
const unsafe = (v: string): boolean => /[<>]/.test(v) || [...v].some((ch) => ch.charCodeAt(0) < 32);

const text = (v: unknown): string => (typeof v === 'string' ? v.normalize('NFC').trim() : '');

/**
 * A mainland phone number in its stored form, or null when it is not one: mobile 1[3-9]xxxxxxxxx
 * (a +86/86 prefix dropped) or a landline with its area code 0xx(x)-xxxxxxx(x) (optional -extension).
 * Full-width digits, spaces and brackets are normalised first.
 */
export function normaliseContactPhone(input: string): string | null {
  const t = input.normalize('NFKC').replace(/[\s()（）]/g, '').replace(/[‐-―－]/g, '-');
  const mobile = /^(?:\+?86-?)?(1[3-9]\d{9})$/.exec(t);
  if (mobile) return mobile[1]!;
  const land = /^(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?$/.exec(t);
  if (land) {
    const area = land[1]!;
    const local = land[2]!;
    // 3-digit area codes (010, 02x) have 8-digit numbers; 4-digit ones 7 or 8.
    if (area.length === 3 && local.length !== 8) return null;
    return `${area}-${local}${land[3] ? `-${land[3]}` : ''}`;
  }
  return null;
}

/**
 * A stored phone as every list, CSV, log and audit entry shows it: a mobile keeps its first 3 and
 * last 4 digits (138****5678), a landline its area code and last 2 digits (0310-*****67).
 */
export function maskContactPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const land = /^(0\d{2,3})-(\d+)/.exec(phone);
  if (land) return `${land[1]}-${'*'.repeat(Math.max(0, land[2]!.length - 2))}${land[2]!.slice(-2)}`;
  return phone.length > 4 ? `${'*'.repeat(phone.length - 2)}${phone.slice(-2)}` : '****';
}

/** A contact name in a list: the family name kept (张**). */
export function maskContactName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/**
 * The key topics are grouped by in the statistics: NFKC, lower case, no spaces or punctuation, so
 * 「社保证明怎么打印？」 and 「社保证明 怎么打印」 count together.
 */
export function topicKey(topic: string): string {
  return topic.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** A time as typed in a form (Beijing time: 2026-12-05T10:30, 2026-12-05 10:30:15) or an ISO instant with its offset. */
export function parseAskedAt(input: string): Date | null {
  const t = input.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (local) {
    if (!isLocalDate(local[1])) return null;
    const [h, m, sec] = [Number(local[2]), Number(local[3]), Number(local[4] ?? 0)];
    if (h > 23 || m > 59 || sec > 59) return null;
    const ms = Date.parse(`${local[1]}T${local[2]}:${local[3]}:${String(sec).padStart(2, '0')}+08:00`);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.test(t) && isLocalDate(t.slice(0, 10))) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  return null;
}

/** Beijing time for a datetime-local input: 2026-12-05T10:30. */
export function localInputValue(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 16);
}

/** A yes/no field: checkbox 'on', '1', 'yes', 'true', '是' (or a boolean); empty is no; anything else null. */
export function parseYesNo(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  const t = text(v);
  if (t === '') return false;
  if (['1', 'on', 'yes', 'true', '是'].includes(t.toLowerCase())) return true;
  if (['0', 'off', 'no', 'false', '否'].includes(t.toLowerCase())) return false;
  return null;
}

/** A month filter YYYY-MM (2000-01 … 2099-12), or null. */
export function parseMonth(v: string | undefined): string | null {
  const t = (v ?? '').trim();
  return /^20\d{2}-(0[1-9]|1[0-2])$/.test(t) ? t : null;
}

/** The follow-up fields of an edit (needs follow-up; the day it was followed up, not before the enquiry nor after today). */
export function checkFollowUp(raw: { follow_up?: string | boolean | undefined; followed_up_on?: string | undefined }, askedOn: LocalDate, today: LocalDate): CheckResult<{ followUp: boolean; followedUpOn: LocalDate | null }> {
  const errors: Record<string, string> = {};
  const codes: string[] = [];
  const followUp = parseYesNo(raw.follow_up);
  if (followUp === null) { errors.follow_up = s.followUp; codes.push(ENQUIRY_CODES.followUp); }
  const on = text(raw.followed_up_on);
  let followedUpOn: LocalDate | null = null;
  if (on) {
    if (!isLocalDate(on)) { errors.followed_up_on = s.followedUpOn; codes.push(ENQUIRY_CODES.followedUpOn); }
    else if (on < askedOn || on > today) { errors.followed_up_on = s.followedUpOnRange(askedOn, today); codes.push(ENQUIRY_CODES.followedUpOn); }
    else if (followUp === false) { errors.followed_up_on = s.followedUpWithout; codes.push(ENQUIRY_CODES.followedUpOn); }
    else followedUpOn = on;
  }
  if (codes.length) return { ok: false, code: codes[0]!, errors };
  return { ok: true, value: { followUp: !!followUp, followedUpOn } };
}

/**
 * Checks one entry. Errors are keyed by the form's field names; `code` is the first problem's
 * stable code (a missing topic is `enquiry_topic_required`).
 */
export function checkEnquiryInput(raw: EnquiryRawInput, now: Date): CheckResult<CheckedEnquiry> {
  const errors: Record<string, string> = {};
  const codes: string[] = [];
  const fail = (field: string, code: string, message: string) => { if (!errors[field]) errors[field] = message; codes.push(code); };

  const topic = text(raw.topic).replace(/\s+/g, ' ');
  if (!topic) fail('topic', ENQUIRY_CODES.topicRequired, s.topicRequired);
  else if ([...topic].length > TOPIC_MAX) fail('topic', ENQUIRY_CODES.topicTooLong, s.topicTooLong(TOPIC_MAX));

  const channelText = text(raw.channel);
  const channel = channelText ? parseEnum(ENQUIRY_CHANNELS, channelText) : null;
  if (!channel) fail('channel', ENQUIRY_CODES.channel, s.channel);

  const atText = text(raw.asked_at);
  let askedAt = now;
  if (atText) {
    const parsed = parseAskedAt(atText);
    if (!parsed) fail('asked_at', ENQUIRY_CODES.askedAt, s.askedAt);
    // a minute's grace: the form's default is the current minute
    else if (parsed.getTime() > now.getTime() + 60_000) fail('asked_at', ENQUIRY_CODES.askedAtFuture, s.askedAtFuture);
    else if (parsed.getTime() < Date.parse('2000-01-01T00:00:00+08:00')) fail('asked_at', ENQUIRY_CODES.askedAt, s.askedAt);
    else askedAt = parsed.getTime() > now.getTime() ? now : parsed;
  }
  const askedOn = localDateOf(askedAt);

  const answer = text(raw.answer);
  if ([...answer].length > ANSWER_MAX) fail('answer', ENQUIRY_CODES.answerTooLong, s.answerTooLong(ANSWER_MAX));

  const ref = (field: string, v: unknown): string | null => {
    const t = text(v).normalize('NFKC');
    if (!t) return null;
    if (t.length > REF_MAX || !/^[A-Za-z0-9][A-Za-z0-9_.\-/〔〕]*$/u.test(t)) { fail(field, ENQUIRY_CODES.ref, s.reference); return null; }
    return t;
  };
  const venue = ref('venue', raw.venue);
  const window = ref('window', raw.window);
  if (window && !venue && !errors.venue) fail('window', ENQUIRY_CODES.ref, s.windowWithoutVenue);
  const item = ref('item', raw.item);
  const recordText = text(raw.record).normalize('NFKC');
  let record: string | null = null;
  if (recordText) {
    if (recordText.length > REF_MAX || unsafe(recordText)) fail('record', ENQUIRY_CODES.ref, s.reference);
    else record = recordText;
  }

  const fu = checkFollowUp({ follow_up: raw.follow_up, followed_up_on: raw.followed_up_on }, askedOn, localDateOf(now));
  if (!fu.ok) for (const [k, v] of Object.entries(fu.errors)) fail(k, fu.code, v);

  const contactName = text(raw.contact_name).replace(/\s+/g, ' ');
  if ([...contactName].length > CONTACT_NAME_MAX || unsafe(contactName)) fail('contact_name', ENQUIRY_CODES.name, s.contactName(CONTACT_NAME_MAX));
  const phoneText = text(raw.contact_phone);
  const contactPhone = phoneText ? normaliseContactPhone(phoneText) : null;
  if (phoneText && !contactPhone) fail('contact_phone', ENQUIRY_CODES.phone, s.phone);

  if (codes.length) return { ok: false, code: codes[0]!, errors };
  return {
    ok: true,
    value: {
      askedAt: askedAt.toISOString(), askedOn, channel: channel!, venue, window, topic, item, record, answer,
      followUp: fu.ok ? fu.value.followUp : false, followedUpOn: fu.ok ? fu.value.followedUpOn : null,
      contactName: contactName || null, contactPhone,
    },
  };
}
