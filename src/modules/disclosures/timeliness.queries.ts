// Shell: 按时公开率 counts for supervision (月检查 figures, 年考评, the public on-time page) — one grouped
// query over the records due in a period, per organisation path. On time or late is the stored
// result of the timeliness rule (timeliness.ts: due_on from dueDate when the record is saved,
// late_working_days from lateWorkingDays when it is published), never worked out again here.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { likePrefix } from '../../platform/db/like.ts';

/** One organisation path's records due in the period. */
export interface OnTimeCount {
  path: string;
  /** YYYY-MM of the due date, when asked for by month. */
  month?: string;
  /** 应公开: due in the period and published, or past the due date unpublished. */
  due: number;
  /** 按时公开: published with late_working_days 0 (on or before its due date). */
  onTime: number;
  /** Due in the period, not yet public and the due date not passed: not counted yet. */
  pending: number;
}


/**
 * Per organisation path inside `paths` (subtrees; ['/'] = every organisation): the records whose
 * due publication date (due_on) falls in [from, to]. Published = published, scheduled or withdrawn
 * with its publication time come (`nowIso`; a withdrawn record was public). A record not yet public whose due date is
 * before `today` counts as late; one still within its limit is pending. Records without a due date
 * (imported history) are left out.
 */
export async function publicationOnTimeByPath(db: Db, f: { paths: readonly string[]; from: string; to: string; today: string; byMonth?: boolean; perPath?: boolean; nowIso: string }): Promise<OnTimeCount[]> {
  if (!f.paths.length) return [];
  const published = sql`(state in ('published', 'scheduled', 'withdrawn') and published_at is not null and published_at <= ${f.nowIso})`;
  // Not yet public (a record withdrawn before it ever went out is neither).
  const unpublished = sql`(state in ('draft', 'submitted', 'rejected', 'approved') or (state = 'scheduled' and (published_at is null or published_at > ${f.nowIso})))`;
  let q = db.selectFrom('disclosure')
    .select([
      sql<number>`sum(case when ${published} and coalesce(late_working_days, 0) = 0 then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when ${published} then 1 when ${unpublished} and due_on < ${f.today} then 1 else 0 end)`.as('due'),
      sql<number>`sum(case when ${unpublished} and due_on >= ${f.today} then 1 else 0 end)`.as('pending'),
    ])
    .where('due_on', '>=', f.from).where('due_on', '<=', f.to);
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
