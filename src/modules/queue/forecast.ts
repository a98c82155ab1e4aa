// Pure: the waiting-time prediction of a venue (issue 22 §3) — for each of the next days and each
// hour the venue usually has people in it, the expected wait (minutes) and how many numbers are
// issued, from the venue's hourly figures (qu_hourly) and the working-day calendar. No I/O: the
// rows and the calendar's day classification are handed in.
//
// The model (docs/model/queue-forecast.md):
//   1. Day type. A statutory holiday predicts nothing (closed). A 调休 working day (makeup day, e.g.
//      Saturday 2026-02-14) is a working day whatever its weekday: it takes the pooled Monday–Friday
//      profile. Other days use their own weekday (a venue that never had people on Sundays predicts
//      nothing on Sundays).
//   2. Reference days: the same weekday (or, for a makeup day, any ordinary Monday–Friday) over the
//      last K weeks, leaving out holidays, makeup days and post-holiday days (they are not typical).
//   3. Open hours: an hour is predicted when people were there (issued > 0) on at least half the
//      reference days.
//   4. Level: a recency-weighted mean (weight DECAY^weeks ago) of the reference days' issued numbers
//      and of their waits (ratio of sums: Σ w·wait_sum / Σ w·called), shrunk towards the hour's
//      profile over every reference-class day of the whole window (shrinkage: few reference days →
//      closer to the profile).
//   5. Post-holiday factor: the first POST_DAYS working days after a run of ≥ LONG_BREAK days off
//      (a long holiday, weekends included) are busier. For each such day in the history the ratio
//      observed / the model's own prediction (from the days before it) is taken, per position (1st,
//      2nd working day); their geometric mean, shrunk towards 1 (n / (n + 1)) and clipped to
//      [FACTOR_MIN, FACTOR_MAX], multiplies the prediction. No such day seen: factor 1.
//   6. The venue's busiest hour (「通常在 10:00 最忙」): the hour with the highest mean issued over its
//      ordinary working days.
import { addDays, type LocalDate } from '../../platform/clock/local-date.ts';

/** How the calendar classifies a day (the appointments module's dayKindOf gives one). */
export type CalendarKind = 'weekday' | 'holiday' | 'makeup_working_day';
export type KindOf = (date: LocalDate) => CalendarKind;

/** One qu_hourly row (local day, hour 0–23). */
export interface HourlyRow {
  dayOn: LocalDate;
  hour: number;
  issued: number;
  called: number;
  waitSumMin: number;
  maxWaiting: number;
}

/** ordinary: its own weekday's pattern; makeup: a 调休 working day; holiday: closed; */
export type DayType = 'ordinary' | 'makeup' | 'holiday';

export interface ForecastConfig {
  /** Weeks of reference days for the weekday level (K). */
  refWeeks: number;
  /** Weeks of history read at most (profile, post-holiday days). */
  historyWeeks: number;
  /** Weight of a reference day one week older (recency). */
  decay: number;
  /** Shrinkage strength: the profile counts as this many reference days. */
  shrink: number;
  /** A run of at least this many consecutive days off is a long holiday. */
  longBreak: number;
  /** The first this many working days after a long holiday get the post-holiday factor. */
  postDays: number;
  factorMin: number;
  factorMax: number;
  /** Too little history below this many days between the first day with data and today. */
  minHistoryDays: number;
  /** … or below this many days with data. */
  minOpenDays: number;
}

export const DEFAULT_CONFIG: ForecastConfig = {
  refWeeks: 8, historyWeeks: 26, decay: 0.8, shrink: 1.5, longBreak: 3, postDays: 2, factorMin: 0.7, factorMax: 2.5, minHistoryDays: 21, minOpenDays: 10,
};

/** Crowd levels by the expected wait (minutes): below QUIET_BELOW 空闲, below BUSY_FROM 适中, else 繁忙. Data, not a rule of law. */
export const CROWD_THRESHOLDS = { quietBelow: 10, busyFrom: 25 } as const;
export type CrowdCode = 'quiet' | 'moderate' | 'busy';

export function crowdOf(waitMinutes: number): CrowdCode {
  if (waitMinutes < CROWD_THRESHOLDS.quietBelow) return 'quiet';
  if (waitMinutes < CROWD_THRESHOLDS.busyFrom) return 'moderate';
  return 'busy';
}

const DAY_MS = 86_400_000;

/**
 * The calendar as the model reads it: days as numbers (days since 1970-01-01), each day's kind,
 * day off and post-holiday position computed once (the forecast of one venue asks for the same days
 * many times).
 */
