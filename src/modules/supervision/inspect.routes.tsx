// Shell: the 月检查 staff pages — rule switches and manual check items of a 政务公开办
// (/staff/supervision/rules), manual findings with a screenshot (/staff/supervision/findings/new),
// and the inspection runs with an on-demand button (/staff/supervision/inspections). For the
// administrators and supervisors of a 政务公开办 (or of a government above one): every read and
// write checks the office or organisation against the caller's grant.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { checkUpload } from '../../platform/files/file-type.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError, notFound } from '../../platform/web/http-error.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { isMalformedMultipart, pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { platformView } from '../../schema.ts';
import { identityService, isPlatformAdmin, requireRoles, type Actor, type Role } from '../identity/index.ts';
import { DEADLINE_CLASSES, SEVERITIES, parseMonth, previousMonth, type DeadlineClass, type Severity } from './deadline-classes.ts';
import { inspectStrings as s } from './inspect.strings.ts';
import { inspect, listOffices, nearestOffice, raiseProblems, ruleSwitches, type InspectDeps } from './inspect.service.ts';
import { actingOffices } from './offices.ts';
import { RULES } from './rules.ts';
import { FindingPage, InspectionsPage, RulesPage, type ItemLine, type OfficeOption } from './views/inspect-pages.tsx';

const SUP: Role[] = ['admin', 'supervisor'];
/** Screenshots are images of a page: 5 MB is plenty. */
export const SCREENSHOT_MAX_BYTES = 5 * 1024 * 1024;

