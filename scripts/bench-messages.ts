// npm run bench:messages — loads 100,000 messages into a fresh SQLite database (or the database of
// DATABASE_URL when BENCH_USE_DATABASE_URL=1), then prints the p95 of the dispatcher's queue page
// and of the statistics page (target ≤ 200 ms) and the throughput of POST /api/v1/messages
// (target ≥ 500/s). Requests go through the real app with inject(); nothing is timed in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Insertable } from 'kysely';
import type { MessageTable } from '../src/modules/interaction/interaction.table.ts';

process.env.NOTIFY_WORKER = 'off';
const { loadConfig } = await import('../src/config.ts');
const { openAndMigrate } = await import('../src/bootstrap.ts');
const { buildApp } = await import('../src/app.ts');
const { loadDemo } = await import('../src/demo.ts');
const { createLogger } = await import('../src/platform/log/logger.ts');
const { fixedClock } = await import('../src/platform/clock/clock.ts');
const { addDays } = await import('../src/platform/clock/local-date.ts');

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
const env = { ...process.env, DATA_DIR: dir, ...(process.env.BENCH_USE_DATABASE_URL ? {} : { DATABASE_URL: '' }) };
const config = loadConfig(env);
const clock = fixedClock('2026-03-02T02:00:00Z');
const { db } = await openAndMigrate(config, clock.now());
await loadDemo(db, fixedClock('2026-01-05T02:00:00Z'));

// ---- Load ----------------------------------------------------------------------------------
const t0 = performance.now();
const orgs = await db.selectFrom('organisation').select(['code', 'path']).where('path', 'like', '/13/1304/130427/%').execute();
const county = orgs.find((o) => o.code === '130427')!;
const units = orgs.filter((o) => o.code !== '130427' && o.code.length <= 12).slice(0, 60);
const categories = ['roads', 'street_lights', 'sanitation', 'urban_construction', 'water_power', 'environment', 'education', 'health', 'social_security', 'agriculture', 'market', 'other'];
const stages = ['submitted', 'accepted', 'assigned', 'in_progress', 'replied', 'awaiting_review', 'responded', 'rated', 'closed', 'closed', 'closed', 'closed', 'rejected'];
let rng = 42;
const rand = (n: number) => { rng = (rng * 1103515245 + 12345) % 2147483648; return rng % n; };
const BATCH = 500;
for (let done = 0; done < TOTAL; done += BATCH) {
  const rows: Insertable<MessageTable>[] = [];
  for (let i = done; i < Math.min(TOTAL, done + BATCH); i++) {
    const stage = stages[rand(stages.length)]!;
    const received = addDays('2026-03-01', -rand(365));
    const due = addDays(received, 2 + rand(15));
    const assigned = !['submitted', 'accepted', 'rejected'].includes(stage);
    const unit = units[rand(units.length)]!;
    const closed = stage === 'closed' ? addDays(received, 1 + rand(18)) : null;
    rows.push({
      reference: `LY-${received.replaceAll('-', '')}-B${String(i).padStart(6, '0')}`, tracking_hash: 'x', source: i % 10 === 0 ? 'hotline' : 'web',
      org_code: county.code, org_path: county.path, routed_org: unit.code, assignee_org: assigned ? unit.code : null, assignee_path: assigned ? unit.path : null,
      category_code: categories[rand(categories.length)]!, title: `测试留言 ${i}`, content: `第 ${i} 条测试留言内容，反映道路、路灯、环境卫生等问题。`,
      address: null, lat: 36.3 + rand(1000) / 10000, lng: 114.3 + rand(1000) / 10000, contact_name: '测试', contact_phone: '13900000000', contact_email: null,
      is_public: i % 5 === 0 ? 0 : 1, sensitive: 0, stage, class_code: 'normal', received_on: received, due_on: stage === 'rejected' ? null : due, original_due_on: stage === 'rejected' ? null : due,
      due_explanation: '一般事项 5 个工作日', assigned_on: assigned ? received : null, replied_on: ['replied', 'awaiting_review', 'responded', 'rated', 'closed'].includes(stage) ? received : null,
      closed_on: closed, rating: null, reopened: 0, response: closed ? '已处理。' : null, responded_on: null, application_ref: null, idempotency_key: null,
      work_order_no: null, operator_no: null, order_type: null, called_at: null, planned_at: null, external_status: null, event_count: 1,
      created_at: `${received}T02:00:00.000Z`, updated_at: `${received}T02:00:00.000Z`,
    });
  }
  await db.transaction().execute(async (trx) => { await trx.insertInto('message').values(rows).execute(); });
}
console.log(`载入 ${TOTAL} 条留言：${((performance.now() - t0) / 1000).toFixed(1)} s（${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}）`);

// ---- Pages ---------------------------------------------------------------------------------
const app = await buildApp({ config, db, clock, logger: createLogger('silent') });
const CSRF = 'bench-csrf-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'.slice(0, 43);
const login = await app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username: 'cixian.minhu', password: 'demo-password-2026', _csrf: CSRF } });
if (login.statusCode !== 303) throw new Error(`sign-in failed: ${login.statusCode}`);
const cookie = [`gk_csrf=${CSRF}`, ...(login.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`)].join('; ');

async function p95(label: string, urls: string[], runs: number, headers: Record<string, string> = {}) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) await app.inject({ url: urls[0]!, headers });
  for (let i = 0; i < runs; i++) {
    const url = urls[i % urls.length]!;
    const s = performance.now();
    const res = await app.inject({ url, headers });
    times.push(performance.now() - s);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  }
  times.sort((a, b) => a - b);
  const p = times[Math.ceil(times.length * 0.95) - 1]!;
  console.log(`${label}：p50 ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms，p95 ${p.toFixed(1)} ms（目标 ≤ 200 ms，${p <= 200 ? '达标' : '未达标'}）`);
}

await p95('调度员待办页 /staff/messages', ['/staff/messages?view=dispatch', '/staff/messages?view=dispatch&page=5', '/staff/messages?view=overdue', '/staff/messages?view=due_soon', '/staff/messages?view=handling'], 100, { cookie });
await p95('统计页 /interaction/statistics', ['/interaction/statistics?month=2026-02', '/interaction/statistics?month=2025-12', '/interaction/statistics?month=2025-08'], 60);

// ---- Throughput ----------------------------------------------------------------------------
const N = Number(process.env.BENCH_POSTS ?? 3000);
const CONCURRENCY = 16;
let next = 0;
let failures = 0;
const start = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < N) {
    const i = next++;
    const res = await app.inject({
      method: 'POST', url: '/api/v1/messages', remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      payload: { org: '130427', category: categories[i % categories.length], title: `压测留言 ${i}`, content: '压测留言内容，反映路灯不亮问题。', location: { lat: 36.37, lng: 114.38 }, contact: { name: '测试', phone: '13900000000' }, public: true },
    });
    if (res.statusCode !== 201) failures++;
  }
}));
const secs = (performance.now() - start) / 1000;
const rate = N / secs;
console.log(`POST /api/v1/messages：${N} 条 ${secs.toFixed(1)} s，${rate.toFixed(0)} 条/秒（目标 ≥ 500/s，${rate >= 500 ? '达标' : '未达标'}），失败 ${failures}`);

await app.close();
await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
