// The assistant's FAQ on SQLite and PostgreSQL: which pair answers (own organisation over its
// ancestors, variants, a close match by the analyzer's tokens, archived never, another county never),
// the hit count, scope (a township sees only its own; another county's pair is not found), refused
// input with stable codes and nothing written, and the one-step answer of a badly answered question
// (the pair and the turns marked resolved in one transaction, audited).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { identityService, insertOrganisations, type Actor, type Organisation } from '../../src/modules/identity/index.ts';
import { appendTurns, createConversation } from '../../src/modules/assistant/conversations.repository.ts';
import * as faq from '../../src/modules/assistant/faq.service.ts';
import { checkFaqInput, FAQ_CODES, questionKey, questionsCsv } from '../../src/modules/assistant/faq-input.ts';
import { FAQ_VARIANTS_MAX } from '../../src/modules/assistant/vocabulary.ts';
import type { Db } from '../../src/schema.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const P = { city: '/13/1304/', county: '/13/1304/130427/', town: '/13/1304/130427/130427100/', other: '/44/4403/440309/' };

const ORGS: Organisation[] = [
  { code: '13', name: '河北省人民政府', kind: 'government', regionCode: '130000000000', parentCode: null, path: '/13/', disabled: false },
  { code: '1304', name: '邯郸市人民政府', kind: 'government', regionCode: '130400000000', parentCode: '13', path: '/13/1304/', disabled: false },
  { code: '130427', name: '磁县人民政府', kind: 'government', regionCode: '130427000000', parentCode: '1304', path: P.county, disabled: false },
  { code: '130427-gkb', name: '磁县政务公开办', kind: 'openness_office', regionCode: '130427000000', parentCode: '130427', path: `${P.county}130427-gkb/`, disabled: false },
  { code: '130427100', name: '磁州镇人民政府', kind: 'township_government', regionCode: '130427100000', parentCode: '130427', path: P.town, disabled: false },
  { code: '44', name: '广东省人民政府', kind: 'government', regionCode: '440000000000', parentCode: null, path: '/44/', disabled: false },
  { code: '4403', name: '深圳市人民政府', kind: 'government', regionCode: '440300000000', parentCode: '44', path: '/44/4403/', disabled: false },
  { code: '440309', name: '深圳市龙华区人民政府', kind: 'government', regionCode: '440309000000', parentCode: '4403', path: P.other, disabled: false },
];

