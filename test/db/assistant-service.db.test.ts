// The assistant's ask path on SQLite and PostgreSQL over the demo data: a question answered with
// its sources; the region given, named or picked from a question asked back sets the conversation's
// government; a button's text answers the pending question within 30 minutes and not after (same
// id, context forgotten); unknown and garbled ids; bad text (empty, too long, HTML, NUL, control
// characters) refused or kept as text; concurrent asks on one conversation store nothing twice;
// a finished conversation is not continued; feedback said once; the purge job.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import { HttpError } from '../../src/platform/web/http-error.ts';
import { SearchService } from '../../src/modules/search/index.ts';
import { VenueFinder } from '../../src/modules/service-map/index.ts';
import { AssistantService, assistantJobs, cleanQuestion, pickedOption } from '../../src/modules/assistant/assistant.service.ts';
import { createConversation, findConversation, listTurns, moveState } from '../../src/modules/assistant/conversations.repository.ts';
import type { AskInput, ConversationContext } from '../../src/modules/assistant/types.ts';
import { EMPTY_CONTEXT } from '../../src/modules/assistant/types.ts';
import type { AssistantDeps } from '../../src/modules/assistant/deps.ts';

/** A clock the test moves. */
function movableClock(start: string): Clock & { set(iso: string): void; advanceMinutes(m: number): void } {
  let at = new Date(start);
  return {
    now: () => new Date(at),
    today: () => localDateOf(at),
    set(iso: string) { at = new Date(iso); },
    advanceMinutes(m: number) { at = new Date(at.getTime() + m * 60_000); },
  };
}

const ask = (over: Partial<AskInput> & { text: string }): AskInput => ({ conversationId: null, region: null, location: null, channel: 'web', venuePublicId: null, ...over });

async function refused(p: Promise<unknown>, status: number, code: string): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HttpError, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status);
    assert.match(e.message, /[\u4e00-\u9fff]/, 'a Chinese message');
    return e;
  }
  assert.fail(`expected ${status} ${code}`);
}

