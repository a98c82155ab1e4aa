import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedValues, defineEnum, enumMessage, enumOfRows, optionalEnum, parseEnum, requireEnum } from './enums.ts';
import { HttpError } from './http-error.ts';

const CHANNELS = defineEnum([{ code: 'window', label: '窗口办' }, { code: 'self_service', label: '自助办' }]);

test('parseEnum: the code or the Chinese label, spaces around ignored; nothing else', () => {
  assert.equal(parseEnum(CHANNELS, 'window'), 'window');
  assert.equal(parseEnum(CHANNELS, ' 窗口办 '), 'window');
  assert.equal(parseEnum(CHANNELS, '自 助 办'), 'self_service');
  for (const bad of ['Window', '窗口', '', '  ', 42, null, undefined, ['window'], 'constructor', '__proto__']) assert.equal(parseEnum(CHANNELS, bad), null, String(bad));
});

test('parseEnum with aliases (imports): the aliases, and codes in any letter case', () => {
  const aliases = { 窗口办理: 'window', 自助: 'self_service', 飞鸽: 'pigeon' };
  assert.equal(parseEnum(CHANNELS, '窗口办理', aliases), 'window');
  assert.equal(parseEnum(CHANNELS, 'Window', aliases), 'window');
  assert.equal(parseEnum(CHANNELS, '飞鸽', aliases), null, 'an alias of a code the enum does not have');
  assert.equal(parseEnum(defineEnum(CHANNELS.values, aliases), '自助'), 'self_service');
});

test('a list loaded from the database is parsed the same way', () => {
  const categories = enumOfRows([{ code: 'mzsh', name: '民政、扶贫、救灾' }, { code: 'zhzw', name: '综合政务' }]);
  assert.equal(parseEnum(categories, '民政、扶贫、救灾'), 'mzsh');
  assert.equal(parseEnum(categories, 'zhzw'), 'zhzw');
  assert.equal(parseEnum(categories, '民政'), null);
});

test('refusals name the field and the accepted values, shortened when long', () => {
  assert.equal(acceptedValues(CHANNELS), 'window（窗口办）、self_service（自助办）');
  const many = defineEnum(Array.from({ length: 20 }, (_, i) => ({ code: `c${i}`, label: `值${i}` })));
  assert.match(acceptedValues(many, 3), /^c0（值0）、c1（值1）、c2（值2）……等 20 项$/);
  assert.match(enumMessage('channel', CHANNELS, '飞鸽'), /^参数 channel 的值「飞鸽」无效.*window（窗口办）/);
  assert.doesNotMatch(enumMessage('channel', CHANNELS, '飞鸽'), /相近的有/);
  // a part of a label past the shortened list is named (民政 → mzsh（民政、扶贫、救灾）)
  assert.match(enumMessage('category', many, '值19'), /……等 20 项；相近的有：c19（值19）$/);
  assert.match(enumMessage('category', many, '值1'), /相近的有：c1（值1）、c10（值10）、c11（值11）、c12（值12）、c13（值13）$/);
  assert.throws(() => requireEnum(CHANNELS, '飞鸽', 'channel'), (e: unknown) => e instanceof HttpError && e.status === 400 && e.code === 'invalid_channel');
  assert.throws(() => requireEnum(CHANNELS, 'x', 'type', { status: 422, code: 'bad' }), (e: unknown) => e instanceof HttpError && e.status === 422 && e.code === 'bad');
  assert.equal(optionalEnum(CHANNELS, '', 'channel'), undefined);
  assert.equal(optionalEnum(CHANNELS, undefined, 'channel'), undefined);
  assert.equal(optionalEnum(CHANNELS, '自助办', 'channel'), 'self_service');
});
