// Booking reads a person's own appointments on every request (no-show rule, active bookings, the
// same slot twice) and /me finds earlier bookings by the verified phone: index both.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('ap_appointment_person_idx').on('ap_appointment').columns(['person_key', 'start_at']).execute();
  await db.schema.createIndex('ap_appointment_phone_idx').on('ap_appointment').column('phone').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ap_appointment_phone_idx').execute();
  await db.schema.dropIndex('ap_appointment_person_idx').execute();
}
