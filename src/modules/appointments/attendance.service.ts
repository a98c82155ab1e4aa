// Shell: the staff side of appointments at the venue (issue 22 §1 "no-shows recorded") — a venue's
// appointments of one day for its staff, and 已到场 / 爽约 / 撤销 as one conditional update each
// (status = the status read) with its audit entry in the same transaction: two clerks clicking at
// once give one change and one refusal. A mark never touches ap_slot_load: an attended or missed
// slot has passed, so a no-show gives no place back (and an undo takes none).
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { beijingTime, type LocalDate } from '../../platform/clock/local-date.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { likePrefix } from '../../platform/db/like.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { maskPhone } from '../../platform/log/mask.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import { platformView, type Db } from '../../schema.ts';
import { identityService, type Actor, type Role } from '../identity/index.ts';
import { APPOINTMENT_STATUSES, BOOKING_CHANNELS, type AppointmentStatus, type BookingChannel } from './vocabulary.ts';
import { attendanceRefusal, countByStatus, type AttendanceRefusal, type AttendanceTarget, type DayCounts } from './attendance.rules.ts';
import { attendanceStrings as s } from './attendance.strings.ts';

/** Any staff role at the venue's organisation (the counter's staff, as the window desk). */
export const ATTENDANCE_ROLES: readonly Role[] = ['admin', 'supervisor', 'editor', 'reviewer', 'case_handler'];

export interface StaffVenue { id: number; publicId: string; name: string; orgCode: string; orgPath: string }

const scopeOf = (db: Db, actor: Actor) => identityService.officeScopes(db, actor, ATTENDANCE_ROLES);
const within = (paths: readonly string[], path: string) => paths.some((p) => path.startsWith(p));

function venueQuery(db: Db) {
  return db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.id', 'sm_venue.public_id', 'sm_venue.name', 'sm_venue.org_code', 'organisation.path']);
}
const toVenue = (r: { id: number; public_id: string; name: string; org_code: string; path: string }): StaffVenue => ({ id: Number(r.id), publicId: r.public_id, name: r.name, orgCode: r.org_code, orgPath: r.path });

/** The venues whose organisation lies in the caller's scope, by name. */
export async function staffVenues(db: Db, actor: Actor): Promise<StaffVenue[]> {
  const paths = await scopeOf(db, actor);
  if (!paths.length) return [];
  const rows = await venueQuery(db)
    .where(sql<boolean>`(${sql.join(paths.map((p) => sql`organisation.path like ${likePrefix(p)} escape '\\'`), sql` or `)})`)
    .orderBy('sm_venue.name').limit(500).execute();
  return rows.map(toVenue);
}

export type VenueAccess = { ok: true; venue: StaffVenue } | { ok: false; status: 403 | 404 };

/** A venue by public id for the caller: unknown 404, another organisation's 403. */
export async function venueForStaff(db: Db, actor: Actor, publicId: string): Promise<VenueAccess> {
  if (!publicId || publicId.length > 64) return { ok: false, status: 404 };
  const r = await venueQuery(db).where('sm_venue.public_id', '=', publicId).executeTakeFirst();
  if (!r) return { ok: false, status: 404 };
  const venue = toVenue(r);
  return within(await scopeOf(db, actor), venue.orgPath) ? { ok: true, venue } : { ok: false, status: 403 };
}

export interface DayAppointment {
  reference: string;
  startAt: string;
  endAt: string;
  /** "09:00–09:30" (Asia/Shanghai). */
  time: string;
  item: { publicId: string; name: string } | null;
  name: string;
  /** The phone with its middle four digits hidden. */
  phone: string;
  status: AppointmentStatus;
  channel: string;
  dayOn: LocalDate;
  updatedAt: string;
}

const hhmm = (iso: string) => beijingTime(iso).slice(11, 16);
/** A name as shown where others may see it: the family name and 「*」 for the rest (张*、欧阳**). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? `${chars[0]}*` : '';
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.min(chars.length - keep, 3));
}

type Row = { public_id: string; start_at: string; end_at: string; day_on: string; name: string; phone: string; status: string; channel: string; updated_at: string; item_public_id: string | null; item_name: string | null };
function toAppointment(r: Row): DayAppointment {
  return {
    reference: r.public_id, startAt: r.start_at, endAt: r.end_at, time: `${hhmm(r.start_at)}–${hhmm(r.end_at)}`,
    item: r.item_public_id ? { publicId: r.item_public_id, name: r.item_name ?? '' } : null,
    name: r.name, phone: maskPhone(r.phone), status: r.status as AppointmentStatus, channel: r.channel, dayOn: r.day_on, updatedAt: r.updated_at,
  };
}
const selectRows = (db: Db) => db.selectFrom('ap_appointment').leftJoin('sm_item', 'sm_item.id', 'ap_appointment.item_id')
  .select(['ap_appointment.public_id', 'ap_appointment.start_at', 'ap_appointment.end_at', 'ap_appointment.day_on', 'ap_appointment.name', 'ap_appointment.phone',
    'ap_appointment.status', 'ap_appointment.channel', 'ap_appointment.updated_at', 'sm_item.public_id as item_public_id', 'sm_item.name as item_name']);

/** A venue's appointments of one day (cancelled ones included, last), by start and reference. */
export async function dayAppointments(db: Db, venueId: number, day: LocalDate): Promise<{ rows: DayAppointment[]; counts: DayCounts }> {
  const rows = (await selectRows(db).where('ap_appointment.venue_id', '=', venueId).where('ap_appointment.day_on', '=', day)
    .orderBy('ap_appointment.start_at').orderBy('ap_appointment.public_id').limit(2000).execute()).map(toAppointment);
  const live = rows.filter((r) => r.status !== 'cancelled');
  return { rows: [...live, ...rows.filter((r) => r.status === 'cancelled')], counts: countByStatus(rows.map((r) => r.status)) };
}

