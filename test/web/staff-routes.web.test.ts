// Every staff route: 401 when signed out, 403 for a role or organisation outside its scope,
// 400 with a GOV.UK error summary for bad input, 303 on success, 200 for pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { findUserByUsername } from '../../src/modules/identity/index.ts';

interface RouteCase {
  method: 'GET' | 'POST';
  url: (ids: Ids) => string;
  /** A role that is signed in but may not use the route. */
  forbiddenAs: string;
  /** Input that must be refused with 400 (POST only). */
  bad?: Record<string, string>;
  /** Input that succeeds with 303 (POST) — omitted for GET (200). */
  good?: (ids: Ids) => Record<string, string>;
  okStatus?: number;
  /** Who uses the route successfully (default `admin`); `platform` for what every county shares. */
  as?: string;
}
interface Ids { editorId: number; handlerId: number; longhuaId: number }
// A year must hold every statutory holiday (《全国年节及纪念日放假办法》第二条): 2027 by the lunar calendar.
const STATUTORY_2027 = ['01-01 元旦', '02-05 春节', '02-06 春节', '02-07 春节', '02-08 春节', '04-05 清明节', '05-01 劳动节', '05-02 劳动节', '06-09 端午节', '09-15 中秋节', '10-01 国庆节', '10-02 国庆节', '10-03 国庆节']
  .map((d) => `2027-${d.replace(' ', ' 放假 ')}`).join('\n');

const routes: RouteCase[] = [
  { method: 'GET', url: () => '/staff', forbiddenAs: '' },
  { method: 'GET', url: () => '/staff/organisations', forbiddenAs: 'cixian.editor' },
  { method: 'POST', url: () => '/staff/organisations', forbiddenAs: 'cixian.editor', bad: { code: '130427-', name: '', kind: 'x' }, good: () => ({ code: '130427-jyj', name: '磁县教育局', kind: '部门' }) },
  { method: 'GET', url: () => '/staff/users', forbiddenAs: 'cixian.gkb' },
  { method: 'GET', url: () => '/staff/users/new', forbiddenAs: 'cixian.gkb' },
  { method: 'POST', url: () => '/staff/users', forbiddenAs: 'cixian.gkb', bad: { username: 'X', display_name: '', role: 'boss', org: '999999' }, good: () => ({ username: 'cixian.new', display_name: '新用户', role: 'editor', org: '130427100' }), okStatus: 201 },
  { method: 'GET', url: (i) => `/staff/users/${i.editorId}`, forbiddenAs: 'cixian.reviewer' },
  { method: 'POST', url: (i) => `/staff/users/${i.handlerId}/roles`, forbiddenAs: 'cixian.reviewer', bad: { role: '', org: '' }, good: () => ({ role: 'reviewer', org: '130427100' }) },
  { method: 'POST', url: (i) => `/staff/users/${i.handlerId}/disable`, forbiddenAs: 'cixian.reviewer', good: () => ({}) },
  { method: 'POST', url: (i) => `/staff/users/${i.handlerId}/enable`, forbiddenAs: 'cixian.reviewer', good: () => ({}) },
  { method: 'POST', url: (i) => `/staff/users/${i.handlerId}/reset-password`, forbiddenAs: 'cixian.reviewer', good: () => ({}), okStatus: 200 },
  { method: 'GET', url: () => '/staff/audit', forbiddenAs: 'cixian.editor' },
  // The working-day calendar serves every county: a county admin is refused, a platform admin may.
  { method: 'GET', url: () => '/staff/calendar', forbiddenAs: 'admin', as: 'platform' },
  { method: 'POST', url: () => '/staff/calendar/days', forbiddenAs: 'admin', as: 'platform', bad: { date: '2026-02-16', kind: 'makeup_working_day', name: '春节' }, good: () => ({ date: '2026-12-31', kind: 'holiday', name: '测试假日' }) },
  { method: 'POST', url: () => '/staff/calendar/days/2026-12-31/delete', forbiddenAs: 'admin', as: 'platform', good: () => ({}) },
  { method: 'POST', url: () => '/staff/calendar/years', forbiddenAs: 'admin', as: 'platform', bad: { year: '2027', source: '', days: '2027-13-01 放假 元旦' }, good: () => ({ year: '2027', source: '测试通知', days: STATUTORY_2027 }) },
  { method: 'GET', url: () => '/staff/account/password', forbiddenAs: '' },
  { method: 'POST', url: () => '/staff/account/password', forbiddenAs: '', bad: { current_password: 'wrong', new_password: 'short', confirm_password: 'x' } },
];

