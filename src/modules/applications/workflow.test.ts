// The decide function over the event log: happy paths with real 2026 dates, and every refused
// transition with its reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar, isWorkingDay, workingDaysBetween } from '../../platform/calendar/working-days.ts';
import { statutoryHolidaysOf } from '../../platform/calendar/statutory-holidays.ts';
import { addDays } from '../../platform/clock/local-date.ts';
import { DEFAULT_CLOCK_RULES } from './deadlines.ts';
import {
  decide, dueOf, fold, lapsedPeriodWarnings, OUTCOMES, OUTCOME_CODES, registrationEvent, stageOf,
  type Action, type CaseEvent, type Channel, type DecideContext,
} from './workflow.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days));
const ctx = (extra: Partial<DecideContext> = {}): DecideContext => ({ cal, rules: DEFAULT_CLOCK_RULES, today: '2026-12-31', ...extra });

/** Runs actions in order; each must be accepted. Returns the log. */
function run(channel: Channel, on: string, actions: (Action & { ctx?: Partial<DecideContext> })[]): CaseEvent[] {
  const log: CaseEvent[] = [registrationEvent(channel, '130427', on)];
  for (const a of actions) {
    const d = decide(fold(log), a, ctx(a.ctx));
    assert.ok(d.ok, `${a.type} refused: ${d.ok ? '' : d.reasons.join('；')}`);
    log.push(...d.events);
  }
  return log;
}
const refuse = (log: CaseEvent[], a: Action, c: Partial<DecideContext> = {}): string[] => {
  const d = decide(fold(log), a, ctx(c));
  assert.equal(d.ok, false, `${a.type} should be refused`);
  return d.ok ? [] : d.reasons;
};
const supervisor = { approver: { username: 'cixian.gkb', isSupervisor: true } };
const orgOk = { targetOrg: { code: '130427-mzj', exists: true, inScope: true } };

test('outcome codes are exactly the 23 rows of table 三 in order, each with a basis and reason texts', () => {
  assert.deepEqual(OUTCOME_CODES, ['disclose', 'partial', ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `withhold.${n}`), 'unable.1', 'unable.2', 'unable.3',
    'decline.1', 'decline.2', 'decline.3', 'decline.4', 'decline.5', 'other.1', 'other.2', 'other.3']);
  for (const o of OUTCOMES) { assert.match(o.basis, /条例|办法/); assert.ok(o.reasonTexts.length > 0); }
});

test('in person on 2026-09-18: due 2026-10-22; decided, delivered, closed', () => {
  const log = run('in_person', '2026-09-18', [
    { type: 'assign', on: '2026-09-21', org: '130427-mzj', ctx: orgOk },
    { type: 'decide', on: '2026-10-20', outcome: 'disclose', reasons: [] },
    { type: 'deliver', on: '2026-10-21', method: 'mail', tracking_no: 'EA123456789CN' },
    { type: 'close', on: '2026-10-22' },
  ]);
  const s = fold(log);
  assert.equal(stageOf(s), 'closed');
  assert.equal(dueOf(cal, s).dueOn, '2026-10-22');
});

test('online application: no due date until receipt is confirmed; the confirmation day is day 0 (Art. 31)', () => {
  const log: CaseEvent[] = [registrationEvent('online', '130427', '2026-09-17')];
  assert.equal(stageOf(fold(log)), 'awaiting_confirmation');
  assert.equal(dueOf(cal, fold(log)).dueOn, null);
  const d = decide(fold(log), { type: 'confirm_receipt', on: '2026-09-18' }, ctx());
  assert.ok(d.ok);
  log.push(...d.events);
  assert.equal(dueOf(cal, fold(log)).dueOn, '2026-10-22');
});

test('correction restarts the clock from the day it is received (Art. 30), then consultation and extension', () => {
  const log = run('letter', '2026-09-14', [
    { type: 'request_correction', on: '2026-09-16', items: ['请明确所需信息的文件名称或文号'] },
    { type: 'receive_correction', on: '2026-09-30' },
    { type: 'start_consultation', on: '2026-10-09', party: '某某建材有限公司', kind: 'third_party' },
  ]);
  let s = fold(log);
  assert.equal(stageOf(s), 'in_consultation');
  assert.equal(dueOf(cal, s).dueOn, null);
  // From 09-30: 10-08, 10-09 used → 18 left.
  assert.equal(dueOf(cal, s).daysLeft, 18);
  assert.equal(s.consultations[0]!.answerDueOn, '2026-10-29'); // 10-10 (调休上班) counts
  const more: Action[] = [
    { type: 'end_consultation', on: '2026-10-20', result: '第三方同意公开' },
    { type: 'extend', on: '2026-11-02', days: 15, approved_by: 'cixian.gkb', reason: '需调取档案' },
  ];
  for (const a of more) { const d = decide(fold(log), a, ctx(supervisor)); assert.ok(d.ok, d.ok ? '' : d.reasons.join()); log.push(...d.events); }
  s = fold(log);
  // Resume 10-20 with 18 left: 10-21..23 (3), 10-26..30 (8), 11-2..6 (13), 11-9..13 (18) → 11-13; +15 → 12-04.
  const due = dueOf(cal, s);
  assert.equal(due.dueOn, '2026-12-04', due.explanation);
  assert.match(due.explanation, /收到补正申请之日/);
  assert.match(due.explanation, /原答复期限：2026年11月13日（含当日）前；2026-11-02 经政府信息公开工作机构负责人同意延长 15 个工作日/);
});

