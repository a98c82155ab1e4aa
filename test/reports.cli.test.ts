// `gongkai report annual` against the demo data (once as a real process, test/support/spawn.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { documentXml } from './fixtures/annual-report.ts';
import { cliArgs } from './support/spawn.ts';
import { runCli } from './support/cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-report-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `gongkai …`: in-process by default (test/support/cli.ts); `child`: as a process from the built entry (test/support/spawn.ts). */
async function run(args: string[], how: 'in' | 'child' = 'in') {
  const env = { DATA_DIR: dir, DATABASE_URL: '', DEMO_DATA: 'true' };
  if (how === 'in') return runCli(args, env);
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('gongkai report annual writes the DOCX; bad input gives a Chinese message and exit code 1', async () => {
  assert.equal((await run(['demo', 'load'])).code, 0);
  const year = new Date().getUTCFullYear() - 1; // the demo publishes last year's report
  const out = path.join(dir, 'report.docx');
  const ok = await run(['report', 'annual', '--org', '130427', '--year', String(year), '--out', out], 'child');
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, new RegExp(`磁县人民政府${year}年政府信息公开工作年度报告（已发布）`));
  const xml = documentXml(fs.readFileSync(out));
  assert.match(xml, /申请人情况/);
  assert.match(xml, /<w:vMerge w:val="restart"\/>/);

  const draft = await run(['report', 'annual', '--org', '130427', '--year', String(year + 1), '--out', path.join(dir, 'draft.docx')]);
  assert.equal(draft.code, 0, draft.err);
  assert.match(draft.out, /草稿/);

  const badOrg = await run(['report', 'annual', '--org', 'nope', '--year', String(year), '--out', out]);
  assert.equal(badOrg.code, 1);
  assert.match(badOrg.err, /机关代码格式不正确/);
  const noOut = await run(['report', 'annual', '--org', '130427', '--year', String(year)]);
  assert.notEqual(noOut.code, 0);
  assert.match(noOut.err, /缺少选项 --out/);
  const notDocx = await run(['report', 'annual', '--org', '130427', '--year', String(year), '--out', path.join(dir, 'x.pdf')]);
  assert.equal(notDocx.code, 1);
  assert.match(notDocx.err, /\.docx 结尾/);
});
