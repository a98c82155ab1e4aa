// `gongkai backup` and `gongkai restore`: an online backup (a real process) of a demo database
// while another connection keeps writing, restored into a fresh data folder, every table's row
// count compared, and the app serving from the restored folder; bad input refused with nothing
// replaced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openDb } from '../src/platform/db/db.ts';
import type { Database } from '../src/schema.ts';
import { buildTestApp } from './support/app.ts';
import { backupSqlite, pgDumpCommand, pgRestoreCommand } from '../src/platform/db/backup.ts';
import { cliArgs } from './support/spawn.ts';
import { runCli } from './support/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-backup-'));
const dirA = path.join(root, 'A');
const dirB = path.join(root, 'B');
const fileA = path.join(dirA, 'gongkai.sqlite');
const fileB = path.join(dirB, 'gongkai.sqlite');
const backupFile = path.join(root, '备份 1.sqlite');
after(() => fs.rmSync(root, { recursive: true, force: true }));

const baseEnv = { ...process.env, DATABASE_URL: '', DEMO_DATA: 'false' };

/** Runs `gongkai …`: in-process by default (test/support/cli.ts); `child`: as a process from the built entry (test/support/spawn.ts). */
async function run(args: string[], dataDir: string, how: 'in' | 'child' = 'in') {
  if (how === 'in') return runCli(args, { DEMO_DATA: 'false', DATA_DIR: dataDir });
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], { encoding: 'utf8', env: { ...baseEnv, DATA_DIR: dataDir } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function runAsync(args: string[], dataDir: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], { env: { ...baseEnv, DATA_DIR: dataDir } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function counts(file: string): Map<string, number> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map((r) => r.name);
    return new Map(tables.map((t) => [t, Number((db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n)]));
  } finally {
    db.close();
  }
}

function digest(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

before(async () => {
  const loaded = await run(['demo', 'load'], dirA);
  assert.equal(loaded.code, 0, loaded.err);
});

test('an online backup taken while a writer is busy restores into a fresh data folder with every table intact', async () => {
  // A server-like writer: its own connection, commits left in the WAL (no checkpoint), still writing.
  const writer = new SQLite(fileA);
  writer.pragma('journal_mode = WAL');
  writer.pragma('wal_autocheckpoint = 0');
  writer.pragma('busy_timeout = 5000');
  const insert = writer.prepare(`insert into audit_log (at, actor_id, actor_label, action, entity, entity_id) values (?, null, 'writer', 'test_write', 'test', ?)`);
  for (let i = 0; i < 200; i++) insert.run(new Date().toISOString(), `pre-${i}`);
  const before = counts(fileA);
  let n = 0;
  const timer = setInterval(() => { insert.run(new Date().toISOString(), `during-${n++}`); }, 2);
  let r;
  try {
    r = await runAsync(['backup', '--out', backupFile], dirA);
  } finally {
    clearInterval(timer);
  }
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /已备份到 .*备份 1\.sqlite（[\d.]+ MB，已检查完整性）/);
  assert.match(r.err, /备份数据库 .*100% (\d+)\/\1/, 'a progress line reaching 100 %');
  assert.ok(n > 0, 'the writer wrote during the backup');
  const afterA = counts(fileA);
  writer.close();

  const restored = await run(['restore', backupFile], dirB, 'child');
  assert.equal(restored.code, 0, restored.err);
  assert.match(restored.out, /已从 .* 恢复数据库到 .*gongkai\.sqlite/);

  const b = counts(fileB);
  assert.deepEqual([...b.keys()], [...before.keys()], 'the same tables (read from sqlite_master)');
  assert.ok(b.size > 40, `all the application's tables (${b.size})`);
  for (const [table, count] of before) {
    if (table === 'audit_log') {
      assert.ok(b.get(table)! >= count && b.get(table)! <= afterA.get(table)!, `audit_log ${b.get(table)} within [${count}, ${afterA.get(table)}]: the writes still in the WAL are in the backup`);
    } else {
      assert.equal(b.get(table), count, table);
    }
  }
  assert.ok((before.get('staff_user') ?? 0) > 0 && (before.get('region') ?? 0) > 600, 'the demo data is really there');

  // The application starts on the restored folder and serves pages from it.
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: fileB });
  const t = await buildTestApp({ db, dialect: 'sqlite' });
  try {
    const home = await t.app.inject({ url: '/' });
    assert.equal(home.statusCode, 200);
    const regions = await t.app.inject({ url: '/data/regions' });
    assert.equal(regions.statusCode, 200);
    assert.match(regions.body, /磁县/);
  } finally {
    await t.app.close();
    await db.destroy();
  }
});