/** The day's list as CSV (phones masked; formula-safe cells). */
export function dayCsv(rows: readonly DayAppointment[]): string {
  return toCsv([
    s.csv.header,
    ...rows.map((r) => [r.dayOn, r.time, r.reference, r.item?.name ?? s.table.anyItem, r.name, r.phone,
      labelOf(APPOINTMENT_STATUSES, r.status), BOOKING_CHANNELS.values.some((c) => c.code === r.channel) ? labelOf(BOOKING_CHANNELS, r.channel as BookingChannel) : r.channel]),
  ]);
}

export const REFUSAL_MESSAGES: Record<AttendanceRefusal, (status: AppointmentStatus) => string> = {
  future: () => s.errors.future,
  not_started: () => s.errors.notStarted,
  not_booked: (st) => s.errors.notBooked(labelOf(APPOINTMENT_STATUSES, st)),
  already_booked: () => s.errors.alreadyBooked,
  undo_late: () => s.errors.undoLate,
};

export type MarkResult =
  | { ok: true; appointment: DayAppointment; venue: StaffVenue; before: AppointmentStatus }
  | { ok: false; status: 403 | 404; message: string }
  | { ok: false; status: 409; code: AttendanceRefusal | 'concurrent_update'; message: string; reasons: string[]; venue: StaffVenue };

/**
 * Sets `target` on the appointment `reference` for the caller: unknown 404, another organisation's
 * 403, a refused change 409 with its reason. The update is conditional on the status read, so of
 * two clerks clicking at once one changes it and the other is told it was changed.
 */
export async function markAttendance(deps: { db: Db; clock: Clock }, who: { actor: Actor; requestId?: string }, reference: string, target: AttendanceTarget): Promise<MarkResult> {
  const { db, clock } = deps;
  if (!reference || reference.length > 64) return { ok: false, status: 404, message: s.errors.notFound };
  const row = await db.selectFrom('ap_appointment').select(['id', 'venue_id']).where('public_id', '=', reference).executeTakeFirst();
  if (!row) return { ok: false, status: 404, message: s.errors.notFound };
  const v = await venueQuery(db).where('sm_venue.id', '=', row.venue_id).executeTakeFirstOrThrow();
  const venue = toVenue(v);
  if (!within(await scopeOf(db, who.actor), venue.orgPath)) return { ok: false, status: 403, message: s.errors.forbidden };
  const now = clock.now();
  const nowIso = now.toISOString();
  return inTransaction(db, async (trx) => {
    const current = toAppointment((await selectRows(trx).where('ap_appointment.id', '=', row.id).executeTakeFirstOrThrow()) as Row);
    const refusal = attendanceRefusal(current, target, now, clock.today());
    if (refusal) {
      const message = REFUSAL_MESSAGES[refusal](current.status);
      return { ok: false, status: 409, code: refusal, message, reasons: [message], venue };
    }
    // conditional on the status read: a second click at the same moment changes nothing
    const r = await trx.updateTable('ap_appointment').set({ status: target, updated_at: nowIso })
      .where('id', '=', row.id).where('status', '=', current.status).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const latest = await trx.selectFrom('ap_appointment').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
      const message = latest.status === target ? s.errors.notBooked(labelOf(APPOINTMENT_STATUSES, latest.status as AppointmentStatus)) : s.errors.changed;
      return { ok: false, status: 409, code: 'concurrent_update', message, reasons: [message], venue };
    }
    await recordAudit(platformView(trx), now, {
      ...auditActor(who as Performer), action: target === 'booked' ? s.audit.undo : s.audit.mark, entity: 'ap_appointment', entityId: reference, orgCode: venue.orgCode,
      before: { status: current.status }, after: { status: target },
    });
    return { ok: true, appointment: { ...current, status: target, updatedAt: nowIso }, venue, before: current.status };
  });
}
