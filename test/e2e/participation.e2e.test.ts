// Browser journeys through 意见征集 and the 新闻发布会 / 回应关切 pages in real Chromium at 1280 and
// 375 px, with axe on every page (zero violations): the list, an open consultation and its comment
// form (an error keeps what was typed; the captcha answered, the comment is taken), a closed one
// with its feedback report and final policy, the policy's page linking back, a 发布会 record and the
// 回应关切 list. Screenshots go to SCREENSHOT_DIR (default: the system temp folder).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/app.ts';

const SHOTS = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'gongkai-participation-shots');

describe('意见征集, 新闻发布会 and 回应关切 in the browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => b?.close());

  async function look(page: Page, name: string, width: number) {
    await expectAccessible(page);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= width, `${page.url()} is ${w}px wide at ${width}px`);
    // a table squeezed to the phone's width wraps its headers one character per line: at least two fit
    const squeezed = await page.evaluate(() => [...document.querySelectorAll('main th')].filter((th) => {
      const cs = getComputedStyle(th);
      return th.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) < 2 * parseFloat(cs.fontSize);
    }).map((th) => th.textContent));
    assert.deepEqual(squeezed, [], `${page.url()} at ${width}px: headers one character per line`);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }

  for (const width of [1280, 375]) {
    test(`a citizen reads an open consultation and comments on it (${width} px)`, async () => {
      const page = await (await b.browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${b.base}/participation`);
      await look(page, 'participation-list', width);
      await page.getByRole('link', { name: /磁县城区停车管理办法/ }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.match(await page.locator('h1').textContent() ?? '', /磁县城区停车管理办法/);
      assert.equal(await page.getByText('建议首30分钟免费延长到1小时，方便接送孩子。').count(), 1, 'a published comment');
      assert.equal(await page.getByText('夜间免费时段建议从19:00开始。').count(), 0, 'a pending comment is not shown');
      assert.equal(await page.getByText('13912340002').count(), 0, 'contact data never shown');
      await look(page, 'participation-open', width);
      // without the captcha: the error summary, and what was typed is kept
      await page.getByLabel('姓名（可不填）').fill('钱先生');
      await page.getByLabel('意见内容').fill('建议在学校周边设置临时停车泊位。');
      await page.getByRole('button', { name: '提交意见' }).click();
      await expectTitle(page, /^错误：/);
      assert.equal(await page.getByLabel('意见内容').inputValue(), '建议在学校周边设置临时停车泊位。');
      await look(page, 'participation-form-error', width);
      const token = await page.locator('input[name="captcha_token"]').getAttribute('value');
      // with a long link on a line of its own: the staff page shows it (pending) and must not widen
      await page.getByLabel('意见内容').fill(`建议在学校周边设置临时停车泊位。\n参考：https://example.com/${'parking'.repeat(30)}${width}`);
      await page.locator('#captcha_answer').fill(solveCaptchaForTest(token ?? '', b.app.clock.now()));
      await page.getByRole('button', { name: '提交意见' }).click();
      await page.getByRole('heading', { name: '意见已提交' }).waitFor();
      assert.match(await page.locator('main').textContent() ?? '', /编号 YJ-\d{8}-[2-9A-Z]{5}/);
      await look(page, 'participation-done', width);
    });

    test(`a closed consultation shows its feedback report and final policy, which links back (${width} px)`, async () => {
      const page = await (await b.browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${b.base}/participation`);
      await page.getByRole('link', { name: /磁县城乡居民最低生活保障实施办法/ }).first().click();
      await page.getByRole('heading', { name: '意见采纳情况' }).waitFor();
      assert.equal(await page.getByText('共收到并公开意见 3 条：采纳 1 条，部分采纳 1 条，未采纳 1 条。').count(), 1);
      assert.equal(await page.getByRole('heading', { name: '提交意见' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: '提交意见' }).count(), 0, 'no form on a closed consultation');
      await look(page, 'participation-closed', width);
      await page.getByRole('link', { name: /关于印发《磁县城乡居民最低生活保障实施办法》的通知/ }).click();
      await page.getByRole('heading', { name: '公众参与' }).waitFor();
      assert.ok(await page.getByRole('link', { name: /公开征求意见的公告$/ }).count() >= 1);
      assert.equal(await page.getByRole('link', { name: '磁县《城乡居民最低生活保障实施办法》新闻发布会' }).count(), 1, 'the 发布会 next to its policy');
      await look(page, 'policy-with-backlinks', width);
      await page.getByRole('link', { name: '磁县《城乡居民最低生活保障实施办法》新闻发布会' }).click();
      await page.getByRole('heading', { name: '发布会实录' }).waitFor();
      assert.equal(await page.getByText('王建国（磁县民政局局长）').count(), 1);
      await look(page, 'press-conference', width);
      await page.goto(`${b.base}/openness/disclosures/responses`);
      assert.equal(await page.getByRole('link', { name: '关于磁州镇部分路段路灯夜间不亮问题的回应' }).count(), 1);
      await look(page, 'responses', width);
    });

    test(`a publisher moderates a comment on the staff page (${width} px)`, async () => {
      const page = await (await b.browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${b.base}/login?next=/staff/participation`);
      await page.getByLabel('用户名').fill('cixian.editor');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '意见征集', level: 1 }).waitFor();
      await look(page, 'staff-participation-list', width);
      await page.getByRole('link', { name: /磁县城区停车管理办法/ }).click();
      await page.getByRole('heading', { name: '收到的意见' }).waitFor();
      assert.equal(await page.getByText('parkingparking', { exact: false }).count() >= 1, true, 'the comment with the long link is on the staff page');
      await look(page, 'staff-participation', width);
      if (width !== 375) return;
      // (after both widths' citizen journeys) 赵女士's comment waits for moderation: approve it
      const card = page.locator('article', { hasText: '夜间免费时段建议从19:00开始。' });
      await card.getByLabel('审核').selectOption('approve');
      await card.getByRole('button', { name: '审核' }).click();
      await page.getByText('已审核').first().waitFor();
      await page.goto(`${b.base}/participation`);
      await page.getByRole('link', { name: /磁县城区停车管理办法/ }).click();
      assert.equal(await page.getByText('夜间免费时段建议从19:00开始。').count(), 1, 'published after moderation');
    });
  }
});
