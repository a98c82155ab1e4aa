// Parsing of the listing API's query (issue 22 §7): region (2/4/6/9/12-digit code → the prefix of
// its subtree), the opaque cursor of keyset paging over (region_code, public_id), and limit. Every
// bad value gets a stable code and a Chinese message.
import { levelOfCode } from '../../platform/geo/region-code.ts';
import { isPublicId } from './service-map-csv.ts';
import { enumMessage, parseEnum, type EnumDef } from '../../platform/web/enums.ts';
import { listingStrings } from './service-map.strings.ts';

const s = listingStrings.query;

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const KEEP = { province: 2, city: 4, county: 6, township: 9, village: 12 } as const;

export interface RegionRef {
  /** The 12-digit code (padded). */
  code12: string;
  /** The digits that start every code of its subtree (44, 4403, 440309, 440309001, 440309001001). */
  prefix: string;
}

/** A region code of 2, 4, 6, 9 or 12 digits; 440309000000 is the county 440309. */
export function parseRegion(text: string): Parsed<RegionRef> {
  const t = text.trim();
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(t) || /^00/.test(t) || t.slice(0, 2) < '11' || t.slice(0, 2) > '82') {
    return { ok: false, code: 'invalid_region', message: s.region(t.slice(0, 20)) };
  }
  const code12 = t.padEnd(12, '0');
  const prefix = code12.slice(0, KEEP[levelOfCode(code12) as keyof typeof KEEP] ?? 12);
  return { ok: true, value: { code12: prefix.padEnd(12, '0'), prefix } };
}

/** The smallest and largest 12-digit code of a prefix's subtree (an index range on region_code). */
export const subtreeRange = (prefix: string): [string, string] => [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')];

export interface Cursor { region: string; id: string }

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.region, c.id]), 'utf8').toString('base64url');
}

export function parseCursor(text: string | undefined): Parsed<Cursor | null> {
  if (text === undefined || text === '') return { ok: true, value: null };
  const bad = { ok: false as const, code: 'invalid_cursor', message: s.cursor };
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return bad;
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || !/^\d{12}$/.test(v[0]) || !isPublicId(v[1])) return bad;
    return { ok: true, value: { region: v[0], id: v[1] } };
  } catch {
    return bad;
  }
}

export function parseLimit(text: string | undefined): Parsed<number> {
  if (text === undefined || text === '') return { ok: true, value: DEFAULT_LIMIT };
  if (!/^\d{1,3}$/.test(text.trim()) || Number(text) < 1 || Number(text) > MAX_LIMIT) return { ok: false, code: 'invalid_limit', message: s.limit(MAX_LIMIT) };
  return { ok: true, value: Number(text) };
}

/** A comma list of codes or labels (or aliases) of `def`; null when empty. */
export function parseEnumList<C extends string>(def: EnumDef<C>, text: string | undefined, field: string, aliases?: Record<string, string>): Parsed<C[] | null> {
  if (!text || !text.trim()) return { ok: true, value: null };
  const out: C[] = [];
  for (const t of text.split(/[,，]/).map((x) => x.trim()).filter(Boolean)) {
    const c = parseEnum(def, t, aliases);
    if (!c) return { ok: false, code: `invalid_${field}`, message: enumMessage(field, def, t) };
    if (!out.includes(c)) out.push(c);
  }
  return { ok: true, value: out.length ? out : null };
}
