// Shell: the staff side of 政务服务「好差评」 over HTTP — the JSON API (OpenAPI; enums as code or
// Chinese label; refusals 409 {code, message, reasons}) and the staff pages (差评 queues, one
// rating with its log and action forms, paper form / 12345 callback entry, the county's time limits,
// the 差评 reason list). Every row is scoped; every write is audited in its transaction.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import { labelOf, parseEnum, defineEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { hasAnyRole, isPlatformAdmin, requireRoles, type Actor } from '../identity/index.ts';
import { CHANNEL_ENUM, LEVEL_ENUM, LEVELS, OFFLINE_INDICATORS, ONLINE_INDICATORS, SUBJECT_ENUM, type ChannelCode, type SubjectCode } from './levels.ts';
import { ratingStrings as rs } from './ratings.strings.ts';
import * as svc from './ratings.service.ts';
import * as repo from './ratings.repository.ts';
import { ACTIONS, fold, RECTIFY_MODES, STATES, type RatingState } from './workflow.ts';
import { DetailPage, EntryPage, ListPage, ReasonsPage, SettingsPage } from './views/staff.tsx';

const st = rs.staff;
const BASE = '/staff/ratings';
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Coded = (d: string) => Type.Object({ code: Type.String(), label: Type.String() }, { description: d });
const QUEUE_ENUM = defineEnum<svc.QueueName>(svc.QUEUES.map((code) => ({ code, label: st.queues[code]! })));
const PAGE = 50;

/**
 * Staff enter what reached them on paper or by a 12345 callback; the other channels (QR codes,
 * links, kiosk, web) are the raters' own and are not typed in by staff (they would count as such).
 */
const STAFF_CHANNELS: readonly ChannelCode[] = ['paper', 'hotline_callback'];
const STAFF_CHANNEL_ENUM = defineEnum(CHANNEL_ENUM.values.filter((v) => STAFF_CHANNELS.includes(v.code)));

const EntryBody = Type.Object({
  org: Type.String({ description: '负责办理的单位代码（谁办理、谁负责）' }),
  venue: Type.Optional(Type.String({ description: '服务场所编号' })),
  item: Type.Optional(Type.String({ description: '事项编号' })),
  window: Type.Optional(Type.String({ description: '窗口编号（须同时填写 venue）' })),
  staff_no: Type.Optional(Type.String({ description: '工号' })),
  case_ref: Type.Optional(Type.String({ description: '办件号、12345工单号或留言编号' })),
  subject: Type.Optional(EnumString(SUBJECT_ENUM, '评价对象；不填时按所填内容判断')),
  channel: EnumString(STAFF_CHANNEL_ENUM, '评价渠道（工作人员只录入纸质评价表或12345回访）'),
  level: EnumString(LEVEL_ENUM, '评价等级；也可填 5～1'),
  indicators: Type.Optional(Type.Record(Type.String(), Type.String(), { description: '指标（代码或名称）→ 等级（代码、名称或 5～1）；网上办事与现场服务的指标不同' })),
  reasons: Type.Optional(Type.Array(Type.String(), { maxItems: 20, description: '差评原因代码或名称；不满意、非常不满意时至少一项' })),
  text: Type.Optional(Type.String({ maxLength: 2000 })),
  rater_name: Type.Optional(Type.String({ maxLength: 200 })),
  rater_phone: Type.Optional(Type.String({ maxLength: 40 })),
  rated_on: Type.String({ description: 'YYYY-MM-DD，不晚于今天' }),
  rerating_of: Type.Optional(Type.String({ description: '再评价：被答复的差评编号' })),
});

const ActionBody = Type.Object({
  action: EnumString(ACTIONS, '操作'),
  on: Type.String({ description: 'YYYY-MM-DD：不早于评价日期和上一步，不晚于今天' }),
  note: Type.Optional(Type.String({ description: 'callback：回访情况；decide_appeal：复核意见' })),
  reached: Type.Optional(Type.Boolean({ description: 'callback：是否联系上评价人' })),
  mode: Type.Optional(EnumString(RECTIFY_MODES, 'rectify：整改方式（限期整改中再以 immediate 登记完成）')),
  measures: Type.Optional(Type.String({ description: 'rectify：整改措施' })),
  due_on: Type.Optional(Type.String({ description: 'rectify（限期整改）：整改期限，不填按本县设置的工作日数' })),
  text: Type.Optional(Type.String({ description: 'reply：告知评价人的处理结果' })),
  reason: Type.Optional(Type.String({ description: 'appeal：申诉理由' })),
  upheld: Type.Optional(Type.Boolean({ description: 'decide_appeal：申诉是否成立（成立则从统计中剔除，记录保留）' })),
});

