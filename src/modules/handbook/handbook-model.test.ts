// The 办事一本通 model: which items an edition holds, grouping by life event and department, the cap,
// the texts of time limits and hours, fitting an item to a page, and the page layout behind the TOC.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  capGroups, fitItem, GEOMETRY, groupItems, hoursSummary, inEdition, itemHeight, layout, limitText, OTHER_GROUP, NO_DEPARTMENT,
  type BookItem, type Group,
} from './handbook-model.ts';

const item = (publicId: string, over: Partial<BookItem> = {}): BookItem => ({
  publicId, name: `事项${publicId}`, department: '县市场监管局', materials: [{ name: '申请书', type: '原件', copies: 1 }], moreMaterials: 0,
  legalLimit: '20 个工作日', promisedLimit: '即办', fees: [], venues: [{ name: '县政务服务中心', address: '滏阳东路 1 号', hours: '周一至周五 09:00-17:00', phone: '0310-1234567' }], moreVenues: 0,
  consultation: '12345', onlineUrl: null, pageUrl: `https://zw.example.cn/services/items/${publicId}`, ...over,
});

describe('editions', () => {
  test('the enterprise edition holds items for 企业/法人/其他组织/个体工商户 or in an enterprise stage', () => {
    assert.equal(inEdition('enterprise', { serviceObjects: ['企业法人'], stageAudiences: [] }), true);
    assert.equal(inEdition('enterprise', { serviceObjects: ['事业单位法人'], stageAudiences: [] }), true);
    assert.equal(inEdition('enterprise', { serviceObjects: ['其他组织'], stageAudiences: [] }), true);
    assert.equal(inEdition('enterprise', { serviceObjects: ['个体工商户'], stageAudiences: [] }), true);
    assert.equal(inEdition('enterprise', { serviceObjects: ['自然人'], stageAudiences: [] }), false);
    assert.equal(inEdition('enterprise', { serviceObjects: [], stageAudiences: [] }), false);
    assert.equal(inEdition('enterprise', { serviceObjects: ['自然人'], stageAudiences: ['enterprise'] }), true, 'a stage puts it in');
  });
  test('the personal edition holds items for persons, in a personal stage, or naming no service objects', () => {
    assert.equal(inEdition('personal', { serviceObjects: ['自然人'], stageAudiences: [] }), true);
    assert.equal(inEdition('personal', { serviceObjects: ['自然人', '家庭'], stageAudiences: [] }), true);
    assert.equal(inEdition('personal', { serviceObjects: [], stageAudiences: [] }), true);
    assert.equal(inEdition('personal', { serviceObjects: ['企业法人', '个体工商户'], stageAudiences: [] }), false);
    assert.equal(inEdition('personal', { serviceObjects: ['企业法人'], stageAudiences: ['personal'] }), true);
    assert.equal(inEdition('personal', { serviceObjects: ['企业法人', '自然人'], stageAudiences: [] }), true, 'an item for both is in both');
    assert.equal(inEdition('enterprise', { serviceObjects: ['企业法人', '自然人'], stageAudiences: [] }), true);
  });
});

describe('grouping', () => {
  const items = [item('A'), item('B', { department: '县公安局' }), item('C', { department: '' }), item('D')];
  test('by life event: each item under the first stage holding it; the rest under 其他事项, last; empty stages left out', () => {
    const groups = groupItems(items, 'life_event', [
      { slug: 'birth', name: '出生', itemIds: ['B', 'X'] },
      { slug: 'empty', name: '空', itemIds: ['X'] },
      { slug: 'work', name: '就业', itemIds: ['A', 'B'] },
    ]);
    assert.deepEqual(groups.map((g) => [g.title, g.items.map((i) => i.publicId)]), [['出生', ['B']], ['就业', ['A']], [OTHER_GROUP, ['C', 'D']]]);
  });
  test('by department: departments in collation order, an item without one under 其他部门, last', () => {
    const groups = groupItems(items, 'department', []);
    assert.deepEqual(groups.map((g) => [g.title, g.items.map((i) => i.publicId)]), [['县公安局', ['B']], ['县市场监管局', ['A', 'D']], [NO_DEPARTMENT, ['C']]]);
  });
  test('no stages: everything under 其他事项', () => {
    assert.deepEqual(groupItems(items, 'life_event', []).map((g) => g.title), [OTHER_GROUP]);
  });
  test('the cap keeps the first items across groups in order and counts the rest', () => {
    const groups: Group[] = [{ key: 'a', title: 'a', items: [item('1'), item('2')] }, { key: 'b', title: 'b', items: [item('3'), item('4')] }, { key: 'c', title: 'c', items: [item('5')] }];
    const r = capGroups(groups, 3);
    assert.deepEqual(r.groups.map((g) => g.items.map((i) => i.publicId)), [['1', '2'], ['3']]);
    assert.equal(r.dropped, 2);
    assert.equal(capGroups(groups, 10).dropped, 0);
  });
});

