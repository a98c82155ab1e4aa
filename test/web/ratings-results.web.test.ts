// 好差评 results over HTTP: the public pages (/ratings, /ratings/statistics), the CSV of each table
// (formula-safe), the API (figures, by level, by month; 400 on bad dates and unknown org/venue/item;
// a repeated parameter read as one value), the staff statistics scoped to the caller's subtree
// (政务公开办 through officeScopes, windows and 工号, never rater names), the excluded count, and the
// service map ranking and venue page fed by the ratings (群众评价 vs 导入评分).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { insertRatings } from '../support/ratings.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const CX = '/13/1304/130427/';
const CX_DEPT = '/13/1304/130427/130427-xzspj/';
const HZ = '/44/4401/440105/';

forEachDialect('ratings results web', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), fixedClock('2026-03-02T02:00:00Z')); });
  after(async () => { await t.app.close(); });

  test('GET /ratings: the installation results, rankings, trend chart with its table, excluded count', async () => {
    const res = await t.app.inject({ url: '/ratings' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>政务服务“好差评”结果<\/h1>/);
    assert.match(res.body, /已剔除经申诉复核认定的无效评价 1 条/);
    assert.match(res.body, /<svg role="img"[^>]*aria-labelledby="trend-chart-count-t trend-chart-count-d"/);
    assert.match(res.body, /磁县行政审批局/);
    assert.match(res.body, /磁县政务服务中心/);
    // the rater's name never appears on a public page
    assert.doesNotMatch(res.body, /张三|13800138000/);
    // venues ranked by the Bayesian average towards the mean of the 7 counted ratings (26/7 ≈ 3.71, C = 20):
    // HZ-ZWFW one 5 → 3.78, CX-BM one 4 → 3.73, CX-ZWFW five averaging 3.4 → 3.66
    const venues = res.body.slice(res.body.indexOf('id="venues-h"'), res.body.indexOf('id="items-h"'));
    const order = [...venues.matchAll(/href="\/ratings\/statistics\?venue=([^&"]+)/g)].map((m) => m[1]);
    assert.deepEqual(order, ['HZ-ZWFW', 'CX-BM-130427100', 'CX-ZWFW']);
    assert.match(venues, /<td>3\.78<\/td>/);
  });

  test('GET /ratings/statistics?org=130427 keeps to the subtree; bad input re-renders with 400 and the values kept', async () => {
    const res = await t.app.inject({ url: '/ratings/statistics?org=130427&from=2026-01-01&to=2026-12-31' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /单位：磁县人民政府（含下级）|单位：磁县[^<]*（含下级）/);
    assert.doesNotMatch(res.body, /海珠区政务服务中心/);
    const bad = await t.app.inject({ url: '/ratings/statistics?from=2026-13-01&org=130427' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /开始日期格式不正确/);
    assert.match(bad.body, /value="2026-13-01"/);
    assert.equal((await t.app.inject({ url: '/ratings/statistics?org=NOPE' })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/ratings/statistics?from=2026-03-01&to=2026-02-01' })).statusCode, 400);
  });

  test('CSV next to each table: header, figures, formula-safe, bad table 400', async () => {
    const res = await t.app.inject({ url: '/ratings/statistics.csv?table=orgs&from=2026-01-01&to=2026-12-31' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/csv/);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(lines[0] as string, /^表格,期间开始,期间结束,代码,名称,评价数,非常满意/);
    const dept = lines.find((l) => l.includes('130427-xzspj'));
    // 5 counted: 2×5, 1×4, 1×2, 1×1 → 好评率 60.0, 差评 2, named 2, called back 1 (50.0), rectified 1 (50.0), 10 days
    assert.match(dept as string, /,5,2,1,0,1,1,60\.0,2,2,1,50\.0,1,50\.0,10,/);
    const lv = await t.app.inject({ url: '/ratings/statistics.csv?table=levels&org=130427-xzspj&from=2026-01-01&to=2026-12-31' });
    assert.match(lv.body, /非常满意,2,40\.0/);
    assert.equal((await t.app.inject({ url: '/ratings/statistics.csv?table=windows' })).statusCode, 400, 'windows are staff only');
    assert.equal((await t.app.inject({ url: '/ratings/statistics.csv?table=x' })).statusCode, 400);
    // an organisation name starting with = would be guarded: the writer is platform/csv (tested there); the name column is text
    assert.doesNotMatch(res.body, /^=/m);
  });

  test('API: figures, by level, by month, public ids; 400 {code,message} on bad input; repeated key read once', async () => {
    const res = await t.app.inject({ url: '/api/v1/ratings/statistics?venue=CX-ZWFW&from=2026-01-01&to=2026-12-31' });
    assert.equal(res.statusCode, 200);
    const b = res.json();
    assert.deepEqual(b.venue, { id: 'CX-ZWFW', name: '磁县政务服务中心' });
    assert.equal(b.figures.count, 5);
    assert.equal(b.figures.good_rate, 0.6);
    assert.equal(b.figures.bad_count, 2);
    assert.equal(b.figures.callback_rate, 0.5);
    assert.equal(b.figures.avg_rectify_days, 10);
    assert.equal(b.excluded, 1);
    assert.deepEqual(b.by_level.map((l: { code: string; count: number }) => [l.code, l.count]), [['very_satisfied', 2], ['satisfied', 1], ['basically_satisfied', 0], ['dissatisfied', 1], ['very_dissatisfied', 1]]);
    assert.deepEqual(b.by_month.map((m: { month: string; count: number }) => [m.month, m.count]), [['2026-01', 1], ['2026-02', 3], ['2026-03', 1]]);
    assert.deepEqual(b.three_level.map((x: { source: string }) => x.source), ['message', 'hotline']);
    assert.doesNotMatch(res.body, /"id":\d|张三|13800/);
    for (const [q, code] of [['from=2026-02-30', 'invalid_date'], ['to=yesterday', 'invalid_date'], ['from=2026-03-01&to=2026-01-01', 'invalid_period'], ['org=999999', 'unknown_org'], ['venue=NOPE', 'unknown_venue'], ['item=NOPE', 'unknown_item'], ['from=2000-01-01&to=2026-01-01', 'period_too_long']] as const) {
      const r = await t.app.inject({ url: `/api/v1/ratings/statistics?${q}` });
      assert.equal(r.statusCode, 400, q);
      assert.equal(r.json().code, code, q);
      assert.ok(r.json().message.length > 0);
    }
    const twice = await t.app.inject({ url: '/api/v1/ratings/statistics?org=440105&org=130427&from=2026-01-01&to=2026-12-31' });
    assert.equal(twice.statusCode, 200);
    assert.equal(twice.json().org.code, '440105');
    assert.equal(twice.json().figures.count, 1);
    const spec = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    assert.ok(spec.paths['/api/v1/ratings/statistics'].get);
  });

  test('staff statistics: the 政务公开办 sees its county down to windows and 工号; another county is 403; signed out 401', async () => {
    const gkb = await signIn(t.app, 'cixian.gkb');
    const res = await t.app.inject({ url: '/staff/ratings/statistics?from=2026-01-01&to=2026-12-31', headers: { cookie: gkb } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h2 id="windows-h">窗口<\/h2>/);
    assert.match(res.body, /CX-ZWFW\/A01/);
    assert.match(res.body, /CX0001/);
    assert.doesNotMatch(res.body, /海珠区政务服务中心|张三/);
    assert.equal((await t.app.inject({ url: '/staff/ratings/statistics?org=440105', headers: { cookie: gkb } })).statusCode, 403);
    const csv = await t.app.inject({ url: '/staff/ratings/statistics.csv?table=staff&from=2026-01-01&to=2026-12-31', headers: { cookie: gkb } });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /CX0001,CX0001,2,/);
    const handler = await signIn(t.app, 'cizhou.handler');
    const own = await t.app.inject({ url: '/staff/ratings/statistics?from=2026-01-01&to=2026-12-31', headers: { cookie: handler } });
    assert.equal(own.statusCode, 200);
    assert.doesNotMatch(own.body, /磁县行政审批局/, 'a town handler sees only the town');
    assert.equal((await t.app.inject({ url: '/staff/ratings/statistics' })).statusCode, 401);
    // formula-safe CSV: a 工号 typed as a formula is written as text
    const hz = await signIn(t.app, 'admin2');
    const hzCsv = await t.app.inject({ url: '/staff/ratings/statistics.csv?table=staff&from=2026-01-01&to=2026-12-31', headers: { cookie: hz } });
    assert.match(hzCsv.body, /'=2\+3,'=2\+3,1,/);
    assert.doesNotMatch(hzCsv.body, /CX0001/);
    const editor = await signIn(t.app, 'cixian.editor');
    assert.equal((await t.app.inject({ url: '/staff/ratings/statistics', headers: { cookie: editor } })).statusCode, 403);
  });

  test('a listening server counts the ratings in the background at start: the first map answer already ranks by them', async () => {
    // (app.inject never listens: the other tests and buildApp itself are not slowed by the first load)
    const served = await buildTestApp(get(), fixedClock('2026-03-02T02:00:00Z'));
    try {
      await served.app.listen({ port: 0, host: '127.0.0.1' });
      await new Promise((r) => setTimeout(r, 1500));
      const first = (await served.app.inject({ url: '/api/v1/venues/CX-ZWFW' })).json();
      assert.deepEqual([first.rating_source, first.rating_count], ['ratings', 5]);
    } finally {
      await served.app.close();
    }
  });

  test('the map ranks by the ratings and the venue page labels 群众评价 vs 导入评分', async () => {
    // The map never waits for the count: imported ratings until the first count is ready (within a second or two).
    let near = await t.app.inject({ url: '/api/v1/venues?near=36.3742,114.3826&radius_km=30&limit=50' });
    for (let i = 0; i < 10 && near.json().results.find((r: { id: string }) => r.id === 'CX-ZWFW')?.rating_source !== 'ratings'; i++) {
      await new Promise((r) => setTimeout(r, 600));
      near = await t.app.inject({ url: '/api/v1/venues?near=36.3742,114.3826&radius_km=30&limit=50' });
    }
    assert.equal(near.statusCode, 200);
    const byId = new Map(near.json().results.map((r: { id: string }) => [r.id, r]));
    const centre = byId.get('CX-ZWFW') as { rating: number; rating_source: string; rating_count: number };
    assert.equal(centre.rating_source, 'ratings');
    assert.equal(centre.rating_count, 5);
    const town = byId.get('CX-BM-130427101') ?? byId.get('CX-BM-130427103') as { rating_source: string | null };
    assert.equal((town as { rating_source: string | null }).rating_source, 'import');
    const page = await t.app.inject({ url: '/services/venues/CX-ZWFW' });
    assert.match(page.body, /群众评价：\d\.\d\d 分（5 条评价）/);
    const imported = await t.app.inject({ url: '/services/venues/CX-BM-130427103' });
    assert.match(imported.body, /导入评分：4\.1 分（120 条评价）/);
    const one = (await t.app.inject({ url: '/api/v1/venues/CX-ZWFW' })).json();
    assert.deepEqual([one.rating_source, one.rating_count], ['ratings', 5]);
  });
}, async (tdb) => {
  await withDemo(tdb);
  // exact figures: the demo's ratings are replaced by the rows below
  await tdb.db.deleteFrom('rating_event').execute();
  await tdb.db.deleteFrom('rating').execute();
  await insertRatings(tdb.db, [
    { org: '130427-xzspj', path: CX_DEPT, level: 5, on: '2026-01-31', venue: 'CX-ZWFW', window: 'A01', staff: 'CX0001' },
    { org: '130427-xzspj', path: CX_DEPT, level: 5, on: '2026-02-10', venue: 'CX-ZWFW', staff: 'CX0001' },
    { org: '130427-xzspj', path: CX_DEPT, level: 4, on: '2026-02-11', venue: 'CX-ZWFW' },
    { org: '130427-xzspj', path: CX_DEPT, level: 2, on: '2026-02-12', venue: 'CX-ZWFW', named: true, calledBack: '2026-02-13', rectified: '2026-02-22' },
    { org: '130427-xzspj', path: CX_DEPT, level: 1, on: '2026-03-01', venue: 'CX-ZWFW', named: true },
    { org: '130427-xzspj', path: CX_DEPT, level: 1, on: '2026-03-01', venue: 'CX-ZWFW', named: true, excluded: true },
    { org: '130427100', path: `${CX}130427100/`, level: 4, on: '2026-02-20', venue: 'CX-BM-130427100' },
    { org: '440105', path: HZ, level: 5, on: '2026-02-02', venue: 'HZ-ZWFW', staff: '=2+3' },
  ]);
});
