// Table tests of the slot rules on real 2026 dates (src/platform/calendar/data/2026.json): 国庆
// 2026-10-01..07 closed, the 调休 working days Sunday 2026-09-20, Saturday 2026-10-10 and Saturday
// 2026-02-14 (春节) take Monday's rules, a venue's exceptions win; and the checks of typed rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { dayKindOf } from './slots.repository.ts';
import { formatClock, overlappingRules, parseClock, parseWeekday, ruleProblems, rulesWeekday, slotsBetween, weekdaysText, type SlotException, type SlotRule } from './slots.ts';

const years = readBundledCalendar();
const kindOf = dayKindOf(buildCalendar(years.map((y) => y.year), years.flatMap((y) => y.days)));

const rule = (weekdays: number[], start: string, end: string, capacity = 2, itemId: number | null = null): SlotRule => ({ id: null, itemId, weekdays, startMin: parseClock(start)!, endMin: parseClock(end)!, capacity });
// Monday: 09:00 and 10:00; Tuesday–Friday: 09:00; Saturday: 10:00 (to tell a Saturday's own rules from Monday's); Sunday none.
const RULES = [rule([1], '09:00', '09:30'), rule([1], '10:00', '10:30', 1, 7), rule([2, 3, 4, 5], '09:00', '09:30'), rule([6], '10:00', '11:00')];
const starts = (day: string, exceptions: SlotException[] = []) => slotsBetween(RULES, exceptions, kindOf, day, day).map((x) => formatClock(x.startMin));

describe('slots on the 2026 calendar', () => {
  const cases: [string, string, string[]][] = [
    ['2026-09-28', 'an ordinary Monday: both Monday rules', ['09:00', '10:00']],
    ['2026-09-29', 'an ordinary Tuesday', ['09:00']],
    ['2026-10-01', '国庆 (Thursday) closed', []],
    ['2026-10-03', '国庆 (Saturday) closed, not its Saturday rule', []],
    ['2026-10-05', '国庆 (Monday) closed', []],
    ['2026-10-07', '国庆 last day closed', []],
    ['2026-10-08', 'back to work on Thursday', ['09:00']],
    ['2026-10-10', '调休 Saturday takes Monday’s rules', ['09:00', '10:00']],
    ['2026-09-20', '调休 Sunday takes Monday’s rules', ['09:00', '10:00']],
    ['2026-02-14', '春节 调休 Saturday takes Monday’s rules', ['09:00', '10:00']],
    ['2026-02-17', '春节 (Tuesday) closed', []],
    ['2026-10-17', 'an ordinary Saturday: its own rule', ['10:00']],
    ['2026-10-18', 'an ordinary Sunday: none', []],
    ['2026-09-25', '中秋 (Friday) closed', []],
  ];
  for (const [day, what, want] of cases) test(`${day}: ${what}`, () => assert.deepEqual(starts(day), want));

  test('exceptions win over the calendar and the weekday', () => {
    assert.deepEqual(starts('2026-09-29', [{ dayOn: '2026-09-29', kind: 'closed', asWeekday: null }]), [], 'a closed Tuesday');
    assert.deepEqual(starts('2026-10-02', [{ dayOn: '2026-10-02', kind: 'open', asWeekday: 1 }]), ['09:00', '10:00'], 'a 国庆 day opened with Monday’s rules');
    assert.deepEqual(starts('2026-10-02', [{ dayOn: '2026-10-02', kind: 'open', asWeekday: null }]), ['09:00'], 'opened with its own weekday (Friday)');
    assert.deepEqual(starts('2026-10-10', [{ dayOn: '2026-10-10', kind: 'closed', asWeekday: null }]), [], 'a 调休 Saturday closed by the venue');
    assert.deepEqual(starts('2026-10-10', [{ dayOn: '2026-10-11', kind: 'closed', asWeekday: null }]), ['09:00', '10:00'], 'another day’s exception changes nothing');
  });

  test('over a range: days in order, an item keeps its own and the venue-wide rules', () => {
    const all = slotsBetween(RULES, [], kindOf, '2026-09-30', '2026-10-10');
    assert.deepEqual([...new Set(all.map((x) => x.dayOn))], ['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    assert.deepEqual(slotsBetween(RULES, [], kindOf, '2026-10-10', '2026-10-10', 8).map((x) => x.itemKey), [0], 'item 8: the venue-wide rule only');
    assert.deepEqual(slotsBetween(RULES, [], kindOf, '2026-10-10', '2026-10-10', 7).map((x) => x.itemKey), [0, 7]);
  });

  test('rulesWeekday: holiday null, 调休 weekend Monday, 调休 on a weekday its own', () => {
    assert.equal(rulesWeekday('2026-10-01', 'holiday', undefined), null);
    assert.equal(rulesWeekday('2026-10-10', 'makeup_working_day', undefined), 1);
    assert.equal(rulesWeekday('2026-10-09', 'makeup_working_day', undefined), 5);
  });
});

describe('typed rules', () => {
  const clocks: [string, number | null][] = [['09:00', 540], ['9:05', 545], ['24:00', 1440], ['00:00', 0], ['25:00', null], ['24:01', null], ['09:60', null], ['9点', null], ['', null]];
  for (const [text, want] of clocks) test(`parseClock(${JSON.stringify(text)}) = ${want}`, () => assert.equal(parseClock(text), want));

  const weekdays: [unknown, number | null][] = [[1, 1], [7, 7], [0, null], [8, null], [1.5, null], ['3', 3], ['周三', 3], ['星期日', 7], ['周八', null], [null, null]];
  for (const [v, want] of weekdays) test(`parseWeekday(${JSON.stringify(v)}) = ${want}`, () => assert.equal(parseWeekday(v), want));

  test('ruleProblems: weekday 0/8, end before start, capacity 0 and too many', () => {
    assert.deepEqual(ruleProblems({ weekdays: [1], startMin: 540, endMin: 570, capacity: 5 }, 500), []);
    assert.equal(ruleProblems({ weekdays: [0, 8], startMin: 540, endMin: 570, capacity: 5 }, 500).length, 1);
    assert.match(ruleProblems({ weekdays: [1], startMin: 600, endMin: 540, capacity: 5 }, 500).join(), /晚于/);
    assert.equal(ruleProblems({ weekdays: [1], startMin: 540, endMin: 570, capacity: 0 }, 500).length, 1);
    assert.equal(ruleProblems({ weekdays: [1], startMin: 540, endMin: 570, capacity: 1e9 }, 500).length, 1);
  });

  test('overlaps: same item and weekday with overlapping times only', () => {
    const rows = [rule([1, 2], '09:00', '10:00'), rule([2], '09:30', '10:30'), rule([3], '09:30', '10:30'), rule([1], '10:00', '10:30'), rule([1], '09:00', '10:00', 2, 7)];
    assert.deepEqual(overlappingRules(rows), [[1, 0]], 'touching ends, other days and other items do not overlap');
  });

  test('weekdaysText', () => {
    assert.equal(weekdaysText([1, 2, 3, 4, 5]), '周一至周五');
    assert.equal(weekdaysText([3, 1]), '周一、周三');
  });
});
