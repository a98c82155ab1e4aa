// The venue page's 取号 block when the hall is closed (Sunday) or about to close: it says so and
// when it opens next, instead of a form that can only refuse after the person has given a position.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { insertVenue, type TestVenue } from '../support/venue.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

forEachDialect('queue block: closed hall', (get) => {
  let sunday: TestApp;
  let closing: TestApp;
  let v: TestVenue;
  before(async () => {
    sunday = await buildTestApp(get(), fixedClock('2026-12-06T02:00:00Z')); // Sunday 10:00 Beijing
    closing = await buildTestApp(get(), fixedClock('2026-12-07T09:10:00Z')); // Monday 17:10, the test venue closes at 17:30
    v = await insertVenue(get().db);
    await get().db.insertInto('qu_group').values({ venue_id: v.venueId, code: 'A', name: '综合受理', item_ids: '[]', remote: 1, position: 1 }).execute();
  }, { timeout: 60_000 });
  after(async () => { await sunday.app.close(); await closing.app.close(); });

  test('closed: the next opening in words, no form; about to close: no form either', async () => {
    const me = await signInResident(get().db, { phone: '13655550001', name: '钱一' }, { now: new Date('2026-12-06T02:00:00Z') });
    const page = await sunday.app.inject({ url: `/services/venues/${v.venuePublicId}`, headers: { cookie: me.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /现在闭厅，不能远程取号。下次开放：12月7日（周一）09:00。/);
    assert.doesNotMatch(page.body, new RegExp(`action="/services/venues/${v.venuePublicId}/queue"`));
    const late = await signInResident(get().db, { phone: '13655550002', name: '钱二' }, { now: new Date('2026-12-07T09:10:00Z') });
    const page2 = await closing.app.inject({ url: `/services/venues/${v.venuePublicId}`, headers: { cookie: late.cookie } });
    assert.match(page2.body, /临近下班（闭厅前 \d+ 分钟内）不再远程取号/);
    assert.doesNotMatch(page2.body, new RegExp(`action="/services/venues/${v.venuePublicId}/queue"`));
  });
});
