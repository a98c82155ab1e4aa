// Shell: SQL for messages and 12345 work orders, their event log, categories, deadline classes,
// routing rules and photos. The message row is a projection of its events, rewritten in the same
// transaction as every append.
import type { ExpressionBuilder, Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../schema.ts';
import type { DeadlineClass } from './deadlines.ts';
import type { MessageEvent, MessageState, RoutingRule } from './workflow.ts';
import type { MessageTable } from './interaction.table.ts';
import { publicLocation, regionPlaceName, roundCoordinate, type PublicLocation } from './location-privacy.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';

export type MessageRow = Selectable<MessageTable>;

export interface Category {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: string[];
  attributes: Open311Attribute[];
  defaultClass: string;
  isDisclosure: boolean;
  active: boolean;
}

export interface Open311Attribute {
  code: string;
  description: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description?: string;
  values?: { key: string; name: string }[];
}

export async function loadClasses(db: Db): Promise<DeadlineClass[]> {
  const rows = await db.selectFrom('message_deadline_class').selectAll().orderBy('working_days').execute();
  return rows.map((r) => ({ code: r.code, label: r.label, workingDays: Number(r.working_days) }));
}

export async function loadCategories(db: Db, activeOnly = true): Promise<Category[]> {
  let q = db.selectFrom('message_category').selectAll().orderBy('sort_order').orderBy('code');
  if (activeOnly) q = q.where('active', '=', 1);
  return (await q.execute()).map((r) => ({
    code: r.code, name: r.name, description: r.description, group: r.group_name,
    keywords: r.keywords ? r.keywords.split(',').filter(Boolean) : [], attributes: JSON.parse(r.attributes_json) as Open311Attribute[],
    defaultClass: r.default_class, isDisclosure: !!r.is_disclosure, active: !!r.active,
  }));
}

export async function loadRules(db: Db): Promise<RoutingRule[]> {
  const rows = await db.selectFrom('message_routing_rule').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), categoryCode: r.category_code, regionPrefix: r.region_prefix, orgCode: r.org_code, classCode: r.class_code }));
}

export async function findMessage(db: Db, reference: string): Promise<MessageRow | null> {
  return (await db.selectFrom('message').selectAll().where('reference', '=', reference).executeTakeFirst()) ?? null;
}

