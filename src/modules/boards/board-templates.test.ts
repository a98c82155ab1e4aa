// The column vocabulary and the table templates of the boards: typed cells, refusals that name the
// row and the column, periods (村民委员会组织法第三十条: 财务收支 monthly or quarterly), totals, and what
// the public sees of a person's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnum } from '../../platform/web/enums.ts';
import {
  BOARD_COLUMNS, COMMUNITY_COLUMNS, VILLAGE_COLUMNS, boardKindOf, checkRows, formatAmount, maskName, parseDecimal, parsePeriod,
  periodLabel, periodRange, periodRuleOf, publicCell, publishProblems, templateOf, totalsOf, matchHeader,
} from './board-templates.ts';

const finance = templateOf('finance')!;
const row = (over: Record<string, unknown> = {}) => ({ date: '2026-01-10', item: '办公用品', income: '', expense: '100', handler: '王丽娟', ...over });

test('the 基层通 content types and the village 公开栏 columns are columns with a code and a label, parsed from either', () => {
  assert.deepEqual(COMMUNITY_COLUMNS.map((c) => BOARD_COLUMNS.values.find((v) => v.code === c)!.label), ['政策法规', '脱贫攻坚/乡村振兴', '社区会议', '党务', '村务', '财务收支', '民生保障', '办事服务']);
  assert.deepEqual(VILLAGE_COLUMNS.map((c) => BOARD_COLUMNS.values.find((v) => v.code === c)!.label), ['财务收支', '救助和补贴发放', '土地流转和征收补偿', '惠农补贴']);
  assert.equal(parseEnum(BOARD_COLUMNS, '救助和补贴发放'), 'relief_subsidy');
  assert.equal(parseEnum(BOARD_COLUMNS, 'finance'), 'finance');
  assert.equal(parseEnum(BOARD_COLUMNS, '财务'), null);
  // every village column publishes a table
  for (const c of VILLAGE_COLUMNS) assert.ok(templateOf(c), c);
  assert.equal(templateOf('policy'), null);
  assert.equal(boardKindOf('下渡社区居委会'), 'community');
  assert.equal(boardKindOf('纪庄村村民委员会'), 'village');
});

test('amounts: yuan with at most two decimals, never negative; commas, ¥ and full-width digits accepted', () => {
  assert.deepEqual(parseDecimal('1,234.5'), { cents: 123450 });
  assert.deepEqual(parseDecimal('¥12'), { cents: 1200 });
  assert.deepEqual(parseDecimal('１２３．４'), { cents: 12340 });
  assert.deepEqual(parseDecimal('0.10'), { cents: 10 });
  assert.deepEqual(parseDecimal('-5'), { error: 'negative' });
  assert.deepEqual(parseDecimal('1.234'), { error: 'decimals' });
  assert.deepEqual(parseDecimal('一百'), { error: 'not_number' });
  assert.deepEqual(parseDecimal('1e3'), { error: 'not_number' });
  assert.deepEqual(parseDecimal('99999999999'), { error: 'too_large' });
  assert.equal(formatAmount('1234567.50'), '1,234,567.50');
});

test('a bad cell is refused naming its row and column', () => {
  const r = checkRows(finance, [row(), row(), row({ expense: '壹佰元' }), row({ expense: '-20' }), row({ date: '2026-02-30' })], '2026-Q1');
  assert.deepEqual(r.errors.map((e) => e.message), [
    '第3行“支出（元）”不是金额',
    '第4行“支出（元）”不能为负数',
    '第5行“日期”不是日期（应为 2026-03-05）',
  ]);
  assert.deepEqual(r.errors.map((e) => [e.row, e.field]), [[3, 'expense'], [4, 'expense'], [5, 'date']]);
});

test('a finance row needs 收入 or 支出, its date inside the period; blank rows are dropped, values normalised', () => {
  const r = checkRows(finance, [row({ expense: '' }), { date: '', item: '', income: '', expense: '' }, row({ date: '2026/4/1' }), row({ expense: '1,000' })], '2026-Q1');
  assert.deepEqual(r.errors.map((e) => e.message), ['第1行“收入（元）”或“支出（元）”至少填写一项', '第3行“日期”2026-04-01 不在公开期间2026年第一季度内']);
  assert.equal(r.rows.length, 3);
  assert.equal(r.rows[2]!.expense, '1000.00');
});

