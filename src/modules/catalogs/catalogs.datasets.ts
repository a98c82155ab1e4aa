// Shell: the `catalogs` dataset (issue 23 数据开放) — the published standard disclosure catalogues
// (基层政务公开标准目录, kind 'local': what /openness/catalogs and /api/v1/catalogs show) and their
// items, for the installation and per government (the catalogues of its organisation subtree).
// Only each catalogue's newest published version; drafts and guideline (指引) catalogues are left
// out, as on the public pages. Catalogues are read in keyset batches of CATALOG_BATCH by id, and the
// items of a batch's versions with one IN query — never the whole table in memory.
import { sql } from 'kysely';
import { csvChunks, jsonlChunks, keysetRows } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { likePrefix } from '../../platform/db/like.ts';
import { labelOf } from '../../platform/web/enums.ts';
import type { Database, Db } from '../../schema.ts';
import { CATALOG_LEVELS, CHANNELS, type CatalogLevel } from './catalog-model.ts';
import { toItem } from './catalog.repository.ts';
import { describeDeadline } from './publish-deadline.ts';
import { itemJson } from './catalog.routes.tsx';

/** The dataset's texts (Chinese first). */
export const catalogDatasetStrings = {
  title: '政务公开标准目录及事项',
  description:
    '各单位已发布的政务公开标准目录（基层政务公开标准目录，按试点领域）及其全部事项：目录编号、领域、单位、版本、发布日期，'
    + '事项的一级事项、二级事项、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象、公开方式和公开层级。'
    + '每个目录只含其最新发布的版本；草稿和上级下发的指引目录不在其内。CSV 每行一个事项，JSON Lines 每行一个目录（事项嵌套在内）。',
  keywords: ['政务公开', '标准目录', '基层政务公开', '公开事项', '照单公开'],
  csvTitle: '目录事项（CSV，每行一个事项）',
  jsonlTitle: '目录（JSON Lines，每行一个目录及其事项）',
  yes: '是',
  no: '否',
} as const;

/** CSV columns, one row per item (the catalogue's own columns, then the item's). */
export const CATALOG_ITEM_CSV_HEADER = [
  '目录编号', '目录名称', '单位代码', '单位名称', '领域', '目录层级', '版本号', '发布日期',
  '事项标识', '序号', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开时限（解析）', '公开主体', '公开主体单位代码',
  '公开渠道和载体', '公开对象·全社会', '公开对象·特定群众', '公开方式·主动', '公开方式·依申请公开', '公开层级·县级', '公开层级·乡级', '公开层级·村级', '事项页面',
] as const;

/** Catalogues per keyset batch (their items come with one query per batch). */
const CATALOG_BATCH = 100;

interface CatalogRow {
  id: number;
  title: string;
  org_code: string;
  org_name: string;
  domain_name: string;
  level: CatalogLevel;
  version_id: number;
  version_no: number;
  published_at: string | null;
}

/** The public page of a catalogue and of one of its items (site-relative). */
export const catalogHref = (id: number) => `/openness/catalogs/${id}`;
export const catalogItemHref = (id: number, key: string) => `/openness/catalogs/${id}/items/${encodeURIComponent(key)}`;

/** Published local catalogues joined to their newest published version, inside the scope. */
function publishedCatalogs(db: Db, scope: DatasetScope) {
  let q = db.selectFrom('catalog as c')
    .innerJoin('organisation as o', 'o.code', 'c.org_code')
    .innerJoin('catalog_version as v', 'v.catalog_id', 'c.id')
    .where('c.kind', '=', 'local')
    .where('v.id', '=', (eb) => eb.selectFrom('catalog_version as w').select((e) => e.fn.max('w.id').as('m')).whereRef('w.catalog_id', '=', 'c.id').where('w.status', '=', 'published'));
  if (scope.kind === 'government') q = q.where(sql<boolean>`o.path like ${likePrefix(scope.government.path)} escape '\\'`);
  return q;
}

async function catalogPage(db: Db, scope: DatasetScope, after: number | null, size: number): Promise<CatalogRow[]> {
  let q = publishedCatalogs(db, scope)
    .innerJoin('catalog_domain as d', 'd.id', 'c.domain_id')
    .select(['c.id', 'c.title', 'c.org_code', 'o.name as org_name', 'd.name as domain_name', 'c.level', 'v.id as version_id', 'v.version_no', 'v.published_at']);
  if (after !== null) q = q.where('c.id', '>', after);
  return q.orderBy('c.id').limit(size).execute();
}

