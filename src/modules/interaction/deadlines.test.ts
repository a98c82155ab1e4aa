import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { computeDeadline, DEFAULT_DEADLINE_CLASSES, dueStatus, formatRate, monthRange, onTimeRates, onTimeStatus, parsePeriod, periodOf, UnknownDeadlineClassError } from './deadlines.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((y) => y.year), data.flatMap((y) => y.days));

const cases: { from: string; cls: string; extra?: number; due: string; why: string }[] = [
  { from: '2026-09-29', cls: 'simple', due: '2026-10-08', why: '国庆 10-01..07 skipped' },
  { from: '2026-09-30', cls: 'normal', due: '2026-10-13', why: 'Sat 10-10 is a 调休 working day' },
  { from: '2026-02-13', cls: 'simple', due: '2026-02-24', why: 'Sat 02-14 counts, 春节 02-15..23 skipped' },
  { from: '2025-09-26', cls: 'simple', due: '2025-09-29', why: 'Sun 2025-09-28 is a 调休 working day' },
  { from: '2025-09-30', cls: 'normal', due: '2025-10-14', why: '2025 国庆中秋 10-01..08, Sat 10-11 works' },
  { from: '2026-03-02', cls: 'complex', due: '2026-03-23', why: 'three plain weeks' },
  { from: '2025-12-30', cls: 'normal', due: '2026-01-07', why: '元旦 2026-01-01..03 off, Sun 01-04 works, across years' },
  { from: '2026-04-30', cls: 'simple', extra: 3, due: '2026-05-11', why: '劳动节 05-01..05 off, Sat 05-09 works; 2 + 3 extension days' },
];

for (const c of cases) {
  test(`${c.cls} from ${c.from}${c.extra ? ` +${c.extra}` : ''} is due ${c.due} (${c.why})`, () => {
    const d = computeDeadline(cal, DEFAULT_DEADLINE_CLASSES, c.cls, c.from, c.extra ?? 0);
    assert.equal(d.dueOn, c.due);
    assert.equal(d.provisional, false);
    assert.match(d.explanation, new RegExp(`截止 ${c.due}`));
  });
}

test('the explanation names the class, the extension and the 调休 day', () => {
  const d = computeDeadline(cal, DEFAULT_DEADLINE_CLASSES, 'normal', '2026-09-30', 0);
  assert.match(d.explanation, /^一般事项 5 个工作日：/);
  assert.match(d.explanation, /调休上班日 2026-10-10/);
  assert.match(computeDeadline(cal, DEFAULT_DEADLINE_CLASSES, 'simple', '2026-04-30', 3).explanation, /经批准延期 3 个工作日/);
});

test('class days are configuration: a 3-day 简易 class moves the date', () => {
  const classes = [{ code: 'simple', label: '简易', workingDays: 3 }];
  assert.equal(computeDeadline(cal, classes, 'simple', '2026-09-29').dueOn, '2026-10-09');
});

test('an unknown class is refused and a year without data is provisional', () => {
  assert.throws(() => computeDeadline(cal, DEFAULT_DEADLINE_CLASSES, 'urgent', '2026-03-02'), UnknownDeadlineClassError);
  const d = computeDeadline(cal, DEFAULT_DEADLINE_CLASSES, 'simple', '2027-12-30');
  assert.equal(d.provisional, true);
  assert.match(d.explanation, /暂定/);
});

test('due status: overdue, due soon, on track, closed', () => {
  assert.equal(dueStatus('2026-03-01', '2026-03-02', null, '2026-03-04'), 'overdue');
  assert.equal(dueStatus('2026-03-03', '2026-03-02', null, '2026-03-04'), 'due_soon');
  assert.equal(dueStatus('2026-03-10', '2026-03-02', null, '2026-03-04'), 'on_track');
  assert.equal(dueStatus('2026-03-01', '2026-03-02', '2026-03-01', '2026-03-04'), 'closed');
  assert.equal(dueStatus(null, '2026-03-02', null, '2026-03-04'), 'none');
});

