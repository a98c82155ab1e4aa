// Shell: the open dataset `rating-statistics` (issue 23 数据开放) — the published 好差评 figures
// (statistics.ts figuresOf: 各等级件数, 好评率, 差评数, 回访率, 整改率, 平均整改用时, 平均星级) per
// responsible organisation and month, from the same tallies as the statistics page
// (statistics.queries.ts `tallies`: counted ratings only, excluded = 0), grouped by organisation,
// month and level in one query per batch of organisations (rating_org_month index: org_code,
// rated_on), so memory holds one batch whatever the number of ratings. Listed only where ratings exist.
//
// Statistics only: no rating text, no rater's name or phone, no 工号.
import { sql, type Kysely } from 'kysely';
import { keysetRows, csvChunks, jsonlChunks } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { likePrefix } from '../../platform/db/like.ts';
import type { Database, Db } from '../../schema.ts';
import { PostgresAdapter } from 'kysely';
import { datasetStrings as s } from './datasets.strings.ts';
import { LEVELS, type LevelCode } from './levels.ts';
import { NAMED_BAD } from './statistics.queries.ts';
import { emptyTally, figuresOf, type Tally } from './statistics.ts';

export const RATING_STATISTICS_COLUMNS = [
  'month', 'org_code', 'org_name', 'count', ...LEVELS.map((l) => l.code), 'good_rate', 'bad_count', 'named_bad', 'named_bad_called_back', 'callback_rate', 'rectified', 'rectify_rate', 'avg_rectify_days', 'mean_stars',
] as const;

export type RatingStatisticsRow = {
  /** YYYY-MM */
  month: string;
  org_code: string;
  org_name: string;
  count: number;
  /** Rates in percent with one decimal, null when the denominator is 0. */
  good_rate: number | null;
  bad_count: number;
  named_bad: number;
  named_bad_called_back: number;
  callback_rate: number | null;
  rectified: number;
  rectify_rate: number | null;
  avg_rectify_days: number | null;
  mean_stars: number | null;
} & Record<LevelCode, number>;

const BATCH = 200;
const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;
const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** The organisation codes of a government's subtree, in code order. */
async function subtreeCodes(db: Db, root: string): Promise<string[]> {
  return (await db.selectFrom('organisation').select('code').where(sql<boolean>`path like ${likePrefix(root)} escape '\\'`).orderBy('code').execute()).map((o) => o.code);
}

/** The organisation codes that have ratings, in batches, in code order (a keyset walk over the rating_org_month index), or a government's subtree codes. */
async function* codeBatches(db: Db, scope: DatasetScope): AsyncGenerator<string[]> {
  if (scope.kind === 'government') {
    const all = await subtreeCodes(db, scope.government.path);
    for (let i = 0; i < all.length; i += BATCH) yield all.slice(i, i + BATCH);
    return;
  }
  let batch: string[] = [];
  for await (const code of keysetRows<string, string>(async (after, size) => {
    let q = db.selectFrom('rating').select('org_code').distinct();
    if (after !== null) q = q.where('org_code', '>', after);
    return (await q.orderBy('org_code').limit(size).execute()).map((r) => r.org_code);
  }, (c) => c, BATCH)) {
    batch.push(code);
    if (batch.length === BATCH) { yield batch; batch = []; }
  }
  if (batch.length) yield batch;
}

/** The tallies per (organisation, month) of a batch of organisations — statistics.queries.ts tallies' counts, grouped by both. */
async function batchTallies(db: Db, codes: readonly string[], root: string): Promise<Map<string, Tally>> {
  const days = isPg(db) ? sql`(cast(rectified_on as date) - cast(rated_on as date))` : sql`(julianday(rectified_on) - julianday(rated_on))`;
  const month = sql<string>`substr(rated_on, 1, 7)`;
  let q = db.selectFrom('rating').where('excluded', '=', 0).where('org_code', 'in', codes);
  if (root !== '/') q = q.where(sql<boolean>`org_path like ${likePrefix(root)} escape '\\'`);
  const rows = await q.select([
    'org_code', month.as('month'), 'level',
    sql<number>`count(*)`.as('n'),
    sql<number>`sum(case when ${NAMED_BAD} then 1 else 0 end)`.as('named_bad'),
    sql<number>`sum(case when ${NAMED_BAD} and called_back_on is not null then 1 else 0 end)`.as('called'),
    sql<number>`sum(case when is_bad = 1 and rectified_on is not null then 1 else 0 end)`.as('rectified'),
    sql<number>`sum(case when is_bad = 1 and rectified_on is not null then ${days} else 0 end)`.as('days'),
  ]).groupBy(['org_code', month, 'level']).execute();
  const out = new Map<string, Tally>();
  for (const r of rows) {
    const key = `${r.org_code}\t${r.month}`;
    const t = out.get(key) ?? emptyTally(key);
    const stars = Number(r.level);
    if (stars >= 1 && stars <= 5) t.byStars[stars - 1] = (t.byStars[stars - 1] as number) + Number(r.n);
    t.namedBad += Number(r.named_bad ?? 0);
    t.namedBadCalledBack += Number(r.called ?? 0);
    t.rectified += Number(r.rectified ?? 0);
    t.rectifyDays += Number(r.days ?? 0);
    out.set(key, t);
  }
  return out;
}

