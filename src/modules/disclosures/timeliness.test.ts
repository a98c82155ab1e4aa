import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { dueDate, lateWorkingDays, type ItemDeadline } from './timeliness.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((y) => y.year), data.flatMap((y) => y.days));

const item = (over: Partial<ItemDeadline>): ItemDeadline => ({ label: '出生登记', kind: 'within_days', days: 20, unit: 'working', trigger: 'formation', text: '信息形成之日起20个工作日内', ...over });

const CASES: { name: string; formed: string; items: ItemDeadline[]; due: string; basis: string; explains: RegExp }[] = [
  { name: 'Art. 26 default, no item: 2026-03-02 + 20 working days', formed: '2026-03-02', items: [], due: '2026-03-30', basis: 'art26', explains: /第二十六条/ },
  // 国庆 2026: Sep 20 (Sun) is a makeup working day, Sep 25–27 中秋, Oct 1–7 off, Oct 10 (Sat) works.
  { name: 'Art. 26 across 中秋/国庆 2026 with makeup days', formed: '2026-09-18', items: [], due: '2026-10-22', basis: 'art26', explains: /调休上班日 2026-09-20、2026-10-10/ },
  { name: 'item with 7 working days across 国庆', formed: '2026-09-28', items: [item({ days: 7, text: '作出决定之日起7个工作日内', trigger: 'decision' })], due: '2026-10-13', basis: '出生登记', explains: /作出决定之日/ },
  { name: 'item with 20 working days over 春节 2026 (Feb 14 and 28 work)', formed: '2026-02-10', items: [item({})], due: '2026-03-16', basis: '出生登记', explains: /春节/ },
  { name: 'calendar-day limit ending on 国庆 moves to the next working day', formed: '2026-09-24', items: [item({ days: 10, unit: 'calendar', text: '10日内' })], due: '2026-10-08', basis: '出生登记', explains: /顺延/ },
  { name: 'immediate: next working day (Fri → Mon)', formed: '2025-12-26', items: [item({ kind: 'immediate', days: null, unit: null, trigger: null, text: '即时公开' })], due: '2025-12-29', basis: '出生登记', explains: /即时公开/ },
  { name: 'periodic item falls back to Art. 26', formed: '2025-06-03', items: [item({ kind: 'periodic', days: null, unit: null, trigger: null, text: '每月10日前' })], due: '2025-07-01', basis: 'art26', explains: /未规定可计算的公开时限/ },
  { name: 'two items: the stricter wins', formed: '2026-04-01', items: [item({ label: '甲', days: 20 }), item({ label: '乙', days: 5 })], due: '2026-04-09', basis: '乙', explains: /取最早的期限/ },
];

for (const c of CASES) {
  test(`due date: ${c.name}`, () => {
    const r = dueDate(cal, c.formed, c.items);
    assert.equal(r.dueOn, c.due, r.explanation);
    assert.equal(r.basis, c.basis);
    assert.match(r.explanation, c.explains);
    assert.equal(r.provisional, false);
  });
}

test('a year without calendar data is provisional, counted on weekends only', () => {
  const r = dueDate(cal, '2030-03-04', []);
  assert.equal(r.provisional, true);
  assert.equal(r.dueOn, '2030-04-01');
  assert.match(r.explanation, /暂定/);
});

const LATE: [due: string, published: string, late: number][] = [
  ['2026-03-30', '2026-03-30', 0],
  ['2026-03-30', '2026-03-20', 0],
  ['2026-03-30', '2026-03-31', 1],
  ['2026-09-30', '2026-10-08', 1], // the whole 国庆 break is not counted
  ['2026-09-30', '2026-10-10', 3], // Oct 8, 9 and the makeup Saturday Oct 10
  ['2026-09-18', '2026-09-21', 2], // makeup Sunday Sep 20 and Monday Sep 21
  ['2026-09-30', '2026-10-03', 1], // published during 国庆 after the due date: late, not on time
  ['2026-03-27', '2026-03-28', 1], // due Friday, published Saturday
];
for (const [due, published, late] of LATE) {
  test(`late working days: due ${due}, published ${published} → ${late}`, () => {
    assert.equal(lateWorkingDays(cal, due, published), late);
  });
}
