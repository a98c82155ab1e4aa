// The 12345 CSV upload form (/staff/messages/hotline/import) and the government selector of the
// staff statistics, over HTTP on the demo data as of Saturday 2026-12-05: an upload creates and
// updates orders all-or-nothing and says how many (新增/更新/无变化) under an import reference that
// is in the audit log; another government's 工单编号, a bad row, a file over the size limit and a
// zip are refused in Chinese with the file name and the choices kept and nothing written; the
// form needs the CSRF token and a grant over the receiving organisation. The statistics: a city
// supervisor or a platform administrator picks one government inside the grant (or 全部); one
// outside it is refused (403), never its figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { buildTestApp, csrfOf, signIn, type TestApp } from '../support/app.ts';
import { multipart } from '../support/interaction.ts';
import { docxBomb } from '../support/zip-bombs.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { loadDemo } from '../../src/demo.ts';
import { identityService } from '../../src/modules/identity/index.ts';
import { HOTLINE_UPLOAD_MAX_BYTES } from '../../src/modules/interaction/hotline-csv.ts';

const clock = fixedClock('2026-12-05T02:00:00Z');
const PASSWORD = 'hotline-import-password-2026';
const HEADER = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';
const URL = '/staff/messages/hotline/import';

/** CSV rows (after the header) of a statistics CSV keyed by 单位代码 ('' = 合计). */
function csvRows(body: string): Map<string, string[]> {
  const lines = body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
  return new Map(lines.map((l) => l.split(',')).map((c) => [c[2] ?? '', c]));
}

/** GB18030 bytes of a text of ASCII and two-byte (GBK) characters, by decoding every two-byte code once (Node has no GB18030 encoder). */
function gb18030(text: string): Buffer {
  const codes = new Map<string, number[]>();
  const gbk = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) codes.set(gbk.decode(Uint8Array.of(lead, trail)), [lead, trail]);
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : codes.get(ch) ?? assert.fail(`no GBK code for ${ch}`))));
}

