// The command line and start-up configuration: each command family once as a real process (the
// built entry, or bin/gongkai.js itself), the other cases in-process (test/support/cli.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../src/config.ts';
import { BIN, cliArgs, serverArgs } from './support/spawn.ts';
import { demoSqliteFile } from './support/app.ts';
import { runCli } from './support/cli.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/**
 * DATA_DIR holding the demo: the fixtures' demo template copied in (what `demo load` writes, built
 * once per source version); the first test against the demo runs `gongkai demo load` itself.
 */
async function withDemoData(env: { DATA_DIR: string }): Promise<void> {
  const file = await demoSqliteFile();
  if (file) fs.copyFileSync(file, path.join(env.DATA_DIR, 'gongkai.sqlite'));
  else assert.equal((await run(['demo', 'load'], '', env)).code, 0);
}

/**
 * Runs `gongkai …`: in-process by default; `child`: as a process from the built entry
 * (test/support/spawn.ts); `bin`: bin/gongkai.js itself, as users do.
 */
async function run(args: string[], input = '', env: Record<string, string> = {}, how: 'in' | 'child' | 'bin' = 'in') {
  const fullEnv = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false', ...env };
  if (how === 'in') return runCli(args, fullEnv, input);
  const r = spawnSync(process.execPath, [...(how === 'bin' ? BIN : cliArgs()), ...args], { input, encoding: 'utf8', env: { ...process.env, ...fullEnv } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('gongkai regions import, user create (password on stdin) and token create', async () => {
  const imported = await run(['regions', 'import', 'seed/regions/440309.csv'], '', {}, 'bin');
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.out, /已导入 122 条区划：新增 122，更新 0/);

  const org = await run(['user', 'create', '--username', 'ops', '--role', 'admin', '--org', '440309'], 'a-long-password-1\n');
  assert.equal(org.code, 1, 'the organisation does not exist yet (no demo data)');
  assert.match(org.err, /找不到单位代码 440309/);
});

test('gongkai user create and token create against the demo data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-demo-'));
  try {
    const env = { DATA_DIR: dir, DEMO_DATA: 'true' };
    assert.equal((await run(['demo', 'load'], '', env, 'child')).code, 0);
    const created = await run(['user', 'create', '--username', 'zhang.san', '--role', '信息编辑', '--org', '130427-mzj', '--name', '张三'], 'a-long-password-1\n', env, 'child');
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /已建立用户 zhang.san/);
    const token = await run(['token', 'create', '--user', 'zhang.san'], '', env, 'child');
    assert.equal(token.code, 0, token.err);
    const last = token.out.trim().split(/\s+/).pop() ?? '';
    assert.match(last, /^gk_[A-Za-z0-9_-]{43}$/);
    const missing = await run(['token', 'create', '--user', 'nobody'], '', env);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /找不到用户 nobody/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('gongkai user create --role platform_admin (no --org: the first top-level organisation) and user grant', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-platform-'));
  try {
    const env = { DATA_DIR: dir, DEMO_DATA: 'true' };
    await withDemoData(env);
    const created = await run(['user', 'create', '--username', 'ops.platform', '--role', 'platform_admin', '--name', '运维'], 'a-long-password-1\n', env);
    assert.equal(created.code, 0, created.err);
    const missingOrg = await run(['user', 'create', '--username', 'ops.admin', '--role', 'admin'], 'a-long-password-1\n', env);
    assert.equal(missingOrg.code, 2, 'a county admin still needs --org');
    assert.match(missingOrg.err, /缺少选项 --org/);
    const granted = await run(['user', 'grant', '--username', 'cixian.editor', '--role', '平台管理员'], '', env);
    assert.equal(granted.code, 0, granted.err);
    assert.match(granted.out, /已授权：cixian.editor 平台管理员 @ 13/);
    const twice = await run(['user', 'grant', '--username', 'cixian.editor', '--role', 'platform_admin'], '', env);
    assert.equal(twice.code, 1);
    assert.match(twice.err, /已有此授权/);
    const nobody = await run(['user', 'grant', '--username', 'nobody', '--role', 'platform_admin'], '', env);
    assert.equal(nobody.code, 1);
    assert.match(nobody.err, /找不到用户 nobody/);
    const badRole = await run(['user', 'grant', '--username', 'cixian.editor', '--role', 'boss', '--org', '130427'], '', env);
    assert.equal(badRole.code, 1);
    assert.match(badRole.err, /请选择角色/);
    // The grants as stored: the platform role sits on the first top-level organisation (河北省, 13).
    const { openDb } = await import('../src/platform/db/db.ts');
    const { sqliteFile } = await import('../src/bootstrap.ts');
    const db = openDb<import('../src/schema.ts').Database>({ databaseUrl: null, sqliteFile: sqliteFile(loadConfig({ DATA_DIR: dir })) });
    try {
      const rows = await db.selectFrom('role_grant').innerJoin('staff_user', 'staff_user.id', 'role_grant.user_id').select(['staff_user.username', 'role_grant.role', 'role_grant.org_code']).where('role_grant.role', '=', 'platform_admin').orderBy('staff_user.username').execute();
      assert.deepEqual(rows.filter((r) => r.username !== 'platform'), [
        { username: 'cixian.editor', role: 'platform_admin', org_code: '13' },
        { username: 'ops.platform', role: 'platform_admin', org_code: '13' },
      ]);
    } finally {
      await db.destroy();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('gongkai catalog import and export: a draft, --publish, the round trip and a refused file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-cat-'));
  try {
    const env = { DATA_DIR: dir, DEMO_DATA: 'true' };
    await withDemoData(env);
    const imported = await run(['catalog', 'import', 'seed/catalogs/440105001-社会救助.csv', '--org', '440105002', '--publish'], '', env, 'child');
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /已导入「社会救助」第1版：4 项，已发布/);
    const out = path.join(dir, '新港街.xlsx');
    const exported = await run(['catalog', 'export', '--org', '440105002', '--out', out], '', env);
    assert.equal(exported.code, 0, exported.err);
    assert.match(exported.out, /已导出 1 个目录、4 项/);
    const again = await run(['catalog', 'import', out, '--org', '440105002'], '', env);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /已导入「社会救助」第2版：4 项，草稿/);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, '户籍管理领域目录\n序号,公开事项,公开内容,公开方式\n1,出生登记,受理部门,\n');
    const refused = await run(['catalog', 'import', bad, '--org', 'nope'], '', env);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /找不到单位「nope」/);
    assert.match(refused.err, /第3行「公开方式」：未勾选/);
    const usage = await run(['catalog', 'export', '--org', '440105002', '--out', 'x.pdf'], '', env);
    assert.equal(usage.code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad file is refused with line numbers and nothing imported', async () => {
  const file = path.join(dataDir, 'bad.csv');
  fs.writeFileSync(file, 'code,name,level,parent_code\n12,x,province,\n');
  const r = await run(['regions', 'import', file]);
  assert.equal(r.code, 1);
  assert.match(r.err, /第 2 行：区划代码必须是 12 位数字/);
});

