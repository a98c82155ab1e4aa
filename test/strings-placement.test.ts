// Issue 22 review: UI text lives in the part's *.strings.ts. listing-query.ts, life-events-model.ts
// and appointments/slots.ts (pure; it imports rules.strings.ts, itself import-free) had Chinese
// messages and labels inline: no Han character may stand outside a comment there, and the moved
// texts still reach the caller unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ruleProblems, weekdaysText, parseWeekday } from '../src/modules/appointments/slots.ts';
import { rulesStrings } from '../src/modules/appointments/rules.strings.ts';
import { parseCursor, parseLimit, parseRegion } from '../src/modules/service-map/listing-query.ts';
import { columnOf } from '../src/modules/service-map/life-events-model.ts';

const FILES = ['src/modules/service-map/listing-query.ts', 'src/modules/service-map/life-events-model.ts', 'src/modules/appointments/slots.ts'];

test('no Chinese text outside comments in listing-query.ts, life-events-model.ts and slots.ts', () => {
  for (const f of FILES) {
    const code = fs.readFileSync(new URL(`../${f}`, import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').split('\n').map((l) => l.replace(/(^|\s)\/\/.*$/, '')).join('\n');
    const han = code.split('\n').map((l, i) => [i + 1, l] as const).filter(([, l]) => /\p{Script=Han}/u.test(l));
    assert.deepEqual(han, [], `${f}: ${han.map(([n, l]) => `${n}: ${l.trim()}`).join('\n')}`);
  }
  // and rules.strings.ts stays importable by a pure file: it imports nothing
  assert.doesNotMatch(fs.readFileSync(new URL('../src/modules/appointments/rules.strings.ts', import.meta.url), 'utf8'), /^import /m);
});

test('the moved texts reach the callers unchanged', () => {
  assert.deepEqual(ruleProblems({ weekdays: [0], startMin: null, endMin: null, capacity: 0 }, 50), [rulesStrings.rule.weekdays, '开始时间须为 HH:MM', '结束时间须为 HH:MM', '每个时段可预约人数须为 1–50']);
  assert.deepEqual(ruleProblems({ weekdays: [1], startMin: 600, endMin: 540, capacity: 1 }, 50), ['结束时间须晚于开始时间']);
  assert.equal(weekdaysText([1, 2, 3, 4, 5]), '周一至周五');
  assert.equal(weekdaysText([1, 3]), '周一、周三');
  assert.equal(parseWeekday('星期天'), 7);
  assert.equal(parseWeekday('周三'), 3);
  const r = parseRegion('99x');
  assert.ok(!r.ok && r.message === 'region 应为 2、4、6、9 或 12 位行政区划代码（如 440309），「99x」不是');
  const c = parseCursor('!!');
  assert.ok(!c.ok && c.message.startsWith('cursor 无效'));
  const l = parseLimit('500');
  assert.ok(!l.ok && l.message === 'limit 应为 1 到 100 之间的整数');
  assert.equal(columnOf('阶段编码'), 'slug');
  assert.equal(columnOf('事项'), 'item');
  assert.equal(columnOf('受众'), 'audience');
});
