// Shell: 年考评 reads and writes — the supervising office of the caller (a 政务公开办 inside the
// caller's office scopes), the organisations it assesses, its scheme per year (saved, or last
// year's, or the default), the evaluators' manual scores, the lock, and the scores with their
// breakdown. Every write is audited in its transaction; a locked year refuses every write
// (`assessment_locked`, nothing changed).
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { conflict, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { platformView, type Database, type Db } from '../../schema.ts';
import type { Actor } from '../identity/index.ts';
import { actingOffices } from './offices.ts';
import {
  DEFAULT_SCHEME, FIGURE_KEY_OF, LEVELS, cents, fmt, levelOfKind, round2, schemeFromJson, scoreAll, scoreKey,
  type AssessedOrg, type FigureSource, type ManualScore, type OrgResult, type RateFigure, type Scheme,
} from './assessment.ts';
import { assessmentStrings as s } from './assessment.strings.ts';
import { organisationFigures } from './figures.ts';
import type { OnTimeOptions } from '../interaction/index.ts';

export interface AssessmentDeps {
  db: Db;
  clock: Clock;
  /** interaction's 按时办结 options (config.interaction.onTime), for 按时办结率 */
  onTime: OnTimeOptions;
}

/** Who assesses: the 政务公开办's supervisors and the administrators over it. */
export const ASSESS_ROLES = ['supervisor', 'admin'] as const;

export interface Office { code: string; name: string; path: string; parentCode: string; parentPath: string; parentName: string }

export interface YearScheme {
  scheme: Scheme;
  /** saved: this year's row; previous: last year's saved scheme; default */
  source: 'saved' | 'previous' | 'default';
  lockedAt: string | null;
  lockedBy: string | null;
}

export function parseYear(v: string): number | null {
  if (!/^\d{4}$/.test(v)) return null;
  const n = Number(v);
  return n >= 2000 && n <= 2100 ? n : null;
}

// ---- the office --------------------------------------------------------------------------------

/** The 政务公开办 the caller assesses for (offices.ts: those they hold supervisor or admin over). */
export async function officesFor(db: Db, actor: Actor): Promise<Office[]> {
  return actingOffices(db, actor, ASSESS_ROLES);
}

/** The office asked for (a code), or the caller's first; 403 when the caller supervises none. */
export async function officeFor(db: Db, actor: Actor, code: string): Promise<{ office: Office; offices: Office[] }> {
  const offices = await officesFor(db, actor);
  if (!offices.length) throw forbidden(s.errors.noOffice);
  if (!code) return { office: offices[0]!, offices };
  const office = offices.find((o) => o.code === code);
  if (!office) throw notFound(s.errors.officeUnknown);
  return { office, offices };
}

/** The organisations an office assesses: its government's departments and townships (or counties). */
export async function assessedOrgs(db: Db, office: Office): Promise<(AssessedOrg & { path: string })[]> {
  const rows = await db.selectFrom('organisation').select(['code', 'name', 'kind', 'path'])
    .where('parent_code', '=', office.parentCode).where('disabled', '=', 0).where('kind', 'in', [...LEVELS])
    .orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, path: r.path, level: levelOfKind(r.kind)! }));
}

export async function assessedOrg(db: Db, office: Office, code: string): Promise<AssessedOrg & { path: string }> {
  const org = (await assessedOrgs(db, office)).find((o) => o.code === code);
  if (!org) throw notFound(s.errors.orgNotAssessed);
  return org;
}

// ---- the scheme ---------------------------------------------------------------------------------

export async function yearScheme(db: Kysely<Database>, office: Office, year: number): Promise<YearScheme> {
  const row = await db.selectFrom('sv_assessment').selectAll().where('office_org_code', '=', office.code).where('year', '=', year).executeTakeFirst();
  if (row) return { scheme: schemeFromJson(row.scheme_json), source: 'saved', lockedAt: row.locked_at, lockedBy: row.locked_by };
  const prev = await db.selectFrom('sv_assessment').select('scheme_json').where('office_org_code', '=', office.code).where('year', '<', year).orderBy('year', 'desc').executeTakeFirst();
  return prev ? { scheme: schemeFromJson(prev.scheme_json), source: 'previous', lockedAt: null, lockedBy: null } : { scheme: DEFAULT_SCHEME, source: 'default', lockedAt: null, lockedBy: null };
}