/** Every row of the scope: organisations in code order, each's months in order. */
export async function* ratingStatisticsRows(db: Db, scope: DatasetScope): AsyncGenerator<RatingStatisticsRow> {
  const root = scope.kind === 'government' ? scope.government.path : '/';
  for await (const codes of codeBatches(db, scope)) {
    const tallies = await batchTallies(db, codes, root);
    if (!tallies.size) continue;
    const names = new Map((await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', codes).execute()).map((o) => [o.code, o.name]));
    const keys = [...tallies.keys()].sort();
    for (const key of keys) {
      const [code, month] = key.split('\t') as [string, string];
      // The prior only moves the ranking score, which is not published here.
      const f = figuresOf(tallies.get(key)!, 3);
      yield {
        month, org_code: code, org_name: names.get(code) ?? '', count: f.count,
        ...f.counts,
        good_rate: pct(f.goodRate), bad_count: f.badCount, named_bad: f.namedBad, named_bad_called_back: f.namedBadCalledBack, callback_rate: pct(f.callbackRate),
        rectified: f.rectified, rectify_rate: pct(f.rectifyRate), avg_rectify_days: f.avgRectifyDays, mean_stars: f.meanStars,
      };
    }
  }
}

/** Facts: counted ratings exist in the scope (index seeks on rating_org_month); the covered months; the newest change (rating_updated). */
async function ratingFacts(db: Db, scope: DatasetScope): Promise<DatasetFacts | null> {
  let codes: string[] | null = null;
  if (scope.kind === 'government') {
    codes = await subtreeCodes(db, scope.government.path);
    if (!codes.length) return null;
  }
  // Counted ratings exist: index seeks on rating_org_month (org_code), stopping at the first one.
  let exists = false;
  for (let i = 0; i < (codes ? codes.length : 1) && !exists; i += 500) {
    let q = db.selectFrom('rating').select('id').where('excluded', '=', 0);
    if (codes) q = q.where('org_code', 'in', codes.slice(i, i + 500));
    exists = !!(await q.limit(1).executeTakeFirst());
  }
  if (!exists) return null;
  // The months covered: min/max over the covering index (org_code, rated_on) — no row is read.
  let first: string | null = null;
  let last: string | null = null;
  for (let i = 0; i < (codes ? codes.length : 1); i += 500) {
    let q = db.selectFrom('rating').select([sql<string | null>`min(rated_on)`.as('first'), sql<string | null>`max(rated_on)`.as('last')]);
    if (codes) q = q.where('org_code', 'in', codes.slice(i, i + 500));
    const r = await q.executeTakeFirst();
    if (r?.first && (!first || r.first < first)) first = r.first;
    if (r?.last && (!last || r.last > last)) last = r.last;
  }
  if (!first || !last) return null;
  let uq = db.selectFrom('rating').select('updated_at');
  if (scope.kind === 'government') uq = uq.where(sql<boolean>`org_path like ${likePrefix(scope.government.path)} escape '\\'`);
  const updated = await uq.orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  return { lastModified: updated?.updated_at ?? null, rows: null, temporal: { start: first, end: last } };
}

export const ratingStatisticsDataset: DatasetSource<Database> = {
  key: 'rating-statistics',
  scopes: ['installation', 'government'],
  theme: 'ratings',
  title: s.title,
  description: s.description,
  keywords: s.keywords,
  frequency: 'daily',
  distributions: [
    { file: 'statistics.csv', format: 'CSV', title: s.csv },
    { file: 'statistics.jsonl', format: 'JSONL', title: s.jsonl },
  ],
  facts: (db: Kysely<Database>, scope: DatasetScope) => ratingFacts(db, scope),
  open(db: Kysely<Database>, scope: DatasetScope, file: string): AsyncIterable<string> {
    const rows = ratingStatisticsRows(db, scope);
    if (!file.endsWith('.csv')) return jsonlChunks(rows);
    return csvChunks(RATING_STATISTICS_COLUMNS, (async function* () { for await (const r of rows) yield RATING_STATISTICS_COLUMNS.map((c) => r[c]); })());
  },
};
