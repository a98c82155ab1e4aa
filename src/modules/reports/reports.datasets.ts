// Shell: the `application-statistics` dataset (issue 23 数据开放) — 依申请公开 statistics per
// organisation and year as the annual report (政府信息公开工作年度报告, 国办公开办函〔2021〕30号)
// states them: tables 二 (主动公开), 三 (收到和处理政府信息公开申请情况) and 四 (行政复议、行政诉讼).
// For the installation and per government (the organisations of its subtree).
//
// Which numbers: a year with a published report gives that report's frozen snapshot (what the
// public reads on the report page); an imported past year gives its table 三 only; any other year
// with applications is computed from today's data with the module's own loaders and pure table
// builders (the same as the staff draft's tables), its staff-entered table 二 figures (第（五）、
// （六）、（八）项, not yet published) left out. Organisations are read in keyset batches by path;
// one organisation's facts are in memory at a time.
import { sql } from 'kysely';
import { csvChunks, jsonlChunks, keysetRows } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { likePrefix } from '../../platform/db/like.ts';
import type { Database, Db } from '../../schema.ts';
import {
  TABLE2_ITEM_1, TABLE2_ITEM_5, TABLE2_ITEM_6, TABLE2_ITEM_8, TABLE3_COLUMNS, TABLE3_RESULT_HEADING, TABLE3_ROWS, TABLE4_GROUPS, TABLE4_RESULTS,
  type Table2, type Table3, type Table4,
} from './annual-format.ts';
import { reportJson, type AnnualReport } from './annual-report.ts';
import { computeIssued, computeTable3, computeTable4 } from './annual-tables.ts';
import * as repo from './reports.repository.ts';

export const applicationStatisticsStrings = {
  title: '依申请公开情况统计',
  description:
    '各单位每年的政府信息公开工作年度报告统计表（国办公开办函〔2021〕30号格式）作为数据：表二 主动公开政府信息情况、'
    + '表三 收到和处理政府信息公开申请情况（新收、上年结转、办理结果、结转下年度）、表四 政府信息公开行政复议和行政诉讼情况。'
    + '已发布年度报告的年份取报告发布时的数字；导入的往年报告只有表三；其余有申请的年份按当前数据计算（未发布，随办理进展变化），'
    + '不含尚未发布的表二第（五）、（六）、（八）项人工填报数字。CSV 为长表（每行一个单元格），JSON Lines 每行一个单位一年。'
    + '含下级单位的报告与下级单位自己的数字会重复，请勿相加。',
  keywords: ['政务公开', '依申请公开', '政府信息公开申请', '年度报告', '行政复议', '行政诉讼'],
  csvTitle: '年度报告统计表（CSV 长表，每行一个单元格）',
  jsonlTitle: '年度报告统计表（JSON Lines，每行一个单位一年）',
  sources: { published: '已发布的年度报告', import: '导入的往年年度报告（仅表三）', live: '按当前数据计算（未发布）' },
  scopes: { own: '本单位', subtree: '含下级单位' },
} as const;

export type StatisticsSource = keyof typeof applicationStatisticsStrings.sources;

export const APPLICATION_STATISTICS_CSV_HEADER = ['年度', '单位代码', '单位名称', '来源代码', '来源', '统计范围', '表', '行代码', '行名称', '列代码', '列名称', '数值'] as const;

/** Codes of table 三's seven columns (TABLE3_COLUMNS, in order). */
export const TABLE3_COLUMN_CODES = ['natural_person', 'commercial', 'research', 'public_interest', 'legal_service', 'other', 'total'] as const;

/** One cell of a report's tables, in long format. */
export interface StatCell {
  table: '二' | '三' | '四';
  rowCode: string;
  rowLabel: string;
  columnCode: string;
  columnLabel: string;
  value: number | string;
}

