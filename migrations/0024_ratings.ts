// 政务服务「好差评」 (ratings module, 国办发〔2019〕51号): one row per rating with its subject (venue,
// window, staff number, service item, online service, 12345 order or 民心直通车 reply), the 差评
// workflow's state and dates (the event log is rating_event), single-use rating links, the windows
// of each venue (their QR codes), the configurable 差评 reasons and each county's deadlines.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('rating'))
    // public id: PJ + 12 characters (never the row id)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    // the responsible unit (谁办理、谁负责) and its subtree path
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('venue_public_id', 'text')
    .addColumn('item_public_id', 'text')
    .addColumn('window_code', 'text')
    .addColumn('staff_no', 'text')
    // 办件号, 12345 order number or message reference the rating is about
    .addColumn('case_ref', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    // 5 非常满意 … 1 非常不满意; bad = level <= 2 (差评)
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('is_bad', 'integer', (c) => c.notNull())
    .addColumn('indicators_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('reasons_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    // a named rater can be called back (回访率 target 100 %); the phone is masked wherever shown
    .addColumn('rater_name', 'text')
    .addColumn('rater_phone', 'text')
    .addColumn('rated_on', 'text', (c) => c.notNull())
    .addColumn('rated_at', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text')
    // 差评 workflow (ratings/workflow.ts): none for a good rating
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('callback_due_on', 'text')
    .addColumn('called_back_on', 'text')
    .addColumn('rectify_due_on', 'text')
    .addColumn('rectified_on', 'text')
    .addColumn('replied_on', 'text')
    .addColumn('closed_on', 'text')
    // 1 when an upheld appeal (申诉复核) removed it from the statistics; it stays in the log
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    // a later rating by the same rater after the reply (再评价) points back here
    .addColumn('rerating_of', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rating_org_path').on('rating').columns(['org_path', 'rated_on']).execute();
  await db.schema.createIndex('rating_org_month').on('rating').columns(['org_code', 'rated_on']).execute();
  await db.schema.createIndex('rating_venue').on('rating').columns(['venue_public_id', 'rated_on']).execute();
  await db.schema.createIndex('rating_item').on('rating').columns(['item_public_id', 'rated_on']).execute();
  await db.schema.createIndex('rating_bad_state').on('rating').columns(['is_bad', 'state']).execute();

  await withId(db, db.schema.createTable('rating_event'))
    .addColumn('rating_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_org_code', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rating_event_seq').on('rating_event').columns(['rating_id', 'seq']).unique().execute();

  // a signed single-use rating link per 办件 (only the hash of its secret is stored)
  await withId(db, db.schema.createTable('rating_link'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('case_ref', 'text', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('venue_public_id', 'text')
    .addColumn('item_public_id', 'text')
    .addColumn('window_code', 'text')
    .addColumn('staff_no', 'text')
    .addColumn('rater_name', 'text')
    .addColumn('rater_phone', 'text')
    .addColumn('rater_email', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('rating_public_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rating_link_case').on('rating_link').columns(['org_code', 'case_ref']).execute();

  // the windows of a venue (窗口), each with its QR code; code is unique within the venue
  await withId(db, db.schema.createTable('rating_window'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('venue_public_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rating_window_venue_code').on('rating_window').columns(['venue_public_id', 'code']).unique().execute();

  // 差评 reasons every county shares (platform administrators keep them)
  await db.schema.createTable('rating_reason')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // each county's time limits (UNCONFIRMED nationally: regulations.md §4.4); absent → defaults
  await db.schema.createTable('rating_setting')
    .addColumn('org_code', 'text', (c) => c.primaryKey())
    .addColumn('callback_days', 'integer', (c) => c.notNull())
    .addColumn('rectify_days', 'integer', (c) => c.notNull())
    .addColumn('link_valid_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['rating_setting', 'rating_reason', 'rating_window', 'rating_link', 'rating_event', 'rating']) {
    await db.schema.dropTable(t).execute();
  }
}
