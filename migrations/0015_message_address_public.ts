// 公开详细地址: whether the citizen agreed to publish the typed address and the exact point of a
// message. Existing messages never had the choice, so they are not public (0): their public page
// and Open311 show only the township/village and coordinates rounded to about 100 m.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message').addColumn('address_public', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message').dropColumn('address_public').execute();
}
