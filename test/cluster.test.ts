// Two real server processes (src/main.ts: one through tsx, one built) on one fresh PostgreSQL schema,
// started together with demo data: the one that wins the install lock migrates and loads the demo,
// the other waits and finds it done. Then: a session made on A works on B; a disclosure written
// and published through both is searchable and shown on the other within a second; a captcha drawn
// by A is accepted by B once and refused afterwards; a calendar change through A is used by B
// within a second; notifications queued in the outbox are delivered exactly once between the two
// workers; an hourly job ran once, not once per process. Runs only with TEST_DATABASE_URL
// (REQUIRE_POSTGRES=1 in CI makes that mandatory).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb } from '../src/platform/db/db.ts';
import { initCaptcha, solveCaptchaForTest } from '../src/platform/captcha/captcha.ts';
import { CHECKLIST } from '../src/modules/disclosures/workflow.ts';
import { statutoryHolidays } from '../src/platform/calendar/statutory-holidays.ts';
import { DEMO_PASSWORD } from '../src/demo.ts';
import { platformView, type Database, type Db } from '../src/schema.ts';
import { serverArgs } from './support/spawn.ts';

const URL_ = process.env.TEST_DATABASE_URL;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CSRF = 'clustertest-csrf-token-aaaaaaaaaaaaaaaaaaaa'.slice(0, 43);

interface Server { name: string; child: ChildProcess; base: string; output: string[]; notifyFile: string }

function startServer(name: string, schema: string, dir: string): Promise<Server> {
  const notifyFile = path.join(dir, `${name}.jsonl`);
  // A as `npm start` runs it (tsx), B from the same sources built once (test/support/spawn.ts)
  const child = spawn(process.execPath, name === 'a' ? ['--import', 'tsx', 'src/main.ts'] : serverArgs(), {
    cwd: ROOT,
    env: {
      ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, DATABASE_URL: URL_, DATABASE_SCHEMA: schema,
      DEMO_DATA: 'true', NOTIFY_PROVIDER: 'file', NOTIFY_FILE: notifyFile, NOTIFY_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_MINUTE: '100000', MESSAGE_RATE_MAX: '100000', MAP_TILE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output.join('')}`)), 240_000);
    const onData = (b: Buffer) => {
      output.push(b.toString());
      const m = /Gongkai 已启动：(http:\/\/[0-9.]+:\d+)/.exec(output.join(''));
      if (m) { clearTimeout(timer); resolve({ name, child, base: m[1]!, output, notifyFile }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}:\n${output.join('')}`)); });
  });
}

function cookieHeader(res: Response, base = `gk_csrf=${CSRF}`): string {
  const jar = new Map(base.split('; ').filter(Boolean).map((c) => c.split('=') as [string, string]));
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    jar.set(pair!.slice(0, i), pair!.slice(i + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

function post(base: string, url: string, cookie: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${base}${url}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: /(?:^|; )gk_csrf=([^;]*)/.exec(cookie)?.[1] ?? CSRF, ...fields }).toString() });
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await post(base, '/login', `gk_csrf=${CSRF}`, { username, password: DEMO_PASSWORD });
  assert.equal(res.status, 303, `sign-in of ${username} on ${base}: ${res.status}`);
  return cookieHeader(res);
}

/**
 * Polls `check` until it is true; returns the milliseconds it took, or fails once `limitMs` has
 * passed. A check that comes true only after the limit (a slow last check) fails too, so success
 * always means within `limitMs`, measured to the end of the check that saw it.
 */
