// Review r1 (a resident on a phone and a shared PC): the personal pages are never cached (「返回」 after
// signing out must not show the last person's data); the export page speaks Chinese for the
// sign-in method; subscribing by e-mail without a confirmed address says what to do next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, type TestApp } from '../support/app.ts';
import { signInResident, type TestResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { recordActivity } from '../../src/modules/accounts/accounts.repository.ts';

const clock = fixedClock('2026-12-07T02:00:00Z');

forEachDialect('accounts (review r1): a resident on a shared computer', (get) => {
  let t: TestApp;
  let me: TestResident;

  test('set up', async () => {
    t = await buildTestApp(get(), clock);
    me = await signInResident(get().db, { phone: '13912340077', name: '王五' }, { now: clock.now() });
  });

  test('every personal page is sent with Cache-Control: private, no-store; public pages signed out are not', async () => {
    for (const url of ['/me', '/me/export', '/me/subscriptions', '/me/saved', '/me/messages', '/me/claim', '/me/close']) {
      const res = await t.app.inject({ url, headers: { cookie: me.cookie } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'private, no-store', url);
    }
    const json = await t.app.inject({ url: '/me/export.json', headers: { cookie: me.cookie } });
    assert.equal(json.headers['cache-control'], 'no-store'); // its own header is kept
    // a public page carries the person's name in its header when they are signed in: private too; signed out it is not
    const home = await t.app.inject({ url: '/', headers: { cookie: me.cookie } });
    assert.equal(home.headers['cache-control'], 'private, no-store');
    const anon = await t.app.inject({ url: '/' });
    assert.notEqual(anon.headers['cache-control'], 'private, no-store');
  });

  test('the export page names the sign-in method in Chinese, not its code', async () => {
    await recordActivity(get().db, me.accountId, 'sign_in', 'sms', clock.now());
    await recordActivity(get().db, me.accountId, 'sign_out', 'oidc', clock.now());
    const page = await t.app.inject({ url: '/me/export', headers: { cookie: me.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<td>登录<\/td><td>手机验证码<\/td>/);
    assert.match(page.body, /<td>退出<\/td><td>统一身份认证<\/td>/);
    assert.doesNotMatch(page.body, /<td>(sms|oidc)<\/td>/);
  });

  test('subscribing by e-mail without a confirmed address leads to where the address is set', async () => {
    const back = '/openness/disclosures/category/zhzw';
    const first = await postForm(t.app, '/me/subscriptions', me.cookie, { target_kind: 'category', target_ref: 'zhzw', delivery: 'email', return_to: back });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/me/subscriptions?email=needed#email');
    const page = await t.app.inject({ url: '/me/subscriptions?email=needed', headers: { cookie: me.cookie } });
    assert.match(page.body, /订阅已加入。通过电子邮件送达前，请先在下面填写并确认您的电子邮箱/);
    assert.match(page.body, /您有通过电子邮件送达的订阅，但还没有已确认的电子邮箱/);
    assert.doesNotMatch(page.body, /class="field-error">[^<]*请先在「我的订阅」页面/); // no red error on a page without one

    await get().db.updateTable('pa_account').set({ email: 'wangwu@example.com' }).where('id', '=', me.accountId).execute();
    const again = await postForm(t.app, '/me/subscriptions', me.cookie, { target_kind: 'category', target_ref: 'zhzw', delivery: 'email', return_to: back });
    assert.equal(again.statusCode, 303, again.body.slice(0, 400));
    assert.equal(again.headers.location, back);
    const confirmed = await t.app.inject({ url: '/me/subscriptions', headers: { cookie: me.cookie } });
    assert.doesNotMatch(confirmed.body, /还没有已确认的电子邮箱/);
  });

  test('reopening the address of an answered form (GET /me/email, /me/feed, /me/stage) leads back, not to 404', async () => {
    for (const [url, to] of [['/me/email', '/me/subscriptions#email'], ['/me/feed', '/me/subscriptions#feed'], ['/me/stage', '/me#me-section-enterprise-stage']]) {
      const res = await t.app.inject({ url: url!, headers: { cookie: me.cookie } });
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, to, url);
    }
  });

  test('tear down', async () => t.app.close());
});
