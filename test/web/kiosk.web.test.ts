// The kiosk shell over HTTP (issue 19): home and search of a venue, the kiosk-styled 404, the
// on-screen keyboard's candidates endpoint (bounded input, JSON errors), pinyin and initials found
// by the search, usage counted without personal data, no-store on every kiosk answer, and every
// link on a kiosk page staying inside the kiosk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { kioskUsageTotals } from '../../src/modules/channels/index.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';

const V = 'CX-ZWFW';
const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)].map((m) => m[1] as string);

forEachDialect('kiosk shell', (get) => {
  let t: TestApp;
  let venueName = '';
  let today = '';
  before(async () => {
    t = await buildTestApp(get());
    venueName = (await get().db.selectFrom('sm_venue').select('name').where('public_id', '=', V).executeTakeFirstOrThrow()).name;
    today = localDateOf(t.clock.now());
  });
  after(async () => t.app.close());
  const get_ = (url: string) => t.app.inject({ url });
  const usage = () => kioskUsageTotals(get().db, [V], today, today);

  test('an unknown venue is a kiosk-styled 404 with a clear Chinese message, nothing else', async () => {
    for (const url of ['/kiosk/NO-SUCH-VENUE', '/kiosk/NO-SUCH-VENUE/search?q=社保']) {
      const r = await get_(url);
      assert.equal(r.statusCode, 404, url);
      assert.equal(r.headers['cache-control'], 'no-store', url);
      assert.match(r.body, /找不到这个场所/);
      assert.match(r.body, /没有编号为「NO-SUCH-VENUE」的办事场所/);
      assert.match(r.body, /\/assets\/channels\/kiosk\.css/);
      assert.doesNotMatch(r.body, /site-header|kiosk-tile/);
      assert.deepEqual(hrefs(r.body), []);
    }
    const page = await get_(`/kiosk/${V}/no-such-page`);
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /页面不存在/);
    assert.deepEqual(hrefs(page.body), [`/kiosk/${V}`]);
  });

  test('home: venue, today\'s hours, big tiles to the kiosk pages, QR of the public venue page, idle from channel_setting', async () => {
    const r = await get_(`/kiosk/${V}`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.ok(r.body.includes(`<span class="kiosk-venue">${venueName}</span>`));
    // 2026-03-02 10:00 Beijing (a Monday): open, with Monday's hours from the venue row
    const hours = JSON.parse((await get().db.selectFrom('sm_venue').select('hours_json').where('public_id', '=', V).executeTakeFirstOrThrow()).hours_json) as Record<string, string>;
    assert.ok(hours.mon, 'the demo venue opens on Mondays');
    assert.match(r.body, /正在办公/);
    assert.ok(r.body.includes(`今日办公时间：${hours.mon.replace(/,/g, '，')}`), hours.mon);
    for (const p of ['/search', '/services', '/search?for=guide', '/status', '/rate', '/message']) assert.ok(hrefs(r.body).includes(`/kiosk/${V}${p}`), p);
    for (const label of ['搜索办事事项', '本场所可办事项', '办事指南', '进度查询', '评价', '留言', '智能客服']) assert.match(r.body, new RegExp(`kiosk-tile-label">${label}<`));
    assert.match(r.body, new RegExp(`aria-label="用手机打开：/services/venues/${V}"`));
    assert.match(r.body, /data-idle-seconds="90"/);
    await get().db.insertInto('channel_setting').values({ venue_public_id: V, org_code: '130427', kiosk_idle_seconds: 45, display_sections_json: '[]', updated_by: 'test', updated_at: t.clock.now().toISOString() }).execute();
    try {
      assert.match((await get_(`/kiosk/${V}`)).body, /data-idle-seconds="45"/);
    } finally {
      await get().db.deleteFrom('channel_setting').where('venue_public_id', '=', V).execute();
    }
  });

  test('search: Chinese, full pinyin and initials find the item, which links to the kiosk guide; records stay inside the kiosk', async () => {
    const item = await get().db.selectFrom('sm_item').select(['public_id', 'name']).where('name', '=', '社会保险参保缴费证明打印').where('region_code', 'like', '130427%').executeTakeFirstOrThrow();
    for (const q of ['社保', 'shebao', 'sb']) {
      const r = await get_(`/kiosk/${V}/search?q=${encodeURIComponent(q)}`);
      assert.equal(r.statusCode, 200, q);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.ok(hrefs(r.body).includes(`/kiosk/${V}/items/${encodeURIComponent(item.public_id)}`), `${q}: ${hrefs(r.body).join(' ')}`);
      assert.ok(r.body.includes(item.name) || /社会保险/.test(r.body), q);
      assert.ok(r.body.includes(`value="${q}"`), `${q}: the query stays in the field`);
      assert.match(r.body, new RegExp(`aria-label="用手机打开：/search\\?q=${encodeURIComponent(q).replace(/%/g, '%')}"`));
    }
    // a record is a summary (no link out of the kiosk)
    const low = await get_(`/kiosk/${V}/search?q=${encodeURIComponent('最低生活保障')}`);
    assert.match(low.body, /相关政府信息/);
    assert.ok(!hrefs(low.body).some((h) => h.startsWith('/openness')));
    // nothing found: a clear message
    const none = await get_(`/kiosk/${V}/search?q=${encodeURIComponent('qqxxzzkkjj')}`);
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /没有找到与「qqxxzzkkjj」相关的事项/);
    // too long: 400, the message, the field kept (cut to 100)
    const long = await get_(`/kiosk/${V}/search?q=${'社'.repeat(101)}`);
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /<title>错误：/);
    assert.match(long.body, /搜索词太长了，请不超过 100 个字/);
    assert.ok(long.body.includes(`value="${'社'.repeat(100)}"`));
  });

  test('every link on every kiosk page is a /kiosk/ path of the same origin', async () => {
    for (const url of [`/kiosk/${V}`, `/kiosk/${V}/search`, `/kiosk/${V}/search?for=guide`, `/kiosk/${V}/search?q=sb`, `/kiosk/${V}/search?q=${encodeURIComponent('低保')}`, `/kiosk/${V}/search?q=${encodeURIComponent('年度报告')}`]) {
      const r = await get_(url);
      const links = hrefs(r.body);
      assert.ok(links.length > 0, url);
      for (const h of links) assert.match(h, /^\/kiosk\//, `${url}: ${h}`);
      assert.doesNotMatch(r.body, /target="_blank"/, url);
      for (const f of r.body.matchAll(/<form\b[^>]*action="([^"]*)"/g)) assert.match(f[1] as string, /^\/kiosk\//, url);
    }
  });

  test('candidates: ranked words for full pinyin and initials; bad or huge input is 400 JSON {code,message}', async () => {
    const c = async (py: string) => get_(`/kiosk/${V}/candidates?py=${encodeURIComponent(py)}`);
    const she = await c('shebao');
    assert.equal(she.statusCode, 200);
    assert.equal(she.headers['cache-control'], 'no-store');
    assert.equal(she.json().candidates[0], '社保', 'exact full pinyin first');
    assert.ok((await c('SheBao')).json().candidates.includes('社保'), 'case does not matter');
    const sb = (await c('sb')).json().candidates as string[];
    assert.ok(sb.includes('社保'), sb.join(' '));
    const sfz = (await c('shenfenzheng')).json().candidates as string[];
    assert.equal(sfz[0], '身份证');
    assert.deepEqual((await c('')).json(), { candidates: [] });
    assert.equal((await get_(`/kiosk/${V}/candidates?py=shebao&py=zzz`)).json().candidates[0], '社保', 'a repeated key is read as its first value');
    for (const bad of ['sb1', '社保', 'a b', 'a'.repeat(31), 'x'.repeat(10_000), '<script>']) {
      const r = await c(bad);
      assert.equal(r.statusCode, 400, bad.slice(0, 20));
      const body = r.json();
      assert.equal(body.code, 'bad_pinyin');
      assert.match(body.message, /拼音/);
    }
    const unknown = await get_('/kiosk/NO-SUCH/candidates?py=sb');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'venue_not_found');
  });

  test('usage: a search and a new visitor are counted per venue and day, nothing else stored', async () => {
    const before0 = await usage();
    await get_(`/kiosk/${V}/search?q=${encodeURIComponent('身份证')}`);
    await get_(`/kiosk/${V}/search`); // no query: not a search
    const ping = await get_(`/kiosk/${V}/ping`);
    assert.equal(ping.statusCode, 204);
    assert.equal(ping.headers['cache-control'], 'no-store');
    assert.equal((await get_(`/kiosk/${V}/ping?start=1`)).statusCode, 204);
    const after1 = await usage();
    assert.equal(after1.search, before0.search + 1);
    assert.equal(after1.session, before0.session + 1);
    assert.equal((await get_('/kiosk/NO-SUCH/ping?start=1')).statusCode, 404);
    const rows = await get().db.selectFrom('kiosk_usage').selectAll().execute();
    // the demo counts uses at the 政务公开专区 too: only venues that exist are ever counted
    const venues = new Set((await get().db.selectFrom('sm_venue').select('public_id').execute()).map((v) => v.public_id));
    assert.ok(rows.length > 0 && rows.every((r) => venues.has(r.venue_public_id)), 'an unknown venue is never counted');
    assert.ok(!rows.some((r) => r.venue_public_id === 'NO-SUCH'));
    assert.deepEqual(Object.keys(rows[0] ?? {}).sort(), ['count', 'kind', 'used_on', 'venue_public_id']);
  });

  test('a bad kiosk address (NUL, broken escape, too long) is a kiosk-styled error, never the public site\'s page with its navigation', async () => {
    for (const [url, home] of [[`/kiosk/${V}/services?y=%00`, true], [`/kiosk/${V}/%E0%A4%A`, true], [`/kiosk/${'X'.repeat(3000)}`, false], ['/kiosk/%00/status', false]] as const) {
      const r = await get_(url);
      assert.equal(r.statusCode, 400, url.slice(0, 80));
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.match(r.body, /<html lang="zh-CN" class="kiosk">/, url.slice(0, 80));
      assert.match(r.body, /无法完成这个操作/);
      assert.doesNotMatch(r.body, /site-header/);
      assert.deepEqual(hrefs(r.body), home ? [`/kiosk/${V}`] : [], url.slice(0, 80));
    }
  });

  test('the kiosk assets are served', async () => {
    for (const f of ['kiosk.js', 'kiosk.css']) assert.equal((await get_(`/assets/channels/${f}`)).statusCode, 200, f);
  });
}, withDemo);