test('bad input: a clear Chinese error, a non-zero exit, and nothing written or replaced', async () => {
  const missing = await run(['backup'], dirA);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /缺少选项 --out/);

  const noFolder = await run(['backup', '--out', path.join(root, 'no-such-folder', 'x.sqlite')], dirA);
  assert.equal(noFolder.code, 1);
  assert.match(noFolder.err, /无法写入 .*文件夹 .*no-such-folder 不存在/);
  assert.equal(fs.existsSync(path.join(root, 'no-such-folder')), false);

  const live = await run(['backup', '--out', fileA, '--force'], dirA);
  assert.equal(live.code, 1);
  assert.match(live.err, /不能是正在使用的数据库文件本身/);
  // Nor its write-ahead log, shared memory or journal (replacing the -wal loses every write since the last checkpoint).
  for (const x of ['-wal', '-shm', '-journal']) {
    const sibling = `${fileA}${x}`;
    const before = fs.existsSync(sibling) ? digest(sibling) : null;
    const r = await run(['backup', '--out', path.join(path.dirname(fileA), '.', `${path.basename(fileA)}${x}`), '--force'], dirA);
    assert.equal(r.code, 1, `${x}: ${r.err}`);
    assert.match(r.err, /不能是正在使用的数据库文件本身或其 -wal\/-shm\/-journal 文件/);
    assert.equal(fs.existsSync(sibling) ? digest(sibling) : null, before, `${x} untouched`);
  }

  const sum = digest(backupFile);
  const exists = await run(['backup', '--out', backupFile], dirA);
  assert.equal(exists.code, 1);
  assert.match(exists.err, /文件已存在.*不会覆盖.*--force/);
  assert.equal(digest(backupFile), sum, 'the existing backup is untouched');

  const restoredB = digest(fileB);
  const notSqlite = path.join(root, 'notes.txt');
  fs.writeFileSync(notSqlite, '这不是数据库\n'.repeat(100));
  const bad = await run(['restore', notSqlite, '--force'], dirB);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /不是 SQLite 数据库文件/);

  const truncated = path.join(root, 'truncated.sqlite');
  fs.writeFileSync(truncated, fs.readFileSync(backupFile).subarray(0, Math.floor(fs.statSync(backupFile).size / 3)));
  const cut = await run(['restore', truncated, '--force'], dirB);
  assert.equal(cut.code, 1);
  assert.match(cut.err, /可能不完整或被截断/);

  const foreign = path.join(root, 'other-app.sqlite');
  const other = new SQLite(foreign);
  other.exec('create table notes (id integer primary key, body text); insert into notes (body) values (\'x\');');
  other.close();
  const wrongApp = await run(['restore', foreign, '--force'], dirB);
  assert.equal(wrongApp.code, 1);
  assert.match(wrongApp.err, /不是本系统的数据库/);

  const occupied = await run(['restore', backupFile], dirB);
  assert.equal(occupied.code, 1, 'the folder already holds a database');
  assert.match(occupied.err, /已有数据库.*先停止服务.*--force/);

  assert.equal(digest(fileB), restoredB, 'the restored database was never replaced');
  // (the search index snapshot is the app's, written when it served from dirB in the first test)
  assert.deepEqual(fs.readdirSync(dirB).filter((f) => f !== 'gongkai.sqlite' && !f.endsWith('.search-index.snapshot')), [], 'no temporary files left behind');
  assert.deepEqual(fs.readdirSync(root).filter((f) => f.startsWith('.')), [], 'no partial backup files left behind');
});

test('restore --force replaces the database atomically and keeps the old one beside it', async () => {
  const r = await run(['restore', backupFile, '--force'], dirB);
  assert.equal(r.code, 0, r.err);
  const kept = fs.readdirSync(dirB).filter((f) => f.startsWith('gongkai.sqlite.before-restore-'));
  assert.equal(kept.length, 1);
  assert.match(r.out, /原数据库保留为/);
  assert.equal(counts(fileB).get('staff_user'), counts(path.join(dirB, kept[0]!)).get('staff_user'));
});

test('a backup finishes even when another connection writes between every two steps', async () => {
  const src = path.join(root, 'busy.sqlite');
  const setup = new SQLite(src);
  setup.pragma('journal_mode = WAL');
  setup.exec(`create table kysely_migration (name text primary key, timestamp text); insert into kysely_migration values ('0001_foundation', 'x');
    create table t (id integer primary key, body blob);`);
  const fill = setup.prepare('insert into t (body) values (randomblob(2000))');
  setup.transaction(() => { for (let i = 0; i < 3000; i++) fill.run(); })();
  const writer = new SQLite(src);
  const write = writer.prepare('insert into t (body) values (randomblob(100))');
  let steps = 0;
  const out = path.join(root, 'busy-backup.sqlite');
  try {
    // SQLite restarts a backup whenever another connection changes the source between two steps.
    await backupSqlite(src, out, { onProgress: () => { if (++steps < 10_000) write.run(); } });
  } finally {
    writer.close();
    setup.close();
  }
  assert.ok(steps < 200, `finished after ${steps} steps, not by outlasting the writer`);
  assert.ok(counts(out).get('t')! >= 3000);
});

test('PostgreSQL: the pg_dump and pg_restore commands with the password masked; a failed connection is a clear error', async () => {
  const url = 'postgres://gongkai:s3cret@db.example:5432/gongkai?sslmode=require';
  const dump = pgDumpCommand(url, '/backup/gk.dump');
  assert.equal(dump, `PGPASSWORD=*** pg_dump --format=custom --no-owner --dbname='postgres://gongkai@db.example:5432/gongkai?sslmode=require' --file='/backup/gk.dump'`);
  assert.ok(!pgRestoreCommand(url, 'x').includes('s3cret'));
  const r = await runCli(['backup', '--out', path.join(root, 'pg.dump')], { DEMO_DATA: 'false', DATA_DIR: dirA, DATABASE_URL: 'postgres://gongkai:s3cret@127.0.0.1:1/gongkai' });
  assert.equal(r.code, 1);
  assert.match(r.err, /无法连接 DATABASE_URL 指定的 PostgreSQL（postgres:\/\/gongkai:\*\*\*@127\.0\.0\.1:1\/gongkai）/);
  assert.ok(!r.err.includes('s3cret'));
  if (process.env.TEST_DATABASE_URL) {
    const ok = spawnSync(process.execPath, [...cliArgs(), 'backup', '--out', path.join(root, 'pg.dump')], { encoding: 'utf8', env: { ...baseEnv, DATA_DIR: dirA, DATABASE_URL: process.env.TEST_DATABASE_URL } });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /已连接 PostgreSQL \d+/);
    assert.match(ok.stdout, /pg_dump --format=custom/);
  }
});
