// Search sources (read-only views of other modules' tables), the change log, synonyms and analytics.
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { SearchDoc } from '../../platform/search/search-port.ts';
import { publiclyVisible } from '../disclosures/index.ts';

const words = (s: string) => s.split(/[\s,，、;；]+/).map((w) => w.trim()).filter(Boolean);

type ItemRow = { id: number; public_id: string; name: string; department: string; region_code: string; keywords: string; channels: string; visits: number | null };
const itemDoc = (r: ItemRow): SearchDoc => ({
  type: 'item', id: String(r.id), publicId: r.public_id, title: r.name, keywords: words(r.keywords), dept: r.department, regionCode: r.region_code,
  channels: words(r.channels), popularity: Number(r.visits ?? 0), url: `/services/items/${encodeURIComponent(r.public_id)}`,
});
const ITEM_COLS = ['id', 'public_id', 'name', 'department', 'region_code', 'keywords', 'channels', 'visits'] as const;

type VenueRow = { id: number; public_id: string; name: string; type: string; region_code: string; address: string; rating_count: number };
const venueDoc = (r: VenueRow): SearchDoc => ({
  type: 'venue', id: String(r.id), publicId: r.public_id, title: r.name, keywords: [], dept: '', body: r.address, regionCode: r.region_code,
  popularity: Number(r.rating_count ?? 0), url: `/services/venues/${encodeURIComponent(r.public_id)}`,
});
const VENUE_COLS = ['id', 'public_id', 'name', 'type', 'region_code', 'address', 'rating_count'] as const;

/** Service items in id order, a page at a time (for the start-up build and `gongkai search reindex`). */
export async function itemPage(db: Db, afterId: number, limit: number): Promise<{ docs: SearchDoc[]; last: number }> {
  const rows = await db.selectFrom('sm_item').select(ITEM_COLS).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return { docs: rows.map(itemDoc), last: rows.length ? Number(rows[rows.length - 1]?.id) : afterId };
}

export async function venuePage(db: Db, afterId: number, limit: number): Promise<{ docs: SearchDoc[]; last: number }> {
  const rows = await db.selectFrom('sm_venue').select(VENUE_COLS).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return { docs: rows.map(venueDoc), last: rows.length ? Number(rows[rows.length - 1]?.id) : afterId };
}

export async function countSources(db: Db): Promise<number> {
  const one = async (t: 'sm_item' | 'sm_venue' | 'disclosure' | 'catalog_item') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  return (await one('sm_item')) + (await one('sm_venue')) + (await one('disclosure')) + (await one('catalog_item'));
}

export async function itemsByIds(db: Db, ids: number[]): Promise<SearchDoc[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('sm_item').select(ITEM_COLS).where('id', 'in', ids).execute()).map(itemDoc);
}

export async function venuesByIds(db: Db, ids: number[]): Promise<SearchDoc[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('sm_venue').select(VENUE_COLS).where('id', 'in', ids).execute()).map(venueDoc);
}

/** Publicly visible disclosure records (the disclosures module's one visibility rule), optionally by id. */
export async function visibleDisclosures(db: Db, nowIso: string, ids?: number[]): Promise<SearchDoc[]> {
  if (ids && !ids.length) return [];
  let q = db.selectFrom('disclosure')
    .leftJoin('disclosure_category', 'disclosure_category.code', 'disclosure.category_code')
    .leftJoin('organisation', 'organisation.code', 'disclosure.org_code')
    .select(['disclosure.id', 'disclosure.index_no', 'disclosure.title', 'disclosure.summary', 'disclosure.body_text', 'disclosure.org_path', 'disclosure.publisher', 'disclosure.document_no', 'disclosure_category.name as category', 'organisation.region_code'])
    .where((eb) => publiclyVisible(eb, nowIso));
  if (ids) q = q.where('disclosure.id', 'in', ids);
  const rows = await q.execute();
  return rows.map((r) => ({
    type: 'disclosure', id: String(r.id), publicId: r.index_no, title: r.title,
    keywords: [r.category ?? '', r.document_no ?? ''].filter(Boolean),
    dept: `${r.publisher} ${r.org_path}`,
    body: `${r.summary}\n${r.body_text}`.trim() || r.title,
    regionCode: r.region_code ?? '', url: `/openness/disclosures/${encodeURIComponent(r.index_no)}`,
  }));
}

/** Ids of scheduled records whose publication time falls in (from, to]: they become visible then. */
export async function disclosuresComingDue(db: Db, fromIso: string, toIso: string): Promise<number[]> {
  const rows = await db.selectFrom('disclosure').select('id').where('state', '=', 'scheduled').where('published_at', '>', fromIso).where('published_at', '<=', toIso).execute();
  return rows.map((r) => Number(r.id));
}

