// Several processes on one database, on SQLite and PostgreSQL: a background job runs once per
// period however many runners ask (on PostgreSQL the second runner has its own connection pool, as
// a second process would), a held job is not taken over until its lease ends, outbox rows are
// delivered once when two workers race, and a captcha drawn through one connection is checked
// through the other and used once in total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type KyselyPlugin } from 'kysely';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { openDb } from '../../src/platform/db/db.ts';
import { JobRunner } from '../../src/platform/jobs/jobs.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createCaptcha, initCaptcha, purgeSpentCaptchas, solveCaptchaForTest, verifyCaptcha } from '../../src/platform/captcha/captcha.ts';
import { deliverDue, type NotificationProvider } from '../../src/modules/interaction/index.ts';
import { databaseRateLimitStore, hit, purgeRateLimits } from '../../src/platform/web/rate-limit-store.ts';
import { platformView, type Database, type Db } from '../../src/schema.ts';

/** A second pool on the same PostgreSQL schema (another process); SQLite in memory has only one. */
async function secondDb(t: TestDb): Promise<{ db: Db; close: () => Promise<void> }> {
  if (t.dialect !== 'postgres') return { db: t.db, close: async () => undefined };
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.db)).rows[0]!.s;
  const db = openDb<Database>({ databaseUrl: process.env.TEST_DATABASE_URL as string, pgSchema: schema, poolSize: 4 });
  return { db, close: () => db.destroy() };
}

