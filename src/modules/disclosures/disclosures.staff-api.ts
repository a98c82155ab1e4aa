// Shell: the staff JSON API of proactive disclosure (OpenAPI, Bearer API token): create a draft,
// and take workflow actions — answered with the new state or 409 {code, message, reasons}.
import { Type } from 'typebox';
import { badRequest, HttpError, notFound } from '../../platform/web/http-error.ts';
import { textToHtml } from '../../platform/html/sanitize.ts';
import type { App } from '../../platform/web/server.tsx';
import { MAX_ROW_ID, rowIdOf } from '../../platform/web/forms.ts';
import { requireRoles, type Actor } from '../identity/index.ts';
import * as svc from './disclosures.service.ts';
import { CHECKLIST } from './workflow.ts';
import { OPENNESS, OPENNESS_REASONS, opennessLabel, reasonLabel } from './openness.ts';
import { CONCERN_SOURCES } from './genre-detail.ts';
import { optionalEnum, requireEnum, enumOfRows } from '../../platform/web/enums.ts';
import { DataEnumString, EnumString } from '../../platform/web/enum-schema.ts';
import { listCategories } from './disclosures.repository.ts';
import { catalogItemById } from './disclosures.queries.ts';
import { disclosureStrings } from './disclosures.strings.ts';
import { ACTION_ENUM, BODY_FORMAT_ENUM, GENRE_ENUM, VALIDITY_ENUM, YES_NO_ENUM } from './disclosures-enums.ts';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });

const CreateBody = Type.Object({
  org: Type.String({ description: '单位代码，如 130427 或 130427-mzj' }),
  title: Type.String({ maxLength: 200 }),
  body: Type.String({ maxLength: 200_000, description: '正文。body_format 为 html 时按白名单清洗；为 text（默认）时按段落转为 HTML' }),
  body_format: Type.Optional(EnumString(BODY_FORMAT_ENUM, '正文格式')),
  genre: EnumString(GENRE_ENUM, '体裁'),
  category: DataEnumString('disclosure_category', '主题分类，如 mzsh 或 民政、扶贫、救灾', '主题分类表 disclosure_category'),
  formed_on: Type.String({ description: '信息形成日期 YYYY-MM-DD（第二十六条起算日）' }),
  catalog_items: Type.Optional(Type.Array(Type.Union([Type.String({ pattern: '^[1-9][0-9]{0,9}/[A-Za-z0-9_-]{1,64}$' }), Type.Integer({ minimum: 1, maximum: MAX_ROW_ID })]), { maxItems: 50, description: '目录事项（本单位及上级单位已发布目录中的事项）：公开标识「目录编号/事项 key」，如 3/W6eOtf-mpQI（搜索结果的 id；目录 API 中事项的 id 即 key）；旧客户端所用的已发布版本事项行号仍可用' })),
  publisher: Type.Optional(Type.String({ maxLength: 100 })),
  document_no: Type.Optional(Type.String({ maxLength: 100 })),
  summary: Type.Optional(Type.String({ maxLength: 500 })),
  written_on: Type.Optional(Type.String()),
  validity: Type.Optional(EnumString(VALIDITY_ENUM, '有效性，默认 effective（有效）')),
  effective_on: Type.Optional(Type.String()), expires_on: Type.Optional(Type.String()), repealed_on: Type.Optional(Type.String()),
  links: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: '关联信息的索引号（政策解读填所解读文件）' })),
  openness: Type.Optional(EnumString(OPENNESS, '公开属性，默认主动公开')),
  openness_reason: Type.Optional(EnumString(OPENNESS_REASONS, '依申请公开、不予公开时必填的理由')),
  press_conference: Type.Optional(Type.Object({
    held_on: Type.String({ description: '发布会日期 YYYY-MM-DD（不晚于今天）' }), place: Type.String({ maxLength: 100, description: '地点' }),
    speakers: Type.Array(Type.Object({ name: Type.String({ maxLength: 30 }), title: Type.String({ maxLength: 60, description: '职务' }) }), { minItems: 1, maxItems: 20, description: '发布人' }),
    transcript: Type.String({ maxLength: 200_000, description: '发布会实录（HTML，按白名单清洗）' }),
    policy: Type.Optional(Type.String({ maxLength: 100, description: '发布的政策文件的索引号；该文件的公开页面同时显示本发布会' })),
  }, { description: 'genre 为 press_conference（新闻发布会）时必填' })),
  response: Type.Optional(Type.Object({
    concern: Type.String({ maxLength: 500, description: '回应的关切（概述）' }),
    source: EnumString(CONCERN_SOURCES, '关切来源'),
    message_ref: Type.Optional(Type.String({ maxLength: 40, description: '民心直通车留言编号' })),
  }, { description: 'genre 为 response（回应关切）时必填' })),
});

const Checklist = Type.Object(Object.fromEntries(CHECKLIST.map((q) => [q.key, Type.Optional(EnumString(YES_NO_ENUM, q.question))])));

