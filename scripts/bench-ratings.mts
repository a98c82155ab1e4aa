// npm run bench:ratings [-- --ratings 1000000 --venues 30000 --pg postgres://… --submits 2000 --runs 40]
// Loads 1,000,000 好差评 ratings over 30,000 venues of one province (119 counties, bulk INSERTs
// through platform/db insertRows) into a fresh SQLite file (or a PostgreSQL schema), then prints:
//   - submission throughput: POST /api/v1/staff/ratings when the app has it, else the submission
//     service every channel calls (submitRating, in-process), ratings/s (target ≥ 500/s);
//   - the statistics page and API p95 for one county and for the whole installation
//     (targets ≤ 200 ms / ≤ 500 ms), in-process through app.inject;
//   - the map's nearest-venues query p95 without and with the ratings in the ranking (within 10 %).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb, inTransaction } from '../src/platform/db/db.ts';
import { insertRows } from '../src/platform/db/bulk-insert.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { platformView, type Database, type Db } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { importServiceMap, VenueFinder } from '../src/modules/service-map/index.ts';
import { identityService, insertOrganisations, type Organisation } from '../src/modules/identity/index.ts';
import * as ratings from '../src/modules/ratings/index.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { rng } from './bench-env.mts';

const { values: args } = parseArgs({ options: {
  ratings: { type: 'string', default: '1000000' }, venues: { type: 'string', default: '30000' }, pg: { type: 'string', default: '' },
  submits: { type: 'string', default: '2000' }, runs: { type: 'string', default: '40' }, queries: { type: 'string', default: '3000' }, keep: { type: 'boolean', default: false },
} });
const N_RATINGS = Number(args.ratings);
const N_VENUES = Number(args.venues);
const RUNS = Number(args.runs);

const rand = rng(20261205);
const t0 = Date.now();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-ratings-'));
const clock = fixedClock('2026-10-28T02:00:00Z'); // Wed 10:00 Beijing time

// ---- organisations: 安徽 34, 16 cities, 119 counties, 3 departments each -----------------------
const at = new Date('2026-01-01T00:00:00Z');
const orgs: Organisation[] = [{ code: '34', name: '安徽省', kind: 'government', regionCode: '340000000000', parentCode: null, path: '/34/', disabled: false } as Organisation];
const counties: { code: string; path: string; lat: number; lng: number; depts: string[] }[] = [];
for (let i = 0; i < 119; i++) {
  const city = String(3401 + Math.floor(i / 8));
  if (!orgs.some((o) => o.code === city)) orgs.push({ code: city, name: `安徽省第${city}市`, kind: 'government', regionCode: `${city}00000000`, parentCode: '34', path: `/34/${city}/`, disabled: false } as Organisation);
  const code = `${city}${String(2 + (i % 8) * 2).padStart(2, '0')}`;
  const cpath = `/34/${city}/${code}/`;
  orgs.push({ code, name: `第${code}县`, kind: 'government', regionCode: `${code}000000`, parentCode: city, path: cpath, disabled: false } as Organisation);
  const depts = ['xzspj', 'rsj', 'mzj'].map((d) => `${code}-${d}`);
  for (const d of depts) orgs.push({ code: d, name: `第${code}县${d}`, kind: 'department', regionCode: `${code}000000`, parentCode: code, path: `${cpath}${d}/`, disabled: false } as Organisation);
  counties.push({ code, path: cpath, lat: 29.6 + rand() * 4.8, lng: 115.1 + rand() * 4.3, depts });
}

const pgUrl = args.pg || null;
const pgSchema = `bench_ratings_${process.pid}`;
if (pgUrl) {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`create schema ${pgSchema}`);
  await c.end();
}
const dbFile = path.join(dir, 'bench.sqlite');
const db: Db = openDb<Database>(pgUrl ? { databaseUrl: pgUrl, pgSchema, poolSize: 4 } : { databaseUrl: null, sqliteFile: dbFile });
await migrateToLatest(db);
await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
// regions first (organisations refer to them): province, cities, counties as 12-digit codes
await insertRows(db, 'region', ['code', 'name', 'level', 'parent_code'], [
  ['340000000000', '安徽省', 'province', null],
  ...orgs.filter((o) => o.kind === 'government' && o.code.length === 4).map((o) => [o.regionCode, o.name, 'city', '340000000000']),
  ...counties.map((k) => [`${k.code}000000`, `第${k.code}县`, 'county', `${k.code.slice(0, 4)}00000000`]),
]);
await insertOrganisations(db, orgs, at);

