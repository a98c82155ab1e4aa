// Service map (政务服务地图): venues (service centres, stations, self-service terminals …), service
// items with their guides, which venue offers which item, life-event stages, import runs (resume),
// and a version counter that tells every process when to reload its in-memory venue index.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('sm_venue'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique()) // the id in import files and URLs
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // service_centre | … | terminal
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull()) // NBS 12 digits
    .addColumn('org_code', 'text', (c) => c.notNull()) // organisation whose staff may manage it
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull()) // WGS-84
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('hours_json', 'text', (c) => c.notNull()) // {"mon":"09:00-12:00,13:30-17:30",…}
    .addColumn('is_24h', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('holiday_rule', 'text', (c) => c.notNull().defaultTo('statutory'))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photos_json', 'text', (c) => c.notNull().defaultTo('[]')) // [{url, caption, kind: door|hall|other}]
    .addColumn('verified_on', 'text') // last verified (LocalDate)
    .addColumn('host_venue_id', 'text') // public id of the venue a terminal stands in
    .addColumn('rating', 'double precision')
    .addColumn('rating_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queue_waiting', 'integer')
    .addColumn('queue_wait_minutes', 'integer')
    .addColumn('queue_updated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sm_venue_region_idx').on('sm_venue').column('region_code').execute();
  await db.schema.createIndex('sm_venue_queue_idx').on('sm_venue').column('queue_updated_at').execute();

  await withId(db, db.schema.createTable('sm_item'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('basic_code', 'text', (c) => c.notNull().defaultTo('')) // 基本编码
    .addColumn('implementing_code', 'text', (c) => c.notNull().defaultTo('')) // 实施编码
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('implementing_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('')) // space-separated
    .addColumn('online_url', 'text')
    .addColumn('mobile_url', 'text')
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('')) // space-separated channel codes
    .addColumn('legal_limit', 'integer') // 法定办结时限 (0 = 即办)
    .addColumn('legal_unit', 'text')
    .addColumn('promised_limit', 'integer') // 承诺办结时限
    .addColumn('promised_unit', 'text')
    .addColumn('visits', 'integer') // 到办事现场次数
    .addColumn('guide_json', 'text') // the remaining guide elements (conditions, materials, steps, fees, FAQ …)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sm_item_region_idx').on('sm_item').column('region_code').execute();

  await db.schema
    .createTable('sm_venue_item')
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('sm_item.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('sm_venue_item_pk', ['venue_id', 'item_id'])
    .execute();
  await db.schema.createIndex('sm_venue_item_item_idx').on('sm_venue_item').columns(['item_id', 'venue_id']).execute();

  await withId(db, db.schema.createTable('sm_life_event_stage'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull()) // enterprise | personal
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('catalogue_refs', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of catalogue item ids (catalogs module)
    .addUniqueConstraint('sm_life_event_stage_unique', ['region_code', 'audience', 'slug'])
    .execute();

  await db.schema
    .createTable('sm_life_event_item')
    .addColumn('stage_id', 'integer', (c) => c.notNull().references('sm_life_event_stage.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('sm_item.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sm_life_event_item_pk', ['stage_id', 'item_id'])
    .execute();

  await withId(db, db.schema.createTable('sm_import_run'))
    .addColumn('kind', 'text', (c) => c.notNull()) // items | venues
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('done_rows', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // running | done
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sm_import_run_file_idx').on('sm_import_run').columns(['kind', 'file_sha256']).execute();

  await db.schema
    .createTable('sm_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sm_state', 'sm_import_run', 'sm_life_event_item', 'sm_life_event_stage', 'sm_venue_item', 'sm_item', 'sm_venue']) {
    await db.schema.dropTable(t).execute();
  }
}
