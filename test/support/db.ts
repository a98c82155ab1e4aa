// Test fixture: run the same test body on SQLite (in memory) and, when TEST_DATABASE_URL is set,
// on PostgreSQL in a schema of its own that is dropped afterwards.
import { after, before, describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type DialectName } from '../../src/platform/db/db.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedCalendar } from '../../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../../src/platform/calendar/bundled-data.ts';
import { platformView, type Database, type Db } from '../../src/schema.ts';

export const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb {
  db: Db;
  dialect: DialectName;
  /** PostgreSQL: the suite's own schema (withDemo copies the demo template into it). */
  pgSchema?: string;
}

/** Migrates a new database and adds the bundled calendar (what every test database starts with). */
export async function migrateAndSeed(db: Db): Promise<void> {
  await migrateToLatest(db);
  await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
}

/** Opens a fresh, migrated database with the bundled calendar. */
export async function openTestDb(dialect: DialectName): Promise<TestDb & { close: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const db = openDb<Database>({ databaseUrl: null, sqliteFile: ':memory:' });
    await migrateAndSeed(db);
    return { db, dialect, close: () => db.destroy() };
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openDb<Database>({ databaseUrl: url, pgSchema: schema, poolSize: 4 });
  await migrateAndSeed(db);
  return {
    db,
    dialect,
    pgSchema: schema,
    close: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/**
 * Declares `name` once per dialect; `body` receives a getter for the database opened before the
 * suite's tests run.
 */
export function forEachDialect(name: string, body: (get: () => TestDb) => void, setup?: (t: TestDb) => Promise<void>): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let current: (TestDb & { close: () => Promise<void> }) | null = null;
      before(async () => {
        current = await openTestDb(dialect);
        if (setup) await setup(current);
      });
      after(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('database not open yet');
        return current;
      });
    });
  }
}
