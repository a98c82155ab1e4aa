// Shell: the public platform's reads (lists, record page, feeds, sitemap, 目录, statistics,
// supervision lists) and the one write of this half (the 公开指南). Every public read goes through
// `publiclyVisible`; lists page newest first with "fetch one more" instead of COUNT(*) so a page
// costs one index walk.
import type { RecordLine } from './supervision.ts';
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { platformView } from '../../schema.ts';
import { isPubliclyVisible, publiclyVisible } from './disclosures.table.ts';
import { likePrefix } from '../../platform/db/like.ts';
import { compiledOnce } from '../../platform/db/prepared.ts';

/** Largest offset a public list or the API accepts (deep pages are reached through the 目录 CSV). */
export const MAX_OFFSET = 10_000;

export interface ListFilter {
  /** Organisation subtree (materialised path, ending in '/'). */
  orgPath?: string;
  category?: string;
  genre?: string;
  catalogItem?: { catalogId: number; itemKey: string };
  /** 照单公开 by domain: records linked to an item of any catalogue of this pilot domain (catalog_domain.id). */
  domainId?: number;
  /** Published at or after this instant (ISO). */
  since?: string;
}

export interface ListedRecord {
  id: number;
  indexNo: string;
  title: string;
  summary: string;
  orgCode: string;
  publisher: string;
  documentNo: string | null;
  genre: string;
  categoryCode: string;
  validity: string;
  writtenOn: string | null;
  formedOn: string;
  publishedAt: string;
  publishedOn: string;
  updatedAt: string;
}

type Row = {
  id: number; index_no: string; title: string; summary: string; org_code: string; publisher: string; document_no: string | null; genre: string;
  category_code: string; validity: string; written_on: string | null; formed_on: string; published_at: string | null; published_on: string | null; updated_at: string;
};

const LIST_COLUMNS = ['d.id', 'd.index_no', 'd.title', 'd.summary', 'd.org_code', 'd.publisher', 'd.document_no', 'd.genre', 'd.category_code', 'd.validity', 'd.written_on', 'd.formed_on', 'd.published_at', 'd.published_on', 'd.updated_at'] as const;

function toListed(r: Row): ListedRecord {
  return {
    id: r.id, indexNo: r.index_no, title: r.title, summary: r.summary, orgCode: r.org_code, publisher: r.publisher, documentNo: r.document_no, genre: r.genre,
    categoryCode: r.category_code, validity: r.validity, writtenOn: r.written_on, formedOn: r.formed_on, publishedAt: r.published_at ?? '', publishedOn: r.published_on ?? '', updatedAt: r.updated_at,
  };
}

/** `publiclyVisible` for queries that alias the table as `d` (the same rule, spelled for the alias). */
function visibleD(nowIso: string) {
  return sql<boolean>`(d.state in ('published', 'scheduled') and d.published_at <= ${nowIso})`;
}

/** `org_path LIKE 'path%'` with the LIKE wildcards of the path escaped (paths hold codes only, but be safe). */
function subtree(path: string): string {
  return likePrefix(path);
}

/** Below this many records in an organisation subtree, its list reads the subtree by `org_path` and sorts. */
const SMALL_SUBTREE = 2000;

/**
 * How to read an organisation subtree in SQLite, whose planner has no statistics: a large subtree
 * walks (state, published_at) newest first and filters by path (dense enough to fill a page fast);
 * a small one takes the `org_path` range of (org_path, published_at) and sorts its few rows. The
 * LIKE stays in both for correctness; the binary range is added only on SQLite (PostgreSQL plans
 * with statistics, and its collation need not order paths bytewise).
 */
async function subtreeIsSmall(db: Db, path: string): Promise<boolean> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return false;
  const r = await sql<{ n: number }>`select count(*) as n from (select 1 from disclosure where org_path >= ${path} and org_path < ${upperBound(path)} limit ${SMALL_SUBTREE}) as s`.execute(db);
  return Number(r.rows[0]?.n ?? 0) < SMALL_SUBTREE;
}

/** The least string greater than every string starting with `path` (paths end in '/', so bump it to '0'). */
function upperBound(path: string): string {
  return `${path.slice(0, -1)}${String.fromCharCode(path.charCodeAt(path.length - 1) + 1)}`;
}

/**
 * One state's visible records, newest first. Split by state so each query walks an index
 * ((state, published_at), (category_code, published_at) …) in order instead of sorting.
 */
