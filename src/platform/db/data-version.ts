// Shell: a cheap version of everything committed in the database, for caches that must never serve
// stale data (issue 24 §5). Equal versions ⇒ nothing was written in between, by this process or any
// other:
// - SQLite: `PRAGMA data_version` changes when another connection (another process, the CLI)
//   commits; `total_changes()` counts the rows this connection itself changed. Both are read
//   synchronously from the handle by two statements prepared once, without a query through Kysely
//   (`dataVersionSync` inside prepared.ts `readSnapshot`: the version of what that snapshot reads).
// - PostgreSQL: the current snapshot (`txid_current_snapshot()`: xmin, xmax, in-progress ids). Two
//   equal snapshots see the same committed transactions, so the same data; any write transaction
//   of the server (any schema) changes it. One round trip.
// Read the version BEFORE reading the data it keys: data read afterwards is at least that new.
import type SQLite from 'better-sqlite3';
import { PostgresAdapter, sql } from 'kysely';
import type { AnyKysely } from './db.ts';

const sqliteHandles = new WeakMap<object, { db: SQLite.Database; version: SQLite.Statement | null; changes: SQLite.Statement | null }>();

/** Called by openDb: the SQLite handle behind a Kysely instance (transactions have none: no version). */
export function registerSqliteHandle(kysely: object, database: SQLite.Database): void {
  sqliteHandles.set(kysely, { db: database, version: null, changes: null });
}

/**
 * The better-sqlite3 handle behind a Kysely instance opened by openDb, or null (PostgreSQL, a
 * transaction, a wrapped instance). For reads that run synchronously on the handle (prepared.ts).
 */
export function sqliteHandleOf(db: object): SQLite.Database | null {
  return sqliteHandles.get(db)?.db ?? null;
}

// Two statements prepared once (better-sqlite3's pragma() prepares its statement on every call):
// the pragma (it opens a read of the WAL unless a read transaction is open) and total_changes(),
// which touches no page. (A little cheaper than one `select … from pragma_data_version`, which goes
// through a table-valued function.)
function sqliteVersion(h: { db: SQLite.Database; version: SQLite.Statement | null; changes: SQLite.Statement | null }): string {
  h.version ??= h.db.prepare('pragma data_version').pluck();
  h.changes ??= h.db.prepare('select total_changes()').pluck();
  return `${h.version.get() as number}:${h.changes.get() as number}`;
}

/**
 * The data version read synchronously on SQLite (inside prepared.ts `readSnapshot`, it is the
 * version of the data the snapshot reads); null on PostgreSQL or without openDb's handle.
 */
export function dataVersionSync(db: AnyKysely): string | null {
  const h = sqliteHandles.get(db);
  return h ? sqliteVersion(h) : null;
}

/** The database's data version, or null when none can be had (a transaction, an unknown driver). */
export async function dataVersion(db: AnyKysely): Promise<string | null> {
  const h = sqliteHandles.get(db);
  if (h) {
    return sqliteVersion(h);
  }
  if (db.isTransaction || !(db.getExecutor().adapter instanceof PostgresAdapter)) return null;
  const r = await sql<{ v: string }>`select txid_current_snapshot()::text as v`.execute(db);
  return r.rows[0]?.v ?? null;
}
