// The problem workflow over its event log: paths through it with real 2026 dates, and every
// refusal with its stable code (table-driven).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, fold, isOverdue, rowChanges, type ActorSide, type Command, type ProblemEvent } from './problem-workflow.ts';

const FACTS = { foundOn: '2026-11-03', dueOn: '2026-11-17' };
const RAISED: ProblemEvent = { kind: 'raised', on: '2026-11-03', payload: {}, actor: 'system' };
const editor: ActorSide = { username: 'cixian.editor', responsible: true, office: false };
const office: ActorSide = { username: 'cixian.gkb', responsible: false, office: true };
const stranger: ActorSide = { username: 'someone', responsible: false, office: false };
/** A member of the office who also recorded the rectification (e.g. helping the unit). */
const officeRectifier: ActorSide = { username: 'cixian.editor', responsible: false, office: true };

type Step = [Command, ActorSide | 'system', string?];
function run(steps: Step[]): ProblemEvent[] {
  const log: ProblemEvent[] = [RAISED];
  for (const [c, actor, today] of steps) {
    const d = decide(fold(FACTS, log), c, { today: today ?? '2026-12-01', actor });
    assert.ok(d.ok, `${c.action} refused: ${d.ok ? '' : d.refusals.map((r) => r.code).join(',')}`);
    log.push(...d.events);
  }
  return log;
}

const rectify = (on = '2026-11-10', extra: Partial<Command> = {}): Command => ({ action: 'rectify', on, measures: '已在栏目中补充发布2026年第三季度财政预算执行情况', evidence: '已发布', links: ['https://www.cixian.gov.cn/zfxxgk/2026/11/10.html'], ...extra });

test('rectify → verify closes the problem and releases the open key', () => {
  const log = run([[rectify(), editor], [{ action: 'verify', on: '2026-11-12', note: '已核实' }, office]]);
  const s = fold(FACTS, log);
  assert.equal(s.state, 'closed');
  assert.equal(s.closedOn, '2026-11-12');
  assert.equal(s.rectifiedOn, '2026-11-10');
  assert.equal(s.rectifiedBy, 'cixian.editor');
  assert.equal(s.verifyNote, '已核实');
  assert.equal(rowChanges(s, 'fp-1').open_key, null);
  assert.deepEqual(log.map((e) => e.kind), ['raised', 'rectified', 'verified']);
});

test('reject sends it back with the reason; a second rectification can then be verified', () => {
  const log = run([
    [rectify(), editor], [{ action: 'reject', on: '2026-11-12', reason: '链接无法打开' }, office],
  ]);
  const s = fold(FACTS, log);
  assert.equal(s.state, 'rejected');
  assert.equal(s.verifyNote, '链接无法打开');
  assert.equal(rowChanges(s, 'fp-1').open_key, 'fp-1');
  const log2 = run([[rectify(), editor], [{ action: 'reject', on: '2026-11-12', reason: '链接无法打开' }, office], [rectify('2026-11-14'), editor], [{ action: 'verify', on: '2026-11-16', note: '' }, office]]);
  const s2 = fold(FACTS, log2);
  assert.equal(s2.state, 'closed');
  assert.equal(s2.verifyNote, '整改到位，同意销号', 'an empty note is recorded as the standard wording');
});

test('dismiss by the office: closed as a false finding, open key released', () => {
  const s = fold(FACTS, run([[{ action: 'dismiss', on: '2026-11-05', reason: '该栏目本期确无信息，属误报' }, office]]));
  assert.equal(s.state, 'dismissed');
  assert.equal(rowChanges(s, 'fp').open_key, null);
});

test('escalation: only by the system, only once, only when overdue', () => {
  const s = fold(FACTS, run([[{ action: 'escalate', on: '2026-11-18' }, 'system', '2026-11-18']]));
  assert.equal(s.escalatedOn, '2026-11-18');
  assert.equal(s.state, 'open', 'escalation is a mark, not a state');
  assert.ok(isOverdue(s, '2026-11-18'));
  assert.ok(!isOverdue(s, '2026-11-17'), 'due on the 17th: not overdue that day');
});