async function within(limitMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const ok = await check();
    const ms = Date.now() - t0;
    if (ms > limitMs) assert.fail(`${what}: not within ${limitMs} ms (${ok ? 'seen' : 'still not seen'} after ${ms} ms)`);
    if (ok) return ms;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Today in Beijing (the servers run on the real clock). */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

describe('two processes on one PostgreSQL', { skip: URL_ ? false : '没有 TEST_DATABASE_URL：集群测试需要 PostgreSQL' }, () => {
  const schema = `c_${randomBytes(6).toString('hex')}`;
  let dir = '';
  let a: Server;
  let b: Server;
  let db: Db;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cluster-'));
    [a, b] = await Promise.all([startServer('a', schema, dir), startServer('b', schema, dir)]);
    db = openDb<Database>({ databaseUrl: URL_!, pgSchema: schema, poolSize: 2 });
    await initCaptcha(platformView(db)); // the test solves captchas with the servers' shared key
  }, { timeout: 300_000 });

  after(async () => {
    for (const s of [a, b]) {
      if (!s || s.child.exitCode !== null) continue;
      const exited = new Promise((r) => s.child.once('exit', r));
      s.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (s.child.exitCode === null) s.child.kill('SIGKILL');
    }
    await db?.destroy();
    if (URL_) {
      const c = new pg.Client({ connectionString: URL_ });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('started together: migrated and demo-loaded once', async () => {
    const demoLines = [a, b].filter((s) => s.output.join('').includes('首次启动，正在载入演示数据')).length;
    assert.equal(demoLines, 1, 'exactly one process loaded the demo');
    const users = await db.selectFrom('staff_user').select('username').where('username', '=', 'cixian.editor').execute();
    assert.equal(users.length, 1);
    for (const s of [a, b]) assert.equal((await fetch(`${s.base}/healthz`)).status, 200);
  });

  test('a session made on A works on B; a disclosure written through both is public and searchable on the other within a second', { timeout: 120_000 }, async () => {
    const editor = await signIn(a.base, 'cixian.editor');
    const onB = await fetch(`${b.base}/staff/disclosures`, { redirect: 'manual', headers: { cookie: editor } });
    assert.equal(onB.status, 200, 'the session cookie from A is valid on B');
    assert.equal((await fetch(`${b.base}/staff/disclosures`, { redirect: 'manual' })).status === 200, false, 'and B does not let anyone in');

    const title = `集群测试公告${randomBytes(3).toString('hex')}`;
    const created = await post(a.base, '/staff/disclosures', editor, { org: '130427', title, body: '<p>两个进程共同处理的公告正文</p>', genre: 'notice', category: 'zhzw', formed_on: beijingToday(), validity: 'effective' });
    assert.equal(created.status, 303, await created.text());
    const id = Number(/\/staff\/disclosures\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    assert.equal((await post(b.base, `/staff/disclosures/${id}/actions/submit`, editor, {})).status, 303);
    const reviewer = await signIn(b.base, 'cixian.reviewer');
    const review = await post(a.base, `/staff/disclosures/${id}/review`, reviewer, { ...Object.fromEntries(CHECKLIST.map((q) => [q.key, q.safe])), conclusion: 'approve', reasons: '' });
    assert.equal(review.status, 303, await review.text());
    const published = await post(b.base, `/staff/disclosures/${id}/actions/publish`, editor, {});
    assert.equal(published.status, 303);

    const { index_no: indexNo } = await db.selectFrom('disclosure').select('index_no').where('id', '=', id).executeTakeFirstOrThrow();
    const found = async (s: Server) => {
      const r = await fetch(`${s.base}/api/v1/search?q=${encodeURIComponent(title)}`);
      return r.status === 200 && JSON.stringify(await r.json()).includes(title);
    };
    await within(1000, 'searchable on A after publishing through B', () => found(a));
    await within(1000, 'searchable on B', () => found(b));
    const page = await fetch(`${a.base}/openness/disclosures/${encodeURIComponent(indexNo)}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(title));
  });

  test('scheduled publication is a time compared when read: it becomes searchable on both processes, and nothing is written at that moment', { timeout: 120_000 }, async () => {
    const editor = await signIn(b.base, 'cixian.editor');
    const reviewer = await signIn(a.base, 'cixian.reviewer');
    const title = `定时发布集群测试${randomBytes(3).toString('hex')}`;
    const created = await post(b.base, '/staff/disclosures', editor, { org: '130427', title, body: '<p>定时发布的正文</p>', genre: 'notice', category: 'zhzw', formed_on: beijingToday(), validity: 'effective' });
    const id = Number(/\/staff\/disclosures\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    await post(b.base, `/staff/disclosures/${id}/actions/submit`, editor, {});
    await post(a.base, `/staff/disclosures/${id}/review`, reviewer, { ...Object.fromEntries(CHECKLIST.map((q) => [q.key, q.safe])), conclusion: 'approve', reasons: '' });
    const at = new Date(Date.now() + 4000);
    const scheduled = await post(a.base, `/staff/disclosures/${id}/actions/schedule`, editor, { at: at.toISOString() });
    assert.equal(scheduled.status, 303, await scheduled.text());
    const eventsBefore = (await db.selectFrom('disclosure_event').select('type').where('disclosure_id', '=', id).execute()).map((e) => e.type);
    const visible = async (s: Server) => JSON.stringify(await (await fetch(`${s.base}/api/v1/search?q=${encodeURIComponent(title)}`)).json()).includes(title);
    assert.equal(await visible(a), false, 'not before its time');
    assert.equal(await visible(b), false);
    await new Promise((r) => setTimeout(r, Math.max(0, at.getTime() - Date.now())));
    await within(1000, 'searchable on A once due', () => visible(a));
    await within(1000, 'searchable on B once due', () => visible(b));
    const eventsAfter = (await db.selectFrom('disclosure_event').select('type').where('disclosure_id', '=', id).execute()).map((e) => e.type);
    assert.deepEqual(eventsAfter, eventsBefore, 'no process wrote anything when the time came');
    assert.equal(eventsAfter.filter((t) => t === 'scheduled').length, 1);
  });

  test('a captcha drawn by A is accepted by B once and refused on either afterwards', { timeout: 60_000 }, async () => {
    const form = await fetch(`${a.base}/interaction/messages/new`, { headers: { cookie: `gk_csrf=${CSRF}` } });
    const token = /name="captcha_token" value="([^"]+)"/.exec(await form.text())![1]!;
    const fields = {
      org: '130427', category: 'roads', title: '集群验证码测试', content: '两个进程之间的验证码只能使用一次', address: '', lat: '', lng: '',
      contact_name: '测试', contact_phone: '13900000009', contact_email: '', is_public: 'yes', captcha_token: token, captcha_answer: solveCaptchaForTest(token),
    };
    const first = await post(b.base, '/interaction/messages', `gk_csrf=${CSRF}`, fields);
    const text = await first.text();
    assert.equal(first.status, 200, `accepted by B: ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
    assert.match(text, /已收到|编号|查询码/);
    for (const s of [a, b]) {
      const again = await post(s.base, '/interaction/messages', `gk_csrf=${CSRF}`, fields);
      assert.equal(again.status, 400, `refused by ${s.name}`);
      assert.match(await again.text(), /验证码已使用/);
    }
  });

  test('a calendar change through A is used by B within a second (the public calculator, and the due date of a new message)', { timeout: 60_000 }, async () => {
    const ask = async () => (await (await fetch(`${b.base}/api/v1/calendar/working-days?start=2026-03-02&days=5`)).json()).due as string;
    const submit = async () => {
      const r = await fetch(`${b.base}/api/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ org: '130427', category: 'roads', title: '集群日历测试', content: '日历修改后的答复期限', contact: { name: '测试', phone: '13900000008' }, public: false }) });
      assert.equal(r.status, 201);
      return (await r.json()).due_on as string;
    };
    const admin = await signIn(a.base, 'platform');
    // a message's deadline may fall in next year: have that year's calendar (its statutory holidays, which a year must hold) so it is final
    const next = Number(beijingToday().slice(0, 4)) + 1;
    if (!(await db.selectFrom('calendar_year').select('year').where('year', '=', next).executeTakeFirst())) {
      const days = statutoryHolidays(next).map((d) => `${d.date} 放假 ${d.name}`).join('\n');
      const y = await post(a.base, '/staff/calendar/years', admin, { year: String(next), source: '集群测试', days });
      assert.equal(y.status, 303, await y.text());
    }
    const before = await ask();
    const dueBefore = await submit(); // B has now cached its interaction settings (calendar included)
    const saved = await post(a.base, '/staff/calendar/days', admin, { date: '2026-03-04', kind: 'holiday', name: '集群测试假日' });
    assert.equal(saved.status, 303, await saved.text());
    // the message's last day becomes a holiday: its due date must move to a later working day
    const moved = await post(a.base, '/staff/calendar/days', admin, { date: dueBefore, kind: 'holiday', name: '集群测试假日二' });
    assert.equal(moved.status, 303, `${dueBefore}: ${await moved.text()}`);
    await within(1000, 'B counts the new holiday', async () => (await ask()) !== before);
    assert.ok((await ask()) > before);
    await within(1200, 'B computes message deadlines with the new calendar', async () => (await submit()) > dueBefore);
  });

  test('rate limits count across processes: 60 status lookups per address in 10 minutes, wherever they land', { timeout: 60_000 }, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const r = await post(i % 2 ? b.base : a.base, '/interaction/status', `gk_csrf=${CSRF}`, { reference: 'X', tracking_code: 'Y' });
      statuses.push(r.status);
      await r.arrayBuffer();
    }
    assert.ok(statuses.slice(0, 60).every((s) => s !== 429), statuses.join(','));
    assert.equal(statuses[60], 429, 'the 61st is refused, though each process saw only about 30');
  });

  test('notifications queued in the outbox are delivered exactly once between the two workers', { timeout: 90_000 }, async () => {
    const at = new Date().toISOString();
    const n = 30;
    const rows = Array.from({ length: n }, (_, i) => ({
      channel: 'email', recipient: `cluster${i}@example.com`, subject: '集群测试', body: `集群通知 ${i}`, message_id: null, reason: 'accepted',
      status: 'pending', attempts: 0, next_attempt_at: at, last_error: null, created_at: at, sent_at: null,
    }));
    await db.insertInto('notification_outbox').values(rows).execute();
    await within(30_000, 'all delivered', async () => (await db.selectFrom('notification_outbox').select('id').where('subject', '=', '集群测试').where('status', '!=', 'sent').execute()).length === 0);
    const lines = [a, b].flatMap((s) => (fs.existsSync(s.notifyFile) ? fs.readFileSync(s.notifyFile, 'utf8').split('\n').filter(Boolean) : []))
      .map((l) => JSON.parse(l) as { subject: string; body: string }).filter((x) => x.subject === '集群测试');
    assert.equal(lines.length, n, 'each notification written once in total');
    assert.equal(new Set(lines.map((l) => l.body)).size, n);
    const attempts = await db.selectFrom('notification_outbox').select('attempts').where('subject', '=', '集群测试').execute();
    assert.ok(attempts.every((r) => Number(r.attempts) === 1));
  });

  test('timed jobs: an hourly job ran once, not once per process; the 1-second delivery job about once a second in total', { timeout: 30_000 }, async () => {
    const row = (name: string) => db.selectFrom('job_schedule').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    assert.equal(Number((await row('platform.purge-sessions')).runs), 1);
    const t0 = Date.now();
    const before = Number((await row('interaction.deliver-notifications')).runs);
    await new Promise((r) => setTimeout(r, 3000));
    const ran = Number((await row('interaction.deliver-notifications')).runs) - before;
    const seconds = (Date.now() - t0) / 1000;
    // Each claim moves the next run a second on, so a window of `seconds` holds at most
    // floor(seconds) + 1 runs across both processes; one timer per process would give about twice
    // that. A busy machine may run it late (fewer runs), but it must run.
    assert.ok(ran >= 1 && ran <= Math.floor(seconds) + 1, `ran ${ran} times in ${seconds.toFixed(1)} s`);
    const owners = await db.selectFrom('job_schedule').select('last_owner').execute();
    assert.ok(owners.every((o) => o.last_owner === null || /:\d+:/.test(o.last_owner)));
  });
});
