// Pure: the appointments' vocabulary and limits (issue 22 §1, §8).
import { defineEnum } from '../../platform/web/enums.ts';
import { WEEKDAYS } from './slots.ts';

export const APPOINTMENT_STATUSES = defineEnum([
  { code: 'booked', label: '已预约' },
  { code: 'cancelled', label: '已取消' },
  { code: 'attended', label: '已到场' },
  { code: 'no_show', label: '未到场（爽约）' },
] as const);
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES.values)[number]['code'];

/** Where a booking was made. */
export const BOOKING_CHANNELS = defineEnum([
  { code: 'web', label: '网站' },
  { code: 'api', label: '开放接口' },
  { code: 'kiosk', label: '自助终端' },
  { code: 'desk', label: '窗口' },
] as const);
export type BookingChannel = (typeof BOOKING_CHANNELS.values)[number]['code'];

/** A venue's own exception on one day. */
export const EXCEPTION_KINDS = defineEnum([
  { code: 'closed', label: '当天不开放预约' },
  { code: 'open', label: '当天开放预约' },
] as const);
export type ExceptionKind = (typeof EXCEPTION_KINDS.values)[number]['code'];

/** 周一…周日 by ISO weekday (index 1 = Monday … 7 = Sunday; 0 unused): the labels of WEEKDAYS (slots.ts), one list. */
export const WEEKDAY_NAMES: readonly string[] = ['', ...WEEKDAYS.values.map((v) => v.label)];

export const APPOINTMENT_LIMITS = {
  /** How far ahead a slot can be booked (days, counted from today). */
  bookAheadDays: 14,
  /** A slot can be booked until this many minutes before it starts. */
  closeBeforeMinutes: 0,
  /** Rules per venue, and places per slot. */
  rulesPerVenue: 200,
  capacityMax: 500,
  /** Bookings one person (phone or account) may make in 24 hours, rescheduling included: each sends texts (UNCONFIRMED local practice). */
  perPersonPerDay: 10,
  /** Active (future, booked) appointments one person may hold at once. */
  activePerPerson: 5,
  /** GET /api/v1/venues/{id}/slots: the longest from–to range (days). */
  rangeDaysMax: 31,
  /** Reminders of tomorrow's bookings go out between these local hours (from inclusive, until exclusive). */
  reminderFromHour: 9,
  reminderUntilHour: 21,
  /** How many free slots the item, venue, kiosk and desk pages show. */
  nextShown: 6,
} as const;
