// 季度通报 over HTTP: a 政务公开办 generates its quarter's bulletin (problems found and rectified per
// unit from sv_problem), a second one for the same quarter is refused with a clear message, bad
// input (quarter 5, a year in words) is 400 in Chinese with the values kept, edits are checked and
// audited, the figures stay as generated on a reprint until 'regenerate', publishing files a
// disclosure draft of genre 通报 submitted to 保密审查 with the DOCX attached, the DOCX carries the
// official layout's parts, and another county's office sees none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { documentXml } from '../fixtures/annual-report.ts';
import type { Db } from '../../src/schema.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

const clock = fixedClock('2026-04-10T02:00:00Z');
const BASE = '/staff/supervision/bulletins';
const ID = 'TB2026Q1-130427-gkb';

async function problem(db: Db, n: number, org: string, foundOn: string, state: string, closedOn: string | null, title: string) {
  const o = await db.selectFrom('organisation').select(['path']).where('code', '=', org).executeTakeFirstOrThrow();
  await db.insertInto('sv_problem').values({
    public_id: `WT-2026-01-${String(n).padStart(5, '0')}`, rule_code: 'late_publication', org_code: org, org_path: o.path, office_org_code: '130427-gkb', month: foundOn.slice(0, 7),
    fingerprint: `fp-${n}`, open_key: closedOn ? null : `fp-${n}`, subject_ref: '', title, detail: '', evidence_url: null, severity: 'major', state, found_on: foundOn, due_on: '2026-05-01',
    measures: '', rectified_on: closedOn, verify_note: '', closed_on: closedOn, escalated_on: null, inspection_id: null, created_by: 'test', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  }).execute();
}

