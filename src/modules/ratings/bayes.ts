// Pure: the Bayesian average that ranks venues and organisations by their 好差评 (docs/model/ratings.md).
//   score = (Σ stars + m × C) / (n + C)
//   m  the prior mean: the installation's mean stars over every counted rating (3.5 when there is none)
//   C  the prior weight: PRIOR_WEIGHT = 20 ratings' worth of the prior
// So a venue with three 5-star ratings scores (15 + 20m)/23 — close to m — while one with three
// thousand ratings averaging 4.6 scores ≈ 4.6: few ratings do not outrank many.

/** How many ratings' worth the prior counts for (C). */
export const PRIOR_WEIGHT = 20;
/** The prior mean when the installation has no counted rating yet (the middle of 1 … 5 stars, plus ½). */
export const FALLBACK_PRIOR_MEAN = 3.5;

export interface StarTotals {
  /** Σ stars (5 非常满意 … 1 非常不满意) of the counted ratings. */
  sum: number;
  /** How many counted ratings. */
  count: number;
}

/** The prior mean m: the installation's mean stars, or FALLBACK_PRIOR_MEAN without ratings. */
export function priorMean(all: StarTotals): number {
  return all.count > 0 ? all.sum / all.count : FALLBACK_PRIOR_MEAN;
}

/** The Bayesian average (1 … 5) of one subject's ratings towards the prior. */
export function bayesianAverage(t: StarTotals, mean: number, weight: number = PRIOR_WEIGHT): number {
  if (t.count < 0 || t.sum < 0 || weight < 0) throw new RangeError('negative count, sum or weight');
  if (t.count + weight === 0) return mean;
  return (t.sum + mean * weight) / (t.count + weight);
}

/** Rounded to two decimals for display and the API. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
