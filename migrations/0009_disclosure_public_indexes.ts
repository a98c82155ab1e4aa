// Public disclosure platform (issue 4, public half): one covering index for the subtree counts —
// statistics per organisation and period, and the API's `total` — so they read the index only,
// never the (large) record rows: org_path range, then state and published_at, grouped by published_on.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('disclosure_org_state_idx').on('disclosure').columns(['org_path', 'state', 'published_at', 'published_on']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('disclosure_org_state_idx').ifExists().execute();
}
