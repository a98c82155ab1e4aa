// Shell: the office dashboard's data (监督检查统计) for a scope (the office's subtrees) and a
// period — problems found and closed per month, the on-time rates per module per month, and the
// organisations with the most open problems — and its three CSV tables. `dashboardData` is what
// `npm run bench:supervision` times (the dashboard p95).
import { toCsv } from '../../platform/csv/csv.ts';
import { monthlyFigures, monthsOf, type Figure, type FigureDeps, type FigureKey, type FigurePeriod } from './figures.ts';
import { openProblemsByPath, problemCountsByPath, problemsClosedByMonth } from './figures.queries.ts';
import { figureStrings as fs } from './figures.strings.ts';
import { dashboardStrings as s } from './dashboard.strings.ts';

/** The module rates the dashboard follows by month. */
export const DASHBOARD_RATE_KEYS: readonly FigureKey[] = ['disclosure_on_time', 'application_on_time', 'message_on_time', 'rectification_done'];
export const DASHBOARD_TOP = 10;

export interface DashboardData {
  period: FigurePeriod;
  months: string[];
  /** Per month: problems found (found_on) and closed (closed_on), dismissed ones left out. */
  problems: { month: string; opened: number; closed: number }[];
  /** Per month: each followed rate over the whole scope. */
  rates: { month: string; figures: Record<FigureKey, Figure> }[];
  /** The organisations with the most open problems now (whenever found), most first. */
  top: { code: string; name: string; open: number; overdue: number }[];
  /** Totals of the period over the scope. */
  totals: { opened: number; closed: number; open: number; overdue: number };
}

/**
 * Everything the dashboard shows for `scope` (subtree paths; ['/'] = the whole installation) and
 * `period`: five grouped queries and the month-wise rates, independent of the number of organisations.
 */
export async function dashboardData(deps: FigureDeps, scope: readonly string[], period: FigurePeriod, top = DASHBOARD_TOP): Promise<DashboardData> {
  // Months after this one have nothing yet: the trend stops at the current month.
  const months = monthsOf(period.from, period.to).map((m) => m.key).filter((m) => m <= deps.today.slice(0, 7));
  const f = { paths: scope, from: period.from, to: period.to };
  const [found, closed, open, rates] = await Promise.all([
    problemCountsByPath(deps.db, { ...f, today: deps.today, byMonth: true }),
    problemsClosedByMonth(deps.db, f),
    openProblemsByPath(deps.db, { paths: scope, today: deps.today }),
    monthlyFigures(deps, scope, period, DASHBOARD_RATE_KEYS).then((all) => all.filter((m) => months.includes(m.month))),
  ]);
  const opened = new Map<string, number>();
  for (const r of found) opened.set(r.month ?? '', (opened.get(r.month ?? '') ?? 0) + r.raised);
  const closedBy = new Map(closed.map((r) => [r.month, r.closed]));
  const problems = months.map((month) => ({ month, opened: opened.get(month) ?? 0, closed: closedBy.get(month) ?? 0 }));
  const ranked = [...open].sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.path.localeCompare(b.path)).slice(0, top);
  const names = ranked.length
    ? new Map((await deps.db.selectFrom('organisation').select(['code', 'name', 'path']).where('path', 'in', ranked.map((r) => r.path)).execute()).map((o) => [o.path, o]))
    : new Map<string, { code: string; name: string }>();
  return {
    period, months, problems, rates,
    top: ranked.map((r) => ({ code: names.get(r.path)?.code ?? '', name: names.get(r.path)?.name ?? r.path, open: r.open, overdue: r.overdue })),
    totals: {
      opened: problems.reduce((n, p) => n + p.opened, 0), closed: problems.reduce((n, p) => n + p.closed, 0),
      open: open.reduce((n, r) => n + r.open, 0), overdue: open.reduce((n, r) => n + r.overdue, 0),
    },
  };
}

export const DASHBOARD_TABLES = ['problems', 'rates', 'open'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

const pct = (f: Figure) => (f.rate === null ? '' : (f.rate * 100).toFixed(1));

/** One of the dashboard's tables as CSV (formula-safe, UTF-8 with BOM). */
export function dashboardCsv(d: DashboardData, table: DashboardTable): string {
  if (table === 'problems') return toCsv([[...s.csv.problems], ...d.problems.map((p) => [p.month, p.opened, p.closed])]);
  if (table === 'open') return toCsv([[...s.csv.open], ...d.top.map((t, i) => [i + 1, t.code, t.name, t.open, t.overdue])]);
  const head = [s.csv.month, ...DASHBOARD_RATE_KEYS.flatMap((k) => [`${fs.labels[k]}（%）`, fs.numerator[k], fs.denominator[k]])];
  return toCsv([head, ...d.rates.map((r) => [r.month, ...DASHBOARD_RATE_KEYS.flatMap((k) => [pct(r.figures[k]), r.figures[k].numerator, r.figures[k].denominator])])]);
}
