// Findings of issue 21's review fixed by the lead: a form sent after the session ended comes back
// to its page; closing an account deletes its own outbox messages; the demo person's export holds
// no other person's data; the sign-in's reopened addresses and its flood limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, withDemo } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { enqueueNotifications } from '../../src/modules/interaction/index.ts';

forEachDialect('accounts: review findings', (getDb) => {
  test('a POST with no session goes to sign-in with the sending page as the way back; reopened sign-in addresses go to the form', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
    try {
      const res = await app.inject({ method: 'POST', url: '/me/email', headers: { cookie: 'gk_csrf=x', referer: 'http://localhost:80/me/subscriptions?x=1' }, payload: { _csrf: 'x', email: 'a@example.cn' } });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/me/sign-in?return_to=${encodeURIComponent('/me/subscriptions?x=1')}`);
      const foreign = await app.inject({ method: 'POST', url: '/me/email', headers: { cookie: 'gk_csrf=x', referer: 'http://evil.example/me/x' }, payload: { _csrf: 'x', email: 'a@example.cn' } });
      assert.equal(foreign.headers.location, `/me/sign-in?return_to=${encodeURIComponent('/me')}`);
      for (const url of ['/me/sign-in/code', '/me/sign-in/verify']) {
        const r = await app.inject({ method: 'GET', url });
        assert.equal(r.statusCode, 303, url);
        assert.equal(r.headers.location, '/me/sign-in');
      }
    } finally { await app.close(); }
  });

  test('closing deletes the account\'s sign-in codes and e-mails from the outbox, not a kept case\'s notices', async () => {
    const t = getDb();
    await withDemo(t);
    const clock = fixedClock('2026-12-07T02:00:00Z');
    const { app } = await buildTestApp(t, clock);
    try {
      const me = await signInResident(t.db, { phone: '13912345001' }, { now: clock.now() });
      await enqueueNotifications(t.db, [
        { channel: 'sms', recipient: '13912345001', subject: '登录验证码', body: '验证码 123456', reason: 'sign_in_code' },
        { channel: 'sms', recipient: '13912345001', subject: '留言已受理', body: '您的留言已受理', reason: 'message_accepted' },
      ], clock.now());
      const closed = await postForm(app, '/me/close', me.cookie, { confirm: '注销', reason: '' });
      assert.equal(closed.statusCode, 303, closed.body.slice(0, 300));
      const left = await t.db.selectFrom('notification_outbox').select('reason').where('recipient', '=', '13912345001').execute();
      assert.deepEqual(left.map((r) => r.reason), ['message_accepted']);
    } finally { await app.close(); }
  });

  test('the demo person\'s export holds only the demo person\'s ID number and phone', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
    try {
      const me = await signInResident(t.db, { phone: '19912340001' }, { now: new Date('2026-12-07T01:59:00Z') });
      const res = await app.inject({ method: 'GET', url: '/me/export.json', headers: { cookie: me.cookie } });
      assert.equal(res.statusCode, 200);
      const ids = new Set(res.body.match(/\d{17}[\dX]/g) ?? []);
      for (const id of ids) assert.equal(id, '130427199003071237', 'another person\'s ID number in the demo person\'s export');
      const phones = new Set(res.body.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g) ?? []);
      assert.deepEqual([...phones], ['19912340001']);
    } finally { await app.close(); }
  });
});

test('wrong sign-in codes: at most 30 tries per 10 minutes from one address', async () => {
  const { openTestDb } = await import('../support/db.ts');
  const t = await openTestDb('sqlite');
  const { app } = await buildTestApp(t, fixedClock('2026-12-07T02:00:00Z'));
  try {
    let limited = 0;
    for (let i = 0; i < 32; i++) {
      const r = await postForm(app, '/me/sign-in/verify', 'gk_csrf=x', { _csrf: 'x', phone: `139123450${String(i).padStart(2, '0')}`, code: '000000' });
      if (r.statusCode === 429) limited++;
    }
    assert.equal(limited, 2);
  } finally { await app.close(); await t.close(); }
});
