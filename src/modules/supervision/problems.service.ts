// Shell: 问题清单 / 整改台账 commands and queries. Every action runs in one transaction: read the
// problem's event log, judge the command with the pure `decide`, append its events, store the
// folded state on the row (open_key released once closed or dismissed), keep evidence files, and
// write the audit row. Every read and write is scoped: the responsible organisation's staff
// (editor/admin/supervisor over the problem's organisation) and the supervising 政务公开办
// (supervisor/admin of an openness_office, over its government's subtree — identityService.officeScopes)
// see a problem; nobody sees another tree's.
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { isLocalDate, type LocalDate } from '../../platform/clock/local-date.ts';
import { isUniqueViolation } from '../../platform/db/db.ts';
import { checkUpload } from '../../platform/files/file-type.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { conflict, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, identityService, scopePaths, type Actor } from '../identity/index.ts';
import { decide, fold, isOverdue, rowChanges, TO_RECTIFY, type ActorSide, type Command, type ProblemEvent, type ProblemStateCode, type Refusal } from './problem-workflow.ts';
import { parseMonth } from './deadline-classes.ts';
import { ps } from './problems.strings.ts';
import { RULES } from './rules.ts';

/** The title of a shipped rule (rules.ts) or of an office's manual check item. */
const RULE_TITLES = new Map(RULES.map((r) => [r.code, r.title]));
const withRuleTitle = <T extends { rule_code: string; rule_title: string | null }>(r: T): T => ({ ...r, rule_title: r.rule_title ?? RULE_TITLES.get(r.rule_code) ?? null });

export interface ProblemDeps {
  db: Db;
  clock: Clock;
}

/** Roles of the responsible organisation that see and rectify its problems. */
export const RESPONSIBLE_ROLES = ['editor', 'admin', 'supervisor'] as const;
/** Roles of a 政务公开办 that verify, reject and dismiss. */
export const OFFICE_ROLES = ['supervisor', 'admin'] as const;
/** Roles that reach the problem routes at all (rows are then scoped). */
export const READ_ROLES = ['editor', 'admin', 'supervisor'] as const;

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;
export const LIST_LIMIT = 500;
const FILE_KINDS = ['pdf', 'docx', 'xlsx', 'jpeg', 'png'] as const;

export interface Access {
  /** Subtrees where the actor is the responsible organisation's staff. */
  responsible: string[];
  /** Subtrees the actor supervises as a 政务公开办 (its government's subtree). */
  office: string[];
}

/** The actor's two kinds of scope. */
export async function accessOf(db: Db, actor: Actor): Promise<Access> {
  const responsible = scopePaths(actor, [...RESPONSIBLE_ROLES]);
  const officeGrants = [];
  for (const g of actor.grants) {
    if (!(OFFICE_ROLES as readonly string[]).includes(g.role)) continue;
    const kind = g.orgKind ?? (await findOrganisation(db, g.orgCode))?.kind;
    if (kind === 'openness_office') officeGrants.push({ ...g, orgKind: kind });
  }
  const office = await identityService.officeScopes(db, { ...actor, grants: [...officeGrants, ...actor.grants.filter((g) => g.role === 'platform_admin')] }, [...OFFICE_ROLES]);
  return { responsible, office };
}

const covers = (paths: readonly string[], orgPath: string) => paths.some((p) => orgPath.startsWith(p));
export const readPaths = (a: Access) => [...new Set([...a.responsible, ...a.office])].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q)));

/** How the actor stands to a problem of the organisation at `orgPath`. */
export function sideOf(a: Access, actor: Actor, orgPath: string): ActorSide {
  const responsible = covers(a.responsible, orgPath);
  // an office never verifies its own organisation's problem (the office above does)
  return { username: actor.username, responsible, office: covers(a.office, orgPath) && !responsible };
}

