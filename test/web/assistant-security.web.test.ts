// The assistant seen by an attacker (issue 20 "Bad input"): HTML in a question reaches the staff
// queue and answer window escaped, a staff reply with HTML reaches the person escaped, the staff
// pages carry no inline script and the polling script is served as a script that cannot be
// sniffed as something else; every staff form POST needs the CSRF token; the contact of a hand-off
// is gone once the conversation is closed; a system recorder cannot put an enquiry at another
// organisation's venue nor in an organisation that does not exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { appendTurns, createConversation } from '../../src/modules/assistant/conversations.repository.ts';
import { createEnquiry } from '../../src/modules/enquiries/index.ts';

const clock = fixedClock('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing: 磁县's centre is open
const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>低保怎么办';

forEachDialect('assistant security', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let address = 0;
  const from = () => `10.77.${Math.floor(++address / 200)}.${address % 200 + 1}`;
  const conversation = async (question: string) => {
    const o = await get().db.selectFrom('organisation').select(['code', 'path']).where('code', '=', '130427').executeTakeFirstOrThrow();
    const c = await createConversation(get().db, clock.now(), { channel: 'web', regionCode: '130427', venuePublicId: null, orgCode: o.code, orgPath: o.path });
    await inTransaction(get().db, (trx) => appendTurns(trx, c, clock.now(), [{ role: 'user', text: question }, { role: 'assistant', text: '没有找到。', outcome: 'no_match' }]));
    return c;
  };
  const live = async (id: string, contact?: { name: string; phone: string }) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/assistant/conversations/${id}/handoff`, payload: { mode: 'live', ...(contact ? { contact } : {}) }, remoteAddress: from() });
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { reference: string }).reference;
  };

  before(async () => {
    await withDemo(get());
    t = await buildTestApp(get(), clock, { ASSISTANT_HANDOFF_PER_HOUR: '1000' });
    cookies.window = await signIn(t.app, 'cixian.window');
  });
  after(async () => t.app.close());

  test('HTML in a question is escaped in the staff queue and the answer window; a staff reply with HTML is escaped for the person', async () => {
    const c = await conversation(EVIL);
    const reference = await live(c.publicId);
    for (const url of ['/staff/assistant/queue', `/staff/assistant/conversations/${reference}`]) {
      const res = await t.app.inject({ url, headers: { cookie: cookies.window! } });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /&lt;script>alert\(1\)&lt;\/script>&lt;img src=x onerror=alert\(2\)>低保怎么办/, url);
      assert.doesNotMatch(res.body, /<script>alert|<img src=x/, url);
      // no inline script: every script element has a same-origin src and no body
      for (const m of res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
        assert.match(m[1]!, /src="\/[^/]/, `${url}: ${m[0].slice(0, 80)}`);
        assert.equal(m[2]!.trim(), '', url);
      }
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
      assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline/);
    }
    const url = `/staff/assistant/conversations/${reference}`;
    assert.equal((await postForm(t.app, `${url}/take`, cookies.window!)).statusCode, 303);
    const reply = await postForm(t.app, `${url}/reply`, cookies.window!, { text: '<a href="javascript:alert(3)">点这里</a><svg onload=alert(4)>' });
    assert.equal(reply.statusCode, 303, reply.body);
    const person = await t.app.inject({ url: `/assistant?c=${c.publicId}` });
    assert.equal(person.statusCode, 200);
    assert.match(person.body, /&lt;a href=(&quot;|")javascript:alert\(3\)(&quot;|")>点这里&lt;\/a>&lt;svg onload=alert\(4\)>/);
    assert.doesNotMatch(person.body, /<a href="javascript:|<svg onload/);
    const staff = await t.app.inject({ url, headers: { cookie: cookies.window! } });
    assert.doesNotMatch(staff.body, /<a href="javascript:|<svg onload/);
  });

  test('the polling script: a script type, nosniff, and it inserts only what the same page rendered (no eval, no other origin)', async () => {
    const js = await t.app.inject({ url: '/assistant/handoff/poll.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    assert.equal(js.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(js.body, /eval\(|new Function|document\.write|https?:\/\//);
    assert.match(js.body, /fetch\(location\.href, \{ credentials: 'same-origin'/);
  });

  test('CSRF: every staff form POST of the hand-off without the token is refused with 403 and changes nothing', async () => {
    const c = await conversation('社保卡怎么补办');
    const reference = await live(c.publicId);
    const base = `/staff/assistant/conversations/${reference}`;
    for (const [url, payload] of [[`${base}/take`, {}], [`${base}/reply`, { text: '好的' }], [`${base}/close`, {}], [`${base}/convert`, {}],
      ['/staff/assistant/settings', { org: '130427', enabled: '', venue: '', wait_minutes: '5', fallback: 'enquiry' }]] as const) {
      const none = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies.window! }, payload: { ...payload } });
      assert.equal(none.statusCode, 403, `${url} without token`);
      const wrong = await t.app.inject({ method: 'POST', url, headers: { cookie: `${cookies.window!}; gk_csrf=${CSRF}` }, payload: { _csrf: 'y'.repeat(43), ...payload } });
      assert.equal(wrong.statusCode, 403, `${url} with a wrong token`);
    }
    const row = await get().db.selectFrom('as_conversation').select(['state', 'taken_by_id', 'converted_ref']).where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.taken_by_id, row.converted_ref], ['waiting', null, null]);
    const setting = await get().db.selectFrom('as_setting').select('handoff_enabled').where('org_code', '=', '130427').executeTakeFirst();
    assert.notEqual(Number(setting?.handoff_enabled ?? 1), 0, 'the settings were not switched off');
  });

  test('the contact given with a live hand-off is kept while waiting, gone once staff close it, and never on the staff pages', async () => {
    const c = await conversation('我想咨询一下低保');
    const reference = await live(c.publicId, { name: '张三丰', phone: '13812345678' });
    const kept = await get().db.selectFrom('as_conversation').select('handoff_contact_json').where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.match(String(kept.handoff_contact_json), /13812345678/);
    const url = `/staff/assistant/conversations/${reference}`;
    for (const u of ['/staff/assistant/queue', url]) {
      const page = await t.app.inject({ url: u, headers: { cookie: cookies.window! } });
      assert.doesNotMatch(page.body, /13812345678|张三丰/, u);
    }
    assert.equal((await postForm(t.app, `${url}/take`, cookies.window!)).statusCode, 303);
    assert.equal((await postForm(t.app, `${url}/close`, cookies.window!)).statusCode, 303);
    const gone = await get().db.selectFrom('as_conversation').select('handoff_contact_json').where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(gone.handoff_contact_json, null);
    const audit = await get().db.selectFrom('audit_log').select(['after_json']).where('entity_id', '=', reference).execute();
    assert.ok(audit.length >= 2);
    for (const a of audit) assert.doesNotMatch(String(a.after_json), /13812345678|张三丰/);
  });

  // The answer may echo the question (no-match sentence, the search source's title and url) and the
  // context keeps it as lastQuery: the question is masked before it is analysed, so no ID or phone
  // number reaches as_turn, sources_json, context_json, the staff transcript or the rephraser.
  test('a phone or ID number in a question is stored nowhere unmasked (turns, sources, context, API)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/assistant/messages', payload: { text: '我的手机13812345678怎么查呢', region: '130427' }, remoteAddress: from() });
    assert.equal(res.statusCode, 200, res.body);
    const id = (res.json() as { conversation_id: string }).conversation_id;
    assert.doesNotMatch(res.body, /13812345678/, 'the answer');
    const conv = await get().db.selectFrom('as_conversation').select(['id', 'context_json']).where('public_id', '=', id).executeTakeFirstOrThrow();
    assert.doesNotMatch(conv.context_json, /13812345678/, 'context_json');
    for (const turn of await get().db.selectFrom('as_turn').select(['text', 'sources_json']).where('conversation_id', '=', conv.id).execute()) {
      assert.doesNotMatch(turn.text, /13812345678/, 'as_turn.text');
      assert.doesNotMatch(turn.sources_json, /13812345678/, 'as_turn.sources_json');
    }
  });

  // Each route would have its own rate-limit bucket (the store's child is per route): the hand-off
  // routes share one limiter (handoff-limit.ts), so the page, the kiosk page and the API together
  // allow ASSISTANT_HANDOFF_PER_HOUR per address.
  test('hand-off requests from one address share one limit across the page and the API', async () => {
    const limited = await buildTestApp(get(), clock, { ASSISTANT_HANDOFF_PER_HOUR: '2' });
    try {
      const ip = '10.78.0.1';
      let allowed = 0;
      const c = `c${'x'.repeat(32)}`;
      for (let i = 0; i < 4; i++) {
        const page = await limited.app.inject({ method: 'POST', url: '/assistant/handoff', remoteAddress: ip, headers: { cookie: `gk_csrf=${CSRF}` }, payload: { _csrf: CSRF, c, mode: 'leave', kind: 'enquiry' } });
        const api = await limited.app.inject({ method: 'POST', url: `/api/v1/assistant/conversations/${c}/handoff`, remoteAddress: ip, payload: { mode: 'leave', kind: 'enquiry' } });
        const kiosk = await limited.app.inject({ method: 'POST', url: '/kiosk/CX-ZWFW/assistant/handoff', remoteAddress: ip, headers: { cookie: `gk_csrf=${CSRF}` }, payload: { _csrf: CSRF, c, mode: 'leave', kind: 'enquiry' } });
        allowed += (page.statusCode === 429 ? 0 : 1) + (api.statusCode === 429 ? 0 : 1) + (kiosk.statusCode === 429 ? 0 : 1);
      }
      assert.equal(allowed, 2);
    } finally { await limited.app.close(); }
  });

  test('a system recorder: another organisation\'s venue is dropped, an unknown organisation is refused, the audit names the system', async () => {
    const deps = { db: get().db, clock };
    const foreign = await get().db.selectFrom('sm_venue').select('public_id').where('org_code', '!=', '130427').executeTakeFirstOrThrow();
    const r = await createEnquiry(deps, { system: '智能客服', orgCode: '130427' }, { channel: 'self_service', venue: foreign.public_id, topic: '系统记录测试', answer: '答复。', contact_name: '', contact_phone: '' }, 'assistant');
    assert.ok(r.ok, JSON.stringify(r));
    const row = await get().db.selectFrom('enquiry').select(['org_code', 'venue_public_id', 'created_by', 'source']).where('public_id', '=', r.publicId).executeTakeFirstOrThrow();
    assert.deepEqual([row.org_code, row.venue_public_id, row.created_by, row.source], ['130427', null, '智能客服', 'assistant']);
    const audit = await get().db.selectFrom('audit_log').select(['actor_label', 'actor_id']).where('entity_id', '=', r.publicId).executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_label, audit.actor_id], ['智能客服', null]);
    const before = await get().db.selectFrom('enquiry').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const none = await createEnquiry(deps, { system: '智能客服', orgCode: 'no-such-org' }, { channel: 'self_service', venue: '', topic: '系统记录测试', answer: '答复。', contact_name: '', contact_phone: '' }, 'assistant');
    assert.equal(none.ok, false);
    const afterCount = await get().db.selectFrom('enquiry').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });
});
