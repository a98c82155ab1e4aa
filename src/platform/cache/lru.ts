// A per-process LRU map: reading an entry makes it the most recently used; setting one into a full
// map drops the least recently used. (A Map iterates in insertion order, so the first key is the
// oldest.) Optionally weighed: with `maxWeight` and `weigh`, entries are also dropped, oldest first,
// until the sum of their weights (e.g. bytes) fits; an entry heavier than that alone is not kept.
// Callers decide what invalidates their entries and clear() on it. `onDrop` (optional) is told of
// every value the map lets go (dropped for room, replaced, cleared), e.g. to reuse its memory.
export class Lru<K, V> {
  private map = new Map<K, { v: V; w: number }>();
  private total = 0;
  constructor(readonly max: number, private readonly maxWeight = Infinity, private readonly weigh?: (v: V) => number, private readonly onDrop?: (v: V) => void) {}
  get(k: K): V | undefined {
    const hit = this.map.get(k);
    if (hit === undefined) return undefined;
    this.map.delete(k); this.map.set(k, hit);
    return hit.v;
  }
  has(k: K): boolean { return this.map.has(k); }
  set(k: K, v: V): void {
    const w = this.weigh ? this.weigh(v) : 0;
    const old = this.map.get(k);
    if (old) { this.map.delete(k); this.total -= old.w; if (old.v !== v || w > this.maxWeight) this.onDrop?.(old.v); }
    if (w > this.maxWeight) return;
    this.map.set(k, { v, w });
    this.total += w;
    while (this.map.size > this.max || this.total > this.maxWeight) {
      const [oldest, e] = this.map.entries().next().value as [K, { v: V; w: number }];
      this.map.delete(oldest);
      this.total -= e.w;
      this.onDrop?.(e.v);
    }
  }
  clear(): void {
    if (this.onDrop) for (const e of this.map.values()) this.onDrop(e.v);
    this.map.clear(); this.total = 0;
  }
  get size(): number { return this.map.size; }
  /** The sum of the entries' weights (0 when not weighed). */
  get weight(): number { return this.total; }
}