test('periods: 财务收支 by month or quarter (第三十条), other table columns free text', () => {
  assert.deepEqual(parsePeriod(periodRuleOf('finance'), '2026年第一季度'), { value: '2026-Q1' });
  assert.deepEqual(parsePeriod(periodRuleOf('finance'), '2026-3'), { value: '2026-03' });
  assert.deepEqual(parsePeriod(periodRuleOf('finance'), '2026年3月'), { value: '2026-03' });
  assert.ok('error' in parsePeriod(periodRuleOf('finance'), '2026年度'));
  assert.ok('error' in parsePeriod(periodRuleOf('finance'), ''));
  assert.deepEqual(parsePeriod(periodRuleOf('relief_subsidy'), '2025年12月'), { value: '2025年12月' });
  assert.deepEqual(parsePeriod(periodRuleOf('policy'), ''), { value: '' });
  assert.deepEqual(periodRange('2025-Q4'), { from: '2025-10-01', to: '2025-12-31' });
  assert.deepEqual(periodRange('2024-02'), { from: '2024-02-01', to: '2024-02-29' });
  assert.equal(periodLabel('2026-Q2'), '2026年第二季度');
});

test('totals sum in fen (no floating-point drift) and the balance is 收入 − 支出', () => {
  const rows = checkRows(finance, [row({ income: '0.10', expense: '' }), row({ income: '0.20', expense: '' }), row({ expense: '1000.05' })], '2026-01').rows;
  const t = totalsOf(finance, rows);
  assert.deepEqual(t.sums, { income: '0.30', expense: '1000.05' });
  assert.equal(t.balance, '-999.75');
  assert.equal(t.count, 3);
});

test('the public sees a person\'s name masked, and ID or mobile numbers in any cell masked', () => {
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('张建华'), '张*华');
  assert.equal(maskName('欧阳娜娜'), '欧**娜');
  const relief = templateOf('relief_subsidy')!;
  const name = relief.fields.find((f) => f.key === 'name')!;
  const note = relief.fields.find((f) => f.key === 'note')!;
  assert.equal(publicCell(name, '李桂英'), '李*英');
  assert.equal(publicCell(note, '联系 13831012345'), '联系 138****2345');
});

test('publishing is refused with every reason: an empty table, a missing period', () => {
  assert.deepEqual(publishProblems('finance', { title: 't', period: '', body: '', rows: [] }), ['“财务收支”栏目须有表格内容', '请填写公开期间']);
  assert.deepEqual(publishProblems('policy', { title: 't', period: '', body: ' ', rows: [] }), ['请填写正文']);
  assert.deepEqual(publishProblems('policy', { title: 't', period: '', body: '正文', rows: [] }), []);
});

test('a number from a spreadsheet formula or JSON is read as shown: 1.1×1.1 is 1.21, not refused for its binary tail', () => {
  const { rows, errors } = checkRows(finance, [row({ expense: 1.1 * 1.1 }), row({ expense: 0.1 + 0.2 })], '2026-01');
  assert.deepEqual(errors, []);
  assert.deepEqual(rows.map((r) => r.expense), ['1.21', '0.30']);
  // a real third decimal is still refused
  assert.match(checkRows(finance, [row({ expense: 1.215 })], '2026-01').errors[0]!.message, /第1行“支出（元）”/);
});

test('an uploaded header matches a field by its label, the label without its unit or with ASCII brackets, or its key; any other header is named', () => {
  assert.deepEqual(matchHeader(finance, ['序号', '日期', '摘要/科目', '收入(元)', '支出', '经手人', 'voucher']), { index: [1, 2, 3, 4, 5, 6], unknown: [] });
  assert.deepEqual(matchHeader(finance, ['日期', '摘要/科目', '收入（元）', '支出（元）', '经手人', '凭证编号']).unknown, ['凭证编号']);
  // a second column of the same field would be dropped: it is named too
  assert.deepEqual(matchHeader(finance, ['日期', '摘要/科目', '支出（元）', '支出（元）', '经手人']).unknown, ['支出（元）']);
});
