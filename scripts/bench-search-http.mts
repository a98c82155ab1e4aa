// HTTP part of bench:search: the 100k corpus written into a fresh SQLite file's sm_item table (the
// triggers fill the change log as any import would), the app served from its own process (its
// start-up builds the index: that time is printed), then autocannon against GET /api/v1/search
// cycling through the 1,000 queries (keep-alive, 16 connections).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { platformView, type Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';

if (process.argv[2] === '--serve-http') {
  const dbFile = process.argv[3] as string;
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: dbFile });
  const config = { ...loadConfig({ DATA_DIR: path.dirname(dbFile), LOG_LEVEL: 'silent' }), apiRateLimitPerMinute: 10_000_000 };
  const t0 = performance.now();
  const app = await buildApp({ config, db, clock: fixedClock('2026-10-10T02:00:00Z'), logger: createLogger('silent') });
  const startMs = performance.now() - t0;
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ port: (app.server.address() as { port: number }).port, startMs, rssMB: Math.round(process.memoryUsage().rss / 1048576) });
  await new Promise(() => {});
}

export async function httpBench(o: { itemsFile: string; queriesFile: string; seconds: number }): Promise<void> {
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
  const child = fork(fileURLToPath(import.meta.url), ['--serve-http', dbFile], { execArgv: ['--import', 'tsx', '--max-old-space-size=6000'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await new Promise<{ port: number; startMs: number; rssMB: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
  console.log(`server start-up with ${n.toLocaleString('en')} items (index built from the database): ${(info.startMs / 1000).toFixed(1)} s, RSS after start ${info.rssMB} MB`);
  const queries = fs.readFileSync(o.queriesFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
  const urls = queries.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}&limit=10`);
  let i = 0;
  const result = await autocannon({ url: `http://127.0.0.1:${info.port}`, connections: 16, duration: o.seconds, requests: [{ method: 'GET', setupRequest: ((req: object) => ({ ...req, path: urls[i++ % urls.length] })) as never }] });
  console.log(`${result.requests.average.toFixed(0)} req/s over ${o.seconds} s, 16 connections, 1,000 distinct queries; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; errors ${result.errors}, non-2xx ${result.non2xx} (target ≥ 500 req/s)`);
  child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
