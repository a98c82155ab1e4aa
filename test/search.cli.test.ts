// `gongkai search reindex` as a real process after a CLI import: progress bar on stderr, the count,
// and a `rebuild` row in the change log so that every running server rebuilds.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cliArgs } from './support/spawn.ts';
import { runCli } from './support/cli.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-search-cli-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Runs `gongkai …`: in-process by default (test/support/cli.ts); `child`: as a process from the built entry (test/support/spawn.ts). */
async function run(args: string[], how: 'in' | 'child' = 'in') {
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false' };
  if (how === 'in') return runCli(args, env);
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('gongkai search reindex: progress bar, count, and every process told to rebuild', async () => {
  const items = path.join(dataDir, 'items.csv');
  fs.writeFileSync(items, 'id,name,type,region_code,channels,online_url\nA-1,居民身份证换领,行政确认,130427,窗口办理,\nA-2,营业执照设立登记,行政许可,130427,窗口办,\n');
  assert.equal((await run(['services', 'import', '--items', items])).code, 0);
  const r = await run(['search', 'reindex'], 'child');
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /重建搜索索引 \[█+\] 100%/);
  assert.match(r.out, /已重建搜索索引：2 条/);
  const file = fs.readdirSync(dataDir).find((f) => /\.(sqlite|db)$/.test(f));
  assert.ok(file, 'database file');
  const db = new Database(path.join(dataDir, file), { readonly: true });
  const rows = db.prepare("select source from search_change where source in ('item', 'rebuild') order by id").all() as { source: string }[];
  db.close();
  assert.equal(rows.filter((x) => x.source === 'item').length, 2, 'the import reached the change log through the triggers');
  assert.equal(rows.at(-1)?.source, 'rebuild');
});