/** Row counts of the tables an import writes. */
async function counts(t: TestDb) {
  const n = async (table: 'message' | 'message_event' | 'audit_log') => Number((await t.db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { message: await n('message'), events: await n('message_event'), audit: await n('audit_log') };
}

forEachDialect('12345 CSV upload form and the staff statistics\' government selector', (get) => {
  let t: TestApp;
  let cixian: string;
  let haizhu: string;
  let handan: string;
  let platform: string;
  before(async () => {
    t = await buildTestApp(get(), clock, { SITE_SPONSOR: '测试主办单位' });
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    for (const [username, displayName, orgCode] of [['haizhu.hotline', '海珠区民呼中心', '440105'], ['handan.hotline', '邯郸市12345热线', '1304']] as const) {
      const made = await identityService.createUser(deps, { cli: true }, { username, displayName, role: 'supervisor', orgCode, password: PASSWORD });
      assert.ok(made.ok, JSON.stringify(made));
    }
    cixian = await signIn(t.app, 'cixian.minhu');
    haizhu = await signIn(t.app, 'haizhu.hotline', PASSWORD);
    handan = await signIn(t.app, 'handan.hotline', PASSWORD);
    platform = await signIn(t.app, 'platform');
  });
  after(async () => t.app.close());

  /** Posts the form as a browser does: the CSRF token of the cookie, the fields and one file. */
  const upload = (cookie: string, fields: Record<string, string>, file: { name: string; data: Buffer } | null, csrf: string | undefined = csrfOf(cookie)) => {
    const mp = multipart({ ...(csrf ? { _csrf: csrf } : {}), ...fields }, file ? [{ field: 'file', name: file.name, type: 'text/csv', data: file.data }] : []);
    return t.app.inject({ method: 'POST', url: URL, headers: { ...mp.headers, cookie }, payload: mp.payload });
  };
  const csvFile = (name: string, lines: string[]) => ({ name, data: Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`) });

  test('the form: CSRF field, only organisations inside the grant, the caller\'s unit chosen; 401 signed out, 403 without a handling role', async () => {
    const page = await t.app.inject({ url: URL, headers: { cookie: cixian } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/staff\/messages\/hotline\/import" enctype="multipart\/form-data" novalidate><input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}"/);
    assert.match(page.body, /<option value="130427" selected>磁县人民政府<\/option>/);
    assert.match(page.body, /<option value="130427-mzj">磁县民政局<\/option>/);
    assert.doesNotMatch(page.body, /海珠区|440105/);
    assert.match(page.body, /不超过 10 MB/);
    const hz = await t.app.inject({ url: URL, headers: { cookie: haizhu } });
    assert.match(hz.body, /<option value="440105" selected>/);
    assert.doesNotMatch(hz.body, /磁县/);
    assert.equal((await t.app.inject({ url: URL })).statusCode, 401);
    assert.equal((await t.app.inject({ url: URL, headers: { cookie: await signIn(t.app, 'cixian.editor') } })).statusCode, 403);
    // the 12345 list links to it
    assert.match((await t.app.inject({ url: '/staff/messages/hotline', headers: { cookie: cixian } })).body, /<a href="\/staff\/messages\/hotline\/import">导入 12345 工单（CSV）<\/a>/);
  });

  test('an upload creates the orders and says 新增/更新/无变化 under an import reference that the audit row holds; the next export updates', async () => {
    const db = get().db;
    const first = csvFile('12345-20261204.csv', [
      'WF2026120300001,8021,关于小区供暖不热,磁州镇某小区暖气不热，来电人 13912345671,2026-12-03 09:15:00,2026-12-08 17:00:00,投诉,待签收',
      'WF2026120300002,8022,关于低保办理材料,咨询低保办理所需材料,2026-12-03 10:20:00,-,咨询,服务坐席结束工单',
    ]);
    const res = await upload(cixian, { org: '130427', category: 'other' }, first);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /导入完成/);
    assert.match(res.body, /文件 12345-20261204\.csv，共 2 件工单：新增 2 件，更新 0 件，无变化 0 件。/);
    const ref = /导入编号：(HI-20261205-[A-Z0-9]{5})/.exec(res.body)?.[1];
    assert.ok(ref, res.body);
    const stored = await db.selectFrom('message').selectAll().where('work_order_no', 'in', ['WF2026120300001', 'WF2026120300002']).orderBy('work_order_no').execute();
    assert.deepEqual(stored.map((m) => [m.org_code, m.stage, m.external_status, m.due_on, m.received_on]), [
      ['130427', 'accepted', '待签收', '2026-12-08', '2026-12-03'],
      ['130427', 'closed', '服务坐席结束工单', '2026-12-10', '2026-12-03'], // 一般 5 个工作日 from Thu 12-03: 4, 7, 8, 9, 10
    ]);
    assert.match(res.body, new RegExp(`<a href="/staff/messages/${stored[0]!.reference}">WF2026120300001</a>（新增）`));
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'hotline.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const after = JSON.parse(audit.after_json ?? '{}');
    assert.deepEqual([after.importRef, after.fileName, after.created, audit.actor_label, audit.org_code], [ref, '12345-20261204.csv', 2, 'cixian.minhu', '130427']);

    // The next day's export: order 1 is 办理中 with a later 计划完成时间, order 2 unchanged, order 3 new.
    const second = csvFile('12345-20261205.csv', [
      'WF2026120300001,8021,关于小区供暖不热,磁州镇某小区暖气不热，来电人 13912345671,2026-12-03 09:15:00,2026-12-10 17:00:00,投诉,办理中',
      'WF2026120300002,8022,关于低保办理材料,咨询低保办理所需材料,2026-12-03 10:20:00,-,咨询,服务坐席结束工单',
      'WF2026120400003,8023,关于路灯维修,时光街路灯不亮,2026-12-04 19:02:11,-,求助,待签收',
    ]);
    const res2 = await upload(cixian, { org: '130427', category: 'street_lights' }, second);
    assert.equal(res2.statusCode, 200, res2.body);
    assert.match(res2.body, /共 3 件工单：新增 1 件，更新 1 件，无变化 1 件。/);
    assert.notEqual(/导入编号：(HI-[\w-]+)/.exec(res2.body)?.[1], ref);
    const one = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'WF2026120300001').executeTakeFirstOrThrow();
    assert.deepEqual([one.external_status, one.due_on], ['办理中', '2026-12-10']);
    const three = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'WF2026120400003').executeTakeFirstOrThrow();
    // 路灯照明 is a 简易 item: 2 working days from Fri 12-04 (7, 8)
    assert.deepEqual([three.category_code, three.class_code, three.due_on], ['street_lights', 'simple', '2026-12-08']);
    const log = (await t.app.inject({ url: `/staff/messages/${one.reference}`, headers: { cookie: cixian } })).body;
    assert.match(log, /工单状态：待签收 → 办理中/);

    // A third export: order 3's 来电时间 corrected to the evening before, order 2 (closed by the agent) sent back 办理中.
    const third = csvFile('12345-20261205-2.csv', [
      'WF2026120300002,8022,关于低保办理材料,咨询低保办理所需材料,2026-12-03 10:20:00,-,咨询,办理中',
      'WF2026120400003,8023,关于路灯维修,时光街路灯不亮,2026-12-03 19:02:11,-,求助,待签收',
    ]);
    const res3 = await upload(cixian, { org: '130427', category: 'other' }, third);
    assert.equal(res3.statusCode, 200, res3.body);
    assert.match(res3.body, /共 2 件工单：新增 0 件，更新 2 件，无变化 0 件；其中 1 件已在本平台办结、12345 平台重新交办，已重新打开（重办）。/);
    const moved = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'WF2026120400003').executeTakeFirstOrThrow();
    // 简易 2 个工作日 now from Thu 12-03: 4, 7 (it was 12-08 from Fri 12-04)
    assert.deepEqual([moved.received_on, moved.due_on], ['2026-12-03', '2026-12-07']);
    const movedLog = (await t.app.inject({ url: `/staff/messages/${moved.reference}`, headers: { cookie: cixian } })).body;
    assert.match(movedLog, /受理日期随来电时间改为 2026-12-03/);
    assert.match(movedLog, /答复期限：2026-12-07（按来电时间 2026-12-03 19:02:11 计算：/);
    const back = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'WF2026120300002').executeTakeFirstOrThrow();
    // reopened on Saturday 12-05: 5 working days 7, 8, 9, 10, 11
    assert.deepEqual([back.stage, back.closed_on, back.due_on], ['accepted', null, '2026-12-11']);
    assert.match((await t.app.inject({ url: `/staff/messages/${back.reference}`, headers: { cookie: cixian } })).body, /12345 平台重新交办（重办）（cixian\.minhu）：平台工单状态“办理中”，重新办理，新答复期限 2026-12-11/);
  });

  test('another government\'s 工单编号: 400, the refusal in Chinese naming 工单编号, the file name and choices kept, nothing written', async () => {
    const before = await counts(get());
    const file = csvFile('haizhu-12345-20261205.csv', [
      'HZ2026120500001,6001,关于江南西路井盖,江南西路井盖松动,2026-12-05 08:00:00,-,投诉,待签收',
      'DH993211202511270004,6001,冒用工单,冒用磁县的工单编号,2026-12-05 08:30:00,-,投诉,已办结',
    ]);
    const res = await upload(haizhu, { org: '440105', category: 'roads' }, file);
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.body, /haizhu-12345-20261205\.csv：未导入任何工单/);
    assert.match(res.body, /工单编号：DH993211202511270004 已由其他单位登记，不属于海珠区人民政府，不能导入或更新；本次未导入任何工单/);
    assert.ok(!res.body.includes('磁县人民政府'), 'the other county is not named');
    assert.match(res.body, /上次选择的文件：haizhu-12345-20261205\.csv（未导入，请重新选择）/);
    assert.match(res.body, /<option value="440105" selected>/);
    assert.match(res.body, /<option value="roads" selected>/);
    assert.deepEqual(await counts(get()), before);
    assert.equal((await get().db.selectFrom('message').select('id').where('work_order_no', '=', 'HZ2026120500001').execute()).length, 0);
  });

  test('bad rows, no file, a file over the limit, a zip: 400 with the reason and the file name; nothing written', async () => {
    const before = await counts(get());
    const bad = await upload(cixian, { org: '130427', category: 'other' }, csvFile('bad.csv', ['WF2026120500009,8021,标题,内容,2026-12-32 09:00:00,-,投诉,待签收', 'WF2026120500010,8021,标题,内容,2026-12-05 09:00:00,-,表扬,待签收']));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /bad\.csv：文件有 2 处问题，未导入任何工单/);
    assert.match(bad.body, /第 2 行：来电时间“2026-12-32 09:00:00”应为 YYYY-MM-DD HH:MM:SS/);
    assert.match(bad.body, /第 3 行：工单类型“表扬”应为 咨询、求助、投诉、举报、建议、感谢、其他 之一/);
    const none = await upload(cixian, { org: '130427' }, null);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请选择要导入的 CSV 文件/);
    const noOrg = await upload(cixian, { org: '' }, csvFile('a.csv', []));
    assert.match(noOrg.body, /请选择受理单位/);
    // over the limit: refused while streaming, never parsed
    const big = Buffer.concat([Buffer.from(`${HEADER}\r\n`), Buffer.alloc(HOTLINE_UPLOAD_MAX_BYTES, 0x41)]);
    const large = await upload(cixian, { org: '130427' }, { name: 'month.csv', data: big });
    assert.equal(large.statusCode, 400);
    assert.match(large.body, /month\.csv：文件超过 10 MB，未导入/);
    // a zip bomb, and an Excel file (a zip) instead of a CSV
    const bomb = await upload(cixian, { org: '130427' }, { name: 'orders.csv', data: docxBomb(300) });
    assert.equal(bomb.statusCode, 400);
    assert.match(bomb.body, /orders\.csv：文件解压后过大，可能是压缩炸弹/);
    const zip = await upload(cixian, { org: '130427' }, { name: 'orders.xlsx', data: docxBomb(1) });
    assert.equal(zip.statusCode, 400);
    assert.match(zip.body, /orders\.xlsx：这是压缩格式的文件（如 Excel \.xlsx），不是 CSV/);
    assert.deepEqual(await counts(get()), before);
  });

  // What offices' tools save: GB18030 (Excel's default CSV on Chinese Windows), UTF-16 with a BOM
  // (「Unicode」 CSV), and an Excel 97-2003 workbook by mistake (an OLE2 file, not a zip).
  test('a GB18030 or UTF-16 CSV imports; an .xls workbook is refused as such, not as a missing header; nothing written for it', async () => {
    const line = (no: string) => `${no},8031,关于井盖缺失,人行道井盖缺失,2026-12-04 09:00:00,-,求助,待签收`;
    const text = (no: string) => `${[HEADER, line(no)].join('\r\n')}\r\n`;
    const gb = await upload(cixian, { org: '130427', category: 'other' }, { name: 'gb.csv', data: gb18030(text('EN2026120400001')) });
    assert.equal(gb.statusCode, 200, gb.body);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text('EN2026120400002'), 'utf16le')]);
    const u16 = await upload(cixian, { org: '130427', category: 'other' }, { name: 'unicode.csv', data: le });
    assert.equal(u16.statusCode, 200, u16.body);
    assert.match(u16.body, /共 1 件工单：新增 1 件/);
    const stored = await get().db.selectFrom('message').select(['work_order_no', 'title']).where('work_order_no', 'in', ['EN2026120400001', 'EN2026120400002']).orderBy('work_order_no').execute();
    assert.deepEqual(stored.map((m) => [m.work_order_no, m.title]), [['EN2026120400001', '关于井盖缺失'], ['EN2026120400002', '关于井盖缺失']]);
    const before = await counts(get());
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504, 0)]);
    const old = await upload(cixian, { org: '130427', category: 'other' }, { name: '工单.xls', data: xls });
    assert.equal(old.statusCode, 400);
    assert.match(old.body, /工单\.xls：这是 Excel 97-2003 工作簿（\.xls），不是 CSV/);
    assert.doesNotMatch(old.body, /表头缺少/);
    assert.deepEqual(await counts(get()), before);
  });

  test('without the CSRF token 403; a receiving organisation outside the grant 403; nothing written', async () => {
    const before = await counts(get());
    const file = csvFile('x.csv', ['WF2026120500020,8021,关于路面破损,路面破损,2026-12-05 09:00:00,-,投诉,待签收']);
    const noCsrf = await upload(cixian, { org: '130427' }, file, '');
    assert.equal(noCsrf.statusCode, 403);
    const foreignOrg = await upload(haizhu, { org: '130427' }, file);
    assert.equal(foreignOrg.statusCode, 403);
    assert.doesNotMatch(foreignOrg.body, /磁县人民政府/);
    assert.deepEqual(await counts(get()), before);
  });

  test('statistics: a city supervisor picks a government inside the grant or 全部; another one is 403, never its figures', async () => {
    const page = await t.app.inject({ url: '/staff/messages/statistics?period=2026', headers: { cookie: handan } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<select id="org" name="org"[^>]*><option value>全部（您的权限范围内）<\/option><option value="1304">邯郸市人民政府<\/option><option value="130427">磁县人民政府<\/option><\/select>/);
    const all = csvRows((await t.app.inject({ url: '/staff/messages/statistics.csv?period=2026', headers: { cookie: handan } })).body);
    const one = await t.app.inject({ url: '/staff/messages/statistics.csv?period=2026&org=130427', headers: { cookie: handan } });
    assert.equal(one.statusCode, 200);
    assert.match(one.headers['content-disposition'] as string, /statistics-2026-all-130427\.csv/);
    const county = csvRows(one.body);
    assert.ok(county.has('130427-xzspj') && [...county.keys()].every((k) => k === '' || k.startsWith('130427')), one.body);
    // the city has only 磁县 in the demo: the county's figures are the city's
    assert.equal(county.get('')!.join(), all.get('')!.join());
    assert.match((await t.app.inject({ url: '/staff/messages/statistics?period=2026&org=130427', headers: { cookie: handan } })).body, /<option value="130427" selected>磁县人民政府<\/option>/);
    for (const url of ['/staff/messages/statistics?period=2026&org=440105', '/staff/messages/statistics.csv?period=2026&org=440105']) {
      const res = await t.app.inject({ url, headers: { cookie: handan } });
      assert.equal(res.statusCode, 403, url);
      assert.match(res.body, /所选政府（440105）不在您的权限范围内/);
      assert.doesNotMatch(res.body, /海珠区|440105-|合计/);
    }
    // 海珠区's supervisor cannot reach 磁县 either way; a department or an unknown code is no government
    assert.equal((await t.app.inject({ url: '/staff/messages/statistics.csv?org=130427', headers: { cookie: haizhu } })).statusCode, 403);
    for (const code of ['130427-mzj', '999999']) {
      const res = await t.app.inject({ url: `/staff/messages/statistics?org=${code}`, headers: { cookie: handan } });
      assert.equal(res.statusCode, 400, code);
      assert.match(res.body, /找不到该政府/);
    }
  });

  test('statistics: a platform administrator sees every government and may pick each; 全部 is their sum', async () => {
    const page = await t.app.inject({ url: '/staff/messages/statistics?period=2026-12', headers: { cookie: platform } });
    assert.equal(page.statusCode, 200);
    for (const gov of ['磁县人民政府', '海珠区人民政府', '龙华区人民政府']) assert.match(page.body, new RegExp(`<option value="\\d+">${gov}</option>`));
    const total = async (q: string) => {
      const res = await t.app.inject({ url: `/staff/messages/statistics.csv?period=2026-12${q}`, headers: { cookie: platform } });
      assert.equal(res.statusCode, 200, res.body);
      return csvRows(res.body);
    };
    const [all, cx, hz, lh] = [await total(''), await total('&org=130427'), await total('&org=440105'), await total('&org=440309')];
    assert.ok([...hz.keys()].every((k) => k === '' || k.startsWith('440105')));
    assert.ok(Number(cx.get('')![4]) > 0, '磁县 received messages in December');
    for (const c of [4, 8, 9, 10]) assert.equal(Number(all.get('')![c]), Number(cx.get('')![c]) + Number(hz.get('')![c]) + Number(lh.get('')![c]), `column ${c}`);
  });
}, async (t) => { await loadDemo(t.db, clock); });