test('a late correction notice is accepted with a warning (Art. 30: within 7 working days)', () => {
  const log = run('in_person', '2026-09-28', []);
  const d = decide(fold(log), { type: 'request_correction', on: '2026-10-14', items: ['x'] }, ctx());
  assert.ok(d.ok);
  assert.match(d.warnings.join(), /2026-10-13 前/);
});

test('no correction by the deadline → 其他处理 1, only after the deadline', () => {
  const log = run('in_person', '2026-03-02', [{ type: 'request_correction', on: '2026-03-03', items: ['身份证明'], deadline_on: '2026-03-17' }]);
  assert.match(refuse(log, { type: 'decide', on: '2026-03-17', outcome: 'other.1', reasons: ['逾期未补正'] }).join(), /尚未届满/);
  assert.match(refuse(log, { type: 'decide', on: '2026-03-18', outcome: 'disclose' }).join(), /等待申请人补正/);
  const d = decide(fold(log), { type: 'decide', on: '2026-03-18', outcome: 'other.1', reasons: ['逾期未补正'] }, ctx());
  assert.ok(d.ok);
});

test('unpaid fee after the payment deadline → 其他处理 2', () => {
  const log = run('in_person', '2026-03-02', [{ type: 'issue_fee_notice', on: '2026-03-05', basis: 'count', ctx: { nthRequestThisMonth: 11 } }]);
  const s = fold(log);
  assert.equal(stageOf(s), 'awaiting_payment');
  assert.equal(s.fee!.payBy, '2026-04-02');
  assert.equal(s.fee!.amount, 100, 'the 11th request of the month costs 100 元');
  assert.match(refuse(log, { type: 'decide', on: '2026-04-02', outcome: 'other.2', reasons: ['未缴费'] }).join(), /尚未届满/);
  assert.match(refuse(log, { type: 'decide', on: '2026-03-10', outcome: 'disclose' }).join(), /尚未缴费/);
  assert.ok(decide(s, { type: 'decide', on: '2026-03-10', outcome: 'unable.1', reasons: ['经检索不存在'] }, ctx()).ok, 'a refusal needs no payment');
  assert.ok(decide(s, { type: 'decide', on: '2026-04-03', outcome: 'other.2', reasons: ['未缴费'] }, ctx()).ok);
});

// --- every refused transition, with its reasons ---
const registered = () => run('in_person', '2026-03-02', []);
const decided = () => run('in_person', '2026-03-02', [{ type: 'decide', on: '2026-03-10', outcome: 'disclose' }]);
const closed = () => run('in_person', '2026-03-02', [{ type: 'decide', on: '2026-03-10', outcome: 'disclose' }, { type: 'deliver', on: '2026-03-11', method: 'pickup' }, { type: 'close', on: '2026-03-11' }]);