const ActionBody = Type.Object({
  type: EnumString(ACTION_ENUM, '操作'),
  checklist: Type.Optional(Checklist),
  conclusion: Type.Optional(Type.String({ description: 'approve 与 reject 的审查意见（不通过时必填）' })),
  at: Type.Optional(Type.String({ description: 'schedule：ISO 8601 时间，须晚于当前时间' })),
  reason: Type.Optional(Type.String({ description: 'withdraw：向公众显示的撤回理由' })),
});

const StaffRecord = Type.Object({
  id: Type.Integer(), index_no: Type.String(), org: Type.String(), publisher: Type.String(), title: Type.String(), document_no: Type.Union([Type.String(), Type.Null()]),
  genre: Type.String(), category: Type.String(), validity: Type.String(), state: Type.String(), formed_on: Type.String(), written_on: Type.Union([Type.String(), Type.Null()]),
  due_on: Type.Union([Type.String(), Type.Null()]), due_explanation: Type.Union([Type.String(), Type.Null()]), published_at: Type.Union([Type.String(), Type.Null()]),
  late_working_days: Type.Union([Type.Integer(), Type.Null()]), withdrawn_reason: Type.Union([Type.String(), Type.Null()]), version_no: Type.Integer(), body_html: Type.String(),
  catalog_items: Type.Array(Type.Object({ catalog_id: Type.Integer(), item_key: Type.String(), label: Type.String() })),
  links: Type.Array(Type.Object({ id: Type.Integer(), index_no: Type.String(), title: Type.String(), kind: Type.String(), direction: Type.String() })),
  attachments: Type.Array(Type.Object({ id: Type.Integer(), filename: Type.String(), mime: Type.String(), size_bytes: Type.Integer() })),
  reviews: Type.Array(Type.Object({ reviewer: Type.String(), conclusion: Type.String(), reasons: Type.String(), checklist: Type.Record(Type.String(), Type.String()), at: Type.String() })),
  events: Type.Array(Type.Object({ seq: Type.Integer(), type: Type.String(), actor: Type.String(), at: Type.String(), data: Type.Record(Type.String(), Type.Unknown()) })),
  versions: Type.Array(Type.Object({ version_no: Type.Integer(), title: Type.String(), change_note: Type.String(), at: Type.String() })),
  openness: Type.Object({ code: Type.String(), label: Type.String(), reason: Type.Union([Type.Object({ code: Type.String(), label: Type.String() }), Type.Null()]) }, { description: '公开属性及不主动公开的理由' }),
});

