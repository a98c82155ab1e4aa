// Test fixture for browser journeys: the demo app on a free port and Debian's Chromium through
// playwright-core, plus an axe check that fails on any violation. Suites skip (with the reason)
// when Chromium is absent; CI sets REQUIRE_BROWSER=1, which turns the skip into a failure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { openTestDb, type TestDb } from './db.ts';
import { buildTestApp, withDemo, type TestApp } from './app.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const browserSkip: string | false = fs.existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}`;

export interface BrowserApp {
  db: TestDb;
  app: TestApp;
  browser: Browser;
  base: string;
  close: () => Promise<void>;
}

// One Chromium per test process: the browser files grouped in one process (scripts/test.mjs) each
// start their own app and open their own contexts — closed when the file ends — in the same
// browser, which closes when the process's tests are done. Launching costs a second or two each.
let shared: Promise<Browser> | null = null;

function sharedBrowser(): Promise<Browser> {
  const launch = () => chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  shared = (shared ?? launch()).then((b) => (b.isConnected() ? b : launch()), launch);
  return shared;
}

after(async () => {
  const b = await shared?.catch(() => null);
  await b?.close();
});

/** The demo app listening on 127.0.0.1 and a headless Chromium (flags this machine needs); `env` adds settings. */
export async function startBrowserApp(opts: { env?: Record<string, string>; clock?: Clock } = {}): Promise<BrowserApp> {
  const db = await openTestDb('sqlite');
  await withDemo(db);
  const app = await buildTestApp(db, opts.clock, opts.env);
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.app.server.address() as { port: number }).port}`;
  const browser = await sharedBrowser();
  return {
    db, app, browser, base,
    close: async () => {
      // the file's contexts (and their pages) go; the browser stays for the next file
      await Promise.all(browser.contexts().map((c) => c.close()));
      await app.app.close();
      await db.close();
    },
  };
}

/** Runs axe on the page; any violation fails the test with a short summary. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(summary, [], `axe violations on ${page.url()}`);
}
