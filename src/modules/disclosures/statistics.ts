// Pure: publication statistics — counts per organisation and period, rolled up the organisation
// tree (a government's figure includes its departments and townships: 「全县主动公开政府信息N条」).

export type Granularity = 'year' | 'quarter' | 'month';

export interface Period {
  /** '2026', '2026-Q3' or '2026-07'. */
  key: string;
  label: string;
}

/** The periods of one year (or, for 'year', the given years newest first). */
export function periodsOf(g: Granularity, year: number, years: readonly number[] = [year]): Period[] {
  if (g === 'year') return years.map((y) => ({ key: String(y), label: `${y}年` }));
  if (g === 'quarter') return [1, 2, 3, 4].map((q) => ({ key: `${year}-Q${q}`, label: `第${'一二三四'[q - 1]}季度` }));
  return Array.from({ length: 12 }, (_, i) => ({ key: `${year}-${String(i + 1).padStart(2, '0')}`, label: `${i + 1}月` }));
}

/** The period key of a 'YYYY-MM' (or 'YYYY') bucket. */
export function periodKey(g: Granularity, bucket: string): string {
  if (g === 'year') return bucket.slice(0, 4);
  if (g === 'month') return bucket.slice(0, 7);
  const m = Number(bucket.slice(5, 7));
  return `${bucket.slice(0, 4)}-Q${Math.ceil(m / 3)}`;
}

export interface OrgNode {
  code: string;
  name: string;
  path: string;
}

export interface StatRow {
  code: string;
  name: string;
  /** Depth below the root (0 = the root). */
  depth: number;
  /** Counts of the organisation itself, per period key. */
  own: Record<string, number>;
  /** Counts of the organisation and its whole subtree, per period key. */
  total: Record<string, number>;
  ownSum: number;
  totalSum: number;
}

/**
 * One row per organisation of the subtree (in path order), with its own and rolled-up counts.
 * `counts` are per organisation code and bucket ('YYYY-MM' or 'YYYY').
 */
export function rollUp(orgs: readonly OrgNode[], counts: readonly { orgCode: string; bucket: string; n: number }[], g: Granularity, periods: readonly Period[]): StatRow[] {
  const keys = new Set(periods.map((p) => p.key));
  const own = new Map<string, Record<string, number>>();
  for (const c of counts) {
    const k = periodKey(g, c.bucket);
    if (!keys.has(k)) continue;
    const m = own.get(c.orgCode) ?? {};
    m[k] = (m[k] ?? 0) + c.n;
    own.set(c.orgCode, m);
  }
  const sorted = [...orgs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rootDepth = sorted.length ? sorted[0]!.path.split('/').filter(Boolean).length : 0;
  return sorted.map((o) => {
    const total: Record<string, number> = {};
    for (const other of sorted) {
      if (!other.path.startsWith(o.path)) continue;
      for (const [k, n] of Object.entries(own.get(other.code) ?? {})) total[k] = (total[k] ?? 0) + n;
    }
    const mine = own.get(o.code) ?? {};
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    return { code: o.code, name: o.name, depth: o.path.split('/').filter(Boolean).length - rootDepth, own: mine, total, ownSum: sum(mine), totalSum: sum(total) };
  });
}

/** The CSV rows (header first) of a statistics table: subtree totals per period, then own counts. */
export function statisticsRows(rows: readonly StatRow[], periods: readonly Period[]): (string | number)[][] {
  return [
    ['单位代码', '单位名称', ...periods.map((p) => `${p.key}（含下级）`), '合计（含下级）', '本单位合计'],
    ...rows.map((r) => [r.code, `${'　'.repeat(r.depth)}${r.name}`, ...periods.map((p) => r.total[p.key] ?? 0), r.totalSum, r.ownSum]),
  ];
}
