import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { gridFromXlsx, MAX_COLS, MAX_UNPACKED_BYTES, ReportFileError, UNPACK_LIMITS } from './report-files.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
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

/** A one-entry zip whose entry declares `declared` bytes unpacked but holds `content`. */
function zipOf(name: string, content: Buffer, declared: number): Buffer {
  const data = deflateRawSync(content);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(declared, 22); local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(declared, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(0, 42);
  const cdAt = 30 + n.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10); eocd.writeUInt32LE(46 + n.length, 12); eocd.writeUInt32LE(cdAt, 16);
  return Buffer.concat([local, n, data, central, n, eocd]);
}

test('XLSX: a small file that unpacks past the limit (a zip bomb, its sizes declared small) is refused before it is unpacked', async () => {
  const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(MAX_UNPACKED_BYTES + 1024, 0x20), 100);
  assert.ok(bomb.length < 100_000, `${bomb.length} bytes`);
  assert.equal((await checkUnpacked(bomb, UNPACK_LIMITS)).ok, false);
  await assert.rejects(gridFromXlsx(bomb), (e: Error) => e instanceof ReportFileError && e.code === 'zip_bomb' && /解压后过大.*20 MB/.test(e.message));
  assert.equal((await checkUnpacked(zipOf('a.xml', Buffer.from('<a/>'), 4), UNPACK_LIMITS)).ok, true);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('表三').getCell('A1').value = '本年新收';
  assert.equal((await checkUnpacked(Buffer.from(await wb.xlsx.writeBuffer()), UNPACK_LIMITS)).ok, true, 'an ordinary workbook');
});
