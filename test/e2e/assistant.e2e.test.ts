// The assistant's chat in Chromium with its script: a question is answered in place (no page load)
// in the live region, with the source links; focus stays in the question field; the address becomes
// the conversation's; a choice button asks its text; axe finds nothing at 1280 and 375 px, where the
// page does not scroll sideways and the question form sticks to the bottom; the kiosk page passes axe
// with touch targets of at least 60 px and answers a question posted through the kiosk's own script;
// once handed off, a staff member's reply appears by itself (the script polls the conversation).
// ASSISTANT_SHOTS=<dir> saves screenshots of each state there for people to look at.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { appendTurns, findConversation, moveState } from '../../src/modules/assistant/conversations.repository.ts';

const SHOTS = process.env.ASSISTANT_SHOTS;

describe('assistant chat in the browser', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let ctx: BrowserContext;
  let page: Page;

  before(async () => {
    // Mon 2026-03-02 10:00 Beijing time: a working day, the 磁县 hall open
    b = await startBrowserApp({ clock: fixedClock('2026-03-02T02:00:00Z') });
    ctx = await b.browser.newContext({ viewport: { width: 1280, height: 900 }, hasTouch: true });
    page = await ctx.newPage();
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => { await ctx?.close(); await b?.close(); });

  async function shot(name: string): Promise<void> {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }
  async function noSidewaysScroll(): Promise<void> {
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `${page.url()} scrolls sideways: ${sw} > ${cw}`);
  }

  test('ask with the script: the answer appears in the live region without a page load; axe at 1280 and 375 px', async () => {
    const res = await page.goto(`${b.base}/assistant`);
    assert.equal(res?.status(), 200);
    await shot('assistant-1280-new');
    await page.evaluate(() => { (window as unknown as { gkSamePage: number }).gkSamePage = 1; });
    await page.selectOption('#region', '130427');
    await page.fill('#text', '居民身份证换领要带什么');
    await page.getByRole('button', { name: '提问', exact: true }).click();
    const answer = page.locator('[role="log"] .as-turn--assistant').first();
    await answer.waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { gkSamePage?: number }).gkSamePage), 1, 'answered in place');
    assert.match(page.url(), /\/assistant\?c=c[A-Za-z0-9_-]{32}$/);
    assert.equal(await page.locator('[role="log"] .as-turn--user').first().textContent(), '您居民身份证换领要带什么');
    assert.match((await answer.textContent()) ?? '', /居民户口簿/);
    assert.equal(await answer.locator('sup a').first().getAttribute('href'), '/services/items/CX-SFZ-HL');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'text', 'focus stays in the question field');
    assert.equal(await page.inputValue('#text'), '');
    assert.equal(await page.locator('[data-as-pending]').isHidden(), true);
    assert.equal(await page.getByRole('button', { name: '转人工' }).isVisible(), true);
    // a choice button asks its text, in place
    await answer.locator('.as-choices button').first().click();
    await page.locator('[role="log"] .as-turn--assistant').nth(1).waitFor();
    assert.equal(await page.locator('[role="log"] .as-turn').count(), 4);
    assert.equal(await page.locator('[role="log"] .as-turn--assistant').first().locator('.as-choices').count(), 0, 'old choices removed');
    await expectAccessible(page);
    await shot('assistant-1280-answered');

    // the same conversation on a phone's width: read again from the server
    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    assert.equal(await page.locator('[role="log"] .as-turn').count(), 4);
    await expectAccessible(page);
    await noSidewaysScroll();
    assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('as-ask') as HTMLElement).position), 'sticky');
    const box = await page.locator('#as-ask').boundingBox();
    assert.ok(box && box.y + box.height <= 740 + 1, 'the question form is on screen at the bottom');
    await shot('assistant-375-answered');
    await page.goto(`${b.base}/assistant`);
    await noSidewaysScroll();
    await shot('assistant-375-new');
  });

  test('使用我的位置: asked only when pressed; the position goes with the question and 在哪里办 names the nearest venue', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await ctx.grantPermissions(['geolocation'], { origin: b.base });
    await ctx.setGeolocation({ latitude: 36.37, longitude: 114.38 });
    await page.goto(`${b.base}/assistant`);
    const button = page.getByRole('button', { name: '使用我的位置' });
    assert.equal(await button.isVisible(), true, 'shown by the script');
    await page.selectOption('#region', '130427');
    await button.click();
    await page.locator('[data-as-locate-status]').filter({ hasText: '已获取' }).waitFor();
    await page.fill('#text', '低保在哪里办');
    await page.getByRole('button', { name: '提问', exact: true }).click();
    const answer = page.locator('[role="log"] .as-turn--assistant').first();
    await answer.waitFor();
    assert.match((await answer.textContent()) ?? '', /离您最近[^。]*磁州镇便民服务中心/);
    await expectAccessible(page);
    await ctx.clearPermissions();
  });

  test('handed off: the page polls and shows the staff member\'s reply by itself', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${b.base}/assistant`);
    await page.selectOption('#region', '130427');
    await page.fill('#text', '低保需要什么条件');
    await page.getByRole('button', { name: '提问', exact: true }).click();
    await page.locator('[role="log"] .as-turn--assistant').first().waitFor();
    await Promise.all([page.waitForURL(/\/assistant\/handoff$/), page.getByRole('button', { name: '转人工' }).click()]);
    assert.match((await page.locator('[data-as-tracking]').textContent()) ?? '', /^[A-Z0-9]{6,}$/);
    await Promise.all([page.waitForURL(/\/assistant\?c=/), page.getByRole('link', { name: '返回对话' }).click()]);
    assert.equal(await page.getByText('已为您转人工，请稍候').isVisible(), true);
    // a staff member takes it and answers (as the hand-off's staff window stores it)
    const id = new URL(page.url()).searchParams.get('c') as string;
    const db = b.db.db;
    const conv = await findConversation(db, id);
    assert.ok(conv);
    await inTransaction(db, async (trx) => {
      assert.ok(await moveState(trx, conv.id, ['waiting'], 'staff', { taken_by_label: '磁县民政局 王**' }));
      assert.ok((await appendTurns(trx, conv, new Date(), [{ role: 'staff', text: '您好，低保申请请带户口簿到乡镇民政所办理。', staffLabel: '磁县民政局 王**' }])).ok);
    });
    const staff = page.locator('[role="log"] .as-turn--staff');
    await staff.waitFor({ timeout: 10_000 });
    assert.match((await staff.textContent()) ?? '', /户口簿到乡镇民政所/);
    assert.equal(await page.locator('[data-as-h="staff"]').isVisible(), true);
    await shot('assistant-1280-staff');
  });

  test('the kiosk page: axe, touch targets of 60 px, a question posted through the kiosk script is answered', async () => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    const res = await page.goto(`${b.base}/kiosk/CX-ZWFW/assistant`);
    assert.equal(res?.status(), 200);
    await page.fill('#text', '居民身份证换领要带什么');
    await Promise.all([page.waitForURL(/\/kiosk\/CX-ZWFW\/assistant\?c=/), page.getByRole('button', { name: '提问', exact: true }).tap()]);
    const answer = page.locator('[role="log"] .as-turn--assistant').first();
    assert.match((await answer.textContent()) ?? '', /居民户口簿/);
    assert.equal(await answer.locator('.as-source-list a').first().getAttribute('href'), '/kiosk/CX-ZWFW/items/CX-SFZ-HL');
    await expectAccessible(page);
    await noSidewaysScroll();
    const small = await page.evaluate(() => [...document.querySelectorAll('.kiosk-main button, .kiosk-main a, .kiosk-main input:not([type="hidden"])')]
      .map((e) => ({ t: (e.textContent || (e as HTMLInputElement).name || '').trim().slice(0, 20), r: e.getBoundingClientRect() }))
      .filter((x) => x.r.width > 0 && (x.r.height < 60 || x.r.width < 60)).map((x) => `${x.t} ${Math.round(x.r.width)}×${Math.round(x.r.height)}`));
    assert.deepEqual(small, []);
    await shot('assistant-kiosk');
  });
});
