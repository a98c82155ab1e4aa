// 办理情况统计 by source and period (pure): received counts what arrived in the period, 按时办结率
// what was due in it (regulations.md §5.6), 12345 orders and messages separately and together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePeriod } from './deadlines.ts';
import { aggregate, sourceIn, type StatRecord } from './statistics.ts';

const rec = (o: Partial<StatRecord> & Pick<StatRecord, 'org' | 'source' | 'receivedOn'>): StatRecord => ({
  name: o.org, assignedOn: null, repliedOn: null, closedOn: null, dueOn: null, originalDueOn: null, rated: true, ...o,
});

// 2026-12-05 (Sat) is "today"; December 2026.
const records: StatRecord[] = [
  rec({ org: 'xzspj', source: 'web', receivedOn: '2026-11-13', assignedOn: '2026-11-14', originalDueOn: '2026-12-04', dueOn: '2026-12-11' }), // extended, not yet due
  rec({ org: 'gov', source: 'hotline', receivedOn: '2026-11-29', originalDueOn: '2026-12-02', dueOn: '2026-12-02' }), // 12345, overdue
  rec({ org: 'gov', source: 'hotline', receivedOn: '2026-12-01', originalDueOn: '2026-12-03', dueOn: '2026-12-03', closedOn: '2026-12-03' }), // 12345, on time
  rec({ org: 'gov', source: 'web', receivedOn: '2026-12-02', originalDueOn: '2026-12-09', dueOn: '2026-12-09' }), // not yet due
  rec({ org: 'gov', source: 'kiosk', receivedOn: '2026-12-01', originalDueOn: '2026-12-04', dueOn: '2026-12-04', closedOn: '2026-12-04', assignedOn: '2026-12-01', repliedOn: '2026-12-03' }), // on time
  rec({ org: 'gov', source: 'web', receivedOn: '2026-12-03', rated: false, originalDueOn: '2026-12-04', dueOn: null }), // rejected: received, never due
];
const dec = parsePeriod('2026-12')!;
const opts = { extensionsMoveDeadline: true };

test('sources: hotline is 12345 only, messages every other channel, all both', () => {
  assert.deepEqual(['hotline', 'web', 'kiosk', 'open311', 'api'].map((x) => [sourceIn('hotline', x), sourceIn('messages', x), sourceIn('all', x)]),
    [[true, false, true], [false, true, true], [false, true, true], [false, true, true], [false, true, true]]);
});

const table: { kind: 'all' | 'hotline' | 'messages'; received: number; due: number; onTime: number; pending: number; rate: number | null }[] = [
  { kind: 'all', received: 4, due: 3, onTime: 2, pending: 2, rate: 2 / 3 },
  { kind: 'hotline', received: 1, due: 2, onTime: 1, pending: 0, rate: 0.5 },
  { kind: 'messages', received: 3, due: 1, onTime: 1, pending: 2, rate: 1 },
];
for (const c of table) {
  test(`December 2026 as of 12-05, ${c.kind}: received ${c.received}, 应办结 ${c.due}, 按期 ${c.onTime}, 未到期 ${c.pending}`, () => {
    const { total } = aggregate(records, dec, c.kind, opts, '2026-12-05');
    assert.deepEqual({ received: total.received, due: total.due, onTime: total.onTime, pending: total.pending, rate: total.rate }, { received: c.received, due: c.due, onTime: c.onTime, pending: c.pending, rate: c.rate });
  });
}

test('a unit with only a not-yet-due item shows no rate (「—」), not 0 %', () => {
  const { rows } = aggregate(records, dec, 'all', opts, '2026-12-05');
  assert.deepEqual(rows.find((r) => r.org === 'xzspj'), { org: 'xzspj', name: 'xzspj', received: 0, assigned: 0, replied: 0, closed: 0, due: 0, onTime: 0, pending: 1, rate: null });
  // A month later the item is overdue and counts as missed.
  const later = aggregate(records, dec, 'all', opts, '2027-01-05').rows.find((r) => r.org === 'xzspj');
  assert.deepEqual(later && [later.due, later.onTime, later.rate], [1, 0, 0]);
});

test('quarter and year add the months up; received counts only arrivals inside the period', () => {
  const q4 = aggregate(records, parsePeriod('2026-Q4')!, 'all', opts, '2026-12-05').total;
  assert.deepEqual([q4.received, q4.due, q4.pending], [6, 3, 2]);
  const nov = aggregate(records, parsePeriod('2026-11')!, 'all', opts, '2026-12-05').total;
  assert.deepEqual([nov.received, nov.due, nov.assigned], [2, 0, 1]);
});
