// Shell: SQL for application cases, their event log, attachments and internal targets.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../schema.ts';
import type { ApplicationCaseTable } from './applications.table.ts';
import type { CaseEvent } from './workflow.ts';

export type CaseRow = Selectable<ApplicationCaseTable>;

export interface StoredEvent extends CaseEvent {
  seq: number;
  actorLabel: string;
  at: string;
}

export async function insertCase(db: Db, row: Insertable<ApplicationCaseTable>): Promise<number> {
  const r = await db.insertInto('application_case').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findCaseByReference(db: Db, reference: string): Promise<CaseRow | null> {
  return (await db.selectFrom('application_case').selectAll().where('reference', '=', reference).executeTakeFirst()) ?? null;
}

export async function findCaseByIdempotencyKey(db: Db, key: string): Promise<CaseRow | null> {
  return (await db.selectFrom('application_case').selectAll().where('idempotency_key', '=', key).executeTakeFirst()) ?? null;
}

export async function updateCase(db: Db, id: number, changes: Updateable<ApplicationCaseTable>): Promise<void> {
  await db.updateTable('application_case').set(changes).where('id', '=', id).execute();
}

export async function listEvents(db: Db, caseId: number): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('application_event').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map((r) => ({ type: r.type as CaseEvent['type'], on: r.event_on, data: JSON.parse(r.data_json) as Record<string, unknown>, seq: Number(r.seq), actorLabel: r.actor_label, at: r.created_at }));
}

/** Appends events after `lastSeq` (the unique (case_id, seq) key refuses a concurrent writer). */
export async function appendEvents(db: Db, caseId: number, lastSeq: number, events: readonly CaseEvent[], actor: { id: number | null; label: string }, at: Date): Promise<void> {
  if (!events.length) return;
  await db.insertInto('application_event').values(events.map((e, i) => ({
    case_id: caseId, seq: lastSeq + i + 1, type: e.type, event_on: e.on, data_json: JSON.stringify(e.data), actor_id: actor.id, actor_label: actor.label, created_at: at.toISOString(),
  }))).execute();
}

/** Cases whose clock may still matter (not delivered, closed or withdrawn). */
export async function listOpenCaseIds(db: Db, onlyProvisional = false): Promise<number[]> {
  let q = db.selectFrom('application_case').select('id').where('stage', 'in', ['awaiting_confirmation', 'registered', 'awaiting_correction', 'assigned', 'in_consultation', 'awaiting_payment', 'decided']);
  if (onlyProvisional) q = q.where('due_provisional', '=', 1);
  return (await q.orderBy('id').execute()).map((r) => Number(r.id));
}

