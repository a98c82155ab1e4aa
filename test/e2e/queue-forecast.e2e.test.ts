// The waiting-time chart on a venue page in Chromium at 1280 and 375 px: the chart, the busiest
// hour and the table (opened) with zero axe violations; on a phone the page does not scroll
// sideways (the table scrolls in its own region). Screenshots go to the temp folder.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

describe('waiting-time chart on the venue page', { skip: browserSkip }, () => {
  let b: BrowserApp;
  // Tue 2026-01-06 10:00: the demo's queue history runs up to the day before the demo's date (2026-01-05).
  before(async () => { b = await startBrowserApp({ clock: fixedClock('2026-01-06T02:00:00Z') }); });
  after(async () => b?.close());

  for (const width of [1280, 375]) {
    test(`${width} px: chart, busiest hour, table; axe clean`, async () => {
      const ctx = await b.browser.newContext({ viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(`${b.base}/services/venues/LH-ZWFW`);
      const block = page.locator('section[data-forecast]');
      await block.scrollIntoViewIfNeeded();
      assert.match(await block.locator('h2').innerText(), /排队预测（未来 7 天）/);
      assert.match(await block.innerText(), /通常在 \d\d:00 最忙/);
      const svg = block.locator('svg[role="img"]').first();
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 300 && box.width <= width, `chart width ${box?.width}`);
      await block.locator('details summary').click();
      assert.ok(await block.locator('table[data-forecast-table] tbody tr').count() === 7);
      const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(sw <= cw + 1, `page scrolls sideways: ${sw} > ${cw}`);
      await expectAccessible(page);
      await block.screenshot({ path: path.join(os.tmpdir(), `forecast-${width}.png`) });
      await page.screenshot({ path: path.join(os.tmpdir(), `forecast-page-${width}.png`), fullPage: true });
    });
  }
});
