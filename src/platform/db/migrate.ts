// Shell: runs the Kysely migrations in ./migrations on either dialect.
import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { AnyKysely } from './db.ts';
import { migrations } from '../../../migrations/index.ts';

/**
 * Applies every pending migration.
 * @throws the first migration error.
 */
export async function migrateToLatest(db: AnyKysely): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
