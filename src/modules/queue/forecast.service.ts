// Shell: a venue's waiting-time forecast (forecast.ts) from its qu_hourly rows and the working-day
// calendar. Computed ahead of time, not by page requests (issue 22, 安徽 scale): the job
// `queue.forecasts` (platform/jobs: once across all processes) stores each venue's forecast in
// qu_forecast whenever it is out of date — a new day, a change of the calendar's days it reads
// (the basis), or a change of the venue's history before today (the row's version, bumped by the
// queue events and history imports that write qu_hourly). The page reads the stored row by its
// primary key (and keeps it KEEP_MS in the process). Only when that row is not fresh yet (the minutes after midnight, or after a late
// event, until the job has run) does a request compute it, shared by concurrent requests and kept
// in this process for at most FALLBACK_MS. A venue without a row has no history: 「暂无足够数据」.
import { createHash } from 'node:crypto';
import type { Db } from '../../schema.ts';
import { platformView } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { addDays, localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { dayKindOf } from '../appointments/index.ts';
import { forecastVenue, historyFrom, type KindOf, type VenueForecast } from './forecast.ts';
import { hasHourly, hourlyRows, staleForecasts, storedForecast, storeForecast } from './forecast.repository.ts';

const CALENDAR_MS = 60_000;
const FALLBACK_MS = 60_000;
const FALLBACK_MAX = 5_000;
/** A stored forecast read is kept in the process this long (a history import shows within it). */
const KEEP_MS = 10_000;
const KEEP_MAX = 50_000;
/** Venues computed per batch of the job (it yields to requests between venues). */
const JOB_BATCH = 200;
/** The job looks for out-of-date forecasts this often (one small read when there are none). */
export const FORECAST_JOB_EVERY_MS = 60_000;

const NO_DATA: VenueForecast = { enough: false, days: [], busiestHour: null };

export interface ForecastService {
  /** The forecast of the venue (sm_venue.id) for the 7 days from today. */
  forVenue(venueId: number): Promise<VenueForecast>;
  /** Computes and stores every out-of-date forecast (the job's work); returns how many. */
  refresh(): Promise<number>;
  /** Forget this process's calendar and fallback forecasts (tests). */
  clear(): void;
}

/** What a forecast made today depends on besides the venue's rows: today and the calendar's kinds of the days it reads. */
export function forecastBasis(kindOf: KindOf, today: LocalDate): string {
  const parts: string[] = [];
  for (let d = addDays(historyFrom(today), -14); d <= addDays(today, 14); d = addDays(d, 1)) parts.push(kindOf(d)[0]!);
  return `${today}:${createHash('sha1').update(parts.join('')).digest('hex').slice(0, 16)}`;
}

export function forecastService(db: Db, clock: Clock, opts: { batch?: number; keepMs?: number } = {}): ForecastService {
  const batch = opts.batch ?? JOB_BATCH;
  const keepMs = opts.keepMs ?? KEEP_MS;
  const kept = new Map<number, { basis: string; until: number; value: VenueForecast }>();
  const fallback = new Map<number, { key: string; until: number; value: Promise<VenueForecast> }>();
  let calendar: { until: number; value: Promise<{ kindOf: KindOf; bases: Map<LocalDate, string> }> } | null = null;

  function kinds(nowMs: number): Promise<{ kindOf: KindOf; bases: Map<LocalDate, string> }> {
    if (!calendar || calendar.until <= nowMs) {
      const p = loadCalendar(platformView(db)).then((c) => ({ kindOf: dayKindOf(c), bases: new Map<LocalDate, string>() }));
      calendar = { until: nowMs + CALENDAR_MS, value: p };
      p.catch(() => { calendar = null; });
    }
    return calendar.value;
  }
  async function basisOf(nowMs: number, today: LocalDate): Promise<{ kindOf: KindOf; basis: string }> {
    const k = await kinds(nowMs);
    let basis = k.bases.get(today);
    if (basis === undefined) { basis = forecastBasis(k.kindOf, today); k.bases.set(today, basis); }
    return { kindOf: k.kindOf, basis };
  }
  async function compute(venueId: number, today: LocalDate, kindOf: KindOf): Promise<VenueForecast> {
    return forecastVenue(await hourlyRows(db, venueId, historyFrom(today), today), kindOf, today);
  }

  return {
    async forVenue(venueId) {
      const now = clock.now();
      const nowMs = now.getTime();
      const today = localDateOf(now);
      const { kindOf, basis } = await basisOf(nowMs, today);
      const k = kept.get(venueId);
      if (k && k.basis === basis && k.until > Date.now()) return k.value; // wall clock: a fixed test clock must not keep it forever
      const row = await storedForecast(db, venueId);
      if (row && row.body !== null && row.basis === basis && row.computedVersion === row.version) {
        const value = JSON.parse(row.body) as VenueForecast;
        if (keepMs > 0) {
          if (kept.size >= KEEP_MAX) kept.clear();
          kept.set(venueId, { basis, until: Date.now() + keepMs, value });
        }
        return value;
      }
      if (!row && !(await hasHourly(db, venueId, historyFrom(today), today))) return NO_DATA;
      // Not computed yet for this day / version: compute here, once per process for all waiting requests.
      const key = `${basis}:${row?.version ?? 0}`;
      const hit = fallback.get(venueId);
      if (hit && hit.key === key && hit.until > nowMs) return hit.value;
      const value = compute(venueId, today, kindOf);
      if (fallback.size >= FALLBACK_MAX) fallback.clear();
      fallback.set(venueId, { key, until: nowMs + FALLBACK_MS, value });
      value.catch(() => { fallback.delete(venueId); });
      return value;
    },
    async refresh() {
      let n = 0;
      const done = new Set<number>(); // a venue bumped again while computed waits for the next run
      for (;;) {
        const now = clock.now();
        const today = localDateOf(now);
        const { kindOf, basis } = await basisOf(now.getTime(), today);
        const limit = batch + done.size;
        const found = await staleForecasts(db, basis, limit);
        const stale = found.filter((r) => !done.has(r.venueId)).slice(0, batch);
        for (const { venueId, version } of stale) {
          done.add(venueId);
          const f = await compute(venueId, today, kindOf);
          await storeForecast(db, venueId, version, basis, JSON.stringify(f), new Date().toISOString());
          n++;
          await new Promise<void>((r) => { setImmediate(r); }); // let requests in between venues
        }
        if (found.length < limit || !stale.length) return n;
      }
    },
    clear() { fallback.clear(); kept.clear(); calendar = null; },
  };
}

/** The job that keeps qu_forecast up to date (registered by app.ts; runs once across all processes). */
export function forecastJobs(service: ForecastService): JobDefinition[] {
  return [{
    name: 'queue.forecasts', everyMs: FORECAST_JOB_EVERY_MS, firstRunAfterMs: 0, leaseMs: 30 * 60_000,
    run: async () => { const n = await service.refresh(); return n ? { computed: n } : undefined; },
  }];
}
