// Shell: the supervision figures per organisation — 主动公开按时公开率, 依申请公开按时答复率,
// 民心直通车/12345按时办结率, 好差评好评率 and 差评回访率, 整改完成率 and 按期整改率 — each with its
// numerator, denominator and definition (figures.strings.ts). The rules stay in their modules
// (disclosures timeliness, applications' reply deadline, interaction's statistics); each module
// answers one grouped query per organisation path, and the counts are rolled up here to every
// organisation asked for (its whole subtree), so 1,000 organisations cost the same few queries.
import { isLocalDate, type LocalDate } from '../../platform/clock/local-date.ts';
import type { Db } from '../../schema.ts';
import { publicationOnTimeByPath } from '../disclosures/index.ts';
import { replyOnTimeByPath } from '../applications/index.ts';
import { closureOnTimeByPath, monthRange, parsePeriod, type OnTimeOptions } from '../interaction/index.ts';
import { problemCountsByPath, ratingCountsByPath } from './figures.queries.ts';
import { figureStrings as s } from './figures.strings.ts';

export const FIGURE_KEYS = ['disclosure_on_time', 'application_on_time', 'message_on_time', 'rating_good', 'rating_callback', 'rectification_done', 'rectification_on_time'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
/** The three on-time figures the public page shows (no ratings, no problems). */
export const PUBLIC_FIGURE_KEYS: readonly FigureKey[] = ['disclosure_on_time', 'application_on_time', 'message_on_time'];

export interface Figure {
  key: FigureKey;
  label: string;
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, null when the denominator is 0. */
  rate: number | null;
  /** Due in the period but not yet counted (deadline not passed); 0 where the figure has none. */
  pending: number;
  definition: string;
}

export interface FigureOrg { code: string; name: string; path: string }
export interface OrgFigures { org: FigureOrg; figures: Record<FigureKey, Figure> }
export interface FigurePeriod { key: string; label: string; from: LocalDate; to: LocalDate }

/** What the figures need besides the database: the interaction on-time options (config.onTime) and the clock's today/now. */
export interface FigureDeps { db: Db; onTime: OnTimeOptions; today: LocalDate; nowIso: string }

type Counts = Record<FigureKey, { n: number; d: number; pending: number }>;

const zero = (): Counts => Object.fromEntries(FIGURE_KEYS.map((k) => [k, { n: 0, d: 0, pending: 0 }])) as Counts;

export function makeFigure(key: FigureKey, n: number, d: number, pending = 0): Figure {
  return { key, label: s.labels[key], numerator: n, denominator: d, rate: d ? n / d : null, pending, definition: s.definitions[key] };
}

const figuresOf = (c: Counts): Record<FigureKey, Figure> => Object.fromEntries(FIGURE_KEYS.map((k) => [k, makeFigure(k, c[k].n, c[k].d, c[k].pending)])) as Record<FigureKey, Figure>;

/** '95.0%' or '—'. */
export const formatFigureRate = s.rate;

const MAX_DAYS = 5 * 366;

/**
 * The period of a query: `period` = a year (2026), a quarter (2026-Q1) or a month (2026-03), or
 * `from` and `to` dates (YYYY-MM-DD, at most 5 years); `fallback` (e.g. this year) when none is
 * given. A refusal names the field and says why in Chinese.
 */
export function parseFigurePeriod(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, fallback: string): { ok: true; period: FigurePeriod } | { ok: false; field: 'period' | 'from' | 'to'; message: string } {
  const from = (q.from ?? '').trim();
  const to = (q.to ?? '').trim();
  if (from || to) {
    if (!isLocalDate(from)) return { ok: false, field: 'from', message: s.period.badDate(s.period.fromLabel) };
    if (!isLocalDate(to)) return { ok: false, field: 'to', message: s.period.badDate(s.period.toLabel) };
    if (from > to) return { ok: false, field: 'from', message: s.period.reversed };
    if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 > MAX_DAYS) return { ok: false, field: 'to', message: s.period.tooLong };
    return { ok: true, period: { key: `${from}~${to}`, label: s.period.range(from, to), from, to } };
  }
  const raw = (q.period ?? '').trim() || fallback;
  const p = raw.length <= 10 ? parsePeriod(raw) : null;
  if (!p) return { ok: false, field: 'period', message: s.period.invalid };
  return { ok: true, period: { key: p.key, label: p.label, from: p.from, to: p.to } };
}