const ListedJson = Type.Object({
  id: Type.String({ description: '评价编号（PJ + 12 位）' }), org: Type.String(), org_name: Type.String(),
  subject: Coded('评价对象'), venue: Type.Union([Type.String(), Type.Null()]), item: Type.Union([Type.String(), Type.Null()]), window: Type.Union([Type.String(), Type.Null()]), staff_no: Type.Union([Type.String(), Type.Null()]),
  channel: Coded('渠道'), level: Coded('评价等级'), stars: Type.Integer(), bad: Type.Boolean(), state: Coded('差评办理状态'), rated_on: Type.String(),
  due_on: Type.Union([Type.String(), Type.Null()], { description: '当前步骤的期限（回访或整改）' }), overdue: Type.Boolean(), excluded: Type.Boolean(),
  rater_name: Type.Union([Type.String(), Type.Null()]), rater_phone: Type.Union([Type.String(), Type.Null()], { description: '已遮蔽' }),
});

const levelJson = (n: number) => {
  const l = LEVELS.find((x) => x.stars === n);
  return { code: l?.code ?? String(n), label: l?.label ?? String(n) };
};
const stateJson = (s: string) => ({ code: s, label: rs.workflow.states[s] ?? s });

function listedJson(r: svc.ListedRating) {
  return {
    id: r.publicId, org: r.orgCode, org_name: r.orgName, subject: { code: r.subject, label: labelOf(SUBJECT_ENUM, r.subject as SubjectCode) },
    venue: r.venuePublicId, item: r.itemPublicId, window: r.windowCode, staff_no: r.staffNo, channel: { code: r.channel, label: labelOf(CHANNEL_ENUM, r.channel as ChannelCode) },
    level: levelJson(r.level), stars: r.level, bad: r.bad, state: stateJson(r.state), rated_on: r.ratedOn, due_on: r.dueOn, overdue: r.overdue, excluded: r.excluded,
    rater_name: r.raterName, rater_phone: r.raterPhone,
  };
}

/** A query flag: 'yes'/'1'/'true' or 'no'/'0'/'false' (one value), else a 400. */
function flag(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  if (['yes', '1', 'true', '是'].includes(v)) return true;
  if (['no', '0', 'false', '否'].includes(v)) return false;
  throw badRequest(`invalid_${name}`, rs.api.flag(name));
}

function offsetOf(v: string | undefined): number {
  if (v === undefined || v === '') return 0;
  if (!/^\d{1,6}$/.test(v)) throw badRequest('invalid_offset', rs.api.offset);
  return Number(v);
}

/** Is `v` a channel staff may enter? (Missing or unknown: the input check answers with its own message.) */
function staffChannel(v: unknown): boolean {
  if (typeof v !== 'string' || v.trim() === '') return true;
  const c = parseEnum(CHANNEL_ENUM, v.trim());
  return c === null || STAFF_CHANNELS.includes(c);
}

/** The entry's fields from an API body or a form (reasons and indicators included). */
function entryInput(b: Record<string, unknown>, indicators: Record<string, string>, reasons: string[]): svc.RatingInput {
  const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
  return {
    orgCode: s('org'), venuePublicId: s('venue'), itemPublicId: s('item'), windowCode: s('window'), staffNo: s('staff_no'), caseRef: s('case_ref'), subject: s('subject'),
    channel: s('channel'), level: s('level'), indicators, reasons, text: s('text'), raterName: s('rater_name'), raterPhone: s('rater_phone'), ratedOn: s('rated_on'), reratingOf: s('rerating_of'),
  };
}

