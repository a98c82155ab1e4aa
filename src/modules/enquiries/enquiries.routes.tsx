// Shell: the 咨询登记 over HTTP — staff pages (list with filters and CSV, entry form prefilled from the
// window desk's link, one entry with its follow-up and one-step conversion, the month's statistics
// with charts and CSV) and the Bearer API (OpenAPI; enums as code or Chinese label; errors
// {code, message}; refusals 409 with reasons). Every row is scoped; every write audited.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import { labelOf, parseEnum, acceptedValues } from '../../platform/web/enums.ts';
import { DataEnumString, EnumString } from '../../platform/web/enum-schema.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { hasAnyRole, requireRoles, type Actor } from '../identity/index.ts';
import { APPLICANT_TYPES, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES } from '../applications/index.ts';
import { listMessageCategories, type ApplicationIntake } from '../interaction/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { ENQUIRY_CHANNELS, ENQUIRY_CONVERSIONS, ENQUIRY_SOURCES, TOPIC_MAX, ANSWER_MAX, type EnquiryChannel, type EnquiryConversion, type EnquirySource } from './vocabulary.ts';
import { localInputValue, parseMonth, parseYesNo, type EnquiryRawInput } from './enquiry-input.ts';
import { listCsv, topicsCsv, zonesCsv } from './enquiry-csv.ts';
import { enquiryStrings as es } from './enquiries.strings.ts';
import * as svc from './enquiries.service.ts';
import { BASE, DetailPage, ListPage, NewPage, StatsPage, type ConvertView, type ListQuery } from './views/pages.tsx';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Coded = (d: string) => Type.Object({ code: Type.String(), label: Type.String() }, { description: d });
const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const PAGE = 50;
const CSV_MAX = 20_000;

export interface EnquiryRouteDeps {
  db: Db;
  clock: Clock;
  /** applications.registerIn, wrapped as interaction's ApplicationIntake (app.ts). */
  applicationIntake?: ApplicationIntake | undefined;
}

const EntryBody = Type.Object({
  topic: Type.Optional(Type.String({ description: `咨询事项（必填，不超过 ${TOPIC_MAX} 字）` })),
  channel: Type.Optional(EnumString(ENQUIRY_CHANNELS, '咨询方式（必填）')),
  asked_at: Type.Optional(Type.String({ description: '咨询时间：北京时间 2026-12-05 10:30 或带时区的 ISO 8601；不填为现在，不能晚于现在' })),
  venue: Type.Optional(Type.String({ description: '专区或场所编号（本人管辖范围内）；不填时记在本人所在单位名下' })),
  window: Type.Optional(Type.String({ description: '该场所的窗口（窗口编号或编码）' })),
  item: Type.Optional(Type.String({ description: '相关服务事项编号' })),
  record: Type.Optional(Type.String({ description: '相关信息的索引号或依申请公开申请编号' })),
  answer: Type.Optional(Type.String({ description: `答复内容（不超过 ${ANSWER_MAX} 字）` })),
  follow_up: Type.Optional(Type.Boolean({ description: '是否需要跟进' })),
  followed_up_on: Type.Optional(Type.String({ description: '跟进日期 YYYY-MM-DD' })),
  contact_name: Type.Optional(Type.String({ maxLength: 200 })),
  contact_phone: Type.Optional(Type.String({ maxLength: 40, description: '手机号或带区号的固定电话；列表和导出中遮蔽' })),
});

const PatchBody = Type.Object({
  follow_up: Type.Optional(Type.Boolean({ description: '是否需要跟进' })),
  followed_up_on: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: '跟进日期 YYYY-MM-DD；null 清除' })),
  answer: Type.Optional(Type.String({ description: '更正后的答复内容' })),
});

