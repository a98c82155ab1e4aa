// The rectification deadline classes on the bundled calendar (调休 included), months and public ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBundledCalendar } from '../../platform/calendar/bundled-data.ts';
import { buildCalendar } from '../../platform/calendar/working-days.ts';
import { DEADLINE_CLASSES, DEADLINE_WORKING_DAYS, parseMonth, previousMonth, problemPublicId, rectificationDue, SEVERITIES } from './deadline-classes.ts';
import { parseEnum } from '../../platform/web/enums.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days));

test('立即整改 counts 5 working days over 春节 2026 (makeup Saturday 02-14 counts, 02-15..23 off)', () => {
  assert.deepEqual(rectificationDue(cal, '2026-02-12', 'immediate'), { dueOn: '2026-02-26', provisional: false });
  // an ordinary week: Monday + 15 working days
  assert.equal(rectificationDue(cal, '2026-03-02', 'limited').dueOn, '2026-03-23');
  // the day counts are data: a deployment may change them
  assert.equal(rectificationDue(cal, '2026-03-02', 'limited', { ...DEADLINE_WORKING_DAYS, limited: 1 }).dueOn, '2026-03-03');
});

test('classes and severities parse from code or Chinese label', () => {
  assert.equal(parseEnum(DEADLINE_CLASSES, '长期整改'), 'long_term');
  assert.equal(parseEnum(SEVERITIES, '严重'), 'serious');
  assert.equal(parseEnum(SEVERITIES, '致命'), null);
});

test('months: only real YYYY-MM; the previous month wraps the year; public ids are zero-padded', () => {
  assert.deepEqual(parseMonth('2026-02'), { month: '2026-02', from: '2026-02-01', to: '2026-02-28' });
  assert.equal(parseMonth('2024-02')!.to, '2024-02-29');
  for (const bad of ['2026-13', '2026-2', '26-02', '2026-00', '', '2026-02-01']) assert.equal(parseMonth(bad), null, bad);
  assert.equal(previousMonth('2026-01-05'), '2025-12');
  assert.equal(previousMonth('2026-03-31'), '2026-02');
  assert.equal(problemPublicId('2026-11', 7), 'WT-2026-11-00007');
});
