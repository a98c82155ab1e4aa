// The index snapshot: an index written and read back answers a fixed query list exactly like the
// index it was taken from, before and after further changes; a corrupt, truncated, foreign or
// other-version file is refused with its reason; two writers at once leave one whole file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryIndex } from './memory-index.ts';
import { IntMap, StringTable } from './snapshot-arrays.ts';
import { SNAPSHOT_FORMAT, SnapshotError, decodeSnapshot, encodeSnapshot, readSnapshot, snapshotVersion, snapshotVersionWith, writeSnapshot } from './snapshot.ts';
import type { SearchDoc } from './search-port.ts';

const NAMES = ['社会保险参保缴费证明打印', '居民身份证换领', '住房公积金提取', '最低生活保障审批', '离婚登记', '机动车驾驶证换证', '个体工商户设立登记', '出生医学证明办理'];
const REGIONS = ['340102000000', '340104000000', '340200000000', '341100000000', '340000000000'];
function corpus(n: number, salt = ''): SearchDoc[] {
  const out: SearchDoc[] = [];
  for (let i = 1; i <= n; i++) {
    const name = NAMES[i % NAMES.length] as string;
    out.push({
      type: 'item', id: String(i), publicId: `I${salt}${String(i).padStart(6, '0')}`, title: `${name}（${i % 7}）`, keywords: i % 3 ? ['社保'] : ['证件', '办理'],
      dept: i % 2 ? '某某局' : '人力资源和社会保障局', regionCode: REGIONS[i % REGIONS.length] as string, channels: i % 4 ? ['window'] : ['online', 'window'],
      popularity: (i * 37) % 101, url: `/services/items/I${salt}${String(i).padStart(6, '0')}`,
    });
  }
  out.push({ type: 'venue', id: '1', publicId: 'V-1', title: '合肥市政务服务中心', body: '合肥市蜀山区怀宁路1800号', regionCode: '340104000000', url: '/services/venues/V-1' });
  out.push({ type: 'catalog_item', id: '9', publicId: '3/a b', title: '财政预决算·部门预算', keywords: ['财政预决算'], body: '部门预算公开', url: '/openness/catalogs/3/items/a%20b' });
  out.push({ type: 'item', id: 'x-7', title: '不是数字编号的事项', regionCode: '340100' });
  return out;
}

const QUERIES = ['社保', '社会保险', '身份证', 'gongjijin', 'sfz', '低保', '离婚', '怀宁路', '预算', '社保 合肥', '驾驶证换证', '工商户', '出生证明', '数字编号'];
function answers(ix: MemoryIndex): unknown[] {
  const out: unknown[] = [];
  for (const q of QUERIES) {
    out.push(ix.query({ q, limit: 20, offset: 0 }));
    out.push(ix.query({ q, limit: 10, offset: 5, region: '3401', channel: 'online' }));
  }
  out.push(ix.suggest('社', 8), ix.suggest('sb', 8), ix.size(), ix.stats());
  for (const [t, id] of [['item', '5'], ['venue', '1'], ['catalog_item', '9'], ['item', 'x-7'], ['item', '999999']] as const) out.push(ix.publicIdOf(t, id), ix.urlOf(t, id), ix.titleOf(t, id));
  return out;
}

function roundTrip(ix: MemoryIndex): MemoryIndex {
  const buf = Buffer.concat(encodeSnapshot(ix.image(), { cursor: 7, mark: 'm', dueCheckedAt: '' }));
  return MemoryIndex.fromImage(decodeSnapshot(buf).image);
}

test('an index read back from its snapshot answers like the index it was taken from, also after further changes', () => {
  const a = new MemoryIndex();
  a.upsert(corpus(3000));
  a.remove('item', ['10', '11', 'x-7']);
  const b = roundTrip(a);
  assert.deepEqual(answers(b), answers(a));
  assert.ok((answers(a)[0] as { total: number }).total > 0, 'the queries find something');
  // changes after the snapshot (what the follower replays) leave both in the same state
  for (const ix of [a, b]) {
    ix.upsert([{ type: 'item', id: '12', publicId: 'I-NEW-12', title: '临时占用林地审批', keywords: ['占林地'], regionCode: '340102000000', channels: ['kiosk'], url: '/services/items/I-NEW-12' }]);
    ix.upsert(corpus(3100).slice(2990, 3100));
    ix.remove('item', ['20', '21']);
    ix.remove('venue', ['1']);
  }
  assert.deepEqual(answers(b), answers(a));
  assert.equal(b.query({ q: '林地', limit: 5, offset: 0, channel: 'kiosk' }).hits[0]?.id, 'I-NEW-12');
  // and a snapshot of the changed copy again
  assert.deepEqual(answers(roundTrip(b)), answers(a));
});

