// A write that meets a database held by another writer past the wait — SQLite's busy_timeout while
// `gongkai services import` switches 200,000 items live in one transaction, or a PostgreSQL lock
// timeout — is answered 503 `database_busy` with a Chinese message and Retry-After, not a 500, and
// the same request is answered as usual (400, wrong password) once the other writer is done.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { openDb } from '../../src/platform/db/db.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedCalendar } from '../../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../../src/platform/calendar/bundled-data.ts';
import { isDatabaseBusy } from '../../src/platform/db/db.ts';
import { platformView, type Database, type Db } from '../../src/schema.ts';
import { buildTestApp, CSRF } from '../support/app.ts';

async function prepare(db: Db): Promise<void> {
  await migrateToLatest(db);
  await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
}

/** A failed sign-in writes the per-(username, address) throttle row. */
function wrongSignIn(app: Awaited<ReturnType<typeof buildTestApp>>['app']) {
  return app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username: 'nobody.here', password: 'wrong-password-123', _csrf: CSRF }, remoteAddress: '10.77.0.1' });
}

async function throttleRows(db: Db): Promise<number> {
  const r = await db.selectFrom('sign_in_throttle').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}


/** A wrong sign-in while the database is locked is a 503 that writes nothing; once `release`d, the same request is answered (400) and counted. */
async function busyThenRetried(app: Parameters<typeof wrongSignIn>[0], db: Db, release: () => Promise<void>): Promise<void> {
  const page = await wrongSignIn(app);
  assert.equal(page.statusCode, 503, page.body.slice(0, 300));
  assert.equal(page.headers['retry-after'], '5');
  assert.match(page.body, /暂时无法保存，请稍候几秒后重试/);
  await release();
  assert.equal(await throttleRows(db), 0, 'nothing was written while busy');
  const again = await wrongSignIn(app);
  assert.equal(again.statusCode, 400, again.body.slice(0, 300));
  assert.match(again.body, /用户名或密码不正确/);
  assert.equal(await throttleRows(db), 1);
}

test('which driver errors mean "busy, try again"', () => {
  for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '55P03', '40P01', '40001']) assert.equal(isDatabaseBusy(code), true, code);
  for (const code of ['SQLITE_CONSTRAINT', 'SQLITE_BUSYX', '23505', '22021', undefined, 5]) assert.equal(isDatabaseBusy(code), false, String(code));
});

test('SQLite: a write while another process holds the write lock past busy_timeout is a 503 database_busy, then succeeds', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-busy-'));
  const file = path.join(dir, 'gongkai.sqlite');
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: file });
  const other = new SQLite(file);
  after(() => { other.close(); fs.rmSync(dir, { recursive: true, force: true }); });
  await prepare(db);
  const { app } = await buildTestApp({ db, dialect: 'sqlite' });
  try {
    await sql`pragma busy_timeout = 100`.execute(db); // the real 5 s, shortened for the test
    other.exec('BEGIN IMMEDIATE'); // as the import's switch transaction does
    await busyThenRetried(app, db, async () => { other.exec('ROLLBACK'); });
  } finally {
    await app.close();
    await db.destroy();
  }
});

test('PostgreSQL: a write that times out waiting for a lock is a 503 database_busy, then succeeds', { skip: !process.env.TEST_DATABASE_URL }, async () => {
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema} -c lock_timeout=200`);
  const db = openDb<Database>({ databaseUrl: u.toString(), poolSize: 2 });
  try {
    await prepare(db);
    const { app } = await buildTestApp({ db, dialect: 'postgres' });
    try {
      await admin.query('begin');
      await admin.query(`lock table ${schema}.sign_in_throttle in access exclusive mode`);
      await busyThenRetried(app, db, async () => { await admin.query('rollback'); });
    } finally {
      await app.close();
    }
  } finally {
    await db.destroy();
    await admin.query(`drop schema ${schema} cascade`).catch(() => undefined);
    await admin.end();
  }
});
