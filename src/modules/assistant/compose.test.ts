// Table tests of compose.ts on plain facts: each aspect, missing data said to be missing, the
// venue sentence (nearest open, closed today, holiday, 7×24), a life-event chain, a policy with its
// 解读, clarify and no match — and every sentence with a fact tied to the source it came from.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { composeClarify, composeItem, composeLifeEvent, composeNone, composePolicy, composeVenue, limitText, type ItemFacts, type LifeEventFacts, type VenueFacts } from './compose.ts';
import type { AnswerDraft } from './types.ts';
import type { Aspect } from './vocabulary.ts';

const idCard: ItemFacts = {
  publicId: 'CX-SFZ-HL', name: '居民身份证换领', url: '/services/items/CX-SFZ-HL', typeLabel: '行政确认', department: '磁县公安局',
  conditions: ['居民身份证有效期满', '申请人本人到场采集人像和指纹'],
  materials: [
    { name: '居民户口簿', type: '原件', required: true },
    { name: '一寸照片', type: '', required: false },
    { name: '原居民身份证', type: '原件', required: true },
    { name: '居民身份证申领登记表', type: '原件', required: true },
    { name: '户籍证明', type: '复印件', required: true },
  ],
  steps: ['取号', '采集人像和指纹', '受理审核'],
  fees: [{ name: '居民身份证工本费（换领）', standard: '20 元/证', waivable: true, waiverBasis: '城市最低生活保障对象免收' }],
  feesKnown: true,
  promised: { n: 20, unit: 'working_day' }, legal: { n: 60, unit: 'working_day' },
  onlineUrl: null, mobileUrl: null, onlineDepth: '', visits: 1, visitsReason: '需本人到场采集人像和指纹',
  guideWhere: '各派出所户政窗口', guideWhen: '工作日 09:00-12:00', consultation: '12345；户政窗口电话', result: { type: '证照', name: '中华人民共和国居民身份证' },
};

const bare: ItemFacts = {
  ...idCard, publicId: 'X-1', name: '某事项', url: '/services/items/X-1', conditions: [], materials: [], steps: [], fees: [], feesKnown: false,
  promised: { n: null, unit: null }, legal: { n: null, unit: null }, visits: null, visitsReason: '', guideWhere: '', guideWhen: '', consultation: '', result: null,
};

const centre: VenueFacts = {
  publicId: 'CX-ZWFW', name: '磁县政务服务中心', url: '/services/venues/CX-ZWFW', address: '磁县滏阳东路 2号', phone: '0310-2321234',
  todayHours: '08:30-12:00,14:30-17:30', alwaysOpen: false, holidayClosed: false, holidayName: null, openNow: true, nextOpen: null, distanceM: 1234, how: 'nearest_open',
};

const text = (d: AnswerDraft) => d.sentences.map((x) => x.text).join('');
/** Every sentence's source index points into sources; and the sources are all used. */
function wellFormed(d: AnswerDraft): void {
  for (const x of d.sentences) if (x.source !== null) assert.ok(x.source >= 0 && x.source < d.sources.length, `${x.text} → ${x.source}`);
  for (let i = 0; i < d.sources.length; i++) assert.ok(d.sentences.some((x) => x.source === i), `source ${i} unused`);
}
const sourceOf = (d: AnswerDraft, fragment: string) => {
  const x = d.sentences.find((y) => y.text.includes(fragment));
  assert.ok(x, `no sentence with ${fragment}: ${text(d)}`);
  return x.source === null ? null : d.sources[x.source]?.url;
};

