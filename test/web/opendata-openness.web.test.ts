// The openness datasets (issue 23): `catalogs`, `disclosures`, `application-statistics` over the demo
// rows and rows made here, on SQLite and PostgreSQL — content equals what the modules publish
// (/api/v1/catalogs/{id}, the record rows, the annual report cell by cell), a withdrawn, draft or
// not-yet-due record never appears, a government's file holds only its subtree, CSV cells are
// formula-safe, facts are null where there is no data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { insertRecord } from '../support/disclosures.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';
import type { DatasetScope, DatasetSource, Government } from '../../src/platform/datasets/datasets.ts';
import type { Database, Db } from '../../src/schema.ts';
import { DatasetCatalogue, listGovernments } from '../../src/modules/opendata/catalogue.ts';
import { DATASET_SOURCES } from '../../src/modules/opendata/sources.ts';
import { catalogsDataset, listCatalogs, itemsOf } from '../../src/modules/catalogs/index.ts';
import { disclosuresDataset } from '../../src/modules/disclosures/index.ts';
import { records } from '../../src/modules/disclosures/disclosures.datasets.ts';
import { applicationStatisticsDataset } from '../../src/modules/reports/index.ts';
import { APPLICATION_STATISTICS_CSV_HEADER, reportCells } from '../../src/modules/reports/reports.datasets.ts';
import { findOrganisation, findUserByUsername, type Actor } from '../../src/modules/identity/index.ts';
import { emptyTable3, ROW_INDEX } from '../../src/modules/reports/annual-format.ts';
import { withTotals } from '../../src/modules/reports/annual-tables.ts';
import * as reports from '../../src/modules/reports/reports.service.ts';
import { findReport } from '../../src/modules/reports/reports.repository.ts';
import { CATALOG_ITEM_CSV_HEADER } from '../../src/modules/catalogs/catalogs.datasets.ts';
import { DISCLOSURE_CSV_HEADER } from '../../src/modules/disclosures/disclosures.datasets.ts';

const NOW = '2026-03-02T02:00:00Z';
const clock = fixedClock(NOW);
const INSTALLATION: DatasetScope = { kind: 'installation' };
/** A government with no rows at all (its subtree is empty). */
const NOBODY: DatasetScope = { kind: 'government', government: { code: '999999', name: '无数据县', regionCode: '999999000000', path: '/99/9999/999999/' } };

async function text(source: DatasetSource<Database>, db: Db, scope: DatasetScope, file: string): Promise<string> {
  let out = '';
  for await (const chunk of source.open(db, scope, file, clock.now())) out += chunk;
  return out;
}

async function csv(source: DatasetSource<Database>, db: Db, scope: DatasetScope, file: string) {
  const raw = await text(source, db, scope, file);
  assert.ok(raw.startsWith('\uFEFF'), 'CSV starts with a BOM');
  assert.ok(raw.endsWith('\r\n'), 'CRLF lines');
  const [header, ...rows] = parseCsv(raw);
  return { raw, header: header!, rows };
}

