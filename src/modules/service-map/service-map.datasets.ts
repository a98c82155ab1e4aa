// Shell: the service map's open datasets (issue 23 §1, §3, §5; docs/model/opendata-service-items.md).
//   • `service-items` (installation and each government: its region's subtree): items.csv,
//     items.jsonl, venues.csv, venues.jsonl and hsds.json (Open Referral HSDS 3.0);
//   • `service-map-totals` (installation): the public totals per region of sm_region_total.
// Rows are read in keyset pages over (region_code, public_id) — the listing's composite indexes of
// migration 0041, one range scan per page — with only the columns a file needs; the venues of a
// page of items come from one query per page. Memory stays constant whatever the size, apart from
// small caches (region names, venue UUIDs, the organisations of hsds.json).
import { nameUuid } from '../../platform/datasets/ids.ts';
import { PostgresAdapter, sql } from 'kysely';
import type { Db, Database } from '../../schema.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { csvChunks, jsonlChunks, keysetRows } from '../../platform/datasets/chunks.ts';
import { csvCell } from '../../platform/csv/csv.ts';
import { levelOfCode, shortRegionCode } from '../../platform/geo/region-code.ts';
import { subtreeRange } from './listing-query.ts';
import { regionTotals } from './listing.repository.ts';
import { CHANNELS, HOLIDAY_RULES, ITEM_TYPES, LEVELS, TIME_UNITS, VENUE_TYPES, type HolidayRule } from './service-map.ts';
import { addressAreas, HSDS_SCHEMA_URL, HSDS_VERSION, hoursText, hsdsSchedules, weeklyOf, yesNo } from './hsds.ts';
import type { WeeklyHours } from './opening-hours.ts';

/** Rows per keyset page (one range scan each; the venues of a page of items in one more query). */
const PAGE = 2000;
/**
 * Items per page of the big files: small enough that a page dies young (V8's scavenger frees it
 * without promoting it to the old generation: the server's RSS stays flat), large enough that the
 * two queries per page cost little.
 */
const ITEM_PAGE = 500;
/**
 * Characters per chunk of the big files: a chunk's string (and the Buffer the socket makes of it)
 * stays below V8's large-object size, so it dies in the young generation instead of piling up in
 * large-object space until a major GC — which comes late in a server whose heap is large.
 */
const SMALL_CHUNK = 16 * 1024;

const labels = (def: { values: readonly { code: string; label: string }[] }) => new Map(def.values.map((v) => [v.code, v.label]));
const ITEM_TYPE = labels(ITEM_TYPES);
const LEVEL = labels(LEVELS);
const CHANNEL = labels(CHANNELS);
const UNIT = labels(TIME_UNITS);
const VENUE_TYPE = labels(VENUE_TYPES);
const HOLIDAY = labels(HOLIDAY_RULES);
const label = (m: Map<string, string>, code: string | null) => (code === null ? '' : m.get(code) ?? code);

/**
 * A stable UUID (version-5 layout, SHA-1 of a name) of an HSDS object from public ids. One-shot
 * `hash` (no Hash object per id): hsds.json derives ~3 ids per item, 5.7 M at 安徽 scale, and a
 * Hash object each made a third of the file's time in allocation and GC.
 */
export function hsdsId(kind: string, key: string): string {
  return nameUuid(`gongkai-hsds:${kind}:${key}`);
}

/** The region-code prefix of a scope: '' (everything) or the government's short code ('130427'). */
export function scopePrefix(scope: DatasetScope): string {
  return scope.kind === 'installation' ? '' : shortRegionCode(scope.government.regionCode);
}

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

// ---------- region names (a cache per file; a page's missing codes in one query) ----------

class RegionNames {
  private readonly names = new Map<string, string | null>();
  constructor(private readonly db: Db) {}

  /** Loads the names of these 12-digit codes and of their province, city and county. */
  async load(codes: Iterable<string>): Promise<void> {
    if (this.names.size > 50_000) this.names.clear(); // a bound: a whole country's villages are not kept
    const missing = new Set<string>();
    for (const c of codes) {
      for (const k of [2, 4, 6, 9, 12]) {
        const a = c.slice(0, k).padEnd(12, '0');
        if (!this.names.has(a)) missing.add(a);
      }
    }
    const list = [...missing];
    for (let i = 0; i < list.length; i += 500) {
      const part = list.slice(i, i + 500);
      for (const p of part) this.names.set(p, null);
      for (const r of await this.db.selectFrom('region').select(['code', 'name']).where('code', 'in', part).execute()) this.names.set(r.code, r.name);
    }
  }

