// Booking, rescheduling and cancelling an appointment (issue 22 §1, §8). A place is taken with ONE
// conditional upsert on ap_slot_load (booked + 1 only while below the slot's capacity) in the same
// transaction as the ap_appointment insert and the outbox's SMS, so the last place of a slot can
// never be booked twice (SQLite: one writer; PostgreSQL: the row lock of ON CONFLICT DO UPDATE, the
// WHERE re-checked on the locked row). A cancellation first flips the status with a conditional
// update and only then decrements (never below 0), so nothing frees a place twice.
import { createHmac } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { platformView } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, localDateOf, yearOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { statutoryHolidaysOf } from '../../platform/calendar/statutory-holidays.ts';
import { installStateKey } from '../../platform/auth/pii.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { hashTrackingCode, newReference, newTrackingCode, normaliseReference, trackingCodeMatches } from '../../platform/public-refs/public-refs.ts';
import { maskPhone } from '../../platform/log/mask.ts';
import { enqueueNotifications } from '../interaction/index.ts';
import { instantAt, ruleOf } from './slots.repository.ts';
import { rulesWeekday, slotsBetween, type DayKind, type SlotException, type SlotRule } from './slots.ts';
import { APPOINTMENT_LIMITS, type BookingChannel } from './vocabulary.ts';
import { bookingStrings as s, slotInWords } from './booking.strings.ts';

/**
 * The no-show rule: a person with `count` no-shows within `windowDays` cannot book for `blockDays`
 * after the last one. UNCONFIRMED local practice (several provincial 政务服务 platforms apply
 * 「90 天内爽约 3 次，30 天内不能预约」; no national rule found in the shared design notes) — data, not law.
 */
export const NO_SHOW_RULE = { count: 3, windowDays: 90, blockDays: 30 } as const;

export interface BookingInput {
  venue: string;
  item?: string | null | undefined;
  start: string;
  name: string;
  phone: string;
  channel: BookingChannel;
  /** The signed-in resident: the booking is theirs (person key by account). */
  account?: { id: number; publicId: string } | null;
}

export interface Booked {
  reference: string;
  /** The cancel code, shown once (only its hash is kept). */
  code: string;
  venue: string;
  item: string | null;
  start: string;
  end: string;
  status: 'booked';
}

export type Refusal = { ok: false; status: 400 | 404 | 409 | 429; code: string; message: string; field?: string };
export type Outcome<T> = ({ ok: true } & T) | Refusal;

const refuse = (status: Refusal['status'], code: string, message: string, field?: string): Refusal => ({ ok: false, status, code, message, ...(field ? { field } : {}) });

/** Thrown inside a transaction to roll it back with a refusal. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) { super(refusal.code); }
}

export const PHONE = /^1[3-9]\d{9}$/;
// a person's name (张三, 欧阳·娜娜) or an enterprise's (磁县演示科技有限公司（分公司）), as the account gives it
const NAME = /^[\p{L}\p{M}\p{N}·・.\s（）()\-—]{1,50}$/u;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function normalisePhone(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '').replace(/^\+?86/, '');
}

/** Field problems of name and phone (empty when fine). */
export function personProblems(name: string, phone: string): Record<string, string> {
  const e: Record<string, string> = {};
  const n = name.trim();
  if (!n) e.name = s.errors.nameRequired;
  else if (!NAME.test(n)) e.name = s.errors.nameInvalid;
  const p = normalisePhone(phone);
  if (!p) e.phone = s.errors.phoneRequired;
  else if (!PHONE.test(p)) e.phone = s.errors.phoneInvalid;
  return e;
}

const personKeys = new WeakMap<object, Promise<Buffer>>();
/** "a:<account public id>" or "p:<HMAC of the phone>" (the key lives in install_state; several processes share it). */
export async function personKeyOf(db: Db, phone: string, account: { publicId: string } | null | undefined): Promise<string> {
  if (account) return `a:${account.publicId}`;
  const view = platformView(db);
  let key = personKeys.get(view);
  if (!key) { key = installStateKey(view, 'appointment_person_key'); personKeys.set(view, key); }
  return `p:${createHmac('sha256', await key).update(normalisePhone(phone)).digest('hex')}`;
}

