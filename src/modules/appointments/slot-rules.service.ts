// A venue's slot rules and exceptions (issue 22 §1): checking what staff typed (every problem by
// row), replacing the rules or exceptions in one audited transaction (all or nothing), the staff
// scope, the bookings a rule change left outside the rules (kept, never cancelled), and the next
// free slots shown on the venue and item pages, the kiosk and the window desk.
import type { Db } from '../../schema.ts';
import { platformView } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, isLocalDate, localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { identityService, type Actor, type Role } from '../identity/index.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import { APPOINTMENT_LIMITS, EXCEPTION_KINDS } from './vocabulary.ts';
import { formatClock, overlappingRules, parseClock, parseWeekday, slotsBetween, weekdaysText } from './slots.ts';
import { dayKindOf, freeSlots, instantAt, loadExceptions, loadRules, type FreeSlot } from './slots.repository.ts';
import {
  bookingsAhead, deleteException, exceptionsOf, findSlotVenue, itemRefs, putException, replaceExceptionsFrom, replaceRules, resolveOfferedItems, rulesOf,
  type AheadBooking, type SavedException, type SavedRule, type SlotVenue,
} from './slot-rules.repository.ts';
import { rulesStrings as s } from './rules.strings.ts';

/** Who sets a venue's slots (its organisation's administrators, supervisors and editors). */
export const SLOT_ROLES: readonly Role[] = ['admin', 'supervisor', 'editor'];
/** Who may read them (and the preview): also the venue's case handlers. */
export const SLOT_READ_ROLES: readonly Role[] = ['admin', 'supervisor', 'editor', 'case_handler'];
/** How far ahead an exception may be set (days). */
export const EXCEPTION_AHEAD_DAYS = 366;
export const NOTE_MAX = 100;

export interface RuleProblem { row: number; field: string; message: string }

/** One rule as typed (API body or form row). */
export interface RuleInput { item?: string | null; weekdays: readonly unknown[]; start: string; end: string; capacity: number | string }

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: RuleProblem[] };

const intOf = (v: number | string): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = v.trim();
  return /^-?\d{1,12}$/.test(t) ? Number(t) : null;
};

/** Checks every row (limits, times, weekdays, capacity, the item offered here, overlaps); all problems at once. */
export async function checkRules(db: Db, venue: SlotVenue, rows: readonly RuleInput[]): Promise<Checked<Omit<SavedRule, 'itemName'>[]>> {
  const problems: RuleProblem[] = [];
  if (rows.length > APPOINTMENT_LIMITS.rulesPerVenue) return { ok: false, problems: [{ row: APPOINTMENT_LIMITS.rulesPerVenue, field: 'rules', message: s.problems.tooMany(APPOINTMENT_LIMITS.rulesPerVenue) }] };
  const typedItems = rows.map((r) => (typeof r.item === 'string' ? r.item.trim() : ''));
  const offered = await resolveOfferedItems(db, venue.id, typedItems);
  const out: Omit<SavedRule, 'itemName'>[] = [];
  rows.forEach((r, row) => {
    const before = problems.length;
    const typed = typedItems[row]!;
    const item = typed ? offered.get(typed) : undefined;
    if (typed && !item) problems.push({ row, field: 'item', message: s.problems.item(typed) });
    const days = r.weekdays.map(parseWeekday);
    if (!days.length) problems.push({ row, field: 'weekdays', message: s.problems.noWeekday });
    else if (days.some((d) => d === null)) problems.push({ row, field: 'weekdays', message: s.problems.weekday });
    const startMin = typeof r.start === 'string' ? parseClock(r.start) : null;
    const endMin = typeof r.end === 'string' ? parseClock(r.end) : null;
    if (startMin === null || startMin >= 1440) problems.push({ row, field: 'start', message: s.problems.clock });
    if (endMin === null) problems.push({ row, field: 'end', message: s.problems.clock });
    else if (startMin !== null && startMin < 1440 && endMin <= startMin) problems.push({ row, field: 'end', message: s.problems.endBeforeStart });
    const capacity = intOf(r.capacity);
    if (capacity === null || !Number.isInteger(capacity) || capacity < 1 || capacity > APPOINTMENT_LIMITS.capacityMax) problems.push({ row, field: 'capacity', message: s.problems.capacity(APPOINTMENT_LIMITS.capacityMax) });
    if (problems.length === before) {
      out.push({ itemId: item?.id ?? null, itemPublicId: item?.publicId ?? null, weekdays: [...new Set(days as number[])].sort((a, b) => a - b), startMin: startMin!, endMin: endMin!, capacity: capacity! });
    } else out.push({ itemId: -1 - row, itemPublicId: null, weekdays: [], startMin: 0, endMin: 0, capacity: 0 }); // a placeholder: overlaps are checked among the good rows only
  });
  for (const [i, j] of overlappingRules(out)) {
    const o = out[j]!;
    problems.push({ row: i, field: 'start', message: s.problems.overlap(j + 1, `${weekdaysText(o.weekdays)} ${formatClock(o.startMin)}–${formatClock(o.endMin)}`) });
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };
  return { ok: true, value: out };
}

