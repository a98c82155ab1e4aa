// Shell: the open dataset `supervision-results` (issue 23 数据开放) — what the supervision module
// makes public: the 附件 table of each published 季度通报 (bulletin.ts BulletinContent: per unit
// problems found and rectified, 按时公开率, 按时答复率, 按时办结率, 好评率, score and rank; the
// government's own line and the totals), exactly as frozen when the bulletin was generated and
// published as a disclosure record. Only bulletins whose record is published (disclosure state
// 'published'); drafts and bulletins under review, 年考评 scores (staff pages only), 月检查 findings
// and 整改 notes (staff pages only) are never part of it.
import { sql, type Kysely } from 'kysely';
import { csvChunks, jsonlChunks, keysetRows } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { likePrefix } from '../../platform/db/like.ts';
import type { Database, Db } from '../../schema.ts';
import { quarterRange, rate, rectifiedRate, type BulletinContent, type OnTime, type OrgRow, type Quarter } from './bulletin.ts';
import { datasetStrings as s } from './datasets.strings.ts';

export const SUPERVISION_RESULTS_COLUMNS = [
  'bulletin_id', 'index_no', 'office_code', 'office_name', 'scope_code', 'scope_name', 'year', 'quarter', 'period_start', 'period_end',
  'row_kind', 'row_kind_label', 'org_code', 'org_name', 'problems_found', 'problems_rectified', 'rectification_rate',
  'disclosures_due', 'disclosures_on_time', 'disclosure_on_time_rate', 'applications_due', 'applications_on_time', 'application_on_time_rate',
  'messages_due', 'messages_on_time', 'message_on_time_rate', 'ratings_count', 'ratings_good', 'good_rate', 'score', 'rank',
] as const;

export type SupervisionResultRow = Record<(typeof SUPERVISION_RESULTS_COLUMNS)[number], string | number | null>;

interface PublishedBulletin { id: number; public_id: string; disclosure_ref: string | null; office_org_code: string; year: number; quarter: number; content_json: string }

/** Published bulletins of the scope: the office inside the government's subtree, the record published. */
function published(db: Db, scope: DatasetScope) {
  let q = db.selectFrom('sv_bulletin').innerJoin('disclosure', 'disclosure.index_no', 'sv_bulletin.disclosure_ref')
    .where('disclosure.state', '=', 'published');
  if (scope.kind === 'government') q = q.where(sql<boolean>`sv_bulletin.office_org_path like ${likePrefix(scope.government.path)} escape '\\'`);
  return q;
}

type Line = Omit<OrgRow, 'score' | 'rank' | 'code'> & { code?: string; score?: number | null; rank?: number | null };

function rowOf(b: PublishedBulletin, c: BulletinContent, kind: 'unit' | 'own' | 'total', line: Line): SupervisionResultRow {
  const range = quarterRange(b.year, b.quarter as Quarter);
  const on = (f: OnTime | null) => [f?.total ?? null, f?.onTime ?? null, rate(f)] as const;
  const [dd, dn, dr] = on(line.disclosures);
  const [ad, an, ar] = on(line.applications);
  const [md, mn, mr] = on(line.messages);
  const [rd, rn, rr] = on(line.ratings);
  return {
    bulletin_id: b.public_id, index_no: b.disclosure_ref, office_code: c.office.code, office_name: c.office.name, scope_code: c.scope.code, scope_name: c.scope.name,
    year: b.year, quarter: b.quarter, period_start: c.from || range.from, period_end: c.to || range.to,
    row_kind: kind, row_kind_label: s.rowKinds[kind] ?? kind, org_code: kind === 'unit' ? line.code ?? null : kind === 'own' ? c.scope.code : null, org_name: kind === 'total' ? s.rowKinds.total! : line.name,
    problems_found: line.found, problems_rectified: line.rectified, rectification_rate: rectifiedRate(line),
    disclosures_due: dd, disclosures_on_time: dn, disclosure_on_time_rate: dr,
    applications_due: ad, applications_on_time: an, application_on_time_rate: ar,
    messages_due: md, messages_on_time: mn, message_on_time_rate: mr,
    ratings_count: rd, ratings_good: rn, good_rate: rr,
    score: line.score ?? null, rank: line.rank ?? null,
  };
}

/** Every row of the published bulletins of the scope, bulletin by bulletin (keyset on the bulletin's id). */
export async function* supervisionResultRows(db: Db, scope: DatasetScope): AsyncGenerator<SupervisionResultRow> {
  const bulletins = keysetRows<PublishedBulletin, number>(async (after, size) => {
    let q = published(db, scope).select(['sv_bulletin.id', 'sv_bulletin.public_id', 'sv_bulletin.disclosure_ref', 'sv_bulletin.office_org_code', 'sv_bulletin.year', 'sv_bulletin.quarter', 'sv_bulletin.content_json']);
    if (after !== null) q = q.where('sv_bulletin.id', '>', after);
    return (await q.orderBy('sv_bulletin.id').limit(size).execute()).map((r) => ({ ...r, id: Number(r.id), year: Number(r.year), quarter: Number(r.quarter) }));
  }, (b) => b.id, 50);
  for await (const b of bulletins) {
    const c = JSON.parse(b.content_json) as BulletinContent;
    for (const r of c.rows) yield rowOf(b, c, 'unit', r);
    if (c.own) yield rowOf(b, c, 'own', c.own);
    yield rowOf(b, c, 'total', { ...c.totals, name: s.rowKinds.total! });
  }
}

async function supervisionFacts(db: Db, scope: DatasetScope): Promise<DatasetFacts | null> {
  const r = await published(db, scope).select([
    sql<number>`count(*)`.as('n'),
    sql<number | null>`min(sv_bulletin.year * 10 + sv_bulletin.quarter)`.as('first'),
    sql<number | null>`max(sv_bulletin.year * 10 + sv_bulletin.quarter)`.as('last'),
    sql<string | null>`max(disclosure.published_at)`.as('published_at'),
  ]).executeTakeFirst();
  if (!r || !Number(r.n) || r.first === null || r.last === null) return null;
  const q = (v: number) => quarterRange(Math.floor(Number(v) / 10), (Number(v) % 10) as Quarter);
  return { lastModified: r.published_at ?? null, rows: null, temporal: { start: q(r.first).from, end: q(r.last).to } };
}

export const supervisionResultsDataset: DatasetSource<Database> = {
  key: 'supervision-results',
  scopes: ['installation', 'government'],
  theme: 'supervision',
  title: s.title,
  description: s.description,
  keywords: s.keywords,
  frequency: 'quarterly',
  distributions: [
    { file: 'results.csv', format: 'CSV', title: s.csv },
    { file: 'results.jsonl', format: 'JSONL', title: s.jsonl },
  ],
  facts: (db: Kysely<Database>, scope: DatasetScope) => supervisionFacts(db, scope),
  open(db: Kysely<Database>, scope: DatasetScope, file: string): AsyncIterable<string> {
    const rows = supervisionResultRows(db, scope);
    if (!file.endsWith('.csv')) return jsonlChunks(rows);
    return csvChunks(SUPERVISION_RESULTS_COLUMNS, (async function* () { for await (const r of rows) yield SUPERVISION_RESULTS_COLUMNS.map((k) => r[k]); })());
  },
};
