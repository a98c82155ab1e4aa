// `gongkai supervision inspect` against the demo data (once as a real process, test/support/spawn.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliArgs } from './support/spawn.ts';
import { runCli } from './support/cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-supervision-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `gongkai …`: in-process by default (test/support/cli.ts); `child`: as a process from the built entry (test/support/spawn.ts). */
async function run(args: string[], how: 'in' | 'child' = 'in') {
  const env = { DATA_DIR: dir, DATABASE_URL: '', DEMO_DATA: 'true' };
  if (how === 'in') return runCli(args, env);
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('gongkai supervision inspect prints its findings per rule and organisation; a bad month or org gives a Chinese message and exit 1', async () => {
  assert.equal((await run(['demo', 'load'])).code, 0);
  const bad = await run(['supervision', 'inspect', '--month', '2026-13'], 'child');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /月份「2026-13」无效/);
  const missing = await run(['supervision', 'inspect']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /--month YYYY-MM/);
  const badOrg = await run(['supervision', 'inspect', '--month', '2025-12', '--org', 'nope']);
  assert.equal(badOrg.code, 1);
  assert.match(badOrg.err, /找不到单位：nope/);

  // The demo already inspected its previous month over 磁县 and 海珠: a second run over 磁县 finds the same and raises nothing new.
  const demoNow = new Date();
  const prev = new Date(Date.UTC(demoNow.getUTCFullYear(), demoNow.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const ok = await run(['supervision', 'inspect', '--month', prev, '--org', '130427']);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, new RegExp(`月检查 ${prev}（范围：130427）：发现 (\\d+) 项，新登记问题 0 个`));
  assert.match(ok.out, /依申请公开逾期未答复（application_overdue）：发现 \d+，新登记 0/);
  // per organisation lines name the organisation and its code
  const found = Number(/发现 (\d+) 项/.exec(ok.out)![1]);
  if (found > 0) assert.match(ok.out, /\n {4}\S+（130427[^）]*）：发现 \d+，新登记 0/);

  // An earlier month not inspected yet: raised once, then nothing new.
  const first = await run(['supervision', 'inspect', '--month', '2025-06']);
  assert.equal(first.code, 0, first.err);
  const second = await run(['supervision', 'inspect', '--month', '2025-06']);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /新登记问题 0 个/);
});
