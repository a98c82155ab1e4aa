// Channels (issue 19): the 咨询登记 (enquiry log) of 政务公开专区 and windows, each venue's kiosk and
// hall-display settings, kiosk usage counted per day, and the zone a walk-in 依申请公开 application
// was registered at.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // 咨询登记: one row per question asked at a zone, a window or by phone (channels/enquiries)
  await withId(db, db.schema.createTable('enquiry'))
    // public id: ZX + 12 characters (never the row id)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    // the organisation that answered (the zone's or window's unit) and its subtree path
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    // the 政务公开专区 / venue and, when asked at a counter, the window (rating_window.public_id)
    .addColumn('venue_public_id', 'text')
    .addColumn('window_public_id', 'text')
    // window 窗口 | phone 电话 | self_service 自助 (ENQUIRY_CHANNELS)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('asked_on', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    // the service item and/or record (disclosure public id, application reference) it was about
    .addColumn('item_public_id', 'text')
    .addColumn('record_ref', 'text')
    .addColumn('answer', 'text', (c) => c.notNull().defaultTo(''))
    // 1 when the answer needs a follow-up; the day it was followed up
    .addColumn('follow_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('followed_up_on', 'text')
    // optional contact, masked in every list and log
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    // staff | assistant (issue 20 hands conversations over as enquiries)
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('staff'))
    // turned into a message (民心直通车 reference) or an application (依申请公开 reference)
    .addColumn('converted_kind', 'text')
    .addColumn('converted_ref', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enquiry_org_path').on('enquiry').columns(['org_path', 'asked_on']).execute();
  await db.schema.createIndex('enquiry_venue').on('enquiry').columns(['venue_public_id', 'asked_on']).execute();

  // per venue: kiosk idle timeout and the hall display's sections (absent → defaults)
  await db.schema.createTable('channel_setting')
    .addColumn('venue_public_id', 'text', (c) => c.primaryKey())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('kiosk_idle_seconds', 'integer', (c) => c.notNull())
    // [{ "section": "disclosure", "seconds": 20 }, …] in the order shown (DISPLAY_SECTIONS)
    .addColumn('display_sections_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // kiosk usage per venue, day and kind (KIOSK_USAGE_KINDS): one counter row, upserted
  await db.schema.createTable('kiosk_usage')
    .addColumn('venue_public_id', 'text', (c) => c.notNull())
    .addColumn('used_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('kiosk_usage_pk', ['venue_public_id', 'used_on', 'kind'])
    .execute();

  // the zone (venue public id) a walk-in 依申请公开 application was registered at (window desk)
  await db.schema.alterTable('application_case').addColumn('venue_public_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_case').dropColumn('venue_public_id').execute();
  for (const t of ['kiosk_usage', 'channel_setting', 'enquiry']) await db.schema.dropTable(t).execute();
}
