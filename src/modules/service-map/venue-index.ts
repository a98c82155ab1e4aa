// Pure: the in-memory index of venues behind the nearest-venues query. Built from rows the
// repository loads from the database (the source of truth); ~31,000 venues at province scale.
// Venues are kept in latitude order (Float64Array) so a radius query binary-searches the band of
// latitudes and checks longitude and distance only there; an item filter passes the few venue ids
// that offer the item instead. Opening status comes from opening-hours.ts, the score from venue-ranking.ts.
import type { DayInfoOf, VenueHours, OpenStatus } from './opening-hours.ts';
import { openStatus } from './opening-hours.ts';
import { compareRanked, distanceM, EARTH_RADIUS_M, scoreParts, totalScore, type ScoreParts } from './venue-ranking.ts';
import type { Level, VenueType } from './service-map.ts';

export interface IndexedVenue {
  id: number;
  publicId: string;
  name: string;
  type: VenueType;
  level: Level;
  regionCode: string;
  address: string;
  lat: number;
  lng: number;
  hours: VenueHours;
  rating: number | null;
  ratingCount: number;
  /** From the 好差评 ratings (injected provider): their Bayesian average and count; null/0 without ratings. */
  ratingsScore?: number | null;
  ratingsCount?: number;
  phone: string;
  queueWaiting: number | null;
  queueWaitMinutes: number | null;
  queueUpdatedAt: string | null;
}

export interface NearestQuery {
  lat: number;
  lng: number;
  radiusM: number;
  at: Date;
  /** Keep only venues open at `at`. */
  openOnly: boolean;
  types: readonly VenueType[] | null;
  level: Level | null;
  /** Internal ids of the venues offering the asked item (null: no item filter). */
  venueIds: readonly number[] | null;
  limit: number;
}

export interface RankedVenue {
  venue: IndexedVenue;
  distanceM: number;
  status: OpenStatus;
  queueWaitMinutes: number | null;
  parts: ScoreParts;
  score: number;
}

/** Queue reports older than this are ignored in ranking (the call system stopped reporting). */
export const QUEUE_STALE_MINUTES = 30;

const DEG = 180 / Math.PI;

export class VenueIndex {
  private readonly venues: IndexedVenue[];
  private readonly lats: Float64Array;
  private readonly byId = new Map<number, IndexedVenue>();

  constructor(venues: readonly IndexedVenue[]) {
    this.venues = [...venues].sort((a, b) => a.lat - b.lat);
    this.lats = Float64Array.from(this.venues, (v) => v.lat);
    for (const v of this.venues) this.byId.set(v.id, v);
  }

  get size(): number { return this.venues.length; }

  /** The centre of each county's venues (for "choose a place" links). */
  countyCentres(): { regionCode: string; lat: number; lng: number; count: number }[] {
    const acc = new Map<string, { lat: number; lng: number; count: number }>();
    for (const v of this.venues) {
      const c = `${v.regionCode.slice(0, 6)}000000`;
      const a = acc.get(c) ?? { lat: 0, lng: 0, count: 0 };
      a.lat += v.lat; a.lng += v.lng; a.count++;
      acc.set(c, a);
    }
    return [...acc].map(([regionCode, a]) => ({ regionCode, lat: Math.round((a.lat / a.count) * 1e4) / 1e4, lng: Math.round((a.lng / a.count) * 1e4) / 1e4, count: a.count })).sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  }

  get(id: number): IndexedVenue | undefined { return this.byId.get(id); }

  /** Sets every venue's 好差评 score from the ratings (absent: back to the imported rating). */
  setRatingScores(scores: ReadonlyMap<string, { score: number; count: number }>): void {
    for (const v of this.venues) {
      const r = scores.get(v.publicId);
      v.ratingsScore = r ? r.score : null;
      v.ratingsCount = r ? r.count : 0;
    }
  }

  /** Applies a queue report in place (from this process or read back from the database). */
  setQueue(id: number, waiting: number | null, waitMinutes: number | null, updatedAt: string | null): void {
    const v = this.byId.get(id);
    if (!v) return;
    v.queueWaiting = waiting;
    v.queueWaitMinutes = waitMinutes;
    v.queueUpdatedAt = updatedAt;
  }

  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.lats.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.lats[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  nearest(q: NearestQuery, info: DayInfoOf): RankedVenue[] {
    const out: RankedVenue[] = [];
    // A queue report describes the moment it was made: it counts only for a query time within
    // QUEUE_STALE_MINUTES of it (an open_at yesterday or tomorrow ignores today's queue).
    const atMs = q.at.getTime();
    const window = QUEUE_STALE_MINUTES * 60_000;
    const consider = (v: IndexedVenue) => {
      if (q.types && !q.types.includes(v.type)) return;
      if (q.level && v.level !== q.level) return;
      const d = distanceM(q.lat, q.lng, v.lat, v.lng);
      if (d > q.radiusM) return;
      const status = openStatus(v.hours, info, q.at);
      if (q.openOnly && !status.openNow) return;
      const fresh = v.queueUpdatedAt !== null && Math.abs(Date.parse(v.queueUpdatedAt) - atMs) <= window;
      const queueWaitMinutes = fresh ? v.queueWaitMinutes : null;
      const parts = scoreParts({
        distanceM: d, radiusM: q.radiusM, openNow: status.openNow, minutesToClose: status.minutesToClose,
        rating: v.rating, ratingCount: v.ratingCount, smoothedRating: v.ratingsScore ?? null, queueWaitMinutes,
      });
      out.push({ venue: v, distanceM: Math.round(d), status, queueWaitMinutes, parts, score: totalScore(parts) });
    };
    if (q.venueIds) {
      for (const id of q.venueIds) {
        const v = this.byId.get(id);
        if (v) consider(v);
      }
    } else {
      // The band must hold the whole circle of the same sphere distanceM measures on: its
      // latitude reach is the angle r/R, its longitude reach asin(sin(r/R) / cos φ) — wider than
      // (r/R) / cos φ, so the simpler bound missed venues near the east and west edge.
      const angle = q.radiusM / EARTH_RADIUS_M;
      const dLat = angle * DEG + 1e-9;
      const reach = Math.sin(angle) / Math.cos(q.lat / DEG);
      const dLng = reach >= 1 ? 360 : Math.asin(reach) * DEG + 1e-9;
      const end = this.lowerBound(q.lat + dLat);
      for (let i = this.lowerBound(q.lat - dLat); i < end; i++) {
        const v = this.venues[i] as IndexedVenue;
        if (Math.abs(v.lng - q.lng) > dLng) continue;
        consider(v);
      }
    }
    out.sort((a, b) => compareRanked({ score: a.score, distanceM: a.distanceM, id: a.venue.publicId }, { score: b.score, distanceM: b.distanceM, id: b.venue.publicId }));
    return out.length > q.limit ? out.slice(0, q.limit) : out;
  }
}