  get = (code12: string): string | null => this.names.get(code12) ?? null;
  has = (code12: string): boolean => this.names.has(code12);
}

// ---------- items ----------

interface ItemRecord {
  id: number; public_id: string; name: string; basic_code: string; implementing_code: string; type: string; department: string; implementing_body: string;
  region_code: string; level: string; keywords: string; online_url: string | null; mobile_url: string | null; channels: string;
  legal_limit: number | null; legal_unit: string | null; promised_limit: number | null; promised_unit: string | null; visits: number | null; updated_at: string;
  /** The guide's [appointment, express_delivery, fees] as JSON text (null without a guide). */
  guide: string | null;
  /** Public ids of the venues offering the item, sorted. */
  venues: string[];
}

interface Fee { name: string; standard: string; basis: string; waivable: boolean }
interface GuideFlags { appointment: boolean | null; express: boolean | null; fees: Fee[] }

const flag = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 'true');
const NO_GUIDE: GuideFlags = { appointment: null, express: null, fees: [] };

function guideFlags(text: string | null): GuideFlags {
  if (!text) return NO_GUIDE;
  try {
    const [appointment, express, fees] = JSON.parse(text) as [unknown, unknown, unknown];
    return {
      appointment: flag(appointment), express: flag(express),
      fees: Array.isArray(fees) ? fees.filter((f): f is Record<string, unknown> => !!f && typeof f === 'object').map((f) => ({
        name: String(f.name ?? ''), standard: String(f.standard ?? ''), basis: String(f.basis ?? ''), waivable: f.waivable === true,
      })) : [],
    };
  } catch {
    return NO_GUIDE;
  }
}

const feesText = (fees: Fee[]) => fees.map((f) => (f.standard ? `${f.name}：${f.standard}` : f.name)).join('；');

const ITEM_COLUMNS = [
  'id', 'public_id', 'name', 'basic_code', 'implementing_code', 'type', 'department', 'implementing_body', 'region_code', 'level', 'keywords',
  'online_url', 'mobile_url', 'channels', 'legal_limit', 'legal_unit', 'promised_limit', 'promised_unit', 'visits', 'updated_at',
] as const;
type ItemColumn = (typeof ITEM_COLUMNS)[number];
/** The columns hsds.json uses (fewer values per row: less to allocate and collect at 1.91 M rows). */
const HSDS_ITEM_COLUMNS: readonly ItemColumn[] = ['id', 'public_id', 'name', 'type', 'department', 'implementing_body', 'implementing_code', 'region_code', 'channels', 'online_url', 'updated_at'];

/** Every venue's public id and region by internal id (a province: ~31,000 entries), read once per file. */
async function venueIndex(db: Db): Promise<Map<number, { id: string; region: string }>> {
  const m = new Map<number, { id: string; region: string }>();
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('sm_venue').select(['id', 'public_id', 'region_code']).where('id', '>', after).orderBy('id').limit(10_000).execute();
    for (const r of rows) m.set(Number(r.id), { id: r.public_id, region: r.region_code });
    if (rows.length < 10_000) return m;
    after = Number(rows[rows.length - 1]?.id);
  }
}

/**
 * Items of a region prefix, a page at a time, each with the venues offering it. The whole
 * installation is read in internal-id order (a sequential scan: the cheapest order at 1.91 M rows);
 * a government's region in (region_code, public_id) order over the listing's index (migration 0041).
 * The venues of a page come from one query over sm_venue_item's (item_id, venue_id) index.
 */
