// answerFrom on the demo data, SQLite and PostgreSQL: the sentences name the real materials, time
// limit and venue of the item (磁县 130427, 龙华 440309), the venue is the nearest open one when a
// point is known and the county's centre otherwise, a life situation gives 龙华's stage chain, a
// policy its issuer and 解读 — and every source is a real page (GET → 200).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { VenueFinder, findItem } from '../../src/modules/service-map/index.ts';
import { answerFrom } from '../../src/modules/assistant/answer.ts';
import { answerText, type AnswerDraft, type Candidate, type QuestionAnalysis, type Retrieval, type Whereabouts } from '../../src/modules/assistant/types.ts';
import type { Aspect } from '../../src/modules/assistant/vocabulary.ts';

// Monday 2026-03-02, 10:00 in Beijing: a working day, 磁县's venues open 08:30-12:00.
const clock = fixedClock('2026-03-02T02:00:00Z');

const analysis = (text: string, aspects: Aspect[] = [], extra: Partial<QuestionAnalysis> = {}): QuestionAnalysis => ({
  text, query: text, aspects, lifeSituation: null, audience: null, regionMention: null, wantsHuman: false, smalltalk: null, ...extra,
});
const cand = (type: Candidate['type'], publicId: string, title: string, url: string, regionCode = '130427000000'): Candidate => ({ type, publicId, title, url, regionCode, score: 1 });
const item = (id: string, title: string, region = '130427000000') => cand('item', id, title, `/services/items/${id}`, region);
const nowhere: Whereabouts = { regionCode: null, location: null, venuePublicId: null };

