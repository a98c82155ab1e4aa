import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodKey, periodsOf, rollUp, statisticsRows } from './statistics.ts';
import { dueSoonUntil, overdueReason, recordCsvRows } from './supervision.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';

const orgs = [
  { code: '130427', name: '磁县人民政府', path: '/13/1304/130427/' },
  { code: '130427-mzj', name: '磁县民政局', path: '/13/1304/130427/130427-mzj/' },
  { code: '130427100', name: '磁州镇人民政府', path: '/13/1304/130427/130427100/' },
  { code: '130427100001', name: '阜才社区', path: '/13/1304/130427/130427100/130427100001/' },
];

test('periods and period keys for year, quarter and month', () => {
  assert.deepEqual(periodsOf('quarter', 2026).map((p) => p.key), ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  assert.equal(periodsOf('month', 2026).length, 12);
  assert.deepEqual(periodsOf('year', 2026, [2026, 2025]).map((p) => p.label), ['2026年', '2025年']);
  assert.equal(periodKey('quarter', '2026-03'), '2026-Q1');
  assert.equal(periodKey('quarter', '2026-04'), '2026-Q2');
  assert.equal(periodKey('quarter', '2026-12'), '2026-Q4');
  assert.equal(periodKey('year', '2026-07'), '2026');
});

test('rollUp: a government counts its departments, townships and villages; own counts stay separate', () => {
  const counts = [
    { orgCode: '130427', bucket: '2026-01', n: 4 },
    { orgCode: '130427-mzj', bucket: '2026-02', n: 2 },
    { orgCode: '130427100', bucket: '2026-04', n: 1 },
    { orgCode: '130427100001', bucket: '2026-05', n: 3 },
    { orgCode: '130427100001', bucket: '2025-05', n: 9 }, // outside the periods: ignored
  ];
  const rows = rollUp(orgs, counts, 'quarter', periodsOf('quarter', 2026));
  const county = rows[0]!;
  assert.equal(county.code, '130427');
  assert.equal(county.depth, 0);
  assert.deepEqual(county.total, { '2026-Q1': 6, '2026-Q2': 4 });
  assert.equal(county.totalSum, 10);
  assert.equal(county.ownSum, 4);
  const town = rows.find((r) => r.code === '130427100')!;
  assert.equal(town.depth, 1);
  assert.equal(town.totalSum, 4);
  assert.equal(town.ownSum, 1);
  assert.equal(rows.find((r) => r.code === '130427100001')!.depth, 2);
  const csv = statisticsRows(rows, periodsOf('quarter', 2026));
  assert.deepEqual(csv[1], ['130427', '磁县人民政府', 6, 4, 0, 0, 10, 4]);
  assert.deepEqual(csv[3], ['130427100', '　磁州镇人民政府', 0, 4, 0, 0, 4, 1]);
});

test('due soon = 3 working days ahead on the 2026 calendar, 调休 included', () => {
  const cal = buildCalendar(readBundledCalendar().map((y) => y.year), readBundledCalendar().flatMap((y) => y.days));
  // [today, last day of the window]
  const cases: [string, string][] = [
    ['2026-03-02', '2026-03-05'], // Mon → Thu
    ['2026-03-06', '2026-03-11'], // Fri → Wed (weekend skipped)
    ['2026-09-30', '2026-10-10'], // Wed before 国庆: Oct 1–7 holiday … Oct 8 (Thu), Oct 9 (Fri), Oct 10 (Sat, makeup day)
    ['2026-09-18', '2026-09-22'], // Fri → Sun Sep 20 is a makeup working day (day 1), Mon 21, Tue 22
  ];
  for (const [today, until] of cases) assert.equal(dueSoonUntil(cal, today).until, until, today);
  assert.equal(dueSoonUntil(cal, '2026-03-02').provisional, false);
  assert.equal(dueSoonUntil(buildCalendar([], []), '2031-03-03').provisional, true);
});

test('overdue reasons and CSV rows', () => {
  const base = { indexNo: 'A/1', title: 't', orgName: 'o', state: 'draft', formedOn: '2026-02-01', dueOn: '2026-02-20', dueExplanation: '20个工作日', publishedOn: null, lateWorkingDays: null, expiresOn: null };
  assert.equal(overdueReason(base, '2026-03-02'), '应于2026-02-20前公开，尚未公开');
  assert.equal(overdueReason({ ...base, state: 'published', lateWorkingDays: 2, publishedOn: '2026-02-24' }, '2026-03-02'), '逾期2个工作日发布');
  const rows = recordCsvRows('overdue', [base], (s) => (s === 'draft' ? '草稿' : s), '2026-03-02');
  assert.deepEqual(rows[1], ['A/1', 't', 'o', '草稿', '2026-02-01', '2026-02-20', '20个工作日', '', '', '应于2026-02-20前公开，尚未公开']);
  assert.deepEqual(recordCsvRows('past_validity', [{ ...base, expiresOn: '2026-02-28' }], String, '2026-03-02')[0], ['索引号', '标题', '发布机构', '发布日期', '失效日期']);
});
