// Shell: the boards' routes — public board pages, post pages and print views; staff forms (create,
// edit, publish, withdraw, CSV table import, 监督电话); the staff API (OpenAPI) and the public API.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, rowIdOf, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError, notFound } from '../../platform/web/http-error.ts';
import { pageContext, sendPage, type App, isMalformedMultipart } from '../../platform/web/server.tsx';
import type { Performer } from '../../platform/audit/performer.ts';
import { requireRoles } from '../identity/index.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { BOARD_COLUMNS, labelOfColumn, matchHeader, periodLabel, publicCell, templateOf, totalsOf, MAX_ROWS, type BoardColumn, type CellError } from './board-templates.ts';
import * as svc from './boards.service.ts';
import { MAX_TABLE_FILE, readTableFile } from './board-files.ts';
import { boardStrings as s } from './boards.strings.ts';
import { BoardIndexPage, BoardPage, ColumnPage, PostPage, PrintPage } from './views/board-public.tsx';
import { ChoosePage, PostFormPage, SettingsPage, StaffListPage, StaffPostPage } from './views/board-staff.tsx';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Optional(Type.Array(Type.String())) });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const PER_PAGE = 20;
const STAFF_PER_PAGE = 50;
const BLANK_ROWS = 5;

const TEMPLATE_DOC = (['finance', 'relief_subsidy', 'land', 'agri_subsidy'] as BoardColumn[])
  .map((c) => `${labelOfColumn(c)}：${templateOf(c)!.fields.map((f) => `${f.key}=${f.label}`).join('，')}`).join('；');

const PostBody = Type.Object({
  org: Type.String({ description: '村（居）民委员会的单位代码，如 130427100203' }),
  column: EnumString(BOARD_COLUMNS, '栏目'),
  title: Type.String({ maxLength: 200 }),
  period: Type.Optional(Type.String({ maxLength: 60, description: '公开期间：财务收支为月份 2026-03 或季度 2026-Q1（《村民委员会组织法》第三十条），其他栏目可写 2026年度 等' })),
  body: Type.Optional(Type.String({ maxLength: 20000 })),
  rows: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 400 }), Type.Number(), Type.Null()])), { maxItems: MAX_ROWS, description: `表格行，键为列代码。${TEMPLATE_DOC}。金额以元为单位（字符串或数字，最多两位小数，不能为负数）` })),
});
const UpdateBody = Type.Omit(PostBody, ['org', 'column']);

const StaffPost = Type.Object({
  id: Type.Integer(), org: Type.String(), post_no: Type.String(), column: Type.Object({ code: Type.String(), label: Type.String() }),
  title: Type.String(), period: Type.String(), period_label: Type.String(), body: Type.String(), state: Type.String(),
  rows: Type.Array(Type.Record(Type.String(), Type.String())), totals: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  published_on: Type.Union([Type.String(), Type.Null()]), published_by: Type.Union([Type.String(), Type.Null()]), public_url: Type.Union([Type.String(), Type.Null()]),
});
const PublicPost = Type.Object({
  id: Type.String({ description: '公开编号：单位代码-年份-序号' }), org: Type.Object({ code: Type.String(), name: Type.String() }),
  column: Type.Object({ code: Type.String(), label: Type.String() }), title: Type.String(), period: Type.String(), period_label: Type.String(),
  body: Type.String(), published_on: Type.String(), supervision_phone: Type.Union([Type.String(), Type.Null()]),
  columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })), rows: Type.Array(Type.Record(Type.String(), Type.String())),
  totals: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]), url: Type.String(),
});

function totalsJson(p: svc.BoardPost): Record<string, string> | null {
  const t = templateOf(p.column);
  if (!t) return null;
  const tot = totalsOf(t, p.rows);
  return { ...tot.sums, ...(tot.balance !== null ? { balance: tot.balance } : {}), count: String(tot.count) };
}

function staffJson(p: svc.BoardPost) {
  return {
    id: p.id, org: p.orgCode, post_no: p.postNo, column: { code: p.column, label: labelOfColumn(p.column) }, title: p.title, period: p.period, period_label: periodLabel(p.period),
    body: p.body, state: p.state, rows: p.rows, totals: totalsJson(p), published_on: p.publishedOn, published_by: p.publishedBy,
    public_url: p.state === 'published' ? `/boards/${p.orgCode}/posts/${p.postNo}` : null,
  };
}

