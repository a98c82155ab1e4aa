// Shell: a board table from an uploaded file — .xlsx (the first non-empty sheet, through exceljs)
// or .csv (UTF-8 or GB18030) — after the ZIP guard (checkUnpacked) and a size bound, before any
// parser sees the bytes. Answers the grid of cell texts or a refusal message.
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/files/office-libs.ts';
import { decodeText, parseCsv } from '../../platform/csv/csv.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { MAX_ROWS, numberText } from './board-templates.ts';
import { boardStrings as s } from './boards.strings.ts';

export const MAX_TABLE_FILE = 2 * 1024 * 1024;
/** The part of a sheet read: a table holds at most MAX_ROWS (500) rows and a few dozen columns, with a heading above. */
export const MAX_SHEET_ROWS = MAX_ROWS + 20;
export const MAX_SHEET_COLS = 60;

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return v.result === undefined || v.result === null ? '' : typeof v.result === 'number' ? numberText(v.result) : v.result instanceof Date ? v.result.toISOString().slice(0, 10) : String(v.result);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return numberText(v);
  return String(v);
}

export async function readTableFile(buf: Buffer): Promise<{ cells: string[][] } | { error: string }> {
  if (buf.length > MAX_TABLE_FILE) return { error: s.errors.fileTooLarge };
  const verdict = await checkUnpacked(buf);
  if (!verdict.ok) return { error: verdict.message };
  if (verdict.zip) {
    const wb = new (await loadExcel()).Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      return { error: s.errors.fileUnreadable };
    }
    for (const ws of wb.worksheets) {
      const cells: string[][] = [];
      // At most MAX_SHEET_ROWS + 1 filled rows × MAX_SHEET_COLS, looked up without creating cells: eachCell
      // with includeEmpty builds a Cell for every column up to the last used one, so one value in
      // column XFD on a few thousand rows (a small file) exhausted the heap (as in reports/report-files.ts).
      // Rows are counted when they hold something, so blank rows never push data out of reach; past
      // MAX_SHEET_ROWS the table is refused anyway (more than MAX_ROWS rows).
      for (let n = 1; n <= ws.rowCount && cells.length <= MAX_SHEET_ROWS; n++) {
        const row = ws.findRow(n);
        if (!row || !row.hasValues) continue;
        const out: string[] = [];
        for (let col = 1; col <= Math.min(MAX_SHEET_COLS, row.cellCount); col++) {
          const cell = row.findCell(col);
          if (cell && cell.value !== null && cell.value !== undefined) out[col - 1] = cellText(cell);
        }
        cells.push(Array.from(out, (c) => c ?? ''));
      }
      if (cells.some((r) => r.some((c) => c.trim()))) return { cells };
    }
    return { error: s.errors.fileEmpty };
  }
  if (buf.includes(0)) return { error: s.errors.fileUnreadable };
  return { cells: parseCsv(decodeText(buf)) };
}
