// PIPL (issue 21 §5): the public 个人信息处理规则, consent before first use (and again after a new
// CONSENT_VERSION), the export of everything held about the owner only, and closing the account
// (personal fields erased, own rows deleted, submissions unlinked, old cookie dead, the phone free
// for a new account).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, withDemo } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { loginKeyForPhone, signInAccount } from '../../src/modules/accounts/accounts.repository.ts';
import { RECORD_SOURCES, type RecordSource } from '../../src/modules/accounts/records.ts';
import { CONSENT_VERSION } from '../../src/modules/accounts/vocabulary.ts';
import type { Db } from '../../src/schema.ts';
import { meSections } from '../../src/modules/accounts/me-sections.ts';
import { renderToString } from 'preact-render-to-string';
import type { FastifyRequest } from 'fastify';

const NOW = '2026-12-07T02:00:00Z';
const EARLIER = new Date('2026-12-07T01:59:00Z');
const ID_A = '130427199001011234';

/** A source over 好差评 ratings' account link, standing in for the me part's (which fills RECORD_SOURCES). */
const testSource: RecordSource = {
  kind: 'rating', label: '隐私测试评价', retention: '隐私测试保存理由：按档案规定保存',
  async list(db: Db, accountId: number) {
    const rows = await db.selectFrom('rating').select(['public_id', 'created_at']).where('account_id', '=', accountId).orderBy('public_id').execute();
    return rows.map((r) => ({ kind: 'rating' as const, ref: r.public_id, title: `评价 ${r.public_id}`, status: '已提交', submittedAt: r.created_at, href: '/me' }));
  },
  async claimable() { return []; },
  async claim() { return 0; },
  async unlink(db: Db, accountId: number) {
    const r = await db.updateTable('rating').set({ account_id: null }).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async exportOne(db: Db, accountId: number, ref: string) {
    const row = await db.selectFrom('rating').select(['public_id', 'level']).where('account_id', '=', accountId).where('public_id', '=', ref).executeTakeFirst();
    return row ? { ...row } : null;
  },
};

async function withSource<T>(fn: () => Promise<T>): Promise<T> {
  RECORD_SOURCES.push(testSource);
  try { return await fn(); } finally { RECORD_SOURCES.splice(RECORD_SOURCES.indexOf(testSource), 1); }
}

async function seedOwnRows(db: Db, accountId: number, tag: string, ratingId: string): Promise<void> {
  const at = EARLIER.toISOString();
  await db.insertInto('pa_saved').values({ account_id: accountId, kind: 'item', ref: `ITEM-${tag}`, title: `收藏事项${tag}`, created_at: at }).execute();
  await db.insertInto('pa_subscription').values({ public_id: `SUB${tag}`, account_id: accountId, target_kind: 'category', target_ref: `cat-${tag}`, target_label: `订阅类别${tag}`, delivery: 'feed', created_at: at, sent_until: null }).execute();
  await db.insertInto('pa_code').values({
    public_id: `CODE${tag}`, account_id: accountId, token_hash: `th-${tag}`, short_hash: `sh-${tag}`, created_at: at, expires_at: at, state: 'used',
    reader_kind: 'desk', reader_ref: 'u1', reader_label: `窗口${tag}`, reader_org_path: '/13/', venue_public_id: null, fields_json: '["name","id_number"]',
    purpose: `办理用途${tag}`, reader_secret_hash: 'secret-hash', scanned_at: at, decided_at: at, used_at: at,
  }).execute();
  await db.insertInto('pa_activity').values({ account_id: accountId, kind: 'sign_in', detail: `活动${tag}`, created_at: at }).execute();
  await db.updateTable('pa_account').set({ feed_token_hash: `feedhash-${tag}`, email: `${tag.toLowerCase()}@example.com` }).where('id', '=', accountId).execute();
  await db.updateTable('rating').set({ account_id: accountId }).where('public_id', '=', ratingId).execute();
}

forEachDialect('accounts privacy', (getDb) => {
  test('the 个人信息处理规则 are public and name the operator, the sensitive ID number and the rights', async () => {
    const t = getDb();
    const { app } = await buildTestApp(t, fixedClock(NOW), { SITE_SPONSOR: '测试县人民政府办公室' });
    try {
      const res = await app.inject({ method: 'GET', url: '/me/rules' });
      assert.equal(res.statusCode, 200);
      for (const s of ['测试县人民政府办公室', '敏感个人信息', '第二十九条', '第四十五条', '第四十七条', '注销', CONSENT_VERSION]) assert.ok(res.body.includes(s), s);
      assert.match(res.body, /<footer[\s\S]*href="\/me\/rules"/, 'the footer links the rules');
    } finally { await app.close(); }
  });

  test('consent before first use: separate consent for the ID number, asked again after a new version', async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock(NOW));
    try {
      const r = await signInResident(t.db, { phone: '13912340001', name: '李四', idNumber: ID_A }, { consented: false, now: EARLIER });
      const blocked = await app.inject({ method: 'GET', url: '/me/export', headers: { cookie: r.cookie } });
      assert.equal(blocked.statusCode, 303);
      assert.equal(blocked.headers.location, '/me/consent?return_to=%2Fme%2Fexport');
      const page = await app.inject({ method: 'GET', url: '/me/consent?return_to=%2Fme%2Fexport', headers: { cookie: r.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="agree"/);
      assert.match(page.body, /name="agree_id"/);
      assert.doesNotMatch(page.body, /checked/, 'both boxes start unticked');
      assert.match(page.body, /130427\*{8}1234/);
      assert.doesNotMatch(page.body, new RegExp(ID_A));
      // only the general consent: refused, values kept
      const half = await postForm(app, '/me/consent', r.cookie, { agree: 'yes', return_to: '/me/export' });
      assert.equal(half.statusCode, 400);
      assert.match(half.body, /<title>错误：/);
      assert.match(half.body, /请勾选单独同意处理居民身份证号码/);
      assert.match(half.body, /id="agree"[^>]*checked/);
      const noCsrf = await app.inject({ method: 'POST', url: '/me/consent', headers: { cookie: r.cookie }, payload: { agree: 'yes', agree_id: 'yes' } });
      assert.equal(noCsrf.statusCode, 403);
      let row = await t.db.selectFrom('pa_account').select(['consent_version']).where('id', '=', r.accountId).executeTakeFirstOrThrow();
      assert.equal(row.consent_version, null);
      const ok = await postForm(app, '/me/consent', r.cookie, { agree: 'yes', agree_id: 'yes', return_to: '/me/export' });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/me/export');
      row = await t.db.selectFrom('pa_account').select(['consent_version']).where('id', '=', r.accountId).executeTakeFirstOrThrow();
      assert.equal(row.consent_version, CONSENT_VERSION);
      const acts = await t.db.selectFrom('pa_activity').select('kind').where('account_id', '=', r.accountId).execute();
      assert.ok(acts.some((a) => a.kind === 'consent'));
      assert.equal((await app.inject({ method: 'GET', url: '/me/export', headers: { cookie: r.cookie } })).statusCode, 200);
      // the /me block (order 90) links the three pages and says which version was accepted
      const block = meSections(app).find((x) => x.id === 'privacy');
      assert.equal(block?.order, 90);
      const html = renderToString((await block!.render({ resident: { accountId: r.accountId } } as unknown as FastifyRequest))!);
      for (const href of ['/me/rules', '/me/export', '/me/close']) assert.ok(html.includes(`href="${href}"`), href);
      assert.ok(html.includes(CONSENT_VERSION));
      // a new text version (a new release: a restarted process, so no session read a moment ago): asked again
      await t.db.updateTable('pa_account').set({ consent_version: '2020-01' }).where('id', '=', r.accountId).execute();
      const released = await buildTestApp(t, fixedClock(NOW));
      try {
        const again = await released.app.inject({ method: 'GET', url: '/me/export', headers: { cookie: r.cookie } });
        assert.equal(again.statusCode, 303);
        assert.match(String(again.headers.location), /^\/me\/consent/);
        const againPage = await released.app.inject({ method: 'GET', url: String(again.headers.location), headers: { cookie: r.cookie } });
        assert.match(againPage.body, /已更新/);
      } finally { await released.app.close(); }
      // an account without an ID number is not asked for the separate consent; a foreign return_to is refused
      const p = await signInResident(t.db, { phone: '13912340002' }, { consented: false, now: EARLIER });
      const plain = await app.inject({ method: 'GET', url: '/me/consent', headers: { cookie: p.cookie } });
      assert.doesNotMatch(plain.body, /name="agree_id"/);
      const evil = await postForm(app, '/me/consent', p.cookie, { agree: 'yes', return_to: '//evil.example/x' });
      assert.equal(evil.statusCode, 303);
      assert.equal(evil.headers.location, '/me');
      // signed out: to the sign-in page
      const anon = await app.inject({ method: 'GET', url: '/me/consent' });
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/me\/sign-in\?return_to=/);
    } finally { await app.close(); }
  });

  test('export (page and JSON) holds the owner\'s data only, masked ID number, no secrets; closing erases and unlinks', async () => withSource(async () => {
    const t = getDb();
    await withDemo(t);
    const { app } = await buildTestApp(t, fixedClock(NOW));
    try {
      const ratings = await t.db.selectFrom('rating').select('public_id').orderBy('id').limit(2).execute();
      assert.equal(ratings.length, 2, 'the demo has ratings');
      const [ra, rb] = [ratings[0]!.public_id, ratings[1]!.public_id];
      const a = await signInResident(t.db, { phone: '13912340011', name: '王五', idNumber: ID_A }, { now: EARLIER });
      const b = await signInResident(t.db, { phone: '13912340022', name: '赵六' }, { now: EARLIER });
      await seedOwnRows(t.db, a.accountId, 'A', ra);
      await seedOwnRows(t.db, b.accountId, 'B', rb);

      const json = await app.inject({ method: 'GET', url: '/me/export.json', headers: { cookie: a.cookie } });
      assert.equal(json.statusCode, 200);
      assert.match(String(json.headers['content-disposition']), /attachment;.*gongkai-my-data-2026-12-07\.json/);
      const data = JSON.parse(json.body) as Record<string, unknown> & { account: Record<string, unknown>; records: { label: string; retention: string; items: { ref: string; detail?: unknown }[] }[]; codes: { fields: string[]; reader: string }[] };
      assert.equal(data.account.publicId, a.publicId);
      assert.equal(data.account.name, '王五');
      assert.equal(data.account.phone, '13912340011');
      assert.equal(data.account.idNumberMasked, '130427********1234');
      assert.match(String(data.account.idNumberNote), /加密封存/);
      assert.equal(data.account.personalFeed, true);
      assert.deepEqual(data.codes[0]!.fields, ['姓名', '身份证号码']);
      assert.equal(data.codes[0]!.reader, '窗口A');
      const mine = data.records.find((g) => g.label === '隐私测试评价');
      assert.deepEqual(mine?.items.map((i) => i.ref), [ra]);
      assert.ok(mine?.items[0]?.detail, 'exportOne detail included');
      for (const leak of [ID_A, 'feedhash-A', 'secret-hash', 'th-A', 'sh-A', '赵六', '13912340022', '收藏事项B', '订阅类别B', '窗口B', '活动B', rb, 'id_hash']) {
        assert.ok(!json.body.includes(leak), `export leaks ${leak}`);
      }
      for (const own of ['收藏事项A', '订阅类别A', '办理用途A', '活动A', 'a@example.com']) assert.ok(json.body.includes(own), own);

      const page = await app.inject({ method: 'GET', url: '/me/export', headers: { cookie: a.cookie } });
      assert.equal(page.statusCode, 200);
      for (const s of ['王五', '130427********1234', '收藏事项A', '订阅类别A', '窗口A', '隐私测试评价', ra, '登录会话']) assert.ok(page.body.includes(s), s);
      assert.ok(!page.body.includes('收藏事项B') && !page.body.includes(ID_A));
      const exports = await t.db.selectFrom('pa_activity').select('kind').where('account_id', '=', a.accountId).where('kind', '=', 'export').execute();
      assert.equal(exports.length, 2);

      // closing: what is kept and why, then a typed confirmation
      const closePage = await app.inject({ method: 'GET', url: '/me/close', headers: { cookie: a.cookie } });
      assert.equal(closePage.statusCode, 200);
      assert.match(closePage.body, /隐私测试保存理由/);
      assert.match(closePage.body, /隐私测试评价<\/strong>（您的此类办件：1 件）/);
      const unconfirmed = await postForm(app, '/me/close', a.cookie, { reason: '不用了' });
      assert.equal(unconfirmed.statusCode, 400);
      assert.match(unconfirmed.body, /请输入「注销」二字/);
      assert.match(unconfirmed.body, /不用了/);
      assert.equal((await t.db.selectFrom('pa_account').select('closed_at').where('id', '=', a.accountId).executeTakeFirstOrThrow()).closed_at, null);

      const done = await postForm(app, '/me/close', a.cookie, { reason: '换号了 13912340011 a@example.com', confirm: '注销' });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, `/me/closed?ref=${a.publicId}`);
      assert.match(String(done.headers['set-cookie']), /gk_me=;/);
      const row = await t.db.selectFrom('pa_account').selectAll().where('id', '=', a.accountId).executeTakeFirstOrThrow();
      assert.equal(row.login_key, `closed:${a.publicId}`);
      assert.ok(row.closed_at);
      assert.equal(row.closed_reason, '换号了 139****0011 a***@example.com');
      for (const k of ['name', 'phone', 'id_number_hash', 'id_number_masked', 'id_number_sealed', 'uscc', 'org_name', 'email', 'email_pending', 'feed_token_hash', 'enterprise_stage', 'oidc_subject'] as const) assert.equal(row[k], null, k);
      for (const table of ['pa_session', 'pa_saved', 'pa_subscription', 'pa_code', 'pa_activity'] as const) {
        const mineLeft = await t.db.selectFrom(table).select('account_id').where('account_id', '=', a.accountId).execute();
        assert.equal(mineLeft.length, 0, table);
        const theirs = await t.db.selectFrom(table).select('account_id').where('account_id', '=', b.accountId).execute();
        assert.ok(theirs.length > 0, `${table} of the other account kept`);
      }
      const ratingA = await t.db.selectFrom('rating').select('account_id').where('public_id', '=', ra).executeTakeFirstOrThrow();
      assert.equal(ratingA.account_id, null, 'the case is kept, unlinked');
      const ratingB = await t.db.selectFrom('rating').select('account_id').where('public_id', '=', rb).executeTakeFirstOrThrow();
      assert.equal(ratingB.account_id, b.accountId);

      const confirmation = await app.inject({ method: 'GET', url: String(done.headers.location) });
      assert.equal(confirmation.statusCode, 200);
      assert.ok(confirmation.body.includes(a.publicId));
      assert.match(confirmation.body, /隐私测试保存理由/);
      assert.equal((await app.inject({ method: 'GET', url: '/me/closed?ref=' + b.publicId })).statusCode, 404, 'an open account has no closing page');
      // the old cookie no longer works
      const old = await app.inject({ method: 'GET', url: '/me/export', headers: { cookie: a.cookie } });
      assert.equal(old.statusCode, 303);
      assert.match(String(old.headers.location), /^\/me\/sign-in/);
      // B is untouched and still sees only B
      const bJson = await app.inject({ method: 'GET', url: '/me/export.json', headers: { cookie: b.cookie } });
      assert.equal(bJson.statusCode, 200);
      assert.ok(bJson.body.includes('收藏事项B') && !bJson.body.includes('王五'));
      // the same phone signs up afresh: a new account
      const again = await signInAccount(t.db, loginKeyForPhone('13912340011'), 'sms', { kind: 'person', name: null, phone: '13912340011', idNumber: null, uscc: null, orgName: null }, new Date(NOW));
      assert.equal(again.created, true);
      assert.notEqual(again.account.id, a.accountId);
      assert.equal(again.account.consent_version, null);
    } finally { await app.close(); }
  }));
});
