// Pure: opening hours. A venue has weekly hours — per weekday, any number of periods
// ("09:00-12:00,13:30-17:30"; lunch breaks are the norm) — and a holiday rule that reads the
// working-day calendar (《全国年节及纪念日放假办法》 and the State Council's yearly notice, see
// platform/calendar/working-days.ts):
//   • 7×24 venues are always open, holidays included;
//   • `statutory` (the default): closed on statutory holidays (放假), and on a 调休 working
//     Saturday/Sunday (调休上班) open with its Monday hours;
//   • `own_hours`: weekly hours apply whatever the calendar says (e.g. a bank's self-service area).
// A year missing from the calendar never guesses silently: the weekly hours apply and the answer
// says the holiday data is missing (`calendarKnown: false`).
// Time zone: Asia/Shanghai (UTC+8, no daylight saving), like LocalDate.
import { addDays, dayOfWeek, type LocalDate } from '../../platform/clock/local-date.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { HolidayRule } from './service-map.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };

/** Minutes since local midnight, [from, to) with 0 ≤ from < to ≤ 1440. */
export interface Period { from: number; to: number }
export type WeeklyHours = Record<Weekday, Period[]>;

/** Minutes before closing that count as "closing soon". */
export const CLOSING_SOON_MINUTES = 30;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const PERIOD = /^(\d{1,2}):(\d{2})\s*[-–~—至到]\s*(\d{1,2}):(\d{2})$/;
const CLOSED_WORDS = new Set(['', '休息', '闭馆', '不开放', '休', 'closed', '-']);
const ALL_DAY_WORDS = new Set(['全天', '24小时', '7×24', '7x24', '00:00-24:00']);

function minutesOf(h: string, m: string): number | null {
  const hh = Number(h);
  const mm = Number(m);
  if (hh > 24 || mm > 59 || (hh === 24 && mm !== 0)) return null;
  return hh * 60 + mm;
}

export function formatMinutes(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/**
 * Parses one day's periods: "09:00-12:00,13:30-17:30" (also "，", "、", ";" or spaces between
 * periods; "" / 休息 = closed; 全天 = 00:00-24:00). Periods must be valid times, end after they
 * start, and not overlap; they come back sorted.
 */
export function parsePeriods(text: string): ParseResult<Period[]> {
  const t = text.trim();
  if (CLOSED_WORDS.has(t.toLowerCase())) return { ok: true, value: [] };
  if (ALL_DAY_WORDS.has(t)) return { ok: true, value: [{ from: 0, to: 1440 }] };
  const parts = t.split(/[,，、;；\s]+/).filter(Boolean);
  const out: Period[] = [];
  for (const part of parts) {
    const m = PERIOD.exec(part);
    if (!m) return { ok: false, error: `「${part}」不是有效的时段，应写成 09:00-12:00，多个时段用逗号分隔` };
    const from = minutesOf(m[1] as string, m[2] as string);
    const to = minutesOf(m[3] as string, m[4] as string);
    if (from === null || to === null || from >= 1440) {
      const bad = from === null || from >= 1440 ? `${m[1]}:${m[2]}` : `${m[3]}:${m[4]}`;
      return { ok: false, error: `「${part}」中的时间 ${bad} 无效：小时应为 00–23（结束时间可为 24:00），分钟应为 00–59` };
    }
    if (to <= from) return { ok: false, error: `「${part}」的结束时间必须晚于开始时间（跨零点请拆成两天填写）` };
    out.push({ from, to });
  }
  out.sort((a, b) => a.from - b.from);
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1] as Period;
    const cur = out[i] as Period;
    if (cur.from < prev.to) return { ok: false, error: `时段 ${formatMinutes(prev.from)}-${formatMinutes(prev.to)} 与 ${formatMinutes(cur.from)}-${formatMinutes(cur.to)} 重叠` };
  }
  return { ok: true, value: out };
}

export function formatPeriods(periods: readonly Period[]): string {
  return periods.map((p) => `${formatMinutes(p.from)}-${formatMinutes(p.to)}`).join(',');
}

/** Parses `{mon: "09:00-12:00,13:30-17:30", …, sun: ""}`; a missing day is closed. Errors name the day. */
export function parseWeeklyHours(input: Partial<Record<string, unknown>>): ParseResult<WeeklyHours> {
  const out = {} as WeeklyHours;
  const errors: string[] = [];
  for (const d of WEEKDAYS) {
    const raw = input[d];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') { errors.push(`${WEEKDAY_LABELS[d]}：应为文字，如 09:00-12:00`); continue; }
    const r = parsePeriods(raw ?? '');
    if (r.ok) out[d] = r.value;
    else errors.push(`${WEEKDAY_LABELS[d]}：${r.error}`);
  }
  const unknown = Object.keys(input).filter((k) => !(WEEKDAYS as readonly string[]).includes(k));
  if (unknown.length) errors.push(`未知的星期：${unknown.join('、')}（应为 mon tue wed thu fri sat sun）`);
  return errors.length ? { ok: false, error: errors.join('；') } : { ok: true, value: out };
}

export function weeklyToText(h: WeeklyHours): Record<Weekday, string> {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, formatPeriods(h[d])])) as Record<Weekday, string>;
}

export interface VenueHours {
  weekly: WeeklyHours;
  is24h: boolean;
  holidayRule: HolidayRule;
}

export type DayKind = 'weekday' | 'holiday' | 'makeup_working_day';

