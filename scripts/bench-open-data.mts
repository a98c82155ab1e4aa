// npm run bench:open-data [-- --items 1910000 --venues 23000 --terminals 8000 --db FILE --keep --searches 200 --profile DIR]
// The open-data bulk downloads at 安徽 scale (issue 23 §3 and Performance): generates the service
// map the way scripts/bench-venue-page.mts does (119 counties, 23,000 venues + 8,000 terminals, each
// item offered at its county's service centre and one other venue; here with richer item rows:
// channels, time limits, a small guide with fees on every third item), imports it with
// importServiceMap into a SQLite file, adds the region tree and one government per county, starts
// the app in its own process and downloads over HTTP, one client, reading as fast as it can:
//   /data/datasets/service-items/items.csv, items.jsonl, hsds.json (and items.csv once with gzip),
// printing time, bytes, MB/s and the server's peak RSS growth (VmRSS of /proc/<pid>/status every
// 100 ms, against the value just before the download) with the server's own view of it (peaks of
// V8's heap and of external memory, GCs); then `package_search` p95 over `searches` requests with
// a few q/fq variants (CKAN Action API; "not available" when it answers 404).
// Target: each 1.91 M-item file in ≤ 60 s with RSS growth < 100 MB; package_search p95 ≤ 50 ms.
//   --db FILE   keep the generated database in FILE and reuse it on the next run (import ≈ 150 s)
//   --keep      keep the temporary directory
//   --profile DIR  run the server with --cpu-prof (profiles written to DIR when it exits)
//   --node-flags="…"  extra Node/V8 flags for the server process (e.g. --trace-gc, --max-semi-space-size=16)
//   --only items.csv,hsds.json,…  the downloads to run (default: the three files and items.csv with gzip)
//   --unsettled  no full GC in the server before each download (by default the server runs with
//                --expose-gc and collects before each download, so startup's garbage — hundreds of
//                MB at this scale, collected late because V8's old-generation limit scales with the
//                live heap — is not counted as the download's growth)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { platformView, type Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { importServiceMap } from '../src/modules/service-map/index.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { anhuiPlaces, rng } from './bench-env.mts';

const NOW = '2026-10-13T02:00:00Z';