export class Days {
  private readonly strs = new Map<number, LocalDate>();
  private readonly types = new Map<number, DayType>();
  private readonly offs = new Map<number, boolean>();
  private readonly posts = new Map<number, number>();
  constructor(readonly kindOf: KindOf, readonly cfg: Pick<ForecastConfig, 'longBreak' | 'postDays'> = DEFAULT_CONFIG) {}
  num(date: LocalDate): number { return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS); }
  str(n: number): LocalDate {
    let d = this.strs.get(n);
    if (d === undefined) { d = new Date(n * DAY_MS).toISOString().slice(0, 10); this.strs.set(n, d); }
    return d;
  }
  /** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
  dow(n: number): number { return (((n + 4) % 7) + 7) % 7; }
  type(n: number): DayType {
    let t = this.types.get(n);
    if (t === undefined) {
      const k = this.kindOf(this.str(n));
      t = k === 'holiday' ? 'holiday' : k === 'makeup_working_day' ? 'makeup' : 'ordinary';
      this.types.set(n, t);
    }
    return t;
  }
  off(n: number): boolean {
    let o = this.offs.get(n);
    if (o === undefined) {
      const t = this.type(n);
      o = t === 'holiday' ? true : t === 'makeup' ? false : this.dow(n) === 0 || this.dow(n) === 6;
      this.offs.set(n, o);
    }
    return o;
  }
  post(n: number): number {
    let p = this.posts.get(n);
    if (p === undefined) { p = this.computePost(n); this.posts.set(n, p); }
    return p;
  }
  private computePost(n: number): number {
    if (this.off(n)) return 0;
    let d = n - 1;
    let working = 0;
    while (!this.off(d)) {
      working++;
      if (working >= this.cfg.postDays) return 0;
      d--;
    }
    let off = 0;
    while (this.off(d) && off < 60) { off++; d--; }
    return off >= this.cfg.longBreak ? working + 1 : 0;
  }
  /** A typical day of its weekday: not a holiday, not a makeup day, not post-holiday. */
  typical(n: number): boolean { return this.type(n) === 'ordinary' && this.post(n) === 0; }
}

export function dayTypeOf(kindOf: KindOf, date: LocalDate): DayType {
  const d = new Days(kindOf);
  return d.type(d.num(date));
}

/** A day off on the calendar: a holiday, or a Saturday/Sunday that is not a 调休 working day. */
export function isDayOff(kindOf: KindOf, date: LocalDate): boolean {
  const d = new Days(kindOf);
  return d.off(d.num(date));
}

/**
 * 1 for the first working day after a long holiday (≥ longBreak consecutive days off), 2 for the
 * second … up to postDays; 0 otherwise (and on a day off).
 */
export function postHolidayIndex(kindOf: KindOf, date: LocalDate, cfg: Pick<ForecastConfig, 'longBreak' | 'postDays'> = DEFAULT_CONFIG): number {
  const d = new Days(kindOf, cfg);
  return d.post(d.num(date));
}

export interface HourForecast {
  hour: number;
  /** Expected mean wait of a number called in that hour (minutes). */
  waitMinutes: number;
  /** Expected numbers issued in that hour. */
  issued: number;
  crowd: CrowdCode;
}

export interface DayForecast {
  dayOn: LocalDate;
  dayType: DayType;
  /** 1, 2 …: the n-th working day after a long holiday; 0 otherwise. */
  postHoliday: number;
  /** Empty: closed (holiday, or no hour the venue usually has people). */
  hours: HourForecast[];
}

export interface VenueForecast {
  /** False: too little history (「暂无足够数据」); days are empty then. */
  enough: boolean;
  days: DayForecast[];
  /** The hour with most people on ordinary working days, null without enough data. */
  busiestHour: number | null;
}

interface DayData { n: number; hours: Map<number, HourlyRow> }

/** The rows of one venue, indexed by day number (days with no row at all count as closed / no data). */
export class History {
  private readonly byDay = new Map<number, DayData>();
  readonly firstDay: number | null;
  constructor(rows: readonly HourlyRow[]) {
    let first: number | null = null;
    const nums = new Map<LocalDate, number>();
    for (const r of rows) {
      if (!(r.issued > 0 || r.called > 0)) continue;
      let n = nums.get(r.dayOn);
      if (n === undefined) { n = Math.round(Date.parse(`${r.dayOn}T00:00:00Z`) / DAY_MS); nums.set(r.dayOn, n); }
      let d = this.byDay.get(n);
      if (!d) { d = { n, hours: new Map() }; this.byDay.set(n, d); }
      d.hours.set(r.hour, r);
      if (first === null || n < first) first = n;
    }
    this.firstDay = first;
  }
  day(n: number): DayData | undefined { return this.byDay.get(n); }
  /** Days with data in [from, before). */
  openDaysBetween(from: number, before: number): number {
    let k = 0;
    for (const n of this.byDay.keys()) if (n >= from && n < before) k++;
    return k;
  }
}

