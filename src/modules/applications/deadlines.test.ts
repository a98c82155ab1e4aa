// Table-driven tests of the statutory clock on the bundled 2025/2026 calendars (调休 included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar, isWorkingDay, workingDaysBetween } from '../../platform/calendar/working-days.ts';
import { statutoryHolidaysOf } from '../../platform/calendar/statutory-holidays.ts';
import { addDays } from '../../platform/clock/local-date.ts';
import {
  computeDue, consultationAnswerDue, correctionNoticeDue, DEFAULT_CLOCK_RULES, feeForNthRequest, feeForPages, feePaymentDue, type Pause,
} from './deadlines.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days));
const due = (start: string, extensionDays = 0, pauses: Pause[] = [], rules = DEFAULT_CLOCK_RULES) =>
  computeDue(cal, { start, startReason: '收到申请之日', extensionDays, pauses }, rules);

const cases: { name: string; start: string; ext?: number; pauses?: Pause[]; dueOn: string | null; daysLeft?: number; mentions?: RegExp[] }[] = [
  { name: '2026 国庆/中秋: makeup Sun 09-20 and Sat 10-10 count, 09-25..27 and 10-01..07 skipped', start: '2026-09-18', dueOn: '2026-10-22',
    mentions: [/调休上班日 2026-09-20、2026-10-10 计为工作日/, /国庆节 2026-10-01 至 2026-10-07/, /中秋节 2026-09-25 至 2026-09-27/] },
  { name: '2026 春节: makeup 02-14 and 02-28, 02-15..23 off', start: '2026-02-09', dueOn: '2026-03-13', mentions: [/春节 2026-02-15 至 2026-02-23/] },
  { name: '2025 春节 with makeup 01-26 and 02-08', start: '2025-01-20', dueOn: '2025-02-21' },
  { name: '2025 国庆中秋 (10-01..08 off, 09-28 and 10-11 makeup)', start: '2025-09-26', dueOn: '2025-10-30' },
  { name: 'ordinary month, no holidays', start: '2026-03-02', dueOn: '2026-03-30' },
  { name: 'extension of 20 working days (Art. 33 para 2)', start: '2026-09-18', ext: 20, dueOn: '2026-11-19', mentions: [/另延长 20 个工作日/] },
  { name: 'consultation pause 09-22..10-13 resumes with 17 days left (Art. 33 para 3)', start: '2026-09-18',
    pauses: [{ from: '2026-09-22', to: '2026-10-13', label: '征求第三方意见' }], dueOn: '2026-11-05', mentions: [/恢复时尚余 17 个工作日/, /跳过 10 个工作日/] },
  { name: 'open consultation stops the clock', start: '2026-09-18', pauses: [{ from: '2026-09-22', to: null, label: '征求第三方意见' }], dueOn: null, daysLeft: 17 },
  { name: 'consultation plus extension', start: '2026-09-18', ext: 10, pauses: [{ from: '2026-09-22', to: '2026-10-13', label: '征求' }], dueOn: '2026-11-19' },
  { name: 'two consultations in a row', start: '2026-03-02',
    pauses: [{ from: '2026-03-04', to: '2026-03-10', label: '征求A' }, { from: '2026-03-16', to: '2026-03-18', label: '征求B' }], dueOn: '2026-04-08' },
  { name: 'pause after the period ran out changes nothing', start: '2026-03-02', pauses: [{ from: '2026-04-01', to: '2026-04-10', label: '征求' }], dueOn: '2026-03-30' },
  { name: 'restart after correction on 2026-09-30 (Art. 30) crosses 国庆', start: '2026-09-30', dueOn: '2026-11-03' },
];

for (const c of cases) {
  test(`due: ${c.name}`, () => {
    const r = due(c.start, c.ext ?? 0, c.pauses ?? []);
    assert.equal(r.dueOn, c.dueOn, r.explanation);
    if (c.daysLeft !== undefined) assert.equal(r.daysLeft, c.daysLeft);
    assert.equal(r.provisional, false);
    for (const m of c.mentions ?? []) assert.match(r.explanation, m);
  });
}