function visibleOfState(db: Db, state: 'published' | 'scheduled', nowIso: string, f: ListFilter & { smallSubtree?: boolean; fewLinked?: boolean }) {
  // SQLite only (see subtreeIsSmall): unary + keeps the planner off (state, published_at) so it takes the org_path range.
  let q = f.smallSubtree || f.fewLinked
    ? db.selectFrom('disclosure as d').where(sql<boolean>`+d.state = ${state}`).where('d.published_at', '<=', nowIso)
    : db.selectFrom('disclosure as d').where('d.state', '=', state).where('d.published_at', '<=', nowIso);
  if (f.orgPath) q = q.where(sql<boolean>`d.org_path like ${subtree(f.orgPath)} escape '\\'`);
  if (f.orgPath && f.smallSubtree) q = q.where('d.org_path', '>=', f.orgPath).where('d.org_path', '<', upperBound(f.orgPath));
  if (f.category) q = q.where('d.category_code', '=', f.category);
  if (f.genre) q = q.where('d.genre', '=', f.genre);
  if (f.since) q = q.where('d.published_at', '>=', f.since);
  if (f.catalogItem) {
    const ci = f.catalogItem;
    q = q.where('d.id', 'in', (eb) => eb.selectFrom('disclosure_catalog_item as l').select('l.disclosure_id').where('l.catalog_id', '=', ci.catalogId).where('l.item_key', '=', ci.itemKey));
  }
  if (f.domainId) {
    // catalog_domain_idx finds the domain's catalogues, disclosure_catalog_item_idx their linked records.
    const domainId = f.domainId;
    q = q.where('d.id', 'in', (eb) => eb.selectFrom('disclosure_catalog_item as l').innerJoin('catalog as c', 'c.id', 'l.catalog_id').select('l.disclosure_id').where('c.domain_id', '=', domainId));
  }
  return q;
}

const newestFirst = (a: ListedRecord, b: ListedRecord) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id - a.id);

/**
 * A page of publicly visible records, newest first; `more` when another page follows. The first
 * page reads its rows straight from both index walks; a later page first merges the two walks on
 * (published_at, id) alone — covered by the index — and then reads only the page's rows.
 */
export async function listVisible(db: Db, nowIso: string, filter: ListFilter, page: { limit: number; offset: number }): Promise<{ items: ListedRecord[]; more: boolean }> {
  const sqlite = !(db.getExecutor().adapter instanceof PostgresAdapter);
  if (sqlite && filter.orgPath && !filter.category && !filter.genre && !filter.catalogItem && !filter.domainId) {
    const paths = await fewSubtreePaths(db, filter.orgPath);
    if (paths) return listByOrgPaths(db, nowIso, paths, filter.since, page);
  }
  // SQLite hints: a catalogue item has few records — read them by id and sort rather than walk every publication.
  const f = filter.catalogItem || filter.domainId
    ? { ...filter, fewLinked: sqlite }
    : filter.orgPath && !filter.category && !filter.genre ? { ...filter, smallSubtree: await subtreeIsSmall(db, filter.orgPath) } : filter;
  const take = page.offset + page.limit + 1;
  if (page.offset === 0) {
    const [pub, sch] = await Promise.all((['published', 'scheduled'] as const).map((state) =>
      visibleOfState(db, state, nowIso, f).select([...LIST_COLUMNS]).orderBy('d.published_at', 'desc').orderBy('d.id', 'desc').limit(take).execute()));
    const all = [...pub!, ...sch!].map(toListed).sort(newestFirst);
    return { items: all.slice(0, page.limit), more: all.length > page.limit };
  }
  const [pubKeys, schKeys] = await Promise.all((['published', 'scheduled'] as const).map((state) =>
    visibleOfState(db, state, nowIso, f).select(['d.id', 'd.published_at']).orderBy('d.published_at', 'desc').orderBy('d.id', 'desc').limit(take).execute()));
  const keys = [...pubKeys!, ...schKeys!].map((k) => ({ id: k.id, publishedAt: k.published_at ?? '' }))
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id - a.id));
  const ids = keys.slice(page.offset, page.offset + page.limit).map((k) => k.id);
  if (!ids.length) return { items: [], more: false };
  const rows = await db.selectFrom('disclosure as d').select([...LIST_COLUMNS]).where('d.id', 'in', ids).execute();
  return { items: rows.map(toListed).sort(newestFirst), more: keys.length > page.offset + page.limit };
}

/** Subtrees of at most this many organisations are listed by a merge of one index walk per organisation (SQLite). */
const FEW_ORGS = 16;

/** The paths of a subtree's organisations (disabled ones too: their records stay public), or null when there are more than FEW_ORGS. */
async function fewSubtreePaths(db: Db, path: string): Promise<string[] | null> {
  const rows = await db.selectFrom('organisation').select('path')
    .where('path', '>=', path).where('path', '<', upperBound(path)).where(sql<boolean>`path like ${subtree(path)} escape '\\'`)
    .limit(FEW_ORGS + 1).execute();
  return rows.length <= FEW_ORGS ? rows.map((r) => r.path) : null;
}

/**
 * SQLite, an organisation subtree of a few organisations: per organisation and state, the newest
 * keys straight from (org_path, state, published_at) — index-only, in order, `take` entries each —
 * merged; then only the page's rows are read. A record's org_path is its organisation's path.
 */