export interface Who { actor: Actor; requestId: string | null }

/** Replaces the venue's rules with `rules` (checked), audited, in one transaction; bookings are never touched. */
export async function saveRules(db: Db, clock: Clock, who: Who, venue: SlotVenue, rules: readonly Omit<SavedRule, 'itemName'>[]): Promise<SavedRule[]> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const before = await rulesOf(trx, venue.id);
    await replaceRules(trx, venue.id, rules, now.toISOString());
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: 'venue.slot_rules', entity: 'sm_venue', entityId: venue.publicId,
      before: before.map(ruleJson), after: rules.map((r) => ruleJson({ ...r, itemName: null })), requestId: who.requestId, orgCode: venue.orgCode,
    });
  });
  return rulesOf(db, venue.id);
}

/** A rule as the API answers it (public ids only). */
export function ruleJson(r: SavedRule) {
  return { item: r.itemPublicId, item_name: r.itemName, weekdays: r.weekdays, start: formatClock(r.startMin), end: formatClock(r.endMin), capacity: r.capacity };
}

/** One exception as typed. */
export interface ExceptionInput { day: string; kind: string; as_weekday?: unknown; note?: string | null }

/** Checks exceptions: a date from today to a year ahead, closed/open (code or label), the weekday whose rules an open day takes, a short note, each day once. */
export function checkExceptions(rows: readonly ExceptionInput[], today: LocalDate): Checked<SavedException[]> {
  const problems: RuleProblem[] = [];
  const out: SavedException[] = [];
  const seen = new Map<string, number>();
  const last = addDays(today, EXCEPTION_AHEAD_DAYS);
  rows.forEach((r, row) => {
    const before = problems.length;
    const day = typeof r.day === 'string' ? r.day.trim() : '';
    if (!isLocalDate(day)) problems.push({ row, field: 'day', message: s.problems.day });
    else if (day < today || day > last) problems.push({ row, field: 'day', message: s.problems.dayRange(today, last) });
    else if (seen.has(day)) problems.push({ row, field: 'day', message: s.problems.dayTwice(seen.get(day)! + 1) });
    else seen.set(day, row);
    const kind = parseEnum(EXCEPTION_KINDS, r.kind);
    if (!kind) problems.push({ row, field: 'kind', message: s.problems.kind });
    let asWeekday: number | null = null;
    const raw = r.as_weekday;
    if (kind === 'open' && raw !== undefined && raw !== null && raw !== '') {
      asWeekday = parseWeekday(raw);
      if (asWeekday === null) problems.push({ row, field: 'as_weekday', message: s.problems.weekday });
    }
    const note = typeof r.note === 'string' ? r.note.trim() : '';
    if (note.length > NOTE_MAX) problems.push({ row, field: 'note', message: s.problems.note(NOTE_MAX) });
    if (problems.length === before) out.push({ dayOn: day, kind: kind!, asWeekday, note });
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: out.sort((a, b) => (a.dayOn < b.dayOn ? -1 : 1)) };
}

/** Replaces the venue's exceptions from today on (earlier days are history and stay), audited. */
export async function saveExceptions(db: Db, clock: Clock, who: Who, venue: SlotVenue, list: readonly SavedException[], today: LocalDate): Promise<SavedException[]> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    const before = await exceptionsOf(trx, venue.id, today);
    await replaceExceptionsFrom(trx, venue.id, today, list, now.toISOString());
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: 'venue.slot_exceptions', entity: 'sm_venue', entityId: venue.publicId,
      before: before.map(exceptionJson), after: list.map(exceptionJson), requestId: who.requestId, orgCode: venue.orgCode,
    });
  });
  return exceptionsOf(db, venue.id, today);
}

