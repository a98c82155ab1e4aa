// Catalogue import, export, versions, derivation and diffs on both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { catalogService as svc, listCatalogs, itemsOf, listVersions, resolveItemRefs } from '../../src/modules/catalogs/index.ts';
import { readGrids } from '../../src/modules/catalogs/catalog-files.ts';

const SEED = path.resolve('seed/catalogs');
const seed = (f: string) => fs.readFileSync(path.join(SEED, f));
const cli = { cli: true as const };

forEachDialect('catalogues', (get) => {
  const deps = () => ({ db: get().db, clock: fixedClock('2026-09-18T02:00:00Z') });
  const counts = async () => {
    const db = get().db;
    const n = async (t: 'catalog' | 'catalog_version' | 'catalog_item') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { catalogs: await n('catalog'), versions: await n('catalog_version'), items: await n('catalog_item') };
  };

  test('the seed table of 赤岗街 imports as a draft, then publishes; bodies link by exact name', async () => {
    const r = await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: seed('440105001-户籍管理.csv'), fileName: 'a.csv', publish: false });
    assert.ok(r.ok, JSON.stringify(r));
    const [c] = r.value.catalogs;
    assert.deepEqual([c!.domain, c!.items, c!.versionNo, c!.published, c!.unlinkedBodies], ['户籍管理', 4, 1, false, ['来穗中心']]);
    const list = await listCatalogs(get().db, { orgCode: '440105002' });
    assert.equal(list[0]!.level, 'township');
    assert.equal(list[0]!.publishedVersionId, null);
    const pub = await svc.publish(deps(), cli, c!.versionId);
    assert.deepEqual(pub, { ok: true, value: { versionNo: 1 } });
    const items = await itemsOf(get().db, c!.versionId);
    assert.deepEqual(items[0]!.deadline, { kind: 'within_days', trigger: 'formation', days: 20, unit: 'working' });
  });

  test('a published version never changes; a new draft copies it with the same item keys', async () => {
    const [c] = await listCatalogs(get().db, { orgCode: '440105002' });
    const v1 = c!.publishedVersionId!;
    const item = (await itemsOf(get().db, v1))[0]!;
    const edit = await svc.saveItem(deps(), cli, v1, item.id, { ...item, content: '改过' }, null);
    assert.deepEqual(edit, { ok: false, code: 'version_published', errors: ['已发布的版本不能修改，请先“新建草稿”'] });
    assert.equal((await itemsOf(get().db, v1))[0]!.content, item.content);
    const d = await svc.startDraft(deps(), cli, c!.id);
    assert.ok(d.ok);
    const copied = await itemsOf(get().db, d.value.versionId);
    assert.deepEqual(copied.map((i) => i.key), (await itemsOf(get().db, v1)).map((i) => i.key));
    const again = await svc.startDraft(deps(), cli, c!.id);
    assert.equal(again.ok ? '' : again.code, 'draft_exists');
    // Edit the draft: shorten one deadline, drop one item, add one.
    await svc.saveItem(deps(), cli, d.value.versionId, copied[1]!.id, { ...copied[1]!, deadlineText: '信息形成之日起3个工作日内' }, null);
    await svc.removeItem(deps(), cli, d.value.versionId, copied[3]!.id);
    await svc.saveItem(deps(), cli, d.value.versionId, null, { ...copied[0]!, level2: '居住证注销', seq: 0 }, null);
    await svc.moveItem(deps(), cli, d.value.versionId, copied[1]!.id, 'up');
    const after = await itemsOf(get().db, d.value.versionId);
    assert.deepEqual(after.map((i) => [i.seq, i.level2]), [[1, '居住证申领'], [2, '暂住登记'], [3, '居住证、补办'], [4, '居住证注销']]);
    assert.ok((await svc.publish(deps(), cli, d.value.versionId)).ok);
    const cmp = await svc.compare(deps(), d.value.versionId, 'previous');
    assert.equal(cmp!.diff.added.length, 1);
    assert.equal(cmp!.diff.removed.length, 1);
    assert.deepEqual(cmp!.diff.shortened.map((x) => x.after.level2), ['居住证申领']);
  });

  test('a catalogue derived from a guideline reports additions, removals, changes and shortened limits', async () => {
    const g = await svc.importFile(deps(), cli, { orgCode: '440105', buffer: seed('440309-户籍管理.csv'), fileName: 'g.csv', publish: true });
    assert.ok(g.ok);
    const d = await svc.deriveCatalog(deps(), cli, { baselineCatalogId: g.value.catalogs[0]!.catalogId, orgCode: '440105003' });
    assert.ok(d.ok, JSON.stringify(d));
    const items = await itemsOf(get().db, d.value.versionId);
    await svc.saveItem(deps(), cli, d.value.versionId, items[0]!.id, { ...items[0]!, deadlineText: '形成纸质意见之日起3个工作日内' }, null);
    await svc.saveItem(deps(), cli, d.value.versionId, null, { ...items[0]!, level1: '户口迁移证明', seq: 0 }, null);
    const cmp = await svc.compare(deps(), d.value.versionId, 'baseline');
    assert.equal(cmp!.baseCatalog.orgCode, '440105');
    assert.deepEqual([cmp!.diff.added.length, cmp!.diff.removed.length, cmp!.diff.changed.length], [1, 0, 1]);
    assert.equal(cmp!.diff.shortened[0]!.after.deadlineText, '形成纸质意见之日起3个工作日内');
  });

  test('export then import gives back the same catalogue (xlsx)', async () => {
    const ex = await svc.exportCatalogs(deps(), { orgCode: '440105002', format: 'xlsx' });
    assert.ok(ex.ok);
    assert.equal(ex.value.sheets, 1);
    const grids = await readGrids(ex.value.buffer);
    assert.equal(grids[0]!.cells[0]![0], '海珠区赤岗街户籍管理领域基层政务公开标准目录');
    assert.equal(grids[0]!.cells[2]![13], '街道级');
    const [c] = await listCatalogs(get().db, { orgCode: '440105002' });
    const published = await itemsOf(get().db, c!.publishedVersionId!);
    const re = await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: ex.value.buffer, fileName: 'x.xlsx', publish: false });
    assert.ok(re.ok, JSON.stringify(re));
    const back = await itemsOf(get().db, re.value.catalogs[0]!.versionId);
    const strip = (xs: typeof back) => xs.map(({ id: _i, ...rest }) => rest);
    assert.deepEqual(strip(back), strip(published));
    assert.ok((await svc.discardDraft(deps(), cli, re.value.catalogs[0]!.versionId)).ok);
  });

  test('bad files and an unknown organisation import nothing and say why', async () => {
    const before = await counts();
    const bad = [
      await svc.importFile(deps(), cli, { orgCode: 'nope', buffer: seed('440105001-户籍管理.csv'), fileName: 'a.csv', publish: false }),
      await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: Buffer.from('%PDF-1.4 garbage'), fileName: 'a.pdf', publish: false }),
      await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: Buffer.alloc(21 * 1024 * 1024, 7), fileName: 'big.xlsx', publish: false }),
      await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: randomBytes(10 * 1024 * 1024), fileName: 'garbage.csv', publish: false }),
      await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: Buffer.from('a,b,c\n'.repeat(1_500_000)), fileName: 'garbage.csv', publish: false }),
      await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), fileName: 'x.xlsx', publish: false }),
      await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: Buffer.from('户籍管理领域目录\n序号,公开事项,公开内容,公开方式\n1,出生登记,,√\n2,死亡登记,内容,\n'), fileName: 'a.csv', publish: false }),
    ];
    assert.deepEqual(bad.map((r) => (r.ok ? 'ok' : r.code)), ['import_invalid', 'file_type_unsupported', 'file_too_large', 'file_type_unsupported', 'import_invalid', 'file_corrupt', 'import_invalid']);
    assert.deepEqual(bad[0]!.ok ? [] : bad[0]!.errors, ['找不到单位「nope」']);
    assert.match(bad[4]!.ok ? '' : bad[4]!.errors[0]!, /^表头不正确/);
    assert.deepEqual(bad[6]!.ok ? [] : bad[6]!.errors, ['第3行「公开内容（要素）」：未填写', '第4行「公开方式」：未勾选']);
    assert.deepEqual(await counts(), before);
  });

  test('the demo loaded the seed tables as published catalogues', async () => {
    const demo = await listCatalogs(get().db, { orgCode: '440105001', published: true });
    assert.deepEqual(demo.map((c) => [c.domainName, c.itemCount]), [['社会救助', 4], ['户籍管理', 4]]);
  });

  test('references ORG/领域/一级事项[/二级事项] resolve to published items only', async () => {
    const refs = ['440105001/户籍管理/暂住登记及居住证管理/居住证申领', '440105001/户籍管理/暂住登记及居住证管理', '440105001/户籍管理/不存在', '440105003/户籍管理/出生登记', 'garbage'];
    const r = await resolveItemRefs(get().db, refs);
    assert.equal(r.get(refs[0]!)!.label, '赤岗街道办事处 · 户籍管理 · 居住证申领');
    assert.match(r.get(refs[0]!)!.href, /^\/openness\/catalogs\/\d+\/items\/[\w-]+$/);
    assert.equal(r.get(refs[1]!)!.label, '赤岗街道办事处 · 户籍管理 · 暂住登记', 'without 二级事项: the first item');
    assert.equal(r.get(refs[2]!), null);
    assert.equal(r.get(refs[3]!), null, 'a draft (derived, never published) is not resolved');
    assert.equal(r.get('garbage'), null);
  });

  test('two imports, creations or derivations at once: one succeeds, the other is refused (no 500, one draft)', async () => {
    const file = { buffer: seed('440105001-社会救助.csv'), fileName: 'a.csv', publish: false };
    const imports = await Promise.all([1, 2].map(() => svc.importFile(deps(), cli, { orgCode: '440105004', ...file })));
    assert.equal(imports.filter((r) => r.ok).length, 1, JSON.stringify(imports));
    const [c] = await listCatalogs(get().db, { orgCode: '440105004' });
    assert.equal((await listVersions(get().db, c!.id)).filter((v) => v.status === 'draft').length, 1);
    const creations = await Promise.all([1, 2].map(() => svc.createCatalog(deps(), cli, { orgCode: '440105005', domainId: 20, kind: 'local', title: '' })));
    assert.deepEqual(creations.map((r) => (r.ok ? 'ok' : r.code)).sort(), ['catalog_exists', 'ok']);
    const base = (await listCatalogs(get().db, { orgCode: '440105001', published: true }))[0]!;
    const derived = await Promise.all([1, 2].map(() => svc.deriveCatalog(deps(), cli, { baselineCatalogId: base.id, orgCode: '440105006' })));
    assert.equal(derived.filter((r) => r.ok).length, 1, JSON.stringify(derived));
  });

  test('a CSV saved by Excel on Chinese Windows (GB18030) is read', async () => {
    const buffer = fs.readFileSync(path.resolve('test/fixtures/catalog-gb18030.csv'));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(buffer), 'the fixture is not UTF-8');
    const r = await svc.importFile(deps(), cli, { orgCode: '440309003001', buffer, fileName: 'x.csv', publish: true });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.catalogs[0]!.domain, '社会救助');
    assert.equal((await listVersions(get().db, r.value.catalogs[0]!.catalogId))[0]!.status, 'published');
    assert.deepEqual((await itemsOf(get().db, r.value.catalogs[0]!.versionId)).map((i) => [i.level1, i.content]), [['临时救助', '救助标准、申请条件']]);
  });

  test('a draft import does not change the title the public sees with the published version', async () => {
    const db = get().db;
    const [c] = (await listCatalogs(db, { orgCode: '440105001' })).filter((x) => x.domainName === '户籍管理');
    assert.ok(c && c.publishedVersionId);
    const csv = Buffer.from(fs.readFileSync(path.join(SEED, '440105001-户籍管理.csv'), 'utf8').replace(/^[^,\n]*户籍管理[^,\n]*/, '改名后的户籍管理领域基层政务公开标准目录'));
    const draft = await svc.importFile(deps(), cli, { orgCode: '440105001', buffer: csv, fileName: 'd.csv', publish: false });
    assert.ok(draft.ok, JSON.stringify(draft));
    assert.equal((await listCatalogs(db, { orgCode: '440105001' })).find((x) => x.id === c.id)!.title, c.title);
    assert.ok((await svc.discardDraft(deps(), cli, draft.value.catalogs[0]!.versionId)).ok);
    const pub = await svc.importFile(deps(), cli, { orgCode: '440105001', buffer: csv, fileName: 'd.csv', publish: true });
    assert.ok(pub.ok, JSON.stringify(pub));
    assert.equal((await listCatalogs(db, { orgCode: '440105001' })).find((x) => x.id === c.id)!.title, '改名后的户籍管理领域基层政务公开标准目录');
  });

  test('CSV export then import gives back text starting with - or = (parseCsv drops the injection-guard apostrophe)', async () => {
    const csv = Buffer.from(fs.readFileSync(path.join(SEED, '440105001-户籍管理.csv'), 'utf8'));
    const r = await svc.importFile(deps(), cli, { orgCode: '440105002', buffer: csv, fileName: 'a.csv', publish: false, domainName: '户籍管理' });
    const c = r.ok ? r.value.catalogs[0]! : (await listCatalogs(get().db, { orgCode: '440105002' })).find((x) => x.domainName === '户籍管理')!;
    const vid = 'versionId' in c ? c.versionId : (c.draftVersionId ?? (await svc.startDraft(deps(), cli, c.id) as { value: { versionId: number } }).value.versionId);
    const [first] = await itemsOf(get().db, vid);
    assert.ok((await svc.saveItem(deps(), cli, vid, first!.id, { ...first!, basis: '-', content: '=不是公式' }, null)).ok);
    const ex = await svc.exportCatalogs(deps(), { orgCode: '440105002', format: 'csv', drafts: true, domainId: (await listCatalogs(get().db, { orgCode: '440105002' })).find((x) => x.domainName === '户籍管理')!.domainId });
    assert.ok(ex.ok, JSON.stringify(ex));
    assert.match(ex.value.buffer.toString('utf8'), /'=不是公式/);
    const [grid] = await readGrids(ex.value.buffer, 'x');
    assert.ok(grid!.cells.some((row) => row.includes('=不是公式') && row.includes('-')));
  });

  test('six 新建草稿 at once make one draft; the others are refused (draft_exists), never a 500', async () => {
    const [c] = await listCatalogs(get().db, { orgCode: '440309' });
    // six at once widen the window where one checks before another commits (PostgreSQL)
    const rs = await Promise.all(Array.from({ length: 6 }, () => svc.startDraft(deps(), cli, c!.id)));
    assert.deepEqual(rs.map((r) => (r.ok ? 'ok' : r.code)).sort(), ['draft_exists', 'draft_exists', 'draft_exists', 'draft_exists', 'draft_exists', 'ok']);
    assert.equal((await listVersions(get().db, c!.id)).filter((v) => v.status === 'draft').length, 1);
  });
}, withDemo);