if (process.argv[2] === '--serve') {
  const dbFile = process.argv[3] as string;
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
  const config = { ...loadConfig({ DATA_DIR: path.dirname(dbFile), LOG_LEVEL: 'silent' }), apiRateLimitPerMinute: 10_000_000 };
  const app = await buildApp({ config, db, clock: fixedClock(NOW), logger: createLogger('silent') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The server's memory while a file streams: peaks of RSS, V8 heap (used, total) and external
  // memory (Buffers), sampled every 50 ms, and the GCs (minor = scavenges, major = mark-compact)
  // with their time — between a 'reset' and a 'peak' request of the parent.
  const zero = () => ({ rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 });
  let peak = zero();
  let gc = { minor: 0, major: 0, incremental: 0, ms: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak = { rss: Math.max(peak.rss, m.rss), heapUsed: Math.max(peak.heapUsed, m.heapUsed), heapTotal: Math.max(peak.heapTotal, m.heapTotal), external: Math.max(peak.external, m.external), arrayBuffers: Math.max(peak.arrayBuffers, m.arrayBuffers) };
  };
  setInterval(sample, 50).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? 0;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL) gc.incremental++;
      gc.ms += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (m) => {
    // A settled server before each download: startup's garbage (hundreds of MB at this scale)
    // collected, so the growth measured is the download's own (the server runs with --expose-gc).
    if (m === 'reset') { if (process.argv[4] === 'settle') (globalThis as { gc?: () => void }).gc?.(); peak = zero(); sample(); gc = { minor: 0, major: 0, incremental: 0, ms: 0 }; process.send?.({ base: process.memoryUsage() }); }
    if (m === 'peak') { sample(); process.send?.({ peak, gc }); }
  });
  process.on('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile
  process.send?.({ port: (app.server.address() as { port: number }).port });
  await new Promise(() => {});
}

const { values: args } = parseArgs({ options: {
  items: { type: 'string', default: '1910000' }, venues: { type: 'string', default: '23000' }, terminals: { type: 'string', default: '8000' },
  db: { type: 'string' }, keep: { type: 'boolean', default: false }, searches: { type: 'string', default: '200' }, profile: { type: 'string' },
  only: { type: 'string' }, 'node-flags': { type: 'string' }, unsettled: { type: 'boolean', default: false },
} });
const N_ITEMS = Number(args.items);
const N_VENUES = Number(args.venues);
const N_TERM = Number(args.terminals);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-opendata-'));
const dbFile = args.db ? path.resolve(args.db) : path.join(dir, 'bench.sqlite');
const f1 = (x: number) => x.toFixed(1);

if (args.db && fs.existsSync(dbFile)) {
  console.log(`reusing ${dbFile}`);
} else {
  await generateAndImport();
}

async function generateAndImport(): Promise<void> {
  const rand = rng(20261213);
  const itemsFile = path.join(dir, 'items.jsonl');
  const venuesFile = path.join(dir, 'venues.jsonl');
  const t0 = Date.now();
  // ---- the service map, shaped as in bench-venue-page.mts / bench-map.mts ----
  const { counties: COUNTIES, venues, firstOfCounty, countyVenues } = anhuiPlaces(rand, N_VENUES, N_TERM);
  const NAMES = ['社会保险参保缴费证明打印', '居民身份证换领', '有限责任公司设立登记', '最低生活保障审批', '住房公积金提取', '机动车驾驶证换证', '居住证申领', '个体工商户设立登记'];
  const DEPTS = ['人力资源和社会保障局', '公安局', '市场监督管理局', '民政局', '住房公积金管理中心', '交通运输局', '医疗保障局', '卫生健康委员会'];
  const CHANNEL_SETS = [['窗口办理'], ['窗口办理', '网上办理'], ['窗口办理', '网上办理', '掌上办理'], ['窗口办理', '邮寄办理'], ['窗口办理', '帮办代办'], ['网上办理', '掌上办理', '自助办理']];
  const out = fs.createWriteStream(itemsFile);
  let buf = '';
  for (let i = 0; i < N_ITEMS; i++) {
    const c = i % firstOfCounty.size;
    const id = `I${String(i + 1).padStart(8, '0')}`;
    const dept = DEPTS[i % DEPTS.length]!;
    const channels = CHANNEL_SETS[i % CHANNEL_SETS.length]!;
    const online = channels.includes('网上办理') ? `https://www.ahzwfw.gov.cn/bsdt/${id}` : null;
    buf += `${JSON.stringify({
      id, name: `${NAMES[i % NAMES.length]}（${i % 97}）`, type: i % 5 === 0 ? '行政许可' : '公共服务', basic_code: `00${String(i % 9973).padStart(6, '0')}`, implementing_code: `1134${String(i).padStart(10, '0')}`,
      department: dept, implementing_body: `${COUNTIES[c]!.code}${dept}`, region_code: COUNTIES[c]!.code, keywords: ['社保'], online_url: online, channels,
      legal_limit: 20, legal_unit: '工作日', promised_limit: i % 4, promised_unit: i % 4 === 0 ? '即办' : '工作日', visits: i % 3 === 0 ? 0 : 1,
      ...(i % 3 === 0 ? { guide: { appointment: true, fees: [{ name: '工本费', standard: '20元', basis: '皖价费〔2020〕1号' }] } } : {}),
    })}\n`;
    venues[firstOfCounty.get(c)!]!.items.push(id);
    const others = countyVenues.get(c)!;
    venues[others[Math.floor(rand() * others.length)]!]!.items.push(id);
    if (buf.length > 1 << 20) { if (!out.write(buf)) await new Promise<void>((r) => { out.once('drain', () => r()); }); buf = ''; }
  }
  out.end(buf);
  await new Promise<void>((r) => { out.on('finish', () => r()); });
  const hours = { mon: '08:30-12:00,14:30-17:30', tue: '08:30-12:00,14:30-17:30', wed: '08:30-12:00,14:30-17:30', thu: '08:30-12:00,14:30-17:30', fri: '08:30-12:00,14:30-17:30', sat: '09:00-12:00', sun: '' };
  fs.writeFileSync(venuesFile, `${venues.map((v) => JSON.stringify({ id: v.id, name: `${v.id}${v.type}`, type: v.type, region_code: COUNTIES[v.county]!.code, address: `安徽省某地 ${v.id}`, lat: Math.round(v.lat * 1e6) / 1e6, lng: Math.round(v.lng * 1e6) / 1e6, opening_hours: hours, is_24h: v.type === '自助服务终端', phone: '0551-12345', items: [...new Set(v.items)] })).join('\n')}\n`);
  console.log(`generated ${N_ITEMS} items and ${venues.length} venues in ${f1((Date.now() - t0) / 1000)} s`);

  if (fs.existsSync(dbFile)) fs.rmSync(dbFile);
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
  await migrateToLatest(db);
  await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
  // The region tree (synthetic names) and one government per county: the catalogue then has a
  // service-items dataset per county, as a province's installation would.
  const regions = new Map<string, { name: string; level: 'province' | 'city' | 'county'; parent: string | null }>([['340000000000', { name: '安徽省', level: 'province', parent: null }]]);
  for (const c of COUNTIES) {
    regions.set(`${c.code.slice(0, 4)}00000000`, { name: `${c.code.slice(0, 4)}市`, level: 'city', parent: '340000000000' });
    regions.set(`${c.code}000000`, { name: `${c.code}县`, level: 'county', parent: `${c.code.slice(0, 4)}00000000` });
  }
  await db.insertInto('region').values([...regions].map(([code, r]) => ({ code, name: r.name, level: r.level, parent_code: r.parent }))).execute();
  await db.insertInto('organisation').values(COUNTIES.map((c) => ({ code: c.code, name: `${c.code}县人民政府`, kind: 'government' as const, region_code: `${c.code}000000`, parent_code: null, path: `/34/${c.code.slice(0, 4)}/${c.code}/`, disabled: 0, created_at: NOW }))).execute();
  const t1 = Date.now();
  const report = await importServiceMap({ db, clock: fixedClock(NOW) }, { items: itemsFile, venues: venuesFile });
  if (!report.ok) { console.error(report.problems.slice(0, 5)); process.exit(1); }
  console.log(`imported in ${f1((Date.now() - t1) / 1000)} s`);
  await db.destroy();
  fs.rmSync(itemsFile);
  fs.rmSync(venuesFile);
}

// ---- HTTP ----
const execArgv = ['--import', 'tsx', '--expose-gc', ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : []), ...(args['node-flags']?.split(/\s+/).filter(Boolean) ?? [])];
const child = fork(fileURLToPath(import.meta.url), ['--serve', dbFile, args.unsettled ? '' : 'settle'], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const { port } = await new Promise<{ port: number }>((resolve, reject) => {
  child.once('message', (m) => resolve(m as { port: number }));
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const pid = child.pid as number;
const rssKb = (): number => { const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8')); return m ? Number(m[1]) : 0; };

interface Mem { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }
interface ServerMem { base: Mem; peak: Mem; gc: { minor: number; major: number; incremental: number; ms: number } }
/** Asks the server process (see --serve) and waits for its answer. */
function ask<T>(cmd: 'reset' | 'peak'): Promise<T> {
  return new Promise((resolve) => { child.once('message', (m) => resolve(m as T)); child.send(cmd); });
}
const mb = (b: number) => f1(b / 1048576);
const memText = (m: ServerMem) => `heapUsed ${mb(m.base.heapUsed)} → peak ${mb(m.peak.heapUsed)}, heapTotal ${mb(m.base.heapTotal)} → ${mb(m.peak.heapTotal)}, `
  + `external ${mb(m.base.external)} → ${mb(m.peak.external)} MB; GC ${m.gc.minor} minor, ${m.gc.major} major, ${m.gc.incremental} incremental, ${f1(m.gc.ms / 1000)} s`;

interface Download { status: number; ms: number; bytes: number; lines: number; head: string; tail: string; rssBefore: number; rssPeak: number; mem: ServerMem; load: string }
async function download(p: string, opts: { gzip?: boolean } = {}): Promise<Download> {
  const { base } = await ask<{ base: Mem }>('reset');
  const d = await fetchFile(p, opts);
  const { peak, gc } = await ask<Omit<ServerMem, 'base'>>('peak');
  return { ...d, mem: { base, peak, gc }, load: os.loadavg().map((x) => x.toFixed(1)).join(' ') };
}
function fetchFile(p: string, opts: { gzip?: boolean }): Promise<Omit<Download, 'mem' | 'load'>> {
  const rssBefore = rssKb();
  let rssPeak = rssBefore;
  const timer = setInterval(() => { rssPeak = Math.max(rssPeak, rssKb()); }, 100);
  const s = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, headers: opts.gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
      let bytes = 0;
      let lines = 0;
      let head = '';
      let tail: Buffer = Buffer.alloc(0);
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (head.length < 300) head += c.subarray(0, 300).toString('utf8');
        for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
        tail = c.length >= 64 ? c.subarray(c.length - 64) : Buffer.concat([tail, c]).subarray(-64);
      });
      res.on('end', () => {
        clearInterval(timer);
        rssPeak = Math.max(rssPeak, rssKb());
        resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - s) / 1e6, bytes, lines, head, tail: tail.toString('utf8'), rssBefore, rssPeak });
      });
      res.on('error', reject);
    }).on('error', (e) => { clearInterval(timer); reject(e); });
  });
}
function get(p: string): Promise<{ ms: number; status: number; body: string }> {
  const s = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - s) / 1e6, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN; };

