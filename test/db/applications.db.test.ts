// Applications on SQLite and PostgreSQL: registration, the event log, idempotent submission,
// recomputation after a calendar change, and the audit trail.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { replaceYear } from '../../src/platform/calendar/calendar.repository.ts';
import { platformView } from '../../src/schema.ts';
import { findUserByUsername, identityService, type Actor } from '../../src/modules/identity/index.ts';
import * as service from '../../src/modules/applications/applications.service.ts';
import { createAndPublish, emptyInput } from '../../src/modules/disclosures/index.ts';

const clock = fixedClock('2026-12-11T02:00:00Z');
const input = (over: Partial<service.RegistrationInput> = {}): service.RegistrationInput => ({
  org: '130427', channel: 'in_person', received_on: '2026-12-10',
  applicant: { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com' },
  description: '申请公开磁县2026年供暖补贴发放名单。', delivery: 'email', ...over,
});

forEachDialect('applications', (get) => {
  let gkb: Actor;
  let admin: Actor;
  before(async () => {
    gkb = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'cixian.gkb'))!.id, 'token'))!;
    admin = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'admin'))!.id, 'token'))!;
  });

  test('demo cases exist in different stages', async () => {
    const stages = (await get().db.selectFrom('application_case').select('stage').execute()).map((r) => r.stage);
    for (const st of ['closed', 'decided', 'registered', 'awaiting_confirmation', 'awaiting_correction', 'assigned']) assert.ok(stages.includes(st), st);
  });

  test('a case near the year end is provisional and is recomputed, with an event, when 2027 is loaded', async () => {
    const deps = { db: get().db, clock };
    // 《全国年节及纪念日放假办法》第二条: 2027-01-01 (元旦) is off even before the 2027 notice
    const r = await service.registerOffline(deps, gkb, input({ received_on: '2026-12-04' }));
    assert.ok(r.ok);
    assert.equal(r.result.dueOn, '2027-01-04');
    let row = await service.applicationRepo.findCaseByReference(get().db, r.result.reference);
    assert.equal(Number(row!.due_provisional), 1);
    assert.match(row!.due_explanation, /元旦 2027-01-01/);
    assert.match(row!.due_explanation, /2027 年节假日安排尚未录入/);
    // a (test) notice that also gives Monday 2027-01-04 off moves the date; the statutory days stay
    const statutory2027 = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'];
    await replaceYear(platformView(get().db), { year: 2027, source: '测试：2027 年（元旦 1 月 1 日至 4 日）', days: [...statutory2027, '2027-01-02', '2027-01-03', '2027-01-04'].sort().map((date) => ({ date, kind: 'holiday' as const, name: '测试' })) }, clock.now());
    const changed = await service.recomputeOpenCases(deps, '工作日历：录入 2027 年');
    assert.ok(changed >= 1);
    row = await service.applicationRepo.findCaseByReference(get().db, r.result.reference);
    assert.equal(row!.due_on, '2027-01-05');
    assert.equal(Number(row!.due_provisional), 0);
    const events = await service.applicationRepo.listEvents(get().db, row!.id);
    const last = events[events.length - 1]!;
    assert.equal(last.type, 'due_recomputed');
    assert.deepEqual(last.data.before, { due_on: '2027-01-04', provisional: true });
    assert.deepEqual(last.data.after, { due_on: '2027-01-05', provisional: false });
    assert.equal(await service.recomputeOpenCases(deps, 'again'), 0, 'no change, no event');
    await get().db.deleteFrom('calendar_day').where('year', '=', 2027).execute();
    await get().db.deleteFrom('calendar_year').where('year', '=', 2027).execute();
  });

  test('actions append events in order, update the row and write an audit entry each', async () => {
    const deps = { db: get().db, clock };
    const r = await service.registerOffline(deps, gkb, input({ received_on: '2026-09-18' }));
    assert.ok(r.ok);
    assert.equal(r.result.dueOn, '2026-10-22');
    const ref = r.result.reference;
    await service.applyAction(deps, gkb, ref, { type: 'assign', on: '2026-09-21', org: '130427-mzj' });
    const res = await service.applyAction(deps, gkb, ref, { type: 'extend', on: '2026-10-20', days: 20, approved_by: 'cixian.gkb', reason: '档案调取' });
    assert.equal(res.dueOn, '2026-11-19');
    await assert.rejects(service.applyAction(deps, gkb, ref, { type: 'extend', on: '2026-10-21', days: 5, approved_by: 'cixian.gkb', reason: 'x' }), (e: { status: number; reasons: string[] }) => e.status === 409 && /只能延长一次/.test(e.reasons.join()));
    const row = (await service.applicationRepo.findCaseByReference(get().db, ref))!;
    assert.equal(row.stage, 'assigned');
    assert.equal(row.assigned_org_code, '130427-mzj');
    const events = await service.applicationRepo.listEvents(get().db, row.id);
    assert.deepEqual(events.map((e) => [e.seq, e.type]), [[1, 'registered'], [2, 'assign'], [3, 'extend']]);
    const audits = await get().db.selectFrom('audit_log').select(['action', 'after_json']).where('entity_id', '=', ref).orderBy('id').execute();
    assert.deepEqual(audits.map((a) => a.action), ['application_registered', 'application_assign', 'application_extend']);
    assert.doesNotMatch(audits.map((a) => a.after_json).join(), /130427199001011230|张三|13800001111/, 'no applicant data in the audit log');
  });

  test('extension approved by someone who is not a supervisor is refused', async () => {
    const deps = { db: get().db, clock };
    const r = await service.registerOffline(deps, gkb, input({ received_on: '2026-12-01' }));
    assert.ok(r.ok);
    await assert.rejects(service.applyAction(deps, gkb, r.result.reference, { type: 'extend', on: '2026-12-10', days: 5, approved_by: 'cizhou.handler', reason: 'x' }), /不能批准延期/);
  });

  test('online submission is idempotent by key and has no due date until confirmed', async () => {
    const deps = { db: get().db, clock };
    const body = input(); delete body.channel; delete body.received_on;
    const a = await service.submitOnline(deps, body, 'k-1');
    const b = await service.submitOnline(deps, body, 'k-1');
    assert.ok(a.ok && b.ok);
    assert.equal(a.result.reference, b.result.reference);
    assert.equal(a.result.dueOn, null);
    assert.ok(a.result.trackingCode);
    assert.equal(b.result.trackingCode, null);
    const n = await get().db.selectFrom('application_case').select(get().db.fn.countAll<number>().as('n')).where('idempotency_key', '=', 'k-1').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
    const st = await service.publicStatus(deps, a.result.reference, a.result.trackingCode!);
    assert.equal(st?.row.stage, 'awaiting_confirmation');
    assert.equal(await service.publicStatus(deps, a.result.reference, 'WRONGCODE'), null);
    const res = await service.applyAction(deps, gkb, a.result.reference, { type: 'confirm_receipt', on: '2026-12-11' });
    assert.equal(res.stage, 'registered');
    assert.ok(res.dueOn);
  });

  test('ID numbers and phones are masked for admins, shown to the handler', async () => {
    const deps = { db: get().db, clock };
    const r = await service.registerOffline(deps, gkb, input({ received_on: '2026-12-02' }));
    assert.ok(r.ok);
    const mine = await service.getStaffCase(deps, gkb, r.result.reference);
    assert.equal(mine.applicant.idNumber, '130427199001011230');
    const adm = await service.getStaffCase(deps, admin, r.result.reference);
    assert.equal(adm.applicant.idNumber, '130427********1230');
    assert.equal(adm.applicant.phone, '138****1111');
  });

  test('fee by count uses the applicant\'s position in the calendar month (109号)', async () => {
    const deps = { db: get().db, clock };
    const refs: string[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await service.registerOffline(deps, gkb, input({ received_on: `2026-11-${String(2 + i).padStart(2, '0')}`, applicant: { type: 'natural_person', name: '钱多', id_number: '13042719800101009X', phone: '13800002222', email: 'qd@example.com' } }));
      assert.ok(r.ok);
      refs.push(r.result.reference);
    }
    await assert.rejects(service.applyAction(deps, gkb, refs[0]!, { type: 'issue_fee_notice', on: '2026-12-01', basis: 'count' }), /第 1 件申请.*免费/);
    const r = await service.applyAction(deps, gkb, refs[10]!, { type: 'issue_fee_notice', on: '2026-12-01', basis: 'count' });
    assert.equal(r.stage, 'awaiting_payment');
    const events = await service.applicationRepo.listEvents(get().db, (await service.applicationRepo.findCaseByReference(get().db, refs[10]!))!.id);
    assert.equal(events.at(-1)!.data.amount, 100);
  });

  test('a concurrent writer on the same case makes the later action a 409 concurrent_change, not a 500', async (t) => {
    if (get().dialect !== 'postgres') { t.skip('SQLite has a single writer'); return; }
    const deps = { db: get().db, clock };
    const r = await service.registerOffline(deps, gkb, input({ received_on: '2026-12-03' }));
    assert.ok(r.ok);
    const row = (await service.applicationRepo.findCaseByReference(get().db, r.result.reference))!;
    let inserted!: () => void;
    let release!: () => void;
    const insertedP = new Promise<void>((res) => { inserted = res; });
    const gate = new Promise<void>((res) => { release = res; });
    // Another writer has appended event 2 but not committed yet: the action reads 1 event and its insert of seq 2 waits, then fails.
    const other = get().db.transaction().execute(async (trx) => {
      await service.applicationRepo.appendEvents(trx, row.id, 1, [{ type: 'confidentiality_review', on: '2026-12-10', data: { result: 'cleared', opinion: '', reviewer: 'x' } }], { id: null, label: 'x' }, new Date());
      inserted();
      await gate;
    });
    await insertedP;
    const action = service.applyAction(deps, gkb, r.result.reference, { type: 'confidentiality_review', on: '2026-12-10', result: 'cleared' });
    setTimeout(release, 1000);
    await assert.rejects(action, (e: { status: number; code: string }) => e.status === 409 && e.code === 'concurrent_change');
    await other;
    assert.equal((await service.applicationRepo.listEvents(get().db, row.id)).length, 2);
  });

  test('bad registration input gives field errors (nothing stored)', async () => {
    const deps = { db: get().db, clock };
    const before = await get().db.selectFrom('application_case').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await service.registerOffline(deps, gkb, { org: '999', channel: 'pigeon', received_on: '2026-13-01', applicant: { type: 'x', name: '' }, description: '', delivery: 'fax' });
    assert.equal(r.ok, false);
    if (!r.ok) for (const k of ['org', 'channel', 'received_on', 'applicant_type', 'applicant_name', 'description', 'delivery']) assert.ok(r.errors[k], k);
    const after = await get().db.selectFrom('application_case').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });
  test('answered 已主动公开 with the 索引号 of a record published here: the reply letter names it; an unknown 索引号 is warned', async () => {
    const deps = { db: get().db, clock };
    const rec = await createAndPublish({ ...deps, indexFormat: '{org}-{year}-{category}-{serial:5}', countStartDay: false }, 'test', { ...emptyInput('130427'), publisher: '磁县民政局', title: '磁县2026年供暖补贴发放名单', bodyHtml: '<p>名单见附件。</p>', genre: 'notice', category: 'mzsh', formedOn: '2026-11-02' });
    const r = await service.registerOffline(deps, gkb, input());
    assert.ok(r.ok);
    const ref = r.result.reference;
    await service.applyAction(deps, gkb, ref, { type: 'confidentiality_review', on: '2026-12-10', result: 'cleared' }).catch(() => undefined);
    const res = await service.applyAction(deps, gkb, ref, { type: 'decide', on: '2026-12-11', outcome: 'disclose', record_index_no: rec.indexNo });
    assert.deepEqual(res.warnings, []);
    const found = await service.getStaffCase(deps, gkb, ref);
    assert.equal(found.state.decision?.recordTitle, '磁县2026年供暖补贴发放名单');
    assert.equal(found.state.decision?.recordPublishedOn, '2026-12-11');
    const other = await service.registerOffline(deps, gkb, input());
    assert.ok(other.ok);
    const warned = await service.applyAction(deps, gkb, other.result.reference, { type: 'decide', on: '2026-12-11', outcome: 'disclose', record_index_no: 'NO-SUCH-INDEX' });
    assert.match(warned.warnings.join(), /索引号 NO-SUCH-INDEX 在本平台没有已公开的信息/);
  });
  test('queue counts are counted in the database, not capped by the 200-row page (overdue never misses a case without a due date ordering)', async () => {
    const deps = { db: get().db, clock };
    const before = await service.queueCounts(deps, gkb);
    // 第三十三条: received 2026-11-02, due 2026-11-30 — overdue on 2026-12-11
    for (let i = 0; i < 205; i++) assert.ok((await service.registerOffline(deps, gkb, input({ received_on: '2026-11-02' }))).ok);
    const after = await service.queueCounts(deps, gkb);
    assert.equal(after.all_open - before.all_open, 205);
    assert.equal(after.overdue - before.overdue, 205);
    assert.ok(after.all_open > 200 && after.overdue > 200, JSON.stringify(after));
    const overdue = await service.queue(deps, gkb, 'overdue');
    assert.equal(overdue.length, 200, 'one page of the queue');
    assert.ok(overdue.every((r) => r.due_on !== null && r.due_on < '2026-12-11'));
  });
}, withDemo);