// ---- venues (service-map import) and a few items per county ----------------------------------
const hours = { mon: '08:30-12:00,14:30-17:30', tue: '08:30-12:00,14:30-17:30', wed: '08:30-12:00,14:30-17:30', thu: '08:30-12:00,14:30-17:30', fri: '08:30-12:00,14:30-17:30', sat: '', sun: '' };
const venues: { id: string; county: number; org: string; lat: number; lng: number }[] = [];
for (let i = 0; i < N_VENUES; i++) {
  const c = i % counties.length;
  const k = counties[c]!;
  const org = i < counties.length ? k.code : (rand() < 0.5 ? k.code : k.depts[Math.floor(rand() * 3)]!);
  venues.push({ id: `V${String(i + 1).padStart(6, '0')}`, county: c, org, lat: k.lat + (rand() - 0.5) * 0.5, lng: k.lng + (rand() - 0.5) * 0.5 });
}
const itemsOf = (c: number) => Array.from({ length: 10 }, (_, j) => `I${counties[c]!.code}${j}`);
const itemsFile = path.join(dir, 'items.jsonl');
const venuesFile = path.join(dir, 'venues.jsonl');
fs.writeFileSync(itemsFile, `${counties.flatMap((k, c) => itemsOf(c).map((id) => JSON.stringify({ id, name: `事项${id}`, type: '公共服务', department: '某某局', implementing_body: '某某局', region_code: k.code, channels: ['窗口办'] }))).join('\n')}\n`);
fs.writeFileSync(venuesFile, `${venues.map((v) => JSON.stringify({ id: v.id, name: `${v.id}便民服务中心`, type: v.id <= 'V000119' ? '政务服务中心' : '便民服务中心', region_code: counties[v.county]!.code, org_code: v.org, address: `安徽省某地 ${v.id}`, lat: Math.round(v.lat * 1e6) / 1e6, lng: Math.round(v.lng * 1e6) / 1e6, opening_hours: hours, phone: '12345', rating: 3 + Math.round(rand() * 20) / 10, rating_count: Math.floor(rand() * 2000), items: itemsOf(v.county).slice(0, 3) })).join('\n')}\n`);
const report = await importServiceMap({ db, clock }, { items: itemsFile, venues: venuesFile }, () => {});
if (!report.ok) { console.error(report.problems.slice(0, 5)); process.exit(1); }
console.log(`organisations ${orgs.length}, venues ${report.venues.loaded}, items ${report.items.loaded} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// ---- 1,000,000 ratings by bulk INSERT ---------------------------------------------------------
const COLS = ['public_id', 'org_code', 'org_path', 'subject', 'venue_public_id', 'item_public_id', 'window_code', 'staff_no', 'channel', 'level', 'is_bad', 'rater_name', 'rater_phone', 'rated_on', 'rated_at', 'state', 'callback_due_on', 'called_back_on', 'rectify_due_on', 'rectified_on', 'excluded', 'created_at', 'updated_at'] as const;
const orgPath = new Map(orgs.map((o) => [o.code, o.path]));
const dayMs = 86_400_000;
const start = Date.parse('2025-11-01T00:00:00Z');
const days = 365;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const t2 = Date.now();
const BATCH = 20_000;
for (let b = 0; b < N_RATINGS; b += BATCH) {
  const rows: unknown[][] = [];
  for (let i = b; i < Math.min(N_RATINGS, b + BATCH); i++) {
    // popular venues get more ratings: index ∝ r²
    const v = venues[Math.floor(rand() * rand() * venues.length)]!;
    const r = rand();
    const level = r < 0.6 ? 5 : r < 0.8 ? 4 : r < 0.9 ? 3 : r < 0.96 ? 2 : 1;
    const bad = level <= 2;
    const named = bad && rand() < 0.5;
    const on = start + Math.floor(rand() * days) * dayMs;
    const ratedOn = iso(on);
    const rectified = bad && rand() < 0.7 ? iso(on + (1 + Math.floor(rand() * 20)) * dayMs) : null;
    const item = rand() < 0.5 ? itemsOf(v.county)[Math.floor(rand() * 3)]! : null;
    const win = rand() < 0.3 ? `A0${1 + Math.floor(rand() * 6)}` : null;
    const staff = rand() < 0.3 ? `S${String(Math.floor(rand() * 9999)).padStart(4, '0')}` : null;
    const atIso = `${ratedOn}T03:00:00.000Z`;
    rows.push([
      `PJB${String(i).padStart(9, '0')}`, v.org, orgPath.get(v.org), win ? 'window' : item ? 'item' : 'venue', v.id, item, win, staff, 'window_qr', level, bad ? 1 : 0,
      named ? '某某' : null, named ? '13800000000' : null, ratedOn, atIso, bad ? (rectified ? 'closed' : 'rectify_due') : 'none',
      named ? iso(on + dayMs) : null, named && rand() < 0.8 ? iso(on + dayMs) : null, bad ? iso(on + 21 * dayMs) : null, rectified, rand() < 0.002 ? 1 : 0, atIso, atIso,
    ]);
  }
  await inTransaction(db, async (trx) => { await insertRows(trx, 'rating', COLS, rows); });
  if ((b / BATCH) % 10 === 0) process.stdout.write(`  ratings ${b + rows.length}/${N_RATINGS}  ${((Date.now() - t2) / 1000).toFixed(0)} s\r`);
}
if (!pgUrl) await (await import('kysely')).sql`analyze`.execute(db);
else await (await import('kysely')).sql`analyze rating`.execute(db);
const loadS = (Date.now() - t2) / 1000;
console.log(`\n${N_RATINGS} ratings loaded in ${loadS.toFixed(1)} s (${Math.round(N_RATINGS / loadS)}/s)`);

// ---- the app, in-process --------------------------------------------------------------------
const config = { ...loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), apiRateLimitPerMinute: 10_000_000 };
const app = await buildApp({ config, db, clock, logger: createLogger('silent') });
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!; };
const p50 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length * 0.5)]!; };
const ms = (s: bigint) => Number(process.hrtime.bigint() - s) / 1e6;

// submission
const created = await identityService.createUser({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, { username: 'bench.entry', displayName: '评价录入', role: 'case_handler', orgCode: '34', password: 'Bench-password-2026!' });
if (!created.ok) throw new Error(JSON.stringify(created.errors));
const user = { id: created.id };
const submits = Number(args.submits);
let submitLine: string;
const hasStaffPost = app.hasRoute({ method: 'POST', url: '/api/v1/staff/ratings' });
const inputOf = (i: number) => {
  const v = venues[(i * 7919) % venues.length]!;
  const level = i % 10 === 0 ? 2 : 5;
  return { v, level };
};
if (hasStaffPost) {
  const token = await identityService.createApiToken({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, user.id, 'bench');
  const ts = process.hrtime.bigint();
  let ok = 0;
  const CONC = 8;
  let next = 0;
  await Promise.all(Array.from({ length: CONC }, async () => {
    for (;;) {
      const i = next++;
      if (i >= submits) return;
      const { v, level } = inputOf(i);
      const res = await app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: { authorization: `Bearer ${token}` }, payload: { org: v.org, venue: v.id, channel: 'paper', level: String(level), ...(level <= 2 ? { reasons: ['slow'] } : {}), rated_on: '2026-10-27' } });
      if (res.statusCode < 300) ok++;
      else if (i < 3) console.log(`  POST ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
  }));
  const s = ms(ts) / 1000;
  submitLine = `POST /api/v1/staff/ratings (app.inject, 8 at a time): ${submits} in ${s.toFixed(2)} s = ${Math.round(submits / s)}/s, ${ok} accepted  (target ≥ 500/s)`;
} else {
  const actor = { userId: Number(user.id), username: 'bench.entry', displayName: '评价录入', grants: [{ role: 'case_handler', orgCode: '34', orgPath: '/34/', orgKind: 'government' }], via: 'token' as const, mustChangePassword: false };
  const ts = process.hrtime.bigint();
  let ok = 0;
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (;;) {
      const i = next++;
      if (i >= submits) return;
      const { v, level } = inputOf(i);
      const r = await ratings.submitRating({ db, clock }, { orgCode: v.org, venuePublicId: v.id, channel: 'paper', level, ...(level <= 2 ? { reasons: ['slow'] } : {}), ratedOn: '2026-10-27' }, { actor });
      if (r.ok) ok++;
      else if (i < 3) console.log('  submit refused', JSON.stringify(r).slice(0, 200));
    }
  }));
  const s = ms(ts) / 1000;
  submitLine = `submitRating (no POST /api/v1/staff/ratings in this build; the service every channel calls, in-process, 8 at a time): ${submits} in ${s.toFixed(2)} s = ${Math.round(submits / s)}/s, ${ok} accepted  (target ≥ 500/s)`;
}
console.log(submitLine);

