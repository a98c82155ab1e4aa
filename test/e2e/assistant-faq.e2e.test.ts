// Browser journey through the staff FAQ of the assistant in real Chromium at 1280 and 375 px, axe on
// every page (zero violations), no page wider than the window: the 磁县政务公开办 opens the list of
// badly answered questions (demo), follows 「添加问答」, is refused without an answer (the error
// summary, the question kept), saves the pair (the question resolved) and sees it in the list.
// SHOTS_DIR=… keeps the screenshots for a person to look at.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('智能客服常见问题 pages', { skip: browserSkip }, () => {
  let b: BrowserApp;
  before(async () => { b = await startBrowserApp(); });
  after(async () => { await b?.close(); });

  test('questions, one-step answer and the list at 1280 and 375 px', async () => {
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
      if (process.env.SHOTS_DIR) await page.screenshot({ path: path.join(process.env.SHOTS_DIR, `assistant-faq-${name}.png`), fullPage: true });
    };
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${b.base}/staff/assistant/questions`);
      await fits(width);
      if (width === 1280) await expectAccessible(page);
      await shot(`questions-${width}`);
      const first = page.getByRole('link', { name: '添加问答' }).first();
      const question = (await page.locator('tbody tr .question-text').first().textContent())!;
      await first.click();
      assert.equal(await page.getByLabel('问题', { exact: true }).inputValue(), question);
      await fits(width);
      if (width === 1280) {
        await page.getByRole('button', { name: '添加问答并标记为已处理' }).click();
        await expectTitle(page, /^错误：/);
        assert.equal(await page.getByLabel('问题', { exact: true }).inputValue(), question);
        await expectAccessible(page);
        await shot('form-error-1280');
      }
      await page.getByLabel('答案', { exact: true }).fill(`${question}：请到县政务服务中心综合受理窗口咨询办理。`);
      await page.getByRole('button', { name: '添加问答并标记为已处理' }).click();
      assert.match(await page.locator('.notice').textContent() ?? '', /已添加，\d+ 次提问已标记为已处理/);
      await fits(width);
      if (width === 1280) await expectAccessible(page);
      await shot(`saved-${width}`);
      await page.goto(`${b.base}/staff/assistant/faq`);
      assert.ok((await page.content()).includes(question));
      await fits(width);
      if (width === 1280) await expectAccessible(page);
      await shot(`list-${width}`);
    }
    await context.close();
  });
});
