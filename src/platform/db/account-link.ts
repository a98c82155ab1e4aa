// What the modules' *.accounts.ts (issue 21 §2: a resident's own submissions) share about the
// `account_id` column their tables carry (migration 0035): the unlinked test and the owner check.
import { sql } from 'kysely';

/** `account_id IS NULL` written so that no planner walks the account_id index over every unlinked row
 * (SQLite without statistics prefers it to the phone / ID number indexes of 0037: /me then scans the table).
 * Use as `.where(UNLINKED_ACCOUNT, '=', 0)`. */
export const UNLINKED_ACCOUNT = sql<number>`coalesce(account_id, 0)`;

/** The row exists and is linked to `accountId` (the column may come back as a string or bigint). */
export function ownedBy<T extends { account_id: number | string | bigint | null }>(row: T | null | undefined, accountId: number): row is T {
  return !!row && row.account_id !== null && Number(row.account_id) === accountId;
}
