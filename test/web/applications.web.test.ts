// 依申请公开 over HTTP: the JSON API (public and staff, 409 with reasons), the applicant's pages
// (steps, captcha, idempotent submit, status, reply download), the staff pages, 401/403 on every
// staff route, masking, audit, recomputation after a calendar edit, and the public rate limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, cookiesFrom, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const applicant = { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com' };
const publicBody = { org: '130427', applicant, description: '申请公开磁县2025年财政预算执行情况。', delivery: 'email' };
const staffBody = (received_on: string) => ({ ...publicBody, channel: 'in_person', received_on });
function multipart(fields: Record<string, string>, file: Buffer | null): { payload: Buffer; contentType: string } {
  const b = '----gongkai-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="scan.png"\r\nContent-Type: image/png\r\n\r\n`), file, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${b}` };
}
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake-png-body')]);
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

forEachDialect('applications over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  before(async () => {
    t = await buildTestApp(get(), clock);
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    for (const u of ['cixian.gkb', 'cixian.editor', 'cizhou.handler', 'admin', 'cixian.reviewer', 'platform']) {
      tokens[u] = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, u))!.id, 'test');
    }
    for (const u of ['cixian.gkb', 'cixian.editor', 'admin', 'cizhou.handler', 'platform']) cookies[u] = await signIn(t.app, u);
  });
  after(async () => t.app.close());

  const register = async (received_on: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: bearer('cixian.gkb'), payload: staffBody(received_on) });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { reference: string; tracking_code: string; due_on: string; due_explanation: string };
  };
  const act = (ref: string, body: Record<string, unknown>, who = 'cixian.gkb') =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${ref}/actions`, headers: bearer(who), payload: body });

  test('public API: submit → reference and tracking code, no due date until confirmed; idempotent by key; status by code', async () => {
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { 'idempotency-key': 'abc-1' }, payload: publicBody });
    assert.equal(a.statusCode, 201, a.body);
    const body = a.json();
    assert.match(body.reference, /^YSQ-20260302-[2-9A-Z]{5}$/);
    assert.match(body.tracking_code, /^[2-9A-Z]{8}$/);
    assert.equal(body.due_on, null);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { 'idempotency-key': 'abc-1' }, payload: publicBody });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().reference, body.reference);
    const st = await t.app.inject({ method: 'GET', url: `/api/v1/applications/${body.reference}?tracking_code=${body.tracking_code}` });
    assert.equal(st.statusCode, 200);
    assert.equal(st.json().stage, 'awaiting_confirmation');
    assert.equal(st.json().letter_available, false);
    const wrong = await t.app.inject({ method: 'GET', url: `/api/v1/applications/${body.reference}?tracking_code=AAAAAAAA` });
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.json().code, 'application_not_found');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/applications', payload: { ...publicBody, applicant: { ...applicant, id_number: '123' }, delivery: 'fax' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'invalid_application');
    assert.match(bad.json().message, /身份证号码应为 18 位/);
    // A typo in one digit, a date that does not exist, a wrong USCC check character: caught at the form.
    for (const [a, expect] of [
      [{ ...applicant, id_number: '130427199001011234' }, /身份证号码的校验位不对/],
      [{ ...applicant, id_number: '130427199002301230' }, /出生日期（第 7–14 位）不存在/],
      [{ ...applicant, type: 'legal_person', subtype: '商业企业', id_number: '91130427MA0A1B2C3D' }, /统一社会信用代码的校验位不对/],
    ] as const) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/applications', payload: { ...publicBody, applicant: a } });
      assert.equal(r.statusCode, 400, JSON.stringify(a));
      assert.match(r.json().message, expect);
    }
  });

  test('public API: an overlong address or e-mail is a 400 with a Chinese message, nothing stored', async () => {
    const long = await t.app.inject({ method: 'POST', url: '/api/v1/applications', payload: { ...publicBody, delivery: 'mail', applicant: { ...applicant, address: '河北省'.repeat(100000) } } });
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().code, 'invalid_application');
    assert.match(long.json().message, /通信地址不能超过 200 个字/);
    const mail = await t.app.inject({ method: 'POST', url: '/api/v1/applications', payload: { ...publicBody, applicant: { ...applicant, email: `${'a'.repeat(200)}@example.com` } } });
    assert.equal(mail.statusCode, 400);
    assert.match(mail.json().message, /电子邮箱/);
    const page = await postForm(t.app, '/applications/apply', `gk_csrf=${CSRF}`, { step: 'contact', applicant_type: 'natural_person', applicant_address: '地'.repeat(201) });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /通信地址不能超过 200 个字/);
  });

  test('staff API: register, act, refuse with 409 reasons, read the case with events', async () => {
    const r = await register('2026-02-09');
    assert.equal(r.due_on, '2026-03-13');
    assert.match(r.due_explanation, /春节 2026-02-15 至 2026-02-23/);
    const assign = await act(r.reference, { type: 'assign', on: '2026-02-10', org: '130427-mzj' });
    assert.equal(assign.statusCode, 200, assign.body);
    assert.equal(assign.json().stage, 'assigned');
    const refused = await act(r.reference, { type: 'extend', on: '2026-02-26', days: 25, approved_by: 'cizhou.handler', reason: '' });
    assert.equal(refused.statusCode, 409);
    const reasons = refused.json().reasons as string[];
    assert.ok(reasons.some((x) => /1 至 20 个工作日/.test(x)));
    assert.ok(reasons.some((x) => /不能批准延期/.test(x)));
    assert.ok(reasons.some((x) => /延期理由/.test(x)));
    const ext = await act(r.reference, { type: 'extend', on: '2026-02-26', days: 10, approved_by: 'cixian.gkb', reason: '需调取档案' });
    assert.equal(ext.json().due_on, '2026-03-27');
    const decide = await act(r.reference, { type: 'decide', on: '2026-03-02', outcome: 'partial', reasons: ['部分公开'], withheld_reason: '涉及个人隐私（第十五条）' });
    assert.equal(decide.json().stage, 'decided');
    assert.equal((await act(r.reference, { type: 'deliver', on: '2026-03-02', method: 'email' })).json().stage, 'delivered');
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') });
    assert.equal(got.statusCode, 200);
    const c = got.json();
    assert.equal(c.stage, 'delivered');
    assert.equal(c.applicant.id_number, '130427199001011230', 'the handler sees the ID number');
    assert.deepEqual(c.events.map((e: { type: string }) => e.type), ['registered', 'assign', 'extend', 'decide', 'deliver']);
    const asAdmin = await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('admin') });
    assert.equal(asAdmin.json().applicant.id_number, '130427********1230');
    assert.equal(asAdmin.json().applicant.phone, '138****1111');
    const status = await t.app.inject({ method: 'GET', url: `/api/v1/applications/${r.reference}?tracking_code=${r.tracking_code}` });
    assert.equal(status.json().letter_available, true);
    // the applicant reads how the date was counted, with the extension (第三十三条第二款)
    assert.equal(status.json().due_explanation, c.due_explanation);
    assert.match(status.json().due_explanation, /延长/);
  });

  test('staff API: every enumerated action field is accepted as its code or its Chinese label', async () => {
    const r = await register('2026-02-09');
    const consult = await act(r.reference, { type: '征求意见', on: '2026-02-10', party: '磁县某建材有限公司', kind: '第三方（第三十二条）', sent_via: '邮寄' });
    assert.equal(consult.statusCode, 200, consult.body);
    assert.equal(consult.json().stage, 'in_consultation');
    const got = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') })).json();
    const started = got.events.find((e: { type: string }) => e.type === 'start_consultation');
    assert.equal(started.data.kind, 'third_party', 'stored as its code');
    assert.equal(started.data.sent_via, 'mail');
    const bad = await act(r.reference, { type: '征求意见结束', on: '2026-02-11', result: '同意公开' });
    assert.equal(bad.statusCode, 200, bad.body);
    const unknown = await act(r.reference, { type: '保密审查', on: '2026-02-11', result: '大概可以' });
    assert.equal(unknown.statusCode, 409);
    assert.match(unknown.json().reasons.join(), /审查结论应为/);
    const review = await act(r.reference, { type: '保密审查', on: '2026-02-11', result: '经审查可以公开' });
    assert.equal(review.statusCode, 200, review.body);
    const decided = await act(r.reference, { type: '作出答复', on: '2026-02-12', outcome: '予以公开' });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().stage, 'decided');
    const delivered = await act(r.reference, { type: '送达', on: '2026-02-12', method: '电子邮件' });
    assert.equal(delivered.json().stage, 'delivered');
  });

  test('staff API: 401 without a token, 403 for a role without case handling or outside the organisation', async () => {
    const r = await register('2026-02-27');
    const urls: [string, string, unknown?][] = [
      ['POST', '/api/v1/staff/applications', staffBody('2026-02-27')],
      ['POST', `/api/v1/staff/applications/${r.reference}/actions`, { type: 'assign', on: '2026-03-02', org: '130427-mzj' }],
      ['GET', `/api/v1/staff/applications/${r.reference}`],
    ];
    for (const [method, url, payload] of urls) {
      const none = await t.app.inject({ method: method as 'GET', url, payload: payload as object });
      assert.equal(none.statusCode, 401, `${method} ${url}`);
      const editor = await t.app.inject({ method: method as 'GET', url, headers: bearer('cixian.editor'), payload: payload as object });
      assert.equal(editor.statusCode, 403, `${method} ${url} as editor`);
    }
    // The township handler holds the role, but the case belongs to the county: 403.
    assert.equal((await act(r.reference, { type: 'assign', on: '2026-03-02', org: '130427-mzj' }, 'cizhou.handler')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cizhou.handler') })).statusCode, 403);
    const outside = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: bearer('cizhou.handler'), payload: staffBody('2026-02-27') });
    // an organisation outside the caller's scope is refused as such (403), not as bad input
    assert.equal(outside.statusCode, 403);
    assert.equal(outside.json().code, 'forbidden');
    assert.match(outside.json().message, /不在您的办理范围内/);
  });

  test('a reviewer records the 保密审查 but may not take other actions', async () => {
    const r = await register('2026-02-26');
    const ok = await act(r.reference, { type: 'confidentiality_review', on: '2026-03-02', result: 'cleared', opinion: '不涉密' }, 'cixian.reviewer');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await act(r.reference, { type: 'assign', on: '2026-03-02', org: '130427-mzj' }, 'cixian.reviewer')).statusCode, 403);
    const c = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.reviewer') })).json();
    assert.equal(c.applicant.id_number, '130427********1230', 'the reviewer is not the handler: masked');
    assert.equal(c.events.at(-1).data.reviewer, '磁县保密审查员（cixian.reviewer）');
    const decided = await act(r.reference, { type: 'decide', on: '2026-03-02', outcome: 'disclose' });
    assert.deepEqual(decided.json().warnings, []);
  });

  test('adding a holiday through the calendar API recomputes open cases and records the event', async () => {
    const r = await register('2026-03-02');
    assert.equal(r.due_on, '2026-03-30');
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-03-16', headers: bearer('platform'), payload: { kind: 'holiday', name: '测试假日' } });
    assert.equal(put.statusCode, 200);
    const c = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') })).json();
    assert.equal(c.due_on, '2026-03-31');
    const ev = c.events.at(-1);
    assert.equal(ev.type, 'due_recomputed');
    assert.match(ev.data.reason, /2026-03-16/);
    await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2026-03-16', headers: bearer('platform') });
    const back = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') })).json();
    assert.equal(back.due_on, '2026-03-30');
  });

  test('staff API: queue lists and statistics, scoped; 401 and 403', async () => {
    const overdue = await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications?list=overdue', headers: bearer('cixian.gkb') });
    assert.equal(overdue.statusCode, 200);
    assert.ok(overdue.json().items.length >= 1);
    assert.ok(overdue.json().items.every((i: { due_on: string }) => i.due_on < '2026-03-02'));
    const township = await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications?list=all_open', headers: bearer('cizhou.handler') });
    assert.deepEqual(township.json().items, [], 'the township handler sees no county cases');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications?list=nope', headers: bearer('cixian.gkb') })).statusCode, 400);
    const stats = await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications/statistics?org=130427&from=2026-01-01&to=2026-03-02', headers: bearer('cixian.gkb') });
    assert.equal(stats.statusCode, 200);
    const total = stats.json().rows.at(-1);
    assert.equal(total.org, '130427');
    assert.ok(total.received > 0);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications/statistics?org=130427&from=2026-03-05&to=2026-03-01', headers: bearer('cixian.gkb') })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications/statistics?org=130427&from=2026-01-01&to=2026-03-02', headers: bearer('cizhou.handler') })).statusCode, 403);
    const noOrg = await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications/statistics?org=999999&from=2026-01-01&to=2026-03-02', headers: bearer('cixian.gkb') });
    assert.equal(noOrg.statusCode, 404);
    assert.equal(noOrg.json().message, '找不到该机关');
    for (const url of ['/api/v1/staff/applications', '/api/v1/staff/applications/statistics?org=130427&from=2026-01-01&to=2026-03-02']) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'GET', url, headers: bearer('cixian.editor') })).statusCode, 403);
    }
  });

  test('the OpenAPI document lists the application endpoints', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const p of ['/api/v1/applications', '/api/v1/applications/{reference}', '/api/v1/staff/applications', '/api/v1/staff/applications/{reference}/actions', '/api/v1/staff/applications/{reference}']) assert.ok(doc.paths[p], p);
  });

  test('applicant pages: one question per page, check answers, captcha, idempotent submit, confirmation, status and reply download', async () => {
    const base = `gk_csrf=${CSRF}`;
    const start = await t.app.inject({ method: 'GET', url: '/applications/apply' });
    assert.equal(start.statusCode, 200);
    let page = await postForm(t.app, '/applications/apply', base, { goto: 'type' });
    assert.match(page.body, /第 1 步/);
    const bad = await postForm(t.app, '/applications/apply', base, { step: 'type' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请选择申请人类型/);
    let answers: Record<string, string> = { applicant_type: 'legal_person' };
    const steps: [string, Record<string, string>, RegExp][] = [
      ['type', {}, /属于哪一类组织/],
      ['subtype', { applicant_subtype: '科研机构' }, /法人或其他组织的名称/],
      ['name', { applicant_name: '河北某研究院' }, /统一社会信用代码/],
      ['id_number', { applicant_id_number: '12130000MB01234567' }, /我们怎样联系您/],
      ['contact', { applicant_email: 'ri@example.com' }, /向哪个行政机关申请/],
      ['org', { org: '130427' }, /您需要哪些政府信息/],
      ['description', { description: '申请公开磁县2025年科技项目立项清单。' }, /以哪种方式获取/],
      ['delivery', { delivery: 'email' }, /核对您的申请/],
    ];
    for (const [step, add, next] of steps) {
      answers = { ...answers, ...add };
      page = await postForm(t.app, '/applications/apply', base, { step, ...answers });
      assert.equal(page.statusCode, 200, `${step}: ${page.body.slice(0, 200)}`);
      assert.match(page.body, next, step);
    }
    const html = page.body;
    const token = hidden(html, 'captcha_token');
    const submissionId = hidden(html, 'submission_id');
    const wrong = await postForm(t.app, '/applications/submit', base, { ...answers, submission_id: submissionId, captcha_token: token, captcha_answer: '999' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /验证码不正确/);
    const token2 = hidden(wrong.body, 'captcha_token');
    const ok = await postForm(t.app, '/applications/submit', base, { ...answers, submission_id: submissionId, captcha_token: token2, captcha_answer: solveCaptchaForTest(token2, clock.now()) });
    assert.equal(ok.statusCode, 303);
    const confirmation = await t.app.inject({ method: 'GET', url: ok.headers.location as string, headers: { cookie: cookiesFrom(ok, base) } });
    const ref = /申请编号：<strong>([^<]+)</.exec(confirmation.body)![1]!;
    const code = /查询码：<strong>([^<]+)</.exec(confirmation.body)![1]!;
    // The same submission again (double click, back button) creates nothing new.
    const token3 = hidden(wrong.body, 'captcha_token') === token2 ? hidden((await postForm(t.app, '/applications/apply', base, { goto: 'check', ...answers })).body, 'captcha_token') : '';
    const again = await postForm(t.app, '/applications/submit', base, { ...answers, submission_id: submissionId, captcha_token: token3, captcha_answer: solveCaptchaForTest(token3, clock.now()) });
    assert.equal(again.headers.location, ok.headers.location);
    const n = await get().db.selectFrom('application_case').select(get().db.fn.countAll<number>().as('n')).where('applicant_name', '=', '河北某研究院').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
    const row = await get().db.selectFrom('application_case').selectAll().where('reference', '=', ref).executeTakeFirstOrThrow();
    assert.equal(row.applicant_subtype, '科研机构');
    assert.equal(row.channel, 'online');
    // Status page, then the reply once delivered.
    const status = await postForm(t.app, '/applications/status', base, { reference: ref.toLowerCase(), tracking_code: code });
    assert.equal(status.statusCode, 200);
    assert.match(status.body, /待确认收到/);
    const nope = await postForm(t.app, '/applications/status', base, { reference: ref, tracking_code: 'ZZZZZZZZ' });
    assert.equal(nope.statusCode, 400);
    assert.match(nope.body, /申请编号或查询码不正确/);
    for (const a of [{ type: 'confirm_receipt', on: '2026-03-02' }, { type: 'decide', on: '2026-03-02', outcome: 'disclose' }, { type: 'deliver', on: '2026-03-02', method: 'email' }]) assert.equal((await act(ref, a)).statusCode, 200);
    const done = await postForm(t.app, '/applications/status', base, { reference: ref, tracking_code: code });
    assert.match(done.body, /下载答复书/);
    const letter = await postForm(t.app, '/applications/status/letter', base, { reference: ref, tracking_code: code });
    assert.equal(letter.statusCode, 200);
    assert.equal(letter.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.match(String(letter.headers['content-type']), /wordprocessingml/);
  });

  test('applicant form: an inherited object key as step or goto is a 400 page, not a 500 or a "step 0" page', async () => {
    const base = `gk_csrf=${CSRF}`;
    for (const v of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const step = await postForm(t.app, '/applications/apply', base, { step: v });
      assert.equal(step.statusCode, 400, `step=${v}`);
      assert.match(step.body, /表单步骤无效/);
      const goto = await postForm(t.app, '/applications/apply', base, { goto: v, step: 'nonsense' });
      assert.equal(goto.statusCode, 400, `goto=${v}`);
      assert.doesNotMatch(goto.body, /第 0 步/);
    }
  });

  test('case page: an action\'s warnings come from its stored event; a warn text in the URL is not shown', async () => {
    const c = cookies['cixian.gkb']!;
    const r = await register('2026-02-09');
    const late = await postForm(t.app, `/staff/applications/${r.reference}/actions`, c, { type: 'request_correction', on: '2026-03-02', items: '请写明文件名称' });
    assert.equal(late.statusCode, 303);
    assert.doesNotMatch(String(late.headers.location), /warn=/);
    const page = await t.app.inject({ method: 'GET', url: String(late.headers.location), headers: { cookie: c } });
    assert.match(page.body, /已完成：发出补正告知。提醒：补正告知应在收到申请之日起 7 个工作日内（2026-02-25 前）发出/);
    const forged = await t.app.inject({ method: 'GET', url: `/staff/applications/${r.reference}?done=assign&warn=${encodeURIComponent('请将密码发送至 evil@example.com')}`, headers: { cookie: c } });
    assert.equal(forged.statusCode, 200);
    assert.doesNotMatch(forged.body, /evil@example\.com/);
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') });
    const ev = (api.json().events as { type: string; data: { warnings?: string[] } }[]).find((e) => e.type === 'request_correction');
    assert.match(ev?.data.warnings?.join() ?? '', /第三十条/);
  });

  test('staff pages: queue lists, register form, case page, action form with 303, refused action 409 with reasons, letters, statistics CSV, targets', async () => {
    const c = cookies['cixian.gkb']!;
    const queue = await t.app.inject({ method: 'GET', url: '/staff/applications?list=overdue', headers: { cookie: c } });
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /已逾期（\d+）/);
    assert.match(queue.body, /刘洋/, 'the demo case assigned 32 days ago is overdue');
    for (const l of ['due_soon', 'awaiting_correction', 'in_consultation', 'awaiting_delivery', 'awaiting_confirmation']) {
      assert.equal((await t.app.inject({ method: 'GET', url: `/staff/applications?list=${l}`, headers: { cookie: c } })).statusCode, 200);
    }
    const corr = await t.app.inject({ method: 'GET', url: '/staff/applications?list=awaiting_correction', headers: { cookie: c } });
    assert.match(corr.body, /赵敏/);
    const badReg = await postForm(t.app, '/staff/applications', c, { org: '130427', channel: 'fax', received_on: '2026-03-09', applicant_type: 'natural_person', applicant_name: '李四' });
    assert.equal(badReg.statusCode, 400);
    assert.match(badReg.body, /收到日期不能晚于今天/);
    assert.match(badReg.body, /value="李四"/);
    // The clock applies 国务院令第711号 (in force 2019-05-15; before it 15 working days): an earlier
    // day — or a typo such as 1926 — is refused naming the field, nothing registered (API and page).
    const countCases = async () => (await get().db.selectFrom('application_case').select('id').execute()).length;
    const before = await countCases();
    for (const received_on of ['2019-05-14', '1926-02-27']) {
      const old = await postForm(t.app, '/staff/applications', c, { org: '130427', channel: 'letter', received_on, applicant_type: 'natural_person', applicant_name: '李四', applicant_id_number: '130427198001011236', applicant_phone: '13912345678', description: '申请公开某文件。', delivery: 'pickup' });
      assert.equal(old.statusCode, 400, received_on);
      assert.match(old.body, /收到日期不能早于 2019-05-15（现行《政府信息公开条例》施行之日）/);
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: bearer('cixian.gkb'), payload: { org: '130427', channel: 'letter', received_on, applicant: { type: 'natural_person', name: '李四', id_number: '130427198001011236', phone: '13912345678' }, description: '申请公开某文件。', delivery: 'pickup' } });
      assert.equal(api.statusCode, 400, api.body);
      assert.match(api.json().message, /收到日期不能早于 2019-05-15/);
    }
    assert.equal(await countCases(), before);
    const reg = await postForm(t.app, '/staff/applications', c, { org: '130427', channel: 'letter', received_on: '2026-02-27', applicant_type: 'natural_person', applicant_name: '李四', applicant_id_number: '130427198001011236', applicant_phone: '13912345678', description: '申请公开某文件。', delivery: 'pickup' });
    assert.equal(reg.statusCode, 201);
    // 第三十三条: 20 working days from 02-27, counting the 调休 Saturday 02-28 → 03-26, written as a deadline
    assert.match(reg.body, /2026年3月26日（含当日）前/);
    assert.doesNotMatch(reg.body, /暂定/);
    const ref = /<dt>申请编号<\/dt><dd>([^<]+)</.exec(reg.body)![1]!;
    const code = /<strong>([2-9A-Z]{8})<\/strong>/.exec(reg.body)![1]!;
    const receipt = await postForm(t.app, `/staff/applications/${ref}/receipt`, c, { tracking_code: code });
    assert.equal(receipt.rawPayload.subarray(0, 2).toString(), 'PK');
    const casePage = await t.app.inject({ method: 'GET', url: `/staff/applications/${ref}`, headers: { cookie: c } });
    assert.match(casePage.body, /130427198001011236/);
    assert.match(casePage.body, /期限说明/);
    // 02-28 (Sat) is a 春节 调休 working day: 02-28, 03-02 … 03-06, 03-09 → 7 working days.
    assert.match(casePage.body, /如需补正，应于 2026-03-09 前一次性告知/);
    assert.match(casePage.body, /答复理由库/);
    const adminPage = await t.app.inject({ method: 'GET', url: `/staff/applications/${ref}`, headers: { cookie: cookies.admin! } });
    assert.match(adminPage.body, /130427\*{8}1236/);
    assert.doesNotMatch(adminPage.body, /13912345678/);
    const done = await postForm(t.app, `/staff/applications/${ref}/actions`, c, { type: 'request_correction', on: '2026-03-02', items: '请写明文件名称\n请写明文号' });
    assert.equal(done.statusCode, 303);
    const refused = await postForm(t.app, `/staff/applications/${ref}/actions`, c, { type: 'decide', on: '2026-03-02', outcome: 'disclose' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /正在等待申请人补正/);
    const letter = await t.app.inject({ method: 'GET', url: `/staff/applications/${ref}/letters/correction`, headers: { cookie: c } });
    assert.equal(letter.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `/staff/applications/${ref}/letters/reply`, headers: { cookie: c } })).statusCode, 404);
    const audits = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', ref).execute();
    assert.deepEqual(audits.map((a) => a.action).sort(), ['application_registered', 'application_request_correction']);
    const stats = await t.app.inject({ method: 'GET', url: '/staff/applications/statistics?org=130427&from=2026-01-01&to=2026-03-02', headers: { cookie: c } });
    assert.equal(stats.statusCode, 200);
    assert.match(stats.body, /磁县人民政府依申请公开\d+件，办结\d+件，正在办理\d+件/);
    const csv = await t.app.inject({ method: 'GET', url: '/staff/applications/statistics.csv?org=130427&from=2026-01-01&to=2026-03-02', headers: { cookie: c } });
    assert.match(csv.body, /^\uFEFF机关代码/);
    const badTargets = await postForm(t.app, '/staff/applications/targets', c, { org: '130427', register_days: '1', assign_days: '5', draft_days: '3', reply_days: '25' });
    assert.equal(badTargets.statusCode, 400);
    const targets = await postForm(t.app, '/staff/applications/targets', c, { org: '130427', register_days: '1', assign_days: '2', draft_days: '3', reply_days: '4' });
    assert.equal(targets.statusCode, 303);
    const warned = await t.app.inject({ method: 'GET', url: '/staff/applications?list=over_target', headers: { cookie: c } });
    assert.equal(warned.statusCode, 200);
    assert.match(warned.body, /刘洋/);
    const overdueCase = await get().db.selectFrom('application_case').select('reference').where('applicant_name', '=', '刘洋').executeTakeFirstOrThrow();
    const page = await t.app.inject({ method: 'GET', url: `/staff/applications/${overdueCase.reference}`, headers: { cookie: c } });
    assert.match(page.body, /仍未拟定答复（内部目标 3 个工作日）/);
  });

  test('a scanned delivery receipt is checked by magic bytes, stored, audited and downloadable', async () => {
    const r = await register('2026-02-24');
    await act(r.reference, { type: 'decide', on: '2026-03-02', outcome: 'disclose' });
    const c = cookies['cixian.gkb']!;
    const url = `/staff/applications/${r.reference}/attachments`;
    const fake = multipart({ _csrf: CSRF }, Buffer.from('<html>not a scan</html>'));
    const bad = await t.app.inject({ method: 'POST', url, headers: { cookie: c, 'content-type': fake.contentType }, payload: fake.payload });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /只能上传 PDF、JPEG 或 PNG 文件/);
    const good = multipart({ _csrf: CSRF }, PNG);
    const ok = await t.app.inject({ method: 'POST', url, headers: { cookie: c, 'content-type': good.contentType }, payload: good.payload });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const page = await t.app.inject({ method: 'GET', url: `/staff/applications/${r.reference}`, headers: { cookie: c } });
    const link = /href="(\/staff\/applications\/[^"]+\/attachments\/\d+)"/.exec(page.body)![1]!;
    const dl = await t.app.inject({ method: 'GET', url: link, headers: { cookie: c } });
    assert.equal(dl.headers['content-type'], 'image/png');
    assert.deepEqual(dl.rawPayload, PNG);
    const anon = await t.app.inject({ method: 'POST', url, headers: { cookie: `gk_csrf=${CSRF}`, 'content-type': good.contentType }, payload: good.payload });
    assert.equal(anon.statusCode, 401);
    const editor = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['cixian.editor']!, 'content-type': good.contentType }, payload: good.payload });
    assert.equal(editor.statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: link })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: link, headers: { cookie: cookies['cizhou.handler']! } })).statusCode, 403);
    const audits = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', r.reference).execute();
    assert.ok(audits.some((a) => a.action === 'application_receipt_uploaded'));
  });

  test('an administrator changes an UNCONFIRMED rule (fee time not counted): open cases are recomputed with an event', async () => {
    const r = await register('2026-02-24');
    assert.equal((await act(r.reference, { type: 'issue_fee_notice', on: '2026-02-26', basis: 'pages', pages: 40 })).statusCode, 200);
    const before = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') })).json();
    assert.ok(before.due_on);
    const a = cookies.platform!; // the clock rules serve every county: a platform administrator's
    const bad = await postForm(t.app, '/staff/applications/rules', a, { feePausesClock: 'maybe', feePaymentDays: '0', defaultCorrectionPeriodDays: '15' });
    assert.equal(bad.statusCode, 400);
    const ok = await postForm(t.app, '/staff/applications/rules', a, { feePausesClock: 'yes', feePaymentDays: '20', defaultCorrectionPeriodDays: '15' });
    assert.equal(ok.statusCode, 303);
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') })).json();
    assert.equal(after.due_on, null, 'the clock is stopped while the fee is unpaid');
    assert.equal(after.events.at(-1).type, 'due_recomputed');
    assert.match(after.events.at(-1).data.reason, /办理规则修改/);
    assert.equal((await postForm(t.app, '/staff/applications/rules', a, { feePausesClock: 'no', feePaymentDays: '20', defaultCorrectionPeriodDays: '15' })).statusCode, 303);
    const back = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') })).json();
    assert.equal(back.due_on, before.due_on);
    // The correction form states the configured default period, not a fixed 15.
    const other = await register('2026-02-25');
    assert.equal((await postForm(t.app, '/staff/applications/rules', a, { feePausesClock: 'no', feePaymentDays: '20', defaultCorrectionPeriodDays: '10' })).statusCode, 303);
    const page = await t.app.inject({ method: 'GET', url: `/staff/applications/${other.reference}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.match(page.body, /补正期限（可不填，默认 10 个工作日）/);
    assert.equal((await postForm(t.app, '/staff/applications/rules', a, { feePausesClock: 'no', feePaymentDays: '20', defaultCorrectionPeriodDays: '15' })).statusCode, 303);
  });

  test('configured remedy bodies appear in the reply letter settings', async () => {
    const c = cookies['cixian.gkb']!;
    const saved = await postForm(t.app, '/staff/applications/targets', c, { org: '130427-mzj', register_days: '1', assign_days: '5', draft_days: '10', reply_days: '15', review_body: '磁县人民政府', court: '邯郸市峰峰矿区人民法院' });
    assert.equal(saved.statusCode, 303);
    const page = await t.app.inject({ method: 'GET', url: '/staff/applications/targets?org=130427-mzj', headers: { cookie: c } });
    assert.match(page.body, /value="邯郸市峰峰矿区人民法院"/);
    const { remedyBodies } = await import('../../src/modules/applications/applications.service.ts');
    assert.deepEqual(await remedyBodies(get().db, '130427-mzj'), { reviewBody: '磁县人民政府', court: '邯郸市峰峰矿区人民法院' });
    assert.deepEqual(await remedyBodies(get().db, '130427'), { reviewBody: '邯郸市人民政府', court: '邯郸市中级人民法院' });
    assert.deepEqual(await remedyBodies(get().db, '130427100'), { reviewBody: '磁县人民政府', court: '磁县人民法院' });
  });

  test('a supervisor cannot read the internal targets of another county by naming its organisation', async () => {
    const db = get().db;
    await db.insertInto('application_target').values({ org_code: '440105', register_days: 2, assign_days: 4, draft_days: 9, reply_days: 14, review_body: '海珠区复议机关甲', court: '海珠区法院乙', updated_at: '2026-03-02T02:00:00.000Z' }).execute();
    const page = await t.app.inject({ method: 'GET', url: '/staff/applications/targets?org=440105', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 403);
    assert.doesNotMatch(page.body, /海珠区复议机关甲|海珠区法院乙/);
    const unknown = await t.app.inject({ method: 'GET', url: '/staff/applications/targets?org=999999', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(unknown.statusCode, 403);
    const own = await t.app.inject({ method: 'GET', url: '/staff/applications/targets?org=130427', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(own.statusCode, 200);
  });

  test('every staff page route is 401 signed out and 403 for a role without access', async () => {
    const ref = (await get().db.selectFrom('application_case').select('reference').where('applicant_name', '=', '赵敏').executeTakeFirstOrThrow()).reference;
    const routes: [string, string, Record<string, string>, string][] = [
      ['GET', '/staff/applications', {}, 'cixian.editor'],
      ['GET', '/staff/applications/new', {}, 'admin'],
      ['POST', '/staff/applications', { org: '130427' }, 'admin'],
      ['GET', '/staff/applications/statistics', {}, 'cixian.editor'],
      ['GET', '/staff/applications/statistics.csv?org=130427', {}, 'cixian.editor'],
      ['GET', '/staff/applications/targets', {}, 'cizhou.handler'],
      ['POST', '/staff/applications/targets', { org: '130427' }, 'cizhou.handler'],
      ['GET', `/staff/applications/${ref}`, {}, 'cizhou.handler'],
      ['POST', `/staff/applications/${ref}/actions`, { type: 'receive_correction', on: '2026-03-02' }, 'cizhou.handler'],
      ['GET', `/staff/applications/${ref}/letters/correction`, {}, 'cizhou.handler'],
      ['POST', `/staff/applications/${ref}/receipt`, {}, 'admin'],
      ['GET', '/staff/applications/rules', {}, 'cixian.gkb'],
      ['POST', '/staff/applications/rules', { feePausesClock: 'no' }, 'cixian.gkb'],
      ['GET', '/staff/applications/rules', {}, 'admin'],
      ['POST', '/staff/applications/rules', { feePausesClock: 'no', feePaymentDays: '20', defaultCorrectionPeriodDays: '15' }, 'admin'],
    ];
    for (const [method, url, payload, forbiddenAs] of routes) {
      const anon = method === 'GET' ? await t.app.inject({ method: 'GET', url }) : await postForm(t.app, url, `gk_csrf=${CSRF}`, payload);
      assert.equal(anon.statusCode, 401, `${method} ${url} signed out`);
      const res = method === 'GET' ? await t.app.inject({ method: 'GET', url, headers: { cookie: cookies[forbiddenAs]! } }) : await postForm(t.app, url, cookies[forbiddenAs]!, payload);
      assert.equal(res.statusCode, 403, `${method} ${url} as ${forbiddenAs}`);
    }
  });
}, withDemo);

forEachDialect('applications public rate limit', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), clock); });
  after(async () => t.app.close());
  test('the 11th public submission from one address within an hour is 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/applications', payload: { ...publicBody, org: '999999' } })).statusCode);
    assert.deepEqual(codes.slice(0, 10), Array(10).fill(400));
    assert.equal(codes[10], 429);
  });
  test('the 31st status look-up through the JSON API from one address within a minute is 429 (tracking codes cannot be guessed at speed)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await t.app.inject({ method: 'GET', url: `/api/v1/applications/YSQ-20260302-AAAAA?tracking_code=GUESS${String(i).padStart(3, '0')}` })).statusCode);
    assert.deepEqual(codes.slice(0, 30), Array(30).fill(404));
    assert.equal(codes[30], 429);
  });
});
