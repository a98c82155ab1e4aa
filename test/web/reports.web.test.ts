// Annual-report pages, downloads and API over the demo data (磁县 last year published, this year a
// draft): public reads see published reports only; every staff route answers 401 signed out and
// 403 outside its role or subtree; every write is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { TABLE3_COLUMNS, TABLE3_ROWS } from '../../src/modules/reports/annual-format.ts';
import { documentXml } from '../fixtures/annual-report.ts';

function multipart(fields: Record<string, string>, cookie: string, file?: { name: string; content: Buffer }) {
  const boundary = '----gongkaireports7MA4YWxk';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie } };
}

/** A spreadsheet in the published layout: label cells merged over three columns, then seven numbers. */
async function table3Xlsx(values: (label: string, i: number) => (number | string)[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表三');
  ws.addRow(['三、收到和处理政府信息公开申请情况']);
  ws.addRow(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '', '', '申请人情况']);
  ws.addRow(['', '', '', '自然人', '法人或其他组织', '', '', '', '', '总计']);
  ws.addRow(['', '', '', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '']);
  TABLE3_ROWS.forEach((r, i) => {
    const row = ws.addRow([r.group ?? r.label, r.group ? (r.group.startsWith('三') ? r.label : r.group) : '', r.group && !r.group.startsWith('三') ? r.label : '', ...values(r.label, i)]);
    if (!r.group) ws.mergeCells(row.number, 1, row.number, 3);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const STAFF_GETS = ['/staff/reports/annual', '/staff/reports/annual/130427/2026', '/staff/reports/annual/130427/2026/report.docx', '/staff/reports/annual/import', '/staff/reports/annual/open?org=130427&year=2026'];
const STAFF_POSTS = ['/staff/reports/annual/130427/2026', '/staff/reports/annual/130427/2026/figures', '/staff/reports/annual/130427/2025/publish', '/staff/reports/annual/import'];

forEachDialect('annual report pages and API', (get) => {
  let t: TestApp;
  const c: Record<string, string> = {};
  let token = '';
  before(async () => {
    t = await buildTestApp(get());
    for (const u of ['cixian.gkb', 'cixian.editor', 'cizhou.handler', 'longhua.admin']) c[u] = await signIn(t.app, u);
    const user = await findUserByUsername(get().db, 'cixian.editor');
    token = await identityService.createApiToken({ db: get().db, clock: t.clock, sessionIdleMinutes: 60 }, { cli: true }, user!.id, 'reports');
  });
  after(async () => t.app.close());

  test('API: the published report with the format labels exactly; drafts need a token of the organisation', async () => {
    const res = await t.app.inject('/api/v1/reports/annual?org=130427&year=2025');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.org, '130427');
    assert.equal(body.year, 2025);
    assert.equal(body.state, 'published');
    assert.deepEqual(body.table3.columns, ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
    assert.equal(body.table3.rows.length, 25);
    assert.equal(body.table3.rows[0].label, '一、本年新收政府信息公开申请数量');
    assert.equal(body.table3.rows[24].label, '四、结转下年度继续办理');
    assert.ok(body.table3.rows.every((r: { values: number[] }) => r.values.length === 7));
    assert.equal(body.table4.columns.length, 15);
    assert.deepEqual(body.table4.columns[0], { group: '行政复议', label: '结果维持' });
    assert.deepEqual(body.table4.columns[14], { group: '行政诉讼（复议后起诉）', label: '总计' });
    assert.equal(body.table4.values.length, 15);
    assert.deepEqual(body.table2.item1.rows.map((r: { label: string }) => r.label), ['规章', '行政规范性文件']);
    assert.deepEqual(body.table2.item5.rows[0], { label: '行政许可', values: [1520] });
    assert.deepEqual(body.checks.map((x: { rule: string }) => x.rule), ['column_balance', 'result_total', 'total_column', 'table4_total', 'carry_over']);
    assert.ok(body.checks.every((x: { ok: boolean; detail: string }) => x.ok && x.detail));
    // Demo cases (received before 2026-01-05) are in 2025: 一 counts them.
    const newRow = body.table3.rows[0].values as number[];
    assert.equal(newRow[6], newRow.slice(0, 6).reduce((a, b) => a + b, 0));

    const draft = await t.app.inject('/api/v1/reports/annual?org=130427&year=2026');
    assert.equal(draft.statusCode, 404);
    assert.equal(draft.json().code, 'report_not_published');
    const staff = await t.app.inject({ url: '/api/v1/reports/annual?org=130427&year=2026', headers: { authorization: `Bearer ${token}` } });
    assert.equal(staff.statusCode, 200);
    assert.equal(staff.json().state, 'draft');
    assert.equal(staff.json().table2.item6.rows[0].values[0], 71);
  });

  test('API: 400 and 404 with codes for a bad organisation or year', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/reports/annual?year=2025', 400, 'org_required'],
      ['/api/v1/reports/annual?org=abc&year=2025', 400, 'org_invalid'],
      ['/api/v1/reports/annual?org=130427&year=20x5', 400, 'year_invalid'],
      ['/api/v1/reports/annual?org=130427&year=2099', 400, 'year_invalid'],
      ['/api/v1/reports/annual?org=130427&year=2007', 400, 'year_invalid'],
      ['/api/v1/reports/annual?org=130427-zzz&year=2025', 404, 'org_not_found'],
      ['/api/v1/reports/annual?org=440105&year=2025', 404, 'report_not_published'],
    ];
    for (const [url, status, code] of cases) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, status, url);
      assert.equal(res.json().code, code, url);
      assert.ok(res.json().message, url);
    }
  });

  test('public: list, published page with merged headers, DOCX; drafts are not public', async () => {
    const portal = await t.app.inject('/openness');
    assert.match(portal.body, /href="\/openness\/reports\/annual"/);
    assert.doesNotMatch(portal.body, /<li>政府信息公开工作年度报告<\/li>/);
    const list = await t.app.inject('/openness/reports/annual');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /磁县人民政府2025年政府信息公开工作年度报告/);
    assert.doesNotMatch(list.body, /2026年政府信息公开工作年度报告/);
    const page = await t.app.inject('/openness/reports/annual/130427/2025');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<th colspan="7" scope="colgroup">申请人情况<\/th>/);
    assert.match(page.body, /<th rowspan="22" scope="rowgroup">三、本年度办理结果<\/th>/);
    assert.match(page.body, /<th colspan="10" scope="colgroup">行政诉讼<\/th>/);
    assert.match(page.body, /1520/);
    assert.equal((await t.app.inject('/openness/reports/annual/130427/2026')).statusCode, 404);
    assert.equal((await t.app.inject('/openness/reports/annual/nonsense/2026')).statusCode, 404);
    const docx = await t.app.inject('/openness/reports/annual/130427/2025/report.docx');
    assert.equal(docx.statusCode, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    const xml = documentXml(docx.rawPayload);
    assert.match(xml, /磁县人民政府2025年政府信息公开工作年度报告/);
    assert.match(xml, /<w:gridSpan w:val="7"\/>/);
    assert.equal((await t.app.inject('/openness/reports/annual/130427/2026/report.docx')).statusCode, 404);
  });

  test('staff routes: 401 signed out, 403 for other roles and other organisations', async () => {
    for (const url of STAFF_GETS) {
      assert.equal((await t.app.inject(url)).statusCode, 401, url);
      assert.equal((await t.app.inject({ url, headers: { cookie: c['cizhou.handler']! } })).statusCode, 403, url);
    }
    for (const url of STAFF_POSTS) {
      assert.equal((await postForm(t.app, url, `gk_csrf=${CSRF}`)).statusCode, 401, url);
      assert.equal((await postForm(t.app, url, c['cizhou.handler']!)).statusCode, 403, url);
    }
    // 龙华区 admin: a staff member with the role, but not over 磁县.
    for (const url of ['/staff/reports/annual/130427/2026', '/staff/reports/annual/130427/2026/report.docx']) {
      assert.equal((await t.app.inject({ url, headers: { cookie: c['longhua.admin']! } })).statusCode, 403, url);
    }
    assert.equal((await postForm(t.app, '/staff/reports/annual/130427/2026', c['longhua.admin']!, { licensing: '1' })).statusCode, 403);
    assert.equal((await postForm(t.app, '/staff/reports/annual/130427/2026/figures', c['longhua.admin']!, { figuresHtml: '<table></table>' })).statusCode, 403);
    assert.equal((await postForm(t.app, '/staff/reports/annual/130427-mzj/2025/publish', c['longhua.admin']!)).statusCode, 403);
    // Editors prepare drafts but do not publish or import.
    assert.equal((await postForm(t.app, '/staff/reports/annual/130427-mzj/2025/publish', c['cixian.editor']!)).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/staff/reports/annual/import', headers: { cookie: c['cixian.editor']! } })).statusCode, 403);
  });

  test('staff list shows reminders with the statutory deadline; the link is on the staff home', async () => {
    const home = await t.app.inject({ url: '/staff', headers: { cookie: c['cixian.editor']! } });
    assert.match(home.body, /href="\/staff\/reports\/annual"/);
    const res = await t.app.inject({ url: '/staff/reports/annual', headers: { cookie: c['cixian.gkb']! } });
    assert.equal(res.statusCode, 200);
    // Clock 2026-03-02: departments were due 2026-01-31 (overdue 30 days), governments 2026-03-31 (29 days left).
    assert.match(res.body, /磁县民政局<\/a><\/th><td>2025<\/td><td>未编制<\/td><td>2026-01-31<\/td><td>已逾期 30 天<\/td>/);
    assert.match(res.body, /磁州镇人民政府<\/a><\/th><td>2025<\/td><td>未编制<\/td><td>2026-03-31<\/td><td>剩余 29 天<\/td>/);
    assert.doesNotMatch(res.body, /<a href="\/staff\/reports\/annual\/130427\/2025">磁县人民政府<\/a><\/th><td>2025/, 'published: no reminder');
    assert.match(res.body, /第四十九条/);
    // The same reminders appear on the openness office's supervision page (registered by this module).
    const sup = await t.app.inject({ url: '/staff/disclosures/timeliness', headers: { cookie: c['cixian.gkb']! } });
    assert.equal(sup.statusCode, 200);
    assert.match(sup.body, /<li>磁县民政局：2025年度报告尚未发布，应于 2026-01-31 前发布（已逾期 30 天）<\/li>/);
    assert.match(sup.body, /<li>磁州镇人民政府：2025年度报告尚未发布，应于 2026-03-31 前发布（剩余 29 天）<\/li>/);
    assert.doesNotMatch(sup.body, /<li>磁县人民政府：2025年度报告尚未发布/);
    const open = await t.app.inject({ url: '/staff/reports/annual/open?org=130427&year=abc', headers: { cookie: c['cixian.gkb']! } });
    assert.equal(open.statusCode, 400);
    assert.match(open.body, /value="abc"/);
  });

  test('editor saves the draft (kept as typed; errors keep the values) and it is audited', async () => {
    const page = await t.app.inject({ url: '/staff/reports/annual/130427/2026', headers: { cookie: c['cixian.editor']! } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2026年，磁县人民政府认真贯彻落实/, 'pre-filled text');
    assert.match(page.body, /比上年/, 'compared with last year');
    assert.match(page.body, /name="licensing"[^>]*value="1388"|value="1388"[^>]*name="licensing"/);
    const bad = await postForm(t.app, '/staff/reports/annual/130427/2026', c['cixian.editor']!, { licensing: '12a', fees: '1', section1: '我写的文字', includeSubtree: '0' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /我写的文字/);
    assert.match(bad.body, /value="12a"/);
    const ok = await postForm(t.app, '/staff/reports/annual/130427/2026', c['cixian.editor']!, { licensing: '1400', penalty: '70', coercion: '2', fees: '10.5', section1: '我写的文字', section5: '问题', section6: '其他', includeSubtree: '0' });
    assert.equal(ok.statusCode, 303);
    const again = await t.app.inject({ url: String(ok.headers.location), headers: { cookie: c['cixian.editor']! } });
    assert.match(again.body, /草稿已保存/);
    assert.match(again.body, />我写的文字<\/textarea>/);
    const audit = await get().db.selectFrom('audit_log').selectAll().where('action', '=', 'annual_report.save_draft').where('entity_id', '=', '130427/2026').execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.actor_label, /cixian\.editor/);
  });

  test('editor imports the table 二 figures into the draft (HTML paste, XLSX); errors refuse all', async () => {
    const csrf = c['cixian.editor']!.match(/gk_csrf=([^;]+)/)![1]!;
    const html = '<p>二、主动公开政府信息情况</p><table><tr><th>第二十条第（五）项</th></tr><tr><td>行政许可</td><td>2001</td></tr><tr><td>行政处罚</td><td>99</td></tr><tr><td>行政强制</td><td>3</td></tr><tr><td>行政事业性收费</td><td>7.25</td></tr></table>';
    const bad = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/130427-xzspj/2026/figures', ...multipart({ _csrf: csrf, figuresHtml: html.replace('<td>99</td>', '<td>九十九</td>') }, c['cixian.editor']!) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /表格第3行第2格（「行政处罚」行）：「九十九」不是非负整数/);
    assert.match(bad.body, /<textarea id="figuresHtml"[^>]*>[^<]*&lt;td>九十九&lt;\/td>/, 'the pasted table is kept in the form');
    assert.equal(await get().db.selectFrom('annual_report').select('id').where('org_code', '=', '130427-xzspj').executeTakeFirst(), undefined, 'nothing saved');
    const ok = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/130427-xzspj/2026/figures', ...multipart({ _csrf: csrf, figuresHtml: html }, c['cixian.editor']!) });
    assert.equal(ok.statusCode, 303);
    const api = (await t.app.inject({ url: '/api/v1/reports/annual?org=130427-xzspj&year=2026', headers: { authorization: `Bearer ${token}` } })).json();
    assert.deepEqual([api.table2.item5.rows[0].values[0], api.table2.item6.rows[1].values[0], api.table2.item8.rows[0].values[0]], [2001, 3, 7.25]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表二');
    ws.addRows([['第二十条第（五）项', ''], ['信息内容', '本年处理决定数量'], ['行政许可', 10], ['第二十条第（六）项'], ['行政处罚', 20], ['行政强制', 30], ['第二十条第（八）项'], ['行政事业性收费', 0.5]]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const fromXlsx = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/130427-xzspj/2026/figures', ...multipart({ _csrf: csrf }, c['cixian.editor']!, { name: 'b2.xlsx', content: xlsx }) });
    assert.equal(fromXlsx.statusCode, 303);
    const row = await get().db.selectFrom('annual_report').select(['licensing_count', 'penalty_count', 'coercion_count', 'fees_wan']).where('org_code', '=', '130427-xzspj').executeTakeFirstOrThrow();
    assert.deepEqual(row, { licensing_count: 10, penalty_count: 20, coercion_count: 30, fees_wan: '0.5' });
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', '130427-xzspj/2026').execute();
    assert.deepEqual(audit.map((a) => a.action), ['annual_report.import_figures', 'annual_report.import_figures']);
  });

  test('supervisor imports 2024 (HTML; errors precise, nothing kept), publishes 2025 after the carry-over check', async () => {
    // A published 2024 table of 磁县民政局 whose 四 (1 自然人) differs from 2025's 二 (0).
    const cells = (label: string) => (label === '一、本年新收政府信息公开申请数量' ? [3, 0, 0, 0, 0, 0, 3] : label === '（一）予以公开' || label === '（七）总计' ? [2, 0, 0, 0, 0, 0, 2] : label === '四、结转下年度继续办理' ? [1, 0, 0, 0, 0, 0, 1] : [0, 0, 0, 0, 0, 0, 0]);
    const html = `<table>${TABLE3_ROWS.map((r) => `<tr><td>${r.label}</td>${cells(r.label).map((v) => `<td>${v}</td>`).join('')}</tr>`).join('')}</table>`;
    const broken = html.replace('<td>一、本年新收政府信息公开申请数量</td><td>3</td>', '<td>一、本年新收政府信息公开申请数量</td><td>三</td>');
    const refused = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', ...multipart({ _csrf: c['cixian.gkb']!.match(/gk_csrf=([^;]+)/)![1]!, org: '130427-mzj', year: '2024', html: broken }, c['cixian.gkb']!) });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /表格第1行第2格（「一、本年新收政府信息公开申请数量」行「自然人」列）：「三」不是非负整数/);
    assert.equal((await t.app.inject('/api/v1/reports/annual?org=130427-mzj&year=2024')).statusCode, 404, 'nothing imported');
    const huge = `<table><tr><td>本年新收</td></tr>${'<tr><td rowspan="100" colspan="100">x</td></tr>'.repeat(300)}</table>`;
    const tooLarge = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', ...multipart({ _csrf: c['cixian.gkb']!.match(/gk_csrf=([^;]+)/)![1]!, org: '130427-mzj', year: '2024', html: huge }, c['cixian.gkb']!) });
    assert.equal(tooLarge.statusCode, 400);
    assert.match(tooLarge.body, /粘贴的表格过大/);
    assert.match(tooLarge.body, /value="130427-mzj"/, 'the form keeps what was typed');
    const imported = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', ...multipart({ _csrf: c['cixian.gkb']!.match(/gk_csrf=([^;]+)/)![1]!, org: '130427-mzj', year: '2024', html }, c['cixian.gkb']!) });
    assert.equal(imported.statusCode, 200);
    assert.match(imported.body, /历年表三已导入/);
    const y2024 = (await t.app.inject('/api/v1/reports/annual?org=130427-mzj&year=2024')).json();
    assert.equal(y2024.source, 'import');
    assert.deepEqual(y2024.table3.rows[24].values, [1, 0, 0, 0, 0, 0, 1]);

    const blocked = await postForm(t.app, '/staff/reports/annual/130427-mzj/2025/publish', c['cixian.gkb']!);
    assert.equal(blocked.statusCode, 409);
    assert.match(blocked.body, /「二、上年结转政府信息公开申请数量」行「自然人」列为 0，2024年报告「四、结转下年度继续办理」为 1/);
    const reason = await postForm(t.app, '/staff/reports/annual/130427-mzj/2025', c['cixian.gkb']!, { carryReason: '2024年结转的1件申请已于2024年底前纸质办结，未录入系统', licensing: '0', fees: '0', section1: '总体情况。', section5: '问题与改进。', section6: '其他事项。' });
    assert.equal(reason.statusCode, 303);
    const published = await postForm(t.app, '/staff/reports/annual/130427-mzj/2025/publish', c['cixian.gkb']!);
    assert.equal(published.statusCode, 303);
    const rec = await get().db.selectFrom('disclosure').select(['title', 'genre', 'state']).where('org_code', '=', '130427-mzj').where('genre', '=', 'annual_report').execute();
    assert.deepEqual(rec, [{ title: '磁县民政局2025年政府信息公开工作年度报告', genre: 'annual_report', state: 'published' }]);
    const pub = await t.app.inject('/openness/reports/annual/130427-mzj/2025');
    assert.equal(pub.statusCode, 200);
    assert.equal((await postForm(t.app, '/staff/reports/annual/130427-mzj/2025/publish', c['cixian.gkb']!)).statusCode, 409, 'published once');
    const actions = await get().db.selectFrom('audit_log').select('action').where('entity_id', 'in', ['130427-mzj/2024', '130427-mzj/2025']).orderBy('id').execute();
    assert.deepEqual(actions.map((a) => a.action), ['annual_report.import', 'annual_report.save_draft', 'annual_report.publish']);
  });

  test('XLSX import with merged label cells; a non-XLSX file is refused by its bytes', async () => {
    const csrf = c['cixian.gkb']!.match(/gk_csrf=([^;]+)/)![1]!;
    const xlsx = await table3Xlsx((label) => (label.startsWith('一、') || label === '（一）予以公开' || label === '（七）总计' ? [0, 1, 0, 0, 0, 0, 1] : [0, 0, 0, 0, 0, 0, 0]));
    const res = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', ...multipart({ _csrf: csrf, org: '130427-rsj', year: '2024' }, c['cixian.gkb']!, { name: '2024.xlsx', content: xlsx }) });
    assert.equal(res.statusCode, 200, res.body.slice(0, 2000));
    const body = (await t.app.inject('/api/v1/reports/annual?org=130427-rsj&year=2024')).json();
    assert.deepEqual(body.table3.rows[0].values, [0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(body.table3.columns, [...TABLE3_COLUMNS]);
    const bad = await table3Xlsx((label) => (label === '（七）总计' ? [0, 0, 'x', 0, 0, 0, 0] : [0, 0, 0, 0, 0, 0, 0]));
    const refused = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', ...multipart({ _csrf: csrf, org: '130427-xzspj', year: '2024' }, c['cixian.gkb']!, { name: 'bad.xlsx', content: bad }) });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /第\d+行F列（「（七）总计」行「科研机构」列）：「x」不是非负整数/);
    const fake = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', ...multipart({ _csrf: csrf, org: '130427-xzspj', year: '2024' }, c['cixian.gkb']!, { name: 'x.xlsx', content: Buffer.from('<html>not a workbook</html>') }) });
    assert.equal(fake.statusCode, 400);
    assert.match(fake.body, /不是 XLSX 工作簿/);
    const current = await t.app.inject({ method: 'POST', url: '/staff/reports/annual/import', ...multipart({ _csrf: csrf, org: '130427-xzspj', year: '2026' }, c['cixian.gkb']!, { name: '2024.xlsx', content: xlsx }) });
    assert.equal(current.statusCode, 400);
  });
}, withDemo);
