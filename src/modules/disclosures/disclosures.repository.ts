// Shell: storage of disclosure records for the staff side — rows, catalogue-item and record
// links, attachments, reviews, the append-only event log and published versions. Every function
// takes the caller's transaction where it writes (no nested transactions here).
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../schema.ts';
import { publiclyVisible, type DisclosureDetailTable, type DisclosureTable } from './disclosures.table.ts';

export type DisclosureRow = Selectable<DisclosureTable>;

/** Next serial of a 索引号 scope, atomically (INSERT … ON CONFLICT DO UPDATE … RETURNING on both dialects). */
export async function nextSerial(db: Db, scopeKey: string): Promise<number> {
  const r = await db
    .insertInto('disclosure_index_counter')
    .values({ scope_key: scopeKey, last_serial: 1 })
    .onConflict((oc) => oc.column('scope_key').doUpdateSet({ last_serial: sql<number>`disclosure_index_counter.last_serial + 1` }))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return Number(r.last_serial);
}

export async function insertRecord(db: Db, row: Insertable<DisclosureTable>): Promise<number> {
  const r = await db.insertInto('disclosure').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Updates a record only while it is still in `expectedState` (a lost race changes nothing and returns false). */
/** Updates a record still in `expectedState` (and, when given, still at `expectedVersion`); false when it changed meanwhile. */
export async function updateRecord(db: Db, id: number, expectedState: string, changes: Updateable<DisclosureTable>, expectedVersion?: number): Promise<boolean> {
  let q = db.updateTable('disclosure').set(changes).where('id', '=', id).where('state', '=', expectedState);
  if (expectedVersion !== undefined) q = q.where('version_no', '=', expectedVersion);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findRecord(db: Db, id: number): Promise<DisclosureRow | null> {
  return (await db.selectFrom('disclosure').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findByIndexNo(db: Db, indexNo: string): Promise<DisclosureRow | null> {
  return (await db.selectFrom('disclosure').selectAll().where('index_no', '=', indexNo).executeTakeFirst()) ?? null;
}

export interface StaffListRow {
  id: number;
  index_no: string;
  title: string;
  org_code: string;
  org_name: string;
  genre: string;
  state: string;
  formed_on: string;
  due_on: string | null;
  published_at: string | null;
  late_working_days: number | null;
  updated_at: string;
}

export async function listInScope(db: Db, paths: string[], opts: { state?: string; limit: number; offset: number }): Promise<{ rows: StaffListRow[]; total: number; counts: Record<string, number> }> {
  if (!paths.length) return { rows: [], total: 0, counts: {} };
  const scoped = () => db.selectFrom('disclosure as d').where((eb) => eb.or(paths.map((p) => eb('d.org_path', 'like', `${p}%`))));
  let q = scoped().innerJoin('organisation as o', 'o.code', 'd.org_code')
    .select(['d.id', 'd.index_no', 'd.title', 'd.org_code', 'o.name as org_name', 'd.genre', 'd.state', 'd.formed_on', 'd.due_on', 'd.published_at', 'd.late_working_days', 'd.updated_at']);
  if (opts.state) q = q.where('d.state', '=', opts.state);
  const rows = await q.orderBy('d.updated_at', 'desc').orderBy('d.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
  const countRows = await scoped().select(['d.state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('d.state').execute();
  const counts = Object.fromEntries(countRows.map((c) => [c.state, Number(c.n)]));
  const total = opts.state ? counts[opts.state] ?? 0 : Object.values(counts).reduce((a, b) => a + b, 0);
  return { rows, total, counts };
}

/** The event types that make someone a record's contributor (see contributorIds): they may not review it. */
const CONTRIBUTION_TYPES = ['created', 'edited', 'submitted', 'attachment_added', 'attachment_removed'];

/**
 * Records waiting for one reviewer's 保密审查: submitted, under `paths` (their reviewing grants), and
 * neither written nor changed nor submitted by them (第十七条: the review is someone else's check).
 */
function awaitingReviewBy(db: Db, paths: string[], reviewerId: number) {
  return db.selectFrom('disclosure as d')
    .where((eb) => eb.or(paths.map((p) => eb('d.org_path', 'like', `${p}%`))))
    .where('d.state', '=', 'submitted')
    .where((eb) => eb.or([eb('d.author_id', 'is', null), eb('d.author_id', '<>', reviewerId)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('disclosure_event as e').select('e.id')
      .whereRef('e.disclosure_id', '=', 'd.id').where('e.actor_id', '=', reviewerId).where('e.type', 'in', CONTRIBUTION_TYPES))));
}

export async function countAwaitingReview(db: Db, paths: string[], reviewerId: number): Promise<number> {
  if (!paths.length) return 0;
  const r = await awaitingReviewBy(db, paths, reviewerId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listAwaitingReview(db: Db, paths: string[], reviewerId: number, opts: { limit: number; offset: number }): Promise<StaffListRow[]> {
  if (!paths.length) return [];
  return awaitingReviewBy(db, paths, reviewerId).innerJoin('organisation as o', 'o.code', 'd.org_code')
    .select(['d.id', 'd.index_no', 'd.title', 'd.org_code', 'o.name as org_name', 'd.genre', 'd.state', 'd.formed_on', 'd.due_on', 'd.published_at', 'd.late_working_days', 'd.updated_at'])
    .orderBy('d.updated_at', 'desc').orderBy('d.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
}

export async function replaceCatalogItems(db: Db, id: number, items: { catalogId: number; itemKey: string }[]): Promise<void> {
  await db.deleteFrom('disclosure_catalog_item').where('disclosure_id', '=', id).execute();
  if (items.length) await db.insertInto('disclosure_catalog_item').values(items.map((i) => ({ disclosure_id: id, catalog_id: i.catalogId, item_key: i.itemKey }))).execute();
}

export async function catalogItemsOf(db: Db, id: number): Promise<{ catalogId: number; itemKey: string }[]> {
  const rows = await db.selectFrom('disclosure_catalog_item').select(['catalog_id', 'item_key']).where('disclosure_id', '=', id).orderBy('catalog_id').orderBy('item_key').execute();
  return rows.map((r) => ({ catalogId: r.catalog_id, itemKey: r.item_key }));
}

/** Replaces the links this record makes (from_id = id); links made by others to it stay. */
export async function replaceLinks(db: Db, id: number, links: { toId: number; kind: string }[]): Promise<void> {
  await db.deleteFrom('disclosure_link').where('from_id', '=', id).execute();
  if (links.length) await db.insertInto('disclosure_link').values(links.map((l) => ({ from_id: id, to_id: l.toId, kind: l.kind }))).execute();
}

export interface LinkView {
  id: number;
  indexNo: string;
  title: string;
  state: string;
  kind: string;
  /** 'out': this record links to it (e.g. interprets it); 'in': it links to this record. */
  direction: 'out' | 'in';
}

export async function linksOf(db: Db, id: number): Promise<LinkView[]> {
  const out = await db.selectFrom('disclosure_link as l').innerJoin('disclosure as d', 'd.id', 'l.to_id').select(['d.id', 'd.index_no', 'd.title', 'd.state', 'l.kind']).where('l.from_id', '=', id).execute();
  const inn = await db.selectFrom('disclosure_link as l').innerJoin('disclosure as d', 'd.id', 'l.from_id').select(['d.id', 'd.index_no', 'd.title', 'd.state', 'l.kind']).where('l.to_id', '=', id).execute();
  return [
    ...out.map((r) => ({ id: r.id, indexNo: r.index_no, title: r.title, state: r.state, kind: r.kind, direction: 'out' as const })),
    ...inn.map((r) => ({ id: r.id, indexNo: r.index_no, title: r.title, state: r.state, kind: r.kind, direction: 'in' as const })),
  ];
}

export async function insertAttachment(db: Db, a: { disclosureId: number; filename: string; mime: string; bytes: Buffer; at: string }): Promise<number> {
  const r = await db.insertInto('disclosure_attachment').values({ disclosure_id: a.disclosureId, filename: a.filename, mime: a.mime, size_bytes: a.bytes.length, content_base64: a.bytes.toString('base64'), created_at: a.at }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function attachmentsOf(db: Db, id: number): Promise<{ id: number; filename: string; mime: string; sizeBytes: number }[]> {
  const rows = await db.selectFrom('disclosure_attachment').select(['id', 'filename', 'mime', 'size_bytes']).where('disclosure_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, mime: r.mime, sizeBytes: r.size_bytes }));
}

export async function findAttachment(db: Db, attachmentId: number) {
  return (await db.selectFrom('disclosure_attachment').selectAll().where('id', '=', attachmentId).executeTakeFirst()) ?? null;
}

export async function deleteAttachment(db: Db, disclosureId: number, attachmentId: number): Promise<boolean> {
  const r = await db.deleteFrom('disclosure_attachment').where('id', '=', attachmentId).where('disclosure_id', '=', disclosureId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function insertReview(db: Db, r: { disclosureId: number; reviewerId: number; reviewerLabel: string; checklist: unknown; conclusion: string; reasons: string; at: string }): Promise<void> {
  await db.insertInto('disclosure_review').values({ disclosure_id: r.disclosureId, reviewer_id: r.reviewerId, reviewer_label: r.reviewerLabel, checklist_json: JSON.stringify(r.checklist), conclusion: r.conclusion, reasons: r.reasons, created_at: r.at }).execute();
}

export async function reviewsOf(db: Db, id: number) {
  const rows = await db.selectFrom('disclosure_review').selectAll().where('disclosure_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, reviewerLabel: r.reviewer_label, checklist: JSON.parse(r.checklist_json) as Record<string, string>, conclusion: r.conclusion, reasons: r.reasons, at: r.created_at }));
}

export async function appendEvent(db: Db, e: { disclosureId: number; type: string; data: unknown; actorId: number | null; actorLabel: string; at: string }): Promise<void> {
  const max = await db.selectFrom('disclosure_event').select((eb) => eb.fn.max('seq').as('m')).where('disclosure_id', '=', e.disclosureId).executeTakeFirst();
  await db.insertInto('disclosure_event').values({ disclosure_id: e.disclosureId, seq: Number(max?.m ?? 0) + 1, type: e.type, data_json: JSON.stringify(e.data), actor_id: e.actorId, actor_label: e.actorLabel, created_at: e.at }).execute();
}

export async function eventsOf(db: Db, id: number) {
  const rows = await db.selectFrom('disclosure_event').selectAll().where('disclosure_id', '=', id).orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, type: r.type, data: JSON.parse(r.data_json) as Record<string, unknown>, actorLabel: r.actor_label, at: r.created_at }));
}

export async function insertVersion(db: Db, v: { disclosureId: number; versionNo: number; title: string; bodyHtml: string; metadata: unknown; changeNote: string; at: string }): Promise<void> {
  await db.insertInto('disclosure_version').values({ disclosure_id: v.disclosureId, version_no: v.versionNo, title: v.title, body_html: v.bodyHtml, metadata_json: JSON.stringify(v.metadata), change_note: v.changeNote, created_at: v.at }).execute();
}

export async function deleteVersion(db: Db, disclosureId: number, versionNo: number): Promise<void> {
  await db.deleteFrom('disclosure_version').where('disclosure_id', '=', disclosureId).where('version_no', '=', versionNo).execute();
}

export async function versionsOf(db: Db, id: number) {
  const rows = await db.selectFrom('disclosure_version').select(['version_no', 'title', 'change_note', 'created_at']).where('disclosure_id', '=', id).orderBy('version_no', 'desc').execute();
  return rows.map((r) => ({ versionNo: r.version_no, title: r.title, changeNote: r.change_note, at: r.created_at }));
}

export async function listCategories(db: Db): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('disclosure_category').select(['code', 'name']).where('active', '=', 1).orderBy('sort_order').execute();
}

/** A record the public can see now, by 索引号 (for other modules: e.g. an application answered 已主动公开). */
export async function findPublicRecord(db: Db, indexNo: string, now: Date): Promise<{ indexNo: string; title: string; publishedOn: string } | null> {
  const r = await db.selectFrom('disclosure').select(['index_no', 'title', 'published_on']).where('index_no', '=', indexNo).where((eb) => publiclyVisible(eb, now.toISOString())).executeTakeFirst();
  return r && r.published_on ? { indexNo: r.index_no, title: r.title, publishedOn: r.published_on } : null;
}

/** Staff who wrote or submitted a record's content (its events other than reviews and publication). */
export async function contributorIds(db: Db, id: number): Promise<number[]> {
  const rows = await db.selectFrom('disclosure_event').select('actor_id').distinct()
    .where('disclosure_id', '=', id).where('type', 'in', CONTRIBUTION_TYPES).where('actor_id', 'is not', null).execute();
  return rows.map((r) => r.actor_id!);
}

/** A 新闻发布会 / 回应关切 record's own fields: replaced whole (none for other genres). */
export async function replaceDetail(db: Db, id: number, detail: Omit<Insertable<DisclosureDetailTable>, 'disclosure_id'> | null): Promise<void> {
  await db.deleteFrom('disclosure_detail').where('disclosure_id', '=', id).execute();
  if (detail) await db.insertInto('disclosure_detail').values({ ...detail, disclosure_id: id }).execute();
}

export async function detailOf(db: Db, id: number): Promise<Selectable<DisclosureDetailTable> | null> {
  return (await db.selectFrom('disclosure_detail').selectAll().where('disclosure_id', '=', id).executeTakeFirst()) ?? null;
}
