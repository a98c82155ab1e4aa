// The assistant's open API over HTTP: POST /api/v1/assistant/messages answers exactly the reply
// shape with sources from the demo data and needs no token; the conversation read (turns after N)
// and feedback; bad input is a Chinese {code, message} 4xx, never a 5xx (empty, 10,000 characters,
// a body over 16 KB, HTML kept as JSON text, NUL, a bad region or location, garbled ids, bad after);
// concurrent asks store nothing twice; the per-address rate limit; the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const URL = '/api/v1/assistant/messages';
const CHINESE = /[\u4e00-\u9fff]/;
type Json = Record<string, unknown>;

forEachDialect('assistant API', (get) => {
  let t: TestApp;
  let n = 0;
  /** Each test asks from its own address, so the per-address limit is the rate-limit test's alone. */
  const nextAddress = () => `10.20.${Math.floor(++n / 200)}.${n % 200 + 1}`;
  let address = '';
  const post = (payload: unknown, url = URL) => t.app.inject({ method: 'POST', url, payload: payload as Json, remoteAddress: address });
  const get_ = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: address });
  const turnCount = async () => Number((await get().db.selectFrom('as_turn').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const refusal = (res: { statusCode: number; json: () => unknown }, status: number, code: string) => {
    assert.equal(res.statusCode, status, JSON.stringify(res.json()));
    const body = res.json() as Json;
    assert.equal(body.code, code);
    assert.match(String(body.message), CHINESE);
    return body;
  };

  before(async () => { t = await buildTestApp(get(), fixedClock('2026-03-02T02:00:00Z'), { ASSISTANT_RATE_PER_MINUTE: '20' }); });
  after(async () => t.app.close());

  test('a question is answered without a token, exactly in the reply shape, with sources from the demo data', async () => {
    address = nextAddress();
    const res = await post({ text: '居民身份证换领要带什么材料', region: '130427' });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json() as Json;
    assert.deepEqual(Object.keys(r).sort(), ['answer', 'choices', 'conversation_id', 'handoff', 'outcome', 'sentences', 'sources', 'state', 'turn'].sort());
    assert.match(String(r.conversation_id), /^c[A-Za-z0-9_-]{32}$/);
    const sources = r.sources as Json[];
    assert.ok(sources.some((x) => x.id === 'CX-SFZ-HL' && x.type === 'item' && String(x.url).startsWith('/')), JSON.stringify(sources));
    for (const x of sources) assert.deepEqual(Object.keys(x).sort(), ['id', 'title', 'type', 'url']);
    assert.deepEqual(Object.keys(r.handoff as Json).sort(), ['available', 'reason']);
    assert.equal(r.turn, 2);
    assert.equal(r.state, 'bot');
    assert.ok(Array.isArray(r.choices));

    // the conversation read: all turns, then only the ones after 1
    const all = await get_(`/api/v1/assistant/conversations/${r.conversation_id}`);
    assert.equal(all.statusCode, 200);
    const conv = all.json() as { turns: Json[]; state: string; handoff: Json; conversation_id: string };
    assert.deepEqual(conv.turns.map((x) => [x.seq, x.role]), [[1, 'user'], [2, 'assistant']]);
    assert.equal(conv.turns[0]!.text, '居民身份证换领要带什么材料');
    assert.deepEqual(conv.turns[1]!.sources, sources);
    const later = await get_(`/api/v1/assistant/conversations/${r.conversation_id}?after=1`);
    assert.deepEqual((later.json() as { turns: Json[] }).turns.map((x) => x.seq), [2]);
    const none = await get_(`/api/v1/assistant/conversations/${r.conversation_id}?after=2`);
    assert.deepEqual((none.json() as { turns: Json[] }).turns, []);
    for (const bad of ['-1', 'x', '1.5', '99999999999']) refusal(await get_(`/api/v1/assistant/conversations/${r.conversation_id}?after=${bad}`), 400, 'after_invalid');

    // a follow-up in the same conversation
    const next = await post({ conversation_id: r.conversation_id, text: '要多少钱' });
    assert.equal(next.statusCode, 200, next.body);
    assert.equal((next.json() as Json).conversation_id, r.conversation_id);
    assert.equal((next.json() as Json).turn, 4);
  });

  test('bad input is a Chinese {code, message} 4xx and stores nothing', async () => {
    address = nextAddress();
    const before = await turnCount();
    refusal(await post({ text: '' }), 400, 'question_empty');
    refusal(await post({ text: ' \u0000 ' }), 400, 'question_empty');
    refusal(await post({ text: 'a'.repeat(10_000) }), 400, 'question_too_long');
    const huge = await post({ text: '问'.repeat(10_000) }); // 30 KB of UTF-8: over the route's 16 KB
    refusal(huge, 413, 'body_too_large');
    assert.match(String((huge.json() as Json).message), /16 KB/);
    refusal(await post({ text: '低保', region: '000000' }), 400, 'region_unknown');
    refusal(await post({ text: '低保', region: '13' + '0'.repeat(20) }), 400, 'region_unknown');
    refusal(await post({ text: '低保', location: { lat: 51.5, lng: -0.12 } }), 400, 'location_invalid');
    refusal(await post({ text: '低保', location: { lat: 'north', lng: 114 } }), 400, 'location_invalid');
    refusal(await post({ text: '低保', location: { lat: 36.3 } }), 400, 'location_invalid');
    refusal(await post({ text: '低保', conversation_id: `c${'Z'.repeat(32)}` }), 404, 'conversation_not_found');
    refusal(await post({ text: '低保', conversation_id: '<script>' }), 404, 'conversation_not_found');
    const noText = await post({ region: '130427' });
    assert.equal(noText.statusCode, 400);
    const broken = await t.app.inject({ method: 'POST', url: URL, headers: { 'content-type': 'application/json' }, payload: '{"text": "低保', remoteAddress: address });
    refusal(broken, 400, 'invalid_json');
    refusal(await get_(`/api/v1/assistant/conversations/c${'Q'.repeat(32)}`), 404, 'conversation_not_found');
    refusal(await get_('/api/v1/assistant/conversations/%3Cscript%3E'), 404, 'conversation_not_found');
    refusal(await post({ turn: 2, helpful: true }, `/api/v1/assistant/conversations/c${'Q'.repeat(32)}/feedback`), 404, 'conversation_not_found');
    assert.equal(await turnCount(), before);
  });

  test('HTML and script in a question are JSON text, stored as typed; NUL is dropped', async () => {
    address = nextAddress();
    const html = '<img src=x onerror=alert(1)>低保<script>alert(2)</script>';
    const res = await post({ text: html, region: '130427' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^application\/json/);
    const id = (res.json() as Json).conversation_id as string;
    const conv = (await get_(`/api/v1/assistant/conversations/${id}`)).json() as { turns: Json[] };
    assert.equal(conv.turns[0]!.text, html);
    const nul = await post({ text: '低\u0000保', region: '130427' });
    const t2 = (await get_(`/api/v1/assistant/conversations/${(nul.json() as Json).conversation_id}`)).json() as { turns: Json[] };
    assert.equal(t2.turns[0]!.text, '低保');
  });

  test('concurrent asks on one conversation store no turn twice; a refused one is 409 with reasons', async () => {
    address = nextAddress();
    const first = (await post({ text: '居住证', region: '130427' })).json() as Json;
    const res = await Promise.all(Array.from({ length: 5 }, (_, i) => post({ conversation_id: first.conversation_id, text: `居住证在哪办${i}` })));
    const ok = res.filter((r) => r.statusCode === 200);
    for (const r of res.filter((x) => x.statusCode !== 200)) {
      const body = refusal(r, 409, 'concurrent_change');
      assert.ok(Array.isArray(body.reasons) && (body.reasons as string[]).length);
    }
    const conv = (await get_(`/api/v1/assistant/conversations/${first.conversation_id}`)).json() as { turns: Json[] };
    assert.equal(conv.turns.length, 2 + ok.length * 2);
    assert.deepEqual(conv.turns.map((x) => x.seq), conv.turns.map((_, i) => i + 1));
    const turnsAnswered = ok.map((r) => (r.json() as Json).turn);
    assert.equal(new Set(turnsAnswered).size, turnsAnswered.length, 'each answer its own turn');
  });

  test('feedback: an assistant turn once (the same again is fine, another is 409); the person\'s own turn is 404', async () => {
    address = nextAddress();
    const r = (await post({ text: '低保', region: '130427' })).json() as Json;
    const url = `/api/v1/assistant/conversations/${r.conversation_id}/feedback`;
    refusal(await post({ turn: 1, helpful: true }, url), 404, 'turn_not_found');
    refusal(await post({ turn: 40, helpful: true }, url), 404, 'turn_not_found');
    const bad = await post({ turn: 'second', helpful: true }, url);
    assert.equal(bad.statusCode, 400);
    const first = await post({ turn: r.turn, helpful: false }, url);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { turn: r.turn, helpful: false });
    assert.equal((await post({ turn: r.turn, helpful: false }, url)).statusCode, 200);
    const again = refusal(await post({ turn: r.turn, helpful: true }, url), 409, 'feedback_given');
    assert.ok(Array.isArray(again.reasons));
    const conv = (await get_(`/api/v1/assistant/conversations/${r.conversation_id}`)).json() as { turns: Json[] };
    assert.equal(conv.turns[1]!.helpful, false);
  });

  test('questions are rate-limited per address: 429 with a Chinese {code, message}; another address is not held up', async () => {
    address = nextAddress();
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await post({ text: '你好' })).statusCode);
    assert.deepEqual(codes.slice(0, 20), Array(20).fill(200));
    const limited = await post({ text: '你好' });
    const body = refusal(limited, 429, 'rate_limited');
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message']);
    address = nextAddress();
    assert.equal((await post({ text: '你好' })).statusCode, 200);
  });

  test('the channel the page sends is stored (code or label); without it the conversation is api; a wrong one is a 400', async () => {
    address = nextAddress();
    const channelOf = async (id: unknown) => (await get().db.selectFrom('as_conversation').select('channel').where('public_id', '=', String(id)).executeTakeFirstOrThrow()).channel;
    const web = await post({ text: '你好', channel: 'web' });
    assert.equal(web.statusCode, 200, web.body);
    assert.equal(await channelOf((web.json() as Json).conversation_id), 'web');
    const mobile = await post({ text: '你好', channel: '移动端' });
    assert.equal(mobile.statusCode, 200, mobile.body);
    assert.equal(await channelOf((mobile.json() as Json).conversation_id), 'mobile');
    const none = await post({ text: '你好' });
    assert.equal(await channelOf((none.json() as Json).conversation_id), 'api');
    const before = await turnCount();
    refusal(await post({ text: '你好', channel: 'fax' }), 400, 'invalid_channel');
    assert.equal(await turnCount(), before);
  });

  test('the OpenAPI document describes the three operations under the assistant tag, in Chinese', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string; security?: unknown }>> };
    const ops = [
      doc.paths['/api/v1/assistant/messages']?.post,
      doc.paths['/api/v1/assistant/conversations/{id}']?.get,
      doc.paths['/api/v1/assistant/conversations/{id}/feedback']?.post,
    ];
    for (const op of ops) {
      assert.ok(op, JSON.stringify(Object.keys(doc.paths).filter((p) => p.includes('assistant'))));
      assert.deepEqual(op.tags, ['assistant']);
      assert.match(op.summary ?? '', CHINESE);
      assert.equal(op.security, undefined, 'public: no token');
    }
  });
}, withDemo);
