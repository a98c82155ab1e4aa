// Test fixture for browser journeys: the demo app on a free port and Debian's Chromium through
// playwright-core, plus an axe check that fails on any violation. Suites skip (with the reason)
// when Chromium is absent; CI sets REQUIRE_BROWSER=1, which turns the skip into a failure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { openTestDb, type TestDb } from './db.ts';
import { buildTestApp, withDemo, type TestApp } from './app.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';

// axe-core as @axe-core/playwright (the dependency) has it: its source to inject into pages.
// `axe.source` is the unminified build (1.3 MB); the same package's axe.min.js is the same build
// of the same version minified (0.58 MB): half the bytes to send and parse on every injection — a
// third of a browser journey's CPU in axe went on injecting it (see expectAccessible). Both define
// window.axe with the same rules; the minified one is used when it is there.
type Axe = typeof import('axe-core');
const axeRequire = createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'));
const axeSource = minifiedAxe() ?? (axeRequire('axe-core') as Axe).source;

function minifiedAxe(): string | null {
  if (process.env.GONGKAI_TEST_AXE_MIN === 'off') return null;
  try {
    const file = path.join(path.dirname(axeRequire.resolve('axe-core')), 'axe.min.js');
    const text = fs.readFileSync(file, 'utf8');
    // the same version as the package's main build, or not used
    return text.includes(`.version="${(axeRequire('axe-core') as Axe).version}"`) ? text : null;
  } catch {
    return null;
  }
}

/** Where Debian's chromium-headless-shell package puts the browser (its /usr/bin wrapper is a shell script). */
export const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
/**
 * The browser the tests drive: CHROMIUM_PATH when set, else Debian's chromium-headless-shell (the
 * old headless mode, built for automation: the same Blink with no browser UI behind it — a pair of
 * journeys measured 79.5 s of CPU with full Chromium's headless mode and 47.9 s with it), else
 * /usr/bin/chromium. scripts/test.mjs picks the same one (and says which); .ci/run installs both.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || [HEADLESS_SHELL, '/usr/bin/chromium'].find((p) => fs.existsSync(p)) || '/usr/bin/chromium';
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

const cdpSessions = new WeakMap<Page, Promise<CDPSession | null>>();

/**
 * Puts axe-core into the page's main frame as a script of its own (DevTools' Runtime.compileScript
 * and runScript, in the page's main world, as frame.evaluate does): V8 keeps a compiled script in
 * the renderer and reuses it when the same source is compiled again there, so the next page
 * checked skips most of axe's parsing and compiling, which an evaluated expression always redoes
 * (about a quarter of an axe check's CPU, measured on four portal pages). False (then
 * frame.evaluate) if the protocol refuses. GONGKAI_TEST_AXE_SCRIPT=off: always frame.evaluate.
 */
async function runAxeScript(page: Page): Promise<boolean> {
  if (process.env.GONGKAI_TEST_AXE_SCRIPT === 'off') return false;
  let session = cdpSessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page).catch(() => null);
    cdpSessions.set(page, session);
  }
  const cdp = await session;
  if (!cdp) return false;
  try {
    const compiled = await cdp.send('Runtime.compileScript', { expression: axeSource, sourceURL: 'gongkai-test-axe.min.js', persistScript: true });
    if (compiled.exceptionDetails || !compiled.scriptId) return false;
    const ran = await cdp.send('Runtime.runScript', { scriptId: compiled.scriptId });
    return !ran.exceptionDetails;
  } catch {
    return false;
  }
}

/**
 * Runs axe on the page; any violation fails the test with a short summary.
 *
 * The same rules and options as `new AxeBuilder({ page }).analyze()` (axe's defaults: every rule
 * but the experimental ones), run the way its legacy mode does — axe.run in the page, axe-core
 * injected into every frame (our pages have no cross-origin frames) — without the two costs of
 * its default mode: a new blank page (a renderer) opened per check to run axe.finishRun in, and
 * axe-core's 0.5 MB source evaluated again on every check. Here it is evaluated once per document
 * (a page already holding it, checked again after a click, reuses it).
 */
export async function expectAccessible(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    if (await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object')) continue;
    if (!(frame === page.mainFrame() && await runAxeScript(page))) await frame.evaluate(axeSource);
    await frame.evaluate(() => (window as unknown as { axe: Axe }).axe.configure({ allowedOrigins: ['<same_origin>'] }));
  }
  // Only the violations' summary leaves the page: axe's whole result (every passed check with the
  // HTML of its nodes, megabytes on a long page) was serialised, sent and checked by Playwright's
  // protocol on every call — most of the Node side's CPU in a browser journey. resultTypes only
  // trims the other result types to one node each (axe's documented option); violations are whole.
  const summary = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: Axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  assert.deepEqual(summary, [], `axe violations on ${page.url()}`);
}

/**
 * Asserts the page's title matches `re` once the page a click started has loaded: a form posted
 * by a click is answered with a new document, which may not have replaced the old one (or may be
 * half-way, title '') when the click returns. Waits up to 10 s for a matching title, then asserts.
 */
export async function expectTitle(page: Page, re: RegExp): Promise<void> {
  const until = Date.now() + 10_000;
  let title = await page.title().catch(() => '');
  while (!re.test(title) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    title = await page.title().catch(() => '');
  }
  assert.match(title, re);
}
