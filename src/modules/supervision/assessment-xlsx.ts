// Shell: the year's scores and ranking as .xlsx (exceljs) — one sheet: a title row, then per
// organisation 排名、单位、类别, each group's points, each indicator's points and 总分, sorted by
// level and rank; a second sheet lists the indicators with their points, weights and methods.
import { loadExcel } from '../../platform/files/office-libs.ts';
import { fmt, mappingText, weightOf, type OrgResult, type Scheme } from './assessment.ts';
import { assessmentStrings as s } from './assessment.strings.ts';

/**
 * Every text is a string cell, never a formula (exceljs writes a formula only from { formula }), so a
 * name such as =HYPERLINK(…) shows as typed — as in the 整改台账 (ledger-xlsx.ts). (The CSV guard's
 * leading apostrophe would show in an .xlsx cell as part of the text.)
 */
export async function assessmentXlsx(officeName: string, year: number, scheme: Scheme, results: readonly OrgResult[]): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Gongkai';
  const ws = wb.addWorksheet(s.sheet.name, { views: [{ state: 'frozen', ySplit: 2 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const header = [s.sheet.rank, s.sheet.org, s.sheet.level, ...scheme.groups.map((g) => `${g.name}（${fmt(g.max)}）`), ...scheme.indicators.map((x) => `${x.code} ${x.name}（${fmt(x.max)}）`), s.sheet.total];
  ws.addRow([s.sheet.title(officeName, year)]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  const h = ws.addRow(header);
  h.font = { bold: true };
  h.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of results) {
    ws.addRow([r.rank, r.name, s.level[r.level], ...r.groups.map((g) => g.points), ...r.lines.map((l) => l.points), r.total]);
  }
  ws.getColumn(2).width = 28;
  ws.getColumn(3).width = 14;

  const si = wb.addWorksheet(s.page.schemeTitle);
  si.addRow([s.page.group, s.page.code, s.page.name, s.page.max, s.page.weight, s.page.methodLabel, s.page.mappingLabel]).font = { bold: true };
  for (const x of scheme.indicators) {
    si.addRow([scheme.groups.find((g) => g.code === x.group)?.name ?? '', x.code, x.name, x.max, `${fmt(weightOf(x.max, scheme.total))}%`,
      `${s.method[x.method]}${x.source ? `：${s.source[x.source]}` : ''}`, x.method === 'auto' ? mappingText(x.mapping) : x.description]);
  }
  si.getColumn(3).width = 30;
  si.getColumn(7).width = 50;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
