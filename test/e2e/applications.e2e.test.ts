// Browser journeys for 依申请公开 in real Chromium with axe on every page: a citizen applies
// online (one question per page, check answers, captcha) and looks up the status; a staff member
// works the queue, opens a case, acts on it and registers an offline application.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { DEMO_PASSWORD, type TestApp } from '../support/app.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';

describe('applications in the browser', { skip: browserSkip }, () => {
  let fixture: BrowserApp;
  let t: TestApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    fixture = await startBrowserApp();
    ({ app: t, browser, base } = fixture);
  });
  after(async () => fixture?.close());

  test('a citizen applies online and checks the status with the reference and tracking code', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/applications`);
    await page.getByRole('link', { name: '在线提交政府信息公开申请' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: '开始申请' }).click();
    await page.getByRole('button', { name: '继续' }).click();
    await expectTitle(page, /^错误：/);
    await expectAccessible(page);
    await page.getByLabel('自然人').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('姓名').fill('王小明');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('居民身份证号码').fill('130427199205051234');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('电子邮箱').fill('wxm@example.com');
    await expectAccessible(page);
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('向哪个行政机关申请？').selectOption('130427');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('所需政府信息').fill('申请公开磁县2026年义务教育学校招生计划。');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('电子邮件').check();
    await expectAccessible(page);
    await page.getByRole('button', { name: '继续' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '核对您的申请');
    await expectAccessible(page);
    const token = await page.locator('input[name="captcha_token"]').inputValue();
    await page.locator('#captcha_answer').fill(solveCaptchaForTest(token, t.clock.now()));
    await page.getByRole('button', { name: '提交申请' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '申请已提交');
    await expectAccessible(page);
    const text = await page.locator('main').textContent() ?? '';
    const ref = /申请编号：(YSQ-\d{8}-[2-9A-Z]{5})/.exec(text)![1]!;
    const code = /查询码：([2-9A-Z]{8})/.exec(text)![1]!;
    await page.getByRole('link', { name: '查询办理进度' }).click();
    await page.getByLabel('申请编号').fill(ref);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    assert.match(await page.locator('main').textContent() ?? '', /待确认收到/);
    await expectAccessible(page);
    await page.context().close();
  });

  test('a staff member works the queue, refuses nothing silently, and registers an offline application', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('cixian.gkb');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${base}/staff/applications?list=awaiting_correction`);
    await expectAccessible(page);
    await page.getByRole('link', { name: /^YSQ-/ }).first().click();
    await expectAccessible(page);
    await page.locator('#action-decide summary').click();
    await page.locator('#action-decide-outcome').selectOption('disclose');
    await page.locator('#action-decide').getByRole('button', { name: '作出答复' }).click();
    await expectTitle(page, /^错误：/);
    assert.match(await page.locator('.error-summary').textContent() ?? '', /正在等待申请人补正/);
    await expectAccessible(page);
    await page.locator('#action-receive_correction summary').click();
    await page.locator('#action-receive_correction').getByRole('button', { name: '收到补正' }).click();
    assert.match(await page.locator('.notice').first().textContent() ?? '', /已完成：收到补正/);
    await page.goto(`${base}/staff/applications?list=awaiting_delivery`);
    await page.getByRole('link', { name: /^YSQ-/ }).first().click();
    assert.match(await page.locator('main').textContent() ?? '', /送达回执扫描件/);
    await expectAccessible(page);
    for (const path of ['new', 'statistics', 'targets']) {
      await page.goto(`${base}/staff/applications/${path}`);
      await expectAccessible(page);
    }
    await page.context().close();
    const admin = await (await browser.newContext()).newPage();
    await admin.goto(`${base}/login`);
    await admin.getByLabel('用户名').fill('platform'); // the clock rules are a platform administrator's
    await admin.getByLabel('密码').fill(DEMO_PASSWORD);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.goto(`${base}/staff/applications/rules`);
    assert.equal(await admin.getByRole('heading', { level: 1 }).textContent(), '办理规则（未经确认的规则）');
    await expectAccessible(admin);
    await admin.context().close();
  });

  test('at 375 px the queue table scrolls sideways instead of wrapping names one character per line; the case page and its 期限说明 fit', async () => {
    const page = await (await browser.newContext({ viewport: { width: 375, height: 800 } })).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('cixian.gkb');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${base}/staff/applications?list=all_open`);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(pageWidth <= 375, `page is ${pageWidth}px wide at 375px`);
    // Count the line boxes of each applicant name and organisation.
    const cells = await page.locator('main table tbody tr td:nth-child(2), main table tbody tr td:nth-child(3)').evaluateAll((tds) => tds.map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return { text: td.textContent ?? '', lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
    }));
    assert.ok(cells.length > 0);
    // A long organisation name may take two lines, but never fewer than four characters a line.
    for (const c of cells) assert.ok(c.lines === 1 || c.text.length / c.lines >= 4, `「${c.text}」 wraps over ${c.lines} lines`);
    await expectAccessible(page);
    await page.getByRole('link', { name: /^YSQ-/ }).first().click();
    const caseWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(caseWidth <= 375, `case page is ${caseWidth}px wide at 375px`);
    assert.match(await page.locator('main').textContent() ?? '', /收到申请之日：|确认后开始计算答复期限/);
    await expectAccessible(page);
    await page.context().close();
  });
});
