// Pure: the columns (栏目) of a community's or village's 公开栏 and the table templates of the
// columns that publish a table — typed cells, the checks that name the row and column of a bad cell,
// totals, and what the public may see of a person's name.
//
// Sources (docs/model/boards.md):
// - 海珠区 基层通 (seed: 「重点做好社区公开中政策法规、脱贫攻坚、乡村振兴、社区会议情况……」): the community
//   content types below.
// - 磁县 村务公开栏 (seed: 「及时通过村务公开栏公开财务收支、扶贫救助、土地流转、农机购置补助、耕地地力保护补贴等」):
//   the village columns 财务收支、救助和补贴发放、土地流转和征收补偿、惠农补贴.
// - 《中华人民共和国村民委员会组织法》（2018年修正）第三十条: 一般事项至少每季度公布一次；集体财务往来较多的，
//   财务收支情况应当每月公布一次；涉及村民利益的重大事项应当随时公布. Hence 财务收支 is published per month
//   or per quarter, and its rows must fall within that period.
// - 《中华人民共和国政府信息公开条例》第十五条 (personal privacy of a third party is not disclosed) and the
//   supervisors' finding 「个人信息未脱敏」: a person's name in a 救助/补贴/土地 table is shown masked to
//   the public (张*强), ID numbers and mobile numbers in any cell are masked as everywhere else.
import { defineEnum, type EnumDef } from '../../platform/web/enums.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { boardStrings as s } from './boards.strings.ts';

export type BoardColumn =
  | 'policy' | 'rural_revitalisation' | 'community_meeting' | 'party_affairs' | 'village_affairs'
  | 'finance' | 'livelihood' | 'services'
  | 'relief_subsidy' | 'land' | 'agri_subsidy';

/** Every column, in the order a board shows them. */
export const BOARD_COLUMNS: EnumDef<BoardColumn> = defineEnum<BoardColumn>([
  { code: 'policy', label: '政策法规' },
  { code: 'rural_revitalisation', label: '脱贫攻坚/乡村振兴' },
  { code: 'community_meeting', label: '社区会议' },
  { code: 'party_affairs', label: '党务' },
  { code: 'village_affairs', label: '村务' },
  { code: 'finance', label: '财务收支' },
  { code: 'livelihood', label: '民生保障' },
  { code: 'services', label: '办事服务' },
  { code: 'relief_subsidy', label: '救助和补贴发放' },
  { code: 'land', label: '土地流转和征收补偿' },
  { code: 'agri_subsidy', label: '惠农补贴' },
]);

/** 海珠区 基层通: the eight content types of a community (社区). */
export const COMMUNITY_COLUMNS: readonly BoardColumn[] = ['policy', 'rural_revitalisation', 'community_meeting', 'party_affairs', 'village_affairs', 'finance', 'livelihood', 'services'];
/** 磁县 村务公开栏: the four columns of a village (村). */
export const VILLAGE_COLUMNS: readonly BoardColumn[] = ['finance', 'relief_subsidy', 'land', 'agri_subsidy'];

export type BoardKind = 'community' | 'village';

/** A 居委会/社区 shows the 基层通 set, a 村委会 the 公开栏 set (by its name). */
export function boardKindOf(orgName: string): BoardKind {
  return /(社区|居委会|居民委员会)/.test(orgName) ? 'community' : 'village';
}

export function columnsOf(kind: BoardKind): readonly BoardColumn[] {
  return kind === 'community' ? COMMUNITY_COLUMNS : VILLAGE_COLUMNS;
}

// ---- cells and templates ----------------------------------------------------------------------

/**
 * date: YYYY-MM-DD; month: YYYY-MM; text: free text; person: a person's name (masked in public);
 * amount: yuan, at most 2 decimals, never negative; area: 亩, at most 2 decimals, never negative;
 * choice: one of `options`.
 */
export type CellType = 'date' | 'month' | 'text' | 'person' | 'amount' | 'area' | 'choice';

export interface TemplateField {
  key: string;
  label: string;
  type: CellType;
  required: boolean;
  /** For text and person cells. */
  maxLength?: number;
  options?: readonly string[];
  /** Summed in the totals row. */
  total?: boolean;
}

export interface PeriodRule {
  /** month: YYYY-MM; month_or_quarter: YYYY-MM or YYYY-Qn; any: free text (e.g. 2026年度). */
  kind: 'month' | 'month_or_quarter' | 'any';
  required: boolean;
}

export interface Template {
  fields: readonly TemplateField[];
  /** A row must carry at least one of these (财务收支: 收入 or 支出). */
  oneOf?: readonly string[];
  /** Date cells must fall within the post's period. */
  datesInPeriod?: boolean;
  /** The difference shown under the totals (收入合计 − 支出合计). */
  balance?: { plus: string; minus: string; label: string };
}

