// npm run bench:search [-- --scales 100k,1910k --http-seconds 10 --bench-dir ../shared/bench]
//   [--startup-sqlite FILE] [--startup-pg URL --startup-pg-schema S] [--startup-only]
// With --startup-*: start-up of the whole app at that database's scale, with and without the index
// snapshot, CPU seconds and RSS after start-up (scripts/bench-search-startup.mts) — first.
// Builds the deterministic corpus of the shared search benchmark (its generator, copied to a
// scratch folder) at 100,000 and 1,910,000 service items, runs the 1,000-query mix and prints, per
// scale: index build time, peak RSS, p50/p95/p99 top-10 latency, exact-name-in-top-3 and on-intent
// hit@10 per query kind — for Gongkai's embedded index and, in the same run, for two peers on the
// same corpus: a plain substring scan and FlexSearch with jieba tokens. No result cache is used
// while timing (the index has none). Then HTTP requests per second on GET /api/v1/search.
// The query file is only read to run and score the queries; the synonym dictionary is the general
// one in src/modules/search/dictionary.ts plus the items' own keywords.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MemoryIndex } from '../src/platform/search/memory-index.ts';
import type { SearchDoc } from '../src/platform/search/search-port.ts';
import { synonymMap } from '../src/modules/search/synonyms.ts';
import { GENERAL_SYNONYMS } from '../src/modules/search/dictionary.ts';
import { generateCorpus } from './bench-env.mts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: {
  scales: { type: 'string', default: '100k,1910k' },
  'bench-dir': { type: 'string', default: path.join(here, '..', '..', 'shared', 'bench') },
  data: { type: 'string', default: path.join(os.tmpdir(), 'gongkai-bench-search') },
  peers: { type: 'string', default: 'naive,flexsearch' },
  'http-seconds': { type: 'string', default: '10' },
  passes: { type: 'string', default: '3' },
  'http-only': { type: 'boolean', default: false },
  // start-up at province scale (issue 24): a SQLite file and/or a PostgreSQL URL (+ schema) already holding the items
  'startup-sqlite': { type: 'string' },
  'startup-pg': { type: 'string' },
  'startup-pg-schema': { type: 'string' },
  'startup-only': { type: 'boolean', default: false },
  serve: { type: 'string' },
} });

interface Item { id: string; name: string; keywords: string[]; department: string; regionCode: string; channels: string[]; visits: number }
interface Query { id: string; q: string; kind: string; targets: string[]; expectName?: string }

const now = () => Number(process.hrtime.bigint()) / 1e6;
const mb = (b: number) => Math.round(b / 1048576);
const pct = (a: number[], p: number) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number; };

// ---------------------------------------------------------------- corpus
function ensureCorpus(items: number): string {
  const label = items >= 1_000_000 ? `${Math.round(items / 1000)}k` : `${items / 1000}k`;
  const file = path.join(args.data, 'data', `items-${label}.jsonl`);
  if (fs.existsSync(file)) return file;
  generateCorpus(args['bench-dir'], path.join(args.data, 'data'), items);
  return file;
}

async function loadItems(file: string): Promise<Item[]> {
  const intern = new Map<string, string>();
  const I = (s: string) => { let r = intern.get(s); if (r === undefined) { intern.set(s, s); r = s; } return r; };
  const out: Item[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const it = JSON.parse(line) as Item;
    out.push({ id: it.id, name: I(it.name), keywords: it.keywords.map(I), department: I(it.department), regionCode: I(it.regionCode), channels: it.channels.map(I), visits: it.visits ?? 0 });
  }
  return out;
}

export function toDoc(it: Item): SearchDoc {
  return { type: 'item', id: it.id, title: it.name, keywords: it.keywords, dept: it.department, regionCode: it.regionCode, channels: it.channels, popularity: it.visits };
}

// ---------------------------------------------------------------- engines
interface Engine { name: string; build(items: Item[]): Promise<void> | void; search(q: string, k: number): number[] }

function gongkai(): Engine {
  const idx = new MemoryIndex();
  let ordOf = new Map<string, number>();
  return {
    name: 'gongkai',
    build(items) {
      idx.setSynonyms(synonymMap(GENERAL_SYNONYMS.map((g) => [...g])));
      ordOf = new Map(items.map((it, i) => [it.id, i]));
      const B = 5000;
      for (let i = 0; i < items.length; i += B) idx.upsert(items.slice(i, i + B).map(toDoc));
      const st = idx.stats();
      console.error(`  gongkai: ${st.docs} docs in ${st.groups} text groups, ${st.phrases} phrases, ${st.tokens} tokens`);
    },
    search(q, k) { return idx.query({ q, limit: k, offset: 0 }).hits.map((h) => ordOf.get(h.id) as number); },
  };
}

