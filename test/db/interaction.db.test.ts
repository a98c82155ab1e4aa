// Interaction storage on SQLite and PostgreSQL: 12345 imports are all-or-nothing, the event log
// is append-only, statistics follow the definition, and the outbox retries with backoff and
// delivers e-mail over SMTP (a local smtp-server started here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { onTimeStatus } from '../../src/modules/interaction/deadlines.ts';
import { aggregate } from '../../src/modules/interaction/statistics.ts';
import { consoleProvider, createWorkOrders, deliverDue, fileProvider, parseHotlineCsv, smtpProvider, type NotificationProvider } from '../../src/modules/interaction/index.ts';
import { backoffSeconds } from '../../src/modules/interaction/notifications.service.ts';
import * as repo from '../../src/modules/interaction/interaction.repository.ts';
import { act, FORM_REPLAY_MINUTES, replayForm, submitMessage } from '../../src/modules/interaction/interaction.service.ts';
import { trackingCodeMatches } from '../../src/platform/public-refs/public-refs.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

const CSV = `工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态
DB20260302001,8012,关于健康码问题,服务对象咨询健康码,2026-03-02 09:12:44,-,咨询,服务坐席结束工单
DB20260302002,8015,关于供暖问题,服务对象反映暖气不热,2026-03-02 10:00:00,2026-03-05 17:00:00,投诉,待签收`;

/** 按时办结率 status of a stored row in March 2026, as of 2026-03-31. */
const onTimeStatusOf = (m: { original_due_on: string | null; due_on: string | null; closed_on: string | null }) =>
  onTimeStatus({ originalDueOn: m.original_due_on, dueOn: m.due_on, closedOn: m.closed_on }, '2026-03-01', '2026-03-31', '2026-03-31');

