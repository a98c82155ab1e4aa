// npm run bench:handbook — the 办事一本通 at size: a fresh SQLite database with the demo, plus
// BENCH_ITEMS (default 2,500) generated county items for 海珠区 (five materials each, offered at the
// district centre); times the booklet of the biggest demo county and of 海珠区 with the generated items
// (capped at 2,000; the DOCX at 300) as A5/A4 HTML and as DOCX over HTTP, the first request and a
// cached one. Nothing is kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { loadDemo } from '../src/demo.ts';
import { platformView, type Database } from '../src/schema.ts';

const N = Number(process.env.BENCH_ITEMS ?? 2500);
const clock = fixedClock('2026-10-08T02:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-handbook-'));
const db = openDb<Database>({ databaseUrl: null, sqliteFile: path.join(dir, 'bench.sqlite') });
try {
  await migrateToLatest(db);
  await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
  await loadDemo(db, clock);
  const app = await buildApp({ config: loadConfig({ DATA_DIR: dir, SITE_BASE_URL: 'https://zw.example.cn' }), db, clock, logger: createLogger('silent') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  // over HTTP (as a browser fetches it), the whole body read
  const time = async (label: string, url: string) => {
    for (const run of ['first', 'cached']) {
      const t0 = performance.now();
      const r = await fetch(`${base}${url}`, { headers: { 'accept-encoding': 'identity' } });
      const body = Buffer.from(await r.arrayBuffer());
      console.log(`${label.padEnd(34)} ${run.padEnd(6)} ${String(r.status)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms ${(body.length / 1024).toFixed(0).padStart(6)} KiB`);
    }
  };
  const counts = await db.selectFrom('sm_item').select(['region_code', db.fn.countAll<number>().as('n')]).groupBy('region_code').execute();
  const biggest = counts.filter((c) => /^\d{6}0{6}$/.test(c.region_code)).sort((a, b) => Number(b.n) - Number(a.n))[0]!;
  const code = biggest.region_code.slice(0, 6);
  console.log(`demo: biggest county ${code} with ${biggest.n} items of its own`);
  await time(`demo ${code} A5 HTML`, `/services/handbook/${code}`);
  await time(`demo ${code} DOCX`, `/services/handbook/${code}?format=docx`);
  // generated items for 磁县
  const at = '2026-01-01T00:00:00.000Z';
  const venue = await db.selectFrom('sm_venue').select('id').where('public_id', '=', 'HZ-ZWFW').executeTakeFirstOrThrow();
  const depts = ['县市场监督管理局', '县人力资源和社会保障局', '县民政局', '县住房和城乡建设局', '县交通运输局', '县卫生健康局', '县教育局', '县农业农村局'];
  for (let i = 0; i < N; i += 200) {
    const rows = Array.from({ length: Math.min(200, N - i) }, (_, k) => {
      const n = i + k;
      return {
        public_id: `BENCH-${String(n).padStart(5, '0')}`, name: `生成事项第${n}号（${depts[n % depts.length]}）`, basic_code: '', implementing_code: '', type: 'public_service', department: depts[n % depts.length]!,
        implementing_body: depts[n % depts.length]!, region_code: '440105000000', level: 'county', keywords: '', online_url: `https://www.hbzwfw.gov.cn/bench/${n}`, mobile_url: null, channels: 'window online',
        legal_limit: 20, legal_unit: 'working_day', promised_limit: 5, promised_unit: 'working_day', visits: 1,
        guide_json: JSON.stringify({ service_objects: n % 10 === 0 ? ['企业法人'] : ['自然人'], materials: Array.from({ length: 5 }, (_, m) => ({ name: `申请材料${m + 1}（须本人签字）`, type: m % 2 ? '复印件' : '原件', form: '纸质', required: true, copies: 1, source: '申请人自备' })), fees: [], consultation: '0310-2321234', conditions: [], steps: [], where: '', when: '', complaint: '', faq: [] }),
        created_at: at, updated_at: at,
      };
    });
    const ids = await db.insertInto('sm_item').values(rows).returning('id').execute();
    await db.insertInto('sm_venue_item').values(ids.map((r) => ({ venue_id: Number(venue.id), item_id: Number(r.id) }))).execute();
  }
  console.log(`海珠区 + ${N} generated items (personal edition: ${N - Math.ceil(N / 10)}, capped at 2,000; DOCX 300)`);
  await time('440105 personal A5 HTML', '/services/handbook/440105');
  await time('440105 personal A4 HTML', '/services/handbook/440105?size=a4');
  await time('440105 personal DOCX', '/services/handbook/440105?format=docx');
  await time('440105 by department, one dept', `/services/handbook/440105?group=department&department=${encodeURIComponent('县民政局')}`);
  await app.close();
} finally {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
