// Synonym groups → a lookup map (PURE). Each term maps to every other term of each group it is in.
export function synonymMap(groups: readonly (readonly string[])[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const g of groups) {
    const terms = [...new Set(g.map((t) => t.trim()).filter(Boolean))];
    for (const t of terms) {
      let s = m.get(t);
      if (!s) { s = new Set(); m.set(t, s); }
      for (const o of terms) if (o !== t) s.add(o);
    }
  }
  return new Map([...m].map(([k, v]) => [k, [...v]]));
}
