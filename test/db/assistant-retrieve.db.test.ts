// What the assistant finds on the demo data (磁县 130427, 海珠区 440105, 龙华区 440309), on SQLite and
// PostgreSQL: items of the person's region; the place named in the question; a life situation's
// key items; clarifying questions (which county, 个人/单位, which item) and their answers; a
// follow-up that reuses the last items; a venue asked by name.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { SearchService } from '../../src/modules/search/index.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { analyseQuestion } from '../../src/modules/assistant/understand.ts';
import { placeNames, retrieve } from '../../src/modules/assistant/retrieve.ts';
import { EMPTY_CONTEXT, type ConversationContext, type Retrieval } from '../../src/modules/assistant/types.ts';
import type { Db } from '../../src/schema.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const here = (regionCode: string | null) => ({ regionCode, location: null, venuePublicId: null });

async function addItem(db: Db, publicId: string, name: string, regionCode: string, keywords = ''): Promise<void> {
  const at = clock.now().toISOString();
  await db.insertInto('sm_item').values({
    public_id: publicId, name, basic_code: '', implementing_code: '', type: '公共服务', department: '人力资源和社会保障局', implementing_body: '社会保险事业管理中心',
    region_code: regionCode, level: 'county', keywords, online_url: null, mobile_url: null, channels: '窗口办', legal_limit: null, legal_unit: null,
    promised_limit: null, promised_unit: null, visits: 0, guide_json: null, created_at: at, updated_at: at,
  }).execute();
}

