// Issue 22 at 安徽 scale: a venue page never lists all the items of a venue (a county centre offers
// ~16,000). Above 30 items it shows the count, the departments with their counts and the first 20,
// linking to /services/venues/{id}/items, which pages in keyset order (50 a page, `after` = the last
// item's public id, never a row number) and filters by department; bad paging input is a clear 400.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { importServiceMap } from '../../src/modules/service-map/index.ts';

const clock = fixedClock('2026-09-22T02:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-venue-items-'));
const jsonl = (name: string, rows: unknown[]) => { const f = path.join(dir, name); fs.writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n')); return f; };
const hours = { mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00' };
// 80 items at the big venue: 60 of 公安局, 15 of 人社局, 5 without a department; 3 at the small one.
const dept = (i: number) => (i < 60 ? '深圳市公安局龙华分局' : i < 75 ? '龙华区人力资源局' : '');
const ITEMS = Array.from({ length: 80 }, (_, i) => ({ id: `VI-${String(i + 1).padStart(3, '0')}`, name: `测试事项${String(80 - i).padStart(3, '0')}`, type: '公共服务', department: dept(i), region_code: '440309', channels: ['窗口办理'] }));
const SMALL = [{ id: 'VS-1', name: '丙事项', type: '公共服务', region_code: '440309' }, { id: 'VS-2', name: '甲事项', type: '公共服务', region_code: '440309' }, { id: 'VS-3', name: '乙事项', type: '公共服务', region_code: '440309' }];
const venue = (id: string, items: string[]) => ({ id, name: `${id}服务中心`, type: '政务服务中心', region_code: '440309', address: '深圳市龙华区', lat: 22.6566, lng: 114.0297, opening_hours: hours, phone: '12345', items });
const links = (html: string) => [...html.matchAll(/href="\/services\/items\/(V[IS]-\d+)\?near=/g)].map((m) => m[1]);

forEachDialect('venue page items at scale', (get) => {
  let t: TestApp;
  before(async () => {
    const r = await importServiceMap({ db: get().db, clock }, { items: jsonl('items.jsonl', [...ITEMS, ...SMALL]), venues: jsonl('venues.jsonl', [venue('VT-BIG', ITEMS.map((i) => i.id)), venue('VT-SMALL', SMALL.map((i) => i.id))]) });
    assert.equal(r.ok, true, JSON.stringify(r.ok ? null : r.problems.slice(0, 3)));
    t = await buildTestApp(get(), clock);
  });
  after(async () => { await t.app.close(); });

  test('a venue with many items: count, departments with counts and links, the first 20 items and a link to all', async () => {
    const res = await t.app.inject({ url: '/services/venues/VT-BIG' });
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.match(html, /可办事项（80 项）/);
    assert.match(html, /<td><a href="\/services\/venues\/VT-BIG\/items\?dept=%E6%B7%B1[^"]*">深圳市公安局龙华分局<\/a><\/td><td>60<\/td>/);
    assert.match(html, /<td><a href="[^"]*">龙华区人力资源局<\/a><\/td><td>15<\/td>/);
    assert.match(html, /<td><a href="\/services\/venues\/VT-BIG\/items\?dept=">（未注明部门）<\/a><\/td><td>5<\/td>/);
    // departments ordered by count, most first
    assert.ok(html.indexOf('深圳市公安局龙华分局</a>') < html.indexOf('龙华区人力资源局</a>'));
    assert.deepEqual(links(html), ITEMS.slice(0, 20).map((i) => i.id)); // 20, not 80
    assert.match(html, /前 20 项（共 80 项）/);
    assert.match(html, /<a href="\/services\/venues\/VT-BIG\/items">查看全部 80 项<\/a>/);
  });

  test('a venue with few items lists them all, by name, without the department table', async () => {
    const html = (await t.app.inject({ url: '/services/venues/VT-SMALL' })).body;
    assert.match(html, /可办事项（3 项）/);
    assert.deepEqual(links(html), ['VS-1', 'VS-3', 'VS-2']); // 丙 < 乙 < 甲 in code-point order
    assert.doesNotMatch(html, /按部门|查看全部/);
  });

  test('/services/venues/{id}/items pages by 50 with the last public id as `after`, and filters by department', async () => {
    const p1 = await t.app.inject({ url: '/services/venues/VT-BIG/items' });
    assert.equal(p1.statusCode, 200);
    assert.deepEqual(links(p1.body), ITEMS.slice(0, 50).map((i) => i.id));
    assert.match(p1.body, /<a href="\/services\/venues\/VT-BIG\/items\?after=VI-050" rel="next">下一页<\/a>/);
    const p2 = await t.app.inject({ url: '/services/venues/VT-BIG/items?after=VI-050' });
    assert.deepEqual(links(p2.body), ITEMS.slice(50).map((i) => i.id));
    assert.doesNotMatch(p2.body, /rel="next"/);
    assert.match(p2.body, /回到第一页/);
    const d1 = await t.app.inject({ url: `/services/venues/VT-BIG/items?dept=${encodeURIComponent('深圳市公安局龙华分局')}` });
    assert.deepEqual(links(d1.body), ITEMS.slice(0, 50).map((i) => i.id));
    const d2 = await t.app.inject({ url: `/services/venues/VT-BIG/items?dept=${encodeURIComponent('深圳市公安局龙华分局')}&after=VI-050` });
    assert.deepEqual(links(d2.body), ITEMS.slice(50, 60).map((i) => i.id));
    const hr = await t.app.inject({ url: `/services/venues/VT-BIG/items?dept=${encodeURIComponent('龙华区人力资源局')}` });
    assert.deepEqual(links(hr.body), ITEMS.slice(60, 75).map((i) => i.id));
    assert.match(hr.body, /<strong>龙华区人力资源局（15）<\/strong>/);
    const none = await t.app.inject({ url: '/services/venues/VT-BIG/items?dept=' });
    assert.deepEqual(links(none.body), ITEMS.slice(75).map((i) => i.id));
    const other = await t.app.inject({ url: `/services/venues/VT-BIG/items?dept=${encodeURIComponent('不存在的局')}` });
    assert.equal(other.statusCode, 200);
    assert.match(other.body, /没有符合条件的事项/);
  });

  test('bad paging input: a clear 400; an unknown venue: 404', async () => {
    for (const [url, status] of [
      ['/services/venues/VT-BIG/items?after=%00', 400], ['/services/venues/VT-BIG/items?after=NO-SUCH-ITEM', 400],
      [`/services/venues/VT-BIG/items?dept=${'局'.repeat(41)}`, 400], ['/services/venues/NO-SUCH/items', 404], ['/services/venues/%00/items', 400],
    ] as const) {
      const r = await t.app.inject({ url });
      assert.equal(r.statusCode, status, url);
      if (status === 400) assert.match(r.body, /错误|after|部门/);
    }
  });
}, withDemo);
