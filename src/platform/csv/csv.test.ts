import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, decodeText, parseCsv, toCsv } from './csv.ts';

test('quoted cells keep commas, quotes and line breaks; CRLF and a BOM are read', () => {
  assert.deepEqual(parseCsv('\uFEFFa,"b,c","say ""hi""\nthere"\r\n\r\nx,'), [['a', 'b,c', 'say "hi"\nthere'], [''], ['x', '']]);
});

test('formula-looking cells are written with an apostrophe and read back as typed', () => {
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('-3'), "'-3");
  assert.equal(csvCell(null), '');
  const rows = [['=1+1', '@me', '+86 138', '普通文字', "'quoted"], ['a\nb', '']];
  assert.deepEqual(parseCsv(toCsv(rows)), rows);
  assert.ok(toCsv([['x']]).startsWith('\uFEFFx\r\n'));
});

test('UTF-8 and GB18030 files both decode', () => {
  assert.equal(decodeText(new TextEncoder().encode('\uFEFF公开')), '公开');
  assert.equal(decodeText(new Uint8Array([0xb9, 0xab, 0xbf, 0xaa])), '公开'); // 公开 in GB18030
});
