// Review r3 (issue 21, attacker's view): a return_to with characters beyond ASCII must not turn a
// right SMS code into a 500; pages for a signed-in resident are never kept by a shared cache; the
// 一码办 link /c/{token} is not written to the log in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, withDemo } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeReturnTo, startResidentSession } from '../../src/modules/accounts/sessions.ts';
import type { AccountsDeps } from '../../src/modules/accounts/deps.ts';
import { maskForLog } from '../../src/platform/log/mask.ts';
import { openPii, sealPii } from '../../src/platform/auth/pii.ts';

test('safeReturnTo percent-encodes non-ASCII and still refuses other sites', () => {
  assert.equal(safeReturnTo('/openness/disclosures?q=中文'), '/openness/disclosures?q=%E4%B8%AD%E6%96%87');
  assert.equal(safeReturnTo('/me/code'), '/me/code');
  for (const bad of ['//evil.example', '/\\evil.example', 'javascript:alert(1)', 'https://evil.example', '/\u2028//x', '/a b', '', '/x\uD800']) {
    assert.equal(safeReturnTo(bad), '/me', bad);
  }
});

test('the 一码办 token in a /c/ URL is masked in logs', () => {
  const token = 'AbCdEfGhIjKlMnOp.t3x9k2.AbCdEfGhIjKlMnOpQrStUv';
  const line = maskForLog(`GET /c/${token}`);
  assert.doesNotMatch(line, /MnOp\.t3x9k2/);
  assert.match(line, /\/c\/AbCd\*\*\*\*/);
  assert.equal(maskForLog('/rate/t/abcdefghijklmnopqrstu'), '/rate/t/abcd****');
});

forEachDialect('r3 hardening', (getDb) => {
  test('a right code with return_to=/…中文 signs in (303, encoded), not 500', async () => {
    const t = getDb();
    await withDemo(t);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-r3-'));
    const file = path.join(dir, 'outbox.jsonl');
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'), { NOTIFY_PROVIDER: 'file', NOTIFY_FILE: file });
    try {
      const cookie = `gk_csrf=${CSRF}`;
      const sent = await app.inject({ method: 'POST', url: '/me/sign-in/code', headers: { cookie }, payload: { _csrf: CSRF, phone: '13912345678' } });
      assert.equal(sent.statusCode, 200);
      const code = /验证码为 (\d{6})/.exec(fs.readFileSync(file, 'utf8'))?.[1];
      assert.ok(code);
      const ok = await app.inject({ method: 'POST', url: '/me/sign-in/verify', headers: { cookie }, payload: { _csrf: CSRF, phone: '13912345678', code: code!, return_to: '/openness/disclosures?q=中文' } });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/openness/disclosures?q=%E4%B8%AD%E6%96%87');
      assert.match(String(ok.headers['set-cookie']), /gk_me=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    } finally { await app.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  });

  test('pages for a signed-in resident are private, no-store; anonymous pages unchanged', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
    try {
      const r = await signInResident(t.db, { phone: '13912345678', name: '张三', idNumber: '110101199003071234' }, { now: new Date('2026-12-07T01:59:00Z') });
      for (const url of ['/me', '/me/export', '/me/subscriptions', '/me/saved', '/me/close', '/']) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie: r.cookie } });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['cache-control'], 'private, no-store', url);
      }
      const anon = await app.inject({ method: 'GET', url: '/' });
      assert.notEqual(anon.headers['cache-control'], 'private, no-store');
    } finally { await app.close(); }
  });
});

forEachDialect('r3 sessions', (getDb) => {
  test('a sealed ID number with its GCM tag cut short does not open', async () => {
    const t = getDb();
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
    try {
      const sealed = sealPii(t.db, '110101199003071234');
      assert.equal(openPii(t.db, sealed), '110101199003071234');
      const [v, iv, tag, body] = sealed.split('.');
      const short = [v, iv, Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url'), body].join('.');
      assert.equal(openPii(t.db, short), null);
    } finally { await app.close(); }
  });

  test('starting a session (OIDC or SMS) ends the session this browser held before', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
    try {
      const before = await signInResident(t.db, { phone: '13912345601' }, { now: new Date('2026-12-07T01:59:00Z') });
      const other = await signInResident(t.db, { phone: '13912345602' }, { now: new Date('2026-12-07T01:59:00Z') });
      const sid = /gk_me=([^;]+)/.exec(before.cookie)![1]!;
      const set: string[] = [];
      const request = { cookies: { gk_me: sid }, protocol: 'http' } as unknown as FastifyRequest;
      const reply = { setCookie: (name: string) => { set.push(name); return reply; } } as unknown as FastifyReply;
      const deps = { db: t.db, clock: fixedClock('2026-12-07T02:00:00Z'), config: { oidc: null, sessionIdleMinutes: 30, piiKey: null }, deliverNow: async () => {} } as unknown as AccountsDeps;
      await startResidentSession(deps, request, reply, other.accountId, 'oidc');
      assert.deepEqual(set.sort(), ['gk_csrf', 'gk_me']);
      const old = await app.inject({ method: 'GET', url: '/me', headers: { cookie: before.cookie } });
      assert.equal(old.statusCode, 303, 'the earlier session no longer signs in');
      const left = await t.db.selectFrom('pa_session').select('account_id').where('account_id', '=', before.accountId).execute();
      assert.equal(left.length, 0);
    } finally { await app.close(); }
  });
});
