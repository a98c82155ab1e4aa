import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idCardCheckChar, idCardProblem, usccCheckChar, usccProblem } from './cn-id.ts';

test('居民身份证号码 (GB 11643-1999): shape, real birth date not in the future, check digit', () => {
  const today = '2026-11-26';
  const cases: [string, ReturnType<typeof idCardProblem>][] = [
    ['11010519491231002X', null], // the standard's own example
    ['11010519491231002x', null], // lower-case x is accepted
    ['130427199001011230', null],
    ['130427199001011234', 'check_digit'], // one digit off
    ['130427199001011320', 'check_digit'], // two digits swapped
    ['130427199002301230', 'birth_date'], // 30 February
    ['130427202712011230', 'birth_date'], // born after today
    ['130427202611260000', null], // born today is possible (check digit valid below)
    ['13042719900101123', 'format'],
    ['1304271990010112300', 'format'],
    ['13042719900101123Y', 'format'],
  ];
  // make the "born today" case carry its real check digit
  cases[7]![0] = `13042720261126000${idCardCheckChar('13042720261126000')}`;
  for (const [id, want] of cases) assert.equal(idCardProblem(id, today), want, id);
});

test('统一社会信用代码 (GB 32100-2015): alphabet without I O S V Z, MOD 31 check character', () => {
  const cases: [string, ReturnType<typeof usccProblem>][] = [
    ['91350100M000100Y43', null], // a published example code
    ['91130427MA0A1B2C3L', null],
    ['91130427ma0a1b2c3l', null], // case-insensitive
    ['91130427MA0A1B2C3D', 'check_digit'],
    ['91130427MA0A1B2C3', 'format'],
    ['91130427MA0A1B2O3L', 'format'], // O is not in the alphabet
  ];
  for (const [code, want] of cases) assert.equal(usccProblem(code), want, code);
  assert.equal(usccCheckChar('91350100M000100Y4'), '3');
});
