// The catalogue pages and API over the demo data (the seed's tables): public reads show published
// versions only; every staff route answers 401 signed out and 403 outside its role or subtree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { catalogService, itemsOf, listCatalogs } from '../../src/modules/catalogs/index.ts';

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = '----gongkaitest7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

forEachDialect('catalogue pages and API', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let chigang: number; // 赤岗街 户籍管理
  let aid: number; // 赤岗街 社会救助, with a draft for the route checks
  let vid: number;
  let itemId: number;
  before(async () => {
    t = await buildTestApp(get());
    for (const u of ['admin2', 'longhua.admin', 'cizhou.handler', 'cixian.editor']) cookies[u] = await signIn(t.app, u);
    const list = await listCatalogs(get().db, { orgCode: '440105001' });
    chigang = list.find((c) => c.domainName === '户籍管理')!.id;
    aid = list.find((c) => c.domainName === '社会救助')!.id;
    const d = await catalogService.startDraft({ db: get().db, clock: t.clock }, { cli: true }, aid);
    assert.ok(d.ok);
    vid = d.value.versionId;
    itemId = (await itemsOf(get().db, vid))[0]!.id;
  });
  after(async () => t.app.close());

  test('the public 一本通 lists the demo catalogues by level and organisation', async () => {
    const index = await t.app.inject('/openness/catalogs');
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /赤岗街道办事处/);
    assert.match(index.body, /乡级（街道级）目录/);
    assert.match(index.body, /龙华区人民政府/);
    assert.match(index.body, /<h3>海珠区人民政府<\/h3><ul><li><a href="\/openness\/catalogs\/org\/440105001">/, 'grouped by county');
    const org = await t.app.inject('/openness/catalogs/org/440105001');
    assert.match(org.body, /户籍管理/);
    assert.match(org.body, /社会救助/);
    const page = await t.app.inject(`/openness/catalogs/${chigang}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<th scope="colgroup" colSpan="2">公开事项<\/th>|<th scope="colgroup" colspan="2">公开事项<\/th>/);
    assert.match(page.body, /<th scope="row" rowspan="4">暂住登记及居住证管理<\/th>/i);
    assert.match(page.body, /街道级/);
  });

  test('the coverage page counts items per organisation and domain', async () => {
    const res = await t.app.inject('/openness/catalogs/coverage/440309');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /3个试点领域、0个职能部门、1个街道（乡镇）、1个社区（村），共11项/);
  });

  test('public downloads are real Excel and CSV files', async () => {
    const x = await t.app.inject(`/openness/catalogs/${chigang}/export.xlsx`);
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.match(String(x.headers['content-disposition']), /attachment; filename\*=UTF-8''/);
    const c = await t.app.inject(`/openness/catalogs/${chigang}/export.csv`);
    assert.match(c.body, /^\uFEFF海珠区赤岗街户籍管理领域基层政务公开标准目录/);
  });

  test('GET /api/v1/catalogs filters by org, level and domain', async () => {
    const all = (await t.app.inject('/api/v1/catalogs')).json() as { catalogs: { org: { code: string }; domain: string; level: { code: string } }[] };
    assert.equal(all.catalogs.length, 6);
    const street = (await t.app.inject('/api/v1/catalogs?level=township&domain=户籍管理')).json() as typeof all;
    assert.deepEqual(street.catalogs.map((c) => [c.org.code, c.domain]), [['440105001', '户籍管理']]);
    const org = (await t.app.inject('/api/v1/catalogs?org=440309')).json() as typeof all;
    assert.deepEqual(org.catalogs.map((c) => c.domain).sort(), ['户籍管理', '税收管理']);
    assert.equal((await t.app.inject('/api/v1/catalogs?level=province')).json().code, 'invalid_level');
    assert.equal((await t.app.inject('/api/v1/catalogs?domain=火星')).json().code, 'domain_unknown');
    assert.equal((await t.app.inject('/api/v1/catalogs?org=999999')).statusCode, 404);
  });

  test('GET /api/v1/catalogs/{id} gives every column with the structured 公开时限', async () => {
    const res = await t.app.inject(`/api/v1/catalogs/${chigang}`);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.items.length, 4);
    assert.deepEqual(body.items[0].publish_deadline, { text: '形成或者变更之日起20个工作日内予以公开', kind: 'within_days', trigger: 'formation', days: 20, unit: 'working', period: null, description: '信息形成或变更之日起20个工作日内' });
    assert.deepEqual(body.items[0].channels, [{ code: 'service_center', label: '政务服务中心', text: '政务服务中心' }]);
    assert.deepEqual([body.items[0].item_level1, body.items[0].item_level2, body.items[0].body.name], ['暂住登记及居住证管理', '暂住登记', '来穗中心']);
    assert.deepEqual(body.items[0].tiers, { county: false, township: true, village: false });
    assert.equal((await t.app.inject('/api/v1/catalogs/999999')).json().code, 'catalog_not_found');
    assert.equal((await t.app.inject('/api/v1/catalogs/abc')).statusCode, 400);
    const openapi = (await t.app.inject('/api/v1/openapi.json')).json();
    assert.ok(openapi.paths['/api/v1/catalogs/{id}']);
  });

  const staffRoutes: { method: 'GET' | 'POST'; url: () => string; outsider: string; form?: () => Record<string, string> }[] = [
    { method: 'GET', url: () => '/staff/catalogs', outsider: 'cizhou.handler' },
    { method: 'GET', url: () => '/staff/catalogs/new', outsider: 'cizhou.handler' },
    { method: 'GET', url: () => `/staff/catalogs/${chigang}`, outsider: 'longhua.admin' },
    { method: 'GET', url: () => '/staff/catalogs/import', outsider: 'cizhou.handler' },
    { method: 'GET', url: () => '/staff/catalogs/domains', outsider: 'cizhou.handler' },
    { method: 'GET', url: () => '/staff/catalogs/export?org=440105001', outsider: 'longhua.admin' },
    { method: 'POST', url: () => '/staff/catalogs', outsider: 'longhua.admin', form: () => ({ org: '440105001', domain: '20', kind: 'local' }) },
    { method: 'POST', url: () => `/staff/catalogs/${chigang}/draft`, outsider: 'longhua.admin' },
    { method: 'POST', url: () => '/staff/catalogs/domains', outsider: 'cixian.editor', form: () => ({ name: '自然资源' }) },
    { method: 'POST', url: () => '/staff/catalogs/domains/1', outsider: 'cixian.editor', form: () => ({ name: '城乡规划' }) },
    { method: 'POST', url: () => '/staff/catalogs/domains/1', outsider: 'longhua.admin', form: () => ({ name: '城乡规划' }) }, // shared list: platform admins only
    { method: 'POST', url: () => '/staff/catalogs/derive', outsider: 'longhua.admin', form: () => ({ baseline: String(chigang), derive_org: '440105002' }) },
    { method: 'POST', url: () => '/staff/catalogs/import', outsider: 'cizhou.handler' },
    { method: 'GET', url: () => `/staff/catalogs/versions/${vid}/compare?against=previous`, outsider: 'longhua.admin' },
    { method: 'GET', url: () => `/staff/catalogs/versions/${vid}/items/new`, outsider: 'longhua.admin' },
    { method: 'GET', url: () => `/staff/catalogs/versions/${vid}/items/${itemId}/edit`, outsider: 'longhua.admin' },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/items`, outsider: 'longhua.admin', form: () => ({ level1: 'x', content: 'y', mode_proactive: '1' }) },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/items/${itemId}`, outsider: 'longhua.admin', form: () => ({ level1: 'x', content: 'y', mode_proactive: '1' }) },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/items/${itemId}/move?direction=down`, outsider: 'longhua.admin' },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/items/${itemId}/delete`, outsider: 'longhua.admin' },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/link-body`, outsider: 'longhua.admin', form: () => ({ body: '社会事务科', org: '440105001' }) },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/publish`, outsider: 'longhua.admin' },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/publish`, outsider: 'cixian.editor' },
    { method: 'POST', url: () => `/staff/catalogs/versions/${vid}/discard`, outsider: 'longhua.admin' },
  ];
  for (const r of staffRoutes) {
    test(`${r.method} ${r.url.toString().replace(/^\(\) => /, '')} is 401 signed out and 403 for ${r.outsider}`, async () => {
      const anon = r.method === 'GET' ? await t.app.inject(r.url()) : await postForm(t.app, r.url(), `gk_csrf=${CSRF}`, r.form?.() ?? {});
      assert.equal(anon.statusCode, 401);
      const res = r.method === 'GET' ? await t.app.inject({ url: r.url(), headers: { cookie: cookies[r.outsider]! } }) : await postForm(t.app, r.url(), cookies[r.outsider]!, r.form?.() ?? {});
      assert.equal(res.statusCode, 403);
    });
  }

  test('a refusal to create a catalogue for another county names only the code typed, not the organisation', async () => {
    const domain = await get().db.selectFrom('catalog_domain').select('id').orderBy('id').executeTakeFirstOrThrow();
    const res = await postForm(t.app, '/staff/catalogs', cookies['longhua.admin']!, { org: '440105001', domain: String(domain.id), kind: 'local', title: '越权目录' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /单位「440105001」/);
    assert.doesNotMatch(res.body, /赤岗街道/);
  });

  test('the owner of the draft can use those routes: edit, link a body, move, compare', async () => {
    const me = cookies.admin2!;
    assert.equal((await t.app.inject({ url: `/staff/catalogs/versions/${vid}/items/${itemId}/edit`, headers: { cookie: me } })).statusCode, 200);
    const link = await postForm(t.app, `/staff/catalogs/versions/${vid}/link-body`, me, { body: '社会事务科', org: '440105001' });
    assert.equal(link.statusCode, 303);
    assert.ok((await itemsOf(get().db, vid)).every((i) => i.bodyOrgCode === '440105001'));
    const badLink = await postForm(t.app, `/staff/catalogs/versions/${vid}/link-body`, me, { body: '社会事务科', org: '999999' });
    assert.equal(badLink.statusCode, 409);
    assert.match(badLink.body, /找不到单位「999999」/);
    // admin2 (广东) may edit this 海珠区 catalogue, but may not make a 龙华区 unit (another county) its body
    const foreignLink = await postForm(t.app, `/staff/catalogs/versions/${vid}/link-body`, me, { body: '社会事务科', org: '440309-gaj' });
    assert.equal(foreignLink.statusCode, 409);
    assert.match(foreignLink.body, /不在本目录所属县（区）内/);
    assert.ok((await itemsOf(get().db, vid)).every((i) => i.bodyOrgCode === '440105001'), 'nothing relinked');
    const foreignItem = await postForm(t.app, `/staff/catalogs/versions/${vid}/items/${itemId}`, me, { level1: '社会救助', content: '救助', body: '社会事务科', body_org: '130427-mzj', mode_proactive: '1' });
    assert.equal(foreignItem.statusCode, 400);
    assert.match(foreignItem.body, /不在本目录所属县（区）内/);
    assert.ok((await itemsOf(get().db, vid)).every((i) => i.bodyOrgCode !== '130427-mzj'));
    assert.equal((await postForm(t.app, `/staff/catalogs/versions/${vid}/items/${itemId}/move?direction=down`, me)).statusCode, 303);
    assert.equal((await itemsOf(get().db, vid))[1]!.id, itemId);
    const cmp = await t.app.inject({ url: `/staff/catalogs/versions/${vid}/compare?against=previous`, headers: { cookie: me } });
    assert.equal(cmp.statusCode, 200);
    assert.match(cmp.body, /较上一发布版增加 0 项、删除 0 项、修改 0 项/, 'linking a body and reordering change no column of the table');
    const published = (await listCatalogs(get().db, { orgCode: '440105001' })).find((c) => c.id === aid)!.publishedVersionId!;
    const edit = await postForm(t.app, `/staff/catalogs/versions/${published}/items/${(await itemsOf(get().db, published))[0]!.id}`, me, { level1: 'x', content: 'y', mode_proactive: '1' });
    assert.equal(edit.statusCode, 409, 'a published version cannot be edited');
  });

  test('staff edit a draft, publish it, and the public sees the new version; each write is audited', async () => {
    const me = cookies.admin2!;
    const draft = await postForm(t.app, `/staff/catalogs/${chigang}/draft`, me);
    assert.equal(draft.statusCode, 303);
    const [c] = (await listCatalogs(get().db, { orgCode: '440105001' })).filter((x) => x.id === chigang);
    const vid = c!.draftVersionId!;
    const bad = await postForm(t.app, `/staff/catalogs/versions/${vid}/items`, me, { level1: '', content: '', body: '来穗中心' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写一级事项/);
    assert.match(bad.body, /请勾选公开方式/);
    assert.match(bad.body, /value="来穗中心"/);
    const add = await postForm(t.app, `/staff/catalogs/versions/${vid}/items`, me, {
      level1: '暂住登记及居住证管理', level2: '居住证注销', content: '注销条件、办理流程', deadline_text: '信息形成之日起3个工作日内', body: '来穗中心', channels: '政务服务中心\n海珠区政府网', audience_public: '1', mode_proactive: '1', tier_township: '1',
    });
    assert.equal(add.statusCode, 303);
    const before = (await t.app.inject(`/api/v1/catalogs/${chigang}`)).json() as { items: { id: unknown; key: string }[] };
    assert.equal(before.items.length, 4, 'the draft is not public');
    const pub = await postForm(t.app, `/staff/catalogs/versions/${vid}/publish`, me);
    assert.equal(pub.statusCode, 303);
    const body = (await t.app.inject(`/api/v1/catalogs/${chigang}`)).json();
    assert.equal(body.version, 2);
    // An item's public id is its key, the same in the new version (row numbers are copied per version and never shown).
    assert.deepEqual(body.items.slice(0, 4).map((i: { id: unknown }) => i.id), before.items.map((i) => i.key));
    assert.ok(body.items.every((i: { id: unknown; key: string }) => i.id === i.key && typeof i.id === 'string'));
    assert.deepEqual(body.items[4].channels.map((x: { code: string }) => x.code), ['service_center', 'other']);
    const again = await postForm(t.app, `/staff/catalogs/versions/${vid}/publish`, me);
    assert.equal(again.statusCode, 409);
    const actions = (await get().db.selectFrom('audit_log').select('action').where('entity', '=', 'catalog').execute()).map((a) => a.action);
    for (const a of ['catalog.draft', 'catalog.item_create', 'catalog.publish']) assert.ok(actions.includes(a), a);
  });

  test('upload: a bad file lists every problem and imports nothing; a good one makes a draft', async () => {
    const me = cookies['longhua.admin']!;
    const before = (await listCatalogs(get().db, { orgCode: '440309003001' })).length;
    const badCsv = Buffer.from('社会救助领域目录\n序号,公开事项,公开内容,公开方式\n1,低保,,√\n2,特困,名单,\n');
    const bad = await t.app.inject({ method: 'POST', url: '/staff/catalogs/import', ...withCookie(multipart({ _csrf: CSRF, org: '440309003001' }, { name: 'x.csv', content: badCsv }), me) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /第3行「公开内容（要素）」：未填写/);
    assert.match(bad.body, /第4行「公开方式」：未勾选/);
    assert.match(bad.body, /value="440309003001"/);
    assert.equal((await listCatalogs(get().db, { orgCode: '440309003001' })).length, before);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/staff/catalogs/import', ...withCookie(multipart({ org: '440309003001' }, { name: 'x.csv', content: badCsv }), me) });
    assert.equal(noCsrf.statusCode, 403);
    const good = await t.app.inject({ method: 'POST', url: '/staff/catalogs/import', ...withCookie(multipart({ _csrf: CSRF, org: '440309003001' }, { name: 'x.csv', content: fs.readFileSync('test/fixtures/catalog-gb18030.csv') }), me) });
    assert.equal(good.statusCode, 200);
    assert.match(good.body, /导入成功/);
    assert.match(good.body, /社会救助：第1版，1 项，草稿/);
  });

  test('ids that are not a PostgreSQL integer (1.5, 1e3, -1, 2^40, text) are 404/400, never 500', async () => {
    const c = { cookie: cookies.admin2! };
    for (const id of ['1e3', '-1', '1.5', '99999999999', '0x10']) {
      assert.equal((await t.app.inject(`/openness/catalogs/${id}`)).statusCode, 404, id);
      assert.equal((await t.app.inject({ url: `/staff/catalogs/${id}`, headers: c })).statusCode, 404, id);
      assert.equal((await t.app.inject({ url: `/staff/catalogs/versions/${id}/compare`, headers: c })).statusCode, 404, id);
      assert.equal((await postForm(t.app, `/staff/catalogs/versions/${id}/publish`, cookies.admin2!)).statusCode, 404, id);
      assert.equal((await t.app.inject({ url: `/staff/catalogs/export?org=440105001&domain=${id}`, headers: c })).statusCode, 400, id);
      const derive = await postForm(t.app, '/staff/catalogs/derive', cookies.admin2!, { baseline: id, derive_org: '440105001' });
      assert.equal(derive.statusCode, 400, id);
      assert.match(derive.body, /class="error-summary"|找不到/);
    }
    assert.equal((await t.app.inject({ url: `/staff/catalogs/${aid}?version=99999999999`, headers: c })).statusCode, 200);
  });

  test('upload: a cut-off or malformed multipart body and a CSV of only the header are 400 with a reason', async () => {
    const me = cookies['longhua.admin']!;
    const header = '序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,,\n'
      + ',一级事项,二级事项,,,,,,全社会,特定群众,主动,依申请公开,区级,街道级,社区级\n';
    const whole = multipart({ _csrf: CSRF, org: '440309003001', domain: '户籍管理' }, { name: 'x.csv', content: Buffer.from(header) });
    const only = await t.app.inject({ method: 'POST', url: '/staff/catalogs/import', ...withCookie(whole, me) });
    assert.equal(only.statusCode, 400);
    assert.match(only.body, /表格中没有事项/);
    const cut = { payload: whole.payload.subarray(0, whole.payload.length - 60), headers: whole.headers };
    const garbage = { payload: Buffer.from('--zz\r\nnot a part header\r\n\r\nx'), headers: { 'content-type': 'multipart/form-data; boundary=zz' } };
    for (const m of [cut, garbage]) {
      const res = await t.app.inject({ method: 'POST', url: '/staff/catalogs/import', ...withCookie(m, me) });
      assert.ok(res.statusCode === 400 || res.statusCode === 403, `got ${res.statusCode}`);
    }
    const res = await t.app.inject({ method: 'POST', url: '/staff/catalogs/import', ...withCookie({ payload: Buffer.from('garbage'), headers: { 'content-type': 'multipart/form-data; boundary=zz' } }, me) });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /上传的内容不完整或格式不正确/);
  });

  test('the ?done= notice shows only the module own messages, not text planted in a link', async () => {
    const c = { cookie: cookies.admin2! };
    const ok = await t.app.inject({ url: `/staff/catalogs/${aid}?done=${encodeURIComponent('第3版已发布')}`, headers: c });
    assert.match(ok.body, /已完成：第3版已发布/);
    const planted = await t.app.inject({ url: `/staff/catalogs/${aid}?done=${encodeURIComponent('系统升级，请拨打 010-12345678 验证账号')}`, headers: c });
    assert.equal(planted.statusCode, 200);
    assert.doesNotMatch(planted.body, /已完成|010-12345678/);
    assert.doesNotMatch((await t.app.inject({ url: `/staff/catalogs?done=${encodeURIComponent('请重新登录')}`, headers: c })).body, /请重新登录/);
  });
}, withDemo);

function withCookie(m: { payload: Buffer; headers: Record<string, string> }, cookie: string) {
  return { payload: m.payload, headers: { ...m.headers, cookie } };
}
