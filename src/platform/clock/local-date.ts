// Pure: LocalDate is a calendar day 'YYYY-MM-DD' (Asia/Shanghai for "today"); arithmetic is done
// in UTC so no daylight-saving or host time zone can shift a day.

/** A calendar day in ISO form, e.g. '2026-02-14'. */
export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function toUtc(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The day `n` calendar days after `date` (n may be negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return toUtc(date).getUTCDay();
}

export function isWeekend(date: LocalDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The calendar day of an instant in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
export function localDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An instant (ISO text) as people read it: Beijing time to the second, e.g. 「2026-12-05 14:03:09」. */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19).replace('T', ' ');
}

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** '2026-02-14（周六）' */
export function formatWithWeekday(date: LocalDate): string {
  return `${date}（${WEEKDAY_ZH[dayOfWeek(date)]}）`;
}

/** The first and last day of a month 'YYYY-MM' (the statistics of a month: 咨询登记, 政务公开专区 figures). */
export function monthBounds(month: string): { from: LocalDate; to: LocalDate } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
