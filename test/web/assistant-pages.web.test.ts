// The assistant's pages over HTTP (issue 20 §1, §3, §7), without JavaScript: the chat page (intro,
// example buttons, the installation's counties, the labelled question field, the live region); a
// question posted → 303 to the conversation → the question and the answer with its numbered source
// links; a choice button posts its text; 有帮助/没有帮助; an empty or too long question comes back
// with 400, the error summary and the text kept; HTML in a question is shown escaped; no CSRF → 403;
// the channel (web, mobile, kiosk) and the region remembered; the kiosk page with the venue's county
// and no link out of the kiosk; 转人工/留言 forms (contact checked here, the hand-off's own answer
// shown); the tracking form; links to the assistant from the kiosk home, /search and the portal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { appendTurns, findConversation } from '../../src/modules/assistant/conversations.repository.ts';
import { safeHref, sourceHref } from '../../src/modules/assistant/views/chat.tsx';

const clock = fixedClock('2026-03-02T02:00:00Z');
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

test('source links: a path of this site or an http(s) address; on a kiosk only an item\'s kiosk guide', () => {
  assert.equal(safeHref('/services/items/CX-SFZ-HL'), '/services/items/CX-SFZ-HL');
  assert.equal(safeHref('https://www.hbzwfw.gov.cn/yyzz/sl'), 'https://www.hbzwfw.gov.cn/yyzz/sl');
  for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', '//evil.example/x', '/\\evil.example', 'data:text/html,x', 'https://a.example/"><script>']) assert.equal(safeHref(bad), null, bad);
  const kiosk = { kind: 'kiosk' as const, venue: 'CX-ZWFW' };
  assert.equal(sourceHref(kiosk, { type: 'item', id: 'CX-SFZ-HL', title: 't', url: '/services/items/CX-SFZ-HL' }), '/kiosk/CX-ZWFW/items/CX-SFZ-HL');
  assert.equal(sourceHref(kiosk, { type: 'venue', id: 'CX-ZWFW', title: 't', url: '/services/venues/CX-ZWFW' }), null);
  assert.equal(sourceHref({ kind: 'web' }, { type: 'faq', id: 'FAQ1', title: 't', url: 'javascript:alert(1)' }), null);
});

