// Sign-in hardening through the real routes: the CSRF token is renewed at sign-in and sign-out;
// wrong passwords slow a username down from one address only (in the database, so across
// processes); behind a trusted proxy the address is the one the proxy saw, not a header the client
// typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, cookiesFrom, CSRF, DEMO_PASSWORD, withDemo, type TestApp } from '../support/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { addressKey } from '../../src/platform/web/client-address.ts';

const OLD = 'captured-before-sign-in-aaaaaaaaaaaaaaaaaaa'.slice(0, 43);

function tokenIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

function login(t: TestApp, username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username, password, _csrf: CSRF }, remoteAddress, headers });
}

forEachDialect('sign-in hardening', (get) => {
  let t: TestApp;
  let other: TestApp;
  before(async () => {
    t = await buildTestApp(get());
    other = await buildTestApp(get()); // a second process on the same database
  });
  after(async () => { await t.app.close(); await other.app.close(); });

  test('sign-in renews the CSRF token: a token captured before no longer works, forms carry the new one', async () => {
    const page = await t.app.inject({ url: '/login', cookies: { gk_csrf: OLD }, remoteAddress: '10.20.0.1' });
    assert.equal(tokenIn(page.body), OLD);
    const res = await t.app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: OLD }, payload: { username: 'cixian.editor', password: DEMO_PASSWORD, _csrf: OLD }, remoteAddress: '10.20.0.1' });
    assert.equal(res.statusCode, 303);
    const renewed = res.cookies.find((c) => c.name === 'gk_csrf') as { value: string; httpOnly?: boolean; sameSite?: string } | undefined;
    assert.ok(renewed && renewed.value !== OLD && /^[A-Za-z0-9_-]{43}$/.test(renewed.value));
    assert.equal(renewed.httpOnly, true);
    assert.equal(renewed.sameSite, 'Lax');
    const cookie = cookiesFrom(res, `gk_csrf=${OLD}`);
    const staff = await t.app.inject({ url: '/staff/account/password', headers: { cookie } });
    assert.equal(staff.statusCode, 200);
    assert.equal(tokenIn(staff.body), renewed.value, 'pages after sign-in render the new token');
    assert.ok(!staff.body.includes(OLD));
    // A forged form carrying the old token, sent by the browser that now holds the new cookie.
    const forged = await t.app.inject({ method: 'POST', url: '/staff/account/password', headers: { cookie }, payload: { _csrf: OLD, current_password: DEMO_PASSWORD, new_password: 'x-forged-password-1', confirm_password: 'x-forged-password-1' } });
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /表单已失效/);
    const real = await t.app.inject({ method: 'POST', url: '/staff/account/password', headers: { cookie }, payload: { _csrf: renewed.value, current_password: 'wrong', new_password: 'x', confirm_password: 'x' } });
    assert.equal(real.statusCode, 400, 'the new token passes the CSRF check (the form itself has errors)');
    // Sign-out renews it again.
    const out = await t.app.inject({ method: 'POST', url: '/logout', headers: { cookie }, payload: { _csrf: renewed.value } });
    assert.equal(out.statusCode, 303);
    const afterOut = out.cookies.find((c) => c.name === 'gk_csrf')?.value;
    assert.ok(afterOut && afterOut !== renewed.value);
  });

  test('signing in over an existing session ends that session', async () => {
    const first = await login(t, 'cixian.editor', DEMO_PASSWORD, '10.21.0.1');
    const firstCookie = cookiesFrom(first, `gk_csrf=${CSRF}`);
    const second = await t.app.inject({ method: 'POST', url: '/login', headers: { cookie: firstCookie }, payload: { username: 'cixian.gkb', password: DEMO_PASSWORD, _csrf: first.cookies.find((c) => c.name === 'gk_csrf')!.value }, remoteAddress: '10.21.0.1' });
    assert.equal(second.statusCode, 303);
    assert.equal((await t.app.inject({ url: '/staff', headers: { cookie: firstCookie } })).statusCode, 401, 'the earlier session no longer works');
    assert.equal((await t.app.inject({ url: '/staff', headers: { cookie: cookiesFrom(second, firstCookie) } })).statusCode, 200);
  });

  test("a stranger's ten wrong passwords from 10.0.0.9 do not stop the owner from 10.0.0.1", async () => {
    const codes: number[] = [];
    let last = await login(t, 'cixian.reviewer', 'guess-0', '10.0.0.9');
    codes.push(last.statusCode);
    for (let i = 1; i < 10; i++) {
      last = await login(i % 2 ? other : t, 'cixian.reviewer', `guess-${i}`, '10.0.0.9'); // both processes count together
      codes.push(last.statusCode);
    }
    assert.deepEqual(codes, [400, 400, 400, 400, 429, 429, 429, 429, 429, 429]);
    assert.match(last.body, /连续登录失败次数过多.*请于 10:01:00（北京时间）后再试/s);
    assert.equal(last.headers['retry-after'], '60');
    assert.match(last.body, /value="cixian.reviewer"/, 'the form is shown again with the username kept');
    assert.equal((await login(other, 'cixian.reviewer', DEMO_PASSWORD, '10.0.0.9')).statusCode, 429, 'from that address even the right password waits');
    const owner = await login(t, 'cixian.reviewer', DEMO_PASSWORD, '10.0.0.1');
    assert.equal(owner.statusCode, 303, 'the owner signs in from another address');
    assert.ok(owner.cookies.some((c) => c.name === 'gk_session' && c.value));
  });

  test('IPv6: a new interface id in the same /64, or another spelling of the address, is not a fresh address', async () => {
    const from = ['2001:db8:7:1::1', '2001:db8:7:1::2', '2001:DB8:7:1:0:0:0:3', '2001:0db8:0007:0001:abcd::9', '2001:db8:7:1:ffff:ffff:ffff:ffff', '2001:db8:7:1::6'];
    const codes: number[] = [];
    for (const [i, a] of from.entries()) codes.push((await login(t, 'cixian.gkb', `guess-${i}`, a)).statusCode);
    assert.deepEqual(codes, [400, 400, 400, 400, 429, 429]);
    assert.equal((await login(t, 'cixian.gkb', DEMO_PASSWORD, '2001:db8:7:2::1')).statusCode, 303, 'another /64 signs in');
    // the same IPv4 client seen over an IPv4 and a dual-stack socket
    const mapped: number[] = [];
    for (const [i, a] of ['198.51.100.77', '::ffff:198.51.100.77', '::FFFF:C633:644D', '198.51.100.77', '::ffff:198.51.100.77', '198.51.100.77'].entries()) mapped.push((await login(t, 'cixian.editor', `guess-${i}`, a)).statusCode);
    assert.deepEqual(mapped, [400, 400, 400, 400, 429, 429]);
    // the per-address limit counts a /64 as one address too
    const many: number[] = [];
    for (let i = 0; i < 21; i++) many.push((await login(t, `v6user${i}`, 'p', `2001:db8:9:9::${(i + 1).toString(16)}`)).statusCode);
    assert.equal(many[20], 429);
  });

  test('nobody may choose the published demo password as their own (it would let anyone in and stop the next DEMO_DATA=false start)', async () => {
    const res = await login(t, 'longhua.admin', DEMO_PASSWORD, '10.40.0.1');
    assert.equal(res.statusCode, 303);
    const cookie = cookiesFrom(res, `gk_csrf=${CSRF}`);
    const token = res.cookies.find((c) => c.name === 'gk_csrf')!.value;
    const change = (next: string) => t.app.inject({ method: 'POST', url: '/staff/account/password', headers: { cookie }, payload: { _csrf: token, current_password: DEMO_PASSWORD, new_password: next, confirm_password: next } });
    const refused = await change(DEMO_PASSWORD);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /不能使用公开的演示密码/);
    assert.equal((await change('another-good-password-1')).statusCode, 303, 'any other good password is taken');
  });

  test('the per-address limit (20 a minute, any usernames) still holds', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await login(t, `someone${i}`, 'p', '10.30.0.1')).statusCode);
    assert.deepEqual(codes.slice(0, 20), Array(20).fill(400));
    assert.equal(codes[20], 429);
  });
}, withDemo);

