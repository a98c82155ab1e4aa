// npm run bench:map [-- --items 1910000 --venues 23000 --terminals 8000 --seconds 10]
// Generates deterministic Anhui-scale service-map data (JSONL), imports it into a fresh SQLite
// file with `importServiceMap` (check and stage in one pass, then one switch transaction), and prints:
//   - import time of the items and the venues, and the process's peak RSS;
//   - the nearest-venues query in-process (open_at + item filter; and a plain radius query): p50/p95;
//   - requests per second over HTTP (autocannon, keep-alive) against GET /api/v1/venues.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { platformView, type Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { importServiceMap, VenueFinder } from '../src/modules/service-map/index.ts';
import { renderProgress } from '../src/platform/cli/progress.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { rng } from './bench-env.mts';

// Child mode: serve the benchmark database over HTTP in its own process (so the load generator
// does not share the server's thread), report the port to the parent, run until killed.
if (process.argv[2] === '--serve') {
  const dbFile = process.argv[3] as string;
  const pgUrl = process.argv[4] || null;
  const db = openDb<Database>(pgUrl ? { databaseUrl: pgUrl, pgSchema: process.argv[5] as string, poolSize: 8 } : { databaseUrl: null, sqliteFile: dbFile });
  const config = { ...loadConfig({ DATA_DIR: path.dirname(dbFile), LOG_LEVEL: 'silent' }), apiRateLimitPerMinute: 10_000_000 };
  const app = await buildApp({ config, db, clock: fixedClock('2026-10-10T02:00:00Z'), logger: createLogger('silent') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ port: (app.server.address() as { port: number }).port });
  await new Promise(() => {});
}

const { values: args } = parseArgs({ options: {
  items: { type: 'string', default: '1910000' }, venues: { type: 'string', default: '23000' }, terminals: { type: 'string', default: '8000' },
  seconds: { type: 'string', default: '10' }, pg: { type: 'string', default: '' }, queries: { type: 'string', default: '3000' }, keep: { type: 'boolean', default: false },
} });
const N_ITEMS = Number(args.items);
const N_VENUES = Number(args.venues);
const N_TERM = Number(args.terminals);

const rand = rng(20261126);
const pick = <T,>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-map-'));
const itemsFile = path.join(dir, 'items.jsonl');
const venuesFile = path.join(dir, 'venues.jsonl');
const t0 = Date.now();

// 安徽: 16 cities × ~7.5 counties ≈ 119 county-level divisions inside lat 29.4–34.6, lng 114.9–119.6.
const COUNTIES = Array.from({ length: 119 }, (_, i) => {
  const city = 3401 + Math.floor(i / 8) + (Math.floor(i / 8) >= 8 ? 2 : 0);
  return { code: `${city}${String(2 + (i % 8) * 2).padStart(2, '0')}`, lat: 29.6 + rand() * 4.8, lng: 115.1 + rand() * 4.3 };
});
const NAMES = ['社会保险参保缴费证明打印', '居民身份证换领', '有限责任公司设立登记', '最低生活保障审批', '住房公积金提取', '机动车驾驶证换证', '居住证申领', '个体工商户设立登记', '残疾人证办理', '退休人员基本养老金申领', '出生医学证明首次签发', '城乡居民医保参保登记'];
const TYPES = ['行政许可', '行政确认', '行政给付', '公共服务', '其他行政权力'];

// Venues per county: one service centre (venue index 0 of the county), then the rest.
const perCounty = Math.ceil(N_VENUES / COUNTIES.length);
const venues: { id: string; county: number; lat: number; lng: number; type: string; is24h: boolean; items: string[] }[] = [];
for (let c = 0; c < COUNTIES.length && venues.length < N_VENUES; c++) {
  const k = COUNTIES[c]!;
  for (let j = 0; j < perCounty && venues.length < N_VENUES; j++) {
    const type = j === 0 ? '政务服务中心' : j < 12 ? '便民服务中心' : j < 60 ? '便民服务站' : j < 70 ? '政务公开专区' : '银行网点';
    venues.push({ id: `V${String(venues.length + 1).padStart(6, '0')}`, county: c, lat: k.lat + (rand() - 0.5) * 0.5, lng: k.lng + (rand() - 0.5) * 0.5, type, is24h: false, items: [] });
  }
}
const firstOfCounty = new Map<number, number>();
venues.forEach((v, i) => { if (!firstOfCounty.has(v.county)) firstOfCounty.set(v.county, i); });
const countyVenues = new Map<number, number[]>();
venues.forEach((v, i) => { const l = countyVenues.get(v.county) ?? []; l.push(i); countyVenues.set(v.county, l); });
for (let t = 0; t < N_TERM; t++) {
  const host = venues[Math.floor(rand() * N_VENUES)]!;
  venues.push({ id: `T${String(t + 1).padStart(6, '0')}`, county: host.county, lat: host.lat + (rand() - 0.5) * 0.01, lng: host.lng + (rand() - 0.5) * 0.01, type: '自助服务终端', is24h: rand() < 0.5, items: [] });
}