const refusals: { name: string; log: () => CaseEvent[]; action: Action; c?: Partial<DecideContext>; reason: RegExp }[] = [
  { name: 'unknown action', log: registered, action: { type: 'approve', on: '2026-03-03' }, reason: /未知的操作类型/ },
  { name: 'bad date', log: registered, action: { type: 'close', on: '2026-02-30' }, reason: /有效日期/ },
  { name: 'date in the future', log: registered, action: { type: 'assign', on: '2027-01-05', org: '130427-mzj' }, c: orgOk, reason: /晚于今天/ },
  { name: 'date before the previous step', log: registered, action: { type: 'assign', on: '2026-03-01', org: '130427-mzj' }, c: orgOk, reason: /早于上一步/ },
  { name: 'confirm an in-person application', log: registered, action: { type: 'confirm_receipt', on: '2026-03-03' }, reason: /无需确认/ },
  { name: 'confirm twice', log: () => run('online', '2026-03-02', [{ type: 'confirm_receipt', on: '2026-03-02' }]), action: { type: 'confirm_receipt', on: '2026-03-03' }, reason: /已于 2026-03-02 确认收到/ },
  { name: 'act before confirmation', log: () => run('fax', '2026-03-02', []), action: { type: 'decide', on: '2026-03-03', outcome: 'disclose' }, reason: /尚未确认收到/ },
  { name: 'correction without items', log: registered, action: { type: 'request_correction', on: '2026-03-03', items: [' '] }, reason: /补正的事项/ },
  { name: 'second correction notice', log: () => run('in_person', '2026-03-02', [{ type: 'request_correction', on: '2026-03-03', items: ['a'] }, { type: 'receive_correction', on: '2026-03-05' }]), action: { type: 'request_correction', on: '2026-03-06', items: ['b'] }, reason: /一次性告知/ },
  { name: 'correction deadline before notice', log: registered, action: { type: 'request_correction', on: '2026-03-03', items: ['a'], deadline_on: '2026-03-03' }, reason: /补正期限应晚于/ },
  { name: 'receive correction with none pending', log: registered, action: { type: 'receive_correction', on: '2026-03-03' }, reason: /没有待补正/ },
  { name: 'assign to unknown org', log: registered, action: { type: 'assign', on: '2026-03-03', org: '999' }, c: { targetOrg: { code: '999', exists: false, inScope: false } }, reason: /不存在/ },
  { name: 'assign out of scope', log: registered, action: { type: 'assign', on: '2026-03-03', org: '440309' }, c: { targetOrg: { code: '440309', exists: true, inScope: false } }, reason: /不在本机关范围内/ },
  { name: 'transfer without reason', log: registered, action: { type: 'transfer', on: '2026-03-03', org: '130427-mzj' }, c: orgOk, reason: /转办理由/ },
  { name: 'transfer to itself', log: registered, action: { type: 'transfer', on: '2026-03-03', org: '130427', reason: 'x' }, c: { targetOrg: { code: '130427', exists: true, inScope: true } }, reason: /不能转办给本机关/ },
  { name: 'extension over 20 days', log: registered, action: { type: 'extend', on: '2026-03-20', days: 21, approved_by: 'cixian.gkb', reason: 'x' }, c: supervisor, reason: /1 至 20 个工作日/ },
  { name: 'extension not approved by a supervisor', log: registered, action: { type: 'extend', on: '2026-03-20', days: 10, approved_by: 'cizhou.handler', reason: 'x' }, c: { approver: { username: 'cizhou.handler', isSupervisor: false } }, reason: /不能批准延期/ },
  { name: 'second extension', log: () => run('in_person', '2026-03-02', [{ type: 'extend', on: '2026-03-20', days: 5, approved_by: 'cixian.gkb', reason: 'x', ctx: supervisor }]), action: { type: 'extend', on: '2026-03-23', days: 5, approved_by: 'cixian.gkb', reason: 'y' }, c: supervisor, reason: /只能延长一次/ },
  { name: 'extension after the due date', log: registered, action: { type: 'extend', on: '2026-03-31', days: 5, approved_by: 'cixian.gkb', reason: 'x' }, c: supervisor, reason: /已于 2026-03-30 届满/ },
  { name: 'consultation of an unknown kind', log: registered, action: { type: 'start_consultation', on: '2026-03-03', party: 'X', kind: 'neighbour' }, reason: /third_party/ },
  { name: 'second open consultation', log: () => run('in_person', '2026-03-02', [{ type: 'start_consultation', on: '2026-03-03', party: 'A', kind: 'third_party' }]), action: { type: 'start_consultation', on: '2026-03-04', party: 'B', kind: 'co_producer' }, reason: /尚未结束/ },
  { name: 'end consultation with none open', log: registered, action: { type: 'end_consultation', on: '2026-03-03', result: 'x' }, reason: /没有进行中的征求意见/ },
  { name: 'decide during consultation', log: () => run('in_person', '2026-03-02', [{ type: 'start_consultation', on: '2026-03-03', party: 'A', kind: 'third_party' }]), action: { type: 'decide', on: '2026-03-04', outcome: 'disclose' }, reason: /征求意见尚未结束/ },
  { name: 'fee with both/unknown basis and no amount', log: registered, action: { type: 'issue_fee_notice', on: '2026-03-03', basis: 'both', amount: 0 }, reason: /二者只能选其一/ },
  { name: 'second fee notice', log: () => run('in_person', '2026-03-02', [{ type: 'issue_fee_notice', on: '2026-03-03', basis: 'pages', pages: 40 }]), action: { type: 'issue_fee_notice', on: '2026-03-04', basis: 'pages', pages: 40 }, reason: /已于 2026-03-03 发出收费通知/ },
  { name: 'fee for the 10th request of the month (free under 109号)', log: registered, action: { type: 'issue_fee_notice', on: '2026-03-03', basis: 'count' }, c: { nthRequestThisMonth: 10 }, reason: /10 件以内免费/ },
  { name: 'fee for 30 pages (free under 109号)', log: registered, action: { type: 'issue_fee_notice', on: '2026-03-03', basis: 'pages', pages: 30 }, reason: /30 页以内免费/ },
  { name: 'fee by pages without a page count', log: registered, action: { type: 'issue_fee_notice', on: '2026-03-03', basis: 'pages' }, reason: /须填写页数/ },
  { name: 'payment with no notice', log: registered, action: { type: 'record_payment', on: '2026-03-03' }, reason: /没有待缴/ },
  { name: 'unknown outcome', log: registered, action: { type: 'decide', on: '2026-03-03', outcome: 'withhold.9' }, reason: /答复类型应为/ },
  { name: 'partial without withheld reason', log: registered, action: { type: 'decide', on: '2026-03-03', outcome: 'partial' }, reason: /第三十七条/ },
  { name: 'withhold without reasons', log: registered, action: { type: 'decide', on: '2026-03-03', outcome: 'withhold.5', reasons: [] }, reason: /请写明答复理由/ },
  { name: 'record index on a refusal', log: registered, action: { type: 'decide', on: '2026-03-03', outcome: 'unable.1', reasons: ['x'], record_index_no: '11130427-2026-001' }, reason: /索引号/ },
  { name: 'other.1 without a correction', log: registered, action: { type: 'decide', on: '2026-03-03', outcome: 'other.1', reasons: ['x'] }, reason: /仅适用于申请人逾期未补正/ },
  { name: 'unable.3 without a received correction', log: registered, action: { type: 'decide', on: '2026-03-03', outcome: 'unable.3', reasons: ['x'] }, reason: /补正后内容仍不明确/ },
  { name: 'other.2 without a fee', log: registered, action: { type: 'decide', on: '2026-03-03', outcome: 'other.2', reasons: ['x'] }, reason: /仅适用于逾期未缴费/ },
  { name: 'decide twice', log: decided, action: { type: 'decide', on: '2026-03-11', outcome: 'disclose' }, reason: /已作出答复/ },
  { name: 'deliver before a decision', log: registered, action: { type: 'deliver', on: '2026-03-03', method: 'pickup' }, reason: /尚未作出答复/ },
  { name: 'mail without EMS number', log: decided, action: { type: 'deliver', on: '2026-03-11', method: 'mail' }, reason: /EMS/ },
  { name: 'unknown delivery method', log: decided, action: { type: 'deliver', on: '2026-03-11', method: 'pigeon' }, reason: /送达方式应为/ },
  { name: 'close before delivery', log: decided, action: { type: 'close', on: '2026-03-11' }, reason: /送达后才能办结/ },
  { name: 'act on a closed case', log: closed, action: { type: 'withdraw', on: '2026-03-12', reason: 'x' }, reason: /申请已办结/ },
  { name: 'withdraw without reason', log: registered, action: { type: 'withdraw', on: '2026-03-03', reason: '' }, reason: /撤回理由/ },
  { name: 'withdraw after decision', log: decided, action: { type: 'withdraw', on: '2026-03-11', reason: 'x' }, reason: /已作出答复/ },
  { name: 'confidentiality review with an unknown result', log: registered, action: { type: 'confidentiality_review', on: '2026-03-03', result: 'fine' }, reason: /cleared/ },
  { name: 'confidentiality review refusing without an opinion', log: registered, action: { type: 'confidentiality_review', on: '2026-03-03', result: 'not_cleared' }, reason: /请写明审查意见/ },
  { name: 'disclosure after a failed confidentiality review (Art. 17)', log: () => run('in_person', '2026-03-02', [{ type: 'confidentiality_review', on: '2026-03-03', result: 'not_cleared', opinion: '含涉密内容' }]), action: { type: 'decide', on: '2026-03-04', outcome: 'partial', withheld_reason: 'x' }, reason: /不能作出公开答复/ },
  { name: 'review before decision', log: registered, action: { type: 'record_review', on: '2026-03-03', kind: 'review', result: 'pending' }, reason: /尚未作出答复/ },
  { name: 'review of unknown kind/result', log: decided, action: { type: 'record_review', on: '2026-04-03', kind: 'appeal', result: 'won' }, reason: /类型应为.*|结果应为/ },
];

