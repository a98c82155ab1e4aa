// Shell: public 一本通 pages and API (published versions only) and the staff pages.
import { Type } from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, rowIdOf, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App, isMalformedMultipart } from '../../platform/web/server.tsx';
import { defineEnum, enumOfRows, labelOf, optionalEnum } from '../../platform/web/enums.ts';
import { DataEnumString, EnumString } from '../../platform/web/enum-schema.ts';
import { findOrganisation, hasRoleOver, isPlatformAdmin, requirePlatformAdmin, requireRoles, scopePaths, type Actor } from '../identity/index.ts';
import { publishedForCatalogItem } from '../disclosures/index.ts';
import { CATALOG_LEVELS, CHANNELS, parseChannels, URBAN_LEVEL_LABELS, type CatalogItem, type CatalogItemInput, type CatalogLevel } from './catalog-model.ts';
import { describeDeadline } from './publish-deadline.ts';
import { diffSummary } from './catalog-diff.ts';
import { MAX_IMPORT_BYTES } from './catalog-files.ts';
import * as repo from './catalog.repository.ts';
import * as svc from './catalog.service.ts';
import { catalogStrings as s } from './catalog.strings.ts';
import { CatalogIndexPage, type IndexArea, CatalogItemPage, CatalogPage, CoveragePage, OrgCatalogsPage } from './views/catalog-public.tsx';
import { CatalogDetailPage, ComparePage, DomainsPage, ImportPage, ItemFormPage, NewCatalogPage, StaffCatalogsPage } from './views/catalog-staff.tsx';


/** The ?done= notice after a redirect, shown only when it is one of ours (no text planted by a link). */
function doneNotice(v: string | undefined): string | undefined {
  if (!v || v.length > 240) return undefined;
  const fixed: string[] = [s.done.draft, s.done.moved, s.done.removed, s.done.saved];
  return fixed.includes(v) || /^第\d{1,6}版已发布$|^已放弃第\d{1,6}版草稿$|^已关联「[^「」<>]{1,200}」$/.test(v) ? v : undefined;
}

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });

function idParam(v: string | undefined): number {
  const n = rowIdOf(v);
  if (n === null) throw notFound();
  return n;
}

/** The published version of a catalogue, or 404 (drafts are never public). */
async function published(deps: svc.CatalogDeps, id: number) {
  const catalog = await repo.findCatalog(deps.db, id);
  const version = catalog ? (await repo.listVersions(deps.db, id)).find((v) => v.status === 'published') : undefined;
  if (!catalog || !version) throw new HttpError(404, 'catalog_not_found', s.errors.catalogNotFound);
  return { catalog, version };
}

export function itemJson(it: CatalogItem) {
  // The public id of an item is its key (the same in every version, the one of /openness/catalogs/{id}/items/{key}
  // and of a search result); the row number changes with each published version and is never shown.
  return {
    id: it.key, key: it.key, seq: it.seq, item_level1: it.level1, item_level2: it.level2, content: it.content, basis: it.basis,
    publish_deadline: {
      text: it.deadlineText, kind: it.deadline.kind,
      trigger: it.deadline.kind === 'within_days' ? it.deadline.trigger : null,
      days: it.deadline.kind === 'within_days' ? it.deadline.days : null,
      unit: it.deadline.kind === 'within_days' ? it.deadline.unit : null,
      period: it.deadline.kind === 'periodic' ? it.deadline.period : null,
      description: describeDeadline(it.deadline),
    },
    body: { name: it.body, org_code: it.bodyOrgCode },
    channels: it.channels.map((c) => ({ code: c.code, label: labelOf(CHANNELS, c.code), text: c.text })),
    audience: { public: it.audiencePublic, specific: it.audienceSpecific },
    mode: { proactive: it.modeProactive, on_request: it.modeOnRequest },
    tiers: { county: it.tierCounty, township: it.tierTownship, village: it.tierVillage },
  };
}

function sendFile(reply: FastifyReply, buffer: Buffer, fileName: string) {
  return sendDownload(reply, buffer, fileName, fileName.endsWith('.csv') ? FILE_TYPES.csv : FILE_TYPES.xlsx);
}

