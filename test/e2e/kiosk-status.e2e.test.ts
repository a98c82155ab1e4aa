// The kiosk's 进度查询, 好差评 and 留言 pages in Chromium at the kiosk's portrait 1080×1920 (and landscape 1920×1080): axe finds
// nothing, nothing is wider than the screen, every control is a touch target of at least 60 px, a
// wrong look-up answers with the error summary, a message is left and its receipt printed (the
// print button calls the browser's print). With SCREENSHOTS=1 each page is saved in
// test-results/screenshots/ (git-ignored) to be looked at.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';

const OUT = path.join('test-results', 'screenshots');
const SAVE = process.env.SCREENSHOTS === '1';
const VENUE = 'CX-ZWFW';

/** Width beyond the viewport, and the controls (links, buttons, inputs, choices) smaller than 60 px in height. */
async function layoutProblems(page: Page): Promise<{ excess: number; small: string[] }> {
  return page.evaluate(() => {
    const excess = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll('main .ks a, main .ks button, main .ks input:not([type=hidden]):not([type=radio]):not([type=checkbox]), main .ks select, main .ks textarea, main .ks label.ks-choice__option, main .ks label.ks-check'))) {
      const r = el.getBoundingClientRect();
      if (r.height > 0 && r.height < 60) small.push(`${el.tagName.toLowerCase()}#${el.id || (el.textContent ?? '').trim().slice(0, 12)} (${Math.round(r.height)}px)`);
    }
    return { excess, small };
  });
}

describe('kiosk 进度查询, 好差评 and 留言 at 1080×1920', { skip: browserSkip }, () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
    if (SAVE) fs.mkdirSync(OUT, { recursive: true });
  });
  after(async () => b?.close());

  test('status, rate and message pages: accessible, no sideways scrolling, 60 px targets; a message left and its receipt printed', { timeout: 90_000 }, async () => {
    const context = await b.browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    await context.addInitScript(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed++; }; });
    const page = await context.newPage();
    const check = async (name: string) => {
      if (SAVE) await page.screenshot({ path: path.join(OUT, `kiosk-${name}-1080x1920.png`), fullPage: true });
      const p = await layoutProblems(page);
      assert.ok(p.excess <= 0, `${name}: ${p.excess}px wider than the screen`);
      assert.deepEqual(p.small, [], `${name}: touch targets under 60 px`);
      await expectAccessible(page);
    };
    try {
      await page.goto(`${b.base}/kiosk/${VENUE}/status`);
      await check('status');
      await page.getByText('依申请公开', { exact: true }).tap();
      await page.getByLabel('编号').fill('YSQ-20260302-ZZZZZ');
      await page.getByLabel('查询码').fill('ABCDEFGH');
      await page.getByRole('button', { name: '查询' }).tap();
      await page.locator('.error-summary').getByText('编号或查询码不正确').waitFor();
      assert.match(await page.title(), /^错误：/);
      assert.equal(await page.getByLabel('编号').inputValue(), 'YSQ-20260302-ZZZZZ');
      assert.equal(await page.getByLabel('查询码').inputValue(), '');
      await check('status-error');

      await page.goto(`${b.base}/kiosk/${VENUE}/rate`);
      await check('rate');

      await page.goto(`${b.base}/kiosk/${VENUE}/message`);
      await check('message');
      await page.getByLabel('留言分类').selectOption('roads');
      await page.getByLabel('标题', { exact: true }).fill('大厅门口台阶破损');
      await page.getByLabel('留言内容').fill('政务服务中心门口台阶破损，老人容易摔倒。');
      await page.getByLabel('联系人姓名').fill('赵女士');
      await page.getByLabel('联系电话').fill('13700001234');
      const token = await page.locator('input[name="captcha_token"]').getAttribute('value');
      await page.locator('#captcha_answer').fill(solveCaptchaForTest(token ?? '', b.app.clock.now()));
      await page.getByRole('button', { name: '提交留言' }).tap();
      await page.getByRole('heading', { name: '留言已提交' }).waitFor();
      const reference = (await page.locator('.ks-code').first().textContent()) ?? '';
      assert.match(reference, /^LY-\d{8}-\w{5}$/);
      await check('message-done');
      await page.getByRole('button', { name: '打印回执' }).tap();
      await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1);
      // printed: only the receipt (no header, no QR, no buttons)
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.kiosk-phone').isVisible(), false);
      assert.equal(await page.getByRole('button', { name: '打印回执' }).isVisible(), false);
      assert.equal(await page.locator('.ks-receipt').isVisible(), true);
      if (SAVE) await page.screenshot({ path: path.join(OUT, 'kiosk-message-receipt-print.png'), fullPage: true });
      // the receipt's codes find the message on the status page (kind detected from the reference)
      const code = (await page.locator('.ks-code').nth(1).textContent()) ?? '';
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`${b.base}/kiosk/${VENUE}/status`);
      await page.getByLabel('编号').fill(reference);
      await page.getByLabel('查询码').fill(code);
      await page.getByRole('button', { name: '查询' }).tap();
      await page.getByRole('heading', { name: '查询结果：民心直通车留言' }).waitFor();
      assert.equal(await page.getByText('大厅门口台阶破损').count(), 1);
      assert.equal(await page.getByText('赵女士').count(), 0, 'the name is masked');
      await check('status-result');
      // landscape (1920×1080): the same pages fit, and their controls stay 60 px
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1920, height: 1080 });
      for (const name of ['status', 'rate', 'message']) {
        await page.goto(`${b.base}/kiosk/${VENUE}/${name}`);
        if (SAVE) await page.screenshot({ path: path.join(OUT, `kiosk-${name}-1920x1080.png`), fullPage: true });
        const p = await layoutProblems(page);
        assert.ok(p.excess <= 0, `${name} landscape: ${p.excess}px wider than the screen`);
        assert.deepEqual(p.small, [], `${name} landscape: touch targets under 60 px`);
      }
    } finally {
      await context.close();
    }
  });
});
