// The consultation clock over HTTP and in the service, on SQLite and PostgreSQL: the day the third
// party received the letter (第三十二条、第三十四条), the pause capped at the end of its 15 working
// days (第三十三条第三款), the refusal of a receipt day before the letter (API 409, page 400 with the
// values kept, nothing changed), and the recompute of stored cases (no receipt day: hand delivery).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import * as service from '../../src/modules/applications/applications.service.ts';
import type { CaseEvent } from '../../src/modules/applications/workflow.ts';

// Today: 2025-12-15, the day staff recorded the end in the case the legal review tried.
const clock = fixedClock('2025-12-15T02:00:00Z');
const applicant = { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com' };
const staffBody = (received_on: string) => ({ org: '130427', applicant, description: '申请公开某某建材有限公司的环评批复文件。', delivery: 'email', channel: 'in_person', received_on });

forEachDialect('consultation clock over HTTP', (get) => {
  let t: TestApp;
  let token = '';
  let cookie = '';
  before(async () => {
    t = await buildTestApp(get(), clock);
    token = await identityService.createApiToken({ db: get().db, clock, sessionIdleMinutes: 120 }, { cli: true }, (await findUserByUsername(get().db, 'cixian.gkb'))!.id, 'test');
    cookie = await signIn(t.app, 'cixian.gkb');
  });
  after(async () => t.app.close());
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const register = async (received_on: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: bearer(), payload: staffBody(received_on) });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { reference: string; due_on: string; due_explanation: string };
  };
  const act = (ref: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${ref}/actions`, headers: bearer(), payload: body });
  const read = async (ref: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${ref}`, headers: bearer() })).json();

  test('API: the tried case — letter 2025-11-05 by post, receipt recorded as the letter day, ended 12-15 → due 2025-12-22 with the warning kept (Arts. 32, 33(3))', async () => {
    // Received 2025-11-03: 20 working days 11-04 … 12-01 (第三十三条), counted from the next day.
    const r = await register('2025-11-03');
    assert.equal(r.due_on, '2025-12-01');
    assert.match(r.due_explanation, /^收到申请之日：2025-11-03（当日不计入，自次日起计算）/);
    assert.match(r.due_explanation, /答复期限：2025年12月1日（含当日）前。$/);

    // By post: taken as received 11-08 (3 mailing days); its period 11-10..11-28 is over today, so
    // the clock runs again: 18 days left from 11-28 → 12-24.
    const start = await act(r.reference, { type: 'start_consultation', on: '2025-11-05', party: '某某建材有限公司', kind: 'third_party', sent_via: 'mail' });
    assert.equal(start.statusCode, 200, start.body);
    assert.equal(start.json().stage, 'in_consultation');
    assert.equal(start.json().due_on, '2025-12-24');

    // The signed receipt shows it was handed over on the letter day: period 11-06..11-26 → due 12-22.
    const receipt = await act(r.reference, { type: 'record_consultation_receipt', on: '2025-12-15', received_on: '2025-11-05' });
    assert.equal(receipt.statusCode, 200, receipt.body);
    assert.equal(receipt.json().due_on, '2025-12-22');

    const end = await act(r.reference, { type: 'end_consultation', on: '2025-12-15', result: '第三方逾期未答复' });
    assert.equal(end.statusCode, 200, end.body);
    assert.equal(end.json().due_on, '2025-12-22', 'not 2026-01-09');
    assert.match(end.json().warnings.join(), /晚于对方答复期限 2025-11-26.*答复期限为 2025年12月22日（含当日）前/);
    // Worded as issue 15 asks: 「征求意见期间（发函次日至收到意见之日）不计入」 with the days actually left out.
    assert.match(end.json().due_explanation, /征求意见期间（发函次日至收到意见之日）不计入（征求第三方意见，第三十二条）：2025-11-06 至 2025-11-26，实际扣除 15 个工作日/);
    assert.doesNotMatch(end.json().due_explanation, /某某建材/, 'the explanation names no third party (the applicant reads it)');

    const c = await read(r.reference);
    assert.equal(c.due_on, '2025-12-22');
    const types = (c.events as { type: string }[]).map((e) => e.type);
    assert.deepEqual(types, ['registered', 'start_consultation', 'record_consultation_receipt', 'end_consultation']);
    const ended = (c.events as { type: string; data: { warnings?: string[] } }[]).find((e) => e.type === 'end_consultation')!;
    assert.match(ended.data.warnings?.join() ?? '', /2025年12月22日/, 'the event keeps the warning');
    const started = (c.events as { type: string; data: Record<string, unknown> }[]).find((e) => e.type === 'start_consultation')!;
    assert.deepEqual([started.data.sent_via, started.data.received_on, started.data.answer_due_on], ['mail', '2025-11-08', '2025-11-28']);
  });

  test('API: a receipt day before the letter is a 409 naming the field, nothing changed', async () => {
    const r = await register('2025-11-03');
    const bad = await act(r.reference, { type: 'start_consultation', on: '2025-11-05', party: 'A公司', kind: 'third_party', received_on: '2025-11-04' });
    assert.equal(bad.statusCode, 409);
    assert.equal(bad.json().code, 'action_refused');
    assert.match(bad.json().reasons.join(), /收到征求意见书之日（received_on）2025-11-04 不能早于发函日期 2025-11-05/);
    let c = await read(r.reference);
    assert.deepEqual((c.events as { type: string }[]).map((e) => e.type), ['registered']);
    assert.equal(c.due_on, '2025-12-01');
    const ok = await act(r.reference, { type: 'start_consultation', on: '2025-11-05', party: 'A公司', kind: 'third_party' });
    assert.equal(ok.statusCode, 200);
    const later = await act(r.reference, { type: 'record_consultation_receipt', on: '2025-12-15', received_on: '2025-11-01' });
    assert.equal(later.statusCode, 409);
    assert.match(later.json().reasons.join(), /received_on）2025-11-01 不能早于发函日期 2025-11-05/);
    c = await read(r.reference);
    assert.deepEqual((c.events as { type: string }[]).map((e) => e.type), ['registered', 'start_consultation']);
    const audits = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', r.reference).execute();
    assert.deepEqual(audits.map((a) => a.action).sort(), ['application_registered', 'application_start_consultation'], 'a refusal writes no audit row');
  });

  test('pages: the form re-renders with 400, the field error and the values kept; the case page shows the receipt day and the deadline with 含当日', async () => {
    const r = await register('2025-12-10');
    const bad = await postForm(t.app, `/staff/applications/${r.reference}/actions`, cookie, { type: 'start_consultation', on: '2025-12-12', party: '县财政局', kind: 'co_producer', sent_via: 'mail', received_on: '2025-12-11' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /收到征求意见书之日（received_on）2025-12-11 不能早于发函日期 2025-12-12/);
    assert.match(bad.body, /id="action-start_consultation-received_on" name="received_on" type="date"[^>]*value="2025-12-11"/);
    assert.match(bad.body, /value="县财政局"/);
    assert.match(bad.body, /<option value="mail" selected/);
    assert.match(bad.body, /<details id="action-start_consultation" class="action" open/);
    assert.deepEqual((await read(r.reference)).events.map((e: { type: string }) => e.type), ['registered'], 'nothing changed');
    const ok = await postForm(t.app, `/staff/applications/${r.reference}/actions`, cookie, { type: 'start_consultation', on: '2025-12-12', party: '县财政局', kind: 'co_producer', sent_via: 'mail', received_on: '2025-12-15' });
    assert.equal(ok.statusCode, 303);
    const page = await t.app.inject({ method: 'GET', url: `/staff/applications/${r.reference}`, headers: { cookie } });
    // Received 12-15: 15 working days 12-16 … 2026-01-06 (元旦 01-01..03 off, Sun 01-04 调休 counted).
    assert.match(page.body, /县财政局：2025-12-12 发函（邮寄），2025-12-15 收到，答复期限 2026-01-06/);
    assert.match(page.body, /征求意见中，答复期限暂停计算/);
    assert.match(page.body, /登记征求意见书送达日期/);
  });

  test('pages: after the consultation ended, the case page still offers 登记征求意见书送达日期; a signed receipt showing an earlier day shortens the pause (Arts. 32, 33(3))', async () => {
    const r = await register('2025-11-03');
    const post = (body: Record<string, string>) => postForm(t.app, `/staff/applications/${r.reference}/actions`, cookie, body);
    // By post: taken as received 11-08, period to 11-28; the answer came 11-28, inside it → 12-24.
    assert.equal((await post({ type: 'start_consultation', on: '2025-11-05', party: '某某建材有限公司', kind: 'third_party', sent_via: 'mail' })).statusCode, 303);
    assert.equal((await post({ type: 'end_consultation', on: '2025-11-28', result: '同意公开' })).statusCode, 303);
    assert.equal((await read(r.reference)).due_on, '2025-12-24');
    const page = await t.app.inject({ method: 'GET', url: `/staff/applications/${r.reference}`, headers: { cookie } });
    assert.match(page.body, /<details id="action-record_consultation_receipt" class="action"/, 'the form is offered once the consultation has ended');
    // The signed receipt shows 11-05: the period ended 11-26, so the pause stops there → 2025-12-22.
    const rec = await post({ type: 'record_consultation_receipt', on: '2025-12-01', received_on: '2025-11-05' });
    assert.equal(rec.statusCode, 303, rec.body);
    assert.equal((await read(r.reference)).due_on, '2025-12-22');
    // A case that never had a consultation is not offered the form.
    const plain = await register('2025-11-03');
    const plainPage = await t.app.inject({ method: 'GET', url: `/staff/applications/${plain.reference}`, headers: { cookie } });
    assert.doesNotMatch(plainPage.body, /id="action-record_consultation_receipt"/);
  });

  test('public status: an explanation stored before the party was left out of it (a closed case the recompute skips) shows no third-party name (page and API)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: bearer(), payload: staffBody('2025-11-03') });
    const { reference, tracking_code: code } = res.json() as { reference: string; tracking_code: string };
    const row = (await service.applicationRepo.findCaseByReference(get().db, reference))!;
    // As the old code wrote it: 「征求第三方（<party>）意见 …」, names with brackets of their own included.
    const old = '起算日：2025-11-03，收到申请之日（当面提交，第三十一条）（当日不计入，次日起算）；期限：20 个工作日（《政府信息公开条例》第三十三条），共 20 个工作日；'
      + '征求第三方（某某（北京）建材有限公司）意见 2025-11-05 至 2025-11-20 不计入期限（跳过 11 个工作日，第三十三条第三款），恢复时尚余 18 个工作日；'
      + '征求共同制作机关（县财政局）意见自 2025-11-21 起暂停计算，尚余 17 个工作日；答复期限截止：2025-12-16。';
    await service.applicationRepo.updateCase(get().db, row.id, { stage: 'closed', closed_on: '2025-12-15', due_explanation: old });
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/applications/${reference}?tracking_code=${code}` });
    assert.equal(api.statusCode, 200, api.body);
    const text = api.json().due_explanation as string;
    assert.doesNotMatch(text, /某某|北京|建材|县财政局/);
    assert.match(text, /征求第三方意见 2025-11-05 至 2025-11-20 不计入期限/);
    assert.match(text, /征求共同制作机关意见自 2025-11-21 起暂停计算/);
    const page = await postForm(t.app, '/applications/status', cookie, { reference, tracking_code: code });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /某某|建材有限公司|县财政局/);
    assert.match(page.body, /征求第三方意见 2025-11-05 至 2025-11-20/);
  });

  test('recompute: a stored case without a receipt day folds as hand delivery and gets 2025-12-22 with a due_recomputed event; an open one past its period gets its due date back', async () => {
    const deps = { db: get().db, clock };
    // As stored before this change: no sent_via / received_on, the old uncapped due date.
    const ended = await register('2025-11-03');
    const open = await register('2025-10-27');
    const legacy = async (reference: string, events: CaseEvent[], row: { stage: string; due_on: string | null; days_left: number | null }) => {
      const found = (await service.applicationRepo.findCaseByReference(get().db, reference))!;
      await service.applicationRepo.appendEvents(get().db, found.id, 1, events, { id: null, label: '旧版本' }, clock.now());
      await service.applicationRepo.updateCase(get().db, found.id, { ...row, due_explanation: '旧说明' });
      return found.id;
    };
    const letter: CaseEvent = { type: 'start_consultation', on: '2025-11-05', data: { party: '某某建材有限公司', kind: 'third_party', answer_due_on: '2025-11-26' } };
    const endedId = await legacy(ended.reference, [letter, { type: 'end_consultation', on: '2025-12-15', data: { result: '逾期未答复' } }], { stage: 'registered', due_on: '2026-01-09', days_left: null });
    const openId = await legacy(open.reference, [letter], { stage: 'in_consultation', due_on: null, days_left: 13 });

    // A case without a consultation whose stored explanation reads the old way: refreshed, no event.
    const plain = await register('2025-12-01');
    const plainRow = (await service.applicationRepo.findCaseByReference(get().db, plain.reference))!;
    await service.applicationRepo.updateCase(get().db, plainRow.id, { due_explanation: '起算日：2025-12-01（旧格式）' });
    const changed = await service.recomputeConsultationClocks(deps);
    assert.ok(changed >= 2, `changed ${changed}`);
    const endedRow = (await service.applicationRepo.findCaseById(get().db, endedId))!;
    assert.equal(endedRow.due_on, '2025-12-22');
    assert.match(endedRow.due_explanation, /答复期限：2025年12月22日（含当日）前/);
    const ev = (await service.applicationRepo.listEvents(get().db, endedId)).at(-1)!;
    assert.equal(ev.type, 'due_recomputed');
    assert.match(String(ev.data.reason), /15 个工作日封顶重新计算（第三十二条、第三十四条、第三十三条第三款）/);
    assert.deepEqual([ev.data.before, ev.data.after], [{ due_on: '2026-01-09', provisional: false }, { due_on: '2025-12-22', provisional: false }]);

    const openRow = (await service.applicationRepo.findCaseById(get().db, openId))!;
    // Received 10-27: 10-28 … 11-05 used (7), 13 left from 11-26 → 11-27, 28, 12-01..05, 08..12, 15.
    assert.equal(openRow.due_on, '2025-12-15', 'past 11-26 the open consultation no longer stops the clock');
    const openEv = (await service.applicationRepo.listEvents(get().db, openId)).at(-1)!;
    assert.match(String(openEv.data.reason), /已于 2025-11-26 届满/);

    assert.equal(await service.recomputeConsultationClocks(deps), 0, 'nothing left to change: no second event');
    const refreshed = (await service.applicationRepo.findCaseById(get().db, plainRow.id))!;
    assert.match(refreshed.due_explanation, /^收到申请之日：2025-12-01（当日不计入，自次日起计算）/);
    assert.deepEqual((await service.applicationRepo.listEvents(get().db, plainRow.id)).map((e) => e.type), ['registered'], 'a reworded explanation is no event');
    // Its due date is known again, so the date lists see it: due today, within 3 working days.
    const soon = await t.app.inject({ method: 'GET', url: '/api/v1/staff/applications?list=due_soon', headers: bearer() });
    assert.ok((soon.json().items as { reference: string; stage: string }[]).some((i) => i.reference === open.reference && i.stage === 'in_consultation'), soon.body);
  });
}, withDemo);

// A consultation period counted in a year without its notice (2027 here) moves when the notice is
// loaded, and the pause with it (第三十二条、第三十三条第三款); the calendar change recomputes the case.
forEachDialect('consultation period in a provisional year, then the notice is loaded', (get) => {
  const later = fixedClock('2027-03-15T02:00:00Z');
  let t: TestApp;
  let staff = '';
  let platform = '';
  before(async () => {
    t = await buildTestApp(get(), later);
    const deps = { db: get().db, clock: later, sessionIdleMinutes: 120 };
    staff = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, 'cixian.gkb'))!.id, 'test');
    platform = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, 'platform'))!.id, 'test');
  });
  after(async () => t.app.close());

  test('received 2027-01-25, letter handed over 01-27, ended late 03-15: due 03-17 (暂定) until the notice, 03-23 after it, with a due_recomputed event', async () => {
    const headers = { authorization: `Bearer ${staff}` };
    const reg = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers, payload: staffBody('2027-01-25') });
    assert.equal(reg.statusCode, 201, reg.body);
    const ref = reg.json().reference as string;
    const act = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${ref}/actions`, headers, payload: body });
    assert.equal((await act({ type: 'start_consultation', on: '2027-01-27', party: '某公司', kind: 'third_party' })).statusCode, 200);
    const end = await act({ type: 'end_consultation', on: '2027-03-15', result: '逾期未答复' });
    assert.equal(end.statusCode, 200, end.body);
    // No 2027 notice: the period skips only the statutory 春节 days 02-05, 02-08 → 01-28 … 02-19;
    // 18 days left after 01-26, 27 → 02-22 … 03-17.
    assert.deepEqual([end.json().due_on, end.json().due_provisional], ['2027-03-17', true]);
    // Test data, not the real notice: the statutory days plus 02-09..02-13 off.
    const statutory = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'];
    const days = [...statutory, '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'].map((date) => ({ date, kind: 'holiday', name: date.startsWith('2027-02') ? '春节' : '节日' }));
    const load = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: { authorization: `Bearer ${platform}` }, payload: { source: '测试通知', days } });
    assert.ok(load.statusCode < 300, load.body);
    // The party's 15 working days now end 02-25 (01-28, 29, 02-01..04, 02-15..19, 22..25): the pause
    // lasts until then, 18 left → 02-26, 03-01..05, 08..12, 15..19, 22, 23.
    const c = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/applications/${ref}`, headers })).json();
    assert.deepEqual([c.due_on, c.due_provisional], ['2027-03-23', false]);
    const ev = (c.events as { type: string; data: { after?: unknown } }[]).at(-1)!;
    assert.equal(ev.type, 'due_recomputed');
    assert.deepEqual(ev.data.after, { due_on: '2027-03-23', provisional: false });
  });
}, withDemo);
