// Booking, cancelling and rescheduling on SQLite and PostgreSQL: the one conditional upsert that
// never passes a slot's capacity (50 concurrent bookings for one place: exactly one wins), the
// refusals (past, closed day, beyond the horizon, not a slot, already booked, too many, no-shows),
// idempotent cancellation that frees a place once, a reschedule that leaves the old booking alone
// when the new slot is full, the SMS in the outbox, and the reminder claimed once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertVenue, type TestVenue } from '../support/venue.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Db } from '../../src/schema.ts';
import { book, cancel, reschedule, type BookingInput } from '../../src/modules/appointments/booking.service.ts';
import { sendReminders } from '../../src/modules/appointments/reminders.ts';
import { instantAt } from '../../src/modules/appointments/slots.repository.ts';
import { APPOINTMENT_LIMITS } from '../../src/modules/appointments/vocabulary.ts';
import { appointmentAccounts } from '../../src/modules/appointments/appointments.accounts.ts';

const now = new Date('2026-09-28T01:00:00Z'); // Monday 09:00 Beijing
const clock = fixedClock(now);

async function venueWithRules(db: Db, capacity: number): Promise<TestVenue> {
  const v = await insertVenue(db);
  const at = now.toISOString();
  await db.insertInto('ap_slot_rule').values([
    { venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 600, end_min: 630, capacity, position: 1, created_at: at },
    { venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 630, end_min: 660, capacity, position: 2, created_at: at },
  ]).execute();
  return v;
}

