// Letters as issued (issue 15, item 3): a letter of a 依申请公开 case is fixed when the event that
// issues it is appended — its 发文字号 (office prefix + yearly serial), its date and the facts that
// are not in the event log (the due date in force then, the names of the offices, the applicant as
// registered). The serial counts per issuing organisation and year, allocated with
// INSERT … ON CONFLICT DO UPDATE … RETURNING in the issuing transaction (as the 索引号 serials).
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('application_letter'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('application_case.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_seq', 'integer', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('doc_year', 'integer', (c) => c.notNull())
    .addColumn('doc_serial', 'integer')
    .addColumn('doc_number', 'text')
    .addColumn('dated_on', 'text', (c) => c.notNull())
    .addColumn('facts_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('application_letter_event_unique', ['case_id', 'kind', 'event_seq'])
    .addUniqueConstraint('application_letter_serial_unique', ['org_code', 'doc_year', 'doc_serial'])
    .execute();
  await db.schema.createIndex('application_letter_case').on('application_letter').columns(['case_id', 'kind']).execute();

  await db.schema
    .createTable('application_letter_counter')
    .addColumn('scope_key', 'text', (c) => c.primaryKey()) // `${org_code}:${year}`
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .execute();

  // 发文字号 prefix per organisation (e.g. 磁政依公); a default is derived from the name when unset.
  await db.schema
    .createTable('application_letter_prefix')
    .addColumn('org_code', 'text', (c) => c.primaryKey().references('organisation.code'))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['application_letter_prefix', 'application_letter_counter', 'application_letter']) await db.schema.dropTable(t).ifExists().execute();
}
