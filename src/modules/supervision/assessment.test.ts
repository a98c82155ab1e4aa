// 年考评 (pure): the scheme's validation (sums, codes, methods), the mapping of a rate to points,
// manual scores within 0..max, totals and the ranking per level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { assessmentXlsx } from './assessment-xlsx.ts';
import {
  DEFAULT_SCHEME, autoScore, checkManualScore, parseSteps, scoreAll, scoreKey, schemeFromJson, shareOf, validateScheme, weightOf,
  type Indicator, type Scheme,
} from './assessment.ts';

const clone = (s: Scheme): Scheme => JSON.parse(JSON.stringify(s)) as Scheme;

test('the default scheme is valid: five groups summing to 100, each group\'s indicators summing to its maximum', () => {
  const r = validateScheme(clone(DEFAULT_SCHEME));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(DEFAULT_SCHEME.groups.map((g) => g.name), ['主动公开', '政策解读与回应关切', '依申请公开', '平台建设', '监督保障']);
  assert.equal(DEFAULT_SCHEME.groups.reduce((a, g) => a + g.max, 0), 100);
  assert.equal(weightOf(15, 100), 15);
  assert.equal(weightOf(15, 150), 10);
});

test('scheme validation: each case refused with its stable code, naming the group when the weights do not sum', () => {
  const cases: { name: string; edit: (s: Scheme) => void; code: string; group?: string; text: RegExp }[] = [
    { name: 'indicator maxima above the group', edit: (s) => { s.indicators[0]!.max = 16; }, code: 'assessment_weights_mismatch', group: '主动公开', text: /「主动公开」各指标分值之和为 36 分，应等于该组分值 35 分/ },
    { name: 'indicator maxima below the group', edit: (s) => { s.indicators.find((x) => x.code === 'C2')!.max = 7.5; }, code: 'assessment_weights_mismatch', group: '依申请公开', text: /依申请公开.*19\.5/ },
    { name: 'group maxima not the total', edit: (s) => { s.total = 90; }, code: 'assessment_weights_mismatch', group: '', text: /各组分值之和为 100 分，应等于方案总分 90 分/ },
    { name: 'duplicate indicator code', edit: (s) => { s.indicators[1]!.code = 'A1'; }, code: 'assessment_scheme_invalid', text: /指标代码「A1」重复/ },
    { name: 'unknown group', edit: (s) => { s.indicators[1]!.group = 'Z'; }, code: 'assessment_scheme_invalid', text: /所属的指标组不存在/ },
    { name: 'auto without a source', edit: (s) => { delete s.indicators[0]!.source; }, code: 'assessment_scheme_invalid', text: /应选择数据来源/ },
    { name: 'bad method', edit: (s) => { (s.indicators[0] as { method: string }).method = 'magic'; }, code: 'assessment_scheme_invalid', text: /计分方式/ },
    { name: 'negative max', edit: (s) => { s.indicators[0]!.max = -1; }, code: 'assessment_scheme_invalid', text: /分值应为大于 0 的数/ },
    { name: 'three decimals', edit: (s) => { s.groups[0]!.max = 35.001; }, code: 'assessment_scheme_invalid', text: /分值应为大于 0 的数/ },
    { name: 'steps not descending', edit: (s) => { s.indicators.find((x) => x.code === 'B1')!.mapping = { kind: 'steps', steps: [{ at: 80, percent: 60 }, { at: 95, percent: 100 }] }; }, code: 'assessment_scheme_invalid', text: /分档/ },
    { name: 'empty name', edit: (s) => { s.groups[2]!.name = ' '; }, code: 'assessment_scheme_invalid', text: /第 3 个指标组缺少名称/ },
    { name: 'group without indicators', edit: (s) => { s.groups.push({ code: 'F', name: '服务公开', max: 0.5 }); }, code: 'assessment_scheme_invalid', text: /「服务公开」没有指标/ },
  ];
  for (const c of cases) {
    const s = clone(DEFAULT_SCHEME);
    c.edit(s);
    const r = validateScheme(s);
    assert.equal(r.ok, false, c.name);
    if (r.ok) continue;
    const hit = r.errors.find((e) => c.text.test(e.message));
    assert.ok(hit, `${c.name}: ${JSON.stringify(r.errors)}`);
    assert.equal(hit.code, c.code, c.name);
    if (c.group !== undefined) assert.equal(hit.group, c.group, c.name);
  }
  assert.equal(validateScheme(null).ok, false);
  assert.equal(validateScheme({ total: 100, groups: [], indicators: [] }).ok, false);
});

