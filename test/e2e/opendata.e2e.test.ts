// 数据开放 (issue 23) in real Chromium at 1280 and 375 px over test-only sources: /data (filtered
// too) and a dataset's page pass axe, nothing scrolls sideways on a phone, the filter form narrows
// the list, and a file link downloads the CSV; the staff statistics likewise. Screenshots with OPENDATA_SCREENSHOTS=dir.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { DEMO_PASSWORD } from '../support/app.ts';
import { countDownload } from '../../src/modules/opendata/downloads.repository.ts';
import { installTestSources } from '../web/opendata-pages.fixture.ts';

const SHOTS = process.env.OPENDATA_SCREENSHOTS;
const PAGES = ['/data', '/data?publisher=130427', '/data/datasets/test-orgs-130427'];

describe('数据开放 pages in a browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let undo: () => void;
  before(async () => {
    undo = installTestSources({ opened: 0, closed: 0, produced: 0 });
    b = await startBrowserApp({ clock: fixedClock('2026-03-02T02:00:00Z') });
    for (const [month, n] of [['2025-11-10', 2], ['2026-01-10', 5], ['2026-02-10', 3]] as const) {
      for (let i = 0; i < n; i++) await countDownload(b.db.db, 'test-orgs-130427', 'orgs.csv', '130427', new Date(`${month}T02:00:00Z`));
    }
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => { await b?.close(); undo?.(); });

  for (const width of [1280, 375]) {
    test(`/data and a dataset page are accessible at ${width} px`, async () => {
      const context = await b.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const p of PAGES) {
        const res = await page.goto(`${b.base}${p}`);
        assert.equal(res?.status(), 200, p);
        await expectAccessible(page);
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(w <= width, `${p} is ${w}px wide at ${width}px`);
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${p.replace(/[/?=]+/g, '_').replace(/^_/, '')}-${width}.png`), fullPage: true });
      }
      // the staff statistics of 磁县's 政务公开办
      await page.goto(`${b.base}/login`);
      await page.getByLabel('用户名').fill('cixian.gkb');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      const res = await page.goto(`${b.base}/staff/open-data`);
      assert.equal(res?.status(), 200);
      assert.ok(await page.locator('tr[data-dataset="test-orgs-130427"]').isVisible());
      await expectAccessible(page);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= width, `/staff/open-data is ${w}px wide at ${width}px`);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `staff-open-data-${width}.png`), fullPage: true });
      await context.close();
    });
  }

  test('the filter form narrows the list, and a file link downloads the CSV', async () => {
    const context = await b.browser.newContext({ viewport: { width: 375, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${b.base}/data`);
    await page.getByLabel('主题').selectOption('services');
    await page.getByRole('button', { name: '筛选' }).click();
    assert.match(page.url(), /theme=services/);
    assert.equal(await page.locator('li[data-dataset]').count(), 1);
    await page.getByRole('link', { name: '测试大文件（全平台）' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '测试大文件（全平台）');
    await page.goto(`${b.base}/data/datasets/test-orgs-130427`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'orgs.csv' }).click()]);
    assert.equal(download.suggestedFilename(), '磁县人民政府测试机构名录-orgs.csv');
    const file = await download.path();
    assert.ok(fs.readFileSync(file!, 'utf8').startsWith('\uFEFF机构代码,名称'));
    await context.close();
  });
});
