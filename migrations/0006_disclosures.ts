// Proactive disclosure (主动公开): government information records (政府信息) published against
// catalogue items (照单公开) after a confidentiality review, their versions, links, attachments
// and event log; subject categories (主题分类) as data; each organisation's 公开指南 (Art. 12).
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

/**
 * Default 主题分类 (subject classification), the top level of the State Council's scheme as used on
 * government websites. Configurable data: staff may rename, reorder and add.
 */
export const DEFAULT_CATEGORIES: Array<[code: string, name: string]> = [
  ['zhzw', '综合政务'],
  ['gmjj', '国民经济管理、国有资产监管'],
  ['czjr', '财政、金融、审计'],
  ['gtzy', '国土资源、能源'],
  ['nlsy', '农业、林业、水利'],
  ['gyjt', '工业、交通'],
  ['smhg', '商贸、海关、旅游'],
  ['scjg', '市场监管、安全生产监管'],
  ['csjs', '城乡建设、环境保护'],
  ['kjjy', '科技、教育'],
  ['whws', '文化、卫生、体育'],
  ['jsxz', '军事、国防'],
  ['ldrs', '劳动、人事、监察'],
  ['mzsh', '民政、扶贫、救灾'],
  ['gajs', '公安、安全、司法'],
  ['mzzj', '民族、宗教'],
  ['dwjl', '对外事务'],
  ['qt', '其他'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disclosure_category')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await (db as Kysely<{ disclosure_category: { code: string; name: string; sort_order: number; active: number } }>)
    .insertInto('disclosure_category')
    .values(DEFAULT_CATEGORIES.map(([code, name], i) => ({ code, name, sort_order: i + 1, active: 1 })))
    .execute();

  // One row per record. Contracted columns (other modules read them): index_no, org_code, org_path,
  // title, summary, body_text, genre, category_code, validity, written_on, formed_on, published_at,
  // effective_on, expires_on, repealed_on, state, updated_at.
  await withId(db, db.schema.createTable('disclosure'))
    .addColumn('index_no', 'text', (c) => c.notNull().unique()) // 索引号, from the configurable scheme
    .addColumn('index_serial', 'integer', (c) => c.notNull()) // the serial part, per org/year/category
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('org_path', 'text', (c) => c.notNull()) // organisation subtree path (three-level scope)
    .addColumn('publisher', 'text', (c) => c.notNull()) // 发布机构 as printed
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text') // 文号
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('')) // 内容概述 (目录, Art. 12)
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo('')) // sanitised rich text
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo('')) // plain text of the body (search, feeds)
    .addColumn('genre', 'text', (c) => c.notNull()) // 体裁: notice | announcement | rule | normative | interpretation | annual_report | plan | report | other …
    .addColumn('category_code', 'text', (c) => c.notNull().references('disclosure_category.code')) // 主题分类
    .addColumn('validity', 'text', (c) => c.notNull().defaultTo('effective')) // 有效性: effective | expired | repealed
    .addColumn('effective_on', 'text') // 生效日期
    .addColumn('expires_on', 'text') // 失效日期 (validity ends)
    .addColumn('repealed_on', 'text') // 废止日期
    .addColumn('written_on', 'text') // 成文日期
    .addColumn('formed_on', 'text', (c) => c.notNull()) // 信息形成日期 (Art. 26 clock starts here)
    .addColumn('state', 'text', (c) => c.notNull()) // draft | submitted | rejected | approved | scheduled | published | withdrawn
    .addColumn('published_at', 'text') // when it is (or, if scheduled, will be) public
    .addColumn('published_on', 'text') // the local date of published_at (lists, statistics, lateness)
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_reason', 'text') // shown on the tombstone page
    .addColumn('due_on', 'text') // due publication date from the catalogue item's 公开时限 and formed_on
    .addColumn('due_explanation', 'text')
    .addColumn('late_working_days', 'integer') // set when published after due_on
    .addColumn('version_no', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('author_id', 'integer', (c) => c.references('staff_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disclosure_public_idx').on('disclosure').columns(['state', 'published_at']).execute();
  await db.schema.createIndex('disclosure_org_idx').on('disclosure').columns(['org_path', 'published_at']).execute();
  await db.schema.createIndex('disclosure_category_idx').on('disclosure').columns(['category_code', 'published_at']).execute();
  await db.schema.createIndex('disclosure_genre_idx').on('disclosure').columns(['genre', 'org_path']).execute();
  await db.schema.createIndex('disclosure_updated_idx').on('disclosure').column('updated_at').execute();

  // 照单公开: a record is published against one or more catalogue items (identity = catalogue + item key).
  await db.schema
    .createTable('disclosure_catalog_item')
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosure.id'))
    .addColumn('catalog_id', 'integer', (c) => c.notNull().references('catalog.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_catalog_item_pk', ['disclosure_id', 'catalog_id', 'item_key'])
    .execute();
  await db.schema.createIndex('disclosure_catalog_item_idx').on('disclosure_catalog_item').columns(['catalog_id', 'item_key']).execute();

  // Links between records (a 政策解读 and its policy show each other).
  await db.schema
    .createTable('disclosure_link')
    .addColumn('from_id', 'integer', (c) => c.notNull().references('disclosure.id'))
    .addColumn('to_id', 'integer', (c) => c.notNull().references('disclosure.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // interprets | related
    .addPrimaryKeyConstraint('disclosure_link_pk', ['from_id', 'to_id'])
    .execute();
  await db.schema.createIndex('disclosure_link_to_idx').on('disclosure_link').column('to_id').execute();

  await withId(db, db.schema.createTable('disclosure_attachment'))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosure.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull()) // from the bytes, not the claim
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disclosure_attachment_idx').on('disclosure_attachment').column('disclosure_id').execute();

  // The 保密审查 the reviewer answers and signs (checklist as JSON; the reviewer is not the author).
  await withId(db, db.schema.createTable('disclosure_review'))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosure.id'))
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('staff_user.id'))
    .addColumn('reviewer_label', 'text', (c) => c.notNull())
    .addColumn('checklist_json', 'text', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull()) // approve | reject
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Append-only: one event per change decided by the workflow.
  await withId(db, db.schema.createTable('disclosure_event'))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosure.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_event_seq_uq', ['disclosure_id', 'seq'])
    .execute();

  // Published versions with their change notes (a published record keeps its history).
  await withId(db, db.schema.createTable('disclosure_version'))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosure.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('metadata_json', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_version_no_uq', ['disclosure_id', 'version_no'])
    .execute();

  // 索引号 serial counters: one row per scope of the configured scheme (e.g. org|year|category);
  // incremented with INSERT … ON CONFLICT DO UPDATE inside the creating transaction (race-safe).
  await db.schema
    .createTable('disclosure_index_counter')
    .addColumn('scope_key', 'text', (c) => c.primaryKey())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .execute();

  // 政府信息公开指南 (Art. 12): one per organisation.
  await db.schema
    .createTable('disclosure_guide')
    .addColumn('org_code', 'text', (c) => c.primaryKey().references('organisation.code'))
    .addColumn('office_name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('fax', 'text', (c) => c.notNull())
    .addColumn('online_contact', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('extra_html', 'text', (c) => c.notNull().defaultTo('')) // sanitised free text (classification notes etc.)
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['disclosure_index_counter', 'disclosure_guide', 'disclosure_version', 'disclosure_event', 'disclosure_review', 'disclosure_attachment', 'disclosure_link', 'disclosure_catalog_item', 'disclosure', 'disclosure_category']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