export function exceptionJson(e: SavedException) {
  return { day: e.dayOn, kind: e.kind, as_weekday: e.kind === 'open' ? e.asWeekday : null, note: e.note };
}

/** The venue of a staff path in the caller's scope: unknown → 404, another unit's → 403 (as the channels settings). */
export async function staffVenue(db: Db, actor: Actor, publicId: string, roles: readonly Role[]): Promise<{ ok: true; venue: SlotVenue } | { ok: false; status: 403 | 404; code: string; message: string }> {
  const venue = await findSlotVenue(db, publicId);
  if (!venue) return { ok: false, status: 404, code: 'venue_not_found', message: s.errors.venueNotFound };
  const paths = await identityService.officeScopes(db, actor, roles);
  if (!paths.some((p) => venue.orgPath.startsWith(p))) return { ok: false, status: 403, code: 'forbidden', message: s.errors.forbidden };
  return { ok: true, venue };
}

/** The bookings still ahead that no current rule offers (a rule changed after they were made): listed, never cancelled. */
export async function bookingsOutsideRules(db: Db, venueId: number, now: Date): Promise<AheadBooking[]> {
  const ahead = await bookingsAhead(db, venueId, now.toISOString());
  if (!ahead.length) return [];
  const from = ahead[0]!.dayOn;
  const to = ahead[ahead.length - 1]!.dayOn;
  const [rules, exceptions, cal] = await Promise.all([loadRules(db, venueId), loadExceptions(db, venueId, from, to), loadCalendar(platformView(db))]);
  const offered = new Set(slotsBetween(rules, exceptions, dayKindOf(cal), from, to).map((x) => `${x.itemKey}|${instantAt(x.dayOn, x.startMin)}|${instantAt(x.dayOn, x.endMin)}`));
  return ahead.filter((b) => !offered.has(`${b.itemKey}|${b.startAt}|${b.endAt}`));
}

export interface NextSlot extends FreeSlot {
  /** The item of an item's own rule (null: a venue-wide slot, any item). */
  itemPublicId: string | null;
  itemName: string | null;
}

/**
 * The next `limit` slots with a place left at the venue (for `itemId`: its own rules and the
 * venue-wide ones), from `now` to the last day that can be booked (today + bookAheadDays, as the
 * booking itself allows). For the kiosk and window desk.
 */
export async function nextFreeSlots(db: Db, q: { venueId: number; itemId?: number | null; now: Date; limit?: number; calendar?: WorkingCalendar }): Promise<NextSlot[]> {
  const today = localDateOf(q.now);
  const limit = Math.max(1, Math.min(q.limit ?? APPOINTMENT_LIMITS.nextShown, 100));
  const slots = (await freeSlots(db, { venueId: q.venueId, itemId: q.itemId ?? null, from: today, to: addDays(today, APPOINTMENT_LIMITS.bookAheadDays), now: q.now, calendar: q.calendar }))
    .filter((x) => x.free > 0).slice(0, limit);
  const refs = await itemRefs(db, slots.map((x) => x.itemKey));
  return slots.map((x) => ({ ...x, itemPublicId: refs.get(x.itemKey)?.publicId ?? null, itemName: refs.get(x.itemKey)?.name ?? null }));
}

/** Sets one day's exception (the staff page), replacing that day's, audited. */
export async function putOneException(db: Db, clock: Clock, who: Who, venue: SlotVenue, e: SavedException): Promise<void> {
  const now = clock.now();
  await inTransaction(db, async (trx) => {
    await putException(trx, venue.id, e, now.toISOString());
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: 'venue.slot_exception', entity: 'sm_venue', entityId: venue.publicId,
      after: exceptionJson(e), requestId: who.requestId, orgCode: venue.orgCode,
    });
  });
}

/** Removes one day's exception (the staff page), audited; false when there was none. */
export async function removeOneException(db: Db, clock: Clock, who: Who, venue: SlotVenue, day: LocalDate): Promise<boolean> {
  const now = clock.now();
  return inTransaction(db, async (trx) => {
    const n = await deleteException(trx, venue.id, day);
    if (n) {
      await recordAudit(platformView(trx), now, {
        actorId: who.actor.userId, actorLabel: who.actor.username, action: 'venue.slot_exception_delete', entity: 'sm_venue', entityId: venue.publicId,
        before: { day }, requestId: who.requestId, orgCode: venue.orgCode,
      });
    }
    return n > 0;
  });
}
