// The reads and writes of a venue's slot rules and exceptions (ap_slot_rule, ap_slot_exception):
// the venue with its organisation's path (the staff scope), the items it offers, the rules with
// their items' public ids, the exceptions, the bookings still ahead, and the venues offering an
// item that have rules (the item page's block).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { likePrefix } from '../../platform/db/like.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';

export interface SlotVenue { id: number; publicId: string; name: string; orgCode: string; orgPath: string }

/** A venue by its public id with its organisation's path, or null (never by row number). */
export async function findSlotVenue(db: Db, publicId: string): Promise<SlotVenue | null> {
  if (!publicId || publicId.length > 64) return null;
  const r = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.id', 'sm_venue.public_id', 'sm_venue.name', 'sm_venue.org_code', 'organisation.path'])
    .where('sm_venue.public_id', '=', publicId).executeTakeFirst();
  return r ? { id: Number(r.id), publicId: r.public_id, name: r.name, orgCode: r.org_code, orgPath: r.path } : null;
}

/** Venues whose organisation lies in one of the subtrees, with how many slot rules each has. */
export async function slotVenuesInScope(db: Db, paths: readonly string[]): Promise<{ publicId: string; name: string; rules: number }[]> {
  if (paths.length === 0) return [];
  const rows = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.public_id', 'sm_venue.name', (eb) => eb.selectFrom('ap_slot_rule').select(eb.fn.countAll<number>().as('n')).whereRef('ap_slot_rule.venue_id', '=', 'sm_venue.id').as('rules')])
    .where(sql<boolean>`(${sql.join(paths.map((p) => sql`organisation.path like ${likePrefix(p)} escape '\\'`), sql` or `)})`)
    .orderBy('sm_venue.name').orderBy('sm_venue.public_id').limit(2000).execute();
  return rows.map((r) => ({ publicId: r.public_id, name: r.name, rules: Number(r.rules ?? 0) }));
}

export interface OfferedItem { id: number; publicId: string; name: string }

