import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bayesianAverage, FALLBACK_PRIOR_MEAN, PRIOR_WEIGHT, priorMean } from './bayes.ts';

test('prior mean: the installation mean, 3.5 without ratings', () => {
  const cases: [{ sum: number; count: number }, number][] = [
    [{ sum: 0, count: 0 }, FALLBACK_PRIOR_MEAN],
    [{ sum: 40, count: 10 }, 4],
    [{ sum: 7, count: 2 }, 3.5],
    [{ sum: 5, count: 5 }, 1],
  ];
  for (const [t, want] of cases) assert.equal(priorMean(t), want, JSON.stringify(t));
});

test('Bayesian average: (Σ + m·C) / (n + C), table', () => {
  const cases: { t: { sum: number; count: number }; m: number; c?: number; want: number }[] = [
    { t: { sum: 0, count: 0 }, m: 4.2, want: 4.2 },
    { t: { sum: 15, count: 3 }, m: 4, want: (15 + 80) / 23 },
    { t: { sum: 5, count: 1 }, m: 3, c: 0, want: 5 },
    { t: { sum: 10, count: 10 }, m: 4, c: 10, want: 2.5 },
    { t: { sum: 0, count: 0 }, m: 3.3, c: 0, want: 3.3 },
  ];
  for (const x of cases) assert.ok(Math.abs(bayesianAverage(x.t, x.m, x.c) - x.want) < 1e-9, JSON.stringify(x));
  assert.equal(PRIOR_WEIGHT, 20);
});

test('three 5-star ratings do not outrank three thousand ratings averaging 4.6', () => {
  const m = 4.0;
  const few = bayesianAverage({ sum: 15, count: 3 }, m);
  const many = bayesianAverage({ sum: 4.6 * 3000, count: 3000 }, m);
  assert.ok(many > few, `${many} > ${few}`);
  // …while a large venue's score stays its own mean within 0.01.
  assert.ok(Math.abs(many - 4.6) < 0.01);
  // One bad rating does not sink a new venue to the bottom either.
  assert.ok(bayesianAverage({ sum: 1, count: 1 }, m) > 3.8);
});

test('negative counts are refused', () => {
  assert.throws(() => bayesianAverage({ sum: -1, count: 1 }, 4), RangeError);
  assert.throws(() => bayesianAverage({ sum: 1, count: -1 }, 4), RangeError);
});