for (const r of refusals) {
  test(`refused: ${r.name}`, () => {
    const reasons = refuse(r.log(), r.action, r.c);
    assert.ok(reasons.length > 0);
    assert.match(reasons.join('；'), r.reason);
  });
}

test('unable.3 (补正后申请内容仍不明确) is accepted once the correction has been received (Art. 30)', () => {
  const log = run('in_person', '2026-03-02', [
    { type: 'request_correction', on: '2026-03-03', items: ['请写明文件名称'] },
    { type: 'receive_correction', on: '2026-03-09' },
  ]);
  const d = decide(fold(log), { type: 'decide', on: '2026-03-10', outcome: 'unable.3', reasons: ['补正后仍不明确'] }, ctx());
  assert.ok(d.ok, d.ok ? '' : d.reasons.join());
});

test('lapsed waiting periods are warned: correction (Art. 30), consultation answer (Arts. 32, 34), fee payment (109号)', () => {
  const corr = fold(run('in_person', '2026-03-02', [{ type: 'request_correction', on: '2026-03-03', items: ['x'], deadline_on: '2026-03-17' }]));
  assert.deepEqual(lapsedPeriodWarnings(corr, '2026-03-17'), [], 'the last day itself is still inside the period');
  assert.match(lapsedPeriodWarnings(corr, '2026-03-18').join(), /补正期限 2026-03-17 已过.*其他处理 1/);
  const third = fold(run('in_person', '2026-09-18', [{ type: 'start_consultation', on: '2026-09-22', party: '某公司', kind: 'third_party' }]));
  assert.deepEqual(lapsedPeriodWarnings(third, '2026-10-20'), []);
  assert.match(lapsedPeriodWarnings(third, '2026-10-21').join(), /2026-10-20 已过.*第三十二条.*答复期限已恢复计算/);
  const co = fold(run('in_person', '2026-09-18', [{ type: 'start_consultation', on: '2026-09-22', party: '县财政局', kind: 'co_producer' }]));
  assert.match(lapsedPeriodWarnings(co, '2026-10-21').join(), /视为同意公开（第三十四条）/);
  const fee = fold(run('in_person', '2026-03-02', [{ type: 'issue_fee_notice', on: '2026-03-02', basis: 'count', ctx: { nthRequestThisMonth: 12 } }]));
  assert.deepEqual(lapsedPeriodWarnings(fee, '2026-03-30'), []);
  assert.match(lapsedPeriodWarnings(fee, '2026-03-31').join(), /缴费期限 2026-03-30 已过.*其他处理 2/);
});