function naive(): Engine {
  let D: Item[] = [];
  let kw: string[] = [];
  return {
    name: 'substring scan',
    build(items) { D = items; kw = items.map((it) => it.keywords.join(' ')); },
    search(q, k) {
      const parts = q.toLowerCase().split(/\s+/).filter(Boolean);
      if (!parts.length) return [];
      const whole = parts.join('');
      const top: [number, number][] = [];
      for (let i = 0; i < D.length; i++) {
        const it = D[i] as Item;
        const nm = it.name;
        let score = 0;
        for (const p of parts.length === 1 ? [whole] : parts) {
          const s = nm === p ? 1000 : nm.startsWith(p) ? 600 : nm.includes(p) ? 400 : (kw[i] as string).includes(p) ? 200 : it.department.includes(p) ? 50 : 0;
          if (!s) { score = 0; break; }
          score += s;
        }
        if (!score) continue;
        score -= nm.length * 0.5;
        if (top.length < k || score > (top[top.length - 1] as [number, number])[0]) {
          top.push([score, i]);
          top.sort((a, b) => b[0] - a[0]);
          if (top.length > k) top.pop();
        }
      }
      return top.map((x) => x[1]);
    },
  };
}

async function flex(): Promise<Engine> {
  const require = createRequire(import.meta.url);
  const { Document } = require('flexsearch') as { Document: new (o: unknown) => { add(d: unknown): void; search(q: string, o: unknown): { field: string; result: number[] }[] } };
  const { indexTokens } = await import('../src/platform/search/analyzer.ts');
  let idx: InstanceType<typeof Document> | null = null;
  const order: Record<string, number> = { name: 0, kw: 1, dept: 2 };
  const merge = (res: { field: string; result: number[] }[], k: number) => {
    res.sort((a, b) => (order[a.field] as number) - (order[b.field] as number));
    const out: number[] = []; const seen = new Set<number>();
    for (const f of res) for (const id of f.result) if (!seen.has(id)) { seen.add(id); out.push(id); if (out.length >= k) return out; }
    return out;
  };
  return {
    name: 'flexsearch+jieba',
    build(items) {
      idx = new Document({ document: { id: 'id', index: ['name', 'kw', 'dept'].map((field) => ({ field, tokenize: 'strict', encode: (s: string) => indexTokens(s) })) }, cache: false });
      items.forEach((it, i) => (idx as InstanceType<typeof Document>).add({ id: i, name: it.name, kw: it.keywords.join(' '), dept: it.department }));
    },
    search(q, k) {
      const i = idx as InstanceType<typeof Document>;
      let r = merge(i.search(q, { limit: k }), k);
      if (!r.length) r = merge(i.search(q, { limit: k, suggest: true }), k);
      return r;
    },
  };
}

// ---------------------------------------------------------------- one engine at one scale (child process)
async function runOne(engineName: string, file: string, queriesFile: string, passes: number): Promise<void> {
  const corpus: { items: Item[] } = { items: await loadItems(file) };
  const queries = fs.readFileSync(queriesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Query);
  const e = engineName === 'gongkai' ? gongkai() : engineName === 'naive' ? naive() : await flex();
  global.gc?.();
  const t0 = now();
  await e.build(corpus.items);
  const buildS = (now() - t0) / 1000;
  // relevance needs only names and keywords: keep those, let the item objects go (a smaller heap)
  const names = corpus.items.map((it) => it.name);
  const kws = corpus.items.map((it) => it.keywords.join(' ').toLowerCase());
  const nItems = corpus.items.length;
  if (engineName !== 'naive') corpus.items = [];
  global.gc?.();
  for (let i = 0; i < 100; i++) e.search((queries[i] as Query).q, 10);
  const stats: { p50: number; p95: number; p99: number }[] = [];
  let results: number[][] = [];
  let lat: number[] = [];
  let capped = false;
  for (let p = 0; p < passes && !capped; p++) {
    const passLat: number[] = [];
    const passRes: number[][] = [];
    const start = now();
    for (const q of queries) {
      const t = now();
      passRes.push(e.search(q.q, 10));
      passLat.push(now() - t);
      if (now() - start > 300_000) { capped = true; break; }
    }
    stats.push({ p50: pct(passLat, 50), p95: pct(passLat, 95), p99: pct(passLat, 99) });
    if (p === 0) { results = passRes; lat = passLat; }
  }
  const med = (k: 'p50' | 'p95' | 'p99') => { const v = stats.map((x) => x[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)] as number; };
  const byKind: Record<string, { n: number; hit: number }> = {};
  let exact = 0; let exactN = 0;
  const nameSet = new Set(names);
  results.forEach((res, i) => {
    const q = queries[i] as Query;
    const k = (byKind[q.kind] ??= { n: 0, hit: 0 });
    k.n++;
    const targets = q.targets.map((t) => t.toLowerCase());
    if (res.some((ix) => { const nm = (names[ix] as string).toLowerCase(); const kw = kws[ix] as string; return targets.some((t) => nm.includes(t) || kw.includes(t)); })) k.hit++;
    if (q.kind === 'exact' && q.expectName && nameSet.has(q.expectName)) { exactN++; if (res.slice(0, 3).some((ix) => names[ix] === q.expectName)) exact++; }
  });
  const slowest = lat.map((ms, i) => ({ q: (queries[i] as Query).q, kind: (queries[i] as Query).kind, ms: +ms.toFixed(1) })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  process.send?.({ engine: e.name, items: nItems, buildS, peakRssMB: mb(process.resourceUsage().maxRSS * 1024), p50: med('p50'), p95: med('p95'), p99: med('p99'), passes: stats.length, timed: results.length, capped, exactTop3: exactN ? exact / exactN : null, byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v.hit / v.n])), slowest });
}

