// Shell: the 整改台账 as an .xlsx in the layout offices use (domain/supervision.md §4):
// a title row naming the scope, a line with the export date, then
// 序号、问题、责任单位、整改措施、整改时限、完成情况、复核意见 — A4 landscape, the header repeated.
// Every cell is written as text (never a formula), whatever its first character.
import { loadExcel } from '../../platform/files/office-libs.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import type { LedgerRow } from './problems.service.ts';
import { ps } from './problems.strings.ts';

const WIDTHS = [6, 48, 20, 40, 12, 40, 30];
const l = ps.ledger;

/** The 完成情况 cell of one problem. */
export function completionText(r: LedgerRow): string {
  const parts: string[] = [];
  switch (r.state) {
    case 'closed': parts.push(l.closed(r.closed_on ?? '')); if (r.rectified_on) parts.push(l.rectified(r.rectified_on).replace('，待复核', '')); break;
    case 'rectified': parts.push(l.rectified(r.rectified_on ?? '')); break;
    case 'rejected': parts.push(`${l.rejected}${r.overdue ? l.overdue : ''}`); break;
    case 'dismissed': parts.push(l.dismissed); break;
    default: parts.push(`${l.open}${r.overdue ? l.overdue : ''}`);
  }
  if (r.state === 'closed' || r.state === 'rectified') {
    if (r.evidence) parts.push(`${l.evidence}：${r.evidence}`);
    if (r.links.length) parts.push(`${l.links}：${r.links.join(' ')}`);
  }
  return parts.join('\n');
}

/** The 复核意见 cell: the note of the verification, or the reason of a rejection or dismissal. */
export function reviewText(r: LedgerRow): string {
  if (r.state === 'closed') return r.verify_note;
  if (r.state === 'rejected' || r.state === 'dismissed') return r.reason || r.verify_note;
  return '';
}

export async function ledgerXlsx(rows: readonly LedgerRow[], scopeName: string, month: string | null, today: LocalDate): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Gongkai';
  const ws = wb.addWorksheet(l.sheet, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  ws.columns = WIDTHS.map((width) => ({ width }));
  const edge = { style: 'thin' as const };
  const edges = { top: edge, left: edge, bottom: edge, right: edge };
  ws.mergeCells(1, 1, 1, WIDTHS.length);
  ws.mergeCells(2, 1, 2, WIDTHS.length);
  const title = ws.getCell(1, 1);
  title.value = l.title(scopeName, month);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const sub = ws.getCell(2, 1);
  sub.value = l.subtitle(today, rows.length);
  sub.alignment = { horizontal: 'right' };
  const header = ws.getRow(3);
  l.headers.forEach((h, i) => {
    const c = header.getCell(i + 1);
    c.value = h;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = edges;
  });
  rows.forEach((r, i) => {
    const problem = [`${r.title}（${r.public_id}）`, r.detail, r.evidence_url ?? ''].filter(Boolean).join('\n');
    const values = [String(i + 1), problem, r.org_name, r.measures, r.due_on, completionText(r), reviewText(r)];
    const row = ws.getRow(i + 4);
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v; // a string cell (exceljs writes formulas only from { formula })
      cell.alignment = { wrapText: true, vertical: 'top', horizontal: c === 0 || c === 4 ? 'center' : 'left' };
      cell.border = edges;
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
