// A DOCX as issued renders to the same bytes on any day: the package's dates (docProps/core.xml
// and every ZIP entry) are the document's own date, not the time of rendering. Shared by the
// application letters and the supervision bulletins (GB/T 9704 documents).
import { zipEntryHeaders } from './zip.ts';
import { xmlEscape } from '../html/xml.ts';

/** docProps/core.xml with the document's date as created/modified (docx writes the time of rendering). */
export function coreXml(title: string, day: string): string {
  const at = `${day}T00:00:00Z`;
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:title>${xmlEscape(title)}</dc:title><dc:creator>Gongkai</dc:creator><cp:lastModifiedBy>Gongkai</cp:lastModifiedBy><cp:revision>1</cp:revision>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`;
}

/**
 * Sets every ZIP entry's MS-DOS modification date to `day` at 00:00 (the packer stamps the time of
 * rendering, in local time); sizes are unchanged.
 */
export function fixZipDates(buf: Buffer, day: string): Buffer {
  const out = Buffer.from(buf);
  const y = Number(day.slice(0, 4)); const m = Number(day.slice(5, 7)); const d = Number(day.slice(8, 10));
  const dosDate = ((y - 1980) << 9) | (m << 5) | d;
  for (const { central, local } of zipEntryHeaders(out)) {
    out.writeUInt16LE(0, central + 12); out.writeUInt16LE(dosDate, central + 14);
    out.writeUInt16LE(0, local + 10); out.writeUInt16LE(dosDate, local + 12);
  }
  return out;
}
