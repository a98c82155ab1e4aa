// 转人工 over HTTP (issue 20 §4): the staff queue and answer window, the settings page, their Bearer
// API under /api/v1/staff/assistant, the person's hand-off request and tracking API, and the job that
// converts untaken hand-offs. Every staff row is scoped (404 outside the caller's subtree) and every
// staff write audited (handoff.service.ts).
import { handoffFloodGuard } from './handoff-limit.ts';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import { acceptedValues, labelOf, parseEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { hasAnyRole, requireRoles, type Actor } from '../identity/index.ts';
import type { AssistantDeps } from './deps.ts';
import { CONVERSATION_STATES, HANDOFF_FALLBACKS, HANDOFF_ROLES, TURN_ROLES, type ConversationState, type HandoffFallback, type TurnRole } from './vocabulary.ts';
import { HANDOFF_MODES, parseWaitMinutes, WAIT_MAX, WAIT_MIN } from './handoff-rules.ts';
import * as svc from './handoff.service.ts';
import { handoffStrings as hs } from './handoff.strings.ts';
import { CONVERSATIONS, ConversationPage, HANDOFF_POLL_JS, POLL_SCRIPT, QUEUE, QueuePage, SETTINGS, SettingsPage } from './views/handoff.tsx';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Coded = (d: string) => Type.Object({ code: Type.String(), label: Type.String() }, { description: d });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const RefParam = Type.Object({ handoff: Type.String({ description: '咨询编号（ZXR-YYYYMMDD-XXXXX）' }) });

const QueueJson = Type.Object({
  reference: Type.String(), org: Nullable(Type.String()), org_name: Type.String(), state: Coded('状态'), requested_at: Type.String(),
  waited_minutes: Type.Integer(), deadline_at: Nullable(Type.String()), first_question: Type.String({ description: '群众的第一个问题（个人信息已遮蔽）' }), taken_by: Nullable(Type.String()),
});
const TurnJson = Type.Object({ seq: Type.Integer(), role: Coded('发言方'), text: Type.String(), staff_label: Nullable(Type.String()), at: Type.String() });
const ConversationJson = Type.Object({
  reference: Type.String(), org: Nullable(Type.String()), org_name: Type.String(), state: Coded('状态'), taken_by: Nullable(Type.String()), deadline_at: Nullable(Type.String()),
  converted: Type.Union([Type.Object({ kind: Coded('转为'), reference: Type.String() }), Type.Null()]), turns: Type.Array(TurnJson),
});

function queueJson(r: svc.QueueRow) {
  return {
    reference: r.reference, org: r.orgCode, org_name: r.orgName, state: { code: r.state, label: labelOf(CONVERSATION_STATES, r.state) }, requested_at: r.requestedAt,
    waited_minutes: r.waitedMinutes, deadline_at: r.deadlineAt, first_question: r.firstQuestion, taken_by: r.takenByLabel,
  };
}
function conversationJson(s: svc.StaffConversation) {
  const c = s.conv;
  return {
    reference: c.reference as string, org: c.orgCode, org_name: s.orgName, state: { code: c.state, label: labelOf(CONVERSATION_STATES, c.state) }, taken_by: c.takenByLabel,
    deadline_at: c.state === 'waiting' ? c.handoffDeadlineAt : null,
    converted: c.convertedKind && c.convertedRef ? { kind: { code: c.convertedKind, label: labelOf(HANDOFF_FALLBACKS, c.convertedKind as HandoffFallback) }, reference: c.convertedRef } : null,
    turns: s.turns.map((t) => ({ seq: t.seq, role: { code: t.role, label: labelOf(TURN_ROLES, t.role as TurnRole) }, text: t.text, staff_label: t.staffLabel, at: t.at })),
  };
}

/** `after` as a turn number (0 when absent). */
function afterOf(v: string | undefined): number {
  if (v === undefined || v === '') return 0;
  if (!/^\d{1,6}$/.test(v)) throw badRequest('invalid_after', '参数 after 应为轮次编号（非负整数）');
  return Number(v);
}

export async function handoffRoutes(app: App, deps: AssistantDeps): Promise<void> {
  const staff = { preHandler: requireRoles(...HANDOFF_ROLES) };
  const setters = { preHandler: requireRoles(...svc.SETTINGS_ROLES) };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  const ref = (request: FastifyRequest) => (request.params as { handoff: string }).handoff;
  /** Hand-off requests per address per hour, shared with the pages (a flood from one address is refused with 429). */
  const flood = handoffFloodGuard(app, deps.config.handoffPerHour);

  app.staffLinks.push({ href: QUEUE, label: hs.staff.queueTitle, description: hs.staff.linkDescription, roles: [...HANDOFF_ROLES] });
  // the 工作台 block for those who answer people (a 系统管理员 reaches the queue through the links)
  app.staffWork.push({
    title: hs.staff.queueTitle, roles: HANDOFF_ROLES.filter((r) => r !== 'admin'),
    counts: async (actor) => [{ label: labelOf(CONVERSATION_STATES, 'waiting'), count: (await svc.listQueue(deps, actor)).filter((r) => r.state === 'waiting').length, href: QUEUE }],
  });

  app.get(HANDOFF_POLL_JS, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(POLL_SCRIPT));

  // ---------- staff pages ----------
  app.get(QUEUE, staff, async (request, reply) => {
    const actor = request.actor as Actor;
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, <QueuePage ctx={pageContext(request)} rows={await svc.listQueue(deps, actor)} canSet={hasAnyRole(actor, svc.SETTINGS_ROLES)} />);
  });

  const DONE: Record<string, string> = { taken: hs.staff.taken, replied: hs.staff.replied, closed: hs.staff.closedDone };
  async function window(request: FastifyRequest, reply: FastifyReply, opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number; done?: string } = {}) {
    const actor = request.actor as Actor;
    const s = await svc.loadForStaff(deps, actor, ref(request));
    const key = (request.query as { done?: string }).done ?? '';
    const done = opts.done ?? (key === 'converted' && s.conv.convertedRef ? hs.staff.convertedDone(s.conv.convertedRef) : (Object.hasOwn(DONE, key) ? DONE[key] : undefined));
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, <ConversationPage ctx={pageContext(request)} s={s} actorId={actor.userId} done={done} values={opts.values ?? {}} errors={opts.errors ?? {}} status={opts.status ?? 200} />, opts.status ?? 200);
  }
  const back = (reply: FastifyReply, reference: string, done: string) => reply.redirect(`${CONVERSATIONS}/${encodeURIComponent(reference)}?done=${done}`, 303);
  /** A refused move on a page: the window again with the reason (409). */
  const refusedPage = async (request: FastifyRequest, reply: FastifyReply, e: unknown, values: Record<string, string> = {}) => {
    if (e instanceof HttpError && e.status === 409) return window(request, reply, { values, errors: { text: e.message }, status: 409 });
    throw e;
  };

  app.get(`${CONVERSATIONS}/:handoff`, staff, async (request, reply) => window(request, reply));

  app.post(`${CONVERSATIONS}/:handoff/take`, staff, async (request, reply) => {
    try { await svc.takeHandoff(deps, who(request), ref(request)); } catch (e) { return refusedPage(request, reply, e); }
    return back(reply, ref(request), 'taken');
  });
  app.post(`${CONVERSATIONS}/:handoff/reply`, staff, async (request, reply) => {
    const values = { text: field(request.body, 'text') };
    try {
      const r = await svc.replyHandoff(deps, who(request), ref(request), values.text);
      if (!r.ok) return window(request, reply, { values, errors: r.fields, status: 400 });
    } catch (e) { return refusedPage(request, reply, e, values); }
    return back(reply, ref(request), 'replied');
  });
  app.post(`${CONVERSATIONS}/:handoff/close`, staff, async (request, reply) => {
    try { await svc.closeHandoff(deps, who(request), ref(request)); } catch (e) { return refusedPage(request, reply, e); }
    return back(reply, ref(request), 'closed');
  });
  app.post(`${CONVERSATIONS}/:handoff/convert`, staff, async (request, reply) => {
    try { await svc.convertByHand(deps, who(request), ref(request)); } catch (e) { return refusedPage(request, reply, e); }
    return back(reply, ref(request), 'converted');
  });

  // ---------- settings page ----------
  const settingValues = (o: svc.SettingsOrg | undefined): Record<string, string> => ({
    org: o?.code ?? '', enabled: o?.setting ? (o.setting.enabled ? '1' : '') : '1', venue: o?.setting?.venuePublicId ?? '',
    wait_minutes: String(o?.setting?.waitMinutes ?? 5), fallback: o?.setting?.fallback ?? 'enquiry',
  });
  app.get(SETTINGS, setters, async (request, reply) => {
    const orgs = await svc.settingsOrgs(deps.db, request.actor as Actor);
    const wanted = String((request.query as { org?: string }).org ?? '');
    const o = orgs.find((x) => x.code === wanted) ?? orgs[0];
    const done = (request.query as { done?: string }).done === 'saved' ? hs.staff.saved : undefined;
    return sendPage(reply, <SettingsPage ctx={pageContext(request)} orgs={orgs} values={settingValues(o)} errors={{}} done={done} />);
  });
  app.post(SETTINGS, setters, async (request, reply) => {
    const b = request.body;
    const values = { org: field(b, 'org'), enabled: field(b, 'enabled') ? '1' : '', venue: field(b, 'venue'), wait_minutes: field(b, 'wait_minutes'), fallback: field(b, 'fallback') };
    const r = await svc.saveSetting(deps, who(request), {
      org: values.org, enabled: values.enabled === '1', venue: values.venue, waitMinutes: parseWaitMinutes(values.wait_minutes), fallback: parseEnum(HANDOFF_FALLBACKS, values.fallback),
    });
    if (!r.ok) return sendPage(reply, <SettingsPage ctx={pageContext(request)} orgs={await svc.settingsOrgs(deps.db, request.actor as Actor)} values={values} errors={r.fields} status={400} />, 400);
    return reply.redirect(`${SETTINGS}?org=${encodeURIComponent(values.org)}&done=saved`, 303);
  });

  // ---------- staff API ----------
  const API = '/api/v1/staff/assistant/handoffs';
  const tags = ['智能客服转人工'];
  app.get(API, {
    preHandler: requireRoles(...HANDOFF_ROLES),
    schema: { tags, summary: '等待人工和人工服务中的会话（本人管辖范围，最早的在前）', security: [{ bearer: [] }], response: { 200: Type.Object({ items: Type.Array(QueueJson) }), 401: ErrorBody, 403: ErrorBody } },
  }, async (request) => ({ items: (await svc.listQueue(deps, request.actor as Actor)).map(queueJson) }));

  app.get(`${API}/:handoff`, {
    preHandler: requireRoles(...HANDOFF_ROLES),
    schema: {
      tags, summary: '一个转人工会话及其记录（after：只要该轮之后的新内容，用于轮询）', security: [{ bearer: [] }], params: RefParam,
      querystring: Type.Object({ after: Type.Optional(Type.String({ description: '轮次编号' })) }),
      response: { 200: ConversationJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => conversationJson(await svc.loadForStaff(deps, request.actor as Actor, ref(request), afterOf((request.query as { after?: string }).after))));

  const move = (path: string, summary: string, run: (request: FastifyRequest) => Promise<unknown>) => app.post(`${API}/:handoff/${path}`, {
    preHandler: requireRoles(...HANDOFF_ROLES),
    schema: { tags, summary, security: [{ bearer: [] }], params: RefParam, response: { 200: ConversationJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody } },
  }, async (request) => {
    await run(request);
    return conversationJson(await svc.loadForStaff(deps, request.actor as Actor, ref(request)));
  });
  move('take', '接入一个等待人工的会话（只能一人接入：已被接入时 409 handoff_taken）', (request) => svc.takeHandoff(deps, who(request), ref(request)));

  app.post(`${API}/:handoff/reply`, {
    preHandler: requireRoles(...HANDOFF_ROLES),
    schema: {
      tags, summary: '接入人员回复群众（显示在群众的会话中）', security: [{ bearer: [] }], params: RefParam,
      body: Type.Object({ text: Type.Optional(Type.String({ description: `回复内容，1–${svc.REPLY_MAX} 字` })) }),
      response: { 200: ConversationJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
    },
  }, async (request) => {
    const r = await svc.replyHandoff(deps, who(request), ref(request), String((request.body as { text?: string } | null)?.text ?? ''));
    if (!r.ok) throw badRequest('reply_invalid', hs.errors.reply);
    return conversationJson(await svc.loadForStaff(deps, request.actor as Actor, ref(request)));
  });
  move('close', '结束会话', (request) => svc.closeHandoff(deps, who(request), ref(request)));
  move('convert', '转为咨询登记（会话记录作为咨询内容）', (request) => svc.convertByHand(deps, who(request), ref(request)));

  const SettingJson = Type.Object({ org: Type.String(), enabled: Type.Boolean(), venue: Nullable(Type.String()), wait_minutes: Type.Integer(), fallback: Coded('无人接入时转为') });
  app.put('/api/v1/staff/assistant/settings/:org', {
    preHandler: requireRoles(...svc.SETTINGS_ROLES),
    schema: {
      tags, summary: '一个单位的转人工设置（管理员或政务公开办）', security: [{ bearer: [] }], params: Type.Object({ org: Type.String({ description: '单位编码' }) }),
      description: `enabled 是否开通；venue 按该场所的工作时间（本单位的场所，不填为工作日 09:00-12:00、13:30-17:30）；wait_minutes ${WAIT_MIN}–${WAIT_MAX}；fallback 无人接入时转为咨询登记或民心直通车留言（留言需群众留下姓名和电话，否则仍转为咨询登记）。`,
      body: Type.Object({
        enabled: Type.Optional(Type.Boolean()), venue: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
        wait_minutes: Type.Optional(Type.Integer({ description: `${WAIT_MIN}–${WAIT_MAX}` })), fallback: Type.Optional(EnumString(HANDOFF_FALLBACKS, '无人接入时转为')),
      }),
      response: { 200: SettingJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const b = (request.body ?? {}) as { enabled?: boolean; venue?: string | null; wait_minutes?: number; fallback?: string };
    const wait = typeof b.wait_minutes === 'number' && Number.isInteger(b.wait_minutes) && b.wait_minutes >= WAIT_MIN && b.wait_minutes <= WAIT_MAX ? b.wait_minutes : b.wait_minutes === undefined ? 5 : null;
    const fallback = b.fallback === undefined ? 'enquiry' : parseEnum(HANDOFF_FALLBACKS, b.fallback);
    const r = await svc.saveSetting(deps, who(request), { org: (request.params as { org: string }).org, enabled: b.enabled ?? true, venue: b.venue ?? '', waitMinutes: wait, fallback });
    if (!r.ok) {
      const msg = r.code === 'invalid_fallback' ? `${hs.errors.fallback}（fallback 可选：${acceptedValues(HANDOFF_FALLBACKS)}）` : Object.values(r.fields).join('；');
      throw badRequest(r.code, msg);
    }
    const s = r.setting;
    return { org: s.orgCode, enabled: s.enabled, venue: s.venuePublicId, wait_minutes: s.waitMinutes, fallback: { code: s.fallback, label: labelOf(HANDOFF_FALLBACKS, s.fallback) } };
  });

  // ---------- the person's API ----------
  const ResultJson = Type.Object({
    reference: Type.String({ description: '咨询编号' }), tracking_code: Type.String({ description: '查询码，只返回这一次' }), state: Coded('会话状态'),
    deadline_at: Nullable(Type.String({ description: '等待人工：无人接入的截止时间' })),
    converted: Type.Union([Type.Object({ kind: Coded('转为'), reference: Type.String() }), Type.Null()]),
  });
  app.post('/api/v1/assistant/conversations/:id/handoff', {
    onRequest: flood,
    schema: {
      tags: ['智能客服'], summary: '转人工：等待人工客服（工作时间），或留下问题为咨询登记或民心直通车留言',
      description: 'mode=live 只在人工客服在线时可用（否则 409 handoff_unavailable，reasons 给出原因）；mode=leave 需要 kind；kind=message 需要 contact 的姓名和电话。同一会话只能转一次：再次请求返回 409 handoff_exists 和原咨询编号。每个地址每小时次数有限（429）。',
      params: Type.Object({ id: Type.String({ description: '会话编号 conversation_id' }) }),
      body: Type.Object({
        mode: EnumString(HANDOFF_MODES, '转人工方式'),
        kind: Type.Optional(EnumString(HANDOFF_FALLBACKS, 'mode=leave：留下问题的方式')),
        contact: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })), phone: Type.Optional(Type.String({ maxLength: 40 })) })),
      }),
      response: { 201: ResultJson, 400: ErrorBody, 404: ErrorBody, 409: Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()), reference: Type.Optional(Type.String()) }), 429: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body as { mode: string; kind?: string; contact?: { name?: string; phone?: string } };
    const mode = parseEnum(HANDOFF_MODES, b.mode);
    if (!mode) throw badRequest('invalid_mode', `${hs.errors.mode}（mode 可选：${acceptedValues(HANDOFF_MODES)}）`);
    const kind = b.kind === undefined ? null : parseEnum(HANDOFF_FALLBACKS, b.kind);
    if (b.kind !== undefined && !kind) throw badRequest('invalid_kind', `${hs.errors.kind}（kind 可选：${acceptedValues(HANDOFF_FALLBACKS)}）`);
    const contact = b.contact ? { name: b.contact.name ?? '', phone: b.contact.phone ?? '' } : null;
    const r = await svc.requestHandoff(deps, (request.params as { id: string }).id, mode === 'live' ? { mode, contact } : { mode, kind: (kind ?? '') as HandoffFallback, contact });
    if (!r.ok) {
      if (r.status === 409) return reply.status(409).send({ code: r.code, message: r.message, reasons: r.reasons ?? [r.code], ...(r.reference ? { reference: r.reference } : {}) });
      throw new HttpError(r.status, r.code, r.message);
    }
    return reply.status(201).send({
      reference: r.reference, tracking_code: r.trackingCode, state: { code: r.state, label: labelOf(CONVERSATION_STATES, r.state as ConversationState) }, deadline_at: r.deadlineAt ?? null,
      converted: r.convertedKind && r.convertedRef ? { kind: { code: r.convertedKind, label: labelOf(HANDOFF_FALLBACKS, r.convertedKind) }, reference: r.convertedRef } : null,
    });
  });

  app.post('/api/v1/assistant/handoffs/track', {
    config: { rateLimit: { max: 60, timeWindow: '10 minutes', allowList: () => false } },
    schema: {
      tags: ['智能客服'], summary: '凭咨询编号和查询码查看转人工的答复（编号不存在和查询码错误的回答相同）',
      body: Type.Object({ reference: Type.String({ maxLength: 40 }), tracking_code: Type.String({ maxLength: 40 }) }),
      response: {
        200: Type.Object({ reference: Type.String(), state: Coded('会话状态'), answers: Type.Array(Type.Object({ at: Type.String(), text: Type.String() })), converted: Type.Union([Type.Object({ kind: Coded('转为'), reference: Type.String() }), Type.Null()]) }),
        400: ErrorBody, 404: ErrorBody, 429: ErrorBody,
      },
    },
  }, async (request) => {
    const b = request.body as { reference: string; tracking_code: string };
    const t = await svc.trackHandoff(deps, b.reference, b.tracking_code);
    if (!t) throw new HttpError(404, 'handoff_not_found', '咨询编号或查询码不正确');
    return {
      reference: t.reference, state: { code: t.state, label: t.stateLabel }, answers: t.answers,
      converted: t.convertedKind && t.convertedRef ? { kind: { code: t.convertedKind, label: labelOf(HANDOFF_FALLBACKS, t.convertedKind) }, reference: t.convertedRef } : null,
    };
  });
}

/** Background jobs: untaken hand-offs past their wait become enquiries or messages (every 30 s). */
export function handoffJobs(deps: AssistantDeps): JobDefinition[] {
  return [{ name: 'assistant.handoff-deadline', everyMs: 30_000, run: async () => { await svc.convertOverdue(deps); } }];
}
