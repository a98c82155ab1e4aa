import { openDb } from '../src/platform/db/db.ts';
import type { Database } from '../src/schema.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
const db = openDb<Database>({ databaseUrl: null, sqliteFile: process.argv[2]! });
const app = await buildApp({ config: loadConfig({ DATA_DIR: '/tmp', LOG_LEVEL: 'silent' }), db, clock: fixedClock('2026-11-26T02:00:00.000Z'), logger: createLogger('silent') });
const ids = (await db.selectFrom('disclosure').select('index_no').where('state', '=', 'published').limit(2000).execute()).map((r) => r.index_no);
async function time(label: string, url: (i: number) => string, n = 500) {
  for (let i = 0; i < 50; i++) await app.inject(url(i));
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await app.inject(url(i));
  console.log(label, (Number(process.hrtime.bigint() - t) / 1e6 / n).toFixed(2), 'ms');
}
await time('home', () => '/openness/disclosures', 100);
await time('list p1', () => '/openness/disclosures/all');
await time('list p1-25', (i) => `/openness/disclosures/all?page=${1 + (i % 25)}`);
await time('record', (i) => `/openness/disclosures/${encodeURIComponent(ids[i % ids.length]!)}`);
await time('healthz', () => '/healthz');
await time('portal', () => '/openness');
await app.close();
