// The kiosk's item guide and the printable 办事指南 in Chromium: the print view as print media fits
// A4 width (794 px) and prints to A4 PDF pages; the kiosk guide and services pages pass axe in
// portrait 1080×1920 and landscape 1920×1080 with touch targets of at least 60 px and no sideways
// scrolling; 「打印办事指南」 prints (window.print) and comes back to the guide.
// KIOSK_SHOTS=<dir> saves screenshots of each page there for people to look at.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const SHOTS = process.env.KIOSK_SHOTS;

describe('kiosk item guide and print view', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let ctx: BrowserContext;
  let page: Page;

  before(async () => {
    // Thu 2026-10-08 10:00 Beijing time (the week of 国庆)
    b = await startBrowserApp({ clock: fixedClock('2026-10-08T02:00:00Z') });
    ctx = await b.browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    // Record printing instead of printing (headless Chromium has no printer).
    await ctx.addInitScript(() => { window.print = () => { sessionStorage.setItem('printed', String(Number(sessionStorage.getItem('printed') ?? '0') + 1)); }; });
    page = await ctx.newPage();
  });
  after(async () => { await ctx?.close(); await b?.close(); });

  async function shot(name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function noSidewaysScroll(): Promise<void> {
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `${page.url()} scrolls sideways: ${sw} > ${cw}`);
  }

  test('the print view fits A4 width and prints to A4 pages without the screen bar', async () => {
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 794, height: 1123 });
    const res = await page.goto(`${b.base}/services/items/CX-SFZ-HL/print`);
    assert.equal(res?.status(), 200);
    await expectAccessible(page);
    await noSidewaysScroll();
    await shot('guide-print-screen');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.gs-tools').isVisible(), false, 'the 打印/返回 bar is not printed');
    assert.equal(await page.getByRole('heading', { level: 1, name: '居民身份证换领' }).isVisible(), true);
    assert.equal(await page.getByText('打印日期：2026-10-08').isVisible(), true);
    assert.equal(await page.locator('svg.qr-code').count(), 1);
    await noSidewaysScroll();
    // no table or flowchart step is wider than the sheet
    const overflow = await page.evaluate(() => [...document.querySelectorAll('.guide-sheet table, .gs-step, .gs-fact')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.className || e.tagName));
    assert.deepEqual(overflow, []);
    await shot('guide-print-media');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'guide-print.pdf'), pdf);
    const text = pdf.toString('latin1');
    const pages = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
    assert.ok(pages >= 1, `${pages} pages`);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text)!.slice(1).map((n) => Math.round(Number(n)));
    assert.deepEqual(box, [595, 842], 'A4 portrait');
    await page.emulateMedia({ media: 'screen' });
  });

  for (const [w, h] of [[1080, 1920], [1920, 1080]] as const) {
    test(`kiosk guide and services pages at ${w}×${h}: axe, touch targets of 60 px, no sideways scroll`, async () => {
      await page.setViewportSize({ width: w, height: h });
      for (const [name, url] of [['kiosk-guide', '/kiosk/CX-ZWFW/items/CX-SFZ-HL'], ['kiosk-services', '/kiosk/CX-ZWFW/services'], ['kiosk-zone', '/kiosk/CX-GKZQ/services']] as const) {
        const res = await page.goto(`${b.base}${url}`);
        assert.equal(res?.status(), 200, url);
        // axe on the guide page at both sizes, on the services pages once (axe is most of this test's time)
        if (name === 'kiosk-guide' || w === 1080) await expectAccessible(page);
        await noSidewaysScroll();
        const small = await page.evaluate(() => [...document.querySelectorAll('.kg-button, .kg-item, .kg-tile')]
          .map((e) => ({ t: (e.textContent ?? '').trim().slice(0, 20), r: e.getBoundingClientRect() }))
          .filter((x) => x.r.height < 60 || x.r.width < 60).map((x) => `${x.t} ${Math.round(x.r.width)}×${Math.round(x.r.height)}`));
        assert.deepEqual(small, [], `${url}: touch targets under 60 px`);
        await shot(`${name}-${w}x${h}`);
      }
    });
  }

  test('「打印办事指南」 prints the sheet and comes back to the guide', async () => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    const guide = `${b.base}/kiosk/CX-ZWFW/items/CX-SFZ-HL`;
    await page.goto(guide);
    await page.evaluate(() => sessionStorage.removeItem('printed'));
    await page.getByRole('link', { name: '打印办事指南' }).tap();
    await page.waitForURL(`${guide}/print`);
    await page.waitForURL(guide);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('printed')), '1');
    assert.equal(await page.getByRole('heading', { level: 1, name: '居民身份证换领' }).isVisible(), true);
  });
});
