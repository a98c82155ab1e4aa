// The search index snapshot file: the index's typed arrays and string tables written as one file, so
// a process starts in seconds instead of rebuilding 1.91 M documents from the database (ADR 0002).
//
// Layout (little-endian):
//   8 bytes  magic "GKSIDX\r\n"
//   u32      format version (FORMAT)
//   u32      header length H
//   H bytes  header JSON: { version, cursor, mark, dueCheckedAt, writtenAt, payloadLength, sections }
//   32 bytes SHA-256 of the header JSON and the payload
//   payload  sections (8-byte aligned): "meta" (JSON) and the typed arrays of IndexImage
// A file whose magic, format, version (a hash of the analyzer, the index code and the segmentation and
// pinyin libraries), length or checksum does not match is refused with a reason, never loaded.
// Writes go to a temporary file in the same directory, are flushed, then renamed over the old one:
// a reader sees the old file or the new one, never half of one, even with several writers.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { IndexImage } from './memory-index.ts';

const MAGIC = Buffer.from('GKSIDX\r\n', 'latin1');
export const SNAPSHOT_FORMAT = 1;
export const SNAPSHOT_FILE = 'search-index.snapshot';

/** What the snapshot reflects, beside the index itself. */
export interface SnapshotHeader {
  /** Hash of the code and libraries that shape the index: another version's file is rebuilt. */
  version: string;
  /** The last `search_change` id the index reflects. */
  cursor: number;
  /** That change row's identity (`at|source|source_id`), to tell another database or a pruned log. */
  mark: string;
  dueCheckedAt: string;
  writtenAt: string;
  payloadLength: number;
  sections: { name: string; kind: 'json' | 'i32' | 'f64' | 'f32' | 'u8'; offset: number; length: number }[];
}

export type SnapshotMeta = Pick<SnapshotHeader, 'cursor' | 'mark' | 'dueCheckedAt'>;

let versionMemo: string | null = null;
/** The code version a snapshot must match: the analyzer, the index storage and this format, and the libraries they use. */
export function snapshotVersion(): string {
  versionMemo ??= indexVersion();
  return versionMemo;
}

/**
 * The index code's version combined with the code that makes the documents (a caller's source
 * files): a snapshot written by other document code is refused, since its titles, keywords or urls
 * may differ from what the running code would index.
 */
export function snapshotVersionWith(files: readonly string[]): string {
  const h = crypto.createHash('sha256').update(snapshotVersion());
  for (const f of files) {
    try { h.update(fs.readFileSync(f)); } catch { h.update(`${path.basename(f)}: unreadable`); }
  }
  return h.digest('hex').slice(0, 32);
}

function indexVersion(): string {
  const h = crypto.createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  for (const f of ['analyzer', 'memory-index', 'snapshot-arrays', 'snapshot']) {
    try { h.update(fs.readFileSync(path.join(path.dirname(here), f + ext))); } catch { h.update(`${f}: unreadable`); }
  }
  const require = createRequire(import.meta.url);
  for (const lib of ['@node-rs/jieba', 'pinyin-pro']) {
    try { h.update(`${lib}@${(require(`${lib}/package.json`) as { version: string }).version}`); } catch { h.update(`${lib}@?`); }
  }
  return h.digest('hex').slice(0, 32);
}

const KIND = (a: IndexImage['arrays'][string]): 'i32' | 'f64' | 'f32' | 'u8' => (Array.isArray(a) || a instanceof Int32Array ? 'i32' : a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : 'u8');
const pad8 = (n: number) => (n + 7) & ~7;

