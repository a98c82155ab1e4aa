import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { DEFAULT_DEADLINE_CLASSES } from './deadlines.ts';
import { decide, fold, open311Status, route, type Command, type DecideContext, type MessageEvent, type MessageState, type StaffRole } from './workflow.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((y) => y.year), data.flatMap((y) => y.days));

const submitted: MessageEvent = { type: 'submitted', on: '2026-09-29', org: '130427', classCode: 'simple', dueOn: '2026-10-08', explanation: 'x', isPublic: true };

function staff(org: StaffRole[], assignee: StaffRole[] = org, today = '2026-10-09'): DecideContext {
  return { today, cal, classes: DEFAULT_DEADLINE_CLASSES, actor: { kind: 'staff', label: '张三', rolesOverOrg: org, rolesOverAssignee: assignee }, target: { code: '130427100', name: '磁州镇人民政府', disabled: false, withinOrg: true }, escalationTarget: { code: '130427', name: '磁县人民政府', disabled: false } };
}
const sup = staff(['supervisor']);
const handler = staff(['case_handler']);

/** Runs commands as `ctx`, asserting each is accepted; returns the log. */
function run(cmds: Command[], ctx: DecideContext = sup, log: MessageEvent[] = [submitted]): MessageEvent[] {
  for (const c of cmds) {
    const d = decide(fold(log), c, ctx);
    assert.ok(d.ok, `${c.type}: ${d.ok ? '' : d.reasons.join('；')}`);
    log = [...log, ...d.events];
  }
  return log;
}
const state = (log: MessageEvent[]) => fold(log);

const toAccepted: Command[] = [{ type: 'accept', on: '2026-09-29' }];
const toAssigned: Command[] = [...toAccepted, { type: 'assign', on: '2026-09-29', org: '130427100' }];
const toInProgress: Command[] = [...toAssigned, { type: 'sign', on: '2026-09-30' }];
const toReplied: Command[] = [...toInProgress, { type: 'reply', on: '2026-09-30', text: '已安排维修' }];
const toResponded: Command[] = [...toReplied, { type: 'respond', on: '2026-09-30', text: '路灯已修复，感谢您的监督' }];

test('the full path 留言 → 受理 → 交办 → 签收 → 反馈 → 回应 → 评价 → 办结', () => {
  const log = run([...toResponded, { type: 'rate', on: '2026-10-08', level: 'satisfied' }, { type: 'close', on: '2026-10-08' }]);
  const s = state(log);
  assert.equal(s.stage, 'closed');
  assert.equal(s.closedOn, '2026-10-08');
  assert.equal(s.response, '路灯已修复，感谢您的监督');
  assert.deepEqual(log.map((e) => e.type), ['submitted', 'accepted', 'assigned', 'signed', 'replied', 'responded', 'rated', 'closed']);
  assert.equal((log.at(-1) as { onTime: boolean }).onTime, true);
  assert.equal(open311Status(s.stage), 'closed');
});

test('accept computes the deadline from receipt by class, across 国庆 2026', () => {
  const s = state(run([{ type: 'accept', on: '2026-09-30', class: 'normal' }]));
  // received 09-29: 09-30, 10-08, 10-09, Sat 10-10 (调休), 10-12
  assert.equal(s.dueOn, '2026-10-12');
  assert.match(s.dueExplanation, /调休上班日 2026-10-10/);
});

test('sign is optional: reply straight from 交办', () => {
  assert.equal(state(run([...toAssigned, { type: 'reply', on: '2026-09-30', text: '已处理' }])).stage, 'replied');
});

test('a case handler\'s response waits for a supervisor\'s approval', () => {
  const log = run([...toReplied, { type: 'respond', on: '2026-09-30', text: '答复草稿' }], handler);
  assert.equal(state(log).stage, 'awaiting_review');
  assert.equal(state(log).response, null);
  const refused = decide(state(log), { type: 'approve', on: '2026-09-30' }, handler);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, 'forbidden');
  const approved = run([{ type: 'approve', on: '2026-10-08' }], sup, log);
  assert.equal(state(approved).stage, 'responded');
  assert.equal(state(approved).response, '答复草稿');
});

