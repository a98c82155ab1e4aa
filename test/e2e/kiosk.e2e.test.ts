// The self-service kiosk in Chromium (issue 19), by touch only: home at portrait 1080×1920 and
// landscape 1920×1080 with axe and no sideways scroll, every target at least 60×60 px; a journey
// of taps (搜索 tile → on-screen keyboard s-h-e-b-a-o → the candidate 社保 → 搜索 → an item); the
// 网络中断 screen while requests fail and its going away by itself; the idle reset (short timeout
// set in channel_setting, the browser's clock run forward) that clears fields, storage and cookies
// and leaves no filled page behind the back button. Screenshots go to /tmp/kiosk-*.png.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { kioskUsageTotals } from '../../src/modules/channels/index.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';

const V = 'CX-ZWFW';
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `${what}: ${sw}px wide in a ${cw}px screen`);
}

/** Every visible link, button and field is at least 60×60 px. */
async function bigTargets(page: Page, what: string): Promise<void> {
  const small = await page.evaluate(() => Array.from(document.querySelectorAll('a[href], button, input:not([type="hidden"]), textarea, select'))
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .map((el) => { const r = el.getBoundingClientRect(); return { el: `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 12)}`, w: Math.round(r.width), h: Math.round(r.height) }; })
    .filter((x) => x.w < 60 || x.h < 60));
  assert.deepEqual(small, [], `${what}: targets under 60×60 px`);
}

/** Every link is a same-origin /kiosk/ path. */
async function internalLinks(page: Page, what: string): Promise<void> {
  const origin = new URL(page.url()).origin;
  const out = await page.evaluate((o) => Array.from(document.querySelectorAll('a[href]')).map((a) => (a as HTMLAnchorElement).href).filter((h) => !(h.startsWith(`${o}/kiosk/`))), origin);
  assert.deepEqual(out, [], `${what}: links leaving the kiosk`);
}

