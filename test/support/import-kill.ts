// Test fixture of the SIGKILL import tests (test/import-kill*.test.ts): a target database (SQLite
// file or PostgreSQL schema) the real CLI runs on as a child process, the CLI run (and killed when
// its output matches), and snapshots of row counts and public pages through the real app.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type DialectName } from '../../src/platform/db/db.ts';
import type { Database, Db } from '../../src/schema.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { cliArgs } from './spawn.ts';
import { openTestDb } from './db.ts';
export { DIALECTS } from './db.ts';
import { demoSqliteFile, withDemo } from './app.ts';

export interface Target { dir: string; env: Record<string, string>; open: () => Db; close: () => Promise<void> }

/** `schema`: an existing PostgreSQL schema to use (and drop at the end) instead of a new, empty one. */
export async function makeTarget(dialect: DialectName, schema = `kill_${randomBytes(6).toString('hex')}`, created = false): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-kill-'));
  const base = { DATA_DIR: dir, DEMO_DATA: 'false', NOTIFY_WORKER: 'off', LOG_LEVEL: 'silent' };
  if (dialect === 'sqlite') {
    return {
      dir, env: { ...base, DATABASE_URL: '' },
      open: () => openDb<Database>({ databaseUrl: null, sqliteFile: path.join(dir, 'gongkai.sqlite') }),
      close: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.TEST_DATABASE_URL as string;
  if (!created) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const cliUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    dir, env: { ...base, DATABASE_URL: cliUrl },
    open: () => openDb<Database>({ databaseUrl: url, pgSchema: schema, poolSize: 2 }),
    close: async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/**
 * A target holding the demo data: the demo template of the test fixtures (test/support/app.ts
 * withDemo: what loadDemo writes, built once per source version) — the SQLite file copied, or on
 * PostgreSQL a migrated schema with the template's rows — instead of running `gongkai demo load`
 * (test/cli.test.ts and test/supervision.cli.test.ts run that command itself).
 */
export async function withDemoTarget(dialect: DialectName): Promise<Target> {
  if (dialect === 'postgres') {
    const d = await openTestDb('postgres');
    await withDemo(d);
    await d.db.destroy();
    return makeTarget(dialect, d.pgSchema, true);
  }
  const file = await demoSqliteFile();
  const t = await makeTarget(dialect);
  if (file) fs.copyFileSync(file, path.join(t.dir, 'gongkai.sqlite'));
  else await ok(t, ['demo', 'load']); // GONGKAI_TEST_DEMO_TEMPLATE=off
  return t;
}

export interface Outcome { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

/** Runs the CLI; with `killWhen`, sends SIGKILL as soon as its output matches. */
export function cli(t: Target, args: string[], killWhen?: RegExp): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], { env: { ...process.env, ...t.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const watch = () => { if (killWhen && killWhen.test(out + err) && child.exitCode === null) child.kill('SIGKILL'); };
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); watch(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); watch(); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

export async function ok(t: Target, args: string[]): Promise<Outcome> {
  const r = await cli(t, args);
  assert.equal(r.code, 0, `${args.join(' ')}\n${r.out}\n${r.err}`);
  return r;
}

export async function killed(t: Target, args: string[], when: RegExp): Promise<Outcome> {
  const r = await cli(t, args, when);
  assert.equal(r.signal, 'SIGKILL', `the import was to be killed at ${when}, but it ended by itself (code ${r.code}):\n${r.out}\n${r.err}`);
  return r;
}

export async function count(db: Db, table: 'sm_item' | 'sm_venue' | 'sm_venue_item' | 'search_change' | 'region' | 'catalog_version' | 'catalog_item' | 'message' | 'message_event'): Promise<number> {
  return Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** Row counts and public pages, read through the real app over the database. */
export async function snapshot(t: Target, tables: Parameters<typeof count>[1][], urls: string[]): Promise<{ counts: Record<string, number>; pages: Record<string, string> }> {
  const db = t.open();
  try {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = await count(db, table);
    const app = await buildApp({ config: loadConfig({ DATA_DIR: t.dir, LOG_LEVEL: 'silent' }), db, clock: fixedClock('2026-10-10T02:00:00Z'), logger: createLogger('silent') });
    const pages: Record<string, string> = {};
    try {
      for (const url of urls) {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
        // A fresh CSRF token per page and the search's own timing are the only parts that may differ.
        pages[url] = res.body.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""').replace(/"took_ms":[\d.]+/g, '"took_ms":0');
      }
    } finally {
      await app.close();
    }
    return { counts, pages };
  } finally {
    await db.destroy();
  }
}

export function write(t: Target, name: string, lines: Iterable<string>): string {
  const f = path.join(t.dir, name);
  fs.writeFileSync(f, `${[...lines].join('\n')}\n`);
  return f;
}

export function* itemLines(prefix: string, n: number, name: (i: number) => string): Generator<string> {
  for (let i = 0; i < n; i++) yield JSON.stringify({ id: `${prefix}-${i}`, name: name(i), type: '公共服务', region_code: '130427', keywords: ['测试'] });
}

export function* venueLines(prefix: string, n: number, items: (i: number) => string[]): Generator<string> {
  for (let i = 0; i < n; i++) {
    yield JSON.stringify({ id: `${prefix}-${i}`, name: `${prefix}便民服务站${i}`, type: '便民服务站', region_code: '130427', address: `磁县某路 ${i} 号`, lat: 36.37 + (i % 100) / 1000, lng: 114.38 + Math.floor(i / 100) / 1000, opening_hours: '09:00-17:00', items: items(i) });
  }
}
