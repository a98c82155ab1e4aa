import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvChunks, jsonArrayChunks, jsonlChunks, keysetRows } from './chunks.ts';

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

test('keysetRows reads every row in pages after the last key, and stops at a short page', async () => {
  const data = Array.from({ length: 25 }, (_, i) => ({ id: i + 1 }));
  const asked: (number | null)[] = [];
  const rows: number[] = [];
  for await (const r of keysetRows<{ id: number }, number>(async (after, size) => {
    asked.push(after);
    return data.filter((d) => after === null || d.id > after).slice(0, size);
  }, (r) => r.id, 10)) rows.push(r.id);
  assert.deepEqual(rows, data.map((d) => d.id));
  assert.deepEqual(asked, [null, 10, 20]);
});

test('csvChunks: BOM, CRLF, quoting and the formula guard; large files come in several chunks', async () => {
  const small = await text(csvChunks(['名称', '备注'], [['a,b', '=1+1'], ['x"y', null]]));
  assert.equal(small, '\uFEFF名称,备注\r\n"a,b",\'=1+1\r\n"x""y",\r\n');
  let n = 0;
  for await (const c of csvChunks(['n'], Array.from({ length: 30_000 }, (_, i) => [`第${i}行`]))) { n++; assert.ok(c.length < 70 * 1024); }
  assert.ok(n > 1, 'several chunks');
});

test('jsonlChunks and jsonArrayChunks give parseable documents', async () => {
  const lines = (await text(jsonlChunks([{ a: 1 }, { b: '二' }]))).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, [{ a: 1 }, { b: '二' }]);
  assert.deepEqual(JSON.parse(await text(jsonArrayChunks('{"services":[', [{ id: 1 }, { id: 2 }], ']}'))), { services: [{ id: 1 }, { id: 2 }] });
  assert.deepEqual(JSON.parse(await text(jsonArrayChunks('[', [], ']'))), []);
});
