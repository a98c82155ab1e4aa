// Queries of the live queue (issue 22 §2): groups, tickets, events and the hourly figures.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import type { TicketStatus } from './tickets.ts';

export interface QueueGroup { code: string; name: string; itemIds: string[]; remote: boolean; position: number }

export async function listGroups(db: Db, venueId: number): Promise<QueueGroup[]> {
  const rows = await db.selectFrom('qu_group').selectAll().where('venue_id', '=', venueId).orderBy('position').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, itemIds: JSON.parse(r.item_ids) as string[], remote: Number(r.remote) === 1, position: Number(r.position) }));
}

export async function upsertGroup(db: Db, venueId: number, g: { code: string; name: string; itemIds: string[]; remote: boolean }): Promise<'created' | 'updated'> {
  const existing = await db.selectFrom('qu_group').select('id').where('venue_id', '=', venueId).where('code', '=', g.code).executeTakeFirst();
  if (existing) {
    await db.updateTable('qu_group').set({ name: g.name, item_ids: JSON.stringify(g.itemIds), remote: g.remote ? 1 : 0 }).where('id', '=', existing.id).execute();
    return 'updated';
  }
  const max = await db.selectFrom('qu_group').select((eb) => eb.fn.max<number>('position').as('p')).where('venue_id', '=', venueId).executeTakeFirst();
  await db.insertInto('qu_group').values({ venue_id: venueId, code: g.code, name: g.name, item_ids: JSON.stringify(g.itemIds), remote: g.remote ? 1 : 0, position: Number(max?.p ?? 0) + 1 }).execute();
  return 'created';
}

export interface TicketRow {
  id: number; publicId: string; venueId: number; groupCode: string; dayOn: string; number: string; source: string; accountId: number | null;
  status: TicketStatus; issuedAt: string; calledAt: string | null; finishedAt: string | null;
}

type RawTicket = { id: number; public_id: string; venue_id: number; group_code: string; day_on: string; number: string; source: string; account_id: number | null; status: string; issued_at: string; called_at: string | null; finished_at: string | null };
const toTicket = (r: RawTicket): TicketRow => ({
  id: Number(r.id), publicId: r.public_id, venueId: Number(r.venue_id), groupCode: r.group_code, dayOn: r.day_on, number: r.number, source: r.source,
  accountId: r.account_id === null ? null : Number(r.account_id), status: r.status as TicketStatus, issuedAt: r.issued_at, calledAt: r.called_at, finishedAt: r.finished_at,
});

export async function findTicketByNumber(db: Db, venueId: number, day: string, number: string): Promise<TicketRow | null> {
  const r = await db.selectFrom('qu_ticket').selectAll().where('venue_id', '=', venueId).where('day_on', '=', day).where('number', '=', number).executeTakeFirst();
  return r ? toTicket(r) : null;
}

export async function findTicket(db: Db, publicId: string): Promise<TicketRow | null> {
  if (!/^[A-Za-z0-9]{1,40}$/.test(publicId)) return null;
  const r = await db.selectFrom('qu_ticket').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  return r ? toTicket(r) : null;
}

export async function waitingTicketOf(db: Db, venueId: number, day: string, accountId: number): Promise<TicketRow | null> {
  const r = await db.selectFrom('qu_ticket').selectAll().where('venue_id', '=', venueId).where('day_on', '=', day).where('account_id', '=', accountId)
    .where('status', '=', 'waiting').executeTakeFirst();
  return r ? toTicket(r) : null;
}

/** The account's tickets of the day still in the queue (waiting or called), with their venue. */
export async function activeTicketsOf(db: Db, accountId: number, day: string): Promise<(TicketRow & { venueName: string; venuePublicId: string })[]> {
  const rows = await db.selectFrom('qu_ticket').innerJoin('sm_venue', 'sm_venue.id', 'qu_ticket.venue_id')
    .selectAll('qu_ticket').select(['sm_venue.name as venue_name', 'sm_venue.public_id as venue_public_id'])
    .where('qu_ticket.account_id', '=', accountId).where('qu_ticket.day_on', '=', day).where('qu_ticket.status', 'in', ['waiting', 'called'])
    .orderBy('qu_ticket.issued_at', 'desc').limit(20).execute();
  return rows.map((r) => ({ ...toTicket(r), venueName: r.venue_name, venuePublicId: r.venue_public_id }));
}

