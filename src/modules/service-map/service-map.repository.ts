// Shell: SQL of the service map. The database is the source of truth; the venue index in memory
// (venue-index.ts) is rebuilt from `loadIndexedVenues` whenever `venues_version` changes.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { IndexedVenue } from './venue-index.ts';
import { parseWeeklyHours, weeklyToText, type WeeklyHours } from './opening-hours.ts';
import { isPublicId, type ItemRow, type VenueRow } from './service-map-csv.ts';
import { EMPTY_GUIDE, type Audience, type Channel, type Guide, type HolidayRule, type ItemType, type Level, type TimeUnit, type VenueType } from './service-map.ts';
import { shortRegionCode } from '../../platform/geo/region-code.ts';
import { insertRows } from '../../platform/db/bulk-insert.ts';

const VERSION_KEY = 'venues_version';

export async function readVersion(db: Db): Promise<number> {
  const r = await db.selectFrom('sm_state').select('value').where('key', '=', VERSION_KEY).executeTakeFirst();
  return r ? Number(r.value) : 0;
}

/** Marks the venue set as changed, so every process reloads its index (call inside the write's transaction). */
export async function bumpVersion(trx: Db): Promise<void> {
  await trx.insertInto('sm_state').values({ key: VERSION_KEY, value: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<number>`sm_state.value + 1` }))
    .execute();
}

function weekly(json: string): WeeklyHours {
  const r = parseWeeklyHours(JSON.parse(json) as Record<string, string>);
  if (!r.ok) throw new Error(`stored opening hours are invalid: ${r.error}`);
  return r.value;
}

export async function loadIndexedVenues(db: Db): Promise<IndexedVenue[]> {
  const rows = await db.selectFrom('sm_venue')
    .select(['id', 'public_id', 'name', 'type', 'level', 'region_code', 'address', 'lat', 'lng', 'hours_json', 'is_24h', 'holiday_rule', 'rating', 'rating_count', 'phone', 'queue_waiting', 'queue_wait_minutes', 'queue_updated_at'])
    .execute();
  const hoursCache = new Map<string, WeeklyHours>();
  return rows.map((r) => {
    let w = hoursCache.get(r.hours_json);
    if (!w) { w = weekly(r.hours_json); hoursCache.set(r.hours_json, w); }
    return {
      id: Number(r.id), publicId: r.public_id, name: r.name, type: r.type as VenueType, level: r.level as Level, regionCode: r.region_code,
      address: r.address, lat: Number(r.lat), lng: Number(r.lng),
      hours: { weekly: w, is24h: r.is_24h === 1, holidayRule: r.holiday_rule as HolidayRule },
      rating: r.rating === null ? null : Number(r.rating), ratingCount: Number(r.rating_count), phone: r.phone,
      queueWaiting: r.queue_waiting, queueWaitMinutes: r.queue_wait_minutes, queueUpdatedAt: r.queue_updated_at,
    };
  });
}

export async function queueChangesSince(db: Db, since: string): Promise<{ id: number; waiting: number | null; minutes: number | null; at: string | null }[]> {
  const rows = await db.selectFrom('sm_venue').select(['id', 'queue_waiting', 'queue_wait_minutes', 'queue_updated_at'])
    // ≥, not >: a report written by another process in the same millisecond as the last one seen
    // must not be skipped (re-applying a seen report is harmless).
    .where('queue_updated_at', '>=', since).execute();
  return rows.map((r) => ({ id: Number(r.id), waiting: r.queue_waiting, minutes: r.queue_wait_minutes, at: r.queue_updated_at }));
}

/** Internal id of an item by its public id, and the venues offering it. */
export async function venuesOfferingItem(db: Db, itemPublicId: string): Promise<number[] | null> {
  if (!isPublicId(itemPublicId)) return null;
  const rows = await db.selectFrom('sm_item').leftJoin('sm_venue_item', 'sm_venue_item.item_id', 'sm_item.id')
    .select('sm_venue_item.venue_id').where('sm_item.public_id', '=', itemPublicId).execute();
  if (!rows.length) return null;
  return rows.filter((r) => r.venue_id !== null).map((r) => Number(r.venue_id));
}