function errorFromResult(r: { code: string; errors: string[] }): HttpError {
  if (r.code === 'forbidden') return new HttpError(403, 'forbidden', r.errors[0] ?? '');
  if (r.code.endsWith('_not_found')) return new HttpError(404, r.code, r.errors[0] ?? '');
  return new HttpError(r.code === 'version_published' || r.code === 'draft_exists' ? 409 : 400, r.code, r.errors.join('；'));
}

function itemFromForm(body: unknown): { item: CatalogItemInput; bodyOrg: string; values: Record<string, string>; errors: FieldErrors } {
  const names = ['level1', 'level2', 'content', 'basis', 'deadline_text', 'body', 'body_org', 'channels', 'audience_public', 'audience_specific', 'mode_proactive', 'mode_on_request', 'tier_county', 'tier_township', 'tier_village'];
  const values = Object.fromEntries(names.map((n) => [n, field(body, n)]));
  const errors: FieldErrors = {};
  if (!values.level1!.trim() && !values.level2!.trim()) errors.level1 = s.form.level1Required;
  if (!values.content!.trim()) errors.content = s.form.contentRequired;
  if (values.mode_proactive !== '1' && values.mode_on_request !== '1') errors.mode_proactive = s.form.modeRequired;
  for (const n of ['level1', 'level2', 'deadline_text', 'body'] as const) if (values[n]!.length > 200) errors[n] = s.form.tooLong(200);
  const t = (n: string) => values[n] === '1';
  const item: CatalogItemInput = {
    seq: 0, level1: values.level1!.trim() || values.level2!.trim(), level2: values.level1!.trim() ? values.level2!.trim() : '', content: values.content!.trim(), basis: values.basis!.trim(),
    deadlineText: values.deadline_text!.trim(), body: values.body!.trim(), channels: parseChannels(values.channels!),
    audiencePublic: t('audience_public'), audienceSpecific: t('audience_specific'), modeProactive: t('mode_proactive'), modeOnRequest: t('mode_on_request'),
    tierCounty: t('tier_county'), tierTownship: t('tier_township'), tierVillage: t('tier_village'),
  };
  return { item, bodyOrg: values.body_org!.trim(), values, errors };
}

function itemValues(it: CatalogItem): Record<string, string> {
  const b = (x: boolean) => (x ? '1' : '');
  return {
    level1: it.level1, level2: it.level2, content: it.content, basis: it.basis, deadline_text: it.deadlineText, body: it.body, body_org: it.bodyOrgCode ?? '',
    channels: it.channels.map((c) => c.text).join('\n'), audience_public: b(it.audiencePublic), audience_specific: b(it.audienceSpecific),
    mode_proactive: b(it.modeProactive), mode_on_request: b(it.modeOnRequest), tier_county: b(it.tierCounty), tier_township: b(it.tierTownship), tier_village: b(it.tierVillage),
  };
}

