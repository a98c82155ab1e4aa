// Shell: the one guard every uploaded or imported file passes before anything unpacks or parses it
// (disclosure attachments, delivery receipts, message photos, catalogue, annual-report and
// service-map imports, the command line). A ZIP container — DOCX, XLSX, PPTX, ODF, a bare zip —
// is recognised by its bytes, never its name: a local-file header at the start, or an end-of-
// central-directory record at the end that points at a real central directory (a zip appended to
// a JPEG or a PDF). Then:
//   1. the central directory: entry count, encryption, methods, ZIP64, the sizes it declares, and
//      the entries must tile the file (no overlapping entries — the "better zip bomb" reuses one
//      compressed stream for thousands of entries — and no hidden entries between them that a
//      streaming reader would find and the directory does not list);
//   2. every entry is inflated with its output counted and thrown away, stopping as soon as the
//      total passes the budget (declared sizes lie); an entry that is itself a zip (a chart's
//      workbook inside a DOCX) is checked the same way, within the same budget, two levels deep.
// The budget is the smaller of a fixed ceiling and `maxRatio` times the file's size (with a floor),
// so a 1 MB file is allowed about 100 MB unpacked: refusing a 1 MB → 1 GB bomb inflates at most
// that much, which takes tens of milliseconds.
import fs from 'node:fs/promises';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

export interface UnpackLimits {
  /** Ceiling on everything the file unpacks to, nested zips included. */
  maxUnpackedBytes: number;
  /** Unpacked ÷ file size above this is a bomb (office files are 3–30×)… */
  maxRatio: number;
  /** …once the unpacked total is past this many bytes (small files may compress very well). */
  ratioFloorBytes: number;
  maxEntries: number;
  /** How deep zips inside zips are followed; deeper is refused. */
  maxDepth: number;
}

const MB = 1024 * 1024;

/** For attachments and photos: 200 MB, 100×, 10,000 entries, zips nested two deep. */
export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxUnpackedBytes: 200 * MB, maxRatio: 100, ratioFloorBytes: 32 * MB, maxEntries: 10_000, maxDepth: 2 };

export type UnpackCode = 'zip_bomb' | 'zip_invalid';

export type UnpackVerdict =
  | { ok: true; zip: boolean; entries: number; unpackedBytes: number }
  | { ok: false; code: UnpackCode; message: string; reason: string };

const ZIP_BOMB_MESSAGE = '文件解压后过大，可能是压缩炸弹，已拒绝接收；请检查文件，或删去多余内容后重新保存再上传';
const ZIP_INVALID_MESSAGE = '文件是压缩格式（如 DOCX、XLSX），但其内部结构不完整或不受支持（加密、ZIP64 或条目有误），已拒绝接收；请用办公软件重新保存后再上传';

/** The budget for one file of `size` bytes under `limits`. */
export function unpackBudget(size: number, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): number {
  return Math.min(limits.maxUnpackedBytes, Math.max(limits.ratioFloorBytes, limits.maxRatio * size));
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
const CHUNK = 1024 * 1024;
/** Entries up to this size unpacked inflate in one synchronous call (nearly every entry of an office file). */
const SYNC_CAP = 16 * 1024 * 1024;

class Refusal extends Error {
  constructor(readonly code: UnpackCode, readonly reason: string) {
    super(reason);
  }
}
const bomb = (reason: string) => new Refusal('zip_bomb', reason);
const invalid = (reason: string) => new Refusal('zip_invalid', reason);

const startsAsZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6) || (b[2] === 7 && b[3] === 8));

/**
 * Checks a file before anything unpacks or parses it. `zip: false` for a file that is not a ZIP
 * container (nothing to unpack). Refuses a bomb (`zip_bomb`) and, for a file that starts as a
 * zip, one that cannot be read safely (`zip_invalid`); a zip-looking tail of another kind of file
 * is refused only when it is a bomb.
 */
export async function checkUnpacked(bytes: Uint8Array, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<UnpackVerdict> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const leading = startsAsZip(buf);
  const budget = { left: unpackBudget(buf.length, limits), entries: 0 };
  const total = budget.left;
  try {
    const found = await walk(buf, leading, limits, budget, 0);
    if (!found) return { ok: true, zip: false, entries: 0, unpackedBytes: 0 };
    return { ok: true, zip: true, entries: budget.entries, unpackedBytes: total - budget.left };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    // Another kind of file with something zip-like at its end: only a bomb is refused.
    if (!leading && e.code !== 'zip_bomb') return { ok: true, zip: false, entries: 0, unpackedBytes: 0 };
    return { ok: false, code: e.code, message: e.code === 'zip_bomb' ? ZIP_BOMB_MESSAGE : ZIP_INVALID_MESSAGE, reason: e.reason };
  }
}

