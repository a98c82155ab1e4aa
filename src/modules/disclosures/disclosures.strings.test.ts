// Every UI string of the staff pages lives in disclosures.strings.ts: the routes and views hold no
// Chinese text outside comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const FILES = ['./disclosures.staff.routes.tsx', './views/staff/pages.tsx', './disclosures.service.ts'];
const CJK = /[\u4e00-\u9fff]/;

for (const f of FILES) {
  test(`no stray Chinese UI text in ${f}`, () => {
    const stray = readFileSync(new URL(f, import.meta.url), 'utf8').split('\n')
      .map((line, i) => ({ line: line.replace(/\/\/.*$/, ''), n: i + 1 }))
      .filter(({ line }) => !/^\s*(\*|\/\*)/.test(line) && CJK.test(line));
    assert.deepEqual(stray.map((x) => `${x.n}: ${x.line.trim()}`), []);
  });
}
