// Community and village boards (issue 16 item 8) on SQLite and PostgreSQL: the public board, post
// page and print view of the demo's 磁县 village and 海珠 community; staff forms and API with the
// table templates — a negative amount or a non-numeric cell is refused naming the row and column,
// the form keeps its values, nothing is saved, and publishing is one transaction (all or nothing);
// every write audited and scoped to the caller's organisation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import ExcelJS from 'exceljs';
import { xlsxBomb } from '../support/zip-bombs.ts';
import { MAX_ROWS } from '../../src/modules/boards/board-templates.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const VILLAGE = '130427100205'; // 纪庄村村民委员会
const COMMUNITY = '440105001101'; // 下渡社区居委会

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const b = '----gongkai-boards-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${b}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${b}` };
}

forEachDialect('community and village boards', (get) => {
  let t: TestApp;
  let editor: string; // cixian.editor: editor over 磁县
  let reviewer: string;
  let bearer: { authorization: string };
  let hzBearer: { authorization: string };
  const count = async () => Number((await get().db.selectFrom('board_post').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const audits = async (action: string) => (await get().db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

  before(async () => {
    t = await buildTestApp(get(), clock);
    editor = await signIn(t.app, 'cixian.editor');
    reviewer = await signIn(t.app, 'cixian.reviewer');
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    bearer = { authorization: `Bearer ${await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, 'cixian.editor'))!.id, 'test')}` };
    const hz = await identityService.createUser(deps, { cli: true }, { username: 'hz.editor', displayName: '海珠编辑', role: 'editor', orgCode: '440105', password: 'boards-password-2026' });
    assert.ok(hz.ok);
    hzBearer = { authorization: `Bearer ${await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, 'hz.editor'))!.id, 'test')}` };
  });
  after(async () => t.app.close());

  test('the public board of a village shows the 公开栏 columns, of a community the 基层通 content types, with their latest posts', async () => {
    const index = await t.app.inject({ url: '/boards' });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /纪庄村村民委员会/);
    assert.match(index.body, /下渡社区居委会/);

    const village = await t.app.inject({ url: `/boards/${VILLAGE}` });
    assert.equal(village.statusCode, 200);
    for (const c of ['财务收支', '救助和补贴发放', '土地流转和征收补偿', '惠农补贴']) assert.ok(village.body.includes(`>${c}</h2>`), c);
    assert.match(village.body, /纪庄村2025年第四季度财务收支公开/);
    assert.match(village.body, /监督电话：0310-2300000/);
    // the land post is a draft in the demo: not on the public board
    assert.doesNotMatch(village.body, /纪庄村2025年土地流转情况公示/);

    const community = await t.app.inject({ url: `/boards/${COMMUNITY}` });
    for (const c of ['政策法规', '脱贫攻坚/乡村振兴', '社区会议', '党务', '村务', '财务收支', '民生保障', '办事服务']) assert.ok(community.body.includes(`>${c}</h2>`), c);
    assert.match(community.body, /下渡社区2026年1月居民议事会会议情况/);

    const column = await t.app.inject({ url: `/boards/${VILLAGE}?column=${encodeURIComponent('救助和补贴发放')}` });
    assert.equal(column.statusCode, 200);
    assert.match(column.body, /纪庄村2025年12月救助和补贴发放情况/);
    assert.equal((await t.app.inject({ url: `/boards/${VILLAGE}?column=nonsense` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/boards/130427' })).statusCode, 404); // a county has no board
    const api = (await t.app.inject({ url: `/api/v1/boards/${COMMUNITY}` })).json();
    assert.equal(api.org.kind.label, '社区公开（基层通）');
    assert.deepEqual(api.columns.map((c: { label: string }) => c.label), ['政策法规', '脱贫攻坚/乡村振兴', '社区会议', '党务', '村务', '财务收支', '民生保障', '办事服务']);
    assert.match(api.columns.find((c: { code: string }) => c.code === 'community_meeting').posts[0].id, /^440105001101-\d{4}-\d{3}$/);
    assert.equal((await t.app.inject({ url: '/boards/999999999999' })).statusCode, 404);
  });

  test('a post page shows the table with totals and names masked; the print view has no navigation and carries 公开日期 and 监督电话', async () => {
    const post = await get().db.selectFrom('board_post').selectAll().where('org_code', '=', VILLAGE).where('column_code', '=', 'relief_subsidy').executeTakeFirstOrThrow();
    const page = await t.app.inject({ url: `/boards/${VILLAGE}/posts/${post.post_no}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /李\*英/);
    assert.doesNotMatch(page.body, /李桂英|张建华/);
    assert.match(page.body, /3,288\.00/); // 1230 + 1058 + 820 + 180
    assert.match(page.body, /公开日期/);

    const print = await t.app.inject({ url: `/boards/${VILLAGE}/posts/${post.post_no}/print?size=a3` });
    assert.equal(print.statusCode, 200);
    assert.doesNotMatch(print.body, /site-nav|site-footer/);
    assert.match(print.body, /boards-print\.css/);
    assert.match(print.body, /sheet-a3/);
    assert.match(print.body, /纪庄村村民委员会/);
    assert.match(print.body, /公开日期：2026-01-06/);
    assert.match(print.body, /监督电话：0310-2300000/);
    assert.match(print.body, /李\*英/);
    assert.doesNotMatch(print.body, /李桂英/);

    const css = await t.app.inject({ url: '/assets/boards/boards-print.css' });
    assert.equal(css.statusCode, 200);
    assert.match(css.body, /@page \{ size: A4 landscape/);
    assert.match(css.body, /size: A3 landscape/);

    const api = await t.app.inject({ url: `/api/v1/boards/${VILLAGE}/posts/${post.post_no}` });
    assert.equal(api.statusCode, 200);
    const json = api.json();
    assert.equal(json.id, `${VILLAGE}-${post.post_no}`);
    assert.equal(json.rows[1].name, '李*英');
    assert.equal(json.totals.amount, '3288.00');
    assert.doesNotMatch(api.body, /"id":\s*\d+[,}]/); // no row id
  });

  test('the form refuses a non-numeric and a negative amount naming row and column, keeps the values, saves nothing', async () => {
    const before = await count();
    const res = await postForm(t.app, '/staff/boards', editor, {
      org: VILLAGE, column: 'finance', title: '纪庄村2026年2月财务收支公开', period: '2026-02', body: '', row_count: '3', intent: 'save',
      c_1_date: '2026-02-03', c_1_item: '办公用品', c_1_expense: '120.50', c_1_handler: '王丽娟',
      c_2_date: '2026-02-10', c_2_item: '路灯维修', c_2_expense: '-300', c_2_handler: '李建军',
      c_3_date: '2026-02-18', c_3_item: '保洁费', c_3_expense: '三百元', c_3_handler: '李建军',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /第2行“支出（元）”不能为负数/);
    assert.match(res.body, /第3行“支出（元）”不是金额/);
    assert.match(res.body, /href="#c_3_expense"/);
    assert.match(res.body, /value="三百元"/);
    assert.match(res.body, /value="-300"/);
    assert.match(res.body, /value="纪庄村2026年2月财务收支公开"/);
    assert.equal(await count(), before);
  });

  test('a form table longer than the limit is refused whole with the values kept, never saved cut short', async () => {
    const before = await count();
    const cells: Record<string, string> = {};
    for (let i = 1; i <= MAX_ROWS + 1; i++) Object.assign(cells, { [`c_${i}_date`]: '2026-02-03', [`c_${i}_item`]: `第${i}笔`, [`c_${i}_expense`]: '1', [`c_${i}_handler`]: '王丽娟' });
    const res = await postForm(t.app, '/staff/boards', editor, {
      org: VILLAGE, column: 'finance', title: '超长表格', period: '2026-02', row_count: String(MAX_ROWS + 1), intent: 'save', ...cells,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, new RegExp(`表格不能超过 ${MAX_ROWS} 行`));
    assert.match(res.body, /href="#rows"/);
    assert.match(res.body, new RegExp(`value="第${MAX_ROWS + 1}笔"`));
    assert.equal(await count(), before);
  });

  test('rows are added without script; a good form saves a draft, publishing makes it public with who and when, all audited', async () => {
    const more = await postForm(t.app, '/staff/boards', editor, { org: VILLAGE, column: '财务收支', title: '草稿', period: '2026-02', row_count: '2', intent: 'add_rows', c_1_item: '保留的值' });
    assert.equal(more.statusCode, 200);
    assert.match(more.body, /name="row_count" value="7"/);
    assert.match(more.body, /value="保留的值"/);

    const before = { create: await audits('board.create'), publish: await audits('board.publish') };
    const res = await postForm(t.app, '/staff/boards', editor, {
      org: VILLAGE, column: 'finance', title: '纪庄村2026年2月财务收支公开', period: '2026年2月', row_count: '7', intent: 'save',
      c_1_date: '2026-02-03', c_1_item: '办公用品', c_1_expense: '120.50', c_1_handler: '王丽娟',
      c_4_date: '2026/2/10', c_4_item: '上级拨款', c_4_income: '5,000', c_4_handler: '王丽娟',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const id = String(res.headers.location).match(/\/staff\/boards\/(\d+)/)![1]!;
    const row = await get().db.selectFrom('board_post').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
    assert.equal(row.state, 'draft');
    assert.equal(row.period, '2026-02');
    assert.deepEqual(JSON.parse(row.rows_json).map((r: Record<string, string>) => [r.date, r.income, r.expense]), [['2026-02-03', '', '120.50'], ['2026-02-10', '5000.00', '']]);
    assert.equal((await t.app.inject({ url: `/boards/${VILLAGE}/posts/${row.post_no}` })).statusCode, 404); // a draft is not public

    // a reviewer has no board role
    assert.equal((await postForm(t.app, `/staff/boards/${id}/publish`, reviewer)).statusCode, 403);
    const pub = await postForm(t.app, `/staff/boards/${id}/publish`, editor);
    assert.equal(pub.statusCode, 303);
    const after = await get().db.selectFrom('board_post').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
    assert.equal(after.state, 'published');
    assert.equal(after.published_on, '2026-03-02');
    assert.equal(after.published_by, '磁县信息编辑');
    const page = await t.app.inject({ url: `/boards/${VILLAGE}/posts/${row.post_no}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /4,879\.50/); // 收入 5000 − 支出 120.50
    assert.deepEqual({ create: await audits('board.create'), publish: await audits('board.publish') }, { create: before.create + 1, publish: before.publish + 1 });
    const entries = await get().db.selectFrom('audit_log').select(['action', 'org_code', 'actor_label']).where('entity', '=', 'board_post').where('entity_id', '=', id).orderBy('id').execute();
    assert.deepEqual(entries.map((e) => [e.action, e.org_code]), [['board.create', VILLAGE], ['board.publish', VILLAGE]]);
    assert.match(entries[1]!.actor_label, /cixian\.editor/);

    // once published it is not edited (a correction is a new post) and not published twice
    assert.equal((await postForm(t.app, `/staff/boards/${id}`, editor, { title: '改' })).statusCode, 409);
    assert.equal((await postForm(t.app, `/staff/boards/${id}/publish`, editor)).statusCode, 409);
    const withdrawn = await postForm(t.app, `/staff/boards/${id}/withdraw`, editor);
    assert.equal(withdrawn.statusCode, 303);
    assert.equal((await t.app.inject({ url: `/boards/${VILLAGE}/posts/${row.post_no}` })).statusCode, 404);
  });

  test('the API accepts a column by code or label, refuses bad cells with 400 naming each, publishing with 409 and nothing half published', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/staff/boards/posts', headers: bearer, payload: {
      org: VILLAGE, column: '救助和补贴发放', title: '2026年2月救助发放', period: '2026年2月',
      rows: [{ name: '张三', category: '城乡低保', amount: 800, month: '2026-02' }, { name: '李四', category: '城乡低保', amount: -5, month: '2026-02' }, { name: '王五', category: '临时救助', amount: 'abc', month: '2026-02' }],
    } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'board_invalid');
    assert.deepEqual(bad.json().reasons, ['第2行“金额（元）”不能为负数', '第3行“金额（元）”不是金额']);

    const before = await count();
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/staff/boards/posts', headers: bearer, payload: { org: VILLAGE, column: 'agri_subsidy', title: '2026年惠农补贴', period: '2026年度', rows: [] } });
    assert.equal(empty.statusCode, 201, empty.body);
    assert.equal(empty.json().column.label, '惠农补贴');
    assert.equal(await count(), before + 1);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/staff/boards/posts/${empty.json().id}/publish`, headers: bearer });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'board_publish_refused');
    assert.deepEqual(refused.json().reasons, ['“惠农补贴”栏目须有表格内容']);
    const still = await get().db.selectFrom('board_post').select(['state', 'published_at']).where('id', '=', empty.json().id).executeTakeFirstOrThrow();
    assert.deepEqual(still, { state: 'draft', published_at: null });

    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/staff/boards/posts/${empty.json().id}`, headers: bearer, payload: { title: '2026年惠农补贴', period: '2026年度', rows: [{ name: '刘振国', project: '耕地地力保护补贴', area: '10', rate: '118', amount: '1180', paid_on: '2026-02-20' }] } });
    assert.equal(put.statusCode, 200, put.body);
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/staff/boards/posts/${empty.json().id}/publish`, headers: bearer });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().state, 'published');
    const pub = await t.app.inject({ url: String(ok.json().public_url) });
    assert.match(pub.body, /刘\*国/);

    // the other county's village: refused before anything is checked or written
    const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/staff/boards/posts', headers: hzBearer, payload: { org: VILLAGE, column: 'policy', title: 'x', body: 'y' } });
    assert.equal(foreign.statusCode, 403);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/staff/boards/posts', headers: bearer, payload: { org: VILLAGE, column: '公告', title: 'x', body: 'y' } });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().code, 'board_column_invalid');
  });

  test('an ID number or mobile number typed into a post\'s title or text is masked on every public page and in the public API', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/staff/boards/posts', headers: hzBearer, payload: {
      org: COMMUNITY, column: '民生保障', title: '居民130427199001011234临时救助公示', body: '联系人电话13812345678，身份证130427199001011234。',
    } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().title, '居民130427199001011234临时救助公示'); // the staff see what they typed
    const pub = await t.app.inject({ method: 'POST', url: `/api/v1/staff/boards/posts/${created.json().id}/publish`, headers: hzBearer });
    assert.equal(pub.statusCode, 200, pub.body);
    const url = pub.json().public_url as string;
    for (const u of [url, `${url}/print`, `/boards/${COMMUNITY}`, `/boards/${COMMUNITY}?column=livelihood`, `/api/v1/boards/${COMMUNITY}`, `/api/v1${url}`]) {
      const res = await t.app.inject({ url: u });
      assert.equal(res.statusCode, 200, u);
      assert.doesNotMatch(res.body, /130427199001011234|13812345678/, u);
      assert.match(res.body, /130427\*{8}1234/, u);
    }
  });

  test('the staff list pages through every post in scope: none is out of reach past the first page', async () => {
    const deps = { db: get().db, clock };
    const { findBoardOrg, createPost } = await import('../../src/modules/boards/boards.service.ts');
    const org = (await findBoardOrg(get().db, VILLAGE))!;
    for (let i = 1; i <= 60; i++) await createPost(deps, { cli: true }, org, 'village_affairs', { title: `分页测试第${i}条`, period: '', body: '正文', rows: [] });
    const first = await t.app.inject({ url: '/staff/boards?state=draft', headers: { cookie: editor } });
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /分页测试第60条/); // newest first
    assert.match(first.body, /href="\/staff\/boards\?state=draft&amp;page=2"/);
    const second = await t.app.inject({ url: '/staff/boards?state=draft&page=2', headers: { cookie: editor } });
    assert.match(second.body, /分页测试第1条</);
    assert.doesNotMatch(second.body, /分页测试第60条/);
    // past the end: the last page
    const past = await t.app.inject({ url: '/staff/boards?state=draft&page=999', headers: { cookie: editor } });
    assert.equal(past.statusCode, 200);
    assert.match(past.body, /分页测试第1条</);
  });

  test('the print view prints the post\'s address with a checked host: a forged Host header is a 400, never printed', async () => {
    const post = await get().db.selectFrom('board_post').select('post_no').where('org_code', '=', VILLAGE).where('state', '=', 'published').executeTakeFirstOrThrow();
    const url = `/boards/${VILLAGE}/posts/${post.post_no}/print`;
    const good = await t.app.inject({ url, headers: { host: 'gk.example.gov.cn' } });
    assert.equal(good.statusCode, 200);
    assert.match(good.body, new RegExp(`http://gk\\.example\\.gov\\.cn/boards/${VILLAGE}/posts/${post.post_no}`));
    for (const host of ['evil.example"><x y="', 'a b.example', 'gk.example/evil']) {
      const res = await t.app.inject({ url, headers: { host } });
      assert.equal(res.statusCode, 400, host);
      assert.ok(!res.body.includes(host.slice(0, 12)), host);
      assert.match(res.body, /主机名/);
    }
  });

  test('the notice after a redirect shows only the platform\'s own messages, never a crafted link\'s text', async () => {
    const post = await get().db.selectFrom('board_post').select('id').where('org_code', '=', VILLAGE).executeTakeFirstOrThrow();
    const own = await t.app.inject({ url: `/staff/boards/${post.id}?done=${encodeURIComponent('已保存草稿')}`, headers: { cookie: editor } });
    assert.match(own.body, /已保存草稿/);
    const imported = await t.app.inject({ url: `/staff/boards/${post.id}?done=${encodeURIComponent('已导入 12 行')}`, headers: { cookie: editor } });
    assert.match(imported.body, /已导入 12 行/);
    const forged = '已发布。系统升级，请将密码发送至 fake@example.com';
    for (const url of [`/staff/boards/${post.id}`, '/staff/boards']) {
      const res = await t.app.inject({ url: `${url}?done=${encodeURIComponent(forged)}`, headers: { cookie: editor } });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /fake@example\.com/, url);
    }
  });

  test('staff see and write only their own county\'s boards', async () => {
    const hzPost = await get().db.selectFrom('board_post').select('id').where('org_code', '=', COMMUNITY).executeTakeFirstOrThrow();
    assert.equal((await t.app.inject({ url: `/staff/boards/${hzPost.id}`, headers: { cookie: editor } })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/boards/posts/${hzPost.id}`, headers: bearer })).statusCode, 403);
    const list = await t.app.inject({ url: '/staff/boards', headers: { cookie: editor } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /纪庄村/);
    assert.doesNotMatch(list.body, /下渡社区/);
    assert.equal((await t.app.inject({ url: `/staff/boards/new?org=${COMMUNITY}&column=policy`, headers: { cookie: editor } })).statusCode, 403);
    assert.equal((await postForm(t.app, '/staff/boards/settings', editor, { org: COMMUNITY, phone: '020-12345678' })).statusCode, 403);
    const bad = await postForm(t.app, '/staff/boards/settings', editor, { org: VILLAGE, phone: 'abc' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="abc"/);
  });

  test('a CSV or .xlsx table replaces a draft\'s table all or nothing, after the ZIP guard', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/staff/boards/posts', headers: bearer, payload: { org: VILLAGE, column: 'finance', title: '2026年1月财务', period: '2026-01', rows: [{ date: '2026-01-05', item: '原有行', expense: '10', handler: '王丽娟' }] } });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    const upload = (csv: string) => {
      const m = multipart({ _csrf: CSRF }, { name: 'table.csv', bytes: Buffer.from(csv) });
      return t.app.inject({ method: 'POST', url: `/staff/boards/${id}/table`, headers: { cookie: editor, 'content-type': m.contentType }, payload: m.payload });
    };
    const bad = await upload('日期,摘要/科目,收入（元）,支出（元）,经手人\n2026-01-06,办公用品,,50,王丽娟\n2026-01-07,维修,,x,李建军\n');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /第2行“支出（元）”不是金额/);
    const kept = await get().db.selectFrom('board_post').select('rows_json').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(JSON.parse(kept.rows_json)[0].item, '原有行');

    // a column under a header that names no field would be dropped silently: refused, naming it
    const unknownHeader = await upload('日期,摘要/科目,收入（元）,支出（元）,经手人,凭证编号\n2026-01-06,办公用品,,50,王丽娟,记-001\n');
    assert.equal(unknownHeader.statusCode, 400);
    assert.match(unknownHeader.body, /不认识的表头：凭证编号/);
    assert.equal(JSON.parse((await get().db.selectFrom('board_post').select('rows_json').where('id', '=', id).executeTakeFirstOrThrow()).rows_json)[0].item, '原有行');
    // 序号, ASCII brackets and a label without its unit are understood
    const loose = await upload('序号,日期,摘要/科目,收入(元),支出,经手人,凭证号\n1,2026-01-06,办公用品,,50,王丽娟,记-001\n');
    assert.equal(loose.statusCode, 303, loose.body.match(/file-error">[^<]*/)?.[0]);
    assert.deepEqual(JSON.parse((await get().db.selectFrom('board_post').select('rows_json').where('id', '=', id).executeTakeFirstOrThrow()).rows_json).map((r: Record<string, string>) => [r.expense, r.voucher]), [['50.00', '记-001']]);

    const good = await upload('日期,摘要/科目,收入（元）,支出（元）,经手人\n2026-01-06,办公用品,,50,王丽娟\n2026-01-07,维修,,80.5,李建军\n');
    assert.equal(good.statusCode, 303);
    const now = await get().db.selectFrom('board_post').select('rows_json').where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(now.rows_json).map((r: Record<string, string>) => r.expense), ['50.00', '80.50']);

    // an .xlsx workbook: the same template by its header labels, numbers as Excel numbers
    const xlsx = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('财务收支');
      ws.addRow(['日期', '摘要/科目', '收入（元）', '支出（元）', '经手人']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const sendFile = (name: string, bytes: Buffer) => {
      const mp = multipart({ _csrf: CSRF }, { name, bytes });
      return t.app.inject({ method: 'POST', url: `/staff/boards/${id}/table`, headers: { cookie: editor, 'content-type': mp.contentType }, payload: mp.payload });
    };
    const negative = await sendFile('t.xlsx', await xlsx([['2026-01-08', '上级拨款', 1000, '', '王丽娟'], ['2026-01-09', '维修', '', -20, '李建军']]));
    assert.equal(negative.statusCode, 400);
    assert.match(negative.body, /第2行“支出（元）”不能为负数/);
    const fromExcel = await sendFile('t.xlsx', await xlsx([['2026-01-08', '上级拨款', 1000, '', '王丽娟'], ['2026-01-09', '维修', '', 20.5, '李建军']]));
    assert.equal(fromExcel.statusCode, 303);
    const excelRows = await get().db.selectFrom('board_post').select('rows_json').where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(excelRows.rows_json).map((r: Record<string, string>) => [r.income, r.expense]), [['1000.00', ''], ['', '20.50']]);

    // a formula's result (面积 × 标准) carries a binary tail (1.2100000000000002): read as Excel shows it
    const formulaBook = new ExcelJS.Workbook();
    const fws = formulaBook.addWorksheet('财务收支');
    fws.addRow(['日期', '摘要/科目', '收入（元）', '支出（元）', '经手人']);
    fws.addRow(['2026-01-10', '绿化', '', { formula: '1.1*1.1', result: 1.1 * 1.1 }, '李建军']);
    const formula = await sendFile('f.xlsx', Buffer.from(await formulaBook.xlsx.writeBuffer()));
    assert.equal(formula.statusCode, 303, formula.body.match(/field-error[^<]*<[^<]*/)?.[0]);
    const formulaRows = await get().db.selectFrom('board_post').select('rows_json').where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(formulaRows.rows_json).map((r: Record<string, string>) => r.expense), ['1.21']);
    assert.equal((await sendFile('t.xlsx', await xlsx([['2026-01-08', '上级拨款', 1000, '', '王丽娟'], ['2026-01-09', '维修', '', 20.5, '李建军']]))).statusCode, 303);

    // a ZIP bomb dressed as a workbook is refused before exceljs reads it; nothing changes
    const bomb = await sendFile('bomb.xlsx', xlsxBomb(300));
    assert.equal(bomb.statusCode, 400);
    assert.match(bomb.body, /解压后过大，可能是压缩炸弹/);
    assert.equal((await get().db.selectFrom('board_post').select('rows_json').where('id', '=', id).executeTakeFirstOrThrow()).rows_json, excelRows.rows_json);

    // a zip disguised as CSV meets the guard first
    const zipLike = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40)]);
    const m = multipart({ _csrf: CSRF }, { name: 'x.csv', bytes: zipLike });
    const z = await t.app.inject({ method: 'POST', url: `/staff/boards/${id}/table`, headers: { cookie: editor, 'content-type': m.contentType }, payload: m.payload });
    assert.equal(z.statusCode, 400);
    assert.match(z.body, /压缩/);
  });
}, withDemo);
