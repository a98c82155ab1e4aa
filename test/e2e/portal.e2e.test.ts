// The public home page and the five section pages in real Chromium at 1280 and 375 px: axe finds no
// violation, nothing scrolls sideways on a phone, each block is visible, and a screenshot of each
// page is written (PORTAL_SCREENSHOTS=dir) to be looked at.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const PAGES = ['/', '/openness', '/services', '/data', '/applications', '/interaction'];
const SHOTS = process.env.PORTAL_SCREENSHOTS;

describe('portal home and section pages', { skip: browserSkip }, () => {
  let b: BrowserApp;
  before(async () => {
    // 2025-12-20: the demo's December messages, replies and searches are this month's.
    b = await startBrowserApp({ clock: fixedClock('2025-12-20T02:00:00Z') });
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => b?.close());

  for (const width of [1280, 375]) {
    test(`every page is accessible at ${width} px and shows its blocks`, async () => {
      const context = await b.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const p of PAGES) {
        const res = await page.goto(`${b.base}${p}`);
        assert.equal(res?.status(), 200, p);
        await expectAccessible(page);
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(w <= width, `${p} is ${w}px wide at ${width}px`);
        assert.equal(await page.getByText('建设中').count(), 0, `${p} says nothing is being built`);
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${p === '/' ? 'home' : p.slice(1)}-${width}.png`), fullPage: true });
      }
      await page.goto(`${b.base}/`);
      for (const heading of ['最新公开', '通知公告', '政策解读', '热门服务', '民心直通车', '政府信息公开工作年度报告', '政府网站入口']) {
        assert.ok(await page.getByRole('heading', { level: 2, name: heading }).isVisible(), `${heading} is visible`);
      }
      // a figure of 民心直通车 and an entrance to another portal are on screen
      assert.ok(await page.locator('[data-figure="rate"] dd').isVisible());
      assert.ok(await page.getByRole('link', { name: '河北省人民政府' }).isVisible());
      await context.close();
    });
  }

  test('a citizen goes from the home page to a 政策解读 and to the 依申请公开 form', async () => {
    const context = await b.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${b.base}/`);
    await page.locator('#home-interpretations').locator('..').getByRole('link', { name: /解读$/ }).first().click();
    assert.match(await page.getByRole('heading', { level: 1 }).textContent() ?? '', /解读/);
    await page.goto(`${b.base}/applications`);
    await page.getByRole('link', { name: '在线提交申请' }).click();
    assert.match(page.url(), /\/applications\/apply$/);
    await expectAccessible(page);
    await context.close();
  });

  test('a platform administrator keeps the entrances: the page and its error form are accessible at 1280 and 375 px', async () => {
    for (const width of [1280, 375]) {
      const context = await b.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${b.base}/login?next=/staff/portal/links`);
      await page.getByLabel('用户名').fill('platform');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/staff\/portal\/links$/);
      await expectAccessible(page);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `staff-links-${width}.png`), fullPage: true });
      const wide = await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth).map((e) => `${e.tagName}.${e.className}`).slice(0, 5).join(' '));
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= width, `links page is ${w}px wide at ${width}px: ${wide}`);
      await page.getByLabel('层级').selectOption('city');
      await page.getByLabel('网站名称').fill('测试市人民政府');
      await page.getByLabel('网址').fill('javascript:alert(1)');
      await page.getByRole('button', { name: '添加入口' }).click();
      await expectTitle(page, /^错误：/);
      assert.equal(await page.getByLabel('网站名称').inputValue(), '测试市人民政府');
      await expectAccessible(page);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `staff-links-error-${width}.png`), fullPage: true });
      await context.close();
    }
  });
});