test('a refused action appends nothing and the log is append-only (events are returned, not applied)', () => {
  const log = registered();
  const before = JSON.stringify(log);
  decide(fold(log), { type: 'close', on: '2026-03-03' }, ctx());
  assert.equal(JSON.stringify(log), before);
});

test('fee by pages is computed progressively when no amount is given, and a different amount is warned', () => {
  const log = registered();
  const d = decide(fold(log), { type: 'issue_fee_notice', on: '2026-03-03', basis: 'pages', pages: 120 }, ctx());
  assert.ok(d.ok);
  assert.equal(d.events[0]!.data.amount, 1100); // 70 × 10 + 20 × 20
  const w = decide(fold(log), { type: 'issue_fee_notice', on: '2026-03-03', basis: 'pages', pages: 120, amount: 50 }, ctx());
  assert.ok(w.ok);
  assert.match(w.warnings.join(), /与标准计算结果不同/);
});

test('a fee notice after the reply period has run out is warned (sent within the period, 109号 procedure)', () => {
  const log = registered(); // received 2026-03-02, due 2026-03-30
  const late = decide(fold(log), { type: 'issue_fee_notice', on: '2026-03-31', basis: 'pages', pages: 40 }, ctx());
  assert.ok(late.ok);
  assert.match(late.warnings.join(), /答复期限已于 2026-03-30 届满/);
  const inTime = decide(fold(log), { type: 'issue_fee_notice', on: '2026-03-30', basis: 'pages', pages: 40 }, ctx());
  assert.ok(inTime.ok);
  assert.deepEqual(inTime.warnings, []);
});

test('fee by pages for an applicant who chose online delivery is warned (109号 第五条: paper, e-mail or copied data)', () => {
  const log = registered();
  const online = decide(fold(log), { type: 'issue_fee_notice', on: '2026-03-03', basis: 'pages', pages: 120 }, ctx({ delivery: 'online' }));
  assert.ok(online.ok);
  assert.match(online.warnings.join(), /第五条/);
  const paper = decide(fold(log), { type: 'issue_fee_notice', on: '2026-03-03', basis: 'pages', pages: 120 }, ctx({ delivery: 'mail' }));
  assert.ok(paper.ok);
  assert.deepEqual(paper.warnings, []);
});

test('with feePausesClock set, a fee notice sent during a consultation keeps the clock stopped until payment (overlapping pauses)', () => {
  const rules = { ...DEFAULT_CLOCK_RULES, feePausesClock: true };
  const log = run('in_person', '2026-03-02', [
    { type: 'start_consultation', on: '2026-03-03', party: '某公司', kind: 'third_party' },
    { type: 'issue_fee_notice', on: '2026-03-05', basis: 'count', ctx: { nthRequestThisMonth: 12 } },
    { type: 'end_consultation', on: '2026-03-20', result: '同意公开' },
  ]);
  assert.equal(dueOf(cal, fold(log), rules).dueOn, null, 'the fee is still unpaid: the clock stays stopped');
  const paid = decide(fold(log), { type: 'record_payment', on: '2026-03-25' }, ctx());
  assert.ok(paid.ok);
  // 03-03 counts (1 day); 03-03 to 03-25 is left out; 19 more from 03-26, skipping 清明 04-04 to 04-06 → 04-22.
  const due = dueOf(cal, fold([...log, ...paid.events]), rules);
  assert.equal(due.dueOn, '2026-04-22', due.explanation);
  assert.match(due.explanation, /收费通知至缴费期间（通知次日至缴费之日）不计入：2026-03-21 至 2026-03-25，实际扣除 3 个工作日/);
});

test('with feePausesClock set, the time from fee notice to payment is not counted', () => {
  const rules = { ...DEFAULT_CLOCK_RULES, feePausesClock: true };
  const log = run('in_person', '2026-03-02', [{ type: 'issue_fee_notice', on: '2026-03-04', basis: 'count', ctx: { nthRequestThisMonth: 12 } }]);
  assert.equal(dueOf(cal, fold(log), rules).dueOn, null);
  assert.equal(dueOf(cal, fold(log), rules).daysLeft, 18);
  const paid = decide(fold(log), { type: 'record_payment', on: '2026-03-11' }, ctx({ rules }));
  assert.ok(paid.ok);
  // Resume 03-11 with 18 left: 03-12, 13, 16–20, 23–27, 30, 31, 04-01, 02, 03, 07 (04-04..06 清明) → 04-07.
  assert.equal(dueOf(cal, fold([...log, ...paid.events]), rules).dueOn, '2026-04-07');
  assert.equal(dueOf(cal, fold([...log, ...paid.events])).dueOn, '2026-03-30', 'default: the fee time counts');
});

