// Sign-in through OpenID Connect (issue 21 §1, §6, Bad input), against REAL local providers (the
// `oidc-provider` package on 127.0.0.1, random ports — test/support/oidc-provider.ts), not a mock.
// The app is driven with inject(); the provider's login and consent pages with fetch and cookies.
//
// "An ID token from another issuer": a second real provider (B) registers the same client. The test
// signs the same person in at B with the nonce of our flow at A and redeems B's code itself, which
// gives a genuine, validly signed ID token whose `iss` is B. Provider A's token endpoint then hands
// that token out instead of its own (a post-middleware on the real provider — the small
// interceptor in front of it). Everything else about the response is A's, so only the issuer
// (and the signature, against A's keys) can catch it. A third real provider (the forger) states A's
// issuer and A's key id but signs with its own key: its token passes every claim check and only the
// signature check against A's JWKS refuses it (openid-client skips that check unless
// enableNonRepudiationChecks is on — without it this test fails with a 303).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { authorize, redeemCode, startOidcProvider, type Claims, type TestProvider } from '../support/oidc-provider.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import type { App } from '../../src/platform/web/server.tsx';
import { idCardCheckChar, usccCheckChar } from '../../src/platform/validate/cn-id.ts';
import { loginKeyForOidc } from '../../src/modules/accounts/accounts.repository.ts';
import { claimAt, profileFromClaims } from '../../src/modules/accounts/oidc.ts';

const CLIENT = { id: 'gongkai-test', secret: 'test-secret-' + randomBytes(8).toString('hex'), redirectUri: 'http://127.0.0.1:3999/me/sign-in/oidc/callback' };
const PERSON_ID = '11010519491231002' + idCardCheckChar('11010519491231002');
const GD_ID = '44030419900101123' + idCardCheckChar('44030419900101123');
const USCC = '91350100M000100Y4' + usccCheckChar('91350100M000100Y4');
const BAD_ID = '11010519491231002' + (idCardCheckChar('11010519491231002') === '1' ? '2' : '1');

const people: Record<string, Claims> = {
  resident: { name: '张三丰', phone_number: '+86 139-1234-5678', id_card_number: PERSON_ID, user_type: 'person' },
  enterprise: { name: '李四', phone_number: '13800138000', uscc: USCC, org_name: '示例科技有限公司', user_type: 'legal_person' },
  badid: { name: '王五', id_card_number: BAD_ID, user_type: 'person' },
  'gd-person': { cn: '赵六', telephonenumber: '8613700137000', idcardnumber: GD_ID, usertype: '1' },
  'gd-corp': { cn: '钱七', usertype: '2', unit: { name: '广东示例有限公司', code: USCC } },
};

let a: TestProvider;
let b: TestProvider;
let forger: TestProvider;
let closedPort: number;
before(async () => {
  [a, b] = await Promise.all([
    startOidcProvider({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [CLIENT.redirectUri], people }),
    startOidcProvider({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [CLIENT.redirectUri], people }),
  ]);
  // says it is A, uses A's key id, but signs with a key of its own: only the signature check catches it
  forger = await startOidcProvider({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [CLIENT.redirectUri], people, issuer: a.issuer, kid: a.kid });
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  closedPort = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
});
after(async () => { await Promise.all([a.close(), b.close(), forger.close()]); });

// a clock the test can move (a flow older than 10 minutes)
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs), today: () => localDateOf(new Date(Date.now() + offsetMs)) };

async function build(t: TestDb, env: Record<string, string>): Promise<{ app: App; logs: string[] }> {
  const logs: string[] = [];
  const config = loadConfig({ DATA_DIR: 'data-test-unused', ...env });
  const app = await buildApp({ config, db: t.db, clock, logger: createLogger('info', { write: (line: string) => { logs.push(line); } }) });
  return { app, logs };
}

function oidcEnv(issuer: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PUBLIC_OIDC_ISSUER: issuer, PUBLIC_OIDC_CLIENT_ID: CLIENT.id, PUBLIC_OIDC_CLIENT_SECRET: CLIENT.secret,
    PUBLIC_OIDC_REDIRECT_URI: CLIENT.redirectUri, PUBLIC_OIDC_SCOPES: 'openid profile phone cn_identity cn_org', ...extra,
  };
}

