// Shell: the office dashboard (/staff/supervision/dashboard, its CSV tables) and the public on-time
// page (/openness/timeliness, its CSV). Staff: supervisors and administrators; the scope is the
// office's (identityService.officeScopes: a 政务公开办's grant covers its government's subtree), an
// organisation picked outside it is refused (403) without its name. Public: counts per government only.
import type { Clock } from '../../platform/clock/clock.ts';
import { badRequest, forbidden } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import type { Db } from '../../schema.ts';
import { findOrganisation, identityService, requireRoles, type Actor } from '../identity/index.ts';
import type { OnTimeOptions } from '../interaction/index.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import { dashboardCsv, dashboardData, DASHBOARD_TABLES, type DashboardTable } from './dashboard.ts';
import { dashboardStrings as s } from './dashboard.strings.ts';
import { organisationFigures, parseFigurePeriod, PUBLIC_FIGURE_KEYS, type FigureDeps, type FigurePeriod } from './figures.ts';
import { organisationsIn } from './figures.queries.ts';
import { DashboardPage, type DashboardInput } from './views/dashboard.tsx';
import { PublicTimelinessPage } from './views/public-timeliness.tsx';

export interface SupervisionFigureDeps { db: Db; clock: Clock; onTime: OnTimeOptions }

/** Who sees the dashboard: the office's supervisors and administrators. */
export const DASHBOARD_ROLES = ['supervisor', 'admin'] as const;

type Query = Record<string, string | undefined>;
const cut = (v: string | undefined) => (v ?? '').trim().slice(0, 50);

export async function supervisionFigureRoutes(app: App, deps: SupervisionFigureDeps): Promise<void> {
  const { db, clock } = deps;
  const figureDeps = (): FigureDeps => ({ db, onTime: deps.onTime, today: clock.today(), nowIso: clock.now().toISOString() });

  /** The caller's scope, the period and the organisation picked; refusals as field errors (400) or 403. */
  async function resolve(actor: Actor, q: Query): Promise<{ scope: string[]; period: FigurePeriod | null; input: DashboardInput; errors: FieldErrors; orgs: { code: string; name: string }[]; query: string }> {
    const offices = await identityService.officeScopes(db, actor, DASHBOARD_ROLES);
    const input: DashboardInput = { period: cut(q.period), from: cut(q.from), to: cut(q.to), org: cut(q.org) };
    const errors: FieldErrors = {};
    let scope = offices;
    if (input.org) {
      const o = await findOrganisation(db, input.org);
      if (!o || o.disabled) errors.org = s.errors.unknownOrg;
      // Outside the office's subtrees: refused, never its figures (nor its name).
      else if (!offices.some((p) => o.path.startsWith(p))) throw forbidden(s.errors.outsideScope);
      else scope = [o.path];
    }
    const p = parseFigurePeriod(input, clock.today().slice(0, 4));
    if (!p.ok) errors[p.field] = p.message;
    const orgs = (await organisationsIn(db, offices, ['government'])).map((o) => ({ code: o.code, name: o.name }));
    const query = new URLSearchParams(Object.entries(input).filter(([, v]) => v)).toString();
    return { scope, period: p.ok ? p.period : null, input, errors, orgs, query };
  }

  app.get<{ Querystring: Query }>('/staff/supervision/dashboard', { preHandler: requireRoles(...DASHBOARD_ROLES) }, async (request, reply) => {
    const r = await resolve(request.actor as Actor, request.query);
    const bad = Object.keys(r.errors).length > 0;
    const d = !bad && r.period ? await dashboardData(figureDeps(), r.scope, r.period) : null;
    return sendPage(reply, <DashboardPage ctx={pageContext(request)} d={d} input={r.input} orgs={r.orgs} errors={r.errors} query={r.query} scopeCount={r.scope.length} />, bad ? 400 : 200);
  });

  app.get<{ Querystring: Query }>('/staff/supervision/dashboard.csv', { preHandler: requireRoles(...DASHBOARD_ROLES) }, async (request, reply) => {
    const table = cut(request.query.table) || 'problems';
    if (!(DASHBOARD_TABLES as readonly string[]).includes(table)) throw badRequest('invalid_table', s.errors.table);
    const r = await resolve(request.actor as Actor, request.query);
    const [field, message] = Object.entries(r.errors)[0] ?? [];
    if (field) throw badRequest(`invalid_${field}`, message!);
    const d = await dashboardData(figureDeps(), r.scope, r.period!);
    return sendDownload(reply, dashboardCsv(d, table as DashboardTable), `supervision-${table}-${d.period.key}.csv`, FILE_TYPES.csv);
  });

  app.staffLinks.push({ href: '/staff/supervision/dashboard', label: s.title, description: s.staffLink, roles: [...DASHBOARD_ROLES] });

  // ---- public: 按时公开、答复、办结情况 (every government; year or quarter) ----
  /** A year (2026) or a quarter (2026-Q1), this year by default. */
  function publicPeriod(q: Query): { period: FigurePeriod | null; input: string; errors: FieldErrors } {
    const input = cut(q.period);
    const raw = input || clock.today().slice(0, 4);
    const p = /^\d{4}(-Q[1-4])?$/i.test(raw) ? parseFigurePeriod({ period: raw }, raw) : null;
    return p?.ok ? { period: p.period, input: p.period.key, errors: {} } : { period: null, input, errors: { period: s.public.invalidPeriod } };
  }
  async function publicRows(period: FigurePeriod) {
    // The county-level governments (县、市、区: six-digit codes), each over its whole subtree.
    const govs = (await organisationsIn(db, ['/'], ['government'])).filter((o) => /^\d{6}$/.test(o.code)).map((o) => ({ code: o.code, name: o.name, path: o.path }));
    return organisationFigures(figureDeps(), govs, period, PUBLIC_FIGURE_KEYS);
  }

  app.get<{ Querystring: Query }>('/openness/timeliness', async (request, reply) => {
    const p = publicPeriod(request.query);
    const rows = p.period ? await publicRows(p.period) : [];
    return sendPage(reply, <PublicTimelinessPage ctx={pageContext(request)} period={p.period} rows={rows} input={p.input} errors={p.errors} />, p.period ? 200 : 400);
  });

  app.get<{ Querystring: Query }>('/openness/timeliness.csv', async (request, reply) => {
    const p = publicPeriod(request.query);
    if (!p.period) throw badRequest('invalid_period', s.public.invalidPeriod);
    const period = p.period;
    const rows = await publicRows(period);
    const pctOf = (rate: number | null) => (rate === null ? '' : (rate * 100).toFixed(1));
    const body = toCsv([[...s.public.csvHead], ...rows.map((r) => [period.label, r.org.code, r.org.name, ...PUBLIC_FIGURE_KEYS.flatMap((k) => [pctOf(r.figures[k].rate), r.figures[k].numerator, r.figures[k].denominator])])]);
    return sendDownload(reply, body, `timeliness-${period.key}.csv`, FILE_TYPES.csv);
  });
}