async function* itemPages(db: Db, prefix: string, columns: readonly ItemColumn[] = ITEM_COLUMNS): AsyncGenerator<ItemRecord[]> {
  // The guide's 预约 / 物流快递 flags and fees, extracted by the database (a guide can be kilobytes).
  const guide = isPg(db)
    ? sql<string | null>`(case when guide_json is null then null else json_build_array(guide_json::json -> 'appointment', guide_json::json -> 'express_delivery', guide_json::json -> 'fees')::text end)`
    : sql<string | null>`json_extract(guide_json, '$.appointment', '$.express_delivery', '$.fees')`;
  const venues = await venueIndex(db);
  const [lo, hi] = subtreeRange(prefix);
  let after: ItemRecord | null = null;
  for (;;) {
    let q = db.selectFrom('sm_item').select([...columns, guide.as('guide')]);
    if (!prefix) {
      if (after) q = q.where('id', '>', after.id);
      q = q.orderBy('id');
    } else {
      q = q.where('region_code', '>=', lo).where('region_code', '<=', hi);
      if (after) q = q.where(sql<boolean>`(region_code, public_id) > (${after.region_code}, ${after.public_id})`);
      q = q.orderBy('region_code').orderBy('public_id');
    }
    const rows = (await q.limit(ITEM_PAGE).execute()) as unknown as ItemRecord[];
    if (!rows.length) return;
    const byId = new Map<number, ItemRecord>();
    for (const r of rows) { r.id = Number(r.id); r.venues = []; byId.set(r.id, r); }
    let lq = db.selectFrom('sm_venue_item').select(['item_id', 'venue_id']);
    lq = prefix ? lq.where('item_id', 'in', [...byId.keys()]) : lq.where('item_id', '>=', (rows[0] as ItemRecord).id).where('item_id', '<=', (rows[rows.length - 1] as ItemRecord).id);
    for (const l of await lq.execute()) {
      const v = venues.get(Number(l.venue_id));
      const r = byId.get(Number(l.item_id));
      if (v && r) r.venues.push(v.id);
    }
    for (const r of rows) if (r.venues.length > 1) r.venues.sort();
    yield rows;
    if (rows.length < ITEM_PAGE) return;
    after = rows[rows.length - 1] as ItemRecord;
  }
}

/** Region names of a page's items, loaded before the page is written. */
async function namesFor(names: RegionNames, rows: readonly { region_code: string }[]): Promise<void> {
  const missing = new Set<string>();
  for (const r of rows) if (!names.has(r.region_code)) missing.add(r.region_code);
  if (missing.size) await names.load(missing);
}

export const ITEM_CSV_HEADER = [
  '事项编号', '事项名称', '基本编码', '实施编码', '事项类型', '主管部门', '实施主体', '区划代码', '区划名称', '行使层级', '办理渠道', '网办地址', '移动端办理地址',
  '法定办结时限', '法定时限单位', '承诺办结时限', '承诺时限单位', '到办事现场次数', '是否支持预约办理', '是否支持物流快递', '是否支持帮办代办', '收费', '关键词', '办理场所', '更新时间',
] as const;

