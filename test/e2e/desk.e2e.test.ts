// The window desk in Chromium, by keyboard alone, at 1280 and 375 px with axe on every state: find a
// guide in one search (initials), choose the place once, show a 办件's rating QR code, and the
// walk-in application form refusing bad input with the values kept. No page scrolls sideways.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

const SHOTS = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'gongkai-desk-shots');

describe('the window desk in the browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let page: Page;
  /** axe, no sideways scrolling, and a screenshot named by the state and width. */
  async function check(name: string) {
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow} px at ${page.viewportSize()!.width}`);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${page.viewportSize()!.width}.png`), fullPage: true });
  }
  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    b = await startBrowserApp();
    page = await (await b.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${b.base}/login`);
    await page.getByLabel('用户名').fill('cixian.gkb');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff$/);
  });
  after(async () => b?.close());

  test('keyboard only: search, open the guide, choose the place, show the rating QR', async () => {
    await page.goto(`${b.base}/staff/desk`);
    await page.getByLabel('事项名称、关键词、拼音或首字母').focus();
    await page.keyboard.type('sfz');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '共找到' }).waitFor();
    // Tab to the first result and open it
    await page.locator('.desk-results a').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('#desk-guide-title').waitFor();
    assert.match(await page.locator('#desk-guide-title').innerText(), /居民身份证换领/);
    assert.equal(await page.getByRole('link', { name: /打印给办事人/ }).getAttribute('target'), '_blank');
    await check('desk-guide');

    await page.getByRole('link', { name: '选择场所和窗口' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('场所').focus();
    await page.getByLabel('场所').selectOption('CX-ZWFW');
    await page.keyboard.press('Tab'); // to 「下一步：选择窗口」
    await page.keyboard.press('Enter');
    await page.locator('select[name="window"]').waitFor();
    await check('desk-place');
    await page.locator('select[name="window"]').focus();
    await page.locator('select[name="window"]').selectOption({ index: 1 });
    await page.keyboard.press('Tab'); // to 「保存」
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff\/desk$/);
    assert.match(await page.locator('.desk-place').innerText(), /·/);

    await page.getByLabel('办件号').focus();
    await page.keyboard.type('CX2026-E2E1');
    await page.keyboard.press('Enter');
    await page.locator('.desk-qr svg.qr-code').waitFor();
    assert.match(await page.locator('.desk-qr').innerText(), /链接有效期至/);
    const size = await page.locator('.desk-qr svg.qr-code').boundingBox();
    assert.ok(size && size.width >= 300, `the QR code is big (${size?.width} px)`);
    await check('desk-qr');
  });

  test('the walk-in form refuses bad input with the values kept', async () => {
    await page.goto(`${b.base}/staff/desk/apply`);
    await page.getByLabel('受理机关').selectOption('130427');
    await page.getByLabel('申请人类型').selectOption('natural_person');
    await page.getByLabel('姓名或名称').fill('键盘申请人');
    await page.getByLabel('所需政府信息').fill('申请公开本县道路维修合同。');
    await page.getByLabel('姓名或名称').press('Enter');
    await page.locator('.error-summary').waitFor();
    assert.match(await page.title(), /^错误：/);
    assert.equal(await page.getByLabel('姓名或名称').inputValue(), '键盘申请人');
    assert.match(await page.locator('.desk-place').innerText(), /A01/, 'the place (window too) is kept');
    await check('desk-apply-error');
  });

  test('at 375 px the desk with its guide and the QR page fit', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${b.base}/staff/desk?q=sfz&item=CX-SFZ-HL`);
    await page.locator('#desk-guide-title').waitFor();
    await check('desk-guide');
    await page.getByLabel('办件号').fill('CX2026-E2E2');
    await page.getByLabel('办件号').press('Enter');
    await page.locator('.desk-qr svg.qr-code').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the QR page scrolls sideways by ${overflow} px`);
    await page.screenshot({ path: path.join(SHOTS, 'desk-qr-375.png'), fullPage: true });
  });
});
