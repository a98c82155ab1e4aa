// Shell: the 季度通报 over HTTP — staff pages (list and generate, edit with preview, regenerate,
// publish through the disclosure workflow, DOCX download) and the DOCX on the staff API. Scope: the
// bulletins of the offices the caller supervises (officesOf); any other is 404.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { badRequest, conflict, forbidden } from '../../platform/web/http-error.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { requireRoles, type Actor } from '../identity/index.ts';
import type { EditInput } from './bulletin.ts';
import type { FigureDeps } from './figures.ts';
import { bs } from './bulletin.strings.ts';
import * as svc from './bulletin.service.ts';
import { BulletinListPage, BulletinPage } from './views/bulletin-pages.tsx';

const BASE = '/staff/supervision/bulletins';
const API = '/api/v1/staff/supervision/bulletins';
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Summary = Type.Object({
  id: Type.String(), office: Type.String(), year: Type.Integer(), quarter: Type.Integer(), title: Type.String(),
  state: Type.String({ description: 'draft 草稿 | submitted 已提交保密审查 | published 已发布' }), disclosure_ref: Type.Union([Type.String(), Type.Null()]),
});
const NumberOrText = (d: string) => Type.Union([Type.Integer(), Type.String({ maxLength: 20 })], { description: d });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface BulletinRouteDeps extends Omit<svc.BulletinDeps, 'figures'> {
  /** How 按时办结率 counts (ON_TIME_BASIS, ON_TIME_EXTENSIONS_MOVE_DEADLINE), for the figures. */
  onTime: FigureDeps['onTime'];
}

