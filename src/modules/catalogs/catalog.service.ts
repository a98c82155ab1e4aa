// Shell: catalogue use cases — import and export, create, derive from a baseline, edit drafts,
// publish, compare. Every write is one transaction with its audit entry; a published version is
// never written again (the repository refuses).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import { inTransaction, isUniqueViolation, lockRow } from '../../platform/db/db.ts';
import { levelOfCode } from '../../platform/geo/region-code.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, hasRoleOver, type Organisation, type Role } from '../identity/index.ts';
import { findRegion } from '../regions/index.ts';
import { itemNameKey, type CatalogItem, type CatalogItemInput, type CatalogLevel } from './catalog-model.ts';
import { diffCatalogs, type CatalogDiff } from './catalog-diff.ts';
import { describeProblem, domainInTitle, indexGrid, isIndexGrid, parseSheet, sheetOf, workbookSheetNames, type Grid, type WorkbookEntry } from './catalog-sheet.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import { CatalogFileError, readGrids, writeXlsx } from './catalog-files.ts';
import * as repo from './catalog.repository.ts';
import { catalogStrings as s } from './catalog.strings.ts';

export interface CatalogDeps {
  db: Db;
  clock: Clock;
}

/** Roles that edit drafts, and roles that publish (the openness office and admins). */
export const EDIT_ROLES: Role[] = ['admin', 'supervisor', 'editor'];
export const PUBLISH_ROLES: Role[] = ['admin', 'supervisor'];
export const READ_ROLES: Role[] = ['admin', 'supervisor', 'editor', 'reviewer'];

export type Result<T> = { ok: true; value: T } | { ok: false; code: string; errors: string[] };
const fail = (code: string, ...errors: string[]): { ok: false; code: string; errors: string[] } => ({ ok: false, code, errors });

/** Thrown inside a write's transaction when another request got there first (a draft appeared). */
class ConcurrentWrite extends Error {}

/** Runs a write; a request that lost a race (a draft or catalogue created meanwhile) gets `refusal`, not a 500. */
async function guarded<T>(run: () => Promise<Result<T>>, refusal: () => Result<T>): Promise<Result<T>> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ConcurrentWrite || isUniqueViolation(e)) return refusal();
    throw e;
  }
}

export function newItemKey(): string {
  return randomBytes(8).toString('base64url');
}

/** The catalogue level of an organisation and whether its place uses urban labels (区/街道/社区). */
export async function placeOf(db: Db, org: Organisation): Promise<{ level: CatalogLevel; urban: boolean }> {
  const rl = levelOfCode(org.regionCode);
  const level: CatalogLevel = rl === 'township' ? 'township' : rl === 'village' ? 'village' : 'county';
  const county = await findRegion(db, `${org.regionCode.slice(0, 6)}000000`);
  return { level, urban: !!county && /区$/.test(county.name) };
}

function may(p: Performer, roles: Role[], path: string): boolean {
  return 'cli' in p || hasRoleOver(p.actor, roles, path);
}

/** Filed under the catalogue's organisation (which every caller already holds), so that county's admin sees it in /staff/audit. */
async function audit(db: Db, deps: CatalogDeps, p: Performer, action: string, catalog: { id: number; orgCode: string }, after?: unknown, before?: unknown): Promise<void> {
  await recordAudit(platformView(db), deps.clock.now(), { ...auditActor(p), action, entity: 'catalog', entityId: String(catalog.id), after, before, orgCode: catalog.orgCode });
}

/** The subtree path of the county (or higher level) an organisation path lies in: /44/4401/440105/. */
function countyPathOf(path: string): string {
  return `/${path.split('/').filter(Boolean).slice(0, 3).join('/')}/`;
}

/**
 * The organisation a 公开主体 is linked to by hand: one of the catalogue's own county, as the automatic
 * link chooses — another county's organisation would put this catalogue's items into its lists.
 */
