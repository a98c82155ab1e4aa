// `gongkai hotline import FILE --org CODE`, run as a real process: all rows or none.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliArgs } from './support/spawn.ts';
import { runCli } from './support/cli.ts';
import { sqliteTemplate } from './support/demo-template.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-hotline-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
/** Runs `gongkai …`: in-process by default (test/support/cli.ts); `child`: as a process from the built entry (test/support/spawn.ts). */
async function run(args: string[], how: 'in' | 'child' = 'in') {
  const env = { DATA_DIR: dir, DATABASE_URL: '', DEMO_DATA: 'true', NOTIFY_WORKER: 'off' };
  if (how === 'in') return runCli(args, env);
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('gongkai hotline import: a file with a bad row imports nothing; a good file imports every order once', async () => {
  // the demo: the fixtures' template file when an earlier suite built it (what `demo load` writes;
  // test/cli.test.ts runs that command), else `demo load` (importing the app to build it costs more)
  const demo = sqliteTemplate();
  if (demo) fs.copyFileSync(demo, path.join(dir, 'gongkai.sqlite'));
  else assert.equal((await run(['demo', 'load'])).code, 0);
  const header = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';
  const bad = path.join(dir, 'bad.csv');
  fs.writeFileSync(bad, `${header}\nCLI0001,8012,关于路灯,路灯不亮,2026-03-02 09:00:00,-,求助,待签收\nCLI0002,8012,关于供暖,暖气不热,2026-03-02 09:00:00,-,闲聊,待签收\n`);
  const refused = await run(['hotline', 'import', bad, '--org', '130427']);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /第 3 行：工单类型“闲聊”/);
  const good = path.join(dir, 'good.csv');
  fs.writeFileSync(good, `${header}\nCLI0001,8012,关于路灯,路灯不亮,2026-03-02 09:00:00,-,求助,待签收\nCLI0002,8012,关于供暖,暖气不热,2026-03-02 09:00:00,2026-03-04 17:00:00,投诉,满意\n`);
  const ok = await run(['hotline', 'import', good, '--org', '130427'], 'child');
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /已导入 2 件 12345 工单/);
  // The same file again changes nothing; a newer export of the platform updates the order's status.
  const again = await run(['hotline', 'import', good, '--org', '130427']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /新增 0 件，更新 0 件，无变化 2 件/);
  const newer = path.join(dir, 'newer.csv');
  fs.writeFileSync(newer, `${header}\nCLI0001,8012,关于路灯,路灯不亮,2026-03-02 09:00:00,-,求助,办理中\n`);
  const updated = await run(['hotline', 'import', newer, '--org', '130427']);
  assert.equal(updated.code, 0, updated.err);
  assert.match(updated.out, /新增 0 件，更新 1 件/);
  // Another government's 工单编号 (海珠区 440105 importing 磁县's order): refused, naming the field.
  const foreign = await run(['hotline', 'import', newer, '--org', '440105']);
  assert.equal(foreign.code, 1);
  assert.match(foreign.err, /工单编号：CLI0001 已由其他单位登记，不属于/);
  assert.equal((await run(['hotline', 'import'])).code, 2);
});