forEachDialect('assistant retrieval on the demo data', (get) => {
  let search: SearchService;
  let places: ReadonlyMap<string, string>;
  const ask = async (text: string, regionCode: string | null, ctx: ConversationContext = EMPTY_CONTEXT): Promise<Retrieval> =>
    retrieve({ db: get().db, search }, analyseQuestion(text, places), ctx, here(regionCode));
  const ids = (r: Retrieval) => (r.kind === 'none' ? [] : r.candidates.map((c) => c.publicId));

  before(async () => {
    const { db } = get();
    await withDemo(get());
    // 个人/单位 variants of one item, and two items that fit 「公积金提取」 equally, in 磁县 and 龙华
    await addItem(db, 'T-YL-GR', '城镇职工基本养老保险参保登记（个人参保）', '130427000000', '养老保险参保');
    await addItem(db, 'T-YL-DW', '城镇职工基本养老保险参保登记（单位参保）', '130427000000', '养老保险参保');
    await addItem(db, 'T-GJJ-GF', '住房公积金购房提取', '440309000000', '公积金提取');
    await addItem(db, 'T-GJJ-ZF', '住房公积金租房提取', '440309000000', '公积金提取');
    // variants of one item: answered together, never asked about
    await addItem(db, 'T-YLBX-MZ', '医疗费用报销（门诊）', '130427000000');
    await addItem(db, 'T-YLBX-ZY', '医疗费用报销（住院）', '130427000000');
    search = new SearchService(db, clock);
    await search.seedDictionary();
    await search.build();
    places = await placeNames(db);
  });

  test('place names come from the region table: full names and names without 市/县/区', () => {
    assert.equal(places.get('磁县'), '130427');
    assert.equal(places.get('龙华区'), '440309');
    assert.equal(places.get('龙华'), '440309');
    assert.equal(places.get('邯郸'), '1304');
    assert.equal(places.has('磁'), false);
  });

  test('an item of the person’s county answers, one per name', async () => {
    const r = await ask('低保需要什么条件', '130427');
    assert.equal(r.kind, 'items');
    assert.equal(ids(r)[0], 'CX-DB-SQ');
    assert.ok(r.kind === 'items' && r.candidates.every((c) => c.regionCode.startsWith('130427')), JSON.stringify(r));
    const titles = r.kind === 'items' ? r.candidates.map((c) => c.title) : [];
    assert.equal(new Set(titles).size, titles.length);
  });

  test('the place named in the question decides the region', async () => {
    const r = await ask('龙华区居住证怎么办', null);
    assert.equal(r.kind, 'items');
    assert.equal(ids(r)[0], 'LH-JZZ');
  });

  test('no region known, the item is offered in three counties and the answer depends on the place: it asks which county; the button answers it', async () => {
    const r = await ask('社保证明在哪里开', null);
    assert.equal(r.kind, 'clarify', JSON.stringify(r));
    if (r.kind !== 'clarify') return;
    assert.equal(r.pending.kind, 'region');
    assert.deepEqual(r.pending.options.map((o) => o.value).sort(), ['130427', '440105', '440309']);
    assert.ok(r.pending.options.some((o) => o.text === '磁县'));
    assert.match(r.question, /哪个县（区）/);
    const ctx: ConversationContext = { ...EMPTY_CONTEXT, pending: r.pending, lastQuery: r.pending.query };
    const answer = await ask('磁县', null, ctx);
    assert.equal(answer.kind, 'items');
    assert.equal(ids(answer)[0], 'CX-SB-ZM');
    // what to bring does not depend on the county: answered from one guide, no question back
    const materials = await ask('社保证明要带什么材料', null);
    assert.equal(materials.kind, 'items');
    assert.ok(ids(materials)[0]?.endsWith('-SB-ZM'), JSON.stringify(materials));
  });

  test('「社保」 alone, no region known and offered in three counties: it asks which county, naming the item', async () => {
    const r = await ask('社保', null);
    assert.equal(r.kind, 'clarify', JSON.stringify(r));
    if (r.kind !== 'clarify') return;
    assert.equal(r.pending.kind, 'region');
    assert.deepEqual(r.pending.options.map((o) => o.value).sort(), ['130427', '440105', '440309']);
    assert.ok(r.candidates[0]?.publicId.endsWith('-SB-ZM'), JSON.stringify(r.candidates));
    // with the county known it answers at once
    assert.equal((await ask('社保', '130427')).kind, 'items');
  });

  test('个人 and 单位 variants that fit equally: it asks for whom; 「单位」 answers it', async () => {
    const r = await ask('养老保险参保登记怎么办', '130427');
    assert.equal(r.kind, 'clarify', JSON.stringify(r));
    if (r.kind !== 'clarify') return;
    assert.equal(r.pending.kind, 'audience');
    assert.equal(r.question, '您是以个人还是单位身份办理？');
    assert.deepEqual(r.pending.options, [{ text: '个人', value: 'personal' }, { text: '单位', value: 'enterprise' }]);
    const answer = await ask('单位', null, { ...EMPTY_CONTEXT, pending: r.pending, regionCode: '130427' });
    assert.equal(ids(answer)[0], 'T-YL-DW');
    // said in the question: no need to ask
    const direct = await ask('个人养老保险参保登记', '130427');
    assert.equal(direct.kind, 'items');
    assert.equal(ids(direct)[0], 'T-YL-GR');
  });

  test('two items that fit equally: it asks which one (buttons are their names); the chosen one answers', async () => {
    const r = await ask('公积金提取要多久', '440309');
    assert.equal(r.kind, 'clarify', JSON.stringify(r));
    if (r.kind !== 'clarify') return;
    assert.equal(r.pending.kind, 'item');
    assert.deepEqual(r.pending.aspects, ['time_limit']);
    assert.deepEqual(r.pending.options.map((o) => o.value).sort(), ['T-GJJ-GF', 'T-GJJ-ZF']);
    assert.ok(r.pending.options.length <= 4);
    const answer = await ask('住房公积金租房提取', '440309', { ...EMPTY_CONTEXT, pending: r.pending });
    assert.deepEqual(ids(answer), ['T-GJJ-ZF']);
  });

  test('variants of one item are answered together, not asked about', async () => {
    const r = await ask('医疗费用报销需要什么材料', '130427');
    assert.equal(r.kind, 'items', JSON.stringify(r));
    assert.deepEqual(ids(r).slice(0, 2).sort(), ['T-YLBX-MZ', 'T-YLBX-ZY']);
  });

  test('a follow-up with only an aspect reuses the last items', async () => {
    const r = await ask('要多少钱', '440309', { ...EMPTY_CONTEXT, lastItems: ['LH-DB-SQ'], lastQuery: '低保' });
    assert.equal(r.kind, 'items');
    assert.deepEqual(ids(r), ['LH-DB-SQ']);
    // and a place named alone asks the last question there
    const there = await ask('那磁县呢', null, { ...EMPTY_CONTEXT, lastItems: ['LH-DB-SQ'], lastQuery: '低保' });
    assert.equal(ids(there)[0], 'CX-DB-SQ');
    assert.equal((await ask('要多少钱', '440309')).kind, 'none');
  });

  test('a life situation answers with its key items in the region', async () => {
    const r = await ask('我想开个饭店要办哪些证', '440309');
    assert.equal(r.kind, 'life_event', JSON.stringify(r));
    if (r.kind !== 'life_event') return;
    assert.equal(r.audience, 'enterprise');
    assert.equal(r.stage, 'permits');
    assert.equal(r.regionCode, '440309');
    assert.ok(ids(r).includes('LH-YYZZ-SL'), JSON.stringify(r.candidates));
    const retire = await ask('退休了养老金怎么领', '130427');
    assert.equal(retire.kind, 'life_event');
    assert.ok(ids(retire).includes('CX-TX-BZ'), JSON.stringify(retire));
  });

  test('a venue asked by name, and 几点上班 with nothing before: the region’s service centre', async () => {
    const r = await ask('磁县政务服务中心几点上班', null);
    assert.equal(r.kind, 'items');
    assert.equal(ids(r)[0], 'CX-ZWFW');
    const hours = await ask('几点上班', '440309');
    assert.equal(ids(hours)[0], 'LH-ZWFW');
  });

  test('small talk, 转人工 and words that find nothing are no retrieval', async () => {
    for (const t of ['你好', '转人工', '啊啊啊']) assert.equal((await ask(t, '130427')).kind, 'none', t);
  });
});