test('compact storage: the key map and the string table keep what they are given', () => {
  const m = new IntMap();
  const ref = new Map<number, number>();
  for (let i = 0; i < 5000; i++) { const k = (i * 7919) % 100_003; m.set(k, i); ref.set(k, i); }
  for (let i = 0; i < 5000; i += 3) { const k = (i * 7919) % 100_003; assert.equal(m.delete(k), true); ref.delete(k); }
  assert.equal(m.size, ref.size);
  for (let k = 0; k < 100_003; k += 1) assert.equal(m.get(k), ref.get(k));
  // dense row ids (a direct table) mixed with far-off ones (the hash), also after a round trip
  const d = new IntMap();
  const dref = new Map<number, number>();
  for (let k = 1; k <= 20_000; k++) { d.set(k, k * 2); dref.set(k, k * 2); }
  for (const k of [2_000_000_000, 99_999_999, 5]) { d.set(k, 7); dref.set(k, 7); }
  for (let k = 1; k <= 20_000; k += 5) { d.delete(k); dref.delete(k); }
  const back = IntMap.from(...d.entries());
  for (const x of [d, back]) {
    assert.equal(x.size, dref.size);
    for (const k of [0, 1, 2, 5, 6, 19_999, 20_000, 20_001, 99_999_999, 2_000_000_000, 2_000_000_001]) assert.equal(x.get(k), dref.get(k), String(k));
  }
  // as a snapshot stores it: the direct table (a view) and the sparse entries; adopted with spare room
  const [dense, hk, hv] = d.parts();
  assert.equal(dense.length, 20_001, 'the direct table ends at the highest key');
  const room = new Int32Array(dense.length + 500);
  room.set(dense);
  const adopted = IntMap.adopt(room, dense.length, hk, hv);
  assert.equal(adopted.size, dref.size);
  for (const k of [0, 1, 2, 5, 6, 19_999, 20_000, 20_001, 20_300, 99_999_999, 2_000_000_000, 2_000_000_001]) assert.equal(adopted.get(k), dref.get(k), `adopted ${k}`);
  adopted.set(20_300, 3);
  assert.equal(adopted.get(20_300), 3);
  assert.equal(adopted.size, dref.size + 1);
  assert.equal(room[20_300], 3, 'a key in the spare room goes to the adopted table');
  const t = new StringTable(2, 4);
  t.set(0, '事项编码-1'); t.set(5, 'abc'); t.set(0, '替换后');
  assert.equal(t.get(0), '替换后'); assert.equal(t.get(5), 'abc'); assert.equal(t.get(3), '');
  const [bytes, start, len] = t.compacted(6);
  assert.equal(StringTable.from(bytes, start, len).get(0), '替换后');
  // (small buffers share Node's pool: the same bytes are the same buffer at the same offset)
  const sameBytes = (x: Uint8Array, y: Uint8Array) => x.buffer === y.buffer && x.byteOffset === y.byteOffset;
  assert.ok(!sameBytes(bytes, t.bytes), 'a table with dead bytes is copied');
  // a table filled in order is its own compacted form: views, no copy
  const o = new StringTable(4, 64);
  ['甲-1', '', 'b', '乙丙'].forEach((v, i) => o.set(i, v));
  const [ob, os2, ol] = o.compacted(4);
  assert.ok(sameBytes(ob, o.bytes));
  assert.equal(ob.byteLength, Buffer.byteLength('甲-1b乙丙'));
  const back2 = StringTable.from(ob, os2, ol);
  assert.deepEqual([0, 1, 2, 3].map((i) => back2.get(i)), ['甲-1', '', 'b', '乙丙']);
});

