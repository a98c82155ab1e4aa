// Pure: the content model of a 季度通报 (quarterly bulletin) of a 政务公开办 — what it holds (the
// skeleton every bulletin seen follows: preamble; 一、总体情况 with the figures; 二、存在问题 naming
// units; 三、下一步工作; 附件 tables), how its figures are put together from the problems and the
// on-time figures of the quarter, the ranking, the editor's checks, and the 发文字号.
//
// The figures are computed once, when the bulletin is generated, and frozen in content_json: a
// reprint (page, DOCX, the published record) is the same document. Regenerating is an explicit act
// on a draft.
//
// Sources: the design note on supervision §3 (海南 2023 Q3, 青海 2020 Q3, 贵州 2023 Q3 整改完成率,
// 国办 2020 ranking tiers); GB/T 9704-2012 for the 版头 (发文机关标志, 发文字号 「机关代字〔年份〕序号号」).

export type Quarter = 1 | 2 | 3 | 4;

export const BULLETIN_STATES = ['draft', 'submitted', 'published'] as const;
export type BulletinState = (typeof BULLETIN_STATES)[number];

/** The first and last day of a quarter. */
export function quarterRange(year: number, quarter: Quarter): { from: string; to: string } {
  const first = (quarter - 1) * 3 + 1;
  const last = first + 2;
  const days = new Date(Date.UTC(year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(days)}` };
}

export const QUARTER_NAMES: Record<Quarter, string> = { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' };

/** An on-time figure: how many were due in the period and how many of them were on time. */
export interface OnTime { total: number; onTime: number }

/**
 * The figures of one organisation (its subtree) in the quarter, as the supervision module's figures
 * (figures.ts) define them: problems = 整改完成率 (found → closed), disclosures = 按时公开率,
 * applications = 按时答复率, messages = 按时办结率, ratings = 好评率.
 */
export interface OrgTimeliness {
  orgCode: string;
  problems: OnTime | null;
  disclosures: OnTime | null;
  applications: OnTime | null;
  messages: OnTime | null;
  ratings: OnTime | null;
}

export interface OrgRef { code: string; name: string; path: string }

export interface OrgRow {
  code: string;
  name: string;
  /** Problems found in the quarter in the unit's subtree (dismissed ones do not count). */
  found: number;
  /** Of those, closed (整改完成并经复核销号) when the bulletin was generated. */
  rectified: number;
  disclosures: OnTime | null;
  applications: OnTime | null;
  messages: OnTime | null;
  ratings: OnTime | null;
  /** Mean of the rates this unit has (on-time rates and 整改完成率), in percent with one decimal; null: no figure at all. */
  score: number | null;
  /** 1-based rank by score (equal scores share a rank); null without a score. */
  rank: number | null;
}

export type ExampleSource = 'problem' | 'record' | 'text';
export interface Example {
  source: ExampleSource;
  /** The problem's public id or the record's 索引号; empty for free text. */
  ref: string;
  title: string;
  orgName: string;
}

export interface BulletinTexts {
  preamble: string;
  overview: string;
  problems: string;
  nextSteps: string;
}

export interface BulletinContent {
  version: 1;
  office: { code: string; name: string };
  /** The supervised government (the office's parent), whose subtree the bulletin covers. */
  scope: { code: string; name: string };
  year: number;
  quarter: Quarter;
  from: string;
  to: string;
  generatedAt: string;
  /** 机关代字 of the 发文字号 (磁公开办) and the serial number. */
  docPrefix: string;
  docSerial: number;
  /** 主送机关. */
  recipient: string;
  /** 成文日期 (defaults to the day of generation). */
  dated: string;
  rows: OrgRow[];
  totals: Omit<OrgRow, 'code' | 'name' | 'score' | 'rank'>;
  /**
   * The government's own figures (本级: its own problems, records and orders, not in any row), so that
   * the rows and this line add up to 合计; absent in bulletins generated before it existed.
   */
  own?: (Omit<OrgRow, 'code' | 'score' | 'rank'>) | null;
  good: Example[];
  bad: Example[];
  texts: BulletinTexts;
}

export const rate = (f: OnTime | null): number | null => (f && f.total > 0 ? Math.round((f.onTime / f.total) * 1000) / 10 : null);
export const rectifiedRate = (r: { found: number; rectified: number }): number | null => (r.found > 0 ? Math.round((r.rectified / r.found) * 1000) / 10 : null);
export const percent = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)}%`);

const sum = (a: OnTime | null, b: OnTime | null): OnTime | null => (a || b ? { total: (a?.total ?? 0) + (b?.total ?? 0), onTime: (a?.onTime ?? 0) + (b?.onTime ?? 0) } : null);

/**
 * Ranks the units: the score is the mean of the rates the unit has (按时公开率, 按时答复率, 按时办结率,
 * 好评率 and 整改完成率 when it had problems); a unit with no figure is not ranked. Equal scores share
 * a rank (1, 2, 2, 4); order: score descending, then name.
 */
export function rankRows(rows: Omit<OrgRow, 'score' | 'rank'>[]): OrgRow[] {
  const scored = rows.map((r) => {
    const rates = [rate(r.disclosures), rate(r.applications), rate(r.messages), rate(r.ratings), rectifiedRate(r)].filter((x): x is number => x !== null);
    const score = rates.length ? Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 10) / 10 : null;
    return { ...r, score, rank: null as number | null };
  });
  scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name, 'zh-CN') || a.code.localeCompare(b.code));
  let last: number | null = null;
  let lastRank = 0;
  scored.forEach((r, i) => {
    if (r.score === null) return;
    r.rank = r.score === last ? lastRank : i + 1;
    last = r.score;
    lastRank = r.rank;
  });
  return scored;
}

