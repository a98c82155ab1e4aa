import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bodyHtml, buildRows, ownOf, checkEdit, defaultDocPrefix, docNumber, placeOf, quarterRange, rankRows, tableCells, totalsFrom, totalsOf, type BulletinContent, type Candidate, type EditInput,
} from './bulletin.ts';
import { bs } from './bulletin.strings.ts';

test('quarter ranges: first and last day, leap February', () => {
  assert.deepEqual(quarterRange(2026, 1), { from: '2026-01-01', to: '2026-03-31' });
  assert.deepEqual(quarterRange(2026, 2), { from: '2026-04-01', to: '2026-06-30' });
  assert.deepEqual(quarterRange(2026, 3), { from: '2026-07-01', to: '2026-09-30' });
  assert.deepEqual(quarterRange(2028, 4), { from: '2028-10-01', to: '2028-12-31' });
});

const ORGS = [{ code: 'a', name: '甲局', path: '/x/a/' }, { code: 'b', name: '乙局', path: '/x/b/' }, { code: 'c', name: '丙镇', path: '/x/c/' }];

test('rows: each unit\'s figures (problems found and rectified, on-time counts); a unit without figures has none', () => {
  const rows = buildRows(ORGS, [
    { orgCode: 'a', problems: { total: 2, onTime: 1 }, disclosures: { total: 10, onTime: 8 }, applications: null, messages: null, ratings: null },
    { orgCode: 'b', problems: { total: 1, onTime: 0 }, disclosures: null, applications: null, messages: { total: 5, onTime: 5 }, ratings: null },
    { orgCode: 'zz', problems: { total: 9, onTime: 9 }, disclosures: null, applications: null, messages: null, ratings: null },
  ]);
  const by = Object.fromEntries(rows.map((r) => [r.code, r]));
  assert.deepEqual([by.a!.found, by.a!.rectified, by.a!.disclosures], [2, 1, { total: 10, onTime: 8 }]);
  assert.deepEqual([by.b!.found, by.b!.rectified, by.b!.messages], [1, 0, { total: 5, onTime: 5 }]);
  assert.deepEqual([by.c!.found, by.c!.rectified, by.c!.disclosures, by.c!.score], [0, 0, null, null]);
  assert.equal(rows.length, 3, 'only the units listed');
  const totals = totalsOf(rows);
  assert.deepEqual([totals.found, totals.rectified, totals.disclosures, totals.messages], [3, 1, { total: 10, onTime: 8 }, { total: 5, onTime: 5 }]);
  assert.deepEqual(totalsFrom({ orgCode: 'root', problems: { total: 7, onTime: 3 }, disclosures: null, applications: { total: 2, onTime: 1 }, messages: null, ratings: null }),
    { found: 7, rectified: 3, disclosures: null, applications: { total: 2, onTime: 1 }, messages: null, ratings: null });
});

test('ranking: mean of the rates each unit has; ties share a rank; a unit with no figure is not ranked', () => {
  const base = { found: 0, rectified: 0, disclosures: null, applications: null, messages: null, ratings: null };
  const rows = rankRows([
    { ...base, code: 'a', name: '甲', disclosures: { total: 10, onTime: 9 }, applications: { total: 2, onTime: 2 } }, // 90, 100 → 95
    { ...base, code: 'b', name: '乙', disclosures: { total: 4, onTime: 4 }, found: 2, rectified: 1 }, // 100, 50 → 75
    { ...base, code: 'c', name: '丙', messages: { total: 20, onTime: 19 } }, // 95
    { ...base, code: 'd', name: '丁' },
    { ...base, code: 'e', name: '戊', disclosures: { total: 0, onTime: 0 } }, // nothing due: no rate
  ]);
  // ties ordered by name (丙 before 甲 in pinyin order), unranked last
  assert.deepEqual(rows.map((r) => [r.code, r.score, r.rank]), [['c', 95, 1], ['a', 95, 1], ['b', 75, 3], ['d', null, null], ['e', null, null]]);
});

test('发文字号, 机关代字 and the place of a government', () => {
  assert.equal(placeOf('磁县人民政府'), '磁县');
  assert.equal(placeOf('赤岗街道办事处'), '赤岗街道');
  assert.equal(defaultDocPrefix('磁县政务公开办'), '磁公开办');
  assert.equal(defaultDocPrefix('海珠区政务公开办'), '海公开办');
  assert.equal(docNumber('磁公开办', 2026, 3), '磁公开办〔2026〕3号');
});

const CANDIDATES: Candidate[] = [{ key: 'problem:WT-1', source: 'problem', ref: 'WT-1', title: '超期公开', orgName: '甲局' }];
const EDIT: EditInput = {
  title: '通报', docPrefix: '磁公开办', docSerial: '2', recipient: '各部门', dated: '2026-04-08', preamble: '', overview: '总体平稳', problems: '', nextSteps: '',
  good: [], bad: ['problem:WT-1'], goodText: '乙局做得好\n\n', badText: '',
};

