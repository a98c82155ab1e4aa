// Public pages and API conventions: regions, health, OpenAPI, errors as {code, message}, bad
// input as clear 4xx (never 500), CSRF, expired sessions, 长者模式, bearer tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, cookiesFrom, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { identityService, findUserByUsername } from '../../src/modules/identity/index.ts';

forEachDialect('public site and API', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get()); });
  after(async () => t.app.close());

  test('GET /api/v1/regions/130427 and /130427000000 are the same county with its 11 townships', async () => {
    const a = await t.app.inject({ url: '/api/v1/regions/130427' });
    const b = await t.app.inject({ url: '/api/v1/regions/130427000000' });
    assert.equal(a.statusCode, 200);
    assert.deepEqual(a.json(), b.json());
    const body = a.json();
    assert.equal(body.name, '磁县');
    assert.deepEqual(body.level, { code: 'county', label: '县级' });
    assert.equal(body.children.length, 11);
    assert.equal(body.children.reduce((n: number, c: { childCount: number }) => n + c.childCount, 0), 259);
  });

  test('海珠区 has 18 streets and 龙华区 6', async () => {
    assert.equal((await t.app.inject({ url: '/api/v1/regions/440105' })).json().children.length, 18);
    assert.equal((await t.app.inject({ url: '/api/v1/regions/440309' })).json().children.length, 6);
  });

  test('a township is reachable by its 9-digit short code', async () => {
    const res = await t.app.inject({ url: '/api/v1/regions/130427100' });
    assert.equal(res.json().name, '磁州镇');
  });

  test('an unknown region is 404 with {code, message}', async () => {
    const res = await t.app.inject({ url: '/api/v1/regions/130499' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'message']);
    assert.equal(res.json().code, 'region_not_found');
  });

  test('a malformed region code is 400', async () => {
    const res = await t.app.inject({ url: '/api/v1/regions/13042' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'invalid_region_code');
  });

  test('a malformed %-escape in the URL is a Chinese 400, as a page or as JSON', async () => {
    const page = await t.app.inject({ url: '/applications/submitted/%E0%A4%A' });
    assert.equal(page.statusCode, 400);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /网址格式不正确/);
    const api = await t.app.inject({ url: '/api/v1/regions/%E0%A4%A' });
    assert.equal(api.statusCode, 400);
    assert.deepEqual(api.json(), { code: 'bad_url', message: '网址格式不正确，请检查后重试' });
  });

  test('the region directory page lists children and links down the tree', async () => {
    const res = await t.app.inject({ url: '/data/regions/130427' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>磁县<\/h1>/);
    assert.match(res.body, /href="\/data\/regions\/130427100000">磁州镇/);
    assert.equal((await t.app.inject({ url: '/data/regions/999999' })).statusCode, 404);
  });

  test('/healthz checks the database', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', database: 'ok' });
  });

  test('/api/v1/openapi.json is OpenAPI 3 and documents the API routes only', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/v1/regions/{code}']);
    assert.ok(doc.paths['/api/v1/calendar/working-days']);
    assert.equal(doc.paths['/staff/users'], undefined);
  });

  test('every page has the five sections, the footer marks and a 长者模式 switch', async () => {
    const res = await t.app.inject({ url: '/' });
    for (const s of ['信息公开', '政务服务', '数据开放', '依申请公开', '互动交流', '主办单位', '网站标识码', 'ICP备案号', '公安备案号', '长者模式']) assert.ok(res.body.includes(s), s);
  });

  test('every link on the five section pages answers 200 (依申请公开 offers the blank 申请表 and the 办理流程图)', async () => {
    for (const section of ['/openness', '/services', '/data', '/applications', '/interaction']) {
      const page = await t.app.inject({ url: section });
      assert.equal(page.statusCode, 200, section);
      const main = page.body.slice(page.body.indexOf('<main'), page.body.indexOf('</main>'));
      const hrefs = [...main.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
      assert.ok(hrefs.length > 0, section);
      for (const href of new Set(hrefs)) assert.equal((await t.app.inject({ url: href })).statusCode, 200, `${section} → ${href}`);
    }
    const apps = (await t.app.inject({ url: '/applications' })).body;
    assert.match(apps, /href="\/applications\/forms\/application-form.docx"/);
    assert.match(apps, /href="\/applications\/process"/);
  });

  test('长者模式 is remembered and honoured on every page', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/preferences/elder-mode', cookies: { gk_csrf: CSRF }, payload: { _csrf: CSRF, elder: '1', return_to: '/data/regions' } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/data/regions');
    const cookie = cookiesFrom(res, `gk_csrf=${CSRF}`);
    for (const url of ['/', '/data/regions/130427', '/login', '/no-such-page']) {
      assert.match((await t.app.inject({ url, headers: { cookie } })).body, /<html lang="zh-CN" class="elder">/, url);
    }
  });

  test('an open redirect through return_to is refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/preferences/elder-mode', cookies: { gk_csrf: CSRF }, payload: { _csrf: CSRF, elder: '1', return_to: '//evil.example/' } });
    assert.equal(res.headers.location, '/');
  });

  test('an unknown page is a Chinese 404 page', async () => {
    const res = await t.app.inject({ url: '/no-such-page' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /页面不存在/);
  });

  test('a form without a valid CSRF token is 403, not processed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username: 'admin', password: 'demo-password-2026', _csrf: 'wrong' } });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /表单已失效/);
    assert.equal(res.cookies.find((c) => c.name === 'gk_session'), undefined);
  });

  test('malformed JSON is 400 invalid_json', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-31', headers: { 'content-type': 'application/json' }, payload: '{"kind":' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'invalid_json');
  });

  test('an oversized body is 413 body_too_large', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-31', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().code, 'body_too_large');
  });

  test('an oversized form is a 413 page', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `username=${'a'.repeat(1_100_000)}` });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /内容过大/);
  });

  test('an expired session gets 401 saying so, and the cookie is cleared', async () => {
    const cookie = await signIn(t.app, 'cixian.editor');
    const late = await buildTestApp(get(), fixedClock('2026-03-02T09:00:00Z'));
    try {
      const res = await late.app.inject({ url: '/staff', headers: { cookie } });
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /登录已过期/);
      assert.ok(res.cookies.some((c) => c.name === 'gk_session' && c.value === ''));
    } finally {
      await late.app.close();
    }
  });

  test('session cookies are httpOnly and SameSite=Lax', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username: 'cixian.editor', password: 'demo-password-2026', _csrf: CSRF } });
    const c = res.cookies.find((x) => x.name === 'gk_session')!;
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, 'Lax');
  });

  test('a wrong password is 400 on the form with the username kept', async () => {
    const res = await postForm(t.app, '/login', `gk_csrf=${CSRF}`, { username: 'cixian.reviewer', password: 'nope' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /用户名或密码不正确/);
    assert.match(res.body, /value="cixian.reviewer"/);
  });

  test('staff APIs take a bearer token; a bad token is 401 invalid_token; a wrong role 403', async () => {
    const db = get().db;
    const deps = { db, clock: t.clock, sessionIdleMinutes: 120 };
    const admin = await findUserByUsername(db, 'platform');
    const editor = await findUserByUsername(db, 'cixian.editor');
    const adminToken = await identityService.createApiToken(deps, { cli: true }, admin!.id, 'test');
    const editorToken = await identityService.createApiToken(deps, { cli: true }, editor!.id, 'test');
    const body = { kind: 'holiday', name: '测试' };
    const none = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', payload: body });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'unauthorized');
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', headers: { authorization: 'Bearer gk_nope' }, payload: body });
    assert.equal(bad.json().code, 'invalid_token');
    const wrongRole = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', headers: { authorization: `Bearer ${editorToken}` }, payload: body });
    assert.equal(wrongRole.statusCode, 403);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', headers: { authorization: `Bearer ${adminToken}` }, payload: { kind: '放假', name: '测试' } });
    assert.equal(ok.statusCode, 200, 'the Chinese label 放假 is accepted for the code holiday');
    assert.equal(ok.json().kind, 'holiday');
    const ok2 = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', headers: { authorization: `Bearer ${adminToken}` }, payload: body });
    assert.equal(ok2.statusCode, 200);
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2026-12-30', headers: { authorization: `Bearer ${adminToken}` } });
    assert.equal(del.statusCode, 204);
  });

  test('a user with a temporary password is sent to change it before anything else', async () => {
    const admin = await signIn(t.app, 'admin');
    const created = await postForm(t.app, '/staff/users', admin, { username: 'temp.user', display_name: '临时', role: 'editor', org: '130427' });
    assert.equal(created.statusCode, 201);
    const temp = /临时密码：([A-Za-z0-9]+)/.exec(created.body)?.[1];
    assert.ok(temp);
    const login = await postForm(t.app, '/login', `gk_csrf=${CSRF}`, { username: 'temp.user', password: temp! });
    assert.equal(login.headers.location, '/staff/account/password');
    const cookie = cookiesFrom(login, `gk_csrf=${CSRF}`);
    const staff = await t.app.inject({ url: '/staff', headers: { cookie } });
    assert.equal(staff.statusCode, 303);
    assert.equal(staff.headers.location, '/staff/account/password');
    const changed = await postForm(t.app, '/staff/account/password', cookie, { current_password: temp!, new_password: 'a-brand-new-password', confirm_password: 'a-brand-new-password' });
    assert.equal(changed.statusCode, 303);
    assert.equal((await t.app.inject({ url: '/staff', headers: { cookie } })).statusCode, 200);
  });

  test('cookies do not authenticate the API (so CSRF cannot reach it)', async () => {
    const cookie = await signIn(t.app, 'admin');
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', headers: { cookie }, payload: { kind: 'holiday', name: '测试' } });
    assert.equal(res.statusCode, 401);
  });

  test('the working-day API computes with an explanation and refuses 2027 with 409', async () => {
    const res = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2026-02-12&days=20' });
    assert.equal(res.json().due, '2026-03-18');
    assert.match(res.json().explanation, /春节/);
    const refused = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2026-12-20&days=20' });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'calendar_year_missing');
    assert.deepEqual(refused.json().reasons.length, 1);
    const provisional = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2026-12-20&days=20&provisional=true' });
    // 2027 has no notice: weekends and its statutory holidays (元旦 2027-01-01) are skipped, provisional
    assert.deepEqual([provisional.json().due, provisional.json().provisional], ['2027-01-18', true]);
    const bad = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2026-02-30&days=2' });
    assert.equal(bad.statusCode, 400);
    const badDays = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2026-02-03&days=abc' });
    assert.equal(badDays.statusCode, 400);
    assert.equal(badDays.json().code, 'validation_failed');
  });
}, withDemo);
