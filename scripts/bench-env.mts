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