forEachDialect('assistant ask path', (get) => {
  const clock = movableClock('2026-03-02T02:00:00Z');
  let deps: AssistantDeps;
  let svc: AssistantService;
  const countTurns = async () => Number((await get().db.selectFrom('as_turn').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    const db = get().db;
    const search = new SearchService(db, clock);
    await search.seedDictionary();
    await search.build();
    deps = { db, clock, search, finder: new VenueFinder(db, clock), config: loadConfig({ DATA_DIR: 'data-test-unused' }).assistant };
    svc = new AssistantService(deps);
  });

  test('a question about a demo item is answered with its source page, and both turns are stored', async () => {
    clock.set('2026-03-02T02:00:00Z');
    const r = await svc.ask(ask({ text: '居民身份证换领要带什么', region: '130427' }));
    assert.match(r.conversation_id, /^c[A-Za-z0-9_-]{32}$/);
    assert.ok(['answer', 'life_event'].includes(r.outcome), r.outcome);
    assert.ok(r.sources.length >= 1);
    const src = r.sources.find((x) => x.id === 'CX-SFZ-HL');
    assert.ok(src, JSON.stringify(r.sources));
    assert.equal(src.type, 'item');
    assert.match(src.url, /^\//);
    assert.ok(r.sentences.some((x) => x.source !== null && r.sources[x.source]), 'a sentence tied to a source');
    assert.equal(r.answer, r.sentences.map((x) => x.text).join(''));
    assert.equal(r.turn, 2);
    const conv = await findConversation(get().db, r.conversation_id);
    assert.equal(conv?.regionCode, '130427');
    assert.equal(conv?.orgCode, '130427', 'the government of the region given');
    assert.match(conv?.orgPath ?? '', /\/130427\/$/);
    const turns = await listTurns(get().db, conv!.id);
    assert.deepEqual(turns.map((t) => [t.seq, t.role]), [[1, 'user'], [2, 'assistant']]);
    assert.equal(turns[0]!.text, '居民身份证换领要带什么');
    assert.deepEqual(turns[1]!.sources, r.sources);
    assert.ok(conv!.context.lastItems.includes('CX-SFZ-HL') || r.outcome === 'life_event', JSON.stringify(conv!.context));
    assert.equal(conv!.context.regionCode, '130427');
  });

  test('an ID number or a phone number in a question is stored nowhere unmasked: not in the turns, not in the context', async () => {
    clock.set('2026-03-02T02:00:00Z');
    for (const text of ['我的身份证号110101199003074518，电话13812345678，居民身份证换领要带什么', '13812345678 110101199003074518']) {
      const r = await svc.ask(ask({ text, region: '130427' }));
      const conv = await get().db.selectFrom('as_conversation').selectAll().where('public_id', '=', r.conversation_id).executeTakeFirstOrThrow();
      const turns = await get().db.selectFrom('as_turn').selectAll().where('conversation_id', '=', conv.id).execute();
      const stored = JSON.stringify([conv, turns]);
      assert.doesNotMatch(stored, /19900307|1234(?=5678)/, stored);
      assert.doesNotMatch(r.answer, /19900307|12345678/);
    }
  });

  test('a question that is only a place or only 个人 is noted and asks what to do (the place becomes the conversation\'s); the next question uses it', async () => {
    clock.set('2026-03-02T02:00:00Z');
    const place = await svc.ask(ask({ text: '磁县' }));
    assert.equal(place.outcome, 'smalltalk', place.answer);
    assert.match(place.answer, /磁县.*想办理什么/);
    assert.doesNotMatch(place.answer, /没有找到/);
    assert.equal((await findConversation(get().db, place.conversation_id))?.orgCode, '130427');
    const next = await svc.ask(ask({ conversationId: place.conversation_id, text: '居民身份证换领要带什么' }));
    assert.ok(next.sources.some((x) => x.id === 'CX-SFZ-HL'), JSON.stringify(next.sources));
    const person = await svc.ask(ask({ text: '个人' }));
    assert.equal(person.outcome, 'smalltalk', person.answer);
    assert.match(person.answer, /个人.*想办理什么/);
  });

  test('the order: small talk gets a short answer, 转人工 says what is possible now, a staff FAQ pair wins over a generated answer', async () => {
    clock.set('2026-03-02T02:00:00Z'); // a Monday, 10:00 in Beijing
    const hi = await svc.ask(ask({ text: '你好', region: '130427' }));
    assert.equal(hi.outcome, 'smalltalk');
    assert.deepEqual(hi.sources, []);
    assert.match(hi.answer, /您好/);
    const human = await svc.ask(ask({ conversationId: hi.conversation_id, text: '转人工' }));
    assert.equal(human.outcome, 'handoff');
    assert.deepEqual(human.choices, ['转人工']);
    assert.deepEqual(human.handoff, { available: true, reason: 'open' }, '磁县 has 转人工 on, in its hours');
    assert.match(human.answer, /转人工/);
    const elsewhere = await svc.ask(ask({ text: '转人工', region: '440105' }));
    assert.equal(elsewhere.outcome, 'handoff');
    assert.equal(elsewhere.handoff.available, false);
    assert.match(elsewhere.answer, /现在无法转接人工客服/);
    const faq = await svc.ask(ask({ text: '社保卡丢了怎么补办', region: '130427' }));
    assert.equal(faq.outcome, 'faq', JSON.stringify(faq));
    const stored = await get().db.selectFrom('as_turn').select('faq_public_id').where('conversation_id', '=', (await findConversation(get().db, faq.conversation_id))!.id).where('seq', '=', faq.turn).executeTakeFirstOrThrow();
    assert.ok(stored.faq_public_id, 'the pair answering is remembered');
    const notThere = await svc.ask(ask({ text: '社保卡丢了怎么补办', region: '440105' }));
    assert.notEqual(notThere.outcome, 'faq', '磁县\'s pair is not 海珠区\'s answer');
  });

  test('the optional rephraser is asked only for answers, and when it fails the built-in answer is sent', async () => {
    clock.set('2026-03-02T02:00:00Z');
    let calls = 0;
    const server = http.createServer((req, res) => { calls++; req.resume(); req.on('end', () => { res.statusCode = 500; res.end('{"error":"down"}'); }); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const withLlm = new AssistantService({ ...deps, config: { ...deps.config, llmBaseUrl: `http://127.0.0.1:${port}/v1`, llmApiKey: 'test-key', llmTimeoutMs: 2000 } });
      const plain = await svc.ask(ask({ text: '居民身份证换领要带什么', region: '130427' }));
      const r = await withLlm.ask(ask({ text: '居民身份证换领要带什么', region: '130427' }));
      assert.equal(r.outcome, plain.outcome);
      assert.ok(calls >= 1, 'the endpoint was asked');
      assert.deepEqual(r.sentences, plain.sentences);
      assert.deepEqual(r.sources, plain.sources);
      const before = calls;
      await withLlm.ask(ask({ text: '你好' }));
      assert.equal(calls, before, 'small talk is not rephrased');
    } finally {
      server.close();
    }
  });

  test('a region given must exist: 2–12 digits in the region table, else 400 region_unknown and nothing stored', async () => {
    const before = await countTurns();
    for (const region of ['999999', '1', 'abc', '13042700000012', '130427<script>']) {
      await refused(svc.ask(ask({ text: '低保', region })), 400, 'region_unknown');
    }
    assert.equal(await countTurns(), before);
    const ok = await svc.ask(ask({ text: '低保', region: '440105000000' }));
    assert.equal((await findConversation(get().db, ok.conversation_id))?.orgCode, '440105');
  });

  test('a location must be a finite point inside China', async () => {
    await refused(svc.ask(ask({ text: '低保', location: { lat: 48.85, lng: 2.35 } })), 400, 'location_invalid');
    await refused(svc.ask(ask({ text: '低保', location: { lat: Number.NaN, lng: 114 } })), 400, 'location_invalid');
    const r = await svc.ask(ask({ text: '低保', region: '130427', location: { lat: 36.37, lng: 114.38 } }));
    assert.ok(r.conversation_id);
  });

  test('a question that fits several counties is asked back; the button\'s text as the follow-up answers it and sets the government; after 30 minutes the same text does not', async () => {
    const db = get().db;
    clock.set('2026-03-02T06:00:00Z');
    const q = await svc.ask(ask({ text: '社保证明在哪里开' }));
    assert.equal(q.outcome, 'clarify', JSON.stringify(q));
    assert.ok(q.choices.includes('磁县'), JSON.stringify(q.choices));
    const c0 = await findConversation(db, q.conversation_id);
    assert.equal(c0?.context.pending?.kind, 'region');
    assert.equal(c0?.orgCode, null);
    clock.advanceMinutes(10);
    const a = await svc.ask(ask({ conversationId: q.conversation_id, text: '磁县' }));
    assert.equal(a.conversation_id, q.conversation_id);
    assert.ok(['answer', 'faq'].includes(a.outcome), JSON.stringify(a));
    assert.ok(a.sources.some((x) => x.id === 'CX-SB-ZM'), JSON.stringify(a.sources));
    const c1 = await findConversation(db, q.conversation_id);
    assert.equal(c1?.orgCode, '130427', 'the county picked is the conversation\'s government');
    assert.equal(c1?.context.pending, null);
    assert.ok(c1?.context.lastItems.includes('CX-SB-ZM'));

    // the same again, but the button is pressed 31 minutes later: the question asked back is forgotten
    clock.set('2026-03-02T06:00:00Z');
    const q2 = await svc.ask(ask({ text: '社保证明在哪里开' }));
    assert.equal(q2.outcome, 'clarify');
    clock.advanceMinutes(31);
    const late = await svc.ask(ask({ conversationId: q2.conversation_id, text: '磁县' }));
    assert.equal(late.conversation_id, q2.conversation_id, 'the same conversation');
    assert.ok(!late.sources.some((x) => x.id === 'CX-SB-ZM'), JSON.stringify(late));
  });

  test('the button of a region question asked back sets the conversation\'s region and government; after 30 minutes of silence the context is forgotten (same id)', async () => {
    const db = get().db;
    clock.set('2026-03-02T03:00:00Z');
    const pending: ConversationContext = {
      ...EMPTY_CONTEXT, lastItems: ['CX-DB-SQ'], lastQuery: '办证',
      pending: { kind: 'region', query: '最低生活保障审批', aspects: ['materials'], options: [{ text: '选第一个地方', value: '440105' }, { text: '选第二个地方', value: '440309' }] },
    };
    // within 30 minutes: the button's text answers the pending question
    const c1 = await createConversation(db, clock.now(), { channel: 'web', regionCode: null, venuePublicId: null, orgCode: null, orgPath: null, context: pending });
    clock.advanceMinutes(29);
    const r1 = await svc.ask(ask({ conversationId: c1.publicId, text: '选第一个地方' }));
    assert.equal(r1.conversation_id, c1.publicId);
    const after1 = await findConversation(db, c1.publicId);
    assert.equal(after1?.regionCode, '440105');
    assert.equal(after1?.orgCode, '440105', 'the government of the region picked');
    assert.equal(after1?.context.regionCode, '440105');
    const stored = await db.selectFrom('as_turn').select(['seq', 'region_code', 'org_path']).where('conversation_id', '=', c1.id).orderBy('seq').execute();
    assert.ok(stored.every((t) => t.region_code === '440105' && (t.org_path ?? '').endsWith('/440105/')), JSON.stringify(stored));

    // after 30 minutes of silence: the same button text means nothing any more
    clock.set('2026-03-02T03:00:00Z');
    const c2 = await createConversation(db, clock.now(), { channel: 'web', regionCode: null, venuePublicId: null, orgCode: null, orgPath: null, context: pending });
    clock.advanceMinutes(31);
    const r2 = await svc.ask(ask({ conversationId: c2.publicId, text: '选第一个地方' }));
    assert.equal(r2.conversation_id, c2.publicId, 'the same conversation');
    const after2 = await findConversation(db, c2.publicId);
    assert.equal(after2?.regionCode, null);
    assert.equal(after2?.orgCode, null);
    assert.notDeepEqual(after2?.context.lastItems, ['CX-DB-SQ'], 'the last items are forgotten');
    assert.notEqual(after2?.context.pending?.query, '最低生活保障审批', 'the pending question is forgotten');
    assert.equal(after2?.turnCount, 2);
    assert.ok(Date.parse(after2!.expiresAt) > clock.now().getTime(), 'a new 30 minutes');
  });

  test('a region named later updates the conversation\'s government; the context keeps the region for follow-ups', async () => {
    clock.set('2026-03-02T04:00:00Z');
    const first = await svc.ask(ask({ text: '营业执照怎么办' }));
    assert.equal((await findConversation(get().db, first.conversation_id))?.orgCode, null);
    const second = await svc.ask(ask({ conversationId: first.conversation_id, text: '营业执照怎么办', region: '440309' }));
    const c = await findConversation(get().db, second.conversation_id);
    assert.equal(c?.orgCode, '440309');
    assert.equal(second.turn, 4);
    // the next question without a region keeps it
    await svc.ask(ask({ conversationId: first.conversation_id, text: '要多少钱' }));
    const c2 = await findConversation(get().db, first.conversation_id);
    assert.equal(c2?.regionCode, '440309');
    assert.equal(c2?.context.regionCode, '440309');
  });

  test('at a kiosk the venue\'s region is the conversation\'s, unless a region is given; a conversation at its turn limit is refused', async () => {
    const db = get().db;
    const k = await svc.ask(ask({ text: '低保', channel: 'kiosk', venuePublicId: 'CX-ZWFW' }));
    const kc = await findConversation(db, k.conversation_id);
    assert.equal(kc?.regionCode, '130427');
    assert.equal(kc?.orgCode, '130427');
    assert.equal(kc?.venuePublicId, 'CX-ZWFW');
    assert.equal(kc?.channel, 'kiosk');
    const given = await svc.ask(ask({ text: '低保', channel: 'kiosk', venuePublicId: 'CX-ZWFW', region: '440309' }));
    assert.equal((await findConversation(db, given.conversation_id))?.orgCode, '440309');
    await db.updateTable('as_conversation').set({ turn_count: 199 }).where('id', '=', kc!.id).execute();
    const before = await countTurns();
    await refused(svc.ask(ask({ conversationId: k.conversation_id, text: '低保' })), 409, 'conversation_too_long');
    assert.equal(await countTurns(), before);
  });

  test('another conversation\'s id that does not exist, and a garbled id, are 404 conversation_not_found', async () => {
    const before = await countTurns();
    await refused(svc.ask(ask({ conversationId: `c${'A'.repeat(32)}`, text: '低保' })), 404, 'conversation_not_found');
    for (const id of ['1', 'x', `c${'A'.repeat(31)}'`, '../../etc', `c${'A'.repeat(31)}\u0000`]) {
      await refused(svc.ask(ask({ conversationId: id, text: '低保' })), 404, 'conversation_not_found');
      await refused(svc.conversation(id), 404, 'conversation_not_found');
      await refused(svc.feedback(id, 2, true), 404, 'conversation_not_found');
    }
    assert.equal(await countTurns(), before);
  });

  test('empty, too long: 400 with a stable code and nothing stored; HTML and script are stored and returned as text; NUL and control characters are dropped', async () => {
    const before = await countTurns();
    for (const text of ['', '   ', '\u0000\u0001\t\n', '\u200B\u202E']) await refused(svc.ask(ask({ text })), 400, 'question_empty');
    await refused(svc.ask(ask({ text: '问'.repeat(10_000) })), 400, 'question_too_long');
    await refused(svc.ask(ask({ text: '问'.repeat(201) })), 400, 'question_too_long');
    assert.equal(await countTurns(), before);
    const html = '<script>alert(1)</script><b>低保</b>';
    const r = await svc.ask(ask({ text: html, region: '130427' }));
    const c = await findConversation(get().db, r.conversation_id);
    const turns = await listTurns(get().db, c!.id);
    assert.equal(turns[0]!.text, html, 'the question is kept as the text typed');
    const nul = await svc.ask(ask({ text: '低\u0000保\u0007\u202E 怎么\r\n办', region: '130427' }));
    const t2 = await listTurns(get().db, (await findConversation(get().db, nul.conversation_id))!.id);
    assert.equal(t2[0]!.text, '低 保 怎么 办');
  });

  test('concurrent asks on one conversation: the turns are numbered without gaps or duplicates; a refused one is 409 concurrent_change with reasons', async () => {
    clock.set('2026-03-02T05:00:00Z');
    const first = await svc.ask(ask({ text: '居住证', region: '130427' }));
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => svc.ask(ask({ conversationId: first.conversation_id, text: `居住证要什么材料${i}` }))));
    const ok = results.filter((x) => x.status === 'fulfilled');
    for (const x of results) {
      if (x.status === 'rejected') {
        assert.ok(x.reason instanceof HttpError);
        assert.equal(x.reason.status, 409);
        assert.equal(x.reason.code, 'concurrent_change');
        assert.ok(x.reason.reasons?.length);
      }
    }
    assert.ok(ok.length >= 1);
    assert.ok(ok.length < results.length, 'six asks from the same turn: some are refused');
    const c = await findConversation(get().db, first.conversation_id);
    const turns = await listTurns(get().db, c!.id);
    assert.equal(turns.length, 2 + ok.length * 2);
    assert.deepEqual(turns.map((t) => t.seq), turns.map((_, i) => i + 1), 'numbered 1…n without a gap');
    assert.deepEqual(turns.map((t) => t.role), turns.map((_, i) => (i % 2 ? 'assistant' : 'user')));
    assert.equal(c?.turnCount, turns.length);
    const questions = turns.filter((t) => t.role === 'user').map((t) => t.text);
    assert.equal(new Set(questions).size, questions.length, 'no question stored twice');
  });

  test('a finished conversation is not continued: a new one starts and the answer says so', async () => {
    const db = get().db;
    const first = await svc.ask(ask({ text: '低保', region: '130427' }));
    const c = (await findConversation(db, first.conversation_id))!;
    assert.ok(await moveState(db, c.id, ['bot'], 'closed'));
    const r = await svc.ask(ask({ conversationId: first.conversation_id, text: '低保' }));
    assert.notEqual(r.conversation_id, first.conversation_id);
    assert.match(r.answer, /^上一次会话已经结束/);
    assert.equal(r.sentences[0]!.source, null);
    const fresh = await findConversation(db, r.conversation_id);
    assert.equal(fresh?.regionCode, '130427', 'the region carried over');
    assert.equal((await findConversation(db, first.conversation_id))?.turnCount, 2, 'nothing added to the finished one');
  });

  test('while a staff member is asked for, the person\'s words go to them and the assistant does not answer', async () => {
    const db = get().db;
    const first = await svc.ask(ask({ text: '低保', region: '130427' }));
    const c = (await findConversation(db, first.conversation_id))!;
    assert.ok(await moveState(db, c.id, ['bot'], 'waiting'));
    const r = await svc.ask(ask({ conversationId: first.conversation_id, text: '请问还要多久' }));
    assert.equal(r.state, 'waiting');
    assert.equal(r.outcome, 'handoff');
    assert.equal(r.turn, 3);
    const turns = await listTurns(db, c.id);
    assert.deepEqual(turns.map((t) => t.role), ['user', 'assistant', 'user']);
  });

  test('feedback: only an assistant turn of that conversation, once; the same answer again is fine', async () => {
    const a = await svc.ask(ask({ text: '低保', region: '130427' }));
    const b = await svc.ask(ask({ text: '低保', region: '130427' }));
    await refused(svc.feedback(a.conversation_id, 1, true), 404, 'turn_not_found'); // the person's own turn
    await refused(svc.feedback(a.conversation_id, 99, true), 404, 'turn_not_found');
    await refused(svc.feedback(a.conversation_id, 0, true), 404, 'turn_not_found');
    await svc.feedback(a.conversation_id, a.turn, false);
    await svc.feedback(a.conversation_id, a.turn, false);
    const e = await refused(svc.feedback(a.conversation_id, a.turn, true), 409, 'feedback_given');
    assert.ok(e.reasons?.[0]?.includes('没有帮助'));
    const turns = await listTurns(get().db, (await findConversation(get().db, a.conversation_id))!.id);
    assert.equal(turns.find((t) => t.seq === a.turn)?.helpful, false);
    // the other conversation's turn 2 is untouched
    const other = await listTurns(get().db, (await findConversation(get().db, b.conversation_id))!.id);
    assert.equal(other.find((t) => t.seq === 2)?.helpful, null);
  });

  test('the conversation read gives the turns after a number', async () => {
    const a = await svc.ask(ask({ text: '低保', region: '130427' }));
    const all = await svc.conversation(a.conversation_id);
    assert.deepEqual(all.turns.map((t) => t.seq), [1, 2]);
    const later = await svc.conversation(a.conversation_id, 1);
    assert.deepEqual(later.turns.map((t) => t.seq), [2]);
    assert.equal(later.conversation.publicId, a.conversation_id);
  });

  test('the purge job deletes conversations idle for 180 days with their turns, except open hand-offs', async () => {
    const db = get().db;
    clock.set('2025-01-01T00:00:00Z');
    const old = await svc.ask(ask({ text: '低保', region: '130427' }));
    const waiting = await svc.ask(ask({ text: '低保', region: '130427' }));
    assert.ok(await moveState(db, (await findConversation(db, waiting.conversation_id))!.id, ['bot'], 'waiting'));
    clock.set('2025-06-29T23:00:00Z'); // 179 days
    const recent = await svc.ask(ask({ text: '低保', region: '130427' }));
    clock.set('2025-07-01T00:00:00Z'); // 181 days after the first, 1 after the recent one
    const oldId = (await findConversation(db, old.conversation_id))!.id;
    const [job] = assistantJobs(deps);
    assert.equal(job?.name, 'assistant.purge-conversations');
    const result = await job!.run() as { purged: number } | undefined;
    assert.ok(result && result.purged >= 1);
    assert.equal(await findConversation(db, old.conversation_id), null);
    assert.equal((await db.selectFrom('as_turn').select('id').where('conversation_id', '=', oldId).execute()).length, 0);
    assert.ok(await findConversation(db, waiting.conversation_id), 'an open hand-off is kept');
    assert.ok(await findConversation(db, recent.conversation_id));
  });
}, withDemo);

test('questions are cleaned; a reply picks the option of a question asked back by its text, its value or one option inside a short reply', () => {
  assert.equal(cleanQuestion(' 低\u0000保\u202E\u200B　怎么办？ '), '低 保 怎么办?');
  const p = { kind: 'audience' as const, query: '社保', aspects: [], options: [{ text: '个人', value: 'personal' }, { text: '单位（企业）', value: 'enterprise' }] };
  assert.equal(pickedOption(p, '个人')?.value, 'personal');
  assert.equal(pickedOption(p, '单位(企业)')?.value, 'enterprise');
  assert.equal(pickedOption(p, 'enterprise')?.value, 'enterprise');
  assert.equal(pickedOption(p, '我是个人的')?.value, 'personal');
  assert.equal(pickedOption(p, '都不是'), null);
  assert.equal(pickedOption(null, '个人'), null);
  assert.equal(pickedOption(p, '个人单位（企业）'), null, 'two options inside: none picked');
});