export type ProblemRow = Awaited<ReturnType<typeof loadRow>> & object;
async function loadRow(db: Db, publicId: string) {
  return db.selectFrom('sv_problem')
    .innerJoin('organisation as o', 'o.code', 'sv_problem.org_code')
    .leftJoin('organisation as f', 'f.code', 'sv_problem.office_org_code')
    .leftJoin('sv_check_item as ci', 'ci.code', 'sv_problem.rule_code')
    .selectAll('sv_problem').select(['o.name as org_name', 'f.name as office_name', 'ci.title as rule_title'])
    .where('sv_problem.public_id', '=', publicId).executeTakeFirst();
}

export interface StoredEvent extends ProblemEvent { seq: number; at: string; actorOrg: string | null }

export async function eventsOf(db: Db, problemId: number): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('sv_problem_event').selectAll().where('problem_id', '=', problemId).orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, on: r.on_date, payload: parsePayload(r.payload_json), actor: r.actor, at: r.at, actorOrg: r.actor_org_code }));
}
function parsePayload(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A problem the actor may see, with its side; 404 when unknown, 403 outside the actor's scope. */
export async function requireProblem(deps: ProblemDeps, actor: Actor, publicId: string) {
  const id = publicId.trim().toUpperCase();
  const found = id.length <= 40 ? await loadRow(deps.db, id) : undefined;
  const row = found ? withRuleTitle(found) : undefined;
  if (!row) throw new HttpError(404, 'problem_not_found', ps.errors.notFound);
  const access = await accessOf(deps.db, actor);
  if (!covers(readPaths(access), row.org_path)) throw forbidden(ps.errors.forbidden);
  return { row, access, side: sideOf(access, actor, row.org_path) };
}

export async function problemDetail(deps: ProblemDeps, actor: Actor, publicId: string) {
  const p = await requireProblem(deps, actor, publicId);
  const [events, files] = await Promise.all([
    eventsOf(deps.db, p.row.id),
    deps.db.selectFrom('sv_problem_file').select(['public_id', 'kind', 'file_name', 'media_type', 'size', 'uploaded_at']).where('problem_id', '=', p.row.id).orderBy('id').execute(),
  ]);
  return { ...p, events, files, overdue: isOverdue({ state: p.row.state as ProblemStateCode, dueOn: p.row.due_on }, deps.clock.today()) };
}

export async function problemFile(deps: ProblemDeps, actor: Actor, publicId: string, fileId: string) {
  const p = await requireProblem(deps, actor, publicId);
  const f = await deps.db.selectFrom('sv_problem_file').selectAll().where('problem_id', '=', p.row.id).where('public_id', '=', fileId.trim().toUpperCase()).executeTakeFirst();
  if (!f) throw notFound(ps.errors.fileNotFound);
  return f;
}

// ---------- the list and the ledger ----------

export interface ListFilter {
  org?: string | undefined;
  state?: ProblemStateCode | undefined;
  month?: string | undefined;
  overdue?: boolean | undefined;
  /** rectify: what the actor's organisation owes; verify: what waits for the actor's office; supervise: the office's subtree. */
  todo?: 'rectify' | 'verify' | 'supervise' | undefined;
}

/** A month filter: the 月检查's own month parser (deadline-classes.ts), not a second pattern. */
export const isMonth = (v: string) => parseMonth(v) !== null;

/** The scope of a list: the organisation asked for (checked) or every path the actor reads. */
async function scopeOf(deps: ProblemDeps, actor: Actor, org: string | undefined): Promise<{ paths: string[]; access: Access; name: string | null }> {
  const access = await accessOf(deps.db, actor);
  const paths = readPaths(access);
  if (!org) return { paths, access, name: null };
  const o = await findOrganisation(deps.db, org.trim());
  if (!o) throw new HttpError(404, 'org_not_found', ps.errors.orgNotFound);
  if (!covers(paths, o.path)) throw forbidden(ps.errors.orgForbidden);
  return { paths: [o.path], access, name: o.name };
}

export async function listProblems(deps: ProblemDeps, actor: Actor, f: ListFilter, limit = LIST_LIMIT) {
  const scope = await scopeOf(deps, actor, f.org);
  const today = deps.clock.today();
  let q = deps.db.selectFrom('sv_problem')
    .innerJoin('organisation as o', 'o.code', 'sv_problem.org_code')
    .leftJoin('sv_check_item as ci', 'ci.code', 'sv_problem.rule_code')
    .selectAll('sv_problem').select(['o.name as org_name', 'ci.title as rule_title'])
    .where((eb) => eb.or(scope.paths.map((p) => eb('sv_problem.org_path', 'like', `${p}%`))));
  if (f.state) q = q.where('sv_problem.state', '=', f.state);
  if (f.month) q = q.where('sv_problem.month', '=', f.month);
  if (f.overdue) q = q.where('sv_problem.state', 'in', [...TO_RECTIFY]).where('sv_problem.due_on', '<', today);
  if (f.todo === 'rectify') {
    if (!scope.access.responsible.length) return { rows: [], capped: false, scopeName: scope.name };
    q = q.where('sv_problem.state', 'in', [...TO_RECTIFY]).where((eb) => eb.or(scope.access.responsible.map((p) => eb('sv_problem.org_path', 'like', `${p}%`))));
  }
  if (f.todo === 'verify') {
    if (!scope.access.office.length) return { rows: [], capped: false, scopeName: scope.name };
    q = q.where('sv_problem.state', '=', 'rectified').where((eb) => eb.or(scope.access.office.map((p) => eb('sv_problem.org_path', 'like', `${p}%`))));
    for (const p of scope.access.responsible) q = q.where('sv_problem.org_path', 'not like', `${p}%`);
  }
  if (f.todo === 'supervise') {
    if (!scope.access.office.length) return { rows: [], capped: false, scopeName: scope.name };
    q = q.where((eb) => eb.or(scope.access.office.map((p) => eb('sv_problem.org_path', 'like', `${p}%`))));
  }
  const rows = await q.orderBy('sv_problem.due_on').orderBy('sv_problem.id').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit).map((r) => ({ ...withRuleTitle(r), overdue: isOverdue({ state: r.state as ProblemStateCode, dueOn: r.due_on }, today) })), capped: rows.length > limit, scopeName: scope.name };
}
export type ListedProblem = Awaited<ReturnType<typeof listProblems>>['rows'][number];

