// Shell: the `disclosures` dataset (issue 23 数据开放) — the METADATA of the publicly visible records
// (主动公开的政府信息: 索引号, 名称, 发布机构, 文号, 体裁, 主题分类, 有效性, dates, the record page, its
// attachments and the catalogue items it was published against), for the installation and per
// government (its organisation subtree). Never the body (body_html/body_text are not even read),
// never a record the public cannot see (drafts, records in review, scheduled ones whose time has not
// come, withdrawn ones): the one rule `publiclyVisible` at the moment of the download.
// Rows come in keyset batches over (org_path, id) — disclosure_open_data_idx, migration 0048 — and
// each batch's attachments and catalogue links with one IN query each.
import { PostgresAdapter, sql, type ExpressionBuilder } from 'kysely';
import { csvChunks, jsonlChunks, keysetRows } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { likePrefix } from '../../platform/db/like.ts';
import type { Database, Db } from '../../schema.ts';
import { STAFF_GENRE_LABELS, VALIDITY_LABELS } from './disclosures.strings.ts';
import type { Genre, Validity } from './disclosures.table.ts';
import { attachmentHref, recordHref } from './disclosures.queries.ts';

export const disclosureDatasetStrings = {
  title: '主动公开政府信息目录',
  description:
    '主动公开的政府信息的目录数据（元数据）：索引号、名称、内容概述、单位、发布机构、文号、体裁、主题分类、有效性、成文日期、生成日期、'
    + '生效、失效和废止日期、公开日期、信息页面地址、附件名称和地址、所依据的标准目录事项。不含正文；'
    + '未发布、待审核、定时发布而未到时间和已撤回的信息都不在其内。地址为本网站内的相对地址。',
  keywords: ['政务公开', '主动公开', '政府信息公开目录', '索引号', '政府信息'],
  csvTitle: '政府信息目录（CSV，每行一条信息）',
  jsonlTitle: '政府信息目录（JSON Lines，每行一条信息）',
} as const;

export const DISCLOSURE_CSV_HEADER = [
  '索引号', '名称', '内容概述', '单位代码', '单位名称', '发布机构', '文号', '体裁代码', '体裁', '主题分类代码', '主题分类', '有效性代码', '有效性',
  '成文日期', '生成日期', '生效日期', '失效日期', '废止日期', '公开日期', '公开时间', '信息页面', '附件名称', '附件地址', '标准目录事项',
] as const;

const BATCH = 2000;

interface Row {
  id: number;
  index_no: string;
  title: string;
  summary: string;
  org_code: string;
  org_name: string;
  org_path: string;
  publisher: string;
  document_no: string | null;
  genre: string;
  category_code: string;
  category_name: string;
  validity: string;
  written_on: string | null;
  formed_on: string;
  effective_on: string | null;
  expires_on: string | null;
  repealed_on: string | null;
  published_at: string | null;
  published_on: string | null;
}

