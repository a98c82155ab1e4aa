// npm run bench:uploads — how long refusing a ZIP bomb costs at every entry point. The bomb is
// the issue's: a 1 MB .xlsx that unpacks to 1 GB, its headers claiming 2 KB (so the guard has to
// inflate to find out); also the same bomb with honest headers, a 408 KB .docx holding a 400 MB
// entry and a 750 KB .xlsx unpacking to 750 MB. Web routes through app.inject on the demo data
// (a fresh SQLite database in a temporary folder), the command-line imports through the functions
// the commands call. Each figure is the fastest and the median of RUNS runs, in milliseconds; target: well under
// a second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/platform/db/db.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedCalendar } from '../src/platform/calendar/calendar.repository.ts';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { platformView, type Database } from '../src/schema.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { loadDemo } from '../src/demo.ts';
import { findUserByUsername, identityService } from '../src/modules/identity/index.ts';
import { catalogService } from '../src/modules/catalogs/index.ts';
import { importServiceMap } from '../src/modules/service-map/index.ts';
import { solveCaptchaForTest } from '../src/platform/captcha/captcha.ts';
import { checkUnpacked, checkUnpackedFile } from '../src/platform/files/zip.ts';
import { docxBomb, gigabyteBomb, xlsxBomb } from '../test/support/zip-bombs.ts';
import { CSRF, csrfOf, signIn as signInForm } from '../test/support/app.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BOMB_TEXT = /解压后过大，可能是压缩炸弹/;
const clock = fixedClock('2026-03-02T02:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-uploads-'));

const bombs = {
  '1 MB → 1 GB, sizes lying': gigabyteBomb(),
  '1 MB → 1 GB, sizes honest': xlsxBomb(1024),
  '408 KB .docx, 400 MB entry': docxBomb(400, { lie: true }),
  '750 KB .xlsx → 750 MB': xlsxBomb(750, { lie: true }),
};
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x11, 0x22, 0xff, 0xd9]);

function multipart(fields: Record<string, string>, file: { field?: string; name: string; data: Buffer }) {
  const b = '----gongkai-bench-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from('\r\n--' + b + '--\r\n'));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

/**
 * "wall fastest / median · CPU median" of RUNS runs, in ms. The CPU time (the whole process,
 * zlib's worker threads included) is what the refusal costs the server; on a shared machine the
 * wall time also holds the time spent waiting for a core.
 */
async function timing(f: () => Promise<unknown>): Promise<string> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await f();
    const used = process.cpuUsage(c);
    walls.push(performance.now() - t);
    cpus.push((used.user + used.system) / 1000);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return `${Math.min(...walls).toFixed(0)} / ${mid(walls).toFixed(0)} · ${mid(cpus).toFixed(0)}`;
}

