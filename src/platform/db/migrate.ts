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
  // Kysely looks for its own tables by listing every table of the database; a schema dropped by
  // another installation or test run at that moment makes the catalogue query fail ("column … of
  // relation … does not exist", "cache lookup failed"). Nothing has been applied then (PostgreSQL
  // runs the migrations in one transaction), so trying again is safe.
  for (let attempt = 1; ; attempt++) {
    const result: MigrationResultSet = await migrator.migrateToLatest();
    if (!result.error) return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (!(schema && attempt < 4 && isCatalogueRace(result.error))) throw result.error;
  }
}

/** A catalogue object vanished under a concurrent DDL statement (PostgreSQL codes 42703, 42P01, 3F000 — another schema dropped —, XX000). */
function isCatalogueRace(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '42703' || code === '42P01' || code === '3F000' || (code === 'XX000' && /cache lookup failed/.test(String((e as Error).message)));
}
