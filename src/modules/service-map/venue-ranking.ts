// Pure: the documented ranking score of a venue for a person at a point (docs/model/service-map.md).
//   score = distance + open_now + closing_soon + rating + queue        (0 … 85)
//   distance      0…40   40 × (1 − d / radius), the nearer the better
//   open_now      0 | 30 open at the asked time
//   closing_soon −15…0   when open and closing within 30 minutes: −15 × (30 − minutes left) / 30
//   rating        0…15   15 × (r̃ − 1) / 4 with r̃ = (rating × n + 3.5 × 10) / (n + 10): a venue with
//                        few 好差评 ratings is pulled towards 3.5 so one 5-star vote does not win;
//                        a venue with real 好差评 ratings brings its own Bayesian average as r̃
//                        (`smoothedRating`, ratings module bayes.ts: prior = the installation's mean, C = 20)
//   queue        −15…0   when open and the call system reported a wait within 30 minutes of the asked
//                        time (venue-index.ts): −15 × min(wait, 60) / 60
// Ties go to the nearer venue, then the smaller id.

export interface RankInput {
  distanceM: number;
  radiusM: number;
  openNow: boolean;
  minutesToClose: number | null;
  rating: number | null;
  ratingCount: number;
  /** The Bayesian average of the venue's 好差评 ratings (already smoothed); null: use the imported rating. */
  smoothedRating?: number | null;
  queueWaitMinutes: number | null;
}

export interface ScoreParts {
  distance: number;
  open_now: number;
  closing_soon: number;
  rating: number;
  queue: number;
}

export const WEIGHTS = { distance: 40, openNow: 30, closingSoon: 15, closingSoonMinutes: 30, rating: 15, ratingPrior: 3.5, ratingPriorWeight: 10, queue: 15, queueCapMinutes: 60 } as const;

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreParts(x: RankInput): ScoreParts {
  const w = WEIGHTS;
  const distance = x.radiusM > 0 ? w.distance * Math.max(0, 1 - x.distanceM / x.radiusM) : 0;
  const open_now = x.openNow ? w.openNow : 0;
  const closing_soon = x.openNow && x.minutesToClose !== null && x.minutesToClose <= w.closingSoonMinutes
    ? -w.closingSoon * (w.closingSoonMinutes - x.minutesToClose) / w.closingSoonMinutes : 0;
  const n = Math.max(0, x.ratingCount);
  const smoothed = x.smoothedRating !== undefined && x.smoothedRating !== null ? x.smoothedRating : x.rating === null ? w.ratingPrior : (x.rating * n + w.ratingPrior * w.ratingPriorWeight) / (n + w.ratingPriorWeight);
  const rating = w.rating * Math.min(1, Math.max(0, (smoothed - 1) / 4));
  const queue = x.openNow && x.queueWaitMinutes !== null ? -w.queue * Math.min(Math.max(0, x.queueWaitMinutes), w.queueCapMinutes) / w.queueCapMinutes : 0;
  return { distance: round2(distance), open_now, closing_soon: round2(closing_soon), rating: round2(rating), queue: round2(queue) };
}

export function totalScore(p: ScoreParts): number {
  return round2(p.distance + p.open_now + p.closing_soon + p.rating + p.queue);
}

export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Compares two ranked entries: higher score first, then nearer, then smaller id. */
export function compareRanked(a: { score: number; distanceM: number; id: string }, b: { score: number; distanceM: number; id: string }): number {
  return b.score - a.score || a.distanceM - b.distanceM || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
