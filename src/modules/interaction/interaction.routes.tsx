// Shell: the interaction module's HTTP surface — the message API (OpenAPI), the public pages
// (form, kiosk, list, status, statistics, CSV), the staff pages, and Open311 (open311.routes.tsx).
import type { InteractionConfig } from '../../config.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { newReference } from '../../platform/public-refs/public-refs.ts';
import multipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { createCaptcha, verifyCaptcha, captchaMessages } from '../../platform/captcha/captcha.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { randomSecret } from '../../platform/auth/tokens.ts';
import { addDays } from '../../platform/clock/local-date.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { badRequest, HttpError, notFound } from '../../platform/web/http-error.ts';
import { defineEnum, enumOfRows, labelOf, parseEnum, requireEnum } from '../../platform/web/enums.ts';
import { DataEnumString, EnumString } from '../../platform/web/enum-schema.ts';
import { field, rowIdOf, type FieldErrors } from '../../platform/web/forms.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App, isMalformedMultipart } from '../../platform/web/server.tsx';
import { platformView, type Db } from '../../schema.ts';
import { APPLICANT_TYPES, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES } from '../applications/index.ts';
import { findOrganisation, hasRoleOver, isPlatformAdmin, requireRoles, scopePaths, type Actor } from '../identity/index.ts';
import { parsePeriod, type OnTimeOptions, type Period } from './deadlines.ts';
import { aggregate, SOURCE_KINDS, type SourceKind, type StatRecord } from './statistics.ts';
import { decodeHotlineFile, HOTLINE_UPLOAD_MAX_BYTES, ORDER_TYPE_ENUM, parseHotlineCsv, validateWorkOrder } from './hotline-csv.ts';
import { statRecordOf } from './public-figures.ts';
import * as repo from './interaction.repository.ts';
import { act, configOf, ConvertRefused, createWorkOrders, findForCitizen, findForStaff, replayForm, submitMessage, type ApplicationIntake, type SubmitInput } from './interaction.service.ts';
import { open311Routes } from './open311.routes.tsx';
import { settingsRoutes } from './settings.routes.tsx';
import { interactionStrings as s } from './interaction.strings.ts';

const rs = s.routes;
import { ConfirmPage, MessageFormPage, PublicListPage, PublicMessagePage, StatusPage } from './views/public-pages.tsx';
import { PublicStatsPage, StaffStatsPage, type StatsView } from './views/statistics-pages.tsx';
import { HotlineImportPage, HotlineListPage, QUEUE_VIEWS, QueuePage, StaffMessagePage, type HotlineImportResult, type QueueView } from './views/staff-pages.tsx';
import { COMMAND_LABELS, COMMAND_TYPES, RATING_LABELS, RATINGS, showsProvisional, STAGE_LABELS, type Command, type CommandType, type Stage } from './workflow.ts';
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT } from './photos.ts';
import { MAP_JS } from './map-script.ts';
import type { PublicLocation } from './location-privacy.ts';

