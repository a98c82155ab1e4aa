// Shell: the 办事一本通 as a Word document (the `docx` package, as the application letters and the
// supervision bulletins) — cover, 使用说明, a TOC field over the headings (Word fills the page
// numbers when it opens the file: updateFields), groups as 标题 1 and items as 标题 2 (so Word's
// navigation pane works), each item's facts, its materials as a table, the venues and its QR code
// (PNG); A5 or A4 paper and a PAGE field in the footer. Dated the day it is generated.
import {
  AlignmentType, convertMillimetersToTwip, Document, Footer, HeadingLevel, ImageRun, Packer, PageBreak, PageNumber, Paragraph,
  Table, TableCell, TableOfContents, TableRow, TextRun, WidthType,
} from 'docx';
import { coreXml, fixZipDates } from '../../platform/files/docx-dates.ts';
import { GEOMETRY, type BookItem, type Size } from './handbook-model.ts';
import type { Booklet } from './handbook.service.ts';
import { qrPng } from './handbook-qr.ts';
import { hs } from './handbook.strings.ts';

const FONT = { eastAsia: '宋体', ascii: 'Arial', hAnsi: 'Arial' };
const HEI = { eastAsia: '黑体', ascii: 'Arial', hAnsi: 'Arial' };

const run = (text: string, opts: { bold?: boolean; size?: number; color?: string; hei?: boolean } = {}) =>
  new TextRun({ text, font: opts.hei ? HEI : FONT, bold: opts.bold, size: opts.size, color: opts.color });
const para = (text: string, opts: { size?: number; bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number; indent?: boolean } = {}) =>
  new Paragraph({ alignment: opts.align, spacing: { after: opts.after ?? 60 }, indent: opts.indent ? { firstLine: 420 } : undefined, children: [run(text, { size: opts.size, bold: opts.bold })] });
const fact = (term: string, value: string) => new Paragraph({ spacing: { after: 20 }, children: [run(`${term}：`, { bold: true }), run(value)] });

function cell(text: string, width: number, head = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE }, margins: { left: 60, right: 60, top: 20, bottom: 20 },
    children: [new Paragraph({ children: [run(text, { bold: head })] })],
  });
}

function materialsTable(it: BookItem): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: [cell(hs.materialName, 64, true), cell(hs.materialType, 22, true), cell(hs.copies, 14, true)] }),
      ...it.materials.map((m) => new TableRow({ cantSplit: true, children: [cell(m.name, 64), cell(m.type || '—', 22), cell(m.copies === null ? hs.copiesUnknown : String(m.copies), 14)] })),
    ],
  });
}

function itemChildren(it: BookItem): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [run(it.name, { hei: true, size: 26 })] }));
  out.push(fact(hs.department, it.department || '—'));
  out.push(fact(hs.legalLimit, it.legalLimit));
  out.push(fact(hs.promisedLimit, it.promisedLimit));
  out.push(fact(hs.fee, it.fees.length ? it.fees.map((f) => `${f.name}：${f.standard}`).join('；') : hs.free));
  if (it.consultation) out.push(fact(hs.consultation, it.consultation));
  if (it.onlineUrl) out.push(fact(hs.online, it.onlineUrl));
  out.push(new Paragraph({ keepNext: true, spacing: { before: 60, after: 20 }, children: [run(hs.materials, { bold: true, color: '0B4F8A' })] }));
  out.push(it.materials.length ? materialsTable(it) : para(hs.noMaterials));
  out.push(new Paragraph({ keepNext: true, spacing: { before: 60, after: 20 }, children: [run(hs.where, { bold: true, color: '0B4F8A' })] }));
  if (!it.venues.length) out.push(para(hs.noVenues));
  for (const v of it.venues) {
    out.push(new Paragraph({ spacing: { after: 0 }, keepNext: true, children: [run(v.name, { bold: true }), run(v.phone ? `${hs.gap}${hs.phone} ${v.phone}` : '')] }));
    out.push(new Paragraph({ spacing: { after: 40 }, children: [run(`${v.address}；${hs.hours}：${v.hours}`)] }));
  }
  const png = qrPng(it.pageUrl);
  out.push(new Paragraph({
    spacing: { before: 60, after: 240 },
    children: [
      new ImageRun({ type: 'png', data: png, transformation: { width: 90, height: 90 }, altText: { name: hs.qrLabel(it.name), description: it.pageUrl, title: hs.qrCaption } }),
      run(`${hs.gap}${hs.qrCaption}：${it.pageUrl}`, { size: 16 }),
    ],
  }));
  return out;
}

