import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { gridFromHtml, GridTooLargeError, MAX_GRID_CELLS, table3FromGrid, normalizeLabel } from './annual-import.ts';
import { computeTable3 } from './annual-tables.ts';
import { Table3View } from './views/report-body.tsx';
import { sampleReport } from '../../../test/fixtures/annual-report.ts';
import { FIXTURE } from '../../../test/fixtures/annual-cases.ts';

const where = (r: number, c: number) => `第${r + 1}行第${c + 1}格`;

test('a table 三 as published HTML (merged cells) reads back to the same numbers', () => {
  const html = `<p>三、收到和处理政府信息公开申请情况</p>${renderToString(h(Table3View, { report: sampleReport() }))}<p>四、…</p>`;
  const grid = gridFromHtml(html);
  assert.ok(grid);
  const r = table3FromGrid(grid, where);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(r.table, computeTable3(FIXTURE, 2025));
});

test('hand-written HTML with half-width brackets, spaces and entities', () => {
  const rows = [
    ['一、本年新收政府信息公开申请数量', '2 0 0 0 0 0 2'], ['二、上年结转政府信息公开申请数量', '0 0 0 0 0 0 0'],
    ['(一)予以公开', '1 0 0 0 0 0 1'], ['(二)部分公开(区分处理的，只计这一情形，不计其他情形)', '0 0 0 0 0 0 0'],
    ...['1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及&ldquo;三安全一稳定&rdquo;', '4.保护第三方合法权益', '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项',
      '1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确', '1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息',
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '3.其他'].map((l) => [l, '0 0 0 0 0 0 0']),
    ['（七）总计', '1 0 0 0 0 0 1'], ['四、结转下年度继续办理', '1 0 0 0 0 0 1'],
  ];
  const html = `<table><tr><td>x</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>${rows.map(([l, v]) => `<tr><td>${l}</td>${(v as string).split(' ').map((n) => `<td>&nbsp;${n} </td>`).join('')}</tr>`).join('')}</table>`;
  const r = table3FromGrid(gridFromHtml(html)!, where);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(r.table[0], [2, 0, 0, 0, 0, 0, 2]);
  assert.equal(normalizeLabel('(三) 不予公开'), '（三）不予公开');
});

test('errors name the row and column; nothing is imported', () => {
  const good = renderToString(h(Table3View, { report: sampleReport() }));
  const bad = good.replace(/(<th[^>]*>2\.重复申请<\/th>)<td>0<\/td>/, '$1<td>一</td>').replace('3.要求提供公开出版物', '3.要求提供出版物');
  const r = table3FromGrid(gridFromHtml(bad)!, where);
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.ok(r.errors.some((e) => /第\d+行第4格（「2\.重复申请」行「自然人」列）：「一」不是非负整数/.test(e)), r.errors.join('\n'));
  assert.ok(r.errors.some((e) => /无法识别的行标题「3\.要求提供出版物」/.test(e)), r.errors.join('\n'));
  assert.ok(r.errors.includes('缺少行「3.要求提供公开出版物」'));
});

test('numbers that break 一 + 二 = 三（七） + 四 are refused with the column', () => {
  const html = renderToString(h(Table3View, { report: sampleReport() })).replace(/(四、结转下年度继续办理<\/th>)<td>1<\/td>/, '$1<td>5</td>');
  const r = table3FromGrid(gridFromHtml(html)!, where);
  assert.ok(!r.ok);
  assert.ok(r.errors.some((e) => /数据不符合勾稽关系：.*「自然人」列/.test(e)), r.errors.join('\n'));
});

test('no table 三 in the pasted HTML', () => {
  assert.equal(gridFromHtml('<table><tr><td>无关</td></tr></table>'), null);
});

test('table 二 figures from a published table (HTML), with cell-precise errors', async () => {
  const { figuresFromGrid } = await import('./annual-import.ts');
  const { Table2View } = await import('./views/report-body.tsx');
  const html = renderToString(h(Table2View, { report: sampleReport() }));
  const r = figuresFromGrid(gridFromHtml(html, '行政许可')!, where);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(r.figures, { licensing: 1520, penalty: 86, coercion: 4, feesWan: '12.6' });
  const bad = figuresFromGrid(gridFromHtml(html.replace(/<td colspan="3">86<\/td>/, '<td colspan="3">八十六</td>').replace(/<tr><th scope="row">行政强制<\/th>.*?<\/tr>/, ''), '行政许可')!, where);
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors, ['第10行第4格（「行政处罚」行）：「八十六」不是非负整数', '缺少行「行政强制」']);
});

test('a pasted table whose merged cells would expand past the cell limit is refused; unclosed tags are skipped', () => {
  const spans = `<table><tr><td>本年新收</td></tr>${'<tr><td rowspan="100" colspan="100">x</td></tr>'.repeat(300)}</table>`;
  assert.throws(() => gridFromHtml(spans), GridTooLargeError);
  const justUnder = `<table><tr><td>本年新收</td></tr>${'<tr><td colspan="100">x</td></tr>'.repeat(Math.floor(MAX_GRID_CELLS / 100) - 1)}</table>`;
  assert.equal(gridFromHtml(justUnder)?.length, MAX_GRID_CELLS / 100);
  // A cell tag never closed with '>' is no cell; stray '<' in a cell's text stay text.
  assert.deepEqual(gridFromHtml('<table><tr><td>本年新收</td><td a=1 <td>5 < 6</td></tr><tr><th>7</th></tr></table>'), [['本年新收', '5 < 6'], ['7']]);
});
