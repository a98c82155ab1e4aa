// Compares two V8 heap snapshots of one process (bench:soak's SOAK_HEAP_SNAPSHOT_DIR writes them):
// what the heap holds by constructor (count and shallow size) in each, the difference, and for the
// objects that are in the later snapshot only (V8 keeps node ids across snapshots of one isolate:
// allocated between the two and still alive) who retains them, and what their strings look like.
//
//   node --max-old-space-size=12000 --import tsx scripts/bench-soak-heapdiff.mts A.heapsnapshot B.heapsnapshot [top]
import fs from 'node:fs';

interface Snap {
  nodes: Int32Array | number[]; edges: number[]; strings: string[];
  nodeFields: number; edgeFields: number; nodeTypes: string[]; edgeTypes: string[];
  typeOf: number; nameOf: number; idOf: number; sizeOf: number; edgeCountOf: number;
  eType: number; eName: number; eTo: number;
  firstEdge: Uint32Array;
}

function load(file: string): Snap {
  const t = Date.now();
  const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } }; nodes: number[]; edges: number[]; strings: string[] };
  const m = j.snapshot.meta;
  const nf = m.node_fields.length;
  const s: Snap = {
    nodes: j.nodes, edges: j.edges, strings: j.strings, nodeFields: nf, edgeFields: m.edge_fields.length,
    nodeTypes: m.node_types[0], edgeTypes: m.edge_types[0],
    typeOf: m.node_fields.indexOf('type'), nameOf: m.node_fields.indexOf('name'), idOf: m.node_fields.indexOf('id'), sizeOf: m.node_fields.indexOf('self_size'), edgeCountOf: m.node_fields.indexOf('edge_count'),
    eType: m.edge_fields.indexOf('type'), eName: m.edge_fields.indexOf('name_or_index'), eTo: m.edge_fields.indexOf('to_node'),
    firstEdge: new Uint32Array(j.nodes.length / nf + 1),
  };
  let e = 0;
  for (let i = 0, n = 0; i < s.nodes.length; i += nf, n++) { s.firstEdge[n] = e; e += (s.nodes[i + s.edgeCountOf] as number) * s.edgeFields; }
  s.firstEdge[s.nodes.length / nf] = e;
  console.error(`${file}: ${s.nodes.length / nf} nodes, ${s.edges.length / s.edgeFields} edges, read in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return s;
}

/** The class of a node: its type, and for objects / closures / native its name (strings are grouped by type). */
function klass(s: Snap, i: number): string {
  const type = s.nodeTypes[s.nodes[i + s.typeOf] as number] ?? '?';
  if (type === 'object' || type === 'native' || type === 'closure' || type === 'hidden' || type === 'synthetic') return `${type}:${(s.strings[s.nodes[i + s.nameOf] as number] ?? '').slice(0, 80)}`;
  if (type === 'code') return `code:${(s.strings[s.nodes[i + s.nameOf] as number] ?? '').replace(/\s.*$/, '').slice(0, 40)}`;
  return type;
}

function census(s: Snap): Map<string, { count: number; size: number }> {
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < s.nodes.length; i += s.nodeFields) {
    const k = klass(s, i);
    const c = out.get(k) ?? { count: 0, size: 0 };
    c.count++;
    c.size += s.nodes[i + s.sizeOf] as number;
    out.set(k, c);
  }
  return out;
}

const [fa, fb, topArg] = process.argv.slice(2);
if (!fa || !fb) { console.error('usage: bench-soak-heapdiff.mts A.heapsnapshot B.heapsnapshot [top]'); process.exit(2); }
const TOP = Number(topArg ?? 40);
const mb = (n: number) => (n / 1048576).toFixed(2);
const a = load(fa);
const ca = census(a);
const idsA = new Set<number>();
for (let i = 0; i < a.nodes.length; i += a.nodeFields) idsA.add(a.nodes[i + a.idOf] as number);
const totalA = [...ca.values()].reduce((x, c) => x + c.size, 0);
// free A's arrays before reading B
(a as { nodes: unknown }).nodes = []; (a as { edges: unknown }).edges = []; (a as { strings: unknown }).strings = [];
const b = load(fb);
const cb = census(b);
const totalB = [...cb.values()].reduce((x, c) => x + c.size, 0);
console.log(`# heap snapshots: ${fa} → ${fb}\n\nshallow total ${mb(totalA)} → ${mb(totalB)} MB (${mb(totalB - totalA)})\n`);
const rows = [...new Set([...ca.keys(), ...cb.keys()])].map((k) => ({ k, a: ca.get(k) ?? { count: 0, size: 0 }, b: cb.get(k) ?? { count: 0, size: 0 } }));
console.log('## largest in the later snapshot\n\n| class | count | MB | Δ count | Δ MB |\n|---|---:|---:|---:|---:|');
for (const r of [...rows].sort((x, y) => y.b.size - x.b.size).slice(0, TOP)) console.log(`| ${r.k} | ${r.b.count} | ${mb(r.b.size)} | ${r.b.count - r.a.count} | ${mb(r.b.size - r.a.size)} |`);
console.log('\n## largest growth\n\n| class | count A → B | MB A → B | Δ MB |\n|---|---:|---:|---:|');
for (const r of [...rows].sort((x, y) => (y.b.size - y.a.size) - (x.b.size - x.a.size)).slice(0, TOP)) console.log(`| ${r.k} | ${r.a.count} → ${r.b.count} | ${mb(r.a.size)} → ${mb(r.b.size)} | ${mb(r.b.size - r.a.size)} |`);

// Objects of B that A did not have, by class; then who points at them.
const isNew = new Uint8Array(b.nodes.length / b.nodeFields);
const fresh = new Map<string, { count: number; size: number }>();
for (let i = 0, n = 0; i < b.nodes.length; i += b.nodeFields, n++) {
  if (idsA.has(b.nodes[i + b.idOf] as number)) continue;
  isNew[n] = 1;
  const k = klass(b, i);
  const c = fresh.get(k) ?? { count: 0, size: 0 };
  c.count++;
  c.size += b.nodes[i + b.sizeOf] as number;
  fresh.set(k, c);
}
const freshTop = [...fresh].sort((x, y) => y[1].size - x[1].size).slice(0, TOP);
console.log(`\n## allocated between the snapshots and alive in the later one: ${mb([...fresh.values()].reduce((x, c) => x + c.size, 0))} MB\n\n| class | count | MB |\n|---|---:|---:|`);
for (const [k, c] of freshTop) console.log(`| ${k} | ${c.count} | ${mb(c.size)} |`);

// Retainers of new objects: for each class among the top 15 new ones, the (retainer class, edge) pairs that hold them.
const watched = new Set(freshTop.slice(0, 15).map(([k]) => k));
const retainers = new Map<string, Map<string, { count: number; size: number }>>();
for (let i = 0, n = 0; i < b.nodes.length; i += b.nodeFields, n++) {
  const from = klass(b, i);
  for (let e = b.firstEdge[n]!; e < b.firstEdge[n + 1]!; e += b.edgeFields) {
    const to = b.edges[e + b.eTo] as number;
    if (!isNew[to / b.nodeFields]) continue;
    const et = b.edgeTypes[b.edges[e + b.eType] as number];
    if (et === 'weak') continue;
    const tk = klass(b, to);
    if (!watched.has(tk)) continue;
    const nameIdx = b.edges[e + b.eName] as number;
    const edgeName = et === 'element' || et === 'hidden' ? `[${et}]` : (b.strings[nameIdx] ?? '').slice(0, 40);
    const key = `${from} .${edgeName}`;
    const m = retainers.get(tk) ?? new Map();
    const c = m.get(key) ?? { count: 0, size: 0 };
    c.count++;
    c.size += b.nodes[to + b.sizeOf] as number;
    m.set(key, c);
    retainers.set(tk, m);
  }
}
console.log('\n## who holds the new objects (top retainers by the size they point at)\n');
for (const k of watched) {
  console.log(`- **${k}**: ${[...(retainers.get(k) ?? new Map()).entries()].sort((x, y) => y[1].size - x[1].size).slice(0, 6).map(([r, c]) => `${r} (${c.count}, ${mb(c.size)} MB)`).join('; ')}`);
}

// What the new strings say (first 60 characters, grouped).
const strs = new Map<string, { count: number; size: number }>();
for (let i = 0, n = 0; i < b.nodes.length; i += b.nodeFields, n++) {
  if (!isNew[n]) continue;
  const t = b.nodeTypes[b.nodes[i + b.typeOf] as number];
  if (t !== 'string' && t !== 'concatenated string' && t !== 'sliced string') continue;
  const key = (b.strings[b.nodes[i + b.nameOf] as number] ?? '').slice(0, 60).replace(/\s+/g, ' ').replace(/\|/g, '¦');
  const c = strs.get(key) ?? { count: 0, size: 0 };
  c.count++;
  c.size += b.nodes[i + b.sizeOf] as number;
  strs.set(key, c);
}
console.log('\n## new strings, grouped by their first 60 characters\n\n| string | count | MB |\n|---|---:|---:|');
for (const [k, c] of [...strs].sort((x, y) => y[1].size - x[1].size).slice(0, TOP)) console.log(`| ${k} | ${c.count} | ${mb(c.size)} |`);
