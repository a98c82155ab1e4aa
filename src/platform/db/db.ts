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
/** SQLite's limit on a statement's parameters (better-sqlite3 is built with SQLITE_MAX_VARIABLE_NUMBER=32766). */
const MAX_PARAMETERS = 32766;

/** A text with its `in (…)` lists padded: the text prepared, and for each of its parameters the index of the value bound there. */
interface Padding { text: string; from: number[]; count: number }

// String and quoted-identifier literals (skipped), `in (?, …, ?)` lists as Kysely writes them, and single parameters.
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\bin \(\?(?:, \?)*\)|\?/gi;

/**
 * An `in (?, …)` list of k values is padded to the next power of two by repeating its last value,
 * which changes no result (`x in (a, b, b)` is `x in (a, b)`, for `not in` too). A query called with
 * lists of every length (the ids of a page's rows: the Open311 list's photo query, up to 1,000)
 * otherwise prepares one statement per length, each holding its own program in SQLite's memory
 * (≈ 100 bytes a value: 25 MB for the lengths 1–500), and the cache kept up to 500 of them:
 * issue 24 §2, the main malloc arena grew by ≈ 45 MB over the hour soak. Null: nothing to pad.
 */
export function padInLists(text: string): Padding | null {
  // numbered or named parameters (positions are not the order of the `?`) and comments (a `?` in one is
  // no parameter) are left alone; so is a text with such characters in a string literal (nothing lost but the padding)
  if (/\?\d|[:@$][A-Za-z_]|--|\/\*/.test(text)) return null;
  const from: number[] = [];
  let next = 0; // the index of the next value the caller binds
  let padded = false;
  const out = text.replace(TOKENS, (token) => {
    if (token === '?') { from.push(next++); return token; }
    if (token[0] === "'" || token[0] === '"') return token;
    const k = token.split('?').length - 1;
    const size = 2 ** Math.ceil(Math.log2(k));
    for (let i = 0; i < size; i++) from.push(next + Math.min(i, k - 1));
    next += k;
    padded ||= size > k;
    return `in (${Array<string>(size).fill('?').join(', ')})`;
  });
  return padded && from.length <= MAX_PARAMETERS ? { text: out, from, count: next } : null;
}

/** `stmt` run with `padding`'s values: the caller binds the values of the text it asked for (as Kysely does: one array). */
class PaddedStatement {
  constructor(private readonly stmt: SQLite.Statement, private readonly padding: Padding) {}
  get reader(): boolean { return this.stmt.reader; }
  get busy(): boolean { return this.stmt.busy; }
  private values(args: unknown[]): unknown[] {
    const given = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as unknown[];
    // as SQLite refuses a wrong number of values for the text asked for (a padded one would bind the missing as NULL)
    if (given.length !== this.padding.count) throw new RangeError(`Too ${given.length < this.padding.count ? 'few' : 'many'} parameter values were provided`);
    return this.padding.from.map((i) => given[i]);
  }
  all(...args: unknown[]): unknown[] { return this.stmt.all(this.values(args)); }
  get(...args: unknown[]): unknown { return this.stmt.get(this.values(args)); }
  run(...args: unknown[]): SQLite.RunResult { return this.stmt.run(this.values(args)); }
  iterate(...args: unknown[]): IterableIterator<unknown> { return this.stmt.iterate(this.values(args)); }
}

/**
 * Kysely prepares every query anew; with better-sqlite3 that preparation is a large share of a
 * short query's time. Statements are kept per SQL text (parameters are bound at each run, so the
 * text repeats) in a small LRU; a statement still being iterated is never handed out twice. Texts
 * with `in (…)` lists are prepared padded (padInLists), so a list's length makes few shapes.
 *
 * Kysely's transactions begin with a plain `begin` (DEFERRED): the write lock is taken at the first
 * write, and if another connection (a second process in cluster mode, the search log's worker)
 * committed since the transaction's first read, SQLite refuses the upgrade at once with
 * SQLITE_BUSY_SNAPSHOT — its busy timeout does not apply. Here they begin IMMEDIATE: the write lock
 * is taken at `begin`, waiting (busy_timeout) for another writer to finish, and the transaction then
 * reads and writes one snapshot. Readers outside transactions are not affected (WAL).
 */
export function withStatementCache(database: SQLite.Database): SQLite.Database {
  // by SQL text: its statement, or for a text whose lists are padded, the padding (its padded text is cached too)
  const cache = new Map<string, SQLite.Statement | Padding>();
  const remember = (source: string, entry: SQLite.Statement | Padding) => {
    cache.set(source, entry);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  };
  const prepare = (text: string): SQLite.Statement => {
    const source = text === 'begin' ? 'begin immediate' : text;
    let hit = cache.get(source);
    if (hit === undefined && source.includes(' in (?')) {
      const padding = padInLists(source);
      if (padding) remember(source, hit = padding);
    }
    if (hit && ('from' in hit || !hit.busy)) {
      cache.delete(source); // most recently used last
      cache.set(source, hit);
      return 'from' in hit ? (new PaddedStatement(prepare(hit.text), hit) as unknown as SQLite.Statement) : hit;
    }
    const stmt = database.prepare(source);
    if (!hit) remember(source, stmt);
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
