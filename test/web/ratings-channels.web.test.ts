// 好差评 channels over HTTP: windows kept by the venue's administrators and supervisors (in scope,
// audited), the printable QR sheet (an SVG per window with its short URL under the code), the
// mobile rating page of a window with the captcha (errors shown, values kept), the single-use
// rating link of a 办件 (issued through the outbox, used once, refused when reused or expired —
// also for two submits at once), and the public API's refusals (Chinese message, stable code).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { qrAvailable } from '../../src/modules/ratings/qr.ts';
import { rateWithLink } from '../../src/modules/ratings/channels.service.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const enc = encodeURIComponent;

forEachDialect('好差评 channels over HTTP', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let venue = '';
  let venueName = '';
  let windowId = '';
  let address = 0;
  const remote = () => `10.17.${Math.floor(++address / 250)}.${address % 250}`;
  const publicPost = (url: string, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, remoteAddress: remote(), headers: { cookie: `gk_csrf=${CSRF}` }, payload: { _csrf: CSRF, ...payload } });
  const captchaOf = (body: string) => {
    const token = /name="captcha_token" value="([^"]+)"/.exec(body)?.[1] ?? '';
    return { captcha_token: token, captcha_answer: token ? solveCaptchaForTest(token) : '' };
  };
  const ratingRow = (publicId: string) => get().db.selectFrom('rating').selectAll().where('public_id', '=', publicId).executeTakeFirstOrThrow();
  const publicIdOf = (body: string) => /评价编号 (PJ[0-9A-Z]{12})/.exec(body)?.[1] ?? '';

  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['admin', 'admin2', 'cixian.gkb', 'cixian.editor']) cookies[u] = await signIn(t.app, u);
    const v = await get().db.selectFrom('sm_venue').select(['public_id', 'name']).where('org_code', 'like', '130427%').orderBy('id').executeTakeFirstOrThrow();
    venue = v.public_id;
    venueName = v.name;
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('windows: added by the venue\'s administrator (audited), refused to another province\'s admin and to an editor, the 政务公开办 sees the county\'s venue; bad input kept', async () => {
    const base = `/staff/ratings/venues/${enc(venue)}`;
    const bad = await postForm(t.app, `${base}/windows`, cookies.admin!, { code: 'A 03!', name: '不动产登记窗口', org: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /窗口编号应为 1–12 位字母、数字或连字符/);
    assert.match(bad.body, /value="不动产登记窗口"/);
    const foreignOrg = await postForm(t.app, `${base}/windows`, cookies.admin!, { code: 'A03', name: '不动产登记窗口', org: '440105' });
    assert.equal(foreignOrg.statusCode, 400);
    assert.match(foreignOrg.body, /负责单位应为本人管理范围内的单位代码/);

    const ok = await postForm(t.app, `${base}/windows`, cookies.admin!, { code: 'a03', name: '不动产登记窗口', org: '' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const w = await get().db.selectFrom('rating_window').selectAll().where('venue_public_id', '=', venue).where('code', '=', 'A03').executeTakeFirstOrThrow();
    windowId = w.public_id;
    assert.match(windowId, /^W[2-9a-z]{10}$/);
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity', '=', 'rating_window').where('entity_id', '=', windowId).execute();
    assert.deepEqual(audit.map((a) => a.action), ['rating_window.add']);
    const dup = await postForm(t.app, `${base}/windows`, cookies.admin!, { code: 'A03', name: '另一个窗口', org: '' });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /该场所已有此编号的窗口/);

    const list = await t.app.inject({ url: `${base}/windows`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /不动产登记窗口/);
    assert.equal((await t.app.inject({ url: `${base}/windows`, headers: { cookie: cookies.admin2! } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: `${base}/windows`, headers: { cookie: cookies['cixian.editor']! } })).statusCode, 403);
    assert.equal((await postForm(t.app, `${base}/windows`, cookies.admin2!, { code: 'B01', name: '越权窗口' })).statusCode, 403);
    assert.doesNotMatch((await t.app.inject({ url: '/staff/ratings/venues', headers: { cookie: cookies.admin2! } })).body, new RegExp(venueName));
    assert.match((await t.app.inject({ url: '/staff/ratings/venues', headers: { cookie: cookies['cixian.gkb']! } })).body, new RegExp(venueName));
  });

  test('QR sheet: one SVG per window and one for the venue, each with its short URL under the code', async () => {
    const res = await t.app.inject({ url: `/staff/ratings/venues/${enc(venue)}/qr`, headers: { cookie: cookies.admin! } });
    assert.equal(res.statusCode, 200);
    const svgs = res.body.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 300 340"[\s\S]*?<\/text><\/svg>/g) ?? [];
    assert.equal(svgs.length, 2, 'the window A03 and the venue');
    const windowUrl = `http://localhost:80/rate/w/${windowId}`;
    const venueUrl = `http://localhost:80/rate/v/${venue}`;
    assert.match(svgs[0]!, new RegExp(`<text [^>]*class="qr-url">${windowUrl}</text></svg>$`));
    assert.match(svgs[1]!, new RegExp(`<text [^>]*class="qr-url">${venueUrl}</text></svg>$`));
    for (const s of svgs) {
      // balanced: every <svg opened is closed, and no raw markup from the names escapes
      assert.equal((s.match(/<svg\b/g) ?? []).length, (s.match(/<\/svg>/g) ?? []).length);
      if (await qrAvailable()) assert.match(s, /<path [^>]*d="M/, 'the code\'s modules are drawn');
    }
    assert.match(res.body, /窗口 A03/);
    assert.match(res.body, new RegExp(venueName));
    const one = await t.app.inject({ url: `/staff/ratings/venues/${enc(venue)}/qr?window=A03`, headers: { cookie: cookies.admin! } });
    assert.equal((one.body.match(/class="qr-url"/g) ?? []).length, 1);
    assert.equal((await t.app.inject({ url: `/staff/ratings/venues/${enc(venue)}/qr?window=Z99`, headers: { cookie: cookies.admin! } })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/staff/ratings/venues/${enc(venue)}/qr`, headers: { cookie: cookies.admin2! } })).statusCode, 403);
  });

  test('mobile page of a window: five levels, captcha required, a 差评 needs a reason (values kept), then saved with the window and channel', async () => {
    const url = `/rate/w/${windowId}`;
    const page = await t.app.inject(url);
    assert.equal(page.statusCode, 200);
    for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) assert.match(page.body, new RegExp(`<span>${label}</span>`));
    for (const label of ['服务效率', '服务水平', '服务态度']) assert.match(page.body, new RegExp(label));
    assert.match(page.body, /name="viewport" content="width=device-width/);

    const noCaptcha = await publicPost(url, { level: 'very_dissatisfied', text: '等了两个小时' });
    assert.equal(noCaptcha.statusCode, 400);
    assert.match(noCaptcha.body, /请填写验证码/);
    assert.match(noCaptcha.body, /value="very_dissatisfied"[^>]*checked|checked[^>]*value="very_dissatisfied"/);
    assert.match(noCaptcha.body, /等了两个小时/);

    const noReason = await publicPost(url, { level: 'very_dissatisfied', text: '等了两个小时', ind_service_attitude: 'dissatisfied', ...captchaOf(noCaptcha.body) });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /<title>错误：/);
    assert.match(noReason.body, /原因/);
    assert.match(noReason.body, /等了两个小时/);
    assert.match(noReason.body, /<option value="dissatisfied" selected/);
    assert.equal(Number((await get().db.selectFrom('rating').select((eb) => eb.fn.countAll<number>().as('n')).where('window_code', '=', 'A03').executeTakeFirstOrThrow()).n), 0);

    const ok = await publicPost(url, { level: 'very_dissatisfied', text: '等了两个小时', ind_service_attitude: 'dissatisfied', reason_slow: '1', rater_name: '王女士', rater_phone: '13912345678', ...captchaOf(noReason.body) });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 500));
    const id = publicIdOf(ok.body);
    assert.ok(id, 'the confirmation shows the public id');
    const row = await ratingRow(id);
    assert.deepEqual([row.channel, row.subject, row.venue_public_id, row.window_code, row.level, row.is_bad, JSON.parse(row.reasons_json), JSON.parse(row.indicators_json)],
      ['window_qr', 'window', venue, 'A03', 1, 1, ['slow'], { service_attitude: 2 }]);
    // a captcha is used once
    const again = await publicPost(url, { level: 'satisfied', captcha_token: /captcha_token" value="([^"]+)"/.exec(noReason.body)![1]!, captcha_answer: captchaOf(noReason.body).captcha_answer });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /验证码已使用/);
  });

  test('venue QR, web entry of an item and an unauthenticated kiosk keep the captcha; a stopped window\'s code answers 404', async () => {
    const item = await get().db.selectFrom('sm_item').select('public_id').where('region_code', 'like', '130427%').orderBy('id').executeTakeFirstOrThrow();
    for (const [url, channel] of [[`/rate/v/${venue}`, 'venue_qr'], [`/rate/web/item/${item.public_id}`, 'web'], [`/rate/kiosk/${venue}`, 'kiosk']] as const) {
      const page = await t.app.inject(url);
      assert.equal(page.statusCode, 200, url);
      assert.match(page.body, /name="captcha_token"/, url);
      const ok = await publicPost(url, { level: 'satisfied', ...captchaOf(page.body) });
      assert.equal(ok.statusCode, 200, `${url}: ${ok.body.slice(0, 300)}`);
      assert.equal((await ratingRow(publicIdOf(ok.body))).channel, channel);
    }
    // a kiosk signed in by the county's staff needs no captcha
    const kiosk = await t.app.inject({ url: `/rate/kiosk/${venue}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.doesNotMatch(kiosk.body, /name="captcha_token"/);
    const k = await postForm(t.app, `/rate/kiosk/${venue}`, cookies['cixian.gkb']!, { level: 'very_satisfied' });
    assert.equal(k.statusCode, 200, k.body.slice(0, 300));
    assert.match(k.body, /再评价一次/);

    const stop = await postForm(t.app, `/staff/ratings/venues/${enc(venue)}/windows/disable`, cookies.admin!, { window: 'A03' });
    assert.equal(stop.statusCode, 303);
    const gone = await t.app.inject(`/rate/w/${windowId}`);
    assert.equal(gone.statusCode, 404);
    assert.match(gone.body, /找不到该窗口，或窗口已停用/);
    // taken back into use under the same code, the printed QR code works again
    assert.equal((await postForm(t.app, `/staff/ratings/venues/${enc(venue)}/windows`, cookies.admin!, { code: 'A03', name: '不动产登记窗口', org: '' })).statusCode, 303);
    assert.equal((await t.app.inject(`/rate/w/${windowId}`)).statusCode, 200);
  });

  test('public API: level outside the five, a 差评 without a reason, an unknown window → Chinese message and stable code; nothing saved', async () => {
    const count = async () => Number((await get().db.selectFrom('rating').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cap = async () => {
      const c = (await t.app.inject('/api/v1/ratings/captcha')).json() as { captcha_id: string; svg: string };
      assert.match(c.svg, /^<svg/);
      return { captcha_id: c.captcha_id, captcha_answer: solveCaptchaForTest(c.captcha_id) };
    };
    const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/ratings', remoteAddress: remote(), payload });
    const six = await post({ window: windowId, level: '六星', ...(await cap()) });
    assert.equal(six.statusCode, 400);
    assert.equal(six.json().code, 'rating_level_invalid');
    assert.match(six.json().message, /[\u4e00-\u9fff]/);
    const noReason = await post({ window: windowId, level: '不满意', ...(await cap()) });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().code, 'rating_reason_required');
    const unknown = await post({ window: 'Wnosuchwindow', level: '满意', ...(await cap()) });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'rating_target_not_found');
    assert.match(unknown.json().message, /找不到该窗口/);
    const noCaptcha = await post({ window: windowId, level: '满意' });
    assert.equal(noCaptcha.statusCode, 400);
    assert.equal(noCaptcha.json().code, 'captcha_missing');
    assert.equal(await count(), before);
    const ok = await post({ window: windowId, level: '5', indicators: { 服务态度: '满意' }, ...(await cap()) });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.match(ok.json().public_id, /^PJ[0-9A-Z]{12}$/);
    assert.equal(ok.json().bad, false);
  });

  test('rating link: issued through the outbox (only the hash kept), used once, reuse 409, expiry 410 (fixed clock), a refused rating leaves it unused', async () => {
    const token = await tokenFor(get().db, 'cixian.gkb');
    const issue = (payload: Record<string, unknown>, bearer = token) => t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings/links', headers: { authorization: `Bearer ${bearer}` }, payload });
    const bad = await issue({ org: '130427', case_ref: '办件 1', phone: '123' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /办件号/);
    assert.match(bad.json().message, /手机号码格式不正确/);
    assert.equal((await issue({ org: '440105', case_ref: 'BJ2026030200017', phone: '13912345678' })).statusCode, 403);

    const res = await issue({ org: '130427', case_ref: 'BJ2026030200017', subject: '服务场所', venue, phone: '139 1234 5678', rater_name: '李先生' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().valid_days, 30);
    assert.equal(res.json().expires_at, '2026-04-01T02:00:00.000Z');
    const out = await get().db.selectFrom('notification_outbox').selectAll().where('reason', '=', 'rating_link').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([out.channel, out.recipient, out.status, out.message_id], ['sms', '13912345678', 'pending', null]);
    const secret = /\/rate\/t\/([A-Za-z0-9_-]+)/.exec(out.body)![1]!;
    const link = await get().db.selectFrom('rating_link').selectAll().where('case_ref', '=', 'BJ2026030200017').executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(link).includes(secret), 'the secret itself is not stored in rating_link');
    assert.equal(link.used_at, null);

    const page = await t.app.inject(`/rate/t/${secret}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /captcha_token/);
    assert.match(page.body, /BJ2026030200017/);
    const refused = await publicPost(`/rate/t/${secret}`, { level: 'dissatisfied' });
    assert.equal(refused.statusCode, 400);
    assert.equal((await get().db.selectFrom('rating_link').select('used_at').where('id', '=', link.id).executeTakeFirstOrThrow()).used_at, null, 'a refused rating leaves the link unused');

    const ok = await publicPost(`/rate/t/${secret}`, { level: 'dissatisfied', reason_attitude: '1' });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
    const row = await ratingRow(publicIdOf(ok.body));
    assert.deepEqual([row.channel, row.subject, row.case_ref, row.org_code, row.rater_name, row.rater_phone], ['link', 'venue', 'BJ2026030200017', '130427', '李先生', '13912345678']);
    assert.equal((await get().db.selectFrom('rating_link').select('rating_public_id').where('id', '=', link.id).executeTakeFirstOrThrow()).rating_public_id, row.public_id);

    const reuse = await publicPost(`/rate/t/${secret}`, { level: 'very_satisfied' });
    assert.equal(reuse.statusCode, 409);
    assert.match(reuse.body, /该评价链接已使用过/);
    assert.equal((await t.app.inject(`/rate/t/${secret}`)).statusCode, 409);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/ratings', remoteAddress: remote(), payload: { token: secret, level: 'very_satisfied' } });
    assert.equal(api.statusCode, 409);
    assert.equal(api.json().code, 'rating_link_used');
    assert.ok(Array.isArray(api.json().reasons));
    assert.equal(Number((await get().db.selectFrom('rating').select((eb) => eb.fn.countAll<number>().as('n')).where('case_ref', '=', 'BJ2026030200017').executeTakeFirstOrThrow()).n), 1);

    // expiry: a second link, used 31 days later by an app on a later clock
    const noTarget = await issue({ org: '130427', case_ref: 'BJ2026030200018', email: 'li@example.com' });
    assert.equal(noTarget.statusCode, 400);
    assert.match(noTarget.json().message, /请填写服务事项编号/);
    assert.equal((await issue({ org: '130427', case_ref: 'BJ2026030200018', subject: 'venue', venue, email: 'li@example.com' })).statusCode, 201);
    const mail = await get().db.selectFrom('notification_outbox').selectAll().where('reason', '=', 'rating_link').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(mail.channel, 'email');
    const late = await buildTestApp(get(), fixedClock('2026-04-02T02:00:00Z'));
    try {
      const lateSecret = /\/rate\/t\/([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
      const gone = await late.app.inject(`/rate/t/${lateSecret}`);
      assert.equal(gone.statusCode, 410);
      assert.match(gone.body, /该评价链接已过期/);
      const lateApi = await late.app.inject({ method: 'POST', url: '/api/v1/ratings', remoteAddress: remote(), payload: { token: lateSecret, level: '满意' } });
      assert.equal(lateApi.statusCode, 410);
      assert.equal(lateApi.json().code, 'rating_link_expired');
    } finally {
      await late.app.close();
    }
    const unknown = await t.app.inject(`/rate/t/${'x'.repeat(32)}`);
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /评价链接无效/);
  });

  test('two submits of one link at once count one rating; the other is refused as used', async () => {
    const token = await tokenFor(get().db, 'cixian.gkb');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings/links', headers: { authorization: `Bearer ${token}` }, payload: { org: '130427', case_ref: 'BJ2026030200099', subject: 'staff', staff_no: 'GH0107', phone: '13812345678' } });
    assert.equal(res.statusCode, 201, res.body);
    const out = await get().db.selectFrom('notification_outbox').select('body').where('reason', '=', 'rating_link').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const secret = /\/rate\/t\/([A-Za-z0-9_-]+)/.exec(out.body)![1]!;
    const form = { level: 'satisfied', indicators: {}, reasons: [], text: '', raterName: '', raterPhone: '' };
    const results = await Promise.all([1, 2, 3].map(() => rateWithLink({ db: get().db, clock }, secret, form)));
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => !r.ok && r.code), ['rating_link_used', 'rating_link_used']);
    assert.equal(Number((await get().db.selectFrom('rating').select((eb) => eb.fn.countAll<number>().as('n')).where('case_ref', '=', 'BJ2026030200099').executeTakeFirstOrThrow()).n), 1);
  });
}, withDemo);
