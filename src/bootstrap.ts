// Shell: opening the configured database, migrating it and loading install data. Shared by the
// server (main.ts) and the command line (cli.ts).
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import { openDb, withInstallLock } from './platform/db/db.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { seedCalendar } from './platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from './platform/calendar/bundled-data.ts';
import { platformView, type Db } from './schema.ts';

export function sqliteFile(config: Config): string {
  return path.join(config.dataDir, 'gongkai.sqlite');
}

/** Opens and migrates the database, and adds bundled calendar years it lacks. */
export async function openAndMigrate(config: Config, now: Date): Promise<{ db: Db; migrated: string[]; calendarYearsAdded: number[] }> {
  const db = openDb<import('./schema.ts').Database>({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFile(config), ...(config.databaseSchema ? { pgSchema: config.databaseSchema } : {}) });
  try {
    if (config.databaseSchema) {
      // two processes creating it at once: the loser's "already exists" is no error
      await sql`create schema if not exists ${sql.id(config.databaseSchema)}`.execute(db).catch((e: { code?: string }) => { if (e.code !== '23505' && e.code !== '42P06') throw e; });
    }
    // Several processes may start at once on one PostgreSQL: one migrates and seeds, the others wait.
    return await withInstallLock(db, async () => {
      const migrated = await migrateToLatest(db);
      const calendarYearsAdded = await seedCalendar(platformView(db), readBundledCalendar(), now);
      return { db, migrated, calendarYearsAdded };
    });
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

/** One line for a failure to reach or prepare the database. */
export function describeDbError(config: Config, e: unknown): string {
  const msg = (e as Error)?.message ?? String(e);
  return config.databaseUrl
    ? `数据库错误：无法使用 DATABASE_URL 指定的 PostgreSQL（${msg}）`
    : `数据库错误：无法打开 ${sqliteFile(config)}（${msg}）；请检查 DATA_DIR`;
}
