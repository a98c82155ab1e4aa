// Benchmark: a month's 月检查 over 1,000 organisations with 100,000 records, 20,000 applications and
// 100,000 messages (bulk inserted over the demo data), then the p95 of the office dashboard's data
// (dashboardData: problems by month, on-time rates by month, the units with most open problems) and
// of the 问题清单 query. Targets: the inspection ≤ 60 s; the dashboard ≤ 300 ms p95. The feeds-and-pages rule is
// given a probe answering 200 at once (it measures the engine, not HTTP). Prints numbers only.
// Run: npm run bench:supervision   (BENCH_DATABASE_URL=postgres://… to run on PostgreSQL)
import { performance } from 'node:perf_hooks';
import { openTestDb } from '../test/support/db.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { addDays } from '../src/platform/clock/local-date.ts';
import { insertRows } from '../src/platform/db/bulk-insert.ts';
import { loadDemo } from '../src/demo.ts';
import { loadConfig } from '../src/config.ts';
import { dashboardData, parseFigurePeriod } from '../src/modules/supervision/index.ts';
import { inspect } from '../src/modules/supervision/index.ts';

if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const t = await openTestDb(process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite');
const db = t.db;
const clock = fixedClock('2026-12-05T02:00:00Z');
const MONTH = '2026-11';
const ORGS = 1000;
const RECORDS = 100_000;
const APPS = 20_000;
const MESSAGES = 100_000;
const AT = clock.now().toISOString();

let t0 = performance.now();
await loadDemo(db, clock);
console.log(`演示数据：${(performance.now() - t0).toFixed(0)} ms`);

// 1,000 departments: half under 磁县 (office 130427-gkb), half under 海珠区 (office 440105-gkb)
t0 = performance.now();
const parents = await db.selectFrom('organisation').select(['code', 'path', 'region_code']).where('code', 'in', ['130427', '440105']).execute();
const orgs = Array.from({ length: ORGS }, (_, i) => {
  const p = parents[i % 2]!;
  const code = `${p.code}-b${String(i).padStart(4, '0')}`;
  return { code, path: `${p.path}${code}/` };
});
await insertRows(db, 'organisation', ['code', 'name', 'kind', 'region_code', 'parent_code', 'path', 'disabled', 'created_at'],
  orgs.map((o, i) => [o.code, `测试局${i}`, 'department', parents[i % 2]!.region_code, parents[i % 2]!.code, o.path, 0, AT]));
const category = (await db.selectFrom('disclosure_category').select('code').executeTakeFirstOrThrow()).code;
const day = (i: number) => addDays('2026-09-01', i % 90); // September to November
const dcols = ['index_no', 'index_serial', 'org_code', 'org_path', 'publisher', 'title', 'genre', 'category_code', 'validity', 'expires_on', 'formed_on', 'state', 'published_at', 'published_on', 'due_on', 'due_explanation', 'late_working_days', 'created_at', 'updated_at'];
const drows: unknown[][] = [];
for (let i = 0; i < RECORDS; i++) {
  const o = orgs[i % ORGS]!;
  const published = day(i);
  const late = i % 20 === 0 ? 3 : 0; // 5 % published late
  const genre = i % 50 === 0 ? 'normative' : 'notice';
  const expires = i % 100 === 0 ? '2026-11-15' : null;
  drows.push([`BENCH-${i}`, 900_000 + i, o.code, o.path, '测试局', `测试信息${i}`, genre, category, 'effective', expires, addDays(published, -10), 'published', `${published}T02:00:00.000Z`, published, addDays(published, late ? -4 : 5), '测试', late]);
}
await insertRows(db, 'disclosure', dcols, drows.map((r) => [...r, AT, AT]));
const acols = ['reference', 'tracking_hash', 'org_code', 'org_path', 'registered_org_code', 'channel', 'submitted_on', 'received_on', 'applicant_type', 'applicant_name', 'description', 'delivery', 'stage', 'due_on', 'due_provisional', 'due_explanation', 'outcome', 'decided_on', 'created_at', 'updated_at'];
const arows: unknown[][] = [];
for (let i = 0; i < APPS; i++) {
  const o = orgs[i % ORGS]!;
  const received = day(i);
  const due = addDays(received, 28);
  const open = i % 25 === 0; // 4 % still open (overdue when the due date passed)
  const decided = open ? null : addDays(received, i % 10 === 0 ? 35 : 15); // 10 % answered late
  arows.push([`BA-${i}`, `bh-${i}`, o.code, o.path, o.code, 'online', received, received, 'natural_person', '申请人', '申请公开。', 'email', open ? 'assigned' : 'decided', due, 0, '', decided ? 'disclosed' : null, decided, AT, AT]);
}
await insertRows(db, 'application_case', acols, arows);
const cls = (await db.selectFrom('message_deadline_class').select('code').executeTakeFirstOrThrow()).code;
const mcat = (await db.selectFrom('message_category').select('code').executeTakeFirstOrThrow()).code;
const mcols = ['reference', 'tracking_hash', 'source', 'org_code', 'org_path', 'category_code', 'title', 'content', 'is_public', 'sensitive', 'stage', 'class_code', 'received_on', 'due_on', 'original_due_on', 'due_explanation', 'closed_on', 'reopened', 'created_at', 'updated_at'];
const mrows: unknown[][] = [];
for (let i = 0; i < MESSAGES; i++) {
  const o = orgs[i % ORGS]!;
  const received = day(i);
  const due = addDays(received, 14);
  const open = i % 30 === 0;
  const closed = open ? null : addDays(received, i % 15 === 0 ? 20 : 7);
  mrows.push([`BM-${i}`, `bmh-${i}`, i % 2 ? 'hotline' : 'web', o.code, o.path, mcat, '留言', '内容', 0, 0, open ? 'in_progress' : 'closed', cls, received, due, due, '', closed, 0, AT, AT]);
}
await insertRows(db, 'message', mcols, mrows);
console.log(`写入 ${ORGS} 个单位、${RECORDS} 条信息、${APPS} 件依申请、${MESSAGES} 件留言/工单：${(performance.now() - t0).toFixed(0)} ms`);

t0 = performance.now();
const r = await inspect({ db, clock, probe: async () => 200 }, { month: MONTH, trigger: 'cli', by: 'bench' });
const inspectMs = performance.now() - t0;
console.log(`月检查 ${MONTH}：${(inspectMs / 1000).toFixed(1)} s（目标 ≤ 60 s），发现 ${r.found} 项，登记问题 ${r.raised} 个`);
for (const x of r.rules) console.log(`  ${x.rule}: 发现 ${x.found}`);
t0 = performance.now();
const again = await inspect({ db, clock, probe: async () => 200 }, { month: MONTH, trigger: 'cli', by: 'bench' });
console.log(`重复运行：${((performance.now() - t0) / 1000).toFixed(1)} s，新登记 ${again.raised} 个`);

// The office dashboard of a county holding 500 of the 1,000 organisations, over the year.
const p95 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const path = parents[0]!.path;
const period = parseFigurePeriod({ period: '2026' }, '2026');
if (!period.ok) throw new Error(period.message);
const figureDeps = { db, onTime: loadConfig({}).interaction.onTime, today: '2026-12-05', nowIso: AT };
const dash: number[] = [];
for (let i = 0; i < 30; i++) {
  const s = performance.now();
  await dashboardData(figureDeps, [path], period.period);
  dash.push(performance.now() - s);
}
console.log(`办公室仪表盘数据（dashboardData，一个县 500 个单位，全年）p95：${p95(dash).toFixed(1)} ms（目标 ≤ 300 ms）`);
const times: number[] = [];
for (let i = 0; i < 60; i++) {
  const s = performance.now();
  await db.selectFrom('sv_problem').select(['public_id', 'rule_code', 'org_code', 'title', 'evidence_url', 'due_on', 'state'])
    .where('org_path', 'like', `${path}%`).where('state', '=', 'open').orderBy('due_on').orderBy('id').limit(50).offset((i % 5) * 50).execute();
  await db.selectFrom('sv_problem').select((eb) => eb.fn.countAll<number>().as('n')).where('org_path', 'like', `${path}%`).where('state', '=', 'open').executeTakeFirstOrThrow();
  times.push(performance.now() - s);
}
console.log(`问题清单查询 p95：${p95(times).toFixed(1)} ms`);
await t.close();
