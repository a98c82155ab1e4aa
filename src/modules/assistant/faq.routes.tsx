// Staff FAQ pages and API, the 答得不好的问题 list (issue 20 §3) — owned by the `faq` part. Pages:
// the scoped list, the pair form (new / edit / archive / restore; errors → 400 with the values
// kept), the badly answered questions with filters, CSV and 「添加问答」 (one step: the pair and the
// turns marked resolved in one transaction). API under /api/v1/staff/assistant (Bearer tokens,
// OpenAPI, {code, message}; a second archive is 409 with reasons). Every row is scoped; every write audited.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import { acceptedValues, labelOf, parseEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { requireRoles, type Actor } from '../identity/index.ts';
import type { AssistantDeps } from './deps.ts';
import { BAD_OUTCOMES, linksText, parseMonth, questionsCsv, type BadOutcome, type FaqRawInput } from './faq-input.ts';
import { faqStrings as fs } from './faq.strings.ts';
import * as svc from './faq.service.ts';
import { FAQ_ANSWER_MAX, FAQ_LINKS_MAX, FAQ_QUESTION_MAX, FAQ_ROLES, FAQ_STATUSES, FAQ_VARIANTS_MAX, type FaqStatus } from './vocabulary.ts';
import { FAQ_BASE, FaqFormPage, FaqListPage, QUESTIONS_BASE, QuestionsPage, type FaqListQuery, type QuestionsQuery } from './views/faq.tsx';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const PAGE = 50;
const FORM_FIELDS = ['org', 'question', 'variants', 'answer', 'links'] as const;

const LinkJson = Type.Object({ title: Type.String({ description: '链接标题' }), url: Type.String({ description: '本站路径（以 / 开头）或 https 网址' }) });
const FaqJson = Type.Object({
  id: Type.String({ description: '问答编号（FAQ + 10 位）' }), org: Type.String(), org_name: Type.String(), question: Type.String(),
  variants: Type.Array(Type.String()), answer: Type.String(), links: Type.Array(LinkJson),
  status: Type.Object({ code: Type.String(), label: Type.String() }, { description: '状态' }), hits: Type.Integer({ description: '回答次数' }),
  created_by: Type.String(), created_at: Type.String(), updated_by: Type.String(), updated_at: Type.String(),
});
const FieldsBody = {
  org: Type.Optional(Type.String({ description: '所属单位代码（本人管辖范围内的政府或街道/乡镇），如 130427' })),
  question: Type.Optional(Type.String({ description: `问题（必填，不超过 ${FAQ_QUESTION_MAX} 字）` })),
  variants: Type.Optional(Type.Array(Type.String(), { description: `其他问法（最多 ${FAQ_VARIANTS_MAX} 条，重复的去掉）` })),
  answer: Type.Optional(Type.String({ description: `答案（必填，不超过 ${FAQ_ANSWER_MAX} 字）` })),
  links: Type.Optional(Type.Array(LinkJson, { description: `相关链接（最多 ${FAQ_LINKS_MAX} 条）` })),
};
const CreateBody = Type.Object({
  ...FieldsBody,
  resolve_question: Type.Optional(Type.String({ description: '答得不好的问题的原文：本单位及下级地区这个问题的未处理提问同时标记为已由这条问答处理' })),
});
const PatchBody = Type.Object({ ...FieldsBody, status: Type.Optional(EnumString(FAQ_STATUSES, '状态：active 启用 / archived 停用')) });
const QuestionJson = Type.Object({
  question: Type.String({ description: '群众提问（出现最多的写法，个人信息已遮蔽）' }), key: Type.String({ description: '归并用的规范化文本' }),
  count: Type.Integer(), no_match: Type.Integer(), unhelpful: Type.Integer(), last_at: Type.String(), unresolved: Type.Integer(),
  resolved_faq: Type.Union([Type.String(), Type.Null()]), org: Type.Union([Type.String(), Type.Null()]),
});

function faqJson(p: svc.FaqPair) {
  return {
    id: p.publicId, org: p.orgCode, org_name: p.orgName, question: p.question, variants: p.variants, answer: p.answer, links: p.links,
    status: { code: p.status, label: labelOf(FAQ_STATUSES, p.status) }, hits: p.hits,
    created_by: p.createdBy, created_at: p.createdAt, updated_by: p.updatedBy, updated_at: p.updatedAt,
  };
}

/** The form's values of a pair. */
const formValues = (p: svc.FaqPair): Record<string, string> => ({ org: p.orgCode, question: p.question, variants: p.variants.join('\n'), answer: p.answer, links: linksText(p.links) });

