// A node:test reporter (TEST_TIMES=1, scripts/test.mjs): the time of each test file — the sum of
// its top-level tests and suites (their hooks included) — the slowest first, then per kind of
// file (test/e2e, test/web, test/db, test/*.test.ts, src) and in total. Times are wall-clock
// inside the file's process, so they include waiting on the other process running beside it.
import fs from 'node:fs';

export default async function* timesReporter(source) {
  const perFile = new Map();
  // bundled runs (scripts/test.mjs): a test file's chunk is named by its source; shared chunks
  // (helpers and the app) count as helpers
  const sources = readSources();
  const bundled = (f) => (sources && f.startsWith(process.env.GONGKAI_TEST_BUNDLE_DIR) ? sources[f] ?? null : f);
  // a suite declared by a helper (forEachDialect in test/support/db.ts) counts for the file its
  // tests are written in: the file of its last test reported before it
  const helper = (f) => f === null || /(^|\/)test\/support\//.test(f);
  let lastInner = null;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (!event.data.file) continue;
    const own = bundled(event.data.file.replace(/^file:\/\//, ''));
    if (event.data.nesting > 0) {
      if (!helper(own)) lastInner = own;
      continue;
    }
    const file = helper(own) && lastInner ? lastInner : own ?? event.data.file;
    const ms = event.data.details?.duration_ms ?? 0;
    perFile.set(file, (perFile.get(file) ?? 0) + ms);
  }
  const root = process.cwd() + '/';
  const rows = [...perFile].map(([f, ms]) => [f.startsWith(root) ? f.slice(root.length) : f, ms]).sort((a, b) => b[1] - a[1]);
  const kind = (f) => (f.startsWith('src/') ? 'src (unit)' : /^test\/[^/]+$/.test(f) ? 'test/*.test.ts (CLI, processes)' : f.split('/').slice(0, 2).join('/'));
  const kinds = new Map();
  for (const [f, ms] of rows) {
    const k = kinds.get(kind(f)) ?? { ms: 0, n: 0 };
    k.ms += ms;
    k.n++;
    kinds.set(kind(f), k);
  }
  const s = (ms) => (ms / 1000).toFixed(1).padStart(7);
  let out = '── 每个测试文件的用时（秒，最慢的在前）──\n';
  for (const [f, ms] of rows) out += `${s(ms)}  ${f}\n`;
  out += '── 按类别 ──\n';
  for (const [k, v] of [...kinds].sort((a, b) => b[1].ms - a[1].ms)) out += `${s(v.ms)}  ${k}（${v.n} 个文件）\n`;
  out += `${s(rows.reduce((a, r) => a + r[1], 0))}  合计（各文件用时之和，两个进程并行）\n`;
  yield out;
}

function readSources() {
  const dir = process.env.GONGKAI_TEST_BUNDLE_DIR;
  if (!dir) return null;
  try {
    return JSON.parse(fs.readFileSync(`${dir}/sources.json`, 'utf8'));
  } catch {
    return null;
  }
}
