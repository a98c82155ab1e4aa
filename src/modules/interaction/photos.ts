// Pure: photos attached to messages. The type is decided by the file's first bytes (never its
// name or the browser's word), and metadata that can carry a location is removed before storing:
// JPEG APP1 (EXIF/XMP) and APP13 (IPTC) segments and comments; PNG eXIf and text chunks; WebP
// EXIF and XMP chunks.

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_COUNT = 3;

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

export function sniffImage(b: Uint8Array): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class BadImageError extends Error {
  readonly code = 'bad_image';
}

/** Removes location-bearing metadata. @throws BadImageError when the structure is broken. */
export function stripMetadata(b: Uint8Array, type: PhotoType): Uint8Array {
  if (type === 'image/jpeg') return stripJpeg(b);
  if (type === 'image/png') return stripPng(b);
  return stripWebp(b);
}

function stripJpeg(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new BadImageError('JPEG 文件结构不完整');
    const marker = b[i + 1] as number;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { parts.push(b.subarray(i, i + 2)); i += 2; continue; }
    if (i + 3 >= b.length) throw new BadImageError('JPEG 文件结构不完整');
    const len = ((b[i + 2] as number) << 8) | (b[i + 3] as number);
    if (len < 2 || i + 2 + len > b.length) throw new BadImageError('JPEG 文件结构不完整');
    if (marker === 0xda) { parts.push(b.subarray(i)); break; } // start of scan: the rest is image data
    const drop = marker === 0xe1 || marker === 0xed || marker === 0xfe; // APP1 EXIF/XMP, APP13 IPTC, COM
    if (!drop) parts.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  return concat(parts);
}

const PNG_DROP = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 8 <= b.length) {
    const len = (((b[i] as number) << 24) >>> 0) + ((b[i + 1] as number) << 16) + ((b[i + 2] as number) << 8) + (b[i + 3] as number);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + len;
    if (end > b.length) throw new BadImageError('PNG 文件结构不完整');
    if (!PNG_DROP.has(type)) parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return concat(parts);
}

function stripWebp(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = ascii(b, i, 4);
    const len = (b[i + 4] as number) | ((b[i + 5] as number) << 8) | ((b[i + 6] as number) << 16) | (((b[i + 7] as number) << 24) >>> 0);
    const end = i + 8 + len + (len % 2);
    if (i + 8 + len > b.length) throw new BadImageError('WebP 文件结构不完整');
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = b.slice(i, Math.min(end, b.length));
      // VP8X flags: clear the EXIF (0x08) and XMP (0x04) bits.
      if (type === 'VP8X' && chunk.length > 8) chunk[8] = (chunk[8] as number) & ~0x0c;
      parts.push(chunk);
    }
    i = end;
  }
  const body = concat(parts);
  const header = new Uint8Array(12);
  header.set(b.subarray(0, 12));
  const size = body.length + 4;
  header[4] = size & 0xff; header[5] = (size >> 8) & 0xff; header[6] = (size >> 16) & 0xff; header[7] = (size >>> 24) & 0xff;
  return concat([header, body]);
}

export type PhotoCheck = { ok: true; type: PhotoType; data: Uint8Array } | { ok: false; reason: string };

/** Checks one upload: size, type by magic bytes, structure; returns the cleaned bytes. */
export function checkPhoto(name: string, data: Uint8Array, maxBytes = PHOTO_MAX_BYTES): PhotoCheck {
  if (data.length > maxBytes) return { ok: false, reason: `照片“${name}”超过 ${Math.round(maxBytes / 1024 / 1024)} MB` };
  if (!data.length) return { ok: false, reason: `照片“${name}”是空文件` };
  const type = sniffImage(data);
  if (!type) return { ok: false, reason: `“${name}”不是 JPEG、PNG 或 WebP 图片` };
  try {
    return { ok: true, type, data: stripMetadata(data, type) };
  } catch (e) {
    return { ok: false, reason: `照片“${name}”无法读取：${(e as Error).message}` };
  }
}
