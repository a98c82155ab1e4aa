// npm run bench:appointments (second half) — or alone:
//   node --import tsx scripts/bench-venue-page.mts [-- --items 1910000 --venues 23000 --terminals 8000 --history-venues 1000 --seconds 10]
//   --db FILE: reuse the data: the first run generates it into FILE (+ FILE.meta.json) and keeps it; later
//   runs with the same FILE skip generation, import and history (the 1.91 M items take minutes to import).
//   --keep keeps the temporary directory of a run without --db. --profile DIR writes the server's CPU
//   profile of each measured phase (DIR/cold.cpuprofile: both cold phases; DIR/warm.cpuprofile: both warm
//   phases), start-up and warming left out.
// The venue page with its waiting-time chart at 安徽 scale: generates the service map the way
// scripts/bench-map.mts does (119 counties, 23,000 venues + 8,000 terminals, items offered at the
// county's service centre and one other venue), imports it with importServiceMap into a fresh SQLite
// file, gives `history-venues` venues (the 119 county centres first, then random ones) 20 weeks of
// qu_hourly, starts the app in its own process (with its background jobs, as main.ts does: the job
// queue.forecasts stores every venue's forecast before the first request, timed and printed) and
// measures GET /services/venues/{id}:
//   - cold, one client: the first request of each of 300 venues with history in this process;
//   - cold, `clients` clients: the first request of each of the other venues with history;
//   - warm, one client and `clients` keep-alive clients (for `seconds`) over the first 300 venues;
// printing req/s and p50/p95/p99. Target: p95 ≤ 50 ms in each case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import inspector from 'node:inspector';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { loadCalendar, seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { platformView, type Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { importServiceMap } from '../src/modules/service-map/index.ts';
import { dayKindOf } from '../src/modules/appointments/index.ts';
import { historyRows, noteHistory } from '../src/modules/queue/index.ts';
import { JobRunner } from '../src/platform/jobs/jobs.ts';
import { addDays } from '../src/platform/clock/local-date.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { anhuiPlaces, rng } from './bench-env.mts';

const NOW = '2026-10-13T02:00:00Z'; // Tue 10:00 Beijing time, the 4th working day after 国庆 2026
const TODAY = '2026-10-13';

if (process.argv[2] === '--serve') {
  const dbFile = process.argv[3] as string;
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
  const config = { ...loadConfig({ DATA_DIR: path.dirname(dbFile), LOG_LEVEL: 'silent' }), apiRateLimitPerMinute: 10_000_000 };
  const jobs = new JobRunner(platformView(db));
  const app = await buildApp({ config, db, clock: fixedClock(NOW), logger: createLogger('silent'), jobs });
  // The jobs due at start-up, as main.ts would run them right after listen: queue.forecasts stores
  // the forecasts out of date (all of them on a fresh database, none when this file ran before).
  const t0 = Date.now();
  const ran = await jobs.runDue();
  const fc = await db.selectFrom('job_schedule').select('last_error').where('name', '=', 'queue.forecasts').executeTakeFirst();
  const stored = await db.selectFrom('qu_forecast').select(db.fn.countAll<number>().as('n')).where('body', 'is not', null).executeTakeFirst();
  console.log(`jobs at start-up (${ran.join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${Number(stored?.n ?? 0)} stored forecasts${fc?.last_error ? `; queue.forecasts failed: ${fc.last_error}` : ''}`);
  await app.listen({ port: 0, host: '127.0.0.1' });
  jobs.start();
  let profiler: inspector.Session | null = null;
  process.on('message', (m) => {
    if (m === 'stop') process.exit(0);
    if (typeof m === 'object' && m && 'profStart' in m) {
      profiler = new inspector.Session();
      profiler.connect();
      profiler.post('Profiler.enable', () => profiler!.post('Profiler.setSamplingInterval', { interval: 200 }, () => profiler!.post('Profiler.start', () => process.send?.({ prof: 'started' }))));
    }
    if (typeof m === 'object' && m && 'profStop' in m) {
      const file = (m as { profStop: string }).profStop;
      profiler?.post('Profiler.stop', (err, res) => {
        if (!err) fs.writeFileSync(file, JSON.stringify(res.profile));
        profiler?.disconnect();
        profiler = null;
        process.send?.({ prof: 'stopped' });
      });
    }
    if (m === 'cpu') { const u = process.cpuUsage(); process.send?.({ cpuMs: (u.user + u.system) / 1000 }); }
  });
  process.send?.({ port: (app.server.address() as { port: number }).port });
  await new Promise(() => {});
}