test('按时办结率 = closed on time ÷ due in the period, per organisation (a past month: everything open is late)', () => {
  const records = [
    { org: 'a', originalDueOn: '2026-03-05', dueOn: '2026-03-05', closedOn: '2026-03-05' }, // on time (same day)
    { org: 'a', originalDueOn: '2026-03-10', dueOn: '2026-03-10', closedOn: '2026-03-11' }, // late
    { org: 'a', originalDueOn: '2026-03-20', dueOn: '2026-03-20', closedOn: null }, // due, still open on 04-15 → late
    { org: 'a', originalDueOn: '2026-04-02', dueOn: '2026-04-02', closedOn: '2026-03-12' }, // due next month → not counted
    { org: 'b', originalDueOn: '2026-03-27', dueOn: '2026-04-03', closedOn: '2026-04-01' }, // extended out of March
    { org: 'c', originalDueOn: null, dueOn: null, closedOn: null }, // rejected: no deadline
  ];
  const march = monthRange('2026-03')!;
  const asOf = '2026-04-15';
  assert.deepEqual(onTimeRates(records, march.from, march.to, { extensionsMoveDeadline: true }, asOf), [{ org: 'a', due: 3, onTime: 1, pending: 0, rate: 1 / 3 }]);
  // When extensions do not move the deadline, b is due in March and was closed late.
  assert.deepEqual(onTimeRates(records, march.from, march.to, { extensionsMoveDeadline: false }, asOf).find((r) => r.org === 'b'), { org: 'b', due: 1, onTime: 0, pending: 0, rate: 0 });
  // Counting by closure: a's item closed 03-12 but due in April counts in March (on time); b counts in April.
  assert.deepEqual(onTimeRates(records, march.from, march.to, { extensionsMoveDeadline: true, basis: 'closure' }, asOf), [{ org: 'a', due: 4, onTime: 2, pending: 0, rate: 0.5 }]);
  // The same month seen on 03-15: the item due 03-20 is not yet due, so it is pending, not missed.
  assert.deepEqual(onTimeRates(records, march.from, march.to, { extensionsMoveDeadline: true }, '2026-03-15'), [{ org: 'a', due: 2, onTime: 1, pending: 1, rate: 0.5 }]);
  assert.equal(formatRate(1 / 3), '33.3%');
  assert.equal(formatRate(null), '—');
});

// regulations.md §5.6: 按时办结率 = 应办结 closed on time ÷ 应办结 in the period (inferred). An open
// item is 应办结 only once its deadline (inclusive) has passed; the deadlines come from the real
// calendar, 调休 working days included.
const rateCases: { why: string; from: string; cls: string; extra?: number; due: string; closed: string | null; asOf: string; period: string; moves?: boolean; want: ReturnType<typeof onTimeStatus> }[] = [
  { why: 'open, deadline (10-13, Sat 10-10 调休 counted) not reached', from: '2026-09-30', cls: 'normal', due: '2026-10-13', closed: null, asOf: '2026-10-12', period: '2026-10', want: 'pending' },
  { why: 'open on its deadline day: may still close on time', from: '2026-09-30', cls: 'normal', due: '2026-10-13', closed: null, asOf: '2026-10-13', period: '2026-10', want: 'pending' },
  { why: 'open the day after the deadline: missed', from: '2026-09-30', cls: 'normal', due: '2026-10-13', closed: null, asOf: '2026-10-14', period: '2026-10', want: 'late' },
  { why: 'closed on the 调休 Saturday 10-10', from: '2026-09-30', cls: 'normal', due: '2026-10-13', closed: '2026-10-10', asOf: '2026-10-20', period: '2026-Q4', want: 'on_time' },
  { why: 'closed the day after the deadline', from: '2026-09-30', cls: 'normal', due: '2026-10-13', closed: '2026-10-14', asOf: '2026-10-20', period: '2026', want: 'late' },
  { why: '春节: due 02-24, closed that day, counted in February', from: '2026-02-13', cls: 'simple', due: '2026-02-24', closed: '2026-02-24', asOf: '2026-03-01', period: '2026-02', want: 'on_time' },
  { why: '春节: not counted in March (due in February)', from: '2026-02-13', cls: 'simple', due: '2026-02-24', closed: '2026-02-24', asOf: '2026-03-01', period: '2026-03', want: 'outside' },
  { why: '2025 国庆 (Sat 10-11 调休): open long after, late in 2025-Q4', from: '2025-09-30', cls: 'normal', due: '2025-10-14', closed: null, asOf: '2025-12-05', period: '2025-Q4', want: 'late' },
  { why: '2025 国庆: not due in September', from: '2025-09-30', cls: 'normal', due: '2025-10-14', closed: null, asOf: '2025-12-05', period: '2025-09', want: 'outside' },
  { why: '磁县行政审批局 demo case: complex from 11-13 + 5 days extension, due 12-11, on 12-05', from: '2026-11-13', cls: 'complex', extra: 5, due: '2026-12-11', closed: null, asOf: '2026-12-05', period: '2026-12', want: 'pending' },
  { why: 'same, extensions not moving the deadline: the original 12-04 has passed', from: '2026-11-13', cls: 'complex', extra: 5, due: '2026-12-11', closed: null, asOf: '2026-12-05', period: '2026-12', moves: false, want: 'late' },
  { why: '元旦 2026: received 2025-12-30, due 2026-01-07, open on 01-06', from: '2025-12-30', cls: 'normal', due: '2026-01-07', closed: null, asOf: '2026-01-06', period: '2026-01', want: 'pending' },
];

