// The embedded index on a small hand-made corpus: jieba tokens, field weights, synonyms, full
// pinyin, initials, homophone / swapped / look-alike typos, filters, paging, suggestions, updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryIndex, regionPrefix } from './memory-index.ts';
import { indexTokens, pinyinOf, queryTokens, normalize } from './analyzer.ts';
import type { SearchDoc } from './search-port.ts';

const DOCS: SearchDoc[] = [
  { type: 'item', id: '1', title: '社会保险查询（证明出具）', keywords: ['社保查询', '参保证明'], dept: '人力资源和社会保障局', regionCode: '340100000000', channels: ['网上办理'], popularity: 50 },
  { type: 'item', id: '2', title: '社会保险查询（证明出具）', keywords: ['社保查询', '参保证明'], dept: '人力资源和社会保障局', regionCode: '340200000000', channels: ['窗口办理'], popularity: 5 },
  { type: 'item', id: '3', title: '住房公积金提取', keywords: ['取公积金'], dept: '住房公积金管理中心', regionCode: '340100000000', channels: ['网上办理'] },
  { type: 'item', id: '4', title: '居民身份证换领', keywords: ['身份证', '换证'], dept: '公安局', regionCode: '340104000000', channels: ['窗口办理'] },
  { type: 'item', id: '5', title: '最低生活保障审批', keywords: [], dept: '民政局', regionCode: '340100000000' },
  { type: 'item', id: '6', title: '离婚登记', keywords: ['离婚证'], dept: '民政局', regionCode: '340100000000' },
  { type: 'item', id: '7', title: '证明事项告知承诺', keywords: [], dept: '司法局 社会保险', regionCode: '340100000000' },
  { type: 'venue', id: '8', title: '合肥市政务服务中心', keywords: [], body: '合肥市蜀山区怀宁路1800号', regionCode: '340104000000' },
];

function index(): MemoryIndex {
  const i = new MemoryIndex();
  i.setSynonyms(new Map([['低保', ['最低生活保障']], ['最低生活保障', ['低保']]]));
  i.upsert(DOCS);
  return i;
}
const top = (i: MemoryIndex, q: string, n = 3) => i.query({ q, limit: n, offset: 0 }).hits.map((h) => h.title);

test('analyzer: jieba cut_for_search to index, cut to query; toneless pinyin and initials', () => {
  assert.ok(indexTokens('社会保险查询').includes('社会保险'));
  assert.ok(indexTokens('社会保险查询').includes('社会'));
  assert.deepEqual(queryTokens('住房公积金提取'), ['住房', '公积金', '提取']);
  assert.deepEqual(pinyinOf('社保查询'), { full: 'shebaochaxun', initials: 'sbcx', syllables: ['she', 'bao', 'cha', 'xun'] });
  assert.equal(normalize('  ＳＨＥ\u0000bao\u200b '), 'she bao');
});

test('field weights: a title match outranks a department match; popularity orders equal texts', () => {
  const i = index();
  assert.equal(top(i, '社会保险')[0], '社会保险查询（证明出具）');
  assert.deepEqual(i.query({ q: '社会保险查询', limit: 2, offset: 0 }).hits.map((h) => h.id), ['1', '2']);
  assert.equal(top(i, '社会保险查询（证明出具）')[0], '社会保险查询（证明出具）');
});

test('synonyms and the items\' own keywords', () => {
  const i = index();
  assert.equal(top(i, '低保')[0], '最低生活保障审批');
  assert.equal(top(i, '申请低保')[0], '最低生活保障审批');
  assert.equal(top(i, '社保')[0], '社会保险查询（证明出具）');
  assert.equal(top(i, '身份证')[0], '居民身份证换领');
});

test('full pinyin and initials', () => {
  const i = index();
  for (const q of ['shebao', 'shebaochaxun', 'she bao', 'sbcx']) assert.equal(top(i, q)[0], '社会保险查询（证明出具）', q);
  assert.equal(top(i, 'gongjijin')[0], '住房公积金提取');
  assert.equal(top(i, 'qugongjijin')[0], '住房公积金提取');
  assert.equal(top(i, 'sfz')[0], '居民身份证换领');
  const r = i.query({ q: 'shenfenzheng', limit: 3, offset: 0 });
  assert.equal(r.hits[0]?.title, '居民身份证换领');
  assert.ok(r.didYouMean && /身份证/.test(r.didYouMean));
});

