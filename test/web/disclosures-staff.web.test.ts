// Proactive disclosure, staff half, over HTTP: 401/403 on every staff route, the staff API
// (create → submit → approve/reject → publish/schedule/withdraw, 409 with reasons), forms that
// keep what was typed, the review checklist, attachments checked by content and served only when
// public (or to staff in scope), sanitised bodies, audit entries, the demo data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { createAndPublish, emptyInput } from '../../src/modules/disclosures/index.ts';
import { DEFAULT_INDEX_FORMAT } from '../../src/modules/disclosures/index-number.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const CLEAN = { state_secret: 'no', commercial_privacy: 'no', security_risk: 'no', internal_process: 'no', basis_sufficient: 'yes' };
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(8)]);

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer } | null) {
  const b = '----gongkai-disclosure-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

forEachDialect('disclosures staff over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  let draftId = 0;
  before(async () => {
    t = await buildTestApp(get(), clock);
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    for (const u of ['cixian.editor', 'cixian.reviewer', 'cizhou.handler', 'shenzhen.editor', 'cixian.gkb', 'haizhu.reviewer']) {
      tokens[u] = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, u))!.id, 'test');
    }
    for (const u of ['cixian.editor', 'cixian.reviewer', 'cizhou.handler', 'shenzhen.editor']) cookies[u] = await signIn(t.app, u);
    const d = await get().db.selectFrom('disclosure').select('id').where('state', '=', 'submitted').where('org_code', '=', '130427').executeTakeFirstOrThrow();
    draftId = d.id;
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  const create = async (over: Record<string, unknown> = {}, who = 'cixian.editor') =>
    t.app.inject({ method: 'POST', url: '/api/v1/staff/disclosures', headers: bearer(who), payload: { org: '130427', title: '磁县测试通知', body: '第一段\n\n第二段', genre: 'notice', category: 'zhzw', formed_on: '2026-02-10', ...over } });
  const act = (id: number, body: Record<string, unknown>, who: string) => t.app.inject({ method: 'POST', url: `/api/v1/staff/disclosures/${id}/actions`, headers: bearer(who), payload: body });

  test('demo: ~30 records, a late one, a withdrawn one, a scheduled one, one awaiting review, an interpretation linked to its policy, a guide', async () => {
    const db = get().db;
    const rows = await db.selectFrom('disclosure').select(['state', 'late_working_days', 'genre', 'validity']).execute();
    assert.ok(rows.length >= 28);
    assert.ok(rows.some((r) => (r.late_working_days ?? 0) > 0));
    for (const st of ['withdrawn', 'scheduled', 'submitted', 'published']) assert.ok(rows.some((r) => r.state === st), st);
    assert.ok(rows.some((r) => r.validity === 'repealed') && rows.some((r) => r.validity === 'expired'));
    assert.ok((await db.selectFrom('disclosure_link').selectAll().where('kind', '=', 'interprets').execute()).length >= 2);
    assert.ok((await db.selectFrom('disclosure_catalog_item').selectAll().execute()).length >= 5);
    assert.ok(await db.selectFrom('disclosure_guide').selectAll().where('org_code', '=', '130427').executeTakeFirst());
  });

  test('API: create → index number and draft; due date from Art. 26; a full workflow to published', async () => {
    const res = await create();
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.index_no, /^130427-2026-zhzw-\d{5}$/);
    assert.equal(body.state, 'draft');
    assert.equal(body.due_on, '2026-03-16'); // 20 working days after 2026-02-10 over 春节 (Feb 14 and 28 work)
    assert.equal((await act(body.id, { type: 'publish' }, 'cixian.editor')).statusCode, 409);
    const pub = await act(body.id, { type: 'publish' }, 'cixian.editor');
    assert.equal(pub.json().code, 'review_required');
    assert.ok(pub.json().reasons.length >= 1);
    assert.equal((await act(body.id, { type: 'submit' }, 'cixian.editor')).json().state, 'submitted');
    // The author may not review, even with a reviewer role elsewhere; a clean checklist approves.
    const incomplete = await act(body.id, { type: 'approve', checklist: { state_secret: 'no' }, conclusion: '' }, 'cixian.reviewer');
    assert.equal(incomplete.statusCode, 409);
    assert.equal(incomplete.json().code, 'checklist_incomplete');
    assert.equal((await act(body.id, { type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.reviewer')).json().state, 'approved');
    const past = await act(body.id, { type: 'schedule', at: '2026-03-01T09:00:00+08:00' }, 'cixian.editor');
    assert.equal(past.statusCode, 409);
    assert.equal(past.json().code, 'schedule_in_past');
    const done = await act(body.id, { type: 'publish' }, 'cixian.editor');
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), { id: body.id, state: 'published', published_at: '2026-03-02T02:00:00.000Z', late_working_days: 0 });
    const w = await act(body.id, { type: 'withdraw', reason: '' }, 'cixian.editor');
    assert.equal(w.json().code, 'reason_required');
    assert.equal((await act(body.id, { type: 'withdraw', reason: '内容已过时' }, 'cixian.editor')).json().state, 'withdrawn');
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${body.id}`, headers: bearer('cixian.reviewer') });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json().events.map((e: { type: string }) => e.type), ['created', 'submitted', 'approved', 'published', 'withdrawn']);
    assert.equal(read.json().reviews[0].checklist.basis_sufficient, 'yes');
    assert.equal(read.json().withdrawn_reason, '内容已过时');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${body.id}` })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${body.id}`, headers: bearer('shenzhen.editor') })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${body.id}`, headers: bearer('cizhou.handler') })).statusCode, 403);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/staff/disclosures', '/api/v1/staff/disclosures/{id}/actions', '/api/v1/staff/disclosures/{id}']) assert.ok(spec.paths[path], path);
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity', '=', 'disclosure').where('entity_id', '=', String(body.id)).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['disclosure.approve', 'disclosure.create', 'disclosure.publish', 'disclosure.submit', 'disclosure.withdraw']);
  });

  test('a scheduled record withdrawn before its time goes back to approved (never public, no tombstone) and can then be published', async () => {
    const d = (await create({ title: '定时发布后取消' })).json();
    await act(d.id, { type: 'submit' }, 'cixian.editor');
    await act(d.id, { type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.reviewer');
    assert.equal((await act(d.id, { type: 'schedule', at: '2026-03-09T09:00:00+08:00' }, 'cixian.editor')).json().state, 'scheduled');
    const c = await postForm(t.app, `/staff/disclosures/${d.id}/actions/withdraw`, cookies['cixian.editor']!, { reason: '' });
    assert.equal(c.statusCode, 303, c.body);
    const row = await get().db.selectFrom('disclosure').select(['state', 'published_at', 'withdrawn_reason']).where('id', '=', d.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'approved', published_at: null, withdrawn_reason: null });
    const now = await act(d.id, { type: 'publish' }, 'cixian.editor');
    assert.equal(now.statusCode, 200, now.body);
    assert.equal(now.json().state, 'published');
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${d.id}`, headers: bearer('cixian.editor') })).json();
    assert.deepEqual(read.events.map((e: { type: string }) => e.type), ['created', 'submitted', 'approved', 'scheduled', 'unscheduled', 'published']);
    assert.deepEqual(read.versions.map((v: { version_no: number }) => v.version_no), [1]);
  });

  test('API: a supervisor (who may edit and review) cannot approve the record they wrote', async () => {
    const own = (await create({ org: '130427-gkb', title: '公开办自拟' }, 'cixian.gkb')).json();
    assert.equal((await act(own.id, { type: 'submit' }, 'cixian.gkb')).json().state, 'submitted');
    const self = await act(own.id, { type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.gkb');
    assert.equal(self.statusCode, 409);
    assert.equal(self.json().code, 'author_cannot_review');
    assert.equal((await act(own.id, { type: 'reject', checklist: { ...CLEAN, internal_process: 'yes' }, conclusion: '属于过程性信息' }, 'cixian.reviewer')).json().state, 'rejected');
  });

  test('API: a supervisor who submitted an editor\'s draft cannot also review it', async () => {
    const d = (await create({ org: '130427-gkb', title: '编辑起草、负责人提交' })).json();
    assert.equal((await act(d.id, { type: 'submit' }, 'cixian.gkb')).json().state, 'submitted');
    const self = await act(d.id, { type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.gkb');
    assert.equal(self.statusCode, 409, self.body);
    assert.equal(self.json().code, 'author_cannot_review');
    const page = await t.app.inject({ method: 'GET', url: `/staff/disclosures/${d.id}/review`, headers: { cookie: await signIn(t.app, 'cixian.gkb') } });
    assert.equal(page.statusCode, 409);
    assert.match(page.body, /不能审查它/);
    // A reviewer of another county (海珠区) is refused before anything else, and learns nothing.
    const stranger = await act(d.id, { type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'haizhu.reviewer');
    assert.equal(stranger.statusCode, 403, stranger.body);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${d.id}`, headers: bearer('haizhu.reviewer') })).statusCode, 403);
    assert.equal((await act(d.id, { type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.reviewer')).json().state, 'approved');
  });

  test('API: control characters (NUL, pasted vertical tabs) in any text are dropped, never a 500 on PostgreSQL', async () => {
    const res = await create({ title: '磁县\u0000通知\u000b', summary: '概\u0000述', links: ['130427-2026-\u0000'] });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().message, /找不到索引号/);
    const ok = await create({ title: '磁县\u0000通知\u000b', summary: '概\u0000述', body: '正\u0000文' });
    assert.equal(ok.statusCode, 201, ok.body);
    const row = await get().db.selectFrom('disclosure').select(['title', 'summary', 'body_text']).where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    assert.deepEqual([row.title, row.summary, row.body_text], ['磁县通知', '概述', '正文']);
    const id = ok.json().id;
    await act(id, { type: 'submit' }, 'cixian.editor');
    assert.equal((await act(id, { type: 'approve', checklist: CLEAN, conclusion: '同\u0000意' }, 'cixian.reviewer')).statusCode, 200);
    await act(id, { type: 'publish' }, 'cixian.editor');
    const w = await act(id, { type: 'withdraw', reason: '内容\u0000有误' }, 'cixian.editor');
    assert.equal(w.statusCode, 200, w.body);
    const after = await get().db.selectFrom('disclosure').select('withdrawn_reason').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(after.withdrawn_reason, '内容有误');
  });

  test('three-level entry: a 磁州镇 editor works in 磁州镇 only — a 磁县 record or a 磁县 draft is refused 403', async () => {
    const db = get().db;
    const idDeps = { db, clock, sessionIdleMinutes: 120 };
    const u = await identityService.createUser(idDeps, { cli: true }, { username: 'cizhou.editor.test', displayName: '磁州镇编辑', role: 'editor', orgCode: '130427100', password: 'demo-password-2026' });
    assert.ok(u.ok);
    tokens['cizhou.editor.test'] = await identityService.createApiToken(idDeps, { cli: true }, (await findUserByUsername(db, 'cizhou.editor.test'))!.id, 'test');
    const own = await create({ org: '130427100', title: '磁州镇通知' }, 'cizhou.editor.test');
    assert.equal(own.statusCode, 201, own.body);
    assert.equal((await create({ org: '130427', title: '越级录入' }, 'cizhou.editor.test')).statusCode, 403);
    const county = (await create({ title: '磁县草稿' })).json();
    assert.equal((await act(county.id, { type: 'submit' }, 'cizhou.editor.test')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/staff/disclosures/${county.id}`, headers: bearer('cizhou.editor.test') })).statusCode, 403);
    // The county editor may act on the township's record (its subtree).
    assert.equal((await act(own.json().id, { type: 'submit' }, 'cixian.editor')).json().state, 'submitted');
  });

  test('API: bad input 400, no token 401, wrong role or organisation 403, unknown 404, late publication counted', async () => {
    assert.equal((await create({ genre: 'poem', formed_on: '2026-02-30' })).statusCode, 400);
    const future = await create({ written_on: '2099-01-01' });
    assert.equal(future.statusCode, 400, future.body);
    assert.match(future.json().message, /written_on：成文日期不能晚于今天/);
    // A year typed wrong (0202 for 2026) would count centuries of lateness: refused.
    const typo = await create({ formed_on: '0202-03-01', written_on: '0202-02-27' });
    assert.equal(typo.statusCode, 400, typo.body);
    assert.match(typo.json().message, /formed_on：日期不能早于 1949-10-01.*written_on：日期不能早于/);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/staff/disclosures', payload: { org: '130427', title: 'x', body: 'x', genre: 'notice', category: 'zhzw', formed_on: '2026-02-10' } })).statusCode, 401);
    assert.equal((await create({}, 'cizhou.handler')).statusCode, 403);
    assert.equal((await create({}, 'shenzhen.editor')).statusCode, 403);
    assert.equal((await act(draftId, { type: 'submit' }, 'shenzhen.editor')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/staff/disclosures/${draftId}/actions`, payload: { type: 'submit' } })).statusCode, 401);
    assert.equal((await act(draftId, { type: 'submit' }, 'cizhou.handler')).statusCode, 403);
    assert.equal((await act(999999, { type: 'submit' }, 'cixian.editor')).statusCode, 404);
    const late = (await create({ formed_on: '2026-01-05' })).json();
    await act(late.id, { type: 'submit' }, 'cixian.editor');
    await act(late.id, { type: 'approve', checklist: CLEAN }, 'cixian.reviewer');
    const r = (await act(late.id, { type: 'publish' }, 'cixian.editor')).json();
    assert.ok(r.late_working_days > 0, JSON.stringify(r));
  });

  test('API: catalogue items map to catalogue + key and give the due date; items of other organisations are refused', async () => {
    const item = await get().db.selectFrom('catalog_item as i').innerJoin('catalog_version as v', 'v.id', 'i.version_id').innerJoin('catalog as c', 'c.id', 'v.catalog_id')
      .select(['i.id', 'c.id as catalog_id', 'i.item_key', 'i.level1']).where('c.org_code', '=', '440309').where('v.status', '=', 'published').where('i.level1', '=', '出生登记').executeTakeFirstOrThrow();
    const ok = await create({ org: '440309003', title: '龙华街道出生登记', formed_on: '2026-02-10', catalog_items: [item.id] }, 'shenzhen.editor');
    assert.equal(ok.statusCode, 201, ok.body);
    const row = await get().db.selectFrom('disclosure').select(['id', 'due_explanation']).where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    assert.match(row.due_explanation ?? '', /出生登记/);
    const links = await get().db.selectFrom('disclosure_catalog_item').selectAll().where('disclosure_id', '=', row.id).execute();
    assert.deepEqual(links.map((l) => [l.catalog_id, l.item_key]), [[item.catalog_id, item.item_key]]);
    const bad = await create({ catalog_items: [item.id] });
    assert.equal(bad.statusCode, 400);
    // by the item's public id {catalog}/{key} (the id search gives; the catalogue API's items[].id is the key)
    const publicId = `${item.catalog_id}/${item.item_key}`;
    assert.ok((await t.app.inject(`/api/v1/catalogs/${item.catalog_id}`)).json().items.some((i: { id: unknown }) => i.id === item.item_key));
    const byKey = await create({ org: '440309003', title: '龙华街道出生登记（二）', formed_on: '2026-02-10', catalog_items: [publicId] }, 'shenzhen.editor');
    assert.equal(byKey.statusCode, 201, byKey.body);
    const keyLinks = await get().db.selectFrom('disclosure_catalog_item').selectAll().where('disclosure_id', '=', byKey.json().id).execute();
    assert.deepEqual(keyLinks.map((l) => [l.catalog_id, l.item_key]), [[item.catalog_id, item.item_key]]);
    const unknown = await create({ org: '440309003', title: '龙华街道出生登记（三）', formed_on: '2026-02-10', catalog_items: [`${item.catalog_id}/no-such-key`] }, 'shenzhen.editor');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().message, /catalog_items/);
    assert.equal((await create({ org: '440309003', title: 'x', formed_on: '2026-02-10', catalog_items: ['3/<script>'] }, 'shenzhen.editor')).statusCode, 400);
    assert.equal((await create({ catalog_items: [publicId] })).statusCode, 400, 'an item of another organisation by its public id is refused too');
  });

  test('sanitised body: HTML posted through the API keeps no script or handler; body_text is plain', async () => {
    const res = await create({ body: '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>', body_format: 'html' });
    const row = await get().db.selectFrom('disclosure').select(['body_html', 'body_text']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
    assert.doesNotMatch(row.body_html, /script|onclick|javascript/);
    assert.equal(row.body_text, '正文链接');
  });

  test('every staff page and form: 401 signed out, 403 for a role or organisation outside its scope', async () => {
    const id = draftId;
    const routes: [string, string, string][] = [
      ['GET', '/staff/disclosures', 'cizhou.handler'],
      ['GET', '/staff/disclosures/new', 'cixian.reviewer'],
      ['POST', '/staff/disclosures', 'cixian.reviewer'],
      ['GET', `/staff/disclosures/${id}`, 'shenzhen.editor'],
      ['GET', `/staff/disclosures/${id}/edit`, 'shenzhen.editor'],
      ['POST', `/staff/disclosures/${id}`, 'shenzhen.editor'],
      ['GET', `/staff/disclosures/${id}/revise`, 'shenzhen.editor'],
      ['POST', `/staff/disclosures/${id}/revise`, 'shenzhen.editor'],
      ['GET', `/staff/disclosures/${id}/review`, 'cixian.editor'],
      ['POST', `/staff/disclosures/${id}/review`, 'cixian.editor'],
      ['POST', `/staff/disclosures/${id}/actions/submit`, 'cixian.reviewer'],
      ['POST', `/staff/disclosures/${id}/actions/publish`, 'shenzhen.editor'],
      ['POST', `/staff/disclosures/${id}/actions/schedule`, 'shenzhen.editor'],
      ['POST', `/staff/disclosures/${id}/actions/withdraw`, 'shenzhen.editor'],
      ['POST', `/staff/disclosures/${id}/attachments/1/delete`, 'shenzhen.editor'],
      ['POST', `/staff/disclosures/${id}/attachments`, 'cixian.reviewer'],
    ];
    for (const [method, url, forbiddenAs] of routes) {
      const anon = method === 'GET' ? await t.app.inject({ method, url }) : await postForm(t.app, url, 'gk_csrf=test-csrf-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa'.slice(0, 51));
      assert.equal(anon.statusCode, 401, `${method} ${url} anonymous`);
      const res = method === 'GET' ? await t.app.inject({ method, url, headers: { cookie: cookies[forbiddenAs]! } }) : await postForm(t.app, url, cookies[forbiddenAs]!, CLEAN);
      assert.equal(res.statusCode, 403, `${method} ${url} as ${forbiddenAs}: ${res.statusCode}`);
    }
  });

  test('pages: form keeps what was typed on errors; create, review checklist, publish, revise with versions', async () => {
    const c = cookies['cixian.editor']!;
    assert.equal((await t.app.inject({ method: 'GET', url: '/staff/disclosures', headers: { cookie: c } })).statusCode, 200);
    assert.match((await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: c } })).body, /href="\/staff\/disclosures"/);
    const form = await t.app.inject({ method: 'GET', url: '/staff/disclosures/new', headers: { cookie: c } });
    assert.equal(form.statusCode, 200);
    const bad = await postForm(t.app, '/staff/disclosures', c, { org: '130427', title: '保留我输入的标题', body: '', genre: '', category: 'zhzw', formed_on: '2026-13-01', validity: 'effective' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /保留我输入的标题/);
    assert.match(bad.body, /请填写正文/);
    assert.match(bad.body, /2026-13-01/);
    const ok = await postForm(t.app, '/staff/disclosures', c, { org: '130427100', title: '磁州镇页面测试', body: '<p>正文</p>', genre: 'notice', category: 'zhzw', formed_on: '2026-02-27', validity: 'effective' });
    assert.equal(ok.statusCode, 303, ok.body);
    const id = Number(/\/staff\/disclosures\/(\d+)/.exec(ok.headers.location as string)![1]);
    assert.equal((await t.app.inject({ method: 'GET', url: `/staff/disclosures/${id}`, headers: { cookie: c } })).statusCode, 200);
    const edit = await t.app.inject({ method: 'GET', url: `/staff/disclosures/${id}/edit`, headers: { cookie: c } });
    assert.match(edit.body, /磁州镇页面测试/);
    const saved = await postForm(t.app, `/staff/disclosures/${id}`, c, { org: '130427-mzj', title: '磁州镇页面测试（修改）', body: '<p>正文</p>', genre: 'notice', category: 'zhzw', formed_on: '2026-02-27', validity: 'effective' });
    assert.equal(saved.statusCode, 303);
    const edited = await get().db.selectFrom('disclosure').select(['title', 'org_code']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(edited, { title: '磁州镇页面测试（修改）', org_code: '130427100' }); // the organisation is fixed at creation
    assert.equal((await postForm(t.app, `/staff/disclosures/${id}/actions/submit`, c)).statusCode, 303);
    assert.equal((await t.app.inject({ method: 'GET', url: `/staff/disclosures/${id}/edit`, headers: { cookie: c } })).statusCode, 409);
    const r = cookies['cixian.reviewer']!;
    const reviewPage = await t.app.inject({ method: 'GET', url: `/staff/disclosures/${id}/review`, headers: { cookie: r } });
    assert.equal(reviewPage.statusCode, 200);
    assert.match(reviewPage.body, /是否涉及国家秘密或工作秘密/);
    const missing = await postForm(t.app, `/staff/disclosures/${id}/review`, r, { state_secret: 'no', conclusion: 'approve' });
    assert.equal(missing.statusCode, 400);
    const blocked = await postForm(t.app, `/staff/disclosures/${id}/review`, r, { ...CLEAN, commercial_privacy: 'yes', conclusion: 'approve' });
    assert.equal(blocked.statusCode, 409);
    assert.match(blocked.body, /第十五条/);
    assert.equal((await postForm(t.app, `/staff/disclosures/${id}/review`, r, { ...CLEAN, conclusion: 'approve', reasons: '同意' })).statusCode, 303);
    const sched = await postForm(t.app, `/staff/disclosures/${id}/actions/schedule`, c, { at: '2026-03-01T09:00' });
    assert.equal(sched.statusCode, 409);
    assert.match(sched.body, /2026-03-01T09:00/);
    assert.equal((await postForm(t.app, `/staff/disclosures/${id}/actions/publish`, c)).statusCode, 303);
    const noNote = await postForm(t.app, `/staff/disclosures/${id}/revise`, c, { org: '130427100', title: '磁州镇页面测试（更正）', body: '<p>正文更正</p>', genre: 'notice', category: 'zhzw', formed_on: '2026-02-27', validity: 'effective', change_note: '' });
    assert.equal(noNote.statusCode, 400);
    assert.match(noNote.body, /磁州镇页面测试（更正）/);
    assert.equal((await postForm(t.app, `/staff/disclosures/${id}/revise`, c, { org: '130427100', title: '磁州镇页面测试（更正）', body: '<p>正文更正</p>', genre: 'notice', category: 'zhzw', formed_on: '2026-02-27', validity: 'effective', change_note: '更正标题' })).statusCode, 303);
    const versions = await get().db.selectFrom('disclosure_version').select(['version_no', 'change_note']).where('disclosure_id', '=', id).orderBy('version_no').execute();
    assert.deepEqual(versions, [{ version_no: 1, change_note: '首次发布' }, { version_no: 2, change_note: '更正标题' }]);
    const page = await t.app.inject({ method: 'GET', url: `/staff/disclosures/${id}`, headers: { cookie: c } });
    assert.match(page.body, /更正标题/);
  });

  test('attachments: checked by content, downloadable by staff while a draft, by the public only once published', async () => {
    const c = cookies['cixian.editor']!;
    const created = (await create({ title: '附件测试' })).json();
    const up = (name: string, bytes: Buffer) => {
      const m = multipart({ _csrf: 'test-csrf-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa'.slice(0, 43) }, { name, bytes });
      return t.app.inject({ method: 'POST', url: `/staff/disclosures/${created.id}/attachments`, headers: { cookie: c, ...m.headers }, payload: m.payload });
    };
    const fake = await up('通知.pdf', PNG);
    assert.equal(fake.statusCode, 415);
    assert.match(fake.body, /扩展名不符/);
    assert.equal((await up('通知.pdf', Buffer.from('<script>alert(1)</script>'))).statusCode, 415);
    const big = await up('大文件.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1)]));
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /10 MB/);
    assert.equal((await up('通知.pdf', PDF)).statusCode, 303);
    const a = await get().db.selectFrom('disclosure_attachment').select(['id', 'mime']).where('disclosure_id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(a.mime, 'application/pdf');
    const url = `/openness/disclosures/${encodeURIComponent(created.index_no)}/attachments/${a.id}`;
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 404);
    const staff = await t.app.inject({ method: 'GET', url, headers: { cookie: c } });
    assert.equal(staff.statusCode, 200);
    assert.match(String(staff.headers['content-disposition']), /attachment/);
    assert.equal((await t.app.inject({ method: 'GET', url, headers: { cookie: cookies['shenzhen.editor']! } })).statusCode, 404);
    await act(created.id, { type: 'submit' }, 'cixian.editor');
    await act(created.id, { type: 'approve', checklist: CLEAN }, 'cixian.reviewer');
    await act(created.id, { type: 'publish' }, 'cixian.editor');
    const pub = await t.app.inject({ method: 'GET', url });
    assert.equal(pub.statusCode, 200);
    assert.equal(pub.headers['content-type'], 'application/pdf');
    assert.equal(pub.headers['x-content-type-options'], 'nosniff');
  });

  test('createAndPublish (for the annual report): a published record with index number, version and events', async () => {
    const deps = { db: get().db, clock, indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false };
    const r = await createAndPublish(deps, '年度报告模块', { ...emptyInput('130427'), title: '磁县人民政府2025年政府信息公开工作年度报告', bodyHtml: '<p>报告正文</p>', genre: 'annual_report', category: 'zhzw', formedOn: '2026-01-20' });
    assert.equal(r.state, 'published');
    const events = await get().db.selectFrom('disclosure_event').select('type').where('disclosure_id', '=', r.id).orderBy('seq').execute();
    assert.deepEqual(events.map((e) => e.type), ['created', 'approved', 'published']);
  });
  test('links: another organisation\'s unpublished record cannot be linked (nor its existence learnt); a published one can', async () => {
    const db = get().db;
    const hidden = await db.selectFrom('disclosure').select(['index_no', 'title']).where('id', '=', draftId).executeTakeFirstOrThrow();
    const shown = await db.selectFrom('disclosure').select('index_no').where('org_code', '=', '130427').where('state', '=', 'published').executeTakeFirstOrThrow();
    const refused = await create({ org: '440309003', title: '龙华街道关联测试', links: [hidden.index_no] }, 'shenzhen.editor');
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.json().message, /找不到索引号/);
    const ok = await create({ org: '440309003', title: '龙华街道关联测试', links: [shown.index_no] }, 'shenzhen.editor');
    assert.equal(ok.statusCode, 201, ok.body);
    // In scope, a draft may be linked (the 磁县 editor links the 磁县 record awaiting review).
    assert.equal((await create({ title: '磁县关联测试', links: [hidden.index_no] })).statusCode, 201);
  });
}, withDemo);
