// Every web route that takes a file refuses a ZIP bomb before any parser sees it: disclosure
// attachments, delivery receipts, message photos (public form and kiosk), catalogue import,
// annual-report figures and past-year import. Each refusal is a 4xx with a clear Chinese message,
// keeps what was typed, and changes no row of any table (nothing stored, published or audited).
// No time bound here (it would flake on a busy machine); `npm run bench:uploads` gives the figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { Document, Packer, Paragraph } from 'docx';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { docxBomb, gigabyteBomb, nestedBomb, xlsxBomb } from '../support/zip-bombs.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const BOMB_TEXT = /解压后过大，可能是压缩炸弹/;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x11, 0x22, 0xff, 0xd9]);

function multipart(fields: Record<string, string>, files: { field?: string; name: string; data: Buffer }[]) {
  const b = '----gongkai-bomb-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), f.data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

/** The row count of every table: a refusal must leave all of them as they were. */
/** Bookkeeping, not data: a refused form still spends its captcha and counts against limits. */
const BOOKKEEPING = new Set(['captcha_spent', 'rate_limit_hit', 'sign_in_throttle', 'job_schedule']);

async function snapshot(t: TestDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // the suite's own tables only (Kysely's introspection lists every schema of the PostgreSQL
  // server, where other test processes create and drop theirs at the same time)
  const names = t.dialect === 'postgres'
    ? (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(t.db)).rows
    : (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(t.db)).rows;
  for (const table of names) {
    if (BOOKKEEPING.has(table.name)) continue;
    const r = await t.db.selectFrom(table.name as 'region').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table.name] = Number(r.n);
  }
  return out;
}

const csrfOf = (cookie: string) => /gk_csrf=([^;]+)/.exec(cookie)![1]!;

