// Service map in Chromium at a 375-px phone viewport: the map page with tiles failing (markers
// and the ranked list still work; markers are keyboard-operable), a venue page and an item guide
// page, each with zero axe violations.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

describe('service map on a phone', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let browser: BrowserApp['browser'];
  let base: string;

  before(async () => {
    b = await startBrowserApp({ clock: fixedClock('2026-09-22T02:00:00Z') });
    ({ browser, base } = b);
  });
  after(async () => b?.close());

  async function phone(): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    // No tile server is reachable: every tile fails.
    await ctx.route(/tile\.openstreetmap\.org/, (r) => r.abort());
    return ctx.newPage();
  }


  async function noHorizontalScroll(page: Page): Promise<void> {
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `page scrolls sideways: ${sw} > ${cw}`);
  }

  test('map page: markers and list work without tiles; a marker opens its venue from the keyboard', async () => {
    const page = await phone();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The ranking takes the venues' 好差评 ratings once the ratings are counted (loaded in the
    // background after start): wait for that, then the page lists the venues in the API's order.
    const api = `${base}/api/v1/venues?near=22.6566,114.0297&radius_km=20`;
    let first = '';
    let firstId = '';
    for (let i = 0; i < 120; i++) {
      const j = await (await fetch(api)).json() as { results: { id: string; name: string; rating_source: string | null }[] };
      if (j.results.some((v) => v.rating_source === 'ratings')) { first = j.results[0]!.name; firstId = j.results[0]!.id; break; }
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(first, 'the ratings reach the ranking');
    await page.goto(`${base}/services/map?near=22.6566,114.0297&radius_km=20`);
    await page.waitForSelector('.leaflet-marker-icon');
    const markers = await page.locator('.leaflet-marker-icon').count();
    const listed = await page.locator('.venue-list > li').count();
    assert.ok(listed >= 5, `listed ${listed}`);
    assert.equal(markers, listed);
    assert.equal(await page.locator('.venue-list > li').first().locator('h3').textContent(), first);
    // Review finding: Leaflet's zoom buttons were named "Zoom in" / "Zoom out" on a zh-CN page.
    assert.equal(await page.getByRole('button', { name: '放大' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: '缩小' }).count(), 1);
    await expectAccessible(page);
    await noHorizontalScroll(page);
    await page.locator('.leaflet-marker-icon').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/services/venues/${firstId}`);
    assert.deepEqual(errors, []);
    await expectAccessible(page);
    await noHorizontalScroll(page);
    await page.context().close();
  });

  test('filters by open now and item, then the item guide page', async () => {
    const page = await phone();
    await page.goto(`${base}/services/map?near=22.6566,114.0297`);
    await page.getByText('更多筛选').click();
    await page.getByLabel('可办事项编号').fill('LH-SFZ-HL');
    await page.getByLabel('只看正在开放的').check();
    await page.getByRole('button', { name: '查找' }).click();
    await page.waitForURL(/item=LH-SFZ-HL/);
    assert.match((await page.locator('#results-heading').textContent()) ?? '', /居民身份证换领/);
    await page.goto(`${base}/services/items/LH-SFZ-HL?near=22.6566,114.0297`);
    assert.equal(await page.getByRole('img', { name: '居民身份证换领办理流程图' }).count(), 1);
    await expectAccessible(page);
    await page.goto(`${base}/services/life-events?region=440309&audience=personal`);
    await expectAccessible(page);
    await page.context().close();
  });
});
