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

/** The `n` months ending with `last` ('YYYY-MM'), oldest first. */
export function monthsEnding(last: string, n: number): string[] {
  const y = Number(last.slice(0, 4));
  const m = Number(last.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const k = y * 12 + m - i;
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** Downloads of the dataset `slug` per month (every file) from `from` to `to` ('YYYY-MM', inclusive). */
export async function downloadsByMonth(db: Db, slug: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('od_download').select(['month', (eb) => eb.fn.sum<number | string>('n').as('n')])
    .where('dataset_slug', '=', slug).where('month', '>=', from).where('month', '<=', to).groupBy('month').execute();
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}

export interface DownloadRow { slug: string; file: string; month: string; orgCode: string; n: number }

/**
 * Downloads per dataset, file and month from `from` to `to`, of the datasets published by
 * `orgCodes` ('' = the installation's own); null = every publisher.
 */
export async function downloadRows(db: Db, orgCodes: readonly string[] | null, from: string, to: string): Promise<DownloadRow[]> {
  if (orgCodes && !orgCodes.length) return [];
  let q = db.selectFrom('od_download').select(['dataset_slug', 'file', 'month', 'org_code', 'n'])
    .where('month', '>=', from).where('month', '<=', to);
  if (orgCodes) q = q.where('org_code', 'in', [...orgCodes]);
  const rows = await q.orderBy('dataset_slug').orderBy('month').orderBy('file').execute();
  return rows.map((r) => ({ slug: r.dataset_slug, file: r.file, month: r.month, orgCode: r.org_code, n: Number(r.n) }));
}
