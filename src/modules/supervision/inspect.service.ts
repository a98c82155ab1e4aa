// Shell: the 月检查 engine — runs every active rule over every organisation in scope and stores the
// findings as problems (问题清单 rows, state `open`, with their first event `raised`), plus rule
// switches, manual check items and manual findings of a 政务公开办.
//
// Who supervises whom: a 政务公开办 (organisation kind openness_office) supervises its parent
// government's subtree (identity officeScopes). An organisation's problems are raised by its
// NEAREST office (a county office for its departments and townships, a city office for the county
// government itself when the county has no office of its own); that office's rule switches apply.
//
// Dedupe: fingerprint = rule + subject. A finding is not raised while a problem with that
// fingerprint is open (sv_problem.open_key is unique and equals the fingerprint until the problem is
// closed or dismissed), nor again for the same month (a re-run of a month raises nothing new).
import type { Insertable } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { platformView, type Db } from '../../schema.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { parseMonth, previousMonth, problemPublicId, rectificationDue, type DeadlineClass, type Severity } from './deadline-classes.ts';
import { RULES, type Finding, type Rule, type RuleContext } from './rules.ts';
import type { SvProblemTable } from './supervision.table.ts';
import type { OnTimeOptions } from '../interaction/index.ts';
import { likePrefix } from '../../platform/db/like.ts';

export interface InspectDeps {
  db: Db;
  clock: Clock;
  /** GET a path of this site, answer the status (src/app.ts builds it on app.inject). */
  probe?: ((path: string) => Promise<number>) | undefined;
  /** The installation's 按时办结 options (config.interaction.onTime), as the figures use them; interaction's default when absent. */
  onTime?: OnTimeOptions | undefined;
}

export type Trigger = 'schedule' | 'manual' | 'cli';

export interface InspectOptions {
  month: string;
  /** An organisation (or a 政务公开办: its government's subtree); all offices' scopes when absent. */
  scopeOrgCode?: string | undefined;
  trigger: Trigger;
  /** Who started it: a username, 'cli' or 'system'. */
  by: string;
  actorId?: number | null;
  requestId?: string | null;
  /** Rules to run (all shipped rules by default; tests narrow it). */
  rules?: readonly Rule[];
  onProgress?: (done: number, total: number, rule: string) => void;
  /** Record the run in the audit log (default: unless scheduled; the demo loader leaves it out like its other data). */
  audit?: boolean;
}

export interface RuleResult { rule: string; title: string; found: number; raised: number; byOrg: Record<string, { found: number; raised: number }> }

export interface InspectResult {
  inspectionId: number;
  month: string;
  scopeOrgCode: string;
  found: number;
  raised: number;
  rules: RuleResult[];
  orgNames: Record<string, string>;
}

export class InspectError extends Error {
  constructor(readonly code: 'month_invalid' | 'month_future' | 'org_unknown', message: string) { super(message); }
}

interface Org { code: string; name: string; path: string; kind: string }
interface Office { code: string; path: string; supervises: string }

function parentPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length > 1 ? `/${parts.slice(0, -1).join('/')}/` : path;
}

export async function listOffices(db: Db): Promise<Office[]> {
  const rows = await db.selectFrom('organisation').select(['code', 'path']).where('kind', '=', 'openness_office').where('disabled', '=', 0).execute();
  return rows.map((r) => ({ code: r.code, path: r.path, supervises: parentPath(r.path) }));
}

/** The office that supervises an organisation at `path`: the one with the deepest subtree containing it. */
export function nearestOffice(offices: readonly Office[], path: string): Office | null {
  let best: Office | null = null;
  for (const o of offices) if (path.startsWith(o.supervises) && (!best || o.supervises.length > best.supervises.length)) best = o;
  return best;
}

