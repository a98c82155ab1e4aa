// 一码办 across the parts (issue 21 §4), in one real browser: a signed-in resident shows /me/code on
// one page; a window clerk, in another browser context, types the 8-character code under the QR on
// the desk's walk-in application page and waits (「请在手机上确认」, polled); the resident accepts on
// the phone; the desk goes to the form by itself and the form is filled from the account (name, ID
// number, phone). axe on each page (the desk's once, filled); the resident's page at 375 px. With SCREENSHOT_DIR set, screenshots go
// there (the desk panel and the filled form at 1280, the resident's at 375).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, expectAccessible, startBrowserApp, type BrowserApp } from '../support/browser.ts';
import { cookiesFrom, postForm, signIn } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';

/** Screenshots only when asked for (they cost test time): SCREENSHOT_DIR=… */
const SHOTS = process.env.SCREENSHOT_DIR ?? '';
const PERSON = { phone: '13800000077', name: '王五（测试）', idNumber: '11010519491231002X' };

/** A Cookie header ("a=1; b=2") as browser cookies of `base`. */
function browserCookies(header: string, base: string) {
  return header.split(';').map((c) => c.trim()).filter(Boolean).map((c) => {
    const i = c.indexOf('=');
    return { name: c.slice(0, i), value: c.slice(i + 1), url: base };
  });
}

describe('一码办: the desk reads a resident\'s code', { skip: browserSkip }, () => {
  let b: BrowserApp;
  let resident: BrowserContext;
  let desk: BrowserContext;
  async function shot(page: Page, name: string) {
    if (!SHOTS) return;
    await page.screenshot({ path: path.join(SHOTS, `${name}-${page.viewportSize()!.width}.png`), fullPage: true });
  }

  before(async () => {
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    b = await startBrowserApp();
    const db = b.db.db;
    const me = await signInResident(db, PERSON);
    resident = await b.browser.newContext({ viewport: { width: 375, height: 800 } });
    await resident.addCookies(browserCookies(me.cookie, b.base));
    // the clerk signed in, the desk's place (磁县政务服务中心) chosen
    const staff = await signIn(b.app.app, 'cixian.window');
    const placed = await postForm(b.app.app, '/staff/desk/place', staff, { venue: 'CX-ZWFW', window: '' });
    assert.equal(placed.statusCode, 303);
    desk = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    // the desk cookie is scoped to /staff
    await desk.addCookies(browserCookies(cookiesFrom(placed, staff), b.base).map((c) => (c.name === 'gk_desk' ? { name: c.name, value: c.value, domain: '127.0.0.1', path: '/staff' } : c)));
  });
  after(async () => b?.close());

  test('the resident shows the code, the desk types it, the resident accepts, the desk form is filled', async () => {
    const phone = await resident.newPage();
    phone.setDefaultTimeout(10_000);
    await phone.goto(`${b.base}/me/code`);
    const shortText = await phone.locator('.onecode-short').innerText();
    // shown in two groups of four (「7VAV 5R93」)
    const code = /([2-9A-HJ-NP-Z]{4} ?[2-9A-HJ-NP-Z]{4})\s*$/.exec(shortText)?.[1];
    assert.ok(code, `an 8-character code under the QR: ${shortText}`);
    await expectAccessible(phone);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `/me/code scrolls sideways by ${overflow} px at 375`);
    await shot(phone, 'onecode-me-code');

    const counter = await desk.newPage();
    counter.setDefaultTimeout(10_000);
    await counter.goto(`${b.base}/staff/desk/apply`);
    const panel = counter.locator('[data-onecode]');
    // (axe runs on this page once it is filled: the same panel and form, plus the notice)
    await shot(counter, 'onecode-desk-panel');
    // name, ID number and phone are asked by default; typed as shown (with its space) in lower case
    await panel.getByLabel('8 位码').fill(code!.toLowerCase());
    await panel.getByRole('button', { name: '读取' }).click();
    await panel.getByRole('status').filter({ hasText: '请在手机上确认' }).waitFor();

    // the phone sees the request by itself (it polls), shows what is asked, masked, and accepts
    const accept = phone.getByRole('button', { name: '同意提供' });
    await accept.waitFor();
    const request = await phone.locator('.onecode-request').innerText();
    assert.match(request, /姓名/);
    assert.match(request, /身份证号码/);
    assert.doesNotMatch(request, new RegExp(PERSON.idNumber), 'the phone shows the ID number masked');
    await expectAccessible(phone);
    await accept.click();

    // the desk goes to the form with ?code_read= and the server filled it
    await counter.waitForURL(/\/staff\/desk\/apply\?code_read=/);
    assert.equal(await counter.locator('input[name="applicant_name"]').inputValue(), PERSON.name);
    assert.equal(await counter.locator('input[name="applicant_id_number"]').inputValue(), PERSON.idNumber);
    assert.equal(await counter.locator('input[name="applicant_phone"]').inputValue(), PERSON.phone);
    assert.doesNotMatch(counter.url(), new RegExp(PERSON.idNumber), 'never in a URL');
    await counter.getByRole('status').filter({ hasText: '已按一码办填写' }).waitFor();
    await expectAccessible(counter);
    await shot(counter, 'onecode-desk-filled');

    // the read was taken once: the same address again fills nothing
    await counter.reload();
    assert.equal(await counter.locator('input[name="applicant_id_number"]').inputValue(), '');
  });
});
