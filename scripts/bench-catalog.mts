// npm run bench:catalog — generates a 10,000-row catalogue (.xlsx, as staff upload it), then
// imports and exports it, each in a process of its own so that its peak RSS is its own, and prints
// the times and peaks. Targets (2-core machine): import ≤ 5 s, export ≤ 3 s, RSS ≤ 300 MB.
// Then the district 一本通 at its bounds (WORKBOOK_LIMITS: 500 catalogues, 30,000 items — 20 streets
// × 25 domains × 60 items): its export, timed with its peak RSS in a process of its own.
// A fresh SQLite database in a temporary folder; nothing is kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import type { Database } from '../src/schema.ts';
import { importRegions, parseRegionCsv } from '../src/modules/regions/index.ts';
import { insertOrganisations } from '../src/modules/identity/index.ts';
import { catalogService } from '../src/modules/catalogs/index.ts';
import * as repo from '../src/modules/catalogs/catalog.repository.ts';
import { sheetOf } from '../src/modules/catalogs/catalog-sheet.ts';
import { writeXlsx } from '../src/modules/catalogs/catalog-files.ts';
import type { CatalogItemInput } from '../src/modules/catalogs/catalog-model.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const clock = fixedClock('2026-09-18T02:00:00Z');
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const rssMb = () => process.resourceUsage().maxRSS / 1024;
const [mode, dir] = process.argv.slice(2);

async function withDb<T>(d: string, fn: (db: ReturnType<typeof openDb<Database>>) => Promise<T>): Promise<T> {
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: path.join(d, 'bench.sqlite') });
  try { return await fn(db); } finally { await db.destroy(); }
}