/** The message of each bad cell, one per line of a 400 answer (the API) or the error summary (forms). */
function cellReasons(errors: FieldErrors, cells: CellError[]): string[] {
  return [...Object.values(errors), ...cells.map((c) => c.message)];
}

function who(request: FastifyRequest): Performer {
  return { actor: request.actor!, requestId: request.id };
}

/**
 * The form's table as typed: `row_count` rows of `c_{n}_{key}` cells, blank rows kept. Bounded at one
 * row past MAX_ROWS, so a table that is too long is refused by checkRows (not cut short silently).
 */
function formRows(body: unknown, column: BoardColumn): Record<string, string>[] {
  const template = templateOf(column);
  if (!template) return [];
  const n = Math.min(Math.max(Number.parseInt(field(body, 'row_count'), 10) || 0, 0), MAX_ROWS + 1);
  const rows: Record<string, string>[] = [];
  for (let i = 1; i <= n; i++) rows.push(Object.fromEntries(template.fields.map((f) => [f.key, field(body, `c_${i}_${f.key}`)])));
  return rows;
}

function blankRows(column: BoardColumn, n: number): Record<string, string>[] {
  const template = templateOf(column);
  return template ? Array.from({ length: n }, () => ({})) : [];
}

/** Cell errors keyed by the form field they point at (c_3_expense), so the summary links to the cell. */
function cellErrorsForForm(cells: CellError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const c of cells) {
    const key = c.field ? `c_${c.row}_${c.field}` : 'rows'; // a whole-table error (too many rows) points at the table
    if (!out[key]) out[key] = c.message;
  }
  return out;
}

/**
 * The notice after a redirect (?done=): only the platform's own messages are shown, so a crafted link
 * cannot put its text in the staff page's success notice.
 */
function doneNotice(v: string): string | null {
  const fixed: string[] = [s.staff.saved, s.staff.published, s.staff.withdrawn];
  const n = /\d{1,4}/.exec(v)?.[0];
  return fixed.includes(v) || (n !== undefined && v === s.staff.uploaded(Number(n))) ? v : null;
}

