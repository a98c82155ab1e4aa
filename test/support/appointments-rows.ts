// Appointments and queue tickets inserted directly (tests of the staff side, desk, kiosk and hall
// display, written before the booking and queue parts land). Returns the public ids.
import type { Db } from '../../src/schema.ts';

let serial = 0;
/** One appointment of `venueId` starting at `start` (ISO instant), 30 minutes long. */
export async function insertAppointment(db: Db, o: { venueId: number; itemId?: number | null; start: string; status?: string; name?: string; phone?: string; updatedAt?: string }): Promise<string> {
  const reference = `YYT${Date.now().toString(36).slice(-5)}${++serial}`.toUpperCase();
  const end = new Date(Date.parse(o.start) + 30 * 60_000).toISOString();
  const dayOn = new Date(Date.parse(o.start) + 8 * 3_600_000).toISOString().slice(0, 10);
  const at = o.updatedAt ?? '2026-02-20T02:00:00.000Z';
  await db.insertInto('ap_appointment').values({
    public_id: reference, venue_id: o.venueId, item_id: o.itemId ?? null, item_key: o.itemId ?? 0, start_at: o.start, end_at: end, day_on: dayOn,
    name: o.name ?? '王小明', phone: o.phone ?? '13812345678', person_key: `p:test${serial}`, account_id: null, code_hash: 'x', status: o.status ?? 'booked',
    channel: 'web', rescheduled_from: null, reminded_at: null, created_at: at, updated_at: at,
  }).execute();
  return reference;
}

/** A queue ticket of one day (status waiting unless said; called_at for called ones). */
export async function insertTicket(db: Db, o: { venueId: number; group: string; dayOn: string; number: string; status?: string; issuedAt: string; calledAt?: string | null }): Promise<void> {
  await db.insertInto('qu_ticket').values({
    public_id: `QT${++serial}${o.number}${o.dayOn.replace(/-/g, '')}`, venue_id: o.venueId, group_code: o.group, day_on: o.dayOn, number: o.number, source: 'hall', account_id: null,
    status: o.status ?? 'waiting', issued_at: o.issuedAt, called_at: o.calledAt ?? null, finished_at: null,
  }).execute();
}
