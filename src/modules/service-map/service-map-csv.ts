// Pure: the import file formats of the service map (docs/import/service-map.md). One record —
// a JSONL object, or a CSV/XLSX row keyed by its header — becomes a checked VenueRow or ItemRow,
// or a list of problems. Column names are snake_case; the Chinese headers listed in HEADER_ALIASES
// and the value spellings of ALIASES are accepted too. Nothing here reads files.
import { levelOfCode } from '../../platform/geo/region-code.ts';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { parseWeeklyHours, WEEKDAYS, type WeeklyHours } from './opening-hours.ts';
import {
  ALIASES, CHANNELS, defaultVenueLevel, HOLIDAY_RULES, inChina, ITEM_TYPES, LEVELS, TIME_UNITS, VENUE_TYPES,
  type Channel, type Guide, type HolidayRule, type ItemType, type Level, type TimeUnit, type VenueType,
} from './service-map.ts';
import { parseEnum, type EnumDef } from '../../platform/web/enums.ts';

export type ImportKind = 'items' | 'venues';

export interface VenueRow {
  id: string;
  name: string;
  type: VenueType;
  level: Level;
  regionCode: string;
  orgCode: string | null;
  address: string;
  lat: number;
  lng: number;
  hours: WeeklyHours;
  is24h: boolean;
  holidayRule: HolidayRule;
  phone: string;
  photos: { url: string; caption: string; kind: string }[];
  verifiedOn: string | null;
  hostVenueId: string | null;
  rating: number | null;
  ratingCount: number;
  items: string[];
}

export interface ItemRow {
  id: string;
  name: string;
  basicCode: string;
  implementingCode: string;
  type: ItemType;
  department: string;
  implementingBody: string;
  regionCode: string;
  level: Level;
  keywords: string[];
  onlineUrl: string | null;
  mobileUrl: string | null;
  channels: Channel[];
  legalLimit: number | null;
  legalUnit: TimeUnit | null;
  promisedLimit: number | null;
  promisedUnit: TimeUnit | null;
  visits: number | null;
  guide: Partial<Guide> | null;
}

export const REQUIRED_COLUMNS: Record<ImportKind, readonly string[]> = {
  venues: ['id', 'name', 'type', 'region_code', 'address', 'lat', 'lng'],
  items: ['id', 'name', 'type', 'region_code'],
};

/** Chinese (and other common) header names → column name. */
export const HEADER_ALIASES: Record<string, string> = {
  编号: 'id', 场所编号: 'id', 事项编号: 'id', 名称: 'name', 场所名称: 'name', 事项名称: 'name', 类型: 'type', 场所类型: 'type', 事项类型: 'type',
  层级: 'level', 行使层级: 'level', 区划代码: 'region_code', 行政区划代码: 'region_code', 地址: 'address', 纬度: 'lat', 经度: 'lng', latitude: 'lat', longitude: 'lng', lon: 'lng',
  营业时间: 'opening_hours', 办公时间: 'opening_hours', 是否24小时: 'is_24h', '7x24': 'is_24h', 电话: 'phone', 联系电话: 'phone', 核实日期: 'verified_on', 最后核实日期: 'verified_on',
  所在场所: 'host_venue_id', 评分: 'rating', 评价数: 'rating_count', 照片: 'photos', 事项: 'items', 可办事项: 'items', 周一: 'mon', 周二: 'tue', 周三: 'wed', 周四: 'thu', 周五: 'fri', 周六: 'sat', 周日: 'sun',
  基本编码: 'basic_code', 实施编码: 'implementing_code', 部门: 'department', 主管部门: 'department', 实施主体: 'implementing_body', 关键词: 'keywords', 网办地址: 'online_url', 移动端办理地址: 'mobile_url',
  办理渠道: 'channels', 法定办结时限: 'legal_limit', 法定时限单位: 'legal_unit', 承诺办结时限: 'promised_limit', 承诺时限单位: 'promised_unit', 到办事现场次数: 'visits', 办事指南: 'guide', 节假日规则: 'holiday_rule', 所属单位: 'org_code',
  // regulations.md §7.4 "Online" and the national channels (issue 22 §4): yes/no columns beside the guide.
  是否支持预约办理: 'appointment', 是否支持预约: 'appointment', 预约办理: 'appointment', 是否支持物流快递: 'express_delivery', 是否支持邮寄: 'express_delivery', 物流快递: 'express_delivery',
  是否支持帮办代办: 'assisted', 帮办代办: 'assisted', 跑动次数: 'visits', 最多跑动次数: 'visits', 跑动次数说明: 'visits_reason', 到办事现场次数说明: 'visits_reason',
  openingHours: 'opening_hours', regionCode: 'region_code', implementingBody: 'implementing_body', onlineUrl: 'online_url', hostVenueId: 'host_venue_id', ratingCount: 'rating_count',
};

