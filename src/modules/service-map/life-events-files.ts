// Shell: a life-event set from an uploaded file — .xlsx (the first sheet with data, through exceljs,
// after the ZIP guard checkUnpacked and a size bound) or .jsonl (UTF-8, one object a line: one
// stage-item link, or one stage with lists) — as import rows; and the export of a set as .xlsx
// with the same columns (what is exported imports back unchanged).
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/files/office-libs.ts';
import { checkUnpacked, DEFAULT_UNPACK_LIMITS } from '../../platform/files/zip.ts';
import { COLUMNS, columnOf, docToRows, LIMITS, type ColumnKey, type ImportRow, type RowError, type SetDoc } from './life-events-model.ts';
import { lifeEventStrings as s } from './life-events.strings.ts';

export const MAX_LIFE_EVENT_FILE = 2 * 1024 * 1024;
/** A sheet of this file has 6 columns and at most LIMITS.rows rows: the unpacked workbook stays small. */
const UNPACK = { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes: 64 * 1024 * 1024, maxEntries: 200, maxDepth: 1 };
const MAX_COLS = 20;

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** The rows read, and lines that are not JSON objects (JSONL; reported by row with the others). */
export type ReadResult = { rows: ImportRow[]; errors: RowError[] } | { error: string };

/** The rows of an uploaded file (xlsx or jsonl), or why it cannot be read. */
export async function readLifeEventFile(buf: Buffer): Promise<ReadResult> {
  if (buf.length === 0) return { error: s.errors.fileRequired };
  if (buf.length > MAX_LIFE_EVENT_FILE) return { error: s.errors.fileTooLarge };
  const verdict = await checkUnpacked(buf, UNPACK);
  if (!verdict.ok) return { error: verdict.message };
  return verdict.zip ? readXlsx(buf) : readJsonl(buf);
}

async function readXlsx(buf: Buffer): Promise<ReadResult> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return { error: s.errors.fileUnreadable };
  }
  for (const ws of wb.worksheets) {
    const grid: { row: number; cells: string[] }[] = [];
    for (let n = 1; n <= ws.rowCount && grid.length <= LIMITS.rows + 1; n++) {
      const row = ws.findRow(n);
      if (!row || !row.hasValues) continue;
      const cells: string[] = [];
      for (let col = 1; col <= Math.min(MAX_COLS, row.cellCount); col++) {
        const cell = row.findCell(col);
        cells[col - 1] = cell ? cellText(cell).trim() : '';
      }
      const filled = Array.from(cells, (c) => c ?? '');
      if (filled.some(Boolean)) grid.push({ row: n, cells: filled });
    }
    if (!grid.length) continue;
    if (grid.length > LIMITS.rows + 1) return { error: s.errors.tooManyRows(LIMITS.rows) };
    const header = (grid[0] as { cells: string[] }).cells;
    const keys = header.map((h) => (h ? columnOf(h) : null));
    const unknown = header.filter((h, i) => h && !keys[i]);
    if (unknown.length) return { error: s.errors.headerUnknown(unknown.slice(0, 6).join('、')) };
    const missing = (['audience', 'stage'] as const).filter((k) => !keys.includes(k)).map((k) => COLUMNS.find((c) => c.key === k)?.header);
    if (missing.length) return { error: s.errors.header(missing.join('、')) };
    return {
      errors: [],
      rows: grid.slice(1).map((g) => ({ row: g.row, values: Object.fromEntries(keys.flatMap((k, i) => (k ? [[k, g.cells[i] ?? '']] : []))) as Partial<Record<ColumnKey, string>> })),
    };
  }
  return { error: s.errors.fileEmpty };
}

function readJsonl(buf: Buffer): ReadResult {
  if (buf.includes(0)) return { error: s.errors.fileUnreadable };
  let textAll: string;
  try {
    textAll = new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return { error: s.errors.fileUnreadable };
  }
  const lines = textAll.split(/\r?\n/);
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  for (const [k, line] of lines.entries()) {
    if (!line.trim()) continue;
    if (rows.length + errors.length >= LIMITS.rows) return { error: s.errors.tooManyRows(LIMITS.rows) };
    let obj: unknown;
    try { obj = JSON.parse(line); } catch { obj = null; }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) { errors.push({ row: k + 1, message: s.errors.jsonLine }); continue; }
    const values: Partial<Record<ColumnKey, string | string[]>> = {};
    for (const [name, v] of Object.entries(obj as Record<string, unknown>)) {
      const key = columnOf(name);
      if (!key) continue;
      if (Array.isArray(v)) values[key] = v.slice(0, LIMITS.itemsPerStage + 1).map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : ''));
      else if (typeof v === 'string' || typeof v === 'number') values[key] = String(v);
    }
    rows.push({ row: k + 1, values });
  }
  return { rows, errors };
}

/** The set as an .xlsx workbook (one sheet, the import columns). */
export async function exportLifeEvents(doc: SetDoc, title: string): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31) || '生命周期场景');
  for (const r of docToRows(doc)) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => { c.width = [8, 14, 14, 40, 24, 40][i] ?? 16; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