try {
  const db = openDb<Database>({ databaseUrl: null, sqliteFile: path.join(dir, 'bench.sqlite') });
  await migrateToLatest(db);
  await seedCalendar(platformView(db), readBundledCalendar(), new Date('2026-01-01T00:00:00Z'));
  await loadDemo(db, fixedClock('2026-01-05T02:00:00Z'));
  const app = await buildApp({ config: loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), db, clock, logger: createLogger('silent') });
  // The test fixture's sign-in: one gk_csrf cookie, the same token in every form.
  const signIn = async (username: string) => {
    const cookie = await signInForm(app, username);
    return { cookie, csrf: csrfOf(cookie) ?? CSRF };
  };
  const token = async (u: string) => identityService.createApiToken({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, (await findUserByUsername(db, u))!.id, 'bench');
  const editor = await signIn('cixian.editor');
  const gkb = await signIn('cixian.gkb');
  const longhua = await signIn('longhua.admin');
  const draft = await app.inject({ method: 'POST', url: '/api/v1/staff/disclosures', headers: { authorization: `Bearer ${await token('cixian.editor')}` }, payload: { org: '130427', title: '压缩炸弹测试', body: '正文', genre: 'notice', category: 'zhzw', formed_on: '2026-02-10' } });
  if (draft.statusCode >= 300) throw new Error(`creating a draft: ${draft.statusCode} ${draft.body}`);
  const draftId = (draft.json() as { id: number }).id;
  const gkbBearer = { authorization: `Bearer ${await token('cixian.gkb')}` };
  const reg = await app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: gkbBearer, payload: { org: '130427', applicant: { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com' }, description: '申请公开磁县2025年财政预算执行情况。', delivery: 'email', channel: 'in_person', received_on: '2026-02-24' } });
  if (reg.statusCode !== 201) throw new Error(`registering a case: ${reg.statusCode} ${reg.body}`);
  const ref = (reg.json() as { reference: string }).reference;
  const decided = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${ref}/actions`, headers: gkbBearer, payload: { type: 'decide', on: '2026-03-02', outcome: 'disclose' } });
  if (decided.statusCode >= 300) throw new Error(`deciding the case: ${decided.statusCode} ${decided.body}`);
  let address = 0;
  const messageForm = async (url: string, data: Buffer) => {
    const form = await app.inject({ url: url === '/interaction/kiosk' ? url : '/interaction/messages/new', cookies: { gk_csrf: CSRF } });
    const captcha = /name="captcha_token" value="([^"]+)"/.exec(form.body)![1]!;
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1]!;
    const m = multipart({ _csrf: CSRF, org: '130427', category: 'sanitation', title: '小区门口垃圾堆积', content: '小区门口垃圾堆积多日，请尽快清运。', address: '磁县阜才社区', contact_name: '周女士', contact_phone: '13700001111', is_public: 'yes', idempotency_key: key, captcha_token: captcha, captcha_answer: solveCaptchaForTest(captcha, clock.now()) }, { field: 'photo1', name: '现场.jpg', data: Buffer.concat([JPEG, data]) });
    return app.inject({ method: 'POST', url, remoteAddress: `10.77.${Math.floor(++address / 250)}.${address % 250}`, headers: { ...m.headers, cookie: `gk_csrf=${CSRF}` }, payload: m.payload });
  };

  // Each route with the status test/web/upload-bombs.web.test.ts expects of it for the same bomb.
  const web: [string, number, (data: Buffer) => Promise<{ statusCode: number; body: string }>][] = [
    ['POST /staff/disclosures/:id/attachments', 413, (data) => { const m = multipart({ _csrf: editor.csrf }, { name: '附件.xlsx', data }); return app.inject({ method: 'POST', url: `/staff/disclosures/${draftId}/attachments`, headers: { ...m.headers, cookie: editor.cookie }, payload: m.payload }); }],
    ['POST /staff/catalogs/import', 400, (data) => { const m = multipart({ _csrf: longhua.csrf, org: '440309003001' }, { name: '目录.xlsx', data }); return app.inject({ method: 'POST', url: '/staff/catalogs/import', headers: { ...m.headers, cookie: longhua.cookie }, payload: m.payload }); }],
    ['POST /staff/reports/annual/import', 400, (data) => { const m = multipart({ _csrf: gkb.csrf, org: '130427-rsj', year: '2024' }, { name: '2024.xlsx', data }); return app.inject({ method: 'POST', url: '/staff/reports/annual/import', headers: { ...m.headers, cookie: gkb.cookie }, payload: m.payload }); }],
    ['POST /staff/reports/annual/:org/:year/figures', 400, (data) => { const m = multipart({ _csrf: editor.csrf }, { name: 'b2.xlsx', data }); return app.inject({ method: 'POST', url: '/staff/reports/annual/130427-xzspj/2026/figures', headers: { ...m.headers, cookie: editor.cookie }, payload: m.payload }); }],
    ['POST /staff/applications/:ref/attachments (PDF+zip)', 400, (data) => { const m = multipart({ _csrf: gkb.csrf }, { name: 'scan.pdf', data: Buffer.concat([Buffer.from('%PDF-1.7\n%%EOF\n'), data]) }); return app.inject({ method: 'POST', url: `/staff/applications/${ref}/attachments`, headers: { ...m.headers, cookie: gkb.cookie }, payload: m.payload }); }],
    ['POST /interaction/messages (JPEG+zip photo)', 400, (data) => messageForm('/interaction/messages', data)],
    ['POST /interaction/kiosk (JPEG+zip photo)', 400, (data) => messageForm('/interaction/kiosk', data)],
  ];
  const cli: [string, (data: Buffer, file: string) => Promise<unknown>][] = [
    ['gongkai catalog import', (data) => catalogService.importFile({ db, clock }, { cli: true }, { orgCode: '440309003001', buffer: data, fileName: '目录.xlsx', publish: false })],
    ['gongkai services import --items x.xlsx', (_data, file) => importServiceMap({ db, clock }, { items: file }).catch((e: Error) => e)],
    ['gongkai regions/hotline import (file check)', (_data, file) => checkUnpackedFile(file)],
  ];

  // Let the start-up work (search index build, first outbox run) finish before timing.
  await new Promise((r) => setTimeout(r, 3000));
  console.log(`ZIP-bomb refusal: wall fastest / median · CPU median of ${RUNS} runs, ms (status); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  const names = Object.keys(bombs);
  console.log(['entry point'.padEnd(52), ...names.map((n) => n.padStart(28))].join(''));
  const guard: string[] = [];
  for (const n of names) {
    const data = bombs[n as keyof typeof bombs];
    if ((await checkUnpacked(data)).ok) throw new Error(`${n}: not refused`);
    guard.push(await timing(() => checkUnpacked(data)));
  }
  console.log(['checkUnpacked (the guard alone)'.padEnd(52), ...guard.map((ms) => ms.padStart(28))].join(''));
  for (const [label, expected, send] of web) {
    const cells: string[] = [];
    for (const n of names) {
      const data = bombs[n as keyof typeof bombs];
      // Every run must be the bomb refusal itself, not some earlier refusal (CSRF, permission).
      const ms = await timing(async () => {
        const res = await send(data);
        if (res.statusCode !== expected || !BOMB_TEXT.test(res.body)) {
          throw new Error(`${label} / ${n}: answered ${res.statusCode}, expected ${expected} with 压缩炸弹 text: ${res.body.slice(0, 400)}`);
        }
      });
      cells.push(`${ms} (${expected})`.padStart(28));
    }
    console.log([label.padEnd(52), ...cells].join(''));
  }
  for (const [label, run] of cli) {
    const cells: string[] = [];
    for (const n of names) {
      const data = bombs[n as keyof typeof bombs];
      const file = path.join(dir, 'bomb.xlsx');
      fs.writeFileSync(file, data);
      cells.push((await timing(() => run(data, file))).padStart(28));
    }
    console.log([label.padEnd(52), ...cells].join(''));
  }
  await app.close();
  await db.destroy();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