/** Items of each catalogue's newest published version (only those are public). */
export async function publishedCatalogItems(db: Db): Promise<{ docs: SearchDoc[] }> {
  const versions = await db.selectFrom('catalog_version').select(['id', 'catalog_id', 'version_no']).where('status', '=', 'published').execute();
  const newest = new Map<number, { id: number; no: number }>();
  for (const v of versions) {
    const cur = newest.get(Number(v.catalog_id));
    if (!cur || Number(v.version_no) > cur.no) newest.set(Number(v.catalog_id), { id: Number(v.id), no: Number(v.version_no) });
  }
  const ids = [...newest.values()].map((v) => v.id);
  if (!ids.length) return { docs: [] };
  const rows = await db.selectFrom('catalog_item')
    .innerJoin('catalog_version', 'catalog_version.id', 'catalog_item.version_id')
    .innerJoin('catalog', 'catalog.id', 'catalog_version.catalog_id')
    .leftJoin('organisation', 'organisation.code', 'catalog.org_code')
    .select(['catalog_item.id', 'catalog_item.item_key', 'catalog_item.level1', 'catalog_item.level2', 'catalog_item.content', 'catalog_item.basis', 'catalog_item.body', 'catalog.id as catalog_id', 'organisation.region_code'])
    .where('catalog_item.version_id', 'in', ids).execute();
  return {
    docs: rows.map((r) => ({
      type: 'catalog_item', id: String(r.id), publicId: catalogItemPublicId(Number(r.catalog_id), r.item_key), title: r.level2 ? `${r.level1}·${r.level2}` : r.level1,
      keywords: [r.level1, r.level2].filter(Boolean), dept: r.body, body: `${r.content} ${r.basis}`.trim() || r.level1,
      regionCode: r.region_code ?? '', url: `/openness/catalogs/${r.catalog_id}/items/${encodeURIComponent(r.item_key)}`,
    })),
  };
}

/**
 * The public id of a catalogue item: its catalogue's id and its key, the two parts of its page
 * (`/openness/catalogs/{catalogue}/items/{key}`) and of the API (`/api/v1/catalogs/{catalogue}`,
 * `items[].key`). The key stays the same across versions; the row id does not.
 */
export function catalogItemPublicId(catalogId: number, key: string): string {
  return `${catalogId}/${key}`;
}

/**
 * The source keys (row ids) of the documents with a public id — 事项编码, 场所编码, 索引号, or
 * 目录号/事项标识 — so a result link (/search/go) can name the public id and still find the document.
 */
export async function sourceIdsOf(db: Db, type: string, publicId: string): Promise<string[]> {
  let rows: { id: number }[] = [];
  if (type === 'item') rows = await db.selectFrom('sm_item').select('id').where('public_id', '=', publicId).execute();
  else if (type === 'venue') rows = await db.selectFrom('sm_venue').select('id').where('public_id', '=', publicId).execute();
  else if (type === 'disclosure') rows = await db.selectFrom('disclosure').select('id').where('index_no', '=', publicId).execute();
  else if (type === 'catalog_item') {
    const m = /^(\d{1,10})\/(.+)$/.exec(publicId);
    if (!m) return [];
    rows = await db.selectFrom('catalog_item').innerJoin('catalog_version', 'catalog_version.id', 'catalog_item.version_id')
      .select('catalog_item.id').where('catalog_version.catalog_id', '=', Number(m[1])).where('catalog_version.status', '=', 'published')
      .where('catalog_item.item_key', '=', m[2] as string).execute();
  }
  return rows.map((r) => String(r.id));
}

/** Region names → code (合肥市 and 合肥), so a query word naming a region acts as a preference. */
export async function regionNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('region').select(['code', 'name']).execute();
  const m = new Map<string, string>();
  for (const r of rows) {
    m.set(r.name, r.code);
    const short = r.name.replace(/(市|县|区|镇|乡|街道)$/u, '');
    if ([...short].length >= 2 && !m.has(short)) m.set(short, r.code);
  }
  return m;
}

// ---------------------------------------------------------------- change log

