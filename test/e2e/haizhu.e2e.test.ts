// 海珠 (issue 16) pages in real Chromium at 1280 and 375 px with axe: the district 一本通 page, the
// 照单公开 list by domain, a catalogue page, a public record with its 公开属性, the 政府信息公开制度
// link, and the staff form with 公开属性 (its error state). Screenshots go to SCREENSHOT_DIR when set.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

const WIDTHS = [1280, 375];
const shots = process.env.SCREENSHOT_DIR;

describe('海珠 pages', { skip: browserSkip }, () => {
  let b: BrowserApp;
  before(async () => { b = await startBrowserApp(); });
  after(async () => b?.close());

  async function look(page: import('playwright-core').Page, name: string, sideways = false) {
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (!sideways) assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    if (shots) await page.screenshot({ path: path.join(shots, `${name}-${page.viewportSize()!.width}.png`), fullPage: true });
  }

  for (const width of WIDTHS) {
    test(`public pages at ${width} px`, async () => {
      const page = await (await b.browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${b.base}/openness/catalogs/org/440105`);
      await look(page, 'district-catalogs');
      const download = page.getByRole('link', { name: /下载一本通/ });
      assert.equal(await download.getAttribute('href'), '/openness/catalogs/org/440105/export.xlsx');
      await page.getByRole('link', { name: /社会救助（1个目录）/ }).click();
      assert.match(await page.getByRole('heading', { level: 1 }).textContent() ?? '', /海珠区人民政府社会救助领域照单公开/);
      assert.ok(await page.locator('tbody tr').count() >= 2);
      await look(page, 'domain-records');
      await page.getByLabel('单位').selectOption('440105-lsz');
      await page.getByRole('button', { name: '筛选' }).click();
      assert.match(await page.content(), /暂无公开信息/);
      await look(page, 'domain-records-filtered');
      await page.goto(`${b.base}/openness/catalogs/org/440105001`);
      await page.getByRole('link', { name: /社会救助领域/ }).click();
      // The official 15-column table (min-width 72rem) makes the catalogue page itself scroll sideways on a phone — as before this change.
      await look(page, 'catalog', true);
      await page.getByRole('link', { name: /社会救助领域已公开信息/ }).click();
      await page.getByRole('link', { name: /最低生活保障资金发放情况/ }).click();
      assert.match(await page.locator('table.record-meta').textContent() ?? '', /公开属性主动公开/);
      await look(page, 'record');
      await page.goto(`${b.base}/openness/disclosures`);
      await page.getByRole('link', { name: '政府信息公开制度' }).first().click();
      assert.match(await page.content(), /广州市海珠区政府信息公开保密审查办法/);
      await look(page, 'openness-rules');
    });

    test(`staff form with 公开属性 at ${width} px`, async () => {
      const page = await (await b.browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${b.base}/login?next=/staff/disclosures/new`);
      await page.getByLabel('用户名').fill('haizhu.editor');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await look(page, 'staff-form');
      await page.getByLabel('标题').fill('海珠区内部工作安排');
      await page.getByLabel('公开属性').selectOption('withheld');
      await page.getByRole('button', { name: '保存草稿' }).click();
      assert.match(await page.locator('.error-summary').textContent() ?? '', /公开属性为「不予公开」时须选择理由/);
      assert.equal(await page.getByLabel('公开属性').inputValue(), 'withheld');
      await look(page, 'staff-form-errors');
    });
  }
});
