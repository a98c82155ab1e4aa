// Compact per-document storage for the search index (no I/O): numbers in typed arrays and strings in
// one byte table, so 1.91 M documents cost tens of megabytes and nothing for the garbage collector to
// trace, and so the index can be written to and read from a snapshot file as a few flat arrays.

/**
 * The next capacity of a growable array of `len` slots that must hold `min`: doubled while small,
 * then grown by an eighth — a loaded index (1.94 M documents) that gains one document must not
 * double its per-document arrays (≈ 150 MB at 1.91 M items when it did).
 */
export function nextCapacity(len: number, min: number): number {
  return Math.max(min, len < 1 << 20 ? len * 2 : len + (len >> 3), 16);
}

/** A growable Int32Array. */
export function grownInt32(a: Int32Array, min: number, fill = 0): Int32Array {
  if (min <= a.length) return a;
  const b = new Int32Array(nextCapacity(a.length, min));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/**
 * Non-negative 31-bit integer keys → non-negative values. Row ids are mostly dense (1…N): keys below
 * twice the entry count live in a direct table (4 bytes per key: the source-key → ordinal map of
 * 1.91 M documents in 8 MB instead of a Map of 1.91 M strings); sparse keys in a hash table.
 */
export class IntMap {
  private dense: Int32Array = new Int32Array(0);
  private hash = new HashIntMap();
  private n = 0;
  constructor(capacity = 0) { if (capacity > 0) this.dense = new Int32Array(Math.min(capacity, 1 << 26)).fill(-1); }

  get size(): number { return this.n; }

  get(k: number): number | undefined {
    if (k < this.dense.length) { const v = this.dense[k] as number; return v < 0 ? undefined : v; }
    return this.hash.size ? this.hash.get(k) : undefined;
  }

  set(k: number, v: number): void {
    if (k >= this.dense.length && k < 2 * (this.n + 1024)) {
      const d = new Int32Array(nextCapacity(this.dense.length, k + 1)).fill(-1);
      d.set(this.dense);
      this.dense = d;
      if (this.hash.size) {
        const [hk, hv] = this.hash.entries();
        for (let i = 0; i < hk.length; i++) if ((hk[i] as number) < d.length) { this.hash.delete(hk[i] as number); d[hk[i] as number] = hv[i] as number; }
      }
    }
    if (k < this.dense.length) {
      if ((this.dense[k] as number) < 0) this.n++;
      this.dense[k] = v;
      return;
    }
    const before = this.hash.size;
    this.hash.set(k, v);
    this.n += this.hash.size - before;
  }

  delete(k: number): boolean {
    if (k < this.dense.length) {
      if ((this.dense[k] as number) < 0) return false;
      this.dense[k] = -1; this.n--; return true;
    }
    const ok = this.hash.delete(k);
    if (ok) this.n--;
    return ok;
  }

  /** Keys and values as two parallel arrays (for a snapshot). */
  entries(): [Int32Array, Int32Array] {
    const k = new Int32Array(this.n); const v = new Int32Array(this.n);
    let j = 0;
    for (let i = 0; i < this.dense.length; i++) if ((this.dense[i] as number) >= 0) { k[j] = i; v[j++] = this.dense[i] as number; }
    const [hk, hv] = this.hash.entries();
    k.set(hk, j); v.set(hv, j);
    return [k, v];
  }

  /**
   * The map as stored in a snapshot without a copy: the direct table (a view, up to its highest key;
   * -1 where no key) and the sparse keys' entries. Use it before the map changes.
   */
  parts(): [Int32Array, Int32Array, Int32Array] {
    let top = this.dense.length;
    while (top > 0 && (this.dense[top - 1] as number) < 0) top--;
    return [this.dense.subarray(0, top), ...this.hash.entries()];
  }

  /**
   * A map adopting `dense` (as written by parts(): its first `used` slots; the rest is room to grow
   * into, set to -1 here) and the sparse entries.
   */
  static adopt(dense: Int32Array, used: number, keys: Int32Array, vals: Int32Array): IntMap {
    const m = new IntMap();
    dense.fill(-1, used);
    let n = 0;
    for (let i = 0; i < used; i++) if ((dense[i] as number) >= 0) n++;
    m.dense = dense;
    m.n = n;
    for (let i = 0; i < keys.length; i++) m.set(keys[i] as number, vals[i] as number);
    return m;
  }

  static from(keys: Int32Array, vals: Int32Array): IntMap {
    let max = -1;
    for (let i = 0; i < keys.length; i++) if ((keys[i] as number) > max && (keys[i] as number) < 2 * keys.length + 2048) max = keys[i] as number;
    // room for keys above the largest (rows inserted after the snapshot) without a copy
    const m = new IntMap(max < 0 ? 0 : max + 1 + Math.max(1024, (max + 1) >> 5));
    for (let i = 0; i < keys.length; i++) m.set(keys[i] as number, vals[i] as number);
    return m;
  }
}

/** Open addressing with linear probing and backward-shift deletion (no tombstones). */
class HashIntMap {
  private keys: Int32Array;
  private vals: Int32Array;
  private n = 0;
  constructor(capacity = 16) {
    let c = 16;
    while (c < capacity * 2) c *= 2;
    this.keys = new Int32Array(c).fill(-1);
    this.vals = new Int32Array(c);
  }

  get size(): number { return this.n; }

  private slot(k: number): number {
    const mask = this.keys.length - 1;
    let i = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const x = this.keys[i] as number;
      if (x === k || x === -1) return i;
      i = (i + 1) & mask;
    }
  }

  get(k: number): number | undefined {
    const i = this.slot(k);
    return this.keys[i] === k ? (this.vals[i] as number) : undefined;
  }

  set(k: number, v: number): void {
    if ((this.n + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    const i = this.slot(k);
    if (this.keys[i] !== k) { this.keys[i] = k; this.n++; }
    this.vals[i] = v;
  }

  delete(k: number): boolean {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = this.slot(k);
    if (keys[i] !== k) return false;
    // backward-shift: move later entries of the probe run into the hole
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const x = keys[j] as number;
      if (x === -1) break;
      const home = Math.imul(x, 0x9e3779b1) >>> 0 & mask;
      // x may move to i when its home is not cyclically within (i, j]
      if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
        keys[i] = x; this.vals[i] = this.vals[j] as number; i = j;
      }
    }
    keys[i] = -1;
    this.n--;
    return true;
  }

  private rehash(cap: number): void {
    const ok = this.keys; const ov = this.vals;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.n = 0;
    for (let i = 0; i < ok.length; i++) if ((ok[i] as number) !== -1) this.set(ok[i] as number, ov[i] as number);
  }

  /** Keys and values as two parallel arrays (for a snapshot). */
  entries(): [Int32Array, Int32Array] {
    const k = new Int32Array(this.n); const v = new Int32Array(this.n);
    let j = 0;
    for (let i = 0; i < this.keys.length; i++) if ((this.keys[i] as number) !== -1) { k[j] = this.keys[i] as number; v[j++] = this.vals[i] as number; }
    return [k, v];
  }

}