/** The items a venue offers, by name (at most `limit`). */
export async function offeredItems(db: Db, venueId: number, limit = 300): Promise<OfferedItem[]> {
  const rows = await db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id')
    .select(['sm_item.id', 'sm_item.public_id', 'sm_item.name']).where('sm_venue_item.venue_id', '=', venueId)
    .orderBy('sm_item.name').orderBy('sm_item.public_id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), publicId: r.public_id, name: r.name }));
}

/** Of the given item public ids (or exact names), those the venue offers: typed text → item. */
export async function resolveOfferedItems(db: Db, venueId: number, typed: readonly string[]): Promise<Map<string, OfferedItem>> {
  const wanted = [...new Set(typed.filter((t) => t && t.length <= 200))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id')
    .select(['sm_item.id', 'sm_item.public_id', 'sm_item.name']).where('sm_venue_item.venue_id', '=', venueId)
    .where((eb) => eb.or([eb('sm_item.public_id', 'in', wanted), eb('sm_item.name', 'in', wanted)])).execute();
  const out = new Map<string, OfferedItem>();
  for (const r of rows) {
    const item = { id: Number(r.id), publicId: r.public_id, name: r.name };
    if (wanted.includes(r.public_id)) out.set(r.public_id, item);
    if (wanted.includes(r.name) && !out.has(r.name)) out.set(r.name, item);
  }
  return out;
}

export interface SavedRule {
  itemId: number | null;
  itemPublicId: string | null;
  itemName: string | null;
  weekdays: number[];
  startMin: number;
  endMin: number;
  capacity: number;
}

/** A venue's rules in their order, with their items' public ids and names. */
export async function rulesOf(db: Db, venueId: number): Promise<SavedRule[]> {
  const rows = await db.selectFrom('ap_slot_rule').leftJoin('sm_item', 'sm_item.id', 'ap_slot_rule.item_id')
    .select(['ap_slot_rule.item_id', 'sm_item.public_id', 'sm_item.name', 'ap_slot_rule.weekdays', 'ap_slot_rule.start_min', 'ap_slot_rule.end_min', 'ap_slot_rule.capacity'])
    .where('ap_slot_rule.venue_id', '=', venueId).orderBy('ap_slot_rule.position').execute();
  return rows.map((r) => ({
    itemId: r.item_id === null ? null : Number(r.item_id), itemPublicId: r.public_id ?? null, itemName: r.name ?? null,
    weekdays: r.weekdays.split(',').filter(Boolean).map(Number), startMin: Number(r.start_min), endMin: Number(r.end_min), capacity: Number(r.capacity),
  }));
}

/** Replaces a venue's rules (call inside the write's transaction). */
export async function replaceRules(trx: Db, venueId: number, rules: readonly Omit<SavedRule, 'itemPublicId' | 'itemName'>[], at: string): Promise<void> {
  await trx.deleteFrom('ap_slot_rule').where('venue_id', '=', venueId).execute();
  if (!rules.length) return;
  await trx.insertInto('ap_slot_rule').values(rules.map((r, i) => ({
    venue_id: venueId, item_id: r.itemId, weekdays: [...r.weekdays].sort((a, b) => a - b).join(','), start_min: r.startMin, end_min: r.endMin, capacity: r.capacity, position: i + 1, created_at: at,
  }))).execute();
}

export interface SavedException { dayOn: LocalDate; kind: 'closed' | 'open'; asWeekday: number | null; note: string }

/** A venue's exceptions from `from` on, by day. */
export async function exceptionsOf(db: Db, venueId: number, from: LocalDate): Promise<SavedException[]> {
  const rows = await db.selectFrom('ap_slot_exception').select(['day_on', 'kind', 'as_weekday', 'note']).where('venue_id', '=', venueId).where('day_on', '>=', from).orderBy('day_on').limit(1000).execute();
  return rows.map((r) => ({ dayOn: r.day_on, kind: r.kind === 'open' ? 'open' : 'closed', asWeekday: r.as_weekday === null ? null : Number(r.as_weekday), note: r.note }));
}

/** Replaces the venue's exceptions from `from` on (earlier days stay as they were). */
export async function replaceExceptionsFrom(trx: Db, venueId: number, from: LocalDate, list: readonly SavedException[], at: string): Promise<void> {
  await trx.deleteFrom('ap_slot_exception').where('venue_id', '=', venueId).where('day_on', '>=', from).execute();
  if (!list.length) return;
  await trx.insertInto('ap_slot_exception').values(list.map((e) => ({ venue_id: venueId, day_on: e.dayOn, kind: e.kind, as_weekday: e.kind === 'open' ? e.asWeekday : null, note: e.note, created_at: at }))).execute();
}

/** Sets one day's exception (replacing that day's). */
export async function putException(trx: Db, venueId: number, e: SavedException, at: string): Promise<void> {
  await trx.deleteFrom('ap_slot_exception').where('venue_id', '=', venueId).where('day_on', '=', e.dayOn).execute();
  await trx.insertInto('ap_slot_exception').values({ venue_id: venueId, day_on: e.dayOn, kind: e.kind, as_weekday: e.kind === 'open' ? e.asWeekday : null, note: e.note, created_at: at }).execute();
}

export async function deleteException(trx: Db, venueId: number, day: LocalDate): Promise<number> {
  const r = await trx.deleteFrom('ap_slot_exception').where('venue_id', '=', venueId).where('day_on', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export interface AheadBooking { reference: string; itemKey: number; itemName: string | null; startAt: string; endAt: string; dayOn: LocalDate; name: string }

/** The venue's bookings still to come (status booked), in time order. */
export async function bookingsAhead(db: Db, venueId: number, nowIso: string, limit = 500): Promise<AheadBooking[]> {
  const rows = await db.selectFrom('ap_appointment').leftJoin('sm_item', 'sm_item.id', 'ap_appointment.item_id')
    .select(['ap_appointment.public_id', 'ap_appointment.item_key', 'sm_item.name as item_name', 'ap_appointment.start_at', 'ap_appointment.end_at', 'ap_appointment.day_on', 'ap_appointment.name'])
    .where('ap_appointment.venue_id', '=', venueId).where('ap_appointment.start_at', '>=', nowIso).where('ap_appointment.status', '=', 'booked')
    .orderBy('ap_appointment.start_at').limit(limit).execute();
  return rows.map((r) => ({ reference: r.public_id, itemKey: Number(r.item_key), itemName: r.item_name ?? null, startAt: r.start_at, endAt: r.end_at, dayOn: r.day_on, name: r.name }));
}

/**
 * Up to `limit` venues that offer the item and have a rule for it (or a venue-wide rule), by
 * public id. Starts from the rules (few venues have any), then the venue–item index.
 */
export async function venuesWithRulesFor(db: Db, itemId: number, limit: number): Promise<{ id: number; publicId: string; name: string }[]> {
  const rows = await db.selectFrom('sm_venue')
    .select(['sm_venue.id', 'sm_venue.public_id', 'sm_venue.name'])
    .where((eb) => eb.exists(eb.selectFrom('ap_slot_rule').select('ap_slot_rule.id').whereRef('ap_slot_rule.venue_id', '=', 'sm_venue.id')
      .where((e) => e.or([e('ap_slot_rule.item_id', 'is', null), e('ap_slot_rule.item_id', '=', itemId)]))))
    .where((eb) => eb.exists(eb.selectFrom('sm_venue_item').select('sm_venue_item.item_id').whereRef('sm_venue_item.venue_id', '=', 'sm_venue.id').where('sm_venue_item.item_id', '=', itemId)))
    .where('sm_venue.id', 'in', (eb) => eb.selectFrom('ap_slot_rule').select('ap_slot_rule.venue_id'))
    .orderBy('sm_venue.public_id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), publicId: r.public_id, name: r.name }));
}

/** Public ids and names of items by row id (for the slots shown). */
export async function itemRefs(db: Db, ids: readonly number[]): Promise<Map<number, { publicId: string; name: string }>> {
  const wanted = [...new Set(ids.filter((i) => i > 0))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('sm_item').select(['id', 'public_id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [Number(r.id), { publicId: r.public_id, name: r.name }]));
}

/** A venue's row id and name by public id (the public slot API), or null. */
export async function publicVenue(db: Db, publicId: string): Promise<{ id: number; publicId: string; name: string } | null> {
  if (!publicId || publicId.length > 64) return null;
  const r = await db.selectFrom('sm_venue').select(['id', 'public_id', 'name']).where('public_id', '=', publicId).executeTakeFirst();
  return r ? { id: Number(r.id), publicId: r.public_id, name: r.name } : null;
}
