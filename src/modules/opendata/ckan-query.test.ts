import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, parseSolrDate, parseSort, QueryError, SortError, type SearchDoc } from './ckan-query.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
const us = (iso: string) => Date.parse(iso) * 1000;

function doc(over: Partial<SearchDoc>): SearchDoc {
  return {
    id: 'id-1', name: 'service-items-130427', title: '磁县政务服务事项', text: '磁县政务服务事项\n办事指南\nservice-items-130427', tags: ['政务服务', 'economy'],
    organization: '130427', ownerOrg: 'org-1', groups: ['services'], resFormats: ['CSV', 'JSONL'], licenseId: 'cc-by',
    metadataModified: us('2026-01-10T00:00:00Z'), metadataCreated: us('2025-01-01T00:00:00Z'), numResources: 2, numTags: 2, ...over,
  };
}
const A = doc({});
const B = doc({ id: 'id-2', name: 'message-statistics-440309', title: '龙华区留言统计', text: '龙华区留言统计', tags: ['12345'], organization: '440309', groups: ['interaction'], resFormats: ['CSV'], metadataModified: us('2025-06-01T00:00:00Z') });
const C = doc({ id: 'id-3', name: 'regions', title: '行政区划（全平台）', text: '行政区划', tags: [], organization: 'platform', groups: ['regions'], resFormats: ['JSON'], licenseId: 'odc-by', metadataModified: us('2026-03-01T12:00:00.5Z') });
const ALL = [A, B, C];
const match = (q: string) => ALL.filter(parseQuery(q, NOW).predicate).map((d) => d.id);

test('parseSolrDate: ISO with microseconds, naive, date only, NOW date math; junk is null', () => {
  assert.equal(parseSolrDate('2015-10-23T14:51:13.282361Z', NOW), us('2015-10-23T14:51:13.282Z') + 361);
  assert.equal(parseSolrDate('2015-10-23T14:51:13', NOW), us('2015-10-23T14:51:13Z'));
  assert.equal(parseSolrDate('2015-10-23', NOW), us('2015-10-23T00:00:00Z'));
  assert.equal(parseSolrDate('NOW', NOW), NOW.getTime() * 1000);
  assert.equal(parseSolrDate('NOW-1DAY', NOW), us('2026-03-01T02:00:00Z'));
  assert.equal(parseSolrDate('NOW-2MONTHS/DAY', NOW), us('2026-01-02T00:00:00Z'));
  assert.equal(parseSolrDate('NOW/YEAR', NOW), us('2026-01-01T00:00:00Z'));
  for (const bad of ['2026-02-30T00:00:00Z', '2026-13-01', 'yesterday', 'NOW-1FORTNIGHT', '2026-01-01T25:00:00Z', '']) assert.equal(parseSolrDate(bad, NOW), null, bad);
});

test('parseQuery: the fq forms of ckanext-harvest and the docs', () => {
  assert.deepEqual(match('*:*'), ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(match(''), ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(match('metadata_modified:[2026-01-01T00:00:00Z TO *]'), ['id-1', 'id-3']);
  assert.deepEqual(match('metadata_modified:[2015-10-23T14:51:13.282361Z TO *]'), ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(match('metadata_modified:[* TO 2026-01-10T00:00:00Z]'), ['id-1', 'id-2']);
  assert.deepEqual(match('metadata_modified:{* TO 2026-01-10T00:00:00Z}'), ['id-2']);
  assert.deepEqual(match('metadata_modified:[2026-03-01T12:00:00.500000Z TO 2026-03-01T12:00:00.500000Z]'), ['id-3']);
  assert.deepEqual(match('organization:130427 OR organization:440309'), ['id-1', 'id-2']);
  assert.deepEqual(match('organization:(130427 OR platform)'), ['id-1', 'id-3']);
  assert.deepEqual(match('-organization:130427'), ['id-2', 'id-3']);
  assert.deepEqual(match('NOT organization:130427 -organization:platform'), ['id-2']);
  assert.deepEqual(match('groups:services'), ['id-1']);
  assert.deepEqual(match('tags:economy'), ['id-1']);
  assert.deepEqual(match('res_format:csv'), ['id-1', 'id-2']);
  assert.deepEqual(match('res_format:"JSON" OR license_id:cc-by'), ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(match('+capacity:public +state:active +dataset_type:dataset'), ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(match('capacity:private'), []);
  assert.deepEqual(match('organization:* -groups:regions'), ['id-1', 'id-2']);
  assert.deepEqual(match('name:service-*'), ['id-1']);
  assert.deepEqual(match('num_resources:[2 TO *]'), ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(match('organization:130427 AND groups:services'), ['id-1']);
  assert.deepEqual(match('name:regions\\-x OR name:regions'), ['id-3']);
});

test('parseQuery: free text (every word must occur, case-insensitive), title:, text:; words are returned for the score', () => {
  assert.deepEqual(match('政务服务'), ['id-1']);
  assert.deepEqual(match('磁县 事项'), ['id-1']);
  assert.deepEqual(match('磁县 留言'), []);
  assert.deepEqual(match('"留言统计"'), ['id-2']);
  assert.deepEqual(match('SERVICE-ITEMS'), ['id-1']);
  assert.deepEqual(match('title:区划'), ['id-3']);
  assert.deepEqual(match('text:办事指南'), ['id-1']);
  assert.deepEqual(parseQuery('磁县 事项 tags:x', NOW).words, ['磁县', '事项']);
  assert.equal(parseQuery('*:*', NOW).matchAll, true);
});

test('parseQuery: Solr syntax we do not support is a QueryError, cheaply, whatever its size', () => {
  const bad = ['title:foo~2', 'foo^2', 'name:/re.*/', '(a OR b) c', 'a && b', 'a || b', 'fo?o', '*foo', 'f*o', '{!lucene}x', 'unknown:x', 'name:[a TO b]',
    'metadata_modified:[2026 TO]', 'metadata_modified:[x TO *]', 'organization:"open', 'OR a', 'a OR', 'AND a', 'a AND', ':x', 'organization:', 'organization:()', 'metadata_modified:notadate',
    'num_tags:many', '[1 TO 2]', 'a)', 'organization:(a', 'x'.repeat(2001), Array.from({ length: 101 }, (_, i) => `w${i}`).join(' ')];
  for (const q of bad) assert.throws(() => parseQuery(q, NOW), QueryError, q.slice(0, 40));
});

test('parseSort: field and direction pairs; a bad direction and an unknown field are told apart', () => {
  assert.deepEqual(parseSort('score desc, metadata_modified desc'), [{ field: 'score', desc: true }, { field: 'metadata_modified', desc: true }]);
  assert.deepEqual(parseSort('id asc'), [{ field: 'id', desc: false }]);
  assert.deepEqual(parseSort('title asc'), [{ field: 'title_string', desc: false }]);
  for (const [s, kind] of [['name', 'direction'], ['name up', 'direction'], ['', 'direction'], ['colour asc', 'field'], ['name asc, x desc', 'field']] as const) {
    assert.throws(() => parseSort(s), (e: unknown) => e instanceof SortError && e.kind === kind, s);
  }
});
