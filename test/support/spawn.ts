// Test fixture: how tests start the CLI and the server as real processes. `bin/gongkai.js` (and
// `node --import tsx src/main.ts`) load every module through tsx's loader at each start — about
// 2.4 s of CPU, paid by every one of the hundred-odd processes the tests start. Instead the same
// sources are built once per source version (test/support/build-entries.mjs, esbuild — tsx's own
// transpiler) into test-results/entries-<hash>/, and processes start from there. Each command
// family still runs the real `bin/gongkai.js` in at least one test (BIN below), so the shipped
// entry point stays tested. GONGKAI_TEST_BUILT=off starts everything through tsx as before.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeStale, sourceHash } from './demo-template.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_SCRIPT = path.join(ROOT, 'test', 'support', 'build-entries.mjs');

/** The shipped entry point, for the tests that must run it as users do. */
export const BIN = [path.join(ROOT, 'bin', 'gongkai.js')];

let dirMemo: string | null | undefined;

/** The build's folder; null (start through tsx) when GONGKAI_TEST_BUILT=off or the build failed. */
function buildDir(): string | null {
  if (dirMemo !== undefined) return dirMemo;
  if (process.env.GONGKAI_TEST_BUILT === 'off') return (dirMemo = null);
  try {
    dirMemo = build();
  } catch (e) {
    // e.g. esbuild (installed with tsx) missing: the tests still run, through tsx as before
    process.stderr.write(`test/support/spawn.ts: ${(e as Error).message}; starting the CLI and server through tsx\n`);
    dirMemo = null;
  }
  return dirMemo;
}

function build(): string {
  const h = crypto.createHash('sha256').update(sourceHash());
  for (const f of ['package-lock.json', 'tsconfig.json', BUILD_SCRIPT, path.join(ROOT, 'scripts', 'build-server.mjs'), path.join(ROOT, 'test', 'support', 'cli-entry.ts')]) h.update(fs.readFileSync(path.resolve(ROOT, f)));
  const dir = path.join(ROOT, 'test-results', `entries-${h.digest('hex').slice(0, 16)}`);
  const ready = () => fs.existsSync(path.join(dir, 'cli.mjs'));
  if (!ready()) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    // one process builds; the others (test files start two at a time) wait for it
    const lock = `${dir}.lock`;
    let mine = false;
    try {
      fs.mkdirSync(lock);
      mine = true;
    } catch {
      const until = Date.now() + 180_000;
      while (!ready() && fs.existsSync(lock) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
    if (!ready()) {
      const r = spawnSync(process.execPath, [BUILD_SCRIPT, dir], { cwd: ROOT, encoding: 'utf8' });
      if (mine) fs.rmSync(lock, { recursive: true, force: true });
      if (r.status !== 0 || !ready()) throw new Error(`building the test entries failed: ${r.stderr || r.error}`);
    } else if (mine) {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    removeStale(path.dirname(dir), /^entries-[0-9a-f]{16}(\.lock)?$/, dir);
  }
  return dir;
}

/** Node arguments that run the CLI (`gongkai …`): append the command's own arguments. */
export function cliArgs(): string[] {
  const dir = buildDir();
  return dir ? [path.join(dir, 'cli.mjs')] : ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts')];
}

/** Node arguments that run the server (`npm start`, src/main.ts). */
export function serverArgs(): string[] {
  const dir = buildDir();
  return dir ? [path.join(dir, 'main.mjs')] : ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')];
}