test('a snapshot is written from views of the live index (no copies) and holds the index as it was when the write was called', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-snapview-'));
  try {
    const a = new MemoryIndex();
    a.upsert(corpus(3000));
    const img = a.image();
    const live = a as unknown as { docGroup: Int32Array; docPop: Float32Array; docId: { bytes: Buffer } };
    assert.equal((img.arrays.docGroup as Int32Array).buffer, live.docGroup.buffer);
    assert.equal((img.arrays.docPop as Float32Array).buffer, live.docPop.buffer);
    assert.equal((img.arrays.idBytes as Uint8Array).buffer, live.docId.bytes.buffer);
    assert.ok(Array.isArray(img.arrays.members), 'the members are the groups\' own arrays');
    const expected = answers(a);
    const file = path.join(dir, 'search-index.snapshot');
    const writing = writeSnapshot(file, a.image(), { cursor: 1, mark: '', dueCheckedAt: '' });
    // changes landing while the write finishes (a sync of the change log) are not in the file
    a.upsert([{ type: 'item', id: '12', publicId: 'I-NEW-12', title: '临时占用林地审批', regionCode: '340102000000', url: '/x' }, ...corpus(3200, 'Z').slice(3000)]);
    a.remove('item', ['5', '6']);
    await writing;
    const b = MemoryIndex.fromImage((await readSnapshot(file)).image);
    assert.deepEqual(answers(b), expected);
    assert.notDeepEqual(answers(a), expected);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

function sample(): Buffer {
  const ix = new MemoryIndex();
  ix.upsert(corpus(200));
  return Buffer.concat(encodeSnapshot(ix.image(), { cursor: 3, mark: 'x', dueCheckedAt: '' }));
}
const reason = (f: () => unknown) => { try { f(); } catch (e) { if (e instanceof SnapshotError) return e.reason; throw e; } return 'loaded'; };

test('a corrupt, truncated, foreign or other-version snapshot is refused with its reason, never loaded', () => {
  const good = sample();
  assert.equal(reason(() => decodeSnapshot(good)), 'loaded');
  const flipped = Buffer.from(good); flipped[flipped.length - 100] = (flipped[flipped.length - 100] as number) ^ 0xff;
  assert.equal(reason(() => decodeSnapshot(flipped)), 'corrupt');
  const headerHit = Buffer.from(good); headerHit[30] = (headerHit[30] as number) ^ 0x01;
  assert.ok(['corrupt'].includes(reason(() => decodeSnapshot(headerHit))));
  assert.equal(reason(() => decodeSnapshot(good.subarray(0, good.length - 1))), 'truncated');
  assert.equal(reason(() => decodeSnapshot(good.subarray(0, 20))), 'truncated');
  assert.equal(reason(() => decodeSnapshot(Buffer.concat([good, Buffer.from([0])]))), 'corrupt');
  assert.equal(reason(() => decodeSnapshot(Buffer.from('SQLite format 3\0 and so on and so forth'))), 'foreign');
  assert.equal(reason(() => decodeSnapshot(Buffer.alloc(0))), 'foreign');
  const otherFormat = Buffer.from(good); otherFormat.writeUInt32LE(SNAPSHOT_FORMAT + 1, 8);
  assert.equal(reason(() => decodeSnapshot(otherFormat)), 'version');
  assert.equal(reason(() => decodeSnapshot(good, 'another-version-hash')), 'version');
});

test('two writers at once leave one whole snapshot (temporary file, then rename) and no temporary files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-snap-'));
  try {
    const file = path.join(dir, 'search-index.snapshot');
    await assert.rejects(readSnapshot(file), (e: unknown) => e instanceof SnapshotError && e.reason === 'missing');
    const a = new MemoryIndex(); a.upsert(corpus(1500));
    const b = new MemoryIndex(); b.upsert(corpus(2500, 'B'));
    const imgA = a.image(); const imgB = b.image();
    const writes: Promise<number>[] = [];
    for (let i = 0; i < 6; i++) writes.push(writeSnapshot(file, i % 2 ? imgA : imgB, { cursor: i, mark: String(i), dueCheckedAt: '' }));
    // a reader during the writes sees no file or a whole one
    const during = await readSnapshot(file).then(() => 'whole', (e: unknown) => (e as SnapshotError).reason);
    assert.ok(['whole', 'missing'].includes(during), during);
    await Promise.all(writes);
    const { header, image } = await readSnapshot(file);
    const loaded = MemoryIndex.fromImage(image);
    assert.deepEqual(answers(loaded), answers(header.cursor % 2 ? a : b));
    assert.deepEqual(fs.readdirSync(dir), ['search-index.snapshot']);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('a snapshot written by other document code is refused: the version covers the files that make the documents', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-snapver-'));
  try {
    const producer = path.join(dir, 'producer.ts');
    fs.writeFileSync(producer, 'export const title = (t: string) => t;\n');
    const before = snapshotVersionWith([producer]);
    assert.notEqual(before, snapshotVersion());
    assert.equal(snapshotVersionWith([producer]), before);
    const idx = new MemoryIndex();
    idx.upsert([{ type: 'item', id: '1', title: '社会保险查询' }]);
    const file = path.join(dir, 'search.snapshot');
    await writeSnapshot(file, idx.image(), { cursor: 0, mark: '', dueCheckedAt: '' }, before);
    assert.equal((await readSnapshot(file, before)).header.version, before);
    fs.writeFileSync(producer, 'export const title = (t: string) => t.trim();\n');
    const after = snapshotVersionWith([producer]);
    assert.notEqual(after, before);
    await assert.rejects(readSnapshot(file, after), (e: unknown) => e instanceof SnapshotError && e.reason === 'version');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot read with spare room grows into it: new documents replayed after the load copy no per-document array, answers unchanged', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-snapspare-'));
  try {
    const a = new MemoryIndex();
    a.upsert(corpus(3000));
    a.remove('item', ['10']);
    const file = path.join(dir, 'search-index.snapshot');
    await writeSnapshot(file, a.image(), { cursor: 1, mark: '', dueCheckedAt: '' });
    const { image } = await readSnapshot(file, snapshotVersion(), MemoryIndex.snapshotSpare);
    assert.ok((image.arrays.docGroup as Int32Array).length >= 3002 + 4096, 'the per-document arrays carry room');
    assert.equal((image.arrays.members as Int32Array).length, 3002, 'other arrays are read as written');
    const b = MemoryIndex.fromImage(image);
    assert.deepEqual(answers(b), answers(a));
    const storage = (ix: MemoryIndex) => { const x = ix as unknown as { docGroup: Int32Array; docPop: Float32Array; docRegionIx: Int32Array; docId: { bytes: Buffer; start: Int32Array }; ordByNum: Map<string, { dense: Int32Array }> }; return [x.docGroup.buffer, x.docPop.buffer, x.docRegionIx.buffer, x.docId.bytes.buffer, x.docId.start.buffer, x.ordByNum.get('item')?.dense.buffer]; };
    const before = storage(b);
    // what a start replays: new rows (ids above the snapshot's), changed and removed ones
    const more = corpus(3400, 'N').slice(3000, 3400);
    for (const ix of [a, b]) { ix.upsert(more); ix.upsert(corpus(20).slice(5, 9)); ix.remove('item', ['30', '3100']); }
    storage(b).forEach((buf, i) => assert.equal(buf, before[i], `array ${i} was not copied`));
    // (suggestions of equal weight may come in another order in a loaded and a built index after changes: compared as sets)
    const bySet = (x: unknown[]) => x.map((v) => (Array.isArray(v) ? [...(v as { text: string }[])].sort((p, q) => p.text.localeCompare(q.text)) : v));
    assert.deepEqual(bySet(answers(b)), bySet(answers(a)));
    assert.equal(b.publicIdOf('item', '3300'), 'IN003300');
    assert.deepEqual(bySet(answers(roundTrip(b))), bySet(answers(a)));
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('a build with room reserved fills it without copying the per-document arrays and answers like one without', () => {
  const plain = new MemoryIndex();
  plain.upsert(corpus(3000));
  const roomy = new MemoryIndex();
  roomy.reserve(3100);
  const x = roomy as unknown as { docGroup: Int32Array; docId: { bytes: Buffer; start: Int32Array } };
  const before = [x.docGroup.buffer, x.docId.start.buffer, x.docId.bytes.buffer];
  roomy.upsert(corpus(3000));
  roomy.warm();
  assert.deepEqual([x.docGroup.buffer, x.docId.start.buffer, x.docId.bytes.buffer], before);
  assert.deepEqual(answers(roomy), answers(plain));
  assert.deepEqual(answers(roundTrip(roomy)), answers(plain));
});