/** Pure: the cells of tables 二 (all of it, or item （一） only), 三 and 四 of one report, in the report's order. */
export function reportCells(r: { table2: Table2 | null; table3: Table3; table4: Table4 | null }, table2Item1Only: boolean): StatCell[] {
  const out: StatCell[] = [];
  const t2 = r.table2;
  if (t2) {
    const issued = [['issued', TABLE2_ITEM_1.columns[1]], ['repealed', TABLE2_ITEM_1.columns[2]], ['effective', TABLE2_ITEM_1.columns[3]]] as const;
    for (const [code, label, v] of [['rules', TABLE2_ITEM_1.rows[0], t2.rules], ['normative', TABLE2_ITEM_1.rows[1], t2.normative]] as const) {
      for (const [col, colLabel] of issued) out.push({ table: '二', rowCode: `item1.${code}`, rowLabel: `${TABLE2_ITEM_1.heading}·${label}`, columnCode: col, columnLabel: colLabel, value: v[col] });
    }
    if (!table2Item1Only) {
      out.push({ table: '二', rowCode: 'item5.licensing', rowLabel: `${TABLE2_ITEM_5.heading}·${TABLE2_ITEM_5.rows[0]}`, columnCode: 'decisions', columnLabel: TABLE2_ITEM_5.columns[1], value: t2.licensing });
      out.push({ table: '二', rowCode: 'item6.penalty', rowLabel: `${TABLE2_ITEM_6.heading}·${TABLE2_ITEM_6.rows[0]}`, columnCode: 'decisions', columnLabel: TABLE2_ITEM_6.columns[1], value: t2.penalty });
      out.push({ table: '二', rowCode: 'item6.coercion', rowLabel: `${TABLE2_ITEM_6.heading}·${TABLE2_ITEM_6.rows[1]}`, columnCode: 'decisions', columnLabel: TABLE2_ITEM_6.columns[1], value: t2.coercion });
      out.push({ table: '二', rowCode: 'item8.fees', rowLabel: `${TABLE2_ITEM_8.heading}·${TABLE2_ITEM_8.rows[0]}`, columnCode: 'amount_wan', columnLabel: TABLE2_ITEM_8.columns[1], value: t2.feesWan });
    }
  }
  TABLE3_ROWS.forEach((def, i) => {
    const label = def.group && def.group !== TABLE3_RESULT_HEADING ? `${def.group}${def.label}` : def.label;
    TABLE3_COLUMNS.forEach((col, c) => out.push({ table: '三', rowCode: def.key, rowLabel: label, columnCode: TABLE3_COLUMN_CODES[c]!, columnLabel: col, value: (r.table3[i] as number[])[c] as number }));
  });
  if (r.table4) {
    TABLE4_GROUPS.forEach((g, gi) => TABLE4_RESULTS.forEach((res, ri) => out.push({ table: '四', rowCode: g.key, rowLabel: g.group, columnCode: res.key, columnLabel: res.label, value: r.table4![gi * 5 + ri] as number })));
  }
  return out;
}

/** One organisation's report on one year, as the dataset gives it. */
export interface YearStatistics {
  year: number;
  org: { code: string; name: string };
  source: StatisticsSource;
  includeSubtree: boolean;
  publishedAt: string | null;
  report: AnnualReport;
}

interface OrgRow { code: string; name: string; path: string }

/** The scope's subtree condition on a path column (always true for the installation). */
function inScope(scope: DatasetScope, column: string) {
  return scope.kind === 'installation'
    ? sql<boolean>`1 = 1`
    : sql<boolean>`${sql.ref(column)} like ${likePrefix(scope.government.path)} escape '\\'`;
}

/** Organisations of the scope with applications or a published report, a keyset page by path. */
async function orgPage(db: Db, scope: DatasetScope, after: string | null, size: number): Promise<OrgRow[]> {
  let q = db.selectFrom('organisation as o').select(['o.code', 'o.name', 'o.path'])
    .where(inScope(scope, 'o.path'))
    .where(({ or, exists, selectFrom }) => or([
      exists(selectFrom('application_case as a').select('a.id').whereRef('a.org_path', '=', 'o.path').where('a.received_on', 'is not', null)),
      exists(selectFrom('annual_report as r').select('r.id').whereRef('r.org_path', '=', 'o.path').where('r.state', '=', 'published')),
    ]));
  if (after !== null) q = q.where('o.path', '>', after);
  return q.orderBy('o.path').limit(size).execute();
}

