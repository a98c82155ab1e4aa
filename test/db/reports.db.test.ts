// The annual report over real rows on SQLite and PostgreSQL: table 三 from application cases (the
// hand-worked fixture), table 四 from review events, table 二 from disclosure rows, drafts,
// publishing (snapshot + 年度报告 disclosure record), import of a past year, carry-over, reminders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { insertOrganisations, type Actor, type Organisation } from '../../src/modules/identity/index.ts';
import * as svc from '../../src/modules/reports/reports.service.ts';
import { rowOf, emptyTable3, ROW_INDEX } from '../../src/modules/reports/annual-format.ts';
import { withTotals } from '../../src/modules/reports/annual-tables.ts';
import { EXPECTED_2025, FIXTURE, labelled } from '../fixtures/annual-cases.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const AT = new Date('2026-01-01T00:00:00Z');
const GOV: Organisation = { code: '130427', name: '磁县人民政府', kind: 'government', regionCode: '130427000000', parentCode: null, path: '/130427/', disabled: false };
const DEPT: Organisation = { code: '130427-mzj', name: '磁县民政局', kind: 'department', regionCode: '130427000000', parentCode: '130427', path: '/130427/130427-mzj/', disabled: false };
const TOWN: Organisation = { code: '130427100', name: '磁州镇人民政府', kind: 'township_government', regionCode: '130427100000', parentCode: '130427', path: '/130427/130427100/', disabled: false };
const VILLAGE: Organisation = { code: '130427100201', name: '白龙村村民委员会', kind: 'village_committee', regionCode: '130427100201', parentCode: '130427100', path: '/130427/130427100/130427100201/', disabled: false };
const supervisor: Actor = { userId: 1, username: 'sup', displayName: '负责人', grants: [{ role: 'supervisor', orgCode: '130427', orgPath: '/130427/' }], via: 'session', mustChangePassword: false };
const editor: Actor = { ...supervisor, username: 'ed', grants: [{ role: 'editor', orgCode: '130427', orgPath: '/130427/' }] };
const outsider: Actor = { ...supervisor, username: 'out', grants: [{ role: 'supervisor', orgCode: '130427100', orgPath: '/130427/130427100/' }] };

