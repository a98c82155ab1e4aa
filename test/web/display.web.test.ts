// The hall display over HTTP (issue 19 item 2): /display/{venue} for a venue of the demo (the
// venue's own sections, 404 page for an unknown venue), the update endpoint (ETag, 304 on
// If-None-Match, no-store, a new version after a publication, nothing personal in it), and the
// settings of a venue by its staff — page and API: scope (another county 403, unknown 404, a
// role without the right 403), validation (400 with the summary and the values kept; API codes),
// the sections accepted by code or label, the audit entry written with the setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createAndPublish, DEFAULT_INDEX_FORMAT, emptyInput } from '../../src/modules/disclosures/index.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const enc = encodeURIComponent;

forEachDialect('hall display over HTTP', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let venue = '';
  let venueName = '';
  let foreignVenue = '';

  before(async () => {
    // a one-second shared snapshot (DISPLAY_CACHE_SECONDS; 5 s by default) keeps the expiry test short
    t = await buildTestApp(get(), clock, { API_RATE_LIMIT_PER_MINUTE: '100000', DISPLAY_CACHE_SECONDS: '1' });
    for (const u of ['cixian.gkb', 'cixian.editor', 'cixian.reviewer', 'longhua.admin']) {
      cookies[u] = await signIn(t.app, u);
      tokens[u] = await tokenFor(get().db, u);
    }
    const v = await get().db.selectFrom('sm_venue').select(['public_id', 'name']).where('public_id', '=', 'CX-ZWFW').executeTakeFirstOrThrow();
    venue = v.public_id;
    venueName = v.name;
    foreignVenue = (await get().db.selectFrom('sm_venue').select('public_id').where('public_id', '=', 'LH-ZWFW').executeTakeFirstOrThrow()).public_id;
  });
  after(async () => { await t.app.close(); });

  const data = (id = venue, headers: Record<string, string> = {}) => t.app.inject({ url: `/display/${enc(id)}/data`, headers });

  test('the display page: the venue, every section panel, the first section shown, the script and stylesheet of the display', async () => {
    const res = await t.app.inject({ url: `/display/${venue}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, new RegExp(venueName));
    for (const label of ['信息公开', '政务服务', '数据开放', '依申请公开', '互动交流', '好差评']) assert.match(res.body, new RegExp(`<h2 class="display-panel-title"[^>]*>${label}</h2>`));
    assert.match(res.body, /<section class="display-panel" id="panel-disclosure" data-section="disclosure" aria-labelledby="panel-disclosure-title">/);
    assert.match(res.body, /id="panel-services"[^>]*hidden/);
    assert.match(res.body, /src="\/assets\/channels\/display\.js"/);
    assert.match(res.body, /data-url="\/display\/CX-ZWFW\/data"/);
    assert.match(res.body, /data-poll="30"/);
    assert.doesNotMatch(res.body, /<a /, 'a screen with no input has no links');
    // ?speed and ?poll are bounded; a bad value is the default
    const fast = await t.app.inject({ url: `/display/${venue}?speed=20&poll=2` });
    assert.match(fast.body, /data-speed="20"/);
    assert.match(fast.body, /data-poll="2"/);
    const bad = await t.app.inject({ url: `/display/${venue}?speed=100000&poll=1` });
    assert.match(bad.body, /data-speed="1"/);
    assert.match(bad.body, /data-poll="30"/);
  });

  test('an unknown venue: a full-screen 「未找到该场所」 page (404) and a JSON 404 for its data', async () => {
    const res = await t.app.inject({ url: '/display/NO-SUCH-VENUE' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /<h1>未找到该场所<\/h1>/);
    assert.match(res.body, /class="display-body display-missing"/);
    const d = await data('NO-SUCH-VENUE');
    assert.equal(d.statusCode, 404);
    assert.equal(d.json().code, 'venue_not_found');
    assert.ok([400, 404].includes((await t.app.inject({ url: `/display/${'x'.repeat(300)}` })).statusCode));
  });

  test('the data: every section of the venue\'s government, no-store, an ETag and 304 on If-None-Match', async () => {
    const res = await data();
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const etag = String(res.headers.etag);
    assert.match(etag, /^"d-[0-9a-f]{16}"$/);
    const body = res.json() as { version: string; venue: { name: string }; slots: { section: string; seconds: number }[]; sections: Record<string, { figures: { label: string; value: string }[]; list: { title: string }[] }> };
    assert.equal(etag, `"d-${body.version}"`);
    assert.equal(body.venue.name, venueName);
    assert.deepEqual(body.slots.map((s) => s.section), ['disclosure', 'services', 'data', 'applications', 'interaction', 'ratings', 'queue']);
    // the venue's items: the demo hall handles all nine of its county's items, seven of them online or on a phone
    const services = body.sections.services!;
    assert.deepEqual(services.figures.slice(0, 2).map((f) => f.value), ['9', '7']);
    // 信息公开: records of 磁县's subtree only (none of 海珠区 or 龙华区)
    const titles = body.sections.disclosure!.list.map((l) => l.title);
    assert.ok(titles.length > 0);
    const foreign = await get().db.selectFrom('disclosure').select('title').where('org_code', 'like', '44%').execute();
    for (const f of foreign) assert.ok(!titles.includes(f.title), `foreign record ${f.title}`);
    const again = await data(venue, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers['cache-control'], 'no-store');
    assert.equal((await data(venue, { 'if-none-match': '"d-0000000000000000"' })).statusCode, 200);
  });

  test('nothing personal in the data: no full phone number or ID number, names of replies masked', async () => {
    const text = (await data()).body;
    assert.doesNotMatch(text, /1[3-9]\d{9}/, 'a mobile number');
    assert.doesNotMatch(text, /\d{17}[\dXx]/, 'an ID number');
    const phones = await get().db.selectFrom('message').select('contact_phone').where('contact_phone', 'is not', null).execute();
    for (const p of phones) if (p.contact_phone) assert.ok(!text.includes(p.contact_phone));
  });

  test('a zone with no items of its own: the online share is not shown as 「占 暂无」', async () => {
    const res = await data('CX-GKZQ-130427100001');
    assert.equal(res.statusCode, 200);
    const figures = (res.json() as { sections: Record<string, { figures: { label: string; value: string; unit: string }[] }> }).sections.services?.figures ?? [];
    const online = figures.find((f) => f.label === '其中网上可办');
    assert.ok(online, JSON.stringify(figures));
    assert.equal(online.value, '0');
    assert.doesNotMatch(online.unit, /占/);
    // a venue with items keeps its share
    const main = (await data()).json() as { sections: Record<string, { figures: { label: string; unit: string }[] }> };
    assert.match(main.sections.services?.figures.find((f) => f.label === '其中网上可办')?.unit ?? '', /占 \d+(\.\d)?%/);
  });

  test('a publication of the venue\'s government reaches the data as a new version once the shared snapshot expires', async () => {
    const before = (await data()).json() as { version: string };
    const r = await createAndPublish({ db: get().db, clock, indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false }, 'test', { ...emptyInput('130427'), title: '信息屏测试公告第一号', bodyHtml: '<p>正文</p>', genre: 'notice', category: 'zhzw', formedOn: '2026-03-01' });
    assert.ok(r.id > 0);
    // within the snapshot's life every screen gets the same answer …
    assert.equal(((await data()).json() as { version: string }).version, before.version);
    // … then the first request after it expires starts the next computation (answered the kept one
    // meanwhile: no screen waits), and the following ones have the record
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal(((await data()).json() as { version: string }).version, before.version);
    let after = (await data()).json() as { version: string; sections: { disclosure: { list: { title: string }[] } } };
    for (let i = 0; i < 30 && after.version === before.version; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = (await data()).json() as typeof after;
    }
    assert.notEqual(after.version, before.version);
    assert.equal(after.sections.disclosure.list[0]!.title, '信息屏测试公告第一号');
  });

  test('settings page: the venues in scope, the form with the defaults; another county 403, unknown 404, a reviewer 403', async () => {
    const list = await t.app.inject({ url: '/staff/channels', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`href="/staff/channels/venues/${venue}"`));
    assert.match(list.body, new RegExp(`href="/display/${venue}"`));
    assert.match(list.body, new RegExp(`href="/kiosk/${venue}"`));
    assert.doesNotMatch(list.body, /LH-ZWFW/);
    const form = await t.app.inject({ url: `/staff/channels/venues/${venue}`, headers: { cookie: cookies['cixian.editor']! } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /当前为默认设置/);
    assert.match(form.body, /name="idle"[^>]*value="90"|value="90"[^>]*name="idle"/);
    assert.equal((await t.app.inject({ url: `/staff/channels/venues/${foreignVenue}`, headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/staff/channels/venues/NO-SUCH', headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/staff/channels/venues/${venue}`, headers: { cookie: cookies['cixian.reviewer']! } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: `/staff/channels/venues/${venue}` })).statusCode, 401);
    // the staff home links to the list
    const home = await t.app.inject({ url: '/staff', headers: { cookie: cookies['cixian.editor']! } });
    assert.match(home.body, /href="\/staff\/channels"/);
  });

  const form = (over: Record<string, string> = {}) => ({
    show_disclosure: '1', order_disclosure: '2', seconds_disclosure: '15',
    show_services: '1', order_services: '1', seconds_services: '10',
    show_data: '', order_data: '3', seconds_data: '20',
    show_applications: '', order_applications: '4', seconds_applications: '20',
    show_interaction: '', order_interaction: '5', seconds_interaction: '20',
    show_ratings: '1', order_ratings: '3', seconds_ratings: '600',
    idle: '120', ...over,
  });

  test('settings form: bad values are 400 with the summary and the values kept, nothing saved', async () => {
    const res = await postForm(t.app, `/staff/channels/venues/${venue}`, cookies['cixian.editor']!, form({ seconds_services: '4', order_ratings: 'x', idle: '901' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /class="error-summary"/);
    assert.match(res.body, /「政务服务」的时长应为 5–600 之间的整数/);
    assert.match(res.body, /「好差评」的序号应为 1–99 之间的整数/);
    assert.match(res.body, /空闲时间应为 30–900 之间的整数/);
    assert.match(res.body, /id="seconds_services" name="seconds_services" value="4"/);
    assert.match(res.body, /value="901"/);
    const none = await postForm(t.app, `/staff/channels/venues/${venue}`, cookies['cixian.editor']!, form({ show_disclosure: '', show_services: '', show_ratings: '' }));
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请至少选择一个栏目/);
    const dup = await postForm(t.app, `/staff/channels/venues/${venue}`, cookies['cixian.editor']!, form({ order_ratings: '1' }));
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /序号相同/);
    assert.equal(await get().db.selectFrom('channel_setting').select('venue_public_id').where('venue_public_id', '=', venue).executeTakeFirst(), undefined);
    // without the CSRF token: refused
    const noCsrf = await t.app.inject({ method: 'POST', url: `/staff/channels/venues/${venue}`, headers: { cookie: cookies['cixian.editor']!.replace(/gk_csrf=[^;]*/, 'gk_csrf=other') }, payload: form() });
    assert.equal(noCsrf.statusCode, 403);
  });

  test('settings form saved: order by 序号, audit entry in the same write, the display follows at once', async () => {
    const res = await postForm(t.app, `/staff/channels/venues/${venue}`, cookies['cixian.editor']!, form());
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/staff/channels/venues/${venue}?done=1`);
    const row = await get().db.selectFrom('channel_setting').selectAll().where('venue_public_id', '=', venue).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(row.display_sections_json), [{ section: 'services', seconds: 10 }, { section: 'disclosure', seconds: 15 }, { section: 'ratings', seconds: 600 }]);
    assert.equal(row.kiosk_idle_seconds, 120);
    assert.equal(row.org_code, '130427');
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity', '=', 'channel_setting').where('entity_id', '=', venue).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'channels.settings.update');
    assert.match(audit[0]!.actor_label, /cixian\.editor/);
    const page = await t.app.inject({ url: `/staff/channels/venues/${venue}?done=1`, headers: { cookie: cookies['cixian.editor']! } });
    assert.match(page.body, /设置已保存/);
    const d = (await data()).json() as { slots: { section: string; seconds: number }[] };
    assert.deepEqual(d.slots.map((s) => [s.section, s.seconds]), [['services', 10], ['disclosure', 15], ['ratings', 600]]);
  });

  test('settings API: GET and PUT with codes or labels, {code,message} refusals, scope', async () => {
    const auth = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
    const url = `/api/v1/staff/venues/${venue}/channel-settings`;
    const got = await t.app.inject({ url, headers: auth('cixian.gkb') });
    assert.equal(got.statusCode, 200, got.body);
    assert.equal(got.json().kiosk_idle_seconds, 120);
    const put = await t.app.inject({ method: 'PUT', url, headers: auth('cixian.gkb'), payload: { sections: [{ section: '互动交流', seconds: 30 }, { section: 'data', seconds: 5 }], kiosk_idle_seconds: 60 } });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().sections, [{ section: 'interaction', label: '互动交流', seconds: 30 }, { section: 'data', label: '数据开放', seconds: 5 }]);
    assert.equal(put.json().kiosk_idle_seconds, 60);
    // without kiosk_idle_seconds the stored one stays
    const keep = await t.app.inject({ method: 'PUT', url, headers: auth('cixian.gkb'), payload: { sections: [{ section: 'ratings', seconds: 20 }] } });
    assert.equal(keep.json().kiosk_idle_seconds, 60);
    const refusals: [unknown, string][] = [
      [{ sections: [{ section: '天气', seconds: 10 }] }, 'invalid_section'],
      [{ sections: [{ section: 'data', seconds: 4 }] }, 'invalid_seconds'],
      [{ sections: [{ section: 'data', seconds: 601 }] }, 'invalid_seconds'],
      [{ sections: [{ section: 'data', seconds: 10 }, { section: '数据开放', seconds: 10 }] }, 'duplicate_section'],
      [{ sections: [] }, 'invalid_sections'],
      [{ sections: [{ section: 'data', seconds: 10 }], kiosk_idle_seconds: 29 }, 'invalid_kiosk_idle_seconds'],
    ];
    for (const [payload, code] of refusals) {
      const r = await t.app.inject({ method: 'PUT', url, headers: auth('cixian.gkb'), payload: payload as Record<string, unknown> });
      assert.equal(r.statusCode, 400, `${JSON.stringify(payload)} → ${r.body}`);
      assert.equal(r.json().code, code);
      assert.match(r.json().message, /[\u4e00-\u9fa5]/);
    }
    assert.equal((await t.app.inject({ url: `/api/v1/staff/venues/${foreignVenue}/channel-settings`, headers: auth('cixian.gkb') })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'PUT', url, headers: auth('longhua.admin'), payload: { sections: [{ section: 'data', seconds: 10 }] } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/api/v1/staff/venues/NO-SUCH/channel-settings', headers: auth('cixian.gkb') })).statusCode, 404);
    assert.equal((await t.app.inject({ url, headers: auth('cixian.reviewer') })).statusCode, 403);
    assert.equal((await t.app.inject({ url })).statusCode, 401);
    const audits = await get().db.selectFrom('audit_log').select('id').where('entity', '=', 'channel_setting').execute();
    assert.equal(audits.length, 3);
  });
}, withDemo);
