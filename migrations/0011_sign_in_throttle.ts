// Sign-in throttle per (username, address): wrong passwords slow that username down from that
// address only, instead of locking the account for everyone. Kept in the database so every
// application process sees the same counts.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('username', 'text', (c) => c.notNull()) // as typed, trimmed and lower-cased (known or not)
    .addColumn('address', 'text', (c) => c.notNull()) // request.ip
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .addPrimaryKeyConstraint('sign_in_throttle_pk', ['username', 'address'])
    .execute();
  await db.schema.createIndex('sign_in_throttle_last_idx').on('sign_in_throttle').column('last_failed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_throttle').ifExists().execute();
}
