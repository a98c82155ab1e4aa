// Visual defects of issue 16 that are data or markup, not style: the 公开指南 printed 「<p>」 from a
// plain-text field holding HTML, and a village 便民服务站 was labelled 乡（镇、街道）级.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

forEachDialect('issue 16 visual defects', (get) => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(get(), clock);
  });
  after(async () => t.app.close());

  test('the 公开指南 shows its notes as text, never a literal tag', async () => {
    const page = await t.app.inject({ url: '/openness/orgs/130427/guide' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<dt>其他说明<\/dt><dd>主动公开的政府信息按主题分类和体裁编排/);
    assert.doesNotMatch(page.body, /&lt;\/?p/);
  });

  test('notes stored as HTML by an earlier version read as text, a paragraph a line, on the page and in the form', async () => {
    await get().db.updateTable('disclosure_guide').set({ extra_html: '<p>第一段说明。</p><p>第二段 &amp; 附注。</p>' }).where('org_code', '=', '130427').execute();
    const page = await t.app.inject({ url: '/openness/orgs/130427/guide' });
    assert.match(page.body, /<dd>第一段说明。<br\/?>第二段 &amp; 附注。<\/dd>/);
    assert.doesNotMatch(page.body, /&lt;\/?p|&amp;amp;/);
    const form = await t.app.inject({ url: '/staff/disclosure-guides/130427', headers: { cookie: await signIn(t.app, 'admin') } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /第一段说明。\n第二段 &amp; 附注。<\/textarea>/);
    assert.doesNotMatch(form.body, /&lt;p/);
    // Notes typed as text (a line break, an ampersand, a 「<」 that is not a tag) stay exactly as typed.
    await get().db.updateTable('disclosure_guide').set({ extra_html: '周一至周五\n材料 < 5 页的可当场取件 & 复印' }).where('org_code', '=', '130427').execute();
    const plain = await t.app.inject({ url: '/openness/orgs/130427/guide' });
    assert.match(plain.body, /<dd>周一至周五<br\/?>材料 &lt; 5 页的可当场取件 &amp; 复印<\/dd>/);
  });

  test('a village 便民服务站 of the demo is 村（社区）级; the township centre stays 乡（镇、街道）级', async () => {
    const station = await get().db.selectFrom('sm_venue').select(['public_id', 'name', 'level']).where('type', '=', 'convenience_station').orderBy('public_id').execute();
    assert.ok(station.length >= 3);
    assert.deepEqual([...new Set(station.map((v) => v.level))], ['village']);
    const one = station[0]!;
    const page = await t.app.inject({ url: `/services/venues/${encodeURIComponent(one.public_id)}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /便民服务站\/室（村（社区）级）/);
    const centre = await get().db.selectFrom('sm_venue').select('public_id').where('type', '=', 'convenience_centre').orderBy('public_id').executeTakeFirstOrThrow();
    assert.match((await t.app.inject({ url: `/services/venues/${encodeURIComponent(centre.public_id)}` })).body, /便民服务中心（乡（镇、街道）级）/);
  });
}, withDemo);
