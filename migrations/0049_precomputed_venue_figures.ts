// Precomputed figures of the venue page (issue 22, 安徽 scale: no page request computes a forecast
// or counts a county centre's ~16,000 items).
// - qu_forecast: one row per venue with queue history. `version` grows whenever the venue's history
//   before today changes (queue events of an earlier day, a history import); the job
//   `queue.forecasts` stores the forecast (`body`, JSON) with the version it read and the `basis`
//   it was made for (today's date and the calendar's classification of the days it reads). A row is
//   served only when computed_version = version and the basis is the current one.
// - sm_venue_department: the number of items per department of each venue, rewritten in the same
//   transaction as every change of a venue's items or of an item's department.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('qu_forecast')
    .addColumn('venue_id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('computed_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('basis', 'text')
    .addColumn('body', 'text')
    .addColumn('computed_at', 'text')
    .execute();
  await sql`INSERT INTO qu_forecast (venue_id) SELECT DISTINCT venue_id FROM qu_hourly`.execute(db);

  await db.schema.createTable('sm_venue_department')
    .addColumn('venue_id', 'integer', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sm_venue_department_pk', ['venue_id', 'department'])
    .execute();
  await sql`INSERT INTO sm_venue_department (venue_id, department, item_count)
    SELECT vi.venue_id, i.department, COUNT(*) FROM sm_venue_item vi INNER JOIN sm_item i ON i.id = vi.item_id GROUP BY vi.venue_id, i.department`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sm_venue_department').execute();
  await db.schema.dropTable('qu_forecast').execute();
}
