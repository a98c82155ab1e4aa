// 转人工 over HTTP: the person's API (live → 201 with reference and code, again → 409 with the same
// reference; a message without a phone → 400; after hours → 409 with the reason), the staff queue
// page (the demo's waiting conversation, the polling script), take twice → 409, the answer window's
// reply (empty → 400 keeping nothing lost), close, the staff API's scope (another county → 404),
// the settings form (a bad wait → 400 with the values kept), tracking (a wrong code → the same 404
// as an unknown reference) and the flood limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { appendTurns, createConversation } from '../../src/modules/assistant/conversations.repository.ts';

const clock = fixedClock('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing: 磁县's centre is open

/** The tag--* modifiers a page uses that the stylesheet does not define (an undefined one shows as a bare box). */
async function undefinedTagClasses(app: TestApp['app'], html: string): Promise<string[]> {
  const css = (await app.inject({ url: '/assets/app.css' })).body;
  const used = [...new Set([...html.matchAll(/class="[^"]*\b(tag--[a-z-]+)/g)].map((m) => m[1]!))];
  assert.ok(used.length > 0, 'the page shows a tag');
  return used.filter((c) => !css.includes(`.${c} `) && !css.includes(`.${c}{`));
}

forEachDialect('assistant hand-off over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  let address = 0;
  const from = () => `10.20.${Math.floor(++address / 200)}.${address % 200 + 1}`;
  const conversation = async (org = '130427') => {
    const o = await get().db.selectFrom('organisation').select(['code', 'path']).where('code', '=', org).executeTakeFirstOrThrow();
    const c = await createConversation(get().db, clock.now(), { channel: 'web', regionCode: org, venuePublicId: null, orgCode: o.code, orgPath: o.path });
    await inTransaction(get().db, (trx) => appendTurns(trx, c, clock.now(), [{ role: 'user', text: '城乡居民医保怎么交' }, { role: 'assistant', text: '没有找到。', outcome: 'no_match' }]));
    return c.publicId;
  };
  const handoff = (id: string, payload: Record<string, unknown>, remoteAddress = from()) => t.app.inject({ method: 'POST', url: `/api/v1/assistant/conversations/${id}/handoff`, payload, remoteAddress });

  before(async () => {
    t = await buildTestApp(get(), clock, { ASSISTANT_HANDOFF_PER_HOUR: '3' });
    for (const u of ['cixian.gkb', 'cixian.window', 'longhua.admin', 'cixian.reviewer']) {
      tokens[u] = await tokenFor(get().db, u);
      cookies[u] = await signIn(t.app, u);
    }
  });
  after(async () => t.app.close());

  test('the queue shows the demo\'s waiting conversation and refreshes itself with a same-origin script', async () => {
    const res = await t.app.inject({ url: '/staff/assistant/queue', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /灵活就业人员的社保断缴了/);
    assert.match(res.body, /ZXR-\d{8}-[0-9A-Z]{5}/);
    assert.match(res.body, /data-poll="10"/);
    assert.deepEqual(await undefinedTagClasses(t.app, res.body), [], 'the 等待人工 tag is styled');
    assert.match(res.body, /<script src="\/assistant\/handoff\/poll\.js"/);
    const js = await t.app.inject({ url: '/assistant/handoff/poll.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.match(js.body, /DOMParser/);
    // run the script on a stand-in page: the region with the focus is left alone, the other is refreshed
    const focused = { innerHTML: 'old-a', getAttribute: () => '10', contains: (el: unknown) => el === button };
    const unfocused = { innerHTML: 'old-b', getAttribute: () => '10', contains: () => false };
    const button = {};
    const timers: (() => void)[] = [];
    const page = {
      document: { hidden: false, activeElement: button, querySelectorAll: () => [focused, unfocused] },
      location: { href: '/staff/assistant/queue' }, setTimeout: (f: () => void) => { timers.push(f); },
      fetch: async () => ({ ok: true, text: async () => 'fresh' }),
      DOMParser: class { parseFromString() { return { querySelectorAll: () => [{ innerHTML: 'new-a' }, { innerHTML: 'new-b' }] }; } },
    };
    new Function('window', 'document', 'location', 'setTimeout', 'fetch', js.body)({ fetch: page.fetch, DOMParser: page.DOMParser }, page.document, page.location, page.setTimeout, page.fetch);
    (globalThis as { DOMParser?: unknown }).DOMParser = page.DOMParser;
    try {
      timers.shift()!();
      for (let i = 0; i < 20 && unfocused.innerHTML === 'old-b'; i++) await new Promise((r) => setImmediate(r));
    } finally { delete (globalThis as { DOMParser?: unknown }).DOMParser; }
    assert.deepEqual([focused.innerHTML, unfocused.innerHTML], ['old-a', 'new-b']);
    const other = await t.app.inject({ url: '/staff/assistant/queue', headers: { cookie: cookies['longhua.admin']! } });
    assert.ok(!other.body.includes('灵活就业人员的社保断缴了'), 'not 龙华\'s');
    const reviewer = await t.app.inject({ url: '/staff/assistant/queue', headers: { cookie: cookies['cixian.reviewer']! } });
    assert.equal(reviewer.statusCode, 403);
    // the demo's conversation waits like a real one: its deadline is 磁县's 5 minutes after the request, not a far-off year
    const reference = /ZXR-\d{8}-[0-9A-Z]{5}/.exec(res.body)![0];
    const demo = await t.app.inject({ url: `/staff/assistant/conversations/${reference}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(demo.statusCode, 200);
    const requested = /<time datetime="([^"]+)">[^<]*<\/time><p>已为您转接人工客服/.exec(demo.body)![1]!;
    const due = new Date(Date.parse(requested) + 5 * 60_000 + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    assert.match(demo.body, new RegExp(`<dt>无人接入时</dt><dd>无人接入将于 ${due} 自动转为`));
    assert.doesNotMatch(demo.body, /20[5-9]\d-|2100-/);
  });

  test('live request → 201; again → 409 with the same reference; take twice → 409; reply, empty reply 400; close', async () => {
    const id = await conversation();
    const res = await handoff(id, { mode: 'live' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as { reference: string; tracking_code: string; state: { code: string }; deadline_at: string };
    assert.equal(body.state.code, 'waiting');
    assert.equal(body.deadline_at, '2026-03-02T02:05:00.000Z');
    const again = await handoff(id, { mode: '等待人工客服' });
    assert.equal(again.statusCode, 409);
    assert.deepEqual([again.json().code, again.json().reference], ['handoff_exists', body.reference]);

    const url = `/staff/assistant/conversations/${body.reference}`;
    const take = await postForm(t.app, `${url}/take`, cookies['cixian.window']!);
    assert.equal(take.statusCode, 303);
    const second = await t.app.inject({ method: 'POST', url: `/api/v1/staff/assistant/handoffs/${body.reference}/take`, headers: bearer('cixian.gkb') });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().code, 'handoff_taken');
    const empty = await postForm(t.app, `${url}/reply`, cookies['cixian.window']!, { text: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>错误：/);
    const reply = await postForm(t.app, `${url}/reply`, cookies['cixian.window']!, { text: '可以在医保公众号上缴费。' });
    assert.equal(reply.statusCode, 303);
    const page = await t.app.inject({ url, headers: { cookie: cookies['cixian.window']! } });
    assert.match(page.body, /可以在医保公众号上缴费。/);
    assert.match(page.body, /data-poll="5"/);
    // the person's side: the conversation's turns (through the staff API with after=) and tracking
    const turns = await t.app.inject({ url: `/api/v1/staff/assistant/handoffs/${body.reference}?after=3`, headers: bearer('cixian.gkb') });
    assert.equal(turns.statusCode, 200);
    assert.deepEqual((turns.json().turns as { role: { code: string } }[]).map((x) => x.role.code), ['system', 'staff']);
    const track = await t.app.inject({ method: 'POST', url: '/api/v1/assistant/handoffs/track', payload: { reference: body.reference, tracking_code: body.tracking_code }, remoteAddress: from() });
    assert.equal(track.statusCode, 200);
    assert.match(track.json().answers[0].text, /医保公众号/);
    const close = await t.app.inject({ method: 'POST', url: `/api/v1/staff/assistant/handoffs/${body.reference}/close`, headers: bearer('cixian.window') });
    assert.equal(close.statusCode, 200);
    assert.equal(close.json().state.code, 'closed');
    const convert = await t.app.inject({ method: 'POST', url: `/api/v1/staff/assistant/handoffs/${body.reference}/convert`, headers: bearer('cixian.window') });
    assert.equal(convert.statusCode, 200, convert.body);
    assert.equal(convert.json().converted.kind.code, 'enquiry');
    const recorded = await get().db.selectFrom('enquiry').select(['follow_up', 'answer']).where('public_id', '=', convert.json().converted.reference).executeTakeFirstOrThrow();
    assert.equal(Number(recorded.follow_up), 0, 'answered in the window: nothing left to follow up');
    assert.match(recorded.answer, /医保公众号/);
  });

  test('a message without a phone → 400; kind unknown → 400 naming the values; unknown conversation → 404', async () => {
    const id = await conversation();
    const bad = await handoff(id, { mode: 'leave', kind: 'message', contact: { name: '李先生', phone: '' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'contact_invalid');
    const kind = await handoff(id, { mode: 'leave', kind: '飞鸽传书' });
    assert.equal(kind.statusCode, 400);
    assert.match(kind.json().message, /enquiry/);
    const none = await handoff(`c${'x'.repeat(32)}`, { mode: 'live' });
    assert.equal(none.statusCode, 404);
    const ok = await handoff(id, { mode: 'leave', kind: '民心直通车留言', contact: { name: '李先生', phone: '13912345678' } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().converted.kind.code, 'message');
  });

  test('scope: 龙华\'s hand-off is 404 to 磁县; tracking with a wrong code is the same 404 as an unknown reference', async () => {
    const id = await conversation('440309');
    const res = await handoff(id, { mode: 'live' });
    assert.equal(res.statusCode, 201, res.body);
    const ref = res.json().reference as string;
    for (const path of ['', '/take']) {
      const r = await t.app.inject({ method: path ? 'POST' : 'GET', url: `/api/v1/staff/assistant/handoffs/${ref}${path}`, headers: bearer('cixian.gkb') });
      assert.equal(r.statusCode, 404);
    }
    const page = await t.app.inject({ url: `/staff/assistant/conversations/${ref}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 404);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/assistant/handoffs/track', payload: { reference: ref, tracking_code: 'AAAAAAAA' }, remoteAddress: from() });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/assistant/handoffs/track', payload: { reference: 'ZXR-20260302-AAAAA', tracking_code: res.json().tracking_code }, remoteAddress: from() });
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.body, unknown.body);
  });

  test('settings: a bad wait → 400 with the values kept; a good one saved; another county\'s organisation → 404', async () => {
    const bad = await postForm(t.app, '/staff/assistant/settings', cookies['cixian.gkb']!, { org: '130427', enabled: '1', venue: 'CX-ZWFW', wait_minutes: '90', fallback: 'message' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /等待时间应为 1 到 60 分钟/);
    assert.match(bad.body, /value="90"/);
    assert.match(bad.body, /<option value="message" selected/);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/staff/assistant/settings/130427', headers: bearer('cixian.gkb'), payload: { enabled: true, venue: 'CX-ZWFW', wait_minutes: 5, fallback: '咨询登记' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().fallback.code, 'enquiry');
    const foreign = await t.app.inject({ method: 'PUT', url: '/api/v1/staff/assistant/settings/440309', headers: bearer('cixian.gkb'), payload: { enabled: false } });
    assert.equal(foreign.statusCode, 404);
  });

  test('a flood of hand-off requests from one address is refused (429)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await handoff(await conversation(), { mode: 'leave', kind: 'enquiry' }, '10.99.0.1')).statusCode);
    assert.deepEqual(codes, [201, 201, 201, 429]);
  });
}, withDemo);
