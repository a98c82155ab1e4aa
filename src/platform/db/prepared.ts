// Shell: a query built and compiled once per database handle, run with new parameters each time.
// Kysely builds an immutable query tree and compiles it to SQL on every call — on a short indexed
// read as costly as the SQL itself (issue 24 §5 profile); the hot public reads compile once.
import type { CompiledQuery, Kysely } from 'kysely';

const SLOT = '\u0000gk-slot:';

/**
 * `build(db, slot)` makes the query with `slot(i)` where the i-th argument goes (scalar values
 * only: not inside `in (…)` lists, whose length would vary). The result runs it with `args`.
 */
export function compiledOnce<DB, R, A extends unknown[]>(build: (db: Kysely<DB>, slot: (i: number) => string) => { compile(db: Kysely<DB>): CompiledQuery<R> }) {
  const memo = new WeakMap<object, { q: CompiledQuery<R>; at: number[] }>();
  return async (db: Kysely<DB>, ...args: A): Promise<R[]> => {
    let m = memo.get(db);
    if (!m) {
      const q = build(db, (i) => `${SLOT}${i}`).compile(db);
      const at = q.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : -1));
      if (args.length > 0 && at.every((i) => i < 0)) throw new Error('compiledOnce: the query has no slot for its arguments');
      m = { q, at };
      memo.set(db, m);
    }
    const { q, at } = m;
    const parameters = q.parameters.map((p, k) => (at[k]! >= 0 ? args[at[k]!] : p));
    return (await db.executeQuery<R>({ ...q, parameters })).rows;
  };
}
