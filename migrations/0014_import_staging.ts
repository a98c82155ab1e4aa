// Service-map imports are all or nothing, even when the process is killed: rows are first staged
// under their import run (tables without search triggers, invisible to every page and to search),
// then ONE short transaction copies them into sm_item / sm_venue / sm_venue_item. A run killed
// while staging stays `staging`; the next import resumes it (same files) or discards it.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Who is staging the run (host:pid), so a second import does not take over a live one.
  await db.schema.alterTable('sm_import_run').addColumn('owner', 'text').execute();
  // Runs of the old batch-by-batch load: their rows are already live; nothing can resume them.
  await sql`update sm_import_run set status = 'abandoned' where status = 'running'`.execute(db);

  await db.schema.createTable('sm_import_stage_item')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull()) // position in the file's data rows, from 1
    .addColumn('public_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('basic_code', 'text', (c) => c.notNull())
    .addColumn('implementing_code', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('implementing_body', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('online_url', 'text')
    .addColumn('mobile_url', 'text')
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('legal_limit', 'integer')
    .addColumn('legal_unit', 'text')
    .addColumn('promised_limit', 'integer')
    .addColumn('promised_unit', 'text')
    .addColumn('visits', 'integer')
    .addColumn('guide_json', 'text')
    .addPrimaryKeyConstraint('sm_import_stage_item_pk', ['run_id', 'seq'])
    .execute();

  await db.schema.createTable('sm_import_stage_venue')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('public_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('hours_json', 'text', (c) => c.notNull())
    .addColumn('is_24h', 'integer', (c) => c.notNull())
    .addColumn('holiday_rule', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('photos_json', 'text', (c) => c.notNull())
    .addColumn('verified_on', 'text')
    .addColumn('host_venue_id', 'text')
    .addColumn('rating', 'double precision')
    .addColumn('rating_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sm_import_stage_venue_pk', ['run_id', 'seq'])
    .execute();

  // The items a staged venue offers (public ids; resolved to internal ids when switched live).
  await db.schema.createTable('sm_import_stage_link')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull()) // the venue's seq
    .addColumn('venue_public_id', 'text', (c) => c.notNull())
    .addColumn('item_public_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sm_import_stage_link_run_idx').on('sm_import_stage_link').columns(['run_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sm_import_stage_link', 'sm_import_stage_venue', 'sm_import_stage_item']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('sm_import_run').dropColumn('owner').execute();
}
