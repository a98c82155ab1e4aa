// Builds ZIP files for the upload-guard tests and `npm run bench:uploads`: honest packages and
// "zip bombs" (a small file that unpacks to gigabytes), made in memory in milliseconds, so no
// binary is committed. A gigabyte of zeros is deflated once as 1 MB and its compressed block
// repeated (a full flush makes each block independent), so building a 1 GB bomb costs no 1 GB.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The content (stored or deflated as it is). */
  data?: Buffer;
  /** Ready-made deflate stream (with `size` its true unpacked size). */
  deflated?: Buffer;
  size?: number;
  /** What the headers claim the entry unpacks to (default: the truth). */
  declared?: number;
  stored?: boolean;
}

/** A zip of these entries, written the plain way (local headers, data, central directory). */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const stored = !!e.stored && !!e.data;
    const data = e.deflated ?? (stored ? e.data! : deflateRawSync(e.data ?? Buffer.alloc(0)));
    const size = e.size ?? e.data?.length ?? 0;
    const declared = e.declared ?? size;
    const crc = e.data ? crc32(e.data) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6); local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(declared, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x800, 8); central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(declared, 24); central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(entries.length, 8); eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const MB = 1024 * 1024;
let zeroBlock: Buffer | null = null;

/** A raw deflate stream of `mb` megabytes of spaces, about `mb` KB long. */
export function deflatedSpaces(mb: number): Buffer {
  zeroBlock ??= deflateRawSync(Buffer.alloc(MB, 0x20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array<Buffer>(mb).fill(zeroBlock), Buffer.from([0x03, 0x00])]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A "DOCX" (the entries a DOCX is told by) with one `mb`-megabyte entry inside. */
export function docxBomb(mb: number, opts: { lie?: boolean } = {}): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: 'word/document.xml', data: Buffer.from('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>') },
    { name: 'word/media/image1.bin', deflated: deflatedSpaces(mb), size: mb * MB, declared: opts.lie ? 1024 : mb * MB },
  ]);
}

/** An "XLSX" whose first worksheet is `mb` megabytes of blanks. */
export function xlsxBomb(mb: number, opts: { lie?: boolean } = {}): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="目录" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>') },
    { name: 'xl/worksheets/sheet1.xml', deflated: deflatedSpaces(mb), size: mb * MB, declared: opts.lie ? 2048 : mb * MB },
  ]);
}

/** The 1 MB file that unpacks to 1 GB, its headers claiming 1 KB (the sizes lie). */
export const gigabyteBomb = () => xlsxBomb(1024, { lie: true });

/** Zips inside zips, `depth` deep, the innermost holding `mb` MB of blanks. */
export function nestedBomb(depth: number, mb: number): Buffer {
  let inner = zipOf([{ name: 'blank.txt', deflated: deflatedSpaces(mb), size: mb * MB }]);
  for (let i = 0; i < depth; i++) inner = zipOf([{ name: `level${i}.zip`, data: inner, stored: true }]);
  return inner;
}

/** The "better zip bomb": many central-directory entries sharing one compressed stream. */
export function overlappingBomb(entries: number, mb: number): Buffer {
  const one = zipOf([{ name: 'a.xml', deflated: deflatedSpaces(mb), size: mb * MB }]);
  const cdAt = one.readUInt32LE(one.length - 6);
  const central = one.subarray(cdAt, one.length - 22);
  const cds = Array.from({ length: entries }, () => central);
  const eocd = Buffer.from(one.subarray(one.length - 22));
  eocd.writeUInt16LE(entries, 8); eocd.writeUInt16LE(entries, 10); eocd.writeUInt32LE(central.length * entries, 12);
  return Buffer.concat([one.subarray(0, cdAt), ...cds, eocd]);
}
