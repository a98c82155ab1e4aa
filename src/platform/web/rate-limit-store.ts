// Shell: rate-limit counters in the database, for several processes behind one load balancer.
// @fastify/rate-limit counts in memory per process by default, so N processes would allow N times
// the limit; with this store every process counts in one row per (route, address) — one upsert per
// limited request. Used on PostgreSQL (where several processes can share the database); the
// embedded SQLite deployment is one process and keeps the in-memory counters.
import { sql, type Kysely } from 'kysely';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { PlatformDatabase } from '../db/platform-database.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Keys are cut to this length (an address plus a route is far shorter). */
const MAX_KEY = 300;

/** A store class for @fastify/rate-limit's `store` option, bound to `db`. */
export function databaseRateLimitStore(db: Kysely<PlatformDatabase>): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    // the plugin constructs the global store with its options; children get a prefix per route
    constructor(_options?: unknown, private readonly prefix = 'global:') {}

    incr(key: string, cb: Callback, timeWindow?: number, _max?: number): void {
      hit(db, `${this.prefix}${key}`.slice(0, MAX_KEY), timeWindow ?? 60_000, Date.now()).then((r) => cb(null, r), (e: Error) => cb(e));
    }

    child(routeOptions: { routeInfo?: { method?: string; url?: string }; method?: unknown; url?: string }): FastifyRateLimitStore {
      const method = routeOptions.routeInfo?.method ?? String(routeOptions.method ?? '');
      const url = routeOptions.routeInfo?.url ?? routeOptions.url ?? '';
      return new DatabaseRateLimitStore(undefined, `${method} ${url}:`);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}

/** Counts one request of `key` in its current window (a window starts at the first request). */
export async function hit(db: Kysely<PlatformDatabase>, key: string, windowMs: number, nowMs: number): Promise<{ current: number; ttl: number }> {
  const expired = sql<boolean>`rate_limit_hit.window_start_ms + ${windowMs} <= ${nowMs}`;
  const row = await db.insertInto('rate_limit_hit')
    .values({ key, window_start_ms: nowMs, hits: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({
      hits: sql<number>`case when ${expired} then 1 else rate_limit_hit.hits + 1 end`,
      window_start_ms: sql<number>`case when ${expired} then ${nowMs} else rate_limit_hit.window_start_ms end`,
    }))
    .returning(['hits', 'window_start_ms'])
    .executeTakeFirstOrThrow();
  // Two processes (or two requests of one) read the clock before their turn at the row: a window may
  // have been started by a later reading than this one's, so the time left is capped at the window.
  return { current: Number(row.hits), ttl: Math.min(windowMs, Math.max(0, Number(row.window_start_ms) + windowMs - nowMs)) };
}

/** Deletes counters whose window ended more than `keepMs` ago (a background job). */
export async function purgeRateLimits(db: Kysely<PlatformDatabase>, nowMs: number, keepMs = 86_400_000): Promise<number> {
  const r = await db.deleteFrom('rate_limit_hit').where('window_start_ms', '<', nowMs - keepMs).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}
