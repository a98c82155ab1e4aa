// The window desk (/staff/desk) over HTTP: one search finds an item's guide (pinyin initials too)
// with its print link; the place (venue and window) is chosen within the caller's scope and kept in
// an httpOnly SameSite cookie (another county's venue refused, re-checked on every use); the rating
// QR of a 办件 is a single-use link shown on screen only (no SMS or e-mail queued, audited, not
// cached), issued once a minute at most, and opens the rating page; a walk-in 依申请公开 application
// is registered through the applications module with channel in_person and the zone recorded (bad
// input 400 with the values kept).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, cookiesFrom, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import { maskForLog } from '../../src/platform/log/mask.ts';

/** A clock the test moves forward (the once-a-minute rule). */
function movableClock(start: string): Clock & { advance: (ms: number) => void } {
  let at = Date.parse(start);
  return { now: () => new Date(at), today: () => localDateOf(new Date(at)), advance: (ms) => { at += ms; } };
}
const enc = encodeURIComponent;
const APPLICANT = {
  org: '130427', applicant_type: 'natural_person', applicant_name: '窗口申请人', applicant_id_number: '11010519491231002X',
  applicant_phone: '13800001111', description: '申请公开磁县2025年城区道路维修合同。', delivery: 'pickup',
};

forEachDialect('the window desk', (get) => {
  let t: TestApp;
  const clock = movableClock('2026-03-02T02:00:00Z');
  const cookies: Record<string, string> = {};
  const VENUE = 'CX-ZWFW';
  let windowId = '';
  let windowLabel = '';
  let deskCookie = '';

  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cixian.gkb', 'cixian.editor', 'admin2', 'cizhou.handler']) cookies[u] = await signIn(t.app, u);
    const w = await get().db.selectFrom('rating_window').selectAll().where('venue_public_id', '=', VENUE).where('active', '=', 1).orderBy('code').executeTakeFirstOrThrow();
    windowId = w.public_id;
    windowLabel = `${w.code} ${w.name}`;
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('one search finds the guide (initials work), the guide shows its facts and the print view opens in a new tab; a query too long is 400', async () => {
    const res = await t.app.inject({ url: '/staff/desk?q=sfz', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /居民<mark>身份证<\/mark>换领/);
    const id = /href="\/staff\/desk\?q=sfz&amp;item=(CX-[^"&#]+)/.exec(res.body)?.[1];
    assert.ok(id, 'a result links to its guide in the desk');
    const item = await get().db.selectFrom('sm_item').select(['name', 'department']).where('public_id', '=', decodeURIComponent(id!)).executeTakeFirstOrThrow();
    const guide = await t.app.inject({ url: `/staff/desk?q=sfz&item=${id}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(guide.statusCode, 200);
    assert.ok(guide.body.includes(`<h2 id="desk-guide-title" class="gs-title">${item.name}</h2>`), 'the whole guide sheet is shown');
    assert.ok(guide.body.includes(item.department));
    assert.match(guide.body, /居民户口簿/, 'with its materials');
    assert.match(guide.body, new RegExp(`href="/services/items/${id}/print" target="_blank" rel="noopener"`));
    assert.match(guide.body, /打印给办事人/);
    // items only: a venue's name finds nothing in the desk
    const venueName = (await get().db.selectFrom('sm_venue').select('name').where('public_id', '=', VENUE).executeTakeFirstOrThrow()).name;
    const venueQuery = await t.app.inject({ url: `/staff/desk?q=${enc(venueName)}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.doesNotMatch(venueQuery.body, new RegExp(`href="/staff/desk\\?q=[^"]*item=${VENUE}`));
    const long = await t.app.inject({ url: `/staff/desk?q=${'证'.repeat(101)}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /<title>错误：/);
    assert.match(long.body, /查找内容不能超过 100 个字/);
    const missing = await t.app.inject({ url: '/staff/desk?item=NO-SUCH-ITEM', headers: { cookie: cookies['cixian.gkb']! } });
    assert.match(missing.body, /没有找到这个事项/);
    const home = await t.app.inject({ url: '/staff', headers: { cookie: cookies['cixian.editor']! } });
    assert.match(home.body, /href="\/staff\/desk"/, 'the staff home links the desk');
    assert.ok([401, 303].includes((await t.app.inject({ url: '/staff/desk' })).statusCode), 'signed out: refused');
  });

  test('help: the staff home (工作台) and the desk link the counter staff\'s help, which links each task', async () => {
    for (const u of ['cizhou.handler', 'cixian.editor']) {
      const home = await t.app.inject({ url: '/staff', headers: { cookie: cookies[u]! } });
      assert.match(home.body, /href="\/staff\/desk\/help"/, u);
      const deskPage = await t.app.inject({ url: '/staff/desk', headers: { cookie: cookies[u]! } });
      assert.match(deskPage.body, /href="\/staff\/desk\/help"/, u);
    }
    const help = await t.app.inject({ url: '/staff/desk/help', headers: { cookie: cookies['cizhou.handler']! } });
    assert.equal(help.statusCode, 200);
    assert.match(help.body, /<h1>窗口与政务公开专区使用说明<\/h1>/);
    for (const href of ['/staff/desk/place', '/staff/desk/apply', '/staff/enquiries/new', '/staff/zones', '/staff/channels']) assert.ok(help.body.includes(`href="${href}"`), href);
    assert.equal((await t.app.inject({ url: '/staff/desk/help' })).statusCode, 401);
  });

  test('the demo\'s window clerk of 磁县政务服务中心 (cixian.window) can do every task of the desk there', async () => {
    const clerk = await signIn(t.app, 'cixian.window');
    const place = await postForm(t.app, '/staff/desk/place', clerk, { venue: VENUE, window: windowId });
    assert.equal(place.statusCode, 303);
    const c = cookiesFrom(place, clerk);
    const page = await t.app.inject({ url: '/staff/desk', headers: { cookie: c } });
    assert.match(page.body, /action="\/staff\/desk\/rating"/, 'the rating QR form');
    assert.match(page.body, /href="\/staff\/desk\/apply"/, 'the walk-in application');
    assert.match(page.body, /href="\/staff\/enquiries\/new\?venue=CX-ZWFW/, 'the consultation log');
    assert.equal((await t.app.inject({ url: '/staff/desk/apply', headers: { cookie: c } })).statusCode, 200);
    // not another county's hall
    assert.equal((await postForm(t.app, '/staff/desk/place', clerk, { venue: 'HZ-ZWFW', window: '' })).statusCode, 403);
  });

  test('the place: venues of the caller\'s scope only, another county\'s refused, a wrong window 400 kept, remembered in an httpOnly SameSite cookie and re-checked', async () => {
    const list = await t.app.inject({ url: '/staff/desk/place', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`value="${VENUE}"`));
    assert.doesNotMatch(list.body, /value="HZ-/);
    assert.equal((await t.app.inject({ url: '/staff/desk/place?venue=HZ-ZWFW', headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/staff/desk/place?venue=NO-SUCH', headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 404);
    const windows = await t.app.inject({ url: `/staff/desk/place?venue=${VENUE}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.ok(windows.body.includes(windowLabel));

    assert.equal((await postForm(t.app, '/staff/desk/place', cookies['cixian.gkb']!, { venue: 'HZ-ZWFW', window: '' })).statusCode, 403);
    const foreignWindow = await postForm(t.app, '/staff/desk/place', cookies['cixian.gkb']!, { venue: VENUE, window: 'HZ-ZWFW-A01' });
    assert.equal(foreignWindow.statusCode, 400);
    assert.match(foreignWindow.body, /请选择这个场所在用的窗口/);
    assert.match(foreignWindow.body, new RegExp(`name="venue" value="${VENUE}"`));

    const ok = await postForm(t.app, '/staff/desk/place', cookies['cixian.gkb']!, { venue: VENUE, window: windowId });
    assert.equal(ok.statusCode, 303);
    const set = String(ok.headers['set-cookie']);
    assert.match(set, /gk_desk=/);
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Strict/);
    deskCookie = cookiesFrom(ok, cookies['cixian.gkb']!);
    const page = await t.app.inject({ url: '/staff/desk', headers: { cookie: deskCookie } });
    assert.ok(page.body.includes(windowLabel), 'the place is shown at the top');
    assert.match(page.body, new RegExp(`/staff/enquiries/new\\?venue=${VENUE}&amp;window=${windowId}&amp;channel=window`));
    assert.match(page.body, new RegExp(`href="/staff/enquiries\\?zone=${VENUE}"`));
    // the prefilled 咨询登记 form of the enquiries module opens from the link
    const enquiry = await t.app.inject({ url: `/staff/enquiries/new?venue=${VENUE}&window=${windowId}&channel=window`, headers: { cookie: deskCookie } });
    assert.equal(enquiry.statusCode, 200);
    // the desk's region comes first in the search
    const own = await t.app.inject({ url: '/staff/desk?q=sfz', headers: { cookie: deskCookie } });
    assert.match(own.body, /<ol class="desk-results"><li><a href="\/staff\/desk\?q=sfz&amp;item=CX-/);
    // the same cookie in another county's hands names no place
    const foreign = await t.app.inject({ url: '/staff/desk', headers: { cookie: `${cookies.admin2!}; gk_desk=${/gk_desk=([^;]*)/.exec(deskCookie)![1]}` } });
    assert.equal(foreign.statusCode, 200);
    assert.ok(!foreign.body.includes(windowLabel));
    assert.match(foreign.body, /还没有选择所在的场所和窗口/);
  });

  test('the rating QR of a 办件: on screen only, audited, not cached, once a minute, and it opens the rating page once', async () => {
    const outbox = async () => Number((await get().db.selectFrom('notification_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await outbox();
    const form = { venue: VENUE, window: windowId, case_ref: 'CX2026-0301', item: '' };
    const res = await postForm(t.app, '/staff/desk/rating', deskCookie, form);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const token = /\/rate\/t\/([A-Za-z0-9_-]+)/.exec(res.body)?.[1];
    assert.ok(token, 'the link is on the page');
    assert.match(res.body, /<svg[^>]*role="img"[^>]*aria-label="办件 CX2026-0301 的评价二维码"/);
    assert.match(res.body, /链接有效期至 2026-04-01 10:00/);
    assert.equal(await outbox(), before, 'no SMS or e-mail queued');
    const links = await get().db.selectFrom('rating_link').selectAll().where('case_ref', '=', 'CX2026-0301').execute();
    assert.equal(links.length, 1);
    assert.equal(links[0]!.subject, 'window');
    assert.equal(links[0]!.venue_public_id, VENUE);
    assert.ok(!JSON.stringify(links[0]).includes(token!), 'only the hash is stored');
    const audit = await get().db.selectFrom('audit_log').selectAll().where('action', '=', 'rating_link.issue').where('entity_id', '=', String(links[0]!.id)).execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit).includes(token!));
    // the logger's mask hides the secret of a logged URL
    assert.ok(!maskForLog(`GET /rate/t/${token}`).includes(token!));

    // again within the minute: no second link, the desk says one was issued
    clock.advance(30_000);
    const again = await postForm(t.app, '/staff/desk/rating', deskCookie, form);
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /一分钟内不再重复生成/);
    assert.doesNotMatch(again.body, /\/rate\/t\//);
    assert.equal((await get().db.selectFrom('rating_link').select('id').where('case_ref', '=', 'CX2026-0301').execute()).length, 1);

    // the visitor scans it: the rating page opens
    const open = await t.app.inject({ url: `/rate/t/${token}` });
    assert.equal(open.statusCode, 200);
    assert.match(open.body, /name="level"/);

    // after the minute a new link may be issued
    clock.advance(31_000);
    const later = await postForm(t.app, '/staff/desk/rating', deskCookie, { ...form, item: '' });
    assert.equal(later.statusCode, 200);
    assert.equal((await get().db.selectFrom('rating_link').select('id').where('case_ref', '=', 'CX2026-0301').execute()).length, 2);

    // bad input: 400, message, values kept; an editor may not issue; another county's venue is refused
    const bad = await postForm(t.app, '/staff/desk/rating', deskCookie, { ...form, case_ref: '办件 1!' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /value="办件 1!"/);
    const badItem = await postForm(t.app, '/staff/desk/rating', deskCookie, { ...form, case_ref: 'CX2026-0302', item: 'NO-SUCH-ITEM' });
    assert.equal(badItem.statusCode, 400);
    assert.match(badItem.body, /value="NO-SUCH-ITEM"/);
    assert.equal((await postForm(t.app, '/staff/desk/rating', cookies['cixian.editor']!, form)).statusCode, 403);
    // ... so the editor's desk, at a place of theirs, does not offer the form (it could only answer 403)
    const editorPlace = await postForm(t.app, '/staff/desk/place', cookies['cixian.editor']!, { venue: VENUE, window: '' });
    assert.equal(editorPlace.statusCode, 303);
    const editorDesk = await t.app.inject({ url: '/staff/desk?q=sfz', headers: { cookie: cookiesFrom(editorPlace, cookies['cixian.editor']!) } });
    assert.equal(editorDesk.statusCode, 200);
    assert.match(editorDesk.body, /磁县政务服务中心/, 'the place is chosen');
    assert.doesNotMatch(editorDesk.body, /action="\/staff\/desk\/rating"/);
    assert.match(editorDesk.body, /生成评价二维码需要承办人、主管或管理员角色/);
    assert.match((await t.app.inject({ url: '/staff/desk?q=sfz', headers: { cookie: deskCookie } })).body, /action="\/staff\/desk\/rating"/);
    assert.equal((await postForm(t.app, '/staff/desk/rating', cookies['cixian.gkb']!, { ...form, venue: 'HZ-ZWFW', window: '' })).statusCode, 403);
  });

  test('two rating requests for one 办件 at the same moment (a double click): one link, every other request 409', async () => {
    const form = { venue: VENUE, window: windowId, case_ref: 'CX2026-0309', item: '' };
    const answers = await Promise.all([0, 1, 2, 3].map(() => postForm(t.app, '/staff/desk/rating', deskCookie, form)));
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409, 409, 409]);
    assert.equal((await get().db.selectFrom('rating_link').select('id').where('case_ref', '=', 'CX2026-0309').execute()).length, 1);
  });

  test('a walk-in application: registered through the applications module with channel in_person and the zone; bad input 400 kept; another county\'s venue refused', async () => {
    const form = await t.app.inject({ url: '/staff/desk/apply', headers: { cookie: deskCookie } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /当面提交/);
    assert.match(form.body, new RegExp(`name="venue" value="${VENUE}"`));
    assert.equal((await t.app.inject({ url: '/staff/desk/apply', headers: { cookie: cookies['cixian.editor']! } })).statusCode, 403);

    const bad = await postForm(t.app, '/staff/desk/apply', deskCookie, { ...APPLICANT, venue: VENUE, applicant_id_number: '110105194912310021' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /class="error-summary"/);
    assert.match(bad.body, /value="窗口申请人"/);
    assert.match(bad.body, /申请公开磁县2025年城区道路维修合同。/);
    const count = async () => (await get().db.selectFrom('application_case').select('id').where('applicant_name', '=', '窗口申请人').execute()).length;
    assert.equal(await count(), 0);
    assert.equal((await postForm(t.app, '/staff/desk/apply', deskCookie, { ...APPLICANT, venue: 'HZ-ZWFW' })).statusCode, 403);
    assert.equal(await count(), 0);

    const ok = await postForm(t.app, '/staff/desk/apply', deskCookie, { ...APPLICANT, venue: VENUE });
    assert.equal(ok.statusCode, 201, ok.body.slice(0, 500));
    const reference = /(YSQ[0-9A-Z-]+)/.exec(ok.body)?.[1];
    assert.ok(reference);
    const row = await get().db.selectFrom('application_case').selectAll().where('reference', '=', reference!).executeTakeFirstOrThrow();
    assert.equal(row.channel, 'in_person');
    assert.equal(row.venue_public_id, VENUE);
    assert.equal(row.received_on, '2026-03-02');
    assert.ok(row.due_on && ok.body.includes(row.due_on), 'the statutory due date is shown');
    assert.match(ok.body, new RegExp(`action="/staff/applications/${reference}/receipt"`));
    assert.match(ok.body, /查询码/);
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity_id', '=', reference!).where('action', '=', 'application_registered').executeTakeFirstOrThrow();
    assert.match(audit.after_json ?? '', new RegExp(VENUE));
    assert.doesNotMatch(audit.after_json ?? '', /窗口申请人|11010519491231002X|13800001111/);
    // the case page in /staff/applications names where it was handed in
    const casePage = await t.app.inject({ url: `/staff/applications/${reference}`, headers: { cookie: deskCookie } });
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, /<dt>受理场所<\/dt><dd><a href="\/services\/venues\/CX-ZWFW">磁县政务服务中心<\/a>（CX-ZWFW）<\/dd>/);
  });
}, withDemo);