test('a year without holiday data counts weekends and the statutory holidays, provisional, with the reason', () => {
  // 《全国年节及纪念日放假办法》第二条: 2027-01-01 (元旦, Friday) is off before the 2027 notice is loaded
  const r = computeDue(buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days), statutoryHolidaysOf), { start: '2026-12-10', startReason: '收到申请之日', extensionDays: 0, pauses: [] });
  assert.equal(r.dueOn, '2027-01-08');
  assert.equal(r.provisional, true);
  assert.match(r.provisionalReason, /2027 年节假日安排尚未录入.*按周末和法定节假日计算/);
  assert.match(r.explanation, /暂定/);
});

test('count-start-day option counts the receipt day itself', () => {
  assert.equal(due('2026-03-02', 0, [], { ...DEFAULT_CLOCK_RULES, countStartDay: true }).dueOn, '2026-03-27');
});

test('correction notice due 7 working days after receipt (Art. 30), across 国庆 2026', () => {
  // 09-29, 09-30, 10-08, 10-09, 10-10 (Sat, 调休上班), 10-12, 10-13
  assert.equal(correctionNoticeDue(cal, '2026-09-28'), '2026-10-13');
});

test('consultation answer due 15 working days after the letter (Arts. 32, 34)', () => {
  assert.equal(consultationAnswerDue(cal, '2026-09-22'), '2026-10-20');
});

test('with countStartDay set, the correction-notice and consultation periods count the start day like the reply period', () => {
  const rules = { ...DEFAULT_CLOCK_RULES, countStartDay: true };
  assert.equal(correctionNoticeDue(cal, '2026-03-02'), '2026-03-11');
  assert.equal(correctionNoticeDue(cal, '2026-03-02', rules), '2026-03-10');
  assert.equal(due('2026-03-02', 0, [], rules).dueOn, '2026-03-27', 'the reply period with the same setting');
  assert.equal(consultationAnswerDue(cal, '2026-09-22', rules), '2026-10-19');
  assert.equal(feePaymentDue(cal, '2026-03-02', rules), '2026-03-30', 'the fee period runs from the day after the notice in any case');
});

test('fee payment due 20 working days after the notice', () => {
  assert.equal(feePaymentDue(cal, '2026-03-02'), '2026-03-30');
});

test('fees per 国办函〔2020〕109号: by count per calendar month', () => {
  const table: [number, number][] = [[1, 0], [10, 0], [11, 100], [30, 100], [31, 200], [40, 200], [41, 300], [50, 300], [51, 400]];
  for (const [nth, fee] of table) assert.equal(feeForNthRequest(nth), fee, `第 ${nth} 件`);
  assert.throws(() => feeForNthRequest(0), RangeError);
});

test('fees per 国办函〔2020〕109号: by pages, progressive on the excess', () => {
  const table: [number, number][] = [[0, 0], [30, 0], [31, 10], [100, 700], [101, 720], [200, 2700], [201, 2740], [250, 4700]];
  for (const [pages, fee] of table) assert.equal(feeForPages(pages), fee, `${pages} 页`);
});

test('property: due is a working day and never earlier than receipt + 20 working days (random receipts 2025–2026)', () => {
  let seed = 20260918;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 300; i++) {
    const start = addDays('2025-01-01', rnd(700));
    const ext = rnd(3) === 0 ? 1 + rnd(20) : 0;
    const pauses: Pause[] = [];
    if (rnd(2) === 0) { const from = addDays(start, rnd(20)); pauses.push({ from, to: addDays(from, rnd(30)), label: '征求' }); }
    const r = due(start, ext, pauses);
    assert.ok(r.dueOn, `${start}`);
    if (!r.provisional) assert.ok(isWorkingDay(cal, r.dueOn!), `${start} → ${r.dueOn} is not a working day`);
    assert.ok(workingDaysBetween(cal, start, r.dueOn!, { provisional: true }) >= 20 + ext, `${start} → ${r.dueOn} is too early`);
  }
});