test('property: random action sequences keep the due date a working day, never before the (re)start + 20 + extension', () => {
  let seed = 4242;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 150; i++) {
    const received = addDays('2025-01-02', rnd(680));
    const log: CaseEvent[] = [registrationEvent('in_person', '130427', received)];
    let on = received;
    const step = (a: Omit<Action, 'on'>, gap: number) => {
      on = addDays(on, gap);
      const d = decide(fold(log), { ...a, on } as Action, ctx({ today: '2027-12-31', ...supervisor }));
      if (d.ok) log.push(...d.events);
    };
    if (rnd(3) === 0) { step({ type: 'request_correction', items: ['x'] }, 1 + rnd(5)); step({ type: 'receive_correction' }, 1 + rnd(10)); }
    if (rnd(2) === 0) { step({ type: 'start_consultation', party: 'A', kind: 'third_party' }, rnd(6)); step({ type: 'end_consultation', result: 'ok' }, rnd(25)); }
    if (rnd(2) === 0) step({ type: 'extend', days: 1 + rnd(20), approved_by: 'cixian.gkb', reason: 'r' }, rnd(5));
    const s = fold(log);
    const due = dueOf(cal, s);
    assert.ok(due.dueOn, `${received}: ${due.explanation}`);
    if (!due.provisional) assert.ok(isWorkingDay(cal, due.dueOn!), `${due.dueOn} not a working day`);
    const start = s.correction?.receivedOn ?? s.receivedOn!;
    assert.ok(workingDaysBetween(cal, start, due.dueOn!, { provisional: true }) >= 20 + (s.extension?.days ?? 0), `${start} → ${due.dueOn}: ${due.explanation}`);
  }
});

test('disclosing without a recorded confidentiality review is warned (Art. 17); a cleared review removes the warning', () => {
  const log = registered();
  const d = decide(fold(log), { type: 'decide', on: '2026-03-03', outcome: 'disclose' }, ctx());
  assert.ok(d.ok);
  assert.match(d.warnings.join(), /保密审查/);
  const cleared = run('in_person', '2026-03-02', [{ type: 'confidentiality_review', on: '2026-03-03', result: 'cleared' }]);
  const d2 = decide(fold(cleared), { type: 'decide', on: '2026-03-03', outcome: 'disclose' }, ctx());
  assert.ok(d2.ok);
  assert.deepEqual(d2.warnings, []);
});

test('已主动公开 with a 索引号 (Art. 36 (一)): a record found on this platform goes into the decision; an unknown one is warned', () => {
  const log = registered();
  const action = { type: 'decide', on: '2026-03-03', outcome: 'disclose', record_index_no: ' 130427-2026-zhzw-00001 ' } as const;
  const found = decide(fold(log), action, ctx({ publishedRecord: { title: '磁县2026年低保标准的通知', publishedOn: '2026-02-10' } }));
  assert.ok(found.ok);
  assert.deepEqual(found.warnings, []);
  const d = fold([...log, ...found.events]).decision!;
  assert.deepEqual([d.recordIndexNo, d.recordTitle, d.recordPublishedOn], ['130427-2026-zhzw-00001', '磁县2026年低保标准的通知', '2026-02-10']);
  const missing = decide(fold(log), action, ctx({ publishedRecord: null }));
  assert.ok(missing.ok);
  assert.match(missing.warnings.join(), /索引号 130427-2026-zhzw-00001 在本平台没有已公开的信息/);
  assert.equal(fold([...log, ...missing.events]).decision!.recordTitle, null);
});

// --- 第三十二条、第三十四条、第三十三条第三款: the receipt day of the consultation letter ---

test('start_consultation records how the letter went and the receipt day (Arts. 32, 34): defaults by hand / by post, or as given', () => {
  const table: { name: string; a: Partial<Action>; receivedOn: string; answerDueOn: string; recorded: boolean }[] = [
    // Handed over on the letter day: 15 working days 11-06..11-26 (第三十二条).
    { name: 'hand delivery (default)', a: {}, receivedOn: '2025-11-05', answerDueOn: '2025-11-26', recorded: false },
    { name: 'hand delivery', a: { sent_via: 'in_person' }, receivedOn: '2025-11-05', answerDueOn: '2025-11-26', recorded: false },
    // By post: letter day + 3 calendar days (UNCONFIRMED local practice) = Sat 11-08; 11-10..11-28.
    { name: 'by post', a: { sent_via: 'mail' }, receivedOn: '2025-11-08', answerDueOn: '2025-11-28', recorded: false },
    // The Chinese label is accepted as the code (the API's enum convention).
    { name: 'by post (label)', a: { sent_via: '邮寄' }, receivedOn: '2025-11-08', answerDueOn: '2025-11-28', recorded: false },
    // By post, the receipt day known: Fri 11-07 → 11-10..11-28 (第三十四条 for an agency reads the same).
    { name: 'by post, day given', a: { sent_via: 'mail', received_on: '2025-11-07', kind: 'co_producer' }, receivedOn: '2025-11-07', answerDueOn: '2025-11-28', recorded: true },
  ];
  for (const c of table) {
    const log = run('in_person', '2025-11-03', [{ type: 'start_consultation', on: '2025-11-05', party: '某某建材有限公司', kind: 'third_party', ...c.a } as Action]);
    const k = fold(log).consultations[0]!;
    assert.deepEqual([k.from, k.receivedOn, k.answerDueOn, k.receiptRecorded], ['2025-11-05', c.receivedOn, c.answerDueOn, c.recorded], c.name);
  }
});