export function canonicalColumn(header: string): string {
  const t = header.trim().replace(/^\uFEFF/, '');
  return HEADER_ALIASES[t] ?? t.toLowerCase();
}

/** Required columns absent from a CSV/XLSX header (after aliases). */
export function missingColumns(kind: ImportKind, headers: readonly string[]): string[] {
  const have = new Set(headers.map(canonicalColumn));
  return REQUIRED_COLUMNS[kind].filter((c) => !have.has(c));
}

export type Normalised<T> = { ok: true; value: T } | { ok: false; errors: string[] };

type Rec = Record<string, unknown>;

function canonical(rec: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(rec)) out[canonicalColumn(k)] = v;
  return out;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** Whether a text can be a public id at all (so lookups of anything else answer "not found" without asking the database). */
export const isPublicId = (t: string): boolean => ID.test(t);
const URL_RE = /^https?:\/\/[^\s<>"]+$/;

/** A list from a JSON array or a text joined by | ; 、 , or ，. */
function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str).filter(Boolean);
  const t = str(v);
  if (!t) return [];
  if (t.startsWith('[')) {
    try { const a: unknown = JSON.parse(t); if (Array.isArray(a)) return a.map(str).filter(Boolean); } catch { /* fall through */ }
  }
  return t.split(/[|;；、,，\s]+/).map((s) => s.trim()).filter(Boolean);
}

function bool(v: unknown): boolean | null {
  if (v === undefined || v === null || v === '') return false;
  if (typeof v === 'boolean') return v;
  const t = str(v).toLowerCase();
  if (['1', 'true', 'yes', 'y', '是', '24h'].includes(t)) return true;
  if (['0', 'false', 'no', 'n', '否'].includes(t)) return false;
  return null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = str(v);
  if (!t || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

function optionalInt(v: unknown, label: string, errors: string[], min = 0, max = 100000): number | null {
  if (v === undefined || v === null || str(v) === '') return null;
  if (str(v) === '即办') return 0;
  const n = num(v);
  if (n === null || !Number.isInteger(n) || n < min || n > max) { errors.push(`${label}应为 ${min}–${max} 的整数（${str(v)}）`); return null; }
  return n;
}

function optionalUrl(v: unknown, label: string, errors: string[]): string | null {
  const t = str(v);
  if (!t) return null;
  if (!URL_RE.test(t) || t.length > 500) { errors.push(`${label}必须是 http:// 或 https:// 开头的网址（${t.slice(0, 60)}）`); return null; }
  return t;
}

/** The two-digit province codes (GB/T 2260): 11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门. */
const PROVINCES = new Set('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '));

function regionOf(v: unknown, errors: string[]): { code: string; level: Level } | null {
  const t = str(v);
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(t)) { errors.push(`region_code 必须是 6、9 或 12 位区划代码（${t || '空'}）`); return null; }
  if (!PROVINCES.has(t.slice(0, 2))) { errors.push(`region_code ${t} 的前两位不是省级区划代码`); return null; }
  const code = t.padEnd(12, '0');
  return { code, level: levelOfCode(code) as Level };
}

function hoursOf(rec: Rec, errors: string[]): WeeklyHours | null {
  let source: Rec = {};
  const oh = rec.opening_hours;
  if (oh !== undefined && oh !== null && oh !== '') {
    if (typeof oh === 'object' && !Array.isArray(oh)) source = oh as Rec;
    else if (typeof oh === 'string') {
      try {
        const parsed: unknown = JSON.parse(oh);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) source = parsed as Rec;
        else { errors.push('opening_hours 应为 {"mon":"09:00-12:00",…} 形式'); return null; }
      } catch {
        // One text for Monday–Friday: "09:00-12:00,13:30-17:30".
        source = { mon: oh, tue: oh, wed: oh, thu: oh, fri: oh };
      }
    } else { errors.push('opening_hours 应为 {"mon":"09:00-12:00",…} 形式'); return null; }
  }
  for (const d of WEEKDAYS) if (rec[d] !== undefined && str(rec[d]) !== '') source = { ...source, [d]: str(rec[d]) };
  const r = parseWeeklyHours(Object.fromEntries(Object.entries(source).map(([k, v]) => [canonicalColumn(k), v === null ? '' : v])));
  if (!r.ok) { errors.push(`开放时间：${r.error}`); return null; }
  return r.value;
}

