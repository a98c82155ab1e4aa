// Subscriptions by e-mail (issue 21 §2): the digest job runs without a request, so it links to the
// site address (scheme://host) the person used when setting their e-mail address.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pa_account').addColumn('link_base', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pa_account').dropColumn('link_base').execute();
}
