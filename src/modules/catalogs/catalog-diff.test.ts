import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCatalogs, diffSummary, type DiffItem } from './catalog-diff.ts';

const item = (key: string, over: Partial<DiffItem> = {}): DiffItem => ({
  key, seq: 1, level1: `事项${key}`, level2: '', content: '内容', basis: '依据', deadlineText: '信息形成之日起20个工作日内', body: '主体',
  channels: [{ code: 'website', text: '政府网站' }], audiencePublic: true, audienceSpecific: false, modeProactive: true, modeOnRequest: false,
  tierCounty: true, tierTownship: false, tierVillage: false, ...over,
});

test('added, removed and modified items are counted as the seed states them', () => {
  const base = [item('a'), item('b'), item('c'), item('d')];
  const current = [
    item('a'),
    item('b', { deadlineText: '信息形成之日起3个工作日内' }),
    item('c', { channels: [{ code: 'website', text: '政府网站' }, { code: 'notice_board', text: '公示栏' }], seq: 7 }),
    item('e'), item('f'),
  ];
  const d = diffCatalogs(base, current);
  assert.equal(diffSummary(d), '较基准目录增加 2 项、删除 1 项、修改 2 项');
  assert.deepEqual(d.added.map((i) => i.key), ['e', 'f']);
  assert.deepEqual(d.removed.map((i) => i.key), ['d']);
  assert.deepEqual(d.changed.map((c) => [c.after.key, c.fields]), [['b', ['公开时限']], ['c', ['公开渠道和载体']]]);
  assert.equal(d.unchanged, 1);
  assert.deepEqual(d.shortened.map((s) => [s.before.deadlineText, s.after.deadlineText]), [['信息形成之日起20个工作日内', '信息形成之日起3个工作日内']]);
});

test('a lengthened or reworded limit is a change but not a shortening', () => {
  const d = diffCatalogs([item('a', { deadlineText: '即时公开' })], [item('a')]);
  assert.equal(d.changed.length, 1);
  assert.equal(d.shortened.length, 0);
});
