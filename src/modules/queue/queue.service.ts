// The live queue (issue 22 §2): recording the calling system's events (and remote 取号) as a state
// machine per ticket and day, with qu_hourly and the venue's live figures kept in the same
// transaction; remote taking; cancelling; what the venue page, the ticket page and the API show.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { labelOf, parseEnum } from '../../platform/web/enums.ts';
import { beijingTime } from '../../platform/clock/local-date.ts';
import { dayInfoMemo, findVenue, openStatus, type VenueFinder } from '../service-map/index.ts';
import {
  addHourly, aheadOf, countWaiting, findTicket, findTicketByNumber, listGroups, liveByGroup, nextRemoteSerial, waitingTicketOf, type QueueGroup, type TicketRow,
} from './queue.repository.ts';
import {
  dayStart, distanceM, estimateWait, hourlyCell, minutesBetween, QUEUE_EVENT_KINDS, QUEUE_LIMITS, remoteNumber, TICKET_STATUSES, transition, type QueueEventKind,
} from './tickets.ts';
import { qs } from './queue.strings.ts';
import { noteHistory } from './forecast.repository.ts';

export interface QueueServiceDeps { db: Db; clock: Clock; finder?: VenueFinder }

/** Remote 取号 settings (src/config.ts). */
export interface RemoteSettings {
  /** QUEUE_REMOTE_RADIUS_M: how near the venue a person must be (metres). */
  radiusM: number;
  /** QUEUE_REMOTE_STOP_MINUTES: no remote numbers in the last N minutes before closing. */
  stopBeforeCloseMinutes: number;
}
export const DEFAULT_REMOTE: RemoteSettings = { radiusM: 3000, stopBeforeCloseMinutes: 30 };

/** One event as the API receives it (unchecked). */
export interface RawEvent { kind?: unknown; number?: unknown; group?: unknown; at?: unknown }

interface CheckedEvent { kind: QueueEventKind; number: string; group: string; at: string }

