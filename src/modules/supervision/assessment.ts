// Pure: 年考评 — the annual assessment's indicator system (groups → indicators with points, weight
// and a scoring method), its validation, the mapping of a figure's rate to points, and the totals
// and ranking per level. No clock, no database: the service loads the figures and the evaluators'
// scores and passes them in.
//
// The model (docs/model/supervision.md, 年考评):
// - A scheme has a total (百分制: 100). Each group has a maximum; the group maxima sum to the total
//   (锦州 2020: 一级 weights sum to 100). Each indicator has a maximum; the indicator maxima of a
//   group sum to the group's maximum. An indicator's weight is its share of the total,
//   weight = max ÷ total × 100 (%), so a set of weights that does not sum to its maximum is the
//   same refusal: `assessment_weights_mismatch`, naming the group (or the scheme's total).
// - method `auto`: scored from a named figure (numerator ÷ denominator) by a mapping:
//   `linear` points = max × rate; `steps` the first step (from the highest) whose rate threshold the
//   figure reaches gives that percent of max, none reached → 0. A figure with no cases
//   (denominator 0) — nothing was due, nothing was late — scores the maximum, and says so.
// - method `manual`: evaluators of the supervising office score 0 ≤ points ≤ max with a note;
//   an indicator not yet scored counts 0 and is flagged.
// - Ranking: per level (organisation kind: 县直部门 / 乡镇（街道） / 县（市、区）政府), by total,
//   ties share a rank (1, 1, 3).
// The default groups follow the groups most provincial and municipal tables share (supervision.md
// §2.3: 主动公开, 政策解读与回应关切, 依申请公开, 平台建设, 监督保障/组织保障 — 陕西 2020,
// 北京 2024, 金华金东 2021, 泉州鲤城 2020, 玉环 2018).
import { defineEnum } from '../../platform/web/enums.ts';
import { assessmentStrings as s } from './assessment.strings.ts';

export type Method = 'auto' | 'manual';
export const METHODS = defineEnum<Method>([
  { code: 'auto', label: s.method.auto },
  { code: 'manual', label: s.method.manual },
]);

export type FigureSource = 'disclosure_on_time' | 'application_on_time' | 'message_on_time' | 'rectification' | 'rating_good';
export const FIGURE_SOURCES = defineEnum<FigureSource>((Object.keys(s.source) as FigureSource[]).map((code) => ({ code, label: s.source[code] })));
/** The figure of figures.ts each source is scored from (its key there; the formulas stay in figures.ts). */
export const FIGURE_KEY_OF = {
  disclosure_on_time: 'disclosure_on_time', application_on_time: 'application_on_time', message_on_time: 'message_on_time',
  rectification: 'rectification_done', rating_good: 'rating_good',
} as const satisfies Record<FigureSource, string>;

export type MappingKind = 'linear' | 'steps';
export const MAPPING_KINDS = defineEnum<MappingKind>([
  { code: 'linear', label: '线性' },
  { code: 'steps', label: '分档' },
]);

export interface Step { /** rate threshold in percent (0–100) */ at: number; /** share of the indicator's max, percent (0–100) */ percent: number }
export type Mapping = { kind: 'linear' } | { kind: 'steps'; steps: Step[] };

export interface Group { code: string; name: string; max: number }
export interface Indicator {
  code: string;
  name: string;
  group: string;
  max: number;
  method: Method;
  /** auto only */
  source?: FigureSource;
  /** auto only; linear by default */
  mapping?: Mapping;
  description: string;
}
export interface Scheme { total: number; groups: Group[]; indicators: Indicator[] }

export type LevelKind = 'department' | 'township_government' | 'government';
export const LEVELS: readonly LevelKind[] = ['department', 'township_government', 'government'];

export const MAX_GROUPS = 20;
export const MAX_INDICATORS = 100;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$/;

/** Points are kept to two decimals; sums are compared in hundredths (no float drift). */
export const cents = (n: number): number => Math.round(n * 100);
export const round2 = (n: number): number => cents(n) / 100;
/** 12.5 → "12.5", 10 → "10". */
export const fmt = (n: number): string => String(round2(n));

