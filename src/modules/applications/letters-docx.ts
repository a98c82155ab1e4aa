// Pure: renders a letter as DOCX in the GB/T 9704-2012 layout — A4 with 37/35/28/26 mm margins,
// 发文机关标志 in red 方正小标宋 above a red rule, 发文字号, 标题 in 方正小标宋 二号 (22 pt), 主送,
// 正文 in 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent and 28 pt fixed lines,
// 落款 and 成文日期 to the right with the 印章 position, page numbers 「— 1 —」 in 宋体 四号.
import {
  AlignmentType, BorderStyle, convertMillimetersToTwip, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import { chineseDate, type Letter } from './letters.ts';

const FANGSONG = '仿宋_GB2312';
const XIAOBIAOSONG = '方正小标宋简体';
const BODY = 32; // half-points: 三号 16 pt
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt

const run = (text: string, opts: { font?: string; size?: number; bold?: boolean; color?: string } = {}) =>
  new TextRun({ text, font: { eastAsia: opts.font ?? FANGSONG, ascii: opts.font ?? FANGSONG, hAnsi: opts.font ?? FANGSONG }, size: opts.size ?? BODY, bold: opts.bold, color: opts.color });

export async function renderLetterDocx(l: Letter): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    // 发文机关标志
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(l.signatory, { font: XIAOBIAOSONG, size: 52, color: 'C00000' })] }),
    // 发文字号, then the red rule (版头中的分隔线)
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 6 } }, children: [run(l.docNumber)] }),
    // 标题
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 560, after: 560, ...LINE }, children: [run(l.title, { font: XIAOBIAOSONG, size: 44 })] }),
  ];
  if (l.recipient) children.push(new Paragraph({ spacing: LINE, children: [run(l.recipient)] }));
  for (const p of l.paragraphs) children.push(new Paragraph({ spacing: LINE, indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED, children: [run(p)] }));
  if (l.table?.length) {
    children.push(new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: l.table.map(([k, v]) => new TableRow({ children: [
        new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [run(k, { size: 28 })] })] }),
        new TableCell({ width: { size: 70, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [run(v, { size: 28 })] })] }),
      ] })),
    }));
  }
  // 落款, 印章位置 and 成文日期 (right, four characters from the margin)
  children.push(new Paragraph({ spacing: { before: 1120, ...LINE }, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run(l.signatory)] }));
  children.push(new Paragraph({ spacing: LINE, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run('（印章）', { color: '808080' })] }));
  children.push(new Paragraph({ spacing: LINE, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run(chineseDate(l.dated))] }));

  const doc = new Document({
    creator: 'Gongkai', title: l.title,
    sections: [{
      properties: { page: { size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) }, margin: { top: convertMillimetersToTwip(37), bottom: convertMillimetersToTwip(35), left: convertMillimetersToTwip(28), right: convertMillimetersToTwip(26) } } },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: '宋体', size: 28 })] })] }) },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}
