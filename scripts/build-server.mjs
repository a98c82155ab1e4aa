// `npm start` runs this first (ADR 0004): the server (src/main.ts) bundled into plain JavaScript
// by esbuild — the transpiler tsx itself uses — so the server process carries no TypeScript loader,
// no per-module source maps and no transpiled copies of the sources (≈ 70 MB RSS a process, issue
// 24 §2). The output goes to dist/server-<hash of the sources>/ (main.mjs plus chunks loaded on
// first use, e.g. exceljs and docx); dist/main.mjs is a one-line entry naming the current build.
// A build whose sources did not change is reused (start-up costs one hash of the sources).
//
// Every `import.meta.url` in src/ is rewritten to the URL of the module's own source file (relative
// to the bundle, so the checkout may move), so views, static assets, calendar data, seed files
// and the search snapshot's version (a hash of the index's source files) resolve exactly as when
// the sources run through tsx: a snapshot written under tsx is loaded by the built server and the
// other way round. Packages that load native code or worker files stay in node_modules.
//
// Several processes starting at once (cluster) each build into a temporary folder and rename it
// into place; a folder already there is kept (same sources, same output). Builds other than the
// current one are removed once a day old (a still-running older process may load a chunk late).
//
//   node scripts/build-server.mjs           build if needed, write dist/main.mjs, print its path
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const SELF = fileURLToPath(import.meta.url);
const KEEP_OLD_MS = 24 * 3600_000;
/**
 * Node flags of the server process, as package.json's start script passes them (ADR 0004; a test
 * checks the two agree): after a full collection the old generation may grow by a quarter of its live
 * size before the next one (V8's own factor lets it grow up to 4× with garbage under steady traffic,
 * and a busy server is never idle long enough for V8's memory reducer to give the room back). Issue 24
 * §2, ADR 0002: at 1.91 M items the soak's server committed ≈ 30 MB less heap than with 50 % at the
 * start of measurement, the rest of its memory unchanged (the committed heap still creeps up). A
 * smaller young generation (`--max-semi-space-size=8`) saved ≈ 15 MB more but doubled the search's
 * CPU a request under saturation (in-flight objects promoted, then full collections of the index's
 * heap) and was left out. The benches that measure a server's memory use the same flags.
 */
export const SERVER_NODE_FLAGS = ['--heap-growing-percent=25'];

/** A hash of everything the bundle is made from. */
function sourceHash() {
  const h = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(ts|tsx|json)$/.test(e.name)) h.update(path.relative(ROOT, p)).update('\0').update(fs.readFileSync(p)).update('\0');
    }
  };
  for (const d of ['src', 'migrations']) walk(path.join(ROOT, d));
  for (const f of ['package-lock.json', 'tsconfig.json']) {
    try { h.update(f).update(fs.readFileSync(path.join(ROOT, f))); } catch { h.update(`${f}: none`); }
  }
  h.update(fs.readFileSync(SELF));
  return h.digest('hex').slice(0, 16);
}

/**
 * Bundles `entryPoints` (name → file relative to the checkout) into `outdir`, which must lie inside
 * the checkout (packages left external resolve from node_modules above it). Also used by
 * bench:soak to run its server process as production does.
 */
export async function bundle(entryPoints, outdir) {
  const esbuild = await import('esbuild');
  const srcDir = path.join(ROOT, 'src') + path.sep;
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    external: ['better-sqlite3', '@node-rs/*', 'pg-native', 'pino', 'pino-*', 'thread-stream', 'esbuild', 'tsx'],
    // bundled CommonJS packages call require(): give the ES module one
    banner: { js: "import { createRequire as __gkCreateRequire } from 'node:module'; const require = __gkCreateRequire(import.meta.url);" },
    logLevel: 'error',
    plugins: [{
      name: 'own-import-meta-url',
      setup(b) {
        b.onLoad({ filter: /\.tsx?$/ }, (a) => {
          if (!a.path.startsWith(srcDir)) return undefined;
          // the chunk holding this module lies in outdir: its source file is this far from there
          const rel = path.relative(outdir, a.path).split(path.sep).join('/');
          const text = fs.readFileSync(a.path, 'utf8').replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
          return { contents: text, loader: a.path.endsWith('.tsx') ? 'tsx' : 'ts', resolveDir: path.dirname(a.path) };
        });
      },
    }],
  });
}

/** Builds (unless this version is there) and points dist/main.mjs at it; returns dist/main.mjs. */
export async function buildServer() {
  const name = `server-${sourceHash()}`;
  const dir = path.join(DIST, name);
  fs.mkdirSync(DIST, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'main.mjs'))) {
    const tmp = path.join(DIST, `.${name}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
    try {
      await bundle({ main: 'src/main.ts' }, tmp);
      try {
        fs.renameSync(tmp, dir);
      } catch (e) {
        // another process built the same version first
        if (!fs.existsSync(path.join(dir, 'main.mjs'))) throw e;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const entry = path.join(DIST, 'main.mjs');
  // The entry leaves a mark of its process in the build it runs, so that a later build never
  // removes a build a running process may still load a chunk from (see removeOldBuilds).
  const want = `// written by scripts/build-server.mjs: the current build of src/main.ts\n`
    + `import fs from 'node:fs';\n`
    + `try { fs.writeFileSync(new URL('./${name}/${PID_MARK}' + process.pid, import.meta.url), ''); } catch { /* a read-only checkout */ }\n`
    + `await import('./${name}/main.mjs');\n`;
  let have = null;
  try { have = fs.readFileSync(entry, 'utf8'); } catch { /* none yet */ }
  if (have !== want) {
    const tmpEntry = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(tmpEntry, want);
    fs.renameSync(tmpEntry, entry);
  }
  removeOldBuilds(name);
  return entry;
}

/** The file name prefix (then a pid) of the mark dist/main.mjs leaves in the build it runs. */
const PID_MARK = '.running-';

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e?.code === 'EPERM'; }
}

/**
 * Removes builds other than `current` once they are a day old and no process still running them is
 * alive (a server started days ago loads chunks — docx, exceljs, forms' validation — on first use).
 */
function removeOldBuilds(current) {
  const now = Date.now();
  for (const e of fs.readdirSync(DIST)) {
    if (e === current || !/^(server-[0-9a-f]{16}|(soak|startup)-\d+|bench-\d+-[\w-]+|\.server-.*\.tmp)$/.test(e)) continue;
    const dir = path.join(DIST, e);
    try {
      if (now - fs.statSync(dir).mtimeMs <= KEEP_OLD_MS) continue;
      const running = fs.readdirSync(dir).filter((f) => f.startsWith(PID_MARK)).map((f) => Number(f.slice(PID_MARK.length)));
      if (running.some((pid) => Number.isInteger(pid) && pid > 0 && alive(pid))) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch { /* removed by another process */ }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  try {
    await buildServer();
  } catch (e) {
    console.error(`无法构建服务器程序（scripts/build-server.mjs）：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
