// CKAN Action API (issue 23 §4; open-standards.md §1) over a catalogue of test-only dataset
// sources: both URL forms, GET with string values and POST JSON, the documented shapes field by
// field, paging as ckanext-harvest does it, the fq forms harvesters send, the error envelopes and
// statuses as ckanapi decodes them. The real app (empty catalogue until the sources land) is
// checked for the routes themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createServer, type App } from '../../src/platform/web/server.tsx';
import { createLogger } from '../../src/platform/log/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { DatasetCatalogue } from '../../src/modules/opendata/catalogue.ts';
import { ckanRoutes } from '../../src/modules/opendata/ckan.routes.ts';
import type { DatasetSource, DatasetScope } from '../../src/platform/datasets/datasets.ts';
import type { Database } from '../../src/schema.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CLOCK = fixedClock('2026-03-02T02:00:00Z');
/** The demo counties (the demo's cities and provinces get no test datasets). */
const COUNTIES = ['130427', '440105', '440309'];

/** Test-only sources: service items everywhere except 440105, message statistics in every government. */
const SOURCES: DatasetSource<Database>[] = [
  {
    key: 'ckantest-items', scopes: ['installation', 'government'], theme: 'services', title: '测试事项', description: '测试用的政务服务事项。', keywords: ['政务服务', '事项', 'x'], frequency: 'daily',
    distributions: [
      { file: 'items.csv', format: 'CSV', title: '事项（CSV）' },
      { file: 'items.jsonl', format: 'JSONL', title: '事项（JSON Lines）' },
      { file: 'hsds.json', format: 'HSDS', title: '事项（HSDS 3.0）', conformsTo: 'https://docs.openreferral.org/en/v3.0/' },
    ],
    async facts(_db, scope: DatasetScope) {
      if (scope.kind === 'government' && !['130427', '440309'].includes(scope.government.code)) return null;
      return { lastModified: scope.kind === 'installation' ? '2026-02-01T08:30:00.250Z' : '2025-12-01T00:00:00Z', rows: 42, temporal: null };
    },
    open: async function* () { yield ''; },
  },
  {
    key: 'ckantest-messages', scopes: ['government'], theme: 'interaction', title: '测试留言统计', description: '测试用的留言统计。', keywords: ['民心直通车', '12345'], frequency: 'monthly',
    distributions: [{ file: 'messages.csv', format: 'CSV', title: '留言统计（CSV）' }],
    async facts(_db, scope: DatasetScope) {
      const code = scope.kind === 'government' ? scope.government.code : '';
      if (!COUNTIES.includes(code)) return null;
      return { lastModified: code === '130427' ? '2026-01-15T00:00:00Z' : '2025-06-01T00:00:00Z', rows: null, temporal: { start: '2025-01-01', end: '2025-12-31' } };
    },
    open: async function* () { yield ''; },
  },
];

async function get(app: App, url: string): Promise<{ status: number; body: Json; raw: string; type: string }> {
  const res = await app.inject({ url });
  return { status: res.statusCode, body: res.json(), raw: res.body, type: String(res.headers['content-type']) };
}

async function post(app: App, url: string, payload: unknown, contentType = 'application/json'): Promise<{ status: number; body: Json }> {
  const res = await app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  return { status: res.statusCode, body: res.json() };
}

/** ckanapi's reverse_apicontroller_action (ckanapi/common.py), to check what a client gets from an answer. */
function ckanapiDecode(body: unknown): { result?: unknown; raises?: string; message?: string } {
  if (body && typeof body === 'object' && (body as Json).success) return { result: (body as Json).result };
  const err = body && typeof body === 'object' ? (body as Json).error ?? {} : {};
  if (typeof err !== 'object' || Array.isArray(err)) return { raises: 'ServerIncompatibleError' };
  const message = String(err.message ?? '').split(': ').slice(1).join(': ') || String(err.message ?? '');
  const map: Record<string, string> = { 'Search Query Error': 'SearchQueryError', 'Search Error': 'SearchError', 'Validation Error': 'ValidationError', 'Not Found Error': 'NotFound', 'Authorization Error': 'NotAuthorized' };
  return { raises: map[err.__type] ?? 'CKANAPIError', message };
}