// statistics page and API
const county = counties[0]!.code;
async function time(url: string, runs: number): Promise<{ p50: number; p95: number; status: number; bytes: number }> {
  const xs: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < runs + 2; i++) {
    const s = process.hrtime.bigint();
    const res = await app.inject({ url });
    const t = ms(s);
    status = res.statusCode; bytes = res.body.length;
    if (i >= 2) xs.push(t);
  }
  return { p50: p50(xs), p95: p95(xs), status, bytes };
}
const period = 'from=2025-11-01&to=2026-10-31';
const stats = {
  pageCounty: await time(`/ratings/statistics?org=${county}&${period}`, RUNS),
  apiCounty: await time(`/api/v1/ratings/statistics?org=${county}&${period}`, RUNS),
  pageAll: await time(`/ratings/statistics?${period}`, Math.max(5, Math.floor(RUNS / 4))),
  apiAll: await time(`/api/v1/ratings/statistics?${period}`, Math.max(5, Math.floor(RUNS / 4))),
  home: await time('/ratings', Math.max(5, Math.floor(RUNS / 4))),
};

// map: nearest venues without and with the ratings in the ranking
const queries = Number(args.queries);
async function mapP95(finder: VenueFinder): Promise<{ p50: number; p95: number }> {
  await finder.refresh(true);
  const qr = rng(7);
  const xs: number[] = [];
  for (let i = 0; i < queries + 200; i++) {
    const v = venues[Math.floor(qr() * venues.length)]!;
    const s = process.hrtime.bigint();
    await finder.nearest({ lat: v.lat + 0.01, lng: v.lng - 0.01, radiusM: 10_000, at: new Date('2026-10-28T02:30:00Z'), openOnly: false, types: null, level: null, itemPublicId: null, limit: 20 });
    if (i >= 200) xs.push(ms(s));
  }
  return { p50: p50(xs), p95: p95(xs) };
}
const results = new ratings.RatingResults(db, clock);
const tsc = process.hrtime.bigint();
const scores = await results.venueScores({ wait: true });
const scoresMs = ms(tsc);
const without = await mapP95(new VenueFinder(db, clock));
const withRatings = await mapP95(new VenueFinder(db, clock, () => results.venueScores()));
const without2 = await mapP95(new VenueFinder(db, clock));
const withRatings2 = await mapP95(new VenueFinder(db, clock, () => results.venueScores()));

