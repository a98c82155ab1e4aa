// Shell: the annual-report API, public pages (published reports only), staff pages and downloads.
import { Type } from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App, isMalformedMultipart } from '../../platform/web/server.tsx';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { requireRoles, type Organisation } from '../identity/index.ts';
import type * as AnnualDocx from './annual-docx.ts';
import { figuresFromGrid, gridFromHtml, GridTooLargeError, table3FromGrid, columnLetter, type Grid } from './annual-import.ts';
import { reportJson, reportTitle, type AnnualReport } from './annual-report.ts';
import { gridFromXlsx, MAX_UPLOAD_BYTES, ReportFileError } from './report-files.ts';
import * as repo from './reports.repository.ts';
import * as svc from './reports.service.ts';
import { reportStrings as s } from './reports.strings.ts';
import { ImportPage, PublicListPage, PublicReportPage, StaffListPage, StaffReportPage } from './views/report-pages.tsx';

// Loads `docx` with the first document, not at start (platform/files/office-libs.ts says why).
const renderReportDocx = async (...a: Parameters<typeof AnnualDocx.renderReportDocx>) => (await import('./annual-docx.ts')).renderReportDocx(...a);

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const Row = Type.Object({ key: Type.String(), label: Type.String(), group: Type.Union([Type.String(), Type.Null()]), values: Type.Array(Type.Number()) });
const Block = Type.Object({ heading: Type.String(), columns: Type.Array(Type.String()), rows: Type.Array(Type.Object({ label: Type.String(), values: Type.Array(Type.Number()) })) });
const ReportBody = Type.Object({
  org: Type.String(), org_name: Type.String(), year: Type.Integer(), include_subtree: Type.Boolean(), state: Type.String(), source: Type.String(), published_at: Type.Union([Type.String(), Type.Null()]),
  table2: Type.Union([Type.Object({ item1: Block, item5: Block, item6: Block, item8: Block }), Type.Null()]),
  table3: Type.Object({ columns: Type.Array(Type.String()), rows: Type.Array(Row) }),
  table4: Type.Union([Type.Object({ columns: Type.Array(Type.Object({ group: Type.String(), label: Type.String() })), values: Type.Array(Type.Number()) }), Type.Null()]),
  checks: Type.Array(Type.Object({ rule: Type.String(), ok: Type.Boolean(), detail: Type.String() })),
  texts: Type.Object({ section1: Type.String(), section5: Type.String(), section6: Type.String() }),
});


function docxName(r: AnnualReport): string {
  return `${reportTitle(r.orgName, r.year)}.docx`;
}

/** The ?done= notice after a redirect: only our fixed texts. */
function doneNotice(v: string | undefined): string | null {
  return v && (Object.values(s.done) as string[]).includes(v) ? v : null;
}

function draftValues(r: AnnualReport, row: repo.ReportRow | null): Record<string, string> {
  return {
    includeSubtree: r.includeSubtree ? '1' : '0', licensing: String(row?.licensing_count ?? 0), penalty: String(row?.penalty_count ?? 0), coercion: String(row?.coercion_count ?? 0),
    fees: row?.fees_wan ?? '0', section1: r.texts.section1, section5: r.texts.section5, section6: r.texts.section6, carryReason: row?.carry_reason ?? '',
  };
}