export interface VenueRow { id: number; public_id: string; name: string; address: string }
export async function venueByPublicId(db: Db, publicId: string): Promise<VenueRow | undefined> {
  return db.selectFrom('sm_venue').select(['id', 'public_id', 'name', 'address']).where('public_id', '=', publicId.slice(0, 64)).executeTakeFirst();
}

/** The resolved slot a start instant names, or a refusal. */
interface ResolvedSlot { venue: VenueRow; item: { id: number; public_id: string; name: string } | null; itemKey: number; start: string; end: string; dayOn: LocalDate; startMin: number; endMin: number; capacity: number }

/** The venue and its slot rules in one read (a LEFT JOIN: a venue without rules is one row of nulls). */
async function venueWithRules(db: Db, publicId: string): Promise<{ venue: VenueRow; rules: SlotRule[] } | undefined> {
  const rows = await db.selectFrom('sm_venue as v').leftJoin('ap_slot_rule as r', 'r.venue_id', 'v.id')
    .select(['v.id', 'v.public_id', 'v.name', 'v.address', 'r.id as rule_id', 'r.item_id', 'r.weekdays', 'r.start_min', 'r.end_min', 'r.capacity'])
    .where('v.public_id', '=', publicId.slice(0, 64)).orderBy('r.position').execute();
  const first = rows[0];
  if (!first) return undefined;
  const rules = rows.filter((r) => r.rule_id !== null)
    .map((r) => ruleOf({ id: r.rule_id!, item_id: r.item_id, weekdays: r.weekdays!, start_min: r.start_min!, end_min: r.end_min!, capacity: r.capacity! }));
  return { venue: { id: Number(first.id), public_id: first.public_id, name: first.name, address: first.address }, rules };
}

/** The item and whether the venue offers it, in one read. */
async function itemAtVenue(db: Db, venueId: number, publicId: string): Promise<{ item: { id: number; public_id: string; name: string }; offered: boolean } | undefined> {
  const row = await db.selectFrom('sm_item as i').leftJoin('sm_venue_item as vi', (j) => j.onRef('vi.item_id', '=', 'i.id').on('vi.venue_id', '=', venueId))
    .select(['i.id', 'i.public_id', 'i.name', 'vi.item_id as offered']).where('i.public_id', '=', publicId.slice(0, 64)).executeTakeFirst();
  return row ? { item: { id: Number(row.id), public_id: row.public_id, name: row.name }, offered: row.offered !== null } : undefined;
}

/**
 * What one day is for one venue, in one read: the calendar's entry for the day, whether its year is
 * loaded, and the venue's exception (at most one: unique per venue and day).
 */
async function dayOf(db: Db, venueId: number, date: LocalDate): Promise<{ kind: DayKind; exception: SlotException | undefined }> {
  const r = await sql<{ day_kind: string | null; year: number | null; exc_kind: string | null; exc_as_weekday: number | null }>`SELECT
    (SELECT kind FROM calendar_day WHERE "date" = ${date}) AS day_kind,
    (SELECT year FROM calendar_year WHERE year = ${yearOf(date)}) AS year,
    (SELECT kind FROM ap_slot_exception WHERE venue_id = ${venueId} AND day_on = ${date}) AS exc_kind,
    (SELECT as_weekday FROM ap_slot_exception WHERE venue_id = ${venueId} AND day_on = ${date}) AS exc_as_weekday`.execute(db);
  const row = r.rows[0]!;
  return {
    kind: kindFrom(row.day_kind, row.year !== null, date),
    exception: row.exc_kind === null ? undefined : { dayOn: date, kind: row.exc_kind === 'open' ? 'open' : 'closed', asWeekday: row.exc_as_weekday === null ? null : Number(row.exc_as_weekday) },
  };
}