interface RefDay { day: DayData; weight: number }

/** The reference days of day `n` within `weeks` weeks before it: same weekday, or Mon–Fri for a makeup day. */
function referenceDays(h: History, days: Days, n: number, weeks: number, cfg: ForecastConfig): RefDay[] {
  const makeup = days.type(n) === 'makeup';
  const out: RefDay[] = [];
  if (makeup) {
    for (let back = 1; back <= weeks * 7; back++) {
      const d = n - back;
      const dw = days.dow(d);
      if (dw === 0 || dw === 6) continue;
      const data = h.day(d);
      if (!data || !days.typical(d)) continue;
      out.push({ day: data, weight: cfg.decay ** Math.floor((back - 1) / 7) });
    }
    return out;
  }
  for (let w = 1; w <= weeks; w++) {
    const d = n - 7 * w;
    const data = h.day(d);
    if (!data || !days.typical(d)) continue;
    out.push({ day: data, weight: cfg.decay ** (w - 1) });
  }
  return out;
}

interface Estimate { issued: number; wait: number; share: number }

/** Weighted means per hour: issued (missing hour = 0), wait (ratio of sums), share of days with people. */
function estimates(refs: readonly RefDay[]): Map<number, Estimate & { weight: number }> {
  const acc = new Map<number, { iss: number; ws: number; wc: number; open: number }>();
  let total = 0;
  for (const r of refs) {
    total += r.weight;
    for (const [hour, row] of r.day.hours) {
      const a = acc.get(hour) ?? { iss: 0, ws: 0, wc: 0, open: 0 };
      a.iss += r.weight * row.issued;
      a.ws += r.weight * row.waitSumMin;
      a.wc += r.weight * row.called;
      if (row.issued > 0) a.open += r.weight;
      acc.set(hour, a);
    }
  }
  const out = new Map<number, Estimate & { weight: number }>();
  for (const [hour, a] of acc) out.set(hour, { issued: a.iss / total, wait: a.wc > 0 ? a.ws / a.wc : 0, share: a.open / total, weight: total });
  return out;
}

/** The base prediction of day `n` (no post-holiday factor): hour → estimate; null when closed. */
function baseDay(h: History, days: Days, n: number, cfg: ForecastConfig): Map<number, Estimate> | null {
  if (days.type(n) === 'holiday') return null;
  const near = referenceDays(h, days, n, cfg.refWeeks, cfg);
  if (!near.length) return null;
  const profile = estimates(referenceDays(h, days, n, cfg.historyWeeks, cfg).map((r) => ({ day: r.day, weight: 1 })));
  const local = estimates(near);
  const out = new Map<number, Estimate>();
  for (const [hour, l] of local) {
    if (l.share < 0.5) continue;
    const p = profile.get(hour) ?? l;
    const w = l.weight;
    const k = cfg.shrink;
    out.set(hour, { issued: (w * l.issued + k * p.issued) / (w + k), wait: (w * l.wait + k * p.wait) / (w + k), share: l.share });
  }
  return out.size ? out : null;
}

interface Factors { issued: number; wait: number }

