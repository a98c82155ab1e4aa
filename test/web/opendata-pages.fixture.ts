// Test-only dataset sources for the catalogue pages and files (issue 23): no module's sources are
// needed. `test-orgs` is real data (the organisations of a scope, read in keyset batches) and has no
// data for 龙华区 (440309: not listed); `test-big` streams many chunks (and counts what it made);
// `test-empty` never has data.
import { sql } from 'kysely';
import { csvChunks, jsonlChunks, keysetRows } from '../../src/platform/datasets/chunks.ts';
import type { DatasetScope, DatasetSource } from '../../src/platform/datasets/datasets.ts';
import { DATASET_SOURCES } from '../../src/modules/opendata/sources.ts';
import type { Database, Db } from '../../src/schema.ts';

export interface Probe { opened: number; closed: number; produced: number }
export const BIG_ROWS = 200_000;
/** test-big/endless.csv: far more than any socket buffers (about 130 MB). */
export const ENDLESS_ROWS = 5_000_000;
/** test-big/broken.csv throws after this many rows (well after its first chunk). */
export const BROKEN_AFTER = 20_000;

const prefix = (scope: DatasetScope) => (scope.kind === 'installation' ? '/' : scope.government.path);

export function testSources(probe: Probe): DatasetSource<Database>[] {
  const orgs: DatasetSource<Database> = {
    key: 'test-orgs', scopes: ['installation', 'government'], theme: 'regions', title: '测试机构名录',
    description: '测试用数据集：机构代码和名称。\n只含启用的机构。', keywords: ['测试', '机构名录'], frequency: 'irregular',
    distributions: [{ file: 'orgs.csv', format: 'CSV', title: '机构名录（CSV）' }, { file: 'orgs.jsonl', format: 'JSONL', title: '机构名录（JSON Lines）' }],
    async facts(db, scope) {
      if (scope.kind === 'government' && scope.government.code === '440309') return null;
      const r = await db.selectFrom('organisation').select(sql<number>`count(*)`.as('n')).where('path', 'like', `${prefix(scope)}%`).executeTakeFirstOrThrow();
      return { lastModified: '2026-02-01T00:00:00.000Z', rows: Number(r.n), temporal: null };
    },
    open(db, scope, file) {
      const rows = keysetRows((after: string | null, size) => {
        let q = (db as Db).selectFrom('organisation').select(['code', 'name']).where('path', 'like', `${prefix(scope)}%`).orderBy('code').limit(size);
        if (after !== null) q = q.where('code', '>', after);
        return q.execute();
      }, (r) => r.code, 50);
      if (file === 'orgs.jsonl') return jsonlChunks(rows);
      return csvChunks(['机构代码', '名称'], (async function* () { for await (const r of rows) yield [r.code, r.name]; })());
    },
  };
  const big: DatasetSource<Database> = {
    key: 'test-big', scopes: ['installation'], theme: 'services', title: '测试大文件',
    description: '测试用数据集：很多行。', keywords: ['测试'], frequency: 'daily',
    distributions: [{ file: 'big.csv', format: 'CSV', title: '大文件（CSV）' }, { file: 'broken.csv', format: 'CSV', title: '中途出错的文件（CSV）' }, { file: 'endless.csv', format: 'CSV', title: '很长的文件（CSV）' }],
    facts: async () => ({ lastModified: '2026-02-02T03:04:05.000Z', rows: BIG_ROWS, temporal: { start: '2025-01-01', end: '2025-12-31' } }),
    async *open(_db, _scope, file) {
      probe.opened++;
      try {
        function* lines() {
          for (let i = 0; i < (file === 'endless.csv' ? ENDLESS_ROWS : BIG_ROWS); i++) {
            if (file === 'broken.csv' && i === BROKEN_AFTER) throw new Error('test source broke mid-stream');
            probe.produced++;
            yield [`SX${String(i).padStart(7, '0')}`, `第${i}行`, '=1+1'];
          }
        }
        yield* csvChunks(['编号', '名称', '备注'], lines());
      } finally {
        probe.closed++;
      }
    },
  };
  const empty: DatasetSource<Database> = {
    key: 'test-empty', scopes: ['installation', 'government'], theme: 'ratings', title: '没有数据的数据集',
    description: '从不列出。', keywords: [], frequency: 'monthly', distributions: [{ file: 'x.csv', format: 'CSV', title: 'x' }],
    facts: async () => null,
    open: () => csvChunks(['x'], []),
  };
  return [orgs, big, empty];
}

/**
 * Puts the test sources in place of the app's list (before buildApp: its catalogue reads this
 * array), so the pages' counts are the fixture's alone; returns the undo, which puts the real ones back.
 */
export function installTestSources(probe: Probe): () => void {
  const list = DATASET_SOURCES as DatasetSource<Database>[];
  const real = list.splice(0, list.length, ...testSources(probe));
  return () => { list.splice(0, list.length, ...real); };
}
