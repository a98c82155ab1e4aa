// The search log (search-log.ts): on both dialects the rows are written on the service's own
// connection and a flush resolves only once they are committed (the readers — hot terms, zero-result
// queries — flush first). By default a SQLite file is written on the service's connection too; with
// `worker: true` a worker thread with its own connection writes them, and the server's own
// read-then-write transactions still never fail busy (they begin IMMEDIATE, db.ts); the worker's
// rows are seen by the server's connection, a graceful stop writes every buffered row and ends the
// worker, a process that never stops its service still exits, and a worker that dies loses no row.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { sql } from 'kysely';
import { fileURLToPath } from 'node:url';
import { forEachDialect, migrateAndSeed } from '../support/db.ts';
import { SearchService } from '../../src/modules/search/index.ts';
import { SearchLog, type SearchLogEvent } from '../../src/modules/search/search-log.ts';
import { openDb } from '../../src/platform/db/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Database, Db } from '../../src/schema.ts';

const AT = '2026-03-02T02:00:00.000Z';
const clock = fixedClock(AT);
const ev = (query: string, count = 3): SearchLogEvent => ({ kind: 'search', query, count, at: AT });
const countOf = async (db: Db, prefix: string) => Number((await db.selectFrom('search_event').select((eb) => eb.fn.countAll<number>().as('n')).where('query', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);

forEachDialect('search log on the service connection', (get) => {
  test('a flush resolves once every row logged before it is committed, also when flushes overlap', async () => {
    const log = new SearchLog(get().db);
    for (let i = 0; i < 120; i++) log.push(ev(`重叠${i}`));
    const first = log.flush();
    for (let i = 120; i < 180; i++) log.push(ev(`重叠${i}`));
    await log.flush(); // not awaiting `first`: the second flush must wait for it too
    assert.equal(log.writer, 'direct');
    assert.equal(await countOf(get().db, '重叠'), 180);
    await first;
    await log.close();
    assert.equal(await countOf(get().db, '重叠'), 180, 'nothing written twice');
  });

  test('the log is append-only: no index on search_event.query (migration 0050), the one on `at` stays', async () => {
    const { db, dialect } = get();
    const names = dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'search_event'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'search_event' and schemaname = current_schema()`.execute(db)).rows.map((r) => r.name);
    assert.ok(names.includes('search_event_at'), names.join());
    assert.ok(!names.includes('search_event_query'), names.join());
  });

  test('the readers see what was logged: hot terms count searches with results, zero-result queries those without', async () => {
    const svc = new SearchService(get().db, clock, { snapshotDir: 'off' });
    for (let i = 0; i < 7; i++) svc.searchLog.push(ev('热门词甲', 12));
    for (let i = 0; i < 3; i++) svc.searchLog.push(ev('没有结果的词乙', 0));
    const hot = await svc.hot();
    assert.deepEqual(hot.queries.find((q) => q.query === '热门词甲'), { query: '热门词甲', count: 7 });
    assert.ok(!hot.queries.some((q) => q.query === '没有结果的词乙'));
    const zero = await svc.zeroResults();
    assert.equal(zero.find((z) => z.query === '没有结果的词乙')?.count, 3);
    await svc.stop();
  });
});

for (const worker of [false, true]) describe(`search log on a SQLite file, ${worker ? 'written by a worker thread (worker: true)' : 'by default'}`, () => {
  test(`is written on ${worker ? 'its own connection' : "the service's connection"}, and the server's read-then-write transactions never fail busy while people search`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-search-log-default-'));
    const db = openDb<Database>({ databaseUrl: null, sqliteFile: path.join(dir, 'd.sqlite') });
    try {
      await migrateAndSeed(db);
      await sql`create table busy_probe (n integer)`.execute(db);
      const log = new SearchLog(db, { worker });
      let stop = false;
      let i = 0;
      // 1,500 searches a second, flushed every 250 ms as the service's tick does
      const searches = (async () => {
        while (!stop) {
          for (let k = 0; k < 375; k++) log.push(ev(`默认${i++}`));
          await log.flush();
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      let ok = 0;
      const failures: string[] = [];
      const t0 = Date.now();
      while (Date.now() - t0 < 1500) {
        try {
          await db.transaction().execute(async (trx) => {
            await sql`select count(*) from busy_probe`.execute(trx);
            await new Promise((r) => setTimeout(r, 4)); // a window in which another connection may commit
            await sql`insert into busy_probe values (1)`.execute(trx);
          });
          ok++;
        } catch (e) { failures.push(`${(e as { code?: string }).code} ${(e as Error).message}`); }
        await new Promise((r) => setTimeout(r, 2));
      }
      stop = true;
      await searches;
      await log.close();
      assert.deepEqual(failures, [], 'no transaction of the server failed while the log was written');
      assert.ok(ok > 50, `transactions ran (${ok})`);
      assert.equal(await countOf(db, '默认'), i, 'every search was logged');
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('search log on a SQLite file: with worker: true a worker thread writes it', () => {
  let dir: string;
  let file: string;
  let db: Db;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-search-log-'));
    file = path.join(dir, 'log.sqlite');
    db = openDb<Database>({ databaseUrl: null, sqliteFile: file });
    await migrateAndSeed(db);
  });
  after(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('searches are written by the worker and read on the server connection (hot terms, zero results)', async () => {
    const svc = new SearchService(db, clock, { snapshotDir: 'off', searchLogWorker: true });
    await svc.search({ q: '龘靐齉', limit: 5, offset: 0 });
    for (let i = 0; i < 5; i++) svc.searchLog.push(ev('文件热词', 4));
    await svc.flushEvents();
    assert.equal(svc.searchLog.writer, 'worker');
    assert.notEqual(svc.searchLog.workerThreadId, null);
    assert.equal((await svc.hot()).queries.find((q) => q.query === '文件热词')?.count, 5);
    assert.ok((await svc.zeroResults()).some((z) => z.query === '龘靐齉'));
    await svc.stop();
    assert.equal(svc.searchLog.workerThreadId, null, 'the worker ended with the service');
  });

  test('a graceful stop writes every buffered row, then ends the worker', async () => {
    const svc = new SearchService(db, clock, { snapshotDir: 'off', searchLogWorker: true });
    svc.searchLog.push(ev('停止前0'));
    await svc.flushEvents(); // the worker is running
    for (let i = 1; i < 2500; i++) svc.searchLog.push(ev(`停止前${i}`));
    await svc.stop();
    assert.equal(svc.searchLog.workerThreadId, null);
    assert.equal(await countOf(db, '停止前'), 2500);
  });

  test('a worker that dies loses no row: the rows in flight and later ones are written on the server connection', async () => {
    const lines: string[] = [];
    const log = new SearchLog(db, { worker: true, log: (m) => lines.push(m) });
    log.push(ev('崩溃前'));
    await log.flush();
    assert.equal(log.writer, 'worker');
    log.crashWorkerForTests(); // the worker exits before it reads the next batch
    for (let i = 0; i < 300; i++) log.push(ev(`崩溃中${i}`));
    await log.flush();
    for (let i = 0; i < 20; i++) log.push(ev(`崩溃后${i}`));
    await log.flush();
    assert.equal(await countOf(db, '崩溃'), 1 + 300 + 20);
    assert.equal(log.writer, 'direct', 'the log goes on without a worker');
    assert.match(lines.join('\n'), /写入线程退出（code 1），300 条改在主线程写入/);
    await log.close();
    assert.equal(log.workerThreadId, null);
  });

  test('a process whose service was never stopped still exits; one that stops writes every row', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const run = (stop: boolean) => new Promise<void>((resolve, reject) => {
      // the log alone (what SearchService.stop() closes), without loading the whole service
      const code = `
        import { openDb } from ${JSON.stringify(path.join(root, 'src/platform/db/db.ts'))};
        import { SearchLog } from ${JSON.stringify(path.join(root, 'src/modules/search/search-log.ts'))};
        const db = openDb({ databaseUrl: null, sqliteFile: ${JSON.stringify(file)} });
        const log = new SearchLog(db, { worker: true });
        const ev = (i) => ({ kind: 'search', query: '子进程${stop ? '停' : '不停'}' + i, count: 1, at: ${JSON.stringify(AT)} });
        for (let i = 0; i < 400; i++) log.push(ev(i));
        await log.flush();
        if (log.writer !== 'worker') throw new Error('no worker');
        for (let i = 400; i < 1000; i++) log.push(ev(i));
        ${stop ? 'await log.close(); await db.destroy();' : ''}
      `;
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, timeout: 60_000 }, (e, _out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve()));
    });
    await Promise.all([run(true), run(false)]);
    assert.equal(await countOf(db, '子进程停'), 1000, 'a graceful stop loses no row');
    // without a stop the process ends on its own (no worker keeps it alive); rows flushed before are there
    assert.ok(await countOf(db, '子进程不停') >= 400);
  });
});
