// Several processes on one database: the schedule of background jobs (one row per job; a process
// runs a job only after winning a conditional update of its row, so each run happens once across
// all processes) and the spent captcha tokens (single use across processes). The captcha signing
// secret lives in install_state, so every process signs and checks with the same key. Rate-limit
// counters shared by all processes (used on PostgreSQL).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('job_schedule')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .addColumn('last_owner', 'text')
    .addColumn('last_error', 'text')
    .execute();

  await db.schema.createTable('captcha_spent')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('captcha_spent_expires').on('captcha_spent').columns(['expires_at']).execute();

  await db.schema.createTable('rate_limit_hit')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start_ms', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hit_window').on('rate_limit_hit').columns(['window_start_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_hit').execute();
  await db.schema.dropTable('captcha_spent').execute();
  await db.schema.dropTable('job_schedule').execute();
}
