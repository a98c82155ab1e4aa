// Shell: database-backed staff sessions. The cookie holds a random id; the table holds its hash,
// so a database leak does not leak live sessions. Sessions expire after an idle period and at
// most 12 hours after sign-in.
import type { Kysely } from 'kysely';
import type { PlatformDatabase } from '../db/platform-database.ts';
import { hashSecret, randomSecret } from './tokens.ts';

type Db = Kysely<PlatformDatabase>;
const ABSOLUTE_HOURS = 12;

export async function createSession(db: Db, userId: number, now: Date, idleMinutes: number): Promise<string> {
  const id = randomSecret();
  await db
    .insertInto('staff_session')
    .values({
      id_hash: hashSecret(id),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + idleMinutes * 60_000).toISOString(),
    })
    .execute();
  return id;
}

export type SessionLookup = { status: 'valid'; userId: number } | { status: 'expired' } | { status: 'unknown' };

/** Finds a session and slides its idle expiry; an expired session is deleted and reported. */
export async function touchSession(db: Db, id: string, now: Date, idleMinutes: number): Promise<SessionLookup> {
  const idHash = hashSecret(id);
  const row = await db.selectFrom('staff_session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return { status: 'unknown' };
  const absoluteEnd = new Date(row.created_at).getTime() + ABSOLUTE_HOURS * 3600_000;
  if (new Date(row.expires_at).getTime() <= now.getTime() || absoluteEnd <= now.getTime()) {
    await db.deleteFrom('staff_session').where('id_hash', '=', idHash).execute();
    return { status: 'expired' };
  }
  // Write at most once a minute to keep reads cheap.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    const expires = Math.min(absoluteEnd, now.getTime() + idleMinutes * 60_000);
    await db
      .updateTable('staff_session')
      .set({ last_seen_at: now.toISOString(), expires_at: new Date(expires).toISOString() })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return { status: 'valid', userId: row.user_id };
}

export async function destroySession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('staff_session').where('id_hash', '=', hashSecret(id)).execute();
}

export async function destroyUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('staff_session').where('user_id', '=', userId).execute();
}

/** Deletes expired sessions (run at start-up and by a periodic job). */
export async function purgeExpiredSessions(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('staff_session').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}