const listOf = (body: unknown, name: string): string[] => {
  const raw = (body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string').slice(0, 200);
};

function editFromForm(body: unknown): EditInput {
  return {
    title: field(body, 'title'), docPrefix: field(body, 'doc_prefix'), docSerial: field(body, 'doc_serial'), recipient: field(body, 'recipient'), dated: field(body, 'dated'),
    preamble: field(body, 'preamble'), overview: field(body, 'overview'), problems: field(body, 'problems'), nextSteps: field(body, 'next_steps'),
    good: listOf(body, 'good'), bad: listOf(body, 'bad'), goodText: field(body, 'good_text'), badText: field(body, 'bad_text'),
  };
}

/** The form's values of a stored bulletin. */
function valuesOf(b: svc.Bulletin): Record<string, string | string[]> {
  const c = b.content;
  const keys = (xs: typeof c.good) => xs.filter((x) => x.source !== 'text').map((x) => `${x.source}:${x.ref}`);
  const text = (xs: typeof c.good) => xs.filter((x) => x.source === 'text').map((x) => x.title).join('\n');
  return {
    title: b.title, doc_prefix: c.docPrefix, doc_serial: String(c.docSerial), recipient: c.recipient, dated: c.dated,
    preamble: c.texts.preamble, overview: c.texts.overview, problems: c.texts.problems, next_steps: c.texts.nextSteps,
    good: keys(c.good), bad: keys(c.bad), good_text: text(c.good), bad_text: text(c.bad),
  };
}

function valuesFromEdit(e: EditInput): Record<string, string | string[]> {
  return {
    title: e.title, doc_prefix: e.docPrefix, doc_serial: e.docSerial, recipient: e.recipient, dated: e.dated, preamble: e.preamble, overview: e.overview,
    problems: e.problems, next_steps: e.nextSteps, good: e.good, bad: e.bad, good_text: e.goodText, bad_text: e.badText,
  };
}

const doneOf = (v: unknown) => (typeof v === 'string' && (Object.values(bs.done) as string[]).includes(v) ? v : undefined);

export async function supervisionBulletinRoutes(app: App, routeDeps: BulletinRouteDeps): Promise<void> {
  const deps: svc.BulletinDeps = { db: routeDeps.db, clock: routeDeps.clock, indexFormat: routeDeps.indexFormat, countStartDay: routeDeps.countStartDay, figures: svc.supervisionFigures(routeDeps.onTime, routeDeps.clock) };
  const guard = { preHandler: requireRoles(...svc.BULLETIN_ROLES) };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  const idOf = (request: FastifyRequest) => String((request.params as { publicId?: string }).publicId ?? '');
  app.staffLinks.push({ href: BASE, label: bs.link.label, description: bs.link.description, roles: [...svc.BULLETIN_ROLES] });

  async function listPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors, status = 200) {
    const actor = request.actor as Actor;
    const [rows, offices] = await Promise.all([svc.listForStaff(deps, actor), svc.officesOf(deps.db, actor)]);
    const done = status === 200 ? doneOf((request.query as { done?: string }).done) : undefined;
    return sendPage(reply, <BulletinListPage ctx={pageContext(request)} rows={rows} offices={offices} values={values} errors={errors} done={done} />, status);
  }

  async function bulletinPage(request: FastifyRequest, reply: FastifyReply, publicId: string, values?: Record<string, string | string[]>, errors: FieldErrors = {}, status = 200) {
    const b = await svc.loadForStaff(deps, request.actor as Actor, publicId);
    const candidates = await svc.candidatesOf(deps, b);
    const done = status === 200 ? doneOf((request.query as { done?: string }).done) : undefined;
    return sendPage(reply, <BulletinPage ctx={pageContext(request)} b={b} candidates={candidates} values={values ?? valuesOf(b)} errors={errors} done={done} />, status);
  }

  const back = (reply: FastifyReply, publicId: string, done: string) => reply.redirect(`${BASE}/${encodeURIComponent(publicId)}?done=${encodeURIComponent(done)}`, 303);

  app.get(BASE, guard, async (request, reply) => {
    const today = deps.clock.today();
    const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
    const offices = await svc.officesOf(deps.db, request.actor as Actor);
    return listPage(request, reply, { office: offices[0]?.code ?? '', year: today.slice(0, 4), quarter: String(quarter) }, {});
  });

  app.post(BASE, guard, async (request, reply) => {
    const values = { office: field(request.body, 'office'), year: field(request.body, 'year'), quarter: field(request.body, 'quarter') };
    const r = await svc.create(deps, who(request), values);
    if (!r.ok) return listPage(request, reply, values, r.errors, 400);
    return back(reply, r.publicId, bs.done.created);
  });

  app.get(`${BASE}/:publicId`, guard, async (request, reply) => bulletinPage(request, reply, idOf(request)));

  app.post(`${BASE}/:publicId`, guard, async (request, reply) => {
    const input = editFromForm(request.body);
    const r = await svc.saveEdit(deps, who(request), idOf(request), input);
    if (!r.ok) return bulletinPage(request, reply, idOf(request), valuesFromEdit(input), r.errors, 400);
    return back(reply, idOf(request), bs.done.saved);
  });

  app.post(`${BASE}/:publicId/regenerate`, guard, async (request, reply) => {
    await svc.regenerate(deps, who(request), idOf(request));
    return back(reply, idOf(request), bs.done.regenerated);
  });

  app.post(`${BASE}/:publicId/publish`, guard, async (request, reply) => {
    await svc.publish(deps, who(request), idOf(request));
    return back(reply, idOf(request), bs.done.published);
  });

  app.get(`${BASE}/:publicId/docx`, guard, async (request, reply) => {
    const { bytes, fileName } = await svc.docxOf(await svc.loadForStaff(deps, request.actor as Actor, idOf(request)));
    return sendDownload(reply, bytes, fileName, DOCX);
  });

  // The staff API: list, generate, and the bulletin as issued (DOCX).
  app.get(API, {
    ...guard,
    schema: { tags: ['supervision'], summary: '季度通报列表', security: [{ bearer: [] }], description: '调用者所负责的政务公开办的季度通报。', response: { 200: Type.Object({ items: Type.Array(Summary) }), 401: ErrorBody, 403: ErrorBody } },
  }, async (request) => ({
    items: (await svc.listForStaff(deps, request.actor as Actor)).map((r) => ({ id: r.public_id, office: r.office_org_code, year: r.year, quarter: r.quarter, title: r.title, state: r.state, disclosure_ref: r.disclosure_ref })),
  }));

  app.post(API, {
    ...guard,
    schema: {
      tags: ['supervision'], summary: '生成季度通报', security: [{ bearer: [] }],
      description: '按季度生成政务公开办的通报（统计数据在生成时冻结）。每个政务公开办每季度一份，重复生成答复 409 bulletin_exists；年度、季度不合规答复 400 invalid_bulletin。',
      body: Type.Object({ office: Type.String({ maxLength: 40, description: '政务公开办代码，如 130427-gkb' }), year: NumberOrText('年度，如 2026'), quarter: NumberOrText('季度 1–4') }),
      response: { 201: Summary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ConflictBody },
    },
  }, async (request, reply) => {
    const b = request.body as { office: string; year: number | string; quarter: number | string };
    const r = await svc.create(deps, who(request), { office: b.office, year: String(b.year), quarter: String(b.quarter) });
    if (!r.ok) {
      if (r.duplicate) throw conflict('bulletin_exists', r.errors.quarter!, [r.errors.quarter!]);
      if (r.errors.office === bs.errors.officeOutOfScope) throw forbidden(bs.errors.officeOutOfScope);
      throw badRequest('invalid_bulletin', Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('；'));
    }
    const made = await svc.loadForStaff(deps, request.actor as Actor, r.publicId);
    return reply.code(201).send({ id: made.public_id, office: made.office_org_code, year: made.year, quarter: made.quarter, title: made.title, state: made.state, disclosure_ref: made.disclosure_ref });
  });

  app.get('/api/v1/staff/supervision/bulletins/:publicId.docx', {
    ...guard,
    schema: {
      tags: ['supervision'], summary: '季度通报（公文格式 DOCX）', security: [{ bearer: [] }],
      params: { type: 'object', properties: { publicId: { type: 'string', maxLength: 80 } }, required: ['publicId'] },
    },
  }, async (request, reply) => {
    const { bytes, fileName } = await svc.docxOf(await svc.loadForStaff(deps, request.actor as Actor, idOf(request)));
    return sendDownload(reply, bytes, fileName, DOCX);
  });
}