test('a receipt day before the letter, in the future or malformed is refused naming the field (Art. 32), nothing appended', () => {
  const log = run('in_person', '2025-11-03', []);
  const base = { type: 'start_consultation', on: '2025-11-05', party: 'A', kind: 'third_party' } as const;
  assert.match(refuse(log, { ...base, received_on: '2025-11-04' }).join(), /收到征求意见书之日（received_on）2025-11-04 不能早于发函日期 2025-11-05/);
  assert.match(refuse(log, { ...base, received_on: '2025-11-31' }).join(), /received_on）应为 YYYY-MM-DD/);
  assert.match(refuse(log, { ...base, received_on: '2025-11-20' }, { today: '2025-11-10' }).join(), /不能晚于 2025-11-10/);
  assert.match(refuse(log, { ...base, sent_via: 'pigeon' }).join(), /送达方式（sent_via）/);
  const open = run('in_person', '2025-11-03', [{ ...base }]);
  const rec = { type: 'record_consultation_receipt', on: '2025-11-10' } as const;
  assert.match(refuse(open, { ...rec, received_on: '2025-11-04' }).join(), /received_on）2025-11-04 不能早于发函日期 2025-11-05/);
  assert.match(refuse(open, { ...rec }).join(), /请填写第三方或有关机关收到征求意见书之日（received_on）/);
  assert.match(refuse(open, { ...rec, received_on: '2025-11-11' }).join(), /不能晚于 2025-11-10/);
  assert.match(refuse(log, { ...rec, received_on: '2025-11-06' }).join(), /没有征求意见/);
});

test('record_consultation_receipt: staff record the real receipt day later; the period and the due date follow it (Arts. 32, 33(3))', () => {
  const log = run('in_person', '2025-11-03', [{ type: 'start_consultation', on: '2025-11-05', party: 'A', kind: 'third_party', sent_via: 'mail' }]);
  assert.equal(fold(log).consultations[0]!.answerDueOn, '2025-11-28');
  const d = decide(fold(log), { type: 'record_consultation_receipt', on: '2025-11-10', received_on: '2025-11-06' }, ctx());
  assert.ok(d.ok, d.ok ? '' : d.reasons.join());
  const s = fold([...log, ...d.events]);
  // Received 11-06: 11-07..11-27.
  assert.deepEqual([s.consultations[0]!.receivedOn, s.consultations[0]!.answerDueOn, s.consultations[0]!.receiptRecorded], ['2025-11-06', '2025-11-27', true]);
  // Past 11-27 with no answer: the pause ends 11-27; 18 left → 11-28, 12-01..05, 08..12, 15..19, 22, 23 → 12-23.
  assert.equal(dueOf(cal, s, DEFAULT_CLOCK_RULES, '2025-11-28').dueOn, '2025-12-23');
  assert.equal(dueOf(cal, s, DEFAULT_CLOCK_RULES, '2025-11-27').dueOn, null, 'still inside the period: the clock is stopped');
  assert.equal(stageOf(s), 'in_consultation');
});

test('the case tried: letter 2025-11-05, period ended 11-26, staff ended it 12-15 → due 2025-12-22 with a warning kept on the event (Arts. 32, 33(3))', () => {
  const log = run('in_person', '2025-11-03', [{ type: 'start_consultation', on: '2025-11-05', party: '某某建材有限公司', kind: 'third_party' }]);
  const d = decide(fold(log), { type: 'end_consultation', on: '2025-12-15', result: '逾期未答复' }, ctx());
  assert.ok(d.ok, d.ok ? '' : d.reasons.join());
  assert.match(d.warnings.join(), /征求意见结束日期 2025-12-15 晚于对方答复期限 2025-11-26（自收到征求意见书之日 2025-11-05 起 15 个工作日，第三十二条）/);
  assert.match(d.warnings.join(), /答复期限为 2025年12月22日（含当日）前/);
  assert.deepEqual(d.events[0]!.data.warnings, d.warnings, 'the event keeps the warning');
  const due = dueOf(cal, fold([...log, ...d.events]));
  assert.equal(due.dueOn, '2025-12-22', due.explanation);
  // Ended inside the period: no warning.
  const inTime = decide(fold(log), { type: 'end_consultation', on: '2025-11-26', result: '同意公开' }, ctx());
  assert.ok(inTime.ok);
  assert.deepEqual(inTime.warnings, []);
  // 第三十四条: the same for another agency.
  const co = run('in_person', '2025-11-03', [{ type: 'start_consultation', on: '2025-11-05', party: '县财政局', kind: 'co_producer' }]);
  const late = decide(fold(co), { type: 'end_consultation', on: '2025-12-15', result: '逾期未答复，视为同意' }, ctx());
  assert.ok(late.ok);
  assert.match(late.warnings.join(), /第三十四条/);
});