const yearOf = (d: string) => Number(d.slice(0, 4));

function isEmpty(t3: Table3, t4: Table4): boolean {
  return t3.every((row) => row.every((v) => v === 0)) && t4.every((v) => v === 0);
}

/**
 * One organisation's years: published/imported reports as published, the other years with any
 * application figure computed from today's data (the reports module's loaders and table builders,
 * loaded once per organisation up to the current year — the builders take each year's cases).
 */
export async function organisationYears(db: Db, org: OrgRow, now: Date): Promise<YearStatistics[]> {
  const nowIso = now.toISOString();
  const thisYear = yearOf(localDateOf(now));
  const rows = await db.selectFrom('annual_report').selectAll().where('org_code', '=', org.code).execute();
  const byYear = new Map(rows.map((r) => [r.year, r]));
  const out: YearStatistics[] = [];
  for (const r of rows) {
    if (r.state !== 'published' || !r.snapshot_json) continue;
    let report: AnnualReport;
    try { report = JSON.parse(r.snapshot_json) as AnnualReport; } catch { continue; }
    const source: StatisticsSource = r.source === 'import' ? 'import' : 'published';
    out.push({ year: r.year, org: { code: org.code, name: report.orgName || org.name }, source, includeSubtree: !!report.includeSubtree, publishedAt: r.published_at, report });
  }
  // The live years: as liveReport, the subtree when the year's draft asks for it.
  const facts = new Map<boolean, Awaited<ReturnType<typeof loadFacts>>>();
  const loadFacts = async (sub: boolean) => {
    const scope = { orgCode: org.code, orgPath: org.path, includeSubtree: sub };
    const [cases, reviews, records] = await Promise.all([repo.loadCaseFacts(db, scope, thisYear), repo.loadReviewFacts(db, scope, thisYear), repo.loadDisclosureFacts(db, scope, nowIso)]);
    return { cases, reviews, records };
  };
  const own = await loadFacts(false);
  facts.set(false, own);
  const received = own.cases.map((c) => c.receivedOn).filter((d): d is string => !!d).sort();
  if (received.length) {
    for (let year = yearOf(received[0]!); year <= thisYear; year++) {
      const row = byYear.get(year);
      if (row?.state === 'published') continue;
      const sub = !!Number(row?.include_subtree ?? 0);
      if (!facts.has(sub)) facts.set(sub, await loadFacts(sub));
      const f = facts.get(sub)!;
      const table3 = computeTable3(f.cases, year);
      const table4 = computeTable4(f.reviews, year);
      if (isEmpty(table3, table4)) continue;
      const table2: Table2 = { rules: computeIssued(f.records, 'rule', year), normative: computeIssued(f.records, 'normative', year), licensing: 0, penalty: 0, coercion: 0, feesWan: '0' };
      out.push({
        year, org: { code: org.code, name: org.name }, source: 'live', includeSubtree: sub, publishedAt: null,
        report: { orgCode: org.code, orgName: org.name, year, includeSubtree: sub, state: row ? 'draft' : 'none', source: 'system', publishedAt: null, table2, table3, table4, texts: { section1: '', section5: '', section6: '' }, checks: [] },
      });
    }
  }
  return out.sort((a, b) => a.year - b.year);
}

async function* statistics(db: Db, scope: DatasetScope, now: Date): AsyncGenerator<YearStatistics> {
  for await (const org of keysetRows((after: string | null, size) => orgPage(db, scope, after, size), (o) => o.path, 200)) {
    yield* await organisationYears(db, org, now);
  }
}