interface Entry { name: string; flags: number; method: number; compressed: number; declared: number; local: number }

/** The end-of-central-directory record: the last signature in the tail whose comment fits. */
function findEocd(buf: Buffer): number {
  const from = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === EOCD && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) return i;
  }
  return -1;
}

/**
 * Where each entry's headers lie in a zip that starts at byte 0 (one this program wrote, such as a
 * rendered DOCX): the central-directory header and the local header, for editing them in place
 * (e.g. fixing the entry dates). Throws on anything else; uploads go through `checkUnpacked`.
 */
export function zipEntryHeaders(buf: Buffer): { central: number; local: number }[] {
  const eocd = buf.length >= 22 ? findEocd(buf) : -1;
  if (eocd < 0) throw new Error('not a zip file');
  const out: { central: number; local: number }[] = [];
  let at = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== CENTRAL) throw new Error('bad central directory');
    const local = buf.readUInt32LE(at + 42);
    if (buf.readUInt32LE(local) !== LOCAL) throw new Error('bad local header');
    out.push({ central: at, local });
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

/** Checks one zip (the upload or a zip inside it). False when `buf` is not a zip at all. */
async function walk(buf: Buffer, leading: boolean, limits: UnpackLimits, budget: { left: number; entries: number }, depth: number): Promise<boolean> {
  const eocd = buf.length >= 22 ? findEocd(buf) : -1;
  if (eocd < 0) {
    if (leading) throw invalid('no end-of-central-directory record (cut off?)');
    return false;
  }
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // Bytes before the zip proper (a zip appended to another file): offsets are relative to it.
  const prefix = eocd - cdSize - cdOffset;
  if (leading && cdSize > eocd) throw invalid('central directory larger than the file');
  if (!leading && (prefix < 0 || count === 0 || buf.readUInt32LE(eocd - cdSize) !== CENTRAL)) return false;
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw invalid('ZIP64');
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0 || buf.readUInt16LE(eocd + 8) !== count) throw invalid('multi-disk archive');
  if (prefix !== 0 && leading) throw invalid('central directory offset does not match its position');
  if (count > limits.maxEntries || budget.entries + count > limits.maxEntries) throw bomb(`${count} entries (limit ${limits.maxEntries})`);
  budget.entries += count;

  // 1. The central directory, before anything is inflated.
  const entries: Entry[] = [];
  let at = eocd - cdSize;
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== CENTRAL) throw invalid('central directory cut off');
    const nameLen = buf.readUInt16LE(at + 28);
    const e: Entry = {
      name: buf.toString('utf8', at + 46, Math.min(at + 46 + nameLen, buf.length)),
      flags: buf.readUInt16LE(at + 8), method: buf.readUInt16LE(at + 10),
      compressed: buf.readUInt32LE(at + 20), declared: buf.readUInt32LE(at + 24), local: buf.readUInt32LE(at + 42) + prefix,
    };
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (e.compressed === 0xffffffff || e.declared === 0xffffffff || e.local - prefix === 0xffffffff) throw invalid(`ZIP64 entry ${e.name}`);
    if (e.flags & 0x41) throw invalid(`encrypted entry ${e.name}`);
    if (e.method !== 0 && e.method !== 8) throw invalid(`compression method ${e.method} in ${e.name}`);
    if (e.method === 0 && e.declared !== e.compressed) throw invalid(`stored entry ${e.name} with two sizes`);
    declared += e.declared;
    if (declared > budget.left) throw bomb(`declares ${declared} bytes unpacked, more than the ${budget.left} allowed`);
    entries.push(e);
  }
  if (at !== eocd) throw invalid('central directory size does not match its entries');

  // The entries must tile the bytes before the directory: none overlapping, nothing hidden.
  const spans = entries.map((e) => ({ e, start: dataStart(buf, e) })).sort((a, b) => a.e.local - b.e.local);
  // (A zip appended to another file may start anywhere after that file.)
  const first = leading ? prefix : (spans[0]?.e.local ?? prefix);
  let end = first;
  for (const { e, start } of spans) {
    if (e.local < end) throw bomb(`entry ${e.name} overlaps another`);
    if (e.local !== end && !(end > first && gapIsDescriptor(buf, end, e.local))) throw invalid(`${e.local - end} unlisted bytes before ${e.name}`);
    end = start + e.compressed;
  }
  const cdStart = eocd - cdSize;
  if (end !== cdStart && !(entries.length > 0 && gapIsDescriptor(buf, end, cdStart))) throw invalid(`${cdStart - end} unlisted bytes before the central directory`);

  // 2. Inflate every entry, counting: the declared sizes may lie.
  for (const { e, start } of spans) {
    const data = buf.subarray(start, start + e.compressed);
    const { size, nested } = e.method === 0 ? stored(data, budget) : await inflateCounted(data, budget, e.name);
    if (size !== e.declared) throw invalid(`${e.name} unpacks to ${size} bytes, the directory says ${e.declared}`);
    if (nested) {
      if (depth + 1 > limits.maxDepth) throw bomb(`zip inside zip deeper than ${limits.maxDepth} (${e.name})`);
      await walk(nested, true, limits, budget, depth + 1);
    }
  }
  return true;
}

