// Public home page (issue 16): the configurable entrances to other portals (province, city, county
// government sites; platform-wide data, kept by platform administrators), and the indexes the home
// page's blocks read:
//   - 通知公告 / 政策解读: newest visible records of one genre — (genre, state, published_at) walked
//     backwards per genre and state, instead of walking every publication and filtering by genre;
//   - the latest public replies of 民心直通车 — (is_public, replied_on);
//   - the annual reports, newest year first — (state, year);
//   - the 民心直通车 figures of a period (statRows: received, due, originally due or closed in it) —
//     original_due_on and closed_on, so each term of that OR is an index range (received_on and
//     due_on had theirs) instead of a scan of every message.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('portal_link'))
    .addColumn('level', 'text', (c) => c.notNull()) // province | city | county | other
    .addColumn('name', 'text', (c) => c.notNull()) // 河北省人民政府
    .addColumn('url', 'text', (c) => c.notNull()) // absolute http(s) address
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disclosure_genre_public_idx').on('disclosure').columns(['genre', 'state', 'published_at']).execute();
  await db.schema.createIndex('message_public_replied_idx').on('message').columns(['is_public', 'replied_on']).execute();
  await db.schema.createIndex('annual_report_state_year_idx').on('annual_report').columns(['state', 'year']).execute();
  await db.schema.createIndex('message_original_due_idx').on('message').columns(['original_due_on']).execute();
  await db.schema.createIndex('message_closed_idx').on('message').columns(['closed_on']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['message_closed_idx', 'message_original_due_idx', 'annual_report_state_year_idx', 'message_public_replied_idx', 'disclosure_genre_public_idx']) await db.schema.dropIndex(i).ifExists().execute();
  await db.schema.dropTable('portal_link').ifExists().execute();
}
