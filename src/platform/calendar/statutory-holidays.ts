// The statutory holidays (法定节假日) fixed by 《全国年节及纪念日放假办法》第二条 for one year — the days
// off that hold in every year whatever the State Council's yearly notice (国务院办公厅节假日安排通知)
// adds by 调休. Used for two things:
//   1. a year with no loaded notice still skips these days (the result stays provisional: 调休 is
//      unknown, so none is assumed; nor is the 补假 that 第六条 requires on a working day for a
//      statutory day on a weekend, whose date only the notice sets — left out, a 补假 can only make
//      the provisional due date earlier than the final one, never later) — `statutoryHolidaysOf`
//      is handed to `buildCalendar`;
//   2. a year loaded from a notice must contain every one of them as a day off
//      (`missingStatutoryHolidays`), or it is refused.
//
// Not a pure rule file: the lunar dates (除夕, 正月初一–初三, 端午 = 五月初五, 中秋 = 八月十五) and the
// solar term 清明 are computed with the maintained `tyme4ts` calendar library, not hand-kept tables.
// working-days.ts stays pure and receives the computed days inside the WorkingCalendar.
//
// Which days are statutory depends on the year: the revision in force on 1 January of that year
// (regulations.md §8.1; full text of the 2024 revision in LawRefBook/Laws,
// 行政法规/全国年节及纪念日放假办法(2024-11-10).md).
import { LunarDay, SolarDay, SolarTerm } from 'tyme4ts';
import type { LocalDate } from '../clock/local-date.ts';
import type { CalendarDay, StatutoryHolidaysOf } from './working-days.ts';

export interface StatutoryHoliday {
  date: LocalDate;
  /** The festival as the yearly data names it (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节). */
  name: string;
  /** The festival and the day, for messages: 「春节·除夕」, 「劳动节·5月2日」. */
  label: string;
}

interface Revision {
  /** First calendar year the revision governs. */
  from: number;
  citation: string;
  /** 春节: whether 除夕 is a day off, and how many days from 正月初一. */
  springEve: boolean;
  springFromNewYear: number;
  /** 劳动节: days from 1 May. */
  labourDays: number;
  /** 清明节, 端午节, 中秋节 (one day each) — statutory since the 2007 revision. */
  traditional: boolean;
}

// Newest first. 第二条 of each revision:
const REVISIONS: readonly Revision[] = [
  // 2024-11-10 第四次修订 (in force 2025-01-01): 元旦 1; 春节 4 (农历除夕、正月初一至初三); 清明 1;
  // 劳动节 2 (5月1日、2日); 端午 1; 中秋 1; 国庆 3 (10月1日至3日) — 13 days.
  { from: 2025, citation: '《全国年节及纪念日放假办法》（2024年11月10日第四次修订）第二条', springEve: true, springFromNewYear: 3, labourDays: 2, traditional: true },
  // 2013-12-11 第三次修订 (in force 2014-01-01): 春节 3 (正月初一、初二、初三); 劳动节 1 — 11 days.
  { from: 2014, citation: '《全国年节及纪念日放假办法》（2013年12月11日第三次修订）第二条', springEve: false, springFromNewYear: 3, labourDays: 1, traditional: true },
  // 2007-12-14 第二次修订 (in force 2008-01-01): 春节 3 (农历除夕、正月初一、初二); 劳动节 1 — 11 days.
  { from: 2008, citation: '《全国年节及纪念日放假办法》（2007年12月14日第二次修订）第二条', springEve: true, springFromNewYear: 2, labourDays: 1, traditional: true },
  // 1999-09-18 第一次修订: 元旦 1; 春节 3 (正月初一至初三); 劳动节 3 (5月1日至3日); 国庆 3 — 10 days.
  { from: 2000, citation: '《全国年节及纪念日放假办法》（1999年9月18日第一次修订）第二条', springEve: false, springFromNewYear: 3, labourDays: 3, traditional: false },
];