/** Where an entry's data starts, from its local header (which must be where the directory says). */
function dataStart(buf: Buffer, e: Entry): number {
  if (e.local < 0 || e.local + 30 > buf.length || buf.readUInt32LE(e.local) !== LOCAL) throw invalid(`no local header for ${e.name}`);
  const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
  if (start + e.compressed > buf.length) throw invalid(`${e.name} cut off`);
  return start;
}

/** A data descriptor (after an entry written as a stream): 12 or 16 bytes, 20 or 24 with ZIP64 sizes. */
function gapIsDescriptor(buf: Buffer, from: number, to: number): boolean {
  const n = to - from;
  if (n === 16 || n === 24) return buf.readUInt32LE(from) === 0x08074b50;
  return n === 12 || n === 20;
}

function stored(data: Buffer, budget: { left: number }): { size: number; nested: Buffer | null } {
  budget.left -= data.length;
  if (budget.left < 0) throw bomb('stored entries larger than the budget');
  return { size: data.length, nested: startsAsZip(data) ? data : null };
}

/**
 * Inflates one entry, keeping nothing but its size (and its bytes when it is itself a zip), and
 * stops as soon as the budget is spent. Entries up to 16 MB inflate in one synchronous call capped
 * there (so a bomb allocates no more than that); larger ones through a stream of 1 MB pieces that
 * is destroyed the moment it goes over, so memory stays flat whatever the budget.
 */
async function inflateCounted(data: Buffer, budget: { left: number }, name: string): Promise<{ size: number; nested: Buffer | null }> {
  const cap = Math.min(budget.left, SYNC_CAP);
  try {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(cap, 1), chunkSize: CHUNK });
    budget.left -= out.length;
    return { size: out.length, nested: startsAsZip(out) ? out : null };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'ERR_BUFFER_TOO_LARGE') throw invalid(`${name} does not inflate (${code ?? (e as Error).message})`);
    if (cap >= budget.left) throw bomb(`${name} unpacks past the budget`);
  }
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: CHUNK });
    let size = 0;
    let keep: Buffer[] | null = null;
    let done = false;
    const fail = (r: Refusal) => {
      if (done) return;
      done = true;
      inflater.destroy();
      reject(r);
    };
    inflater.on('data', (chunk: Buffer) => {
      if (done) return;
      if (size === 0 && startsAsZip(chunk)) keep = [];
      size += chunk.length;
      keep?.push(chunk);
      if (size > budget.left) fail(bomb(`${name} unpacks past the budget`));
    });
    inflater.on('error', (e: Error & { code?: string }) => fail(invalid(`${name} does not inflate (${e.code ?? e.message})`)));
    inflater.on('end', () => {
      if (done) return;
      done = true;
      budget.left -= size;
      resolve({ size, nested: keep ? Buffer.concat(keep) : null });
    });
    inflater.end(data);
  });
}

/**
 * The same check for a file on disk (command-line imports): only a file that starts as a zip is
 * read into memory and checked; any other file is not a ZIP container for the importers, which
 * read it as text.
 */
export async function checkUnpackedFile(file: string, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<UnpackVerdict> {
  const head = Buffer.alloc(4);
  const fd = await fs.open(file, 'r');
  try {
    await fd.read(head, 0, 4, 0);
  } finally {
    await fd.close();
  }
  if (!startsAsZip(head)) return { ok: true, zip: false, entries: 0, unpackedBytes: 0 };
  return checkUnpacked(await fs.readFile(file), limits);
}