forEachDialect('production (DEMO_DATA=false): a disabled account with the published demo password', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), undefined, { DEMO_DATA: 'false' }); });
  after(async () => t.app.close());

  test('is not enabled again until its password is reset', async () => {
    const res = await login(t, 'admin', DEMO_PASSWORD, '10.50.0.1');
    assert.equal(res.statusCode, 303);
    const cookie = cookiesFrom(res, `gk_csrf=${CSRF}`);
    const _csrf = res.cookies.find((c) => c.name === 'gk_csrf')!.value;
    const { id } = await get().db.selectFrom('staff_user').select('id').where('username', '=', 'cixian.reviewer').executeTakeFirstOrThrow();
    const post = (action: string) => t.app.inject({ method: 'POST', url: `/staff/users/${id}/${action}`, headers: { cookie }, payload: { _csrf } });
    const disabled = async () => Number((await get().db.selectFrom('staff_user').select('disabled').where('id', '=', id).executeTakeFirstOrThrow()).disabled);
    assert.equal((await post('disable')).statusCode, 303);
    const refused = await post('enable');
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /仍在使用公开的演示密码/);
    assert.equal(await disabled(), 1, 'still disabled');
    assert.equal((await login(t, 'cixian.reviewer', DEMO_PASSWORD, '10.50.0.2')).statusCode, 400, 'and the demo password does not sign in');
    assert.equal((await post('reset-password')).statusCode, 200);
    assert.equal((await post('enable')).statusCode, 303);
    assert.equal(await disabled(), 0);
  });
}, withDemo);

