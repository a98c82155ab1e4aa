// The one guard every upload and import passes (platform/files/zip.ts): ZIP containers found by
// their bytes, the central directory checked, every entry inflated with a bounded, counted output.
// Bombs are built in memory (test/support/zip-bombs.ts); the timings here are only a generous
// sanity bound — the honest figures come from `npm run bench:uploads`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { checkUnpacked, checkUnpackedFile, DEFAULT_UNPACK_LIMITS, unpackBudget } from '../src/platform/files/zip.ts';
import { CatalogFileError, readGrids } from '../src/modules/catalogs/catalog-files.ts';
import { deflatedSpaces, docxBomb, gigabyteBomb, nestedBomb, overlappingBomb, xlsxBomb, zipOf } from './support/zip-bombs.ts';

const MB = 1024 * 1024;

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

async function realXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('目录');
  for (let i = 1; i <= 2000; i++) ws.addRow([i, `户籍管理事项 ${i}`, '内容要素', '政府网站']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('ordinary DOCX, XLSX, PPTX-like and ODF packages pass, with what they unpack to counted', async () => {
  const xlsx = await realXlsx();
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('关于做好2026年政务公开工作的通知')] }] }));
  // ODF: an uncompressed "mimetype" first, then deflated XML.
  const odt = zipOf([{ name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text'), stored: true }, { name: 'content.xml', data: Buffer.from('<office:document-content/>'.repeat(100)) }]);
  const pptx = zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, ...Array.from({ length: 300 }, (_, i) => ({ name: `ppt/slides/slide${i + 1}.xml`, data: Buffer.from(`<p:sld>第${i + 1}页</p:sld>`.repeat(50)) }))]);
  for (const [name, file] of [['xlsx', xlsx], ['docx', docx], ['odt', odt], ['pptx', pptx]] as const) {
    const r = await checkUnpacked(file);
    assert.ok(r.ok && r.zip, `${name}: ${JSON.stringify(r)}`);
    assert.ok(r.ok && r.unpackedBytes > file.length, name);
  }
  // A DOCX carrying a chart's workbook (a zip inside the zip) passes too.
  const withChart = zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w:document/>') }, { name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', data: xlsx, stored: true }]);
  const chart = await checkUnpacked(withChart);
  assert.ok(chart.ok && chart.entries > 3, JSON.stringify(chart));
  // Not a zip at all: nothing to do.
  assert.deepEqual(await checkUnpacked(Buffer.from('%PDF-1.7\n%%EOF\n')), { ok: true, zip: false, entries: 0, unpackedBytes: 0 });
  assert.deepEqual(await checkUnpacked(Buffer.from('序号,公开事项\n1,出生登记\n')), { ok: true, zip: false, entries: 0, unpackedBytes: 0 });
});

test('the 1 MB file that unpacks to 1 GB is refused, its sizes honest or lying, without unpacking it', async () => {
  const lying = gigabyteBomb();
  assert.ok(lying.length < 1.1 * MB, `${lying.length} bytes`);
  const r = await timed(() => checkUnpacked(lying));
  assert.equal(r.value.ok, false);
  assert.equal(!r.value.ok && r.value.code, 'zip_bomb');
  assert.match(!r.value.ok ? r.value.message : '', /解压后过大，可能是压缩炸弹/);
  assert.match(!r.value.ok ? r.value.reason : '', /sheet1\.xml unpacks past the budget/);
  assert.ok(r.ms < 3000, `${r.ms} ms`);
  // Honest headers are refused from the central directory alone.
  const honest = await checkUnpacked(xlsxBomb(1024));
  assert.equal(!honest.ok && honest.code, 'zip_bomb');
  assert.match(!honest.ok ? honest.reason : '', /^declares \d+ bytes unpacked/);
  // The budget: at most 100 times the file (with a 32 MB floor), never more than the ceiling.
  assert.equal(unpackBudget(lying.length), 100 * lying.length);
  assert.equal(unpackBudget(1000), 32 * MB);
  assert.equal(unpackBudget(50 * MB), DEFAULT_UNPACK_LIMITS.maxUnpackedBytes);
});

test('a 400 MB entry in a 408 KB DOCX and a 250 MB sheet in an XLSX are bombs; a modest ratio is not', async () => {
  for (const file of [docxBomb(400), docxBomb(400, { lie: true }), xlsxBomb(250, { lie: true })]) {
    assert.ok(file.length < 450 * 1024, `${file.length}`);
    const r = await timed(() => checkUnpacked(file));
    assert.equal(!r.value.ok && r.value.code, 'zip_bomb', JSON.stringify(r.value));
    assert.ok(r.ms < 3000, `${r.ms} ms`);
  }
  // 5 MB of blanks in a 5 KB file: under the 32 MB floor, so fine (a small sheet may compress well).
  assert.ok((await checkUnpacked(xlsxBomb(5))).ok);
});

