// Shell: which service items are available in a region (issue 22 §5–7) — one rule for the life-event
// page, the 办事一本通 and the listing API: an item serves its own region and everything below it, so
// the items available in a village are those of the village, its township, county, city and
// province (region_code one of those five codes). Read in pages of `limit`, by name then public id.
import type { Db } from '../../schema.ts';
import { impliedParent } from '../../platform/geo/region-code.ts';

/** The 12-digit code and its ancestors, nearest first (440309001000 → itself, 440309, 4403, 44). */
export function regionAndAncestors(code12: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code12; c; c = impliedParent(c)) out.push(c);
  return out;
}

export interface AvailableItem {
  id: number;
  publicId: string;
  name: string;
  regionCode: string;
  level: string;
  department: string;
  channels: string[];
}

/** Items available in `regionCode` (12 digits), optionally only those of `itemIds`; ordered by name, public id. */
export async function itemsAvailableIn(db: Db, regionCode: string, opts: { itemIds?: readonly number[]; limit?: number } = {}): Promise<AvailableItem[]> {
  if (opts.itemIds && opts.itemIds.length === 0) return [];
  let q = db.selectFrom('sm_item').select(['id', 'public_id', 'name', 'region_code', 'level', 'department', 'channels'])
    .where('region_code', 'in', regionAndAncestors(regionCode));
  if (opts.itemIds) q = q.where('id', 'in', [...opts.itemIds]);
  const rows = await q.orderBy('name').orderBy('public_id').limit(opts.limit ?? 5000).execute();
  return rows.map((r) => ({ id: Number(r.id), publicId: r.public_id, name: r.name, regionCode: r.region_code, level: r.level, department: r.department, channels: r.channels ? r.channels.split(' ') : [] }));
}