forEachDialect('staff routes', (get) => {
  let t: TestApp;
  let ids: Ids;
  const cookies: Record<string, string> = {};
  before(async () => {
    t = await buildTestApp(get());
    const id = async (u: string) => (await findUserByUsername(get().db, u))!.id;
    ids = { editorId: await id('cixian.editor'), handlerId: await id('cizhou.handler'), longhuaId: await id('longhua.admin') };
    for (const u of ['platform', 'admin', 'cixian.editor', 'cixian.gkb', 'cixian.reviewer', 'longhua.admin']) cookies[u] = await signIn(t.app, u);
  });
  after(async () => t.app.close());

  for (const r of routes) {
    const name = `${r.method} ${r.url({ editorId: 0, handlerId: 0, longhuaId: 0 }).replace(/\/0\//, '/:id/')}`;
    test(`${name} is 401 when signed out`, async () => {
      const res = r.method === 'GET'
        ? await t.app.inject({ method: 'GET', url: r.url(ids) })
        : await postForm(t.app, r.url(ids), `gk_csrf=test-csrf-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa`, r.good?.(ids) ?? {});
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /需要登录/);
      assert.match(res.body, /href="\/login\?next=/);
    });
    if (r.forbiddenAs) {
      test(`${name} is 403 for ${r.forbiddenAs}`, async () => {
        const res = r.method === 'GET'
          ? await t.app.inject({ method: 'GET', url: r.url(ids), headers: { cookie: cookies[r.forbiddenAs]! } })
          : await postForm(t.app, r.url(ids), cookies[r.forbiddenAs]!, r.good?.(ids) ?? {});
        assert.equal(res.statusCode, 403);
        assert.match(res.body, /没有权限/);
      });
    }
    if (r.bad) {
      test(`${name} is 400 with an error summary and the values kept`, async () => {
        const who = r.url(ids).startsWith('/staff/account') ? 'cixian.editor' : r.as ?? 'admin';
        const res = await postForm(t.app, r.url(ids), cookies[who]!, r.bad!);
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /<title>错误：/);
        assert.match(res.body, /class="error-summary"/);
        const kept = Object.entries(r.bad!).find(([k, v]) => v && !k.includes('password'));
        if (kept) assert.ok(res.body.includes(kept[1]), `value ${kept[1]} is kept`);
      });
    }
    if (r.method === 'POST' && r.good) {
      test(`${name} succeeds for ${r.as ?? 'an admin'} in scope`, async () => {
        const res = await postForm(t.app, r.url(ids), cookies[r.as ?? 'admin']!, r.good!(ids));
        assert.equal(res.statusCode, r.okStatus ?? 303, res.body.slice(0, 300));
      });
    }
    if (r.method === 'GET') {
      test(`${name} is 200 for a permitted user`, async () => {
        const who = r.forbiddenAs === '' ? 'cixian.editor' : r.as ?? 'admin';
        const res = await t.app.inject({ method: 'GET', url: r.url(ids), headers: { cookie: cookies[who]! } });
        assert.equal(res.statusCode, 200);
        assert.match(res.headers['content-type'] as string, /text\/html/);
      });
    }
  }

  test('an admin of 龙华区 cannot open or change a 磁县 user (organisation scope)', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/staff/users/${ids.editorId}`, headers: { cookie: cookies['longhua.admin']! } });
    assert.equal(page.statusCode, 403);
    const res = await postForm(t.app, `/staff/users/${ids.editorId}/disable`, cookies['longhua.admin']!);
    assert.equal(res.statusCode, 403);
  });

  test('an admin of 龙华区 cannot grant a role on a 磁县 organisation', async () => {
    const res = await postForm(t.app, `/staff/users/${ids.longhuaId}/roles`, cookies['longhua.admin']!, { role: 'editor', org: '130427' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /只能在自己管理的单位范围内授权/);
  });

  test('an admin of 龙华区 sees only 龙华 organisations', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/staff/organisations', headers: { cookie: cookies['longhua.admin']! } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /440309-gaj/);
    assert.doesNotMatch(res.body, /<td>130427-gkb<\/td>/);
  });
}, withDemo);
