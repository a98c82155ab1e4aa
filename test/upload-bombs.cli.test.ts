// Every command-line import refuses a ZIP bomb before any reader opens it (catalogue, service map
// items and venues, regions, 12345 orders), as a real process: exit 1, a clear message, and no row
// of any table changed. No time bound here (it would flake on a busy machine); `npm run
// bench:uploads` gives the figures.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { gigabyteBomb, xlsxBomb } from './support/zip-bombs.ts';
import { cliArgs } from './support/spawn.ts';
import { runCli } from './support/cli.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bomb-cli-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Runs `gongkai …`: in-process by default (test/support/cli.ts); `child`: as a process from the built entry (test/support/spawn.ts). */
async function run(args: string[], how: 'in' | 'child' = 'in') {
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false' };
  if (how === 'in') return runCli(args, env);
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function rowCounts(): Record<string, number> {
  const db = new Database(path.join(dataDir, 'gongkai.sqlite'), { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[];
    return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

test('catalog, services, regions and hotline imports refuse the bomb: exit 1, nothing stored', async () => {
  const baseline = await run(['migrate'], 'child');
  assert.equal(baseline.code, 0, baseline.err);
  const before = rowCounts();
  const file = (name: string, data: Buffer) => { const f = path.join(dataDir, name); fs.writeFileSync(f, data); return f; };
  const gb = gigabyteBomb();
  const cases: [string, string[]][] = [
    ['catalog import (1 GB)', ['catalog', 'import', file('目录.xlsx', gb), '--org', '130427']],
    ['catalog import (250 MB sheet)', ['catalog', 'import', file('目录2.xlsx', xlsxBomb(250, { lie: true })), '--org', '130427']],
    ['services import --items', ['services', 'import', '--items', file('items.xlsx', gb)]],
    ['services import --venues (a zip named .csv)', ['services', 'import', '--venues', file('venues.csv', gb)]],
    ['regions import', ['regions', 'import', file('regions.csv', gb)]],
    ['hotline import', ['hotline', 'import', file('orders.csv', gb), '--org', '130427']],
  ];
  for (const [label, args] of cases) {
    const r = await run(args);
    assert.equal(r.code, 1, `${label}: ${r.out}${r.err}`);
    assert.match(r.err, /解压后过大，可能是压缩炸弹/, label);
  }
  assert.deepEqual(rowCounts(), before);
});
