// `gongkai services import` as a real process: a bad file loads nothing and lists every problem
// by row (exit 1); good files load; a second run updates instead of duplicating.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliArgs } from './support/spawn.ts';
import { runCli } from './support/cli.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-sm-cli-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Runs `gongkai …`: in-process by default (test/support/cli.ts); `child`: as a process from the built entry (test/support/spawn.ts). */
async function run(args: string[], how: 'in' | 'child' = 'in') {
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false' };
  if (how === 'in') return runCli(args, env);
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const file = (name: string, text: string) => { const f = path.join(dataDir, name); fs.writeFileSync(f, text); return f; };

test('gongkai services import: all or nothing, then load and re-import', async () => {
  const items = file('items.csv', 'id,name,type,region_code,channels,online_url\nA-1,居民身份证换领,行政确认,130427,窗口办理,\nA-2,营业执照设立登记,行政许可,130427,窗口办|网上办,https://example.gov.cn/a2\n');
  const badVenues = file('bad.csv', 'id,name,type,region_code,address,lat,lng,mon,items\nV-1,磁县政务服务中心,政务服务中心,130427,滏阳东路,36.37,114.38,25:00-26:00,A-1\nV-2,某站,飞船站,130427,某路,36.3,114.3,09:00-12:00,A-9\n');
  const bad = await run(['services', 'import', '--items', items, '--venues', badVenues]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /发现 3 处问题，未导入任何数据/);
  assert.match(bad.err, /bad\.csv 第 2 行：开放时间：周一：「25:00-26:00」中的时间 25:00 无效/);
  assert.match(bad.err, /bad\.csv 第 3 行：type「飞船站」不是场所类型/);
  assert.match(bad.err, /bad\.csv 第 3 行：事项 A-9 既不在事项文件中也不在数据库中/);

  const venues = file('venues.csv', 'id,name,type,region_code,address,lat,lng,mon,tue,items\nV-1,磁县政务服务中心,政务大厅,130427,滏阳东路,36.3742,114.3826,"08:30-12:00,14:30-17:30",08:30-12:00,A-1|A-2\n');
  const ok = await run(['services', 'import', '--items', items, '--venues', venues], 'child');
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /已导入事项 2 条，场所 1 个/);
  assert.match(ok.err, /解析并写入暂存事项 \[█+\] 100%/);
  assert.match(ok.err, /切换 \[█+\] 100% 4\/4/);
  const again = await run(['services', 'import', '--venues', venues]);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /场所 1 个/);
  const missing = await run(['services', 'import', '--items', path.join(dataDir, 'nope.jsonl')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /找不到文件/);
});