const kindFrom = (special: string | null | undefined, yearLoaded: boolean, date: LocalDate): DayKind => {
  if (special) return special === 'holiday' ? 'holiday' : 'makeup_working_day';
  if (!yearLoaded && statutoryHolidaysOf(yearOf(date)).get(date)) return 'holiday';
  return 'weekday';
};

async function resolveSlot(db: Db, now: Date, venuePublic: string, itemPublic: string | null | undefined, startText: string): Promise<Outcome<{ slot: ResolvedSlot }>> {
  // three reads in all: the venue with its rules, the item (when named), the day
  const vr = await venueWithRules(db, venuePublic);
  if (!vr) return refuse(404, 'venue_not_found', s.errors.venueNotFound, 'venue');
  const { venue, rules } = vr;
  let item: ResolvedSlot['item'] = null;
  if (itemPublic) {
    const found = await itemAtVenue(db, venue.id, itemPublic);
    if (!found) return refuse(404, 'item_not_found', s.errors.itemNotFound, 'item');
    if (!found.offered) return refuse(400, 'item_not_offered', s.errors.itemNotOffered, 'item');
    item = found.item;
  }
  const t = startText.trim();
  const ms = ISO_INSTANT.test(t) ? Date.parse(t) : Number.NaN;
  if (!Number.isFinite(ms)) return refuse(400, 'start_invalid', s.errors.startInvalid, 'start');
  const start = new Date(ms).toISOString();
  const dayOn = localDateOf(new Date(ms));
  const minute = Math.round((ms + 8 * 3_600_000) % 86_400_000 / 60_000);
  const wanted = rules.filter((r) => r.startMin === minute && (item ? r.itemId === null || r.itemId === item.id : r.itemId === null));
  if (!wanted.length) {
    const byItem = !item && rules.some((r) => r.startMin === minute && r.itemId !== null);
    return byItem ? refuse(400, 'item_required', s.errors.itemRequired, 'item') : refuse(404, 'slot_not_found', s.errors.slotNotFound, 'start');
  }
  if (start <= new Date(now.getTime() + APPOINTMENT_LIMITS.closeBeforeMinutes * 60_000).toISOString()) return refuse(409, 'slot_in_past', s.errors.slotInPast, 'start');
  const today = localDateOf(now);
  if (dayOn > addDays(today, APPOINTMENT_LIMITS.bookAheadDays)) return refuse(409, 'beyond_horizon', s.errors.beyondHorizon(APPOINTMENT_LIMITS.bookAheadDays), 'start');
  const { kind, exception } = await dayOf(db, venue.id, dayOn);
  const exceptions = exception ? [exception] : [];
  const kindOf = () => kind;
  if (rulesWeekday(dayOn, kind, exceptions[0]) === null) return refuse(409, 'day_closed', s.errors.dayClosed, 'start');
  const slots = slotsBetween(wanted, exceptions, kindOf, dayOn, dayOn, item?.id ?? null);
  // the item's own rule wins over a venue-wide one at the same time
  const slot = slots.find((x) => item && x.itemKey === item.id) ?? slots[0];
  if (!slot) return refuse(404, 'slot_not_found', s.errors.slotNotFound, 'start');
  return { ok: true, slot: { venue, item, itemKey: slot.itemKey, start: instantAt(dayOn, slot.startMin), end: instantAt(dayOn, slot.endMin), dayOn, startMin: slot.startMin, endMin: slot.endMin, capacity: slot.capacity } };
}

/** How the calendar classifies one day (as slots.repository.ts dayKindOf does over the whole calendar), reading only that day and its year. */
export async function dayKindOn(db: Db, date: LocalDate): Promise<DayKind> {
  const view = platformView(db);
  const [special, year] = await Promise.all([
    view.selectFrom('calendar_day').select('kind').where('date', '=', date).executeTakeFirst(),
    view.selectFrom('calendar_year').select('year').where('year', '=', yearOf(date)).executeTakeFirst(),
  ]);
  return kindFrom(special?.kind, !!year, date);
}

