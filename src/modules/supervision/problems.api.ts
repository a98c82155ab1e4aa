// Shell: the 问题清单 JSON API (OpenAPI): the list in scope, one problem with its events, the
// actions (409 {code, message, reasons} on a refusal) and the 整改台账 as XLSX.
import { Type } from 'typebox';
import { badRequest } from '../../platform/web/http-error.ts';
import { labelOf, optionalEnum, requireEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { FILE_TYPES, sendDownload, type App } from '../../platform/web/server.tsx';
import { requireRoles } from '../identity/index.ts';
import { EVENT_LABELS, PROBLEM_ACTIONS, PROBLEM_STATES, type ProblemStateCode } from './problem-workflow.ts';
import * as svc from './problems.service.ts';
import { ledgerXlsx } from './ledger-xlsx.ts';
import { ps } from './problems.strings.ts';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Nullable = (d?: string) => Type.Union([Type.String(), Type.Null()], d ? { description: d } : {});
const Listed = Type.Object({
  id: Type.String({ description: '问题编号（公开编号，如 WT-2026-11-00001）' }),
  rule: Type.Object({ code: Type.String(), title: Type.String() }, { description: '检查规则（或人工检查项）' }),
  title: Type.String(), org: Type.String({ description: '责任单位代码' }), org_name: Type.String(), office: Type.String({ description: '督查单位（政务公开办）代码' }),
  month: Type.String({ description: '检查月份 YYYY-MM' }), evidence_url: Nullable('问题的链接或截图地址'),
  found_on: Type.String(), due_on: Type.String({ description: '整改时限' }), state: Type.String(), state_label: Type.String(),
  overdue: Type.Boolean(), escalated_on: Nullable('逾期提请上级督办的日期'),
});
const Event = Type.Object({ seq: Type.Integer(), kind: Type.String(), kind_label: Type.String(), on: Type.String(), actor: Type.String(), at: Type.String(), data: Type.Record(Type.String(), Type.Unknown()) });
const Detail = Type.Object({
  ...Listed.properties, detail: Type.String(), severity: Type.String(), measures: Type.String(), rectified_on: Nullable(), verify_note: Type.String(), closed_on: Nullable(),
  files: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), media_type: Type.String(), size: Type.Integer() })),
  events: Type.Array(Event),
});
const ActionBody = Type.Object({
  action: EnumString(PROBLEM_ACTIONS, '操作：rectify 整改（责任单位）、verify 复核通过、reject 退回整改、dismiss 撤销（政务公开办）'),
  on: Type.String({ description: 'YYYY-MM-DD：整改完成、复核、退回或撤销的日期' }),
  measures: Type.Optional(Type.String({ description: 'rectify：整改措施（必填）' })),
  evidence: Type.Optional(Type.String({ description: 'rectify：完成情况说明' })),
  links: Type.Optional(Type.Array(Type.String(), { description: 'rectify：整改链接（http/https，最多 10 个）' })),
  note: Type.Optional(Type.String({ description: 'verify：复核意见' })),
  reason: Type.Optional(Type.String({ description: 'reject / dismiss：理由（必填）' })),
});
const ListQuery = Type.Object({
  org: Type.Optional(Type.String({ description: '单位代码（含下级单位）' })),
  state: Type.Optional(EnumString(PROBLEM_STATES, '状态')),
  month: Type.Optional(Type.String({ description: '检查月份 YYYY-MM' })),
  overdue: Type.Optional(Type.String({ description: '1：只看已逾期' })),
});

/** The list filter from a query (one value per key), refusing bad values with a Chinese message. */
export function filterOf(q: { org?: string | undefined; state?: string | undefined; month?: string | undefined; overdue?: string | undefined; todo?: string | undefined }): svc.ListFilter {
  const state = optionalEnum(PROBLEM_STATES, q.state || undefined, 'state', { code: 'invalid_state' });
  const month = (q.month ?? '').trim();
  if (month && !svc.isMonth(month)) throw badRequest('invalid_month', ps.errors.monthInvalid);
  return {
    org: q.org?.trim() || undefined, state, month: month || undefined, overdue: q.overdue === '1' || q.overdue === 'true',
    todo: q.todo === 'rectify' || q.todo === 'verify' || q.todo === 'supervise' ? q.todo : undefined,
  };
}

