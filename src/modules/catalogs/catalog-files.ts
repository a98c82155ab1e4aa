// Shell: catalogue files — .xlsx through exceljs and .csv (UTF-8 or GB18030, as Excel saves it) —
// to and from the pure Grid of catalog-sheet.ts. Checks the file's bytes, not its name.
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/files/office-libs.ts';
import { checkUnpacked, DEFAULT_UNPACK_LIMITS, type UnpackLimits } from '../../platform/files/zip.ts';
import { decodeText, parseCsv } from '../../platform/csv/csv.ts';
import type { Grid, Merge } from './catalog-sheet.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** What an imported workbook may unpack to (a 10,000-row catalogue is about 10 MB unpacked). */
export const MAX_UNPACKED_BYTES = 300 * 1024 * 1024;
export const UNPACK_LIMITS: UnpackLimits = { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes: MAX_UNPACKED_BYTES };

export class CatalogFileError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

export type FileKind = 'xlsx' | 'csv';

/** What a file really is, from its first bytes. */
export function sniff(buf: Buffer): FileKind {
  checkSize(buf);
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    throw new CatalogFileError('file_xls_unsupported', '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入');
  }
  const text = decodeText(buf);
  const sample = text.slice(0, 4096);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(sample) || !/[,\n]/.test(sample)) {
    throw new CatalogFileError('file_type_unsupported', '文件不是 .xlsx 或 .csv 格式的目录表，请使用导出的模板');
  }
  return 'csv';
}

function checkSize(buf: Buffer): void {
  if (buf.length === 0) throw new CatalogFileError('file_empty', '文件是空的');
  if (buf.length > MAX_IMPORT_BYTES) throw new CatalogFileError('file_too_large', `文件过大（${(buf.length / 1048576).toFixed(1)} MB），上限为 20 MB`);
}

function decodeRange(range: string): Merge {
  const [a, b] = range.split(':') as [string, string];
  const pos = (ref: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref.replace(/\$/g, ''));
    if (!m) throw new CatalogFileError('file_corrupt', `无法识别的合并区域「${range}」`);
    let col = 0;
    for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { r: Number(m[2]) - 1, c: col - 1 };
  };
  const p = pos(a);
  const q = pos(b ?? a);
  return { top: p.r, left: p.c, bottom: q.r, right: q.c };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

const CORRUPT = '文件无法作为 .xlsx 打开（可能已损坏或不是 Excel 文件）';

/** Every non-empty worksheet of a workbook, or the single sheet of a CSV. */
export async function readGrids(buf: Buffer, fallbackName = '目录'): Promise<Grid[]> {
  checkSize(buf);
  // A 20 MB upload may unpack to gigabytes (a "zip bomb"): refused before any parser sees it.
  const unpacked = await checkUnpacked(buf, UNPACK_LIMITS);
  if (!unpacked.ok && unpacked.code === 'zip_bomb') throw new CatalogFileError(unpacked.code, unpacked.message);
  if (!unpacked.ok) throw new CatalogFileError('file_corrupt', CORRUPT);
  const kind = sniff(buf);
  if (kind === 'csv') return [{ name: fallbackName, cells: parseCsv(decodeText(buf)), merges: [] }];
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new CatalogFileError('file_corrupt', CORRUPT);
  }
  const grids: Grid[] = [];
  wb.eachSheet((ws) => {
    const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).map(decodeRange);
    const cells: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const out: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        out[col - 1] = cell.isMerged && cell.master !== cell ? '' : cellText(cell);
      });
      cells[rowNumber - 1] = Array.from(out, (c) => c ?? '');
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= [];
    if (cells.some((r) => r.some((c) => c.trim()))) grids.push({ name: ws.name, cells, merges });
  });
  if (!grids.length) throw new CatalogFileError('file_empty', '工作簿中没有内容');
  return grids;
}

const WIDTHS = [6, 14, 16, 36, 30, 18, 14, 22, 7, 7, 7, 7, 7, 7, 7];

const INDEX_WIDTHS = [6, 24, 26, 14, 14, 48, 8, 12, 8];

/**
 * A workbook in the official layout: one sheet per grid, merged headers, borders, wrap, A4
 * landscape with the header rows repeated. Written with exceljs's streaming writer, row by row, so
 * a 10,000-row catalogue does not hold a whole workbook model in memory. `grids` may be produced
 * one at a time (an async generator reading one catalogue's items per sheet: the district
 * workbook); `index`, when given, is written first as a plain list sheet (the 目录 of the 一本通).
 */
export async function writeXlsx(grids: Iterable<Grid> | AsyncIterable<Grid>, index?: Grid): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Gongkai';
  const border = { style: 'thin' as const };
  const edges = { top: border, left: border, bottom: border, right: border };
  if (index) {
    const ws = wb.addWorksheet(index.name, {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
      views: [{ state: 'frozen', ySplit: 2 }],
    });
    ws.columns = INDEX_WIDTHS.map((width) => ({ width }));
    for (const m of index.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
    index.cells.forEach((cells, i) => {
      const row = ws.getRow(i + 1);
      row.values = cells;
      for (let c = 1; c <= INDEX_WIDTHS.length; c++) {
        const cell = row.getCell(c);
        cell.alignment = { wrapText: true, vertical: 'middle', horizontal: i === 0 || c === 1 || c >= 7 ? 'center' : 'left' };
        if (i > 0) cell.border = edges;
        if (i <= 1) cell.font = i === 0 ? { bold: true, size: 16 } : { bold: true };
      }
      if (i === 0) row.height = 30;
      row.commit();
    });
    ws.commit();
  }
  for await (const g of grids) {
    const ws = wb.addWorksheet(g.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || '目录', {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:3' },
      views: [{ state: 'frozen', ySplit: 3 }],
    });
    ws.columns = WIDTHS.map((width) => ({ width }));
    for (const m of g.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
    g.cells.forEach((cells, i) => {
      const n = i + 1;
      const row = ws.getRow(n); // not addRow: the merges above already touched the first rows
      row.values = cells;
      for (let c = 1; c <= Math.max(cells.length, WIDTHS.length); c++) {
        const cell = row.getCell(c);
        cell.alignment = { wrapText: true, vertical: 'middle', horizontal: n <= 3 || c === 1 || c > 8 ? 'center' : 'left' };
        if (n > 1) cell.border = edges;
        if (n <= 3) cell.font = n === 1 ? { bold: true, size: 16 } : { bold: true };
      }
      if (n === 1) row.height = 30;
      row.commit();
    });
    ws.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}