if (mode === 'import') {
  await withDb(dir!, async (db) => {
    const buffer = fs.readFileSync(path.join(dir!, 'catalog.xlsx'));
    const t0 = process.hrtime.bigint();
    const r = await catalogService.importFile({ db, clock }, { cli: true }, { orgCode: '440309', buffer, fileName: 'catalog.xlsx', publish: true });
    const took = ms(t0);
    if (!r.ok || r.value.catalogs[0]!.items !== ROWS) throw new Error(r.ok ? 'row count mismatch' : r.errors.slice(0, 5).join('\n'));
    console.log(JSON.stringify({ ms: took, rss: rssMb() }));
  });
} else if (mode === 'export') {
  await withDb(dir!, async (db) => {
    const t0 = process.hrtime.bigint();
    const r = await catalogService.exportCatalogs({ db, clock }, { orgCode: '440309', format: (process.argv[4] as 'xlsx' | 'csv') ?? 'xlsx' });
    const took = ms(t0);
    if (!r.ok || r.value.items !== ROWS) throw new Error('export failed');
    console.log(JSON.stringify({ ms: took, rss: rssMb(), bytes: r.value.buffer.length }));
  });
} else if (mode === 'workbook') {
  await withDb(dir!, async (db) => {
    const t0 = process.hrtime.bigint();
    const r = await catalogService.exportWorkbook({ db, clock }, '440309');
    const took = ms(t0);
    if (!r.ok) throw new Error(r.errors.join('；'));
    console.log(JSON.stringify({ ms: took, rss: rssMb(), bytes: r.value.buffer.length, sheets: r.value.sheets, items: r.value.items }));
  });
} else {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-catalog-'));
  try {
    await withDb(work, async (db) => {
      await migrateToLatest(db);
      const { rows } = parseRegionCsv('code,name,level,parent_code\n440000000000,广东省,province,\n440300000000,深圳市,city,440000000000\n440309000000,龙华区,county,440300000000\n');
      await importRegions(db, rows);
      await insertOrganisations(db, [
        { code: '44', name: '广东省人民政府', kind: 'government', regionCode: '440000000000', parentCode: null, path: '/44/', disabled: false },
        { code: '4403', name: '深圳市人民政府', kind: 'government', regionCode: '440300000000', parentCode: '44', path: '/44/4403/', disabled: false },
        { code: '440309', name: '深圳市龙华区人民政府', kind: 'government', regionCode: '440309000000', parentCode: '4403', path: '/44/4403/440309/', disabled: false },
      ], clock.now());
    });
    // Deterministic rows: 一级事项 of 20 二级事项 each, wording like the seed's.
    const deadlines = ['信息形成或者变更之日起20个工作日内', '即时公开', '作出决定之日起7个工作日内', '每季度', '形成之日起3个工作日内'];
    const items: CatalogItemInput[] = Array.from({ length: ROWS }, (_, i) => ({
      seq: i + 1, level1: `公开事项${Math.floor(i / 20) + 1}`, level2: `二级事项${(i % 20) + 1}`,
      content: '受理部门、办理条件、办理流程、所需材料、办理时限、收费依据及标准、咨询电话、办理地点',
      basis: '《中华人民共和国政府信息公开条例》(国务院令第711号)、《广东省政务公开条例》',
      deadlineText: deadlines[i % deadlines.length]!, body: i % 3 ? '龙华区政务服务数据管理局' : '街道办事处',
      channels: [{ code: 'website', text: '政府网站' }, { code: 'service_center', text: '政务服务中心' }, ...(i % 4 ? [] : [{ code: 'other' as const, text: '深圳APP' }])],
      audiencePublic: true, audienceSpecific: i % 5 === 0, modeProactive: true, modeOnRequest: i % 7 === 0, tierCounty: true, tierTownship: i % 2 === 0, tierVillage: false,
    }));
    const xlsx = await writeXlsx([sheetOf('龙华区户籍管理领域基层政务公开标准目录', items, true, '户籍管理')]);
    fs.writeFileSync(path.join(work, 'catalog.xlsx'), xlsx);
    console.log(`catalogue: ${ROWS} rows, .xlsx ${(xlsx.length / 1024).toFixed(0)} KB (each step below runs in a fresh process)`);
    const self = fileURLToPath(import.meta.url);
    const step = (...args: string[]) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, ...args], { encoding: 'utf8' }).trim().split('\n').pop()!) as { ms: number; rss: number };
    const imp = step('import', work);
    const exp = step('export', work, 'xlsx');
    const csv = step('export', work, 'csv');
    const line = (label: string, r: { ms: number; rss: number }, target: string) => console.log(`${label.padEnd(48)} ${(r.ms / 1000).toFixed(2)} s  ${target.padEnd(10)} peak RSS ${r.rss.toFixed(0)} MB (target ≤ 300 MB)`);
    line('import .xlsx (parse, validate, insert, publish)', imp, '≤ 5 s');
    line('export .xlsx', exp, '≤ 3 s');
    line('export .csv', csv, '');

    // The district workbook at its bounds.
    const { sheets: maxSheets, items: maxItems } = catalogService.WORKBOOK_LIMITS;
    const STREETS = 20;
    // The district's own 10,000-row catalogue above counts too: the streets fill the rest up to the bounds.
    const perStreet = Math.floor((maxSheets - 1) / STREETS);
    const perCatalog = Math.floor((maxItems - ROWS) / (STREETS * perStreet));
    await withDb(work, async (db) => {
      const streets = Array.from({ length: STREETS }, (_, i) => String(i + 1).padStart(3, '0'));
      const { rows } = parseRegionCsv(`code,name,level,parent_code\n${streets.map((s) => `440309${s}000,街道${s},township,440309000000`).join('\n')}\n`);
      await importRegions(db, rows);
      await insertOrganisations(db, streets.map((s) => ({ code: `440309${s}`, name: `龙华区第${s}街道办事处`, kind: 'township_government' as const, regionCode: `440309${s}000`, parentCode: '440309', path: `/44/4403/440309/440309${s}/`, disabled: false })), clock.now());
      const domains = (await db.selectFrom('catalog_domain').select('id').orderBy('id').execute()).slice(0, perStreet);
      for (const s of streets) {
        for (const d of domains) {
          const id = await repo.insertCatalog(db, { orgCode: `440309${s}`, kind: 'local', level: 'township', domainId: d.id, title: `第${s}街道领域${d.id}基层政务公开标准目录` }, clock.now());
          const v = await repo.insertVersion(db, { catalogId: id, origin: 'import', baselineVersionId: null, note: '', createdBy: 'bench' }, clock.now());
          await repo.insertItems(db, v.id, items.slice(0, perCatalog).map((item, i) => ({ key: `k${i}`, item, bodyOrgCode: null })));
          await repo.markPublished(db, v.id, 'bench', clock.now());
        }
      }
    });
    const wb = step('workbook', work) as { ms: number; rss: number; bytes?: number; sheets?: number; items?: number };
    line(`一本通 .xlsx (${wb.sheets} sheets, ${wb.items} items, ${((wb.bytes ?? 0) / 1048576).toFixed(1)} MB)`, wb, '≤ 15 s');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
