// Table-driven tests of the statutory clock on the bundled 2025/2026 calendars (调休 included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar, isWorkingDay, workingDaysBetween } from '../../platform/calendar/working-days.ts';
import { statutoryHolidaysOf } from '../../platform/calendar/statutory-holidays.ts';
import { addDays } from '../../platform/clock/local-date.ts';
import {
  computeDue, consultationAnswerDue, correctionNoticeDue, deadlineText, DEFAULT_CLOCK_RULES, defaultLetterReceipt, feeForNthRequest, feeForPages, feePaymentDue, type Pause,
} from './deadlines.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days));
const due = (start: string, extensionDays = 0, pauses: Pause[] = [], rules = DEFAULT_CLOCK_RULES) =>
  computeDue(cal, { start, startReason: '收到申请之日', extensionDays, pauses }, rules);

const cases: { name: string; start: string; ext?: number; pauses?: Pause[]; dueOn: string | null; daysLeft?: number; mentions?: RegExp[] }[] = [
  { name: '2026 国庆/中秋: makeup Sun 09-20 and Sat 10-10 count, 09-25..27 and 10-01..07 skipped', start: '2026-09-18', dueOn: '2026-10-22',
    mentions: [/调休上班日 2026-09-20、2026-10-10 计为工作日/, /国庆节 2026-10-01 至 2026-10-07/, /中秋节 2026-09-25 至 2026-09-27/] },
  { name: '2026 春节: makeup 02-14 and 02-28, 02-15..23 off', start: '2026-02-09', dueOn: '2026-03-13', mentions: [/春节 2026-02-15 至 2026-02-23/] },
  { name: '2025 春节 with makeup 01-26 and 02-08', start: '2025-01-20', dueOn: '2025-02-21' },
  { name: '2025 国庆中秋 (10-01..08 off, 09-28 and 10-11 makeup)', start: '2025-09-26', dueOn: '2025-10-30' },
  { name: 'ordinary month, no holidays', start: '2026-03-02', dueOn: '2026-03-30' },
  { name: 'extension of 20 working days (Art. 33 para 2)', start: '2026-09-18', ext: 20, dueOn: '2026-11-19', mentions: [/延长 20 个工作日（第三十三条第二款）/, /原答复期限：2026年10月22日（含当日）前/] },
  { name: 'consultation pause 09-22..10-13 resumes with 17 days left (Art. 33 para 3)', start: '2026-09-18',
    pauses: [{ from: '2026-09-22', to: '2026-10-13', label: '征求第三方意见' }], dueOn: '2026-11-05', mentions: [/恢复时尚余 17 个工作日/, /征求第三方意见不计入：2026-09-23 至 2026-10-13，实际扣除 10 个工作日/] },
  { name: 'open consultation stops the clock', start: '2026-09-18', pauses: [{ from: '2026-09-22', to: null, label: '征求第三方意见' }], dueOn: null, daysLeft: 17 },
  { name: 'consultation plus extension', start: '2026-09-18', ext: 10, pauses: [{ from: '2026-09-22', to: '2026-10-13', label: '征求' }], dueOn: '2026-11-19' },
  { name: 'two consultations in a row', start: '2026-03-02',
    pauses: [{ from: '2026-03-04', to: '2026-03-10', label: '征求A' }, { from: '2026-03-16', to: '2026-03-18', label: '征求B' }], dueOn: '2026-04-08' },
  { name: 'pause after the period ran out changes nothing', start: '2026-03-02', pauses: [{ from: '2026-04-01', to: '2026-04-10', label: '征求' }], dueOn: '2026-03-30' },
  { name: 'restart after correction on 2026-09-30 (Art. 30) crosses 国庆', start: '2026-09-30', dueOn: '2026-11-03' },
];

for (const c of cases) {
  test(`due: ${c.name}`, () => {
    const r = due(c.start, c.ext ?? 0, c.pauses ?? []);
    assert.equal(r.dueOn, c.dueOn, r.explanation);
    if (c.daysLeft !== undefined) assert.equal(r.daysLeft, c.daysLeft);
    assert.equal(r.provisional, false);
    for (const m of c.mentions ?? []) assert.match(r.explanation, m);
  });
}