const TEXT = 200;
export const MAX_ROWS = 500;

/** The table each table column publishes (null: text only). */
export const TEMPLATES: Partial<Record<BoardColumn, Template>> = {
  finance: {
    fields: [
      { key: 'date', label: '日期', type: 'date', required: true },
      { key: 'item', label: '摘要/科目', type: 'text', required: true, maxLength: TEXT },
      { key: 'income', label: '收入（元）', type: 'amount', required: false, total: true },
      { key: 'expense', label: '支出（元）', type: 'amount', required: false, total: true },
      { key: 'handler', label: '经手人', type: 'text', required: true, maxLength: 40 },
      { key: 'voucher', label: '凭证号', type: 'text', required: false, maxLength: 40 },
    ],
    oneOf: ['income', 'expense'],
    datesInPeriod: true,
    balance: { plus: 'income', minus: 'expense', label: '本期收支相抵（收入－支出）' },
  },
  relief_subsidy: {
    fields: [
      { key: 'name', label: '姓名', type: 'person', required: true, maxLength: 20 },
      { key: 'category', label: '类别', type: 'text', required: true, maxLength: 40 },
      { key: 'amount', label: '金额（元）', type: 'amount', required: true, total: true },
      { key: 'month', label: '发放月份', type: 'month', required: true },
      { key: 'note', label: '备注', type: 'text', required: false, maxLength: TEXT },
    ],
  },
  land: {
    fields: [
      { key: 'kind', label: '类型', type: 'choice', required: true, options: ['土地流转', '征收补偿'] },
      { key: 'holder', label: '承包户/权利人', type: 'person', required: true, maxLength: 20 },
      { key: 'counterparty', label: '流入方/征收单位', type: 'text', required: true, maxLength: 80 },
      { key: 'plot', label: '地块位置', type: 'text', required: true, maxLength: 80 },
      { key: 'area', label: '面积（亩）', type: 'area', required: true, total: true },
      { key: 'term', label: '期限或批准文号', type: 'text', required: false, maxLength: 80 },
      { key: 'amount', label: '金额（元）', type: 'amount', required: true, total: true },
    ],
  },
  agri_subsidy: {
    fields: [
      { key: 'name', label: '户主姓名', type: 'person', required: true, maxLength: 20 },
      { key: 'project', label: '补贴项目', type: 'text', required: true, maxLength: 40 },
      { key: 'area', label: '计补面积（亩）', type: 'area', required: false, total: true },
      { key: 'rate', label: '补贴标准（元/亩）', type: 'amount', required: false },
      { key: 'amount', label: '补贴金额（元）', type: 'amount', required: true, total: true },
      { key: 'paid_on', label: '发放日期', type: 'date', required: true },
    ],
  },
};

/** The period each column asks for (村民委员会组织法第三十条: 财务收支 monthly or quarterly). */
export function periodRuleOf(column: BoardColumn): PeriodRule {
  if (column === 'finance') return { kind: 'month_or_quarter', required: true };
  if (TEMPLATES[column]) return { kind: 'any', required: true };
  return { kind: 'any', required: false };
}

export function templateOf(column: BoardColumn): Template | null {
  return TEMPLATES[column] ?? null;
}

// ---- values -----------------------------------------------------------------------------------

/** One saved row: each field's normalised text ('' when empty). Amounts/areas as '1234.50'. */
export type Row = Record<string, string>;

