// Residents' SMS sign-in (issue 21 §1, §6): the code goes through the outbox (NOTIFY_PROVIDER=file
// writes it to NOTIFY_FILE, read here as a gateway would), 5 tries counted atomically, replay and
// expiry refused, flood limits per phone and per address, CSRF, return_to kept on this site,
// sign-out. The console provider (the demo's) prints the code's digits unmasked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, cookiesFrom, CSRF, withDemo } from '../support/app.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import type { App } from '../../src/platform/web/server.tsx';
import { consoleProvider } from '../../src/modules/interaction/index.ts';
import { signInStrings } from '../../src/modules/accounts/signin.strings.ts';
import { signInResident } from '../support/resident.ts';

/** A clock the test moves. */
function movableClock(start: string): Clock & { advance: (ms: number) => void } {
  let at = new Date(start).getTime();
  return { now: () => new Date(at), today: () => localDateOf(new Date(at)), advance: (ms) => { at += ms; } };
}

const BASE = `gk_csrf=${CSRF}`;
const post = (app: App, url: string, payload: Record<string, string>, opts: { cookie?: string; address?: string } = {}) =>
  app.inject({ method: 'POST', url, headers: { cookie: opts.cookie ?? BASE }, payload: { _csrf: CSRF, ...payload }, ...(opts.address ? { remoteAddress: opts.address } : {}) });

/** The codes sent to `phone`, oldest first, as the gateway file holds them. */
function codesIn(file: string, phone: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { channel: string; recipient: string; body: string })
    .filter((n) => n.channel === 'sms' && n.recipient === phone).map((n) => /验证码为 (\d{6})，/.exec(n.body)?.[1] ?? 'none');
}

test('the console provider (the demo default) prints the code readable, the number masked', async () => {
  const lines: string[] = [];
  await consoleProvider((l) => lines.push(l)).send({ id: 1, channel: 'sms', recipient: '13912345678', subject: 's', body: signInStrings.sms('公开', '042917', 5) });
  assert.match(lines[0]!, /验证码为 042917，5分钟内有效/);
  assert.doesNotMatch(lines[0]!, /13912345678/);
});