/** A venue as its page and API show it: the index's fields plus owner, weekly hours, photos, host and the write time. */
export interface Venue extends Omit<IndexedVenue, 'hours'> {
  orgCode: string;
  hours: WeeklyHours;
  is24h: boolean;
  holidayRule: HolidayRule;
  photos: { url: string; caption: string; kind: string }[];
  verifiedOn: string | null;
  hostVenueId: string | null;
  updatedAt: string;
}

export async function findVenue(db: Db, publicId: string): Promise<Venue | null> {
  if (!isPublicId(publicId)) return null; // e.g. a NUL byte, which PostgreSQL refuses with an error
  const r = await db.selectFrom('sm_venue').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  if (!r) return null;
  return {
    id: Number(r.id), publicId: r.public_id, name: r.name, type: r.type as VenueType, level: r.level as Level, regionCode: r.region_code, orgCode: r.org_code,
    address: r.address, lat: Number(r.lat), lng: Number(r.lng), hours: weekly(r.hours_json), is24h: r.is_24h === 1, holidayRule: r.holiday_rule as HolidayRule,
    phone: r.phone, photos: JSON.parse(r.photos_json) as Venue['photos'], verifiedOn: r.verified_on, hostVenueId: r.host_venue_id,
    rating: r.rating === null ? null : Number(r.rating), ratingCount: Number(r.rating_count),
    queueWaiting: r.queue_waiting, queueWaitMinutes: r.queue_wait_minutes, queueUpdatedAt: r.queue_updated_at, updatedAt: r.updated_at,
  };
}

/** A stored item: the import row's fields with its internal id, the full guide and the write time. */
export interface Item extends Omit<ItemRow, 'id' | 'guide'> {
  id: number;
  publicId: string;
  guide: Guide;
  updatedAt: string;
}

type ItemRecord = { id: number; public_id: string; name: string; basic_code: string; implementing_code: string; type: string; department: string; implementing_body: string; region_code: string; level: string; keywords: string; online_url: string | null; mobile_url: string | null; channels: string; legal_limit: number | null; legal_unit: string | null; promised_limit: number | null; promised_unit: string | null; visits: number | null; guide_json: string | null; updated_at: string };

const split = (s: string) => (s ? s.split(' ') : []);

export function toItem(r: ItemRecord): Item {
  return {
    id: Number(r.id), publicId: r.public_id, name: r.name, basicCode: r.basic_code, implementingCode: r.implementing_code, type: r.type as ItemType,
    department: r.department, implementingBody: r.implementing_body, regionCode: r.region_code, level: r.level as Level, keywords: split(r.keywords),
    onlineUrl: r.online_url, mobileUrl: r.mobile_url, channels: split(r.channels) as Channel[], legalLimit: r.legal_limit, legalUnit: r.legal_unit as TimeUnit | null,
    promisedLimit: r.promised_limit, promisedUnit: r.promised_unit as TimeUnit | null, visits: r.visits,
    guide: { ...EMPTY_GUIDE, ...(r.guide_json ? (JSON.parse(r.guide_json) as Partial<Guide>) : {}) }, updatedAt: r.updated_at,
  };
}

export async function findItem(db: Db, publicId: string): Promise<Item | null> {
  if (!isPublicId(publicId)) return null;
  const r = await db.selectFrom('sm_item').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  return r ? toItem(r) : null;
}

/**
 * Up to `limit` items of a venue, sorted by name, and how many it offers. A venue with more (a
 * county centre offers ~16,000 at 安徽 scale) gives its first `limit` items in primary-key order —
 * one range of the (venue_id, item_id) key, never a sort of all its items by name — sorted by name.
 */
export async function itemsOfVenue(db: Db, venueId: number, limit = 200): Promise<{ items: Item[]; total: number }> {
  const links = await db.selectFrom('sm_venue_item').select('item_id').where('venue_id', '=', venueId).orderBy('item_id').limit(limit).execute();
  const total = links.length < limit ? links.length : Number((await db.selectFrom('sm_venue_item').select(db.fn.countAll<number>().as('n')).where('venue_id', '=', venueId).executeTakeFirstOrThrow()).n);
  if (!links.length) return { items: [], total };
  const rows = await db.selectFrom('sm_item').selectAll().where('id', 'in', links.map((l) => l.item_id)).execute();
  const items = rows.map(toItem).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { items, total };
}

