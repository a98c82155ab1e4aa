// npm run bench:appointments (first half; scripts/bench-venue-page.mts runs after it): booking
// POST throughput with 50 concurrent clients on SQLite, and no double booking (issue 22
// Performance: ≥ 300 bookings/s). ONE server process (this script in `--serve` mode over a temp
// SQLite data directory) behind a trusted local proxy: every request comes from its own address
// (X-Forwarded-For), as bookings do from many people, so the per-address limit does not throttle.
// Venues get half-hour slots on every day from 08:00 to 20:00; most requests pick a random slot,
// 5 % go to three "hot" slots that fill up at once (the refusal path, 409 slot_full). Every request
// has its own phone number. After the run: no slot has more bookings than its capacity, and each
// slot's counter equals its active bookings.
//   BENCH_CLIENTS (50), BENCH_SECONDS (5), BENCH_VENUES (20), BENCH_CAPACITY (5)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envInt } from './bench-env.mts';
import { forkServer, serveUntilStopped, startServer } from './bench-server.mts';

if (process.argv[2] === '--serve') {
  // The server's own CPU time, asked for by the driver before and after the run: on a shared machine
  // the CPU milliseconds per booking are a steadier figure than bookings per second.
  let startProfile = () => {};
  let stopProfile = () => {};
  if (process.env.BENCH_CPU_PROF) {
    // BENCH_CPU_PROF=dir: a V8 CPU profile of the server during the measured run (open it in Chrome DevTools)
    const inspector = await import('node:inspector');
    const session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable');
    let started = false;
    startProfile = () => { if (!started) { started = true; session.post('Profiler.start'); } };
    stopProfile = () => session.post('Profiler.stop', (err, r) => {
      if (!err) fs.writeFileSync(path.join(process.env.BENCH_CPU_PROF!, `bench-appointments-${process.pid}.cpuprofile`), JSON.stringify(r.profile));
    });
  }
  // The server's own CPU time, asked for by the driver before and after the run: on a shared machine
  // the CPU milliseconds per booking are a steadier figure than bookings per second.
  process.on('message', (m) => { if (m === 'cpu') { startProfile(); process.send?.({ cpu: process.cpuUsage() }); } });
  await serveUntilStopped(await startServer(), stopProfile);
}

const CLIENTS = envInt('BENCH_CLIENTS', 50, 1);
const SECONDS = envInt('BENCH_SECONDS', 5, 1);
const VENUES = envInt('BENCH_VENUES', 20, 1);
const CAPACITY = envInt('BENCH_CAPACITY', 5, 1);
const TARGET = 300;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-appointments-'));
const serverEnv = {
  ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false', LOG_LEVEL: 'error', NODE_ENV: 'production',
  TRUST_PROXY: 'true', API_RATE_LIMIT_PER_MINUTE: '10000000', NOTIFY_WORKER: 'off',
};

const { loadConfig } = await import('../src/config.ts');
const { openAndMigrate } = await import('../src/bootstrap.ts');
const { freeSlots } = await import('../src/modules/appointments/index.ts');
const { localDateOf, addDays } = await import('../src/platform/clock/local-date.ts');