const newTicketId = () => `Q${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;

/** Checks every event (400 naming the first bad one) before anything is written. */
function checkEvents(events: readonly RawEvent[], groups: ReadonlySet<string>, now: Date, today: string): CheckedEvent[] {
  if (events.length === 0) throw new HttpError(400, 'no_events', qs.errors.noEvents);
  if (events.length > QUEUE_LIMITS.eventsPerRequest) throw new HttpError(400, 'too_many_events', qs.errors.tooMany(QUEUE_LIMITS.eventsPerRequest));
  const start = Date.parse(dayStart(today));
  return events.map((e, i) => {
    const n = i + 1;
    const kind = parseEnum(QUEUE_EVENT_KINDS, e.kind);
    if (!kind) throw new HttpError(400, 'invalid_kind', `第 ${n} 个事件：kind「${String(e.kind ?? '').slice(0, 20)}」无效，可用：issued（取号）、called（叫号）、finished（办结）、no_show（过号）`);
    if (typeof e.number !== 'string' || !QUEUE_LIMITS.numberPattern.test(e.number)) throw new HttpError(400, 'invalid_number', qs.errors.number(n));
    const number = e.number.toUpperCase();
    const group = typeof e.group === 'string' ? e.group.trim().toUpperCase() : '';
    if (!groups.has(group)) throw new HttpError(400, 'unknown_group', qs.errors.group(n, String(e.group ?? '').slice(0, 10)));
    let at = now.toISOString();
    if (e.at !== undefined && e.at !== null && e.at !== '') {
      const ms = typeof e.at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(e.at) ? Date.parse(e.at) : NaN;
      if (!Number.isFinite(ms)) throw new HttpError(400, 'invalid_at', qs.errors.at(n));
      if (ms > now.getTime() + QUEUE_LIMITS.futureToleranceMs) throw new HttpError(400, 'at_in_future', qs.errors.atFuture(n));
      if (ms < start) throw new HttpError(400, 'at_before_today', qs.errors.atBeforeToday(n));
      at = new Date(ms).toISOString();
    }
    return { kind, number, group, at };
  });
}

/** The last instant something happened to a ticket. */
const lastAt = (t: TicketRow) => t.finishedAt ?? t.calledAt ?? t.issuedAt;

/**
 * Applies one checked event inside `trx`: the ticket, the event row, the hour's figures. Throws a
 * 409 (duplicate_number, out_of_order) that rolls the whole batch back.
 */
async function applyEvent(trx: Db, venueId: number, today: string, e: CheckedEvent, n: number, receivedAt: string, remote?: { accountId: number; publicId: string }): Promise<TicketRow> {
  const ticket = await findTicketByNumber(trx, venueId, today, e.number);
  const kindLabel = labelOf(QUEUE_EVENT_KINDS, e.kind);
  if (e.kind === 'issued' && ticket) throw new HttpError(409, 'duplicate_number', qs.errors.duplicate, [qs.errors.duplicateReason(n, e.number)]);
  if (e.kind !== 'issued') {
    if (!ticket) throw new HttpError(409, 'out_of_order', qs.errors.outOfOrder, [qs.errors.unknownReason(n, e.number, kindLabel)]);
    if (ticket.groupCode !== e.group) throw new HttpError(409, 'out_of_order', qs.errors.outOfOrder, [qs.errors.groupMismatch(n, e.number, ticket.groupCode)]);
    if (!transition(ticket.status, e.kind)) {
      throw new HttpError(409, 'out_of_order', qs.errors.outOfOrder, [qs.errors.orderReason(n, e.number, kindLabel, labelOf(TICKET_STATUSES, ticket.status))]);
    }
    if (e.at < lastAt(ticket)) throw new HttpError(409, 'out_of_order', qs.errors.outOfOrder, [qs.errors.olderReason(n, e.number)]);
  }
  let row: TicketRow;
  let waitMin: number | null = null;
  if (e.kind === 'issued') {
    const publicId = remote?.publicId ?? newTicketId();
    try {
      const ins = await trx.insertInto('qu_ticket').values({
        public_id: publicId, venue_id: venueId, group_code: e.group, day_on: today, number: e.number, source: remote ? 'remote' : 'hall',
        account_id: remote?.accountId ?? null, status: 'waiting', issued_at: e.at,
      }).returning('id').executeTakeFirstOrThrow();
      row = { id: Number(ins.id), publicId, venueId, groupCode: e.group, dayOn: today, number: e.number, source: remote ? 'remote' : 'hall', accountId: remote?.accountId ?? null, status: 'waiting', issuedAt: e.at, calledAt: null, finishedAt: null };
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError(409, 'duplicate_number', qs.errors.duplicate, [qs.errors.duplicateReason(n, e.number)]);
      throw err;
    }
  } else {
    const t = ticket as TicketRow;
    const status = transition(t.status, e.kind) as NonNullable<ReturnType<typeof transition>>;
    const set: { status: string; called_at?: string; finished_at?: string } = { status };
    if (e.kind === 'called') { set.called_at = e.at; waitMin = minutesBetween(t.issuedAt, e.at); }
    if (e.kind === 'no_show') { if (!t.calledAt) waitMin = minutesBetween(t.issuedAt, e.at); set.finished_at = e.at; }
    if (e.kind === 'finished') set.finished_at = e.at;
    // conditional on the status read: a concurrent writer that moved the ticket makes this a 409, never a double count
    const u = await trx.updateTable('qu_ticket').set(set).where('id', '=', t.id).where('status', '=', t.status).executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) throw new HttpError(409, 'out_of_order', qs.errors.outOfOrder, [qs.errors.orderReason(n, e.number, kindLabel, '已变化')]);
    row = { ...t, status, calledAt: set.called_at ?? t.calledAt, finishedAt: set.finished_at ?? t.finishedAt };
  }
  await trx.insertInto('qu_event').values({ venue_id: venueId, ticket_id: row.id, group_code: e.group, kind: e.kind, at: e.at, received_at: receivedAt, wait_min: waitMin }).execute();
  const { day, hour } = hourlyCell(new Date(e.at), today);
  const waiting = await countWaiting(trx, venueId, today);
  await addHourly(trx, venueId, day, hour, {
    issued: e.kind === 'issued' ? 1 : 0,
    called: e.kind === 'called' ? 1 : 0,
    waitSum: e.kind === 'called' ? (waitMin ?? 0) : 0,
    waiting,
  });
  return row;
}

/** The venue's live figures (sm_venue.queue_*) from its tickets: people waiting, the mean wait of today's last calls. */
async function updateVenueFigures(trx: Db, venueId: number, today: string, at: string): Promise<{ waiting: number; minutes: number }> {
  const waiting = await countWaiting(trx, venueId, today);
  const recent = await trx.selectFrom('qu_ticket').select(['issued_at', 'called_at']).where('venue_id', '=', venueId).where('day_on', '=', today)
    .where('called_at', 'is not', null).orderBy('called_at', 'desc').limit(QUEUE_LIMITS.recentCalls).execute();
  const minutes = recent.length
    ? Math.round(recent.reduce((s, r) => s + minutesBetween(r.issued_at, r.called_at as string), 0) / recent.length)
    : waiting * QUEUE_LIMITS.fallbackMinutesPerPerson;
  await trx.updateTable('sm_venue').set({ queue_waiting: waiting, queue_wait_minutes: minutes, queue_updated_at: at }).where('id', '=', venueId).execute();
  return { waiting, minutes };
}

export interface GroupQueue { code: string; name: string; remote: boolean; waiting: number; calling: string | null; estimateMinutes: number }
export interface VenueQueue { venueId: number; day: string; updatedAt: string | null; groups: GroupQueue[] }

/**
 * The venue's queue per configured group today. `known` is what the caller has already read in
 * this request (the venue page: its groups, the venue row): not read again.
 */
export async function venueQueue(db: Db, venueId: number, today: string, known: { groups?: QueueGroup[]; venue?: { queueWaitMinutes: number | null; queueUpdatedAt: string | null } } = {}): Promise<VenueQueue> {
  const groups = known.groups ?? await listGroups(db, venueId);
  const live = await liveByGroup(db, venueId, today);
  const v = known.venue
    ? { queue_wait_minutes: known.venue.queueWaitMinutes, queue_updated_at: known.venue.queueUpdatedAt }
    : await db.selectFrom('sm_venue').select(['queue_wait_minutes', 'queue_updated_at']).where('id', '=', venueId).executeTakeFirst();
  return {
    venueId, day: today, updatedAt: v?.queue_updated_at ?? null,
    groups: groups.map((g) => {
      const l = live.get(g.code);
      const waiting = l?.waiting ?? 0;
      return { code: g.code, name: g.name, remote: g.remote, waiting, calling: l?.calling ?? null, estimateMinutes: estimateWait(l?.callTimes ?? [], waiting, v?.queue_wait_minutes ?? null).minutes };
    }),
  };
}

export type RecordResult = { queue: VenueQueue; tickets: TicketRow[] };

/**
 * Records events of one venue in order, all or nothing: 400 for a malformed event (nothing is
 * written), 409 duplicate_number / out_of_order with `reasons`. Updates qu_event, qu_ticket,
 * qu_hourly and the venue's live figures in one transaction, then the map's index.
 */
export async function recordEvents(deps: QueueServiceDeps, venueId: number, events: readonly RawEvent[], remote?: { accountId: number; publicId: string }): Promise<RecordResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const today = clock.today();
  const groups = new Set((await listGroups(db, venueId)).map((g) => g.code));
  const checked = checkEvents(events, groups, now, today);
  const receivedAt = now.toISOString();
  const { tickets, figures } = await inTransaction(db, async (trx) => {
    const out: TicketRow[] = [];
    for (const [i, e] of checked.entries()) out.push(await applyEvent(trx, venueId, today, e, i + 1, receivedAt, remote));
    // the stored forecast (qu_forecast) reads the days before today: an event counted in one of them makes it out of date
    if (checked.length) await noteHistory(trx, venueId, checked.some((e) => hourlyCell(new Date(e.at), today).day < today));
    return { tickets: out, figures: await updateVenueFigures(trx, venueId, today, receivedAt) };
  });
  deps.finder?.noteQueue(venueId, figures.waiting, figures.minutes, receivedAt);
  return { queue: await venueQueue(db, venueId, today), tickets };
}

export interface TakeInput { venuePublicId: string; accountId: number; group: string; lat: string; lng: string }
export type TakeResult = { ok: true; ticket: TicketRow } | { ok: false; status: 400 | 404 | 409 | 429; code: string; field: 'group' | 'position' | 'form'; message: string };

/**
 * Remote 取号: during opening hours (not in the last minutes), near enough, one waiting ticket per
 * person, venue and day, a group that allows it. Recorded as an `issued` event like the hall's.
 */
export async function takeRemote(deps: QueueServiceDeps & { finder: VenueFinder }, settings: RemoteSettings, input: TakeInput): Promise<TakeResult> {
  const { db, clock } = deps;
  const venue = await findVenue(db, input.venuePublicId);
  if (!venue) return { ok: false, status: 404, code: 'venue_not_found', field: 'form', message: qs.errors.venueNotFound };
  const groups = await listGroups(db, venue.id);
  const group = groups.find((g) => g.code === input.group.trim().toUpperCase());
  if (!input.group.trim()) return { ok: false, status: 400, code: 'group_required', field: 'group', message: qs.errors.groupRequired };
  if (!group) return { ok: false, status: 400, code: 'group_unknown', field: 'group', message: qs.errors.groupUnknown };
  if (!group.remote) return { ok: false, status: 409, code: 'group_not_remote', field: 'group', message: qs.errors.notRemote };
  const now = clock.now();
  const cal = await deps.finder.calendarNow();
  const st = openStatus({ weekly: venue.hours, is24h: venue.is24h, holidayRule: venue.holidayRule }, dayInfoMemo(cal), now);
  if (!st.openNow) return { ok: false, status: 409, code: 'venue_closed', field: 'form', message: qs.errors.closed };
  if (st.minutesToClose !== null && st.minutesToClose <= settings.stopBeforeCloseMinutes) {
    return { ok: false, status: 409, code: 'venue_closing', field: 'form', message: qs.errors.closing(settings.stopBeforeCloseMinutes) };
  }
  if (!input.lat.trim() || !input.lng.trim()) return { ok: false, status: 400, code: 'position_required', field: 'position', message: qs.errors.noPosition };
  const lat = Number(input.lat);
  const lng = Number(input.lng);
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return { ok: false, status: 400, code: 'position_invalid', field: 'position', message: qs.errors.badPosition };
  const d = distanceM(lat, lng, venue.lat, venue.lng);
  if (d > settings.radiusM) return { ok: false, status: 409, code: 'too_far', field: 'position', message: qs.errors.tooFar(d, settings.radiusM) };
  const today = clock.today();
  const mine = await waitingTicketOf(db, venue.id, today, input.accountId);
  if (mine) return { ok: false, status: 409, code: 'already_queued', field: 'form', message: qs.errors.alreadyQueued(mine.number) };
  const taken = await db.selectFrom('qu_ticket').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_id', '=', venue.id).where('day_on', '=', today).where('account_id', '=', input.accountId).where('source', '=', 'remote').executeTakeFirstOrThrow();
  if (Number(taken.n) >= QUEUE_LIMITS.remotePerPersonPerDay) return { ok: false, status: 429, code: 'too_many_tickets', field: 'form', message: qs.errors.tooManyTickets(QUEUE_LIMITS.remotePerPersonPerDay) };
  for (let attempt = 0; ; attempt++) {
    const serial = await nextRemoteSerial(db, venue.id, today, group.code);
    try {
      const r = await recordEvents(deps, venue.id, [{ kind: 'issued', number: remoteNumber(group.code, serial), group: group.code, at: now.toISOString() }], { accountId: input.accountId, publicId: newTicketId() });
      return { ok: true, ticket: r.tickets[0] as TicketRow };
    } catch (err) {
      // two taps of one person at once: the partial unique index (0042) let one in
      if (err instanceof HttpError && err.code === 'duplicate_number') {
        const won = await waitingTicketOf(db, venue.id, today, input.accountId);
        if (won) return { ok: false, status: 409, code: 'already_queued', field: 'form', message: qs.errors.alreadyQueued(won.number) };
      }
      // two people took the same serial at once: the next one
      if (attempt < 3 && err instanceof HttpError && err.code === 'duplicate_number') continue;
      throw err;
    }
  }
}

/** Cancels a waiting ticket of its owner (not an event: the calling system never issued it to a window). */
export async function cancelTicket(deps: QueueServiceDeps, publicId: string, accountId: number): Promise<{ ok: true } | { ok: false; status: 403 | 404 | 409; code: string; message: string }> {
  const { db, clock } = deps;
  const t = await findTicket(db, publicId);
  if (!t) return { ok: false, status: 404, code: 'ticket_not_found', message: qs.ticket.notFound };
  if (t.accountId !== accountId) return { ok: false, status: 403, code: 'not_owner', message: qs.errors.notOwner };
  const at = clock.now().toISOString();
  const figures = await inTransaction(db, async (trx) => {
    const u = await trx.updateTable('qu_ticket').set({ status: 'cancelled', finished_at: at }).where('id', '=', t.id).where('status', '=', 'waiting').executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) return null;
    return updateVenueFigures(trx, t.venueId, t.dayOn, at);
  });
  if (!figures) return { ok: false, status: 409, code: 'not_cancellable', message: qs.errors.notCancellable };
  deps.finder?.noteQueue(t.venueId, figures.waiting, figures.minutes, at);
  return { ok: true };
}

export interface TicketView {
  ticket: TicketRow; venueName: string; venuePublicId: string; groupName: string;
  position: number | null; ahead: number | null; estimateMinutes: number | null; estimateBasis: 'calls' | 'venue' | 'default' | null;
  issuedAtText: string; calledAtText: string | null;
}

export async function ticketView(db: Db, publicId: string): Promise<TicketView | null> {
  const t = await findTicket(db, publicId);
  if (!t) return null;
  const v = await db.selectFrom('sm_venue').select(['name', 'public_id', 'queue_wait_minutes']).where('id', '=', t.venueId).executeTakeFirstOrThrow();
  const groups = await listGroups(db, t.venueId);
  const g: QueueGroup | undefined = groups.find((x) => x.code === t.groupCode);
  let ahead: number | null = null;
  let est: { minutes: number; basis: 'calls' | 'venue' | 'default' } | null = null;
  if (t.status === 'waiting') {
    ahead = await aheadOf(db, t);
    const live = await liveByGroup(db, t.venueId, t.dayOn);
    est = estimateWait(live.get(t.groupCode)?.callTimes ?? [], ahead, v.queue_wait_minutes);
  }
  return {
    ticket: t, venueName: v.name, venuePublicId: v.public_id, groupName: g?.name ?? t.groupCode,
    position: ahead === null ? null : ahead + 1, ahead, estimateMinutes: est?.minutes ?? null, estimateBasis: est?.basis ?? null,
    issuedAtText: beijingTime(t.issuedAt).slice(11, 16), calledAtText: t.calledAt ? beijingTime(t.calledAt).slice(11, 16) : null,
  };
}
