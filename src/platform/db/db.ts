// Shell: opens the database — embedded SQLite (WAL, in DATA_DIR) or PostgreSQL (DATABASE_URL) —
// behind one Kysely instance, so every query and migration is written once for both.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { registerSqliteHandle } from './data-version.ts';

/** Any Kysely instance, whatever its tables (for helpers that use no table types). */
export type AnyKysely = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type DialectName = 'sqlite' | 'postgres';

export interface DbTarget {
  /** postgres://… or null for SQLite. */
  databaseUrl: string | null;
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string;
  /** SQLite: an in-memory database opened from this image (better-sqlite3's serialize()), for tests. */
  sqliteImage?: Buffer;
  /** PostgreSQL schema to use (tests give each run its own). */
  pgSchema?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

/** Opens a Kysely instance. The caller owns it and calls destroy(). */
export function openDb<DB>(target: DbTarget): Kysely<DB> {
  if (target.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      max: target.poolSize ?? 10,
      ...(target.pgSchema ? { options: `-c search_path=${target.pgSchema}` } : {}),
    });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  const file = target.sqliteFile ?? ':memory:';
  if (file !== ':memory:' && !target.sqliteImage) fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(target.sqliteImage ?? file);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  registerSqliteHandle(kysely, database);
  return kysely;
}

/** How many distinct SQL texts keep a prepared statement (the app issues a few hundred shapes). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; with better-sqlite3 that preparation is a large share of a
 * short query's time. Statements are kept per SQL text (parameters are bound at each run, so the
 * text repeats) in a small LRU; a statement still being iterated is never handed out twice.
 *
 * Kysely's transactions begin with a plain `begin` (DEFERRED): the write lock is taken at the first
 * write, and if another connection (a second process in cluster mode, the search log's worker)
 * committed since the transaction's first read, SQLite refuses the upgrade at once with
 * SQLITE_BUSY_SNAPSHOT — its busy timeout does not apply. Here they begin IMMEDIATE: the write lock
 * is taken at `begin`, waiting (busy_timeout) for another writer to finish, and the transaction then
 * reads and writes one snapshot. Readers outside transactions are not affected (WAL).
 */
export function withStatementCache(database: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (text: string): SQLite.Statement => {
    const source = text === 'begin' ? 'begin immediate' : text;
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      cache.delete(source); // most recently used last
      cache.set(source, hit);
      return hit;
    }
    const stmt = database.prepare(source);
    if (!hit) {
      cache.set(source, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    return stmt;
  };
  return new Proxy(database, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** A cheap round trip, for /healthz. */
export async function ping(db: AnyKysely): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Is this a unique-constraint violation (either dialect)? */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A database too busy to answer now (retry later): SQLITE_BUSY / SQLITE_LOCKED (and their extended codes); PostgreSQL 40001, 40P01, 55P03. */
export function isDatabaseBusy(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code) || code === '40001' || code === '40P01' || code === '55P03';
}

/** Runs `fn` in a transaction, joining the caller's when `db` already is one. */
export async function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Inside a transaction: locks one row (by `id`) until the transaction ends, so a check-then-insert
 * on its children (e.g. "no draft yet, so create one") runs one at a time. PostgreSQL: SELECT … FOR
 * UPDATE (under READ COMMITTED the next statement then sees what the other transaction committed).
 * SQLite already runs one writer at a time.
 */
export async function lockRow(trx: AnyKysely, table: string, id: number): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select id from ${sql.table(table)} where id = ${id} for update`.execute(trx);
}

/**
 * Runs `fn` while holding the install lock: on PostgreSQL a session advisory lock per schema, so
 * processes that start together migrate, seed and load demo data one after the other (the second
 * finds the work done). SQLite serves one process: `fn` simply runs.
 */
export async function withInstallLock<T>(db: AnyKysely, fn: () => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return fn();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext(current_schema() || ':gongkai-install'))`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(current_schema() || ':gongkai-install'))`.execute(conn);
    }
  });
}
