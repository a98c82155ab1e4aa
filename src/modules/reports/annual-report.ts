// Pure: the whole annual report as one value (tables, texts, checks), its JSON shape for the API, and
// the pre-filled texts of sections 一, 五 and 六 (figures and last year's comparison). No I/O.
import type { Check } from './annual-checks.ts';
import {
  rowOf, TABLE2_ITEM_1, TABLE2_ITEM_5, TABLE2_ITEM_6, TABLE2_ITEM_8, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_COLUMNS, TOTAL_COL,
  type Table2, type Table3, type Table4,
} from './annual-format.ts';

export interface ReportTexts {
  section1: string;
  section5: string;
  section6: string;
}

export interface AnnualReport {
  orgCode: string;
  orgName: string;
  year: number;
  includeSubtree: boolean;
  state: 'draft' | 'published' | 'none';
  /** 'system' (computed here) or 'import' (a past year's published table 三 only). */
  source: 'system' | 'import';
  publishedAt: string | null;
  table2: Table2 | null;
  table3: Table3;
  table4: Table4 | null;
  texts: ReportTexts;
  checks: Check[];
}

/** The report's title as published: 磁县人民政府2025年政府信息公开工作年度报告. */
export function reportTitle(orgName: string, year: number): string {
  return `${orgName}${year}年政府信息公开工作年度报告`;
}

/** The API body (`GET /api/v1/reports/annual`): labels exactly as in the 2021 format. */
export function reportJson(r: AnnualReport) {
  const t2 = r.table2;
  return {
    org: r.orgCode,
    org_name: r.orgName,
    year: r.year,
    include_subtree: r.includeSubtree,
    state: r.state,
    source: r.source,
    published_at: r.publishedAt,
    table2: t2 ? {
      item1: { heading: TABLE2_ITEM_1.heading, columns: [...TABLE2_ITEM_1.columns], rows: [
        { label: '规章', values: [t2.rules.issued, t2.rules.repealed, t2.rules.effective] },
        { label: '行政规范性文件', values: [t2.normative.issued, t2.normative.repealed, t2.normative.effective] },
      ] },
      item5: { heading: TABLE2_ITEM_5.heading, columns: [...TABLE2_ITEM_5.columns], rows: [{ label: '行政许可', values: [t2.licensing] }] },
      item6: { heading: TABLE2_ITEM_6.heading, columns: [...TABLE2_ITEM_6.columns], rows: [{ label: '行政处罚', values: [t2.penalty] }, { label: '行政强制', values: [t2.coercion] }] },
      item8: { heading: TABLE2_ITEM_8.heading, columns: [...TABLE2_ITEM_8.columns], rows: [{ label: '行政事业性收费', values: [Number(t2.feesWan)] }] },
    } : null,
    table3: {
      columns: [...TABLE3_COLUMNS],
      rows: TABLE3_ROWS.map((def, i) => ({ key: def.key, label: def.label, group: def.group, values: [...(r.table3[i] as number[])] })),
    },
    table4: r.table4 ? { columns: TABLE4_COLUMNS.map((c) => ({ ...c })), values: [...r.table4] } : null,
    checks: r.checks.map((c) => ({ rule: c.rule, ok: c.ok, detail: c.detail })),
    texts: { section1: r.texts.section1, section5: r.texts.section5, section6: r.texts.section6 },
  };
}

/** The mark pre-filled texts leave where staff must write; a report still holding one is not published. */
export const PLACEHOLDER = '（请填写';

/** The sections (一, 五, 六) that are empty or still hold a pre-filled placeholder. */
export function incompleteSections(t: ReportTexts): string[] {
  const out: string[] = [];
  if (!t.section1.trim() || t.section1.includes(PLACEHOLDER)) out.push('一、总体情况');
  if (!t.section5.trim() || t.section5.includes(PLACEHOLDER)) out.push('五、存在的主要问题及改进情况');
  if (!t.section6.trim() || t.section6.includes(PLACEHOLDER)) out.push('六、其他需要报告的事项');
  return out;
}

function compare(now: number, before: number | null, unit = '件'): string {
  if (before === null) return '';
  if (now === before) return `，与上年持平`;
  return now > before ? `，比上年增加${now - before}${unit}` : `，比上年减少${before - now}${unit}`;
}

export interface PrefillInput {
  orgName: string;
  year: number;
  table2: Table2;
  table3: Table3;
  table4: Table4;
  /** Last year's published (or imported: table 三 only) report, for the comparison; null when none. */
  previous: { table2: Table2 | null; table3: Table3; table4: Table4 | null } | null;
}

/** Pre-filled texts: figures of this year and the comparison with last year, to be completed by staff. */
export function prefillTexts(p: PrefillInput): ReportTexts {
  const got = rowOf(p.table3, 'new')[TOTAL_COL] as number;
  const done = rowOf(p.table3, 'total')[TOTAL_COL] as number;
  const open = rowOf(p.table3, 'carried_out')[TOTAL_COL] as number;
  const disclosed = (rowOf(p.table3, 'disclose')[TOTAL_COL] as number) + (rowOf(p.table3, 'partial')[TOTAL_COL] as number);
  const prev = p.previous;
  const prevGot = prev ? (rowOf(prev.table3, 'new')[TOTAL_COL] as number) : null;
  const prevDone = prev ? (rowOf(prev.table3, 'total')[TOTAL_COL] as number) : null;
  const reviews = p.table4[4] as number;
  const suits = (p.table4[9] as number) + (p.table4[14] as number);
  const prevReviews = prev?.table4 ? (prev.table4[4] as number) : null;
  const prevSuits = prev?.table4 ? (prev.table4[9] as number) + (prev.table4[14] as number) : null;
  const prevIssued = prev?.table2 ? prev.table2.normative.issued : null;
  const corrected = (p.table4[1] as number) + (p.table4[6] as number) + (p.table4[11] as number);
  const section1 = [
    `${p.year}年，${p.orgName}认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度政府信息公开工作情况报告如下。`,
    `（一）主动公开。本年制发规章${p.table2.rules.issued}件、行政规范性文件${p.table2.normative.issued}件${compare(p.table2.normative.issued, prevIssued)}，废止规章${p.table2.rules.repealed}件、行政规范性文件${p.table2.normative.repealed}件；现行有效规章${p.table2.rules.effective}件、行政规范性文件${p.table2.normative.effective}件。`,
    `（二）依申请公开。本年新收政府信息公开申请${got}件${compare(got, prevGot)}；本年办结${done}件${compare(done, prevDone)}，其中予以公开或部分公开${disclosed}件；结转下年度继续办理${open}件。`,
    `（三）政府信息管理。（请填写）`,
    `（四）政府信息公开平台建设。（请填写）`,
    `（五）监督保障。本年因政府信息公开工作被申请行政复议${reviews}件${compare(reviews, prevReviews)}、提起行政诉讼${suits}件${compare(suits, prevSuits)}，其中被纠正${corrected}件。（请填写；人民政府还应报告工作考核、社会评议和责任追究结果情况，《政府信息公开条例》第五十条第（四）项）`,
  ].join('\n');
  const section5 = ['（一）存在的主要问题：（请填写）', '（二）改进情况：（请填写）'].join('\n');
  const section6 = [
    `本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费情况：（请填写，未收取的写“未收取”）。`,
    '本年度落实政务公开工作要点情况：（请填写）。',
  ].join('\n');
  return { section1, section5, section6 };
}
