// The personal space over HTTP (issue 21 §2): /me shows who is signed in (masked), the parts' blocks
// and 「发现 N 件以前提交的办件」; claiming through /me/claim (CSRF, ticked boxes, re-checked on the
// server: a crafted reference of another account's submission is never claimed); the lists and the
// owner's pages of every kind; another account's, an unlinked and a made-up reference → the same 404
// for every kind; an enterprise's life-cycle stage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, withDemo, type TestApp } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { submitMessage } from '../../src/modules/interaction/index.ts';
import { submitRating } from '../../src/modules/ratings/index.ts';
import { createEnquiry } from '../../src/modules/enquiries/index.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const ID = '130427199001011230';
let address = 0;

forEachDialect('accounts: /me and the owner\'s submissions', (get) => {
  let t: TestApp;
  const refsOf = async (phone: string, tag: string) => {
    const db = get().db;
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/applications', remoteAddress: `10.78.0.${++address}`, payload: { org: '130427', applicant: { type: 'natural_person', name: '张三丰', id_number: ID, phone, email: 'z@example.com' }, description: `申请公开磁县2025年财政预算（${tag}）。`, delivery: 'email' } });
    assert.equal(a.statusCode, 201, a.body);
    const m = await submitMessage({ db, clock }, { org: '130427', category: 'street_lights', title: `路灯不亮${tag}`, content: '时光街东段路灯连续一周不亮。', address: '', lat: '', lng: '', contactName: '刘建国', contactPhone: phone, contactEmail: '', isPublic: 'no', source: 'web' });
    const r = await submitRating({ db, clock }, { orgCode: '130427100', venuePublicId: 'CX-BM-130427100', channel: 'web', level: '5', raterName: '刘建国', raterPhone: phone, text: `很好${tag}` }, { public: true });
    const actor = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.gkb'))!.id, 'token'))!;
    const e = await createEnquiry({ db, clock }, { actor }, { channel: 'window', venue: 'CX-GKZQ', topic: `社保证明${tag}`, asked_at: '2026-03-02 09:30', contact_phone: phone, answer: `在自助机打印${tag}` });
    assert.ok(m.ok, 'message'); assert.ok(r.ok, JSON.stringify(r)); assert.ok(e.ok, JSON.stringify(e));
    return { applications: a.json().reference as string, messages: m.ok ? m.reference : '', ratings: r.ok ? r.publicId : '', consultations: e.ok ? e.publicId : '' };
  };
  const claimBody = (picks: string[]) => [`_csrf=${CSRF}`, ...picks.map((p) => `pick=${encodeURIComponent(p)}`)].join('&');
  const claim = (cookie: string, picks: string[]) => t.app.inject({ method: 'POST', url: '/me/claim', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: claimBody(picks) });
  const KIND = { applications: 'application', messages: 'message', ratings: 'rating', consultations: 'enquiry' } as const;

  before(async () => { t = await buildTestApp(get(), clock); }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('/me needs a sign-in; the home shows who (masked) and earlier submissions; claims are re-checked; every page is the owner\'s only', async () => {
    const anon = await t.app.inject('/me/applications');
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/me\/sign-in\?return_to=%2Fme%2Fapplications/);

    const mine = await refsOf('13900000011', 'A');
    const theirs = await refsOf('13900000012', 'B');
    const loose = await refsOf('13900000013', 'C'); // nobody's: stays unlinked
    const a = await signInResident(get().db, { phone: '13900000011', name: '张三丰', idNumber: ID });
    const b = await signInResident(get().db, { phone: '13900000012', name: '李四' });

    // B claims its own first (urlencoded ticks, as a browser sends them)
    const bClaim = await claim(b.cookie, Object.entries(theirs).map(([k, ref]) => `${KIND[k as keyof typeof KIND]}:${ref}`));
    assert.equal(bClaim.statusCode, 303);
    assert.equal(bClaim.headers.location, '/me?done=claimed&n=4');

    const home = await t.app.inject({ url: '/me', headers: { cookie: a.cookie } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<h1>我的空间<\/h1>/);
    assert.match(home.body, /张三丰/);
    assert.match(home.body, /139\*\*\*\*0011/);
    assert.match(home.body, /130427\*+1230/);
    assert.ok(!home.body.includes(ID) && !home.body.includes('13900000011'), 'no full ID number or phone');
    assert.match(home.body, /手机短信验证码/);
    assert.match(home.body, /个人/);
    // A's four, plus C's application filed with the same ID number (B's is already B's)
    assert.match(home.body, /发现 5 件以前提交的办件/);
    assert.match(home.body, /我的依申请公开申请<\/a>（0 件）/);
    assert.doesNotMatch(home.body, /企业生命周期/);

    const page = await t.app.inject({ url: '/me/claim', headers: { cookie: a.cookie } });
    assert.equal(page.statusCode, 200);
    for (const ref of Object.values(mine)) assert.ok(page.body.includes(ref), ref);
    assert.ok(!page.body.includes(theirs.messages), 'B\'s claimed message is not offered');
    assert.match(page.body, /匹配依据：手机号码、身份证号码/);

    const noCsrf = await t.app.inject({ method: 'POST', url: '/me/claim', headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `pick=${encodeURIComponent(`message:${mine.messages}`)}` });
    assert.equal(noCsrf.statusCode, 403);
    const none = await claim(a.cookie, []);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /<title>错误：/);
    assert.match(none.body, /请至少勾选一件办件/);

    // A ticks its own four and crafts B's (linked) and C's message (another phone): only A's are claimed
    const picks = [...Object.entries(mine).map(([k, ref]) => `${KIND[k as keyof typeof KIND]}:${ref}`), `message:${theirs.messages}`, `application:${theirs.applications}`, `message:${loose.messages}`, 'rating:PJNOSUCHTHING'];
    const done = await claim(a.cookie, picks);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/me?done=claimed&n=4');
    const after = await t.app.inject({ url: done.headers.location as string, headers: { cookie: a.cookie } });
    assert.match(after.body, /已将 4 件办件归入您的空间/);
    assert.match(after.body, /发现 1 件以前提交的办件/, 'C\'s application filed with the same ID number is still offered');
    assert.match(after.body, /我的依申请公开申请<\/a>（1 件）/);
    assert.match(after.body, /我的留言<\/a>（1 件）/);
    const linked = await get().db.selectFrom('message').select(['reference', 'account_id']).where('reference', 'in', [theirs.messages, loose.messages]).orderBy('reference').execute();
    assert.deepEqual(Object.fromEntries(linked.map((r) => [r.reference, r.account_id])), { [theirs.messages]: b.accountId, [loose.messages]: null });

    for (const [path, ref] of Object.entries(mine)) {
      const list = await t.app.inject({ url: `/me/${path}`, headers: { cookie: a.cookie } });
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(`/me/${path}/${encodeURIComponent(ref)}`), `${path} lists ${ref}`);
      assert.ok(!list.body.includes(theirs[path as keyof typeof theirs]), `${path} does not list B's`);
      const own = await t.app.inject({ url: `/me/${path}/${encodeURIComponent(ref)}`, headers: { cookie: a.cookie } });
      assert.equal(own.statusCode, 200, `${path}/${ref}`);
      assert.ok(own.body.includes(ref));
      // another account's, an unlinked and a made-up reference: one and the same 404
      const answers = await Promise.all([theirs[path as keyof typeof theirs], loose[path as keyof typeof loose], 'XX-20260302-ABCDE']
        .map((r) => t.app.inject({ url: `/me/${path}/${encodeURIComponent(r)}`, headers: { cookie: a.cookie } })));
      for (const r of answers) assert.equal(r.statusCode, 404, `${path}: ${r.body.slice(0, 200)}`);
      // the same page (only the header's way back differs: it names the path asked for)
      const main = (body: string) => /<main[\s\S]*<\/main>/.exec(body)?.[0] ?? '';
      assert.ok(main(answers[0]!.body).length > 100);
      assert.equal(main(answers[0]!.body), main(answers[1]!.body));
      assert.equal(main(answers[1]!.body), main(answers[2]!.body));
      assert.match(answers[0]!.body, /找不到该记录，或者它不属于您的账号/);
      // and B never sees A's
      const cross = await t.app.inject({ url: `/me/${path}/${encodeURIComponent(ref)}`, headers: { cookie: b.cookie } });
      assert.equal(cross.statusCode, 404);
    }
    // no reply letter yet (not delivered), and never another account's
    for (const ref of [mine.applications, theirs.applications]) assert.equal((await t.app.inject({ url: `/me/applications/${ref}/letter`, headers: { cookie: a.cookie } })).statusCode, 404);
    const rating = await t.app.inject({ url: `/me/ratings/${mine.ratings}`, headers: { cookie: a.cookie } });
    assert.match(rating.body, /非常满意/);
    assert.match(rating.body, /很好A/);
    const enquiry = await t.app.inject({ url: `/me/consultations/${mine.consultations}`, headers: { cookie: a.cookie } });
    assert.match(enquiry.body, /在自助机打印A/);
    const message = await t.app.inject({ url: `/me/messages/${mine.messages.toLowerCase()}`, headers: { cookie: a.cookie } });
    assert.equal(message.statusCode, 200);
    assert.match(message.body, /路灯不亮A/);
    const activity = await get().db.selectFrom('pa_activity').select('detail').where('account_id', '=', a.accountId).where('kind', '=', 'claim').execute();
    assert.deepEqual(activity.map((x) => x.detail), ['认领以前提交的办件 4 件']);
  });

  test('an enterprise picks its life-cycle stage and sees its items; a bad stage is a 400 form; a person has no stage', async () => {
    const e = await signInResident(get().db, { phone: '13600000021', kind: 'enterprise', uscc: '91130427MA0K7P9Q8L', orgName: '磁县测试有限公司' });
    const home = await t.app.inject({ url: '/me', headers: { cookie: e.cookie } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /企业生命周期/);
    assert.match(home.body, /法人/);
    assert.match(home.body, /91130427MA0K7P9Q8L/);
    const post = (cookie: string, stage: string) => t.app.inject({ method: 'POST', url: '/me/stage', headers: { cookie }, payload: { _csrf: CSRF, stage } });
    const saved = await post(e.cookie, 'start');
    assert.equal(saved.statusCode, 303);
    const after = await t.app.inject({ url: String(saved.headers.location).replace(/#.*/, ''), headers: { cookie: e.cookie } });
    assert.match(after.body, /「营业登记」阶段的事项/);
    assert.match(after.body, /<option value="start" selected>/);
    const configured = await get().db.selectFrom('sm_life_event_stage').select('id').where('audience', '=', 'enterprise').where('slug', '=', 'start').execute();
    if (configured.length) assert.match(after.body, /href="\/services\/items\/[^"]+"/);
    const bad = await post(e.cookie, 'nonsense');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /请选择列表中的阶段/);
    assert.equal((await get().db.selectFrom('pa_account').select('enterprise_stage').where('id', '=', e.accountId).executeTakeFirstOrThrow()).enterprise_stage, 'start');
    const person = await signInResident(get().db, { phone: '13600000022' });
    assert.equal((await post(person.cookie, 'start')).statusCode, 404);
  });
}, withDemo);
