// Reviewer R1: after booking, the resident's next steps — an .ics "add to calendar" link with the
// booked time and place, 我的预约 and a way back to the venue (also in the breadcrumbs); closed-venue
// words that say what to do; the venue's next opening in words (no leading zeros, with the weekday).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, type TestApp } from '../support/app.ts';
import { insertVenue, type TestVenue } from '../support/venue.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { instantAt } from '../../src/modules/appointments/slots.repository.ts';
import { smStrings as serviceMapStrings } from '../../src/modules/service-map/service-map.strings.ts';
import { qs } from '../../src/modules/queue/queue.strings.ts';

const now = new Date('2026-09-28T01:00:00Z'); // Monday 09:00 Beijing
const enc = encodeURIComponent;

forEachDialect('R1: the booking confirmation offers the next steps', (get) => {
  let t: TestApp;
  let v: TestVenue;
  before(async () => {
    t = await buildTestApp(get(), fixedClock(now));
    v = await insertVenue(get().db);
    await get().db.insertInto('ap_slot_rule').values([
      { venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 600, end_min: 630, capacity: 2, position: 1, created_at: now.toISOString() },
    ]).execute();
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('confirmation: .ics link with time and place, 我的预约, back to the venue', async () => {
    const me = await signInResident(get().db, { phone: '13655557777', name: '赵七' }, { now });
    const url = `/services/venues/${enc(v.venuePublicId)}/book`;
    const start = instantAt('2026-09-29', 600);
    const page = await t.app.inject({ method: 'GET', url: `${url}?start=${enc(start)}`, headers: { cookie: me.cookie } });
    assert.match(page.body, new RegExp(`href="/services/venues/${v.venuePublicId}"`), 'the booking page links back to the venue');
    const done = await t.app.inject({ method: 'POST', url, remoteAddress: '10.77.0.1', headers: { cookie: me.cookie }, payload: { _csrf: CSRF, start, name: '赵七', phone: '13655557777' } });
    assert.equal(done.statusCode, 303, done.body);
    const shown = await t.app.inject({ method: 'GET', url: String(done.headers.location), headers: { cookie: me.cookie } });
    assert.equal(shown.statusCode, 200);
    const ics = /href="data:text\/calendar;charset=utf-8,([^"]+)" download="(YY-[^"]+)\.ics"/.exec(shown.body);
    assert.ok(ics, 'an add-to-calendar link');
    const cal = decodeURIComponent(ics[1]!.replace(/&amp;/g, '&'));
    assert.match(cal, /^BEGIN:VCALENDAR\r\n/);
    assert.match(cal, /\r\nDTSTART:20260929T020000Z\r\nDTEND:20260929T023000Z\r\n/);
    assert.match(cal, new RegExp(`UID:${ics[2]}@gongkai`));
    assert.match(cal, /SUMMARY:预约办事：/);
    assert.match(shown.body, /href="\/me\/appointments">我的预约</);
    assert.match(shown.body, new RegExp(`<a href="/services/venues/${v.venuePublicId}">返回`));

    // cancelled: no calendar link any more
    const cancel = await t.app.inject({ method: 'POST', url: `${String(done.headers.location)}/cancel`, remoteAddress: '10.77.0.2', headers: { cookie: me.cookie }, payload: { _csrf: CSRF } });
    assert.equal(cancel.statusCode, 303);
    const after = await t.app.inject({ method: 'GET', url: String(done.headers.location), headers: { cookie: me.cookie } });
    assert.doesNotMatch(after.body, /text\/calendar/);
  });
});

test('R1: words — next opening without leading zeros and with the weekday; closed 取号 says what to do', () => {
  assert.equal(serviceMapStrings.monthDay('12-07', '08:30', '周一'), '12月7日（周一）08:30');
  assert.equal(serviceMapStrings.monthDay('10-09', '09:00'), '10月9日 09:00');
  assert.match(qs.errors.closed, /开放时间内再来取号/);
  assert.match(qs.errors.closed, /预约/);
});
