// Shell: 按时答复率 counts for supervision (月检查 figures, 年考评, the public on-time page) — one grouped
// query per organisation path over the applications whose statutory reply date falls in a period.
// The due date is the case's own (deadlines.ts computeDue: 第三十三条 20 working days, extension,
// pauses, kept on the case as due_on); the answer is the decision (decided_on, 作出答复之日), as
// the public 依申请公开 figures count answered cases (public-figures.ts).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { likePrefix } from '../../platform/db/like.ts';

/** One organisation path's applications due in the period. */
export interface ReplyOnTimeCount {
  path: string;
  /** YYYY-MM of the due date, when asked for by month. */
  month?: string;
  /** 应答复: due in the period and answered, or past the due date unanswered. */
  due: number;
  /** 按时答复: answered on or before the due date. */
  onTime: number;
  /** Due in the period, unanswered and the due date not passed: not counted yet. */
  pending: number;
}


/**
 * Per organisation path inside `paths` (subtrees; ['/'] = every organisation): applications whose
 * reply due date (due_on) is in [from, to]. Withdrawn applications with no answer are left out (no
 * reply is owed), as are cases whose clock is stopped (due_on null, 第三十三条第三款).
 */
export async function replyOnTimeByPath(db: Db, f: { paths: readonly string[]; from: string; to: string; today: string; byMonth?: boolean; perPath?: boolean }): Promise<ReplyOnTimeCount[]> {
  if (!f.paths.length) return [];
  let q = db.selectFrom('application_case')
    .select([
      sql<number>`sum(case when decided_on is not null and decided_on <= due_on then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when decided_on is not null or due_on < ${f.today} then 1 else 0 end)`.as('due'),
      sql<number>`sum(case when decided_on is null and due_on >= ${f.today} then 1 else 0 end)`.as('pending'),
    ])
    .where('due_on', '>=', f.from).where('due_on', '<=', f.to)
    .where((eb) => eb.or([eb('stage', '!=', 'withdrawn'), eb('decided_on', 'is not', null)]));
  if (!f.paths.includes('/')) q = q.where(sql<boolean>`(${sql.join(f.paths.map((p) => sql`org_path like ${likePrefix(p)} escape '\\'`), sql` or `)})`);
  // perPath false (totals of the whole scope, e.g. per month): one group per month, the path left empty.
  const path = f.perPath === false ? sql<string>`''` : sql<string>`org_path`;
  const month = f.byMonth ? sql<string>`substr(due_on, 1, 7)` : sql<string>`''`;
  // (PostgreSQL refuses a constant in GROUP BY: only the real expressions are grouped on)
  const groups = [...(f.perPath === false ? [] : [path]), ...(f.byMonth ? [month] : [])];
  const selected = q.select([path.as('path'), month.as('month')]);
  const rows = await (groups.length ? selected.groupBy(groups) : selected).execute();
  return rows.map((r) => ({ path: r.path, ...(f.byMonth ? { month: r.month } : {}), onTime: Number(r.on_time ?? 0), due: Number(r.due ?? 0), pending: Number(r.pending ?? 0) }));
}
