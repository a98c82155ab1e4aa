// Pure: the queue's vocabulary and rules (issue 22 §2) — event kinds, the state machine of one
// ticket, remote numbers, the estimated wait and the distance check. No I/O.
import { defineEnum } from '../../platform/web/enums.ts';
import { localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export const QUEUE_EVENT_KINDS = defineEnum([
  { code: 'issued', label: '取号' },
  { code: 'called', label: '叫号' },
  { code: 'finished', label: '办结' },
  { code: 'no_show', label: '过号' },
] as const);
export type QueueEventKind = (typeof QUEUE_EVENT_KINDS.values)[number]['code'];

/** qu_ticket.status (migration 0038's comment): the hall display reads these. */
export const TICKET_STATUSES = defineEnum([
  { code: 'waiting', label: '等候中' },
  { code: 'called', label: '已叫号' },
  { code: 'finished', label: '已办结' },
  { code: 'no_show', label: '已过号' },
  { code: 'cancelled', label: '已取消' },
] as const);
export type TicketStatus = (typeof TICKET_STATUSES.values)[number]['code'];

export const QUEUE_LIMITS = {
  /** Events in one POST. */
  eventsPerRequest: 500,
  /** An event may be stamped at most this far in the future (clock skew of the calling system). */
  futureToleranceMs: 2 * 60_000,
  /** A ticket number as called out: A012, AW012, B-07 … */
  numberPattern: /^[A-Za-z0-9-]{1,16}$/,
  groupPattern: /^[A-Z]{1,3}$/,
  /** Calls used for the mean interval (the most recent of today in the group). */
  recentCalls: 10,
  /** Minutes per person when a group has no calls yet today and the venue reported nothing. */
  fallbackMinutesPerPerson: 5,
  /** Numbers one person may take remotely at one venue in a day, cancelled ones included (UNCONFIRMED local practice). */
  remotePerPersonPerDay: 3,
} as const;

/** What an event does to a ticket in `status`: the new status, or null when out of order. */
export function transition(status: TicketStatus | null, kind: QueueEventKind): TicketStatus | null {
  switch (kind) {
    case 'issued': return status === null ? 'waiting' : null;
    case 'called': return status === 'waiting' ? 'called' : null;
    case 'finished': return status === 'called' ? 'finished' : null;
    case 'no_show': return status === 'waiting' || status === 'called' ? 'no_show' : null;
  }
}

/**
 * The number of a remotely taken ticket: group code + 'W' + a 3-digit serial of the day
 * (AW001, AW002 …), distinct from the calling system's hall numbers (A001) by the W.
 */
export function remoteNumber(group: string, serial: number): string {
  return `${group}W${String(serial).padStart(3, '0')}`;
}

/** Minutes between two instants, rounded, never negative. */
export function minutesBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
}

/**
 * Estimated wait (minutes) for someone with `ahead` people before them: the mean interval between
 * the group's recent calls today × people ahead; with fewer than two calls, the venue's reported
 * wait (when given) or `fallbackMinutesPerPerson` per person. Null when nothing can be said.
 */
export function estimateWait(callTimes: readonly string[], ahead: number, venueReported: number | null): { minutes: number; basis: 'calls' | 'venue' | 'default' } {
  const times = callTimes.map((t) => Date.parse(t)).filter(Number.isFinite).sort((a, b) => a - b).slice(-QUEUE_LIMITS.recentCalls);
  if (times.length >= 2) {
    const interval = ((times[times.length - 1] as number) - (times[0] as number)) / (times.length - 1) / 60_000;
    return { minutes: Math.round(interval * ahead), basis: 'calls' };
  }
  // the venue's figure is one person's recent wait: never less than the people ahead at the rule-of-thumb pace (501 waiting is not 2 minutes)
  if (venueReported !== null) return { minutes: Math.max(venueReported, ahead * QUEUE_LIMITS.fallbackMinutesPerPerson), basis: 'venue' };
  return { minutes: ahead * QUEUE_LIMITS.fallbackMinutesPerPerson, basis: 'default' };
}

/** Great-circle distance in metres (WGS-84 sphere; enough for a few kilometres). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Local (Asia/Shanghai) date and hour of an instant (the platform's localDateOf; UTC+8, no daylight saving). */
export function localDayHour(instant: Date): { day: LocalDate; hour: number } {
  return { day: localDateOf(instant), hour: new Date(instant.getTime() + SHANGHAI_OFFSET_MS).getUTCHours() };
}

/**
 * The qu_hourly cell of an event of a ticket of local day `day`: the event's local hour on that
 * day. A calling system's clock may run up to QUEUE_LIMITS.futureToleranceMs ahead, so an event
 * stamped 00:00:10 while our day is still `day` counts in `day`'s last hour — never in a qu_hourly
 * row of tomorrow (whose ticket, day_on and waiting count are today's).
 */
export function hourlyCell(instant: Date, day: LocalDate): { day: LocalDate; hour: number } {
  const local = localDayHour(instant);
  if (local.day === day) return local;
  return { day, hour: local.day > day ? 23 : 0 };
}

/** The instant local midnight of `day` begins (ISO). */
export function dayStart(day: LocalDate): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString();
}
