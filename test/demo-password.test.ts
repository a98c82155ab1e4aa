// With DEMO_DATA=false the server refuses to start while any enabled account still has the
// published demo password: the check itself on both databases, and `npm start` as a real process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDialect } from './support/db.ts';
import { withDemo } from './support/app.ts';
import { accountsWithDemoPassword, DEMO_PASSWORD, DEMO_USERS, demoPasswordRefusal } from '../src/demo.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../src/modules/identity/index.ts';
import { BIN, cliArgs, serverArgs } from './support/spawn.ts';

forEachDialect('start-up check of the demo password', (get) => {
  test('finds every enabled account with the demo password, and no other', async () => {
    const { db } = get();
    const all = await accountsWithDemoPassword(db);
    for (const u of DEMO_USERS) assert.ok(all.includes(u.username), u.username);
    assert.deepEqual(all, [...all].sort());
    const deps = { db, clock: fixedClock('2026-03-02T02:00:00Z'), sessionIdleMinutes: 120 };
    assert.deepEqual(await identityService.setPasswordByCli(deps, 'cixian.editor', 'a-new-secret-password'), { ok: true });
    const user = await findUserByUsername(db, 'cixian.reviewer');
    await db.updateTable('staff_user').set({ disabled: 1 }).where('id', '=', user!.id).execute();
    const left = await accountsWithDemoPassword(db);
    assert.ok(!left.includes('cixian.editor'), 'a changed password');
    assert.ok(!left.includes('cixian.reviewer'), 'a disabled account');
    assert.equal(left.length, all.length - 2);
    const message = demoPasswordRefusal(left);
    assert.match(message, /DEMO_DATA=false/);
    assert.ok(message.includes(left.join('、')));
    assert.match(message, /npx gongkai user password --username /);
  });
}, withDemo);

test('npm start with DEMO_DATA=false exits with the accounts named until their passwords are changed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-demo-pw-'));
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'silent' };
  // `real`: as users start them (`npm start` through tsx, bin/gongkai.js); else the built entries (test/support/spawn.ts)
  const start = (real = false) => spawnSync(process.execPath, real ? ['--import', 'tsx', 'src/main.ts'] : serverArgs(), { encoding: 'utf8', env: { ...env, DEMO_DATA: 'false' }, timeout: 120_000 });
  const cli = (args: string[], input = '', real = false) => spawnSync(process.execPath, [...(real ? BIN : cliArgs()), ...args], { encoding: 'utf8', input, env: { ...env, DEMO_DATA: 'true' } });
  try {
    assert.equal(cli(['demo', 'load'], '', true).status, 0);
    const refused = start(true);
    assert.equal(refused.status, 1, refused.stdout);
    assert.match(refused.stderr, /启动已停止：已设置 DEMO_DATA=false.*仍在使用公开的演示密码/);
    assert.match(refused.stderr, /(^|、| )admin(、|\n)/);
    assert.ok(!refused.stdout.includes('Gongkai 已启动'));

    const same = cli(['user', 'password', '--username', 'admin'], `${DEMO_PASSWORD}\n`);
    assert.equal(same.status, 1);
    assert.match(same.stderr, /不能使用公开的演示密码/);
    const changed = cli(['user', 'password', '--username', 'admin'], 'a-private-password-9\n');
    assert.equal(changed.status, 0, changed.stderr);
    assert.match(changed.stdout, /已为 admin 设置新密码/);

    const again = start();
    assert.equal(again.status, 1);
    assert.ok(!/(^|、| )admin(、|\n)/.test(again.stderr), 'admin is no longer named');
    assert.match(again.stderr, /admin2/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