test('a region or hotline file larger than any real one is refused before it is read (a 3 GB file crashed the reader)', async () => {
  const file = path.join(dataDir, 'huge.csv');
  fs.writeFileSync(file, 'code,name,level,parent_code\n');
  fs.truncateSync(file, 3 * 1024 * 1024 * 1024); // sparse: no disk used
  try {
    for (const args of [['regions', 'import', file], ['hotline', 'import', file, '--org', '130427']]) {
      const r = await run(args);
      assert.equal(r.code, 1, `${args[0]}: ${r.err.slice(0, 300)}`);
      assert.match(r.err, /huge\.csv：文件过大（3072 MB），上限为 200 MB；请拆分后分批导入/);
      assert.doesNotMatch(r.err, /RangeError|at /);
    }
  } finally {
    fs.rmSync(file);
  }
});

test('an unknown command prints the usage and exits 2', async () => {
  const r = await run(['frobnicate'], '', {}, 'child');
  assert.equal(r.code, 2);
  assert.match(r.err, /用法：gongkai/);
});

test('npm start stops with one line naming a bad variable', async () => {
  let first = true;
  for (const [env, pattern] of [
    [{ PORT: 'abc' }, /^配置错误：PORT 必须是 0–65535 之间的整数（当前为 "abc"）$/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /^配置错误：DATABASE_URL 只支持 postgres:\/\/ 地址/],
    [{ DEMO_DATA: 'maybe' }, /^配置错误：DEMO_DATA 必须是 true 或 false/],
  ] as const) {
    // the first as `npm start` does (tsx), the others from the built entry (test/support/spawn.ts)
    const start: string[] = first ? ['--import', 'tsx', 'src/main.ts'] : serverArgs();
    const r = spawnSync(process.execPath, start, { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, ...env } });
    first = false;
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trim(), pattern);
  }
});