test('a year without holiday data counts weekends and the statutory holidays, provisional, with the reason', () => {
  // 《全国年节及纪念日放假办法》第二条: 2027-01-01 (元旦, Friday) is off before the 2027 notice is loaded
  const r = computeDue(buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days), statutoryHolidaysOf), { start: '2026-12-10', startReason: '收到申请之日', extensionDays: 0, pauses: [] });
  assert.equal(r.dueOn, '2027-01-08');
  assert.equal(r.provisional, true);
  assert.match(r.provisionalReason, /2027 年节假日安排尚未录入.*按周末和法定节假日计算/);
  assert.match(r.explanation, /暂定/);
});

test('count-start-day option counts the receipt day itself', () => {
  assert.equal(due('2026-03-02', 0, [], { ...DEFAULT_CLOCK_RULES, countStartDay: true }).dueOn, '2026-03-27');
});

test('correction notice due 7 working days after receipt (Art. 30), across 国庆 2026', () => {
  // 09-29, 09-30, 10-08, 10-09, 10-10 (Sat, 调休上班), 10-12, 10-13
  assert.equal(correctionNoticeDue(cal, '2026-09-28'), '2026-10-13');
});

test('consultation answer due 15 working days after the letter (Arts. 32, 34)', () => {
  assert.equal(consultationAnswerDue(cal, '2026-09-22'), '2026-10-20');
});

test('with countStartDay set, the correction-notice and consultation periods count the start day like the reply period', () => {
  const rules = { ...DEFAULT_CLOCK_RULES, countStartDay: true };
  assert.equal(correctionNoticeDue(cal, '2026-03-02'), '2026-03-11');
  assert.equal(correctionNoticeDue(cal, '2026-03-02', rules), '2026-03-10');
  assert.equal(due('2026-03-02', 0, [], rules).dueOn, '2026-03-27', 'the reply period with the same setting');
  assert.equal(consultationAnswerDue(cal, '2026-09-22', rules), '2026-10-19');
  assert.equal(feePaymentDue(cal, '2026-03-02', rules), '2026-03-30', 'the fee period runs from the day after the notice in any case');
});

test('fee payment due 20 working days after the notice', () => {
  assert.equal(feePaymentDue(cal, '2026-03-02'), '2026-03-30');
});

test('fees per 国办函〔2020〕109号: by count per calendar month', () => {
  const table: [number, number][] = [[1, 0], [10, 0], [11, 100], [30, 100], [31, 200], [40, 200], [41, 300], [50, 300], [51, 400]];
  for (const [nth, fee] of table) assert.equal(feeForNthRequest(nth), fee, `第 ${nth} 件`);
  assert.throws(() => feeForNthRequest(0), RangeError);
});

test('fees per 国办函〔2020〕109号: by pages, progressive on the excess', () => {
  const table: [number, number][] = [[0, 0], [30, 0], [31, 10], [100, 700], [101, 720], [200, 2700], [201, 2740], [250, 4700]];
  for (const [pages, fee] of table) assert.equal(feeForPages(pages), fee, `${pages} 页`);
});

test('property: due is a working day and never earlier than receipt + 20 working days (random receipts 2025–2026)', () => {
  let seed = 20260918;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 300; i++) {
    const start = addDays('2025-01-01', rnd(700));
    const ext = rnd(3) === 0 ? 1 + rnd(20) : 0;
    const pauses: Pause[] = [];
    if (rnd(2) === 0) { const from = addDays(start, rnd(20)); pauses.push({ from, to: addDays(from, rnd(30)), label: '征求' }); }
    const r = due(start, ext, pauses);
    assert.ok(r.dueOn, `${start}`);
    if (!r.provisional) assert.ok(isWorkingDay(cal, r.dueOn!), `${start} → ${r.dueOn} is not a working day`);
    assert.ok(workingDaysBetween(cal, start, r.dueOn!, { provisional: true }) >= 20 + ext, `${start} → ${r.dueOn} is too early`);
  }
});

// --- 第三十二条、第三十四条、第三十三条第三款: the consultation pause ends at the answer or at the end
// of the party's 15 working days from receiving the letter, whichever is first ---

