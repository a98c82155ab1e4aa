// Pure: who may be marked 已到场 / 爽约 and when a mark can be taken back (issue 22 §1 "no-shows
// recorded"). No clock read here: `now` and `today` are passed in.
import { localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { defineEnum } from '../../platform/web/enums.ts';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from './vocabulary.ts';

/** What staff set: a mark, or `booked` to take a mark back. */
export type AttendanceTarget = 'attended' | 'no_show' | 'booked';

export interface AttendanceSubject { status: AppointmentStatus | string; dayOn: LocalDate; startAt: string; updatedAt: string }

export type AttendanceRefusal = 'future' | 'not_started' | 'not_booked' | 'already_booked' | 'undo_late';

/**
 * Whether `target` may be set now. A mark (attended / no_show) needs a booked appointment of today
 * or earlier; a no-show also needs its slot to have started. Undo (booked) needs a mark made today
 * (Asia/Shanghai), so a day's figures are settled once the day is over.
 */
export function attendanceRefusal(a: AttendanceSubject, target: AttendanceTarget, now: Date, today: LocalDate): AttendanceRefusal | null {
  if (target === 'booked') {
    if (a.status === 'booked') return 'already_booked';
    if (a.status !== 'attended' && a.status !== 'no_show') return 'not_booked';
    return localDateOf(new Date(a.updatedAt)) === today ? null : 'undo_late';
  }
  if (a.status !== 'booked') return 'not_booked';
  if (a.dayOn > today) return 'future';
  if (target === 'no_show' && a.startAt > now.toISOString()) return 'not_started';
  return null;
}

export interface DayCounts { booked: number; attended: number; no_show: number; cancelled: number; total: number }

/** The day's counts by status; `total` leaves cancelled bookings out. */
export function countByStatus(statuses: readonly string[]): DayCounts {
  const c: DayCounts = { booked: 0, attended: 0, no_show: 0, cancelled: 0, total: 0 };
  for (const s of statuses) {
    if (s === 'booked' || s === 'attended' || s === 'no_show' || s === 'cancelled') c[s]++;
    if (s !== 'cancelled') c.total++;
  }
  return c;
}

/** What staff may set (code or label, as APPOINTMENT_STATUSES): 已到场, 爽约, or 已预约 to undo a mark. */
export const ATTENDANCE_STATUSES = defineEnum<AttendanceTarget>(APPOINTMENT_STATUSES.values.filter((v) => v.code !== 'cancelled') as { code: AttendanceTarget; label: string }[]);
