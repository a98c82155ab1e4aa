// The `regions` and `organisations` datasets (issue 23 §1): their files against the real rows of the
// demo, per government and for the installation; their facts; how the catalogue lists them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';
import type { DatasetScope } from '../../src/platform/datasets/datasets.ts';
import { loadConfig } from '../../src/config.ts';
import { DatasetCatalogue, listGovernments } from '../../src/modules/opendata/catalogue.ts';
import { parseRegionCsv, REGION_LEVEL_LABELS, regionsDataset } from '../../src/modules/regions/index.ts';
import { insertOrganisations, organisationsDataset, ORGANISATION_KINDS } from '../../src/modules/identity/index.ts';
import { DATASET_SOURCES } from '../../src/modules/opendata/sources.ts';
import type { Db } from '../../src/schema.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
const DISABLED_AT = new Date('2026-02-10T00:00:00Z');
const INSTALLATION: DatasetScope = { kind: 'installation' };

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

async function governmentScope(db: Db, code: string): Promise<DatasetScope> {
  const g = (await listGovernments(db)).find((x) => x.code === code);
  assert.ok(g, `government ${code} in the demo`);
  return { kind: 'government', government: g };
}

forEachDialect('open data: regions and organisations', (get) => {
  test('regions.csv is the region import format, with every region of the installation, and imports back', async () => {
    const { db } = get();
    const csv = await text(regionsDataset.open(db, INSTALLATION, 'regions.csv', NOW));
    assert.ok(csv.startsWith('\uFEFFcode,name,level,parent_code\r\n'), 'BOM, the import header, CRLF');
    const parsed = parseRegionCsv(csv);
    assert.deepEqual(parsed.errors, []);
    const dbRows = await db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).orderBy('code').execute();
    assert.ok(dbRows.length > 20);
    assert.deepEqual(parsed.rows.map((r) => [r.code, r.name, r.level, r.parentCode]), dbRows.map((r) => [r.code, r.name, r.level, r.parent_code]));
    const facts = await regionsDataset.facts(db, INSTALLATION, NOW);
    assert.deepEqual(facts, { lastModified: null, rows: dbRows.length, temporal: null });
  });

  test('a government\'s regions: its own region and those below it, nothing else', async () => {
    const { db } = get();
    const scope = await governmentScope(db, '130427');
    const lines = (await text(regionsDataset.open(db, scope, 'regions.jsonl', NOW))).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const expected = (await db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).orderBy('code').execute()).filter((r) => r.code.startsWith('130427'));
    assert.ok(expected.length > 1, 'the demo has regions below 磁县');
    assert.deepEqual(lines, expected.map((r) => ({ code: r.code, name: r.name, level: r.level, level_label: REGION_LEVEL_LABELS[r.level], parent_code: r.parent_code })));
    assert.equal(lines[0]?.code, '130427000000');
    assert.equal((await regionsDataset.facts(db, scope, NOW))?.rows, expected.length);
    // a province's: every region of 河北 (the city and 磁县 below it), none of 广东
    const hebei = await governmentScope(db, '13');
    const codes = parseCsv(await text(regionsDataset.open(db, hebei, 'regions.csv', NOW))).slice(1).filter((r) => r.length > 1).map((r) => r[0] as string);
    assert.ok(codes.includes('130400000000') && codes.includes('130427000000'));
    assert.ok(codes.every((c) => c.startsWith('13')));
  });

  test('organisations: code, name, kind and its label, parent, region; no staff; disabled ones left out; per government its subtree', async () => {
    const { db } = get();
    const scope = await governmentScope(db, '130427');
    const csv = await text(organisationsDataset.open(db, scope, 'organisations.csv', NOW));
    const rows = parseCsv(csv).filter((r) => r.length > 1);
    assert.deepEqual(rows[0], ['code', 'name', 'kind', 'kind_label', 'parent_code', 'region_code']);
    const expected = await db.selectFrom('organisation').select(['code', 'name', 'kind', 'parent_code', 'region_code'])
      .where('path', 'like', '/13/1304/130427/%').where('disabled', '=', 0).orderBy('code').execute();
    assert.ok(expected.length > 3);
    assert.deepEqual(rows.slice(1), expected.map((o) => [o.code, o.name, o.kind, ORGANISATION_KINDS.values.find((k) => k.code === o.kind)?.label, o.parent_code ?? '', o.region_code]));
    assert.ok(!csv.includes('130427-gone'), 'the disabled organisation is left out');
    const jsonl = (await text(organisationsDataset.open(db, INSTALLATION, 'organisations.jsonl', NOW))).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const o of jsonl) assert.deepEqual(Object.keys(o), ['code', 'name', 'kind', 'kind_label', 'parent_code', 'region_code']);
    const codes = jsonl.map((o) => o.code as string);
    assert.ok(codes.includes('130427') && codes.includes('440309'));
    assert.ok(!codes.includes('130427-gone'));
    assert.equal(new Set(codes).size, codes.length);
    const enabled = await db.selectFrom('organisation').select(db.fn.countAll<number>().as('n')).where('disabled', '=', 0).executeTakeFirstOrThrow();
    assert.equal(codes.length, Number(enabled.n));
    // 龙华's file holds only 龙华's subtree
    const longhua = await governmentScope(db, '440309');
    const lh = (await text(organisationsDataset.open(db, longhua, 'organisations.jsonl', NOW))).trimEnd().split('\n').map((l) => JSON.parse(l) as { code: string });
    assert.ok(lh.length > 0 && lh.every((o) => o.code.startsWith('440309')));
  });

  test('organisations facts: count and newest creation of enabled organisations', async () => {
    const { db } = get();
    const scope = await governmentScope(db, '130427');
    const facts = await organisationsDataset.facts(db, scope, NOW);
    const r = await db.selectFrom('organisation').select([db.fn.countAll<number>().as('n'), db.fn.max('created_at').as('last')])
      .where('path', 'like', '/13/1304/130427/%').where('disabled', '=', 0).executeTakeFirstOrThrow();
    assert.deepEqual(facts, { lastModified: new Date(r.last as string).toISOString(), rows: Number(r.n), temporal: null });
  });

  test('the catalogue lists both per government and installation-wide, with their files', async () => {
    const { db } = get();
    assert.ok(DATASET_SOURCES.includes(regionsDataset) && DATASET_SOURCES.includes(organisationsDataset));
    const catalogue = new DatasetCatalogue({ db, clock: fixedClock(NOW.toISOString()), sources: [regionsDataset, organisationsDataset], config: loadConfig({ DATA_DIR: 'data-test-unused' }).openData });
    const slugs = (await catalogue.all()).map((e) => e.slug);
    for (const s of ['regions', 'organisations', 'regions-130427', 'organisations-130427', 'regions-440105', 'organisations-440309']) assert.ok(slugs.includes(s), s);
    const e = await catalogue.find('regions-440309');
    assert.ok(e);
    const longhua = (await listGovernments(db)).find((g) => g.code === '440309');
    assert.equal(e.title, `${longhua?.name}行政区划`);
    assert.equal(e.facts.rows, (await db.selectFrom('region').select('code').where('code', 'like', '440309%').execute()).length);
    assert.deepEqual(e.distributions.map((d) => d.path), ['/data/datasets/regions-440309/regions.csv', '/data/datasets/regions-440309/regions.jsonl']);
    assert.equal(e.publisher.code, '440309');
  });
}, async (t) => {
  await withDemo(t);
  // a disabled office of 磁县: never in the dataset
  const cixian = await t.db.selectFrom('organisation').select(['path', 'region_code']).where('code', '=', '130427').executeTakeFirstOrThrow();
  await insertOrganisations(t.db, [{ code: '130427-gone', name: '磁县已撤销办公室', kind: 'department', regionCode: cixian.region_code, parentCode: '130427', path: `${cixian.path}130427-gone/`, disabled: true }], DISABLED_AT);
});