async function jsonl(source: DatasetSource<Database>, db: Db, scope: DatasetScope, file: string): Promise<Record<string, unknown>[]> {
  const raw = await text(source, db, scope, file);
  return raw.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

forEachDialect('open data: openness datasets', (get) => {
  let t: TestApp;
  let db: Db;
  let gov: Government;
  let pathOf: Map<string, string>;
  const disclosures = disclosuresDataset();
  const statistics = applicationStatisticsDataset();
  const govScope = (): DatasetScope => ({ kind: 'government', government: gov });

  before(async () => {
    db = get().db;
    t = await buildTestApp(get(), clock);
    gov = (await listGovernments(db)).find((g) => g.code === '130427')!;
    assert.ok(gov, 'the demo county 磁县 is a government');
    pathOf = new Map((await db.selectFrom('organisation').select(['code', 'path']).execute()).map((o) => [o.code, o.path]));
    // Records made here: a formula in a title, a body that must never leak, a withdrawn one, one
    // scheduled after now, one of another county, and an attachment.
    await insertRecord(db, { indexNo: 'OD-TEST-0001', title: '=HYPERLINK("http://x","点")', bodyText: 'BODY-NEVER-IN-DATA', bodyHtml: '<p>BODY-NEVER-IN-DATA</p>', documentNo: '磁政〔2026〕9号', summary: '+概述', publishedAt: '2026-02-10T02:00:00.000Z' });
    await insertRecord(db, { indexNo: 'OD-TEST-0002', title: '已撤回的测试信息', state: 'withdrawn' });
    await insertRecord(db, { indexNo: 'OD-TEST-0003', title: '定时发布未到时间的测试信息', state: 'scheduled', publishedAt: '2026-03-09T02:00:00.000Z' });
    await insertRecord(db, { indexNo: 'OD-TEST-0004', title: '草稿测试信息', state: 'draft' });
    await insertRecord(db, { indexNo: 'OD-TEST-0005', title: '已到时间的定时发布', state: 'scheduled', publishedAt: '2026-03-01T02:00:00.000Z', orgCode: '130427-mzj' });
    const id = (await db.selectFrom('disclosure').select('id').where('index_no', '=', 'OD-TEST-0001').executeTakeFirstOrThrow()).id;
    await db.insertInto('disclosure_attachment').values({ disclosure_id: id, filename: '附件一.pdf', mime: 'application/pdf', size_bytes: 4, content_base64: 'JVBERg==', created_at: NOW }).execute();
  });
  after(async () => t.app.close());

  test('catalogs: one CSV row per item of each published catalogue, JSON Lines as the public API, scoped, facts', async () => {
    const list = await listCatalogs(db, { published: true, kind: 'local' });
    assert.ok(list.length > 0, 'the demo publishes catalogues');
    const { header, rows } = await csv(catalogsDataset, db, INSTALLATION, 'items.csv');
    assert.deepEqual(header, [...CATALOG_ITEM_CSV_HEADER]);
    assert.equal(rows.length, list.reduce((n, c) => n + c.itemCount, 0));
    // One catalogue's rows equal its published items, in 序号 order.
    const c = list[0]!;
    const items = await itemsOf(db, c.publishedVersionId!);
    const mine = rows.filter((r) => r[0] === String(c.id));
    assert.deepEqual(mine.map((r) => [r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[16]]), items.map((i) => [i.key, String(i.seq), i.level1, i.level2, i.content, i.basis, i.deadlineText, i.body]));
    assert.equal(mine[0]![2], c.orgCode);
    assert.equal(mine[0]![4], c.domainName);
    assert.equal(mine[0]![26], `/openness/catalogs/${c.id}/items/${encodeURIComponent(items[0]!.key)}`);
    assert.ok(rows.every((r) => r.length === CATALOG_ITEM_CSV_HEADER.length));

    const objects = await jsonl(catalogsDataset, db, INSTALLATION, 'catalogs.jsonl');
    assert.equal(objects.length, list.length);
    const api = (await t.app.inject(`/api/v1/catalogs/${c.id}`)).json();
    const line = objects.find((o) => o.id === c.id)!;
    assert.equal(line.url, `/openness/catalogs/${c.id}`);
    assert.deepEqual((line.items as Record<string, unknown>[]).map(({ url: _u, ...rest }) => rest), api.items);
    assert.equal(line.version, api.version);

    // 龙华区's file: only catalogues of its subtree (the demo's 海珠区 publishes too); a government with none has no dataset.
    const longhua = (await listGovernments(db)).find((x) => x.code === '440309')!;
    const scope: DatasetScope = { kind: 'government', government: longhua };
    const g = await csv(catalogsDataset, db, scope, 'items.csv');
    assert.ok(g.rows.length > 0 && g.rows.length < rows.length, 'another county publishes catalogues too');
    assert.ok(g.rows.every((r) => pathOf.get(r[2]!)!.startsWith(longhua.path)));
    assert.equal(g.rows.length, rows.filter((r) => pathOf.get(r[2]!)!.startsWith(longhua.path)).length);
    const facts = await catalogsDataset.facts(db, scope, clock.now());
    assert.equal(facts?.rows, g.rows.length);
    assert.match(facts?.lastModified ?? '', /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(await catalogsDataset.facts(db, NOBODY, clock.now()), null);
    assert.equal(await catalogsDataset.facts(db, govScope(), clock.now()), null, '磁县 publishes no catalogue in the demo');
    assert.equal((await text(catalogsDataset, db, NOBODY, 'items.csv')).split('\r\n').filter(Boolean).length, 1, 'header only');
  });

  test('catalogs: a draft is never in the file, only the newest published version', async () => {
    const c = (await listCatalogs(db, { published: true, kind: 'local' }))[0]!;
    const v = await db.insertInto('catalog_version').values({ catalog_id: c.id, version_no: 99, status: 'draft', origin: 'manual', baseline_version_id: c.publishedVersionId, note: '', created_at: NOW, created_by: 'test' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('catalog_item').values({
      version_id: v.id, item_key: 'draft-only', seq: 1, level1: '草稿事项DRAFT', level2: '', content: '', basis: '', deadline_text: '', deadline_kind: 'unparsed', deadline_trigger: null, deadline_days: null, deadline_unit: null, deadline_period: null,
      body: '', body_org_code: null, channels: '[]', audience_public: 1, audience_specific: 0, mode_proactive: 1, mode_on_request: 0, tier_county: 1, tier_township: 0, tier_village: 0,
    }).execute();
    try {
      const { raw } = await csv(catalogsDataset, db, INSTALLATION, 'items.csv');
      assert.ok(!raw.includes('草稿事项DRAFT'));
      assert.ok(!raw.includes(',99,'));
    } finally {
      await db.deleteFrom('catalog_item').where('version_id', '=', v.id).execute();
      await db.deleteFrom('catalog_version').where('id', '=', v.id).execute();
    }
  });

  test('disclosures: visible records only, metadata never the body, formula-safe, attachments, scoped, keyset batches', async () => {
    const nowIso = clock.now().toISOString();
    const visible = await db.selectFrom('disclosure').select(['index_no', 'org_path']).where('state', 'in', ['published', 'scheduled']).where('published_at', '<=', nowIso).execute();
    const { raw, header, rows } = await csv(disclosures, db, INSTALLATION, 'records.csv');
    assert.deepEqual(header, [...DISCLOSURE_CSV_HEADER]);
    assert.deepEqual(rows.map((r) => r[0]).sort(), visible.map((v) => v.index_no).sort());
    for (const hidden of ['OD-TEST-0002', 'OD-TEST-0003', 'OD-TEST-0004', '已撤回的测试信息']) assert.ok(!raw.includes(hidden), `${hidden} is not public`);
    // The demo's withdrawn 医保 notice is not there either.
    assert.ok(!raw.includes('集中缴费的通知'));
    assert.ok(rows.some((r) => r[0] === 'OD-TEST-0005'), 'a scheduled record whose time has come is public');
    assert.ok(!raw.includes('BODY-NEVER-IN-DATA'));
    // Formula guard: the raw cell starts with an apostrophe; parsed back it is the title.
    assert.ok(raw.includes(`"'=HYPERLINK(""http://x"",""点"")"`));
    assert.ok(raw.includes(",'+概述,"));
    const rec = rows.find((r) => r[0] === 'OD-TEST-0001')!;
    assert.equal(rec[1], '=HYPERLINK("http://x","点")');
    assert.equal(rec[6], '磁政〔2026〕9号');
    assert.equal(rec[3], '130427');
    assert.equal(rec[18], '2026-02-10');
    assert.equal(rec[20], '/openness/disclosures/OD-TEST-0001');
    assert.equal(rec[21], '附件一.pdf');
    assert.match(rec[22]!, /^\/openness\/disclosures\/OD-TEST-0001\/attachments\/\d+$/);
    const page = await t.app.inject(rec[22]!);
    assert.equal(page.statusCode, 200, 'the attachment address is public');

    const lines = await jsonl(disclosures, db, INSTALLATION, 'records.jsonl');
    assert.equal(lines.length, rows.length);
    const j = lines.find((l) => l.index_no === 'OD-TEST-0001')!;
    assert.deepEqual(j.org, { code: '130427', name: rec[4] });
    assert.equal((j.attachments as { name: string }[])[0]!.name, '附件一.pdf');
    assert.ok(!('body_text' in j) && !('body_html' in j) && !JSON.stringify(lines).includes('BODY-NEVER-IN-DATA'));

    // Government scope: its subtree only, and every such record.
    const g = await csv(disclosures, db, govScope(), 'records.csv');
    assert.deepEqual(g.rows.map((r) => r[0]).sort(), visible.filter((v) => v.org_path.startsWith(gov.path)).map((v) => v.index_no).sort());
    assert.ok(g.rows.length < rows.length, 'other counties publish too');

    // Keyset batches of 3 give the same records in the same order as one batch.
    const small: string[] = [];
    for await (const r of records(db, INSTALLATION, nowIso, 3)) small.push(r.row.index_no);
    assert.deepEqual(small, rows.map((r) => r[0]));

    const facts = await disclosures.facts(db, govScope(), clock.now());
    assert.equal(facts?.rows, g.rows.length);
    assert.equal(facts?.temporal?.end, '2026-03-01');
    assert.equal(await disclosures.facts(db, NOBODY, clock.now()), null);
    assert.equal((await jsonl(disclosures, db, NOBODY, 'records.jsonl')).length, 0);
  });

  test('application statistics: the annual report cell by cell (published and live), long CSV, JSON Lines, scoped', async () => {
    const org = (await findOrganisation(db, '130427'))!;
    const { header, rows } = await csv(statistics, db, govScope(), 'statistics.csv');
    assert.deepEqual(header, [...APPLICATION_STATISTICS_CSV_HEADER]);
    assert.ok(rows.every((r) => pathOf.get(r[1]!)!.startsWith(gov.path)));
    const cellsOf = (year: number) => rows.filter((r) => r[0] === String(year) && r[1] === '130427').map((r) => [r[6], r[7], r[9], r[11]]);

    // 2025: the published report, exactly as the public API gives it.
    const published = (await reports.publishedReport({ db, clock }, org, 2025))!;
    assert.ok(published, 'the demo publishes 磁县 2025');
    const api = (await t.app.inject('/api/v1/reports/annual?org=130427&year=2025')).json();
    const y2025 = cellsOf(2025);
    assert.deepEqual(y2025, reportCells(published, false).map((c) => [c.table, c.rowCode, c.columnCode, String(c.value)]));
    const t3 = y2025.filter((c) => c[0] === '三');
    assert.equal(t3.length, 25 * 7);
    api.table3.rows.forEach((row: { key: string; values: number[] }) => row.values.forEach((v, ci) => {
      assert.equal(t3.find((c) => c[1] === row.key && c[2] === ['natural_person', 'commercial', 'research', 'public_interest', 'legal_service', 'other', 'total'][ci])![3], String(v));
    }));
    const t4 = y2025.filter((c) => c[0] === '四').map((c) => Number(c[3]));
    assert.deepEqual(t4, api.table4.values);
    assert.equal(y2025.find((c) => c[1] === 'item5.licensing')![3], String(api.table2.item5.rows[0].values[0]));
    assert.ok(rows.filter((r) => r[0] === '2025' && r[1] === '130427').every((r) => r[3] === 'published'));

    // 2026 (not published): the staff draft's tables, computed now — item （一） of table 二 only.
    const live = await reports.liveReport({ db, clock }, org, 2026, await findReport(db, '130427', 2026));
    const y2026 = cellsOf(2026);
    assert.ok(y2026.length > 0, 'the demo has applications in 2026');
    assert.deepEqual(y2026, reportCells(live, true).map((c) => [c.table, c.rowCode, c.columnCode, String(c.value)]));
    assert.ok(!y2026.some((c) => c[1] === 'item5.licensing'));
    assert.ok(rows.filter((r) => r[0] === '2026' && r[1] === '130427').every((r) => r[3] === 'live'));

    const lines = await jsonl(statistics, db, govScope(), 'statistics.jsonl');
    assert.equal(lines.length, new Set(rows.map((r) => `${r[0]}/${r[1]}`)).size);
    const j = lines.find((l) => l.year === 2025 && (l.org as { code: string }).code === '130427')!;
    assert.deepEqual(j.table3, api.table3);
    assert.deepEqual(j.table4, api.table4);
    assert.deepEqual(j.table2, api.table2);

    // Another county's file has none of 磁县's rows; the installation's has both.
    const other = (await listGovernments(db)).find((g) => g.code === '440309')!;
    const o = await csv(statistics, db, { kind: 'government', government: other }, 'statistics.csv');
    assert.ok(o.rows.every((r) => !pathOf.get(r[1]!)!.startsWith(gov.path)));
    const all = await csv(statistics, db, INSTALLATION, 'statistics.csv');
    assert.equal(all.rows.length, rows.length + o.rows.length + (await csv(statistics, db, { kind: 'government', government: (await listGovernments(db)).find((g) => g.code === '440105')! }, 'statistics.csv')).rows.length);

    const facts = await statistics.facts(db, govScope(), clock.now());
    assert.equal(facts?.temporal?.end, '2026-03-02');
    assert.ok((facts?.temporal?.start ?? '9') <= '2025-01-01');
    assert.equal(await statistics.facts(db, NOBODY, clock.now()), null);
  });

  test('application statistics: an imported past year is its table 三 only, as imported', async () => {
    const org = (await findOrganisation(db, '130427'))!;
    const user = (await findUserByUsername(db, 'cixian.gkb'))!;
    const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, grants: [{ role: 'supervisor', orgCode: '130427', orgPath: org.path }], via: 'session', mustChangePassword: false };
    const table = withTotals(emptyTable3().map((row, i) => row.map((_, c) => (i === ROW_INDEX.new || i === ROW_INDEX.disclose ? c + 1 : 0))));
    await reports.importPast({ db, clock }, actor, org, 2021, table, 'test');
    const { rows } = await csv(statistics, db, govScope(), 'statistics.csv');
    const y = rows.filter((r) => r[0] === '2021' && r[1] === '130427');
    assert.equal(y.length, 25 * 7, 'table 三 only');
    assert.ok(y.every((r) => r[3] === 'import' && r[6] === '三'));
    assert.equal(y.find((r) => r[7] === 'new' && r[9] === 'commercial')![11], '2');
    assert.equal(y.find((r) => r[7] === 'total' && r[9] === 'total')![11], String(table[ROW_INDEX.total!]![6]));
    const line = (await jsonl(statistics, db, govScope(), 'statistics.jsonl')).find((l) => l.year === 2021)!;
    assert.equal(line.table2, null);
    assert.equal(line.table4, null);
    assert.equal(line.source, 'import');
  });

  test('the catalogue lists the three datasets for the installation and the governments that have data', async () => {
    const catalogue = new DatasetCatalogue({ db, clock, sources: DATASET_SOURCES, config: { license: 'cc-by-4.0', contactEmail: '', publisher: '测试' } });
    const slugs = (await catalogue.all()).map((e) => e.slug);
    for (const s of ['catalogs', 'disclosures', 'application-statistics', 'catalogs-440309', 'disclosures-130427', 'application-statistics-130427']) assert.ok(slugs.includes(s), s);
    assert.ok(!slugs.includes('catalogs-130427'), 'no catalogue of 磁县: not listed');
    const entry = (await catalogue.find('disclosures-130427'))!;
    assert.deepEqual(entry.distributions.map((d) => d.path), ['/data/datasets/disclosures-130427/records.csv', '/data/datasets/disclosures-130427/records.jsonl']);
  });
}, async (t) => withDemo(t));
