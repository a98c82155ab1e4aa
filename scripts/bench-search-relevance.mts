// npm run bench:search-relevance [-- --scales 100k,1910k --per 60 --seed 7 --bench-dir ../shared/bench]
// Multi-word relevance of the embedded index (issue 24 §4), measured on queries this script writes
// itself from the corpus's structure — never from the shared bench's query files: a place (a city,
// county or township, with or without its 市/县/区/镇/乡/街道) and a service, a service and an action
// (办理, 补办, 提取, 查询…), a question (怎么办理, 在哪里办, 需要什么材料…), a place + service +
// action, each with and without spaces. A service is an item's name or one of its colloquial keywords;
// a top-10 result is on intent when its name or keywords contain the service phrase or the name of an
// item that carries it (the shared bench's rule). The other kinds (exact, abbrev, pinyin, typo,
// common2…) are read from the shared bench's public query mix only to run and score them.
// Printed per scale: hit@10 per kind, with region names known to the index (a deployment with its
// region table) and without (the shared harness), and p50/p95/p99 of the multi-word queries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { synonymMap } from '../src/modules/search/synonyms.ts';
import { GENERAL_SYNONYMS } from '../src/modules/search/dictionary.ts';
import { generateCorpus, rng } from './bench-env.mts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: {
  scales: { type: 'string', default: '100k,1910k' },
  'bench-dir': { type: 'string', default: path.join(here, '..', '..', 'shared', 'bench') },
  data: { type: 'string', default: path.join(os.tmpdir(), 'gongkai-bench-search') },
  per: { type: 'string', default: '60' },
  seed: { type: 'string', default: '7' },
  show: { type: 'string', default: '0' },
  // another checkout's index module (e.g. main's, for a before/after comparison in one run)
  impl: { type: 'string', default: path.join(here, '..', 'src', 'platform', 'search', 'memory-index.ts') },
  // A/B in one process: this other index module is built too and both are timed in alternating CPU-time passes
  ab: { type: 'string' },
  rounds: { type: 'string', default: '5' },
  serve: { type: 'string' },
} });

interface Item { id: string; name: string; baseName: string; keywords: string[]; department: string; regionCode: string; regionName: string; level: string; channels: string[]; visits: number }
interface Query { q: string; kind: string; targets: string[] }

const now = () => Number(process.hrtime.bigint()) / 1e6;
const pct = (a: number[], p: number) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number; };

function ensureCorpus(items: number): string {
  const label = `${Math.round(items / 1000)}k`;
  const file = path.join(args.data, 'data', `items-${label}.jsonl`);
  if (!fs.existsSync(file)) generateCorpus(args['bench-dir'], path.join(args.data, 'data'), items);
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
    out.push({ id: it.id, name: I(it.name), baseName: I(it.baseName), keywords: it.keywords.map(I), department: I(it.department), regionCode: I(it.regionCode), regionName: I(it.regionName), level: I(it.level), channels: it.channels.map(I), visits: it.visits ?? 0 });
  }
  return out;
}

// ---------------------------------------------------------------- the held-out multi-word queries
const SUFFIX = /(市|县|区|镇|乡|街道)$/u;
const ACTIONS = ['办理', '申请', '查询', '补办', '提取', '变更', '注销', '申领', '打印', '预约', '续期', '咨询', '进度查询'];
const QUESTIONS: ((s: string, a: string) => string)[] = [
  (s) => `${s}怎么办理`, (s) => `${s}在哪里办`, (s) => `${s}需要什么材料`, (s) => `怎么办${s}`, (s) => `${s}去哪里办`,
  (s, a) => `${s}怎么${a}`, (s, a) => `如何${a}${s}`, (s) => `${s}要带什么`, (s) => `请问${s}在哪办理`, (s) => `${s}的流程是什么`,
];