const ConvertBody = Type.Object({
  kind: EnumString(ENQUIRY_CONVERSIONS, '转为留言或依申请公开申请'),
  category: Type.Optional(DataEnumString('message_category', 'kind=message：留言分类，如 street_lights 或 路灯照明', '启用的留言分类：Open311 GET /open311/v2/services.json 的 service_code 与 service_name')),
  is_public: Type.Optional(Type.Boolean({ description: 'kind=message：是否公开留言（默认否）' })),
  applicant_type: Type.Optional(EnumString(APPLICANT_TYPES, 'kind=application：申请人类型')),
  applicant_subtype: Type.Optional(Type.String({ description: `kind=application，法人或其他组织：${LEGAL_PERSON_SUBTYPES.join('、')}` })),
  applicant_id_number: Type.Optional(Type.String({ description: 'kind=application：居民身份证号码或统一社会信用代码' })),
  delivery: Type.Optional(EnumString(DELIVERY_METHODS, 'kind=application：获取信息的方式')),
});

const ListedJson = Type.Object({
  id: Type.String({ description: '咨询编号（ZX + 12 位）' }), asked_at: Type.String(), asked_on: Type.String(), org: Type.String(), org_name: Type.String(),
  venue: Nullable(Type.String()), venue_name: Nullable(Type.String()), window: Nullable(Type.String()), channel: Coded('咨询方式'), topic: Type.String(),
  item: Nullable(Type.String()), record: Nullable(Type.String()), answer: Type.String(), follow_up: Type.Boolean(), followed_up_on: Nullable(Type.String()),
  contact_name: Nullable(Type.String({ description: '已遮蔽' })), contact_phone: Nullable(Type.String({ description: '已遮蔽' })), source: Coded('来源'),
  converted: Type.Union([Type.Object({ kind: Coded('转办类型'), reference: Type.String() }), Type.Null()]),
});

function listedJson(r: svc.ListedEnquiry) {
  return {
    id: r.publicId, asked_at: r.askedAt, asked_on: r.askedOn, org: r.orgCode, org_name: r.orgName, venue: r.venuePublicId, venue_name: r.venueName, window: r.windowPublicId,
    channel: { code: r.channel, label: labelOf(ENQUIRY_CHANNELS, r.channel) }, topic: r.topic, item: r.itemPublicId, record: r.recordRef, answer: r.answer,
    follow_up: r.followUp, followed_up_on: r.followedUpOn, contact_name: r.contactName, contact_phone: r.contactPhone,
    source: { code: r.source, label: labelOf(ENQUIRY_SOURCES, r.source as EnquirySource) },
    converted: r.convertedKind && r.convertedRef ? { kind: { code: r.convertedKind, label: labelOf(ENQUIRY_CONVERSIONS, r.convertedKind) }, reference: r.convertedRef } : null,
  };
}

function offsetOf(v: string | undefined): number {
  if (v === undefined || v === '') return 0;
  if (!/^\d{1,6}$/.test(v)) throw badRequest('invalid_offset', es.api.offset);
  return Number(v);
}

/** The list's filters from one query (each key one value); problems come back as field errors. */
function filtersOf(q: Record<string, string | undefined>): { f: ListQuery; channel: EnquiryChannel | undefined; errors: FieldErrors; codes: string[] } {
  const errors: FieldErrors = {};
  const codes: string[] = [];
  const month = (q.month ?? '').trim();
  if (month && !parseMonth(month)) { errors.month = es.api.month; codes.push('invalid_month'); }
  const channelText = (q.channel ?? '').trim();
  const channel = channelText ? parseEnum(ENQUIRY_CHANNELS, channelText) : undefined;
  if (channel === null) { errors.channel = es.api.channelFilter(acceptedValues(ENQUIRY_CHANNELS)); codes.push('invalid_channel'); }
  const open = parseYesNo(q.open ?? '');
  if (open === null) { errors.open = es.api.flag('open'); codes.push('invalid_open'); }
  const zone = (q.zone ?? '').trim().slice(0, 64);
  return { f: { zone, month: parseMonth(month) ?? '', channel: channel ?? '', open: !!open }, channel: channel ?? undefined, errors, codes };
}

/** A form's or the API's entry fields. */
const ENTRY_FIELDS = ['asked_at', 'channel', 'venue', 'window', 'topic', 'item', 'record', 'answer', 'follow_up', 'followed_up_on', 'contact_name', 'contact_phone'] as const;

