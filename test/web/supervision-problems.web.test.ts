// 问题清单 and 整改台账 over HTTP, on both dialects: the list in scope (a county office sees its
// county, the city office its counties, nobody another tree), the actions through the API with
// their events, audit rows and the open_key released, refusals (409 with a stable code and a
// Chinese message, nothing changed), the pages with the rectification form (evidence file checked by
// its bytes), errors → 400 with values kept, the XLSX ledger opened with exceljs, and the daily
// escalation job with the staff home page's counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { raiseProblem, type RaisedProblem } from '../support/problems.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { identityService } from '../../src/modules/identity/index.ts';
import { problemJobs } from '../../src/modules/supervision/index.ts';
import { docxBomb } from '../support/zip-bombs.ts';

const clock = fixedClock('2026-12-01T02:00:00Z');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG_AS_PDF = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

function multipart(fields: Record<string, string>, files: { name: string; bytes: Buffer }[]) {
  const b = '----gongkai-problems-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

forEachDialect('问题清单 and 整改台账 over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  let mzj: RaisedProblem; // 磁县民政局, raised by 磁县政务公开办
  let gkbOwn: RaisedProblem; // 磁县政务公开办's own problem (raised by the city office)
  let haizhu: RaisedProblem;
  let dueSoon: RaisedProblem; // not overdue on 2026-12-01
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const api = (u: string, url: string) => t.app.inject({ url, headers: bearer(u) });
  const actApi = (u: string, id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/staff/supervision/problems/${id}/actions`, headers: bearer(u), payload });
  const state = async (id: number) => get().db.selectFrom('sv_problem').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = async (id: number) => get().db.selectFrom('sv_problem_event').selectAll().where('problem_id', '=', id).orderBy('seq').execute();
  const audits = async (publicId: string) => get().db.selectFrom('audit_log').selectAll().where('entity_id', '=', publicId).execute();

  before(async () => {
    const db = get().db;
    t = await buildTestApp(get(), clock);
    const deps = { db, clock, sessionIdleMinutes: 120 };
    for (const [username, role, org] of [['mzj.editor', 'editor', '130427-mzj'], ['hz.gkb', 'supervisor', '440105-gkb'], ['mzj.reviewer', 'reviewer', '130427-mzj']] as const) {
      const r = await identityService.createUser(deps, { cli: true }, { username, displayName: username, role, orgCode: org, password: 'problems-password-2026' });
      assert.ok(r.ok, JSON.stringify(r));
    }
    for (const u of ['mzj.editor', 'hz.gkb', 'mzj.reviewer', 'cixian.gkb', 'handan.gkb', 'cixian.editor', 'longhua.admin']) {
      const user = await db.selectFrom('staff_user').select('id').where('username', '=', u).executeTakeFirstOrThrow();
      tokens[u] = await identityService.createApiToken(deps, { cli: true }, user.id, 'test');
    }
    for (const u of ['mzj.editor', 'hz.gkb']) cookies[u] = await signIn(t.app, u, 'problems-password-2026');
    for (const u of ['cixian.gkb', 'handan.gkb']) cookies[u] = await signIn(t.app, u);
    mzj = await raiseProblem(db, { org: '130427-mzj', office: '130427-gkb', title: '磁县民政局低保信息逾期公开' });
    gkbOwn = await raiseProblem(db, { org: '130427-gkb', office: '1304-gkb', title: '磁县政务公开办年报逾期发布', month: '2026-10', ruleCode: 'annual_report_late' });
    haizhu = await raiseProblem(db, { org: '440105-lsz', office: '440105-gkb', title: '海珠区来穗局政策解读缺失' });
    dueSoon = await raiseProblem(db, { org: '130427-mzj', office: '130427-gkb', title: '磁县民政局目录空项', foundOn: '2026-11-25', dueOn: '2026-12-09' });
  }, { timeout: 120_000 });
  after(async () => t.app.close());

  test('the list is scoped: county office its county, city office its counties, nobody another tree', async () => {
    // (the demo's own 月检查 raised problems too: the ids compared are this test's; every item's
    // organisation must lie in the caller's tree)
    const mine = () => new Set([mzj.publicId, gkbOwn.publicId, haizhu.publicId, dueSoon.publicId]);
    const TREE: Record<string, string> = { 'cixian.gkb': '130427', 'handan.gkb': '1304', 'mzj.editor': '130427-mzj', 'hz.gkb': '440105', 'longhua.admin': '440309' };
    const ids = async (u: string, q = '') => {
      const res = await api(u, `/api/v1/staff/supervision/problems${q}`);
      assert.equal(res.statusCode, 200, res.body);
      const items = (res.json() as { items: { id: string; org: string }[] }).items;
      for (const i of items) assert.ok(i.org.startsWith(TREE[u]!), `${u} sees ${i.id} of ${i.org}`);
      return items.map((i) => i.id).filter((id) => mine().has(id)).sort();
    };
    assert.deepEqual(await ids('cixian.gkb'), [mzj.publicId, gkbOwn.publicId, dueSoon.publicId].sort());
    assert.deepEqual(await ids('handan.gkb'), [mzj.publicId, gkbOwn.publicId, dueSoon.publicId].sort(), 'the city office sees 磁县');
    assert.deepEqual(await ids('mzj.editor'), [mzj.publicId, dueSoon.publicId].sort(), 'the department sees its own');
    assert.deepEqual(await ids('hz.gkb'), [haizhu.publicId], '海珠 sees only 海珠');
    assert.deepEqual(await ids('longhua.admin'), [], '龙华 sees nothing of either');
    assert.deepEqual(await ids('cixian.gkb', '?month=2026-10'), [gkbOwn.publicId]);
    assert.deepEqual(await ids('cixian.gkb', '?state=待整改&org=130427-mzj'), [mzj.publicId, dueSoon.publicId].sort(), 'state by its Chinese label');
    assert.deepEqual(await ids('cixian.gkb', '?overdue=1&org=130427-mzj'), [mzj.publicId]);
    const item = (await api('cixian.gkb', `/api/v1/staff/supervision/problems?org=130427-mzj&month=2026-11`)).json().items.find((i: { id: string }) => i.id === mzj.publicId);
    assert.equal(item.rule.code, 'disclosure_late');
    assert.equal(item.rule.title, '主动公开信息逾期公开', 'the shipped rule\'s title (rules.ts)');
    assert.equal(item.evidence_url, 'https://www.example.gov.cn/record/1');
    assert.equal(item.due_on, '2026-11-17');
    assert.equal(item.org, '130427-mzj');
    assert.equal(item.state_label, '待整改');
    // another tree's organisation, a bad month, an unknown state: refused in Chinese
    const foreign = await api('cixian.gkb', '/api/v1/staff/supervision/problems?org=440105');
    assert.equal(foreign.statusCode, 403);
    const badMonth = await api('cixian.gkb', '/api/v1/staff/supervision/problems?month=2026-13');
    assert.equal(badMonth.statusCode, 400);
    assert.equal(badMonth.json().code, 'invalid_month');
    const badState = await api('cixian.gkb', '/api/v1/staff/supervision/problems?state=whatever');
    assert.equal(badState.statusCode, 400);
    assert.match(badState.json().message, /待整改/);
    // a foreign problem's page and API: 403, nothing of it shown
    const other = await api('cixian.gkb', `/api/v1/staff/supervision/problems/${haizhu.publicId}`);
    assert.equal(other.statusCode, 403);
    assert.ok(!other.body.includes('海珠区来穗局'));
    assert.equal((await api('hz.gkb', `/api/v1/staff/supervision/problems/${mzj.publicId}`)).statusCode, 403);
    assert.equal((await api('cixian.gkb', '/api/v1/staff/supervision/problems/WT-2026-11-99999')).statusCode, 404);
  });

  test('refusals: 409 with a stable code and a Chinese message, nothing changed', async () => {
    const before = { row: await state(mzj.id), events: (await events(mzj.id)).length, audits: (await audits(mzj.publicId)).length };
    const cases: [string, Record<string, unknown>, string][] = [
      ['mzj.editor', { action: 'rectify', on: '2026-11-02', measures: '已补充发布' }, 'problem_date_before_finding'],
      ['mzj.editor', { action: '整改', on: '2026-12-02', measures: '已补充发布' }, 'problem_date_in_future'],
      ['mzj.editor', { action: 'rectify', on: '2026-11-10', measures: '' }, 'problem_measures_required'],
      ['cixian.gkb', { action: 'verify', on: '2026-11-10', note: '' }, 'problem_not_rectified'],
      ['mzj.editor', { action: 'dismiss', on: '2026-11-10', reason: '不是问题' }, 'problem_self_verify'],
    ];
    for (const [u, body, code] of cases) {
      const res = await actApi(u, mzj.publicId, body);
      assert.equal(res.statusCode, 409, `${code}: ${res.body}`);
      const j = res.json() as { code: string; message: string; reasons: string[] };
      assert.equal(j.code, code);
      assert.match(j.message, /[\u4e00-\u9fff]/);
      assert.ok(j.reasons.length >= 1);
    }
    const unknown = await actApi('mzj.editor', mzj.publicId, { action: 'approve', on: '2026-11-10' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().message, /整改/);
    assert.equal((await actApi('mzj.reviewer', mzj.publicId, { action: 'rectify', on: '2026-11-10', measures: 'x' })).statusCode, 403, 'a reviewer may not act');
    assert.equal((await actApi('hz.gkb', mzj.publicId, { action: 'verify', on: '2026-11-10' })).statusCode, 403, 'another tree');
    assert.deepEqual({ row: await state(mzj.id), events: (await events(mzj.id)).length, audits: (await audits(mzj.publicId)).length }, before);
  });

  test('rectify → self-verify refused → reject → rectify → verify by the office: events, audit, open_key released', async () => {
    const r1 = await actApi('mzj.editor', mzj.publicId, { action: 'rectify', on: '2026-11-10', measures: '已在「低保信息」栏目补充发布', evidence: '见链接', links: ['https://www.cixian.gov.cn/dibao/2026-11.html'] });
    assert.equal(r1.statusCode, 200, r1.body);
    assert.equal(r1.json().state, 'rectified');
    // the responsible county government's editor is the organisation itself, not the office
    const self = await actApi('cixian.editor', mzj.publicId, { action: 'verify', on: '2026-11-12', note: '' });
    assert.equal(self.statusCode, 409);
    assert.equal(self.json().code, 'problem_self_verify');
    const rej = await actApi('cixian.gkb', mzj.publicId, { action: '退回整改', on: '2026-11-12', reason: '链接打不开' });
    assert.equal(rej.statusCode, 200, rej.body);
    assert.equal(rej.json().state, 'rejected');
    assert.equal((await actApi('mzj.editor', mzj.publicId, { action: 'rectify', on: '2026-11-14', measures: '重新发布并修复链接' })).statusCode, 200);
    const ok = await actApi('cixian.gkb', mzj.publicId, { action: 'verify', on: '2026-11-16', note: '已核实，同意销号' });
    assert.equal(ok.statusCode, 200, ok.body);
    const row = await state(mzj.id);
    assert.equal(row.state, 'closed');
    assert.equal(row.closed_on, '2026-11-16');
    assert.equal(row.open_key, null);
    assert.equal(row.measures, '重新发布并修复链接');
    assert.equal(row.verify_note, '已核实，同意销号');
    assert.deepEqual((await events(mzj.id)).map((e) => [e.seq, e.kind]), [[1, 'raised'], [2, 'rectified'], [3, 'rejected'], [4, 'rectified'], [5, 'verified']]);
    assert.deepEqual((await audits(mzj.publicId)).map((a) => a.action).sort(), ['supervision_problem_rectify', 'supervision_problem_rectify', 'supervision_problem_reject', 'supervision_problem_verify'].sort());
    // closed: no more actions; the same finding may be raised again (open_key free)
    const again = await actApi('mzj.editor', mzj.publicId, { action: 'rectify', on: '2026-11-20', measures: '再次整改' });
    assert.equal(again.json().code, 'problem_finished');
    const reraised = await raiseProblem(get().db, { org: '130427-mzj', office: '130427-gkb', title: '磁县民政局低保信息逾期公开（复发）', fingerprint: mzj.fingerprint });
    assert.equal((await state(reraised.id)).open_key, mzj.fingerprint);
    // while one is open, the unique open_key refuses a second
    await assert.rejects(raiseProblem(get().db, { org: '130427-mzj', office: '130427-gkb', title: '重复', fingerprint: mzj.fingerprint }));
    const detail = (await api('cixian.gkb', `/api/v1/staff/supervision/problems/${mzj.publicId}`)).json();
    assert.equal(detail.events.length, 5);
    assert.equal(detail.events[2].data.reason, '链接打不开');
  });

  test('the city office verifies the county office\'s own problem; the county office may not', async () => {
    assert.equal((await actApi('cixian.gkb', gkbOwn.publicId, { action: 'rectify', on: '2026-11-05', measures: '已发布2025年年报' })).statusCode, 200);
    const self = await actApi('cixian.gkb', gkbOwn.publicId, { action: 'verify', on: '2026-11-06' });
    assert.equal(self.json().code, 'problem_self_verify');
    const city = await actApi('handan.gkb', gkbOwn.publicId, { action: 'verify', on: '2026-11-06', note: '市办复核通过' });
    assert.equal(city.statusCode, 200, city.body);
    assert.equal((await state(gkbOwn.id)).state, 'closed');
  });

  test('pages: the list, the problem, the rectification form with an evidence file (400 with values kept on bad input), the office\'s forms', async () => {
    const p = await raiseProblem(get().db, { org: '130427-mzj', office: '130427-gkb', title: '磁县民政局政策解读缺失' });
    const list = await t.app.inject({ url: '/staff/supervision/problems?org=130427-mzj', headers: { cookie: cookies['mzj.editor']! } });
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(p.publicId));
    assert.ok(list.body.includes('/staff/supervision/ledger.xlsx?org=130427-mzj'));
    const badList = await t.app.inject({ url: '/staff/supervision/problems?month=11', headers: { cookie: cookies['mzj.editor']! } });
    assert.equal(badList.statusCode, 400);
    assert.ok(badList.body.includes('检查月份应为 YYYY-MM 格式'));
    assert.ok(badList.body.includes('value="11"'));
    const page = await t.app.inject({ url: `/staff/supervision/problems/${p.publicId}`, headers: { cookie: cookies['mzj.editor']! } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('报送整改'));
    assert.ok(page.body.includes('https://www.example.gov.cn/record/1'));
    assert.ok(!page.body.includes('复核通过（销号）'), 'the organisation gets no verify form');
    const url = `/staff/supervision/problems/${p.publicId}/actions`;
    const fields = (extra: Record<string, string>) => ({ _csrf: /gk_csrf=([^;]+)/.exec(cookies['mzj.editor']!)![1]!, action: 'rectify', measures: '已补充发布政策解读', evidence: '解读已上线', links: 'https://www.cixian.gov.cn/jd/1.html', ...extra });
    // dated before the finding: 400, the measures kept, nothing saved
    const bad = multipart(fields({ rectify_on: '2026-11-01' }), [{ name: '佐证.pdf', bytes: PDF }]);
    const r400 = await t.app.inject({ method: 'POST', url, headers: { ...bad.headers, cookie: cookies['mzj.editor']! }, payload: bad.payload });
    assert.equal(r400.statusCode, 400);
    assert.ok(r400.body.includes('早于发现问题的日期 2026-11-03'));
    assert.ok(r400.body.includes('已补充发布政策解读'));
    assert.match(r400.body, /<title>错误：/);
    // a PNG named .pdf, and a zip bomb: refused, nothing saved
    const mismatch = multipart(fields({ rectify_on: '2026-11-10' }), [{ name: '佐证.pdf', bytes: PNG_AS_PDF }]);
    const r415 = await t.app.inject({ method: 'POST', url, headers: { ...mismatch.headers, cookie: cookies['mzj.editor']! }, payload: mismatch.payload });
    assert.equal(r415.statusCode, 400);
    assert.ok(r415.body.includes('扩展名不符') || r415.body.includes('不是可接受的类型'), r415.body.slice(0, 300));
    const bomb = multipart(fields({ rectify_on: '2026-11-10' }), [{ name: '佐证.docx', bytes: docxBomb(300) }]);
    const r413 = await t.app.inject({ method: 'POST', url, headers: { ...bomb.headers, cookie: cookies['mzj.editor']! }, payload: bomb.payload });
    assert.equal(r413.statusCode, 413);
    assert.ok(r413.body.includes('压缩炸弹'));
    assert.equal((await events(p.id)).length, 1);
    assert.equal(Number((await get().db.selectFrom('sv_problem_file').select((eb) => eb.fn.countAll<number>().as('n')).where('problem_id', '=', p.id).executeTakeFirstOrThrow()).n), 0);
    // the real thing
    const good = multipart(fields({ rectify_on: '2026-11-10' }), [{ name: '佐证.pdf', bytes: PDF }]);
    const r303 = await t.app.inject({ method: 'POST', url, headers: { ...good.headers, cookie: cookies['mzj.editor']! }, payload: good.payload });
    assert.equal(r303.statusCode, 303, r303.body.slice(0, 300));
    const file = await get().db.selectFrom('sv_problem_file').selectAll().where('problem_id', '=', p.id).executeTakeFirstOrThrow();
    assert.equal(file.kind, 'evidence');
    assert.equal(file.media_type, 'application/pdf');
    const dl = await t.app.inject({ url: `/staff/supervision/problems/${p.publicId}/files/${file.public_id}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(dl.statusCode, 200);
    assert.deepEqual(dl.rawPayload, PDF);
    assert.equal((await t.app.inject({ url: `/staff/supervision/problems/${p.publicId}/files/${file.public_id}`, headers: { cookie: cookies['hz.gkb']! } })).statusCode, 403);
    // the office: verify form with an empty reason on reject → 400, then verify → 303
    const officePage = await t.app.inject({ url: `/staff/supervision/problems/${p.publicId}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.ok(officePage.body.includes('复核通过（销号）'));
    assert.ok(officePage.body.includes('佐证.pdf'));
    const csrf = /gk_csrf=([^;]+)/.exec(cookies['cixian.gkb']!)![1]!;
    const rej = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['cixian.gkb']! }, payload: { _csrf: csrf, action: 'reject', reject_on: '2026-11-12', reject_reason: '' } });
    assert.equal(rej.statusCode, 400);
    assert.ok(rej.body.includes('请写明退回的理由'));
    const ver = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['cixian.gkb']! }, payload: { _csrf: csrf, action: 'verify', verify_on: '2026-11-12', note: '核实无误' } });
    assert.equal(ver.statusCode, 303);
    assert.equal((await state(p.id)).state, 'closed');
  });

  test('the rectification form: a broken multipart body, too many files, no action — 400 with a Chinese message, nothing saved', async () => {
    const p = await raiseProblem(get().db, { org: '130427-mzj', office: '130427-gkb', title: '磁县民政局测试上传' });
    const url = `/staff/supervision/problems/${p.publicId}/actions`;
    const csrf = /gk_csrf=([^;]+)/.exec(cookies['mzj.editor']!)![1]!;
    const good = multipart({ _csrf: csrf, action: 'rectify', rectify_on: '2026-11-10', measures: '整改' }, [{ name: 'a.pdf', bytes: PDF }]);
    for (const [label, headers, payload] of [
      ['no boundary', { 'content-type': 'multipart/form-data' }, good.payload],
      ['truncated', good.headers, good.payload.subarray(0, good.payload.length - 30)],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url, headers: { ...headers, cookie: cookies['mzj.editor']! }, payload });
      assert.equal(res.statusCode, 400, label);
      assert.match(res.body, /上传的表单数据不完整或格式有误/, label);
    }
    const six = multipart({ _csrf: csrf, action: 'rectify', rectify_on: '2026-11-10', measures: '整改' }, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, bytes: PDF })));
    const many = await t.app.inject({ method: 'POST', url, headers: { ...six.headers, cookie: cookies['mzj.editor']! }, payload: six.payload });
    assert.equal(many.statusCode, 400);
    assert.match(many.body, /附件最多 5 个/);
    const none = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['mzj.editor']! }, payload: { _csrf: csrf, rectify_on: '2026-11-10' } });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请选择操作/);
    assert.equal((await events(p.id)).length, 1);
    assert.equal((await state(p.id)).state, 'open');
  });

  test('整改台账 XLSX (page and API): title row with the scope, the offices\' header row, one row per problem', async () => {
    const res = await api('cixian.gkb', '/api/v1/staff/supervision/ledger.xlsx?org=130427-mzj&month=2026-11');
    assert.equal(res.statusCode, 200, res.body.slice(0, 200));
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.match(String(ws.getCell(1, 1).value), /磁县民政局政务公开问题整改台账（2026年11月检查）/);
    assert.match(String(ws.getCell(2, 1).value), /导出日期：2026-12-01/);
    assert.deepEqual((ws.getRow(3).values as unknown[]).slice(1), ['序号', '问题', '责任单位', '整改措施', '整改时限', '完成情况', '复核意见']);
    const rows = [];
    for (let r = 4; r <= ws.rowCount; r++) rows.push((ws.getRow(r).values as unknown[]).slice(1).map(String));
    const closed = rows.find((r) => r[1]!.includes(mzj.publicId));
    assert.ok(closed, 'the closed problem is in the ledger');
    assert.equal(closed[2], '磁县民政局');
    assert.equal(closed[3], '重新发布并修复链接');
    assert.equal(closed[4], '2026-11-17');
    assert.match(closed[5]!, /已销号（2026-11-16）/);
    assert.equal(closed[6], '已核实，同意销号');
    assert.ok(!rows.some((r) => r.join('').includes('海珠')));
    // the page export is the same file for a staff session; another tree's org is refused
    const page = await t.app.inject({ url: '/staff/supervision/ledger.xlsx?org=130427-mzj', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 200);
    assert.equal((await t.app.inject({ url: '/staff/supervision/ledger.xlsx?org=130427-mzj', headers: { cookie: cookies['hz.gkb']! } })).statusCode, 403);
  });

  test('the daily job escalates overdue problems once; both staff home pages show the counts', async () => {
    const [job] = problemJobs({ db: get().db, clock });
    const fresh = await raiseProblem(get().db, { org: '130427-mzj', office: '130427-gkb', title: '磁县民政局规范性文件失效未标注' });
    await job!.run();
    const row = await state(fresh.id);
    assert.equal(row.escalated_on, '2026-12-01');
    assert.equal((await events(fresh.id)).at(-1)!.kind, 'escalated');
    assert.equal((await state(dueSoon.id)).escalated_on, null, 'not yet due');
    assert.equal((await state(haizhu.id)).escalated_on, '2026-12-01', 'every tree');
    const n = (await events(fresh.id)).length;
    await job!.run();
    assert.equal((await events(fresh.id)).length, n, 'not escalated twice');
    // home pages: the department's overdue count, the city office's overdue in its subtree
    const home = await t.app.inject({ url: '/staff', headers: { cookie: cookies['mzj.editor']! } });
    assert.ok(home.body.includes('整改逾期的问题'), 'the responsible organisation\'s block');
    // each count equals the rows of the list it links to
    for (const [who, body] of [['mzj.editor', home.body], ['cixian.gkb', (await t.app.inject({ url: '/staff', headers: { cookie: cookies['cixian.gkb']! } })).body]] as const) {
      const counts = [...body.matchAll(/<a href="(\/staff\/supervision\/problems[^"]*)"><span class="work-count__label">([^<]+)<\/span> <span class="work-count__n">(\d+) 件/g)];
      assert.ok(counts.length >= 2, `${who}: ${counts.length} counts`);
      for (const [, href, lbl, n] of counts) {
        const list = await t.app.inject({ url: href!.replace(/&amp;/g, '&'), headers: { cookie: cookies[who]! } });
        const rows = (/<tbody>([\s\S]*?)<\/tbody>/.exec(list.body)?.[1] ?? '').match(/<tr>/g)?.length ?? 0;
        assert.equal(rows, Number(n), `${who}: ${lbl} → ${href}`);
      }
    }
    assert.match(home.body, /整改逾期的问题<\/span> <span class="work-count__n">[1-9]/, 'the department has overdue problems');
    const city = await t.app.inject({ url: '/staff', headers: { cookie: cookies['handan.gkb']! } });
    assert.ok(city.body.includes('所督查范围内逾期的问题'), 'the office\'s block');
    assert.ok(city.body.includes('/staff/supervision/problems'));
    const escalated = (await api('handan.gkb', '/api/v1/staff/supervision/problems?overdue=1')).json().items as { id: string; escalated_on: string | null }[];
    assert.ok(escalated.some((i) => i.id === fresh.publicId && i.escalated_on === '2026-12-01'));
  });
}, withDemo);