test('a rate maps to points: linear (max × rate) and steps (first threshold reached), nothing due → full', () => {
  const linear: Indicator = { code: 'X', name: 'x', group: 'A', max: 15, method: 'auto', source: 'disclosure_on_time', mapping: { kind: 'linear' }, description: '' };
  const steps: Indicator = { ...linear, max: 10, mapping: { kind: 'steps', steps: parseSteps('95=100;90=80;80=60;0=0')! } };
  const cases: [Indicator, number, number, number][] = [
    [linear, 9, 10, 13.5], [linear, 10, 10, 15], [linear, 0, 4, 0], [linear, 1, 3, 5],
    [steps, 19, 20, 10], [steps, 18, 20, 8], [steps, 17, 20, 6], [steps, 16, 20, 6], [steps, 15, 20, 0], [steps, 191, 200, 10],
  ];
  for (const [i, num, den, points] of cases) {
    const r = autoScore(i, { numerator: num, denominator: den });
    assert.equal(r.points, points, `${i.mapping!.kind} ${num}/${den}`);
    assert.match(r.how, new RegExp(`${num} ÷ ${den}`));
  }
  const none = autoScore(linear, { numerator: 0, denominator: 0 });
  assert.equal(none.points, 15);
  assert.equal(none.rate, null);
  assert.match(none.how, /无应办事项/);
  assert.equal(shareOf({ kind: 'steps', steps: [{ at: 90, percent: 50 }] }, 0.5), 0);
  assert.equal(parseSteps('95=100;96=80'), null);
  assert.equal(parseSteps('abc'), null);
  assert.deepEqual(parseSteps('95＝100；0=0'), [{ at: 95, percent: 100 }, { at: 0, percent: 0 }]);
});

test('manual scores: 0 ≤ points ≤ max with two decimals; an automatic or unknown indicator refused', () => {
  const a2 = DEFAULT_SCHEME.indicators.find((x) => x.code === 'A2');
  const a1 = DEFAULT_SCHEME.indicators.find((x) => x.code === 'A1');
  const cases: [unknown, string | null][] = [['10', null], ['0', null], ['9.5', null], [7.25, null], ['10.01', 'assessment_score_out_of_range'], ['-1', 'assessment_score_out_of_range'], ['abc', 'assessment_score_invalid'], ['', 'assessment_score_invalid'], ['1.005', 'assessment_score_invalid']];
  for (const [v, code] of cases) {
    const r = checkManualScore(a2, 'A2', v, '好');
    assert.equal(r.ok ? null : r.code, code, String(v));
  }
  const over = checkManualScore(a2, 'A2', '11', '');
  assert.ok(!over.ok && /「基层政务公开标准目录与照单公开」的得分应在 0 至 10 分之间/.test(over.message));
  const auto = checkManualScore(a1, 'A1', '5', '');
  assert.ok(!auto.ok && auto.code === 'assessment_indicator_auto');
  const unknown = checkManualScore(undefined, 'Q9', '5', '');
  assert.ok(!unknown.ok && unknown.code === 'assessment_indicator_unknown');
  assert.ok(!checkManualScore(a2, 'A2', '5', 'x'.repeat(501)).ok);
});

