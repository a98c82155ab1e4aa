// 年考评 in Chromium at 1280 px, with axe on every state: the year page, the scheme editor refusing
// weights that do not sum (the group named, the value kept), an organisation's page refusing a score
// above the maximum and then saving one, and the lock after its confirmation (the editor is gone).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('年考评 in the browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let page: Page;
  before(async () => {
    b = await startBrowserApp();
    page = await (await b.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${b.base}/login`);
    await page.getByLabel('用户名').fill('cixian.gkb');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff$/);
  });
  after(async () => b?.close());

  test('the scheme editor refuses weights that do not sum, naming the group and keeping the value', async () => {
    await page.goto(`${b.base}/staff/supervision/assessment?year=2026`);
    await expectAccessible(page);
    await page.locator('#i_2_max').fill('9');
    await page.getByRole('button', { name: '保存指标体系' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /「主动公开」各指标分值之和为 34 分，应等于该组分值 35 分/);
    assert.equal(await page.locator('#i_2_max').inputValue(), '9');
    assert.match(await page.title(), /^错误：/);
    await expectAccessible(page);
  });

  test('an organisation\'s page: a score above the maximum refused, a valid one saved and counted', async () => {
    await page.goto(`${b.base}/staff/supervision/assessment/2026/130427-mzj`);
    await expectAccessible(page);
    await page.locator('#points_A2').fill('11');
    await page.locator('#points_A2').locator('xpath=ancestor::form').getByRole('button', { name: '保存评分' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /得分应在 0 至 10 分之间/);
    await expectAccessible(page);
    await page.locator('#points_A2').fill('8');
    await page.locator('#note_A2').fill('目录已编制');
    await page.locator('#points_A2').locator('xpath=ancestor::form').getByRole('button', { name: '保存评分' }).click();
    await page.getByText('评分已保存').waitFor();
    assert.match(await page.locator('main').innerText(), /A2 基层政务公开标准目录与照单公开：8 \/ 10 得分/);
  });

  test('the lock asks for a confirmation, then the year is locked and the editor gone', async () => {
    await page.goto(`${b.base}/staff/supervision/assessment?year=2026`);
    await page.getByRole('button', { name: '锁定' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /请勾选确认/);
    await expectAccessible(page);
    await page.getByLabel('我已核对得分，确认锁定').check();
    await page.getByRole('button', { name: '锁定' }).click();
    await page.getByText('本年度考评已锁定').waitFor();
    assert.equal(await page.getByRole('button', { name: '保存指标体系' }).count(), 0);
    await expectAccessible(page);
  });
});