export async function countWaiting(db: Db, venueId: number, day: string): Promise<number> {
  const r = await db.selectFrom('qu_ticket').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_id', '=', venueId).where('day_on', '=', day).where('status', '=', 'waiting').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The serial of the day's next remote number of a group (AW001, AW002 …). */
export async function nextRemoteSerial(db: Db, venueId: number, day: string, group: string): Promise<number> {
  const r = await db.selectFrom('qu_ticket').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('venue_id', '=', venueId).where('day_on', '=', day).where('group_code', '=', group).where('source', '=', 'remote').executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

/** People waiting ahead of a ticket in its group (issued before it). */
export async function aheadOf(db: Db, t: TicketRow): Promise<number> {
  const r = await db.selectFrom('qu_ticket').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('venue_id', '=', t.venueId).where('day_on', '=', t.dayOn).where('group_code', '=', t.groupCode).where('status', '=', 'waiting')
    .where((eb) => eb.or([eb('issued_at', '<', t.issuedAt), eb.and([eb('issued_at', '=', t.issuedAt), eb('id', '<', t.id)])]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface GroupLive { code: string; waiting: number; calling: string | null; callTimes: string[] }

/** Per group of a venue today: people waiting, the number called last, today's recent call times. */
export async function liveByGroup(db: Db, venueId: number, day: string): Promise<Map<string, GroupLive>> {
  const out = new Map<string, GroupLive>();
  const get = (code: string) => {
    let g = out.get(code);
    if (!g) { g = { code, waiting: 0, calling: null, callTimes: [] }; out.set(code, g); }
    return g;
  };
  const waiting = await db.selectFrom('qu_ticket').select(['group_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('venue_id', '=', venueId).where('day_on', '=', day).where('status', '=', 'waiting').groupBy('group_code').execute();
  for (const w of waiting) get(w.group_code).waiting = Number(w.n);
  const called = await db.selectFrom('qu_ticket').select(['group_code', 'number', 'called_at', 'status'])
    .where('venue_id', '=', venueId).where('day_on', '=', day).where('called_at', 'is not', null)
    .orderBy('called_at', 'desc').limit(400).execute();
  const seen = new Set<string>();
  for (const c of called) {
    const g = get(c.group_code);
    // 正在叫号 is the group's latest call — unless that person was then skipped (过号): nobody is being called
    if (!seen.has(c.group_code)) { seen.add(c.group_code); g.calling = c.status === 'no_show' ? null : c.number; }
    if (g.callTimes.length < 10) g.callTimes.push(c.called_at as string);
  }
  return out;
}

/** Which of `publicIds` the venue offers (one indexed read; the picker shows only the first 200 of a big venue's items). */
export async function offeredItemIds(db: Db, venueId: number, publicIds: readonly string[]): Promise<Set<string>> {
  if (!publicIds.length) return new Set();
  const rows = await db.selectFrom('sm_item').innerJoin('sm_venue_item', 'sm_venue_item.item_id', 'sm_item.id').select('sm_item.public_id')
    .where('sm_item.public_id', 'in', [...publicIds]).where('sm_venue_item.venue_id', '=', venueId).execute();
  return new Set(rows.map((r) => r.public_id));
}

/** Adds to the venue's figures of one local hour (qu_hourly), creating the row; max_waiting only grows. */
export async function addHourly(db: Db, venueId: number, day: string, hour: number, add: { issued: number; called: number; waitSum: number; waiting: number }): Promise<void> {
  await db.insertInto('qu_hourly').values({ venue_id: venueId, day_on: day, hour, issued: add.issued, called: add.called, wait_sum_min: add.waitSum, max_waiting: add.waiting })
    .onConflict((oc) => oc.columns(['venue_id', 'day_on', 'hour']).doUpdateSet({
      issued: sql`qu_hourly.issued + ${add.issued}`,
      called: sql`qu_hourly.called + ${add.called}`,
      wait_sum_min: sql`qu_hourly.wait_sum_min + ${add.waitSum}`,
      max_waiting: sql`CASE WHEN qu_hourly.max_waiting > ${add.waiting} THEN qu_hourly.max_waiting ELSE ${add.waiting} END`,
    }))
    .execute();
}