test('totals and ranks: per level, ties share a rank, manual scores not given count 0 and are flagged', () => {
  const scheme: Scheme = {
    total: 20, groups: [{ code: 'G', name: '组', max: 20 }],
    indicators: [
      { code: 'a', name: '自动', group: 'G', max: 10, method: 'auto', source: 'application_on_time', mapping: { kind: 'linear' }, description: '' },
      { code: 'm', name: '人工', group: 'G', max: 10, method: 'manual', description: '' },
    ],
  };
  const orgs = [
    { code: 'd1', name: '部门一', level: 'department' as const }, { code: 'd2', name: '部门二', level: 'department' as const },
    { code: 'd3', name: '部门三', level: 'department' as const }, { code: 't1', name: '镇一', level: 'township_government' as const },
  ];
  const figures = new Map([
    ['d1', { application_on_time: { numerator: 1, denominator: 2 } }], ['d2', { application_on_time: { numerator: 1, denominator: 1 } }],
    ['d3', { application_on_time: { numerator: 1, denominator: 1 } }], ['t1', { application_on_time: { numerator: 0, denominator: 5 } }],
  ]);
  const manual = new Map([
    [scoreKey('d1', 'm'), { points: 10, note: '', by: 'x', at: '' }], [scoreKey('d2', 'm'), { points: 5, note: '', by: 'x', at: '' }],
    [scoreKey('d3', 'm'), { points: 5, note: '', by: 'x', at: '' }],
  ]);
  const r = scoreAll(scheme, orgs, figures, manual);
  const by = Object.fromEntries(r.map((x) => [x.code, x]));
  assert.equal(by.d1!.total, 15);
  assert.equal(by.d2!.total, 15);
  assert.equal(by.d3!.total, 15);
  assert.deepEqual([by.d1!.rank, by.d2!.rank, by.d3!.rank], [1, 1, 1]);
  assert.equal(by.t1!.total, 0);
  assert.equal(by.t1!.rank, 1); // alone in its level
  assert.equal(by.t1!.lines[1]!.missing, true);
  manual.set(scoreKey('d3', 'm'), { points: 4.5, note: '', by: 'x', at: '' });
  const r2 = Object.fromEntries(scoreAll(scheme, orgs, figures, manual).map((x) => [x.code, x]));
  assert.deepEqual([r2.d1!.rank, r2.d2!.rank, r2.d3!.rank], [1, 1, 3]);
  assert.equal(r2.d3!.total, 14.5);
  assert.equal(r2.d3!.groups[0]!.points, 14.5);
});

test('a stored scheme that cannot be read falls back to the default', () => {
  assert.deepEqual(schemeFromJson('not json'), DEFAULT_SCHEME);
  assert.deepEqual(schemeFromJson(JSON.stringify({ ...DEFAULT_SCHEME, total: 90 })), DEFAULT_SCHEME);
  const changed = clone(DEFAULT_SCHEME);
  changed.total = 200; for (const g of changed.groups) g.max *= 2; for (const i of changed.indicators) i.max *= 2;
  assert.equal(schemeFromJson(JSON.stringify(changed)).total, 200);
});

test('XLSX: formula-like names are string cells shown as typed (no formula, no added apostrophe)', async () => {
  const scheme = clone(DEFAULT_SCHEME);
  scheme.indicators[0]!.name = '=HYPERLINK("http://x","点我")';
  const scored = scoreAll(scheme, [{ code: 'a', name: '-2+3 单位', level: 'department' }], new Map(), new Map());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await assessmentXlsx('测试办', 2026, scheme, scored) as unknown as ArrayBuffer);
  const org = wb.worksheets[0]!.getRow(3).getCell(2);
  assert.equal(org.value, '-2+3 单位');
  assert.equal(org.type, ExcelJS.ValueType.String);
  const name = wb.worksheets[1]!.getRow(2).getCell(3);
  assert.equal(name.value, '=HYPERLINK("http://x","点我")');
  assert.equal(name.type, ExcelJS.ValueType.String);
});
