// Shell: the reads the public home page and the 信息公开 section take from this module — the newest
// visible records of one organisation level, of some genres (通知公告), and the newest 政策解读 with
// the policy each interprets. Every read is `publiclyVisible` (published, or scheduled and due), split
// by state so each walks an index newest first and stops after `limit` rows:
//   - by level: (state, published_at) backwards, each row's organisation by its primary key;
//   - by genre: (genre, state, published_at) backwards (migration 0023).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { countVisible, listVisible, recordHref } from './disclosures.queries.ts';
import { isPubliclyVisible } from './disclosures.table.ts';

/** The three levels of 基层政务公开 (县、乡、村). */
export const ORG_LEVELS = ['county', 'township', 'village'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export interface HomeRecord {
  indexNo: string;
  title: string;
  publisher: string;
  genre: string;
  publishedOn: string;
  href: string;
}

const STATES = ['published', 'scheduled'] as const;

/**
 * The level of an organisation, from its region code (12 digits): a village's code ends in a non-zero
 * 村 part (its kind is 社区工作站/村委会), a township's in a non-zero 乡 part (街道办事处/乡镇政府);
 * the rest — the county's government, departments and 政务公开办, and any city or province body —
 * is the county level. A department keeps the region of the government it belongs to, so a
 * township's own offices count as township level.
 */
function levelIs(level: OrgLevel) {
  const village = sql<boolean>`substr(o.region_code, 10, 3) <> '000'`;
  const township = sql<boolean>`substr(o.region_code, 7, 3) <> '000'`;
  if (level === 'village') return village;
  if (level === 'township') return sql<boolean>`(${township} and not ${village})`;
  return sql<boolean>`(not ${township})`;
}

type Row = { id: number; index_no: string; title: string; publisher: string; genre: string; published_at: string | null; published_on: string | null };
const COLUMNS = ['d.id', 'd.index_no', 'd.title', 'd.publisher', 'd.genre', 'd.published_at', 'd.published_on'] as const;
const newestFirst = (a: Row, b: Row) => ((a.published_at ?? '') < (b.published_at ?? '') ? 1 : (a.published_at ?? '') > (b.published_at ?? '') ? -1 : b.id - a.id);
const toHome = (r: Row): HomeRecord => ({ indexNo: r.index_no, title: r.title, publisher: r.publisher, genre: r.genre, publishedOn: r.published_on ?? '', href: recordHref(r.index_no) });

/** The newest `limit` visible records published by organisations of one level (every county of the installation). */
export async function latestOfLevel(db: Db, nowIso: string, level: OrgLevel, limit: number): Promise<HomeRecord[]> {
  const walks = await Promise.all(STATES.map((state) => db.selectFrom('disclosure as d').innerJoin('organisation as o', 'o.code', 'd.org_code')
    .select([...COLUMNS]).where('d.state', '=', state).where('d.published_at', '<=', nowIso).where(levelIs(level))
    .orderBy('d.published_at', 'desc').orderBy('d.id', 'desc').limit(limit).execute()));
  return walks.flat().sort(newestFirst).slice(0, limit).map(toHome);
}

async function newestOfGenres(db: Db, nowIso: string, genres: readonly string[], limit: number): Promise<Row[]> {
  const walks = await Promise.all(genres.flatMap((genre) => STATES.map((state) => db.selectFrom('disclosure as d').select([...COLUMNS])
    .where('d.genre', '=', genre).where('d.state', '=', state).where('d.published_at', '<=', nowIso)
    .orderBy('d.published_at', 'desc').orderBy('d.id', 'desc').limit(limit).execute())));
  return walks.flat().sort(newestFirst).slice(0, limit);
}

/** The newest `limit` visible records of the given genres (通知公告: notice + announcement). */
export async function latestOfGenres(db: Db, nowIso: string, genres: readonly string[], limit: number): Promise<HomeRecord[]> {
  return (await newestOfGenres(db, nowIso, genres, limit)).map(toHome);
}

export interface InterpretedPolicy {
  /** The policy interpreted, when it is itself publicly visible. */
  policy: HomeRecord | null;
  interpretation: HomeRecord;
}

/**
 * The newest `limit` visible 政策解读, each with the policy it interprets (its `interprets` link;
 * shown only when that policy is publicly visible too — a draft or withdrawn policy is never named).
 */
export async function latestInterpretations(db: Db, nowIso: string, limit: number): Promise<InterpretedPolicy[]> {
  const rows = await newestOfGenres(db, nowIso, ['interpretation'], limit);
  if (!rows.length) return [];
  const links = await db.selectFrom('disclosure_link').select(['from_id', 'to_id']).where('from_id', 'in', rows.map((r) => r.id)).where('kind', '=', 'interprets').orderBy('to_id').execute();
  const targetIds = [...new Set(links.map((l) => l.to_id))];
  const targets = targetIds.length
    ? await db.selectFrom('disclosure as d').select([...COLUMNS, 'd.state']).where('d.id', 'in', targetIds).execute()
    : [];
  const visible = new Map(targets.filter((t) => isPubliclyVisible(t, nowIso)).map((t) => [t.id, t]));
  return rows.map((r) => {
    const to = links.find((l) => l.from_id === r.id && visible.has(l.to_id));
    return { policy: to ? toHome(visible.get(to.to_id)!) : null, interpretation: toHome(r) };
  });
}

/** The newest `limit` visible records of every organisation (the 信息公开 section), or of one subtree (`orgPath`: the hall display of a venue). */
export async function latestVisible(db: Db, nowIso: string, limit: number, orgPath?: string): Promise<HomeRecord[]> {
  const { items } = await listVisible(db, nowIso, orgPath ? { orgPath } : {}, { limit, offset: 0 });
  return items.map((r) => ({ indexNo: r.indexNo, title: r.title, publisher: r.publisher, genre: r.genre, publishedOn: r.publishedOn, href: recordHref(r.indexNo) }));
}

/** How many records became visible since `sinceIso` (the figures of the 信息公开 section; an index-only count), optionally in one subtree. */
export async function countVisibleSince(db: Db, nowIso: string, sinceIso: string, orgPath?: string): Promise<number> {
  return countVisible(db, nowIso, orgPath ? { since: sinceIso, orgPath } : { since: sinceIso });
}
