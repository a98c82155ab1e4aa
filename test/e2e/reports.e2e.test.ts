// Browser journey through the annual report in real Chromium, axe on every page (zero violations):
// a citizen reads 磁县's published report from 信息公开; the 政务公开办 sees the reminders, edits this
// year's draft and is refused publishing while the year runs.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('annual report journeys', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let base: string;
  let browser: BrowserApp['browser'];
  before(async () => {
    b = await startBrowserApp();
    ({ base, browser } = b);
  });
  after(async () => b?.close());

  test('a citizen reads the published report; staff edit the draft and see the checks', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/openness`);
    await page.getByRole('link', { name: '政府信息公开工作年度报告', exact: true }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: '磁县人民政府2025年政府信息公开工作年度报告' }).click();
    await expectAccessible(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '磁县人民政府2025年政府信息公开工作年度报告');
    assert.equal(await page.locator('#table3 tbody tr').count(), 25);

    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('cixian.gkb');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${base}/staff`);
    await page.getByRole('link', { name: '年度报告编制' }).click();
    await expectAccessible(page);
    assert.match(await page.locator('#reminders-title + p + table').textContent() ?? '', /磁县民政局/);
    await page.getByRole('textbox', { name: '机关代码' }).fill('130427');
    await page.getByRole('textbox', { name: '年度', exact: true }).fill('2026');
    await page.getByRole('button', { name: '打开' }).click();
    await expectAccessible(page);
    await page.getByLabel('一、总体情况').fill('2026年总体情况（测试）。');
    await page.getByLabel(/第（五）项/).fill('abc');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expectTitle(page, /^错误：/);
    await expectAccessible(page);
    assert.equal(await page.getByLabel('一、总体情况').inputValue(), '2026年总体情况（测试）。');
    await page.getByLabel(/第（五）项/).fill('1400');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expectAccessible(page);
    assert.match(await page.locator('.notice').textContent() ?? '', /草稿已保存/);
    await page.getByRole('button', { name: '发布年度报告' }).click();
    await expectAccessible(page);
    assert.match(await page.locator('[role=alert]').textContent() ?? '', /2026年尚未结束/);
    await page.goto(`${base}/staff/reports/annual/import`);
    await expectAccessible(page);
    await page.context().close();
  });
});