/** The months (YYYY-MM) from the month of `from` to the month of `to`, each with its first and last day. */
export function monthsOf(from: LocalDate, to: LocalDate): { key: string; from: LocalDate; to: LocalDate }[] {
  const out: { key: string; from: LocalDate; to: LocalDate }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (let i = 0; i < 120; i++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    const r = monthRange(key)!;
    out.push({ key, from: r.from, to: r.to });
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

/** Above this many separate subtrees a query reads every organisation's rows and the roll-up keeps those asked for. */
const MAX_QUERY_PATHS = 20;

/** The fewest subtrees that cover every path (a path inside another one is dropped); ['/'] when there are too many for one query. */
export function coveringPaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const roots: string[] = [];
  for (const p of sorted) if (!roots.some((q) => p.startsWith(q))) roots.push(p);
  return roots.length > MAX_QUERY_PATHS ? ['/'] : roots;
}

/** Every prefix of an organisation path that is itself a path: /13/1304/130427/ → /13/, /13/1304/, /13/1304/130427/. */
function prefixes(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/', 1); i !== -1; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i + 1));
  return out;
}

/** Raw per-path counts of every module for [from, to], optionally per month. */
async function rawCounts(deps: FigureDeps, paths: readonly string[], period: { from: LocalDate; to: LocalDate }, keys: readonly FigureKey[], byMonth: boolean, perPath = true) {
  const { db, today, nowIso } = deps;
  const want = (...k: FigureKey[]) => k.some((x) => keys.includes(x));
  const [disclosures, applications, messages, ratings, problems] = await Promise.all([
    want('disclosure_on_time') ? publicationOnTimeByPath(db, { paths, from: period.from, to: period.to, today, nowIso, byMonth, perPath }) : [],
    want('application_on_time') ? replyOnTimeByPath(db, { paths, from: period.from, to: period.to, today, byMonth, perPath }) : [],
    want('message_on_time') ? closureOnTimeByPath(db, deps.onTime, { paths, from: period.from, to: period.to, today, byMonth, perPath }) : [],
    want('rating_good', 'rating_callback') ? ratingCountsByPath(db, { paths, from: period.from, to: period.to, byMonth }) : [],
    want('rectification_done', 'rectification_on_time') ? problemCountsByPath(db, { paths, from: period.from, to: period.to, today, byMonth }) : [],
  ]);
  // One list of (path, month, key, n, d, pending).
  const out: { path: string; month: string; key: FigureKey; n: number; d: number; pending: number }[] = [];
  for (const r of disclosures) out.push({ path: r.path, month: r.month ?? '', key: 'disclosure_on_time', n: r.onTime, d: r.due, pending: r.pending });
  for (const r of applications) out.push({ path: r.path, month: r.month ?? '', key: 'application_on_time', n: r.onTime, d: r.due, pending: r.pending });
  for (const r of messages) out.push({ path: r.path, month: r.month ?? '', key: 'message_on_time', n: r.onTime, d: r.due, pending: r.pending });
  for (const r of ratings) {
    out.push({ path: r.path, month: r.month ?? '', key: 'rating_good', n: r.good, d: r.rated, pending: 0 });
    out.push({ path: r.path, month: r.month ?? '', key: 'rating_callback', n: r.calledBack, d: r.namedBad, pending: 0 });
  }
  for (const r of problems) {
    out.push({ path: r.path, month: r.month ?? '', key: 'rectification_done', n: r.closed, d: r.raised, pending: 0 });
    out.push({ path: r.path, month: r.month ?? '', key: 'rectification_on_time', n: r.closedOnTime, d: r.due, pending: r.raised - r.due });
  }
  return out.filter((r) => keys.includes(r.key));
}

/**
 * The figures of each organisation in `orgs` for `period`, each counted over the organisation's
 * whole subtree (its own rows and those of every organisation under it), in the order given.
 * `keys` limits the figures computed (default: all; the others stay 0/—).
 */
export async function organisationFigures(deps: FigureDeps, orgs: readonly FigureOrg[], period: { from: LocalDate; to: LocalDate }, keys: readonly FigureKey[] = FIGURE_KEYS): Promise<OrgFigures[]> {
  if (!orgs.length) return [];
  const index = new Map<string, Counts>();
  for (const o of orgs) if (!index.has(o.path)) index.set(o.path, zero());
  for (const r of await rawCounts(deps, coveringPaths(orgs.map((o) => o.path)), period, keys, false)) {
    for (const p of prefixes(r.path)) {
      const c = index.get(p)?.[r.key];
      if (c) { c.n += r.n; c.d += r.d; c.pending += r.pending; }
    }
  }
  return orgs.map((org) => ({ org, figures: figuresOf(index.get(org.path)!) }));
}

/** The figures of the whole of `paths` (subtrees, ['/'] = everything) per month of [from, to], every month listed. */
export async function monthlyFigures(deps: FigureDeps, paths: readonly string[], period: { from: LocalDate; to: LocalDate }, keys: readonly FigureKey[] = FIGURE_KEYS): Promise<{ month: string; figures: Record<FigureKey, Figure> }[]> {
  const months = monthsOf(period.from, period.to);
  const by = new Map(months.map((m) => [m.key, zero()]));
  const roots = coveringPaths(paths);
  // The queries cover exactly the scope (not widened to everything): they total per month in SQL.
  const exact = roots[0] !== '/' || paths.includes('/');
  for (const r of await rawCounts(deps, roots, period, keys, true, !exact)) {
    if (!exact && !paths.some((p) => r.path.startsWith(p))) continue;
    const c = by.get(r.month)?.[r.key];
    if (c) { c.n += r.n; c.d += r.d; c.pending += r.pending; }
  }
  return months.map((m) => ({ month: m.key, figures: figuresOf(by.get(m.key)!) }));
}
