// Kiosk usage per venue, day and kind (kiosk_usage): one counter row upserted per use, so the
// zone's staff see how their kiosk is used without any log of what a person looked at.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import { KIOSK_USAGE_KINDS, type KioskUsageKind } from './vocabulary.ts';

export async function countKioskUse(db: Db, venuePublicId: string, kind: KioskUsageKind, on: LocalDate): Promise<void> {
  await db.insertInto('kiosk_usage').values({ venue_public_id: venuePublicId, used_on: on, kind, count: 1 })
    .onConflict((oc) => oc.columns(['venue_public_id', 'used_on', 'kind']).doUpdateSet({ count: sql<number>`kiosk_usage.count + 1` }))
    .execute();
}

/** Uses per kind of the given venues between two days (inclusive); every kind present, 0 when unused. */
export async function kioskUsageTotals(db: Db, venuePublicIds: readonly string[], from: LocalDate, to: LocalDate): Promise<Record<KioskUsageKind, number>> {
  const out = Object.fromEntries(KIOSK_USAGE_KINDS.values.map((v) => [v.code, 0])) as Record<KioskUsageKind, number>;
  if (venuePublicIds.length === 0) return out;
  const rows = await db.selectFrom('kiosk_usage').select(['kind', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('venue_public_id', 'in', [...venuePublicIds]).where('used_on', '>=', from).where('used_on', '<=', to)
    .groupBy('kind').execute();
  for (const r of rows) if (r.kind in out) out[r.kind as KioskUsageKind] = Number(r.n);
  return out;
}