/** The weight of an indicator or group: its share of the total, in percent (two decimals). */
export function weightOf(max: number, total: number): number {
  return total > 0 ? round2((max / total) * 100) : 0;
}

const ind = (code: string, group: string, name: string, max: number, method: Method, description: string, source?: FigureSource, mapping?: Mapping): Indicator =>
  ({ code, group, name, max, method, description, ...(source ? { source } : {}), ...(mapping ? { mapping } : {}) });
const LINEAR: Mapping = { kind: 'linear' };
const STEPS: Mapping = { kind: 'steps', steps: [{ at: 95, percent: 100 }, { at: 90, percent: 80 }, { at: 80, percent: 60 }, { at: 0, percent: 0 }] };

/** The default indicator system (100 points), supervision.md §2.3. */
export const DEFAULT_SCHEME: Scheme = {
  total: 100,
  groups: [
    { code: 'A', name: '主动公开', max: 35 },
    { code: 'B', name: '政策解读与回应关切', max: 20 },
    { code: 'C', name: '依申请公开', max: 20 },
    { code: 'D', name: '平台建设', max: 10 },
    { code: 'E', name: '监督保障', max: 15 },
  ],
  indicators: [
    ind('A1', 'A', '主动公开信息按时发布', 15, 'auto', '《条例》第二十六条：形成或变更之日起20个工作日内公开', 'disclosure_on_time', LINEAR),
    ind('A2', 'A', '基层政务公开标准目录与照单公开', 10, 'manual', '目录编制、动态更新，无空白栏目'),
    ind('A3', 'A', '政府信息公开工作年度报告', 10, 'manual', '《条例》第四十九、五十条：按时、完整、格式规范'),
    ind('B1', 'B', '留言与12345工单按时办结', 8, 'auto', '按期办结率分档计分', 'message_on_time', STEPS),
    ind('B2', 'B', '政策解读与文件同步', 7, 'manual', '行政规范性文件与解读材料同步起草、同步审签、同步发布'),
    ind('B3', 'B', '好差评满意度', 5, 'auto', '好评率线性计分', 'rating_good', LINEAR),
    ind('C1', 'C', '依申请公开按时答复', 12, 'auto', '《条例》第三十三条：20个工作日内答复（延期不超过20个工作日）', 'application_on_time', LINEAR),
    ind('C2', 'C', '答复规范性', 8, 'manual', '答复书要素齐全、法律依据与救济途径准确；行政复议、诉讼被纠错扣分'),
    ind('D1', 'D', '政府信息公开专栏', 6, 'manual', '栏目设置规范、更新及时、链接有效'),
    ind('D2', 'D', '政务新媒体与公开查阅点', 4, 'manual', '政务新媒体规范运维，查阅点正常开放'),
    ind('E1', 'E', '问题整改', 10, 'auto', '月检查发现问题的整改完成率', 'rectification', LINEAR),
    ind('E2', 'E', '组织领导、培训与保密审查', 5, 'manual', '分管领导明确、年度培训、公开前保密审查'),
  ],
};

export interface SchemeError {
  /** assessment_weights_mismatch | assessment_scheme_invalid */
  code: 'assessment_weights_mismatch' | 'assessment_scheme_invalid';
  message: string;
  /** the group named by a weights refusal ('' for the scheme's total) */
  group?: string;
  /** a field the message points at (forms) */
  field?: string;
}

export type SchemeCheck = { ok: true; scheme: Scheme } | { ok: false; errors: SchemeError[] };

/** A number of points: > 0 (or ≥ 0 when `zero`), finite, at most two decimals. */
export function parsePoints(v: unknown, zero = false): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,4}(\.\d{1,2})?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0) || n > 10000) return null;
  if (Math.abs(n * 100 - Math.round(n * 100)) > 1e-6) return null;
  return n;
}

/** "95=100;90=80;0=0" → steps (rate ≥ 95% → 100% of max …), or null. */
export function parseSteps(text: string): Step[] | null {
  const parts = text.split(/[;；,，\s]+/).filter(Boolean);
  if (!parts.length || parts.length > 10) return null;
  const steps: Step[] = [];
  for (const p of parts) {
    const m = /^(\d{1,3}(?:\.\d{1,2})?)[=＝:：](\d{1,3}(?:\.\d{1,2})?)$/.exec(p);
    if (!m) return null;
    steps.push({ at: Number(m[1]), percent: Number(m[2]) });
  }
  return checkSteps(steps) ? steps : null;
}

