// Shell: the letter pages — the staff page for the 发文字号 prefix of an organisation (supervisor
// in scope; audited) and the public blank 申请表 (DOCX) and 办理流程图 (page and SVG).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { forbidden } from '../../platform/web/http-error.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { requireRoles } from '../identity/index.ts';
import * as service from './applications.service.ts';
import { applicationStrings as s } from './applications.strings.ts';
import { letterStrings as ls } from './letters.strings.ts';
import { processChartSvg } from './process-chart.ts';
import { LetterPrefixPage, ProcessPage } from './views/letter-pages.tsx';

export async function letterPages(app: App, deps: service.ApplicationDeps): Promise<void> {
  // --- public: the blank form and the flow chart (no personal data, no database) ---
  let blankForm: Buffer | null = null;
  app.get('/applications/forms/application-form.docx', async (_request, reply) => {
    blankForm ??= await service.blankApplicationFormDocx();
    return sendDownload(reply, blankForm, '政府信息公开申请表.docx', FILE_TYPES.docx);
  });
  app.get('/applications/process', async (request, reply) => sendPage(reply, <ProcessPage ctx={pageContext(request)} />));
  app.get('/applications/process.svg', async (_request, reply) => reply.type('image/svg+xml; charset=utf-8').header('x-content-type-options', 'nosniff').send(processChartSvg()));

  // --- staff: 发文字号 prefix per organisation ---
  app.staffLinks.push({ href: '/staff/applications/letter-prefix', label: ls.prefixTitle, description: ls.prefixLink, roles: ['supervisor'] });
  const supervisorOnly = { preHandler: requireRoles('supervisor') };
  async function prefixPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> | null, errors: FieldErrors, message: string | null, status = 200) {
    const orgOptions = (await service.applicationRepo.listAgencies(deps.db, await service.scopesOf(deps.db, request.actor!, ['supervisor']))).map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }));
    const query = request.query as Record<string, string | undefined>;
    const org = values?.org ?? String(query.org ?? orgOptions[0]?.value ?? '');
    // Another county's prefix is not shown (the save checks the same scope).
    if (org && !values && !orgOptions.some((o) => o.value === org)) throw forbidden(s.errors.orgOutOfScope);
    const current = org && orgOptions.some((o) => o.value === org) ? await service.letterPrefixView(deps, request.actor!, org) : null;
    const v = values ?? { org, prefix: current?.configured ? current.prefix : '' };
    return sendPage(reply, <LetterPrefixPage ctx={pageContext(request)} values={v} errors={errors} message={message} orgOptions={orgOptions} current={current} />, status);
  }
  app.get('/staff/applications/letter-prefix', supervisorOnly, async (request, reply) => prefixPage(request, reply, null, {}, (request.query as Record<string, unknown>).done ? ls.prefixSaved : null));
  app.post('/staff/applications/letter-prefix', supervisorOnly, async (request, reply) => {
    const values = { org: field(request.body, 'org').trim(), prefix: field(request.body, 'prefix').trim() };
    const r = await service.saveLetterPrefix(deps, request.actor!, values.org, values.prefix);
    if (!r.ok) return prefixPage(request, reply, values, r.errors, null, 400);
    return reply.redirect(`/staff/applications/letter-prefix?org=${encodeURIComponent(values.org)}&done=1`, 303);
  });
}
