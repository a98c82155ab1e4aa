// Shell: the 好差评 results — public /ratings and /ratings/statistics (with CSV per table), the API
// GET /api/v1/ratings/statistics, and the staff /staff/ratings/statistics for the caller's
// subtrees (the 政务公开办 sees its government's: identityService.officeScopes), down to windows and
// 工号. Every figure leaves out ratings removed on an upheld appeal, and the page says how many.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/web/server.tsx';
import { FILE_TYPES, pageContext, sendDownload, sendPage } from '../../platform/web/server.tsx';
import { HttpError } from '../../platform/web/http-error.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { identityService, requireRoles, type Actor, type Role } from '../identity/index.ts';
import { LEVELS } from './levels.ts';
import { PRIOR_WEIGHT } from './bayes.ts';
import type { Figures } from './statistics.ts';
import { RatingResults, readParams, type StatsParams, type StatsView } from './results.service.ts';
import { ResultsHomePage, StatisticsPage, type FilterInput } from './views/results-pages.tsx';
import { resultStrings as s } from './results.strings.ts';

export interface RatingResultDeps {
  db: Db;
  clock: Clock;
  /** The shared results (its caches feed the service map too); made here when not given. */
  results?: RatingResults;
}

/** Who sees the staff statistics: the unit's heads and handlers, the administrators (their subtrees). */
export const RESULT_ROLES: Role[] = ['admin', 'supervisor', 'case_handler', 'platform_admin'];

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const FiguresSchema = Type.Object({
  count: Type.Integer(), good_rate: Type.Union([Type.Number(), Type.Null()]), bad_count: Type.Integer(), named_bad: Type.Integer(), called_back: Type.Integer(),
  callback_rate: Type.Union([Type.Number(), Type.Null()]), rectified: Type.Integer(), rectify_rate: Type.Union([Type.Number(), Type.Null()]),
  avg_rectify_days: Type.Union([Type.Number(), Type.Null()], { description: '平均整改用时，日历天' }), mean_stars: Type.Union([Type.Number(), Type.Null()]),
});
const StatsQuery = Type.Object({
  org: Type.Optional(Type.String({ description: '单位代码（含下级单位）' })),
  venue: Type.Optional(Type.String({ description: '场所编号' })),
  item: Type.Optional(Type.String({ description: '事项编号' })),
  from: Type.Optional(Type.String({ description: '开始日期 YYYY-MM-DD，默认 11 个月前的月初' })),
  to: Type.Optional(Type.String({ description: '结束日期 YYYY-MM-DD，默认今天' })),
});

function figuresJson(f: Figures) {
  return {
    count: f.count, good_rate: f.goodRate, bad_count: f.badCount, named_bad: f.namedBad, called_back: f.namedBadCalledBack, callback_rate: f.callbackRate,
    rectified: f.rectified, rectify_rate: f.rectifyRate, avg_rectify_days: f.avgRectifyDays, mean_stars: f.meanStars,
  };
}

const pct = (r: number | null) => (r === null ? '' : (Math.round(r * 1000) / 10).toFixed(1));

/** Rows shown in each ranked list of /ratings and of the statistics pages (the CSV has them all). */
const HOME_LIMIT = 10;
const PAGE_LIMIT = 50;

export const CSV_TABLES = ['total', 'levels', 'months', 'orgs', 'venues', 'items'] as const;
const STAFF_TABLES = ['windows', 'staff'] as const;

