// The queue's web side (issue 22 §2): the calling system's events API with venue tokens (bad input:
// no token, a staff token, another venue's token, a revoked one, unknown kinds, out of order), the
// public queue API, and remote 取号 (signed out, closed hours, too far, no position, a second
// ticket) with the person's ticket page and its cancel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, withDemo, type TestApp } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createVenueToken, revokeVenueToken } from '../../src/modules/queue/tokens.service.ts';

const MONDAY_10 = fixedClock('2026-03-02T02:00:00Z'); // Mon 10:00 Beijing
const SUNDAY = fixedClock('2026-03-01T02:00:00Z');

forEachDialect('queue web', (get) => {
  let t: TestApp;
  let closed: TestApp;
  const ids: Record<string, number> = {};
  let cxToken = '';
  let lhToken = '';
  let cx = { lat: 0, lng: 0 };
  before(async () => {
    await withDemo(get());
    t = await buildTestApp(get(), MONDAY_10);
    closed = await buildTestApp(get(), SUNDAY);
    const { db } = get();
    for (const v of await db.selectFrom('sm_venue').select(['id', 'public_id', 'lat', 'lng']).where('public_id', 'in', ['CX-ZWFW', 'LH-ZWFW']).execute()) {
      ids[v.public_id] = Number(v.id);
      if (v.public_id === 'CX-ZWFW') cx = { lat: Number(v.lat), lng: Number(v.lng) };
    }
    cxToken = (await createVenueToken(db, ids['CX-ZWFW']!, '测试', MONDAY_10.now())).token;
    lhToken = (await createVenueToken(db, ids['LH-ZWFW']!, '测试', MONDAY_10.now())).token;
  });
  after(async () => { await t.app.close(); await closed.app.close(); });

  const post = (body: unknown, token: string | null, venue = 'CX-ZWFW') => t.app.inject({
    method: 'POST', url: `/api/v1/staff/venues/${venue}/queue/events`, payload: body as Record<string, unknown>, headers: token ? { authorization: `Bearer ${token}` } : {},
  });

  test('events API: tokens — none 401, a staff token 403, another venue\'s 403, revoked 401; the venue\'s own token records', async () => {
    const ev = { kind: 'issued', number: 'A101', group: 'A' };
    assert.equal((await post(ev, null)).statusCode, 401);
    const staff = await post(ev, await tokenFor(get().db, 'cixian.gkb'));
    assert.equal(staff.statusCode, 403);
    assert.equal(staff.json().code, 'venue_token_required');
    const other = await post(ev, lhToken);
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().code, 'token_other_venue');
    const unknown = await post(ev, 'qv_nosuchtoken');
    assert.equal(unknown.statusCode, 401);
    const revoked = await createVenueToken(get().db, ids['CX-ZWFW']!, '旧', MONDAY_10.now());
    await revokeVenueToken(get().db, ids['CX-ZWFW']!, revoked.publicId, MONDAY_10.now());
    assert.equal((await post(ev, revoked.token)).statusCode, 401);
    const ok = await post(ev, cxToken);
    assert.equal(ok.statusCode, 200, ok.body);
    const a = ok.json().queue.groups.find((g: { code: string }) => g.code === 'A');
    assert.equal(a.waiting, 1);
    // the Chinese label is the code
    const called = await post({ events: [{ kind: '叫号', number: 'A101', group: 'A' }] }, cxToken);
    assert.equal(called.statusCode, 200, called.body);
    assert.equal(called.json().queue.groups.find((g: { code: string }) => g.code === 'A').calling, 'A101');
  });

  test('events API bad input: unknown kind, out of order with reasons, duplicate, too many, future, nothing sent — never a 5xx', async () => {
    const bad = await post({ kind: 'opened', number: 'A1', group: 'A' }, cxToken);
    assert.equal(bad.statusCode, 400);
    const order = await post({ events: [{ kind: 'issued', number: 'A102', group: 'A' }, { kind: 'finished', number: 'A102', group: 'A' }] }, cxToken);
    assert.equal(order.statusCode, 409);
    assert.equal(order.json().code, 'out_of_order');
    assert.match(order.json().reasons[0], /第 2 个事件：号码 A102 当前等候中，不能办结/);
    const dup = await post({ kind: 'issued', number: 'A101', group: 'A' }, cxToken);
    assert.equal(dup.json().code, 'duplicate_number');
    assert.equal((await post({ events: Array.from({ length: 501 }, (_, i) => ({ kind: 'issued', number: `X${i}`, group: 'A' })) }, cxToken)).statusCode, 400);
    const future = await post({ kind: 'issued', number: 'A103', group: 'A', at: '2026-03-02T02:05:00Z' }, cxToken);
    assert.equal(future.json().code, 'at_in_future');
    assert.equal((await post({}, cxToken)).json().code, 'no_events');
    for (const body of [{ kind: 'issued', number: 'A1', group: 'A', at: 'yesterday' }, { kind: 'issued', number: '', group: 'A' }, { events: 'x' }, { kind: 'issued', number: 'A1', group: '' }]) {
      const r = await post(body, cxToken);
      assert.ok(r.statusCode === 400, `${JSON.stringify(body)} → ${r.statusCode}`);
    }
    // the refused batches left A102 unissued
    const q = await t.app.inject({ method: 'GET', url: '/api/v1/venues/CX-ZWFW/queue' });
    assert.equal(q.statusCode, 200);
    assert.deepEqual(q.json().groups.map((g: { code: string; waiting: number }) => [g.code, g.waiting]), [['A', 0], ['B', 0], ['C', 0]]);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/venues/NOPE/queue' })).statusCode, 404);
  });

  const take = (app: TestApp, cookie: string, body: Record<string, string>) => app.app.inject({
    method: 'POST', url: '/services/venues/CX-ZWFW/queue', headers: { cookie }, payload: { _csrf: CSRF, ...body },
  });

  test('remote 取号: signed out, closed, no position, too far, a group only for the hall — then a number, the ticket page, no second one, cancel', async () => {
    const out = await take(t, `gk_csrf=${CSRF}`, { group: 'A', lat: String(cx.lat), lng: String(cx.lng) });
    assert.equal(out.statusCode, 303);
    assert.match(String(out.headers.location), /^\/me\/sign-in\?return_to=/);
    const me = await signInResident(get().db, { phone: '13900001234' }, { now: MONDAY_10.now() });
    const sunday = await take(closed, me.cookie, { group: 'A', lat: String(cx.lat), lng: String(cx.lng) });
    assert.equal(sunday.statusCode, 400);
    assert.match(sunday.body, /<title>错误：/);
    assert.match(sunday.body, /不在开放时间内/);
    const noPos = await take(t, me.cookie, { group: 'A', lat: '', lng: '' });
    assert.equal(noPos.statusCode, 400);
    assert.match(noPos.body, /需要您的位置/);
    const far = await take(t, me.cookie, { group: 'A', lat: String(cx.lat + 0.1), lng: String(cx.lng) });
    assert.equal(far.statusCode, 400);
    assert.match(far.body, /超过远程取号范围（3\.0 公里）/);
    const hall = await take(t, me.cookie, { group: 'C', lat: String(cx.lat), lng: String(cx.lng) });
    assert.match(hall.body, /只能在现场取号/);
    const ok = await take(t, me.cookie, { group: 'A', lat: String(cx.lat + 0.01), lng: String(cx.lng) });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const ticketUrl = String(ok.headers.location);
    assert.match(ticketUrl, /^\/queue\/Q/);
    const page = await t.app.inject({ method: 'GET', url: ticketUrl, headers: { cookie: me.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /排队号 AW001/);
    assert.match(page.body, /第 1 位/); // A101 was called, nobody waits before it
    assert.match(page.body, /取消排队/);
    // recorded as an issued event (the prediction's history counts it)
    const ev = await get().db.selectFrom('qu_event').select('kind').where('venue_id', '=', ids['CX-ZWFW']!).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(ev.kind, 'issued');
    const second = await take(t, me.cookie, { group: 'B', lat: String(cx.lat), lng: String(cx.lng) });
    assert.equal(second.statusCode, 400);
    assert.match(second.body, /已有等候中的号 AW001/);
    // /me lists it; someone else sees the page without the cancel button and cannot cancel
    const mePage = await t.app.inject({ method: 'GET', url: '/me', headers: { cookie: me.cookie } });
    assert.match(mePage.body, /我的排队[\s\S]*AW001/);
    const other = await signInResident(get().db, { phone: '13900005678' }, { now: MONDAY_10.now() });
    const theirs = await t.app.inject({ method: 'GET', url: ticketUrl, headers: { cookie: other.cookie } });
    assert.doesNotMatch(theirs.body, /取消排队/);
    assert.equal((await t.app.inject({ method: 'POST', url: `${ticketUrl}/cancel`, headers: { cookie: other.cookie }, payload: { _csrf: CSRF } })).statusCode, 403);
    const cancel = await t.app.inject({ method: 'POST', url: `${ticketUrl}/cancel`, headers: { cookie: me.cookie }, payload: { _csrf: CSRF } });
    assert.equal(cancel.statusCode, 303);
    const after = await t.app.inject({ method: 'GET', url: ticketUrl, headers: { cookie: me.cookie } });
    assert.match(after.body, /已取消/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/queue/nosuch' })).statusCode, 404);
  });

  test('the venue page shows the queue block with the 取号 form (signed in) or a sign-in link (signed out)', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/services/venues/CX-ZWFW' });
    assert.equal(anon.statusCode, 200);
    assert.match(anon.body, /排队取号/);
    assert.match(anon.body, /登录后取号/);
    const me = await signInResident(get().db, { phone: '13900009999' }, { now: MONDAY_10.now() });
    const signed = await t.app.inject({ method: 'GET', url: '/services/venues/CX-ZWFW', headers: { cookie: me.cookie } });
    assert.match(signed.body, /action="\/services\/venues\/CX-ZWFW\/queue"/);
    assert.match(signed.body, /<noscript>/);
  });
});
