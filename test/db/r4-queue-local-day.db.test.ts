// The live queue across local midnight on SQLite and PostgreSQL (issue 22 §2, §3): Beijing's day
// starts at 16:00 UTC of the day before, so an event at 16:05Z belongs to the next local day, hour 0
// — in qu_ticket.day_on and in qu_hourly (the prediction's only input) — and an event a minute
// before local midnight is another day's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { HttpError } from '../../src/platform/web/http-error.ts';
import { recordEvents } from '../../src/modules/queue/queue.service.ts';
import { upsertGroup } from '../../src/modules/queue/queue.repository.ts';
import { hourlyRows } from '../../src/modules/queue/forecast.repository.ts';
import { dayStart, hourlyCell, localDayHour } from '../../src/modules/queue/tickets.ts';

test('localDayHour and dayStart: Asia/Shanghai, whatever the host time zone', () => {
  assert.deepEqual(localDayHour(new Date('2026-03-02T15:59:59Z')), { day: '2026-03-02', hour: 23 });
  assert.deepEqual(localDayHour(new Date('2026-03-02T16:00:00Z')), { day: '2026-03-03', hour: 0 });
  assert.deepEqual(localDayHour(new Date('2026-12-31T16:30:00Z')), { day: '2027-01-01', hour: 0 });
  assert.equal(dayStart('2026-03-03'), '2026-03-02T16:00:00.000Z');
  assert.equal(dayStart('2027-01-01'), '2026-12-31T16:00:00.000Z');
});

test('hourlyCell: an event of a ticket of `day` stays in `day` (its local hour, or the day\'s last hour when stamped after midnight)', () => {
  assert.deepEqual(hourlyCell(new Date('2026-03-02T23:59:30+08:00'), '2026-03-02'), { day: '2026-03-02', hour: 23 });
  assert.deepEqual(hourlyCell(new Date('2026-03-03T00:00:10+08:00'), '2026-03-02'), { day: '2026-03-02', hour: 23 });
  assert.deepEqual(hourlyCell(new Date('2026-03-03T00:00:10+08:00'), '2026-03-03'), { day: '2026-03-03', hour: 0 });
  assert.deepEqual(hourlyCell(new Date('2026-03-02T10:15:00+08:00'), '2026-03-02'), { day: '2026-03-02', hour: 10 });
});

forEachDialect('queue events at local midnight', (get) => {
  test('review fix: events stamped 23:59:30 and 00:00:10 (+08:00) while our day is still 03-02 both count in 03-02\'s qu_hourly, hour 23', async () => {
    const { db } = get();
    const clock = fixedClock('2026-03-02T15:59:50Z'); // Mon 2026-03-02 23:59:50 Beijing; the calling system's clock is 20 s ahead
    const v = await insertVenue(db);
    await upsertGroup(db, v.venueId, { code: 'M', name: '午夜', itemIds: [], remote: false });
    await recordEvents({ db, clock }, v.venueId, [
      { kind: 'issued', number: 'M001', group: 'M', at: '2026-03-02T23:59:30+08:00' },
      { kind: 'issued', number: 'M002', group: 'M', at: '2026-03-03T00:00:10+08:00' },
    ]);
    const tickets = await db.selectFrom('qu_ticket').select(['number', 'day_on']).where('venue_id', '=', v.venueId).orderBy('number').execute();
    assert.deepEqual(tickets.map((t) => [t.number, t.day_on]), [['M001', '2026-03-02'], ['M002', '2026-03-02']]);
    const rows = await hourlyRows(db, v.venueId, '2026-03-01', '2026-03-05');
    assert.deepEqual(rows.map((r) => [r.dayOn, r.hour, r.issued, r.maxWaiting]), [['2026-03-02', 23, 2, 2]]); // nothing in 03-03
  });


  test('an event just after 00:00 Beijing time counts on the new local day, hour 0; one before midnight is refused', async () => {
    const { db } = get();
    const clock = fixedClock('2026-03-02T16:40:00Z'); // Tue 2026-03-03 00:40 Beijing
    const v = await insertVenue(db);
    await upsertGroup(db, v.venueId, { code: 'N', name: '夜间', itemIds: [], remote: false });
    await recordEvents({ db, clock }, v.venueId, [
      { kind: 'issued', number: 'N001', group: 'N', at: '2026-03-02T16:05:00Z' },
      { kind: 'issued', number: 'N002', group: 'N', at: '2026-03-02T16:10:00+00:00' },
      { kind: 'called', number: 'N001', group: 'N', at: '2026-03-03T00:35:00+08:00' },
    ]);
    const tickets = await db.selectFrom('qu_ticket').select(['number', 'day_on']).where('venue_id', '=', v.venueId).orderBy('number').execute();
    assert.deepEqual(tickets.map((t) => [t.number, t.day_on]), [['N001', '2026-03-03'], ['N002', '2026-03-03']]);
    // the prediction reads this row as local day 03-03, hour 0 (not 03-02, hour 16)
    const rows = await hourlyRows(db, v.venueId, '2026-03-01', '2026-03-05');
    assert.deepEqual(rows.map((r) => [r.dayOn, r.hour, r.issued, r.called, r.waitSumMin, r.maxWaiting]), [['2026-03-03', 0, 2, 1, 30, 2]]);
    // 23:59 Beijing on 03-02 is yesterday for the calling system of today: refused, nothing written
    await assert.rejects(
      recordEvents({ db, clock }, v.venueId, [{ kind: 'issued', number: 'N003', group: 'N', at: '2026-03-02T23:59:00+08:00' }]),
      (e: unknown) => e instanceof HttpError && e.status === 400 && e.code === 'at_before_today',
    );
    assert.equal((await hourlyRows(db, v.venueId, '2026-03-01', '2026-03-05')).length, 1);
  });
});