forEachDialect('CKAN Action API', (db) => {
  let app: App;
  before(async () => {
    const t = db();
    const config = loadConfig({ DATA_DIR: 'data-test-unused', SITE_BASE_URL: 'https://data.example.gov.cn' });
    app = await createServer({ logger: createLogger('silent'), site: config.site, trustProxy: false });
    const catalogue = new DatasetCatalogue({ db: t.db, clock: CLOCK, sources: SOURCES, config: config.openData });
    await ckanRoutes(app, { db: t.db, clock: CLOCK, config: config.openData, site: config.site, catalogue });
    await app.ready();
  });
  after(async () => { await app.close(); });

  const names = ['ckantest-items', 'ckantest-items-130427', 'ckantest-items-440309', 'ckantest-messages-130427', 'ckantest-messages-440105', 'ckantest-messages-440309'];

  test('both URL forms, GET and POST, answer the envelope with help, JSON content type and no redirect', async () => {
    for (const prefix of ['/api/3/action', '/api/action']) {
      const g = await get(app, `${prefix}/package_list`);
      assert.equal(g.status, 200);
      assert.equal(g.type, 'application/json;charset=utf-8');
      assert.deepEqual(Object.keys(g.body), ['help', 'success', 'result']);
      assert.equal(g.body.help, 'https://data.example.gov.cn/api/3/action/help_show?name=package_list');
      assert.equal(g.body.success, true);
      assert.deepEqual(g.body.result, names);
      const p = await post(app, `${prefix}/package_list`, {});
      assert.equal(p.status, 200);
      assert.deepEqual(p.body.result, names);
    }
    assert.deepEqual((await get(app, '/api')).body, { version: 1 });
    assert.deepEqual((await get(app, '/api/3')).body, { version: 3 });
    const help = await get(app, '/api/3/action/help_show?name=package_search');
    assert.equal(help.status, 200);
    assert.match(help.body.result, /package_search/);
  });

  test('package_list: limit and offset as strings (GET) or numbers (POST), names in order', async () => {
    assert.deepEqual((await get(app, '/api/3/action/package_list?limit=2&offset=1')).body.result, names.slice(1, 3));
    assert.deepEqual((await post(app, '/api/action/package_list', { limit: 2, offset: 4 })).body.result, names.slice(4, 6));
    assert.deepEqual((await get(app, '/api/3/action/package_list?offset=100')).body.result, []);
  });

  test('package_show: the dict of §1.4, field by field, by name or by id', async () => {
    const { status, body } = await get(app, '/api/3/action/package_show?id=ckantest-items-130427');
    assert.equal(status, 200);
    const p = body.result;
    assert.match(p.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(p.name, 'ckantest-items-130427');
    assert.match(p.name, /^[a-z0-9_-]{2,100}$/);
    assert.equal(p.title, '磁县人民政府测试事项');
    assert.equal(p.notes, '测试用的政务服务事项。');
    assert.equal(p.license_id, 'cc-by');
    assert.match(p.license_title, /CC BY 4\.0/);
    assert.equal(p.license_url, 'https://creativecommons.org/licenses/by/4.0/');
    assert.equal(p.isopen, true);
    assert.equal(p.url, 'https://data.example.gov.cn/data/datasets/ckantest-items-130427');
    assert.equal(p.state, 'active');
    assert.equal(p.private, false);
    assert.equal(p.type, 'dataset');
    assert.equal(p.metadata_modified, '2025-12-01T00:00:00');
    assert.match(p.metadata_created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/);
    assert.equal(typeof p.creator_user_id, 'string');
    for (const k of ['version', 'author_email']) assert.equal(p[k], null, k);
    assert.equal(p.author, '磁县人民政府');
    assert.equal(p.maintainer, '磁县人民政府政务公开办公室');
    // organization
    assert.equal(p.owner_org, p.organization.id);
    assert.deepEqual(Object.keys(p.organization).sort(), ['approval_status', 'created', 'description', 'id', 'image_url', 'is_organization', 'name', 'state', 'title', 'type']);
    assert.equal(p.organization.name, '130427');
    assert.equal(p.organization.title, '磁县人民政府');
    assert.equal(p.organization.type, 'organization');
    assert.equal(p.organization.is_organization, true);
    assert.equal(p.organization.approval_status, 'approved');
    assert.match(p.organization.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    assert.ok(!p.organization.created.endsWith('Z'));
    // tags (a one-letter keyword is not a CKAN tag), groups
    assert.equal(p.num_tags, 2);
    assert.deepEqual(p.tags.map((t: Json) => t.name), ['政务服务', '事项']);
    for (const t of p.tags) assert.deepEqual(Object.keys(t).sort(), ['display_name', 'id', 'name', 'state', 'vocabulary_id']);
    assert.equal(p.tags[0].vocabulary_id, null);
    assert.equal(p.groups.length, 1);
    assert.deepEqual(Object.keys(p.groups[0]).sort(), ['description', 'display_name', 'id', 'image_display_url', 'name', 'title']);
    assert.equal(p.groups[0].name, 'services');
    assert.equal(p.groups[0].title, '政务服务');
    // resources: absolute urls, formats, mimetypes, positions
    assert.equal(p.num_resources, 3);
    assert.deepEqual(p.resources.map((r: Json) => [r.format, r.mimetype, r.position, r.url]), [
      ['CSV', 'text/csv', 0, 'https://data.example.gov.cn/data/datasets/ckantest-items-130427/items.csv'],
      ['JSONL', 'application/x-ndjson', 1, 'https://data.example.gov.cn/data/datasets/ckantest-items-130427/items.jsonl'],
      ['JSON', 'application/json', 2, 'https://data.example.gov.cn/data/datasets/ckantest-items-130427/hsds.json'],
    ]);
    const r0 = p.resources[0];
    assert.equal(r0.package_id, p.id);
    assert.equal(r0.name, '事项（CSV）');
    assert.equal(r0.state, 'active');
    assert.equal(r0.last_modified, '2025-12-01T00:00:00');
    assert.equal(r0.url_type, null);
    assert.equal(p.resources[2].conforms_to, 'https://docs.openreferral.org/en/v3.0/');
    assert.equal(new Set(p.resources.map((r: Json) => r.id)).size, 3);
    // extras: key/value strings, sorted by key
    assert.ok(p.extras.every((e: Json) => Object.keys(e).length === 2 && typeof e.key === 'string' && typeof e.value === 'string'));
    const extras = Object.fromEntries(p.extras.map((e: Json) => [e.key, e.value]));
    assert.deepEqual(p.extras.map((e: Json) => e.key), [...p.extras.map((e: Json) => e.key)].sort());
    assert.equal(extras.spatial_text, '磁县人民政府');
    assert.equal(extras.spatial_region_code, '130427000000');
    assert.equal(extras.frequency, 'http://publications.europa.eu/resource/authority/frequency/DAILY');
    assert.equal(extras.publisher_name, '磁县人民政府');
    assert.equal(extras.contact_name, '磁县人民政府政务公开办公室');
    assert.equal(extras.record_count, '42');
    assert.deepEqual(p.relationships_as_subject, []);
    assert.deepEqual(p.relationships_as_object, []);
    // by id, by name_or_id, POST; the installation's dataset: microseconds, publisher 'platform'
    assert.deepEqual((await get(app, `/api/action/package_show?id=${p.id}`)).body.result, p);
    assert.deepEqual((await post(app, '/api/action/package_show', { name_or_id: 'ckantest-items-130427' })).body.result, p);
    const inst = (await get(app, '/api/3/action/package_show?id=ckantest-items')).body.result;
    assert.equal(inst.metadata_modified, '2026-02-01T08:30:00.250000');
    assert.equal(inst.organization.name, 'platform');
    const msg = (await get(app, '/api/3/action/package_show?id=ckantest-messages-440309')).body.result;
    assert.equal(Object.fromEntries(msg.extras.map((e: Json) => [e.key, e.value])).temporal_start, '2025-01-01');
    assert.equal(msg.metadata_created, '2024-12-31T16:00:00');
  });

  test('package_show errors: Not Found Error 404, Validation Error 409 for a missing id', async () => {
    const nf = await get(app, '/api/3/action/package_show?id=nope');
    assert.equal(nf.status, 404);
    assert.deepEqual(nf.body, { help: 'https://data.example.gov.cn/api/3/action/help_show?name=package_show', success: false, error: { __type: 'Not Found Error', message: 'Not found' } });
    assert.equal(ckanapiDecode(nf.body).raises, 'NotFound');
    const missing = await get(app, '/api/3/action/package_show');
    assert.equal(missing.status, 409);
    assert.deepEqual(missing.body.error, { name_or_id: ['Missing value'], __type: 'Validation Error' });
    assert.equal(ckanapiDecode(missing.body).raises, 'ValidationError');
    // a dataset without data there (440105 has no items) is not listed
    assert.equal((await get(app, '/api/3/action/package_show?id=ckantest-items-440105')).status, 404);
  });

  test('package_search: count, results, sort, paging as ckanext-harvest does it (start until an empty page)', async () => {
    const first = await get(app, '/api/3/action/package_search');
    assert.equal(first.status, 200);
    assert.deepEqual(Object.keys(first.body.result).sort(), ['count', 'facets', 'results', 'search_facets', 'sort']);
    assert.equal(first.body.result.count, 6);
    assert.equal(first.body.result.sort, 'score desc, metadata_modified desc');
    // default sort: newest first
    assert.deepEqual(first.body.result.results.map((p: Json) => p.name), ['ckantest-items', 'ckantest-messages-130427', 'ckantest-items-130427', 'ckantest-items-440309', 'ckantest-messages-440105', 'ckantest-messages-440309']);
    const show = (await get(app, '/api/3/action/package_show?id=ckantest-items')).body.result;
    assert.deepEqual(first.body.result.results[0], show, 'results are package_show dicts');
    for (const rows of [100, 2, 4]) {
      const seen: string[] = [];
      for (let start = 0; ; start += rows) {
        const page = await get(app, `/api/3/action/package_search?rows=${rows}&start=${start}&sort=id+asc`);
        assert.equal(page.status, 200);
        assert.equal(page.body.result.count, 6);
        if (!page.body.result.results.length) break;
        assert.ok(page.body.result.results.length <= rows);
        seen.push(...page.body.result.results.map((p: Json) => p.id));
        assert.ok(start < 100, 'paging ends');
      }
      assert.equal(seen.length, 6, `rows=${rows}`);
      assert.deepEqual(seen, [...seen].sort(), 'ordered by id');
    }
    assert.deepEqual((await get(app, '/api/3/action/package_search?start=6')).body.result.results, []);
    assert.deepEqual((await post(app, '/api/action/package_search', { rows: 1, start: 0, sort: 'name desc' })).body.result.results.map((p: Json) => p.name), ['ckantest-messages-440309']);
    assert.deepEqual((await get(app, '/api/3/action/package_search?sort=title_string%20asc&rows=1')).body.result.results.map((p: Json) => p.title), ['测试事项（全平台）']);
  });

  test('package_search fq: the forms harvesters send', async () => {
    const fq = async (f: string) => {
      const r = await get(app, `/api/3/action/package_search?rows=1000&fq=${encodeURIComponent(f)}`);
      assert.equal(r.status, 200, `${f}: ${r.raw}`);
      return (r.body.result.results as Json[]).map((p) => p.name).sort();
    };
    assert.deepEqual(await fq('metadata_modified:[2026-01-01T00:00:00Z TO *]'), ['ckantest-items', 'ckantest-messages-130427']);
    assert.deepEqual(await fq('metadata_modified:[2026-01-15T00:00:00.000001Z TO *]'), ['ckantest-items']);
    assert.deepEqual(await fq('metadata_modified:[* TO 2025-12-01T00:00:00Z]'), ['ckantest-items-130427', 'ckantest-items-440309', 'ckantest-messages-440105', 'ckantest-messages-440309']);
    assert.deepEqual(await fq('metadata_modified:[2025-06-01T00:00:00Z TO 2025-12-01T00:00:00Z}'), ['ckantest-messages-440105', 'ckantest-messages-440309']);
    assert.deepEqual(await fq('metadata_modified:[NOW-30DAYS TO NOW]'), ['ckantest-items']);
    assert.deepEqual(await fq('organization:130427 OR organization:440105'), ['ckantest-items-130427', 'ckantest-messages-130427', 'ckantest-messages-440105']);
    assert.deepEqual(await fq('organization:(130427 OR platform)'), ['ckantest-items', 'ckantest-items-130427', 'ckantest-messages-130427']);
    assert.deepEqual(await fq('-organization:130427'), ['ckantest-items', 'ckantest-items-440309', 'ckantest-messages-440105', 'ckantest-messages-440309']);
    assert.deepEqual(await fq('-organization:130427 -organization:platform groups:interaction'), ['ckantest-messages-440105', 'ckantest-messages-440309']);
    assert.deepEqual(await fq('+capacity:public +state:active res_format:JSONL organization:440309'), ['ckantest-items-440309']);
    assert.deepEqual(await fq('res_format:"CSV" tags:12345 license_id:cc-by'), ['ckantest-messages-130427', 'ckantest-messages-440105', 'ckantest-messages-440309']);
    assert.deepEqual(await fq('name:ckantest-items*'), ['ckantest-items', 'ckantest-items-130427', 'ckantest-items-440309']);
    // fq_list (POST) ANDed with fq
    const r = await post(app, '/api/action/package_search', { fq: 'groups:services', fq_list: ['-organization:platform', 'organization:440309'] });
    assert.deepEqual(r.body.result.results.map((p: Json) => p.name), ['ckantest-items-440309']);
  });

  test('package_search q: free text and simple field queries', async () => {
    const q = async (text: string) => ((await get(app, `/api/3/action/package_search?rows=100&q=${encodeURIComponent(text)}`)).body.result.results as Json[]).map((p) => p.name).sort();
    assert.equal((await q('*:*')).length, 6);
    assert.deepEqual(await q('留言 磁县'), ['ckantest-messages-130427']);
    assert.deepEqual(await q('海珠区'), ['ckantest-messages-440105']);
    assert.deepEqual(await q('"测试留言统计" 龙华'), ['ckantest-messages-440309']);
    assert.deepEqual(await q('tags:民心直通车 organization:440309'), ['ckantest-messages-440309']);
    assert.deepEqual(await q('title:事项 -organization:platform'), ['ckantest-items-130427', 'ckantest-items-440309']);
    assert.deepEqual(await q('res_format:JSON name:ckantest-items'), ['ckantest-items']);
    assert.deepEqual(await q('不存在的词'), []);
  });

  test('package_search facets: facet.field as a JSON string over GET, counts over every match', async () => {
    const r = await get(app, `/api/3/action/package_search?rows=0&facet.field=${encodeURIComponent('["organization","groups","tags","res_format","license_id"]')}`);
    assert.equal(r.status, 200);
    const { facets, search_facets: sf, count, results } = r.body.result;
    assert.equal(count, 6);
    assert.deepEqual(results, []);
    assert.deepEqual(facets.organization, { 130427: 2, 440309: 2, 440105: 1, platform: 1 });
    assert.deepEqual(facets.groups, { interaction: 3, services: 3 });
    assert.deepEqual(facets.res_format, { CSV: 6, JSON: 3, JSONL: 3 });
    assert.deepEqual(facets.license_id, { 'cc-by': 6 });
    assert.equal(facets.tags['12345'], 3);
    assert.deepEqual(sf.organization.title, 'organization');
    const cixian = sf.organization.items.find((i: Json) => i.name === '130427');
    assert.deepEqual(cixian, { name: '130427', display_name: '磁县人民政府', count: 2 });
    assert.equal(sf.groups.items.find((i: Json) => i.name === 'services').display_name, '政务服务');
    assert.match(sf.license_id.items[0].display_name, /CC BY 4\.0/);
    const filtered = await post(app, '/api/action/package_search', { fq: 'groups:services', 'facet.field': ['organization'], 'facet.limit': 1 });
    assert.deepEqual(filtered.body.result.facets, { organization: { 130427: 1 } });
    const none = await get(app, '/api/3/action/package_search?rows=1');
    assert.deepEqual([none.body.result.facets, none.body.result.search_facets], [{}, {}]);
  });

  test('package_search bad input: CKAN error types and statuses, never a 5xx', async () => {
    const cases: [string, number, string][] = [
      ['rows=abc', 409, 'Validation Error'],
      ['rows=-1', 409, 'Validation Error'],
      ['rows=1.5', 409, 'Validation Error'],
      ['start=-5', 409, 'Validation Error'],
      ['start=x', 409, 'Validation Error'],
      ['rows=1&rows=2', 409, 'Validation Error'],
      ['q=a&q=b', 409, 'Validation Error'],
      ['facet.field=organization', 409, 'Validation Error'],
      ['q=title:foo~2', 400, 'Search Query Error'],
      ['q=(a OR b) AND c', 400, 'Search Query Error'],
      ['q=name:/reg.*/', 400, 'Search Query Error'],
      ['q=foo^3', 400, 'Search Query Error'],
      ['q={!lucene}x', 400, 'Search Query Error'],
      ['fq=unknownfield:x', 400, 'Search Query Error'],
      ['fq=metadata_modified:[yesterday TO *]', 400, 'Search Query Error'],
      ['fq=metadata_modified:[2026-01-01 TO', 400, 'Search Query Error'],
      ['fq=organization:"unterminated', 400, 'Search Query Error'],
      [`q=${'a'.repeat(3000)}`, 400, 'Search Query Error'],
      [`q=${Array.from({ length: 150 }, (_, i) => `w${i}`).join('+')}`, 400, 'Search Query Error'],
      ['sort=name sideways', 400, 'Search Query Error'],
      ['sort=nonsense asc', 409, 'Search Error'],
      ['facet=maybe', 409, 'Validation Error'],
    ];
    for (const [qs, status, type] of cases) {
      const r = await get(app, `/api/3/action/package_search?${qs.replace(/ /g, '%20')}`);
      assert.equal(r.status, status, `${qs}: ${r.raw.slice(0, 300)}`);
      assert.equal(r.body.success, false, qs);
      assert.equal(r.body.error.__type, type, qs);
      assert.equal(r.body.help, 'https://data.example.gov.cn/api/3/action/help_show?name=package_search');
      const decoded = ckanapiDecode(r.body);
      assert.notEqual(decoded.raises, 'CKANAPIError', qs);
      if (type === 'Search Query Error') assert.match(r.body.error.message, /^Search Query is invalid: '/, qs);
    }
    assert.deepEqual((await get(app, '/api/3/action/package_search?rows=abc')).body.error, { rows: ['Invalid integer'], __type: 'Validation Error' });
    assert.deepEqual((await get(app, '/api/3/action/package_search?rows=-1')).body.error, { rows: ['Must be a natural number'], __type: 'Validation Error' });
    // a million rows is refused in CKAN's Validation Error shape (CKAN itself clamps to rows_max); 1000 is the most
    const million = await get(app, '/api/3/action/package_search?rows=1000000');
    assert.equal(million.status, 409);
    assert.equal(million.body.success, false);
    assert.equal(million.body.error.__type, 'Validation Error');
    assert.match(million.body.error.rows[0], /1000/);
    assert.equal(ckanapiDecode(million.body).raises, 'ValidationError');
    const most = await get(app, '/api/3/action/package_search?rows=1000');
    assert.equal(most.status, 200);
    assert.equal(most.body.result.results.length, 6);
    const huge = await get(app, '/api/3/action/package_search?rows=99999999999999999999999&start=99999999999999999999');
    assert.equal(huge.status, 409);
    assert.equal(huge.body.error.__type, 'Validation Error');
    const past = await get(app, '/api/3/action/package_search?rows=10&start=99999999999999999999');
    assert.equal(past.status, 200);
    assert.deepEqual(past.body.result.results, []);
  });

  test('request-level errors: unknown and write actions, bodies that are not a JSON object, bad methods', async () => {
    for (const name of ['package_create', 'package_delete', 'nope', 'toString', '__proto__', 'constructor']) {
      const r = await get(app, `/api/3/action/${name}`);
      assert.equal(r.status, 400, name);
      assert.equal(r.body, `Bad request: Action name not known: ${name}`);
      assert.equal(ckanapiDecode(r.body).raises, 'CKANAPIError');
      assert.equal((await post(app, `/api/action/${name}`, {})).status, 400);
    }
    for (const payload of ['[1,2]', '"text"', '{', 'null', '1e309']) {
      const r = await post(app, '/api/action/package_search', payload);
      assert.equal(r.status, 400, payload);
      assert.equal(typeof r.body, 'string');
      assert.match(String(r.body), /^Bad request: /);
    }
    // an empty body is no parameters; a form whose one key is JSON; a form; text/plain JSON
    assert.equal((await post(app, '/api/action/package_list', '')).status, 200);
    assert.deepEqual((await post(app, '/api/action/package_list', encodeURIComponent('{"limit":1}'), 'application/x-www-form-urlencoded')).body.result, names.slice(0, 1));
    assert.deepEqual((await post(app, '/api/action/package_list', 'limit=2&offset=1', 'application/x-www-form-urlencoded')).body.result, names.slice(1, 3));
    assert.deepEqual((await post(app, '/api/action/package_list', '{"limit":1}', 'text/plain')).body.result, names.slice(0, 1));
    // JSON with the wrong types
    const wrong = await post(app, '/api/action/package_search', { rows: 'ten', q: { a: 1 } });
    assert.equal(wrong.status, 409);
    const proto = await post(app, '/api/action/package_search', '{"__proto__":{"rows":1},"constructor":{"x":1}}');
    assert.equal(proto.status, 200);
    // a NUL in the query is refused before the action runs: still CKAN's bare string, not a page
    const nul = await app.inject({ url: '/api/3/action/package_search?q=a%00b' });
    assert.equal(nul.statusCode, 400);
    assert.match(nul.json(), /^Bad request: /);
    // no redirect for POST and no trailing-slash redirect
    const slash = await app.inject({ method: 'POST', url: '/api/action/package_list/', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.ok(slash.statusCode < 300 || slash.statusCode >= 400, 'never a redirect');
  });

  test('organization_list: names, all_fields dicts with package_count, limit/offset/sort/q/organizations', async () => {
    const names2 = (await get(app, '/api/3/action/organization_list?sort=name%20asc')).body.result;
    assert.deepEqual(names2, ['130427', '440105', '440309', 'platform']);
    const all = await get(app, '/api/3/action/organization_list?all_fields=true&sort=name');
    assert.equal(all.status, 200);
    const o = all.body.result[0];
    assert.deepEqual(Object.keys(o).sort(), ['approval_status', 'created', 'description', 'display_name', 'id', 'image_display_url', 'image_url', 'is_organization', 'name', 'num_followers', 'package_count', 'state', 'title', 'type']);
    assert.deepEqual([o.name, o.title, o.display_name, o.package_count, o.num_followers, o.type, o.is_organization], ['130427', '磁县人民政府', '磁县人民政府', 2, 0, 'organization', true]);
    assert.equal(all.body.result.find((x: Json) => x.name === 'platform').package_count, 1);
    // the same id as the packages' owner_org
    const pkg = (await get(app, '/api/3/action/package_show?id=ckantest-items-130427')).body.result;
    assert.equal(o.id, pkg.owner_org);
    assert.deepEqual((await get(app, '/api/3/action/organization_list?sort=package_count%20desc&limit=2&offset=0')).body.result.length, 2);
    assert.deepEqual((await get(app, '/api/3/action/organization_list?sort=name%20asc&limit=1&offset=1')).body.result, ['440105']);
    assert.deepEqual((await get(app, `/api/3/action/organization_list?q=${encodeURIComponent('海珠')}`)).body.result, ['440105']);
    assert.deepEqual((await get(app, '/api/3/action/organization_list?organizations=440309&organizations=platform&sort=name')).body.result, ['440309', 'platform']);
    assert.deepEqual((await post(app, '/api/action/organization_list', { organizations: ['130427'], all_fields: true })).body.result.map((x: Json) => x.name), ['130427']);
    const bad = await get(app, '/api/3/action/organization_list?sort=colour');
    assert.equal(bad.status, 409);
    assert.equal(bad.body.error.__type, 'Validation Error');
    assert.equal((await get(app, '/api/3/action/organization_list?limit=-1')).status, 409);
    assert.equal((await get(app, '/api/3/action/organization_list?all_fields=perhaps')).status, 409);
    // organization_show (ckanext-harvest remote_orgs) and the themes as groups
    const show = await get(app, `/api/3/action/organization_show?id=${o.id}`);
    assert.equal(show.body.result.name, '130427');
    assert.equal((await get(app, '/api/3/action/organization_show?id=999999')).status, 404);
    assert.deepEqual((await get(app, '/api/3/action/group_list')).body.result.sort(), ['interaction', 'services']);
    assert.equal((await get(app, '/api/3/action/group_show?id=services')).body.result.package_count, 3);
  });
}, async (t) => { await withDemo(t); });

forEachDialect('CKAN Action API in the app', (db) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(db()); });
  after(async () => { await t.app.close(); });

  test('the routes are registered in the app, in its OpenAPI document, and answer CKAN envelopes with the request host', async () => {
    const r = await t.app.inject({ url: '/api/3/action/package_search?rows=5', headers: { host: 'gk.example.org' } });
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(body.success, true);
    assert.equal(body.help, 'http://gk.example.org/api/3/action/help_show?name=package_search');
    assert.equal(typeof body.result.count, 'number');
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/3/action/{name}', '/api/action/{name}']) {
      assert.ok(doc.paths[path]?.get, path);
      assert.ok(doc.paths[path]?.post, path);
    }
    assert.equal((await t.app.inject({ url: '/api/3/action/package_create', method: 'POST', payload: {} })).statusCode, 400);
  });
});
