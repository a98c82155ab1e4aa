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