function requireText(rec: Rec, col: string, label: string, errors: string[], max = 200): string {
  const t = str(rec[col]);
  if (!t) errors.push(`缺少 ${col}（${label}）`);
  else if (t.length > max) errors.push(`${col} 超过 ${max} 字`);
  return t;
}

function idOf(rec: Rec, errors: string[]): string {
  const id = str(rec.id);
  if (!id) errors.push('缺少 id（编号）');
  else if (!ID.test(id)) errors.push(`id 只能由字母、数字和 _ . : - 组成，最长 64 位（${id.slice(0, 70)}）`);
  return id;
}

/** The item ids a venue record refers to, read even when the record has other problems. */
export function itemRefsOf(raw: Rec): string[] {
  const rec = canonical(raw);
  return list(rec.items).filter((i) => ID.test(i));
}

/** Control characters (NUL …) in a top-level text: PostgreSQL refuses NUL, pages cannot show the rest. */
const hasControl = (t: string): boolean => {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
};

/** The fields venues and items share: id, name, type (by code, label or alias), region and level. */
function head<C extends string>(raw: Rec, types: EnumDef<C>, aliases: Record<string, string> | undefined, what: string, nameLabel: string, defaultLevel: (type: C | null, regionLevel: Level | null) => Level | null = (_t, l) => l) {
  const rec = canonical(raw);
  const errors: string[] = [];
  const bad = Object.entries(rec).filter(([, v]) => typeof v === 'string' && hasControl(v)).map(([k]) => k);
  if (bad.length) errors.push(`${bad.join('、')} 含有控制字符`);
  const id = idOf(rec, errors);
  const name = requireText(rec, 'name', nameLabel, errors);
  const typeText = str(rec.type);
  const type = parseEnum(types, typeText, aliases);
  if (!type) errors.push(`type「${typeText}」不是${what}（${types.values.map((v) => v.label).join('、')}）`);
  const region = regionOf(rec.region_code, errors);
  let level: Level | null = defaultLevel(type, region?.level ?? null);
  if (str(rec.level)) {
    level = parseEnum(LEVELS, rec.level, ALIASES.level);
    if (!level) errors.push(`level「${str(rec.level)}」不是层级（${LEVELS.values.map((v) => v.label).join('、')}）`);
  }
  return { rec, errors, id, name, type, region, level };
}