test('a case stored before the receipt day was recorded folds as hand delivery and is capped at its stored answer date (Art. 33(3))', () => {
  const legacy: CaseEvent[] = [
    registrationEvent('in_person', '130427', '2025-11-03'),
    { type: 'start_consultation', on: '2025-11-05', data: { party: '某某建材有限公司', kind: 'third_party', answer_due_on: '2025-11-26' } },
    { type: 'end_consultation', on: '2025-12-15', data: { result: '逾期未答复' } },
  ];
  const s = fold(legacy);
  assert.deepEqual([s.consultations[0]!.receivedOn, s.consultations[0]!.sentVia, s.consultations[0]!.answerDueOn], ['2025-11-05', 'in_person', '2025-11-26']);
  assert.equal(dueOf(cal, s).dueOn, '2025-12-22');
});

test('an open consultation past its period no longer stops the clock (Art. 32: the office decides); the warning says the clock runs again', () => {
  const log = run('in_person', '2025-11-03', [{ type: 'start_consultation', on: '2025-11-05', party: '某公司', kind: 'third_party' }]);
  const s = fold(log);
  const table: [string, string | null][] = [['2025-11-20', null], ['2025-11-26', null], ['2025-11-27', '2025-12-22'], ['2025-12-30', '2025-12-22']];
  for (const [today, expected] of table) assert.equal(dueOf(cal, s, DEFAULT_CLOCK_RULES, today).dueOn, expected, today);
  assert.match(lapsedPeriodWarnings(s, '2025-11-27').join(), /征求意见期间只计至 2025-11-26，答复期限已恢复计算/);
});

test('a receipt day recorded after the consultation ended can shorten the pause: warned with the stricter date (Arts. 32, 33(3))', () => {
  // By post: assumed received 11-08, period to 11-28; ended 11-28 (inside it). The signed receipt
  // then shows 11-05: the period ended 11-26, so the pause stops there → 2025-12-22.
  const log = run('in_person', '2025-11-03', [
    { type: 'start_consultation', on: '2025-11-05', party: 'A', kind: 'third_party', sent_via: 'mail' },
    { type: 'end_consultation', on: '2025-11-28', result: '同意公开' },
  ]);
  assert.equal(dueOf(cal, fold(log)).dueOn, '2025-12-24');
  assert.match(refuse(log, { type: 'record_consultation_receipt', on: '2025-12-01', received_on: '2025-11-29' }).join(), /不能晚于征求意见结束日期 2025-11-28/);
  const d = decide(fold(log), { type: 'record_consultation_receipt', on: '2025-12-01', received_on: '2025-11-05' }, ctx());
  assert.ok(d.ok, d.ok ? '' : d.reasons.join());
  assert.match(d.warnings.join(), /晚于对方答复期限 2025-11-26.*答复期限为 2025年12月22日（含当日）前/);
  assert.equal(dueOf(cal, fold([...log, ...d.events])).dueOn, '2025-12-22');
});

test('a consultation period counted in a year without its notice follows the notice once it is loaded (Arts. 32, 33(3))', () => {
  // 2027 has no loaded notice: 15 working days from the letter handed over on 2027-01-27 skip only
  // the statutory 春节 days (除夕 02-05, 初三 02-08; 《全国年节及纪念日放假办法》第二条) → 02-19.
  const provisional = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days), statutoryHolidaysOf);
  const c = { cal: provisional, today: '2027-03-15' };
  const log = run('in_person', '2027-01-25', [
    { type: 'start_consultation', on: '2027-01-27', party: '某公司', kind: 'third_party', ctx: c },
    { type: 'end_consultation', on: '2027-03-15', result: '逾期未答复', ctx: c },
  ]);
  const s = fold(log);
  assert.equal(s.consultations[0]!.answerDueOn, '2027-02-19', 'as the letter said when it went out');
  // Test data, not the real 2027 notice: a year loaded later with 02-05..02-13 off.
  const notice = Array.from({ length: 9 }, (_, i) => ({ date: addDays('2027-02-05', i), kind: 'holiday' as const, name: '春节' }));
  const loaded = buildCalendar([...data.map((d) => d.year), 2027], [...data.flatMap((d) => d.days), ...notice]);
  // The party's 15 working days now run 01-28, 29, 02-01..04, 02-15..19, 22..25 → 02-25, and the
  // pause (第三十三条第三款) lasts until then: 18 days left after 01-26, 27 → 02-26, 03-01..05,
  // 08..12, 15..19, 22, 23.
  assert.equal(workingDaysBetween(loaded, '2027-01-27', '2027-02-25'), 15);
  const due = dueOf(loaded, s, DEFAULT_CLOCK_RULES, '2027-03-15');
  assert.equal(due.dueOn, '2027-03-23', due.explanation);
  assert.equal(due.provisional, false);
  assert.match(due.explanation, /不计入（征求第三方意见，第三十二条）：2027-01-28 至 2027-02-25，实际扣除 15 个工作日/);
});