describe('composeItem: each aspect', () => {
  const cases: { aspects: Aspect[]; has: string[]; not?: string[]; from: [string, string][] }[] = [
    {
      aspects: ['materials'],
      has: ['需要准备 5 份材料：居民户口簿（原件）、原居民身份证（原件）、居民身份证申领登记表（原件），另有 2 份见办事指南。'],
      not: ['一寸照片'], from: [['5 份材料', '/services/items/CX-SFZ-HL']],
    },
    { aspects: ['time_limit'], has: ['承诺办结时限 20 个工作日，法定办结时限 60 个工作日。'], from: [['承诺办结时限', '/services/items/CX-SFZ-HL']] },
    { aspects: ['fee'], has: ['收费：居民身份证工本费（换领） 20 元/证（可减免：城市最低生活保障对象免收）。'], from: [['收费', '/services/items/CX-SFZ-HL']] },
    { aspects: ['online'], has: ['该事项需到现场办理，需到现场 1 次（需本人到场采集人像和指纹）。'], from: [['现场办理', '/services/items/CX-SFZ-HL']] },
    { aspects: ['conditions'], has: ['办理条件：居民身份证有效期满；申请人本人到场采集人像和指纹。'], from: [['办理条件', '/services/items/CX-SFZ-HL']] },
    { aspects: ['process'], has: ['办理流程：取号 → 采集人像和指纹 → 受理审核。'], from: [['办理流程', '/services/items/CX-SFZ-HL']] },
    { aspects: ['result'], has: ['办结后取得证照：中华人民共和国居民身份证。'], from: [] },
    {
      aspects: ['where'],
      has: ['离您最近、现在正在办公的可办理场所是磁县政务服务中心（磁县滏阳东路 2号，约 1.2 公里），今天 08:30-12:00、14:30-17:30 开放，现在正在办公，电话 0310-2321234。', '办事指南写明的办理地点：各派出所户政窗口；办理时间：工作日 09:00-12:00。'],
      from: [['离您最近', '/services/venues/CX-ZWFW'], ['办事指南写明', '/services/items/CX-SFZ-HL']],
    },
    { aspects: ['hours'], has: ['今天 08:30-12:00、14:30-17:30 开放'], not: ['办事指南写明'], from: [['今天', '/services/venues/CX-ZWFW']] },
    { aspects: ['phone'], has: ['咨询方式：12345；户政窗口电话。', '电话 0310-2321234'], from: [['咨询方式', '/services/items/CX-SFZ-HL'], ['电话 0310', '/services/venues/CX-ZWFW']] },
  ];
  for (const c of cases) {
    test(c.aspects.join('+'), () => {
      const d = composeItem(idCard, centre, c.aspects);
      wellFormed(d);
      const all = text(d);
      assert.ok(all.startsWith('「居民身份证换领」由磁县公安局办理（行政确认）。'), all);
      for (const h of c.has) assert.ok(all.includes(h), `missing «${h}» in ${all}`);
      for (const n of c.not ?? []) assert.ok(!all.includes(n), `unexpected «${n}» in ${all}`);
      for (const [frag, url] of c.from) assert.equal(sourceOf(d, frag), url, frag);
      assert.equal(d.outcome, 'answer');
      assert.deepEqual(d.items, ['CX-SFZ-HL']);
    });
  }

  test('follow-up choices are the aspects not yet answered', () => {
    assert.deepEqual(composeItem(idCard, centre, ['materials']).choices, ['要多长时间？', '在哪里办？', '能网上办吗？']);
    assert.deepEqual(composeItem(idCard, centre, ['where', 'time_limit']).choices, ['需要带什么材料？', '能网上办吗？']);
  });

  test('two aspects answered once each, in the order asked; where and hours are one answer', () => {
    const d = composeItem(idCard, centre, ['fee', 'where', 'hours', 'fee']);
    assert.equal(d.sentences.filter((x) => x.text.includes('收费')).length, 1);
    assert.equal(d.sentences.filter((x) => x.text.includes('磁县政务服务中心')).length, 1);
    assert.ok(text(d).indexOf('收费') < text(d).indexOf('磁县政务服务中心'));
  });
});

describe('composeItem: missing data is said to be missing, never invented', () => {
  const cases: { aspect: Aspect; says: string }[] = [
    { aspect: 'materials', says: '办事指南未列出申请材料。' },
    { aspect: 'time_limit', says: '办事指南未写明办结时限。' },
    { aspect: 'fee', says: '办事指南未写明收费。' },
    { aspect: 'conditions', says: '办事指南未写明办理条件。' },
    { aspect: 'process', says: '办事指南未写明办理流程。' },
    { aspect: 'phone', says: '办事指南未写明咨询方式。' },
    { aspect: 'result', says: '办事指南未写明办理结果。' },
    { aspect: 'where', says: '办事指南未写明办理地点。' },
    { aspect: 'online', says: '该事项需到现场办理。' },
  ];
  for (const c of cases) {
    test(c.aspect, () => {
      const d = composeItem(bare, null, [c.aspect]);
      wellFormed(d);
      assert.ok(text(d).includes(c.says), text(d));
      assert.ok(!/\d+ 个工作日|不收费|离您最近/.test(text(d)), text(d));
    });
  }
  test('a guide with no fee rows says 不收费, as the item page does', () => {
    assert.ok(text(composeItem({ ...idCard, fees: [] }, null, ['fee'])).includes('办理该事项不收费。'));
  });
});