test('edit checks: values trimmed, picks resolved, free-text examples one a line', () => {
  const r = checkEdit(EDIT, CANDIDATES, bs.errors);
  assert.ok(r.ok);
  assert.equal(r.value.docSerial, 2);
  assert.deepEqual(r.value.bad, [{ source: 'problem', ref: 'WT-1', title: '超期公开', orgName: '甲局' }]);
  assert.deepEqual(r.value.good.map((e) => [e.source, e.title]), [['text', '乙局做得好']]);
});

test('edit checks: a colon typed after the 主送机关 is dropped (the layout prints its own)', () => {
  const r = checkEdit({ ...EDIT, recipient: '磁县各部门、各乡镇（街道）： ' }, CANDIDATES, bs.errors);
  assert.ok(r.ok);
  assert.equal(r.value.recipient, '磁县各部门、各乡镇（街道）');
});

test('edit checks: each bad value named by its field in Chinese', () => {
  const r = checkEdit({ ...EDIT, title: ' ', docSerial: '0', dated: '2026-02-30', overview: '', bad: ['problem:WT-9'], docPrefix: 'x'.repeat(21) }, CANDIDATES, bs.errors);
  assert.ok(!r.ok);
  assert.deepEqual(Object.keys(r.errors).sort(), ['bad', 'dated', 'doc_prefix', 'doc_serial', 'overview', 'title']);
  assert.equal(r.errors.doc_serial, '发文序号应为 1 至 9999 的整数');
  assert.equal(r.errors.dated, '请输入有效日期，格式 YYYY-MM-DD');
});

test('本级: the totals beyond the rows are a line of their own before 合计, so the table adds up', () => {
  const rows = buildRows(ORGS.slice(0, 1), [{ orgCode: 'a', problems: { total: 2, onTime: 1 }, disclosures: { total: 4, onTime: 3 }, applications: null, messages: null, ratings: null }]);
  const totals = { found: 5, rectified: 1, disclosures: { total: 6, onTime: 4 }, applications: { total: 1, onTime: 1 }, messages: null, ratings: null };
  const own = ownOf(totals, rows);
  assert.deepEqual(own, { found: 3, rectified: 0, disclosures: { total: 2, onTime: 1 }, applications: { total: 1, onTime: 1 }, messages: null, ratings: null });
  const c = { rows, totals, own: { name: '磁县人民政府（本级）', ...own } } as unknown as BulletinContent;
  const cells = tableCells(c);
  assert.deepEqual(cells.map((r) => r[1]), ['甲局', '磁县人民政府（本级）', '合计']);
  assert.deepEqual(cells[1]!.slice(0, 6), ['—', '磁县人民政府（本级）', '3', '0', '0.0%', '50.0%']);
  // nothing of its own: no line (older bulletins have no own at all)
  assert.equal(tableCells({ ...c, own: { name: 'x', ...ownOf(totalsOf(rows), rows) } }).length, 2);
  assert.equal(tableCells({ ...c, own: undefined }).length, 2);
});

test('the annex table and the HTML body: same cells, text escaped, totals row', () => {
  const rows = buildRows(ORGS.slice(0, 1), [{ orgCode: 'a', problems: { total: 1, onTime: 1 }, disclosures: { total: 8, onTime: 6 }, applications: null, messages: null, ratings: null }]);
  const c: BulletinContent = {
    version: 1, office: { code: 'o', name: '磁县政务公开办' }, scope: { code: 's', name: '磁县' }, year: 2026, quarter: 1, from: '2026-01-01', to: '2026-03-31', generatedAt: '2026-04-01T00:00:00Z',
    docPrefix: '磁公开办', docSerial: 1, recipient: '各部门', dated: '2026-04-08', rows, totals: totalsOf(rows), good: [], bad: [{ source: 'text', ref: '', title: '<b>某局</b>', orgName: '' }],
    texts: { preamble: '导语', overview: '总体', problems: '问题', nextSteps: '要求' },
  };
  const cells = tableCells(c);
  assert.deepEqual(cells[0], ['1', '甲局', '1', '1', '100.0%', '75.0%', '—', '—', '—', '87.5']);
  assert.deepEqual(cells[1]!.slice(0, 6), ['', '合计', '1', '1', '100.0%', '75.0%']);
  const html = bodyHtml(c);
  assert.doesNotMatch(html, /磁公开办〔2026〕1号/, 'the 文号 is the record\'s own field, printed once by the record page');
  assert.match(html, /^<p>各部门：<\/p>/);
  assert.match(html, /&lt;b&gt;某局&lt;\/b&gt;/);
  assert.doesNotMatch(html, /<b>/);
  assert.match(html, /<td>87.5<\/td>/);
  assert.match(html, /2026年4月8日/);
  // sub-headings restart in each section (GB/T 9704): the bad examples are the first of 二、
  assert.match(html, /<h2>二、存在问题<\/h2><p>问题<\/p><h3>（一）存在问题的典型<\/h3>/);
});
