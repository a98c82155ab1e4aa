// npm run bench:accounts [-- --runs 200 --extra 100000 --pg postgres://…]
// The personal space's home page (/me) for the demo person 张三（演示）: how many SQL queries one
// view runs, and its p50/p95 over `runs` requests through app.inject, on the demo data alone and
// then with `extra` more unlinked applications, messages and 转人工 conversations of other phones
// (the claimable look-up of every /me view must stay a few index reads: migration 0037).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { systemClock } from '../src/platform/clock/clock.ts';
import { loadDemo } from '../src/demo.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { hashSecret, randomSecret } from '../src/platform/auth/tokens.ts';
import { DEMO_PERSON } from '../src/modules/accounts/accounts.demo.ts';
import type { Database, Db } from '../src/schema.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '200' }, extra: { type: 'string', default: '100000' }, pg: { type: 'string', default: '' } } });
const RUNS = Number(args.runs);
const EXTRA = Number(args.extra);

let queries = 0;
const counter: KyselyPlugin = {
  transformQuery(a: PluginTransformQueryArgs): RootOperationNode { queries++; return a.node; },
  async transformResult(a: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> { return a.result; },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-accounts-'));
const pgSchema = `bench_accounts_${process.pid}`;
if (args.pg) { const c = new pg.Client({ connectionString: args.pg }); await c.connect(); await c.query(`create schema ${pgSchema}`); await c.end(); }
const raw: Db = openDb<Database>(args.pg ? { databaseUrl: args.pg, pgSchema, poolSize: 4 } : { databaseUrl: null, sqliteFile: path.join(dir, 'bench.sqlite') });
await migrateToLatest(raw);
await loadDemo(raw, systemClock);
const db = raw.withPlugin(counter) as Db;
const app = await buildApp({ config: loadConfig({ DATA_DIR: dir }), db, clock: systemClock, logger: createLogger('silent') });

const person = await raw.selectFrom('pa_account').select('id').where('phone', '=', DEMO_PERSON.phone).executeTakeFirstOrThrow();
const sid = randomSecret();
const now = new Date();
await raw.insertInto('pa_session').values({ id_hash: hashSecret(sid), account_id: person.id, method: 'sms', created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + 3600_000).toISOString() }).execute();
const cookie = `gk_me=${sid}`;

async function measure(label: string) {
  const first = await app.inject({ url: '/me', headers: { cookie } });
  if (first.statusCode !== 200) throw new Error(`/me answered ${first.statusCode}`);
  queries = 0;
  await app.inject({ url: '/me', headers: { cookie } });
  const perView = queries;
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await app.inject({ url: '/me', headers: { cookie } });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(2);
  console.log(`${label}: ${perView} queries per /me view; p50 ${q(0.5)} ms, p95 ${q(0.95)} ms over ${RUNS} requests`);
}

await measure(`/me (demo person, ${args.pg ? 'PostgreSQL' : 'SQLite'}, demo data)`);

if (EXTRA > 0) {
  // copies of one demo row per table with other phones and references, unlinked
  const t0 = Date.now();
  const app0 = await raw.selectFrom('application_case').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
  const msg0 = await raw.selectFrom('message').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
  const conv0 = await raw.selectFrom('as_conversation').selectAll().orderBy('id').limit(1).executeTakeFirst();
  const phone = (i: number) => `138${String(i).padStart(8, '0')}`;
  for (let from = 0; from < EXTRA; from += 500) {
    const n = Math.min(500, EXTRA - from);
    const idx = Array.from({ length: n }, (_, j) => from + j);
    const { id: _a, ...a } = app0;
    await raw.insertInto('application_case').values(idx.map((i) => ({ ...a, reference: `B${String(i).padStart(9, '0')}`, tracking_hash: `bench${i}`, idempotency_key: null, applicant_phone: phone(i), applicant_id_number: `1304271990${String(i).padStart(8, '0')}`, account_id: null }))).execute();
    const { id: _m, ...m } = msg0;
    await raw.insertInto('message').values(idx.map((i) => ({ ...m, reference: `BM${String(i).padStart(9, '0')}`, tracking_hash: `bench${i}`, idempotency_key: null, contact_phone: phone(i), account_id: null }))).execute();
    if (conv0) {
      const { id: _c, ...c } = conv0;
      await raw.insertInto('as_conversation').values(idx.map((i) => ({ ...c, public_id: `bench${i}`, tracking_hash: null, handoff_requested_at: c.created_at, handoff_contact_json: JSON.stringify({ name: '某', phone: phone(i) }), account_id: null }))).execute();
    }
  }
  console.log(`(+${EXTRA} applications, messages${conv0 ? ', conversations' : ''} of other phones in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await measure(`/me (demo person, +${EXTRA} unlinked rows each)`);
}

await app.close();
await raw.destroy();
if (args.pg) { const c = new pg.Client({ connectionString: args.pg }); await c.connect(); await c.query(`drop schema ${pgSchema} cascade`); await c.end(); }
fs.rmSync(dir, { recursive: true, force: true });
