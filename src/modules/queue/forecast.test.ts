// The waiting-time prediction (forecast.ts): table tests of its pieces on the real 2025/2026 State
// Council calendars, and a replay test — ~40 weeks of generated hourly history for four venues
// (seeded; weekday/hour pattern, drift, noise, the real holidays, a post-holiday surge, 调休 working
// Saturdays) walked forward day by day: each day is predicted from the rows before it and compared
// with what happened. The generator below shares no code or parameter with the model.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { statutoryHolidaysOf } from '../../platform/calendar/statutory-holidays.ts';
import { addDays, dayOfWeek, type LocalDate } from '../../platform/clock/local-date.ts';
import { dayKindOf } from '../appointments/index.ts';
import { crowdOf, dayTypeOf, forecastVenue, History, isDayOff, postHolidayIndex, predictDay, type HourlyRow } from './forecast.ts';

const years = readBundledCalendar();
const cal = buildCalendar(years.map((y) => y.year), years.flatMap((y) => y.days), statutoryHolidaysOf);
const kindOf = dayKindOf(cal);

describe('day types and post-holiday days on the real calendar', () => {
  const table: [LocalDate, string, boolean, number, string][] = [
    // date, day type, day off, post-holiday index, why
    ['2026-10-07', 'holiday', true, 0, '国庆 2026 last day'],
    ['2026-10-08', 'ordinary', false, 1, 'first working day after 国庆 2026 (Thursday)'],
    ['2026-10-09', 'ordinary', false, 2, 'second working day after 国庆 2026'],
    ['2026-10-10', 'makeup', false, 0, '调休 Saturday after 国庆 2026: third working day, not post-holiday'],
    ['2026-02-14', 'makeup', false, 0, '调休 Saturday before 春节 2026'],
    ['2026-02-23', 'holiday', true, 0, '春节 2026 last day'],
    ['2026-02-24', 'ordinary', false, 1, 'first working day after 春节 2026'],
    ['2026-02-25', 'ordinary', false, 2, 'second working day after 春节 2026'],
    ['2026-02-28', 'makeup', false, 0, '调休 Saturday after 春节 2026'],
    ['2026-09-20', 'makeup', false, 0, '调休 Sunday before 国庆 2026'],
    ['2026-09-28', 'ordinary', false, 1, 'after 中秋 2026 (Fri–Sun, 3 days off)'],
    ['2025-10-09', 'ordinary', false, 1, 'first working day after 国庆 2025 (10-01..08)'],
    ['2025-10-11', 'makeup', false, 0, '调休 Saturday, third working day after 国庆 2025'],
    ['2026-01-04', 'makeup', false, 1, '调休 Sunday right after 元旦 2026 (Thu–Sat off)'],
    ['2026-03-02', 'ordinary', false, 0, 'an ordinary Monday after an ordinary weekend (2 days off)'],
    ['2026-03-07', 'ordinary', true, 0, 'an ordinary Saturday'],
    ['2026-04-07', 'ordinary', false, 1, 'after 清明 2026 (Sat–Mon)'],
  ];
  for (const [date, type, off, idx, why] of table) {
    test(`${date}: ${why}`, () => {
      assert.equal(dayTypeOf(kindOf, date), type);
      assert.equal(isDayOff(kindOf, date), off);
      assert.equal(postHolidayIndex(kindOf, date), idx);
    });
  }
});

describe('crowd levels', () => {
  for (const [w, c] of [[0, 'quiet'], [9.9, 'quiet'], [10, 'moderate'], [24.9, 'moderate'], [25, 'busy'], [90, 'busy']] as const) {
    test(`${w} min → ${c}`, () => { assert.equal(crowdOf(w), c); });
  }
});

// ---------------------------------------------------------------- the generator (independent)
function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function gauss(r: () => number): number { return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()); }
function poisson(r: () => number, lambda: number): number {
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
  const l = Math.exp(-lambda);
  let k = 0; let p = 1;
  do { k++; p *= r(); } while (p > l);
  return k - 1;
}

