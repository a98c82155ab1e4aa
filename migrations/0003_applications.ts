// 依申请公开: application cases (a row per case with the current stage and due date, for lists),
// the append-only event log that is the source of truth, uploaded delivery receipts and the
// configurable internal targets and remedy bodies per organisation. Installation-wide clock rules
// that are UNCONFIRMED live in install_state under `applications_clock_rules`.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('application_case'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('tracking_hash', 'text', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code')) // the agency answering (changes on transfer)
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('registered_org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('assigned_org_code', 'text', (c) => c.references('organisation.code'))
    .addColumn('assigned_org_path', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text')
    .addColumn('applicant_type', 'text', (c) => c.notNull())
    .addColumn('applicant_subtype', 'text')
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_id_number', 'text')
    .addColumn('applicant_phone', 'text')
    .addColumn('applicant_email', 'text')
    .addColumn('applicant_address', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_explanation', 'text', (c) => c.notNull())
    .addColumn('days_left', 'integer')
    .addColumn('outcome', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('delivered_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('application_case_org_idx').on('application_case').column('org_path').execute();
  await db.schema.createIndex('application_case_stage_idx').on('application_case').columns(['stage', 'due_on']).execute();
  await db.schema.createIndex('application_case_received_idx').on('application_case').column('received_on').execute();

  await withId(db, db.schema.createTable('application_event'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('application_case.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('event_on', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('application_event_seq_unique', ['case_id', 'seq'])
    .execute();

  await withId(db, db.schema.createTable('application_attachment'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('application_case.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // delivery_receipt
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('application_target')
    .addColumn('org_code', 'text', (c) => c.primaryKey().references('organisation.code'))
    .addColumn('register_days', 'integer', (c) => c.notNull())
    .addColumn('assign_days', 'integer', (c) => c.notNull())
    .addColumn('draft_days', 'integer', (c) => c.notNull())
    .addColumn('reply_days', 'integer', (c) => c.notNull())
    .addColumn('review_body', 'text') // 行政复议机关 named in the remedy notice (null: derived from the organisation tree)
    .addColumn('court', 'text') // 人民法院 named in the remedy notice (null: derived)
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['application_target', 'application_attachment', 'application_event', 'application_case']) await db.schema.dropTable(t).execute();
}
