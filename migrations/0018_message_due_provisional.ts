// 暂定 deadlines of messages and 12345 work orders: a deadline counted in working days into a year
// without a State Council holiday notice (weekends and the statutory holidays only) is provisional
// until that year is loaded, then recomputed (interaction.service.ts recomputeProvisionalMessages).
// Existing open messages whose deadline falls in a year without calendar data are marked
// provisional here, unless the deadline is the 12345 platform's own 计划完成时间 (never recomputed).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message').addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await markProvisional(db);
}

/** Marks the open, counted deadlines that fall in a year without calendar data as 暂定 (exported for its test). */
export async function markProvisional(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE message SET due_provisional = 1
    WHERE due_on IS NOT NULL
      AND stage NOT IN ('rejected', 'closed', 'converted_to_application')
      AND due_explanation NOT LIKE ${'%热线平台计划完成时间%'}
      AND CAST(substr(due_on, 1, 4) AS INTEGER) NOT IN (SELECT year FROM calendar_year)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message').dropColumn('due_provisional').execute();
}
