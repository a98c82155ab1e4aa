// A sweep over EVERY registered route, so a route added later is covered without anyone
// remembering to: staff routes refuse a signed-out visitor (401, or the sign-in page), and no route
// answers a 5xx to junk path parameters or an empty form — signed out or as an administrator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';

const JUNK = ['abc', '99999999999999999999', '%E4%B8%AD', '-1'];

/** The route's URL with every parameter replaced by `value`. */
function fill(url: string, value: string): string {
  return url.replace(/:[A-Za-z_]+/g, value).replace(/\*$/, value);
}

const isStaff = (url: string) => url.startsWith('/staff') || url.startsWith('/api/v1/staff');

forEachDialect('route guards', (get) => {
  let t: TestApp;
  let routes: { method: string; url: string }[];
  before(async () => {
    t = await buildTestApp(get());
    await t.app.ready();
    routes = t.app.routeList.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
  });
  after(async () => t.app.close());

  /** GET as is; a write with the CSRF token (form for POST, JSON otherwise), with `cookie` or none. */
  function send(method: string, url: string, cookie?: string) {
    const headers = { cookie: cookie ?? `gk_csrf=${CSRF}` };
    if (method === 'GET') return t.app.inject({ url, headers: cookie ? { cookie } : {} });
    if (method === 'POST') return t.app.inject({ method, url, headers, payload: { _csrf: CSRF } });
    return t.app.inject({ method: method as 'PUT', url, headers, payload: {} });
  }

  test('the route list is complete enough to mean something', () => {
    const staff = routes.filter((r) => isStaff(r.url));
    assert.ok(staff.length >= 60, `only ${staff.length} staff routes registered`);
    for (const must of ['/staff/catalogs', '/staff/applications', '/staff/messages', '/staff/interaction/settings', '/api/v1/staff/messages/:reference/actions']) {
      assert.ok(staff.some((r) => r.url === must), must);
    }
  });

  test('every staff route refuses a signed-out visitor: 401, or a redirect to the sign-in page', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => isStaff(x.url))) {
      const url = fill(r.url, '1');
      const res = await send(r.method, url);
      const toLogin = res.statusCode === 303 && String(res.headers.location).startsWith('/login');
      if (res.statusCode !== 401 && !toLogin) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
      if (url.startsWith('/api/') && res.statusCode === 401) assert.equal(res.json().code, 'unauthorized', url);
    }
    assert.deepEqual(wrong, []);
  });

  test('no route answers 5xx to junk parameters or an empty form, signed out or as an administrator', async () => {
    const admin = await signIn(t.app, 'platform'); // reaches every route an admin does, and the platform-only ones
    const failures: string[] = [];
    for (const r of routes) {
      const variants = r.url.includes(':') || r.url.endsWith('*') ? JUNK.map((j) => fill(r.url, j)) : [r.url];
      for (const url of variants) {
        for (const cookie of [undefined, admin]) {
          const res = await send(r.method, url, cookie);
          if (res.statusCode >= 500) failures.push(`${r.method} ${url}${cookie ? ' (admin)' : ''} → ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}, withDemo);
