// Annual reports (政府信息公开工作年度报告, 国办公开办函〔2021〕30号): one row per organisation and
// year — a draft staff edit (texts, table 二 figures, carry-over reason) and, once published, the
// frozen snapshot of the tables the public sees. Imported past years are rows with source 'import'.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('annual_report'))
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('include_subtree', 'integer', (c) => c.notNull().defaultTo(0)) // 0/1: count the organisation's subtree too
    .addColumn('state', 'text', (c) => c.notNull()) // draft | published
    .addColumn('source', 'text', (c) => c.notNull()) // system | import
    .addColumn('section1_text', 'text') // null: not yet edited (the page pre-fills)
    .addColumn('section5_text', 'text')
    .addColumn('section6_text', 'text')
    .addColumn('licensing_count', 'integer', (c) => c.notNull().defaultTo(0)) // 表二 第（五）项 行政许可
    .addColumn('penalty_count', 'integer', (c) => c.notNull().defaultTo(0)) // 第（六）项 行政处罚
    .addColumn('coercion_count', 'integer', (c) => c.notNull().defaultTo(0)) // 第（六）项 行政强制
    .addColumn('fees_wan', 'text', (c) => c.notNull().defaultTo('0')) // 第（八）项 行政事业性收费 (万元, decimal text)
    .addColumn('carry_reason', 'text') // why this year's 二 differs from last year's 四
    .addColumn('snapshot_json', 'text') // published: the whole report as published (tables, texts, checks)
    .addColumn('published_at', 'text')
    .addColumn('disclosure_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_report_org_year_uq', ['org_code', 'year'])
    .execute();
  await db.schema.createIndex('annual_report_path_idx').on('annual_report').columns(['org_path', 'year']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('annual_report').execute();
}