// The catalogue's file route. The first request builds the catalogue.
const probe = await get('/data/datasets/service-map-totals/totals.csv');
if (probe.status !== 200) { console.error(`/data/datasets/service-map-totals/totals.csv answered ${probe.status}`); child.kill('SIGTERM'); process.exit(1); }
const urlOf = (file: string) => `/data/datasets/service-items/${file}`;
console.log(`totals.csv ${probe.body.length} chars in ${f1(probe.ms)} ms`);

const runs: { name: string; d: Download }[] = [];
const wanted = args.only ? args.only.split(',') : ['items.csv', 'items.jsonl', 'hsds.json', 'items.csv+gzip'];
for (const w of wanted) {
  const [file, enc] = w.split('+') as [string, string | undefined];
  const d = await download(urlOf(file), { gzip: enc === 'gzip' });
  runs.push({ name: w, d });
  console.log(`  ${w}: ${d.status} ${f1(d.ms / 1000)} s ${(d.bytes / 1e6).toFixed(0)} MB ${f1(d.bytes / 1e6 / (d.ms / 1000))} MB/s lines ${d.lines} RSS +${f1((d.rssPeak - d.rssBefore) / 1024)} MB; load ${d.load}\n    server: ${memText(d.mem)}`);
}

// ---- package_search (CKAN Action API) ----
const searches = Number(args.searches);
const VARIANTS = ['/api/3/action/package_search', '/api/3/action/package_search?q=%E6%94%BF%E5%8A%A1%E6%9C%8D%E5%8A%A1', '/api/3/action/package_search?fq=organization:340102',
  '/api/3/action/package_search?fq=res_format:CSV&rows=50', '/api/3/action/package_search?q=%E4%BA%8B%E9%A1%B9&fq=-organization:platform&start=20&rows=20', '/api/3/action/package_search?fq=tags:HSDS&sort=metadata_modified%20desc'];
