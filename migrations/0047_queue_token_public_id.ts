// A public id for the calling system's venue tokens (issue 22 review): the staff page's revoke
// form and the audit named a token by its row number. Existing tokens get one each; new ones get
// theirs from tokens.service.ts. Also an index for 正在叫号 (a group's latest calls of the day,
// read on every venue page with a queue), which sorted all the day's tickets before. (Added nullable — SQLite cannot add a NOT NULL column without a
// default — and made unique by an index; the code always sets it.)
import { randomBytes } from 'node:crypto';
import { type Kysely } from 'kysely';

const newId = () => `QT${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('qu_venue_token').addColumn('public_id', 'text').execute();
  const k = db as unknown as Kysely<{ qu_venue_token: { id: number; public_id: string | null } }>;
  for (const r of await k.selectFrom('qu_venue_token').select('id').execute()) {
    await k.updateTable('qu_venue_token').set({ public_id: newId() }).where('id', '=', r.id).execute();
  }
  await db.schema.createIndex('qu_venue_token_public_id_unique').on('qu_venue_token').column('public_id').unique().execute();
  await db.schema.createIndex('qu_ticket_called_idx').on('qu_ticket').columns(['venue_id', 'day_on', 'called_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('qu_ticket_called_idx').execute();
  await db.schema.dropIndex('qu_venue_token_public_id_unique').execute();
  await db.schema.alterTable('qu_venue_token').dropColumn('public_id').execute();
}