export function listedJson(r: svc.ListedProblem) {
  return {
    id: r.public_id, rule: { code: r.rule_code, title: r.rule_title ?? r.title }, title: r.title, org: r.org_code, org_name: r.org_name, office: r.office_org_code,
    month: r.month, evidence_url: r.evidence_url, found_on: r.found_on, due_on: r.due_on, state: r.state, state_label: labelOf(PROBLEM_STATES, r.state as ProblemStateCode),
    overdue: r.overdue, escalated_on: r.escalated_on,
  };
}

export async function problemApi(app: App, deps: svc.ProblemDeps): Promise<void> {
  const guard = { preHandler: requireRoles(...svc.READ_ROLES) };
  app.get('/api/v1/staff/supervision/problems', {
    ...guard,
    schema: { tags: ['supervision'], summary: '问题清单（本单位的问题，或所督查范围内的问题）', security: [{ bearer: [] }], querystring: ListQuery,
      response: { 200: Type.Object({ items: Type.Array(Listed), capped: Type.Boolean({ description: `超过 ${svc.LIST_LIMIT} 条时只返回前 ${svc.LIST_LIMIT} 条` }) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const r = await svc.listProblems(deps, request.actor!, filterOf(request.query));
    return { items: r.rows.map(listedJson), capped: r.capped };
  });

  app.get('/api/v1/staff/supervision/problems/:id', {
    ...guard,
    schema: { tags: ['supervision'], summary: '问题详情与办理记录', security: [{ bearer: [] }], params: Type.Object({ id: Type.String() }), response: { 200: Detail, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const d = await svc.problemDetail(deps, request.actor!, request.params.id);
    const r = d.row;
    return {
      ...listedJson({ ...r, overdue: d.overdue }), detail: r.detail, severity: r.severity, measures: r.measures, rectified_on: r.rectified_on, verify_note: r.verify_note, closed_on: r.closed_on,
      files: d.files.map((f) => ({ id: f.public_id, name: f.file_name, media_type: f.media_type, size: Number(f.size) })),
      events: d.events.map((e) => ({ seq: e.seq, kind: e.kind, kind_label: EVENT_LABELS[e.kind] ?? e.kind, on: e.on, actor: e.actor, at: e.at, data: e.payload })),
    };
  });

  app.post('/api/v1/staff/supervision/problems/:id/actions', {
    ...guard,
    schema: { tags: ['supervision'], summary: '整改、复核、退回或撤销（不能办理时返回 409 及理由）', security: [{ bearer: [] }],
      description: '拒绝的代码：problem_date_before_finding（整改日期早于发现日期）、problem_self_verify（复核本人或本单位的整改）、problem_finished（已销号或已撤销）、problem_date_in_future、problem_not_rectified、problem_awaiting_verification、problem_not_responsible、problem_not_office、problem_measures_required、problem_reason_required 等。',
      params: Type.Object({ id: Type.String() }), body: ActionBody,
      response: { 200: Type.Object({ id: Type.String(), state: Type.String(), state_label: Type.String() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody } },
  }, async (request) => {
    const b = request.body;
    const action = requireEnum(PROBLEM_ACTIONS, b.action, 'action', { code: 'invalid_action' });
    const r = await svc.act(deps, request.actor!, request.params.id, { action, on: b.on, measures: b.measures, evidence: b.evidence, links: b.links, note: b.note, reason: b.reason }, [], request.id);
    return { id: r.publicId, state: r.state, state_label: labelOf(PROBLEM_STATES, r.state) };
  });

  app.get('/api/v1/staff/supervision/ledger.xlsx', {
    ...guard,
    schema: { tags: ['supervision'], summary: '导出整改台账（XLSX：序号、问题、责任单位、整改措施、整改时限、完成情况、复核意见）', security: [{ bearer: [] }], querystring: ListQuery,
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: FILE_TYPES.xlsx }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request, reply) => {
    const f = filterOf(request.query);
    const r = await svc.ledgerRows(deps, request.actor!, f);
    const scope = r.scopeName ?? ps.ledger.allScope;
    const today = deps.clock.today();
    return sendDownload(reply, await ledgerXlsx(r.rows, r.scopeName ?? '', f.month ?? null, today), ps.ledger.fileName(scope, today), FILE_TYPES.xlsx);
  });
}
