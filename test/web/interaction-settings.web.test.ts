// The administrators' settings of the interaction module: deadline classes, categories and routing
// rules — classes and categories by platform administrators, rules by an admin in scope; audited, validated with the typed values kept, and used by the next message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { message } from '../support/interaction.ts';

const BASE = '/staff/interaction/settings';

forEachDialect('interaction settings', (get) => {
  let t: TestApp;
  let admin: string;
  let platform: string;
  before(async () => {
    t = await buildTestApp(get());
    admin = await signIn(t.app, 'admin');
    platform = await signIn(t.app, 'platform');
  });
  after(async () => t.app.close());

  const audits = async (action: string) => get().db.selectFrom('audit_log').select(['entity_id', 'after_json', 'before_json']).where('action', '=', action).execute();

  test('signed out → 401 (or the sign-in page); a supervisor or handler → 403, for every route', async () => {
    const supervisor = await signIn(t.app, 'cixian.gkb');
    const handler = await signIn(t.app, 'cizhou.handler');
    const routes: [string, string][] = [
      ['GET', BASE], ['POST', `${BASE}/classes`], ['POST', `${BASE}/categories`], ['GET', `${BASE}/categories/roads`],
      ['POST', `${BASE}/categories/roads`], ['POST', `${BASE}/rules`], ['POST', `${BASE}/rules/1/delete`],
    ];
    for (const [method, url] of routes) {
      const anon = method === 'GET' ? await t.app.inject({ url, headers: { accept: 'application/json' } }) : await postForm(t.app, url, 'gk_csrf=test-csrf-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa'.slice(0, 51));
      assert.ok([401, 303].includes(anon.statusCode), `${method} ${url} anonymous: ${anon.statusCode}`);
      if (anon.statusCode === 303) assert.match(String(anon.headers.location), /^\/login/);
      for (const cookie of [supervisor, handler]) {
        const res = method === 'GET' ? await t.app.inject({ url, headers: { cookie } }) : await postForm(t.app, url, cookie, {});
        assert.equal(res.statusCode, 403, `${method} ${url}`);
      }
    }
    const rules = await get().db.selectFrom('message_routing_rule').select('id').execute();
    assert.ok(rules.length >= 6, 'nothing was deleted by the refused requests');
  });

  test('the page lists classes, categories and rules with names; the staff home links to it for admins only', async () => {
    const res = await t.app.inject({ url: BASE, headers: { cookie: admin } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /办理时限类别/);
    assert.match(res.body, /道路交通/);
    assert.match(res.body, /阜才社区居民委员会（130427100001）/);
    assert.match(res.body, /磁县民政局（130427-mzj）|民政局/);
    const home = await t.app.inject({ url: '/staff', headers: { cookie: admin } });
    assert.match(home.body, /href="\/staff\/interaction\/settings"/);
    const supervisorHome = await t.app.inject({ url: '/staff', headers: { cookie: await signIn(t.app, 'cixian.gkb') } });
    assert.doesNotMatch(supervisorHome.body, /href="\/staff\/interaction\/settings"/);
    assert.match(supervisorHome.body, /href="\/staff\/messages"/);
  });

  test('a class with 0 days is refused, the typed values are kept; a valid change moves the next due date', async () => {
    const bad = await postForm(t.app, `${BASE}/classes`, platform, { label_simple: '简易', days_simple: '0', label_normal: '一般', days_normal: '5', label_complex: '复杂', days_complex: '15' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /工作日数应为 1 到 60 之间的整数/);
    assert.match(bad.body, /name="days_simple"[^>]*value="0"/);
    const ok = await postForm(t.app, `${BASE}/classes`, platform, { label_simple: '简易', days_simple: '3', label_normal: '一般', days_normal: '5', label_complex: '复杂', days_complex: '15' });
    assert.equal(ok.statusCode, 303);
    const [a] = await audits('interaction.class.update');
    assert.equal(a!.entity_id, 'simple');
    assert.deepEqual(JSON.parse(a!.after_json!), { label: '简易', working_days: 3 });
    // 路灯 is 简易: now 3 working days from Mon 2026-03-02 → Thu 2026-03-05 (it was 03-04 with 2 days).
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(), remoteAddress: '10.9.0.1' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().due_on, '2026-03-05');
  });

  test('a new category: bad code and a taken code refused with the typed values; then it is offered to citizens', async () => {
    const fields = { name: '停车管理', group_name: '城乡建设与管理', description: '乱停车、停车位', keywords: '停车、车位，占道', default_class: 'normal', sort_order: '5', active: '1' };
    const bad = await postForm(t.app, `${BASE}/categories`, platform, { code: 'Parking!', ...fields });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /分类代码应以小写字母开头/);
    assert.match(bad.body, /value="停车管理"/);
    const taken = await postForm(t.app, `${BASE}/categories`, platform, { code: 'roads', ...fields });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /分类代码 roads 已被使用/);
    const ok = await postForm(t.app, `${BASE}/categories`, platform, { code: 'parking', ...fields });
    assert.equal(ok.statusCode, 303);
    const row = await get().db.selectFrom('message_category').selectAll().where('code', '=', 'parking').executeTakeFirstOrThrow();
    assert.equal(row.keywords, '停车,车位,占道');
    assert.equal((await audits('interaction.category.create')).length, 1);
    const services = await t.app.inject({ url: '/open311/v2/services.json' });
    assert.ok((services.json() as { service_code: string }[]).some((s) => s.service_code === 'parking'));
  });

  test('deactivating a category removes it from new messages (a clear 400), and it can be edited back', async () => {
    const page = await t.app.inject({ url: `${BASE}/categories/street_lights`, headers: { cookie: platform } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="路灯照明"/);
    const off = await postForm(t.app, `${BASE}/categories/street_lights`, platform, { name: '路灯照明', group_name: '城乡建设与管理', description: '', keywords: '路灯', default_class: 'simple', sort_order: '1', active: '0' });
    assert.equal(off.statusCode, 303);
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(), remoteAddress: '10.9.0.2' });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'unknown_category');
    const bad = await postForm(t.app, `${BASE}/categories/street_lights`, platform, { name: '', group_name: '城乡建设与管理', default_class: 'nope', sort_order: 'x', active: '1' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写名称/);
    assert.match(bad.body, /请选择办理时限/);
    const on = await postForm(t.app, `${BASE}/categories/street_lights`, platform, { name: '路灯照明', group_name: '城乡建设与管理', description: '', keywords: '路灯', default_class: 'simple', sort_order: '1', active: '1' });
    assert.equal(on.statusCode, 303);
    const missing = await t.app.inject({ url: `${BASE}/categories/nope`, headers: { cookie: platform } });
    assert.equal(missing.statusCode, 404);
  });

  test('routing rules: bad region / org refused, duplicate refused; a new rule routes the next message; deleting it restores the old route', async () => {
    const bad = await postForm(t.app, `${BASE}/rules`, admin, { category_code: 'roads', region: '99', org_code: 'nope', class_code: 'normal' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /区划代码不存在/);
    assert.match(bad.body, /承办单位代码不存在或已停用/);
    const dup = await postForm(t.app, `${BASE}/rules`, admin, { category_code: 'sanitation', region: '130427100001', org_code: '130427100', class_code: 'simple' });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /同一分类、同一区划已有交办规则/);

    const ok = await postForm(t.app, `${BASE}/rules`, admin, { category_code: 'roads', region: '130427100000', org_code: '130427-xzspj', class_code: 'complex' });
    assert.equal(ok.statusCode, 303);
    const [created] = await audits('interaction.rule.create');
    assert.equal(JSON.parse(created!.after_json!).region_prefix, '130427100');
    const routed = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ category: 'roads', location: { region: '130427100001', address: '阜才社区' } }), remoteAddress: '10.9.0.3' });
    assert.equal(routed.statusCode, 201, routed.body);
    const row = await get().db.selectFrom('message').select(['routed_org', 'class_code']).where('reference', '=', routed.json().reference).executeTakeFirstOrThrow();
    assert.deepEqual(row, { routed_org: '130427-xzspj', class_code: 'complex' });

    const del = await postForm(t.app, `${BASE}/rules/${created!.entity_id}/delete`, admin);
    assert.equal(del.statusCode, 303);
    assert.equal((await audits('interaction.rule.delete')).length, 1);
    const again = await postForm(t.app, `${BASE}/rules/${created!.entity_id}/delete`, admin);
    assert.equal(again.statusCode, 404);
    const back = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ category: 'roads', location: { region: '130427100001', address: '阜才社区' } }), remoteAddress: '10.9.0.3' });
    const row2 = await get().db.selectFrom('message').select('routed_org').where('reference', '=', back.json().reference).executeTakeFirstOrThrow();
    assert.equal(row2.routed_org, '130427100');
  });
}, withDemo);