/** The switch of each rule for each office: stored setting, else the rule's default. */
export async function ruleSwitches(db: Db, officeCodes: readonly string[]): Promise<Map<string, Map<string, boolean>>> {
  const out = new Map<string, Map<string, boolean>>();
  for (const c of officeCodes) out.set(c, new Map(RULES.map((r) => [r.code, r.defaultActive])));
  if (!officeCodes.length) return out;
  const rows = await db.selectFrom('sv_rule_setting').selectAll().where('office_org_code', 'in', [...officeCodes]).execute();
  for (const r of rows) out.get(r.office_org_code)?.set(r.rule_code, r.active === 1);
  return out;
}

/** The path an inspection covers for `code`: an office's government subtree, or the organisation's own subtree. */
export async function scopePathOf(db: Db, code: string): Promise<{ code: string; path: string } | null> {
  const o = await db.selectFrom('organisation').select(['code', 'path', 'kind']).where('code', '=', code).executeTakeFirst();
  if (!o) return null;
  return { code: o.code, path: o.kind === 'openness_office' ? parentPath(o.path) : o.path };
}

async function nextSerial(db: Db, month: string): Promise<number> {
  const r = await db.selectFrom('sv_problem').select((eb) => eb.fn.max('public_id').as('m')).where('public_id', 'like', `WT-${month}-%`).executeTakeFirst();
  const m = /-(\d+)$/.exec(String(r?.m ?? ''));
  return m ? Number(m[1]) + 1 : 1;
}

/** Fingerprints among `fps` that must not be raised again: open now, or already raised for this month. */
async function alreadyRaised(db: Db, month: string, fps: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < fps.length; i += 500) {
    const chunk = fps.slice(i, i + 500);
    const rows = await db.selectFrom('sv_problem').select('fingerprint')
      .where('fingerprint', 'in', chunk)
      .where((eb) => eb.or([eb('open_key', 'is not', null), eb('month', '=', month)])).execute();
    for (const r of rows) out.add(r.fingerprint);
  }
  return out;
}

export interface NewProblem {
  ruleCode: string;
  org: Org;
  officeCode: string;
  month: string;
  finding: Finding;
  severity: Severity;
  deadlineClass: DeadlineClass;
  inspectionId: number | null;
  by: string;
  actorOrgCode: string | null;
  payload?: Record<string, unknown>;
}