export async function findMessageById(db: Db, id: number): Promise<MessageRow | null> {
  return (await db.selectFrom('message').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findByIdempotencyKey(db: Db, key: string): Promise<MessageRow | null> {
  return (await db.selectFrom('message').selectAll().where('idempotency_key', '=', key).executeTakeFirst()) ?? null;
}

export async function referenceTaken(db: Db, reference: string): Promise<boolean> {
  return !!(await db.selectFrom('message').select('id').where('reference', '=', reference).executeTakeFirst());
}

export interface StoredEvent {
  seq: number;
  at: string;
  actorLabel: string;
  event: MessageEvent;
}

export async function loadEvents(db: Db, messageId: number): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('message_event').selectAll().where('message_id', '=', messageId).orderBy('seq').execute();
  return rows.map((r) => ({ seq: Number(r.seq), at: r.at, actorLabel: r.actor_label, event: { type: r.type, on: r.happened_on, ...JSON.parse(r.data_json) } as MessageEvent }));
}

export async function insertMessage(db: Db, row: Insertable<MessageTable>): Promise<number> {
  const r = await db.insertInto('message').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Appends events after `fromSeq` (the unique (message_id, seq) key refuses a concurrent append). */
export async function appendEvents(db: Db, messageId: number, fromSeq: number, events: MessageEvent[], at: Date, actor: { id: number | null; label: string }): Promise<void> {
  if (!events.length) return;
  await db.insertInto('message_event').values(events.map((e, i) => {
    const { type, on, ...data } = e;
    return { message_id: messageId, seq: fromSeq + i + 1, type, happened_on: on, at: at.toISOString(), actor_id: actor.id, actor_label: actor.label, data_json: JSON.stringify(data) };
  })).execute();
}

/** Open messages whose deadline is 暂定 (stored flag), oldest first. */
export async function listProvisionalOpenIds(db: Db, terminal: readonly string[]): Promise<number[]> {
  const rows = await db.selectFrom('message').select('id').where('due_provisional', '=', 1).where('due_on', 'is not', null).where('stage', 'not in', [...terminal]).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Rewrites the projection columns from the folded state. */
export async function saveProjection(db: Db, messageId: number, s: MessageState, extra: { assigneePath: string | null; eventCount: number; at: Date; events: MessageEvent[] }): Promise<void> {
  const lastOf = (type: MessageEvent['type']) => extra.events.filter((e) => e.type === type).at(-1)?.on;
  await db.updateTable('message').set({
    stage: s.stage, assignee_org: s.assigneeOrg, assignee_path: extra.assigneePath, class_code: s.classCode, due_on: s.dueOn,
    original_due_on: s.originalDueOn, due_explanation: s.dueExplanation,
    // A log from before the flag existed (null) keeps the stored column (set by migration 0018).
    ...(s.dueProvisional === null ? {} : { due_provisional: s.dueProvisional && s.dueOn ? 1 : 0 }), sensitive: s.sensitive ? 1 : 0, is_public: s.isPublic ? 1 : 0,
    reopened: s.reopened ? 1 : 0, response: s.response, closed_on: s.closedOn, rating: s.rating, application_ref: s.applicationRef,
    event_count: extra.eventCount, updated_at: extra.at.toISOString(),
    ...(lastOf('assigned') || lastOf('escalated') ? { assigned_on: lastOf('escalated') ?? lastOf('assigned') ?? null } : {}),
    ...(lastOf('replied') ? { replied_on: lastOf('replied') ?? null } : {}),
    ...(lastOf('responded') ? { responded_on: lastOf('responded') ?? null } : {}),
  }).where('id', '=', messageId).execute();
}

export async function insertPhotos(db: Db, messageId: number, photos: { contentType: string; data: Buffer }[], at: Date): Promise<void> {
  if (!photos.length) return;
  await db.insertInto('message_photo').values(photos.map((p) => ({ message_id: messageId, content_type: p.contentType, size: p.data.length, data: p.data, created_at: at.toISOString() }))).execute();
}

export async function listPhotoIds(db: Db, messageId: number): Promise<number[]> {
  return (await db.selectFrom('message_photo').select('id').where('message_id', '=', messageId).orderBy('id').execute()).map((r) => Number(r.id));
}

export async function findPhoto(db: Db, messageId: number, photoId: number): Promise<{ contentType: string; data: Buffer } | null> {
  const r = await db.selectFrom('message_photo').select(['content_type', 'data']).where('message_id', '=', messageId).where('id', '=', photoId).executeTakeFirst();
  return r ? { contentType: r.content_type, data: Buffer.from(r.data) } : null;
}

// ---- Lists -------------------------------------------------------------------------------

type MessageEb = ExpressionBuilder<Database, 'message'>;
const within = (eb: MessageEb, col: 'org_path' | 'assignee_path', paths: string[]) => eb.or(paths.map((p) => eb(col, 'like', `${p}%`)));
const inEither = (eb: MessageEb, paths: string[]) => eb.or([within(eb, 'org_path', paths), within(eb, 'assignee_path', paths)]);
const OPEN = ['accepted', 'assigned', 'in_progress', 'replied', 'awaiting_review'];

export interface QueueFilter {
  /** Subtrees the caller works in (the dispatcher's and the handling unit's). */
  paths: string[];
  /** to_accept: 留言 waiting to be 受理 by the unit; to_sign: 交办 waiting to be 签收 by the handling unit. */
  view: 'dispatch' | 'to_accept' | 'to_sign' | 'handling' | 'due_soon' | 'overdue' | 'review' | 'all';
  today: string;
  soonOn: string;
  limit: number;
  offset: number;
}

function queueQuery(db: Db, f: Omit<QueueFilter, 'limit' | 'offset'>) {
  let q = db.selectFrom('message');
  switch (f.view) {
    case 'dispatch': q = q.where((eb) => within(eb, 'org_path', f.paths)).where('stage', 'in', ['submitted', 'accepted']); break;
    case 'to_accept': q = q.where((eb) => within(eb, 'org_path', f.paths)).where('stage', '=', 'submitted'); break;
    case 'to_sign': q = q.where((eb) => within(eb, 'assignee_path', f.paths)).where('stage', '=', 'assigned'); break;
    case 'handling': q = q.where((eb) => within(eb, 'assignee_path', f.paths)).where('stage', 'in', ['assigned', 'in_progress', 'replied']); break;
    case 'review': q = q.where((eb) => inEither(eb, f.paths)).where('stage', '=', 'awaiting_review'); break;
    case 'due_soon': q = q.where((eb) => inEither(eb, f.paths)).where('stage', 'in', OPEN).where('due_on', '>=', f.today).where('due_on', '<=', f.soonOn); break;
    case 'overdue': q = q.where((eb) => inEither(eb, f.paths)).where('stage', 'in', OPEN).where('due_on', '<', f.today); break;
    case 'all': q = q.where((eb) => inEither(eb, f.paths)); break;
  }
  return q;
}

export async function listQueue(db: Db, f: QueueFilter): Promise<{ rows: MessageRow[]; total: number }> {
  if (!f.paths.length) return { rows: [], total: 0 };
  const q = queueQuery(db, f);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy(f.view === 'all' ? 'received_on' : 'due_on', f.view === 'all' ? 'desc' : 'asc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** How many messages a queue view holds (one COUNT over the indexed org/assignee path and stage): the staff home page's numbers. */
export async function countQueue(db: Db, f: Omit<QueueFilter, 'limit' | 'offset'>): Promise<number> {
  if (!f.paths.length) return 0;
  const r = await queueQuery(db, f).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export const PUBLIC_STAGES = ['accepted', 'assigned', 'in_progress', 'replied', 'awaiting_review', 'responded', 'rated', 'closed'];

/**
 * The messages the public may see — public, not sensitive, accepted (never 待受理, 不予受理,
 * converted or private ones): the one rule of the public list, Open311 and the home page's replies.
 */
export function publicMessages(db: Db) {
  return db.selectFrom('message').where('is_public', '=', 1).where('sensitive', '=', 0).where('stage', 'in', PUBLIC_STAGES);
}

export interface PublicFilter { q?: string; category?: string; org?: string; limit: number; offset: number }

/**
 * Most messages a public search with digits looks through. The public sees title, content and
 * response with ID and mobile numbers masked (139****5678); matching the stored text would let a
 * search find the hidden digits one by one ("电话1391", "电话13912", …). A search with digits, '+'
 * (the mask drops +86) or '*' is therefore matched against the masked text, after the database has
 * narrowed the candidates with the same LIKE (each run of '*' a wildcard there).
 */
const MASKED_SEARCH_CANDIDATES = 5000;

/** Public, non-sensitive, accepted messages (never 待受理, 不予受理 or private ones). */
export async function listPublic(db: Db, f: PublicFilter): Promise<{ rows: MessageRow[]; total: number }> {
  let q = publicMessages(db);
  if (f.category) q = q.where('category_code', '=', f.category);
  if (f.org) q = q.where('org_code', '=', f.org);
  if (f.q) {
    // '%' and '_' typed by the citizen are literal: escape them, with the same ESCAPE on both dialects.
    const escaped = f.q.replace(/[%_!]/g, (c) => `!${c}`);
    const masked = /[\d+*]/.test(f.q);
    // A search for masked text (139****5678, copied from a page) finds the stored digits under the stars.
    const like = `%${masked ? escaped.replace(/\*+/g, '%') : escaped}%`;
    const has = (col: 'title' | 'content' | 'response') => sql<boolean>`${sql.ref(col)} like ${like} escape '!'`;
    q = q.where((eb) => eb.or([has('title'), has('content'), has('response'), eb('reference', '=', f.q ?? '')]));
    if (masked) {
      const needle = f.q.toLowerCase();
      const candidates = await q.selectAll().orderBy('received_on', 'desc').orderBy('id', 'desc').limit(MASKED_SEARCH_CANDIDATES).execute();
      const hits = candidates.filter((m) => m.reference === f.q || [m.title, m.content, m.response ?? ''].some((t) => maskPersonalData(t).toLowerCase().includes(needle)));
      return { rows: hits.slice(f.offset, f.offset + f.limit), total: hits.length };
    }
  }
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('received_on', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Open messages of a category about the same organisation, near a point (for the duplicate hint). */
export async function findSimilarOpen(db: Db, opts: { category: string; org: string; lat: number | null; lng: number | null; limit: number }): Promise<MessageRow[]> {
  let q = db.selectFrom('message').selectAll().where('category_code', '=', opts.category).where('org_code', '=', opts.org)
    .where('is_public', '=', 1).where('sensitive', '=', 0).where('stage', 'in', ['accepted', 'assigned', 'in_progress', 'replied', 'awaiting_review']);
  if (opts.lat !== null && opts.lng !== null) {
    // About 1 km: 0.01° of latitude ≈ 1.1 km. The point asked about is first rounded to the public
    // grid: otherwise probing with moving points would find a message's box edges, and so its exact
    // coordinates, which are public only when the citizen ticked 公开详细地址.
    const lat = roundCoordinate(opts.lat) as number;
    const lng = roundCoordinate(opts.lng) as number;
    q = q.where('lat', '>=', lat - 0.01).where('lat', '<=', lat + 0.01).where('lng', '>=', lng - 0.012).where('lng', '<=', lng + 0.012);
  }
  return q.orderBy('received_on', 'desc').limit(opts.limit).execute();
}

/**
 * The township/village names of messages' region codes (short forms: 9 digits a township, 12 a
 * village), keyed by the short code: 磁州镇, or 磁州镇阜才社区.
 */
async function regionPlaces(db: Db, codes: (string | null)[]): Promise<Map<string, string>> {
  const short = [...new Set(codes.filter((c): c is string => !!c && /^\d{9}(\d{3})?$/.test(c)))];
  if (!short.length) return new Map();
  const wanted = [...new Set(short.flatMap((c) => [c.slice(0, 9).padEnd(12, '0'), c.padEnd(12, '0')]))];
  const rows = await db.selectFrom('region').select(['code', 'name']).where('code', 'in', wanted).execute();
  const names = new Map(rows.map((r) => [r.code, r.name]));
  const out = new Map<string, string>();
  for (const c of short) {
    const township = names.get(c.slice(0, 9).padEnd(12, '0')) ?? null;
    const village = c.length === 12 ? names.get(c) ?? null : null;
    const place = regionPlaceName(township, village);
    if (place) out.set(c, place);
  }
  return out;
}

/** The public view of each message's location (see location-privacy.ts), keyed by message id. */
export async function publicLocations(db: Db, rows: MessageRow[]): Promise<Map<number, PublicLocation>> {
  const places = await regionPlaces(db, rows.map((m) => m.region_code));
  return new Map(rows.map((m) => [m.id, publicLocation(m, m.region_code ? places.get(m.region_code) ?? null : null)]));
}

// ---- Statistics --------------------------------------------------------------------------

export interface StatRow {
  org: string; name: string; orgPath: string; assigneePath: string | null; source: string; stage: string; receivedOn: string;
  assignedOn: string | null; repliedOn: string | null; closedOn: string | null; dueOn: string | null; originalDueOn: string | null; closedOnEstimated: boolean;
}

/**
 * Every message or work order that counts for the period [from, to]: received, due (before or
 * after extension) or closed in it; inside `paths` (organisation subtrees: the row's organisation
 * or its handling unit) when given. The caller still checks each row (statistics are scoped).
 */
export async function statRows(db: Db, from: string, to: string, f: { paths: string[] | null; source: 'all' | 'hotline' | 'messages' }): Promise<StatRow[]> {
  if (f.paths && !f.paths.length) return [];
  const inRange = (eb: ExpressionBuilder<Database, 'message'>, col: 'received_on' | 'due_on' | 'original_due_on' | 'closed_on') => eb.and([eb(col, '>=', from), eb(col, '<=', to)]);
  let q = db.selectFrom('message')
    .where((eb) => eb.or([inRange(eb, 'received_on'), inRange(eb, 'due_on'), inRange(eb, 'original_due_on'), inRange(eb, 'closed_on')]));
  if (f.paths) q = q.where((eb) => inEither(eb, f.paths as string[]));
  if (f.source === 'hotline') q = q.where('source', '=', 'hotline');
  if (f.source === 'messages') q = q.where('source', '!=', 'hotline');
  const rows = await q.select(['org_code', 'assignee_org', 'org_path', 'assignee_path', 'source', 'stage', 'received_on', 'assigned_on', 'replied_on', 'closed_on', 'due_on', 'original_due_on', 'closed_on_estimated']).orderBy('id').execute();
  const codes = [...new Set(rows.map((r) => r.assignee_org ?? r.org_code))];
  const names = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const o of await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', codes.slice(i, i + 500)).execute()) names.set(o.code, o.name);
  }
  return rows.map((r) => {
    const org = r.assignee_org ?? r.org_code;
    return {
      org, name: names.get(org) ?? org, orgPath: r.org_path, assigneePath: r.assignee_path, source: r.source, stage: r.stage, receivedOn: r.received_on,
      assignedOn: r.assigned_on, repliedOn: r.replied_on, closedOn: r.closed_on, dueOn: r.due_on, originalDueOn: r.original_due_on, closedOnEstimated: !!r.closed_on_estimated,
    };
  });
}

/** 12345 work orders inside `paths` (the row's organisation or its handling unit), newest call first. */
export async function listHotline(db: Db, f: { paths: string[]; limit: number; offset: number }): Promise<{ rows: MessageRow[]; total: number }> {
  if (!f.paths.length) return { rows: [], total: 0 };
  const q = db.selectFrom('message').where('source', '=', 'hotline').where((eb) => inEither(eb, f.paths));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('called_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * One batch of the 12345 export inside `paths`, newest call first, after the last row of the
 * previous batch (keyset on 来电时间 then id, both descending): every order is read once, however
 * many there are and whatever is imported meanwhile.
 */
export async function hotlineBatch(db: Db, f: { paths: string[]; after: { calledAt: string; id: number } | null; limit: number }): Promise<MessageRow[]> {
  if (!f.paths.length) return [];
  let q = db.selectFrom('message').selectAll().where('source', '=', 'hotline').where((eb) => inEither(eb, f.paths));
  const after = f.after;
  if (after) q = q.where((eb) => eb.or([eb('called_at', '<', after.calledAt), eb.and([eb('called_at', '=', after.calledAt), eb('id', '<', after.id)])]));
  return q.orderBy('called_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

export async function totals(db: Db): Promise<{ received: number; assigned: number; replied: number; closed: number }> {
  const r = await db.selectFrom('message').select([
    sql<number>`count(*)`.as('received'),
    sql<number>`sum(case when assigned_on is not null then 1 else 0 end)`.as('assigned'),
    sql<number>`sum(case when replied_on is not null then 1 else 0 end)`.as('replied'),
    sql<number>`sum(case when closed_on is not null then 1 else 0 end)`.as('closed'),
  ]).executeTakeFirstOrThrow();
  return { received: Number(r.received), assigned: Number(r.assigned ?? 0), replied: Number(r.replied ?? 0), closed: Number(r.closed ?? 0) };
}

// ---- Open311 -----------------------------------------------------------------------------

export interface Open311Filter { ids?: string[]; org?: string; serviceCode?: string; start?: string; end?: string; status?: 'open' | 'closed'; limit: number }

export async function listForOpen311(db: Db, f: Open311Filter): Promise<MessageRow[]> {
  // The same messages as the public list: not yet accepted (unmoderated, may still be marked
  // sensitive), rejected and converted (a 依申请公开 application is never public) stay out.
  let q = publicMessages(db).selectAll();
  if (f.ids?.length) q = q.where('reference', 'in', f.ids);
  // jurisdiction_id: the organisation and its departments (codes '130427', '130427-gkb', …).
  if (f.org) q = q.where((eb) => eb.or([eb('org_code', '=', f.org as string), eb('org_code', 'like', `${f.org as string}-%`)]));
  if (f.serviceCode) q = q.where('category_code', '=', f.serviceCode);
  if (f.start) q = q.where('created_at', '>=', f.start);
  if (f.end) q = q.where('created_at', '<=', f.end);
  if (f.status === 'closed') q = q.where('stage', '=', 'closed');
  if (f.status === 'open') q = q.where('stage', '!=', 'closed');
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