const consult = (from: string, to: string | null, lapsesOn: string | null): Pause => ({ from, to, lapsesOn, label: '征求意见期间（发函次日至收到意见之日）', note: '征求第三方意见，第三十二条' });
const capCases: { name: string; start: string; pause: Pause; today?: string; dueOn: string | null; daysLeft?: number; mentions?: RegExp[] }[] = [
  // The case tried in the legal review (issue 15): received 2025-11-03, letter handed over 2025-11-05
  // (received that day), period 11-06..11-26 (15 working days, 第三十二条); staff ended it 12-15.
  // 11-04, 11-05 used (18 left); resume 11-26: 11-27, 28, 12-01..05, 08..12, 15..19, 22 → 2025-12-22.
  { name: 'Art. 32/33(3): staff end 2025-12-15 after the period ended 2025-11-26 → due 2025-12-22', start: '2025-11-03',
    pause: consult('2025-11-05', '2025-12-15', '2025-11-26'), dueOn: '2025-12-22',
    mentions: [/征求意见期间（发函次日至收到意见之日）不计入（征求第三方意见，第三十二条）：2025-11-06 至 2025-11-26，实际扣除 15 个工作日/, /于 2025-11-26 届满/, /登记的结束日期 2025-12-15 不影响计算/, /答复期限：2025年12月22日（含当日）前/] },
  // Without the cap (the old count) the same facts gave 2026-01-09: 12-16 … 12-31, 2026-01-04 (Sun, 调休), 01-05..09.
  { name: 'Art. 33(3): the uncapped count of the same facts would be 2026-01-09', start: '2025-11-03', pause: consult('2025-11-05', '2025-12-15', null), dueOn: '2026-01-09' },
  // Art. 32: answered on 11-12, inside the period: the pause ends at the answer. 18 left from 11-12 → 12-08.
  { name: 'Art. 32: an answer inside the period ends the pause at the answer', start: '2025-11-03', pause: consult('2025-11-05', '2025-11-12', '2025-11-26'), dueOn: '2025-12-08',
    mentions: [/实际扣除 5 个工作日/] },
  // Art. 32: sent by post, received 11-08 (Sat): the period runs 11-10..11-28. 18 left from 11-28 → 12-24.
  { name: 'Art. 32: a letter received by post on 2025-11-08 lapses 2025-11-28 → due 2025-12-24', start: '2025-11-03', pause: consult('2025-11-05', '2025-12-15', '2025-11-28'), dueOn: '2025-12-24' },
  // An open consultation inside its period stops the clock (Art. 33(3)) …
  { name: 'Art. 33(3): an open consultation on the last day of its period still stops the clock', start: '2025-11-03', pause: consult('2025-11-05', null, '2025-11-26'), today: '2025-11-26', dueOn: null, daysLeft: 18,
    mentions: [/自 2025-11-06 起暂停计算，尚余 18 个工作日/, /对方答复期限至 2025年11月26日（含当日）前/] },
  // … and no longer once it is past (Art. 32: the office then decides): the due date is known again.
  { name: 'Art. 32: an open consultation past its period no longer stops the clock', start: '2025-11-03', pause: consult('2025-11-05', null, '2025-11-26'), today: '2025-11-27', dueOn: '2025-12-22',
    mentions: [/尚未登记结束/] },
  // 2026 中秋/国庆: letter 09-22 by post, received 09-25 (中秋 holiday); 15 working days 09-28..10-22
  // (10-01..07 off, 10-10 Sat 调休 counts). 09-20 (Sun 调休), 09-21, 09-22 used (17 left); from 10-22 → 11-16.
  { name: 'Art. 32/34 across 2026 国庆: period 2026-10-22, ended 11-10 → due 2026-11-16', start: '2026-09-18', pause: consult('2026-09-22', '2026-11-10', '2026-10-22'), dueOn: '2026-11-16',
    mentions: [/实际扣除 17 个工作日/] },
];

for (const c of capCases) {
  test(`consultation cap: ${c.name}`, () => {
    const r = computeDue(cal, { start: c.start, startReason: '当面提交之日为收到申请之日（第三十一条第（一）项）', extensionDays: 0, pauses: [c.pause], ...(c.today ? { today: c.today } : {}) });
    assert.equal(r.dueOn, c.dueOn, r.explanation);
    if (c.daysLeft !== undefined) assert.equal(r.daysLeft, c.daysLeft);
    for (const m of c.mentions ?? []) assert.match(r.explanation, m);
  });
}

test('Arts. 32, 34: the party\'s period runs 15 working days from the day it received the letter (hand delivery / by post)', () => {
  const table: [string, string][] = [
    ['2025-11-05', '2025-11-26'], // handed over on the letter day (the tried case)
    ['2025-11-08', '2025-11-28'], // by post, received on a Saturday: 11-10 is the first day counted
    ['2026-09-25', '2026-10-22'], // received on 中秋 2026; 国庆 skipped, 10-10 (Sat 调休) counted
  ];
  for (const [received, due] of table) assert.equal(consultationAnswerDue(cal, received), due, received);
});