forEachDialect('interaction storage', (get) => {
  const clock = fixedClock('2026-03-02T02:00:00Z');

  test('12345 import: rows become work orders with the hotline fields; the same file again changes nothing', async () => {
    const { rows, errors } = parseHotlineCsv(CSV);
    assert.deepEqual(errors, []);
    const r = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', rows);
    assert.equal(r.ok, true);
    const stored = await get().db.selectFrom('message').selectAll().where('work_order_no', 'in', ['DB20260302001', 'DB20260302002']).orderBy('work_order_no').execute();
    assert.deepEqual(stored.map((m) => [m.stage, m.order_type, m.external_status, m.due_on]), [['closed', '咨询', '服务坐席结束工单', '2026-03-09'], ['accepted', '投诉', '待签收', '2026-03-05']]);
    const again = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', rows);
    assert.ok(again.ok);
    assert.deepEqual([again.created.length, again.updated.length, again.unchanged.length], [0, 0, 2]);
    const events = await get().db.selectFrom('message_event').select('id').where('message_id', 'in', stored.map((m) => m.id)).execute();
    assert.equal(events.length, 5); // submitted+accepted+closed, submitted+accepted: nothing appended
  });

  // Re-import with the same 工单编号 (regulations.md §5.5: the platform's status moves on 待签收 →
  // 办理中 → 已办结): the order is updated, the change is in its event log, the deadline follows a new
  // 计划完成时间, and a finished order is closed on its 办结时间 and counts for 按时办结率.
  test('12345 re-import: status, fields and deadline updated, the change logged and audited; closing counts on time', async () => {
    const db = get().db;
    const header = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态,办结时间';
    const first = parseHotlineCsv(`${header}\nRI20260302001,8015,关于供暖问题,暖气不热,2026-03-02 10:00:00,2026-03-05 17:00:00,投诉,待签收,`);
    const r1 = await createWorkOrders({ db, clock }, { actorId: null, label: 'test' }, '130427', first.rows);
    assert.ok(r1.ok && r1.created.length === 1);
    const later = fixedClock('2026-03-06T02:00:00Z');
    // 计划完成时间 moved to 03-09 (Mon) by the platform, 工单状态 办理中, 创建工号 corrected.
    const second = parseHotlineCsv(`${header}\nRI20260302001,8016,关于供暖问题,暖气不热,2026-03-02 10:00:00,2026-03-09 17:00:00,投诉,办理中,`);
    const r2 = await createWorkOrders({ db, clock: later }, { actorId: null, label: 'test' }, '130427', second.rows);
    assert.ok(r2.ok);
    assert.deepEqual([r2.created, r2.updated], [[], r1.references]);
    const m = (await repo.findMessage(db, r1.references[0]!))!;
    assert.deepEqual([m.external_status, m.operator_no, m.planned_at, m.due_on, m.stage], ['办理中', '8016', '2026-03-09 17:00:00', '2026-03-09', 'accepted']);
    const log = await repo.loadEvents(db, m.id);
    const upd = log.at(-1)!.event;
    assert.equal(upd.type, 'hotline_updated');
    assert.deepEqual(upd.type === 'hotline_updated' && upd.changes.map((c) => [c.field, c.from, c.to]), [
      ['创建工号', '8015', '8016'], ['计划完成时间', '2026-03-05 17:00:00', '2026-03-09 17:00:00'], ['工单状态', '待签收', '办理中'],
    ]);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'hotline.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(audit.after_json ?? '', /RI20260302001/);
    // Finished on the platform on 03-09 16:00, before the new deadline: closed here, on time.
    const third = parseHotlineCsv(`${header}\nRI20260302001,8016,关于供暖问题,暖气不热,2026-03-02 10:00:00,2026-03-09 17:00:00,投诉,满意,2026-03-09 16:00:00`);
    const r3 = await createWorkOrders({ db, clock: fixedClock('2026-03-10T02:00:00Z') }, { actorId: null, label: 'test' }, '130427', third.rows);
    assert.ok(r3.ok && r3.updated.length === 1);
    const closed = (await repo.findMessage(db, r1.references[0]!))!;
    assert.deepEqual([closed.stage, closed.closed_on, closed.rating, closed.external_status, Number(closed.closed_on_estimated)], ['closed', '2026-03-09', 'satisfied', '满意', 0]);
    const rate = onTimeStatusOf(closed);
    assert.equal(rate, 'on_time');
  });

  test('12345 re-import with a corrected 来电时间: an open order\'s received date follows, a call-based deadline is recounted (国庆/中秋 2026), a 计划完成时间 wins, a closed order keeps its dates', async () => {
    const db = get().db;
    const header = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';
    const first = parseHotlineCsv(`${header}
RC2026092800001,8031,关于楼道灯不亮,楼道灯不亮,2026-09-28 09:00:00,-,求助,待签收
RC2026092800002,8031,关于垃圾清运,垃圾未清运,2026-09-28 10:00:00,2026-10-09 17:00:00,投诉,待签收
RC2026092800003,8031,关于社保查询,咨询社保缴费,2026-09-28 11:00:00,-,咨询,服务坐席结束工单`);
    assert.deepEqual(first.errors, []);
    const r1 = await createWorkOrders({ db, clock: fixedClock('2026-09-28T04:00:00Z') }, { actorId: null, label: 'test' }, '130427', first.rows);
    assert.ok(r1.ok);
    const row = async (no: string) => db.selectFrom('message').selectAll().where('work_order_no', '=', no).executeTakeFirstOrThrow();
    // 一般 5 个工作日 from Mon 09-28: 29, 30, (国庆 10-01…07 off), 10-08, 10-09, 10-10 (调休 Saturday, a working day)
    assert.deepEqual([(await row('RC2026092800001')).received_on, (await row('RC2026092800001')).due_on], ['2026-09-28', '2026-10-10']);
    // The platform corrects 来电时间 to the evening of 09-30 (the call was logged late).
    const second = parseHotlineCsv(`${header}
RC2026092800001,8031,关于楼道灯不亮,楼道灯不亮,2026-09-30 18:30:00,-,求助,待签收
RC2026092800002,8031,关于垃圾清运,垃圾未清运,2026-09-30 18:30:00,2026-10-09 17:00:00,投诉,待签收
RC2026092800003,8031,关于社保查询,咨询社保缴费,2026-09-27 11:00:00,-,咨询,服务坐席结束工单`);
    const r2 = await createWorkOrders({ db, clock: fixedClock('2026-09-30T12:00:00Z') }, { actorId: null, label: 'test' }, '130427', second.rows);
    assert.ok(r2.ok && r2.updated.length === 3, JSON.stringify(r2));
    const one = await row('RC2026092800001');
    // from Wed 09-30: 10-08, 10-09, 10-10 (调休), 10-12, 10-13
    assert.deepEqual([one.received_on, one.due_on, one.original_due_on, one.called_at], ['2026-09-30', '2026-10-13', '2026-10-13', '2026-09-30 18:30:00']);
    assert.match(one.due_explanation ?? '', /^按来电时间 2026-09-30 18:30:00 计算：/);
    const upd = (await repo.loadEvents(db, one.id)).at(-1)!.event;
    assert.deepEqual(upd.type === 'hotline_updated' && [upd.receivedOn, upd.dueOn, upd.changes.map((c) => c.field)], ['2026-09-30', '2026-10-13', ['来电时间']]);
    // the hotline's 计划完成时间 stays the deadline; the received date still follows the call
    const two = await row('RC2026092800002');
    assert.deepEqual([two.received_on, two.due_on], ['2026-09-30', '2026-10-09']);
    // closed: the new 来电时间 is recorded, the dates it was counted and closed on stay
    const three = await row('RC2026092800003');
    assert.deepEqual([three.received_on, three.due_on, three.called_at, three.stage], ['2026-09-28', '2026-10-10', '2026-09-27 11:00:00', 'closed']);
  });

  test('12345 re-import: an order the platform reopens after closing it is reopened here (重办) with a new deadline; the same file again changes nothing', async () => {
    const db = get().db;
    const header = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态,办结时间';
    const first = parseHotlineCsv(`${header}
RO2026110200001,8041,关于噪音扰民,夜间施工噪音,2026-11-02 09:00:00,2026-11-04 17:00:00,投诉,已办结,2026-11-04 10:00:00
RO2026110200002,8041,关于路面积水,雨后路面积水,2026-11-02 10:00:00,-,求助,已办结,2026-11-03 15:00:00`);
    assert.deepEqual(first.errors, []);
    assert.ok((await createWorkOrders({ db, clock: fixedClock('2026-11-02T08:00:00Z') }, { actorId: null, label: 'test' }, '130427', first.rows)).ok);
    // A week later the 12345 platform sends both back: 回访不满意, 重办.
    const back = parseHotlineCsv(`${header}
RO2026110200001,8041,关于噪音扰民,夜间施工噪音,2026-11-02 09:00:00,2026-11-13 17:00:00,投诉,重办,
RO2026110200002,8041,关于路面积水,雨后路面积水,2026-11-02 10:00:00,-,求助,办理中,`);
    const later = fixedClock('2026-11-09T02:00:00Z');
    const r = await createWorkOrders({ db, clock: later }, { actorId: null, label: 'test' }, '130427', back.rows);
    assert.ok(r.ok);
    assert.equal(r.reopened.length, 2);
    const [a, b] = await db.selectFrom('message').selectAll().where('work_order_no', 'in', ['RO2026110200001', 'RO2026110200002']).orderBy('work_order_no').execute();
    // never assigned here: back to 待交办, the old closing date gone; the plan (11-13) or 一般 5 个工作日 from Mon 11-09 (10, 11, 12, 13, 16)
    assert.deepEqual([a!.stage, a!.closed_on, a!.due_on, a!.external_status, Number(a!.reopened)], ['accepted', null, '2026-11-13', '重办', 1]);
    assert.deepEqual([b!.stage, b!.closed_on, b!.due_on, b!.external_status, Number(b!.reopened)], ['accepted', null, '2026-11-16', '办理中', 1]);
    const events = (await repo.loadEvents(db, a!.id)).map((e) => e.event);
    assert.deepEqual(events.slice(-2).map((e) => e.type), ['hotline_updated', 'hotline_reopened']);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'hotline.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(audit.after_json ?? '', /"reopened":2/);
    // it counts as open again: 12-05 figures would see it; and the same export again changes nothing
    const again = await createWorkOrders({ db, clock: later }, { actorId: null, label: 'test' }, '130427', back.rows);
    assert.ok(again.ok && again.unchanged.length === 2 && again.reopened.length === 0);
    assert.equal((await repo.loadEvents(db, a!.id)).length, events.length);
  });

  test('12345 re-import older than a closure made here: the order stays closed and the log warns; the platform\'s later 重办 reopens it at its handling unit', async () => {
    const db = get().db;
    const header = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';
    const file = parseHotlineCsv(`${header}\nSO2026110200001,8051,关于公交站牌,公交站牌损坏,2026-11-02 09:00:00,-,求助,办理中`);
    const day = fixedClock('2026-11-02T08:00:00Z');
    const r1 = await createWorkOrders({ db, clock: day }, { actorId: null, label: 'test' }, '130427', file.rows);
    assert.ok(r1.ok);
    const ref = r1.references[0]!;
    const u = await findUserByUsername(db, 'cixian.minhu');
    const actor = (await identityService.actorFor(db, u!.id, 'token'))!;
    for (const cmd of [{ type: 'assign', on: '2026-11-02', org: '130427-mzj' }, { type: 'sign', on: '2026-11-02' }, { type: 'reply', on: '2026-11-03', text: '已更换站牌' }, { type: 'respond', on: '2026-11-03', text: '站牌已更换，感谢反映。' }, { type: 'close', on: '2026-11-03' }] as const) {
      await act({ db, clock: fixedClock('2026-11-03T08:00:00Z') }, { actor }, ref, cmd);
    }
    assert.equal((await repo.findMessage(db, ref))!.stage, 'closed');
    // Yesterday's export again (still 办理中, as the platform sent it before the closure here).
    const stale = await createWorkOrders({ db, clock: fixedClock('2026-11-04T02:00:00Z') }, { actorId: null, label: 'test' }, '130427', file.rows);
    assert.ok(stale.ok && stale.reopened.length === 0);
    assert.equal(stale.warnings.length, 1);
    assert.match(stale.warnings[0]!, /^工单编号 SO2026110200001：12345 平台的工单状态仍为“办理中”.*工单保持已办结，未重新打开/);
    const kept = (await repo.findMessage(db, ref))!;
    assert.deepEqual([kept.stage, kept.closed_on, kept.external_status], ['closed', '2026-11-03', '办理中']);
    const last = (await repo.loadEvents(db, kept.id)).at(-1)!.event;
    assert.ok(last.type === 'hotline_updated' && /未重新打开/.test(last.warning ?? ''));
    // The platform moves on to 待回访 (it is checking the answer): still closed, nothing to warn about.
    const review = parseHotlineCsv(`${header}\nSO2026110200001,8051,关于公交站牌,公交站牌损坏,2026-11-02 09:00:00,-,求助,待回访`);
    const r2 = await createWorkOrders({ db, clock: fixedClock('2026-11-04T06:00:00Z') }, { actorId: null, label: 'test' }, '130427', review.rows);
    assert.ok(r2.ok && r2.updated.length === 1 && r2.reopened.length === 0 && r2.warnings.length === 0);
    assert.deepEqual([(await repo.findMessage(db, ref))!.stage, (await repo.findMessage(db, ref))!.external_status], ['closed', '待回访']);
    // The platform then sends it back for 重办: reopened, at 磁县民政局 (its handling unit), 办理中.
    const redo = parseHotlineCsv(`${header}\nSO2026110200001,8051,关于公交站牌,公交站牌损坏,2026-11-02 09:00:00,-,求助,重办`);
    const r3 = await createWorkOrders({ db, clock: fixedClock('2026-11-05T02:00:00Z') }, { actorId: null, label: 'test' }, '130427', redo.rows);
    assert.ok(r3.ok && r3.reopened.length === 1);
    const reopened = (await repo.findMessage(db, ref))!;
    // 一般 5 个工作日 from Thu 11-05: 6, 9, 10, 11, 12
    assert.deepEqual([reopened.stage, reopened.assignee_org, reopened.closed_on, reopened.due_on, reopened.external_status], ['in_progress', '130427-mzj', null, '2026-11-12', '重办']);
  });

  test('12345 re-import of another government\'s 工单编号 is refused, naming 工单编号; nothing of the file is written', async () => {
    const db = get().db;
    const header = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';
    const own = parseHotlineCsv(`${header}\nFG20260302001,8012,关于路灯,路灯不亮,2026-03-02 08:00:00,-,求助,待签收`);
    assert.ok((await createWorkOrders({ db, clock }, { actorId: null, label: 'test' }, '130427', own.rows)).ok);
    const before = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'FG20260302001').executeTakeFirstOrThrow();
    const eventsBefore = await db.selectFrom('message_event').select('id').where('message_id', '=', before.id).execute();
    const mixed = parseHotlineCsv(`${header}\nFG20260302002,9001,关于绿化,绿化带缺损,2026-03-02 09:00:00,-,求助,待签收\nFG20260302001,9001,关于路灯,路灯不亮,2026-03-02 08:00:00,-,求助,已办结`);
    // 海珠区 is not told which government holds the number; a department of 磁县 (the order was not
    // given to it) is told its own county government.
    for (const [org, owner] of [['440105', '其他单位'], ['130427-mzj', '磁县人民政府']] as const) {
      const r = await createWorkOrders({ db, clock }, { actorId: null, label: 'test' }, org, mixed.rows);
      assert.equal(r.ok, false, org);
      assert.match(!r.ok ? r.errors.join() : '', new RegExp(`^工单编号：FG20260302001 已由${owner}登记，不属于.+，不能导入或更新`), org);
      if (org === '440105') assert.ok(!r.ok && !r.errors.join().includes('磁县'), 'another county is not disclosed');
    }
    assert.equal((await db.selectFrom('message').select('id').where('work_order_no', '=', 'FG20260302002').execute()).length, 0);
    const after = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'FG20260302001').executeTakeFirstOrThrow();
    assert.deepEqual(after, before);
    assert.equal((await db.selectFrom('message_event').select('id').where('message_id', '=', before.id).execute()).length, eventsBefore.length);
  });

  test('handling a 12345 order here updates its 工单状态 (交办 → 已派单, 签收 → 办理中), in the audit row too', async () => {
    const db = get().db;
    const { rows } = parseHotlineCsv('工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态\nHS20260302001,8012,关于低保,低保复核进度,2026-03-02 08:00:00,-,咨询,待签收');
    const r = await createWorkOrders({ db, clock }, { actorId: null, label: 'test' }, '130427', rows);
    assert.ok(r.ok);
    const u = await findUserByUsername(db, 'cixian.minhu');
    const actor = (await identityService.actorFor(db, u!.id, 'token'))!;
    const ref = r.references[0]!;
    await act({ db, clock }, { actor }, ref, { type: 'assign', on: '2026-03-02', org: '130427-mzj' });
    assert.equal((await repo.findMessage(db, ref))!.external_status, '已派单');
    await act({ db, clock }, { actor }, ref, { type: 'sign', on: '2026-03-02' });
    assert.equal((await repo.findMessage(db, ref))!.external_status, '办理中');
    await act({ db, clock }, { actor }, ref, { type: 'supervise', on: '2026-03-02', note: '请加快办理' });
    assert.equal((await repo.findMessage(db, ref))!.external_status, '办理中');
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'message.sign').where('entity_id', '=', ref).executeTakeFirstOrThrow();
    assert.match(audit.after_json ?? '', /"externalStatus":"办理中"/);
  });

  test('statistics rows are scoped: a subtree selects only its own messages and orders', async () => {
    const db = get().db;
    const cixian = (await db.selectFrom('organisation').select('path').where('code', '=', '130427').executeTakeFirstOrThrow()).path;
    const mzj = (await db.selectFrom('organisation').select('path').where('code', '=', '130427-mzj').executeTakeFirstOrThrow()).path;
    const all = await repo.statRows(db, '2025-01-01', '2026-12-31', { paths: null, source: 'all' });
    const county = await repo.statRows(db, '2025-01-01', '2026-12-31', { paths: [cixian], source: 'all' });
    const dept = await repo.statRows(db, '2025-01-01', '2026-12-31', { paths: [mzj], source: 'all' });
    const hotline = await repo.statRows(db, '2025-01-01', '2026-12-31', { paths: [cixian], source: 'hotline' });
    assert.ok(county.length > 0 && county.every((r) => r.orgPath.startsWith(cixian)));
    assert.ok(dept.length > 0 && dept.every((r) => r.orgPath.startsWith(mzj) || r.assigneePath?.startsWith(mzj)));
    assert.ok(dept.length < county.length && county.length <= all.length);
    assert.ok(hotline.length > 0 && hotline.every((r) => r.source === 'hotline'));
    assert.deepEqual(await repo.statRows(db, '2025-01-01', '2026-12-31', { paths: [], source: 'all' }), []);
  });

  test('12345 import: a call dated after today is refused and nothing of the file is stored', async () => {
    const { rows } = parseHotlineCsv(`工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态
DB20260302101,8012,关于路灯,路灯不亮,2026-03-02 08:00:00,-,求助,待签收
DB20260302102,8012,关于井盖,井盖丢失,2026-03-09 08:00:00,-,求助,待签收`);
    const r = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', rows);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.errors.join() : '', /DB20260302102 的来电时间 2026-03-09 08:00:00 晚于今天 2026-03-02/);
    const stored = await get().db.selectFrom('message').select('id').where('work_order_no', 'in', ['DB20260302101', 'DB20260302102']).execute();
    assert.equal(stored.length, 0);
  });

  test('the event log is append-only: a second append at the same position is refused', async () => {
    const r = await submitMessage({ db: get().db, clock }, { org: '130427', category: 'roads', title: '测试留言', content: '测试留言内容五个字以上', address: '', lat: null, lng: null, contactName: '甲', contactPhone: '13900000000', contactEmail: 'a@example.com', isPublic: true, source: 'api' });
    assert.ok(r.ok);
    const m = (await repo.findMessage(get().db, r.ok ? r.reference : ''))!;
    await assert.rejects(repo.appendEvents(get().db, m.id, 0, [{ type: 'signed', on: '2026-03-02' }], clock.now(), { id: null, label: 'x' }));
    const events = await repo.loadEvents(get().db, m.id);
    assert.deepEqual(events.map((e) => e.event.type), ['submitted']);
  });

  test('outbox: accept queues SMS and e-mail; a failing provider is retried with backoff, then marked failed', async () => {
    const r = await submitMessage({ db: get().db, clock }, { org: '130427', category: 'roads', title: '通知测试', content: '通知测试内容五个字以上', address: '', lat: null, lng: null, contactName: '乙', contactPhone: '13900000001', contactEmail: 'b@example.com', isPublic: true, source: 'api' });
    const u = await findUserByUsername(get().db, 'cixian.minhu');
    const actor = (await identityService.actorFor(get().db, u!.id, 'token'))!;
    await act({ db: get().db, clock }, { actor }, r.ok ? r.reference : '', { type: 'accept', on: '2026-03-02' });
    const queued = await get().db.selectFrom('notification_outbox').selectAll().where('body', 'like', `%${r.ok ? r.reference : ''}%`).orderBy('channel').execute();
    assert.deepEqual(queued.map((q) => [q.channel, q.recipient, q.status]), [['email', 'b@example.com', 'pending'], ['sms', '13900000001', 'pending']]);
    await get().db.updateTable('notification_outbox').set({ status: 'sent' }).where('id', 'not in', queued.map((q) => q.id)).execute();
    const failing: NotificationProvider = { name: 'down', channels: ['sms', 'email'], send: async () => { throw new Error('gateway down'); } };
    const first = await deliverDue(get().db, clock, [failing], { maxAttempts: 2 });
    assert.deepEqual(first, { sent: 0, retried: 2, failed: 0 });
    const row = await get().db.selectFrom('notification_outbox').selectAll().where('id', '=', queued[0]!.id).executeTakeFirstOrThrow();
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'gateway down');
    assert.equal(row.next_attempt_at, new Date(clock.now().getTime() + 60_000).toISOString());
    assert.deepEqual(await deliverDue(get().db, clock, [failing], { maxAttempts: 2 }), { sent: 0, retried: 0, failed: 0 }); // not due yet
    const later = fixedClock(new Date(clock.now().getTime() + 61_000));
    assert.deepEqual(await deliverDue(get().db, later, [failing], { maxAttempts: 2 }), { sent: 0, retried: 0, failed: 2 });
    assert.deepEqual([1, 2, 3, 10].map(backoffSeconds), [60, 120, 240, 3600]);
  });

  test('e-mail goes out over SMTP (a local smtp-server)', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, cb) { let data = ''; stream.on('data', (c: Buffer) => { data += c.toString(); }); stream.on('end', () => { received.push(data); cb(); }); },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    try {
      await get().db.updateTable('notification_outbox').set({ status: 'sent' }).where('status', '=', 'pending').execute();
      const r = await submitMessage({ db: get().db, clock }, { org: '130427', category: 'roads', title: '邮件测试', content: '邮件测试内容五个字以上', address: '', lat: null, lng: null, contactName: '丙', contactPhone: '13900000002', contactEmail: 'c@example.com', isPublic: true, source: 'api' });
      const u = await findUserByUsername(get().db, 'cixian.minhu');
      const actor = (await identityService.actorFor(get().db, u!.id, 'token'))!;
      await act({ db: get().db, clock }, { actor }, r.ok ? r.reference : '', { type: 'accept', on: '2026-03-02' });
      const sms: string[] = [];
      const out = await deliverDue(get().db, clock, [smtpProvider({ host: '127.0.0.1', port, from: 'noreply@gongkai.test', ignoreTLS: true }), { name: 'sms', channels: ['sms'], send: async (n) => { sms.push(n.body); } }]);
      assert.deepEqual(out, { sent: 2, retried: 0, failed: 0 });
      assert.equal(received.length, 1);
      assert.match(received[0]!, /To: c@example\.com/);
      assert.equal(sms.length, 1);
      assert.match(sms[0]!, /已受理/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a form replayed within 30 minutes gets a new tracking code; later, or from the API, it does not', async () => {
    const input = { org: '130427', category: 'roads', title: '重复提交', content: '重复提交内容五个字以上', address: '', lat: null, lng: null, contactName: '丁', contactPhone: '13900000003', contactEmail: '', isPublic: true };
    const web = await submitMessage({ db: get().db, clock }, { ...input, source: 'web', idempotencyKey: 'form-key-1' });
    const api = await submitMessage({ db: get().db, clock }, { ...input, source: 'api', idempotencyKey: 'api-key-1' });
    assert.ok(web.ok && api.ok);
    const soon = fixedClock(new Date(clock.now().getTime() + FORM_REPLAY_MINUTES * 60_000));
    const late = fixedClock(new Date(clock.now().getTime() + (FORM_REPLAY_MINUTES + 1) * 60_000));
    const replay = await replayForm({ db: get().db, clock: soon }, 'form-key-1');
    assert.ok(replay?.ok && replay.trackingCode && replay.reference === (web.ok && web.reference));
    const row = await repo.findMessage(get().db, replay.reference);
    assert.equal(trackingCodeMatches(replay.trackingCode, row!.tracking_hash), true);
    assert.equal(trackingCodeMatches(web.ok ? web.trackingCode! : '', row!.tracking_hash), false);
    const tooLate = await replayForm({ db: get().db, clock: late }, 'form-key-1');
    assert.equal(tooLate?.ok && tooLate.trackingCode, null);
    const fromApi = await replayForm({ db: get().db, clock: soon }, 'api-key-1');
    assert.equal(fromApi?.ok && fromApi.trackingCode, null);
    assert.equal(await replayForm({ db: get().db, clock: soon }, 'unknown-key'), null);
  });
  // An order imported finished without 办结时间 is left out of 按时办结率 (its closing day is a guess);
  // the platform's full export later gives the 办结时间: the re-import records it, and the order counts.
  test('12345 re-import giving the 办结时间 of an order imported closed without one: closed on that day, counted, logged', async () => {
    const db = get().db;
    const header = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';
    const first = parseHotlineCsv(`${header}\nCT20260302001,8012,问路,问路,2026-03-02 09:00:00,2026-03-06 17:00:00,咨询,已办结`);
    const at = fixedClock('2026-03-10T02:00:00Z');
    const r1 = await createWorkOrders({ db, clock: at }, { actorId: null, label: 'test' }, '130427', first.rows);
    assert.ok(r1.ok && r1.created.length === 1);
    const before = (await repo.findMessage(db, r1.references[0]!))!;
    assert.deepEqual([before.closed_on, Number(before.closed_on_estimated)], ['2026-03-06', 1]);
    // A late 办结时间 (03-09, after the 03-06 deadline): the estimate would have hidden a late order.
    const second = parseHotlineCsv(`${header},办结时间\nCT20260302001,8012,问路,问路,2026-03-02 09:00:00,2026-03-06 17:00:00,咨询,已办结,2026-03-09 10:00:00`);
    const r2 = await createWorkOrders({ db, clock: at }, { actorId: null, label: 'test' }, '130427', second.rows);
    assert.ok(r2.ok);
    assert.deepEqual([r2.updated, r2.unchanged], [r1.references, []]);
    const after = (await repo.findMessage(db, r1.references[0]!))!;
    assert.deepEqual([after.stage, after.closed_on, Number(after.closed_on_estimated)], ['closed', '2026-03-09', 0]);
    assert.equal(onTimeStatusOf(after), 'late');
    const upd = (await repo.loadEvents(db, after.id)).at(-1)!.event;
    assert.ok(upd.type === 'hotline_updated');
    assert.deepEqual(upd.changes.map((c) => [c.field, c.from, c.to]), [['办结时间', null, '2026-03-09 10:00:00']]);
    // The same file again changes nothing.
    const r3 = await createWorkOrders({ db, clock: at }, { actorId: null, label: 'test' }, '130427', second.rows);
    assert.ok(r3.ok);
    assert.deepEqual([r3.updated, r3.unchanged], [[], r1.references]);
  });

  test('按时办结率 of imported 12345 orders: a late 办结时间 counts late; closed without 办结时间 is left out', async () => {
    const csv = `工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态,办结时间
OT20260302001,8012,按期办结,内容,2026-03-02 09:00:00,2026-03-04 17:00:00,投诉,已办结,2026-03-04 16:00:00
OT20260302002,8012,逾期办结,内容,2026-03-02 09:00:00,2026-03-04 17:00:00,投诉,已办结,2026-03-06 09:00:00
OT20260302003,8012,无办结时间,内容,2026-03-02 09:00:00,2026-03-04 17:00:00,投诉,已办结,`;
    const { rows, errors } = parseHotlineCsv(csv);
    assert.deepEqual(errors, []);
    const at = fixedClock('2026-03-10T02:00:00Z');
    const r = await createWorkOrders({ db: get().db, clock: at }, { actorId: null, label: 'test' }, '130427-rsj', rows);
    assert.equal(r.ok, true);
    const stored = await get().db.selectFrom('message').select(['work_order_no', 'closed_on', 'closed_on_estimated']).where('work_order_no', 'like', 'OT20260302%').orderBy('work_order_no').execute();
    assert.deepEqual(stored.map((m) => [m.closed_on, Number(m.closed_on_estimated)]), [['2026-03-04', 0], ['2026-03-06', 0], ['2026-03-04', 1]]);
    // As the statistics pages count them: the stored rows of the month, rated unless the closing day is a guess.
    const rsj = (await get().db.selectFrom('organisation').select('path').where('code', '=', '130427-rsj').executeTakeFirstOrThrow()).path;
    const rows3 = await repo.statRows(get().db, '2026-03-01', '2026-03-31', { paths: [rsj], source: 'hotline' });
    const { total } = aggregate(rows3.map((x) => ({ ...x, rated: !x.closedOnEstimated && !['rejected', 'converted_to_application'].includes(x.stage) })), { from: '2026-03-01', to: '2026-03-31' }, 'hotline', { basis: 'deadline', extensionsMoveDeadline: true }, '2026-03-31');
    assert.deepEqual({ due: total.due, onTime: total.onTime }, { due: 2, onTime: 1 });
  });
}, withDemo);