describe('texts', () => {
  test('time limits with units, 即办 and unknown', () => {
    assert.equal(limitText(20, 'working_day'), '20 个工作日');
    assert.equal(limitText(3, 'month'), '3 个月');
    assert.equal(limitText(0, null), '即办');
    assert.equal(limitText(5, 'immediate'), '即办');
    assert.equal(limitText(null, null), '未提供');
  });
  test('hours: runs of equal days joined, closed days left out, 24 hours', () => {
    const wd = '09:00-12:00,13:30-17:30';
    assert.equal(hoursSummary({ mon: wd, tue: wd, wed: wd, thu: wd, fri: wd, sat: '09:00-12:00', sun: '' }, false), '周一至周五 09:00-12:00,13:30-17:30；周六 09:00-12:00（法定节假日除外）');
    assert.equal(hoursSummary({ mon: wd, tue: '', wed: wd }, false), '周一 09:00-12:00,13:30-17:30；周三 09:00-12:00,13:30-17:30（法定节假日除外）');
    assert.equal(hoursSummary({}, false), '未提供');
    assert.equal(hoursSummary({}, true), '全天 24 小时');
  });
});

describe('page layout', () => {
  test('an item grows with its materials and venues, and a long one is shortened to fit one page', () => {
    const many = item('M', { materials: Array.from({ length: 60 }, (_, i) => ({ name: `第 ${i + 1} 项证明材料，需加盖公章并由法定代表人签字确认`, type: '原件', copies: 2 })), venues: Array.from({ length: 6 }, () => item('x').venues[0]!) });
    assert.ok(itemHeight(many, 'a5') > GEOMETRY.a5.usable);
    assert.ok(itemHeight(item('A'), 'a5') < itemHeight(item('A', { materials: [...item('A').materials, { name: '营业执照', type: '复印件', copies: 1 }] }), 'a5'));
    for (const size of ['a5', 'a4'] as const) {
      const fit = fitItem(many, size);
      assert.ok(itemHeight(fit, size) <= GEOMETRY[size].usable, size);
      assert.equal(fit.materials.length + fit.moreMaterials, 60);
      assert.equal(fit.venues.length + fit.moreVenues, 6);
      assert.ok(fit.venues.length <= 3 && fit.materials.length > 0);
    }
    assert.ok(fitItem(many, 'a4').materials.length > fitItem(many, 'a5').materials.length, 'A4 holds more');
  });

  test('cover, preface and TOC come first; every TOC entry names the page its group or item is on', () => {
    const groups: Group[] = [
      { key: 'stage:birth', title: '出生', items: Array.from({ length: 5 }, (_, i) => item(`B${i}`)) },
      { key: 'other', title: OTHER_GROUP, items: Array.from({ length: 3 }, (_, i) => item(`O${i}`)) },
    ];
    const l = layout(groups, 'a4');
    assert.deepEqual(l.pages.slice(0, 3).map((p) => p.kind), ['cover', 'preface', 'toc']);
    assert.deepEqual(l.pages.map((p) => p.number), l.pages.map((_, i) => i + 1), 'physical numbering from the cover');
    assert.equal(l.toc.length, 2 + 8);
    for (const e of l.toc) {
      const page = l.pages[e.page - 1]!;
      assert.equal(page.kind, 'items');
      const titles = page.kind === 'items' ? page.blocks.map((b) => (b.kind === 'group' ? b.group.title : b.item.name)) : [];
      assert.ok(titles.includes(e.title), `${e.title} on page ${e.page}`);
    }
    // each group starts on a new page; items never share a page beyond the budget
    const groupStarts = l.pages.filter((p) => p.kind === 'items' && p.blocks[0]!.kind === 'group' && !p.blocks[0]!.continued);
    assert.equal(groupStarts.length, 2);
    for (const p of l.pages) if (p.kind === 'items') {
      const h = p.blocks.reduce((n, b) => n + (b.kind === 'item' ? itemHeight(b.item, 'a4') : GEOMETRY.a4.line * 2.6), 0);
      assert.ok(h <= GEOMETRY.a4.usable, `page ${p.number}: ${h} mm`);
    }
    assert.equal(l.totalPages, l.pages.length);
  });

  test('a long table of contents takes several pages and moves the items after it', () => {
    const groups: Group[] = [{ key: 'other', title: OTHER_GROUP, items: Array.from({ length: 100 }, (_, i) => item(String(i).padStart(3, '0'))) }];
    const l = layout(groups, 'a5');
    const tocPages = l.pages.filter((p) => p.kind === 'toc');
    assert.equal(tocPages.length, Math.ceil(101 / GEOMETRY.a5.tocLines));
    assert.equal(tocPages.reduce((n, p) => n + (p.kind === 'toc' ? p.entries.length : 0), 0), 101);
    assert.equal(l.toc[0]!.page, 3 + tocPages.length, 'the first group is on the first page after the TOC');
    assert.ok(l.pages.filter((p) => p.kind === 'items').length > 1);
  });
});
