import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { levelOfCode, parseRegionCsv } from './region-csv.ts';

test('levels follow where the trailing zeros start', () => {
  assert.equal(levelOfCode('130000000000'), 'province');
  assert.equal(levelOfCode('130400000000'), 'city');
  assert.equal(levelOfCode('130427000000'), 'county');
  assert.equal(levelOfCode('130427100000'), 'township');
  assert.equal(levelOfCode('130427100201'), 'village');
});

test('the bundled 磁县 file parses with 11 townships and 259 villages', () => {
  const { rows, errors } = parseRegionCsv(fs.readFileSync('seed/regions/130427.csv', 'utf8'));
  assert.deepEqual(errors, []);
  assert.equal(rows.filter((r) => r.level === 'township').length, 11);
  assert.equal(rows.filter((r) => r.level === 'village').length, 259);
});

test('every bad line is reported with its number, and nothing is kept as valid', () => {
  const text = [
    'code,name,level,parent_code',
    '130000000000,河北省,province,',
    '13040000000,邯郸市,city,130000000000',
    '130400000000,邯郸市,county,130000000000',
    '130427000000,磁县,county,130000000000',
    '130000000000,河北省,province,',
  ].join('\n');
  const { errors } = parseRegionCsv(text);
  assert.equal(errors.length, 4);
  assert.match(errors[0] ?? '', /^第 3 行：区划代码必须是 12 位数字/);
  assert.match(errors[1] ?? '', /^第 4 行：.*与填写的 county 不符/);
  assert.match(errors[2] ?? '', /^第 5 行：上级代码应为 130400000000/);
  assert.match(errors[3] ?? '', /^第 6 行：代码 130000000000 重复/);
});

test('a wrong header is refused', () => {
  assert.deepEqual(parseRegionCsv('a,b\n1,2').errors, ['第 1 行：表头必须是 code,name,level,parent_code']);
});

test('quoted names with commas are read', () => {
  const { rows, errors } = parseRegionCsv('code,name,level,parent_code\n990000000000,"甲,乙",province,\n');
  assert.deepEqual(errors, []);
  assert.equal(rows[0]?.name, '甲,乙');
});