/** The file's bytes (as a list of buffers) for an index image. */
export function encodeSnapshot(img: IndexImage, meta: SnapshotMeta, version = snapshotVersion()): Buffer[] {
  const parts: Buffer[] = [];
  const sections: SnapshotHeader['sections'] = [];
  let offset = 0;
  const add = (name: string, kind: SnapshotHeader['sections'][number]['kind'], bs: Buffer[]) => {
    let length = 0;
    for (const b of bs) { if (b.byteLength) parts.push(b); length += b.byteLength; }
    sections.push({ name, kind, offset, length });
    offset += length;
    const pad = pad8(offset) - offset;
    if (pad) { parts.push(Buffer.alloc(pad)); offset += pad; }
  };
  add('meta', 'json', [Buffer.from(JSON.stringify(img.meta), 'utf8')]);
  // views of the arrays' bytes (no copies)
  for (const [name, a] of Object.entries(img.arrays)) add(name, KIND(a), (Array.isArray(a) ? a : [a]).map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength)));
  const header: SnapshotHeader = { version, ...meta, writtenAt: new Date().toISOString(), payloadLength: offset, sections };
  const hj = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.alloc(16);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(SNAPSHOT_FORMAT, 8);
  fixed.writeUInt32LE(hj.byteLength, 12);
  const sum = crypto.createHash('sha256').update(hj);
  for (const p of parts) sum.update(p);
  return [fixed, hj, sum.digest(), ...parts];
}

export class SnapshotError extends Error {
  constructor(public reason: 'missing' | 'foreign' | 'version' | 'truncated' | 'corrupt', message: string) { super(message); }
}

/** Decodes a snapshot file's bytes; throws SnapshotError (with the reason) for anything but a whole, matching file. */
export function decodeSnapshot(buf: Buffer, version = snapshotVersion()): { header: SnapshotHeader; image: IndexImage } {
  if (buf.byteLength < 16 || !buf.subarray(0, 8).equals(MAGIC)) throw new SnapshotError('foreign', '不是搜索索引快照文件（文件头不符）');
  const format = buf.readUInt32LE(8);
  if (format !== SNAPSHOT_FORMAT) throw new SnapshotError('version', `快照格式版本 ${format} 与本程序（${SNAPSHOT_FORMAT}）不同`);
  const hl = buf.readUInt32LE(12);
  if (16 + hl + 32 > buf.byteLength) throw new SnapshotError('truncated', '快照文件不完整（文件头被截断）');
  let header: SnapshotHeader;
  try { header = JSON.parse(buf.toString('utf8', 16, 16 + hl)) as SnapshotHeader; } catch { throw new SnapshotError('corrupt', '快照文件头损坏'); }
  if (typeof header?.payloadLength !== 'number' || !Array.isArray(header.sections)) throw new SnapshotError('corrupt', '快照文件头损坏');
  const start = 16 + hl + 32;
  if (buf.byteLength < start + header.payloadLength) throw new SnapshotError('truncated', `快照文件不完整（${buf.byteLength} 字节，应为 ${start + header.payloadLength}）`);
  if (buf.byteLength > start + header.payloadLength) throw new SnapshotError('corrupt', '快照文件长度与文件头不符');
  const sum = crypto.createHash('sha256').update(buf.subarray(16, 16 + hl)).update(buf.subarray(start)).digest();
  if (!sum.equals(buf.subarray(16 + hl, start))) throw new SnapshotError('corrupt', '快照校验和不符（文件已损坏）');
  if (header.version !== version) throw new SnapshotError('version', '快照由另一版本的程序写成');
  let meta: IndexImage['meta'] | null = null;
  const arrays: IndexImage['arrays'] = {};
  for (const s of header.sections) {
    const at = buf.byteOffset + start + s.offset;
    if (s.kind === 'json') { meta = JSON.parse(buf.toString('utf8', start + s.offset, start + s.offset + s.length)) as IndexImage['meta']; continue; }
    // views into the file's bytes when aligned (the index adopts them), else aligned copies
    const raw = at % 8 === 0 ? buf.buffer : buf.buffer.slice(at, at + s.length);
    const off = at % 8 === 0 ? at : 0;
    arrays[s.name] = s.kind === 'i32' ? new Int32Array(raw, off, s.length / 4) : s.kind === 'f64' ? new Float64Array(raw, off, s.length / 8) : s.kind === 'f32' ? new Float32Array(raw, off, s.length / 4) : new Uint8Array(raw, off, s.length);
  }
  if (!meta) throw new SnapshotError('corrupt', '快照缺少元数据段');
  return { header, image: { meta, arrays } };
}

