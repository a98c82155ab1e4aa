// The open/closed line of a venue: the closing time names its day when that is not the asked day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'preact-render-to-string';
import { StatusText } from './pages.tsx';
import type { OpenStatus } from '../opening-hours.ts';

const status = (closesAt: string, date: string): OpenStatus => ({
  openNow: true, closesAt, minutesToClose: 120, closingSoon: false, opensAt: null,
  day: { date, kind: 'weekday', name: null, calendarKnown: true }, todayPeriods: [], reason: 'weekly',
});

test('closing time: the time alone on the asked day, with the date after midnight', () => {
  // Review finding: it always said "今天 HH:MM 下班", also for an open_at on another day and for
  // an opening that runs past midnight.
  assert.match(render(<StatusText status={status('2026-09-22T09:30:00.000Z', '2026-09-22')} is24h={false} />), /正在开放，17:30 下班/);
  assert.match(render(<StatusText status={status('2026-09-18T18:00:00.000Z', '2026-09-18')} is24h={false} />), /正在开放，9月19日（周六）02:00 下班/);
  assert.doesNotMatch(render(<StatusText status={status('2026-09-22T09:30:00.000Z', '2026-09-22')} is24h={false} />), /今天/);
});
