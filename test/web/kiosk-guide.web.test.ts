// The kiosk's item guide, the printable 办事指南 and the venue's own services over HTTP: guide content
// from the demo (materials table, flowchart in order, time limits, fees, contacts), no links out of
// the kiosk, the A4 print view (no navigation, header or form; @page CSS; date, source and one QR),
// usage counted per venue and kind, this week's hours on the working-day calendar (国庆 closed,
// 调休 Saturday open with Monday's hours), the 政务公开专区 listing its host's items, and 404s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { kioskUsageTotals } from '../../src/modules/channels/index.ts';

// Thu 2026-10-08 10:00 Beijing time: the week of 国庆 (5–7 Oct off, Sat 10 Oct a 调休 working day).
const NOW = '2026-10-08T02:00:00Z';
const TODAY = '2026-10-08';

/** The rows of the week table, as text per row. */
function weekRows(html: string): string[] {
  const table = /<table class="kg-week">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => (m[0] as string).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

forEachDialect('kiosk item guide and print view', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), fixedClock(NOW)); });
  after(async () => { await t.app.close(); });

  const usage = () => kioskUsageTotals(get().db, ['CX-ZWFW'], TODAY, TODAY);

  test('the kiosk guide page shows the whole guide of the item, a print button and the phone QR', async () => {
    const before = await usage();
    const res = await t.app.inject({ url: '/kiosk/CX-ZWFW/items/CX-SFZ-HL' });
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.match(html, /<title>居民身份证换领办事指南 - 磁县政务服务中心<\/title>/);
    assert.match(html, /<h1 id="gs-title" class="gs-title">居民身份证换领<\/h1>/);
    // basic facts, conditions
    for (const text of ['行政确认', '磁县公安局', '11130427000000000-000107001000', '自然人', '承诺件', '《中华人民共和国居民身份证法》第十一条', '申请人本人到场采集人像和指纹']) assert.ok(html.includes(text), text);
    // materials as a table: name, 原件/复印件, form, copies, required, source — in the demo's order
    const table = /<table class="gs-materials">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    assert.match(table, /原件\/复印件[\s\S]*材料形式[\s\S]*份数[\s\S]*是否必需[\s\S]*来源渠道/);
    const rows = [...table.matchAll(/<tr class="gs-material">([\s\S]*?)<\/tr>/g)].map((m) => (m[1] as string).replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'));
    assert.equal(rows.length, 3);
    assert.match(rows[0]!, /\|1\|居民户口簿\|原件\|纸质\|1\|必需\|申请人自备\|/);
    assert.match(rows[1]!, /原居民身份证\|证件丢失的免交\|原件/);
    assert.match(rows[2]!, /居民身份证申领登记表\|提供空白表格、提供示例样表\|/);
    // the flowchart: an ordered list of numbered steps, in order
    const flow = /<ol class="gs-flow" aria-label="办理流程图，共 5 步">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    const steps = [...flow.matchAll(/<strong class="gs-step-name">([^<]+)<\/strong>/g)].map((m) => m[1]);
    assert.deepEqual(steps, ['取号', '采集人像和指纹', '受理审核', '制证', '领证（可选邮寄）']);
    assert.match(flow, /第 3 步[\s\S]*受理审核[\s\S]*户政窗口 · 当场/);
    // limits, visits, fees, where and when, phones
    assert.match(html, /法定办结时限<\/dt><dd>60 个工作日/);
    assert.match(html, /承诺办结时限<\/dt><dd>20 个工作日/);
    assert.match(html, /跑动次数<\/dt><dd>(最多跑 \d+ 次|0 次（零跑动）)/);
    assert.match(html, /20 元\/证/);
    assert.match(html, /城市最低生活保障对象、农村五保供养对象免收/);
    assert.match(html, /办理地点<\/dt><dd>各派出所户政窗口/);
    assert.match(html, /咨询电话<\/dt><dd>12345；户政窗口电话/);
    assert.match(html, /投诉电话<\/dt><dd>12345 政务服务便民热线；12389 公安监督电话/);
    // kiosk: print button, phone QR of the public item page, this venue offers the item
    assert.match(html, /href="\/kiosk\/CX-ZWFW\/items\/CX-SFZ-HL\/print"[^>]*>打印办事指南</);
    assert.match(html, /<aside class="kiosk-phone"[\s\S]*aria-label="用手机打开：\/services\/items\/CX-SFZ-HL"/);
    assert.match(html, /本场所可以办理此事项/);
    assert.match(html, /href="\/assets\/channels\/guide-sheet.css"/);
    // no link leaves the kiosk; the blank forms are not links either
    assert.doesNotMatch(html, /href="https?:/);
    assert.doesNotMatch(html, /href="\/assets\/service-map\/forms/);
    assert.equal((await usage()).guide, before.guide + 1);
  });

  test('an item done online shows its address as text, not as a link; a venue not offering the item says so', async () => {
    const res = await t.app.inject({ url: '/kiosk/CX-ZWFW/items/CX-YYZZ-SL' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<span class="gs-url">https:\/\/www.hbzwfw.gov.cn\/yyzz\/sl<\/span>（全程网办）/);
    assert.doesNotMatch(res.body, /href="https:\/\/www.hbzwfw/);
    assert.match(res.body, /不收费/);
    const station = await t.app.inject({ url: '/kiosk/CX-BMZ-130427100/items/CX-SFZ-HL' });
    assert.equal(station.statusCode, 200);
    assert.match(station.body, /本场所不办理此事项/);
    // a 政务公开专区 offers what its host offers
    assert.match((await t.app.inject({ url: '/kiosk/CX-GKZQ/items/CX-SFZ-HL' })).body, /本场所可以办理此事项/);
    // 返回 goes to the services list when the guide was opened from it, else home
    assert.match((await t.app.inject({ url: '/kiosk/CX-ZWFW/items/CX-SFZ-HL?from=services' })).body, /<a class="kiosk-button" href="\/kiosk\/CX-ZWFW\/services">返回<\/a>/);
  });

  test('unknown or malformed venue and item: a kiosk-styled 404 with a clear message, nothing counted', async () => {
    const before = await usage();
    const noVenue = await t.app.inject({ url: '/kiosk/NO-SUCH-VENUE/items/CX-SFZ-HL' });
    assert.equal(noVenue.statusCode, 404);
    assert.match(noVenue.headers['content-type'] as string, /text\/html/);
    assert.match(noVenue.body, /<html lang="zh-CN" class="kiosk">/);
    assert.match(noVenue.body, /<h1>找不到这个场所<\/h1>/);
    const noItem = await t.app.inject({ url: '/kiosk/CX-ZWFW/items/NO-SUCH-ITEM' });
    assert.equal(noItem.statusCode, 404);
    assert.match(noItem.body, /<h1>找不到这个事项<\/h1>/);
    assert.match(noItem.body, /错误代码：item_not_found NO-SUCH-ITEM/);
    assert.match(noItem.body, /class="kiosk-header"/, 'inside the kiosk shell, with its way home');
    for (const bad of ['%00', 'a'.repeat(90), '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '..%2F..%2Fetc', '%E2%80%AE', '-x']) {
      for (const url of [`/kiosk/${bad}/items/CX-SFZ-HL`, `/kiosk/CX-ZWFW/items/${bad}`, `/kiosk/CX-ZWFW/items/${bad}/print`, `/kiosk/${bad}/services`, `/services/items/${bad}/print`]) {
        const r = await t.app.inject({ url });
        // a NUL byte is refused by the platform's input boundary before any route (400 invalid_character)
        assert.equal(r.statusCode, bad === '%00' ? 400 : 404, url);
        assert.doesNotMatch(r.body, /<script>alert/, url);
      }
    }
    const noPrint = await t.app.inject({ url: '/services/items/NO-SUCH-ITEM/print' });
    assert.equal(noPrint.statusCode, 404);
    assert.match(noPrint.body, /找不到事项 NO-SUCH-ITEM/);
    const after = await usage();
    assert.equal(after.guide, before.guide);
    assert.equal(after.print, before.print);
  });

  test('the public print view is a standalone A4 sheet: no navigation, header or form; date, source, one QR', async () => {
    const res = await t.app.inject({ url: '/services/items/CX-SFZ-HL/print' });
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.match(html, /<title>居民身份证换领办事指南（打印）<\/title>/);
    assert.match(html, /<link rel="stylesheet" href="\/assets\/channels\/guide-print.css"\/>/);
    assert.doesNotMatch(html, /<nav\b/);
    assert.doesNotMatch(html, /<header\b/);
    assert.doesNotMatch(html, /<form\b/);
    assert.doesNotMatch(html, /kiosk-header|site-header|kiosk-phone/);
    assert.doesNotMatch(html, /data-autoprint/);
    assert.match(html, /打印日期：2026-10-08/);
    assert.match(html, /信息来源：磁县公安局/);
    assert.equal((html.match(/class="qr-code"/g) ?? []).length, 1);
    assert.match(html, /aria-label="二维码：在手机上打开本事项的办事指南 http:\/\/localhost(:\d+)?\/services\/items\/CX-SFZ-HL"/);
    assert.match(html, /<a class="gs-tool" href="\/services\/items\/CX-SFZ-HL">返回<\/a>/);
    // the same sheet as on the kiosk
    assert.match(html, /<ol class="gs-flow" aria-label="办理流程图，共 5 步">/);
    assert.match(html, /<table class="gs-materials">/);
    const css = await t.app.inject({ url: '/assets/channels/guide-print.css' });
    assert.equal(css.statusCode, 200);
    assert.match(css.body, /@page \{ size: A4; margin: 15mm; \}/);
    assert.match(css.body, /@media print \{\s*\.screen-only \{ display: none !important; \}/);
    const sheet = await t.app.inject({ url: '/assets/channels/guide-sheet.css' });
    assert.match(sheet.body, /\.guide-sheet tr \{ break-inside: avoid; page-break-inside: avoid; \}/);
    assert.match(sheet.body, /\.gs-step \{[^}]*break-inside: avoid;/);
    assert.equal((await t.app.inject({ url: '/assets/channels/guide-print.js' })).statusCode, 200);
    // the public item page leads to it
    assert.match((await t.app.inject({ url: '/services/items/CX-SFZ-HL' })).body, /<a href="\/services\/items\/CX-SFZ-HL\/print">打印办事指南（A4）<\/a>/);
  });

  test('the kiosk print view prints at once and returns to the guide; each print is counted', async () => {
    const before = await usage();
    const res = await t.app.inject({ url: '/kiosk/CX-ZWFW/items/CX-SFZ-HL/print' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<body data-autoprint="1" data-back="\/kiosk\/CX-ZWFW\/items\/CX-SFZ-HL">/);
    assert.doesNotMatch(res.body, /<nav\b|<header\b|<form\b|kiosk-header/);
    assert.equal((res.body.match(/class="qr-code"/g) ?? []).length, 1);
    assert.match(res.body, /\/services\/items\/CX-SFZ-HL/);
    await t.app.inject({ url: '/kiosk/CX-ZWFW/items/CX-SFZ-HL/print' });
    // a HEAD request (a link checker, a proxy) is not a use
    assert.equal((await t.app.inject({ method: 'HEAD', url: '/kiosk/CX-ZWFW/items/CX-SFZ-HL/print' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'HEAD', url: '/kiosk/CX-ZWFW/items/CX-SFZ-HL' })).statusCode, 200);
    const after = await usage();
    assert.equal(after.print, before.print + 2);
    assert.equal(after.guide, before.guide);
  });

  test('an item stored without a guide shows 未提供 rather than failing, on the kiosk and on paper', async () => {
    const at = '2026-10-01T00:00:00.000Z';
    await get().db.insertInto('sm_item').values({
      public_id: 'CX-BARE-1', name: '无指南的测试事项', basic_code: '', implementing_code: '', type: 'public_service', department: '', implementing_body: '', region_code: '130427',
      level: 'county', keywords: '', online_url: null, mobile_url: null, channels: '', legal_limit: null, legal_unit: null, promised_limit: null, promised_unit: null, visits: null,
      guide_json: null, created_at: at, updated_at: at,
    }).execute();
    for (const url of ['/kiosk/CX-ZWFW/items/CX-BARE-1', '/services/items/CX-BARE-1/print']) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /办理条件<\/h2><p>未提供<\/p>/, url);
      assert.match(res.body, /申请材料<\/h2><p>未提供<\/p>/, url);
      assert.match(res.body, /办理流程<\/h2><p>未提供<\/p>/, url);
      assert.match(res.body, /不收费/, url);
      assert.doesNotMatch(res.body, /class="gs-flow"|class="gs-materials"/, url);
    }
    assert.match((await t.app.inject({ url: '/services/items/CX-BARE-1/print' })).body, /信息来源：未提供/);
    assert.match((await t.app.inject({ url: '/kiosk/CX-ZWFW/items/CX-BARE-1' })).body, /本场所不办理此事项/);
  });

  test("the venue's services: its items by department, this week's hours on the calendar, address and phone", async () => {
    const res = await t.app.inject({ url: '/kiosk/CX-ZWFW/services' });
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.match(html, /可办事项（9 项）/);
    assert.match(html, /磁县公安局<span class="kg-count">（2 项）<\/span>/);
    assert.match(html, /<a class="kg-item" href="\/kiosk\/CX-ZWFW\/items\/CX-SFZ-HL">居民身份证换领<\/a>/);
    assert.match(html, /<a class="kg-item" href="\/kiosk\/CX-ZWFW\/items\/CX-DB-SQ">最低生活保障审批<\/a>/);
    assert.match(html, /滏阳东路 2号/);
    assert.match(html, /0310-2321234/);
    assert.match(html, /现在开放，12:00 下班/);
    assert.doesNotMatch(html, /在政务公开专区可以做什么/);
    const rows = weekRows(html);
    assert.equal(rows.length, 7);
    assert.match(rows[0]!, /^周一 10月5日 休息 国庆节放假，闭馆$/);
    assert.match(rows[3]!, /^周四 10月8日 今天 08:30-12:00，14:30-17:30$/);
    // the 调休 Saturday opens with Monday's hours (its own Saturday is a morning only)
    assert.match(rows[5]!, /^周六 10月10日 08:30-12:00，14:30-17:30 国庆节调休上班，按周一时间开放$/);
    assert.match(rows[6]!, /^周日 10月11日 休息$/);
    assert.equal((html.match(/aria-current="date"/g) ?? []).length, 1);
    assert.match(html, /<tr class="kg-today" aria-current="date"><th scope="row"><span class="kg-weekday">周四/);
  });

  test('a 政务公开专区 lists its host venue\'s items and what can be done there; a 7×24 terminal its own', async () => {
    const zone = await t.app.inject({ url: '/kiosk/CX-GKZQ/services' });
    assert.equal(zone.statusCode, 200);
    assert.match(zone.body, /<h1>本专区服务<\/h1>/);
    assert.match(zone.body, /磁县政务服务中心可办事项（9 项）/);
    assert.match(zone.body, /href="\/kiosk\/CX-GKZQ\/items\/CX-SFZ-HL"/);
    assert.match(zone.body, /在政务公开专区可以做什么/);
    for (const [href, label] of [['/kiosk/CX-GKZQ', '查阅政府信息'], ['/kiosk/CX-GKZQ/status', '依申请公开'], ['/kiosk/CX-GKZQ/message', '留言'], ['/kiosk/CX-GKZQ/rate', '评价']]) {
      assert.match(zone.body, new RegExp(`href="${href}"><span class="kg-tile-label">${label}</span>`), label);
    }
    assert.match(zone.body, /咨询<\/span><span class="kg-tile-hint">向专区工作人员当面咨询，或拨打电话：0310-2321234/);
    const terminal = await t.app.inject({ url: '/kiosk/CX-ZZ-24H/services' });
    assert.equal(terminal.statusCode, 200);
    assert.match(terminal.body, /可办事项（2 项）/);
    assert.match(terminal.body, /7×24 小时开放/);
    assert.doesNotMatch(terminal.body, /class="kg-week"/);
  });
}, withDemo);

forEachDialect('kiosk services on a holiday', (get) => {
  let t: TestApp;
  // Mon 2026-10-05 10:00: 国庆, the centre is closed until Thursday morning.
  before(async () => { t = await buildTestApp(get(), fixedClock('2026-10-05T02:00:00Z')); });
  after(async () => { await t.app.close(); });

  test('closed today (holiday), with the next opening; today highlighted', async () => {
    const res = await t.app.inject({ url: '/kiosk/CX-ZWFW/services' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<p class="kg-status kg-status--closed">现在闭馆，下次开放：10月8日 08:30<\/p>/);
    assert.match(weekRows(res.body)[0]!, /^周一 10月5日 今天 休息 国庆节放假，闭馆$/);
  });
}, withDemo);