/** Last year's saved scheme (to copy), or null. */
export async function previousScheme(db: Db, office: Office, year: number): Promise<Scheme | null> {
  const prev = await db.selectFrom('sv_assessment').select('scheme_json').where('office_org_code', '=', office.code).where('year', '<', year).orderBy('year', 'desc').executeTakeFirst();
  return prev ? schemeFromJson(prev.scheme_json) : null;
}

function lockedError(year: number): HttpError {
  return conflict('assessment_locked', s.errors.locked(year), [s.errors.locked(year)]);
}

/**
 * Inside a transaction: the year's row, created with the effective scheme when there is none, and
 * held (PostgreSQL: FOR UPDATE) until the transaction ends, so a lock and a score do not cross.
 */
async function heldRow(trx: Kysely<Database>, deps: AssessmentDeps, who: Performer, office: Office, year: number) {
  const now = deps.clock.now().toISOString();
  const existing = await trx.selectFrom('sv_assessment').select('year').where('office_org_code', '=', office.code).where('year', '=', year).executeTakeFirst();
  if (!existing) {
    const eff = await yearScheme(trx, office, year);
    await trx.insertInto('sv_assessment').values({ office_org_code: office.code, year, office_org_path: office.path, scheme_json: JSON.stringify(eff.scheme), locked_at: null, locked_by: null, updated_by: auditActor(who).actorLabel, updated_at: now })
      .onConflict((oc) => oc.columns(['office_org_code', 'year']).doNothing()).execute();
  }
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select year from sv_assessment where office_org_code = ${office.code} and year = ${year} for update`.execute(trx);
  }
  return trx.selectFrom('sv_assessment').selectAll().where('office_org_code', '=', office.code).where('year', '=', year).executeTakeFirstOrThrow();
}

/** Saves the year's scheme (already validated). Refused when locked, or when a kept score is above its new max. */
export async function saveScheme(deps: AssessmentDeps, who: Performer, office: Office, year: number, scheme: Scheme): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const row = await heldRow(trx, deps, who, office, year);
    if (row.locked_at) throw lockedError(year);
    const scores = await trx.selectFrom('sv_assessment_score').select(['org_code', 'indicator_code', 'points']).where('office_org_code', '=', office.code).where('year', '=', year).execute();
    const over = scores.filter((r) => {
      const i = scheme.indicators.find((x) => x.code === r.indicator_code);
      return i && i.method === 'manual' && cents(r.points) > cents(i.max);
    });
    if (over.length) {
      const list = [...new Set(over.map((r) => r.indicator_code))].join('、');
      throw conflict('assessment_scores_exceed', s.errors.scoresExceedNewMax(list), [s.errors.scoresExceedNewMax(list)]);
    }
    const now = deps.clock.now().toISOString();
    await trx.updateTable('sv_assessment').set({ scheme_json: JSON.stringify(scheme), updated_by: auditActor(who).actorLabel, updated_at: now })
      .where('office_org_code', '=', office.code).where('year', '=', year).execute();
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(who), action: s.audit.scheme, entity: 'sv_assessment', entityId: `${office.code}/${year}`, before: JSON.parse(row.scheme_json) as unknown, after: scheme, orgCode: office.code });
  });
}

/** Records an evaluator's score (checked by the caller against the scheme). Refused when locked. */
export async function saveScore(deps: AssessmentDeps, who: Performer, office: Office, year: number, orgCode: string, indicatorCode: string, points: number, note: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const row = await heldRow(trx, deps, who, office, year);
    if (row.locked_at) throw lockedError(year);
    const before = await trx.selectFrom('sv_assessment_score').select(['points', 'note']).where('office_org_code', '=', office.code).where('year', '=', year)
      .where('org_code', '=', orgCode).where('indicator_code', '=', indicatorCode).executeTakeFirst();
    const now = deps.clock.now().toISOString();
    const by = auditActor(who).actorLabel;
    await trx.insertInto('sv_assessment_score').values({ office_org_code: office.code, year, org_code: orgCode, indicator_code: indicatorCode, points, note, scored_by: by, scored_at: now })
      .onConflict((oc) => oc.columns(['office_org_code', 'year', 'org_code', 'indicator_code']).doUpdateSet({ points, note, scored_by: by, scored_at: now })).execute();
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(who), action: s.audit.score, entity: 'sv_assessment_score', entityId: `${office.code}/${year}/${orgCode}/${indicatorCode}`, before: before ?? null, after: { points, note }, orgCode });
  });
}

/** Locks the year (the effective scheme is kept with it). Locking a locked year changes nothing. */
export async function lockYear(deps: AssessmentDeps, who: Performer, office: Office, year: number): Promise<{ lockedAt: string; lockedBy: string; changed: boolean }> {
  return inTransaction(deps.db, async (trx) => {
    const row = await heldRow(trx, deps, who, office, year);
    if (row.locked_at) return { lockedAt: row.locked_at, lockedBy: row.locked_by ?? '', changed: false };
    const now = deps.clock.now().toISOString();
    const by = auditActor(who).actorLabel;
    await trx.updateTable('sv_assessment').set({ locked_at: now, locked_by: by, updated_by: by, updated_at: now })
      .where('office_org_code', '=', office.code).where('year', '=', year).execute();
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(who), action: s.audit.lock, entity: 'sv_assessment', entityId: `${office.code}/${year}`, before: { locked_at: null }, after: { locked_at: now }, orgCode: office.code });
    return { lockedAt: now, lockedBy: by, changed: true };
  });
}

// ---- the scores ----------------------------------------------------------------------------------

/**
 * The figures of each organisation's subtree for the year, from figures.ts (按时公开率, 按时答复率,
 * 按时办结率, 整改完成率 over sv_problem, 好评率): numerator and denominator by source.
 */
export async function yearFigures(deps: AssessmentDeps, orgs: readonly { code: string; name: string; path: string }[], year: number): Promise<Map<string, Partial<Record<FigureSource, RateFigure>>>> {
  const out = new Map<string, Partial<Record<FigureSource, RateFigure>>>();
  if (!orgs.length) return out;
  const sources = Object.keys(FIGURE_KEY_OF) as FigureSource[];
  const figures = await organisationFigures({ db: deps.db, onTime: deps.onTime, today: deps.clock.today(), nowIso: deps.clock.now().toISOString() },
    orgs.map((o) => ({ code: o.code, name: o.name, path: o.path })), { from: `${year}-01-01`, to: `${year}-12-31` }, sources.map((x) => FIGURE_KEY_OF[x]));
  for (const f of figures) {
    out.set(f.org.code, Object.fromEntries(sources.map((x) => [x, { numerator: f.figures[FIGURE_KEY_OF[x]].numerator, denominator: f.figures[FIGURE_KEY_OF[x]].denominator }])));
  }
  return out;
}

export interface ManualRow extends ManualScore { org: string; indicator: string }

export async function manualScores(db: Db, office: Office, year: number): Promise<Map<string, ManualScore>> {
  const rows = await db.selectFrom('sv_assessment_score').selectAll().where('office_org_code', '=', office.code).where('year', '=', year).execute();
  return new Map(rows.map((r) => [scoreKey(r.org_code, r.indicator_code), { points: round2(Number(r.points)), note: r.note, by: r.scored_by, at: r.scored_at }]));
}

export interface YearResults { scheme: YearScheme; results: OrgResult[] }

/** Every assessed organisation's scores for the year, with the breakdown and the ranks per level. */
export async function yearResults(deps: AssessmentDeps, office: Office, year: number): Promise<YearResults> {
  const [scheme, orgs, manual] = await Promise.all([yearScheme(deps.db, office, year), assessedOrgs(deps.db, office), manualScores(deps.db, office, year)]);
  const figures = await yearFigures(deps, orgs, year);
  return { scheme, results: scoreAll(scheme.scheme, orgs, figures, manual) };
}

export { fmt };
