// The 政务公开专区 (venues of type openness_area) at county, township and village level: the public
// list grouped by county and level, the block of a zone's venue page, and the staff figures per zone
// and month (consultations from the enquiries module, kiosk usage by kind) within the caller's scope.
import type { Db } from '../../schema.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import { monthBounds } from '../../platform/clock/local-date.ts';
import { identityService, type Actor, type Role } from '../identity/index.ts';
import { KIOSK_USAGE_KINDS, type KioskUsageKind } from './vocabulary.ts';
import { findChannelVenue, venuesInScope, type ChannelVenue } from './venues.ts';
import { ZONE_LEVELS, zoneStrings as s } from './zones.strings.ts';

export const ZONE_TYPE = 'openness_area';
/** Who sees a zone's figures: its unit's staff and the administrators and 政务公开办 over it. */
export const ZONE_ROLES: Role[] = ['admin', 'supervisor', 'editor', 'case_handler'];
/** Levels in the order a county's zones are listed: the county's first, then townships, villages. */
export const LEVEL_ORDER = ['province', 'city', 'county', 'township', 'village'] as const;
/** Months the trend of one zone covers (ending at the chosen month). */
export const TREND_MONTHS = 6;

/**
 * Consultations (咨询登记) per zone between two days, inclusive (the enquiries module's figures,
 * injected by the composition root); absent: the figures show kiosk usage only.
 */
export type ConsultationCounts = (venuePublicIds: readonly string[], from: string, to: string) => Promise<ReadonlyMap<string, number>>;

/** Whether a zone is open now (the service map's opening hours on the working-day calendar). */
export interface ZoneOpenStatus { openNow: boolean; closesAt: string | null; opensAt: string | null }
export type ZoneStatuses = (zones: readonly { publicId: string; lat: number; lng: number }[]) => Promise<ReadonlyMap<string, ZoneOpenStatus>>;

export interface Zone {
  publicId: string;
  name: string;
  level: string;
  levelLabel: string;
  regionCode: string;
  orgCode: string;
  orgName: string;
  address: string;
  phone: string;
  hours: string;
  is24h: boolean;
  lat: number;
  lng: number;
}

export interface CountyZones { countyCode: string; countyName: string; levels: { level: string; label: string; zones: Zone[] }[]; count: number }

export const levelLabel = (level: string) => ZONE_LEVELS[level] ?? level;

/** The weekly hours as one line: 「周一至周五 08:30-12:00,14:30-17:30；周六 09:00-12:00；周日 休息」. */
export function hoursText(hoursJson: string, is24h: boolean): string {
  if (is24h) return s.list.always;
  let week: Record<string, unknown>;
  try { week = JSON.parse(hoursJson) as Record<string, unknown>; } catch { return ''; }
  const days = Object.keys(s.list.weekdays);
  const runs: { from: string; to: string; text: string }[] = [];
  for (const d of days) {
    const raw = week[d];
    const text = typeof raw === 'string' && raw.trim() ? raw.trim().split(/\s*,\s*/).join('，') : s.list.closedDay;
    const last = runs[runs.length - 1];
    if (last && last.text === text) last.to = d;
    else runs.push({ from: d, to: d, text });
  }
  const name = (d: string) => s.list.weekdays[d] ?? d;
  return runs.map((r) => `${r.from === r.to ? name(r.from) : `${name(r.from)}至${name(r.to)}`} ${r.text}`).join('；');
}

function zoneOf(r: { public_id: string; name: string; level: string; region_code: string; org_code: string; org_name: string; address: string; phone: string; hours_json: string; is_24h: number | boolean; lat: number | string; lng: number | string }): Zone {
  const is24h = Number(r.is_24h) === 1;
  return {
    publicId: r.public_id, name: r.name, level: r.level, levelLabel: levelLabel(r.level), regionCode: r.region_code, orgCode: r.org_code, orgName: r.org_name,
    address: r.address, phone: r.phone, hours: hoursText(r.hours_json, is24h), is24h, lat: Number(r.lat), lng: Number(r.lng),
  };
}

/** The same zone from the channels module's venue (one zone's pages read it through findChannelVenue). */
function zoneFromVenue(v: ChannelVenue): Zone {
  return zoneOf({
    public_id: v.publicId, name: v.name, level: v.level, region_code: v.regionCode, org_code: v.orgCode, org_name: v.orgName, address: v.address, phone: v.phone,
    hours_json: v.hoursJson, is_24h: v.is24h ? 1 : 0, lat: v.lat, lng: v.lng,
  });
}

const ZONE_COLUMNS = ['sm_venue.public_id', 'sm_venue.name', 'sm_venue.level', 'sm_venue.region_code', 'sm_venue.org_code', 'organisation.name as org_name', 'sm_venue.address', 'sm_venue.phone', 'sm_venue.hours_json', 'sm_venue.is_24h', 'sm_venue.lat', 'sm_venue.lng'] as const;