/** Starts a sign-in at the app: the provider URL and the gk_oidc cookie it set. */
async function start(app: App, returnTo = '/me'): Promise<{ location: string; cookie: string }> {
  const res = await app.inject({ method: 'GET', url: `/me/sign-in/oidc?return_to=${encodeURIComponent(returnTo)}` });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const c = (res.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string }[]).find((x) => x.name === 'gk_oidc');
  assert.ok(c, 'the state cookie is set');
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Lax');
  return { location: res.headers.location as string, cookie: `gk_oidc=${c.value}` };
}

function callback(app: App, back: URL, cookie: string) {
  return app.inject({ method: 'GET', url: `/me/sign-in/oidc/callback${back.search}`, headers: cookie ? { cookie } : {} });
}

function residentCookie(res: { cookies: unknown }): string | null {
  const c = (res.cookies as { name: string; value: string }[]).find((x) => x.name === 'gk_me' && x.value);
  return c ? `gk_me=${c.value}` : null;
}

async function signInThrough(app: App, sub: string, returnTo = '/me'): Promise<{ res: Awaited<ReturnType<typeof callback>>; cookie: string }> {
  const { location, cookie } = await start(app, returnTo);
  const back = await authorize(location, sub);
  const res = await callback(app, back, cookie);
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  assert.equal(res.headers.location, returnTo);
  const me = residentCookie(res);
  assert.ok(me, 'a resident session was started');
  return { res, cookie: me };
}

function assertNoSecretsLogged(logs: string[]): void {
  const all = logs.join('\n');
  for (const secret of [PERSON_ID, GD_ID, '13912345678', '13800138000', CLIENT.secret]) assert.ok(!all.includes(secret), `log leaks ${secret.slice(0, 3)}…`);
  assert.doesNotMatch(all, /eyJ[\w-]{10,}\.[\w-]{10,}/, 'no JWT in logs');
  assert.doesNotMatch(all, /[?&]code=[\w-]{8,}/, 'no authorization code in logs');
}

function refusedLines(logs: string[]): { code: string; check?: string; error?: string }[] {
  return logs.map((l) => JSON.parse(l) as { event?: string; code: string; check?: string; error?: string }).filter((l) => l.event === 'oidc_sign_in_refused');
}

test('claim paths and phone numbers (pure helpers)', () => {
  assert.equal(claimAt({ a: { b: { c: 'x' } } }, 'a.b.c'), 'x');
  assert.equal(claimAt({ 'a.b': 'literal', a: { b: 'nested' } }, 'a.b'), 'literal');
  assert.equal(claimAt({ a: 'x' }, 'a.b'), undefined);
  const mapping = loadConfig({ DATA_DIR: 'x', PUBLIC_OIDC_ISSUER: 'http://127.0.0.1:1', PUBLIC_OIDC_CLIENT_ID: 'c', PUBLIC_OIDC_CLIENT_SECRET: 's', PUBLIC_OIDC_REDIRECT_URI: 'http://127.0.0.1:2/me/sign-in/oidc/callback' }).publicAccounts.oidc!.claims;
  const phone = (claims: Record<string, unknown>) => profileFromClaims(claims, mapping, '2026-12-06').profile.phone;
  assert.equal(phone({ phone_number: '+86 139-1234-5678' }), '13912345678');
  assert.equal(phone({ phone_number: '008613912345678' }), '13912345678');
  assert.equal(phone({ phone_number: '8613912345678' }), '13912345678');
  assert.equal(phone({ phone_number: '010-12345678' }), null);
  assert.equal(phone({ phone_number: 13912345678 }), '13912345678');
  // a phone the provider marks unverified is not used (it would claim that number's earlier submissions)
  assert.equal(phone({ phone_number: '13912345678', phone_number_verified: false }), null);
  assert.equal(phone({ phone_number: '13912345678', phone_number_verified: true }), '13912345678');
});

