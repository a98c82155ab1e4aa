// The ZIP guard used before exceljs unpacks an upload: a small file that unpacks to gigabytes is
// refused as too large (catalogue and annual-report imports), a cut-off file is not called "too large".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { zipUnpackCheck } from '../src/platform/files/zip.ts';
import { CatalogFileError, readGrids } from '../src/modules/catalogs/catalog-files.ts';

/** A one-entry zip whose headers declare `declared` bytes unpacked, whatever the content is. */
function zipOf(name: string, content: Buffer, declared: number): Buffer {
  const data = deflateRawSync(content);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(declared, 22); local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(declared, 24); central.writeUInt16LE(n.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10); eocd.writeUInt32LE(46 + n.length, 12); eocd.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, eocd]);
}

test('zipUnpackCheck: ok, too large (whatever the headers declare), or not a readable zip', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('目录').getCell('A1').value = '户籍管理';
  const real = Buffer.from(await wb.xlsx.writeBuffer());
  assert.equal(zipUnpackCheck(real, 1024 * 1024), 'ok');
  assert.equal(zipUnpackCheck(zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(2 * 1024 * 1024, 0x20), 100), 1024 * 1024), 'too_large');
  assert.equal(zipUnpackCheck(real.subarray(0, Math.floor(real.length / 2)), 1024 * 1024), 'not_zip');
});

test('a catalogue "zip bomb" (a few hundred KB unpacking past 300 MB) is refused before exceljs unpacks it', async () => {
  const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(301 * 1024 * 1024, 0x20), 100);
  assert.ok(bomb.length < 1024 * 1024, `${bomb.length} bytes`);
  await assert.rejects(readGrids(bomb), (e: Error) => e instanceof CatalogFileError && e.code === 'file_too_large' && /解压后内容超过 300 MB/.test(e.message));
});
