// Citizen interaction over HTTP: the message API, staff actions and 12345 orders (API tokens,
// 401/403/409), the public form with photos and captcha, public pages, statistics, staff pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { trackingCodeMatches } from '../../src/platform/public-refs/public-refs.ts';
import { jpegWithExif, message, multipart, PNG_1X1, startTileServer, tokenFor } from '../support/interaction.ts';

forEachDialect('interaction web', (get) => {
  let t: TestApp;
  let dispatcherToken: string;
  let longhuaToken: string;
  let mzjToken: string;
  before(async () => {
    t = await buildTestApp(get());
    dispatcherToken = await tokenFor(get().db, 'cixian.minhu');
    longhuaToken = await tokenFor(get().db, 'longhua.admin');
    mzjToken = await tokenFor(get().db, 'cixian.mzj');
  });
  after(async () => t.app.close());
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  test('POST /api/v1/messages → reference, tracking code and due date; the status API needs the code', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(), remoteAddress: '10.0.0.1' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.reference, /^LY-20260302-[A-Z0-9]{5}$/);
    assert.match(body.tracking_code, /^[A-Z0-9]{8}$/);
    assert.equal(body.due_on, '2026-03-04'); // 路灯 → 简易 2 working days from Mon 2026-03-02
    const ok = await t.app.inject({ url: `/api/v1/messages/${body.reference}?tracking_code=${body.tracking_code}` });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().stage.code, 'submitted');
    assert.match(ok.json().due_explanation, /简易事项 2 个工作日/);
    const wrong = await t.app.inject({ url: `/api/v1/messages/${body.reference}?tracking_code=AAAAAAAA` });
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.json().code, 'message_not_found');
  });

  test('the status API is limited to 60 look-ups per 10 minutes from one address (tracking codes cannot be guessed fast)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) codes.push((await t.app.inject({ url: `/api/v1/messages/LY-20260302-AAAAA?tracking_code=A${String(i).padStart(7, '0')}`, remoteAddress: '10.61.0.1' })).statusCode);
    assert.deepEqual(codes.slice(0, 60), Array(60).fill(404));
    assert.equal(codes[60], 429);
  });

  test('the OpenAPI document lists the message and staff endpoints', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    for (const p of ['/api/v1/messages', '/api/v1/messages/{reference}', '/api/v1/staff/messages/{reference}/actions', '/api/v1/staff/hotline/work-orders']) assert.ok(doc.paths[p], p);
    assert.deepEqual(doc.paths['/api/v1/staff/messages/{reference}/actions'].post.security, [{ bearer: [] }]);
  });

  test('bad input: unknown category, outside China, bad phone — 400 with a code, nothing stored', async () => {
    const before = await get().db.selectFrom('message').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string][] = [
      [{ category: 'ufo' }, 'unknown_category'],
      [{ location: { lat: 48.85, lng: 2.35 } }, 'location_outside_china'],
      [{ contact: { name: '刘', phone: '12345' } }, 'validation_failed'],
      [{ org: '999999' }, 'unknown_org'],
    ];
    for (const [over, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(over), remoteAddress: '10.0.0.2' });
      assert.equal(res.statusCode, 400, JSON.stringify(over));
      assert.equal(res.json().code, code);
    }
    const after = await get().db.selectFrom('message').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('the place chosen routes the message: 小事不出村 (village rule), else the county rule; a place outside is 400', async () => {
    const village = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ category: 'sanitation', location: { region: '130427100001', address: '阜才社区' } }), remoteAddress: '10.0.1.1' });
    assert.equal(village.statusCode, 201, village.body);
    // the 留言分类 by its Chinese name is the same category (stored as its code)
    const county = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ category: '环境卫生' }), remoteAddress: '10.0.1.1' });
    assert.equal(county.statusCode, 201, county.body);
    assert.equal((await get().db.selectFrom('message').select('category_code').where('reference', '=', county.json().reference).executeTakeFirstOrThrow()).category_code, 'sanitation');
    const rows = await get().db.selectFrom('message').select(['reference', 'routed_org', 'region_code']).where('reference', 'in', [village.json().reference, county.json().reference]).execute();
    const byRef = new Map(rows.map((r) => [r.reference, r]));
    assert.deepEqual(byRef.get(village.json().reference), { reference: village.json().reference, routed_org: '130427100001', region_code: '130427100001' });
    assert.equal(byRef.get(county.json().reference)!.routed_org, '130427100');
    const outside = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ location: { region: '440309001' } }), remoteAddress: '10.0.1.1' });
    assert.equal(outside.statusCode, 400);
    assert.equal(outside.json().code, 'unknown_region');
    const form = await t.app.inject({ url: '/interaction/messages/new' });
    assert.match(form.body, /<optgroup label="磁州镇"><option value="130427100">磁州镇（全镇\/街道）<\/option><option value="130427100001">阜才社区居民委员会<\/option>/);
  });

  test('a replayed submit with the same Idempotency-Key stores one message', async () => {
    const headers = { 'idempotency-key': 'replay-test-0001' };
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(), headers, remoteAddress: '10.0.0.3' });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(), headers, remoteAddress: '10.0.0.3' });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 200);
    assert.equal(b.json().reference, a.json().reference);
    assert.equal(b.json().tracking_code, null);
    assert.equal(b.json().replayed, true);
  });

  test('POST /api/v1/messages is rate-limited per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) {
      codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ category: 'ufo' }), remoteAddress: '10.9.9.9' })).statusCode);
    }
    assert.deepEqual(codes.slice(0, 30), Array(30).fill(400));
    assert.equal(codes[30], 429);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ category: 'ufo' }), remoteAddress: '10.9.9.8' });
    assert.equal(other.statusCode, 400);
  });

  test('staff actions by API token: accept, 409 with reasons on a refused step, 401 and 403', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(), remoteAddress: '10.0.0.4' })).json();
    const url = `/api/v1/staff/messages/${created.reference}/actions`;
    const none = await t.app.inject({ method: 'POST', url, payload: { type: 'accept', on: '2026-03-02' } });
    assert.equal(none.statusCode, 401);
    const other = await t.app.inject({ method: 'POST', url, payload: { type: 'accept', on: '2026-03-02' }, headers: bearer(longhuaToken) });
    assert.equal(other.statusCode, 403);
    // the command by its Chinese name (the shared code-or-label parser)
    const accepted = await t.app.inject({ method: 'POST', url, payload: { type: '受理', on: '2026-03-02' }, headers: bearer(dispatcherToken) });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().stage.code, 'accepted');
    const again = await t.app.inject({ method: 'POST', url, payload: { type: 'accept', on: '2026-03-02' }, headers: bearer(dispatcherToken) });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'action_refused');
    assert.match(again.json().reasons.join(), /只有“待受理”/);
    const unknown = await t.app.inject({ method: 'POST', url, payload: { type: 'fly', on: '2026-03-02' }, headers: bearer(dispatcherToken) });
    assert.equal(unknown.statusCode, 400);
    // 回访评价 by its label is understood (refused only for the stage); an unknown level is named
    const byLabel = await t.app.inject({ method: 'POST', url, payload: { type: '登记回访评价', on: '2026-03-02', level: '基本满意' }, headers: bearer(dispatcherToken) });
    assert.equal(byLabel.statusCode, 409);
    assert.doesNotMatch(byLabel.json().reasons.join(), /请选择评价/);
    const badLevel = await t.app.inject({ method: 'POST', url, payload: { type: 'rate', on: '2026-03-02', level: '很好' }, headers: bearer(dispatcherToken) });
    assert.equal(badLevel.statusCode, 409);
    assert.match(badLevel.json().reasons.join(), /请选择评价：满意、基本满意或不满意/);
    // assign without org uses the routing rule: 路灯 in 磁县 → 磁州镇
    const assigned = await t.app.inject({ method: 'POST', url, payload: { type: '交办', on: '2026-03-02' }, headers: bearer(dispatcherToken) });
    assert.equal(assigned.statusCode, 200, assigned.body);
    // a case handler of another unit (民政局) may not sign for 磁州镇
    const foreign = await t.app.inject({ method: 'POST', url, payload: { type: 'sign', on: '2026-03-02' }, headers: bearer(mzjToken) });
    assert.equal(foreign.statusCode, 403);
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity', '=', 'message').where('entity_id', '=', created.reference).execute();
    assert.deepEqual(audit.map((a) => a.action), ['message.accept', 'message.assign']);
    const outbox = await get().db.selectFrom('notification_outbox').selectAll().where('reason', '=', 'accepted').where('body', 'like', `%${created.reference}%`).execute();
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]!.channel, 'sms');
  });

  test('12345 work orders by API: 201, the same order again 200 (unchanged), bad type 400, 401, 403', async () => {
    const order = { org: '130427', work_order_no: 'DH2026030200001', operator_no: '8012', title: '关于供暖问题', content: '服务对象反映小区暖气不热', called_at: '2026-03-02 09:12:44', planned_at: '2026-03-05 17:00:00', order_type: '投诉', status: '待签收' };
    const url = '/api/v1/staff/hotline/work-orders';
    assert.equal((await t.app.inject({ method: 'POST', url, payload: order })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'POST', url, payload: order, headers: bearer(longhuaToken) })).statusCode, 403);
    const ok = await t.app.inject({ method: 'POST', url, payload: order, headers: bearer(dispatcherToken) });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.match(ok.json().reference, /^RX-20260302-/);
    const row = await get().db.selectFrom('message').selectAll().where('reference', '=', ok.json().reference).executeTakeFirstOrThrow();
    assert.equal(row.due_on, '2026-03-05');
    assert.equal(row.order_type, '投诉');
    const again = await t.app.inject({ method: 'POST', url, payload: order, headers: bearer(dispatcherToken) });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { reference: ok.json().reference, updated: false });
    const bad = await t.app.inject({ method: 'POST', url, payload: { ...order, work_order_no: 'DH2026030200002', order_type: '闲聊' }, headers: bearer(dispatcherToken) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /工单类型/);
  });

  async function formPage(url = '/interaction/messages/new') {
    const res = await t.app.inject({ url, cookies: { gk_csrf: CSRF } });
    assert.equal(res.statusCode, 200);
    const token = /name="captcha_token" value="([^"]+)"/.exec(res.body)![1]!;
    const key = /name="idempotency_key" value="([^"]+)"/.exec(res.body)![1]!;
    return { html: res.body, token, key };
  }
  const formFields = (token: string, key: string, over: Record<string, string> = {}) => ({
    _csrf: CSRF, org: '130427', category: 'sanitation', title: '小区门口垃圾堆积', content: '小区门口垃圾堆积多日<script>alert(1)</script>，请尽快清运。', address: '磁县阜才社区',
    lat: '36.37', lng: '114.379', contact_name: '周女士', contact_phone: '13700001111', contact_email: '', is_public: 'yes', idempotency_key: key,
    captcha_token: token, captcha_answer: solveCaptchaForTest(token, t.clock.now()), ...over,
  });

  test('the public form takes a photo, strips its location metadata and shows reference and tracking code once', async () => {
    const { token, key } = await formPage();
    const mp = multipart(formFields(token, key), [{ field: 'photo1', name: 'a.jpg', type: 'image/jpeg', data: jpegWithExif() }]);
    const res = await t.app.inject({ method: 'POST', url: '/interaction/messages', payload: mp.payload, headers: { ...mp.headers, cookie: `gk_csrf=${CSRF}` } });
    assert.equal(res.statusCode, 200, res.body.slice(0, 2000));
    const ref = /(LY-\d{8}-[A-Z0-9]{5})/.exec(res.body)![1]!;
    assert.match(res.body, /查询码/);
    const m = await get().db.selectFrom('message').selectAll().where('reference', '=', ref).executeTakeFirstOrThrow();
    assert.equal(m.source, 'web');
    const photo = await get().db.selectFrom('message_photo').selectAll().where('message_id', '=', m.id).executeTakeFirstOrThrow();
    assert.equal(photo.content_type, 'image/jpeg');
    assert.equal(Buffer.from(photo.data).includes(Buffer.from('GPSLatitude')), false);
    assert.equal(Buffer.from(photo.data).subarray(0, 2).toString('hex'), 'ffd8');
    // staff see the photo (the message is not public yet); signed out is 401, a unit without the message 403
    const photoUrl = `/staff/messages/${ref}/photos/${photo.id}`;
    assert.equal((await t.app.inject({ url: photoUrl })).statusCode, 401);
    const staffPhoto = await t.app.inject({ url: photoUrl, headers: { cookie: await signIn(t.app, 'cixian.minhu') } });
    assert.equal(staffPhoto.statusCode, 200);
    assert.equal(staffPhoto.headers['content-type'], 'image/jpeg');
    assert.equal((await t.app.inject({ url: photoUrl })).statusCode, 401);
    assert.equal((await t.app.inject({ url: photoUrl, headers: { cookie: await signIn(t.app, 'cixian.mzj') } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: `/interaction/messages/${ref}/photos/${photo.id}` })).statusCode, 404);
    // replaying the same form changes nothing
    const again = multipart(formFields(token, key, { captcha_answer: solveCaptchaForTest(token, t.clock.now()) }));
    const replay = await t.app.inject({ method: 'POST', url: '/interaction/messages', payload: again.payload, headers: { ...again.headers, cookie: `gk_csrf=${CSRF}` } });
    // A double click: the browser shows only the second answer, so it must carry a usable tracking
    // code (the first one was never seen). Same message, a new code; the old code stops working.
    assert.equal(replay.statusCode, 200, replay.body.slice(0, 500));
    assert.match(replay.body, /已经提交过，没有重复提交/);
    assert.equal(/(LY-\d{8}-[A-Z0-9]{5})/.exec(replay.body)![1], ref);
    const oldCode = /查询码<\/dt><dd><strong>([A-Z0-9]{8})</.exec(res.body)![1]!;
    const newCode = /查询码<\/dt><dd><strong>([A-Z0-9]{8})</.exec(replay.body)![1]!;
    assert.notEqual(newCode, oldCode);
    assert.equal((await t.app.inject({ url: `/api/v1/messages/${ref}?tracking_code=${newCode}` })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/api/v1/messages/${ref}?tracking_code=${oldCode}` })).statusCode, 404);
    const count = await get().db.selectFrom('message').select(({ fn }) => fn.countAll<number>().as('n')).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  test('the form refuses a non-image, an oversized photo and a wrong captcha, keeping what was typed', async () => {
    for (const [file, expect] of [
      [{ field: 'photo1', name: 'x.jpg', type: 'image/jpeg', data: Buffer.from('%PDF-1.7 not an image') }, /不是 JPEG、PNG 或 WebP 图片/],
      [{ field: 'photo1', name: 'big.jpg', type: 'image/jpeg', data: Buffer.concat([jpegWithExif(), Buffer.alloc(50 * 1024 * 1024)]) }, /超过 5 MB/],
    ] as const) {
      const { token, key } = await formPage();
      const mp = multipart(formFields(token, key), [file]);
      const res = await t.app.inject({ method: 'POST', url: '/interaction/messages', payload: mp.payload, headers: { ...mp.headers, cookie: `gk_csrf=${CSRF}` } });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, expect);
      assert.match(res.body, /value="小区门口垃圾堆积"/);
      const n = await get().db.selectFrom('message').select(({ fn }) => fn.countAll<number>().as('n')).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
    }
    const { token, key } = await formPage();
    const mp = multipart(formFields(token, key, { captcha_answer: '999' }));
    const res = await t.app.inject({ method: 'POST', url: '/interaction/messages', payload: mp.payload, headers: { ...mp.headers, cookie: `gk_csrf=${CSRF}` } });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
  });

  test('the optional map: off without INTERACTION_MAP_TILE_URL; with it, tiles are proxied and checked', async () => {
    assert.doesNotMatch((await t.app.inject({ url: '/interaction/messages/new' })).body, /id="map"/);
    assert.equal((await t.app.inject({ url: '/interaction/tiles/15/1/2.png' })).statusCode, 404);
    const tiles = await startTileServer();
    const withMap = await buildTestApp(get(), undefined, { INTERACTION_MAP_TILE_URL: `${tiles.url}/{z}/{x}/{y}.png` });
    try {
      const form = await withMap.app.inject({ url: '/interaction/messages/new' });
      assert.match(form.body, /<div id="map" hidden data-center="36\.374,114\.382" data-zoom="15">/);
      assert.match(form.body, /\/interaction\/assets\/map.js/);
      const tile = await withMap.app.inject({ url: '/interaction/tiles/15/26780/12990.png' });
      assert.equal(tile.statusCode, 200);
      assert.equal(tile.headers['content-type'], 'image/png');
      assert.deepEqual(tile.rawPayload, PNG_1X1);
      assert.deepEqual(tiles.hits, ['/15/26780/12990.png']);
      assert.equal((await withMap.app.inject({ url: '/interaction/tiles/15/99999/1.png' })).statusCode, 404);
      assert.equal((await withMap.app.inject({ url: '/interaction/tiles/x/1/1.png' })).statusCode, 404);
      const js = await withMap.app.inject({ url: '/interaction/assets/map.js' });
      assert.match(String(js.headers['content-type']), /javascript/);
    } finally {
      await withMap.app.close();
    }
    const broken = await buildTestApp(get(), undefined, { INTERACTION_MAP_TILE_URL: `${tiles.url}/missing/{z}/{x}/{y}.png` });
    try {
      const res = await broken.app.inject({ url: '/interaction/tiles/15/1/1.png' });
      assert.equal(res.statusCode, 502);
    } finally {
      await broken.app.close();
      await tiles.close();
    }
  });

  test('the form warns of similar open messages nearby (duplicate hint)', async () => {
    const { html } = await formPage('/interaction/messages/new?org=130427&category=street_lights&lat=36.3745&lng=114.3822');
    assert.match(html, /附近已有同类留言正在办理/);
    assert.match(html, /公园路灯损坏|滏阳路路灯不亮/);
    const api = await t.app.inject({ url: '/api/v1/messages/similar?org=130427&category=street_lights' });
    assert.ok(api.json().messages.length >= 1);
  });

  test('public list: replies shown, phones masked, HTML escaped, private and sensitive ones hidden; search; CSV', async () => {
    const res = await t.app.inject({ url: '/interaction/messages' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /滏阳路路灯不亮/);
    assert.match(res.body, /回应：/);
    assert.doesNotMatch(res.body, /家庭纠纷涉及个人隐私/); // sensitive
    assert.doesNotMatch(res.body, /13812345678/);
    assert.doesNotMatch(res.body, /<script>alert/);
    const none = await t.app.inject({ url: `/interaction/messages?q=${encodeURIComponent('100%_!')}` });
    assert.match(none.body, /共 0 条/);
    const search = await t.app.inject({ url: `/interaction/messages?q=${encodeURIComponent('低保')}` });
    assert.match(search.body, /低保复核进度咨询/);
    assert.match(search.body, /138\*\*\*\*5678/);
    assert.doesNotMatch(search.body, /滏阳路路灯不亮/);
    const csv = await t.app.inject({ url: '/interaction/messages.csv' });
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /编号,分类,标题/);
    assert.doesNotMatch(csv.body, /13812345678/);
  });

  test('status page by reference and tracking code, and the citizen rates the reply', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(), remoteAddress: '10.0.0.5' })).json();
    const url = `/api/v1/staff/messages/${created.reference}/actions`;
    for (const p of [{ type: 'accept' }, { type: 'assign' }, { type: 'reply', text: '已修复' }, { type: 'respond', text: '路灯已修复，感谢监督。' }]) {
      const r = await t.app.inject({ method: 'POST', url, payload: { ...p, on: '2026-03-02' }, headers: bearer(dispatcherToken) });
      assert.equal(r.statusCode, 200, r.body);
    }
    const page = await postForm(t.app, '/interaction/status', `gk_csrf=${CSRF}`, { reference: created.reference.toLowerCase(), tracking_code: created.tracking_code });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /路灯已修复/);
    assert.match(page.body, /对答复的评价/);
    const wrong = await postForm(t.app, '/interaction/status', `gk_csrf=${CSRF}`, { reference: created.reference, tracking_code: 'XXXXXXXX' });
    assert.equal(wrong.statusCode, 400);
    const rated = await postForm(t.app, '/interaction/status/rate', `gk_csrf=${CSRF}`, { reference: created.reference, tracking_code: created.tracking_code, level: 'satisfied' });
    assert.equal(rated.statusCode, 200);
    const m = await get().db.selectFrom('message').selectAll().where('reference', '=', created.reference).executeTakeFirstOrThrow();
    assert.equal(m.rating, 'satisfied');
    assert.equal(m.stage, 'rated');
  });

  test('the status form is rate-limited per address (tracking codes cannot be guessed quickly)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/interaction/status', cookies: { gk_csrf: CSRF }, payload: { _csrf: CSRF, reference: 'LY-20260302-AAAAA', tracking_code: `X${i}` }, remoteAddress: '10.7.7.7' });
      codes.push(res.statusCode);
    }
    assert.deepEqual(codes.slice(0, 60), Array(60).fill(400));
    assert.equal(codes[60], 429);
  });

  test('statistics: 交办/反馈 totals, 按时办结率 per organisation with its definition, CSV', async () => {
    const res = await t.app.inject({ url: '/interaction/statistics?month=2025-12' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /交办\d+条、反馈\d+条/);
    assert.match(res.body, /按时办结率 = 本期应办结/);
    assert.match(res.body, /磁州镇/);
    const csv = await t.app.inject({ url: '/interaction/statistics.csv?month=2025-12' });
    // 「收到」, not 「留言」: the count holds 12345 work orders as well (统计范围)
    assert.match(csv.body, /统计期间,统计范围,单位代码,承办单位,收到,交办,反馈,办结,应办结,按期办结,未到期,按时办结率/);
    assert.match((await t.app.inject({ url: '/interaction/statistics?month=2025-12&source=hotline' })).body, /<th scope="col">收到<\/th>/);
    assert.equal((await t.app.inject({ url: '/interaction/statistics?month=2025-13' })).statusCode, 400);
  });

  test('HTML in a message is shown as text on the public page, and the kiosk form has no photo upload', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ title: '<b>加粗标题</b>', content: '<script>alert("x")</script><img src=x onerror=alert(1)> 路灯不亮' }), remoteAddress: '10.0.0.6' })).json();
    const accept = await t.app.inject({ method: 'POST', url: `/api/v1/staff/messages/${created.reference}/actions`, payload: { type: 'accept', on: '2026-03-02' }, headers: bearer(dispatcherToken) });
    assert.equal(accept.statusCode, 200);
    const page = await t.app.inject({ url: `/interaction/messages/${created.reference}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /&lt;script>alert/);
    assert.match(page.body, /<h1>&lt;b>加粗标题&lt;\/b><\/h1>/);
    assert.doesNotMatch(page.body, /<script>alert|<img src=x/);
    const kiosk = await t.app.inject({ url: '/interaction/kiosk' });
    assert.equal(kiosk.statusCode, 200);
    assert.match(kiosk.body, /自助终端留言/);
    assert.doesNotMatch(kiosk.body, /type="file"/);
  });

  test('a phone or ID number typed in the title is masked on the public list, the public page and the duplicate hint', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ title: '井盖丢失请联系13812345678', content: '幸福路井盖丢失，夜间危险。' }), remoteAddress: '10.0.7.1' })).json();
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/staff/messages/${created.reference}/actions`, headers: bearer(dispatcherToken), payload: { type: 'accept', on: '2026-03-02' } });
    assert.equal(ok.statusCode, 200);
    const pages = [
      await t.app.inject({ url: `/interaction/messages?q=${encodeURIComponent('井盖丢失')}` }),
      await t.app.inject({ url: `/interaction/messages/${created.reference}` }),
      await t.app.inject({ url: '/interaction/messages/new?org=130427&category=street_lights' }),
    ];
    for (const p of pages) {
      assert.equal(p.statusCode, 200);
      assert.match(p.body, /井盖丢失请联系138\*{4}5678/);
      assert.doesNotMatch(p.body, /13812345678/);
    }
  });

  test('a public message page shows content and reply; private ones are 404', async () => {
    const row = await get().db.selectFrom('message').selectAll().where('title', '=', '滏阳路路灯不亮').executeTakeFirstOrThrow();
    const res = await t.app.inject({ url: `/interaction/messages/${row.reference}` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /感谢您对我县工作的关心和支持/);
    const hidden = await get().db.selectFrom('message').selectAll().where('sensitive', '=', 1).executeTakeFirstOrThrow();
    assert.equal((await t.app.inject({ url: `/interaction/messages/${hidden.reference}` })).statusCode, 404);
  });

  // Staff pages: 401 signed out, 403 for a role outside the scope, and the forms work.
  test('staff routes: 401 when signed out', async () => {
    const row = await get().db.selectFrom('message').selectAll().where('stage', '=', 'submitted').executeTakeFirstOrThrow();
    for (const url of ['/staff/messages', `/staff/messages/${row.reference}`]) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 401, url);
    }
    const post = await postForm(t.app, `/staff/messages/${row.reference}/actions`, `gk_csrf=${CSRF}`, { type: 'accept', on: '2026-03-02' });
    assert.equal(post.statusCode, 401);
  });

  test('staff routes: 403 for an editor (no handling role) and for another county\'s message', async () => {
    const editor = await signIn(t.app, 'cixian.editor');
    const row = await get().db.selectFrom('message').selectAll().where('stage', '=', 'submitted').executeTakeFirstOrThrow();
    for (const url of ['/staff/messages', `/staff/messages/${row.reference}`]) {
      assert.equal((await t.app.inject({ url, headers: { cookie: editor } })).statusCode, 403, url);
    }
    assert.equal((await postForm(t.app, `/staff/messages/${row.reference}/actions`, editor, { type: 'accept', on: '2026-03-02' })).statusCode, 403);
    const mzj = await signIn(t.app, 'cixian.mzj'); // case handler of 民政局: not the 磁县 dispatcher
    assert.equal((await t.app.inject({ url: `/staff/messages/${row.reference}`, headers: { cookie: mzj } })).statusCode, 403);
    assert.equal((await postForm(t.app, `/staff/messages/${row.reference}/actions`, mzj, { type: 'accept', on: '2026-03-02' })).statusCode, 403);
  });

  test('转为依申请公开 by form: missing Art. 29 data → 400 with what was typed kept; then the application is registered and linked', async () => {
    const cookie = await signIn(t.app, 'cixian.minhu');
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ title: '申请公开路灯合同', content: '请公开本镇路灯采购合同全文' }), remoteAddress: '10.0.9.1' })).json();
    const bad = await postForm(t.app, `/staff/messages/${created.reference}/actions`, cookie, { type: 'convert', on: '2026-03-02', applicant_type: 'natural_person', applicant_id_number: '123', delivery: 'email' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /身份证号码应为 18 位/);
    assert.match(bad.body, /name="applicant_id_number"[^>]*value="123"|value="123"[^>]*name="applicant_id_number"/);
    const ok = await postForm(t.app, `/staff/messages/${created.reference}/actions`, cookie, { type: 'convert', on: '2026-03-02', applicant_type: 'natural_person', applicant_id_number: '13042719900101129X', delivery: 'pickup', application_ref: 'YSQ-FORGED' });
    assert.equal(ok.statusCode, 200);
    const row = await get().db.selectFrom('message').selectAll().where('reference', '=', created.reference).executeTakeFirstOrThrow();
    assert.match(row.application_ref ?? '', /^YSQ-20260302-/);
    // the application's tracking code is shown once, for the applicant, and is the one stored (hashed)
    const code = new RegExp(`已转为依申请公开申请 ${row.application_ref}。申请查询码：([A-Z0-9]{8})`).exec(ok.body)?.[1] ?? '';
    const c = await get().db.selectFrom('application_case').select('tracking_hash').where('reference', '=', row.application_ref!).executeTakeFirstOrThrow();
    assert.ok(trackingCodeMatches(code, c.tracking_hash));
    const page = await t.app.inject({ url: `/staff/messages/${created.reference}`, headers: { cookie } });
    assert.ok(page.body.includes(`href="/staff/applications/${row.application_ref}"`), 'the staff page links the application');
    const app = await t.app.inject({ url: `/staff/applications/${row.application_ref}`, headers: { cookie: await signIn(t.app, 'cixian.gkb') } });
    assert.equal(app.statusCode, 200);
    // the citizen's status page names the application
    const status = await postForm(t.app, '/interaction/status', `gk_csrf=${CSRF}`, { reference: created.reference, tracking_code: created.tracking_code });
    assert.ok(status.body.includes(`已转为政府信息公开申请 ${row.application_ref}`));
  });

  test('the dispatcher works the queue: overdue list, accept by form (303), refused step shown (409), audit', async () => {
    const cookie = await signIn(t.app, 'cixian.minhu');
    const queue = await t.app.inject({ url: '/staff/messages?view=dispatch', headers: { cookie } });
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /路口红绿灯时间过短/);
    const overdue = await t.app.inject({ url: '/staff/messages?view=overdue', headers: { cookie } });
    assert.match(overdue.body, /已逾期/);
    const row = await get().db.selectFrom('message').selectAll().where('title', '=', '校车安全问题').executeTakeFirstOrThrow();
    const page = await t.app.inject({ url: `/staff/messages/${row.reference}`, headers: { cookie } });
    assert.match(page.body, /不予受理/);
    const ok = await postForm(t.app, `/staff/messages/${row.reference}/actions`, cookie, { type: 'accept', on: '2026-03-02', class: 'normal' });
    assert.equal(ok.statusCode, 303);
    const refused = await postForm(t.app, `/staff/messages/${row.reference}/actions`, cookie, { type: 'close', on: '2026-03-02' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /只有“已回应”、“已评价”/);
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity_id', '=', row.reference).execute();
    assert.deepEqual(audit.map((a) => a.action), ['message.accept']);
  });
}, withDemo);