forEachDialect('sign-in behind a trusted proxy', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), undefined, { TRUST_PROXY: 'true' }); });
  after(async () => t.app.close());

  test('the address is the one nginx appended, whatever X-Forwarded-For the client sent', async () => {
    // nginx on the same machine (127.0.0.1) appends the real peer 203.0.113.7 to the client's header.
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login(t, 'cizhou.handler', 'wrong', '127.0.0.1', { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` })).statusCode);
    assert.deepEqual(codes, [400, 400, 400, 400, 429, 429], 'a made-up first hop does not give a fresh address');
    const owner = await login(t, 'cizhou.handler', DEMO_PASSWORD, '127.0.0.1', { 'x-forwarded-for': '203.0.113.8' });
    assert.equal(owner.statusCode, 303);
    // A client connecting directly (not through the proxy) cannot claim another address.
    const direct: number[] = [];
    for (let i = 0; i < 6; i++) direct.push((await login(t, 'longhua.admin', 'wrong', '203.0.113.9', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode);
    assert.deepEqual(direct, [400, 400, 400, 400, 429, 429]);
  });
}, withDemo);

test('addressKey: an IPv6 address counts as its /64, an IPv4-mapped one as the IPv4 address', () => {
  assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
  assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(addressKey('::FFFF:CB00:7107'), '203.0.113.7');
  assert.equal(addressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:0DB8:0001:0002:ffff:0:0:9'), '2001:db8:1:2::/64');
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(addressKey('unknown'), 'unknown');
  assert.equal(addressKey(undefined), 'unknown');
});

test('TRUST_PROXY: true means a proxy on this machine; a list names the proxies; anything else is refused', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, 'loopback');
  assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.0.0.0/24,::1' }).trustProxy, '10.0.0.5,10.0.0.0/24,::1');
  for (const bad of ['everything', '10.0.0.300', '10.0.0.0/40', '*', '0.0.0.0/0', '::/0', '10.0.0.5,0.0.0.0/00']) {
    assert.throws(() => loadConfig({ TRUST_PROXY: bad }), (e: unknown) => e instanceof ConfigError && e.message.includes('TRUST_PROXY'), bad);
  }
});
