import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addTally, emptyTally, figuresOf, formatPercent, rank, threeLevelFigures, totalOf, type Tally } from './statistics.ts';

const tally = (key: string, byStars: Tally['byStars'], extra: Partial<Tally> = {}): Tally => ({ ...emptyTally(key), byStars, ...extra });

test('figures of a tally, table', () => {
  const cases: { name: string; t: Tally; want: Partial<ReturnType<typeof figuresOf>> }[] = [
    { name: 'nothing rated: every rate null, never 0 % or 100 %', t: tally('a', [0, 0, 0, 0, 0]), want: { count: 0, goodRate: null, badCount: 0, callbackRate: null, rectifyRate: null, avgRectifyDays: null, meanStars: null } },
    { name: '好评率 = (非常满意 + 满意) / all', t: tally('b', [1, 1, 2, 3, 3]), want: { count: 10, goodRate: 0.6, badCount: 2, meanStars: 3.6 } },
    { name: '回访率 over named 差评 only', t: tally('c', [2, 2, 0, 0, 0], { namedBad: 3, namedBadCalledBack: 2 }), want: { badCount: 4, callbackRate: 2 / 3 } },
    { name: '整改率 over every 差评; mean days over the rectified', t: tally('d', [3, 1, 0, 0, 6], { rectified: 2, rectifyDays: 7 }), want: { badCount: 4, rectifyRate: 0.5, avgRectifyDays: 3.5 } },
    { name: 'all good: no 差评 → 整改率 and 回访率 null', t: tally('e', [0, 0, 0, 1, 4]), want: { goodRate: 1, badCount: 0, rectifyRate: null, callbackRate: null, meanStars: 4.8 } },
  ];
  for (const c of cases) {
    const f = figuresOf(c.t, 4);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual(f[k as keyof typeof f], v, `${c.name}: ${k}`);
  }
});

test('shares of each level add up to 1 and counts follow the stars', () => {
  const f = figuresOf(tally('x', [1, 2, 3, 4, 10]), 4);
  assert.deepEqual(f.counts, { very_satisfied: 10, satisfied: 4, basically_satisfied: 3, dissatisfied: 2, very_dissatisfied: 1 });
  assert.ok(Math.abs(Object.values(f.shares).reduce((a: number, b) => a + (b ?? 0), 0) - 1) < 1e-12);
  assert.equal(f.shares.very_satisfied, 0.5);
});

test('totals add tallies field by field', () => {
  const a = tally('a', [1, 0, 0, 0, 2], { namedBad: 1, namedBadCalledBack: 1, rectified: 1, rectifyDays: 4 });
  const b = tally('b', [0, 1, 0, 3, 0], { namedBad: 1, rectified: 0 });
  assert.deepEqual(totalOf([a, b]), { key: 'total', byStars: [1, 1, 0, 3, 2], namedBad: 2, namedBadCalledBack: 1, rectified: 1, rectifyDays: 4 });
  assert.deepEqual(addTally(emptyTally('z'), a).byStars, [1, 0, 0, 0, 2]);
});

test('ranking: Bayesian score first, so 3 five-star ratings rank below 300 ratings averaging 4.7', () => {
  const few = figuresOf(tally('few', [0, 0, 0, 0, 3]), 3.8);
  const many = figuresOf(tally('many', [0, 0, 30, 30, 240]), 3.8);
  const low = figuresOf(tally('low', [10, 10, 0, 0, 0]), 3.8);
  assert.deepEqual(rank([few, low, many]).map((f) => f.key), ['many', 'few', 'low']);
  // ties: more ratings first, then the key
  const t1 = figuresOf(tally('b', [0, 0, 0, 0, 0]), 4);
  const t2 = figuresOf(tally('a', [0, 0, 0, 0, 0]), 4);
  assert.deepEqual(rank([t1, t2]).map((f) => f.key), ['a', 'b']);
});

test('percent formatting and the 3-level figures kept apart', () => {
  assert.deepEqual([formatPercent(null), formatPercent(0), formatPercent(2 / 3), formatPercent(1)], ['—', '0.0%', '66.7%', '100.0%']);
  const t = threeLevelFigures('hotline', { satisfied: 3, dissatisfied: 1, bogus: 9 });
  assert.deepEqual([t.count, t.counts.basically_satisfied, t.satisfiedRate], [4, 0, 0.75]);
  assert.equal(threeLevelFigures('message', {}).satisfiedRate, null);
});
