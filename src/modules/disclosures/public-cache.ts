// Shell: the public pages' data, kept per process while it cannot have changed (issue 24 §5).
// An entry belongs to an epoch: the database's data version (platform/db/data-version.ts: any
// committed write — publish, withdraw, edit, a link, an organisation's rename, by this process or
// another — makes a new one) and the span of time in which no record's visibility changes by the
// clock alone (from the instant the epoch began to the next `published_at` still to come: a
// scheduled record becoming due). Every request reads the version first (SQLite: two pragmas, no
// query; PostgreSQL: one round trip) and only then the data, so nothing older than the request is
// ever served. Per-user parts of a page (CSRF token, signed-in header, 订阅 button) are never here.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { dataVersion } from '../../platform/db/data-version.ts';
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

export class PublicDataCache {
  private epoch: Epoch | null = null;
  private readonly entries: Lru<string, unknown>;

  constructor(private readonly db: Db, maxEntries = 1000) { this.entries = new Lru(maxEntries); }

  /** The value of `key` at `nowIso`: kept from an earlier request of the same epoch, or loaded now. */
  async get<T>(key: string, nowIso: string, load: () => Promise<T>): Promise<T> {
    const version = await dataVersion(this.db);
    if (version === null) return load();
    let e = this.epoch;
    if (!e || e.version !== version || nowIso < e.from || (e.until !== null && nowIso >= e.until)) {
      e = { version, from: nowIso, until: await nextDue(this.db, nowIso) };
      // (another request may have begun an epoch meanwhile: the later one wins, both are correct)
      this.epoch = e;
      this.entries.clear();
    } else if (this.entries.has(key)) {
      return this.entries.get(key) as T;
    }
    const value = await load();
    if (this.epoch === e) {
      this.entries.set(key, value);
    }
    return value;
  }
}