test('the default receipt day of a consultation letter: the letter day by hand or electronically, plus the configured mailing days by post (UNCONFIRMED local practice)', () => {
  const table: [Parameters<typeof defaultLetterReceipt>[1], number, string][] = [
    ['in_person', 3, '2025-11-05'], ['electronic', 3, '2025-11-05'], ['mail', 3, '2025-11-08'], ['mail', 5, '2025-11-10'],
  ];
  for (const [via, days, expected] of table) assert.equal(defaultLetterReceipt('2025-11-05', via, { ...DEFAULT_CLOCK_RULES, consultationMailDays: days }), expected, `${via} ${days}`);
  assert.equal(DEFAULT_CLOCK_RULES.consultationMailDays, 3);
});

test('explanations a citizen can read: start day, deadline with 含当日, the pause with the days it left out, the extension with the original due date (Art. 31, 33)', () => {
  const table: [string, string][] = [['2026-10-22', '2026年10月22日（含当日）前'], ['2027-01-04', '2027年1月4日（含当日）前'], ['2025-12-22', '2025年12月22日（含当日）前']];
  for (const [d, text] of table) assert.equal(deadlineText(d), text);
  const r = computeDue(cal, { start: '2026-09-18', startReason: '当面提交之日为收到申请之日（第三十一条第（一）项）', extensionDays: 10, extendedOn: '2026-11-12',
    pauses: [consult('2026-09-22', null, '2026-10-22')], today: '2026-11-12' });
  // 30 working days with 17 paused: 17 + 10 left from 10-22 → 11-16 + 10 → 11-30; the original (20) → 11-16.
  assert.equal(r.dueOn, '2026-11-30', r.explanation);
  assert.equal(r.originalDueOn, '2026-11-16');
  assert.equal(r.pausedDays, 17);
  assert.match(r.explanation, /^收到申请之日：2026-09-18（当日不计入，自次日起计算），当面提交之日为收到申请之日（第三十一条第（一）项）；/);
  assert.match(r.explanation, /原答复期限：2026年11月16日（含当日）前；2026-11-12 经政府信息公开工作机构负责人同意延长 10 个工作日（第三十三条第二款）/);
  assert.match(r.explanation, /答复期限：2026年11月30日（含当日）前。$/);
  const corrected = computeDue(cal, { start: '2026-09-30', startLabel: '收到补正申请之日', startReason: '答复期限自收到补正申请之日起重新计算（第三十条）', extensionDays: 0, pauses: [] });
  assert.match(corrected.explanation, /^收到补正申请之日：2026-09-30（当日不计入，自次日起计算）/);
  const counted = computeDue(cal, { start: '2026-03-02', startReason: 'x', extensionDays: 0, pauses: [] }, { ...DEFAULT_CLOCK_RULES, countStartDay: true });
  assert.match(counted.explanation, /^收到申请之日：2026-03-02（当日计入）/);
});

test('a provisional due date says 暂定 in the deadline line', () => {
  const r = due('2026-12-10');
  assert.match(r.explanation, /答复期限（暂定）：\d{4}年\d{1,2}月\d{1,2}日（含当日）前。$/);
});

test('Arts. 32, 33(3): an open consultation whose party\'s period ends in a year without its notice says that date is 暂定', () => {
  // 2027 is not loaded in the bundled calendar: the letter of 2026-12-28 (handed over) has its 15
  // working days counted provisionally (weekends only here) → 2027-01-18.
  const lapse = consultationAnswerDue(cal, '2026-12-28');
  assert.equal(lapse, '2027-01-18');
  const open = computeDue(cal, { start: '2026-12-21', startReason: '当面提交', extensionDays: 0, pauses: [consult('2026-12-28', null, lapse)], today: '2027-01-04' });
  assert.equal(open.dueOn, null);
  assert.match(open.explanation, /对方答复期限至 2027年1月18日（含当日）前（暂定）/);
  // Inside a loaded year the same text carries no 暂定.
  const loaded = computeDue(cal, { start: '2025-11-03', startReason: '当面提交', extensionDays: 0, pauses: [consult('2025-11-05', null, '2025-11-26')], today: '2025-11-20' });
  assert.doesNotMatch(loaded.explanation, /暂定/);
});
