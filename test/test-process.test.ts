// test/support/test-process.mjs turns off node:test's per-promise tracking in every test process:
// an error thrown by a test's async code must still fail the run, be printed with its stack, and
// never leave a process waiting for ever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// (without the test runner's marker of its own child processes, which would make this one report to us)
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT' && k !== 'GONGKAI_TEST_ASYNC_TRACKING'));

function runFile(body: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-process-'));
  try {
    const file = path.join(dir, 'late.test.mjs');
    fs.writeFileSync(file, `import { test } from 'node:test';\nimport http from 'node:http';\n${body}\n`);
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', './test/support/test-process.mjs', '--test', '--test-reporter=tap', file], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: childEnv,
    });
    // (the runner passes the file's stderr on as comments of its own output)
    return { ...r, ms: Date.now() - started };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a test waiting on a callback that threw fails the run with the stack, though a server keeps the process alive', () => {
  const r = runFile(`
const server = http.createServer().listen(0, '127.0.0.1');
test('waits for a timer that throws', async () => {
  await new Promise((resolve) => setTimeout(() => { throw new Error('late boom ' + 'from the timer'); }, 10));
  server.close();
});`);
  assert.equal(r.signal, null, `the process was killed after ${r.ms} ms:\n${r.stdout}\n${r.stderr}`);
  assert.notEqual(r.status, 0, r.stdout);
  assert.match(r.stdout + r.stderr, /uncaught exception[\s\S]*late boom from the timer[\s\S]*late\.test\.mjs:\d+/);
});

test('an unhandled rejection of a passing test still fails the run, with its stack', () => {
  const r = runFile(`
test('forgets a promise', async () => {
  void Promise.reject(new Error('forgotten ' + 'rejection'));
  await new Promise((resolve) => setTimeout(resolve, 20));
});`);
  assert.notEqual(r.status, 0, r.stdout);
  assert.match(r.stdout + r.stderr, /unhandled rejection[\s\S]*forgotten rejection[\s\S]*late\.test\.mjs:\d+/);
});

test('a file whose tests pass still passes', () => {
  const r = runFile(`test('fine', async () => { await new Promise((resolve) => setTimeout(resolve, 5)); });`);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /# pass 1/);
});