test('typos: same-sounding, swapped and look-alike characters still find the item, with "did you mean"', () => {
  const i = index();
  assert.equal(top(i, '设保查询')[0], '社会保险查询（证明出具）');
  assert.equal(top(i, '住房公积斤提取')[0], '住房公积金提取');
  assert.equal(top(i, '离登婚记')[0], '离婚登记');
  assert.equal(top(i, '身份正换领')[0], '居民身份证换领');
  assert.ok(i.query({ q: '设保', limit: 3, offset: 0 }).didYouMean);
});

test('filters: type, region subtree, department, channel; paging and totals', () => {
  const i = index();
  assert.deepEqual(i.query({ q: '社会保险查询', region: '3402', limit: 5, offset: 0 }).hits.map((h) => h.id), ['2']);
  assert.deepEqual(i.query({ q: '社会保险查询', channel: '窗口办理', limit: 5, offset: 0 }).hits.map((h) => h.id), ['2']);
  assert.deepEqual(i.query({ q: '合肥', types: ['venue'], limit: 5, offset: 0 }).hits.map((h) => h.id), ['8']);
  assert.ok(i.query({ q: '民政', dept: '民政局', limit: 5, offset: 0 }).hits.every((h) => ['5', '6'].includes(h.id)));
  const all = i.query({ q: '社会保险查询', limit: 1, offset: 0 });
  assert.equal(all.hits.length, 1);
  assert.ok(all.total >= 2);
  assert.equal(i.query({ q: '社会保险查询', limit: 1, offset: 1 }).hits[0]?.id, '2');
  assert.equal(regionPrefix('340104000000'), '340104');
  assert.equal(regionPrefix('130427100000'), '130427100');
});

test('a region word in the query prefers that region without filtering; hints from the browser do the same', () => {
  const i = index();
  i.setRegionNames(new Map([['蚌埠市', '340300000000'], ['芜湖', '340200000000']]));
  assert.equal(i.query({ q: '芜湖 社会保险查询', limit: 1, offset: 0 }).hits[0]?.id, '2');
  assert.equal(i.query({ q: '社会保险查询', hintRegion: '3402', limit: 1, offset: 0 }).hits[0]?.id, '2');
});

test('highlighted snippets are escaped HTML', () => {
  const i = new MemoryIndex();
  i.upsert([{ type: 'disclosure', id: '1', title: '<b>通知</b>', body: '关于 <script>x</script> 森林防火 的通知' }]);
  const h = i.query({ q: '森林防火', limit: 1, offset: 0 }).hits[0];
  assert.ok(h);
  assert.match(h.snippet, /<mark>森林防火<\/mark>/);
  assert.doesNotMatch(h.snippet, /<script>/);
  assert.equal(h.titleHtml, '&lt;b&gt;通知&lt;/b&gt;');
});

test('bad input gives empty results quickly', () => {
  const i = index();
  for (const q of ['', '   ', '😀', '"', '*', 'NEAR', 'a OR b', "' or 1=1 --", '\u0000\u0001', '（）', 'x'.repeat(10_000)]) {
    const r = i.query({ q, limit: 10, offset: 0 });
    assert.ok(Array.isArray(r.hits), q.slice(0, 10));
  }
  assert.equal(i.query({ q: '😀', limit: 10, offset: 0 }).total, 0);
});

test('suggestions: prefix, pinyin and initials, popular first', () => {
  const i = index();
  assert.equal(i.suggest('社会', 5)[0]?.text, '社会保险查询（证明出具）');
  assert.ok(i.suggest('sb', 5).some((s) => s.text === '社保查询'));
  assert.ok(i.suggest('gongji', 5).some((s) => s.text.includes('公积金')));
  assert.deepEqual(i.suggest('', 5), []);
  // searched often → suggested first
  const before = i.suggest('s', 10).map((x) => x.text);
  i.setQueryPopularity(new Map([['身份证', 1000]]));
  const after = i.suggest('s', 10).map((x) => x.text);
  assert.ok(after.indexOf('身份证') < before.indexOf('身份证') || (before.indexOf('身份证') === -1 && after[0] === '身份证'), JSON.stringify({ before, after }));
});