test('the file provider appends one JSON line per notification; the console provider masks the phone', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-notify-'));
  try {
    const file = path.join(dir, 'out.jsonl');
    const p = fileProvider(file);
    await p.send({ id: 1, channel: 'sms', recipient: '13900000000', subject: 's', body: '已受理' });
    await p.send({ id: 2, channel: 'email', recipient: 'a@example.com', subject: 's', body: '已办结' });
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.id, l.channel, l.body]), [[1, 'sms', '已受理'], [2, 'email', '已办结']]);
    const logged: string[] = [];
    await consoleProvider((l) => logged.push(l)).send({ id: 3, channel: 'sms', recipient: '13912345678', subject: 's', body: '已回应' });
    assert.match(logged[0]!, /139\*\*\*\*5678/);
    assert.doesNotMatch(logged[0]!, /13912345678/);
    // a rating link's secret is a credential: the console line keeps only its first 4 characters
    await consoleProvider((l) => logged.push(l)).send({ id: 4, channel: 'email', recipient: 'zhang.san@example.com', subject: 's', body: '请评价：https://gk.example.cn/rate/t/y8Ch4Q6lJDR_O8HUzvwFTfrYfB9WU6QX （30天内有效）' });
    assert.match(logged[1]!, /\/rate\/t\/y8Ch\*\*\*\* （30天内有效）/);
    assert.doesNotMatch(logged[1]!, /4Q6lJDR_O8HUzvwFTfrYfB9WU6QX|zhang\.san@/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
