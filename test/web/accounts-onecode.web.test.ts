// 一码办 (issue 21 §4): the person's code on /me/code, a window desk reading it by the 8-character
// code or the QR URL, the confirmation on the phone, the single take of the fields (audit and the
// person's activity), declines, expiry, replays, forged tokens, another reader, and the kiosk path.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo } from '../support/app.ts';
import { signInResident, type TestResident } from '../support/resident.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import type { App } from '../../src/platform/web/server.tsx';
import type { Db } from '../../src/schema.ts';
import { renderToString } from 'preact-render-to-string';
import { meSections } from '../../src/modules/accounts/me-sections.ts';
import { purgeUnscanned } from '../../src/modules/accounts/onecode.service.ts';

const ID = '11010519491231002X';
const PHONE = '13912345678';

forEachDialect('一码办', (getDb) => {
  let app: App;
  let db: Db;
  let at = Date.parse('2026-12-07T02:00:00Z');
  const clock = { now: () => new Date(at), today: () => localDateOf(new Date(at)) };
  let staff: string;
  let other: string;
  let staffId: number;
  let otherId: number;
  let person: TestResident;
  let n = 0;

  before(async () => {
    db = getDb().db;
    app = (await buildTestApp(getDb(), clock)).app;
    person = await signInResident(db, { phone: PHONE, name: '张三', idNumber: ID }, { now: new Date(at) });
    staff = await signIn(app, 'cixian.window');
    other = await signIn(app, 'cixian.editor');
    staffId = (await db.selectFrom('staff_user').select('id').where('username', '=', 'cixian.window').executeTakeFirstOrThrow()).id;
    otherId = (await db.selectFrom('staff_user').select('id').where('username', '=', 'cixian.editor').executeTakeFirstOrThrow()).id;
  });
  after(async () => app.close());

  /** A fresh resident (the issuing limit is per account) showing a code: the token, the short code and the read. */
  async function show(who?: TestResident) {
    const r = who ?? await signInResident(db, { phone: `1370000${String(++n).padStart(4, '0')}`, name: '李四' }, { now: new Date(at) });
    const page = await app.inject({ method: 'GET', url: '/me/code', headers: { cookie: r.cookie } });
    assert.equal(page.statusCode, 200, page.body.slice(0, 200));
    const token = /data-url="[^"]*\/c\/([A-Za-z0-9_.-]+)"/.exec(page.body)?.[1];
    const short = /class="onecode-short"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([A-Z0-9 ]+)<\/p>/.exec(page.body)?.[1];
    const read = /class="onecode-code"[^>]*data-read="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(token && short && read, 'the page shows a QR URL, the 8-character code and the read');
    return { resident: r, page, token, short, read };
  }

  const desk = (cookie: string, payload: Record<string, string>, json = false) =>
    app.inject({ method: 'POST', url: '/staff/desk/code', headers: { cookie, ...(json ? { accept: 'application/json' } : {}) }, payload: { _csrf: CSRF, ...payload } });

  test('issue → desk reads the 8-character code → the person sees the request and accepts → the fields are taken once, audited', async () => {
    const { page, token, short, read } = await show(person);
    // the token and the QR URL hold no personal data, and the page refreshes itself every minute
    for (const secret of [PHONE, ID, '张三', person.publicId]) assert.ok(!token.includes(secret) && !page.body.match(new RegExp(`/c/[^"<]*${secret}`)), secret);
    assert.match(token, /^[A-Za-z0-9_-]{16}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    assert.equal(page.headers.refresh, '60');
    assert.match(short, /^[2-9A-HJKMNP-Z]{4} [2-9A-HJKMNP-Z]{4}$/);
    const scanned = await app.inject({ method: 'GET', url: `/c/${token}` });
    assert.equal(scanned.statusCode, 200);
    assert.match(scanned.body, /请在政务服务窗口或自助终端出示此码/);
    assert.ok(!scanned.body.includes('张三') && !scanned.body.includes('3912'));

    // the window types it in lower case with spaces; asks for two fields by code and label
    const res = await desk(staff, { code: ` ${short.toLowerCase()} `, fields: 'name,身份证号码', purpose: '办理居住证', next: '/staff/desk/apply' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, `/staff/desk/code/${read}?next=${encodeURIComponent('/staff/desk/apply')}`);
    const waiting = await app.inject({ method: 'GET', url: `/staff/desk/code/${read}`, headers: { cookie: staff } });
    assert.equal(waiting.statusCode, 200);
    assert.match(waiting.body, /data-state="scanned"/);
    assert.ok(!waiting.body.includes('张三'));
    assert.deepEqual((await app.inject({ method: 'GET', url: `/staff/desk/code/${read}.json`, headers: { cookie: staff } })).json(), { read, state: 'scanned' });
    // another staff member: nothing, not even the state
    assert.equal((await app.inject({ method: 'GET', url: `/staff/desk/code/${read}.json`, headers: { cookie: other } })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/staff/desk/code/${read}`, headers: { cookie: other } })).statusCode, 404);
    assert.equal(await app.oneCode!.takeForStaff(read, staffId), null, 'not confirmed yet');

    // the person's phone: who asks, for what, which fields (masked)
    const status = (await app.inject({ method: 'GET', url: '/me/code/status', headers: { cookie: person.cookie } })).json();
    assert.equal(status.pending, read);
    const ask = await app.inject({ method: 'GET', url: '/me/code', headers: { cookie: person.cookie } });
    assert.match(ask.body, /有人请求读取您的信息/);
    assert.match(ask.body, /磁县[^<]*工作人员 磁\*+/);
    assert.match(ask.body, /办理居住证/);
    assert.match(ask.body, /110105\*{8}002X/);
    assert.match(ask.body, /张\*/);
    assert.ok(!ask.body.includes(ID));
    const accept = await postForm(app, `/me/code/${read}/decide`, person.cookie, { decision: 'accept' });
    assert.equal(accept.statusCode, 303);
    const confirmed = await app.inject({ method: 'GET', url: `/staff/desk/code/${read}?next=${encodeURIComponent('/staff/desk/apply')}`, headers: { cookie: staff } });
    assert.match(confirmed.body, /data-state="confirmed"/);
    assert.ok(confirmed.body.includes(`/staff/desk/apply?code_read=${read}`));

    // only the reader who scanned takes the values, once
    assert.equal(await app.oneCode!.takeForStaff(read, otherId), null);
    assert.deepEqual(await app.oneCode!.takeForStaff(read, staffId), { name: '张三', id_number: ID });
    assert.equal(await app.oneCode!.takeForStaff(read, staffId), null, 'a second take gives nothing');
    assert.deepEqual((await app.inject({ method: 'GET', url: `/staff/desk/code/${read}.json`, headers: { cookie: staff } })).json(), { read, state: 'used' });

    const audit = await db.selectFrom('audit_log').selectAll().where('entity', '=', 'pa_code').where('entity_id', '=', read).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.actor_id, a.org_code]), [['onecode.scan', staffId, '130427'], ['onecode.take', staffId, '130427']]);
    assert.ok(audit.every((a) => !`${a.after_json}`.includes('张三') && !`${a.after_json}`.includes(ID)));
    const activity = await db.selectFrom('pa_activity').select(['kind', 'detail']).where('account_id', '=', person.accountId).where('kind', 'like', 'code_%').orderBy('id').execute();
    assert.equal(activity.length, 2);
    assert.equal(activity[0]!.kind, 'code_shared');
    assert.match(activity[0]!.detail, /同意向「磁县[^」]*」提供：姓名、身份证号码（用途：办理居住证）/);
    assert.match(activity[1]!.detail, /已读取：姓名、身份证号码/);
    assert.ok(activity.every((a) => !a.detail.includes(ID)));
    // the person's history shows the use and its outcome
    const after = await app.inject({ method: 'GET', url: '/me/code', headers: { cookie: person.cookie } });
    assert.match(after.body, /最近使用[\s\S]*磁县[\s\S]*姓名、身份证号码[\s\S]*已使用/);
    // the block on /me (order 50) links to the page and lists the use
    const section = meSections(app).find((x) => x.id === 'onecode')!;
    assert.equal(section.order, 50);
    const block = renderToString((await section.render({ resident: { accountId: person.accountId } } as never))!);
    assert.match(block, /href="\/me\/code"/);
    assert.match(block, /磁县[^<]*：姓名、身份证号码（已使用）/);
  });

  test('decline; a replayed token, an expired code, a forged token and another account are refused', async () => {
    const a = await show();
    // the QR URL as the scanner reads it, answered in JSON
    const res = await desk(staff, { code: `http://localhost/c/${a.token}`, fields: 'phone', purpose: '' }, true);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(Object.keys(res.json()).sort(), ['expiresAt', 'read', 'state']);
    assert.equal(res.json().read, a.read);
    const replay = await desk(staff, { code: a.token, fields: 'phone' }, true);
    assert.equal(replay.statusCode, 409);
    assert.equal(replay.json().code, 'code_used');
    // another account cannot decide on this read
    const stranger = await show();
    assert.equal((await postForm(app, `/me/code/${a.read}/decide`, stranger.resident.cookie, { decision: 'accept' })).statusCode, 404);
    const decline = await postForm(app, `/me/code/${a.read}/decide`, a.resident.cookie, { decision: 'decline' });
    assert.equal(decline.statusCode, 303);
    assert.equal(await app.oneCode!.takeForStaff(a.read, staffId), null);
    assert.deepEqual((await app.inject({ method: 'GET', url: `/staff/desk/code/${a.read}.json`, headers: { cookie: staff } })).json(), { read: a.read, state: 'declined' });
    const declined = await db.selectFrom('pa_activity').select('detail').where('account_id', '=', a.resident.accountId).where('kind', '=', 'code_declined').execute();
    assert.equal(declined.length, 1);
    assert.match(declined[0]!.detail, /拒绝向「磁县[^」]*」提供：手机号码/);

    // a newer code expires the older one; six minutes later the newest has expired too
    const older = await show(stranger.resident);
    const newer = await show(stranger.resident);
    assert.equal((await desk(staff, { code: older.short, fields: 'name' }, true)).json().code, 'code_expired');
    const saved = at;
    at += 6 * 60_000;
    try {
      const late = await desk(staff, { code: newer.token, fields: 'name' }, true);
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().code, 'code_expired');
      const lateShort = await desk(staff, { code: newer.short, fields: 'name' });
      assert.equal(lateShort.statusCode, 409);
      assert.match(lateShort.body, /已过期/);
    } finally { at = saved; }

    // a forged or altered token, an unknown short code: 404, nothing read
    const fresh = await show();
    const tampered = fresh.token.slice(0, -1) + (fresh.token.endsWith('A') ? 'B' : 'A');
    const exp = fresh.token.split('.');
    const longer = `${exp[0]}.${(parseInt(exp[1]!, 36) + 3600).toString(36)}.${exp[2]}`;
    for (const code of [tampered, longer, 'ZZZZ ZZZZ', 'not a code']) {
      const r = await desk(staff, { code, fields: 'name' }, true);
      assert.equal(r.statusCode, 404, code);
      assert.equal(r.json().code, 'code_unknown');
    }
    assert.equal((await app.inject({ method: 'GET', url: '/me/code/status', headers: { cookie: fresh.resident.cookie } })).json().state, 'issued');
    // a day after expiry the codes nobody scanned are deleted; scanned ones stay as history
    const count = async (id: number) => (await db.selectFrom('pa_code').select('state').where('account_id', '=', id).execute()).length;
    assert.equal(await count(stranger.resident.accountId), 3);
    assert.ok(await purgeUnscanned(db, new Date(at + 25 * 3600_000)) >= 3);
    assert.equal(await count(stranger.resident.accountId), 0);
    assert.equal(await count(a.resident.accountId), 1, 'the declined read is history');
    // bad input: a form comes back with its errors and values
    const bad = await desk(staff, { code: fresh.short, fields: 'shoe_size', purpose: 'x'.repeat(51), next: '//evil.example/' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /shoe_size/);
    assert.match(bad.body, /用途不超过50字/);
  });

  test('a kiosk reads with its own secret; a wrong secret or venue takes nothing', async () => {
    const venue = (await db.selectFrom('sm_venue').select('public_id').where('org_code', 'like', '130427%').orderBy('id').executeTakeFirstOrThrow()).public_id;
    const a = await show();
    assert.equal((await app.inject({ method: 'POST', url: '/kiosk/NOVENUE/code', headers: { cookie: `gk_csrf=${CSRF}`, accept: 'application/json' }, payload: { _csrf: CSRF, code: a.short, fields: 'name' } })).statusCode, 404);
    const res = await app.inject({ method: 'POST', url: `/kiosk/${venue}/code`, headers: { cookie: `gk_csrf=${CSRF}`, accept: 'application/json' }, payload: { _csrf: CSRF, code: a.short, fields: ['name', 'phone'], purpose: '打印证明' } });
    assert.equal(res.statusCode, 201, res.body);
    const { read, secret } = res.json() as { read: string; secret: string };
    const cookie = (res.cookies as { name: string; value: string; path?: string; httpOnly?: boolean }[]).find((c) => c.name === 'gk_kiosk_code')!;
    assert.equal(cookie.value, secret);
    assert.equal(cookie.path, `/kiosk/${venue}`);
    assert.ok(cookie.httpOnly);
    assert.deepEqual((await app.inject({ method: 'GET', url: `/kiosk/${venue}/code/${read}.json`, headers: { cookie: `gk_kiosk_code=${secret}` } })).json(), { read, state: 'scanned' });
    assert.equal((await app.inject({ method: 'GET', url: `/kiosk/${venue}/code/${read}.json` })).statusCode, 404);
    const ask = await app.inject({ method: 'GET', url: '/me/code', headers: { cookie: a.resident.cookie } });
    assert.match(ask.body, /自助终端/);
    assert.equal((await postForm(app, `/me/code/${read}/decide`, a.resident.cookie, { decision: 'accept' })).statusCode, 303);
    assert.equal(await app.oneCode!.takeForKiosk(read, venue, 'wrong-secret'), null);
    assert.equal(await app.oneCode!.takeForKiosk(read, 'NOVENUE', secret), null);
    assert.equal(await app.oneCode!.takeForStaff(read, staffId), null, 'a kiosk read is not a staff read');
    assert.deepEqual(await app.oneCode!.takeForKiosk(read, venue, secret), { name: '李四', phone: (await db.selectFrom('pa_account').select('phone').where('id', '=', a.resident.accountId).executeTakeFirstOrThrow()).phone });
    assert.equal(await app.oneCode!.takeForKiosk(read, venue, secret), null);
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_label']).where('entity_id', '=', read).orderBy('id').execute();
    assert.deepEqual(audit.map((x) => x.action), ['onecode.scan', 'onecode.take']);
    assert.match(audit[0]!.actor_label, /自助终端/);
  });
}, withDemo);
