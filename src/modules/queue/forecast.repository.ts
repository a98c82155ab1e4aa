// Shell: reads a venue's hourly queue figures (qu_hourly, written by the queue events of queue.*) for
// the prediction. One range read on the primary key (venue_id, day_on, hour).
import type { Db } from '../../schema.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import type { HourlyRow } from './forecast.ts';

/** The rows of `venueId` from `from` (inclusive) to `before` (exclusive). */
export async function hourlyRows(db: Db, venueId: number, from: LocalDate, before: LocalDate): Promise<HourlyRow[]> {
  const rows = await db.selectFrom('qu_hourly').select(['day_on', 'hour', 'issued', 'called', 'wait_sum_min', 'max_waiting'])
    .where('venue_id', '=', venueId).where('day_on', '>=', from).where('day_on', '<', before).execute();
  return rows.map((r) => ({ dayOn: r.day_on, hour: Number(r.hour), issued: Number(r.issued), called: Number(r.called), waitSumMin: Number(r.wait_sum_min), maxWaiting: Number(r.max_waiting) }));
}

