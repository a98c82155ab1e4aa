// The public home page and the five section pages over seeded records: each block shows the right
// records (publicly visible only — no drafts, no schedules still in the future, nothing withdrawn,
// nothing private of any county), the 民心直通车 figures equal the 办理情况统计 of the same month, and
// the section pages carry their figures and keep their entrances.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { clearDisclosures, insertRecord, linkRecords, type RecordSpec } from '../support/disclosures.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';

/** 2025-12-20 10:00 Beijing: 「本月」 is 2025-12, the demo's messages of December have replies. */
const NOW = '2025-12-20T02:00:00.000Z';

/** The HTML of the block with this heading id (up to the next block). */
function block(body: string, id: string): string {
  const at = body.indexOf(`aria-labelledby="${id}"`);
  assert.ok(at >= 0, `block ${id} present`);
  const end = body.indexOf('<section class="portal-block"', at + 10);
  return body.slice(at, end < 0 ? undefined : end);
}
/** The value shown for a figure (data-figure="…"). */
function figure(html: string, id: string): string {
  const m = new RegExp(`data-figure="${id}"><dt>[^<]*</dt><dd>([^<]*)</dd>`).exec(html);
  assert.ok(m, `figure ${id}`);
  return m[1] as string;
}

forEachDialect('portal home page and sections', (get) => {
  let t: TestApp;
  before(async () => {
    const db = get().db;
    await clearDisclosures(db);
    t = await buildTestApp(get(), fixedClock(NOW), { PORTAL_CACHE_SECONDS: '0' });
    const rec = (indexNo: string, orgCode: string, title: string, more: Partial<RecordSpec> = {}) =>
      insertRecord(db, { indexNo, orgCode, title, publishedAt: '2025-12-10T02:00:00.000Z', ...more });
    // one visible record per level, in two counties
    await rec('130427/2025-zhzw-0101', '130427', '门户县级信息', { publishedAt: '2025-12-12T02:00:00.000Z', genre: 'report' });
    await rec('130427-mzj/2025-zhzw-0101', '130427-mzj', '门户县民政局信息', { publishedAt: '2025-12-11T02:00:00.000Z', genre: 'report' });
    await rec('130427100/2025-zhzw-0101', '130427100', '门户磁州镇信息', { genre: 'report' });
    await rec('440105001/2025-zhzw-0101', '440105001', '门户赤岗街道信息', { publishedAt: '2025-12-09T02:00:00.000Z', genre: 'report' });
    await rec('130427100001/2025-zhzw-0101', '130427100001', '门户阜才社区信息', { genre: 'report' });
    // never on a public page
    await rec('130427/2025-zhzw-0102', '130427', '门户县级草稿', { state: 'draft', publishedAt: null, genre: 'notice' });
    await rec('440105/2025-zhzw-0102', '440105', '门户海珠区草稿', { state: 'submitted', publishedAt: null, genre: 'notice' });
    await rec('130427/2025-zhzw-0103', '130427', '门户定时未到', { state: 'scheduled', publishedAt: '2025-12-25T02:00:00.000Z', genre: 'notice' });
    await rec('130427100001/2025-zhzw-0103', '130427100001', '门户村级定时未到', { state: 'scheduled', publishedAt: '2025-12-21T02:00:00.000Z' });
    await rec('130427/2025-zhzw-0104', '130427', '门户已撤回公告', { state: 'withdrawn', publishedAt: '2025-12-01T02:00:00.000Z', genre: 'announcement' });
    // 通知公告: notices and announcements, including a schedule whose time has come
    await rec('130427/2025-zhzw-0105', '130427', '门户通知甲', { genre: 'notice', publishedAt: '2025-12-05T02:00:00.000Z' });
    await rec('440105/2025-zhzw-0105', '440105', '门户公告乙', { genre: 'announcement', publishedAt: '2025-12-06T02:00:00.000Z' });
    await rec('130427/2025-zhzw-0106', '130427', '门户定时已到通知', { state: 'scheduled', genre: 'notice', publishedAt: '2025-12-19T02:00:00.000Z' });
    await rec('130427/2025-zhzw-0107', '130427', '门户规范性文件', { genre: 'normative', publishedAt: '2025-12-04T02:00:00.000Z' });
    // 政策解读 beside its policy; an interpretation of a policy that is not public names no policy
    const policy = await rec('130427/2025-zhzw-0108', '130427', '门户低保实施办法', { genre: 'normative', publishedAt: '2025-11-20T02:00:00.000Z' });
    const interp = await rec('130427/2025-zhzw-0109', '130427', '门户低保实施办法解读', { genre: 'interpretation', publishedAt: '2025-11-21T02:00:00.000Z' });
    await linkRecords(db, interp, policy);
    const secret = await rec('130427/2025-zhzw-0110', '130427', '门户未公开的政策', { state: 'draft', publishedAt: null, genre: 'normative' });
    const orphan = await rec('130427/2025-zhzw-0111', '130427', '门户孤立解读', { genre: 'interpretation', publishedAt: '2025-11-22T02:00:00.000Z' });
    await linkRecords(db, orphan, secret);
    // a draft annual report of another county stays off the page
    await db.insertInto('annual_report').values({ org_code: '440105', org_path: '/44/4401/440105/', year: 2025, include_subtree: 0, state: 'draft', source: 'system', licensing_count: 0, penalty_count: 0, coercion_count: 0, fees_wan: '0', created_at: NOW, updated_at: NOW }).execute();
  });
  after(async () => t.app.close());

  test('最新公开: the newest visible records of each organisation level, of every county, and nothing unpublished', async () => {
    const res = await t.app.inject('/');
    assert.equal(res.statusCode, 200);
    const latest = block(res.body, 'home-latest');
    const level = (l: string) => { const at = latest.indexOf(`data-level="${l}"`); return latest.slice(at, latest.indexOf('</section>', at)); };
    assert.match(level('county'), /门户县级信息[\s\S]*门户县民政局信息/, 'county level: the government and its departments, newest first');
    assert.doesNotMatch(level('county'), /门户磁州镇信息|门户阜才社区信息|门户赤岗街道信息/);
    assert.match(level('township'), /门户磁州镇信息[\s\S]*门户赤岗街道信息/, 'township level: both counties');
    assert.doesNotMatch(level('township'), /门户县级信息|门户阜才社区信息/);
    assert.match(level('village'), /门户阜才社区信息/);
    assert.doesNotMatch(level('village'), /门户县级信息|门户磁州镇信息/);
    for (const hidden of ['门户县级草稿', '门户海珠区草稿', '门户定时未到', '门户村级定时未到', '门户已撤回公告', '门户未公开的政策']) assert.ok(!res.body.includes(hidden), `${hidden} is not public`);
    assert.match(latest, /href="\/openness\/disclosures\/130427%2F2025-zhzw-0101"/, 'records link by 索引号');
  });

  test('通知公告 lists notices and announcements only; 政策解读 stands beside the policy it interprets', async () => {
    const body = (await t.app.inject('/')).body;
    const notices = block(body, 'home-notices');
    assert.match(notices, /门户定时已到通知[\s\S]*门户公告乙[\s\S]*门户通知甲/, 'newest first, a due schedule included, both counties');
    assert.doesNotMatch(notices, /门户规范性文件|门户县级信息|门户已撤回公告|门户县级草稿|门户定时未到/);
    const interp = block(body, 'home-interpretations');
    assert.match(interp, /<li><a href="\/openness\/disclosures\/130427%2F2025-zhzw-0108">门户低保实施办法<\/a><span class="record-meta">解读：<a href="\/openness\/disclosures\/130427%2F2025-zhzw-0109">门户低保实施办法解读<\/a>/);
    assert.match(interp, /门户孤立解读/);
    assert.doesNotMatch(interp, /门户未公开的政策/);
  });

  test('民心直通车: this month\'s figures are the 合计 of /interaction/statistics for the month, and the latest replies are public ones', async () => {
    const body = (await t.app.inject('/')).body;
    const box = block(body, 'home-interaction');
    const csv = await t.app.inject('/interaction/statistics.csv?period=2025-12');
    assert.equal(csv.statusCode, 200);
    const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
    const total = rows.find((r) => r[3] === '合计');
    assert.ok(total, 'a 合计 row');
    const [received, , replied, , , , , rate] = total.slice(4);
    assert.ok(Number(received) > 0 && Number(replied) > 0, 'the month has messages and replies (a real comparison)');
    assert.equal(figure(box, 'received'), received);
    assert.equal(figure(box, 'replied'), replied);
    assert.equal(figure(box, 'rate'), rate ? `${rate}%` : '—');
    assert.match(box, /2025年12月/);

    const db = get().db;
    const list = box.slice(box.indexOf('<ul class="record-list">'), box.indexOf('</ul>'));
    const shown = [...list.matchAll(/href="\/interaction\/messages\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1] as string));
    assert.ok(shown.length > 0 && shown.length <= 5);
    const msgs = await db.selectFrom('message').select(['reference', 'is_public', 'sensitive', 'response', 'replied_on', 'stage']).where('reference', 'in', shown).execute();
    for (const m of msgs) assert.ok(m.is_public === 1 && m.sensitive === 0 && m.response && m.replied_on && m.stage !== 'rejected', `${m.reference} is a public reply`);
    const newest = await db.selectFrom('message').select('replied_on').where('is_public', '=', 1).where('sensitive', '=', 0).where('response', 'is not', null)
      .where('stage', 'not in', ['received', 'rejected', 'converted_to_application']).orderBy('replied_on', 'desc').executeTakeFirstOrThrow();
    assert.equal(msgs.find((m) => m.reference === shown[0])?.replied_on, newest.replied_on, 'newest reply first');
    // made private: gone from the home page
    await db.updateTable('message').set({ is_public: 0 }).where('reference', '=', shown[0] as string).execute();
    try {
      const again = block((await t.app.inject('/')).body, 'home-interaction');
      assert.ok(!again.includes(`/interaction/messages/${encodeURIComponent(shown[0] as string)}"`), 'a private message is never listed');
    } finally {
      await db.updateTable('message').set({ is_public: 1 }).where('reference', '=', shown[0] as string).execute();
    }
  });

  test('hot searches and hot services come from the search analytics; annual reports are the published ones; portal entrances from the table', async () => {
    const body = (await t.app.inject('/')).body;
    const hot = (await t.app.inject('/api/v1/search/hot')).json() as { queries: { query: string }[]; items: { title: string }[] };
    assert.ok(hot.queries.length > 0 && hot.items.length > 0, 'the demo has search analytics');
    assert.ok(body.includes(`>${hot.queries[0]!.query}</a>`), 'the hottest search is shown');
    const services = block(body, 'home-services');
    assert.deepEqual([...services.matchAll(/<li><a href="[^"]*">([^<]*)<\/a><\/li>/g)].map((m) => m[1]), hot.items.map((i) => i.title), 'hot services in the order of the item ranking');
    const reports = block(body, 'home-reports');
    assert.match(reports, /磁县人民政府2025年政府信息公开工作年度报告/);
    assert.doesNotMatch(reports, /海珠区人民政府2025年/);
    const links = block(body, 'home-links');
    assert.match(links, /data-link-level="province"[\s\S]*河北省人民政府[\s\S]*data-link-level="city"[\s\S]*邯郸市人民政府[\s\S]*data-link-level="county"[\s\S]*磁县人民政府/);
    assert.match(links, /href="https:\/\/www\.hebei\.gov\.cn\/"/);
  });

  test('信息公开 opens on the newest records, this year\'s count and the levels; its entrances stay', async () => {
    const res = await t.app.inject('/openness');
    assert.equal(res.statusCode, 200);
    const latest = block(res.body, 'openness-latest');
    assert.match(latest, /门户定时已到通知[\s\S]*门户县级信息[\s\S]*门户县民政局信息/);
    for (const hidden of ['门户县级草稿', '门户定时未到', '门户已撤回公告']) assert.ok(!res.body.includes(hidden), hidden);
    const db = get().db;
    const visible2025 = (await db.selectFrom('disclosure').select(['state', 'published_at']).execute())
      .filter((r) => ['published', 'scheduled'].includes(r.state) && r.published_at && r.published_at <= NOW && r.published_at >= '2024-12-31T16:00:00.000Z').length;
    assert.equal(figure(res.body, 'this-year'), `${visible2025} 条`);
    for (const href of ['/openness/disclosures', '/openness/reports/annual', '/openness/catalogs']) assert.ok(res.body.includes(`href="${href}"`), href);
    assert.doesNotMatch(res.body, /建设中/);
  });

  test('政务服务, 数据开放, 依申请公开 and 互动交流 carry their figures; nothing says 建设中 and 政务服务 links the 好差评 results', async () => {
    const db = get().db;
    const services = (await t.app.inject('/services')).body;
    const items = Number((await db.selectFrom('sm_item').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const venues = Number((await db.selectFrom('sm_venue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(figure(services, 'items'), `${items} 项`);
    assert.equal(figure(services, 'venues'), `${venues} 个`);
    assert.ok(services.includes('href="/services/map"') && services.includes('href="/services/life-events"'));

    // 数据开放 is the opendata module's dataset catalogue (issue 23: test/web/opendata-pages.web.test.ts); it keeps the open API list
    const data = (await t.app.inject('/data')).body;
    assert.match(data, /data-api="regions"><th scope="row">行政区划<\/th><td><code>\/api\/v1\/regions<\/code>/);
    assert.doesNotMatch(data, /录入或替换一年/, "staff-token operations are not open data");
    assert.doesNotMatch(data, /\/api\/v1\/staff/, 'staff APIs are not listed as open data');

    const apps = (await t.app.inject('/applications')).body;
    const cases = await db.selectFrom('application_case').select(['received_on', 'decided_on']).execute();
    const of2025 = cases.filter((c) => c.received_on?.startsWith('2025'));
    assert.equal(figure(apps, 'received'), String(of2025.length));
    assert.equal(figure(apps, 'answered'), String(of2025.filter((c) => c.decided_on).length));
    assert.ok(apps.includes('href="/applications/apply"') && apps.includes('href="/applications/status"'));

    const inter = (await t.app.inject('/interaction')).body;
    const year = parseCsv((await t.app.inject('/interaction/statistics.csv?period=2025')).body.replace(/^\uFEFF/, '')).find((r) => r[3] === '合计')!;
    assert.equal(figure(inter, 'year-received'), year[4]);
    assert.equal(figure(inter, 'year-replied'), year[6]);
    for (const body of [services, data, apps, inter]) {
      assert.doesNotMatch(body, /建设中/);
    }
    // 好差评 exists now (issue 17): 政务服务 links its public results (数据开放 lists its API).
    assert.match(services, /<a href="\/ratings">政务服务「好差评」结果/);
  });
}, withDemo);
