// Table tests for working-day arithmetic on the real 2025/2026 State Council schedules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from './bundled-data.ts';
import { addWorkingDays, buildCalendar, isWorkingDay, MissingCalendarYearError, workingDaysBetween, validateCalendarDay } from './working-days.ts';

const years = readBundledCalendar();
const cal = buildCalendar(years.map((y) => y.year), years.flatMap((y) => y.days));

describe('isWorkingDay', () => {
  const table: [string, boolean, string][] = [
    ['2026-02-13', true, 'Friday before Spring Festival'],
    ['2026-02-14', true, 'Saturday made a working day (调休)'],
    ['2026-02-15', false, 'Spring Festival starts (Sunday)'],
    ['2026-02-16', false, 'Monday in Spring Festival'],
    ['2026-02-23', false, 'last day of Spring Festival (Monday)'],
    ['2026-02-24', true, 'first working day after Spring Festival'],
    ['2026-02-28', true, 'Saturday made a working day (调休)'],
    ['2026-03-01', false, 'ordinary Sunday'],
    ['2026-09-20', true, 'Sunday made a working day before National Day'],
    ['2026-09-25', false, 'Mid-Autumn Festival (Friday)'],
    ['2026-10-07', false, 'last day of National Day'],
    ['2026-10-08', true, 'Thursday after National Day'],
    ['2026-10-10', true, 'Saturday made a working day after National Day'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2026-06-19', false, 'Dragon Boat Festival (Friday)'],
    ['2026-05-09', true, 'Saturday made a working day after Labour Day'],
    ['2025-01-26', true, '2025 Sunday made a working day before Spring Festival'],
    ['2025-05-05', false, '2025 Labour Day Monday'],
    ['2025-10-08', false, '2025 National Day and Mid-Autumn, 8th day'],
    ['2025-10-11', true, '2025 Saturday made a working day'],
    ['2024-02-04', true, '2024 Sunday made a working day (chinese-days data)'],
  ];
  for (const [date, expected, why] of table) {
    test(`${date} is ${expected ? '' : 'not '}a working day: ${why}`, () => {
      assert.equal(isWorkingDay(cal, date), expected);
    });
  }

  test('refuses a year with no data, naming the year', () => {
    assert.throws(() => isWorkingDay(cal, '2027-01-04'), (e: unknown) => e instanceof MissingCalendarYearError && e.year === 2027 && e.message.includes('2027'));
  });
});

describe('addWorkingDays (the day of receipt is not counted)', () => {
  const table: [string, number, string, string][] = [
    ['2026-02-13', 1, '2026-02-14', 'Friday + 1 lands on the working Saturday'],
    ['2026-02-13', 2, '2026-02-24', 'Spring Festival 02-15..02-23 is skipped'],
    ['2026-02-12', 20, '2026-03-18', '20 working days across Spring Festival and both working Saturdays'],
    ['2026-09-18', 5, '2026-09-24', 'Sunday 09-20 counts'],
    ['2026-09-24', 3, '2026-09-30', 'Mid-Autumn 09-25..09-27 is skipped'],
    ['2026-09-30', 10, '2026-10-20', 'National Day skipped, Saturday 10-10 counts'],
    ['2026-10-01', 1, '2026-10-08', 'received on a holiday: counting starts after the holiday'],
    ['2025-01-24', 3, '2025-02-05', '2025 Spring Festival with working Sunday 01-26'],
    ['2025-04-25', 1, '2025-04-27', '2025 working Sunday before Labour Day'],
    ['2025-09-26', 2, '2025-09-29', '2025 working Sunday 09-28'],
    ['2025-09-30', 3, '2025-10-11', '2025 eight-day break, then Saturday 10-11 counts'],
    ['2025-12-25', 5, '2026-01-04', 'year-end crossing onto 2026 New Year working Sunday'],
    ['2025-12-25', 20, '2026-01-23', 'Art. 33: 20 working days across the year end'],
    ['2026-03-02', 0, '2026-03-02', 'zero days is the start day'],
  ];
  for (const [start, n, due, why] of table) {
    test(`${start} + ${n} working days = ${due}: ${why}`, () => {
      const r = addWorkingDays(cal, start, n);
      assert.equal(r.date, due);
      assert.equal(r.provisional, false);
    });
  }

  test('the explanation names the start, the days, the holidays and the 调休 days', () => {
    const r = addWorkingDays(cal, '2026-02-12', 20);
    assert.equal(r.holidaysSkipped.length, 9);
    assert.deepEqual(r.makeupDaysCounted.map((d) => d.date), ['2026-02-14', '2026-02-28']);
    assert.match(r.explanation, /自 2026-02-12（当日不计入）起算 20 个工作日，截止 2026-03-18/);
    assert.match(r.explanation, /春节 2026-02-15 至 2026-02-23/);
    assert.match(r.explanation, /调休上班日 2026-02-14、2026-02-28 计为工作日/);
  });

  test('refuses to count into 2027, naming the year', () => {
    assert.throws(() => addWorkingDays(cal, '2026-12-20', 20), (e: unknown) => e instanceof MissingCalendarYearError && e.year === 2027);
  });

  test('counts into 2027 on weekends only when asked and the calendar lacks the statutory days, marked provisional', () => {
    const r = addWorkingDays(cal, '2026-12-20', 20, { provisional: true });
    assert.equal(r.date, '2027-01-15');
    assert.equal(r.provisional, true);
    assert.deepEqual(r.provisionalYears, [2027]);
    assert.match(r.explanation, /2027 年节假日安排尚未录入/);
  });

  test('a period wholly inside loaded years is not provisional even when asked', () => {
    assert.equal(addWorkingDays(cal, '2026-03-02', 5, { provisional: true }).provisional, false);
  });

  test('rejects a negative or fractional number of days', () => {
    assert.throws(() => addWorkingDays(cal, '2026-03-02', -1), RangeError);
    assert.throws(() => addWorkingDays(cal, '2026-03-02', 1.5), RangeError);
  });
});

describe('addWorkingDays with the start day counted (configurable convention)', () => {
  const table: [string, number, string][] = [
    ['2026-02-13', 2, '2026-02-14'],
    ['2026-02-13', 1, '2026-02-13'],
    ['2026-02-15', 1, '2026-02-24'],
    ['2026-09-20', 1, '2026-09-20'],
  ];
  for (const [start, n, due] of table) {
    test(`${start} counted as day 1, ${n} working days = ${due}`, () => {
      assert.equal(addWorkingDays(cal, start, n, { countStartDay: true }).date, due);
    });
  }
});

describe('workingDaysBetween', () => {
  const table: [string, string, number][] = [
    ['2026-02-13', '2026-02-24', 2],
    ['2026-09-30', '2026-10-10', 3],
    ['2026-10-10', '2026-09-30', -3],
    ['2026-03-02', '2026-03-02', 0],
    ['2025-12-31', '2026-01-05', 2],
  ];
  for (const [from, to, n] of table) {
    test(`${from} → ${to} is ${n} working days`, () => assert.equal(workingDaysBetween(cal, from, to), n));
  }
  test('refuses 2027 unless provisional', () => {
    assert.throws(() => workingDaysBetween(cal, '2026-12-30', '2027-01-05'), MissingCalendarYearError);
    assert.equal(workingDaysBetween(cal, '2026-12-30', '2027-01-05', { provisional: true }), 4);
  });
});

describe('validateCalendarDay', () => {
  test('a make-up working day must fall on a weekend', () => {
    assert.deepEqual(validateCalendarDay({ date: '2026-02-14', kind: 'makeup_working_day', name: '春节' }), []);
    assert.match(validateCalendarDay({ date: '2026-02-16', kind: 'makeup_working_day', name: '春节' })[0] ?? '', /只能是周六或周日/);
  });
});