export function stepsText(steps: readonly Step[]): string {
  return steps.map((x) => `${x.at}=${x.percent}`).join(';');
}

function checkSteps(steps: readonly Step[]): boolean {
  if (!steps.length || steps.length > 10) return false;
  for (let i = 0; i < steps.length; i++) {
    const x = steps[i]!;
    if (!Number.isFinite(x.at) || !Number.isFinite(x.percent) || x.at < 0 || x.at > 100 || x.percent < 0 || x.percent > 100) return false;
    if (i > 0 && !(x.at < steps[i - 1]!.at)) return false; // from the highest rate down
  }
  return true;
}

/**
 * Checks a scheme as sent (the API's JSON or the form's rows, already shaped). Every problem is
 * listed; the weights refusals name their group. Returns the scheme normalised (trimmed names,
 * manual indicators without source or mapping).
 */
export function validateScheme(input: unknown): SchemeCheck {
  const errors: SchemeError[] = [];
  const bad = (message: string, field?: string) => errors.push({ code: 'assessment_scheme_invalid', message, ...(field ? { field } : {}) });
  const o = (input ?? {}) as { total?: unknown; groups?: unknown; indicators?: unknown };
  const total = parsePoints(o.total);
  if (total === null || total > 1000) bad(s.errors.totalInvalid, 'total');
  const rawGroups = Array.isArray(o.groups) ? o.groups as Record<string, unknown>[] : [];
  const rawInds = Array.isArray(o.indicators) ? o.indicators as Record<string, unknown>[] : [];
  if (!rawGroups.length || !rawInds.length) return { ok: false, errors: [...errors, { code: 'assessment_scheme_invalid', message: s.errors.schemeEmpty }] };
  if (rawGroups.length > MAX_GROUPS || rawInds.length > MAX_INDICATORS) return { ok: false, errors: [{ code: 'assessment_scheme_invalid', message: s.errors.tooMany }] };

  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const groups: Group[] = [];
  rawGroups.forEach((g, i) => {
    const code = str(g?.code);
    const name = str(g?.name);
    const max = parsePoints(g?.max);
    if (!CODE.test(code)) bad(s.errors.groupCode(i + 1), `g_${i + 1}_code`);
    else if (groups.some((x) => x.code === code)) bad(s.errors.groupCodeDup(code), `g_${i + 1}_code`);
    if (!name) bad(s.errors.groupName(i + 1), `g_${i + 1}_name`);
    if (name.length > 100) bad(s.errors.nameTooLong, `g_${i + 1}_name`);
    if (max === null) bad(s.errors.groupMax(name || code), `g_${i + 1}_max`);
    groups.push({ code, name, max: max ?? 0 });
  });

  const indicators: Indicator[] = [];
  rawInds.forEach((x, i) => {
    const code = str(x?.code);
    const name = str(x?.name);
    const group = str(x?.group);
    const description = str(x?.description);
    const max = parsePoints(x?.max);
    const label = code || String(i + 1);
    if (!CODE.test(code)) bad(s.errors.indicatorCode(i + 1), `i_${i + 1}_code`);
    else if (indicators.some((y) => y.code === code)) bad(s.errors.indicatorCodeDup(code), `i_${i + 1}_code`);
    if (!name) bad(s.errors.indicatorName(label), `i_${i + 1}_name`);
    if (name.length > 100 || description.length > 500) bad(s.errors.nameTooLong, `i_${i + 1}_name`);
    if (!groups.some((g) => g.code === group)) bad(s.errors.indicatorGroup(label), `i_${i + 1}_group`);
    if (max === null) bad(s.errors.indicatorMax(label), `i_${i + 1}_max`);
    const method = x?.method === 'auto' || x?.method === 'manual' ? x.method : null;
    if (!method) { bad(s.errors.indicatorMethod(label), `i_${i + 1}_method`); return; }
    if (method === 'manual') { indicators.push({ code, name, group, max: max ?? 0, method, description }); return; }
    const source = FIGURE_SOURCES.values.find((v) => v.code === x?.source)?.code;
    if (!source) bad(s.errors.indicatorSource(label), `i_${i + 1}_source`);
    const m = (x?.mapping ?? { kind: 'linear' }) as { kind?: unknown; steps?: unknown };
    let mapping: Mapping = LINEAR;
    if (m.kind === 'steps') {
      const steps = Array.isArray(m.steps) ? (m.steps as { at?: unknown; percent?: unknown }[]).map((y) => ({ at: Number(y?.at), percent: Number(y?.percent) })) : [];
      if (!checkSteps(steps)) bad(s.errors.indicatorSteps(label), `i_${i + 1}_steps`);
      else mapping = { kind: 'steps', steps };
    } else if (m.kind !== 'linear') bad(s.errors.indicatorSteps(label), `i_${i + 1}_steps`);
    indicators.push({ code, name, group, max: max ?? 0, method, description, ...(source ? { source } : {}), mapping });
  });
  for (const g of groups) if (g.code && !indicators.some((x) => x.group === g.code)) bad(s.errors.groupEmpty(g.name || g.code));
  if (errors.length) return { ok: false, errors };

  // the sums: groups → total, indicators → their group
  const weights: SchemeError[] = [];
  const groupSum = groups.reduce((a, g) => a + cents(g.max), 0);
  if (groupSum !== cents(total!)) weights.push({ code: 'assessment_weights_mismatch', group: '', field: 'total', message: s.errors.weightsTotal(fmt(groupSum / 100), fmt(total!)) });
  groups.forEach((g, gi) => {
    const sum = indicators.filter((x) => x.group === g.code).reduce((a, x) => a + cents(x.max), 0);
    if (sum !== cents(g.max)) weights.push({ code: 'assessment_weights_mismatch', group: g.name, field: `g_${gi + 1}_max`, message: s.errors.weightsGroup(g.name, fmt(sum / 100), fmt(g.max)) });
  });
  if (weights.length) return { ok: false, errors: weights };
  return { ok: true, scheme: { total: total!, groups, indicators } };
}

