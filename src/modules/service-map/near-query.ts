// Pure: parsing of the nearest-venues query (API and map page share it). Every bad value gets a
// stable code and a Chinese message.
import { enumMessage, parseEnum } from '../../platform/web/enums.ts';
import { ALIASES, inChina, LEVELS, VENUE_TYPES, type Level, type VenueType } from './service-map.ts';
import { smStrings as s } from './service-map.strings.ts';

export const MAX_RADIUS_KM = 200;
export const DEFAULT_RADIUS_KM = 10;

export interface NearQuery {
  lat: number;
  lng: number;
  radiusKm: number;
  openAt: Date | null;
  openOnly: boolean;
  types: VenueType[] | null;
  level: Level | null;
  item: string | null;
  limit: number;
}

export type QueryResult = { ok: true; value: NearQuery } | { ok: false; code: string; message: string };

const fail = (code: string, message: string): QueryResult => ({ ok: false, code, message });

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 instant; without a zone it is Beijing time. */
export function parseInstant(text: string): Date | null {
  const t = text.trim();
  if (!ISO.test(t)) return null;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}+08:00`;
  const d = new Date(withZone);
  if (Number.isNaN(d.getTime())) return null;
  // Reject 2026-02-30 and 25:00, which Date would roll over.
  const [datePart, timePart] = t.split('T') as [string, string];
  const [y, mo, da] = datePart.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, da));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null;
  if (Number(timePart.slice(0, 2)) > 23 || Number(timePart.slice(3, 5)) > 59) return null;
  return d;
}

export function parseNear(text: string): { lat: number; lng: number } | null {
  const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  return m ? { lat: Number(m[1]), lng: Number(m[2]) } : null;
}

export function parseNearQuery(q: Record<string, string | undefined>, opts: { nearRequired: boolean; fallbackNear?: { lat: number; lng: number } }): QueryResult {
  let near = opts.fallbackNear ?? null;
  if (q.near && q.near.trim()) {
    near = parseNear(q.near);
    if (!near) return fail('invalid_near', s.errors.nearInvalid);
  } else if (opts.nearRequired || !near) return fail('near_required', s.errors.nearRequired);
  if (!inChina(near.lat, near.lng)) return fail('outside_china', s.errors.outsideChina(near.lat, near.lng));
  let radiusKm = DEFAULT_RADIUS_KM;
  if (q.radius_km && q.radius_km.trim()) {
    const r = Number(q.radius_km);
    if (!/^\d+(\.\d+)?$/.test(q.radius_km.trim()) || !(r > 0) || r > MAX_RADIUS_KM) return fail('invalid_radius', s.errors.radius(MAX_RADIUS_KM));
    radiusKm = r;
  }
  let openAt: Date | null = null;
  if (q.open_at && q.open_at.trim()) {
    openAt = parseInstant(q.open_at);
    if (!openAt) return fail('invalid_open_at', s.errors.openAt);
  }
  const openNow = (q.open_now ?? '').trim().toLowerCase();
  if (!['', '1', 'true', 'on', 'yes', '0', 'false', 'off', 'no'].includes(openNow)) return fail('invalid_open_now', s.errors.openNow);
  const openOnly = !!openAt || ['1', 'true', 'on', 'yes'].includes(openNow);
  let types: VenueType[] | null = null;
  if (q.type && q.type.trim()) {
    types = [];
    for (const t of q.type.split(/[,，]/).map((x) => x.trim()).filter(Boolean)) {
      const code = parseEnum(VENUE_TYPES, t, ALIASES.venueType);
      if (!code) return fail('invalid_type', enumMessage('type', VENUE_TYPES, t));
      types.push(code);
    }
    if (!types.length) types = null;
  }
  let level: Level | null = null;
  if (q.level && q.level.trim()) {
    level = parseEnum(LEVELS, q.level, ALIASES.level);
    if (!level) return fail('invalid_level', enumMessage('level', LEVELS, q.level));
  }
  let limit = 20;
  if (q.limit && q.limit.trim()) {
    if (!/^\d+$/.test(q.limit.trim()) || Number(q.limit) < 1 || Number(q.limit) > 100) return fail('invalid_limit', s.errors.limit);
    limit = Number(q.limit);
  }
  const item = q.item && q.item.trim() ? q.item.trim() : null;
  return { ok: true, value: { ...near, radiusKm, openAt, openOnly, types, level, item, limit } };
}
