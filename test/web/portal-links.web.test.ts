// /staff/portal/links: the entrances to other government portals on the home page. Platform data:
// a platform administrator keeps them (audited); a county administrator is refused; bad input is a
// 400 with a Chinese message and the typed values kept; the home page shows the change at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { listAudit } from '../../src/platform/audit/audit.ts';
import { platformView } from '../../src/schema.ts';

forEachDialect('portal entrances (/staff/portal/links)', (get) => {
  let t: TestApp;
  let platform: string;
  let county: string;
  before(async () => {
    t = await buildTestApp(get());
    platform = await signIn(t.app, 'platform');
    county = await signIn(t.app, 'longhua.admin');
  });
  after(async () => t.app.close());

  const count = async () => Number((await get().db.selectFrom('portal_link').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  test('a platform administrator sees the entrances; signed out is sent to sign in', async () => {
    const res = await t.app.inject({ url: '/staff/portal/links', headers: { cookie: platform } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /河北省人民政府[\s\S]*https:\/\/www\.hebei\.gov\.cn\//);
    const out = await t.app.inject('/staff/portal/links');
    assert.ok([401, 303].includes(out.statusCode));
  });

  test('a county administrator is refused every page and write, and nothing changes', async () => {
    const before = await count();
    assert.equal((await t.app.inject({ url: '/staff/portal/links', headers: { cookie: county } })).statusCode, 403);
    const add = await postForm(t.app, '/staff/portal/links', county, { level: 'county', name: '龙华区门户', url: 'https://example.org/' });
    assert.equal(add.statusCode, 403);
    const first = await get().db.selectFrom('portal_link').select('id').orderBy('id').executeTakeFirstOrThrow();
    assert.equal((await postForm(t.app, `/staff/portal/links/${first.id}/delete`, county)).statusCode, 403);
    assert.equal((await postForm(t.app, `/staff/portal/links/${first.id}`, county, { level: 'county', name: 'x', url: 'https://example.org/' })).statusCode, 403);
    assert.equal(await count(), before);
  });

  test('bad input: 400 with the Chinese reason, the typed values kept, nothing saved', async () => {
    const before = await count();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ level: 'province', name: '测试门户', url: 'javascript:alert(1)' }, 'url', /网址格式不正确/],
      [{ level: 'province', name: '测试门户', url: 'ftp://example.org/' }, 'url', /网址格式不正确/],
      [{ level: 'province', name: '测试门户', url: 'https://user:secret@example.org/' }, 'url', /网址格式不正确/],
      [{ level: 'province', name: '测试门户', url: 'www.example.org' }, 'url', /网址格式不正确/],
      [{ level: 'province', name: '测试门户', url: '' }, 'url', /请填写网址/],
      [{ level: 'township', name: '测试门户', url: 'https://example.org/' }, 'level', /请选择层级/],
      [{ level: 'province', name: '', url: 'https://example.org/' }, 'name', /请填写网站名称/],
      [{ level: 'province', name: '测试门户', url: 'https://example.org/', sort_order: '-1' }, 'sort_order', /排序须为/],
    ];
    for (const [form, fieldName, message] of cases) {
      const res = await postForm(t.app, '/staff/portal/links', platform, form);
      assert.equal(res.statusCode, 400, `${JSON.stringify(form)}`);
      assert.match(res.body, /<title>错误：/);
      assert.match(res.body, message);
      assert.match(res.body, new RegExp(`href="#${fieldName}"`), 'the error summary points at the field');
      if (form.name) assert.match(res.body, new RegExp(`name="name" type="text" value="${form.name}"`), 'name kept');
      if (form.url && fieldName === 'url') assert.ok(res.body.includes(`value="${form.url.replace(/&/g, '&amp;')}"`), 'url kept');
    }
    assert.equal(await count(), before);
  });

  test('add (level by code or Chinese label), edit and delete: audited, and the home page shows each change', async () => {
    const db = get().db;
    const add = await postForm(t.app, '/staff/portal/links', platform, { level: '市级政府门户', name: '测试市人民政府', url: 'https://test-city.example.gov.cn/', sort_order: '9' });
    assert.equal(add.statusCode, 303);
    const row = await db.selectFrom('portal_link').selectAll().where('name', '=', '测试市人民政府').executeTakeFirstOrThrow();
    assert.equal(row.level, 'city');
    assert.equal(row.sort_order, 9);
    let home = (await t.app.inject('/')).body;
    assert.match(home, /data-link-level="city"[\s\S]*<a href="https:\/\/test-city\.example\.gov\.cn\/"[^>]*>测试市人民政府<\/a>/);
    const audit = await listAudit(platformView(db), { entity: 'portal_link', entityId: String(row.id), limit: 5 });
    assert.equal(audit[0]?.action, 'portal.link.add');

    const edit = await t.app.inject({ url: `/staff/portal/links/${row.id}`, headers: { cookie: platform } });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /value="测试市人民政府"/);
    const bad = await postForm(t.app, `/staff/portal/links/${row.id}`, platform, { level: 'city', name: '改名后的市政府', url: 'http://' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="改名后的市政府"/);
    assert.equal((await db.selectFrom('portal_link').select('name').where('id', '=', row.id).executeTakeFirstOrThrow()).name, '测试市人民政府', 'nothing saved');
    assert.equal((await postForm(t.app, `/staff/portal/links/${row.id}`, platform, { level: 'county', name: '改名后的县政府', url: 'https://test-county.example.gov.cn/' })).statusCode, 303);
    home = (await t.app.inject('/')).body;
    assert.match(home, /data-link-level="county"[\s\S]*改名后的县政府/);
    assert.ok(!home.includes('测试市人民政府'));

    assert.equal((await postForm(t.app, `/staff/portal/links/${row.id}/delete`, platform)).statusCode, 303);
    assert.ok(!(await t.app.inject('/')).body.includes('改名后的县政府'));
    assert.deepEqual((await listAudit(platformView(db), { entity: 'portal_link', entityId: String(row.id), limit: 5 })).map((a) => a.action), ['portal.link.delete', 'portal.link.update', 'portal.link.add']);
    assert.equal((await postForm(t.app, `/staff/portal/links/${row.id}/delete`, platform)).statusCode, 404, 'gone');
    assert.equal((await t.app.inject({ url: '/staff/portal/links/abc', headers: { cookie: platform } })).statusCode, 404);
  });
}, withDemo);