interface Extras {
  attachments: { name: string; url: string; mime: string; size: number }[];
  catalogItems: { catalogId: number; itemKey: string; url: string }[];
}

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** The least string above every path starting with `path` (SQLite's bytewise range for the index). */
function upperBound(path: string): string {
  return `${path.slice(0, -1)}${String.fromCharCode(path.charCodeAt(path.length - 1) + 1)}`;
}

/** The scope's subtree condition: LIKE (both dialects), plus the bytewise range on SQLite so the index is used. */
function inScope(db: Db, scope: DatasetScope) {
  return (eb: ExpressionBuilder<Database, 'disclosure'>) => {
    if (scope.kind === 'installation') return eb.and([]);
    const path = scope.government.path;
    const like = sql<boolean>`disclosure.org_path like ${likePrefix(path)} escape '\\'`;
    return isPostgres(db) ? eb.and([like]) : eb.and([like, eb('disclosure.org_path', '>=', path), eb('disclosure.org_path', '<', upperBound(path))]);
  };
}

/** The public rule (`publiclyVisible`), spelled with a unary + on SQLite so its planner keeps to the org_path index. */
function visible(db: Db, nowIso: string) {
  return isPostgres(db)
    ? sql<boolean>`(disclosure.state in ('published', 'scheduled') and disclosure.published_at <= ${nowIso})`
    : sql<boolean>`(+disclosure.state in ('published', 'scheduled') and disclosure.published_at <= ${nowIso})`;
}

function recordQuery(db: Db, scope: DatasetScope, nowIso: string) {
  return db.selectFrom('disclosure')
    .innerJoin('organisation as o', 'o.code', 'disclosure.org_code')
    .innerJoin('disclosure_category as c', 'c.code', 'disclosure.category_code')
    .select([
      'disclosure.id', 'disclosure.index_no', 'disclosure.title', 'disclosure.summary', 'disclosure.org_code', 'o.name as org_name', 'disclosure.org_path',
      'disclosure.publisher', 'disclosure.document_no', 'disclosure.genre', 'disclosure.category_code', 'c.name as category_name', 'disclosure.validity',
      'disclosure.written_on', 'disclosure.formed_on', 'disclosure.effective_on', 'disclosure.expires_on', 'disclosure.repealed_on',
      'disclosure.published_at', 'disclosure.published_on',
    ])
    .where(inScope(db, scope))
    .where(visible(db, nowIso));
}

/**
 * The next `size` visible records after `after` in (org_path, id) order. Two index seeks rather than
 * one row-value comparison (which SQLite does not seek on): the rest of `after`'s organisation by
 * id, then the following organisations from their first record.
 */
async function recordPage(db: Db, scope: DatasetScope, nowIso: string, after: { path: string; id: number } | null, size: number): Promise<Row[]> {
  if (!after) return recordQuery(db, scope, nowIso).orderBy('disclosure.org_path').orderBy('disclosure.id').limit(size).execute();
  const same = await recordQuery(db, scope, nowIso).where('disclosure.org_path', '=', after.path).where('disclosure.id', '>', after.id)
    .orderBy('disclosure.id').limit(size).execute();
  if (same.length === size) return same;
  const next = await recordQuery(db, scope, nowIso).where('disclosure.org_path', '>', after.path)
    .orderBy('disclosure.org_path').orderBy('disclosure.id').limit(size - same.length).execute();
  return [...same, ...next];
}

/** One batch's attachments (names, types, sizes: never the content) and catalogue links, by record id. */
async function extrasOf(db: Db, rows: readonly Row[]): Promise<Map<number, Extras>> {
  const out = new Map<number, Extras>(rows.map((r) => [r.id, { attachments: [], catalogItems: [] }]));
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  const indexNo = new Map(rows.map((r) => [r.id, r.index_no]));
  const [attachments, links] = await Promise.all([
    db.selectFrom('disclosure_attachment').select(['id', 'disclosure_id', 'filename', 'mime', 'size_bytes']).where('disclosure_id', 'in', ids).orderBy('disclosure_id').orderBy('id').execute(),
    db.selectFrom('disclosure_catalog_item').select(['disclosure_id', 'catalog_id', 'item_key']).where('disclosure_id', 'in', ids).orderBy('disclosure_id').orderBy('catalog_id').orderBy('item_key').execute(),
  ]);
  for (const a of attachments) out.get(a.disclosure_id)!.attachments.push({ name: a.filename, url: attachmentHref(indexNo.get(a.disclosure_id)!, a.id), mime: a.mime, size: Number(a.size_bytes) });
  for (const l of links) out.get(l.disclosure_id)!.catalogItems.push({ catalogId: l.catalog_id, itemKey: l.item_key, url: `/openness/catalogs/${l.catalog_id}/items/${encodeURIComponent(l.item_key)}` });
  return out;
}

/** Visible records of the scope with their extras, `size` at a time (tests use small batches). */
export async function* records(db: Db, scope: DatasetScope, nowIso: string, size = BATCH): AsyncGenerator<{ row: Row; extras: Extras }> {
  const pages = keysetRows(async (after: { path: string; id: number } | null, size) => {
    const rows = await recordPage(db, scope, nowIso, after, size);
    const extras = await extrasOf(db, rows);
    return rows.map((row) => ({ row, extras: extras.get(row.id)! }));
  }, (r) => ({ path: r.row.org_path, id: r.row.id }), size);
  yield* pages;
}

const genreLabel = (g: string) => STAFF_GENRE_LABELS[g as Genre] ?? g;
const validityLabel = (v: string) => VALIDITY_LABELS[v as Validity] ?? v;

async function* csvRows(db: Db, scope: DatasetScope, nowIso: string): AsyncGenerator<readonly unknown[]> {
  for await (const { row: r, extras: x } of records(db, scope, nowIso)) {
    yield [
      r.index_no, r.title, r.summary, r.org_code, r.org_name, r.publisher, r.document_no ?? '', r.genre, genreLabel(r.genre), r.category_code, r.category_name,
      r.validity, validityLabel(r.validity), r.written_on ?? '', r.formed_on, r.effective_on ?? '', r.expires_on ?? '', r.repealed_on ?? '',
      r.published_on ?? '', r.published_at ?? '', recordHref(r.index_no),
      x.attachments.map((a) => a.name).join('；'), x.attachments.map((a) => a.url).join(' '), x.catalogItems.map((c) => c.url).join(' '),
    ];
  }
}

async function* jsonlObjects(db: Db, scope: DatasetScope, nowIso: string): AsyncGenerator<unknown> {
  for await (const { row: r, extras: x } of records(db, scope, nowIso)) {
    yield {
      index_no: r.index_no, title: r.title, summary: r.summary, org: { code: r.org_code, name: r.org_name }, publisher: r.publisher, document_no: r.document_no,
      genre: { code: r.genre, label: genreLabel(r.genre) }, category: { code: r.category_code, name: r.category_name }, validity: { code: r.validity, label: validityLabel(r.validity) },
      written_on: r.written_on, formed_on: r.formed_on, effective_on: r.effective_on, expires_on: r.expires_on, repealed_on: r.repealed_on,
      published_on: r.published_on, published_at: r.published_at, url: recordHref(r.index_no),
      attachments: x.attachments, catalog_items: x.catalogItems.map((c) => ({ catalog_id: c.catalogId, item_key: c.itemKey, url: c.url })),
    };
  }
}

/**
 * Facts from the indexes alone: per visible state a COUNT and the first and last publication instant
 * — (state, published_at) for the installation, (org_path, state, published_at, …) for a subtree —
 * and the subtree's last change.
 */
async function disclosureFacts(db: Db, scope: DatasetScope, nowIso: string): Promise<DatasetFacts | null> {
  const parts = await Promise.all((['published', 'scheduled'] as const).map((state) => {
    const q = db.selectFrom('disclosure')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('disclosure.published_at').as('first'), eb.fn.max('disclosure.published_at').as('last')])
      .where('disclosure.published_at', '<=', nowIso);
    return (scope.kind === 'government' && !isPostgres(db)
      ? q.where(sql<boolean>`+disclosure.state = ${state}`)
      : q.where('disclosure.state', '=', state)).where(inScope(db, scope)).executeTakeFirstOrThrow();
  }));
  const n = parts.reduce((s, p) => s + Number(p.n), 0);
  if (!n) return null;
  // The last change: a record published (or come due) or edited, withdrawn, …: any record's updated_at
  // in the subtree (disclosure_updated_idx for the installation, disclosure_open_data_idx for a subtree).
  const changed = await db.selectFrom('disclosure').select((eb) => eb.fn.max('disclosure.updated_at').as('at')).where(inScope(db, scope)).executeTakeFirst();
  const firsts = parts.map((p) => p.first as string | null).filter((x): x is string => !!x).sort();
  const lasts = parts.map((p) => p.last as string | null).filter((x): x is string => !!x).sort();
  const first = firsts[0]!;
  const last = lasts[lasts.length - 1]!;
  const lastModified = [last, (changed?.at as string | null) ?? ''].sort()[1] || last;
  return { lastModified, rows: n, temporal: { start: localDateOf(new Date(first)), end: localDateOf(new Date(last)) } };
}

/** The dataset: "visible now" is the request's `now` (the server's clock). */
export function disclosuresDataset(): DatasetSource<Database> {
  return {
    key: 'disclosures',
    scopes: ['installation', 'government'],
    theme: 'disclosures',
    title: disclosureDatasetStrings.title,
    description: disclosureDatasetStrings.description,
    keywords: disclosureDatasetStrings.keywords,
    frequency: 'continuous',
    distributions: [
      { file: 'records.csv', format: 'CSV', title: disclosureDatasetStrings.csvTitle },
      { file: 'records.jsonl', format: 'JSONL', title: disclosureDatasetStrings.jsonlTitle },
    ],
    facts: (db, scope, now) => disclosureFacts(db, scope, now.toISOString()),
    open(db, scope, file, now) {
      const nowIso = now.toISOString();
      return file === 'records.jsonl' ? jsonlChunks(jsonlObjects(db, scope, nowIso)) : csvChunks(DISCLOSURE_CSV_HEADER, csvRows(db, scope, nowIso));
    },
  };
}
