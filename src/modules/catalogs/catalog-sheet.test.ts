import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeProblem, domainInTitle, parseSheet, sheetOf, type Grid } from './catalog-sheet.ts';
import { parseCsv } from '../../platform/csv/csv.ts';

const SEED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../seed/catalogs');
const seedGrid = (file: string): Grid => ({ name: file, cells: parseCsv(fs.readFileSync(path.join(SEED, file), 'utf8')), merges: [] });
const csvGrid = (text: string): Grid => ({ name: 't', cells: parseCsv(text), merges: [] });

const HEADER3 = '序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,,\n'
  + ',一级事项,二级事项,,,,,,全社会,特定群众,主动,依申请公开,县级,乡级,村级\n';

test('海珠区赤岗街 table: merged 一级事项, single tick columns, ■ channels, title names the domain', () => {
  const s = parseSheet(seedGrid('440105001-户籍管理.csv'), { level: 'township' });
  assert.deepEqual(s.errors, []);
  assert.equal(domainInTitle(s.title, ['户籍管理', '社会救助', '管理']), '户籍管理');
  assert.equal(s.items.length, 4);
  assert.deepEqual(s.items.map((i) => [i.level1, i.level2]), [
    ['暂住登记及居住证管理', '暂住登记'], ['暂住登记及居住证管理', '居住证申领'], ['暂住登记及居住证管理', '居住证、补办'], ['暂住登记及居住证管理', '居住证签注'],
  ]);
  const first = s.items[0]!;
  assert.deepEqual(first.channels, [{ code: 'service_center', text: '政务服务中心' }]);
  assert.equal(first.body, '来穗中心');
  assert.deepEqual([first.audiencePublic, first.audienceSpecific, first.modeProactive, first.modeOnRequest], [true, false, true, false]);
  assert.deepEqual([first.tierCounty, first.tierTownship, first.tierVillage], [false, true, false]);
  const aid = parseSheet(seedGrid('440105001-社会救助.csv'), { level: 'township' });
  assert.deepEqual(aid.items[2]!.channels.map((c) => c.code), ['other', 'notice_board']);
  assert.equal(aid.items[2]!.channels[0]!.text, '基层公共服务平台');
});

test('龙华区 district table: one 公开事项 column, <li> channels outside the vocabulary kept as 其他', () => {
  const s = parseSheet(seedGrid('440309-户籍管理.csv'), { level: 'county' });
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.items.map((i) => i.level1), ['出生登记', '迁入、迁出、变更登记']);
  assert.deepEqual(s.items[0]!.channels, ['广东政务服务网', '深圳市公共网站', '深圳公共数据云平台', '深圳APP'].map((text) => ({ code: 'other', text })));
  assert.equal(s.items[0]!.tierCounty, true);
});

test('龙华 street and community tables: 特定对象, 主动公开, 街道级/社区级, numbered channels', () => {
  const street = parseSheet(seedGrid('440309003-街道综合.csv'), { level: 'township' });
  assert.deepEqual(street.errors, []);
  assert.equal(domainInTitle(street.title, ['户籍管理', '社会救助']), null);
  assert.deepEqual(street.items.map((i) => i.level1), ['机构职能', '机构职能', '机构职能']);
  assert.deepEqual(street.items[0]!.channels, [{ code: 'website', text: '政府网站(龙华政府在线)' }]);
  assert.deepEqual([street.items[0]!.tierTownship, street.items[0]!.tierVillage], [true, false]);
  const community = parseSheet(seedGrid('440309003001-社区综合.csv'), { level: 'village' });
  assert.deepEqual(community.errors, []);
  assert.deepEqual(community.items[0]!.channels, [{ code: 'website', text: '政府网站(龙华政府在线)' }, { code: 'other', text: '宣传栏' }]);
  assert.deepEqual([community.items[2]!.level1, community.items[2]!.tierTownship, community.items[2]!.tierVillage], ['工作动态', true, true]);
});

