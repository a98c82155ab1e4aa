// The server process of bench-search-http (run bundled as `npm start` runs the server, see
// bench-runtime.mts): the whole app on an existing SQLite file, its port, start-up time and RSS
// sent to the parent; on each 'cpu' message its CPU time, result-cache counts and the event loop's
// delay since the last one.
//   argv: <db file> <SEARCH_RESULT_CACHE> <SEARCH_LOG_WORKER 1|0>
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { resultCacheTotals } from '../src/modules/search/search.service.ts';

const [dbFile, cache, logWorker] = process.argv.slice(2) as [string, string, string];
const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
const config = { ...loadConfig({ DATA_DIR: path.dirname(dbFile), LOG_LEVEL: 'silent', SEARCH_RESULT_CACHE: cache ?? '0', SEARCH_LOG_WORKER: logWorker ?? '0' }), apiRateLimitPerMinute: 10_000_000 };
await migrateToLatest(db); // a database made by an older checkout, brought up to date as `npm start` does
const t0 = performance.now();
const app = await buildApp({ config, db, clock: fixedClock('2026-10-10T02:00:00Z'), logger: createLogger('silent') });
const startMs = performance.now() - t0;
await app.listen({ port: 0, host: '127.0.0.1' });
// The event loop's delay between two 'cpu' messages (what the server could not answer during:
// a synchronous write, a checkpoint, a GC pause, a long query); reset at each message.
const eld = monitorEventLoopDelay({ resolution: 5 });
eld.enable();
process.on('message', (m) => {
  if (m !== 'cpu') return;
  const delay = { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 };
  eld.reset();
  process.send?.({ cpu: process.cpuUsage(), cache: { ...resultCacheTotals }, delay });
});
process.on('disconnect', () => process.exit(0)); // the driver is gone: do not keep a province's index running
process.send?.({ port: (app.server.address() as { port: number }).port, startMs, rssMB: Math.round(process.memoryUsage().rss / 1048576) });
