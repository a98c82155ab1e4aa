// Booking over HTTP: POST /api/v1/appointments (201 with reference and code; every bad input a 4xx
// with a stable code and a Chinese message, 409s with reasons; the per-address limit), cancel with
// the code (wrong code = unknown reference), reschedule; the booking page signed out (slots and a
// sign-in link back) and signed in (name and phone pre-filled, 400 with values kept, 303 to the
// booking's page showing the cancel code once), the lookup by code, cancelling on the page, and
// 我的预约 in /me.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, type TestApp } from '../support/app.ts';
import { insertVenue, type TestVenue } from '../support/venue.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { instantAt } from '../../src/modules/appointments/slots.repository.ts';
import { BOOKING_RATE_MAX } from '../../src/modules/appointments/booking.routes.tsx';

const now = new Date('2026-09-28T01:00:00Z'); // Monday 09:00 Beijing
const clock = fixedClock(now);
const enc = encodeURIComponent;

forEachDialect('appointment booking over HTTP', (get) => {
  let t: TestApp;
  let v: TestVenue;
  let address = 0;
  const remote = () => `10.22.${Math.floor(++address / 250)}.${address % 250}`;
  const api = (url: string, payload: unknown, remoteAddress = remote()) => t.app.inject({ method: 'POST', url, remoteAddress, payload: payload as Record<string, unknown> });
  const form = (url: string, cookie: string, payload: Record<string, string>) => t.app.inject({ method: 'POST', url, remoteAddress: remote(), headers: { cookie }, payload: { _csrf: CSRF, ...payload } });

  before(async () => {
    t = await buildTestApp(get(), clock);
    v = await insertVenue(get().db);
    const at = now.toISOString();
    await get().db.insertInto('ap_slot_rule').values([
      { venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 600, end_min: 630, capacity: 1, position: 1, created_at: at },
      { venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 630, end_min: 660, capacity: 3, position: 2, created_at: at },
    ]).execute();
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('API: 201 with reference and code; every bad input a stable code; 409 with reasons; cancel and reschedule', async () => {
    const start = instantAt('2026-09-29', 600);
    const ok = await api('/api/v1/appointments', { venue: v.venuePublicId, start, name: '张三', phone: '13912345678' });
    assert.equal(ok.statusCode, 201, ok.body);
    const b = ok.json() as { reference: string; code: string; venue: string; item: null; start: string; end: string; status: string };
    assert.deepEqual({ ...b, reference: '', code: '' }, { reference: '', code: '', venue: v.venuePublicId, item: null, start, end: instantAt('2026-09-29', 630), status: 'booked' });
    assert.doesNotMatch(ok.body, /"id"/);

    const cases: [unknown, number, string][] = [
      [{ venue: v.venuePublicId, start, name: '李四', phone: '13912345679' }, 409, 'slot_full'],
      [{ venue: v.venuePublicId, start: instantAt('2026-09-29', 630), name: '张三', phone: '13912345678' }, 201, ''],
      [{ venue: v.venuePublicId, start: instantAt('2026-09-29', 630), name: '张三', phone: '13912345678' }, 409, 'already_booked'],
      [{ venue: v.venuePublicId, start: instantAt('2026-09-25', 600), name: '张三', phone: '13900000001' }, 409, 'slot_in_past'],
      [{ venue: v.venuePublicId, start: instantAt('2026-10-01', 600), name: '张三', phone: '13900000001' }, 409, 'day_closed'],
      [{ venue: v.venuePublicId, start: instantAt('2026-10-20', 600), name: '张三', phone: '13900000001' }, 409, 'beyond_horizon'],
      [{ venue: v.venuePublicId, start: instantAt('2026-09-29', 545), name: '张三', phone: '13900000001' }, 404, 'slot_not_found'],
      [{ venue: v.venuePublicId, start: 'next tuesday', name: '张三', phone: '13900000001' }, 400, 'start_invalid'],
      [{ venue: v.venuePublicId, start, name: '张三', phone: '12345' }, 400, 'phone_invalid'],
      [{ venue: v.venuePublicId, start, name: '', phone: '13900000001' }, 400, 'name_required'],
      [{ venue: 'V-NOPE', start, name: '张三', phone: '13900000001' }, 404, 'venue_not_found'],
      [{ venue: v.venuePublicId, item: 'I-NOPE', start, name: '张三', phone: '13900000001' }, 404, 'item_not_found'],
      [{ venue: v.venuePublicId, start, name: '张三' }, 400, 'validation_failed'],
      [{ venue: v.venuePublicId, start: 12, name: '张三', phone: '13900000001' }, 400, ''],
    ];
    for (const [payload, status, code] of cases) {
      const r = await api('/api/v1/appointments', payload);
      assert.equal(r.statusCode, status, `${JSON.stringify(payload)} → ${r.body}`);
      if (status >= 400) {
        const e = r.json() as { code: string; message: string; reasons?: string[] };
        if (code && code !== 'validation_failed') assert.equal(e.code, code);
        assert.match(e.message, /[\u4e00-\u9fff]/, 'a Chinese message');
        if (status === 409) assert.ok(Array.isArray(e.reasons) && e.reasons.length > 0);
      }
    }

    // cancel: a wrong code and an unknown reference answer alike
    const wrong = await api(`/api/v1/appointments/${b.reference}/cancel`, { code: 'AAAAAAAA' });
    const unknown = await api('/api/v1/appointments/YY-20260928-ZZZZZ/cancel', { code: b.code });
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.body, unknown.body);
    // reschedule onto the full 10:00 slot of Wednesday? first take it, then move there: slot_full leaves the booking
    const wed = instantAt('2026-09-30', 600);
    assert.equal((await api('/api/v1/appointments', { venue: v.venuePublicId, start: wed, name: '王五', phone: '13700000001' })).statusCode, 201);
    const full = await api(`/api/v1/appointments/${b.reference}/reschedule`, { code: b.code, start: wed });
    assert.equal(full.statusCode, 409);
    assert.equal((full.json() as { code: string }).code, 'slot_full');
    const moved = await api(`/api/v1/appointments/${b.reference}/reschedule`, { code: b.code, start: instantAt('2026-10-08', 600) });
    assert.equal(moved.statusCode, 201, moved.body);
    const m = moved.json() as { reference: string; rescheduled_from: string };
    assert.equal(m.rescheduled_from, b.reference);
    // the 10:00 place of Tuesday is free again
    assert.equal((await api('/api/v1/appointments', { venue: v.venuePublicId, start, name: '李四', phone: '13912345679' })).statusCode, 201);
    const c1 = await api(`/api/v1/appointments/${m.reference}/cancel`, { code: b.code });
    const c2 = await api(`/api/v1/appointments/${m.reference}/cancel`, { code: b.code });
    assert.deepEqual([c1.statusCode, c2.statusCode], [200, 200]);
    assert.equal((c2.json() as { status: string }).status, 'cancelled');
  });

  test('API: bookings per address are limited (429 with a Chinese message)', async () => {
    const addr = '10.99.0.1';
    let last = 0;
    for (let i = 0; i <= BOOKING_RATE_MAX; i++) last = (await api('/api/v1/appointments', { venue: 'V-NOPE', start: 'x', name: '张三', phone: '13900000001' }, addr)).statusCode;
    assert.equal(last, 429);
  });

  test('pages: signed out shows slots and a sign-in link; signed in books with pre-filled values, 400 keeps them, 303 to the page with the code once; lookup by code; cancel; /me lists it', async () => {
    const url = `/services/venues/${enc(v.venuePublicId)}/book`;
    const start = instantAt('2026-10-09', 630);
    const out = await t.app.inject({ method: 'GET', url: `${url}?start=${enc(start)}` });
    assert.equal(out.statusCode, 200);
    assert.match(out.body, /2026年10月9日（周五）/);
    assert.match(out.body, /余 3 个/);
    assert.match(out.body, /已约满/, 'Tuesday 10:00 is full');
    assert.match(out.body, /href="\/me\/sign-in\?return_to=[^"]*book/);
    assert.doesNotMatch(out.body, /name="phone"/);

    const me = await signInResident(get().db, { phone: '13655556666', name: '赵六' }, { now });
    const page = await t.app.inject({ method: 'GET', url: `${url}?start=${enc(start)}`, headers: { cookie: me.cookie } });
    assert.match(page.body, /name="phone"[^>]*value="13655556666"|value="13655556666"[^>]*name="phone"/);
    assert.match(page.body, /value="赵六"/);
    assert.match(page.body, /data-submit-once/);

    const bad = await form(url, me.cookie, { start, name: '赵六', phone: '1365555' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /value="1365555"/);
    const past = await form(url, me.cookie, { start: instantAt('2026-09-25', 600), name: '赵六', phone: '13655556666' });
    assert.equal(past.statusCode, 409);
    assert.match(past.body, /<title>错误：/);

    const done = await form(url, me.cookie, { start, name: '赵六', phone: '13655556666' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 400));
    const loc = String(done.headers.location);
    assert.match(loc, /^\/appointments\/YY-/);
    const ref = decodeURIComponent(loc.split('/').pop()!);
    const codeCookie = (done.cookies as { name: string; value: string }[]).find((c) => c.name === 'gk_ap_code')!;
    const shown = await t.app.inject({ method: 'GET', url: loc, headers: { cookie: `${me.cookie}; gk_ap_code=${codeCookie.value}` } });
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /预约成功/);
    assert.match(shown.body, new RegExp(codeCookie.value));
    assert.match(shown.body, /2026年10月9日（周五）10:30–11:00/);
    assert.match(shown.body, /测试路 1 号/);
    const again = await t.app.inject({ method: 'GET', url: loc, headers: { cookie: me.cookie } });
    assert.doesNotMatch(again.body, new RegExp(codeCookie.value), 'the code is shown once');
    // a second click of the same form: already booked, the place taken once
    const twice = await form(url, me.cookie, { start, name: '赵六', phone: '13655556666' });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /您已预约了这个时段/);

    // someone else: the lookup form; the right code opens it, a wrong one is a 400 without saying which part was wrong
    const anon = await t.app.inject({ method: 'GET', url: loc });
    assert.match(anon.body, /name="code"/);
    assert.doesNotMatch(anon.body, /测试路 1 号/);
    const wrong = await form(loc, `gk_csrf=${CSRF}`, { code: 'ZZZZZZZZ' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /找不到该预约，或取消码不正确/);
    const right = await form(loc, `gk_csrf=${CSRF}`, { code: codeCookie.value.toLowerCase() });
    assert.equal(right.statusCode, 200);
    assert.match(right.body, /136\*\*\*\*6666/);

    // /me: 我的预约
    const home = await t.app.inject({ method: 'GET', url: '/me', headers: { cookie: me.cookie } });
    assert.match(home.body, /我的预约/);
    const list = await t.app.inject({ method: 'GET', url: '/me/appointments', headers: { cookie: me.cookie } });
    assert.match(list.body, new RegExp(ref));

    // the owner cancels on the page: 303, the place is free again
    const cancelled = await form(`${loc}/cancel`, me.cookie, {});
    assert.equal(cancelled.statusCode, 303);
    const after = await t.app.inject({ method: 'GET', url: loc, headers: { cookie: me.cookie } });
    assert.match(after.body, /已取消/);
    const slots = await t.app.inject({ method: 'GET', url: `${url}?start=${enc(start)}` });
    assert.match(slots.body, /余 3 个/);
  });
});
