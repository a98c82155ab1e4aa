// Life events as data (issue 22 §5): one set per government (a county's organisation region) with
// the draft its staff edit (a JSON document: stages with item public ids and catalogue references)
// and the published version's who/when/number. The published stages stay in sm_life_event_stage /
// sm_life_event_item (the public page, the assistant and the accounts module read those); publishing
// replaces a region's rows there in one transaction. Existing rows (the demo's) become version 1.
import { sql, type Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('sm_life_event_set'))
    .addColumn('region_code', 'text', (c) => c.notNull().unique()) // the county's 12-digit code
    .addColumn('org_code', 'text', (c) => c.notNull()) // the government whose staff edit and publish it
    .addColumn('draft_json', 'text') // null: the draft is the published version
    .addColumn('draft_updated_at', 'text')
    .addColumn('draft_updated_by', 'text')
    .addColumn('published_version', 'integer', (c) => c.notNull().defaultTo(0)) // 0: never published
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .execute();
  const at = new Date().toISOString();
  const regions = await sql<{ region_code: string }>`SELECT DISTINCT region_code FROM sm_life_event_stage`.execute(db);
  for (const { region_code: code } of regions.rows) {
    const county = `${code.slice(0, 6)}000000`;
    if (county !== code) continue; // only county sets are published sets
    const org = await sql<{ code: string }>`SELECT code FROM organisation WHERE region_code = ${county} AND code NOT LIKE '%-%'`.execute(db);
    const orgCode = org.rows[0]?.code ?? county.slice(0, 6);
    await sql`INSERT INTO sm_life_event_set (region_code, org_code, published_version, published_at, published_by) VALUES (${county}, ${orgCode}, 1, ${at}, ${'迁移 0039'})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sm_life_event_set').execute();
}
