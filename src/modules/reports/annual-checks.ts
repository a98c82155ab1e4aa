// Pure: the checks the 2021 format implies (shared regulations.md §2.4 「本列数据的勾稽关系」 and
// the year-over-year carry-over). Any failed check blocks publishing and names the cells.
import {
  cellName, RESULT_KEYS, rowOf, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_GROUPS, TOTAL_COL,
  type Table3, type Table4,
} from './annual-format.ts';

export type CheckRule = 'column_balance' | 'result_total' | 'total_column' | 'table4_total' | 'carry_over';

export interface Check {
  rule: CheckRule;
  ok: boolean;
  detail: string;
  /** The failing cells, e.g. 「二、上年结转政府信息公开申请数量」行「自然人」列. */
  cells: string[];
}

export const CHECK_LABELS: Record<CheckRule, string> = {
  column_balance: '每列：一 + 二 = 三（七）总计 + 四',
  result_total: '三（七）总计 = （一）至（六）各项之和',
  total_column: '总计列 = 六个申请人列之和',
  table4_total: '表四：各组总计 = 维持 + 纠正 + 其他 + 尚未审结',
  carry_over: '本年“上年结转” = 上年“结转下年度继续办理”',
};

/** Last year's row 四 as a published (or imported) report states it; null when the system has none. */
export interface PreviousYear {
  year: number;
  carriedOut: number[];
}

function check(rule: CheckRule, failures: string[], cells: string[], okDetail: string): Check {
  return failures.length ? { rule, ok: false, detail: failures.join('；'), cells } : { rule, ok: true, detail: okDetail, cells: [] };
}

/** 一 + 二 = 三（七）总计 + 四 in each of the seven columns. */
export function checkColumnBalance(t: Table3): Check {
  const failures: string[] = [];
  const cells: string[] = [];
  for (let c = 0; c < TABLE3_COLUMNS.length; c++) {
    const [a, b, total, out] = [rowOf(t, 'new')[c], rowOf(t, 'carried_in')[c], rowOf(t, 'total')[c], rowOf(t, 'carried_out')[c]] as number[] as [number, number, number, number];
    if (a + b !== total + out) {
      failures.push(`「${TABLE3_COLUMNS[c]}」列：一（${a}）+ 二（${b}）= ${a + b}，三（七）总计（${total}）+ 四（${out}）= ${total + out}`);
      cells.push(cellName('carried_out', c));
    }
  }
  return check('column_balance', failures, cells, '七列均满足 一 + 二 = 三（七）总计 + 四');
}

/** （七）总计 equals the sum of （一）–（六） (arithmetic of the form). */
export function checkResultTotal(t: Table3): Check {
  const failures: string[] = [];
  const cells: string[] = [];
  for (let c = 0; c < TABLE3_COLUMNS.length; c++) {
    const sum = RESULT_KEYS.reduce((s, k) => s + (rowOf(t, k)[c] as number), 0);
    const total = rowOf(t, 'total')[c] as number;
    if (sum !== total) {
      failures.push(`${cellName('total', c)}为 ${total}，（一）至（六）之和为 ${sum}`);
      cells.push(cellName('total', c));
    }
  }
  return check('result_total', failures, cells, '（七）总计与各项之和一致');
}

/** The 总计 column equals the sum of the six applicant columns, in every row. */
export function checkTotalColumn(t: Table3): Check {
  const failures: string[] = [];
  const cells: string[] = [];
  TABLE3_ROWS.forEach((r, i) => {
    const row = t[i] as number[];
    const sum = row.slice(0, TOTAL_COL).reduce((s, v) => s + v, 0);
    if (row[TOTAL_COL] !== sum) {
      failures.push(`${cellName(r.key, TOTAL_COL)}为 ${row[TOTAL_COL]}，六个申请人列之和为 ${sum}`);
      cells.push(cellName(r.key, TOTAL_COL));
    }
  });
  return check('total_column', failures, cells, '每行总计等于六个申请人列之和');
}

export function checkTable4(t: Table4): Check {
  const failures: string[] = [];
  const cells: string[] = [];
  TABLE4_GROUPS.forEach((g, i) => {
    const sum = t.slice(i * 5, i * 5 + 4).reduce((s, v) => s + v, 0);
    if (t[i * 5 + 4] !== sum) {
      failures.push(`表四「${g.group}」「总计」为 ${t[i * 5 + 4]}，四项之和为 ${sum}`);
      cells.push(`表四「${g.group}」「总计」`);
    }
  });
  return check('table4_total', failures, cells, '表四各组总计正确');
}

/**
 * This year's 二 equals last year's 四 column by column. No earlier year in the system: passes as
 * 无上年数据. A difference with a recorded reason passes and says so; without one it fails.
 */
export function checkCarryOver(t: Table3, previous: PreviousYear | null, reason: string | null): Check {
  if (!previous) return { rule: 'carry_over', ok: true, detail: '无上年数据', cells: [] };
  const failures: string[] = [];
  const cells: string[] = [];
  for (let c = 0; c < TABLE3_COLUMNS.length; c++) {
    const now = rowOf(t, 'carried_in')[c] as number;
    const before = previous.carriedOut[c] ?? 0;
    if (now !== before) {
      failures.push(`${cellName('carried_in', c)}为 ${now}，${previous.year}年报告「四、结转下年度继续办理」为 ${before}`);
      cells.push(cellName('carried_in', c));
    }
  }
  if (!failures.length) return { rule: 'carry_over', ok: true, detail: `与${previous.year}年报告的结转数一致`, cells: [] };
  const why = reason?.trim();
  if (why) return { rule: 'carry_over', ok: true, detail: `与${previous.year}年报告不一致（${failures.join('；')}），已说明理由：${why}`, cells };
  return { rule: 'carry_over', ok: false, detail: `${failures.join('；')}。请核对，或填写不一致的理由`, cells };
}

export function runChecks(t3: Table3, t4: Table4, previous: PreviousYear | null, reason: string | null): Check[] {
  return [checkColumnBalance(t3), checkResultTotal(t3), checkTotalColumn(t3), checkTable4(t4), checkCarryOver(t3, previous, reason)];
}

export const allPass = (checks: readonly Check[]): boolean => checks.every((c) => c.ok);
