// Shell: the counts behind the 好差评 statistics (statistics.ts turns them into figures). One
// GROUP BY per table of the page over the rating table, counted ratings only (excluded = 0: a
// rating removed on an upheld appeal stays in the log but never in a published figure); the
// excluded ones are counted apart so the page can say how many were left out.
import { PostgresAdapter, sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../schema.ts';
import { emptyTally, type Tally } from './statistics.ts';
import { likePrefix } from '../../platform/db/like.ts';

export interface StatsFilter {
  /** Organisation subtrees (materialised paths); null = the whole installation. */
  paths: readonly string[] | null;
  venue?: string | null;
  item?: string | null;
  from: string;
  to: string;
}

export type GroupBy = 'org' | 'venue' | 'item' | 'month' | 'window' | 'staff';

/**
 * A 差评 by a named rater — a name AND a phone given, as rating-input.ts isNamed decides who is
 * called back (回访) — the denominator of 回访率 (statistics.ts); the supervision figures' 差评回访率
 * counts with this same predicate (any other 差评 has nobody to call back and goes straight to 整改,
 * workflow.ts initialState), and rating-store.ts keeps the same flag.
 */
export const NAMED_BAD = sql<boolean>`(is_bad = 1 and coalesce(rater_name, '') <> '' and coalesce(rater_phone, '') <> '')`;

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Escapes LIKE wildcards of a path (paths hold none, but a typed value might). */

function filtered(db: Db, f: StatsFilter, excluded: 0 | 1) {
  let q = db.selectFrom('rating').where('excluded', '=', excluded).where('rated_on', '>=', f.from).where('rated_on', '<=', f.to);
  if (f.paths) {
    const paths = f.paths;
    if (!paths.length) return null;
    if (!paths.includes('/')) q = q.where((eb) => eb.or(paths.map((p) => eb('org_path', 'like', likePrefix(p)) as Expression<SqlBool>)));
  }
  if (f.venue) q = q.where('venue_public_id', '=', f.venue);
  if (f.item) q = q.where('item_public_id', '=', f.item);
  return q;
}

const KEY = {
  org: sql<string>`org_code`,
  venue: sql<string>`venue_public_id`,
  item: sql<string>`item_public_id`,
  month: sql<string>`substr(rated_on, 1, 7)`,
  window: sql<string>`coalesce(venue_public_id, '') || '/' || window_code`,
  staff: sql<string>`staff_no`,
} as const;

/** The tallies of each group (ratings without the grouped subject — no venue, no item — are left out of that table). */
export async function tallies(db: Db, f: StatsFilter, by: GroupBy): Promise<Tally[]> {
  const base = filtered(db, f, 0);
  if (!base) return [];
  const named = NAMED_BAD;
  const days = isPg(db) ? sql`(cast(rectified_on as date) - cast(rated_on as date))` : sql`(julianday(rectified_on) - julianday(rated_on))`;
  let q = base.select([
    KEY[by].as('k'), 'level',
    sql<number>`count(*)`.as('n'),
    sql<number>`sum(case when ${named} then 1 else 0 end)`.as('named_bad'),
    sql<number>`sum(case when ${named} and called_back_on is not null then 1 else 0 end)`.as('called'),
    sql<number>`sum(case when is_bad = 1 and rectified_on is not null then 1 else 0 end)`.as('rectified'),
    sql<number>`sum(case when is_bad = 1 and rectified_on is not null then ${days} else 0 end)`.as('days'),
  ]);
  if (by === 'venue') q = q.where('venue_public_id', 'is not', null);
  if (by === 'item') q = q.where('item_public_id', 'is not', null);
  if (by === 'window') q = q.where('window_code', 'is not', null);
  if (by === 'staff') q = q.where('staff_no', 'is not', null);
  const rows = await q.groupBy([KEY[by], 'level']).execute();
  const out = new Map<string, Tally>();
  for (const r of rows) {
    const key = String(r.k);
    const t = out.get(key) ?? emptyTally(key);
    const stars = Number(r.level);
    if (stars >= 1 && stars <= 5) t.byStars[stars - 1] = (t.byStars[stars - 1] as number) + Number(r.n);
    t.namedBad += Number(r.named_bad ?? 0);
    t.namedBadCalledBack += Number(r.called ?? 0);
    t.rectified += Number(r.rectified ?? 0);
    t.rectifyDays += Number(r.days ?? 0);
    out.set(key, t);
  }
  return [...out.values()];
}

/** How many ratings in the filter were removed on an upheld appeal (left out of every figure). */
export async function excludedCount(db: Db, f: StatsFilter): Promise<number> {
  const base = filtered(db, f, 1);
  if (!base) return 0;
  const r = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Σ stars and count per venue over every counted rating (the map's ranking), and the installation's totals. */
export async function venueStarTotals(db: Db): Promise<{ byVenue: Map<string, { sum: number; count: number }>; all: { sum: number; count: number } }> {
  const rows = await db.selectFrom('rating').where('excluded', '=', 0).where('venue_public_id', 'is not', null)
    .select(['venue_public_id', sql<number>`count(*)`.as('n'), sql<number>`sum(level)`.as('s')]).groupBy('venue_public_id').execute();
  const byVenue = new Map<string, { sum: number; count: number }>();
  const all = { sum: 0, count: 0 };
  for (const r of rows) {
    const v = { sum: Number(r.s), count: Number(r.n) };
    byVenue.set(r.venue_public_id as string, v);
    all.sum += v.sum; all.count += v.count;
  }
  return { byVenue, all };
}

/** The installation's (or a subtree's) Σ stars and count, for the prior of the rankings. */
export async function starTotalsOf(db: Db, paths: readonly string[] | null): Promise<{ sum: number; count: number }> {
  const base = filtered(db, { paths, from: '0000-01-01', to: '9999-12-31' }, 0);
  if (!base) return { sum: 0, count: 0 };
  const r = await base.select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(level), 0)`.as('s')]).executeTakeFirst();
  return { sum: Number(r?.s ?? 0), count: Number(r?.n ?? 0) };
}

/**
 * The 3-level ratings of 民心直通车 replies (every source but 12345) and 12345 orders (the
 * interaction module's `message.rating`), received in the period inside the subtrees — shown beside
 * the five-level figures, never added to them.
 */
export async function threeLevelCounts(db: Db, f: { paths: readonly string[] | null; from: string; to: string }): Promise<{ message: Record<string, number>; hotline: Record<string, number> }> {
  const out = { message: {} as Record<string, number>, hotline: {} as Record<string, number> };
  if (f.paths && !f.paths.length) return out;
  let q = db.selectFrom('message').where('rating', 'is not', null).where('received_on', '>=', f.from).where('received_on', '<=', f.to);
  const paths = f.paths;
  if (paths && !paths.includes('/')) q = q.where((eb) => eb.or(paths.map((p) => eb('org_path', 'like', likePrefix(p)) as Expression<SqlBool>)));
  const rows = await q.select(['rating', sql<string>`case when source = 'hotline' then 'hotline' else 'message' end`.as('kind'), sql<number>`count(*)`.as('n')])
    .groupBy(['rating', sql`case when source = 'hotline' then 'hotline' else 'message' end`]).execute();
  for (const r of rows) {
    const bucket = out[r.kind === 'hotline' ? 'hotline' : 'message'];
    bucket[r.rating as string] = (bucket[r.rating as string] ?? 0) + Number(r.n);
  }
  return out;
}

/** Names of organisations, venues and items by code / public id (for the ranked lists). */
export async function namesOf(db: Db, by: GroupBy, keys: readonly string[]): Promise<Map<string, string>> {
  const list = [...new Set(keys)].filter(Boolean);
  const out = new Map<string, string>();
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    if (by === 'org') for (const r of await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', chunk).execute()) out.set(r.code, r.name);
    if (by === 'venue') for (const r of await db.selectFrom('sm_venue').select(['public_id', 'name']).where('public_id', 'in', chunk).execute()) out.set(r.public_id, r.name);
    if (by === 'item') for (const r of await db.selectFrom('sm_item').select(['public_id', 'name']).where('public_id', 'in', chunk).execute()) out.set(r.public_id, r.name);
  }
  return out;
}
