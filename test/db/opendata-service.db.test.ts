// Issue 23 on SQLite and PostgreSQL: the service map's open datasets — service-items (items.csv,
// items.jsonl, venues.csv, venues.jsonl, hsds.json = Open Referral HSDS 3.0) and service-map-totals
// — read from rows loaded by the real import: content, a government's slice, the formula guard,
// the HSDS document's required fields (open-standards.md §3), and the facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDialect } from '../support/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';
import type { DatasetScope, Government } from '../../src/platform/datasets/datasets.ts';
import { importServiceMap, SERVICE_MAP_DATASETS } from '../../src/modules/service-map/index.ts';
import type { Db } from '../../src/schema.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-od-service-'));
const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const clock = fixedClock('2026-09-22T02:00:00Z');
const [items, totals] = SERVICE_MAP_DATASETS as [typeof SERVICE_MAP_DATASETS[0], typeof SERVICE_MAP_DATASETS[0]];
const INSTALLATION: DatasetScope = { kind: 'installation' };
const gov = (code: string, name: string): DatasetScope => ({ kind: 'government', government: { code, name, regionCode: code.padEnd(12, '0'), path: `/${code.slice(0, 2)}/${code.slice(0, 4)}/${code}/` } satisfies Government });
const LONGHUA = gov('440309', '深圳市龙华区人民政府');
const CIXIAN = gov('130427', '磁县人民政府');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

const weekdays = { mon: '09:00-12:00,13:30-17:30', tue: '09:00-12:00,13:30-17:30', wed: '09:00-12:00,13:30-17:30', thu: '09:00-12:00,13:30-17:30', fri: '09:00-12:00,13:30-17:30', sat: '09:00-12:00' };

async function load(db: Db): Promise<void> {
  const regions = [
    ['440000000000', '广东省', 'province', null], ['440300000000', '深圳市', 'city', '440000000000'], ['440309000000', '龙华区', 'county', '440300000000'],
    ['440309001000', '观湖街道', 'township', '440309000000'], ['130000000000', '河北省', 'province', null], ['130400000000', '邯郸市', 'city', '130000000000'],
    ['130427000000', '磁县', 'county', '130400000000'],
  ] as const;
  await db.insertInto('region').values(regions.map(([code, name, level, parent_code]) => ({ code, name, level, parent_code }))).execute();
  const itemRows = [
    { id: 'LH-001', name: '居民身份证换领', type: '行政确认', basic_code: '000123', implementing_code: '11440309MB00001', department: '深圳市公安局', implementing_body: '深圳市公安局龙华分局',
      region_code: '440309', channels: ['窗口办', '邮寄办理'], legal_limit: 60, legal_unit: '工作日', promised_limit: 20, promised_unit: '工作日', visits: 1, keywords: ['身份证', '换证'],
      online_url: 'https://example.gov.cn/sfz', guide: { appointment: true, fees: [{ name: '工本费', standard: '20元', basis: '价格主管部门规定' }] } },
    { id: 'LH-002', name: '=HYPERLINK("http://evil")', type: '公共服务', department: '龙华区民政局', region_code: '440309001', channels: ['窗口办', '帮办代办'], visits: 0, guide: { appointment: false } },
    { id: 'LH-003', name: '最低生活保障, "低保" 审批', type: '行政给付', department: '龙华区民政局', implementing_body: '龙华区民政局', region_code: '440309', channels: '网上办', online_url: 'https://example.gov.cn/db' },
    { id: 'CX-001', name: '个体工商户设立登记', type: '行政许可', department: '磁县市场监督管理局', implementing_body: '磁县市场监督管理局', region_code: '130427', channels: ['窗口办'] },
  ];
  const venueRows = [
    { id: 'LHV-1', name: '龙华区政务服务中心', type: '政务服务中心', region_code: '440309', address: '龙华区梅龙大道1号', lat: 22.65, lng: 114.03, opening_hours: weekdays, phone: '0755-12345678', items: ['LH-001', 'LH-003'] },
    { id: 'LHV-2', name: '观湖街道便民服务中心', type: '便民服务中心', region_code: '440309001', address: '观湖街道1号', lat: 22.7, lng: 114.05, opening_hours: weekdays, items: ['LH-001', 'LH-002'] },
    { id: 'LHT-1', name: '龙华自助终端', type: '自助服务终端', region_code: '440309', address: '梅龙大道1号一楼', lat: 22.65, lng: 114.03, is_24h: true, phone: '', items: [] },
    { id: 'CXV-1', name: '磁县政务服务中心', type: '政务服务中心', region_code: '130427', address: '磁县滏阳路1号', lat: 36.37, lng: 114.37, opening_hours: weekdays, phone: '0310-2345678', items: ['CX-001', 'LH-001'] },
  ];
  const r = await importServiceMap({ db, clock }, { items: write('items.jsonl', jsonl(itemRows)), venues: write('venues.jsonl', jsonl(venueRows)) });
  assert.equal(r.ok, true, JSON.stringify(r.problems));
}