/** The rows of the 整改台账 with the rectification's evidence (from the last rectified event). */
export async function ledgerRows(deps: ProblemDeps, actor: Actor, f: ListFilter) {
  const listed = await listProblems(deps, actor, f, 20_000);
  const ids = listed.rows.map((r) => r.id);
  const evidence = new Map<number, { evidence: string; links: string[]; reason: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const evs = await deps.db.selectFrom('sv_problem_event').select(['problem_id', 'kind', 'payload_json']).where('problem_id', 'in', ids.slice(i, i + 500)).where('kind', 'in', ['rectified', 'rejected', 'dismissed']).orderBy('problem_id').orderBy('seq').execute();
    for (const e of evs) {
      const p = parsePayload(e.payload_json);
      const cur = evidence.get(e.problem_id) ?? { evidence: '', links: [], reason: '' };
      if (e.kind === 'rectified') { cur.evidence = typeof p.evidence === 'string' ? p.evidence : ''; cur.links = Array.isArray(p.links) ? p.links.filter((l): l is string => typeof l === 'string') : []; }
      else cur.reason = typeof p.reason === 'string' ? p.reason : '';
      evidence.set(e.problem_id, cur);
    }
  }
  return { ...listed, rows: listed.rows.map((r) => ({ ...r, ...(evidence.get(r.id) ?? { evidence: '', links: [], reason: '' }) })) };
}
export type LedgerRow = Awaited<ReturnType<typeof ledgerRows>>['rows'][number];

// ---------- actions ----------

export class ProblemRefused extends HttpError {
  constructor(readonly refusals: Refusal[]) {
    super(409, refusals[0]!.code, `${ps.errors.refused}：${refusals.map((r) => r.message).join('；')}`, refusals.map((r) => r.message));
  }
}

