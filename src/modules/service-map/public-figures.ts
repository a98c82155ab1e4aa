// Shell: the figures of the public 政务服务 section and the 数据开放 catalogue — how many service
// venues there are (by type) and how many service items: counts over the primary keys and the
// small venue table.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';

export interface ServiceFigures { items: number; venues: number; venuesByType: { type: string; count: number }[] }

export async function serviceFigures(db: Db): Promise<ServiceFigures> {
  const [items, byType] = await Promise.all([
    db.selectFrom('sm_item').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('sm_venue').select(['type', sql<number>`count(*)`.as('n')]).groupBy('type').orderBy('type').execute(),
  ]);
  const venuesByType = byType.map((r) => ({ type: r.type, count: Number(r.n) }));
  return { items: Number(items.n), venues: venuesByType.reduce((s, r) => s + r.count, 0), venuesByType };
}

export interface VenueServiceFigures { items: number; online: number }

/** The service items handled at one venue (sm_venue_item) and how many of them can be done online (the hall display). */
export async function venueServiceFigures(db: Db, venueId: number): Promise<VenueServiceFigures> {
  const r = await db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id').where('sm_venue_item.venue_id', '=', venueId)
    .select([sql<number>`count(*)`.as('n'), sql<number>`sum(case when sm_item.online_url is not null or sm_item.mobile_url is not null then 1 else 0 end)`.as('online')]).executeTakeFirstOrThrow();
  return { items: Number(r.n), online: Number(r.online ?? 0) };
}