async function listByOrgPaths(db: Db, nowIso: string, paths: string[], since: string | undefined, page: { limit: number; offset: number }): Promise<{ items: ListedRecord[]; more: boolean }> {
  const take = page.offset + page.limit + 1;
  const walks = await Promise.all(paths.flatMap((p) => (['published', 'scheduled'] as const).map((state) =>
    db.selectFrom('disclosure as d').select(['d.id', 'd.published_at'])
      .where('d.org_path', '=', p).where('d.state', '=', state).where('d.published_at', '<=', nowIso)
      .$if(!!since, (q) => q.where('d.published_at', '>=', since!))
      // published_on follows from published_at, so this is (published_at, id) order — spelled as the
      // index's own order so SQLite walks (org_path, state, published_at, published_on) rather than
      // (org_path, published_at), which would read rows to check the state.
      .orderBy('d.published_at', 'desc').orderBy('d.published_on', 'desc').orderBy('d.id', 'desc').limit(take).execute())));
  const keys = walks.flat().map((k) => ({ id: k.id, publishedAt: k.published_at ?? '' }))
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id - a.id));
  const ids = keys.slice(page.offset, page.offset + page.limit).map((k) => k.id);
  if (!ids.length) return { items: [], more: false };
  const rows = await db.selectFrom('disclosure as d').select([...LIST_COLUMNS]).where('d.id', 'in', ids).execute();
  return { items: rows.map(toListed).sort(newestFirst), more: keys.length > page.offset + page.limit };
}