function q(request: FastifyRequest, name: string): string {
  const v = (request.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

export async function boardRoutes(app: App, deps: svc.BoardDeps): Promise<void> {
  const { db } = deps;
  await app.register(fastifyStatic, { root: path.join(HERE, 'assets'), prefix: '/assets/boards/', decorateReply: false, maxAge: 3600_000 });
  const write = { preHandler: requireRoles(...svc.EDIT_ROLES) };

  // ---- public pages ---------------------------------------------------------------------------
  app.get('/boards', async (request, reply) => sendPage(reply, <BoardIndexPage ctx={pageContext(request)} boards={await svc.publicBoards(db)} />));

  async function publicOrg(code: string): Promise<svc.BoardOrg> {
    const org = await svc.findBoardOrg(db, code);
    if (!org) throw notFound(s.errors.orgNotFound);
    return org;
  }

  app.get('/boards/:org', async (request, reply) => {
    const org = await publicOrg((request.params as { org: string }).org);
    const columnParam = q(request, 'column');
    if (columnParam) {
      const column = svc.parseColumn(columnParam);
      if (!column) throw notFound(s.errors.columnUnknown);
      const total = await svc.countPublished(db, org.code, column);
      const pages = Math.max(1, Math.ceil(total / PER_PAGE));
      const page = Math.min(Math.max(Number.parseInt(q(request, 'page'), 10) || 1, 1), pages);
      const posts = await svc.publishedPosts(db, org.code, column, PER_PAGE, (page - 1) * PER_PAGE);
      return sendPage(reply, <ColumnPage ctx={pageContext(request)} org={org} column={column} posts={posts} total={total} page={page} pages={pages} />);
    }
    const [columns, phone] = await Promise.all([svc.boardColumns(db, org, 5), svc.supervisionPhone(db, org.code)]);
    return sendPage(reply, <BoardPage ctx={pageContext(request)} org={org} columns={columns} phone={phone} />);
  });

  async function publicPost(params: unknown) {
    const { org: code, no } = params as { org: string; no: string };
    const org = await publicOrg(code);
    const post = await svc.publishedPost(db, org.code, no);
    if (!post) throw notFound(s.errors.notFound);
    return { org, post, phone: await svc.supervisionPhone(db, org.code) };
  }

  app.get('/boards/:org/posts/:no', async (request, reply) => {
    const { org, post, phone } = await publicPost(request.params);
    return sendPage(reply, <PostPage ctx={pageContext(request)} org={org} post={post} phone={phone} />);
  });

  app.get('/boards/:org/posts/:no/print', async (request, reply) => {
    const { org, post, phone } = await publicPost(request.params);
    const size = q(request, 'size') === 'a3' ? 'a3' : 'a4';
    const site = request.server.site;
    const url = `${publicBaseUrl(request, s.errors.badHost)}/boards/${org.code}/posts/${post.postNo}`; // a checked host: a forged one is never printed
    return sendPage(reply, <PrintPage org={org} post={post} phone={phone} size={size} url={url} siteName={site.name} />);
  });

  // ---- public API -----------------------------------------------------------------------------
  const BoardSummary = Type.Object({
    org: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.Object({ code: Type.String(), label: Type.String() }) }),
    supervision_phone: Type.Union([Type.String(), Type.Null()]),
    columns: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), total: Type.Integer(), posts: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), period: Type.String(), period_label: Type.String(), published_on: Type.String(), url: Type.String() })) })),
  });
  app.get('/api/v1/boards/:org', {
    schema: { tags: ['boards'], summary: '一个村（居）民委员会的公开栏：各栏目及最新内容', params: Type.Object({ org: Type.String() }), response: { 200: BoardSummary, 404: ErrorBody } },
  }, async (request) => {
    const org = await publicOrg(request.params.org);
    const [columns, phone] = await Promise.all([svc.boardColumns(db, org, 5), svc.supervisionPhone(db, org.code)]);
    return {
      org: { code: org.code, name: org.name, kind: { code: org.boardKind, label: s.kind[org.boardKind] } }, supervision_phone: phone,
      columns: columns.map((c) => ({
        code: c.column, label: labelOfColumn(c.column), total: c.total,
        posts: c.posts.map((p) => ({ id: `${org.code}-${p.postNo}`, title: p.title, period: p.period, period_label: periodLabel(p.period), published_on: p.publishedOn ?? '', url: `/boards/${org.code}/posts/${p.postNo}` })),
      })),
    };
  });

  app.get('/api/v1/boards/:org/posts/:no', {
    schema: { tags: ['boards'], summary: '公开栏内容（姓名部分隐去）', params: Type.Object({ org: Type.String(), no: Type.String() }), response: { 200: PublicPost, 404: ErrorBody } },
  }, async (request) => {
    const { org, post, phone } = await publicPost(request.params);
    const template = templateOf(post.column);
    return {
      id: `${org.code}-${post.postNo}`, org: { code: org.code, name: org.name }, column: { code: post.column, label: labelOfColumn(post.column) },
      title: post.title, period: post.period, period_label: periodLabel(post.period), body: post.body, published_on: post.publishedOn ?? '', supervision_phone: phone,
      columns: template ? template.fields.map((f) => ({ key: f.key, label: f.label })) : [],
      rows: template ? post.rows.map((r) => Object.fromEntries(template.fields.map((f) => [f.key, publicCell(f, r[f.key] ?? '')]))) : [],
      totals: totalsJson(post), url: `/boards/${org.code}/posts/${post.postNo}`,
    };
  });

  // ---- staff pages ----------------------------------------------------------------------------
  app.staffLinks.push({ href: '/staff/boards', label: s.staff.listTitle, description: s.staff.linkDescription, roles: [...svc.EDIT_ROLES] });
  app.get('/staff/boards', write, async (request, reply) => {
    const stateParam = q(request, 'state');
    const state = (['draft', 'published', 'withdrawn'] as const).find((x) => x === stateParam);
    // paged like the public column pages: a page past the end shows the last one
    const wanted = Math.min(Math.max(Number.parseInt(q(request, 'page'), 10) || 1, 1), 10_000);
    let { posts, total } = await svc.listForStaff(db, request.actor!, { ...(state ? { state } : {}), limit: STAFF_PER_PAGE, offset: (wanted - 1) * STAFF_PER_PAGE });
    const pages = Math.max(1, Math.ceil(total / STAFF_PER_PAGE));
    const page = Math.min(wanted, pages);
    if (page !== wanted) ({ posts, total } = await svc.listForStaff(db, request.actor!, { ...(state ? { state } : {}), limit: STAFF_PER_PAGE, offset: (page - 1) * STAFF_PER_PAGE }));
    return sendPage(reply, <StaffListPage ctx={pageContext(request)} posts={posts} total={total} state={state ?? ''} message={doneNotice(q(request, 'done'))} page={page} pages={pages} />);
  });

  app.get('/staff/boards/new', write, async (request, reply) => {
    const values = { org: q(request, 'org'), column: q(request, 'column') };
    if (values.org || values.column) {
      const errors: FieldErrors = {};
      const column = svc.parseColumn(values.column);
      if (!values.org) errors.org = s.errors.orgRequired;
      if (!column) errors.column = values.column ? s.errors.columnUnknown : s.errors.columnRequired;
      if (values.org) {
        const org = await svc.orgForStaff(db, request.actor!, values.org); // 404 / 403
        if (column) {
          return sendPage(reply, <PostFormPage ctx={pageContext(request)} org={org} column={column} action="/staff/boards" heading={s.staff.formTitle(labelOfColumn(column))}
            values={{ title: '', period: '', body: '' }} rows={blankRows(column, BLANK_ROWS)} errors={{}} />);
        }
      }
      return sendPage(reply, <ChoosePage ctx={pageContext(request)} orgs={await svc.editableOrgs(db, request.actor!)} values={values} errors={errors} />, 400);
    }
    return sendPage(reply, <ChoosePage ctx={pageContext(request)} orgs={await svc.editableOrgs(db, request.actor!)} values={values} errors={{}} />);
  });

  /** Reads the post form; 'add_rows' shows it again with five more blank rows (nothing saved). */
  function readForm(request: FastifyRequest, column: BoardColumn) {
    const body = request.body;
    const values = { title: field(body, 'title'), period: field(body, 'period'), body: field(body, 'body') };
    const rows = formRows(body, column);
    return { values, rows, addRows: field(body, 'intent') === 'add_rows' };
  }

  app.post('/staff/boards', write, async (request, reply) => {
    const orgCode = field(request.body, 'org');
    const column = svc.parseColumn(field(request.body, 'column'));
    if (!orgCode || !column) {
      const errors: FieldErrors = {};
      if (!orgCode) errors.org = s.errors.orgRequired;
      if (!column) errors.column = field(request.body, 'column') ? s.errors.columnUnknown : s.errors.columnRequired;
      return sendPage(reply, <ChoosePage ctx={pageContext(request)} orgs={await svc.editableOrgs(db, request.actor!)} values={{ org: orgCode, column: field(request.body, 'column') }} errors={errors} />, 400);
    }
    const org = await svc.orgForStaff(db, request.actor!, orgCode);
    const form = readForm(request, column);
    const show = (errors: FieldErrors, status: number, rows = form.rows) => sendPage(reply, <PostFormPage ctx={pageContext(request)} org={org} column={column} action="/staff/boards"
      heading={s.staff.formTitle(labelOfColumn(column))} values={form.values} rows={rows} errors={errors} />, status);
    if (form.addRows) return show({}, 200, [...form.rows, ...blankRows(column, BLANK_ROWS)].slice(0, MAX_ROWS));
    const checked = svc.checkPost(column, { ...form.values, rows: form.rows });
    if (!checked.post) return show({ ...checked.errors, ...cellErrorsForForm(checked.cells) }, 400);
    const post = await svc.createPost(deps, who(request), org, column, checked.post);
    return reply.redirect(`/staff/boards/${post.id}?done=${encodeURIComponent(s.staff.saved)}`, 303);
  });

  async function staffPostPage(request: FastifyRequest, reply: FastifyReply, post: svc.BoardPost, opts: { message?: string | null; errors?: FieldErrors }, status = 200) {
    const org = await svc.findBoardOrg(db, post.orgCode);
    if (!org) throw notFound(s.errors.orgNotFound);
    return sendPage(reply, <StaffPostPage ctx={pageContext(request)} org={org} post={post} phone={await svc.supervisionPhone(db, org.code)} message={opts.message ?? null} errors={opts.errors ?? {}} />, status);
  }

  const postParam = (request: FastifyRequest) => svc.postForStaff(db, request.actor!, rowIdOf((request.params as { id: string }).id));

  app.get('/staff/boards/settings', write, async (request, reply) => {
    const org = await svc.orgForStaff(db, request.actor!, q(request, 'org'));
    const done = q(request, 'done');
    return sendPage(reply, <SettingsPage ctx={pageContext(request)} org={org} value={(await svc.supervisionPhone(db, org.code)) ?? ''} error={undefined} message={done ? s.staff.settingsSaved : null} />);
  });

  app.post('/staff/boards/settings', write, async (request, reply) => {
    const org = await svc.orgForStaff(db, request.actor!, field(request.body, 'org'));
    const value = field(request.body, 'phone');
    const phone = svc.checkPhone(value);
    if (phone === null) return sendPage(reply, <SettingsPage ctx={pageContext(request)} org={org} value={value} error={s.errors.phoneInvalid} message={null} />, 400);
    await svc.setSupervisionPhone(deps, who(request), org, phone);
    return reply.redirect(`/staff/boards/settings?org=${org.code}&done=1`, 303);
  });

  app.get('/staff/boards/:id', write, async (request, reply) => {
    const post = await postParam(request);
    return staffPostPage(request, reply, post, { message: doneNotice(q(request, 'done')) });
  });

  app.get('/staff/boards/:id/edit', write, async (request, reply) => {
    const post = await postParam(request);
    if (post.state !== 'draft') throw new HttpError(409, 'board_not_draft', s.errors.notDraft, [s.errors.notDraft]);
    const org = await svc.orgForStaff(db, request.actor!, post.orgCode);
    return sendPage(reply, <PostFormPage ctx={pageContext(request)} org={org} column={post.column} action={`/staff/boards/${post.id}`} heading={s.staff.editTitle(post.title)}
      values={{ title: post.title, period: post.period, body: post.body }} rows={[...post.rows, ...blankRows(post.column, 2)]} errors={{}} />);
  });

  app.post('/staff/boards/:id', write, async (request, reply) => {
    const post = await postParam(request);
    const org = await svc.orgForStaff(db, request.actor!, post.orgCode);
    const form = readForm(request, post.column);
    const show = (errors: FieldErrors, status: number, rows = form.rows) => sendPage(reply, <PostFormPage ctx={pageContext(request)} org={org} column={post.column} action={`/staff/boards/${post.id}`}
      heading={s.staff.editTitle(post.title)} values={form.values} rows={rows} errors={errors} />, status);
    if (post.state !== 'draft') return show({ title: s.errors.notDraft }, 409);
    if (form.addRows) return show({}, 200, [...form.rows, ...blankRows(post.column, BLANK_ROWS)].slice(0, MAX_ROWS));
    const checked = svc.checkPost(post.column, { ...form.values, rows: form.rows });
    if (!checked.post) return show({ ...checked.errors, ...cellErrorsForForm(checked.cells) }, 400);
    await svc.updatePost(deps, who(request), post.id, checked.post);
    return reply.redirect(`/staff/boards/${post.id}?done=${encodeURIComponent(s.staff.saved)}`, 303);
  });

  app.post('/staff/boards/:id/publish', write, async (request, reply) => {
    const post = await postParam(request);
    try {
      await svc.publishPost(deps, who(request), post.id);
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 409) throw e;
      return staffPostPage(request, reply, post, { errors: Object.fromEntries((e.reasons ?? [e.message]).map((r, i) => [`publish-${i}`, r])) }, 409);
    }
    return reply.redirect(`/staff/boards/${post.id}?done=${encodeURIComponent(s.staff.published)}`, 303);
  });

  app.post('/staff/boards/:id/withdraw', write, async (request, reply) => {
    const post = await postParam(request);
    try {
      await svc.withdrawPost(deps, who(request), post.id);
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 409) throw e;
      return staffPostPage(request, reply, post, { errors: { withdraw: e.message } }, 409);
    }
    return reply.redirect(`/staff/boards/${post.id}?done=${encodeURIComponent(s.staff.withdrawn)}`, 303);
  });

  // .xlsx/.csv import of a draft's table: multipart in this scope only; checkUnpacked before any parsing,
  // bounded, and all or nothing (one bad cell: nothing replaced).
  await app.register(async (scope) => {
    scope.setErrorHandler((error) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'file_too_large', s.errors.fileTooLarge);
      if (isMalformedMultipart(error)) {
        throw badRequest('multipart_invalid', s.errors.fileUnreadable);
      }
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_TABLE_FILE, files: 1, fields: 4 },
      async onFile(part) {
        (part as unknown as { value: unknown }).value = { fileName: part.filename, buffer: await part.toBuffer() };
      },
    });
    scope.post('/staff/boards/:id/table', write, async (request, reply) => {
      const post = await postParam(request);
      const fail = (message: string, status = 400) => staffPostPage(request, reply, post, { errors: { file: message } }, status);
      if (post.state !== 'draft') return fail(s.errors.notDraft, 409);
      const template = templateOf(post.column);
      if (!template) return fail(s.errors.rowsNotTable);
      if (!request.isMultipart()) throw badRequest('multipart_required', s.errors.fileRequired);
      const file = (request.body as Record<string, unknown>).file as { fileName: string; buffer: Buffer } | undefined;
      if (!file || !Buffer.isBuffer(file.buffer) || file.buffer.length === 0) return fail(s.errors.fileRequired);
      const read = await readTableFile(file.buffer); // checkUnpacked first, then exceljs or the CSV reader
      if ('error' in read) return fail(read.error);
      const table = read.cells.filter((r) => r.some((c) => c.trim() !== ''));
      const { index, unknown } = matchHeader(template, table[0] ?? []);
      const missing = template.fields.filter((f, i) => f.required && index[i] === -1).map((f) => f.label);
      if (!table.length || missing.length) return fail(s.errors.fileHeader(missing.join('、') || template.fields.map((f) => f.label).join('、')));
      if (unknown.length) return fail(s.errors.fileHeaderUnknown(unknown.slice(0, 10).join('、'), template.fields.map((f) => f.label).join('、')));
      if (table.length - 1 > MAX_ROWS) return fail(s.errors.tooManyRows(MAX_ROWS));
      const raw = table.slice(1).map((r) => Object.fromEntries(template.fields.map((f, i) => [f.key, index[i]! >= 0 ? r[index[i]!] ?? '' : ''])));
      const checked = svc.checkPost(post.column, { title: post.title, period: post.period, body: post.body, rows: raw });
      if (!checked.post) return fail(cellReasons(checked.errors, checked.cells).slice(0, 10).join('；'));
      await svc.updatePost(deps, who(request), post.id, checked.post);
      return reply.redirect(`/staff/boards/${post.id}?done=${encodeURIComponent(s.staff.uploaded(checked.post.rows.length))}`, 303);
    });
  });

  // ---- staff API ------------------------------------------------------------------------------
  const api = (summary: string, extra: Record<string, unknown>) => ({ preHandler: requireRoles(...svc.EDIT_ROLES), schema: { tags: ['boards'], summary, security: [{ bearer: [] }], ...extra } });

  app.get('/api/v1/staff/boards/posts/:id', api('公开栏内容（含草稿，姓名不隐去）', { params: Type.Object({ id: Type.String() }), response: { 200: StaffPost, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } }),
    async (request) => staffJson(await postParam(request)));

  app.post('/api/v1/staff/boards/posts', api('新建公开栏草稿（表格按栏目模板检查：有误 400，逐格说明行和列）', { body: PostBody, response: { 201: StaffPost, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } }),
    async (request, reply) => {
      const b = request.body as { org: string; column: string; title: string; period?: string; body?: string; rows?: Record<string, unknown>[] };
      const column = svc.parseColumn(b.column);
      if (!column) throw badRequest('board_column_invalid', s.errors.columnUnknown);
      const org = await svc.orgForStaff(db, request.actor!, b.org);
      const checked = svc.checkPost(column, { title: b.title, period: b.period ?? '', body: b.body ?? '', rows: b.rows ?? [] });
      if (!checked.post) { const reasons = cellReasons(checked.errors, checked.cells); throw new HttpError(400, 'board_invalid', reasons.join('；'), reasons); }
      const post = await svc.createPost(deps, who(request), org, column, checked.post);
      return reply.status(201).send(staffJson(post));
    });

  app.put('/api/v1/staff/boards/posts/:id', api('修改草稿（整体替换；已发布：409）', { params: Type.Object({ id: Type.String() }), body: UpdateBody, response: { 200: StaffPost, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody } }),
    async (request) => {
      const post = await postParam(request);
      const b = request.body as { title: string; period?: string; body?: string; rows?: Record<string, unknown>[] };
      if (post.state !== 'draft') throw new HttpError(409, 'board_not_draft', s.errors.notDraft, [s.errors.notDraft]);
      const checked = svc.checkPost(post.column, { title: b.title, period: b.period ?? '', body: b.body ?? '', rows: b.rows ?? [] });
      if (!checked.post) { const reasons = cellReasons(checked.errors, checked.cells); throw new HttpError(400, 'board_invalid', reasons.join('；'), reasons); }
      return staffJson(await svc.updatePost(deps, who(request), post.id, checked.post));
    });

  app.post('/api/v1/staff/boards/posts/:id/publish', api('发布（一个事务：全部检查通过才公开；否则 409 并列出原因）', { params: Type.Object({ id: Type.String() }), response: { 200: StaffPost, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody } }),
    async (request) => {
      const post = await postParam(request);
      return staffJson(await svc.publishPost(deps, who(request), post.id));
    });
}
