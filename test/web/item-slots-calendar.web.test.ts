// Issue 22 review: the item page's block of next free slots read the working-day calendar once per
// offering venue (nextFreeSlots → freeSlots without `calendar`). Now the page hands its calendar to
// the blocks: a warm item page with three venues taking appointments reads calendar_day not at all,
// and nextFreeSlots obeys the calendar it is given.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { forEachDialect } from '../support/db.ts';
import { insertVenue, type TestVenue } from '../support/venue.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';
import { checkRules, nextFreeSlots, saveRules } from '../../src/modules/appointments/slot-rules.service.ts';
import { loadCalendar } from '../../src/platform/calendar/calendar.repository.ts';
import { platformView } from '../../src/schema.ts';

const clock = fixedClock('2026-09-28T01:00:00Z'); // Mon 09:00 Beijing
const actor: Actor = { userId: 1, username: 'tester', displayName: '测试', grants: [], via: 'token', mustChangePassword: false };

forEachDialect('item page slots: one calendar', (get) => {
  let t: TestApp;
  let reads = 0;
  const venues: TestVenue[] = [];
  const counter: KyselyPlugin = {
    transformQuery(args) { if (JSON.stringify(args.node).includes('"calendar_day"')) reads++; return args.node; },
    transformResult(args) { return Promise.resolve(args.result); },
  };
  before(async () => {
    const { db } = get();
    for (let i = 0; i < 3; i++) venues.push(await insertVenue(db, { itemPublicId: 'I-CAL-ONCE', lat: 36.3742 + i * 0.01 }));
    for (const v of venues) {
      const venue = { id: v.venueId, publicId: v.venuePublicId, name: '测试中心', orgCode: '130427', orgPath: '/13/1304/130427/' };
      const rules = await checkRules(db, venue, [{ weekdays: [2, 3], start: '09:00', end: '09:30', capacity: 3 }]);
      assert.ok(rules.ok);
      await saveRules(db, clock, { actor, requestId: 'r' }, venue, rules.value);
    }
    t = await buildTestApp({ ...get(), db: get().db.withPlugin(counter) }, clock);
  });
  after(async () => { await t.app.close(); });

  test('a warm item page with three venues with slots reads the calendar no more', async () => {
    const first = await t.app.inject({ url: '/services/items/I-CAL-ONCE' });
    assert.equal(first.statusCode, 200);
    reads = 0;
    const page = await t.app.inject({ url: '/services/items/I-CAL-ONCE' });
    assert.equal(page.statusCode, 200);
    for (const v of venues) assert.ok(page.body.includes(v.venuePublicId), `venue ${v.venuePublicId} on the page`);
    assert.match(page.body, /09:00/);
    assert.equal(reads, 0, 'calendar_day reads on a warm item page');
  });

  test('nextFreeSlots uses the calendar it is given (a holiday there closes the day)', async () => {
    const { db } = get();
    const cal = await loadCalendar(platformView(db));
    const v = venues[0]!;
    const open = await nextFreeSlots(db, { venueId: v.venueId, now: clock.now(), limit: 1, calendar: cal });
    assert.equal(open[0]!.dayOn, '2026-09-29');
    const days = new Map(cal.days);
    days.set('2026-09-29', { date: '2026-09-29', kind: 'holiday', name: '测试假日' } as never);
    const moved = await nextFreeSlots(db, { venueId: v.venueId, now: clock.now(), limit: 1, calendar: { ...cal, days } });
    assert.equal(moved[0]!.dayOn, '2026-09-30');
  });
});
