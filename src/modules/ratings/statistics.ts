// Pure: the published 好差评 figures (国办发〔2019〕51号; regulations.md §4.5, supervision.md §5.3)
// from tallies the queries count per group (organisation, venue, item, month, window, 工号):
//   评价数        counted ratings (excluded = 1 — removed on an upheld appeal — are never counted)
//   各等级占比     each level's count / 评价数
//   好评率        (非常满意 + 满意) / 评价数
//   差评数        不满意 + 非常不满意
//   回访率        实名差评 called back / 实名差评 (a named rater left a name and a phone — rating-input.ts isNamed, the ones the workflow calls back; target 100 %)
//   整改率        差评 with a rectification date / 差评
//   平均整改用时   mean CALENDAR days from rated_on to rectified_on over the rectified 差评
// Every rate is null when its denominator is 0 (shown as 「—」, never as 0 % or 100 %).
import { LEVELS, type LevelCode } from './levels.ts';
import { bayesianAverage, round2, type StarTotals } from './bayes.ts';

export interface Tally {
  key: string;
  /** Counted ratings per stars: index 0 = 1 star (非常不满意) … index 4 = 5 stars (非常满意). */
  byStars: [number, number, number, number, number];
  /** 差评 by a named rater (a name and a phone given: isNamed). */
  namedBad: number;
  /** … of which called back (回访). */
  namedBadCalledBack: number;
  /** 差评 with a rectification date (整改). */
  rectified: number;
  /** Σ calendar days from rated_on to rectified_on over the rectified 差评. */
  rectifyDays: number;
}

export interface Figures {
  key: string;
  count: number;
  /** Share of each level (0 … 1), null without ratings. */
  shares: Record<LevelCode, number | null>;
  counts: Record<LevelCode, number>;
  goodRate: number | null;
  badCount: number;
  namedBad: number;
  namedBadCalledBack: number;
  callbackRate: number | null;
  rectified: number;
  rectifyRate: number | null;
  /** Mean calendar days to rectify, one decimal; null when nothing was rectified. */
  avgRectifyDays: number | null;
  /** Mean stars (1 … 5), null without ratings. */
  meanStars: number | null;
  /** Bayesian average towards the installation's mean (bayes.ts), for ranking. */
  score: number;
}

export function emptyTally(key: string): Tally {
  return { key, byStars: [0, 0, 0, 0, 0], namedBad: 0, namedBadCalledBack: 0, rectified: 0, rectifyDays: 0 };
}

/** Adds b into a (same key or a total). */
export function addTally(a: Tally, b: Tally): Tally {
  return {
    key: a.key,
    byStars: a.byStars.map((n, i) => n + (b.byStars[i] as number)) as Tally['byStars'],
    namedBad: a.namedBad + b.namedBad, namedBadCalledBack: a.namedBadCalledBack + b.namedBadCalledBack,
    rectified: a.rectified + b.rectified, rectifyDays: a.rectifyDays + b.rectifyDays,
  };
}

/** The sum of every tally under one key. */
export function totalOf(tallies: readonly Tally[], key = 'total'): Tally {
  return tallies.reduce((acc, t) => addTally(acc, t), emptyTally(key));
}

export function starTotals(t: Tally): StarTotals {
  return { count: t.byStars.reduce((a, b) => a + b, 0), sum: t.byStars.reduce((a, n, i) => a + n * (i + 1), 0) };
}

const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function figuresOf(t: Tally, priorMean: number): Figures {
  const { count, sum } = starTotals(t);
  const counts = Object.fromEntries(LEVELS.map((l) => [l.code, t.byStars[l.stars - 1] as number])) as Record<LevelCode, number>;
  const shares = Object.fromEntries(LEVELS.map((l) => [l.code, rate(counts[l.code], count)])) as Record<LevelCode, number | null>;
  const good = t.byStars[4] + t.byStars[3];
  const bad = t.byStars[0] + t.byStars[1];
  return {
    key: t.key, count, counts, shares,
    goodRate: rate(good, count), badCount: bad,
    namedBad: t.namedBad, namedBadCalledBack: t.namedBadCalledBack, callbackRate: rate(t.namedBadCalledBack, t.namedBad),
    rectified: t.rectified, rectifyRate: rate(t.rectified, bad),
    avgRectifyDays: t.rectified > 0 ? Math.round((t.rectifyDays / t.rectified) * 10) / 10 : null,
    meanStars: count > 0 ? round2(sum / count) : null,
    score: round2(bayesianAverage({ sum, count }, priorMean)),
  };
}

/** Ranked: higher Bayesian score first, then more ratings, then the key. */
export function rank(figures: readonly Figures[]): Figures[] {
  return [...figures].sort((a, b) => b.score - a.score || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A rate as a percentage with one decimal, 「—」 when there is nothing to count. */
export function formatPercent(r: number | null): string {
  return r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/** The 3-level rating of 民心直通车 replies and 12345 orders (interaction module), kept apart. */
export const THREE_LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type ThreeLevel = (typeof THREE_LEVELS)[number];

export interface ThreeLevelFigures {
  source: 'message' | 'hotline';
  count: number;
  counts: Record<ThreeLevel, number>;
  /** 满意率 = 满意 / rated (the interaction module's own measure; not comparable with 好评率). */
  satisfiedRate: number | null;
}

export function threeLevelFigures(source: 'message' | 'hotline', counts: Partial<Record<string, number>>): ThreeLevelFigures {
  const c = Object.fromEntries(THREE_LEVELS.map((l) => [l, counts[l] ?? 0])) as Record<ThreeLevel, number>;
  const count = THREE_LEVELS.reduce((a, l) => a + c[l], 0);
  return { source, count, counts: c, satisfiedRate: rate(c.satisfied, count) };
}