/** One table of the view as CSV (formula-safe: platform/csv). */
export function statsCsv(v: StatsView, table: string): string {
  const p = v.params;
  const row = (label: string, code: string, name: string, f: Figures) => [
    label, p.from, p.to, code, name, f.count, ...LEVELS.map((l) => f.counts[l.code]), pct(f.goodRate), f.badCount, f.namedBad, f.namedBadCalledBack, pct(f.callbackRate),
    f.rectified, pct(f.rectifyRate), f.avgRectifyDays ?? '', f.meanStars ?? '', f.score,
  ];
  const label = (s.headings as Record<string, string>)[table] ?? table;
  if (table === 'levels') {
    return toCsv([['表格', '期间开始', '期间结束', '等级', '条数', '占比(%)'], ...LEVELS.map((l) => [label, p.from, p.to, l.label, v.total.counts[l.code], pct(v.total.shares[l.code])])]);
  }
  const rows = table === 'total' ? [row(label, p.org?.code ?? '', p.org?.name ?? '', v.total)]
    : table === 'months' ? v.months.map((m) => row(label, m.key, m.key, m))
      : (v[table as 'orgs'] ?? []).map((r) => row(label, r.key, r.name, r));
  return toCsv([[...s.csvHeader], ...rows]);
}

function queryOf(p: StatsParams): string {
  const parts: string[] = [];
  if (p.org) parts.push(`org=${encodeURIComponent(p.org.code)}`);
  if (p.venue) parts.push(`venue=${encodeURIComponent(p.venue.publicId)}`);
  if (p.item) parts.push(`item=${encodeURIComponent(p.item.publicId)}`);
  parts.push(`from=${p.from}`, `to=${p.to}`);
  return parts.join('&');
}

const inputOf = (q: Record<string, string | undefined>): FilterInput => ({
  org: (q.org ?? '').slice(0, 100), venue: (q.venue ?? '').slice(0, 100), item: (q.item ?? '').slice(0, 100), from: (q.from ?? '').slice(0, 30), to: (q.to ?? '').slice(0, 30),
});

