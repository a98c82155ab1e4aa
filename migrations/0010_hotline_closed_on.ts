// 12345 work orders imported already closed: the hotline platform's 办结时间 when the file has it.
// Without it the closing date is an estimate, and such orders are left out of 按时办结率.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message').addColumn('closed_on_estimated', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message').dropColumn('closed_on_estimated').execute();
}
