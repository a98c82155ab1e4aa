// npm run bench:channels — the hall display's update endpoint under 1,000 screens (issue 19,
// Performance): ONE server process (this script in `--serve` mode, a child over a temp SQLite
// database with the demo data, as `npm start` has) and 1,000 display clients polling one venue's
// GET /display/{venue}/data with If-None-Match, each on its own cycle (30 s on a real screen,
// compressed here to BENCH_POLL_MS, default 1,000 ms — 30× the real load), for BENCH_SECONDS
// (default 30). Meanwhile the server publishes a record of the venue's county every 5 s, so the
// snapshot's version changes and screens fetch the new JSON (200) between their 304s.
//
//   BENCH_CLIENTS=1000  BENCH_SECONDS=30  BENCH_POLL_MS=1000  BENCH_VENUE=CX-ZWFW
//
// Prints requests/s, statuses, latency p50/p99/max, the server's CPU % (utime+stime from
// /proc/PID/stat over the run) and its RSS before and after. Exit 1 on any error or non-2xx/304.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { envInt } from './bench-env.mts';
import { forkServer, loadDemoData, serveUntilStopped, startServer } from './bench-server.mts';

const SELF = fileURLToPath(import.meta.url);

// ---- Server mode (the child) -----------------------------------------------------------------
if (process.argv[2] === '--serve') {
  const server = await startServer();
  const { db, clock } = server;
  const { createAndPublish, emptyInput, DEFAULT_INDEX_FORMAT } = await import('../src/modules/disclosures/index.ts');
  let n = 0;
  let writer: NodeJS.Timeout | null = null;
  process.on('message', (m: { write?: boolean }) => {
    if (m.write && !writer) {
      writer = setInterval(() => {
        void createAndPublish({ db, clock, indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false }, 'bench', { ...emptyInput('130427'), title: `信息屏压测公告第${++n}号`, bodyHtml: '<p>压测</p>', genre: 'notice', category: 'zhzw', formedOn: new Date().toISOString().slice(0, 10) })
          .catch((e: unknown) => console.error('publish failed', e));
      }, 5_000);
    }
  });
  await serveUntilStopped(server, () => { if (writer) clearInterval(writer); });
}

// ---- Driver --------------------------------------------------------------------------------
const CLIENTS = envInt('BENCH_CLIENTS', 1000, 1);
const SECONDS = envInt('BENCH_SECONDS', 30, 5);
const POLL_MS = envInt('BENCH_POLL_MS', 1000, 50);
const VENUE = process.env.BENCH_VENUE?.trim() || 'CX-ZWFW';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-channels-'));
const serverEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'true', LOG_LEVEL: 'error', NODE_ENV: 'production' };
console.log(`# bench:channels — ${CLIENTS} display clients polling /display/${VENUE}/data every ${POLL_MS} ms (a 30 s screen cycle ×${(30_000 / POLL_MS).toFixed(0)}) for ${SECONDS} s; one server process (SQLite, demo data)`);
{
  const t0 = Date.now();
  await loadDemoData(serverEnv);
  console.log(`demo data loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const { child, port } = await forkServer(SELF, serverEnv);
const procStatus = (): { rssMB: number; cpuTicks: number } => {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssMB: Math.round(Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]) / 102.4) / 10, cpuTicks: Number(fields[11]) + Number(fields[12]) };
};
const TICKS = 100; // USER_HZ on Linux

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 10 });
function get(etag: string): Promise<{ status: number; etag: string; ms: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/display/${encodeURIComponent(VENUE)}/data`, agent, headers: etag ? { 'if-none-match': etag } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag ?? etag), ms: performance.now() - t }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

// warm-up: one request opens the snapshot; every client connects once (a screen that has loaded the page)
const first = await get('');
if (first.status !== 200) { console.error(`the endpoint answered ${first.status}`); child.kill('SIGTERM'); process.exit(1); }
const etags: string[] = new Array(CLIENTS).fill(first.etag);
await Promise.all(etags.map(async (_, i) => { etags[i] = (await get(etags[i]!)).etag; }));
const before = procStatus();
console.log(`server pid ${child.pid}; RSS before ${before.rssMB} MB (after the warm-up: ${CLIENTS} keep-alive connections open)`);
child.send({ write: true });

const latencies: number[] = [];
// The clients' own event-loop delay: on a busy machine the driver, not the server, may be what is slow.
const lag = monitorEventLoopDelay({ resolution: 20 });
lag.enable();
const load0 = os.loadavg()[0]!;
const statuses = new Map<number, number>();
let errors = 0;
const start = Date.now();
const end = start + SECONDS * 1000;
async function client(i: number): Promise<void> {
  // screens start anywhere in the cycle
  await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
  while (Date.now() < end) {
    const next = Date.now() + POLL_MS;
    try {
      const r = await get(etags[i]!);
      etags[i] = r.etag;
      latencies.push(r.ms);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    } catch { errors += 1; }
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
const wall = (Date.now() - start) / 1000;
lag.disable();
const after = procStatus();
agent.destroy();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
const total = latencies.length;
const bad = [...statuses].filter(([s]) => s !== 200 && s !== 304).reduce((n, [, c]) => n + c, 0);
const cpu = ((after.cpuTicks - before.cpuTicks) / TICKS / wall) * 100;
console.log(`requests: ${total} in ${wall.toFixed(1)} s = ${(total / wall).toFixed(0)} req/s; statuses ${[...statuses].sort().map(([s, c]) => `${s}×${c}`).join(', ')}; errors ${errors}`);
console.log(`latency: p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`);
console.log(`server CPU: ${cpu.toFixed(0)} % of one core over the run; RSS before ${before.rssMB} MB, after ${after.rssMB} MB`);
console.log(`driver (the ${CLIENTS} clients, one process): event-loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms; machine load average ${load0.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
console.log(`(a real screen polls every 30 s: ${CLIENTS} screens are ${(CLIENTS / 30).toFixed(0)} req/s, 1/${(30_000 / POLL_MS).toFixed(0)} of this load)`);
const failed = errors > 0 || bad > 0;
console.log(failed ? 'FAILED: errors or unexpected statuses' : 'ok');
process.exit(failed ? 1 : 0);
