// One waiting remote number per person, venue and day (issue 22 §2): the check before the insert is
// not enough when two taps arrive together, so a partial unique index (both dialects) settles it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNIQUE INDEX qu_ticket_one_waiting_unique ON qu_ticket (venue_id, day_on, account_id) WHERE status = 'waiting' AND account_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX qu_ticket_one_waiting_unique`.execute(db);
}
