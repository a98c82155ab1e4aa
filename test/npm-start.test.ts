// `npm start` as users run it (ADR 0004): prestart bundles src/main.ts into dist/ (scripts/build-server.mjs),
// start runs that plain JavaScript without tsx. The started process must serve what depends on
// files found next to the sources (static assets, views, the calendar data, migrations) and the search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const readProc = (pid: number, file: string): string => { try { return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8'); } catch { return ''; } };
/** Every process below `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = readProc(Number(d), 'stat');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parent.set(Number(d), ppid);
  }
  const below = (pid: number): boolean => { for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) return true; return false; };
  return [...parent.keys()].filter(below);
}

test('npm start builds the server into dist/ and the built process serves pages, assets and search', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-npm-start-'));
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_DATA: 'false', NODE_ENV: 'production' };
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 120 s\n${out}\n${err}`)), 120_000);
      child.stdout.on('data', () => {
        const m = /Gongkai 已启动：(http:\/\/[^\s]+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1] as string); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`npm start exited (${code})\n${out}\n${err}`)); });
    });
    // the process runs the bundle, not the TypeScript sources through tsx
    const entry = fs.readFileSync(path.join(ROOT, 'dist', 'main.mjs'), 'utf8');
    const build = /\.\/(server-[0-9a-f]{16})\/main\.mjs/.exec(entry)?.[1];
    assert.ok(build && fs.existsSync(path.join(ROOT, 'dist', build, 'main.mjs')), entry);
    assert.ok(!fs.readFileSync(path.join(ROOT, 'dist', build, 'main.mjs'), 'utf8').includes('tsx/esm'));

    // the server process (npm → node) has the start script's memory settings (ADR 0004)
    const server = descendants(child.pid!).find((pid) => readProc(pid, 'cmdline').includes('dist/main.mjs'));
    assert.ok(server, 'a node process running dist/main.mjs under npm');
    assert.ok(readProc(server, 'cmdline').split('\0').includes('--heap-growing-percent=25'), readProc(server, 'cmdline'));
    assert.ok(readProc(server, 'environ').split('\0').includes('MALLOC_ARENA_MAX=2'));

    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    // a static asset: found through the rewritten import.meta.url of src/platform/web/server.tsx
    const css = await fetch(`${base}/assets/app.css`);
    assert.equal(css.status, 200);
    assert.ok((await css.text()).length > 100);
    const api = await fetch(`${base}/api/v1/search?q=${encodeURIComponent('社保')}`);
    assert.equal(api.status, 200);
    assert.ok(Array.isArray(((await api.json()) as { results?: unknown[] }).results));
    const page = await fetch(`${base}/search?q=${encodeURIComponent('社保')}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html[\s\S]*社保/);
    // a bad query is a 4xx with {code, message}, not a 5xx
    const bad = await fetch(`${base}/api/v1/search?limit=abc`);
    assert.ok(bad.status >= 400 && bad.status < 500, String(bad.status));
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