// The generator's own view of the calendar: the bundled day list, read directly.
const special = new Map(years.flatMap((y) => y.days).map((d) => [d.date, d.kind]));
const openCal = (d: LocalDate) => special.get(d) === 'makeup_working_day' || (special.get(d) !== 'holiday' && dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5);
/** The generator's surge: days after a block of ≥ 3 closed days, by position. */
function surge(d: LocalDate): number {
  if (!openCal(d)) return 1;
  let p = 0; let x = addDays(d, -1);
  while (openCal(x)) { p++; x = addDays(x, -1); if (p > 3) return 1; }
  let closed = 0;
  while (!openCal(x) && closed < 30) { closed++; x = addDays(x, -1); }
  if (closed < 3) return 1;
  return p === 0 ? 1.75 : p === 1 ? 1.3 : 1;
}

interface VenueSpec { seed: number; level: number; servers: number; saturday: boolean }
const HOURS = [8, 9, 10, 11, 13, 14, 15, 16, 17];
function generate(spec: VenueSpec, from: LocalDate, to: LocalDate): HourlyRow[] {
  const r = mulberry(spec.seed);
  const shape = [0.35, 0.85, 1, 0.8, 0.45, 0.8, 0.75, 0.55, 0.25].map((x) => x * (0.85 + 0.3 * r()));
  const weekday = [0, 1.35, 1.1, 1, 1, 0.9, 0.6];
  const rows: HourlyRow[] = [];
  let week = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (dayOfWeek(d) === 1) week++;
    const makeup = special.get(d) === 'makeup_working_day';
    const satOpen = spec.saturday && dayOfWeek(d) === 6 && special.get(d) !== 'holiday';
    if (!openCal(d) && !satOpen) continue;
    const wd = makeup ? 1.2 : weekday[dayOfWeek(d)]!;
    const dayNoise = Math.exp(0.12 * gauss(r));
    const drift = 1 + 0.12 * Math.sin((2 * Math.PI * week) / 13);
    const capacity = spec.servers * 7; // numbers served per hour
    let backlog = 0;
    HOURS.forEach((hour, i) => {
      if (satOpen && !makeup && hour > 11) return;
      const lambda = spec.level * shape[i]! * wd * dayNoise * drift * surge(d);
      const issued = poisson(r, lambda);
      const load = (issued + backlog) / capacity;
      const wait = Math.max(1, 4 + 30 * load ** 2 + 2.5 * gauss(r));
      const called = Math.min(issued + backlog, capacity);
      backlog = Math.max(0, issued + backlog - called) * 0.5;
      rows.push({ dayOn: d, hour, issued, called, waitSumMin: Math.round(wait * called), maxWaiting: Math.round(issued * wait / 60 + backlog) });
    });
  }
  return rows;
}