export interface UploadedFile { fileName: string; bytes: Buffer }
export type FileRefusal = { code: string; message: string; status: 400 | 413 | 415 };

/** Checks evidence files before anything is written: bombs first, then the type by the bytes. */
export async function checkEvidenceFiles(files: readonly UploadedFile[]): Promise<{ ok: true; kinds: { mime: string }[] } | { ok: false; refusal: FileRefusal }> {
  if (files.length > MAX_FILES) return { ok: false, refusal: { code: 'file_too_many', message: ps.errors.fileTooMany, status: 400 } };
  const kinds: { mime: string }[] = [];
  for (const f of files) {
    if (f.bytes.length > MAX_FILE_BYTES) return { ok: false, refusal: { code: 'file_too_large', message: `${f.fileName}：${ps.errors.fileTooLarge}`, status: 413 } };
    const unpacked = await checkUnpacked(f.bytes);
    if (!unpacked.ok) return { ok: false, refusal: { code: unpacked.code, message: `${f.fileName}：${unpacked.message}`, status: unpacked.code === 'zip_bomb' ? 413 : 400 } };
    const check = checkUpload(f.bytes, f.fileName, FILE_KINDS, MAX_FILE_BYTES);
    if (!check.ok) return { ok: false, refusal: { code: check.code, message: `${f.fileName}：${check.message}`, status: check.code === 'file_too_large' ? 413 : 415 } };
    kinds.push({ mime: check.mime });
  }
  return { ok: true, kinds };
}

const label = (actor: Actor) => `${actor.displayName}（${actor.username}）`;
const safeName = (n: string) => [...n.trim()].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(-120) || '附件';

/**
 * Applies a command of a member of staff. Refusals throw ProblemRefused (409 with the first
 * refusal's code); files must have passed checkEvidenceFiles.
 */
export async function act(deps: ProblemDeps, actor: Actor, publicId: string, command: Command, files: readonly (UploadedFile & { mime: string })[] = [], requestId?: string) {
  const { row, side } = await requireProblem(deps, actor, publicId);
  const now = deps.clock.now();
  const actorOrg = actor.grants.find((g) => row.org_path.startsWith(g.orgPath))?.orgCode ?? actor.grants[0]?.orgCode ?? null;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const events = await eventsOf(trx, row.id);
      const state = fold({ foundOn: row.found_on, dueOn: row.due_on }, events);
      // a file's public id names nothing of its problem (a refused URL shows no other tree's ids)
      const fileIds = files.map(() => `WJ-${randomBytes(6).toString('hex').toUpperCase()}`);
      const d = decide(state, { ...command, files: command.action === 'rectify' ? fileIds : [] }, { today: deps.clock.today(), actor: side });
      if (!d.ok) throw new ProblemRefused(d.refusals);
      if (command.action === 'rectify') {
        for (const [i, f] of files.entries()) {
          await trx.insertInto('sv_problem_file').values({ problem_id: row.id, public_id: fileIds[i]!, kind: 'evidence', file_name: safeName(f.fileName), media_type: f.mime, size: f.bytes.length, content: f.bytes, uploaded_by: actor.username, uploaded_at: now.toISOString() }).execute();
        }
      }
      const next = await append(trx, row, events, d.events, actorOrg, now);
      await recordAudit(platformView(trx), now, {
        actorId: actor.userId, actorLabel: label(actor), action: `supervision_problem_${command.action}`, entity: 'sv_problem', entityId: row.public_id,
        before: { state: row.state }, after: { state: next.state, on: d.events[0]!.on, ...d.events[0]!.payload }, requestId: requestId ?? null, orgCode: row.org_code,
      });
      return { publicId: row.public_id, state: next.state };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('concurrent_change', ps.errors.concurrent, [ps.errors.concurrent]);
    throw err;
  }
}

