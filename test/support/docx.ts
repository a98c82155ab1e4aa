// Test helper: the entries of a DOCX (ZIP) package and the text of its document.xml.
import { inflateRawSync } from 'node:zlib';

/** Every entry of a ZIP file by name (stored or deflated), read through the central directory. */
export function zipEntries(buf: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new Error('not a zip file');
  const out = new Map<string, Buffer>();
  let at = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = buf.readUInt16LE(at + 10); const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28); const extra = buf.readUInt16LE(at + 30); const comment = buf.readUInt16LE(at + 32);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const local = buf.readUInt32LE(at + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLen + extra + comment;
  }
  return out;
}

export const documentXml = (buf: Buffer) => zipEntries(buf).get('word/document.xml')!.toString('utf8');

/** The text of the document, one line per paragraph. */
export function docxText(buf: Buffer): string {
  return documentXml(buf).split('</w:p>').map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')).filter(Boolean).join('\n');
}
