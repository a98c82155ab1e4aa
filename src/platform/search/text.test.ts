import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, highlight, snippetOf } from './text.ts';

test('highlight escapes everything and marks words (longest first, overlapping merged)', () => {
  assert.equal(escapeHtml(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  assert.equal(highlight('社会保险<查询>', ['社会保险', '社会']), '<mark>社会保险</mark>&lt;查询&gt;');
  assert.equal(highlight('abc', []), 'abc');
  assert.equal(snippetOf('一二三四五六七八九十森林防火', ['森林'], 6), '…九十<mark>森林</mark>防火');
});