/** The booklet as a DOCX package, the same bytes for the same data on the same day. */
export async function renderBookletDocx(b: Booklet, size: Size): Promise<Buffer> {
  const g = GEOMETRY[size];
  const title = `${hs.bookTitle(b.region.name)}（${hs.editionLabel[b.edition]}）`;
  const children: (Paragraph | Table | TableOfContents)[] = [];
  // cover
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 240 }, children: [run(b.fullName, { size: 28 })] }));
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.TITLE, spacing: { after: 240 }, children: [run(hs.bookTitle(b.region.name), { hei: true, size: 52, color: '0B4F8A' })] }));
  children.push(para(`${hs.editionLabel[b.edition]}${b.department ? ` · ${b.department}` : ''}`, { align: AlignmentType.CENTER, size: 32 }));
  children.push(para(`${hs.itemCount(b.itemCount)} · ${hs.groupedBy[b.grouping]}`, { align: AlignmentType.CENTER }));
  if (b.dropped > 0) children.push(para(hs.capped(b.itemCount, b.dropped)));
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 1200 }, children: [run(hs.issuedOn(b.issuedOn), { size: 28 })] }));
  // 使用说明 on its own page
  children.push(new Paragraph({ children: [new PageBreak()] }));
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(hs.prefaceTitle, { hei: true, size: 32 })] }));
  for (const t of [...hs.preface, hs.editionRule[b.edition]!, hs.issuedNote]) children.push(para(t, { indent: true }));
  if (b.dropped > 0) children.push(para(hs.capped(b.itemCount, b.dropped), { bold: true }));
  // the TOC field (Word fills in the page numbers when it opens the document)
  children.push(new Paragraph({ children: [new PageBreak()] }));
  children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [run(hs.tocTitle, { hei: true, size: 32 })] }));
  children.push(new TableOfContents(hs.tocTitle, { hyperlink: true, headingStyleRange: '1-2' }));
  for (const grp of b.groups) {
    children.push(new Paragraph({ pageBreakBefore: true, heading: HeadingLevel.HEADING_1, children: [run(grp.title, { hei: true, size: 32 })] }));
    for (const [i, it] of grp.items.entries()) {
      children.push(...itemChildren(it));
      if (i % 100 === 99) await new Promise((r) => setImmediate(r)); // let other requests in
    }
  }
  const m = (mm: number) => convertMillimetersToTwip(mm);
  const doc = new Document({
    creator: 'Gongkai', title,
    features: { updateFields: true },
    styles: { default: { document: { run: { font: FONT, size: size === 'a5' ? 18 : 21 } } } },
    sections: [{
      properties: { page: { size: { width: m(g.width), height: m(g.height) }, margin: { top: m(g.margin.top), bottom: m(g.margin.bottom), left: m(g.margin.left), right: m(g.margin.right) } }, titlePage: true },
      footers: {
        default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: 16 })] })] }),
        first: new Footer({ children: [new Paragraph({ children: [] })] }),
      },
      children,
    }],
  });
  return fixZipDates(await Packer.toBuffer(doc, undefined, [{ path: 'docProps/core.xml', data: coreXml(title, b.issuedOn) }]), b.issuedOn);
}