export function normaliseVenue(raw: Rec): Normalised<VenueRow> {
  const { rec, errors, id, name, type, region, level } = head(raw, VENUE_TYPES, ALIASES.venueType, '场所类型', '名称', defaultVenueLevel);
  const address = requireText(rec, 'address', '地址', errors);
  const lat = num(rec.lat);
  const lng = num(rec.lng);
  if (lat === null || lng === null) errors.push(`lat/lng 必须是数字（${str(rec.lat) || '空'}, ${str(rec.lng) || '空'}）`);
  else if (!inChina(lat, lng)) errors.push(`坐标 ${lat},${lng} 不在中国境内（应为 WGS-84 纬度、经度）`);
  const hours = hoursOf(rec, errors);
  const is24h = bool(rec.is_24h);
  if (is24h === null) errors.push(`is_24h 应为 true/false 或 是/否（${str(rec.is_24h)}）`);
  let holidayRule: HolidayRule = 'statutory';
  if (str(rec.holiday_rule)) {
    const h = parseEnum(HOLIDAY_RULES, rec.holiday_rule);
    if (!h) errors.push(`holiday_rule 应为 statutory 或 own_hours（${str(rec.holiday_rule)}）`);
    else holidayRule = h;
  }
  const verifiedOn = str(rec.verified_on) || null;
  if (verifiedOn && !isLocalDate(verifiedOn)) errors.push(`verified_on 应为 YYYY-MM-DD（${verifiedOn}）`);
  const rating = rec.rating === undefined || str(rec.rating) === '' ? null : num(rec.rating);
  if (rating !== null && (rating < 1 || rating > 5)) errors.push(`rating 应在 1–5 之间（${rating}）`);
  if (rec.rating !== undefined && str(rec.rating) !== '' && rating === null) errors.push(`rating 必须是数字（${str(rec.rating)}）`);
  const ratingCount = optionalInt(rec.rating_count, 'rating_count ', errors, 0, 100_000_000) ?? 0;
  const items = list(rec.items);
  const badItem = items.find((i) => !ID.test(i));
  if (badItem) errors.push(`items 中的编号「${badItem.slice(0, 70)}」无效`);
  const photos: VenueRow['photos'] = [];
  const rawPhotos = rec.photos;
  const photoList = Array.isArray(rawPhotos) ? rawPhotos : list(rawPhotos);
  for (const p of photoList) {
    const o = typeof p === 'string' ? { url: p } : (p as Rec);
    const url = str(o?.url);
    if (!isSafeLink(url)) { errors.push(`photos 中的地址「${url.slice(0, 60)}」无效`); continue; }
    photos.push({ url, caption: str(o.caption), kind: str(o.kind) || 'other' });
  }
  const phone = str(rec.phone);
  if (phone.length > 40) errors.push('phone 超过 40 字');
  const orgCode = str(rec.org_code) || null;
  if (orgCode && !/^[0-9]{2,12}(-[a-z0-9]+)?$/.test(orgCode)) errors.push(`org_code「${orgCode}」不是单位代码`);
  if (errors.length || !type || !region || !level || lat === null || lng === null || !hours || is24h === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      id, name, type, level, regionCode: region.code, orgCode, address, lat, lng, hours, is24h, holidayRule, phone, photos,
      verifiedOn, hostVenueId: str(rec.host_venue_id) || null, rating, ratingCount, items: [...new Set(items)],
    },
  };
}

function unitOf(v: unknown, label: string, errors: string[]): TimeUnit | null {
  if (v === undefined || v === null || str(v) === '') return null;
  const u = parseEnum(TIME_UNITS, v, { 工作日内: 'working_day', 天: 'natural_day', 日: 'natural_day', 个月: 'month' });
  if (!u) errors.push(`${label}「${str(v)}」应为 工作日/自然日/月/即办`);
  return u;
}

