// Pure: how much of a message's location the public sees (the public page, list and CSV, and
// Open311). People type their home address into the address field, so by default only the
// township/village (乡镇/街道 + 村/社区, from the region code) and coordinates rounded to
// PUBLIC_COORD_DECIMALS are published; the typed address and the exact point only when the
// citizen ticked 公开详细地址. ID numbers and mobile numbers typed into the address are masked even
// then. Staff pages always show everything.
import { maskPersonalData } from '../../platform/log/mask.ts';

/**
 * Decimal places of published coordinates. 3 decimals snap a point to a grid of 0.001° — about
 * 111 m north–south and 80–100 m east–west across China's latitudes — enough to find the pothole
 * or the broken street light on the spot, but a cell that holds many households, so the point no
 * longer names a home. (2 decimals, about 1 km, would not say which street; 4, about 10 m, would
 * name the building.)
 */
export const PUBLIC_COORD_DECIMALS = 3;

const FACTOR = 10 ** PUBLIC_COORD_DECIMALS;

/** A coordinate rounded to the public grid (half away from zero, so it is symmetric around 0). */
export function roundCoordinate(v: number | null): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const r = Math.sign(v) * Math.round(Math.abs(v) * FACTOR) / FACTOR;
  return Number(r.toFixed(PUBLIC_COORD_DECIMALS));
}

/** What the public may see of a message's location. */
export interface PublicLocation {
  /** The place as text: the typed address (masked) when public, else the region names; null when there is none. */
  place: string | null;
  lat: number | null;
  lng: number | null;
  /** True when the citizen chose to publish the typed address and the exact point. */
  detailed: boolean;
}

export interface LocatedMessage {
  address: string | null;
  address_public: number;
  lat: number | null;
  lng: number | null;
}

/**
 * The public view of a message's location. `regionPlace` is the township/village names of its
 * region code (or null when it has none).
 */
export function publicLocation(m: LocatedMessage, regionPlace: string | null): PublicLocation {
  const detailed = m.address_public === 1;
  const lat = m.lat === null ? null : Number(m.lat);
  const lng = m.lng === null ? null : Number(m.lng);
  if (detailed) {
    const address = m.address?.trim() ? maskPersonalData(m.address.trim()) : null;
    return { place: address ?? regionPlace, lat, lng, detailed };
  }
  return { place: regionPlace, lat: roundCoordinate(lat), lng: roundCoordinate(lng), detailed };
}

/**
 * The 公开详细地址 choice from a form checkbox, a JSON boolean or an Open311 parameter: absent or
 * empty is "no" (the default); anything but the usual yes/no spellings is null (refused).
 */
export function parseAddressPublic(v: unknown): boolean | null {
  if (v === undefined || v === null || v === '' || v === false) return false;
  if (v === true) return true;
  const t = String(v).trim().toLowerCase();
  if (['1', 'yes', 'true', 'on'].includes(t)) return true;
  if (['0', 'no', 'false', 'off', ''].includes(t)) return false;
  return null;
}

/**
 * A village-level name as a place: the statistical codes name the committee (阜才社区居民委员会,
 * 白龙村村民委员会, 东关村委会); the public sees the place (阜才社区, 白龙村, 东关村).
 */
export function villagePlace(name: string): string {
  const t = name.trim();
  const village = /^(.+?)村?(村民委员会|村委会)$/.exec(t);
  if (village) return `${village[1]}村`;
  const community = /^(.+?)(社区)?(居民委员会|居委会)$/.exec(t);
  if (community) return `${community[1]}社区`;
  return t;
}

/** The place names of a region code: 乡镇/街道 alone, or 乡镇/街道 + 村/社区. */
export function regionPlaceName(township: string | null, village: string | null): string | null {
  const parts = [township, village ? villagePlace(village) : null].filter((x): x is string => !!x);
  return parts.length ? parts.join('') : null;
}
