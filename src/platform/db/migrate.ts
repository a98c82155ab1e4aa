// Shell: runs the Kysely migrations in ./migrations on either dialect.
import { Migrator, PostgresAdapter, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { AnyKysely } from './db.ts';
import { migrations } from '../../../migrations/index.ts';

/**
 * Applies every pending migration.
 * @throws the first migration error.
 */
export async function migrateToLatest(db: AnyKysely): Promise<string[]> {
  // On PostgreSQL, name the schema: otherwise Kysely finds the migration tables of *any* schema in
  // the database (e.g. a parallel test run's) and skips creating its own ("kysely_migration_lock
  // does not exist").
  const schema = db.getExecutor().adapter instanceof PostgresAdapter
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
    : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
