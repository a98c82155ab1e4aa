// Pure: what a file really is, judged by its bytes, never by its name or the browser's claim.
// PDF, JPEG and PNG by their signatures; DOCX and XLSX are ZIP packages (Office Open XML) and are
// told apart by their entries ([Content_Types].xml plus word/document.xml or xl/workbook.xml),
// read from the ZIP central directory — a ZIP that is not one of them (a JAR, an ODT, a bare zip)
// is not accepted. An OOXML package that carries macros (vbaProject.bin — a .docm/.xlsm renamed
// .docx/.xlsx) or ActiveX controls is refused: what a government publishes for download must not
// carry code (Office ignores the macros of a .docx, but other readers and converters may not).

export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'jpeg' | 'png';

export const FILE_KINDS: Record<FileKind, { mime: string; extension: string; label: string }> = {
  pdf: { mime: 'application/pdf', extension: 'pdf', label: 'PDF' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', label: 'Word（DOCX）' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Excel（XLSX）' },
  jpeg: { mime: 'image/jpeg', extension: 'jpg', label: 'JPEG 图片' },
  png: { mime: 'image/png', extension: 'png', label: 'PNG 图片' },
};

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The kind of file these bytes are, or null when none of the accepted kinds. */
export function sniffFileKind(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(bytes);
    if (!names || !names.has('[Content_Types].xml')) return null;
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
  }
  return null;
}

/** The kind a file name claims by its extension (.jpeg and .jpg both JPEG), or null. */
export function kindOfName(name: string): FileKind | null {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  return ext && ext in FILE_KINDS ? (ext as FileKind) : null;
}

/**
 * The entry names of a ZIP file from its central directory, or null when the directory cannot be
 * found or is cut off. Reads at most 65,535 entries; names are UTF-8 (or CP437 treated as Latin-1).
 */
export function zipEntryNames(b: Uint8Array): Set<string> | null {
  const u16 = (o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
  const u32 = (o: number) => (u16(o) | (u16(o + 2) << 16)) >>> 0;
  // End of central directory: signature 50 4B 05 06, within the last 22 + 65,535 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(eocd + 10);
  let at = u32(eocd + 16);
  const names = new Set<string>();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || u32(at) !== 0x02014b50) return null;
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    if (at + 46 + nameLen > b.length) return null;
    names.add(decoder.decode(b.subarray(at + 46, at + 46 + nameLen)));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

export type FileCheck = { ok: true; kind: FileKind; mime: string } | { ok: false; code: 'file_empty' | 'file_too_large' | 'file_type_unsupported' | 'file_type_mismatch' | 'file_active_content'; message: string };

const ACTIVE_PART = /(^|\/)(vbaProject\.bin|vbaData\.xml)$|(^|\/)activeX\//i;

/** Does this OOXML package carry macros or ActiveX controls? */
export function hasActiveContent(bytes: Uint8Array): boolean {
  return [...(zipEntryNames(bytes) ?? [])].some((n) => ACTIVE_PART.test(n));
}

/**
 * Checks an upload: not empty, at most `maxBytes`, one of `allowed` by its bytes, and — when the
 * name has a known extension — the bytes are what the name says (a PNG named .pdf is refused).
 */
export function checkUpload(bytes: Uint8Array, fileName: string, allowed: readonly FileKind[], maxBytes: number): FileCheck {
  if (bytes.length === 0) return { ok: false, code: 'file_empty', message: '文件为空' };
  if (bytes.length > maxBytes) return { ok: false, code: 'file_too_large', message: `文件过大：不能超过 ${formatBytes(maxBytes)}` };
  const kind = sniffFileKind(bytes);
  const accepted = allowed.map((k) => FILE_KINDS[k].label).join('、');
  if (!kind || !allowed.includes(kind)) return { ok: false, code: 'file_type_unsupported', message: `文件内容不是可接受的类型（${accepted}）` };
  if ((kind === 'docx' || kind === 'xlsx') && hasActiveContent(bytes)) return { ok: false, code: 'file_active_content', message: '文件含有宏或 ActiveX 控件，不能作为附件公开；请另存为不含宏的文档后再上传' };
  const claimed = kindOfName(fileName);
  if (claimed !== kind) return { ok: false, code: 'file_type_mismatch', message: `文件内容是 ${FILE_KINDS[kind].label}，与文件名「${fileName}」的扩展名不符` };
  return { ok: true, kind, mime: FILE_KINDS[kind].mime };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}
