// Browser journey through the staff side of proactive disclosure in real Chromium, with axe on
// every page (zero violations): an editor drafts a record (an error first, what was typed kept),
// a reviewer answers the 保密审查 checklist, the editor publishes it.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../support/app.ts';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';

describe('disclosure staff journeys', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let base: string;
  let browser: BrowserApp['browser'];
  before(async () => {
    b = await startBrowserApp();
    ({ base, browser } = b);
  });
  after(async () => b?.close());

  const signIn = async (username: string, next: string) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    return page;
  };

  test('draft → 保密审查 → publish, every page accessible', async () => {
    const editor = await signIn('cixian.editor', '/staff/disclosures');
    await expectAccessible(editor);
    assert.match(await editor.locator('h1').textContent() ?? '', /主动公开信息/);
    await editor.getByRole('link', { name: '新建信息' }).click();
    await expectAccessible(editor);
    await editor.getByLabel('标题').fill('磁县浏览器测试通知');
    await editor.getByRole('button', { name: '保存草稿' }).click();
    await expectAccessible(editor);
    assert.match(await editor.locator('.error-summary').textContent() ?? '', /请填写正文/);
    assert.equal(await editor.getByLabel('标题').inputValue(), '磁县浏览器测试通知');
    await editor.getByLabel('体裁').selectOption('notice');
    await editor.getByLabel('主题分类').selectOption('zhzw');
    await editor.getByLabel('信息形成日期').fill('2026-02-27');
    await editor.getByLabel('正文').fill('<p>正文内容<script>alert(1)</script></p>');
    await editor.getByRole('button', { name: '保存草稿' }).click();
    await expectAccessible(editor);
    assert.match(await editor.locator('.notice').textContent() ?? '', /已保存/);
    assert.equal(await editor.locator('.record-body script').count(), 0);
    await editor.getByRole('button', { name: '提交保密审查' }).click();
    await expectAccessible(editor);
    const url = editor.url().split('?')[0]!;

    const reviewer = await signIn('cixian.reviewer', url.replace(base, ''));
    await expectAccessible(reviewer);
    await reviewer.getByRole('link', { name: '保密审查', exact: true }).click();
    await expectAccessible(reviewer);
    for (const q of ['是否涉及国家秘密或工作秘密', '是否涉及商业秘密或个人隐私', '是否可能危及国家安全、公共安全、经济安全、社会稳定', '是否属于内部事务或过程性信息']) {
      await reviewer.getByRole('group', { name: q }).getByLabel('否').check();
    }
    await reviewer.getByRole('group', { name: '公开依据是否充分' }).getByLabel('是').check();
    await reviewer.getByRole('group', { name: '审查结论' }).getByLabel('通过', { exact: true }).check();
    await reviewer.getByRole('button', { name: '签署审查结论' }).click();
    await expectAccessible(reviewer);
    assert.match(await reviewer.locator('.notice').textContent() ?? '', /保密审查通过/);

    await editor.goto(url);
    await editor.getByRole('button', { name: '立即发布' }).click();
    await expectAccessible(editor);
    assert.match(await editor.locator('.notice').textContent() ?? '', /已发布/);
    assert.match(await editor.locator('table').first().textContent() ?? '', /已发布/);
  });
});