export async function findCaseById(db: Db, id: number): Promise<CaseRow | null> {
  return (await db.selectFrom('application_case').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Which cases a queue holds: stages and a due-date window (`dueBefore` is exclusive and skips cases without a due date). */
export interface CaseFilter { stages?: string[]; dueFrom?: string; dueTo?: string; dueBefore?: string }

function casesIn(db: Db, paths: string[], f: CaseFilter) {
  let q = db.selectFrom('application_case')
    .where((eb) => eb.or(paths.flatMap((p) => [eb('org_path', 'like', `${p}%`), eb('assigned_org_path', 'like', `${p}%`)])));
  if (f.stages) q = q.where('stage', 'in', f.stages);
  if (f.dueFrom) q = q.where('due_on', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('due_on', '<=', f.dueTo);
  if (f.dueBefore) q = q.where('due_on', 'is not', null).where('due_on', '<', f.dueBefore);
  return q;
}

/** Cases in any of the subtree paths (by answering or assigned organisation), earliest due first. */
export async function listCasesIn(db: Db, paths: string[], opts: CaseFilter & { limit: number }): Promise<CaseRow[]> {
  if (!paths.length) return [];
  return casesIn(db, paths, opts).selectAll().orderBy('due_on').orderBy('id', 'desc').limit(opts.limit).execute();
}

/** How many cases a filter holds (the queue counts: never capped by a page size). */
export async function countCasesIn(db: Db, paths: string[], f: CaseFilter): Promise<number> {
  if (!paths.length) return 0;
  const r = await casesIn(db, paths, f).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Counts for statistics: cases of organisations under `path` by their receipt/closure dates. */
export async function statisticsRows(db: Db, path: string, to: string) {
  return db.selectFrom('application_case')
    .select(['org_code', 'received_on', 'submitted_on', 'closed_on', 'delivered_on', 'due_on'])
    .where('org_path', 'like', `${path}%`).where('submitted_on', '<=', to).execute();
}

export async function getTargets(db: Db, orgCode: string) {
  return (await db.selectFrom('application_target').selectAll().where('org_code', '=', orgCode).executeTakeFirst()) ?? null;
}

export async function saveTargets(db: Db, orgCode: string, t: { register_days: number; assign_days: number; draft_days: number; reply_days: number; review_body: string | null; court: string | null }, at: Date): Promise<void> {
  const existing = await getTargets(db, orgCode);
  if (existing) await db.updateTable('application_target').set({ ...t, updated_at: at.toISOString() }).where('org_code', '=', orgCode).execute();
  else await db.insertInto('application_target').values({ org_code: orgCode, ...t, updated_at: at.toISOString() }).execute();
}

export async function insertAttachment(db: Db, a: { case_id: number; kind: string; filename: string; mime: string; content_base64: string }, at: Date): Promise<number> {
  const r = await db.insertInto('application_attachment').values({ ...a, created_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listAttachments(db: Db, caseId: number) {
  return db.selectFrom('application_attachment').select(['id', 'kind', 'filename', 'mime', 'created_at']).where('case_id', '=', caseId).orderBy('id').execute();
}

export async function getAttachment(db: Db, caseId: number, id: number) {
  return (await db.selectFrom('application_attachment').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Organisations that can receive applications (not village committees), optionally within paths. */
export async function listAgencies(db: Db, paths: string[] | null): Promise<{ code: string; name: string; path: string }[]> {
  let q = db.selectFrom('organisation').select(['code', 'name', 'path']).where('disabled', '=', 0).where('kind', '!=', 'village_committee');
  if (paths) {
    if (!paths.length) return [];
    q = q.where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))));
  }
  return q.orderBy('path').limit(1000).execute();
}

/**
 * 国办函〔2020〕109号 counts requests per applicant per calendar month: the position of this case
 * among the same applicant's cases (same ID number, or the same name when none) received that month.
 */
export async function nthRequestInMonth(db: Db, row: CaseRow): Promise<number> {
  const got = row.received_on ?? row.submitted_on;
  const month = got.slice(0, 7);
  let q = db.selectFrom('application_case').select(['id', 'received_on', 'submitted_on']);
  q = row.applicant_id_number ? q.where('applicant_id_number', '=', row.applicant_id_number) : q.where('applicant_name', '=', row.applicant_name);
  const rows = (await q.execute()).map((r) => ({ id: Number(r.id), on: r.received_on ?? r.submitted_on })).filter((r) => r.on.slice(0, 7) === month);
  rows.sort((a, b) => a.on.localeCompare(b.on) || a.id - b.id);
  return rows.findIndex((r) => r.id === row.id) + 1;
}

const RULES_KEY = 'applications_clock_rules';

export async function getStoredRules(db: Db): Promise<Record<string, unknown>> {
  const r = await db.selectFrom('install_state').select('value').where('key', '=', RULES_KEY).executeTakeFirst();
  if (!r) return {};
  try { return JSON.parse(r.value) as Record<string, unknown>; } catch { return {}; }
}

export async function saveStoredRules(db: Db, value: Record<string, unknown>): Promise<void> {
  const json = JSON.stringify(value);
  const done = await db.updateTable('install_state').set({ value: json }).where('key', '=', RULES_KEY).executeTakeFirst();
  if (!Number(done.numUpdatedRows)) await db.insertInto('install_state').values({ key: RULES_KEY, value: json }).execute();
}
