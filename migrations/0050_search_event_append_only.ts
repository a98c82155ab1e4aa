// The search log is written append-only (issue 24 §3): the index on search_event.query goes.
// Every logged search inserted into it at a random place, so a tick's ~375 rows (1,500 searches/s)
// dirtied ~170 pages of it — ≈ 690 KB of WAL a commit, 10× the rows themselves, and the checkpoints
// that follow. No reader needs it: hot terms, zero-result queries and the most opened items all
// filter on `at` (search_event_at) and group what that range holds; with the query index SQLite
// chose to walk the whole table in query order instead (4.8 s for 1 M rows, even for an empty
// range; 0.9 s and 0.01 s through `at`).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('search_event_query').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('search_event_query').on('search_event').columns(['query']).execute();
}
