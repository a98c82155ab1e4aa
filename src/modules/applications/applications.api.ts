// Shell: the 依申请公开 JSON API (OpenAPI). Public submission (rate-limited per address, no
// captcha) and status; staff registration, actions (409 with reasons) and case reads with an API token.
import { Type } from 'typebox';
import { badRequest, conflict, HttpError } from '../../platform/web/http-error.ts';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { FILE_TYPES, sendDownload, type App } from '../../platform/web/server.tsx';
import { defineEnum, enumMessage, labelOf, optionalEnum, parseEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { requireRoles } from '../identity/index.ts';
import * as service from './applications.service.ts';
import { applicationStrings as s, staffStrings } from './applications.strings.ts';
import { ACTIONS, APPLICANT_TYPES, CHANNELS, CONFIDENTIALITY_RESULTS, CONSULTATION_KINDS, DELIVERY_METHODS, FEE_BASES, findOutcome, LETTER_SENDINGS, OUTCOME_ENUM, REVIEW_KINDS, REVIEW_RESULTS, STAGES, type Action, type Stage } from './workflow.ts';
import { LETTER_KINDS } from './letters.ts';

const LETTER_KIND_ENUM = defineEnum(LETTER_KINDS);
const QUEUE_ENUM = defineEnum<service.QueueName>(service.QUEUE_NAMES.map((code) => ({ code, label: staffStrings.queues[code] })));
/** `kind` and `result` of an action take the values of the action's own list (start_consultation / record_review / confidentiality_review). */
const both = (a: typeof REVIEW_KINDS | typeof CONSULTATION_KINDS | typeof REVIEW_RESULTS | typeof CONFIDENTIALITY_RESULTS, b: typeof a) => defineEnum<string>([...a.values, ...b.values]);
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Applicant = Type.Object({
  type: EnumString(APPLICANT_TYPES, '申请人类型'),
  subtype: Type.Optional(Type.String({ description: '法人或其他组织：商业企业、科研机构、社会公益组织、法律服务机构、其他' })),
  name: Type.String(), id_number: Type.Optional(Type.String()), phone: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()), address: Type.Optional(Type.String()),
});
const PublicBody = Type.Object({ org: Type.String(), applicant: Applicant, description: Type.String(), delivery: EnumString(DELIVERY_METHODS, '获取方式') });
const StaffBody = Type.Object({
  org: Type.String(), channel: EnumString(CHANNELS, '申请渠道'), received_on: Type.String({ description: 'YYYY-MM-DD（第三十一条）' }),
  applicant: Applicant, description: Type.String(), delivery: EnumString(DELIVERY_METHODS, '获取方式'),
});
const Registered = Type.Object({ reference: Type.String(), tracking_code: Type.Union([Type.String(), Type.Null()], { description: '只在首次提交时返回；重复提交（相同 Idempotency-Key）时为 null' }), due_on: Type.Union([Type.String(), Type.Null()]) });
const ActionBody = Type.Object({
  type: EnumString(ACTIONS, '操作（confidentiality_review 保密审查，审查员也可）'),
  on: Type.String({ description: 'YYYY-MM-DD' }),
  items: Type.Optional(Type.Array(Type.String())), deadline_on: Type.Optional(Type.String()), org: Type.Optional(Type.String()), reason: Type.Optional(Type.String()),
  days: Type.Optional(Type.Integer()), approved_by: Type.Optional(Type.String()), party: Type.Optional(Type.String()), kind: Type.Optional(EnumString(both(CONSULTATION_KINDS, REVIEW_KINDS), 'start_consultation：征求意见对象；record_review：复议或诉讼')),
  result: Type.Optional(EnumString(both(REVIEW_RESULTS, CONFIDENTIALITY_RESULTS), 'record_review：复议或诉讼结果；confidentiality_review：保密审查结论')), basis: Type.Optional(EnumString(FEE_BASES, 'issue_fee_notice：计收方式')), amount: Type.Optional(Type.Number({ description: '不填时按国办函〔2020〕109号计算' })), pages: Type.Optional(Type.Integer()), outcome: Type.Optional(EnumString(OUTCOME_ENUM, 'decide：答复类型（年度报告表三的行）')),
  reasons: Type.Optional(Type.Array(Type.String())), withheld_reason: Type.Optional(Type.String()), record_index_no: Type.Optional(Type.String()),
  method: Type.Optional(EnumString(DELIVERY_METHODS, 'deliver：送达方式')), tracking_no: Type.Optional(Type.String()), opinion: Type.Optional(Type.String()),
  sent_via: Type.Optional(EnumString(LETTER_SENDINGS, 'start_consultation：征求意见书送达方式，默认 in_person（当面送达）')),
  received_on: Type.Optional(Type.String({ description: 'start_consultation / record_consultation_receipt：对方收到征求意见书之日（YYYY-MM-DD，不能早于发函日期）。不填时当面、电子方式按发函当日，邮寄按发函日加办理规则中的在途天数；对方自收到之日起 15 个工作日内答复，征求意见期间至多计至该期限届满（第三十二条、第三十四条、第三十三条第三款）' })),
});
const ActionResult = Type.Object({ reference: Type.String(), stage: Type.String(), stage_label: Type.String(), due_on: Type.Union([Type.String(), Type.Null()]), due_provisional: Type.Boolean(), due_explanation: Type.String(), warnings: Type.Array(Type.String()) });
const Event = Type.Object({ seq: Type.Integer(), type: Type.String(), on: Type.String(), data: Type.Record(Type.String(), Type.Unknown()), actor: Type.String(), at: Type.String() });
const StaffCase = Type.Object({
  reference: Type.String(), org: Type.String(), assigned_org: Type.Union([Type.String(), Type.Null()]), channel: Type.String(), submitted_on: Type.String(),
  received_on: Type.Union([Type.String(), Type.Null()]), stage: Type.String(), stage_label: Type.String(), due_on: Type.Union([Type.String(), Type.Null()]),
  due_provisional: Type.Boolean(), due_explanation: Type.String(), outcome: Type.Union([Type.String(), Type.Null()]),
  applicant: Type.Object({ type: Type.String(), subtype: Type.Union([Type.String(), Type.Null()]), name: Type.String(), id_number: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]), address: Type.Union([Type.String(), Type.Null()]) }),
  description: Type.String(), delivery: Type.String(), warnings: Type.Array(Type.String()), events: Type.Array(Event),
});
const PublicStatus = Type.Object({
  reference: Type.String(), stage: Type.String(), stage_label: Type.String(), received_on: Type.Union([Type.String(), Type.Null()]),
  due_on: Type.Union([Type.String(), Type.Null()]), due_provisional: Type.Boolean(),
  due_explanation: Type.String({ description: '答复期限如何计算（起算日、跳过的节假日、征求意见等不计入的期间、延期；暂定时写明原因）' }),
  outcome: Type.Union([Type.String(), Type.Null()]), letter_available: Type.Boolean(),
});