forEachDialect('assistant FAQ', (get) => {
  const actors: Record<string, Actor> = {};
  const deps = () => ({ db: get().db, clock });
  const who = (u: string) => ({ actor: actors[u]! });
  const add = async (u: string, org: string, question: string, answer: string, variants: string[] = []) => {
    const r = await faq.createFaq(deps(), who(u), { org, question, answer, variants });
    assert.ok(r.ok, JSON.stringify(r));
    return r.publicId;
  };
  /** A conversation under `orgPath` with a question answered badly (no_match, or 没有帮助 clicked). */
  const badly = async (orgPath: string, question: string, how: 'no_match' | 'unhelpful') => {
    const db = get().db;
    const c = await createConversation(db, clock.now(), { channel: 'web', regionCode: null, venuePublicId: null, orgCode: orgPath.split('/').filter(Boolean).at(-1)!, orgPath });
    await inTransaction(db, async (trx) => {
      const r = await appendTurns(trx, c, clock.now(), [{ role: 'user', text: question }, { role: 'assistant', text: '没有找到', outcome: how === 'no_match' ? 'no_match' : 'answer' }]);
      assert.ok(r.ok);
      if (how === 'unhelpful') await trx.updateTable('as_turn').set({ helpful: 0 }).where('conversation_id', '=', c.id).where('seq', '=', 2).execute();
    });
    return c.id;
  };
  const count = async (db: Db) => Number((await db.selectFrom('as_faq').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    const db = get().db;
    await db.insertInto('region').values(ORGS.filter((o) => !o.code.includes('-')).map((o) => ({ code: o.regionCode, name: o.name, level: 'county', parent_code: null }))).execute();
    await inTransaction(db, (trx) => insertOrganisations(trx, ORGS, clock.now()));
    const users: [string, 'admin' | 'supervisor' | 'editor', string][] = [
      ['city.admin', 'admin', '1304'], ['cx.gkb', 'supervisor', '130427-gkb'], ['cx.editor', 'editor', '130427'], ['town.editor', 'editor', '130427100'], ['lh.admin', 'admin', '440309'],
    ];
    for (const [username, role, orgCode] of users) {
      const r = await identityService.createUser({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, { username, displayName: username, role, orgCode, password: 'faq-test-password-2026' });
      assert.ok(r.ok, JSON.stringify(r));
      const id = (await db.selectFrom('staff_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
      actors[username] = (await identityService.actorFor(db, id, 'session'))!;
    }
  });

  test('the own organisation\'s pair wins over an ancestor\'s; variants and close wordings match; archived and other counties never', async () => {
    const db = get().db;
    const cityPair = await add('city.admin', '1304', '社保卡补办', '邯郸市社保卡补办：到任一合作银行网点。', ['社会保障卡补办']);
    const countyPair = await add('cx.gkb', '130427', '社保卡丢了怎么补办', '磁县：先挂失，再到县政务服务中心补办。带身份证！', ['社保卡挂失']);
    const ask = (text: string, path: string | null) => faq.findFaqAnswer(deps(), text, path);

    const own = await ask('社保卡丢了怎么补办？', P.county);
    assert.equal(own?.faqPublicId, countyPair);
    assert.equal(own?.outcome, 'faq');
    assert.deepEqual(own?.sentences.map((s) => s.text), ['磁县：先挂失，再到县政务服务中心补办。', '带身份证！']);
    assert.equal(own?.sources[0]?.type, 'faq');
    assert.equal(own?.sources[0]?.id, countyPair);
    // the city's pair matches that question too (asked in another county of the city), yet the county's won above
    assert.equal((await ask('社保卡丢了怎么补办？', '/13/1304/130481/'))?.faqPublicId, cityPair);
    // the city's own wording, asked in the county: too few of the county pair's words → the city's answers
    assert.equal((await ask('社保卡补办', P.county))?.faqPublicId, cityPair);
    // a township inherits its county's pair; the city's variant is found where the county has none that matches
    assert.equal((await ask('社保卡挂失', P.town))?.faqPublicId, countyPair);
    assert.equal((await ask('社会保障卡补办', P.county))?.faqPublicId, cityPair);
    assert.equal((await ask('社保卡补办', '/13/1304/130481/'))?.faqPublicId, cityPair, 'another county of the city: the city\'s pair');
    // a close wording by tokens (不同的语气词、标点)
    assert.equal((await ask('请问社保卡丢了要怎么补办呀', P.county))?.faqPublicId, countyPair);
    // not close enough, another county, no organisation
    assert.equal(await ask('社保卡激活', P.county), null);
    assert.equal(await ask('社保卡补办', P.other), null);
    assert.equal(await ask('社保卡补办', null), null);
    assert.equal(await ask('？？？', P.county), null);

    // hits counted
    const hits = Number((await db.selectFrom('as_faq').select('hits').where('public_id', '=', countyPair).executeTakeFirstOrThrow()).hits);
    assert.equal(hits, 3);

    // archived: never again, and the ancestor's answers
    await faq.setFaqStatus(deps(), who('cx.editor'), countyPair, 'archived');
    assert.equal((await ask('社保卡补办', P.county))?.faqPublicId, cityPair);
    assert.equal(await ask('社保卡挂失', P.county), null);
    await assert.rejects(faq.setFaqStatus(deps(), who('cx.editor'), countyPair, 'archived'), (e: { status: number; code: string }) => e.status === 409 && e.code === 'faq_already_archived');
    await faq.setFaqStatus(deps(), who('cx.editor'), countyPair, 'active');
    assert.equal((await ask('社保卡挂失', P.county))?.faqPublicId, countyPair);
  });

  test('scope: a township sees only its own pairs; another county\'s pair is not found; a pair for another county is refused', async () => {
    const db = get().db;
    const townPair = await add('town.editor', '130427100', '磁州镇便民服务中心在哪', '磁州镇便民服务中心在镇政府一楼。');
    const lhPair = await add('lh.admin', '440309', '龙华区政务服务中心几点上班', '周一至周五 9:00—18:00。');
    const town = await faq.listFaqs(deps(), actors['town.editor']!, { limit: 50, offset: 0 });
    assert.deepEqual(town.items.map((p) => p.publicId), [townPair]);
    const gkb = await faq.listFaqs(deps(), actors['cx.gkb']!, { limit: 50, offset: 0 });
    assert.ok(gkb.items.some((p) => p.publicId === townPair), 'the 政务公开办 sees its government\'s subtree');
    assert.ok(!gkb.items.some((p) => p.publicId === lhPair || p.orgCode === '1304'));
    await assert.rejects(faq.loadFaq(db, actors['cx.gkb']!, lhPair), (e: { status: number }) => e.status === 404);
    await assert.rejects(faq.loadFaq(db, actors['town.editor']!, (gkb.items.find((p) => p.orgCode === '130427'))!.publicId), (e: { status: number }) => e.status === 404);
    await assert.rejects(faq.updateFaq(deps(), who('lh.admin'), townPair, { question: '改', answer: '改' }), (e: { status: number }) => e.status === 404);
    const before = await count(db);
    const foreign = await faq.createFaq(deps(), who('cx.gkb'), { org: '440309', question: '问题', answer: '答案' });
    assert.deepEqual(foreign.ok ? null : [foreign.code, Object.keys(foreign.errors)], [FAQ_CODES.notYourUnit, ['org']]);
    const up = await faq.createFaq(deps(), who('town.editor'), { org: '130427', question: '问题', answer: '答案' });
    assert.equal(up.ok ? null : up.code, FAQ_CODES.notYourUnit, 'a township cannot write its county\'s pair');
    const office = await faq.createFaq(deps(), who('cx.gkb'), { org: '130427-gkb', question: '问题', answer: '答案' });
    assert.equal(office.ok ? null : office.code, FAQ_CODES.orgUnknown, 'pairs belong to governments and townships');
    assert.equal(await count(db), before);
    assert.equal(await faq.defaultFaqOrg(db, actors['cx.gkb']!), '130427');
  });

  test('bad input: each problem a stable code and a Chinese message; variants deduplicated; nothing written', async () => {
    const db = get().db;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ org: '130427', question: '  ', answer: '答' }, FAQ_CODES.questionRequired, 'question'],
      [{ org: '130427', question: '问'.repeat(201), answer: '答' }, FAQ_CODES.questionTooLong, 'question'],
      [{ org: '130427', question: '问', answer: '' }, FAQ_CODES.answerRequired, 'answer'],
      [{ org: '130427', question: '问', answer: '答'.repeat(2001) }, FAQ_CODES.answerTooLong, 'answer'],
      [{ org: '130427', question: '问', answer: '答', variants: Array.from({ length: FAQ_VARIANTS_MAX + 1 }, (_, i) => `问法${i}`) }, FAQ_CODES.tooManyVariants, 'variants'],
      [{ org: '130427', question: '问', answer: '答', links: '办事指南 | javascript:alert(1)' }, FAQ_CODES.linkInvalid, 'links'],
      [{ org: '130427', question: '问', answer: '答', links: '办事指南 | //evil.example/x' }, FAQ_CODES.linkInvalid, 'links'],
      [{ org: '130427', question: '问', answer: '答', links: '办事指南 | http://example.org/' }, FAQ_CODES.linkInvalid, 'links'],
      [{ org: '130427', question: '问', answer: '答', links: [{ title: '', url: '/services' }] }, FAQ_CODES.linkTitleRequired, 'links'],
      [{ org: '130427', question: '问', answer: '答', links: Array.from({ length: 6 }, (_, i) => `链接${i} | /services`).join('\n') }, FAQ_CODES.tooManyLinks, 'links'],
      [{ org: '', question: '问', answer: '答' }, FAQ_CODES.orgRequired, 'org'],
      [{ org: '999999', question: '问', answer: '答' }, FAQ_CODES.orgUnknown, 'org'],
    ];
    const before = await count(db);
    for (const [raw, code, fieldName] of cases) {
      const r = await faq.createFaq(deps(), who('cx.gkb'), raw as never);
      assert.equal(r.ok, false, code);
      if (!r.ok) {
        assert.equal(r.code, code);
        assert.match(r.errors[fieldName] ?? '', /\p{Script=Han}/u, `${code}: ${JSON.stringify(r.errors)}`);
      }
    }
    assert.equal(await count(db), before);
    const ok = checkFaqInput({ org: '130427', question: '社保卡怎么补办？', variants: '社保卡怎么补办\n社保卡 补办\n社保卡补办！\n\n社保卡挂失', answer: '答', links: '指南 | /services/items/CX-SB-ZM\n官网 https://www.hebei.gov.cn/' });
    assert.ok(ok.ok);
    if (ok.ok) {
      assert.deepEqual(ok.value.variants, ['社保卡 补办', '社保卡挂失'], 'the question itself and repeats are dropped');
      assert.deepEqual(ok.value.links, [{ title: '指南', url: '/services/items/CX-SB-ZM' }, { title: '官网', url: 'https://www.hebei.gov.cn/' }]);
    }
  });

  test('答得不好的问题: grouped by normalised text, scoped by the turn\'s organisation; the one-step answer marks them resolved', async () => {
    const db = get().db;
    await badly(P.county, '农村宅基地怎么申请？', 'no_match');
    await badly(P.county, '农村宅基地 怎么申请', 'unhelpful');
    await badly(P.town, '农村宅基地怎么申请', 'no_match');
    await badly(P.county, '独生子女费在哪领', 'no_match');
    await badly(P.other, '农村宅基地怎么申请', 'no_match');
    const list = await faq.badQuestions(deps(), actors['cx.gkb']!, {});
    const g = list.find((q) => q.key === questionKey('农村宅基地怎么申请'))!;
    assert.deepEqual([g.count, g.noMatch, g.unhelpful, g.unresolved, g.resolvedFaq, g.orgCode], [3, 2, 1, 3, null, '130427']);
    assert.equal(list[0]!.key, g.key, 'the most asked unresolved first');
    assert.deepEqual((await faq.badQuestions(deps(), actors['cx.gkb']!, { outcome: 'unhelpful' })).map((q) => q.count), [1]);
    assert.equal((await faq.badQuestions(deps(), actors['cx.gkb']!, { month: '2026-02' })).length, 0);
    // Beijing's March holds 2026-03-02T02:00Z
    assert.ok((await faq.badQuestions(deps(), actors['cx.gkb']!, { month: '2026-03' })).length >= 2);
    // the township sees only what was asked under it; the other county only its own
    assert.deepEqual((await faq.badQuestions(deps(), actors['town.editor']!, {})).map((q) => q.count), [1]);
    assert.deepEqual((await faq.badQuestions(deps(), actors['lh.admin']!, {})).map((q) => q.count), [1]);

    const r = await faq.createFaq(deps(), who('cx.gkb'), { org: '130427', question: '农村宅基地怎么申请', answer: '向村民委员会提出书面申请，经乡镇审核后报县自然资源和规划局审批。' }, { resolveKey: '农村宅基地怎么申请？' });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.resolved, 3, 'the county\'s and its township\'s turns; not the other county\'s');
    const after = (await faq.badQuestions(deps(), actors['cx.gkb']!, {})).find((q) => q.key === g.key)!;
    assert.deepEqual([after.unresolved, after.resolvedFaq], [0, r.publicId]);
    assert.equal((await faq.badQuestions(deps(), actors['cx.gkb']!, {})).at(-1)!.key, g.key, 'resolved ones last');
    assert.deepEqual((await faq.badQuestions(deps(), actors['lh.admin']!, {})).map((q) => q.unresolved), [1]);
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_id', 'after_json']).where('entity_id', '=', r.publicId).execute();
    assert.deepEqual(audit.map((a) => a.action), ['assistant.faq_create']);
    assert.match(audit[0]!.after_json ?? '', /"resolved_turns":3/);
    // and now the question is answered by the pair
    assert.equal((await faq.findFaqAnswer(deps(), '农村宅基地怎么申请', P.town))?.faqPublicId, r.publicId);
  });

  test('CSV of the badly answered questions is formula-safe', () => {
    const csv = questionsCsv([{ text: '=HYPERLINK("http://x")', count: 2, noMatch: 1, unhelpful: 1, lastAt: '2026-03-02T02:00:00Z', resolvedFaq: null }]);
    assert.ok(csv.startsWith('\uFEFF群众提问,'));
    assert.match(csv, /"'=HYPERLINK\(""http:\/\/x""\)"|'=HYPERLINK/);
    assert.match(csv, /2026-03-02 10:00:00/);
  });
});
