// 好差评 as its users meet it (review findings): the results are reachable from the 政务服务 section,
// the confirmation after a rating is no dead end, and the staff list offers only the links the
// caller may follow (the time limits are the county admin's, the reason list the platform's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

forEachDialect('好差评 as users meet it', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cizhou.handler', 'cixian.gkb', 'admin', 'platform']) cookies[u] = await signIn(t.app, u);
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('a rating page names the venue, window and service item it is about, beside their public ids', async () => {
    const db = get().db;
    const row = await db.selectFrom('rating').innerJoin('sm_venue', 'sm_venue.public_id', 'rating.venue_public_id')
      .select(['rating.public_id', 'rating.venue_public_id', 'sm_venue.name']).where('rating.org_path', 'like', '/13/1304/130427/%').orderBy('rating.id').executeTakeFirstOrThrow();
    const page = await t.app.inject({ url: `/staff/ratings/${row.public_id}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`${row.name}（${row.venue_public_id}）`), `${row.name} named on the page`);
    const win = await db.selectFrom('rating').innerJoin('rating_window', (j) => j.onRef('rating_window.venue_public_id', '=', 'rating.venue_public_id').onRef('rating_window.code', '=', 'rating.window_code'))
      .select(['rating.public_id', 'rating.window_code', 'rating_window.name']).where('rating.org_path', 'like', '/13/1304/130427/%').orderBy('rating.id').executeTakeFirst();
    if (win) {
      const w = await t.app.inject({ url: `/staff/ratings/${win.public_id}`, headers: { cookie: cookies['cixian.gkb']! } });
      assert.ok(w.body.includes(`${win.window_code} ${win.name}`), 'the window named');
    }
  });

  test('the 政务服务 section page links the public 好差评 results', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/services' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<a href="\/ratings">政务服务「好差评」结果/);
  });

  test('the confirmation after a web rating links the results and the 政务服务 section', async () => {
    const w = await get().db.selectFrom('rating_window').select('public_id').orderBy('id').executeTakeFirstOrThrow();
    const url = `/rate/w/${encodeURIComponent(w.public_id)}`;
    const form = await t.app.inject({ method: 'GET', url });
    assert.equal(form.statusCode, 200);
    const token = /name="captcha_token" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await t.app.inject({
      method: 'POST', url, remoteAddress: '10.99.0.1', headers: { cookie: `gk_csrf=${CSRF}` },
      payload: { _csrf: CSRF, level: 'satisfied', captcha_token: token, captcha_answer: solveCaptchaForTest(token) },
    });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.match(res.body, /评价编号 PJ/);
    assert.match(res.body, /<a href="\/ratings">查看好差评结果/);
    assert.match(res.body, /<a href="\/services">/);
  });

  test('the staff list shows the settings and reason-list links only to those who may open them', async () => {
    const links = async (user: string) => {
      const res = await t.app.inject({ method: 'GET', url: '/staff/ratings', headers: { cookie: cookies[user]! } });
      assert.equal(res.statusCode, 200, `${user}: ${res.body.slice(0, 200)}`);
      const shown = ['new', 'settings', 'reasons'].filter((p) => res.body.includes(`href="/staff/ratings/${p}"`));
      for (const p of shown) {
        const page = await t.app.inject({ method: 'GET', url: `/staff/ratings/${p}`, headers: { cookie: cookies[user]! } });
        assert.equal(page.statusCode, 200, `${user} is shown /staff/ratings/${p} but gets ${page.statusCode}`);
      }
      if (shown.includes('new')) assert.match(res.body, /<p><a class="button" href="\/staff\/ratings\/new">[^<]*<\/a><\/p>/, 'the entry button stands alone (it overlapped the links at 375 px)');
      return shown;
    };
    assert.deepEqual(await links('cizhou.handler'), ['new']);
    assert.deepEqual(await links('cixian.gkb'), ['new']);
    assert.deepEqual(await links('admin'), ['new', 'settings']);
    assert.deepEqual(await links('platform'), ['new', 'settings', 'reasons']);
  });

  test('a 限期整改 in progress is finished by 「登记整改完成」, not by choosing 「立行立改」', async () => {
    const me = cookies['cizhou.handler']!;
    const entered = await postForm(t.app, '/staff/ratings', me, {
      org: '130427100', channel: 'paper', subject: 'venue', venue: 'CX-BM-130427100', level: 'very_dissatisfied', reasons: 'attitude',
      rated_on: '2026-03-02', rater_name: '李四', rater_phone: '13911112222', text: '态度差',
    });
    assert.equal(entered.statusCode, 303, entered.body.slice(0, 400));
    const url = String(entered.headers.location).split('?')[0]!;
    const act = (payload: Record<string, string>) => postForm(t.app, `${url}/actions`, me, payload);
    assert.equal((await act({ action: 'callback', callback_on: '2026-03-02', reached: 'yes', note: '已联系' })).statusCode, 303);
    assert.equal((await act({ action: 'rectify', rectify_on: '2026-03-02', mode: 'deadline', measures: '加强培训', due_on: '' })).statusCode, 303);
    const page = await t.app.inject({ method: 'GET', url, headers: { cookie: me } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h3>登记整改完成<\/h3>/);
    assert.match(page.body, /<input type="hidden" name="mode" value="immediate"\/>/);
    assert.doesNotMatch(page.body, /<option value="immediate"/, 'no 立行立改 choice once a 限期整改 runs');
    assert.match(page.body, /整改完成情况/);
    const done = await act({ action: 'rectify', rectify_on: '2026-03-02', mode: 'immediate', measures: '已完成培训' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 400));
    const after = await t.app.inject({ method: 'GET', url, headers: { cookie: me } });
    assert.match(after.body, /<td>限期整改完成：已完成培训<\/td>/, 'the log says the 限期整改 was finished');
    assert.doesNotMatch(after.body, /<h3>登记整改完成<\/h3>/);

    // The rater is told the result and may rate again: entered from the replied 差评's page.
    assert.equal((await act({ action: 'reply', reply_on: '2026-03-02', text: '已整改，欢迎再次评价' })).statusCode, 303);
    const replied = await t.app.inject({ method: 'GET', url, headers: { cookie: me } });
    const id = url.split('/').pop()!;
    assert.match(replied.body, new RegExp(`<a href="/staff/ratings/new\\?rerating_of=${id}">录入评价人的再次评价`));
    const form = await t.app.inject({ method: 'GET', url: `/staff/ratings/new?rerating_of=${id}`, headers: { cookie: me } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`name="rerating_of" type="text" value="${id}"`));
    assert.match(form.body, /name="venue" type="text" value="CX-BM-130427100"/);
    const again = await postForm(t.app, '/staff/ratings', me, {
      org: '130427100', channel: 'hotline_callback', subject: 'venue', venue: 'CX-BM-130427100', level: 'satisfied', rated_on: '2026-03-02', rerating_of: id,
    });
    assert.equal(again.statusCode, 303, again.body.slice(0, 400));
    const newId = String(again.headers.location).split('/').pop()!.split('?')[0]!;
    const row = await get().db.selectFrom('rating').select('rerating_of').where('public_id', '=', newId).executeTakeFirstOrThrow();
    assert.equal(row.rerating_of, id);
    const bad = await postForm(t.app, '/staff/ratings', me, { org: '130427100', channel: 'paper', subject: 'venue', venue: 'CX-BM-130427100', level: 'satisfied', rated_on: '2026-03-02', rerating_of: 'PJ222222222222' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /找不到被再评价的评价「PJ222222222222」/);
    assert.match(bad.body, /name="rerating_of" type="text" value="PJ222222222222"/);
  });

  test('the entry form of another county names no 磁县 unit as its example', async () => {
    const cookie = await signIn(t.app, 'longhua.admin');
    const res = await t.app.inject({ method: 'GET', url: '/staff/ratings/new', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="org" type="text" value="440309"/);
    assert.doesNotMatch(res.body.replace(/<footer[\s\S]*<\/footer>/, ''), /磁州|磁县|130427/);
  });

  test('a rating link issued late in the UTC evening says when it runs out in Beijing time', async () => {
    const late = await buildTestApp(get(), fixedClock('2026-03-02T20:00:00Z')); // 2026-03-03 04:00 in Beijing
    try {
      const cookie = await signIn(late.app, 'admin');
      const res = await postForm(late.app, '/staff/ratings/links', cookie, { org: '130427', case_ref: 'BJ-2026-0099', subject: 'venue', venue: 'CX-ZWFW', rater_name: '', phone: '13600001234', email: '' });
      // Post/Redirect/Get: a reload of the answer never queues the SMS or e-mail again
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const queued = async () => Number((await get().db.selectFrom('notification_outbox').select((e) => e.fn.countAll<number>().as('n')).where('reason', '=', 'rating_link').executeTakeFirstOrThrow()).n);
      const before = await queued();
      const page = await late.app.inject({ method: 'GET', url: String(res.headers.location), headers: { cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /有效期至 2026-04-02。/, '30 days from 2026-03-03 (Beijing), not the UTC date');
      assert.match(page.body, /name="org" type="text" value="130427"/);
      await late.app.inject({ method: 'GET', url: String(res.headers.location), headers: { cookie } });
      assert.equal(await queued(), before, 'reloading sends nothing');
    } finally {
      await late.app.close();
    }
  });

  test('staff enter only paper forms and 12345 callbacks: a web, QR, link or kiosk rating typed in by staff is refused', async () => {
    const token = await tokenFor(get().db, 'cizhou.handler');
    const body = { org: '130427100', subject: 'venue', venue: 'CX-BM-130427100', level: '满意', rated_on: '2026-03-02' };
    const before = await get().db.selectFrom('rating').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const channel of ['web', 'link', '窗口二维码', 'kiosk']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: { authorization: `Bearer ${token}` }, payload: { ...body, channel } });
      assert.equal(res.statusCode, 400, `${channel}: ${res.body}`);
      assert.equal(res.json().code, 'rating_channel_not_staff');
      assert.match(res.json().message, /工作人员只能录入纸质评价表/);
    }
    const after = await get().db.selectFrom('rating').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), 'nothing stored');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: { authorization: `Bearer ${token}` }, payload: { ...body, channel: '12345回访' } });
    assert.equal(ok.statusCode, 201, ok.body);
    const form = await postForm(t.app, '/staff/ratings', cookies['cizhou.handler']!, { ...body, channel: 'web', text: '现场填写' });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /工作人员只能录入纸质评价表/);
    assert.match(form.body, /现场填写/);
  });
}, withDemo);
