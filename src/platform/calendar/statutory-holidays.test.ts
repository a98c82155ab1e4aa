// Table tests: the statutory holidays of 《全国年节及纪念日放假办法》第二条 per revision, computed with
// tyme4ts, against dates checked by hand (the bundled State Council notices for 2020–2026; for 2027
// the lunar calendar: 春节 2027-02-06 Saturday, 除夕 2027-02-05; 清明 2027-04-05; 端午 2027-06-09;
// 中秋 2027-09-15), and their use in a year without a loaded notice.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from './bundled-data.ts';
import { addWorkingDays, buildCalendar, isWorkingDay, MissingCalendarYearError, workingDaysBetween } from './working-days.ts';
import { missingStatutoryHolidays, missingStatutoryMessage, statutoryCitation, statutoryHolidays, statutoryHolidaysOf } from './statutory-holidays.ts';

const years = readBundledCalendar();
const cal = buildCalendar(years.map((y) => y.year), years.flatMap((y) => y.days), statutoryHolidaysOf);

describe('statutory holidays by year and revision', () => {
  const table: { year: number; revision: RegExp; days: string[] }[] = [
    // 2024-11-10 第四次修订 (from 2025): 13 days — 春节 除夕至初三, 劳动节 5月1日、2日
    { year: 2027, revision: /2024年11月10日第四次修订/, days: [
      '2027-01-01 元旦', '2027-02-05 春节·除夕', '2027-02-06 春节·正月初一', '2027-02-07 春节·正月初二', '2027-02-08 春节·正月初三',
      '2027-04-05 清明节', '2027-05-01 劳动节·5月1日', '2027-05-02 劳动节·5月2日', '2027-06-09 端午节', '2027-09-15 中秋节',
      '2027-10-01 国庆节·10月1日', '2027-10-02 国庆节·10月2日', '2027-10-03 国庆节·10月3日'] },
    { year: 2026, revision: /第四次修订/, days: [
      '2026-01-01 元旦', '2026-02-16 春节·除夕', '2026-02-17 春节·正月初一', '2026-02-18 春节·正月初二', '2026-02-19 春节·正月初三',
      '2026-04-05 清明节', '2026-05-01 劳动节·5月1日', '2026-05-02 劳动节·5月2日', '2026-06-19 端午节', '2026-09-25 中秋节',
      '2026-10-01 国庆节·10月1日', '2026-10-02 国庆节·10月2日', '2026-10-03 国庆节·10月3日'] },
    // 2013-12-11 第三次修订 (2014–2024): 11 days — 春节 初一至初三, 劳动节 5月1日 only
    { year: 2024, revision: /2013年12月11日第三次修订/, days: [
      '2024-01-01 元旦', '2024-02-10 春节·正月初一', '2024-02-11 春节·正月初二', '2024-02-12 春节·正月初三', '2024-04-04 清明节',
      '2024-05-01 劳动节·5月1日', '2024-06-10 端午节', '2024-09-17 中秋节', '2024-10-01 国庆节·10月1日', '2024-10-02 国庆节·10月2日', '2024-10-03 国庆节·10月3日'] },
    // 2020: 中秋 is 10月1日 itself — one date, both names (10 dates for 11 holidays)
    { year: 2020, revision: /第三次修订/, days: [
      '2020-01-01 元旦', '2020-01-25 春节·正月初一', '2020-01-26 春节·正月初二', '2020-01-27 春节·正月初三', '2020-04-04 清明节',
      '2020-05-01 劳动节·5月1日', '2020-06-25 端午节', '2020-10-01 中秋节、国庆节·10月1日', '2020-10-02 国庆节·10月2日', '2020-10-03 国庆节·10月3日'] },
    // 2007-12-14 第二次修订 (2008–2013): 春节 除夕、初一、初二
    { year: 2013, revision: /2007年12月14日第二次修订/, days: [
      '2013-01-01 元旦', '2013-02-09 春节·除夕', '2013-02-10 春节·正月初一', '2013-02-11 春节·正月初二', '2013-04-04 清明节',
      '2013-05-01 劳动节·5月1日', '2013-06-12 端午节', '2013-09-19 中秋节', '2013-10-01 国庆节·10月1日', '2013-10-02 国庆节·10月2日', '2013-10-03 国庆节·10月3日'] },
    // 1999-09-18 第一次修订 (2000–2007): no 清明/端午/中秋; 劳动节 5月1日至3日
    { year: 2005, revision: /1999年9月18日第一次修订/, days: [
      '2005-01-01 元旦', '2005-02-09 春节·正月初一', '2005-02-10 春节·正月初二', '2005-02-11 春节·正月初三',
      '2005-05-01 劳动节·5月1日', '2005-05-02 劳动节·5月2日', '2005-05-03 劳动节·5月3日', '2005-10-01 国庆节·10月1日', '2005-10-02 国庆节·10月2日', '2005-10-03 国庆节·10月3日'] },
  ];
  for (const c of table) {
    test(`${c.year}: ${c.days.length} statutory days`, () => {
      assert.deepEqual(statutoryHolidays(c.year).map((d) => `${d.date} ${d.label}`), c.days);
      assert.match(statutoryCitation(c.year) ?? '', c.revision);
    });
  }
  test('no rule before 2000', () => {
    assert.deepEqual(statutoryHolidays(1999), []);
    assert.equal(statutoryCitation(1999), null);
  });
});