const FULL_WIDTH = /[０-９．，－]/g;
function halfWidth(v: string): string {
  return v.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** An amount in fen (integer), or an error kind. Accepts 1,234.5 / ¥12 / 12元 / full-width digits. */
export function parseDecimal(input: string): { cents: number } | { error: 'not_number' | 'negative' | 'decimals' | 'too_large' } {
  const t = halfWidth(input.trim()).replace(/^[¥￥]/, '').replace(/(元|亩)$/, '').replace(/,/g, '').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return { error: 'not_number' };
  if (t.startsWith('-') && !/^-0*(\.0*)?$/.test(t)) return { error: 'negative' };
  const [whole, frac = ''] = t.replace(/^[+-]/, '').split('.') as [string, string?];
  if (frac.replace(/0+$/, '').length > 2) return { error: 'decimals' };
  const w = whole.replace(/^0+(?=\d)/, '');
  if (w.length > 10) return { error: 'too_large' };
  const cents = Number(w || '0') * 100 + Number((frac + '00').slice(0, 2));
  if (cents > 99_999_999_999) return { error: 'too_large' };
  return { cents };
}

export function centsToText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** 1234567.5 → 「1,234,567.50」 (for pages and print). */
export function formatAmount(value: string): string {
  if (!value) return '';
  const [w, f] = value.split('.') as [string, string?];
  return `${w.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f ?? '00'}`;
}

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** 2026/3/5, 2026年3月5日, 2026.03.05 → 2026-03-05 (or the input unchanged). */
function normaliseDate(v: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(halfWidth(v));
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
}
function normaliseMonth(v: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(halfWidth(v));
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : v;
}

/**
 * A number from a spreadsheet or JSON as the person meant it: binary floating point is rounded to 15
 * significant digits (what Excel shows), so a formula's 1.1×1.1 = 1.2100000000000002 reads 1.21.
 */
export function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

const ROW_NUMBER_HEADERS = ['序号', '行', '行号'];

/** A header cell as compared: no spaces, full-width brackets as ASCII — 「收入 (元)」 is 「收入（元）」. */
function headerKey(h: string): string {
  return h.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
}

/**
 * Which column of an uploaded table holds each field (−1: absent), by the field's label, its label
 * without the unit (「收入」 for 「收入（元）」) or its key; and the non-empty header cells that name no
 * field (their column would otherwise be dropped without a word).
 */
export function matchHeader(template: Template, header: readonly string[]): { index: number[]; unknown: string[] } {
  const keys = header.map(headerKey);
  const names = (f: TemplateField) => [headerKey(f.label), headerKey(f.label).replace(/\([^)]*\)$/, ''), f.key];
  const index = template.fields.map((f) => keys.findIndex((k) => k !== '' && names(f).includes(k)));
  // 序号 (as the print view numbers the rows) is not data
  const unknown = header.filter((h, i) => h.trim() !== '' && !index.includes(i) && !ROW_NUMBER_HEADERS.includes(keys[i]!)).map((h) => h.trim());
  return { index, unknown };
}

// ---- periods ----------------------------------------------------------------------------------

/** A normalised period: '2026-03' (month), '2026-Q1' (quarter) or free text. */
export function parsePeriod(rule: PeriodRule, input: string): { value: string } | { error: string } {
  const t = halfWidth(input.trim());
  if (!t) return rule.required ? { error: s.errors.periodRequired } : { value: '' };
  if (t.length > 40) return { error: s.errors.periodTooLong };
  if (rule.kind === 'any') return { value: t };
  const month = normaliseMonth(t);
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return { value: month };
  const q = /^(\d{4})\s*(?:-?\s*Q|年第?)\s*([1-4一二三四])\s*(?:季度)?$/i.exec(t);
  if (q && rule.kind === 'month_or_quarter') return { value: `${q[1]}-Q${'1一'.includes(q[2]!) ? 1 : '2二'.includes(q[2]!) ? 2 : '3三'.includes(q[2]!) ? 3 : 4}` };
  return { error: rule.kind === 'month' ? s.errors.periodMonth : s.errors.periodMonthOrQuarter };
}

/** 2026-03 → 2026年3月; 2026-Q1 → 2026年第一季度; free text unchanged. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${'一二三四'[Number(q[2]) - 1]}季度`;
  return period;
}

/** The first and last day of a month or quarter period, or null for free text. */
export function periodRange(period: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m && !q) return null;
  const year = Number((m ?? q)![1]);
  const first = m ? Number(m[2]) : (Number(q![2]) - 1) * 3 + 1;
  const last = m ? first : first + 2;
  const end = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: `${year}-${String(last).padStart(2, '0')}-${String(end).padStart(2, '0')}` };
}

// ---- validation -------------------------------------------------------------------------------

export interface CellError {
  /** 1-based row number as the person entered it. */
  row: number;
  field: string;
  message: string;
}

/**
 * Checks and normalises the rows of a table against its template. Rows whose cells are all empty
 * are dropped (blank form rows); every bad cell is named 「第3行“支出（元）”不是金额」.
 */
