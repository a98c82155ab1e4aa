// The search index snapshot on SQLite and PostgreSQL: a process that starts with a snapshot loads it
// and replays the change log after it, and answers a fixed query list exactly like a fresh build;
// a corrupt or truncated snapshot, or one whose change-log position is gone (pruned, or another
// database), is refused with a log line and rebuilt from the database, and a good file is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { SearchService } from '../../src/modules/search/index.ts';
import { readSnapshot } from '../../src/platform/search/snapshot.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Db } from '../../src/schema.ts';

// (no query whose answer hangs on a tie between two equally common new words: a fresh build and a
// follower may break such a tie differently, snapshot or not)
const QUERIES = ['社保', '林地', 'gongjijin', '身份证', '公积金提取', 'sfz', '婚姻登记', '政务服务中心', '营业执照', '合肥 社保'];
const clock = fixedClock('2026-03-02T02:00:00Z');

async function answers(svc: SearchService): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of QUERIES) {
    const r = await svc.search({ q, limit: 10, offset: 0 }, { log: false });
    out.push({ total: r.total, hits: r.hits, didYouMean: r.didYouMean });
  }
  out.push(await svc.suggest('社', 8), svc.index.size());
  return out;
}

let serial = 0;
async function addItem(db: Db, name: string): Promise<void> {
  const at = clock.now().toISOString();
  serial++;
  await db.insertInto('sm_item').values({ public_id: `SNAP-${serial}`, name, basic_code: '', implementing_code: '', type: '行政许可', department: '林业局', implementing_body: '磁县林业局', region_code: '130427', level: 'county', keywords: '占林地', online_url: null, mobile_url: null, channels: '窗口办', legal_limit: null, legal_unit: null, promised_limit: null, promised_unit: null, visits: 3, guide_json: null, created_at: at, updated_at: at }).execute();
}