export async function ratingResultRoutes(app: App, deps: RatingResultDeps): Promise<RatingResults> {
  const { db, clock } = deps;
  const results = deps.results ?? new RatingResults(db, clock);
  // A listening server counts every rating once in the background (6–19 s at 1,000,000 ratings), so
  // neither the first statistics request nor the map waits or falls back to the imported figures
  // meanwhile; start-up is not held up, and app.inject (tests) never listens, so never loads early.
  app.addHook('onListen', async () => {
    void results.venueScores({ wait: true }).catch((e: unknown) => app.log.warn({ err: e }, 'rating store warm-up failed'));
  });

  async function view(q: Record<string, string | undefined>, grant: readonly string[] | null, staff: boolean, opts: { tables?: boolean; nameLimit?: number } = {}) {
    const r = await readParams(db, q, clock.today(), grant);
    if (!r.ok) return r;
    return { ok: true as const, v: await results.compute(r.value, grant, { staff, ...opts }) };
  }

  async function page(request: FastifyRequest, reply: FastifyReply, grant: readonly string[] | null, staff: boolean) {
    const q = request.query as Record<string, string | undefined>;
    const r = await view(q, grant, staff, { nameLimit: PAGE_LIMIT });
    if (!r.ok) {
      if (r.error.status === 403) throw new HttpError(403, r.error.code, r.error.message);
      return sendPage(reply, <StatisticsPage ctx={pageContext(request)} v={null} query="" input={inputOf(q)} errors={{ [r.error.field]: r.error.message }} staff={staff} />, 400);
    }
    const input = { ...inputOf(q), from: r.v.params.from, to: r.v.params.to };
    return sendPage(reply, <StatisticsPage ctx={pageContext(request)} v={r.v} query={queryOf(r.v.params)} input={input} staff={staff} />);
  }

  async function csv(request: FastifyRequest, reply: FastifyReply, grant: readonly string[] | null, staff: boolean) {
    const q = request.query as Record<string, string | undefined>;
    const table = (q.table ?? 'total').trim();
    if (!(CSV_TABLES as readonly string[]).includes(table) && !(staff && (STAFF_TABLES as readonly string[]).includes(table))) throw new HttpError(400, 'unknown_table', s.errors.unknownTable);
    const r = await view(q, grant, staff);
    if (!r.ok) throw new HttpError(r.error.status, r.error.code, r.error.message);
    return sendDownload(reply, statsCsv(r.v, table), `好差评-${table}-${r.v.params.from}-${r.v.params.to}.csv`, FILE_TYPES.csv);
  }

  const staffGrant = (request: FastifyRequest) => identityService.officeScopes(db, request.actor as Actor, RESULT_ROLES);

  app.get('/ratings', async (request, reply) => {
    const r = await view({}, null, false, { nameLimit: HOME_LIMIT });
    if (!r.ok) throw new HttpError(400, r.error.code, r.error.message);
    return sendPage(reply, <ResultsHomePage ctx={pageContext(request)} v={r.v} query={queryOf(r.v.params)} />);
  });
  app.get('/ratings/statistics', async (request, reply) => page(request, reply, null, false));
  app.get('/ratings/statistics.csv', async (request, reply) => csv(request, reply, null, false));

  app.get('/api/v1/ratings/statistics', {
    schema: {
      tags: ['ratings'], summary: '好差评统计（公开）',
      description: '五级评价的评价数、各等级占比、好评率、差评数、回访率、整改率、平均整改用时（日历天），总体、按等级、按月。不含经申诉复核剔除的评价（excluded 给出条数）。民心直通车和12345的三级评价单独给出（three_level），不计入五级数字。',
      querystring: StatsQuery,
      response: {
        200: Type.Object({
          from: Type.String(), to: Type.String(),
          org: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
          venue: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
          item: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
          excluded: Type.Integer({ description: '经申诉复核剔除、未计入的评价条数' }),
          prior_mean: Type.Number(), prior_weight: Type.Integer(),
          figures: FiguresSchema,
          by_level: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), stars: Type.Integer(), count: Type.Integer(), share: Type.Union([Type.Number(), Type.Null()]) })),
          by_month: Type.Array(Type.Intersect([Type.Object({ month: Type.String() }), FiguresSchema])),
          three_level: Type.Array(Type.Object({ source: Type.String(), label: Type.String(), count: Type.Integer(), satisfied: Type.Integer(), basically_satisfied: Type.Integer(), dissatisfied: Type.Integer(), satisfied_rate: Type.Union([Type.Number(), Type.Null()]) })),
        }),
        400: ErrorBody,
      },
    },
  }, async (request) => {
    const r = await view(request.query as Record<string, string | undefined>, null, false, { tables: false });
    if (!r.ok) throw new HttpError(400, r.error.code, r.error.message);
    const v = r.v;
    const p = v.params;
    return {
      from: p.from, to: p.to, org: p.org ? { code: p.org.code, name: p.org.name } : null, venue: p.venue ? { id: p.venue.publicId, name: p.venue.name } : null,
      item: p.item ? { id: p.item.publicId, name: p.item.name } : null, excluded: v.excluded, prior_mean: v.prior, prior_weight: PRIOR_WEIGHT,
      figures: figuresJson(v.total),
      by_level: LEVELS.map((l) => ({ code: l.code, label: l.label, stars: l.stars, count: v.total.counts[l.code], share: v.total.shares[l.code] })),
      by_month: v.months.map((m) => ({ month: m.key, ...figuresJson(m) })),
      three_level: v.threeLevel.map((t) => ({ source: t.source, label: s.sources[t.source] ?? t.source, count: t.count, satisfied: t.counts.satisfied, basically_satisfied: t.counts.basically_satisfied, dissatisfied: t.counts.dissatisfied, satisfied_rate: t.satisfiedRate })),
    };
  });

  app.staffLinks.push({ href: '/staff/ratings/statistics', label: s.staffTitle, description: s.staffLink, roles: [...RESULT_ROLES] });
  app.get('/staff/ratings/statistics', { preHandler: requireRoles(...RESULT_ROLES) }, async (request, reply) => page(request, reply, await staffGrant(request), true));
  app.get('/staff/ratings/statistics.csv', { preHandler: requireRoles(...RESULT_ROLES) }, async (request, reply) => csv(request, reply, await staffGrant(request), true));

  return results;
}
