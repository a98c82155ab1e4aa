// Shell: 年考评 routes — the staff pages (the year: scheme editor, scores and ranks, lock; one
// organisation: how each score was reached, manual score forms), the .xlsx export, and the staff
// API (the year as JSON or .xlsx, the scheme, a score, the lock). Scope: the 政务公开办 in the
// caller's office scopes (identityService.officeScopes) and the organisations it assesses.
import { Type, type Static } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError, notFound } from '../../platform/web/http-error.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { requireEnum } from '../../platform/web/enums.ts';
import type { Performer } from '../../platform/audit/performer.ts';
import { requireRoles } from '../identity/index.ts';
import {
  DEFAULT_SCHEME, FIGURE_SOURCES, MAPPING_KINDS, MAX_GROUPS, MAX_INDICATORS, METHODS, checkManualScore, parseSteps, stepsText, validateScheme, weightOf,
  type OrgResult, type Scheme, type SchemeError,
} from './assessment.ts';
import * as svc from './assessment.service.ts';
import { assessmentXlsx } from './assessment-xlsx.ts';
import { assessmentStrings as s } from './assessment.strings.ts';
import { AssessmentPage, BASE, OrgAssessmentPage, type SchemeForm } from './views/assessment-pages.tsx';

const API = '/api/v1/staff/supervision/assessment';
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Optional(Type.Array(Type.String())) });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const BLANK_GROUPS = 2;
const BLANK_INDICATORS = 3;

const StepSchema = Type.Object({ at: Type.Number({ description: '比率门槛（百分数 0—100）' }), percent: Type.Number({ description: '得分占分值的百分比（0—100）' }) });
const MappingSchema = Type.Object({ kind: EnumString(MAPPING_KINDS, '计分规则：linear 得分 = 分值 × 比率；steps 分档'), steps: Type.Optional(Type.Array(StepSchema, { maxItems: 10 })) });
const SchemeBody = Type.Object({
  total: Type.Number({ description: '方案总分（百分制为 100）' }),
  groups: Type.Array(Type.Object({ code: Type.String({ maxLength: 20 }), name: Type.String({ maxLength: 100 }), max: Type.Number({ description: '该组分值；各组之和应等于总分' }) }), { maxItems: MAX_GROUPS }),
  indicators: Type.Array(Type.Object({
    code: Type.String({ maxLength: 20 }), name: Type.String({ maxLength: 100 }), group: Type.String({ maxLength: 20, description: '所属指标组的代码' }),
    max: Type.Number({ description: '分值；同组指标之和应等于该组分值' }),
    method: EnumString(METHODS, '计分方式'),
    source: Type.Optional(EnumString(FIGURE_SOURCES, '自动计分的数据来源')),
    mapping: Type.Optional(MappingSchema),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  }), { maxItems: MAX_INDICATORS }),
});
const SchemeOut = Type.Object({
  total: Type.Number(),
  groups: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), max: Type.Number(), weight: Type.Number() })),
  indicators: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), group: Type.String(), max: Type.Number(), weight: Type.Number({ description: '占总分的百分比' }),
    method: Type.String(), source: Type.Union([Type.String(), Type.Null()]),
    mapping: Type.Union([Type.Object({ kind: Type.String(), steps: Type.Array(StepSchema) }), Type.Null()]), description: Type.String(),
  })),
});
const YearOut = Type.Object({
  office: Type.Object({ code: Type.String(), name: Type.String() }), year: Type.Integer(),
  locked: Type.Boolean(), locked_at: Type.Union([Type.String(), Type.Null()]), locked_by: Type.Union([Type.String(), Type.Null()]),
  scheme_source: Type.String({ description: 'saved 本年度已保存；previous 沿用上一年度；default 默认指标体系' }),
  scheme: SchemeOut,
  organisations: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), level: Type.Object({ code: Type.String(), label: Type.String() }), total: Type.Number(), rank: Type.Integer(),
    groups: Type.Array(Type.Object({ code: Type.String(), points: Type.Number() })),
    indicators: Type.Array(Type.Object({
      code: Type.String(), points: Type.Number(), max: Type.Number(), method: Type.String(), missing: Type.Boolean(),
      figure: Type.Union([Type.Object({ source: Type.String(), numerator: Type.Integer(), denominator: Type.Integer(), rate: Type.Union([Type.Number(), Type.Null()]) }), Type.Null()]),
      how: Type.String(), note: Type.Union([Type.String(), Type.Null()]), scored_by: Type.Union([Type.String(), Type.Null()]), scored_at: Type.Union([Type.String(), Type.Null()]),
    })),
  })),
});
const ScoreBody = Type.Object({ org: Type.String({ maxLength: 40, description: '被考评单位的代码' }), indicator: Type.String({ maxLength: 20 }), points: Type.Number(), note: Type.Optional(Type.String({ maxLength: 500 })) });
const LockOut = Type.Object({ year: Type.Integer(), locked_at: Type.String(), locked_by: Type.String(), changed: Type.Boolean() });