for (const c of rateCases) {
  test(`按时办结率 counts ${c.from} ${c.cls} in ${c.period} as of ${c.asOf} as ${c.want} (${c.why})`, () => {
    const original = computeDeadline(cal, DEFAULT_DEADLINE_CLASSES, c.cls, c.from).dueOn;
    const due = computeDeadline(cal, DEFAULT_DEADLINE_CLASSES, c.cls, c.from, c.extra ?? 0).dueOn;
    assert.equal(due, c.due);
    const p = parsePeriod(c.period)!;
    assert.equal(onTimeStatus({ originalDueOn: original, dueOn: due, closedOn: c.closed }, p.from, p.to, c.asOf, { extensionsMoveDeadline: c.moves ?? true }), c.want);
  });
}

test('statistics periods: month, quarter and year; anything else is refused', () => {
  const cases: [string, ReturnType<typeof parsePeriod>][] = [
    ['2026-12', { kind: 'month', key: '2026-12', label: '2026年12月', from: '2026-12-01', to: '2026-12-31' }],
    ['2026-Q4', { kind: 'quarter', key: '2026-Q4', label: '2026年第四季度', from: '2026-10-01', to: '2026-12-31' }],
    ['2028-q1', { kind: 'quarter', key: '2028-Q1', label: '2028年第一季度', from: '2028-01-01', to: '2028-03-31' }],
    ['2025', { kind: 'year', key: '2025', label: '2025年', from: '2025-01-01', to: '2025-12-31' }],
    [' 2026-02 ', { kind: 'month', key: '2026-02', label: '2026年2月', from: '2026-02-01', to: '2026-02-28' }],
  ];
  for (const [v, want] of cases) assert.deepEqual(parsePeriod(v), want, v);
  for (const bad of ['2026-13', '2026-Q5', '2026-Q0', '26', '2026-1', '2026/12', '', '2026-12-01']) assert.equal(parsePeriod(bad), null, bad);
  assert.deepEqual([periodOf('month', '2026-12-05'), periodOf('quarter', '2026-12-05'), periodOf('quarter', '2026-01-01'), periodOf('year', '2026-12-05')], ['2026-12', '2026-Q4', '2026-Q1', '2026']);
});

test('month ranges, including February and bad input', () => {
  assert.deepEqual(monthRange('2026-02'), { from: '2026-02-01', to: '2026-02-28' });
  assert.deepEqual(monthRange('2028-02'), { from: '2028-02-01', to: '2028-02-29' });
  assert.equal(monthRange('2026-13'), null);
  assert.equal(monthRange('x'), null);
});