const LINK_RE = /^(https?:\/\/|\/)[^\s<>"]+$/;

/** A link shown on a page: http(s) or a path on this site — never `javascript:` or `data:`. */
export const isSafeLink = (t: string): boolean => LINK_RE.test(t) && t.length <= 500;

const GUIDE_TEXT = ['handling_type', 'legal_basis', 'legal_limit_note', 'promised_limit_note', 'visits_reason', 'where', 'when', 'consultation', 'complaint', 'online_depth', 'scope'] as const;

/**
 * The guide elements (regulations.md §7.4) as a clean object: every text a string, every list an
 * array of strings or of objects with the documented fields, every link http(s) or a site path.
 * Anything else is a problem of the row, so a page never meets a value it cannot show.
 */
function guideOf(v: unknown, errors: string[]): Partial<Guide> | null {
  if (v === undefined || v === null || v === '') return null;
  let g: unknown = v;
  if (typeof v === 'string') {
    try { g = JSON.parse(v); } catch { errors.push('guide 不是有效的 JSON'); return null; }
  }
  if (!g || typeof g !== 'object' || Array.isArray(g)) { errors.push('guide 应为对象'); return null; }
  const o = g as Rec;
  const out: Partial<Guide> = {};
  const isText = (x: unknown) => typeof x === 'string' || typeof x === 'number';
  const link = (x: unknown, label: string): string | undefined => {
    const t = str(x);
    if (!t) return undefined;
    if (!isSafeLink(t)) { errors.push(`${label}「${t.slice(0, 60)}」应为 http:// 或 https:// 开头的网址或以 / 开头的站内地址`); return undefined; }
    return t;
  };
  /** A yes/no field with its default when left out; anything else is a problem. */
  const flag = (x: unknown, dflt: boolean, label: string): boolean => {
    if (x === undefined || x === null || x === '') return dflt;
    const b = bool(x);
    if (b === null) errors.push(`${label} 应为 true/false 或 是/否（${str(x)}）`);
    return b ?? dflt;
  };
  const objects = (key: string, required: readonly string[]): Rec[] => {
    const a = o[key];
    if (a === undefined || a === null) return [];
    if (!Array.isArray(a)) { errors.push(`guide.${key} 应为数组`); return []; }
    if (a.some((m) => !m || typeof m !== 'object' || Array.isArray(m) || required.some((f) => !str((m as Rec)[f])))) {
      errors.push(`guide.${key} 的每一项都要有 ${required.join(' 和 ')}`);
      return [];
    }
    return a as Rec[];
  };
  for (const key of ['service_objects', 'conditions'] as const) {
    const a = o[key];
    if (a === undefined || a === null) continue;
    if (!Array.isArray(a) || !a.every(isText)) { errors.push(`guide.${key} 应为文字数组`); continue; }
    out[key] = a.map(str).filter(Boolean);
  }
  for (const key of GUIDE_TEXT) {
    const x = o[key];
    if (x === undefined || x === null) continue;
    if (!isText(x)) { errors.push(`guide.${key} 应为文字`); continue; }
    if (str(x)) out[key] = str(x);
  }
  for (const key of ['express_delivery', 'appointment'] as const) {
    if (o[key] === undefined || o[key] === null) continue;
    const b = bool(o[key]);
    if (b === null) errors.push(`guide.${key} 应为 true/false`);
    else out[key] = b;
  }
  out.materials = objects('materials', ['name']).map((m) => ({
    name: str(m.name), type: str(m.type), form: str(m.form), required: flag(m.required, true, 'guide.materials.required'),
    copies: m.copies === undefined || m.copies === null || str(m.copies) === '' ? null : optionalInt(m.copies, 'guide.materials.copies ', errors, 0, 100),
    source: str(m.source),
    ...(str(m.spec) ? { spec: str(m.spec) } : {}),
    ...(str(m.notes) ? { notes: str(m.notes) } : {}),
    ...(link(m.blank_form_url, 'guide.materials.blank_form_url') ? { blank_form_url: str(m.blank_form_url) } : {}),
    ...(link(m.sample_url, 'guide.materials.sample_url') ? { sample_url: str(m.sample_url) } : {}),
  }));
  out.steps = objects('steps', ['name']).map((m) => ({
    name: str(m.name), ...(str(m.description) ? { description: str(m.description) } : {}), ...(str(m.actor) ? { actor: str(m.actor) } : {}), ...(str(m.duration) ? { duration: str(m.duration) } : {}),
  }));
  out.fees = objects('fees', ['name']).map((m) => ({
    name: str(m.name), standard: str(m.standard), basis: str(m.basis), waivable: flag(m.waivable, false, 'guide.fees.waivable'), ...(str(m.waiver_basis) ? { waiver_basis: str(m.waiver_basis) } : {}),
  }));
  out.faq = objects('faq', ['q', 'a']).map((m) => ({ q: str(m.q), a: str(m.a) }));
  if (o.result !== undefined && o.result !== null) {
    const r = o.result as Rec;
    if (typeof r !== 'object' || Array.isArray(r) || !str(r.name)) errors.push('guide.result 应为 {type, name, sample_url} 对象');
    else out.result = { type: str(r.type), name: str(r.name), ...(link(r.sample_url, 'guide.result.sample_url') ? { sample_url: str(r.sample_url) } : {}) };
  }
  return out;
}

export function normaliseItem(raw: Rec): Normalised<ItemRow> {
  const { rec, errors, id, name, type, region, level } = head(raw, ITEM_TYPES, ALIASES.itemType, '事项类型', '事项名称');
  const channels: Channel[] = [];
  for (const c of list(rec.channels)) {
    const code = parseEnum(CHANNELS, c, ALIASES.channel);
    if (!code) errors.push(`channels 中的「${c}」不是办理渠道（${CHANNELS.values.map((v) => v.label).join('、')}）`);
    else if (!channels.includes(code)) channels.push(code);
  }
  const onlineUrl = optionalUrl(rec.online_url, 'online_url ', errors);
  const mobileUrl = optionalUrl(rec.mobile_url, 'mobile_url ', errors);
  if (channels.includes('online') && !onlineUrl) errors.push('渠道含网上办时必须填写 online_url');
  const legalUnit = unitOf(rec.legal_unit, 'legal_unit ', errors);
  const promisedUnit = unitOf(rec.promised_unit, 'promised_unit ', errors);
  const legalLimit = optionalInt(rec.legal_limit, 'legal_limit ', errors, 0, 3650);
  const promisedLimit = optionalInt(rec.promised_limit, 'promised_limit ', errors, 0, 3650);
  const visits = optionalInt(rec.visits, 'visits ', errors, 0, 10);
  let guide = guideOf(rec.guide, errors);
  // Yes/no columns of a flat file (是否支持预约办理, 是否支持物流快递, 是否支持帮办代办) and the visits reason:
  // a column given wins over the guide's field; 是 for 物流快递/帮办代办 also adds the channel.
  const flagColumn = (key: 'appointment' | 'express_delivery' | 'assisted', label: string): boolean | null => {
    const v = rec[key];
    if (v === undefined || v === null || str(v) === '') return null;
    const b = bool(v);
    if (b === null) errors.push(`${label} 应为 true/false 或 是/否（${str(v)}）`);
    return b;
  };
  const appointment = flagColumn('appointment', 'appointment（是否支持预约办理）');
  const express = flagColumn('express_delivery', 'express_delivery（是否支持物流快递）');
  const assisted = flagColumn('assisted', 'assisted（是否支持帮办代办）');
  const visitsReason = str(rec.visits_reason);
  if (appointment !== null || express !== null || visitsReason) {
    guide = { ...(guide ?? {}), ...(appointment !== null ? { appointment } : {}), ...(express !== null ? { express_delivery: express } : {}), ...(visitsReason ? { visits_reason: visitsReason } : {}) };
  }
  if (express && !channels.includes('express')) channels.push('express');
  if (assisted && !channels.includes('assisted')) channels.push('assisted');
  const basicCode = str(rec.basic_code);
  const implementingCode = str(rec.implementing_code);
  if (basicCode.length > 36) errors.push('basic_code 超过 36 位');
  if (implementingCode.length > 50) errors.push('implementing_code 超过 50 位');
  if (errors.length || !type || !region || !level) return { ok: false, errors };
  return {
    ok: true,
    value: {
      id, name, basicCode, implementingCode, type, department: str(rec.department), implementingBody: str(rec.implementing_body),
      regionCode: region.code, level, keywords: list(rec.keywords), onlineUrl, mobileUrl, channels,
      legalLimit, legalUnit: legalUnit ?? (legalLimit === 0 ? 'immediate' : legalLimit !== null ? 'working_day' : null),
      promisedLimit, promisedUnit: promisedUnit ?? (promisedLimit === 0 ? 'immediate' : promisedLimit !== null ? 'working_day' : null),
      visits, guide,
    },
  };
}

/**
 * A streaming CSV splitter (RFC 4180: quoted fields, doubled quotes, newlines inside quotes).
 * Feed text chunks; complete records come back.
 */
export class CsvSplitter {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private afterQuote = false;

  feed(chunk: string): string[][] {
    const out: string[][] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
      if (this.quoted) {
        if (ch === '"') { this.quoted = false; this.afterQuote = true; }
        else this.field += ch;
        continue;
      }
      if (ch === '"') {
        if (this.afterQuote) { this.field += '"'; this.quoted = true; this.afterQuote = false; }
        else if (this.field === '') this.quoted = true;
        else this.field += ch;
        continue;
      }
      this.afterQuote = false;
      if (ch === ',') { this.record.push(this.field); this.field = ''; }
      else if (ch === '\n') { this.record.push(this.field.replace(/\r$/, '')); out.push(this.record); this.record = []; this.field = ''; }
      else this.field += ch;
    }
    return out;
  }

  /** Characters of the record not yet ended (a quote never closed keeps growing it). */
  pendingLength(): number {
    let n = this.field.length;
    for (const f of this.record) n += f.length + 1;
    return n;
  }

  end(): string[][] {
    if (this.field === '' && this.record.length === 0) return [];
    this.record.push(this.field.replace(/\r$/, ''));
    const r = this.record;
    this.record = [];
    this.field = '';
    return [r];
  }
}
