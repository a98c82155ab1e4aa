// Shell: the grouped queries of the supervision figures that read this module's and the ratings
// tables (one GROUP BY org_path each, whatever the number of organisations); the other modules'
// counts come through their index.ts (disclosures, applications, interaction).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { OrganisationKind } from '../identity/index.ts';
import { NAMED_BAD_RATING_SQL } from '../ratings/index.ts';
import { likePrefix } from '../../platform/db/like.ts';


function inSubtrees(paths: readonly string[]) {
  return sql<boolean>`(${sql.join(paths.map((p) => sql`org_path like ${likePrefix(p)} escape '\\'`), sql` or `)})`;
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * 好差评 per organisation path, ratings given in [from, to] (rated_on): all, good (level ≥ 4), bad
 * (level ≤ 2), bad ones by a named rater and those of them called back — 回访率 as the ratings module
 * counts it (NAMED_BAD_RATING_SQL: an anonymous 差评 cannot be called back). Ratings removed by an
 * upheld appeal (excluded = 1) are left out.
 */
export async function ratingCountsByPath(db: Db, f: { paths: readonly string[]; from: string; to: string; byMonth?: boolean }): Promise<{ path: string; month?: string; rated: number; good: number; bad: number; namedBad: number; calledBack: number }[]> {
  if (!f.paths.length) return [];
  let q = db.selectFrom('rating')
    .select([
      'org_path',
      sql<number>`count(*)`.as('rated'),
      sql<number>`sum(case when level >= 4 then 1 else 0 end)`.as('good'),
      sql<number>`sum(case when level <= 2 then 1 else 0 end)`.as('bad'),
      sql<number>`sum(case when ${NAMED_BAD_RATING_SQL} then 1 else 0 end)`.as('named_bad'),
      sql<number>`sum(case when ${NAMED_BAD_RATING_SQL} and called_back_on is not null then 1 else 0 end)`.as('called_back'),
    ])
    .where('rated_on', '>=', f.from).where('rated_on', '<=', f.to).where('excluded', '=', 0);
  if (!f.paths.includes('/')) q = q.where(inSubtrees(f.paths));
  const rows = f.byMonth
    ? await q.select(sql<string>`substr(rated_on, 1, 7)`.as('month')).groupBy(['org_path', sql`substr(rated_on, 1, 7)`]).execute()
    : await q.select(sql<string>`''`.as('month')).groupBy('org_path').execute();
  return rows.map((r) => ({ path: r.org_path, ...(f.byMonth ? { month: r.month } : {}), rated: num(r.rated), good: num(r.good), bad: num(r.bad), namedBad: num(r.named_bad), calledBack: num(r.called_back) }));
}

/** The state of a problem dismissed as a false finding (not counted anywhere). */
export const DISMISSED = 'dismissed';

/**
 * 问题清单 per organisation path, problems found in [from, to] (found_on), dismissed ones left out:
 * raised; closed (销号: closed_on set); due (closed, or its rectification deadline before `today`);
 * closed on time (closed_on ≤ due_on); still open.
 */
export async function problemCountsByPath(db: Db, f: { paths: readonly string[]; from: string; to: string; today: string; byMonth?: boolean }): Promise<{ path: string; month?: string; raised: number; closed: number; due: number; closedOnTime: number; open: number }[]> {
  if (!f.paths.length) return [];
  let q = db.selectFrom('sv_problem')
    .select([
      'org_path',
      sql<number>`count(*)`.as('raised'),
      sql<number>`sum(case when closed_on is not null then 1 else 0 end)`.as('closed'),
      sql<number>`sum(case when closed_on is not null or due_on < ${f.today} then 1 else 0 end)`.as('due'),
      sql<number>`sum(case when closed_on is not null and closed_on <= due_on then 1 else 0 end)`.as('closed_on_time'),
      sql<number>`sum(case when closed_on is null then 1 else 0 end)`.as('open'),
    ])
    .where('found_on', '>=', f.from).where('found_on', '<=', f.to).where('state', '!=', DISMISSED);
  if (!f.paths.includes('/')) q = q.where(inSubtrees(f.paths));
  const rows = f.byMonth
    ? await q.select(sql<string>`substr(found_on, 1, 7)`.as('month')).groupBy(['org_path', sql`substr(found_on, 1, 7)`]).execute()
    : await q.select(sql<string>`''`.as('month')).groupBy('org_path').execute();
  return rows.map((r) => ({ path: r.org_path, ...(f.byMonth ? { month: r.month } : {}), raised: num(r.raised), closed: num(r.closed), due: num(r.due), closedOnTime: num(r.closed_on_time), open: num(r.open) }));
}

/** Problems closed per month in [from, to] (closed_on), in `paths` — the dashboard's 已整改 line. */
export async function problemsClosedByMonth(db: Db, f: { paths: readonly string[]; from: string; to: string }): Promise<{ month: string; closed: number }[]> {
  if (!f.paths.length) return [];
  let q = db.selectFrom('sv_problem').select([sql<string>`substr(closed_on, 1, 7)`.as('month'), sql<number>`count(*)`.as('closed')])
    .where('closed_on', '>=', f.from).where('closed_on', '<=', f.to).where('state', '!=', DISMISSED);
  if (!f.paths.includes('/')) q = q.where(inSubtrees(f.paths));
  const rows = await q.groupBy(sql`substr(closed_on, 1, 7)`).execute();
  return rows.map((r) => ({ month: r.month, closed: num(r.closed) }));
}

/** Open problems (not closed, not dismissed) per organisation path in `paths`, whenever found. */
export async function openProblemsByPath(db: Db, f: { paths: readonly string[]; today: string }): Promise<{ path: string; open: number; overdue: number }[]> {
  if (!f.paths.length) return [];
  let q = db.selectFrom('sv_problem')
    .select(['org_path', sql<number>`count(*)`.as('open'), sql<number>`sum(case when due_on < ${f.today} then 1 else 0 end)`.as('overdue')])
    .where('closed_on', 'is', null).where('state', '!=', DISMISSED);
  if (!f.paths.includes('/')) q = q.where(inSubtrees(f.paths));
  const rows = await q.groupBy('org_path').execute();
  return rows.map((r) => ({ path: r.org_path, open: num(r.open), overdue: num(r.overdue) }));
}

/** The organisations in `paths` (enabled), for names and the roll-up. */
export async function organisationsIn(db: Db, paths: readonly string[], kinds?: readonly OrganisationKind[]): Promise<{ code: string; name: string; path: string; kind: string }[]> {
  if (!paths.length) return [];
  let q = db.selectFrom('organisation').select(['code', 'name', 'path', 'kind']).where('disabled', '=', 0);
  if (!paths.includes('/')) q = q.where(sql<boolean>`(${sql.join(paths.map((p) => sql`path like ${likePrefix(p)} escape '\\'`), sql` or `)})`);
  if (kinds?.length) q = q.where('kind', 'in', [...kinds]);
  return q.orderBy('path').execute();
}
