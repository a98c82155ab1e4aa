// The DCAT-AP 3.0.1 catalogue (issue 23 §4): /data/catalog.jsonld and /data/datasets/{slug}.jsonld
// over the real datasets (regions, organisations) of the demo plus 45 more governments, read back
// through a JSON-LD processor (jsonld.expand) the way an RDF harvester reads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsonld from 'jsonld';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { importRegions, type RegionRow } from '../../src/modules/regions/index.ts';
import { insertOrganisations } from '../../src/modules/identity/index.ts';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const SITE = 'https://data.example.gov.cn';
const ADDED_AT = new Date('2026-02-20T00:00:00Z');

type Expanded = Record<string, unknown[]> & { '@id'?: string; '@type'?: string[] };

/** 45 counties of a made-up city of 河北 (1399xx), each with its government: 90 more datasets. */
async function addGovernments(db: Parameters<typeof importRegions>[0]): Promise<void> {
  const regions: RegionRow[] = [{ code: '139900000000', name: '测试市', level: 'city', parentCode: '130000000000' }];
  for (let i = 1; i <= 45; i++) regions.push({ code: `1399${String(i).padStart(2, '0')}000000`, name: `测试县${i}`, level: 'county', parentCode: '139900000000' });
  await importRegions(db, regions);
  await insertOrganisations(db, regions.slice(1).map((r) => {
    const code = r.code.slice(0, 6);
    return { code, name: `${r.name}人民政府`, kind: 'government' as const, regionCode: r.code, parentCode: '13', path: `/13/${code}/`, disabled: false };
  }), ADDED_AT);
}

async function expand(body: string): Promise<Expanded[]> {
  return (await jsonld.expand(JSON.parse(body))) as Expanded[];
}
const ofType = (nodes: Expanded[], t: string) => nodes.filter((n) => n['@type']?.includes(t));
const values = (n: Expanded, p: string) => (n[p] ?? []) as { '@value'?: unknown; '@language'?: string; '@id'?: string; '@type'?: string }[];

