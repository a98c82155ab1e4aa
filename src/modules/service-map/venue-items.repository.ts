// Shell: the items offered at a venue, for the venue page and its item list (issue 22, 安徽 scale).
// A county service centre offers ~16,000 items: the page never loads them all. It shows the count
// and the departments with their counts (stored per venue in sm_venue_department by the writes of
// the venue's items; kept per process until the service map's data version changes), and the
// first items of the list;
// /services/venues/{id}/items pages through the rest in keyset order over the
// (venue_id, item_id) primary key — never OFFSET, never a sort of the whole set.
import type { Db } from '../../schema.ts';
import { readVersion } from './service-map.repository.ts';
import { Lru } from '../../platform/cache/lru.ts';

export interface VenueItemRef { id: number; publicId: string; name: string; department: string; implementingBody: string }
export interface DepartmentCount { department: string; count: number }
export interface VenueItemSummary { total: number; departments: DepartmentCount[] }

/** Up to this many items the venue page lists them all (sorted by name); above, it groups by department. */
export const VENUE_PAGE_ALL_MAX = 30;
/** How many items the venue page shows before "查看全部" when it groups them. */
export const VENUE_PAGE_FIRST = 20;
/** Items per page of /services/venues/{id}/items. */
export const VENUE_ITEMS_PAGE = 50;
/** Departments listed on the venue page (the rest are counted together). */
export const VENUE_PAGE_DEPARTMENTS = 40;

const VERSION_CHECK_MS = 1000;
const CACHE_SIZE = 5000;
/** Venue pages whose item section is kept (each up to VENUE_PAGE_ALL_MAX + 1 items: ~7 KB). */
const SECTION_CACHE_SIZE = 2000;

/** The venue page's items: all of them (≤ VENUE_PAGE_ALL_MAX, by name), else the first VENUE_PAGE_FIRST and the departments. */
export interface VenueItemsFirst { total: number; departments: DepartmentCount[] | null; items: VenueItemRef[] }

/**
 * The count and the departments of a venue's items, and the venue page's first items, kept per
 * process per venue until the service map's data version changes (every import and item write
 * bumps it; checked at most once a second): a warm venue page reads none of its items.
 */
export class VenueItemSummaries {
  private version = -1;
  private checkedAt = 0;
  private cache = new Lru<number, VenueItemSummary>(CACHE_SIZE);
  private sections = new Lru<number, VenueItemsFirst>(SECTION_CACHE_SIZE);

  constructor(private db: Db) {}

  private async checkVersion(): Promise<void> {
    const now = Date.now();
    if (now - this.checkedAt < VERSION_CHECK_MS) return;
    const v = await readVersion(this.db);
    this.checkedAt = now;
    if (v !== this.version) { this.version = v; this.cache.clear(); this.sections.clear(); }
  }

  async get(venueId: number): Promise<VenueItemSummary> {
    await this.checkVersion();
    const hit = this.cache.get(venueId);
    if (hit) return hit;
    const value = await storedItemSummary(this.db, venueId) ?? await venueItemSummary(this.db, venueId);
    this.cache.set(venueId, value);
    return value;
  }

  /** The venue page's item section (one read of at most VENUE_PAGE_ALL_MAX + 1 rows when not kept). */
  async first(venueId: number): Promise<VenueItemsFirst> {
    await this.checkVersion();
    const hit = this.sections.get(venueId);
    if (hit) return hit;
    const summary = await this.get(venueId);
    let value: VenueItemsFirst;
    if (summary.total <= VENUE_PAGE_ALL_MAX) {
      const page = await venueItemsPage(this.db, venueId, { afterPublicId: null, department: null, limit: VENUE_PAGE_ALL_MAX });
      const items = (page?.items ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      value = { total: summary.total, departments: null, items };
    } else {
      const page = await venueItemsPage(this.db, venueId, { afterPublicId: null, department: null, limit: VENUE_PAGE_FIRST });
      value = { total: summary.total, departments: summary.departments, items: page?.items ?? [] };
    }
    this.sections.set(venueId, value);
    return value;
  }

  /** Forgets everything (tests, or a write in this process that must show at once). */
  clear(): void { this.cache.clear(); this.sections.clear(); this.checkedAt = 0; }
}

const byCount = (a: DepartmentCount, b: DepartmentCount) => b.count - a.count || (a.department < b.department ? -1 : a.department > b.department ? 1 : 0);

/**
 * The stored counts (sm_venue_department, kept by every write of the venue's items): a read of a
 * few rows instead of counting a county centre's ~16,000 items. Null when none are stored (a venue
 * without items, or one written before the table existed): the caller counts.
 */
export async function storedItemSummary(db: Db, venueId: number): Promise<VenueItemSummary | null> {
  const rows = await db.selectFrom('sm_venue_department').select(['department', 'item_count']).where('venue_id', '=', venueId).execute();
  if (!rows.length) return null;
  const departments = rows.map((r) => ({ department: r.department, count: Number(r.item_count) })).sort(byCount);
  return { total: departments.reduce((n, d) => n + d.count, 0), departments };
}

/** The number of items and their departments (most items first), read over the venue's primary-key range. */
export async function venueItemSummary(db: Db, venueId: number): Promise<VenueItemSummary> {
  const rows = await db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id')
    .select(['sm_item.department', db.fn.countAll<number>().as('n')])
    .where('sm_venue_item.venue_id', '=', venueId).groupBy('sm_item.department').execute();
  const departments = rows.map((r) => ({ department: r.department, count: Number(r.n) })).sort(byCount);
  return { total: departments.reduce((n, d) => n + d.count, 0), departments };
}

/**
 * One page of a venue's items in primary-key order, after the item `afterPublicId` (null: from the
 * start), optionally of one department. Returns `limit` items and whether more follow.
 */
export async function venueItemsPage(db: Db, venueId: number, q: { afterPublicId: string | null; department: string | null; limit: number }): Promise<{ items: VenueItemRef[]; more: boolean } | null> {
  let after = 0;
  if (q.afterPublicId !== null) {
    const r = await db.selectFrom('sm_item').select('id').where('public_id', '=', q.afterPublicId).executeTakeFirst();
    if (!r) return null;
    after = Number(r.id);
  }
  let query = db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id')
    .select(['sm_item.id', 'sm_item.public_id', 'sm_item.name', 'sm_item.department', 'sm_item.implementing_body'])
    .where('sm_venue_item.venue_id', '=', venueId).where('sm_venue_item.item_id', '>', after);
  if (q.department !== null) query = query.where('sm_item.department', '=', q.department);
  const rows = await query.orderBy('sm_venue_item.item_id').limit(q.limit + 1).execute();
  return {
    items: rows.slice(0, q.limit).map((r) => ({ id: Number(r.id), publicId: r.public_id, name: r.name, department: r.department, implementingBody: r.implementing_body })),
    more: rows.length > q.limit,
  };
}