/** The 答得不好的问题 filters of one query (each key one value). */
function questionFilters(q: Record<string, string | undefined>): { f: QuestionsQuery; month: string | undefined; outcome: BadOutcome | undefined; errors: FieldErrors; codes: string[] } {
  const errors: FieldErrors = {};
  const codes: string[] = [];
  const monthText = (q.month ?? '').trim();
  const month = monthText ? parseMonth(monthText) : null;
  if (monthText && !month) { errors.month = fs.questions.badMonth; codes.push('invalid_month'); }
  const outcomeText = (q.outcome ?? '').trim();
  const outcome = outcomeText ? parseEnum(BAD_OUTCOMES, outcomeText) : null;
  if (outcomeText && !outcome) { errors.outcome = fs.questions.badOutcome(acceptedValues(BAD_OUTCOMES)); codes.push('invalid_outcome'); }
  return { f: { month: month ?? monthText.slice(0, 7), outcome: outcome ?? '' }, month: month ?? undefined, outcome: outcome ?? undefined, errors, codes };
}

function offsetOf(v: string | undefined): number {
  if (v === undefined || v === '') return 0;
  if (!/^\d{1,6}$/.test(v)) throw badRequest('invalid_offset', fs.api.offset);
  return Number(v);
}

/** The API's fields as the service takes them (arrays kept; anything else left out). */
function apiRaw(b: Record<string, unknown>): FaqRawInput {
  const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
  const arr = (k: string) => (Array.isArray(b[k]) ? (b[k] as unknown[]) : undefined);
  return { org: str('org'), question: str('question'), variants: arr('variants'), answer: str('answer'), links: arr('links') };
}

