// Listing the service map's data (issue 22 §7): the stable order of the listing API — (region_code,
// public_id) — as composite indexes, so a page of GET /api/v1/items or /api/v1/venues is one index
// range scan even at 1.91 M items; and the public totals per region (venues, terminals, items,
// items by channel), refreshed after every import's switch instead of counted per request.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('sm_item_region_public_idx').on('sm_item').columns(['region_code', 'public_id']).execute();
  await db.schema.createIndex('sm_venue_region_public_idx').on('sm_venue').columns(['region_code', 'public_id']).execute();
  // One row per region prefix ('' = everything, then 2/4/6/9/12 digits) and metric
  // (venues, terminals, items, channel:<code>).
  await db.schema.createTable('sm_region_total')
    .addColumn('region_prefix', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sm_region_total_pk', ['region_prefix', 'metric'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sm_region_total').execute();
  await db.schema.dropIndex('sm_venue_region_public_idx').execute();
  await db.schema.dropIndex('sm_item_region_public_idx').execute();
}
