// HTTP part of bench:search: the corpus written into a fresh SQLite file's sm_item table (the
// triggers fill the change log as any import would), the app served from its own process (its
// start-up builds the index: that time is printed), then autocannon against GET /api/v1/search
// cycling through the 1,000 queries (keep-alive, 16 connections).
// Besides req/s and latency it prints what a request costs: the server's CPU time per request
// (process.cpuUsage over the measured run: comparable under shared load, unlike req/s), the index's
// own time (mean took_ms of one sequential pass of the mix) and the rest (framework: routing,
// hooks, headers, serialisation, GC). Issue 24 §3's previous figures are printed beside them.
// Run alone on an existing database (copy a shared one first: the server seeds the dictionary):
//   node --import tsx scripts/bench-search-http.mts --db FILE [--seconds 15] [--processes 1,2] [--queries FILE] [--cache 1000] [--log-worker]
// --processes 2 starts two server processes on the same file (the cluster shape, one per core) and
// drives both at once with 8 connections each. The servers run as `npm start` runs the server
// (bench-runtime.mts; HTTP_RUNTIME=tsx: through tsx); --log-worker sets SEARCH_LOG_WORKER=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { serverRuntime, type ServerRuntime } from './bench-runtime.mts';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { platformView, type Database } from '../src/schema.ts';