/** Per-unit rows from the units listed and their figures (a unit without figures has none). */
export function buildRows(orgs: OrgRef[], timeliness: OrgTimeliness[]): OrgRow[] {
  const byCode = new Map(timeliness.map((t) => [t.orgCode, t]));
  return rankRows(orgs.map((o) => {
    const t = byCode.get(o.code);
    return {
      code: o.code, name: o.name, found: t?.problems?.total ?? 0, rectified: t?.problems?.onTime ?? 0,
      disclosures: t?.disclosures ?? null, applications: t?.applications ?? null, messages: t?.messages ?? null, ratings: t?.ratings ?? null,
    };
  }));
}

/** The totals of the whole scope from its root's (rolled-up) figures. */
export function totalsFrom(t: OrgTimeliness | undefined): BulletinContent['totals'] {
  return { found: t?.problems?.total ?? 0, rectified: t?.problems?.onTime ?? 0, disclosures: t?.disclosures ?? null, applications: t?.applications ?? null, messages: t?.messages ?? null, ratings: t?.ratings ?? null };
}

/** The sum of the rows (when the units do not overlap). */
export function totalsOf(rows: OrgRow[]): BulletinContent['totals'] {
  return rows.reduce((t, r) => ({
    found: t.found + r.found, rectified: t.rectified + r.rectified,
    disclosures: sum(t.disclosures, r.disclosures), applications: sum(t.applications, r.applications), messages: sum(t.messages, r.messages), ratings: sum(t.ratings, r.ratings),
  }), { found: 0, rectified: 0, disclosures: null, applications: null, messages: null, ratings: null } as BulletinContent['totals']);
}

/** What the totals hold beyond the rows (the rows must not overlap): the scope root's own figures. */
export function ownOf(totals: BulletinContent['totals'], rows: readonly Omit<OrgRow, 'score' | 'rank'>[]): BulletinContent['totals'] {
  const rest = totalsOf(rows as OrgRow[]);
  const minus = (a: OnTime | null, b: OnTime | null): OnTime | null => {
    const total = Math.max(0, (a?.total ?? 0) - (b?.total ?? 0));
    return total > 0 ? { total, onTime: Math.max(0, Math.min(total, (a?.onTime ?? 0) - (b?.onTime ?? 0))) } : null;
  };
  return {
    found: Math.max(0, totals.found - rest.found), rectified: Math.max(0, totals.rectified - rest.rectified),
    disclosures: minus(totals.disclosures, rest.disclosures), applications: minus(totals.applications, rest.applications),
    messages: minus(totals.messages, rest.messages), ratings: minus(totals.ratings, rest.ratings),
  };
}

/** 机关代字 from the office's name: 磁县政务公开办 → 磁公开办 (the first character of the place). */
export function defaultDocPrefix(officeName: string): string {
  const place = officeName.replace(/政务公开办.*$/, '').replace(/(人民政府|办公室)$/, '');
  return `${place.slice(0, 1)}公开办`;
}

