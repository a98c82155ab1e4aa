// Shell: 按时办结率 counts for supervision (月检查 figures, 年考评, the public on-time page) — the same
// formula as /interaction/statistics (repo.statRows → statRecordOf → statistics.ts aggregate, with
// the installation's OnTimeOptions), counted per handling organisation path and per period.
import type { Db } from '../../schema.ts';
import type { OnTimeOptions } from './deadlines.ts';
import * as repo from './interaction.repository.ts';
import { statRecordOf } from './public-figures.ts';
import { aggregate, type SourceKind } from './statistics.ts';

/** One handling organisation path's messages and 12345 orders due in one period. */
export interface ClosureOnTimeCount {
  path: string;
  /** The key of the period asked for (e.g. '2026-03'). */
  period: string;
  /** 应办结 (statistics.ts). */
  due: number;
  onTime: number;
  pending: number;
}

/**
 * For each period (all inside one read of the rows from the first period's start to the last one's
 * end) and each handling organisation path inside `paths` (['/'] = every organisation): 应办结,
 * 按期办结 and 未到期 as /interaction/statistics counts them, as of `today`. The handling
 * organisation is the assignee once assigned, else the receiving one (statistics.ts).
 */
export async function closureOnTimeByPath(db: Db, onTime: OnTimeOptions, f: { paths: readonly string[]; periods: readonly { key: string; from: string; to: string }[]; today: string; source?: SourceKind }): Promise<ClosureOnTimeCount[]> {
  if (!f.paths.length || !f.periods.length) return [];
  const from = f.periods.reduce((m, p) => (p.from < m ? p.from : m), f.periods[0]!.from);
  const to = f.periods.reduce((m, p) => (p.to > m ? p.to : m), f.periods[0]!.to);
  const all = f.paths.includes('/');
  const rows = await repo.statRows(db, from, to, { paths: all ? null : [...f.paths], source: 'all' });
  const inScope = (path: string) => all || f.paths.some((p) => path.startsWith(p));
  // The same record mapping as the statistics page, keyed by the handling organisation's path.
  const records = rows.map((r) => ({ row: r, path: r.assigneePath ?? r.orgPath })).filter((x) => inScope(x.path))
    .map((x) => ({ ...statRecordOf(x.row), org: x.path, name: x.path }));
  const out: ClosureOnTimeCount[] = [];
  for (const p of f.periods) {
    for (const r of aggregate(records, p, f.source ?? 'all', onTime, f.today).rows) {
      if (r.due || r.pending) out.push({ path: r.org, period: p.key, due: r.due, onTime: r.onTime, pending: r.pending });
    }
  }
  return out;
}
