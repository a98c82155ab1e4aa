// Shell: what the 办事一本通 (handbook module, issue 22 §6) reads of the service map in bulk — full
// items by id (with their guides) and the venues offering them within a set of regions.
import type { Db } from '../../schema.ts';
import { toItem, type Item } from './service-map.repository.ts';

const CHUNK = 500;

/** Full items of `ids`, in no particular order (read in chunks of 500). */
export async function findItemsByIds(db: Db, ids: readonly number[]): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('sm_item').selectAll().where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    out.push(...rows.map(toItem));
  }
  return out;
}

export interface OfferingVenue { itemId: number; publicId: string; name: string; address: string; phone: string; hoursJson: string; is24h: boolean; regionCode: string }

/** The venues in `regionCodes` offering any of `itemIds`, one row per (item, venue), by venue name. */
export async function venuesOfferingItems(db: Db, itemIds: readonly number[], regionCodes: readonly string[]): Promise<OfferingVenue[]> {
  const out: OfferingVenue[] = [];
  if (!regionCodes.length) return out;
  for (let i = 0; i < itemIds.length; i += CHUNK) {
    const rows = await db.selectFrom('sm_venue_item').innerJoin('sm_venue', 'sm_venue.id', 'sm_venue_item.venue_id')
      .select(['sm_venue_item.item_id', 'sm_venue.public_id', 'sm_venue.name', 'sm_venue.address', 'sm_venue.phone', 'sm_venue.hours_json', 'sm_venue.is_24h', 'sm_venue.region_code'])
      .where('sm_venue_item.item_id', 'in', itemIds.slice(i, i + CHUNK)).where('sm_venue.region_code', 'in', [...regionCodes])
      .orderBy('sm_venue.name').orderBy('sm_venue.public_id').execute();
    out.push(...rows.map((r) => ({ itemId: Number(r.item_id), publicId: r.public_id, name: r.name, address: r.address, phone: r.phone, hoursJson: r.hours_json, is24h: Number(r.is_24h) === 1, regionCode: r.region_code })));
  }
  return out;
}
