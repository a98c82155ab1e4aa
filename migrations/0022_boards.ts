// 社区和村务公开栏 (boards module): posts of a village or community organisation per column, with a
// typed table (JSON rows checked against the column's template), draft → published (who, when) →
// withdrawn; and each organisation's 监督电话 shown on its board and print view.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('board_post'))
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    // the public id: 2026-001, unique per organisation (never the row id)
    .addColumn('post_no', 'text', (c) => c.notNull())
    .addColumn('column_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rows_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text')
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('board_post_org_no').on('board_post').columns(['org_code', 'post_no']).unique().execute();
  // the public board: an organisation's published posts per column, newest first
  await db.schema.createIndex('board_post_public').on('board_post').columns(['org_code', 'state', 'column_code', 'published_at']).execute();
  await db.schema.createIndex('board_post_path').on('board_post').columns(['org_path']).execute();

  await db.schema.createTable('board_setting')
    .addColumn('org_code', 'text', (c) => c.primaryKey())
    .addColumn('supervision_phone', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('board_setting').execute();
  await db.schema.dropTable('board_post').execute();
}
