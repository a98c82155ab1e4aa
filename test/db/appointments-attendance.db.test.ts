// 已到场 / 爽约 / 撤销 on SQLite and PostgreSQL: a booked appointment of today or earlier can be
// marked (爽约 only once its slot started), a future one cannot; a mark can be undone the day it was
// made; two clerks clicking at once give one change and one refusal (the update is conditional on the
// status read) and one audit entry; a no-show gives no place back (ap_slot_load untouched).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { insertVenue } from '../support/venue.ts';
import { insertAppointment } from '../support/appointments-rows.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { actorFor } from '../../src/modules/identity/identity.service.ts';
import { markAttendance, dayAppointments } from '../../src/modules/appointments/attendance.service.ts';
import { attendanceRefusal } from '../../src/modules/appointments/attendance.rules.ts';

const clock = fixedClock('2026-03-02T02:00:00Z'); // Mon 10:00 Beijing

test('the rule alone: mark today or earlier, 爽约 after the start, undo the same day', () => {
  const now = clock.now();
  const a = (o: Partial<{ status: string; dayOn: string; startAt: string; updatedAt: string }>) => ({ status: 'booked', dayOn: '2026-03-02', startAt: '2026-03-02T01:00:00.000Z', updatedAt: '2026-03-01T01:00:00.000Z', ...o });
  assert.equal(attendanceRefusal(a({}), 'attended', now, '2026-03-02'), null);
  assert.equal(attendanceRefusal(a({ dayOn: '2026-03-03', startAt: '2026-03-03T01:00:00.000Z' }), 'attended', now, '2026-03-02'), 'future');
  assert.equal(attendanceRefusal(a({ startAt: '2026-03-02T03:00:00.000Z' }), 'no_show', now, '2026-03-02'), 'not_started');
  assert.equal(attendanceRefusal(a({ startAt: '2026-03-02T03:00:00.000Z' }), 'attended', now, '2026-03-02'), null, 'early arrival: 到场 before the slot starts');
  assert.equal(attendanceRefusal(a({ status: 'cancelled' }), 'attended', now, '2026-03-02'), 'not_booked');
  assert.equal(attendanceRefusal(a({ status: 'attended', updatedAt: '2026-03-02T01:30:00.000Z' }), 'booked', now, '2026-03-02'), null);
  assert.equal(attendanceRefusal(a({ status: 'no_show', updatedAt: '2026-03-01T10:00:00.000Z' }), 'booked', now, '2026-03-02'), 'undo_late', '18:00 Beijing on the day before');
  assert.equal(attendanceRefusal(a({}), 'booked', now, '2026-03-02'), 'already_booked');
});

forEachDialect('attendance marking', (get) => {
  test('mark, refuse, undo; the double click gives one change, one 409 and one audit entry; no place given back', async () => {
    const { db } = get();
    const user = await db.selectFrom('staff_user').select('id').where('username', '=', 'cixian.gkb').executeTakeFirstOrThrow();
    const actor = (await actorFor(db, user.id, 'token'))!;
    const who = { actor };
    const v = await insertVenue(db, { orgCode: '130427' });
    await db.insertInto('ap_slot_load').values({ venue_id: v.venueId, item_key: v.itemId, start_at: '2026-03-02T01:00:00.000Z', booked: 2 }).execute();
    const past = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-02T01:00:00.000Z' });
    const race = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-02T01:00:00.000Z', name: '李四' });
    const later = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-02T06:00:00.000Z' });
    const tomorrow = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-03T01:00:00.000Z' });

    const ok = await markAttendance({ db, clock }, who, past, 'no_show');
    assert.ok(ok.ok && ok.appointment.status === 'no_show' && ok.before === 'booked');
    // a no-show frees nothing: the slot has passed
    assert.equal(Number((await db.selectFrom('ap_slot_load').select('booked').where('venue_id', '=', v.venueId).executeTakeFirstOrThrow()).booked), 2);
    const again = await markAttendance({ db, clock }, who, past, 'attended');
    assert.ok(!again.ok && again.status === 409 && again.code === 'not_booked');
    const undo = await markAttendance({ db, clock }, who, past, 'booked');
    assert.ok(undo.ok && undo.appointment.status === 'booked');

    const early = await markAttendance({ db, clock }, who, later, 'no_show');
    assert.ok(!early.ok && early.status === 409 && early.code === 'not_started');
    const future = await markAttendance({ db, clock }, who, tomorrow, 'attended');
    assert.ok(!future.ok && future.status === 409 && future.code === 'future');
    const missing = await markAttendance({ db, clock }, who, 'YYNOSUCH', 'attended');
    assert.ok(!missing.ok && missing.status === 404);

    // two clerks at once
    const both = await Promise.all([markAttendance({ db, clock }, who, race, 'attended'), markAttendance({ db, clock }, who, race, 'attended')]);
    assert.deepEqual(both.map((r) => r.ok).sort(), [false, true]);
    const refused = both.find((r) => !r.ok)!;
    assert.ok(!refused.ok && refused.status === 409 && refused.reasons.length === 1, JSON.stringify(refused));
    const audits = await db.selectFrom('audit_log').select(['action', 'after_json']).where('entity', '=', 'ap_appointment').where('entity_id', '=', race).execute();
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.action, 'appointments.attendance.mark');

    const day = await dayAppointments(db, v.venueId, '2026-03-02');
    assert.deepEqual(day.counts, { booked: 2, attended: 1, no_show: 0, cancelled: 0, total: 3 });
    assert.ok(day.rows.every((r) => r.phone === '138****5678'), 'phones masked');

    // another county's staff: 403, nothing changed
    const other = await db.selectFrom('staff_user').select('id').where('username', '=', 'longhua.admin').executeTakeFirstOrThrow();
    const foreign = await markAttendance({ db, clock }, { actor: (await actorFor(db, other.id, 'token'))! }, later, 'attended');
    assert.ok(!foreign.ok && foreign.status === 403);
  });
}, withDemo);
