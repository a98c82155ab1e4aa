// Renders a 季度通报 as DOCX in the GB/T 9704-2012 layout, as the application letters: A4 with
// 37/35/28/26 mm margins; 版头 with the 发文机关标志 in red 方正小标宋 and the 发文字号 above a red
// rule; 标题 in 方正小标宋 二号; 主送机关; 正文 in 仿宋_GB2312 三号 with 28 pt lines and a
// two-character indent, headings 一、 in 黑体 and （一） in 楷体 (7.3.3); 附件说明 after the text,
// 落款, 印章 position and 成文日期; then the 附件 on a new page (附件 in 黑体 at the top left, its
// title centred) with the figure table; page numbers 「— 1 —」.
// A document as issued: it renders to the same bytes on any day (dates are the 成文日期).
import {
  AlignmentType, BorderStyle, convertMillimetersToTwip, Document, Footer, HeightRule, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType,
} from 'docx';
import { coreXml, fixZipDates } from '../../platform/files/docx-dates.ts';
import { chineseDate, docNumber, exampleLine, HEADINGS, paragraphsOf, TABLE_HEAD, tableCells, type BulletinContent, type Example } from './bulletin.ts';
import { bs } from './bulletin.strings.ts';

const FANGSONG = '仿宋_GB2312';
const XIAOBIAOSONG = '方正小标宋简体';
const HEITI = '黑体';
const KAITI = '楷体_GB2312';
const BODY = 32; // 三号
const LINE = { line: 560, lineRule: LineRuleType.EXACT };

const run = (text: string, opts: { font?: string; size?: number; color?: string } = {}) =>
  new TextRun({ text, font: { eastAsia: opts.font ?? FANGSONG, ascii: opts.font ?? FANGSONG, hAnsi: opts.font ?? FANGSONG }, size: opts.size ?? BODY, color: opts.color });

const para = (text: string, font = FANGSONG) => new Paragraph({ spacing: LINE, indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED, children: [run(text, { font })] });

function cell(text: string, width: number, head: boolean): TableCell {
  return new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, margins: { left: 30, right: 30, top: 40, bottom: 40 }, verticalAlign: VerticalAlign.CENTER, children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, { size: 18, font: head ? HEITI : FANGSONG })] })] });
}

/** The figure table: 小五 text (a rate fits its column on one line), the header row repeated on every page. */
function figureTable(c: BulletinContent): Table {
  const widths = [5, 19, 7, 7, 10, 10, 10, 10, 10, 12];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: TABLE_HEAD.map((h, i) => cell(h, widths[i]!, true)) }),
      ...tableCells(c).map((r) => new TableRow({ cantSplit: true, height: { value: convertMillimetersToTwip(7), rule: HeightRule.ATLEAST }, children: r.map((x, i) => cell(x, widths[i]!, false)) })),
    ],
  });
}

const examples = (xs: Example[]) => xs.map((e, i) => para(`${i + 1}. ${exampleLine(e)}`));

export async function renderBulletinDocx(title: string, c: BulletinContent): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  // 版头: 发文机关标志, 发文字号, red rule
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(c.office.name, { font: XIAOBIAOSONG, size: 52, color: 'C00000' })] }));
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 6 } }, children: [run(docNumber(c.docPrefix, c.year, c.docSerial))] }));
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 280, after: 280, ...LINE }, keepNext: true, children: [run(title, { font: XIAOBIAOSONG, size: 44 })] }));
  if (c.recipient) children.push(new Paragraph({ spacing: LINE, keepNext: true, children: [run(`${c.recipient}：`)] }));
  for (const p of paragraphsOf(c.texts.preamble)) children.push(para(p));
  children.push(para(HEADINGS.overview, HEITI));
  for (const p of paragraphsOf(c.texts.overview)) children.push(para(p));
  if (c.good.length) { children.push(para(HEADINGS.good, KAITI)); children.push(...examples(c.good)); }
  children.push(para(HEADINGS.problems, HEITI));
  for (const p of paragraphsOf(c.texts.problems)) children.push(para(p));
  if (c.bad.length) { children.push(para(HEADINGS.bad, KAITI)); children.push(...examples(c.bad)); }
  children.push(para(HEADINGS.nextSteps, HEITI));
  for (const p of paragraphsOf(c.texts.nextSteps)) children.push(para(p));
  // 附件说明 (7.3.4: one line below the text, 附件：name)
  children.push(new Paragraph({ spacing: { before: 560, ...LINE }, indent: { left: 640 }, keepNext: true, children: [run(`${bs.docx.annex}：${bs.docx.annexTitle}`)] }));
  // 落款, 印章, 成文日期
  const sign = (text: string, opts: { before?: number; color?: string; next: boolean }) =>
    new Paragraph({ spacing: { before: opts.before ?? 0, ...LINE }, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, keepNext: opts.next, keepLines: true, children: [run(text, { color: opts.color })] });
  children.push(sign(c.office.name, { before: 560, next: true }));
  children.push(sign(bs.docx.seal, { color: '808080', next: true }));
  children.push(sign(chineseDate(c.dated), { next: false }));
  // 附件: a new page, 「附件」 in 黑体 top left, its title centred, then the table
  children.push(new Paragraph({ pageBreakBefore: true, spacing: LINE, children: [run(bs.docx.annex, { font: HEITI })] }));
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 280, after: 280, ...LINE }, children: [run(bs.docx.annexTitle, { font: XIAOBIAOSONG, size: 36 })] }));
  children.push(figureTable(c));

  const doc = new Document({
    creator: 'Gongkai', title,
    sections: [{
      properties: { page: { size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) }, margin: { top: convertMillimetersToTwip(37), bottom: convertMillimetersToTwip(35), left: convertMillimetersToTwip(28), right: convertMillimetersToTwip(26) } } },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: '宋体', size: 28 })] })] }) },
      children,
    }],
  });
  return fixZipDates(await Packer.toBuffer(doc, undefined, [{ path: 'docProps/core.xml', data: coreXml(title, c.dated) }]), c.dated);
}