const levelRank = (l: string) => { const i = (LEVEL_ORDER as readonly string[]).indexOf(l); return i < 0 ? LEVEL_ORDER.length : i; };
const byLevelThenName = (a: Zone, b: Zone) => levelRank(a.level) - levelRank(b.level) || a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name, 'zh-CN');

/** Every zone, grouped by county (the first six digits of its region) and level, county first. */
export async function publicZones(db: Db): Promise<CountyZones[]> {
  const rows = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select([...ZONE_COLUMNS]).where('sm_venue.type', '=', ZONE_TYPE).orderBy('sm_venue.region_code').orderBy('sm_venue.public_id').execute();
  const byCounty = new Map<string, Zone[]>();
  for (const r of rows) {
    const z = zoneOf(r);
    const county = z.regionCode.slice(0, 6);
    byCounty.set(county, [...(byCounty.get(county) ?? []), z]);
  }
  const codes = [...byCounty.keys()];
  const names = new Map<string, string>();
  if (codes.length) {
    const regions = await db.selectFrom('region').select(['code', 'name']).where('code', 'in', codes.map((c) => c.padEnd(12, '0'))).execute();
    for (const r of regions) names.set(r.code.slice(0, 6), r.name);
  }
  return codes.map((code) => {
    const zones = (byCounty.get(code) ?? []).sort(byLevelThenName);
    const levels: CountyZones['levels'] = [];
    for (const z of zones) {
      const last = levels[levels.length - 1];
      if (last && last.level === z.level) last.zones.push(z);
      else levels.push({ level: z.level, label: z.levelLabel, zones: [z] });
    }
    return { countyCode: code, countyName: names.get(code) ?? code, levels, count: zones.length };
  });
}

// ---------- the venue page block ----------

export interface ZoneBlockData { publicId: string; name: string; levelLabel: string; hours: string; phone: string; kioskHref: string }

/** What a zone's venue page shows about it; null for any venue that is not a 政务公开专区. */
export async function zoneBlockData(db: Db, publicId: string): Promise<ZoneBlockData | null> {
  const v = await findChannelVenue(db, publicId);
  if (!v || v.type !== ZONE_TYPE) return null;
  const z = zoneFromVenue(v);
  return { publicId: z.publicId, name: z.name, levelLabel: z.levelLabel, hours: z.hours, phone: z.phone, kioskHref: `/kiosk/${encodeURIComponent(z.publicId)}` };
}

// ---------- staff figures ----------

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month 'YYYY-MM' not after the current one (default: the current month), or null when malformed. */
export function parseMonth(raw: string | undefined, today: string): string | null {
  const current = today.slice(0, 7);
  const v = (raw ?? '').trim();
  if (!v) return current;
  const m = MONTH.exec(v);
  if (!m || Number(m[1]) < 2000 || v > current) return null;
  return v;
}