forEachDialect('OIDC sign-in', (getDb) => {
  test('not configured: a clear 404 page, nothing stored', async () => {
    const t = getDb();
    const { app } = await build(t, {});
    try {
      for (const url of ['/me/sign-in/oidc?return_to=/me', '/me/sign-in/oidc/callback?code=x&state=y']) {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404);
        assert.match(res.body, /未开通统一身份认证登录/);
        assert.match(res.body, /手机验证码登录/);
      }
      assert.equal((await t.db.selectFrom('pa_oidc_flow').selectAll().execute()).length, 0);
    } finally { await app.close(); }
  });

  test('a person and an enterprise sign in; the second sign-in finds the same account and refreshes its claims', async () => {
    const t = getDb();
    const { app, logs } = await build(t, oidcEnv(a.issuer));
    try {
      const started = await start(app, '/me/saved');
      const auth = new URL(started.location);
      assert.equal(auth.origin, a.issuer);
      assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
      assert.match(auth.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
      assert.ok((auth.searchParams.get('state') ?? '').length >= 32 && (auth.searchParams.get('nonce') ?? '').length >= 32);
      const flows = await t.db.selectFrom('pa_oidc_flow').selectAll().execute();
      assert.equal(flows.length, 1);
      assert.notEqual(flows[0]!.state_hash, auth.searchParams.get('state'), 'the state is stored as a hash');
      assert.equal(flows[0]!.return_to, '/me/saved');
      assert.equal(new Date(flows[0]!.expires_at).getTime() - new Date(flows[0]!.created_at).getTime(), 10 * 60_000);
      await t.db.deleteFrom('pa_oidc_flow').execute();

      const { cookie } = await signInThrough(app, 'resident', '/me/saved');
      assert.equal((await t.db.selectFrom('pa_oidc_flow').selectAll().execute()).length, 0, 'the flow is used up');
      const acc = await t.db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKeyForOidc(a.issuer, 'resident')).executeTakeFirstOrThrow();
      assert.equal(acc.kind, 'person');
      assert.equal(acc.via, 'oidc');
      assert.equal(acc.name, '张三丰');
      assert.equal(acc.phone, '13912345678');
      assert.equal(acc.oidc_issuer, a.issuer);
      assert.equal(acc.oidc_subject, 'resident');
      assert.ok(acc.id_number_hash && acc.id_number_sealed && acc.id_number_masked);
      assert.equal(acc.id_number_masked.length, 18);
      assert.ok(acc.id_number_masked.startsWith(PERSON_ID.slice(0, 3)) && acc.id_number_masked.includes('*'));
      assert.ok(!acc.id_number_sealed.includes(PERSON_ID));
      const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
      assert.match(home.body, /我的空间（张三丰）/);
      const act = await t.db.selectFrom('pa_activity').selectAll().where('account_id', '=', acc.id).execute();
      assert.deepEqual(act.map((x) => x.kind), ['sign_in']);
      const session = await t.db.selectFrom('pa_session').selectAll().where('account_id', '=', acc.id).executeTakeFirstOrThrow();
      assert.equal(session.method, 'oidc');

      // the province changed the name: the next sign-in finds the same account and refreshes it
      people.resident = { ...people.resident, name: '张三丰改' };
      await signInThrough(app, 'resident');
      const again = await t.db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKeyForOidc(a.issuer, 'resident')).execute();
      assert.equal(again.length, 1);
      assert.equal(again[0]!.id, acc.id);
      assert.equal(again[0]!.name, '张三丰改');
      people.resident = { ...people.resident, name: '张三丰' };

      await signInThrough(app, 'enterprise');
      const ent = await t.db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKeyForOidc(a.issuer, 'enterprise')).executeTakeFirstOrThrow();
      assert.equal(ent.kind, 'enterprise');
      assert.equal(ent.uscc, USCC);
      assert.equal(ent.org_name, '示例科技有限公司');
      assert.equal(ent.display_name, '示例科技有限公司');
      assert.equal(ent.id_number_hash, null);

      // an ID number that fails its check digit is dropped (and logged), the sign-in still works
      await signInThrough(app, 'badid');
      const bad = await t.db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKeyForOidc(a.issuer, 'badid')).executeTakeFirstOrThrow();
      assert.equal(bad.id_number_hash, null);
      assert.equal(bad.id_number_sealed, null);
      assert.ok(logs.some((l) => /oidc_claims_dropped/.test(l) && /id_number/.test(l)));
      assert.ok(!logs.join('\n').includes(BAD_ID));
      assertNoSecretsLogged(logs);
    } finally { await app.close(); }
  });

  test('bad input: wrong state, missing or stale cookie, replay, nonce mismatch, another issuer, access_denied', async () => {
    const t = getDb();
    const { app, logs } = await build(t, oidcEnv(a.issuer));
    const accounts = async () => (await t.db.selectFrom('pa_account').select('id').where('via', '=', 'oidc').execute()).length;
    const before = await accounts();
    const refused = async (res: Awaited<ReturnType<typeof callback>>, status: number, code: string, text: RegExp) => {
      assert.equal(res.statusCode, status, res.body.slice(0, 300));
      assert.match(res.body, new RegExp(`data-code="${code}"`));
      assert.match(res.body, text);
      assert.equal(residentCookie(res), null, 'no session');
      assert.equal(refusedLines(logs).at(-1)?.code, code, 'logged');
    };
    try {
      // wrong state: the callback's state is not the one this browser started
      {
        const { location, cookie } = await start(app);
        const back = await authorize(location, 'resident');
        back.searchParams.set('state', 'x'.repeat(43));
        await refused(await callback(app, back, cookie), 400, 'oidc_state_mismatch', /不是从本浏览器发起/);
      }
      // missing state cookie (another browser, or cookies off): refused, and that flow is gone
      {
        const { location } = await start(app);
        const back = await authorize(location, 'resident');
        await refused(await callback(app, back, ''), 400, 'oidc_state_mismatch', /Cookie/);
        assert.equal((await t.db.selectFrom('pa_oidc_flow').selectAll().execute()).length, 1, 'only the first (wrong-state) flow is left');
      }
      await t.db.deleteFrom('pa_oidc_flow').execute();
      // stale: the person came back after more than 10 minutes
      {
        const { location, cookie } = await start(app);
        const back = await authorize(location, 'resident');
        offsetMs = 11 * 60_000;
        try {
          await refused(await callback(app, back, cookie), 400, 'oidc_flow_expired', /10 分钟/);
        } finally { offsetMs = 0; }
      }
      // replay: the same callback (with its cookie) twice
      {
        const { location, cookie } = await start(app);
        const back = await authorize(location, 'resident');
        const first = await callback(app, back, cookie);
        assert.equal(first.statusCode, 303);
        await refused(await callback(app, back, cookie), 400, 'oidc_flow_unknown', /已经使用过/);
      }
      const afterReplay = await accounts();
      // nonce mismatch: the authorization request was tampered with on its way to the provider
      {
        const { location, cookie } = await start(app);
        const tampered = new URL(location);
        tampered.searchParams.set('nonce', randomBytes(32).toString('base64url'));
        const back = await authorize(tampered.href, 'enterprise');
        await refused(await callback(app, back, cookie), 400, 'oidc_id_token_invalid', /随机数/);
        assert.equal(refusedLines(logs).at(-1)?.check, 'nonce');
      }
      // an ID token from another issuer (see the top of this file), then one that claims to be A's
      // (same issuer, audience, nonce and key id) but is signed with another key
      for (const [other, claim, error] of [[b, 'iss', /OAUTH_JWT_CLAIM_COMPARISON_FAILED/], [forger, 'signature', /OAUTH_INVALID_RESPONSE/]] as const) {
        const { location, cookie } = await start(app);
        const nonce = new URL(location).searchParams.get('nonce') ?? '';
        const verifier = randomBytes(32).toString('base64url');
        const there = new URL(`${other.url}/auth`);
        for (const [k, v] of Object.entries({ client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, response_type: 'code', scope: 'openid', state: 'other-state', nonce, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' })) there.searchParams.set(k, v);
        const fromOther = await authorize(there.href, 'enterprise');
        const token = await redeemCode(other.url, CLIENT, fromOther.searchParams.get('code') ?? '', verifier);
        const payload = JSON.parse(Buffer.from(token.id_token.split('.')[1]!, 'base64url').toString()) as { iss: string; nonce: string };
        assert.equal(payload.iss, other.issuer);
        assert.equal(payload.nonce, nonce);
        a.swapIdToken = token.id_token;
        try {
          const back = await authorize(location, 'enterprise');
          await refused(await callback(app, back, cookie), 400, 'oidc_id_token_invalid', /签发方/);
          const line = refusedLines(logs).at(-1);
          assert.equal(line?.check, claim);
          assert.match(line?.error ?? '', error);
        } finally { a.swapIdToken = null; }
      }
      // the person cancels at the provider: error=access_denied
      {
        const { location, cookie } = await start(app, '/me/code');
        const back = await authorize(location, 'resident', { abort: true });
        assert.equal(back.searchParams.get('error'), 'access_denied');
        const res = await callback(app, back, cookie);
        await refused(res, 403, 'oidc_access_denied', /取消了登录/);
        assert.match(res.body, /End-User aborted interaction/);
        assert.match(res.body, /return_to=%2Fme%2Fcode/);
      }
      assert.equal(await accounts(), afterReplay, 'no account made by a refused sign-in');
      assert.ok(afterReplay - before <= 1);
      assert.equal((await t.db.selectFrom('pa_oidc_flow').selectAll().execute()).length, 0, 'every flow was used up');
      assertNoSecretsLogged(logs);
    } finally { await app.close(); }
  });

  test('provider unreachable at discovery: a clear page, nothing stored, no session, logged each time', async () => {
    const t = getDb();
    const { app, logs } = await build(t, oidcEnv(`http://127.0.0.1:${closedPort}`));
    try {
      for (let i = 1; i <= 2; i++) {
        const res = await app.inject({ method: 'GET', url: '/me/sign-in/oidc?return_to=/me' });
        assert.equal(res.statusCode, 502);
        assert.match(res.body, /暂时无法连接统一身份认证平台/);
        assert.equal((res.cookies as { name: string }[]).filter((c) => c.name === 'gk_oidc' || c.name === 'gk_me').length, 0);
        assert.equal(refusedLines(logs).filter((l) => l.code === 'oidc_provider_unreachable').length, i);
      }
      assert.equal((await t.db.selectFrom('pa_oidc_flow').selectAll().execute()).length, 0);
    } finally { await app.close(); }
  });

  test('a custom claim mapping (Guangdong-style names, a nested claim by dotted path)', async () => {
    const t = getDb();
    const claims = { name: 'cn', phone: 'telephonenumber', idNumber: 'idcardnumber', userType: 'usertype', orgName: 'unit.name', uscc: 'unit.code', enterpriseValues: ['2'] };
    const { app } = await build(t, oidcEnv(a.issuer, { PUBLIC_OIDC_SCOPES: 'openid gd', PUBLIC_OIDC_CLAIMS: JSON.stringify(claims) }));
    try {
      const { cookie } = await signInThrough(app, 'gd-person');
      const p = await t.db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKeyForOidc(a.issuer, 'gd-person')).executeTakeFirstOrThrow();
      assert.deepEqual([p.kind, p.name, p.phone, p.id_number_masked?.slice(0, 3)], ['person', '赵六', '13700137000', '440']);
      assert.ok(p.id_number_hash);
      const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
      assert.match(home.body, /我的空间（赵六）/);
      await signInThrough(app, 'gd-corp');
      const c = await t.db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKeyForOidc(a.issuer, 'gd-corp')).executeTakeFirstOrThrow();
      assert.deepEqual([c.kind, c.name, c.org_name, c.uscc], ['enterprise', '钱七', '广东示例有限公司', USCC]);
    } finally { await app.close(); }
  });
});