// ---- scoring -----------------------------------------------------------------------------------

export interface RateFigure { numerator: number; denominator: number }

export interface AutoScore {
  points: number;
  /** percent, two decimals; null when there was nothing to count */
  rate: number | null;
  figure: RateFigure | null;
  /** how the points were reached, in words */
  how: string;
}

/** One mapping of a rate (0–1) to a share of max (0–1). */
export function shareOf(mapping: Mapping | undefined, rate: number): number {
  if (!mapping || mapping.kind === 'linear') return Math.min(Math.max(rate, 0), 1);
  const pct = rate * 100;
  const hit = mapping.steps.find((x) => pct + 1e-9 >= x.at);
  return hit ? hit.percent / 100 : 0;
}

export function mappingText(mapping: Mapping | undefined): string {
  if (!mapping || mapping.kind === 'linear') return s.mapping.linear;
  return s.mappingSteps(mapping.steps.map((x) => s.step(x.at, x.percent)).join('，'));
}

/**
 * Points of an automatic indicator from its figure. `figure` undefined: the source is not
 * available in this installation (scored as full, said so); denominator 0: nothing was due (full).
 */
export function autoScore(indicator: Indicator, figure: RateFigure | undefined): AutoScore {
  if (!figure) return { points: indicator.max, rate: null, figure: null, how: s.figurePending };
  if (figure.denominator <= 0) return { points: indicator.max, rate: null, figure, how: s.noData };
  const rate = Math.min(Math.max(figure.numerator / figure.denominator, 0), 1);
  const points = round2(indicator.max * shareOf(indicator.mapping, rate));
  const pct = round2(rate * 100);
  return { points, rate: pct, figure, how: `${s.page.ratio(figure.numerator, figure.denominator, `${pct}%`)}；${mappingText(indicator.mapping)}` };
}

export interface ManualScore { points: number; note: string; by: string; at: string }

export interface Line {
  indicator: Indicator;
  points: number;
  /** manual: not yet scored (counted 0) */
  missing: boolean;
  auto: AutoScore | null;
  manual: ManualScore | null;
}

export interface OrgResult {
  code: string;
  name: string;
  level: LevelKind;
  lines: Line[];
  groups: { group: Group; points: number }[];
  total: number;
  /** rank within the level */
  rank: number;
}

