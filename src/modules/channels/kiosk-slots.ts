// Shell: the next free appointment slots of a venue, as the kiosk and the window desk show them
// (issue 22 §1) — read through the appointments module's one reader (nextFreeSlots), the first few with
// a place left, each with the booking page (A1: /services/venues/{venue}/book?item=&start=).
import type { Clock } from '../../platform/clock/clock.ts';
import { beijingTime, formatWithWeekday } from '../../platform/clock/local-date.ts';
import type { Db } from '../../schema.ts';
import { APPOINTMENT_LIMITS, nextFreeSlots as nextFreeSlotsOf } from '../appointments/index.ts';

export interface NextSlot {
  /** ISO instant. */
  start: string;
  dayOn: string;
  /** 「2026-03-02（周一）」 */
  day: string;
  /** 「14:00–14:30」 (Asia/Shanghai) */
  time: string;
  free: number;
  /** The booking page of this slot. */
  bookHref: string;
}

const hhmm = (iso: string) => beijingTime(iso).slice(11, 16);
export const bookingHref = (venue: string, item: string | null, start: string) =>
  `/services/venues/${encodeURIComponent(venue)}/book?${item ? `item=${encodeURIComponent(item)}&` : ''}start=${encodeURIComponent(start)}`;

/**
 * The first `limit` slots with a place left from now to the booking horizon: of one item (its own
 * rules and the venue-wide ones) or, without an item, of every rule of the venue — the appointments
 * module's `nextFreeSlots`, shaped for the kiosk and the desk.
 */
export async function nextFreeSlots(db: Db, clock: Clock, venue: { id: number; publicId: string }, item: { id: number; publicId: string } | null, limit: number = APPOINTMENT_LIMITS.nextShown): Promise<NextSlot[]> {
  const open = await nextFreeSlotsOf(db, { venueId: venue.id, itemId: item?.id ?? null, now: clock.now(), limit });
  return open.map((x) => ({
    start: x.start, dayOn: x.dayOn, day: formatWithWeekday(x.dayOn), time: `${hhmm(x.start)}–${hhmm(x.end)}`, free: x.free,
    // a venue-wide list: a slot of one item's rule books that item
    bookHref: bookingHref(venue.publicId, x.itemPublicId ?? item?.publicId ?? null, x.start),
  }));
}

/** Whether the venue takes appointments at all (has a slot rule): else no 可预约时段 block is shown. */
export async function takesAppointments(db: Db, venueId: number): Promise<boolean> {
  return (await db.selectFrom('ap_slot_rule').select('id').where('venue_id', '=', venueId).limit(1).executeTakeFirst()) !== undefined;
}
