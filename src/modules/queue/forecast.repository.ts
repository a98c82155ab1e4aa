// Shell: reads a venue's hourly queue figures (qu_hourly, written by the queue events of queue.*) for
// the prediction. One range read on the primary key (venue_id, day_on, hour).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import type { HourlyRow } from './forecast.ts';

/** The rows of `venueId` from `from` (inclusive) to `before` (exclusive). */
export async function hourlyRows(db: Db, venueId: number, from: LocalDate, before: LocalDate): Promise<HourlyRow[]> {
  const rows = await db.selectFrom('qu_hourly').select(['day_on', 'hour', 'issued', 'called', 'wait_sum_min', 'max_waiting'])
    .where('venue_id', '=', venueId).where('day_on', '>=', from).where('day_on', '<', before).execute();
  return rows.map((r) => ({ dayOn: r.day_on, hour: Number(r.hour), issued: Number(r.issued), called: Number(r.called), waitSumMin: Number(r.wait_sum_min), maxWaiting: Number(r.max_waiting) }));
}


/** Whether the venue has any row in [from, before) (one probe of the primary key). */
export async function hasHourly(db: Db, venueId: number, from: LocalDate, before: LocalDate): Promise<boolean> {
  const r = await db.selectFrom('qu_hourly').select('venue_id').where('venue_id', '=', venueId).where('day_on', '>=', from).where('day_on', '<', before).limit(1).executeTakeFirst();
  return r !== undefined;
}

export interface StoredForecast { version: number; computedVersion: number; basis: string | null; body: string | null }

/** The stored forecast row of a venue (qu_forecast, migration 0049), undefined when the venue has none. */
export async function storedForecast(db: Db, venueId: number): Promise<StoredForecast | undefined> {
  const r = await db.selectFrom('qu_forecast').select(['version', 'computed_version', 'basis', 'body']).where('venue_id', '=', venueId).executeTakeFirst();
  return r && { version: Number(r.version), computedVersion: Number(r.computed_version), basis: r.basis, body: r.body };
}

/**
 * Notes that the venue has queue history (its forecast row exists) and, when `changedBefore` (rows
 * of a day before today were written), that its stored forecast is out of date. Call inside the
 * transaction that writes qu_hourly.
 */
export async function noteHistory(db: Db, venueId: number, changedBefore: boolean): Promise<void> {
  if (changedBefore) {
    await db.insertInto('qu_forecast').values({ venue_id: venueId })
      .onConflict((oc) => oc.column('venue_id').doUpdateSet({ version: sql`qu_forecast.version + 1` })).execute();
  } else {
    await db.insertInto('qu_forecast').values({ venue_id: venueId }).onConflict((oc) => oc.column('venue_id').doNothing()).execute();
  }
}

/** Venues whose stored forecast is missing or out of date for `basis`, with the version to compute. */
export async function staleForecasts(db: Db, basis: string, limit: number): Promise<{ venueId: number; version: number }[]> {
  const rows = await db.selectFrom('qu_forecast').select(['venue_id', 'version'])
    .where((eb) => eb.or([eb('basis', 'is', null), eb('basis', '<>', basis), eb('computed_version', '<>', eb.ref('version'))]))
    .orderBy('venue_id').limit(limit).execute();
  return rows.map((r) => ({ venueId: Number(r.venue_id), version: Number(r.version) }));
}

/** Stores a forecast computed from `version` (a later version bump keeps the row stale). */
export async function storeForecast(db: Db, venueId: number, version: number, basis: string, body: string, at: string): Promise<void> {
  await db.updateTable('qu_forecast').set({ computed_version: version, basis, body, computed_at: at }).where('venue_id', '=', venueId).execute();
}
