// Test fixture: run the same test body on SQLite (in memory) and, when TEST_DATABASE_URL is set,
// on PostgreSQL in a schema of its own that is dropped afterwards.
import { after, before, describe } from 'node:test';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type DialectName } from '../../src/platform/db/db.ts';
import { sqliteHandleOf } from '../../src/platform/db/data-version.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedCalendar } from '../../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../../src/platform/calendar/bundled-data.ts';
import { platformView, type Database, type Db } from '../../src/schema.ts';
import { removeStale, sourceHash } from './demo-template.ts';

/**
 * The dialects this process runs: SQLite, and PostgreSQL when TEST_DATABASE_URL is set.
 * GONGKAI_TEST_DIALECTS=sqlite or =postgres keeps only that one: scripts/test.mjs runs the longest
 * database files as two processes side by side, one per dialect (both still run).
 */
export const DIALECTS: DialectName[] = (process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] as DialectName[] : ['sqlite'] as DialectName[])
  .filter((d) => !process.env.GONGKAI_TEST_DIALECTS || process.env.GONGKAI_TEST_DIALECTS.split(',').includes(d));

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

/**
 * SQLite: the image of a freshly migrated in-memory database with the bundled calendar, made once
 * per test process; every later suite opens its own in-memory database from a copy of it instead
 * of running the migrations again (about 70 ms of CPU per suite). The image is taken from a
 * database opened, migrated and seeded exactly as each suite's was, so every suite starts from the
 * same bytes. GONGKAI_TEST_SQLITE_IMAGE=off migrates every suite's database.
 */
let migratedImage: Promise<Buffer | null> | null = null;

function migratedSqliteImage(): Promise<Buffer | null> {
  if (process.env.GONGKAI_TEST_SQLITE_IMAGE === 'off') return Promise.resolve(null);
  migratedImage ??= (async () => {
    const db = openDb<Database>({ databaseUrl: null, sqliteFile: ':memory:' });
    try {
      await migrateAndSeed(db);
      return sqliteHandleOf(db)?.serialize() ?? null;
    } finally {
      await db.destroy();
    }
  })();
  return migratedImage;
}

/** Opens a fresh, migrated database with the bundled calendar. */
export async function openTestDb(dialect: DialectName): Promise<TestDb & { close: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const image = await migratedSqliteImage();
    const db = openDb<Database>(image ? { databaseUrl: null, sqliteImage: image } : { databaseUrl: null, sqliteFile: ':memory:' });
    if (!image) await migrateAndSeed(db);
    return { db, dialect, close: () => db.destroy() };
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const cloned = await cloneMigratedSchema(url, schema);
  if (!cloned) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const db = openDb<Database>({ databaseUrl: url, pgSchema: schema, poolSize: 4 });
  if (!cloned) await migrateAndSeed(db);
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

// ---- PostgreSQL: a migrated schema, recreated from its dump ------------------------------------
// Running the migrations on PostgreSQL costs each suite seconds of DDL (and Kysely's catalogue
// look-ups); recreating the same schema from one script is several times faster. So the first
// suite of a source version migrates and seeds a schema of its own exactly as openTestDb did,
// dumps it with pg_dump (tables, constraints, indexes, triggers, functions, sequences and the
// rows the migrations and the calendar wrote: kysely_migration included), and keeps the script in
// the temporary directory; every suite then runs that script under its own schema name, in one
// transaction. Without pg_dump, or if the script fails, suites migrate as before.
// GONGKAI_TEST_SCHEMA_TEMPLATE=off migrates every suite.

const SCHEMA_TOKEN = 'gk_schema_template_name';
let scriptMemo: Promise<string | null> | null = null;

function pgDump(url: string, schema: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('pg_dump', ['--dbname', url, '--schema', schema, '--no-owner', '--no-privileges', '--inserts', '--rows-per-insert=500'],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (e, out) => (e ? reject(e) : resolve(out)));
  });
}

/** The script that creates a migrated, seeded schema named SCHEMA_TOKEN (null: migrate instead). */
function scriptFile(url: string): string {
  const key = createHash('sha256').update(sourceHash()).update(url).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `gongkai-test-schema-${key}.sql`);
}

function migratedSchemaScript(url: string): Promise<string | null> {
  if (process.env.GONGKAI_TEST_SCHEMA_TEMPLATE === 'off') return Promise.resolve(null);
  scriptMemo ??= (async () => {
    const file = scriptFile(url);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch { /* not built yet */ }
    const building = `gk_mig_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema ${building}`);
      const db = openDb<Database>({ databaseUrl: url, pgSchema: building, poolSize: 4 });
      try {
        await migrateAndSeed(db);
      } finally {
        await db.destroy();
      }
      let dump: string;
      try {
        dump = await pgDump(url, building);
      } catch {
        return null; // no pg_dump here
      }
      // comments and psql meta-commands out; the schema's name becomes the token
      const script = dump.split('\n').filter((l) => !l.startsWith('--') && !l.startsWith('\\')).join('\n').replaceAll(building, SCHEMA_TOKEN);
      const tmp = `${file}.${process.pid}`;
      fs.writeFileSync(tmp, script);
      fs.renameSync(tmp, file);
      removeStale(os.tmpdir(), /^gongkai-test-schema-[0-9a-f]{16}\.sql$/);
      return script;
    } finally {
      await admin.query(`drop schema if exists ${building} cascade`).catch(() => {});
      await admin.end();
    }
  })();
  return scriptMemo;
}

/** Creates `schema` migrated and seeded from the script; false when the suite must migrate itself. */
async function cloneMigratedSchema(url: string, schema: string): Promise<boolean> {
  const script = await migratedSchemaScript(url);
  if (!script) return false;
  // a client of its own: the script changes session settings (search_path among them)
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`begin;\n${script.replaceAll(SCHEMA_TOKEN, schema)}\ncommit;`);
    return true;
  } catch {
    await c.query('rollback').catch(() => {});
    // e.g. a script from another server version: this suite migrates; the next process rebuilds it
    fs.rmSync(scriptFile(url), { force: true });
    return false;
  } finally {
    await c.end();
  }
}
