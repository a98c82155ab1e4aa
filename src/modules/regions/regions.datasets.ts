// Shell: the `regions` open dataset (issue 23 数据开放) — the region tree (NBS 统计用区划代码) as the
// regions module holds it: code, name, level, parent code. Installation-wide: every region; a
// government's: its own region and every region below it (codes sharing its short code's digits).
// regions.csv has exactly the import header `code,name,level,parent_code` (region-csv.ts), so the
// file can be imported into another installation as it is; regions.jsonl adds the level's label.
import { csvChunks, jsonlChunks, keysetRows } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { shortRegionCode } from '../../platform/geo/region-code.ts';
import type { Database, Db } from '../../schema.ts';
import { REGION_LEVEL_LABELS } from './region-csv.ts';
import type { RegionLevel } from './region.table.ts';

/**
 * The 12-digit code range [from, to) of a government's region and its descendants: every code
 * starting with the region's short code. `to` is null when the short code is all nines.
 */
export function regionCodeRange(regionCode12: string): { from: string; to: string | null } {
  const short = shortRegionCode(regionCode12);
  const next = (BigInt(short) + 1n).toString().padStart(short.length, '0');
  return { from: short.padEnd(12, '0'), to: next.length > short.length ? null : next.padEnd(12, '0') };
}

interface RegionDbRow { code: string; name: string; level: RegionLevel; parent_code: string | null }

function scoped(db: Db, scope: DatasetScope) {
  let q = db.selectFrom('region');
  if (scope.kind === 'government') {
    const { from, to } = regionCodeRange(scope.government.regionCode);
    q = q.where('code', '>=', from);
    if (to) q = q.where('code', '<', to);
  }
  return q;
}

function rows(db: Db, scope: DatasetScope): AsyncGenerator<RegionDbRow> {
  return keysetRows<RegionDbRow, string>(async (after, size) => {
    let q = scoped(db, scope).select(['code', 'name', 'level', 'parent_code']);
    if (after !== null) q = q.where('code', '>', after);
    return q.orderBy('code').limit(size).execute();
  }, (r) => r.code);
}

async function* csvRows(db: Db, scope: DatasetScope): AsyncGenerator<readonly unknown[]> {
  for await (const r of rows(db, scope)) yield [r.code, r.name, r.level, r.parent_code];
}

async function* jsonRows(db: Db, scope: DatasetScope): AsyncGenerator<unknown> {
  for await (const r of rows(db, scope)) yield { code: r.code, name: r.name, level: r.level, level_label: REGION_LEVEL_LABELS[r.level], parent_code: r.parent_code };
}

export const regionsDataset: DatasetSource<Database> = {
  key: 'regions',
  scopes: ['installation', 'government'],
  theme: 'regions',
  title: '行政区划',
  description: '本平台使用的行政区划（国家统计局统计用区划代码）：12 位区划代码、名称、级别（省级、市级、县级、乡级、村级）和上级区划代码。CSV 文件的表头与区划导入文件相同（code,name,level,parent_code），可直接导入；JSON Lines 文件另附级别的中文名称。',
  keywords: ['行政区划', '区划代码', '统计用区划代码'],
  frequency: 'irregular',
  distributions: [
    { file: 'regions.csv', format: 'CSV', title: '行政区划（CSV）', description: 'UTF-8（带 BOM）、逗号分隔，表头 code,name,level,parent_code。' },
    { file: 'regions.jsonl', format: 'JSONL', title: '行政区划（JSON Lines）', description: '每行一个 JSON 对象：code、name、level、level_label、parent_code。' },
  ],
  async facts(db: Db, scope: DatasetScope): Promise<DatasetFacts | null> {
    // A count over a range of the primary key; the region table keeps no change times.
    const r = await scoped(db, scope).select(db.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const n = Number(r.n);
    return n > 0 ? { lastModified: null, rows: n, temporal: null } : null;
  },
  open(db: Db, scope: DatasetScope, file: string): AsyncIterable<string> {
    return file === 'regions.jsonl' ? jsonlChunks(jsonRows(db, scope)) : csvChunks(['code', 'name', 'level', 'parent_code'], csvRows(db, scope));
  },
};