forEachDialect('assistant answers from the data', (get) => {
  let t: TestApp;
  let finder: VenueFinder;
  const deps = () => ({ db: get().db, clock, finder });
  before(async () => {
    t = await buildTestApp(get(), clock);
    finder = new VenueFinder(get().db, clock);
  });
  after(async () => { await t.app.close(); });

  /** Every source is a page that answers 200; every sentence's source index is in range. */
  async function sourcesResolve(d: AnswerDraft): Promise<void> {
    assert.ok(d.sources.length > 0);
    for (const s of d.sentences) if (s.source !== null) assert.ok(d.sources[s.source], s.text);
    for (const s of d.sources) {
      const res = await t.app.inject({ method: 'GET', url: s.url });
      assert.equal(res.statusCode, 200, `${s.url} → ${res.statusCode}`);
    }
  }

  test('materials and time limit of 磁县 居民身份证换领 come from its guide', async () => {
    const it = (await findItem(get().db, 'CX-SFZ-HL'))!;
    const r: Retrieval = { kind: 'items', candidates: [item('CX-SFZ-HL', it.name), item('CX-JZZ', '居住证申领')] };
    const d = await answerFrom(deps(), analysis('换身份证要带什么材料，多久能办好', ['materials', 'time_limit']), r, nowhere);
    const text = answerText(d);
    for (const m of it.guide.materials) assert.ok(text.includes(m.name), `${m.name} in ${text}`);
    assert.ok(text.includes(`${it.guide.materials.length} 份材料`), text);
    assert.ok(text.includes(`承诺办结时限 ${it.promisedLimit} 个工作日，法定办结时限 ${it.legalLimit} 个工作日`), text);
    assert.ok(text.includes('「居住证申领」'), 'another candidate is mentioned');
    assert.deepEqual(d.items, ['CX-SFZ-HL']);
    assert.equal(d.sources[0]?.url, '/services/items/CX-SFZ-HL');
    await sourcesResolve(d);
  });

  test('where, without a point: the county centre offering the item, today\'s hours on the calendar, its phone', async () => {
    const d = await answerFrom(deps(), analysis('换身份证在哪里办', ['where']), { kind: 'items', candidates: [item('CX-SFZ-HL', '居民身份证换领')] }, nowhere);
    const text = answerText(d);
    assert.ok(text.includes('可以到磁县政务服务中心办理（磁县滏阳东路 2号），今天 08:30-12:00、14:30-17:30 开放，现在正在办公，电话 0310-2321234。'), text);
    assert.ok(text.includes('各派出所户政窗口、区政务服务中心公安窗口'), 'and the guide\'s own words');
    assert.ok(d.sources.some((s) => s.url === '/services/venues/CX-ZWFW'));
    await sourcesResolve(d);
  });

  test('where, with a point near 讲武城镇: the nearest open venue that offers the item', async () => {
    // 讲武城镇便民服务中心 offers 低保; the county centre is ~8 km away.
    const near: Whereabouts = { regionCode: '130427', location: { lat: 36.3250, lng: 114.4560 }, venuePublicId: null };
    const d = await answerFrom(deps(), analysis('低保在哪办', ['where']), { kind: 'items', candidates: [item('CX-DB-SQ', '最低生活保障审批')] }, near);
    const text = answerText(d);
    assert.match(text, /离您最近、现在正在办公的可办理场所是讲武城镇便民服务中心（磁县讲武城镇文化路 16 号，约 \d+ 米）/);
    assert.ok(d.sources.some((s) => s.url === '/services/venues/CX-BM-130427103'));
    await sourcesResolve(d);
  });

  test('at a kiosk: its own venue when it offers the item', async () => {
    const kiosk: Whereabouts = { regionCode: '130427', location: null, venuePublicId: 'CX-BM-130427100' };
    const d = await answerFrom(deps(), analysis('换身份证在哪办', ['where']), { kind: 'items', candidates: [item('CX-SFZ-HL', '居民身份证换领')] }, kiosk);
    assert.ok(answerText(d).includes('本场所磁州镇便民服务中心可以办理（磁县磁州镇政府街 1 号）'), answerText(d));
    // 营业执照 is not offered there: the nearest open venue that offers it instead.
    const other = await answerFrom(deps(), analysis('营业执照在哪办', ['where']), { kind: 'items', candidates: [item('CX-YYZZ-SL', '有限责任公司设立登记')] }, kiosk);
    assert.match(answerText(other), /离您最近、现在正在办公的可办理场所是磁县政务服务中心/);
    await sourcesResolve(other);
  });

  test('after a clarification the clarified question\'s aspects are answered (Retrieval.aspects)', async () => {
    const d = await answerFrom(deps(), analysis('个人'), { kind: 'items', candidates: [item('CX-SB-ZM', '社会保险参保缴费证明打印')], aspects: ['materials'] }, nowhere);
    assert.ok(answerText(d).includes('需要准备 1 份材料：居民身份证或社会保障卡（原件）。'), answerText(d));
    assert.ok(!d.choices.includes('需要带什么材料？'));
  });

  test('on a Sunday the venue says 今天休息 and when it opens next', async () => {
    const sunday = fixedClock('2026-03-08T02:00:00Z');
    const f = new VenueFinder(get().db, sunday);
    const d = await answerFrom({ db: get().db, clock: sunday, finder: f }, analysis('换身份证几点上班', ['hours']), { kind: 'items', candidates: [item('CX-SFZ-HL', '居民身份证换领')] }, nowhere);
    assert.ok(answerText(d).includes('磁县政务服务中心办理（磁县滏阳东路 2号），今天休息，现在不在办公时间（下次开放：周一（03-09）08:30）'), answerText(d));
  });

  test('the essentials of 龙华 有限责任公司设立登记: online with its link, no fee invented', async () => {
    const it = (await findItem(get().db, 'LH-YYZZ-SL'))!;
    const d = await answerFrom(deps(), analysis('开公司'), { kind: 'items', candidates: [item('LH-YYZZ-SL', it.name, '440309000000')] }, { ...nowhere, regionCode: '440309' });
    const text = answerText(d);
    assert.ok(text.startsWith(`「${it.name}」由深圳市市场监督管理局龙华监管局办理（行政许可）。需要准备 ${it.guide.materials.length} 份材料。`), text);
    assert.ok(text.includes('承诺办结时限 即办（当场办结），法定办结时限 3 个工作日。'), text);
    assert.ok(text.includes(`可以网上办理：${it.onlineUrl}；手机上办理：${it.mobileUrl}（全程网办）。`), text);
    assert.ok(d.sentences.length <= 5);
    const fee = await answerFrom(deps(), analysis('开公司要钱吗', ['fee']), { kind: 'items', candidates: [item('LH-YYZZ-SL', it.name, '440309000000')] }, nowhere);
    assert.ok(answerText(fee).includes('办理该事项不收费。'), 'the guide lists no fee: the page says 不收费');
    const id = await answerFrom(deps(), analysis('换身份证多少钱', ['fee']), { kind: 'items', candidates: [item('LH-SFZ-HL', '居民身份证换领', '440309000000')] }, nowhere);
    assert.ok(answerText(id).includes('居民身份证工本费（换领） 20 元/证'), answerText(id));
    await sourcesResolve(d);
  });

  test('a life situation in 龙华: the stage\'s chain in order, each item and the stage page linked', async () => {
    const r: Retrieval = { kind: 'life_event', audience: 'personal', stage: 'residence', regionCode: '440309003', candidates: [] };
    const d = await answerFrom(deps(), analysis('落户要办什么', [], { lifeSituation: { audience: 'personal', stage: 'residence', phrase: '落户' } }), r, nowhere);
    assert.equal(d.outcome, 'life_event');
    assert.deepEqual(d.items, ['LH-JZZ', 'LH-SFZ-HL']);
    const text = answerText(d);
    assert.ok(text.startsWith('龙华区“居住落户”这件事一般要办 2 个事项：1. 居住证申领（深圳市公安局龙华分局）；2. 居民身份证换领（深圳市公安局龙华分局）。'), text);
    const page = d.sources.find((s) => s.type === 'life_event');
    assert.equal(page?.url, '/services/life-events?region=440309&audience=personal#residence');
    await sourcesResolve(d);
  });

  test('a region without stage data (磁县): the chain from the retrieval\'s candidates', async () => {
    const r: Retrieval = { kind: 'life_event', audience: 'personal', stage: 'retirement', regionCode: '130427', candidates: [item('CX-TX-BZ', '退休人员基本养老金申领'), item('CX-SB-ZM', '社会保险参保缴费证明打印')] };
    const d = await answerFrom(deps(), analysis('退休了要办什么', [], { lifeSituation: { audience: 'personal', stage: 'retirement', phrase: '退休' } }), r, nowhere);
    assert.equal(answerText(d), '“退休”可能要办这 2 个事项：1. 退休人员基本养老金申领（磁县社会保险事业管理中心）；2. 社会保险参保缴费证明打印（磁县社会保险事业管理中心）。');
    assert.ok(!d.sources.some((s) => s.type === 'life_event'));
    await sourcesResolve(d);
  });

  test('a venue by name: address, open now, phone', async () => {
    const d = await answerFrom(deps(), analysis('磁县政务服务中心'), { kind: 'items', candidates: [cand('venue', 'CX-ZWFW', '磁县政务服务中心', '/services/venues/CX-ZWFW')] }, nowhere);
    assert.equal(d.sentences[0]?.text, '磁县政务服务中心（磁县滏阳东路 2号），今天 08:30-12:00、14:30-17:30 开放，现在正在办公，电话 0310-2321234。');
    await sourcesResolve(d);
  });

  test('a policy: its issuer and date, and its 解读 linked', async () => {
    const row = await get().db.selectFrom('disclosure').select(['index_no', 'title', 'publisher', 'published_on']).where('title', '=', '磁县人民政府关于印发《磁县城乡居民最低生活保障实施办法》的通知').executeTakeFirstOrThrow();
    const d = await answerFrom(deps(), analysis('低保政策'), { kind: 'items', candidates: [cand('disclosure', row.index_no, row.title, `/openness/disclosures/${row.index_no}`)] }, nowhere);
    const text = answerText(d);
    assert.ok(text.startsWith(`《磁县人民政府关于印发〈磁县城乡居民最低生活保障实施办法〉的通知》由${row.publisher}于 ${row.published_on} 发布（磁政规〔2025〕1号）。`), text);
    assert.ok(text.includes('政策解读：《〈磁县城乡居民最低生活保障实施办法〉政策解读》。'), text);
    assert.equal(d.sources.length, 2);
    await sourcesResolve(d);
  });

  test('clarify keeps the question and buttons; none says so and links the search page', async () => {
    const pending = { kind: 'audience' as const, query: '社保', aspects: [], options: [{ text: '个人', value: 'personal' }, { text: '单位', value: 'enterprise' }] };
    const c = await answerFrom(deps(), analysis('社保'), { kind: 'clarify', question: '您是个人还是单位？', pending, candidates: [] }, nowhere);
    assert.deepEqual([c.outcome, c.choices, c.pending], ['clarify', ['个人', '单位'], pending]);
    const n = await answerFrom(deps(), analysis('养恐龙'), { kind: 'none' }, nowhere);
    assert.equal(n.outcome, 'no_match');
    await sourcesResolve(n);
    const gone = await answerFrom(deps(), analysis('某事'), { kind: 'items', candidates: [item('CX-NO-SUCH', '不存在的事项')] }, nowhere);
    assert.equal(gone.outcome, 'no_match', 'a candidate whose record is gone is not answered from its title');
  });
}, withDemo);
