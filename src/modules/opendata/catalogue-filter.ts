// Pure: the /data list — datasets filtered by publisher, theme, format and words, with the count of
// each filter value among the datasets the other filters leave (facets), and one page of results.
import { DATASET_THEMES, FILE_FORMATS, type DatasetTheme, type FileFormat } from '../../platform/datasets/datasets.ts';
import { defineEnum, parseEnum } from '../../platform/web/enums.ts';
import type { DatasetEntry } from './catalogue.ts';

export const PAGE_SIZE = 20;
const THEMES = defineEnum(DATASET_THEMES);
const FORMATS = defineEnum((Object.keys(FILE_FORMATS) as FileFormat[]).map((code) => ({ code, label: FILE_FORMATS[code].label })));

export interface CatalogueQuery {
  q: string;
  /** A publisher code ('platform' or a government's code), '' = all. */
  publisher: string;
  theme: DatasetTheme | '';
  format: FileFormat | '';
  page: number;
  /** A value given but not known (then nothing matches it; the page says so). */
  unknown: ('publisher' | 'theme' | 'format')[];
}

type Raw = Record<string, string | undefined>;
const cut = (v: string | undefined, n: number) => (v ?? '').trim().slice(0, n);

/** The query of /data: each value one string; a theme or format by code or Chinese label (any case). */
export function parseCatalogueQuery(raw: Raw): CatalogueQuery {
  const unknown: CatalogueQuery['unknown'] = [];
  const themeIn = cut(raw.theme, 40);
  const formatIn = cut(raw.format, 40);
  const theme = themeIn ? parseEnum(THEMES, themeIn) : '';
  const format = formatIn ? (parseEnum(FORMATS, formatIn.toUpperCase()) ?? parseEnum(FORMATS, formatIn)) : '';
  if (theme === null) unknown.push('theme');
  if (format === null) unknown.push('format');
  const page = /^\d{1,6}$/.test(cut(raw.page, 10)) ? Math.max(1, Number(cut(raw.page, 10))) : 1;
  return { q: cut(raw.q, 100), publisher: cut(raw.publisher, 60), theme: theme ?? '', format: format ?? '', page, unknown };
}

export interface Facet { code: string; label: string; count: number }
export interface CatalogueView {
  items: DatasetEntry[];
  total: number;
  page: number;
  pages: number;
  facets: { publisher: Facet[]; theme: Facet[]; format: Facet[] };
}

function words(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

function matchesWords(e: DatasetEntry, terms: readonly string[]): boolean {
  if (!terms.length) return true;
  const text = [e.title, e.description, e.publisher.name, ...e.keywords, e.slug].join('\n').toLowerCase();
  return terms.every((t) => text.includes(t));
}

/** Filters `entries`, counts each filter's values among the rest, and cuts page `query.page`. */
export function filterCatalogue(entries: readonly DatasetEntry[], query: CatalogueQuery, pageSize = PAGE_SIZE): CatalogueView {
  const terms = words(query.q);
  const bad = new Set(query.unknown);
  const byPublisher = (e: DatasetEntry) => !query.publisher || e.publisher.code === query.publisher;
  const byTheme = (e: DatasetEntry) => !bad.has('theme') && (!query.theme || e.theme === query.theme);
  const byFormat = (e: DatasetEntry) => !bad.has('format') && (!query.format || e.distributions.some((d) => d.format === query.format));
  const base = entries.filter((e) => matchesWords(e, terms));

  const publishers = new Map<string, Facet>();
  for (const e of base) {
    if (!byTheme(e) || !byFormat(e)) continue;
    const f = publishers.get(e.publisher.code) ?? { code: e.publisher.code, label: e.publisher.name, count: 0 };
    f.count++;
    publishers.set(e.publisher.code, f);
  }
  const themeCounts = new Map<string, number>();
  for (const e of base) if (byPublisher(e) && byFormat(e)) themeCounts.set(e.theme, (themeCounts.get(e.theme) ?? 0) + 1);
  const formatCounts = new Map<string, number>();
  for (const e of base) {
    if (!byPublisher(e) || !byTheme(e)) continue;
    for (const f of new Set(e.distributions.map((d) => d.format))) formatCounts.set(f, (formatCounts.get(f) ?? 0) + 1);
  }

  const matched = base.filter((e) => byPublisher(e) && byTheme(e) && byFormat(e));
  const pages = Math.max(1, Math.ceil(matched.length / pageSize));
  const page = Math.min(query.page, pages);
  return {
    items: matched.slice((page - 1) * pageSize, page * pageSize),
    total: matched.length,
    page,
    pages,
    facets: {
      // the installation first, then governments by code
      publisher: [...publishers.values()].sort((a, b) => (a.code === 'platform' ? -1 : b.code === 'platform' ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
      theme: THEMES.values.filter((t) => themeCounts.has(t.code)).map((t) => ({ code: t.code, label: t.label, count: themeCounts.get(t.code) ?? 0 })),
      format: FORMATS.values.filter((f) => formatCounts.has(f.code)).map((f) => ({ code: f.code, label: f.label, count: formatCounts.get(f.code) ?? 0 })),
    },
  };
}

/** The query string of /data for these filters (empty values left out); `page` 1 is left out. */
export function catalogueHref(q: { q?: string; publisher?: string; theme?: string; format?: string; page?: number }): string {
  const p = new URLSearchParams();
  for (const k of ['q', 'publisher', 'theme', 'format'] as const) if (q[k]) p.set(k, q[k] as string);
  if (q.page && q.page > 1) p.set('page', String(q.page));
  const s = p.toString();
  return s ? `/data?${s}` : '/data';
}
