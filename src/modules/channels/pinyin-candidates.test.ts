// The kiosk's pinyin dictionary: words by full pinyin and initials, ranked exact → prefix →
// initials, single characters by every reading, bounded input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMON_CHARS, MAX_PINYIN, PinyinDictionary, kioskWords } from './pinyin-candidates.ts';

const items = [
  { name: '社会保险参保缴费证明打印', keywords: '社保 社保证明 参保证明' },
  { name: '居民身份证换领', keywords: '身份证' },
  { name: '设备登记', keywords: '' },
];

test('full pinyin: the exact word first, then longer words starting with it', () => {
  const d = PinyinDictionary.from(kioskWords(items, [['社会保险', '社保']]));
  const she = d.lookup('shebao').map((c) => c.word);
  assert.equal(she[0], '社保');
  assert.ok(she.includes('社保证明'), she.join(' '));
  assert.ok(she.indexOf('社保') < she.indexOf('社保证明'));
  assert.equal(d.lookup('shenfenzheng')[0]?.word, '身份证');
});

test('initials: sb finds 社保 (more frequent) before 设备; an exact initials match before a longer one', () => {
  const d = PinyinDictionary.from(kioskWords(items, [['社会保险', '社保']]));
  const sb = d.lookup('sb').map((c) => c.word);
  assert.ok(sb.indexOf('社保') >= 0 && sb.indexOf('设备') >= 0, sb.join(' '));
  assert.ok(sb.indexOf('社保') < sb.indexOf('设备'), sb.join(' '));
  assert.ok(sb.indexOf('社保') < sb.indexOf('社保证明'), sb.join(' '));
  assert.deepEqual(d.lookup('sfz').map((c) => c.word), ['身份证']);
});

test('a full-pinyin match ranks before an initials match of the same letters', () => {
  const d = PinyinDictionary.from(new Map([['时间', 5], ['社会', 1]]), '');
  // "sh" is a prefix of shijian/shehui (full pinyin) and also the initials of 社会 (s-h)
  const sh = d.lookup('sh').map((c) => c.word);
  assert.deepEqual(sh, ['时间', '社会']);
  const sj = d.lookup('sj').map((c) => c.word);
  assert.deepEqual(sj, ['时间']);
});

test('single characters answer every reading, and ü is typed as v', () => {
  const d = PinyinDictionary.from(new Map(), '行绿');
  assert.deepEqual(d.lookup('xing').map((c) => c.word), ['行']);
  assert.deepEqual(d.lookup('hang').map((c) => c.word), ['行']);
  assert.deepEqual(d.lookup('lv').map((c) => c.word), ['绿']);
  assert.ok(COMMON_CHARS.length > 500);
});

test('bounded: non-letters, upper case, overlong input and non-Han words give nothing', () => {
  const d = PinyinDictionary.from(new Map([['社保', 1], ['ABC', 9], ['社保2', 9]]));
  for (const bad of ['', 'SB', 's b', 'sb1', 'a'.repeat(MAX_PINYIN + 1)]) assert.deepEqual(d.lookup(bad), [], bad);
  assert.equal(d.lookup('sb', 1).length, 1);
  assert.ok(!d.lookup('abc').some((c) => c.word === 'ABC'));
});
