// Shell: the boards' writes and reads — posts of a 村（居）民委员会 per column, checked against the
// column's template, draft → published (one transaction, who and when) → withdrawn; every staff
// write audited in its transaction and scoped to the caller's organisation subtree.
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import { inTransaction, isUniqueViolation, lockRow } from '../../platform/db/db.ts';
import { conflict, forbidden, HttpError } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, hasRoleOver, scopePaths, type Actor, type Organisation } from '../identity/index.ts';
import {
  BOARD_COLUMNS, boardKindOf, checkRows, columnsOf, periodRuleOf, parsePeriod, publishProblems, templateOf,
  type BoardColumn, type BoardKind, type CellError, type Row,
} from './board-templates.ts';
import type { BoardPostState } from './boards.table.ts';
import { boardStrings as s } from './boards.strings.ts';

export interface BoardDeps { db: Db; clock: Clock }

/** Who writes a board: the 村（居）委会's editor, the township's or county's editors, supervisors, admins. */
export const EDIT_ROLES = ['editor', 'supervisor', 'admin'] as const;

export interface BoardPost {
  id: number;
  orgCode: string;
  orgPath: string;
  postNo: string;
  column: BoardColumn;
  title: string;
  period: string;
  body: string;
  rows: Row[];
  state: BoardPostState;
  publishedOn: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

type PostRow = { id: number; org_code: string; org_path: string; post_no: string; column_code: string; title: string; period: string; body: string; rows_json: string; state: BoardPostState; published_on: string | null; published_at: string | null; published_by: string | null; created_by: string; created_at: string; updated_at: string };

function toPost(r: PostRow): BoardPost {
  let rows: Row[] = [];
  try { const v = JSON.parse(r.rows_json) as unknown; if (Array.isArray(v)) rows = v as Row[]; } catch { rows = []; }
  return {
    id: r.id, orgCode: r.org_code, orgPath: r.org_path, postNo: r.post_no, column: r.column_code as BoardColumn, title: r.title, period: r.period,
    body: r.body, rows, state: r.state, publishedOn: r.published_on, publishedAt: r.published_at, publishedBy: r.published_by,
    createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

// ---- organisations ----------------------------------------------------------------------------

export interface BoardOrg extends Organisation {
  boardKind: BoardKind;
  /** Township and county names, nearest first (for the heading: 磁县 磁州镇). */
  parents: string[];
}

/** The organisation of a board (a 村（居）民委员会, enabled), or null. */
export async function findBoardOrg(db: Db, code: string): Promise<BoardOrg | null> {
  if (!/^[0-9a-z-]{2,40}$/.test(code)) return null;
  const org = await findOrganisation(db, code);
  if (!org || org.disabled || org.kind !== 'village_committee') return null;
  const parents: string[] = [];
  let parent = org.parentCode;
  for (let i = 0; i < 2 && parent; i++) {
    const p = await findOrganisation(db, parent);
    if (!p) break;
    parents.push(p.name);
    parent = p.parentCode;
  }
  return { ...org, boardKind: boardKindOf(org.name), parents };
}

/** The 村（居）民委员会 the actor may write boards for (for the new-post form). */
export async function editableOrgs(db: Db, actor: Actor): Promise<{ code: string; name: string }[]> {
  const paths = scopePaths(actor, [...EDIT_ROLES]);
  if (!paths.length) return [];
  return db.selectFrom('organisation').select(['code', 'name']).where('kind', '=', 'village_committee').where('disabled', '=', 0)
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`)))).orderBy('path').limit(3000).execute();
}

/** The organisation a staff member writes for: 404 when it has no board, 403 outside the caller's scope. */
export async function orgForStaff(db: Db, actor: Actor, code: string): Promise<BoardOrg> {
  const org = await findBoardOrg(db, code);
  if (!org) throw new HttpError(404, 'board_org_not_found', s.errors.orgNotFound);
  if (!hasRoleOver(actor, [...EDIT_ROLES], org.path)) throw forbidden(s.errors.forbidden);
  return org;
}

// ---- input ------------------------------------------------------------------------------------

export interface PostInput {
  title: string;
  period: string;
  body: string;
  /** Cells keyed by the template's field keys. */
  rows: readonly Record<string, unknown>[];
}

export interface CheckedPost { title: string; period: string; body: string; rows: Row[] }

/** Checks a post of `column`: field errors (title, period, body) and cell errors naming row and column. */
export function checkPost(column: BoardColumn, input: PostInput): { post: CheckedPost | null; errors: FieldErrors; cells: CellError[] } {
  const errors: FieldErrors = {};
  const title = input.title.trim();
  if (!title) errors.title = s.errors.titleRequired;
  else if ([...title].length > 100) errors.title = s.errors.titleTooLong;
  const p = parsePeriod(periodRuleOf(column), input.period);
  if ('error' in p) errors.period = p.error;
  const body = input.body.replace(/\r\n/g, '\n').trim();
  if (body.length > 20000) errors.body = s.errors.bodyTooLong;
  const template = templateOf(column);
  let rows: Row[] = [];
  let cells: CellError[] = [];
  if (template) {
    const checked = checkRows(template, input.rows, 'value' in p ? p.value || null : null);
    rows = checked.rows;
    cells = checked.errors;
  } else if (input.rows.some((r) => Object.values(r).some((v) => v !== '' && v !== null && v !== undefined))) {
    errors.rows = s.errors.rowsNotTable;
  }
  const ok = !Object.keys(errors).length && !cells.length;
  return { post: ok ? { title, period: 'value' in p ? p.value : '', body, rows } : null, errors, cells };
}

export function parseColumn(input: unknown): BoardColumn | null {
  return parseEnum(BOARD_COLUMNS, input);
}

// ---- writes -----------------------------------------------------------------------------------

async function audit(trx: Db, deps: BoardDeps, who: Performer, action: string, post: { id: number; org_code: string }, before: unknown, after: unknown) {
  await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(who), action, entity: 'board_post', entityId: String(post.id), before, after, orgCode: post.org_code });
}

function label(who: Performer): string {
  return 'cli' in who ? '命令行' : who.actor.displayName;
}

/** The next public id of the organisation in `year`: 2026-001, 2026-002, … */
async function nextPostNo(trx: Db, orgCode: string, year: string): Promise<string> {
  const nos = await trx.selectFrom('board_post').select('post_no').where('org_code', '=', orgCode).where('post_no', 'like', `${year}-%`).execute();
  const max = nos.reduce((m, r) => Math.max(m, Number(r.post_no.slice(5)) || 0), 0);
  return `${year}-${String(max + 1).padStart(3, '0')}`;
}

/** Creates a draft (the caller has checked the organisation's scope). */
export async function createPost(deps: BoardDeps, who: Performer, org: Organisation, column: BoardColumn, post: CheckedPost): Promise<BoardPost> {
  const now = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(deps.db, async (trx) => {
        const postNo = await nextPostNo(trx, org.code, deps.clock.today().slice(0, 4));
        const row = await trx.insertInto('board_post').values({
          org_code: org.code, org_path: org.path, post_no: postNo, column_code: column, title: post.title, period: post.period, body: post.body,
          rows_json: JSON.stringify(post.rows), state: 'draft', published_on: null, published_at: null, published_by: null,
          created_by: label(who), created_at: now, updated_at: now,
        }).returningAll().executeTakeFirstOrThrow();
        await audit(trx, deps, who, 'board.create', row, undefined, { column, postNo, title: post.title, period: post.period, rows: post.rows.length });
        return toPost(row as PostRow);
      });
    } catch (e) {
      if (attempt < 3 && isUniqueViolation(e)) continue; // two drafts numbered at once: number again
      throw e;
    }
  }
}

export async function findPost(db: Db, id: number): Promise<BoardPost | null> {
  const r = await db.selectFrom('board_post').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toPost(r as PostRow) : null;
}

/** A post a staff member may write: 404 when missing, 403 outside the caller's scope. */
export async function postForStaff(db: Db, actor: Actor, id: number | null): Promise<BoardPost> {
  const p = id === null ? null : await findPost(db, id);
  if (!p) throw new HttpError(404, 'board_post_not_found', s.errors.notFound);
  if (!hasRoleOver(actor, [...EDIT_ROLES], p.orgPath)) throw forbidden(s.errors.forbidden);
  return p;
}

/** Replaces a draft's title, period, text and table (409 once published). */
export async function updatePost(deps: BoardDeps, who: Performer, id: number, post: CheckedPost): Promise<BoardPost> {
  return inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'board_post', id);
    const before = await trx.selectFrom('board_post').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (before.state !== 'draft') throw conflict('board_not_draft', s.errors.notDraft, [s.errors.notDraft]);
    const row = await trx.updateTable('board_post').set({ title: post.title, period: post.period, body: post.body, rows_json: JSON.stringify(post.rows), updated_at: deps.clock.now().toISOString() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, deps, who, 'board.update', row, { title: before.title, period: before.period, rows: (JSON.parse(before.rows_json) as unknown[]).length }, { title: post.title, period: post.period, rows: post.rows.length });
    return toPost(row as PostRow);
  });
}

/**
 * Publishes a draft in one transaction: the post is checked again against its template (a problem
 * refuses it, 409 with every reason) and becomes public with who and when — or nothing changes.
 */
export async function publishPost(deps: BoardDeps, who: Performer, id: number): Promise<BoardPost> {
  return inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'board_post', id);
    const before = toPost(await trx.selectFrom('board_post').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as PostRow);
    if (before.state !== 'draft') throw conflict('board_not_draft', s.errors.alreadyPublished, [s.errors.alreadyPublished]);
    const problems = publishProblems(before.column, before);
    if (problems.length) throw conflict('board_publish_refused', `${s.errors.publishRefused}：${problems.join('；')}`, problems);
    const now = deps.clock.now();
    const row = await trx.updateTable('board_post').set({ state: 'published', published_at: now.toISOString(), published_on: localDateOf(now), published_by: label(who), updated_at: now.toISOString() })
      .where('id', '=', id).where('state', '=', 'draft').returningAll().executeTakeFirstOrThrow();
    await audit(trx, deps, who, 'board.publish', row, { state: 'draft' }, { state: 'published', publishedOn: row.published_on });
    return toPost(row as PostRow);
  });
}

/** Takes a published post off the board (a correction is a new post). */
export async function withdrawPost(deps: BoardDeps, who: Performer, id: number): Promise<BoardPost> {
  return inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'board_post', id);
    const before = await trx.selectFrom('board_post').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (before.state !== 'published') throw conflict('board_not_published', s.errors.notPublished, [s.errors.notPublished]);
    const row = await trx.updateTable('board_post').set({ state: 'withdrawn', updated_at: deps.clock.now().toISOString() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, deps, who, 'board.withdraw', row, { state: 'published' }, { state: 'withdrawn' });
    return toPost(row as PostRow);
  });
}

/** 监督电话: 7–20 characters of digits, spaces, '-', '(', ')' (a landline with its area code, a hotline). */
export function checkPhone(input: string): string | null {
  const t = input.trim();
  if (t === '') return '';
  return /^[0-9()（）\- ]{7,20}$/.test(t) && (t.match(/\d/g) ?? []).length >= 7 ? t : null;
}

export async function setSupervisionPhone(deps: BoardDeps, who: Performer, org: Organisation, phone: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('board_setting').selectAll().where('org_code', '=', org.code).executeTakeFirst();
    const now = deps.clock.now().toISOString();
    if (before) await trx.updateTable('board_setting').set({ supervision_phone: phone, updated_at: now }).where('org_code', '=', org.code).execute();
    else await trx.insertInto('board_setting').values({ org_code: org.code, supervision_phone: phone, updated_at: now }).execute();
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(who), action: 'board.settings', entity: 'board_setting', entityId: org.code, before: before ? { phone: before.supervision_phone } : undefined, after: { phone }, orgCode: org.code });
  });
}

export async function supervisionPhone(db: Db, orgCode: string): Promise<string | null> {
  const r = await db.selectFrom('board_setting').select('supervision_phone').where('org_code', '=', orgCode).executeTakeFirst();
  return r?.supervision_phone || null;
}

// ---- reads ------------------------------------------------------------------------------------

/** Staff list: posts inside the actor's scope, newest first. */
export async function listForStaff(db: Db, actor: Actor, opts: { org?: string; state?: BoardPostState; limit: number; offset: number }): Promise<{ posts: (BoardPost & { orgName: string })[]; total: number }> {
  const paths = scopePaths(actor, [...EDIT_ROLES]);
  if (!paths.length) return { posts: [], total: 0 };
  let q = db.selectFrom('board_post').innerJoin('organisation', 'organisation.code', 'board_post.org_code')
    .where((eb) => eb.or(paths.map((p) => eb('board_post.org_path', 'like', `${p}%`))));
  if (opts.org) q = q.where('board_post.org_code', '=', opts.org);
  if (opts.state) q = q.where('board_post.state', '=', opts.state);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q.selectAll('board_post').select('organisation.name as org_name').orderBy('board_post.updated_at', 'desc').orderBy('board_post.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
  return { posts: rows.map((r) => ({ ...toPost(r as unknown as PostRow), orgName: r.org_name })), total };
}

/** The organisations with published posts (the public index), by path. */
export async function publicBoards(db: Db): Promise<{ code: string; name: string; path: string; posts: number; latest: string }[]> {
  const rows = await db.selectFrom('board_post').innerJoin('organisation', 'organisation.code', 'board_post.org_code')
    .where('board_post.state', '=', 'published').where('organisation.disabled', '=', 0)
    .groupBy(['organisation.code', 'organisation.name', 'organisation.path'])
    .select(['organisation.code', 'organisation.name', 'organisation.path', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.max('board_post.published_on').as('latest')])
    .orderBy('organisation.path').limit(2000).execute();
  return rows.map((r) => ({ code: r.code, name: r.name, path: r.path, posts: Number(r.n), latest: String(r.latest ?? '') }));
}

/** One board: per column its published posts, newest first (at most `perColumn`), and how many there are. */
export async function boardColumns(db: Db, org: BoardOrg, perColumn: number): Promise<{ column: BoardColumn; total: number; posts: BoardPost[] }[]> {
  const counts = await db.selectFrom('board_post').where('org_code', '=', org.code).where('state', '=', 'published')
    .groupBy('column_code').select(['column_code', (eb) => eb.fn.countAll().as('n')]).execute();
  const count = new Map(counts.map((c) => [c.column_code, Number(c.n)]));
  // the organisation's own set first, then any other column it has published in
  const shown = [...columnsOf(org.boardKind), ...BOARD_COLUMNS.values.map((v) => v.code).filter((c) => !columnsOf(org.boardKind).includes(c) && count.has(c))];
  const out: { column: BoardColumn; total: number; posts: BoardPost[] }[] = [];
  for (const column of shown) {
    const posts = count.has(column) ? await publishedPosts(db, org.code, column, perColumn, 0) : [];
    out.push({ column, total: count.get(column) ?? 0, posts });
  }
  return out;
}

export async function publishedPosts(db: Db, orgCode: string, column: BoardColumn, limit: number, offset: number): Promise<BoardPost[]> {
  const rows = await db.selectFrom('board_post').selectAll().where('org_code', '=', orgCode).where('state', '=', 'published').where('column_code', '=', column)
    .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map((r) => forPublic(toPost(r as PostRow)));
}

export async function countPublished(db: Db, orgCode: string, column: BoardColumn): Promise<number> {
  const r = await db.selectFrom('board_post').where('org_code', '=', orgCode).where('state', '=', 'published').where('column_code', '=', column).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A published post by its public id, or null. */
export async function publishedPost(db: Db, orgCode: string, postNo: string): Promise<BoardPost | null> {
  if (!/^\d{4}-\d{3,6}$/.test(postNo)) return null;
  const r = await db.selectFrom('board_post').selectAll().where('org_code', '=', orgCode).where('post_no', '=', postNo).where('state', '=', 'published').executeTakeFirst();
  return r ? forPublic(toPost(r as PostRow)) : null;
}

/**
 * A published post as every public reader gets it (board, column, post and print pages, API): ID
 * numbers and mobile numbers typed into its title or text are masked (the table's cells are masked
 * per field by publicCell).
 */
function forPublic(p: BoardPost): BoardPost {
  return { ...p, title: maskPersonalData(p.title), body: maskPersonalData(p.body) };
}