{
  const out = fs.createWriteStream(itemsFile);
  let buf = '';
  for (let i = 0; i < N_ITEMS; i++) {
    const c = i % firstOfCounty.size;
    const county = COUNTIES[c]!;
    const id = `I${String(i + 1).padStart(8, '0')}`;
    const name = `${pick(NAMES)}（${i % 97}）`;
    const online = rand() < 0.6;
    buf += `${JSON.stringify({ id, name, type: pick(TYPES), department: '某某局', implementing_body: `${county.code}某某局`, region_code: county.code, keywords: ['社保', '证明'], online_url: online ? `https://www.ahzwfw.gov.cn/i/${id}` : null, channels: online ? ['窗口办', '网上办'] : ['窗口办理'] })}\n`;
    // Offered at the county's service centre and at one other venue of the county.
    venues[firstOfCounty.get(c)!]!.items.push(id);
    const others = countyVenues.get(c)!;
    venues[others[Math.floor(rand() * others.length)]!]!.items.push(id);
    if (i % 20 === 0) { const tv = venues[N_VENUES + Math.floor(rand() * N_TERM)]; if (tv && tv.county === c) tv.items.push(id); }
    if (buf.length > 1 << 20) { if (!out.write(buf)) await new Promise<void>((r) => { out.once('drain', () => r()); }); buf = ''; }
  }
  out.end(buf);
  await new Promise<void>((r) => { out.on('finish', () => r()); });
}
{
  const hours = { mon: '08:30-12:00,14:30-17:30', tue: '08:30-12:00,14:30-17:30', wed: '08:30-12:00,14:30-17:30', thu: '08:30-12:00,14:30-17:30', fri: '08:30-12:00,14:30-17:30', sat: '09:00-12:00', sun: '' };
  const lines = venues.map((v) => JSON.stringify({ id: v.id, name: `${v.id}${v.type}`, type: v.type, region_code: COUNTIES[v.county]!.code, address: `安徽省某地 ${v.id}`, lat: Math.round(v.lat * 1e6) / 1e6, lng: Math.round(v.lng * 1e6) / 1e6, opening_hours: hours, is_24h: v.is24h, phone: '12345', rating: 3 + Math.round(rand() * 20) / 10, rating_count: Math.floor(rand() * 2000), items: [...new Set(v.items)] }));
  fs.writeFileSync(venuesFile, `${lines.join('\n')}\n`);
}
console.log(`generated ${N_ITEMS} items and ${venues.length} venues in ${((Date.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(itemsFile).size / 1e6).toFixed(0)} MB + ${(fs.statSync(venuesFile).size / 1e6).toFixed(0)} MB)`);

const dbFile = path.join(dir, 'bench.sqlite');
// --pg postgres://… runs the same benchmark on PostgreSQL in a schema of its own (dropped at the end).
const pgUrl = args.pg || null;
const pgSchema = `bench_map_${process.pid}`;
if (pgUrl) {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`create schema ${pgSchema}`);
  await c.end();
}
const db = openDb<Database>(pgUrl ? { databaseUrl: pgUrl, pgSchema, poolSize: 4 } : { databaseUrl: null, sqliteFile: dbFile });
await migrateToLatest(db);
await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
const clock = fixedClock('2026-10-10T02:00:00Z'); // Sat 10:00 Beijing time, a 调休 working day
const t1 = Date.now();
let lastPrint = 0;
const phases = { parse: '解析', stage: '解析并写入暂存', switch: '切换' } as const;
const report = await importServiceMap({ db, clock }, { items: itemsFile, venues: venuesFile }, (phase, kind, done, total) => {
  if (Date.now() - lastPrint > 5000 || done >= total) { lastPrint = Date.now(); console.log(`  ${renderProgress(`${phases[phase]}${kind === 'items' ? '事项' : kind === 'venues' ? '场所' : ''}`, done, total)}  ${((Date.now() - t1) / 1000).toFixed(0)} s`); }
});
console.log(`  switch transaction ${(report.switchMs / 1000).toFixed(2)} s`);
const importS = (Date.now() - t1) / 1000;
if (!report.ok) { console.error(report.problems.slice(0, 5)); process.exit(1); }
const rssMb = process.resourceUsage().maxRSS / 1024;