const LUNAR_DAY_NAMES = ['正月初一', '正月初二', '正月初三'];

function revisionFor(year: number): Revision | null {
  return REVISIONS.find((r) => year >= r.from) ?? null;
}

/** The citation of the revision that governs `year`, or null before 2000. */
export function statutoryCitation(year: number): string | null {
  return revisionFor(year)?.citation ?? null;
}

const iso = (d: SolarDay): LocalDate =>
  `${String(d.getYear()).padStart(4, '0')}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;

/**
 * The statutory days off of `year` in date order, one entry per date (when 中秋 falls on 1–3 October
 * the day carries both names). Empty before 2000.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const rev = revisionFor(year);
  if (!rev) return [];
  const days: StatutoryHoliday[] = [];
  const add = (d: SolarDay, name: string, label: string) => days.push({ date: iso(d), name, label });
  const ymd = (m: number, d: number) => SolarDay.fromYmd(year, m, d);

  add(ymd(1, 1), '元旦', '元旦');
  // 正月初一 of the lunar year that starts in this calendar year (always 21 Jan – 20 Feb, so 除夕,
  // the day before — 腊月廿九 or 三十 — is in the same calendar year).
  const newYear = LunarDay.fromYmd(year, 1, 1).getSolarDay();
  if (rev.springEve) add(newYear.next(-1), '春节', '春节·除夕');
  for (let i = 0; i < rev.springFromNewYear; i++) add(newYear.next(i), '春节', `春节·${LUNAR_DAY_NAMES[i]}`);
  if (rev.traditional) add(SolarTerm.fromName(year, '清明').getSolarDay(), '清明节', '清明节');
  for (let i = 1; i <= rev.labourDays; i++) add(ymd(5, i), '劳动节', `劳动节·5月${i}日`);
  if (rev.traditional) {
    add(LunarDay.fromYmd(year, 5, 5).getSolarDay(), '端午节', '端午节');
    add(LunarDay.fromYmd(year, 8, 15).getSolarDay(), '中秋节', '中秋节');
  }
  for (let i = 1; i <= 3; i++) add(ymd(10, i), '国庆节', `国庆节·10月${i}日`);

  const byDate = new Map<LocalDate, StatutoryHoliday>();
  for (const d of days) {
    const seen = byDate.get(d.date);
    byDate.set(d.date, seen ? { date: d.date, name: `${seen.name}、${d.name}`, label: `${seen.label}、${d.label}` } : d);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

const cache = new Map<number, ReadonlyMap<LocalDate, CalendarDay>>();

/**
 * The statutory days of `year` as calendar holidays, for `buildCalendar` (memoised: the dates of a
 * year never change).
 */
export const statutoryHolidaysOf: StatutoryHolidaysOf = (year) => {
  let days = cache.get(year);
  if (!days) {
    days = new Map(statutoryHolidays(year).map((d) => [d.date, { date: d.date, kind: 'holiday' as const, name: d.name }]));
    cache.set(year, days);
  }
  return days;
};

/**
 * The statutory holidays a year's data lacks as days off (absent, or entered as 调休上班), in date
 * order; empty when the year is complete.
 */
export function missingStatutoryHolidays(data: { year: number; days: readonly CalendarDay[] }): StatutoryHoliday[] {
  const off = new Set(data.days.filter((d) => d.kind === 'holiday').map((d) => d.date));
  return statutoryHolidays(data.year).filter((d) => !off.has(d.date));
}

/** 「缺少法定节假日：2027-02-05（春节·除夕）、2027-02-06（春节·正月初一）」 with the governing revision. */
export function missingStatutoryMessage(year: number, missing: readonly StatutoryHoliday[]): string {
  return `缺少法定节假日：${missing.map((d) => `${d.date}（${d.label}）`).join('、')}。${year} 年适用${statutoryCitation(year) ?? ''}，这些日期必须录入为“放假”`;
}
