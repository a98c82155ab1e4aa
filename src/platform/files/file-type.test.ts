import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { checkUpload, kindOfName, sniffFileKind, zipEntryNames } from './file-type.ts';

/** A minimal stored ZIP (no compression, CRC not checked by the sniffer) with these entry names. */
function zipSync(entries: Record<string, Uint8Array>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, Buffer.from(data));
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(entries).length, 8); end.writeUInt16LE(Object.keys(entries).length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const strToU8 = (s: string) => Buffer.from(s, 'utf8');

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(16)]);

async function realDocx(): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('磁县政府信息')] }] }));
}
async function realXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('表1').addRow(['索引号', '名称']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('sniffs PDF, PNG, JPEG by signature', () => {
  assert.equal(sniffFileKind(PDF), 'pdf');
  assert.equal(sniffFileKind(PNG), 'png');
  assert.equal(sniffFileKind(JPEG), 'jpeg');
  assert.equal(sniffFileKind(Buffer.from('GIF89a....')), null);
  assert.equal(sniffFileKind(Buffer.from('<html><script>alert(1)</script>')), null);
  assert.equal(sniffFileKind(Buffer.alloc(0)), null);
});

test('tells DOCX from XLSX by their ZIP entries; a bare ZIP, a JAR or a truncated ZIP is none', async () => {
  assert.equal(sniffFileKind(await realDocx()), 'docx');
  assert.equal(sniffFileKind(await realXlsx()), 'xlsx');
  assert.equal(sniffFileKind(zipSync({ 'a.txt': strToU8('hello') })), null);
  assert.equal(sniffFileKind(zipSync({ 'META-INF/MANIFEST.MF': strToU8('Manifest-Version: 1.0') })), null);
  // Content types but no main part: not an Office document.
  assert.equal(sniffFileKind(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'x.xml': strToU8('x') })), null);
  const docx = await realDocx();
  assert.equal(sniffFileKind(docx.subarray(0, docx.length - 30)), null);
  assert.deepEqual([...(zipEntryNames(zipSync({ 'word/document.xml': strToU8('x'), '[Content_Types].xml': strToU8('y') })) ?? [])].sort(), ['[Content_Types].xml', 'word/document.xml']);
});

test('checkUpload: size, emptiness, allowed kinds, and the name must match the bytes', async () => {
  const all = ['pdf', 'docx', 'xlsx', 'jpeg', 'png'] as const;
  assert.deepEqual(checkUpload(PDF, '通知.pdf', all, 1024), { ok: true, kind: 'pdf', mime: 'application/pdf' });
  assert.equal(checkUpload(JPEG, '照片.JPEG', all, 1024).ok, true);
  const r1 = checkUpload(PNG, '通知.pdf', all, 1024);
  assert.equal(r1.ok === false && r1.code, 'file_type_mismatch');
  const r2 = checkUpload(Buffer.from('MZ\x90\x00 executable'), '通知.pdf', all, 1024);
  assert.equal(r2.ok === false && r2.code, 'file_type_unsupported');
  const r3 = checkUpload(PDF, '通知.pdf', all, 10);
  assert.equal(r3.ok === false && r3.code, 'file_too_large');
  const r4 = checkUpload(Buffer.alloc(0), 'a.pdf', all, 10);
  assert.equal(r4.ok === false && r4.code, 'file_empty');
  const r5 = checkUpload(PNG, 'a.png', ['pdf'], 1024);
  assert.equal(r5.ok === false && r5.code, 'file_type_unsupported');
  assert.equal(checkUpload(await realXlsx(), '统计表.xlsx', all, 1_000_000).ok, true);
  const r6 = checkUpload(await realXlsx(), '统计表.docx', all, 1_000_000);
  assert.equal(r6.ok === false && r6.code, 'file_type_mismatch');
});

test('checkUpload: an OOXML package with macros (vbaProject.bin) or ActiveX controls is refused', () => {
  const all = ['pdf', 'docx', 'xlsx', 'jpeg', 'png'] as const;
  const base = { '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') };
  assert.equal(checkUpload(zipSync(base), '通知.docx', all, 1_000_000).ok, true);
  for (const extra of ['word/vbaProject.bin', 'word/activeX/activeX1.xml', 'word/vbaData.xml']) {
    const r = checkUpload(zipSync({ ...base, [extra]: strToU8('x') }), '通知.docx', all, 1_000_000);
    assert.equal(r.ok === false && r.code, 'file_active_content', extra);
  }
  const xlsm = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>'), 'xl/vbaProject.bin': strToU8('x') });
  const r = checkUpload(xlsm, '统计表.xlsx', all, 1_000_000);
  assert.equal(r.ok === false && r.code, 'file_active_content');
});

test('kindOfName', () => {
  assert.equal(kindOfName('a.JPG'), 'jpeg');
  assert.equal(kindOfName('a.docx'), 'docx');
  assert.equal(kindOfName('a.exe'), null);
  assert.equal(kindOfName('noext'), null);
});
