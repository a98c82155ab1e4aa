// Sign-in is rate-limited per address (20 a minute) on top of the throttle per (username, address).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, type TestApp } from '../support/app.ts';

forEachDialect('sign-in rate limit', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get()); });
  after(async () => t.app.close());

  test('the 21st sign-in attempt within a minute is a 429 page', async () => {
    const codes: number[] = [];
    let last = '';
    for (let i = 0; i < 21; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username: `u${i}`, password: 'p', _csrf: CSRF } });
      codes.push(res.statusCode);
      last = res.body;
    }
    assert.deepEqual(codes.slice(0, 20), Array(20).fill(400));
    assert.equal(codes[20], 429);
    assert.match(last, /请求过于频繁/);
  });
});

forEachDialect('page search rate limit', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get()); });
  after(async () => t.app.close());

  test('the service search page answers 429 after 60 searches a minute from one address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) codes.push((await t.app.inject({ url: `/services/search?q=${encodeURIComponent(`证${i}`)}` })).statusCode);
    assert.deepEqual(codes.slice(0, 60), Array(60).fill(303)); // forwarded to /search
    assert.equal(codes[60], 429);
  });
  test('an IPv6 client counts as its /64: a new interface id per request is no fresh address (any route limit, and the API limit)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) codes.push((await t.app.inject({ url: `/services/search?q=${encodeURIComponent(`照${i}`)}`, remoteAddress: `2001:db8:5:5::${(i + 1).toString(16)}` })).statusCode);
    assert.deepEqual(codes.slice(0, 60), Array(60).fill(303));
    assert.equal(codes[60], 429);
    assert.equal((await t.app.inject({ url: '/services/search?q=x', remoteAddress: '2001:db8:5:6::1' })).statusCode, 303, 'another /64 is another address');
  });
});

forEachDialect('API rate limit per address', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), undefined, { API_RATE_LIMIT_PER_MINUTE: '3' }); });
  after(async () => t.app.close());

  test('an IPv6 /64 and an IPv4-mapped address count as one client', async () => {
    const v6: number[] = [];
    for (let i = 1; i <= 4; i++) v6.push((await t.app.inject({ url: '/api/v1/calendar/years', remoteAddress: `2001:db8:6:6::${i}` })).statusCode);
    assert.deepEqual(v6, [200, 200, 200, 429]);
    const v4: number[] = [];
    for (const a of ['192.0.2.44', '::ffff:192.0.2.44', '::ffff:c000:22c', '192.0.2.44']) v4.push((await t.app.inject({ url: '/api/v1/calendar/years', remoteAddress: a })).statusCode);
    assert.deepEqual(v4, [200, 200, 200, 429]);
  });
});
