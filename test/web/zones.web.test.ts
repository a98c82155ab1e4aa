// 政务公开专区 over HTTP: the block on a zone's venue page (and on no other venue's), the public list
// grouped by county and level with 磁县's three demo zones, and the staff figures scoped to the
// caller (a township's zone staff see their zone, the county 政务公开办 all three, 龙华 none), with
// the month checked (a clear 400) and the figures equal to the kiosk_usage rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';

const ZONES = ['CX-GKZQ', 'CX-GKZQ-130427100', 'CX-GKZQ-130427100001'];

forEachDialect('政务公开专区 web', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  before(async () => {
    // Mon 2026-01-12 10:00 Beijing time: the demo's usage covers 2025-12-01 … 2026-01-05.
    t = await buildTestApp(get(), fixedClock('2026-01-12T02:00:00Z'));
    for (const u of ['cizhou.zone', 'fucai.zone', 'cixian.gkb', 'longhua.admin', 'cixian.editor']) cookies[u] = await signIn(t.app, u);
  });
  after(async () => { await t.app.close(); });

  /** Sessions of a zone in a month, straight from kiosk_usage. */
  async function sessions(zone: string, month: string): Promise<number> {
    const rows = await get().db.selectFrom('kiosk_usage').select(['count']).where('venue_public_id', '=', zone).where('kind', '=', 'session').where('used_on', 'like', `${month}-%`).execute();
    return rows.reduce((a, r) => a + Number(r.count), 0);
  }

  /** Enquiries (咨询登记) at a zone in a month, straight from the enquiry table. */
  async function enquiries(zone: string, month: string): Promise<number> {
    const r = await get().db.selectFrom('enquiry').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_public_id', '=', zone).where('asked_on', 'like', `${month}-%`).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  test('the county zone has demo consultations in the month the figures test reads', async () => {
    assert.ok(await enquiries('CX-GKZQ', '2025-12') > 0, 'demo enquiries at CX-GKZQ in 2025-12');
  });

  test('demo: three zones in 磁县 at county, township and village level, each of its own government', async () => {
    const rows = await get().db.selectFrom('sm_venue').select(['public_id', 'level', 'org_code', 'phone', 'lat', 'lng']).where('type', '=', 'openness_area').where('public_id', 'like', 'CX-%').orderBy('public_id').execute();
    assert.deepEqual(rows.map((r) => [r.public_id, r.level, r.org_code]), [['CX-GKZQ', 'county', '130427'], ['CX-GKZQ-130427100', 'township', '130427100'], ['CX-GKZQ-130427100001', 'village', '130427100001']]);
    for (const r of rows) {
      assert.ok(r.phone, `${r.public_id} has a phone`);
      assert.ok(Math.abs(Number(r.lat) - 36.37) < 0.05 && Math.abs(Number(r.lng) - 114.38) < 0.05, `${r.public_id} near 磁县`);
      assert.ok(await sessions(r.public_id, '2025-12') > 0, `${r.public_id} has demo usage`);
    }
  });

  test('the venue page of a zone shows what can be done there, its kiosk, hours, phone and level; other venues do not', async () => {
    const v = await t.app.inject({ url: '/services/venues/CX-GKZQ-130427100' });
    assert.equal(v.statusCode, 200);
    assert.match(v.body, /本专区可以办理/);
    for (const x of ['查阅政府信息公开指南和目录', '依申请公开（当面提交）', '民心直通车留言', '好差评评价']) assert.ok(v.body.includes(x), x);
    assert.match(v.body, /href="\/kiosk\/CX-GKZQ-130427100"/);
    assert.match(v.body, /data-zone-level="true">乡镇级</);
    assert.match(v.body, /0310-2312100/);
    assert.match(v.body, /周一至周五 08:30-12:00，14:30-17:30；周六 09:00-12:00；周日 休息/);
    const village = await t.app.inject({ url: '/services/venues/CX-GKZQ-130427100001' });
    assert.match(village.body, /data-zone-level="true">村级</);
    const county = await t.app.inject({ url: '/services/venues/CX-GKZQ' });
    assert.match(county.body, /data-zone-level="true">县级</);
    for (const other of ['CX-BM-130427100', 'CX-ZWFW', 'LH-ZZ-24H']) {
      const res = await t.app.inject({ url: `/services/venues/${other}` });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /本专区可以办理|\/kiosk\//, other);
    }
  });

  test('/openness/zones lists each county\'s zones grouped county → township → village, with hours, phone, address and open now', async () => {
    const res = await t.app.inject({ url: '/openness/zones' });
    assert.equal(res.statusCode, 200);
    const cx = res.body.slice(res.body.indexOf('data-county="130427"'));
    const section = cx.slice(0, Math.max(0, cx.indexOf('data-county="', 20)) || cx.length);
    assert.match(section, /磁县（3 个专区）/);
    const at = ZONES.map((z) => section.indexOf(`data-zone="${z}"`));
    assert.ok(at.every((i) => i > 0), JSON.stringify(at));
    assert.deepEqual([...at].sort((a, b) => a - b), at, 'county, then township, then village');
    const levels = [...section.matchAll(/data-level="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(levels, ['county', 'township', 'village']);
    assert.match(section, /县级专区[\s\S]*乡镇级专区[\s\S]*村级专区/);
    assert.match(section, /磁县磁州镇阜才社区党群服务中心/);
    assert.match(section, /0310-2312101/);
    // Mon 10:00: every 磁县 zone is open (weekday hours 08:30-12:00)
    for (const z of ZONES) assert.match(section, new RegExp(`data-zone="${z}"[\\s\\S]*?data-open="1"`));
    assert.match(section, /正在开放/);
    // the map of a county's zones: the service map filtered to 政务公开专区 around the first zone
    const mapHref = /href="(\/services\/map\?near=[\d.,]+&(?:amp;)?type=openness_area)"/.exec(section)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(mapHref, 'a map link');
    const map = await t.app.inject({ url: mapHref });
    assert.equal(map.statusCode, 200);
    for (const name of ['磁县政务公开专区', '磁州镇政务公开专区', '阜才社区政务公开专区']) assert.ok(map.body.includes(name), name);
    assert.doesNotMatch(map.body, /磁州镇便民服务中心</);
    // 海珠区 and 龙华区 have their county zone each
    assert.match(res.body, /data-zone="HZ-GKZQ"/);
    assert.match(res.body, /data-zone="LH-GKZQ"/);
  });

  test('staff figures are scoped: township zone staff see their zone, the 政务公开办 all three, 龙华 none', async () => {
    const list = async (who: string) => {
      const res = await t.app.inject({ url: '/staff/zones?month=2025-12', headers: { cookie: cookies[who]! } });
      assert.equal(res.statusCode, 200, `${who}: ${res.body.slice(0, 200)}`);
      return { body: res.body, zones: [...res.body.matchAll(/<tr data-zone="([^"]+)"/g)].map((m) => m[1]) };
    };
    assert.deepEqual((await list('cizhou.zone')).zones, ['CX-GKZQ-130427100', 'CX-GKZQ-130427100001']);
    assert.deepEqual((await list('fucai.zone')).zones, ['CX-GKZQ-130427100001']);
    const office = await list('cixian.gkb');
    assert.deepEqual(office.zones, ZONES);
    assert.match(office.body, /<svg[^>]*role="img"/);
    // the table holds the month's sessions from kiosk_usage
    const row = office.body.slice(office.body.indexOf('<tr data-zone="CX-GKZQ"'));
    const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    // consultations (咨询登记 of the enquiries module), then the kiosk's sessions
    assert.equal(cells[0], await enquiries('CX-GKZQ', '2025-12'));
    assert.equal(cells[1], await sessions('CX-GKZQ', '2025-12'));
    const lh = await list('longhua.admin');
    assert.deepEqual(lh.zones, ['LH-GKZQ']);
    assert.doesNotMatch(lh.body.slice(lh.body.indexOf('<main'), lh.body.indexOf('</main>')), /磁县|磁州镇|阜才/);
    // a foreign zone: 403; no zone at all: 404
    for (const [who, url, status] of [['longhua.admin', '/staff/zones/CX-GKZQ', 403], ['fucai.zone', '/staff/zones/CX-GKZQ-130427100', 403], ['cizhou.zone', '/staff/zones/CX-GKZQ', 403], ['cixian.gkb', '/staff/zones/CX-ZWFW', 404], ['cixian.gkb', '/staff/zones/nope', 404]] as const) {
      const res = await t.app.inject({ url, headers: { cookie: cookies[who]! } });
      assert.equal(res.statusCode, status, `${who} ${url}`);
    }
    const own = await t.app.inject({ url: '/staff/zones/CX-GKZQ-130427100?month=2026-01', headers: { cookie: cookies['cizhou.zone']! } });
    assert.equal(own.statusCode, 200);
    assert.deepEqual([...own.body.matchAll(/<tr data-month="([^"]+)"/g)].map((m) => m[1]), ['2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01']);
    const dec = /<tr data-month="2025-12"><th scope="row">2025-12<\/th><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(own.body);
    assert.equal(Number(dec?.[1]), await enquiries('CX-GKZQ-130427100', '2025-12'));
    assert.equal(Number(dec?.[2]), await sessions('CX-GKZQ-130427100', '2025-12'));
    // the staff home links the figures for the zone's staff
    assert.match((await t.app.inject({ url: '/staff', headers: { cookie: cookies['fucai.zone']! } })).body, /href="\/staff\/zones"/);
    const out = await t.app.inject({ url: '/staff/zones' });
    assert.ok(out.statusCode === 401 || (out.statusCode === 303 && String(out.headers.location).startsWith('/login')), `signed out → ${out.statusCode}`);
  });

  test('CSV export of the month and of one zone', async () => {
    const res = await t.app.inject({ url: '/staff/zones?month=2025-12&format=csv', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /csv/);
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    assert.deepEqual(rows.slice(1).map((r) => r[1]), ZONES);
    const head = rows[0]!;
    const col = head.indexOf('自助终端使用（按功能）：使用人次');
    assert.ok(col > 0, head.join(','));
    assert.equal(Number(rows[2]![col]), await sessions('CX-GKZQ-130427100', '2025-12'));
    // the functions' total leaves the sessions out
    const uses = await get().db.selectFrom('kiosk_usage').select(['count']).where('venue_public_id', '=', 'CX-GKZQ-130427100').where('kind', '!=', 'session').where('used_on', 'like', '2025-12-%').execute();
    assert.equal(Number(rows[2]![head.indexOf('各功能使用合计')]), uses.reduce((a, r) => a + Number(r.count), 0));
    const one = await t.app.inject({ url: '/staff/zones/CX-GKZQ-130427100001?month=2026-01&format=csv', headers: { cookie: cookies['fucai.zone']! } });
    assert.equal(one.statusCode, 200);
    assert.equal(parseCsv(one.body.replace(/^\uFEFF/, '')).length, 7);
  });

  test('a bad month or format is a clear 400, the value kept', async () => {
    for (const m of ['2025-13', '2025-1', 'abc', '2027-01', '1999-12']) {
      const res = await t.app.inject({ url: `/staff/zones?month=${m}`, headers: { cookie: cookies['cixian.gkb']! } });
      assert.equal(res.statusCode, 400, m);
      assert.match(res.body, /月份格式不对/);
      assert.match(res.body, /<title>错误：/);
      assert.ok(res.body.includes(`value="${m}"`), m);
      const one = await t.app.inject({ url: `/staff/zones/CX-GKZQ?month=${m}`, headers: { cookie: cookies['cixian.gkb']! } });
      assert.equal(one.statusCode, 400, m);
    }
    const csv = await t.app.inject({ url: '/staff/zones?month=2025-13&format=csv', headers: { cookie: cookies['cixian.gkb']!, accept: 'application/json' } });
    assert.equal(csv.statusCode, 400);
    const fmt = await t.app.inject({ url: '/staff/zones?format=xlsx', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(fmt.statusCode, 400);
    assert.match(fmt.body, /format 只能是 csv/);
  });
}, withDemo);
