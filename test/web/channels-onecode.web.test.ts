// 一码办 on the window desk and the kiosk (issue 21 §4) over HTTP, with a recording reader in place of
// the accounts module's (app.oneCode): without a reader the panel is not offered; with one, the
// walk-in application and the kiosk's 留言/好差评 forms offer it (fields by form, a plain form that
// works without JavaScript), and `?code_read=` makes the page take the read once on the server —
// for this staff member, or with the kiosk's secret cookie — and fill the form (never stored by a
// cache); a read that cannot be taken says so and fills nothing; a malformed id is never looked up.
// jsQR's browser build is served first-party.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, cookiesFrom, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import type { OneCodeReader, SharedFields } from '../../src/platform/auth/resident.ts';
import { openPii } from '../../src/platform/auth/pii.ts';
import { idCardProblem, usccProblem } from '../../src/platform/validate/cn-id.ts';
import { DEMO_ENTERPRISE, DEMO_PERSON } from '../../src/modules/accounts/index.ts';
import { signInResident } from '../support/resident.ts';

const VENUE = 'CX-ZWFW';
const PERSON: SharedFields = { name: '张三（演示）', id_number: '11010519491231002X', phone: '19912340001' };

/** A reader that hands each confirmed read out once, and records every call. */
function recordingReader() {
  const calls: string[][] = [];
  const reads = new Map<string, { staff?: number; venue?: string; secret?: string; fields: SharedFields }>();
  const reader: OneCodeReader = {
    takeForStaff: async (read, staffUserId) => {
      calls.push(['staff', read, String(staffUserId)]);
      const r = reads.get(read);
      if (!r || r.staff !== staffUserId) return null;
      reads.delete(read);
      return r.fields;
    },
    takeForKiosk: async (read, venue, secret) => {
      calls.push(['kiosk', read, venue, secret]);
      const r = reads.get(read);
      if (!r || r.venue !== venue || r.secret !== secret) return null;
      reads.delete(read);
      return r.fields;
    },
  };
  return { reader, calls, reads };
}