/** How many visible records match (the API's `total`; pages do not count). */
export async function countVisible(db: Db, nowIso: string, filter: ListFilter): Promise<number> {
  // A count reads every match anyway: on SQLite take the subtree's org_path range rather than the whole publication index.
  const sqlite = !(db.getExecutor().adapter instanceof PostgresAdapter);
  const f = !sqlite ? filter : filter.catalogItem || filter.domainId ? { ...filter, fewLinked: true } : filter.orgPath && !filter.category ? { ...filter, smallSubtree: true } : filter;
  const counts = await Promise.all((['published', 'scheduled'] as const).map((state) =>
    visibleOfState(db, state, nowIso, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()));
  return counts.reduce((s, c) => s + Number(c.n), 0);
}

/** 照单公开: the visible records published against one catalogue item, newest first (for the 一本通 item page). */
export async function publishedForCatalogItem(db: Db, nowIso: string, catalogId: number, itemKey: string, limit = 50): Promise<{ indexNo: string; title: string; publishedOn: string; href: string }[]> {
  const { items } = await listVisible(db, nowIso, { catalogItem: { catalogId, itemKey } }, { limit, offset: 0 });
  return items.map((r) => ({ indexNo: r.indexNo, title: r.title, publishedOn: r.publishedOn, href: recordHref(r.indexNo) }));
}

export function recordHref(indexNo: string): string {
  return `/openness/disclosures/${encodeURIComponent(indexNo)}`;
}

// ---------- One record ----------

export interface RecordDetail extends ListedRecord {
  orgName: string;
  categoryName: string;
  bodyHtml: string;
  bodyText: string;
  state: string;
  effectiveOn: string | null;
  expiresOn: string | null;
  repealedOn: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  versionNo: number;
  /** 公开属性: always 主动公开 for a visible record (workflow.ts refuses to publish any other; migration 0021 checks it). */
  openness: string;
}

export type RecordLookup =
  | { kind: 'visible'; record: RecordDetail }
  | { kind: 'withdrawn'; indexNo: string; title: string; withdrawnAt: string | null; reason: string }
  | { kind: 'missing' };

// The record page's reads are built and compiled once (compiledOnce): a page runs them thousands of times a second.
const recordQuery = (text: boolean) => compiledOnce((db: Db, slot) => db.selectFrom('disclosure as d')
  .innerJoin('organisation as o', 'o.code', 'd.org_code')
  .innerJoin('disclosure_category as c', 'c.code', 'd.category_code')
  .select([...LIST_COLUMNS, 'o.name as org_name', 'c.name as category_name', 'd.body_html', text ? 'd.body_text' : sql<string>`''`.as('body_text'), 'd.state', 'd.effective_on', 'd.expires_on', 'd.repealed_on', 'd.withdrawn_at', 'd.withdrawn_reason', 'd.version_no', 'd.openness'])
  .where('d.index_no', '=', slot(0)));
const recordByIndexNo = recordQuery(true);
// the page shows the HTML only: its plain text (as long again) is not read
const recordByIndexNoNoText = recordQuery(false);

type RecordRow = Awaited<ReturnType<typeof recordByIndexNo>>[number];

/** A record by 索引号 as the public sees it at `nowIso`; `text: false` leaves `bodyText` empty (the page does not show it). */
export async function findRecord(db: Db, nowIso: string, indexNo: string, opts: { text?: boolean } = {}): Promise<RecordLookup> {
  return lookupOf((await (opts.text === false ? recordByIndexNoNoText : recordByIndexNo)(db, indexNo))[0], nowIso);
}

/** `findRecord(…, { text: false })` read synchronously where SQLite allows (platform/db/prepared.ts), else null. */
export function findRecordSync(db: Db, nowIso: string, indexNo: string): RecordLookup | null {
  const rows = recordByIndexNoNoText.sync(db, indexNo);
  return rows ? lookupOf(rows[0], nowIso) : null;
}

function lookupOf(r: RecordRow | undefined, nowIso: string): RecordLookup {
  if (!r) return { kind: 'missing' };
  if (r.state === 'withdrawn') {
    // Only a record that once was public leaves a tombstone; a withdrawn draft never existed publicly.
    // A scheduled record withdrawn before its time never went out: its publication instant may be past now, but not before the withdrawal.
    if (!r.published_at || r.published_at > nowIso || (r.withdrawn_at !== null && r.withdrawn_at < r.published_at)) return { kind: 'missing' };
    return { kind: 'withdrawn', indexNo: r.index_no, title: r.title, withdrawnAt: r.withdrawn_at, reason: r.withdrawn_reason ?? '' };
  }
  if (!isPubliclyVisible(r, nowIso)) return { kind: 'missing' };
  // (one literal, no spread of toListed(r): on Node 20 an object spread on this path had its objects
  // promoted to the old generation at every scavenge — ≈ 1 MB each under the record load — and
  // collected only by the full collections, the longest pauses)
  return {
    kind: 'visible',
    record: {
      id: r.id, indexNo: r.index_no, title: r.title, summary: r.summary, orgCode: r.org_code, publisher: r.publisher, documentNo: r.document_no, genre: r.genre,
      categoryCode: r.category_code, validity: r.validity, writtenOn: r.written_on, formedOn: r.formed_on, publishedAt: r.published_at ?? '', publishedOn: r.published_on ?? '', updatedAt: r.updated_at,
      orgName: r.org_name, categoryName: r.category_name, bodyHtml: r.body_html, bodyText: r.body_text, state: r.state,
      effectiveOn: r.effective_on, expiresOn: r.expires_on, repealedOn: r.repealed_on, withdrawnAt: r.withdrawn_at, withdrawnReason: r.withdrawn_reason, versionNo: r.version_no, openness: r.openness,
    },
  };
}

export interface RecordExtras {
  attachments: { id: number; filename: string; mime: string; sizeBytes: number }[];
  catalogItems: { catalogId: number; itemKey: string; label: string; href: string }[];
  links: { indexNo: string; title: string; genre: string; href: string }[];
  versions: { versionNo: number; changeNote: string; createdAt: string }[];
}

/**
 * Attachments (without their bytes), catalogue items, linked records (either direction, visible
 * only) and version notes. One UNION ALL reads the four small child tables; names of catalogue
 * items and linked records are read only when there are any.
 */
const recordChildren = compiledOnce((db: Db, slot) => {
  const id = sql`${slot(0)}`;
  return sql<{ k: string; n: number; s1: string | null; s2: string | null; n2: number | null }>`
    select 'a' as k, id as n, filename as s1, mime as s2, size_bytes as n2 from disclosure_attachment where disclosure_id = ${id}
    union all select 'c', catalog_id, item_key, null, null from disclosure_catalog_item where disclosure_id = ${id}
    union all select 'l', to_id, null, null, null from disclosure_link where from_id = ${id}
    union all select 'l', from_id, null, null, null from disclosure_link where to_id = ${id}
    union all select 'v', version_no, change_note, created_at, null from disclosure_version where disclosure_id = ${id}`;
});

const recordCatalogItems = compiledOnce((db: Db, slot) => db.selectFrom('disclosure_catalog_item as l')
  .innerJoin('catalog as c', 'c.id', 'l.catalog_id')
  .innerJoin('catalog_domain as dm', 'dm.id', 'c.domain_id')
  .select(['l.catalog_id', 'l.item_key', 'dm.name as domain_name'])
  .select((eb) => [
    // The item's name in the catalogue's latest published version.
    eb.selectFrom('catalog_item as i').innerJoin('catalog_version as v', 'v.id', 'i.version_id')
      .select(sql<string>`case when i.level2 = '' then i.level1 else i.level1 || ' · ' || i.level2 end`.as('n'))
      .whereRef('v.catalog_id', '=', 'l.catalog_id').whereRef('i.item_key', '=', 'l.item_key').where('v.status', '=', 'published')
      .orderBy('v.version_no', 'desc').limit(1).as('item_name'),
  ])
  .where('l.disclosure_id', '=', slot(0) as unknown as number).orderBy('l.catalog_id').orderBy('l.item_key'));

/**
 * The visible records linked to `id` in either direction, newest first: from the links to the
 * records by primary key. A CROSS JOIN, which SQLite never reorders: with `id in (…) or id in (…)`,
 * or an inner join, SQLite 3.53 walked the public index of every visible record instead (≈ 3 ms).
 */
const linkedRecords = compiledOnce((db: Db, slot) => db
  .selectFrom((eb) => eb.selectFrom('disclosure_link').select('to_id as i').where('from_id', '=', slot(0) as unknown as number)
    .union(eb.selectFrom('disclosure_link').select('from_id as i').where('to_id', '=', slot(0) as unknown as number)).as('k'))
  .crossJoin('disclosure as d')
  .whereRef('d.id', '=', 'k.i')
  .select(['d.index_no', 'd.title', 'd.genre', 'd.published_at'])
  .where(visibleD(slot(1)))
  .orderBy('d.published_at', 'desc'));

type ChildRow = Awaited<ReturnType<typeof recordChildren>>[number];

export async function recordExtras(db: Db, nowIso: string, id: number): Promise<RecordExtras> {
  const rows = await recordChildren(db, id);
  const [items, linked] = await Promise.all([
    rows.some((r) => r.k === 'c') ? recordCatalogItems(db, id) : Promise.resolve([]),
    rows.some((r) => r.k === 'l') ? linkedRecords(db, id, nowIso) : Promise.resolve([]),
  ]);
  return extrasOf(rows, items, linked);
}

/** `recordExtras` read synchronously where SQLite allows (platform/db/prepared.ts), else null. */
export function recordExtrasSync(db: Db, nowIso: string, id: number): RecordExtras | null {
  const rows = recordChildren.sync(db, id);
  if (!rows) return null;
  const items = rows.some((r) => r.k === 'c') ? recordCatalogItems.sync(db, id) : [];
  const linked = rows.some((r) => r.k === 'l') ? linkedRecords.sync(db, id, nowIso) : [];
  return items && linked ? extrasOf(rows, items, linked) : null;
}

function extrasOf(rows: ChildRow[], items: Awaited<ReturnType<typeof recordCatalogItems>>, linked: Awaited<ReturnType<typeof linkedRecords>>): RecordExtras {
  const of = (k: string) => rows.filter((r) => r.k === k);
  return {
    attachments: of('a').map((a) => ({ id: Number(a.n), filename: a.s1 ?? '', mime: a.s2 ?? '', sizeBytes: Number(a.n2) })).sort((x, y) => x.id - y.id),
    catalogItems: items.map((i) => ({ catalogId: i.catalog_id, itemKey: i.item_key, label: `${i.domain_name} · ${i.item_name ?? i.item_key}`, href: `/openness/catalogs/${i.catalog_id}/items/${encodeURIComponent(i.item_key)}` })),
    links: linked.map((l) => ({ indexNo: l.index_no, title: l.title, genre: l.genre, href: recordHref(l.index_no) })),
    versions: of('v').map((v) => ({ versionNo: Number(v.n), changeNote: v.s1 ?? '', createdAt: v.s2 ?? '' })).sort((x, y) => y.versionNo - x.versionNo),
  };
}

export function attachmentHref(indexNo: string, id: number): string {
  return `${recordHref(indexNo)}/attachments/${id}`;
}

// ---------- Reference data ----------

export async function listCategories(db: Db): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('disclosure_category').select(['code', 'name']).where('active', '=', 1).orderBy('sort_order').orderBy('code').execute();
}

