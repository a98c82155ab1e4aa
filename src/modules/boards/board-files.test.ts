// A board table read from .xlsx: only the part a table can use is read, so a small workbook with a
// value in the last column (XFD) on many rows neither exhausts memory nor widens the grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { MAX_SHEET_COLS, readTableFile } from './board-files.ts';

test('a value in column XFD on every row: the grid stays within the columns a table can use, the table cells are kept', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表');
  ws.getRow(1).values = ['姓名', '金额'];
  for (let r = 2; r <= 400; r++) {
    ws.getCell(r, 1).value = `张${r}`;
    ws.getCell(r, 2).value = r;
    ws.getCell(r, 16384).value = 'x';
  }
  ws.getCell(1000, 1).value = '末行'; // after 599 blank rows: still read
  const r = await readTableFile(Buffer.from(await wb.xlsx.writeBuffer()));
  assert.ok('cells' in r, 'error' in r ? r.error : '');
  assert.equal(r.cells.length, 401);
  assert.ok(r.cells.every((row) => row.length <= MAX_SHEET_COLS), 'no row wider than the columns read');
  assert.deepEqual(r.cells[1], ['张2', '2']);
  assert.deepEqual(r.cells[400], ['末行']);
});