test('updates: upsert replaces a document, remove deletes it', () => {
  const i = index();
  i.upsert([{ type: 'item', id: '4', title: '居民身份证首次申领', keywords: [], regionCode: '340104' }]);
  assert.equal(top(i, '居民身份证')[0], '居民身份证首次申领');
  assert.ok(!top(i, '居民身份证', 10).includes('居民身份证换领'));
  i.remove('item', ['4']);
  assert.ok(!top(i, '居民身份证', 10).includes('居民身份证首次申领'));
  assert.equal(i.size(), DOCS.length - 1);
});

test('a document with a body keeps its own group: the same text again stays in it, a new name or body makes a new one', () => {
  const i = index();
  const groups = () => i.stats().groups;
  const n = groups();
  // the change log replays an unchanged venue (a popularity update): no new group
  i.upsert([{ ...(DOCS[7] as SearchDoc), popularity: 9 }]);
  assert.equal(groups(), n);
  // another venue with the same name and address is a group of its own
  i.upsert([{ ...(DOCS[7] as SearchDoc), id: '9' }]);
  assert.equal(groups(), n + 1);
  assert.equal(i.query({ q: '政务服务中心', limit: 10, offset: 0 }).total, 2);
  // a renamed venue is found by its new name only; a new address is searched, the old one not
  i.upsert([{ ...(DOCS[7] as SearchDoc), title: '蜀山区政务服务大厅' }]);
  const hits = (q: string) => i.query({ q, limit: 10, offset: 0 }).hits.map((h) => `${h.id} ${h.title}`);
  assert.equal(hits('蜀山区政务服务大厅')[0], '8 蜀山区政务服务大厅');
  assert.ok(!hits('合肥市政务服务中心').includes('8 合肥市政务服务中心'));
  assert.ok(hits('合肥市政务服务中心').includes('9 合肥市政务服务中心'));
  i.upsert([{ ...(DOCS[7] as SearchDoc), id: '9', body: '合肥市包河区徽州大道1号' }]);
  assert.equal(i.query({ q: '徽州大道', limit: 10, offset: 0 }).hits[0]?.id, '9');
  assert.equal(i.query({ q: '怀宁路', limit: 10, offset: 0 }).hits.map((h) => h.id).join(), '8');
  assert.equal(i.size(), DOCS.length + 1);
});

test('results carry the public id; the source key (what the change log names) updates and removes', () => {
  const i = new MemoryIndex();
  i.upsert([{ type: 'item', id: '320', publicId: 'I00000320', title: '居民身份证换领', url: '/services/items/I00000320' }]);
  assert.deepEqual(i.query({ q: '身份证换领', limit: 5, offset: 0 }).hits.map((h) => h.id), ['I00000320']);
  assert.equal(i.publicIdOf('item', '320'), 'I00000320');
  assert.equal(i.titleOf('item', '320'), '居民身份证换领');
  assert.equal(i.titleOf('item', 'I00000320'), null);
  i.upsert([{ type: 'item', id: '320', publicId: 'I00000320', title: '居民身份证首次申领' }]);
  assert.deepEqual(i.query({ q: '居民身份证', limit: 5, offset: 0 }).hits.map((h) => [h.id, h.title]), [['I00000320', '居民身份证首次申领']]);
  i.remove('item', ['320']);
  assert.equal(i.query({ q: '居民身份证', limit: 5, offset: 0 }).total, 0);
});

