// The search service on SQLite and PostgreSQL: two services on one database stand for two server
// processes (or a server and a CLI import) — each follows the trigger-filled change log; disclosure
// records appear only while publicly visible (scheduled ones when their time comes); catalogue items
// only from published versions; synonyms edited in one process apply in the other; reindex asks
// every process to rebuild.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { SearchService } from '../../src/modules/search/index.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import type { Db } from '../../src/schema.ts';

function movableClock(start: string): Clock & { set(iso: string): void } {
  let at = new Date(start);
  return { now: () => new Date(at), today: () => localDateOf(at), set: (iso: string) => { at = new Date(iso); } };
}

const titles = async (svc: SearchService, q: string, type?: string) => (await svc.search({ q, types: type ? [type] : [], limit: 20, offset: 0 }, { log: false })).hits.map((h) => h.title);

let serial = 0;
async function addRecord(db: Db, title: string, state: string, publishedAt: string | null, at: string): Promise<number> {
  serial++;
  const r = await db.insertInto('disclosure').values({
    index_no: `T-${serial}-${Date.now()}`, index_serial: serial, org_code: '130427', org_path: '/13/1304/130427/', publisher: '磁县人民政府', title,
    summary: '关于秋季森林防火的安排', body_text: '各乡镇要落实森林防火责任制，严禁野外用火。', genre: 'notice', category_code: 'nlsy',
    formed_on: '2026-02-01', state, published_at: publishedAt, created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

forEachDialect('search service', (get) => {
  const clock = movableClock('2026-03-02T02:00:00Z');
  let a: SearchService;
  let b: SearchService;
  before(async () => {
    a = new SearchService(get().db, clock);
    b = new SearchService(get().db, clock);
    await a.seedDictionary();
    await a.seedDictionary(); // once only
    await a.build();
    await b.build();
  });

  test('the result cache (SEARCH_RESULT_CACHE) answers a repeated query as the index would, and an upsert or a removal is visible at once', async () => {
    const { db } = get();
    const cached = new SearchService(db, clock, { resultCache: 20 });
    await cached.build();
    const q = { q: '草原占用审批', limit: 10, offset: 0 };
    const first = await cached.search(q, { log: false });
    const again = await cached.search(q, { log: false });
    assert.deepEqual(again.hits, first.hits);
    assert.equal(again.total, first.total);
    assert.deepEqual(cached.cacheStats, { hits: 1, misses: 1 });
    assert.ok(!first.hits.some((h) => h.title === '临时占用草原审批'));
    // the same answers as without the cache, for repeated queries of several kinds and pages
    const plain = new SearchService(db, clock);
    await plain.build();
    for (let round = 0; round < 2; round++) {
      for (const x of [{ q: '身份证', limit: 5, offset: 0 }, { q: '身份证', limit: 5, offset: 5 }, { q: 'shenfenzheng', limit: 10, offset: 0 }, { q: '社保', limit: 10, offset: 0, region: '130427' }, { q: '社保', limit: 10, offset: 0, types: ['venue'] }]) {
        const r1 = await cached.search(x, { log: false });
        const r2 = await plain.search(x, { log: false });
        assert.deepEqual({ ...r1, tookMs: 0 }, { ...r2, tookMs: 0 }, JSON.stringify(x));
      }
    }
    assert.ok(cached.cacheStats.hits >= 5, JSON.stringify(cached.cacheStats));
    const at = clock.now().toISOString();
    await db.insertInto('sm_item').values({ public_id: 'DB-CACHE-1', name: '临时占用草原审批', basic_code: '', implementing_code: '', type: '行政许可', department: '林业局', implementing_body: '磁县林业局', region_code: '130427', level: 'county', keywords: '草原', online_url: null, mobile_url: null, channels: '窗口办', legal_limit: null, legal_unit: null, promised_limit: null, promised_unit: null, visits: 3, guide_json: null, created_at: at, updated_at: at }).execute();
    await cached.sync();
    const added = await cached.search(q, { log: false });
    assert.ok(added.hits.some((h) => h.title === '临时占用草原审批'), 'the new item at once, not the cached answer');
    await db.deleteFrom('sm_item').where('public_id', '=', 'DB-CACHE-1').execute();
    await cached.sync();
    assert.ok(!(await cached.search(q, { log: false })).hits.some((h) => h.title === '临时占用草原审批'), 'gone at once');
  });

  test('the general dictionary is seeded once as editable rows', async () => {
    const n = await get().db.selectFrom('search_synonym').select((eb) => eb.fn.countAll<number>().as('n')).where('origin', '=', 'general').executeTakeFirstOrThrow();
    assert.ok(Number(n.n) > 50);
    const dup = await get().db.selectFrom('search_synonym').select('terms').where('terms', '=', '住房公积金、公积金').execute();
    assert.equal(dup.length, 1);
  });

  test('an item written by another process (or a CLI import) reaches both indexes through the change log', async () => {
    const { db } = get();
    const at = clock.now().toISOString();
    await db.insertInto('sm_item').values({ public_id: 'DB-T-1', name: '临时占用林地审批', basic_code: '', implementing_code: '', type: '行政许可', department: '林业局', implementing_body: '磁县林业局', region_code: '130427', level: 'county', keywords: '占林地', online_url: null, mobile_url: null, channels: '窗口办', legal_limit: null, legal_unit: null, promised_limit: null, promised_unit: null, visits: 3, guide_json: null, created_at: at, updated_at: at }).execute();
    await a.sync(); await b.sync();
    for (const svc of [a, b]) assert.ok((await titles(svc, 'lszyld')).includes('临时占用林地审批'));
    await db.updateTable('sm_item').set({ name: '临时使用林地审批', updated_at: at }).where('public_id', '=', 'DB-T-1').execute();
    await a.sync(); await b.sync();
    for (const svc of [a, b]) {
      const t = await titles(svc, '临时使用林地审批');
      assert.equal(t[0], '临时使用林地审批');
      assert.ok(!t.includes('临时占用林地审批'));
    }
    await db.deleteFrom('sm_item').where('public_id', '=', 'DB-T-1').execute();
    await b.sync();
    assert.ok(!(await titles(b, '临时使用林地审批')).includes('临时使用林地审批'));
  });

  test('disclosure records: only publicly visible ones; a scheduled record appears when its time comes; withdrawn ones leave', async () => {
    const { db } = get();
    const at = clock.now().toISOString();
    const pub = await addRecord(db, '关于做好秋季森林防火工作的通知', 'published', '2026-03-01T00:00:00Z', at);
    await addRecord(db, '关于开展春季植树活动的草稿', 'draft', null, at);
    await addRecord(db, '关于春季植树造林的公告', 'scheduled', '2026-03-02T03:00:00Z', at);
    await a.sync();
    assert.deepEqual(await titles(a, '秋季森林防火', 'disclosure'), ['关于做好秋季森林防火工作的通知']);
    assert.ok(!(await titles(a, '植树', 'disclosure')).some((t) => t.includes('植树')), 'neither the draft nor the scheduled record yet');
    const hit = (await a.search({ q: '野外用火', types: ['disclosure'], limit: 5, offset: 0 }, { log: false })).hits[0];
    assert.ok(hit && /<mark>野外用火<\/mark>/.test(hit.snippet), 'snippet from the body, highlighted');
    clock.set('2026-03-02T03:00:01Z');
    await a.sync();
    assert.ok((await titles(a, '植树', 'disclosure')).includes('关于春季植树造林的公告'));
    assert.ok(!(await titles(a, '植树', 'disclosure')).includes('关于开展春季植树活动的草稿'));
    await db.updateTable('disclosure').set({ state: 'withdrawn', withdrawn_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).where('id', '=', pub).execute();
    await a.sync();
    assert.ok(!(await titles(a, '森林防火', 'disclosure')).includes('关于做好秋季森林防火工作的通知'));
  });

  test('catalogue items come from published versions only', async () => {
    const { db } = get();
    const published = await db.selectFrom('catalog_item').innerJoin('catalog_version', 'catalog_version.id', 'catalog_item.version_id').select(['catalog_item.level1', 'catalog_item.level2']).where('catalog_version.status', '=', 'published').limit(1).executeTakeFirstOrThrow();
    const found = await titles(a, published.level2 || published.level1, 'catalog_item');
    assert.ok(found.length > 0, 'a published catalogue item is found');
    // results carry the public id 目录号/事项标识 (the key stays the same across versions; row ids do not)
    const rows = await db.selectFrom('catalog_item').innerJoin('catalog_version', 'catalog_version.id', 'catalog_item.version_id').select(['catalog_version.catalog_id', 'catalog_version.status', 'catalog_item.item_key']).execute();
    const publicIds = new Set(rows.filter((r) => r.status === 'published').map((r) => `${r.catalog_id}/${r.item_key}`));
    const hits = (await a.search({ q: published.level1, types: ['catalog_item'], limit: 50, offset: 0 }, { log: false })).hits;
    assert.ok(hits.length > 0);
    for (const h of hits) assert.ok(publicIds.has(h.id), h.id);
    for (const d of rows.filter((r) => r.status === 'draft' && !publicIds.has(`${r.catalog_id}/${r.item_key}`))) assert.ok(!hits.some((h) => h.id === `${d.catalog_id}/${d.item_key}`));
  });

  test('a synonym added in one process applies in the other; reindex makes every process rebuild', async () => {
    assert.equal((await b.search({ q: '古树证', limit: 5, offset: 0 }, { log: false })).total, 0);
    await a.addSynonym({ cli: true }, ['古树证', '居民身份证换领'], '测试', null);
    await b.sync();
    assert.ok((await titles(b, '古树证')).includes('居民身份证换领'));
    const before = b.lastBuild.ms;
    const r = await a.reindex();
    assert.ok(r.docs > 0);
    b.lastBuild.ms = -1;
    await b.sync();
    assert.notEqual(b.lastBuild.ms, -1, 'b rebuilt');
    assert.ok(before >= 0);
  });

  test('analytics are anonymous and flushed in batches; personal numbers typed into the box are masked', async () => {
    await a.search({ q: '身份证 110101199003074518', limit: 5, offset: 0 });
    await a.search({ q: '龘靐齉', limit: 5, offset: 0 });
    await a.flushEvents();
    const rows = await get().db.selectFrom('search_event').select(['query', 'result_count']).where('kind', '=', 'search').execute();
    assert.ok(rows.some((r) => r.query.includes('110101********4518')));
    assert.ok(!rows.some((r) => r.query.includes('110101199003074518')));
    assert.ok((await a.zeroResults()).some((z) => z.query === '龘靐齉'));
  });
}, withDemo);
