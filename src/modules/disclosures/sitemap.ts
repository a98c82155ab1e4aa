// Pure: sitemaps (sitemaps.org 0.9). One <urlset> holds at most 50,000 URLs; above that the
// sitemap is an index of numbered pages.
import { xmlEscape } from './feeds.ts';

export const SITEMAP_CAP = 50_000;

export interface SitemapUrl {
  loc: string;
  /** YYYY-MM-DD or ISO instant. */
  lastmod?: string;
}

export function urlset(urls: readonly SitemapUrl[]): string {
  const body = urls.map((u) => `<url><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${xmlEscape(u.lastmod)}</lastmod>` : ''}</url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${body}
</urlset>
`;
}

export function sitemapIndex(locs: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${locs.map((l) => `<sitemap><loc>${xmlEscape(l)}</loc></sitemap>`).join('\n')}
</sitemapindex>
`;
}

/**
 * How the URLs are split: the fixed pages come first, then the records in id order. `pages` is the
 * number of <urlset> pages (1 = no index needed). `slice(n)` says which fixed pages and which
 * record offsets page n (1-based) holds.
 */
export function planSitemap(fixedCount: number, recordCount: number, cap = SITEMAP_CAP) {
  const total = fixedCount + recordCount;
  const pages = Math.max(1, Math.ceil(total / cap));
  return {
    pages,
    slice(n: number): { fixed: [number, number]; records: { offset: number; limit: number } } | null {
      if (!Number.isInteger(n) || n < 1 || n > pages) return null;
      const start = (n - 1) * cap;
      const end = Math.min(total, start + cap);
      const fixed: [number, number] = [Math.min(start, fixedCount), Math.min(end, fixedCount)];
      const rStart = Math.max(0, start - fixedCount);
      const rEnd = Math.max(0, end - fixedCount);
      return { fixed, records: { offset: rStart, limit: rEnd - rStart } };
    },
  };
}