test('did you mean: only a spelling made of the index\'s words that scores better; a junk repair adds no results', () => {
  const i = new MemoryIndex();
  i.setSynonyms(new Map([['社保', ['社会保险']], ['社会保险', ['社保']], ['结婚登记', ['结婚证']], ['结婚证', ['结婚登记']]]));
  i.upsert([
    { type: 'item', id: '1', title: '出生登记', keywords: [], regionCode: '3401' },
    { type: 'item', id: '2', title: '社会保险查询', keywords: ['社保查询'], regionCode: '3401' },
    { type: 'item', id: '3', title: '居民身份证换领', keywords: ['身份证'], regionCode: '3401' },
    { type: 'disclosure', id: '4', title: '耕地地力保护补贴发放情况', body: '耕地地力保护补贴按承包登记面积发放，力争年底前到户。', regionCode: '3401' },
    { type: 'disclosure', id: '5', title: '赤岗街居住证办理指南', body: '到街道办理居住登记，领取居住证。', regionCode: '3401' },
  ]);
  const cases: [q: string, dym: string | null][] = [
    ['离婚登记', null], // not 力登记 (li + dengji with 婚 dropped)
    ['结婚登记', null], // not 街登记; a synonym whose words nothing is called
    ['生小孩', null],
    ['身分证', '身份证'],
    ['居民身份证换岭', '居民身份证换领'],
    ['设保', '社保'],
    ['社会保险查询查询', null], // no repair for what already matches well
    ['出生登登记', '出生登记'],
    ['shenfenzheng', '身份证'],
  ];
  for (const [q, dym] of cases) {
    const r = i.query({ q, limit: 10, offset: 0 });
    assert.equal(r.didYouMean, dym, q);
    if (dym === null) assert.ok(!r.hits.some((h) => /地力|赤岗街/.test(h.title)), `${q}: ${r.hits.map((h) => h.title).join(',')}`);
    else assert.ok(r.total > 0, q);
  }
  // a suggestion with nothing to show under the same filters is not offered
  const none = i.query({ q: '设保', region: '44', limit: 10, offset: 0 });
  assert.equal(none.total, 0);
  assert.equal(none.didYouMean, null);
});

test('perGroup: a few documents per group of identical items — the hinted region first, then its parents, then any other', () => {
  const ix = new MemoryIndex();
  const same = { type: 'item', title: '城乡居民基本养老保险参保登记', keywords: ['养老保险'], dept: '人社局' };
  ix.upsert([
    { ...same, id: 'a', regionCode: '340102001000', popularity: 90 },
    { ...same, id: 'b', regionCode: '340103000000', popularity: 80 },
    { ...same, id: 'c', regionCode: '340100000000', popularity: 1 },
    { ...same, id: 'd', regionCode: '340102000000', popularity: 0 },
    { type: 'item', id: 'e', title: '城乡居民基本养老保险待遇申领', keywords: ['养老保险'], dept: '人社局', regionCode: '340103000000', popularity: 5 },
  ]);
  const all = ix.query({ q: '养老保险', limit: 10, offset: 0, hintRegion: '340102' }).hits.map((h) => h.id);
  assert.equal(all.filter((id) => 'abcd'.includes(id)).length, 4, 'without a cap every document counts');
  const capped = ix.query({ q: '养老保险', limit: 10, offset: 0, hintRegion: '340102', perGroup: 3 }).hits.map((h) => h.id);
  const group = capped.filter((id) => 'abcd'.includes(id));
  assert.deepEqual(group.slice().sort(), ['a', 'c', 'd'], 'the hinted subtree (a, d) and the parent city (c), not the other county (b)');
  assert.ok(capped.includes('e'), 'the other item still comes');
  const one = ix.query({ q: '养老保险', limit: 10, offset: 0, hintRegion: '340105', perGroup: 1 }).hits.map((h) => h.id);
  assert.deepEqual(one.filter((id) => 'abcd'.includes(id)), ['c'], 'nothing in the region: its parent first');
});

// ---------------------------------------------------------------- multi-word queries (issue 24 §4)

