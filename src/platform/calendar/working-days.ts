// Pure: working-day arithmetic over a calendar of statutory holidays and 调休 make-up working days.
//
// 《全国年节及纪念日放假办法》(2024-11-10 修订) and the State Council's yearly notices decide which
// days are off. A working day is a Monday–Friday that is not a statutory holiday, or a Saturday/
// Sunday that a notice makes a working day (调休上班). Deadlines such as 《政府信息公开条例》第三十三条
// 「自收到申请之日起20个工作日内」 are counted on these days.
//
// Start-day convention: 《民法典》第二百零一条 — for periods counted in days, the first day is not
// counted — so by default the day of the triggering event is day 0 and counting starts the next
// day. Whether the disclosure regulations follow this is UNCONFIRMED (regulations.md §1.6), so it
// is an option (`countStartDay`). Art. 203 (a period ending on a holiday ends on the next working
// day) holds by construction, because only working days are counted.
//
// A computation that needs a year with no loaded data never guesses: it throws
// MissingCalendarYearError naming the year, or — when the caller passes `provisional: true` —
// counts that year on weekends and the statutory holidays of 《全国年节及纪念日放假办法》第二条 (元旦,
// 春节, 清明, 劳动节, 端午, 中秋, 国庆; no 调休 is assumed, since only the notice decides it) and marks
// the result provisional. The statutory days are computed outside this pure file
// (statutory-holidays.ts, lunar calendar) and reach it inside the WorkingCalendar.
import { addDays, dayOfWeek, isWeekend, yearOf, type LocalDate } from '../clock/local-date.ts';

export type CalendarDayKind = 'holiday' | 'makeup_working_day';

export interface CalendarDay {
  date: LocalDate;
  kind: CalendarDayKind;
  name: string;
}

/** The statutory days off of a year (《全国年节及纪念日放假办法》第二条), keyed by date. */
export type StatutoryHolidaysOf = (year: number) => ReadonlyMap<LocalDate, CalendarDay>;

/** An immutable view of the loaded calendar. Build it with `buildCalendar`. */
export interface WorkingCalendar {
  readonly loadedYears: ReadonlySet<number>;
  readonly days: ReadonlyMap<LocalDate, CalendarDay>;
  /** Days off in years without loaded data; without it such years count weekends only. */
  readonly statutoryHolidays?: StatutoryHolidaysOf;
}

export class MissingCalendarYearError extends Error {
  readonly code = 'calendar_year_missing';
  constructor(readonly year: number) {
    super(`工作日历缺少 ${year} 年的节假日数据，无法计算工作日；请管理员在“工作日历”中录入 ${year} 年国务院办公厅节假日安排`);
  }
}

/**
 * Builds a calendar from the loaded years and their special days; `statutoryHolidays` (see
 * statutory-holidays.ts) gives the days off of the years not loaded.
 */
export function buildCalendar(loadedYears: Iterable<number>, days: Iterable<CalendarDay>, statutoryHolidays?: StatutoryHolidaysOf): WorkingCalendar {
  const map = new Map<LocalDate, CalendarDay>();
  for (const d of days) map.set(d.date, d);
  return { loadedYears: new Set(loadedYears), days: map, ...(statutoryHolidays ? { statutoryHolidays } : {}) };
}

export interface CountOptions {
  /** Treat years without data as weekends-only and mark the result provisional instead of throwing. */
  provisional?: boolean;
  /** Count the start day itself as day 1 when it is a working day (default false: day 0). */
  countStartDay?: boolean;
}

interface DayVerdict {
  working: boolean;
  provisional: boolean;
  special?: CalendarDay;
}

function judge(cal: WorkingCalendar, date: LocalDate, provisional: boolean): DayVerdict {
  const year = yearOf(date);
  if (!cal.loadedYears.has(year)) {
    if (!provisional) throw new MissingCalendarYearError(year);
    const statutory = cal.statutoryHolidays?.(year).get(date);
    if (statutory) return { working: false, provisional: true, special: statutory };
    return { working: !isWeekend(date), provisional: true };
  }
  const special = cal.days.get(date);
  if (special) return { working: special.kind === 'makeup_working_day', provisional: false, special };
  return { working: !isWeekend(date), provisional: false };
}

/**
 * Is `date` a working day?
 * @throws MissingCalendarYearError when the year has no data.
 */
export function isWorkingDay(cal: WorkingCalendar, date: LocalDate): boolean {
  return judge(cal, date, false).working;
}

export interface WorkingDaysResult {
  /** The last day of the period (the due date). */
  date: LocalDate;
  /** True when part of the count fell in a year with no holiday data (weekends and statutory holidays only were skipped). */
  provisional: boolean;
  /** Years counted without their notice (weekends and, when the calendar knows them, statutory holidays). */
  provisionalYears: number[];
  /** Holidays skipped (statutory days off that fell on weekdays or weekends inside a break). */
  holidaysSkipped: CalendarDay[];
  /** 调休 Saturdays/Sundays that were counted as working days. */
  makeupDaysCounted: CalendarDay[];
  /** Ordinary Saturdays and Sundays skipped. */
  weekendDaysSkipped: number;
  /** A readable Chinese explanation of the computation. */
  explanation: string;
}

