// Pure: statistics of applications per organisation and period — received, closed (办结: the
// reply delivered, or withdrawn) and in progress at the end of the period — and their CSV export.
// "全州依申请公开92件，办结76件，正在办理16件" is the last (total) row.

import { toCsv } from '../../platform/csv/csv.ts';

export interface StatisticsInput {
  org_code: string;
  received_on: string | null;
  submitted_on: string;
  delivered_on: string | null;
  closed_on: string | null;
  due_on: string | null;
}

export interface StatisticsRow {
  orgCode: string;
  orgName: string;
  received: number;
  closed: number;
  inProgress: number;
  overdue: number;
}

/** One row per organisation (sorted by code) and a total row for `total` at the end. */
export function computeStatistics(cases: readonly StatisticsInput[], from: string, to: string, names: Record<string, string>, total: { code: string; name: string }): StatisticsRow[] {
  const by = new Map<string, StatisticsRow>();
  const sum: StatisticsRow = { orgCode: total.code, orgName: `${total.name}（合计）`, received: 0, closed: 0, inProgress: 0, overdue: 0 };
  for (const c of cases) {
    const got = c.received_on ?? c.submitted_on;
    const done = c.delivered_on ?? c.closed_on;
    const r = by.get(c.org_code) ?? { orgCode: c.org_code, orgName: names[c.org_code] ?? c.org_code, received: 0, closed: 0, inProgress: 0, overdue: 0 };
    let touched = false;
    if (got >= from && got <= to) { r.received++; sum.received++; touched = true; }
    if (done && done >= from && done <= to) { r.closed++; sum.closed++; touched = true; }
    if (got <= to && (!done || done > to)) {
      r.inProgress++; sum.inProgress++; touched = true;
      if (c.due_on && c.due_on < to) { r.overdue++; sum.overdue++; }
    }
    if (touched) by.set(c.org_code, r);
  }
  return [...[...by.values()].sort((a, b) => a.orgCode.localeCompare(b.orgCode)), sum];
}


/** CSV with a UTF-8 BOM (opens correctly in Excel/WPS). */
export function statisticsCsv(rows: readonly StatisticsRow[], from: string, to: string): string {
  const lines = [['机关代码', '机关', '统计起始', '统计截止', '收到申请', '办结', '正在办理', '其中逾期']];
  for (const r of rows) lines.push([r.orgCode, r.orgName, from, to, String(r.received), String(r.closed), String(r.inProgress), String(r.overdue)]);
  return toCsv(lines);
}