interface Row { engine: string; items: number; passes: number; buildS: number; peakRssMB: number; p50: number; p95: number; p99: number; timed: number; capped: boolean; exactTop3: number | null; byKind: Record<string, number>; slowest: unknown[] }

function child(engine: string, file: string, queriesFile: string, passes: number): Promise<Row> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), ['--serve', JSON.stringify({ engine, file, queriesFile, passes })], { execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=12000'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let row: Row | null = null;
    c.on('message', (m) => { row = m as Row; });
    c.on('exit', (code) => (row ? resolve(row) : reject(new Error(`${engine} exited with ${code}`))));
  });
}

const pc = (x: number | null | undefined) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
const KINDS = ['exact', 'partial', 'abbrev', 'multi', 'pinyin_full', 'pinyin_initials', 'typo', 'common2'];

async function main(): Promise<void> {
  const queriesFile = path.join(args['bench-dir'], 'queries', 'public.jsonl');
  const engines = ['gongkai', ...args.peers.split(',').filter(Boolean)];
  console.log(`bench:search — ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine slows every engine alike)`);
  const startupTargets = [
    ...(args['startup-sqlite'] ? [{ label: 'SQLite', sqlite: path.resolve(args['startup-sqlite']) }] : []),
    ...(args['startup-pg'] ? [{ label: 'PostgreSQL', pg: args['startup-pg'], ...(args['startup-pg-schema'] ? { schema: args['startup-pg-schema'] } : {}) }] : []),
  ];
  if (startupTargets.length) {
    const { startupBench } = await import('./bench-search-startup.mts');
    await startupBench(startupTargets, queriesFile);
  }
  if (args['startup-only']) return;
  if (!args['http-only']) for (const scale of args.scales.split(',')) {
    const n = scale.endsWith('k') ? Number(scale.slice(0, -1)) * 1000 : Number(scale);
    const file = ensureCorpus(n);
    console.log(`\n## ${n.toLocaleString('en')} items`);
    console.log('| engine | passes | build s | peak RSS MB | p50 ms | p95 ms | p99 ms | exact in top 3 | ' + KINDS.join(' | ') + ' | timed |');
    console.log('|---|---|---|---|---|---|---|---|' + KINDS.map(() => '---|').join('') + '---|');
    for (const e of engines) {
      // the shared harness's method: 100 warm-up queries, then timed passes, median of the per-pass figures
      // (the flat substring scan gets one pass at province scale: it takes minutes)
      const r = await child(e, file, queriesFile, e === 'naive' && n >= 1_000_000 ? 1 : Number(args.passes));
      console.log(`| ${r.engine} | ${r.passes} | ${r.buildS.toFixed(1)} | ${r.peakRssMB} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${pc(r.exactTop3)} | ${KINDS.map((k) => pc(r.byKind[k])).join(' | ')} | ${r.timed}${r.capped ? ' (capped)' : ''} |`);
      if (e === 'gongkai') console.error(`  slowest: ${JSON.stringify(r.slowest)}`);
    }
  }
  const secs = Number(args['http-seconds']);
  if (secs > 0) {
    const { httpBench } = await import('./bench-search-http.mts');
    // over HTTP at the largest scale of the run: the server's start-up includes building the index from the database
    const largest = Math.max(...args.scales.split(',').map((sc) => (sc.endsWith('k') ? Number(sc.slice(0, -1)) * 1000 : Number(sc))));
    await httpBench({ itemsFile: ensureCorpus(largest), queriesFile, seconds: secs });
  }
}

if (args.serve) {
  const o = JSON.parse(args.serve) as { engine: string; file: string; queriesFile: string; passes: number };
  await runOne(o.engine, o.file, o.queriesFile, o.passes);
  process.exit(0);
} else await main();