/** Inserts problems (with event `raised`, seq 1) in one transaction; skips fingerprints already open or raised this month. */
async function raise(deps: InspectDeps, problems: NewProblem[], inSameTransaction?: (trx: Db, ids: number[]) => Promise<void>): Promise<{ raised: NewProblem[]; ids: number[] }> {
  if (!problems.length) return { raised: [], ids: [] };
  const cal = await loadCalendar(platformView(deps.db));
  const today = deps.clock.today();
  const at = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(deps.db, async (trx) => {
        const month = problems[0]!.month;
        const fpOf = (p: NewProblem) => `${p.ruleCode}|${p.finding.subjectRef}`;
        const skip = await alreadyRaised(trx, month, [...new Set(problems.map(fpOf))]);
        const fresh: NewProblem[] = [];
        for (const p of problems) { const fp = fpOf(p); if (!skip.has(fp)) { skip.add(fp); fresh.push(p); } }
        if (!fresh.length) return { raised: [], ids: [] };
        let serial = await nextSerial(trx, month);
        const ids: number[] = [];
        for (let i = 0; i < fresh.length; i += 200) {
          const rows: Insertable<SvProblemTable>[] = fresh.slice(i, i + 200).map((p) => ({
            public_id: problemPublicId(p.month, serial++), rule_code: p.ruleCode, org_code: p.org.code, org_path: p.org.path, office_org_code: p.officeCode,
            month: p.month, fingerprint: fpOf(p), open_key: fpOf(p), subject_ref: p.finding.subjectRef, title: p.finding.title.slice(0, 500), detail: p.finding.detail.slice(0, 4000),
            evidence_url: p.finding.evidenceUrl, severity: p.severity, state: 'open', found_on: today, due_on: rectificationDue(cal, today, p.deadlineClass).dueOn,
            measures: '', verify_note: '', rectified_on: null, closed_on: null, escalated_on: null,
            inspection_id: p.inspectionId, created_by: p.by, created_at: at, updated_at: at,
          }));
          const inserted = await trx.insertInto('sv_problem').values(rows).returning('id').execute();
          ids.push(...inserted.map((r) => r.id));
        }
        for (let i = 0; i < ids.length; i += 200) {
          await trx.insertInto('sv_problem_event').values(ids.slice(i, i + 200).map((id, j) => {
            const p = fresh[i + j]!;
            return { problem_id: id, seq: 1, kind: 'raised', on_date: today, payload_json: JSON.stringify({ rule: p.ruleCode, inspection: p.inspectionId, ...(p.payload ?? {}) }), actor: p.by, actor_org_code: p.actorOrgCode, at };
          })).execute();
        }
        // e.g. the manual finding's screenshot and audit row: written with the problem or not at all
        if (inSameTransaction) await inSameTransaction(trx, ids);
        return { raised: fresh, ids };
      });
    } catch (e) {
      // Another run raised the same fingerprint (open_key) or took the same public id meanwhile: look again.
      if (attempt < 3 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** Runs every active rule over every organisation in scope for `month`; stores the findings as problems. */
export async function inspect(deps: InspectDeps, opts: InspectOptions): Promise<InspectResult> {
  const { db, clock } = deps;
  const m = parseMonth(opts.month);
  if (!m) throw new InspectError('month_invalid', `月份「${opts.month}」无效，请按 YYYY-MM 填写，例如 ${previousMonth(clock.today())}`);
  const today = clock.today();
  // a month that has not begun has nothing to check: refused, or its problems would carry a future month
  if (m.from > today) throw new InspectError('month_future', `月份「${opts.month}」尚未开始，只能检查本月或以前的月份`);
  const offices = await listOffices(db);
  let scopePath = '/';
  let scopeCode = 'all';
  if (opts.scopeOrgCode) {
    const s = await scopePathOf(db, opts.scopeOrgCode);
    if (!s) throw new InspectError('org_unknown', `找不到单位：${opts.scopeOrgCode}`);
    scopePath = s.path;
    scopeCode = s.code;
  }
  // The organisations in scope, each with its nearest office (none: nobody supervises it, not inspected).
  const orgRows = await db.selectFrom('organisation').select(['code', 'name', 'path', 'kind'])
    .where('disabled', '=', 0).where('path', 'like', likePrefix(scopePath)).orderBy('path').execute();
  const officeOf = new Map<string, Office>();
  const orgs = new Map<string, Org>();
  for (const o of orgRows) {
    const off = nearestOffice(offices, o.path);
    if (!off || o.kind === 'openness_office') continue;
    officeOf.set(o.code, off);
    orgs.set(o.code, o);
  }
  const usedOffices = [...new Set([...officeOf.values()].map((o) => o.code))];
  const switches = await ruleSwitches(db, usedOffices);
  const officeByCode = new Map(offices.map((o) => [o.code, o]));
  const startedAt = clock.now().toISOString();
  const insp = await inTransaction(db, async (trx) => {
    const row = await trx.insertInto('sv_inspection').values({
      month: m.month, scope_org_code: scopeCode, trigger: opts.trigger, started_at: startedAt, started_by: opts.by, found: 0, raised: 0, summary_json: JSON.stringify({ done: 0, total: 0 }),
    }).returning('id').executeTakeFirstOrThrow();
    if (opts.audit ?? opts.trigger !== 'schedule') {
      await recordAudit(platformView(trx), clock.now(), { actorId: opts.actorId ?? null, actorLabel: opts.by, action: 'supervision.inspect', entity: 'sv_inspection', entityId: String(row.id), after: { month: m.month, scope: scopeCode, trigger: opts.trigger }, requestId: opts.requestId ?? null, orgCode: opts.scopeOrgCode ?? null });
    }
    return row;
  });
  const rules = opts.rules ?? RULES;
  const asOf = today < m.to ? today : m.to;
  const results: RuleResult[] = [];
  let found = 0;
  let raisedTotal = 0;
  for (const [i, rule] of rules.entries()) {
    // The subtrees of the offices that have this rule on, narrowed to the scope.
    const paths = new Set<string>();
    for (const code of usedOffices) {
      if (!switches.get(code)?.get(rule.code)) continue;
      const sup = officeByCode.get(code)!.supervises;
      if (sup.startsWith(scopePath)) paths.add(sup);
      else if (scopePath.startsWith(sup)) paths.add(scopePath);
    }
    const list = [...paths].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q))).sort();
    const activeOrgs = new Map([...orgs].filter(([code]) => switches.get(officeOf.get(code)!.code)?.get(rule.code)));
    const ctx: RuleContext = { db, month: m.month, from: m.from, to: m.to, today, asOf, nowIso: clock.now().toISOString(), paths: list, orgs: activeOrgs, probe: deps.probe, onTime: deps.onTime };
    const findings = list.length ? await rule.find(ctx) : [];
    const byOrg: Record<string, { found: number; raised: number }> = {};
    const candidates: NewProblem[] = [];
    for (const f of findings) {
      const org = activeOrgs.get(f.orgCode);
      if (!org) continue; // outside the scope, or its office has the rule off
      (byOrg[org.code] ??= { found: 0, raised: 0 }).found++;
      candidates.push({ ruleCode: rule.code, org, officeCode: officeOf.get(org.code)!.code, month: m.month, finding: f, severity: rule.severity, deadlineClass: rule.deadlineClass, inspectionId: insp.id, by: opts.by, actorOrgCode: null });
    }
    const { raised } = await raise(deps, candidates);
    for (const p of raised) byOrg[p.org.code]!.raised++;
    results.push({ rule: rule.code, title: rule.title, found: candidates.length, raised: raised.length, byOrg });
    found += candidates.length;
    raisedTotal += raised.length;
    await db.updateTable('sv_inspection').set({ found, raised: raisedTotal, summary_json: JSON.stringify({ done: i + 1, total: rules.length, rules: results }) }).where('id', '=', insp.id).execute();
    opts.onProgress?.(i + 1, rules.length, rule.code);
  }
  await db.updateTable('sv_inspection').set({ finished_at: clock.now().toISOString() }).where('id', '=', insp.id).execute();
  const orgNames: Record<string, string> = {};
  for (const r of results) for (const code of Object.keys(r.byOrg)) orgNames[code] = orgs.get(code)?.name ?? code;
  return { inspectionId: insp.id, month: m.month, scopeOrgCode: scopeCode, found, raised: raisedTotal, rules: results, orgNames };
}

/** The monthly 月检查 job's name. */
export const MONTHLY_INSPECTION_JOB = 'supervision.monthly-inspection';

/**
 * The monthly job: asked every 6 hours (once per period across all processes, platform/jobs), it
 * inspects the previous month unless a scheduled run of that month has finished — so it runs once
 * per month per installation, however many processes run and however often it is asked, and a run
 * cut short is completed later (findings already raised are not raised again).
 */
export function supervisionJobs(deps: InspectDeps): JobDefinition[] {
  return [{
    name: MONTHLY_INSPECTION_JOB, everyMs: 6 * 3_600_000, firstRunAfterMs: 0, leaseMs: 60 * 60_000,
    run: async () => {
      const month = previousMonth(deps.clock.today());
      // a finished run only: one that died half-way (a crash, a restart) is run again at the next asking
      const done = await deps.db.selectFrom('sv_inspection').select('id').where('month', '=', month).where('trigger', '=', 'schedule').where('scope_org_code', '=', 'all')
        .where('finished_at', 'is not', null).executeTakeFirst();
      if (done) return undefined;
      const r = await inspect(deps, { month, trigger: 'schedule', by: 'system' });
      return { month, found: r.found, raised: r.raised };
    },
  }];
}

export { raise as raiseProblems };