/** The person's standing: no-show block, active bookings. */
async function personRefusal(db: Db, now: Date, personKey: string, exceptRef: string | null, slot?: { venueId: number; start: string }): Promise<Refusal | null> {
  // one read: the person's no-shows of the rule's window and their active bookings
  const since = new Date(now.getTime() - (NO_SHOW_RULE.windowDays + NO_SHOW_RULE.blockDays) * 86_400_000).toISOString();
  const rows = await db.selectFrom('ap_appointment').select(['public_id', 'venue_id', 'start_at', 'status']).where('person_key', '=', personKey)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'no_show'), eb('start_at', '>=', since)]), eb.and([eb('status', '=', 'booked'), eb('start_at', '>', now.toISOString())])])).execute();
  const noShows = rows.filter((r) => r.status === 'no_show').map((r) => r.start_at).sort().reverse();
  if (noShows.length >= NO_SHOW_RULE.count) {
    const last = Date.parse(noShows[0]!);
    const inWindow = noShows.filter((x) => Date.parse(x) >= last - NO_SHOW_RULE.windowDays * 86_400_000).length;
    const until = last + NO_SHOW_RULE.blockDays * 86_400_000;
    if (inWindow >= NO_SHOW_RULE.count && now.getTime() < until) return refuse(409, 'no_show_limit', s.errors.noShowLimit(localDateOf(new Date(until))));
  }
  const booked = rows.filter((r) => r.status === 'booked' && r.public_id !== exceptRef);
  if (slot && booked.some((r) => Number(r.venue_id) === slot.venueId && r.start_at === slot.start)) return refuse(409, 'already_booked', s.errors.alreadyBooked);
  if (booked.length >= APPOINTMENT_LIMITS.activePerPerson) return refuse(409, 'too_many_bookings', s.errors.tooMany(booked.length));
  return null;
}

/** Takes one place of the slot (the contract's one conditional upsert); false when the slot is full. */
async function takePlace(trx: Db, slot: ResolvedSlot): Promise<boolean> {
  const r = await sql<{ booked: number }>`INSERT INTO ap_slot_load (venue_id, item_key, start_at, booked) VALUES (${slot.venue.id}, ${slot.itemKey}, ${slot.start}, 1)
    ON CONFLICT (venue_id, item_key, start_at) DO UPDATE SET booked = ap_slot_load.booked + 1 WHERE ap_slot_load.booked < ${slot.capacity} RETURNING booked`.execute(trx);
  // a capacity of 0 (a rule lowered after bookings) never takes the first place either
  return r.rows.length === 1 && Number(r.rows[0]!.booked) <= slot.capacity;
}

/** Gives one place back (never below 0). Call only after the booking's status was flipped by a conditional update. */
async function releasePlace(trx: Db, a: { venue_id: number; item_key: number; start_at: string }): Promise<void> {
  await trx.updateTable('ap_slot_load').set({ booked: sql`booked - 1` }).where('venue_id', '=', a.venue_id).where('item_key', '=', a.item_key).where('start_at', '=', a.start_at).where('booked', '>', 0).execute();
}