/** 发文字号: 机关代字〔年份〕序号号 (GB/T 9704 7.2.4: the year in 六角括号, no leading zeros). */
export const docNumber = (prefix: string, year: number, serial: number): string => `${prefix}〔${year}〕${serial}号`;

/** The place of a government's name: 磁县人民政府 → 磁县, 赤岗街道办事处 → 赤岗街道. */
export const placeOf = (name: string): string => name.replace(/(人民政府|办事处)$/, '') || name;

export const defaultTitle = (officeName: string, scopeName: string, year: number, quarter: Quarter): string =>
  `${officeName}关于${year}年${QUARTER_NAMES[quarter]}${placeOf(scopeName)}政务公开工作情况的通报`;

/** The texts a fresh bulletin starts with: the editor rewrites them. */
export function defaultTexts(scopeName: string, year: number, quarter: Quarter, rows: OrgRow[], totals: BulletinContent['totals']): BulletinTexts {
  const ranked = rows.filter((r) => r.rank !== null);
  const top = ranked.filter((r) => r.rank! <= 3).map((r) => r.name);
  const overview = [
    `本季度共统计${rows.length}个单位，发现问题${totals.found}个，已整改完成${totals.rectified}个，整改完成率${percent(rectifiedRate(totals))}。`,
    `按时公开率${percent(rate(totals.disclosures))}，依申请公开按时答复率${percent(rate(totals.applications))}，留言按时办结率${percent(rate(totals.messages))}。`,
    top.length ? `${top.join('、')}等单位综合排名靠前。` : '',
  ].join('');
  return {
    preamble: `根据《中华人民共和国政府信息公开条例》和年度政务公开工作要点，采取系统监测加人工审核的方式，对${placeOf(scopeName)}各单位${year}年${QUARTER_NAMES[quarter]}政务公开工作进行了检查，现将有关情况通报如下。`,
    overview,
    problems: '',
    nextSteps: '各单位要对照问题清单逐条整改，于通报印发之日起15个工作日内将整改情况书面报送政务公开办；要举一反三，建立健全长效机制。',
  };
}

export interface TextLimits { title: number; text: number; recipient: number; prefix: number }
export const LIMITS: TextLimits = { title: 200, text: 5000, recipient: 200, prefix: 20 };

export interface EditInput {
  title: string; docPrefix: string; docSerial: string; recipient: string; dated: string;
  preamble: string; overview: string; problems: string; nextSteps: string;
  /** Picked candidates: 'problem:WT-…' or 'record:索引号'. */
  good: string[]; bad: string[];
  /** Free-text examples, one a line. */
  goodText: string; badText: string;
}

export interface Candidate { key: string; source: 'problem' | 'record'; ref: string; title: string; orgName: string }

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** Checks an edit; field errors are keyed by form field name, in Chinese. */
export function checkEdit(input: EditInput, candidates: Candidate[], messages: {
  required: string; tooLong: (n: number) => string; serial: string; date: string; unknownExample: string; tooManyExamples: string;
}): { ok: true; value: { title: string; docPrefix: string; docSerial: number; recipient: string; dated: string; texts: BulletinTexts; good: Example[]; bad: Example[] } } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const t = (v: string) => v.trim();
  const title = t(input.title);
  if (!title) errors.title = messages.required;
  else if (title.length > LIMITS.title) errors.title = messages.tooLong(LIMITS.title);
  const docPrefix = t(input.docPrefix);
  if (!docPrefix) errors.doc_prefix = messages.required;
  else if (docPrefix.length > LIMITS.prefix) errors.doc_prefix = messages.tooLong(LIMITS.prefix);
  const serial = t(input.docSerial);
  if (!/^\d{1,4}$/.test(serial) || Number(serial) < 1) errors.doc_serial = messages.serial;
  // the colon after 主送机关 is printed by the layout: one typed at the end would print twice (「各部门：：」)
  const recipient = t(input.recipient).replace(/[：:]+$/, '').trim();
  if (recipient.length > LIMITS.recipient) errors.recipient = messages.tooLong(LIMITS.recipient);
  const dated = t(input.dated);
  if (!validDate(dated)) errors.dated = messages.date;
  const texts: BulletinTexts = { preamble: t(input.preamble), overview: t(input.overview), problems: t(input.problems), nextSteps: t(input.nextSteps) };
  const names: Record<keyof BulletinTexts, string> = { preamble: 'preamble', overview: 'overview', problems: 'problems', nextSteps: 'next_steps' };
  for (const k of Object.keys(texts) as (keyof BulletinTexts)[]) if (texts[k].length > LIMITS.text) errors[names[k]] = messages.tooLong(LIMITS.text);
  if (!texts.overview) errors.overview = messages.required;
  const pick = (keys: string[], freeText: string, field: string): Example[] => {
    const out: Example[] = [];
    for (const key of new Set(keys)) {
      const c = candidates.find((x) => x.key === key);
      if (!c) { errors[field] = messages.unknownExample; continue; }
      out.push({ source: c.source, ref: c.ref, title: c.title, orgName: c.orgName });
    }
    for (const line of freeText.split(/\r?\n/).map((x) => x.trim()).filter(Boolean)) {
      if (line.length > LIMITS.title) { errors[`${field}_text`] = messages.tooLong(LIMITS.title); continue; }
      out.push({ source: 'text', ref: '', title: line, orgName: '' });
    }
    if (out.length > 30) errors[field] = messages.tooManyExamples;
    return out;
  };
  const good = pick(input.good, input.goodText, 'good');
  const bad = pick(input.bad, input.badText, 'bad');
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { title, docPrefix, docSerial: Number(serial), recipient, dated, texts, good, bad } };
}