export async function enquiryRoutes(app: App, deps: EnquiryRouteDeps): Promise<void> {
  const { db, clock } = deps;
  const readers = { preHandler: requireRoles(...svc.READ_ROLES) };
  const writers = { preHandler: requireRoles(...svc.WRITE_ROLES) };
  const converters = { preHandler: requireRoles(...svc.CONVERT_ROLES) };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });

  app.staffLinks.push({ href: BASE, label: es.staff.title, description: es.staff.linkDescription, roles: [...svc.READ_ROLES] });
  // 工作台: enquiries waiting for a follow-up in the caller's scope (for those who follow up: handlers and supervisors).
  app.staffWork.push({
    title: es.staff.work, roles: [...svc.CONVERT_ROLES],
    counts: async (actor) => [{ label: es.staff.followUpsOpen, count: await svc.openFollowUps(deps, actor), href: `${BASE}?open=yes` }],
  });

  const zones = (request: FastifyRequest) => svc.zonesOf(deps, request.actor as Actor);
  const convertView = async (): Promise<ConvertView> => ({
    categories: (await listMessageCategories(db)).map((c) => ({ code: c.code, name: c.name })),
    applicantTypes: APPLICANT_TYPES.values.map((v) => ({ value: v.code, label: v.label })),
    deliveries: DELIVERY_METHODS.values.map((v) => ({ value: v.code, label: v.label })),
    subtypes: LEGAL_PERSON_SUBTYPES.map((v) => ({ value: v, label: v })),
  });

  // ---------- pages ----------
  app.get(BASE, readers, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const { f, channel, errors } = filtersOf(q);
    const offset = /^\d{1,6}$/.test(q.offset ?? '') ? Number(q.offset) : 0;
    const r = await svc.listEnquiries(deps, request.actor as Actor, { zone: f.zone || undefined, month: f.month || undefined, channel, open: f.open, limit: PAGE, offset });
    const canWrite = hasAnyRole(request.actor as Actor, svc.WRITE_ROLES);
    return sendPage(reply, <ListPage ctx={pageContext(request)} q={f} zones={await zones(request)} rows={r.items} total={r.total} offset={offset} limit={PAGE} canWrite={canWrite} errors={errors} />, Object.keys(errors).length ? 400 : 200);
  });

  app.get(`${BASE}.csv`, readers, async (request, reply) => {
    const { f, channel, errors, codes } = filtersOf(request.query as Record<string, string | undefined>);
    if (codes.length) throw badRequest(codes[0]!, Object.values(errors).join('；'));
    const r = await svc.listEnquiries(deps, request.actor as Actor, { zone: f.zone || undefined, month: f.month || undefined, channel, open: f.open, limit: CSV_MAX, offset: 0 });
    return sendDownload(reply, listCsv(r.items), `咨询登记-${f.month || clock.today()}.csv`, FILE_TYPES.csv);
  });

  app.get(`${BASE}/new`, writers, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const channel = q.channel ? parseEnum(ENQUIRY_CHANNELS, q.channel) : null;
    // Prefilled from the window desk's link (/staff/enquiries/new?venue=…&window=…&channel=window); checked on submit.
    const values: Record<string, string> = {
      asked_at: localInputValue(clock.now().toISOString()), channel: channel ?? 'window',
      venue: (q.venue ?? '').slice(0, 64), window: (q.window ?? '').slice(0, 64), item: (q.item ?? '').slice(0, 64),
    };
    return sendPage(reply, <NewPage ctx={pageContext(request)} zones={await zones(request)} values={values} errors={{}} />);
  });

  app.post(BASE, writers, async (request, reply) => {
    const b = request.body;
    const values: Record<string, string> = Object.fromEntries(ENTRY_FIELDS.map((k) => [k, field(b, k)]));
    const r = await svc.createEnquiry(deps, who(request), values);
    if (!r.ok) return sendPage(reply, <NewPage ctx={pageContext(request)} zones={await zones(request)} values={values} errors={r.errors} />, 400);
    return reply.redirect(`${BASE}/${r.publicId}?done=saved`, 303);
  });

  /** The statistics' month (null when malformed; default this month) and zone, from one query. */
  function statsOf(request: FastifyRequest) {
    const q = request.query as Record<string, string | undefined>;
    const monthText = (q.month ?? '').trim();
    const month = monthText ? parseMonth(monthText) : clock.today().slice(0, 7);
    const zone = (q.zone ?? '').trim().slice(0, 64) || null;
    return { month, zone };
  }

  app.get(`${BASE}/statistics`, readers, async (request, reply) => {
    const { month, zone } = statsOf(request);
    const errors: FieldErrors = month ? {} : { month: es.stats.badMonth };
    const s = await svc.statistics(deps, request.actor as Actor, month ?? clock.today().slice(0, 7), zone);
    return sendPage(reply, <StatsPage ctx={pageContext(request)} s={s} zones={await zones(request)} errors={errors} />, month ? 200 : 400);
  });

  app.get(`${BASE}/statistics.csv`, readers, async (request, reply) => {
    const { month, zone } = statsOf(request);
    if (!month) throw badRequest('invalid_month', es.stats.badMonth);
    const table = ((request.query as Record<string, string | undefined>).table ?? 'zones').trim();
    if (table !== 'zones' && table !== 'topics') throw badRequest('unknown_table', es.stats.unknownTable);
    const s = await svc.statistics(deps, request.actor as Actor, month, zone);
    return sendDownload(reply, table === 'zones' ? zonesCsv(s) : topicsCsv(s), `咨询统计-${table}-${month}.csv`, FILE_TYPES.csv);
  });

  async function detail(request: FastifyRequest, reply: FastifyReply, id: string, opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number; done?: string; tracking?: string | null } = {}) {
    const e = await svc.loadEnquiry(deps, request.actor as Actor, id);
    const doneKey = (request.query as { done?: string }).done;
    const done = opts.done ?? (doneKey === 'saved' ? es.staff.saved(id) : doneKey === 'updated' ? es.staff.updated : undefined);
    const status = opts.status ?? 200;
    return sendPage(reply, <DetailPage ctx={pageContext(request)} e={e} conv={await convertView()} values={opts.values ?? {}} errors={opts.errors ?? {}} done={done} tracking={opts.tracking} status={status} />, status);
  }

  app.get(`${BASE}/:id`, readers, async (request, reply) => detail(request, reply, (request.params as { id: string }).id));

  app.post(`${BASE}/:id`, writers, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const b = request.body;
    const values = { follow_up: field(b, 'follow_up'), followed_up_on: field(b, 'followed_up_on'), answer: field(b, 'answer') };
    const r = await svc.updateEnquiry(deps, who(request), id, values);
    if (!r.ok) return detail(request, reply, id, { values, errors: r.errors, status: 400 });
    return reply.redirect(`${BASE}/${id}?done=updated`, 303);
  });

  app.post(`${BASE}/:id/convert`, converters, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const b = request.body;
    const values = Object.fromEntries(['kind', 'category', 'is_public', 'applicant_type', 'applicant_subtype', 'applicant_id_number', 'delivery'].map((k) => [k, field(b, k)]));
    const kind = parseEnum(ENQUIRY_CONVERSIONS, values.kind ?? '');
    if (!kind) return detail(request, reply, id, { values, errors: { kind: es.convert.kind }, status: 400 });
    try {
      const r = await svc.convertEnquiry(deps, who(request), id, kind, values);
      if (!r.ok) return detail(request, reply, id, { values, errors: r.errors, status: 400 });
      // The page itself (not a redirect): the new reference's tracking code is shown this once, and
      // never kept by the browser (back button) or a proxy, like the desk's walk-in receipt.
      reply.header('cache-control', 'private, no-store');
      return detail(request, reply, id, { done: kind === 'message' ? es.detail.messageDone(r.reference) : es.detail.applicationDone(r.reference), tracking: r.trackingCode });
    } catch (e) {
      if (e instanceof svc.ConvertConflict) return detail(request, reply, id, { values, errors: { kind: e.message }, status: 409 });
      throw e;
    }
  });

  // ---------- API ----------
  app.post('/api/v1/staff/enquiries', {
    preHandler: requireRoles(...svc.WRITE_ROLES),
    schema: {
      tags: ['咨询登记'], summary: '登记一条咨询', security: [{ bearer: [] }],
      description: '在政务公开专区、窗口或电话中解答的咨询。没有咨询事项时返回 400 enquiry_topic_required；联系电话在列表、导出、日志和审计中均遮蔽。',
      body: EntryBody,
      response: { 201: Type.Object({ id: Type.String(), channel: Coded('咨询方式'), asked_on: Type.String(), org: Type.String(), venue: Nullable(Type.String()) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body as Record<string, unknown>;
    const raw: EnquiryRawInput = Object.fromEntries(ENTRY_FIELDS.map((k) => [k, typeof b[k] === 'boolean' ? b[k] : typeof b[k] === 'string' ? b[k] : undefined]));
    const r = await svc.createEnquiry(deps, who(request), raw);
    if (!r.ok) {
      if (r.code === 'enquiry_not_your_unit') throw new HttpError(403, r.code, Object.values(r.errors).join('；'));
      throw badRequest(r.code, Object.values(r.errors).join('；'));
    }
    const row = (await db.selectFrom('enquiry').selectAll().where('public_id', '=', r.publicId).executeTakeFirstOrThrow());
    return reply.status(201).send({ id: row.public_id, channel: { code: row.channel, label: labelOf(ENQUIRY_CHANNELS, row.channel as EnquiryChannel) }, asked_on: row.asked_on, org: row.org_code, venue: row.venue_public_id });
  });

  app.get('/api/v1/staff/enquiries', {
    preHandler: requireRoles(...svc.READ_ROLES),
    schema: {
      tags: ['咨询登记'], summary: '咨询列表（本人管辖范围，最新在前；联系方式已遮蔽）', security: [{ bearer: [] }],
      querystring: Type.Object({
        zone: Type.Optional(Type.String({ description: '专区或场所编号' })), month: Type.Optional(Type.String({ description: 'YYYY-MM' })),
        channel: Type.Optional(EnumString(ENQUIRY_CHANNELS, '咨询方式')), open: Type.Optional(Type.String({ description: 'yes：只看待跟进' })), offset: Type.Optional(Type.String()),
      }),
      response: { 200: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(ListedJson) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const { f, channel, errors, codes } = filtersOf(q);
    if (codes.length) throw badRequest(codes[0]!, Object.values(errors).join('；'));
    const offset = offsetOf(q.offset);
    const r = await svc.listEnquiries(deps, request.actor as Actor, { zone: f.zone || undefined, month: f.month || undefined, channel, open: f.open, limit: PAGE, offset });
    return { total: r.total, offset, limit: PAGE, items: r.items.map(listedJson) };
  });

  const ChannelCounts = Type.Object(Object.fromEntries(ENQUIRY_CHANNELS.values.map((v) => [v.code, Type.Integer({ description: v.label })])));
  app.get('/api/v1/staff/enquiries/statistics', {
    preHandler: requireRoles(...svc.READ_ROLES),
    schema: {
      tags: ['咨询登记'], summary: '咨询统计：某月各专区的咨询数、按方式、待跟进、咨询最多的事项（前 10）', security: [{ bearer: [] }],
      querystring: Type.Object({ month: Type.Optional(Type.String({ description: 'YYYY-MM，默认本月' })), zone: Type.Optional(Type.String({ description: '专区或场所编号' })) }),
      response: {
        200: Type.Object({
          month: Type.String(), zone: Nullable(Type.String()), total: Type.Integer(), by_channel: ChannelCounts, follow_ups_open: Type.Integer(),
          zones: Type.Array(Type.Object({ venue: Nullable(Type.String()), name: Type.String(), total: Type.Integer(), by_channel: ChannelCounts, follow_ups_open: Type.Integer() })),
          top_topics: Type.Array(Type.Object({ topic: Type.String(), count: Type.Integer() })),
        }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody,
      },
    },
  }, async (request) => {
    const { month, zone } = statsOf(request);
    if (!month) throw badRequest('invalid_month', es.stats.badMonth);
    const s = await svc.statistics(deps, request.actor as Actor, month, zone);
    return {
      month: s.month, zone: s.zone, total: s.total, by_channel: s.byChannel, follow_ups_open: s.followUpsOpen,
      zones: s.zones.map((z) => ({ venue: z.venuePublicId, name: z.name, total: z.total, by_channel: z.byChannel, follow_ups_open: z.followUpsOpen })),
      top_topics: s.topics,
    };
  });

  const oneJson = async (actor: Actor, id: string) => {
    const e = await svc.loadEnquiry(deps, actor, id);
    return listedJson(svc.listed({ ...e.row, venue_name: e.names.venue }, e.orgName));
  };
  app.get('/api/v1/staff/enquiries/:id', {
    preHandler: requireRoles(...svc.READ_ROLES),
    schema: {
      tags: ['咨询登记'], summary: '一条咨询（联系方式已遮蔽；完整号码只在该条的工作人员页面显示）', security: [{ bearer: [] }], params: Type.Object({ id: Type.String() }),
      response: { 200: ListedJson, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => oneJson(request.actor as Actor, request.params.id));

  app.patch('/api/v1/staff/enquiries/:id', {
    preHandler: requireRoles(...svc.WRITE_ROLES),
    schema: {
      tags: ['咨询登记'], summary: '登记跟进情况（是否需要跟进、跟进日期、更正答复）', security: [{ bearer: [] }], params: Type.Object({ id: Type.String() }),
      body: PatchBody,
      response: { 200: ListedJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const id = request.params.id;
    const b = request.body;
    const current = await svc.readable(db, request.actor as Actor, id);
    const r = await svc.updateEnquiry(deps, who(request), id, {
      follow_up: b.follow_up ?? !!Number(current.follow_up),
      followed_up_on: b.followed_up_on === undefined ? current.followed_up_on ?? '' : b.followed_up_on ?? '',
      ...(b.answer !== undefined ? { answer: b.answer } : {}),
    });
    if (!r.ok) throw badRequest(r.code, Object.values(r.errors).join('；'));
    return oneJson(request.actor as Actor, id);
  });

  app.post('/api/v1/staff/enquiries/:id/convert', {
    preHandler: requireRoles(...svc.CONVERT_ROLES),
    schema: {
      tags: ['咨询登记'], summary: '一步转为民心直通车留言或依申请公开申请', security: [{ bearer: [] }], params: Type.Object({ id: Type.String() }),
      description: '留言以咨询事项和答复为内容，联系人和电话必须已填写；申请以“当面提交”登记，需申请人证件号码和获取方式。整个转办在一个事务中完成，失败时咨询保持未转办。已转办过返回 409 {code, message, reasons}。',
      body: ConvertBody,
      response: { 201: Type.Object({ id: Type.String(), kind: Coded('转办类型'), reference: Type.String(), tracking_code: Nullable(Type.String({ description: '查询码，只返回这一次' })) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    const kind = parseEnum(ENQUIRY_CONVERSIONS, b.kind);
    if (!kind) throw badRequest('invalid_kind', es.api.enumValue('kind', acceptedValues(ENQUIRY_CONVERSIONS)));
    const r = await svc.convertEnquiry(deps, who(request), request.params.id, kind as EnquiryConversion, {
      ...(b.category !== undefined ? { category: b.category } : {}), is_public: b.is_public ?? false,
      ...(b.applicant_type !== undefined ? { applicant_type: b.applicant_type } : {}), ...(b.applicant_subtype !== undefined ? { applicant_subtype: b.applicant_subtype } : {}), ...(b.applicant_id_number !== undefined ? { applicant_id_number: b.applicant_id_number } : {}),
      ...(b.delivery !== undefined ? { delivery: b.delivery } : {}),
    });
    // each problem named by its field (category, applicant_type, delivery …), as the other module words it
    if (!r.ok) throw badRequest(r.code, (kind === 'message' ? es.convert.messageInvalid : es.convert.applicationInvalid)(Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('；')));
    return reply.status(201).send({ id: request.params.id, kind: { code: r.kind, label: labelOf(ENQUIRY_CONVERSIONS, r.kind) }, reference: r.reference, tracking_code: r.trackingCode });
  });
}