export interface OrgRow { code: string; name: string; path: string; kind: string; parentCode: string | null }

export async function findOrg(db: Db, code: string): Promise<OrgRow | null> {
  if (!code || code.length > 40) return null;
  const o = await db.selectFrom('organisation').select(['code', 'name', 'path', 'kind', 'parent_code']).where('code', '=', code).where('disabled', '=', 0).executeTakeFirst();
  return o ? { code: o.code, name: o.name, path: o.path, kind: o.kind, parentCode: o.parent_code } : null;
}

/** An organisation and its direct children (streets, departments), in tree order: the 单位 choices of a list by domain. */
export async function orgAndChildren(db: Db, code: string): Promise<{ code: string; name: string; path: string }[]> {
  return db.selectFrom('organisation').select(['code', 'name', 'path'])
    .where((eb) => eb.or([eb('code', '=', code), eb('parent_code', '=', code)])).where('disabled', '=', 0).orderBy('path').execute();
}

/** Names of a page's organisations. */
export async function orgNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Organisations of a subtree (the root first, then by path). */
export async function orgSubtree(db: Db, path: string): Promise<OrgRow[]> {
  const rows = await db.selectFrom('organisation').select(['code', 'name', 'path', 'kind', 'parent_code']).where(sql<boolean>`path like ${subtree(path)} escape '\\'`).where('disabled', '=', 0).orderBy('path').execute();
  return rows.map((o) => ({ code: o.code, name: o.name, path: o.path, kind: o.kind, parentCode: o.parent_code }));
}

/**
 * Organisations that publish (have at least one visible record of their own), in tree order: one
 * index seek per organisation on (org_path, published_at), never an aggregate over every record.
 */
export async function orgsWithRecords(db: Db, nowIso: string): Promise<{ code: string; name: string; path: string }[]> {
  const rows = await db.selectFrom('organisation as o').select(['o.code', 'o.name', 'o.path'])
    .where('o.disabled', '=', 0)
    .where(({ exists, selectFrom }) => exists(
      selectFrom('disclosure as d').select('d.id').whereRef('d.org_path', '=', 'o.path').where('d.state', 'in', ['published', 'scheduled']).where('d.published_at', '<=', nowIso),
    ))
    .orderBy('o.path').execute();
  return rows;
}

// ---------- Sitemap and 目录 ----------

/** Visible records ordered by id, a slice at a time (sitemap pages, directory CSV). */
export async function visibleIndexSlice(db: Db, nowIso: string, offset: number, limit: number): Promise<{ indexNo: string; updatedAt: string }[]> {
  const rows = await db.selectFrom('disclosure').select(['index_no', 'updated_at']).where((eb) => publiclyVisible(eb, nowIso)).orderBy('id').limit(limit).offset(offset).execute();
  return rows.map((r) => ({ indexNo: r.index_no, updatedAt: r.updated_at }));
}

