// The booking reads the venue with its rules, the item with its offer, and the day (calendar entry,
// loaded year, the venue's exception) in three combined reads: no cache, so a change of the rules,
// the calendar or a venue's exception is seen by the very next booking (both dialects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { book } from '../../src/modules/appointments/booking.service.ts';
import { instantAt } from '../../src/modules/appointments/slots.repository.ts';

const now = new Date('2026-09-28T01:00:00Z'); // Monday 09:00 Beijing
const clock = fixedClock(now);
const at = now.toISOString();

forEachDialect('r5 booking reads', (get) => {
  test('a rule, calendar or exception change is seen by the next booking', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    const day = '2026-09-29'; // a Tuesday
    const start = instantAt(day, 600);
    const input = (phone: string, item?: string) => ({ venue: v.venuePublicId, item: item ?? null, start, name: '张三', phone, channel: 'api' as const });
    // no rule yet
    let r = await book(db, clock, input('13900000001'));
    assert.equal(!r.ok && r.code, 'slot_not_found');
    // a rule added: bookable at once
    await db.insertInto('ap_slot_rule').values({ venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 600, end_min: 630, capacity: 1, position: 1, created_at: at }).execute();
    r = await book(db, clock, input('13900000002'));
    assert.ok(r.ok);
    assert.equal(r.booked.end, instantAt(day, 630));
    // the capacity raised: a second place at once
    await db.updateTable('ap_slot_rule').set({ capacity: 2 }).where('venue_id', '=', v.venueId).execute();
    r = await book(db, clock, input('13900000003'));
    assert.ok(r.ok);
    // the calendar makes the day a holiday: closed at once
    await db.insertInto('calendar_year').values({ year: 2026, source: 'test', updated_at: at } as never).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('calendar_day').values({ date: day, year: 2026, kind: 'holiday', name: '测试' } as never).execute();
    r = await book(db, clock, input('13900000004'));
    assert.equal(!r.ok && r.code, 'day_closed');
    // the venue opens on that day by its own exception (Tuesday's rules)
    await db.insertInto('ap_slot_exception').values({ venue_id: v.venueId, day_on: day, kind: 'open', as_weekday: 2, note: '', created_at: at }).execute();
    r = await book(db, clock, input('13900000005'));
    assert.equal(!r.ok && r.code, 'slot_full'); // open again, and its two places are taken
    // an item the venue offers / one it does not
    r = await book(db, clock, input('13900000006', v.itemPublicId));
    assert.equal(!r.ok && r.code, 'slot_full');
    await db.deleteFrom('sm_venue_item').where('venue_id', '=', v.venueId).execute();
    r = await book(db, clock, input('13900000007', v.itemPublicId));
    assert.equal(!r.ok && r.code, 'item_not_offered');
    r = await book(db, clock, input('13900000008', 'NO-SUCH-ITEM'));
    assert.equal(!r.ok && r.code, 'item_not_found');
    r = await book(db, clock, { ...input('13900000009'), venue: 'NO-SUCH-VENUE' });
    assert.equal(!r.ok && r.code, 'venue_not_found');
  });
});
