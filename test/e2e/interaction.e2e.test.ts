// 民心直通车 in real Chromium with axe on every page: a citizen leaves a message (typed address,
// no map needed), reads the public list and statistics, checks the status; the dispatcher
// accepts and assigns it from the queue.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, type TestApp } from '../support/app.ts';
import { browserSkip, expectAccessible, expectTitle, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { startTileServer } from '../support/interaction.ts';

describe('interaction journeys', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let t: TestApp;
  let browser: BrowserApp['browser'];
  let base: string;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;

  before(async () => {
    tiles = await startTileServer();
    b = await startBrowserApp({ env: { INTERACTION_MAP_TILE_URL: `${tiles.url}/{z}/{x}/{y}.png` } });
    ({ browser, base, app: t } = b);
  });
  after(async () => {
    await b?.close();
    await tiles?.close();
  });

  test('a citizen leaves a message and checks it; the dispatcher accepts and assigns it', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/interaction`);
    await page.getByRole('link', { name: '我要留言', exact: true }).click();
    await expectAccessible(page);
    await page.getByLabel('受理单位').selectOption('130427');
    // the duplicate hint appears as soon as organisation and category are chosen
    await page.getByLabel('留言分类').selectOption('street_lights');
    await page.getByText('附近已有同类留言正在办理').waitFor();
    assert.equal(await page.locator('#similar-live a', { hasText: '公园路灯损坏' }).count(), 1);
    await expectAccessible(page);
    await page.getByLabel('留言分类').selectOption('roads');
    await page.getByLabel('标题').fill('磁州路井盖缺失');
    await page.getByLabel('留言内容').fill('磁州路与滏阳路口东侧人行道井盖缺失，夜间容易踩空，请尽快处理。');
    await page.getByLabel('地点（地址）').fill('磁县磁州路与滏阳路口东侧');
    // pick the spot on the map: the click fills latitude and longitude near the map's centre (磁县)
    await page.locator('.map-view').click({ position: { x: 200, y: 150 } });
    const lat = Number(await page.getByLabel('纬度').inputValue());
    const lng = Number(await page.getByLabel('经度').inputValue());
    assert.ok(Math.abs(lat - 36.374) < 0.05 && Math.abs(lng - 114.382) < 0.05, `${lat},${lng}`);
    await page.getByRole('button', { name: '放大' }).click();
    // The zoomed tiles load asynchronously: wait for them (up to 5 s) instead of racing the browser.
    for (let i = 0; i < 50 && !tiles.hits.some((h) => h.startsWith('/16/')); i++) await page.waitForTimeout(100);
    assert.ok(tiles.hits.some((h) => h.startsWith('/16/')), tiles.hits.join(' '));
    await page.getByLabel('联系人姓名').fill('孙女士');
    await page.getByLabel('联系电话').fill('13512345678');
    // first try without the captcha: the error summary keeps what was typed
    await page.getByRole('button', { name: '提交留言' }).click();
    await expectTitle(page, /^错误：/);
    await expectAccessible(page);
    assert.equal(await page.getByLabel('标题').inputValue(), '磁州路井盖缺失');
    const token = await page.locator('input[name="captcha_token"]').getAttribute('value');
    await page.locator('#captcha_answer').fill(solveCaptchaForTest(token ?? '', t.clock.now()));
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.getByRole('heading', { name: '留言已提交' }).waitFor();
    await expectAccessible(page);
    const dds = await page.locator('dl.summary dd strong').allTextContents();
    const [reference, code] = dds as [string, string];
    assert.match(reference, /^LY-/);

    await page.goto(`${base}/interaction/status`);
    await expectAccessible(page);
    await page.getByLabel('留言编号').fill(reference);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('heading', { name: '磁州路井盖缺失' }).waitFor();
    await expectAccessible(page);

    await page.goto(`${base}/interaction/messages`);
    await expectAccessible(page);
    await page.goto(`${base}/interaction/statistics?month=2025-12`);
    await expectAccessible(page);
    await page.goto(`${base}/interaction/messages`);
    await page.getByRole('link', { name: '滏阳路路灯不亮' }).click();
    await expectAccessible(page);

    const staff = await (await browser.newContext()).newPage();
    await staff.goto(`${base}/login`);
    await staff.getByLabel('用户名').fill('cixian.minhu');
    await staff.getByLabel('密码').fill(DEMO_PASSWORD);
    await staff.getByRole('button', { name: '登录' }).click();
    await staff.goto(`${base}/staff/messages`);
    await expectAccessible(staff);
    // the 12345-only list, the grant-scoped statistics with the rate chart and one government chosen, the upload form
    for (const url of ['/staff/messages/hotline', '/staff/messages/statistics?period=2025-Q4', '/staff/messages/statistics?period=2025-Q4&org=130427', '/staff/messages/hotline/import']) {
      await staff.goto(`${base}${url}`);
      await expectAccessible(staff);
    }
    // a refused upload: the error summary and the file's problems, the choices kept
    await staff.locator('#file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态\nE2E20251201001,8021,关于路灯,路灯不亮,2025-12-32 09:00:00,-,投诉,待签收\n') });
    await staff.getByRole('button', { name: '上传并导入' }).click();
    await staff.getByText('bad.csv：文件有 1 处问题，未导入任何工单').waitFor();
    await expectAccessible(staff);
    await staff.goto(`${base}/staff/messages`);
    await staff.getByRole('link', { name: reference }).click();
    await expectAccessible(staff);
    await staff.getByText('受理', { exact: true }).first().click();
    await staff.getByRole('button', { name: '受理' }).click();
    await staff.getByText('交办', { exact: true }).first().click();
    await staff.getByRole('button', { name: '交办' }).click();
    await staff.getByText('已交办，待签收').first().waitFor();
    await expectAccessible(staff);
  });

  test('an administrator adds a routing rule on the settings page (with the new-rule form open)', async () => {
    const admin = await (await browser.newContext()).newPage();
    await admin.goto(`${base}/login`);
    await admin.getByLabel('用户名').fill('admin');
    await admin.getByLabel('密码').fill(DEMO_PASSWORD);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.goto(`${base}/staff`);
    await admin.getByRole('link', { name: '留言办理设置' }).click();
    await admin.getByText('新增交办规则').click();
    await expectAccessible(admin);
    await admin.getByLabel('留言分类').selectOption('education');
    await admin.getByLabel('区划代码').fill('130427100');
    await admin.getByLabel('承办单位代码').fill('130427100');
    await admin.getByLabel('办理时限', { exact: true }).selectOption('simple');
    await admin.getByRole('button', { name: '添加' }).last().click();
    await admin.getByText('交办规则已添加。').waitFor();
    await admin.getByRole('row', { name: /教育.*磁州镇/ }).waitFor();
    await expectAccessible(admin);
  });
});