async function setup(t: TestDb) {
  const db = t.db;
  await db.insertInto('region').values([
    { code: '130427000000', name: '磁县', level: 'county', parent_code: null },
    { code: '130427100000', name: '磁州镇', level: 'township', parent_code: '130427000000' },
    { code: '130427100201', name: '白龙村', level: 'village', parent_code: '130427100000' },
  ]).execute();
  await insertOrganisations(db, [GOV, DEPT, TOWN, VILLAGE], AT);
  let n = 0;
  const insertCase = async (org: Organisation, c: (typeof FIXTURE)[number]) => {
    n++;
    const row = await db.insertInto('application_case').values({
      reference: `TEST-${n}`, tracking_hash: 'x', org_code: org.code, org_path: org.path, registered_org_code: org.code, assigned_org_code: null, assigned_org_path: null,
      channel: 'in_person', submitted_on: c.receivedOn ?? '2025-12-30', received_on: c.receivedOn, applicant_type: c.applicantType, applicant_subtype: c.applicantSubtype,
      applicant_name: '申请人', applicant_id_number: null, applicant_phone: null, applicant_email: null, applicant_address: null, description: '测试', delivery: 'pickup',
      stage: c.withdrawnOn ? 'withdrawn' : c.decidedOn ? 'closed' : 'assigned', due_on: null, due_provisional: 0, due_explanation: '', days_left: null,
      outcome: c.outcome, decided_on: c.decidedOn, delivered_on: null, closed_on: c.withdrawnOn ?? c.decidedOn, idempotency_key: null, created_at: AT.toISOString(), updated_at: AT.toISOString(),
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  };
  const ids: number[] = [];
  for (const c of FIXTURE) ids.push(await insertCase(GOV, c));
  // One case of the department: counted only with the subtree.
  await insertCase(DEPT, { receivedOn: '2025-05-05', applicantType: 'natural_person', applicantSubtype: null, outcome: 'disclose', decidedOn: '2025-05-20', withdrawnOn: null });
  const review = (caseId: number, seq: number, on: string, kind: string, result: string) => db.insertInto('application_event').values({
    case_id: caseId, seq, type: 'record_review', event_on: on, data_json: JSON.stringify({ kind, result }), actor_id: null, actor_label: 't', created_at: AT.toISOString(),
  }).execute();
  await review(ids[0]!, 10, '2025-03-01', 'review', 'pending');
  await review(ids[0]!, 11, '2025-06-01', 'review', 'upheld');
  await review(ids[1]!, 10, '2025-05-01', 'review', 'corrected');
  await review(ids[2]!, 10, '2025-07-01', 'litigation_direct', 'other');
  await review(ids[3]!, 10, '2025-09-01', 'litigation_after_review', 'pending');
  const disclosure = (i: number, genre: string, p: { written_on?: string | null; repealed_on?: string | null; validity?: string; state?: string; published_at?: string }) => db.insertInto('disclosure').values({
    index_no: `T-${i}`, index_serial: i, org_code: GOV.code, org_path: GOV.path, publisher: GOV.name, title: `文件${i}`, document_no: null, genre, category_code: 'zhzw',
    validity: p.validity ?? 'effective', effective_on: null, expires_on: null, repealed_on: p.repealed_on ?? null, written_on: p.written_on ?? null, formed_on: '2025-01-01',
    state: p.state ?? 'published', published_at: p.published_at ?? '2025-01-02T00:00:00.000Z', published_on: '2025-01-02', withdrawn_at: null, withdrawn_reason: null, due_on: null, due_explanation: null,
    late_working_days: null, author_id: null, created_at: AT.toISOString(), updated_at: AT.toISOString(),
  }).execute();
  await disclosure(1, 'rule', { written_on: '2025-04-01' });
  await disclosure(2, 'normative', { written_on: '2025-06-01' });
  await disclosure(3, 'normative', { written_on: '2023-06-01' });
  await disclosure(4, 'normative', { written_on: '2022-06-01', repealed_on: '2025-09-01', validity: 'repealed' });
  await disclosure(5, 'normative', { written_on: '2025-07-01', state: 'draft' }); // not published: not counted
  await disclosure(6, 'notice', { written_on: '2025-07-01' });
  await disclosure(7, 'rule', { written_on: '2025-08-01', state: 'scheduled', published_at: '2026-12-01T00:00:00.000Z' }); // not yet public: not counted
  await disclosure(8, 'rule', { written_on: '2025-09-01', state: 'scheduled', published_at: '2026-01-10T00:00:00.000Z' }); // scheduled, now public: counted
}

forEachDialect('annual report', (get) => {
  const deps = () => ({ db: get().db, clock });

  test('table 三 from the stored cases equals the hand-worked table; 四 from review events; 二 from disclosure rows', async () => {
    const r = await svc.liveReport(deps(), GOV, 2025, null);
    assert.deepEqual(labelled(r.table3), EXPECTED_2025);
    assert.deepEqual(r.table4, [1, 1, 0, 0, 2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]);
    assert.deepEqual(r.table2?.rules, { issued: 2, repealed: 0, effective: 2 });
    assert.deepEqual(r.table2?.normative, { issued: 1, repealed: 1, effective: 2 });
    assert.ok(r.checks.every((c) => c.ok));
    assert.equal(r.checks.find((c) => c.rule === 'carry_over')?.detail, '无上年数据');
    assert.match(r.texts.section1, /本年新收政府信息公开申请25件/);
    const sub = await svc.liveReport(deps(), GOV, 2025, null, true);
    assert.deepEqual(rowOf(sub.table3, 'new'), [7, 4, 4, 4, 3, 4, 26], 'the department case counts with the subtree');
  });

  test('table 二 counts a 规章 and a 行政规范性文件 but never a 政府信息公开制度 (work rules have their own genre)', async () => {
    const db = get().db;
    const row = (i: number, genre: string) => ({
      index_no: `TOWN-${i}`, index_serial: i, org_code: TOWN.code, org_path: TOWN.path, publisher: TOWN.name, title: `镇文件${i}`, document_no: null, genre, category_code: 'zhzw',
      validity: 'effective', effective_on: null, expires_on: null, repealed_on: null, written_on: '2025-05-01', formed_on: '2025-05-01',
      state: 'published', published_at: '2025-05-02T00:00:00.000Z', published_on: '2025-05-02', withdrawn_at: null, withdrawn_reason: null, due_on: null, due_explanation: null,
      late_working_days: null, author_id: null, created_at: AT.toISOString(), updated_at: AT.toISOString(),
    });
    await db.insertInto('disclosure').values([row(1, 'rule'), row(2, 'normative'), row(3, 'openness_rules')]).execute();
    const r = await svc.liveReport(deps(), TOWN, 2025, null);
    assert.deepEqual(r.table2?.rules, { issued: 1, repealed: 0, effective: 1 });
    assert.deepEqual(r.table2?.normative, { issued: 1, repealed: 0, effective: 1 }, 'the 政府信息公开制度 is not a 行政规范性文件');
    // The same work rule filed as 行政规范性文件 would have been counted: the genre is what keeps it out.
    await db.updateTable('disclosure').set({ genre: 'normative' }).where('index_no', '=', 'TOWN-3').execute();
    assert.deepEqual((await svc.liveReport(deps(), TOWN, 2025, null)).table2?.normative, { issued: 2, repealed: 0, effective: 2 });
    await db.deleteFrom('disclosure').where('org_code', '=', TOWN.code).execute();
  });

  test('an imported 2024 table whose 四 differs blocks publishing 2025 until a reason is recorded', async () => {
    const t = emptyTable3();
    const set = (k: string, v: number[]) => { t[ROW_INDEX[k] as number] = v; };
    set('new', [3, 0, 0, 0, 1, 0, 0]); set('disclose', [1, 0, 0, 0, 0, 0, 0]); set('carried_out', [2, 0, 0, 0, 1, 0, 0]);
    await svc.importPast(deps(), supervisor, GOV, 2024, withTotals(t), 'test');
    await assert.rejects(svc.importPast(deps(), outsider, GOV, 2024, withTotals(t), 'test'), { status: 403 });
    const live = await svc.liveReport(deps(), GOV, 2025, null);
    const carry = live.checks.find((c) => c.rule === 'carry_over')!;
    assert.equal(carry.ok, false);
    assert.match(carry.detail, /「二、上年结转政府信息公开申请数量」行「自然人」列为 1，2024年报告「四、结转下年度继续办理」为 2/);
    await assert.rejects(svc.publish(deps(), supervisor, GOV, 2025), (e: { status: number; code: string; reasons: string[] }) => e.status === 409 && e.code === 'checks_failed' && /自然人/.test(e.reasons[0]!));
    // Editors save drafts but cannot publish; bad figures keep nothing.
    const bad = await svc.saveDraft(deps(), editor, GOV, 2025, { licensing: '-1', fees: '1.23456' });
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.errors.licensing && bad.errors.fees);
    assert.equal(await (await import('../../src/modules/reports/reports.repository.ts')).findReport(get().db, GOV.code, 2025), null);
    const saved = await svc.saveDraft(deps(), editor, GOV, 2025, { licensing: '1520', penalty: '86', coercion: '4', fees: '12.5', carryReason: '2024年有1件纸质申请未录入系统', section1: '我们自己写的总体情况。' });
    assert.ok(saved.ok);
    // Sections 五 and 六 still hold the pre-filled 「（请填写）」: not published.
    await assert.rejects(svc.publish(deps(), supervisor, GOV, 2025), (e: { code: string; reasons: string[] }) => e.code === 'texts_incomplete'
      && e.reasons.join('|') === '「五、存在的主要问题及改进情况」为空或仍有“（请填写）”的内容|「六、其他需要报告的事项」为空或仍有“（请填写）”的内容');
    assert.ok((await svc.saveDraft(deps(), editor, GOV, 2025, { licensing: '1520', penalty: '86', coercion: '4', fees: '12.5', carryReason: '2024年有1件纸质申请未录入系统', section5: '问题与改进。', section6: '未收取信息处理费。' })).ok);
    await assert.rejects(svc.publish(deps(), editor, GOV, 2025), { status: 403 });
  });

  test('publishing stores the snapshot, creates the 年度报告 disclosure record and is audited', async () => {
    const r = await svc.publish(deps(), supervisor, GOV, 2025);
    assert.equal(r.state, 'published');
    assert.equal(r.texts.section1, '我们自己写的总体情况。');
    assert.equal(r.table2?.licensing, 1520);
    assert.equal(r.table2?.feesWan, '12.5');
    const rec = await get().db.selectFrom('disclosure').selectAll().where('genre', '=', 'annual_report').execute();
    assert.equal(rec.length, 1);
    assert.equal(rec[0]!.title, '磁县人民政府2025年政府信息公开工作年度报告');
    assert.equal(rec[0]!.state, 'published');
    // The record's body went through the disclosure service's sanitiser: the tables and their merged cells stay.
    assert.match(rec[0]!.body_html, /<caption>收到和处理政府信息公开申请情况<\/caption>/);
    assert.match(rec[0]!.body_html, /<th colspan="\d+"/);
    assert.match(rec[0]!.index_no, /^130427-2026-zhzw-\d{5}$/);
    assert.match(rec[0]!.body_text, /一、本年新收政府信息公开申请数量\s+6\s+4\s+4\s+4\s+3\s+4\s+25/);
    // A case decided later does not change the published report.
    await get().db.updateTable('application_case').set({ outcome: 'disclose', decided_on: '2025-12-31' }).where('reference', '=', 'TEST-25').execute();
    const after = await svc.publishedReport(deps(), GOV, 2025);
    assert.deepEqual(labelled(after!.table3), EXPECTED_2025);
    await assert.rejects(svc.publish(deps(), supervisor, GOV, 2025), { code: 'report_published' });
    await assert.rejects(svc.saveDraft(deps(), supervisor, GOV, 2025, {}), { code: 'report_published' });
    await assert.rejects(svc.importPast(deps(), supervisor, GOV, 2025, after!.table3, 'x'), { code: 'report_exists' });
    const audit = await get().db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'annual_report').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['annual_report.import', 'annual_report.save_draft', 'annual_report.save_draft', 'annual_report.publish']);
    // The running year cannot be published.
    await assert.rejects(svc.publish(deps(), supervisor, GOV, 2026), { code: 'year_not_finished' });
  });

  test('2026 carries over from the published 2025 report', async () => {
    await get().db.updateTable('application_case').set({ outcome: null, decided_on: null }).where('reference', '=', 'TEST-25').execute();
    const r = await svc.liveReport(deps(), GOV, 2026, null);
    assert.deepEqual(rowOf(r.table3, 'carried_in'), [1, 0, 0, 1, 1, 0, 3]);
    const carry = r.checks.find((c) => c.rule === 'carry_over')!;
    assert.equal(carry.ok, true);
    assert.equal(carry.detail, '与2025年报告的结转数一致');
    assert.match(r.texts.section1, /本年新收政府信息公开申请1件，比上年减少24件/);
  });

  test('reminders list the governments and departments whose last-year report is not published', async () => {
    const list = await svc.pendingReports(get().db, ['/130427/'], '2026-01-05');
    assert.deepEqual(list.map((r) => [r.orgCode, r.dueOn, r.daysLeft]), [['130427-mzj', '2026-01-31', 26], ['130427100', '2026-03-31', 85]]);
    assert.match(list[0]!.basis, /第四十九条/);
  });

  test('two supervisors publishing one report at once: one record, the other refused with 409', async () => {
    assert.ok((await svc.saveDraft(deps(), supervisor, DEPT, 2025, { section1: '总体情况。', section5: '问题与改进。', section6: '未收取信息处理费。' })).ok);
    const results = await Promise.allSettled([svc.publish(deps(), supervisor, DEPT, 2025), svc.publish(deps(), supervisor, DEPT, 2025)]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'exactly one publish succeeds');
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal(refused.reason.status, 409);
    assert.ok(['report_published', 'concurrent_change'].includes(refused.reason.code), refused.reason.code);
    const recs = await get().db.selectFrom('disclosure').select('id').where('genre', '=', 'annual_report').where('org_code', '=', DEPT.code).execute();
    assert.equal(recs.length, 1, 'one 年度报告 record');
    const audit = await get().db.selectFrom('audit_log').select('id').where('action', '=', 'annual_report.publish').where('entity_id', '=', `${DEPT.code}/2025`).execute();
    assert.equal(audit.length, 1);
  });
}, setup);