export function itemValues(r: ItemRow, at: string) {
  return {
    public_id: r.id, name: r.name, basic_code: r.basicCode, implementing_code: r.implementingCode, type: r.type, department: r.department,
    implementing_body: r.implementingBody, region_code: r.regionCode, level: r.level, keywords: r.keywords.join(' '), online_url: r.onlineUrl,
    mobile_url: r.mobileUrl, channels: r.channels.join(' '), legal_limit: r.legalLimit, legal_unit: r.legalUnit, promised_limit: r.promisedLimit,
    promised_unit: r.promisedUnit, visits: r.visits, guide_json: r.guide ? JSON.stringify(r.guide) : null, created_at: at, updated_at: at,
  };
}

const ITEM_UPDATE_COLUMNS = ['name', 'basic_code', 'implementing_code', 'type', 'department', 'implementing_body', 'region_code', 'level', 'keywords', 'online_url', 'mobile_url', 'channels', 'legal_limit', 'legal_unit', 'promised_limit', 'promised_unit', 'visits', 'guide_json', 'updated_at'] as const;
const VENUE_UPDATE_COLUMNS = ['name', 'type', 'level', 'region_code', 'org_code', 'address', 'lat', 'lng', 'hours_json', 'is_24h', 'holiday_rule', 'phone', 'photos_json', 'verified_on', 'host_venue_id', 'rating', 'rating_count', 'updated_at'] as const;

/**
 * Rewrites the items-per-department counts (sm_venue_department, migration 0049) of the given
 * venues, or of every venue: call in the transaction that changes venues' items or items' departments.
 */
