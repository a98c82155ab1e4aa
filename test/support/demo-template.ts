// Test fixture: the demo data is loaded once per source version, not once per suite. The first
// suite that needs it builds a template — an SQLite file in the temporary directory, a schema
// `demo_tpl_<hash>` on the test PostgreSQL — with exactly what loadDemo writes (same migrations,
// same fixed clock); every later suite copies the template's rows into its own freshly migrated
// database. The hash covers src/, migrations/ and seed/, so a change to the demo, a module or a
// migration builds a new template. GONGKAI_TEST_DEMO_TEMPLATE=off loads the demo per suite as before.
//
// The copy is row for row: every table (migration bookkeeping and the calendar included) is
// emptied and refilled with the template's rows in one transaction, sequences/AUTOINCREMENT
// counters follow, and rows that triggers (the search change log) wrote during the copy are
// replaced by the template's own. Tests then see the same database loadDemo would have produced.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../../src/schema.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const templatesEnabled = process.env.GONGKAI_TEST_DEMO_TEMPLATE !== 'off';

let hashMemo: string | null = null;
/** A hash of every file the migrations and the demo data come from. */
export function sourceHash(): string {
  if (hashMemo) return hashMemo;
  const h = crypto.createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(path.relative(ROOT, p)).update('\0').update(fs.readFileSync(p)).update('\0');
    }
  };
  for (const d of ['src', 'migrations', 'seed']) walk(path.join(ROOT, d));
  // the demo users' hashes differ with the argon2 parameters of the run (GONGKAI_TEST_ARGON2_CHEAP)
  h.update(`argon2-cheap=${process.env.NODE_ENV === 'test' && process.env.GONGKAI_TEST_ARGON2_CHEAP === '1'}`);
  hashMemo = h.digest('hex').slice(0, 16);
  return hashMemo;
}

// ---- SQLite: a template file, attached and copied ---------------------------------------------

function sqliteTemplatePath(): string {
  return path.join(os.tmpdir(), `gongkai-test-demo-${sourceHash()}.sqlite`);
}

/** The template file, if built (its time is touched: files of other versions unused for a day go). */
export function sqliteTemplate(): string | null {
  const file = sqliteTemplatePath();
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
    return file;
  } catch {
    return null;
  }
}

/**
 * Runs `build` (which loads the demo and writes the template file) unless the file exists, one
 * process at a time: the others starting meanwhile (several at the start of a run) wait for the
 * file instead of each loading the demo as well (a lock directory beside it; one older than
 * three minutes is taken to be a killed run's). GONGKAI_TEST_DEMO_LOCK=off: no waiting.
 */
export async function withSqliteTemplateLock(build: () => Promise<void>): Promise<void> {
  if (process.env.GONGKAI_TEST_DEMO_LOCK === 'off') return build();
  const lock = `${sqliteTemplatePath()}.lock`;
  const until = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      let age: number;
      try { age = Date.now() - fs.statSync(lock).mtimeMs; } catch { continue; /* just released */ }
      if (age > 180_000 || Date.now() > until) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!sqliteTemplate()) await build();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Writes the template file from a database holding the demo (VACUUM INTO a temp file, then rename). */
export async function writeSqliteTemplate(db: Db): Promise<void> {
  const file = sqliteTemplatePath();
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  await sql`vacuum into ${tmp}`.execute(db);
  fs.renameSync(tmp, file);
  removeStale(os.tmpdir(), /^gongkai-test-demo-[0-9a-f]{16}\.sqlite$/);
}

/** Removes the entries of `dir` named like `pattern` unused for a day (builds of earlier source versions), except `keep`. */
export function removeStale(dir: string, pattern: RegExp, keep?: string): void {
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (!pattern.test(f) || p === keep) continue;
    try {
      if (Date.now() - fs.statSync(p).mtimeMs > 24 * 3600_000) fs.rmSync(p, { recursive: true, force: true });
    } catch { /* another run removed it */ }
  }
}

/** Copies the template's rows into `db` (a freshly migrated in-memory SQLite database). */
export async function copySqliteTemplate(db: Db, file: string): Promise<void> {
  await db.connection().execute(async (c) => {
    await sql`pragma foreign_keys = off`.execute(c);
    await sql`attach database ${file} as tpl`.execute(c);
    try {
      const tables = (await sql<{ name: string }>`select name from tpl.sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(c)).rows.map((r) => r.name);
      const cols = new Map<string, string>();
      for (const t of tables) {
        const info = (await sql<{ name: string }>`select name from pragma_table_info(${t}, 'tpl')`.execute(c)).rows;
        cols.set(t, info.map((i) => `"${i.name}"`).join(', '));
      }
      const copy = async (t: string) => {
        await sql.raw(`delete from main."${t}"`).execute(c);
        await sql.raw(`insert into main."${t}" (${cols.get(t)}) select ${cols.get(t)} from tpl."${t}"`).execute(c);
      };
      await sql`begin`.execute(c);
      try {
        for (const t of tables) await copy(t);
        // rows the triggers added while copying (search_change): the template's own instead
        for (const t of tables) {
          const [a, b] = await Promise.all(['main', 'tpl'].map(async (s) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.raw(`${s}."${t}"`)}`.execute(c)).rows[0]?.n)));
          if (a !== b) await copy(t);
        }
        const hasSeq = (await sql<{ n: number }>`select count(*) as n from tpl.sqlite_master where name = 'sqlite_sequence'`.execute(c)).rows[0]?.n;
        if (hasSeq) {
          await sql`delete from main.sqlite_sequence`.execute(c);
          await sql`insert into main.sqlite_sequence (name, seq) select name, seq from tpl.sqlite_sequence`.execute(c);
        }
        await sql`commit`.execute(c);
      } catch (e) {
        await sql`rollback`.execute(c);
        throw e;
      }
    } finally {
      await sql`detach database tpl`.execute(c);
      await sql`pragma foreign_keys = on`.execute(c);
    }
  });
}