/** Batches of catalogues with their items (one IN query per batch, items in 序号 order). */
async function* catalogBatches(db: Db, scope: DatasetScope) {
  let batch: CatalogRow[] = [];
  const flush = async () => {
    const items = await db.selectFrom('catalog_item').selectAll().where('version_id', 'in', batch.map((c) => c.version_id))
      .orderBy('version_id').orderBy('seq').orderBy('id').execute();
    const byVersion = new Map<number, ReturnType<typeof toItem>[]>();
    for (const r of items) {
      const list = byVersion.get(r.version_id) ?? [];
      list.push(toItem(r));
      byVersion.set(r.version_id, list);
    }
    return batch.map((c) => ({ catalog: c, items: byVersion.get(c.version_id) ?? [] }));
  };
  for await (const c of keysetRows((after: number | null, size) => catalogPage(db, scope, after, size), (r) => r.id, CATALOG_BATCH)) {
    batch.push(c);
    if (batch.length === CATALOG_BATCH) { yield* await flush(); batch = []; }
  }
  if (batch.length) yield* await flush();
}

const publishedOn = (at: string | null) => (at ? localDateOf(new Date(at)) : '');

async function* csvRows(db: Db, scope: DatasetScope): AsyncGenerator<readonly unknown[]> {
  const yn = (b: boolean) => (b ? catalogDatasetStrings.yes : catalogDatasetStrings.no);
  for await (const { catalog: c, items } of catalogBatches(db, scope)) {
    const head = [c.id, c.title, c.org_code, c.org_name, c.domain_name, labelOf(CATALOG_LEVELS, c.level), c.version_no, publishedOn(c.published_at)];
    for (const it of items) {
      yield [
        ...head, it.key, it.seq, it.level1, it.level2, it.content, it.basis, it.deadlineText, describeDeadline(it.deadline), it.body, it.bodyOrgCode ?? '',
        it.channels.map((ch) => (ch.code === 'other' ? ch.text : labelOf(CHANNELS, ch.code))).join('；'),
        yn(it.audiencePublic), yn(it.audienceSpecific), yn(it.modeProactive), yn(it.modeOnRequest), yn(it.tierCounty), yn(it.tierTownship), yn(it.tierVillage),
        catalogItemHref(c.id, it.key),
      ];
    }
  }
}

async function* jsonlObjects(db: Db, scope: DatasetScope): AsyncGenerator<unknown> {
  for await (const { catalog: c, items } of catalogBatches(db, scope)) {
    // The shape of GET /api/v1/catalogs/{id}, with the public pages' addresses.
    yield {
      id: c.id, url: catalogHref(c.id), org: { code: c.org_code, name: c.org_name }, level: { code: c.level, label: labelOf(CATALOG_LEVELS, c.level) },
      domain: c.domain_name, title: c.title, version: c.version_no, published_at: c.published_at ?? '',
      items: items.map((it) => ({ ...itemJson(it), url: catalogItemHref(c.id, it.key) })),
    };
  }
}

/** Facts: the published catalogues in scope (COUNT and MAX over the version index), their item count. */
async function catalogFacts(db: Db, scope: DatasetScope): Promise<DatasetFacts | null> {
  const head = await publishedCatalogs(db, scope)
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('v.published_at').as('last')])
    .executeTakeFirst();
  if (!head || Number(head.n) === 0) return null;
  const items = await publishedCatalogs(db, scope).innerJoin('catalog_item as i', 'i.version_id', 'v.id')
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { lastModified: (head.last as string | null) ?? null, rows: Number(items.n), temporal: null };
}

export const catalogsDataset: DatasetSource<Database> = {
  key: 'catalogs',
  scopes: ['installation', 'government'],
  theme: 'catalogs',
  title: catalogDatasetStrings.title,
  description: catalogDatasetStrings.description,
  keywords: catalogDatasetStrings.keywords,
  frequency: 'irregular',
  distributions: [
    { file: 'items.csv', format: 'CSV', title: catalogDatasetStrings.csvTitle },
    { file: 'catalogs.jsonl', format: 'JSONL', title: catalogDatasetStrings.jsonlTitle },
  ],
  facts: (db, scope) => catalogFacts(db, scope),
  open(db, scope, file) {
    return file === 'catalogs.jsonl' ? jsonlChunks(jsonlObjects(db, scope)) : csvChunks(CATALOG_ITEM_CSV_HEADER, csvRows(db, scope));
  },
};
