// Shell: plausible hourly queue history (qu_hourly rows) for the demo, the venue-page benchmark and
// the web tests — a weekday/hour pattern (a morning peak at 10:00, a smaller one at 14:00), busier
// Mondays and first days after long holidays, closed on holidays and weekends (open on 调休 working
// days), with deterministic noise from a seed. Not the replay test's generator (forecast.test.ts
// has its own), and nothing here is read by the model.
import type { Db } from '../../schema.ts';
import { addDays, dayOfWeek, type LocalDate } from '../../platform/clock/local-date.ts';
import { noteHistory } from './forecast.repository.ts';

type Kind = 'weekday' | 'holiday' | 'makeup_working_day';

export interface HistorySpec {
  venueId: number;
  from: LocalDate;
  /** Exclusive. */
  to: LocalDate;
  /** Numbers issued in the peak hour of an ordinary Tuesday. */
  level: number;
  seed: number;
  /** The calendar's classification of a day (appointments' dayKindOf). */
  kindOf: (date: LocalDate) => Kind;
}

const SHAPE: Record<number, number> = { 9: 0.8, 10: 1, 11: 0.75, 13: 0.4, 14: 0.85, 15: 0.7, 16: 0.5 };
const WEEKDAY = [0, 1.3, 1, 0.95, 1, 0.9, 0];

function noise(seed: number, a: number, b: number): number {
  let x = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(a + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(b + 0x27d4eb2f, 0x165667b1);
  x ^= x >>> 15; x = Math.imul(x, 0x2c1b3c6d); x ^= x >>> 12; x = Math.imul(x, 0x297a2d39); x ^= x >>> 15;
  return (x >>> 0) / 4294967296;
}

/** The rows of one venue (nothing on days off). */
export function historyRows(spec: HistorySpec): QuHourlyRow[] {
  const out: QuHourlyRow[] = [];
  let afterBreak = 0;
  let off = 0;
  for (let d = spec.from, i = 0; d < spec.to; d = addDays(d, 1), i++) {
    const kind = spec.kindOf(d);
    const wd = dayOfWeek(d);
    const open = kind === 'makeup_working_day' || (kind !== 'holiday' && wd >= 1 && wd <= 5);
    if (!open) { off++; continue; }
    afterBreak = off >= 3 ? 2 : Math.max(0, afterBreak - 1);
    off = 0;
    const day = (kind === 'makeup_working_day' ? 1.1 : WEEKDAY[wd]!) * (afterBreak === 2 ? 1.6 : afterBreak === 1 ? 1.25 : 1) * (0.85 + 0.3 * noise(spec.seed, i, 99));
    for (const [h, share] of Object.entries(SHAPE)) {
      const hour = Number(h);
      const issued = Math.max(1, Math.round(spec.level * share * day * (0.8 + 0.4 * noise(spec.seed, i, hour))));
      const wait = Math.max(2, Math.round(3 + 28 * (issued / (spec.level * 1.1)) ** 2));
      out.push({ venue_id: spec.venueId, day_on: d, hour, issued, called: issued, wait_sum_min: wait * issued, max_waiting: Math.round(issued * wait / 60) + 1 });
    }
  }
  return out;
}

export interface QuHourlyRow { venue_id: number; day_on: string; hour: number; issued: number; called: number; wait_sum_min: number; max_waiting: number }

/** Writes the rows of `spec` (replacing the venue's rows in the range). */
export async function seedHistory(db: Db, spec: HistorySpec): Promise<number> {
  const rows = historyRows(spec);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('qu_hourly').where('venue_id', '=', spec.venueId).where('day_on', '>=', spec.from).where('day_on', '<', spec.to).execute();
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('qu_hourly').values(rows.slice(i, i + 500)).execute();
    await noteHistory(trx, spec.venueId, true);
  });
  return rows.length;
}
