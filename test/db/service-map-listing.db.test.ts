// Issue 22 §4 and §7 on SQLite and PostgreSQL: an import file with the national channels 帮办代办 and
// 邮寄办理 (by code, label or alias, and as 是/否 columns) now loads; the listing's keyset paging
// returns every row exactly once in (region_code, public_id) order; the filters; and the totals per
// region refreshed by the import's switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDialect } from '../support/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { importServiceMap } from '../../src/modules/service-map/index.ts';
import { findItem } from '../../src/modules/service-map/service-map.repository.ts';
import { listItems, listVenues, regionTotals } from '../../src/modules/service-map/listing.repository.ts';
import type { Cursor } from '../../src/modules/service-map/listing-query.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-sm-listing-'));
const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const clock = fixedClock('2026-09-22T02:00:00Z');
const hours = { mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00' };

forEachDialect('service map listing', (get) => {
  const deps = () => ({ db: get().db, clock });

  test('a file with 帮办代办 and 邮寄办理 (codes, labels, aliases, 是/否 columns) loads whole; before issue 22 it was refused', async () => {
    const items = [
      { id: 'N-1', name: '最低生活保障审批', type: '行政给付', region_code: '440309', channels: ['窗口办', '帮办代办', '邮寄办理'] },
      { id: 'N-2', name: '残疾人证办理', type: '公共服务', region_code: '440309', channels: '窗口办理、代办、快递' },
      { id: 'N-3', name: '退休审批', type: '行政确认', region_code: '440309', channels: ['assisted', 'express', '物流快递', '帮办'] },
    ];
    const f = write('channels.jsonl', jsonl(items));
    const r = await importServiceMap(deps(), { items: f });
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.deepEqual((await findItem(get().db, 'N-1'))!.channels, ['window', 'assisted', 'express']);
    assert.deepEqual((await findItem(get().db, 'N-2'))!.channels, ['window', 'assisted', 'express']);
    assert.deepEqual((await findItem(get().db, 'N-3'))!.channels, ['assisted', 'express']);
    // A CSV with the regulations.md §7.4 yes/no columns: 是否支持预约办理, 是否支持物流快递, 是否支持帮办代办.
    const csv = write('flags.csv', '事项编号,事项名称,事项类型,区划代码,办理渠道,是否支持预约办理,是否支持物流快递,是否支持帮办代办,跑动次数,跑动次数说明\n'
      + 'N-4,护照签发,行政许可,440309,窗口办,是,是,否,1,需本人到场采集指纹\nN-5,户口迁移,行政确认,440309,窗口办,否,,是,0,\n');
    const r2 = await importServiceMap(deps(), { items: csv });
    assert.equal(r2.ok, true, JSON.stringify(r2.problems));
    const n4 = (await findItem(get().db, 'N-4'))!;
    assert.deepEqual(n4.channels, ['window', 'express']);
    assert.equal(n4.guide.appointment, true);
    assert.equal(n4.guide.express_delivery, true);
    assert.equal(n4.visits, 1);
    assert.equal(n4.guide.visits_reason, '需本人到场采集指纹');
    const n5 = (await findItem(get().db, 'N-5'))!;
    assert.deepEqual(n5.channels, ['window', 'assisted']);
    assert.equal(n5.guide.appointment, false);
    // A value that is no channel or no yes/no still refuses the file, naming the new channels.
    const bad = await importServiceMap(deps(), { items: write('bad.jsonl', jsonl([{ ...items[0], id: 'N-9', channels: ['飞鸽传书'] }, { ...items[0], id: 'N-8', 是否支持预约办理: '也许' }])) });
    assert.equal(bad.ok, false);
    assert.match(bad.problems.map((p) => p.message).join('\n'), /「飞鸽传书」不是办理渠道（.*帮办代办、邮寄办理）/);
    assert.match(bad.problems.map((p) => p.message).join('\n'), /是否支持预约办理.*也许/);
  });

  test('listing pages through every item and venue once, in (region_code, public_id) order; filters; totals after the switch', async () => {
    await get().db.deleteFrom('sm_item').where('public_id', 'like', 'N-%').execute(); // the first test's items
    const regions = ['440309000000', '440309001000', '440309001001', '440309002000', '440305000000', '130427000000'];
    const items = Array.from({ length: 53 }, (_, i) => ({
      id: `L-${String((i * 7919) % 53).padStart(3, '0')}`, name: `事项${i}`, type: i % 3 === 0 ? '公共服务' : '行政许可', region_code: regions[i % regions.length] as string,
      channels: i % 4 === 0 ? ['窗口办', '邮寄办理'] : ['窗口办'],
    }));
    const venues = Array.from({ length: 23 }, (_, i) => ({
      id: `LV-${i}`, name: `场所${i}`, type: i % 5 === 0 ? '自助服务终端' : '便民服务中心', region_code: (regions[i % regions.length] as string).replace(/0+$/, '').padEnd(6, '0'),
      address: '路', lat: 22.6 + i / 1000, lng: 114.03, opening_hours: hours, items: i < 3 ? ['L-000'] : [],
    }));
    const r = await importServiceMap(deps(), { items: write('l-items.jsonl', jsonl(items)), venues: write('l-venues.jsonl', jsonl(venues)) });
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    const db = get().db;
    const all: { region_code: string; public_id: string }[] = [];
    let cursor: Cursor | null = null;
    let pages = 0;
    do {
      const p = await listItems(db, { prefix: null, availableIn: null, types: null, channel: null, cursor, limit: 7 });
      all.push(...p.rows.map((x) => ({ region_code: x.region_code, public_id: x.public_id })));
      cursor = p.next;
      pages += 1;
    } while (cursor && pages < 100);
    const expected = (await db.selectFrom('sm_item').select(['region_code', 'public_id']).execute()).map((x) => `${x.region_code}/${x.public_id}`).sort();
    assert.deepEqual(all.map((x) => `${x.region_code}/${x.public_id}`), expected, 'every row once, in order');
    assert.equal(new Set(all.map((x) => x.public_id)).size, all.length);
    // Subtree: 440309 holds the county, its townships and the village; 440309001 the township and its village.
    const sub = await listItems(db, { prefix: '440309001', availableIn: null, types: null, channel: null, cursor: null, limit: 100 });
    assert.deepEqual([...new Set(sub.rows.map((x) => x.region_code))].sort(), ['440309001000', '440309001001']);
    // available_in the village: the village, its township and the county — not 440309002 or 440305.
    const avail = await listItems(db, { prefix: null, availableIn: '440309001001', types: null, channel: null, cursor: null, limit: 100 });
    assert.deepEqual([...new Set(avail.rows.map((x) => x.region_code))].sort(), ['440309000000', '440309001000', '440309001001']);
    const ex = await listItems(db, { prefix: null, availableIn: null, types: null, channel: 'express', cursor: null, limit: 100 });
    assert.equal(ex.rows.length, items.filter((x) => x.channels.includes('邮寄办理')).length);
    assert.ok(ex.rows.every((x) => x.channels.split(' ').includes('express')));
    const ps = await listItems(db, { prefix: null, availableIn: null, types: ['public_service'], channel: null, cursor: null, limit: 100 });
    assert.equal(ps.rows.length, items.filter((x) => x.type === '公共服务').length);
    // Venues: paging, type and item filters.
    const vs: string[] = [];
    let vc: Cursor | null = null;
    do { const p = await listVenues(db, { prefix: '44', types: null, itemId: null, cursor: vc, limit: 4 }); vs.push(...p.rows.map((x) => x.public_id)); vc = p.next; } while (vc);
    assert.equal(vs.length, venues.filter((v) => v.region_code.startsWith('44')).length);
    assert.equal(new Set(vs).size, vs.length);
    const term = await listVenues(db, { prefix: null, types: ['terminal'], itemId: null, cursor: null, limit: 100 });
    assert.equal(term.rows.length, 5);
    const l0 = (await findItem(db, 'L-000'))!;
    assert.deepEqual((await listVenues(db, { prefix: null, types: null, itemId: l0.id, cursor: null, limit: 100 })).rows.map((x) => x.public_id).sort(), ['LV-0', 'LV-1', 'LV-2']);
    // Totals, refreshed by the switch.
    const all44 = await regionTotals(db, '44');
    assert.equal(all44.items, items.filter((x) => x.region_code.startsWith('44')).length);
    assert.equal(all44.venues, venues.filter((v) => v.region_code.startsWith('44')).length);
    assert.equal(all44.terminals, venues.filter((v, i) => v.region_code.startsWith('44') && i % 5 === 0).length);
    assert.equal(all44.byChannel.find((c) => c.code === 'express')!.items, items.filter((x) => x.region_code.startsWith('44') && x.channels.includes('邮寄办理')).length);
    assert.equal(all44.byChannel.find((c) => c.code === 'window')!.items, all44.items);
    const village = await regionTotals(db, '440309001001');
    assert.equal(village.items, items.filter((x) => x.region_code === '440309001001').length);
    const everything = await regionTotals(db, '');
    assert.equal(everything.items, 53);
    assert.equal(everything.venues, 23);
    // Missing table (never computed): computed on demand.
    await db.deleteFrom('sm_region_total').execute();
    assert.equal((await regionTotals(db, '13')).items, items.filter((x) => x.region_code.startsWith('13')).length);
  });
});
