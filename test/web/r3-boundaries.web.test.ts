// Review R3 (issue 22): numbers a PostgreSQL `integer` column cannot hold never make a 5xx (the
// public and staff message photo routes answer 404; any other route that passes such a number to the
// database gets 400 number_out_of_range), and a venue token (qv_…) is accepted as a caller only by
// the queue events API: on any other /api/ route it is an invalid token (401), not an anonymous call.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createVenueToken } from '../../src/modules/queue/tokens.service.ts';

const MONDAY_10 = fixedClock('2026-03-02T02:00:00Z');
const BIG = ['99999999999999999999', '2147483648', '99999999999'];

forEachDialect('r3 boundaries', (get) => {
  let t: TestApp;
  let token = '';
  let reference = '';
  before(async () => {
    await withDemo(get());
    t = await buildTestApp(get(), MONDAY_10);
    const { db } = get();
    const v = await db.selectFrom('sm_venue').select('id').where('public_id', '=', 'CX-ZWFW').executeTakeFirstOrThrow();
    token = (await createVenueToken(db, Number(v.id), 'r3', MONDAY_10.now())).token;
    // a message the public page shows (the demo publishes some)
    for (const m of await db.selectFrom('message').select('reference').orderBy('id').execute()) {
      if ((await t.app.inject({ method: 'GET', url: `/interaction/messages/${m.reference}` })).statusCode === 200) { reference = m.reference; break; }
    }
  });
  after(async () => { await t.app.close(); });

  test('a photo id beyond integer is a 404 on the public and the staff photo routes', async () => {
    assert.ok(reference, 'the demo has a public message');
    const cookie = await signIn(t.app, 'admin');
    for (const id of BIG) {
      const pub = await t.app.inject({ method: 'GET', url: `/interaction/messages/${reference}/photos/${id}` });
      assert.equal(pub.statusCode, 404, `public photo ${id}`);
      const staff = await t.app.inject({ method: 'GET', url: `/staff/messages/${reference}/photos/${id}`, headers: { cookie } });
      assert.ok([403, 404].includes(staff.statusCode), `staff photo ${id} → ${staff.statusCode}`);
    }
  });

  test('a number beyond integer sent to a form that passes it to the database is a 400, not a 500', async () => {
    const cookie = await signIn(t.app, 'admin');
    for (const id of BIG) {
      const r = await t.app.inject({ method: 'POST', url: '/staff/venues/CX-ZWFW/queue/revoke', headers: { cookie }, payload: { _csrf: CSRF, token: id } });
      assert.ok(r.statusCode < 500, `revoke ${id} → ${r.statusCode} ${r.body.slice(0, 200)}`);
      assert.ok([400, 404].includes(r.statusCode), `revoke ${id} → ${r.statusCode}`);
    }
  });

  test('a venue token is a caller only on the queue events API', async () => {
    const events = await t.app.inject({ method: 'POST', url: '/api/v1/staff/venues/CX-ZWFW/queue/events', headers: { authorization: `Bearer ${token}` }, payload: { kind: 'issued', number: 'A901', group: 'A' } });
    assert.notEqual(events.statusCode, 401, events.body);
    for (const url of ['/api/v1/items', '/api/v1/venues/CX-ZWFW/queue', '/api/v1/staff/venues/CX-ZWFW/queue/events/x', '/api/v1/items?x=/queue/events']) {
      const r = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.statusCode, 401, `${url} → ${r.statusCode}`);
      assert.equal(r.json().code, 'invalid_token');
    }
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/items', headers: { authorization: 'Bearer qv_forged' } });
    assert.equal(forged.statusCode, 401);
  });
});
