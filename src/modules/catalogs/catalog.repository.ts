// Shell: catalogue storage. Published versions are never written again: every item write goes
// through `assertDraft` inside the caller's transaction.
import type { Db } from '../../schema.ts';
import type { CatalogItem, CatalogItemInput, CatalogLevel, Channel } from './catalog-model.ts';
import { parsePublishDeadline, type PublishDeadline } from './publish-deadline.ts';
import type { CatalogItemTable } from './catalog.table.ts';
import type { Insertable, Selectable } from 'kysely';

export interface Domain {
  id: number;
  name: string;
  sortOrder: number;
  standard: boolean;
}

export interface Catalog {
  id: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  kind: 'local' | 'guideline';
  level: CatalogLevel;
  domainId: number;
  domainName: string;
  title: string;
}

export interface Version {
  id: number;
  catalogId: number;
  versionNo: number;
  status: 'draft' | 'published';
  origin: 'manual' | 'import' | 'derived' | 'copy';
  baselineVersionId: number | null;
  note: string;
  createdAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

export async function listDomains(db: Db): Promise<Domain[]> {
  const rows = await db.selectFrom('catalog_domain').selectAll().orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, sortOrder: r.sort_order, standard: r.standard === 1 }));
}

export async function findDomain(db: Db, id: number): Promise<Domain | null> {
  return (await listDomains(db)).find((d) => d.id === id) ?? null;
}

export async function insertDomain(db: Db, name: string, at: Date): Promise<number> {
  const max = await db.selectFrom('catalog_domain').select((eb) => eb.fn.max('sort_order').as('m')).executeTakeFirst();
  const r = await db.insertInto('catalog_domain').values({ name, sort_order: Number(max?.m ?? 0) + 1, standard: 0, created_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function renameDomain(db: Db, id: number, name: string): Promise<void> {
  await db.updateTable('catalog_domain').set({ name }).where('id', '=', id).execute();
}

function catalogQuery(db: Db) {
  return db
    .selectFrom('catalog as c')
    .innerJoin('organisation as o', 'o.code', 'c.org_code')
    .innerJoin('catalog_domain as d', 'd.id', 'c.domain_id')
    .select(['c.id', 'c.org_code', 'o.name as org_name', 'o.path as org_path', 'c.kind', 'c.level', 'c.domain_id', 'd.name as domain_name', 'c.title', 'd.sort_order']);
}

type CatalogRow = { id: number; org_code: string; org_name: string; org_path: string; kind: 'local' | 'guideline'; level: CatalogLevel; domain_id: number; domain_name: string; title: string };
const toCatalog = (r: CatalogRow): Catalog => ({
  id: r.id, orgCode: r.org_code, orgName: r.org_name, orgPath: r.org_path, kind: r.kind, level: r.level, domainId: r.domain_id, domainName: r.domain_name, title: r.title,
});

export async function findCatalog(db: Db, id: number): Promise<Catalog | null> {
  const r = await catalogQuery(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toCatalog(r) : null;
}

export async function findCatalogFor(db: Db, orgCode: string, kind: 'local' | 'guideline', domainId: number): Promise<Catalog | null> {
  const r = await catalogQuery(db).where('c.org_code', '=', orgCode).where('c.kind', '=', kind).where('c.domain_id', '=', domainId).executeTakeFirst();
  return r ? toCatalog(r) : null;
}

export interface CatalogFilter {
  orgCode?: string;
  /** Organisation subtrees (materialised paths). */
  paths?: string[];
  level?: CatalogLevel;
  domainId?: number;
  kind?: 'local' | 'guideline';
  /** Only catalogues with a published version. */
  published?: boolean;
}

export async function listCatalogs(db: Db, f: CatalogFilter): Promise<(Catalog & { publishedVersionId: number | null; draftVersionId: number | null; itemCount: number })[]> {
  let q = catalogQuery(db)
    .select((eb) => [
      eb.selectFrom('catalog_version as v').select((e) => e.fn.max('v.id').as('x')).whereRef('v.catalog_id', '=', 'c.id').where('v.status', '=', 'published').as('published_version_id'),
      eb.selectFrom('catalog_version as v').select((e) => e.fn.max('v.id').as('x')).whereRef('v.catalog_id', '=', 'c.id').where('v.status', '=', 'draft').as('draft_version_id'),
    ]);
  if (f.orgCode) q = q.where('c.org_code', '=', f.orgCode);
  if (f.paths) {
    const paths = f.paths;
    if (!paths.length) return [];
    q = q.where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))));
  }
  if (f.level) q = q.where('c.level', '=', f.level);
  if (f.domainId) q = q.where('c.domain_id', '=', f.domainId);
  if (f.kind) q = q.where('c.kind', '=', f.kind);
  const rows = await q.orderBy('o.path').orderBy('d.sort_order').orderBy('c.id').execute();
  const out = rows
    .map((r) => ({ ...toCatalog(r), publishedVersionId: r.published_version_id === null ? null : Number(r.published_version_id), draftVersionId: r.draft_version_id === null ? null : Number(r.draft_version_id), itemCount: 0 }))
    .filter((c) => !f.published || c.publishedVersionId !== null);
  const counted = out.map((c) => (f.published ? c.publishedVersionId : c.publishedVersionId ?? c.draftVersionId)).filter((v): v is number => v !== null);
  if (counted.length) {
    const counts = await db.selectFrom('catalog_item').select(['version_id', (eb) => eb.fn.countAll<number>().as('n')]).where('version_id', 'in', counted).groupBy('version_id').execute();
    const byVersion = new Map(counts.map((c) => [c.version_id, Number(c.n)]));
    for (const c of out) c.itemCount = byVersion.get((f.published ? c.publishedVersionId : c.publishedVersionId ?? c.draftVersionId) ?? -1) ?? 0;
  }
  return out;
}