// ---- PostgreSQL: a template schema in the test database ---------------------------------------

/** Template schemas of other source versions older than this are dropped when a new one is built. */
const STALE_MS = 6 * 3600_000;

function pgTemplateSchema(): string {
  return `demo_tpl_${sourceHash()}`;
}

async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL as string });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Builds the template schema with `fill` (which migrates and loads the demo into the schema it is
 * given) unless it exists. One process builds; the others that need it meanwhile wait for it (a
 * session advisory lock on the template's name) instead of each loading the demo too — at the
 * start of a run on a new server several test processes ask for it at once. Should two build all
 * the same (GONGKAI_TEST_DEMO_LOCK=off), the first rename wins and the other's schema is dropped.
 */
export async function ensurePgTemplate(fill: (schema: string) => Promise<void>): Promise<void> {
  const tpl = pgTemplateSchema();
  const exists = async (c: pg.Client) => (await c.query('select 1 from pg_namespace where nspname = $1', [tpl])).rowCount === 1;
  if (await withClient(exists)) return;
  if (process.env.GONGKAI_TEST_DEMO_LOCK === 'off') return buildPgTemplate(tpl, fill);
  await withClient(async (lock) => {
    await lock.query('select pg_advisory_lock(hashtext($1))', [tpl]);
    try {
      if (!(await exists(lock))) await buildPgTemplate(tpl, fill);
    } finally {
      await lock.query('select pg_advisory_unlock(hashtext($1))', [tpl]).catch(() => {});
    }
  });
}

async function buildPgTemplate(tpl: string, fill: (schema: string) => Promise<void>): Promise<void> {
  const building = `${tpl}_b${crypto.randomBytes(4).toString('hex')}`;
  await withClient((c) => c.query(`create schema ${building}`));
  try {
    await fill(building);
    await withClient(async (c) => {
      try {
        await c.query(`alter schema ${building} rename to ${tpl}`);
        await c.query(`comment on schema ${tpl} is '${new Date().toISOString()}'`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42P06') throw e; // another process was first
        await c.query(`drop schema ${building} cascade`);
      }
      // templates of earlier source versions (older than STALE_MS)
      const stale = (await c.query<{ nspname: string; at: string | null }>(`select nspname, obj_description(oid, 'pg_namespace') as at from pg_namespace where nspname like 'demo\\_tpl\\_%' and nspname <> $1`, [tpl])).rows;
      for (const s of stale) {
        const at = Date.parse(s.at ?? '');
        if (/^demo_tpl_[0-9a-f]{16}$/.test(s.nspname) && Number.isFinite(at) && Date.now() - at > STALE_MS) await c.query(`drop schema if exists ${s.nspname} cascade`).catch(() => {});
      }
    });
  } catch (e) {
    await withClient((c) => c.query(`drop schema if exists ${building} cascade`)).catch(() => {});
    throw e;
  }
}

/** Copies the template schema's rows into `schema` (freshly migrated), in one transaction. */
export function copyPgTemplate(schema: string): Promise<void> {
  const tpl = pgTemplateSchema();
  return withClient(async (c) => {
    const tables = (await c.query<{ relname: string }>(`select relname from pg_class where relnamespace = $1::regnamespace and relkind in ('r', 'p') order by relname`, [tpl])).rows.map((r) => r.relname);
    const columns = (await c.query<{ relname: string; attname: string }>(
      `select c.relname, a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid
       where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
       order by c.relname, a.attnum`, [tpl])).rows;
    const seqs = (await c.query<{ relname: string }>(`select relname from pg_class where relnamespace = $1::regnamespace and relkind = 'S'`, [tpl])).rows.map((r) => r.relname);
    const cols = new Map<string, string>();
    for (const r of columns) cols.set(r.relname, cols.has(r.relname) ? `${cols.get(r.relname)}, "${r.attname}"` : `"${r.attname}"`);
    const q = (s: string, t: string) => `"${s}"."${t}"`;
    const script = [
      'begin',
      // no triggers (the search change log) and no foreign-key checks while the rows are copied
      'set local session_replication_role = replica',
      ...tables.map((t) => `delete from ${q(schema, t)}`),
      ...tables.map((t) => `insert into ${q(schema, t)} (${cols.get(t)}) overriding system value select ${cols.get(t)} from ${q(tpl, t)}`),
      ...seqs.map((s) => `select setval('${q(schema, s)}', last_value, is_called) from ${q(tpl, s)}`),
      'commit',
    ].join(';\n');
    try {
      await c.query(script);
    } catch (e) {
      await c.query('rollback').catch(() => {});
      throw e;
    }
  });
}
