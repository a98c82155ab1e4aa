// Appointments and the live queue (issue 22): a venue's bookable slots (weekly rules on the
// working-day calendar, exceptions per day), bookings with a per-slot counter that can never pass
// the capacity, remote 取号 tickets and the calling system's queue events, the venue tokens those
// systems authenticate with, and hourly aggregates of the events (the waiting-time prediction).
import { sql, type Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // ---- appointments ----
  // One weekly rule: on these weekdays, from start to end, `capacity` people (for one item, or any item of the venue when item_id is null).
  await withId(db, db.schema.createTable('ap_slot_rule'))
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.references('sm_item.id').onDelete('cascade'))
    .addColumn('weekdays', 'text', (c) => c.notNull()) // "1,2,3,4,5" (1 = Monday … 7 = Sunday)
    .addColumn('start_min', 'integer', (c) => c.notNull()) // minute of the local day (Asia/Shanghai)
    .addColumn('end_min', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ap_slot_rule_venue_idx').on('ap_slot_rule').columns(['venue_id', 'position']).execute();

  // A venue's own exception on one day: closed (e.g. a system upgrade) or open on a day the calendar closes (with the rules of weekday `as_weekday`).
  await withId(db, db.schema.createTable('ap_slot_exception'))
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('day_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // closed | open (EXCEPTION_KINDS)
    .addColumn('as_weekday', 'integer') // open: whose weekday rules apply (1–7)
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ap_slot_exception_day_unique', ['venue_id', 'day_on'])
    .execute();

  // Booked places per slot: a booking increments `booked` only while it is below the capacity (one conditional upsert), a cancellation decrements it.
  await db.schema.createTable('ap_slot_load')
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('item_key', 'integer', (c) => c.notNull()) // the rule's item id, 0 = any item of the venue
    .addColumn('start_at', 'text', (c) => c.notNull()) // the slot's start (ISO instant)
    .addColumn('booked', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ap_slot_load_pk', ['venue_id', 'item_key', 'start_at'])
    .execute();

  await withId(db, db.schema.createTable('ap_appointment'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique()) // the reference given to the person (YY…)
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id'))
    .addColumn('item_id', 'integer', (c) => c.references('sm_item.id'))
    .addColumn('item_key', 'integer', (c) => c.notNull()) // as in ap_slot_load
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('day_on', 'text', (c) => c.notNull()) // local date of start_at (reminders, desk lists)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    // who booked: "a:<account public id>" or "p:<HMAC of the phone>" — one active booking per person and slot
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer')
    .addColumn('code_hash', 'text', (c) => c.notNull()) // the cancel code, hashed
    .addColumn('status', 'text', (c) => c.notNull()) // booked | cancelled | attended | no_show (APPOINTMENT_STATUSES)
    .addColumn('channel', 'text', (c) => c.notNull()) // web | api | kiosk | desk
    .addColumn('rescheduled_from', 'text') // public id of the booking this one replaced
    .addColumn('reminded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ap_appointment_slot_idx').on('ap_appointment').columns(['venue_id', 'start_at']).execute();
  await db.schema.createIndex('ap_appointment_day_idx').on('ap_appointment').columns(['day_on', 'status']).execute();
  await db.schema.createIndex('ap_appointment_account_idx').on('ap_appointment').column('account_id').execute();
  // The same person can hold one active booking per venue and slot (a partial unique index: both dialects).
  await sql`CREATE UNIQUE INDEX ap_appointment_person_slot_unique ON ap_appointment (venue_id, start_at, person_key) WHERE status = 'booked'`.execute(db);

  // ---- queue ----
  // A venue's item groups (A 社保医保, B 不动产 …): the numbers' prefix, and which items each covers.
  await withId(db, db.schema.createTable('qu_group'))
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull()) // the calling system's group code, also the number prefix (A, B …)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('item_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of sm_item public ids
    .addColumn('remote', 'integer', (c) => c.notNull().defaultTo(1)) // 1: numbers may be taken remotely
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('qu_group_code_unique', ['venue_id', 'code'])
    .execute();

  // The bearer token a venue's calling system sends (only its hash is kept).
  await withId(db, db.schema.createTable('qu_venue_token'))
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  // One queue number of one day: taken remotely (with the account) or issued in the hall by the calling system.
  await withId(db, db.schema.createTable('qu_ticket'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('day_on', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull()) // what is called out: A012
    .addColumn('source', 'text', (c) => c.notNull()) // remote | hall (TICKET_SOURCES)
    .addColumn('account_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull()) // waiting | called | finished | no_show | cancelled (TICKET_STATUSES)
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('called_at', 'text')
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('qu_ticket_number_unique', ['venue_id', 'day_on', 'number'])
    .execute();
  await db.schema.createIndex('qu_ticket_waiting_idx').on('qu_ticket').columns(['venue_id', 'day_on', 'group_code', 'status']).execute();
  await db.schema.createIndex('qu_ticket_account_idx').on('qu_ticket').column('account_id').execute();

  // Every event the calling system (or the remote taking) reported, as received: the prediction's history.
  await withId(db, db.schema.createTable('qu_event'))
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('ticket_id', 'integer', (c) => c.references('qu_ticket.id').onDelete('set null'))
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // issued | called | finished | no_show (QUEUE_EVENT_KINDS)
    .addColumn('at', 'text', (c) => c.notNull()) // when it happened (ISO instant)
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('wait_min', 'integer') // called/no_show: minutes from issued to called
    .execute();
  await db.schema.createIndex('qu_event_venue_at_idx').on('qu_event').columns(['venue_id', 'at']).execute();

  // Per venue, local day and hour: numbers issued, called, and the sum of their waits — the prediction reads these, never the raw events.
  await db.schema.createTable('qu_hourly')
    .addColumn('venue_id', 'integer', (c) => c.notNull().references('sm_venue.id').onDelete('cascade'))
    .addColumn('day_on', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull()) // 0–23 local
    .addColumn('issued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('called', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wait_sum_min', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_waiting', 'integer', (c) => c.notNull().defaultTo(0)) // most people waiting at once in that hour
    .addPrimaryKeyConstraint('qu_hourly_pk', ['venue_id', 'day_on', 'hour'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['qu_hourly', 'qu_event', 'qu_ticket', 'qu_venue_token', 'qu_group', 'ap_appointment', 'ap_slot_load', 'ap_slot_exception', 'ap_slot_rule']) {
    await db.schema.dropTable(t).execute();
  }
}
