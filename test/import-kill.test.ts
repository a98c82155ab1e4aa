// Imports are all or nothing even under `kill -9`: the real CLI (src/cli.ts, built once: test/support/spawn.ts)
// runs as a child process on a generated file, is sent SIGKILL in the middle of its import, and
// the live rows and public pages (the real app over the same database) must be exactly as before.
// The next run then resumes (service map: same files) or starts again, and switches everything.
// SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (a schema of its own per suite,
// passed to the CLI through the connection string's `options=-c search_path=…`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type DialectName } from '../src/platform/db/db.ts';
import type { Database, Db } from '../src/schema.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { cliArgs } from './support/spawn.ts';
import { openTestDb } from './support/db.ts';
import { demoSqliteFile, withDemo } from './support/app.ts';

const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

interface Target { dir: string; env: Record<string, string>; open: () => Db; close: () => Promise<void> }

/** `schema`: an existing PostgreSQL schema to use (and drop at the end) instead of a new, empty one. */
async function makeTarget(dialect: DialectName, schema = `kill_${randomBytes(6).toString('hex')}`, created = false): Promise<Target> {
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
async function withDemoTarget(dialect: DialectName): Promise<Target> {
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

interface Outcome { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

/** Runs the CLI; with `killWhen`, sends SIGKILL as soon as its output matches. */
function cli(t: Target, args: string[], killWhen?: RegExp): Promise<Outcome> {
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

async function ok(t: Target, args: string[]): Promise<Outcome> {
  const r = await cli(t, args);
  assert.equal(r.code, 0, `${args.join(' ')}\n${r.out}\n${r.err}`);
  return r;
}

async function killed(t: Target, args: string[], when: RegExp): Promise<Outcome> {
  const r = await cli(t, args, when);
  assert.equal(r.signal, 'SIGKILL', `the import was to be killed at ${when}, but it ended by itself (code ${r.code}):\n${r.out}\n${r.err}`);
  return r;
}

async function count(db: Db, table: 'sm_item' | 'sm_venue' | 'sm_venue_item' | 'search_change' | 'region' | 'catalog_version' | 'catalog_item' | 'message' | 'message_event'): Promise<number> {
  return Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** Row counts and public pages, read through the real app over the database. */
async function snapshot(t: Target, tables: Parameters<typeof count>[1][], urls: string[]): Promise<{ counts: Record<string, number>; pages: Record<string, string> }> {
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

function write(t: Target, name: string, lines: Iterable<string>): string {
  const f = path.join(t.dir, name);
  fs.writeFileSync(f, `${[...lines].join('\n')}\n`);
  return f;
}

function* itemLines(prefix: string, n: number, name: (i: number) => string): Generator<string> {
  for (let i = 0; i < n; i++) yield JSON.stringify({ id: `${prefix}-${i}`, name: name(i), type: '公共服务', region_code: '130427', keywords: ['测试'] });
}

function* venueLines(prefix: string, n: number, items: (i: number) => string[]): Generator<string> {
  for (let i = 0; i < n; i++) {
    yield JSON.stringify({ id: `${prefix}-${i}`, name: `${prefix}便民服务站${i}`, type: '便民服务站', region_code: '130427', address: `磁县某路 ${i} 号`, lat: 36.37 + (i % 100) / 1000, lng: 114.38 + Math.floor(i / 100) / 1000, opening_hours: '09:00-17:00', items: items(i) });
  }
}

for (const dialect of DIALECTS) {
  describe(`services import killed with SIGKILL [${dialect}]`, () => {
    let t: Target;
    before(async () => { t = await makeTarget(dialect); });
    after(async () => { await t.close(); });
    const tables = ['sm_item', 'sm_venue', 'sm_venue_item', 'search_change'] as const;
    // Sizes: large enough that the CLI is still staging (or switching) when the kill lands —
    // progress is printed every 2,000 rows and staged 1,000 a batch: the first line at or over 10%
    // is row 2,000's (25%), 6,000 rows before the end of the file — and no larger (each row is CPU,
    // in the CLI, in the switch and in the search index each snapshot's app builds).
    const N = 8_000;
    const V = 250;
    const urls = ['/services/items/B-1', '/services/venues/BV-0', '/api/v1/venues?near=36.38,114.39&radius_km=50&limit=100', '/api/v1/items/B-1', '/api/v1/search?q=%E6%9D%80%E8%BF%9B%E7%A8%8B'];

    test('killed while staging or while switching: the public site is exactly as before; the next run resumes and switches all at once', async () => {
      // Before: 30 items and 3 venues live.
      const baseItems = write(t, 'base-items.jsonl', itemLines('B', 30, (i) => `基线事项${i}`));
      const baseVenues = write(t, 'base-venues.jsonl', venueLines('BV', 3, (i) => [`B-${i}`, `B-${i + 10}`]));
      await ok(t, ['services', 'import', '--items', baseItems, '--venues', baseVenues]);
      const before = await snapshot(t, [...tables], urls);
      assert.deepEqual([before.counts.sm_item, before.counts.sm_venue, before.counts.sm_venue_item], [30, 3, 6]);
      assert.match(before.pages['/services/items/B-1'] as string, /基线事项1/);

      // A large import that renames B-1, re-links BV-0 and adds N items and V venues.
      const bigItems = write(t, 'big-items.jsonl', [...itemLines('B', 30, (i) => (i === 1 ? '改名后的事项' : `基线事项${i}`)), ...itemLines('K', N, (i) => `杀进程测试事项${i}`)]);
      const bigVenues = write(t, 'big-venues.jsonl', [...venueLines('BV', 3, (i) => (i === 0 ? ['K-1', 'K-2', 'K-3'] : [`B-${i}`, `B-${i + 10}`])), ...venueLines('KV', V, (i) => [`K-${i}`, `K-${i + V}`, `K-${i + 2 * V}`])]);

      // 1. Killed while writing the staging rows (after at least one tenth of the items).
      const k1 = await killed(t, ['services', 'import', '--items', bigItems, '--venues', bigVenues], /解析并写入暂存事项 \[[█░]+\]\s+[1-9]\d%/);
      assert.doesNotMatch(k1.out, /已导入/);
      assert.deepEqual(await snapshot(t, [...tables], urls), before, 'after a kill while staging');
      {
        const db = t.open();
        const run = await db.selectFrom('sm_import_run').select(['status', 'done_rows']).where('kind', '=', 'map').orderBy('id', 'desc').executeTakeFirstOrThrow();
        await db.destroy();
        assert.equal(run.status, 'staging');
        assert.ok(Number(run.done_rows) >= 1000 && Number(run.done_rows) < N + 30, `staged ${run.done_rows} rows: killed after a batch and before the end`);
      }

      // 2. Resumed, and killed as the switch transaction starts.
      const k2 = await killed(t, ['services', 'import', '--items', bigItems, '--venues', bigVenues], /切换 \[[█░]+\]\s+0%/);
      assert.match(k2.out, /发现未完成的导入（第 \d+ 次，big-items\.jsonl \+ big-venues\.jsonl，已暂存 \d+ 条）：文件相同，续传/);
      assert.deepEqual(await snapshot(t, [...tables], urls), before, 'after a kill during the switch');

      // 3. Run again to the end: everything staged is resumed and switched live together.
      const done = await ok(t, ['services', 'import', '--items', bigItems, '--venues', bigVenues]);
      assert.match(done.out, /发现未完成的导入.*文件相同，续传/);
      assert.match(done.out, new RegExp(`已导入事项 ${N + 30} 条（从第 ${N + 31} 条续传），场所 ${V + 3} 个（从第 ${V + 4} 条续传）`));
      assert.match(done.err, /切换 \[█+\] 100% 4\/4/);
      const end = await snapshot(t, [...tables], urls);
      assert.deepEqual([end.counts.sm_item, end.counts.sm_venue, end.counts.sm_venue_item], [N + 30, V + 3, 3 + 2 * 2 + 3 * V]);
      assert.equal(end.counts.search_change, (before.counts.search_change as number) + N + 30 + V + 3, 'each item and venue reaches the search change log once, at the switch');
      assert.match(end.pages['/services/items/B-1'] as string, /改名后的事项/);
      assert.doesNotMatch(end.pages['/services/items/B-1'] as string, /基线事项1</);
      assert.match(end.pages['/api/v1/search?q=%E6%9D%80%E8%BF%9B%E7%A8%8B'] as string, /杀进程测试事项/);
      const db = t.open();
      try {
        for (const s of ['sm_import_stage_item', 'sm_import_stage_venue', 'sm_import_stage_link'] as const) {
          assert.equal(Number((await db.selectFrom(s).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0, `${s} emptied`);
        }
      } finally {
        await db.destroy();
      }
    });

    test('a killed run of other files is discarded, saying so, and none of it goes live', async () => {
      const other = write(t, 'other-items.jsonl', itemLines('Z', N, (i) => `丢弃测试事项${i}`));
      await killed(t, ['services', 'import', '--items', other], /解析并写入暂存事项 \[[█░]+\]\s+[1-9]\d%/);
      const small = write(t, 'small-items.jsonl', itemLines('S', 5, (i) => `小文件事项${i}`));
      const r = await ok(t, ['services', 'import', '--items', small]);
      assert.match(r.out, /发现未完成的导入（第 \d+ 次，other-items\.jsonl，已暂存 \d+ 条）：文件不同，已丢弃，从头导入/);
      const db = t.open();
      try {
        assert.equal(Number((await db.selectFrom('sm_item').select(db.fn.countAll<number>().as('n')).where('public_id', 'like', 'Z-%').executeTakeFirstOrThrow()).n), 0);
        assert.equal(Number((await db.selectFrom('sm_item').select(db.fn.countAll<number>().as('n')).where('public_id', 'like', 'S-%').executeTakeFirstOrThrow()).n), 5);
        assert.equal(Number((await db.selectFrom('sm_import_stage_item').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0);
      } finally {
        await db.destroy();
      }
    });
  });

  describe(`catalogue, region and hotline imports killed with SIGKILL [${dialect}]`, () => {
    let t: Target;
    before(async () => {
      t = await withDemoTarget(dialect);
    });
    after(async () => { await t.close(); });

    test('regions import: killed inside its transaction, the region pages are as before; run again, every region is there', async () => {
      const urls = ['/data/regions/130427', '/api/v1/regions/130427000000', '/api/v1/regions/130427100000'];
      const before = await snapshot(t, ['region'], urls);
      // 80 new townships × 100 villages of 磁县, and 磁州镇 renamed.
      const TOWNS = 80;
      const rows = ['code,name,level,parent_code', '130427100000,磁州镇（新名）,township,130427000000'];
      for (let tw = 700; tw < 700 + TOWNS; tw++) {
        rows.push(`130427${tw}000,测试乡${tw},township,130427000000`);
        for (let v = 1; v <= 100; v++) rows.push(`130427${tw}${String(v).padStart(3, '0')},测试村${tw}-${v},village,130427${tw}000`);
      }
      const file = write(t, 'regions.csv', rows);
      await killed(t, ['regions', 'import', file], /导入区划（一个事务） \[/);
      assert.deepEqual(await snapshot(t, ['region'], urls), before);
      const r = await ok(t, ['regions', 'import', file]);
      assert.match(r.out, new RegExp(`已导入 ${TOWNS * 101 + 1} 条区划：新增 ${TOWNS * 101}，更新 1`));
      const end = await snapshot(t, ['region'], urls);
      assert.equal(end.counts.region, (before.counts.region as number) + TOWNS * 101);
      assert.match(end.pages['/data/regions/130427'] as string, new RegExp(`测试乡${700 + TOWNS - 1}`));
    });

    test('catalog import --publish: killed inside its transaction, the public catalogue is as before; run again, it is published', async () => {
      const urls = ['/openness/catalogs/org/440105002', '/api/v1/catalogs?org=440105002'];
      const before = await snapshot(t, ['catalog_version', 'catalog_item'], urls);
      const rows = ['新港街道社会救助领域基层政务公开标准目录,,,,,,,,,,', '序号,公开事项,,公开内容(要素),公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级', ',一级事项,二级事项,,,,,,,,'];
      const M = 3_000;
      for (let i = 1; i <= M; i++) rows.push(`${i},最低生活保障${i},政策法规文件,测试内容${i},《信息公开条例》,制定或获取信息之日起20个工作日内,社会事务科,■政府网站,✓,✓,✓`);
      const file = write(t, '440105002-社会救助.csv', rows);
      await killed(t, ['catalog', 'import', file, '--org', '440105002', '--domain', '社会救助', '--publish'], /导入目录事项（一个事务） \[/);
      assert.deepEqual(await snapshot(t, ['catalog_version', 'catalog_item'], urls), before);
      const r = await ok(t, ['catalog', 'import', file, '--org', '440105002', '--domain', '社会救助', '--publish']);
      assert.match(r.out, new RegExp(`已导入「社会救助」第1版：${M} 项，已发布`));
      const end = await snapshot(t, ['catalog_version', 'catalog_item'], urls);
      assert.equal(end.counts.catalog_item, (before.counts.catalog_item as number) + M);
      assert.notEqual(end.pages['/openness/catalogs/org/440105002'], before.pages['/openness/catalogs/org/440105002']);
    });

    test('hotline import: killed inside its transaction, no work order exists; run again, every order is imported once', async () => {
      const urls = ['/interaction/messages', '/interaction'];
      const before = await snapshot(t, ['message', 'message_event'], urls);
      const rows = ['工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态'];
      const W = 2_000;
      for (let i = 1; i <= W; i++) rows.push(`KILL${String(i).padStart(6, '0')},8012,关于路灯${i},路灯不亮,2026-03-02 09:00:00,-,求助,待签收`);
      const file = write(t, 'hotline.csv', rows);
      await killed(t, ['hotline', 'import', file, '--org', '130427'], /导入工单（一个事务） \[/);
      assert.deepEqual(await snapshot(t, ['message', 'message_event'], urls), before);
      const r = await ok(t, ['hotline', 'import', file, '--org', '130427']);
      assert.match(r.out, new RegExp(`已导入 ${W} 件 12345 工单`));
      const end = await snapshot(t, ['message', 'message_event'], urls);
      assert.equal(end.counts.message, (before.counts.message as number) + W);
    });
  });
}
