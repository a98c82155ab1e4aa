// Browser journey through the 月检查 pages in real Chromium at 1280 and 375 px, axe on every page
// (zero violations): the 磁县政务公开办 switches a rule off, adds a check item (an empty title first:
// the error summary), records a manual finding with a PNG screenshot, and runs an inspection.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake-png-body')]);

describe('supervision 月检查 pages', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let base: string;
  let browser: BrowserApp['browser'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-sv-e2e-'));
  before(async () => {
    b = await startBrowserApp();
    ({ base, browser } = b);
  });
  after(async () => { await b?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  for (const width of [1280, 375]) {
    test(`rules, a check item, a manual finding and an inspection at ${width} px`, async () => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').fill('cixian.gkb');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();

      await page.goto(`${base}/staff/supervision/rules`);
      await expectAccessible(page);
      assert.match(await page.locator('h1').textContent() ?? '', /检查规则/);
      const width0 = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width0 <= width, `rules page is ${width0}px wide at ${width}px`);
      const toggle = page.getByRole('button', { name: /「信息公开订阅源或信息页面无法访问」/ });
      await toggle.click();
      await expectAccessible(page);
      assert.match(await page.locator('.notice').textContent() ?? '', /信息公开订阅源或信息页面无法访问/);

      await page.getByRole('button', { name: '添加检查项' }).click();
      await expectTitle(page, /^错误：/);
      await expectAccessible(page);
      await page.getByLabel('检查项名称').fill(`栏目错链（${width}）`);
      await page.getByRole('button', { name: '添加检查项' }).click();
      await expectAccessible(page);
      assert.match(await page.locator('.notice').textContent() ?? '', /已保存检查项/);

      await page.goto(`${base}/staff/supervision/findings/new`);
      await expectAccessible(page);
      await page.getByLabel('被检查单位').selectOption('130427-mzj');
      await page.getByLabel('检查项').selectOption({ index: 1 });
      await page.getByLabel('问题', { exact: true }).fill('通知公告栏目链接打不开');
      const shot = path.join(dir, `shot-${width}.png`);
      fs.writeFileSync(shot, PNG);
      await page.getByLabel('截图（可选）').setInputFiles(shot);
      await page.getByRole('button', { name: '登记问题' }).click();
      await expectAccessible(page);
      assert.match(await page.locator('.notice').textContent() ?? '', /已登记问题 WT-/);

      await page.goto(`${base}/staff/supervision/inspections`);
      await expectAccessible(page);
      await page.getByLabel('检查月份').fill('2026-02');
      await page.getByRole('button', { name: '开始检查' }).click();
      await expectAccessible(page);
      assert.match(await page.locator('.notice').textContent() ?? '', /检查完成/);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= width, `inspections page is ${w}px wide at ${width}px`);
      await page.context().close();
    });
  }
});
