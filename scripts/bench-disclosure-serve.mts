// The server process of bench:disclosure (scripts/bench-disclosure.mts forks it, one per process of
// the run): the app on the bench's SQLite file with the bench's fixed clock, listening on 127.0.0.1,
// answering the driver's 'cpu' messages with its CPU time, the record pages' cache counters, and its GC
// pauses and event-loop delay since the previous message. By default the driver runs it bundled as `npm start` runs the server (scripts/build-server.mjs, no
// tsx, SERVER_NODE_FLAGS, MALLOC_ARENA_MAX=2); BENCH_RUNTIME=tsx runs it through tsx.
// argv: DB_FILE PORTAL_CACHE_SECONDS NOW
import path from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { recordPageCaches } from '../src/modules/disclosures/disclosures.public.routes.tsx';

const [dbFile, cacheSeconds, now] = process.argv.slice(2) as [string, string, string];
const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
// (PUBLIC_PAGE_CACHE_MB from the environment: the bench's --page-cache-mb)
const config = loadConfig({ DATA_DIR: path.dirname(dbFile), LOG_LEVEL: 'silent', PORTAL_CACHE_SECONDS: cacheSeconds, ...(process.env.PUBLIC_PAGE_CACHE_MB ? { PUBLIC_PAGE_CACHE_MB: process.env.PUBLIC_PAGE_CACHE_MB } : {}) });
await migrateToLatest(db); // a kept database made by an older checkout, brought up to date as `npm start` does
const app = await buildApp({ config, db, clock: fixedClock(now), logger: createLogger('silent') });
await app.listen({ port: 0, host: '127.0.0.1' });
// GC pauses by kind (count, total and longest ms) and the event loop's delay, since the previous 'cpu' message
const gc = { minor: [0, 0, 0], major: [0, 0, 0] };
new PerformanceObserver((list) => {
  for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
    const g = e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR ? gc.major : e.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR ? gc.minor : null;
    if (g) { g[0]!++; g[1]! += e.duration; g[2] = Math.max(g[2]!, e.duration); }
  }
}).observe({ entryTypes: ['gc'] });
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.on('message', (m) => {
  if (m !== 'cpu') return;
  process.send?.({ cpu: process.cpuUsage(), pages: recordPageCaches.get(app)?.counters ?? null, gc: { minor: [...gc.minor], major: [...gc.major] }, delay: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } });
  gc.minor = [0, 0, 0]; gc.major = [0, 0, 0];
  delay.reset();
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port: (app.server.address() as { port: number }).port });
