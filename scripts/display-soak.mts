// npm run test:display-soak — the hall display runs for hours without growing (issue 19 item 2):
// real Chromium at 1920×1080 shows /display/{venue} for SOAK_MINUTES (default 10) with an
// accelerated rotation (5 s per section in the venue's settings, ?speed=5: a section a second)
// and fast polling (?poll=2), while the server publishes a record of the venue's county every
// 10 s (so updates really change the screen). The JS heap is read through the DevTools protocol
// after a forced garbage collection (HeapProfiler.collectGarbage, Runtime.getHeapUsage) once the
// page has warmed up (30 s) and at the end; the DOM nodes and event listeners likewise
// (Memory.getDOMCounters). Not part of `npm test` (the lead runs it from .ci/run).
//
//   SOAK_MINUTES=10      whole run, warm-up included (2 for a quick local run)
//   SOAK_VENUE=CX-ZWFW
//
// Checks: the heap at the end within 10 % of the start; DOM nodes and listeners not growing; the
// sections rotated and the page polled all along without reloading; the screen showed the last
// published record. Prints the figures, ends with "N passed, N failed", exits 0 or 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { openAndMigrate } from '../src/bootstrap.ts';
import { systemClock } from '../src/platform/clock/clock.ts';
import { loadDemo } from '../src/demo.ts';
import { buildApp } from '../src/app.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { createAndPublish, DEFAULT_INDEX_FORMAT, emptyInput } from '../src/modules/disclosures/index.ts';
import { DISPLAY_SECTIONS } from '../src/modules/channels/index.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const minutes = Number(process.env.SOAK_MINUTES?.trim() || '10');
if (!Number.isFinite(minutes) || minutes < 1) { console.error(`SOAK_MINUTES 应为不小于 1 的数（现为 ${process.env.SOAK_MINUTES}）`); process.exit(2); }
const VENUE = process.env.SOAK_VENUE?.trim() || 'CX-ZWFW';
const TOTAL_MS = minutes * 60_000;
const WARMUP_MS = 30_000;
const LIMIT = 0.10;

