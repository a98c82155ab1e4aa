// A per-process LRU map: reading an entry makes it the most recently used; setting one into a full
// map drops the least recently used. (A Map iterates in insertion order, so the first key is the
// oldest.) Callers decide what invalidates their entries and clear() on it.
export class Lru<K, V> {
  private map = new Map<K, V>();
  constructor(readonly max: number) {}
  get(k: K): V | undefined {
    const hit = this.map.get(k);
    if (hit !== undefined) { this.map.delete(k); this.map.set(k, hit); }
    return hit;
  }
  has(k: K): boolean { return this.map.has(k); }
  set(k: K, v: V): void {
    if (this.map.has(k)) this.map.delete(k);
    else if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as K);
    this.map.set(k, v);
  }
  clear(): void { this.map.clear(); }
  get size(): number { return this.map.size; }
}
