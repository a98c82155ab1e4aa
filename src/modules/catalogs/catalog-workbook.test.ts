// The district workbook's sheet names (Excel's rules: ≤ 31 characters, no \ / ? * [ ] :, no
// apostrophe at either end, unique ignoring case, 目录 taken by the index) and its 目录 sheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INDEX_HEADER, INDEX_SHEET_NAME, indexGrid, shortOrgName, workbookSheetNames } from './catalog-sheet.ts';

test('short organisation names drop the suffix of their kind and the district prefix', () => {
  assert.equal(shortOrgName('赤岗街道办事处', '广州市海珠区人民政府'), '赤岗街道');
  assert.equal(shortOrgName('海珠区人民政府', '海珠区人民政府'), '海珠区');
  assert.equal(shortOrgName('海珠区来穗人员服务管理局', '海珠区人民政府'), '来穗人员服务管理局');
  assert.equal(shortOrgName('荔园社区居民委员会', '龙华街道办事处'), '荔园社区');
  assert.equal(shortOrgName('人民政府'), '人民政府', 'never empty');
});

test('sheet names are valid, at most 31 characters, unique ignoring case, and keep the domain', () => {
  const names = workbookSheetNames([
    { orgName: '赤岗街道办事处', domainName: '户籍管理' },
    { orgName: '赤岗街道办事处', domainName: '社会救助' },
    { orgName: '海珠区某某某某某某某某某某某某某某某某某某某某某某某某局', domainName: '公共法律服务' },
    { orgName: '海珠区某某某某某某某某某某某某某某某某某某某某某某某某局', domainName: '公共法律服务' },
    { orgName: "A/B:C*D?[E]'", domainName: 'x' },
    { orgName: 'a/b:c*d?[e]', domainName: 'X' },
    { orgName: '', domainName: '目录' },
    { orgName: '𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀', domainName: '户籍管理' },
  ], '广州市海珠区人民政府');
  assert.equal(names[0], '赤岗街道-户籍管理');
  assert.equal(names[1], '赤岗街道-社会救助');
  assert.ok(names[2]!.endsWith('-公共法律服务') && names[2]!.length === 31, names[2]);
  assert.ok(names[3]!.endsWith('-公共法律服务(2)') && names[3]!.length <= 31, names[3]);
  for (const n of names) {
    assert.ok(n.length >= 1 && n.length <= 31, n);
    assert.doesNotMatch(n, /[\\/?*[\]:]/);
    assert.doesNotMatch(n, /^'|'$/);
    assert.doesNotMatch(n, /[\uD800-\uDBFF]$/, 'no half of a surrogate pair');
  }
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length, 'unique ignoring case');
  assert.ok(!names.some((n) => n === INDEX_SHEET_NAME), 'the 目录 sheet keeps its name');
});

test('the 目录 sheet lists every catalogue sheet with a total', () => {
  const g = indexGrid('海珠区政务公开事项标准目录（一本通）', [
    { sheetName: '赤岗街道-户籍管理', orgName: '赤岗街道办事处', orgCode: '440105001', domainName: '户籍管理', title: 't1', versionNo: 1, publishedOn: '2026-01-05', items: 4 },
    { sheetName: '赤岗街道-社会救助', orgName: '赤岗街道办事处', orgCode: '440105001', domainName: '社会救助', title: 't2', versionNo: 2, publishedOn: '2026-01-06', items: 7 },
  ]);
  assert.equal(g.name, INDEX_SHEET_NAME);
  assert.deepEqual(g.cells[1], INDEX_HEADER);
  assert.deepEqual(g.cells[3], ['2', '赤岗街道-社会救助', '赤岗街道办事处', '440105001', '社会救助', 't2', '第2版', '2026-01-06', '7']);
  assert.deepEqual(g.cells.at(-1), ['', '合计', '1个单位', '', '', '2个目录', '', '', '11']);
});
