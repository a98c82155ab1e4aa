// Shell: reads the worksheet holding table 三 from an .xlsx (checked by its bytes, not its name) into
// the pure importer's grid (merged cells: the master's text, the rest empty).
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Grid } from './annual-import.ts';
import { reportStrings as s } from './reports.strings.ts';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The part of a worksheet read: published tables 三 and 二 take about 35 rows and 10 columns. */
/** What the workbook may hold once unpacked: a table 三 workbook is well under 1 MB. */
export const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
export const MAX_ROWS = 2000;
export const MAX_COLS = 100;

export class ReportFileError extends Error {}

export const isXlsx = (buf: Buffer) => buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

function text(cell: ExcelJS.Cell): string {
  // A formula's saved result. exceljs drops a result of 0 from `cell.value` (Excel saves
  // <f>SUM(…)</f><v>0</v> for every zero total), so read the cell's own `result`; a formula saved
  // without a result (scripts, openpyxl) shows as its text, which the importer names as not a number.
  if (cell.type === ExcelJS.ValueType.Formula) {
    const r = cell.result as unknown;
    if (r === undefined || r === null) return `=${cell.formula ?? ''}`;
    if (typeof r === 'object' && 'error' in r) return String((r as { error: unknown }).error);
    return r instanceof Date ? r.toISOString().slice(0, 10) : String(r);
  }
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'error' in v) return String(v.error);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/**
 * Whether the zip's entries unpack to at most `limit` bytes in all — by inflating each one with a
 * bounded output (the sizes the zip declares may lie), so a 5 MB "zip bomb" is refused before
 * exceljs unpacks it into memory. False for anything that is not a plain (non-Zip64) zip.
 */
export function unpacksWithin(buf: Buffer, limit: number): boolean {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) return false;
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let left = limit;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return false;
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const local = buf.readUInt32LE(at + 42);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return false;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) return false;
    const data = buf.subarray(start, start + compressed);
    if (method === 0) left -= data.length;
    else if (method === 8) {
      try {
        left -= inflateRawSync(data, { maxOutputLength: Math.max(left, 1) }).length;
      } catch {
        return false;
      }
    } else return false;
    if (left < 0) return false;
  }
  return true;
}

/** The first worksheet mentioning `needle` (table 三: 本年新收), as a grid. */
export async function gridFromXlsx(buf: Buffer, needle = '本年新收'): Promise<Grid> {
  if (buf.length > MAX_UPLOAD_BYTES) throw new ReportFileError(s.errors.tooLarge);
  if (!isXlsx(buf)) throw new ReportFileError(s.errors.fileType);
  if (!unpacksWithin(buf, MAX_UNPACKED_BYTES)) throw new ReportFileError(s.errors.unpackedTooLarge);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new ReportFileError(s.errors.fileUnreadable);
  }
  for (const ws of wb.worksheets) {
    const grid: Grid = [];
    // Only the first MAX_ROWS × MAX_COLS, looked up without creating cells: asking exceljs for the
    // empty cells builds a Cell object for every column up to the last used one — one value in
    // column XFD on a few thousand rows (a 27 KB file) exhausted the server's memory.
    for (let n = 1; n <= Math.min(MAX_ROWS, ws.rowCount); n++) {
      const row = ws.findRow(n);
      if (!row) continue;
      const out: string[] = [];
      for (let col = 1; col <= Math.min(MAX_COLS, row.cellCount); col++) {
        const cell = row.findCell(col);
        if (cell && cell.value !== null && cell.value !== undefined) out[col - 1] = cell.isMerged && cell.master !== cell ? '' : text(cell);
      }
      grid[n - 1] = Array.from(out, (c) => c ?? '');
    }
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    if (grid.some((r) => r.some((c) => c.includes(needle)))) return grid;
  }
  throw new ReportFileError(needle === '本年新收' ? s.errors.noSheet : s.errors.noFigures);
}