export async function book(db: Db, clock: Clock, input: BookingInput): Promise<Outcome<{ booked: Booked }>> {
  const now = clock.now();
  const problems = personProblems(input.name, input.phone);
  const first = Object.entries(problems)[0];
  if (first) return refuse(400, first[0] === 'name' ? (input.name.trim() ? 'name_invalid' : 'name_required') : (input.phone.trim() ? 'phone_invalid' : 'phone_required'), first[1], first[0]);
  const r = await resolveSlot(db, now, input.venue, input.item, input.start);
  if (!r.ok) return r;
  const slot = r.slot;
  const phone = normalisePhone(input.phone);
  const personKey = await personKeyOf(db, phone, input.account);
  const code = newTrackingCode();
  try {
    const reference = await insertBooking(db, now, slot, { name: input.name.trim(), phone, personKey, accountId: input.account?.id ?? null, codeHash: hashTrackingCode(code), channel: input.channel, rescheduledFrom: null },
      (ref) => [{ channel: 'sms', recipient: phone, subject: s.sms.subject, body: s.sms.booked(slot.venue.name, slotInWords(slot.dayOn, slot.startMin, slot.endMin), ref), reason: 'appointment_booked' }]);
    return { ok: true, booked: { reference, code, venue: slot.venue.public_id, item: slot.item?.public_id ?? null, start: slot.start, end: slot.end, status: 'booked' } };
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

type Note = { channel: 'sms'; recipient: string; subject: string; body: string; reason: string };

/** In one transaction: the place, the row (a fresh reference on the rare clash), the SMS; `before` runs first in the same transaction. */
async function insertBooking(db: Db, now: Date, slot: ResolvedSlot, p: { name: string; phone: string; personKey: string; accountId: number | null; codeHash: string; channel: string; rescheduledFrom: string | null },
  notes: (ref: string) => Note[], before?: (trx: Db) => Promise<void>): Promise<string> {
  const at = now.toISOString();
  for (let attempt = 0; ; attempt++) {
    const reference = newReference('YY', localDateOf(now));
    try {
      return await inTransaction(db, async (trx) => {
        // The person's standing again, inside the transaction and (on PostgreSQL) under a lock per person:
        // ten quick requests with one phone must not pass the active-booking limit together. And at most
        // APPOINTMENT_LIMITS.perPersonPerDay bookings a day, so nobody can flood a stranger's phone with texts.
        if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(hashtext(${`ap:${p.personKey}`}))`.execute(trx);
        const standing = await personRefusal(trx, now, p.personKey, p.rescheduledFrom, { venueId: slot.venue.id, start: slot.start });
        if (standing) throw new Refused(standing);
        const today = await trx.selectFrom('ap_appointment').select((eb) => eb.fn.countAll<number>().as('n')).where('person_key', '=', p.personKey)
          .where('created_at', '>', new Date(now.getTime() - 86_400_000).toISOString()).executeTakeFirstOrThrow();
        if (Number(today.n) >= APPOINTMENT_LIMITS.perPersonPerDay) throw new Refused(refuse(429, 'too_many_today', s.errors.tooManyToday(APPOINTMENT_LIMITS.perPersonPerDay)));
        if (before) await before(trx);
        if (!(await takePlace(trx, slot))) throw new Refused(refuse(409, 'slot_full', s.errors.slotFull));
        try {
          await trx.insertInto('ap_appointment').values({
            public_id: reference, venue_id: slot.venue.id, item_id: slot.item?.id ?? null, item_key: slot.itemKey, start_at: slot.start, end_at: slot.end, day_on: slot.dayOn,
            name: p.name, phone: p.phone, person_key: p.personKey, account_id: p.accountId, code_hash: p.codeHash, status: 'booked', channel: p.channel,
            rescheduled_from: p.rescheduledFrom, reminded_at: null, created_at: at, updated_at: at,
          }).execute();
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          // the person's own booking of this slot (partial unique index) or, rarely, a reference already given
          throw new Refused(String((e as Error).message ?? '').includes('public_id') ? refuse(409, 'reference_clash', 'retry') : refuse(409, 'already_booked', s.errors.alreadyBooked));
        }
        await enqueueNotifications(trx, notes(reference), now);
        return reference;
      });
    } catch (e) {
      if (e instanceof Refused && e.refusal.code === 'reference_clash' && attempt < 3) continue;
      throw e;
    }
  }
}

export interface AppointmentView {
  reference: string; venue: VenueRow; item: { public_id: string; name: string } | null;
  start: string; end: string; dayOn: string; when: string; status: string; name: string; phoneMasked: string;
  accountId: number | null; rescheduledFrom: string | null; rescheduledTo: string | null; createdAt: string; channel: string;
}

type Row = { id: number; public_id: string; venue_id: number; item_id: number | null; item_key: number; start_at: string; end_at: string; day_on: string; name: string; phone: string; person_key: string; account_id: number | null; code_hash: string; status: string; channel: string; rescheduled_from: string | null; created_at: string };

export async function findAppointment(db: Db, reference: string): Promise<Row | undefined> {
  const ref = normaliseReference(reference).slice(0, 40);
  if (!ref) return undefined;
  return db.selectFrom('ap_appointment').select(['id', 'public_id', 'venue_id', 'item_id', 'item_key', 'start_at', 'end_at', 'day_on', 'name', 'phone', 'person_key', 'account_id', 'code_hash', 'status', 'channel', 'rescheduled_from', 'created_at'])
    .where('public_id', '=', ref).executeTakeFirst();
}

const minuteOf = (iso: string) => Math.round((Date.parse(iso) + 8 * 3_600_000) % 86_400_000 / 60_000);
export const whenOf = (a: { day_on: string; start_at: string; end_at: string }) => slotInWords(a.day_on, minuteOf(a.start_at), minuteOf(a.end_at));

export async function viewOf(db: Db, a: Row): Promise<AppointmentView> {
  const [venue, item, next] = await Promise.all([
    db.selectFrom('sm_venue').select(['id', 'public_id', 'name', 'address']).where('id', '=', a.venue_id).executeTakeFirstOrThrow(),
    a.item_id === null ? Promise.resolve(null) : db.selectFrom('sm_item').select(['public_id', 'name']).where('id', '=', a.item_id).executeTakeFirst().then((x) => x ?? null),
    db.selectFrom('ap_appointment').select('public_id').where('rescheduled_from', '=', a.public_id).executeTakeFirst(),
  ]);
  return {
    reference: a.public_id, venue, item, start: a.start_at, end: a.end_at, dayOn: a.day_on, when: whenOf(a), status: a.status, name: a.name, phoneMasked: maskPhone(a.phone),
    accountId: a.account_id, rescheduledFrom: a.rescheduled_from, rescheduledTo: next?.public_id ?? null, createdAt: a.created_at, channel: a.channel,
  };
}

/** Who may act on a booking: the holder of its code, or its signed-in owner. */
export type Proof = { code: string } | { accountId: number };

/** The booking if `proof` opens it; a wrong code and an unknown reference are the same answer (null). */
export async function openAppointment(db: Db, reference: string, proof: Proof): Promise<Row | null> {
  const a = await findAppointment(db, reference);
  if ('code' in proof) {
    const code = proof.code.normalize('NFKC').trim().toUpperCase().slice(0, 20);
    // compare against a hash even when the reference is unknown (the same work either way)
    const ok = trackingCodeMatches(code, a?.code_hash ?? hashTrackingCode('-'));
    return a && ok && code ? a : null;
  }
  return a && a.account_id === proof.accountId ? a : null;
}

/** The booking that replaced `reference` by rescheduling, followed to the latest one still booked, or null. */
async function successorOf(db: Db, reference: string): Promise<string | null> {
  let ref = reference;
  for (let hops = 0; hops < 20; hops++) {
    const next = await db.selectFrom('ap_appointment').select(['public_id', 'status']).where('rescheduled_from', '=', ref).executeTakeFirst();
    if (!next) return null; // the chain ends in a cancelled booking: truly cancelled
    if (next.status !== 'cancelled') return next.public_id;
    ref = next.public_id;
  }
  return null;
}

export async function cancel(db: Db, clock: Clock, reference: string, proof: Proof): Promise<Outcome<{ appointment: AppointmentView }>> {
  const now = clock.now();
  const a = await openAppointment(db, reference, proof);
  if (!a) return refuse(404, 'appointment_not_found', s.errors.notFound);
  if (a.status === 'cancelled') {
    // a reference replaced by rescheduling: the new booking is still on — say so rather than "cancelled"
    const next = await successorOf(db, a.public_id);
    if (next) return refuse(409, 'rescheduled', s.errors.rescheduledTo(next));
    return { ok: true, appointment: await viewOf(db, a) }; // idempotent
  }
  if (a.status !== 'booked') return refuse(409, 'not_cancellable', s.errors.notCancellable);
  if (a.start_at <= now.toISOString()) return refuse(409, 'appointment_started', s.errors.started);
  const venue = await db.selectFrom('sm_venue').select('name').where('id', '=', a.venue_id).executeTakeFirstOrThrow();
  await inTransaction(db, async (trx) => {
    const flipped = await trx.updateTable('ap_appointment').set({ status: 'cancelled', updated_at: now.toISOString() }).where('id', '=', a.id).where('status', '=', 'booked').executeTakeFirst();
    if (Number(flipped.numUpdatedRows ?? 0) !== 1) return; // another request cancelled it first: nothing to free
    await releasePlace(trx, a);
    await enqueueNotifications(trx, [{ channel: 'sms', recipient: a.phone, subject: s.sms.subject, body: s.sms.cancelled(venue.name, whenOf(a), a.public_id), reason: 'appointment_cancelled' }], now);
  });
  const fresh = await findAppointment(db, a.public_id);
  return { ok: true, appointment: await viewOf(db, fresh!) };
}

export async function reschedule(db: Db, clock: Clock, reference: string, proof: Proof, startText: string): Promise<Outcome<{ booked: Omit<Booked, 'code'> & { rescheduled_from: string } }>> {
  const now = clock.now();
  const a = await openAppointment(db, reference, proof);
  if (!a) return refuse(404, 'appointment_not_found', s.errors.notFound);
  if (a.status === 'cancelled') {
    const next = await successorOf(db, a.public_id);
    if (next) return refuse(409, 'rescheduled', s.errors.rescheduledTo(next));
  }
  if (a.status !== 'booked') return refuse(409, 'not_active', s.errors.notActive);
  if (a.start_at <= now.toISOString()) return refuse(409, 'appointment_started', s.errors.started);
  const venue = await db.selectFrom('sm_venue').select('public_id').where('id', '=', a.venue_id).executeTakeFirstOrThrow();
  const item = a.item_id === null ? null : await db.selectFrom('sm_item').select('public_id').where('id', '=', a.item_id).executeTakeFirst();
  const r = await resolveSlot(db, now, venue.public_id, item?.public_id ?? null, startText);
  if (!r.ok) return r;
  const slot = r.slot;
  if (slot.start === a.start_at && slot.itemKey === a.item_key) return refuse(409, 'same_slot', s.errors.sameSlot, 'start');
  const standing = await personRefusal(db, now, a.person_key, a.public_id);
  if (standing && standing.code === 'no_show_limit') return standing;
  try {
    const newRef = await insertBooking(db, now, slot, { name: a.name, phone: a.phone, personKey: a.person_key, accountId: a.account_id, codeHash: a.code_hash, channel: a.channel, rescheduledFrom: a.public_id },
      (ref) => [{ channel: 'sms', recipient: a.phone, subject: s.sms.subject, body: s.sms.rescheduled(slot.venue.name, slotInWords(slot.dayOn, slot.startMin, slot.endMin), ref, a.public_id), reason: 'appointment_rescheduled' }],
      async (trx) => {
        const flipped = await trx.updateTable('ap_appointment').set({ status: 'cancelled', updated_at: now.toISOString() }).where('id', '=', a.id).where('status', '=', 'booked').executeTakeFirst();
        if (Number(flipped.numUpdatedRows ?? 0) !== 1) throw new Refused(refuse(409, 'not_active', s.errors.notActive));
        await releasePlace(trx, a);
      });
    return { ok: true, booked: { reference: newRef, venue: slot.venue.public_id, item: slot.item?.public_id ?? null, start: slot.start, end: slot.end, status: 'booked', rescheduled_from: a.public_id } };
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

/** What a phone is masked to in logs. */
export const phoneForLog = (phone: string) => maskPhone(phone);
