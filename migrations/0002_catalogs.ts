// Standard disclosure catalogues (基层政务公开标准目录): pilot domains as data, catalogues per
// organisation, level and domain, immutable published versions and their items.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

/**
 * The 26 pilot domains of 国办发〔2019〕54号 as reconstructed in regulations.md §3.2 (UNCONFIRMED:
 * no single authoritative list was found), so they are rows staff can rename, reorder and extend.
 */
export const PILOT_DOMAINS = [
  '城乡规划', '重大建设项目', '公共资源交易', '财政预决算', '安全生产', '税收管理', '征地补偿', '国有土地上房屋征收与补偿',
  '保障性住房', '农村危房改造', '环境保护', '公共文化服务', '公共法律服务', '扶贫', '救灾', '食品药品监管', '城市综合执法',
  '就业', '社会保险', '社会救助', '养老服务', '户籍管理', '涉农补贴', '义务教育', '医疗卫生', '市政服务',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('catalog_domain'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('standard', 'integer', (c) => c.notNull()) // 1 = one of the 26 pilot domains
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  const at = new Date().toISOString();
  await (db as Kysely<{ catalog_domain: { name: string; sort_order: number; standard: number; created_at: string } }>)
    .insertInto('catalog_domain')
    .values(PILOT_DOMAINS.map((name, i) => ({ name, sort_order: i + 1, standard: 1, created_at: at })))
    .execute();

  await withId(db, db.schema.createTable('catalog'))
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('kind', 'text', (c) => c.notNull()) // local | guideline
    .addColumn('level', 'text', (c) => c.notNull()) // county | township | village
    .addColumn('domain_id', 'integer', (c) => c.notNull().references('catalog_domain.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalog_org_domain_uq', ['org_code', 'kind', 'domain_id'])
    .execute();

  await withId(db, db.schema.createTable('catalog_version'))
    .addColumn('catalog_id', 'integer', (c) => c.notNull().references('catalog.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | published
    .addColumn('origin', 'text', (c) => c.notNull()) // manual | import | derived | copy
    .addColumn('baseline_version_id', 'integer', (c) => c.references('catalog_version.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addUniqueConstraint('catalog_version_no_uq', ['catalog_id', 'version_no'])
    .execute();

  await withId(db, db.schema.createTable('catalog_item'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('catalog_version.id'))
    .addColumn('item_key', 'text', (c) => c.notNull()) // identity across versions and derived catalogues
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('level1', 'text', (c) => c.notNull())
    .addColumn('level2', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('deadline_text', 'text', (c) => c.notNull())
    .addColumn('deadline_kind', 'text', (c) => c.notNull()) // within_days | immediate | periodic | unparsed
    .addColumn('deadline_trigger', 'text') // formation | decision
    .addColumn('deadline_days', 'integer')
    .addColumn('deadline_unit', 'text') // working | calendar
    .addColumn('deadline_period', 'text') // monthly | quarterly | half_yearly | yearly
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_org_code', 'text', (c) => c.references('organisation.code'))
    .addColumn('channels', 'text', (c) => c.notNull()) // JSON [{code, text}]
    .addColumn('audience_public', 'integer', (c) => c.notNull())
    .addColumn('audience_specific', 'integer', (c) => c.notNull())
    .addColumn('mode_proactive', 'integer', (c) => c.notNull())
    .addColumn('mode_on_request', 'integer', (c) => c.notNull())
    .addColumn('tier_county', 'integer', (c) => c.notNull())
    .addColumn('tier_township', 'integer', (c) => c.notNull())
    .addColumn('tier_village', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_item_version_idx').on('catalog_item').columns(['version_id', 'seq']).execute();
  await db.schema.createIndex('catalog_item_key_idx').on('catalog_item').column('item_key').execute();
  await db.schema.createIndex('catalog_version_catalog_idx').on('catalog_version').column('catalog_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['catalog_item', 'catalog_version', 'catalog', 'catalog_domain']) await db.schema.dropTable(t).execute();
}