/** Region names (by code) recovered from the corpus: an item's region path minus its parent's. */
function regionsOf(items: Item[]): { names: Map<string, string>; byLevel: Record<string, string[]> } {
  const pathOf = new Map<string, string>();
  for (const it of items) if (!pathOf.has(it.regionCode)) pathOf.set(it.regionCode, it.regionName);
  const names = new Map<string, string>();
  const byLevel: Record<string, string[]> = { city: [], county: [], township: [] };
  const parent = (code: string) => (code.endsWith('00000000') ? code.slice(0, 2) + '0'.repeat(10) : code.endsWith('000000') ? code.slice(0, 4) + '0'.repeat(8) : code.slice(0, 6) + '0'.repeat(6));
  for (const [code, p] of pathOf) {
    if (code.endsWith('0000000000')) continue;
    const level = code.endsWith('00000000') ? 'city' : code.endsWith('000000') ? 'county' : code.endsWith('000') ? 'township' : 'village';
    if (level === 'village') continue;
    const pp = level === 'city' ? '' : pathOf.get(parent(code));
    const name = pp !== undefined && p.startsWith(pp) ? p.slice(pp.length) : '';
    if ([...name].length < 2) continue;
    names.set(code, name);
    (byLevel[level] as string[]).push(name);
  }
  return { names, byLevel };
}

function heldOut(items: Item[], per: number, seed: number): Query[] {
  const rand = rng(seed);
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;
  const { byLevel } = regionsOf(items);
  const kwBases = new Map<string, Set<string>>();
  const bases = new Map<string, Set<string>>();
  for (const it of items) {
    let b = bases.get(it.baseName);
    if (!b) { b = new Set(); bases.set(it.baseName, b); }
    for (const k of it.keywords) {
      b.add(k);
      let s = kwBases.get(k);
      if (!s) { s = new Set(); kwBases.set(k, s); }
      s.add(it.baseName);
    }
  }
  // services: the items' colloquial keywords (most queries) or an item's base name; local items
  // named after a place ({c}人才公寓申请) are left out (their place would be the service)
  const placeNames = [...(byLevel.city as string[]), ...(byLevel.county as string[])];
  const baseList = [...bases.keys()].filter((b) => !placeNames.some((p) => b.startsWith(p)));
  const service = (): { s: string; targets: string[] } => {
    const b = pick(baseList);
    const kws = [...(bases.get(b) as Set<string>)];
    if (kws.length && rand() < 0.75) { const s = pick(kws); return { s, targets: [...(kwBases.get(s) as Set<string>), s] }; }
    return { s: b.replace(/（.*）$/u, ''), targets: [b.replace(/（.*）$/u, '')] };
  };
  // places as people write them: a township's name ends in 镇/乡/街道; the short form drops 市/县/区/镇/乡/街道
  const places: Record<string, string[]> = Object.fromEntries(Object.entries(byLevel).map(([l, ns]) => [l, ns.filter((n) => (l === 'township' ? /(镇|乡|街道)$/u : /(市|县|区)$/u).test(n) && !/开发区|园区|示范/u.test(n))]));
  const place = (level: string): string => { const n = pick(places[level] as string[]); const short = n.replace(SUFFIX, ''); return rand() < 0.5 && [...short].length >= 2 ? short : n; };
  const sep = () => (rand() < 0.6 ? ' ' : '');
  const out: Query[] = [];
  for (let i = 0; i < per; i++) {
    for (const level of ['city', 'county', 'township']) {
      const { s, targets } = service();
      const p = place(level);
      out.push({ q: rand() < 0.85 ? `${p}${sep()}${s}` : `${s}${sep()}${p}`, kind: `place_${level}`, targets });
    }
    { const { s, targets } = service(); const a = pick(ACTIONS); out.push({ q: rand() < 0.85 ? `${s}${sep()}${a}` : `${a}${sep()}${s}`, kind: 'service_action', targets }); }
    { const { s, targets } = service(); out.push({ q: pick(QUESTIONS)(s, pick(ACTIONS)), kind: 'question', targets }); }
    { const { s, targets } = service(); const sp = sep(); out.push({ q: `${place(pick(['city', 'county', 'township']))}${sp}${s}${sp}${pick(ACTIONS)}`, kind: 'place_service_action', targets }); }
  }
  return out.filter((q) => q.targets.length);
}

