// Letters as issued (issue 15, item 3), round 2: keep the text of each letter as it was issued
// (title, 主送, paragraphs, form rows, 发文字号, 落款, date — the `Letter` built from the facts),
// so a later change of wording in the code does not change a reprint. Letters issued before this
// column have none and are still built from their stored facts.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_letter').addColumn('letter_json', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_letter').dropColumn('letter_json').execute();
}
