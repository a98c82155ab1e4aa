// Letters as issued (issue 15, item 3) over HTTP on SQLite and PostgreSQL: each letter is fixed
// on its own event — its date, the due date in force then, its 发文字号 (office prefix + yearly
// serial) — and prints the same bytes after a recompute, on another day, and for a case stored
// before letters were kept; the staff API download (token, scope, 404 codes); the prefix page
// (scope, validation, audit); concurrent serials; the public blank 申请表 and 办理流程图 (item 7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { docxText } from '../support/docx.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import * as service from '../../src/modules/applications/applications.service.ts';
import { nextLetterSerial } from '../../src/modules/applications/letters.repository.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const applicant = { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com', address: '河北省邯郸市磁县磁州镇幸福路12号3单元201室' };
const body = (received_on: string, description = '申请公开磁县2025年第3批次建设用地征收补偿安置方案及批复文件。') =>
  ({ org: '130427', channel: 'in_person', received_on, applicant, description, delivery: 'email' });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

forEachDialect('letters as issued', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  let gkb = '';
  before(async () => {
    t = await buildTestApp(get(), clock);
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    for (const u of ['cixian.gkb', 'admin', 'longhua.admin', 'cixian.editor', 'platform']) {
      tokens[u] = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, u))!.id, 'test');
    }
    gkb = await signIn(t.app, 'cixian.gkb');
  });
  after(async () => t.app.close());

  const register = async (received_on: string, description?: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: bearer('cixian.gkb'), payload: body(received_on, description) });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { reference: string; due_on: string };
  };
  const act = async (ref: string, a: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${ref}/actions`, headers: bearer('cixian.gkb'), payload: a });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { due_on: string; due_provisional: boolean };
  };
  const letter = (ref: string, kind: string, who = 'cixian.gkb') => t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${ref}/letters/${kind}`, headers: bearer(who) });
  const letterOk = async (ref: string, kind: string, who = 'cixian.gkb') => {
    const res = await letter(ref, kind, who);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], DOCX);
    return { bytes: res.rawPayload, text: docxText(res.rawPayload) };
  };
  const numberOf = (text: string) => /^(.+)〔(\d{4})〕(\d+)号$/m.exec(text);

  test('2025 dates: each letter carries its event date, the 发文字号 of that year, and serials count per office and year', async () => {
    const r = await register('2025-11-03');
    await act(r.reference, { type: 'start_consultation', on: '2025-11-05', party: '磁县某置业有限公司', kind: 'third_party' });
    await act(r.reference, { type: 'end_consultation', on: '2025-11-20', result: '第三方不同意公开' });
    await act(r.reference, { type: 'decide', on: '2025-12-30', outcome: 'disclose', reasons: ['经审查，该信息可以公开。'] });
    const receipt = await letterOk(r.reference, 'receipt');
    const consultation = await letterOk(r.reference, 'consultation');
    const reply = await letterOk(r.reference, 'reply');
    const n = [receipt, consultation, reply].map((l) => numberOf(l.text));
    for (const m of n) { assert.ok(m, 'a 发文字号'); assert.equal(m[1], '磁县政依公'); assert.equal(m[2], '2025'); }
    assert.deepEqual(n.map((m) => Number(m![3]) - Number(n[0]![3])), [0, 1, 2], 'consecutive serials in issuing order');
    assert.match(receipt.text, /收到申请日期：2025年11月3日/);
    assert.match(receipt.text, /\n2025年11月3日$/, 'dated the registration');
    assert.match(consultation.text, /\n2025年11月5日$/);
    assert.ok(!consultation.text.includes('（第三方（第三十二条））'));
    assert.match(reply.text, /\n2025年12月30日$/);
    assert.match(reply.text, /本机关于2025年11月3日收到您提出的政府信息公开申请/);
    assert.match(reply.text, /第三十六条第（二）项/);
    assert.match(reply.text, /批复文件”。/);
    assert.ok(!reply.text.includes('文件。”'), 'no doubled punctuation');
    // 磁县人民政府 signs; the seal line and the date follow
    assert.match(reply.text, /磁县人民政府\n（印章）\n2025年12月30日$/);
    // a letter of 2026 starts its own year
    const r26 = await register('2026-02-27', '申请公开磁县2026年城乡低保标准。');
    const m26 = numberOf((await letterOk(r26.reference, 'receipt')).text)!;
    assert.equal(m26[2], '2026');
    const rows = await get().db.selectFrom('application_letter').select(['org_code', 'doc_year', 'doc_serial']).where('doc_serial', 'is not', null).execute();
    const keys = rows.map((x) => `${x.org_code}:${x.doc_year}:${x.doc_serial}`);
    assert.equal(new Set(keys).size, keys.length, 'no two letters of an office share a number in a year');
  });

  test('a reprint after a recompute and on another day is byte-for-byte the same, with the due date in force when issued', async () => {
    const r = await register('2026-02-27', '申请公开磁县2026年义务教育招生计划。');
    const first = await letterOk(r.reference, 'receipt');
    assert.match(first.text, new RegExp(`本机关将于${Number(r.due_on.slice(5, 7))}月`.replace('本机关将于', `本机关将于${r.due_on.slice(0, 4)}年`)));
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-03-16', headers: bearer('platform'), payload: { kind: 'holiday', name: '测试假日' } });
    assert.ok(put.statusCode < 300, put.body);
    try {
      const now = await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('cixian.gkb') });
      assert.notEqual(now.json().due_on, r.due_on, 'the case itself was recomputed');
      const again = await letterOk(r.reference, 'receipt');
      assert.ok(again.bytes.equals(first.bytes), 'the issued receipt is unchanged');
      // rendered by the service on another "today"
      const row = await service.applicationRepo.findCaseByReference(get().db, r.reference);
      const later = await service.renderLetter({ db: get().db, clock: fixedClock('2026-09-30T09:00:00Z') }, row!, null as never, 'receipt');
      assert.ok(later!.body.equals(first.bytes), 'the same bytes half a year later');
    } finally {
      await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2026-03-16', headers: bearer('platform') });
    }
  });

  test('the text of a letter is kept as issued: a later change in how its facts are worded does not change a reprint', async () => {
    const db = get().db;
    const r = await register('2026-02-25', '申请公开磁县2026年道路养护计划。');
    await act(r.reference, { type: 'extend', on: '2026-02-27', days: 10, approved_by: 'cixian.gkb', reason: '需调取档案' });
    const first = await letterOk(r.reference, 'extension');
    const form = await letterOk(r.reference, 'application_form');
    const masked = await letterOk(r.reference, 'application_form', 'admin');
    // what a new template or a changed interpretation of the stored facts would do to a reprint
    const row = await service.applicationRepo.findCaseByReference(db, r.reference);
    for (const l of await db.selectFrom('application_letter').select(['id', 'facts_json']).where('case_id', '=', row!.id).execute()) {
      const facts = JSON.parse(l.facts_json);
      await db.updateTable('application_letter').set({ facts_json: JSON.stringify({ ...facts, orgName: '某某机关', dueOn: '2099-01-01' }) }).where('id', '=', l.id).execute();
    }
    const again = await letterOk(r.reference, 'extension');
    assert.ok(again.bytes.equals(first.bytes), again.text);
    assert.ok((await letterOk(r.reference, 'application_form')).bytes.equals(form.bytes));
    const maskedAgain = await letterOk(r.reference, 'application_form', 'admin');
    assert.ok(maskedAgain.bytes.equals(masked.bytes), 'a non-handler still gets the masked copy');
    assert.ok(!maskedAgain.text.includes('130427199001011230'));
  });

  test('答复书 after a correction states both dates; 延期告知书 states the extended due date', async () => {
    const r = await register('2026-02-09', '申请公开磁县某文件。');
    await act(r.reference, { type: 'request_correction', on: '2026-02-10', items: ['请写明文件名称'] });
    await act(r.reference, { type: 'receive_correction', on: '2026-02-12' });
    const ext = await act(r.reference, { type: 'extend', on: '2026-02-27', days: 10, approved_by: 'cixian.gkb', reason: '需调取档案' });
    await act(r.reference, { type: 'decide', on: '2026-03-02', outcome: 'unable.1', reasons: ['经检索，本机关未制作或获取该信息。'] });
    const reply = (await letterOk(r.reference, 'reply')).text;
    assert.match(reply, /本机关于2026年2月9日收到您提出的政府信息公开申请（申请编号：[^）]+），经告知补正，于2026年2月12日收到补正后的申请，您申请获取“申请公开磁县某文件”。/);
    const extension = (await letterOk(r.reference, 'extension')).text;
    assert.ok(extension.includes(`本机关将于${Number(ext.due_on.slice(0, 4))}年${Number(ext.due_on.slice(5, 7))}月${Number(ext.due_on.slice(8, 10))}日（含当日）前作出答复`), extension);
    assert.match(extension, /\n2026年2月27日$/);
  });

  test('转办函 is issued and signed by the transferring office, addressed to the receiving one; the reply by the receiving office', async () => {
    const r = await register('2026-02-24', '申请公开磁县2025年低保资金发放情况。');
    await act(r.reference, { type: 'transfer', on: '2026-02-25', org: '130427-mzj', reason: '该信息由民政局制作并保存' });
    const transfer = (await letterOk(r.reference, 'transfer')).text;
    assert.match(transfer, /^磁县人民政府\n磁县政依公〔2026〕\d+号\n政府信息公开申请转办函\n磁县民政局：/);
    assert.match(transfer, /磁县人民政府\n（印章）\n2026年2月25日$/);
    await act(r.reference, { type: 'decide', on: '2026-03-02', outcome: 'disclose', reasons: [] });
    const reply = (await letterOk(r.reference, 'reply')).text;
    assert.match(reply, /^磁县民政局\n磁县民政局依公〔2026〕1号\n/);
    // the receiving office did not receive the application on 2-24: the office that did is named, and the transfer day
    assert.match(reply, /磁县人民政府于2026年2月24日收到您提出的政府信息公开申请（申请编号：[^）]+），于2026年2月25日转本机关办理，您申请获取/);
    assert.ok(!reply.includes('本机关于2026年2月24日收到'));
    assert.match(reply, /磁县民政局\n（印章）\n2026年3月2日$/);
  });

  test('a case stored before letters were kept prints from its log, numbered once, and the same on every reprint', async () => {
    const r = await register('2026-02-26', '申请公开磁县旧案文件。');
    const row = await service.applicationRepo.findCaseByReference(get().db, r.reference);
    await get().db.deleteFrom('application_letter').where('case_id', '=', row!.id).execute();
    const first = await letterOk(r.reference, 'receipt');
    assert.match(first.text, /收到申请日期：2026年2月26日/);
    assert.match(first.text, /\n2026年2月26日$/);
    assert.ok(numberOf(first.text));
    const again = await letterOk(r.reference, 'receipt');
    assert.ok(again.bytes.equals(first.bytes));
    const stored = await get().db.selectFrom('application_letter').select('kind').where('case_id', '=', row!.id).where('kind', '=', 'receipt').execute();
    assert.equal(stored.length, 1, 'issued once');
  });

  test('an old case whose letter is first printed by several requests at once is numbered once: no serial is used up', async () => {
    const db = get().db;
    const r = await register('2026-02-26', '申请公开磁县并发补发文书测试文件。');
    await act(r.reference, { type: 'decide', on: '2026-03-02', outcome: 'disclose', reasons: [] });
    const row = await service.applicationRepo.findCaseByReference(db, r.reference);
    await db.deleteFrom('application_letter').where('case_id', '=', row!.id).execute();
    const deps = { db, clock };
    const files = await Promise.all(Array.from({ length: 6 }, () => service.renderLetter(deps, row!, null as never, 'reply')));
    for (const f of files) assert.ok(f!.body.equals(files[0]!.body), 'every request prints the same letter');
    const stored = await db.selectFrom('application_letter').select(['doc_serial', 'org_code', 'doc_year']).where('case_id', '=', row!.id).where('kind', '=', 'reply').execute();
    assert.equal(stored.length, 1, 'issued once');
    // 发文字号 serials have no gaps: the next letter of the office and year gets the following number
    const next = await db.transaction().execute((trx) => nextLetterSerial(trx, stored[0]!.org_code, stored[0]!.doc_year));
    assert.equal(next, Number(stored[0]!.doc_serial) + 1, 'no serial was used up by the requests that lost');
  });

  test('staff API: a token downloads letters in scope; 401 without, 403 for another county, 404 {code,message} for an unknown kind or one not yet issued', async () => {
    const r = await register('2026-02-26', '申请公开磁县接口测试文件。');
    const form = await letterOk(r.reference, 'application_form');
    assert.match(form.text, /130427199001011230/, 'the handler sees the ID number');
    assert.match(form.text, /河北省邯郸市磁县磁州镇幸福路12号3单元201室/, 'the handler sees the address');
    const masked = await letterOk(r.reference, 'application_form', 'admin');
    assert.match(masked.text, /130427\*{8}1230/);
    assert.ok(!masked.text.includes('130427199001011230'));
    // the home address too: only its 省、市、县 for a reader who does not handle the case (letter and API)
    assert.match(masked.text, /河北省邯郸市磁县\*{4}/);
    assert.ok(!masked.text.includes('幸福路'), masked.text);
    const view = await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}`, headers: bearer('admin') });
    assert.equal(view.statusCode, 200, view.body);
    assert.equal(view.json().applicant.address, '河北省邯郸市磁县****');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${r.reference}/letters/receipt` })).statusCode, 401);
    const foreign = await letter(r.reference, 'receipt', 'longhua.admin');
    assert.equal(foreign.statusCode, 403);
    assert.ok(!foreign.body.includes('张三'));
    assert.equal((await letter(r.reference, 'receipt', 'cixian.editor')).statusCode, 403, 'an editor does not handle applications');
    const unknown = await letter(r.reference, 'invoice');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'unknown_letter_kind');
    assert.match(unknown.json().message, /没有这种文书/);
    const notYet = await letter(r.reference, 'reply');
    assert.equal(notYet.statusCode, 404);
    assert.deepEqual(notYet.json(), { code: 'letter_not_available', message: '该申请尚未办理到出具此文书的环节' });
    for (const kind of ['constructor', '__proto__', 'receipt,reply', 'RECEIPT']) assert.equal((await letter(r.reference, kind)).statusCode, 404, kind);
    // the kind as its Chinese name, as every enum of the API (parseEnum): the same document
    const byLabel = await letter(r.reference, encodeURIComponent('政府信息公开申请表'));
    assert.equal(byLabel.statusCode, 200, byLabel.body);
    assert.ok(byLabel.rawPayload.equals((await letter(r.reference, 'application_form')).rawPayload));
    const nul = await letter(r.reference, 'receipt%00');
    assert.equal(nul.statusCode, 400, 'a NUL byte is refused at the boundary');
    assert.equal(typeof nul.json().code, 'string');
    const noCase = await letter('YSQ-20260302-ZZZZZ', 'receipt');
    assert.equal(noCase.statusCode, 404);
    assert.equal(typeof noCase.json().code, 'string');
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    assert.ok(spec.paths['/api/v1/staff/applications/{reference}/letters/{kind}']?.get, 'documented in OpenAPI');
  });

  test('发文字号 prefix page: supervisor in scope, validated, audited; new letters use it, issued ones keep theirs', async () => {
    const r = await register('2026-02-26', '申请公开磁县代字测试文件。');
    const before = await letterOk(r.reference, 'receipt');
    const page = await t.app.inject({ method: 'GET', url: '/staff/applications/letter-prefix?org=130427', headers: { cookie: gkb } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /默认代字：磁县政依公/);
    const bad = await postForm(t.app, '/staff/applications/letter-prefix', gkb, { org: '130427', prefix: '磁' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /机关代字应为2至20个字/);
    assert.match(bad.body, /value="磁"/, 'the value is kept');
    const bracket = await postForm(t.app, '/staff/applications/letter-prefix', gkb, { org: '130427', prefix: '磁政〔2026〕' });
    assert.equal(bracket.statusCode, 400);
    const foreign = await postForm(t.app, '/staff/applications/letter-prefix', gkb, { org: '440105', prefix: '海政依公' });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /不在您的/);
    assert.equal(await get().db.selectFrom('application_letter_prefix').select('org_code').where('org_code', '=', '440105').executeTakeFirst(), undefined);
    const foreignPage = await t.app.inject({ method: 'GET', url: '/staff/applications/letter-prefix?org=440105', headers: { cookie: gkb } });
    assert.equal(foreignPage.statusCode, 403);
    const ok = await postForm(t.app, '/staff/applications/letter-prefix', gkb, { org: '130427', prefix: '磁政依公' });
    assert.equal(ok.statusCode, 303);
    const audit = await get().db.selectFrom('audit_log').selectAll().where('action', '=', 'application_letter_prefix_saved').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.entity_id, '130427');
    await act(r.reference, { type: 'decide', on: '2026-03-02', outcome: 'disclose', reasons: [] });
    assert.match((await letterOk(r.reference, 'reply')).text, /^磁县人民政府\n磁政依公〔2026〕\d+号\n/);
    assert.ok((await letterOk(r.reference, 'receipt')).bytes.equals(before.bytes), 'the receipt keeps the number it was issued with');
    const cleared = await postForm(t.app, '/staff/applications/letter-prefix', gkb, { org: '130427', prefix: '' });
    assert.equal(cleared.statusCode, 303);
  });

  test('a 机关代字 another organisation uses (set, or its default) is refused, so two offices never issue the same 发文字号', async () => {
    const db = get().db;
    const url = (org: string) => `/api/v1/staff/applications/letter-prefixes/${org}`;
    const put = (org: string, prefix: string) => t.app.inject({ method: 'PUT', url: url(org), headers: bearer('cixian.gkb'), payload: { prefix } });
    assert.equal((await put('130427-mzj', '磁民依公')).statusCode, 200);
    try {
      const taken = await put('130427-rsj', '磁民依公');
      // a refusal for the state of another organisation: 409 with the reason (API convention)
      assert.equal(taken.statusCode, 409, taken.body);
      assert.equal(taken.json().code, 'prefix_taken');
      assert.match(taken.json().message, /磁县民政局已使用机关代字“磁民依公”/);
      assert.match(taken.json().reasons.join(), /磁县民政局已使用机关代字“磁民依公”/);
      // 磁县人民政府's default (no prefix set) is 磁县政依公
      const asDefault = await put('130427-rsj', '磁县政依公');
      assert.equal(asDefault.statusCode, 409, asDefault.body);
      assert.match(asDefault.json().message, /磁县人民政府已使用机关代字“磁县政依公”/);
      const form = await postForm(t.app, '/staff/applications/letter-prefix', gkb, { org: '130427-rsj', prefix: '磁民依公' });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /磁县民政局已使用机关代字/);
      assert.match(form.body, /value="磁民依公"/, 'the value is kept');
      const stored = await db.selectFrom('application_letter_prefix').select('org_code').where('org_code', '=', '130427-rsj').executeTakeFirst();
      assert.equal(stored, undefined, 'nothing changed');
      // a prefix of another county is refused too, without naming its office
      await db.insertInto('application_letter_prefix').values({ org_code: '440105', prefix: '海政依公', updated_at: '2026-03-01T00:00:00Z' }).execute();
      const foreignName = (await db.selectFrom('organisation').select('name').where('code', '=', '440105').executeTakeFirstOrThrow()).name;
      const foreign = await put('130427-rsj', '海政依公');
      assert.equal(foreign.statusCode, 409, foreign.body);
      assert.match(foreign.json().message, /^另一单位已使用机关代字“海政依公”/);
      assert.ok(!foreign.body.includes(foreignName), 'another county is not disclosed');
      await db.deleteFrom('application_letter_prefix').where('org_code', '=', '440105').execute();
      // the organisation itself may save its own prefix again
      assert.equal((await put('130427-mzj', '磁民依公')).statusCode, 200);
    } finally {
      await put('130427-mzj', '');
    }
  });

  test('a receipt whose due date runs into a year without a holiday notice prints it as 暂定, dated and numbered in its own year', async () => {
    const db = get().db;
    const december = { db, clock: fixedClock('2026-12-07T02:00:00Z') };
    const actor = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.gkb'))!.id, 'token'))!;
    const r = await service.registerOffline(december, actor, { ...body('2026-12-04', '申请公开磁县2026年第四季度财政收支情况。'), applicant: { ...applicant } });
    assert.ok(r.ok, JSON.stringify(r));
    const row = await service.applicationRepo.findCaseByReference(db, r.result.reference);
    assert.equal(Number(row!.due_provisional), 1, 'the due date runs into 2027');
    const file = await service.renderLetter(december, row!, null as never, 'receipt');
    const text = docxText(file!.body);
    const due = row!.due_on!;
    assert.ok(text.includes(`本机关将于${Number(due.slice(0, 4))}年${Number(due.slice(5, 7))}月${Number(due.slice(8, 10))}日（暂定，含当日）前作出答复`), text);
    assert.match(text, /磁县政依公〔2026〕\d+号/);
    assert.match(text, /\n2026年12月4日$/);
  });

  test('a 征求意见书 whose answer date falls in a year without a holiday notice prints it as 暂定 (第三十二条)', async () => {
    const db = get().db;
    const december = { db, clock: fixedClock('2026-12-18T02:00:00Z') };
    const actor = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.gkb'))!.id, 'token'))!;
    const r = await service.registerOffline(december, actor, { ...body('2026-12-14', '申请公开磁县某企业环评文件。'), applicant: { ...applicant } });
    assert.ok(r.ok, JSON.stringify(r));
    await service.applyAction(december, actor, r.result.reference, { type: 'start_consultation', on: '2026-12-18', party: '磁县某化工有限公司', kind: 'third_party' } as never);
    const row = await service.applicationRepo.findCaseByReference(db, r.result.reference);
    const text = docxText((await service.renderLetter(december, row!, null as never, 'consultation'))!.body);
    // 15 working days from 2026-12-18 end in January 2027, a year whose notice is not loaded
    assert.match(text, /提出意见，即2027年1月\d+日（暂定，含当日）前；/);
    // a letter whose answer date is in a loaded year says no 暂定
    const r2 = await register('2026-02-24', '申请公开磁县另一企业环评文件。');
    await act(r2.reference, { type: 'start_consultation', on: '2026-02-25', party: '磁县某化工有限公司', kind: 'third_party' });
    assert.match((await letterOk(r2.reference, 'consultation')).text, /提出意见，即2026年3月\d+日（含当日）前；/);
  });

  test('prefix API: a supervisor token reads and sets the prefix of an organisation in scope; bad input is a 400 with nothing changed', async () => {
    const url = '/api/v1/staff/applications/letter-prefixes/130427-mzj';
    const got = await t.app.inject({ method: 'GET', url, headers: bearer('cixian.gkb') });
    assert.equal(got.statusCode, 200, got.body);
    assert.deepEqual(got.json(), { org: '130427-mzj', prefix: '磁县民政局依公', configured: false, example: '磁县民政局依公〔2026〕1号' });
    const bad = await t.app.inject({ method: 'PUT', url, headers: bearer('cixian.gkb'), payload: { prefix: '磁民〔依公' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'invalid_prefix');
    assert.match(bad.json().message, /机关代字不能包含/);
    assert.equal((await t.app.inject({ method: 'PUT', url, headers: bearer('cixian.gkb'), payload: {} })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'PUT', url, headers: bearer('cixian.gkb'), payload: { prefix: ['a', 'b'] } })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url, headers: bearer('cixian.gkb') })).json().configured, false, 'nothing changed');
    const put = await t.app.inject({ method: 'PUT', url, headers: bearer('cixian.gkb'), payload: { prefix: ' 磁民依公 ' } });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json(), { org: '130427-mzj', prefix: '磁民依公', configured: true, example: '磁民依公〔2026〕1号' });
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/staff/applications/letter-prefixes/440105', headers: bearer('cixian.gkb'), payload: { prefix: '海政依公' } })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/staff/applications/letter-prefixes/999999', headers: bearer('cixian.gkb'), payload: { prefix: '海政依公' } })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url, headers: bearer('admin') })).statusCode, 403, 'an admin does not set letter numbers');
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
    await t.app.inject({ method: 'PUT', url, headers: bearer('cixian.gkb'), payload: { prefix: '' } });
  });

  test('serials are unique when many letters are issued at once', async () => {
    const db = get().db;
    const got = await Promise.all(Array.from({ length: 12 }, () => db.transaction().execute((trx) => nextLetterSerial(trx, '130427-rsj', 2031))));
    assert.deepEqual([...got].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1));
  });

  test('public pages offer the blank 申请表 (DOCX, no personal data) and the 办理流程图 (SVG and text)', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/applications/apply' });
    assert.match(start.body, /href="\/applications\/forms\/application-form.docx"/);
    assert.match(start.body, /href="\/applications\/process"/);
    const form = await t.app.inject({ method: 'GET', url: '/applications/forms/application-form.docx' });
    assert.equal(form.statusCode, 200);
    assert.equal(form.headers['content-type'], DOCX);
    const text = docxText(form.rawPayload);
    assert.match(text, /^政府信息公开申请表\n/);
    assert.ok(!/张三|130427\d{11}/.test(text));
    const page = await t.app.inject({ method: 'GET', url: '/applications/process' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg [^>]*role="img"/);
    assert.match(page.body, /<li><strong>告知补正（7 个工作日）（需要时）<\/strong>/);
    const svg = await t.app.inject({ method: 'GET', url: '/applications/process.svg' });
    assert.equal(svg.statusCode, 200);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
  });
}, withDemo);