async function* csvRows(db: Db, scope: DatasetScope, now: Date): AsyncGenerator<readonly unknown[]> {
  const s = applicationStatisticsStrings;
  for await (const y of statistics(db, scope, now)) {
    const head = [y.year, y.org.code, y.org.name, y.source, s.sources[y.source], y.includeSubtree ? s.scopes.subtree : s.scopes.own];
    for (const c of reportCells(y.report, y.source === 'live')) yield [...head, c.table, c.rowCode, c.rowLabel, c.columnCode, c.columnLabel, c.value];
  }
}

/** One line per organisation and year: the tables in the shape of GET /api/v1/reports/annual. */
export function statisticsJson(y: YearStatistics) {
  const j = reportJson(y.report);
  const table2 = j.table2 && y.source === 'live' ? { item1: j.table2.item1 } : j.table2;
  return {
    year: y.year, org: { code: y.org.code, name: y.org.name }, source: y.source, include_subtree: y.includeSubtree, published_at: y.publishedAt,
    table2, table3: j.table3, table4: j.table4,
  };
}

async function* jsonlObjects(db: Db, scope: DatasetScope, now: Date): AsyncGenerator<unknown> {
  for await (const y of statistics(db, scope, now)) yield statisticsJson(y);
}

/**
 * Facts from indexes: the scope's cases (application_case_open_data_idx: first and last received,
 * last change) and its published reports (annual_report_path_idx: first and last year). Rows
 * (cells) are not counted: that would mean building every report.
 */
async function statisticsFacts(db: Db, scope: DatasetScope, now: Date): Promise<DatasetFacts | null> {
  const [cases, reports] = await Promise.all([
    db.selectFrom('application_case as a')
      .select((eb) => [eb.fn.min('a.received_on').as('first'), eb.fn.max('a.received_on').as('last'), eb.fn.max('a.updated_at').as('changed')])
      .where(inScope(scope, 'a.org_path')).where('a.received_on', 'is not', null).executeTakeFirst(),
    db.selectFrom('annual_report as r')
      .select((eb) => [eb.fn.min('r.year').as('first'), eb.fn.max('r.year').as('last'), eb.fn.max('r.updated_at').as('changed')])
      .where(inScope(scope, 'r.org_path')).where('r.state', '=', 'published').executeTakeFirst(),
  ]);
  const caseFirst = (cases?.first as string | null) ?? null;
  const reportFirst = reports?.first === null || reports?.first === undefined ? null : Number(reports.first);
  if (!caseFirst && reportFirst === null) return null;
  const starts = [caseFirst, reportFirst !== null ? `${reportFirst}-01-01` : null].filter((x): x is string => !!x).sort();
  const today = localDateOf(now);
  const ends = [caseFirst ? today : null, reports?.last !== null && reports?.last !== undefined ? `${Number(reports.last)}-12-31` : null].filter((x): x is string => !!x).sort();
  const changed = [(cases?.changed as string | null) ?? null, (reports?.changed as string | null) ?? null].filter((x): x is string => !!x).sort();
  return { lastModified: changed[changed.length - 1] ?? null, rows: null, temporal: { start: `${starts[0]!.slice(0, 4)}-01-01`, end: ends[ends.length - 1]! } };
}

/** The dataset; the request's `now` (the server's clock) is "today" for the years computed live. */
export function applicationStatisticsDataset(): DatasetSource<Database> {
  return {
    key: 'application-statistics',
    scopes: ['installation', 'government'],
    theme: 'applications',
    title: applicationStatisticsStrings.title,
    description: applicationStatisticsStrings.description,
    keywords: applicationStatisticsStrings.keywords,
    frequency: 'annual',
    distributions: [
      { file: 'statistics.csv', format: 'CSV', title: applicationStatisticsStrings.csvTitle },
      { file: 'statistics.jsonl', format: 'JSONL', title: applicationStatisticsStrings.jsonlTitle },
    ],
    facts: (db, scope, now) => statisticsFacts(db, scope, now),
    open(db, scope, file, now) {
      return file === 'statistics.jsonl' ? jsonlChunks(jsonlObjects(db, scope, now)) : csvChunks(APPLICATION_STATISTICS_CSV_HEADER, csvRows(db, scope, now));
    },
  };
}