// ---------------------------------------------------------------- one scale (child process)
async function runOne(file: string): Promise<void> {
  const items = await loadItems(file);
  const per = Number(args.per);
  const queries = heldOut(items, per, Number(args.seed));
  const pubFile = path.join(args['bench-dir'], 'queries', 'public.jsonl');
  const pub = fs.existsSync(pubFile) ? fs.readFileSync(pubFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Query & { expectName?: string }) : [];
  const { names: regionByCode } = regionsOf(items);
  const { MemoryIndex } = await import(path.resolve(args.impl)) as typeof import('../src/platform/search/memory-index.ts');
  const idx = new MemoryIndex();
  idx.setSynonyms(synonymMap(GENERAL_SYNONYMS.map((g) => [...g])));
  const t0 = now();
  for (let i = 0; i < items.length; i += 5000) idx.upsert(items.slice(i, i + 5000).map((it) => ({ type: 'item', id: it.id, title: it.name, keywords: it.keywords, dept: it.department, regionCode: it.regionCode, channels: it.channels, popularity: it.visits })));
  const buildS = (now() - t0) / 1000;
  // the first query also learns the place names the documents teach (then at most every 5 s while they change)
  const tf = now();
  idx.query({ q: '合肥 公积金', limit: 10, offset: 0 });
  const firstMs = now() - tf;
  const names = items.map((it) => it.name.toLowerCase());
  const kws = items.map((it) => it.keywords.join(' ').toLowerCase());
  const ordOf = new Map(items.map((it, i) => [it.id, i]));
  items.length = 0;
  global.gc?.();
  const show = Number(args.show);
  const run = (qs: (Query & { expectName?: string })[], label: string) => {
    const byKind: Record<string, { n: number; hit: number }> = {};
    const lat: number[] = [];
    let exact = 0; let exactN = 0;
    const misses: string[] = [];
    for (const q of qs) idx.query({ q: q.q, limit: 10, offset: 0 }); // warm-up
    // CPU time of the query loop (less noisy than wall time on a shared machine): per query, µs
    const cpu0 = process.cpuUsage();
    for (const q of qs) idx.query({ q: q.q, limit: 10, offset: 0 });
    const cpu1 = process.cpuUsage(cpu0);
    const cpuUs = (cpu1.user + cpu1.system) / qs.length;
    for (const q of qs) {
      const t = now();
      const res = idx.query({ q: q.q, limit: 10, offset: 0 }).hits.map((h) => ordOf.get(h.id) as number);
      lat.push(now() - t);
      const k = (byKind[q.kind] ??= { n: 0, hit: 0 });
      k.n++;
      const targets = q.targets.map((x) => x.toLowerCase());
      if (res.some((ix) => targets.some((x) => (names[ix] as string).includes(x) || (kws[ix] as string).includes(x)))) k.hit++;
      else if (misses.length < show) misses.push(`${q.kind}\t${q.q}\t→ ${res.slice(0, 3).map((ix) => names[ix]).join(' | ')}`);
      if (q.expectName) { exactN++; if (res.slice(0, 3).some((ix) => names[ix] === q.expectName?.toLowerCase())) exact++; }
    }
    const all = Object.values(byKind).reduce((a, v) => ({ n: a.n + v.n, hit: a.hit + v.hit }), { n: 0, hit: 0 });
    return { label, n: qs.length, all: all.hit / all.n, byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v.hit / v.n])), exactTop3: exactN ? exact / exactN : null, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), cpuUs, misses };
  };
  if (args.ab) {
    const { MemoryIndex: Other } = await import(path.resolve(args.ab)) as typeof import('../src/platform/search/memory-index.ts');
    const idx2 = new Other();
    idx2.setSynonyms(synonymMap(GENERAL_SYNONYMS.map((g) => [...g])));
    const docs = (await loadItems(file)).map((it) => ({ type: 'item', id: it.id, title: it.name, keywords: it.keywords, dept: it.department, regionCode: it.regionCode, channels: it.channels, popularity: it.visits }));
    for (let i = 0; i < docs.length; i += 5000) idx2.upsert(docs.slice(i, i + 5000));
    docs.length = 0;
    const tf2 = now();
    idx2.query({ q: '合肥 公积金', limit: 10, offset: 0 });
    console.log(`A/B (CPU ms per query, median of ${args.rounds} alternating passes): first query ${args.impl}: ${firstMs.toFixed(0)} ms, ${args.ab}: ${(now() - tf2).toFixed(0)} ms`);
    // (the pinyin kinds alone too: what the pinyin handling costs is lost in the whole mix's noise)
    for (const [label, qs] of [['held-out multi-word', queries], ['public mix', pub], ['public mix, pinyin kinds only', pub.filter((q) => q.kind.startsWith('pinyin'))]] as const) {
      const a: number[] = []; const b: number[] = [];
      const pass = (ix: typeof idx) => { const c0 = process.cpuUsage(); for (const q of qs) ix.query({ q: q.q, limit: 10, offset: 0 }); const c = process.cpuUsage(c0); return (c.user + c.system) / qs.length / 1000; };
      pass(idx); pass(idx2);
      for (let r = 0; r < Number(args.rounds); r++) { a.push(pass(idx)); b.push(pass(idx2)); }
      console.log(`  ${label}: this ${pct(a, 50).toFixed(3)} ms, other ${pct(b, 50).toFixed(3)} ms (this/other ${(pct(a, 50) / pct(b, 50)).toFixed(2)})`);
    }
  }
  const out = [run(queries, 'held-out multi-word, no region names'), run(pub, 'shared public mix, no region names')];
  // a deployment with its region table: full and short names (as search.repository regionNames)
  const m = new Map<string, string>();
  for (const [code, n] of regionByCode) { m.set(n, code); const short = n.replace(SUFFIX, ''); if ([...short].length >= 2 && !m.has(short)) m.set(short, code); }
  idx.setRegionNames(m);
  out.push(run(queries, 'held-out multi-word, region names known'), run(pub, 'shared public mix, region names known'));
  process.send?.({ items: names.length, buildS, firstMs, rows: out });
}

