// Public disclosure platform (issue 4, public half): a covering index for the subtree counts —
// statistics per organisation and period, and the API's `total` — so they read the index only,
// never the (large) record rows: org_path range, then state and published_at, grouped by published_on;
// and two sparse look-ups for the openness office's lists (late publications, validity dates).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('disclosure_org_state_idx').on('disclosure').columns(['org_path', 'state', 'published_at', 'published_on']).execute();
  await db.schema.createIndex('disclosure_late_idx').on('disclosure').column('late_working_days').execute();
  await db.schema.createIndex('disclosure_expires_idx').on('disclosure').column('expires_on').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['disclosure_expires_idx', 'disclosure_late_idx', 'disclosure_org_state_idx']) await db.schema.dropIndex(i).ifExists().execute();
}