describe('time limits and units', () => {
  const cases: [ItemFacts['promised'], ItemFacts['legal'], string][] = [
    [{ n: 20, unit: 'working_day' }, { n: 60, unit: 'working_day' }, '承诺办结时限 20 个工作日，法定办结时限 60 个工作日。'],
    [{ n: 10, unit: 'natural_day' }, { n: 30, unit: 'natural_day' }, '承诺办结时限 10 个自然日，法定办结时限 30 个自然日。'],
    [{ n: 0, unit: null }, { n: 3, unit: 'working_day' }, '承诺办结时限 即办（当场办结），法定办结时限 3 个工作日。'],
    [{ n: null, unit: null }, { n: 2, unit: 'month' }, '法定办结时限 2 个月。'],
    [{ n: 15, unit: 'working_day' }, { n: null, unit: null }, '承诺办结时限 15 个工作日。'],
    [{ n: 0, unit: null }, { n: 0, unit: null }, '承诺办结时限 即办（当场办结）。'],
  ];
  for (const [p, l, says] of cases) {
    test(says, () => assert.ok(text(composeItem({ ...idCard, promised: p, legal: l }, null, ['time_limit'])).includes(says)));
  }
  test('limitText: null is unknown', () => assert.equal(limitText({ n: null, unit: 'working_day' }), null));
});

describe('composeItem: the essentials when nothing in particular is asked', () => {
  test('not online: what it is, how many materials, the time limit, the venue', () => {
    const d = composeItem(idCard, { ...centre, how: 'centre', distanceM: null }, []);
    wellFormed(d);
    assert.deepEqual(d.sentences.map((x) => x.text), [
      '「居民身份证换领」由磁县公安局办理（行政确认）。', '需要准备 5 份材料。', '承诺办结时限 20 个工作日，法定办结时限 60 个工作日。',
      '可以到磁县政务服务中心办理（磁县滏阳东路 2号），今天 08:30-12:00、14:30-17:30 开放，现在正在办公，电话 0310-2321234。',
    ]);
    assert.deepEqual(d.choices, ['需要带什么材料？', '能网上办吗？']);
  });
  test('online: the link instead of the venue', () => {
    const d = composeItem({ ...idCard, onlineUrl: 'https://www.hbzwfw.gov.cn/yyzz/sl', mobileUrl: 'https://www.hbzwfw.gov.cn/m/yyzz/sl', onlineDepth: '全程网办' }, centre, []);
    assert.ok(text(d).includes('可以网上办理：https://www.hbzwfw.gov.cn/yyzz/sl；手机上办理：https://www.hbzwfw.gov.cn/m/yyzz/sl（全程网办）。'), text(d));
    assert.ok(!text(d).includes('磁县政务服务中心'));
    assert.deepEqual(d.choices, ['需要带什么材料？', '在哪里办？']);
  });
  test('up to two other candidates, each linked, offered as choices', () => {
    const related = [
      { type: 'item' as const, publicId: 'CX-JZZ', title: '居住证申领', url: '/services/items/CX-JZZ' },
      { type: 'venue' as const, publicId: 'CX-ZWFW', title: '磁县政务服务中心', url: '/services/venues/CX-ZWFW' },
      { type: 'item' as const, publicId: 'CX-DB-SQ', title: '最低生活保障审批', url: '/services/items/CX-DB-SQ' },
    ];
    const d = composeItem(idCard, null, ['fee'], related);
    wellFormed(d);
    assert.ok(text(d).endsWith('您可能还想了解：「居住证申领」；「磁县政务服务中心」。'), text(d));
    assert.equal(sourceOf(d, '「居住证申领」'), '/services/items/CX-JZZ');
    assert.ok(!text(d).includes('最低生活保障审批'));
    assert.deepEqual(d.choices.slice(-2), ['居住证申领', '磁县政务服务中心']);
  });
});

