// Shell: many-row INSERTs without the query builder. Building a 1,000-row × 20-column insert with
// Kysely costs about as much as running it (measured: half of an import's staging time), so bulk
// writers (imports) send the SQL text directly; the SQL of a full batch repeats, so SQLite's
// statement cache (db.ts) prepares it once.
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { AnyKysely } from './db.ts';

/** Parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/** Inserts `rows` (values in the order of `columns`) into `table`, in as few statements as fit. */
export async function insertRows(db: AnyKysely, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (!rows.length) return;
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const r of chunk) {
      if (r.length !== columns.length) throw new Error(`insertRows(${table}): ${r.length} values for ${columns.length} columns`);
      tuples.push(`(${r.map((v) => { params.push(v); return pg ? `$${params.length}` : '?'; }).join(', ')})`);
    }
    await db.executeQuery(CompiledQuery.raw(head + tuples.join(', '), params));
  }
}