await app.close();
await db.destroy();
if (pgUrl && !args.keep) {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`drop schema ${pgSchema} cascade`);
  await c.end();
}
if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });

const f = (x: number) => x.toFixed(1);
const line = (name: string, r: { p50: number; p95: number; status: number; bytes: number }, target: number) => `  ${name.padEnd(44)} p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  (target ≤ ${target} ms; HTTP ${r.status}, ${(r.bytes / 1024).toFixed(0)} KB)`;
console.log(`
好差评 benchmark (${os.cpus().length} cores, Node ${process.version}, ${pgUrl ? 'PostgreSQL' : 'SQLite'})
  data: ${N_RATINGS} ratings over ${N_VENUES} venues, ${counties.length} counties, 12 months; loaded in ${loadS.toFixed(1)} s
  ${submitLine}
${line(`statistics page, one county (${county})`, stats.pageCounty, 200)}
${line(`statistics API, one county (${county})`, stats.apiCounty, 200)}
${line('statistics page, whole installation', stats.pageAll, 500)}
${line('statistics API, whole installation', stats.apiAll, 500)}
${line('/ratings (installation results)', stats.home, 500)}
  venue scores (the map's provider, ${scores.size} venues with ratings): ${f(scoresMs)} ms to compute, then cached ${60} s
  map nearest (10 km, ${queries} queries) without ratings: p50 ${without.p50.toFixed(3)} ms  p95 ${without.p95.toFixed(3)} ms  (again: p95 ${without2.p95.toFixed(3)} ms)
  map nearest (10 km, ${queries} queries) with ratings:    p50 ${withRatings.p50.toFixed(3)} ms  p95 ${withRatings.p95.toFixed(3)} ms  (again: p95 ${withRatings2.p95.toFixed(3)} ms)  (target: within 10 %)
`);