describe('the bundled years (State Council notices 2020–2026) are complete', () => {
  for (const y of years) {
    test(`${y.year} holds every statutory holiday as a day off`, () => assert.deepEqual(missingStatutoryHolidays(y), []));
  }
});

describe('completeness of a year', () => {
  test('names each missing day, in Chinese, with the revision', () => {
    const days = statutoryHolidays(2027).filter((d) => !['2027-02-05', '2027-09-15'].includes(d.date)).map((d) => ({ date: d.date, kind: 'holiday' as const, name: d.name }));
    const missing = missingStatutoryHolidays({ year: 2027, days });
    assert.deepEqual(missing.map((d) => d.date), ['2027-02-05', '2027-09-15']);
    assert.match(missingStatutoryMessage(2027, missing), /^缺少法定节假日：2027-02-05（春节·除夕）、2027-09-15（中秋节）。2027 年适用《全国年节及纪念日放假办法》（2024年11月10日第四次修订）第二条/);
  });
  test('a statutory day entered as 调休上班 is missing too', () => {
    const days = statutoryHolidays(2027).map((d) => ({ date: d.date, kind: d.date === '2027-05-01' ? 'makeup_working_day' as const : 'holiday' as const, name: d.name }));
    assert.deepEqual(missingStatutoryHolidays({ year: 2027, days }).map((d) => d.date), ['2027-05-01']);
  });
});

describe('a year without a notice: statutory holidays are days off, the result provisional', () => {
  const table: [string, number, string, string][] = [
    ['2026-12-04', 20, '2027-01-04', 'Art. 33 across 元旦 2027-01-01 (Friday)'],
    ['2026-12-20', 20, '2027-01-18', '20 working days: 元旦 skipped'],
    ['2027-01-29', 5, '2027-02-09', '春节 除夕 02-05 (Fri) to 初三 02-08 (Mon) skipped; no 调休 assumed'],
    ['2027-04-02', 1, '2027-04-06', '清明 2027-04-05 (Monday)'],
    ['2027-04-30', 1, '2027-05-03', '劳动节 05-01/02 fall on the weekend: nothing more'],
    ['2027-06-08', 1, '2027-06-10', '端午 2027-06-09 (Wednesday)'],
    ['2027-09-14', 1, '2027-09-16', '中秋 2027-09-15 (Wednesday)'],
    ['2027-09-30', 1, '2027-10-04', '国庆 10-01 (Fri) to 10-03'],
  ];
  for (const [start, n, due, why] of table) {
    test(`${start} + ${n} = ${due}: ${why}`, () => {
      const r = addWorkingDays(cal, start, n, { provisional: true });
      assert.equal(r.date, due, r.explanation);
      assert.equal(r.provisional, true);
      assert.deepEqual(r.provisionalYears, [2027]);
    });
  }
  test('the explanation names the statutory days skipped and says the result is provisional', () => {
    const r = addWorkingDays(cal, '2026-12-04', 20, { provisional: true });
    assert.match(r.explanation, /法定节假日 1 天（元旦 2027-01-01）/);
    assert.match(r.explanation, /2027 年节假日安排尚未录入，该年按周末和《全国年节及纪念日放假办法》规定的法定节假日计算/);
  });
  test('workingDaysBetween leaves them out; without provisional the year is still refused', () => {
    assert.equal(workingDaysBetween(cal, '2027-02-04', '2027-02-09', { provisional: true }), 1);
    assert.throws(() => isWorkingDay(cal, '2027-02-05'), MissingCalendarYearError);
  });
  test('a loaded year follows its notice, not the computed days', () => {
    // 2026-02-28 (Saturday) is a 调休 working day; 2026-02-15 (腊月廿八) is off by the notice only
    assert.equal(isWorkingDay(cal, '2026-02-28'), true);
    assert.equal(isWorkingDay(cal, '2026-02-15'), false);
  });
});