/** Public submissions per address (the JSON API has no captcha). */
export const PUBLIC_SUBMIT_LIMIT = { max: 10, timeWindow: '1 hour' } as const;
/** Status look-ups per address (reference + tracking code; the web form has the same limit). */
export const STATUS_LOOKUP_LIMIT = { max: 30, timeWindow: '1 minute' } as const;

export async function applicationApi(app: App, deps: service.ApplicationDeps): Promise<void> {
  app.post('/api/v1/applications', {
    config: { rateLimit: { ...PUBLIC_SUBMIT_LIMIT, allowList: () => false } },
    schema: {
      tags: ['applications'], summary: '提交政府信息公开申请（网上）', description: '以双方确认之日为收到申请之日（《政府信息公开条例》第三十一条），因此 due_on 在确认前为 null。可带 Idempotency-Key 请求头防止重复提交。每个地址每小时限 10 次。',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 100 })) }),
      body: PublicBody, response: { 200: Registered, 201: Registered, 400: ErrorBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const r = await service.submitOnline(deps, request.body, typeof key === 'string' && key ? `api:${key}` : null);
    if (!r.ok) throw badRequest('invalid_application', Object.values(r.errors).join('；'));
    return reply.status(r.result.existing ? 200 : 201).send({ reference: r.result.reference, tracking_code: r.result.trackingCode, due_on: r.result.dueOn });
  });

  app.get('/api/v1/applications/:reference', {
    config: { rateLimit: { ...STATUS_LOOKUP_LIMIT, allowList: () => false } },
    schema: { tags: ['applications'], summary: '查询申请进度（申请编号 + 查询码）', description: '每个地址每分钟限 30 次。', params: Type.Object({ reference: Type.String() }), querystring: Type.Object({ tracking_code: Type.String() }), response: { 200: PublicStatus, 404: ErrorBody, 429: ErrorBody } },
  }, async (request) => {
    const found = await service.publicStatus(deps, request.params.reference, request.query.tracking_code);
    if (!found) throw new HttpError(404, 'application_not_found', s.errors.trackingNotFound);
    const r = found.row;
    return {
      reference: r.reference, stage: r.stage, stage_label: labelOf(STAGES, r.stage as Stage), received_on: r.received_on, due_on: r.due_on,
      due_provisional: !!Number(r.due_provisional), due_explanation: r.due_explanation, outcome: r.outcome, letter_available: !!r.delivered_on && !!r.outcome,
    };
  });

  app.post('/api/v1/staff/applications', {
    preHandler: requireRoles('case_handler', 'supervisor'),
    schema: { tags: ['applications'], summary: '登记线下申请（信函、当面、传真、12345转办）', security: [{ bearer: [] }], body: StaffBody, response: { 201: Type.Object({ reference: Type.String(), tracking_code: Type.Union([Type.String(), Type.Null()]), due_on: Type.Union([Type.String(), Type.Null()]), due_explanation: Type.String() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
  }, async (request, reply) => {
    const r = await service.registerOffline(deps, request.actor!, request.body);
    // Another county's (or unit's) organisation is a refusal of scope, as on every staff API: 403.
    if (!r.ok && r.errors.org === s.errors.orgOutOfScope) throw new HttpError(403, 'forbidden', s.errors.orgOutOfScope);
    if (!r.ok) throw badRequest('invalid_application', Object.values(r.errors).join('；'));
    return reply.status(201).send({ reference: r.result.reference, tracking_code: r.result.trackingCode, due_on: r.result.dueOn, due_explanation: r.result.dueExplanation });
  });

  app.post('/api/v1/staff/applications/:reference/actions', {
    preHandler: requireRoles('case_handler', 'supervisor', 'reviewer'),
    schema: { tags: ['applications'], summary: '办理操作（拒绝时返回 409 及理由）', security: [{ bearer: [] }], params: Type.Object({ reference: Type.String() }), body: ActionBody, response: { 200: ActionResult, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody } },
  }, async (request) => {
    const r = await service.applyAction(deps, request.actor!, request.params.reference, request.body as Action, request.id);
    return { reference: r.reference, stage: r.stage, stage_label: labelOf(STAGES, r.stage as Stage), due_on: r.dueOn, due_provisional: r.dueProvisional, due_explanation: r.dueExplanation, warnings: r.warnings };
  });

  const ListItem = Type.Object({ reference: Type.String(), org: Type.String(), assigned_org: Type.Union([Type.String(), Type.Null()]), stage: Type.String(), stage_label: Type.String(), received_on: Type.Union([Type.String(), Type.Null()]), due_on: Type.Union([Type.String(), Type.Null()]), due_provisional: Type.Boolean() });
  app.get('/api/v1/staff/applications', {
    preHandler: requireRoles('admin', 'case_handler', 'supervisor', 'reviewer'),
    schema: { tags: ['applications'], summary: '办理清单（3 个工作日内到期、已逾期、待补正、征求意见中、待送达等）', security: [{ bearer: [] }],
      querystring: Type.Object({ list: Type.Optional(EnumString(QUEUE_ENUM, '办理清单，默认 due_soon')) }),
      response: { 200: Type.Object({ list: Type.String(), items: Type.Array(ListItem) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
  }, async (request) => {
    const list = optionalEnum(QUEUE_ENUM, request.query.list, 'list', { code: 'invalid_list' }) ?? 'due_soon';
    const rows = await service.queue(deps, request.actor!, list);
    return { list, items: rows.map((r) => ({ reference: r.reference, org: r.org_code, assigned_org: r.assigned_org_code, stage: r.stage, stage_label: labelOf(STAGES, r.stage as Stage), received_on: r.received_on, due_on: r.due_on, due_provisional: !!Number(r.due_provisional) })) };
  });

  app.get('/api/v1/staff/applications/statistics', {
    preHandler: requireRoles('admin', 'case_handler', 'supervisor', 'reviewer'),
    schema: { tags: ['applications'], summary: '办理情况统计（收到、办结、正在办理）', security: [{ bearer: [] }],
      querystring: Type.Object({ org: Type.String(), from: Type.String({ description: 'YYYY-MM-DD' }), to: Type.String({ description: 'YYYY-MM-DD' }) }),
      response: { 200: Type.Object({ from: Type.String(), to: Type.String(), rows: Type.Array(Type.Object({ org: Type.String(), name: Type.String(), received: Type.Integer(), closed: Type.Integer(), in_progress: Type.Integer(), overdue: Type.Integer() })) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const { org, from, to } = request.query;
    if (!isLocalDate(from) || !isLocalDate(to) || to < from) throw badRequest('invalid_period', s.errors.periodInvalid);
    const rows = await service.statistics(deps, request.actor!, org, from, to);
    return { from, to, rows: rows.map((r) => ({ org: r.orgCode, name: r.orgName, received: r.received, closed: r.closed, in_progress: r.inProgress, overdue: r.overdue })) };
  });

  // Letters as issued (the same document the case page offers), with an API token.
  app.get('/api/v1/staff/applications/:reference/letters/:kind', {
    preHandler: requireRoles('admin', 'case_handler', 'supervisor', 'reviewer'),
    schema: {
      tags: ['applications'], summary: '下载依申请公开文书（DOCX）', security: [{ bearer: [] }],
      description: `文书为签发时的内容：成文日期为对应办理事件的日期，答复期限为当时有效的期限，发文字号（机关代字〔年份〕序号号）在签发时分配；重复下载内容完全相同。身份证号码和电话只对本案承办人显示完整。kind：${LETTER_KINDS.map((k) => `${k.code}（${k.label}）`).join('、')}。尚未到达相应办理环节时返回 404 letter_not_available。`,
      params: Type.Object({ reference: Type.String(), kind: EnumString(LETTER_KIND_ENUM, '文书') }),
      response: {
        200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }),
        401: ErrorBody, 403: ErrorBody, 404: ErrorBody,
      },
    },
  }, async (request, reply) => {
    const kind = parseEnum(LETTER_KIND_ENUM, request.params.kind); // the code or the letter's Chinese name
    if (!kind) throw new HttpError(404, 'unknown_letter_kind', `${s.errors.letterKindUnknown}：${enumMessage('kind', LETTER_KIND_ENUM, request.params.kind)}`);
    const file = await service.staffLetter(deps, request.actor!, request.params.reference, kind);
    if (!file) throw new HttpError(404, 'letter_not_available', s.errors.letterNotAvailable);
    return sendDownload(reply, file.body, file.filename, FILE_TYPES.docx);
  });

  // 发文字号 prefix of an organisation (supervisor of the organisation; audited).
  const Prefix = Type.Object({ org: Type.String(), prefix: Type.String(), configured: Type.Boolean({ description: 'false：未设置，使用由单位名称生成的默认代字' }), example: Type.String() });
  const prefixOut = (v: Awaited<ReturnType<typeof service.letterPrefixView>>) => ({ org: v.org.code, prefix: v.prefix, configured: v.configured, example: v.example });
  app.get('/api/v1/staff/applications/letter-prefixes/:org', {
    preHandler: requireRoles('supervisor'),
    schema: { tags: ['applications'], summary: '查看单位的发文字号机关代字', security: [{ bearer: [] }], params: Type.Object({ org: Type.String() }), response: { 200: Prefix, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => prefixOut(await service.letterPrefixView(deps, request.actor!, request.params.org)));
  app.put('/api/v1/staff/applications/letter-prefixes/:org', {
    preHandler: requireRoles('supervisor'),
    schema: {
      tags: ['applications'], summary: '设置单位的发文字号机关代字', security: [{ bearer: [] }],
      description: '发文字号为“机关代字〔年份〕序号号”（GB/T 9704—2012 第7.2.4条），例如 磁政依公〔2026〕15号；序号按单位、按年份在文书签发时分配。prefix 为空字符串时恢复默认代字。已签发的文书不变。代字已由另一单位使用（设置的或默认的）时为 409 prefix_taken。',
      params: Type.Object({ org: Type.String() }), body: Type.Object({ prefix: Type.String({ maxLength: 40 }) }),
      response: { 200: Prefix, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
    },
  }, async (request) => {
    const view = await service.letterPrefixView(deps, request.actor!, request.params.org); // 404 / 403 first
    const r = await service.saveLetterPrefix(deps, request.actor!, view.org.code, request.body.prefix);
    // a prefix another organisation holds is a refusal (409 with the reason), not bad input
    if (!r.ok && r.taken) throw conflict('prefix_taken', Object.values(r.errors).join('；'), Object.values(r.errors));
    if (!r.ok) throw badRequest('invalid_prefix', Object.values(r.errors).join('；'));
    return prefixOut(await service.letterPrefixView(deps, request.actor!, view.org.code));
  });

  app.get('/api/v1/staff/applications/:reference', {
    preHandler: requireRoles('admin', 'case_handler', 'supervisor', 'reviewer'),
    schema: { tags: ['applications'], summary: '申请详情与事件记录', security: [{ bearer: [] }], params: Type.Object({ reference: Type.String() }), response: { 200: StaffCase, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const v = await service.getStaffCase(deps, request.actor!, request.params.reference);
    const r = v.row;
    return {
      reference: r.reference, org: r.org_code, assigned_org: r.assigned_org_code, channel: r.channel, submitted_on: r.submitted_on, received_on: r.received_on,
      stage: r.stage, stage_label: labelOf(STAGES, r.stage as Stage), due_on: r.due_on, due_provisional: !!Number(r.due_provisional), due_explanation: r.due_explanation,
      outcome: r.outcome && findOutcome(r.outcome) ? r.outcome : null,
      applicant: { type: v.applicant.type, subtype: v.applicant.subtype, name: v.applicant.name, id_number: v.applicant.idNumber, phone: v.applicant.phone, email: v.applicant.email, address: v.applicant.address },
      description: r.description, delivery: r.delivery, warnings: v.warnings,
      events: v.events.map((e) => ({ seq: e.seq, type: e.type, on: e.on, data: e.data, actor: e.actorLabel, at: e.at })),
    };
  });
}