describe('self-service kiosk (touch only)', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let ctx: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  before(async () => {
    b = await startBrowserApp();
    ctx = await b.browser.newContext({ viewport: PORTRAIT, hasTouch: true, isMobile: false });
    page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  after(async () => { await ctx?.close(); await b?.close(); });

  test('home at portrait and landscape: accessible, no sideways scroll, big targets, only kiosk links; no hover styles', async () => {
    for (const [name, size] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]] as const) {
      await page.setViewportSize(size);
      await page.goto(`${b.base}/kiosk/${V}`);
      await page.screenshot({ path: `/tmp/kiosk-home-${name}.png` });
      await expectAccessible(page);
      await noSidewaysScroll(page, `home ${name}`);
      await bigTargets(page, `home ${name}`);
      await internalLinks(page, `home ${name}`);
      assert.equal(await page.locator('.kiosk-tile').count(), 7);
      assert.ok(await page.locator('.kiosk-qr > svg').isVisible());
    }
    const css = await (await page.request.get(`${b.base}/assets/channels/kiosk.css`)).text();
    assert.doesNotMatch(css, /:hover/);
    await page.setViewportSize(PORTRAIT);
  });

  test('journey by taps: 搜索 tile → keyboard s-h-e-b-a-o → 社保 → 搜索 → an item', async () => {
    const today = localDateOf(b.app.clock.now());
    const before0 = await kioskUsageTotals(b.db.db, [V], today, today);
    await page.goto(`${b.base}/kiosk/${V}`);
    await Promise.all([page.waitForURL(`${b.base}/kiosk/${V}/search`), page.locator('.kiosk-tile', { hasText: '搜索办事事项' }).tap()]);
    await page.locator('#kiosk-q').tap();
    await page.locator('#kiosk-keyboard').waitFor({ state: 'visible' });
    for (const k of 'shebao') await page.locator(`#kiosk-keyboard [data-key="${k}"]`).tap();
    assert.equal(await page.locator('#kiosk-compose').textContent(), 'shebao');
    const cand = page.locator('#kiosk-candidates[data-for="shebao"] [data-candidate="社保"]');
    await cand.waitFor();
    assert.equal(await page.locator('#kiosk-candidates [data-candidate]').first().textContent(), '社保', 'the exact pinyin match comes first');
    await page.screenshot({ path: '/tmp/kiosk-keyboard-portrait.png' });
    await bigTargets(page, 'search with keyboard');
    await noSidewaysScroll(page, 'search with keyboard');
    await cand.tap();
    assert.equal(await page.locator('#kiosk-q').inputValue(), '社保');
    await Promise.all([page.waitForURL(/\/search\?q=%E7%A4%BE%E4%BF%9D$/), page.locator('#kiosk-keyboard [data-action="submit"]').tap()]);
    const item = page.locator('[data-kiosk-items] a').first();
    await item.waitFor();
    assert.match(await item.textContent() ?? '', /社会保险/);
    await page.setViewportSize(LANDSCAPE);
    await page.screenshot({ path: '/tmp/kiosk-results-landscape.png' });
    await noSidewaysScroll(page, 'results landscape');
    await internalLinks(page, 'results');
    // the results with the keyboard open (axe once for both)
    await page.locator('#kiosk-q').tap();
    await page.locator('#kiosk-keyboard').waitFor({ state: 'visible' });
    await noSidewaysScroll(page, 'results landscape, keyboard open');
    await expectAccessible(page);
    await page.locator('#kiosk-keyboard [data-action="hide"]').tap();
    await page.setViewportSize(PORTRAIT);
    const href = await item.getAttribute('href');
    assert.match(href ?? '', new RegExp(`^/kiosk/${V}/items/[^/?]+$`));
    await Promise.all([page.waitForURL(`${b.base}${href}`), item.tap()]);
    // the kiosk guide of the item (k-guide's page, in the same shell)
    assert.match(await page.locator('main h1').textContent() ?? '', /社会保险参保缴费证明打印/);
    assert.equal(await page.locator('body[data-kiosk-home]').count(), 1);
    await internalLinks(page, 'item guide');
    // one visitor (the first touch after a fresh start) and one search
    const after1 = await kioskUsageTotals(b.db.db, [V], today, today);
    assert.equal(after1.session, before0.session + 1);
    assert.equal(after1.search, before0.search + 1);
  });

  test('网络中断: a full-screen notice while the server cannot be reached, gone by itself when it answers again', async () => {
    await page.goto(`${b.base}/kiosk/${V}/search?q=${encodeURIComponent('社保')}`);
    const url = page.url();
    await page.route('**/kiosk/**', (route) => route.abort('internetdisconnected'));
    await page.locator('.kiosk-header a', { hasText: '首页' }).tap();
    const box = page.locator('#kiosk-offline');
    await box.waitFor({ state: 'visible' });
    assert.match(await box.textContent() ?? '', /网络中断/);
    assert.equal(page.url(), url, 'no browser error page: the kiosk stayed where it was');
    await page.screenshot({ path: '/tmp/kiosk-offline.png' });
    await page.unroute('**/kiosk/**');
    await box.waitFor({ state: 'hidden', timeout: 8000 });
    assert.equal(page.url(), url);
  });

  test('idle: countdown, a touch stays; then fields, storage and cookies are cleared and the back button finds no filled page', async () => {
    const v2 = (await b.db.db.selectFrom('sm_venue').select('public_id').where('public_id', '!=', V).where('org_code', 'like', '130427%').orderBy('public_id').executeTakeFirstOrThrow()).public_id;
    await b.db.db.insertInto('channel_setting').values({ venue_public_id: v2, org_code: '130427', kiosk_idle_seconds: 30, display_sections_json: '[]', updated_by: 'test', updated_at: new Date().toISOString() }).execute();
    await page.clock.install();
    const home = `${b.base}/kiosk/${encodeURIComponent(v2)}`;
    await page.goto(home);
    assert.equal(await page.locator('body').getAttribute('data-idle-seconds'), '30');
    await page.goto(`${home}/search?q=${encodeURIComponent('社保')}`);
    await page.locator('#kiosk-q').tap();
    await page.locator('#kiosk-keyboard [data-action="clear"]').tap();
    for (const k of 'sb') await page.locator(`#kiosk-keyboard [data-key="${k}"]`).tap();
    await Promise.all([page.waitForURL(/search\?q=sb$/), page.locator('#kiosk-keyboard [data-action="submit"]').tap()]);
    await page.locator('#kiosk-q').tap();
    await page.locator('#kiosk-keyboard [data-action="mode"]').tap();
    for (const k of 'abc') await page.locator(`#kiosk-keyboard [data-key="${k}"]`).tap();
    assert.equal(await page.locator('#kiosk-q').inputValue(), 'sbabc');
    await page.evaluate(() => { localStorage.setItem('gk.search.recent', '["社保"]'); sessionStorage.setItem('x', '1'); document.cookie = 'kiosk_test=1; path=/'; });

    const idle = page.locator('#kiosk-idle');
    await page.clock.runFor(31_000);
    await idle.waitFor({ state: 'visible' });
    assert.match(await idle.textContent() ?? '', /即将返回首页/);
    await page.screenshot({ path: '/tmp/kiosk-idle.png' });
    await page.locator('#kiosk-idle-stay').tap();
    await idle.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#kiosk-q').inputValue(), 'sbabc', 'a touch keeps everything');

    await page.clock.runFor(31_000);
    await idle.waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL(home), page.clock.runFor(11_000)]);
    const left = await page.evaluate(() => ({ local: localStorage.length, session: Object.keys(sessionStorage).filter((k) => k !== 'gk.kiosk.resetAt'), cookie: document.cookie }));
    assert.deepEqual(left, { local: 0, session: [], cookie: '' });
    // back: the filled result page (?q=社保) is not shown again
    await page.goBack();
    await page.waitForURL(home);
    await page.waitForLoadState('load');
    assert.equal(page.url(), home);
    assert.equal(await page.locator('#kiosk-q').count(), 0);
    assert.deepEqual(errors, []);
  });
});
