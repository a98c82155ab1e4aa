// Browser journeys through the public disclosure platform and the openness office's pages in real
// Chromium at phone width (375 px), with axe on every page (zero violations) and a print check.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { addAttachment, addVersion, clearDisclosures, insertRecord, linkItem, linkRecords } from '../support/disclosures.ts';

describe('disclosure platform journeys', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let base: string;
  let browser: BrowserApp['browser'];
  before(async () => {
    b = await startBrowserApp();
    ({ base, browser } = b);
    const db = b.db.db;
    await clearDisclosures(db); // the journeys below expect exactly these records
    const policy = await insertRecord(db, { indexNo: '130427/2026-zhzw-0001', title: '磁县关于加强政务公开工作的通知', documentNo: '磁政〔2026〕1号', writtenOn: '2026-02-05', genre: 'normative', summary: '政务公开工作要求', publishedAt: '2026-02-10T02:00:00.000Z', versionNo: 2 });
    const interp = await insertRecord(db, { indexNo: '130427/2026-zhzw-0002', title: '《关于加强政务公开工作的通知》政策解读', genre: 'interpretation', publishedAt: '2026-02-11T02:00:00.000Z' });
    await linkRecords(db, interp, policy);
    await addAttachment(db, policy, '附件1：考核细则.pdf');
    await addVersion(db, policy, 2, '更正第三条的文字错误');
    await insertRecord(db, { indexNo: '130427/2026-zhzw-0003', title: '已撤回的公告', state: 'withdrawn', withdrawnReason: '内容有误，已重新发布' });
    await insertRecord(db, { indexNo: '130427/2026-zhzw-0004', title: '逾期未公开的草稿', state: 'draft', dueOn: '2026-02-20' });
    const item = await db.selectFrom('catalog_item').select('item_key').where('version_id', '=', 1).orderBy('seq').executeTakeFirstOrThrow();
    await linkItem(db, await insertRecord(db, { indexNo: '440105001/2026-csjs-0001', orgCode: '440105001', title: '赤岗街暂住登记办理指引', category: 'csjs', publishedAt: '2026-02-12T02:00:00.000Z' }), 1, item.item_key);
  });
  after(async () => b?.close());

  const phone = () => browser.newContext({ viewport: { width: 375, height: 800 } });
  const noSideScroll = async (page: import('playwright-core').Page) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 375, `page is ${w}px wide at 375px`);
  };

  test('a citizen goes from 信息公开 to a policy, its 解读, and prints it; a withdrawn record is a tombstone', async () => {
    const page = await (await phone()).newPage();
    await page.goto(`${base}/openness`);
    await page.getByRole('link', { name: /政府信息公开：/ }).click();
    await expectAccessible(page);
    await noSideScroll(page);
    await page.getByRole('link', { name: '磁县关于加强政务公开工作的通知' }).first().click();
    await expectAccessible(page);
    await noSideScroll(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '磁县关于加强政务公开工作的通知');
    assert.equal(await page.getByRole('link', { name: '附件1：考核细则.pdf' }).count(), 1);
    await page.getByRole('link', { name: /政策解读$/ }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: '磁县关于加强政务公开工作的通知' }).click();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the header is not printed');
    assert.equal(await page.locator('nav.breadcrumbs').isVisible(), false);
    assert.equal(await page.locator('table').first().isVisible(), true, 'the metadata table is printed');
    await page.emulateMedia({ media: 'screen' });
    const gone = await page.goto(`${base}/openness/disclosures/${encodeURIComponent('130427/2026-zhzw-0003')}`);
    assert.equal(gone?.status(), 410);
    await expectAccessible(page);
  });

  test('lists, 指南, 目录, statistics and the 一本通 item are accessible at 375 px', async () => {
    const page = await (await phone()).newPage();
    for (const path of ['/openness/disclosures/all', '/openness/disclosures/org/130427', '/openness/disclosures/category/zhzw', '/openness/disclosures/genre/interpretation',
      '/openness/orgs/130427/guide', '/openness/orgs/130427/directory', '/openness/disclosures/statistics?org=130427&by=month&year=2026']) {
      await page.goto(`${base}${path}`);
      await expectAccessible(page);
      await noSideScroll(page);
    }
    await page.goto(`${base}/openness/catalogs/1`);
    await page.getByRole('link', { name: '暂住登记' }).first().click();
    await expectAccessible(page);
    assert.equal(await page.getByRole('link', { name: '赤岗街暂住登记办理指引' }).count(), 1);
  });

  test('the openness office sees its lists and edits the 指南', async () => {
    const page = await (await phone()).newPage();
    await page.goto(`${base}/login?next=/staff/disclosures/timeliness`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expectAccessible(page);
    assert.match(await page.locator('#overdue').textContent() ?? '', /逾期公开（1 条）/);
    await page.goto(`${base}/staff/disclosure-guides/130427`);
    await expectAccessible(page);
    await page.getByRole('button', { name: '保存' }).click();
    await expectAccessible(page);
    assert.match(await page.locator('.error-summary').textContent() ?? '', /请填写机构名称/);
    await page.getByLabel('机构名称').fill('磁县政务公开办公室');
    await page.getByLabel('办公地址').fill('河北省邯郸市磁县政府大楼');
    await page.getByLabel('办公时间').fill('工作日 8:30-12:00，14:30-17:30');
    await page.getByLabel('联系电话').fill('0310-1234567');
    await page.getByRole('button', { name: '保存' }).click();
    await expectAccessible(page);
    await page.goto(`${base}/openness/orgs/130427/guide`);
    assert.match(await page.locator('main').textContent() ?? '', /河北省邯郸市磁县政府大楼/);
  });
});
