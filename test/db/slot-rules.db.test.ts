// Replacing a venue's slot rules on SQLite and PostgreSQL: the rules replaced in order with one
// audit entry; a write that fails half-way leaves the old rules (all or nothing); checked rules
// report every problem by row; bookings are never touched; exceptions replaced from today on only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';
import { checkExceptions, checkRules, saveExceptions, saveRules } from '../../src/modules/appointments/slot-rules.service.ts';
import { exceptionsOf, rulesOf, type SlotVenue } from '../../src/modules/appointments/slot-rules.repository.ts';
import { nextFreeSlots } from '../../src/modules/appointments/index.ts';

const clock = fixedClock('2026-09-28T01:00:00Z'); // Mon 09:00 Beijing
const actor: Actor = { userId: 1, username: 'tester', displayName: '测试', grants: [], via: 'token', mustChangePassword: false };
const who = { actor, requestId: 'req-1' };

forEachDialect('slot rules: replace all or nothing', (get) => {
  test('replace, a failed write keeps the old rules, problems by row, bookings untouched, exceptions from today', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    const venue: SlotVenue = { id: v.venueId, publicId: v.venuePublicId, name: '测试中心', orgCode: '130427', orgPath: '/13/1304/130427/' };
    const first = await checkRules(db, venue, [
      { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '09:30', capacity: 2 },
      { item: v.itemPublicId, weekdays: ['周一'], start: '10:00', end: '10:30', capacity: 1 },
    ]);
    assert.ok(first.ok);
    const saved = await saveRules(db, clock, who, venue, first.value);
    assert.deepEqual(saved.map((r) => [r.itemPublicId, r.weekdays.join(','), r.startMin, r.capacity]), [[null, '1,2,3,4,5', 540, 2], [v.itemPublicId, '1', 600, 1]]);

    // a booking in the Tuesday 09:00 slot
    const at = clock.now().toISOString();
    await db.insertInto('ap_appointment').values({ public_id: `YY${v.venuePublicId}`, venue_id: v.venueId, item_id: null, item_key: 0, start_at: '2026-09-29T01:00:00.000Z', end_at: '2026-09-29T01:30:00.000Z', day_on: '2026-09-29', name: '张三', phone: '13800000000', person_key: 'p:1', account_id: null, code_hash: 'h', status: 'booked', channel: 'web', rescheduled_from: null, reminded_at: null, created_at: at, updated_at: at }).execute();

    // a write failing half-way (the second rule breaks NOT NULL after the old rules were deleted): all rolled back
    const broken = [{ ...first.value[0]!, startMin: 480, endMin: 510 }, { ...first.value[1]!, capacity: null as unknown as number }];
    await assert.rejects(saveRules(db, clock, who, venue, broken));
    assert.deepEqual((await rulesOf(db, v.venueId)).map((r) => r.startMin), [540, 600], 'the old rules stay');
    const audits = async () => (await db.selectFrom('audit_log').select('action').where('entity_id', '=', v.venuePublicId).where('action', '=', 'venue.slot_rules').execute()).length;
    assert.equal(await audits(), 1, 'no audit entry for the failed write');

    // every problem by row, nothing saved
    const bad = await checkRules(db, venue, [
      { weekdays: [1], start: '09:00', end: '10:00', capacity: 1 },
      { weekdays: [1], start: '09:59', end: '10:30', capacity: 1 },
      { item: 'NOPE', weekdays: [8], start: '25:00', end: '08:00', capacity: 0 },
    ]);
    assert.ok(!bad.ok);
    assert.deepEqual(bad.problems.map((p) => `${p.row}:${p.field}`), ['1:start', '2:item', '2:weekdays', '2:start', '2:capacity']);

    // replaced by an afternoon rule: the booking stays booked
    const next = await checkRules(db, venue, [{ weekdays: [2], start: '14:00', end: '14:30', capacity: 3 }]);
    assert.ok(next.ok);
    await saveRules(db, clock, who, venue, next.value);
    assert.deepEqual((await rulesOf(db, v.venueId)).map((r) => [r.startMin, r.capacity]), [[840, 3]]);
    assert.equal(await audits(), 2);
    assert.equal((await db.selectFrom('ap_appointment').select('status').where('venue_id', '=', v.venueId).executeTakeFirstOrThrow()).status, 'booked');
    const slots = await nextFreeSlots(db, { venueId: v.venueId, now: clock.now(), limit: 2 });
    assert.deepEqual(slots.map((x) => x.start), ['2026-09-29T06:00:00.000Z'], 'Tuesday 14:00; 10-06 is 国庆, 10-13 beyond the 14 days that can be booked');

    // exceptions: yesterday's stays, today on is replaced
    await db.insertInto('ap_slot_exception').values({ venue_id: v.venueId, day_on: '2026-09-27', kind: 'closed', note: '昨天', created_at: at }).execute();
    const ex = checkExceptions([{ day: '2026-09-29', kind: 'closed', note: '升级' }, { day: '2026-10-06', kind: 'open', as_weekday: '周二' }], '2026-09-28');
    assert.ok(ex.ok);
    await saveExceptions(db, clock, who, venue, ex.value, '2026-09-28');
    assert.deepEqual((await exceptionsOf(db, v.venueId, '2026-01-01')).map((e) => e.dayOn), ['2026-09-27', '2026-09-29', '2026-10-06']);
    assert.deepEqual((await nextFreeSlots(db, { venueId: v.venueId, now: clock.now(), limit: 2 })).map((x) => x.dayOn), ['2026-10-06'], '09-29 closed by the venue, 国庆 10-06 opened with Tuesday’s rules');
  });
});