let search: string;
const first = await get(VARIANTS[0] as string);
if (first.status === 404) {
  search = `not available (${VARIANTS[0]} answered 404)`;
} else {
  const times: number[] = [];
  let bad = 0;
  for (let i = 0; i < searches; i++) {
    const r = await get(VARIANTS[i % VARIANTS.length] as string);
    if (r.status !== 200) bad++;
    times.push(r.ms);
  }
  search = `p50 ${f1(pct(times, 0.5))} ms  p95 ${f1(pct(times, 0.95))} ms  p99 ${f1(pct(times, 0.99))} ms over ${searches} requests (${VARIANTS.length} q/fq variants), non-200: ${bad}`;
}

child.kill('SIGTERM');
await new Promise<void>((r) => { child.once('exit', () => r()); setTimeout(r, 5000); });
if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });

console.log(`
open-data bulk downloads (${os.cpus().length} cores, Node ${process.version}, SQLite; one client)
  data: ${N_ITEMS} items, ${N_VENUES} venues + ${N_TERM} terminals (119 counties)${args.db ? ` — ${dbFile}` : ''}
  via: GET /data/datasets/service-items/{file}${args['node-flags'] ? `; server flags ${args['node-flags']}` : ''}
${runs.map(({ name, d }) => `  ${name.padEnd(16)} ${String(d.status).padEnd(4)} ${f1(d.ms / 1000).padStart(6)} s  ${(d.bytes / 1e6).toFixed(0).padStart(5)} MB  ${f1(d.bytes / 1e6 / (d.ms / 1000)).padStart(6)} MB/s  RSS ${f1(d.rssBefore / 1024)} → peak ${f1(d.rssPeak / 1024)} MB (+${f1((d.rssPeak - d.rssBefore) / 1024)} MB)${name.endsWith('gzip') ? '' : `  lines ${d.lines}`}  load ${d.load}`).join('\n')}
  package_search: ${search}
  target: ≤ 60 s per 1.91 M-item file, RSS growth < 100 MB; package_search p95 ≤ 50 ms
  load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores
`);
const failed = runs.filter(({ d }) => d.status !== 200);
if (failed.length) { console.error(`failed: ${failed.map((f) => `${f.name} ${f.d.status}`).join(', ')}`); process.exit(1); }
