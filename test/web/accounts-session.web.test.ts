// The resident session (issue 21 foundation): the gk_me cookie resolves request.resident on pages,
// shows 「我的空间」 in the header, is ignored on /api, and an unknown or expired cookie is cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

forEachDialect('resident session', (getDb) => {
  test('a signed-in resident sees 我的空间 in the header; signed out sees 个人/法人登录', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
    try {
      const anon = await app.inject({ method: 'GET', url: '/' });
      assert.match(anon.body, /个人\/法人登录/);
      const r = await signInResident(t.db, { phone: '13912345678', name: '张三' }, { now: new Date('2026-12-07T01:59:00Z') });
      const home = await app.inject({ method: 'GET', url: '/', headers: { cookie: r.cookie } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /我的空间（张三）/);
      const bogus = await app.inject({ method: 'GET', url: '/', headers: { cookie: 'gk_me=nonsense' } });
      assert.match(bogus.body, /个人\/法人登录/);
      assert.match(String(bogus.headers['set-cookie']), /gk_me=;/);
      // two hours later the 30-minute idle limit has ended it
      const later = await buildTestApp(t, fixedClock('2026-12-07T04:00:00Z'));
      try {
        const expired = await later.app.inject({ method: 'GET', url: '/', headers: { cookie: r.cookie } });
        assert.match(expired.body, /个人\/法人登录/);
      } finally { await later.app.close(); }
    } finally { await app.close(); }
  });
});

forEachDialect('resident account refresh', (getDb) => {
  test('a phone-code sign-in keeps the name and the kind verified before (it verifies only the phone)', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
    try {
      // the demo's enterprise (its kind and name came from elsewhere), then an SMS sign-in
      const before = await t.db.selectFrom('pa_account').select(['kind', 'display_name']).where('login_key', '=', 'sms:19912340002').executeTakeFirstOrThrow();
      assert.equal(before.kind, 'enterprise');
      const r = await signInResident(t.db, { phone: '19912340002' }, { now: new Date('2026-12-07T01:59:00Z') });
      const after = await t.db.selectFrom('pa_account').select(['kind', 'display_name']).where('id', '=', r.accountId).executeTakeFirstOrThrow();
      assert.deepEqual(after, before);
      const person = await signInResident(t.db, { phone: '19912340001' }, { now: new Date('2026-12-07T01:59:00Z') });
      const home = await app.inject({ method: 'GET', url: '/', headers: { cookie: person.cookie } });
      assert.match(home.body, /我的空间（张三（演示））/);
    } finally { await app.close(); }
  });
});

forEachDialect('resident session cache', (getDb) => {
  test('page views reuse a session read for 3 s; any POST reads it afresh (a sign-out is seen at once)', async () => {
    const t = getDb();
    await withDemo(t);
    const now = new Date('2026-12-07T02:00:00Z');
    let clockNow = now;
    const { app } = await buildTestApp(t, { now: () => clockNow, today: () => fixedClock(clockNow).today() });
    try {
      const r = await signInResident(t.db, { phone: '13912345679', name: '赵六' }, { now });
      assert.match((await app.inject({ method: 'GET', url: '/', headers: { cookie: r.cookie } })).body, /我的空间（赵六）/);
      // the session row deleted behind the app's back (another process signed it out): a page within 3 s still shows it …
      await t.db.deleteFrom('pa_session').where('account_id', '=', r.accountId).execute();
      assert.match((await app.inject({ method: 'GET', url: '/', headers: { cookie: r.cookie } })).body, /我的空间（赵六）/);
      // … a POST does not use the cache (and drops it) …
      const post = await app.inject({ method: 'POST', url: '/me/consent', headers: { cookie: r.cookie }, payload: { _csrf: /gk_csrf=([^;]+)/.exec(r.cookie)![1]!, agree: 'yes' } });
      assert.equal(post.statusCode, 303);
      assert.match(String(post.headers.location), /^\/me\/sign-in/);
      assert.match((await app.inject({ method: 'GET', url: '/', headers: { cookie: r.cookie } })).body, /个人\/法人登录/);
      // … and 3 s later a page reads it afresh too
      const s2 = await signInResident(t.db, { phone: '13912345670' }, { now });
      assert.match((await app.inject({ method: 'GET', url: '/', headers: { cookie: s2.cookie } })).body, /我的空间/);
      await t.db.deleteFrom('pa_session').where('account_id', '=', s2.accountId).execute();
      clockNow = new Date(now.getTime() + 3001);
      assert.match((await app.inject({ method: 'GET', url: '/', headers: { cookie: s2.cookie } })).body, /个人\/法人登录/);
    } finally { await app.close(); }
  });
});