/** A canonical non-negative integer below 2³¹ ("42", not "042" or "4.2"), or -1. */
export function smallIntKey(id: string): number {
  if (id.length === 0 || id.length > 10 || !/^(0|[1-9]\d*)$/.test(id)) return -1;
  const n = Number(id);
  return n <= 0x7fffffff ? n : -1;
}

/**
 * Strings by ordinal, stored as UTF-8 in one byte array (start, length per ordinal). A replaced
 * string is appended; the old bytes stay until `compacted()` (a snapshot writes compacted tables).
 */
export class StringTable {
  bytes: Buffer;
  used = 0;
  start: Int32Array;
  len: Int32Array;
  constructor(n = 1024, bytes = 16 * 1024) {
    this.bytes = Buffer.allocUnsafe(bytes);
    this.start = new Int32Array(n);
    this.len = new Int32Array(n);
  }

  set(ord: number, s: string): void {
    if (ord >= this.start.length) { this.start = grownInt32(this.start, ord + 1); this.len = grownInt32(this.len, ord + 1); }
    if (this.len[ord] === Buffer.byteLength(s) && this.get(ord) === s) return;
    const need = Buffer.byteLength(s);
    if (this.used + need > this.bytes.length) {
      const b = Buffer.allocUnsafe(nextCapacity(this.bytes.length, this.used + need));
      this.bytes.copy(b, 0, 0, this.used);
      this.bytes = b;
    }
    this.bytes.write(s, this.used, 'utf8');
    this.start[ord] = this.used;
    this.len[ord] = need;
    this.used += need;
  }

  /** Room for `n` strings and `bytes` bytes in all (no copy while a build of known size fills them). */
  reserve(n: number, bytes: number): void {
    if (n > this.start.length) { this.start = grownInt32(this.start, n); this.len = grownInt32(this.len, n); }
    if (bytes > this.bytes.length) {
      const b = Buffer.allocUnsafe(bytes);
      this.bytes.copy(b, 0, 0, this.used);
      this.bytes = b;
    }
  }

  get(ord: number): string {
    const l = this.len[ord] ?? 0;
    if (!l) return '';
    const s = this.start[ord] as number;
    return this.bytes.toString('utf8', s, s + l);
  }

  /**
   * The first `n` strings with no dead bytes between them: [bytes, start, len]. Views of the table's
   * own arrays when they already are (a table loaded from a snapshot, or filled in order, is: no
   * 32 MB copy at 1.91 M items), so use them before the table changes.
   */
  compacted(n: number): [Uint8Array, Int32Array, Int32Array] {
    let total = 0;
    let inOrder = true;
    for (let i = 0; i < n; i++) {
      const l = this.len[i] as number;
      // (an empty string's start is never read)
      if (l && this.start[i] !== total) inOrder = false;
      total += l;
    }
    if (inOrder && n <= this.start.length) return [this.bytes.subarray(0, total), this.start.subarray(0, n), this.len.subarray(0, n)];
    const out = Buffer.allocUnsafe(total);
    const start = new Int32Array(n); const len = this.len.slice(0, n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const l = len[i] as number;
      if (l) this.bytes.copy(out, at, this.start[i] as number, (this.start[i] as number) + l);
      start[i] = at; at += l;
    }
    return [out, start, len];
  }

  /** A table adopting these arrays (`used`: bytes in use; the rest of `bytes` is room to grow into). */
  static from(bytes: Uint8Array, start: Int32Array, len: Int32Array, used = bytes.byteLength): StringTable {
    const t = new StringTable(0, 0);
    t.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // adopted: replaced by a copy when it grows
    t.used = Math.min(used, bytes.byteLength);
    t.start = start; t.len = len;
    return t;
  }
}
