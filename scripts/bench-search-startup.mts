// Start-up of a server process at province scale (issue 24 §1, §2), part of `npm run bench:search`:
// the whole app (buildApp) on a SQLite file and/or a PostgreSQL schema already holding the items,
// each time in a fresh process — first with no snapshot (it builds from the database and writes
// one), then with that snapshot (loaded and caught up from the change log), then with the snapshot
// and 20,000 changes after it. Prints start-up seconds, CPU seconds and RSS after start-up beside
// the previous figures (ADR 0002: 31–40 s, 1,010 MB RSS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/platform/db/db.ts';
import type { Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { serverRuntime, type ServerRuntime } from './bench-runtime.mts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

interface Target { label: string; sqlite?: string; pg?: string; schema?: string }
interface Row { startS: number; cpuS: number; rssMB: number; rssSettledMB: number; rssQueriesMB: number; queries: number; heapMB: number; docs: number; from: string; replayed: number; reason: string }

/** Search requests sent after start-up (the public mix, in process through the routes) before the last RSS reading. */
const QUERIES_AFTER = 2000;

if (process.argv[2] === '--startup-child') {
  const o = JSON.parse(process.argv[3] as string) as Target & { snapshotDir: string; queriesFile?: string };
  const db = openDb<Database>({ databaseUrl: o.pg ?? null, sqliteFile: o.sqlite ?? '', ...(o.schema ? { pgSchema: o.schema } : {}) });
  // a database made by an older checkout is brought up to date first, as `npm start` does (not timed: once per upgrade)
  await migrateToLatest(db);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const config = { ...loadConfig({ DATA_DIR: o.sqlite ? path.dirname(o.sqlite) : os.tmpdir(), LOG_LEVEL: 'silent', SEARCH_SNAPSHOT_DIR: o.snapshotDir, API_RATE_LIMIT_PER_MINUTE: '10000000' }) };
  // the search module's start-up log lines tell how the index was made
  const lines: string[] = [];
  const logger = createLogger('info', { write: (msg: string) => { const m = (JSON.parse(msg) as { msg?: string }).msg ?? ''; if (m.startsWith('搜索索引')) lines.push(m); } });
  const app = await buildApp({ config, db, clock: fixedClock('2026-10-10T02:00:00Z'), logger });
  const startS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const rssMB = Math.round(process.memoryUsage().rss / 1048576);
  // a settled figure: after the snapshot write (if any) and a few seconds idle
  await new Promise((r) => setTimeout(r, 8000));
  const mu = process.memoryUsage();
  // then the public query mix through the search API, one request at a time (light-my-request: no sockets)
  let queries = 0;
  if (o.queriesFile && fs.existsSync(o.queriesFile)) {
    const qs = fs.readFileSync(o.queriesFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
    for (; queries < QUERIES_AFTER && qs.length; queries++) {
      const q = encodeURIComponent(qs[queries % qs.length] as string);
      const r = await app.inject({ method: 'GET', url: queries % 4 === 3 ? `/search?q=${q}` : `/api/v1/search?q=${q}` });
      if (r.statusCode !== 200) throw new Error(`search answered ${r.statusCode}: ${r.body.slice(0, 200)}`);
    }
  }
  const rssQueriesMB = Math.round(process.memoryUsage().rss / 1048576);
  await app.close();
  const all = lines.join('\n');
  const loaded = /从快照载入 (\d+) 条.*补齐 (\d+) 条/.exec(all);
  const built = /从数据库重建 (\d+) 条/.exec(all);
  process.send?.({
    startS, cpuS: (cpu.user + cpu.system) / 1e6, rssMB, rssSettledMB: Math.round(mu.rss / 1048576), rssQueriesMB, queries, heapMB: Math.round(mu.heapUsed / 1048576),
    docs: Number(loaded?.[1] ?? built?.[1] ?? 0), from: loaded ? 'snapshot' : built ? 'database' : '?', replayed: Number(loaded?.[2] ?? 0), reason: /快照不可用（(.*?)）/.exec(all)?.[1] ?? '',
  });
  await db.destroy();
  process.exit(0);
}

/** The child runs as `npm start` runs the server (bench-runtime.mts); STARTUP_RUNTIME=tsx runs it through tsx as before. */
let runtime: ServerRuntime | null = null;
const childEntry = async () => (runtime ??= await serverRuntime(path.relative(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), fileURLToPath(import.meta.url)), 'STARTUP_RUNTIME'));

async function child(t: Target, snapshotDir: string, queriesFile: string): Promise<Row> {
  const entry = await childEntry();
  return new Promise((resolve, reject) => {
    const c = fork(entry.file, ['--startup-child', JSON.stringify({ ...t, snapshotDir, queriesFile })], { execArgv: entry.execArgv, env: entry.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let row: Row | null = null;
    c.on('message', (m) => { row = m as Row; });
    c.on('exit', (code) => (row ? resolve(row) : reject(new Error(`start-up child exited with ${code}`))));
  });
}

/** Writes `n` changes (visits updated on n items: the triggers log them) so the snapshot has something to replay. */
async function touch(t: Target, n: number): Promise<void> {
  const db = openDb<Database>({ databaseUrl: t.pg ?? null, sqliteFile: t.sqlite ?? '', ...(t.schema ? { pgSchema: t.schema } : {}) });
  const ids = await db.selectFrom('sm_item').select('id').orderBy('id', 'desc').limit(n).execute();
  for (let i = 0; i < ids.length; i += 1000) await db.updateTable('sm_item').set({ visits: 7 }).where('id', 'in', ids.slice(i, i + 1000).map((r) => Number(r.id))).execute();
  await db.destroy();
}

/** RSS of the same rows before the bundled runtime (ADR 0002, 2026-12-06 20:35, SQLite, tsx): at ready / after 2,000 queries. */
const PREVIOUS_RSS: Record<string, string> = { none: '648 / –', present: '494 / 561 (1,500 queries)', changes: '568 / –' };

export async function startupBench(targets: Target[], queriesFile = ''): Promise<void> {
  console.log(`\n## Start-up at province scale (whole app, fresh process each, ${(await childEntry()).label}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log('Previous (ADR 0002, 2026-11-26): 31–40 s from SQLite, RSS 1,010 MB after start; no snapshot. Issue 24 §2: ≤ 500 MB RSS after start-up and after traffic.');
  console.log(`RSS after queries: after ${QUERIES_AFTER.toLocaleString('en')} requests of the public mix (3 of 4 to /api/v1/search, 1 to /search), sent in process one at a time.\n`);
  console.log('| database | snapshot | documents | start-up s | CPU s | RSS at ready MB | RSS settled MB | RSS after queries MB | before (tsx, 2026-12-06): ready / after queries MB | heap MB | from | replayed | note |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const t of targets) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-snapshot-bench-'));
    try {
      for (const [label, key, prep] of [['none (first start; writes one)', 'none', null], ['present', 'present', null], ['present + 20,000 changes', 'changes', () => touch(t, 20_000)]] as const) {
        if (prep) await prep();
        const r = await child(t, dir, queriesFile);
        console.log(`| ${t.label} | ${label} | ${r.docs.toLocaleString('en')} | ${r.startS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${r.rssMB} | ${r.rssSettledMB} | ${r.queries ? r.rssQueriesMB : '–'} | ${t.sqlite ? PREVIOUS_RSS[key] : '–'} | ${r.heapMB} | ${r.from} | ${r.replayed} | ${r.reason} |`);
      }
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  }
}
