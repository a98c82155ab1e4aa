import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chineseNumber, compareDeadlines, parsePublishDeadline, type PublishDeadline } from './publish-deadline.ts';

// Wording from the seed's catalogues (海珠区赤岗街, 龙华区) and regulations.md §3.3.
const CASES: [string, PublishDeadline][] = [
  ['形成或者变更之日起20个工作日内予以公开', { kind: 'within_days', trigger: 'formation', days: 20, unit: 'working' }],
  ['信息形成（或者变更）之日起20个工作日内', { kind: 'within_days', trigger: 'formation', days: 20, unit: 'working' }],
  ['制定或获取信息之日起10个工作日内,公示7个工作日', { kind: 'within_days', trigger: 'formation', days: 10, unit: 'working' }],
  ['自发布之日起20个工作日内予以公开', { kind: 'within_days', trigger: 'formation', days: 20, unit: 'working' }],
  ['形成纸质意见之日起20个工作日内予以公开', { kind: 'within_days', trigger: 'formation', days: 20, unit: 'working' }],
  ['行政许可决定作出之日起7个工作日内', { kind: 'within_days', trigger: 'decision', days: 7, unit: 'working' }],
  ['作出行政处罚决定之日起七个工作日内', { kind: 'within_days', trigger: 'decision', days: 7, unit: 'working' }],
  ['信息形成之日起 3 个工作日内', { kind: 'within_days', trigger: 'formation', days: 3, unit: 'working' }],
  ['信息形成之日起二十个工作日内', { kind: 'within_days', trigger: 'formation', days: 20, unit: 'working' }],
  ['形成之日起15日内', { kind: 'within_days', trigger: 'formation', days: 15, unit: 'calendar' }],
  ['即时公开', { kind: 'immediate' }],
  ['及时公开', { kind: 'immediate' }],
  ['实时更新', { kind: 'immediate' }],
  ['每月10日前公开上月数据', { kind: 'periodic', period: 'monthly' }],
  ['每季度结束后15个工作日内', { kind: 'periodic', period: 'quarterly' }],
  ['每月公开', { kind: 'periodic', period: 'monthly' }],
  ['按季度公开', { kind: 'periodic', period: 'quarterly' }],
  ['每年公开一次', { kind: 'periodic', period: 'yearly' }],
  ['年度终了后公开', { kind: 'periodic', period: 'yearly' }],
  ['长期公开', { kind: 'unparsed' }],
  ['', { kind: 'unparsed' }],
  ['按有关规定执行', { kind: 'unparsed' }],
];

test('公开时限 wording parses into a rule', () => {
  for (const [text, expected] of CASES) assert.deepEqual(parsePublishDeadline(text), expected, text);
});

test('Chinese numerals', () => {
  assert.equal(chineseNumber('二十'), 20);
  assert.equal(chineseNumber('十五'), 15);
  assert.equal(chineseNumber('十'), 10);
  assert.equal(chineseNumber('三十五'), 35);
  assert.equal(chineseNumber('7'), 7);
  assert.equal(chineseNumber('百'), null);
});

test('shortened deadlines are recognised (20 → 3 working days, N days → immediate)', () => {
  const d = (t: string) => parsePublishDeadline(t);
  assert.equal(compareDeadlines(d('形成之日起20个工作日内'), d('形成之日起3个工作日内')), 'shorter');
  assert.equal(compareDeadlines(d('形成之日起3个工作日内'), d('形成之日起20个工作日内')), 'longer');
  assert.equal(compareDeadlines(d('形成之日起20个工作日内'), d('即时公开')), 'shorter');
  assert.equal(compareDeadlines(d('形成之日起20个工作日内'), d('变更之日起20个工作日内')), 'same');
  assert.equal(compareDeadlines(d('形成之日起20个工作日内'), d('形成之日起15日内')), 'incomparable');
});
