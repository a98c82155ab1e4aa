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

  test('the daily totals (migration 0052) give the same counts as every logged row since the instant, the partial first day included', async () => {
    const { db } = get();
    // the migration's own back-fill: totals of rows logged before it ran
    const m0052 = await import('../../migrations/0052_search_event_day.ts');
    await m0052.down(db as never);
    const row = (kind: 'search' | 'click', query: string, count: number, at: string, title: string | null = null) => ({ kind, query, result_count: count, doc_type: kind === 'click' ? 'item' : null, doc_id: kind === 'click' ? '1' : null, doc_title: title, at });
    const before = [row('search', '日合计甲', 4, '2026-02-20T10:00:00.000Z'), row('search', '日合计乙', 0, '2026-02-25T10:00:00.000Z'), row('click', '日合计甲', 4, '2026-02-25T11:00:00.000Z', '日合计事项一')];
    await db.insertInto('search_event').values(before).execute();
    await m0052.up(db as never);
    // then rows the trigger adds up: around the window's first instant, on whole days, clicks without a title
    const since = '2026-02-01T09:30:00.000Z';
    const after = [
      row('search', '日合计甲', 2, '2026-02-01T09:29:59.999Z'), // before the instant: not counted
      row('search', '日合计甲', 2, '2026-02-01T09:30:00.000Z'), row('search', '日合计甲', 2, '2026-02-01T23:59:59.999Z'),
      row('search', '日合计甲', 3, '2026-02-02T00:00:00.000Z'), row('search', '日合计丙', 1, '2026-02-02T08:00:00Z'),
      row('search', '日合计乙', 0, '2026-02-01T12:00:00.000Z'), row('search', '日合计乙', 0, '2026-03-01T12:00:00.000Z'), row('search', '日合计乙', 0, '2026-01-31T12:00:00.000Z'),
      row('click', '日合计甲', 4, '2026-02-10T11:00:00.000Z', '日合计事项一'), row('click', '日合计丙', 1, '2026-02-10T11:00:00.000Z', '日合计事项二'), row('click', '日合计丙', 1, '2026-02-10T11:00:00.000Z', null),
    ];
    await db.insertInto('search_event').values(after).execute();
    const all = [...before, ...after].filter((r) => r.at >= since);
    const tally = (rows: typeof all, key: (r: (typeof all)[number]) => string) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
      return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    };
    const repo = await import('../../src/modules/search/search.repository.ts');
    const mine = (xs: { query?: string; title?: string; count: number }[]) => xs.map((x) => [x.query ?? x.title, x.count]).filter(([k]) => String(k).startsWith('日合计'));
    assert.deepEqual(mine(await repo.hotQueries(db, since, 100)), tally(all.filter((r) => r.kind === 'search' && r.result_count > 0), (r) => r.query));
    assert.deepEqual(mine(await repo.hotQueries(db, since, 100)), [['日合计甲', 4], ['日合计丙', 1]]);
    assert.deepEqual(mine(await repo.zeroResultQueries(db, since, 100)), [['日合计乙', 3]]);
    assert.equal((await repo.zeroResultQueries(db, since, 100)).find((z) => z.query === '日合计乙')?.last, '2026-03-01T12:00:00.000Z');
    assert.deepEqual(mine(await repo.topSearchedItems(db, since, 100)), tally(all.filter((r) => r.kind === 'click' && r.doc_title), (r) => r.doc_title!));
    assert.deepEqual(mine(await repo.topSearchedItems(db, since, 100)), [['日合计事项一', 2], ['日合计事项二', 1]]);
    // a window that starts on a later day than every total
    assert.deepEqual(mine(await repo.hotQueries(db, '2026-03-02T00:00:00.000Z', 100)), []);
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
      // 100 transactions (≈ 1 s alone; longer on a loaded machine, so counted rather than timed)
      while (ok + failures.length < 100 && Date.now() - t0 < 60_000) {
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
      assert.equal(ok, 100, 'every transaction ran');
      assert.ok(i >= 375 * 2, `searches were logged meanwhile (${i})`);
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