/**
 * The date `n` working days after `start` (the due date of an n-working-day period).
 * By default `start` is day 0; with `countStartDay` a working `start` is day 1.
 * `n` = 0 returns `start` itself.
 * @throws MissingCalendarYearError unless `provisional` is set.
 */
export function addWorkingDays(cal: WorkingCalendar, start: LocalDate, n: number, options: CountOptions = {}): WorkingDaysResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数必须是非负整数：${n}`);
  const provisional = options.provisional ?? false;
  const holidaysSkipped: CalendarDay[] = [];
  const makeupDaysCounted: CalendarDay[] = [];
  const provisionalYears = new Set<number>();
  let weekendDaysSkipped = 0;
  let counted = 0;
  let date = start;

  const visit = (d: LocalDate): boolean => {
    const v = judge(cal, d, provisional);
    if (v.provisional) provisionalYears.add(yearOf(d));
    if (v.working) {
      if (v.special) makeupDaysCounted.push(v.special);
    } else if (v.special) {
      holidaysSkipped.push(v.special);
    } else {
      weekendDaysSkipped++;
    }
    return v.working;
  };

  if (n > 0 && options.countStartDay && visit(start)) counted = 1;
  while (counted < n) {
    date = addDays(date, 1);
    if (visit(date)) counted++;
  }

  const result = {
    date,
    provisional: provisionalYears.size > 0,
    provisionalYears: [...provisionalYears].sort(),
    holidaysSkipped,
    makeupDaysCounted,
    weekendDaysSkipped,
  };
  return { ...result, explanation: explain(start, n, options, result, !!cal.statutoryHolidays) };
}

function explain(
  start: LocalDate,
  n: number,
  options: CountOptions,
  r: Omit<WorkingDaysResult, 'explanation'>,
  statutoryKnown: boolean,
): string {
  const parts = [
    `自 ${start}（${options.countStartDay ? '当日计入' : '当日不计入'}）起算 ${n} 个工作日，截止 ${r.date}`,
  ];
  const skipped: string[] = [];
  if (r.weekendDaysSkipped) skipped.push(`周末 ${r.weekendDaysSkipped} 天`);
  if (r.holidaysSkipped.length) skipped.push(`法定节假日 ${r.holidaysSkipped.length} 天（${groupByName(r.holidaysSkipped)}）`);
  if (skipped.length) parts.push(`跳过${skipped.join('、')}`);
  if (r.makeupDaysCounted.length) {
    parts.push(`调休上班日 ${r.makeupDaysCounted.map((d) => d.date).join('、')} 计为工作日`);
  }
  if (r.provisional) {
    const basis = statutoryKnown ? '按周末和《全国年节及纪念日放假办法》规定的法定节假日计算（调休尚未公布，未计入）' : '仅按周末计算';
    parts.push(`${r.provisionalYears.join('、')} 年节假日安排尚未录入，该年${basis}，结果为暂定，录入后将重新计算`);
  }
  return parts.join('；') + '。';
}

function groupByName(days: CalendarDay[]): string {
  const groups: { name: string; first: LocalDate; last: LocalDate }[] = [];
  for (const d of days) {
    const g = groups[groups.length - 1];
    if (g && g.name === d.name && addDays(g.last, 1) === d.date) g.last = d.date;
    else groups.push({ name: d.name, first: d.date, last: d.date });
  }
  return groups.map((g) => (g.first === g.last ? `${g.name} ${g.first}` : `${g.name} ${g.first} 至 ${g.last}`)).join('，');
}

/**
 * The number of working days after `from` up to and including `to` (negative when `to` is
 * earlier). Used for "published N working days late": workingDaysBetween(due, publishedOn).
 * @throws MissingCalendarYearError unless `provisional` is set.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: LocalDate, to: LocalDate, options: Pick<CountOptions, 'provisional'> = {}): number {
  if (from === to) return 0;
  const sign = to > from ? 1 : -1;
  const [lo, hi] = sign === 1 ? [from, to] : [to, from];
  let count = 0;
  for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) {
    if (judge(cal, d, options.provisional ?? false).working) count++;
  }
  return sign * count;
}

/** Validation for a special day entered by an administrator; returns reasons, empty when valid. */
export function validateCalendarDay(day: CalendarDay): string[] {
  const reasons: string[] = [];
  if (day.kind === 'makeup_working_day' && !isWeekend(day.date)) {
    reasons.push(`${day.date} 是${['周日', '周一', '周二', '周三', '周四', '周五', '周六'][dayOfWeek(day.date)]}，调休上班日只能是周六或周日`);
  }
  if (!day.name.trim()) reasons.push('请填写节日名称');
  if (day.name.length > 40) reasons.push('节日名称不能超过 40 个字');
  return reasons;
}