export function checkRows(template: Template, raw: readonly Record<string, unknown>[], period: string | null): { rows: Row[]; errors: CellError[] } {
  const rows: Row[] = [];
  const errors: CellError[] = [];
  if (raw.length > MAX_ROWS) return { rows, errors: [{ row: MAX_ROWS + 1, field: '', message: s.errors.tooManyRows(MAX_ROWS) }] };
  const range = template.datesInPeriod && period ? periodRange(period) : null;
  raw.forEach((input, i) => {
    const n = i + 1;
    const text = (k: string) => {
      const v = input[k];
      return typeof v === 'number' && Number.isFinite(v) ? numberText(v) : typeof v === 'string' ? v.trim() : '';
    };
    if (template.fields.every((f) => text(f.key) === '')) return;
    const row: Row = {};
    const fail = (f: TemplateField, why: (row: number, label: string) => string) => errors.push({ row: n, field: f.key, message: why(n, f.label) });
    for (const f of template.fields) {
      const rawValue = input[f.key];
      if (rawValue !== undefined && rawValue !== null && typeof rawValue !== 'string' && !(typeof rawValue === 'number' && Number.isFinite(rawValue))) { fail(f, s.errors.cellType); row[f.key] = ''; continue; }
      let v = text(f.key);
      row[f.key] = v;
      if (!v) { if (f.required) fail(f, s.errors.cellRequired); continue; }
      switch (f.type) {
        case 'amount': case 'area': {
          const p = parseDecimal(v);
          if ('error' in p) fail(f, f.type === 'amount' ? s.errors.amount[p.error] : s.errors.area[p.error]);
          else row[f.key] = centsToText(p.cents);
          break;
        }
        case 'date':
          v = normaliseDate(v);
          if (!isDate(v)) fail(f, s.errors.cellDate);
          else if (range && (v < range.from || v > range.to)) fail(f, (r, l) => s.errors.cellOutsidePeriod(r, l, v, periodLabel(period!)));
          row[f.key] = v;
          break;
        case 'month':
          v = normaliseMonth(v);
          if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) fail(f, s.errors.cellMonth);
          row[f.key] = v;
          break;
        case 'choice':
          if (!f.options!.includes(v)) fail(f, (r, l) => s.errors.cellChoice(r, l, f.options!));
          break;
        case 'text': case 'person':
          if (v.length > (f.maxLength ?? TEXT)) fail(f, (r, l) => s.errors.cellTooLong(r, l, f.maxLength ?? TEXT));
          break;
      }
    }
    if (template.oneOf && template.oneOf.every((k) => !row[k])) {
      const labels = template.oneOf.map((k) => template.fields.find((f) => f.key === k)!.label);
      errors.push({ row: n, field: template.oneOf[0]!, message: s.errors.oneOf(n, labels) });
    }
    rows.push(row);
  });
  return { rows, errors };
}

/** The totals row: each summed field's total as text, plus the balance when the template has one. */
export function totalsOf(template: Template, rows: readonly Row[]): { sums: Record<string, string>; balance: string | null; count: number } {
  const sums: Record<string, string> = {};
  const cents: Record<string, number> = {};
  for (const f of template.fields.filter((x) => x.total)) {
    cents[f.key] = rows.reduce((acc, r) => { const p = r[f.key] ? parseDecimal(r[f.key]!) : { cents: 0 }; return acc + ('cents' in p ? p.cents : 0); }, 0);
    sums[f.key] = centsToText(cents[f.key]!);
  }
  let balance: string | null = null;
  if (template.balance) {
    const d = (cents[template.balance.plus] ?? 0) - (cents[template.balance.minus] ?? 0);
    balance = `${d < 0 ? '-' : ''}${centsToText(Math.abs(d))}`;
  }
  return { sums, balance, count: rows.length };
}

// ---- what the public sees ---------------------------------------------------------------------

/** 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜; a name is never shown whole to the public. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** A cell as the public sees it: person names masked, ID and mobile numbers masked, amounts formatted. */
export function publicCell(field: TemplateField, value: string): string {
  if (!value) return '';
  if (field.type === 'person') return maskName(value);
  if (field.type === 'amount' || field.type === 'area') return formatAmount(value);
  return maskPersonalData(value);
}

/** A cell as the staff see it (unmasked, formatted numbers). */
export function staffCell(field: TemplateField, value: string): string {
  if (field.type === 'amount' || field.type === 'area') return formatAmount(value);
  return value;
}

/** Why a post cannot be published yet (publish is refused with these, 409). */
export function publishProblems(column: BoardColumn, post: { title: string; period: string; body: string; rows: readonly Row[] }): string[] {
  const out: string[] = [];
  const template = templateOf(column);
  if (template && post.rows.length === 0) out.push(s.errors.publishNoRows(labelOfColumn(column)));
  if (!template && !post.body.trim()) out.push(s.errors.publishNoBody);
  if (periodRuleOf(column).required && !post.period) out.push(s.errors.periodRequired);
  if (template) {
    const again = checkRows(template, post.rows, post.period || null);
    out.push(...again.errors.map((e) => e.message));
  }
  return out;
}

export function labelOfColumn(c: BoardColumn): string {
  return BOARD_COLUMNS.values.find((v) => v.code === c)?.label ?? c;
}