forEachDialect('一码办 on the desk and the kiosk', (get) => {
  let t: TestApp;
  let realReader: OneCodeReader | null = null;
  let clerk = '';
  let clerkId = 0;
  const rec = recordingReader();

  before(async () => {
    t = await buildTestApp(get());
    realReader = t.app.oneCode;
    const signedIn = await signIn(t.app, 'cixian.window');
    clerk = cookiesFrom(await postForm(t.app, '/staff/desk/place', signedIn, { venue: VENUE, window: '' }), signedIn);
    clerkId = (await get().db.selectFrom('staff_user').select('id').where('username', '=', 'cixian.window').executeTakeFirstOrThrow()).id;
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('without a reader (no accounts module) nothing of 一码办 is offered and ?code_read= is ignored', async () => {
    t.app.oneCode = null;
    const page = await t.app.inject({ url: '/staff/desk/apply?code_read=ABCDEFGH12', headers: { cookie: clerk } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /action="\/staff\/desk\/code"/);
    assert.doesNotMatch(page.body, /一码办/);
    const kiosk = await t.app.inject(`/kiosk/${VENUE}/message`);
    assert.doesNotMatch(kiosk.body, /\/code"/);
  });

  test('desk: the panel asks for name, ID number and phone by default; ?code_read= takes the read once for this clerk and fills the form, not cached', async () => {
    t.app.oneCode = rec.reader;
    assert.match((await t.app.inject({ url: '/staff/desk', headers: { cookie: clerk } })).body, /申请人可出示「一码办」二维码/, 'the desk says the walk-in form reads codes');
    const page = await t.app.inject({ url: '/staff/desk/apply', headers: { cookie: clerk } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/staff\/desk\/code"/, 'a plain form: works without JavaScript');
    assert.match(page.body, /name="next" value="\/staff\/desk\/apply"/);
    assert.match(page.body, /name="_csrf" value="[^"]+"/);
    for (const code of ['name', 'id_number', 'phone']) assert.match(page.body, new RegExp(`name="fields" value="${code}" checked`), code);
    assert.match(page.body, /name="fields" value="email"(?! checked)/, 'e-mail offered, not asked by default');
    assert.match(page.body, /name="code" type="text"/);
    assert.match(page.body, /data-msg-waiting="请在手机上确认"/);
    assert.match(page.body, /src="\/assets\/channels\/onecode.js"/);

    rec.reads.set('READ-desk-1', { staff: clerkId, fields: PERSON });
    rec.reads.set('READ-desk-2', { staff: clerkId + 999, fields: PERSON });
    const filled = await t.app.inject({ url: '/staff/desk/apply?code_read=READ-desk-1', headers: { cookie: clerk } });
    assert.equal(filled.statusCode, 200);
    assert.equal(filled.headers['cache-control'], 'private, no-store');
    assert.deepEqual(rec.calls.at(-1), ['staff', 'READ-desk-1', String(clerkId)]);
    assert.match(filled.body, /name="applicant_name"[^>]*value="张三（演示）"/);
    assert.match(filled.body, /name="applicant_id_number"[^>]*value="11010519491231002X"/, 'staff need the full number in their form');
    assert.match(filled.body, /name="applicant_phone"[^>]*value="19912340001"/);
    assert.match(filled.body, /<option value="natural_person" selected/);
    assert.match(filled.body, /已按一码办填写：姓名、手机号码、身份证号码/);

    // taken once: the same read again fills nothing; another clerk's read is refused by the reader
    for (const read of ['READ-desk-1', 'READ-desk-2']) {
      const again = await t.app.inject({ url: `/staff/desk/apply?code_read=${read}`, headers: { cookie: clerk } });
      assert.equal(again.statusCode, 200);
      assert.doesNotMatch(again.body, /11010519491231002X/);
      assert.match(again.body, /一码办读取的信息已失效/);
    }
    // a malformed id (or a repeated parameter's junk) is never looked up
    const n = rec.calls.length;
    await t.app.inject({ url: '/staff/desk/apply?code_read=../../etc', headers: { cookie: clerk } });
    assert.equal(rec.calls.length, n);
  });

  test('desk: an enterprise\'s 统一社会信用代码 and name fill the applicant as 法人或其他组织', async () => {
    t.app.oneCode = rec.reader;
    rec.reads.set('READ-desk-ent', { staff: clerkId, fields: { org_name: '磁县演示科技有限公司', uscc: '91130427MA0A1B2C3L', phone: '19912340002' } });
    const filled = await t.app.inject({ url: '/staff/desk/apply?code_read=READ-desk-ent', headers: { cookie: clerk } });
    assert.match(filled.body, /<option value="legal_person" selected/);
    assert.match(filled.body, /name="applicant_name"[^>]*value="磁县演示科技有限公司"/);
    assert.match(filled.body, /name="applicant_id_number"[^>]*value="91130427MA0A1B2C3L"/);
  });

  test('kiosk: 留言 and 好差评 offer name and phone with the on-screen keyboard; the read is taken with the kiosk\'s secret cookie, which then goes', async () => {
    t.app.oneCode = rec.reader;
    for (const [path, nameField, phoneField] of [['message', 'contact_name', 'contact_phone'], ['rate', 'rater_name', 'rater_phone']] as const) {
      const url = `/kiosk/${VENUE}/${path}`;
      const page = await t.app.inject(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<form method="post" action="/kiosk/${VENUE}/code"`));
      assert.match(page.body, new RegExp(`name="next" value="/kiosk/${VENUE}/${path}"`));
      assert.match(page.body, /name="fields" value="name" checked/);
      assert.match(page.body, /name="fields" value="phone" checked/);
      assert.doesNotMatch(page.body, /name="fields" value="id_number"/, 'a kiosk form never asks for the ID number');
      assert.match(page.body, /class="kiosk-input codescan-code" data-kiosk-keyboard="en"/);

      const read = `READ-kiosk-${path}`;
      rec.reads.set(read, { venue: VENUE, secret: 's3cret-value', fields: { name: '张三（演示）', phone: '19912340001' } });
      const noCookie = await t.app.inject(`${url}?code_read=${read}`);
      assert.match(noCookie.body, /一码办读取的信息已失效/, 'no secret: nothing taken');
      assert.equal(rec.calls.filter((c) => c[1] === read).length, 0, 'not even asked');
      const filled = await t.app.inject({ url: `${url}?code_read=${read}`, headers: { cookie: 'gk_kiosk_code=s3cret-value' } });
      assert.equal(filled.headers['cache-control'], 'no-store');
      assert.deepEqual(rec.calls.at(-1), ['kiosk', read, VENUE, 's3cret-value']);
      assert.match(filled.body, new RegExp(`name="${nameField}"[^>]*value="张三（演示）"`));
      assert.match(filled.body, new RegExp(`name="${phoneField}"[^>]*value="19912340001"`));
      assert.doesNotMatch(filled.body, /action="\/kiosk\/[^"]+\/code"/, 'filled: the panel steps aside');
      const cleared = String(filled.headers['set-cookie'] ?? '');
      assert.match(cleared, new RegExp(`gk_kiosk_code=;.*Path=/kiosk/${VENUE}`));
      const again = await t.app.inject({ url: `${url}?code_read=${read}`, headers: { cookie: 'gk_kiosk_code=s3cret-value' } });
      assert.doesNotMatch(again.body, /19912340001/);
    }
  });

  test('kiosk with the accounts module\'s own reader: the code typed, accepted on the phone, the 留言 form filled with the secret cookie set by the kiosk\'s read, once', async () => {
    assert.ok(realReader, 'the accounts module sets app.oneCode');
    t.app.oneCode = realReader;
    const person = await signInResident(get().db, { phone: '13800000066', name: '赵六（测试）' });
    const shown = await t.app.inject({ url: '/me/code', headers: { cookie: person.cookie } });
    const short = /class="onecode-short"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([A-Z0-9 ]+)<\/p>/.exec(shown.body)?.[1];
    assert.ok(short, 'the resident sees an 8-character code');
    const kioskPage = await t.app.inject(`/kiosk/${VENUE}/message`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(kioskPage.body)![1]!;
    const kioskCookies = String(kioskPage.headers['set-cookie'] ?? '').split(/,(?=\s*\w+=)/).map((c) => c.split(';')[0]!.trim()).filter(Boolean).join('; ');
    const scan = await t.app.inject({
      method: 'POST', url: `/kiosk/${VENUE}/code`, headers: { accept: 'application/json', cookie: kioskCookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, code: short!, fields: 'name', purpose: '自助终端填写民心直通车留言', next: `/kiosk/${VENUE}/message` }).toString() + '&fields=phone',
    });
    assert.equal(scan.statusCode, 201, scan.body);
    const read = scan.json().read as string;
    const secretCookie = /gk_kiosk_code=([^;]+)/.exec(String(scan.headers['set-cookie']))?.[1];
    assert.ok(secretCookie, 'the kiosk is given its secret as a cookie');
    assert.equal((await postForm(t.app, `/me/code/${read}/decide`, person.cookie, { decision: 'accept' })).statusCode, 303);
    const state = await t.app.inject({ url: `/kiosk/${VENUE}/code/${read}.json`, headers: { cookie: `gk_kiosk_code=${secretCookie}` } });
    assert.equal(state.json().state, 'confirmed');
    const filled = await t.app.inject({ url: `/kiosk/${VENUE}/message?code_read=${read}`, headers: { cookie: `gk_kiosk_code=${secretCookie}` } });
    assert.match(filled.body, /name="contact_name"[^>]*value="赵六（测试）"/);
    assert.match(filled.body, /name="contact_phone"[^>]*value="13800000066"/);
    const again = await t.app.inject({ url: `/kiosk/${VENUE}/message?code_read=${read}`, headers: { cookie: `gk_kiosk_code=${secretCookie}` } });
    assert.doesNotMatch(again.body, /13800000066/, 'taken once');
  });

  test('demo: 张三（演示） and an enterprise sign in by phone, with made-up but check-digit-valid numbers, consent given and demo submissions linked', async () => {
    const db = get().db;
    assert.equal(idCardProblem(DEMO_PERSON.idNumber, '2026-12-06'), null);
    assert.equal(usccProblem(DEMO_ENTERPRISE.uscc), null);
    const person = await db.selectFrom('pa_account').selectAll().where('login_key', '=', `sms:${DEMO_PERSON.phone}`).executeTakeFirstOrThrow();
    assert.equal(person.name, '张三（演示）');
    assert.equal(person.kind, 'person');
    assert.equal(openPii(db, person.id_number_sealed!), DEMO_PERSON.idNumber, 'sealed with the key the app uses');
    assert.ok(person.consent_version && person.consented_at);
    const ent = await db.selectFrom('pa_account').selectAll().where('phone', '=', DEMO_ENTERPRISE.phone).executeTakeFirstOrThrow();
    assert.equal(ent.kind, 'enterprise');
    assert.equal(ent.uscc, DEMO_ENTERPRISE.uscc);
    const linked = async (table: 'application_case' | 'message' | 'rating', id: number) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', id).executeTakeFirstOrThrow()).n);
    assert.ok(await linked('application_case', person.id) >= 1);
    assert.ok(await linked('message', person.id) >= 1);
    assert.ok(await linked('application_case', ent.id) >= 1, 'a 法人 application for the enterprise');
  });

  test('jsQR\'s browser build is served first-party as JavaScript with a long cache', async () => {
    const res = await t.app.inject('/assets/channels/jsqr.js');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/javascript/);
    assert.match(String(res.headers['cache-control']), /max-age=\d{5,}/);
    assert.match(res.body, /root\["jsQR"\]/);
    const script = await t.app.inject('/assets/channels/onecode.js');
    assert.equal(script.statusCode, 200);
  });
}, withDemo);