/** Service items implemented in several places, and local items named after their city or county (合肥市人才公寓申请). */
function multiIndex(): MemoryIndex {
  const i = new MemoryIndex();
  const syn: [string, string[]][] = [['社保', ['社会保险']], ['社会保险', ['社保']], ['公积金', ['住房公积金']], ['住房公积金', ['公积金']], ['补办', ['补领', '补证']], ['补证', ['补办']], ['驾照', ['机动车驾驶证']]];
  i.setSynonyms(new Map(syn));
  const places = ['340100', '340104', '340104102', '340200', '340202', '340300'];
  const service = (id: string, title: string, keywords: string[], dept: string): SearchDoc[] => places.map((r, k) => ({ type: 'item', id: `${id}-${k}`, title, keywords, dept, regionCode: r }));
  i.upsert([
    ...service('ss', '社会保险查询（证明出具）', ['社保查询', '参保证明', '社保证明'], '人力资源和社会保障局'),
    ...service('gt', '住房公积金提取', ['取公积金', '公积金提取'], '住房公积金管理中心'),
    ...service('gc', '住房公积金查询', ['公积金查询'], '住房公积金管理中心'),
    ...service('sf', '居民身份证换领', ['身份证', '换证'], '公安局'),
    ...service('sg', '居民身份证挂失申报', ['身份证挂失'], '公安局'),
    ...service('cy', '船员适任证书核发', ['船员证'], '海事局'),
    ...service('lh', '离婚登记', ['离婚证'], '民政局'),
    ...service('qy', '个人权益记录查询打印', ['权益单', '缴费记录'], '人力资源和社会保障局'),
    ...service('jz', '机动车驾驶证补证', ['驾照补办', '驾驶证丢失'], '公安交通管理部门'),
    ...service('cj', '残疾人证核发（补办）', ['残疾证'], '残疾人联合会'),
    // local items: the documents teach that 合肥, 芜湖 and 蜀山 are places
    { type: 'item', id: 'l1', title: '合肥市人才公寓申请', keywords: ['人才公寓'], regionCode: '340100' },
    { type: 'item', id: 'l2', title: '合肥市市民卡申领', keywords: ['市民卡'], regionCode: '340104' },
    { type: 'item', id: 'l3', title: '芜湖市人才公寓申请', keywords: ['人才公寓'], regionCode: '340200' },
    { type: 'item', id: 'l4', title: '芜湖市市民卡申领', keywords: ['市民卡'], regionCode: '340202' },
    { type: 'item', id: 'l5', title: '蜀山区返乡创业补贴申领', keywords: ['创业补贴'], regionCode: '340104' },
    { type: 'item', id: 'l6', title: '蜀山区农村户厕改造补助申领', keywords: ['改厕'], regionCode: '340104102' },
  ]);
  return i;
}

test('multi-word queries rank items matching every part first: places, actions and questions, with and without spaces', () => {
  // [query, the top item's name, the top hit's region (a prefix) or null]
  const cases: [q: string, title: RegExp, region: string | null][] = [
    // a place and a service: the place prefers its region, the service decides the item
    ['合肥 公积金', /住房公积金/, '3401'],
    ['合肥公积金提取', /^住房公积金提取$/, '3401'],
    ['合肥市 社保查询', /^社会保险查询/, '3401'],
    ['芜湖 身份证', /^居民身份证/, '3402'],
    ['公积金 芜湖', /住房公积金/, '3402'],
    ['芜湖 人才公寓', /^芜湖市人才公寓申请$/, null],
    // county level
    ['蜀山区 身份证', /^居民身份证/, '340104'],
    ['蜀山身份证', /^居民身份证/, '340104'],
    ['身份证 蜀山区', /^居民身份证/, '340104'],
    // township level: a word ended like a place name that the index does not know
    ['三河镇 社保查询', /^社会保险查询/, null],
    ['三河镇社保查询', /^社会保险查询/, null],
    ['望湖街道 公积金提取', /^住房公积金提取$/, null],
    ['焦陂镇个人权益记录打印', /^个人权益记录查询打印$/, null],
    ['公积金提取任圩街道', /^住房公积金提取$/, null],
    // an unknown word beside a known service is left out, not a reason for no result
    ['三河 公积金提取', /^住房公积金提取$/, null],
    ['公积金提取 进度查询', /^住房公积金提取$/, null],
    // a service and an action
    ['公积金 提取', /^住房公积金提取$/, null],
    ['提取 公积金', /^住房公积金提取$/, null],
    ['公积金 查询', /^住房公积金查询$/, null],
    ['驾照 补办', /^机动车驾驶证补证$/, null],
    ['身份证 挂失', /^居民身份证挂失申报$/, null],
    // a question
    ['船员证要带什么', /^船员适任证书核发$/, null],
    ['请问身份证在哪里办理', /^居民身份证/, null],
    ['公积金怎么提取', /^住房公积金提取$/, null],
    ['离婚证需要什么材料', /^离婚登记$/, null],
    ['社保证明怎么办理', /^社会保险查询/, null],
    ['合肥 公积金提取的流程是什么', /^住房公积金提取$/, '3401'],
    // names that contain a place stay whole
    ['合肥市人才公寓申请', /^合肥市人才公寓申请$/, '3401'],
    ['蜀山区返乡创业补贴申领', /^蜀山区返乡创业补贴申领$/, null],
  ];
  const i = multiIndex();
  for (const [q, title, region] of cases) {
    const h = i.query({ q, limit: 10, offset: 0 }).hits;
    assert.match(h[0]?.title ?? '(no result)', title, `${q}: ${h.slice(0, 3).map((x) => x.title).join(' | ')}`);
    if (region) assert.ok(h[0]?.regionCode.startsWith(region), `${q}: region ${h[0]?.regionCode}`);
  }
});

