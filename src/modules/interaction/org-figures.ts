// Shell: 按时办结率 counts for supervision (月检查 figures, 年考评, the office dashboard, the public
// on-time page) — the /interaction/statistics rule (deadlines.ts onTimeStatus over the records
// statRecordOf makes: rejected and converted items and closures with an estimated date never
// count), written as ONE grouped query per handling organisation path (and month), so 1,000
// organisations and 100,000 messages cost one scan instead of reading every row into memory.
// test/db/interaction-org-figures.db.test.ts checks it against statistics.ts `aggregate`.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { OnTimeOptions } from './deadlines.ts';
import type { SourceKind } from './statistics.ts';
import { likePrefix } from '../../platform/db/like.ts';

/** One handling organisation path's messages and 12345 orders due in the period (or month). */
export interface ClosureOnTimeCount {
  path: string;
  /** YYYY-MM of the day the item counts on, when asked for by month. */
  month?: string;
  /** 应办结 (statistics.ts): closed, or open past the deadline. */
  due: number;
  onTime: number;
  /** Open and the deadline not passed: not counted yet. */
  pending: number;
}


/**
 * Per handling organisation path (the assignee once assigned, else the receiving organisation)
 * inside `paths` (['/'] = every organisation): the items counted in [from, to] as of `today`, with
 * the installation's OnTimeOptions — the deadline is due_on (or, when extensions do not move it,
 * the original one) and an item counts in the period of its deadline (or of its closure, basis
 * 'closure').
 */
export async function closureOnTimeByPath(db: Db, onTime: OnTimeOptions, f: { paths: readonly string[]; from: string; to: string; today: string; byMonth?: boolean; perPath?: boolean; source?: SourceKind }): Promise<ClosureOnTimeCount[]> {
  if (!f.paths.length) return [];
  const deadline = onTime.extensionsMoveDeadline ? sql`due_on` : sql`coalesce(original_due_on, due_on)`;
  const countsOn = onTime.basis === 'closure' ? sql`coalesce(closed_on, ${deadline})` : deadline;
  const handling = sql`coalesce(assignee_path, org_path)`;
  let q = db.selectFrom('message')
    .select([
      sql<number>`sum(case when closed_on is not null and closed_on <= ${deadline} then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when closed_on is not null or ${deadline} < ${f.today} then 1 else 0 end)`.as('due'),
      sql<number>`sum(case when closed_on is null and ${deadline} >= ${f.today} then 1 else 0 end)`.as('pending'),
    ])
    .where('stage', 'not in', ['rejected', 'converted_to_application'])
    .where('closed_on_estimated', '=', 0)
    .where(sql<boolean>`${deadline} is not null`)
    .where(sql<boolean>`${countsOn} >= ${f.from}`).where(sql<boolean>`${countsOn} <= ${f.to}`);
  if (f.source === 'hotline') q = q.where('source', '=', 'hotline');
  if (f.source === 'messages') q = q.where('source', '!=', 'hotline');
  if (!f.paths.includes('/')) q = q.where(sql<boolean>`(${sql.join(f.paths.map((p) => sql`${handling} like ${likePrefix(p)} escape '\\'`), sql` or `)})`);
  // perPath false (totals of the whole scope, e.g. per month): one group per month, the path left empty.
  const path = f.perPath === false ? sql<string>`''` : sql<string>`${handling}`;
  const month = f.byMonth ? sql<string>`substr(${countsOn}, 1, 7)` : sql<string>`''`;
  // (PostgreSQL refuses a constant in GROUP BY: only the real expressions are grouped on)
  const groups = [...(f.perPath === false ? [] : [path]), ...(f.byMonth ? [month] : [])];
  const selected = q.select([path.as('path'), month.as('month')]);
  const rows = await (groups.length ? selected.groupBy(groups) : selected).execute();
  return rows.map((r) => ({ path: r.path, ...(f.byMonth ? { month: r.month } : {}), due: Number(r.due ?? 0), onTime: Number(r.on_time ?? 0), pending: Number(r.pending ?? 0) }));
}
