// Shell: a board table from an uploaded file — .xlsx (the first non-empty sheet, through exceljs)
// or .csv (UTF-8 or GB18030) — after the ZIP guard (checkUnpacked) and a size bound, before any
// parser sees the bytes. Answers the grid of cell texts or a refusal message.
import ExcelJS from 'exceljs';
import { decodeText, parseCsv } from '../../platform/csv/csv.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { numberText } from './board-templates.ts';
import { boardStrings as s } from './boards.strings.ts';

export const MAX_TABLE_FILE = 2 * 1024 * 1024;

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
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      return { error: s.errors.fileUnreadable };
    }
    for (const ws of wb.worksheets) {
      const cells: string[][] = [];
      ws.eachRow({ includeEmpty: false }, (row) => {
        const out: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => { out[col - 1] = cellText(cell); });
        cells.push(Array.from(out, (c) => c ?? ''));
      });
      if (cells.some((r) => r.some((c) => c.trim()))) return { cells };
    }
    return { error: s.errors.fileEmpty };
  }
  if (buf.includes(0)) return { error: s.errors.fileUnreadable };
  return { cells: parseCsv(decodeText(buf)) };
}
