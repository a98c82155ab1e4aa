// Browser journeys through the community and village boards in real Chromium at 1280 and 375 px, with
// axe on the board page, a post page, the print view and the staff form (zero violations); the print
// view printed to PDF on A4 landscape and A3 landscape without the site's navigation. Screenshots go to
// BOARDS_SCREENSHOTS (a folder) when it is set, for a person to look at.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

const SHOTS = process.env.BOARDS_SCREENSHOTS;
const VILLAGE = '130427100205';
const COMMUNITY = '440105001101';

describe('community and village boards in the browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let reliefNo: string;
  let financeNo: string;
  before(async () => {
    b = await startBrowserApp();
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    const no = async (column: string) => (await b.db.db.selectFrom('board_post').select('post_no').where('org_code', '=', VILLAGE).where('column_code', '=', column).executeTakeFirstOrThrow()).post_no;
    reliefNo = await no('relief_subsidy');
    financeNo = await no('finance');
  });
  after(async () => b?.close());

  const shot = async (page: import('playwright-core').Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const width = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth);

  for (const vw of [1280, 375]) {
    test(`the board, a post and the print view are accessible at ${vw} px`, async () => {
      const page = await (await b.browser.newContext({ viewport: { width: vw, height: 900 } })).newPage();
      for (const [name, url] of [
        ['index', '/boards'], ['village', `/boards/${VILLAGE}`], ['community', `/boards/${COMMUNITY}`],
        ['post-relief', `/boards/${VILLAGE}/posts/${reliefNo}`], ['post-finance', `/boards/${VILLAGE}/posts/${financeNo}`],
        ['print-finance', `/boards/${VILLAGE}/posts/${financeNo}/print`],
      ] as const) {
        const res = await page.goto(`${b.base}${url}`);
        assert.equal(res?.status(), 200, url);
        await expectAccessible(page);
        // wide tables scroll inside their own region; the page itself does not scroll sideways
        assert.ok((await width(page)) <= vw, `${url} is ${await width(page)}px wide at ${vw}px`);
        await shot(page, `${name}-${vw}`);
      }
      await page.goto(`${b.base}/boards/${VILLAGE}/posts/${reliefNo}`);
      assert.equal(await page.getByText('李*英').count(), 1);
      assert.equal(await page.getByText('李桂英').count(), 0);
    });
  }

  test('the print view prints on A4 landscape (and A3 with ?size=a3) with no site navigation', async () => {
    const page = await (await b.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${b.base}/boards/${VILLAGE}/posts/${financeNo}/print`);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.print-tools').isVisible(), false, 'the print button is not printed');
    assert.equal(await page.locator('.site-nav, .site-header').count(), 0);
    assert.equal(await page.getByText('监督电话：0310-2300000').isVisible(), true);
    assert.equal(await page.getByText('公开日期：2026-01-06').isVisible(), true);
    const a4 = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.goto(`${b.base}/boards/${VILLAGE}/posts/${financeNo}/print?size=a3`);
    const a3 = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    if (SHOTS) { fs.writeFileSync(path.join(SHOTS, 'print-a4.pdf'), a4); fs.writeFileSync(path.join(SHOTS, 'print-a3.pdf'), a3); }
    // the MediaBox of the first page: landscape A4 is 842 × 595 pt, landscape A3 1191 × 842 pt
    const box = (pdf: Buffer) => /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'))!.slice(1).map((n) => Math.round(Number(n)));
    assert.deepEqual(box(a4), [842, 595]);
    assert.deepEqual(box(a3), [1191, 842]);
  });

  test('an editor fills the table, meets the refusal naming row and column with values kept, and publishes', async () => {
    const page = await (await b.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${b.base}/login?next=/staff/boards`);
    await page.getByLabel('用户名').fill('cixian.editor');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${b.base}/staff/boards/new`);
    await expectAccessible(page);
    await page.getByLabel('村（居）民委员会').selectOption(VILLAGE);
    await page.getByLabel('栏目').selectOption('finance');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('标题').fill('纪庄村2026年2月财务收支公开');
    await page.getByLabel('公开期间').fill('2026-02');
    await page.getByLabel('第1行 日期').fill('2026-02-03');
    await page.getByLabel('第1行 摘要/科目').fill('办公用品');
    await page.getByLabel('第1行 支出（元）').fill('120.50');
    await page.getByLabel('第1行 经手人').fill('王丽娟');
    await page.getByLabel('第3行 日期').fill('2026-02-18');
    await page.getByLabel('第3行 摘要/科目').fill('保洁费');
    await page.getByLabel('第3行 支出（元）').fill('三百');
    await page.getByLabel('第3行 经手人').fill('李建军');
    await page.getByRole('button', { name: '保存草稿' }).click();
    assert.equal(await page.getByRole('link', { name: '第3行“支出（元）”不是金额' }).count(), 1);
    assert.equal(await page.getByLabel('第3行 支出（元）').inputValue(), '三百');
    await expectAccessible(page);
    await shot(page, 'staff-form-error-1280');
    await page.getByLabel('第3行 支出（元）').fill('300');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expectAccessible(page);
    await shot(page, 'staff-post-1280');
    await page.getByRole('button', { name: '发布' }).click();
    await page.getByRole('link', { name: '查看网上公开页' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '纪庄村2026年2月财务收支公开');
    assert.equal(await page.getByText('420.50').count() >= 1, true);
  });

  test('at 375 px the staff form\'s table scrolls inside its region; the page does not scroll sideways', async () => {
    const page = await (await b.browser.newContext({ viewport: { width: 375, height: 900 } })).newPage();
    await page.goto(`${b.base}/login?next=/staff/boards`);
    await page.getByLabel('用户名').fill('cixian.editor');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    for (const column of ['finance', 'land']) {
      await page.goto(`${b.base}/staff/boards/new?org=${VILLAGE}&column=${column}`);
      assert.ok((await width(page)) <= 375, `${column} form is ${await width(page)}px wide at 375px`);
      await expectAccessible(page);
      await shot(page, `staff-form-${column}-375`);
    }
  });
});
