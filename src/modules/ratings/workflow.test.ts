// The 差评 workflow (pure) on the real 2026 calendar: 国庆 break 10-01…10-07 with Saturday 10-10 a
// 调休 working day; 春节 2026-02-15…02-23 with 02-14 (Sat) and 02-28 (Sat) working days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { decide, fold, initialState, isOverdue, parseCommand, ratedPayload, type Command, type DecideContext, type LogEvent, type RatingFacts } from './workflow.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days));
const limits = { callbackDays: 1, rectifyDays: 15 };
const unit = { username: 'cizhou.handler', inUnit: true, aboveUnit: false };
const above = { username: 'cixian.gkb', inUnit: false, aboveUnit: true };
const outsider = { username: 'longhua.admin', inUnit: false, aboveUnit: false };
const ctx = (over: Partial<DecideContext> = {}): DecideContext => ({ today: '2026-10-30', calendar: cal, limits, actor: unit, ...over });

function rated(on: string, named: boolean, bad = true): LogEvent {
  const start = initialState(bad, named, on, limits, cal);
  return { kind: 'rated', on, actor: 'public', payload: ratedPayload({ level: bad ? 2 : 5, channel: 'web', bad, named, ...start }) };
}

/** Applies commands in turn (each must be accepted) and returns the log. */
function run(log: LogEvent[], steps: [Command, DecideContext['actor']?][], today = '2026-10-30'): LogEvent[] {
  const out = [...log];
  for (const [c, actor] of steps) {
    const d = decide(fold(out), c, ctx({ today, actor: actor ?? unit }));
    assert.ok(d.ok, `${c.kind}: ${JSON.stringify(d)}`);
    for (const e of d.events) out.push({ ...e, actor: (actor ?? unit).username });
  }
  return out;
}

test('initial state and due dates on the working-day calendar (国庆, 调休, 春节)', () => {
  const cases: [string, boolean, boolean, string, string | null, string | null][] = [
    // received, bad, named → state, callback due, rectify due
    ['2026-09-30', true, true, 'callback_due', '2026-10-08', null],
    ['2026-10-09', true, true, 'callback_due', '2026-10-10', null], // Friday → Saturday 10-10 is a 调休 working day
    ['2026-09-30', true, false, 'rectify_due', null, '2026-10-27'],
    ['2026-02-13', true, true, 'callback_due', '2026-02-14', null], // Saturday 02-14 works before 春节
    ['2026-02-14', true, false, 'rectify_due', null, '2026-03-13'], // 02-15…02-23 off, Saturday 02-28 works
    ['2026-09-30', false, true, 'none', null, null],
  ];
  for (const [on, bad, named, state, cb, rect] of cases) {
    const s = initialState(bad, named, on, limits, cal);
    assert.deepEqual([s.state, s.callbackDueOn, s.rectifyDueOn], [state, cb, rect], `${on} bad=${bad} named=${named}`);
  }
});

test('the whole path of a named 差评: callback → 限期整改 → done → reply → close', () => {
  const log = run([rated('2026-09-30', true)], [
    [{ kind: 'callback', on: '2026-10-08', note: '已电话联系，核实情况属实', reached: true }],
    [{ kind: 'rectify', on: '2026-10-09', mode: 'deadline', measures: '增设周六窗口' }],
    [{ kind: 'rectify', on: '2026-10-20', mode: 'immediate', measures: '已增设周六窗口' }],
    [{ kind: 'reply', on: '2026-10-21', text: '已整改并电话告知' }],
    [{ kind: 'close', on: '2026-10-22' }],
  ]);
  const f = fold(log);
  assert.equal(f.state, 'closed');
  assert.equal(f.calledBackOn, '2026-10-08');
  // 限期整改 default: 15 working days after 10-09, with 调休 Saturday 10-10 counted → 10-29
  assert.equal(f.rectifyDueOn, '2026-10-29');
  assert.equal(f.rectifiedOn, '2026-10-20');
  assert.equal(f.repliedOn, '2026-10-21');
  assert.equal(f.closedOn, '2026-10-22');
  assert.equal(f.excluded, false);
  assert.deepEqual(log.map((e) => e.kind), ['rated', 'called_back', 'rectify_planned', 'rectified', 'replied', 'closed']);
});

test('overdue: a callback or a rectification past its due day, never on the due day', () => {
  const f = fold([rated('2026-09-30', true)]);
  assert.equal(isOverdue(f, '2026-10-08'), false);
  assert.equal(isOverdue(f, '2026-10-09'), true);
  const g = fold(run([rated('2026-09-30', true)], [[{ kind: 'callback', on: '2026-10-08', note: '已联系', reached: true }], [{ kind: 'rectify', on: '2026-10-08', mode: 'deadline', measures: '整改', dueOn: '2026-10-15' }]]));
  assert.equal(g.state, 'rectifying');
  assert.equal(isOverdue(g, '2026-10-15'), false);
  assert.equal(isOverdue(g, '2026-10-16'), true);
  assert.equal(isOverdue(fold([rated('2026-09-30', false, false)]), '2027-01-01'), false);
});

test('an appeal upheld by the level above excludes the rating and keeps it in the log', () => {
  const log = run([rated('2026-09-30', true)], [
    [{ kind: 'appeal', on: '2026-10-08', reason: '评价人当日未到本中心办事，系误评' }],
    [{ kind: 'decide_appeal', on: '2026-10-09', upheld: true, note: '经核实属误评' }, above],
  ]);
  const f = fold(log);
  assert.equal(f.state, 'excluded');
  assert.equal(f.excluded, true);
  assert.equal(log.length, 3);
});

