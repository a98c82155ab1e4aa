// Issue 21 §3: the public forms filled from a signed-in account, and every submission made while
// signed in linked to it (account_id in the submission's transaction). The ID number is shown masked
// only; the server uses the sealed one; a form field never sets the account; signed out is unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, withDemo, type TestApp } from '../support/app.ts';
import { signInResident, type TestResident } from '../support/resident.ts';
import { multipart, tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { idCardCheckChar, usccCheckChar } from '../../src/platform/validate/cn-id.ts';
import { maskIdNumber } from '../../src/platform/log/mask.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const ID = `13042719900101123${idCardCheckChar('13042719900101123')}`;
const OTHER_ID = `13042719851231002${idCardCheckChar('13042719851231002')}`;
const USCC = `91130427MA07XY8K1${usccCheckChar('91130427MA07XY8K1')}`;
const ANSWERS = { org: '130427', description: '请公开本村2025年低保名单', delivery: 'online' };

forEachDialect('forms filled from the account', (get) => {
  let t: TestApp;
  let person: TestResident;
  let sms: TestResident;
  let firm: TestResident;
  let address = 0;
  const remote = () => `10.21.${Math.floor(++address / 250)}.${address % 250}`;
  const post = (url: string, cookie: string, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, remoteAddress: remote(), headers: { cookie }, payload: { _csrf: CSRF, ...payload } });
  const page = (url: string, cookie: string) => t.app.inject({ url, remoteAddress: remote(), headers: { cookie } });
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
  const anon = `gk_csrf=${CSRF}`;

  before(async () => {
    await withDemo(get());
    t = await buildTestApp(get(), clock);
    const now = clock.now();
    person = await signInResident(get().db, { phone: '13912345678', name: '张三', idNumber: ID }, { now, loginKey: 'oidc:test|person-1' });
    sms = await signInResident(get().db, { phone: '13700002222' }, { now });
    firm = await signInResident(get().db, { phone: '13600003333', kind: 'enterprise', name: '李经理', uscc: USCC, orgName: '磁县示范商贸有限公司' }, { now, loginKey: 'oidc:test|firm-1' });
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  /** The check page for these answers, then the submit with its captcha: the created case. */
  async function apply(cookie: string, answers: Record<string, string>) {
    const check = await post('/applications/apply', cookie, { goto: 'check', ...answers });
    assert.equal(check.statusCode, 200, check.body.slice(0, 300));
    const token = hidden(check.body, 'captcha_token');
    const res = await post('/applications/submit', cookie, { ...answers, submission_id: hidden(check.body, 'submission_id'), captcha_token: token, captcha_answer: solveCaptchaForTest(token, clock.now()) });
    return { check, res };
  }
  const caseOf = (location: string | undefined) =>
    get().db.selectFrom('application_case').selectAll().where('reference', '=', decodeURIComponent(String(location).split('/').pop()!)).executeTakeFirstOrThrow();

  test('依申请公开, a verified person: type preselected, name and ID locked (masked, never in full), contact editable; the case carries the account and the full ID number', async () => {
    const c = `${person.cookie}`;
    assert.match((await page('/applications/apply', c)).body, /您已登录（张三）/);
    const type = await post('/applications/apply', c, { goto: 'type' });
    assert.match(type.body, /value="natural_person" checked/);
    assert.match(type.body, /name="applicant_phone" value="13912345678"/);
    const idStep = await post('/applications/apply', c, { goto: 'id_number', applicant_type: 'natural_person' });
    assert.match(idStep.body, new RegExp(`${maskIdNumber(ID).replace(/\*/g, '\\*')} <span class="tag">已通过实名认证</span>`));
    assert.doesNotMatch(idStep.body, /<input[^>]*name="applicant_id_number"[^>]*type="text"|id="applicant_id_number"/);
    assert.ok(!idStep.body.includes(ID));
    // a crafted form: someone else's name and ID number, an account_id — none of it is used
    const crafted = { applicant_type: 'natural_person', applicant_name: '李四', applicant_id_number: OTHER_ID, applicant_phone: '13800001111', account_id: String(firm.accountId), ...ANSWERS };
    const { check, res } = await apply(c, crafted);
    assert.match(check.body, /张三（已通过实名认证）/);
    assert.ok(!check.body.includes(ID) && !check.body.includes(OTHER_ID));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const row = await caseOf(res.headers.location);
    assert.equal(Number(row.account_id), person.accountId);
    assert.equal(row.applicant_name, '张三');
    assert.equal(row.applicant_id_number, ID);
    assert.equal(row.applicant_phone, '13800001111'); // contact stays editable
    // a step re-shown with an error keeps what was typed and the locked values
    const bad = await post('/applications/apply', c, { step: 'contact', applicant_type: 'natural_person', applicant_email: 'not-an-email' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="not-an-email"/);
    assert.match(bad.body, /name="applicant_name" value="张三"/);
  });

  test('依申请公开 signed out is unchanged: an account_id field is ignored, a masked ID number posted back is never stored', async () => {
    const masked = await apply(anon, { applicant_type: 'natural_person', applicant_name: '王五', applicant_id_number: maskIdNumber(ID), applicant_phone: '13800001111', ...ANSWERS });
    assert.equal(masked.res.statusCode, 400);
    assert.match(masked.res.body, /身份证/);
    const { res } = await apply(anon, { applicant_type: 'natural_person', applicant_name: '王五', applicant_id_number: OTHER_ID, applicant_phone: '13800001111', account_id: String(person.accountId), ...ANSWERS });
    assert.equal(res.statusCode, 303);
    const row = await caseOf(res.headers.location);
    assert.equal(row.account_id, null);
    assert.equal(row.applicant_id_number, OTHER_ID);
  });

  test('依申请公开, an SMS account (phone only): just the phone is filled, name and ID are normal inputs; the case is linked', async () => {
    const type = await post('/applications/apply', sms.cookie, { goto: 'type' });
    assert.match(type.body, /name="applicant_phone" value="13700002222"/);
    const name = await post('/applications/apply', sms.cookie, { goto: 'name', applicant_type: 'natural_person' });
    assert.match(name.body, /<input[^>]*name="applicant_name"/);
    assert.doesNotMatch(name.body, /已通过实名认证/);
    const { res } = await apply(sms.cookie, { applicant_type: 'natural_person', applicant_name: '赵六', applicant_id_number: OTHER_ID, applicant_phone: '13700002222', ...ANSWERS });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const row = await caseOf(res.headers.location);
    assert.equal(Number(row.account_id), sms.accountId);
    assert.equal(row.applicant_name, '赵六');
  });

  test('依申请公开, an enterprise: 法人或其他组织 preselected, 单位名称 and 统一社会信用代码 locked', async () => {
    const type = await post('/applications/apply', firm.cookie, { goto: 'type' });
    assert.match(type.body, /value="legal_person" checked/);
    const id = await post('/applications/apply', firm.cookie, { goto: 'id_number', applicant_type: 'legal_person' });
    assert.match(id.body, new RegExp(`${USCC} <span class="tag">已通过实名认证</span>`));
    const { check, res } = await apply(firm.cookie, { applicant_type: 'legal_person', applicant_subtype: '商业企业', applicant_name: '别的公司', applicant_id_number: '', applicant_phone: '13600003333', ...ANSWERS });
    assert.match(check.body, /磁县示范商贸有限公司（已通过实名认证）/);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const row = await caseOf(res.headers.location);
    assert.equal(Number(row.account_id), firm.accountId);
    assert.equal(row.applicant_name, '磁县示范商贸有限公司');
    assert.equal(row.applicant_id_number, USCC);
  });

  test('民心直通车: contact pre-filled (not on the kiosk); the message carries the session\'s account only', async () => {
    const form = await page('/interaction/messages/new', person.cookie);
    assert.match(form.body, /id="contact_name" name="contact_name" type="text" value="张三"/);
    assert.match(form.body, /value="13912345678"/);
    assert.doesNotMatch((await page('/interaction/kiosk', person.cookie)).body, /value="13912345678"/);
    const send = async (cookie: string) => {
      const f = await page('/interaction/messages/new', cookie);
      const token = hidden(f.body, 'captcha_token');
      const mp = multipart({
        _csrf: CSRF, org: '130427', category: 'sanitation', title: '小区门口垃圾堆积', content: '小区门口垃圾堆积多日，请尽快清运。', address: '磁县阜才社区',
        contact_name: '张三', contact_phone: '13912345678', contact_email: '', is_public: 'no', idempotency_key: hidden(f.body, 'idempotency_key'),
        captcha_token: token, captcha_answer: solveCaptchaForTest(token, clock.now()), account_id: String(firm.accountId),
      });
      const res = await t.app.inject({ method: 'POST', url: '/interaction/messages', remoteAddress: remote(), payload: mp.payload, headers: { ...mp.headers, cookie } });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const reference = /(LY-\d{8}-[A-Z0-9]{5})/.exec(res.body)![1]!;
      return get().db.selectFrom('message').select(['account_id', 'contact_name']).where('reference', '=', reference).executeTakeFirstOrThrow();
    };
    assert.equal(Number((await send(person.cookie)).account_id), person.accountId);
    assert.equal((await send(anon)).account_id, null);
  });

  test('好差评: rater name and phone pre-filled (both or none); the rating carries the account', async () => {
    const venue = (await get().db.selectFrom('sm_venue').select('public_id').where('org_code', 'like', '130427%').orderBy('id').executeTakeFirstOrThrow()).public_id;
    const url = `/rate/web/venue/${encodeURIComponent(venue)}`;
    const named = await page(url, person.cookie);
    assert.match(named.body, /name="rater_name"[^>]*value="张三"/);
    assert.match(named.body, /name="rater_phone"[^>]*value="13912345678"/);
    // a phone alone would be refused (回访 needs a name): the SMS account's form starts empty
    const form = await page(url, sms.cookie);
    assert.doesNotMatch(form.body, /value="13700002222"/);
    const res = await post(url, sms.cookie, { level: 'satisfied', rater_name: '', rater_phone: '', account_id: String(person.accountId), ...(() => { const tk = hidden(form.body, 'captcha_token'); return { captcha_token: tk, captcha_answer: solveCaptchaForTest(tk, clock.now()) }; })() });
    assert.equal(res.statusCode, 200, /class="error-summary"[\s\S]*?<\/ul>/.exec(res.body)?.[0]);
    const id = /评价编号 (PJ[0-9A-Z]{12})/.exec(res.body)![1]!;
    // the single-use link of a 办件: pre-filled the same way, the rating linked in the link's transaction
    const issued = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings/links', headers: { authorization: `Bearer ${await tokenFor(get().db, 'cixian.gkb')}` }, payload: { org: '130427', case_ref: 'BJ2026030200031', subject: '服务场所', venue, phone: '13912345678' } });
    assert.equal(issued.statusCode, 201, issued.body);
    const out = await get().db.selectFrom('notification_outbox').select('body').where('reason', '=', 'rating_link').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const secret = /\/rate\/t\/([A-Za-z0-9_-]+)/.exec(out.body)![1]!;
    assert.match((await page(`/rate/t/${secret}`, person.cookie)).body, /name="rater_name"[^>]*value="张三"/);
    const viaLink = await post(`/rate/t/${secret}`, person.cookie, { level: 'very_satisfied', rater_name: '张三', rater_phone: '13912345678', account_id: String(firm.accountId) });
    assert.equal(viaLink.statusCode, 200, viaLink.body.slice(0, 300));
    const linked = await get().db.selectFrom('rating').select('account_id').where('public_id', '=', /评价编号 (PJ[0-9A-Z]{12})/.exec(viaLink.body)![1]!).executeTakeFirstOrThrow();
    assert.equal(Number(linked.account_id), person.accountId);
    const row = await get().db.selectFrom('rating').select(['account_id']).where('public_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Number(row.account_id), sms.accountId);
  });

  test('智能客服: the conversation a signed-in person starts carries the account; the hand-off form is pre-filled and its message linked', async () => {
    const ask = await post('/assistant', person.cookie, { text: '居民身份证换领要带什么', region: '130427' });
    assert.equal(ask.statusCode, 303, ask.body.slice(0, 300));
    const c = /[?&]c=([^&#]+)/.exec(String(ask.headers.location))![1]!;
    const conv = await get().db.selectFrom('as_conversation').select(['id', 'account_id']).where('public_id', '=', c).executeTakeFirstOrThrow();
    assert.equal(Number(conv.account_id), person.accountId);
    const chat = await page(`/assistant?c=${c}`, person.cookie);
    assert.match(chat.body, /id="name" name="name"[^>]*value="张三"/);
    assert.match(chat.body, /id="phone" name="phone"[^>]*value="13912345678"/);
    const left = await post('/assistant/handoff', person.cookie, { c, mode: 'leave', kind: 'message', name: '张三', phone: '13912345678', account_id: String(firm.accountId) });
    assert.equal(left.statusCode, 200, left.body.slice(0, 300));
    const ref = (await get().db.selectFrom('as_conversation').select('converted_ref').where('id', '=', conv.id).executeTakeFirstOrThrow()).converted_ref!;
    const msg = await get().db.selectFrom('message').select('account_id').where('reference', '=', ref).executeTakeFirstOrThrow();
    assert.equal(Number(msg.account_id), person.accountId);
    // signed out: no account on the conversation
    const anonAsk = await post('/assistant', anon, { text: '居民身份证换领要带什么', region: '130427' });
    const c2 = /[?&]c=([^&#]+)/.exec(String(anonAsk.headers.location))![1]!;
    assert.equal((await get().db.selectFrom('as_conversation').select('account_id').where('public_id', '=', c2).executeTakeFirstOrThrow()).account_id, null);
  });
});
