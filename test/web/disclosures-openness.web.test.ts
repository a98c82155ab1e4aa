// 公开属性 (issue 16, 海珠) over HTTP on SQLite and PostgreSQL: the staff API and form take it as a
// code or a Chinese label with its 条例 ground; a 依申请公开 or 不予公开 record is refused at 提交审查,
// 发布 and 定时发布 (409 with reasons) and is never in a public list, page or API answer — the
// database itself refuses a public record that is not 主动公开; existing records are 主动公开.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

forEachDialect('公开属性 over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let cookie = '';
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  before(async () => {
    t = await buildTestApp(get(), clock);
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    for (const u of ['cixian.editor', 'cixian.reviewer']) tokens[u] = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, u))!.id, 'test');
    cookie = await signIn(t.app, 'cixian.editor');
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  const create = (over: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/staff/disclosures', headers: bearer('cixian.editor'), payload: { org: '130427', title: '磁县公开属性测试', body: '正文', genre: 'notice', category: 'zhzw', formed_on: '2026-02-10', ...over } });
  const act = (id: number, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/staff/disclosures/${id}/actions`, headers: bearer('cixian.editor'), payload: body });
  const detail = async (id: number) => (await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${id}`, headers: bearer('cixian.editor') })).json();

  test('existing (demo) records are 主动公开; the demo 不予公开 draft is never public', async () => {
    const db = get().db;
    const rows = await db.selectFrom('disclosure').select(['index_no', 'title', 'openness', 'state']).execute();
    const withheld = rows.filter((r) => r.openness !== 'proactive');
    assert.deepEqual(withheld.map((r) => [r.openness, r.state]), [['withheld', 'draft']]);
    assert.ok(rows.filter((r) => r.openness === 'proactive').length >= 30);
    const hidden = withheld[0]!;
    assert.equal((await t.app.inject(`/openness/disclosures/${encodeURIComponent(hidden.index_no)}`)).statusCode, 404);
    const api = (await t.app.inject('/api/v1/disclosures?org=440105&limit=100')).json() as { items: { index_no: string }[] };
    assert.ok(api.items.length > 3);
    assert.ok(!api.items.some((i) => i.index_no === hidden.index_no));
    assert.doesNotMatch((await t.app.inject('/openness/disclosures/org/440105')).body, new RegExp(hidden.title));
  });

  test('API: code or label accepted; a ground is required for 依申请公开/不予公开 and must fit it', async () => {
    const noReason = await create({ openness: '依申请公开' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.json().message, /openness_reason：公开属性为「依申请公开」时须选择理由/);
    const wrongGround = await create({ openness: 'withheld', openness_reason: 'not_public_interest' });
    assert.equal(wrongGround.statusCode, 400);
    assert.match(wrongGround.json().message, /「不予公开」的理由须为：.*第十四条/);
    const unknown = await create({ openness: '半公开' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().message, /参数 openness 的值「半公开」无效.*proactive（主动公开）、on_request（依申请公开）、withheld（不予公开）/);
    const byLabel = await create({ openness: '不予公开', openness_reason: '过程性信息：讨论记录、过程稿、磋商信函、请示报告等（第十六条第二款）' });
    assert.equal(byLabel.statusCode, 201, byLabel.body);
    const d = await detail(byLabel.json().id);
    assert.deepEqual(d.openness, { code: 'withheld', label: '不予公开', reason: { code: 'process_info', label: '过程性信息：讨论记录、过程稿、磋商信函、请示报告等（第十六条第二款）' } });
    const byCode = await create({ openness: 'on_request', openness_reason: 'specific_party' });
    assert.equal(byCode.statusCode, 201);
    assert.equal((await detail(byCode.json().id)).openness.code, 'on_request');
    const plain = await create({ openness_reason: 'state_secret' }); // 主动公开 (the default) keeps no ground
    assert.equal(plain.statusCode, 201);
    assert.deepEqual((await detail(plain.json().id)).openness, { code: 'proactive', label: '主动公开', reason: null });
  });

  test('a 依申请公开 record is refused at submit, publish and schedule (409 with reasons); the database refuses it public', async () => {
    const db = get().db;
    const id = (await create({ openness: 'on_request', openness_reason: '仅涉及特定对象，由其依申请获取（第二十七条）' })).json().id as number;
    const submit = await act(id, { type: 'submit' });
    assert.equal(submit.statusCode, 409);
    assert.equal(submit.json().code, 'not_proactive');
    assert.match(submit.json().reasons.join('\n'), /公开属性为「依申请公开」.*第十九条、第二十七条/);
    // Even when it reached 审查通过 (say, marked so before), it is not published nor scheduled.
    await db.updateTable('disclosure').set({ state: 'approved' }).where('id', '=', id).execute();
    const pub = await act(id, { type: 'publish' });
    assert.equal(pub.statusCode, 409);
    assert.equal(pub.json().code, 'not_proactive');
    const sched = await act(id, { type: 'schedule', at: '2026-03-10T09:00:00+08:00' });
    assert.equal(sched.json().code, 'not_proactive');
    assert.equal((await db.selectFrom('disclosure').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state, 'approved');
    // The rule the public lists rely on holds in the table itself (migration 0021).
    await assert.rejects(db.updateTable('disclosure').set({ state: 'published', published_at: '2026-03-01T00:00:00.000Z' }).where('id', '=', id).execute());
    const published = await db.selectFrom('disclosure').select('id').where('state', '=', 'published').executeTakeFirstOrThrow();
    await assert.rejects(db.updateTable('disclosure').set({ openness: 'withheld', openness_reason: 'state_secret' }).where('id', '=', published.id).execute());
  });

  test('staff form: 公开属性 with its ground, kept on errors; a published record cannot be revised to 不予公开', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/staff/disclosures/new', headers: { cookie } });
    assert.match(form.body, /<select id="openness" name="openness"/);
    assert.match(form.body, /不予公开：依法确定为国家秘密（第十四条）/);
    const bad = await postForm(t.app, '/staff/disclosures', cookie, { org: '130427', title: '表单公开属性', body: '<p>正文</p>', genre: 'notice', category: 'zhzw', formed_on: '2026-02-27', validity: 'effective', openness: 'withheld', openness_reason: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /公开属性为「不予公开」时须选择理由/);
    assert.match(bad.body, /<option value="withheld" selected/);
    const ok = await postForm(t.app, '/staff/disclosures', cookie, { org: '130427', title: '表单公开属性', body: '<p>正文</p>', genre: 'notice', category: 'zhzw', formed_on: '2026-02-27', validity: 'effective', openness: 'withheld', openness_reason: 'internal_affairs' });
    assert.equal(ok.statusCode, 303, ok.body);
    const id = Number(/\/staff\/disclosures\/(\d+)/.exec(ok.headers.location as string)![1]);
    const page = await t.app.inject({ method: 'GET', url: `/staff/disclosures/${id}`, headers: { cookie } });
    assert.match(page.body, /不予公开（内部事务信息：人事管理、后勤管理、内部工作流程等（第十六条第一款））/);
    const published = await get().db.selectFrom('disclosure').select(['id', 'org_code', 'title', 'genre', 'category_code', 'formed_on']).where('state', '=', 'published').where('org_code', '=', '130427').executeTakeFirstOrThrow();
    const revise = await postForm(t.app, `/staff/disclosures/${published.id}/revise`, cookie, { org: published.org_code, title: published.title, body: '<p>更正</p>', genre: published.genre, category: published.category_code, formed_on: published.formed_on, validity: 'effective', openness: 'withheld', openness_reason: 'state_secret', change_note: '改为不予公开' });
    assert.equal(revise.statusCode, 400);
    assert.match(revise.body, /已公开的信息公开属性只能为「主动公开」；如该信息不应公开，请撤回/);
  });

  test('public record page and API show 公开属性 主动公开', async () => {
    const r = await get().db.selectFrom('disclosure').select('index_no').where('state', '=', 'published').where('org_code', '=', '440105').executeTakeFirstOrThrow();
    const page = await t.app.inject(`/openness/disclosures/${encodeURIComponent(r.index_no)}`);
    assert.match(page.body, /<th scope="row">公开属性<\/th><td>主动公开<\/td>/);
    const api = (await t.app.inject(`/api/v1/disclosures/${encodeURIComponent(r.index_no)}`)).json();
    assert.deepEqual(api.openness, { code: 'proactive', label: '主动公开' });
  });
}, withDemo);