test('variants: 特定群体, 依申请, 县级/镇、村级 and unticked □ channels', () => {
  const s = parseSheet(csvGrid(
    '序号,公开事项,,公开内容,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,\n'
    + ',一级事项,二级事项,,,,,,全社会,特定群体,主动公开,依申请,县级,"镇、村级"\n'
    + '1,低保,名单,名单,条例,即时公开,民政所,"■政府网站 □政府公报 ■便民服务站",,✓,,√,,√\n'), { level: 'township' });
  assert.deepEqual(s.errors, []);
  const it = s.items[0]!;
  assert.deepEqual(it.channels.map((c) => c.code), ['website', 'service_station']);
  assert.deepEqual([it.audiencePublic, it.audienceSpecific, it.modeProactive, it.modeOnRequest], [false, true, false, true]);
  assert.deepEqual([it.tierCounty, it.tierTownship, it.tierVillage], [false, true, true]);
});

test('invalid rows are all reported by row and column, in Chinese', () => {
  const s = parseSheet(csvGrid(`标题\n${HEADER3}`
    + '1,一级,二级,内容,依据,形成之日起20个工作日内,主体,政府网站,√,,√,,√,,\n'
    + '2,,,内容,依据,,主体,政府网站,√,,√,,√,,\n'
    + '3,一级,二级,,依据,,主体,政府网站,√,,,,√,,\n'
    + '4,一级,二级,内容,依据,长期,主体,政府网站,√,,可能,,√,,\n'), { level: 'county' });
  assert.deepEqual(s.errors.map((e) => describeProblem(e)), [
    '第5行「公开事项」：未填写',
    '第6行「公开内容（要素）」：未填写',
    '第6行「公开方式」：未勾选',
    '第7行「公开方式·主动」：无法识别「可能」，请填写 √ 或留空',
    '第7行「公开方式」：未勾选',
  ]);
  assert.deepEqual(s.warnings.map((e) => describeProblem(e)), ['第7行「公开时限」：无法识别「长期」，已按原文保存并标记']);
});

test('a wrong header is refused before any row is read', () => {
  assert.match(describeProblem(parseSheet(csvGrid('姓名,电话\n张三,1\n'), { level: 'county' }).errors[0]!), /表头不正确/);
  const noMode = parseSheet(csvGrid('序号,公开事项,公开内容,公开依据\n1,a,b,c\n'), { level: 'county' });
  assert.deepEqual(noMode.errors.map((e) => e.message), ['表头不正确：缺少「公开方式」列']);
  const bad = parseSheet(csvGrid('序号,公开事项,,公开内容,公开方式\n,一级事项,三级事项,,\n'), { level: 'county' });
  assert.match(bad.errors[0]!.message, /无法识别列名「三级事项」/);
});

test('merged cells in odd places are refused; merged 一级事项 and 公开依据 are read', () => {
  const base = csvGrid(`标题\n${HEADER3}`
    + '1,一级,二级a,内容,依据,即时公开,主体,政府网站,√,,√,,√,,\n'
    + '2,,二级b,内容,,即时公开,主体,政府网站,√,,√,,√,,\n');
  const ok = parseSheet({ ...base, merges: [{ top: 3, left: 1, bottom: 4, right: 1 }, { top: 3, left: 4, bottom: 4, right: 4 }] }, { level: 'county' });
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.items.map((i) => [i.level1, i.basis]), [['一级', '依据'], ['一级', '依据']]);
  const across = parseSheet({ ...base, merges: [{ top: 3, left: 3, bottom: 3, right: 4 }] }, { level: 'county' });
  assert.match(describeProblem(across.errors[0]!), /^第4行「公开内容（要素）」：合并单元格跨越了「公开内容（要素）」「公开依据」多列/);
  const seq = parseSheet({ ...base, merges: [{ top: 3, left: 0, bottom: 4, right: 0 }] }, { level: 'county' });
  assert.match(describeProblem(seq.errors[0]!), /第4–5行合并了「序号」单元格/);
});