test('a rejected appeal returns to where it was, and cannot be repeated', () => {
  const log = run([rated('2026-09-30', true)], [
    [{ kind: 'callback', on: '2026-10-08', note: '已联系', reached: true }],
    [{ kind: 'appeal', on: '2026-10-08', reason: '恶意差评' }],
    [{ kind: 'decide_appeal', on: '2026-10-09', upheld: false, note: '证据不足' }, above],
  ]);
  assert.equal(fold(log).state, 'rectify_due');
  const d = decide(fold(log), { kind: 'appeal', on: '2026-10-12', reason: '再申诉' }, ctx());
  assert.ok(!d.ok && d.code === 'rating_appeal_repeated');
});

test('refusals with stable codes', () => {
  const named = fold([rated('2026-09-30', true)]);
  const anon = fold([rated('2026-09-30', false)]);
  const appealed = fold(run([rated('2026-09-30', true)], [[{ kind: 'appeal', on: '2026-10-08', reason: '误评' }]]));
  const cases: [string, RatingFacts, Command, DecideContext['actor'], string, number][] = [
    ['rectification dated before the rating', anon, { kind: 'rectify', on: '2026-09-29', mode: 'immediate', measures: 'x' }, unit, 'rating_date_before_rating', 409],
    ['a step in the future', named, { kind: 'callback', on: '2026-10-31', note: 'x', reached: true }, unit, 'rating_date_future', 409],
    ['appeal by someone outside the unit', named, { kind: 'appeal', on: '2026-10-08', reason: '误评' }, outsider, 'rating_not_your_unit', 403],
    ['the unit deciding its own appeal', appealed, { kind: 'decide_appeal', on: '2026-10-09', upheld: true, note: '' }, unit, 'rating_not_above_unit', 403],
    ['the level above acting for the unit', named, { kind: 'callback', on: '2026-10-08', note: 'x', reached: true }, above, 'rating_not_your_unit', 403],
    ['calling back an anonymous rater', anon, { kind: 'callback', on: '2026-10-08', note: 'x', reached: true }, unit, 'rating_anonymous_no_callback', 409],
    ['closing before the reply', named, { kind: 'close', on: '2026-10-08' }, unit, 'rating_wrong_state', 409],
    ['a callback without a note', named, { kind: 'callback', on: '2026-10-08', note: ' ', reached: false }, unit, 'rating_note_required', 400],
    ['a deadline before the rectification', anon, { kind: 'rectify', on: '2026-10-08', mode: 'deadline', measures: 'x', dueOn: '2026-10-07' }, unit, 'rating_due_before_action', 409],
    ['a good rating', fold([rated('2026-09-30', false, false)]), { kind: 'reply', on: '2026-10-08', text: 'x' }, unit, 'rating_not_bad', 409],
  ];
  for (const [name, f, c, actor, code, status] of cases) {
    const d = decide(f, c, ctx({ actor }));
    assert.ok(!d.ok, name);
    assert.equal(d.code, code, name);
    assert.equal(d.status, status, name);
    assert.match(d.message, /[\u4e00-\u9fa5]/, name);
    assert.deepEqual(d.reasons, [d.message]);
  }
  // dated before the previous step
  const called = fold(run([rated('2026-09-30', true)], [[{ kind: 'callback', on: '2026-10-09', note: '已联系', reached: true }]]));
  const d = decide(called, { kind: 'rectify', on: '2026-10-08', mode: 'immediate', measures: 'x' }, ctx());
  assert.ok(!d.ok && d.code === 'rating_date_before_previous');
});

test('parseCommand: actions and values as code or Chinese label; bad input named', () => {
  const ok = parseCommand({ action: '整改', on: '2026-10-09', mode: '限期整改', measures: '增设窗口', due_on: '2026-10-20' });
  assert.deepEqual(ok, { ok: true, command: { kind: 'rectify', on: '2026-10-09', mode: 'deadline', measures: '增设窗口', dueOn: '2026-10-20' } });
  assert.deepEqual(parseCommand({ action: 'callback', on: '2026-10-09', note: 'n', reached: '是' }), { ok: true, command: { kind: 'callback', on: '2026-10-09', note: 'n', reached: true } });
  assert.deepEqual(parseCommand({ action: 'decide_appeal', on: '2026-10-09', upheld: false }), { ok: true, command: { kind: 'decide_appeal', on: '2026-10-09', upheld: false, note: '' } });
  const cases: [Record<string, unknown>, string][] = [
    [{ action: 'delete', on: '2026-10-09' }, 'rating_action_invalid'],
    [{ action: 'close', on: '2026-13-01' }, 'rating_date_invalid'],
    [{ action: 'close' }, 'rating_date_invalid'],
    [{ action: 'rectify', on: '2026-10-09', mode: 'later', measures: 'x' }, 'rating_mode_invalid'],
    [{ action: 'callback', on: '2026-10-09', note: 'x' }, 'rating_reached_invalid'],
    [{ action: 'reply', on: '2026-10-09', text: 'x'.repeat(1001) }, 'rating_text_too_long'],
  ];
  for (const [raw, code] of cases) {
    const r = parseCommand(raw);
    assert.ok(!r.ok, JSON.stringify(raw));
    assert.equal(r.code, code);
    assert.equal(r.status, 400);
  }
});