/** The learned post-holiday factors per position (1 … postDays) from the post-holiday days before day `before`. */
function learnFactors(h: History, days: Days, before: number, cfg: ForecastConfig): Factors[] {
  const logs: { iss: number[]; wait: number[] }[] = Array.from({ length: cfg.postDays }, () => ({ iss: [], wait: [] }));
  for (let back = 1; back <= cfg.historyWeeks * 7; back++) {
    const d = before - back;
    const obs = h.day(d);
    if (!obs) continue;
    const idx = days.post(d);
    if (!idx) continue;
    const base = baseDay(h, days, d, cfg);
    if (!base) continue;
    let oi = 0; let pi = 0; let ows = 0; let owc = 0; let pw = 0; let pwn = 0;
    for (const [hour, e] of base) {
      const row = obs.hours.get(hour);
      oi += row?.issued ?? 0;
      pi += e.issued;
      if (row && row.called > 0) { ows += row.waitSumMin; owc += row.called; pw += e.wait * row.called; pwn += row.called; }
    }
    const slot = logs[idx - 1]!;
    if (oi > 0 && pi > 0) slot.iss.push(Math.log(oi / pi));
    if (owc > 0 && pw > 0) slot.wait.push(Math.log((ows / owc) / (pw / pwn)));
  }
  const factor = (xs: number[]) => {
    if (!xs.length) return 1;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.min(cfg.factorMax, Math.max(cfg.factorMin, Math.exp(mean * (xs.length / (xs.length + 1)))));
  };
  return logs.map((l) => ({ issued: factor(l.iss), wait: factor(l.wait) }));
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function predictNum(h: History, days: Days, n: number, cfg: ForecastConfig, factors: Factors[] | undefined): DayForecast {
  const dayType = days.type(n);
  const post = days.post(n);
  const dayOn = days.str(n);
  const base = baseDay(h, days, n, cfg);
  if (!base) return { dayOn, dayType, postHoliday: post, hours: [] };
  const f = post ? (factors ?? learnFactors(h, days, n, cfg))[post - 1] ?? { issued: 1, wait: 1 } : { issued: 1, wait: 1 };
  const hours = [...base.entries()].sort((a, b) => a[0] - b[0]).map(([hour, e]) => {
    const wait = round1(e.wait * f.wait);
    return { hour, waitMinutes: wait, issued: round1(e.issued * f.issued), crowd: crowdOf(wait) };
  });
  return { dayOn, dayType, postHoliday: post, hours };
}

/** The prediction of one day from the history before it (the factors may be passed to save work). */
export function predictDay(h: History, kindOf: KindOf, date: LocalDate, cfg: ForecastConfig = DEFAULT_CONFIG, factors?: Factors[]): DayForecast {
  const days = new Days(kindOf, cfg);
  return predictNum(h, days, days.num(date), cfg, factors);
}

function busiestNum(h: History, days: Days, before: number, cfg: ForecastConfig): number | null {
  const sums = new Map<number, number>();
  for (let back = 1; back <= cfg.historyWeeks * 7; back++) {
    const d = before - back;
    const data = h.day(d);
    if (!data) continue;
    const wd = days.dow(d);
    if (wd === 0 || wd === 6 || !days.typical(d)) continue;
    for (const [hour, row] of data.hours) sums.set(hour, (sums.get(hour) ?? 0) + row.issued);
  }
  let best: number | null = null;
  let bestSum = 0;
  for (const [hour, sum] of [...sums.entries()].sort((a, b) => a[0] - b[0])) if (sum > bestSum) { best = hour; bestSum = sum; }
  return best;
}

/** The busiest hour of ordinary Monday–Friday days before `before` (highest mean issued); null without data. */
export function busiestHour(h: History, kindOf: KindOf, before: LocalDate, cfg: ForecastConfig = DEFAULT_CONFIG): number | null {
  const days = new Days(kindOf, cfg);
  return busiestNum(h, days, days.num(before), cfg);
}

function enoughNum(h: History, today: number, cfg: ForecastConfig): boolean {
  if (h.firstDay === null || h.firstDay > today - cfg.minHistoryDays) return false;
  return h.openDaysBetween(today - cfg.historyWeeks * 7, today) >= cfg.minOpenDays;
}

/**
 * The forecast of `count` days from `today` (today included), from the rows before `today` (rows of
 * today and later are ignored: the day in progress is incomplete).
 */
export function forecastVenue(rows: readonly HourlyRow[], kindOf: KindOf, today: LocalDate, count = 7, cfg: ForecastConfig = DEFAULT_CONFIG): VenueForecast {
  const h = new History(rows.filter((r) => r.dayOn < today));
  const days = new Days(kindOf, cfg);
  const t = days.num(today);
  if (!enoughNum(h, t, cfg)) return { enough: false, days: [], busiestHour: null };
  // Post-holiday factors learned from the days before today (the same for every day ahead).
  const factors = learnFactors(h, days, t, cfg);
  const out: DayForecast[] = [];
  for (let i = 0; i < count; i++) out.push(predictNum(h, days, t + i, cfg, factors));
  return { enough: true, days: out, busiestHour: busiestNum(h, days, t, cfg) };
}

/** The earliest day whose rows the forecast of `today` reads. */
export function historyFrom(today: LocalDate, cfg: ForecastConfig = DEFAULT_CONFIG): LocalDate {
  return addDays(today, -cfg.historyWeeks * 7 - 7);
}
