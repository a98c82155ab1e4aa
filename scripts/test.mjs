// Runs every test file with node's test runner (TypeScript bundled by esbuild, or through tsx with
// TEST_BUNDLE=0: see bundleEntries below), says plainly which
// database and browser tests are skipped and why, and ends with "N passed, N failed".
// REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 (set by .ci/run) turn a skip into a failure.
//
// Test processes: starting one costs CPU (loading the app's modules: about 4 s through tsx, 1 s
// bundled; the first app's compiled schemas), paid once per process. So test files run a few to a process — a group file in
// test-results/groups-<pid>/ imports them one after the other, so their tests run in order, one
// file after the other, as they would alone (see KINDS below). TEST_GROUP_SIZE=1 runs every file
// in its own process as before.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filter = process.argv.slice(2);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

let files = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'test'))].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));

const notes = [];
if (!process.env.TEST_DATABASE_URL) {
  notes.push('PostgreSQL：未设置 TEST_DATABASE_URL，数据库测试只在 SQLite 上运行，跳过 PostgreSQL（例：TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_test）');
  if (process.env.REQUIRE_POSTGRES === '1') {
    console.error('错误：REQUIRE_POSTGRES=1 但没有 TEST_DATABASE_URL');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
// the browser: CHROMIUM_PATH, else Debian's chromium-headless-shell (much less CPU per journey than
// full Chromium's headless mode: test/support/browser.ts), else /usr/bin/chromium; handed to the tests
const chromium = process.env.CHROMIUM_PATH || ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium'].find((p) => fs.existsSync(p)) || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  notes.push(`浏览器测试：找不到 Chromium（${chromium}），跳过浏览器测试（apt-get install chromium-headless-shell fonts-noto-cjk）`);
  if (process.env.REQUIRE_BROWSER === '1') {
    console.error(`错误：REQUIRE_BROWSER=1 但找不到 ${chromium}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
for (const n of notes) console.log(`⚠ ${n}`);

fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
// one summary file per run: two runs in one worktree must not read (or delete) each other's
const summaryFile = `test-results/summary-${process.pid}.json`;
fs.rmSync(path.join(root, summaryFile), { force: true });
const timesFile = `test-results/times-${process.pid}.txt`;

const GROUP_SIZE = Math.max(1, Number(process.env.TEST_GROUP_SIZE ?? 8) || 8);
// test processes at a time (TEST_CONCURRENCY, default 3: on this 2-core machine the processes wait on
// Chromium, PostgreSQL and child processes — a full run measured 624 s with 2, 596 s with 3, 624 s with 4)
const CONCURRENCY = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? 3) || 3);
const rel = (f) => path.relative(root, f).split(path.sep).join('/');
// Kinds of test file, in the order they start (the longest work first, so none is left for the
// end): the screenshot sweep and the SIGKILL/two-process tests alone; browser journeys four to a
// process (each still starts its own browser and server); unit, database and HTTP tests GROUP_SIZE
// to a process; CLI tests alone, last: many short processes that fill the end of the run while the
// last groups finish. (node --test sorts the files it is given by path: every process is therefore
// an entry in groupDir named by its place in this order — see entries below.)
const KINDS = [
  { test: (f) => /^test\/e2e\/screenshots\./.test(f), size: 1 },
  { test: (f) => /^test\/(import-kill[^/]*|cluster)\.test\.ts$/.test(f), size: 1 },
  { test: (f) => BY_DIALECT.test(f), size: 1 },
  { test: (f) => /^test\/e2e\//.test(f), size: Math.min(4, GROUP_SIZE) },
  // CLI tests: their time is the CLI processes they start (grouping four measured 57.2 → 56.9 s CPU);
  // the files at test/ that start no process (zip guard, strings…) go with the unit tests, but
  // assistant-rephrase: its 500 ms timeouts fire when the next file of a group loads meanwhile
  { test: (f) => /^test\/[^/]+$/.test(f) && (startsProcesses(f) || /assistant-rephrase/.test(f)), size: 1, last: true },
  { test: () => true, size: GROUP_SIZE },
];
// The longest database files run as one process per dialect when TEST_DATABASE_URL is set — both
// dialects still run, side by side instead of one after the other (GONGKAI_TEST_DIALECTS, read by
// test/support/db.ts). TEST_SPLIT_DIALECTS=0 runs each as one process for both, as before.
const BY_DIALECT = /^test\/(import-kill[^/]*|web\/scope-matrix\.web|web\/fuzz\.web|web\/openapi-enums\.web)\.test\.ts$/;
const splitDialects = Boolean(process.env.TEST_DATABASE_URL) && process.env.TEST_SPLIT_DIALECTS !== '0' && !process.env.GONGKAI_TEST_DIALECTS;
/** Whether a test file starts CLI or server processes (child_process, or the spawn.ts fixture). */
function startsProcesses(f) {
  return /node:child_process|support\/spawn\.ts/.test(fs.readFileSync(path.join(root, f), 'utf8'));
}
const groupDir = path.join(root, 'test-results', `groups-${process.pid}`);
// each process: one test file, or a group of files (written to groupDir only when the run starts)
const processes = [];
const lastProcesses = [];
const taken = new Set();
for (const kind of KINDS) {
  const mine = files.map(rel).filter((f) => !taken.has(f) && kind.test(f));
  for (const f of mine) taken.add(f);
  const into = kind.last ? lastProcesses : processes;
  for (let i = 0; i < mine.length; i += kind.size) {
    const part = mine.slice(i, i + kind.size);
    if (splitDialects && part.length === 1 && BY_DIALECT.test(part[0])) {
      for (const dialect of ['postgres', 'sqlite']) into.push(Object.assign([...part], { dialect }));
    } else into.push(part);
  }
}
processes.push(...lastProcesses);
// one process: its file itself; several: every one an entry named by its place (node --test sorts)
const direct = (part) => processes.length === 1 && part.length === 1 && !part.dialect;
if (process.env.TEST_LIST === '1') {
  // TEST_LIST=1: print the processes and their files, run nothing
  processes.forEach((part, i) => console.log(direct(part) ? part[0] : `${rel(path.join(groupDir, groupName(i, part)))}\n  ${part.join('\n  ')}`));
  process.exit(0);
}
function groupName(index, part) {
  return `${String(index).padStart(3, '0')}-${path.basename(part[0]).replace(/\.test\.tsx?$/, '')}${part.dialect ? `-${part.dialect}` : ''}.test.mjs`;
}
if (processes.some((part) => !direct(part))) fs.mkdirSync(groupDir, { recursive: true });
const entries = processes.map((part, index) => {
  if (direct(part)) return part[0];
  const name = groupName(index, part);
  // a file of one dialect: the setting is made before the file (and test/support/db.ts) is loaded
  const only = part.dialect ? `process.env.GONGKAI_TEST_DIALECTS = ${JSON.stringify(part.dialect)};\n` : '';
  const body = only + part.map((f) => `await import(${JSON.stringify(path.relative(groupDir, path.join(root, f)).split(path.sep).join('/'))});`).join('\n');
  fs.writeFileSync(path.join(groupDir, name), `// ${part.dialect ? `${part[0]} on ${part.dialect} only` : `${part.length} test file${part.length > 1 ? 's' : ''} in one process`} (scripts/test.mjs)\n${body}\n`);
  return rel(path.join(groupDir, name));
});
// The test processes run a bundle of the entries above (TEST_BUNDLE=0: through tsx as before).
// Under tsx every process loads some seven hundred TypeScript modules through tsx's loader thread:
// about 3 s of CPU before the first test (an app-building test measured 7.1 s of CPU under tsx
// and 4.0 s bundled). esbuild — tsx's own transpiler — bundles every entry once per run (splitting:
// each test file and the code they share are chunks; packages stay in node_modules), in a few
// seconds, into test-results/bundle-<pid>/.
const bundleDir = path.join(root, 'test-results', `bundle-${process.pid}`);
// every test process first loads test/support/test-process.mjs (Node's per-promise test tracking off)
const preload = ['--import', './test/support/test-process.mjs'];
let run = { entries, loader: [...preload, '--import', 'tsx'] };
if (process.env.TEST_BUNDLE !== '0') {
  try {
    run = { entries: await bundleEntries(entries), loader: preload };
  } catch (e) {
    console.log(`⚠ 打包测试失败，改用 tsx 运行：${e?.message ?? e}`);
    fs.rmSync(bundleDir, { recursive: true, force: true });
  }
}

/**
 * Bundles the test entries (relative to the checkout) into bundleDir; returns the bundled entries.
 * Every `import.meta.url` in the sources becomes the URL of the module's own source file (as
 * scripts/build-server.mjs does for the server), so fixtures, views, seed data and migrations
 * resolve as under tsx; tests that start `node --import tsx …` themselves still do so.
 */
async function bundleEntries(list) {
  const esbuild = await import('esbuild');
  const { pathToFileURL } = await import('node:url');
  const nodeModules = path.join(root, 'node_modules') + path.sep;
  const built = await esbuild.build({
    metafile: true,
    absWorkingDir: root,
    entryPoints: list,
    outbase: root,
    outdir: bundleDir,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    packages: 'external',
    logLevel: 'error',
    plugins: [{
      name: 'own-import-meta-url',
      setup(b) {
        b.onLoad({ filter: /\.tsx?$/ }, (a) => {
          if (a.path.startsWith(nodeModules)) return undefined;
          const text = fs.readFileSync(a.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href));
          return { contents: text, loader: a.path.endsWith('.tsx') ? 'tsx' : 'ts', resolveDir: path.dirname(a.path) };
        });
      },
    }],
  });
  // each test file's chunk → its source (scripts/times-reporter.mjs reads it)
  const sources = {};
  for (const [out, o] of Object.entries(built.metafile.outputs)) if (o.entryPoint) sources[path.resolve(root, out)] = o.entryPoint;
  fs.writeFileSync(path.join(bundleDir, 'sources.json'), JSON.stringify(sources));
  return list.map((f) => rel(path.join(bundleDir, f.replace(/\.(tsx?|mjs)$/, '.mjs'))));
}

const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    ...run.loader,
    '--test',
    `--test-concurrency=${CONCURRENCY}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/count-reporter.mjs', `--test-reporter-destination=./${summaryFile}`,
    // TEST_TIMES=1: each file's time, the slowest first, written to test-results/times-<pid>.txt
    ...(process.env.TEST_TIMES === '1' ? ['--test-reporter=./scripts/times-reporter.mjs', `--test-reporter-destination=./${timesFile}`] : []),
    ...run.entries,
  ],
  { cwd: root, stdio: 'inherit', env: {
    ...process.env,
    NODE_ENV: 'test',
    CHROMIUM_PATH: chromium,
    // the bundle's folder: scripts/times-reporter.mjs names each test file by its source
    ...(run.loader.includes('tsx') ? {} : { GONGKAI_TEST_BUNDLE_DIR: bundleDir }),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    // argon2 with 1 MiB and one pass in test processes only (src/platform/auth/password.ts; =0 for OWASP's)
    GONGKAI_TEST_ARGON2_CHEAP: process.env.GONGKAI_TEST_ARGON2_CHEAP ?? '1',
  } },
);

fs.rmSync(groupDir, { recursive: true, force: true });
fs.rmSync(bundleDir, { recursive: true, force: true });
let summary = { passed: 0, failed: 0, skipped: 0 };
try {
  summary = JSON.parse(fs.readFileSync(path.join(root, summaryFile), 'utf8'));
  fs.rmSync(path.join(root, summaryFile), { force: true });
} catch {
  summary.failed = Math.max(1, summary.failed);
}
if (process.env.TEST_TIMES === '1' && fs.existsSync(path.join(root, timesFile))) {
  console.log(fs.readFileSync(path.join(root, timesFile), 'utf8').trimEnd());
  console.log(`（也写在 ${timesFile}）`);
}
for (const n of notes) console.log(`⚠ ${n}`);
console.log(`测试用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒，${files.length} 个测试文件（${entries.length} 个进程）`);
const failed = summary.failed + (result.status !== 0 && summary.failed === 0 ? 1 : 0);
console.log(`${summary.passed} passed, ${failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
