// The slots a venue offers, on SQLite and PostgreSQL: weekly rules laid on the 2026 working-day
// calendar (国庆 closed, the 调休 Saturday 2026-10-10 open with Monday's rules), a venue's own
// exceptions, places left after bookings, the partial unique index that keeps one active booking
// per person and slot, and the conditional upsert that never passes a slot's capacity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import * as m0038 from '../../migrations/0038_appointments_queue.ts';
import { forEachDialect } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { freeSlots } from '../../src/modules/appointments/index.ts';

const now = new Date('2026-09-28T01:00:00Z'); // Mon 09:00 Beijing

forEachDialect('appointment slots', (get) => {
  test('rules on the calendar: holidays closed, the 调休 Saturday takes Monday, exceptions win, booked places counted', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    const at = now.toISOString();
    await db.insertInto('ap_slot_rule').values([
      { venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 540, end_min: 570, capacity: 2, position: 1, created_at: at },
      { venue_id: v.venueId, item_id: v.itemId, weekdays: '1', start_min: 600, end_min: 630, capacity: 1, position: 2, created_at: at },
    ]).execute();
    await db.insertInto('ap_slot_exception').values({ venue_id: v.venueId, day_on: '2026-10-12', kind: 'closed', note: '系统升级', created_at: at }).execute();
    const slots = await freeSlots(db, { venueId: v.venueId, itemId: v.itemId, from: '2026-09-28', to: '2026-10-13', now });
    const days = [...new Set(slots.map((s) => s.dayOn))];
    // 09-28 is Monday: the 09:00 slot has started (now is 09:00), the 10:00 one is left; 10-01..07 国庆; 10-10 (Sat) 调休 → Monday's rules; 10-12 closed by the venue.
    assert.deepEqual(days, ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-13']);
    assert.deepEqual(slots.filter((s) => s.dayOn === '2026-10-10').map((s) => [s.startMin, s.itemKey]), [[540, 0], [600, v.itemId]]);
    assert.equal(slots[0]?.start, '2026-09-28T02:00:00.000Z');
    // without the item, its own rule is still listed (all rules of the venue)
    const other = await freeSlots(db, { venueId: v.venueId, itemId: null, from: '2026-10-08', to: '2026-10-08', now });
    assert.deepEqual(other.map((s) => s.startMin), [540]);

    // a place taken by the conditional upsert; the last place cannot be taken twice
    const take = async (start: string, capacity: number) => (await sql<{ booked: number }>`INSERT INTO ap_slot_load (venue_id, item_key, start_at, booked) VALUES (${v.venueId}, ${v.itemId}, ${start}, 1)
      ON CONFLICT (venue_id, item_key, start_at) DO UPDATE SET booked = ap_slot_load.booked + 1 WHERE ap_slot_load.booked < ${capacity} RETURNING booked`.execute(db)).rows;
    const sat10 = slots.find((s) => s.dayOn === '2026-10-10' && s.startMin === 600);
    assert.ok(sat10);
    assert.equal((await take(sat10.start, sat10.capacity)).length, 1);
    assert.equal((await take(sat10.start, sat10.capacity)).length, 0, 'the only place is gone');
    const after = await freeSlots(db, { venueId: v.venueId, itemId: v.itemId, from: '2026-10-10', to: '2026-10-10', now });
    assert.deepEqual(after.map((s) => s.free), [2, 0]);

    // one active booking per person and slot
    const row = (id: string, status: string) => ({ public_id: id, venue_id: v.venueId, item_id: v.itemId, item_key: v.itemId, start_at: sat10.start, end_at: sat10.end, day_on: '2026-10-10', name: '张三', phone: '13800000000', person_key: 'p:abc', account_id: null, code_hash: 'h', status, channel: 'web', rescheduled_from: null, reminded_at: null, created_at: at, updated_at: at });
    await db.insertInto('ap_appointment').values(row('YY1', 'cancelled')).execute();
    await db.insertInto('ap_appointment').values(row('YY2', 'booked')).execute();
    await assert.rejects(db.insertInto('ap_appointment').values(row('YY3', 'booked')).execute());
  });

  test('0038 goes down and up again', async () => {
    const db = get().db as unknown as Kysely<unknown>;
    const has = async (t: string) => { try { await sql`select * from ${sql.table(t)} where 1 = 0`.execute(db); return true; } catch { return false; } };
    await m0038.down(db);
    for (const t of ['ap_slot_rule', 'ap_appointment', 'qu_ticket', 'qu_hourly']) assert.equal(await has(t), false, `${t} dropped`);
    await m0038.up(db);
    for (const t of ['ap_slot_rule', 'ap_slot_exception', 'ap_slot_load', 'ap_appointment', 'qu_group', 'qu_venue_token', 'qu_ticket', 'qu_event', 'qu_hourly']) assert.ok(await has(t), `${t} back`);
  });
});
