// Shell: the sign-in throttle. Wrong passwords are counted per (username, address) in the
// database, so every process sees the same counts and a stranger's guesses from one address never
// stop the owner signing in from another. From the fifth wrong password in a row that username is
// refused from that address for 1 minute, then 2, 4, 8 and at most 15 minutes after each further
// wrong password; an hour without a wrong password starts the count again.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { addressKey } from '../../platform/web/client-address.ts';

const THROTTLE_AFTER = 5;
const FIRST_BLOCK_MS = 60_000;
const MAX_BLOCK_MS = 15 * 60_000;
/** A wrong password this long after the previous one counts as the first again. */
const RESET_MS = 60 * 60_000;
/** Rows untouched this long are deleted (they no longer block anything). */
const KEEP_MS = 24 * 3600_000;

/** How long a username is refused from an address after `failures` wrong passwords in a row (pure). */
function blockMs(failures: number): number {
  if (failures < THROTTLE_AFTER) return 0;
  return Math.min(MAX_BLOCK_MS, FIRST_BLOCK_MS * 2 ** Math.min(10, failures - THROTTLE_AFTER));
}

/** The key of a username as typed (trimmed, lower-cased, bounded), known or not. */
export function throttleKey(username: string): string {
  return username.trim().toLowerCase().slice(0, 100);
}

/** When the username is refused from the address until (ISO), or null when it may try now. */
export async function blockedUntil(db: Db, username: string, address: string, now: Date): Promise<string | null> {
  const row = await db.selectFrom('sign_in_throttle').select('blocked_until').where('username', '=', throttleKey(username)).where('address', '=', addressKey(address)).executeTakeFirst();
  return row?.blocked_until && new Date(row.blocked_until) > now ? row.blocked_until : null;
}

/**
 * Counts one wrong password (atomically, whichever process answers) and returns the block it
 * starts, if any.
 */
export async function recordFailure(db: Db, username: string, from: string, now: Date): Promise<{ failures: number; blockedUntil: string | null }> {
  const key = throttleKey(username);
  const address = addressKey(from);
  const at = now.toISOString();
  const resetBefore = new Date(now.getTime() - RESET_MS).toISOString();
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ username: key, address, failures: 1, last_failed_at: at, blocked_until: null })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({
      failures: sql<number>`case when sign_in_throttle.last_failed_at < ${resetBefore} then 1 else sign_in_throttle.failures + 1 end`,
      last_failed_at: at,
    }))
    .returning('failures')
    .executeTakeFirstOrThrow();
  const failures = Number(row.failures);
  const ms = blockMs(failures);
  const until = ms ? new Date(now.getTime() + ms).toISOString() : null;
  if (until) await db.updateTable('sign_in_throttle').set({ blocked_until: until }).where('username', '=', key).where('address', '=', address).execute();
  // Old rows block nothing any more; failures are rate-limited per address, so this stays small.
  await db.deleteFrom('sign_in_throttle').where('last_failed_at', '<', new Date(now.getTime() - KEEP_MS).toISOString()).execute();
  return { failures, blockedUntil: until };
}

/** A right password from the address clears its count. */
export async function clearFailures(db: Db, username: string, address: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('username', '=', throttleKey(username)).where('address', '=', addressKey(address)).execute();
}
