import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_INDEX_FORMAT, formatIndexNo, parseIndexFormat, serialScopeKey } from './index-number.ts';

test('default format: org-year-category-serial padded to 5', () => {
  const f = parseIndexFormat(DEFAULT_INDEX_FORMAT);
  assert.deepEqual(f, { ok: true, format: DEFAULT_INDEX_FORMAT, scope: ['org', 'year', 'category'] });
  assert.equal(formatIndexNo(DEFAULT_INDEX_FORMAT, { org: '130427', year: 2026, category: 'zhzw', serial: 7 }), '130427-2026-zhzw-00007');
  assert.equal(formatIndexNo(DEFAULT_INDEX_FORMAT, { org: '130427-mzj', year: 2025, category: 'mzsh', serial: 123456 }), '130427-mzj-2025-mzsh-123456');
});

test('other schemes: 000014349/2026-00123 style, serial counts within the parts present', () => {
  const f = parseIndexFormat('{org}/{year}-{serial:5}');
  assert.ok(f.ok);
  assert.deepEqual(f.ok && f.scope, ['org', 'year']);
  assert.equal(formatIndexNo('{org}/{year}-{serial:5}', { org: '440105', year: 2026, category: 'qt', serial: 123 }), '440105/2026-00123');
  assert.equal(serialScopeKey(['org', 'year'], { org: '440105', year: 2026, category: 'qt' }), 'disclosure|org=440105|year=2026');
  assert.equal(formatIndexNo('GK{serial}', { org: 'x', year: 2026, category: 'qt', serial: 9 }), 'GK9');
});

const BAD: [string, RegExp][] = [
  ['', /不能为空/],
  ['{org}-{year}', /serial/],
  ['{org}-{serial}-{serial:3}', /只能含一个/],
  ['{org}{year}-{serial}', /分隔符/],
  ['{org}-{month}-{serial}', /未知占位符/],
  ['{org} {serial}', /不允许的字符/],
  ['{org}-<b>{serial}', /不允许的字符/],
  ['{org}-{serial:0}', /位数/],
  ['{org}-{serial:11}', /位数/],
  ['{org}-{org}-{serial}', /重复/],
  ['{org}-{serial}}', /不允许|花括号/],
];
for (const [format, problem] of BAD) {
  test(`format ${JSON.stringify(format)} is refused`, () => {
    const r = parseIndexFormat(format);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.problem : '', problem);
  });
}
