// The slot rules staff page and the venue page's 「可预约时段」 block in Chromium, at 1280 and 375 px:
// axe finds nothing, nothing scrolls sideways (the rules table scrolls inside its region), a rule is
// saved through the form (add a row, tick weekdays) and shows in the preview and on the venue page.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const SHOTS = process.env.SLOT_SCREENSHOTS ?? path.join(os.tmpdir(), 'slot-rules-shots');
const VENUE = 'CX-ZWFW';

describe('slot rules in the browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let page: Page;
  async function check(name: string) {
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow} px at ${page.viewportSize()!.width}`);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${page.viewportSize()!.width}.png`), fullPage: true });
  }
  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // Monday 2026-09-28 09:00 Beijing (国庆 ahead)
    b = await startBrowserApp({ clock: fixedClock('2026-09-28T01:00:00Z') });
    // the demo gives the centre weekday half hours: start from a venue without rules, as a new county would
    const venue = await b.db.db.selectFrom('sm_venue').select('id').where('public_id', '=', VENUE).executeTakeFirstOrThrow();
    await b.db.db.deleteFrom('ap_slot_rule').where('venue_id', '=', venue.id).execute();
    page = await (await b.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${b.base}/login`);
    await page.getByLabel('用户名').fill('cixian.editor');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff$/);
  });
  after(async () => b?.close());

  test('set a rule on the staff page, see it in the preview and on the venue page; accessible at 1280 and 375', async () => {
    await page.goto(`${b.base}/staff`);
    await page.getByRole('link', { name: '场所预约时段' }).first().click();
    await page.getByRole('link', { name: '设置时段：磁县政务服务中心', exact: true }).click();
    await page.waitForURL(new RegExp(`/staff/venues/${VENUE}/slots$`));
    for (const d of ['周一', '周二', '周三', '周四', '周五']) await page.locator('#wd_0_' + String(['周一', '周二', '周三', '周四', '周五'].indexOf(d) + 1)).check();
    await page.getByLabel('第 1 行开始').fill('09:30');
    await page.getByLabel('第 1 行结束').fill('10:00');
    await page.getByLabel('第 1 行名额').fill('3');
    await page.getByRole('button', { name: '保存时段规则' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    assert.ok(await page.getByRole('cell', { name: '2026-10-08（周四）' }).first().isVisible(), 'the preview shows the day after 国庆');
    assert.equal(await page.getByRole('cell', { name: '2026-10-01（周四）' }).count(), 0, '国庆 has no slots');
    // a bad row: 400 with the summary and the values kept
    await page.getByLabel('第 2 行开始').fill('25:00');
    await page.getByLabel('第 2 行结束').fill('10:00');
    await page.getByLabel('第 2 行名额').fill('0');
    await page.getByRole('button', { name: '保存时段规则' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.title(), /^错误：/);
    assert.equal(await page.getByLabel('第 2 行开始').inputValue(), '25:00');
    await check('slot-rules-error');
    await page.goto(`${b.base}/staff/venues/${VENUE}/slots`);
    await check('slot-rules');
    await page.setViewportSize({ width: 375, height: 800 });
    await check('slot-rules');

    await page.goto(`${b.base}/services/venues/${VENUE}`);
    const block = page.locator('section.slots-block');
    assert.ok(await block.getByRole('heading', { name: '可预约时段' }).isVisible());
    assert.equal(await block.getByRole('link').count(), 6);
    assert.match(await block.getByRole('link').first().getAttribute('href') ?? '', /\/services\/venues\/CX-ZWFW\/book\?start=2026-09-28T01%3A30/);
    await check('venue-slots');
    await page.setViewportSize({ width: 1280, height: 900 });
    await check('venue-slots');
  });
});