test('不满意 reopens once as 重办 with a new deadline; the second 不满意 stands', () => {
  const log = run([...toResponded, { type: 'rate', on: '2026-10-08', level: 'dissatisfied' }]);
  const s = state(log);
  assert.equal(s.stage, 'in_progress');
  assert.equal(s.reopened, true);
  assert.equal(s.dueOn, '2026-10-10'); // 2 working days from 10-08: 10-09, Sat 10-10 (调休)
  const again = run([{ type: 'reply', on: '2026-10-09', text: '再次处理' }, { type: 'respond', on: '2026-10-09', text: '已再次处理' }, { type: 'rate', on: '2026-10-09', level: 'dissatisfied' }], sup, log);
  assert.equal(state(again).stage, 'rated');
  assert.equal(state(again).rating, 'dissatisfied');
  assert.equal(state(run([{ type: 'close', on: '2026-10-09' }], sup, again)).stage, 'closed');
});

test('退单 goes back to the dispatcher with the reason; the dispatcher assigns again', () => {
  const log = run([...toInProgress, { type: 'return', on: '2026-09-30', reason: '不属于本单位职责' }]);
  assert.equal(state(log).stage, 'accepted');
  assert.equal(state(log).assigneeOrg, null);
  assert.equal(state(run([{ type: 'assign', on: '2026-09-30', org: '130427100' }], sup, log)).stage, 'assigned');
});

test('escalation village → township → county, and not beyond (难事不出县)', () => {
  const log = run([...toAssigned, { type: 'escalate', on: '2026-09-30', reason: '村级无法解决' }]);
  assert.equal(state(log).assigneeOrg, '130427');
  const atCounty = { ...sup, escalationTarget: null };
  const d = decide(state(log), { type: 'escalate', on: '2026-09-30', reason: '仍无法解决' }, atCounty);
  assert.equal(d.ok, false);
  assert.match(!d.ok ? d.reasons.join() : '', /难事不出县/);
});

test('an approved extension recomputes the deadline from receipt; only once; before expiry', () => {
  const log = run([...toInProgress, { type: 'extend', on: '2026-09-30', days: 3, approved_by: '李主任' }]);
  assert.equal(state(log).dueOn, '2026-10-12'); // 2 + 3 working days from 09-29: 09-30, 10-08, 10-09, 10-10, 10-12
  assert.equal(state(log).originalDueOn, '2026-10-08');
  const twice = decide(state(log), { type: 'extend', on: '2026-10-08', days: 1, approved_by: '李主任' }, sup);
  assert.match(!twice.ok ? twice.reasons.join() : '', /不能再延期/);
  const late = decide(state(run(toInProgress)), { type: 'extend', on: '2026-10-09', days: 1, approved_by: '李主任' }, sup);
  assert.match(!late.ok ? late.reasons.join() : '', /期限届满前/);
});

test('督办 is logged at any open stage; 催办 only after the deadline', () => {
  const log = run([...toInProgress, { type: 'supervise', on: '2026-09-30', note: '请加快办理' }]);
  assert.equal(log.at(-1)!.type, 'supervised');
  const early = decide(state(log), { type: 'chase', on: '2026-10-08', note: '请尽快' }, sup);
  assert.match(!early.ok ? early.reasons.join() : '', /尚未届满/);
  const chased = run([{ type: 'chase', on: '2026-10-09', note: '已逾期，请于今日办结' }], sup, log);
  assert.equal(chased.at(-1)!.type, 'chased');
});

test('敏感 marking makes a message private', () => {
  const s = state(run([...toAccepted, { type: 'mark_sensitive', on: '2026-09-29', reason: '涉及个人隐私' }]));
  assert.equal(s.sensitive, true);
  assert.equal(s.isPublic, false);
});

test('a disclosure request is converted to a 依申请公开 application with its reference', () => {
  const s = state(run([{ type: 'convert', on: '2026-09-29', application_ref: 'YSQ-20260929-ABCD' }]));
  assert.equal(s.stage, 'converted_to_application');
  assert.equal(s.applicationRef, 'YSQ-20260929-ABCD');
});

