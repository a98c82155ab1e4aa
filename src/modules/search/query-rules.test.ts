import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkQuery, parseIntIn, parseRecent, parseRegion, parseType } from './query-rules.ts';
import { synonymMap } from './synonyms.ts';
import { GENERAL_SYNONYMS } from './dictionary.ts';

test('queries: control characters stripped, over 100 characters refused in Chinese', () => {
  assert.deepEqual(checkQuery('  社保\u0000查询\u001b '), { ok: true, q: '社保 查询' });
  const long = checkQuery('x'.repeat(10_000));
  assert.equal(long.ok, false);
  assert.ok(!long.ok && long.code === 'query_too_long' && /搜索词过长/.test(long.message));
  assert.equal(checkQuery('😀'.repeat(100)).ok, true); // 100 characters, not 200 UTF-16 units
});

test('parameters', () => {
  assert.equal(parseType('item'), 'item');
  assert.equal(parseType('x'), 'invalid');
  assert.equal(parseType(undefined), null);
  assert.equal(parseRegion('130427'), '130427');
  assert.equal(parseRegion('13a'), 'invalid');
  assert.equal(parseIntIn('', 1, 50, 10), 10);
  assert.equal(parseIntIn('51', 1, 50, 10), 'invalid');
  assert.equal(parseIntIn('-1', 0, 50, 10), 'invalid');
  assert.deepEqual(parseRecent('社保|公积金||' + 'x'.repeat(40)), ['社保', '公积金', 'x'.repeat(20)]);
});

test('synonym groups work both ways; the general dictionary covers the common abbreviations', () => {
  const m = synonymMap([['社会保险', '社保'], ['住房公积金', '公积金']]);
  assert.deepEqual(m.get('社保'), ['社会保险']);
  assert.deepEqual(m.get('社会保险'), ['社保']);
  const g = synonymMap(GENERAL_SYNONYMS);
  for (const [abbr, full] of [['社保', '社会保险'], ['公积金', '住房公积金'], ['身份证', '居民身份证'], ['低保', '最低生活保障'], ['医保', '医疗保险'], ['执照', '营业执照']] as const) assert.ok(g.get(abbr)?.includes(full), abbr);
});