forEachDialect('background jobs and captcha across processes', (get) => {
  let t0 = Date.parse('2026-03-02T02:00:00Z');
  const now = () => new Date(t0);

  test('two runners: a due job runs once per period in total, and the schedule records it', async () => {
    const other = await secondDb(get());
    try {
      let count = 0;
      const job = { name: 'test.once', everyMs: 60_000, firstRunAfterMs: 0, run: async () => { count++; await new Promise((r) => setTimeout(r, 20)); } };
      const a = new JobRunner(platformView(get().db), { owner: 'A', now });
      const b = new JobRunner(platformView(other.db), { owner: 'B', now });
      a.register(job);
      b.register({ ...job });
      const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
      assert.equal(count, 1, 'one run between both runners');
      assert.equal(ra.length + rb.length, 1);
      const row = await get().db.selectFrom('job_schedule').selectAll().where('name', '=', 'test.once').executeTakeFirstOrThrow();
      assert.equal(Number(row.runs), 1);
      assert.equal(row.lease_owner, null, 'released after the run');
      assert.equal(row.next_run_at, new Date(t0 + 60_000).toISOString());
      assert.ok(row.last_owner === 'A' || row.last_owner === 'B');

      // not due yet: nobody runs it (fresh runners, so no local memory of the schedule helps)
      const a2 = new JobRunner(platformView(get().db), { owner: 'A2', now });
      const b2 = new JobRunner(platformView(other.db), { owner: 'B2', now });
      a2.register(job);
      b2.register({ ...job });
      await Promise.all([a2.runDue(), b2.runDue()]);
      assert.equal(count, 1);

      // one period later: once again
      t0 += 61_000;
      await Promise.all([a2.runDue(), b2.runDue()]);
      assert.equal(count, 2);
      const again = await get().db.selectFrom('job_schedule').select('runs').where('name', '=', 'test.once').executeTakeFirstOrThrow();
      assert.equal(Number(again.runs), 2);
    } finally {
      await other.close();
    }
  });

  test('a job held by one process is not run by another until its lease ends; a failure is recorded', async () => {
    const other = await secondDb(get());
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      let started!: () => void;
      const running = new Promise<void>((r) => { started = r; });
      let runs = 0;
      const a = new JobRunner(platformView(get().db), { owner: 'A', now });
      const b = new JobRunner(platformView(other.db), { owner: 'B', now });
      a.register({ name: 'test.slow', everyMs: 1000, firstRunAfterMs: 0, leaseMs: 600_000, run: async () => { runs++; started(); await gate; } });
      b.register({ name: 'test.slow', everyMs: 1000, firstRunAfterMs: 0, leaseMs: 600_000, run: async () => { runs++; throw new Error('should not run'); } });
      const pass = a.runDue();
      // Wait until A is inside the job (holding it), however slow the machine; fail after 30 s.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('A did not start the job within 30 s')), 30_000); })]);
      clearTimeout(timer);
      assert.equal(runs, 1);
      t0 += 5000; // due again by the schedule, but A still holds it
      assert.deepEqual(await b.runDue(), []);
      release();
      assert.deepEqual(await pass, ['test.slow']);

      // A process that died holding the job: the lease runs out and another takes over.
      await get().db.updateTable('job_schedule').set({ lease_owner: 'dead', lease_until: new Date(t0 - 1).toISOString(), next_run_at: new Date(t0 - 1).toISOString() }).where('name', '=', 'test.slow').execute();
      const b2 = new JobRunner(platformView(other.db), { owner: 'B2', now });
      b2.register({ name: 'test.slow', everyMs: 1000, run: async () => { throw new Error('gateway down'); } });
      assert.deepEqual(await b2.runDue(), ['test.slow']);
      const row = await get().db.selectFrom('job_schedule').selectAll().where('name', '=', 'test.slow').executeTakeFirstOrThrow();
      assert.equal(row.last_owner, 'B2');
      assert.equal(row.last_error, 'gateway down');
      assert.equal(row.lease_owner, null);
    } finally {
      await other.close();
    }
  });

  test('a job whose release fails (the database busy) is released at the next pass, not held until its lease ends', async () => {
    const other = await secondDb(get());
    try {
      let failNext = true;
      // The release (the one update that sets last_finished_at) meets a busy database once.
      const busyOnce: KyselyPlugin = {
        transformQuery(args) {
          if (failNext && args.node.kind === 'UpdateQueryNode' && JSON.stringify(args.node).includes('last_finished_at')) {
            failNext = false;
            throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          }
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      let runs = 0;
      const job = { name: 'test.release', everyMs: 60_000, firstRunAfterMs: 0, leaseMs: 600_000, run: async () => { runs++; } };
      const a = new JobRunner(platformView(get().db.withPlugin(busyOnce)), { owner: 'A', now });
      const b = new JobRunner(platformView(other.db), { owner: 'B', now });
      a.register(job);
      b.register({ ...job });
      assert.deepEqual(await a.runDue(), ['test.release']);
      assert.equal(failNext, false, 'the release was attempted and failed');
      const held = await get().db.selectFrom('job_schedule').selectAll().where('name', '=', 'test.release').executeTakeFirstOrThrow();
      assert.equal(held.lease_owner, 'A');

      assert.deepEqual(await a.runDue(), [], 'not due again yet');
      const released = await get().db.selectFrom('job_schedule').selectAll().where('name', '=', 'test.release').executeTakeFirstOrThrow();
      assert.equal(released.lease_owner, null, 'released at the next pass');
      assert.ok(released.last_finished_at);
      assert.equal(released.last_error, null);

      t0 += 61_000; // one period later another process runs it (its lease of 10 minutes does not hold it)
      assert.deepEqual(await b.runDue(), ['test.release']);
      assert.equal(runs, 2);

      // Stopping (the server closing) releases what could not be released too.
      failNext = true;
      t0 += 61_000;
      await a.requestRun('test.release'); // (A's own notes would wait 5 s of real time)
      assert.deepEqual(await a.runDue(), ['test.release']);
      assert.equal((await get().db.selectFrom('job_schedule').select('lease_owner').where('name', '=', 'test.release').executeTakeFirstOrThrow()).lease_owner, 'A');
      await a.stop();
      assert.equal((await get().db.selectFrom('job_schedule').select('lease_owner').where('name', '=', 'test.release').executeTakeFirstOrThrow()).lease_owner, null);
    } finally {
      await other.close();
    }
  });

  test('requestRun makes a job due at once, and it then runs once', async () => {
    const a = new JobRunner(platformView(get().db), { owner: 'A', now });
    let runs = 0;
    a.register({ name: 'test.requested', everyMs: 3_600_000, run: async () => { runs++; } });
    assert.deepEqual(await a.runDue(), [], 'first run one period after it is first known');
    const fresh = new JobRunner(platformView(get().db), { owner: 'C', now });
    fresh.register({ name: 'test.requested', everyMs: 3_600_000, run: async () => { runs++; } });
    await fresh.requestRun('test.requested');
    assert.deepEqual(await fresh.runDue(), ['test.requested']);
    assert.deepEqual(await fresh.runDue(), []);
    assert.equal(runs, 1);
  });

  test('outbox: two workers racing over the same due rows send each notification once', async () => {
    const other = await secondDb(get());
    try {
      const clock = fixedClock('2026-03-02T02:00:00Z');
      const at = clock.now().toISOString();
      await get().db.updateTable('notification_outbox').set({ status: 'sent' }).where('status', '=', 'pending').execute();
      const rows = Array.from({ length: 12 }, (_, i) => ({
        channel: i % 2 ? 'sms' : 'email', recipient: i % 2 ? `1390000${String(i).padStart(4, '0')}` : `r${i}@example.com`, subject: '测试', body: `通知 ${i}`,
        message_id: null, reason: 'accepted', status: 'pending', attempts: 0, next_attempt_at: at, last_error: null, created_at: at, sent_at: null,
      }));
      await get().db.insertInto('notification_outbox').values(rows).execute();
      const sent: string[] = [];
      const slow: NotificationProvider = { name: 'slow', channels: ['sms', 'email'], send: async (n) => { await new Promise((r) => setTimeout(r, 5)); sent.push(n.body); } };
      const [x, y] = await Promise.all([deliverDue(get().db, clock, [slow]), deliverDue(other.db, clock, [slow])]);
      assert.equal(x.sent + y.sent, 12);
      assert.equal(sent.length, 12, 'no notification sent twice');
      assert.equal(new Set(sent).size, 12);
      const left = await get().db.selectFrom('notification_outbox').select(['status', 'attempts']).where('subject', '=', '测试').execute();
      assert.ok(left.every((r) => r.status === 'sent' && Number(r.attempts) === 1));
      assert.deepEqual(await deliverDue(get().db, clock, [slow]), { sent: 0, retried: 0, failed: 0 });
    } finally {
      await other.close();
    }
  });

  test('captcha: the picture has no text; drawn through one connection, accepted through the other, once in total', async () => {
    const other = await secondDb(get());
    try {
      const at = new Date('2026-09-18T02:00:00Z');
      await initCaptcha(platformView(get().db));
      await initCaptcha(platformView(other.db)); // the second process reads the same key
      const key = await get().db.selectFrom('install_state').select('value').where('key', '=', 'captcha_secret').execute();
      assert.equal(key.length, 1);
      const { svg, token } = createCaptcha(platformView(get().db), at);
      assert.match(svg, /^<svg/);
      assert.doesNotMatch(svg, /<text/);
      const answer = solveCaptchaForTest(token);
      assert.deepEqual(await verifyCaptcha(platformView(other.db), token, String(Number(answer) + 1), at), { ok: false, code: 'captcha_wrong' });
      assert.deepEqual(await verifyCaptcha(platformView(other.db), token, '', at), { ok: false, code: 'captcha_missing' });
      assert.deepEqual(await verifyCaptcha(platformView(other.db), token, answer, new Date(at.getTime() + 11 * 60_000)), { ok: false, code: 'captcha_expired' });
      assert.deepEqual(await verifyCaptcha(platformView(other.db), token, ` ${answer} `, at), { ok: true });
      assert.deepEqual(await verifyCaptcha(platformView(get().db), token, answer, at), { ok: false, code: 'captcha_used' });
      assert.deepEqual(await verifyCaptcha(platformView(other.db), token, answer, at), { ok: false, code: 'captcha_used' });
      const [exp, nonce] = token.split('.');
      assert.deepEqual(await verifyCaptcha(platformView(get().db), `${exp}.${nonce}.forged`, '3', at), { ok: false, code: 'captcha_wrong' });
      assert.deepEqual(await verifyCaptcha(platformView(get().db), 'garbage', '3', at), { ok: false, code: 'captcha_expired' });
      assert.equal(await purgeSpentCaptchas(platformView(get().db), at), 0, 'not expired yet');
      assert.equal(await purgeSpentCaptchas(platformView(get().db), new Date(at.getTime() + 11 * 60_000)), 1);
    } finally {
      await other.close();
    }
  });

  test('rate limits counted in the database: two processes share one count per route and address; a window ends', async () => {
    const other = await secondDb(get());
    try {
      const Store = databaseRateLimitStore(platformView(get().db));
      const Other = databaseRateLimitStore(platformView(other.db));
      const route = { routeInfo: { method: 'POST', url: '/interaction/status' } };
      const a = new Store({} as never).child(route as never);
      const b = new Other({} as never).child(route as never);
      const elsewhere = new Other({} as never).child({ routeInfo: { method: 'POST', url: '/login' } } as never);
      const incr = (s: typeof a, key: string) => new Promise<{ current: number; ttl: number }>((resolve, reject) => {
        (s.incr as (k: string, cb: (e: Error | null, r?: { current: number; ttl: number }) => void, w: number, m: number) => void)(key, (e, r) => (e ? reject(e) : resolve(r!)), 600_000, 3);
      });
      const counts = await Promise.all([incr(a, '10.0.0.1'), incr(b, '10.0.0.1'), incr(a, '10.0.0.1'), incr(b, '10.0.0.1')]);
      assert.deepEqual(counts.map((c) => c.current).sort(), [1, 2, 3, 4], 'one count across both processes, no lost update');
      assert.ok(counts.every((c) => c.ttl > 0 && c.ttl <= 600_000));
      assert.equal((await incr(elsewhere, '10.0.0.1')).current, 1, 'another route counts apart');
      assert.equal((await incr(b, '10.0.0.2')).current, 1, 'another address counts apart');
      const t = Date.now();
      assert.equal((await hit(platformView(get().db), 'k', 1000, t)).current, 1);
      assert.deepEqual(await hit(platformView(other.db), 'k', 1000, t + 400), { current: 2, ttl: 600 });
      assert.deepEqual(await hit(platformView(get().db), 'k', 1000, t + 1000), { current: 1, ttl: 1000 }, 'a new window');
      // a request whose clock reading came before the window's start (it waited for the row) has never more than the window left
      assert.deepEqual(await hit(platformView(other.db), 'k', 1000, t + 990), { current: 2, ttl: 1000 });
      assert.equal(await purgeRateLimits(platformView(get().db), t + 1000 + 86_400_001), 4);
    } finally {
      await other.close();
    }
  });
}, withDemo);
