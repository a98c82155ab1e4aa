// 数据开放 download statistics for staff (issue 23 §6): /staff/open-data, its CSV and the API show
// the downloads of the datasets the caller's governments publish — a platform administrator sees
// every publisher (the installation's too), a county's staff their county's only; another
// county's figures are refused (403) without its name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { countDownload } from '../../src/modules/opendata/downloads.repository.ts';
import { installTestSources, type Probe } from './opendata-pages.fixture.ts';

forEachDialect('数据开放: staff download statistics', (get) => {
  let t: TestApp;
  let undo: () => void;
  const probe: Probe = { opened: 0, closed: 0, produced: 0 };
  const cookies: Record<string, string> = {};

  before(async () => {
    undo = installTestSources(probe);
    t = await buildTestApp(get());
    await t.app.ready();
    const db = get().db;
    // downloads of three publishers over two months (2026-02 and 2026-03, Beijing time), and one last year (outside the 12 months)
    const at = (iso: string) => new Date(iso);
    for (let i = 0; i < 3; i++) await countDownload(db, 'test-orgs-130427', 'orgs.csv', '130427', at('2026-02-10T00:00:00Z'));
    await countDownload(db, 'test-orgs-130427', 'orgs.jsonl', '130427', at('2026-03-01T00:00:00Z'));
    await countDownload(db, 'test-orgs-440105', 'orgs.csv', '440105', at('2026-03-01T00:00:00Z'));
    await countDownload(db, 'test-big', 'big.csv', '', at('2026-02-28T17:00:00Z')); // 2026-03-01 01:00 in Beijing
    await countDownload(db, 'test-orgs-130427', 'orgs.csv', '130427', at('2024-01-10T00:00:00Z'));
    for (const u of ['platform', 'cixian.editor', 'cixian.gkb', 'cixian.reviewer', 'cizhou.handler', 'longhua.admin']) cookies[u] = await signIn(t.app, u);
  });
  after(async () => { await t.app.close(); undo(); });

  test('a county\'s editor sees its own government\'s downloads per month, never another county\'s; a platform administrator sees every publisher', async () => {
    const own = await t.app.inject({ url: '/staff/open-data', headers: { cookie: cookies['cixian.editor']! } });
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /data-dataset="test-orgs-130427"><th scope="row"><a href="\/data\/datasets\/test-orgs-130427">磁县人民政府测试机构名录<\/a><\/th><td>磁县人民政府<\/td>/);
    const row = /data-dataset="test-orgs-130427">([\s\S]*?)<\/tr>/.exec(own.body)![1]!;
    const cells = [...row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    assert.deepEqual(cells.slice(-3), [3, 1, 4], 'February 3, March 1, total 4 (the 2024 download is outside the 12 months)');
    assert.doesNotMatch(own.body, /海珠区|test-orgs-440105|test-big/);
    assert.match(own.body, /<figure class="chart" id="od-stats-chart">/);

    // the 政务公开办's supervisor: widened to its government
    assert.match((await t.app.inject({ url: '/staff/open-data', headers: { cookie: cookies['cixian.gkb']! } })).body, /data-dataset="test-orgs-130427"/);
    // 龙华区: no downloads of its own
    const lh = await t.app.inject({ url: '/staff/open-data', headers: { cookie: cookies['longhua.admin']! } });
    assert.equal(lh.statusCode, 200);
    assert.match(lh.body, /近 12 个月没有下载/);
    assert.doesNotMatch(lh.body, /磁县人民政府测试机构名录/);

    const all = await t.app.inject({ url: '/staff/open-data', headers: { cookie: cookies.platform! } });
    for (const slug of ['test-orgs-130427', 'test-orgs-440105', 'test-big']) assert.match(all.body, new RegExp(`data-dataset="${slug}"`), slug);
    const platformOnly = await t.app.inject({ url: '/staff/open-data?org=platform', headers: { cookie: cookies.platform! } });
    assert.match(platformOnly.body, /data-dataset="test-big"/);
    assert.doesNotMatch(platformOnly.body, /data-dataset="test-orgs-130427"/);
  });

  test('roles and scope: reviewers and case handlers are refused; another county named is 403, an unknown one 400', async () => {
    for (const u of ['cixian.reviewer', 'cizhou.handler']) assert.equal((await t.app.inject({ url: '/staff/open-data', headers: { cookie: cookies[u]! } })).statusCode, 403, u);
    const foreign = await t.app.inject({ url: '/staff/open-data?org=440105', headers: { cookie: cookies['cixian.editor']! } });
    assert.equal(foreign.statusCode, 403);
    assert.doesNotMatch(foreign.body, /海珠区/);
    assert.equal((await t.app.inject({ url: '/staff/open-data?org=platform', headers: { cookie: cookies['cixian.editor']! } })).statusCode, 403);
    const unknown = await t.app.inject({ url: '/staff/open-data?org=999999', headers: { cookie: cookies['cixian.editor']! } });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /<title>错误：/);
    assert.equal((await t.app.inject('/staff/open-data')).statusCode, 401, 'signed out');
  });

  test('the CSV and the API give the same rows (per dataset, file and month)', async () => {
    const csv = await t.app.inject({ url: '/staff/open-data.csv', headers: { cookie: cookies['cixian.editor']! } });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename\*=UTF-8''/);
    const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
    assert.deepEqual(rows[0], ['数据集标识', '数据集', '发布机构代码', '发布机构', '文件', '月份', '下载次数']);
    // (the demo's own download counts of other datasets come too)
    assert.deepEqual(rows.slice(1).filter((r) => r[0]?.startsWith('test-')), [
      ['test-orgs-130427', '磁县人民政府测试机构名录', '130427', '磁县人民政府', 'orgs.csv', '2026-02', '3'],
      ['test-orgs-130427', '磁县人民政府测试机构名录', '130427', '磁县人民政府', 'orgs.jsonl', '2026-03', '1'],
    ]);

    const db = get().db;
    const deps = { db, clock: t.clock, sessionIdleMinutes: 120 };
    const token = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(db, 'cixian.editor'))!.id, 'od-test');
    const api = await t.app.inject({ url: '/api/v1/staff/open-data/downloads', headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.statusCode, 200, api.body);
    const body = api.json() as { from: string; to: string; items: { dataset: string; file: string; month: string; downloads: number; publisher: { code: string } }[] };
    assert.equal(body.from, '2025-04');
    assert.equal(body.to, '2026-03');
    assert.ok(body.items.every((i) => i.publisher.code === '130427'));
    assert.deepEqual(body.items.filter((i) => i.dataset.startsWith('test-')).map((i) => [i.dataset, i.file, i.month, i.downloads, i.publisher.code]), [
      ['test-orgs-130427', 'orgs.csv', '2026-02', 3, '130427'],
      ['test-orgs-130427', 'orgs.jsonl', '2026-03', 1, '130427'],
    ]);
    const refused = await t.app.inject({ url: '/api/v1/staff/open-data/downloads?org=440105', headers: { authorization: `Bearer ${token}` } });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'forbidden');
    assert.equal((await t.app.inject('/api/v1/staff/open-data/downloads')).statusCode, 401);
  });
}, withDemo);