forEachDialect('resident SMS sign-in', (getDb) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-signin-'));
  let n = 0;
  const setup = async (clock: Clock) => {
    const t = getDb();
    await withDemo(t);
    const file = path.join(dir, `outbox-${t.dialect}-${++n}.jsonl`);
    const { app } = await buildTestApp(t, clock, { NOTIFY_PROVIDER: 'file', NOTIFY_FILE: file });
    return { t, app, file };
  };

  test('happy path through NOTIFY_FILE, replay refused, sign-out', async () => {
    const clock = movableClock('2026-12-07T02:00:00Z');
    const { t, app, file } = await setup(clock);
    try {
      const form = await app.inject({ method: 'GET', url: '/me/sign-in?return_to=%2Fme%2Fcode', headers: { cookie: BASE } });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /action="\/me\/sign-in\/code"/);
      assert.match(form.body, /name="return_to" value="\/me\/code"/);
      assert.match(form.body, /href="\/me\/rules"/);
      assert.match(form.body, /href="\/login">工作人员登录/);
      assert.doesNotMatch(form.body, /演示环境/); // codes go to the file here, not the console
      assert.doesNotMatch(form.body, /\/me\/sign-in\/oidc/); // no PUBLIC_OIDC_* set

      const sent = await post(app, '/me/sign-in/code', { phone: '+86 139-1234-5678', return_to: '/me/code' });
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /action="\/me\/sign-in\/verify"/);
      assert.match(sent.body, /name="phone" value="13912345678"/);
      assert.match(sent.body, /验证码已发送至 139\*\*\*\*5678/);
      const [code] = codesIn(file, '13912345678');
      assert.match(code ?? '', /^\d{6}$/);
      const body = fs.readFileSync(file, 'utf8');
      assert.match(body, new RegExp(`【[^】]+】您的登录验证码为 ${code}，5分钟内有效。如非本人操作请忽略。`));
      // stored only as a keyed hash: neither the code nor its plain sha256
      const row = await t.db.selectFrom('pa_sign_in_code').selectAll().where('phone', '=', '13912345678').executeTakeFirstOrThrow();
      assert.ok(!row.code_hash.includes(code!));
      assert.notEqual(row.code_hash, createHash('sha256').update(code!).digest('hex'));

      const ok = await post(app, '/me/sign-in/verify', { phone: '13912345678', code: code!, return_to: '/me/code' });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/me/code');
      const cookie = cookiesFrom(ok, BASE);
      assert.match(cookie, /gk_me=/);
      assert.doesNotMatch(cookie, new RegExp(`gk_csrf=${CSRF}`)); // token renewed at sign-in
      const account = await t.db.selectFrom('pa_account').selectAll().where('login_key', '=', 'sms:13912345678').executeTakeFirstOrThrow();
      assert.equal(account.phone, '13912345678');
      const activity = await t.db.selectFrom('pa_activity').select('kind').where('account_id', '=', account.id).execute();
      assert.deepEqual(activity.map((a) => a.kind), ['sign_in']);

      const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
      assert.match(home.body, /我的空间（139\*\*\*\*5678）/);
      assert.match(home.body, /action="\/me\/sign-out"/);

      // replay: the used code is refused, number kept, code field empty
      const replay = await post(app, '/me/sign-in/verify', { phone: '13912345678', code: code!, return_to: '/me/code' });
      assert.equal(replay.statusCode, 400);
      assert.match(replay.body, /这个验证码已经使用过/);
      assert.match(replay.body, /name="phone" value="13912345678"/);
      assert.match(replay.body, /name="code" type="text" value(?:="")? /); // empty
      assert.doesNotMatch(replay.body, new RegExp(`value="${code}"`));

      const out = await app.inject({ method: 'POST', url: '/me/sign-out', headers: { cookie }, payload: { _csrf: /gk_csrf=([^;]+)/.exec(cookie)![1]! } });
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/');
      assert.equal(await t.db.selectFrom('pa_session').select('id_hash').where('account_id', '=', account.id).executeTakeFirst(), undefined);
      const after = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
      assert.match(after.body, /个人\/法人登录/);
    } finally { await app.close(); }
  });

  test('5 tries (parallel guesses counted), then even the right code is refused; expired code refused', async () => {
    const clock = movableClock('2026-12-07T03:00:00Z');
    const { t, app, file } = await setup(clock);
    try {
      await post(app, '/me/sign-in/code', { phone: '13800000001' });
      const [code] = codesIn(file, '13800000001');
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const first = await post(app, '/me/sign-in/verify', { phone: '13800000001', code: wrong });
      assert.equal(first.statusCode, 400);
      assert.match(first.body, /验证码不正确，还可以再试 4 次/);
      const parallel = await Promise.all([1, 2, 3, 4, 5].map(() => post(app, '/me/sign-in/verify', { phone: '13800000001', code: wrong })));
      assert.ok(parallel.every((r) => r.statusCode === 400));
      assert.equal(parallel.filter((r) => /尝试次数已用完/.test(r.body)).length, 2); // the 5th try and the refused 6th
      const right = await post(app, '/me/sign-in/verify', { phone: '13800000001', code: code! });
      assert.equal(right.statusCode, 400);
      assert.match(right.body, /尝试次数已用完/);
      assert.doesNotMatch(String(right.headers['set-cookie'] ?? ''), /gk_me=/);
      const row = await t.db.selectFrom('pa_sign_in_code').select(['attempts', 'used_at']).where('phone', '=', '13800000001').executeTakeFirstOrThrow();
      assert.equal(Number(row.attempts), 5);
      assert.equal(row.used_at, null);

      // expiry: a fresh code for another number, 5 minutes and 1 second later
      await post(app, '/me/sign-in/code', { phone: '13800000002' });
      const [late] = codesIn(file, '13800000002');
      clock.advance(5 * 60_000 + 1000);
      const expired = await post(app, '/me/sign-in/verify', { phone: '13800000002', code: late! });
      assert.equal(expired.statusCode, 400);
      assert.match(expired.body, /验证码已过期/);
      assert.equal(await t.db.selectFrom('pa_account').select('id').where('login_key', 'in', ['sms:13800000001', 'sms:13800000002']).executeTakeFirst(), undefined);
    } finally { await app.close(); }
  });

  test('flood limits per phone (60 s, 5 an hour) and per address (20 an hour); a new code ends the old one; return_to stays on this site', async () => {
    const clock = movableClock('2026-12-07T04:00:00Z');
    const { t, app, file } = await setup(clock);
    try {
      const phone = '13700000003';
      assert.equal((await post(app, '/me/sign-in/code', { phone })).statusCode, 200);
      const soon = await post(app, '/me/sign-in/code', { phone });
      assert.equal(soon.statusCode, 429);
      assert.equal(soon.headers['retry-after'], '60');
      assert.match(soon.body, /验证码发送过于频繁，请于 2026-12-07 12:01:00 后再获取/);
      assert.match(soon.body, /name="phone" value="13700000003"/);
      assert.equal(codesIn(file, phone).length, 1);
      for (let i = 2; i <= 5; i++) {
        clock.advance(61_000);
        assert.equal((await post(app, '/me/sign-in/code', { phone })).statusCode, 200, `code ${i}`);
      }
      clock.advance(61_000);
      const hourly = await post(app, '/me/sign-in/code', { phone });
      assert.equal(hourly.statusCode, 429);
      assert.match(hourly.body, /一小时内获取验证码的次数已达上限，请于 2026-12-07 13:00:00 后再试/);
      const codes = codesIn(file, phone);
      assert.equal(codes.length, 5);
      // an earlier code no longer works once a newer one was sent; the newest does, and return_to=//evil.example goes to /me
      if (codes[0] !== codes[4]) {
        const old = await post(app, '/me/sign-in/verify', { phone, code: codes[0]! });
        assert.equal(old.statusCode, 400);
      }
      // signing in ends the session the browser held before (another person's, on a shared computer)
      const before = await signInResident(t.db, { phone: '13600009999' }, { now: clock.now() });
      const ok = await post(app, '/me/sign-in/verify', { phone, code: codes[4]!, return_to: '//evil.example' }, { cookie: before.cookie });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/me');
      assert.equal(await t.db.selectFrom('pa_session').select('id_hash').where('account_id', '=', before.accountId).executeTakeFirst(), undefined);

      const address = '203.0.113.9';
      for (let i = 0; i < 20; i++) {
        assert.equal((await post(app, '/me/sign-in/code', { phone: `1360000${String(i).padStart(4, '0')}` }, { address })).statusCode, 200);
      }
      const flooded = await post(app, '/me/sign-in/code', { phone: '13500000099' }, { address });
      assert.equal(flooded.statusCode, 429);
      assert.match(flooded.body, /您所在的网络一小时内获取验证码的次数已达上限/);
      assert.match(flooded.body, /name="phone"[^>]*value="13500000099"/);
      assert.equal(codesIn(file, '13500000099').length, 0);
      // another address is not held back
      assert.equal((await post(app, '/me/sign-in/code', { phone: '13500000099' }, { address: '198.51.100.7' })).statusCode, 200);
    } finally { await app.close(); }
  });

  test('bad phone, bad code, missing CSRF and an evil return_to are refused', async () => {
    const clock = movableClock('2026-12-07T05:00:00Z');
    const { app, file } = await setup(clock);
    try {
      const bad = await post(app, '/me/sign-in/code', { phone: '12345678901' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /请输入正确的中国大陆手机号码/);
      assert.match(bad.body, /value="12345678901"/);
      assert.equal(fs.existsSync(file), false);
      const empty = await post(app, '/me/sign-in/verify', { phone: '13912345678', code: '12ab' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /验证码是 6 位数字/);
      const none = await post(app, '/me/sign-in/verify', { phone: '13912345670', code: '123456' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /请先获取验证码/);
      const noCsrf = await app.inject({ method: 'POST', url: '/me/sign-in/code', headers: { cookie: BASE }, payload: { phone: '13912345678' } });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(fs.existsSync(file), false);
      const evil = await app.inject({ method: 'GET', url: '/me/sign-in?return_to=%2F%2Fevil.example', headers: { cookie: BASE } });
      assert.match(evil.body, /name="return_to" value="\/me"/);
      assert.doesNotMatch(evil.body, /evil\.example/);
    } finally { await app.close(); }
  });

  test('the demo page says where the code is; with PUBLIC_OIDC_* the identity service button comes first', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, movableClock('2026-12-07T06:00:00Z'), {
      PUBLIC_OIDC_ISSUER: 'http://127.0.0.1:9/oidc', PUBLIC_OIDC_CLIENT_ID: 'gk', PUBLIC_OIDC_CLIENT_SECRET: 'x', PUBLIC_OIDC_REDIRECT_URI: 'http://127.0.0.1/me/sign-in/oidc/callback', PUBLIC_OIDC_LABEL: '河北政务服务网',
    });
    try {
      const page = await app.inject({ method: 'GET', url: '/me/sign-in?return_to=%2Fme%2Fexport' });
      assert.match(page.body, /演示环境：验证码在服务器日志（控制台）中/);
      assert.match(page.body, /href="\/me\/sign-in\/oidc\?return_to=%2Fme%2Fexport">使用河北政务服务网登录/);
      assert.ok(page.body.indexOf('使用河北政务服务网登录') < page.body.indexOf('action="/me/sign-in/code"'));
    } finally { await app.close(); }
  });
});