// ---------------------------------------------------------------- the replay
test('replay: the model beats "same hour last week" by ≥ 10 % (wait and numbers issued)', () => {
  const venues: VenueSpec[] = [
    { seed: 11, level: 30, servers: 5, saturday: false },
    { seed: 22, level: 60, servers: 8, saturday: true },
    { seed: 33, level: 12, servers: 2, saturday: false },
    { seed: 44, level: 45, servers: 6, saturday: false },
  ];
  const from = '2025-06-09'; const evalFrom = '2025-09-01'; const to = '2026-03-15';
  const acc = { model: { wait: 0, issued: 0 }, naive: { wait: 0, issued: 0 }, n: 0, post: { model: 0, naive: 0, n: 0 } };
  for (const spec of venues) {
    const rows = generate(spec, from, to);
    const byDay = new Map<LocalDate, HourlyRow[]>();
    for (const row of rows) byDay.set(row.dayOn, [...byDay.get(row.dayOn) ?? [], row]);
    for (let d = evalFrom; d <= to; d = addDays(d, 1)) {
      const truth = byDay.get(d);
      if (!truth) continue;
      const h = new History(rows.filter((x) => x.dayOn < d));
      const pred = predictDay(h, kindOf, d);
      const predBy = new Map(pred.hours.map((x) => [x.hour, x]));
      // Naive: the same hour a week before (two weeks when last week was closed).
      const last = byDay.get(addDays(d, -7)) ?? byDay.get(addDays(d, -14)) ?? [];
      const lastBy = new Map(last.map((x) => [x.hour, x]));
      for (const t of truth) {
        const tw = t.called ? t.waitSumMin / t.called : 0;
        const m = predBy.get(t.hour);
        const l = lastBy.get(t.hour);
        const mw = m?.waitMinutes ?? 0; const mi = m?.issued ?? 0;
        const lw = l && l.called ? l.waitSumMin / l.called : 0; const li = l?.issued ?? 0;
        acc.model.wait += Math.abs(mw - tw); acc.model.issued += Math.abs(mi - t.issued);
        acc.naive.wait += Math.abs(lw - tw); acc.naive.issued += Math.abs(li - t.issued);
        acc.n++;
        if (pred.postHoliday) { acc.post.model += Math.abs(mw - tw); acc.post.naive += Math.abs(lw - tw); acc.post.n++; }
      }
    }
  }
  const mae = (x: number, n: number) => x / n;
  const r = {
    waitModel: mae(acc.model.wait, acc.n), waitNaive: mae(acc.naive.wait, acc.n),
    issuedModel: mae(acc.model.issued, acc.n), issuedNaive: mae(acc.naive.issued, acc.n),
    postModel: mae(acc.post.model, acc.post.n), postNaive: mae(acc.post.naive, acc.post.n),
  };
  const pct = (a: number, b: number) => `${Math.round((1 - a / b) * 100)} %`;
  console.log(`replay ${evalFrom}..${to}, ${venues.length} venues, ${acc.n} venue-hours:
  wait MAE     model ${r.waitModel.toFixed(2)} min   naive ${r.waitNaive.toFixed(2)} min   (${pct(r.waitModel, r.waitNaive)} better)
  issued MAE   model ${r.issuedModel.toFixed(2)}       naive ${r.issuedNaive.toFixed(2)}       (${pct(r.issuedModel, r.issuedNaive)} better)
  post-holiday wait MAE (${acc.post.n} venue-hours): model ${r.postModel.toFixed(2)}  naive ${r.postNaive.toFixed(2)}`);
  assert.ok(acc.n > 2000, `enough hours replayed (${acc.n})`);
  assert.ok(r.waitModel <= 0.9 * r.waitNaive, `wait: model ${r.waitModel} vs naive ${r.waitNaive}`);
  assert.ok(r.issuedModel <= 0.9 * r.issuedNaive, `issued: model ${r.issuedModel} vs naive ${r.issuedNaive}`);
  assert.ok(r.postModel < r.postNaive, 'post-holiday days: the model beats the naive baseline too');
});

test('forecastVenue: 7 days from today, holidays closed, makeup Saturday open, busiest hour, thin history refused', () => {
  const rows = generate({ seed: 5, level: 30, servers: 5, saturday: false }, '2025-12-01', '2026-02-28');
  // Tue 2026-02-10: the next 7 days hold the 调休 Saturday 02-14 and 春节 from 02-15.
  const f = forecastVenue(rows, kindOf, '2026-02-10');
  assert.equal(f.enough, true);
  assert.deepEqual(f.days.map((d) => d.dayOn), ['2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13', '2026-02-14', '2026-02-15', '2026-02-16']);
  assert.ok(f.days[0]!.hours.length >= 7, 'a Tuesday has its opening hours');
  assert.ok(f.days[4]!.hours.length >= 7, 'the 调休 Saturday is predicted like a weekday');
  assert.equal(f.days[5]!.hours.length, 0, '春节 Sunday: closed');
  assert.equal(f.days[6]!.hours.length, 0, '春节 Monday: closed');
  assert.equal(f.busiestHour, 10);
  // Rows of today and later are not read: the same forecast with them removed.
  assert.deepEqual(forecastVenue(rows.filter((x) => x.dayOn < '2026-02-10'), kindOf, '2026-02-10'), f);
  // Two weeks of data: not enough.
  const thin = forecastVenue(rows.filter((x) => x.dayOn >= '2026-01-26'), kindOf, '2026-02-10');
  assert.deepEqual(thin, { enough: false, days: [], busiestHour: null });
});

test('a post-holiday day is predicted busier than the same weekday before (learned factor)', () => {
  const rows = generate({ seed: 9, level: 40, servers: 6, saturday: false }, '2025-06-09', '2026-02-23');
  const h = new History(rows);
  const post = predictDay(h, kindOf, '2026-02-24');
  const normal = predictDay(h, kindOf, '2026-02-24', undefined, [{ issued: 1, wait: 1 }, { issued: 1, wait: 1 }]);
  assert.equal(post.postHoliday, 1);
  const sum = (d: typeof post) => d.hours.reduce((a, x) => a + x.issued, 0);
  assert.ok(sum(post) > 1.3 * sum(normal), `post ${sum(post)} vs normal ${sum(normal)}`);
});