const results: { name: string; ok: boolean; detail: string }[] = [];
const check = (name: string, ok: boolean, detail: string) => { results.push({ name, ok, detail }); console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`); };

console.log(`# test:display-soak — /display/${VENUE} for ${minutes} min in Chromium 1920×1080 (5 s sections at ×5, polling every 2 s, a new record every 10 s)`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-display-soak-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'true', LOG_LEVEL: 'error' });
const { db } = await openAndMigrate(config, new Date());
await loadDemo(db, systemClock);
const venue = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code').select(['sm_venue.org_code', 'organisation.path']).where('public_id', '=', VENUE).executeTakeFirst();
if (!venue) { console.error(`no venue ${VENUE} in the demo`); await db.destroy(); fs.rmSync(dataDir, { recursive: true, force: true }); process.exit(2); }
await db.insertInto('channel_setting').values({
  venue_public_id: VENUE, org_code: venue.org_code, kiosk_idle_seconds: 90, updated_by: 'soak', updated_at: new Date().toISOString(),
  display_sections_json: JSON.stringify(DISPLAY_SECTIONS.values.map((v) => ({ section: v.code, seconds: 5 }))),
}).execute();
const app = await buildApp({ config, db, clock: systemClock, logger: createLogger('error') });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const orgCode = venue.path.split('/').filter(Boolean).find((p) => /^\d{6}$/.test(p)) ?? venue.org_code;

let published = 0;
let lastTitle = '';
const writer = setInterval(() => {
  lastTitle = `信息屏浸泡测试公告第${++published}号`;
  void createAndPublish({ db, clock: systemClock, indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false }, 'soak', { ...emptyInput(orgCode), title: lastTitle, bodyHtml: '<p>浸泡测试</p>', genre: 'notice', category: 'zhzw', formedOn: new Date().toISOString().slice(0, 10) })
    .catch((e: unknown) => console.error('publish failed', e));
}, 10_000);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
});
let exitCode = 1;
try {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  let polls = 0;
  let changed = 0;
  let loads = 0;
  page.on('response', (r) => { if (r.url().endsWith('/data')) { polls += 1; if (r.status() === 200) changed += 1; } });
  page.on('load', () => { loads += 1; });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${base}/display/${VENUE}?speed=5&poll=2`);
  const cdp = await context.newCDPSession(page);
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number; totalSize: number };
    const dom = await cdp.send('Memory.getDOMCounters') as { documents: number; nodes: number; jsEventListeners: number };
    return { heapKB: Math.round(heap.usedSize / 1024), nodes: dom.nodes, listeners: dom.jsEventListeners };
  };
  // the section's name as it changes (counted in the page by a test observer: the display itself adds nothing)
  await page.evaluate(`(() => { window.__rotations = 0; const el = document.getElementById('display-section-name'); new MutationObserver(() => { window.__rotations += 1; }).observe(el, { childList: true, characterData: true, subtree: true }); })()`);

  const t0 = Date.now();
  await page.waitForTimeout(Math.min(WARMUP_MS, TOTAL_MS / 2));
  const start = await measure();
  const rot0 = Number(await page.evaluate('window.__rotations'));
  const polls0 = polls;
  console.log(`start (after ${((Date.now() - t0) / 1000).toFixed(0)} s warm-up, forced GC): heap ${start.heapKB} KB, DOM nodes ${start.nodes}, listeners ${start.listeners}`);
  while (Date.now() - t0 < TOTAL_MS) {
    await page.waitForTimeout(Math.min(60_000, TOTAL_MS - (Date.now() - t0)));
    const m = await measure();
    console.log(`  ${((Date.now() - t0) / 60_000).toFixed(1)} min: heap ${m.heapKB} KB, DOM nodes ${m.nodes}, listeners ${m.listeners}, polls ${polls} (${changed} with new data), published ${published}`);
  }
  // the last record published before the final poll reached the screen (the writer stops first: one
  // published during the wait below would be newer than the one expected)
  clearInterval(writer);
  const expected = lastTitle;
  await page.waitForTimeout(8_000);
  const shown = String(await page.evaluate(`document.querySelector('#panel-disclosure .display-list li .display-line-title')?.textContent ?? ''`));
  const end = await measure();
  const rotations = Number(await page.evaluate('window.__rotations')) - rot0;
  const runS = (Date.now() - t0) / 1000;
  console.log(`end (after ${runS.toFixed(0)} s, forced GC): heap ${end.heapKB} KB, DOM nodes ${end.nodes}, listeners ${end.listeners}`);
  const growth = (end.heapKB - start.heapKB) / start.heapKB;
  check('JS heap within 10 %', growth <= LIMIT, `${start.heapKB} KB → ${end.heapKB} KB (${(growth * 100).toFixed(1)} %)`);
  check('DOM nodes do not grow', end.nodes <= start.nodes * 1.1, `${start.nodes} → ${end.nodes}`);
  check('event listeners do not grow', end.listeners <= start.listeners, `${start.listeners} → ${end.listeners}`);
  const expectedRotations = ((runS - WARMUP_MS / 1000) / 1) * 0.8;
  check('sections rotated all along', rotations >= expectedRotations, `${rotations} changes of section (about one a second expected)`);
  const expectedPolls = ((runS - WARMUP_MS / 1000) / 2) * 0.7;
  check('the page polled all along, without reloading', polls - polls0 >= expectedPolls && loads === 1, `${polls - polls0} polls after the warm-up (${changed} with new data), page loads ${loads}`);
  check('the newest record is on screen', !!expected && shown === expected, `shown «${shown}», last published «${expected}»`);
  check('no script error', pageErrors.length === 0, pageErrors.slice(0, 3).join(' | ') || 'none');
  exitCode = results.every((r) => r.ok) ? 0 : 1;
} catch (e) {
  console.error(e);
  check('the run completed', false, String(e));
} finally {
  clearInterval(writer);
  await browser.close();
  await app.close();
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const passed = results.filter((r) => r.ok).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.length && passed === results.length ? exitCode : 1);