export async function ratingRoutes(app: App, deps: svc.RatingDeps): Promise<void> {
  const { db, clock } = deps;
  const readers = { preHandler: requireRoles(...svc.READ_ROLES) };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });

  app.staffLinks.push({ href: BASE, label: st.list, description: st.linkDescription, roles: [...svc.READ_ROLES] });
  // 工作台: the 差评 the unit's handlers (and the supervisors above) have to act on.
  app.staffWork.push({
    title: st.work, roles: [...svc.HANDLER_ROLES],
    counts: async (actor) => {
      const c = await svc.workCounts(deps, actor);
      return [
        { label: st.toCallBack, count: c.callback, href: `${BASE}?queue=callback` },
        { label: st.toRectify, count: c.rectify, href: `${BASE}?queue=rectify` },
        { label: st.overdue, count: c.overdue, href: `${BASE}?queue=overdue` },
      ];
    },
  });

  // ---------- API ----------
  app.post('/api/v1/staff/ratings', {
    preHandler: requireRoles(...svc.ENTRY_ROLES),
    schema: {
      tags: ['好差评'], summary: '录入评价（纸质评价表或12345回访）', security: [{ bearer: [] }],
      description: '五级评价（非常满意、满意、基本满意、不满意、非常不满意；后两级为差评，须至少一项差评原因）。实名差评进入“待回访”，匿名差评进入“待整改”，期限按本县工作日历计算。',
      body: EntryBody,
      response: { 201: Type.Object({ id: Type.String(), state: Coded('差评办理状态'), level: Coded('评价等级'), channel: Coded('渠道'), subject: Coded('评价对象'), callback_due_on: Type.Union([Type.String(), Type.Null()]), rectify_due_on: Type.Union([Type.String(), Type.Null()]) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    if (!staffChannel(b.channel)) throw badRequest('rating_channel_not_staff', rs.input.channelNotStaff);
    const indicators = Object.fromEntries(Object.entries(b.indicators ?? {}).map(([k, v]) => [k, String(v)]));
    const r = await svc.submitRating(deps, entryInput(b as Record<string, unknown>, indicators, b.reasons ?? []), { actor: request.actor! });
    if (!r.ok) {
      if (r.code === 'rating_not_your_unit') throw new HttpError(403, r.code, Object.values(r.errors).join('；'));
      throw badRequest(r.code, Object.values(r.errors).join('；'));
    }
    const row = (await repo.findRatingByPublicId(db, r.publicId))!;
    return reply.status(201).send({
      id: row.public_id, state: stateJson(row.state), level: levelJson(Number(row.level)), channel: { code: row.channel, label: labelOf(CHANNEL_ENUM, row.channel as ChannelCode) },
      subject: { code: row.subject, label: labelOf(SUBJECT_ENUM, row.subject as SubjectCode) }, callback_due_on: row.callback_due_on, rectify_due_on: row.rectify_due_on,
    });
  });

  app.get('/api/v1/staff/ratings', {
    preHandler: requireRoles(...svc.READ_ROLES),
    schema: {
      tags: ['好差评'], summary: '评价列表（本人管辖范围，最新在前）', security: [{ bearer: [] }],
      querystring: Type.Object({
        org: Type.Optional(Type.String({ description: '单位代码：该单位及下级' })), state: Type.Optional(EnumString(STATES, '差评办理状态')), queue: Type.Optional(EnumString(QUEUE_ENUM, '队列')),
        bad: Type.Optional(Type.String({ description: 'yes 只看差评；no 只看非差评' })), overdue: Type.Optional(Type.String({ description: 'yes 只看逾期（回访或整改超过期限）' })), offset: Type.Optional(Type.String()),
      }),
      response: { 200: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(ListedJson) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const q = request.query;
    const state = q.state ? parseEnum(STATES, q.state) : undefined;
    if (state === null) throw badRequest('invalid_state', rs.api.enumValue('state', STATES.values.map((v) => `${v.code}（${v.label}）`).join('、')));
    const queue = q.queue ? parseEnum(QUEUE_ENUM, q.queue) : undefined;
    if (queue === null) throw badRequest('invalid_queue', rs.api.enumValue('queue', QUEUE_ENUM.values.map((v) => `${v.code}（${v.label}）`).join('、')));
    const bad = flag(q.bad, 'bad');
    const overdue = flag(q.overdue, 'overdue');
    const offset = offsetOf(q.offset);
    const r = await svc.listForStaff(deps, request.actor!, { ...(queue ? { queue } : {}), ...(state ? { state } : {}), ...(bad !== undefined ? { bad } : {}), ...(overdue !== undefined ? { overdue } : {}), ...(q.org ? { org: q.org } : {}), limit: PAGE, offset });
    return { total: r.total, offset, limit: PAGE, items: r.items.map(listedJson) };
  });

  const EventJson = Type.Object({ seq: Type.Integer(), kind: Coded('事件'), on: Type.String(), payload: Type.Record(Type.String(), Type.Unknown()), actor: Type.String(), at: Type.String() });
  app.get('/api/v1/staff/ratings/:id', {
    preHandler: requireRoles(...svc.READ_ROLES),
    schema: {
      tags: ['好差评'], summary: '一条评价及其办理记录（联系电话已遮蔽）', security: [{ bearer: [] }], params: Type.Object({ id: Type.String() }),
      response: { 200: Type.Object({ ...ListedJson.properties, indicators: Type.Record(Type.String(), Type.Integer()), reasons: Type.Array(Type.String()), text: Type.String(), case_ref: Type.Union([Type.String(), Type.Null()]), rerating_of: Type.Union([Type.String(), Type.Null()]), callback_due_on: Type.Union([Type.String(), Type.Null()]), rectify_due_on: Type.Union([Type.String(), Type.Null()]), events: Type.Array(EventJson) }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const r = await svc.loadForStaff(deps, request.actor!, request.params.id);
    const row = r.row;
    const state = row.state as RatingState;
    return {
      ...listedJson({
        publicId: row.public_id, orgCode: row.org_code, orgName: r.orgName, subject: row.subject, venuePublicId: row.venue_public_id, itemPublicId: row.item_public_id, windowCode: row.window_code, staffNo: row.staff_no,
        channel: row.channel, level: Number(row.level), bad: !!row.is_bad, state, ratedOn: row.rated_on, dueOn: state === 'callback_due' ? row.callback_due_on : state === 'rectify_due' || state === 'rectifying' ? row.rectify_due_on : null,
        overdue: r.overdue, excluded: !!row.excluded, raterName: row.rater_name, raterPhone: r.phone,
      }),
      indicators: JSON.parse(row.indicators_json) as Record<string, number>, reasons: JSON.parse(row.reasons_json) as string[], text: row.text, case_ref: row.case_ref, rerating_of: row.rerating_of,
      callback_due_on: row.callback_due_on, rectify_due_on: row.rectify_due_on,
      events: r.events.map((e) => ({ seq: e.seq, kind: { code: e.kind, label: rs.workflow.events[e.kind] ?? e.kind }, on: e.on, payload: e.payload, actor: e.actor, at: e.at })),
    };
  });

  app.post('/api/v1/staff/ratings/:id/actions', {
    preHandler: requireRoles(...svc.HANDLER_ROLES),
    schema: {
      tags: ['好差评'], summary: '差评办理：回访、整改、答复、申诉、复核申诉、办结', security: [{ bearer: [] }], params: Type.Object({ id: Type.String() }),
      description: '申诉由负责单位提出，由上一级（上级政府政务公开办或上级主管）复核；申诉成立的评价从统计中剔除，记录保留。不能执行时返回 409 {code, message, reasons}；不属于负责单位返回 403。',
      body: ActionBody,
      response: { 200: Type.Object({ id: Type.String(), state: Coded('差评办理状态') }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
    },
  }, async (request) => {
    const r = await svc.act(deps, who(request), request.params.id, request.body as Record<string, unknown>);
    if (!r.ok) throw new HttpError(r.status, r.code, r.message, r.status === 409 ? r.reasons : undefined);
    return { id: request.params.id, state: stateJson(r.state) };
  });

  // ---------- pages ----------
  app.get(BASE, readers, async (request, reply) => {
    const q = request.query as { queue?: string; offset?: string; done?: string };
    const queue = (q.queue ? parseEnum(QUEUE_ENUM, q.queue) : null) ?? 'bad';
    const offset = /^\d{1,6}$/.test(q.offset ?? '') ? Number(q.offset) : 0;
    const r = await svc.listForStaff(deps, request.actor as Actor, { queue, limit: PAGE, offset });
    const actor = request.actor as Actor;
    // Only the links the caller may follow (the settings are the admin's, the reasons the platform's).
    const can = { entry: hasAnyRole(actor, svc.ENTRY_ROLES), settings: hasAnyRole(actor, ['admin']), reasons: isPlatformAdmin(actor) };
    return sendPage(reply, <ListPage ctx={pageContext(request)} queue={queue} rows={r.items} total={r.total} offset={offset} limit={PAGE} can={can} />);
  });

  const reasonsOf = () => repo.listReasons(db);
  const multi = (b: unknown, name: string): string[] => {
    const v = (b as Record<string, unknown> | null)?.[name];
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
  };
  const ENTRY_FIELDS = ['org', 'venue', 'item', 'window', 'staff_no', 'case_ref', 'subject', 'channel', 'level', 'text', 'rater_name', 'rater_phone', 'rated_on', 'rerating_of'] as const;
  const INDICATOR_CODES = [...OFFLINE_INDICATORS.values, ...ONLINE_INDICATORS.values].map((i) => i.code);

  app.get(`${BASE}/new`, { preHandler: requireRoles(...svc.ENTRY_ROLES) }, async (request, reply) => {
    const grant = (request.actor as Actor).grants.find((g) => (svc.ENTRY_ROLES as readonly string[]).includes(g.role));
    const values: Record<string, string> = { org: grant && grant.orgCode !== '*' ? grant.orgCode : '', channel: 'paper', rated_on: clock.today() };
    // From a replied 差评's page: the re-rating is prefilled with what was rated (scope checked by loadForStaff).
    const again = (request.query as { rerating_of?: unknown }).rerating_of;
    if (typeof again === 'string' && /^PJ[0-9A-Z]{12}$/.test(again)) {
      const { row } = await svc.loadForStaff(deps, request.actor as Actor, again);
      Object.assign(values, {
        org: row.org_code, subject: row.subject, venue: row.venue_public_id ?? '', item: row.item_public_id ?? '', window: row.window_code ?? '',
        staff_no: row.staff_no ?? '', case_ref: row.case_ref ?? '', rater_name: row.rater_name ?? '', rerating_of: row.public_id,
      });
    }
    return sendPage(reply, <EntryPage ctx={pageContext(request)} values={values} errors={{}} reasons={await reasonsOf()} selectedReasons={[]} />);
  });

  app.post(BASE, { preHandler: requireRoles(...svc.ENTRY_ROLES) }, async (request, reply) => {
    const b = request.body;
    const values: Record<string, string> = Object.fromEntries(ENTRY_FIELDS.map((k) => [k, field(b, k)]));
    for (const c of INDICATOR_CODES) values[`indicator_${c}`] = field(b, `indicator_${c}`);
    const indicators = Object.fromEntries(INDICATOR_CODES.map((c) => [c, values[`indicator_${c}`]!]).filter(([, v]) => v));
    const reasons = multi(b, 'reasons').slice(0, 20);
    if (values.channel && !staffChannel(values.channel)) {
      return sendPage(reply, <EntryPage ctx={pageContext(request)} values={values} errors={{ channel: rs.input.channelNotStaff }} reasons={await reasonsOf()} selectedReasons={reasons} />, 400);
    }
    const r = await svc.submitRating(deps, entryInput(values, indicators, reasons), { actor: request.actor as Actor });
    if (!r.ok) {
      const errors: FieldErrors = r.code === 'rating_not_your_unit' ? { org: Object.values(r.errors)[0] ?? rs.input.orgOutOfScope } : r.errors;
      return sendPage(reply, <EntryPage ctx={pageContext(request)} values={values} errors={errors} reasons={await reasonsOf()} selectedReasons={reasons} />, 400);
    }
    return reply.redirect(`${BASE}/${r.publicId}?done=entered`, 303);
  });

  async function detail(request: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
    const r = await svc.loadForStaff(deps, request.actor as Actor, id);
    const doneKey = (request.query as { done?: string }).done;
    const done = status === 200 && typeof doneKey === 'string' ? (doneKey === 'entered' ? st.entry.saved(id) : st.done[doneKey]) : undefined;
    const appeals = fold(r.events).appeals;
    return sendPage(reply, <DetailPage ctx={pageContext(request)} today={clock.today()} r={r} reasons={await reasonsOf()} values={values} errors={errors} done={done} appeals={appeals} />, status);
  }

  app.get(`${BASE}/:id`, readers, async (request, reply) => {
    return detail(request, reply, (request.params as { id: string }).id);
  });

  const ACTION_FIELDS = ['note', 'reached', 'mode', 'measures', 'due_on', 'text', 'reason', 'upheld'] as const;
  app.post(`${BASE}/:id/actions`, { preHandler: requireRoles(...svc.HANDLER_ROLES) }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const b = request.body;
    const action = parseEnum(ACTIONS, field(b, 'action'));
    const values: Record<string, string> = Object.fromEntries(ACTION_FIELDS.map((k) => [k, field(b, k)]));
    const onField = action ? `${action}_on` : 'on';
    values[onField] = field(b, onField) || field(b, 'on');
    const r = await svc.act(deps, who(request), id, { ...values, action: field(b, 'action'), on: values[onField] });
    if (!r.ok) {
      if (r.status === 403) throw new HttpError(403, r.code, r.message);
      const target = /date/.test(r.code) ? onField : r.code === 'rating_note_required' ? 'note' : r.code === 'rating_measures_required' || r.code === 'rating_mode_invalid' ? (r.code === 'rating_mode_invalid' ? 'mode' : 'measures')
        : r.code === 'rating_text_required' ? 'text' : r.code === 'rating_reason_required' ? 'reason' : r.code === 'rating_reached_invalid' ? 'reached' : r.code === 'rating_upheld_invalid' ? 'upheld' : /due/.test(r.code) ? 'due_on' : onField;
      return detail(request, reply, id, values, { [target]: r.message }, 400);
    }
    return reply.redirect(`${BASE}/${id}?done=${action}`, 303);
  });

  // County time limits: admins of the county (a platform administrator everywhere).
  const admins = { preHandler: requireRoles('admin') };
  async function settingsPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, Record<string, string>> = {}, errors: Record<string, FieldErrors> = {}, status = 200) {
    const counties = await svc.countiesOf(deps, request.actor as Actor);
    const rows = await Promise.all(counties.map(async (c) => ({ code: c.code, name: c.name, settings: await repo.getSettings(db, c.code) })));
    const done = status === 200 && (request.query as { done?: string }).done === '1' ? rs.settings.saved : undefined;
    return sendPage(reply, <SettingsPage ctx={pageContext(request)} counties={rows} values={values} errors={errors} done={done} />, status);
  }
  app.get(`${BASE}/settings`, admins, async (request, reply) => settingsPage(request, reply));
  app.post(`${BASE}/settings/:county`, admins, async (request, reply) => {
    const county = (request.params as { county: string }).county;
    const input = Object.fromEntries(['callbackDays', 'rectifyDays', 'linkValidDays'].map((k) => [k, field(request.body, `${county}_${k}`) || field(request.body, k)]));
    const r = await svc.saveSettings(deps, who(request), county, input);
    if (!r.ok) return settingsPage(request, reply, { [county]: input }, { [county]: r.errors }, 400);
    return reply.redirect(`${BASE}/settings?done=1`, 303);
  });

  // The 差评 reason list: platform administrators only.
  const platformOnly = { preHandler: requireRoles('platform_admin') };
  async function reasonsPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
    if (!isPlatformAdmin(request.actor as Actor)) throw new HttpError(403, 'forbidden', rs.reasons.forbidden);
    const done = status === 200 && (request.query as { done?: string }).done === '1' ? rs.reasons.saved : undefined;
    return sendPage(reply, <ReasonsPage ctx={pageContext(request)} reasons={await reasonsOf()} values={values} errors={errors} done={done} />, status);
  }
  app.get(`${BASE}/reasons`, platformOnly, async (request, reply) => reasonsPage(request, reply));
  app.post(`${BASE}/reasons`, platformOnly, async (request, reply) => {
    const values = Object.fromEntries(['code', 'label', 'position', 'active'].map((k) => [k, field(request.body, k)]));
    const r = await svc.saveReason(deps, who(request), values);
    if (!r.ok) return reasonsPage(request, reply, values, r.errors, 400);
    return reply.redirect(`${BASE}/reasons?done=1`, 303);
  });
}