describe('the venue sentence', () => {
  const cases: [Partial<VenueFacts>, string][] = [
    [{ openNow: false, nextOpen: '今天 14:30', how: 'nearest', distanceM: 850 }, '离您最近的可办理场所是磁县政务服务中心（磁县滏阳东路 2号，约 850 米），今天 08:30-12:00、14:30-17:30 开放，现在不在办公时间（下次开放：今天 14:30），电话 0310-2321234。'],
    [{ todayHours: '', openNow: false, nextOpen: '周一（12-07）08:30', how: 'centre' }, '可以到磁县政务服务中心办理（磁县滏阳东路 2号），今天休息，现在不在办公时间（下次开放：周一（12-07）08:30），电话 0310-2321234。'],
    [{ todayHours: '', holidayClosed: true, holidayName: '国庆节', openNow: false, nextOpen: null, how: 'here' }, '本场所磁县政务服务中心可以办理（磁县滏阳东路 2号），今天国庆节休息，现在不在办公时间，电话 0310-2321234。'],
    [{ alwaysOpen: true, todayHours: '00:00-24:00', phone: '', how: 'venue' }, '磁县政务服务中心（磁县滏阳东路 2号），24 小时开放。'],
  ];
  for (const [v, says] of cases) {
    test(says.slice(0, 24), () => {
      const d = composeItem(idCard, { ...centre, ...v }, ['where']);
      assert.ok(text(d).includes(says), text(d));
    });
  }
  test('composeVenue: a venue asked about by name', () => {
    const d = composeVenue({ ...centre, how: 'nearest_open' });
    wellFormed(d);
    assert.deepEqual(d.sentences, [{ text: '磁县政务服务中心（磁县滏阳东路 2号），今天 08:30-12:00、14:30-17:30 开放，现在正在办公，电话 0310-2321234。', source: 0 }]);
    assert.deepEqual(d.sources, [{ type: 'venue', id: 'CX-ZWFW', title: '磁县政务服务中心', url: '/services/venues/CX-ZWFW' }]);
  });
});

describe('composeLifeEvent', () => {
  const stage = { name: '出生', url: '/services/life-events?region=440309&audience=personal#birth', title: '龙华区·个人·出生' };
  const items = [
    { publicId: 'LH-CSYXZM', name: '出生医学证明首次签发', department: '助产机构', url: '/services/items/LH-CSYXZM' },
    { publicId: 'LH-JZZ', name: '居住证申领', department: '深圳市公安局龙华分局', url: '/services/items/LH-JZZ' },
  ];
  test('the stage\'s chain in order, each item linked, and the stage page', () => {
    const d = composeLifeEvent({ stage, regionName: '龙华区', items, fromSearch: false, phrase: '生孩子' });
    wellFormed(d);
    assert.deepEqual(d.sentences.map((x) => [x.text, x.source === null ? null : d.sources[x.source]?.url]), [
      ['龙华区“出生”这件事一般要办 2 个事项：', stage.url],
      ['1. 出生医学证明首次签发（助产机构）；', '/services/items/LH-CSYXZM'],
      ['2. 居住证申领（深圳市公安局龙华分局）。', '/services/items/LH-JZZ'],
      ['完整的“出生”事项清单和相关公开目录见“一件事”页面。', stage.url],
    ]);
    assert.equal(d.sources[0]?.type, 'life_event');
    assert.equal(d.outcome, 'life_event');
    assert.deepEqual(d.items, ['LH-CSYXZM', 'LH-JZZ']);
    assert.deepEqual(d.choices, ['出生医学证明首次签发', '居住证申领']);
  });
  test('no stage data: the chain from the search, not claimed as the stage\'s', () => {
    const d = composeLifeEvent({ stage: null, regionName: '', items, fromSearch: true, phrase: '生孩子' } satisfies LifeEventFacts);
    wellFormed(d);
    assert.equal(d.sentences[0]?.text, '“生孩子”可能要办这 2 个事项：');
    assert.equal(d.sentences[0]?.source, null);
    assert.ok(!d.sources.some((x) => x.type === 'life_event'));
  });
  test('a stage without items says so and links the page', () => {
    const d = composeLifeEvent({ stage, regionName: '龙华区', items: [], fromSearch: false, phrase: '出生' });
    assert.equal(text(d), '暂未整理“出生”这件事要办的事项。完整的“出生”事项清单和相关公开目录见“一件事”页面。');
    assert.equal(d.sources.length, 1);
  });
});

