// Shell: 公众参与 / 意见征集 over HTTP — the public pages (list, one consultation, the comment form
// with captcha, rate-limited), the staff pages (open, moderate, adoption, feedback report; in scope,
// audited) and the public API (OpenAPI; enums through parseEnum; a comment outside the period is
// 409 with reasons).
import { Type } from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createCaptcha, verifyCaptcha, captchaMessages } from '../../platform/captcha/captcha.ts';
import { field, rowIdOf, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, conflict, HttpError, notFound } from '../../platform/web/http-error.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { pageContext, sendDownload, sendPage, type App, isMalformedMultipart } from '../../platform/web/server.tsx';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { platformView } from '../../schema.ts';
import { findOrganisation, requireRoles, type Actor } from '../identity/index.ts';
import { findPublicRecord } from '../disclosures/index.ts';
import { feedbackRefusals, phaseOf, PHASES, adoptionCounts } from './participation.ts';
import { ADOPTION_LABELS, PHASE_LABELS, ps } from './participation.strings.ts';
import * as svc from './participation.service.ts';
import { ConsultationPage, DonePage, ListPage } from './views/public.tsx';
import { NewPage, StaffConsultationPage, StaffListPage } from './views/staff.tsx';

/** Comments per address per 10 minutes (the page and the API count separately). */
export const COMMENT_RATE_MAX = 20;
const FORM_FIELDS = ['name', 'contact', 'content'] as const;
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Coded = (d: string) => Type.Object({ code: Type.String(), label: Type.String() }, { description: d });

function idParam(v: string | undefined): number {
  const id = rowIdOf(v);
  if (id === null) throw notFound(ps.errors.notFound);
  return id;
}
const doneOf = (v: unknown, allowed: Record<string, string>) => (typeof v === 'string' && Object.values(allowed).includes(v) ? v : undefined);

