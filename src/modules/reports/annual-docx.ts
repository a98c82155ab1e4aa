// Pure: the annual report as DOCX — title, statistics period, sections 一–六, and tables 二, 三 and 四
// in the layout of published reports (merged header cells: gridSpan / vMerge). A4 with the GB/T 9704
// margins; 正文 仿宋_GB2312 三号, headings 黑体, tables 宋体 五号.
import {
  AlignmentType, convertMillimetersToTwip, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType,
} from 'docx';
import {
  SECTIONS, TABLE2_ITEM_1, TABLE2_ITEM_5, TABLE2_ITEM_6, TABLE2_ITEM_8, TABLE3_BAND, TABLE3_COLUMNS, TABLE3_GROUPS, TABLE3_HEADER_NOTE,
  TABLE3_LEGAL_PERSON, TABLE3_RESULT_HEADING, TABLE3_ROWS, TABLE4_GROUPS, TABLE4_LITIGATION, TABLE4_RESULTS, TABLE4_REVIEW,
} from './annual-format.ts';
import { stripNonXmlChars } from '../../platform/html/xml.ts';
import { reportTitle, type AnnualReport } from './annual-report.ts';
import { reportStrings as s } from './reports.strings.ts';

const FANGSONG = '仿宋_GB2312';
const HEITI = '黑体';
const SONGTI = '宋体';
const XIAOBIAOSONG = '方正小标宋简体';
const LINE = { line: 560, lineRule: LineRuleType.EXACT };

// Characters XML 1.0 does not allow (C0 controls other than tab/newline/return, U+FFFE/U+FFFF, lone
// surrogates): text pasted from other programs may hold them, and Word refuses a file that does.
const xmlSafe = stripNonXmlChars;

const run = (text: string, font = FANGSONG, size = 32, bold = false) => new TextRun({ text: xmlSafe(text), font: { eastAsia: font, ascii: font, hAnsi: font }, size, bold });

function cell(text: string | number, opts: { colSpan?: number; rowSpan?: number; header?: boolean; left?: boolean } = {}): TableCell {
  return new TableCell({
    columnSpan: opts.colSpan, rowSpan: opts.rowSpan, verticalAlign: VerticalAlign.CENTER,
    children: [new Paragraph({ alignment: opts.left ? AlignmentType.LEFT : AlignmentType.CENTER, children: [run(String(text), SONGTI, 21, !!opts.header)] })],
  });
}

const table = (rows: TableRow[]) => new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });

function table2(r: AnnualReport): Table | Paragraph {
  const t = r.table2;
  if (!t) return new Paragraph({ children: [run(s.docx.importedOnly)] });
  const block = (h: string) => new TableRow({ children: [cell(h, { colSpan: 4, header: true })] });
  const oneCol = (label: string, v: string | number) => new TableRow({ children: [cell(label), cell(v, { colSpan: 3 })] });
  const oneHead = (cols: readonly string[]) => new TableRow({ children: [cell(cols[0] as string, { header: true }), cell(cols[1] as string, { colSpan: 3, header: true })] });
  return table([
    block(TABLE2_ITEM_1.heading),
    new TableRow({ children: TABLE2_ITEM_1.columns.map((c) => cell(c, { header: true })) }),
    new TableRow({ children: [cell(TABLE2_ITEM_1.rows[0]), cell(t.rules.issued), cell(t.rules.repealed), cell(t.rules.effective)] }),
    new TableRow({ children: [cell(TABLE2_ITEM_1.rows[1]), cell(t.normative.issued), cell(t.normative.repealed), cell(t.normative.effective)] }),
    block(TABLE2_ITEM_5.heading), oneHead(TABLE2_ITEM_5.columns), oneCol(TABLE2_ITEM_5.rows[0], t.licensing),
    block(TABLE2_ITEM_6.heading), oneHead(TABLE2_ITEM_6.columns), oneCol(TABLE2_ITEM_6.rows[0], t.penalty), oneCol(TABLE2_ITEM_6.rows[1], t.coercion),
    block(TABLE2_ITEM_8.heading), oneHead(TABLE2_ITEM_8.columns), oneCol(TABLE2_ITEM_8.rows[0], t.feesWan),
  ]);
}

/**
 * Table 三's grid in mm (156 mm of text width): as in the 30号 template (国办公开办函〔2021〕30号) the
 * labels take about half the width — a narrow column for 「三、本年度办理结果」, a group column wide
 * enough for 「（三）不予公开」 on one line, the item column — and the seven count columns share the
 * rest, so no label wraps one character per line (equal columns did). Cell margins are 1 mm.
 */
const TABLE3_WIDTHS_MM = [12, 28, 40, ...Array.from({ length: 7 }, () => 76 / 7)] as const;

