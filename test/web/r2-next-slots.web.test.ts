// The kiosk and the window desk read the next free slots through the appointments module's one
// reader: a slot on the last day that can be booked (today + 14, as the booking itself allows) is
// shown, with a booking link for the item of the slot's rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';
import { checkRules, saveRules } from '../../src/modules/appointments/slot-rules.service.ts';
import { nextFreeSlots as appointmentSlots } from '../../src/modules/appointments/index.ts';
import { nextFreeSlots } from '../../src/modules/channels/kiosk-slots.ts';

const clock = fixedClock('2026-09-28T01:00:00Z'); // Mon 09:00 Beijing; 10-05 is 国庆
const actor: Actor = { userId: 1, username: 'tester', displayName: '测试', grants: [], via: 'token', mustChangePassword: false };

forEachDialect('next free slots: kiosk and desk', (get) => {
  test('the last bookable day is shown by both readers, the kiosk links the rule’s item', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    const venue = { id: v.venueId, publicId: v.venuePublicId, name: '测试中心', orgCode: '130427', orgPath: '/13/1304/130427/' };
    // Mondays 08:00 only, for one item: today's is past, 10-05 is a holiday, 10-10 a 调休 working
    // Saturday in the demo calendar, 10-12 is today + 14
    const rules = await checkRules(db, venue, [{ item: v.itemPublicId, weekdays: [1], start: '08:00', end: '08:30', capacity: 2 }]);
    assert.ok(rules.ok);
    await saveRules(db, clock, { actor, requestId: 'r' }, venue, rules.value);

    const own = await appointmentSlots(db, { venueId: v.venueId, now: clock.now() });
    assert.deepEqual(own.map((x) => [x.dayOn, x.itemPublicId, x.free]), [['2026-10-10', v.itemPublicId, 2], ['2026-10-12', v.itemPublicId, 2]]);

    const kiosk = await nextFreeSlots(db, clock, { id: v.venueId, publicId: v.venuePublicId }, null);
    assert.deepEqual(kiosk.map((x) => [x.dayOn, x.time, x.free]), [['2026-10-10', '08:00–08:30', 2], ['2026-10-12', '08:00–08:30', 2]]);
    assert.equal(kiosk[1]!.bookHref, `/services/venues/${v.venuePublicId}/book?item=${v.itemPublicId}&start=${encodeURIComponent('2026-10-12T00:00:00.000Z')}`);
    assert.match(kiosk[1]!.day, /^2026-10-12/);
  });
});
