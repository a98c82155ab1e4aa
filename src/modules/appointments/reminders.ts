// The reminder the day before (issue 22 §1): every hour from 09:00 to 21:00 Beijing time, the bookings of tomorrow (local day) not
// yet reminded get one SMS through the outbox. Each booking is claimed by a conditional update of
// reminded_at (still null → now) in the same transaction as its SMS, so two processes (or two
// overlapping runs) never send one reminder twice.
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, localDateOf } from '../../platform/clock/local-date.ts';
import { inTransaction } from '../../platform/db/db.ts';
import type { Db } from '../../schema.ts';
import { enqueueNotifications } from '../interaction/index.ts';
import type { AppointmentDeps } from './deps.ts';
import { whenOf } from './booking.service.ts';
import { APPOINTMENT_LIMITS } from './vocabulary.ts';
import { bookingStrings as s } from './booking.strings.ts';

export const REMINDER_JOB = 'appointments.remind-day-before';

/** Queues the reminders of tomorrow's bookings; returns how many this run claimed. */
export async function sendReminders(db: Db, clock: Clock, batch = 500): Promise<number> {
  const now = clock.now();
  // Only in the day (Beijing time): the first run after 00:00 must not text tomorrow's people at night, 33 hours early.
  const hour = new Date(now.getTime() + 8 * 3_600_000).getUTCHours();
  if (hour < APPOINTMENT_LIMITS.reminderFromHour || hour >= APPOINTMENT_LIMITS.reminderUntilHour) return 0;
  const tomorrow = addDays(localDateOf(now), 1);
  let sent = 0;
  for (;;) {
    const due = await db.selectFrom('ap_appointment').innerJoin('sm_venue', 'sm_venue.id', 'ap_appointment.venue_id')
      .select(['ap_appointment.id', 'ap_appointment.public_id', 'ap_appointment.phone', 'ap_appointment.day_on', 'ap_appointment.start_at', 'ap_appointment.end_at', 'sm_venue.name as venue', 'sm_venue.address'])
      .where('ap_appointment.day_on', '=', tomorrow).where('ap_appointment.status', '=', 'booked').where('ap_appointment.reminded_at', 'is', null)
      .orderBy('ap_appointment.id').limit(batch).execute();
    if (!due.length) return sent;
    for (const a of due) {
      const claimed = await inTransaction(db, async (trx) => {
        const r = await trx.updateTable('ap_appointment').set({ reminded_at: now.toISOString() }).where('id', '=', a.id).where('reminded_at', 'is', null).where('status', '=', 'booked').executeTakeFirst();
        if (Number(r.numUpdatedRows ?? 0) !== 1) return false;
        await enqueueNotifications(trx, [{ channel: 'sms', recipient: a.phone, subject: s.sms.subject, body: s.sms.reminder(a.venue, whenOf(a), a.public_id, a.address), reason: 'appointment_reminder' }], now);
        return true;
      });
      if (claimed) sent++;
    }
    if (due.length < batch) return sent;
  }
}

export function appointmentJobs(deps: AppointmentDeps): JobDefinition[] {
  return [{ name: REMINDER_JOB, everyMs: 3_600_000, run: () => sendReminders(deps.db, deps.clock) }];
}
