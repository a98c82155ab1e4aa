import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { gridFromXlsx, MAX_COLS } from './report-files.ts';
import { table3FromGrid, columnLetter } from './annual-import.ts';
import { TABLE3_ROWS } from './annual-format.ts';

const where = (r: number, c: number) => `第${r + 1}行${columnLetter(c + 1)}列`;

test('XLSX: a formula saved without its result (openpyxl, scripts) is named, not taken for an empty cell; error cells show their code', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表三');
  ws.addRow(['', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
  TABLE3_ROWS.forEach((r) => {
    const row = ws.addRow([r.label, 0, 0, 0, 0, 0, 0]);
    row.getCell(8).value = r.key === 'new' ? { formula: `SUM(B${row.number}:G${row.number})`, result: 0 } : r.key === 'carried_in' ? { error: '#REF!' } : { formula: `SUM(B${row.number}:G${row.number})` } as ExcelJS.CellValue;
  });
  const grid = await gridFromXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
  const r = table3FromGrid(grid, where);
  assert.equal(r.ok, false);
  const errors = !r.ok ? r.errors : [];
  assert.ok(!errors.some((e) => /缺少行/.test(e)), errors.join('\n'));
  assert.ok(errors.includes('第4行H列（「（一）予以公开」行「总计」列）：「=SUM(B4:G4)」不是非负整数'), errors.join('\n'));
  assert.ok(errors.includes('第3行H列（「二、上年结转政府信息公开申请数量」行「总计」列）：「#REF!」不是非负整数'), errors.join('\n'));
  assert.ok(!errors.some((e) => /第2行H列/.test(e)), 'a formula with its saved result reads as the number');
});

test('XLSX: a table 三 whose 总计 column is SUM formulas (saved results, most of them 0, as Excel and WPS save them) imports', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表三');
  ws.addRow(['', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
  const one = new Set(['new', 'disclose', 'total']);
  TABLE3_ROWS.forEach((r) => {
    const v = one.has(r.key) ? 1 : 0;
    const row = ws.addRow([r.label, v, 0, 0, 0, 0, 0]);
    row.getCell(8).value = { formula: `SUM(B${row.number}:G${row.number})`, result: v } as ExcelJS.CellValue;
  });
  const r = table3FromGrid(await gridFromXlsx(Buffer.from(await wb.xlsx.writeBuffer())), where);
  assert.ok(r.ok, !r.ok ? r.errors.join('\n') : '');
  assert.deepEqual(r.table[0], [1, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(r.table[1], [0, 0, 0, 0, 0, 0, 0]);
});

test('XLSX: values far to the right (column XFD) or far down are not read cell by cell; the table still imports', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表三');
  ws.addRow(['', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
  TABLE3_ROWS.forEach((r) => ws.addRow([r.label, 0, 0, 0, 0, 0, 0, 0]));
  for (let i = 40; i < 340; i++) ws.getCell(`XFD${i}`).value = 1;
  ws.getCell('A5000').value = '表外备注';
  const grid = await gridFromXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
  assert.ok(grid.every((row) => row.length <= MAX_COLS), 'no row read past the column limit');
  assert.ok(grid.length < 5000);
  const r = table3FromGrid(grid, where);
  assert.ok(r.ok, !r.ok ? r.errors.join('\n') : '');
});