/**
 * Reads and checks a snapshot file (SnapshotError with reason 'missing' when there is none): section
 * by section into arrays of their own (hashed as they are read), so nothing but the index's arrays
 * stays in memory — no copy of the whole file. `spare(name, byteLength)`: bytes of zeroed room to
 * leave after an array's data (the array is that much longer), so that the changes replayed after a
 * load do not copy the per-document arrays (a copy leaves the old ones as garbage: ≈ 90 MB held until
 * the next full collection at 1.91 M items).
 */
export async function readSnapshot(file: string, version = snapshotVersion(), spare: (name: string, byteLength: number) => number = () => 0): Promise<{ header: SnapshotHeader; image: IndexImage }> {
  let fh: fs.promises.FileHandle;
  try { fh = await fs.promises.open(file, 'r'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotError('missing', '没有快照文件');
    throw e;
  }
  try {
    const size = (await fh.stat()).size;
    const readAt = async (into: Uint8Array, pos: number) => {
      let got = 0;
      while (got < into.byteLength) {
        const { bytesRead } = await fh.read(into, got, into.byteLength - got, pos + got);
        if (!bytesRead) throw new SnapshotError('truncated', '快照文件不完整');
        got += bytesRead;
      }
    };
    const fixed = Buffer.alloc(Math.min(16, size));
    await readAt(fixed, 0);
    if (size < 16 || !fixed.subarray(0, 8).equals(MAGIC)) throw new SnapshotError('foreign', '不是搜索索引快照文件（文件头不符）');
    const format = fixed.readUInt32LE(8);
    if (format !== SNAPSHOT_FORMAT) throw new SnapshotError('version', `快照格式版本 ${format} 与本程序（${SNAPSHOT_FORMAT}）不同`);
    const hl = fixed.readUInt32LE(12);
    if (16 + hl + 32 > size) throw new SnapshotError('truncated', '快照文件不完整（文件头被截断）');
    const hj = Buffer.alloc(hl);
    await readAt(hj, 16);
    let header: SnapshotHeader;
    try { header = JSON.parse(hj.toString('utf8')) as SnapshotHeader; } catch { throw new SnapshotError('corrupt', '快照文件头损坏'); }
    if (typeof header?.payloadLength !== 'number' || !Array.isArray(header.sections)) throw new SnapshotError('corrupt', '快照文件头损坏');
    const start = 16 + hl + 32;
    if (size < start + header.payloadLength) throw new SnapshotError('truncated', `快照文件不完整（${size} 字节，应为 ${start + header.payloadLength}）`);
    if (size > start + header.payloadLength) throw new SnapshotError('corrupt', '快照文件长度与文件头不符');
    const digest = Buffer.alloc(32);
    await readAt(digest, 16 + hl);
    const sum = crypto.createHash('sha256').update(hj);
    const sections = [...header.sections].sort((x, y) => x.offset - y.offset);
    if (sections.some((x, i) => x.offset !== (i ? pad8((sections[i - 1] as { offset: number; length: number }).offset + (sections[i - 1] as { length: number }).length) : 0) || x.length < 0)) throw new SnapshotError('corrupt', '快照分段表损坏');
    let meta: IndexImage['meta'] | null = null;
    const arrays: IndexImage['arrays'] = {};
    for (const [i, x] of sections.entries()) {
      const end = i + 1 < sections.length ? (sections[i + 1] as { offset: number }).offset : header.payloadLength;
      if (end < x.offset + x.length) throw new SnapshotError('corrupt', '快照分段表损坏');
      // an array may get spare room (zeroed) after its data: the index grows into it without a copy
      const room = x.kind === 'json' ? 0 : Math.max(0, Math.floor(spare(x.name, x.length) / 8) * 8);
      const raw = new ArrayBuffer(Math.max(end - x.offset, x.length + room));
      const u8 = new Uint8Array(raw, 0, end - x.offset);
      await readAt(u8, start + x.offset);
      sum.update(u8);
      const bytes = x.length + room;
      if (x.kind === 'json') meta = JSON.parse(Buffer.from(raw, 0, x.length).toString('utf8')) as IndexImage['meta'];
      else arrays[x.name] = x.kind === 'i32' ? new Int32Array(raw, 0, bytes >> 2) : x.kind === 'f64' ? new Float64Array(raw, 0, bytes >> 3) : x.kind === 'f32' ? new Float32Array(raw, 0, bytes >> 2) : new Uint8Array(raw, 0, bytes);
    }
    if (!sum.digest().equals(digest)) throw new SnapshotError('corrupt', '快照校验和不符（文件已损坏）');
    if (header.version !== version) throw new SnapshotError('version', '快照由另一版本的程序写成');
    if (!meta) throw new SnapshotError('corrupt', '快照缺少元数据段');
    return { header, image: { meta, arrays } };
  } catch (e) {
    if (e instanceof SyntaxError) throw new SnapshotError('corrupt', '快照元数据损坏');
    throw e;
  } finally { await fh.close(); }
}

/**
 * Writes a snapshot: a temporary file in the same directory, flushed, then renamed over the old one.
 * An index image holds views of its live index's arrays (no copies: a copy of the per-document
 * arrays was ≈ 100 MB of garbage at 1.91 M items, which stayed in the process's RSS until a full
 * collection), so the bytes are written before this function first awaits — the index cannot change
 * under them; only the flush, close and rename happen after.
 */
/** Bytes gathered before one write (see writeSnapshot). */
const STAGING_BYTES = 1 << 20;

export async function writeSnapshot(file: string, img: IndexImage, meta: SnapshotMeta, version = snapshotVersion()): Promise<number> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  let fd = -1;
  let bytes = 0;
  try {
    const parts = encodeSnapshot(img, meta, version);
    fd = fs.openSync(tmp, 'w', 0o600);
    const out = fd;
    const write = (p: Buffer) => { let at = 0; while (at < p.byteLength) at += fs.writeSync(out, p, at, p.byteLength - at); };
    // small parts (a group's members: one each) are gathered into one buffer, so the write is a few
    // hundred system calls instead of one per group (200,000 writes of 32 B took 1.3 s)
    const staging = Buffer.allocUnsafe(STAGING_BYTES);
    let staged = 0;
    for (const p of parts) {
      bytes += p.byteLength;
      if (p.byteLength >= STAGING_BYTES / 4) {
        if (staged) { write(staging.subarray(0, staged)); staged = 0; }
        write(p);
        continue;
      }
      if (staged + p.byteLength > STAGING_BYTES) { write(staging.subarray(0, staged)); staged = 0; }
      staging.set(p, staged);
      staged += p.byteLength;
    }
    if (staged) write(staging.subarray(0, staged));
    parts.length = 0;
    const h = fd;
    await new Promise<void>((resolve, reject) => fs.fsync(h, (e) => (e ? reject(e) : resolve())));
  } catch (e) {
    if (fd >= 0) try { fs.closeSync(fd); } catch { /* already failing */ }
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try { await fs.promises.rename(tmp, file); } catch (e) { await fs.promises.rm(tmp, { force: true }); throw e; }
  return bytes;
}

/** The header of a snapshot file without reading the whole of it (null when absent or unreadable). */
export async function peekSnapshot(file: string): Promise<SnapshotHeader | null> {
  try {
    const fh = await fs.promises.open(file, 'r');
    try {
      const fixed = Buffer.alloc(16);
      await fh.read(fixed, 0, 16, 0);
      if (!fixed.subarray(0, 8).equals(MAGIC)) return null;
      const hl = fixed.readUInt32LE(12);
      if (hl > 1 << 20) return null;
      const hj = Buffer.alloc(hl);
      await fh.read(hj, 0, hl, 16);
      return JSON.parse(hj.toString('utf8')) as SnapshotHeader;
    } finally { await fh.close(); }
  } catch { return null; }
}
