// Pure: renders a letter as DOCX in the GB/T 9704-2012 layout — A4 with 37/35/28/26 mm margins,
// 发文机关标志 in red 方正小标宋 above a red rule, 发文字号, 标题 in 方正小标宋 二号 (22 pt), 主送,
// 正文 in 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent and 28 pt fixed lines,
// 落款 and 成文日期 to the right with the 印章 position, page numbers 「— 1 —」 in 宋体 四号.
// 7.3.5.1: the seal sits within one line below the text, and when the page cannot hold the
// signature, seal and date the spacing is adjusted — so the last paragraph keeps with the
// signature block (keepNext/keepLines) and no page ever holds only the seal.
// A letter is a document as issued: the same letter renders to the same bytes on any day (the
// package's dates — docProps/core.xml and every ZIP entry — are the letter's own date).
import {
  AlignmentType, BorderStyle, convertMillimetersToTwip, Document, Footer, HeightRule, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType,
} from 'docx';
import { coreXml, fixZipDates } from '../../platform/files/docx-dates.ts';
import { chineseDate, type Letter } from './letters.ts';

const FANGSONG = '仿宋_GB2312';
const XIAOBIAOSONG = '方正小标宋简体';
const BODY = 32; // half-points: 三号 16 pt
/** A date for a blank form (no event): a fixed day, so its bytes never change either. */
const BLANK_DATE = '2019-05-15'; // 《政府信息公开条例》（2019 修订）施行之日

/** Characters of 三号 on a line of the 156 mm text width, and the page's text height in points. */
const CHARS_PER_LINE = 27;
const PAGE_PT = (297 - 37 - 35) / 25.4 * 72;
/** What the page holds besides the lines: 版头 (机关标志, 发文字号, rule), the half-line gaps and a margin of error. */
const FIXED_PT = 68 + 28 + 14 + 40;

/** Lines a paragraph takes (a CJK character is one unit, others half), with its two-character indent. */
export function estimatedLines(text: string, indent = 2): number {
  let units = indent;
  for (const ch of text) units += /[\u2E80-\uFFEF]/u.test(ch) ? 1 : 0.5;
  return Math.max(1, Math.ceil(units / CHARS_PER_LINE));
}

/**
 * The line pitch in twips: 28 pt (GB/T 9704: 22 lines a page), or down to 24 pt when that keeps a
 * letter that just overflows on one page with its signature, seal and date (7.3.5.1: when the page
 * cannot hold them, adjust the line spacing). Forms (with a table) keep 28 pt.
 */
export function linePitch(l: Letter): number {
  if (l.table?.length || !l.signatory) return 560;
  const lines = 1 + (l.recipient ? 1 : 0) + l.paragraphs.reduce((n, p) => n + estimatedLines(p), 0) + 3;
  const fits = (pt: number) => FIXED_PT + lines * pt <= PAGE_PT;
  if (fits(28)) return 560;
  for (let pt = 27; pt >= 24; pt--) if (fits(pt)) return pt * 20;
  return 560; // longer than a page anyway: the signature block keeps with the last paragraph
}

const run = (text: string, opts: { font?: string; size?: number; bold?: boolean; color?: string } = {}) =>
  new TextRun({ text, font: { eastAsia: opts.font ?? FANGSONG, ascii: opts.font ?? FANGSONG, hAnsi: opts.font ?? FANGSONG }, size: opts.size ?? BODY, bold: opts.bold, color: opts.color });

export async function renderLetterDocx(l: Letter): Promise<Buffer> {
  const blank = !l.signatory; // a blank form: no 版头, no 落款
  const LINE = { line: linePitch(l), lineRule: LineRuleType.EXACT };
  const children: (Paragraph | Table)[] = [];
  if (!blank) {
    // 发文机关标志
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(l.signatory, { font: XIAOBIAOSONG, size: 52, color: 'C00000' })] }));
    // 发文字号, then the red rule (版头中的分隔线)
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 6 } }, children: l.docNumber ? [run(l.docNumber)] : [] }));
  }
  // 标题 (half a line above and below the red rule's block: tight enough that a two-paragraph reply
  // keeps its signature on page 1)
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: blank ? 0 : 280, after: 280, ...LINE }, keepNext: true, children: [run(l.title, { font: XIAOBIAOSONG, size: 44 })] }));
  if (l.recipient) children.push(new Paragraph({ spacing: LINE, keepNext: true, children: [run(l.recipient)] }));
  const hasTable = !!l.table?.length;
  l.paragraphs.forEach((p, i) => {
    const last = i === l.paragraphs.length - 1;
    // The last paragraph keeps with the signature block (or the table), and is never split from it.
    children.push(new Paragraph({ spacing: LINE, indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED, keepNext: last && (!blank || hasTable), keepLines: last, children: [run(p)] }));
  });
  if (hasTable) {
    const rows = l.table!;
    children.push(new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      // A blank form leaves room to write by hand: 11 mm rows, 45 mm for the description (Art. 29 (二)).
      rows: rows.map(([k, v], i) => new TableRow({ cantSplit: true, ...(blank ? { height: { value: convertMillimetersToTwip(k.startsWith('所需政府信息') ? 45 : 11), rule: HeightRule.ATLEAST } } : {}), children: [
        new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, verticalAlign: VerticalAlign.CENTER, children: [new Paragraph({ keepNext: i === rows.length - 1 && !blank, children: [run(k, { size: 28 })] })] }),
        new TableCell({ width: { size: 70, type: WidthType.PERCENTAGE }, verticalAlign: VerticalAlign.CENTER, children: [new Paragraph({ keepNext: i === rows.length - 1 && !blank, children: [run(v, { size: 28 })] })] }),
      ] })),
    }));
  }
  if (!blank) {
    // 落款, 印章位置 and 成文日期 (right, four characters from the margin), half a line below the
    // text (the seal's top within one line of it), kept together and with the text above.
    const sign = (text: string, opts: { before?: number; color?: string; next: boolean }) =>
      new Paragraph({ spacing: { before: opts.before ?? 0, ...LINE }, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, keepNext: opts.next, keepLines: true, children: [run(text, { color: opts.color })] });
    children.push(sign(l.signatory, { before: 280, next: true }));
    children.push(sign('（印章）', { color: '808080', next: true }));
    children.push(sign(chineseDate(l.dated), { next: false }));
  }

  const day = l.dated || BLANK_DATE;
  const doc = new Document({
    creator: 'Gongkai', title: l.title,
    sections: [{
      properties: { page: { size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) }, margin: { top: convertMillimetersToTwip(37), bottom: convertMillimetersToTwip(35), left: convertMillimetersToTwip(28), right: convertMillimetersToTwip(26) } } },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: '宋体', size: 28 })] })] }) },
      children,
    }],
  });
  return fixZipDates(await Packer.toBuffer(doc, undefined, [{ path: 'docProps/core.xml', data: coreXml(l.title, day) }]), day);
}
