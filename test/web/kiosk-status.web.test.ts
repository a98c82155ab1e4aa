// The kiosk's 进度查询, 好差评 and 留言 pages over HTTP: a 依申请公开 application and a 民心直通车
// message looked up by reference and tracking code (right → stage and dates, masked name only;
// wrong → one answer for both parts, values kept but the code), the venue's ratings summary and
// the touch rating form (a 差评 needs a reason; stored with channel kiosk and the venue), the
// message form (stored with source kiosk; errors keep the values but the captcha), no-store on
// every page, the usage counters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { submitMessage } from '../../src/modules/interaction/index.ts';
import { kindOfReference, maskedName } from '../../src/modules/channels/kiosk-status.routes.tsx';

const clock = fixedClock('2026-03-02T02:00:00Z');
const enc = encodeURIComponent;

forEachDialect('kiosk 进度查询, 好差评 and 留言', (get) => {
  let t: TestApp;
  let venue = '';
  let venueName = '';
  let address = 0;
  const remote = () => `10.19.${Math.floor(++address / 250)}.${address % 250}`;
  const post = (url: string, payload: Record<string, string>, ip = remote()) =>
    t.app.inject({ method: 'POST', url, remoteAddress: ip, headers: { cookie: `gk_csrf=${CSRF}` }, payload: { _csrf: CSRF, ...payload } });
  const captchaOf = (body: string) => {
    const token = /name="captcha_token" value="([^"]+)"/.exec(body)?.[1] ?? '';
    return { captcha_token: token, captcha_answer: token ? solveCaptchaForTest(token) : '' };
  };
  const usage = async (kind: string) => Number((await get().db.selectFrom('kiosk_usage').select('count').where('venue_public_id', '=', venue).where('kind', '=', kind).where('used_on', '=', '2026-03-02').executeTakeFirst())?.count ?? 0);
  let application = { reference: '', code: '' };
  let message = { reference: '', code: '' };

  before(async () => {
    t = await buildTestApp(get(), clock);
    const v = await get().db.selectFrom('sm_venue').select(['public_id', 'name']).where('org_code', 'like', '130427%').orderBy('id').executeTakeFirstOrThrow();
    venue = v.public_id;
    venueName = v.name;
    // an application through the public API, a message through the interaction service: each with its tracking code
    const a = await t.app.inject({
      method: 'POST', url: '/api/v1/applications', remoteAddress: remote(),
      payload: { org: '130427', applicant: { type: 'natural_person', name: '张三丰', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com' }, description: '申请公开磁县2025年财政预算执行情况。', delivery: 'email' },
    });
    assert.equal(a.statusCode, 201, a.body);
    application = { reference: a.json().reference, code: a.json().tracking_code };
    const m = await submitMessage({ db: get().db, clock }, {
      org: '130427', category: 'street_lights', title: '时光街路灯不亮', content: '时光街东段路灯连续一周不亮。', address: '', lat: '', lng: '',
      contactName: '刘建国', contactPhone: '13912345678', contactEmail: '', isPublic: 'no', source: 'web',
    });
    assert.ok(m.ok && m.trackingCode);
    message = { reference: m.reference, code: m.trackingCode };
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('pure helpers: the reference names its kind; names are masked', () => {
    assert.equal(kindOfReference(' ysq-20260302-abcde'), 'application');
    assert.equal(kindOfReference('LY－20260302-ABCDE'), 'message');
    assert.equal(kindOfReference('12345'), null);
    assert.equal(maskedName('张三'), '张*');
    assert.equal(maskedName('欧阳娜娜'), '欧***');
    assert.equal(maskedName(null), '');
  });

  test('status: both kinds found by reference and code (masked name, stage, dates), a wrong code or reference gets one answer, no-store, counted', async () => {
    const url = `/kiosk/${enc(venue)}/status`;
    const form = await t.app.inject(url);
    assert.equal(form.statusCode, 200);
    assert.equal(form.headers['cache-control'], 'no-store');
    assert.match(form.body, /<form method="post" action="[^"]+\/status" autocomplete="off"/);
    assert.match(form.body, new RegExp(venueName));
    assert.equal(await usage('status'), 0);

    // the kind chosen wrongly: the reference's own prefix decides
    const app = await post(url, { kind: 'message', reference: application.reference.toLowerCase(), tracking_code: application.code });
    assert.equal(app.statusCode, 200, app.body.slice(0, 400));
    assert.equal(app.headers['cache-control'], 'no-store');
    assert.match(app.body, /查询结果：依申请公开/);
    assert.match(app.body, new RegExp(application.reference));
    assert.match(app.body, /张\*\*/);
    assert.doesNotMatch(app.body, /张三丰|130427199001011230|13800001111|zs@example\.com/);
    assert.match(app.body, /待确认收到/);
    assert.doesNotMatch(app.body, new RegExp(application.code), 'the code is not shown back');

    const msg = await post(url, { kind: '', reference: message.reference, tracking_code: message.code });
    assert.equal(msg.statusCode, 200);
    assert.match(msg.body, /查询结果：民心直通车留言/);
    assert.match(msg.body, /时光街路灯不亮/);
    assert.match(msg.body, /刘\*/);
    assert.doesNotMatch(msg.body, /刘建国|13912345678/);
    assert.match(msg.body, /2026-03-02/);

    const wrongCode = await post(url, { kind: 'application', reference: application.reference, tracking_code: 'AAAAAAAA' });
    const wrongRef = await post(url, { kind: 'application', reference: 'YSQ-20260302-ZZZZZ', tracking_code: application.code });
    const wrongMsg = await post(url, { kind: 'message', reference: message.reference, tracking_code: application.code });
    for (const r of [wrongCode, wrongRef, wrongMsg]) {
      assert.equal(r.statusCode, 400);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.match(r.body, /<title>错误：/);
      assert.match(r.body, /class="error-summary"/);
      assert.match(r.body, /编号或查询码不正确/);
      assert.match(r.body, /name="tracking_code"[^>]*value(="")?[ />]/, 'the code is not kept');
    }
    // one answer whichever part is wrong: the pages differ only in the reference typed
    const strip = (b: string) => b.replace(/value="(YSQ|LY)-[^"]*"/g, '').replace(/name="_csrf" value="[^"]*"/, '').replace(/<svg[\s\S]*?<\/svg>/g, '');
    assert.equal(strip(wrongCode.body), strip(wrongRef.body));
    assert.match(wrongRef.body, /value="YSQ-20260302-ZZZZZ"/, 'the reference is kept');
    assert.match(wrongCode.body, /id="kind"[^>]*value="application"[^>]*checked|checked[^>]*id="kind"/);

    const empty = await post(url, { reference: '', tracking_code: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请输入编号/);
    assert.match(empty.body, /请输入查询码/);
    assert.equal(await usage('status'), 5, 'each look-up counted (the empty form is not one)');
    assert.equal((await t.app.inject(`/kiosk/NO-SUCH-VENUE/status`)).statusCode, 404);
  });

  test('status: a reference typed on the kiosk keyboard without its hyphens (lower case) is found; the keyboard has a "-" key', async () => {
    const url = `/kiosk/${enc(venue)}/status`;
    const form = await t.app.inject(url);
    assert.match(form.body, /data-key="-"/, 'the on-screen keyboard can type a hyphen');
    const bare = (r: string) => r.replaceAll('-', '').toLowerCase();
    const app = await post(url, { kind: '', reference: bare(application.reference), tracking_code: application.code.toLowerCase() });
    assert.equal(app.statusCode, 200, app.body.slice(0, 400));
    assert.match(app.body, /查询结果：依申请公开/);
    const msg = await post(url, { kind: '', reference: ` ${bare(message.reference)} `, tracking_code: message.code });
    assert.equal(msg.statusCode, 200);
    assert.match(msg.body, /查询结果：民心直通车留言/);
    // still one answer for a wrong code, and a reference of another shape is kept as typed
    assert.equal((await post(url, { kind: '', reference: bare(message.reference), tracking_code: 'AAAAAAAA' })).statusCode, 400);
    const odd = await post(url, { kind: 'message', reference: 'abc<x>', tracking_code: 'AAAAAAAA' });
    assert.equal(odd.statusCode, 400);
    assert.match(odd.body, /value="abc&lt;x/);
  });

  test('status: ID and mobile numbers in a message\'s title and public reply are masked on the kiosk\'s screen (a public place)', async () => {
    const m = await submitMessage({ db: get().db, clock }, {
      org: '130427', category: 'street_lights', title: '路灯不亮请回电13912340000', content: '时光街西段路灯不亮。', address: '', lat: '', lng: '',
      contactName: '王小明', contactPhone: '13912340000', contactEmail: '', isPublic: 'yes', source: 'web',
    });
    assert.ok(m.ok && m.trackingCode);
    await get().db.updateTable('message').set({ response: '已联系13912340000的王先生，身份证130427199001011230已核对。', replied_on: '2026-03-02' }).where('reference', '=', m.reference).execute();
    const res = await post(`/kiosk/${enc(venue)}/status`, { reference: m.reference, tracking_code: m.trackingCode });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /路灯不亮请回电139\*{4}0000/);
    assert.doesNotMatch(res.body, /13912340000/);
    assert.doesNotMatch(res.body, /130427199001011230/);
  });

  test('status: guessing is rate-limited per client like the public status page', async () => {
    const url = `/kiosk/${enc(venue)}/status`;
    const ip = '10.99.0.1';
    let last = { statusCode: 0, body: '', headers: {} as Record<string, unknown> };
    for (let i = 0; i < 31; i++) last = await post(url, { reference: 'YSQ-20260302-ZZZZZ', tracking_code: `A${i}` }, ip);
    assert.equal(last.statusCode, 429);
    // the kiosk's own screen, not the site's error page, and it goes home by itself
    assert.match(last.body, /<html lang="zh-CN" class="kiosk">/);
    assert.match(last.body, /<h1>请求过于频繁<\/h1>/);
    assert.match(last.body, new RegExp(`<meta http-equiv="refresh" content="60;url=/kiosk/${enc(venue)}"`));
    assert.doesNotMatch(last.body, /site-header|<nav/);
    assert.equal(last.headers['cache-control'], 'no-store');
    assert.equal((await post(url, { reference: message.reference, tracking_code: message.code })).statusCode, 200, 'another client is not held up');
  });

  test('rate: summary of the venue, a 差评 without reason → 400 with the code\'s message and values kept; success stored with channel kiosk and venue, counted', async () => {
    const url = `/kiosk/${enc(venue)}/rate`;
    const page = await t.app.inject(url);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    const counted = await get().db.selectFrom('rating').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_public_id', '=', venue).where('excluded', '=', 0)
      .where('rated_on', '>=', '2025-04-01').where('rated_on', '<=', '2026-03-02').executeTakeFirstOrThrow();
    if (Number(counted.n) > 0) {
      assert.match(page.body, /好评率/);
      assert.match(page.body, new RegExp(`<dt>评价数</dt><dd>${Number(counted.n)}</dd>`));
    } else assert.match(page.body, /暂无评价/);
    for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) assert.match(page.body, new RegExp(`<span>${label}</span>`));
    assert.match(page.body, /name="captcha_token"/, 'an anonymous kiosk keeps the captcha');

    const noCaptcha = await post(url, { level: 'very_dissatisfied', text: '排队太久' });
    assert.equal(noCaptcha.statusCode, 400);
    assert.match(noCaptcha.body, /请填写验证码|验证码/);
    const noReason = await post(url, { level: 'very_dissatisfied', text: '排队太久', rater_name: '王五', ...captchaOf(noCaptcha.body) });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.headers['x-error-code'], 'rating_reason_required');
    assert.match(noReason.body, /<title>错误：/);
    assert.match(noReason.body, /class="error-summary"/);
    assert.match(noReason.body, /请至少选择一项/);
    assert.match(noReason.body, /排队太久/);
    assert.match(noReason.body, /value="王五"/);
    assert.match(noReason.body, /value="very_dissatisfied"[^>]*checked|checked[^>]*value="very_dissatisfied"/);
    assert.equal(Number((await get().db.selectFrom('rating').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_public_id', '=', venue).where('channel', '=', 'kiosk').where('text', '=', '排队太久').executeTakeFirstOrThrow()).n), 0);

    const reason = /name="(reason_[^"]+)"/.exec(noReason.body)![1]!;
    const ok = await post(url, { level: 'very_dissatisfied', text: '排队太久', [reason]: '1', ...captchaOf(noReason.body) });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 500));
    const id = /class="ks-code">(PJ[0-9A-Z]{12})</.exec(ok.body)?.[1];
    assert.ok(id, 'the public id shown');
    assert.match(ok.body, new RegExp(`href="/kiosk/${venue}"`), 'back to the kiosk home');
    const row = await get().db.selectFrom('rating').selectAll().where('public_id', '=', id!).executeTakeFirstOrThrow();
    assert.equal(row.channel, 'kiosk');
    assert.equal(row.venue_public_id, venue);
    assert.equal(row.text, '排队太久');
    assert.equal(await usage('rating'), 1);
  });

  test('rate: a kiosk signed in by the county\'s staff needs no captcha (as /rate/kiosk/:id decides); another county\'s staff keep it', async () => {
    const url = `/kiosk/${enc(venue)}/rate`;
    const own = await signIn(t.app, 'cixian.gkb');
    const page = await t.app.inject({ url, headers: { cookie: own } });
    assert.doesNotMatch(page.body, /name="captcha_token"/);
    const ok = await postForm(t.app, url, own, { level: 'very_satisfied' });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
    const id = /class="ks-code">(PJ[0-9A-Z]{12})</.exec(ok.body)![1]!;
    assert.equal((await get().db.selectFrom('rating').select('channel').where('public_id', '=', id).executeTakeFirstOrThrow()).channel, 'kiosk');
    const foreign = await signIn(t.app, 'admin2');
    assert.match((await t.app.inject({ url, headers: { cookie: foreign } })).body, /name="captcha_token"/);
    assert.equal((await postForm(t.app, url, foreign, { level: 'very_satisfied' })).statusCode, 400);
  });

  test('message: errors → 400, values kept but the captcha, nothing stored; success stored with source kiosk, reference and code shown with a print button, counted', async () => {
    const url = `/kiosk/${enc(venue)}/message`;
    const page = await t.app.inject(url);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /磁县人民政府|磁县/);
    for (const name of ['contact_name', 'contact_phone', 'title']) assert.match(page.body, new RegExp(`name="${name}"[^>]*autocomplete="off"|autocomplete="off"[^>]*name="${name}"`));
    const before = Number((await get().db.selectFrom('message').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    const key = /name="idempotency_key" value="([^"]+)"/.exec(page.body)![1]!;
    const fields = { category: 'street_lights', title: '大厅门口台阶破损', content: '政务服务中心门口台阶破损，老人容易摔倒。', contact_name: '赵六', contact_phone: '13700001234', is_public: 'yes', idempotency_key: key };
    const badCaptcha = await post(url, { ...fields, title: 'x', captcha_token: 'nope', captcha_answer: '1' });
    assert.equal(badCaptcha.statusCode, 400);
    assert.equal(badCaptcha.headers['cache-control'], 'no-store');
    assert.match(badCaptcha.body, /<title>错误：/);
    assert.match(badCaptcha.body, /请填写标题/, 'the other fields\' problems too');
    assert.match(badCaptcha.body, /value="赵六"/);
    assert.match(badCaptcha.body, /value="13700001234"/);
    assert.match(badCaptcha.body, /id="captcha_answer"[^>]*value(="")?[ />]/);
    assert.equal(Number((await get().db.selectFrom('message').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), before);

    const ok = await post(url, { ...fields, ...captchaOf(badCaptcha.body) });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 500));
    const ref = /class="ks-code">(LY-\d{8}-\w{5})</.exec(ok.body)?.[1];
    assert.ok(ref);
    assert.match(ok.body, /data-ks-print/);
    assert.match(ok.body, /打印回执/);
    const row = await get().db.selectFrom('message').selectAll().where('reference', '=', ref!).executeTakeFirstOrThrow();
    assert.equal(row.source, 'kiosk');
    assert.equal(row.org_code, '130427');
    assert.equal(row.contact_name, '赵六');
    assert.equal(await usage('message'), 1);

    // the code shown finds the message (and a double touch gives the same message, a fresh code, no second row)
    const code = [...ok.body.matchAll(/class="ks-code">([^<]+)</g)].map((m) => m[1]!)[1]!;
    assert.equal((await post(`/kiosk/${enc(venue)}/status`, { reference: ref!, tracking_code: code })).statusCode, 200);
    const again = await post(url, { ...fields, ...captchaOf(page.body) });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, new RegExp(ref!));
    assert.equal(Number((await get().db.selectFrom('message').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), before + 1);
    assert.equal(await usage('message'), 1);
  });
}, withDemo);