test('loadConfig reads defaults and overrides', async () => {
  const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0' }, '/srv/gk');
  assert.equal(c.port, 8080);
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.dataDir, path.resolve('/srv/gk', 'data'));
  assert.equal(c.databaseUrl, null);
  assert.throws(() => loadConfig({ PORT: '70000' }), ConfigError);
});

test('several processes: DATABASE_SCHEMA (PostgreSQL only, a plain name) and NOTIFY_INTERVAL_SECONDS', async () => {
  const d = loadConfig({});
  assert.equal(d.databaseSchema, null);
  assert.equal(d.interaction.notify.intervalSeconds, 30);
  const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_SCHEMA: 'gongkai_city', NOTIFY_INTERVAL_SECONDS: '5' });
  assert.deepEqual([c.databaseSchema, c.interaction.notify.intervalSeconds], ['gongkai_city', 5]);
  for (const env of [{ DATABASE_URL: 'postgres://u@h/db', DATABASE_SCHEMA: 'x; drop table y' }, { DATABASE_URL: 'postgres://u@h/db', DATABASE_SCHEMA: '1abc' }, { DATABASE_SCHEMA: 'gongkai' }, { NOTIFY_INTERVAL_SECONDS: '0' }]) {
    const name = 'DATABASE_SCHEMA' in env ? 'DATABASE_SCHEMA' : 'NOTIFY_INTERVAL_SECONDS';
    assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`配置错误：${name}`), JSON.stringify(env));
  }
});

test('interaction settings are read and checked like every other setting', async () => {
  const d = loadConfig({}).interaction;
  assert.deepEqual([d.messageRateMax, d.onTime, d.notify.provider, d.notify.worker, d.mapTileUrl, d.mapCenter], [30, { basis: 'deadline', extensionsMoveDeadline: true }, 'console', true, '', [36.374, 114.382]]);
  const c = loadConfig({ MESSAGE_RATE_MAX: '5', ON_TIME_BASIS: 'closure', NOTIFY_PROVIDER: 'smtp', SMTP_PORT: '2525', NOTIFY_WORKER: 'off', MAP_CENTER: '22.65,114.02' }).interaction;
  assert.deepEqual([c.messageRateMax, c.onTime.basis, c.notify.smtp.port, c.notify.worker, c.mapCenter], [5, 'closure', 2525, false, [22.65, 114.02]]);
  for (const [name, value] of [['ON_TIME_BASIS', 'weekly'], ['NOTIFY_PROVIDER', 'pigeon'], ['SMTP_PORT', 'x'], ['MAP_CENTER', '200,1'], ['MESSAGE_RATE_MAX', '0']] as const) {
    assert.throws(() => loadConfig({ [name]: value }), (e: unknown) => e instanceof ConfigError && e.message.includes(name), name);
  }
});

test('gongkai applications recompute counts with the deployment\'s start-day setting (DEADLINE_COUNT_START_DAY, 《民法典》第二百零一条)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-recompute-'));
  try {
    const env = { DATA_DIR: dir, DEMO_DATA: 'true' };
    await withDemoData(env);
    const count = (out: string) => Number(/有变化的申请 (\d+) 件/.exec(out)?.[1] ?? NaN);
    // The demo cases were counted with the start day as day 0 (the default): nothing to change.
    const same = await run(['applications', 'recompute'], '', env, 'child');
    assert.equal(same.code, 0, same.err);
    assert.equal(count(same.out), 0, same.out);
    // With the start day counted, open cases received on a working day are due one working day earlier.
    const counted = await run(['applications', 'recompute'], '', { ...env, DEADLINE_COUNT_START_DAY: 'true' });
    assert.equal(counted.code, 0, counted.err);
    assert.ok(count(counted.out) > 0, counted.out);
    assert.equal(count((await run(['applications', 'recompute'], '', { ...env, DEADLINE_COUNT_START_DAY: 'true' })).out), 0, 'a second run changes nothing');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
