// Demo analytics for search: a few weeks of anonymous searches and result clicks, so the hot words
// and the 事项搜索TOP5 table have something to show. No personal data (there is none to record).
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';

const DEMO: Array<[query: string, searches: number, clickedTitle: string | null, clicks: number]> = [
  ['身份证', 42, '居民身份证换领', 31],
  ['社保', 35, null, 0],
  ['低保', 27, '最低生活保障审批', 19],
  ['营业执照', 24, '有限责任公司设立登记', 17],
  ['公积金提取', 18, null, 0],
  ['sfz', 9, '居民身份证换领', 6],
  ['社宝查询', 4, null, 0],
];

export async function loadSearchDemo(db: Db, clock: Clock): Promise<string> {
  const now = clock.now().getTime();
  const rows: { kind: 'search' | 'click'; query: string; result_count: number; doc_type: string | null; doc_id: string | null; doc_title: string | null; at: string }[] = [];
  let n = 0;
  for (const [query, searches, title, clicks] of DEMO) {
    const zero = query === '社宝查询';
    for (let i = 0; i < searches; i++) rows.push({ kind: 'search', query, result_count: zero ? 0 : 5, doc_type: null, doc_id: null, doc_title: null, at: new Date(now - ((n++ * 7919) % (20 * 86_400_000))).toISOString() });
    for (let i = 0; i < clicks && title; i++) rows.push({ kind: 'click', query, result_count: 0, doc_type: 'item', doc_id: null, doc_title: title, at: new Date(now - ((n++ * 7919) % (20 * 86_400_000))).toISOString() });
  }
  await db.insertInto('search_event').values(rows).execute();
  return `搜索统计：${rows.length} 条匿名记录`;
}
