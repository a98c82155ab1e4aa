// scripts/build-server.mjs (ADR 0004): builds of an earlier version are removed once a day old, but
// never while a process started from one is alive — it still loads chunks on first use (docx,
// exceljs, a form's validation), and a missing chunk answered 500 after a deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');

test('an old build is kept while a process it started is alive, removed once none is', async () => {
  const { buildServer } = (await import(path.join(ROOT, 'scripts', 'build-server.mjs'))) as { buildServer: () => Promise<string> };
  const entry = await buildServer();
  // dist/main.mjs marks the build it runs with its process
  const text = fs.readFileSync(entry, 'utf8');
  const current = /\.\/(server-[0-9a-f]{16})\/main\.mjs/.exec(text)?.[1];
  assert.ok(current, text);
  assert.match(text, /writeFileSync\(new URL\('\.\/server-[0-9a-f]{16}\/\.running-' \+ process\.pid/);
  const ran = spawnSync(process.execPath, ['-e', '']); // a process that has ended
  assert.ok(ran.pid);
  const dead = ran.pid;

  const running = path.join(DIST, 'server-00000000000000aa');
  const stopped = path.join(DIST, 'server-00000000000000bb');
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  try {
    for (const [dir, pid] of [[running, process.pid], [stopped, dead]] as const) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'handbook-docx-X.mjs'), 'export {};\n');
      fs.writeFileSync(path.join(dir, `.running-${pid}`), '');
      fs.utimesSync(dir, twoDaysAgo, twoDaysAgo);
    }
    await buildServer();
    assert.ok(fs.existsSync(path.join(running, 'handbook-docx-X.mjs')), 'a build a live process runs stays');
    assert.ok(!fs.existsSync(stopped), 'a day-old build no live process runs goes');
  } finally {
    fs.rmSync(running, { recursive: true, force: true });
    fs.rmSync(stopped, { recursive: true, force: true });
  }
});

test('npm start runs the server with the Node flags the benches measure (SERVER_NODE_FLAGS)', async () => {
  const { SERVER_NODE_FLAGS } = (await import(path.join(ROOT, 'scripts', 'build-server.mjs'))) as { SERVER_NODE_FLAGS: string[] };
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const flags = /exec node ((?:--\S+ )*)dist\/main\.mjs/.exec(start)?.[1]?.trim().split(' ') ?? [];
  assert.deepEqual(flags, SERVER_NODE_FLAGS, start);
  // ADR 0002, issue 24 §2: after a full collection the old generation grows by a quarter of its live size
  assert.ok(SERVER_NODE_FLAGS.includes('--heap-growing-percent=25'));
});
