// The shell's security headers (computed once at start, issue 24 §3) and its CSRF cookie: every
// answer carries helmet's header set with the site's CSP; a first-time page visit gets a fresh
// 43-character token, JSON answers get none.
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

  test('a first visit to a page gets a new CSRF token each time; a valid cookie is kept', async () => {
    const a = csrfSetCookie((await t.app.inject({ url: '/' })).headers['set-cookie']);
    const b = csrfSetCookie((await t.app.inject({ url: '/openness/disclosures' })).headers['set-cookie']);
    const ta = /^gk_csrf=([^;]*)/.exec(a ?? '')?.[1] ?? '';
    const tb = /^gk_csrf=([^;]*)/.exec(b ?? '')?.[1] ?? '';
    assert.match(ta, /^[A-Za-z0-9_-]{43}$/);
    assert.match(tb, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(ta, tb);
    assert.match(a ?? '', /HttpOnly/);
    assert.match(a ?? '', /SameSite=Lax/);
    const tokens = new Set<string>();
    for (let i = 0; i < 300; i++) tokens.add(/^gk_csrf=([^;]*)/.exec(csrfSetCookie((await t.app.inject({ url: '/' })).headers['set-cookie']) ?? '')?.[1] ?? '');
    assert.equal(tokens.size, 300, 'tokens across a pool refill are all distinct');
    const kept = await t.app.inject({ url: '/', cookies: { gk_csrf: CSRF } });
    assert.equal(csrfSetCookie(kept.headers['set-cookie']), undefined);
    assert.ok(kept.body.includes(CSRF) || !kept.body.includes('name="_csrf"'), 'forms carry the cookie token');
  });

  test('JSON answers and static files get no CSRF cookie', async () => {
    for (const url of ['/api/v1/regions/130427', '/api/v1/search?q=社保', '/healthz']) {
      const r = await t.app.inject({ url });
      assert.equal(r.statusCode, 200, url);
      assert.equal(csrfSetCookie(r.headers['set-cookie']), undefined, url);
    }
  });

  test('a page answered under /assets/ (a missing file) still gets a token for its forms, in the cookie and the page', async () => {
    const r = await t.app.inject({ url: '/assets/no-such-file.css' });
    assert.equal(r.statusCode, 404);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    const token = /^gk_csrf=([^;]*)/.exec(csrfSetCookie(r.headers['set-cookie']) ?? '')?.[1] ?? '';
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const forms = [...r.body.matchAll(/name="_csrf" value(?:="([^"]*)")?/g)].map((m) => m[1] ?? '');
    assert.ok(forms.length > 0, 'the error page has a form (elder mode)');
    for (const f of forms) assert.equal(f, token);
    const css = await t.app.inject({ url: '/assets/app.css' });
    assert.equal(csrfSetCookie(css.headers['set-cookie']), undefined, 'a static file still gets none');
  });
});
