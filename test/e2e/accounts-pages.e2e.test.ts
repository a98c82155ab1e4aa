// The personal space's pages (issue 21) in Chromium at 1280 and 375 px, signed in as the demo's
// person (19912340001, with linked submissions) and enterprise (19912340002): each answers 200,
// nothing is wider than the screen, and axe finds no violation (at 375 px, as the public sweep in
// screenshots.e2e.test.ts does). SCREENSHOT_DIR=… saves a full-page screenshot of each.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { signInResident } from '../support/resident.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? '';
const PERSON_PAGES = ['/me', '/me/applications', '/me/messages', '/me/ratings', '/me/consultations', '/me/claim', '/me/saved', '/me/subscriptions', '/me/code', '/me/export', '/me/close', '/me/consent'];
const ENTERPRISE_PAGES = ['/me', '/me/applications'];

describe('the personal space at 1280 and 375 px', { skip: browserSkip }, () => {
  let b: BrowserApp;
  const contexts: BrowserContext[] = [];
  before(async () => {
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    b = await startBrowserApp();
  });
  after(async () => b?.close());

  async function sweep(phone: string, urls: string[], label: string): Promise<void> {
    const r = await signInResident(b.db.db, { phone });
    const sid = /gk_me=([^;]+)/.exec(r.cookie)![1]!;
    // the first list's first linked record: its detail page too
    for (const width of [1280, 375]) {
      const context = await b.browser.newContext({ viewport: { width, height: 900 } });
      contexts.push(context);
      await context.addCookies([{ name: 'gk_me', value: sid, url: b.base }]);
      const page = await context.newPage();
      const visit = async (url: string) => {
        const res = await page.goto(`${b.base}${url}`);
        assert.equal(res?.status(), 200, `${label} ${url}: ${res?.status()}`);
        const excess = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(excess <= 0, `${label} ${url} is ${excess}px wider than a ${width}px screen`);
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${label}-${url.replace(/\W+/g, '_')}-${width}.png`), fullPage: true });
        if (width === 375) await expectAccessible(page);
      };
      for (const url of urls) await visit(url);
      await page.goto(`${b.base}${urls[1]}`);
      const detail = (await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).find((h) => /^\/me\/(applications|messages)\/[^/?]+$/.test(h));
      assert.ok(detail, `${label}: the demo's linked submissions are listed with a detail link`);
      await visit(detail);
    }
  }

  test('the demo person\'s pages', async () => {
    await sweep('19912340001', PERSON_PAGES, 'person');
  });

  test('the demo enterprise\'s pages', async () => {
    await sweep('19912340002', ENTERPRISE_PAGES, 'enterprise');
  });
});
