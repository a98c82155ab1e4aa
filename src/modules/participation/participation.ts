// Pure: the rules of an 意见征集 — its phase on a given day, what opening one needs (the comment
// period: 《重大行政决策程序暂行条例》第十五条 — 征求意见的期限一般不少于 30 日, a shorter one states
// its reason), what a public comment needs, when a comment is refused, and when the feedback report
// (采纳情况) may be published.
import { defineEnum, type EnumDef } from '../../platform/web/enums.ts';
import { addDays, isLocalDate } from '../../platform/clock/local-date.ts';
import { ADOPTION_LABELS, PHASE_LABELS, ps } from './participation.strings.ts';

export type Phase = keyof typeof PHASE_LABELS;
export type Adoption = keyof typeof ADOPTION_LABELS;
export type CommentState = 'pending' | 'published' | 'rejected';

const enumOf = <C extends string>(labels: Record<C, string>): EnumDef<C> => defineEnum((Object.keys(labels) as C[]).map((code) => ({ code, label: labels[code] })));
export const PHASES = enumOf<Phase>(PHASE_LABELS);
export const ADOPTIONS = enumOf<Adoption>(ADOPTION_LABELS);

/** 《重大行政决策程序暂行条例》（国务院令第713号）第十五条：征求意见期限一般不少于 30 日. */
export const MIN_PERIOD_DAYS = 30;
export const MAX_COMMENT = 2000;
/** The latest end of a period, counted from the day it is opened. */
export const MAX_AHEAD_DAYS = 366;

/** The phase of a consultation on `today` (both ends of the period count). */
export function phaseOf(c: { opens_on: string; closes_on: string }, today: string): Phase {
  if (today < c.opens_on) return 'upcoming';
  return today > c.closes_on ? 'closed' : 'open';
}

/** Days in the period, both ends counted. */
export function periodDays(opensOn: string, closesOn: string): number {
  let n = 1;
  for (let d = opensOn; d < closesOn && n <= 3660; d = addDays(d, 1)) n++;
  return n;
}

export interface ConsultationFields { title: string; summary: string; draftText: string; draftTooLarge: boolean; opensOn: string; closesOn: string; shortReason: string }

/** Field errors of a new consultation (keyed by form field name); `today` in Beijing time, the day it is published. */
export function checkConsultation(f: ConsultationFields, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  const e1 = ps.errors;
  if (!f.title.trim()) e.title = e1.titleRequired;
  else if (f.title.trim().length > 200) e.title = e1.tooLong(200);
  if (f.summary.trim().length > 1000) e.summary = e1.tooLong(1000);
  if (f.draftTooLarge) e.draft = e1.draftTooLarge;
  else if (!f.draftText.trim()) e.draft = e1.draftRequired;
  const o = f.opensOn.trim();
  const c = f.closesOn.trim();
  if (!o) e.opens_on = e1.opensRequired;
  else if (!isLocalDate(o)) e.opens_on = e1.date;
  // The period runs from the day the draft is made public: a start before today would count days
  // nobody could comment on towards the 30 days of 第十五条.
  else if (o < today) e.opens_on = e1.opensPast;
  if (!c) e.closes_on = e1.closesRequired;
  else if (!isLocalDate(c)) e.closes_on = e1.date;
  else if (c < today) e.closes_on = e1.closesPast;
  // No consultation can be edited once open: a mistyped year (2036 for 2026) would keep it open, and
  // its 采纳情况 unpublishable, for a decade.
  else if (c > addDays(today, MAX_AHEAD_DAYS)) e.closes_on = e1.closesTooFar;
  if (!e.opens_on && !e.closes_on && c < o) e.closes_on = e1.order;
  if (!e.opens_on && !e.closes_on && periodDays(o, c) < MIN_PERIOD_DAYS && !f.shortReason.trim()) e.short_reason = e1.shortReason;
  if (f.shortReason.trim().length > 500) e.short_reason = e1.tooLong(500);
  return e;
}

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/** Field errors of a public comment. */
export function checkComment(f: { name: string; contact: string; content: string }): Record<string, string> {
  const e: Record<string, string> = {};
  const content = f.content.trim();
  if (!content) e.content = ps.errors.contentRequired;
  else if (content.length > MAX_COMMENT) e.content = ps.errors.contentTooLong;
  if (f.name.trim().length > 30) e.name = ps.errors.nameTooLong;
  const contact = f.contact.trim().replace(/\s+/g, '');
  if (contact && (contact.length > 100 || !(PHONE.test(contact) || EMAIL.test(contact)))) e.contact = ps.errors.contact;
  return e;
}

/** Why a comment is refused today (empty when the consultation is open). */
export function commentRefusal(c: { opens_on: string; closes_on: string }, today: string): { code: 'consultation_not_open' | 'consultation_closed'; message: string } | null {
  const p = phaseOf(c, today);
  if (p === 'upcoming') return { code: 'consultation_not_open', message: ps.errors.notOpenYet(c.opens_on) };
  if (p === 'closed') return { code: 'consultation_closed', message: ps.errors.closed(c.closes_on) };
  return null;
}

/** Reasons the feedback report cannot be published yet (empty: it may). */
export function feedbackRefusals(c: { opens_on: string; closes_on: string; feedback_published_at: string | null }, today: string, comments: { state: string; adoption: string | null }[]): string[] {
  if (c.feedback_published_at) return [ps.errors.feedbackPublished];
  const out: string[] = [];
  if (phaseOf(c, today) !== 'closed') out.push(ps.errors.periodNotOver(c.closes_on));
  const pending = comments.filter((x) => x.state === 'pending').length;
  if (pending) out.push(ps.errors.pendingLeft(pending));
  const undecided = comments.filter((x) => x.state === 'published' && !x.adoption).length;
  if (undecided) out.push(ps.errors.undecidedLeft(undecided));
  return out;
}

/** Counts of the feedback report over published comments. */
export function adoptionCounts(comments: { state: string; adoption: string | null }[]): { total: number; adopted: number; partly: number; notAdopted: number } {
  const pub = comments.filter((x) => x.state === 'published');
  return { total: pub.length, adopted: pub.filter((x) => x.adoption === 'adopted').length, partly: pub.filter((x) => x.adoption === 'partly').length, notAdopted: pub.filter((x) => x.adoption === 'not_adopted').length };
}

/** A contact as staff see it: 138****5678, z***@example.com. */
export function maskContact(v: string | null): string {
  if (!v) return '';
  const t = v.trim();
  const at = t.indexOf('@');
  if (at > 0) return `${t[0]}***${t.slice(at)}`;
  return t.length >= 7 ? `${t.slice(0, 3)}****${t.slice(-4)}` : '****';
}