export async function supervisionInspectRoutes(app: App, deps: InspectDeps): Promise<void> {
  const { db, clock } = deps;
  app.staffLinks.push({ href: '/staff/supervision/inspections', label: s.inspections.title, description: s.links.inspections, roles: SUP });
  app.staffLinks.push({ href: '/staff/supervision/rules', label: s.rules.title, description: s.links.rules, roles: SUP });
  app.staffLinks.push({ href: '/staff/supervision/findings/new', label: s.finding.title, description: s.links.finding, roles: SUP });

  /** The 政务公开办 the caller administers or supervises (a grant on the office or on a government above it). */
  async function myOffices(actor: Actor): Promise<(OfficeOption & { path: string; supervises: string })[]> {
    return (await actingOffices(db, actor, SUP)).map((o) => ({ code: o.code, name: o.name, path: o.path, supervises: o.parentPath }));
  }

  async function officeOr403(actor: Actor, code: string) {
    const mine = await myOffices(actor);
    if (!mine.length) throw new HttpError(403, 'forbidden', s.rules.noOffice);
    if (!code) return mine[0]!;
    const o = mine.find((x) => x.code === code);
    if (!o) throw new HttpError(403, 'forbidden', s.forbidden);
    return o;
  }

  async function itemsOf(officeCode: string): Promise<ItemLine[]> {
    const rows = await db.selectFrom('sv_check_item').selectAll().where('office_org_code', '=', officeCode).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, title: r.title, basis: r.basis, severity: r.severity, deadlineClass: r.deadline_class, active: r.active === 1 }));
  }

  async function rulesPage(request: FastifyRequest, officeCode: string, o: { values?: Record<string, string>; errors?: FieldErrors; message?: string | null; editCode?: string | null } = {}) {
    const actor = request.actor as Actor;
    const offices = await myOffices(actor);
    const office = await officeOr403(actor, officeCode);
    const sw = (await ruleSwitches(db, [office.code])).get(office.code)!;
    const items = await itemsOf(office.code);
    const editing = o.editCode ? items.find((i) => i.code === o.editCode) ?? null : null;
    const values = o.values ?? (editing ? { title: editing.title, basis: editing.basis, severity: editing.severity, deadline_class: editing.deadlineClass, active: editing.active ? '1' : '0' } : {});
    return <RulesPage ctx={pageContext(request)} offices={offices} office={office.code} message={o.message ?? null} errors={o.errors ?? {}} values={values} editing={editing}
      rules={RULES.map((r) => ({ code: r.code, title: r.title, basis: r.basis, severity: r.severity, deadlineClass: r.deadlineClass, active: sw.get(r.code) ?? r.defaultActive }))} items={items} />;
  }

  const q = (request: FastifyRequest, name: string) => field(request.query, name).trim();

  app.get('/staff/supervision/rules', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
    // the item's code (its public id), never the row id
    const editCode = q(request, 'edit').slice(0, 80);
    const done = q(request, 'done');
    return sendPage(reply, await rulesPage(request, q(request, 'office'), { editCode, message: done || null }));
  });

  app.post('/staff/supervision/rules/:rule/switch', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
    const actor = request.actor as Actor;
    const rule = RULES.find((r) => r.code === (request.params as { rule: string }).rule);
    if (!rule) throw notFound('找不到该检查规则');
    const office = await officeOr403(actor, field(request.body, 'office').trim());
    const raw = field(request.body, 'active').trim();
    // the form sends 1 (启用) or 0 (停用); anything else is refused, never taken as 停用
    if (raw !== '0' && raw !== '1') throw new HttpError(400, 'invalid_switch', s.rules.switchInvalid);
    const active = raw === '1' ? 1 : 0;
    const at = clock.now();
    await inTransaction(db, async (trx) => {
      const before = await trx.selectFrom('sv_rule_setting').select('active').where('office_org_code', '=', office.code).where('rule_code', '=', rule.code).executeTakeFirst();
      if (before) await trx.updateTable('sv_rule_setting').set({ active, updated_by: actor.username, updated_at: at.toISOString() }).where('office_org_code', '=', office.code).where('rule_code', '=', rule.code).execute();
      else await trx.insertInto('sv_rule_setting').values({ office_org_code: office.code, rule_code: rule.code, active, updated_by: actor.username, updated_at: at.toISOString() }).execute();
      await recordAudit(platformView(trx), at, { actorId: actor.userId, actorLabel: actor.username, action: 'supervision.rule_switch', entity: 'sv_rule_setting', entityId: `${office.code}:${rule.code}`, before: { active: before ? before.active === 1 : rule.defaultActive }, after: { active: active === 1 }, requestId: request.id, orgCode: office.code });
    });
    return reply.redirect(`/staff/supervision/rules?office=${encodeURIComponent(office.code)}&done=${encodeURIComponent(s.rules.switched(rule.title, active === 1))}`, 303);
  });

  function checkItemForm(body: unknown) {
    const values = { title: field(body, 'title').trim(), basis: field(body, 'basis').trim(), severity: field(body, 'severity').trim(), deadline_class: field(body, 'deadline_class').trim(), active: field(body, 'active').trim() || '1' };
    const errors: FieldErrors = {};
    if (!values.title) errors.title = s.items.titleRequired;
    else if (values.title.length > 100) errors.title = s.items.titleTooLong;
    if (values.basis.length > 500) errors.basis = s.items.basisTooLong;
    const severity = parseEnum(SEVERITIES, values.severity) as Severity | null;
    if (!severity) errors.severity = `等级应为：${SEVERITIES.values.map((v) => v.label).join('、')}`;
    const dl = parseEnum(DEADLINE_CLASSES, values.deadline_class) as DeadlineClass | null;
    if (!dl) errors.deadline_class = `整改时限应为：${DEADLINE_CLASSES.values.map((v) => v.label).join('、')}`;
    return { values, errors, severity, dl, active: values.active === '0' ? 0 : 1 };
  }

  app.post('/staff/supervision/check-items', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
    const actor = request.actor as Actor;
    const office = await officeOr403(actor, field(request.body, 'office').trim());
    const f = checkItemForm(request.body);
    if (Object.keys(f.errors).length || !f.severity || !f.dl) return sendPage(reply, await rulesPage(request, office.code, { values: f.values, errors: f.errors }), 400);
    const at = clock.now();
    // The office's next number. Two writers taking the same one: the loser's insert fails once the
    // winner has committed, and it counts again (PostgreSQL; SQLite writes one at a time).
    for (let attempt = 0; ; attempt++) {
      try {
        await inTransaction(db, async (trx) => {
          const n = await trx.selectFrom('sv_check_item').select((eb) => eb.fn.countAll<number>().as('n')).where('office_org_code', '=', office.code).executeTakeFirstOrThrow();
          const code = `${office.code}-ck${Number(n.n) + 1}`;
          const row = { code, office_org_code: office.code, office_org_path: office.path, title: f.values.title, basis: f.values.basis, severity: f.severity!, deadline_class: f.dl!, active: 1, created_by: actor.username, created_at: at.toISOString(), updated_at: at.toISOString() };
          await trx.insertInto('sv_check_item').values(row).execute();
          await recordAudit(platformView(trx), at, { actorId: actor.userId, actorLabel: actor.username, action: 'supervision.check_item_create', entity: 'sv_check_item', entityId: code, after: row, requestId: request.id, orgCode: office.code });
        });
        break;
      } catch (e) {
        if (attempt < 8 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
    return reply.redirect(`/staff/supervision/rules?office=${encodeURIComponent(office.code)}&done=${encodeURIComponent(s.items.saved(f.values.title))}`, 303);
  });

  app.post('/staff/supervision/check-items/:id', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
    const actor = request.actor as Actor;
    // :id is the item's code (its public id, e.g. 130427-gkb-ck1), never the row id
    const code = String((request.params as { id: string }).id ?? '').trim().slice(0, 80);
    const item = code ? await db.selectFrom('sv_check_item').selectAll().where('code', '=', code).executeTakeFirst() : undefined;
    if (!item) throw notFound(s.items.notFound);
    // The item's own office must be one the caller administers (another county's item: 403).
    const office = await officeOr403(actor, item.office_org_code);
    const f = checkItemForm(request.body);
    if (Object.keys(f.errors).length || !f.severity || !f.dl) return sendPage(reply, await rulesPage(request, office.code, { values: f.values, errors: f.errors, editCode: item.code }), 400);
    const at = clock.now();
    const after = { title: f.values.title, basis: f.values.basis, severity: f.severity, deadline_class: f.dl, active: f.active };
    await inTransaction(db, async (trx) => {
      await trx.updateTable('sv_check_item').set({ ...after, updated_at: at.toISOString() }).where('id', '=', item.id).execute();
      await recordAudit(platformView(trx), at, { actorId: actor.userId, actorLabel: actor.username, action: 'supervision.check_item_update', entity: 'sv_check_item', entityId: item.code, before: { title: item.title, basis: item.basis, severity: item.severity, deadline_class: item.deadline_class, active: item.active }, after, requestId: request.id, orgCode: office.code });
    });
    return reply.redirect(`/staff/supervision/rules?office=${encodeURIComponent(office.code)}&done=${encodeURIComponent(s.items.saved(f.values.title))}`, 303);
  });

  // ---- inspection runs ----
  async function runsPage(request: FastifyRequest, o: { values?: Record<string, string>; errors?: FieldErrors; message?: string | null } = {}) {
    const actor = request.actor as Actor;
    const offices = await myOffices(actor);
    if (!offices.length) throw new HttpError(403, 'forbidden', s.rules.noOffice);
    const paths = await identityService.officeScopes(db, actor, SUP);
    const rows = await db.selectFrom('sv_inspection as i').leftJoin('organisation as o', 'o.code', 'i.scope_org_code')
      .select(['i.id', 'i.month', 'i.scope_org_code', 'o.name', 'i.trigger', 'i.started_at', 'i.finished_at', 'i.found', 'i.raised', 'i.summary_json'])
      .where((eb) => eb.or([
        ...(isPlatformAdmin(actor) ? [eb('i.scope_org_code', '=', 'all')] : []),
        ...paths.map((p) => eb('o.path', 'like', `${p}%`)),
      ]))
      .orderBy('i.id', 'desc').limit(50).execute();
    const runs = rows.map((r) => {
      let sum: { done?: number; total?: number } = {};
      try { sum = JSON.parse(r.summary_json) as typeof sum; } catch { /* shown as 0/0 */ }
      return { id: r.id, month: r.month, scope: r.scope_org_code === 'all' ? s.inspections.all : r.name ?? r.scope_org_code, trigger: r.trigger, startedAt: r.started_at, finished: r.finished_at !== null, done: sum.done ?? 0, total: sum.total ?? 0, found: r.found, raised: r.raised };
    });
    return <InspectionsPage ctx={pageContext(request)} offices={offices} runs={runs} values={o.values ?? { month: previousMonth(clock.today()) }} errors={o.errors ?? {}} message={o.message ?? null} />;
  }

  app.get('/staff/supervision/inspections', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
    const done = q(request, 'done');
    return sendPage(reply, await runsPage(request, { message: done || null }));
  });

  app.post('/staff/supervision/inspections', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
    const actor = request.actor as Actor;
    const values = { office: field(request.body, 'office').trim(), month: field(request.body, 'month').trim() };
    const errors: FieldErrors = {};
    if (!values.office) errors.office = s.inspections.officeRequired;
    const month = parseMonth(values.month);
    if (!month) errors.month = s.inspections.monthInvalid;
    else if (month.from > deps.clock.today()) errors.month = s.inspections.monthFuture;
    if (Object.keys(errors).length) return sendPage(reply, await runsPage(request, { values, errors }), 400);
    const office = await officeOr403(actor, values.office);
    const r = await inspect(deps, { month: values.month, scopeOrgCode: office.code, trigger: 'manual', by: actor.username, actorId: actor.userId, requestId: request.id });
    return reply.redirect(`/staff/supervision/inspections?done=${encodeURIComponent(s.inspections.done(r.found, r.raised))}`, 303);
  });

  // ---- manual findings (multipart: the screenshot) ----
  await app.register(async (scope) => {
    scope.setErrorHandler((error) => {
      if (isMalformedMultipart(error)) throw badRequest('multipart_invalid', '上传的表单数据不完整或格式有误，请重新提交');
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: SCREENSHOT_MAX_BYTES, files: 1, fields: 12, fieldSize: 8 * 1024, parts: 16 },
      async onFile(part) {
        const chunks: Buffer[] = [];
        for await (const c of part.file) chunks.push(c as Buffer);
        const over = part.file.truncated;
        (part as unknown as { value: unknown }).value = { fileName: part.filename ?? '', data: over ? null : Buffer.concat(chunks), over };
      },
    });

    async function findingPage(request: FastifyRequest, o: { values?: Record<string, string>; errors?: FieldErrors; message?: string | null; problemId?: string | null } = {}) {
      const actor = request.actor as Actor;
      const offices = await myOffices(actor);
      if (!offices.length) throw new HttpError(403, 'forbidden', s.rules.noOffice);
      const paths = [...new Set(offices.map((x) => x.supervises))];
      const orgs = await db.selectFrom('organisation').select(['code', 'name', 'path']).where('disabled', '=', 0).where('kind', 'not in', ['openness_office', 'village_committee'])
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`)))).orderBy('path').limit(1000).execute();
      const items = await db.selectFrom('sv_check_item').select(['code', 'title', 'office_org_code']).where('active', '=', 1).where('office_org_code', 'in', offices.map((x) => x.code)).orderBy('id').execute();
      const names = new Map(offices.map((x) => [x.code, x.name]));
      return <FindingPage ctx={pageContext(request)} orgs={orgs.map((x) => ({ code: x.code, name: x.name }))} items={items.map((i) => ({ code: i.code, title: i.title, officeName: names.get(i.office_org_code) ?? '' }))}
        values={o.values ?? {}} errors={o.errors ?? {}} message={o.message ?? null} maxMb={SCREENSHOT_MAX_BYTES / 1024 / 1024} problemId={o.problemId ?? null} />;
    }

    scope.get('/staff/supervision/findings/new', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
      const done = q(request, 'done');
      // the notice links to the problem just registered (only a well-formed number becomes a link)
      return sendPage(reply, await findingPage(request, { message: done ? s.finding.done(done) : null, problemId: /^WT-\d{4}-\d{2}-\d+$/.test(done) ? done : null }));
    });

    scope.post('/staff/supervision/findings', { preHandler: requireRoles(...SUP) }, async (request, reply) => {
      const actor = request.actor as Actor;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { org: field(body, 'org').trim(), item: field(body, 'item').trim(), title: field(body, 'title').trim(), detail: field(body, 'detail').trim(), link: field(body, 'link').trim() };
      const raw = request.isMultipart() ? body.screenshot as { fileName: string; data: Buffer | null; over: boolean } | undefined : undefined;
      const fileName = (raw?.fileName ?? '').split(/[\\/]/).pop()?.slice(0, 200) ?? '';
      const errors: FieldErrors = {};
      const offices = await myOffices(actor);
      if (!offices.length) throw new HttpError(403, 'forbidden', s.rules.noOffice);
      const org = values.org ? await db.selectFrom('organisation').select(['code', 'name', 'path', 'kind']).where('code', '=', values.org).where('disabled', '=', 0).executeTakeFirst() : undefined;
      const office = org ? nearestOffice(await listOffices(db), org.path) : null;
      if (!values.org) errors.org = s.finding.orgRequired;
      // Scope: the organisation must be supervised by one of the caller's offices (a foreign one is 403).
      else if (!org || !office) errors.org = s.finding.orgUnknown;
      else if (!offices.some((x) => org.path.startsWith(x.supervises))) throw new HttpError(403, 'forbidden', s.finding.orgUnknown);
      const item = values.item ? await db.selectFrom('sv_check_item').selectAll().where('code', '=', values.item).where('active', '=', 1).executeTakeFirst() : undefined;
      if (!values.item) errors.item = s.finding.itemRequired;
      else if (!item || !offices.some((x) => x.code === item.office_org_code) || (org && !org.path.startsWith(offices.find((x) => x.code === item.office_org_code)!.supervises))) errors.item = s.finding.itemUnknown;
      if (!values.title) errors.title = s.finding.titleRequired;
      else if (values.title.length > 200) errors.title = s.finding.titleTooLong;
      if (values.detail.length > 4000) errors.detail = s.finding.detailTooLong;
      if (values.link && (values.link.length > 500 || !(/^https?:\/\/[^\s]+$/i.test(values.link) || /^\/[^\s/][^\s]*$|^\/$/.test(values.link)))) errors.link = s.finding.linkInvalid;
      let shot: { data: Buffer; mime: string } | null = null;
      if (raw && (fileName || raw.over || raw.data?.length)) {
        if (raw.over || !raw.data) errors.screenshot = s.finding.fileTooLarge(fileName, SCREENSHOT_MAX_BYTES / 1024 / 1024);
        else {
          // Before any type sniffing: a zip (or a zip appended to an image) is checked first.
          const unpacked = await checkUnpacked(raw.data);
          if (!unpacked.ok) errors.screenshot = s.finding.fileUnpacked(fileName, unpacked.message);
          else {
            const c = checkUpload(raw.data, fileName || 'screenshot', ['png', 'jpeg'], SCREENSHOT_MAX_BYTES);
            if (!c.ok || unpacked.zip) errors.screenshot = s.finding.fileNotImage(fileName);
            else shot = { data: raw.data, mime: c.mime };
          }
        }
      }
      if (Object.keys(errors).length || !org || !office || !item) return sendPage(reply, await findingPage(request, { values, errors }), 400);
      const month = clock.today().slice(0, 7);
      const at = clock.now();
      // each manual finding is its own subject (a checker may record two alike on purpose)
      const subject = `manual:${org.code}:${at.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
      let publicId = '';
      const { ids } = await raiseProblems(deps, [{
        ruleCode: item.code, org: { code: org.code, name: org.name, path: org.path, kind: org.kind }, officeCode: office.code, month,
        finding: { orgCode: org.code, subjectRef: subject, title: values.title, detail: values.detail, evidenceUrl: values.link || null },
        severity: item.severity as Severity, deadlineClass: item.deadline_class as DeadlineClass, inspectionId: null, by: actor.username,
        actorOrgCode: actor.grants[0]?.orgCode ?? null, payload: { manual: true, checkItem: item.code },
      }], async (trx, newIds) => {
        const id = newIds[0];
        if (!id) return;
        publicId = (await trx.selectFrom('sv_problem').select('public_id').where('id', '=', id).executeTakeFirstOrThrow()).public_id;
        if (shot) {
          await trx.insertInto('sv_problem_file').values({ problem_id: id, public_id: `WJ-${randomBytes(6).toString('hex').toUpperCase()}`, kind: 'screenshot', file_name: fileName || 'screenshot', media_type: shot.mime, size: shot.data.length, content: shot.data, uploaded_by: actor.username, uploaded_at: at.toISOString() }).execute();
        }
        await recordAudit(platformView(trx), at, { actorId: actor.userId, actorLabel: actor.username, action: 'supervision.manual_finding', entity: 'sv_problem', entityId: publicId, after: { ...values, screenshot: shot ? fileName : null }, requestId: request.id, orgCode: org.code });
      });
      if (!ids[0] || !publicId) throw new HttpError(409, 'finding_duplicate', '该问题已登记');
      const problem = { public_id: publicId };
      return reply.redirect(`/staff/supervision/findings/new?done=${encodeURIComponent(problem.public_id)}`, 303);
    });
  });
}
