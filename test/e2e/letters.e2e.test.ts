// The public 依申请公开 pages offer the blank 申请表 and the 办理流程图 (issue 15, item 7): in real
// Chromium with axe, at a desktop and a phone width; the chart's text fits the screen.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('application forms and flow chart in the browser', { skip: browserSkip }, () => {
  let fixture: BrowserApp;
  let browser: Browser;
  let base: string;
  before(async () => {
    fixture = await startBrowserApp();
    ({ browser, base } = fixture);
  });
  after(async () => fixture?.close());

  for (const width of [1280, 375]) {
    test(`at ${width} px: the start page links the blank form and the flow chart, which is an accessible image with a text list`, async () => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${base}/applications/apply`);
      await expectAccessible(page);
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: /下载政府信息公开申请表/ }).first().click();
      assert.equal((await download).suggestedFilename(), '政府信息公开申请表.docx');
      await page.getByRole('link', { name: '查看依申请公开办理流程图' }).click();
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '依申请公开办理流程图');
      await expectAccessible(page);
      const chart = page.getByRole('img', { name: '依申请公开办理流程图' });
      assert.equal(await chart.count(), 1);
      const box = (await chart.boundingBox())!;
      assert.ok(box.width <= width && box.width >= Math.min(300, width - 40), `chart width ${box.width}`);
      // at this size the chart's 14-unit detail text is at least 12 px tall
      assert.ok(box.width / 360 * 14 >= 12, 'readable text');
      const items = await page.locator('ol.process-steps > li').allTextContents();
      assert.equal(items.length, 7);
      assert.ok(items.some((x) => x.includes('7 个工作日')) && items.some((x) => x.includes('延长 20 个工作日')));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, 'no horizontal scrolling');
    });
  }
});