// In-process query: near a random venue, 10 km, open at a time, one item.
const finder = new VenueFinder(db, clock);
const tl = Date.now();
await finder.refresh(true);
const loadIndexS = (Date.now() - tl) / 1000;
const qrand = rng(7);
const queries = Number(args.queries);
function randomQuery(i: number) {
  const v = venues[Math.floor(qrand() * venues.length)]!;
  const itemId = `I${String(1 + Math.floor(qrand() * N_ITEMS)).padStart(8, '0')}`;
  // Half the queries ask for an item the nearby venue offers, half for any item of the province.
  const own = v.items.length ? v.items[Math.floor(qrand() * v.items.length)] : undefined;
  return { lat: v.lat + 0.01, lng: v.lng - 0.01, item: i % 2 === 0 ? (own ?? itemId) : itemId };
}
async function timeQueries(withItem: boolean) {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < queries + 200; i++) {
    const q = randomQuery(i);
    const s = process.hrtime.bigint();
    const r = await finder.nearest({ lat: q.lat, lng: q.lng, radiusM: 10_000, at: new Date('2026-10-10T02:30:00Z'), openOnly: true, types: null, level: null, itemPublicId: withItem ? q.item : null, limit: 20 });
    const ms = Number(process.hrtime.bigint() - s) / 1e6;
    if (i >= 200) { times.push(ms); if (r.results.length) found++; }
  }
  times.sort((a, b) => a - b);
  return { share: `${Math.round((found / queries) * 100)}% with results`, p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]!, p99: times[Math.floor(times.length * 0.99)]! };
}
const withItem = await timeQueries(true);
const plain = await timeQueries(false);

// HTTP: the real app in a child process (rate limit raised for the benchmark), keep-alive client here.
await db.destroy();
const child = fork(fileURLToPath(import.meta.url), ['--serve', dbFile, ...(pgUrl ? [pgUrl, pgSchema] : [])], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve, reject) => {
  child.once('message', (m) => resolve((m as { port: number }).port));
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const urls = Array.from({ length: 100_000 }, (_, i) => { const q = randomQuery(i); return `/api/v1/venues?near=${q.lat.toFixed(5)},${q.lng.toFixed(5)}&radius_km=10&open_at=2026-10-10T10:30:00%2B08:00&item=${q.item}&limit=20`; });
let n = 0;
const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 16, duration: Number(args.seconds), requests: [{ method: 'GET', setupRequest: ((req: object) => ({ ...req, path: urls[n++ % urls.length] })) as never }] });
child.kill();
if (pgUrl && !args.keep) {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`drop schema ${pgSchema} cascade`);
  await c.end();
}
if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });

const f = (x: number) => x.toFixed(2);
console.log(`
service map benchmark (${os.cpus().length} cores, Node ${process.version}, ${pgUrl ? 'PostgreSQL' : 'SQLite'})
  data:                ${N_ITEMS} items, ${N_VENUES} venues + ${N_TERM} terminals
  import (validate + load): ${importS.toFixed(1)} s  (target ≤ 180 s)  items ${report.items.loaded}, venues ${report.venues.loaded}
  peak RSS:            ${rssMb.toFixed(0)} MB  (target ≤ 2560 MB)
  venue index load:    ${loadIndexS.toFixed(2)} s
  nearest, open_at + item (in-process, ${queries} queries): p50 ${f(withItem.p50)} ms  p95 ${f(withItem.p95)} ms  p99 ${f(withItem.p99)} ms  (target p95 ≤ 5 ms; ${withItem.share})
  nearest, open_at only, 10 km:                    p50 ${f(plain.p50)} ms  p95 ${f(plain.p95)} ms  p99 ${f(plain.p99)} ms  (${plain.share})
  HTTP GET /api/v1/venues (server in its own process; open_at + item, 100,000 distinct URLs, 16 connections, ${args.seconds} s): ${result.requests.average.toFixed(0)} req/s  latency p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  errors ${result.errors}  non-2xx ${result.non2xx}  (target ≥ 2000 req/s)
`);