forEachDialect('DCAT-AP catalogue', (get) => {
  let t: TestApp;
  let plain: TestApp;
  before(async () => {
    t = await buildTestApp(get(), undefined, { SITE_BASE_URL: SITE });
    plain = await buildTestApp(get());
  });
  after(async () => { await t.app.close(); await plain.app.close(); });
  /** How many datasets the catalogue holds, as CKAN's package_list says. */
  const catalogueSize = async () => (JSON.parse((await t.app.inject('/api/3/action/package_list')).body) as { result: string[] }).result.length;

  test('page 1: JSON-LD a processor expands; every dataset has zh title and description, every distribution an accessURL', async () => {
    const res = await t.app.inject('/data/catalog.jsonld');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
    assert.match(String(res.headers['cache-control']), /max-age=60/);
    const nodes = await expand(res.body);
    const catalogs = ofType(nodes, `${DCAT}Catalog`);
    assert.equal(catalogs.length, 1);
    assert.equal(catalogs[0]?.['@id'], `${SITE}/data/catalog.jsonld`);
    const datasets = ofType(nodes, `${DCAT}Dataset`);
    assert.equal(datasets.length, 100, '100 datasets a page');
    assert.equal(values(catalogs[0] as Expanded, `${DCAT}dataset`).length, 100);
    for (const ds of datasets) {
      for (const p of [`${DCT}title`, `${DCT}description`]) {
        const v = values(ds, p);
        assert.equal(v.length, 1, `${ds['@id']} ${p}`);
        assert.equal(v[0]?.['@language'], 'zh');
        assert.ok(String(v[0]?.['@value']).length > 0);
      }
      assert.ok(values(ds, `${DCAT}distribution`).length >= 2);
      assert.equal(values(ds, `${DCAT}landingPage`)[0]?.['@id'], ds['@id']);
    }
    const dists = ofType(nodes, `${DCAT}Distribution`);
    assert.equal(dists.length, datasets.reduce((n, ds) => n + values(ds, `${DCAT}distribution`).length, 0));
    for (const d of dists) {
      assert.ok(values(d, `${DCAT}accessURL`)[0]?.['@id']?.startsWith(`${SITE}/data/datasets/`), String(d['@id']));
      assert.match(String(values(d, `${DCAT}downloadURL`)[0]?.['@id']), /^https:\/\/data\.example\.gov\.cn\/data\/datasets\/[a-z0-9-]+\/[a-z0-9-]+\.(csv|jsonl|json)$/);
      assert.equal(values(d, `${DCT}license`).length, 1);
    }
    // every IRI absolute, from SITE_BASE_URL
    for (const m of res.body.matchAll(/"@id":"([^"]*)"/g)) assert.match(m[1] as string, /^(https:\/\/data\.example\.gov\.cn\/|http:\/\/publications\.europa\.eu\/|http:\/\/purl\.org\/|https:\/\/creativecommons\.org\/|https:\/\/www\.iana\.org\/|mailto:)/);
    // a government's dataset: its publisher, region, subtree
    const cixian = datasets.find((d) => d['@id'] === `${SITE}/data/datasets/organisations-130427`) as Expanded;
    assert.ok(cixian);
    assert.equal(values(cixian, `${DCT}publisher`)[0]?.['@id'], `${SITE}/data?publisher=130427`);
    const agent = nodes.find((n) => n['@id'] === `${SITE}/data?publisher=130427`) as Expanded;
    assert.equal(values(agent, 'http://xmlns.com/foaf/0.1/name')[0]?.['@value'], '磁县人民政府');
    assert.equal(values(agent, `${DCT}type`)[0]?.['@id'], 'http://purl.org/adms/publishertype/LocalAuthority');
    assert.equal(values(cixian, `${DCT}modified`)[0]?.['@type'], 'http://www.w3.org/2001/XMLSchema#dateTime');
    // Hydra: every dataset of the catalogue (the demo's and the 45 new governments'), two pages
    const [paging] = ofType(nodes, `${HYDRA}PagedCollection`);
    assert.ok(paging);
    assert.equal(values(paging, `${HYDRA}totalItems`)[0]?.['@value'], await catalogueSize());
    assert.equal(values(paging, `${HYDRA}next`)[0]?.['@id'], `${SITE}/data/catalog.jsonld?page=2`);
    assert.equal(values(paging, `${HYDRA}last`)[0]?.['@id'], `${SITE}/data/catalog.jsonld?page=2`);
  });

  test('page 2 by hydra:next: the rest, with previous and no next; the pages together list every dataset once', async () => {
    const one = await expand((await t.app.inject('/data/catalog.jsonld')).body);
    const res = await t.app.inject('/data/catalog.jsonld?page=2');
    assert.equal(res.statusCode, 200);
    const two = await expand(res.body);
    const [paging] = ofType(two, `${HYDRA}PagedCollection`);
    assert.ok(paging);
    assert.equal(values(paging, `${HYDRA}next`).length, 0);
    assert.equal(values(paging, `${HYDRA}previous`)[0]?.['@id'], `${SITE}/data/catalog.jsonld?page=1`);
    const ids = [...ofType(one, `${DCAT}Dataset`), ...ofType(two, `${DCAT}Dataset`)].map((d) => d['@id']);
    const total = await catalogueSize();
    assert.ok(total > 100 && total <= 200, `two pages (${total} datasets)`);
    assert.equal(ids.length, total);
    assert.equal(new Set(ids).size, total);
    assert.ok(ids.includes(`${SITE}/data/datasets/regions`) && ids.includes(`${SITE}/data/datasets/regions-139945`));
  });

  test('ETag: the same page again with If-None-Match is 304', async () => {
    const res = await t.app.inject('/data/catalog.jsonld');
    const etag = String(res.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const again = await t.app.inject({ url: '/data/catalog.jsonld', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const other = await t.app.inject({ url: '/data/catalog.jsonld?page=2', headers: { 'if-none-match': etag } });
    assert.equal(other.statusCode, 200);
  });

  test('modified_since: only datasets changed since then (and those of unknown change time); links carry the filter', async () => {
    const res = await t.app.inject('/data/catalog.jsonld?modified_since=2026-02-01');
    assert.equal(res.statusCode, 200);
    const nodes = await expand(res.body);
    const ids = ofType(nodes, `${DCAT}Dataset`).map((d) => String(d['@id']).replace(`${SITE}/data/datasets/`, ''));
    // organisations: the 45 new governments' own, their province's and the installation's changed on 2026-02-20; the demo counties' did not
    assert.ok(ids.includes('organisations') && ids.includes('organisations-13') && ids.includes('organisations-139901'));
    assert.ok(!ids.includes('organisations-130427') && !ids.includes('organisations-440105') && !ids.includes('organisations-1304'));
    // regions keep no change time: always listed
    assert.ok(ids.includes('regions-130427') && ids.includes('regions'));
    const [paging] = ofType(nodes, `${HYDRA}PagedCollection`);
    assert.ok(paging);
    // 54 regions datasets (9 demo + 45) and 47 organisations datasets (installation, 河北, the 45 new): 101, two pages
    assert.equal(values(paging, `${HYDRA}totalItems`)[0]?.['@value'], 101);
    assert.equal(ids.length, 100);
    assert.equal(paging['@id'], `${SITE}/data/catalog.jsonld?page=1&modified_since=2026-01-31T16%3A00%3A00.000Z`);
    const later = await t.app.inject('/data/catalog.jsonld?modified_since=2026-03-01T00:00:00%2B08:00');
    const laterIds = ofType(await expand(later.body), `${DCAT}Dataset`).map((d) => String(d['@id']));
    assert.ok(laterIds.every((id) => /\/regions(-\d+)?$/.test(id)), 'nothing but the regions (unknown change time)');
  });

  test('bad input: 400 JSON {code, message}, never a page or a 5xx', async () => {
    const cases: [string, string][] = [
      ['/data/catalog.jsonld?page=0', 'invalid_page'], ['/data/catalog.jsonld?page=abc', 'invalid_page'], ['/data/catalog.jsonld?page=', 'invalid_page'],
      ['/data/catalog.jsonld?page=1.5', 'invalid_page'], ['/data/catalog.jsonld?page=99999999999', 'invalid_page'],
      ['/data/catalog.jsonld?page=3', 'page_out_of_range'], ['/data/catalog.jsonld?page=1&page=2', 'invalid_query'],
      ['/data/catalog.jsonld?modified_since=yesterday', 'invalid_modified_since'], ['/data/catalog.jsonld?modified_since=2026-02-30', 'invalid_modified_since'],
      ['/data/catalog.jsonld?modified_since=a&modified_since=b', 'invalid_query'], ['/data/catalog.jsonld?page=1&page=1', 'invalid_query'],
    ];
    for (const [url, code] of cases) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers['content-type']), /^application\/json/, url);
      const body = res.json() as { code: string; message: string };
      assert.equal(body.code, code, url);
      assert.match(body.message, /[\u4e00-\u9fff]/, `${url}: a Chinese message`);
    }
    const forged = await plain.app.inject({ url: '/data/catalog.jsonld', headers: { host: 'evil"<host>' } });
    assert.equal(forged.statusCode, 400);
    assert.equal((forged.json() as { code: string }).code, 'invalid_host');
  });

  test('without SITE_BASE_URL the IRIs come from the request host', async () => {
    const res = await plain.app.inject({ url: '/data/catalog.jsonld', headers: { host: 'gk.example.org' } });
    assert.equal(res.statusCode, 200);
    const nodes = await expand(res.body);
    assert.equal(ofType(nodes, `${DCAT}Catalog`)[0]?.['@id'], 'http://gk.example.org/data/catalog.jsonld');
    assert.ok(ofType(nodes, `${DCAT}Dataset`).every((d) => String(d['@id']).startsWith('http://gk.example.org/data/datasets/')));
  });

  test('/data/datasets/{slug}.jsonld: one dataset; an unknown one 404 JSON; the page address /data/datasets/{slug} is not taken', async () => {
    const res = await t.app.inject('/data/datasets/regions-130427.jsonld');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
    const nodes = await expand(res.body);
    const [ds] = ofType(nodes, `${DCAT}Dataset`);
    assert.equal(ds?.['@id'], `${SITE}/data/datasets/regions-130427`);
    assert.equal(values(ds as Expanded, `${DCT}title`)[0]?.['@value'], '磁县人民政府行政区划');
    assert.deepEqual(ofType(nodes, `${DCAT}Distribution`).map((d) => d['@id']).sort(), [`${SITE}/data/datasets/regions-130427#regions.csv`, `${SITE}/data/datasets/regions-130427#regions.jsonl`]);
    assert.equal(ofType(nodes, `${DCAT}Catalog`).length, 0);
    for (const url of ['/data/datasets/nope.jsonld', '/data/datasets/REGIONS.jsonld', '/data/datasets/.jsonld', '/data/datasets/-x.jsonld']) {
      const r = await t.app.inject(url);
      assert.equal(r.statusCode, 404, url);
      assert.equal((r.json() as { code: string }).code, 'dataset_not_found', url);
    }
    // The dataset page is builder P's route: this one must not answer it.
    const page = await t.app.inject('/data/datasets/regions-130427');
    assert.doesNotMatch(String(page.headers['content-type']), /ld\+json/);
  });
}, async (db) => {
  await withDemo(db);
  await addGovernments(db.db);
});
