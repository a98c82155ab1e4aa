import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskAddress, maskDeep, maskForLog, maskPersonalData } from './mask.ts';

test('masks an 18-character ID number, keeping the first 6 and last 4', () => {
  assert.equal(maskPersonalData('身份证 13042719900307123X 已登记'), '身份证 130427********123X 已登记');
});

test('masks a mobile number, keeping the first 3 and last 4', () => {
  assert.equal(maskPersonalData('电话13812345678，或 +86 139-'), '电话138****5678，或 +86 139-');
});

test('leaves region codes, dates and landline-like numbers alone', () => {
  const s = '区划 130427000000 于 2026-02-14，编号 12345';
  assert.equal(maskPersonalData(s), s);
});

test('masks inside nested log objects', () => {
  assert.deepEqual(maskDeep({ q: { phone: '13912345678' }, list: ['130427199003071234'] }), { q: { phone: '139****5678' }, list: ['130427********1234'] });
});

test('a home address keeps at most its 省, 市 and 县/区 and hides the street and number', () => {
  const table: [string, string][] = [
    ['河北省邯郸市磁县磁州镇幸福路12号3单元201室', '河北省邯郸市磁县****'],
    ['广州市海珠区江南西路100号', '广州市海珠区****'],
    ['幸福路12号', '****'],
    ['新疆维吾尔自治区乌鲁木齐市天山区人民路1号', '新疆维吾尔自治区乌鲁木齐市天山区****'],
  ];
  for (const [address, masked] of table) assert.equal(maskAddress(address), masked, address);
});

test('hides the secret of a single-use rating link in logged text, keeping its first 4 characters', () => {
  assert.equal(maskForLog('GET /rate/t/y8Ch4Q6lJDR_O8HUzvwFTfrYfB9WU6QX?x=1 电话13812345678'), 'GET /rate/t/y8Ch****?x=1 电话138****5678');
  assert.deepEqual(maskDeep({ url: '/rate/t/y8Ch4Q6lJDR_O8HUzvwFTfrYfB9WU6QX' }), { url: '/rate/t/y8Ch****' });
  // short path segments (a public id, /rate/t/abc) are not secrets and stay as they are
  assert.equal(maskForLog('/rate/w/CX-GKZQ-01 /rate/t/abcdef'), '/rate/w/CX-GKZQ-01 /rate/t/abcdef');
});

test('logged and audited values mask e-mail addresses, keeping the first character and the domain', () => {
  assert.deepEqual(maskDeep({ email: 'zhang.san@example.com', note: '回复至 li_si+gk@mail.hd.gov.cn。' }), { email: 'z***@example.com', note: '回复至 l***@mail.hd.gov.cn。' });
  // not addresses: a package version, a database URL's host, a bare local host
  assert.equal(maskForLog('gongkai@0.1.0 postgres://postgres@127.0.0.1:5432 noreply@localhost'), 'gongkai@0.1.0 postgres://postgres@127.0.0.1:5432 noreply@localhost');
});