/** How many catalogues have a published version (the 数据开放 figure): one COUNT, no list. */
export async function countPublishedCatalogs(db: Db): Promise<number> {
  const r = await db.selectFrom('catalog_version').select((eb) => eb.fn.count<number>('catalog_id').distinct().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertCatalog(db: Db, c: { orgCode: string; kind: 'local' | 'guideline'; level: CatalogLevel; domainId: number; title: string }, at: Date): Promise<number> {
  const r = await db.insertInto('catalog').values({ org_code: c.orgCode, kind: c.kind, level: c.level, domain_id: c.domainId, title: c.title, created_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCatalogTitle(db: Db, id: number, title: string): Promise<void> {
  await db.updateTable('catalog').set({ title }).where('id', '=', id).execute();
}

const toVersion = (r: Selectable<import('./catalog.table.ts').CatalogVersionTable>): Version => ({
  id: r.id, catalogId: r.catalog_id, versionNo: r.version_no, status: r.status, origin: r.origin, baselineVersionId: r.baseline_version_id,
  note: r.note, createdAt: r.created_at, createdBy: r.created_by, publishedAt: r.published_at, publishedBy: r.published_by,
});

export async function listVersions(db: Db, catalogId: number): Promise<Version[]> {
  const rows = await db.selectFrom('catalog_version').selectAll().where('catalog_id', '=', catalogId).orderBy('version_no', 'desc').execute();
  return rows.map(toVersion);
}

export async function findVersion(db: Db, id: number): Promise<Version | null> {
  const r = await db.selectFrom('catalog_version').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toVersion(r) : null;
}

/** Several versions in one query (list pages and the API). */
export async function findVersions(db: Db, ids: number[]): Promise<Version[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('catalog_version').selectAll().where('id', 'in', ids).execute()).map(toVersion);
}

export async function insertVersion(db: Db, v: { catalogId: number; origin: Version['origin']; baselineVersionId: number | null; note: string; createdBy: string }, at: Date): Promise<Version> {
  const max = await db.selectFrom('catalog_version').select((eb) => eb.fn.max('version_no').as('m')).where('catalog_id', '=', v.catalogId).executeTakeFirst();
  const r = await db
    .insertInto('catalog_version')
    .values({ catalog_id: v.catalogId, version_no: Number(max?.m ?? 0) + 1, status: 'draft', origin: v.origin, baseline_version_id: v.baselineVersionId, note: v.note, created_at: at.toISOString(), created_by: v.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toVersion(r);
}

export class PublishedVersionError extends Error {
  constructor() {
    super('已发布的版本不能修改');
  }
}

/** Refuses any write to a published version (they never change). */
export async function assertDraft(db: Db, versionId: number): Promise<Version> {
  const v = await findVersion(db, versionId);
  if (!v || v.status !== 'draft') throw new PublishedVersionError();
  return v;
}

export async function markPublished(db: Db, versionId: number, by: string, at: Date): Promise<void> {
  await assertDraft(db, versionId);
  await db.updateTable('catalog_version').set({ status: 'published', published_at: at.toISOString(), published_by: by }).where('id', '=', versionId).where('status', '=', 'draft').execute();
}

export async function deleteDraft(db: Db, versionId: number): Promise<void> {
  await assertDraft(db, versionId);
  await db.deleteFrom('catalog_item').where('version_id', '=', versionId).execute();
  await db.deleteFrom('catalog_version').where('id', '=', versionId).execute();
}

function row(versionId: number, key: string, it: CatalogItemInput, bodyOrgCode: string | null): Insertable<CatalogItemTable> {
  const d = parsePublishDeadline(it.deadlineText);
  return {
    version_id: versionId, item_key: key, seq: it.seq, level1: it.level1, level2: it.level2, content: it.content, basis: it.basis,
    deadline_text: it.deadlineText, deadline_kind: d.kind,
    deadline_trigger: d.kind === 'within_days' ? d.trigger : null, deadline_days: d.kind === 'within_days' ? d.days : null,
    deadline_unit: d.kind === 'within_days' ? d.unit : null, deadline_period: d.kind === 'periodic' ? d.period : null,
    body: it.body, body_org_code: bodyOrgCode, channels: JSON.stringify(it.channels),
    audience_public: +it.audiencePublic, audience_specific: +it.audienceSpecific, mode_proactive: +it.modeProactive, mode_on_request: +it.modeOnRequest,
    tier_county: +it.tierCounty, tier_township: +it.tierTownship, tier_village: +it.tierVillage,
  };
}

/** Inserts items in batches (SQLite caps bound parameters; 40 rows × 24 columns stays under it). */
export async function insertItems(db: Db, versionId: number, items: { key: string; item: CatalogItemInput; bodyOrgCode: string | null }[], onProgress?: (done: number) => void): Promise<void> {
  await assertDraft(db, versionId);
  const BATCH = 40;
  for (let i = 0; i < items.length; i += BATCH) {
    await db.insertInto('catalog_item').values(items.slice(i, i + BATCH).map((x) => row(versionId, x.key, x.item, x.bodyOrgCode))).execute();
    onProgress?.(Math.min(i + BATCH, items.length));
  }
}

export async function updateItem(db: Db, versionId: number, itemId: number, item: CatalogItemInput, bodyOrgCode: string | null): Promise<void> {
  await assertDraft(db, versionId);
  const { version_id: _v, item_key: _k, ...changes } = row(versionId, '', item, bodyOrgCode);
  await db.updateTable('catalog_item').set(changes).where('id', '=', itemId).where('version_id', '=', versionId).execute();
}

export async function deleteItem(db: Db, versionId: number, itemId: number): Promise<void> {
  await assertDraft(db, versionId);
  await db.deleteFrom('catalog_item').where('id', '=', itemId).where('version_id', '=', versionId).execute();
}

/** Rewrites 序号 as 1..n in the given order. */
export async function renumber(db: Db, versionId: number, orderedIds: number[]): Promise<void> {
  await assertDraft(db, versionId);
  for (let i = 0; i < orderedIds.length; i++) {
    await db.updateTable('catalog_item').set({ seq: i + 1 }).where('id', '=', orderedIds[i]!).where('version_id', '=', versionId).execute();
  }
}

export async function linkBody(db: Db, versionId: number, body: string, orgCode: string | null): Promise<number> {
  await assertDraft(db, versionId);
  const r = await db.updateTable('catalog_item').set({ body_org_code: orgCode }).where('version_id', '=', versionId).where('body', '=', body).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

function deadlineOf(r: Selectable<CatalogItemTable>): PublishDeadline {
  switch (r.deadline_kind) {
    case 'within_days':
      return { kind: 'within_days', trigger: r.deadline_trigger as 'formation' | 'decision', days: r.deadline_days ?? 0, unit: r.deadline_unit as 'working' | 'calendar' };
    case 'immediate':
      return { kind: 'immediate' };
    case 'periodic':
      return { kind: 'periodic', period: r.deadline_period as 'monthly' };
    default:
      return { kind: 'unparsed' };
  }
}

export function toItem(r: Selectable<CatalogItemTable>): CatalogItem {
  return {
    id: r.id, key: r.item_key, seq: r.seq, level1: r.level1, level2: r.level2, content: r.content, basis: r.basis,
    deadlineText: r.deadline_text, deadline: deadlineOf(r), body: r.body, bodyOrgCode: r.body_org_code,
    channels: JSON.parse(r.channels) as Channel[],
    audiencePublic: r.audience_public === 1, audienceSpecific: r.audience_specific === 1, modeProactive: r.mode_proactive === 1,
    modeOnRequest: r.mode_on_request === 1, tierCounty: r.tier_county === 1, tierTownship: r.tier_township === 1, tierVillage: r.tier_village === 1,
  };
}

export async function itemsOf(db: Db, versionId: number): Promise<CatalogItem[]> {
  const rows = await db.selectFrom('catalog_item').selectAll().where('version_id', '=', versionId).orderBy('seq').orderBy('id').execute();
  return rows.map(toItem);
}

export async function findItem(db: Db, itemId: number): Promise<(CatalogItem & { versionId: number }) | null> {
  const r = await db.selectFrom('catalog_item').selectAll().where('id', '=', itemId).executeTakeFirst();
  return r ? { ...toItem(r), versionId: r.version_id } : null;
}

/** Item counts of published catalogues per organisation and domain inside a subtree (coverage). */
export async function coverage(db: Db, path: string): Promise<{ orgCode: string; domainId: number; items: number }[]> {
  const rows = await db
    .selectFrom('catalog as c')
    .innerJoin('organisation as o', 'o.code', 'c.org_code')
    .innerJoin('catalog_version as v', 'v.catalog_id', 'c.id')
    .innerJoin('catalog_item as i', 'i.version_id', 'v.id')
    .select(['c.org_code', 'c.domain_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('o.path', 'like', `${path}%`)
    .where('c.kind', '=', 'local')
    .where('v.id', '=', (eb) => eb.selectFrom('catalog_version as w').select((e) => e.fn.max('w.id').as('m')).whereRef('w.catalog_id', '=', 'c.id').where('w.status', '=', 'published'))
    .groupBy(['c.org_code', 'c.domain_id'])
    .execute();
  return rows.map((r) => ({ orgCode: r.org_code, domainId: r.domain_id, items: Number(r.n) }));
}


/**
 * Resolves references to published catalogue items written as `ORG/领域/一级事项[/二级事项]`
 * (e.g. `440309/户籍管理/出生登记`), which other modules store (life-cycle scenarios). A reference
 * that names no published item resolves to null.
 */
export async function resolveItemRefs(db: Db, refs: string[]): Promise<Map<string, { label: string; href: string } | null>> {
  const out = new Map<string, { label: string; href: string } | null>();
  const domains = await listDomains(db);
  for (const ref of new Set(refs)) {
    const [org, domainName, level1, level2] = ref.split('/').map((x) => x.trim());
    const domain = domains.find((d) => d.name === domainName);
    const catalog = org && domain && level1 ? await findCatalogFor(db, org, 'local', domain.id) : null;
    const version = catalog ? (await listVersions(db, catalog.id)).find((v) => v.status === 'published') : undefined;
    const item = version ? (await itemsOf(db, version.id)).find((i) => i.level1 === level1 && (level2 === undefined || i.level2 === level2)) : undefined;
    out.set(ref, catalog && item ? { label: `${catalog.orgName} · ${catalog.domainName} · ${item.level2 || item.level1}`, href: `/openness/catalogs/${catalog.id}/items/${item.key}` } : null);
  }
  return out;
}