const load = async (db: Db, v: TestVenue, start: string) => Number((await db.selectFrom('ap_slot_load').select('booked').where('venue_id', '=', v.venueId).where('start_at', '=', start).executeTakeFirst())?.booked ?? 0);
const active = async (db: Db, v: TestVenue, start: string) => Number((await db.selectFrom('ap_appointment').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_id', '=', v.venueId).where('start_at', '=', start).where('status', '=', 'booked').executeTakeFirstOrThrow()).n);
const input = (v: TestVenue, start: string, phone: string, extra: Partial<BookingInput> = {}): BookingInput => ({ venue: v.venuePublicId, start, name: '张三', phone, channel: 'api', ...extra });

forEachDialect('appointment booking', (get) => {
  test('50 concurrent bookings for the last place: exactly one wins, the rest slot_full; booked equals active bookings', async () => {
    const { db } = get();
    const v = await venueWithRules(db, 1);
    const start = instantAt('2026-09-29', 600);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => book(db, clock, input(v, start, `139${String(10_000_000 + i).slice(0, 8)}`))));
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual([...new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.code))], ['slot_full']);
    assert.equal(await load(db, v, start), 1);
    assert.equal(await active(db, v, start), 1);
  });

  test('one phone, ten quick bookings of ten slots at once: never more than the active limit; a day\'s bookings are capped (no SMS flood)', async () => {
    const { db } = get();
    const v = await venueWithRules(db, 5);
    const starts = ['2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-12'].flatMap((d) => [instantAt(d, 600), instantAt(d, 630)]);
    const results = await Promise.all(starts.map((st) => book(db, clock, input(v, st, '13712340000'))));
    assert.equal(results.filter((r) => r.ok).length, APPOINTMENT_LIMITS.activePerPerson, 'the in-transaction check holds under a race');
    assert.deepEqual([...new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.code))], ['too_many_bookings']);
    // book and cancel again and again: the 24-hour cap stops it (each round sends two texts)
    for (const r of results) if (r.ok) assert.ok((await cancel(db, clock, r.booked.reference, { code: r.booked.code })).ok);
    let last: Awaited<ReturnType<typeof book>> | null = null;
    for (let i = 0; i < APPOINTMENT_LIMITS.perPersonPerDay; i++) {
      last = await book(db, clock, input(v, starts[0]!, '13712340000'));
      if (!last.ok) break;
      assert.ok((await cancel(db, clock, last.booked.reference, { code: last.booked.code })).ok);
    }
    assert.ok(last && !last.ok && last.code === 'too_many_today' && last.status === 429, JSON.stringify(last));
  });

  test('a booking: reference, code, SMS (one per booking); refusals with stable codes', async () => {
    const { db } = get();
    const v = await venueWithRules(db, 2);
    const start = instantAt('2026-09-30', 600);
    const before = Number((await db.selectFrom('notification_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const r = await book(db, clock, input(v, start, '13912345678'));
    assert.ok(r.ok);
    assert.match(r.booked.reference, /^YY-20260928-[2-9A-Z]{5}$/);
    assert.match(r.booked.code, /^[2-9A-Z]{8}$/);
    assert.equal(r.booked.end, instantAt('2026-09-30', 630));
    const row = await db.selectFrom('ap_appointment').selectAll().where('public_id', '=', r.booked.reference).executeTakeFirstOrThrow();
    assert.notEqual(row.code_hash, r.booked.code);
    assert.match(row.person_key, /^p:[0-9a-f]{64}$/);
    const sms = await db.selectFrom('notification_outbox').selectAll().where('reason', '=', 'appointment_booked').where('recipient', '=', '13912345678').execute();
    assert.equal(sms.length, 1);
    assert.match(sms[0]!.body, /2026年9月30日（周三）10:00–10:30/);
    assert.ok(!sms[0]!.body.includes(r.booked.code), 'the code is not kept in the outbox');
    assert.equal(Number((await db.selectFrom('notification_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), before + 1);

    const code = async (i: BookingInput) => { const x = await book(db, clock, i); return x.ok ? 'ok' : `${x.status} ${x.code}`; };
    assert.equal(await code(input(v, start, '13912345678')), '409 already_booked');
    assert.equal(await code(input(v, start, '139 1234 5678')), '409 already_booked', 'the same phone typed with spaces');
    assert.equal(await code(input(v, instantAt('2026-09-28', 540), '13900000001')), '404 slot_not_found');
    assert.equal(await code(input(v, instantAt('2026-09-25', 600), '13900000001')), '409 slot_in_past');
    assert.equal(await code(input(v, instantAt('2026-10-01', 600), '13900000001')), '409 day_closed', '国庆');
    assert.equal(await code(input(v, instantAt('2026-10-03', 600), '13900000001')), '409 day_closed', 'a Saturday in 国庆');
    assert.equal(await code(input(v, instantAt('2026-10-16', 600), '13900000001')), '409 beyond_horizon');
    assert.equal(await code(input(v, '2026-09-30 10:00', '13900000001')), '400 start_invalid');
    assert.equal(await code(input(v, 'tomorrow', '13900000001')), '400 start_invalid');
    assert.equal(await code(input(v, start, '1391234567')), '400 phone_invalid');
    assert.equal(await code(input(v, start, '')), '400 phone_required');
    assert.equal(await code(input(v, start, '13900000001', { name: ' ' })), '400 name_required');
    assert.equal(await code(input(v, start, '13900000001', { name: '<script>' })), '400 name_invalid');
    assert.equal(await code(input(v, start, '13900000001', { venue: 'V-NONE' })), '404 venue_not_found');
    assert.equal(await code(input(v, start, '13900000001', { item: 'I-NONE' })), '404 item_not_found');
    const other = await insertVenue(db);
    assert.equal(await code(input(v, start, '13900000001', { item: other.itemPublicId })), '400 item_not_offered');
    // a venue closed by its own exception
    await db.insertInto('ap_slot_exception').values({ venue_id: v.venueId, day_on: '2026-10-09', kind: 'closed', note: '', created_at: now.toISOString() }).execute();
    assert.equal(await code(input(v, instantAt('2026-10-09', 600), '13900000001')), '409 day_closed');
    // the 调休 Saturday 2026-10-10 is open
    assert.equal(await code(input(v, instantAt('2026-10-10', 600), '13900000002')), 'ok');
  });

  test('too many active bookings, and the no-show block', async () => {
    const { db } = get();
    const v = await venueWithRules(db, 5);
    const days = ['2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12'];
    const results = [];
    for (const d of days) results.push(await book(db, clock, input(v, instantAt(d, 600), '13700000000')));
    assert.deepEqual(results.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'ok', 'ok', 'ok', 'ok', 'too_many_bookings']);
    // three no-shows in 90 days: no booking for 30 days after the last
    const at = now.toISOString();
    const past = (d: string, i: number) => ({ public_id: `YY-NS-${i}-${Math.random().toString(36).slice(2, 7)}`, venue_id: v.venueId, item_id: null, item_key: 0, start_at: instantAt(d, 600), end_at: instantAt(d, 630), day_on: d, name: '李四', phone: '13600000000', person_key: '', account_id: null, code_hash: 'x', status: 'no_show', channel: 'api', rescheduled_from: null, reminded_at: null, created_at: at, updated_at: at });
    const first = await book(db, clock, input(v, instantAt('2026-09-29', 630), '13600000000'));
    assert.ok(first.ok);
    const key = (await db.selectFrom('ap_appointment').select('person_key').where('public_id', '=', first.booked.reference).executeTakeFirstOrThrow()).person_key;
    await db.insertInto('ap_appointment').values(['2026-07-01', '2026-08-03', '2026-09-21'].map((d, i) => ({ ...past(d, i), person_key: key }))).execute();
    const refused = await book(db, clock, input(v, instantAt('2026-09-30', 630), '13600000000'));
    assert.ok(!refused.ok && refused.code === 'no_show_limit' && /2026-10-21/.test(refused.message), JSON.stringify(refused));
    // two no-shows only: allowed
    const ok2 = await book(db, clock, input(v, instantAt('2026-09-30', 630), '13500000000'));
    assert.ok(ok2.ok);
  });

  test('cancel: wrong code and unknown reference alike, idempotent, frees the place once; reschedule keeps the old booking when the new slot is full', async () => {
    const { db } = get();
    const v = await venueWithRules(db, 1);
    const a = instantAt('2026-09-29', 600);
    const b = instantAt('2026-09-29', 630);
    const r = await book(db, clock, input(v, a, '13912340000'));
    assert.ok(r.ok);
    const wrong = await cancel(db, clock, r.booked.reference, { code: 'AAAAAAAA' });
    const unknown = await cancel(db, clock, 'YY-20260928-ZZZZZ', { code: r.booked.code });
    assert.deepEqual([!wrong.ok && wrong.status, !wrong.ok && wrong.code], [404, 'appointment_not_found']);
    assert.deepEqual([!unknown.ok && unknown.status, !unknown.ok && unknown.code, !unknown.ok && unknown.message], [404, 'appointment_not_found', !wrong.ok && wrong.message]);

    // reschedule onto a full slot: refused, old booking untouched
    const other = await book(db, clock, input(v, b, '13912340001'));
    assert.ok(other.ok);
    const full = await reschedule(db, clock, r.booked.reference, { code: r.booked.code }, b);
    assert.ok(!full.ok && full.code === 'slot_full');
    assert.equal((await db.selectFrom('ap_appointment').select('status').where('public_id', '=', r.booked.reference).executeTakeFirstOrThrow()).status, 'booked');
    assert.deepEqual([await load(db, v, a), await load(db, v, b)], [1, 1]);

    // cancel the other one; reschedule now moves the place
    const c1 = await cancel(db, clock, other.booked.reference, { code: other.booked.code.toLowerCase() });
    assert.ok(c1.ok && c1.appointment.status === 'cancelled');
    const [c2, c3] = await Promise.all([cancel(db, clock, other.booked.reference, { code: other.booked.code }), cancel(db, clock, other.booked.reference, { code: other.booked.code })]);
    assert.ok(c2.ok && c3.ok);
    assert.equal(await load(db, v, b), 0, 'freed once, never negative');
    const moved = await reschedule(db, clock, r.booked.reference, { code: r.booked.code }, b);
    assert.ok(moved.ok);
    assert.equal(moved.booked.rescheduled_from, r.booked.reference);
    assert.deepEqual([await load(db, v, a), await load(db, v, b)], [0, 1]);
    assert.deepEqual([await active(db, v, a), await active(db, v, b)], [0, 1]);
    // the same code opens the new booking; the old one is cancelled and cannot be moved again
    // the old reference (as in the first SMS) answers that it was rescheduled, naming the new one — never "cancelled"
    const again = await reschedule(db, clock, r.booked.reference, { code: r.booked.code }, a);
    assert.ok(!again.ok && again.code === 'rescheduled' && again.message.includes(moved.booked.reference));
    const oldCancel = await cancel(db, clock, r.booked.reference, { code: r.booked.code });
    assert.ok(!oldCancel.ok && oldCancel.code === 'rescheduled' && oldCancel.status === 409);
    assert.equal(await active(db, v, b), 1, 'the new booking stays');
    const same = await reschedule(db, clock, moved.booked.reference, { code: r.booked.code }, b);
    assert.ok(!same.ok && same.code === 'same_slot');
    const done = await cancel(db, clock, moved.booked.reference, { code: r.booked.code });
    assert.ok(done.ok);
    // the new one cancelled: the old reference is plainly cancelled too (idempotent 200)
    assert.ok((await cancel(db, clock, r.booked.reference, { code: r.booked.code })).ok);
    assert.deepEqual([await load(db, v, a), await load(db, v, b)], [0, 0]);
    const sms = await db.selectFrom('notification_outbox').select('reason').where('recipient', '=', '13912340000').orderBy('id').execute();
    assert.deepEqual(sms.map((x) => x.reason), ['appointment_booked', 'appointment_rescheduled', 'appointment_cancelled']);
  });

  test('the reminder the day before: once per booking, even with two runs at once; cancelled bookings are not reminded', async () => {
    const { db } = get();
    const v = await venueWithRules(db, 3);
    const tomorrow = instantAt('2026-09-29', 600);
    const x = await book(db, clock, input(v, tomorrow, '13811110001'));
    const y = await book(db, clock, input(v, tomorrow, '13811110002'));
    const z = await book(db, clock, input(v, instantAt('2026-09-30', 600), '13811110003'));
    assert.ok(x.ok && y.ok && z.ok);
    assert.ok((await cancel(db, clock, y.booked.reference, { code: y.booked.code })).ok);
    // at night (00:30 Beijing) nothing goes out: the reminder waits for the morning
    assert.equal(await sendReminders(db, fixedClock('2026-09-27T16:30:00Z')), 0);
    assert.equal(await sendReminders(db, fixedClock('2026-09-28T13:30:00Z')), 0, '21:30 is too late');
    const due = Number((await db.selectFrom('ap_appointment').select((eb) => eb.fn.countAll<number>().as('n')).where('day_on', '=', '2026-09-29').where('status', '=', 'booked').where('reminded_at', 'is', null).executeTakeFirstOrThrow()).n);
    const [n1, n2] = await Promise.all([sendReminders(db, clock), sendReminders(db, clock)]);
    assert.equal(n1 + n2, due, 'each booking of tomorrow claimed by one run only');
    assert.equal(Number((await db.selectFrom('notification_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('reason', '=', 'appointment_reminder').executeTakeFirstOrThrow()).n), due);
    assert.equal(await sendReminders(db, clock), 0);
    const reminders = await db.selectFrom('notification_outbox').select(['recipient', 'body']).where('reason', '=', 'appointment_reminder').where('recipient', 'like', '1381111%').execute();
    assert.deepEqual(reminders.map((r) => r.recipient), ['13811110001']);
    assert.match(reminders[0]!.body, /测试路 1 号/);
  });

  test('/me record source: claimable by the verified phone, claimed once, listed, detail only for the owner, unlinked', async () => {
    const { db } = get();
    const v = await venueWithRules(db, 3);
    const r = await book(db, clock, input(v, instantAt('2026-09-29', 630), '13822220000'));
    assert.ok(r.ok);
    assert.deepEqual((await appointmentAccounts.claimable(db, { phone: '13822220001' })).length, 0);
    const found = await appointmentAccounts.claimable(db, { phone: '13822220000' });
    assert.deepEqual(found.map((f) => f.ref), [r.booked.reference]);
    const accountId = 987_654; // ap_appointment.account_id holds the account's row id (no foreign key)
    assert.equal(await appointmentAccounts.claim(db, accountId, { phone: '13822220000' }, [r.booked.reference.toLowerCase()]), 1);
    assert.equal(await appointmentAccounts.claim(db, accountId + 1, { phone: '13822220000' }, [r.booked.reference]), 0);
    assert.deepEqual((await appointmentAccounts.list(db, accountId)).map((x) => x.ref), [r.booked.reference]);
    const d = await appointmentAccounts.detail(db, accountId, r.booked.reference);
    assert.ok(d && d.facts.some((f) => f.value === '138****0000'));
    assert.equal(await appointmentAccounts.detail(db, accountId + 1, r.booked.reference), null);
    const exported = await appointmentAccounts.exportOne(db, accountId, r.booked.reference);
    assert.ok(exported && !('code_hash' in exported) && exported.phone === '13822220000');
    assert.equal(await appointmentAccounts.unlink(db, accountId), 1);
    assert.deepEqual(await appointmentAccounts.list(db, accountId), []);
  });
});