export async function participationRoutes(app: App, deps: svc.ParticipationDeps): Promise<{ backlinks: (indexNo: string) => Promise<{ href: string; label: string; title: string }[]> }> {
  const { db, clock } = deps;

  async function consultationOr404(reference: string): Promise<svc.PublicConsultation> {
    const c = await svc.findPublic(deps, reference);
    if (!c) throw new HttpError(404, 'consultation_not_found', ps.errors.notFound);
    return c;
  }
  async function finalOf(c: svc.Consultation) {
    if (!c.final_index_no || !c.feedback_published_at) return null;
    const r = await findPublicRecord(db, c.final_index_no, clock.now());
    return r ? { title: r.title, indexNo: r.indexNo, href: `/openness/disclosures/${encodeURIComponent(r.indexNo)}` } : null;
  }
  async function publicPage(request: FastifyRequest, reply: FastifyReply, c: svc.PublicConsultation, values: Record<string, string>, errors: FieldErrors, status = 200) {
    const [comments, final] = await Promise.all([svc.publishedCommentsOf(db, c.id), finalOf(c)]);
    const captcha = c.phase === 'open' ? createCaptcha(platformView(db), clock.now()) : null;
    return sendPage(reply, <ConsultationPage ctx={pageContext(request)} c={c} comments={comments} final={final} values={values} errors={errors} captcha={captcha} />, status);
  }

  // ---------- public pages ----------
  app.get('/participation', async (request, reply) => {
    const [open, upcoming, closed] = await Promise.all((['open', 'upcoming', 'closed'] as const).map((phase) => svc.listPublic(deps, { phase, limit: 50, offset: 0 })));
    return sendPage(reply, <ListPage ctx={pageContext(request)} open={open!.items} upcoming={upcoming!.items} closed={closed!.items} />);
  });

  app.get('/participation/:reference', async (request, reply) =>
    publicPage(request, reply, await consultationOr404((request.params as { reference: string }).reference), {}, {}));

  app.post('/participation/:reference/comments', { config: { rateLimit: { max: COMMENT_RATE_MAX, timeWindow: '10 minutes', allowList: () => false } } }, async (request, reply) => {
    const c = await consultationOr404((request.params as { reference: string }).reference);
    const body = request.body;
    const values = Object.fromEntries(FORM_FIELDS.map((k) => [k, field(body, k)])) as Record<(typeof FORM_FIELDS)[number], string>;
    // Outside the period nothing is checked further and nothing is stored: 400, values kept.
    const errors: FieldErrors = {};
    const cap = c.phase === 'open' ? await verifyCaptcha(platformView(db), field(body, 'captcha_token'), field(body, 'captcha_answer'), clock.now()) : { ok: true as const };
    if (!cap.ok) {
      errors.captcha_answer = captchaMessages[cap.code];
      const { checkComment } = await import('./participation.ts');
      Object.assign(errors, checkComment(values));
      return publicPage(request, reply, c, values, errors, 400);
    }
    const r = await svc.submitComment(deps, c, values);
    if (!r.ok) return publicPage(request, reply, c, values, r.errors, 400);
    return sendPage(reply, <DonePage ctx={pageContext(request)} c={c} reference={r.reference} />);
  });

  app.get('/participation/:reference/draft', async (request, reply) => {
    const c = await consultationOr404((request.params as { reference: string }).reference);
    if (!c.attachment_base64 || !c.attachment_name) throw notFound();
    reply.header('cache-control', 'public, max-age=300');
    return sendDownload(reply, Buffer.from(c.attachment_base64, 'base64'), c.attachment_name, c.attachment_mime ?? 'application/octet-stream');
  });

  // ---------- staff pages ----------
  const staff = { preHandler: requireRoles(...svc.PUBLISH_ROLES) };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  app.staffLinks.push({ href: '/staff/participation', label: ps.staff.link.label, description: ps.staff.link.description, roles: [...svc.PUBLISH_ROLES] });
  // 工作台: consultations whose public comments wait for moderation (the list at ?todo=moderate shows exactly those).
  app.staffWork.push({
    title: ps.staff.link.label, roles: [...svc.PUBLISH_ROLES],
    counts: async (actor) => [{ label: ps.staff.toModerate, count: await svc.toModerateCount(deps, actor), href: '/staff/participation?todo=moderate' }],
  });

  async function staffPage(request: FastifyRequest, reply: FastifyReply, id: number, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
    const c = await svc.loadForStaff(deps, request.actor as Actor, id);
    const [comments, org] = await Promise.all([svc.commentsOf(db, c.id), findOrganisation(db, c.org_code)]);
    const refusals = c.feedback_published_at ? [] : feedbackRefusals(c, clock.today(), comments);
    const done = doneOf((request.query as { done?: string }).done, ps.staff.done);
    return sendPage(reply, <StaffConsultationPage ctx={pageContext(request)} c={c} phase={phaseOf(c, clock.today())} orgName={org?.name ?? c.org_code} comments={comments} values={values} errors={errors} done={status === 200 ? done : undefined} refusals={refusals} />, status);
  }

  app.get('/staff/participation', staff, async (request, reply) => {
    const q = request.query as { done?: string; todo?: string };
    const toModerate = q.todo === 'moderate';
    return sendPage(reply, <StaffListPage ctx={pageContext(request)} rows={await svc.listForStaff(deps, request.actor as Actor, { toModerate })} toModerate={toModerate} done={doneOf(q.done, ps.staff.done)} />);
  });

  app.get('/staff/participation/new', staff, async (request, reply) => {
    const grant = (request.actor as Actor).grants.find((g) => (svc.PUBLISH_ROLES as readonly string[]).includes(g.role));
    const today = clock.today();
    return sendPage(reply, <NewPage ctx={pageContext(request)} values={{ org: grant?.orgCode ?? '', opens_on: today }} errors={{}} />);
  });

  app.post('/staff/participation', staff, async (request, reply) => {
    const b = request.body;
    const values = Object.fromEntries(['org', 'title', 'summary', 'draft', 'opens_on', 'closes_on', 'short_reason'].map((k) => [k, field(b, k)])) as Record<string, string>;
    const r = await svc.openConsultation(deps, who(request), {
      org: values.org!, title: values.title!, summary: values.summary!, draftHtml: values.draft!, opensOn: values.opens_on!, closesOn: values.closes_on!, shortReason: values.short_reason!,
    });
    if (!r.ok) return sendPage(reply, <NewPage ctx={pageContext(request)} values={values} errors={r.errors} />, 400);
    return reply.redirect(`/staff/participation/${r.id}?done=${encodeURIComponent(ps.staff.done.created)}`, 303);
  });

  app.get('/staff/participation/:id', staff, async (request, reply) => staffPage(request, reply, idParam((request.params as { id: string }).id)));

  app.post('/staff/participation/:id/comments/:commentId/moderate', staff, async (request, reply) => {
    const p = request.params as { id: string; commentId: string };
    const id = idParam(p.id);
    const commentId = idParam(p.commentId);
    // The page names the fields after the comment (unique ids on a page of many forms); the plain names are read too.
    const decision = field(request.body, `decision_${commentId}`) || field(request.body, 'decision');
    const reason = field(request.body, `reason_${commentId}`) || field(request.body, 'reason');
    const r = await svc.moderate(deps, who(request), id, commentId, decision, reason);
    if (!r.ok) return staffPage(request, reply, id, { [`decision_${commentId}`]: decision, [`reason_${commentId}`]: reason }, r.errors, 400);
    return reply.redirect(`/staff/participation/${id}?done=${encodeURIComponent(ps.staff.done.moderated)}`, 303);
  });

  app.post('/staff/participation/:id/comments/:commentId/adoption', staff, async (request, reply) => {
    const p = request.params as { id: string; commentId: string };
    const id = idParam(p.id);
    const commentId = idParam(p.commentId);
    const adoption = field(request.body, `adoption_${commentId}`) || field(request.body, 'adoption');
    const reason = field(request.body, `adoption_reason_${commentId}`) || field(request.body, 'adoption_reason');
    const r = await svc.decideAdoption(deps, who(request), id, commentId, adoption, reason);
    if (!r.ok) return staffPage(request, reply, id, { [`adoption_${commentId}`]: adoption, [`adoption_reason_${commentId}`]: reason }, r.errors, 400);
    return reply.redirect(`/staff/participation/${id}?done=${encodeURIComponent(ps.staff.done.adoption)}`, 303);
  });

  app.post('/staff/participation/:id/feedback', staff, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const values = { feedback: field(request.body, 'feedback'), final_index_no: field(request.body, 'final_index_no') };
    const r = await svc.publishFeedback(deps, who(request), id, values.feedback, values.final_index_no);
    if (!r.ok) return staffPage(request, reply, id, values, r.errors, 400);
    return reply.redirect(`/staff/participation/${id}?done=${encodeURIComponent(ps.staff.done.feedback)}`, 303);
  });

  // The draft as a file: multipart only in this scope; the type is judged by the bytes, a bomb refused first.
  await app.register(async (scope) => {
    scope.setErrorHandler((error) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'file_too_large', ps.errors.fileTooLarge);
      if (isMalformedMultipart(error)) {
        throw badRequest('multipart_invalid', ps.errors.multipart);
      }
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: svc.MAX_ATTACHMENT_BYTES, files: 1, fields: 4 },
      async onFile(part) {
        (part as unknown as { value: unknown }).value = { fileName: part.filename, buffer: await part.toBuffer() };
      },
    });
    scope.post('/staff/participation/:id/attachment', staff, async (request, reply) => {
      const id = idParam((request.params as { id: string }).id);
      if (!request.isMultipart()) throw badRequest('multipart_required', ps.errors.fileMissing);
      const file = (request.body as Record<string, unknown>).file as { fileName: string; buffer: Buffer } | undefined;
      if (!file || !file.fileName || !Buffer.isBuffer(file.buffer) || file.buffer.length === 0) return staffPage(request, reply, id, {}, { file: ps.errors.fileMissing }, 400);
      const r = await svc.setAttachment(deps, who(request), id, { fileName: file.fileName, bytes: file.buffer });
      if (!r.ok) return staffPage(request, reply, id, {}, { file: r.message }, r.code === 'file_too_large' || r.code === 'zip_bomb' ? 413 : 415);
      return reply.redirect(`/staff/participation/${id}?done=${encodeURIComponent(ps.staff.done.attached)}`, 303);
    });
  });

  // ---------- public API ----------
  const Summary = Type.Object({
    reference: Type.String({ description: '征集编号（公开编号）' }), title: Type.String(), org: Type.String({ description: '征集单位代码' }), org_name: Type.String(),
    opens_on: Type.String({ description: '征集开始日期' }), closes_on: Type.String({ description: '征集截止日期（含当日）' }),
    phase: Coded('状态：upcoming 未开始 | open 征集中 | closed 已结束'), comments: Type.Integer({ description: '已公开的意见条数' }),
    feedback_published: Type.Boolean({ description: '是否已公布采纳情况' }), url: Type.String(),
  });
  const PublicComment = Type.Object({
    reference: Type.String(), name: Type.Union([Type.String(), Type.Null()], { description: '署名（未署名为 null）；联系方式从不公开' }), content: Type.String(), submitted_on: Type.String(),
    adoption: Type.Union([Coded('采纳情况：adopted 采纳 | partly 部分采纳 | not_adopted 未采纳'), Type.Null()]), adoption_reason: Type.Union([Type.String(), Type.Null()]),
  });
  const Detail = Type.Object({
    ...Summary.properties, summary: Type.String(), draft_html: Type.String({ description: '征求意见稿（已净化的 HTML）' }), short_reason: Type.Union([Type.String(), Type.Null()]),
    feedback: Type.Union([Type.Object({
      published_at: Type.String(), html: Type.String(), total: Type.Integer(), adopted: Type.Integer(), partly: Type.Integer(), not_adopted: Type.Integer(),
      final_policy: Type.Union([Type.Object({ index_no: Type.String(), title: Type.String(), url: Type.String() }), Type.Null()]),
    }), Type.Null()], { description: '意见采纳情况（公布后）' }),
  });
  // Absolute URLs carry the request's host only when it is a plain host name (platform/web/public-host.ts).
  const origin = (request: FastifyRequest) => publicBaseUrl(request, ps.errors.badHost);
  const summaryJson = (r: svc.ListedConsultation, o: string) => ({
    reference: r.reference, title: r.title, org: r.org_code, org_name: r.org_name, opens_on: r.opens_on, closes_on: r.closes_on, phase: { code: r.phase, label: PHASE_LABELS[r.phase] },
    comments: r.comments, feedback_published: !!r.feedback_published_at, url: `${o}/participation/${r.reference}`,
  });
  const commentJson = (k: svc.Comment, feedback: boolean) => ({
    reference: k.reference, name: k.name, content: k.content, submitted_on: localDateOf(new Date(k.created_at)),
    adoption: feedback && k.adoption ? { code: k.adoption, label: ADOPTION_LABELS[k.adoption as keyof typeof ADOPTION_LABELS] ?? k.adoption } : null, adoption_reason: feedback ? k.adoption_reason : null,
  });
  const intParam = (v: string | undefined, fallback: number, max: number) => (v === undefined || v === '' ? fallback : /^\d{1,6}$/.test(v) && Number(v) <= max ? Number(v) : null);

  app.get('/api/v1/consultations', {
    schema: {
      tags: ['公众参与'], summary: '意见征集列表（征集期倒序）',
      querystring: Type.Object({ phase: Type.Optional(EnumString(PHASES, '状态')), org: Type.Optional(Type.String({ description: '单位代码：该单位及下级单位' })), limit: Type.Optional(Type.String()), offset: Type.Optional(Type.String()) }),
      response: { 200: Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(Summary) }), 400: ErrorBody },
    },
  }, async (request) => {
    const q = request.query;
    const phase = q.phase === undefined || q.phase === '' ? undefined : parseEnum(PHASES, q.phase);
    if (phase === null) throw badRequest('invalid_phase', ps.errors.badPhase);
    let orgPath: string | undefined;
    if (q.org !== undefined && q.org !== '') {
      const org = await findOrganisation(db, q.org);
      if (!org) throw badRequest('invalid_org', ps.errors.badOrg);
      orgPath = org.path;
    }
    const limit = intParam(q.limit, 20, 100);
    if (limit === null || limit < 1) throw badRequest('invalid_limit', ps.errors.badLimit);
    const offset = intParam(q.offset, 0, 10_000);
    if (offset === null) throw badRequest('invalid_offset', ps.errors.badOffset);
    const r = await svc.listPublic(deps, { ...(phase ? { phase } : {}), ...(orgPath ? { orgPath } : {}), limit, offset });
    const o = origin(request);
    return { total: r.total, limit, offset, items: r.items.map((x) => summaryJson(x, o)) };
  });

  app.get('/api/v1/consultations/:reference', {
    schema: { tags: ['公众参与'], summary: '一次意见征集：征求意见稿、状态与采纳情况', params: Type.Object({ reference: Type.String() }), response: { 200: Detail, 404: ErrorBody } },
  }, async (request) => {
    const c = await consultationOr404(request.params.reference);
    const [comments, final] = await Promise.all([svc.publishedCommentsOf(db, c.id), finalOf(c)]);
    const o = origin(request);
    const counts = adoptionCounts(comments);
    return {
      ...summaryJson({ ...c, comments: comments.length }, o), summary: c.summary, draft_html: c.draft_html, short_reason: c.short_reason,
      feedback: c.feedback_published_at ? {
        published_at: c.feedback_published_at, html: c.feedback_html ?? '', total: counts.total, adopted: counts.adopted, partly: counts.partly, not_adopted: counts.notAdopted,
        final_policy: final ? { index_no: final.indexNo, title: final.title, url: `${o}${final.href}` } : null,
      } : null,
    };
  });

  app.get('/api/v1/consultations/:reference/comments', {
    schema: { tags: ['公众参与'], summary: '已公开的意见（经审核；不含联系方式），采纳情况公布后附逐条采纳情况', params: Type.Object({ reference: Type.String() }), response: { 200: Type.Object({ items: Type.Array(PublicComment) }), 404: ErrorBody } },
  }, async (request) => {
    const c = await consultationOr404(request.params.reference);
    return { items: (await svc.publishedCommentsOf(db, c.id)).map((k) => commentJson(k, !!c.feedback_published_at)) };
  });

  app.post('/api/v1/consultations/:reference/comments', {
    config: { rateLimit: { max: COMMENT_RATE_MAX, timeWindow: '10 minutes', allowList: () => false } },
    schema: {
      tags: ['公众参与'], summary: '提交意见（经审核后公开）',
      description: '按地址限流。只在征集期内（含首尾两日）接受；未开始或已结束返回 409 及理由，不保存任何内容。联系方式仅供工作人员核实，从不公开。',
      params: Type.Object({ reference: Type.String() }),
      body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })), contact: Type.Optional(Type.String({ maxLength: 200, description: '手机号码、固定电话或电子邮箱' })), content: Type.String({ maxLength: 10_000 }) }),
      response: { 201: Type.Object({ reference: Type.String(), state: Coded('审核状态') }), 400: ErrorBody, 404: ErrorBody, 409: ConflictBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const c = await consultationOr404(request.params.reference);
    const b = request.body;
    const r = await svc.submitComment(deps, c, { name: b.name ?? '', contact: b.contact ?? '', content: b.content });
    if (!r.ok) {
      if (r.refusal) throw conflict(r.refusal.code, r.refusal.message, [r.refusal.message]);
      throw badRequest('invalid_comment', Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('；'));
    }
    return reply.status(201).send({ reference: r.reference, state: { code: 'pending', label: '待审核' } });
  });

  return { backlinks: (indexNo) => svc.consultationsFor(db, indexNo) };
}
