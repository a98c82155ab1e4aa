// Shell: a guard for ZIP-based uploads (XLSX, DOCX) before a library unpacks them into memory.
import { inflateRawSync } from 'node:zlib';

/**
 * Whether the zip's entries unpack to at most `limit` bytes in all — by inflating each one with a
 * bounded output (the sizes the zip declares may lie), so a 5 MB "zip bomb" is refused before
 * exceljs unpacks it into memory. False for anything that is not a plain (non-Zip64) zip.
 */
export function unpacksWithin(buf: Buffer, limit: number): boolean {
  return zipUnpackCheck(buf, limit) === 'ok';
}

/** The same check, telling a file that is too big unpacked from one that is not a readable zip. */
export function zipUnpackCheck(buf: Buffer, limit: number): 'ok' | 'too_large' | 'not_zip' {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) return 'not_zip';
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let left = limit;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return 'not_zip';
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const local = buf.readUInt32LE(at + 42);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return 'not_zip';
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) return 'not_zip';
    const data = buf.subarray(start, start + compressed);
    if (method === 0) left -= data.length;
    else if (method === 8) {
      try {
        left -= inflateRawSync(data, { maxOutputLength: Math.max(left, 1) }).length;
      } catch (e) {
        return (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'not_zip';
      }
    } else return 'not_zip';
    if (left < 0) return 'too_large';
  }
  return 'ok';
}
