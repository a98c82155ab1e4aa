import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allPass, runChecks, checkCarryOver, checkColumnBalance, checkResultTotal, checkTable4, checkTotalColumn } from './annual-checks.ts';
import { computeTable3 } from './annual-tables.ts';
import { ROW_INDEX, type Table3 } from './annual-format.ts';
import { FIXTURE } from '../../../test/fixtures/annual-cases.ts';
import { reportDeadline, reminderYear } from './annual-deadlines.ts';

const base = (): Table3 => computeTable3(FIXTURE, 2025);
const T4 = [1, 1, 0, 1, 3, 0, 0, 1, 1, 2, 1, 0, 0, 1, 2];
const set = (t: Table3, key: string, col: number, v: number) => { (t[ROW_INDEX[key] as number] as number[])[col] = v; };

describe('annual-report checks', () => {
  it('all pass on computed data; no earlier year passes as 无上年数据', () => {
    const checks = runChecks(base(), T4, null, null);
    assert.ok(allPass(checks));
    assert.equal(checks.find((c) => c.rule === 'carry_over')?.detail, '无上年数据');
    assert.deepEqual(checks.map((c) => c.rule), ['column_balance', 'result_total', 'total_column', 'table4_total', 'carry_over']);
  });

  it('一 + 二 ≠ 三（七） + 四 fails and names the column', () => {
    const t = base();
    set(t, 'carried_out', 1, 2);
    set(t, 'carried_out', 6, 5);
    const c = checkColumnBalance(t);
    assert.equal(c.ok, false);
    assert.match(c.detail, /「商业企业」列：一（4）\+ 二（0）= 4，三（七）总计（4）\+ 四（2）= 6/);
    assert.deepEqual(c.cells, ['「四、结转下年度继续办理」行「商业企业」列', '「四、结转下年度继续办理」行「总计」列']);
  });

  it('（七）总计 not the sum of the result rows fails', () => {
    const t = base();
    set(t, 'withhold.3', 4, 2);
    set(t, 'withhold.3', 6, 2);
    const c = checkResultTotal(t);
    assert.equal(c.ok, false);
    assert.match(c.detail, /「（七）总计」行「法律服务机构」列为 3，（一）至（六）之和为 4/);
  });

  it('总计 column not the sum of the six fails and names the row', () => {
    const t = base();
    set(t, 'new', 6, 26);
    const c = checkTotalColumn(t);
    assert.equal(c.ok, false);
    assert.deepEqual(c.cells, ['「一、本年新收政府信息公开申请数量」行「总计」列']);
    assert.match(c.detail, /为 26，六个申请人列之和为 25/);
  });

  it('table 四 totals', () => {
    assert.equal(checkTable4(T4).ok, true);
    const bad = [...T4];
    bad[9] = 3;
    const c = checkTable4(bad);
    assert.equal(c.ok, false);
    assert.match(c.detail, /行政诉讼（未经复议直接起诉）」「总计」为 3，四项之和为 2/);
  });

  it('carry-over: equal passes, different fails naming cells, a recorded reason passes', () => {
    const t = base();
    assert.equal(checkCarryOver(t, { year: 2024, carriedOut: [1, 0, 0, 0, 1, 0, 2] }, null).ok, true);
    const prev = { year: 2024, carriedOut: [2, 0, 0, 0, 1, 0, 3] };
    const bad = checkCarryOver(t, prev, '  ');
    assert.equal(bad.ok, false);
    assert.match(bad.detail, /「二、上年结转政府信息公开申请数量」行「自然人」列为 1，2024年报告「四、结转下年度继续办理」为 2/);
    assert.equal(bad.cells.length, 2);
    const excused = checkCarryOver(t, prev, '2024年1件申请纸质办结未录入系统');
    assert.equal(excused.ok, true);
    assert.match(excused.detail, /已说明理由：2024年1件申请纸质办结未录入系统/);
    assert.equal(allPass(runChecks(t, T4, prev, null)), false);
  });
});

describe('report deadlines (条例第四十九条、第五十条)', () => {
  const cases: [kind: 'department' | 'government' | 'township_government', today: string, due: string, left: number][] = [
    ['department', '2026-01-05', '2026-01-31', 26],
    ['department', '2026-02-02', '2026-01-31', -2],
    ['government', '2026-01-05', '2026-03-31', 85],
    ['government', '2026-03-31', '2026-03-31', 0],
    ['township_government', '2026-03-02', '2026-03-31', 29],
  ];
  for (const [kind, today, due, left] of cases) {
    it(`${kind} on ${today}: due ${due}, ${left} days`, () => {
      const d = reportDeadline(kind, reminderYear(today), today);
      assert.equal(d.reportYear, 2025);
      assert.equal(d.dueOn, due);
      assert.equal(d.daysLeft, left);
      assert.match(d.basis, /第四十九条|第五十条/);
    });
  }
});