function table3(r: AnnualReport): Table {
  const resultRows = TABLE3_ROWS.filter((x) => x.group === TABLE3_RESULT_HEADING || (TABLE3_GROUPS as readonly string[]).includes(x.group ?? '')).length;
  const rows: TableRow[] = [
    new TableRow({ tableHeader: true, children: [cell(TABLE3_HEADER_NOTE, { colSpan: 3, rowSpan: 3, header: true }), cell(TABLE3_BAND, { colSpan: 7, header: true })] }),
    new TableRow({ tableHeader: true, children: [cell(TABLE3_COLUMNS[0], { rowSpan: 2, header: true }), cell(TABLE3_LEGAL_PERSON, { colSpan: 5, header: true }), cell(TABLE3_COLUMNS[6], { rowSpan: 2, header: true })] }),
    new TableRow({ tableHeader: true, children: TABLE3_COLUMNS.slice(1, 6).map((c) => cell(c, { header: true })) }),
  ];
  const seen = new Set<string>();
  TABLE3_ROWS.forEach((def, i) => {
    const lead: TableCell[] = [];
    if (def.key === 'disclose') lead.push(cell(TABLE3_RESULT_HEADING, { rowSpan: resultRows }));
    if (def.group === null) lead.push(cell(def.label, { colSpan: 3, left: true }));
    else if (def.group === TABLE3_RESULT_HEADING) lead.push(cell(def.label, { colSpan: 2, left: true }));
    else {
      if (!seen.has(def.group)) { seen.add(def.group); lead.push(cell(def.group, { rowSpan: TABLE3_ROWS.filter((x) => x.group === def.group).length })); }
      lead.push(cell(def.label, { left: true }));
    }
    // a row never breaks across pages (a label split as 「…行政机关不再处理其政府」 / 「信息公开申请」)
    rows.push(new TableRow({ cantSplit: true, children: [...lead, ...(r.table3[i] as number[]).map((v) => cell(v))] }));
  });
  const grid = TABLE3_WIDTHS_MM.map((w) => Math.round(convertMillimetersToTwip(w)));
  return new Table({
    width: { size: grid.reduce((a, b) => a + b, 0), type: WidthType.DXA }, columnWidths: grid, layout: TableLayoutType.FIXED,
    margins: { left: 57, right: 57 }, rows,
  });
}

function table4(r: AnnualReport): Table | Paragraph {
  const t = r.table4;
  if (!t) return new Paragraph({ children: [run(s.docx.importedOnly)] });
  return table([
    new TableRow({ children: [cell(TABLE4_REVIEW, { colSpan: 5, header: true }), cell(TABLE4_LITIGATION, { colSpan: 10, header: true })] }),
    new TableRow({ children: [...TABLE4_RESULTS.map((x) => cell(x.label, { rowSpan: 2, header: true })), cell(TABLE4_GROUPS[1].short, { colSpan: 5, header: true }), cell(TABLE4_GROUPS[2].short, { colSpan: 5, header: true })] }),
    new TableRow({ children: [1, 2].flatMap(() => TABLE4_RESULTS.map((x) => cell(x.label, { header: true }))) }),
    new TableRow({ children: t.map((v) => cell(v)) }),
  ]);
}

/** One paragraph per line; a vertical tab or form feed (Word's manual line and page breaks) also ends one. */
const paragraphs = (text: string) => text.split(/[\n\v\f]/).map((p) => p.trim()).filter(Boolean)
  .map((p) => new Paragraph({ spacing: LINE, indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED, children: [run(p)] }));

export async function renderReportDocx(r: AnnualReport): Promise<Buffer> {
  const heading = (i: number) => new Paragraph({ spacing: { before: 240, ...LINE }, indent: { firstLine: 640 }, children: [run(`${SECTIONS[i]?.no}、${SECTIONS[i]?.title}`, HEITI)] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400, ...LINE }, children: [run(reportTitle(r.orgName, r.year), XIAOBIAOSONG, 44)] }),
    new Paragraph({ spacing: LINE, indent: { firstLine: 640 }, children: [run(s.docx.preamble(r.year))] }),
    heading(0), ...paragraphs(r.texts.section1),
    heading(1), table2(r),
    heading(2), table3(r),
    heading(3), table4(r),
    heading(4), ...paragraphs(r.texts.section5),
    heading(5), ...paragraphs(r.texts.section6),
  ];
  const doc = new Document({
    creator: 'Gongkai', title: xmlSafe(reportTitle(r.orgName, r.year)),
    sections: [{
      properties: { page: { size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) }, margin: { top: convertMillimetersToTwip(37), bottom: convertMillimetersToTwip(35), left: convertMillimetersToTwip(28), right: convertMillimetersToTwip(26) } } },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONGTI, size: 28 })] })] }) },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}
