// Junk input on every route the accounts work (issue 21) added: repeated parameters, very long
// strings, NUL bytes, bad enum values and unknown ids, signed out and as a resident (with CSRF),
// never give a 5xx; a rejected form answers in Chinese.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { LIST_KEYS } from '../../src/modules/accounts/views/me-pages.tsx';
import type { App } from '../../src/platform/web/server.tsx';
import type { Db } from '../../src/schema.ts';

const NAMES = ['kind', 'target_kind', 'delivery', 'fields', 'decision', 'stage', 'ref', 'refs', 'id', 'return_to', 'code', 'phone', 'token', 'v', 'w', 'state', 'page', 'email', 'target', 'purpose', 'consent', 'confirm'];
const LONG = 'x'.repeat(5000);
/** Each junk variant as a urlencoded string (used as the query and as the form body). */
const JUNK: Record<string, string> = {
  repeated: NAMES.map((n) => `${n}=1&${n}=2`).join('&'),
  long: NAMES.map((n) => `${n}=${LONG}`).join('&'),
  nul: NAMES.map((n) => `${n}=a%00b`).join('&'),
  badEnum: NAMES.map((n) => `${n}=%E4%B9%B1%E7%A0%81-zz`).join('&'),
  unknownId: NAMES.map((n) => `${n}=999999999`).join('&'),
};
const PARAM = { unknown: 'ZZZZZZZZ', long: LONG, nul: 'a%00b' };

forEachDialect('accounts: junk input', (getDb) => {
  let app: App;
  let db: Db;
  let venue: string;
  before(async () => {
    db = getDb().db;
    app = (await buildTestApp(getDb())).app;
    venue = (await db.selectFrom('sm_venue').select('public_id').orderBy('id').executeTakeFirstOrThrow()).public_id;
  });
  after(async () => app.close());

  function routes(p: string) {
    const get = ['/me', ...Object.keys(LIST_KEYS).flatMap((k) => [`/me/${k}`, `/me/${k}/${p}`]), `/me/applications/${p}/letter`, '/me/claim', '/me/stage',
      '/me/sign-in/oidc', '/me/sign-in/oidc/callback', '/me/code', '/me/code/status', `/c/${p}`, `/kiosk/${venue}/code/${p}`, `/kiosk/${p}/code/${p}`,
      '/me/rules', '/me/consent', '/me/export', '/me/export.json', '/me/close', '/me/closed', '/me/saved', '/me/sign-in', '/me/subscriptions',
      `/me/email/confirm/t/${p}`, `/me/feed/t/${p}`, '/applications/apply'];
    const post = ['/me/claim', '/me/stage', `/me/code/${p}/decide`, `/kiosk/${venue}/code`, `/kiosk/${p}/code`, '/me/consent', '/me/saved',
      `/me/saved/${p}/delete`, '/me/sign-in/code', '/me/sign-in/verify', '/me/subscriptions', `/me/subscriptions/${p}/delete`, '/me/email', '/me/feed'];
    return { get, post };
  }

  async function check(cookie: string | undefined, label: string) {
    const wrong: string[] = [];
    for (const [pk, p] of Object.entries(PARAM)) {
      const { get, post } = routes(p);
      for (const [jk, junk] of Object.entries(JUNK)) {
        for (const url of get) {
          const res = await app.inject({ method: 'GET', url: `${url}?${junk}`, headers: cookie ? { cookie } : {} });
          if (res.statusCode >= 500) wrong.push(`${label} GET ${url.slice(0, 60)} ${pk}/${jk} → ${res.statusCode}`);
        }
        for (const url of post) {
          const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: `_csrf=${CSRF}&${junk}` });
          if (res.statusCode >= 500) wrong.push(`${label} POST ${url.slice(0, 60)} ${pk}/${jk} → ${res.statusCode}`);
          if (res.statusCode === 400 && /html/.test(String(res.headers['content-type'])) && !/[\u4e00-\u9fff]/.test(res.body)) wrong.push(`${label} POST ${url.slice(0, 60)} ${pk}/${jk} → 400 without a Chinese message`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  }

  test('signed out (with the CSRF cookie): no 5xx', async () => check(`gk_csrf=${CSRF}`, 'anon'));
  test('as a resident with CSRF: no 5xx, rejected forms answer in Chinese', async () => {
    const r = await signInResident(db, { phone: '13911112222', name: '王五' });
    await check(r.cookie, 'resident');
  });
  test('staff desk code: junk code and read give no 5xx', async () => {
    const cookie = await signIn(app, 'cixian.window');
    for (const junk of Object.values(JUNK)) {
      const res = await app.inject({ method: 'POST', url: '/staff/desk/code', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${CSRF}&${junk}` });
      assert.ok(res.statusCode < 500, `${res.statusCode}`);
      for (const p of Object.values(PARAM)) {
        const g = await app.inject({ method: 'GET', url: `/staff/desk/code/${p}?${junk}`, headers: { cookie } });
        assert.ok(g.statusCode < 500, `${p.slice(0, 10)} ${g.statusCode}`);
      }
    }
  });

  test('decision and stage are taken as the code or the Chinese label', async () => {
    const staff = await signIn(app, 'cixian.window');
    for (const [decision, state] of [['同意提供', 'confirmed'], ['拒绝', 'declined'], ['decline', 'declined']] as const) {
      const r = await signInResident(db, { phone: `1390000${state.length}${decision.length}${decision.charCodeAt(0) % 100}`.slice(0, 11), name: '赵六' });
      const page = await app.inject({ method: 'GET', url: '/me/code', headers: { cookie: r.cookie } });
      const short = /class="onecode-short"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([A-Z0-9 ]+)<\/p>/.exec(page.body)?.[1];
      assert.ok(short, page.body.slice(0, 200));
      const scan = await app.inject({ method: 'POST', url: '/staff/desk/code', headers: { cookie: staff }, payload: { _csrf: CSRF, code: short, fields: 'name', purpose: '测试' } });
      assert.equal(scan.statusCode, 303, scan.body.slice(0, 200));
      const read = /\/staff\/desk\/code\/([^?]+)/.exec(String(scan.headers.location))?.[1];
      assert.ok(read);
      const res = await app.inject({ method: 'POST', url: `/me/code/${read}/decide`, headers: { cookie: r.cookie }, payload: { _csrf: CSRF, decision } });
      assert.equal(res.statusCode, 303, `${decision}: ${res.body.slice(0, 200)}`);
      const status = await app.inject({ method: 'GET', url: `/me/code/status?read=${read}`, headers: { cookie: r.cookie } });
      assert.equal(status.json().state, state, decision);
    }
    const e = await signInResident(db, { phone: '13600000031', kind: 'enterprise', uscc: '91130427MA0K7P9Q8L', orgName: '磁县测试有限公司' });
    for (const [stage, slug] of [['经营许可', 'permits'], ['closure', 'closure']]) {
      const res = await app.inject({ method: 'POST', url: '/me/stage', headers: { cookie: e.cookie }, payload: { _csrf: CSRF, stage } });
      assert.equal(res.statusCode, 303, stage);
      assert.equal((await db.selectFrom('pa_account').select('enterprise_stage').where('id', '=', e.accountId).executeTakeFirstOrThrow()).enterprise_stage, slug);
    }
    const bad = await app.inject({ method: 'POST', url: '/me/stage', headers: { cookie: e.cookie }, payload: { _csrf: CSRF, stage: '出生' } });
    assert.equal(bad.statusCode, 400, 'a personal stage is not an enterprise stage');
  });
}, withDemo);
