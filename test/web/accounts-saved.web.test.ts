// Saved items/venues and subscriptions (issue 21 §2): 收藏 on item and venue pages (idempotent,
// unknown refs refused, ids scoped by account), 订阅 to a 主题分类 or an organisation (codes or
// Chinese labels), the e-mail address confirmed through the outbox, the hourly digest sent once per
// record, and the personal feed whose URL can be regenerated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, withDemo, type TestApp } from '../support/app.ts';
import { signInResident, type TestResident } from '../support/resident.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import { createAndPublish, DEFAULT_INDEX_FORMAT, emptyInput } from '../../src/modules/disclosures/index.ts';
import { sendDigests } from '../../src/modules/accounts/subscriptions.service.ts';

forEachDialect('accounts: saved and subscriptions', (get) => {
  let at = '2026-12-07T02:00:00.000Z';
  const clock: Clock = { now: () => new Date(at), today: () => localDateOf(new Date(at)) };
  let t: TestApp;
  let me: TestResident;
  let other: TestResident;
  const outbox = (reason: string) => get().db.selectFrom('notification_outbox').selectAll().where('reason', '=', reason).orderBy('id').execute();
  const publish = (title: string, org: string, category: string) =>
    createAndPublish({ db: get().db, clock, indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false }, 'test', { ...emptyInput(org), title, bodyHtml: '<p>正文</p>', genre: 'notice', category, formedOn: '2026-12-01' });

  test('set up: the app and two residents', async () => {
    t = await buildTestApp(get(), clock);
    me = await signInResident(get().db, { phone: '13912345678', name: '张三' }, { now: new Date(at) });
    other = await signInResident(get().db, { phone: '13987654321', name: '李四' }, { now: new Date(at) });
  });

  test('收藏: a signed-out visitor is asked to sign in; saving is idempotent; unknown refs are refused; only the owner removes', async () => {
    const { app } = t;
    const anon = await app.inject({ method: 'GET', url: '/services/items/CX-SFZ-HL' });
    assert.equal(anon.statusCode, 200);
    assert.match(anon.body, /href="\/me\/sign-in\?return_to=%2Fservices%2Fitems%2FCX-SFZ-HL">登录后收藏/);
    const page = await app.inject({ method: 'GET', url: '/services/items/CX-SFZ-HL', headers: { cookie: me.cookie } });
    assert.match(page.body, /action="\/me\/saved"/);
    assert.doesNotMatch(page.body, /已收藏/);

    for (let i = 0; i < 2; i++) {
      const r = await postForm(app, '/me/saved', me.cookie, { kind: 'item', ref: 'CX-SFZ-HL', return_to: '/services/items/CX-SFZ-HL' });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/services/items/CX-SFZ-HL');
    }
    const venue = await postForm(app, '/me/saved', me.cookie, { kind: '办事地点', ref: 'CX-ZWFW', return_to: 'https://evil.example/' });
    assert.equal(venue.statusCode, 303);
    assert.equal(venue.headers.location, '/me/saved', 'a return_to off this site is ignored');
    const rows = await get().db.selectFrom('pa_saved').selectAll().where('account_id', '=', me.accountId).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => [r.kind, r.ref]), [['item', 'CX-SFZ-HL'], ['venue', 'CX-ZWFW']]);
    assert.ok(rows[0]!.title.length > 0);

    const unknown = await postForm(app, '/me/saved', me.cookie, { kind: 'item', ref: 'NO-SUCH-ITEM' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /找不到这个办事事项/);
    const badKind = await postForm(app, '/me/saved', me.cookie, { kind: 'book', ref: 'CX-SFZ-HL' });
    assert.equal(badKind.statusCode, 400);
    assert.match(badKind.body, /收藏类型应为/);

    const saved = await app.inject({ method: 'GET', url: '/services/items/CX-SFZ-HL', headers: { cookie: me.cookie } });
    assert.match(saved.body, /已收藏（取消）/);
    const list = await app.inject({ method: 'GET', url: '/me/saved', headers: { cookie: me.cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /href="\/services\/items\/CX-SFZ-HL"/);
    assert.match(list.body, /href="\/services\/venues\/CX-ZWFW"/);
    const theirs = await app.inject({ method: 'GET', url: '/me/saved', headers: { cookie: other.cookie } });
    assert.doesNotMatch(theirs.body, /CX-SFZ-HL/);

    const foreign = await postForm(app, `/me/saved/${rows[0]!.id}/delete`, other.cookie);
    assert.equal(foreign.statusCode, 404);
    assert.equal((await get().db.selectFrom('pa_saved').select('id').where('account_id', '=', me.accountId).execute()).length, 2);
    const mine = await postForm(app, `/me/saved/${rows[0]!.id}/delete`, me.cookie, { return_to: '/me/saved' });
    assert.equal(mine.statusCode, 303);
    assert.deepEqual((await get().db.selectFrom('pa_saved').select('ref').where('account_id', '=', me.accountId).execute()).map((r) => r.ref), ['CX-ZWFW']);
    const signedOut = await app.inject({ method: 'POST', url: '/me/saved', headers: { cookie: `gk_csrf=${/gk_csrf=([^;]+)/.exec(me.cookie)![1]}` }, payload: { _csrf: /gk_csrf=([^;]+)/.exec(me.cookie)![1]!, kind: 'item', ref: 'CX-SFZ-HL' } });
    assert.equal(signedOut.statusCode, 303);
    assert.match(String(signedOut.headers.location), /^\/me\/sign-in\?return_to=/);
  });

  test('订阅: buttons on category and organisation pages; codes or Chinese labels; unknown targets refused; only the owner removes', async () => {
    const { app } = t;
    const anon = await app.inject({ method: 'GET', url: '/openness/disclosures/category/zhzw' });
    assert.match(anon.body, /登录后订阅/);
    const page = await app.inject({ method: 'GET', url: '/openness/disclosures/org/130427', headers: { cookie: me.cookie } });
    assert.match(page.body, /action="\/me\/subscriptions"/);
    assert.match(page.body, /name="target_ref" value="130427"/);

    const byLabel = await postForm(app, '/me/subscriptions', me.cookie, { target_kind: '公开类别', target_ref: 'zhzw', delivery: '电子邮件', return_to: '/openness/disclosures/category/zhzw' });
    assert.equal(byLabel.statusCode, 303);
    assert.equal(byLabel.headers.location, '/me/subscriptions?email=needed#email'); // no confirmed address yet
    const byCode = await postForm(app, '/me/subscriptions', me.cookie, { target_kind: 'organisation', target_ref: '130427', delivery: 'feed' });
    assert.equal(byCode.statusCode, 303);
    assert.equal(byCode.headers.location, '/me/subscriptions');
    const subs = await get().db.selectFrom('pa_subscription').selectAll().where('account_id', '=', me.accountId).orderBy('id').execute();
    assert.deepEqual(subs.map((s) => [s.target_kind, s.target_ref, s.delivery]), [['category', 'zhzw', 'email'], ['organisation', '130427', 'feed']]);
    const after = await app.inject({ method: 'GET', url: '/openness/disclosures/category/zhzw', headers: { cookie: me.cookie } });
    assert.match(after.body, /已订阅（电子邮件）/);

    const unknown = await postForm(app, '/me/subscriptions', me.cookie, { target_kind: 'category', target_ref: 'nope', delivery: 'feed' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /找不到这个公开类别/);
    const bad = await postForm(app, '/me/subscriptions', me.cookie, { target_kind: '栏目', target_ref: 'zhzw', delivery: 'pigeon' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /订阅对象类型应为/);
    assert.match(bad.body, /订阅方式应为/);

    const list = await app.inject({ method: 'GET', url: '/me/subscriptions', headers: { cookie: me.cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /个人订阅源/);
    assert.match(list.body, /您有通过电子邮件送达的订阅，但还没有已确认的电子邮箱/);
    const orgSub = subs[1]!;
    assert.equal((await postForm(app, `/me/subscriptions/${orgSub.public_id}/delete`, other.cookie)).statusCode, 404);
    assert.equal((await postForm(app, `/me/subscriptions/${orgSub.public_id}/delete`, me.cookie)).statusCode, 303);
    assert.equal((await get().db.selectFrom('pa_subscription').select('id').where('account_id', '=', me.accountId).execute()).length, 1);
    // back as a feed subscription for the feed test below
    await postForm(app, '/me/subscriptions', me.cookie, { target_kind: '机构', target_ref: '130427', delivery: '个人订阅源' });
  });

  test('e-mail: the address is confirmed by a single-use link through the outbox; nothing is sent before', async () => {
    const { app } = t;
    const bad = await postForm(app, '/me/email', me.cookie, { email: 'not-an-address' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="not-an-address"/);
    // a record in the subscribed category, but no confirmed address yet: the digest sends nothing
    at = '2026-12-07T02:05:00.000Z';
    await publish('订阅测试：确认前的公告', '130427', 'zhzw');
    at = '2026-12-07T02:06:00.000Z';
    assert.deepEqual(await sendDigests(get().db, clock.now()), { sent: 0, skipped: 0 });

    const ok = await postForm(app, '/me/email', me.cookie, { email: 'zhangsan@example.cn' });
    assert.equal(ok.statusCode, 303);
    const mails = await outbox('accounts.email-confirm');
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.channel, 'email');
    assert.equal(mails[0]!.recipient, 'zhangsan@example.cn');
    const token = /\/me\/email\/confirm\/t\/([A-Za-z0-9_-]+)/.exec(mails[0]!.body)?.[1];
    assert.ok(token, mails[0]!.body);
    const acc = await get().db.selectFrom('pa_account').selectAll().where('id', '=', me.accountId).executeTakeFirstOrThrow();
    assert.equal(acc.email, null);
    assert.ok(acc.email_token_hash && !acc.email_token_hash.includes(token));

    const confirmed = await app.inject({ method: 'GET', url: `/me/email/confirm/t/${token}` });
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.body, /已确认/);
    const after = await get().db.selectFrom('pa_account').select(['email', 'email_token_hash']).where('id', '=', me.accountId).executeTakeFirstOrThrow();
    assert.deepEqual(after, { email: 'zhangsan@example.cn', email_token_hash: null });
    const activity = await get().db.selectFrom('pa_activity').select('kind').where('account_id', '=', me.accountId).where('kind', '=', 'email_confirmed').execute();
    assert.equal(activity.length, 1);
    assert.equal((await app.inject({ method: 'GET', url: `/me/email/confirm/t/${token}` })).statusCode, 404, 'used once');
    // the record published before the confirmation is not sent afterwards either
    assert.deepEqual(await sendDigests(get().db, clock.now()), { sent: 0, skipped: 0 });
  });

  test('digest: new public records of the subscribed category once, in one e-mail; never a withdrawn one; two runs send once', async () => {
    at = '2026-12-07T02:10:00.000Z';
    const fresh = await publish('订阅测试：新公告甲', '130427', 'zhzw');
    const row = await get().db.selectFrom('disclosure').select(['state', 'published_at', 'category_code', 'org_path']).where('id', '=', fresh.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.published_at, row.category_code], ['published', at, 'zhzw'], JSON.stringify(row));
    const gone = await publish('订阅测试：已撤回的公告', '130427', 'zhzw');
    await get().db.updateTable('disclosure').set({ state: 'withdrawn' }).where('id', '=', gone.id).execute();
    await publish('订阅测试：其他类别的公告', '130427', 'scjg');
    at = '2026-12-07T02:15:00.000Z';
    const before = (await outbox('accounts.subscription-digest')).length;
    // two overlapping runs (two processes): one digest
    const runs = await Promise.all([sendDigests(get().db, clock.now()), sendDigests(get().db, clock.now())]);
    assert.equal(runs.reduce((n, r) => n + r.sent, 0), 1, JSON.stringify(runs));
    const digests = await outbox('accounts.subscription-digest');
    assert.equal(digests.length, before + 1);
    const d = digests[digests.length - 1]!;
    assert.equal(d.recipient, 'zhangsan@example.cn');
    assert.match(d.body, /订阅测试：新公告甲/);
    assert.match(d.body, /\/openness\/disclosures\//);
    assert.doesNotMatch(d.body, /已撤回/);
    assert.doesNotMatch(d.body, /确认前的公告/);
    assert.doesNotMatch(d.body, /其他类别/);
    // run again: nothing new
    at = '2026-12-07T02:16:00.000Z';
    assert.equal((await sendDigests(get().db, clock.now())).sent, 0);
    assert.equal((await outbox('accounts.subscription-digest')).length, before + 1);
  });

  test('personal feed: a random URL (only its hash kept) lists public records; regenerating ends the old one; unknown → 404', async () => {
    const { app } = t;
    const made = await postForm(app, '/me/feed', me.cookie);
    assert.equal(made.statusCode, 200);
    const url = /(\/me\/feed\/t\/[A-Za-z0-9_-]+)/.exec(made.body)?.[1];
    assert.ok(url);
    const feed = await app.inject({ method: 'GET', url });
    assert.equal(feed.statusCode, 200);
    assert.match(String(feed.headers['content-type']), /atom\+xml/);
    assert.match(feed.body, /订阅测试：新公告甲/);
    assert.doesNotMatch(feed.body, /已撤回/);
    assert.doesNotMatch(feed.body, /张三|13912345678|zhangsan/);
    const rss = await app.inject({ method: 'GET', url: `${url}?format=rss` });
    assert.match(rss.body, /<rss version="2.0"/);
    const hash = (await get().db.selectFrom('pa_account').select('feed_token_hash').where('id', '=', me.accountId).executeTakeFirstOrThrow()).feed_token_hash;
    assert.ok(hash && !url.includes(hash));

    const again = await postForm(app, '/me/feed', me.cookie);
    const url2 = /(\/me\/feed\/t\/[A-Za-z0-9_-]+)/.exec(again.body)?.[1];
    assert.ok(url2 && url2 !== url);
    assert.equal((await app.inject({ method: 'GET', url })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: url2 })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/me/feed/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode, 404);
    await t.app.close();
  });
}, withDemo);