function q(request: FastifyRequest, name: string): string {
  const v = (request.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

const officeParam = (request: FastifyRequest): string => q(request, 'office');

function who(request: FastifyRequest): Performer {
  return { actor: request.actor!, requestId: request.id };
}

function yearOf(v: string): number {
  const y = svc.parseYear(v);
  if (y === null) throw notFound(s.errors.yearInvalid);
  return y;
}

function schemeJson(scheme: Scheme) {
  return {
    total: scheme.total,
    groups: scheme.groups.map((g) => ({ ...g, weight: weightOf(g.max, scheme.total) })),
    indicators: scheme.indicators.map((x) => ({
      code: x.code, name: x.name, group: x.group, max: x.max, weight: weightOf(x.max, scheme.total), method: x.method, source: x.source ?? null,
      mapping: x.method === 'auto' ? { kind: x.mapping?.kind ?? 'linear', steps: x.mapping?.kind === 'steps' ? x.mapping.steps : [] } : null, description: x.description,
    })),
  };
}

function orgJson(r: OrgResult) {
  return {
    code: r.code, name: r.name, level: { code: r.level, label: s.level[r.level] }, total: r.total, rank: r.rank,
    groups: r.groups.map((g) => ({ code: g.group.code, points: g.points })),
    indicators: r.lines.map((l) => ({
      code: l.indicator.code, points: l.points, max: l.indicator.max, method: l.indicator.method, missing: l.missing,
      figure: l.auto?.figure && l.indicator.source ? { source: l.indicator.source, numerator: l.auto.figure.numerator, denominator: l.auto.figure.denominator, rate: l.auto.rate } : null,
      how: l.auto ? l.auto.how : l.manual ? l.manual.note : s.page.notScored,
      note: l.manual?.note ?? null, scored_by: l.manual?.by ?? null, scored_at: l.manual?.at ?? null,
    })),
  };
}

export function schemeToForm(scheme: Scheme): SchemeForm {
  return {
    total: String(scheme.total),
    groups: [...scheme.groups.map((g) => ({ code: g.code, name: g.name, max: String(g.max) })), ...Array.from({ length: BLANK_GROUPS }, () => ({ code: '', name: '', max: '' }))],
    indicators: [...scheme.indicators.map((x) => ({
      code: x.code, name: x.name, group: x.group, max: String(x.max), method: x.method, source: x.source ?? '', mapping: x.mapping?.kind ?? 'linear',
      steps: x.mapping?.kind === 'steps' ? stepsText(x.mapping.steps) : '', description: x.description,
    })), ...Array.from({ length: BLANK_INDICATORS }, () => ({ code: '', name: '', group: '', max: '', method: 'manual', source: '', mapping: 'linear', steps: '', description: '' }))],
  };
}

/** The editor's rows as typed; blank rows dropped (so the error fields point at the rows shown). */
function readSchemeForm(body: unknown): SchemeForm {
  const count = (name: string, max: number) => Math.min(Math.max(Number.parseInt(field(body, name), 10) || 0, 0), max);
  const groups = Array.from({ length: count('group_count', MAX_GROUPS + BLANK_GROUPS) }, (_, i) => ({ code: field(body, `g_${i + 1}_code`), name: field(body, `g_${i + 1}_name`), max: field(body, `g_${i + 1}_max`) }))
    .filter((g) => g.code.trim() || g.name.trim() || g.max.trim());
  const indicators = Array.from({ length: count('indicator_count', MAX_INDICATORS + BLANK_INDICATORS) }, (_, i) => {
    const f = (k: string) => field(body, `i_${i + 1}_${k}`);
    return { code: f('code'), name: f('name'), group: f('group'), max: f('max'), method: f('method'), source: f('source'), mapping: f('mapping') || 'linear', steps: f('steps'), description: f('description') };
  }).filter((x) => x.code.trim() || x.name.trim() || x.max.trim());
  return { total: field(body, 'total'), groups, indicators };
}

function formToInput(form: SchemeForm): unknown {
  return {
    total: form.total, groups: form.groups,
    indicators: form.indicators.map((x) => ({
      code: x.code, name: x.name, group: x.group, max: x.max, method: x.method, description: x.description,
      ...(x.method === 'auto' ? { source: x.source, mapping: x.mapping === 'steps' ? { kind: 'steps', steps: parseSteps(x.steps) ?? [] } : { kind: 'linear' } } : {}),
    })),
  };
}

function withBlanks(form: SchemeForm): SchemeForm {
  return {
    ...form,
    groups: [...form.groups, ...Array.from({ length: BLANK_GROUPS }, () => ({ code: '', name: '', max: '' }))],
    indicators: [...form.indicators, ...Array.from({ length: BLANK_INDICATORS }, () => ({ code: '', name: '', group: '', max: '', method: 'manual', source: '', mapping: 'linear', steps: '', description: '' }))],
  };
}

function errorsOf(list: readonly SchemeError[]): FieldErrors {
  const out: FieldErrors = {};
  list.forEach((e, i) => { const k = e.field && !out[e.field] ? e.field : `scheme-${i}`; out[k] = e.message; });
  return out;
}

/** A refusal of the API: the weights' code when any sum is wrong, every message as a reason. */
function schemeRefusal(list: readonly SchemeError[]): HttpError {
  const code = list.some((e) => e.code === 'assessment_weights_mismatch') ? 'assessment_weights_mismatch' : 'assessment_scheme_invalid';
  const reasons = list.map((e) => e.message);
  return new HttpError(400, code, reasons.join('；'), reasons);
}

const DONE: Record<string, string> = { scheme: s.page.saved, score: s.page.scoreSaved, lock: s.page.lockedDone };

export async function supervisionAssessmentRoutes(app: App, deps: svc.AssessmentDeps): Promise<void> {
  const { db } = deps;
  const guard = { preHandler: requireRoles(...svc.ASSESS_ROLES) };

  const years = (year: number) => {
    const now = Number(deps.clock.today().slice(0, 4));
    return [...new Set([now + 1, now, now - 1, now - 2, now - 3, year])].sort((a, b) => b - a);
  };

  async function yearPage(request: FastifyRequest, reply: FastifyReply, year: number, officeCode: string, opts: { form?: SchemeForm; errors?: FieldErrors; message?: string | null; status?: number } = {}) {
    const { office, offices } = await svc.officeFor(db, request.actor!, officeCode);
    const { scheme, results } = await svc.yearResults(deps, office, year);
    return sendPage(reply, <AssessmentPage ctx={pageContext(request)} year={year} office={office} offices={offices} scheme={scheme} results={results}
      form={opts.form ?? schemeToForm(scheme.scheme)} errors={opts.errors ?? {}} message={opts.message ?? null} years={years(year)} />, opts.status ?? 200);
  }

  const back = (year: number, officeCode: string, done: string, extra = '') =>
    `${BASE}${extra}?year=${year}${officeCode ? `&office=${encodeURIComponent(officeCode)}` : ''}&done=${done}`;

  // ---- staff pages ------------------------------------------------------------------------------
  app.staffLinks.push({ href: BASE, label: s.title, description: s.linkDescription, roles: [...svc.ASSESS_ROLES] });

  app.get(BASE, guard, async (request, reply) => {
    const raw = q(request, 'year');
    const year = raw ? yearOf(raw) : Number(deps.clock.today().slice(0, 4));
    return yearPage(request, reply, year, q(request, 'office'), { message: DONE[q(request, 'done')] ?? null });
  });

  app.post(`${BASE}/:year/scheme`, guard, async (request, reply) => {
    const year = yearOf((request.params as { year: string }).year);
    const officeCode = field(request.body, 'office');
    const { office } = await svc.officeFor(db, request.actor!, officeCode);
    const intent = field(request.body, 'intent');
    if (intent === 'copy_default' || intent === 'copy_previous') {
      const prev = intent === 'copy_previous' ? await svc.previousScheme(db, office, year) : null;
      return yearPage(request, reply, year, officeCode, { form: schemeToForm(prev ?? DEFAULT_SCHEME), message: s.page.schemeSource[prev ? 'previous' : 'default'] });
    }
    const form = readSchemeForm(request.body);
    const checked = validateScheme(formToInput(form));
    if (!checked.ok) return yearPage(request, reply, year, officeCode, { form: withBlanks(form), errors: errorsOf(checked.errors), status: 400 });
    try {
      await svc.saveScheme(deps, who(request), office, year, checked.scheme);
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 409) throw e;
      return yearPage(request, reply, year, officeCode, { form: withBlanks(form), errors: { scheme: e.message }, status: 409 });
    }
    return reply.redirect(back(year, officeCode, 'scheme'), 303);
  });

  app.post(`${BASE}/:year/lock`, guard, async (request, reply) => {
    const year = yearOf((request.params as { year: string }).year);
    const officeCode = field(request.body, 'office');
    const { office } = await svc.officeFor(db, request.actor!, officeCode);
    if (field(request.body, 'confirm') !== '1') return yearPage(request, reply, year, officeCode, { errors: { confirm: s.errors.lockConfirm }, status: 400 });
    await svc.lockYear(deps, who(request), office, year);
    return reply.redirect(back(year, officeCode, 'lock'), 303);
  });

  app.get(`${BASE}/:year/scores.xlsx`, guard, async (request, reply) => {
    const year = yearOf((request.params as { year: string }).year);
    const { office } = await svc.officeFor(db, request.actor!, q(request, 'office'));
    const { scheme, results } = await svc.yearResults(deps, office, year);
    return sendDownload(reply, await assessmentXlsx(office.name, year, scheme.scheme, results), `${office.name}${year}年度考评得分.xlsx`, FILE_TYPES.xlsx);
  });

  async function orgPage(request: FastifyRequest, reply: FastifyReply, officeCode: string, opts: { values?: Record<string, { points: string; note: string }>; errors?: FieldErrors; message?: string | null; status?: number } = {}) {
    const { year: y, orgCode } = request.params as { year: string; orgCode: string };
    const year = yearOf(y);
    const { office, offices } = await svc.officeFor(db, request.actor!, officeCode);
    await svc.assessedOrg(db, office, orgCode); // 404 outside the office's organisations
    const { scheme, results } = await svc.yearResults(deps, office, year);
    const org = results.find((r) => r.code === orgCode);
    if (!org) throw notFound(s.errors.orgNotAssessed);
    return sendPage(reply, <OrgAssessmentPage ctx={pageContext(request)} year={year} office={office} multiOffice={offices.length > 1} org={org} scheme={scheme}
      values={opts.values ?? {}} errors={opts.errors ?? {}} message={opts.message ?? null} />, opts.status ?? 200);
  }

  app.get(`${BASE}/:year/:orgCode`, guard, async (request, reply) => orgPage(request, reply, q(request, 'office'), { message: DONE[q(request, 'done')] ?? null }));

  app.post(`${BASE}/:year/:orgCode/scores`, guard, async (request, reply) => {
    const { year: y, orgCode } = request.params as { year: string; orgCode: string };
    const year = yearOf(y);
    const officeCode = field(request.body, 'office');
    const { office } = await svc.officeFor(db, request.actor!, officeCode);
    const org = await svc.assessedOrg(db, office, orgCode);
    const code = field(request.body, 'indicator');
    const points = field(request.body, 'points');
    const note = field(request.body, 'note');
    const values = { [code]: { points, note } };
    const { scheme } = await svc.yearResults(deps, office, year);
    const checked = checkManualScore(scheme.scheme.indicators.find((x) => x.code === code), code, points, note);
    if (!checked.ok) return orgPage(request, reply, officeCode, { values, errors: { [`${checked.field}_${code}`]: checked.message }, status: 400 });
    try {
      await svc.saveScore(deps, who(request), office, year, org.code, code, checked.points, checked.note);
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 409) throw e;
      return orgPage(request, reply, officeCode, { values, errors: { [`points_${code}`]: e.message }, status: 409 });
    }
    return reply.redirect(`${BASE}/${year}/${org.code}?${officeCode ? `office=${encodeURIComponent(officeCode)}&` : ''}done=score`, 303);
  });

  // ---- staff API ----------------------------------------------------------------------------------
  const api = (summary: string, extra: Record<string, unknown>) => ({ preHandler: requireRoles(...svc.ASSESS_ROLES), schema: { tags: ['supervision'], summary, security: [{ bearer: [] }], ...extra } });
  const OfficeQuery = Type.Object({ office: Type.Optional(Type.String({ maxLength: 40, description: '政务公开办的单位代码（可监督多个时选择；缺省为第一个）' })) });

  app.get(`${API}/:year`, api('年度考评：指标体系、各单位得分明细与分类排名（路径写成 2026.xlsx 时导出 Excel）', {
    params: Type.Object({ year: Type.String({ description: '年度，如 2026；2026.xlsx 为 Excel 文件' }) }), querystring: OfficeQuery,
    response: { 200: YearOut, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
  }), async (request, reply) => {
    const raw = (request.params as { year: string }).year;
    const xlsx = raw.endsWith('.xlsx');
    const year = yearOf(xlsx ? raw.slice(0, -5) : raw);
    const { office } = await svc.officeFor(db, request.actor!, officeParam(request));
    const { scheme, results } = await svc.yearResults(deps, office, year);
    if (xlsx) return sendDownload(reply, await assessmentXlsx(office.name, year, scheme.scheme, results), `${office.name}${year}年度考评得分.xlsx`, FILE_TYPES.xlsx);
    return {
      office: { code: office.code, name: office.name }, year, locked: scheme.lockedAt !== null, locked_at: scheme.lockedAt, locked_by: scheme.lockedBy,
      scheme_source: scheme.source, scheme: schemeJson(scheme.scheme), organisations: results.map(orgJson),
    };
  });

  app.put(`${API}/:year/scheme`, api('保存年度指标体系（各组分值之和应等于总分、同组指标分值之和应等于该组分值，否则 400 assessment_weights_mismatch 并指明指标组；已锁定 409）', {
    params: Type.Object({ year: Type.String() }), querystring: OfficeQuery, body: SchemeBody,
    response: { 200: SchemeOut, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
  }), async (request) => {
    const year = yearOf((request.params as { year: string }).year);
    const { office } = await svc.officeFor(db, request.actor!, officeParam(request));
    const b = request.body as Static<typeof SchemeBody>;
    const input = {
      ...b,
      indicators: b.indicators.map((x) => ({
        ...x, method: requireEnum(METHODS, x.method, 'method'),
        ...(x.source !== undefined ? { source: requireEnum(FIGURE_SOURCES, x.source, 'source') } : {}),
        ...(x.mapping ? { mapping: { ...x.mapping, kind: requireEnum(MAPPING_KINDS, x.mapping.kind, 'mapping.kind') } } : {}),
      })),
    };
    const checked = validateScheme(input);
    if (!checked.ok) throw schemeRefusal(checked.errors);
    await svc.saveScheme(deps, who(request), office, year, checked.scheme);
    return schemeJson(checked.scheme);
  });

  app.post(`${API}/:year/scores`, api('人工评分：一个单位一个指标的得分（0 至分值）与说明；已锁定 409', {
    params: Type.Object({ year: Type.String() }), querystring: OfficeQuery, body: ScoreBody,
    response: { 200: Type.Object({ org: Type.String(), indicator: Type.String(), points: Type.Number(), note: Type.String(), total: Type.Number(), rank: Type.Integer() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
  }), async (request) => {
    const year = yearOf((request.params as { year: string }).year);
    const { office } = await svc.officeFor(db, request.actor!, officeParam(request));
    const b = request.body as Static<typeof ScoreBody>;
    const org = await svc.assessedOrg(db, office, b.org);
    const { scheme } = await svc.yearResults(deps, office, year);
    const checked = checkManualScore(scheme.scheme.indicators.find((x) => x.code === b.indicator), b.indicator, b.points, b.note ?? '');
    if (!checked.ok) throw badRequest(checked.code, checked.message);
    await svc.saveScore(deps, who(request), office, year, org.code, b.indicator, checked.points, checked.note);
    const after = (await svc.yearResults(deps, office, year)).results.find((r) => r.code === org.code)!;
    return { org: org.code, indicator: b.indicator, points: checked.points, note: checked.note, total: after.total, rank: after.rank };
  });

  app.post(`${API}/:year/lock`, api('锁定年度考评（之后不能再修改指标体系或评分；已锁定时不再改变）', {
    params: Type.Object({ year: Type.String() }), querystring: OfficeQuery,
    response: { 200: LockOut, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
  }), async (request) => {
    const year = yearOf((request.params as { year: string }).year);
    const { office } = await svc.officeFor(db, request.actor!, officeParam(request));
    const r = await svc.lockYear(deps, who(request), office, year);
    return { year, locked_at: r.lockedAt, locked_by: r.lockedBy, changed: r.changed };
  });
}