forEachDialect('open data: service items', (get) => {
  test('items.csv: BOM, the import format\'s Chinese header, every item once, labels, venues, fees; formula-safe', async () => {
    const raw = await text(items.open(get().db, INSTALLATION, 'items.csv', clock.now()));
    assert.ok(raw.startsWith('\uFEFF事项编号,事项名称,基本编码'));
    assert.ok(raw.includes('\r\n'));
    const [header, ...rows] = parseCsv(raw).filter((r) => r.length > 1);
    const col = (name: string) => header!.indexOf(name);
    // The whole installation comes in load order (a sequential scan); a government's file in (region, id) order (below).
    assert.deepEqual(rows.map((r) => r[0]).sort(), ['CX-001', 'LH-001', 'LH-002', 'LH-003']);
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    const sfz = row('LH-001');
    assert.equal(sfz[col('事项名称')], '居民身份证换领');
    assert.equal(sfz[col('事项类型')], '行政确认');
    assert.equal(sfz[col('实施主体')], '深圳市公安局龙华分局');
    assert.equal(sfz[col('区划代码')], '440309000000');
    assert.equal(sfz[col('区划名称')], '龙华区');
    assert.equal(sfz[col('办理渠道')], '窗口办、邮寄办理');
    assert.equal(sfz[col('承诺办结时限')], '20');
    assert.equal(sfz[col('承诺时限单位')], '工作日');
    assert.equal(sfz[col('到办事现场次数')], '1');
    assert.equal(sfz[col('是否支持预约办理')], '是');
    assert.equal(sfz[col('是否支持物流快递')], '是');
    assert.equal(sfz[col('是否支持帮办代办')], '否');
    assert.equal(sfz[col('收费')], '工本费：20元');
    assert.equal(sfz[col('办理场所')], 'CXV-1、LHV-1、LHV-2');
    assert.equal(row('LH-002')[col('是否支持帮办代办')], '是');
    assert.equal(row('LH-002')[col('是否支持预约办理')], '否');
    assert.equal(row('LH-003')[col('事项名称')], '最低生活保障, "低保" 审批', 'comma and quotes survive');
    // The formula guard: the raw file has the apostrophe, parseCsv reads it back without.
    assert.ok(raw.includes('"\'=HYPERLINK(""http://evil"")"'), 'a cell starting with = is written with a leading apostrophe');
    assert.equal(row('LH-002')[col('事项名称')], '=HYPERLINK("http://evil")');
  });

  test('items.jsonl: one parseable object per line with codes, flags, fees and the venues\' public ids; no row ids', async () => {
    const lines = (await text(items.open(get().db, INSTALLATION, 'items.jsonl', clock.now()))).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 4);
    const sfz = lines.find((l) => l.id === 'LH-001')!;
    assert.deepEqual(sfz.channels, ['window', 'express']);
    assert.equal(sfz.type, 'confirmation');
    assert.equal(sfz.region_name, '龙华区');
    assert.equal(sfz.appointment, true);
    assert.equal(sfz.express_delivery, true);
    assert.equal(sfz.assisted, false);
    assert.deepEqual(sfz.fees, [{ name: '工本费', standard: '20元', basis: '价格主管部门规定', waivable: false }]);
    assert.deepEqual(sfz.venues, ['CXV-1', 'LHV-1', 'LHV-2']);
    assert.deepEqual(sfz.keywords, ['身份证', '换证']);
    assert.equal(sfz.updated_at, '2026-09-22T02:00:00.000Z');
    const lb = lines.find((l) => l.id === 'LH-003')!;
    assert.equal(lb.appointment, null, 'no guide: unknown, not false');
    assert.ok(!('row_id' in sfz) && typeof sfz.id === 'string');
  });

  test('venues.csv and venues.jsonl: public fields, office phone, hours as text, 7×24 flag', async () => {
    const [header, ...rows] = parseCsv(await text(items.open(get().db, INSTALLATION, 'venues.csv', clock.now()))).filter((r) => r.length > 1);
    assert.deepEqual(rows.map((r) => r[0]), ['CXV-1', 'LHT-1', 'LHV-1', 'LHV-2']);
    const lh = rows[2]!;
    const col = (name: string) => header!.indexOf(name);
    assert.equal(lh[col('场所类型')], '政务服务中心');
    assert.equal(lh[col('电话')], '0755-12345678');
    assert.equal(lh[col('办公时间')], '周一至周五 09:00-12:00,13:30-17:30；周六 09:00-12:00；周日 休息');
    assert.equal(lh[col('是否24小时')], '否');
    assert.equal(rows[1]![col('是否24小时')], '是');
    assert.equal(lh[col('纬度')], '22.65');
    const lines = (await text(items.open(get().db, INSTALLATION, 'venues.jsonl', clock.now()))).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const v = lines.find((l) => l.id === 'LHV-2')!;
    assert.equal(v.type, 'convenience_centre');
    assert.equal(v.region_name, '观湖街道');
    assert.equal(v.lng, 114.05);
    assert.equal((v.opening_hours as Record<string, string>).sat, '09:00-12:00');
  });

  test('a government\'s dataset holds only its region\'s items and venues', async () => {
    const db = get().db;
    const ids = async (scope: DatasetScope, file: string) => (await text(items.open(db, scope, file, clock.now()))).trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    assert.deepEqual(await ids(LONGHUA, 'items.jsonl'), ['LH-001', 'LH-003', 'LH-002']);
    assert.deepEqual(await ids(CIXIAN, 'items.jsonl'), ['CX-001']);
    assert.deepEqual(await ids(LONGHUA, 'venues.jsonl'), ['LHT-1', 'LHV-1', 'LHV-2']);
    const csv = parseCsv(await text(items.open(db, CIXIAN, 'venues.csv', clock.now()))).filter((r) => r.length > 1);
    assert.deepEqual(csv.slice(1).map((r) => r[0]), ['CXV-1']);
    const doc = JSON.parse(await text(items.open(db, CIXIAN, 'hsds.json', clock.now()))) as { services: unknown[]; locations: { external_identifier: string }[] };
    assert.equal(doc.services.length, 1);
    assert.deepEqual(doc.locations.map((l) => l.external_identifier), ['CXV-1']);
  });

  test('hsds.json: one JSON document; organization, service, location, service_at_location, schedule, phone with their required fields; ids stable UUIDs', async () => {
    const raw = await text(items.open(get().db, INSTALLATION, 'hsds.json', clock.now()));
    const doc = JSON.parse(raw) as { hsds_version: string; organizations: Record<string, unknown>[]; services: Record<string, unknown>[]; locations: Record<string, unknown>[] };
    assert.equal(doc.hsds_version, '3.0');
    const has = (o: Record<string, unknown>, fields: string[], what: string) => { for (const f of fields) assert.ok(o[f] !== undefined && o[f] !== null && o[f] !== '', `${what} lacks ${f}: ${JSON.stringify(o)}`); };
    assert.equal(doc.organizations.length, 4, 'implementing body (or department) per region');
    for (const o of doc.organizations) { has(o, ['id', 'name', 'description'], 'organization'); assert.match(o.id as string, UUID); }
    assert.equal(doc.services.length, 4);
    const orgIds = new Set(doc.organizations.map((o) => o.id));
    const locIds = new Set(doc.locations.map((l) => l.id));
    for (const sv of doc.services) {
      has(sv, ['id', 'name', 'status'], 'service');
      assert.ok(['active', 'inactive', 'defunct', 'temporarily closed'].includes(sv.status as string));
      assert.ok(orgIds.has(sv.organization_id), 'organization_id resolves');
      for (const sal of sv.service_at_locations as Record<string, unknown>[]) {
        has(sal, ['id', 'service_id', 'location_id'], 'service_at_location');
        assert.equal(sal.service_id, sv.id);
        assert.ok(locIds.has(sal.location_id), 'location_id resolves');
      }
    }
    const sfz = doc.services.find((s) => s.name === '居民身份证换领')!;
    assert.equal((sfz.service_at_locations as unknown[]).length, 3);
    assert.equal(sfz.fees_description, '工本费：20元');
    assert.equal(sfz.url, 'https://example.gov.cn/sfz');
    assert.equal(doc.locations.length, 4);
    for (const l of doc.locations) {
      has(l, ['id', 'location_type'], 'location');
      assert.equal(l.location_type, 'physical');
      for (const a of l.addresses as Record<string, unknown>[]) { has(a, ['id', 'address_1', 'city', 'state_province', 'country', 'address_type'], 'address'); assert.ok('postal_code' in a); }
      for (const p of l.phones as Record<string, unknown>[]) has(p, ['id', 'number'], 'phone');
      for (const s of l.schedules as Record<string, unknown>[]) { has(s, ['id', 'freq', 'byday', 'opens_at', 'closes_at'], 'schedule'); assert.match(s.id as string, UUID); }
    }
    const lh = doc.locations.find((l) => l.external_identifier === 'LHV-1')!;
    assert.deepEqual((lh.addresses as Record<string, unknown>[])[0], { ...(lh.addresses as Record<string, unknown>[])[0], address_1: '龙华区梅龙大道1号', state_province: '广东省', city: '深圳市', region: '龙华区', country: 'CN' });
    assert.deepEqual((lh.phones as Record<string, unknown>[]).map((p) => p.number), ['0755-12345678']);
    // 上午 and 下午: two schedules Monday to Friday; Saturday morning a third (09:00–12:00 shares the morning's range).
    const sch = lh.schedules as Record<string, unknown>[];
    assert.deepEqual(sch.map((s) => [s.byday, s.opens_at, s.closes_at]), [['MO,TU,WE,TH,FR,SA', '09:00+08:00', '12:00+08:00'], ['MO,TU,WE,TH,FR', '13:30+08:00', '17:30+08:00']]);
    assert.match(sch[0]!.notes as string, /法定节假日.*调休/);
    assert.equal(sch[0]!.timezone, 8);
    const term = doc.locations.find((l) => l.external_identifier === 'LHT-1')!;
    assert.deepEqual((term.schedules as Record<string, unknown>[]).map((s) => [s.byday, s.opens_at, s.closes_at]), [['MO,TU,WE,TH,FR,SA,SU', '00:00+08:00', '23:59+08:00']]);
    assert.deepEqual(term.phones, [], 'no phone, no phone object');
    // Stable: the same document twice.
    assert.equal(await text(items.open(get().db, INSTALLATION, 'hsds.json', clock.now())), raw);
  });

  test('service-map-totals: public totals per region with names; facts from the totals, null where there are no items', async () => {
    const db = get().db;
    const lines = (await text(totals.open(db, INSTALLATION, 'totals.jsonl', clock.now()))).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const lh = lines.find((l) => l.region_code === '440309000000')!;
    assert.equal(lh.region_name, '龙华区');
    assert.equal(lh.venues, 3);
    assert.equal(lh.terminals, 1);
    assert.equal(lh.items, 3);
    assert.equal((lh.items_by_channel as Record<string, number>).window, 2);
    assert.equal((lh.items_by_channel as Record<string, number>).assisted, 1);
    const csv = parseCsv(await text(totals.open(db, INSTALLATION, 'totals.csv', clock.now()))).filter((r) => r.length > 1);
    assert.deepEqual(csv[0]!.slice(0, 6), ['区划代码', '区划名称', '层级', '场所数', '自助终端数', '事项数']);
    assert.deepEqual(csv.find((r) => r[0] === '130427000000')!.slice(1, 6), ['磁县', '县级', '1', '0', '1']);
    const now = new Date('2026-09-22T03:00:00Z');
    assert.deepEqual(await items.facts(db, INSTALLATION, now), { lastModified: '2026-09-22T02:00:00.000Z', rows: 4, temporal: null });
    assert.equal((await items.facts(db, LONGHUA, now))!.rows, 3);
    assert.equal(await items.facts(db, gov('110101', '东城区人民政府'), now), null);
    assert.equal((await totals.facts(db, INSTALLATION, now))!.rows, lines.length);
  });

  test('several pages: every item exactly once, in the whole installation and in a government\'s (region, id) order', async () => {
    const db = get().db;
    const more = Array.from({ length: 1103 }, (_, i) => ({ id: `P-${String((i * 7919) % 1103).padStart(4, '0')}`, name: `事项${i}`, type: '公共服务', region_code: i % 2 ? '440309' : '440309001', channels: ['窗口办'] }));
    const r = await importServiceMap({ db, clock }, { items: write('more.jsonl', jsonl(more)) });
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    const ids = async (scope: DatasetScope) => (await text(items.open(db, scope, 'items.jsonl', clock.now()))).trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; region_code: string });
    const all = await ids(INSTALLATION);
    assert.equal(all.length, 1107);
    assert.equal(new Set(all.map((x) => x.id)).size, 1107);
    const lh = await ids(LONGHUA);
    assert.equal(lh.length, 1106);
    const keys = lh.map((x) => `${x.region_code} ${x.id}`);
    assert.deepEqual(keys, [...keys].sort(), '(region_code, public_id) order');
    const csvRows = parseCsv(await text(items.open(db, LONGHUA, 'items.csv', clock.now()))).filter((x) => x.length > 1);
    assert.equal(csvRows.length, 1107, 'header + rows');
  });
}, async (t) => { await load(t.db); });