forEachDialect('upload bombs over HTTP', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cixian.editor', 'cixian.gkb', 'longhua.admin']) cookies[u] = await signIn(t.app, u);
    for (const u of ['cixian.editor', 'cixian.gkb']) tokens[u] = await identityService.createApiToken({ db: get().db, clock, sessionIdleMinutes: 120 }, { cli: true }, (await findUserByUsername(get().db, u))!.id, 'bombs');
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  /** Sends `send()`, asserts a refusal that changed nothing, and returns the response. */
  async function refused(send: () => Promise<{ statusCode: number; body: string }>, status: number, text: RegExp = BOMB_TEXT) {
    const beforeRows = await snapshot(get());
    const res = await send();
    assert.equal(res.statusCode, status, res.body.slice(0, 800));
    assert.match(res.body, text);
    assert.deepEqual(await snapshot(get()), beforeRows, 'no row of any table changed');
    return res;
  }

  test('disclosure attachments: a DOCX holding 400 MB, the 1 GB bomb and nested zips are refused (413); ordinary DOCX and XLSX attach', async () => {
    const c = cookies['cixian.editor']!;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/staff/disclosures', headers: { authorization: `Bearer ${tokens['cixian.editor']}` }, payload: { org: '130427', title: '压缩炸弹测试', body: '正文', genre: 'notice', category: 'zhzw', formed_on: '2026-02-10' } });
    assert.ok(created.statusCode < 300, created.body);
    const id = (created.json() as { id: number }).id;
    const up = (name: string, data: Buffer) => {
      const m = multipart({ _csrf: CSRF }, [{ name, data }]);
      return t.app.inject({ method: 'POST', url: `/staff/disclosures/${id}/attachments`, headers: { cookie: c, ...m.headers }, payload: m.payload });
    };
    await refused(() => up('年报.docx', docxBomb(400)), 413);
    await refused(() => up('年报.docx', docxBomb(400, { lie: true })), 413);
    await refused(() => up('统计表.xlsx', gigabyteBomb()), 413);
    await refused(() => up('嵌套.docx', nestedBomb(3, 1)), 413);
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('附件正文')] }] }));
    assert.equal((await up('附件.docx', docx)).statusCode, 303);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = '统计';
    assert.equal((await up('统计.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))).statusCode, 303);
    const kept = await get().db.selectFrom('disclosure_attachment').select('mime').where('disclosure_id', '=', id).execute();
    assert.equal(kept.length, 2);
  });

  test('catalogue import: the 1 GB bomb and a 250 MB sheet are refused (400) with the organisation kept', async () => {
    const me = cookies['longhua.admin']!;
    for (const bomb of [gigabyteBomb(), xlsxBomb(250, { lie: true })]) {
      const m = multipart({ _csrf: CSRF, org: '440309003001' }, [{ name: '目录.xlsx', data: bomb }]);
      const res = await refused(() => t.app.inject({ method: 'POST', url: '/staff/catalogs/import', headers: { ...m.headers, cookie: me }, payload: m.payload }), 400);
      assert.match(res.body, /value="440309003001"/);
    }
  });

  test('annual report: figures and past-year import refuse the bomb (400), keeping organisation and year', async () => {
    const gkb = cookies['cixian.gkb']!;
    const imp = multipart({ _csrf: csrfOf(gkb), org: '130427-rsj', year: '2024' }, [{ name: '2024.xlsx', data: gigabyteBomb() }]);
    const res = await refused(() => t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', headers: { ...imp.headers, cookie: gkb }, payload: imp.payload }), 400);
    assert.match(res.body, /value="2024"/);
    const ed = cookies['cixian.editor']!;
    const fig = multipart({ _csrf: csrfOf(ed) }, [{ name: 'b2.xlsx', data: gigabyteBomb() }]);
    await refused(() => t.app.inject({ method: 'POST', url: '/staff/reports/annual/130427-xzspj/2026/figures', headers: { ...fig.headers, cookie: ed }, payload: fig.payload }), 400);
  });

  test('message photos (public form and kiosk): a JPEG with the bomb on its end is refused (400), what was typed kept', async () => {
    let n = 0;
    for (const url of ['/interaction/messages', '/interaction/kiosk']) {
      const form = await t.app.inject({ url: url === '/interaction/kiosk' ? url : '/interaction/messages/new', cookies: { gk_csrf: CSRF } });
      const token = /name="captcha_token" value="([^"]+)"/.exec(form.body)![1]!;
      const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1]!;
      const fields = {
        _csrf: CSRF, org: '130427', category: 'sanitation', title: '小区门口垃圾堆积', content: '小区门口垃圾堆积多日，请尽快清运。', address: '磁县阜才社区',
        lat: '36.37', lng: '114.379', contact_name: '周女士', contact_phone: '13700001111', contact_email: '', is_public: 'yes', idempotency_key: key,
        captcha_token: token, captcha_answer: solveCaptchaForTest(token, t.clock.now()),
      };
      const m = multipart(fields, [{ field: 'photo1', name: '现场.jpg', data: Buffer.concat([JPEG, gigabyteBomb()]) }]);
      const res = await refused(() => t.app.inject({ method: 'POST', url, remoteAddress: `10.9.9.${++n}`, headers: { ...m.headers, cookie: `gk_csrf=${CSRF}` }, payload: m.payload }), 400);
      assert.match(res.body, /value="小区门口垃圾堆积"/);
      assert.match(res.body, /现场\.jpg/);
    }
  });

  test('delivery receipts: a PDF with the bomb on its end is refused (400); a plain one is stored', async () => {
    const bearer = { authorization: `Bearer ${tokens['cixian.gkb']}` };
    const reg = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: bearer, payload: { org: '130427', applicant: { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com' }, description: '申请公开磁县2025年财政预算执行情况。', delivery: 'email', channel: 'in_person', received_on: '2026-02-24' } });
    assert.equal(reg.statusCode, 201, reg.body);
    const ref = (reg.json() as { reference: string }).reference;
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${ref}/actions`, headers: bearer, payload: { type: 'decide', on: '2026-03-02', outcome: 'disclose' } })).statusCode < 300, true);
    const c = cookies['cixian.gkb']!;
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
    const send = (data: Buffer) => {
      const m = multipart({ _csrf: csrfOf(c) }, [{ name: 'scan.pdf', data }]);
      return t.app.inject({ method: 'POST', url: `/staff/applications/${ref}/attachments`, headers: { ...m.headers, cookie: c }, payload: m.payload });
    };
    await refused(() => send(Buffer.concat([pdf, gigabyteBomb()])), 400);
    assert.equal((await send(pdf)).statusCode, 303);
  });
}, withDemo);
