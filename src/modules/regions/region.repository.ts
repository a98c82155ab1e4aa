// Shell: SQL for the region tree.
import type { Db } from '../../schema.ts';
import { inTransaction } from '../../platform/db/db.ts';
import type { RegionRow } from './region-csv.ts';
import type { RegionLevel } from './region.table.ts';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

const toRegion = (r: { code: string; name: string; level: RegionLevel; parent_code: string | null }): Region => ({
  code: r.code, name: r.name, level: r.level, parentCode: r.parent_code,
});

export async function findRegion(db: Db, code: string): Promise<Region | null> {
  const r = await db.selectFrom('region').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toRegion(r) : null;
}

export async function findChildren(db: Db, code: string): Promise<Region[]> {
  const rows = await db.selectFrom('region').selectAll().where('parent_code', '=', code).orderBy('code').execute();
  return rows.map(toRegion);
}

export async function findRoots(db: Db): Promise<Region[]> {
  const rows = await db.selectFrom('region').selectAll().where('parent_code', 'is', null).orderBy('code').execute();
  return rows.map(toRegion);
}

/** The chain from the root down to the region itself. */
export async function findAncestry(db: Db, code: string): Promise<Region[]> {
  const chain: Region[] = [];
  let next: string | null = code;
  while (next) {
    const r = await findRegion(db, next);
    if (!r) break;
    chain.unshift(r);
    next = r.parentCode;
  }
  return chain;
}

export async function countChildren(db: Db, codes: string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const rows = await db
    .selectFrom('region')
    .select(['parent_code', db.fn.countAll<number>().as('n')])
    .where('parent_code', 'in', codes)
    .groupBy('parent_code')
    .execute();
  return new Map(rows.map((r) => [r.parent_code as string, Number(r.n)]));
}

export interface ImportOutcome {
  inserted: number;
  updated: number;
}

/**
 * Imports rows in one transaction (all or nothing): new codes are inserted, known codes get the
 * new name. Rows must come parents first; a parent missing from both file and database fails.
 * @throws Error naming the first row whose parent is unknown.
 */
export async function importRegions(db: Db, rows: RegionRow[], onProgress?: (done: number, total: number) => void): Promise<ImportOutcome> {
  return inTransaction(db, async (trx) => {
    const inFile = new Set(rows.map((r) => r.code));
    const parents = [...new Set(rows.map((r) => r.parentCode).filter((p): p is string => !!p && !inFile.has(p)))];
    if (parents.length) {
      const found = new Set((await trx.selectFrom('region').select('code').where('code', 'in', parents).execute()).map((r) => r.code));
      const missing = parents.find((p) => !found.has(p));
      if (missing) throw new Error(`上级区划 ${missing} 既不在文件中也不在数据库中，请先导入上级区划`);
    }
    const existing = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((r) => r.code);
      for (const r of await trx.selectFrom('region').select('code').where('code', 'in', chunk).execute()) existing.add(r.code);
    }
    let inserted = 0;
    let updated = 0;
    const order = ['province', 'city', 'county', 'township', 'village'];
    const sorted = [...rows].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || a.code.localeCompare(b.code));
    for (let i = 0; i < sorted.length; i += 200) {
      const chunk = sorted.slice(i, i + 200);
      const fresh = chunk.filter((r) => !existing.has(r.code));
      if (fresh.length) {
        await trx.insertInto('region').values(fresh.map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode }))).execute();
        inserted += fresh.length;
      }
      for (const r of chunk.filter((r) => existing.has(r.code))) {
        await trx.updateTable('region').set({ name: r.name }).where('code', '=', r.code).execute();
        updated++;
      }
      onProgress?.(Math.min(i + chunk.length, sorted.length), sorted.length);
    }
    return { inserted, updated };
  });
}

export async function countRegions(db: Db): Promise<number> {
  const r = await db.selectFrom('region').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