test('a central directory that lies about sizes, methods or positions is refused', async () => {
  // Declares more than it holds (or less, but within the budget): the sizes do not match.
  const small = zipOf([{ name: 'a.xml', data: Buffer.from('<a>'.repeat(1000)), declared: 10 }]);
  const r = await checkUnpacked(small);
  assert.equal(!r.ok && r.code, 'zip_invalid');
  assert.match(!r.ok ? r.reason : '', /unpacks to 3000 bytes, the directory says 10/);
  // The "better zip bomb": entries sharing one compressed stream.
  const overlap = await checkUnpacked(overlappingBomb(10, 1));
  assert.equal(!overlap.ok && overlap.code, 'zip_bomb');
  assert.match(!overlap.ok ? overlap.reason : '', /overlaps/);
  // An entry the central directory does not list, which a streaming reader would still read.
  const listed = zipOf([{ name: 'a.xml', data: Buffer.from('<a/>') }]);
  const hidden = zipOf([{ name: 'xl/worksheets/sheet1.xml', deflated: deflatedSpaces(50), size: 50 * MB }]);
  const cdAt = listed.readUInt32LE(listed.length - 6);
  const eocd = Buffer.from(listed.subarray(listed.length - 22));
  eocd.writeUInt32LE(cdAt + hidden.readUInt32LE(hidden.length - 6), 16);
  const smuggled = Buffer.concat([listed.subarray(0, cdAt), hidden.subarray(0, hidden.readUInt32LE(hidden.length - 6)), listed.subarray(cdAt, listed.length - 22), eocd]);
  const s = await checkUnpacked(smuggled);
  assert.equal(!s.ok && s.code, 'zip_invalid');
  assert.match(!s.ok ? s.reason : '', /unlisted bytes/);
  // Encrypted entries and other compression methods cannot be checked: refused.
  const enc = Buffer.from(listed);
  enc.writeUInt16LE(enc.readUInt16LE(cdAt + 8) | 1, cdAt + 8);
  assert.equal((await checkUnpacked(enc)).ok, false);
  const bzip = Buffer.from(listed);
  bzip.writeUInt16LE(12, cdAt + 10);
  assert.match(JSON.stringify(await checkUnpacked(bzip)), /compression method 12/);
  // Cut off: not a readable zip (not called a bomb).
  const xlsx = await realXlsx();
  const cut = await checkUnpacked(xlsx.subarray(0, xlsx.length >> 1));
  assert.equal(!cut.ok && cut.code, 'zip_invalid');
  // Too many entries.
  const many = zipOf(Array.from({ length: 10_001 }, (_, i) => ({ name: `${i}`, data: Buffer.alloc(0), stored: true })));
  assert.equal(JSON.stringify(await checkUnpacked(many)).includes('10001 entries'), true);
});

test('zips inside zips: checked within the same budget, and more than two deep refused', async () => {
  assert.ok((await checkUnpacked(nestedBomb(1, 1))).ok);
  assert.ok((await checkUnpacked(nestedBomb(2, 1))).ok);
  const deep = await checkUnpacked(nestedBomb(3, 1));
  assert.equal(!deep.ok && deep.code, 'zip_bomb');
  assert.match(!deep.ok ? deep.reason : '', /deeper than 2/);
  // One level down, a gigabyte behind lying headers.
  const inner = gigabyteBomb();
  const outer = zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/embeddings/book.xlsx', data: inner, stored: true }]);
  const r = await timed(() => checkUnpacked(outer));
  assert.equal(!r.value.ok && r.value.code, 'zip_bomb');
  assert.ok(r.ms < 3000, `${r.ms} ms`);
});

test('a picture or PDF with a zip bomb stuck on its end is refused; with harmless bytes it is not a zip', async () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.alloc(200, 1), Buffer.from([0xff, 0xd9])]);
  const r = await checkUnpacked(Buffer.concat([jpeg, gigabyteBomb()]));
  assert.equal(!r.ok && r.code, 'zip_bomb');
  // The end-of-directory signature by chance inside image data: not a zip, accepted.
  const chance = Buffer.concat([jpeg, Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18, 0)]);
  assert.deepEqual(await checkUnpacked(chance), { ok: true, zip: false, entries: 0, unpackedBytes: 0 });
  // A harmless zip appended: still fine.
  assert.ok((await checkUnpacked(Buffer.concat([jpeg, zipOf([{ name: 'a.txt', data: Buffer.from('hello') }])]))).ok);
});

test('files on disk (the command line): only a file that starts as a zip is read and checked', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-zip-'));
  try {
    const bomb = path.join(dir, 'items.csv');
    fs.writeFileSync(bomb, gigabyteBomb());
    const r = await checkUnpackedFile(bomb);
    assert.equal(!r.ok && r.code, 'zip_bomb');
    const csv = path.join(dir, 'ok.csv');
    fs.writeFileSync(csv, 'id,name\nA-1,居民身份证换领\n');
    assert.deepEqual(await checkUnpackedFile(csv), { ok: true, zip: false, entries: 0, unpackedBytes: 0 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('catalogue import: the bomb is refused before exceljs (code zip_bomb); a cut-off file reads as corrupt; a real workbook still reads', async () => {
  const r = await timed(() => readGrids(xlsxBomb(250, { lie: true })).then(() => null, (e: Error) => e));
  assert.ok(r.value instanceof CatalogFileError && r.value.code === 'zip_bomb' && /解压后过大/.test(r.value.message), String(r.value));
  assert.ok(r.ms < 3000, `${r.ms} ms`);
  const real = await realXlsx();
  await assert.rejects(readGrids(real.subarray(0, real.length - 100)), (e: Error) => e instanceof CatalogFileError && e.code === 'file_corrupt');
  const grids = await readGrids(real);
  assert.equal(grids[0]!.cells.length, 2000);
});
