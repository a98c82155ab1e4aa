// Table tests: opening hours on real 2026 dates (国庆 Oct 1–7; 调休上班 Sun Sep 20 and Sat Oct 10,
// as in src/platform/calendar/data/2026.json).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { dayInfoMemo, openStatus, parsePeriods, parseWeeklyHours, formatPeriods, type VenueHours, type WeeklyHours } from './opening-hours.ts';

const years = readBundledCalendar();
const cal = buildCalendar(years.map((y) => y.year), years.flatMap((y) => y.days));
const info = dayInfoMemo(cal);

function weekly(input: Record<string, string>): WeeklyHours {
  const r = parseWeeklyHours(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const office: VenueHours = {
  weekly: weekly({ mon: '08:30-12:00,14:00-17:30', tue: '09:00-12:00,13:30-17:30', wed: '09:00-12:00,13:30-17:30', thu: '09:00-12:00,13:30-17:30', fri: '09:00-12:00,13:30-17:30', sat: '09:00-12:00', sun: '' }),
  is24h: false,
  holidayRule: 'statutory',
};
const terminal24: VenueHours = { weekly: weekly({}), is24h: true, holidayRule: 'statutory' };
const bank: VenueHours = { weekly: weekly({ mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00', sat: '09:00-16:00', sun: '09:00-16:00' }), is24h: false, holidayRule: 'own_hours' };

// Beijing time → instant.
const at = (local: string) => new Date(`${local}:00+08:00`);

describe('parsePeriods', () => {
  const ok: [string, string][] = [
    ['09:00-12:00,13:30-17:30', '09:00-12:00,13:30-17:30'],
    ['13:30-17:30，09:00-12:00', '09:00-12:00,13:30-17:30'],
    ['8:30-11:30 14:30-17:30', '08:30-11:30,14:30-17:30'],
    ['00:00-24:00', '00:00-24:00'],
    ['全天', '00:00-24:00'],
    ['休息', ''],
    ['', ''],
  ];
  for (const [input, expected] of ok) {
    test(`accepts "${input}"`, () => {
      const r = parsePeriods(input);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(formatPeriods(r.value), expected);
    });
  }
  const bad: [string, RegExp][] = [
    ['25:00-26:00', /25:00 无效：小时应为 00–23/],
    ['09:00-24:30', /24:30 无效/],
    ['09:60-12:00', /09:60 无效/],
    ['12:00-09:00', /结束时间必须晚于开始时间/],
    ['09:00-12:00,11:00-13:00', /重叠/],
    ['上午', /不是有效的时段/],
  ];
  for (const [input, message] of bad) {
    test(`rejects "${input}" with a clear message`, () => {
      const r = parsePeriods(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, message);
    });
  }
  test('weekly hours name the bad day', () => {
    const r = parseWeeklyHours({ mon: '09:00-12:00', tue: '25:00-26:00' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /^周二：「25:00-26:00」/);
    const u = parseWeeklyHours({ monday: '09:00-12:00' });
    assert.equal(u.ok, false);
  });
});

describe('openStatus on 2026 dates', () => {
  const table: { name: string; h: VenueHours; when: string; open: boolean; closesAt?: string | null; soon?: boolean; opensAt?: string | null; reason?: string }[] = [
    { name: 'Tuesday morning', h: office, when: '2026-09-22T10:00', open: true, closesAt: '2026-09-22T04:00:00.000Z', soon: false },
    { name: 'Tuesday lunch break', h: office, when: '2026-09-22T12:30', open: false, opensAt: '2026-09-22T05:30:00.000Z' },
    { name: 'closing soon 11:45', h: office, when: '2026-09-22T11:45', open: true, soon: true },
    { name: 'exactly at closing time is closed', h: office, when: '2026-09-22T17:30', open: false, opensAt: '2026-09-23T01:00:00.000Z' },
    { name: 'ordinary Sunday closed', h: office, when: '2026-09-13T10:00', open: false, opensAt: '2026-09-14T00:30:00.000Z', reason: 'weekly' },
    { name: 'Sun Sep 20 调休上班: Monday hours (afternoon 14:00)', h: office, when: '2026-09-20T13:45', open: false, opensAt: '2026-09-20T06:00:00.000Z', reason: 'makeup_monday' },
    { name: 'Sun Sep 20 调休上班 08:45 open with Monday hours', h: office, when: '2026-09-20T08:45', open: true, closesAt: '2026-09-20T04:00:00.000Z', reason: 'makeup_monday' },
    { name: '中秋 Fri Sep 25 closed', h: office, when: '2026-09-25T10:00', open: false, reason: 'holiday_closed', opensAt: '2026-09-28T00:30:00.000Z' },
    { name: '国庆 Oct 1 closed; next opening Thu Oct 8', h: office, when: '2026-10-01T10:00', open: false, reason: 'holiday_closed', opensAt: '2026-10-08T01:00:00.000Z' },
    { name: '国庆 Sat Oct 3 closed despite Saturday hours', h: office, when: '2026-10-03T10:00', open: false, reason: 'holiday_closed' },
    { name: 'Sat Oct 10 调休上班: Monday hours 14:00-17:30', h: office, when: '2026-10-10T15:00', open: true, closesAt: '2026-10-10T09:30:00.000Z', reason: 'makeup_monday' },
    { name: 'ordinary Saturday Oct 17 uses Saturday hours', h: office, when: '2026-10-17T15:00', open: false, reason: 'weekly' },
    { name: '7×24 terminal on 国庆', h: terminal24, when: '2026-10-03T03:00', open: true, closesAt: null, soon: false, reason: 'always_open' },
    { name: 'own_hours bank on 国庆 Oct 4 (Sunday hours)', h: bank, when: '2026-10-04T15:50', open: true, soon: true, reason: 'weekly' },
    { name: 'own_hours bank on 调休 Sat Oct 10 keeps Saturday hours', h: bank, when: '2026-10-10T16:30', open: false, reason: 'weekly' },
    { name: 'year without calendar data: weekly hours', h: office, when: '2027-10-01T10:00', open: true },
    // 2025 (国办发明电〔2024〕12号): 国庆+中秋 Oct 1–8; 调休上班 Sun Sep 28 and Sat Oct 11.
    { name: '2025 Sun Sep 28 调休上班: Monday hours 08:30', h: office, when: '2025-09-28T08:45', open: true, reason: 'makeup_monday', closesAt: '2025-09-28T04:00:00.000Z' },
    { name: '2025 Wed Oct 8 (8th day of 国庆+中秋) closed; next Thu Oct 9', h: office, when: '2025-10-08T10:00', open: false, reason: 'holiday_closed', opensAt: '2025-10-09T01:00:00.000Z' },
    { name: '2025 Sat Oct 11 调休上班: Monday afternoon 14:00-17:30', h: office, when: '2025-10-11T17:00', open: true, soon: true, reason: 'makeup_monday' },
  ];
  for (const row of table) {
    test(row.name, () => {
      const s = openStatus(row.h, info, at(row.when));
      assert.equal(s.openNow, row.open);
      if (row.closesAt !== undefined) assert.equal(s.closesAt, row.closesAt);
      if (row.soon !== undefined) assert.equal(s.closingSoon, row.soon);
      if (row.opensAt !== undefined) assert.equal(s.opensAt, row.opensAt);
      if (row.reason) assert.equal(s.reason, row.reason);
    });
  }
  test('a year missing from the calendar is flagged', () => {
    assert.equal(openStatus(office, info, at('2027-10-01T10:00')).day.calendarKnown, false);
    assert.equal(openStatus(office, info, at('2026-10-01T10:00')).day.name, '国庆节');
  });
  test('adjoining periods on one day are one opening: not "closing soon" at their seam', () => {
    // Review finding: "09:00-12:00,12:00-17:00" used to report closes_at 12:00 and closing soon at 11:45.
    const seam: VenueHours = { weekly: weekly({ tue: '09:00-12:00,12:00-17:00' }), is24h: false, holidayRule: 'statutory' };
    const s = openStatus(seam, info, at('2026-09-22T11:45'));
    assert.equal(s.openNow, true);
    assert.equal(s.closesAt, '2026-09-22T09:00:00.000Z');
    assert.equal(s.closingSoon, false);
    assert.equal(s.minutesToClose, 315);
    // …and across midnight into an adjoining morning period.
    const night: VenueHours = { weekly: weekly({ fri: '18:00-22:00,22:00-24:00', sat: '00:00-01:00,01:00-03:00,08:00-09:00' }), is24h: false, holidayRule: 'own_hours' };
    assert.equal(openStatus(night, info, at('2026-09-18T21:50')).closesAt, '2026-09-18T19:00:00.000Z');
  });
  test('an opening through midnight closes at the end of the run', () => {
    const late: VenueHours = { weekly: weekly({ fri: '20:00-24:00', sat: '00:00-02:00' }), is24h: false, holidayRule: 'own_hours' };
    const s = openStatus(late, info, at('2026-09-18T23:00'));
    assert.equal(s.closesAt, '2026-09-18T18:00:00.000Z');
    assert.equal(s.minutesToClose, 180);
  });
});