export async function changesAfter(db: Db, afterId: number, limit: number): Promise<{ id: number; source: string; source_id: string }[]> {
  const rows = await db.selectFrom('search_change').select(['id', 'source', 'source_id']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function lastChangeId(db: Db): Promise<number> {
  const r = await db.selectFrom('search_change').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** A change row's identity (`at|source|source_id`), '' when the row is not in the log. */
export async function changeMark(db: Db, id: number): Promise<string> {
  if (id <= 0) return '';
  const r = await db.selectFrom('search_change').select(['at', 'source', 'source_id']).where('id', '=', id).executeTakeFirst();
  return r ? `${r.at}|${r.source}|${r.source_id}` : '';
}

/** The oldest change id still in the log (0 when it is empty). */
export async function firstChangeId(db: Db): Promise<number> {
  const r = await db.selectFrom('search_change').select((eb) => eb.fn.min('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/**
 * Which database this is, for a snapshot file name: SQLite's main file (its directory is where the
 * snapshot lives by default; '' for an in-memory database) or PostgreSQL's database and schema.
 */
export async function databaseIdentity(db: Db): Promise<{ dialect: 'sqlite' | 'postgres'; id: string; file: string }> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const r = await sql<{ d: string; s: string }>`select current_database() as d, current_schema() as s`.execute(db);
    const row = r.rows[0];
    return { dialect: 'postgres', id: `${row?.d ?? ''}.${row?.s ?? ''}`, file: '' };
  }
  const r = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const main = r.rows.find((x) => x.name === 'main');
  return { dialect: 'sqlite', id: main?.file ?? '', file: main?.file ?? '' };
}

/**
 * Deletes change rows older than `beforeIso`, but never the newest row, however old: a snapshot
 * written at it (a site without search changes for a day) still finds its position and loads.
 */
export async function pruneChanges(db: Db, beforeIso: string): Promise<void> {
  const head = await lastChangeId(db);
  await db.deleteFrom('search_change').where('at', '<', beforeIso).where('id', '<', head).execute();
}

// ---------------------------------------------------------------- synonyms

export interface SynonymRow { id: number; terms: string[]; note: string; origin: string; updatedAt: string }

export const splitTerms = (s: string) => [...new Set(s.split(/[\s,，、;；=→]+/).map((t) => t.trim()).filter(Boolean))];

export async function listSynonyms(db: Db): Promise<SynonymRow[]> {
  const rows = await db.selectFrom('search_synonym').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), terms: splitTerms(r.terms), note: r.note, origin: r.origin, updatedAt: r.updated_at }));
}

export async function synonymStamp(db: Db): Promise<string> {
  const r = await db.selectFrom('search_synonym').select([(eb) => eb.fn.max('updated_at').as('m'), (eb) => eb.fn.countAll<number>().as('n')]).executeTakeFirst();
  return `${r?.m ?? ''}#${r?.n ?? 0}`;
}

// ---------------------------------------------------------------- analytics (anonymous)

/**
 * The log's counts since an instant: the first, partial day counted from the logged rows (through
 * the index on `at`), every later day from search_event_day (migration 0052: a trigger keeps one row
 * per day, kind and key). The same totals as counting every row since the instant, without reading
 * them all (0.9 s at 1 M logged searches).
 */
function sinceParts(sinceIso: string): { since: string; firstDayEnd: string } {
  // a day's instants all sort after the next day's date ('2026-10-11' < '2026-10-11T…') and before it otherwise
  const firstDayEnd = new Date(Date.parse(`${sinceIso.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { since: sinceIso, firstDayEnd };
}

export async function hotQueries(db: Db, sinceIso: string, limit: number): Promise<{ query: string; count: number }[]> {
  const { since, firstDayEnd } = sinceParts(sinceIso);
  const rows = await sql<{ key: string; n: number | string }>`
    select u.key, sum(u.n) as n from (
      select query as key, count(*) as n from search_event where kind = 'search' and result_count > 0 and at >= ${since} and at < ${firstDayEnd} group by query
      union all
      select key, n from search_event_day where day_on >= ${firstDayEnd} and kind = 'search' and doc_type = '' and has_results = 1
    ) as u group by u.key order by sum(u.n) desc, u.key limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ query: r.key, count: Number(r.n) }));
}

/** 事项搜索TOP-N: items most often opened from search results. */
export async function topSearchedItems(db: Db, sinceIso: string, limit: number): Promise<{ title: string; count: number }[]> {
  const { since, firstDayEnd } = sinceParts(sinceIso);
  const rows = await sql<{ key: string; n: number | string }>`
    select u.key, sum(u.n) as n from (
      select doc_title as key, count(*) as n from search_event where kind = 'click' and doc_type = 'item' and doc_title is not null and at >= ${since} and at < ${firstDayEnd} group by doc_title
      union all
      select key, n from search_event_day where day_on >= ${firstDayEnd} and kind = 'click' and doc_type = 'item'
    ) as u group by u.key order by sum(u.n) desc, u.key limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ title: r.key, count: Number(r.n) }));
}

export async function zeroResultQueries(db: Db, sinceIso: string, limit: number): Promise<{ query: string; count: number; last: string }[]> {
  const { since, firstDayEnd } = sinceParts(sinceIso);
  const rows = await sql<{ key: string; n: number | string; last: string }>`
    select u.key, sum(u.n) as n, max(u.last) as last from (
      select query as key, count(*) as n, max(at) as last from search_event where kind = 'search' and result_count = 0 and at >= ${since} and at < ${firstDayEnd} group by query
      union all
      select key, n, last_at from search_event_day where day_on >= ${firstDayEnd} and kind = 'search' and doc_type = '' and has_results = 0
    ) as u left join search_zero_status as z on z.query = u.key
    where z.query is null group by u.key order by sum(u.n) desc, u.key limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ query: r.key, count: Number(r.n), last: String(r.last) }));
}

