// 转人工 (issue 20 §4): the contact a person gives when asking for a human, kept only until the
// hand-off is answered or converted (a message needs a name and phone), then cleared.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // {name, phone} as JSON, or null; set to null once the conversation is taken, closed or converted
  await db.schema.alterTable('as_conversation').addColumn('handoff_contact_json', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('as_conversation').dropColumn('handoff_contact_json').execute();
}