function child(file: string): Promise<{ items: number; buildS: number; rows: ReturnType<typeof Object>[] }> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), ['--serve', file, ...process.argv.slice(2).filter((a, i, all) => a !== '--serve' && all[i - 1] !== '--serve')], { execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=12000'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let row: unknown = null;
    c.on('message', (msg) => { row = msg; });
    c.on('exit', (code) => (row ? resolve(row as never) : reject(new Error(`exited with ${code}`))));
  });
}

const pc = (x: number | null | undefined) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);

async function main(): Promise<void> {
  console.log(`bench:search-relevance — ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const scale of args.scales.split(',')) {
    const n = scale.endsWith('k') ? Number(scale.slice(0, -1)) * 1000 : Number(scale);
    const r = await child(ensureCorpus(n)) as unknown as { items: number; buildS: number; firstMs: number; rows: { label: string; n: number; all: number; byKind: Record<string, number>; exactTop3: number | null; p50: number; p95: number; p99: number; cpuUs: number; misses: string[] }[] };
    console.log(`\n## ${r.items.toLocaleString('en')} items (index built in ${r.buildS.toFixed(1)} s; first query ${r.firstMs.toFixed(0)} ms)`);
    for (const row of r.rows) {
      console.log(`\n${row.label}: ${row.n} queries, hit@10 ${pc(row.all)}${row.exactTop3 != null ? `, exact in top 3 ${pc(row.exactTop3)}` : ''}, p50 ${row.p50.toFixed(2)} ms, p95 ${row.p95.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, CPU ${(row.cpuUs / 1000).toFixed(2)} ms/query`);
      console.log('| ' + Object.keys(row.byKind).join(' | ') + ' |');
      console.log('|' + Object.keys(row.byKind).map(() => '---|').join(''));
      console.log('| ' + Object.values(row.byKind).map(pc).join(' | ') + ' |');
      for (const m of row.misses) console.log(`  miss: ${m}`);
    }
  }
}

if (args.serve) {
  await runOne(args.serve);
  process.exit(0);
} else await main();