export async function refreshVenueDepartments(trx: Db, venueIds: readonly number[] | 'all'): Promise<void> {
  const grouped = (ids: readonly number[] | null) => {
    let q = trx.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id')
      .select(['sm_venue_item.venue_id', 'sm_item.department', trx.fn.countAll<number>().as('item_count')]);
    if (ids) q = q.where('sm_venue_item.venue_id', 'in', [...ids]);
    return q.groupBy(['sm_venue_item.venue_id', 'sm_item.department']);
  };
  if (venueIds === 'all') {
    await trx.deleteFrom('sm_venue_department').execute();
    await trx.insertInto('sm_venue_department').columns(['venue_id', 'department', 'item_count']).expression(grouped(null)).execute();
    return;
  }
  const ids = [...new Set(venueIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await trx.deleteFrom('sm_venue_department').where('venue_id', 'in', chunk).execute();
    await trx.insertInto('sm_venue_department').columns(['venue_id', 'department', 'item_count']).expression(grouped(chunk)).execute();
  }
}

/** Inserts or updates items by public id (one statement per call; keep calls ≤ 1,000 rows). */
export async function upsertItems(trx: Db, rows: ItemRow[], at: string): Promise<void> {
  if (!rows.length) return;
  await trx.insertInto('sm_item').values(rows.map((r) => itemValues(r, at)))
    .onConflict((oc) => oc.column('public_id').doUpdateSet((eb) => Object.fromEntries(ITEM_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
    .execute();
  // an item's department may have changed: the counts of the venues offering it follow
  const venues = await trx.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id').select('sm_venue_item.venue_id')
    .where('sm_item.public_id', 'in', rows.map((r) => r.id)).distinct().execute();
  await refreshVenueDepartments(trx, venues.map((v) => Number(v.venue_id)));
  await bumpVersion(trx); // new items may answer item filters that were "not found" before
}

export function venueValues(r: VenueRow, at: string) {
  return {
    public_id: r.id, name: r.name, type: r.type, level: r.level, region_code: r.regionCode, org_code: r.orgCode ?? shortRegionCode(r.regionCode),
    address: r.address, lat: r.lat, lng: r.lng, hours_json: JSON.stringify(weeklyToText(r.hours)), is_24h: r.is24h ? 1 : 0, holiday_rule: r.holidayRule,
    phone: r.phone, photos_json: JSON.stringify(r.photos), verified_on: r.verifiedOn, host_venue_id: r.hostVenueId, rating: r.rating,
    rating_count: r.ratingCount, created_at: at, updated_at: at,
  };
}

/** Maps public item ids to internal ids (chunked). */
export async function itemIdsByPublic(db: Db, publicIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < publicIds.length; i += 5000) {
    const chunk = publicIds.slice(i, i + 5000);
    for (const r of await db.selectFrom('sm_item').select(['id', 'public_id']).where('public_id', 'in', chunk).execute()) out.set(r.public_id, Number(r.id));
  }
  return out;
}

export async function existingVenueIds(db: Db, publicIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < publicIds.length; i += 5000) {
    for (const r of await db.selectFrom('sm_venue').select('public_id').where('public_id', 'in', publicIds.slice(i, i + 5000)).execute()) out.add(r.public_id);
  }
  return out;
}

/** Inserts or updates venues by public id and replaces the items each offers. */
export async function upsertVenues(trx: Db, rows: VenueRow[], at: string): Promise<void> {
  if (!rows.length) return;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await trx.insertInto('sm_venue').values(chunk.map((r) => venueValues(r, at)))
      .onConflict((oc) => oc.column('public_id').doUpdateSet((eb) => Object.fromEntries(VENUE_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute();
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 5000) {
    for (const r of await trx.selectFrom('sm_venue').select(['id', 'public_id']).where('public_id', 'in', rows.slice(i, i + 5000).map((r) => r.id)).execute()) ids.set(r.public_id, Number(r.id));
  }
  const venueIds = [...ids.values()];
  for (let i = 0; i < venueIds.length; i += 5000) await trx.deleteFrom('sm_venue_item').where('venue_id', 'in', venueIds.slice(i, i + 5000)).execute();
  // Resolve item public ids and insert the links in one statement per venue (and per 5,000 items).
  for (const r of rows) {
    const v = ids.get(r.id) as number;
    for (let i = 0; i < r.items.length; i += 5000) {
      await trx.insertInto('sm_venue_item').columns(['venue_id', 'item_id'])
        .expression(trx.selectFrom('sm_item').select([sql.lit(v).as('venue_id'), 'id']).where('public_id', 'in', r.items.slice(i, i + 5000)))
        .execute();
    }
  }
  await refreshVenueDepartments(trx, venueIds);
  await bumpVersion(trx);
}

export async function setQueue(trx: Db, venueId: number, waiting: number, minutes: number, at: string): Promise<void> {
  await trx.updateTable('sm_venue').set({ queue_waiting: waiting, queue_wait_minutes: minutes, queue_updated_at: at }).where('id', '=', venueId).execute();
}

// ---------- import runs: staging, resume, switch ----------
// An import stages its rows under a run (sm_import_stage_*: no search triggers, read by no page),
// each batch committed with the run's progress; `switchRun` then copies the run into the live
// tables in ONE transaction. See docs/import/service-map.md.

export interface ImportRun { id: number; sha: string; fileName: string; doneRows: number; totalRows: number; owner: string | null; updatedAt: string }

/** The unfinished (staging) service-map run, if any: at most one is expected. */
export async function findStagingRun(db: Db): Promise<ImportRun | null> {
  const r = await db.selectFrom('sm_import_run').selectAll().where('kind', '=', 'map').where('status', '=', 'staging').orderBy('id', 'desc').executeTakeFirst();
  return r ? { id: Number(r.id), sha: r.file_sha256, fileName: r.file_name, doneRows: Number(r.done_rows), totalRows: Number(r.total_rows), owner: r.owner, updatedAt: r.updated_at } : null;
}

/** The newest staging run older than `id` (another import that started just before this one), or null. */
export async function olderStagingRun(db: Db, id: number): Promise<ImportRun | null> {
  const r = await db.selectFrom('sm_import_run').selectAll().where('kind', '=', 'map').where('status', '=', 'staging').where('id', '<', id).orderBy('id', 'desc').executeTakeFirst();
  return r ? { id: Number(r.id), sha: r.file_sha256, fileName: r.file_name, doneRows: Number(r.done_rows), totalRows: Number(r.total_rows), owner: r.owner, updatedAt: r.updated_at } : null;
}

export async function createRun(db: Db, sha: string, fileName: string, total: number, owner: string, at: string): Promise<number> {
  const r = await db.insertInto('sm_import_run').values({ kind: 'map', file_sha256: sha, file_name: fileName, total_rows: total, done_rows: 0, status: 'staging', owner, started_at: at, updated_at: at })
    .returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Takes over a staging run (resume): the new process becomes its owner. */
export async function claimRun(db: Db, id: number, owner: string, at: string): Promise<void> {
  await db.updateTable('sm_import_run').set({ owner, updated_at: at }).where('id', '=', id).execute();
}

export async function advanceRun(trx: Db, id: number, done: number, at: string): Promise<void> {
  await trx.updateTable('sm_import_run').set({ done_rows: done, updated_at: at }).where('id', '=', id).execute();
}

/** Rows of a run already staged (each batch commits whole, in file order). */
export async function stagedCounts(db: Db, runId: number): Promise<{ items: number; venues: number }> {
  const i = await db.selectFrom('sm_import_stage_item').select(db.fn.countAll<number>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  const v = await db.selectFrom('sm_import_stage_venue').select(db.fn.countAll<number>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  return { items: Number(i.n), venues: Number(v.n) };
}

const STAGE_ITEM_COLUMNS = ['run_id', 'seq', 'public_id', ...ITEM_UPDATE_COLUMNS.filter((c) => c !== 'updated_at')] as const;
const STAGE_VENUE_COLUMNS = ['run_id', 'seq', 'public_id', ...VENUE_UPDATE_COLUMNS.filter((c) => c !== 'updated_at')] as const;

/** Stages items as rows `firstSeq`, `firstSeq + 1`, … of the run. */
export async function stageItems(trx: Db, runId: number, firstSeq: number, rows: ItemRow[]): Promise<void> {
  await insertRows(trx, 'sm_import_stage_item', STAGE_ITEM_COLUMNS, rows.map((r, k) => {
    const v: Record<string, unknown> = { run_id: runId, seq: firstSeq + k, ...itemValues(r, '') };
    return STAGE_ITEM_COLUMNS.map((c) => v[c]);
  }));
}

/** Stages venues, and the items each offers, as rows `firstSeq`, … of the run. */
export async function stageVenues(trx: Db, runId: number, firstSeq: number, rows: VenueRow[]): Promise<void> {
  await insertRows(trx, 'sm_import_stage_venue', STAGE_VENUE_COLUMNS, rows.map((r, k) => {
    const v: Record<string, unknown> = { run_id: runId, seq: firstSeq + k, ...venueValues(r, '') };
    return STAGE_VENUE_COLUMNS.map((c) => v[c]);
  }));
  await insertRows(trx, 'sm_import_stage_link', ['run_id', 'seq', 'venue_public_id', 'item_public_id'],
    rows.flatMap((r, k) => [...new Set(r.items)].map((item) => [runId, firstSeq + k, r.id, item])));
}

const STAGE_TABLES = ['sm_import_stage_link', 'sm_import_stage_venue', 'sm_import_stage_item'] as const;
/** Staged rows deleted per statement: each delete is its own short write, not one long lock. */
const PURGE_CHUNK = 20_000;

/** Deletes the staged rows of every run that is no longer staging (switched or discarded), in short chunks. */
export async function purgeStaging(db: Db): Promise<void> {
  const runs = await db.selectFrom('sm_import_run').select('id').where('status', '<>', 'staging')
    .where((eb) => eb.or(STAGE_TABLES.map((t) => eb.exists(eb.selectFrom(t).select('run_id').whereRef(`${t}.run_id`, '=', 'sm_import_run.id'))))).execute();
  for (const { id } of runs) {
    for (const t of STAGE_TABLES) {
      const top = await db.selectFrom(t).select((eb) => eb.fn.max('seq').as('m')).where('run_id', '=', Number(id)).executeTakeFirst();
      const max = Number(top?.m ?? 0);
      for (let from = 0; from <= max; from += PURGE_CHUNK) {
        await db.deleteFrom(t).where('run_id', '=', Number(id)).where('seq', '>', from).where('seq', '<=', from + PURGE_CHUNK).execute();
      }
    }
  }
}

/** Gives up a staging run: it is marked discarded (its rows are purged next). */
export async function discardRun(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('sm_import_run').set({ status: 'discarded', updated_at: at }).where('id', '=', id).execute();
}

/**
 * The switch: copies a staged run into the live tables — items and venues upserted by public id,
 * each staged venue's items replaced — and marks the run done. Call inside ONE transaction: the
 * public site, the search change log and every process's venue index see all of it or none.
 * `step` reports each of the four statements done.
 */
export async function switchRun(trx: Db, runId: number, at: string, step?: (done: number, total: number) => void): Promise<void> {
  const itemCols = ['public_id', ...ITEM_UPDATE_COLUMNS.filter((c) => c !== 'updated_at')] as const;
  await trx.insertInto('sm_item').columns([...itemCols, 'created_at', 'updated_at'])
    .expression((eb) => eb.selectFrom('sm_import_stage_item').select([...itemCols, eb.val(at).as('created_at'), eb.val(at).as('updated_at')]).where('run_id', '=', runId))
    .onConflict((oc) => oc.column('public_id').doUpdateSet((eb) => Object.fromEntries(ITEM_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
    .execute();
  step?.(1, 4);
  const venueCols = ['public_id', ...VENUE_UPDATE_COLUMNS.filter((c) => c !== 'updated_at')] as const;
  await trx.insertInto('sm_venue').columns([...venueCols, 'created_at', 'updated_at'])
    .expression((eb) => eb.selectFrom('sm_import_stage_venue').select([...venueCols, eb.val(at).as('created_at'), eb.val(at).as('updated_at')]).where('run_id', '=', runId))
    .onConflict((oc) => oc.column('public_id').doUpdateSet((eb) => Object.fromEntries(VENUE_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
    .execute();
  step?.(2, 4);
  await trx.deleteFrom('sm_venue_item').where('venue_id', 'in', trx.selectFrom('sm_venue').innerJoin('sm_import_stage_venue as s', 's.public_id', 'sm_venue.public_id')
    .select('sm_venue.id').where('s.run_id', '=', runId)).execute();
  step?.(3, 4);
  await trx.insertInto('sm_venue_item').columns(['venue_id', 'item_id'])
    .expression(trx.selectFrom('sm_import_stage_link as l')
      .innerJoin('sm_venue as v', 'v.public_id', 'l.venue_public_id')
      .innerJoin('sm_item as i', 'i.public_id', 'l.item_public_id')
      .select(['v.id as venue_id', 'i.id as item_id']).where('l.run_id', '=', runId))
    .execute();
  // Department counts change only at the venues this run touched: its own venues (their items were
  // replaced) and every venue offering one of its items (an item's department may have changed).
  // Recounting every venue instead held the write lock for minutes at province scale (3.8 M links),
  // and every server process's writes waited on it.
  const touched = await trx.selectFrom('sm_venue_item as vi')
    .innerJoin('sm_item as i', 'i.id', 'vi.item_id')
    .innerJoin('sm_import_stage_item as s', (j) => j.onRef('s.public_id', '=', 'i.public_id').on('s.run_id', '=', runId))
    .select('vi.venue_id')
    .union(trx.selectFrom('sm_venue as v').innerJoin('sm_import_stage_venue as sv', (j) => j.onRef('sv.public_id', '=', 'v.public_id').on('sv.run_id', '=', runId)).select('v.id as venue_id'))
    .execute();
  // (an import of most venues, e.g. a whole province's, recounts them all in one statement)
  const venues = Number((await trx.selectFrom('sm_venue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  await refreshVenueDepartments(trx, touched.length * 2 > venues ? 'all' : touched.map((t) => Number(t.venue_id)));
  await bumpVersion(trx);
  await trx.updateTable('sm_import_run').set({ status: 'done', updated_at: at }).where('id', '=', runId).execute();
  step?.(4, 4);
}

// ---------- life events ----------

export interface Stage { id: number; audience: Audience; position: number; slug: string; name: string; description: string; catalogueRefs: string[]; items: Item[] }

export async function listStages(db: Db, regionCode: string, audience: Audience): Promise<Stage[]> {
  const stages = await db.selectFrom('sm_life_event_stage').selectAll().where('region_code', '=', regionCode).where('audience', '=', audience).orderBy('position').execute();
  if (!stages.length) return [];
  const links = await db.selectFrom('sm_life_event_item').innerJoin('sm_item', 'sm_item.id', 'sm_life_event_item.item_id')
    .selectAll('sm_item').select(['sm_life_event_item.stage_id', 'sm_life_event_item.position'])
    .where('sm_life_event_item.stage_id', 'in', stages.map((s) => s.id)).orderBy('sm_life_event_item.position').execute();
  return stages.map((s) => ({
    id: Number(s.id), audience: s.audience as Audience, position: Number(s.position), slug: s.slug, name: s.name, description: s.description,
    catalogueRefs: JSON.parse(s.catalogue_refs) as string[],
    items: links.filter((l) => Number(l.stage_id) === Number(s.id)).map((l) => toItem(l)),
  }));
}

export async function regionsWithStages(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('sm_life_event_stage').select('region_code').distinct().orderBy('region_code').execute();
  return rows.map((r) => r.region_code);
}
