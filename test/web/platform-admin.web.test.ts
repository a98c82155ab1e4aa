// Two kinds of administrator (issue 14 item 1, docs/model/identity.md): a platform administrator
// owns what every county shares; a county `admin` changes, and reads in the audit log, only rows
// inside the subtree of their grant. Each case here failed on the main branch before this change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, DEMO_PASSWORD, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { message } from '../support/interaction.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

const RULES = '/staff/interaction/settings';
const PASSWORD = 'haizhu-admin-password-1';

forEachDialect('platform and county administrators', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const idOf = async (u: string) => (await findUserByUsername(get().db, u))!.id;

  before(async () => {
    t = await buildTestApp(get());
    const deps = { db: get().db, clock: t.clock, sessionIdleMinutes: 120 };
    // An admin of 海珠区 (440105), as in the issue, made by the command line.
    const made = await identityService.createUser(deps, { cli: true }, { username: 'haizhu.admin', displayName: '海珠区管理员', role: 'admin', orgCode: '440105', password: PASSWORD });
    assert.ok(made.ok);
    cookies['haizhu.admin'] = await signIn(t.app, 'haizhu.admin', PASSWORD);
    for (const u of ['platform', 'admin', 'longhua.admin']) cookies[u] = await signIn(t.app, u);
    for (const u of ['platform', 'haizhu.admin']) tokens[u] = await identityService.createApiToken(deps, { cli: true }, await idOf(u), 'test');
  });
  after(async () => t.app.close());

  const ruleCount = async () => Number((await get().db.selectFrom('message_routing_rule').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const cixianRule = async () => get().db.selectFrom('message_routing_rule').select(['id', 'region_prefix']).where('region_prefix', 'like', '130427%').orderBy('id').executeTakeFirstOrThrow();

  test('a 海珠区 admin cannot add a routing rule for a 磁县 region: 400, nothing stored, 磁县 messages still routed in 磁县', async () => {
    const n = await ruleCount();
    const res = await postForm(t.app, `${RULES}/rules`, cookies['haizhu.admin']!, { category_code: '*', region: '130427100', org_code: '440105', class_code: 'normal' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /该区划不在您管理的单位范围内/);
    assert.match(res.body, /value="130427100"/, 'the typed value is kept');
    assert.equal(await ruleCount(), n);
    const msg = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ category: 'roads', location: { region: '130427100001', address: '阜才社区' } }), remoteAddress: '10.14.0.1' });
    assert.equal(msg.statusCode, 201, msg.body);
    const row = await get().db.selectFrom('message').select('routed_org').where('reference', '=', msg.json().reference).executeTakeFirstOrThrow();
    assert.match(row.routed_org ?? '', /^130427/);
  });

  test('…nor route its own region to a 磁县 organisation', async () => {
    const res = await postForm(t.app, `${RULES}/rules`, cookies['haizhu.admin']!, { category_code: 'roads', region: '440105', org_code: '130427-mzj', class_code: 'normal' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /承办单位不在您管理的单位范围内/);
  });

  test('a 海珠区 admin cannot delete a 磁县 rule (403, the rule stays) and does not see 磁县 rules', async () => {
    const rule = await cixianRule();
    const del = await postForm(t.app, `${RULES}/rules/${rule.id}/delete`, cookies['haizhu.admin']!);
    assert.equal(del.statusCode, 403);
    assert.ok(await get().db.selectFrom('message_routing_rule').select('id').where('id', '=', rule.id).executeTakeFirst(), 'still there');
    const page = await t.app.inject({ url: RULES, headers: { cookie: cookies['haizhu.admin']! } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /（130427/, 'no 磁县 region or organisation listed');
    assert.doesNotMatch(page.body, new RegExp(`/rules/${rule.id}/delete`));
    assert.doesNotMatch(page.body, /action="\/staff\/interaction\/settings\/classes"/, 'no form for the shared classes');
  });

  test('a 海珠区 admin adds and deletes a rule of their own district; the audit entry is filed under 海珠区', async () => {
    const ok = await postForm(t.app, `${RULES}/rules`, cookies['haizhu.admin']!, { category_code: 'roads', region: '440105', org_code: '440105-lsz', class_code: 'normal' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const rule = await get().db.selectFrom('message_routing_rule').select('id').where('region_prefix', '=', '440105').where('org_code', '=', '440105-lsz').executeTakeFirstOrThrow();
    const audit = await get().db.selectFrom('audit_log').select('org_code').where('action', '=', 'interaction.rule.create').where('entity_id', '=', String(rule.id)).executeTakeFirstOrThrow();
    assert.equal(audit.org_code, '440105-lsz');
    const page = await t.app.inject({ url: RULES, headers: { cookie: cookies['haizhu.admin']! } });
    assert.match(page.body, new RegExp(`/rules/${rule.id}/delete`));
    assert.equal((await postForm(t.app, `${RULES}/rules/${rule.id}/delete`, cookies['haizhu.admin']!)).statusCode, 303);
  });

  test('a platform admin may add and delete rules anywhere', async () => {
    const ok = await postForm(t.app, `${RULES}/rules`, cookies.platform!, { category_code: 'roads', region: '440309', org_code: '440309-zsj', class_code: 'normal' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const rule = await get().db.selectFrom('message_routing_rule').select('id').where('region_prefix', '=', '440309').where('category_code', '=', 'roads').executeTakeFirstOrThrow();
    assert.equal((await postForm(t.app, `${RULES}/rules/${rule.id}/delete`, cookies.platform!)).statusCode, 303);
  });

  test('a county admin cannot change the working-day calendar, by API or by form; a platform admin can', async () => {
    const holidays = async () => (await get().db.selectFrom('calendar_day').select('date').where('date', 'in', ['2026-01-01', '2026-12-30']).execute()).map((r) => r.date).sort();
    const was = await holidays();
    assert.deepEqual(was, ['2026-01-01']);
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', headers: bearer('haizhu.admin'), payload: { kind: 'holiday', name: '测试' } });
    assert.equal(put.statusCode, 403);
    assert.equal(put.json().code, 'forbidden');
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2026-01-01', headers: bearer('haizhu.admin') });
    assert.equal(del.statusCode, 403);
    const year = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: bearer('haizhu.admin'), payload: { source: '测试', days: [] } });
    assert.equal(year.statusCode, 403);
    for (const cookie of [cookies['haizhu.admin']!, cookies.admin!]) {
      assert.equal((await postForm(t.app, '/staff/calendar/days', cookie, { date: '2026-12-30', kind: 'holiday', name: '测试' })).statusCode, 403);
      assert.equal((await postForm(t.app, '/staff/calendar/days/2026-01-01/delete', cookie)).statusCode, 403);
      assert.equal((await postForm(t.app, '/staff/calendar/years', cookie, { year: '2027', source: '测试', days: '2027-01-01 放假 元旦' })).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/staff/calendar', headers: { cookie } })).statusCode, 403);
    }
    assert.deepEqual(await holidays(), was, 'nothing changed');
    assert.equal((await get().db.selectFrom('calendar_year').select('year').where('year', '=', 2027).execute()).length, 0);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-30', headers: bearer('platform'), payload: { kind: 'holiday', name: '测试' } });
    assert.equal(ok.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2026-12-30', headers: bearer('platform') })).statusCode, 204);
  });

  test('a county admin cannot edit the shared message categories and classes, search synonyms, clock rules or catalogue domain names', async () => {
    const cat = await get().db.selectFrom('message_category').select(['name', 'active']).where('code', '=', 'roads').executeTakeFirstOrThrow();
    const classes = await get().db.selectFrom('message_deadline_class').selectAll().orderBy('code').execute();
    const category = { name: '改名', group_name: '组', description: '', keywords: '', default_class: 'normal', sort_order: '1', active: '0' };
    const refused: [string, Record<string, string>][] = [
      [`${RULES}/classes`, { label_simple: '简易', days_simple: '30', label_normal: '一般', days_normal: '30', label_complex: '复杂', days_complex: '30' }],
      [`${RULES}/categories`, { code: 'county_only', ...category }],
      [`${RULES}/categories/roads`, category],
      ['/staff/search/synonyms', { terms: '甲乙丙、身份证' }],
      ['/staff/search/zero/ignore', { query: '社宝查询' }],
      ['/staff/applications/rules', { feePausesClock: 'yes', feePaymentDays: '20', defaultCorrectionPeriodDays: '15' }],
      ['/staff/catalogs/domains/1', { name: '改名领域' }],
    ];
    for (const cookie of [cookies['haizhu.admin']!, cookies.admin!]) {
      for (const [url, body] of refused) assert.equal((await postForm(t.app, url, cookie, body)).statusCode, 403, url);
      assert.equal((await t.app.inject({ url: `${RULES}/categories/roads`, headers: { cookie } })).statusCode, 403);
    }
    assert.deepEqual(await get().db.selectFrom('message_category').select(['name', 'active']).where('code', '=', 'roads').executeTakeFirstOrThrow(), cat);
    assert.equal((await get().db.selectFrom('message_category').select('code').where('code', '=', 'county_only').execute()).length, 0);
    assert.deepEqual(await get().db.selectFrom('message_deadline_class').selectAll().orderBy('code').execute(), classes);
    assert.equal((await get().db.selectFrom('search_synonym').select('id').where('terms', 'like', '甲乙丙%').execute()).length, 0);
    // The platform administrator may.
    assert.equal((await postForm(t.app, `${RULES}/categories`, cookies.platform!, { code: 'platform_only', ...category })).statusCode, 303);
    assert.equal((await t.app.inject({ url: `${RULES}/categories/roads`, headers: { cookie: cookies.platform! } })).statusCode, 200);
  });

  test('/staff/audit shows a county admin only their subtree; a platform admin everything', async () => {
    // A 磁县 write (by the Hebei admin) and an install-wide one (the calendar, by the platform admin).
    const handler = await idOf('cizhou.handler');
    assert.equal((await postForm(t.app, `/staff/users/${handler}/disable`, cookies.admin!)).statusCode, 303);
    assert.equal((await postForm(t.app, `/staff/users/${handler}/enable`, cookies.admin!)).statusCode, 303);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-29', headers: bearer('platform'), payload: { kind: 'holiday', name: '审计测试' } })).statusCode, 200);
    // A 海珠区 write.
    assert.equal((await postForm(t.app, `${RULES}/rules`, cookies['haizhu.admin']!, { category_code: 'sanitation', region: '440105', org_code: '440105', class_code: 'simple' })).statusCode, 303);
    const stored = await get().db.selectFrom('audit_log').select('org_code').where('action', '=', 'user_disabled').executeTakeFirstOrThrow();
    assert.equal(stored.org_code, '130427100', 'filed under the user\'s organisation');

    const page = async (who: string) => {
      const res = await t.app.inject({ url: '/staff/audit', headers: { cookie: cookies[who]! } });
      assert.equal(res.statusCode, 200);
      return res.body;
    };
    const has = (body: string, s: string) => body.includes(s);
    const haizhuRule = '&quot;category_code&quot;:&quot;sanitation&quot;,&quot;region_prefix&quot;:&quot;440105&quot;';
    const haizhu = await page('haizhu.admin');
    assert.ok(has(haizhu, haizhuRule), 'their own rule');
    for (const foreign of ['user_disabled', 'cizhou', 'calendar_day_saved', '130427', '440309']) assert.ok(!has(haizhu, foreign), `no ${foreign} for 海珠区`);
    const longhua = await page('longhua.admin');
    for (const foreign of ['user_disabled', haizhuRule, 'calendar_day_saved']) assert.ok(!has(longhua, foreign), `no ${foreign} for 龙华区`);
    const hebei = await page('admin');
    assert.ok(has(hebei, 'user_disabled'));
    for (const foreign of [haizhuRule, 'calendar_day_saved']) assert.ok(!has(hebei, foreign), `no ${foreign} for 河北`);
    const all = await page('platform');
    for (const s of ['user_disabled', haizhuRule, 'calendar_day_saved']) assert.ok(has(all, s), `platform sees ${s}`);
  });

  test("a platform administrator's sign-ins (with the address) and platform_admin grants are not in a county admin's audit log", async () => {
    const login = (password: string) => t.app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username: 'platform', password, _csrf: CSRF }, remoteAddress: '10.77.0.1' });
    assert.equal((await login('wrong-password-1')).statusCode, 400);
    assert.equal((await login(DEMO_PASSWORD)).statusCode, 303);
    const made = await identityService.createUser({ db: get().db, clock: t.clock, sessionIdleMinutes: 120 }, { cli: true }, { username: 'hebei.second', displayName: '第二平台管理员', role: 'editor', orgCode: '13', password: 'hebei-second-password-1' });
    assert.ok(made.ok);
    assert.equal((await postForm(t.app, `/staff/users/${await idOf('hebei.second')}/roles`, cookies.platform!, { role: 'platform_admin', org: '13' })).statusCode, 303);
    const audit = async (who: string) => (await t.app.inject({ url: '/staff/audit', headers: { cookie: cookies[who]! } })).body;
    const hebei = await audit('admin');
    assert.ok(!hebei.includes('10.77.0.1'), "the Hebei admin does not see the platform administrator's sign-ins");
    assert.ok(!/role_granted[\s\S]{0,400}platform_admin/.test(hebei), 'nor the platform_admin grant');
    const all = await audit('platform');
    assert.ok(all.includes('10.77.0.1'));
    assert.match(all, /role_granted[\s\S]{0,400}platform_admin/);
  });

  test("the user list shows a county admin only the grants inside their subtree, not a user's grants in another county", async () => {
    const deps = { db: get().db, clock: t.clock, sessionIdleMinutes: 120 };
    const made = await identityService.createUser(deps, { cli: true }, { username: 'two.counties', displayName: '两县编辑', role: 'editor', orgCode: '440105', password: 'two-counties-password-1' });
    assert.ok(made.ok);
    assert.ok((await identityService.grantRole(deps, { cli: true }, await idOf('two.counties'), 'reviewer', '130427')).ok);
    const list = async (who: string) => {
      const res = await t.app.inject({ url: '/staff/users?q=two.counties', headers: { cookie: cookies[who]! } });
      assert.equal(res.statusCode, 200);
      return /<tr[^>]*>\s*<td><a href="\/staff\/users\/\d+">two\.counties<\/a>[\s\S]*?<\/tr>/.exec(res.body)?.[0] ?? '';
    };
    const haizhu = await list('haizhu.admin');
    assert.match(haizhu, /海珠区/);
    assert.ok(!haizhu.includes('磁县'), haizhu);
    assert.match(haizhu, /另有 1 项授权在您管理范围以外的单位/);
    const all = await list('platform');
    assert.match(all, /海珠区/);
    assert.match(all, /磁县/);
    assert.ok(!all.includes('另有'), all);
  });

  test('only a platform admin grants platform_admin: a county admin is refused by code or by label', async () => {
    const own = await idOf('haizhu.admin');
    for (const role of ['platform_admin', '平台管理员']) {
      const grant = await postForm(t.app, `/staff/users/${own}/roles`, cookies['haizhu.admin']!, { role, org: '440105' });
      assert.equal(grant.statusCode, 400);
      assert.match(grant.body, /只有平台管理员（或服务器命令行）可以授予“平台管理员”角色/);
      const create = await postForm(t.app, '/staff/users', cookies['haizhu.admin']!, { username: 'sneaky.platform', display_name: '冒充', role, org: '440105' });
      assert.equal(create.statusCode, 400);
    }
    assert.equal((await get().db.selectFrom('role_grant').select('id').where('user_id', '=', own).where('role', '=', 'platform_admin').execute()).length, 0);
    assert.equal(await findUserByUsername(get().db, 'sneaky.platform'), null);
    const form = await t.app.inject({ url: '/staff/users/new', headers: { cookie: cookies['haizhu.admin']! } });
    assert.doesNotMatch(form.body, /value="platform_admin"/, 'not offered to a county admin');

    const byPlatform = await postForm(t.app, '/staff/users', cookies.platform!, { username: 'second.platform', display_name: '第二平台管理员', role: 'platform_admin', org: '44' });
    assert.equal(byPlatform.statusCode, 201, byPlatform.body.slice(0, 300));
    const second = await idOf('second.platform');
    assert.equal((await get().db.selectFrom('role_grant').select('role').where('user_id', '=', second).executeTakeFirstOrThrow()).role, 'platform_admin');
    // Its creation is install-wide, not filed under the organisation its grant sits on (44).
    const created = await get().db.selectFrom('audit_log').select('org_code').where('action', '=', 'user_created').where('entity_id', '=', String(second)).executeTakeFirstOrThrow();
    assert.equal(created.org_code, null);
    // A county admin of the organisation the platform grant sits on can neither see nor manage that user.
    const list = await t.app.inject({ url: '/staff/users?q=platform', headers: { cookie: cookies.admin! } });
    assert.doesNotMatch(list.body, /second\.platform|>platform</);
    assert.equal((await t.app.inject({ url: `/staff/users/${await idOf('platform')}`, headers: { cookie: cookies.admin! } })).statusCode, 403);
    assert.equal((await postForm(t.app, `/staff/users/${await idOf('platform')}/reset-password`, cookies.admin!)).statusCode, 403);
    assert.equal((await postForm(t.app, `/staff/users/${second}/disable`, cookies['admin2'] ?? await signIn(t.app, 'admin2'))).statusCode, 403);
  });

  test('internal targets: a 磁县 supervisor reads and saves only 磁县 organisations', async () => {
    const gkb = await signIn(t.app, 'cixian.gkb');
    assert.equal((await t.app.inject({ url: '/staff/applications/targets?org=130427', headers: { cookie: gkb } })).statusCode, 200);
    const foreign = await t.app.inject({ url: '/staff/applications/targets?org=440105', headers: { cookie: gkb } });
    assert.equal(foreign.statusCode, 403);
    const save = await postForm(t.app, '/staff/applications/targets', gkb, { org: '440105', register_days: '1', assign_days: '2', draft_days: '3', reply_days: '4' });
    assert.equal(save.statusCode, 400);
    assert.equal(await get().db.selectFrom('application_target').select('org_code').where('org_code', '=', '440105').executeTakeFirst(), undefined);
  });

  test('a platform admin does what an admin does, anywhere; the staff home shows platform pages to platform admins only', async () => {
    assert.equal((await t.app.inject({ url: `/staff/users/${await idOf('longhua.admin')}`, headers: { cookie: cookies.platform! } })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/staff/users/${await idOf('cixian.editor')}`, headers: { cookie: cookies.platform! } })).statusCode, 200);
    const orgs = await t.app.inject({ url: '/staff/organisations?q=440309-gaj', headers: { cookie: cookies.platform! } });
    assert.match(orgs.body, /440309-gaj/);
    const home = await t.app.inject({ url: '/staff', headers: { cookie: cookies.platform! } });
    assert.match(home.body, /href="\/staff\/calendar"/);
    assert.match(home.body, /href="\/staff\/users"/);
    const county = await t.app.inject({ url: '/staff', headers: { cookie: cookies['haizhu.admin']! } });
    assert.doesNotMatch(county.body, /href="\/staff\/calendar"/);
    assert.match(county.body, /href="\/staff\/audit"/);
    // The 依申请公开 queue offers the clock rules to platform administrators only.
    const queue = async (who: string) => (await t.app.inject({ url: '/staff/applications', headers: { cookie: cookies[who]! } })).body;
    assert.match(await queue('platform'), /href="\/staff\/applications\/rules"/);
    assert.doesNotMatch(await queue('admin'), /href="\/staff\/applications\/rules"/);
  });
}, withDemo);
