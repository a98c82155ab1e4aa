// The public disclosure platform over fixture records: lists, record page, tombstone, 照单公开,
// feeds, sitemap, 指南/目录, statistics, the public API; and the openness office's staff pages
// (401 signed out, 403 without the role or outside the subtree).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { addAttachment, addVersion, clearDisclosures, insertRecord, linkItem, linkRecords } from '../support/disclosures.ts';
import { listAudit } from '../../src/platform/audit/audit.ts';
import { platformView } from '../../src/schema.ts';

const enc = encodeURIComponent;

forEachDialect('disclosure public platform', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let itemId: number;
  let itemKey: string;
  before(async () => {
    const db = get().db;
    await withDemo(get());
    await clearDisclosures(db); // the counts below are worked out for these records only
    t = await buildTestApp(get()); // now: 2026-03-02 10:00 Beijing (Monday)
    for (const u of ['admin', 'admin2', 'cixian.gkb', 'cixian.editor']) cookies[u] = await signIn(t.app, u);
    const item = await db.selectFrom('catalog_item').select(['id', 'item_key']).where('version_id', '=', 1).orderBy('seq').executeTakeFirstOrThrow();
    itemId = item.id;
    itemKey = item.item_key;
    ids.policy = await insertRecord(db, { indexNo: '130427/2026-zhzw-0001', title: '磁县关于加强政务公开工作的通知', documentNo: '磁政〔2026〕1号', writtenOn: '2026-02-05', genre: 'normative', summary: '政务公开工作要求', bodyHtml: '<p>各乡镇人民政府：<strong>现将</strong>有关事项通知如下。</p>', publishedAt: '2026-02-10T02:00:00.000Z', versionNo: 2 });
    ids.interp = await insertRecord(db, { indexNo: '130427/2026-zhzw-0002', title: '《关于加强政务公开工作的通知》政策解读', genre: 'interpretation', publishedAt: '2026-02-11T02:00:00.000Z' });
    await linkRecords(db, ids.interp, ids.policy);
    await addAttachment(db, ids.policy, '附件1.pdf');
    await addVersion(db, ids.policy, 2, '更正第三条的文字错误');
    ids.withdrawn = await insertRecord(db, { indexNo: '130427/2026-zhzw-0003', title: '已撤回的公告 <b>x</b>', state: 'withdrawn', withdrawnReason: '该公告内容有误，已重新发布' });
    // Scheduled for Feb 25, withdrawn on Feb 21 before it went out: never public, so no tombstone and no count.
    ids.schedWithdrawn = await insertRecord(db, { indexNo: '130427/2026-zhzw-0006', title: '定时发布前已撤回', state: 'withdrawn', publishedAt: '2026-02-25T02:00:00.000Z', withdrawnAt: '2026-02-21T02:00:00.000Z', withdrawnReason: '发布前撤回' });
    ids.draft = await insertRecord(db, { indexNo: '130427/2026-zhzw-0004', title: '草稿不公开', state: 'draft', dueOn: '2026-02-20', dueExplanation: '自形成之日起20个工作日' });
    ids.schedPast = await insertRecord(db, { indexNo: '130427/2026-mzsh-0001', title: '定时发布已到时间', state: 'scheduled', category: 'mzsh', publishedAt: '2026-03-01T01:00:00.000Z' });
    ids.schedFuture = await insertRecord(db, { indexNo: '130427/2026-mzsh-0002', title: '定时发布未到时间', state: 'scheduled', category: 'mzsh', publishedAt: '2026-03-10T01:00:00.000Z', dueOn: '2026-03-04' });
    ids.late = await insertRecord(db, { indexNo: '130427100/2026-zhzw-0001', orgCode: '130427100', title: '磁州镇逾期发布的信息 & 特殊字符', publishedAt: '2026-01-15T02:00:00.000Z', dueOn: '2026-01-10', lateWorkingDays: 3, genre: 'annual_report' });
    ids.expired = await insertRecord(db, { indexNo: '130427-mzj/2025-mzsh-0009', orgCode: '130427-mzj', title: '有效期已过仍标有效', publishedAt: '2025-06-01T02:00:00.000Z', expiresOn: '2026-02-28' });
    ids.dueLater = await insertRecord(db, { indexNo: '130427/2026-zhzw-0005', title: '尚未到期', state: 'approved', dueOn: '2026-03-20' });
    ids.gkb = await insertRecord(db, { indexNo: '130427-gkb/2026-zhzw-0001', orgCode: '130427-gkb', title: '公开办逾期草稿', state: 'submitted', dueOn: '2026-02-25' });
    ids.haizhu = await insertRecord(db, { indexNo: '440105001/2026-csjs-0001', orgCode: '440105001', title: '赤岗街暂住登记办理指引', category: 'csjs', publishedAt: '2026-02-12T02:00:00.000Z' });
    await linkItem(db, ids.haizhu, 1, itemKey);
    ids.haizhuLate = await insertRecord(db, { indexNo: '440105001/2026-csjs-0002', orgCode: '440105001', title: '赤岗街逾期未公开', state: 'draft', dueOn: '2026-02-01' });
  });
  after(async () => t.app.close());

  test('the home page shows the five sections and the latest visible records only', async () => {
    const res = await t.app.inject('/openness/disclosures');
    assert.equal(res.statusCode, 200);
    for (const s of ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报', '依申请公开']) assert.ok(res.body.includes(s), s);
    assert.match(res.body, /磁县关于加强政务公开工作的通知/);
    assert.match(res.body, /定时发布已到时间/);
    assert.doesNotMatch(res.body, /草稿不公开|定时发布未到时间|已撤回的公告/);
    assert.ok(res.body.indexOf('定时发布已到时间') < res.body.indexOf('磁县关于加强政务公开工作的通知'), 'newest first');
    const section = await t.app.inject('/openness');
    assert.match(section.body, /href="\/openness\/disclosures"/);
    assert.doesNotMatch(section.body, /主动公开信息与政策解读/, 'no longer listed as coming');
  });

  test('lists by organisation subtree, category, genre and catalogue item; paging is validated', async () => {
    const org = await t.app.inject('/openness/disclosures/org/130427');
    assert.equal(org.statusCode, 200);
    assert.match(org.body, /磁州镇逾期发布的信息 &amp; 特殊字符/, 'subtree includes the township');
    assert.doesNotMatch(org.body, /赤岗街/);
    const town = await t.app.inject('/openness/disclosures/org/130427100');
    assert.doesNotMatch(town.body, /磁县关于加强政务公开工作的通知/, 'a township does not list its parent');
    const cat = await t.app.inject('/openness/disclosures/category/mzsh');
    assert.match(cat.body, /定时发布已到时间/);
    assert.doesNotMatch(cat.body, /磁县关于加强/);
    const genre = await t.app.inject('/openness/disclosures/genre/interpretation');
    assert.match(genre.body, /政策解读/);
    assert.doesNotMatch(genre.body, /磁县关于加强政务公开工作的通知<\/a>/);
    const item = await t.app.inject(`/openness/disclosures/catalog-item/${itemId}`);
    assert.equal(item.statusCode, 200);
    assert.match(item.body, /赤岗街暂住登记办理指引/);
    assert.equal((await t.app.inject('/openness/disclosures/org/nope')).statusCode, 404);
    assert.equal((await t.app.inject('/openness/disclosures/category/nope')).statusCode, 404);
    assert.equal((await t.app.inject('/openness/disclosures/genre/nope')).statusCode, 404);
    assert.equal((await t.app.inject('/openness/disclosures/catalog-item/99999')).statusCode, 404);
    for (const p of ['0', '-1', 'abc', '501', '1e3']) {
      const bad = await t.app.inject(`/openness/disclosures/all?page=${p}`);
      assert.equal(bad.statusCode, 400, p);
      assert.match(bad.body, /页码应为/);
    }
    const p2 = await t.app.inject('/openness/disclosures/all?page=2');
    assert.equal(p2.statusCode, 200);
    assert.match(p2.body, /暂无公开信息/);
  });

  test('a table in a record body scrolls in its own focusable box (a wide 通报 annex does not widen the page on a phone)', async () => {
    const id = await insertRecord(get().db, { indexNo: '130427/2026-zhzw-0901', title: '磁县政务公开工作季度通报', genre: 'bulletin', bodyHtml: '<p>附件：</p><table><tr><th scope="col">单位</th><th scope="col">按时公开率</th></tr><tr><td>磁县民政局</td><td>100%</td></tr></table>', publishedAt: '2026-02-10T02:00:00.000Z' });
    const res = await t.app.inject(`/openness/disclosures/${enc('130427/2026-zhzw-0901')}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<div class="table-scroll" tabindex="0" role="region" aria-label="正文表格（可左右滚动）"><table><tr><th scope="col">单位<\/th>[\s\S]*?<\/table><\/div>/);
    await get().db.deleteFrom('disclosure').where('id', '=', id).execute(); // the other tests count the records
  });

  test('the record page shows the metadata table, body, attachments, linked records both ways, items and versions', async () => {
    const res = await t.app.inject(`/openness/disclosures/${enc('130427/2026-zhzw-0001')}`);
    assert.equal(res.statusCode, 200);
    for (const s of ['索引号', '主题分类', '发布机构', '成文日期', '发布日期', '文号', '有效性', '体裁']) assert.match(res.body, new RegExp(`<th scope="row">${s}</th>`));
    assert.match(res.body, /<td>130427\/2026-zhzw-0001<\/td>/);
    assert.match(res.body, /磁政〔2026〕1号/);
    assert.match(res.body, /<td>2026-02-05<\/td>/);
    assert.match(res.body, /行政规范性文件/);
    assert.match(res.body, /<strong>现将<\/strong>/, 'sanitised body rendered as HTML');
    assert.match(res.body, new RegExp(`href="/openness/disclosures/${enc('130427/2026-zhzw-0001')}/attachments/\\d+"`));
    assert.match(res.body, /政策解读<\/span> <a href="[^"]+0002">/);
    assert.match(res.body, /第2版（2026-02-15）：更正第三条的文字错误/);
    const back = await t.app.inject(`/openness/disclosures/${enc('130427/2026-zhzw-0002')}`);
    assert.match(back.body, /磁县关于加强政务公开工作的通知/, 'the interpretation shows its policy');
    const linked = await t.app.inject(`/openness/disclosures/${enc('440105001/2026-csjs-0001')}`);
    assert.match(linked.body, new RegExp(`href="/openness/catalogs/1/items/${itemKey}"`));
  });

  test('withdrawn → 410 tombstone with the reason; draft, future schedule and unknown → 404', async () => {
    const gone = await t.app.inject(`/openness/disclosures/${enc('130427/2026-zhzw-0003')}`);
    assert.equal(gone.statusCode, 410);
    assert.match(gone.body, /该信息已撤回/);
    assert.match(gone.body, /该公告内容有误，已重新发布/);
    assert.match(gone.body, /已撤回的公告 &lt;b>x&lt;\/b>/);
    for (const n of ['130427/2026-zhzw-0004', '130427/2026-mzsh-0002', '130427/2026-zhzw-0006', 'no-such-record', 'x'.repeat(100)]) {
      const r = await t.app.inject(`/openness/disclosures/${enc(n)}`);
      assert.equal(r.statusCode, 404, n);
      assert.match(r.body, /找不到/);
    }
    assert.equal((await t.app.inject(`/openness/disclosures/${'x'.repeat(300)}`)).statusCode, 400, 'over the router\'s parameter length: a 400 page, not a 500');
  });

  test('照单公开: the 一本通 item page lists the records published against it', async () => {
    const res = await t.app.inject(`/openness/catalogs/1/items/${itemKey}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /依本事项公开的信息/);
    assert.match(res.body, new RegExp(`<a href="/openness/disclosures/${enc('440105001/2026-csjs-0001')}">赤岗街暂住登记办理指引</a>（2026-02-12）`));
    const other = await t.app.inject('/openness/catalogs/1/items/' + (await get().db.selectFrom('catalog_item').select('item_key').where('version_id', '=', 1).orderBy('seq', 'desc').executeTakeFirstOrThrow()).item_key);
    assert.match(other.body, /暂无依本事项发布的信息/);
  });

  test('RSS and Atom feeds per organisation and category: absolute links, escaped text, visible records only', async () => {
    const rssRes = await t.app.inject({ url: '/openness/disclosures/feeds/org/130427/rss.xml', headers: { host: 'gk.example.gov.cn' } });
    assert.equal(rssRes.statusCode, 200);
    assert.match(rssRes.headers['content-type'] as string, /application\/rss\+xml/);
    assert.match(rssRes.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    assert.match(rssRes.body, /<link>http:\/\/gk\.example\.gov\.cn\/openness\/disclosures\/130427%2F2026-zhzw-0001<\/link>/);
    assert.match(rssRes.body, /磁州镇逾期发布的信息 &amp; 特殊字符/);
    assert.doesNotMatch(rssRes.body, /草稿不公开|已撤回/);
    const atomRes = await t.app.inject('/openness/disclosures/feeds/category/mzsh/atom.xml');
    assert.match(atomRes.headers['content-type'] as string, /application\/atom\+xml/);
    assert.match(atomRes.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.match(atomRes.body, /定时发布已到时间/);
    assert.doesNotMatch(atomRes.body, /磁县关于加强/);
    assert.equal((await t.app.inject('/openness/disclosures/feeds/org/130427/feed.json')).statusCode, 404);
    assert.equal((await t.app.inject('/openness/disclosures/feeds/org/nope/rss.xml')).statusCode, 404);
  });

  test('absolute URLs take a checked host: a forged Host header is a 400, never echoed into a feed, sitemap or API answer', async () => {
    for (const host of ['evil.example"><x y="', 'a b.example', 'gk.example/evil', 'gk.example:80:80', '<x>', 'gk.example\u0001']) {
      for (const url of ['/openness/disclosures/feeds/all/rss.xml', '/sitemap.xml', '/sitemaps/1.xml', '/api/v1/disclosures']) {
        const res = await t.app.inject({ url, headers: { host } });
        assert.equal(res.statusCode, 400, `${url} ${host}`);
        assert.ok(!res.body.includes(host), `${url} does not echo ${host}`);
        if (url.startsWith('/api/')) assert.equal(res.json().code, 'invalid_host');
        else assert.match(res.body, /主机名/);
      }
    }
    const ok = await t.app.inject({ url: '/openness/disclosures/feeds/all/atom.xml', headers: { host: 'GK.Example.gov.cn:8443', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'javascript' } });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /href="http:\/\/gk\.example\.gov\.cn:8443\/openness\/disclosures\/all"/, 'lower-cased; forwarded headers ignored without trustProxy');
    assert.doesNotMatch(ok.body, /evil|javascript/);
    const v6 = await t.app.inject({ url: '/api/v1/disclosures?limit=1', headers: { host: '[::1]:3000' } });
    assert.match(v6.json().items[0].url, /^http:\/\/\[::1\]:3000\/openness\/disclosures\//);
  });

  test('sitemap.xml lists the public pages and every visible record', async () => {
    const res = await t.app.inject({ url: '/sitemap.xml', headers: { host: 'gk.example.gov.cn' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    assert.match(res.body, /<loc>http:\/\/gk\.example\.gov\.cn\/openness\/disclosures\/130427%2F2026-zhzw-0001<\/loc><lastmod>2026-02-10<\/lastmod>/);
    assert.match(res.body, /\/openness\/orgs\/130427\/guide/);
    assert.match(res.body, /<loc>http:\/\/gk\.example\.gov\.cn\/boards<\/loc>/, 'the community and village boards (issue 16 item 8)');
    assert.doesNotMatch(res.body, /0004|mzsh-0002|zhzw-0003/, 'no drafts, future or withdrawn records');
    assert.equal((await t.app.inject('/sitemaps/2.xml')).statusCode, 404, 'one page only at this size');
    assert.equal((await t.app.inject('/sitemaps/1.xml')).statusCode, 200);
  });

  test('指南 shows classification, how to obtain (with the 依申请公开 link) and the office; 目录 lists and exports', async () => {
    const g = await t.app.inject('/openness/orgs/130427/guide');
    assert.equal(g.statusCode, 200);
    assert.match(g.body, /磁县人民政府政府信息公开指南/);
    assert.match(g.body, /综合政务/);
    assert.match(g.body, /行政规范性文件/);
    assert.match(g.body, /href="\/applications\/apply"/);
    assert.match(g.body, /本机关尚未填写公开工作机构信息/);
    assert.equal((await t.app.inject('/openness/orgs/nope/guide')).statusCode, 404);
    const d = await t.app.inject('/openness/orgs/130427/directory');
    assert.equal(d.statusCode, 200);
    assert.match(d.body, /<td>130427\/2026-zhzw-0001<\/td><td><a href="[^"]+">磁县关于加强政务公开工作的通知<\/a><\/td><td>政务公开工作要求<\/td><td>2026-02-01<\/td>/);
    const csv = await t.app.inject('/openness/orgs/130427/directory.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.headers['content-disposition'] as string, /attachment/);
    assert.ok(csv.body.startsWith('\uFEFF索引号,名称,内容概述,生成日期'));
    assert.match(csv.body, /130427\/2026-zhzw-0001,磁县关于加强政务公开工作的通知,政务公开工作要求,2026-02-01/);
    assert.doesNotMatch(csv.body, /草稿不公开/);
  });

  test('statistics: counts per organisation and period with subtree roll-up, CSV, bad parameters → 400', async () => {
    const res = await t.app.inject('/openness/disclosures/statistics?org=130427&by=month&year=2026');
    assert.equal(res.statusCode, 200);
    // 2026: policy, interp (Feb), withdrawn (Feb, was public), scheduled (Mar 1), late (Jan, township) = 5.
    assert.match(res.body, /磁县人民政府2026年主动公开政府信息5条/);
    const csv = await t.app.inject('/openness/disclosures/statistics.csv?org=130427&by=quarter&year=2026');
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines[0], '单位代码,单位名称,2026-Q1（含下级）,2026-Q2（含下级）,2026-Q3（含下级）,2026-Q4（含下级）,合计（含下级）,本单位合计');
    assert.equal(lines[1], '130427,磁县人民政府,5,0,0,0,5,4');
    assert.ok(lines.some((l) => l.startsWith('130427100,') && l.includes(',1,0,0,0,1,1')), 'township row');
    const years = await t.app.inject('/openness/disclosures/statistics?org=130427&by=year');
    assert.match(years.body, /磁县人民政府主动公开政府信息6条/, 'all years: 2025 record counted too');
    for (const qs of ['by=week', 'year=26', 'year=3000', 'org=nope']) {
      const bad = await t.app.inject(`/openness/disclosures/statistics?${qs}`);
      assert.equal(bad.statusCode, qs === 'org=nope' ? 404 : 400, qs);
    }
  });

  test('API: list with filters and validation, one record, 404 and 410', async () => {
    const all = await t.app.inject('/api/v1/disclosures?org=130427&limit=2');
    assert.equal(all.statusCode, 200);
    const body = all.json();
    assert.equal(body.total, 5, 'the county, its township and department; not the withdrawn, draft or future ones');
    assert.equal(body.items.length, 2);
    assert.equal(body.next_offset, 2);
    assert.equal(body.items[0].index_no, '130427/2026-mzsh-0001');
    assert.match(body.items[0].url, /^http:\/\/localhost(:\d+)?\/openness\/disclosures\/130427%2F2026-mzsh-0001$/);
    const byItem = (await t.app.inject(`/api/v1/disclosures?catalog_item=${itemId}`)).json();
    assert.deepEqual(byItem.items.map((i: { index_no: string }) => i.index_no), ['440105001/2026-csjs-0001']);
    // The item's public id {catalog}/{key} (a search result's id; the catalogue API's items[].id is the key) selects the same records.
    const catalogId = (await get().db.selectFrom('catalog_version').select('catalog_id').where('id', '=', 1).executeTakeFirstOrThrow()).catalog_id;
    assert.ok((await t.app.inject(`/api/v1/catalogs/${catalogId}`)).json().items.some((i: { id: unknown }) => i.id === itemKey));
    const byPublicId = (await t.app.inject(`/api/v1/disclosures?catalog_item=${catalogId}/${itemKey}`)).json();
    assert.deepEqual(byPublicId.items?.map((i: { index_no: string }) => i.index_no), ['440105001/2026-csjs-0001']);
    for (const wrong of [`${catalogId}/no-such-key`, `99999/${itemKey}`, `${catalogId}/`, `0/${itemKey}`]) {
      assert.equal((await t.app.inject(`/api/v1/disclosures?catalog_item=${encodeURIComponent(wrong)}`)).json().code, 'invalid_catalog_item', wrong);
    }
    const since = (await t.app.inject('/api/v1/disclosures?since=2026-02-11')).json();
    assert.deepEqual(since.items.map((i: { index_no: string }) => i.index_no).sort(), ['130427/2026-mzsh-0001', '130427/2026-zhzw-0002', '440105001/2026-csjs-0001']);
    // An offset written unencoded in the address (`+08:00`) reaches the server as a space: still the same instant.
    for (const qs of ['since=2026-02-11T00:00:00+08:00', 'since=2026-02-11T00:00:00%2B08:00', 'since=2026-02-10T16:00:00Z']) {
      const r = await t.app.inject(`/api/v1/disclosures?${qs}`);
      assert.equal(r.statusCode, 200, qs);
      assert.deepEqual(r.json().items.map((i: { index_no: string }) => i.index_no).sort(), ['130427/2026-mzsh-0001', '130427/2026-zhzw-0002', '440105001/2026-csjs-0001'], qs);
    }
    const cat = (await t.app.inject('/api/v1/disclosures?category=mzsh')).json();
    assert.equal(cat.total, 1);
    const bad: [string, string][] = [['org=nope', 'invalid_org'], ['catalog_item=abc', 'invalid_catalog_item'], ['catalog_item=99999', 'invalid_catalog_item'], ['category=xx', 'invalid_category'],
      ['since=2026-02-30', 'invalid_since'], ['since=yesterday', 'invalid_since'], ['limit=0', 'invalid_limit'], ['limit=101', 'invalid_limit'], ['limit=1.5', 'invalid_limit'], ['offset=-1', 'invalid_offset'], ['offset=10001', 'invalid_offset']];
    for (const [qs, code] of bad) {
      const r = await t.app.inject(`/api/v1/disclosures?${qs}`);
      assert.equal(r.statusCode, 400, qs);
      assert.equal(r.json().code, code, qs);
      assert.match(r.json().message, /参数/);
    }
    const one = await t.app.inject(`/api/v1/disclosures/${enc('130427/2026-zhzw-0001')}`);
    assert.equal(one.statusCode, 200);
    const r = one.json();
    assert.equal(r.document_no, '磁政〔2026〕1号');
    assert.equal(r.genre.label, '行政规范性文件');
    assert.equal(r.attachments.length, 1);
    assert.equal(r.links[0].index_no, '130427/2026-zhzw-0002');
    assert.equal(r.versions[0].change_note, '更正第三条的文字错误');
    const gone = await t.app.inject(`/api/v1/disclosures/${enc('130427/2026-zhzw-0003')}`);
    assert.equal(gone.statusCode, 410);
    assert.equal(gone.json().code, 'disclosure_withdrawn');
    assert.match(gone.json().message, /该公告内容有误/);
    const missing = await t.app.inject(`/api/v1/disclosures/${enc('130427/2026-zhzw-0004')}`);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'disclosure_not_found');
    const neverPublic = await t.app.inject(`/api/v1/disclosures/${enc('130427/2026-zhzw-0006')}`);
    assert.equal(neverPublic.statusCode, 404, 'withdrawn before its scheduled time: no tombstone, its title stays unpublished');
    assert.doesNotMatch(neverPublic.body, /定时发布前已撤回|发布前撤回/);
    const spec = (await t.app.inject('/api/v1/openapi.json')).json();
    assert.ok(spec.paths['/api/v1/disclosures'] && spec.paths['/api/v1/disclosures/{index_no}']);
  });

  test('supervision lists: scoped to the supervisor\'s subtree, exported as CSV; 401 and 403', async () => {
    assert.equal((await t.app.inject('/staff/disclosures/timeliness')).statusCode, 401);
    assert.equal((await t.app.inject('/staff/disclosures/timeliness/overdue.csv')).statusCode, 401);
    assert.equal((await t.app.inject({ url: '/staff/disclosures/timeliness', headers: { cookie: cookies['cixian.editor']! } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/staff/disclosures/timeliness/overdue.csv', headers: { cookie: cookies['cixian.editor']! } })).statusCode, 403);
    const res = await t.app.inject({ url: '/staff/disclosures/timeliness', headers: { cookie: cookies.admin! } });
    assert.equal(res.statusCode, 200);
    const section = (id: string) => res.body.slice(res.body.indexOf(`<h2 id="${id}"`), res.body.indexOf('</section>', res.body.indexOf(`<h2 id="${id}"`)));
    const overdue = section('overdue');
    assert.match(overdue, /草稿不公开/);
    assert.match(overdue, /磁州镇逾期发布的信息/);
    assert.match(overdue, /逾期3个工作日发布/);
    assert.match(overdue, /公开办逾期草稿/);
    assert.doesNotMatch(overdue, /赤岗街/, 'another province is out of scope');
    const soon = section('due_soon');
    assert.match(soon, /定时发布未到时间/, 'due 2026-03-04, within 3 working days of Monday 2026-03-02');
    assert.doesNotMatch(soon, /<a [^>]*>定时发布未到时间/, 'not public yet: no link to its public page (a 404)');
    assert.match(section('past_validity'), /<a href="\/openness\/disclosures\/130427-mzj%2F2025-mzsh-0009">有效期已过仍标有效<\/a>/, 'a public record links its page');
    assert.doesNotMatch(soon, /尚未到期/);
    assert.match(section('past_validity'), /有效期已过仍标有效/);
    const gkb = await t.app.inject({ url: '/staff/disclosures/timeliness?list=overdue', headers: { cookie: cookies['cixian.gkb']! } });
    assert.match(gkb.body, /公开办逾期草稿/);
    assert.match(gkb.body, /草稿不公开/, 'the 政务公开办 supervises its whole government (磁县), as in applications and reports');
    assert.doesNotMatch(gkb.body, /赤岗街/, 'but not another county');
    const hz = await t.app.inject({ url: '/staff/disclosures/timeliness', headers: { cookie: cookies.admin2! } });
    assert.match(hz.body, /赤岗街逾期未公开/);
    const blank = hz.body.slice(hz.body.indexOf('<h2 id="blank_items"'));
    assert.doesNotMatch(blank.slice(0, blank.indexOf('</section>')), new RegExp(`/openness/catalogs/1/items/${itemKey}"`), 'an item with a record is not blank');
    assert.match(blank, /\/openness\/catalogs\/1\/items\//, 'the other items are blank');
    const csv = await t.app.inject({ url: '/staff/disclosures/timeliness/overdue.csv', headers: { cookie: cookies.admin! } });
    assert.equal(csv.statusCode, 200);
    assert.ok(csv.body.startsWith('\uFEFF索引号,标题,单位,状态'));
    assert.match(csv.body, /130427\/2026-zhzw-0004,草稿不公开,磁县人民政府,草稿,2026-02-01,2026-02-20,自形成之日起20个工作日,,,应于2026-02-20前公开，尚未公开/);
    const bcsv = await t.app.inject({ url: '/staff/disclosures/timeliness/blank_items.csv', headers: { cookie: cookies.admin2! } });
    assert.ok(bcsv.body.startsWith('\uFEFF单位,目录,公开事项,公开时限'));
    assert.equal((await t.app.inject({ url: '/staff/disclosures/timeliness/nope.csv', headers: { cookie: cookies.admin! } })).statusCode, 404);
    const home = await t.app.inject({ url: '/staff', headers: { cookie: cookies.admin! } });
    assert.match(home.body, /href="\/staff\/disclosures\/timeliness"/);
  });

  test('the 指南 form: 401, 403 outside the subtree, errors keep values, saves with an audit row', async () => {
    const url = '/staff/disclosure-guides/130427';
    assert.equal((await t.app.inject(url)).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'POST', url, payload: {} })).statusCode, 401, 'signed out: refused before the form is even read');
    assert.equal((await postForm(t.app, url, `gk_csrf=${CSRF}`, { office_name: 'x' })).statusCode, 401, 'signed out, with a valid form token');
    assert.equal((await t.app.inject({ url, headers: { cookie: cookies['cixian.editor']! } })).statusCode, 403);
    assert.equal((await t.app.inject({ url, headers: { cookie: cookies.admin2! } })).statusCode, 403, 'admin of another province');
    assert.equal((await postForm(t.app, url, cookies.admin2!, { office_name: 'x' })).statusCode, 403);
    assert.equal((await t.app.inject({ url, headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 403, 'the office supervisor is not over the county government');
    assert.equal((await t.app.inject({ url: '/staff/disclosure-guides/130427-gkb', headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 200);
    const bad = await postForm(t.app, url, cookies.admin!, { office_name: '磁县政务公开办公室', address: '', postcode: '12', hours: '工作日', phone: '0310-1234567' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /请填写办公地址/);
    assert.match(bad.body, /邮政编码应为 6 位数字/);
    assert.match(bad.body, /value="磁县政务公开办公室"/);
    const ok = await postForm(t.app, url, cookies.admin!, { office_name: '磁县政务公开办公室', address: '磁县<script>alert(1)</script>政府大楼', postcode: '056500', hours: '工作日 8:30-12:00', phone: '0310-1234567', fax: '0310-7654321', online_contact: 'https://www.cixian.gov.cn', notes: '第一行\n第二行' });
    assert.equal(ok.statusCode, 303);
    const page = await t.app.inject('/openness/orgs/130427/guide');
    assert.match(page.body, /磁县&lt;script>alert\(1\)&lt;\/script>政府大楼/);
    assert.match(page.body, /0310-7654321/);
    assert.match(page.body, /第一行<br\/>第二行/);
    const audit = await listAudit(platformView(get().db), { entity: 'disclosure_guide', entityId: '130427', limit: 5 });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'disclosure_guide.save');
  });
});