/** `n` months ending at `month`, oldest first. */
export function monthsUpTo(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

export type KindCounts = Record<KioskUsageKind, number>;
const emptyKinds = (): KindCounts => Object.fromEntries(KIOSK_USAGE_KINDS.values.map((v) => [v.code, 0])) as KindCounts;

/** Kiosk uses per zone and kind between two days (inclusive); every zone and kind present. */
export async function kioskUsageByZone(db: Db, venuePublicIds: readonly string[], from: string, to: string): Promise<Map<string, KindCounts>> {
  const out = new Map(venuePublicIds.map((id) => [id, emptyKinds()]));
  if (!venuePublicIds.length) return out;
  const rows = await db.selectFrom('kiosk_usage').select(['venue_public_id', 'kind', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('venue_public_id', 'in', [...venuePublicIds]).where('used_on', '>=', from).where('used_on', '<=', to)
    .groupBy(['venue_public_id', 'kind']).execute();
  for (const r of rows) {
    const k = out.get(r.venue_public_id);
    if (k && r.kind in k) k[r.kind as KioskUsageKind] = Number(r.n);
  }
  return out;
}

/** Kiosk uses of one zone per month and kind ('YYYY-MM' → counts), for the given months. */
export async function kioskUsageByMonth(db: Db, venuePublicId: string, months: readonly string[]): Promise<Map<string, KindCounts>> {
  const out = new Map(months.map((m) => [m, emptyKinds()]));
  if (!months.length) return out;
  const from = monthBounds(months[0] as string).from;
  const to = monthBounds(months[months.length - 1] as string).to;
  const rows = await db.selectFrom('kiosk_usage').select(['used_on', 'kind', 'count'])
    .where('venue_public_id', '=', venuePublicId).where('used_on', '>=', from).where('used_on', '<=', to).execute();
  for (const r of rows) {
    const k = out.get(String(r.used_on).slice(0, 7));
    if (k && r.kind in k) k[r.kind as KioskUsageKind] += Number(r.count);
  }
  return out;
}

export interface ZoneRow extends Zone { kinds: KindCounts; total: number; consultations: number | null }

/** The caller's zones (政务公开办: its government's subtree), county first, then by level and name. */
export async function zonesInScope(db: Db, actor: Actor): Promise<Zone[]> {
  const paths = await identityService.officeScopes(db, actor, ZONE_ROLES);
  const ids = (await venuesInScope(db, paths)).filter((v) => v.type === ZONE_TYPE).map((v) => v.publicId);
  if (!ids.length) return [];
  const rows = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select([...ZONE_COLUMNS]).where('sm_venue.public_id', 'in', ids).execute();
  return rows.map(zoneOf).sort((a, b) => a.regionCode.slice(0, 6).localeCompare(b.regionCode.slice(0, 6)) || byLevelThenName(a, b));
}

/** Uses of the kiosk's functions (search, guide, print …): the sessions (使用人次) are counted apart. */
const total = (k: KindCounts) => Object.entries(k).reduce((a, [kind, n]) => (kind === 'session' ? a : a + n), 0);

/** One month's figures of the given zones. */
export async function monthFigures(db: Db, zones: readonly Zone[], month: string, consultations?: ConsultationCounts): Promise<ZoneRow[]> {
  const { from, to } = monthBounds(month);
  const ids = zones.map((z) => z.publicId);
  const usage = await kioskUsageByZone(db, ids, from, to);
  const asked = consultations && ids.length ? await consultations(ids, from, to) : null;
  return zones.map((z) => {
    const kinds = usage.get(z.publicId) ?? emptyKinds();
    return { ...z, kinds, total: total(kinds), consultations: asked ? asked.get(z.publicId) ?? 0 : null };
  });
}

export interface MonthRow { month: string; kinds: KindCounts; total: number; consultations: number | null }

/** One zone's figures for the TREND_MONTHS months ending at `month`. */
export async function zoneTrend(db: Db, zone: Zone, month: string, consultations?: ConsultationCounts): Promise<MonthRow[]> {
  const months = monthsUpTo(month, TREND_MONTHS);
  const usage = await kioskUsageByMonth(db, zone.publicId, months);
  const out: MonthRow[] = [];
  for (const m of months) {
    const kinds = usage.get(m) ?? emptyKinds();
    let asked: number | null = null;
    if (consultations) {
      const { from, to } = monthBounds(m);
      asked = (await consultations([zone.publicId], from, to)).get(zone.publicId) ?? 0;
    }
    out.push({ month: m, kinds, total: total(kinds), consultations: asked });
  }
  return out;
}

export type ZoneAccess = { ok: true; zone: Zone } | { ok: false; status: 403 | 404; code: string; message: string };

/** One zone for a staff member: 404 when it is no zone, 403 when outside the caller's scope. */
export async function zoneForStaff(db: Db, actor: Actor, publicId: string): Promise<ZoneAccess> {
  const v = await findChannelVenue(db, publicId);
  if (!v || v.type !== ZONE_TYPE) return { ok: false, status: 404, code: 'zone_not_found', message: s.errors.zoneNotFound(publicId.slice(0, 64)) };
  const paths = await identityService.officeScopes(db, actor, ZONE_ROLES);
  if (!paths.some((p) => v.orgPath.startsWith(p))) return { ok: false, status: 403, code: 'forbidden', message: s.errors.forbidden };
  return { ok: true, zone: zoneFromVenue(v) };
}

const KIND_HEADERS = KIOSK_USAGE_KINDS.values.map((k) => `${s.staff.kinds}：${k.label}`);

/** The month's figures of every zone as CSV (formula-safe). */
export function monthCsv(rows: readonly ZoneRow[], month: string): string {
  return toCsv([
    ['月份', '专区编号', s.staff.zone, s.staff.level, s.staff.org, s.staff.consultations, s.staff.total, ...KIND_HEADERS],
    ...rows.map((r) => [month, r.publicId, r.name, r.levelLabel, r.orgName, r.consultations ?? '', r.total, ...KIOSK_USAGE_KINDS.values.map((k) => r.kinds[k.code])]),
  ]);
}

/** One zone's months as CSV. */
export function trendCsv(zone: Zone, rows: readonly MonthRow[]): string {
  return toCsv([
    ['专区编号', s.staff.zone, '月份', s.staff.consultations, s.staff.total, ...KIND_HEADERS],
    ...rows.map((r) => [zone.publicId, zone.name, r.month, r.consultations ?? '', r.total, ...KIOSK_USAGE_KINDS.values.map((k) => r.kinds[k.code])]),
  ]);
}