test('the exported layout reads back as the same items', () => {
  const original = parseSheet(seedGrid('440105001-社会救助.csv'), { level: 'township' }).items;
  original.push({ ...original[0]!, seq: 5, level1: '特困人员救助供养', level2: '', deadlineText: '即时公开', audienceSpecific: true, modeOnRequest: true, tierVillage: true });
  const grid = sheetOf('海珠区赤岗街社会救助领域基层政务公开标准目录', original, true, '社会救助');
  assert.deepEqual(grid.cells[2]!.slice(12), ['区级', '街道级', '社区级']);
  assert.ok(grid.merges.some((m) => m.left === 1 && m.top === 3 && m.bottom === 6), '一级事项 merged over its four rows');
  const back = parseSheet(grid, { level: 'township' });
  assert.deepEqual(back.errors, []);
  assert.equal(back.title, '海珠区赤岗街社会救助领域基层政务公开标准目录');
  assert.deepEqual(back.items, original);
});

test('公开层级 written 区县级 / 街道（乡镇）级 / 社区（村）级 or 乡（镇）、村级, and emoji ticks ✔️ ☑️, are read', () => {
  const sheet = (tiers: string, ticks: string) => csvGrid('序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,,\n'
    + `,一级事项,二级事项,,,,,,全社会,特定群众,主动,依申请公开,${tiers}\n`
    + `1,户籍,迁入,条件,法规,20个工作日,派出所,政府网站,${ticks}\n`);
  const tiersOf = (g: Grid) => {
    const s = parseSheet(g, { level: 'township' });
    assert.deepEqual(s.errors, []);
    const i = s.items[0]!;
    return [i.audiencePublic, i.modeProactive, i.tierCounty, i.tierTownship, i.tierVillage];
  };
  assert.deepEqual(tiersOf(sheet('区县级,街道（乡镇）级,社区（村）级', '√,,√,,√,√,√')), [true, true, true, true, true]);
  assert.deepEqual(tiersOf(sheet('县级,镇（街道）级,村（居）级', '√,,√,,,√,')), [true, true, false, true, false]);
  assert.deepEqual(tiersOf(sheet('县（市、区）级,乡（镇）、村级,', '√,,√,,,√,')), [true, true, false, true, true]);
  assert.deepEqual(tiersOf(sheet('县级,乡镇（街道）、村（社区）级,', '✔\uFE0F,,☑\uFE0F,,,✔\uFE0E,')), [true, true, false, true, true]);
});

test('one-row headers: single 公开对象/公开方式 columns saying 全社会/主动公开, and tick columns named directly', () => {
  const single = parseSheet(csvGrid('序号,公开事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级\n'
    + '1,户籍迁入,条件,法规,20个工作日,派出所,政府网站,全社会,主动公开,乡级\n'), { level: 'township' });
  assert.deepEqual(single.errors, []);
  assert.equal(single.items.length, 1, 'the first data row is not a sub-header');
  assert.deepEqual([single.items[0]!.level1, single.items[0]!.audiencePublic, single.items[0]!.modeProactive, single.items[0]!.tierTownship], ['户籍迁入', true, true, true]);
  const flat = parseSheet(csvGrid('序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,全社会,特定群众,主动,依申请公开,县级,乡级\n'
    + '1,户籍,迁入,条件,法规,20个工作日,派出所,政府网站,√,,√,,,√\n'), { level: 'township' });
  assert.deepEqual(flat.errors, []);
  const i = flat.items[0]!;
  assert.deepEqual([i.level1, i.level2, i.audiencePublic, i.audienceSpecific, i.modeProactive, i.modeOnRequest, i.tierCounty, i.tierTownship], ['户籍', '迁入', true, false, true, false, false, true]);
});
