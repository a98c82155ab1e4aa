// Pure: reads a published table 三 of a past year — from the cells of a spreadsheet or a pasted HTML
// table — into the 25 × 7 numbers, all or nothing, with row- and column-precise Chinese errors.
import { checkColumnBalance, checkResultTotal, checkTotalColumn } from './annual-checks.ts';
import { emptyTable3, TABLE3_COLUMNS, TABLE3_ROWS, type Table3 } from './annual-format.ts';

export type Grid = string[][];
export type ImportResult = { ok: true; table: Table3 } | { ok: false; errors: string[] };

/** Normalises a label for matching: no spaces, one kind of brackets, quotes and list marks. */
export function normalizeLabel(s: string): string {
  return s
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/\(/g, '（').replace(/\)/g, '）')
    .replace(/["“”＂'‘’]/g, '"')
    .replace(/^(\d+)[.．、]/, '$1.');
}

const BY_LABEL = new Map(TABLE3_ROWS.map((r, i) => [normalizeLabel(r.label), i]));

const MAX_ERRORS = 50;

/** Column letters of a spreadsheet (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * Reads table 三 from a grid of cell texts (merged cells repeated or left empty). The last seven
 * non-empty cells of a data row are the seven columns in the format's order; the cell before them is
 * the row label. `where` names a cell in the source (spreadsheet 「第3行C列」, HTML 「第3行第3格」).
 */
export function table3FromGrid(grid: Grid, where: (row: number, col: number) => string): ImportResult {
  const errors: string[] = [];
  const table = emptyTable3();
  const seen = new Map<number, number>();
  // The header row, if present, must list the legal-person columns in the format's order.
  const header = grid.findIndex((r) => r.some((c) => normalizeLabel(c) === '商业企业'));
  if (header >= 0) {
    const names = (grid[header] as string[]).map(normalizeLabel).filter((c) => (TABLE3_COLUMNS.slice(1, 6) as readonly string[]).includes(c));
    if (names.join('|') !== TABLE3_COLUMNS.slice(1, 6).join('|')) errors.push(`第${header + 1}行：列的顺序应为 ${TABLE3_COLUMNS.join('、')}`);
  }
  grid.forEach((cells, r) => {
    let end = cells.length;
    while (end > 0 && !(cells[end - 1] ?? '').trim()) end--;
    if (end < 8) return;
    let labelIdx = end - 8;
    while (labelIdx > 0 && !(cells[labelIdx] ?? '').trim()) labelIdx--;
    const values = cells.slice(end - 7, end);
    const label = normalizeLabel(cells[labelIdx] ?? '');
    const rowIdx = BY_LABEL.get(label);
    const looksNumeric = values.some((v) => /\d/.test(v));
    if (rowIdx === undefined) {
      if (looksNumeric && !values.some((v) => normalizeLabel(v) === '总计')) errors.push(`${where(r, labelIdx)}：无法识别的行标题「${(cells[labelIdx] ?? '').trim()}」`);
      return;
    }
    if (seen.has(rowIdx)) { errors.push(`${where(r, labelIdx)}：行「${TABLE3_ROWS[rowIdx]?.label}」重复（第${(seen.get(rowIdx) as number) + 1}行已有）`); return; }
    seen.set(rowIdx, r);
    values.forEach((v, i) => {
      const t = v.trim().replace(/,/g, '');
      if (!/^\d{1,7}$/.test(t)) errors.push(`${where(r, end - 7 + i)}（「${TABLE3_ROWS[rowIdx]?.label}」行「${TABLE3_COLUMNS[i]}」列）：「${v.trim()}」不是非负整数`);
      else (table[rowIdx] as number[])[i] = Number(t);
    });
  });
  TABLE3_ROWS.forEach((row, i) => { if (!seen.has(i)) errors.push(`缺少行「${row.label}」`); });
  if (!errors.length) {
    for (const c of [checkColumnBalance(table), checkResultTotal(table), checkTotalColumn(table)]) if (!c.ok) errors.push(`数据不符合勾稽关系：${c.detail}`);
  }
  if (errors.length) return { ok: false, errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `……另有 ${errors.length - MAX_ERRORS} 处错误`] : errors };
  return { ok: true, table };
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function span(attrs: string, name: string): number {
  const m = new RegExp(`${name}\\s*=\\s*["']?(\\d{1,3})`, 'i').exec(attrs);
  const n = m ? Number(m[1]) : 1;
  return n >= 1 && n <= 100 ? n : 1;
}

/** A pasted table whose rowspan/colspan would expand past MAX_GRID_CELLS cells. */
export class GridTooLargeError extends Error {}
/** Far above any published table 三 (≈ 30 rows × 12 cells), far below what would stall the server. */
export const MAX_GRID_CELLS = 20000;

/**
 * The table of a pasted HTML fragment that mentions `needle` (table 三: 本年新收), as a grid
 * with rowspan/colspan expanded (a merged cell's text is repeated in every cell it covers). Null
 * when there is no such table. Linear in the paste's length (no pattern rescans the rest of the
 * input after an unclosed tag); throws GridTooLargeError past MAX_GRID_CELLS expanded cells.
 */
export function gridFromHtml(html: string, needle = '本年新收'): Grid | null {
  const tables = html.split(/<table\b/i).slice(1).map((t) => t.split(/<\/table>/i)[0] as string);
  const src = tables.find((t) => t.includes(needle));
  if (src === undefined) return null;
  const grid: Grid = [];
  const rows = src.split(/<tr\b/i).slice(1).map((tr) => tr.split(/<\/tr>/i)[0] as string);
  let budget = MAX_GRID_CELLS;
  rows.forEach((tr, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const chunk of tr.split(/<(?=(?:td|th)\b)/i).slice(1)) {
      const gt = chunk.indexOf('>');
      if (gt < 0) continue;
      const attrs = chunk.slice(2, gt);
      const text = decodeEntities(chunk.slice(gt + 1).replace(/<br\s*\/?>/gi, '').replace(/<[^<>]*>/g, '')).trim();
      while ((grid[r] as string[])[c] !== undefined) c++;
      const cs = span(attrs, 'colspan');
      const rs = Math.min(span(attrs, 'rowspan'), rows.length - r);
      budget -= cs * rs;
      if (budget < 0) throw new GridTooLargeError(`more than ${MAX_GRID_CELLS} cells`);
      for (let dr = 0; dr < rs; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) (grid[r + dr] as string[])[c + dc] = text;
      }
      c += cs;
    }
  });
  return grid.map((row) => Array.from(row, (v) => v ?? ''));
}

