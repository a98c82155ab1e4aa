// 数据开放 (issue 23): download counts per dataset, file and month (the dataset page and staff
// statistics). org_code is the publishing government's organisation code ('' = the installation's
// own datasets), so staff statistics are scoped like every other row.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('od_download')
    .addColumn('dataset_slug', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('od_download_pk', ['dataset_slug', 'file', 'month'])
    .execute();
  await db.schema.createIndex('od_download_org_idx').on('od_download').columns(['org_code', 'month']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('od_download').execute();
}
