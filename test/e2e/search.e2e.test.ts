// Search in Chromium at a 375-px phone viewport: typing latin letters (as on a kiosk without a
// Chinese keyboard) gives Chinese suggestions; choosing one searches; recent searches stay in the
// browser; the page, the results and the suggestions have zero axe violations and no sideways scroll.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('search on a phone or kiosk', { skip: browserSkip }, () => {
  let b: BrowserApp;
  before(async () => { b = await startBrowserApp(); });
  after(async () => b?.close());

  test('pinyin initials suggest Chinese items; results are highlighted; recent searches are kept locally', async () => {
    const ctx = await b.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${b.base}/search`);
    await expectAccessible(page);
    await page.fill('#q', 'sfz');
    await page.waitForSelector('#search-suggestions li');
    const first = await page.locator('#search-suggestions li').first().textContent();
    assert.match(first ?? '', /身份证/);
    await expectAccessible(page);
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(page.url(), /\/search\?q=/);
    assert.ok(await page.locator('.search-results mark').count() > 0);
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `page scrolls sideways: ${sw} > ${cw}`);
    await expectAccessible(page);
    const recent = await page.evaluate(() => localStorage.getItem('gk.search.recent'));
    assert.match(recent ?? '', /身份证/);
    await page.goto(`${b.base}/search?q=${encodeURIComponent('低保')}`);
    assert.equal(await page.locator('[data-recent-box]').isVisible(), true);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