// Every refused transition, with the reason it gives.
interface Refusal { name: string; setup: Command[]; cmd: Command; ctx?: DecideContext; code?: 'forbidden' | 'invalid_action'; reason: RegExp }
const refusals: Refusal[] = [
  { name: 'accept twice', setup: toAccepted, cmd: { type: 'accept', on: '2026-09-29' }, reason: /只有“待受理”/ },
  { name: 'accept with an unknown class', setup: [], cmd: { type: 'accept', on: '2026-09-29', class: 'urgent' }, reason: /未知的办理时限类别/ },
  { name: 'accept by an editor', setup: [], cmd: { type: 'accept', on: '2026-09-29' }, ctx: staff(['editor']), code: 'forbidden', reason: /督办员或承办人/ },
  { name: 'accept by the citizen', setup: [], cmd: { type: 'accept', on: '2026-09-29' }, ctx: { ...sup, actor: { kind: 'citizen' } }, code: 'forbidden', reason: /督办员或承办人/ },
  { name: 'accept dated in the future', setup: [], cmd: { type: 'accept', on: '2026-10-10' }, reason: /不能晚于今天/ },
  { name: 'accept dated before the message', setup: [], cmd: { type: 'accept', on: '2026-09-28' }, reason: /不能早于上一步/ },
  { name: 'accept with a bad date', setup: [], cmd: { type: 'accept', on: '2026-02-30' }, reason: /YYYY-MM-DD/ },
  { name: 'reject without a reason', setup: [], cmd: { type: 'reject', on: '2026-09-29', reason: ' ' }, reason: /不予受理的理由/ },
  { name: 'reject after acceptance', setup: toAccepted, cmd: { type: 'reject', on: '2026-09-29', reason: '重复留言' }, reason: /只有“待受理”/ },
  { name: 'assign before acceptance', setup: [], cmd: { type: 'assign', on: '2026-09-29', org: '130427100' }, reason: /只有“已受理，待交办”/ },
  { name: 'assign without an organisation', setup: toAccepted, cmd: { type: 'assign', on: '2026-09-29' }, reason: /请选择承办单位/ },
  { name: 'assign to an unknown organisation', setup: toAccepted, cmd: { type: 'assign', on: '2026-09-29', org: '999' }, ctx: { ...sup, target: null }, reason: /找不到承办单位/ },
  { name: 'assign outside the subtree', setup: toAccepted, cmd: { type: 'assign', on: '2026-09-29', org: '440309' }, ctx: { ...sup, target: { code: '440309', name: '龙华区', disabled: false, withinOrg: false } }, reason: /不在受理单位的下属范围内/ },
  { name: 'assign to a disabled organisation', setup: toAccepted, cmd: { type: 'assign', on: '2026-09-29', org: '130427100' }, ctx: { ...sup, target: { code: '130427100', name: '磁州镇', disabled: true, withinOrg: true } }, reason: /已停用/ },
  { name: 'assign by someone without roles over the message org', setup: toAccepted, cmd: { type: 'assign', on: '2026-09-29', org: '130427100' }, ctx: staff([], ['case_handler']), code: 'forbidden', reason: /受理单位/ },
  { name: 'sign before 交办', setup: toAccepted, cmd: { type: 'sign', on: '2026-09-29' }, reason: /只有“已交办，待签收”/ },
  { name: 'sign by the dispatcher only', setup: toAssigned, cmd: { type: 'sign', on: '2026-09-29' }, ctx: staff(['supervisor'], []), code: 'forbidden', reason: /承办单位/ },
  { name: 'return without a reason', setup: toAssigned, cmd: { type: 'return', on: '2026-09-29' }, reason: /退单理由/ },
  { name: 'return after the reply', setup: toReplied, cmd: { type: 'return', on: '2026-09-30', reason: '不属于本单位' }, reason: /只有“已交办，待签收”、“办理中”/ },
  { name: 'escalate without a reason', setup: toAssigned, cmd: { type: 'escalate', on: '2026-09-29' }, reason: /上报理由/ },
  { name: 'reply before 交办', setup: toAccepted, cmd: { type: 'reply', on: '2026-09-29', text: '已办' }, reason: /只有“已交办，待签收”、“办理中”/ },
  { name: 'reply without text', setup: toInProgress, cmd: { type: 'reply', on: '2026-09-30', text: '' }, reason: /反馈内容/ },
  { name: 'respond before the reply', setup: toInProgress, cmd: { type: 'respond', on: '2026-09-30', text: '答复' }, reason: /只有“已反馈”/ },
  { name: 'respond by an editor', setup: toReplied, cmd: { type: 'respond', on: '2026-09-30', text: '答复' }, ctx: staff(['editor']), code: 'forbidden', reason: /督办员或承办人/ },
  { name: 'approve with nothing to review', setup: toReplied, cmd: { type: 'approve', on: '2026-09-30' }, reason: /只有“回应待审核”/ },
  { name: 'rate before the response', setup: toReplied, cmd: { type: 'rate', on: '2026-09-30', level: 'satisfied' }, reason: /只有“已回应”/ },
  { name: 'rate with an unknown level', setup: toResponded, cmd: { type: 'rate', on: '2026-09-30', level: 'great' }, reason: /满意、基本满意或不满意/ },
  { name: 'extend by a case handler', setup: toInProgress, cmd: { type: 'extend', on: '2026-09-30', days: 2, approved_by: '李' }, ctx: handler, code: 'forbidden', reason: /批准延期/ },
  { name: 'extend by 0 days', setup: toInProgress, cmd: { type: 'extend', on: '2026-09-30', days: 0, approved_by: '李主任' }, reason: /1 至 15/ },
  { name: 'extend without an approver', setup: toInProgress, cmd: { type: 'extend', on: '2026-09-30', days: 2 }, reason: /批准人/ },
  { name: 'extend a message not yet assigned', setup: toAccepted, cmd: { type: 'extend', on: '2026-09-30', days: 2, approved_by: '李主任' }, reason: /只有“已交办/ },
  { name: 'supervise before acceptance', setup: [], cmd: { type: 'supervise', on: '2026-09-29', note: '请办理' }, reason: /只有“已受理/ },
  { name: 'supervise without a note', setup: toAssigned, cmd: { type: 'supervise', on: '2026-09-29', note: '' }, reason: /督办意见/ },
  { name: 'supervise by a case handler', setup: toAssigned, cmd: { type: 'supervise', on: '2026-09-29', note: '请办理' }, ctx: handler, code: 'forbidden', reason: /督办员/ },
  { name: 'chase without a note', setup: toAssigned, cmd: { type: 'chase', on: '2026-10-09' }, reason: /催办意见/ },
  { name: 'mark sensitive twice', setup: [{ type: 'mark_sensitive', on: '2026-09-29', reason: '隐私' }], cmd: { type: 'mark_sensitive', on: '2026-09-29', reason: '隐私' }, reason: /已标记为敏感/ },
  { name: 'close before the response', setup: toReplied, cmd: { type: 'close', on: '2026-09-30' }, reason: /只有“已回应”、“已评价”/ },
  { name: 'close by the assignee only', setup: toResponded, cmd: { type: 'close', on: '2026-09-30' }, ctx: staff([], ['supervisor']), code: 'forbidden', reason: /受理单位/ },
  { name: 'convert after 交办', setup: toAssigned, cmd: { type: 'convert', on: '2026-09-29', application_ref: 'YSQ-1' }, reason: /只有“待受理”、“已受理，待交办”/ },
  { name: 'anything after 办结', setup: [...toResponded, { type: 'close', on: '2026-09-30' }], cmd: { type: 'supervise', on: '2026-09-30', note: '请办理' }, reason: /已办结，不能再办理/ },
  { name: 'anything after 不予受理', setup: [{ type: 'reject', on: '2026-09-29', reason: '重复留言' }], cmd: { type: 'accept', on: '2026-09-29' }, reason: /不予受理，不能再办理/ },
];