export interface ImportedFigures { licensing: number; penalty: number; coercion: number; feesWan: string }
export type FiguresResult = { ok: true; figures: ImportedFigures } | { ok: false; errors: string[] };

const FIGURE_ROWS: { label: string; key: keyof ImportedFigures; decimal: boolean }[] = [
  { label: '行政许可', key: 'licensing', decimal: false },
  { label: '行政处罚', key: 'penalty', decimal: false },
  { label: '行政强制', key: 'coercion', decimal: false },
  { label: '行政事业性收费', key: 'feesWan', decimal: true },
];

/**
 * Reads the staff-entered figures of table 二 (第（五）（六）（八）项) from a grid in the published
 * layout: the row whose label cell is 行政许可 / 行政处罚 / 行政强制 / 行政事业性收费, its value the last
 * non-empty cell. All four rows are required; errors name the cell.
 */
export function figuresFromGrid(grid: Grid, where: (row: number, col: number) => string): FiguresResult {
  const errors: string[] = [];
  const out: Partial<Record<keyof ImportedFigures, number | string>> = {};
  for (const def of FIGURE_ROWS) {
    const r = grid.findIndex((cells) => cells.some((c) => normalizeLabel(c) === def.label));
    if (r < 0) { errors.push(`缺少行「${def.label}」`); continue; }
    const cells = grid[r] as string[];
    let c = cells.length - 1;
    while (c > 0 && !(cells[c] ?? '').trim()) c--;
    const v = (cells[c] ?? '').trim().replace(/,/g, '');
    if (normalizeLabel(cells[c] ?? '') === def.label) { errors.push(`${where(r, c)}：「${def.label}」行没有数值`); continue; }
    if (def.decimal ? !/^\d{1,9}(\.\d{1,4})?$/.test(v) : !/^\d{1,9}$/.test(v)) {
      errors.push(`${where(r, c)}（「${def.label}」行）：「${v}」不是${def.decimal ? '最多四位小数的金额（万元）' : '非负整数'}`);
      continue;
    }
    out[def.key] = def.decimal ? String(Number(v)) : Number(v);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, figures: out as unknown as ImportedFigures };
}
