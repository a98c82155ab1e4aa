// Pure: a venue's bookable slots on given days, from its weekly rules, the working-day calendar and
// its own exceptions. A holiday has no slots; a 调休 working day on a weekend takes Monday's rules
// (as a venue's opening hours do: service-map/opening-hours.ts, holiday rule "statutory"); an
// ordinary day takes its weekday's rules; a venue's exception wins over both ("closed", or "open"
// with the rules of the weekday it names). A year the calendar does not know is taken at its
// weekdays (the caller says so: DayKindOf returns "weekday").
import { addDays, dayOfWeek, type LocalDate } from '../../platform/clock/local-date.ts';
import { defineEnum, parseEnum } from '../../platform/web/enums.ts';
import { rulesStrings } from './rules.strings.ts';

const rs = rulesStrings;

export type DayKind = 'weekday' | 'holiday' | 'makeup_working_day';
export type DayKindOf = (date: LocalDate) => DayKind;

export interface SlotRule {
  /** ap_slot_rule.id (null for a rule not saved yet). */
  id: number | null;
  /** The item the rule is for (sm_item.id), null: any item of the venue. */
  itemId: number | null;
  /** 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  /** Minutes of the local day (Asia/Shanghai). */
  startMin: number;
  endMin: number;
  capacity: number;
}

export interface SlotException { dayOn: LocalDate; kind: 'closed' | 'open'; asWeekday: number | null }

/** One slot of one day, before counting bookings. */
export interface Slot {
  dayOn: LocalDate;
  startMin: number;
  endMin: number;
  /** ap_slot_load.item_key: the rule's item id, 0 = any item. */
  itemKey: number;
  capacity: number;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const d = dayOfWeek(date);
  return d === 0 ? 7 : d;
}

/** The weekday whose rules apply on `date`, or null when no slot is offered that day. */
export function rulesWeekday(date: LocalDate, kind: DayKind, exception: SlotException | undefined): number | null {
  if (exception) return exception.kind === 'closed' ? null : exception.asWeekday ?? isoWeekday(date);
  if (kind === 'holiday') return null;
  const wd = isoWeekday(date);
  if (kind === 'makeup_working_day' && wd >= 6) return 1;
  return wd;
}

/** The slots of each day from `from` to `to` (inclusive), in time order; `itemId` keeps the rules for that item and the venue-wide ones. */
export function slotsBetween(rules: readonly SlotRule[], exceptions: readonly SlotException[], kindOf: DayKindOf, from: LocalDate, to: LocalDate, itemId: number | null = null): Slot[] {
  const byDay = new Map(exceptions.map((e) => [e.dayOn, e]));
  const wanted = rules.filter((r) => itemId === null ? true : r.itemId === null || r.itemId === itemId);
  const out: Slot[] = [];
  for (let day = from, guard = 0; day <= to && guard < 400; day = addDays(day, 1), guard++) {
    const wd = rulesWeekday(day, kindOf(day), byDay.get(day));
    if (wd === null) continue;
    for (const r of wanted) {
      if (!r.weekdays.includes(wd)) continue;
      out.push({ dayOn: day, startMin: r.startMin, endMin: r.endMin, itemKey: r.itemId ?? 0, capacity: r.capacity });
    }
  }
  return out.sort((a, b) => (a.dayOn < b.dayOn ? -1 : a.dayOn > b.dayOn ? 1 : a.startMin - b.startMin || a.itemKey - b.itemKey));
}

/** "09:00" → 540; null when not HH:MM within the day (24:00 allowed as an end). */
export function parseClock(text: string): number | null {
  const m = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

export function formatClock(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** Checks one rule as typed: the problems in Chinese (rules.strings.ts), empty when it is fine. */
export function ruleProblems(r: { weekdays: readonly number[]; startMin: number | null; endMin: number | null; capacity: number }, capacityMax: number): string[] {
  const p: string[] = [];
  if (!r.weekdays.length || r.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) p.push(rs.rule.weekdays);
  if (r.startMin === null) p.push(rs.rule.start);
  if (r.endMin === null) p.push(rs.rule.end);
  if (r.startMin !== null && r.endMin !== null && r.endMin <= r.startMin) p.push(rs.rule.endAfterStart);
  if (!Number.isInteger(r.capacity) || r.capacity < 1 || r.capacity > capacityMax) p.push(rs.rule.capacity(capacityMax));
  return p;
}

/** The days of the week as the API and forms take them: the number (1 = Monday … 7 = Sunday) or 周一…周日. */
const WD = rs.weekdayLabels;
export const WEEKDAYS = defineEnum([
  { code: '1', label: WD[0] }, { code: '2', label: WD[1] }, { code: '3', label: WD[2] }, { code: '4', label: WD[3] },
  { code: '5', label: WD[4] }, { code: '6', label: WD[5] }, { code: '7', label: WD[6] },
] as const, rs.weekdayAliases);

/** One weekday as typed (1–7 as a number or text, or 周一…), else null. */
export function parseWeekday(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 7 ? v : null;
  const code = parseEnum(WEEKDAYS, v);
  return code === null ? null : Number(code);
}

/** Whether two rules could give the same person two slots at once: the same item (or both venue-wide), a common weekday and overlapping times. */
export function rulesOverlap(a: Pick<SlotRule, 'itemId' | 'weekdays' | 'startMin' | 'endMin'>, b: Pick<SlotRule, 'itemId' | 'weekdays' | 'startMin' | 'endMin'>): boolean {
  if ((a.itemId ?? 0) !== (b.itemId ?? 0)) return false;
  if (!a.weekdays.some((d) => b.weekdays.includes(d))) return false;
  return a.startMin < b.endMin && b.startMin < a.endMin;
}

/** For each rule that overlaps an earlier one: [its index, the earlier one's index]. */
export function overlappingRules(rules: readonly Pick<SlotRule, 'itemId' | 'weekdays' | 'startMin' | 'endMin'>[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < rules.length; i++) {
    for (let j = 0; j < i; j++) if (rulesOverlap(rules[i]!, rules[j]!)) { out.push([i, j]); break; }
  }
  return out;
}

/** "周一至周五" for 1–5, "周一、周三" otherwise. */
export function weekdaysText(days: readonly number[]): string {
  const d = [...new Set(days)].sort((a, b) => a - b);
  const name = (n: number) => WEEKDAYS.values[n - 1]?.label ?? String(n);
  if (d.length >= 3 && d.every((x, i) => i === 0 || x === d[i - 1]! + 1)) return rs.dayRange(name(d[0]!), name(d[d.length - 1]!));
  return d.map(name).join(rs.daySeparator);
}