for (const r of refusals) {
  test(`refused: ${r.name}`, () => {
    const log = run(r.setup);
    const before = state(log);
    const d = decide(before, r.cmd, r.ctx ?? sup);
    assert.equal(d.ok, false, 'should be refused');
    if (d.ok) return;
    assert.equal(d.code, r.code ?? 'invalid_action');
    assert.match(d.reasons.join('；'), r.reason);
  });
}

test('routing: village rule over township over county, named category over *', () => {
  const rules = [
    { id: 1, categoryCode: '*', regionPrefix: '130427', orgCode: '130427-gkb', classCode: 'normal' },
    { id: 2, categoryCode: 'social_security', regionPrefix: '130427', orgCode: '130427-rsj', classCode: 'normal' },
    { id: 3, categoryCode: '*', regionPrefix: '130427100', orgCode: '130427100', classCode: 'simple' },
    { id: 4, categoryCode: 'roads', regionPrefix: '130427100001', orgCode: '130427100001', classCode: 'simple' },
  ];
  assert.equal(route(rules, 'roads', '130427100001')?.orgCode, '130427100001');
  assert.equal(route(rules, 'social_security', '130427100001')?.orgCode, '130427100');
  assert.equal(route(rules, 'social_security', '130427')?.orgCode, '130427-rsj');
  assert.equal(route(rules, 'other', '130427200')?.orgCode, '130427-gkb');
  assert.equal(route(rules, 'other', '440309'), null);
});

