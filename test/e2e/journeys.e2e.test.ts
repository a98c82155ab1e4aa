// Browser journeys in real Chromium (Debian's /usr/bin/chromium via playwright-core), with an
// axe-core check of every page visited: zero violations. Skipped, with the reason printed, when
// Chromium is absent (CI sets REQUIRE_BROWSER=1, which turns the skip into a failure up front).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('browser journeys', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let base: string;
  let browser: BrowserApp['browser'];
  before(async () => {
    b = await startBrowserApp();
    ({ base, browser } = b);
  });
  after(async () => b?.close());

  test('a citizen browses the region tree from the home page down to a township', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/`);
    await expectAccessible(page);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据开放' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: /行政区划目录/ }).click();
    await page.getByRole('link', { name: '河北省' }).click();
    await page.getByRole('link', { name: '邯郸市' }).click();
    await page.getByRole('link', { name: '磁县' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '磁县');
    assert.equal(await page.locator('tbody tr').count(), 11);
    await expectAccessible(page);
    await page.getByRole('link', { name: '磁州镇' }).click();
    assert.match(page.url(), /\/data\/regions\/130427100000$/);
    await expectAccessible(page);
    await page.context().close();
  });

  test('长者模式 makes the text larger and stays on across pages', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/data/regions/130427`);
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await page.getByRole('button', { name: '长者模式' }).click();
    await page.waitForURL(/\/data\/regions\/130427$/);
    const afterSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    assert.ok(afterSize > before, `${afterSize} > ${before}`);
    await expectAccessible(page);
    await page.goto(`${base}/`);
    assert.equal(await page.evaluate(() => document.documentElement.className), 'elder');
    await page.context().close();
  });

  test('a staff member signs in, sees an error for a wrong password, then reaches the back office', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/staff`);
    assert.match(await page.locator('h1').textContent() ?? '', /需要登录/);
    await page.getByRole('link', { name: '前往登录' }).click();
    await expectAccessible(page);
    await page.getByLabel('用户名').fill('platform'); // a platform administrator reaches every page below
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expectTitle(page, /^错误：/);
    assert.equal(await page.getByLabel('用户名').inputValue(), 'platform');
    await expectAccessible(page);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/staff$/);
    assert.equal(await page.locator('h1').textContent(), '工作台');
    await expectAccessible(page);
    await page.getByRole('link', { name: '用户管理' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'cixian.editor' }).click();
    await expectAccessible(page);
    await page.goto(`${base}/staff/organisations`);
    await page.getByLabel('单位代码').fill('130427-');
    await page.getByRole('button', { name: '建立单位' }).click();
    await expectTitle(page, /^错误：/);
    await expectAccessible(page);
    await page.goto(`${base}/staff/calendar?year=2026`);
    assert.equal(await page.locator('h1').textContent(), '工作日历');
    await expectAccessible(page);
    await page.goto(`${base}/staff/audit`);
    await expectAccessible(page);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${base}/`);
    await page.context().close();
  });

  test('the error pages are accessible too', async () => {
    const page = await (await browser.newContext()).newPage();
    const res = await page.goto(`${base}/no-such-page`);
    assert.equal(res?.status(), 404);
    await expectAccessible(page);
    await page.context().close();
  });
});
