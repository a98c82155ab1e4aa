import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPhoto, sniffImage, stripMetadata } from './photos.ts';

const jpeg = () => {
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from('GPS36.37N114.38E')]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.from([0xff, 0xe1, 0, exif.length + 2]), exif,
    Buffer.from([0xff, 0xfe, 0, 7]), Buffer.from('hello'),
    Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x11, 0x22, 0xff, 0xd9]),
  ]);
};

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]);
}
const png = () => Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  pngChunk('IHDR', Buffer.alloc(13)), pngChunk('eXIf', Buffer.from('GPSDATA')), pngChunk('tEXt', Buffer.from('Location\0Cixian')), pngChunk('IDAT', Buffer.from([1, 2, 3])), pngChunk('IEND', Buffer.alloc(0)),
]);

function riffChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(data.length);
  return Buffer.concat([Buffer.from(type), len, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}
const webp = () => {
  const body = Buffer.concat([Buffer.from('WEBP'), riffChunk('VP8X', Buffer.from([0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0])), riffChunk('VP8 ', Buffer.from([9, 9, 9, 9])), riffChunk('EXIF', Buffer.from('GPSDATA1')), riffChunk('XMP ', Buffer.from('<x>GPS</x>'))]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from('RIFF'), size, body]);
};

test('the type comes from the magic bytes', () => {
  assert.equal(sniffImage(jpeg()), 'image/jpeg');
  assert.equal(sniffImage(png()), 'image/png');
  assert.equal(sniffImage(webp()), 'image/webp');
  assert.equal(sniffImage(Buffer.from('%PDF-1.7')), null);
  assert.equal(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
});

test('JPEG: EXIF and comments are removed, image data kept', () => {
  const out = Buffer.from(stripMetadata(jpeg(), 'image/jpeg'));
  assert.equal(out.includes(Buffer.from('GPS')), false);
  assert.equal(out.includes(Buffer.from('hello')), false);
  assert.equal(out.includes(Buffer.from('JFIF')), true);
  assert.equal(out.subarray(-2).toString('hex'), 'ffd9');
});

test('PNG: eXIf and text chunks are removed', () => {
  const out = Buffer.from(stripMetadata(png(), 'image/png'));
  assert.equal(out.includes(Buffer.from('GPSDATA')), false);
  assert.equal(out.includes(Buffer.from('Cixian')), false);
  assert.equal(out.includes(Buffer.from('IDAT')), true);
});

test('WebP: EXIF and XMP chunks are removed, the RIFF size and VP8X flags fixed', () => {
  const out = Buffer.from(stripMetadata(webp(), 'image/webp'));
  assert.equal(out.includes(Buffer.from('GPS')), false);
  assert.equal(out.readUInt32LE(4), out.length - 8);
  assert.equal(out[20]! & 0x0c, 0);
});

test('checkPhoto refuses oversize, empty, non-images and broken files with a reason', () => {
  assert.match((checkPhoto('a.jpg', jpeg(), 10) as { reason: string }).reason, /超过/);
  assert.match((checkPhoto('a.jpg', Buffer.alloc(0)) as { reason: string }).reason, /空文件/);
  assert.match((checkPhoto('a.exe', Buffer.from('MZ\x90\x00')) as { reason: string }).reason, /不是 JPEG/);
  assert.match((checkPhoto('b.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff])) as { reason: string }).reason, /无法读取/);
  assert.equal(checkPhoto('ok.png', png()).ok, true);
});