forEachDialect('季度通报 over HTTP', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const bearer: Record<string, string> = {};
  const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;

  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cixian.gkb', 'cixian.editor', 'cixian.reviewer', 'longhua.admin', 'admin']) cookies[u] = await signIn(t.app, u);
    const db = get().db;
    for (const u of ['cixian.gkb', 'cixian.reviewer', 'longhua.admin']) bearer[u] = `Bearer ${await identityService.createApiToken({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, (await findUserByUsername(db, u))!.id, 'test')}`;
    // the demo's own inspection raised problems too: this test counts only the rows it writes
    await db.deleteFrom('sv_problem_event').execute();
    await db.deleteFrom('sv_problem').execute();
    await problem(db, 1, '130427-mzj', '2026-01-15', 'closed', '2026-02-20', '民政局低保信息超期公开');
    await problem(db, 2, '130427-mzj', '2026-02-03', 'open', null, '民政局救助目录空白');
    await problem(db, 3, '130427-rsj', '2026-03-30', 'closed', '2026-04-05', '人社局政策解读缺失'); // closed after the quarter
    await problem(db, 4, '130427-rsj', '2026-02-10', 'dismissed', null, '人社局误报问题');
    await problem(db, 5, '130427-rsj', '2026-04-02', 'open', null, '人社局第二季度问题'); // next quarter
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('bad input: quarter 5 and a year in words are refused in Chinese with the values kept; nothing saved', async () => {
    const res = await postForm(t.app, BASE, cookies['cixian.gkb']!, { office: '130427-gkb', year: '二〇二六', quarter: '5' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /年度应为 2000 至明年之间的四位数字/);
    assert.match(res.body, /季度应为 1、2、3 或 4/);
    assert.match(res.body, /value="二〇二六"/);
    const future = await postForm(t.app, BASE, cookies['cixian.gkb']!, { office: '130427-gkb', year: '2026', quarter: '3' });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /该季度尚未开始/);
    const foreign = await postForm(t.app, BASE, cookies['longhua.admin']!, { office: '130427-gkb', year: '2026', quarter: '1' });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /您不能为该政务公开办编写通报/);
    assert.equal((await get().db.selectFrom('sv_bulletin').selectAll().execute()).length, 0);
  });

  test('generate: per-unit problems of the quarter from the supervision figures (dismissed and next quarter left out), audited; a second for the same quarter is refused', async () => {
    const res = await postForm(t.app, BASE, cookies['cixian.gkb']!, { office: '130427-gkb', year: '2026', quarter: '1' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `${BASE}/${ID}?done=${encodeURIComponent('已生成季度通报')}`);
    const row = await get().db.selectFrom('sv_bulletin').selectAll().where('public_id', '=', ID).executeTakeFirstOrThrow();
    assert.equal(row.state, 'draft');
    const c = JSON.parse(row.content_json);
    const mzj = c.rows.find((r: { code: string }) => r.code === '130427-mzj');
    const rsj = c.rows.find((r: { code: string }) => r.code === '130427-rsj');
    assert.deepEqual([mzj.found, mzj.rectified], [2, 1]);
    assert.deepEqual([rsj.found, rsj.rectified], [1, 1], 'closed since: 已整改 as of generation');
    assert.deepEqual([c.totals.found, c.totals.rectified], [3, 2], 'the county\'s totals');
    assert.ok(!c.rows.some((r: { code: string }) => r.code === '130427'), 'the government itself gives the totals, not a row');
    assert.ok(!c.rows.some((r: { code: string }) => r.code.startsWith('440')), 'only the office\'s county');
    assert.ok(!c.rows.some((r: { code: string }) => r.code === '130427-gkb'), 'the office itself is not listed');
    assert.equal(c.docPrefix, '磁公开办');
    const audit = await get().db.selectFrom('audit_log').selectAll().where('action', '=', 'supervision.bulletin_create').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.org_code, '130427-gkb');

    const again = await postForm(t.app, BASE, cookies['cixian.gkb']!, { office: '130427-gkb', year: '2026', quarter: '1' });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /该政务公开办2026年第一季度的通报已经存在/);
    assert.equal((await get().db.selectFrom('sv_bulletin').selectAll().execute()).length, 1);

    const list = await t.app.inject({ url: BASE, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /磁县政务公开办关于2026年第一季度/);
  });

  test('API: bad input 400 invalid_bulletin in Chinese, a foreign office 403, a duplicate 409 bulletin_exists; the list holds only the caller\'s offices', async () => {
    const post = (who: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/staff/supervision/bulletins', headers: { authorization: bearer[who]! }, payload });
    const bad = await post('cixian.gkb', { office: '130427-gkb', year: '二〇二六', quarter: 5 });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'invalid_bulletin');
    assert.match(bad.json().message, /年度应为 2000 至明年之间的四位数字/);
    assert.match(bad.json().message, /季度应为 1、2、3 或 4/);
    const foreign = await post('longhua.admin', { office: '130427-gkb', year: 2026, quarter: 1 });
    assert.equal(foreign.statusCode, 403);
    const dup = await post('cixian.gkb', { office: '130427-gkb', year: '2026', quarter: '1' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'bulletin_exists');
    assert.match(dup.json().reasons[0], /通报已经存在/);
    const made = await post('longhua.admin', { office: '440309-gkb', year: 2026, quarter: 1 });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(made.json().id, 'TB2026Q1-440309-gkb');
    assert.equal(made.json().state, 'draft');
    const list = await t.app.inject({ url: '/api/v1/staff/supervision/bulletins', headers: { authorization: bearer['cixian.gkb']! } });
    assert.deepEqual(list.json().items.map((x: { id: string }) => x.id), [ID]);
    assert.equal((await get().db.selectFrom('sv_bulletin').selectAll().execute()).length, 2);
  });

  test('another county\'s office: 404 on the page and the DOCX, and the list holds none of it', async () => {
    for (const url of [`${BASE}/${ID}`, `${BASE}/${ID}/docx`, `/api/v1/staff/supervision/bulletins/${ID}.docx`]) {
      const res = await t.app.inject({ url, headers: url.startsWith('/api') ? { authorization: bearer['longhua.admin']! } : { cookie: cookies['longhua.admin']! } });
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(main(res.body), /磁县/);
    }
    const list = await t.app.inject({ url: BASE, headers: { cookie: cookies['longhua.admin']! } });
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(main(list.body), /磁县/);
    assert.match(main(list.body), /龙华区政务公开办/);
    const editor = await t.app.inject({ url: `${BASE}/${ID}`, headers: { cookie: cookies['cixian.editor']! } });
    assert.equal(editor.statusCode, 403);
  });

  test('edit: bad values 400 with values kept; good values saved and audited; examples picked from the quarter\'s problems', async () => {
    const page = await t.app.inject({ url: `${BASE}/${ID}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /民政局低保信息超期公开/);
    assert.doesNotMatch(page.body, /人社局第二季度问题/);
    // times read in Beijing time, like every other page (the clock is 02:00 UTC)
    assert.match(page.body, /统计生成于 2026-04-10 10:00</);
    const form = {
      title: '磁县政务公开办关于2026年第一季度政务公开工作情况的通报', doc_prefix: '磁公开办', doc_serial: '3', recipient: '县直各部门', dated: '2026-04-08',
      preamble: '现将检查情况通报如下。', overview: '本季度总体平稳。', problems: '个别单位更新不及时。', next_steps: '限期整改。', good_text: '行政审批局办事指南完整', bad_text: '',
    };
    const bad = await t.app.inject({ method: 'POST', url: `${BASE}/${ID}`, headers: { cookie: cookies['cixian.gkb']! }, payload: { ...form, _csrf: /gk_csrf=([^;]+)/.exec(cookies['cixian.gkb']!)![1], doc_serial: '零', dated: '2026-02-30', overview: '', bad: 'problem:WT-2026-01-00005' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /发文序号应为 1 至 9999 的整数/);
    assert.match(bad.body, /请输入有效日期/);
    assert.match(bad.body, /所选典型不在本季度的问题或已发布信息中/);
    assert.match(bad.body, /个别单位更新不及时/);
    const ok = await t.app.inject({ method: 'POST', url: `${BASE}/${ID}`, headers: { cookie: cookies['cixian.gkb']! }, payload: { ...form, _csrf: /gk_csrf=([^;]+)/.exec(cookies['cixian.gkb']!)![1], bad: 'problem:WT-2026-01-00002' } });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    const c = JSON.parse((await get().db.selectFrom('sv_bulletin').select('content_json').where('public_id', '=', ID).executeTakeFirstOrThrow()).content_json);
    assert.equal(c.docSerial, 3);
    assert.deepEqual(c.bad.map((e: { ref: string }) => e.ref), ['WT-2026-01-00002']);
    assert.deepEqual(c.good.map((e: { title: string }) => e.title), ['行政审批局办事指南完整']);
    assert.equal((await get().db.selectFrom('audit_log').selectAll().where('action', '=', 'supervision.bulletin_edit').execute()).length, 1);
  });

  test('the government itself (本级, not a ranked row): named in the examples, never by its code, and a line of its own in the annex so the rows add up to 合计', async () => {
    const db = get().db;
    await problem(db, 6, '130427', '2026-03-02', 'open', null, '县政府12345工单逾期');
    try {
      const page = await t.app.inject({ url: `${BASE}/${ID}`, headers: { cookie: cookies['cixian.gkb']! } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /磁县人民政府：县政府12345工单逾期（WT-2026-01-00006）/);
      assert.doesNotMatch(page.body, /130427：/);
      // the government's own problem is in 合计 and on a line of its own (本级), so the annex adds up
      assert.equal((await postForm(t.app, `${BASE}/${ID}/regenerate`, cookies['cixian.gkb']!)).statusCode, 303);
      const c = JSON.parse((await db.selectFrom('sv_bulletin').select('content_json').where('public_id', '=', ID).executeTakeFirstOrThrow()).content_json);
      assert.equal(c.own.name, '磁县人民政府（本级）');
      assert.equal(c.own.found, 1);
      assert.equal(c.rows.reduce((n: number, r: { found: number }) => n + r.found, 0) + c.own.found, c.totals.found);
      assert.equal(c.rows.reduce((n: number, r: { rectified: number }) => n + r.rectified, 0) + c.own.rectified, c.totals.rectified);
      const annex = await t.app.inject({ url: `${BASE}/${ID}`, headers: { cookie: cookies['cixian.gkb']! } });
      assert.match(annex.body, /<td>—<\/td><th scope="row">磁县人民政府（本级）<\/th><td>1<\/td>/);
    } finally {
      await db.deleteFrom('sv_problem').where('public_id', '=', 'WT-2026-01-00006').execute();
    }
  });

  test('frozen figures: a problem closed later does not change the reprint until regenerate', async () => {
    const db = get().db;
    const before = await t.app.inject({ url: `/api/v1/staff/supervision/bulletins/${ID}.docx`, headers: { authorization: bearer['cixian.gkb']! } });
    assert.equal(before.statusCode, 200);
    await db.updateTable('sv_problem').set({ state: 'closed', closed_on: '2026-03-20', open_key: null }).where('public_id', '=', 'WT-2026-01-00002').execute();
    const reprint = await t.app.inject({ url: `/api/v1/staff/supervision/bulletins/${ID}.docx`, headers: { authorization: bearer['cixian.gkb']! } });
    assert.ok(Buffer.compare(before.rawPayload, reprint.rawPayload) === 0, 'the same document byte for byte');
    const regen = await postForm(t.app, `${BASE}/${ID}/regenerate`, cookies['cixian.gkb']!);
    assert.equal(regen.statusCode, 303);
    const c = JSON.parse((await db.selectFrom('sv_bulletin').select('content_json').where('public_id', '=', ID).executeTakeFirstOrThrow()).content_json);
    assert.equal(c.rows.find((r: { code: string }) => r.code === '130427-mzj').rectified, 2);
    assert.equal(c.docSerial, 3, 'the editor\'s values are kept');
  });

  test('DOCX: 发文机关标志, 发文字号, 标题, 主送, headings, figure table, 附件 and date', async () => {
    const res = await t.app.inject({ url: `${BASE}/${ID}/docx`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /wordprocessingml/);
    const xml = documentXml(res.rawPayload);
    const text = xml.replace(/<[^>]+>/g, '');
    for (const s of ['磁县政务公开办', '磁公开办〔2026〕3号', '磁县政务公开办关于2026年第一季度政务公开工作情况的通报', '县直各部门：', '一、总体情况', '二、存在问题', '三、下一步工作',
      '民政局救助目录空白', '附件', '各单位政务公开工作情况统计表', '磁县民政局', '整改完成率', '按时公开率', '2026年4月8日']) assert.ok(text.includes(s), `document.xml has ${s}`);
    assert.match(xml, /C00000/, 'the red 版头');
  });

  test('publish: a disclosure draft of genre 通报 submitted to 保密审查 with the DOCX attached; the bulletin is then read-only, and published when the record is', async () => {
    const db = get().db;
    // an administrator over the office may edit the bulletin but holds no editing role for records: refused, nothing filed
    const byAdmin = await postForm(t.app, `${BASE}/${ID}/publish`, cookies.admin!);
    assert.equal(byAdmin.statusCode, 409);
    assert.match(byAdmin.body, /不能提交发布/);
    assert.equal((await db.selectFrom('disclosure').selectAll().where('genre', '=', 'bulletin').execute()).length, 0);
    const res = await postForm(t.app, `${BASE}/${ID}/publish`, cookies['cixian.gkb']!);
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const b = await db.selectFrom('sv_bulletin').selectAll().where('public_id', '=', ID).executeTakeFirstOrThrow();
    assert.equal(b.state, 'submitted');
    assert.ok(b.disclosure_ref);
    const d = await db.selectFrom('disclosure').selectAll().where('index_no', '=', b.disclosure_ref!).executeTakeFirstOrThrow();
    assert.equal(d.genre, 'bulletin');
    assert.equal(d.state, 'submitted');
    assert.equal(d.org_code, '130427-gkb');
    assert.equal(d.document_no, '磁公开办〔2026〕3号');
    assert.match(d.body_html, /一、总体情况/);
    assert.match(d.body_html, /<table>/);
    const att = await db.selectFrom('disclosure_attachment').selectAll().where('disclosure_id', '=', d.id).execute();
    assert.equal(att.length, 1);
    assert.equal(att[0]!.filename, `${ID}.docx`);
    const download = await t.app.inject({ url: `${BASE}/${ID}/docx`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(Buffer.compare(Buffer.from(att[0]!.content_base64, 'base64'), download.rawPayload), 0, 'the attachment is the document as downloaded');
    // the reviewer sees it waiting
    const review = await t.app.inject({ url: `/staff/disclosures/${d.id}`, headers: { cookie: cookies['cixian.reviewer']! } });
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /待保密审查/);
    // no more edits or a second publication
    const edit = await postForm(t.app, `${BASE}/${ID}/regenerate`, cookies['cixian.gkb']!);
    assert.equal(edit.statusCode, 409);
    const again = await postForm(t.app, `${BASE}/${ID}/publish`, cookies['cixian.gkb']!);
    assert.equal(again.statusCode, 409);
    assert.equal((await db.selectFrom('disclosure').selectAll().where('genre', '=', 'bulletin').execute()).length, 1);
    const page = await t.app.inject({ url: `${BASE}/${ID}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.match(page.body, /已提交保密审查/);
    // the record's workflow goes on as any record's: approved by the reviewer, published by the office — the bulletin follows
    const CLEAN = { state_secret: 'no', commercial_privacy: 'no', security_risk: 'no', internal_process: 'no', basis_sufficient: 'yes' };
    for (const [body, who] of [[{ type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.reviewer'], [{ type: 'publish' }, 'cixian.gkb']] as const) {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/staff/disclosures/${d.id}/actions`, headers: { authorization: bearer[who]! }, payload: body });
      assert.equal(r.statusCode, 200, r.body);
    }
    const list = await t.app.inject({ url: '/api/v1/staff/supervision/bulletins', headers: { authorization: bearer['cixian.gkb']! } });
    assert.equal(list.json().items[0].state, 'published');
    assert.equal((await db.selectFrom('sv_bulletin').select('state').where('public_id', '=', ID).executeTakeFirstOrThrow()).state, 'published');
    const pub = await t.app.inject({ url: `/openness/disclosures/${encodeURIComponent(b.disclosure_ref!)}` });
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /磁公开办〔2026〕3号/);
    assert.equal(pub.body.split('磁公开办〔2026〕3号').length - 1, 2, 'the 文号 in the record\'s table and under the title, not a third time in the body');
  });

  test('the next quarter\'s bulletin takes the office\'s 机关代字 and the next serial of the year', async () => {
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/staff/supervision/bulletins', headers: { authorization: bearer['cixian.gkb']! }, payload: { office: '130427-gkb', year: 2026, quarter: 2 } });
    assert.equal(made.statusCode, 201, made.body);
    const c = JSON.parse((await get().db.selectFrom('sv_bulletin').select('content_json').where('public_id', '=', 'TB2026Q2-130427-gkb').executeTakeFirstOrThrow()).content_json);
    assert.deepEqual([c.docPrefix, c.docSerial], ['磁公开办', 4]);
  });
}, withDemo);
