import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetSource, DatasetScope, DistributionSpec } from '../../platform/datasets/datasets.ts';
import type { Database } from '../../schema.ts';
import { datasetId, distributionPath, mediaTypeOf, type DatasetEntry } from './catalogue.ts';
import { catalogDocument, datasetDocument, modifiedSinceFilter, parseModifiedSince, parsePage, type CatalogInfo } from './dcat.ts';

const BASE = 'https://data.example.gov.cn';
const INFO: CatalogInfo = { title: '示例数据开放目录', description: '示例。', publisher: { code: 'platform', name: '示例县人民政府办公室' } };
const GOV = { code: '130427', name: '磁县人民政府', regionCode: '130427000000', path: '/13/1304/130427/' };

const source = { key: 'x' } as unknown as DatasetSource<Database>;

function entry(n: number, opts: { lastModified?: string | null; scope?: DatasetScope; distributions?: DistributionSpec[] } = {}): DatasetEntry {
  const scope = opts.scope ?? { kind: 'installation' };
  const slug = scope.kind === 'government' ? `ds${String(n).padStart(3, '0')}-${scope.government.code}` : `ds${String(n).padStart(3, '0')}`;
  const distributions = opts.distributions ?? [
    { file: 'a.csv', format: 'CSV', title: '甲（CSV）' },
    { file: 'a.jsonl', format: 'JSONL', title: '甲（JSON Lines）', description: '每行一个对象。' },
  ];
  return {
    id: datasetId(slug), slug, key: slug, scope, title: `数据集${n}`, description: `第 ${n} 个数据集。`, keywords: ['甲', '乙'],
    theme: 'regions', frequency: 'monthly',
    publisher: scope.kind === 'government' ? { code: scope.government.code, name: scope.government.name } : INFO.publisher,
    licence: { id: 'cc-by-4.0', title: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/', eu: 'CC_BY_4_0' },
    contact: { name: '政务公开办公室', email: n % 2 ? 'gk@example.gov.cn' : null },
    spatial: scope.kind === 'government' ? { regionCode: scope.government.regionCode, name: scope.government.name } : { regionCode: null, name: '全部地区' },
    facts: { lastModified: opts.lastModified === undefined ? `2026-02-${String((n % 28) + 1).padStart(2, '0')}T00:00:00.000Z` : opts.lastModified, rows: n, temporal: n === 1 ? { start: '2025-01-01', end: '2025-12-31' } : null },
    distributions: distributions.map((d) => ({ ...d, path: distributionPath(slug, d.file), mediaType: mediaTypeOf(d.format) })),
    source,
  };
}

type Node = Record<string, unknown>;
const graphOf = (doc: Node) => doc['@graph'] as Node[];
const typed = (g: Node[], t: string) => g.filter((n) => n['@type'] === t);
const idOf = (v: unknown) => (v as { '@id': string })['@id'];

test('a page of the catalogue: one dcat:Catalog, its datasets with zh titles, distributions with stable absolute IRIs', () => {
  const all = [entry(1), entry(2, { scope: { kind: 'government', government: GOV } })];
  const out = catalogDocument(BASE, INFO, all, { page: 1, modifiedSince: null });
  assert.ok(out.ok);
  const g = graphOf(out.document);
  const [catalog] = typed(g, 'dcat:Catalog');
  assert.ok(catalog);
  assert.equal(catalog['@id'], `${BASE}/data/catalog.jsonld`);
  assert.deepEqual(catalog['dct:title'], { '@value': INFO.title, '@language': 'zh' });
  assert.deepEqual((catalog['dcat:dataset'] as unknown[]).map(idOf), [`${BASE}/data/datasets/ds001`, `${BASE}/data/datasets/ds002-130427`]);
  assert.deepEqual(catalog['dct:modified'], { '@value': '2026-02-03T00:00:00.000Z', '@type': 'xsd:dateTime' });
  const datasets = typed(g, 'dcat:Dataset');
  assert.equal(datasets.length, 2);
  const gov = datasets.find((d) => d['@id'] === `${BASE}/data/datasets/ds002-130427`) as Node;
  assert.equal(gov['dct:identifier'], datasetId('ds002-130427'));
  assert.deepEqual(gov['dct:publisher'], { '@id': `${BASE}/data?publisher=130427` });
  assert.deepEqual((gov['dcat:theme'] as unknown[]).map(idOf), [`${BASE}/data?theme=regions`, 'http://publications.europa.eu/resource/authority/data-theme/REGI']);
  assert.deepEqual(gov['dct:accrualPeriodicity'], { '@id': 'http://publications.europa.eu/resource/authority/frequency/MONTHLY' });
  assert.deepEqual(gov['dcat:landingPage'], { '@id': `${BASE}/data/datasets/ds002-130427` });
  assert.ok((gov['dct:spatial'] as Node[]).some((s) => s['@id'] === `${BASE}/data/regions/130427000000` && s['@type'] === 'dct:Location'));
  assert.equal((gov['dcat:contactPoint'] as Node)['vcard:hasEmail'], undefined, 'no e-mail configured: none invented');
  const first = datasets.find((d) => d['@id'] === `${BASE}/data/datasets/ds001`) as Node;
  assert.deepEqual((first['dcat:contactPoint'] as Node)['vcard:hasEmail'], { '@id': 'mailto:gk@example.gov.cn' });
  assert.deepEqual(first['dct:temporal'], { '@type': 'dct:PeriodOfTime', 'dcat:startDate': { '@value': '2025-01-01', '@type': 'xsd:date' }, 'dcat:endDate': { '@value': '2025-12-31', '@type': 'xsd:date' } });
  const dists = typed(g, 'dcat:Distribution');
  assert.equal(dists.length, 4);
  const csv = dists.find((d) => d['@id'] === `${BASE}/data/datasets/ds002-130427#a.csv`) as Node;
  assert.deepEqual(csv['dcat:accessURL'], { '@id': `${BASE}/data/datasets/ds002-130427` });
  assert.deepEqual(csv['dcat:downloadURL'], { '@id': `${BASE}/data/datasets/ds002-130427/a.csv` });
  assert.deepEqual(csv['dct:format'], { '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV' });
  assert.deepEqual(csv['dcat:mediaType'], { '@id': 'https://www.iana.org/assignments/media-types/text/csv' });
  const jsonl = dists.find((d) => d['@id'] === `${BASE}/data/datasets/ds002-130427#a.jsonl`) as Node;
  assert.equal(jsonl['dcat:mediaType'], undefined, 'application/x-ndjson is not registered with IANA: no IANA IRI made up');
  for (const d of dists) assert.deepEqual(d['dct:license'], { '@id': 'https://creativecommons.org/licenses/by/4.0/' });
  // every IRI in the document is absolute
  const ids = JSON.stringify(out.document).match(/"@id":"[^"]*"/g) ?? [];
  for (const id of ids) assert.match(id, /"@id":"(https?:|mailto:)/);
  // publishers: the platform and the government, once each
  assert.deepEqual(typed(g, 'foaf:Agent').map((a) => a['dct:identifier']).sort(), ['130427', 'platform']);
});

test('Hydra paging: 100 a page, first/last/next/previous, a page past the end refused', () => {
  const all = Array.from({ length: 250 }, (_, i) => entry(i + 1));
  const pagingOf = (page: number) => {
    const out = catalogDocument(BASE, INFO, all, { page, modifiedSince: null });
    assert.ok(out.ok);
    const g = graphOf(out.document);
    return { g, p: typed(g, 'hydra:PagedCollection')[0] as Node };
  };
  const one = pagingOf(1);
  assert.equal(typed(one.g, 'dcat:Dataset').length, 100);
  assert.equal(one.p['hydra:totalItems'], 250);
  assert.equal(one.p['@id'], `${BASE}/data/catalog.jsonld?page=1`);
  assert.deepEqual(one.p['hydra:first'], { '@id': `${BASE}/data/catalog.jsonld?page=1` });
  assert.deepEqual(one.p['hydra:last'], { '@id': `${BASE}/data/catalog.jsonld?page=3` });
  assert.deepEqual(one.p['hydra:next'], { '@id': `${BASE}/data/catalog.jsonld?page=2` });
  assert.deepEqual(one.p['hydra:nextPage'], one.p['hydra:next']);
  assert.equal(one.p['hydra:previous'], undefined);
  const three = pagingOf(3);
  assert.equal(typed(three.g, 'dcat:Dataset').length, 50);
  assert.equal(three.p['hydra:next'], undefined);
  assert.deepEqual(three.p['hydra:previous'], { '@id': `${BASE}/data/catalog.jsonld?page=2` });
  assert.equal((typed(three.g, 'dcat:Dataset')[0] as Node)['@id'], `${BASE}/data/datasets/ds201`);
  assert.deepEqual(catalogDocument(BASE, INFO, all, { page: 4, modifiedSince: null }), { ok: false, code: 'page_out_of_range', lastPage: 3 });
  // an empty catalogue still has its first page
  const empty = catalogDocument(BASE, INFO, [], { page: 1, modifiedSince: null });
  assert.ok(empty.ok);
  assert.equal(typed(graphOf(empty.document), 'hydra:PagedCollection')[0]?.['hydra:totalItems'], 0);
});

test('modified_since keeps newer datasets and those of unknown change time; paging links carry it', () => {
  const all = [entry(1, { lastModified: '2026-01-01T00:00:00.000Z' }), entry(2, { lastModified: '2026-03-01T00:00:00.000Z' }), entry(3, { lastModified: null })];
  assert.deepEqual(modifiedSinceFilter(all, '2026-02-01T00:00:00.000Z').map((e) => e.slug), ['ds002', 'ds003']);
  const out = catalogDocument(BASE, INFO, all, { page: 1, modifiedSince: '2026-02-01T00:00:00.000Z' });
  assert.ok(out.ok);
  const p = typed(graphOf(out.document), 'hydra:PagedCollection')[0] as Node;
  assert.equal(p['hydra:totalItems'], 2);
  assert.equal(p['@id'], `${BASE}/data/catalog.jsonld?page=1&modified_since=2026-02-01T00%3A00%3A00.000Z`);
});

test('an HSDS distribution conforms to HSDS; its own conformsTo wins', () => {
  const e = entry(1, { distributions: [{ file: 'hsds.json', format: 'HSDS', title: 'HSDS' }, { file: 'b.json', format: 'JSON', title: 'B', conformsTo: 'https://example.org/schema' }] });
  const g = graphOf(datasetDocument(BASE, e));
  const [hsds, b] = typed(g, 'dcat:Distribution');
  assert.match(idOf(hsds?.['dct:conformsTo']), /openreferral/);
  assert.equal(idOf(b?.['dct:conformsTo']), 'https://example.org/schema');
  assert.equal(typed(g, 'dcat:Catalog').length, 0);
  assert.deepEqual(typed(g, 'foaf:Agent').map((a) => a['dct:identifier']), ['platform']);
});

test('parsePage and parseModifiedSince', () => {
  assert.equal(parsePage(undefined), 1);
  assert.equal(parsePage('3'), 3);
  for (const bad of ['', '0', '-1', '1.5', 'x', '01', '1e3', '1000001', ' 2']) assert.equal(parsePage(bad), null, bad);
  assert.equal(parseModifiedSince('2026-03-01'), '2026-02-28T16:00:00.000Z');
  assert.equal(parseModifiedSince('2026-03-01T08:00:00+08:00'), '2026-03-01T00:00:00.000Z');
  assert.equal(parseModifiedSince('2026-03-01T08:00:00 08:00'), '2026-03-01T00:00:00.000Z');
  assert.equal(parseModifiedSince('2026-03-01T08:00:00Z'), '2026-03-01T08:00:00.000Z');
  assert.equal(parseModifiedSince('2026-03-01T08:00'), '2026-03-01T08:00:00.000Z');
  assert.equal(parseModifiedSince('2026-03-01T08:00:00.123456'), '2026-03-01T08:00:00.000Z');
  for (const bad of ['', 'yesterday', '2026-02-30', '2026-13-01', '2026-03-01T25:00:00Z', '2026-03-01T08:61', '99999-01-01', '2026-3-1']) assert.equal(parseModifiedSince(bad), null, bad);
});
