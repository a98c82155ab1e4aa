// Shell: reads the worksheet holding table 三 from an .xlsx (checked by its bytes, not its name) into
// the pure importer's grid (merged cells: the master's text, the rest empty).
import { checkUnpacked, DEFAULT_UNPACK_LIMITS, type UnpackLimits } from '../../platform/files/zip.ts';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/files/office-libs.ts';
import type { Grid } from './annual-import.ts';
import { reportStrings as s } from './reports.strings.ts';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The part of a worksheet read: published tables 三 and 二 take about 35 rows and 10 columns. */
/** What the workbook may hold once unpacked: a table 三 workbook is well under 1 MB. */
export const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
export const UNPACK_LIMITS: UnpackLimits = { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes: MAX_UNPACKED_BYTES };
export const MAX_ROWS = 2000;
export const MAX_COLS = 100;

export class ReportFileError extends Error {
  constructor(message: string, readonly code = 'file_invalid') {
    super(message);
  }
}

export const isXlsx = (buf: Buffer) => buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

function text(cell: ExcelJS.Cell, formula: ExcelJS.ValueType): string {
  // A formula's saved result. exceljs drops a result of 0 from `cell.value` (Excel saves
  // <f>SUM(…)</f><v>0</v> for every zero total), so read the cell's own `result`; a formula saved
  // without a result (scripts, openpyxl) shows as its text, which the importer names as not a number.
  if (cell.type === formula) {
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

/** The first worksheet mentioning `needle` (table 三: 本年新收), as a grid. */
export async function gridFromXlsx(buf: Buffer, needle = '本年新收'): Promise<Grid> {
  if (buf.length > MAX_UPLOAD_BYTES) throw new ReportFileError(s.errors.tooLarge);
  // Before exceljs sees it: a workbook that unpacks past 20 MB (or 100 times its size) is refused.
  const unpacked = await checkUnpacked(buf, UNPACK_LIMITS);
  if (!unpacked.ok) throw new ReportFileError(unpacked.code === 'zip_bomb' ? s.errors.unpackedTooLarge : s.errors.fileUnreadable, unpacked.code);
  if (!isXlsx(buf)) throw new ReportFileError(s.errors.fileType, 'file_type_unsupported');
  const XL = await loadExcel();
  const wb = new XL.Workbook();
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
        if (cell && cell.value !== null && cell.value !== undefined) out[col - 1] = cell.isMerged && cell.master !== cell ? '' : text(cell, XL.ValueType.Formula);
      }
      grid[n - 1] = Array.from(out, (c) => c ?? '');
    }
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    if (grid.some((r) => r.some((c) => c.includes(needle)))) return grid;
  }
  throw new ReportFileError(needle === '本年新收' ? s.errors.noSheet : s.errors.noFigures);
}
