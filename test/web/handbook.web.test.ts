// 办事一本通 over HTTP (issue 22 §6, §8): the booklet of a county, a township and a village (items of
// the region and its ancestors, venues in or above it), personal and enterprise editions, grouping by
// life event (龙华's stages) and by department, A5/A4, the DOCX (headings, TOC field, page field, page
// size, materials tables, one PNG QR per item, the site base in the QR links), the picker, and bad
// input answered 400/404 — never 5xx — and the per-address rate limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { insertVenue } from '../support/venue.ts';
import { zipEntries, docxText } from '../support/docx.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const NOW = '2026-10-08T02:00:00Z';
const BASE = 'https://zw.example.cn';
const text = (html: string) => html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const itemNames = (html: string) => [...html.matchAll(/<h3 class="hb-item-name"[^>]*>([^<]+)<\/h3>/g)].map((m) => m[1]);

forEachDialect('办事一本通', (get) => {
  let t: TestApp;
  let township: Awaited<ReturnType<typeof insertVenue>>;
  before(async () => {
    // a township's own venue and item: in the township's and its villages' booklets, not the county's
    township = await insertVenue(get().db, { publicId: 'V-CZZ', regionCode: '130427100', itemPublicId: 'I-CZZ-ZM' });
    t = await buildTestApp(get(), fixedClock(NOW), { SITE_BASE_URL: BASE });
  });
  after(async () => { await t.app.close(); });

  test('a county booklet (personal, A5 by default): cover dated the day, preface, TOC with pages, items with facts and QR', async () => {
    const res = await t.app.inject({ url: '/services/handbook/130427' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    const html = res.body;
    assert.match(html, /<title>磁县办事一本通（个人版） - /);
    assert.match(html, /href="\/assets\/handbook\/page-a5.css"/);
    const body = text(html);
    assert.match(body, /河北省邯郸市磁县/);
    assert.match(body, /2026-10-08 生成/);
    assert.match(body, /使用说明/);
    assert.match(body, /个人版收录服务对象为自然人/);
    const names = itemNames(html);
    for (const n of ['居民身份证换领', '居住证申领', '最低生活保障审批', '退休人员基本养老金申领']) assert.ok(names.includes(n), n);
    assert.ok(!names.includes('有限责任公司设立登记') && !names.includes('企业注销登记'), 'enterprise-only items are not in the personal edition');
    assert.ok(!names.includes(`测试事项I-CZZ-ZM`), 'a township item is not in the county booklet');
    // facts of 居民身份证换领 (demo): limits, fee, materials with 原件/复印件 and copies, venue with hours and phone
    const sfz = /<article class="hb-item"[^>]*id="hb-item-CX-SFZ-HL"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
    assert.match(text(sfz), /法定时限 60 个工作日 承诺时限 20 个工作日/);
    assert.match(text(sfz), /20 元\/证/);
    assert.match(sfz, /<td>居民户口簿<\/td><td>原件<\/td><td class="hb-num">1<\/td>/);
    assert.match(text(sfz), /磁县政务服务中心 电话 0310-2321234/);
    assert.match(text(sfz), /时间：周一至周五 \d\d:\d\d-12:00,\d\d:\d\d-17:30；周六 09:00-12:00（法定节假日除外）/);
    assert.match(sfz, /<svg [^>]*role="img" aria-label="居民身份证换领的网上办事指南二维码"[^>]*><rect [^>]*\/><path fill="#000000" d="M/);
    // an item with no fee says 免费, 即办 for a zero limit
    const sb = /<article class="hb-item"[^>]*id="hb-item-CX-SB-ZM"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
    assert.match(text(sb), /法定时限 即办/);
    assert.match(text(sb), /收费 免费/);
    assert.match(text(sb), /网上办理 https:\/\//);
    // TOC: every item listed with the number of the page it is on
    const pageOf = new Map<string, number>();
    for (const m of html.matchAll(/<section class="hb-page hb-items" data-page="(\d+)"[\s\S]*?(?=<section class="hb-page|<\/main>)/g)) {
      for (const n of itemNames(m[0])) pageOf.set(n!, Number(m[1]));
    }
    const toc = [...html.matchAll(/<li class="hb-toc-l2"><a href="#[^"]+"><span class="hb-toc-title">([^<]+)<\/span><span class="hb-toc-page" data-toc-page="(\d+)">/g)];
    assert.equal(toc.length, names.length);
    for (const m of toc) assert.equal(pageOf.get(m[1]!), Number(m[2]), m[1]);
    // screen tools: print button and the DOCX link
    assert.match(html, /<button type="button" class="hb-button" data-print[^>]*>打印<\/button>/);
    assert.match(html, /<a class="hb-button" href="\/services\/handbook\/130427\?format=docx">下载 Word 文档<\/a>/);
  });

  test('a township and a village: the items of the region and its ancestors, with the township venue', async () => {
    for (const code of ['130427100', '130427100001']) {
      const res = await t.app.inject({ url: `/services/handbook/${code}` });
      assert.equal(res.statusCode, 200, code);
      const names = itemNames(res.body);
      assert.ok(names.includes('测试事项I-CZZ-ZM'), `${code}: the township's item`);
      assert.ok(names.includes('居民身份证换领'), `${code}: the county's items`);
      assert.match(text(res.body), code === '130427100' ? /河北省邯郸市磁县磁州镇/ : /磁州镇阜才社区居民委员会/);
      assert.match(text(res.body), /测试政务服务中心V-CZZ/);
    }
    assert.ok(township.itemId > 0);
  });

  test('the enterprise edition holds items for enterprises; A4 takes the A4 sheet', async () => {
    const res = await t.app.inject({ url: '/services/handbook/130427?edition=enterprise&size=a4' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<title>磁县办事一本通（企业版）/);
    assert.match(res.body, /href="\/assets\/handbook\/page-a4.css"/);
    assert.match(res.body, /data-page-mm="210x297"/);
    const names = itemNames(res.body);
    assert.deepEqual(names.filter((n) => ['有限责任公司设立登记', '企业注销登记', '食品经营许可（新办）'].includes(n!)).sort(), ['企业注销登记', '有限责任公司设立登记', '食品经营许可（新办）'].sort());
    assert.ok(!names.includes('居住证申领'));
    assert.match(text(res.body), /企业版收录服务对象包含企业、法人/);
    // labels are accepted as the codes are
    const byLabel = await t.app.inject({ url: `/services/handbook/130427?edition=${encodeURIComponent('企业版')}&size=A4` });
    assert.equal(byLabel.statusCode, 200);
    assert.deepEqual(itemNames(byLabel.body), names);
  });

  test('龙华 by life event (its published stages) and by department', async () => {
    const res = await t.app.inject({ url: '/services/handbook/440309' });
    assert.equal(res.statusCode, 200);
    const groups = [...res.body.matchAll(/<h2 class="hb-group" id="[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    assert.ok(groups.includes('出生') && groups.includes('居住落户'), groups.join(','));
    const dept = await t.app.inject({ url: '/services/handbook/440309?group=department' });
    const dgroups = [...dept.body.matchAll(/<h2 class="hb-group" id="[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    assert.ok(dgroups.includes('深圳市公安局龙华分局'), dgroups.join(','));
    assert.match(text(dept.body), /按部门编排/);
    const one = await t.app.inject({ url: `/services/handbook/440309?group=department&department=${encodeURIComponent('深圳市公安局龙华分局')}` });
    assert.equal(one.statusCode, 200);
    assert.ok(itemNames(one.body).length >= 2);
    assert.ok(itemNames(one.body).length < itemNames(dept.body).length);
  });

  test('the DOCX: a Word document with headings, TOC and page fields, the paper size, tables and a PNG QR per item', async () => {
    const res = await t.app.inject({ url: '/services/handbook/130427?format=docx&edition=enterprise' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const cd = res.headers['content-disposition'] as string;
    assert.match(cd, /^attachment; filename="handbook-130427-enterprise-2026-10-08\.docx"; filename\*=UTF-8''/);
    assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]!), '磁县办事一本通（企业版）-2026-10-08.docx');
    const zip = zipEntries(res.rawPayload);
    const doc = zip.get('word/document.xml')!.toString('utf8');
    const body = docxText(res.rawPayload);
    for (const n of ['有限责任公司设立登记', '企业注销登记', '食品经营许可（新办）', '磁县办事一本通', '2026-10-08 生成', '使用说明']) assert.ok(body.includes(n), n);
    assert.ok(!body.includes('居住证申领'));
    assert.match(doc, /<w:pStyle w:val="Heading1"\/>/);
    assert.match(doc, /<w:pStyle w:val="Heading2"\/>/);
    assert.match(doc, /TOC \\h \\o &quot;1-2&quot;/);
    assert.match(doc, /<w:pgSz w:w="8390" w:h="11905"/, 'A5 paper');
    assert.match(doc, /<w:tbl>/);
    assert.match(zip.get('word/settings.xml')!.toString('utf8'), /<w:updateFields\/>/);
    const footers = [...zip.keys()].filter((k) => /^word\/footer\d+\.xml$/.test(k)).map((k) => zip.get(k)!.toString('utf8'));
    assert.ok(footers.some((f) => /PAGE/.test(f)), 'a PAGE field in a footer');
    const pngs = [...zip.entries()].filter(([k]) => k.startsWith('word/media/'));
    const items = [...doc.matchAll(/<w:pStyle w:val="Heading2"\/>/g)].length;
    assert.equal(pngs.length, items);
    for (const [, data] of pngs) assert.equal(data.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(body.includes(`${BASE}/services/items/CX-YYZZ-SL`), 'QR links use the configured site base');
    assert.match(zip.get('word/_rels/document.xml.rels')!.toString('utf8'), /media\//);
    const a4 = await t.app.inject({ url: '/services/handbook/130427?format=docx&size=a4' });
    assert.match(zipEntries(a4.rawPayload).get('word/document.xml')!.toString('utf8'), /<w:pgSz w:w="11905" w:h="16837"/);
  });

  test('the picker lists the demo counties and sends its choices to the booklet', async () => {
    const res = await t.app.inject({ url: '/services/handbook' });
    assert.equal(res.statusCode, 200);
    for (const c of ['磁县（130427）', '海珠区（440105）', '龙华区（440309）']) assert.ok(res.body.includes(c), c);
    const go = await t.app.inject({ url: '/services/handbook/go?county=130427&code=&edition=enterprise&size=a4&group=department&format=html' });
    assert.equal(go.statusCode, 303);
    assert.equal(go.headers.location, '/services/handbook/130427?edition=enterprise&size=a4&group=department');
    const byCode = await t.app.inject({ url: '/services/handbook/go?county=130427&code=130427100001&edition=personal&size=a5&group=life_event&format=docx' });
    assert.equal(byCode.headers.location, '/services/handbook/130427100001?format=docx');
    assert.equal((await t.app.inject({ url: '/services/handbook/go?county=abc' })).statusCode, 400);
    // a bad code: the picker again with 错误：, the summary, the code typed and the choices kept
    const bad = await t.app.inject({ url: '/services/handbook/go?county=130427&code=1304x&edition=enterprise&size=a4&group=department&format=docx' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /class="error-summary"/);
    assert.match(bad.body, /id="code"[^>]*value="1304x"/);
    assert.match(bad.body, /id="edition-enterprise"[^>]*checked/);
    assert.match(bad.body, /id="format-docx"[^>]*checked/);
  });

  test('bad input: 400 for malformed, 404 for unknown — never 5xx', async () => {
    const cases: [string, number][] = [
      ['/services/handbook/999999', 404], ['/services/handbook/130427999', 404], ['/services/handbook/12345', 400], ['/services/handbook/abc', 400],
      ['/services/handbook/1304271000011', 400], ['/services/handbook/%00', 400], ['/services/handbook/130427?edition=x', 400],
      ['/services/handbook/130427?size=a3', 400], ['/services/handbook/130427?format=pdf', 400], ['/services/handbook/130427?group=x', 400],
      [`/services/handbook/130427?department=${'部'.repeat(80)}`, 400], ['/services/handbook/130427?edition=enterprise&edition=personal', 200],
    ];
    for (const [url, status] of cases) {
      const res = await t.app.inject({ url, remoteAddress: '10.9.9.9' });
      assert.equal(res.statusCode, status, `${url}: ${res.body.slice(0, 200)}`);
    }
    const api = await t.app.inject({ url: '/services/handbook/130427?size=a3', headers: { accept: 'application/json' } });
    assert.equal(api.statusCode, 400);
  });

  test('rate-limited per address (heavy route); another address is not affected', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await t.app.inject({ url: '/services/handbook/440105', remoteAddress: '10.1.2.3' })).statusCode;
    assert.equal(last, 429);
    assert.equal((await t.app.inject({ url: '/services/handbook/440105', remoteAddress: '10.1.2.4' })).statusCode, 200);
  });
}, withDemo);
