// Shell: a venue's waiting-time forecast (forecast.ts) from its qu_hourly rows and the working-day
// calendar, cached per process: a forecast is kept until the local hour changes or for at most
// CACHE_MS, so the venue page reads ≤ 27 weeks × the venue's hours once per venue per hour.
import type { Db } from '../../schema.ts';
import { platformView } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { dayKindOf } from '../appointments/index.ts';
import { forecastVenue, historyFrom, type KindOf, type VenueForecast } from './forecast.ts';
import { hourlyRows } from './forecast.repository.ts';

const CACHE_MS = 10 * 60_000;
const CACHE_MAX = 50_000;

export interface ForecastService {
  /** The forecast of the venue (sm_venue.id) for the 7 days from today. */
  forVenue(venueId: number): Promise<VenueForecast>;
  /** Forget the cached forecasts (tests; after a bulk import of history). */
  clear(): void;
}

export function forecastService(db: Db, clock: Clock): ForecastService {
  const cache = new Map<number, { key: string; until: number; value: Promise<VenueForecast> }>();
  let calendar: { until: number; kindOf: Promise<KindOf> } | null = null;

  function kindOf(nowMs: number): Promise<KindOf> {
    if (!calendar || calendar.until <= nowMs) {
      const p = loadCalendar(platformView(db)).then(dayKindOf);
      calendar = { until: nowMs + CACHE_MS, kindOf: p };
      p.catch(() => { calendar = null; });
    }
    return calendar.kindOf;
  }

  return {
    forVenue(venueId) {
      const now = clock.now();
      const nowMs = now.getTime();
      const today = localDateOf(now);
      // The local hour (Asia/Shanghai): a new hour brings a new forecast.
      const key = `${today}T${Math.floor((nowMs + 8 * 3_600_000) / 3_600_000) % 24}`;
      const hit = cache.get(venueId);
      if (hit && hit.key === key && hit.until > nowMs) return hit.value;
      const value = (async () => {
        const [rows, k] = await Promise.all([hourlyRows(db, venueId, historyFrom(today), today), kindOf(nowMs)]);
        return forecastVenue(rows, k, today);
      })();
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(venueId, { key, until: nowMs + CACHE_MS, value });
      value.catch(() => { cache.delete(venueId); });
      return value;
    },
    clear() { cache.clear(); calendar = null; },
  };
}