export async function reportRoutes(app: App, deps: svc.ReportDeps): Promise<void> {
  const viewGuard = { preHandler: requireRoles(...svc.VIEW_ROLES) };
  const editGuard = { preHandler: requireRoles(...svc.EDIT_ROLES) };
  const publishGuard = { preHandler: requireRoles(...svc.PUBLISH_ROLES) };
  app.staffLinks.push({ href: '/staff/reports/annual', label: s.staffTitle, description: s.staffLinkDescription, roles: [...svc.VIEW_ROLES] });

  // --- API ---
  app.get('/api/v1/reports/annual', {
    schema: {
      tags: ['reports'], summary: '政府信息公开工作年度报告（表二、表三、表四与勾稽关系检查）',
      description: '行和列的标题与国办公开办函〔2021〕30号格式一致。未登录时只返回已发布的报告；持有该机关 admin、supervisor 或 editor 角色的 API 令牌可读取尚未发布的草稿（按当前数据计算）。',
      querystring: Type.Object({ org: Type.Optional(Type.String()), year: Type.Optional(Type.String()) }),
      response: { 200: ReportBody, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { org, year } = await svc.resolveOrgYear(deps, request.query.org, request.query.year);
    if (await svc.may(deps.db, request.actor, svc.VIEW_ROLES, org)) return reportJson((await svc.staffReport(deps, org, year)).report);
    const published = await svc.publishedReport(deps, org, year);
    if (!published) throw new HttpError(404, 'report_not_published', s.errors.notPublished);
    return reportJson(published);
  });

  // --- public pages ---
  const publicReport = async (orgCode: string, yearText: string): Promise<AnnualReport> => {
    let resolved: { org: Organisation; year: number };
    try {
      resolved = await svc.resolveOrgYear(deps, orgCode, yearText);
    } catch {
      throw notFound();
    }
    const r = await svc.publishedReport(deps, resolved.org, resolved.year);
    if (!r) throw new HttpError(404, 'report_not_published', s.errors.notPublished);
    return r;
  };
  app.get('/openness/reports/annual', async (request, reply) => {
    return sendPage(reply, <PublicListPage ctx={pageContext(request)} items={await repo.listPublished(deps.db, { limit: 500 })} />);
  });
  app.get('/openness/reports/annual/:org/:year', async (request, reply) => {
    const p = request.params as { org: string; year: string };
    return sendPage(reply, <PublicReportPage ctx={pageContext(request)} report={await publicReport(p.org, p.year)} />);
  });
  app.get('/openness/reports/annual/:org/:year/report.docx', async (request, reply) => {
    const p = request.params as { org: string; year: string };
    const r = await publicReport(p.org, p.year);
    if (r.source !== 'system') throw notFound();
    return sendDownload(reply, await renderReportDocx(r), docxName(r), FILE_TYPES.docx);
  });

  // --- staff pages ---
  const listPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors, status = 200) => {
    const paths = await svc.scopesOf(deps.db, request.actor!, svc.VIEW_ROLES);
    const reminders = await svc.pendingReports(deps.db, paths, localDateOf(deps.clock.now()));
    const reports = await repo.listReportsIn(deps.db, paths);
    return sendPage(reply, <StaffListPage ctx={pageContext(request)} reminders={reminders} reports={reports} values={values} errors={errors} />, status);
  };
  app.get('/staff/reports/annual', viewGuard, async (request, reply) => listPage(request, reply, {}, {}));
  // The openness office's supervision page lists the reports still due (Arts. 49–50).
  app.supervisionReminders.push({
    title: s.staff.reminders, href: '/staff/reports/annual',
    items: async (request, today) => {
      const reminders = await svc.pendingReports(deps.db, await svc.scopesOf(deps.db, request.actor!, svc.VIEW_ROLES), today);
      return reminders.map((r) => s.staff.reminderLine(r.orgName, r.reportYear, r.dueOn, r.daysLeft));
    },
  });
  app.get('/staff/reports/annual/open', viewGuard, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const values = { org: (q.org ?? '').trim(), year: (q.year ?? '').trim() };
    try {
      const { org, year } = await svc.resolveOrgYear(deps, values.org, values.year);
      return reply.redirect(`/staff/reports/annual/${org.code}/${year}`, 303);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      return listPage(request, reply, values, e.code.startsWith('year') ? { year: e.message } : { org: e.message }, 400);
    }
  });

  /** A pasted table, or the refusal to show (too large: the message; no table: null). */
  const pastedGrid = (html: string, needle?: string): { grid: Grid | null } | { error: string } => {
    try {
      return { grid: gridFromHtml(html, needle) };
    } catch (e) {
      if (e instanceof GridTooLargeError) return { error: s.errors.tableTooLarge };
      throw e;
    }
  };
  const staffTarget = async (request: FastifyRequest, roles: readonly string[]) => {
    const p = request.params as { org: string; year: string };
    const { org, year } = await svc.resolveOrgYear(deps, p.org, p.year);
    if (!(await svc.may(deps.db, request.actor, roles, org))) throw forbidden(s.errors.forbidden);
    return { org, year };
  };
  const reportPage = async (request: FastifyRequest, reply: FastifyReply, opts: { values?: Record<string, string>; typed?: Record<string, string>; errors?: FieldErrors; refusal?: { title: string; reasons: string[] }; status?: number } = {}) => {
    const { org, year } = await staffTarget(request, svc.VIEW_ROLES);
    const { report, row } = await svc.staffReport(deps, org, year);
    const [canEdit, canPublish] = [await svc.may(deps.db, request.actor, svc.EDIT_ROLES, org), await svc.may(deps.db, request.actor, svc.PUBLISH_ROLES, org)];
    return sendPage(reply, (
      <StaffReportPage ctx={pageContext(request)} report={report} canEdit={canEdit} canPublish={canPublish} values={opts.values ?? { ...draftValues(report, row), ...opts.typed }}
        errors={opts.errors ?? {}} refusal={opts.refusal ?? null} message={doneNotice((request.query as { done?: string }).done)} />
    ), opts.status ?? 200);
  };
  app.get('/staff/reports/annual/:org/:year', viewGuard, async (request, reply) => reportPage(request, reply));
  app.post('/staff/reports/annual/:org/:year', editGuard, async (request, reply) => {
    const { org, year } = await staffTarget(request, svc.EDIT_ROLES);
    const b = request.body;
    const input = { section1: field(b, 'section1'), section5: field(b, 'section5'), section6: field(b, 'section6'), licensing: field(b, 'licensing'), penalty: field(b, 'penalty'), coercion: field(b, 'coercion'), fees: field(b, 'fees'), carryReason: field(b, 'carryReason'), includeSubtree: field(b, 'includeSubtree') };
    const r = await svc.saveDraft(deps, request.actor!, org, year, input);
    if (!r.ok) return reportPage(request, reply, { values: input, errors: r.errors, status: 400 });
    return reply.redirect(`/staff/reports/annual/${org.code}/${year}?done=${encodeURIComponent(s.done.saved)}`, 303);
  });
  app.post('/staff/reports/annual/:org/:year/publish', publishGuard, async (request, reply) => {
    const { org, year } = await staffTarget(request, svc.PUBLISH_ROLES);
    try {
      await svc.publish(deps, request.actor!, org, year);
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) return reportPage(request, reply, { refusal: { title: e.message, reasons: e.reasons?.length && e.reasons.join() !== e.message ? e.reasons : [] }, status: 409 });
      throw e;
    }
    return reply.redirect(`/staff/reports/annual/${org.code}/${year}?done=${encodeURIComponent(s.done.published)}`, 303);
  });
  app.get('/staff/reports/annual/:org/:year/report.docx', viewGuard, async (request, reply) => {
    const { org, year } = await staffTarget(request, svc.VIEW_ROLES);
    const { report } = await svc.staffReport(deps, org, year);
    if (report.source !== 'system') throw notFound();
    return sendDownload(reply, await renderReportDocx(report), docxName(report), FILE_TYPES.docx);
  });

  // Import of a past year's table 三: multipart only here, in its own scope.
  await app.register(async (scope) => {
    scope.setErrorHandler((error) => {
      if (isMalformedMultipart(error)) throw badRequest('multipart_invalid', s.errors.fileRequired);
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 * 1024 },
      async onFile(part) {
        (part as unknown as { value: unknown }).value = { fileName: part.filename, buffer: await part.toBuffer() };
      },
    });
    const page = (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: string[], message: string | null, status = 200) =>
      sendPage(reply, <ImportPage ctx={pageContext(request)} values={values} errors={errors} message={message} />, status);
    // Table 二 figures into the draft, from XLSX or a pasted HTML table.
    scope.post('/staff/reports/annual/:org/:year/figures', editGuard, async (request, reply) => {
      const { org, year } = await staffTarget(request, svc.EDIT_ROLES);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body.file as { fileName: string; buffer: Buffer } | undefined;
      const html = field(body, 'figuresHtml');
      const refuse = (reasons: string[]) => reportPage(request, reply, { refusal: { title: s.errors.figuresRefused, reasons }, typed: { figuresHtml: html }, status: 400 });
      let result;
      if (file && file.buffer.length) {
        try {
          result = figuresFromGrid(await gridFromXlsx(file.buffer, '行政许可'), (r, c) => `第${r + 1}行${columnLetter(c + 1)}列`);
        } catch (e) {
          if (e instanceof ReportFileError) return refuse([e.message]);
          throw e;
        }
      } else if (html.trim()) {
        const pasted = pastedGrid(html, '行政许可');
        if ('error' in pasted) return refuse([pasted.error]);
        const grid = pasted.grid;
        if (!grid) return refuse([s.errors.noFigures]);
        result = figuresFromGrid(grid, (r, c) => `表格第${r + 1}行第${c + 1}格`);
      } else {
        return refuse([s.errors.fileRequired]);
      }
      if (!result.ok) return refuse(result.errors);
      await svc.importFigures(deps, request.actor!, org, year, result.figures, file && file.buffer.length ? `xlsx:${file.fileName}` : 'html');
      return reply.redirect(`/staff/reports/annual/${org.code}/${year}?done=${encodeURIComponent(s.done.figures)}`, 303);
    });
    scope.get('/staff/reports/annual/import', publishGuard, async (request, reply) => page(request, reply, {}, [], null));
    scope.post('/staff/reports/annual/import', publishGuard, async (request, reply) => {
      const body = (request.isMultipart() ? request.body : request.body ?? {}) as Record<string, unknown>;
      const values = { org: field(body, 'org').trim(), year: field(body, 'year').trim(), html: field(body, 'html') };
      const file = body.file as { fileName: string; buffer: Buffer } | undefined;
      let org: Organisation;
      let year: number;
      try {
        ({ org, year } = await svc.resolveOrgYear(deps, values.org, values.year));
      } catch (e) {
        if (e instanceof HttpError) return page(request, reply, values, [e.message], null, e.status);
        throw e;
      }
      if (!(await svc.may(deps.db, request.actor, svc.PUBLISH_ROLES, org))) throw forbidden(s.errors.forbidden);
      let result;
      if (file && file.buffer.length) {
        try {
          const grid = await gridFromXlsx(file.buffer);
          result = table3FromGrid(grid, (r, c) => `第${r + 1}行${columnLetter(c + 1)}列`);
        } catch (e) {
          if (e instanceof ReportFileError) return page(request, reply, values, [e.message], null, 400);
          throw e;
        }
      } else if (values.html.trim()) {
        const pasted = pastedGrid(values.html);
        if ('error' in pasted) return page(request, reply, values, [pasted.error], null, 400);
        const grid = pasted.grid;
        if (!grid) return page(request, reply, values, [s.errors.noTable], null, 400);
        result = table3FromGrid(grid, (r, c) => `表格第${r + 1}行第${c + 1}格`);
      } else {
        return page(request, reply, values, [s.errors.fileRequired], null, 400);
      }
      if (!result.ok) return page(request, reply, values, result.errors, null, 400);
      try {
        await svc.importPast(deps, request.actor!, org, year, result.table, file && file.buffer.length ? `xlsx:${file.fileName}` : 'html');
      } catch (e) {
        if (e instanceof HttpError && e.status !== 403) return page(request, reply, values, e.reasons?.length ? e.reasons : [e.message], null, e.status);
        throw e;
      }
      return page(request, reply, {}, [], `${s.done.imported}：${reportTitle(org.name, year)}`);
    });
  });
}
