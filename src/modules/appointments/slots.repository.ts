// Shell: a venue's slots with how many places are left — the weekly rules and exceptions of
// ap_slot_rule / ap_slot_exception laid on the working-day calendar (slots.ts), less the places
// counted in ap_slot_load. Read by the booking (to check a slot exists before taking a place), the
// slot API, and the pages that show the next free slots (item, venue, kiosk, window desk).
import type { Db } from '../../schema.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import { platformView } from '../../schema.ts';
import { yearOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { slotsBetween, type DayKindOf, type SlotException, type SlotRule } from './slots.ts';

/** How the calendar classifies a day (holiday / 调休 working day / ordinary); a year not loaded knows its statutory holidays only. */
export function dayKindOf(cal: WorkingCalendar): DayKindOf {
  return (date) => {
    const special = cal.days.get(date);
    if (special) return special.kind === 'holiday' ? 'holiday' : 'makeup_working_day';
    if (!cal.loadedYears.has(yearOf(date)) && cal.statutoryHolidays?.(yearOf(date)).get(date)) return 'holiday';
    return 'weekday';
  };
}

/** One ap_slot_rule row as a rule (numbers coerced: a joined read may bring them as text or bigint). */
export function ruleOf(r: { id: number; item_id: number | null; weekdays: string; start_min: number; end_min: number; capacity: number }): SlotRule {
  return { id: Number(r.id), itemId: r.item_id === null ? null : Number(r.item_id), weekdays: r.weekdays.split(',').filter(Boolean).map(Number), startMin: Number(r.start_min), endMin: Number(r.end_min), capacity: Number(r.capacity) };
}

export async function loadRules(db: Db, venueId: number): Promise<SlotRule[]> {
  const rows = await db.selectFrom('ap_slot_rule').selectAll().where('venue_id', '=', venueId).orderBy('position').execute();
  return rows.map(ruleOf);
}

export async function loadExceptions(db: Db, venueId: number, from: LocalDate, to: LocalDate): Promise<SlotException[]> {
  const rows = await db.selectFrom('ap_slot_exception').select(['day_on', 'kind', 'as_weekday']).where('venue_id', '=', venueId).where('day_on', '>=', from).where('day_on', '<=', to).execute();
  return rows.map((r) => ({ dayOn: r.day_on, kind: r.kind === 'open' ? 'open' : 'closed', asWeekday: r.as_weekday }));
}

export interface FreeSlot {
  /** ISO instants. */
  start: string;
  end: string;
  dayOn: LocalDate;
  startMin: number;
  endMin: number;
  /** The rule's item id, 0 = any item of the venue. */
  itemKey: number;
  capacity: number;
  booked: number;
  free: number;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export function instantAt(date: LocalDate, minute: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000 - SHANGHAI_OFFSET_MS).toISOString();
}

/**
 * The slots of `venueId` from `from` to `to` (local dates, inclusive) for `itemId` (its own rules
 * and the venue-wide ones; null: all rules), with the places left. Slots that have started
 * (before `now`) are left out. `calendar` may be passed to save a read.
 */
export async function freeSlots(db: Db, q: { venueId: number; itemId: number | null; from: LocalDate; to: LocalDate; now: Date; calendar?: WorkingCalendar }): Promise<FreeSlot[]> {
  // The rules first: most venues have none, and then nothing else is read (the venue page's budget).
  const rules = await loadRules(db, q.venueId);
  if (!rules.length) return [];
  const [exceptions, cal] = await Promise.all([
    loadExceptions(db, q.venueId, q.from, q.to), q.calendar ? Promise.resolve(q.calendar) : loadCalendar(platformView(db)),
  ]);
  const nowIso = q.now.toISOString();
  const slots = slotsBetween(rules, exceptions, dayKindOf(cal), q.from, q.to, q.itemId).map((s) => ({ ...s, start: instantAt(s.dayOn, s.startMin), end: instantAt(s.dayOn, s.endMin) })).filter((s) => s.start > nowIso);
  if (!slots.length) return [];
  const loads = await db.selectFrom('ap_slot_load').select(['item_key', 'start_at', 'booked']).where('venue_id', '=', q.venueId)
    .where('start_at', '>=', slots[0]!.start).where('start_at', '<=', slots[slots.length - 1]!.start).execute();
  const booked = new Map(loads.map((l) => [`${l.item_key}|${l.start_at}`, Number(l.booked)]));
  return slots.map((s) => {
    const b = booked.get(`${s.itemKey}|${s.start}`) ?? 0;
    return { start: s.start, end: s.end, dayOn: s.dayOn, startMin: s.startMin, endMin: s.endMin, itemKey: s.itemKey, capacity: s.capacity, booked: b, free: Math.max(0, s.capacity - b) };
  });
}