export async function faqRoutes(app: App, deps: Pick<AssistantDeps, 'db' | 'clock'>): Promise<void> {
  const { db } = deps;
  const staff = { preHandler: requireRoles(...FAQ_ROLES) };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  const actorOf = (request: FastifyRequest) => request.actor as Actor;
  const orgs = (request: FastifyRequest) => svc.faqOrganisations(db, actorOf(request));

  app.staffLinks.push({ href: FAQ_BASE, label: fs.staff.title, description: fs.staff.linkDescription, roles: [...FAQ_ROLES] });

  // ---------- pages ----------
  app.get(FAQ_BASE, staff, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const errors: FieldErrors = {};
    const statusText = (q.status ?? '').trim();
    const status = statusText ? parseEnum(FAQ_STATUSES, statusText) : null;
    if (statusText && !status) errors.status = fs.api.status(acceptedValues(FAQ_STATUSES));
    const offset = /^\d{1,6}$/.test(q.offset ?? '') ? Number(q.offset) : 0;
    const text = (q.q ?? '').trim().slice(0, 50);
    const r = await svc.listFaqs(deps, actorOf(request), { status: status ?? undefined, q: text, limit: PAGE, offset });
    const doneKey = (q.done ?? '').slice(0, 40);
    const id = (q.id ?? '').slice(0, 20);
    const done = svc.FAQ_PUBLIC_ID.test(id) ? (doneKey === 'archived' ? fs.staff.archived(id) : doneKey === 'restored' ? fs.staff.restored(id) : undefined) : undefined;
    const lq: FaqListQuery = { status: status ?? '', q: text };
    return sendPage(reply, <FaqListPage ctx={pageContext(request)} q={lq} rows={r.items} total={r.total} offset={offset} limit={PAGE} done={done} errors={errors} />, Object.keys(errors).length ? 400 : 200);
  });

  app.get(`${FAQ_BASE}/new`, staff, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const values: Record<string, string> = {
      org: (q.org ?? '').trim().slice(0, 64) || await svc.defaultFaqOrg(db, actorOf(request)),
      question: (q.question ?? '').slice(0, FAQ_QUESTION_MAX),
    };
    const resolve = (q.resolve ?? '').slice(0, FAQ_QUESTION_MAX) || undefined;
    return sendPage(reply, <FaqFormPage ctx={pageContext(request)} orgs={await orgs(request)} values={values} errors={{}} resolve={resolve} />);
  });

  app.post(FAQ_BASE, staff, async (request, reply) => {
    const b = request.body;
    const values: Record<string, string> = Object.fromEntries(FORM_FIELDS.map((k) => [k, field(b, k)]));
    const resolve = field(b, 'resolve').slice(0, FAQ_QUESTION_MAX) || undefined;
    const r = await svc.createFaq(deps, who(request), values, { resolveKey: resolve });
    if (!r.ok) return sendPage(reply, <FaqFormPage ctx={pageContext(request)} orgs={await orgs(request)} values={values} errors={r.errors} resolve={resolve} />, 400);
    return reply.redirect(`${FAQ_BASE}/${r.publicId}?done=${resolve ? `resolved-${r.resolved}` : 'created'}`, 303);
  });

  async function detail(request: FastifyRequest, reply: FastifyReply, id: string, opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number; done?: string } = {}) {
    const pair = await svc.loadFaq(db, actorOf(request), id);
    const doneKey = ((request.query as { done?: string }).done ?? '').slice(0, 40);
    const resolved = /^resolved-(\d{1,6})$/.exec(doneKey);
    const done = opts.done ?? (doneKey === 'created' ? fs.staff.created(id) : doneKey === 'saved' ? fs.staff.saved(id) : resolved ? fs.staff.createdResolved(id, Number(resolved[1])) : undefined);
    const status = opts.status ?? 200;
    return sendPage(reply, <FaqFormPage ctx={pageContext(request)} orgs={await orgs(request)} pair={pair} values={opts.values ?? formValues(pair)} errors={opts.errors ?? {}} done={done} />, status);
  }

  app.get(`${FAQ_BASE}/:id`, staff, async (request, reply) => detail(request, reply, (request.params as { id: string }).id));

  app.post(`${FAQ_BASE}/:id`, staff, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const b = request.body;
    const values: Record<string, string> = Object.fromEntries(FORM_FIELDS.map((k) => [k, field(b, k)]));
    const r = await svc.updateFaq(deps, who(request), id, values);
    if (!r.ok) return detail(request, reply, id, { values, errors: r.errors, status: 400 });
    return reply.redirect(`${FAQ_BASE}/${id}?done=saved`, 303);
  });

  for (const [action, status] of [['archive', 'archived'], ['restore', 'active']] as const) {
    app.post(`${FAQ_BASE}/:id/${action}`, staff, async (request, reply) => {
      const id = (request.params as { id: string }).id;
      try {
        await svc.setFaqStatus(deps, who(request), id, status);
      } catch (e) {
        if (e instanceof HttpError && e.status === 409) return detail(request, reply, id, { errors: { status: e.message }, status: 409 });
        throw e;
      }
      return reply.redirect(`${FAQ_BASE}?done=${status === 'archived' ? 'archived' : 'restored'}&id=${id}`, 303);
    });
  }

  app.get(QUESTIONS_BASE, staff, async (request, reply) => {
    const { f, month, outcome, errors } = questionFilters(request.query as Record<string, string | undefined>);
    const rows = await svc.badQuestions(deps, actorOf(request), { month, outcome });
    return sendPage(reply, <QuestionsPage ctx={pageContext(request)} q={f} rows={rows} errors={errors} />, Object.keys(errors).length ? 400 : 200);
  });

  app.get(`${QUESTIONS_BASE}.csv`, staff, async (request, reply) => {
    const { month, outcome, errors, codes } = questionFilters(request.query as Record<string, string | undefined>);
    if (codes.length) throw badRequest(codes[0]!, Object.values(errors).join('；'));
    const rows = await svc.badQuestions(deps, actorOf(request), { month, outcome });
    return sendDownload(reply, questionsCsv(rows), `答得不好的问题-${month ?? deps.clock.today().slice(0, 7)}.csv`, FILE_TYPES.csv);
  });

  // ---------- API ----------
  const tags = ['智能客服'];
  const security = [{ bearer: [] }];
  const refuse = (r: svc.Refused): never => {
    const message = Object.values(r.errors).join('；');
    if (r.code === 'faq_not_your_unit') throw new HttpError(403, r.code, message);
    throw badRequest(r.code, message);
  };

  app.get('/api/v1/staff/assistant/faq', {
    preHandler: requireRoles(...FAQ_ROLES),
    schema: {
      tags, security, summary: '智能客服问答列表（本人管辖范围）',
      querystring: Type.Object({ status: Type.Optional(EnumString(FAQ_STATUSES, '状态')), q: Type.Optional(Type.String({ description: '问题或其他问法包含的文字' })), offset: Type.Optional(Type.String()) }),
      response: { 200: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(FaqJson) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const statusText = (q.status ?? '').trim();
    const status = statusText ? parseEnum(FAQ_STATUSES, statusText) : null;
    if (statusText && !status) throw badRequest('invalid_status', fs.api.status(acceptedValues(FAQ_STATUSES)));
    const offset = offsetOf(q.offset);
    const r = await svc.listFaqs(deps, actorOf(request), { status: status ?? undefined, q: q.q, limit: PAGE, offset });
    return { total: r.total, offset, limit: PAGE, items: r.items.map(faqJson) };
  });

  app.post('/api/v1/staff/assistant/faq', {
    preHandler: requireRoles(...FAQ_ROLES),
    schema: {
      tags, security, summary: '新增问答（可同时把一个答得不好的问题标记为已处理）',
      description: '问答优先于自动生成的答案，用于所属单位及其下级地区的提问。缺少问题返回 400 faq_question_required；单位不在管辖范围内返回 403 faq_not_your_unit。',
      body: CreateBody,
      response: { 201: Type.Object({ ...FaqJson.properties, resolved_turns: Type.Integer({ description: '标记为已处理的提问次数' }) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body as Record<string, unknown>;
    const resolve = typeof b.resolve_question === 'string' ? b.resolve_question.slice(0, 1000) : undefined;
    const r = await svc.createFaq(deps, who(request), apiRaw(b), { resolveKey: resolve });
    if (!r.ok) return refuse(r);
    return reply.status(201).send({ ...faqJson(await svc.loadFaq(db, actorOf(request), r.publicId)), resolved_turns: r.resolved });
  });

  app.get('/api/v1/staff/assistant/faq/:id', {
    preHandler: requireRoles(...FAQ_ROLES),
    schema: { tags, security, summary: '一条问答', params: Type.Object({ id: Type.String() }), response: { 200: FaqJson, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => faqJson(await svc.loadFaq(db, actorOf(request), request.params.id)));

  app.patch('/api/v1/staff/assistant/faq/:id', {
    preHandler: requireRoles(...FAQ_ROLES),
    schema: {
      tags, security, summary: '修改问答（未给出的字段保持不变；status 可停用或重新启用）', params: Type.Object({ id: Type.String() }),
      body: PatchBody, response: { 200: FaqJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const id = request.params.id;
    const b = request.body as Record<string, unknown>;
    const current = await svc.loadFaq(db, actorOf(request), id);
    let status: FaqStatus | null = null;
    if (b.status !== undefined) {
      status = typeof b.status === 'string' ? parseEnum(FAQ_STATUSES, b.status) : null;
      if (!status) throw badRequest('invalid_status', fs.api.status(acceptedValues(FAQ_STATUSES)));
    }
    const raw = apiRaw(b);
    if (Object.values(raw).some((v) => v !== undefined)) {
      const r = await svc.updateFaq(deps, who(request), id, {
        org: raw.org ?? current.orgCode, question: raw.question ?? current.question, variants: raw.variants ?? current.variants,
        answer: raw.answer ?? current.answer, links: raw.links ?? current.links,
      });
      if (!r.ok) return refuse(r);
    }
    if (status && status !== current.status) await svc.setFaqStatus(deps, who(request), id, status);
    return faqJson(await svc.loadFaq(db, actorOf(request), id));
  });

  app.post('/api/v1/staff/assistant/faq/:id/archive', {
    preHandler: requireRoles(...FAQ_ROLES),
    schema: {
      tags, security, summary: '停用问答（不再用于回答；可用 PATCH status=active 重新启用）', params: Type.Object({ id: Type.String() }),
      response: { 200: FaqJson, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
    },
  }, async (request) => {
    await svc.setFaqStatus(deps, who(request), request.params.id, 'archived');
    return faqJson(await svc.loadFaq(db, actorOf(request), request.params.id));
  });

  app.get('/api/v1/staff/assistant/questions', {
    preHandler: requireRoles(...FAQ_ROLES),
    schema: {
      tags, security, summary: '答得不好的问题（未找到答案或群众点了「没有帮助」，按问题归并，未处理的在前）',
      querystring: Type.Object({ month: Type.Optional(Type.String({ description: 'YYYY-MM（北京时间）' })), outcome: Type.Optional(EnumString(BAD_OUTCOMES, '情形')) }),
      response: { 200: Type.Object({ items: Type.Array(QuestionJson) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const { month, outcome, errors, codes } = questionFilters(request.query as Record<string, string | undefined>);
    if (codes.length) throw badRequest(codes[0]!, Object.values(errors).join('；'));
    const rows = await svc.badQuestions(deps, actorOf(request), { month, outcome });
    return {
      items: rows.map((r) => ({ question: r.text, key: r.key, count: r.count, no_match: r.noMatch, unhelpful: r.unhelpful, last_at: r.lastAt, unresolved: r.unresolved, resolved_faq: r.resolvedFaq, org: r.orgCode })),
    };
  });
}