test('multi-word queries with the region table: a township named in the query prefers its subtree', () => {
  const i = multiIndex();
  i.setRegionNames(new Map([['三河镇', '340104102000'], ['三河', '340104102000'], ['镜湖区', '340202000000'], ['镜湖', '340202000000']]));
  const cases: [q: string, title: RegExp, region: string][] = [
    ['三河镇 公积金提取', /^住房公积金提取$/, '340104102'],
    ['三河公积金提取', /^住房公积金提取$/, '340104102'],
    ['镜湖 身份证 换领', /^居民身份证换领$/, '340202'],
    ['镜湖区社保证明', /^社会保险查询/, '340202'],
  ];
  for (const [q, title, region] of cases) {
    const h = i.query({ q, limit: 10, offset: 0 }).hits;
    assert.match(h[0]?.title ?? '(no result)', title, `${q}: ${h.slice(0, 3).map((x) => x.title).join(' | ')}`);
    assert.ok(h[0]?.regionCode.startsWith(region), `${q}: region ${h[0]?.regionCode}`);
  }
  // a place alone is still searched as text
  assert.ok(i.query({ q: '合肥', limit: 10, offset: 0 }).hits.some((h) => h.title.startsWith('合肥市')));
});

// ---------------------------------------------------------------- pinyin of several words (issue 24 §4)

/** Items whose colloquial name is only a keyword, beside items whose names hold an action word and part of it. */
function pinyinIndex(): MemoryIndex {
  const i = new MemoryIndex();
  const places = ['340100', '340104', '340200', '340202'];
  const service = (id: string, title: string, keywords: string[], dept: string): SearchDoc[] => places.map((r, k) => ({ type: 'item', id: `${id}-${k}`, title, keywords, dept, regionCode: r }));
  i.upsert([
    ...service('ks', '机动车驾驶人考试', ['考驾照', '驾考'], '公安交通管理部门'),
    ...service('zp', '驾照照片回执办理', [], '公安交通管理部门'),
    ...service('hj', '危险废物经营许可', ['危废许可'], '生态环境局'),
    ...service('fw', '废旧物资回收经营备案查询', [], '商务局'),
    ...service('xy', '校外培训机构设立审批', ['培训学校'], '教育局'),
    ...service('xc', '学校名称变更查询', [], '教育局'),
    ...service('qs', '取水许可', ['取水证'], '水利局'),
  ]);
  return i;
}

test('pinyin of a service and an action typed together finds the service, not names holding the action and part of the service', () => {
  const i = pinyinIndex();
  // [query, the top item's name]
  const cases: [q: string, title: RegExp][] = [
    // 考驾照 (a keyword) + 办理: not 驾照照片回执办理, whose name holds 驾照 and 办理
    ['kaojiazhaobanli', /^机动车驾驶人考试$/],
    ['kao jia zhao ban li', /^机动车驾驶人考试$/],
    // 危废许可 + 查询: not 废旧物资回收经营备案查询
    ['weifeixukechaxun', /^危险废物经营许可$/],
    // 培训学校 + 变更: not 学校名称变更查询
    ['peixunxuexiaobiangeng', /^校外培训机构设立审批$/],
    // one word alone, and a whole name, as before
    ['kaojiazhao', /^机动车驾驶人考试$/],
    ['jiazhaozhaopianhuizhibanli', /^驾照照片回执办理$/],
    ['qushuixuke', /^取水许可$/],
    // an action alone still finds the names that hold it
    ['huizhi', /^驾照照片回执办理$/],
  ];
  for (const [q, title] of cases) {
    const h = i.query({ q, limit: 10, offset: 0 }).hits;
    assert.match(h[0]?.title ?? '(no result)', title, `${q}: ${h.slice(0, 3).map((x) => x.title).join(' | ')}`);
  }
});
