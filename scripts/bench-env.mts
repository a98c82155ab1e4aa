// What the benchmark scripts share: a whole-number setting from the environment, at least `min`
// (default `def` when unset); anything else stops the script with exit 2 and a Chinese message.
export function envInt(name: string, def: number, min: number): number {
  const v = process.env[name]?.trim();
  const n = v ? Number(v) : def;
  if (!Number.isInteger(n) || n < min) { console.error(`${name} 应为不小于 ${min} 的整数（现为 ${v}）`); process.exit(2); }
  return n;
}
