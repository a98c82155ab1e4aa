import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

// UI strings live in reports.strings.ts and the format's labels in annual-format.ts; views and the
// DOCX writer hold no Chinese text of their own (comments aside).
test('views and the DOCX writer hold no Chinese literals outside the strings and format files', () => {
  const dir = new URL('.', import.meta.url);
  const files = [...readdirSync(new URL('views/', dir)).map((f) => `views/${f}`), 'annual-docx.ts'];
  const found: string[] = [];
  for (const f of files) {
    const code = readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    // Font names are not UI text.
    code.split('\n').forEach((line, i) => { if (/[\u4e00-\u9fff]/.test(line) && !/^const [A-Z]+ = '[^']+';$/.test(line)) found.push(`${f}:${i + 1}: ${line.trim().slice(0, 80)}`); });
  }
  assert.deepEqual(found, []);
});
