// Shell: a query built and compiled once per database handle, run with new parameters each time.
// Kysely builds an immutable query tree and compiles it to SQL on every call — on a short indexed
// read as costly as the SQL itself (issue 24 §5 profile); the hot public reads compile once.
// On SQLite (a handle opened by openDb, outside any transaction) the compiled statement also runs
// directly on better-sqlite3, synchronously, without Kysely's executor (its connection mutex,
// promises and result transformation were ≈ 5 % of a record page's CPU), and `readSnapshot` lets
// several such reads share one read transaction (each statement outside a transaction opens and
// closes its own read of the WAL: ≈ 7–10 µs each).
import type SQLite from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { sqliteHandleOf } from './data-version.ts';

const SLOT = '\u0000gk-slot:';

/** The handle whose read transaction `readSnapshot` holds right now (synchronous code only). */
let snapshotOf: SQLite.Database | null = null;
const txStatements = new WeakMap<SQLite.Database, { begin: SQLite.Statement; commit: SQLite.Statement }>();

/** The better-sqlite3 handle a synchronous read may use now: openDb's, in no transaction but our own snapshot. */
function syncHandle(db: object): SQLite.Database | null {
  const h = sqliteHandleOf(db);
  if (!h) return null;
  if (snapshotOf === h) return h;
  // another transaction of this connection (a Kysely transaction awaiting between its statements):
  // reading here would see its uncommitted writes — go through Kysely, which waits for it to end
  return h.inTransaction ? null : h;
}

/**
 * Runs `fn` in one read transaction of `db`'s SQLite handle, so every read in it (synchronous
 * `sync` calls of compiledOnce queries, `dataVersionSync`) sees the same committed state and
 * the WAL is opened once. `fn` must be synchronous and only read. Returns null when there is no
 * such handle (PostgreSQL, a transaction, another transaction open on the connection): the caller
 * reads the asynchronous way.
 */
export function readSnapshot<T>(db: object, fn: () => T): { value: T } | null {
  const h = syncHandle(db);
  if (!h || snapshotOf) return null;
  let tx = txStatements.get(h);
  if (!tx) txStatements.set(h, tx = { begin: h.prepare('begin'), commit: h.prepare('commit') });
  tx.begin.run();
  snapshotOf = h;
  try {
    return { value: fn() };
  } finally {
    snapshotOf = null;
    // an error that made SQLite roll back itself (IOERR, FULL, NOMEM) left nothing to commit: the caller sees that error
    if (h.inTransaction) tx.commit.run();
  }
}

/** A compiled query: run it asynchronously (any dialect), or synchronously where SQLite allows (`sync`: null otherwise). */
export interface CompiledOnce<DB, R, A extends unknown[]> {
  (db: Kysely<DB>, ...args: A): Promise<R[]>;
  sync(db: Kysely<DB>, ...args: A): R[] | null;
}

/**
 * `build(db, slot)` makes the query with `slot(i)` where the i-th argument goes (scalar values
 * only: not inside `in (…)` lists, whose length would vary). The result runs it with `args`.
 */
export function compiledOnce<DB, R, A extends unknown[]>(build: (db: Kysely<DB>, slot: (i: number) => string) => { compile(db: Kysely<DB>): CompiledQuery<R> }): CompiledOnce<DB, R, A> {
  const memo = new WeakMap<object, { q: CompiledQuery<R>; at: number[]; stmt: SQLite.Statement | null | undefined }>();
  const compiled = (db: Kysely<DB>, args: A) => {
    let m = memo.get(db);
    if (!m) {
      const q = build(db, (i) => `${SLOT}${i}`).compile(db);
      const at = q.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : -1));
      if (args.length > 0 && at.every((i) => i < 0)) throw new Error('compiledOnce: the query has no slot for its arguments');
      m = { q, at, stmt: undefined };
      memo.set(db, m);
    }
    return m;
  };
  const bind = (m: { q: CompiledQuery<R>; at: number[] }, args: A) => m.q.parameters.map((p, k) => (m.at[k]! >= 0 ? args[m.at[k]!] : p));
  const direct = (db: Kysely<DB>, args: A): R[] | null => {
    const h = syncHandle(db);
    if (!h) return null;
    const m = compiled(db, args);
    if (m.stmt === undefined) {
      const s = h.prepare(m.q.sql);
      m.stmt = s.reader ? s : null; // only reads run outside Kysely
    }
    return m.stmt ? (m.stmt.all(bind(m, args)) as R[]) : null;
  };
  const run = async (db: Kysely<DB>, ...args: A): Promise<R[]> => {
    const rows = direct(db, args);
    if (rows) return rows;
    const m = compiled(db, args);
    return (await db.executeQuery<R>({ ...m.q, parameters: bind(m, args) })).rows;
  };
  return Object.assign(run, { sync: (db: Kysely<DB>, ...args: A) => direct(db, args) });
}