// refusal table: [what, log before, command, actor, today, expected codes]
const CASES: [string, Step[], Command, ActorSide | 'system', string, string[]][] = [
  ['rectification dated before the finding', [], rectify('2026-11-02'), editor, '2026-12-01', ['problem_date_before_finding']],
  ['date in the future', [], rectify('2026-12-02'), editor, '2026-12-01', ['problem_date_in_future']],
  ['date not a date', [], rectify('2026-02-30'), editor, '2026-12-01', ['problem_date_invalid']],
  ['no measures', [], rectify('2026-11-10', { measures: '   ' }), editor, '2026-12-01', ['problem_measures_required']],
  ['a link that is not http(s)', [], rectify('2026-11-10', { links: ['javascript:alert(1)'] }), editor, '2026-12-01', ['problem_link_invalid']],
  ['rectify by someone outside the organisation', [], rectify(), office, '2026-12-01', ['problem_not_responsible']],
  ['rectify again while awaiting verification', [[rectify(), editor]], rectify('2026-11-11'), editor, '2026-12-01', ['problem_awaiting_verification']],
  ['the responsible organisation verifies itself', [[rectify(), editor]], { action: 'verify', on: '2026-11-12', note: '' }, editor, '2026-12-01', ['problem_self_verify']],
  ['the rectifier verifies their own rectification', [[rectify(), editor]], { action: 'verify', on: '2026-11-12', note: '' }, officeRectifier, '2026-12-01', ['problem_self_verify']],
  ['verify before any rectification', [], { action: 'verify', on: '2026-11-12', note: '' }, office, '2026-12-01', ['problem_not_rectified']],
  ['verify dated before the rectification', [[rectify(), editor]], { action: 'verify', on: '2026-11-09', note: '' }, office, '2026-12-01', ['problem_date_before_rectification']],
  ['reject with no reason', [[rectify(), editor]], { action: 'reject', on: '2026-11-12', reason: '' }, office, '2026-12-01', ['problem_reason_required']],
  ['verify by a stranger', [[rectify(), editor]], { action: 'verify', on: '2026-11-12', note: '' }, stranger, '2026-12-01', ['problem_not_office']],
  ['dismiss by the organisation itself', [], { action: 'dismiss', on: '2026-11-05', reason: '不是问题' }, editor, '2026-12-01', ['problem_self_verify']],
  ['dismiss with no reason', [], { action: 'dismiss', on: '2026-11-05', reason: '' }, office, '2026-12-01', ['problem_reason_required']],
  ['acting on a closed problem', [[rectify(), editor], [{ action: 'verify', on: '2026-11-12', note: '' }, office]], rectify('2026-11-20'), editor, '2026-12-01', ['problem_finished']],
  ['acting on a dismissed problem', [[{ action: 'dismiss', on: '2026-11-05', reason: '误报' }, office]], { action: 'verify', on: '2026-11-12', note: '' }, office, '2026-12-01', ['problem_finished']],
  ['escalating by hand', [], { action: 'escalate', on: '2026-11-20' }, office, '2026-12-01', ['problem_escalate_system']],
  ['escalating before the due date', [], { action: 'escalate', on: '2026-11-17' }, 'system', '2026-11-17', ['problem_not_overdue']],
  ['escalating a rectified problem', [[rectify(), editor]], { action: 'escalate', on: '2026-11-20' }, 'system', '2026-11-20', ['problem_not_overdue']],
  ['escalating twice', [[{ action: 'escalate', on: '2026-11-18' }, 'system', '2026-11-18']], { action: 'escalate', on: '2026-11-19' }, 'system', '2026-11-19', ['problem_already_escalated']],
  ['an unknown action', [], { action: 'approve' as never, on: '2026-11-10' }, office, '2026-12-01', ['problem_action_unknown']],
];

for (const [what, before, command, actor, today, codes] of CASES) {
  test(`refused: ${what}`, () => {
    const log = run(before);
    const d = decide(fold(FACTS, log), command, { today, actor });
    assert.ok(!d.ok, 'must be refused');
    for (const code of codes) assert.ok(d.refusals.some((r) => r.code === code), `${code} expected, got ${d.refusals.map((r) => r.code).join(',')}`);
    for (const r of d.refusals) assert.match(r.message, /[\u4e00-\u9fff]/, 'a Chinese message');
  });
}
