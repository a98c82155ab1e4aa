// The personal space (issue 21 §2) looks on every /me view for earlier submissions of the signed-in
// person that are not yet linked to an account: by the applicant's / contact's / rater's phone, and
// by the applicant's ID number or 统一社会信用代码. These indexes keep that a few index reads.
import type { Kysely } from 'kysely';

const INDEXES: [name: string, table: string, column: string][] = [
  ['application_case_applicant_phone', 'application_case', 'applicant_phone'],
  ['application_case_applicant_id_number', 'application_case', 'applicant_id_number'],
  ['message_contact_phone', 'message', 'contact_phone'],
  ['rating_rater_phone', 'rating', 'rater_phone'],
  ['enquiry_contact_phone', 'enquiry', 'contact_phone'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, column] of INDEXES) await db.schema.createIndex(name).ifNotExists().on(table).column(column).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
