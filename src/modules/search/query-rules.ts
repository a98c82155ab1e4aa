// Rules for what a search box accepts (PURE). Anything typed is text: quotes, *, NEAR, OR and SQL
// are never syntax, because the index is not queried through a query language.
import { s } from './search.strings.ts';
import { defineEnum, parseEnum } from '../../platform/web/enums.ts';

export const MAX_QUERY_CHARS = 100;
export const MAX_LIMIT = 50;
export const MAX_OFFSET = 1000;

export type QueryCheck = { ok: true; q: string } | { ok: false; code: string; message: string };

/** Trims and strips control characters; refuses over-long input with a Chinese message. */
export function checkQuery(raw: string): QueryCheck {
  // eslint-disable-next-line no-control-regex
  const q = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
  if ([...q].length > MAX_QUERY_CHARS) return { ok: false, code: 'query_too_long', message: s.tooLong(MAX_QUERY_CHARS) };
  return { ok: true, q };
}

export const SEARCH_TYPES = ['item', 'venue', 'disclosure', 'catalog_item'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
/** The result types as code + Chinese label (办事事项 …): either is accepted. */
export const SEARCH_TYPE_ENUM = defineEnum<SearchType>(SEARCH_TYPES.map((code) => ({ code, label: s.types[code] ?? code })));

export function parseType(v: string | undefined): SearchType | null | 'invalid' {
  if (!v) return null;
  return parseEnum(SEARCH_TYPE_ENUM, v) ?? 'invalid';
}

/** A region filter is a 2–12 digit NBS code prefix. */
export function parseRegion(v: string | undefined): string | null | 'invalid' {
  if (!v) return null;
  return /^\d{2,12}$/.test(v.trim()) ? v.trim() : 'invalid';
}

export function parseIntIn(v: string | undefined, min: number, max: number, dflt: number): number | 'invalid' {
  if (v === undefined || v === '') return dflt;
  if (!/^\d{1,6}$/.test(v)) return 'invalid';
  const n = Number(v);
  return n < min || n > max ? 'invalid' : n;
}

/** Recent searches sent by the browser as a hint: a few short strings, never stored. */
export function parseRecent(v: string | undefined): string[] {
  if (!v) return [];
  return v.split('|').map((x) => x.trim().slice(0, 20)).filter(Boolean).slice(0, 5);
}