// ---- data: venues with an item each and their slot rules ----
const { db } = await openAndMigrate(loadConfig(serverEnv), new Date());
const at = new Date().toISOString();
const venues: { id: number; publicId: string }[] = [];
for (let i = 0; i < VENUES; i++) {
  const publicId = `V-BENCH${String(i).padStart(3, '0')}`;
  const v = await db.insertInto('sm_venue').values({
    public_id: publicId, name: `压测政务服务中心${i}`, type: 'service_centre', level: 'county', region_code: '130427000000', org_code: '130427', address: `压测路 ${i} 号`,
    lat: 36.37, lng: 114.38, hours_json: '{}', is_24h: 0, holiday_rule: 'statutory', phone: '0310-0000000', photos_json: '[]', rating_count: 0, created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  venues.push({ id: Number(v.id), publicId });
  await db.insertInto('ap_slot_rule').values(Array.from({ length: 24 }, (_, k) => ({
    venue_id: Number(v.id), item_id: null, weekdays: '1,2,3,4,5,6,7', start_min: 480 + k * 30, end_min: 510 + k * 30, capacity: CAPACITY, position: k + 1, created_at: at,
  }))).execute();
}
const now = new Date();
const today = localDateOf(now);
const targets: { venue: string; start: string }[] = [];
for (const v of venues) {
  // from tomorrow: no slot starts during the run
  for (const s of await freeSlots(db, { venueId: v.id, itemId: null, from: addDays(today, 1), to: addDays(today, 14), now })) targets.push({ venue: v.publicId, start: s.start });
}
await db.destroy();
if (targets.length < 10) { console.error('没有可预约的时段'); process.exit(1); }
const hot = targets.slice(0, 3);
console.log(`场所 ${VENUES} 个，时段 ${targets.length} 个（每个 ${CAPACITY} 个名额，共 ${targets.length * CAPACITY} 个），并发客户端 ${CLIENTS}，${SECONDS} 秒`);

// ---- run ----
const { child, port } = await forkServer(new URL(import.meta.url).pathname, serverEnv);
let seq = 0;
let seed = 12345;
const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const statuses = new Map<number, number>();
const latencies: number[] = [];
let errors = 0;
const serverCpu = (): Promise<number> => new Promise((resolve) => {
  child.once('message', (m) => { const u = (m as { cpu: NodeJS.CpuUsage }).cpu; resolve((u.user + u.system) / 1000); });
  child.send('cpu');
});
const base = `http://127.0.0.1:${port}/api/v1/appointments`;
// 50 clients, each sending its next booking as soon as the last one is answered (keep-alive)
async function client(until: number): Promise<void> {
  while (performance.now() < until) {
    const n = ++seq;
    const t = rand() < 0.05 ? hot[n % hot.length]! : targets[Math.floor(rand() * targets.length)]!;
    const t0 = performance.now();
    try {
      const res = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ venue: t.venue, start: t.start, name: '压测', phone: `13${String(n).padStart(9, '0')}` }),
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    } catch { errors++; }
    latencies.push(performance.now() - t0);
  }
}
const q = (p: number) => { const s = [...latencies].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(1) : '-'; };
try {
  // warm-up (JIT, statement cache), not counted
  const warm = performance.now() + 500;
  await Promise.all(Array.from({ length: 5 }, () => client(warm)));
  statuses.clear(); latencies.length = 0; errors = 0;
  const cpu0 = await serverCpu();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, () => client(t0 + SECONDS * 1000)));
  const secs = (performance.now() - t0) / 1000;
  const cpuMs = (await serverCpu()) - cpu0;
  const totalReq = latencies.length;
  const created = statuses.get(201) ?? 0;
  console.log(`请求 ${totalReq} 次，${(totalReq / secs).toFixed(0)} 次/秒；状态 ${[...statuses].sort().map(([k, v]) => `${k}×${v}`).join('，')}；连接错误 ${errors}`);
  console.log(`预约成功 ${created} 个，${(created / secs).toFixed(0)} 个/秒（目标 ≥ ${TARGET}）`);
  console.log(`延迟 p50 ${q(50)} ms，p95 ${q(95)} ms，p99 ${q(99)} ms`);
  // the machine may be shared: the server's CPU per request says what one free core would carry
  const perReq = totalReq ? cpuMs / totalReq : 0;
  console.log(`服务进程 CPU ${perReq.toFixed(2)} ms/请求（一个空闲核约 ${perReq ? (1000 / perReq).toFixed(0) : '-'} 次/秒）；本机负载 ${os.loadavg()[0]!.toFixed(1)}（${os.cpus().length} 核）`);

  // ---- check: never more bookings than places; the counter equals the active bookings ----
  const { openDb } = await import('../src/platform/db/db.ts');
  const { sqliteFile } = await import('../src/bootstrap.ts');
  const check = openDb<import('../src/schema.ts').Database>({ databaseUrl: null, sqliteFile: sqliteFile(loadConfig(serverEnv)) });
  const loads = await check.selectFrom('ap_slot_load').select(['venue_id', 'start_at', 'booked']).execute();
  const counts = await check.selectFrom('ap_appointment').select(['venue_id', 'start_at', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'booked').groupBy(['venue_id', 'start_at']).execute();
  const byKey = new Map(counts.map((c) => [`${c.venue_id}|${c.start_at}`, Number(c.n)]));
  const over = loads.filter((l) => Number(l.booked) > CAPACITY || (byKey.get(`${l.venue_id}|${l.start_at}`) ?? 0) > CAPACITY);
  const mismatch = loads.filter((l) => Number(l.booked) !== (byKey.get(`${l.venue_id}|${l.start_at}`) ?? 0));
  const total = [...byKey.values()].reduce((a, b) => a + b, 0);
  const full = loads.filter((l) => Number(l.booked) === CAPACITY).length;
  await check.destroy();
  console.log(`检查：${loads.length} 个时段有预约，${full} 个已约满；超出名额的时段 ${over.length} 个，计数与有效预约不符 ${mismatch.length} 个；有效预约 ${total} 个（含预热；本轮成功回应 ${created} 个）`);
  const ok = over.length === 0 && mismatch.length === 0 && errors === 0 && ![...statuses.keys()].some((s) => s >= 500);
  console.log(ok ? '结论：没有重复预约' : '结论：检查未通过');
  if (!ok) process.exitCode = 1;
  if (created / secs < TARGET) console.log(`注意：低于目标 ${TARGET} 个/秒`);
} finally {
  child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
