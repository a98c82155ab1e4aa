// Browser journeys through the 一本通 and the catalogue staff pages in real Chromium, with axe on
// every page (zero violations) and a print-layout check.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('catalogue journeys', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let base: string;
  let browser: BrowserApp['browser'];
  before(async () => {
    b = await startBrowserApp();
    ({ base, browser } = b);
  });
  after(async () => b?.close());

  test('a citizen finds 赤岗街 户籍管理 from 信息公开, reads an item and prints the table', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/openness`);
    await page.getByRole('link', { name: /一本通/ }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: '赤岗街道办事处' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: /户籍管理领域/ }).click();
    await expectAccessible(page);
    assert.equal(await page.locator('table.catalog-table tbody tr').count(), 4);
    await page.getByRole('link', { name: '居住证签注' }).click();
    await expectAccessible(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '暂住登记及居住证管理 · 居住证签注');
    await page.goBack();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the header is not printed');
    assert.equal(await page.locator('table.catalog-table').isVisible(), true);
  });

  test('the coverage page of 龙华区 is accessible', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/openness/catalogs/coverage/440309`);
    await expectAccessible(page);
    assert.match(await page.locator('.lead').textContent() ?? '', /共11项/);
  });

  test('an administrator adds an item to a new draft and publishes it', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/login?next=/staff/catalogs`);
    await page.getByLabel('用户名').fill('admin2');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: '社会救助' }).click();
    await page.getByRole('button', { name: /新建草稿/ }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: '添加事项' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: '保存' }).click();
    await expectAccessible(page);
    assert.match(await page.locator('.error-summary').textContent() ?? '', /请填写公开内容/);
    await page.getByLabel('一级事项').fill('临时救助');
    await page.getByLabel('公开内容（要素）').fill('救助对象、救助标准、申请材料');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('button', { name: /发布第2版/ }).click();
    assert.match(await page.locator('.notice').textContent() ?? '', /第2版已发布/);
    await page.goto(`${base}/staff/catalogs/import`);
    await expectAccessible(page);
    await page.goto(`${base}/staff/catalogs/domains`);
    await expectAccessible(page);
    await page.goto(`${base}/staff/catalogs/new`);
    await expectAccessible(page);
  });
});