forEachDialect('assistant pages', (get) => {
  let t: TestApp;
  before(async () => { await withDemo(get()); t = await buildTestApp(get(), clock); });
  after(async () => { await t.app.close(); });

  const post = (url: string, payload: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: `gk_csrf=${CSRF}`, ...headers }, payload: { _csrf: CSRF, ...payload } });
  const page = (url: string) => t.app.inject({ url, headers: { cookie: `gk_csrf=${CSRF}` } });
  /** The conversation id and turn of a 303 to /assistant?c=…#t{turn} (or the kiosk's). */
  const located = (location: string | undefined, base = '/assistant') => {
    const m = new RegExp(`^${base.replace(/\//g, '\\/')}\\?c=(c[A-Za-z0-9_-]{32})#t(\\d+)$`).exec(location ?? '');
    assert.ok(m, `303 to the conversation: ${location}`);
    return { c: m[1] as string, turn: Number(m[2]) };
  };
  const ask = async (text: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) => {
    const res = await post('/assistant', { text, ...extra }, headers);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    return located(res.headers.location);
  };

  test('the chat page: intro, example buttons, the counties, a labelled question field with a limit, a live region, no inline script', async () => {
    const res = await page('/assistant');
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.match(html, /<title>智能客服 - /);
    assert.match(html, /<h1>智能客服<\/h1>/);
    for (const q of ['开饭店要办哪些证', '退休了养老金怎么领', '孩子上户口要带什么', '低保需要什么条件']) {
      assert.match(html, new RegExp(`<button type="submit" name="example" value="${q}"[^>]*>${q}</button>`));
    }
    const select = /<select id="region" name="region"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    assert.match(select, /<option value="130427">磁县<\/option>/);
    assert.match(select, /<option value="440105">海珠区<\/option>/);
    assert.match(select, /<option value="440309">龙华区<\/option>/);
    assert.match(html, /<label for="text">您的问题<\/label>/);
    assert.match(html, /<input id="text" name="text" type="text"[^>]*maxLength="200"|<input id="text" name="text" type="text"[^>]*maxlength="200"/i);
    assert.match(html, /<div id="as-log" class="as-log" role="log" aria-live="polite"/);
    assert.match(html, /<form method="post" action="\/assistant" id="as-ask"/);
    assert.match(html, /<script src="\/assets\/assistant\/assistant.js" defer/);
    // every script is a file of this site
    for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(m[1] as string, /src="\/assets\//);
      assert.equal((m[2] as string).trim(), '');
    }
    const js = await t.app.inject({ url: '/assets/assistant/assistant.js' });
    assert.equal(js.statusCode, 200);
    assert.doesNotMatch(js.body, /innerHTML|insertAdjacentHTML|eval\(/);
    assert.equal((await t.app.inject({ url: '/assets/assistant/assistant.css' })).statusCode, 200);
  });

  test('no-JS journey: a question → 303 → the conversation with the question, the answer and its numbered source links; region and channel kept', async () => {
    const { c, turn } = await ask('身份证换领要带什么', { region: '130427' });
    assert.equal(turn, 2);
    const conv = await findConversation(get().db, c);
    assert.equal(conv?.channel, 'web');
    assert.equal(conv?.regionCode, '130427');
    const res = await page(`/assistant?c=${c}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const html = res.body;
    assert.match(html, /<div class="as-turn as-turn--user" id="t1"><p class="as-who">您<\/p><p class="as-text">身份证换领要带什么<\/p><\/div>/);
    const answer = /<div class="as-turn as-turn--assistant" id="t2">([\s\S]*?)<\/div><\/div>|<div class="as-turn as-turn--assistant" id="t2">([\s\S]*)$/.exec(html)?.[0] ?? '';
    assert.ok(answer, 'the answer turn');
    // a sentence with a superscript [1] linking to the source, and the numbered source list
    const sup = /<sup class="as-ref"><a href="([^"]+)" aria-label="来源 1：([^"]+)">\[1\]<\/a><\/sup>/.exec(answer);
    assert.ok(sup, 'a [1] link');
    assert.match(sup[1] as string, /^\/services\/items\/[^"]+$/);
    assert.match(answer, new RegExp(`<ol aria-labelledby="t2-src" class="as-source-list"><li value="1"><a href="${(sup[1] as string).replace(/[?]/g, '\\?')}">${sup[2]}</a>`));
    assert.match(answer, /身份证/);
    // the region is remembered (shown, not asked again), the new question keeps the conversation
    assert.match(html, /所在地区：磁县/);
    assert.doesNotMatch(html, /<select id="region"/);
    assert.match(html, new RegExp(`<input type="hidden" name="c" value="${c}" data-as-c/>`));
    const next = await ask('要多少钱', { c });
    assert.deepEqual(next, { c, turn: 4 });
    // a phone's browser: channel mobile
    const m = await ask('社保卡怎么补办', {}, { 'user-agent': IPHONE });
    assert.equal((await findConversation(get().db, m.c))?.channel, 'mobile');
  });

  test('a choice button posts its text into the conversation; only the latest answer offers choices', async () => {
    const { c } = await ask('社保');
    const conv = await findConversation(get().db, c);
    assert.ok(conv);
    // a clarifying question as the ask path stores it
    const stored = await inTransaction(get().db, (trx) => appendTurns(trx, conv, clock.now(), [
      { role: 'user', text: '社保缴费' },
      { role: 'assistant', text: '您是个人还是单位？', sentences: [{ text: '您是个人还是单位？', source: null }], choices: ['个人', '单位'], outcome: 'clarify' },
    ]));
    assert.ok(stored.ok);
    const html = (await page(`/assistant?c=${c}`)).body;
    const forms = [...html.matchAll(/<form method="post" action="\/assistant" class="as-choice" data-as-choice>([\s\S]*?)<\/form>/g)].map((x) => x[1] as string);
    assert.equal(forms.length, 2);
    assert.match(forms[0] as string, new RegExp(`name="_csrf" value="${CSRF}"[\\s\\S]*name="c" value="${c}"[\\s\\S]*<input type="hidden" name="text" value="个人"/>[\\s\\S]*>个人</button>`));
    assert.match(forms[1] as string, />单位<\/button>/);
    const r = await ask('个人', { c });
    assert.deepEqual(r, { c, turn: 6 });
    const after = (await page(`/assistant?c=${c}`)).body;
    assert.match(after, /<div class="as-turn as-turn--user" id="t5"><p class="as-who">您<\/p><p class="as-text">个人<\/p>/);
    assert.doesNotMatch(after, />单位<\/button>/, 'the old choices are gone');
  });

  test('有帮助 / 没有帮助: a small form per answer; the answer says thanks; a bad turn is refused', async () => {
    const { c, turn } = await ask('身份证换领', { region: '130427' });
    const html = (await page(`/assistant?c=${c}`)).body;
    assert.match(html, new RegExp(`<form method="post" action="/assistant/feedback" class="as-feedback">[\\s\\S]*?name="turn" value="${turn}"[\\s\\S]*?<button type="submit" name="helpful" value="1"[^>]*>有帮助</button><button type="submit" name="helpful" value="0"[^>]*>没有帮助</button>`));
    const res = await post('/assistant/feedback', { c, turn: String(turn), helpful: '0' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/assistant?c=${c}&fb=${turn}#t${turn}`);
    const thanked = (await page(res.headers.location as string)).body;
    assert.match(thanked, /<p class="as-feedback-done" role="status">(感谢您的反馈。|您认为这个回答没有帮助，我们会改进。)<\/p>/);
    assert.equal((await post('/assistant/feedback', { c, turn: 'x', helpful: '0' })).statusCode, 400);
    assert.equal((await post('/assistant/feedback', { c, turn: '2', helpful: 'maybe' })).statusCode, 400);
    assert.equal((await post('/assistant/feedback', { c: 'nope', turn: '2', helpful: '1' })).statusCode, 404);
  });

  test('an empty or too long question: 400, the error summary, the typed text kept; nothing stored', async () => {
    const count = async () => Number((await get().db.selectFrom('as_conversation').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const empty = await post('/assistant', { text: '   ', region: '440105' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>错误：智能客服 - /);
    assert.match(empty.body, /class="error-summary"[\s\S]*<a href="#text">请输入您的问题<\/a>/);
    assert.match(empty.body, /<option value="440105" selected="">海珠区<\/option>|<option value="440105" selected>海珠区<\/option>/);
    const long = '我想问一下'.repeat(41);
    const res = await post('/assistant', { text: long });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#text">问题太长了，请控制在 200 字以内<\/a>/);
    assert.match(res.body, new RegExp(`<input id="text" name="text" type="text"[^>]*value="${long}"`));
    assert.match(res.body, /aria-invalid="true"/);
    assert.equal(await count(), before);
  });

  test('HTML and script in a question are shown as text', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>身份证';
    const { c } = await ask(evil);
    const html = (await page(`/assistant?c=${c}`)).body;
    assert.match(html, /<p class="as-text">&lt;script>alert\(1\)&lt;\/script>&lt;img src=x onerror=alert\(2\)>身份证<\/p>/);
    assert.doesNotMatch(html, /<script>alert|<img src=x/);
    const back = await post('/assistant', { text: `${evil}${'长'.repeat(300)}` });
    assert.equal(back.statusCode, 400);
    assert.doesNotMatch(back.body, /<script>alert|<img src=x/);
    assert.match(back.body, /value="&lt;script(&gt;|>)alert\(1\)/);
  });

  test('CSRF: a form without the token is refused with 403, nothing asked', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/assistant', headers: { cookie: `gk_csrf=${CSRF}` }, payload: { text: '身份证' } });
    assert.equal(res.statusCode, 403);
    const wrong = await t.app.inject({ method: 'POST', url: '/assistant/feedback', headers: { cookie: `gk_csrf=${CSRF}` }, payload: { _csrf: 'x'.repeat(43), c: 'c'.repeat(33), turn: '2', helpful: '1' } });
    assert.equal(wrong.statusCode, 403);
  });

  test('an unknown or malformed conversation shows a new chat with a notice', async () => {
    const missing = await page(`/assistant?c=c${'A'.repeat(32)}`);
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /没有找到这个会话/);
    assert.match(missing.body, /<select id="region"/);
    const odd = await post('/assistant', { c: '<b>', text: '身份证' });
    assert.equal(odd.statusCode, 404);
    assert.match(odd.body, /value="身份证"/);
    assert.doesNotMatch(odd.body, /<b>/);
  });

  test('转人工 / 留言: the panel follows the hand-off status; a message needs name and phone; the hand-off\'s refusal is shown', async () => {
    const { c } = await ask('身份证换领', { region: '130427' });
    const html = (await page(`/assistant?c=${c}`)).body;
    const panel = /<section id="handoff"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.match(panel, /<h2 id="as-handoff-h">人工服务<\/h2>/);
    // either a live hand-off or the two ways to leave a message is offered (never both)
    const live = /<div data-as-h="live">/.test(panel);
    const leave = /<div data-as-h="leave">/.test(panel);
    assert.ok(live !== leave, 'one of 转人工 / 留言');
    assert.match(panel, /<input type="hidden" name="mode" value="leave"\/><input type="hidden" name="kind" value="enquiry"\/>/);
    assert.match(panel, /<label for="name">姓名<\/label>[\s\S]*<label for="phone">联系电话<\/label>/);
    const noContact = await post('/assistant/handoff', { c, mode: 'leave', kind: 'message', name: '', phone: '12' });
    assert.equal(noContact.statusCode, 400);
    assert.match(noContact.body, /<a href="#name">请填写姓名<\/a>[\s\S]*<a href="#phone">联系电话格式不正确/);
    assert.match(noContact.body, /id="phone" name="phone" type="tel"[^>]*value="12"/);
    assert.equal((await post('/assistant/handoff', { c, mode: 'shout' })).statusCode, 400);
    // 咨询登记: the reference and the code on this answer only, not cached, not in any address; then tracked
    const r = await post('/assistant/handoff', { c, mode: 'leave', kind: 'enquiry' });
    assert.equal(r.statusCode, 200, r.body.slice(0, 200));
    assert.match(r.body, /<h2 id="as-codes-h">请记下编号和查询码<\/h2>/);
    const reference = /data-as-reference>([^<]+)</.exec(r.body)?.[1] ?? '';
    const code = /data-as-tracking>([^<]+)</.exec(r.body)?.[1] ?? '';
    assert.match(reference, /^ZXR-/);
    assert.ok(code.length >= 6, code);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.body.split(code).length, 2, 'the code is shown once');
    assert.doesNotMatch(r.body, new RegExp(`href="[^"]*${code}`));
    const tracked = await post('/assistant/track', { reference: reference.toLowerCase(), code });
    assert.equal(tracked.statusCode, 200);
    assert.match(tracked.body, new RegExp(`<h2 id="as-track-h">${reference}</h2>`));
    assert.doesNotMatch(tracked.body, new RegExp(code));
    // the conversation now says it was converted, and offers neither 转人工 nor 留言
    const after = (await page(`/assistant?c=${c}`)).body;
    assert.match(after, /<div data-as-h="converted"><p>您的问题已转为留言或咨询登记/);
    assert.match(after, /<div data-as-h="live" hidden>/);
    assert.match(after, /<div data-as-h="leave" hidden>/);
  });

  test('转人工 live: waiting for staff, the page says so and the script is told to poll', async () => {
    const { c } = await ask('居民身份证换领要带什么', { region: '130427' });
    const before = (await page(`/assistant?c=${c}`)).body;
    assert.match(before, /<div data-as-h="live"><p>人工客服现在在线/);
    const r = await post('/assistant/handoff', { c, mode: 'live' });
    assert.equal(r.statusCode, 200, r.body.slice(0, 200));
    assert.match(r.body, /已为您转人工/);
    assert.match(r.body, /请记下编号和查询码/);
    const html = (await page(`/assistant?c=${c}`)).body;
    assert.match(html, /<div data-as-h="waiting"><p role="status">已为您转人工，请稍候/);
    assert.match(html, new RegExp(`data-poll="/api/v1/assistant/conversations/${c}"[^>]*data-state="waiting"`));
    // a second request is refused by the hand-off and shown as an error
    const again = await post('/assistant/handoff', { c, mode: 'live' });
    assert.ok(again.statusCode >= 400 && again.statusCode < 500, String(again.statusCode));
    assert.match(again.body, /class="error-summary"/);
  });

  test('a hand-off flood from one address is refused with 429 (the limit per hour), others are not affected', async () => {
    const flood = (ip: string) => t.app.inject({ method: 'POST', url: '/assistant/handoff', remoteAddress: ip, headers: { cookie: `gk_csrf=${CSRF}` }, payload: { _csrf: CSRF, c: 'c'.repeat(33), mode: 'live' } });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await flood('10.20.30.40')).statusCode);
    assert.deepEqual(codes, [404, 404, 404, 404, 404, 404, 429]);
    assert.equal((await flood('10.20.30.41')).statusCode, 404);
  });

  test('the tracking form: required fields; a wrong reference and a wrong code get the same answer', async () => {
    const form = await page('/assistant/track');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<label for="reference">编号<\/label>[\s\S]*<label for="code">查询码<\/label>/);
    const empty = await post('/assistant/track', { reference: '', code: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写编号[\s\S]*请填写查询码/);
    const a = await post('/assistant/track', { reference: 'ZXR-20260302-AAAAA', code: 'ABCDEFGH' });
    const b = await post('/assistant/track', { reference: 'zxr-20260302-bbbbb', code: 'ZZZZZZZZ' });
    assert.equal(a.statusCode, 404);
    assert.equal(b.statusCode, 404);
    const msg = (x: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(x)?.[0];
    assert.equal(msg(a.body), msg(b.body));
    assert.match(a.body, /编号或查询码不正确/);
    assert.doesNotMatch(a.body, /value="ABCDEFGH"/, 'the code is never shown back');
  });

  test('the kiosk: the chat in the kiosk frame, the venue\'s county, channel kiosk, item sources to the kiosk guide, no link out', async () => {
    const res = await page('/kiosk/CX-ZWFW/assistant');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="zh-CN" class="kiosk">/);
    assert.match(res.body, /<title>智能客服 - 磁县政务服务中心<\/title>/);
    assert.match(res.body, /<input type="hidden" name="region" value="130427"\/>/);
    assert.match(res.body, /<input id="text" name="text" type="text" class="kiosk-input"/);
    assert.match(res.body, /class="kiosk-button"[^>]*>开饭店要办哪些证</);
    const r = await post('/kiosk/CX-ZWFW/assistant', { text: '身份证换领' });
    assert.equal(r.statusCode, 303);
    const { c } = located(r.headers.location, '/kiosk/CX-ZWFW/assistant');
    const conv = await findConversation(get().db, c);
    assert.equal(conv?.channel, 'kiosk');
    assert.equal(conv?.venuePublicId, 'CX-ZWFW');
    assert.equal(conv?.regionCode, '130427');
    const html = (await page(r.headers.location as string)).body;
    assert.match(html, /<a href="\/kiosk\/CX-ZWFW\/items\/[^"]+"><span class="kiosk-card-title">1\. /);
    assert.doesNotMatch(html, /href="(https?:|\/services\/)/);
    assert.match(html, /action="\/kiosk\/CX-ZWFW\/assistant\/feedback"/);
    // another kiosk does not show this conversation
    const other = await page(`/kiosk/CX-GKZQ/assistant?c=${c}`);
    assert.equal(other.statusCode, 404);
    assert.doesNotMatch(other.body, /身份证换领/);
    assert.equal((await page('/kiosk/NOPE-VENUE/assistant')).statusCode, 404);
  });

  test('a contact the hand-off refuses (a 7-digit phone, a name with <>) is shown at its own field, and the summary links to it', async () => {
    const { c } = await ask('低保需要什么条件', { region: '440309' });
    const r = await post('/assistant/handoff', { c, mode: 'leave', kind: 'message', name: '张<三>', phone: '1380013' });
    assert.equal(r.statusCode, 400);
    assert.doesNotMatch(r.body, /href="#contact_/);
    assert.match(r.body, /<a href="#phone">[^<]+<\/a>/);
    assert.match(r.body, /<p class="field-error" id="phone-error">[^<]+<\/p>/);
    assert.match(r.body, /<p class="field-error" id="name-error">[^<]+<\/p>/);
    assert.match(r.body, /name="phone"[^>]*value="1380013"/);
  });

  test('使用我的位置: the page offers it (the script shows it), the form\'s lat/lng reach the answer: the nearest venue, not the centre', async () => {
    const html = (await page('/assistant')).body;
    assert.match(html, /<div class="as-locate" data-as-locate hidden[^>]*data-locating="正在获取您的位置…"/);
    assert.match(html, /<input type="hidden" name="lat" value data-as-lat\/>/);
    assert.match(html, /<button type="button" class="button button--secondary" data-as-locate-button aria-describedby="as-locate-hint">使用我的位置<\/button>/);
    assert.match(html, /<p class="as-locate-status" data-as-locate-status role="status"><\/p>/);
    const js = (await t.app.inject({ url: '/assets/assistant/assistant.js' })).body;
    assert.match(js, /getCurrentPosition/);
    assert.match(js, /payload\.location = loc/);
    // without the script the button must stay hidden: the block's display:flex must not override [hidden]
    const css = (await t.app.inject({ url: '/assets/assistant/assistant.css' })).body;
    assert.match(css, /\.as-locate\[hidden\] \{ display: none; \}/);
    // a position near 磁州镇 (磁县): the nearest venue that handles 低保 is named, with its distance
    const near = await ask('低保在哪里办', { region: '130427', lat: '36.37', lng: '114.38' });
    const nearHtml = (await page(`/assistant?c=${near.c}`)).body;
    assert.match(nearHtml, /离您最近[^<]*场所是磁州镇便民服务中心[^<]*约 \d+ 米/);
    assert.match(nearHtml, /href="\/services\/venues\/CX-BM-130427100"/);
    // without (or with a garbled) position: the county's centre
    const far = await ask('低保在哪里办', { region: '130427', lat: 'abc', lng: '<b>' });
    const farHtml = (await page(`/assistant?c=${far.c}`)).body;
    assert.doesNotMatch(farHtml, /离您最近[^<]*场所是/);
    assert.match(farHtml, /可以到磁县政务服务中心办理/);
    // a position outside China: refused with the service's message, the question kept
    const bad = await post('/assistant', { text: '低保在哪里办', region: '130427', lat: '51.5', lng: '-0.12' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="低保在哪里办"/);
    // the kiosk stands where its venue is: no location button
    assert.doesNotMatch((await page('/kiosk/CX-ZWFW/assistant')).body, /data-as-locate/);
  });

  test('links to the assistant: the kiosk home tile, /search without results, the portal', async () => {
    assert.match((await page('/kiosk/CX-ZWFW')).body, /<a class="kiosk-tile" href="\/kiosk\/CX-ZWFW\/assistant"><span class="kiosk-tile-label">智能客服</);
    assert.match((await page('/search?q=zzzzqqq')).body, /<a href="\/assistant">找不到想要的？试试问智能客服/);
    assert.doesNotMatch((await page('/search?q=%E8%BA%AB%E4%BB%BD%E8%AF%81')).body, /<a href="\/assistant">找不到想要的/);
    assert.match((await page('/')).body, /<a href="\/assistant">不知道怎么搜？问智能客服/);
    assert.match((await page('/services')).body, /<a href="\/assistant">智能客服/);
  });
});
