// Service map over HTTP: the venues API (ranking fields, filters, clear 400s), venue and item
// API, the staff queue API (401/403/200, audited), and the public pages (guide elements,
// JSON-LD, flowchart, navigation links, life events).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { governmentServiceJsonLd } from '../../src/modules/service-map/service-map.routes.tsx';
import { findItem } from '../../src/modules/service-map/service-map.repository.ts';

forEachDialect('service map web', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  before(async () => {
    // Tue 2026-09-22 10:00 Beijing time.
    t = await buildTestApp(get(), fixedClock('2026-09-22T02:00:00Z'));
    for (const u of ['cixian.editor', 'cixian.reviewer', 'admin2']) {
      const user = await findUserByUsername(get().db, u);
      tokens[u] = await identityService.createApiToken({ db: get().db, clock: t.clock, sessionIdleMinutes: 120 }, { cli: true }, user!.id, 'test');
    }
  });
  after(async () => { await t.app.close(); });

  test('GET /api/v1/venues ranks with distance, open_now, closes_at and score parts', async () => {
    const res = await t.app.inject({ url: '/api/v1/venues?near=22.6566,114.0297&radius_km=20' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    const first = body.results[0];
    assert.equal(first.id, 'LH-ZWFW');
    assert.equal(first.distance_m, 0);
    assert.equal(first.open_now, true);
    assert.equal(first.closes_at, '2026-09-22T04:00:00.000Z');
    assert.deepEqual(Object.keys(first.score_parts), ['distance', 'open_now', 'closing_soon', 'rating', 'queue']);
    assert.equal(first.score, Math.round((first.score_parts.distance + first.score_parts.open_now + first.score_parts.closing_soon + first.score_parts.rating + first.score_parts.queue) * 100) / 100);
    assert.deepEqual(first.navigation.map((n: { provider: string }) => n.provider), ['amap', 'baidu', 'tencent']);
    const scores = body.results.map((r: { score: number }) => r.score);
    assert.deepEqual(scores, [...scores].sort((a: number, b: number) => b - a));
  });

  test('filters: open_at on 国庆 keeps only 7×24 and own-hours venues; item; type', async () => {
    const h = await t.app.inject({ url: '/api/v1/venues?near=22.6566,114.0297&radius_km=20&open_at=2026-10-03T10:00:00%2B08:00' });
    assert.equal(h.statusCode, 200);
    assert.deepEqual(h.json().results.map((r: { id: string }) => r.id).sort(), ['LH-BANK-1', 'LH-ZZ-24H']);
    assert.equal(h.json().calendar_known, true);
    // Review finding: a year without holiday data was answered from the weekly hours silently.
    const y2027 = await t.app.inject({ url: '/api/v1/venues?near=22.6566,114.0297&radius_km=20&open_at=2027-10-01T10:00:00%2B08:00' });
    assert.equal(y2027.json().calendar_known, false);
    assert.match((await t.app.inject({ url: '/services/map?near=22.6566,114.0297&open_at=2027-10-01T10:00' })).body, /工作日历尚无该年节假日数据/);
    assert.doesNotMatch((await t.app.inject({ url: '/services/map?near=22.6566,114.0297&open_at=2026-10-01T10:00' })).body, /工作日历尚无该年节假日数据/);
    const i = await t.app.inject({ url: '/api/v1/venues?near=22.6566,114.0297&radius_km=20&item=LH-SFZ-HL' });
    assert.deepEqual(i.json().results.map((r: { id: string }) => r.id).sort(), ['LH-BM-440309001', 'LH-ZWFW']);
    const ty = await t.app.inject({ url: `/api/v1/venues?near=22.6566,114.0297&radius_km=20&type=${encodeURIComponent('自助服务终端')}` });
    assert.deepEqual(ty.json().results.map((r: { id: string }) => r.id), ['LH-ZZ-24H']);
  });

  test('bad input gets a clear 400 (or 404) with a stable code', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/venues?near=51.5,-0.12', 400, 'outside_china'],
      ['/api/v1/venues?near=22.65,114.03&radius_km=10000', 400, 'invalid_radius'],
      ['/api/v1/venues?near=22.65,114.03&open_at=2026-02-30T10:00', 400, 'invalid_open_at'],
      ['/api/v1/venues?near=22.65,114.03&open_at=tomorrow', 400, 'invalid_open_at'],
      ['/api/v1/venues?near=abc', 400, 'invalid_near'],
      ['/api/v1/venues?radius_km=5', 400, 'near_required'],
      ['/api/v1/venues?near=22.65,114.03&type=飞船', 400, 'invalid_type'],
      ['/api/v1/venues?near=22.65,114.03&open_now=maybe', 400, 'invalid_open_now'],
      ['/api/v1/venues?near=37.57,126.98', 400, 'outside_china'],
      ['/api/v1/venues?near=22.65,114.03&item=NOPE', 404, 'item_not_found'],
      ['/api/v1/venues/NOPE', 404, 'venue_not_found'],
      ['/api/v1/items/NOPE', 404, 'item_not_found'],
    ];
    for (const [url, status, code] of cases) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, status, url);
      assert.equal(res.json().code, code, url);
      assert.match(res.json().message, /[\u4e00-\u9fa5]/);
    }
  });

  test('odd inputs get a 4xx, never a 500 (repeated parameters, NUL bytes in ids)', async () => {
    // Review findings: a repeated ?near= or ?region= crashed the item and life-event pages, and a
    // NUL byte in an id was a 500 on PostgreSQL.
    const cases: [string, number][] = [
      ['/services/items/LH-SFZ-HL?near=1&near=2', 400],
      ['/services/items/LH-SFZ-HL?near=22.6566,114.0297&near=22.6,114.0', 200],
      ['/services/life-events?region=440309&region=1', 200],
      // A NUL in a URL is refused by the server before any route (400 invalid_character).
      ['/api/v1/venues/%00', 400],
      ['/api/v1/items/A%00B', 400],
      ['/services/venues/%00', 400],
      ['/services/items/%00', 400],
      ['/api/v1/venues?near=22.65,114.03&item=%00', 400],
      ['/services/map?near=22.65,114.03&item=%00', 400],
      ['/services/search?q=%00', 400],
      ['/services/search?q=%00%E8%AF%81', 400],
    ];
    for (const [url, status] of cases) assert.equal((await t.app.inject({ url })).statusCode, status, url);
  });

  test('imported text cannot break out of the JSON-LD block, and stored unsafe guide links are not shown', async () => {
    const item = await findItem(get().db, 'LH-SFZ-HL');
    const evil = { ...item!, name: '</script><script>alert(1)</script>', implementingBody: 'a & b <!--' };
    const ld = governmentServiceJsonLd(evil, []);
    assert.doesNotMatch(ld, /[<>&]/);
    assert.equal(JSON.parse(ld).name, '</script><script>alert(1)</script>');
    // Only schema.org GovernmentService properties (isRelatedTo with the site's name was not one); no empty provider.
    assert.deepEqual(Object.keys(JSON.parse(ld)).sort(), ['@context', '@type', 'areaServed', 'audience', 'availableChannel', 'identifier', 'name', 'provider', 'serviceType', 'url']);
    assert.equal(JSON.parse(governmentServiceJsonLd({ ...item!, implementingBody: '', department: '' }, [])).provider, undefined);
    // A row stored before the import checked guide links.
    const guide = { ...item!.guide, materials: [{ name: '旧表格', type: '', form: '', required: true, copies: 1, source: '', blank_form_url: 'javascript:alert(1)' }] };
    await get().db.updateTable('sm_item').set({ guide_json: JSON.stringify(guide) }).where('public_id', '=', 'LH-SFZ-HL').execute();
    try {
      const page = await t.app.inject({ url: '/services/items/LH-SFZ-HL' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /旧表格/);
      assert.doesNotMatch(page.body, /javascript:/);
    } finally {
      await get().db.updateTable('sm_item').set({ guide_json: JSON.stringify(item!.guide) }).where('public_id', '=', 'LH-SFZ-HL').execute();
    }
  });

  test('venue and item API', async () => {
    const v = (await t.app.inject({ url: '/api/v1/venues/LH-ZZ-24H' })).json();
    assert.equal(v.is_24h, true);
    assert.equal(v.host_venue_id, 'LH-ZWFW');
    assert.deepEqual(v.items.map((i: { id: string }) => i.id).sort(), ['LH-SB-ZM', 'LH-YYZZ-SL']);
    const i = (await t.app.inject({ url: '/api/v1/items/LH-SFZ-HL' })).json();
    assert.equal(i.promised_limit.value, 20);
    assert.equal(i.guide.materials.length, 3);
    assert.deepEqual(i.venues.sort(), ['LH-BM-440309001', 'LH-ZWFW']);
    assert.equal(i.venue_count, 2);
  });

  test('PUT /api/v1/staff/venues/{id}/queue: 401 without a token, 403 outside scope or role, 200 and audited inside', async () => {
    const put = (id: string, token?: string, payload: unknown = { waiting: 12, wait_minutes: 25 }) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/staff/venues/${id}/queue`, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: payload as object });
    assert.equal((await put('CX-ZWFW')).statusCode, 401);
    assert.equal((await put('CX-ZWFW', 'gk_wrong')).statusCode, 401);
    const foreign = await put('LH-ZWFW', tokens['cixian.editor']);
    assert.equal(foreign.statusCode, 403);
    // the refusal names neither the other county's venue nor its organisation
    assert.equal(foreign.json().code, 'forbidden');
    assert.doesNotMatch(foreign.body, /龙华|440309/);
    assert.equal((await put('CX-ZWFW', tokens['cixian.reviewer'])).statusCode, 403);
    assert.equal((await put('CX-ZWFW', tokens['cixian.editor'], { waiting: -1, wait_minutes: 5 })).statusCode, 400);
    assert.equal((await put('NOPE', tokens['cixian.editor'])).statusCode, 404);
    const ok = await put('CX-ZWFW', tokens['cixian.editor']);
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().wait_minutes, 25);
    const list = (await t.app.inject({ url: '/api/v1/venues?near=36.3742,114.3826&radius_km=5' })).json();
    const cx = list.results.find((r: { id: string }) => r.id === 'CX-ZWFW');
    assert.deepEqual({ waiting: cx.queue.waiting, wait_minutes: cx.queue.wait_minutes }, { waiting: 12, wait_minutes: 25 });
    assert.equal(cx.score_parts.queue, -6.25);
    const audit = await get().db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'venue.queue').execute();
    assert.deepEqual(audit, [{ action: 'venue.queue', entity_id: 'CX-ZWFW' }]);
    assert.equal((await put('LH-ZWFW', tokens.admin2)).statusCode, 200);
  });

  test('item guide page: all guide elements, flowchart, JSON-LD, 我要办 and navigation', async () => {
    const res = await t.app.inject({ url: '/services/items/LH-SFZ-HL?near=22.6566,114.0297' });
    assert.equal(res.statusCode, 200);
    const html = res.body;
    for (const label of ['基本编码', '实施编码', '事项类型', '实施主体', '服务对象', '受理条件', '申请材料', '办理流程', '法定办结时限', '承诺办结时限', '到办事现场次数', '收费标准', '办理地点', '办理时间', '咨询方式', '监督投诉方式', '办理渠道', '常见问题', '空白表格', '示例样表']) {
      assert.ok(html.includes(label), label);
    }
    assert.match(html, /<svg role="img" aria-labelledby="flow-t flow-d"/);
    assert.match(html, /共 5 步：取号 → 采集人像和指纹/);
    assert.match(html, /<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"GovernmentService"/);
    // The centre has a 25-minute queue reported above, so either offering venue may rank first.
    assert.match(html, /建议前往：(龙华区政务服务中心|观湖街道党群服务中心)/);
    assert.match(html, /uri\.amap\.com\/marker\?position=114\.03/);
    assert.match(html, /href="\/services\/map\?item=LH-SFZ-HL&amp;near=22.6566,114.0297"/);
    const online = await t.app.inject({ url: '/services/items/LH-YYZZ-SL' });
    assert.match(online.body, /可全程网上办理/);
  });

  test('map, venue, search and life-event pages', async () => {
    const map = await t.app.inject({ url: '/services/map?near=22.6566,114.0297&open_now=1' });
    assert.equal(map.statusCode, 200);
    assert.match(map.body, /data-lat="22.6566"/);
    assert.match(map.body, /\/assets\/leaflet\/leaflet\.js/);
    assert.match(map.headers['content-security-policy'] as string, /img-src 'self' data: https:\/\/tile\.openstreetmap\.org/);
    const bad = await t.app.inject({ url: '/services/map?near=51.5,-0.1' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /不在中国境内/);
    const venue = await t.app.inject({ url: '/services/venues/LH-ZWFW' });
    assert.match(venue.body, /门牌照片/);
    assert.match(venue.body, /信息最后核实/);
    const life = await t.app.inject({ url: '/services/life-events?region=440309&audience=enterprise' });
    assert.equal((life.body.match(/<li id="/g) ?? []).length, 10);
    const personal = await t.app.inject({ url: '/services/life-events?region=440309&audience=personal' });
    assert.equal((personal.body.match(/<li id="/g) ?? []).length, 14);
    // Scenarios link the published catalogue items they group (the seed's 龙华 tables).
    assert.match(personal.body, /<a href="\/openness\/catalogs\/\d+\/items\/[\w-]+">龙华区人民政府 · 户籍管理 · 出生登记<\/a>/);
    assert.match(personal.body, /荔园社区居委会 · 综合政务 · 生育登记/);
    const search = await t.app.inject({ url: `/services/search?q=${encodeURIComponent('身份证')}` });
    assert.equal(search.statusCode, 303); // the site search, limited to items
    assert.match((await t.app.inject({ url: String(search.headers.location) })).body.replace(/<\/?mark>/g, ''), /居民身份证换领/);
    assert.equal((await t.app.inject({ url: '/assets/leaflet/leaflet.css' })).statusCode, 200);
    const spec = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    for (const p of ['/api/v1/venues', '/api/v1/venues/{id}', '/api/v1/items/{id}', '/api/v1/staff/venues/{id}/queue']) assert.ok(spec.paths[p], p);
    assert.equal((await t.app.inject({ url: '/assets/service-map/service-map.js' })).statusCode, 200);
  });
}, withDemo);
