// Issue 22 §4 and §7 over HTTP: the item page's 办理方式 (预约, 邮寄, 帮办代办, 跑动次数) and summary
// strip; the route from the person's position (302 to each map app in its coordinate system, clear
// 400/404 otherwise); the listing API's paging, filters and bad input; the totals API and page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { toBd09, toGcj02 } from '../../src/modules/service-map/coords.ts';

forEachDialect('service map listing web', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), fixedClock('2026-09-22T02:00:00Z')); });
  after(async () => { await t.app.close(); });

  test('item page: summary strip and 办理方式 with 预约, 邮寄, 帮办代办 and 跑动次数 where the item has them', async () => {
    const sfz = (await t.app.inject({ url: '/services/items/LH-SFZ-HL?near=22.6566,114.0297' })).body;
    assert.match(sfz, /<ul class="ways-strip" aria-label="办理方式概览"><li>1 次跑动<\/li><li>可邮寄<\/li><li>可预约<\/li><\/ul>/);
    assert.match(sfz, /<dt>跑动次数<\/dt><dd>最多跑 1 次（需本人到场采集人像和指纹）<\/dd>/);
    assert.match(sfz, /<dt>邮寄办理<\/dt><dd>支持邮寄（快递送达）<\/dd>/);
    assert.match(sfz, /<dt>预约办理<\/dt><dd>支持预约办理/);
    assert.doesNotMatch(sfz, /<dt>帮办代办<\/dt>/);
    // The recommended venue has the route control (hidden until the script finds geolocation) and the script.
    assert.match(sfz, /<div class="route-from-here" data-route-venue="LH-[\w-]+"[^>]* hidden>/);
    assert.match(sfz, /<script src="\/assets\/service-map\/route\.js" defer><\/script>/);
    const db = (await t.app.inject({ url: '/services/items/LH-DB-SQ' })).body;
    assert.match(db, /<li>帮办代办<\/li>/);
    assert.match(db, /<dt>帮办代办<\/dt><dd>提供帮办代办服务/);
    assert.match(db, /<li>可网办<\/li>/);
    const tx = (await t.app.inject({ url: '/services/items/LH-TX-BZ' })).body;
    assert.match(tx, /<li>0 次跑动<\/li><li>可网办<\/li><li>可邮寄<\/li>/);
    assert.match(tx, /办理渠道<\/dt><dd>窗口办、网上办、邮寄办理/);
    const venue = (await t.app.inject({ url: '/services/venues/LH-ZWFW' })).body;
    assert.match(venue, /data-route-venue="LH-ZWFW"/);
    assert.match(venue, /uri\.amap\.com\/marker/); // the marker links stay for no script / no position
    const map = (await t.app.inject({ url: '/services/map?near=22.6566,114.0297' })).body;
    assert.match(map, /data-route-venue="LH-ZWFW"/);
    assert.equal((await t.app.inject({ url: '/assets/service-map/route.js' })).statusCode, 200);
  });

  test('GET /services/route: 302 to 高德/百度/腾讯 in GCJ-02/BD-09, no-store; bad input 400/404', async () => {
    const venue = (await t.app.inject({ url: '/api/v1/venues/LH-ZWFW' })).json();
    const to = { lat: venue.lat, lng: venue.lng };
    const from = { lat: 22.6185, lng: 114.0413 };
    const amap = await t.app.inject({ url: `/services/route?venue=LH-ZWFW&from=${from.lat},${from.lng}&provider=amap` });
    assert.equal(amap.statusCode, 302);
    assert.equal(amap.headers['cache-control'], 'no-store');
    const a = new URL(String(amap.headers.location));
    const gf = toGcj02(from.lat, from.lng);
    const gt = toGcj02(to.lat, to.lng);
    assert.equal(a.host, 'uri.amap.com');
    assert.equal(a.searchParams.get('from'), `${gf.lng},${gf.lat},我的位置`);
    assert.match(a.searchParams.get('to')!, new RegExp(`^${gt.lng},${gt.lat},龙华区政务服务中心`));
    const b = new URL(String((await t.app.inject({ url: `/services/route?venue=LH-ZWFW&from=${from.lat},${from.lng}&provider=baidu` })).headers.location));
    const bf = toBd09(from.lat, from.lng);
    assert.equal(b.host, 'api.map.baidu.com');
    assert.equal(b.searchParams.get('origin'), `latlng:${bf.lat},${bf.lng}|name:我的位置`);
    assert.equal(b.searchParams.get('coord_type'), 'bd09ll');
    const q = new URL(String((await t.app.inject({ url: `/services/route?venue=LH-ZWFW&from=${from.lat},${from.lng}&provider=tencent` })).headers.location));
    assert.equal(q.host, 'apis.map.qq.com');
    assert.equal(q.searchParams.get('tocoord'), `${gt.lat},${gt.lng}`);
    const cases: [string, number, RegExp][] = [
      ['/services/route?venue=LH-ZWFW&from=abc&provider=amap', 400, /from 应为/],
      ['/services/route?venue=LH-ZWFW&provider=amap', 400, /from 应为/],
      ['/services/route?venue=LH-ZWFW&from=1e3,2&provider=amap', 400, /from 应为/],
      ['/services/route?venue=LH-ZWFW&from=51.5,-0.12&provider=amap', 400, /不在中国境内/],
      ['/services/route?venue=LH-ZWFW&from=37.57,126.98&provider=baidu', 400, /不在中国境内/],
      ['/services/route?venue=LH-ZWFW&from=22.6,114.0&provider=google', 400, /provider 应为/],
      ['/services/route?venue=LH-ZWFW&from=22.6,114.0', 400, /provider 应为/],
      ['/services/route?venue=NOPE&from=22.6,114.0&provider=amap', 404, /找不到场所 NOPE/],
      ['/services/route?venue=%00%3Cx%3E&from=22.6,114.0&provider=amap', 400, /./], // NUL: refused by the platform's query check
    ];
    for (const [url, status, msg] of cases) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, status, url);
      assert.match(res.body, msg, url);
      assert.match(res.body, /<title>错误：|<title>[^<]*找不到|<title>/, url);
    }
  });

  test('GET /api/v1/venues without near lists by region and type with a cursor; near mode is unchanged', async () => {
    const db = get().db;
    const expected = (await db.selectFrom('sm_venue').select(['public_id', 'region_code']).where('region_code', '>=', '440309000000').where('region_code', '<=', '440309999999').execute())
      .sort((x, y) => (x.region_code === y.region_code ? (x.public_id < y.public_id ? -1 : 1) : x.region_code < y.region_code ? -1 : 1)).map((x) => x.public_id);
    assert.ok(expected.length > 3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; body: string; json: () => { count: number; next_cursor: string | null; results: { id: string; url: string; guide: string; navigation: { provider: string }[] }[] } } = await t.app.inject({ url: `/api/v1/venues?region=440309&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.ok(body.count <= 2);
      assert.equal(body.results[0]!.url, `/services/venues/${body.results[0]!.id}`);
      assert.deepEqual(body.results[0]!.navigation.map((n: { provider: string }) => n.provider), ['amap', 'baidu', 'tencent']);
      seen.push(...body.results.map((r: { id: string }) => r.id));
      cursor = body.next_cursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    if (get().dialect === 'sqlite') assert.deepEqual(seen, expected); // PostgreSQL's collation may order ids differently; the set is the same
    assert.deepEqual([...seen].sort(), [...expected].sort());
    const terminals = (await t.app.inject({ url: `/api/v1/venues?region=440309&type=${encodeURIComponent('自助服务终端')}` })).json();
    assert.ok(terminals.results.length >= 1 && terminals.results.every((r: { type: { code: string } }) => r.type.code === 'terminal'));
    const withItem = (await t.app.inject({ url: '/api/v1/venues?item=LH-SFZ-HL' })).json();
    assert.deepEqual(withItem.results.map((r: { id: string }) => r.id).sort(), ['LH-BM-440309001', 'LH-ZWFW']);
    const near = (await t.app.inject({ url: '/api/v1/venues?near=22.6566,114.0297&radius_km=20' })).json();
    assert.ok('score' in near.results[0] && 'calendar_known' in near && !('next_cursor' in near));
  });

  test('GET /api/v1/items by region, available_in, type and channel with a cursor; guide as a link', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; body: string; json: () => { count: number; next_cursor: string | null; results: { id: string; url: string; guide: string; navigation: { provider: string }[] }[] } } = await t.app.inject({ url: `/api/v1/items?region=44&limit=3${cursor ? `&cursor=${cursor}` : ''}` });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      for (const r of body.results) { assert.equal(typeof r.guide, 'string'); assert.match(r.guide, /^\/api\/v1\/items\//); assert.ok(!('venues' in r)); }
      seen.push(...body.results.map((r: { id: string }) => r.id));
      cursor = body.next_cursor;
    } while (cursor);
    const n = (await get().db.selectFrom('sm_item').select(get().db.fn.countAll<number>().as('n')).where('region_code', '>=', '440000000000').where('region_code', '<=', '449999999999').executeTakeFirstOrThrow()).n;
    assert.equal(seen.length, Number(n));
    assert.equal(new Set(seen).size, seen.length);
    const assisted = (await t.app.inject({ url: `/api/v1/items?region=440309&channel=${encodeURIComponent('帮办代办')}` })).json();
    assert.deepEqual(assisted.results.map((r: { id: string }) => r.id), ['LH-DB-SQ']);
    const avail = (await t.app.inject({ url: '/api/v1/items?available_in=440309001001&limit=100' })).json();
    assert.ok(avail.results.some((r: { id: string }) => r.id === 'LH-SFZ-HL'));
    assert.ok(avail.results.every((r: { region_code: string }) => ['440309001001', '440309001000', '440309000000', '440300000000', '440000000000'].includes(r.region_code)));
    const licences = (await t.app.inject({ url: `/api/v1/items?region=440309&type=${encodeURIComponent('行政许可')},licensing` })).json();
    assert.ok(licences.results.length > 0 && licences.results.every((r: { type: { code: string } }) => r.type.code === 'licensing'));
  });

  test('listing bad input: 400 with a stable code and a Chinese message (404 for an unknown item)', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/venues?region=abc', 400, 'invalid_region'],
      ['/api/v1/venues?region=4403091', 400, 'invalid_region'],
      ['/api/v1/venues?region=000000', 400, 'invalid_region'],
      ['/api/v1/venues?cursor=nope!', 400, 'invalid_cursor'],
      ['/api/v1/venues?cursor=bm9wZQ', 400, 'invalid_cursor'],
      ['/api/v1/venues?limit=0', 400, 'invalid_limit'],
      ['/api/v1/venues?limit=101', 400, 'invalid_limit'],
      ['/api/v1/venues?type=飞船', 400, 'invalid_type'],
      ['/api/v1/venues?open_now=true', 400, 'near_required'],
      ['/api/v1/venues?item=NOPE', 404, 'item_not_found'],
      ['/api/v1/items?region=12345', 400, 'invalid_region'],
      ['/api/v1/items?available_in=x', 400, 'invalid_region'],
      ['/api/v1/items?region=44&available_in=440309', 400, 'invalid_region'],
      ['/api/v1/items?channel=飞鸽', 400, 'invalid_channel'],
      ['/api/v1/items?channel=window,online', 400, 'invalid_channel'],
      ['/api/v1/items?type=乱写', 400, 'invalid_type'],
      ['/api/v1/items?limit=-1', 400, 'invalid_limit'],
      [`/api/v1/items?cursor=${Buffer.from('["x","y"]').toString('base64url')}`, 400, 'invalid_cursor'],
      ['/api/v1/services/totals?region=1', 400, 'invalid_region'],
    ];
    for (const [url, status, code] of cases) {
      const res = await t.app.inject({ url: encodeURI(url).replace(/%25/g, '%') });
      assert.equal(res.statusCode, status, url);
      assert.equal(res.json().code, code, url);
      assert.match(res.json().message, /[\u4e00-\u9fa5]/, url);
    }
  });

  test('totals per region: API and the public figures page with a bar chart and its table', async () => {
    const db = get().db;
    const res = await t.app.inject({ url: '/api/v1/services/totals?region=440309' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    const items = Number((await db.selectFrom('sm_item').select(db.fn.countAll<number>().as('n')).where('region_code', '>=', '440309000000').where('region_code', '<=', '440309999999').executeTakeFirstOrThrow()).n);
    const venues = await db.selectFrom('sm_venue').select(['type']).where('region_code', '>=', '440309000000').where('region_code', '<=', '440309999999').execute();
    assert.equal(body.items, items);
    assert.equal(body.venues, venues.length);
    assert.equal(body.terminals, venues.filter((v) => v.type === 'terminal').length);
    assert.equal(body.region.code, '440309');
    assert.equal(body.items_by_channel.find((c: { code: string }) => c.code === 'assisted').items, 1);
    assert.equal(body.items_by_channel.find((c: { code: string }) => c.code === 'express').label, '邮寄办理');
    const all = (await t.app.inject({ url: '/api/v1/services/totals' })).json();
    assert.ok(all.items >= body.items && all.region === null);
    const page = await t.app.inject({ url: '/services/figures?region=440309' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<th scope="row">项政务服务事项<\/th><td>\d+<\/td>/);
    assert.match(page.body, /<svg role="img" aria-labelledby="by-channel-t by-channel-d"/);
    assert.match(page.body, /查看数据表/);
    assert.equal((await t.app.inject({ url: '/services/figures?region=abc' })).statusCode, 400);
  });
}, withDemo);