export async function catalogRoutes(app: App, deps: svc.CatalogDeps): Promise<void> {
  const { db } = deps;
  const perf = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });

  // ---------- Public pages (published versions only) ----------
  app.get('/openness/catalogs', async (request, reply) => {
    const list = await repo.listCatalogs(db, { published: true, kind: 'local' });
    // Grouped by level, then by county (the third segment of the organisation path), then organisation.
    const areaOf = (path: string) => { const seg = path.split('/').filter(Boolean); return seg[Math.min(2, seg.length - 1)]!; };
    const areaCodes = [...new Set(list.map((c) => areaOf(c.orgPath)))];
    const areaNames = new Map(areaCodes.length ? (await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', areaCodes).execute()).map((o) => [o.code, o.name]) : []);
    const byLevel: Record<CatalogLevel, IndexArea[]> = { county: [], township: [], village: [] };
    for (const c of list) {
      const code = areaOf(c.orgPath);
      let area = byLevel[c.level].find((a) => a.code === code);
      if (!area) byLevel[c.level].push((area = { code, name: areaNames.get(code) ?? code, orgs: [] }));
      let row = area.orgs.find((r) => r.orgCode === c.orgCode);
      if (!row) area.orgs.push((row = { orgCode: c.orgCode, orgName: c.orgName, domains: 0, items: 0 }));
      row.domains++;
      row.items += c.itemCount;
    }
    return sendPage(reply, <CatalogIndexPage ctx={pageContext(request)} byLevel={byLevel} />);
  });

  app.get('/openness/catalogs/org/:code', async (request, reply) => {
    const org = await findOrganisation(db, (request.params as { code: string }).code);
    if (!org) throw notFound();
    const catalogs = await repo.listCatalogs(db, { orgCode: org.code, published: true, kind: 'local' });
    const isCounty = !org.code.includes('-') && (await svc.placeOf(db, org)).level === 'county';
    const all = await repo.listCatalogs(db, { paths: [org.path], published: true, kind: 'local' });
    const domains = new Map<number, { id: number; name: string; catalogs: number }>();
    for (const c of all) {
      const d = domains.get(c.domainId) ?? { id: c.domainId, name: c.domainName, catalogs: 0 };
      d.catalogs++;
      domains.set(c.domainId, d);
    }
    const items = all.reduce((n, c) => n + c.itemCount, 0);
    const subtree = {
      catalogs: all.length, items, orgs: new Set(all.map((c) => c.orgCode)).size, tooLarge: all.length > svc.WORKBOOK_LIMITS.sheets || items > svc.WORKBOOK_LIMITS.items,
      domains: [...domains.values()].sort((a, b) => a.id - b.id),
    };
    return sendPage(reply, <OrgCatalogsPage ctx={pageContext(request)} orgCode={org.code} orgName={org.name} catalogs={catalogs} coverageHref={isCounty ? `/openness/catalogs/coverage/${org.code}` : null} subtree={subtree} />);
  });

  // 一本通 of the organisation's whole subtree (a district: its own, its streets', departments' and communities' catalogues).
  app.get('/openness/catalogs/org/:code/export.xlsx', async (request, reply) => {
    const code = (request.params as { code: string }).code;
    if (!(await findOrganisation(db, code))) throw notFound();
    const r = await svc.exportWorkbook(deps, code);
    if (!r.ok && r.code === 'workbook_too_large') throw new HttpError(409, r.code, r.errors[0]!, r.errors);
    if (!r.ok) throw errorFromResult(r);
    return sendFile(reply, r.value.buffer, r.value.fileName);
  });

  app.get('/openness/catalogs/:id', async (request, reply) => {
    const { catalog, version } = await published(deps, idParam((request.params as { id: string }).id));
    const org = await findOrganisation(db, catalog.orgCode);
    const { urban } = await svc.placeOf(db, org!);
    return sendPage(reply, <CatalogPage ctx={pageContext(request)} catalog={catalog} version={version} items={await repo.itemsOf(db, version.id)} urban={urban} />);
  });

  app.get('/openness/catalogs/:id/export.:format', async (request, reply) => {
    const { id, format } = request.params as { id: string; format: string };
    if (format !== 'xlsx' && format !== 'csv') throw notFound();
    const { catalog } = await published(deps, idParam(id));
    const r = await svc.exportCatalogs(deps, { orgCode: catalog.orgCode, format, domainId: catalog.domainId });
    if (!r.ok) throw errorFromResult(r);
    return sendFile(reply, r.value.buffer, r.value.fileName.replace('政务公开标准目录', `${catalog.domainName}目录`));
  });

  app.get('/openness/catalogs/:id/items/:key', async (request, reply) => {
    const { id, key } = request.params as { id: string; key: string };
    const { catalog, version } = await published(deps, idParam(id));
    const item = (await repo.itemsOf(db, version.id)).find((i) => i.key === key);
    if (!item) throw notFound();
    const { urban } = await svc.placeOf(db, (await findOrganisation(db, catalog.orgCode))!);
    const records = await publishedForCatalogItem(db, deps.clock.now().toISOString(), catalog.id, item.key);
    return sendPage(reply, <CatalogItemPage ctx={pageContext(request)} catalog={catalog} item={item} urban={urban} records={records} />);
  });

  app.get('/openness/catalogs/coverage/:code', async (request, reply) => {
    const org = await findOrganisation(db, (request.params as { code: string }).code);
    if (!org) throw notFound();
    const [domains, cells] = await Promise.all([repo.listDomains(db), repo.coverage(db, org.path)]);
    const orgs = new Map<string, { orgCode: string; orgName: string; kindLabel: string; counts: Map<number, number>; sort: string }>();
    const orgRows = cells.length ? await db.selectFrom('organisation').select(['code', 'name', 'kind', 'path']).where('code', 'in', [...new Set(cells.map((c) => c.orgCode))]).execute() : [];
    const kindLabel = (k: string) => (k === 'department' || k === 'openness_office' ? s.coverageKinds.department : k === 'township_government' ? s.coverageKinds.township : k === 'village_committee' ? s.coverageKinds.village : s.coverageKinds.government);
    for (const o of orgRows) orgs.set(o.code, { orgCode: o.code, orgName: o.name, kindLabel: kindLabel(o.kind), counts: new Map(), sort: o.path });
    for (const c of cells) orgs.get(c.orgCode)!.counts.set(c.domainId, c.items);
    const rows = [...orgs.values()].sort((a, b) => a.sort.localeCompare(b.sort));
    const totals = {
      domains: new Set(cells.map((c) => c.domainId)).size,
      departments: rows.filter((r) => r.kindLabel === s.coverageKinds.department).length,
      townships: rows.filter((r) => r.kindLabel === s.coverageKinds.township).length,
      villages: rows.filter((r) => r.kindLabel === s.coverageKinds.village).length,
      items: cells.reduce((n, c) => n + c.items, 0),
    };
    return sendPage(reply, <CoveragePage ctx={pageContext(request)} orgName={org.name} orgCode={org.code} domains={domains} rows={rows} totals={totals} />);
  });

  // ---------- Open API ----------
  const CatalogSummary = Type.Object({
    id: Type.Integer(), org: Type.Object({ code: Type.String(), name: Type.String() }), level: Type.Object({ code: Type.String(), label: Type.String() }),
    domain: Type.String(), title: Type.String(), version: Type.Integer(), published_at: Type.String(), item_count: Type.Integer(),
  });
  const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
  const Item = Type.Object({
    id: Type.String({ description: '事项的公开标识：在各版本间不变（即 key，亦是 /openness/catalogs/{id}/items/{key} 与搜索结果所用的标识）' }), key: Type.String({ description: '同 id，为兼容旧客户端保留' }), seq: Type.Integer({ description: '序号' }),
    item_level1: Type.String({ description: '一级事项' }), item_level2: Type.String({ description: '二级事项' }),
    content: Type.String({ description: '公开内容（要素）' }), basis: Type.String({ description: '公开依据' }),
    publish_deadline: Type.Object({
      text: Type.String({ description: '公开时限原文' }), kind: Type.String({ description: 'within_days | immediate | periodic | unparsed' }),
      trigger: Nullable(Type.String({ description: 'formation | decision' })), days: Type.Union([Type.Integer(), Type.Null()]),
      unit: Nullable(Type.String({ description: 'working | calendar' })), period: Nullable(Type.String({ description: 'monthly | quarterly | half_yearly | yearly' })),
      description: Type.String(),
    }),
    body: Type.Object({ name: Type.String({ description: '公开主体（原文）' }), org_code: Nullable(Type.String()) }),
    channels: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), text: Type.String() }), { description: '公开渠道和载体' }),
    audience: Type.Object({ public: Type.Boolean(), specific: Type.Boolean() }),
    mode: Type.Object({ proactive: Type.Boolean(), on_request: Type.Boolean() }),
    tiers: Type.Object({ county: Type.Boolean(), township: Type.Boolean(), village: Type.Boolean() }),
  });
  const CatalogDetail = Type.Object({
    id: Type.Integer(), org: Type.Object({ code: Type.String(), name: Type.String() }), level: Type.Object({ code: Type.String(), label: Type.String() }),
    domain: Type.String(), title: Type.String(), version: Type.Integer(), published_at: Type.String(), items: Type.Array(Item),
  });
  const API_LEVELS = defineEnum(CATALOG_LEVELS.values, Object.fromEntries(Object.entries(URBAN_LEVEL_LABELS).map(([code, label]) => [label, code])));
  app.get('/api/v1/catalogs', {
    schema: {
      summary: '已发布的标准目录列表', tags: ['标准目录'],
      querystring: Type.Object({ org: Type.Optional(Type.String({ maxLength: 40 })), level: Type.Optional(EnumString(CATALOG_LEVELS, '公开层级（区级、街道级、社区级亦可）')), domain: Type.Optional(DataEnumString('catalog_domain', '试点领域：编号或名称，如 义务教育', '试点领域表 catalog_domain，编号为 id')) }),
      response: { 200: Type.Object({ catalogs: Type.Array(CatalogSummary) }), 400: ErrorBody },
    },
  }, async (request) => {
    const q = request.query as { org?: string; level?: string; domain?: string };
    // Level and domain as the code or the Chinese name (domains are data: the shared parser over the loaded rows).
    const level = optionalEnum(API_LEVELS, q.level, 'level', { code: 'invalid_level' });
    const domain = optionalEnum(enumOfRows((await repo.listDomains(db)).map((d) => ({ code: String(d.id), name: d.name }))), q.domain, 'domain', { code: 'domain_unknown' });
    const domainId = domain === undefined ? undefined : Number(domain);
    if (q.org && !(await findOrganisation(db, q.org))) throw new HttpError(404, 'org_not_found', s.errors.orgUnknown(q.org));
    const list = await repo.listCatalogs(db, { published: true, kind: 'local', ...(q.org ? { orgCode: q.org } : {}), ...(level ? { level } : {}), ...(domainId ? { domainId } : {}) });
    const versions = new Map((await repo.findVersions(db, list.map((c) => c.publishedVersionId!))).map((v) => [v.id, v]));
    return {
      catalogs: list.map((c) => {
        const v = versions.get(c.publishedVersionId!)!;
        return { id: c.id, org: { code: c.orgCode, name: c.orgName }, level: { code: c.level, label: labelOf(CATALOG_LEVELS, c.level) }, domain: c.domainName, title: c.title, version: v.versionNo, published_at: v.publishedAt ?? '', item_count: c.itemCount };
      }),
    };
  });

  app.get('/api/v1/catalogs/:id', {
    schema: {
      summary: '一个已发布目录及其全部事项（含结构化的公开时限）', tags: ['标准目录'],
      params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,10}$' }) }),
      response: { 200: CatalogDetail, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { catalog, version } = await published(deps, idParam((request.params as { id: string }).id));
    const items = await repo.itemsOf(db, version.id);
    return {
      id: catalog.id, org: { code: catalog.orgCode, name: catalog.orgName }, level: { code: catalog.level, label: labelOf(CATALOG_LEVELS, catalog.level) },
      domain: catalog.domainName, title: catalog.title, version: version.versionNo, published_at: version.publishedAt ?? '', items: items.map(itemJson),
    };
  });

  // ---------- Staff ----------
  app.staffLinks.push({ href: '/staff/catalogs', label: s.staffTitle, description: '新建、导入、修改、比对和发布本单位的政务公开标准目录', roles: svc.READ_ROLES });
  const readGuard = { preHandler: requireRoles(...svc.READ_ROLES) };
  const editGuard = { preHandler: requireRoles(...svc.EDIT_ROLES) };

  async function scopedCatalog(request: FastifyRequest, id: number) {
    const c = await repo.findCatalog(db, id);
    if (!c) throw notFound();
    if (!hasRoleOver(request.actor!, svc.READ_ROLES, c.orgPath)) throw forbidden();
    return c;
  }

  app.get('/staff/catalogs', readGuard, async (request, reply) => {
    const catalogs = await repo.listCatalogs(db, { paths: scopePaths(request.actor!, svc.READ_ROLES) });
    const done = doneNotice((request.query as { done?: string }).done);
    return sendPage(reply, <StaffCatalogsPage ctx={pageContext(request)} catalogs={catalogs} message={done ? s.done.prefix(done) : null} />);
  });

  async function newPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors, status = 200) {
    const baselines = (await repo.listCatalogs(db, { published: true })).filter((c) => c.kind === 'guideline' || c.level === 'county' || c.level === 'township');
    return sendPage(reply, <NewCatalogPage ctx={pageContext(request)} domains={await repo.listDomains(db)} baselines={baselines} values={values} errors={errors} />, status);
  }
  app.get('/staff/catalogs/new', editGuard, async (request, reply) => newPage(request, reply, {}, {}));

  app.post('/staff/catalogs', editGuard, async (request, reply) => {
    const values = { org: field(request.body, 'org').trim(), domain: field(request.body, 'domain'), kind: field(request.body, 'kind'), title: field(request.body, 'title') };
    const errors: FieldErrors = {};
    if (!values.org) errors.org = s.form.orgRequired;
    if (!values.domain) errors.domain = s.form.domainRequired;
    if (Object.keys(errors).length) return newPage(request, reply, values, errors, 400);
    const r = await svc.createCatalog(deps, perf(request), { orgCode: values.org, domainId: rowIdOf(values.domain) ?? 0, kind: values.kind === 'guideline' ? 'guideline' : 'local', title: values.title });
    if (!r.ok) {
      if (r.code === 'forbidden') throw errorFromResult(r);
      return newPage(request, reply, values, { [r.code === 'domain_unknown' ? 'domain' : 'org']: r.errors[0]! }, 400);
    }
    return reply.redirect(`/staff/catalogs/${r.value.catalogId}`, 303);
  });

  app.post('/staff/catalogs/derive', editGuard, async (request, reply) => {
    const values = { baseline: field(request.body, 'baseline'), derive_org: field(request.body, 'derive_org').trim() };
    const errors: FieldErrors = {};
    if (!values.baseline) errors.baseline = s.form.baselineRequired;
    if (!values.derive_org) errors.derive_org = s.form.deriveOrgRequired;
    if (Object.keys(errors).length) return newPage(request, reply, values, errors, 400);
    const r = await svc.deriveCatalog(deps, perf(request), { baselineCatalogId: rowIdOf(values.baseline) ?? 0, orgCode: values.derive_org });
    if (!r.ok) {
      if (r.code === 'forbidden') throw errorFromResult(r);
      return newPage(request, reply, values, { [r.code === 'org_unknown' ? 'derive_org' : 'baseline']: r.errors[0]! }, 400);
    }
    return reply.redirect(`/staff/catalogs/${r.value.catalogId}`, 303);
  });

  async function detail(request: FastifyRequest, reply: FastifyReply, id: number, errors: string[], status = 200) {
    const catalog = await scopedCatalog(request, id);
    const versions = await repo.listVersions(db, id);
    const wanted = rowIdOf((request.query as { version?: string }).version);
    const current = versions.find((v) => v.id === wanted) ?? versions.find((v) => v.status === 'draft') ?? versions[0] ?? null;
    const items = current ? await repo.itemsOf(db, current.id) : [];
    const bodies = new Map<string, { body: string; orgCode: string | null; count: number }>();
    for (const it of items) if (it.body) {
      const b = bodies.get(it.body) ?? { body: it.body, orgCode: it.bodyOrgCode, count: 0 };
      b.count++;
      bodies.set(it.body, b);
    }
    const { urban } = await svc.placeOf(db, (await findOrganisation(db, catalog.orgCode))!);
    const done = doneNotice((request.query as { done?: string }).done);
    return sendPage(reply, (
      <CatalogDetailPage ctx={pageContext(request)} catalog={catalog} versions={versions} current={current} items={items} urban={urban}
        canEdit={hasRoleOver(request.actor!, svc.EDIT_ROLES, catalog.orgPath)} canPublish={hasRoleOver(request.actor!, svc.PUBLISH_ROLES, catalog.orgPath)}
        bodies={[...bodies.values()]} message={done ? s.done.prefix(done) : null} errors={errors} />
    ), status);
  }

  app.get('/staff/catalogs/:id', readGuard, async (request, reply) => detail(request, reply, idParam((request.params as { id: string }).id), []));

  /** Runs a staff action and returns to the catalogue page with a notice, or shows the refusal. */
  async function act(request: FastifyRequest, reply: FastifyReply, catalogId: number, run: () => Promise<{ ok: true } | { ok: false; code: string; errors: string[] }>, done: string) {
    const r = await run();
    if (!r.ok) {
      if (r.code === 'forbidden') throw errorFromResult(r);
      return detail(request, reply, catalogId, r.errors, r.code.endsWith('_not_found') ? 404 : 409);
    }
    return reply.redirect(`/staff/catalogs/${catalogId}?done=${encodeURIComponent(done)}`, 303);
  }

  async function versionOf(request: FastifyRequest) {
    const v = await repo.findVersion(db, idParam((request.params as { vid: string }).vid));
    if (!v) throw notFound();
    const catalog = await scopedCatalog(request, v.catalogId);
    return { v, catalog };
  }

  app.post('/staff/catalogs/:id/draft', editGuard, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    await scopedCatalog(request, id);
    return act(request, reply, id, () => svc.startDraft(deps, perf(request), id), s.done.draft);
  });

  app.post('/staff/catalogs/versions/:vid/publish', { preHandler: requireRoles(...svc.PUBLISH_ROLES) }, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    return act(request, reply, catalog.id, () => svc.publish(deps, perf(request), v.id), s.done.published(v.versionNo));
  });

  app.post('/staff/catalogs/versions/:vid/discard', editGuard, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    return act(request, reply, catalog.id, () => svc.discardDraft(deps, perf(request), v.id), s.done.discarded(v.versionNo));
  });

  app.post('/staff/catalogs/versions/:vid/link-body', editGuard, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    const body = field(request.body, 'body');
    const org = field(request.body, 'org').trim();
    return act(request, reply, catalog.id, () => svc.linkBody(deps, perf(request), v.id, body, org || null), s.done.linked(body));
  });

  app.post('/staff/catalogs/versions/:vid/items/:itemId/move', editGuard, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    const direction = (request.query as { direction?: string }).direction === 'up' ? 'up' : 'down';
    return act(request, reply, catalog.id, () => svc.moveItem(deps, perf(request), v.id, idParam((request.params as { itemId: string }).itemId), direction), s.done.moved);
  });

  app.post('/staff/catalogs/versions/:vid/items/:itemId/delete', editGuard, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    return act(request, reply, catalog.id, () => svc.removeItem(deps, perf(request), v.id, idParam((request.params as { itemId: string }).itemId)), s.done.removed);
  });

  app.get('/staff/catalogs/versions/:vid/items/new', editGuard, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    if (v.status !== 'draft') throw new HttpError(409, 'version_published', s.errors.versionPublished);
    return sendPage(reply, <ItemFormPage ctx={pageContext(request)} catalog={catalog} versionId={v.id} itemId={null} values={{ audience_public: '1', mode_proactive: '1', [`tier_${catalog.level}`]: '1', deadline_text: s.form.defaultDeadline }} errors={{}} />);
  });

  app.get('/staff/catalogs/versions/:vid/items/:itemId/edit', editGuard, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    const item = await repo.findItem(db, idParam((request.params as { itemId: string }).itemId));
    if (!item || item.versionId !== v.id) throw notFound();
    return sendPage(reply, <ItemFormPage ctx={pageContext(request)} catalog={catalog} versionId={v.id} itemId={item.id} values={itemValues(item)} errors={{}} />);
  });

  const saveItem = async (request: FastifyRequest, reply: FastifyReply) => {
    const { v, catalog } = await versionOf(request);
    const itemId = (request.params as { itemId?: string }).itemId ? idParam((request.params as { itemId: string }).itemId) : null;
    const form = itemFromForm(request.body);
    const page = (errors: FieldErrors) => sendPage(reply, <ItemFormPage ctx={pageContext(request)} catalog={catalog} versionId={v.id} itemId={itemId} values={form.values} errors={errors} />, 400);
    if (Object.keys(form.errors).length) return page(form.errors);
    const r = await svc.saveItem(deps, perf(request), v.id, itemId, form.item, form.bodyOrg || null);
    if (!r.ok) {
      if (r.code === 'org_unknown') return page({ body_org: r.errors[0]! });
      throw errorFromResult(r);
    }
    return reply.redirect(`/staff/catalogs/${catalog.id}?done=${encodeURIComponent(s.done.saved)}#item-${r.value.itemId}`, 303);
  };
  app.post('/staff/catalogs/versions/:vid/items', editGuard, saveItem);
  app.post('/staff/catalogs/versions/:vid/items/:itemId', editGuard, saveItem);

  app.get('/staff/catalogs/versions/:vid/compare', readGuard, async (request, reply) => {
    const { v, catalog } = await versionOf(request);
    const against = (request.query as { against?: string }).against === 'previous' ? 'previous' : 'baseline';
    const r = await svc.compare(deps, v.id, against);
    if (!r) throw new HttpError(404, 'baseline_not_found', against === 'baseline' ? s.errors.noBaseline : s.errors.noPrevious);
    return sendPage(reply, <ComparePage ctx={pageContext(request)} catalog={catalog} version={v} base={r.base} baseCatalog={r.baseCatalog} diff={r.diff} summary={against === 'baseline' ? diffSummary(r.diff) : diffSummary(r.diff).replace('较基准目录', '较上一发布版')} />);
  });

  app.get('/staff/catalogs/export', readGuard, async (request, reply) => {
    const q = request.query as { org?: string; domain?: string; drafts?: string; format?: string };
    const org = q.org ? await findOrganisation(db, q.org) : null;
    if (!org) throw new HttpError(404, 'org_not_found', s.errors.orgUnknown(q.org ?? ''));
    if (!hasRoleOver(request.actor!, svc.READ_ROLES, org.path)) throw forbidden();
    const domainId = q.domain ? rowIdOf(q.domain) : null;
    if (q.domain && domainId === null) throw badRequest('domain_unknown', s.errors.domainUnknown(q.domain));
    const r = await svc.exportCatalogs(deps, { orgCode: org.code, format: q.format === 'csv' ? 'csv' : 'xlsx', drafts: q.drafts === '1', ...(domainId ? { domainId } : {}) });
    if (!r.ok) throw errorFromResult(r);
    return sendFile(reply, r.value.buffer, r.value.fileName);
  });

  // Import: multipart only on this route, in its own scope.
  await app.register(async (scope) => {
    // A cut-off or malformed multipart body makes busboy throw a plain Error (no statusCode): a 400,
    // not a 500. Every other error goes on to the app's handler unchanged.
    scope.setErrorHandler((error) => {
      if (isMalformedMultipart(error)) {
        throw badRequest('multipart_invalid', s.errors.multipartInvalid);
      }
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 },
      async onFile(part) {
        (part as unknown as { value: unknown }).value = { fileName: part.filename, buffer: await part.toBuffer() };
      },
    });
    const importPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: string[], warnings: string[], result: svc.ImportedCatalog[] | null, status = 200) =>
      sendPage(reply, <ImportPage ctx={pageContext(request)} domains={await repo.listDomains(db)} values={values} errors={errors} warnings={warnings} result={result} />, status);
    scope.get('/staff/catalogs/import', editGuard, async (request, reply) => importPage(request, reply, {}, [], [], null));
    scope.post('/staff/catalogs/import', editGuard, async (request, reply) => {
      if (!request.isMultipart()) throw badRequest('multipart_required', s.errors.noFile);
      const body = request.body as Record<string, unknown>;
      const values = { org: field(body, 'org').trim(), domain: field(body, 'domain'), publish: field(body, 'publish') };
      const file = body.file as { fileName: string; buffer: Buffer } | undefined;
      const errors: string[] = [];
      if (!values.org) errors.push(s.form.orgRequired);
      if (!file || !file.fileName || file.buffer.length === 0) errors.push(s.errors.noFile);
      if (errors.length) return importPage(request, reply, values, errors, [], null, 400);
      const r = await svc.importFile(deps, perf(request), { orgCode: values.org, buffer: file!.buffer, fileName: file!.fileName, domainName: values.domain || undefined, publish: values.publish === '1' });
      if (!r.ok) {
        if (r.code === 'forbidden') throw errorFromResult(r);
        return importPage(request, reply, values, r.errors, [], null, 400);
      }
      return importPage(request, reply, {}, [], r.value.warnings, r.value.catalogs);
    });
  });

  // Domains: editors see them; supervisors and admins add local ones; a platform administrator
  // renames one (the list is shared by every county's catalogues).
  const domainsPage = async (request: FastifyRequest, reply: FastifyReply, message: string | null, errors: FieldErrors, status = 200) =>
    sendPage(reply, <DomainsPage ctx={pageContext(request)} domains={await repo.listDomains(db)} message={message} errors={errors} canRename={isPlatformAdmin(request.actor!)} />, status);
  app.get('/staff/catalogs/domains', readGuard, async (request, reply) => domainsPage(request, reply, null, {}));
  app.post('/staff/catalogs/domains', { preHandler: requireRoles('admin', 'supervisor') }, async (request, reply) => {
    const r = await svc.addDomain(deps, perf(request), field(request.body, 'name'));
    if (!r.ok) return domainsPage(request, reply, null, { name: r.errors[0]! }, 400);
    return domainsPage(request, reply, s.done.domainAdded, {});
  });
  app.post('/staff/catalogs/domains/:id', { preHandler: requirePlatformAdmin() }, async (request, reply) => {
    const r = await svc.renameDomain(deps, perf(request), idParam((request.params as { id: string }).id), field(request.body, 'name'));
    if (!r.ok) return domainsPage(request, reply, null, { name: r.errors[0]! }, r.code === 'domain_unknown' ? 404 : 400);
    return domainsPage(request, reply, s.done.domainRenamed, {});
  });
}