async function append(trx: Db, row: { id: number; fingerprint: string }, before: readonly StoredEvent[], added: readonly ProblemEvent[], actorOrg: string | null, now: Date) {
  for (const [i, e] of added.entries()) {
    await trx.insertInto('sv_problem_event').values({ problem_id: row.id, seq: before.length + i + 1, kind: e.kind, on_date: e.on, payload_json: JSON.stringify(e.payload), actor: e.actor, actor_org_code: actorOrg, at: now.toISOString() }).execute();
  }
  const next = fold({ foundOn: '', dueOn: '' }, [...before, ...added]);
  await trx.updateTable('sv_problem').set({ ...rowChanges(next, row.fingerprint), updated_at: now.toISOString() }).where('id', '=', row.id).execute();
  return next;
}

/**
 * The daily escalation: every problem still owed after its due date and not yet escalated gets an
 * `escalated` event (it then shows to the office above). Returns how many were escalated.
 */
export async function escalateOverdue(deps: ProblemDeps): Promise<number> {
  const today = deps.clock.today();
  const due = await deps.db.selectFrom('sv_problem').select(['id', 'public_id', 'org_code', 'found_on', 'due_on', 'fingerprint', 'state'])
    .where('state', 'in', [...TO_RECTIFY]).where('due_on', '<', today).where('escalated_on', 'is', null).orderBy('id').execute();
  let n = 0;
  for (const row of due) {
    const now = deps.clock.now();
    try {
      const done = await deps.db.transaction().execute(async (trx) => {
        const events = await eventsOf(trx, row.id);
        const d = decide(fold({ foundOn: row.found_on, dueOn: row.due_on }, events), { action: 'escalate', on: today }, { today, actor: 'system' });
        if (!d.ok) return false; // changed since the query (rectified, or escalated by another process)
        await append(trx, row, events, d.events, null, now);
        await recordAudit(platformView(trx), now, { actorId: null, actorLabel: ps.system, action: 'supervision_problem_escalate', entity: 'sv_problem', entityId: row.public_id, before: { state: row.state }, after: { escalated_on: today, due_on: row.due_on }, orgCode: row.org_code });
        return true;
      });
      if (done) n++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another process wrote the same event first
    }
  }
  return n;
}

// ---------- the staff home page ----------

async function countWhere(db: Db, paths: readonly string[], filter: (q: ReturnType<typeof base>) => ReturnType<typeof base>, exclude: readonly string[] = []) {
  if (!paths.length) return 0;
  let q = filter(base(db).where((eb) => eb.or(paths.map((p) => eb('org_path', 'like', `${p}%`)))));
  for (const p of exclude) q = q.where('org_path', 'not like', `${p}%`);
  const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}
const base = (db: Db) => db.selectFrom('sv_problem');

/** The responsible organisation's counts: problems to rectify, and those overdue. */
export async function responsibleCounts(deps: ProblemDeps, actor: Actor) {
  const a = await accessOf(deps.db, actor);
  const today = deps.clock.today();
  const [toRectify, overdue] = await Promise.all([
    countWhere(deps.db, a.responsible, (q) => q.where('state', 'in', [...TO_RECTIFY])),
    countWhere(deps.db, a.responsible, (q) => q.where('state', 'in', [...TO_RECTIFY]).where('due_on', '<', today)),
  ]);
  return { toRectify, overdue };
}

/** The office's counts: rectifications to verify, and overdue problems in its subtree. */
export async function officeCounts(deps: ProblemDeps, actor: Actor) {
  const a = await accessOf(deps.db, actor);
  const today = deps.clock.today();
  const [toVerify, overdue] = await Promise.all([
    countWhere(deps.db, a.office, (q) => q.where('state', '=', 'rectified'), a.responsible),
    countWhere(deps.db, a.office, (q) => q.where('state', 'in', [...TO_RECTIFY]).where('due_on', '<', today)),
  ]);
  return { toVerify, overdue, isOffice: a.office.length > 0 };
}

export function validDate(v: string): v is LocalDate {
  return isLocalDate(v);
}