export async function countAllVisible(db: Db, nowIso: string): Promise<number> {
  const r = await db.selectFrom('disclosure').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => publiclyVisible(eb, nowIso)).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every visible record of a subtree for the 目录 CSV (newest first). */
export async function directoryRows(db: Db, nowIso: string, orgPath: string): Promise<ListedRecord[]> {
  const rows = await db.selectFrom('disclosure as d').select([...LIST_COLUMNS])
    .where(visibleD(nowIso)).where(sql<boolean>`d.org_path like ${subtree(orgPath)} escape '\\'`)
    .orderBy('d.published_at', 'desc').orderBy('d.id', 'desc').execute();
  return rows.map(toListed);
}

// ---------- Statistics ----------

/**
 * Records made public per organisation and publication day bucket: visible now, or withdrawn after
 * having been public (a withdrawn record was still published in its period).
 */
export async function publishedCounts(db: Db, nowIso: string, orgPath: string, from: string, to: string, period: 'year' | 'month' | 'day'): Promise<{ orgPath: string; bucket: string; n: number }[]> {
  const len = period === 'year' ? 4 : period === 'month' ? 7 : 10;
  const bucket = sql<string>`substr(d.published_on, 1, ${sql.lit(len)})`;
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // Grouped by org_path (an organisation's path names it) so disclosure_org_state_idx covers the query.
  const rows = await db.selectFrom('disclosure as d')
    .select(['d.org_path', bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('d.published_at', '<=', nowIso)
    .where('d.published_on', '>=', from).where('d.published_on', '<=', to)
    .where(sql<boolean>`d.org_path like ${subtree(orgPath)} escape '\\'`)
    // SQLite (no statistics): a binary range on the same subtree plus unary + on state, so the planner
    // takes the covering org_path range instead of walking every publication. PostgreSQL needs no hint.
    .$if(pg, (q) => q.where('d.state', 'in', ['published', 'scheduled', 'withdrawn']))
    .$if(!pg, (q) => q.where(sql<boolean>`+d.state in ('published', 'scheduled', 'withdrawn')`).where('d.org_path', '>=', orgPath).where('d.org_path', '<', upperBound(orgPath)))
    .groupBy(['d.org_path', bucket]).execute();
  // Scheduled records withdrawn before their time were never public: found through the state index
  // (few withdrawn rows) and taken off, so the covering query above stays index-only.
  const never = await db.selectFrom('disclosure as d')
    .select(['d.org_path', bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('d.state', '=', 'withdrawn').where('d.published_at', '<=', nowIso).whereRef('d.withdrawn_at', '<', 'd.published_at')
    .where('d.published_on', '>=', from).where('d.published_on', '<=', to)
    .where(sql<boolean>`d.org_path like ${subtree(orgPath)} escape '\\'`)
    .groupBy(['d.org_path', bucket]).execute();
  const minus = new Map(never.map((r) => [`${r.org_path}\u0000${r.bucket}`, Number(r.n)]));
  return rows.map((r) => ({ orgPath: r.org_path, bucket: r.bucket, n: Number(r.n) - (minus.get(`${r.org_path}\u0000${r.bucket}`) ?? 0) })).filter((r) => r.n > 0);
}

/** The years with publications: from the oldest to the newest publication (three index seeks per end). */
export async function publishedYears(db: Db, nowIso: string): Promise<number[]> {
  const ends = await Promise.all((['published', 'scheduled', 'withdrawn'] as const).map((state) =>
    db.selectFrom('disclosure').select((eb) => [eb.fn.min('published_at').as('lo'), eb.fn.max('published_at').as('hi')])
      .where('state', '=', state).where('published_at', '<=', nowIso)
      .$if(state === 'withdrawn', (q) => q.whereRef('withdrawn_at', '>=', 'published_at')).executeTakeFirst()));
  const years = ends.flatMap((e) => [e?.lo, e?.hi]).filter((v): v is string => typeof v === 'string').map((v) => Number(localDateOf(new Date(v)).slice(0, 4)));
  if (!years.length) return [];
  const out: number[] = [];
  for (let y = Math.max(...years); y >= Math.min(...years); y--) out.push(y);
  return out;
}

// ---------- Supervision (staff; scoped to subtrees) ----------

function inPaths(paths: string[]) {
  return sql<boolean>`(${sql.join(paths.map((p) => sql`d.org_path like ${subtree(p)} escape '\\'`), sql` or `)})`;
}

export interface WatchRow extends RecordLine {
  id: number;
  orgCode: string;
  /** Publicly visible now (its public page exists). */
  isPublic: boolean;
}

const WATCH_CAP = 5000;

function watchQuery(db: Db, paths: string[]) {
  return db.selectFrom('disclosure as d').innerJoin('organisation as o', 'o.code', 'd.org_code')
    .select(['d.id', 'd.index_no', 'd.title', 'd.org_code', 'o.name as org_name', 'd.state', 'd.formed_on', 'd.due_on', 'd.due_explanation', 'd.published_on', 'd.late_working_days', 'd.expires_on', 'd.published_at'])
    .where(inPaths(paths));
}

const toWatch = (nowIso: string) => (r: { id: number; index_no: string; title: string; org_code: string; org_name: string; state: string; formed_on: string; due_on: string | null; due_explanation: string | null; published_on: string | null; late_working_days: number | null; expires_on: string | null; published_at: string | null }): WatchRow => ({
  id: r.id, indexNo: r.index_no, title: r.title, orgCode: r.org_code, orgName: r.org_name, state: r.state, formedOn: r.formed_on, dueOn: r.due_on,
  dueExplanation: r.due_explanation, publishedOn: r.published_on, lateWorkingDays: r.late_working_days, expiresOn: r.expires_on,
  isPublic: isPubliclyVisible(r, nowIso),
});

/**
 * Not yet public: never published, or scheduled for later. Withdrawn records are out of the lists.
 * Read through (state, published_at): the unpublished states are a small share of all records.
 */
function notYetPublic(db: Db, paths: string[], nowIso: string) {
  return watchQuery(db, paths).where((eb) => eb.or([
    eb('d.state', 'in', ['draft', 'submitted', 'rejected', 'approved']),
    eb.and([eb('d.state', '=', 'scheduled'), eb('d.published_at', '>', nowIso)]),
  ]));
}

const byDue = (a: WatchRow, b: WatchRow) => ((a.dueOn ?? '') < (b.dueOn ?? '') ? -1 : (a.dueOn ?? '') > (b.dueOn ?? '') ? 1 : a.id - b.id);

/** 逾期: published late (late_working_days > 0), or not yet public and due before today. */
export async function overdueRecords(db: Db, paths: string[], nowIso: string, today: string): Promise<WatchRow[]> {
  if (!paths.length) return [];
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const [late, unpublished] = await Promise.all([
    // Sparse: disclosure_late_idx finds the few late ones (on SQLite, unary + keeps the planner off the state index).
    watchQuery(db, paths).where('d.late_working_days', '>', 0)
      .where(pg ? sql<boolean>`d.state in ('published', 'scheduled', 'withdrawn')` : sql<boolean>`+d.state in ('published', 'scheduled', 'withdrawn')`).limit(WATCH_CAP).execute(),
    notYetPublic(db, paths, nowIso).where('d.due_on', '<', today).limit(WATCH_CAP).execute(),
  ]);
  const seen = new Set<number>();
  return [...late, ...unpublished].map(toWatch(nowIso)).filter((r) => !seen.has(r.id) && seen.add(r.id)).sort(byDue).slice(0, WATCH_CAP);
}

/** 即将到期: not yet public, due between today and `until` (3 working days ahead). */
export async function dueSoonRecords(db: Db, paths: string[], nowIso: string, today: string, until: string): Promise<WatchRow[]> {
  if (!paths.length) return [];
  const rows = await notYetPublic(db, paths, nowIso).where('d.due_on', '>=', today).where('d.due_on', '<=', until).limit(WATCH_CAP).execute();
  return rows.map(toWatch(nowIso)).sort(byDue);
}

/** 有效期已过: public, still marked 有效, but its 失效日期 has passed (disclosure_expires_idx: few records carry one). */
export async function pastValidityRecords(db: Db, paths: string[], nowIso: string, today: string): Promise<WatchRow[]> {
  if (!paths.length) return [];
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const rows = await watchQuery(db, paths)
    // On SQLite, unary + keeps the planner off (state, published_at) so it takes the expires_on range.
    .where(pg ? visibleD(nowIso) : sql<boolean>`(+d.state in ('published', 'scheduled') and d.published_at <= ${nowIso})`)
    .where('d.validity', '=', 'effective').where('d.expires_on', '<', today)
    .orderBy('d.expires_on').orderBy('d.id').limit(WATCH_CAP).execute();
  return rows.map(toWatch(nowIso));
}

export interface BlankItem {
  catalogId: number;
  catalogTitle: string;
  orgCode: string;
  orgName: string;
  itemKey: string;
  itemName: string;
  deadlineText: string;
}

/**
 * 空白栏目: proactive items of each catalogue's latest published version (catalogues of organisations
 * in the subtrees) with no publicly visible record linked to them.
 */
export async function blankItems(db: Db, paths: string[], nowIso: string): Promise<BlankItem[]> {
  if (!paths.length) return [];
  const rows = await db.selectFrom('catalog as c')
    .innerJoin('organisation as o', 'o.code', 'c.org_code')
    .innerJoin('catalog_version as v', 'v.catalog_id', 'c.id')
    .innerJoin('catalog_item as i', 'i.version_id', 'v.id')
    .select(['c.id as catalog_id', 'c.title', 'o.code as org_code', 'o.name as org_name', 'i.item_key', 'i.level1', 'i.level2', 'i.deadline_text'])
    .where('c.kind', '=', 'local')
    .where('v.status', '=', 'published')
    .where('v.version_no', '=', (eb) => eb.selectFrom('catalog_version as v2').select((e) => e.fn.max('v2.version_no').as('m')).whereRef('v2.catalog_id', '=', 'c.id').where('v2.status', '=', 'published'))
    .where('i.mode_proactive', '=', 1)
    .where(sql<boolean>`(${sql.join(paths.map((p) => sql`o.path like ${subtree(p)} escape '\\'`), sql` or `)})`)
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('disclosure_catalog_item as l').innerJoin('disclosure as d', 'd.id', 'l.disclosure_id').select('l.disclosure_id')
        .whereRef('l.catalog_id', '=', 'c.id').whereRef('l.item_key', '=', 'i.item_key')
        .where('d.state', 'in', ['published', 'scheduled']).where('d.published_at', '<=', nowIso),
    )))
    .orderBy('o.path').orderBy('c.id').orderBy('i.seq').limit(WATCH_CAP).execute();
  return rows.map((r) => ({ catalogId: r.catalog_id, catalogTitle: r.title, orgCode: r.org_code, orgName: r.org_name, itemKey: r.item_key, itemName: r.level2 ? `${r.level1} · ${r.level2}` : r.level1, deadlineText: r.deadline_text }));
}

// ---------- 公开指南 ----------

export interface Guide {
  orgCode: string;
  officeName: string;
  address: string;
  hours: string;
  phone: string;
  fax: string;
  onlineContact: string;
  postcode: string;
  notes: string;
  updatedAt: string;
}

export const GUIDE_FIELDS = ['office_name', 'address', 'postcode', 'hours', 'phone', 'fax', 'online_contact', 'notes'] as const;
export type GuideInput = Record<(typeof GUIDE_FIELDS)[number], string>;

export async function findGuide(db: Db, orgCode: string): Promise<Guide | null> {
  const g = await db.selectFrom('disclosure_guide').selectAll().where('org_code', '=', orgCode).executeTakeFirst();
  // extra_html holds the notes as plain text (rendered escaped), see docs/model/disclosure-platform.md.
  return g ? { orgCode: g.org_code, officeName: g.office_name, address: g.address, hours: g.hours, phone: g.phone, fax: g.fax, onlineContact: g.online_contact, postcode: g.postcode, notes: guideNotesText(g.extra_html), updatedAt: g.updated_at } : null;
}

/**
 * The guide's notes as the plain text the column holds. Rows written before that was settled (the
 * first demo data stored 「<p>…</p>」) hold markup, which the page showed as literal tags: such a
 * value is read as its text, one paragraph a line — in the page and in the form, so a save stores text.
 */
export function guideNotesText(stored: string): string {
  if (!/<\/?(p|br|div|ul|ol|li|strong|em|b|i|a|span|h[1-6])(\s[^>]*)?\/?>/i.test(stored)) return stored;
  return stored.split(/<\/(?:p|div|li|h[1-6])>|<br\s*\/?>/i).map(htmlToText).filter(Boolean).join('\n');
}

/** Creates or replaces an organisation's guide, audited in the same transaction. */
export async function saveGuide(db: Db, orgCode: string, input: GuideInput, audit: { actorId: number | null; actorLabel: string; requestId: string | null }, at: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await findGuide(trx, orgCode);
    const values = {
      office_name: input.office_name, address: input.address, postcode: input.postcode, hours: input.hours, phone: input.phone, fax: input.fax,
      online_contact: input.online_contact, extra_html: input.notes, updated_at: at.toISOString(),
    };
    if (before) await trx.updateTable('disclosure_guide').set(values).where('org_code', '=', orgCode).execute();
    else await trx.insertInto('disclosure_guide').values({ org_code: orgCode, ...values }).execute();
    await recordAudit(platformView(trx), at, { ...audit, action: 'disclosure_guide.save', entity: 'disclosure_guide', entityId: orgCode, before: before ?? undefined, after: input, orgCode });
  });
}

