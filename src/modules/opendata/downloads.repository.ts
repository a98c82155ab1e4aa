// Download counts per dataset, file and month (od_download): one upsert per download.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';

/** 'YYYY-MM' of an instant in Beijing time. */
export function beijingMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** Counts one download of `file` of the dataset `slug`, published by `orgCode` ('' = installation). */
export async function countDownload(db: Db, slug: string, file: string, orgCode: string, at: Date): Promise<void> {
  await db.insertInto('od_download')
    .values({ dataset_slug: slug, file, month: beijingMonth(at), org_code: orgCode, n: 1, last_at: at.toISOString() })
    .onConflict((oc) => oc.columns(['dataset_slug', 'file', 'month']).doUpdateSet({ n: sql<number>`od_download.n + 1`, last_at: at.toISOString() }))
    .execute();
}
