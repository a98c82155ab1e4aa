// Shell: the 问题清单 pages — the list with its filters and the 整改台账 export, one problem with
// its forms (rectification with evidence files, multipart; verify, reject, dismiss), the evidence
// downloads — the staff home page's work blocks and link, and the API.
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { FILE_TYPES, isMalformedMultipart, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { requireRoles, type Actor } from '../identity/index.ts';
import { PROBLEM_ACTIONS, PROBLEM_STATES, type Command, type ProblemAction } from './problem-workflow.ts';
import * as svc from './problems.service.ts';
import { filterOf, problemApi } from './problems.api.ts';
import { ledgerXlsx } from './ledger-xlsx.ts';
import { ps } from './problems.strings.ts';
import { ProblemListPage, ProblemPage } from './views/problems.tsx';

const BASE = '/staff/supervision/problems';
/** The form fields of each action (prefixed where two forms share a name). */
const FIELDS: Record<ProblemAction, string[]> = {
  rectify: ['measures', 'rectify_on', 'evidence', 'links'],
  verify: ['verify_on', 'note'],
  reject: ['reject_on', 'reject_reason'],
  dismiss: ['dismiss_on', 'dismiss_reason'],
};

/** Which field a refusal belongs to on the form of `action` (the rest go to the form's heading). */
function fieldOfRefusal(action: ProblemAction, code: string): string {
  if (code.startsWith('problem_date')) return `${action}_on`;
  if (code === 'problem_measures_required') return 'measures';
  if (code === 'problem_link_invalid' || code === 'problem_links_too_many') return 'links';
  if (code === 'problem_reason_required') return action === 'dismiss' ? 'dismiss_reason' : 'reject_reason';
  if (code === 'problem_text_too_long') return action === 'rectify' ? 'measures' : action === 'verify' ? 'note' : `${action}_reason`;
  return `${action === 'reject' ? 'reject' : action}-title`;
}

type Upload = { fileName: string; buffer: Buffer };

export async function problemRoutes(app: App, deps: svc.ProblemDeps): Promise<void> {
  const guard = { preHandler: requireRoles(...svc.READ_ROLES) };
  const actorOf = (request: FastifyRequest) => request.actor as Actor;

  app.staffLinks.push({ href: BASE, label: ps.listTitle, description: ps.listLink, roles: [...svc.READ_ROLES] });
  // 工作台: what the actor's organisation owes, and what waits for the actor's 政务公开办.
  app.staffWork.push({
    // (the business roles: a system administrator may act on the pages but gets no work block, as elsewhere)
    title: ps.workResponsible, roles: ['editor', 'supervisor'],
    counts: async (actor) => {
      const c = await svc.responsibleCounts(deps, actor);
      return [{ label: ps.toRectify, count: c.toRectify, href: `${BASE}?todo=rectify` }, { label: ps.overdue, count: c.overdue, href: `${BASE}?todo=rectify&overdue=1` }];
    },
  });
  app.staffWork.push({
    title: ps.workOffice, roles: ['supervisor'],
    counts: async (actor) => {
      const c = await svc.officeCounts(deps, actor);
      if (!c.isOffice) return [];
      return [{ label: ps.toVerify, count: c.toVerify, href: `${BASE}?todo=verify` }, { label: ps.overdueSubtree, count: c.overdue, href: `${BASE}?todo=supervise&overdue=1` }];
    },
  });

  app.get(BASE, guard, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const todo = q.todo === 'rectify' || q.todo === 'verify' || q.todo === 'supervise' ? q.todo : '';
    const values = { org: q.org ?? '', state: q.state ?? '', month: q.month ?? '', overdue: q.overdue === '1' ? '1' : '', todo };
    const errors: FieldErrors = {};
    if (values.state && !parseEnum(PROBLEM_STATES, values.state)) errors.state = `${ps.filters.state}：${PROBLEM_STATES.values.map((v) => v.label).join('、')}`;
    if (values.month && !svc.isMonth(values.month.trim())) errors.month = ps.errors.monthInvalid;
    let rows: svc.ListedProblem[] = [];
    let capped = false;
    if (!Object.keys(errors).length) {
      try {
        const r = await svc.listProblems(deps, actorOf(request), filterOf({ ...q, state: values.state || undefined }));
        rows = r.rows;
        capped = r.capped;
      } catch (err) {
        // an unknown organisation is a field error; another county's stays a 403
        if (err instanceof HttpError && err.code === 'org_not_found') errors.org = err.message;
        else throw err;
      }
    }
    const qs = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
    return sendPage(reply, <ProblemListPage ctx={pageContext(request)} rows={rows} capped={capped} values={values} errors={errors} exportHref={`/staff/supervision/ledger.xlsx${qs ? `?${qs}` : ''}`} />, Object.keys(errors).length ? 400 : 200);
  });

  app.get('/staff/supervision/ledger.xlsx', guard, async (request, reply) => {
    const f = filterOf(request.query as Record<string, string | undefined>);
    const r = await svc.ledgerRows(deps, actorOf(request), f);
    const today = deps.clock.today();
    return sendDownload(reply, await ledgerXlsx(r.rows, r.scopeName ?? '', f.month ?? null, today), ps.ledger.fileName(r.scopeName ?? ps.ledger.allScope, today), FILE_TYPES.xlsx);
  });

  async function problemPage(request: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
    const d = await svc.problemDetail(deps, actorOf(request), id);
    const doneKey = (request.query as { done?: string }).done;
    const done = status === 200 && doneKey && doneKey in ps.done ? ps.done[doneKey] : undefined;
    const today = deps.clock.today();
    const dated = { rectify_on: today, verify_on: today, reject_on: today, dismiss_on: today, ...values };
    return sendPage(reply, <ProblemPage ctx={pageContext(request)} p={d.row} overdue={d.overdue} events={d.events} files={d.files.map((f) => ({ ...f, size: Number(f.size) }))}
      canRectify={d.side.responsible} canReview={d.side.office} values={dated} errors={errors} done={done} />, status);
  }

  app.get(`${BASE}/:id`, guard, async (request, reply) => problemPage(request, reply, (request.params as { id: string }).id));

  app.get(`${BASE}/:id/files/:fileId`, guard, async (request, reply) => {
    const p = request.params as { id: string; fileId: string };
    const f = await svc.problemFile(deps, actorOf(request), p.id, p.fileId);
    reply.header('cache-control', 'private, no-store');
    return sendDownload(reply, Buffer.from(f.content), f.file_name, f.media_type);
  });

  // The forms: multipart (the rectification's files) or urlencoded, in this scope only.
  await app.register(async (scope) => {
    scope.setErrorHandler((error) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'file_too_large', ps.errors.fileTooLarge);
      if ((error as { code?: string }).code === 'FST_FILES_LIMIT') throw badRequest('file_too_many', ps.errors.fileTooMany);
      if (isMalformedMultipart(error)) throw badRequest('multipart_invalid', ps.errors.multipart);
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: svc.MAX_FILE_BYTES, files: svc.MAX_FILES, fields: 12 },
      async onFile(part) {
        (part as unknown as { value: unknown }).value = { fileName: part.filename, buffer: await part.toBuffer() };
      },
    });
    scope.post(`${BASE}/:id/actions`, guard, async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const body = request.body as Record<string, unknown> | undefined;
      const action = parseEnum(PROBLEM_ACTIONS, field(body, 'action'));
      await svc.requireProblem(deps, actorOf(request), id); // 404 / 403 before anything is read
      if (!action) return problemPage(request, reply, id, {}, { 'rectify-title': ps.errors.actionMissing }, 400);
      const values = Object.fromEntries(FIELDS[action].map((k) => [k, field(body, k)]));
      const raw = body?.files;
      const uploads = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((f): f is Upload => !!f && typeof f === 'object' && Buffer.isBuffer((f as Upload).buffer) && !!(f as Upload).fileName && (f as Upload).buffer.length > 0);
      let files: (svc.UploadedFile & { mime: string })[] = [];
      if (action === 'rectify' && uploads.length) {
        const checked = await svc.checkEvidenceFiles(uploads.map((u) => ({ fileName: u.fileName, bytes: u.buffer })));
        if (!checked.ok) return problemPage(request, reply, id, values, { files: checked.refusal.message }, checked.refusal.status === 413 ? 413 : 400);
        files = uploads.map((u, i) => ({ fileName: u.fileName, bytes: u.buffer, mime: checked.kinds[i]!.mime }));
      }
      const command: Command = {
        action, on: values[`${action}_on`] ?? '', measures: values.measures, evidence: values.evidence,
        links: (values.links ?? '').split(/\s+/).filter(Boolean), note: values.note, reason: values[`${action}_reason`],
      };
      try {
        await svc.act(deps, actorOf(request), id, command, files, request.id);
      } catch (err) {
        if (err instanceof svc.ProblemRefused) {
          const errors: FieldErrors = {};
          for (const r of err.refusals) errors[fieldOfRefusal(action, r.code)] ??= r.message;
          return problemPage(request, reply, id, values, errors, 400);
        }
        throw err;
      }
      return reply.redirect(`${BASE}/${encodeURIComponent(id.trim().toUpperCase())}?done=${action}`, 303);
    });
  });

  await problemApi(app, deps);
}