// ---------- Catalogue items ----------

/**
 * A catalogue item by its row id (as the API's catalog_item and the list URL name it), only when it
 * belongs to a published version; records link to it by its stable identity (catalogue + item key).
 */
/**
 * A published catalogue item by its public id `{catalog}/{key}` (stable across versions: the id of a search result and
 * of /openness/catalogs/{catalog}/items/{key}) or, for older clients and links, the row number of the item in the
 * currently published version.
 */
export async function catalogItemById(db: Db, raw: string): Promise<{ id: number; catalogId: number; itemKey: string; name: string } | null> {
  const pub = /^([1-9][0-9]{0,9})\/([A-Za-z0-9_-]{1,64})$/.exec(raw);
  if (pub) {
    if (Number(pub[1]) > 2_147_483_647) return null;
  } else if (!/^[1-9][0-9]{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) return null;
  let query = db.selectFrom('catalog_item as i').innerJoin('catalog_version as v', 'v.id', 'i.version_id')
    .select(['i.id', 'v.catalog_id', 'i.item_key', 'i.level1', 'i.level2']).where('v.status', '=', 'published');
  query = pub ? query.where('v.catalog_id', '=', Number(pub[1])).where('i.item_key', '=', pub[2]!) : query.where('i.id', '=', Number(raw));
  const r = await query.executeTakeFirst();
  return r ? { id: r.id, catalogId: r.catalog_id, itemKey: r.item_key, name: r.level2 ? `${r.level1} · ${r.level2}` : r.level1 } : null;
}