const { values: args } = parseArgs({ options: {
  items: { type: 'string', default: '1910000' }, venues: { type: 'string', default: '23000' }, terminals: { type: 'string', default: '8000' },
  'history-venues': { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' }, keep: { type: 'boolean', default: false },
  db: { type: 'string' }, profile: { type: 'string' }, clients: { type: 'string', default: '16' },
} });
const N_ITEMS = Number(args.items);
const N_VENUES = Number(args.venues);
const N_TERM = Number(args.terminals);
const N_HIST = Math.min(Number(args['history-venues']), N_VENUES);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-venue-'));
const dbFile = args.db ? path.resolve(args.db) : path.join(dir, 'bench.sqlite');
const metaFile = `${dbFile}.meta.json`;
interface Meta { items: number; venues: number; terminals: number; chosen: string[]; plain: string[]; histRows: number }
let meta: Meta;
if (args.db && fs.existsSync(dbFile) && fs.existsSync(metaFile)) {
  meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
  await migrateToLatest(db); // data kept from an older version of the code
  await db.destroy();
  console.log(`reusing ${dbFile} (${meta.items} items, ${meta.venues} venues + ${meta.terminals} terminals)`);
} else {
  if (args.db) { fs.rmSync(dbFile, { force: true }); fs.mkdirSync(path.dirname(dbFile), { recursive: true }); }
  meta = await generate();
  fs.writeFileSync(metaFile, JSON.stringify(meta));
}
const { chosen, histRows } = meta;

async function generate(): Promise<Meta> {
  const rand = rng(20261213);
  const itemsFile = path.join(dir, 'items.jsonl');
  const venuesFile = path.join(dir, 'venues.jsonl');
  const t0 = Date.now();

  // ---- the service map, shaped as in bench-map.mts ----
  const { counties: COUNTIES, venues, firstOfCounty, countyVenues } = anhuiPlaces(rand, N_VENUES, N_TERM);
  const NAMES = ['社会保险参保缴费证明打印', '居民身份证换领', '有限责任公司设立登记', '最低生活保障审批', '住房公积金提取', '机动车驾驶证换证', '居住证申领', '个体工商户设立登记'];
  {
    const out = fs.createWriteStream(itemsFile);
    let buf = '';
    for (let i = 0; i < N_ITEMS; i++) {
      const c = i % firstOfCounty.size;
      const id = `I${String(i + 1).padStart(8, '0')}`;
      buf += `${JSON.stringify({ id, name: `${NAMES[i % NAMES.length]}（${i % 97}）`, type: '公共服务', department: '某某局', implementing_body: `${COUNTIES[c]!.code}某某局`, region_code: COUNTIES[c]!.code, keywords: ['社保'], online_url: null, channels: ['窗口办理'] })}\n`;
      venues[firstOfCounty.get(c)!]!.items.push(id);
      const others = countyVenues.get(c)!;
      venues[others[Math.floor(rand() * others.length)]!]!.items.push(id);
      if (buf.length > 1 << 20) { if (!out.write(buf)) await new Promise<void>((r) => { out.once('drain', () => r()); }); buf = ''; }
    }
    out.end(buf);
    await new Promise<void>((r) => { out.on('finish', () => r()); });
    const hours = { mon: '08:30-12:00,14:30-17:30', tue: '08:30-12:00,14:30-17:30', wed: '08:30-12:00,14:30-17:30', thu: '08:30-12:00,14:30-17:30', fri: '08:30-12:00,14:30-17:30', sat: '09:00-12:00', sun: '' };
    fs.writeFileSync(venuesFile, `${venues.map((v) => JSON.stringify({ id: v.id, name: `${v.id}${v.type}`, type: v.type, region_code: COUNTIES[v.county]!.code, address: `安徽省某地 ${v.id}`, lat: Math.round(v.lat * 1e6) / 1e6, lng: Math.round(v.lng * 1e6) / 1e6, opening_hours: hours, is_24h: false, phone: '12345', items: [...new Set(v.items)] })).join('\n')}\n`);
  }
  console.log(`generated ${N_ITEMS} items and ${venues.length} venues in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
  await migrateToLatest(db);
  await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
  const t1 = Date.now();
  const report = await importServiceMap({ db, clock: fixedClock(NOW) }, { items: itemsFile, venues: venuesFile });
  if (!report.ok) { console.error(report.problems.slice(0, 5)); process.exit(1); }
  console.log(`imported in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  // ---- 20 weeks of qu_hourly for N_HIST venues: the county centres first, then random venues ----
  const chosen: string[] = [...firstOfCounty.values()].map((i) => venues[i]!.id).slice(0, N_HIST);
  while (chosen.length < N_HIST) { const v = venues[Math.floor(rand() * N_VENUES)]!.id; if (!chosen.includes(v)) chosen.push(v); }
  const ids = new Map<string, number>();
  for (let i = 0; i < chosen.length; i += 500) {
    for (const r of await db.selectFrom('sm_venue').select(['id', 'public_id']).where('public_id', 'in', chosen.slice(i, i + 500)).execute()) ids.set(r.public_id, Number(r.id));
  }
  const kindOf = dayKindOf(await loadCalendar(platformView(db)));
  const t2 = Date.now();
  let histRows = 0;
  await db.transaction().execute(async (trx) => {
    for (const [n, publicId] of chosen.entries()) {
      const rows = historyRows({ venueId: ids.get(publicId)!, from: addDays(TODAY, -140), to: TODAY, level: 10 + (n % 50), seed: n + 1, kindOf });
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('qu_hourly').values(rows.slice(i, i + 500)).execute();
      await noteHistory(trx, ids.get(publicId)!, true);
      histRows += rows.length;
    }
  });
  console.log(`qu_hourly: ${histRows} rows for ${chosen.length} venues (20 weeks) in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  await db.destroy();
  // venues without history, for warming the process
  const plain = Array.from({ length: 20 }, (_, i) => venues[N_VENUES - 1 - i]!.id);
  return { items: N_ITEMS, venues: N_VENUES, terminals: N_TERM, chosen, plain, histRows };
}

// ---- HTTP ----
const child = fork(fileURLToPath(import.meta.url), ['--serve', dbFile], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve, reject) => {
  child.once('message', (m) => resolve((m as { port: number }).port));
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(p: string): Promise<{ ms: number; status: number; body: string }> {
  const s = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - s) / 1e6, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}
// The server's CPU time (user + system): per request it depends little on the machine's load.
function serverCpuMs(): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: unknown) => { if (typeof m === 'object' && m && 'cpuMs' in m) { child.off('message', on); resolve((m as { cpuMs: number }).cpuMs); } };
    child.on('message', on);
    child.send('cpu');
  });
}
const cpu: Record<string, string> = {};
/** With --profile: the server's CPU profile from now until the returned function is called. */
async function profilePhase(name: string): Promise<() => Promise<void>> {
  if (!args.profile) return async () => {};
  const dirP = path.resolve(args.profile);
  fs.mkdirSync(dirP, { recursive: true });
  const reply = (what: string) => new Promise<void>((resolve) => {
    const on = (m: unknown) => { if (typeof m === 'object' && m && (m as { prof?: string }).prof === what) { child.off('message', on); resolve(); } };
    child.on('message', on);
  });
  const started = reply('started');
  child.send({ profStart: true });
  await started;
  return async () => {
    const stopped = reply('stopped');
    child.send({ profStop: path.join(dirP, `${name}.cpuprofile`) });
    await stopped;
  };
}
async function cpuPhase<T>(name: string, n: () => number, run: () => Promise<T>): Promise<T> {
  const c0 = await serverCpuMs();
  const out = await run();
  cpu[name] = ((await serverCpuMs() - c0) / Math.max(1, n())).toFixed(2);
  return out;
}
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]!; };
const f = (x: number) => x.toFixed(1);
const ok = (xs: number[]) => (pct(xs, 0.95) <= 50 ? 'ok' : 'OVER the 50 ms target');

// Warm the process (routes, templates, calendar) on one venue without history.
for (const id of meta.plain) await get(`/services/venues/${id}`);
const sample = chosen.slice(0, Math.min(300, chosen.length));
const check = await get(`/services/venues/${sample[0]}`);
if (check.status !== 200 || !check.body.includes('排队预测（未来 7 天）') || !/通常在 \d\d:00 最忙/.test(check.body)) { console.error('venue page without the forecast chart', check.status); child.kill(); process.exit(1); }
const cold: number[] = [];
const endColdProfile = await profilePhase('cold');
await cpuPhase('cold1', () => cold.length, async () => {
  for (const v of sample.slice(1)) { const r = await get(`/services/venues/${v}`); if (r.status !== 200) throw new Error(`${v}: ${r.status}`); cold.push(r.ms); }
});
const CLIENTS = Number(args.clients);
// cold with concurrent clients: each of the other venues with history (and, beyond them, venues without) once
const rest = [...chosen.slice(sample.length), ...meta.plain].slice(0, 1000);
const cold16: number[] = [];
let next = 0;
const tc = Date.now();
await cpuPhase('coldN', () => cold16.length, () => Promise.all(Array.from({ length: CLIENTS }, async () => {
  while (next < rest.length) {
    const v = rest[next++]!;
    const r = await get(`/services/venues/${v}`);
    if (r.status !== 200) throw new Error(`${v}: ${r.status}`);
    cold16.push(r.ms);
  }
})));
const cold16S = (Date.now() - tc) / 1000;
await endColdProfile();

const warm1: number[] = [];
const endWarmProfile = await profilePhase('warm');
await cpuPhase('warm1', () => warm1.length, async () => { for (const v of sample) warm1.push((await get(`/services/venues/${v}`)).ms); });
const warm: number[] = [];
let errors = 0;
const until = Date.now() + Number(args.seconds) * 1000;
let k = 0;
const tw = Date.now();
await cpuPhase('warmN', () => warm.length, () => Promise.all(Array.from({ length: CLIENTS }, async () => {
  while (Date.now() < until) {
    const r = await get(`/services/venues/${sample[k++ % sample.length]}`);
    if (r.status !== 200) errors++;
    warm.push(r.ms);
  }
})));
const warmS = (Date.now() - tw) / 1000;
await endWarmProfile();
await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.send('stop'); });
agent.destroy();
if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });

console.log(`
venue page benchmark (${os.cpus().length} cores, Node ${process.version}, SQLite)
  data: ${meta.items} items, ${meta.venues} venues + ${meta.terminals} terminals; ${histRows} qu_hourly rows (${chosen.length} venues × 20 weeks)
  GET /services/venues/{id} with the 7-day waiting-time chart:
    cold, 1 client  (first request of ${cold.length} venues in this process):  p50 ${f(pct(cold, 0.5))} ms  p95 ${f(pct(cold, 0.95))} ms  p99 ${f(pct(cold, 0.99))} ms  ${ok(cold)}
    cold, ${CLIENTS} clients (first request of ${cold16.length} other venues):  ${(cold16.length / cold16S).toFixed(0)} req/s  p50 ${f(pct(cold16, 0.5))} ms  p95 ${f(pct(cold16, 0.95))} ms  p99 ${f(pct(cold16, 0.99))} ms  ${ok(cold16)}
    warm, 1 client  (${warm1.length} venues again):  p50 ${f(pct(warm1, 0.5))} ms  p95 ${f(pct(warm1, 0.95))} ms  p99 ${f(pct(warm1, 0.99))} ms  ${ok(warm1)}
    warm, ${CLIENTS} clients (keep-alive, ${sample.length} venues, ${args.seconds} s):  ${(warm.length / warmS).toFixed(0)} req/s  p50 ${f(pct(warm, 0.5))} ms  p95 ${f(pct(warm, 0.95))} ms  p99 ${f(pct(warm, 0.99))} ms  errors ${errors}  ${ok(warm)}
  server CPU time per request (user + system, less sensitive to the machine's load): cold 1 client ${cpu.cold1} ms, cold ${CLIENTS} clients ${cpu.coldN} ms, warm 1 client ${cpu.warm1} ms, warm ${CLIENTS} clients ${cpu.warmN} ms
  target: p95 ≤ 50 ms in each case (load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores)
`);
