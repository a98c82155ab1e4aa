// The shell's security headers (computed once at start, issue 24 §3) and its CSRF cookie: every
// answer carries helmet's header set with the site's CSP; a first-time visit to a page with a form
// gets a fresh 43-character token, a page without one (only the 长者模式 switch) and JSON answers none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, withDemo, type TestApp } from '../support/app.ts';

const csrfSetCookie = (h: string | string[] | undefined) => [h ?? []].flat().find((c) => c.startsWith('gk_csrf='));

forEachDialect('shell headers and CSRF cookie', (get) => {
  let t: TestApp;
  before(async () => { await withDemo(get()); t = await buildTestApp(get()); });
  after(async () => t.app.close());

  const expectSecurityHeaders = (h: Record<string, unknown>, what: string) => {
    const csp = String(h['content-security-policy'] ?? '');
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'"]) assert.ok(csp.includes(d), `${what}: CSP has ${d} (${csp})`);
    assert.ok(!csp.includes('upgrade-insecure-requests'), what);
    assert.equal(h['x-content-type-options'], 'nosniff', what);
    assert.equal(h['x-frame-options'], 'SAMEORIGIN', what);
    assert.equal(h['referrer-policy'], 'no-referrer', what);
    assert.equal(h['cross-origin-opener-policy'], 'same-origin', what);
    assert.equal(h['strict-transport-security'], undefined, `${what}: no HSTS (hsts: false)`);
    assert.equal(h['x-powered-by'], undefined, what);
  };

  test('a page and a JSON answer carry the same security headers', async () => {
    const page = await t.app.inject({ url: '/' });
    const api = await t.app.inject({ url: '/api/v1/regions/130427' });
    const missing = await t.app.inject({ url: '/api/v1/no-such-thing' });
    assert.equal(page.statusCode, 200);
    assert.equal(api.statusCode, 200);
    assert.equal(missing.statusCode, 404);
    expectSecurityHeaders(page.headers, 'page');
    expectSecurityHeaders(api.headers, 'api');
    expectSecurityHeaders(missing.headers, 'api 404');
    assert.equal(page.headers['content-security-policy'], api.headers['content-security-policy']);
  });

  test('a first visit to a page with a form gets a new CSRF token each time, in its cookie and its forms; a valid cookie is kept', async () => {
    const ra = await t.app.inject({ url: '/login' });
    const rb = await t.app.inject({ url: '/login' });
    const a = csrfSetCookie(ra.headers['set-cookie']);
    const b = csrfSetCookie(rb.headers['set-cookie']);
    const ta = /^gk_csrf=([^;]*)/.exec(a ?? '')?.[1] ?? '';
    const tb = /^gk_csrf=([^;]*)/.exec(b ?? '')?.[1] ?? '';
    assert.match(ta, /^[A-Za-z0-9_-]{43}$/);
    assert.match(tb, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(ta, tb);
    assert.match(a ?? '', /HttpOnly/);
    assert.match(a ?? '', /SameSite=Lax/);
    const forms = [...ra.body.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(forms.length > 0, 'the sign-in page has a form');
    for (const f of forms) assert.equal(f, ta);
    const tokens = new Set<string>();
    for (let i = 0; i < 300; i++) tokens.add(/^gk_csrf=([^;]*)/.exec(csrfSetCookie((await t.app.inject({ url: '/login' })).headers['set-cookie']) ?? '')?.[1] ?? '');
    assert.equal(tokens.size, 300, 'tokens across a pool refill are all distinct');
    const kept = await t.app.inject({ url: '/login', cookies: { gk_csrf: CSRF } });
    assert.equal(csrfSetCookie(kept.headers['set-cookie']), undefined);
    assert.ok(kept.body.includes(`name="_csrf" value="${CSRF}"`), 'forms carry the cookie token');
  });

  test('a page without a form (only the 长者模式 switch) gives no token and sets no cookie; a POST still needs the token', async () => {
    // a venue's page: its 取号 and 收藏/订阅 blocks show an anonymous reader sign-in links, not forms
    const venue = `/services/venues/${(await get().db.selectFrom('sm_venue').select('public_id').where('org_code', 'like', '130427%').orderBy('id').executeTakeFirstOrThrow()).public_id}`;
    for (const url of ['/', '/openness/disclosures', '/openness/disclosures/all', '/openness/disclosures/org/130427', venue, '/no-such-page']) {
      const r = await t.app.inject({ url });
      assert.match(String(r.headers['content-type']), /^text\/html/, url);
      assert.equal(csrfSetCookie(r.headers['set-cookie']), undefined, url);
      assert.doesNotMatch(r.body, /name="_csrf"/, url);
      assert.match(r.body, /action="\/preferences\/elder-mode"/, url);
    }
    // a form posted without the token, or with a wrong one, is still refused
    const none = await t.app.inject({ method: 'POST', url: '/login', payload: { username: 'admin', password: 'demo-password-2026' } });
    assert.equal(none.statusCode, 403);
    assert.match(none.body, /表单已失效/);
    const wrong = await t.app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username: 'admin', password: 'demo-password-2026', _csrf: 'B'.repeat(43) } });
    assert.equal(wrong.statusCode, 403);
  });

  test('the 长者模式 switch takes no token (it only sets the browser\'s own cookie) but is refused from another site', async () => {
    const plain = await t.app.inject({ method: 'POST', url: '/preferences/elder-mode', payload: { elder: '1', return_to: '/openness' } });
    assert.equal(plain.statusCode, 303);
    assert.equal(plain.headers.location, '/openness');
    assert.match(String(plain.headers['set-cookie']), /gk_elder=1/);
    const same = await t.app.inject({ method: 'POST', url: '/preferences/elder-mode', headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' }, payload: { elder: '0', return_to: '/' } });
    assert.equal(same.statusCode, 303);
    assert.match(String(same.headers['set-cookie']), /gk_elder=0/);
    // a browser without Sec-Fetch-Site behind a proxy that passes Host without the port: the same host name is this site
    const behindProxy = await t.app.inject({ method: 'POST', url: '/preferences/elder-mode', headers: { host: 'gk.example.gov.cn', origin: 'https://gk.example.gov.cn:8443' }, payload: { elder: '1', return_to: '/' } });
    assert.equal(behindProxy.statusCode, 303);
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, { origin: 'null' }, { host: 'gk.example.gov.cn', origin: 'https://gk.example.gov.cn.evil.example' }] as Record<string, string>[]) {
      const r = await t.app.inject({ method: 'POST', url: '/preferences/elder-mode', headers, payload: { elder: '1', return_to: '/' } });
      assert.equal(r.statusCode, 403, JSON.stringify(headers));
      assert.equal(r.headers['set-cookie'] === undefined || !/gk_elder=/.test(String(r.headers['set-cookie'])), true, JSON.stringify(headers));
    }
  });

  test('JSON answers and static files get no CSRF cookie', async () => {
    for (const url of ['/api/v1/regions/130427', '/api/v1/search?q=社保', '/healthz']) {
      const r = await t.app.inject({ url });
      assert.equal(r.statusCode, 200, url);
      assert.equal(csrfSetCookie(r.headers['set-cookie']), undefined, url);
    }
  });

  test('a page answered under /assets/ (a missing file) has no form: no token, no cookie; a static file neither', async () => {
    const r = await t.app.inject({ url: '/assets/no-such-file.css' });
    assert.equal(r.statusCode, 404);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.equal(csrfSetCookie(r.headers['set-cookie']), undefined);
    assert.doesNotMatch(r.body, /name="_csrf"/);
    assert.match(r.body, /action="\/preferences\/elder-mode"/, 'the error page has the 长者模式 switch');
    const css = await t.app.inject({ url: '/assets/app.css' });
    assert.equal(csrfSetCookie(css.headers['set-cookie']), undefined, 'a static file still gets none');
  });
});
