import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CkanBadRequest, CkanError, naiveUtc, naturalNumber, parseBody, parseQueryParams, pyRepr, tagNames, helpUrl } from './ckan.ts';

test('naiveUtc: Python isoformat() of a naive UTC datetime (no Z; microseconds only when not zero)', () => {
  assert.equal(naiveUtc('2026-03-02T10:00:00+08:00'), '2026-03-02T02:00:00');
  assert.equal(naiveUtc('2026-03-02T02:00:00.250Z'), '2026-03-02T02:00:00.250000');
  assert.equal(naiveUtc(new Date('2026-03-02T02:00:00.001Z')), '2026-03-02T02:00:00.001000');
});

test('pyRepr: as CKAN\'s "%r" % e.args writes the detail of a search error', () => {
  assert.equal(pyRepr('Invalid "sort" parameter'), '\'Invalid "sort" parameter\'');
  assert.equal(pyRepr("it's"), '"it\'s"');
  assert.equal(pyRepr("a'b\"c"), "'a\\'b\"c'");
});

test('tagNames: CKAN tag names (letters, digits, _ - . and spaces; 2–100 characters), Chinese kept', () => {
  assert.deepEqual(tagNames(['政务服务', '12345热线', 'a', '一', '办事/指南', 'x'.repeat(150), '政务服务', 'COVID-19 data']), ['政务服务', '12345热线', '办事 指南', 'x'.repeat(100), 'COVID-19 data']);
});

test('parseQueryParams: a repeated key becomes a list (werkzeug MultiDict), + is a space, broken escapes kept', () => {
  const p = parseQueryParams('rows=10&q=a+b&fq=organization%3Ax&organizations=a&organizations=b&bad=%E4%B8&flag');
  assert.equal(p.rows, '10');
  assert.equal(p.q, 'a b');
  assert.equal(p.fq, 'organization:x');
  assert.deepEqual(p.organizations, ['a', 'b']);
  assert.equal(p.bad, '%E4%B8');
  assert.equal(p.flag, '');
  assert.equal(Object.getPrototypeOf(parseQueryParams('__proto__=1')), null);
});

test('parseBody: a JSON object; a form whose one key is JSON; a form; anything else is CKAN\'s bad request', () => {
  assert.deepEqual({ ...parseBody('{"rows": 5}', 'application/json') }, { rows: 5 });
  assert.deepEqual({ ...parseBody('', 'application/json') }, {});
  assert.deepEqual({ ...parseBody(encodeURIComponent('{"id":"x"}'), 'application/x-www-form-urlencoded') }, { id: 'x' });
  assert.deepEqual({ ...parseBody('id=x&rows=2', 'application/x-www-form-urlencoded; charset=utf-8') }, { id: 'x', rows: '2' });
  for (const bad of ['[1]', '"s"', '{', 'null', '3']) {
    assert.throws(() => parseBody(bad, 'application/json'), (e: unknown) => e instanceof CkanBadRequest && /^Bad request: (JSON Error|Bad request data)/.test(e.message), bad);
  }
});

test('naturalNumber: CKAN\'s int_validator + natural_number_validator messages', () => {
  const err = (v: unknown) => { try { naturalNumber({ rows: v }, 'rows'); return null; } catch (e) { return (e as CkanError).error; } };
  assert.equal(naturalNumber({ rows: '10' }, 'rows'), 10);
  assert.equal(naturalNumber({ rows: ' 7 ' }, 'rows'), 7);
  assert.equal(naturalNumber({ rows: 3 }, 'rows'), 3);
  assert.equal(naturalNumber({ rows: '' }, 'rows'), null);
  assert.equal(naturalNumber({}, 'rows'), null);
  assert.deepEqual(err('abc'), { rows: ['Invalid integer'], __type: 'Validation Error' });
  assert.deepEqual(err(1.5), { rows: ['Invalid integer'], __type: 'Validation Error' });
  assert.deepEqual(err('1e3'), { rows: ['Invalid integer'], __type: 'Validation Error' });
  assert.deepEqual(err(true), { rows: ['Invalid integer'], __type: 'Validation Error' });
  assert.deepEqual(err('-1'), { rows: ['Must be a natural number'], __type: 'Validation Error' });
  assert.equal(err(['1', '2'])?.__type, 'Validation Error');
});

test('helpUrl: the help_show address of CKAN\'s envelope', () => {
  assert.equal(helpUrl('https://x.gov.cn', 'package_search'), 'https://x.gov.cn/api/3/action/help_show?name=package_search');
});
