// Shell: the public pages' data, kept per process while it cannot have changed (issue 24 §5).
// An entry belongs to an epoch: the database's data version (platform/db/data-version.ts: any
// committed write — publish, withdraw, edit, a link, an organisation's rename, by this process or
// another — makes a new one) and the span of time in which no record's visibility changes by the
// clock alone (from the instant the epoch began to the next `published_at` still to come: a
// scheduled record becoming due). Every request reads the version first (SQLite: one prepared
// statement, no query through Kysely; PostgreSQL: one round trip) and only then the data, so nothing
// older than the request is ever served. Per-user parts of a page (CSRF token, signed-in header,
// 订阅 button) are never here: a rendered page is kept only for anonymous readers, as its bytes when
// it has no form (the record page, a tombstone), else with its CSRF token left as a placeholder
// filled in per request (platform/web/server.tsx `renderShared`).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { dataVersion, dataVersionSync } from '../../platform/db/data-version.ts';
import { readSnapshot } from '../../platform/db/prepared.ts';
import { Lru } from '../../platform/cache/lru.ts';

interface Epoch { version: string; from: string; until: string | null }

/** Records' `published_at` instants after `nowIso` (the next moment a record can appear or leave a tombstone by time alone). */
async function nextDue(db: Db, nowIso: string): Promise<string | null> {
  // one index seek per state on (state, published_at); only these states depend on the clock
  const r = await sql<{ t: string | null }>`select min(t) as t from (
    select min(published_at) as t from disclosure where state = 'published' and published_at > ${nowIso}
    union all select min(published_at) from disclosure where state = 'scheduled' and published_at > ${nowIso}
    union all select min(published_at) from disclosure where state = 'withdrawn' and published_at > ${nowIso}) as s`.execute(db);
  return r.rows[0]?.t ?? null;
}

export interface CacheLimits<T> {
  /** Entries kept at most (least recently used out first). */
  maxEntries: number;
  /** With `weigh`: the sum of the entries' weights (bytes) kept at most; 0 keeps nothing. */
  maxWeight?: number;
  weigh?: (value: T) => number;
  /** Told of every value the cache lets go (platform/cache/lru.ts). */
  onDrop?: (value: T) => void;
}

/** Hits and misses of a cache since the process started (the bench prints the record pages' hit rate). */
export interface CacheCounters { hits: number; misses: number; entries: number; weight: number }

export class PublicDataCache<T = unknown> {
  private epoch: Epoch | null = null;
  private readonly entries: Lru<string, T>;
  readonly counters: CacheCounters = { hits: 0, misses: 0, entries: 0, weight: 0 };

  constructor(private readonly db: Db, limits: number | CacheLimits<T> = 1000) {
    const l = typeof limits === 'number' ? { maxEntries: limits } : limits;
    this.entries = new Lru(l.maxEntries, l.weigh ? (l.maxWeight ?? Infinity) : Infinity, l.weigh, l.onDrop);
  }

  /**
   * The value of `key` at `nowIso`: kept from an earlier request of the same epoch, or loaded now.
   * With `readFirst` (synchronous reads, null where the dialect has none: platform/db/prepared.ts),
   * SQLite reads the version and, on a miss, `readFirst`'s data in one read transaction — the data
   * is exactly of that version — and `load` gets what it read (undefined: read it yourself).
   */
  async get<X = never>(key: string, nowIso: string, load: (first?: X) => Promise<T>, readFirst?: () => X | null): Promise<T> {
    let version: string | null;
    let first: X | undefined;
    const snap = readSnapshot(this.db, () => {
      const v = dataVersionSync(this.db);
      const e = this.epoch;
      const hit = v !== null && this.current(e, v, nowIso) ? this.entries.get(key) : undefined;
      return { v, hit, first: hit === undefined && readFirst ? readFirst() ?? undefined : undefined };
    });
    if (snap) {
      if (snap.value.hit !== undefined) {
        this.counters.hits++;
        return snap.value.hit;
      }
      version = snap.value.v;
      first = snap.value.first;
    } else {
      version = await dataVersion(this.db);
    }
    if (version === null) return load(first);
    let e = this.epoch;
    if (!e || !this.current(e, version, nowIso)) {
      e = { version, from: nowIso, until: await nextDue(this.db, nowIso) };
      // (another request may have begun an epoch meanwhile: the later one wins, both are correct)
      this.epoch = e;
      this.entries.clear();
    } else if (!snap) {
      const hit = this.entries.get(key);
      if (hit !== undefined) {
        this.counters.hits++;
        return hit;
      }
    }
    this.counters.misses++;
    const value = await load(first);
    if (this.epoch === e) this.entries.set(key, value);
    this.counters.entries = this.entries.size;
    this.counters.weight = this.entries.weight;
    return value;
  }

  private current(e: Epoch | null, version: string, nowIso: string): e is Epoch {
    return !!e && e.version === version && nowIso >= e.from && (e.until === null || nowIso < e.until);
  }
}