export interface InteractionRouteDeps {
  db: Db;
  clock: Clock;
  sessionIdleMinutes?: number;
  applicationIntake?: ApplicationIntake;
  /** The settings from config.ts (MESSAGE_RATE_MAX, ON_TIME_*, NOTIFY_*, SMTP_*, INTERACTION_MAP_TILE_URL, MAP_CENTER). */
  config: InteractionConfig;
}

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Optional(Type.Array(Type.String())) });
const Stage = Type.Object({ code: Type.String(), label: Type.String() });
const PAGE_SIZE = 20;
/** Orders read per query while the 12345 CSV streams out. */
const HOTLINE_CSV_BATCH = 2000;
const HANDLER_ROLES = ['supervisor', 'case_handler'] as const;
/** The staff statistics: the handling roles, and a platform administrator (every government's figures). */
const STATS_ROLES = [...HANDLER_ROLES, 'platform_admin'] as const;
/** Organisation kinds a statistics page may be narrowed to (人民政府, 街道办事处/乡镇政府). */
const GOVERNMENT_KINDS: readonly string[] = ['government', 'township_government'];
const CONVERT_OPTIONS = {
  applicantTypes: APPLICANT_TYPES.values.map((v) => ({ value: v.code, label: v.label })),
  subtypes: LEGAL_PERSON_SUBTYPES.map((v) => ({ value: v, label: v })),
  deliveries: DELIVERY_METHODS.values.map((v) => ({ value: v.code, label: v.label })),
};
/** The convert form's applicant fields (the applications module's field names). */
const CONVERT_FIELDS = ['applicant_type', 'applicant_subtype', 'applicant_name', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address', 'delivery'] as const;

const csv = (rows: unknown[][]) => toCsv(rows);
/** busboy's errors for a cut-off or malformed multipart body (plain Errors without a status). */

// Progressive enhancement for the message form: "use my location", and the duplicate hint as the
// citizen picks organisation, category and place (the same hint is rendered by the server for
// /interaction/messages/new?org=&category=&lat=&lng=). Text only: no HTML is built from data.
const LOCATE_JS = `(function(){
var b=document.querySelector('[data-locate]');
var $=function(id){return document.getElementById(id);};
if(b&&navigator.geolocation){b.hidden=false;b.addEventListener('click',function(){navigator.geolocation.getCurrentPosition(function(p){
$('lat').value=p.coords.latitude.toFixed(6);$('lng').value=p.coords.longitude.toFixed(6);check();});});}
var box=$('similar-live');if(!box||!window.fetch)return;
function check(){var o=$('org').value,c=$('category').value;if(!o||!c){box.textContent='';return;}
var q='org='+encodeURIComponent(o)+'&category='+encodeURIComponent(c);var la=$('lat').value,ln=$('lng').value;
if(la&&ln&&isFinite(la)&&isFinite(ln))q+='&lat='+encodeURIComponent(la)+'&lng='+encodeURIComponent(ln);
fetch('/api/v1/messages/similar?'+q).then(function(r){return r.ok?r.json():{messages:[]};}).then(function(d){
box.textContent='';if(!d.messages.length)return;var p=document.createElement('p');p.textContent=box.getAttribute('data-lead');box.appendChild(p);
var ul=document.createElement('ul');d.messages.forEach(function(m){var li=document.createElement('li');var a=document.createElement('a');
a.href='/interaction/messages/'+encodeURIComponent(m.reference);a.textContent=m.title;li.appendChild(a);li.appendChild(document.createTextNode('（'+m.stage.label+'，'+m.received_on+'）'));ul.appendChild(li);});
box.appendChild(ul);}).catch(function(){});}
['org','category','lat','lng'].forEach(function(id){var el=$(id);if(el)el.addEventListener('change',check);});
})();`;

function stageOf(stage: string) {
  return { code: stage, label: STAGE_LABELS[stage as Stage] ?? stage };
}

/** The command of a staff action from a JSON body or a form. */
const COMMANDS = defineEnum(COMMAND_TYPES.map((code) => ({ code, label: COMMAND_LABELS[code] })));
const RATING_VALUES = defineEnum(RATINGS.map((code) => ({ code, label: RATING_LABELS[code] })));

function toCommand(body: Record<string, unknown>): Command {
  // Enumerated fields as their code or Chinese label (the shared parser): 「受理」, 「基本满意」 …
  const type = requireEnum(COMMANDS, body.type, 'type', { code: 'unknown_action' }) as CommandType;
  // an unknown level goes on to the workflow, which refuses it (409) naming the three levels
  if (body.level !== undefined) body = { ...body, level: parseEnum(RATING_VALUES, body.level) ?? body.level };
  const str = (k: string) => (body[k] === undefined || body[k] === null ? undefined : String(body[k]));
  const on = str('on') ?? '';
  const days = body.days === undefined || body.days === '' ? undefined : Number(body.days);
  const cmd = { type, on, class: str('class'), reason: str('reason'), org: str('org'), text: str('text'), level: str('level'), days, approved_by: str('approved_by'), note: str('note') };
  return Object.fromEntries(Object.entries(cmd).filter(([, v]) => v !== undefined && v !== '')) as unknown as Command;
}

export async function interactionRoutes(app: App, deps: InteractionRouteDeps): Promise<void> {
  const { db, clock } = deps;
  const svc = { db, clock, applicationIntake: deps.applicationIntake };
  const rateMax = deps.config.messageRateMax;
  const onTime: OnTimeOptions = deps.config.onTime;

  // The notifications worker is a background job (notificationJobs), registered by the app.

  // ---- API ----------------------------------------------------------------------------
  // 留言分类 are data (administrators' settings): the shared parser over the active ones.
  const MessageCategory = DataEnumString('message_category', '留言分类，如 street_lights 或 路灯照明', '启用的留言分类：Open311 GET /open311/v2/services.json 的 service_code 与 service_name');
  const messageCategory = async (value: string) =>
    requireEnum(enumOfRows((await configOf(db)).categories.filter((c) => c.active)), value, 'category', { code: 'unknown_category' });
  const Location = Type.Object({
    lat: Type.Optional(Type.Number()), lng: Type.Optional(Type.Number()), long: Type.Optional(Type.Number()), address: Type.Optional(Type.String({ maxLength: 200 })),
    region: Type.Optional(Type.String({ description: '所在乡镇或村（社区）的区划代码（9 或 12 位）；按它选择交办规则' })),
    address_public: Type.Optional(Type.Boolean({ description: '公开详细地址：true 时公开 address 和准确坐标；默认 false，公开页面和 Open311 只显示乡镇（街道）、村（社区）名称和保留 3 位小数（约 100 米）的坐标' })),
  });
  app.post('/api/v1/messages', {
    config: { rateLimit: { max: rateMax, timeWindow: '10 minutes' } },
    schema: {
      tags: ['interaction'], summary: '提交留言（民心直通车）',
      description: '按地址限流。可带 Idempotency-Key 头：同一键重复提交返回首次的编号（tracking_code 为 null，不再显示）。',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 80 })) }),
      body: Type.Object({
        org: Type.String({ description: '受理单位代码，如 130427' }), category: MessageCategory, title: Type.String(), content: Type.String(),
        location: Type.Optional(Location),
        contact: Type.Object({ name: Type.String(), phone: Type.String(), email: Type.Optional(Type.String()) }),
        public: Type.Boolean(),
      }),
      response: { 201: Type.Object({ reference: Type.String(), tracking_code: Type.String(), due_on: Type.Union([Type.String(), Type.Null()]) }), 200: Type.Object({ reference: Type.String(), tracking_code: Type.Null(), due_on: Type.Union([Type.String(), Type.Null()]), replayed: Type.Boolean() }), 400: ErrorBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    const r = await submitMessage(svc, {
      org: b.org, category: await messageCategory(b.category), region: b.location?.region ?? null, title: b.title, content: b.content, address: b.location?.address ?? '', addressPublic: b.location?.address_public ?? false, lat: b.location?.lat ?? null, lng: b.location?.lng ?? b.location?.long ?? null,
      contactName: b.contact.name, contactPhone: b.contact.phone, contactEmail: b.contact.email ?? '', isPublic: b.public, source: 'api',
      idempotencyKey: request.headers['idempotency-key'] ?? null,
    });
    if (!r.ok) throw new HttpError(400, r.code, Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('；'), Object.values(r.errors));
    if (r.replayed) return reply.status(200).send({ reference: r.reference, tracking_code: null, due_on: r.dueOn, replayed: true });
    return reply.status(201).send({ reference: r.reference, tracking_code: r.trackingCode as string, due_on: r.dueOn });
  });

  app.get('/api/v1/messages/similar', {
    schema: { tags: ['interaction'], summary: '附近同类在办留言（提交前的重复提示）', querystring: Type.Object({ org: Type.String(), category: MessageCategory, lat: Type.Optional(Type.Number()), lng: Type.Optional(Type.Number()) }) },
  }, async (request) => {
    const q = request.query;
    const rows = await repo.findSimilarOpen(db, { category: await messageCategory(q.category), org: q.org, lat: q.lat ?? null, lng: q.lng ?? null, limit: 5 });
    return { messages: rows.map((m) => ({ reference: m.reference, title: maskPersonalData(m.title), stage: stageOf(m.stage), received_on: m.received_on })) };
  });

  // Guessing tracking codes is slowed down per address, as on the status page.
  app.get('/api/v1/messages/:reference', {
    config: { rateLimit: { max: 60, timeWindow: '10 minutes', allowList: () => false } },
    schema: {
      tags: ['interaction'], summary: '留言办理进度（凭查询码）',
      params: Type.Object({ reference: Type.String() }), querystring: Type.Object({ tracking_code: Type.String() }),
      response: {
        200: Type.Object({
          reference: Type.String(), stage: Stage, title: Type.String(), category: Type.String(), received_on: Type.String(), due_on: Type.Union([Type.String(), Type.Null()]),
          due_provisional: Type.Boolean({ description: '暂定：期限计入的年份尚未公布节假日安排（按周末和法定节假日计算），公布后自动重新计算' }),
          due_explanation: Type.String(), response: Type.Union([Type.String(), Type.Null()]), rating: Type.Union([Type.String(), Type.Null()]),
          events: Type.Array(Type.Object({ type: Type.String(), label: Type.String(), on: Type.String() })),
        }),
        404: ErrorBody, 429: ErrorBody,
      },
    },
  }, async (request) => {
    const m = await findForCitizen(db, request.params.reference, request.query.tracking_code);
    if (!m) throw new HttpError(404, 'message_not_found', s.notFound);
    const events = (await repo.loadEvents(db, m.id)).filter((e) => e.event.type !== 'marked_sensitive');
    const { EVENT_LABELS } = await import('./workflow.ts');
    return {
      reference: m.reference, stage: stageOf(m.stage), title: m.title, category: m.category_code, received_on: m.received_on, due_on: m.due_on, due_provisional: showsProvisional(m),
      due_explanation: m.due_explanation, response: m.response, rating: m.rating, events: events.map((e) => ({ type: e.event.type, label: EVENT_LABELS[e.event.type], on: e.event.on })),
    };
  });

  app.post('/api/v1/staff/messages/:reference/actions', {
    preHandler: requireRoles(...HANDLER_ROLES),
    schema: {
      tags: ['interaction'], summary: '工作人员办理留言', security: [{ bearer: [] }],
      description: `type 取 ${COMMAND_TYPES.map((c) => `${c}（${COMMAND_LABELS[c]}）`).join(' | ')}，代码或中文名均可；on 为办理日期 YYYY-MM-DD。拒绝时返回 409 与 reasons。`,
      params: Type.Object({ reference: Type.String() }),
      body: Type.Object({
        type: EnumString(COMMANDS, '操作'), on: Type.String(), class: Type.Optional(DataEnumString('deadline_class', 'accept：办理时限类别', '办理时限类别设置 /staff/settings')), reason: Type.Optional(Type.String()), org: Type.Optional(Type.String()),
        text: Type.Optional(Type.String()), level: Type.Optional(EnumString(RATING_VALUES, 'rate：回访评价')), days: Type.Optional(Type.Integer()),
        approved_by: Type.Optional(Type.String()), note: Type.Optional(Type.String()),
        applicant: Type.Optional(Type.Object({
          type: EnumString(APPLICANT_TYPES, '申请人类型'), subtype: Type.Optional(Type.String()), name: Type.Optional(Type.String({ description: '留空用留言人姓名' })),
          id_number: Type.String({ description: '身份证号或统一社会信用代码（第二十九条）' }), phone: Type.Optional(Type.String({ description: '留空用留言人电话' })),
          email: Type.Optional(Type.String()), address: Type.Optional(Type.String()), delivery: EnumString(DELIVERY_METHODS, '获取方式'),
        }, { description: 'type=convert 时必填：转为依申请公开所需的申请人信息' })),
      }),
      response: { 200: Type.Object({ reference: Type.String(), stage: Stage, due_on: Type.Union([Type.String(), Type.Null()]), application_ref: Type.Union([Type.String(), Type.Null()]), application_tracking_code: Type.Optional(Type.Union([Type.String(), Type.Null()])), events: Type.Array(Type.Object({ type: Type.String(), on: Type.String() })) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const cmd = toCommand(request.body as Record<string, unknown>);
    if (cmd.type === 'accept' && cmd.class !== undefined) cmd.class = requireEnum(enumOfRows((await configOf(db)).classes.map((c) => ({ code: c.code, name: c.label }))), cmd.class, 'class', { code: 'unknown_class' });
    const r = await act(svc, { actor: request.actor as Actor, requestId: request.id }, request.params.reference, cmd, request.body.applicant);
    return { reference: r.message.reference, stage: stageOf(r.message.stage), due_on: r.message.due_on, application_ref: r.message.application_ref, ...(r.applicationTrackingCode !== undefined ? { application_tracking_code: r.applicationTrackingCode } : {}), events: r.events.map((e) => ({ type: e.type, on: e.on })) };
  });

  app.post('/api/v1/staff/hotline/work-orders', {
    preHandler: requireRoles(...HANDLER_ROLES),
    schema: {
      tags: ['interaction'], summary: '登记 12345 热线工单', security: [{ bearer: [] }],
      description: '字段对应 12345 平台：工单编号 work_order_no、创建工号 operator_no、工单标题 title、工单内容 content、来电时间 called_at、计划完成时间 planned_at、工单类型 order_type（咨询/求助/投诉/举报/建议/感谢/其他）、工单状态 status、办结时间 closed_at（已办结的工单填写；不填则该工单不计入按时办结率）。同一工单编号再次提交时按平台最新数据更新该工单（200，变化记入办理记录）；工单编号属于其他政府时拒绝（409 work_order_foreign）；同一工单编号同时提交时，后到的一次为 409 work_order_conflict，可重试。',
      body: Type.Object({
        org: Type.String(), category: Type.Optional(MessageCategory), work_order_no: Type.String(), operator_no: Type.Optional(Type.String()), title: Type.String(), content: Type.String(),
        called_at: Type.String(), planned_at: Type.Optional(Type.String()), order_type: EnumString(ORDER_TYPE_ENUM, '工单类型'), status: Type.String(), closed_at: Type.Optional(Type.String()),
      }),
      response: { 201: Type.Object({ reference: Type.String() }), 200: Type.Object({ reference: Type.String(), updated: Type.Boolean({ description: 'false：与已登记的工单完全相同，未作改动' }) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    const actor = request.actor as Actor;
    const org = await findOrganisation(db, b.org);
    if (!org) throw new HttpError(400, 'unknown_org', rs.unknownOrg(b.org));
    if (!hasRoleOver(actor, HANDLER_ROLES, org.path)) throw new HttpError(403, 'forbidden', rs.workOrderForbidden);
    const category = b.category === undefined ? 'other' : await messageCategory(b.category);
    const orderType = labelOf(ORDER_TYPE_ENUM, requireEnum(ORDER_TYPE_ENUM, b.order_type, 'order_type（工单类型）', { code: 'invalid_work_order' }));
    const { value, reasons } = validateWorkOrder({ workOrderNo: b.work_order_no, operatorNo: b.operator_no ?? '', title: b.title, content: b.content, calledAt: b.called_at, plannedAt: b.planned_at ?? '', orderType, status: b.status, closedAt: b.closed_at ?? '' });
    if (!value) throw new HttpError(400, 'invalid_work_order', reasons.join('；'), reasons);
    const r = await createWorkOrders(svc, { actorId: actor.userId, label: actor.username, requestId: request.id }, org.code, [value], category);
    if (!r.ok) {
      // 工单编号 of another government, or stored by a concurrent request meanwhile (retry): a refusal, nothing changed.
      const code = r.code === 'foreign' ? 'work_order_foreign' : r.code === 'conflict' ? 'work_order_conflict' : 'work_order_refused';
      throw new HttpError(r.code ? 409 : 400, code, r.errors.join('；'), r.errors);
    }
    // The same 工单编号 again: the order is updated from the platform's data (200), not created (201).
    if (r.created.length === 0) return reply.status(200).send({ reference: r.references[0] as string, updated: r.updated.length > 0 });
    return reply.status(201).send({ reference: r.references[0] as string });
  });

  // ---- Public pages ---------------------------------------------------------------------
  // ---- Optional map: tiles from the deployer's own tile server (INTERACTION_MAP_TILE_URL with {z}/{x}/{y}), proxied so CSP stays 'self' ----
  const tileUrl = deps.config.mapTileUrl;
  const mapCenter = deps.config.mapCenter.join(',');
  app.get('/interaction/assets/map.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(MAP_JS));
  app.get<{ Params: { z: string; x: string; file: string } }>('/interaction/tiles/:z/:x/:file', async (request, reply) => {
    if (!tileUrl) throw notFound(rs.noMap);
    const z = Number(request.params.z);
    const x = Number(request.params.x);
    const y = Number(/^(\d+)\.png$/.exec(request.params.file)?.[1] ?? NaN);
    const n = 2 ** z;
    if (![z, x, y].every(Number.isInteger) || z < 0 || z > 19 || x < 0 || x >= n || y < 0 || y >= n) throw notFound(rs.noTile);
    const res = await fetch(tileUrl.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)), { signal: AbortSignal.timeout(5000) }).catch(() => null);
    const type = res?.headers.get('content-type') ?? '';
    if (!res || !res.ok || !/^image\/(png|jpeg|webp)$/.test(type)) throw new HttpError(502, 'tile_unavailable', rs.tileUnavailable);
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(Buffer.from(await res.arrayBuffer()));
  });

  app.get('/interaction/assets/locate.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(LOCATE_JS));

  async function formOptions() {
    const cfg = await configOf(db);
    // County-level governments (the 民心直通车 platforms) and every organisation named by a routing rule's region.
    const prefixes = new Set(cfg.rules.map((r) => r.regionPrefix));
    const govs = await db.selectFrom('organisation').select(['code', 'name']).where('disabled', '=', 0).where('kind', '=', 'government').orderBy('code').execute();
    const orgs = govs.filter((o) => o.code.length === 6 || prefixes.has(o.code));
    // Townships and villages of those counties, for the optional "where" choice (grouped by township).
    const counties = orgs.filter((o) => o.code.length === 6).map((o) => o.code);
    const places = counties.length
      ? await db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('level', 'in', ['township', 'village'])
        .where((eb) => eb.or(counties.map((c) => eb('code', 'like', `${c}%`)))).orderBy('code').execute()
      : [];
    return { orgs, categories: cfg.categories.filter((c) => c.active), places };
  }

  async function renderForm(request: FastifyRequest, kiosk: boolean, values: Record<string, string>, errors: FieldErrors, status = 200) {
    const { orgs, categories, places } = await formOptions();
    const captcha = createCaptcha(platformView(db), clock.now());
    const lat = Number(values.lat);
    const lng = Number(values.lng);
    const similar = values.org && values.category
      ? await repo.findSimilarOpen(db, { category: values.category, org: values.org, lat: values.lat && Number.isFinite(lat) ? lat : null, lng: values.lng && Number.isFinite(lng) ? lng : null, limit: 5 })
      : [];
    return { page: <MessageFormPage ctx={pageContext(request)} kiosk={kiosk} values={values} errors={errors} orgs={orgs} categories={categories} places={places} map={tileUrl ? { center: mapCenter } : null} captcha={captcha} idempotencyKey={values.idempotency_key || randomSecret(18)} similar={similar} />, status };
  }

  const FORM_FIELDS = ['org', 'category', 'region', 'title', 'content', 'address', 'address_public', 'lat', 'lng', 'contact_name', 'contact_phone', 'contact_email', 'is_public', 'idempotency_key'];

  for (const kiosk of [false, true]) {
    const path = kiosk ? '/interaction/kiosk' : '/interaction/messages/new';
    app.get<{ Querystring: Record<string, string> }>(path, async (request, reply) => {
      const q = request.query;
      const values = Object.fromEntries(['org', 'category', 'lat', 'lng'].map((k) => [k, typeof q[k] === 'string' ? q[k] : ''])) as Record<string, string>;
      // issue 21 §3: a signed-in person's name, phone and e-mail, editable (a contact, not an identity); never on the shared kiosk
      const me = kiosk ? null : request.resident;
      if (me) Object.assign(values, { contact_name: me.name ?? '', contact_phone: me.phone ?? '', contact_email: me.email ?? '' });
      const r = await renderForm(request, kiosk, values, {});
      return sendPage(reply, r.page, r.status);
    });
  }

  // Multipart (photos) only inside this scope: the size limit is checked per file without buffering more than the limit.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: PHOTO_MAX_BYTES, files: PHOTO_MAX_COUNT, fields: 40, fieldSize: 64 * 1024, parts: 50 },
      async onFile(part) {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of part.file) { size += (c as Buffer).length; chunks.push(c as Buffer); }
        const over = part.file.truncated;
        (part as unknown as { value: unknown }).value = { name: part.filename || part.fieldname, data: over ? null : Buffer.concat(chunks), over, size };
      },
    });
    for (const kiosk of [false, true]) {
      // Per address, like the API (pages are otherwise not rate-limited); the kiosk serves many people from one address.
      scope.post(kiosk ? '/interaction/kiosk' : '/interaction/messages', { config: { rateLimit: { max: kiosk ? rateMax * 10 : rateMax, timeWindow: '10 minutes', allowList: () => false } } }, async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const values = Object.fromEntries(FORM_FIELDS.map((k) => [k, field(body, k)])) as Record<string, string>;
        const errors: FieldErrors = {};
        // The same form sent again (double click): answer with the message it created, before the
        // single-use captcha would refuse it, and with a new tracking code the citizen can see.
        const replay = values.idempotency_key ? await replayForm(svc, values.idempotency_key) : null;
        if (replay?.ok) return sendPage(reply, <ConfirmPage ctx={pageContext(request)} reference={replay.reference} trackingCode={replay.trackingCode} dueOn={replay.dueOn} dueProvisional={replay.dueProvisional} replayed />);
        const cap = await verifyCaptcha(platformView(db), field(body, 'captcha_token'), field(body, 'captcha_answer'), clock.now());
        const photos: { name: string; data: Uint8Array }[] = [];
        const photoErrors: string[] = [];
        for (const k of ['photo1', 'photo2', 'photo3']) {
          const p = body[k] as { name: string; data: Buffer | null; over: boolean; size: number } | undefined;
          if (!p || typeof p !== 'object' || (!p.over && (!p.data || p.data.length === 0))) continue;
          if (p.over || !p.data) photoErrors.push(rs.photoTooLarge(p.name, PHOTO_MAX_BYTES / 1024 / 1024));
          else photos.push({ name: p.name, data: p.data });
        }
        if (photoErrors.length) errors.photos = photoErrors.join('；');
        const input: SubmitInput = {
          org: values.org ?? '', category: values.category ?? '', region: values.region || null, title: values.title ?? '', content: values.content ?? '', address: values.address ?? '', addressPublic: values.address_public ?? '', lat: values.lat ?? '', lng: values.lng ?? '',
          contactName: values.contact_name ?? '', contactPhone: values.contact_phone ?? '', contactEmail: values.contact_email ?? '', isPublic: values.is_public ?? '',
          photos, source: kiosk ? 'kiosk' : 'web', idempotencyKey: values.idempotency_key || null,
        };
        if (!cap.ok) errors.captcha_answer = captchaMessages[cap.code];
        if (!Object.keys(errors).length) {
          // the account comes from the session only (never a form field); a kiosk is shared and links none
          const r = await submitMessage(svc, input, { accountId: kiosk ? null : request.resident?.accountId ?? null });
          if (r.ok) return sendPage(reply, <ConfirmPage ctx={pageContext(request)} reference={r.reference} trackingCode={r.trackingCode} dueOn={r.dueOn} dueProvisional={r.dueProvisional} replayed={r.replayed} />);
          Object.assign(errors, r.errors);
        } else {
          // Report the other fields' problems too, without storing anything.
          const { validateSubmission } = await import('./interaction.service.ts');
          const v = await validateSubmission(db, { ...input, photos: [] }, await configOf(db));
          Object.assign(errors, v.errors, errors);
        }
        const r = await renderForm(request, kiosk, values, errors, 400);
        return sendPage(reply, r.page, r.status);
      });
    }
  });

  app.get('/interaction/status', async (request, reply) => sendPage(reply, <StatusPage ctx={pageContext(request)} values={{}} errors={{}} message={null} events={[]} canRate={false} />));

  async function statusPage(request: FastifyRequest, values: Record<string, string>) {
    const errors: FieldErrors = {};
    if (!values.reference?.trim()) errors.reference = rs.referenceRequired;
    if (!values.tracking_code?.trim()) errors.tracking_code = rs.trackingCodeRequired;
    const m = Object.keys(errors).length ? null : await findForCitizen(db, values.reference ?? '', values.tracking_code ?? '');
    if (!Object.keys(errors).length && !m) errors.reference = s.notFound;
    const events = m ? await repo.loadEvents(db, m.id) : [];
    return { page: <StatusPage ctx={pageContext(request)} values={values} errors={errors} message={m} events={events} canRate={m?.stage === 'responded'} />, status: Object.keys(errors).length ? 400 : 200 };
  }

  // Guessing tracking codes is slowed down per address.
  const statusLimit = { config: { rateLimit: { max: 60, timeWindow: '10 minutes', allowList: () => false } } };
  app.post('/interaction/status', statusLimit, async (request, reply) => {
    const values = { reference: field(request.body, 'reference'), tracking_code: field(request.body, 'tracking_code') };
    const r = await statusPage(request, values);
    return sendPage(reply, r.page, r.status);
  });

  app.post('/interaction/status/rate', statusLimit, async (request, reply) => {
    const values = { reference: field(request.body, 'reference'), tracking_code: field(request.body, 'tracking_code') };
    const m = await findForCitizen(db, values.reference, values.tracking_code);
    if (!m) throw notFound(s.notFound);
    try {
      await act(svc, { citizen: true }, m.reference, { type: 'rate', on: clock.today(), level: field(request.body, 'level') });
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 409) throw e;
      const r = await statusPage(request, values);
      return sendPage(reply, r.page, 409);
    }
    const r = await statusPage(request, values);
    return sendPage(reply, r.page, r.status);
  });

  const listQuery = (q: Record<string, string>) => ({ q: (q.q ?? '').trim().slice(0, 50), category: (q.category ?? '').trim(), page: Math.max(1, Math.min(1000, Number.parseInt(q.page ?? '1', 10) || 1)) });

  app.get<{ Querystring: Record<string, string> }>('/interaction/messages', async (request, reply) => {
    const f = listQuery(request.query);
    const [{ rows, total }, cfg, t] = await Promise.all([
      repo.listPublic(db, { ...(f.q ? { q: f.q } : {}), ...(f.category ? { category: f.category } : {}), limit: PAGE_SIZE, offset: (f.page - 1) * PAGE_SIZE }),
      configOf(db), repo.totals(db),
    ]);
    const locations = await repo.publicLocations(db, rows);
    return sendPage(reply, <PublicListPage ctx={pageContext(request)} rows={rows} locations={locations} total={total} page={f.page} pageSize={PAGE_SIZE} q={f.q} category={f.category} categories={cfg.categories} totals={t} />);
  });

  app.get<{ Querystring: Record<string, string> }>('/interaction/messages.csv', async (request, reply) => {
    const f = listQuery(request.query);
    const { rows } = await repo.listPublic(db, { ...(f.q ? { q: f.q } : {}), ...(f.category ? { category: f.category } : {}), limit: 5000, offset: 0 });
    // The place only to the level the citizen chose (location-privacy.ts), as on the public page.
    const locations = await repo.publicLocations(db, rows);
    const body = csv([[...rs.listCsvHeader], ...rows.map((m) => {
      const l = locations.get(m.id);
      return [m.reference, m.category_code, maskPersonalData(m.title), maskPersonalData(m.content), STAGE_LABELS[m.stage as Stage], m.received_on, m.due_on, showsProvisional(m) ? '暂定' : '', maskPersonalData(m.response ?? ''), l?.place ?? '', l?.lat ?? '', l?.lng ?? ''];
    })]);
    return sendDownload(reply, body, 'messages.csv', FILE_TYPES.csv);
  });

  async function publicMessage(reference: string) {
    const m = await repo.findMessage(db, reference);
    if (!m || !m.is_public || m.sensitive || !repo.PUBLIC_STAGES.includes(m.stage)) throw notFound(rs.publicNotFound);
    return m;
  }

  app.get<{ Params: { reference: string } }>('/interaction/messages/:reference', async (request, reply) => {
    const m = await publicMessage(request.params.reference);
    const [cfg, org, assignee, events, photoIds, locations] = await Promise.all([configOf(db), findOrganisation(db, m.org_code), m.assignee_org ? findOrganisation(db, m.assignee_org) : null, repo.loadEvents(db, m.id), repo.listPhotoIds(db, m.id), repo.publicLocations(db, [m])]);
    return sendPage(reply, <PublicMessagePage ctx={pageContext(request)} m={m} location={locations.get(m.id) as PublicLocation} categoryName={cfg.categories.find((c) => c.code === m.category_code)?.name ?? m.category_code} orgName={org?.name ?? m.org_code} assigneeName={assignee?.name ?? null} events={events} photoIds={photoIds} />);
  });

  app.get<{ Params: { reference: string; id: string } }>('/interaction/messages/:reference/photos/:id', async (request, reply) => {
    const m = await publicMessage(request.params.reference);
    const p = await repo.findPhoto(db, m.id, rowIdOf(request.params.id) ?? 0);
    if (!p) throw notFound(rs.photoNotFound);
    return reply.type(p.contentType).header('x-content-type-options', 'nosniff').send(p.data);
  });

  // ---- 办理情况统计 (public: every government or one; staff: the caller's grant) ------------
  const st = s.stats;
  const SOURCE_ENUM = defineEnum<SourceKind>(SOURCE_KINDS.map((code) => ({ code, label: st.sources[code]! })));
  function statsParams(q: Record<string, string | undefined>): { period: Period; source: SourceKind } {
    const raw = (q.period ?? q.month ?? '').trim() || clock.today().slice(0, 7);
    const period = parsePeriod(raw);
    if (!period) throw badRequest('invalid_period', st.invalidPeriod);
    // The code or its Chinese label (「12345 工单」), through the shared parser.
    const source = (q.source ?? '').trim() ? parseEnum(SOURCE_ENUM, q.source) : 'all';
    if (!source) throw badRequest('invalid_source', st.invalidSource);
    return { period, source };
  }

  /** The figures of `period` from the rows `paths` selects that pass `visible` (checked one by one). */
  async function computeStats(period: Period, source: SourceKind, paths: string[] | null, visible: (r: repo.StatRow) => boolean): Promise<Omit<StatsView, 'govs' | 'gov'>> {
    const today = clock.today();
    // One mapping for this page and the home page's figures (public-figures.ts).
    const records: StatRecord[] = (await repo.statRows(db, period.from, period.to, { paths, source: 'all' })).filter(visible).map(statRecordOf);
    // One pass per source kind; the chosen one gives the rows.
    const bySource = SOURCE_KINDS.map((kind) => ({ kind, ...aggregate(records, period, kind, onTime, today) }));
    const main = bySource.find((b) => b.kind === source)!;
    return { period, source, rows: main.rows, total: main.total, today, bySource: bySource.map(({ kind, total }) => ({ kind, total })) };
  }

  const countyGovs = async () => db.selectFrom('organisation').select(['code', 'name', 'path']).where('kind', '=', 'government').where('disabled', '=', 0).orderBy('code').execute()
    .then((rows) => rows.filter((o) => o.code.length === 6));

  async function publicStats(q: Record<string, string | undefined>): Promise<StatsView> {
    const { period, source } = statsParams(q);
    const govs = await countyGovs();
    const code = (q.org ?? '').trim();
    const gov = code ? govs.find((g) => g.code === code) : null;
    if (code && !gov) throw badRequest('unknown_org', st.unknownGov);
    // One government: its own messages and orders (the receiving organisation inside its subtree).
    const v = await computeStats(period, source, gov ? [gov.path] : null, (r) => !gov || r.orgPath.startsWith(gov.path));
    return { ...v, govs: govs.map((g) => ({ code: g.code, name: g.name })), ...(gov ? { gov: gov.code } : {}) };
  }

  /**
   * The staff statistics' reach: the subtrees of the caller's supervisor/case_handler grants, or
   * the whole platform for a platform administrator (who oversees every government's figures).
   */
  function statsGrant(actor: Actor): { paths: string[]; covers: (path: string) => boolean } {
    const whole = isPlatformAdmin(actor);
    return { paths: whole ? ['/'] /* every organisation path starts with '/' */ : scopePaths(actor, HANDLER_ROLES), covers: (path) => whole || hasRoleOver(actor, HANDLER_ROLES, path) };
  }

  async function staffStats(actor: Actor, q: Record<string, string | undefined>): Promise<StatsView> {
    const { period, source } = statsParams(q);
    const grant = statsGrant(actor);
    // The governments (province, city, county) inside the grant: a city or a platform administrator picks one of them.
    const govs = (await db.selectFrom('organisation').select(['code', 'name', 'path']).where('kind', '=', 'government').where('disabled', '=', 0).orderBy('path').execute())
      .filter((o) => grant.covers(o.path));
    const code = (q.org ?? '').trim();
    let gov: { code: string; path: string } | null = null;
    if (code) {
      const o = await findOrganisation(db, code);
      if (!o || o.disabled || !GOVERNMENT_KINDS.includes(o.kind)) throw badRequest('unknown_org', st.unknownGov);
      // A government outside the grant: refused, never its figures (and not its name either).
      if (!grant.covers(o.path)) throw new HttpError(403, 'org_outside_grant', st.govOutsideGrant(o.code));
      gov = o;
    }
    // Every row's organisation (receiving or handling) is checked against the grant; with a
    // government chosen, only the rows it received (as on the public page).
    const v = await computeStats(period, source, gov ? [gov.path] : grant.paths, (r) => (grant.covers(r.orgPath) || (!!r.assigneePath && grant.covers(r.assigneePath))) && (!gov || r.orgPath.startsWith(gov.path)));
    return { ...v, govs: govs.map((g) => ({ code: g.code, name: g.name })), allGovsLabel: st.allGovsInGrant, ...(gov ? { gov: gov.code } : {}) };
  }

  const statsQuery = (v: StatsView) => `period=${encodeURIComponent(v.period.key)}&source=${v.source}${v.gov ? `&org=${encodeURIComponent(v.gov)}` : ''}`;
  const statsCsv = (v: StatsView) => csv([[...rs.statsCsvHeader], ...[...v.rows, v.total].map((r) => [
    v.period.label, st.sources[v.source] ?? v.source, r.org, r.name, r.received, r.assigned, r.replied, r.closed, r.due, r.onTime, r.pending, r.rate === null ? '' : (r.rate * 100).toFixed(1),
  ])]);

  /** The filter field a refused statistics parameter belongs to. */
  const STATS_FIELDS: Record<string, 'period' | 'source' | 'org'> = { invalid_period: 'period', invalid_source: 'source', unknown_org: 'org' };
  /**
   * The figures for the page, or — when a parameter is refused (a typo in 统计期间) — the filters
   * again with the typed values and the reason, no figures, for a 400 re-render (the CSV answers 400).
   */
  async function statsForPage(q: Record<string, string | undefined>, compute: (q: Record<string, string | undefined>) => Promise<StatsView>): Promise<{ v: StatsView; status: 200 | 400 }> {
    try {
      return { v: await compute(q), status: 200 };
    } catch (err) {
      const name = err instanceof HttpError && err.status === 400 ? STATS_FIELDS[err.code] : undefined;
      if (!name) throw err;
      const v = await compute({});
      const input = { period: (q.period ?? q.month ?? '').slice(0, 50), source: (q.source ?? '').slice(0, 50), org: (q.org ?? '').slice(0, 50) };
      return { v: { ...v, errors: { [name]: (err as HttpError).message }, input }, status: 400 };
    }
  }

  app.get<{ Querystring: Record<string, string> }>('/interaction/statistics', async (request, reply) => {
    const [{ v, status }, t] = await Promise.all([statsForPage(request.query, publicStats), repo.totals(db)]);
    return sendPage(reply, <PublicStatsPage ctx={pageContext(request)} v={v} totals={t} query={statsQuery(v)} />, status);
  });

  app.get<{ Querystring: Record<string, string> }>('/interaction/statistics.csv', async (request, reply) => {
    const v = await publicStats(request.query);
    return sendDownload(reply, statsCsv(v), `statistics-${v.period.key}-${v.source}${v.gov ? `-${v.gov}` : ''}.csv`, FILE_TYPES.csv);
  });

  // ---- Staff pages ----------------------------------------------------------------------
  app.staffLinks.push({ href: '/staff/messages', label: s.staff.queueTitle, description: s.staff.linkDescription, roles: [...HANDLER_ROLES] });
  // 工作台: messages waiting for this person's units to accept (受理) or sign for (签收), as the queue lists them.
  app.staffWork.push({
    title: s.staff.queueTitle, roles: [...HANDLER_ROLES],
    counts: async (actor) => {
      const today = clock.today();
      const paths = scopePaths(actor, HANDLER_ROLES);
      return Promise.all((['to_accept', 'to_sign'] as const).map(async (view) => ({
        label: s.staff.views[view]!, count: await repo.countQueue(db, { paths, view, today, soonOn: addDays(today, 2) }), href: `/staff/messages?view=${view}`,
      })));
    },
  });

  async function orgNames(codes: (string | null)[]): Promise<Map<string, string>> {
    const list = [...new Set(codes.filter((c): c is string => !!c))];
    if (!list.length) return new Map();
    const rows = await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', list).execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  app.staffLinks.push({ href: '/staff/messages/hotline', label: s.staff.hotline.title, description: s.staff.hotline.link, roles: [...HANDLER_ROLES] });
  app.staffLinks.push({ href: '/staff/messages/statistics', label: st.staffTitle, description: st.staffLink, roles: [...STATS_ROLES] });

  app.get<{ Querystring: Record<string, string> }>('/staff/messages/statistics', { preHandler: requireRoles(...STATS_ROLES) }, async (request, reply) => {
    const { v, status } = await statsForPage(request.query, (q) => staffStats(request.actor as Actor, q));
    return sendPage(reply, <StaffStatsPage ctx={pageContext(request)} v={v} query={statsQuery(v)} />, status);
  });

  app.get<{ Querystring: Record<string, string> }>('/staff/messages/statistics.csv', { preHandler: requireRoles(...STATS_ROLES) }, async (request, reply) => {
    const v = await staffStats(request.actor as Actor, request.query);
    return sendDownload(reply, statsCsv(v), `statistics-${v.period.key}-${v.source}${v.gov ? `-${v.gov}` : ''}.csv`, FILE_TYPES.csv);
  });

  // ---- 12345 work orders only: what the hotline sent (创建工号, 来电时间, 工单状态) and a CSV ----
  const inScope = (actor: Actor, m: repo.MessageRow) => hasRoleOver(actor, HANDLER_ROLES, m.org_path) || (!!m.assignee_path && hasRoleOver(actor, HANDLER_ROLES, m.assignee_path));
  app.get<{ Querystring: { page?: string } }>('/staff/messages/hotline', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => {
    const actor = request.actor as Actor;
    const page = Math.max(1, Math.min(1000, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const { rows, total } = await repo.listHotline(db, { paths: scopePaths(actor, HANDLER_ROLES), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return sendPage(reply, <HotlineListPage ctx={pageContext(request)} rows={rows.filter((m) => inScope(actor, m))} total={total} page={page} pageSize={PAGE_SIZE} today={clock.today()} />);
  });

  app.get('/staff/messages/hotline.csv', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => {
    const actor = request.actor as Actor;
    const paths = scopePaths(actor, HANDLER_ROLES);
    // Every order of the grant (a county's 12345 line passes tens of thousands a year): read and
    // written in batches, so that nothing is cut off and memory stays bounded.
    async function* body(): AsyncGenerator<string> {
      yield csv([[...rs.hotlineCsvHeader]]);
      let after: { calledAt: string; id: number } | null = null;
      for (;;) {
        const batch = await repo.hotlineBatch(db, { paths, after, limit: HOTLINE_CSV_BATCH });
        const visible = batch.filter((m) => inScope(actor, m));
        const names = await orgNames(visible.flatMap((m) => [m.org_code, m.assignee_org]));
        // Phone and ID numbers in the text are masked, as in every export (hotline orders carry no contact or home address).
        if (visible.length) {
          yield csv(visible.map((m) => [
            m.work_order_no ?? '', m.reference, m.operator_no ?? '', maskPersonalData(m.title), maskPersonalData(m.content), m.called_at ?? '', m.planned_at ?? '', m.order_type ?? '',
            m.external_status ?? '', STAGE_LABELS[m.stage as Stage] ?? m.stage, names.get(m.org_code) ?? m.org_code, m.assignee_org ? names.get(m.assignee_org) ?? m.assignee_org : '', m.due_on ?? '', showsProvisional(m) ? '暂定' : '', m.closed_on ?? '',
          ])).replace(/^\uFEFF/, ''); // one byte-order mark, at the start of the file
        }
        const last = batch.at(-1);
        if (!last || batch.length < HOTLINE_CSV_BATCH) return;
        after = { calledAt: last.called_at as string, id: Number(last.id) };
      }
    }
    return sendDownload(reply, Readable.from(body()), `hotline-work-orders-${clock.today()}.csv`, FILE_TYPES.csv);
  });

  // ---- 12345 CSV upload (the web form of `gongkai hotline import`): multipart only in this scope ----
  const hi = s.staff.hotlineImport;
  await app.register(async (scope) => {
    // A cut-off or malformed multipart body makes busboy throw a plain Error (no statusCode): a 400, not a 500.
    scope.setErrorHandler((error) => {
      if (isMalformedMultipart(error)) {
        throw badRequest('multipart_invalid', rs.multipartInvalid);
      }
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      // The size is bounded while the file streams in: past the limit nothing more is kept and nothing is parsed.
      throwFileSizeLimit: false,
      limits: { fileSize: HOTLINE_UPLOAD_MAX_BYTES, files: 1, fields: 8, fieldSize: 4 * 1024, parts: 10 },
      async onFile(part) {
        const chunks: Buffer[] = [];
        for await (const c of part.file) chunks.push(c as Buffer);
        const over = part.file.truncated;
        (part as unknown as { value: unknown }).value = { fileName: part.filename ?? '', data: over ? null : Buffer.concat(chunks), over };
      },
    });

    /** The organisations a caller may import into: inside their grant (not village committees), by path. */
    const importOrgs = async (actor: Actor) => {
      const paths = scopePaths(actor, HANDLER_ROLES);
      if (!paths.length) return [];
      const rows = await db.selectFrom('organisation').select(['code', 'name', 'path']).where('disabled', '=', 0).where('kind', '!=', 'village_committee')
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`)))).orderBy('path').limit(500).execute();
      return rows.filter((o) => hasRoleOver(actor, HANDLER_ROLES, o.path)).map((o) => ({ code: o.code, name: o.name }));
    };
    const importPage = async (request: FastifyRequest, o: { values?: Record<string, string>; errors?: FieldErrors; problems?: { title: string; items: string[] } | null; keptFile?: string | null; result?: HotlineImportResult | null }) => {
      const actor = request.actor as Actor;
      const [orgs, cfg] = await Promise.all([importOrgs(actor), configOf(db)]);
      // The caller's own unit by default (the first grant the list holds).
      const own = actor.grants.map((g) => g.orgCode).find((c) => orgs.some((x) => x.code === c)) ?? '';
      return <HotlineImportPage ctx={pageContext(request)} orgs={orgs} categories={cfg.categories.filter((c) => c.active && !c.isDisclosure).map((c) => ({ code: c.code, name: c.name }))}
        values={{ org: own, category: 'other', ...(o.values ?? {}) }} errors={o.errors ?? {}} problems={o.problems ?? null} keptFile={o.keptFile ?? null} result={o.result ?? null} maxMb={HOTLINE_UPLOAD_MAX_BYTES / 1024 / 1024} />;
    };

    scope.get('/staff/messages/hotline/import', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => sendPage(reply, await importPage(request, {})));

    scope.post('/staff/messages/hotline/import', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => {
      const actor = request.actor as Actor;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { org: field(body, 'org').trim(), category: field(body, 'category').trim() || 'other' };
      const raw = request.isMultipart() ? body.file as { fileName: string; data: Buffer | null; over: boolean } | undefined : undefined;
      // Only the name, never a client's path; kept to show it again.
      const fileName = (raw?.fileName ?? '').split(/[\\/]/).pop()?.slice(0, 200) ?? '';
      const refuse = (errors: FieldErrors, problems: { title: string; items: string[] } | null = null, status = 400) =>
        importPage(request, { values, errors, problems, keptFile: fileName || null }).then((page) => sendPage(reply, page, status));
      const errors: FieldErrors = {};
      const org = values.org ? await findOrganisation(db, values.org) : null;
      if (!values.org) errors.org = hi.orgRequired;
      else if (!org || org.disabled) errors.org = hi.orgUnknown(values.org);
      // Scope: the receiving organisation must lie inside the caller's grant (the same check as the API).
      else if (!hasRoleOver(actor, HANDLER_ROLES, org.path)) throw new HttpError(403, 'forbidden', rs.workOrderForbidden);
      const cfg = await configOf(db);
      if (!cfg.categories.some((c) => c.code === values.category && c.active && !c.isDisclosure)) errors.category = hi.categoryUnknown;
      if (!raw || (!fileName && !raw.over && !raw.data?.length)) errors.file = hi.noFile;
      else if (raw.over || !raw.data) errors.file = hi.tooLarge(fileName, HOTLINE_UPLOAD_MAX_BYTES / 1024 / 1024);
      else if (!raw.data.length) errors.file = hi.emptyFile(fileName);
      if (Object.keys(errors).length || !org || !raw?.data) return refuse(errors);
      // Before any parser: a zip (an .xlsx, or a bomb) is not a CSV.
      const unpacked = await checkUnpacked(raw.data);
      if (!unpacked.ok) return refuse({ file: hi.unpacked(fileName, unpacked.message) });
      if (unpacked.zip) return refuse({ file: hi.notCsv(fileName) });
      const decoded = decodeHotlineFile(raw.data);
      if ('problem' in decoded) return refuse({ file: hi.legacyExcel(fileName) });
      const parsed = parseHotlineCsv(decoded.text);
      if (parsed.errors.length) return refuse({ file: hi.seeAbove }, { title: hi.fileProblems(fileName, parsed.errors.length), items: parsed.errors });
      const importRef = newReference('HI', clock.today());
      const r = await createWorkOrders(svc, { actorId: actor.userId, label: actor.username, requestId: request.id }, org.code, parsed.rows, values.category, undefined, { fileName, importRef });
      // Another government's 工单编号 (or a call dated after today): refused whole, nothing written.
      if (!r.ok) return refuse({ file: hi.seeAbove }, { title: hi.refused(fileName), items: r.errors });
      const byRef = new Map(r.references.map((ref, i) => [ref, parsed.rows[i]?.workOrderNo ?? ref]));
      const listed = (refs: string[]) => refs.map((reference) => ({ reference, workOrderNo: byRef.get(reference) ?? reference }));
      const result: HotlineImportResult = {
        importRef, fileName, count: parsed.rows.length, created: listed(r.created), updated: listed(r.updated), unchanged: r.unchanged.length, reopened: r.reopened.length, warnings: r.warnings,
      };
      return sendPage(reply, await importPage(request, { values, result }));
    });
  });

  app.get<{ Querystring: { view?: string; page?: string } }>('/staff/messages', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => {
    const actor = request.actor as Actor;
    const view: QueueView = (QUEUE_VIEWS as readonly string[]).includes(request.query.view ?? '') ? (request.query.view as QueueView) : 'dispatch';
    const page = Math.max(1, Math.min(1000, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const today = clock.today();
    const { rows, total } = await repo.listQueue(db, { paths: scopePaths(actor, HANDLER_ROLES), view, today, soonOn: addDays(today, 2), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const names = await orgNames(rows.map((r) => r.assignee_org));
    return sendPage(reply, <QueuePage ctx={pageContext(request)} view={view} rows={rows} total={total} page={page} pageSize={PAGE_SIZE} today={today} orgNames={names} />);
  });

  async function staffMessagePage(request: FastifyRequest, reference: string, errors: FieldErrors, values: Record<string, string>, status = 200, notice?: string) {
    const actor = request.actor as Actor;
    const m = await findForStaff(db, actor, reference);
    const [events, cfg, photoIds] = await Promise.all([repo.loadEvents(db, m.id), configOf(db), repo.listPhotoIds(db, m.id)]);
    const assignOptions = await db.selectFrom('organisation').select(['code', 'name']).where('path', 'like', `${m.org_path}%`).where('disabled', '=', 0).orderBy('path').limit(400).execute();
    const names = await orgNames([m.org_code, m.assignee_org, m.routed_org, ...events.flatMap((e) => ('org' in e.event ? [e.event.org] : 'to' in e.event ? [e.event.from, e.event.to] : []))]);
    return { page: <StaffMessagePage ctx={pageContext(request)} m={m} events={events} photoIds={photoIds} orgNames={names} assignOptions={assignOptions} classes={cfg.classes} today={clock.today()} errors={errors} values={values} convertOptions={CONVERT_OPTIONS} notice={notice} />, status };
  }

  app.get<{ Params: { reference: string } }>('/staff/messages/:reference', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => {
    const r = await staffMessagePage(request, request.params.reference, {}, {});
    return sendPage(reply, r.page, r.status);
  });

  app.get<{ Params: { reference: string; id: string } }>('/staff/messages/:reference/photos/:id', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => {
    const m = await findForStaff(db, request.actor as Actor, request.params.reference);
    const p = await repo.findPhoto(db, m.id, rowIdOf(request.params.id) ?? 0);
    if (!p) throw notFound(rs.photoNotFound);
    return reply.type(p.contentType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(p.data);
  });

  app.post<{ Params: { reference: string } }>('/staff/messages/:reference/actions', { preHandler: requireRoles(...HANDLER_ROLES) }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['type', 'on', 'class', 'reason', 'org', 'text', 'level', 'days', 'approved_by', 'note', ...CONVERT_FIELDS].map((k) => [k, field(body, k)])) as Record<string, string>;
    const applicant = values.type === 'convert' ? {
      type: values.applicant_type, subtype: values.applicant_subtype, name: values.applicant_name, id_number: values.applicant_id_number,
      phone: values.applicant_phone, email: values.applicant_email, address: values.applicant_address, delivery: values.delivery,
    } : undefined;
    const commandValues = Object.fromEntries(Object.entries(values).filter(([k]) => !(CONVERT_FIELDS as readonly string[]).includes(k)));
    let done;
    try {
      done = await act(svc, { actor: request.actor as Actor, requestId: request.id }, request.params.reference, toCommand(commandValues), applicant);
    } catch (e) {
      if (!(e instanceof HttpError) || (e.status !== 409 && e.status !== 400)) throw e;
      const errors = e instanceof ConvertRefused ? e.fields : { on: e.reasons?.join('；') ?? e.message };
      const r = await staffMessagePage(request, request.params.reference, errors, values, e.status);
      return sendPage(reply, r.page, r.status);
    }
    if (done.applicationTrackingCode && done.message.application_ref) {
      // Shown once, like the applications module's own staff registration: the applicant needs it to follow the application.
      const r = await staffMessagePage(request, request.params.reference, {}, {}, 200, s.staff.convert.done(done.message.application_ref, done.applicationTrackingCode));
      return sendPage(reply, r.page, r.status);
    }
    return reply.redirect(`/staff/messages/${encodeURIComponent(request.params.reference)}`, 303);
  });

  await open311Routes(app, { db, clock, sessionIdleMinutes: deps.sessionIdleMinutes ?? 120, rateMax });
  await settingsRoutes(app, { db, clock });
}