test('a state folds only from a log that starts with 留言', () => {
  assert.throws(() => fold([{ type: 'accepted', on: '2026-09-29', classCode: 'simple', dueOn: '2026-10-08', explanation: '' }]));
  const s: MessageState = fold([submitted]);
  assert.equal(s.stage, 'submitted');
  assert.equal(open311Status(s.stage), 'open');
});

test('12345 updates: a new 来电时间 moves receipt and period of an open order; a recounted deadline keeps approved extensions; a 计划完成时间 replaces them', () => {
  const extended = run([...toAccepted, { type: 'assign', on: '2026-09-29', org: '130427100' }, { type: 'extend', on: '2026-09-30', days: 3, approved_by: '李四' }]);
  const before = state(extended);
  assert.deepEqual([before.extensions, before.extensionDays], [1, 3]);
  const recounted = state([...extended, { type: 'hotline_updated', on: '2026-10-08', status: '办理中', changes: [{ field: '来电时间', from: '2026-09-29 09:00:00', to: '2026-09-30 09:00:00' }], receivedOn: '2026-09-30', dueOn: '2026-10-13', originalDueOn: '2026-10-09', explanation: 'y', recounted: true }]);
  assert.deepEqual([recounted.receivedOn, recounted.periodStart, recounted.dueOn, recounted.originalDueOn, recounted.extensions, recounted.extensionDays], ['2026-09-30', '2026-09-30', '2026-10-13', '2026-10-09', 1, 3]);
  const planned = state([...extended, { type: 'hotline_updated', on: '2026-10-08', status: '办理中', changes: [], dueOn: '2026-10-16', explanation: 'z' }]);
  assert.deepEqual([planned.receivedOn, planned.dueOn, planned.originalDueOn, planned.extensions, planned.extensionDays], ['2026-09-29', '2026-10-16', '2026-10-16', 0, 0]);
  // a closed order keeps its receipt and deadline
  const closed: MessageEvent[] = [...run(toAccepted), { type: 'closed', on: '2026-09-30', onTime: true }];
  const after = state([...closed, { type: 'hotline_updated', on: '2026-10-08', status: '已办结', changes: [], receivedOn: '2026-09-30', dueOn: '2026-10-20', recounted: true }]);
  assert.deepEqual([after.receivedOn, after.dueOn, after.stage], ['2026-09-29', before.originalDueOn, 'closed']);
});

test('12345 重办 sent by the platform: back to the handling unit (办理中), or to 待交办 when never assigned; closing date and rating cleared', () => {
  const assigned = run([...toAccepted, { type: 'assign', on: '2026-09-29', org: '130427100' }]);
  const reopen: MessageEvent = { type: 'hotline_reopened', on: '2026-10-12', status: '重办', dueOn: '2026-10-16', explanation: '重办' };
  const a = state([...assigned, { type: 'closed', on: '2026-09-30', onTime: true }, reopen]);
  assert.deepEqual([a.stage, a.assigneeOrg, a.closedOn, a.dueOn, a.reopened, a.periodStart, a.rating], ['in_progress', '130427100', null, '2026-10-16', true, '2026-10-12', null]);
  const b = state([...run(toAccepted), { type: 'hotline_updated', on: '2026-09-30', status: '满意', changes: [], rating: 'satisfied' }, { type: 'closed', on: '2026-09-30', onTime: true }, reopen]);
  assert.deepEqual([b.stage, b.assigneeOrg, b.closedOn, b.rating], ['accepted', null, null, null]);
});
