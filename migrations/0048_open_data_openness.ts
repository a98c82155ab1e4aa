// 数据开放 (issue 23), the openness datasets: keyset order for the disclosure records' metadata file
// (organisation subtree, then id: a government's file reads its subtree's range of one index, in
// order, 2,000 rows a batch; updated_at makes the subtree's last change an index-only read) and a covering index for the application statistics' facts (first
// year and last change of a subtree's cases read from the index alone, never the case rows).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('disclosure_open_data_idx').on('disclosure').columns(['org_path', 'id', 'updated_at']).execute();
  await db.schema.createIndex('application_case_open_data_idx').on('application_case').columns(['org_path', 'received_on', 'updated_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['application_case_open_data_idx', 'disclosure_open_data_idx']) await db.schema.dropIndex(i).ifExists().execute();
}