export async function httpBench(o: { itemsFile: string; queriesFile: string; seconds: number; processes?: number[] }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-search-http-'));
  const dbFile = path.join(dir, 'bench.sqlite');
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
  await migrateToLatest(db);
  await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
  const at = '2026-10-10T00:00:00.000Z';
  let batch: Database['sm_item'][] = [];
  let n = 0;
  const flush = async () => { if (batch.length) await db.insertInto('sm_item').values(batch as never).execute(); batch = []; };
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    const rl = readline.createInterface({ input: fs.createReadStream(o.itemsFile), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line) continue;
      const it = JSON.parse(line) as { id: string; code: string; name: string; type: string; department: string; implementingBody: string; regionCode: string; level: string; keywords: string[]; channels: string[]; visits: number };
      batch.push({ public_id: it.id, name: it.name, basic_code: it.code, implementing_code: it.code, type: it.type, department: it.department, implementing_body: it.implementingBody, region_code: it.regionCode, level: it.level, keywords: it.keywords.join(' '), online_url: null, mobile_url: null, channels: it.channels.join(' '), legal_limit: null, legal_unit: null, promised_limit: null, promised_unit: null, visits: it.visits ?? 0, guide_json: null, created_at: at, updated_at: at } as never);
      n++;
      if (batch.length >= 500) { const b = batch; batch = []; await trx.insertInto('sm_item').values(b as never).execute(); }
    }
    if (batch.length) await trx.insertInto('sm_item').values(batch as never).execute();
  });
  await flush();
  await db.destroy();
  console.log(`\n## HTTP GET /api/v1/search (${n.toLocaleString('en')} items in SQLite, server in its own process)`);
  console.log(`loaded ${n} items into sm_item in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await driveSearch({ dbFile, queriesFile: o.queriesFile, seconds: o.seconds, processes: o.processes ?? [1] });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Issue 24's figures before this round (ADR 0002, taken under shared load, load average ≈ 5). */
const PREVIOUS = '395 req/s, p50 28 ms, p99 190 ms; in-process 0.68 ms a request, index ≈ 0.2 ms';

interface Served { child: ChildProcess; port: number; startMs: number; rssMB: number }
let runtime: ServerRuntime | null = null;
async function serve(dbFile: string, cache: number, logWorker: boolean): Promise<Served> {
  runtime ??= await serverRuntime('scripts/bench-search-http-serve.mts', 'HTTP_RUNTIME');
  const child = fork(runtime.file, [dbFile, String(cache), logWorker ? '1' : '0'], { execArgv: runtime.execArgv, env: runtime.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ...(m as { port: number; startMs: number; rssMB: number }) }));
    child.once('exit', (code) => reject(new Error(`search server exited with ${code}`)));
  });
}
interface Delay { p50: number; p99: number; max: number }
const statsOf = (c: ChildProcess) => new Promise<{ cpu: NodeJS.CpuUsage; cache: { hits: number; misses: number }; delay: Delay }>((resolve) => { c.once('message', (m) => resolve(m as never)); c.send('cpu'); });
const cpuOf = async (c: ChildProcess) => (await statsOf(c)).cpu;
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
/** The servers' event-loop delay over a run (each process's own: p99 and max, in ms). */
const delays = (ds: Delay[]) => `event-loop delay p99 ${ds.map((d) => d.p99.toFixed(1)).join(' / ')} ms, max ${ds.map((d) => d.max.toFixed(1)).join(' / ')} ms`;

/** Drives GET /api/v1/search on a database that already holds the items, with 1 and/or 2 server processes. */
export async function driveSearch(o: { dbFile: string; queriesFile: string; seconds: number; processes: number[]; caches?: number[]; rate?: number; logWorker?: boolean }): Promise<void> {
  const queries = fs.readFileSync(o.queriesFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
  const urls = queries.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}&limit=10`);
  console.log(`previous (issue 24): ${PREVIOUS}; target ≥ 1,500 req/s, p99 ≤ 20 ms`);
  for (const cache of o.caches ?? [0]) for (const np of o.processes) {
    console.log(cache ? `result cache ON (SEARCH_RESULT_CACHE=${cache}):` : 'result cache off (the index answers every request):');
    // one process at a time holds a province's index unless asked for two (each ≈ 1 GB at 1.91 M items)
    const servers: Served[] = [];
    for (let k = 0; k < np; k++) servers.push(await serve(o.dbFile, cache, o.logWorker ?? false));
    if (runtime) console.log(`server runtime: ${runtime.label}; search log ${o.logWorker ? 'written by a worker thread (SEARCH_LOG_WORKER=1)' : "on the server's connection (SEARCH_LOG_WORKER=0)"}`);
    console.log(`${np} process${np > 1 ? 'es' : ''}: start-up (from the snapshot beside the file, else built from the database) ${servers.map((x) => `${(x.startMs / 1000).toFixed(1)} s`).join(', ')}, RSS after start ${servers.map((x) => `${x.rssMB} MB`).join(', ')}`);
    // What a request costs, in the server's CPU time (robust to other work on the machine, unlike
    // wall time): one sequential pass of the mix (which also warms up), then the same route with an
    // empty q (routing, hooks, headers, JSON: no index work); the difference is the index query.
    const first = servers[0]!;
    const pass = async (paths: string[]) => {
      const c0 = await cpuOf(first.child);
      let took = 0;
      for (const u of paths) took += ((await (await fetch(`http://127.0.0.1:${first.port}${u}`)).json()) as { took_ms: number }).took_ms;
      const c1 = await cpuOf(first.child);
      return { cpuMs: (c1.user - c0.user + c1.system - c0.system) / 1000 / paths.length, tookMs: took / paths.length };
    };
    const real = await pass(urls);
    const empty = await pass(urls.map(() => '/api/v1/search?q=&limit=10'));
    const st0 = await Promise.all(servers.map((x) => statsOf(x.child)));
    const cpu0 = st0.map((x) => x.cpu);
    const runs = await Promise.all(servers.map((x, k) => {
      let i = k * 7;
      return autocannon({ url: `http://127.0.0.1:${x.port}`, connections: 16 / np, duration: o.seconds, requests: [{ method: 'GET', setupRequest: ((req: object) => ({ ...req, path: urls[i++ % urls.length] })) as never }] });
    }));
    const st1 = await Promise.all(servers.map((x) => statsOf(x.child)));
    const cpu1 = st1.map((x) => x.cpu);
    const hits = st1.reduce((a, x, k) => a + x.cache.hits - st0[k]!.cache.hits, 0);
    const looks = st1.reduce((a, x, k) => a + x.cache.hits + x.cache.misses - st0[k]!.cache.hits - st0[k]!.cache.misses, 0);
    const total = runs.reduce((a, r) => a + r.requests.total, 0);
    const cpuUs = servers.reduce((a, _x, k) => a + (cpu1[k]!.user - cpu0[k]!.user) + (cpu1[k]!.system - cpu0[k]!.system), 0) / total;
    const rate = runs.reduce((a, r) => a + r.requests.average, 0);
    const p50 = Math.max(...runs.map((r) => r.latency.p50));
    const p99 = Math.max(...runs.map((r) => r.latency.p99));
    const errors = runs.reduce((a, r) => a + r.errors, 0);
    const non2xx = runs.reduce((a, r) => a + r.non2xx, 0);
    console.log(`  ${rate.toFixed(0)} req/s over ${o.seconds} s, 16 connections, ${urls.length.toLocaleString('en')} distinct queries; latency p50 ${p50} ms, p99 ${p99} ms; errors ${errors}, non-2xx ${non2xx}; load average ${load()}`);
    console.log(`  server ${delays(st1.map((x) => x.delay))}`);
    console.log(`  server CPU ${(cpuUs / 1000).toFixed(2)} ms a request under load — ${rate >= 1500 && p99 <= 20 ? 'meets' : 'misses'} the target${cache ? `; result cache hit rate ${looks ? ((hits / looks) * 100).toFixed(1) : '–'} % (${hits.toLocaleString('en')} of ${looks.toLocaleString('en')})` : ''}`);
    // The same mix offered at the target's rate (autocannon's overallRate, split over the processes):
    // the latency a user sees when the site serves 1,500 req/s, not at the machine's saturation point.
    if (o.rate) {
      await Promise.all(servers.map((x) => statsOf(x.child)));
      const paced = await Promise.all(servers.map((x, k) => {
        let i = k * 11 + 3;
        return autocannon({ url: `http://127.0.0.1:${x.port}`, connections: 16 / np, overallRate: o.rate! / np, duration: o.seconds, requests: [{ method: 'GET', setupRequest: ((req: object) => ({ ...req, path: urls[i++ % urls.length] })) as never }] });
      }));
      const got = paced.reduce((a, r) => a + r.requests.average, 0);
      const q50 = Math.max(...paced.map((r) => r.latency.p50));
      const q99 = Math.max(...paced.map((r) => r.latency.p99));
      const bad = paced.reduce((a, r) => a + r.errors + r.non2xx, 0);
      const pacedDelay = (await Promise.all(servers.map((x) => statsOf(x.child)))).map((x) => x.delay);
      console.log(`  offered ${o.rate.toLocaleString('en')} req/s: served ${got.toFixed(0)} req/s, latency p50 ${q50} ms, p99 ${q99} ms, errors/non-2xx ${bad} — ${got >= o.rate * 0.98 && q99 <= 20 && !bad ? 'meets' : 'misses'} the target (p99 ≤ 20 ms at 1,500 req/s); load average ${load()}`);
      console.log(`  server ${delays(pacedDelay)}`);
    }
    console.log(`  one request at a time: ${real.cpuMs.toFixed(2)} ms CPU a request, of which the framework (same route, empty q: routing, hooks, headers, JSON, GC) ${empty.cpuMs.toFixed(2)} ms and the index query ≈ ${(real.cpuMs - empty.cpuMs).toFixed(2)} ms (mean took_ms ${real.tookMs.toFixed(2)} ms, wall time)`);
    for (const x of servers) x.child.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --cache N: runs again with the result cache on (SEARCH_RESULT_CACHE=N) after the run without it
  // --rate N: after each saturation run, the mix offered at N req/s (default 1500, the target; 0: none)
  const { values } = parseArgs({ options: { cache: { type: 'string', default: '0' }, db: { type: 'string' }, seconds: { type: 'string', default: '15' }, processes: { type: 'string', default: '1' }, rate: { type: 'string', default: '1500' }, 'log-worker': { type: 'boolean', default: false }, queries: { type: 'string', default: path.join('..', 'shared', 'bench', 'queries', 'public.jsonl') } } });
  if (!values.db) throw new Error('--db FILE: a database that already holds the items (a copy: the server writes to it)');
  console.log(`bench-search-http — ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}, load average ${load()}`);
  await driveSearch({ dbFile: values.db, queriesFile: values.queries, seconds: Number(values.seconds), processes: values.processes.split(',').map(Number), caches: Number(values.cache) > 0 ? [0, Number(values.cache)] : [0], rate: Number(values.rate) || 0, logWorker: values['log-worker'] });
}