describe('composePolicy', () => {
  test('a policy: who issued it and when, its summary and its 解读', () => {
    const d = composePolicy({
      kind: 'disclosure', indexNo: '130427-2026-0001', title: '磁县最低生活保障实施办法', url: '/openness/disclosures/130427-2026-0001', publisher: '磁县民政局', publishedOn: '2026-01-05', documentNo: '磁民〔2026〕1号', summary: '规定低保的申请条件。',
      interpretations: [{ indexNo: '130427-2026-0002', title: '《磁县最低生活保障实施办法》解读', url: '/openness/disclosures/130427-2026-0002' }], interprets: null,
    });
    wellFormed(d);
    assert.deepEqual(d.sentences.map((x) => x.text), ['《磁县最低生活保障实施办法》由磁县民政局于 2026-01-05 发布（磁民〔2026〕1号）。', '内容摘要：规定低保的申请条件。', '政策解读：《〈磁县最低生活保障实施办法〉解读》。']);
    assert.equal(sourceOf(d, '政策解读'), '/openness/disclosures/130427-2026-0002');
  });
  test('a catalogue item: body, content, deadline, basis', () => {
    const d = composePolicy({ kind: 'catalog_item', publicId: '3/k1', title: '户籍管理·出生登记', url: '/openness/catalogs/3/items/k1', body: '龙华区公安分局', content: '办理依据、流程', deadline: '信息形成之日起 20 个工作日内', basis: '' });
    wellFormed(d);
    assert.deepEqual(d.sentences.map((x) => x.text), ['「户籍管理·出生登记」由龙华区公安分局公开。', '公开内容：办理依据、流程。', '公开时限：信息形成之日起 20 个工作日内。']);
  });
});

describe('clarify and no match', () => {
  test('clarify: the question and its buttons; the pending clarification is kept', () => {
    const pending = { kind: 'audience' as const, query: '社保', aspects: [], options: [{ text: '个人', value: 'personal' }, { text: '单位', value: 'enterprise' }] };
    const d = composeClarify('您是个人办理还是单位办理？', pending);
    assert.deepEqual(d, { sentences: [{ text: '您是个人办理还是单位办理？', source: null }], sources: [], choices: ['个人', '单位'], outcome: 'clarify', pending, items: [] });
  });
  const cand = (n: number) => ({ type: 'item' as const, publicId: `I${n}`, title: `事项${n}`, url: `/services/items/I${n}` });
  test('clarify: the item asked about is named and linked; a question that names it links itself', () => {
    const pending = { kind: 'region' as const, query: '营业执照', aspects: [], options: [{ text: '磁县', value: '130427' }] };
    const d = composeClarify('请问您在哪个县（区）办理？', pending, [cand(1), cand(2)]);
    wellFormed(d);
    assert.deepEqual(d.sentences, [{ text: '您问的是「事项1」。', source: 0 }, { text: '请问您在哪个县（区）办理？', source: null }]);
    assert.deepEqual(d.sources.map((x) => x.id), ['I1']);
    assert.deepEqual(d.items, ['I1']);
    const named = composeClarify('「事项1」各地都可以办理，请问您在哪个县（区）办理？', pending, [cand(1)]);
    assert.deepEqual(named.sentences, [{ text: '「事项1」各地都可以办理，请问您在哪个县（区）办理？', source: 0 }]);
  });
  test('clarify which item: the close items are listed, each linked, at most four', () => {
    const pending = { kind: 'item' as const, query: '社保', aspects: [], options: [1, 2, 3, 4, 5].map((n) => ({ text: `事项${n}`, value: `I${n}` })) };
    const d = composeClarify('您想问的是下面哪一项？', pending, [1, 2, 3, 4, 5].map(cand));
    wellFormed(d);
    assert.deepEqual(d.sources.map((x) => x.id), ['I1', 'I2', 'I3', 'I4']);
    assert.deepEqual(d.sentences.map((x) => x.source), [0, 1, 2, 3, null]);
    assert.equal(d.sentences[0]!.text, '相近的事项有：1. 「事项1」；');
    assert.equal(d.sentences[3]!.text, '4. 「事项4」。');
  });
  test('none: said plainly, tips, the search link and 转人工', () => {
    const d = composeNone('怎么养恐龙', '养恐龙');
    wellFormed(d);
    assert.equal(d.outcome, 'no_match');
    assert.ok(text(d).startsWith('抱歉，没有找到和“怎么养恐龙”相关的'), text(d));
    assert.ok(text(d).includes('换个说法'));
    assert.ok(text(d).includes('转人工'));
    assert.deepEqual(d.sources, [{ type: 'page', id: 'search', title: '站内搜索：养恐龙', url: `/search?q=${encodeURIComponent('养恐龙')}` }]);
    assert.deepEqual(d.choices, ['转人工']);
  });
  test('none: a long question is cut in the sentence, and no search link without words', () => {
    const d = composeNone('啊'.repeat(100), '');
    assert.ok(text(d).includes(`${'啊'.repeat(30)}…`));
    assert.equal(d.sources[0]?.url, `/search?q=${encodeURIComponent('啊'.repeat(100))}`);
    assert.equal(composeNone('  ', '').sources.length, 0);
  });
});
