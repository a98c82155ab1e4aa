// Browser journey through the 咨询登记 in real Chromium at 1280 and 375 px, axe on every page (zero
// violations), no page wider than the window: the 磁县政务公开办 submits an entry without a topic
// (the error summary, values kept), records it, finds it in the list (phone masked) and opens the
// month's statistics of the demo entries. SHOTS_DIR=… keeps the screenshots for a person to look at.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('咨询登记 pages', { skip: browserSkip }, () => {
  let b: BrowserApp;
  before(async () => { b = await startBrowserApp(); });
  after(async () => { await b?.close(); });

  test('entry form, list and statistics at 1280 and 375 px', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${b.base}/login`);
    await page.getByLabel('用户名').fill('cixian.gkb');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    const fits = async (width: number) => {
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= width, `${page.url()} is ${w}px wide at ${width}px`);
    };
    const shot = async (name: string) => {
      if (process.env.SHOTS_DIR) await page.screenshot({ path: path.join(process.env.SHOTS_DIR, `enquiries-${name}.png`) });
    };
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${b.base}/staff/enquiries/new?venue=CX-GKZQ&channel=phone`);
      await fits(width);
      await page.getByLabel('联系电话（选填）').fill('13912345678');
      if (width === 1280) {
        // the refusal once (the form is the same at both widths)
        await expectAccessible(page);
        await page.getByRole('button', { name: '登记' }).click();
        await expectTitle(page, /^错误：/);
        assert.equal(await page.getByLabel('联系电话（选填）').inputValue(), '13912345678');
        await expectAccessible(page);
      }
      await page.getByLabel('咨询事项').fill(`社保证明怎么打印（${width}）`);
      await page.getByLabel('联系人（选填）').fill('王先生');
      await page.getByRole('button', { name: '登记' }).click();
      assert.match(await page.locator('.notice').textContent() ?? '', /已登记咨询 ZX/);
      assert.ok((await page.content()).includes('13912345678'), 'full phone on the entry\'s own page');
      if (width === 1280) await expectAccessible(page);
      await fits(width);
      await shot(`detail-${width}`);

      await page.goto(`${b.base}/staff/enquiries`);
      await expectAccessible(page);
      await fits(width);
      const list = await page.content();
      assert.ok(list.includes(`社保证明怎么打印（${width}）`) && list.includes('139****5678') && !list.includes('13912345678'));
      await shot(`list-${width}`);

      await page.goto(`${b.base}/staff/enquiries/statistics?month=2025-12`);
      await expectAccessible(page);
      await fits(width);
      assert.ok(await page.locator('svg[role="img"]').count() >= 3);
      await shot(`statistics-${width}`);
    }
    await context.close();
  });
});