/** Paragraph list of a free text (blank lines and line breaks both separate paragraphs). */
export const paragraphsOf = (text: string): string[] => text.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);

/** The headings of the body (一、二、三、) and the 附件 table, shared by the page, the HTML and the DOCX. */
export const HEADINGS = { overview: '一、总体情况', problems: '二、存在问题', nextSteps: '三、下一步工作', good: '（一）做得较好的', bad: '（一）存在问题的典型', annex: '附件：各单位政务公开工作情况统计表' } as const;

export const TABLE_HEAD = ['排名', '单位', '发现问题', '已整改', '整改完成率', '按时公开率', '按时答复率', '按时办结率', '好评率', '综合得分'] as const;

/** The annex table rows as text cells (page, HTML record and DOCX print the same cells). */
export function tableCells(c: BulletinContent): string[][] {
  const row = (rank: string, name: string, r: Omit<OrgRow, 'code' | 'name' | 'score' | 'rank'>, score: number | null) => [
    rank, name, String(r.found), String(r.rectified), percent(rectifiedRate(r)), percent(rate(r.disclosures)), percent(rate(r.applications)), percent(rate(r.messages)), percent(rate(r.ratings)), score === null ? '—' : score.toFixed(1),
  ];
  const own = c.own && (c.own.found > 0 || [c.own.disclosures, c.own.applications, c.own.messages, c.own.ratings].some((f) => f && f.total > 0)) ? [row('—', c.own.name, c.own, null)] : [];
  return [...c.rows.map((r) => row(r.rank === null ? '—' : String(r.rank), r.name, r, r.score)), ...own, row('', '合计', c.totals, null)];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const exampleLine = (e: Example) => (e.orgName ? `${e.orgName}：${e.title}` : e.title);

/** The body as HTML for the disclosure record (sanitised again by the disclosures module). */
export function bodyHtml(c: BulletinContent): string {
  const p = (text: string) => paragraphsOf(text).map((x) => `<p>${escapeHtml(x)}</p>`).join('');
  const list = (xs: Example[]) => (xs.length ? `<ul>${xs.map((e) => `<li>${escapeHtml(exampleLine(e))}</li>`).join('')}</ul>` : '');
  const cells = tableCells(c);
  // the 发文字号 is the record's 文号, which the record page prints under the title: not repeated here
  return [
    c.recipient ? `<p>${escapeHtml(c.recipient)}：</p>` : '',
    p(c.texts.preamble),
    `<h2>${HEADINGS.overview}</h2>`, p(c.texts.overview),
    c.good.length ? `<h3>${HEADINGS.good}</h3>${list(c.good)}` : '',
    `<h2>${HEADINGS.problems}</h2>`, p(c.texts.problems),
    c.bad.length ? `<h3>${HEADINGS.bad}</h3>${list(c.bad)}` : '',
    `<h2>${HEADINGS.nextSteps}</h2>`, p(c.texts.nextSteps),
    `<h2>${HEADINGS.annex}</h2>`,
    `<table><thead><tr>${TABLE_HEAD.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${cells.map((r) => `<tr>${r.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
    `<p>${escapeHtml(c.office.name)}</p><p>${escapeHtml(chineseDate(c.dated))}</p>`,
  ].join('');
}

export const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export { exampleLine };