export async function disclosureStaffApi(app: App, deps: svc.DisclosureDeps): Promise<void> {
  app.get('/api/v1/staff/disclosures/:id', {
    preHandler: requireRoles(...svc.STAFF_ROLES),
    schema: { tags: ['disclosures'], summary: '政府信息详情（含草稿）、审查记录、事件与版本', security: [{ bearer: [] }], params: Type.Object({ id: Type.String() }), response: { 200: StaffRecord, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const raw = request.params.id;
    if (rowIdOf(raw) === null) throw notFound();
    const v = await svc.staffView(deps, request.actor as Actor, Number(raw));
    const r = v.record;
    return {
      id: r.id, index_no: r.index_no, org: r.org_code, publisher: r.publisher, title: r.title, document_no: r.document_no, genre: r.genre, category: r.category_code, validity: r.validity,
      state: r.state, formed_on: r.formed_on, written_on: r.written_on, due_on: r.due_on, due_explanation: r.due_explanation, published_at: r.published_at, late_working_days: r.late_working_days,
      withdrawn_reason: r.withdrawn_reason, version_no: r.version_no, body_html: r.body_html,
      catalog_items: v.items.map((i) => ({ catalog_id: i.catalogId, item_key: i.itemKey, label: i.label })),
      links: v.links.map((l) => ({ id: l.id, index_no: l.indexNo, title: l.title, kind: l.kind, direction: l.direction })),
      attachments: v.attachments.map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size_bytes: a.sizeBytes })),
      reviews: v.reviews.map((x) => ({ reviewer: x.reviewerLabel, conclusion: x.conclusion, reasons: x.reasons, checklist: x.checklist, at: x.at })),
      events: v.events.map((e) => ({ seq: e.seq, type: e.type, actor: e.actorLabel, at: e.at, data: e.data })),
      versions: v.versions.map((x) => ({ version_no: x.versionNo, title: x.title, change_note: x.changeNote, at: x.at })),
      openness: { code: r.openness, label: opennessLabel(r.openness), reason: r.openness_reason ? { code: r.openness_reason, label: reasonLabel(r.openness_reason) } : null },
    };
  });

  app.post('/api/v1/staff/disclosures', {
    preHandler: requireRoles(...svc.EDIT_ROLES),
    schema: {
      tags: ['disclosures'], summary: '新建政府信息草稿', security: [{ bearer: [] }],
      description: '信息编辑（或负责人）在本单位及下级单位范围内新建草稿，返回 id、索引号与状态。应公开日期按关联目录事项的公开时限或《政府信息公开条例》第二十六条计算。',
      body: CreateBody,
      response: { 201: Type.Object({ id: Type.Integer(), index_no: Type.String(), state: Type.String(), due_on: Type.Union([Type.String(), Type.Null()]) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ConflictBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    // Enumerated fields as their code or Chinese label (the shared parser); unknown: 400 naming the field.
    const bad = { code: 'invalid_disclosure' };
    const bodyFormat = optionalEnum(BODY_FORMAT_ENUM, b.body_format, 'body_format', bad) ?? 'text';
    const genre = requireEnum(GENRE_ENUM, b.genre, 'genre', bad);
    const category = requireEnum(enumOfRows(await listCategories(deps.db)), b.category, 'category', bad);
    const validity = optionalEnum(VALIDITY_ENUM, b.validity, 'validity', bad) ?? 'effective';
    const openness = optionalEnum(OPENNESS, b.openness, 'openness', bad) ?? '';
    const opennessReason = optionalEnum(OPENNESS_REASONS, b.openness_reason, 'openness_reason', bad) ?? '';
    const concernSource = b.response ? requireEnum(CONCERN_SOURCES, b.response.source, 'response.source', bad) : '';
    // Catalogue items by their public id {catalog}/{key} (or, for older clients, the published row id).
    const catalogItemIds: number[] = [];
    for (const x of b.catalog_items ?? []) {
      if (typeof x === 'number') { catalogItemIds.push(x); continue; }
      const found = await catalogItemById(deps.db, x);
      if (!found) throw badRequest('invalid_disclosure', `catalog_items：${disclosureStrings.errors.itemUnknown(x)}`);
      catalogItemIds.push(found.id);
    }
    const input: svc.RecordInput = {
      ...svc.emptyInput(b.org), title: b.title, bodyHtml: bodyFormat === 'html' ? b.body : textToHtml(b.body), genre, category, formedOn: b.formed_on,
      catalogItemIds, publisher: b.publisher ?? '', documentNo: b.document_no ?? '', summary: b.summary ?? '', writtenOn: b.written_on ?? '',
      validity, effectiveOn: b.effective_on ?? '', expiresOn: b.expires_on ?? '', repealedOn: b.repealed_on ?? '', linkedIndexNos: b.links ?? [],
      openness, opennessReason,
      detail: {
        heldOn: b.press_conference?.held_on ?? '', place: b.press_conference?.place ?? '', speakers: b.press_conference?.speakers ?? [], transcriptHtml: b.press_conference?.transcript ?? '',
        policy: b.press_conference?.policy ?? '', concernSummary: b.response?.concern ?? '', concernSource, messageRef: b.response?.message_ref ?? '',
      },
    };
    const r = await svc.createDraft(deps, { actor: request.actor as Actor, requestId: request.id }, input);
    if (!r.ok) {
      if (r.errors.org === svc.orgOutOfScopeMessage) throw new HttpError(403, 'forbidden', r.errors.org);
      throw badRequest('invalid_disclosure', Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('；'));
    }
    const row = await svc.loadForStaff(deps, request.actor as Actor, r.id);
    return reply.status(201).send({ id: r.id, index_no: r.indexNo, state: r.state, due_on: row.due_on });
  });

  app.post('/api/v1/staff/disclosures/:id/actions', {
    preHandler: requireRoles(...svc.STAFF_ROLES),
    schema: {
      tags: ['disclosures'], summary: '政府信息办理操作（拒绝时返回 409 及理由）', security: [{ bearer: [] }],
      description: 'submit（编辑提交保密审查）；approve / reject（审查员，非起草人，附 checklist 五项与 conclusion 意见）；publish（审查通过后立即发布）；schedule（定时发布，at 须晚于当前时间）；withdraw（撤回，附 reason；尚未到发布时间的定时发布则为取消定时，回到「审查通过待发布」，不留撤回页）。',
      params: Type.Object({ id: Type.String() }), body: ActionBody,
      response: { 200: Type.Object({ id: Type.Integer(), state: Type.String(), published_at: Type.Union([Type.String(), Type.Null()]), late_working_days: Type.Union([Type.Integer(), Type.Null()]) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
    },
  }, async (request) => {
    const raw = request.params.id;
    if (rowIdOf(raw) === null) throw notFound();
    const id = Number(raw);
    const b = request.body;
    const type = requireEnum(ACTION_ENUM, b.type, 'type', { code: 'invalid_action' });
    const checklist = Object.fromEntries(CHECKLIST.flatMap((q) => { const v = optionalEnum(YES_NO_ENUM, (b.checklist as Record<string, unknown> | undefined)?.[q.key], `checklist.${q.key}`, { code: 'invalid_action' }); return v ? [[q.key, v]] : []; })) as Record<string, string>;
    let input: svc.ActionInput;
    switch (type) {
      case 'approve':
      case 'reject':
        input = { type, checklist, reasons: b.conclusion ?? '' };
        break;
      case 'schedule':
        input = { type: 'schedule', at: b.at ?? '' };
        break;
      case 'withdraw':
        input = { type: 'withdraw', reason: b.reason ?? '' };
        break;
      default:
        input = { type };
    }
    const r = await svc.act(deps, { actor: request.actor as Actor, requestId: request.id }, id, input);
    return { id, state: r.state, published_at: r.publishedAt, late_working_days: r.lateWorkingDays };
  });
}
