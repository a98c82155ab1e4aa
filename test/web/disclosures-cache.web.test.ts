// The public list and record pages keep their data between requests (issue 24 §5): never stale.
// A publish, an edit, a withdrawal or a record going back to draft — written by the app's own
// database handle (SQLite: the same connection) or by a second one (another process, the CLI) — is
// on the very next request; a scheduled record appears when its time comes, with no write at all.
// Anonymous readers get the record page rendered once (PUBLIC_PAGE_CACHE_MB) with their own CSRF
// token put in; a signed-in reader's page is never kept nor served from the kept ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { clearDisclosures, insertRecord } from '../support/disclosures.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import { openDb } from '../../src/platform/db/db.ts';
import { dataVersion } from '../../src/platform/db/data-version.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import type { Database } from '../../src/schema.ts';

const enc = encodeURIComponent;
let at = Date.parse('2026-03-02T02:00:00.000Z');
const clock: Clock = { now: () => new Date(at), today: () => localDateOf(new Date(at)) };

forEachDialect('public pages: kept data is never stale', (get) => {
  let t: TestApp;
  const LIST = '/openness/disclosures/all';
  const page = async (url: string) => { const r = await t.app.inject({ method: 'GET', url }); return { status: r.statusCode, body: r.body }; };
  before(async () => {
    await withDemo(get());
    await clearDisclosures(get().db);
    at = Date.parse('2026-03-02T02:00:00.000Z');
    t = await buildTestApp(get(), clock);
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('publish, edit, withdraw and unpublish are visible on the next request of the list and the record page', async () => {
    const db = get().db;
    await insertRecord(db, { indexNo: '130427/2026-zhzw-0101', title: '较早公开的通知', publishedAt: '2026-02-01T02:00:00.000Z' });
    const id = await insertRecord(db, { indexNo: '130427/2026-zhzw-0102', title: '尚未公开的草稿', state: 'draft' });
    const rec = `/openness/disclosures/${enc('130427/2026-zhzw-0102')}`;
    // twice each: the second answer comes from the kept data
    for (let i = 0; i < 2; i++) {
      assert.equal((await page(rec)).status, 404);
      assert.doesNotMatch((await page(LIST)).body, /尚未公开的草稿/);
      assert.match((await page(LIST)).body, /较早公开的通知/);
    }
    await db.updateTable('disclosure').set({ state: 'published', published_at: '2026-03-01T02:00:00.000Z', published_on: '2026-03-01', title: '新公开的通知' }).where('id', '=', id).execute();
    for (let i = 0; i < 2; i++) {
      const r = await page(rec);
      assert.equal(r.status, 200);
      assert.match(r.body, /新公开的通知/);
      assert.match((await page(LIST)).body, /新公开的通知/);
    }
    await db.updateTable('disclosure').set({ title: '新公开的通知（修订）' }).where('id', '=', id).execute();
    assert.match((await page(rec)).body, /新公开的通知（修订）/);
    assert.match((await page(LIST)).body, /新公开的通知（修订）/);
    await db.updateTable('disclosure').set({ state: 'withdrawn', withdrawn_at: '2026-03-02T01:00:00.000Z', withdrawn_reason: '内容有误' }).where('id', '=', id).execute();
    assert.equal((await page(rec)).status, 410);
    assert.doesNotMatch((await page(LIST)).body, /新公开的通知/);
    await db.updateTable('disclosure').set({ state: 'published', withdrawn_at: null, withdrawn_reason: null }).where('id', '=', id).execute();
    assert.equal((await page(rec)).status, 200);
    await db.updateTable('disclosure').set({ state: 'draft', published_at: null, published_on: null }).where('id', '=', id).execute();
    assert.equal((await page(rec)).status, 404);
    assert.doesNotMatch((await page(LIST)).body, /新公开的通知/);
  });

  test('a scheduled record appears on the list and its page as soon as its time passes, without any write', async () => {
    const db = get().db;
    await insertRecord(db, { indexNo: '130427/2026-mzsh-0101', title: '定时发布的公告', state: 'scheduled', category: 'mzsh', publishedAt: '2026-03-02T03:00:00.000Z' });
    const rec = `/openness/disclosures/${enc('130427/2026-mzsh-0101')}`;
    at = Date.parse('2026-03-02T02:30:00.000Z');
    for (let i = 0; i < 2; i++) {
      assert.equal((await page(rec)).status, 404);
      assert.doesNotMatch((await page(LIST)).body, /定时发布的公告/);
    }
    at = Date.parse('2026-03-02T03:00:00.000Z');
    assert.equal((await page(rec)).status, 200);
    assert.match((await page(LIST)).body, /定时发布的公告/);
    // and a clock set back (a test's, an operator's) does not show what it has not yet reached
    at = Date.parse('2026-03-02T02:59:00.000Z');
    assert.equal((await page(rec)).status, 404);
    assert.doesNotMatch((await page(LIST)).body, /定时发布的公告/);
    at = Date.parse('2026-03-02T04:00:00.000Z');
  });

  test('a write by another database handle (another process) is seen on the next request', async () => {
    const { dialect, pgSchema } = get();
    if (dialect !== 'postgres') return; // SQLite: see the data-version test below (an in-memory database has one handle)
    const other = openDb<Database>({ databaseUrl: process.env.TEST_DATABASE_URL as string, pgSchema, poolSize: 1 });
    try {
      const id = await insertRecord(get().db, { indexNo: '130427/2026-zhzw-0103', title: '另一进程发布的通知', state: 'draft' });
      const rec = `/openness/disclosures/${enc('130427/2026-zhzw-0103')}`;
      assert.equal((await page(rec)).status, 404);
      assert.equal((await page(rec)).status, 404);
      await other.updateTable('disclosure').set({ state: 'published', published_at: '2026-03-01T02:00:00.000Z', published_on: '2026-03-01' }).where('id', '=', id).execute();
      assert.equal((await page(rec)).status, 200);
      assert.match((await page(LIST)).body, /另一进程发布的通知/);
    } finally {
      await other.destroy();
    }
  });
});

forEachDialect('record page kept for anonymous readers: per-reader parts are never shared', (get) => {
  let t: TestApp;
  let off: TestApp;
  const INDEX = '130427/2026-zhzw-0201';
  const REC = `/openness/disclosures/${enc(INDEX)}`;
  const tokenIn = (body: string) => [...body.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1]);
  const cookieToken = (setCookie: string | string[] | undefined) => /gk_csrf=([^;]+)/.exec([setCookie ?? ''].flat().join('\n'))?.[1];
  before(async () => {
    await withDemo(get());
    await clearDisclosures(get().db);
    at = Date.parse('2026-03-02T02:00:00.000Z');
    await insertRecord(get().db, { indexNo: INDEX, title: '缓存页面的通知', publishedAt: '2026-02-01T02:00:00.000Z' });
    t = await buildTestApp(get(), clock);
    off = await buildTestApp(get(), clock, { PUBLIC_PAGE_CACHE_MB: '0' });
  }, { timeout: 60_000 });
  after(async () => { await t.app.close(); await off.app.close(); });

  test('each anonymous reader gets the same kept page: no form, so no CSRF token and no cookie, new or sent', async () => {
    const a = await t.app.inject({ method: 'GET', url: REC });
    const b = await t.app.inject({ method: 'GET', url: REC });
    assert.equal(a.statusCode, 200);
    assert.equal(b.statusCode, 200);
    assert.equal(a.headers['set-cookie'], undefined, 'a first visit gets no cookie: the page has no form that needs a token');
    assert.equal(b.headers['set-cookie'], undefined);
    assert.deepEqual(tokenIn(a.body), []);
    assert.doesNotMatch(a.body, /name="_csrf"/);
    assert.match(a.body, /action="\/preferences\/elder-mode"/, 'the 长者模式 switch is there, without a token');
    assert.match(b.body, /缓存页面的通知/);
    assert.equal(b.body, a.body, 'the same page, byte for byte');
    assert.equal(cookieToken(a.headers['set-cookie']), undefined);
    const mine = 'A'.repeat(43);
    const c = await t.app.inject({ method: 'GET', url: REC, cookies: { gk_csrf: mine } });
    assert.equal(c.headers['set-cookie'], undefined);
    assert.equal(c.body, a.body, 'a reader with a cookie gets the same page');
    assert.match(c.headers['content-type'] as string, /^text\/html; charset=utf-8/);
    assert.equal(Number(c.headers['content-length']), Buffer.byteLength(c.body));
    // the same page as rendered without the cache, byte for byte, and no cookie there either
    const u = await off.app.inject({ method: 'GET', url: REC, cookies: { gk_csrf: mine } });
    assert.equal(u.body, c.body);
    const v = await off.app.inject({ method: 'GET', url: REC });
    assert.equal(v.headers['set-cookie'], undefined);
    assert.equal(v.body, a.body);
  });

  test('a signed-in reader\'s page has a form (sign-out): it carries the token of the reader\'s cookie, or a new one with its cookie', async () => {
    const resident = await signInResident(get().db, { phone: '13900000022', name: '令牌测试居民' }, { now: new Date(at) });
    const withToken = await t.app.inject({ method: 'GET', url: REC, headers: { cookie: resident.cookie } });
    assert.equal(withToken.headers['set-cookie'], undefined);
    assert.deepEqual(tokenIn(withToken.body), [CSRF]);
    const sid = /gk_me=([^;]+)/.exec(resident.cookie)![1]!;
    const fresh = await t.app.inject({ method: 'GET', url: REC, cookies: { gk_me: sid } });
    const given = cookieToken(fresh.headers['set-cookie']);
    assert.match(given ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(tokenIn(fresh.body), [given]);
  });

  test('长者模式 is its own page; a staff member and a resident get their own header, and anonymous readers never see it', async () => {
    const elder = await t.app.inject({ method: 'GET', url: REC, cookies: { gk_elder: '1' } });
    assert.match(elder.body, /<html lang="zh-CN" class="elder">/);
    const plain = await t.app.inject({ method: 'GET', url: REC });
    assert.doesNotMatch(plain.body, /class="elder"/);
    const resident = await signInResident(get().db, { phone: '13900000021', name: '缓存测试居民' }, { now: new Date(at) });
    for (let i = 0; i < 2; i++) {
      const r = await t.app.inject({ method: 'GET', url: REC, headers: { cookie: resident.cookie } });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /我的空间（缓存测试居民）/);
    }
    const staff = await signIn(t.app, 'admin');
    const s = await t.app.inject({ method: 'GET', url: REC, headers: { cookie: staff } });
    assert.match(s.body, /href="\/logout"|action="\/logout"/);
    for (const cookies of [{}, { gk_elder: '1' }] as Record<string, string>[]) {
      const anon = await t.app.inject({ method: 'GET', url: REC, cookies });
      assert.equal(anon.statusCode, 200);
      assert.doesNotMatch(anon.body, /缓存测试居民|action="\/logout"|action="\/me\/sign-out"/);
    }
  });

  test('a tombstone is kept and dropped like a page; an unknown record stays a 404', async () => {
    const db = get().db;
    assert.equal((await t.app.inject({ method: 'GET', url: REC })).statusCode, 200);
    await db.updateTable('disclosure').set({ state: 'withdrawn', withdrawn_at: '2026-03-02T01:00:00.000Z', withdrawn_reason: '内容有误' }).where('index_no', '=', INDEX).execute();
    for (let i = 0; i < 2; i++) {
      const r = await t.app.inject({ method: 'GET', url: REC });
      assert.equal(r.statusCode, 410);
      assert.match(r.body, /内容有误/);
    }
    await db.updateTable('disclosure').set({ state: 'published', withdrawn_at: null, withdrawn_reason: null, title: '缓存页面的通知（恢复）' }).where('index_no', '=', INDEX).execute();
    const back = await t.app.inject({ method: 'GET', url: REC });
    assert.equal(back.statusCode, 200);
    assert.match(back.body, /缓存页面的通知（恢复）/);
    for (let i = 0; i < 2; i++) assert.equal((await t.app.inject({ method: 'GET', url: `/openness/disclosures/${enc('130427/2026-zhzw-9999')}` })).statusCode, 404);
  });

  test('kept pages pushed out of a small cache, concurrently and across a write, are never sent with another page\'s bytes', async () => {
    const db = get().db;
    // 1 MiB holds a few dozen record pages: hundreds of readers at once keep pushing pages out (their memory is reused)
    const small = await buildTestApp(get(), clock, { PUBLIC_PAGE_CACHE_MB: '1' });
    try {
      const nos = Array.from({ length: 240 }, (_, i) => `130427/2026-zhzw-${String(3000 + i).padStart(4, '0')}`);
      for (const [i, no] of nos.entries()) await insertRecord(db, { indexNo: no, title: `轮换页面之${i}号${'内容'.repeat(i % 7 * 40)}`, publishedAt: '2026-02-01T02:00:00.000Z' });
      const check = async (round: number) => {
        const order = round % 2 ? [...nos].reverse() : nos;
        const answers = await Promise.all([...order, ...order.slice(0, 80)].map(async (no) => ({ no, r: await small.app.inject({ method: 'GET', url: `/openness/disclosures/${enc(no)}` }) })));
        for (const { no, r } of answers) {
          assert.equal(r.statusCode, 200, no);
          const i = nos.indexOf(no);
          assert.match(r.body, new RegExp(`轮换页面之${i}号`), `${no} answers with its own page`);
          assert.equal((r.body.match(/轮换页面之\d+号/g) ?? []).every((x) => x === `轮换页面之${i}号`), true, `${no}: no other page's text`);
          assert.match(r.body, /<\/html>\s*$/, `${no}: whole`);
        }
      };
      await check(0);
      await check(1);
      // a write begins a new epoch: every kept page is let go at once, while the next round is read
      const w = db.updateTable('disclosure').set({ summary: '摘要已更新' }).where('index_no', '=', nos[0]!).execute();
      await Promise.all([w, check(2)]);
      await check(3);
      const ps = (await small.app.inject({ method: 'GET', url: `/openness/disclosures/${enc(nos[5]!)}` }));
      assert.match(ps.body, /轮换页面之5号/);
    } finally {
      await small.app.close();
    }
  });
});

test('SQLite data version: changes with this handle\'s writes and with another connection\'s commits, not with reads', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-data-version-'));
  const a = openDb<Database>({ databaseUrl: null, sqliteFile: path.join(dir, 'v.sqlite') });
  const b = openDb<Database>({ databaseUrl: null, sqliteFile: path.join(dir, 'v.sqlite') });
  try {
    const { sql } = await import('kysely');
    await sql`create table t (n integer)`.execute(a);
    const v0 = await dataVersion(a);
    await sql`select count(*) from t`.execute(a);
    assert.equal(await dataVersion(a), v0, 'a read changes nothing');
    await sql`insert into t (n) values (1)`.execute(a);
    const v1 = await dataVersion(a);
    assert.notEqual(v1, v0, 'own write');
    await sql`insert into t (n) values (2)`.execute(b);
    const v2 = await dataVersion(a);
    assert.notEqual(v2, v1, 'another connection\'s commit');
    assert.equal(await dataVersion(a), v2);
    await a.transaction().execute(async (trx) => { assert.equal(await dataVersion(trx), null, 'no version inside a transaction'); });
  } finally {
    await a.destroy();
    await b.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
