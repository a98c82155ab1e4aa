// 办事一本通 in Chromium: the A5 booklet printed to PDF (page.pdf) has as many pages as the booklet
// has page boxes (each box is one printed page), more than one; in print media at the A5 text width
// no page box overflows and no item is taller than the model's estimate — so the page numbers the
// table of contents prints (the model's) are the printed pages — and every TOC number names the box
// holding its entry. The screen view passes axe at 1280 and 375 px, and 打印 prints.
// HANDBOOK_SHOTS=<dir> saves the screen view, the picker and one printed page there.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const SHOTS = process.env.HANDBOOK_SHOTS;
const PX_PER_MM = 96 / 25.4;

describe('办事一本通 in the browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let ctx: BrowserContext;
  let page: Page;

  before(async () => {
    b = await startBrowserApp({ clock: fixedClock('2026-10-08T02:00:00Z') });
    ctx = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(() => { window.print = () => { sessionStorage.setItem('printed', '1'); }; });
    page = await ctx.newPage();
  });
  after(async () => { await ctx?.close(); await b?.close(); });

  test('the A5 booklet prints to PDF page for page, and the TOC numbers are the printed pages', async () => {
    // print media at the A5 text width (148 − 2 × 12 mm), as the printer lays it out
    await page.setViewportSize({ width: Math.round(124 * PX_PER_MM), height: 900 });
    await page.goto(`${b.base}/services/handbook/440309`);
    await page.emulateMedia({ media: 'print' });
    const m = await page.evaluate((pxPerMm) => {
      const pages = [...document.querySelectorAll<HTMLElement>('.hb-page')];
      return {
        boxes: pages.length,
        declared: Number(document.body.dataset.pages),
        overflowing: pages.filter((p) => p.scrollHeight > p.clientHeight + 1).map((p) => p.dataset.page),
        boxMm: pages.map((p) => p.clientHeight / pxPerMm),
        tooTall: [...document.querySelectorAll<HTMLElement>('.hb-item')].filter((i) => i.offsetHeight / pxPerMm + 3 > Number(i.dataset.estMm)).map((i) => `${i.id} ${(i.offsetHeight / pxPerMm).toFixed(1)} > ${i.dataset.estMm}`),
        toc: [...document.querySelectorAll<HTMLElement>('.hb-toc-list a')].map((a) => {
          const target = document.getElementById(a.getAttribute('href')!.slice(1));
          return { title: a.querySelector('.hb-toc-title')!.textContent, printed: Number(a.querySelector('.hb-toc-page')!.textContent), box: Number(target?.closest<HTMLElement>('.hb-page')?.dataset.page) };
        }),
      };
    }, PX_PER_MM);
    assert.ok(m.boxes > 3, `${m.boxes} page boxes`);
    assert.equal(m.declared, m.boxes);
    assert.deepEqual(m.overflowing, [], 'no page box overflows');
    assert.deepEqual(m.tooTall, [], 'no item is taller than its estimate');
    for (const h of m.boxMm) assert.ok(Math.abs(h - 181) < 0.5, `box ${h} mm`);
    assert.ok(m.toc.length >= 6);
    for (const e of m.toc) assert.equal(e.printed, e.box, `${e.title}: TOC says ${e.printed}, it is in box ${e.box}`);
    if (SHOTS) await page.locator('.hb-page[data-page="4"]').screenshot({ path: path.join(SHOTS, 'handbook-print-a5-p4.png') });

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pdfPages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    assert.ok(pdfPages > 1);
    assert.equal(pdfPages, m.boxes, 'one printed page per page box');
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    assert.ok(box);
    assert.ok(Math.abs(Number(box[1]) - 419.5) < 2 && Math.abs(Number(box[2]) - 595.3) < 2, `A5 media box ${box[1]}×${box[2]} pt`);
    await page.emulateMedia({ media: 'screen' });
  });

  test('the screen view: axe at 1280 and 375 px, 打印 prints, the DOCX link', async () => {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${b.base}/services/handbook/130427?edition=enterprise`);
      await expectAccessible(page);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(sideways, false, `${width}px: no sideways scrolling`);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `handbook-screen-${width}.png`) });
    }
    await page.getByRole('button', { name: '打印' }).click();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('printed')), '1');
    assert.equal(await page.getByRole('link', { name: '下载 Word 文档' }).getAttribute('href'), '/services/handbook/130427?edition=enterprise&format=docx');
  });

  test('the picker: axe at 1280 and 375 px; choosing a township opens its booklet', async () => {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${b.base}/services/handbook`);
      await expectAccessible(page);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `handbook-picker-${width}.png`), fullPage: true });
    }
    await page.getByLabel('或输入乡镇（街道）、村（社区）区划代码').fill('130427100');
    await page.getByLabel('A4').check();
    await page.getByRole('button', { name: '生成办事一本通' }).click();
    await page.waitForURL(/\/services\/handbook\/130427100\?size=a4$/);
    assert.match(await page.title(), /磁州镇办事一本通（个人版）/);
  });
});
