// Pure: the 2021 annual-report format (《中华人民共和国政府信息公开工作年度报告格式》,
// 国办公开办函〔2021〕30号) — its six sections and the exact row and column labels of tables 二, 三
// and 四 (shared regulations.md §2.1–2.5). Everything that prints or parses a table reads them here.

/** Section headings, in order (§2.1). */
export const SECTIONS = [
  { no: '一', title: '总体情况' },
  { no: '二', title: '主动公开政府信息情况' },
  { no: '三', title: '收到和处理政府信息公开申请情况' },
  { no: '四', title: '政府信息公开行政复议、行政诉讼情况' },
  { no: '五', title: '存在的主要问题及改进情况' },
  { no: '六', title: '其他需要报告的事项' },
] as const;

// --- Table 二 (§2.3): four stacked blocks, each headed by the 第二十条 item it reports ---

export const TABLE2_ITEM_1 = { heading: '第二十条第（一）项', columns: ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], rows: ['规章', '行政规范性文件'] } as const;
export const TABLE2_ITEM_5 = { heading: '第二十条第（五）项', columns: ['信息内容', '本年处理决定数量'], rows: ['行政许可'] } as const;
export const TABLE2_ITEM_6 = { heading: '第二十条第（六）项', columns: ['信息内容', '本年处理决定数量'], rows: ['行政处罚', '行政强制'] } as const;
export const TABLE2_ITEM_8 = { heading: '第二十条第（八）项', columns: ['信息内容', '本年收费金额（单位：万元）'], rows: ['行政事业性收费'] } as const;

export interface IssuedCounts { issued: number; repealed: number; effective: number }
export interface Table2 {
  /** 第（一）项: 规章 and 行政规范性文件 from the disclosure records. */
  rules: IssuedCounts;
  normative: IssuedCounts;
  /** 第（五）项 and 第（六）项: 本年处理决定数量, entered by staff. */
  licensing: number;
  penalty: number;
  coercion: number;
  /** 第（八）项: 本年收费金额 in 万元 as a decimal string (up to four places), entered by staff. */
  feesWan: string;
}

// --- Table 三 (§2.4) ---

export const TABLE3_HEADER_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const TABLE3_BAND = '申请人情况';
export const TABLE3_LEGAL_PERSON = '法人或其他组织';
/** The seven numeric columns, left to right (the API's `table3.columns`). */
export const TABLE3_COLUMNS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'] as const;
export const TOTAL_COL = 6;

export interface Table3RowDef {
  /** Stable key: 'new', 'carried_in', outcome codes of the applications module, 'total', 'carried_out'. */
  key: string;
  /** The exact cell label. */
  label: string;
  /** The group label (（三）不予公开 …) for numbered sub-rows; the level-1 label 三、本年度办理结果 for （一）–（七）. */
  group: string | null;
}

const RESULT = '三、本年度办理结果';
const W = '（三）不予公开';
const U = '（四）无法提供';
const D = '（五）不予处理';
const O = '（六）其他处理';

/** The 25 numeric rows in order. The keys of the result rows are the applications module's outcome codes. */
export const TABLE3_ROWS: readonly Table3RowDef[] = [
  { key: 'new', label: '一、本年新收政府信息公开申请数量', group: null },
  { key: 'carried_in', label: '二、上年结转政府信息公开申请数量', group: null },
  { key: 'disclose', label: '（一）予以公开', group: RESULT },
  { key: 'partial', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', group: RESULT },
  { key: 'withhold.1', label: '1.属于国家秘密', group: W },
  { key: 'withhold.2', label: '2.其他法律行政法规禁止公开', group: W },
  { key: 'withhold.3', label: '3.危及“三安全一稳定”', group: W },
  { key: 'withhold.4', label: '4.保护第三方合法权益', group: W },
  { key: 'withhold.5', label: '5.属于三类内部事务信息', group: W },
  { key: 'withhold.6', label: '6.属于四类过程性信息', group: W },
  { key: 'withhold.7', label: '7.属于行政执法案卷', group: W },
  { key: 'withhold.8', label: '8.属于行政查询事项', group: W },
  { key: 'unable.1', label: '1.本机关不掌握相关政府信息', group: U },
  { key: 'unable.2', label: '2.没有现成信息需要另行制作', group: U },
  { key: 'unable.3', label: '3.补正后申请内容仍不明确', group: U },
  { key: 'decline.1', label: '1.信访举报投诉类申请', group: D },
  { key: 'decline.2', label: '2.重复申请', group: D },
  { key: 'decline.3', label: '3.要求提供公开出版物', group: D },
  { key: 'decline.4', label: '4.无正当理由大量反复申请', group: D },
  { key: 'decline.5', label: '5.要求行政机关确认或重新出具已获取信息', group: D },
  { key: 'other.1', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', group: O },
  { key: 'other.2', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', group: O },
  { key: 'other.3', label: '3.其他', group: O },
  { key: 'total', label: '（七）总计', group: RESULT },
  { key: 'carried_out', label: '四、结转下年度继续办理', group: null },
];
/** The level-1 heading that spans the result rows, and the four group headings with sub-rows. */
export const TABLE3_RESULT_HEADING = RESULT;
export const TABLE3_GROUPS = [W, U, D, O] as const;
/** The rows that add up to （七）总计. */
export const RESULT_KEYS = TABLE3_ROWS.filter((r) => r.key !== 'total' && (r.group === RESULT || (TABLE3_GROUPS as readonly string[]).includes(r.group ?? ''))).map((r) => r.key);

export const ROW_INDEX: Record<string, number> = Object.fromEntries(TABLE3_ROWS.map((r, i) => [r.key, i]));

/** Table 三 as 25 rows × 7 columns, in the order of TABLE3_ROWS and TABLE3_COLUMNS. */
export type Table3 = number[][];

export function emptyTable3(): Table3 {
  return TABLE3_ROWS.map(() => TABLE3_COLUMNS.map(() => 0));
}

export function rowOf(t: Table3, key: string): number[] {
  return t[ROW_INDEX[key] as number] as number[];
}

/** A readable cell name: 「四、结转下年度继续办理」行「自然人」列. */
export function cellName(rowKey: string, col: number): string {
  const def = TABLE3_ROWS[ROW_INDEX[rowKey] as number] as Table3RowDef;
  const label = def.group && def.group !== RESULT ? `${def.group}${def.label}` : def.label;
  return `「${label}」行「${TABLE3_COLUMNS[col]}」列`;
}

// --- Table 四 (§2.5): one row of 15 numbers ---

export const TABLE4_REVIEW = '行政复议';
export const TABLE4_LITIGATION = '行政诉讼';
export const TABLE4_GROUPS = [
  { key: 'review', group: '行政复议', short: '行政复议' },
  { key: 'litigation_direct', group: '行政诉讼（未经复议直接起诉）', short: '未经复议直接起诉' },
  { key: 'litigation_after_review', group: '行政诉讼（复议后起诉）', short: '复议后起诉' },
] as const;
export const TABLE4_RESULTS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
/** The 15 columns of table 四 as the API shows them. */
export const TABLE4_COLUMNS: readonly { group: string; label: string }[] = TABLE4_GROUPS.flatMap((g) => TABLE4_RESULTS.map((r) => ({ group: g.group, label: r.label })));
export type Table4 = number[];