forEachDialect('search index snapshot', (get) => {
  let dir: string;
  let file: string;
  const logs: string[] = [];
  const svc = (snapshotDir: string) => new SearchService(get().db, clock, { snapshotDir, log: (m) => logs.push(m) });
  before(async () => {
    await withDemo(get());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-snapdb-'));
    await svc('off').seedDictionary();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('no snapshot: built from the database and one is written; the next start loads it and replays the changes after it', async () => {
    const a = svc(dir);
    await a.open();
    assert.equal(a.lastStart?.from, 'database');
    assert.match(a.lastStart?.reason ?? '', /没有快照文件/);
    assert.ok(await a.saveSnapshot());
    const p = await a.snapshotPath();
    assert.ok(p && fs.existsSync(p));
    file = p;
    const at = (await readSnapshot(file, SearchService.snapshotVersion())).header.cursor;
    assert.ok(at > 0);
    // changes after the snapshot: new, renamed and removed items
    await addItem(get().db, '临时占用林地审批');
    await addItem(get().db, '林木采伐许可证核发');
    const one = await get().db.selectFrom('sm_item').select(['id', 'name']).where('public_id', 'not like', 'SNAP-%').orderBy('id').limit(2).execute();
    await get().db.updateTable('sm_item').set({ name: '临时使用林地审批（改名）' }).where('id', '=', Number(one[0]?.id)).execute();
    await get().db.deleteFrom('sm_item').where('id', '=', Number(one[1]?.id)).execute();
    const b = svc(dir);
    await b.open();
    assert.equal(b.lastStart?.from, 'snapshot');
    assert.ok((b.lastStart?.replayed ?? 0) >= 4, `replayed ${b.lastStart?.replayed}`);
    const fresh = svc('off');
    await fresh.open();
    assert.equal(fresh.lastStart?.from, 'database');
    const want = await answers(fresh);
    assert.deepEqual(await answers(b), want);
    // and exactly like the process that wrote the snapshot and followed the same changes
    await a.sync();
    assert.deepEqual(await answers(b), await answers(a));
    assert.ok((await b.search({ q: '林地', limit: 10, offset: 0 }, { log: false })).hits.some((h) => h.title === '临时占用林地审批'));
    assert.ok(logs.some((l) => /从快照载入/.test(l)));
    await b.stop(); await a.stop();
  });

  test('a corrupt or truncated snapshot is refused with a log line, rebuilt from the database and rewritten whole', async () => {
    const fresh = svc('off');
    await fresh.open();
    const want = await answers(fresh);
    for (const damage of ['corrupt', 'truncated'] as const) {
      const bytes = fs.readFileSync(file);
      if (damage === 'corrupt') { bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0x55; fs.writeFileSync(file, bytes); } else fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
      logs.length = 0;
      const s = svc(dir);
      await s.open();
      assert.equal(s.lastStart?.from, 'database', damage);
      assert.ok(logs.some((l) => /快照不可用/.test(l) && (damage === 'corrupt' ? /校验和不符/.test(l) : /不完整/.test(l))), logs.join('\n'));
      assert.deepEqual(await answers(s), want);
      await s.stop(); // waits for the snapshot it writes after the rebuild
      assert.equal((await readSnapshot(file, SearchService.snapshotVersion())).header.cursor > 0, true, 'a whole snapshot again');
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    }
  });

  test('a snapshot whose change-log position is gone (log pruned, or another database) is not caught up but rebuilt', async () => {
    const { header } = await readSnapshot(file, SearchService.snapshotVersion());
    await addItem(get().db, '森林植物检疫证书核发');
    // the rows up to and including the snapshot's position are pruned
    await get().db.deleteFrom('search_change').where('id', '<=', header.cursor).execute();
    logs.length = 0;
    const s = svc(dir);
    await s.open();
    assert.equal(s.lastStart?.from, 'database');
    assert.ok(logs.some((l) => /已不在日志中/.test(l)), logs.join('\n'));
    assert.ok((await s.search({ q: '植物检疫', limit: 5, offset: 0 }, { log: false })).hits.some((h) => h.title === '森林植物检疫证书核发'));
    await s.stop();
  });

  test('the index changing while a snapshot is written (a sync between taking its image and encoding it) leaves a whole, loadable file', async () => {
    const a = svc(dir);
    await a.open();
    await a.stop();
    // a follower's upsert lands in a microtask right after the image is taken
    const orig = a.index.image.bind(a.index);
    a.index.image = () => {
      const img = orig();
      queueMicrotask(() => a.index.upsert([{ type: 'item', id: '999999901', publicId: 'TORN-1', title: '社保卡补办（并发）', keywords: ['社保', '补办'], dept: '人社局', url: '/services/items/TORN-1' }]));
      return img;
    };
    assert.ok(await a.saveSnapshot());
    const s = svc(dir);
    await s.open();
    assert.equal(s.lastStart?.from, 'snapshot');
    for (const q of ['社保', '补办', 'shebao']) await s.search({ q, limit: 10, offset: 0 }, { log: false }); // no group the file does not hold
    assert.deepEqual(await answers(s), await answers(await (async () => { const f = svc('off'); await f.open(); return f; })()));
    await s.stop();
  });

  test('a quiet day: the hourly prune empties an old log, yet the snapshot written at its last change still loads and catches up', async () => {
    const a = svc(dir);
    await a.open();
    assert.ok(await a.saveSnapshot());
    await a.stop();
    const at = (await readSnapshot(file, SearchService.snapshotVersion())).header.cursor;
    // a day and more without any search change: the prune job (a clock two days on) deletes what is older than a day
    await new SearchService(get().db, fixedClock(new Date(Date.now() + 2 * 86_400_000).toISOString())).pruneChanges();
    logs.length = 0;
    const s = svc(dir);
    await s.open();
    assert.equal(s.lastStart?.from, 'snapshot', logs.join('\n'));
    await s.stop();
    // and a change after the prune is replayed on the next start
    await addItem(get().db, '野生植物采集许可');
    const n = svc(dir);
    await n.open();
    assert.equal(n.lastStart?.from, 'snapshot', logs.join('\n'));
    assert.ok(n.lastStart && n.lastStart.replayed >= 1 && at > 0);
    assert.ok((await n.search({ q: '野生植物采集', limit: 5, offset: 0 }, { log: false })).hits.some((h) => h.title === '野生植物采集许可'));
    await n.stop();
  });
  test("each process refreshes its own host's snapshot file (two hosts, two directories): both files move on with the log", async () => {
    const hostA = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-snap-hostA-'));
    const hostB = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-snap-hostB-'));
    const a = svc(hostA);
    const b = svc(hostB);
    try {
      await a.open();
      await b.open();
      await a.saveSnapshot();
      await b.saveSnapshot();
      const cursorOf = async (s: SearchService) => (await readSnapshot((await s.snapshotPath())!, SearchService.snapshotVersion())).header.cursor;
      const before = [await cursorOf(a), await cursorOf(b)];
      await addItem(get().db, '林木种子生产经营许可证核发（主机测试）');
      a.start(20, 60);
      b.start(20, 60);
      const until = Date.now() + 10_000;
      while (Date.now() < until && ((await cursorOf(a)) <= before[0]! || (await cursorOf(b)) <= before[1]!)) await new Promise((r) => setTimeout(r, 50));
      assert.ok((await cursorOf(a)) > before[0]!, 'host A file moved on');
      assert.ok((await cursorOf(b)) > before[1]!, 'host B file moved on');
    } finally {
      await a.stop();
      await b.stop();
      fs.rmSync(hostA, { recursive: true, force: true });
      fs.rmSync(hostB, { recursive: true, force: true });
    }
  });
});
