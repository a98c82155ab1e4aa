// Runs every test file with node's test runner (TypeScript through tsx), says plainly which
// database and browser tests are skipped and why, and ends with "N passed, N failed".
// REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 (set by .ci/run) turn a skip into a failure.
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
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  notes.push(`浏览器测试：找不到 Chromium（${chromium}），跳过浏览器测试（apt-get install chromium fonts-noto-cjk）`);
  if (process.env.REQUIRE_BROWSER === '1') {
    console.error(`错误：REQUIRE_BROWSER=1 但找不到 ${chromium}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
for (const n of notes) console.log(`⚠ ${n}`);

fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
fs.rmSync(path.join(root, 'test-results/summary.json'), { force: true });
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/count-reporter.mjs', '--test-reporter-destination=./test-results/summary.json',
    ...files.map((f) => path.relative(root, f)),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);

let summary = { passed: 0, failed: 0, skipped: 0 };
try {
  summary = JSON.parse(fs.readFileSync(path.join(root, 'test-results/summary.json'), 'utf8'));
} catch {
  summary.failed = Math.max(1, summary.failed);
}
for (const n of notes) console.log(`⚠ ${n}`);
console.log(`测试用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒，${files.length} 个测试文件`);
const failed = summary.failed + (result.status !== 0 && summary.failed === 0 ? 1 : 0);
console.log(`${summary.passed} passed, ${failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
