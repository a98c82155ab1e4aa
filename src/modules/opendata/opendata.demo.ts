// Demo: download counts of the last six months (issue 23), so the dataset pages' usage charts and
// the staff statistics show something on a fresh start. The slugs are the fixed dataset keys of the
// installation and of 磁县 and 海珠区 (a dataset not built yet shows as its slug in the statistics).
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { beijingMonth, monthsEnding } from './downloads.repository.ts';

const DEMO: { slug: string; file: string; org: string; perMonth: readonly number[] }[] = [
  { slug: 'service-items', file: 'items.csv', org: '', perMonth: [12, 18, 9, 22, 31, 27] },
  { slug: 'service-items', file: 'hsds.json', org: '', perMonth: [2, 0, 3, 4, 1, 6] },
  { slug: 'regions', file: 'regions.csv', org: '', perMonth: [5, 7, 4, 6, 8, 3] },
  { slug: 'service-items-130427', file: 'items.csv', org: '130427', perMonth: [3, 5, 2, 8, 6, 9] },
  { slug: 'disclosures-130427', file: 'disclosures.csv', org: '130427', perMonth: [1, 0, 4, 2, 3, 5] },
  { slug: 'message-statistics-440105', file: 'message-statistics.csv', org: '440105', perMonth: [0, 2, 1, 3, 2, 4] },
];

export async function loadOpenDataDemo(db: Db, clock: Clock): Promise<string> {
  const months = monthsEnding(beijingMonth(clock.now()), 6);
  const at = clock.now().toISOString();
  const rows = DEMO.flatMap((d) => months.map((month, i) => ({ dataset_slug: d.slug, file: d.file, month, org_code: d.org, n: d.perMonth[i] ?? 0, last_at: at })).filter((r) => r.n > 0));
  await db.insertInto('od_download').values(rows).execute();
  return `数据开放：${rows.reduce((a, r) => a + r.n, 0)} 次下载记录（近 6 个月）`;
}
