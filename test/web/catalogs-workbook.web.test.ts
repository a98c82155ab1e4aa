// 海珠 (issue 16): the 一本通 workbook of a district's whole organisation subtree and the 照单公开
// lists by pilot domain, over the demo data on SQLite and PostgreSQL. The workbook re-imports sheet
// by sheet through the catalogue parser with the rows that are published; it is bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { catalogService, itemsOf, listCatalogs, listDomains } from '../../src/modules/catalogs/index.ts';
import { readGrids } from '../../src/modules/catalogs/catalog-files.ts';
import { INDEX_HEADER, parseSheet } from '../../src/modules/catalogs/catalog-sheet.ts';
import type { CatalogItem, CatalogItemInput } from '../../src/modules/catalogs/catalog-model.ts';

/** What a sheet row carries of an item (the columns of the official layout). */
const cells = (it: CatalogItemInput | CatalogItem) => ({
  level1: it.level1, level2: it.level2, content: it.content, basis: it.basis, deadline: it.deadlineText, body: it.body, channels: it.channels.map((c) => c.text),
  ticks: [it.audiencePublic, it.audienceSpecific, it.modeProactive, it.modeOnRequest, it.tierCounty, it.tierTownship, it.tierVillage],
});

forEachDialect('一本通 workbook and 照单公开 by domain', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get()); });
  after(async () => t.app.close());

  for (const district of ['440105', '440309']) {
    test(`the ${district} workbook: a 目录 sheet, then every published catalogue of the subtree, each re-imported with the same rows`, async () => {
      const res = await t.app.inject(`/openness/catalogs/org/${district}/export.xlsx`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      assert.match(decodeURIComponent(String(res.headers['content-disposition'])), /一本通/);
      const db = get().db;
      const org = (await db.selectFrom('organisation').select('path').where('code', '=', district).executeTakeFirstOrThrow());
      const catalogs = await listCatalogs(db, { paths: [org.path], published: true, kind: 'local' });
      assert.ok(catalogs.some((c) => c.orgCode !== district), 'streets (and communities) are in it');
      const grids = await readGrids(res.rawPayload);
      assert.equal(grids.length, catalogs.length + 1);
      const [index, ...sheets] = grids;
      assert.equal(index!.name, '目录');
      assert.deepEqual(index!.cells[1], INDEX_HEADER);
      const names = sheets.map((g) => g.name);
      assert.deepEqual(index!.cells.slice(2, 2 + catalogs.length).map((r) => r[1]), names, 'the 目录 lists the sheets in order');
      assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
      for (const n of names) { assert.ok(n.length <= 31, n); assert.doesNotMatch(n, /[\\/?*[\]:]/); }
      for (const [i, c] of catalogs.entries()) {
        const parsed = parseSheet(sheets[i]!, { level: c.level });
        assert.deepEqual(parsed.errors, [], `${names[i]}: ${JSON.stringify(parsed.errors)}`);
        assert.equal(parsed.title, c.title);
        const published = await itemsOf(db, c.publishedVersionId!);
        assert.deepEqual(parsed.items.map(cells), published.map(cells), names[i]);
        assert.ok(names[i]!.endsWith(c.domainName), names[i]);
      }
    });
  }

  test('a street\'s workbook holds its own catalogues; unknown organisation 404; a subtree without catalogues 404', async () => {
    const street = await readGrids((await t.app.inject('/openness/catalogs/org/440105001/export.xlsx')).rawPayload);
    assert.deepEqual(street.map((g) => g.name).sort(), ['目录', '赤岗街道-户籍管理', '赤岗街道-社会救助'].sort());
    assert.equal((await t.app.inject('/openness/catalogs/org/999999/export.xlsx')).statusCode, 404);
    const none = await t.app.inject('/openness/catalogs/org/130427/export.xlsx');
    assert.equal(none.statusCode, 404);
    assert.match(none.body, /没有可导出的目录/);
  });

  test('the 目录 sheet gives each catalogue\'s 发布日期 as the day in Beijing (published 07:30 on 3 March is 3 March)', async () => {
    const db = get().db;
    const c = (await listCatalogs(db, { orgCode: '440105001', published: true, kind: 'local' }))[0]!;
    const was = await db.selectFrom('catalog_version').select('published_at').where('id', '=', c.publishedVersionId!).executeTakeFirstOrThrow();
    await db.updateTable('catalog_version').set({ published_at: '2026-03-02T23:30:00.000Z' }).where('id', '=', c.publishedVersionId!).execute();
    try {
      const [index] = await readGrids((await t.app.inject('/openness/catalogs/org/440105001/export.xlsx')).rawPayload);
      const row = index!.cells.find((r) => r[5] === c.title)!;
      assert.equal(row[INDEX_HEADER.indexOf('发布日期')], '2026-03-03');
    } finally {
      await db.updateTable('catalog_version').set({ published_at: was.published_at }).where('id', '=', c.publishedVersionId!).execute();
    }
  });

  test('a street\'s 一本通 imports as downloaded (the 目录 sheet is skipped) into another street, all its catalogues', async () => {
    const buffer = (await t.app.inject('/openness/catalogs/org/440105001/export.xlsx')).rawPayload;
    const r = await catalogService.importFile({ db: get().db, clock: t.clock }, { cli: true }, { orgCode: '440105003', buffer, fileName: '赤岗街道一本通.xlsx', publish: false });
    assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
    assert.deepEqual(r.value.catalogs.map((c) => c.domain).sort(), ['户籍管理', '社会救助'].sort());
    const source = await listCatalogs(get().db, { orgCode: '440105001', published: true });
    for (const c of r.value.catalogs) {
      const from = source.find((x) => x.domainName === c.domain)!;
      assert.deepEqual((await itemsOf(get().db, c.versionId)).map(cells), (await itemsOf(get().db, from.publishedVersionId!)).map(cells));
    }
    await get().db.deleteFrom('catalog_item').where('version_id', 'in', r.value.catalogs.map((c) => c.versionId)).execute();
    await get().db.deleteFrom('catalog_version').where('id', 'in', r.value.catalogs.map((c) => c.versionId)).execute();
    await get().db.deleteFrom('catalog').where('id', 'in', r.value.catalogs.map((c) => c.catalogId)).execute();
  });

  test('bounded: over the limits the workbook is refused (409, Chinese message) and the page says so instead of linking', async () => {
    const limited = await catalogService.exportWorkbook({ db: get().db, clock: t.clock }, '440309', { sheets: 3, items: 10_000 });
    assert.equal(limited.ok, false);
    assert.ok(!limited.ok && limited.code === 'workbook_too_large' && /共有 4 个已发布目录.*超过一本通工作簿的上限（3 个目录/.test(limited.errors[0]!));
    const saved = { ...catalogService.WORKBOOK_LIMITS };
    try {
      catalogService.WORKBOOK_LIMITS.items = 5;
      const res = await t.app.inject('/openness/catalogs/org/440105/export.xlsx');
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /超过一本通工作簿的上限（500 个目录、5 项），未生成文件。请从各街道、部门的目录页分别下载/);
      const page = await t.app.inject('/openness/catalogs/org/440105');
      assert.doesNotMatch(page.body, /export\.xlsx/);
      assert.match(page.body, /目录数量超过一本通工作簿的上限/);
    } finally {
      Object.assign(catalogService.WORKBOOK_LIMITS, saved);
    }
  });

  test('the district page links the workbook and the domain lists; a catalogue page links its domain\'s list', async () => {
    const domains = await listDomains(get().db);
    const relief = domains.find((d) => d.name === '社会救助')!;
    const page = await t.app.inject('/openness/catalogs/org/440105');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/openness\/catalogs\/org\/440105\/export.xlsx"/);
    assert.match(page.body, /共 1 个单位发布了 2 个标准目录/);
    assert.match(page.body, new RegExp(`href="/openness/disclosures/org/440105/domain/${relief.id}">社会救助（1个目录）`));
    const index = await t.app.inject('/openness/catalogs');
    assert.match(index.body, /href="\/openness\/catalogs\/org\/440105">海珠区人民政府：全部目录/);
    const c = (await listCatalogs(get().db, { orgCode: '440105001' })).find((x) => x.domainId === relief.id)!;
    assert.match((await t.app.inject(`/openness/catalogs/${c.id}`)).body, new RegExp(`href="/openness/disclosures/org/440105/domain/${relief.id}"`));
  });

  test('照单公开 by domain: every visible record of the domain across the district, with its organisation, filterable by 单位', async () => {
    const domains = await listDomains(get().db);
    const relief = domains.find((d) => d.name === '社会救助')!;
    const url = `/openness/disclosures/org/440105/domain/${relief.id}`;
    const res = await t.app.inject(url);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>海珠区人民政府社会救助领域照单公开<\/h1>/);
    const titles = [...res.body.matchAll(/<td><a href="\/openness\/disclosures\/[^"]+">([^<]+)<\/a><\/td><td><a href="\/openness\/disclosures\/org\/([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2], m[3]]);
    // The records linked to 社会救助 items, newest first, each with its organisation (DB is the reference).
    const db = get().db;
    const expected = await db.selectFrom('disclosure as d').innerJoin('disclosure_catalog_item as l', 'l.disclosure_id', 'd.id').innerJoin('catalog as c', 'c.id', 'l.catalog_id')
      .innerJoin('organisation as o', 'o.code', 'd.org_code').select(['d.title', 'd.org_code', 'o.name']).where('c.domain_id', '=', relief.id).where('d.state', '=', 'published')
      .where('d.org_path', 'like', '/44/4401/440105/%').orderBy('d.published_at', 'desc').execute();
    assert.ok(expected.length >= 2);
    assert.deepEqual(titles, expected.map((e) => [e.title, e.org_code, e.name]));
    assert.doesNotMatch(res.body, /居住证办理指南/, 'another domain\'s record is not listed');
    // 单位 filter: the street has them; the 来穗局 has none; a unit outside the district is refused.
    assert.equal([...(await t.app.inject(`${url}?unit=440105001`)).body.matchAll(/<td>\d{4}-\d{2}-\d{2}<\/td>/g)].length, expected.length);
    assert.match((await t.app.inject(`${url}?unit=440105-lsz`)).body, /暂无公开信息/);
    const outside = await t.app.inject(`${url}?unit=440309`);
    assert.equal(outside.statusCode, 400);
    assert.match(outside.body, /所选单位不在「海珠区人民政府」及其下属单位范围内/);
    assert.equal((await t.app.inject(`/openness/disclosures/org/440105/domain/${encodeURIComponent('社会救助')}`)).statusCode, 200, 'by name too');
    assert.equal((await t.app.inject('/openness/disclosures/org/440105/domain/999999')).statusCode, 404);
    assert.equal((await t.app.inject(`/openness/disclosures/org/440105/domain/${relief.id}?page=0`)).statusCode, 400);
    // The API gives the same records.
    const api = (await t.app.inject(`/api/v1/disclosures?org=440105&domain=${encodeURIComponent('社会救助')}`)).json() as { total: number; items: { title: string; org: string }[] };
    assert.equal(api.total, expected.length);
    assert.deepEqual(api.items.map((i) => [i.title, i.org]), expected.map((e) => [e.title, e.org_code]));
    assert.equal((await t.app.inject('/api/v1/disclosures?domain=火星')).json().code, 'invalid_domain');
  });
}, withDemo);