/** How the calendar classifies a day: holiday, 调休 working day, or ordinary. */
export interface DayInfo {
  date: LocalDate;
  kind: DayKind;
  /** The holiday's name (国庆节) for holidays and makeup days. */
  name: string | null;
  /** False when the calendar has no data for the year (weekly hours then apply). */
  calendarKnown: boolean;
}

export function dayInfo(cal: WorkingCalendar, date: LocalDate): DayInfo {
  const year = Number(date.slice(0, 4));
  if (!cal.loadedYears.has(year)) return { date, kind: 'weekday', name: null, calendarKnown: false };
  const special = cal.days.get(date);
  if (!special) return { date, kind: 'weekday', name: null, calendarKnown: true };
  return { date, kind: special.kind === 'holiday' ? 'holiday' : 'makeup_working_day', name: special.name, calendarKnown: true };
}

export function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAYS[(dayOfWeek(date) + 6) % 7] as Weekday;
}

const ALL_DAY: readonly Period[] = [{ from: 0, to: 1440 }];

/** The periods a venue is open on one day, and why. */
export function periodsOn(h: VenueHours, day: DayInfo): { periods: readonly Period[]; reason: 'always_open' | 'holiday_closed' | 'makeup_monday' | 'weekly' } {
  if (h.is24h) return { periods: ALL_DAY, reason: 'always_open' };
  if (h.holidayRule === 'statutory') {
    if (day.kind === 'holiday') return { periods: [], reason: 'holiday_closed' };
    const wd = weekdayOf(day.date);
    if (day.kind === 'makeup_working_day' && (wd === 'sat' || wd === 'sun')) return { periods: h.weekly.mon, reason: 'makeup_monday' };
  }
  return { periods: h.weekly[weekdayOf(day.date)], reason: 'weekly' };
}

export interface OpenStatus {
  openNow: boolean;
  /** When the current opening ends (ISO instant), null when closed or open for 7+ days on end. */
  closesAt: string | null;
  minutesToClose: number | null;
  closingSoon: boolean;
  /** The next opening (ISO instant) within 14 days when closed now; null if none. */
  opensAt: string | null;
  day: DayInfo;
  todayPeriods: readonly Period[];
  reason: 'always_open' | 'holiday_closed' | 'makeup_monday' | 'weekly';
}

const SHANGHAI_OFFSET_MIN = 8 * 60;

/** Local date and minute-of-day (Asia/Shanghai) of an instant. */
export function localParts(instant: Date): { date: LocalDate; minute: number } {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MIN * 60_000);
  return { date: shifted.toISOString().slice(0, 10), minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
}

/** The instant of a local date and minute (Asia/Shanghai), as ISO text. */
export function instantOf(date: LocalDate, minute: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (minute - SHANGHAI_OFFSET_MIN) * 60_000).toISOString();
}

export type DayInfoOf = (date: LocalDate) => DayInfo;

/** A per-call memo of dayInfo, so a query over thousands of venues asks the calendar once per day. */
export function dayInfoMemo(cal: WorkingCalendar): DayInfoOf {
  const memo = new Map<LocalDate, DayInfo>();
  return (date) => {
    let d = memo.get(date);
    if (!d) { d = dayInfo(cal, date); memo.set(date, d); }
    return d;
  };
}

/** Is the venue open at `instant`, until when, and (when closed) when does it open next? */
export function openStatus(h: VenueHours, info: DayInfoOf, instant: Date, soonMinutes = CLOSING_SOON_MINUTES): OpenStatus {
  const { date, minute } = localParts(instant);
  const today = info(date);
  const { periods, reason } = periodsOn(h, today);
  const current = periods.find((p) => p.from <= minute && minute < p.to);
  if (current) {
    // Follow an opening while the next period starts when this one ends — later the same day
    // ("09:00-12:00,12:00-17:00") or through midnight (…-24:00 then 00:00-…) — for up to 7 days.
    let endDate = date;
    let end = current.to;
    let dayPeriods = periods;
    let forever = false;
    for (let hops = 0; ;) {
      const adjoining = dayPeriods.find((p) => p.from === end);
      if (adjoining) { end = adjoining.to; continue; }
      if (end !== 1440) break;
      if (hops === 7) { forever = true; break; }
      hops++;
      const next = addDays(endDate, 1);
      const nextPeriods = periodsOn(h, info(next)).periods;
      const first = nextPeriods[0];
      if (!first || first.from !== 0) break;
      endDate = next;
      dayPeriods = nextPeriods;
      end = first.to;
    }
    const closesAtMs = forever ? null : Date.parse(instantOf(endDate, end));
    const minutesToClose = closesAtMs === null ? null : Math.max(0, Math.round((closesAtMs - instant.getTime()) / 60_000));
    return {
      openNow: true,
      closesAt: closesAtMs === null ? null : new Date(closesAtMs).toISOString(),
      minutesToClose,
      closingSoon: minutesToClose !== null && minutesToClose <= soonMinutes,
      opensAt: null, day: today, todayPeriods: periods, reason,
    };
  }
  let opensAt: string | null = null;
  const later = periods.find((p) => p.from > minute);
  if (later) opensAt = instantOf(date, later.from);
  else {
    for (let i = 1; i <= 14 && !opensAt; i++) {
      const d = addDays(date, i);
      const first = periodsOn(h, info(d)).periods[0];
      if (first) opensAt = instantOf(d, first.from);
    }
  }
  return { openNow: false, closesAt: null, minutesToClose: null, closingSoon: false, opensAt, day: today, todayPeriods: periods, reason };
}
