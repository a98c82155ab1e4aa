// Pure: computes tables 二, 三 and 四 of the annual report from the rows the repository loads —
// application cases (依申请公开), their recorded review / litigation outcomes, and the proactive
// disclosure records of 体裁 规章 / 行政规范性文件. No I/O; the year runs 1 January – 31 December
// (shared regulations.md §2.2).
import {
  emptyTable3, ROW_INDEX, RESULT_KEYS, TABLE3_COLUMNS, TABLE4_GROUPS, TABLE4_RESULTS, TOTAL_COL,
  type IssuedCounts, type Table2, type Table3, type Table4,
} from './annual-format.ts';

/** One application case as the report needs it. */
export interface CaseFacts {
  /** 收到申请之日 (第三十一条); null while an online/fax application awaits confirmation — not counted. */
  receivedOn: string | null;
  applicantType: string;
  applicantSubtype: string | null;
  /** Outcome code (= a table 三 row key) and the day of the decision. */
  outcome: string | null;
  decidedOn: string | null;
  /** The day the applicant withdrew (no decision): counted under （六）其他处理 3.其他. */
  withdrawnOn: string | null;
}

/** One recorded review or litigation step (`record_review` event of a case). */
export interface ReviewFacts {
  caseId: number;
  kind: string;
  result: string;
  on: string;
  seq: number;
}

/** One disclosure record of 体裁 规章 (`rule`) or 行政规范性文件 (`normative`). */
export interface DisclosureFacts {
  genre: string;
  validity: string;
  writtenOn: string | null;
  effectiveOn: string | null;
  publishedOn: string | null;
  expiresOn: string | null;
  repealedOn: string | null;
}

const LEGAL_SUBTYPES = TABLE3_COLUMNS.slice(1, 6) as readonly string[];

/** The applicant column (0–5): 自然人, or the 法人或其他组织 sub-column; an unknown subtype counts as 其他. */
export function applicantColumn(type: string, subtype: string | null): number {
  if (type === 'natural_person') return 0;
  const i = subtype ? LEGAL_SUBTYPES.indexOf(subtype) : -1;
  return i >= 0 ? i + 1 : 5;
}

/**
 * Table 三. A case counts in 一 when received in the year; in 二 when received before the year and
 * not yet concluded on 1 January; in 三 under its outcome when concluded (decided, or withdrawn →
 * 其他处理 3) in the year; in 四 when received by 31 December and not concluded by then. So for
 * data computed here 一 + 二 = 三（七） + 四 holds in every column by construction.
 */
export function computeTable3(cases: readonly CaseFacts[], year: number): Table3 {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const t = emptyTable3();
  const add = (key: string, col: number) => {
    const row = t[ROW_INDEX[key] as number] as number[];
    row[col] = (row[col] as number) + 1;
  };
  for (const c of cases) {
    if (!c.receivedOn) continue;
    const col = applicantColumn(c.applicantType, c.applicantSubtype);
    const concludedOn = c.outcome && c.decidedOn ? c.decidedOn : c.withdrawnOn;
    const resultKey = c.outcome && c.decidedOn ? c.outcome : 'other.3';
    if (c.receivedOn > end) continue;
    if (c.receivedOn >= start) add('new', col);
    else if (!concludedOn || concludedOn >= start) add('carried_in', col);
    if (concludedOn && concludedOn >= start && concludedOn <= end) add(ROW_INDEX[resultKey] === undefined ? 'other.3' : resultKey, col);
    if (!concludedOn || concludedOn > end) add('carried_out', col);
  }
  return withTotals(t);
}

/** Fills （七）总计 (sum of the result rows) and the 总计 column (sum of the six applicant columns). */
export function withTotals(t: Table3): Table3 {
  const out = t.map((r) => [...r]);
  const total = out[ROW_INDEX.total as number] as number[];
  for (let c = 0; c < TOTAL_COL; c++) total[c] = RESULT_KEYS.reduce((s, k) => s + ((out[ROW_INDEX[k] as number] as number[])[c] as number), 0);
  for (const row of out) row[TOTAL_COL] = row.slice(0, TOTAL_COL).reduce((s, v) => s + v, 0);
  return out;
}

/**
 * Table 四. Each case's review (and each kind of suit) is counted once, with its latest recorded
 * result on or before 31 December: a concluded one (维持/纠正/其他) in the year of that result, a
 * pending one (尚未审结) in every year-end at which it is still pending. 总计 = the sum of the four.
 */
export function computeTable4(reviews: readonly ReviewFacts[], year: number): Table4 {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const latest = new Map<string, ReviewFacts>();
  for (const r of reviews) {
    if (r.on > end) continue;
    const k = `${r.caseId}|${r.kind}`;
    const prev = latest.get(k);
    if (!prev || r.on > prev.on || (r.on === prev.on && r.seq > prev.seq)) latest.set(k, r);
  }
  const out: Table4 = TABLE4_GROUPS.flatMap(() => TABLE4_RESULTS.map(() => 0));
  for (const r of latest.values()) {
    const g = TABLE4_GROUPS.findIndex((x) => x.key === r.kind);
    const i = TABLE4_RESULTS.findIndex((x) => x.key === r.result);
    if (g < 0 || i < 0 || i > 3) continue;
    if (r.result !== 'pending' && r.on < start) continue;
    const at = g * 5 + i;
    out[at] = (out[at] as number) + 1;
  }
  for (let g = 0; g < 3; g++) out[g * 5 + 4] = out.slice(g * 5, g * 5 + 4).reduce((s, v) => s + v, 0);
  return out;
}

/**
 * Table 二 第（一）项 from disclosure records. 本年制发: 成文日期 (else 发布日期) in the year;
 * 本年废止: 废止日期 in the year; 现行有效: in force on 31 December — made (生效日期, else 成文日期,
 * else 发布日期) by then, not repealed or expired by then. A record marked repealed or expired
 * without a date is not counted as in force.
 */
export function computeIssued(records: readonly DisclosureFacts[], genre: string, year: number): IssuedCounts {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const out: IssuedCounts = { issued: 0, repealed: 0, effective: 0 };
  for (const r of records) {
    if (r.genre !== genre) continue;
    const made = r.writtenOn ?? r.publishedOn;
    if (made && made >= start && made <= end) out.issued++;
    if (r.repealedOn && r.repealedOn >= start && r.repealedOn <= end) out.repealed++;
    const from = r.effectiveOn ?? made;
    const repealed = r.repealedOn ? r.repealedOn <= end : r.validity === 'repealed';
    const expired = r.expiresOn ? r.expiresOn <= end : r.validity === 'expired';
    if (from && from <= end && !repealed && !expired) out.effective++;
  }
  return out;
}

export interface Figures { licensing: number; penalty: number; coercion: number; feesWan: string }

export function computeTable2(records: readonly DisclosureFacts[], figures: Figures, year: number): Table2 {
  return { rules: computeIssued(records, 'rule', year), normative: computeIssued(records, 'normative', year), ...figures };
}

