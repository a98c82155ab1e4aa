// Shell: listing the map's data (issue 22 §7). Venues and items in the stable order (region_code,
// public_id) with keyset paging — each page is one range scan of the composite index of migration
// 0041 — and the public totals per region, kept in sm_region_total: refreshed after every import's
// switch (import.service.ts) and on demand when the table is empty, never counted per request.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { regionAndAncestors } from './availability.repository.ts';
import { subtreeRange, type Cursor } from './listing-query.ts';
import { CHANNELS } from './service-map.ts';

export interface VenueListFilter { prefix: string | null; types: readonly string[] | null; itemId: number | null; cursor: Cursor | null; limit: number }
export interface ItemListFilter { prefix: string | null; availableIn: string | null; types: readonly string[] | null; channel: string | null; cursor: Cursor | null; limit: number }

/** One page of venues (limit + 1 read to know whether there is a next page). */
export async function listVenues(db: Db, f: VenueListFilter) {
  let q = db.selectFrom('sm_venue').select(['id', 'public_id', 'name', 'type', 'level', 'region_code', 'address', 'lat', 'lng', 'is_24h', 'phone']);
  if (f.prefix) { const [lo, hi] = subtreeRange(f.prefix); q = q.where('region_code', '>=', lo).where('region_code', '<=', hi); }
  if (f.types) q = q.where('type', 'in', [...f.types]);
  if (f.itemId !== null) q = q.where('id', 'in', db.selectFrom('sm_venue_item').select('venue_id').where('item_id', '=', f.itemId));
  if (f.cursor) q = q.where(sql<boolean>`(region_code, public_id) > (${f.cursor.region}, ${f.cursor.id})`);
  const rows = await q.orderBy('region_code').orderBy('public_id').limit(f.limit + 1).execute();
  return page(rows, f.limit);
}

/** One page of items, without their guides. */
export async function listItems(db: Db, f: ItemListFilter) {
  let q = db.selectFrom('sm_item').select(['id', 'public_id', 'name', 'basic_code', 'implementing_code', 'type', 'department', 'implementing_body', 'region_code', 'level', 'keywords', 'online_url', 'mobile_url', 'channels', 'legal_limit', 'legal_unit', 'promised_limit', 'promised_unit', 'visits']);
  if (f.prefix) { const [lo, hi] = subtreeRange(f.prefix); q = q.where('region_code', '>=', lo).where('region_code', '<=', hi); }
  if (f.availableIn) q = q.where('region_code', 'in', regionAndAncestors(f.availableIn));
  if (f.types) q = q.where('type', 'in', [...f.types]);
  // channels is the codes joined by spaces ("window online express").
  if (f.channel) q = q.where(sql<boolean>`(' ' || channels || ' ') like ${`% ${f.channel} %`}`);
  if (f.cursor) q = q.where(sql<boolean>`(region_code, public_id) > (${f.cursor.region}, ${f.cursor.id})`);
  const rows = await q.orderBy('region_code').orderBy('public_id').limit(f.limit + 1).execute();
  return page(rows, f.limit);
}

function page<T extends { region_code: string; public_id: string }>(rows: T[], limit: number): { rows: T[]; next: Cursor | null } {
  if (rows.length <= limit) return { rows, next: null };
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1] as T;
  return { rows: shown, next: { region: last.region_code, id: last.public_id } };
}

// ---------- totals ----------

/** The prefixes a 12-digit code counts under: '' (all), 2, 4, 6, 9 and 12 digits. */
function prefixesOf(code: string): string[] {
  const out = [''];
  for (const k of [2, 4, 6, 9, 12]) if (code.length >= k) out.push(code.slice(0, k));
  return out;
}

/**
 * Recomputes every region's totals from two grouped scans (items by region and channel set, venues
 * by region and type), summed up the region tree here, and replaces the table in one transaction.
 */
export async function refreshTotals(db: Db): Promise<{ rows: number; ms: number }> {
  const t0 = Date.now();
  const [items, venues] = await Promise.all([
    db.selectFrom('sm_item').select(['region_code', 'channels', sql<number>`count(*)`.as('n')]).groupBy(['region_code', 'channels']).execute(),
    db.selectFrom('sm_venue').select(['region_code', 'type', sql<number>`count(*)`.as('n')]).groupBy(['region_code', 'type']).execute(),
  ]);
  const totals = new Map<string, Map<string, number>>();
  const add = (prefix: string, metric: string, n: number) => {
    let m = totals.get(prefix);
    if (!m) { m = new Map(); totals.set(prefix, m); }
    m.set(metric, (m.get(metric) ?? 0) + n);
  };
  for (const r of items) {
    const n = Number(r.n);
    const chans = [...new Set(r.channels ? r.channels.split(' ') : [])];
    for (const p of prefixesOf(r.region_code)) {
      add(p, 'items', n);
      for (const c of chans) add(p, `channel:${c}`, n);
    }
  }
  for (const r of venues) {
    const n = Number(r.n);
    for (const p of prefixesOf(r.region_code)) {
      add(p, 'venues', n);
      if (r.type === 'terminal') add(p, 'terminals', n);
    }
  }
  add('', 'computed', 1);
  const rows = [...totals].flatMap(([region_prefix, m]) => [...m].map(([metric, n]) => ({ region_prefix, metric, n })));
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('sm_region_total').execute();
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('sm_region_total').values(rows.slice(i, i + 500)).execute();
  });
  return { rows: rows.length, ms: Date.now() - t0 };
}

export interface RegionTotals { venues: number; terminals: number; items: number; byChannel: { code: string; label: string; items: number }[] }

/** The totals of a region prefix ('' = all); computes the table first when it has never been filled. */
export async function regionTotals(db: Db, prefix: string): Promise<RegionTotals> {
  const computed = await db.selectFrom('sm_region_total').select('n').where('region_prefix', '=', '').where('metric', '=', 'computed').executeTakeFirst();
  if (!computed) await refreshTotals(db);
  const rows = await db.selectFrom('sm_region_total').select(['metric', 'n']).where('region_prefix', '=', prefix).execute();
  const m = new Map(rows.map((r) => [r.metric, Number(r.n)]));
  return {
    venues: m.get('venues') ?? 0, terminals: m.get('terminals') ?? 0, items: m.get('items') ?? 0,
    byChannel: CHANNELS.values.map((c) => ({ code: c.code, label: c.label, items: m.get(`channel:${c.code}`) ?? 0 })),
  };
}
