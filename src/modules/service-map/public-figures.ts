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
