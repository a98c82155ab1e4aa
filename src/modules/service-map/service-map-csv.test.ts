// Import rows: the checks a review found missing (region codes, control characters, guide links).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseItem, normaliseVenue } from './service-map-csv.ts';

const item = { id: 'I-1', name: '居民身份证换领', type: '行政确认', region_code: '440309' };
const venue = { id: 'V-1', name: '龙华区政务服务中心', type: '政务服务中心', region_code: '440309', address: '梅龙大道', lat: 22.6566, lng: 114.0297 };
const errorsOf = (r: { ok: true } | { ok: false; errors: string[] }) => (r.ok ? '' : r.errors.join('；'));

test('region codes must start with a province code', () => {
  assert.equal(normaliseItem(item).ok, true);
  assert.match(errorsOf(normaliseItem({ ...item, region_code: '000000' })), /前两位不是省级区划代码/);
  assert.match(errorsOf(normaliseVenue({ ...venue, region_code: '990101' })), /前两位不是省级区划代码/);
});

test('a venue in Seoul is refused; control characters in any text are refused', () => {
  assert.equal(normaliseVenue(venue).ok, true);
  assert.match(errorsOf(normaliseVenue({ ...venue, lat: 37.57, lng: 126.98 })), /不在中国境内/);
  assert.match(errorsOf(normaliseVenue({ ...venue, address: '梅龙\u0007大道' })), /address 含有控制字符/);
});

test('guide: links must be http(s) or site paths; texts text; extra keys dropped', () => {
  const ok = normaliseItem({ ...item, guide: { where: '窗口', materials: [{ name: '表', blank_form_url: 'https://example.gov.cn/a.pdf' }], unknown_key: 1 } });
  assert.ok(ok.ok, errorsOf(ok));
  if (ok.ok) assert.deepEqual(ok.value.guide, { where: '窗口', materials: [{ name: '表', type: '', form: '', required: true, copies: null, source: '', blank_form_url: 'https://example.gov.cn/a.pdf' }], steps: [], fees: [], faq: [] });
  assert.match(errorsOf(normaliseItem({ ...item, guide: { materials: [{ name: '表', sample_url: ' JavaScript:alert(1)' }] } })), /sample_url/);
  assert.match(errorsOf(normaliseItem({ ...item, guide: { where: { html: '<b>' } } })), /guide\.where 应为文字/);
  assert.match(errorsOf(normaliseItem({ ...item, guide: { faq: [{ q: '问' }] } })), /guide\.faq 的每一项都要有 q 和 a/);
});

test('a venue without a level: a 便民服务站 is 村（社区）级 even on its township\'s code; others take their region code\'s level; a given level wins', () => {
  const levelOf = (over: Record<string, unknown>) => {
    const r = normaliseVenue({ ...venue, ...over });
    assert.ok(r.ok, errorsOf(r));
    return r.ok ? r.value.level : null;
  };
  assert.equal(levelOf({ type: '便民服务站', region_code: '440309003' }), 'village');
  assert.equal(levelOf({ type: '便民服务站/室', region_code: '440309003001' }), 'village');
  assert.equal(levelOf({ type: '便民服务中心', region_code: '440309003' }), 'township');
  assert.equal(levelOf({ type: '便民服务中心', region_code: '440309' }), 'county');
  assert.equal(levelOf({ type: '政务服务中心' }), 'county');
  assert.equal(levelOf({ type: '便民服务站', region_code: '440309003', level: '乡（镇、街道）级' }), 'township');
});
