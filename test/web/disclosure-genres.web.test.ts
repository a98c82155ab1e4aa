// 新闻发布会 and 回应关切 records over HTTP: their own fields checked at the staff API and the staff
// form (400 naming the field, values kept, nothing saved), shown on the public record page and in
// the public API; the policy's page shows its 发布会 next to it; the public list of 回应关切.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const CLEAN = { state_secret: 'no', commercial_privacy: 'no', security_risk: 'no', internal_process: 'no', basis_sufficient: 'yes' };
const enc = encodeURIComponent;

forEachDialect('新闻发布会 and 回应关切 records', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let editorCookie = '';
  let policy: { index_no: string; title: string };
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  before(async () => {
    t = await buildTestApp(get(), clock);
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    for (const u of ['cixian.editor', 'cixian.reviewer']) tokens[u] = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, u))!.id, 'test');
    editorCookie = await signIn(t.app, 'cixian.editor');
    policy = await get().db.selectFrom('disclosure').select(['index_no', 'title']).where('genre', '=', 'normative').where('state', '=', 'published').where('org_code', '=', '130427').orderBy('id').executeTakeFirstOrThrow();
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  const create = (over: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/staff/disclosures', headers: bearer('cixian.editor'), payload: { org: '130427', title: '磁县民生政策新闻发布会', body: '发布会概况', category: 'mzsh', formed_on: '2026-02-27', ...over } });
  const publish = async (id: number) => {
    for (const [body, who] of [[{ type: 'submit' }, 'cixian.editor'], [{ type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.reviewer'], [{ type: 'publish' }, 'cixian.editor']] as const) {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/staff/disclosures/${id}/actions`, headers: bearer(who), payload: body });
      assert.equal(r.statusCode, 200, r.body);
    }
  };

  test('staff API: a 新闻发布会 without its fields is refused naming each field, and nothing is saved', async () => {
    const db = get().db;
    const before = (await db.selectFrom('disclosure').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const bare = await create({ genre: 'press_conference' });
    assert.equal(bare.statusCode, 400);
    assert.equal(bare.json().code, 'invalid_disclosure');
    for (const f of ['held_on', 'place', 'speakers', 'transcript']) assert.match(bare.json().message, new RegExp(f));
    const bad = await create({ genre: 'press_conference', press_conference: { held_on: '2026-03-09', place: '县政府新闻发布厅', speakers: [{ name: '张明', title: '县民政局局长' }], transcript: '<p>实录</p>', policy: '不存在/2026-0001' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /发布会日期不能晚于今天/);
    assert.match(bad.json().message, /找不到索引号为「不存在\/2026-0001」的政策文件/);
    const after = (await db.selectFrom('disclosure').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    assert.equal(Number(after), Number(before));
  });

  test('a 新闻发布会 is stored, sanitised, public with its speakers, and its policy\'s page shows it', async () => {
    const res = await create({
      genre: 'press_conference',
      press_conference: { held_on: '2026-02-27', place: '磁县人民政府新闻发布厅', speakers: [{ name: '张明', title: '县民政局局长' }, { name: '李华', title: '县财政局副局长' }], transcript: '<p>主持人：各位记者朋友<script>alert(1)</script></p><p>张明：今年城乡低保标准提高。</p>', policy: policy.index_no },
    });
    assert.equal(res.statusCode, 201, res.body);
    const { id, index_no } = res.json();
    const row = await get().db.selectFrom('disclosure_detail').selectAll().where('disclosure_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.place, '磁县人民政府新闻发布厅');
    assert.doesNotMatch(row.transcript_html ?? '', /script/);
    assert.equal((await get().db.selectFrom('disclosure_link').select('kind').where('from_id', '=', id).executeTakeFirstOrThrow()).kind, 'briefs');
    // the reviewer sees what will be published: the 发布会's own fields on the staff page
    const staffPage = await t.app.inject({ url: `/staff/disclosures/${id}`, headers: { cookie: editorCookie } });
    for (const x of ['磁县人民政府新闻发布厅', '张明（县民政局局长）', '今年城乡低保标准提高', '发布会发布的文件']) assert.ok(staffPage.body.includes(x), x);
    // not public before publication
    assert.equal((await t.app.inject(`/openness/disclosures/${enc(index_no)}`)).statusCode, 404);
    await publish(id);
    const page = await t.app.inject(`/openness/disclosures/${enc(index_no)}`);
    assert.equal(page.statusCode, 200);
    for (const s of ['发布会日期', '2026-02-27', '磁县人民政府新闻发布厅', '张明（县民政局局长）', '李华（县财政局副局长）', '今年城乡低保标准提高', policy.title]) assert.ok(page.body.includes(s), s);
    assert.doesNotMatch(page.body, /alert\(1\)/);
    const policyPage = await t.app.inject(`/openness/disclosures/${enc(policy.index_no)}`);
    assert.match(policyPage.body, /新闻发布会<\/span> <a href="[^"]+">磁县民生政策新闻发布会<\/a>/);
    const api = await t.app.inject(`/api/v1/disclosures/${enc(index_no)}`);
    assert.equal(api.statusCode, 200);
    const pc = api.json().press_conference;
    assert.equal(pc.held_on, '2026-02-27');
    assert.deepEqual(pc.speakers, [{ name: '张明', title: '县民政局局长' }, { name: '李华', title: '县财政局副局长' }]);
    assert.equal(pc.policy.title, policy.title);
    assert.equal(api.json().response, null);
  });

  test('a 回应关切 takes its source as code or Chinese label, shows the concern, and is listed with it', async () => {
    const badSource = await create({ genre: 'response', title: '关于城区路灯不亮问题的回应', response: { concern: '网民反映路灯不亮', source: '微博' } });
    assert.equal(badSource.statusCode, 400);
    assert.match(badSource.json().message, /response\.source 的值「微博」无效.*online_message（网民留言）/);
    const bad = await create({ genre: 'response', title: '关于城区路灯不亮问题的回应', response: { concern: '', source: 'media', message_ref: 'x' } });
    assert.equal(bad.statusCode, 400);
    for (const f of ['concern_summary', 'message_ref']) assert.match(bad.json().message, new RegExp(f));
    const res = await create({ genre: 'response', title: '关于城区路灯不亮问题的回应', response: { concern: '网民反映城区部分路段路灯夜间不亮', source: '网民留言', message_ref: 'ly-20260220-7kq3m' } });
    assert.equal(res.statusCode, 201, res.body);
    await publish(res.json().id);
    const page = await t.app.inject(`/openness/disclosures/${enc(res.json().index_no)}`);
    for (const s of ['回应的关切', '网民反映城区部分路段路灯夜间不亮', '网民留言', 'LY-20260220-7KQ3M']) assert.ok(page.body.includes(s), s);
    const api = (await t.app.inject(`/api/v1/disclosures/${enc(res.json().index_no)}`)).json();
    assert.deepEqual(api.response, { concern: '网民反映城区部分路段路灯夜间不亮', source: { code: 'online_message', label: '网民留言' }, message_ref: 'LY-20260220-7KQ3M' });
    const list = await t.app.inject('/openness/disclosures/responses');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /关于城区路灯不亮问题的回应/);
    assert.match(list.body, /网民反映城区部分路段路灯夜间不亮/);
    const media = await t.app.inject(`/openness/disclosures/responses?source=${enc('媒体报道')}`);
    assert.doesNotMatch(media.body, /关于城区路灯不亮问题的回应/);
    assert.equal((await t.app.inject('/openness/disclosures/responses?source=weibo')).statusCode, 400);
  });

  test('staff form: a 新闻发布会 with a bad speaker line is a 400 naming it, values kept; a good one saves', async () => {
    const form = { org: '130427', title: '表单发布会', genre: 'press_conference', category: 'zhzw', formed_on: '2026-02-27', body: '<p>概况</p>', held_on: '2026-02-26', place: '县会议中心', speakers: `张明，局长\n${'名'.repeat(31)}，职务`, transcript: '<p>实录全文</p>' };
    const bad = await postForm(t.app, '/staff/disclosures', editorCookie, form);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /第 2 行发布人应为「姓名，职务」/);
    assert.match(bad.body, /县会议中心/);
    assert.match(bad.body, /张明，局长/);
    const ok = await postForm(t.app, '/staff/disclosures', editorCookie, { ...form, speakers: '张明，局长\n王芳，副县长' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const id = Number(/\/staff\/disclosures\/(\d+)/.exec(String(ok.headers.location))![1]);
    const edit = await t.app.inject({ url: `/staff/disclosures/${id}/edit`, headers: { cookie: editorCookie } });
    assert.match(edit.body, /张明，局长\n王芳，副县长/);
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', String(id)).execute();
    assert.ok(audit.some((a) => a.action === 'disclosure.create'));
  });
}, withDemo);
