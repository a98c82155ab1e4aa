// The dataset catalogue (issue 23): every source laid out for the installation and each government
// (slugs, publisher, licence, contact, spatial coverage, file addresses), a dataset without data not
// listed, the cache (one shared build, served for its TTL, a stale list served while rebuilding, a
// failed rebuild keeping the last list), and the /data filter's facets and pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { DatasetCatalogue, type DatasetEntry } from '../../src/modules/opendata/catalogue.ts';
import { filterCatalogue, parseCatalogueQuery, catalogueHref } from '../../src/modules/opendata/catalogue-filter.ts';
import type { DatasetSource } from '../../src/platform/datasets/datasets.ts';
import type { Database } from '../../src/schema.ts';
import { testSources, type Probe } from './opendata-pages.fixture.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const config = loadConfig({ DATA_DIR: 'unused', OPEN_DATA_LICENSE: 'cc-zero', OPEN_DATA_CONTACT_EMAIL: 'open@example.gov.cn', OPEN_DATA_PUBLISHER: '测试平台办公室' }).openData;

forEachDialect('the dataset catalogue', (get) => {
  test('one dataset per source and scope with data: slugs per government, publisher, licence, contact, spatial, files; none without data', async () => {
    const probe: Probe = { opened: 0, closed: 0, produced: 0 };
    const cat = new DatasetCatalogue({ db: get().db, clock, sources: testSources(probe), config });
    const all = await cat.all();
    const slugs = all.map((e) => e.slug);
    assert.deepEqual(slugs, [...slugs].sort(), 'ordered by slug');
    const govs = (await get().db.selectFrom('organisation').select('code').where('kind', '=', 'government').where('disabled', '=', 0).execute()).map((g) => g.code).filter((c) => c !== '440309');
    assert.deepEqual(slugs.filter((s) => s.startsWith('test-orgs-')).sort(), govs.map((c) => `test-orgs-${c}`).sort());
    assert.ok(slugs.includes('test-orgs') && slugs.includes('test-big'));
    assert.ok(!slugs.includes('test-big-130427'), 'an installation-only source has no government datasets');
    assert.ok(!slugs.some((s) => s.startsWith('test-empty')), 'facts null: not listed');
    assert.ok(!slugs.includes('test-orgs-440309'));

    const cx = (await cat.find('test-orgs-130427'))!;
    assert.equal(cx.title, '磁县人民政府测试机构名录');
    assert.deepEqual(cx.publisher, { code: '130427', name: '磁县人民政府' });
    assert.deepEqual(cx.spatial, { regionCode: '130427000000', name: '磁县人民政府' });
    assert.equal(cx.licence.id, 'cc-zero');
    assert.deepEqual(cx.contact, { name: '磁县人民政府政务公开办公室', email: 'open@example.gov.cn' });
    assert.deepEqual(cx.distributions.map((d) => [d.path, d.mediaType]), [
      ['/data/datasets/test-orgs-130427/orgs.csv', 'text/csv; charset=utf-8'],
      ['/data/datasets/test-orgs-130427/orgs.jsonl', 'application/x-ndjson; charset=utf-8'],
    ]);
    assert.match(cx.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const inst = (await cat.find('test-orgs'))!;
    assert.deepEqual(inst.publisher, { code: 'platform', name: '测试平台办公室' });
    assert.equal(inst.spatial.regionCode, null);
    assert.equal(inst.title, '测试机构名录（全平台）');
    assert.notEqual(inst.id, cx.id);
    // the id is stable: another catalogue over the same data gives the same ids
    const again = new DatasetCatalogue({ db: get().db, clock, sources: testSources(probe), config });
    assert.equal((await again.find('test-orgs-130427'))!.id, cx.id);
    assert.equal(await cat.find('nope'), null);
  });

  test('the cache: one shared first build, served for its TTL, the stale list served while rebuilding, a failed rebuild keeps the last list', async () => {
    let version = 1;
    let calls = 0;
    let gate: Promise<void> | null = null;
    let fail = false;
    const source: DatasetSource<Database> = {
      key: 'cached', scopes: ['installation'], theme: 'regions', title: `v`, description: '', keywords: [], frequency: 'daily',
      distributions: [{ file: 'a.csv', format: 'CSV', title: 'a' }],
      async facts() {
        calls++;
        const v = version;
        if (gate) await gate;
        if (fail) throw new Error('facts failed');
        return { lastModified: null, rows: v, temporal: null };
      },
      open: async function* () { yield ''; },
    };
    let now = 1_000;
    const cat = new DatasetCatalogue({ db: get().db, clock, sources: [source], config, ttlMs: 60_000, monotonicNow: () => now });
    const rows = (es: readonly DatasetEntry[]) => es[0]!.facts.rows;
    const [a, b] = await Promise.all([cat.all(), cat.all()]);
    assert.equal(rows(a), 1);
    assert.equal(a, b);
    assert.equal(calls, 1, 'concurrent first calls share one build');

    version = 2;
    now += 59_000;
    assert.equal(rows(await cat.all()), 1, 'within the TTL: not rebuilt');
    assert.equal(calls, 1);

    now += 2_000;
    let release!: () => void;
    gate = new Promise((r) => { release = r; });
    assert.equal(rows(await cat.all()), 1, 'past the TTL: the stale list is served at once');
    for (let i = 0; i < 100 && calls < 2; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(rows(await cat.all()), 1, 'and again while the build runs');
    assert.equal(calls, 2, 'one rebuild');
    release();
    gate = null;
    for (let i = 0; i < 100 && rows(await cat.all()) !== 2; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(rows(await cat.all()), 2, 'the new list once built');

    fail = true;
    now += 61_000;
    assert.equal(rows(await cat.all()), 2);
    for (let i = 0; i < 100 && calls < 4; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(rows(await cat.all()), 2, 'a failed rebuild keeps the last list');
    fail = false;
    version = 3;
    for (let i = 0; i < 100 && rows(await cat.all()) !== 3; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(rows(await cat.all()), 3, 'and the next call tries again');

    cat.invalidate();
    version = 4;
    assert.equal(rows(await cat.all()), 4, 'invalidate: the next call builds and waits');
  });
}, withDemo);

test('the /data filter: facets count the values among what the other filters leave; pages of 20; odd input', () => {
  const entry = (i: number, publisher: string, theme: 'regions' | 'services', formats: ('CSV' | 'JSONL')[]): DatasetEntry => ({
    id: String(i), slug: `d${String(i).padStart(2, '0')}`, key: 'd', scope: { kind: 'installation' }, title: `数据集${i}`, description: i === 7 ? '含有特别的词' : '', keywords: [], theme, frequency: 'daily',
    publisher: { code: publisher, name: `机构${publisher}` }, licence: { id: 'cc-by-4.0', title: '', url: '', eu: '' }, contact: { name: '', email: null }, spatial: { regionCode: null, name: '' },
    facts: { lastModified: null, rows: null, temporal: null },
    distributions: formats.map((f) => ({ file: `x.${f}`, format: f, title: f, path: '', mediaType: '' })),
    source: null as never,
  });
  const entries = Array.from({ length: 45 }, (_, i) => entry(i, i % 3 === 0 ? 'platform' : '130427', i % 5 === 0 ? 'services' : 'regions', i % 2 ? ['CSV', 'JSONL'] : ['CSV']));
  const all = filterCatalogue(entries, parseCatalogueQuery({}));
  assert.equal(all.total, 45);
  assert.equal(all.pages, 3);
  assert.equal(all.items.length, 20);
  assert.deepEqual(all.facets.publisher.map((f) => [f.code, f.count]), [['platform', 15], ['130427', 30]]);
  assert.deepEqual(all.facets.format.map((f) => [f.code, f.count]), [['CSV', 45], ['JSONL', 22]]);
  const last = filterCatalogue(entries, parseCatalogueQuery({ page: '3' }));
  assert.equal(last.items.length, 5);
  assert.equal(filterCatalogue(entries, parseCatalogueQuery({ page: '999999' })).page, 3, 'a page past the end shows the last');
  const narrowed = filterCatalogue(entries, parseCatalogueQuery({ publisher: 'platform', format: 'jsonl' }));
  assert.equal(narrowed.total, entries.filter((e, i) => i % 3 === 0 && i % 2).length);
  // the publisher facet counts with the format applied, not the publisher
  assert.deepEqual(narrowed.facets.publisher.map((f) => [f.code, f.count]), [['platform', 7], ['130427', 15]]);
  assert.deepEqual(narrowed.facets.theme.map((f) => [f.code, f.count]), [['regions', 6], ['services', 1]]);
  assert.deepEqual(filterCatalogue(entries, parseCatalogueQuery({ q: '  特别  ' })).items.map((e) => e.slug), ['d07']);
  assert.equal(filterCatalogue(entries, parseCatalogueQuery({ theme: '政务服务' })).total, 9, 'a theme by its Chinese label');
  for (const odd of [{ theme: 'x' }, { format: 'xml' }, { publisher: '999' }, { q: 'zzz' }]) assert.equal(filterCatalogue(entries, parseCatalogueQuery(odd)).total, 0, JSON.stringify(odd));
  for (const page of ['-1', '0', '1e3', 'abc', '9'.repeat(30)]) assert.ok(filterCatalogue(entries, parseCatalogueQuery({ page })).page >= 1);
  assert.equal(catalogueHref({ publisher: '130427', theme: 'regions', page: 2 }), '/data?publisher=130427&theme=regions&page=2');
  assert.equal(catalogueHref({ page: 1 }), '/data');
});