const channelLabels = new Map<string, string>();
/** 「窗口办、邮寄办理」 of a stored channel list (cached: a province has a few dozen distinct lists). */
function channelText(channels: string): string {
  let t = channelLabels.get(channels);
  if (t === undefined) {
    t = channels ? channels.split(' ').map((c) => CHANNEL.get(c) ?? c).join('、') : '';
    if (channelLabels.size < 1000) channelLabels.set(channels, t);
  }
  return t;
}
const num = (n: number | null) => (n === null ? '' : String(n));
const NEEDS_CARE = /[",\r\n]|^[=+\-@\t\r]/;
/** csvCell's fast path for text: most cells need neither quoting nor the formula guard. */
const cell = (t: string) => (NEEDS_CARE.test(t) ? csvCell(t) : t);
const hasChannel = (channels: string, c: string) => ` ${channels} `.includes(` ${c} `);

/**
 * items.csv, a page per chunk: cells from the data go through csvCell (quoting, formula guard);
 * public ids, codes, numbers, enum labels and instants cannot hold a comma, quote, line break or
 * a leading = + - @, so they are written as they are.
 */
async function* itemCsvChunks(db: Db, prefix: string): AsyncGenerator<string> {
  const names = new RegionNames(db);
  yield `\uFEFF${ITEM_CSV_HEADER.join(',')}\r\n`;
  for await (const rows of itemPages(db, prefix)) {
    await namesFor(names, rows);
    let out = '';
    for (const r of rows) {
      const g = guideFlags(r.guide);
      const express = g.express ?? (hasChannel(r.channels, 'express') ? true : null);
      out += `${cell(r.public_id)},${cell(r.name)},${cell(r.basic_code)},${cell(r.implementing_code)},${label(ITEM_TYPE, r.type)},${cell(r.department)},${cell(r.implementing_body)},`
        + `${r.region_code},${cell(names.get(r.region_code) ?? '')},${label(LEVEL, r.level)},${channelText(r.channels)},${cell(r.online_url ?? '')},${cell(r.mobile_url ?? '')},`
        + `${num(r.legal_limit)},${label(UNIT, r.legal_unit)},${num(r.promised_limit)},${label(UNIT, r.promised_unit)},${num(r.visits)},`
        + `${yesNo(g.appointment)},${yesNo(express)},${hasChannel(r.channels, 'assisted') ? '是' : '否'},${g.fees.length ? cell(feesText(g.fees)) : ''},`
        + `${r.keywords ? cell(r.keywords.split(' ').join('、')) : ''},${r.venues.join('、')},${r.updated_at}\r\n`;
      if (out.length >= SMALL_CHUNK) { yield out; out = ''; }
    }
    if (out) yield out;
  }
}

async function* itemJsonlChunks(db: Db, prefix: string): AsyncGenerator<string> {
  const names = new RegionNames(db);
  for await (const rows of itemPages(db, prefix)) {
    await namesFor(names, rows);
    let out = '';
    for (const r of rows) {
      const g = guideFlags(r.guide);
      out += `${JSON.stringify({
        id: r.public_id, name: r.name, basic_code: r.basic_code, implementing_code: r.implementing_code, type: r.type, type_label: label(ITEM_TYPE, r.type),
        department: r.department, implementing_body: r.implementing_body, region_code: r.region_code, region_name: names.get(r.region_code), level: r.level,
        channels: r.channels ? r.channels.split(' ') : [], online_url: r.online_url, mobile_url: r.mobile_url,
        legal_limit: r.legal_limit, legal_unit: r.legal_unit, promised_limit: r.promised_limit, promised_unit: r.promised_unit, visits: r.visits,
        appointment: g.appointment, express_delivery: g.express ?? (hasChannel(r.channels, 'express') ? true : null), assisted: hasChannel(r.channels, 'assisted'),
        fees: g.fees, keywords: r.keywords ? r.keywords.split(' ') : [], venues: r.venues, updated_at: r.updated_at,
      })}\n`;
      if (out.length >= SMALL_CHUNK) { yield out; out = ''; }
    }
    if (out) yield out;
  }
}

// ---------- venues ----------

interface VenueRecord {
  public_id: string; name: string; type: string; level: string; region_code: string; org_code: string; address: string; lat: number; lng: number;
  phone: string; hours_json: string; is_24h: number; holiday_rule: string; host_venue_id: string | null; verified_on: string | null; updated_at: string;
}

function venueRows(db: Db, prefix: string): AsyncGenerator<VenueRecord> {
  const [lo, hi] = subtreeRange(prefix);
  return keysetRows<VenueRecord, [string, string]>(async (after, size) => {
    let q = db.selectFrom('sm_venue').select(['public_id', 'name', 'type', 'level', 'region_code', 'org_code', 'address', 'lat', 'lng', 'phone', 'hours_json', 'is_24h', 'holiday_rule', 'host_venue_id', 'verified_on', 'updated_at']);
    if (prefix) q = q.where('region_code', '>=', lo).where('region_code', '<=', hi);
    if (after) q = q.where(sql<boolean>`(region_code, public_id) > (${after[0]}, ${after[1]})`);
    return q.orderBy('region_code').orderBy('public_id').limit(size).execute();
  }, (r) => [r.region_code, r.public_id], PAGE);
}

/** Weekly hours parsed once per distinct hours_json (venues share a handful of patterns). */
function hoursCache() {
  const m = new Map<string, WeeklyHours | null>();
  return (json: string): WeeklyHours | null => {
    if (m.has(json)) return m.get(json) ?? null;
    if (m.size > 5000) m.clear();
    const w = weeklyOf(json);
    m.set(json, w);
    return w;
  };
}

export const VENUE_CSV_HEADER = ['场所编号', '场所名称', '场所类型', '层级', '区划代码', '区划名称', '所属单位', '地址', '纬度', '经度', '电话', '办公时间', '是否24小时', '节假日规则', '所在场所', '核实日期', '更新时间'] as const;

async function* venueCsvRows(db: Db, prefix: string): AsyncGenerator<unknown[]> {
  const names = new RegionNames(db);
  const weekly = hoursCache();
  for await (const v of venueRows(db, prefix)) {
    if (!names.get(v.region_code)) await names.load([v.region_code]);
    const is24 = Number(v.is_24h) === 1;
    yield [
      v.public_id, v.name, label(VENUE_TYPE, v.type), label(LEVEL, v.level), v.region_code, names.get(v.region_code) ?? '', v.org_code, v.address, Number(v.lat), Number(v.lng),
      v.phone, hoursText(weekly(v.hours_json), is24), is24 ? '是' : '否', label(HOLIDAY, v.holiday_rule), v.host_venue_id ?? '', v.verified_on ?? '', v.updated_at,
    ];
  }
}

async function* venueJsonRows(db: Db, prefix: string): AsyncGenerator<Record<string, unknown>> {
  const names = new RegionNames(db);
  const weekly = hoursCache();
  for await (const v of venueRows(db, prefix)) {
    if (!names.get(v.region_code)) await names.load([v.region_code]);
    const is24 = Number(v.is_24h) === 1;
    let opening: unknown = null;
    try { opening = JSON.parse(v.hours_json); } catch { /* stored hours are checked on import */ }
    yield {
      id: v.public_id, name: v.name, type: v.type, type_label: label(VENUE_TYPE, v.type), level: v.level, region_code: v.region_code, region_name: names.get(v.region_code),
      org_code: v.org_code, address: v.address, lat: Number(v.lat), lng: Number(v.lng), phone: v.phone,
      opening_hours: opening, hours_text: hoursText(weekly(v.hours_json), is24), is_24h: is24, holiday_rule: v.holiday_rule,
      host_venue_id: v.host_venue_id, verified_on: v.verified_on, updated_at: v.updated_at,
    };
  }
}

// ---------- HSDS 3.0 ----------

const HSDS_HEAD = {
  hsds_version: HSDS_VERSION,
  conforms_to: HSDS_SCHEMA_URL,
  description: '政务服务事项与办理场所（Open Referral HSDS 3.0）。services、locations、organizations 各元素分别符合 HSDS 3.0 的 service、location、organization 对象；'
    + 'service.service_at_locations 以 location_id 指向 locations 中的场所。id 为由公开编号派生的 UUID（名称型，SHA-1），同一编号每次导出相同。',
  conventions: [
    'address：state_province 为省、city 为市、region 为区/县（本平台约定，HSDS 未规定）；country 为 CN；postal_code 暂无（空）。',
    'schedule：每个时段一条 WEEKLY 规则，byday 为有该时段的星期，时间带 +08:00、timezone 为 8；7×24 场所为每天 00:00–23:59。',
    '法定节假日与调休无法用 HSDS 的重复规则表达：以 schedule.notes 说明，按国务院办公厅公布的全国节假日安排执行。',
    'organization：事项的实施主体（无则主管部门）按所在区划各为一个组织。',
  ],
};

async function* hsdsLocations(db: Db, prefix: string, locationId: (publicId: string) => string): AsyncGenerator<Record<string, unknown>> {
  const names = new RegionNames(db);
  const weekly = hoursCache();
  for await (const v of venueRows(db, prefix)) {
    if (!names.has(v.region_code)) await names.load([v.region_code]);
    const id = locationId(v.public_id);
    const is24 = Number(v.is_24h) === 1;
    const schedules = hsdsSchedules(weekly(v.hours_json), is24, v.holiday_rule as HolidayRule).map((s, i) => ({ id: hsdsId('schedule', `${v.public_id}#${i}`), ...s }));
    yield {
      id, location_type: 'physical', name: v.name, description: `${label(VENUE_TYPE, v.type)}（${label(LEVEL, v.level)}）`,
      latitude: Number(v.lat), longitude: Number(v.lng), external_identifier: v.public_id, external_identifier_type: 'gongkai_venue_id',
      addresses: [{ id: hsdsId('address', v.public_id), address_1: v.address, ...addressAreas(v.region_code, names.get), postal_code: '', country: 'CN', address_type: 'physical' }],
      phones: v.phone ? [{ id: hsdsId('phone', v.public_id), number: v.phone, type: 'voice', description: '办公电话' }] : [],
      schedules,
    };
  }
}

interface HsdsOrg { id: string; name: string; description: string }

const CHUNK = 64 * 1024;

/**
 * hsds.json: {hsds_version, conforms_to, description, conventions, locations: [...], services:
 * [...], organizations: [...]} — locations first (a province: ~31,000), then the services a page
 * at a time (each with its service_at_locations), then the organisations met on the way (the
 * implementing bodies per region: a few thousand, kept in memory until the end).
 */
async function* hsdsChunks(db: Db, prefix: string): AsyncGenerator<string> {
  const locIds = new Map<string, string>();
  const locationId = (publicId: string) => {
    let id = locIds.get(publicId);
    if (!id) {
      id = hsdsId('location', publicId);
      locIds.set(publicId, id);
    }
    return id;
  };
  let buf = `${JSON.stringify(HSDS_HEAD).slice(0, -1)},"locations":[`;
  let first = true;
  for await (const loc of hsdsLocations(db, prefix, locationId)) {
    buf += (first ? '' : ',') + JSON.stringify(loc);
    first = false;
    if (buf.length >= CHUNK) { yield buf; buf = ''; }
  }
  // A government's document lists its region's venues only: a service's links to venues elsewhere are left out.
  const listed = prefix ? new Set(locIds.keys()) : null;
  const orgs = new Map<string, HsdsOrg>();
  const names = new RegionNames(db);
  buf += '],"services":[';
  first = true;
  for await (const rows of itemPages(db, prefix, HSDS_ITEM_COLUMNS)) {
    await namesFor(names, rows);
    for (const r of rows) {
      const orgName = r.implementing_body || r.department || '未注明实施主体';
      const orgKey = `${r.region_code}|${orgName}`;
      let org = orgs.get(orgKey);
      if (!org) {
        const region = names.get(r.region_code) ?? r.region_code;
        org = { id: hsdsId('organization', orgKey), name: orgName, description: `${region}${orgName}：${r.implementing_body ? '政务服务事项的实施主体' : '政务服务事项的主管部门'}（区划代码 ${r.region_code}）。` };
        orgs.set(orgKey, org);
      }
      const id = hsdsId('service', r.public_id);
      const g = guideFlags(r.guide);
      let sal = '';
      for (const v of r.venues) {
        if (listed && !listed.has(v)) continue;
        sal += `${sal ? ',' : ''}{"id":"${hsdsId('service_at_location', `${r.public_id}@${v}`)}","service_id":"${id}","location_id":"${locationId(v)}"}`;
      }
      // Written by hand around JSON.stringify'd texts: the ids are UUIDs, the rest is escaped.
      buf += `${first ? '' : ','}{"id":"${id}","organization_id":"${org.id}","name":${JSON.stringify(r.name)},"status":"active",`
        + `"description":${JSON.stringify(`${label(ITEM_TYPE, r.type)}。事项编号 ${r.public_id}${r.implementing_code ? `，实施编码 ${r.implementing_code}` : ''}；办理渠道：${channelText(r.channels) || '未注明'}。`)},`
        + `${r.online_url ? `"url":${JSON.stringify(r.online_url)},` : ''}"fees_description":${JSON.stringify(feesText(g.fees))},"last_modified":"${r.updated_at}","service_at_locations":[${sal}]}`;
      first = false;
      if (buf.length >= SMALL_CHUNK) { yield buf; buf = ''; }
    }
  }
  buf += '],"organizations":[';
  first = true;
  for (const o of orgs.values()) {
    buf += (first ? '' : ',') + JSON.stringify(o);
    first = false;
    if (buf.length >= CHUNK) { yield buf; buf = ''; }
  }
  yield `${buf}]}`;
}

// ---------- facts ----------

async function lastImport(db: Db, prefix: string): Promise<string | null> {
  const run = await db.selectFrom('sm_import_run').select(sql<string | null>`max(updated_at)`.as('at')).where('status', '=', 'done').executeTakeFirst();
  if (run?.at) return run.at;
  // Data loaded without an import run (the demo): the newest venue write of the region (index range).
  const [lo, hi] = subtreeRange(prefix);
  const v = await db.selectFrom('sm_venue').select(sql<string | null>`max(updated_at)`.as('at')).where('region_code', '>=', lo).where('region_code', '<=', hi).executeTakeFirst();
  return v?.at ?? null;
}

async function itemFacts(db: Db, scope: DatasetScope): Promise<DatasetFacts | null> {
  const prefix = scopePrefix(scope);
  const t = await regionTotals(db, prefix);
  if (t.items === 0) return null;
  return { lastModified: await lastImport(db, prefix), rows: t.items, temporal: null };
}

// ---------- totals ----------

interface TotalRow { prefix: string; region_code: string; level: string; metrics: Map<string, number> }

/**
 * sm_region_total also holds the prefixes cut from a region's own padded code ('130427000' and
 * '130427000000' beside '130427'): the same region again, with other numbers. A prefix is the
 * region's row only when its length is its level's (2/4/6/9/12).
 */
const isCanonical = (prefix: string) => prefix.length === KEEP[levelOfCode(prefix.padEnd(12, '0'))];

async function* totalRows(db: Db): AsyncGenerator<TotalRow> {
  for await (const r of pagedTotalRows(db)) if (isCanonical(r.prefix)) yield r;
}

function pagedTotalRows(db: Db): AsyncGenerator<TotalRow> {
  // keyed on the raw prefix (pages are whole SQL pages: the short-page stop stays right)
  return keysetRows<TotalRow, string>(async (after, size) => {
    let q = db.selectFrom('sm_region_total').select('region_prefix').distinct().where('region_prefix', '<>', '');
    if (after !== null) q = q.where('region_prefix', '>', after);
    const prefixes = (await q.orderBy('region_prefix').limit(size).execute()).map((r) => r.region_prefix);
    if (!prefixes.length) return [];
    const rows = await db.selectFrom('sm_region_total').select(['region_prefix', 'metric', 'n']).where('region_prefix', 'in', prefixes).execute();
    const by = new Map(prefixes.map((p) => [p, new Map<string, number>()]));
    for (const r of rows) by.get(r.region_prefix)?.set(r.metric, Number(r.n));
    return prefixes.map((p) => ({ prefix: p, region_code: p.padEnd(12, '0'), level: levelOfCode(p.padEnd(12, '0')), metrics: by.get(p) as Map<string, number> }));
  }, (r) => r.prefix, 500);
}

const KEEP: Record<string, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

export const TOTALS_CSV_HEADER = ['区划代码', '区划名称', '层级', '场所数', '自助终端数', '事项数', ...CHANNELS.values.map((c) => `事项数（${c.label}）`)];

async function* totalsWithNames(db: Db): AsyncGenerator<TotalRow & { name: string | null }> {
  const names = new RegionNames(db);
  const buf: TotalRow[] = [];
  const flush = async function* () {
    await names.load(buf.map((b) => b.region_code));
    for (const b of buf) yield { ...b, name: names.get(b.region_code) };
    buf.length = 0;
  };
  for await (const r of totalRows(db)) {
    buf.push(r);
    if (buf.length >= 500) yield* flush();
  }
  yield* flush();
}

const LEVEL_OF_REGION: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡（镇、街道）级', village: '村（社区）级' };

async function* totalsCsvRows(db: Db): AsyncGenerator<unknown[]> {
  for await (const r of totalsWithNames(db)) {
    const m = r.metrics;
    yield [r.region_code, r.name ?? '', LEVEL_OF_REGION[r.level] ?? r.level, m.get('venues') ?? 0, m.get('terminals') ?? 0, m.get('items') ?? 0, ...CHANNELS.values.map((c) => m.get(`channel:${c.code}`) ?? 0)];
  }
}

async function* totalsJsonRows(db: Db): AsyncGenerator<Record<string, unknown>> {
  for await (const r of totalsWithNames(db)) {
    const m = r.metrics;
    yield {
      region_code: r.region_code, region_name: r.name, level: r.level, venues: m.get('venues') ?? 0, terminals: m.get('terminals') ?? 0, items: m.get('items') ?? 0,
      items_by_channel: Object.fromEntries(CHANNELS.values.map((c) => [c.code, m.get(`channel:${c.code}`) ?? 0])),
    };
  }
}

// ---------- the sources ----------

export const serviceItemsDataset: DatasetSource<Database> = {
  key: 'service-items',
  scopes: ['installation', 'government'],
  theme: 'services',
  title: '政务服务事项与办理场所',
  description: '政务服务地图导入的全部公开事项（编号、名称、编码、类型、部门与实施主体、区划、办理渠道、办结时限、跑动次数、预约/邮寄/帮办代办、收费、办理场所）'
    + '和办理场所（名称、类型、层级、区划、地址、坐标、办公电话、办公时间、节假日规则）；另以 Open Referral HSDS 3.0 JSON 提供（hsds.json）。'
    + '政府的数据集只含其行政区划（含下级）的事项和场所。不含办事指南全文（材料、流程等见事项页面）和任何个人信息。',
  keywords: ['政务服务', '办事指南', '服务事项', '办理场所', '政务服务地图', 'HSDS'],
  frequency: 'irregular',
  distributions: [
    { file: 'items.csv', format: 'CSV', title: '服务事项（CSV）', description: 'UTF-8（带 BOM）、逗号分隔，一行一个事项；表头与导入格式的中文列名一致。' },
    { file: 'items.jsonl', format: 'JSONL', title: '服务事项（JSON Lines）', description: '一行一个 JSON 对象，字段为导入格式的英文列名，枚举为代码。' },
    { file: 'venues.csv', format: 'CSV', title: '办理场所（CSV）' },
    { file: 'venues.jsonl', format: 'JSONL', title: '办理场所（JSON Lines）' },
    { file: 'hsds.json', format: 'HSDS', title: '事项与场所（Open Referral HSDS 3.0）', description: 'organizations、services（含 service_at_locations）、locations（含 addresses、phones、schedules）。', conformsTo: HSDS_SCHEMA_URL },
  ],
  facts: (db, scope) => itemFacts(db, scope),
  open(db, scope, file) {
    const prefix = scopePrefix(scope);
    switch (file) {
      case 'items.csv': return itemCsvChunks(db, prefix);
      case 'items.jsonl': return itemJsonlChunks(db, prefix);
      case 'venues.csv': return csvChunks(VENUE_CSV_HEADER, venueCsvRows(db, prefix));
      case 'venues.jsonl': return jsonlChunks(venueJsonRows(db, prefix));
      case 'hsds.json': return hsdsChunks(db, prefix);
      default: throw new Error(`service-items has no file ${file}`);
    }
  },
};

export const serviceMapTotalsDataset: DatasetSource<Database> = {
  key: 'service-map-totals',
  scopes: ['installation'],
  theme: 'services',
  title: '政务服务地图统计',
  description: '各行政区划（省、市、县、乡镇街道、村社区）的公开统计：办理场所数、自助服务终端数、服务事项数和按办理渠道的事项数（含下级区划）。每次导入后重新计算。',
  keywords: ['政务服务', '政务服务地图', '统计', '办理渠道'],
  frequency: 'irregular',
  distributions: [
    { file: 'totals.csv', format: 'CSV', title: '各区划统计（CSV）' },
    { file: 'totals.jsonl', format: 'JSONL', title: '各区划统计（JSON Lines）' },
  ],
  async facts(db) {
    const t = await regionTotals(db, '');
    if (t.items === 0 && t.venues === 0) return null;
    const prefixes = await db.selectFrom('sm_region_total').select('region_prefix').distinct().where('region_prefix', '<>', '').execute();
    return { lastModified: await lastImport(db, ''), rows: prefixes.filter((r) => isCanonical(r.region_prefix)).length, temporal: null };
  },
  open(db, _scope, file) {
    switch (file) {
      case 'totals.csv': return csvChunks(TOTALS_CSV_HEADER, totalsCsvRows(db));
      case 'totals.jsonl': return jsonlChunks(totalsJsonRows(db));
      default: throw new Error(`service-map-totals has no file ${file}`);
    }
  },
};

export const SERVICE_MAP_DATASETS: readonly DatasetSource<Database>[] = [serviceItemsDataset, serviceMapTotalsDataset];