async function bodyOrgFor(db: Db, catalog: repo.Catalog, code: string): Promise<Result<Organisation>> {
  const org = await findOrganisation(db, code.trim());
  if (!org) return fail('org_unknown', s.errors.orgUnknown(code));
  if (!org.path.startsWith(countyPathOf(catalog.orgPath))) return fail('org_unknown', s.errors.bodyOrgOutsideCounty(code.trim()));
  return { ok: true, value: org };
}

/** Links 公开主体 names to organisations: what an earlier version linked, else an exact name in the same county. */
async function bodyLinks(db: Db, org: Organisation, bodies: string[], previous: CatalogItem[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const carried = new Map(previous.filter((i) => i.bodyOrgCode).map((i) => [i.body, i.bodyOrgCode]));
  const countyPath = countyPathOf(org.path);
  const distinct = [...new Set(bodies.filter(Boolean))];
  const found = distinct.length
    ? await db.selectFrom('organisation').select(['code', 'name']).where('name', 'in', distinct).where('path', 'like', `${countyPath}%`).execute()
    : [];
  for (const b of distinct) {
    const exact = found.filter((o) => o.name === b);
    out.set(b, carried.get(b) ?? (exact.length === 1 ? exact[0]!.code : null));
  }
  return out;
}

/** Keys for a new version's items: the key of the same-named item of the previous version, else new. */
function assignKeys(items: CatalogItemInput[], previous: CatalogItem[]): string[] {
  const pool = new Map<string, string[]>();
  for (const p of previous) {
    const k = itemNameKey(p.level1, p.level2);
    pool.set(k, [...(pool.get(k) ?? []), p.key]);
  }
  return items.map((it) => pool.get(itemNameKey(it.level1, it.level2))?.shift() ?? newItemKey());
}

async function latestVersion(db: Db, catalogId: number): Promise<repo.Version | null> {
  return (await repo.listVersions(db, catalogId))[0] ?? null;
}

async function latestPublished(db: Db, catalogId: number): Promise<repo.Version | null> {
  return (await repo.listVersions(db, catalogId)).find((v) => v.status === 'published') ?? null;
}

export interface ImportRequest {
  orgCode: string;
  buffer: Buffer;
  fileName: string;
  /** Domain for sheets whose title names none. */
  domainName?: string;
  publish: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportedCatalog {
  catalogId: number;
  versionId: number;
  versionNo: number;
  domain: string;
  items: number;
  published: boolean;
  unlinkedBodies: string[];
}

/** Imports a workbook (one catalogue per sheet) or a CSV: all sheets or nothing. */
export async function importFile(deps: CatalogDeps, p: Performer, req: ImportRequest): Promise<Result<{ catalogs: ImportedCatalog[]; warnings: string[] }>> {
  const { db } = deps;
  const errors: string[] = [];
  const org = await findOrganisation(db, req.orgCode.trim());
  if (!org) errors.push(s.errors.orgUnknown(req.orgCode));
  else if (!may(p, EDIT_ROLES, org.path)) return fail('forbidden', s.errors.forbiddenOrg(org.code));
  if (req.publish && org && !may(p, PUBLISH_ROLES, org.path)) return fail('forbidden', s.errors.forbiddenPublish);
  let grids: Grid[];
  try {
    // A 一本通 workbook re-imports as it was downloaded: its 目录 sheet lists the others and is skipped.
    grids = (await readGrids(req.buffer, req.fileName.replace(/\.[^.]+$/, ''))).filter((g) => !isIndexGrid(g));
  } catch (e) {
    if (e instanceof CatalogFileError) return fail(e.code, ...errors, e.message);
    throw e;
  }
  const place = org ? await placeOf(db, org) : { level: 'county' as CatalogLevel, urban: false };
  const domains = await repo.listDomains(db);
  const names = domains.map((d) => d.name);
  const warnings: string[] = [];
  const sheets: { grid: Grid; items: CatalogItemInput[]; domain: repo.Domain; title: string }[] = [];
  const multi = grids.length > 1;
  for (const grid of grids) {
    const parsed = parseSheet(grid, { level: place.level });
    const sheetName = multi ? grid.name : undefined;
    errors.push(...parsed.errors.map((e) => describeProblem(e, sheetName)));
    warnings.push(...parsed.warnings.map((e) => describeProblem(e, sheetName)));
    const wanted = req.domainName?.trim();
    const domainName = domainInTitle(parsed.title, names) ?? domainInTitle(grid.name, names) ?? (wanted || null);
    const domain = domains.find((d) => d.name === domainName);
    if (!domainName) errors.push(s.errors.domainMissing(sheetName));
    else if (!domain) errors.push(s.errors.domainUnknown(domainName));
    else if (sheets.some((x) => x.domain.id === domain.id)) errors.push(s.errors.domainTwice(domain.name));
    else sheets.push({ grid, items: parsed.items, domain, title: parsed.title ?? `${org?.name ?? ''}${domain.name}领域基层政务公开标准目录` });
  }
  if (org) {
    for (const sh of sheets) {
      const existing = await repo.findCatalogFor(db, org.code, 'local', sh.domain.id);
      const draft = existing ? (await repo.listVersions(db, existing.id)).find((v) => v.status === 'draft') : undefined;
      if (draft) errors.push(s.errors.draftExists(sh.domain.name, draft.versionNo));
    }
  }
  if (errors.length || !org) return fail('import_invalid', ...errors);

  const total = sheets.reduce((n, sh) => n + sh.items.length, 0);
  let done = 0;
  const by = auditActor(p).actorLabel;
  const now = deps.clock.now();
  const written = await guarded(async () => ({ ok: true as const, value: await inTransaction(db, async (trx) => {
    const out: ImportedCatalog[] = [];
    for (const sh of sheets) {
      const catalog = await repo.findCatalogFor(trx, org.code, 'local', sh.domain.id);
      const catalogId = catalog?.id ?? (await repo.insertCatalog(trx, { orgCode: org.code, kind: 'local', level: place.level, domainId: sh.domain.id, title: sh.title }, now));
      if ((await repo.listVersions(trx, catalogId)).some((v) => v.status === 'draft')) throw new ConcurrentWrite();
      const prev = await latestVersion(trx, catalogId);
      // The title is the catalogue's, shown with its published version: a draft import must not
      // change what the public sees, so the sheet's title applies when it is published now or
      // when nothing is published yet.
      const hasPublished = catalog ? (await repo.listVersions(trx, catalogId)).some((v) => v.status === 'published') : false;
      if (catalog && catalog.title !== sh.title && (req.publish || !hasPublished)) await repo.updateCatalogTitle(trx, catalogId, sh.title);
      const prevItems = prev ? await repo.itemsOf(trx, prev.id) : [];
      const version = await repo.insertVersion(trx, { catalogId, origin: 'import', baselineVersionId: prev?.baselineVersionId ?? null, note: s.importNote(req.fileName), createdBy: by }, now);
      const keys = assignKeys(sh.items, prevItems);
      const links = await bodyLinks(trx, org, sh.items.map((i) => i.body), prevItems);
      const base = done;
      await repo.insertItems(trx, version.id, sh.items.map((item, i) => ({ key: keys[i]!, item, bodyOrgCode: links.get(item.body) ?? null })), (n) => req.onProgress?.(base + n, total));
      done += sh.items.length;
      if (req.publish) await repo.markPublished(trx, version.id, by, now);
      const result: ImportedCatalog = {
        catalogId, versionId: version.id, versionNo: version.versionNo, domain: sh.domain.name, items: sh.items.length, published: req.publish,
        unlinkedBodies: [...links].filter(([, code]) => !code).map(([b]) => b),
      };
      await audit(trx, deps, p, req.publish ? 'catalog.import_publish' : 'catalog.import', { id: catalogId, orgCode: org.code }, { file: req.fileName, version: version.versionNo, items: sh.items.length });
      out.push(result);
    }
    return out;
  }) }), () => fail('draft_exists', s.errors.concurrent));
  if (!written.ok) return written;
  return { ok: true, value: { catalogs: written.value, warnings } };
}

export interface ExportRequest {
  orgCode: string;
  format: 'xlsx' | 'csv';
  /** Export drafts where there is one (staff); the public export is published versions only. */
  drafts?: boolean;
  domainId?: number;
}

/** The organisation's catalogues in the official layout, one sheet each. */
export async function exportCatalogs(deps: CatalogDeps, req: ExportRequest): Promise<Result<{ buffer: Buffer; fileName: string; sheets: number; items: number }>> {
  const { db } = deps;
  const org = await findOrganisation(db, req.orgCode.trim());
  if (!org) return fail('org_unknown', s.errors.orgUnknown(req.orgCode));
  const { urban } = await placeOf(db, org);
  const list = (await repo.listCatalogs(db, { orgCode: org.code, kind: 'local', ...(req.domainId ? { domainId: req.domainId } : {}) }))
    .map((c) => ({ c, versionId: req.drafts ? c.draftVersionId ?? c.publishedVersionId : c.publishedVersionId }))
    .filter((x): x is { c: typeof x.c; versionId: number } => x.versionId !== null);
  if (!list.length) return fail('catalog_not_found', s.errors.nothingToExport(org.name));
  if (req.format === 'csv' && list.length > 1) return fail('csv_one_catalog', s.errors.csvOneCatalog);
  const grids: Grid[] = [];
  let items = 0;
  for (const { c, versionId } of list) {
    const its = await repo.itemsOf(db, versionId);
    items += its.length;
    grids.push(sheetOf(c.title, its, urban, c.domainName));
  }
  const fileName = `${org.name}-政务公开标准目录.${req.format}`;
  const buffer = req.format === 'xlsx' ? await writeXlsx(grids) : Buffer.from(toCsv(grids[0]!.cells), 'utf8');
  return { ok: true, value: { buffer, fileName, sheets: grids.length, items } };
}

/**
 * Bounds of the district workbook (一本通). Measured (docs/model/catalogs.md): 500 sheets of 60
 * items (30,000 rows) build in a few seconds with a bounded heap — each sheet's items are read and
 * written one catalogue at a time; what stays in memory is the compressed file. Beyond these a
 * download would tie up a worker for long and hand people a file Excel opens slowly: refused with
 * a message that says how to get the parts (each organisation's own download).
 */
export const WORKBOOK_LIMITS = { sheets: 500, items: 30_000 };

/**
 * 一本通 of a whole district (or any organisation's subtree): every published local catalogue of
 * the organisation, its streets, departments and communities, one sheet each in the official
 * layout (sheetOf), after a 目录 sheet listing them.
 */
export async function exportWorkbook(deps: CatalogDeps, orgCode: string, limits = WORKBOOK_LIMITS): Promise<Result<{ buffer: Buffer; fileName: string; sheets: number; items: number }>> {
  const { db } = deps;
  const org = await findOrganisation(db, orgCode.trim());
  if (!org) return fail('org_unknown', s.errors.orgUnknown(orgCode));
  const list = await repo.listCatalogs(db, { paths: [org.path], kind: 'local', published: true });
  if (!list.length) return fail('catalog_not_found', s.errors.nothingToExport(org.name));
  const items = list.reduce((n, c) => n + c.itemCount, 0);
  if (list.length > limits.sheets || items > limits.items) return fail('workbook_too_large', s.errors.workbookTooLarge(org.name, list.length, items, limits));
  const versions = new Map((await repo.findVersions(db, list.map((c) => c.publishedVersionId!))).map((v) => [v.id, v]));
  const names = workbookSheetNames(list.map((c) => ({ orgName: c.orgName, domainName: c.domainName })), org.name);
  const entries: WorkbookEntry[] = list.map((c, i) => {
    const v = versions.get(c.publishedVersionId!)!;
    return { sheetName: names[i]!, orgName: c.orgName, orgCode: c.orgCode, domainName: c.domainName, title: c.title, versionNo: v.versionNo, publishedOn: v.publishedAt ? localDateOf(new Date(v.publishedAt)) : '', items: c.itemCount };
  });
  // 县级/乡级/村级 or 区级/街道级/社区级 follow each catalogue's own county (a city's subtree holds both).
  const urbanOf = new Map<string, boolean>();
  async function* sheets() {
    for (const [i, c] of list.entries()) {
      const county = c.orgPath.split('/').filter(Boolean).slice(0, 3).join('/');
      if (!urbanOf.has(county)) urbanOf.set(county, (await placeOf(db, (await findOrganisation(db, c.orgCode))!)).urban);
      yield sheetOf(c.title, await repo.itemsOf(db, c.publishedVersionId!), urbanOf.get(county)!, names[i]!);
    }
  }
  const buffer = await writeXlsx(sheets(), indexGrid(s.workbookTitle(org.name), entries));
  return { ok: true, value: { buffer, fileName: `${org.name}-政务公开标准目录（一本通）.xlsx`, sheets: list.length, items } };
}

/** A new, empty catalogue with draft version 1. */
export async function createCatalog(deps: CatalogDeps, p: Performer, input: { orgCode: string; domainId: number; kind: 'local' | 'guideline'; title: string }): Promise<Result<{ catalogId: number; versionId: number }>> {
  const { db } = deps;
  const org = await findOrganisation(db, input.orgCode.trim());
  if (!org) return fail('org_unknown', s.errors.orgUnknown(input.orgCode));
  if (!may(p, EDIT_ROLES, org.path)) return fail('forbidden', s.errors.forbiddenOrg(org.code));
  const domain = await repo.findDomain(db, input.domainId);
  if (!domain) return fail('domain_unknown', s.errors.domainUnknown(String(input.domainId)));
  if (await repo.findCatalogFor(db, org.code, input.kind, domain.id)) return fail('catalog_exists', s.errors.catalogExists(org.name, domain.name));
  const { level } = await placeOf(db, org);
  const title = input.title.trim() || `${org.name}${domain.name}领域基层政务公开标准${input.kind === 'guideline' ? '指引' : '目录'}`;
  return guarded(() => inTransaction(db, async (trx) => {
    const now = deps.clock.now();
    const catalogId = await repo.insertCatalog(trx, { orgCode: org.code, kind: input.kind, level, domainId: domain.id, title }, now);
    const v = await repo.insertVersion(trx, { catalogId, origin: 'manual', baselineVersionId: null, note: '', createdBy: auditActor(p).actorLabel }, now);
    await audit(trx, deps, p, 'catalog.create', { id: catalogId, orgCode: org.code }, { org: org.code, domain: domain.name, kind: input.kind, title });
    return { ok: true as const, value: { catalogId, versionId: v.id } };
  }), () => fail('catalog_exists', s.errors.catalogExists(org.name, domain.name)));
}

/**
 * Derives a catalogue for `orgCode` from a baseline (a guideline or a higher level's catalogue):
 * a new draft whose items copy the baseline's published items with their keys, so the diff
 * report can say what was added, removed and changed.
 */
export async function deriveCatalog(deps: CatalogDeps, p: Performer, input: { baselineCatalogId: number; orgCode: string }): Promise<Result<{ catalogId: number; versionId: number }>> {
  const { db } = deps;
  const baseline = await repo.findCatalog(db, input.baselineCatalogId);
  if (!baseline) return fail('catalog_not_found', s.errors.catalogNotFound);
  const baseVersion = await latestPublished(db, baseline.id);
  if (!baseVersion) return fail('baseline_unpublished', s.errors.baselineUnpublished);
  const org = await findOrganisation(db, input.orgCode.trim());
  if (!org) return fail('org_unknown', s.errors.orgUnknown(input.orgCode));
  if (!may(p, EDIT_ROLES, org.path)) return fail('forbidden', s.errors.forbiddenOrg(org.code));
  if (org.code === baseline.orgCode && baseline.kind === 'local') return fail('derive_self', s.errors.deriveSelf);
  const existing = await repo.findCatalogFor(db, org.code, 'local', baseline.domainId);
  if (existing && (await repo.listVersions(db, existing.id)).some((v) => v.status === 'draft')) return fail('draft_exists', s.errors.draftExists(baseline.domainName, 0));
  const { level } = await placeOf(db, org);
  const items = await repo.itemsOf(db, baseVersion.id);
  return guarded(() => inTransaction(db, async (trx) => {
    const now = deps.clock.now();
    if (existing && (await repo.listVersions(trx, existing.id)).some((v) => v.status === 'draft')) throw new ConcurrentWrite();
    const catalogId = existing?.id ?? (await repo.insertCatalog(trx, { orgCode: org.code, kind: 'local', level, domainId: baseline.domainId, title: `${org.name}${baseline.domainName}领域基层政务公开标准目录` }, now));
    const v = await repo.insertVersion(trx, { catalogId, origin: 'derived', baselineVersionId: baseVersion.id, note: s.deriveNote(baseline.title, baseVersion.versionNo), createdBy: auditActor(p).actorLabel }, now);
    const links = await bodyLinks(trx, org, items.map((i) => i.body), []);
    await repo.insertItems(trx, v.id, items.map((it) => ({ key: it.key, item: it, bodyOrgCode: links.get(it.body) ?? null })));
    await audit(trx, deps, p, 'catalog.derive', { id: catalogId, orgCode: org.code }, { baseline: baseline.id, baselineVersion: baseVersion.versionNo, items: items.length });
    return { ok: true as const, value: { catalogId, versionId: v.id } };
  }), () => fail('draft_exists', s.errors.concurrent));
}

/** A new draft copied from the latest published version (a published version never changes). */
export async function startDraft(deps: CatalogDeps, p: Performer, catalogId: number): Promise<Result<{ versionId: number }>> {
  const { db } = deps;
  const c = await repo.findCatalog(db, catalogId);
  if (!c) return fail('catalog_not_found', s.errors.catalogNotFound);
  if (!may(p, EDIT_ROLES, c.orgPath)) return fail('forbidden', s.errors.forbiddenCatalog);
  const versions = await repo.listVersions(db, catalogId);
  const draft = versions.find((v) => v.status === 'draft');
  if (draft) return fail('draft_exists', s.errors.draftExists(c.domainName, draft.versionNo));
  const from = versions.find((v) => v.status === 'published');
  // Checked again inside the transaction, under a lock on the catalogue row (SQLite serialises
  // writers anyway); a unique-key clash on the version number is the same refusal.
  const again = (): Result<{ versionId: number }> => fail('draft_exists', s.errors.draftExists(c.domainName, 0));
  return inTransaction(db, async (trx): Promise<Result<{ versionId: number }>> => {
    // One 新建草稿 per catalogue at a time: without the lock a second request could check before the
    // first commits and number its version after, making two drafts.
    await lockRow(trx, 'catalog', catalogId);
    if ((await repo.listVersions(trx, catalogId)).some((v) => v.status === 'draft')) return again();
    const now = deps.clock.now();
    const v = await repo.insertVersion(trx, { catalogId, origin: 'copy', baselineVersionId: from?.baselineVersionId ?? null, note: from ? s.copyNote(from.versionNo) : '', createdBy: auditActor(p).actorLabel }, now);
    if (from) {
      const items = await repo.itemsOf(trx, from.id);
      await repo.insertItems(trx, v.id, items.map((it) => ({ key: it.key, item: it, bodyOrgCode: it.bodyOrgCode })));
    }
    await audit(trx, deps, p, 'catalog.draft', c, { version: v.versionNo, from: from?.versionNo ?? null });
    return { ok: true as const, value: { versionId: v.id } };
  }).catch((e: unknown) => {
    if (/catalog_version_no_uq|UNIQUE constraint failed: catalog_version/.test(String((e as Error)?.message))) return again();
    throw e;
  });
}

async function draftFor(deps: CatalogDeps, p: Performer, versionId: number, roles: Role[]): Promise<Result<{ version: repo.Version; catalog: repo.Catalog }>> {
  const version = await repo.findVersion(deps.db, versionId);
  const catalog = version ? await repo.findCatalog(deps.db, version.catalogId) : null;
  if (!version || !catalog) return fail('version_not_found', s.errors.versionNotFound);
  if (!may(p, roles, catalog.orgPath)) return fail('forbidden', s.errors.forbiddenCatalog);
  if (version.status !== 'draft') return fail('version_published', s.errors.versionPublished);
  return { ok: true, value: { version, catalog } };
}

export async function publish(deps: CatalogDeps, p: Performer, versionId: number): Promise<Result<{ versionNo: number }>> {
  const d = await draftFor(deps, p, versionId, PUBLISH_ROLES);
  if (!d.ok) return d;
  const items = await repo.itemsOf(deps.db, versionId);
  if (!items.length) return fail('version_empty', s.errors.versionEmpty);
  return inTransaction(deps.db, async (trx) => {
    await repo.markPublished(trx, versionId, auditActor(p).actorLabel, deps.clock.now());
    await audit(trx, deps, p, 'catalog.publish', d.value.catalog, { version: d.value.version.versionNo, items: items.length });
    return { ok: true as const, value: { versionNo: d.value.version.versionNo } };
  });
}

export async function discardDraft(deps: CatalogDeps, p: Performer, versionId: number): Promise<Result<null>> {
  const d = await draftFor(deps, p, versionId, EDIT_ROLES);
  if (!d.ok) return d;
  return inTransaction(deps.db, async (trx) => {
    const items = await repo.itemsOf(trx, versionId);
    await repo.deleteDraft(trx, versionId);
    await audit(trx, deps, p, 'catalog.draft_discard', d.value.catalog, undefined, { version: d.value.version.versionNo, items: items.length });
    return { ok: true as const, value: null };
  });
}

/** Adds (itemId null) or replaces an item of a draft. */
export async function saveItem(deps: CatalogDeps, p: Performer, versionId: number, itemId: number | null, item: CatalogItemInput, bodyOrgCode: string | null): Promise<Result<{ itemId: number }>> {
  const d = await draftFor(deps, p, versionId, EDIT_ROLES);
  if (!d.ok) return d;
  if (bodyOrgCode) {
    const bodyOrg = await bodyOrgFor(deps.db, d.value.catalog, bodyOrgCode);
    if (!bodyOrg.ok) return bodyOrg;
  }
  return inTransaction(deps.db, async (trx) => {
    const existing = itemId ? await repo.findItem(trx, itemId) : null;
    if (itemId && (!existing || existing.versionId !== versionId)) return fail('item_not_found', s.errors.itemNotFound);
    if (existing) {
      await repo.updateItem(trx, versionId, existing.id, { ...item, seq: existing.seq }, bodyOrgCode);
      await audit(trx, deps, p, 'catalog.item_update', d.value.catalog, item, existing);
      return { ok: true as const, value: { itemId: existing.id } };
    }
    const count = (await repo.itemsOf(trx, versionId)).length;
    await repo.insertItems(trx, versionId, [{ key: newItemKey(), item: { ...item, seq: count + 1 }, bodyOrgCode }]);
    const added = (await repo.itemsOf(trx, versionId)).at(-1)!;
    await audit(trx, deps, p, 'catalog.item_create', d.value.catalog, item);
    return { ok: true as const, value: { itemId: added.id } };
  });
}

export async function removeItem(deps: CatalogDeps, p: Performer, versionId: number, itemId: number): Promise<Result<null>> {
  const d = await draftFor(deps, p, versionId, EDIT_ROLES);
  if (!d.ok) return d;
  return inTransaction(deps.db, async (trx) => {
    const existing = await repo.findItem(trx, itemId);
    if (!existing || existing.versionId !== versionId) return fail('item_not_found', s.errors.itemNotFound);
    await repo.deleteItem(trx, versionId, itemId);
    await repo.renumber(trx, versionId, (await repo.itemsOf(trx, versionId)).map((i) => i.id));
    await audit(trx, deps, p, 'catalog.item_delete', d.value.catalog, undefined, existing);
    return { ok: true as const, value: null };
  });
}

/** Moves an item one place up or down (序号 is rewritten 1..n). */
export async function moveItem(deps: CatalogDeps, p: Performer, versionId: number, itemId: number, direction: 'up' | 'down'): Promise<Result<null>> {
  const d = await draftFor(deps, p, versionId, EDIT_ROLES);
  if (!d.ok) return d;
  return inTransaction(deps.db, async (trx) => {
    const ids = (await repo.itemsOf(trx, versionId)).map((i) => i.id);
    const i = ids.indexOf(itemId);
    if (i < 0) return fail('item_not_found', s.errors.itemNotFound);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j >= 0 && j < ids.length) [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await repo.renumber(trx, versionId, ids);
    await audit(trx, deps, p, 'catalog.item_move', d.value.catalog, { item: itemId, direction });
    return { ok: true as const, value: null };
  });
}

/** Links every item of a draft with this 公开主体 to an organisation (or unlinks with null). */
export async function linkBody(deps: CatalogDeps, p: Performer, versionId: number, body: string, orgCode: string | null): Promise<Result<{ items: number }>> {
  const d = await draftFor(deps, p, versionId, EDIT_ROLES);
  if (!d.ok) return d;
  const found = orgCode ? await bodyOrgFor(deps.db, d.value.catalog, orgCode) : null;
  if (found && !found.ok) return found;
  const org = found?.value ?? null;
  return inTransaction(deps.db, async (trx) => {
    const n = await repo.linkBody(trx, versionId, body, org?.code ?? null);
    await audit(trx, deps, p, 'catalog.body_link', d.value.catalog, { body, org: org?.code ?? null, items: n });
    return { ok: true as const, value: { items: n } };
  });
}

/** The diff of a version against its baseline, or against the previous published version. */
export async function compare(deps: CatalogDeps, versionId: number, against: 'baseline' | 'previous'): Promise<{ diff: CatalogDiff; base: repo.Version; baseCatalog: repo.Catalog } | null> {
  const { db } = deps;
  const v = await repo.findVersion(db, versionId);
  if (!v) return null;
  const base = against === 'baseline'
    ? v.baselineVersionId ? await repo.findVersion(db, v.baselineVersionId) : null
    : (await repo.listVersions(db, v.catalogId)).find((x) => x.status === 'published' && x.versionNo < v.versionNo) ?? null;
  if (!base) return null;
  const baseCatalog = await repo.findCatalog(db, base.catalogId);
  if (!baseCatalog) return null;
  const diff = diffCatalogs(await repo.itemsOf(db, base.id), await repo.itemsOf(db, v.id));
  return { diff, base, baseCatalog };
}

export async function addDomain(deps: CatalogDeps, p: Performer, name: string): Promise<Result<{ id: number }>> {
  const n = name.trim();
  if (!n || n.length > 20) return fail('domain_name_invalid', s.errors.domainName);
  if ((await repo.listDomains(deps.db)).some((d) => d.name === n)) return fail('domain_exists', s.errors.domainExists(n));
  return inTransaction(deps.db, async (trx) => {
    const id = await repo.insertDomain(trx, n, deps.clock.now());
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(p), action: 'catalog.domain_create', entity: 'catalog_domain', entityId: String(id), after: { name: n } });
    return { ok: true as const, value: { id } };
  });
}

export async function renameDomain(deps: CatalogDeps, p: Performer, id: number, name: string): Promise<Result<null>> {
  const n = name.trim();
  const domains = await repo.listDomains(deps.db);
  const d = domains.find((x) => x.id === id);
  if (!d) return fail('domain_unknown', s.errors.domainUnknown(String(id)));
  if (!n || n.length > 20) return fail('domain_name_invalid', s.errors.domainName);
  if (domains.some((x) => x.name === n && x.id !== id)) return fail('domain_exists', s.errors.domainExists(n));
  return inTransaction(deps.db, async (trx) => {
    await repo.renameDomain(trx, id, n);
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(p), action: 'catalog.domain_rename', entity: 'catalog_domain', entityId: String(id), before: { name: d.name }, after: { name: n } });
    return { ok: true as const, value: null };
  });
}
