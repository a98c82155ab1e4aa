// Review r2 of the OIDC sign-in (issue 21 §1) against a REAL local provider (oidc-provider): after a
// person signs out, the next sign-in in the same browser must not reuse the provider's session —
// on a shared computer the next person would be signed into the previous person's account. The
// authorization request asks the provider to authenticate again (prompt=login).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { forEachDialect } from '../support/db.ts';
import { authorize, CookieJar, startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { systemClock } from '../../src/platform/clock/clock.ts';
import type { App } from '../../src/platform/web/server.tsx';
import { CSRF, postForm } from '../support/app.ts';

const CLIENT = { id: 'gongkai-r2', secret: 'r2-secret-' + randomBytes(8).toString('hex'), redirectUri: 'http://127.0.0.1:3998/me/sign-in/oidc/callback' };
let provider: TestProvider;
before(async () => {
  provider = await startOidcProvider({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [CLIENT.redirectUri], people: {
    first: { name: '第一位', phone_number: '13911110001', user_type: 'person' },
    second: { name: '第二位', phone_number: '13911110002', user_type: 'person' },
  } });
});
after(async () => provider.close());


forEachDialect('OIDC review r2', (getDb) => {
  let app: App;
  before(async () => {
    const config = loadConfig({
      DATA_DIR: 'data-test-unused', PUBLIC_OIDC_ISSUER: provider.issuer, PUBLIC_OIDC_CLIENT_ID: CLIENT.id, PUBLIC_OIDC_CLIENT_SECRET: CLIENT.secret,
      PUBLIC_OIDC_REDIRECT_URI: CLIENT.redirectUri, PUBLIC_OIDC_SCOPES: 'openid profile phone',
    });
    app = await buildApp({ config, db: getDb().db, clock: systemClock, logger: createLogger('error', { write: () => {} }) });
  });
  after(async () => app.close());

  async function signIn(jar: CookieJar, login: string): Promise<string> {
    const start = await app.inject({ method: 'GET', url: '/me/sign-in/oidc?return_to=%2Fme' });
    assert.equal(start.statusCode, 303);
    assert.equal(new URL(start.headers.location as string).searchParams.get('prompt'), 'login', 'the provider is asked to authenticate again');
    const state = (start.cookies as { name: string; value: string }[]).find((c) => c.name === 'gk_oidc')!.value;
    const back = await authorize(start.headers.location as string, login, { jar });
    const res = await app.inject({ method: 'GET', url: `/me/sign-in/oidc/callback${back.search}`, headers: { cookie: `gk_oidc=${state}` } });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const me = (res.cookies as { name: string; value: string }[]).find((c) => c.name === 'gk_me' && c.value);
    assert.ok(me);
    return `gk_me=${me.value}`;
  }
  // the header names the signed-in person on every page (/me itself first asks for consent)
  const who = async (cookie: string) => (await app.inject({ method: 'GET', url: '/me/rules', headers: { cookie } })).body;

  test('signed out on a shared computer: the next person signing in gets their own account, not the previous one', async () => {
    const jar = new CookieJar(); // the browser's cookies at the provider, kept between the two people
    const first = await signIn(jar, 'first');
    assert.match(await who(first), /第一位/);
    assert.equal((await postForm(app, '/me/sign-out', `${first}; gk_csrf=${CSRF}`, {})).statusCode, 303, 'signed out here');
    assert.doesNotMatch(await who(first), /第一位/);
    const second = await signIn(jar, 'second');
    const page = await who(second);
    assert.match(page, /第二位/);
    assert.doesNotMatch(page, /第一位/);
  });
});