export interface AssessedOrg { code: string; name: string; level: LevelKind }

/**
 * Scores every organisation: automatic indicators from its figures, manual ones from the
 * evaluators' scores (a score above a lowered max is capped at it), group subtotals, the total and
 * the rank within its level (ties share a rank).
 */
export function scoreAll(scheme: Scheme, orgs: readonly AssessedOrg[], figures: ReadonlyMap<string, Partial<Record<FigureSource, RateFigure>>>, manual: ReadonlyMap<string, ManualScore>): OrgResult[] {
  const results: OrgResult[] = orgs.map((o) => {
    const f = figures.get(o.code) ?? {};
    const lines: Line[] = scheme.indicators.map((indicator) => {
      if (indicator.method === 'auto') {
        const auto = autoScore(indicator, indicator.source ? f[indicator.source] : undefined);
        return { indicator, points: auto.points, missing: false, auto, manual: null };
      }
      const m = manual.get(scoreKey(o.code, indicator.code)) ?? null;
      return { indicator, points: m ? Math.min(m.points, indicator.max) : 0, missing: !m, auto: null, manual: m };
    });
    const groups = scheme.groups.map((group) => ({ group, points: lines.filter((l) => l.indicator.group === group.code).reduce((a, l) => a + cents(l.points), 0) / 100 }));
    const total = lines.reduce((a, l) => a + cents(l.points), 0) / 100;
    return { ...o, lines, groups, total, rank: 0 };
  });
  for (const level of LEVELS) {
    const of = results.filter((r) => r.level === level);
    for (const r of of) r.rank = 1 + of.filter((x) => cents(x.total) > cents(r.total)).length;
  }
  const levelOrder = (l: LevelKind) => LEVELS.indexOf(l);
  return results.sort((a, b) => levelOrder(a.level) - levelOrder(b.level) || a.rank - b.rank || a.code.localeCompare(b.code));
}

export const scoreKey = (org: string, indicator: string): string => `${org}\t${indicator}`;

/** A manual score as typed: 0 ≤ points ≤ max, two decimals; else the refusal's message. */
export function checkManualScore(indicator: Indicator | undefined, code: string, pointsInput: unknown, note: string): { ok: true; points: number; note: string } | { ok: false; code: string; message: string; field: string } {
  if (!indicator) return { ok: false, code: 'assessment_indicator_unknown', message: s.errors.indicatorUnknown(code), field: 'indicator' };
  if (indicator.method !== 'manual') return { ok: false, code: 'assessment_indicator_auto', message: s.errors.indicatorNotManual(indicator.name), field: 'indicator' };
  const raw = typeof pointsInput === 'number' ? pointsInput : typeof pointsInput === 'string' ? pointsInput.trim() : NaN;
  const n = typeof raw === 'number' ? raw : /^-?\d{1,6}(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n)) return { ok: false, code: 'assessment_score_invalid', message: s.errors.scoreInvalid, field: 'points' };
  if (n < 0 || cents(n) > cents(indicator.max)) return { ok: false, code: 'assessment_score_out_of_range', message: s.errors.scoreAboveMax(indicator.name, fmt(indicator.max)), field: 'points' };
  if (Math.abs(n * 100 - Math.round(n * 100)) > 1e-6) return { ok: false, code: 'assessment_score_invalid', message: s.errors.scoreInvalid, field: 'points' };
  const t = note.trim();
  if (t.length > 500) return { ok: false, code: 'assessment_note_too_long', message: s.errors.noteTooLong, field: 'note' };
  return { ok: true, points: n, note: t };
}

/** The level an organisation kind is ranked in, or null (not assessed). */
export function levelOfKind(kind: string): LevelKind | null {
  return (LEVELS as readonly string[]).includes(kind) ? kind as LevelKind : null;
}

/** A stored scheme (JSON) read back; a damaged one falls back to the default. */
export function schemeFromJson(json: string): Scheme {
  try {
    const checked = validateScheme(JSON.parse(json));
    return checked.ok ? checked.scheme : DEFAULT_SCHEME;
  } catch {
    return DEFAULT_SCHEME;
  }
}
