// Shell: builds annual reports from the data (pure table and check functions over rows the
// repository loads), saves drafts, publishes (snapshot + the 年度报告 disclosure record), imports past
// years' table 三, and lists the organisations whose report is still due. Every write is audited.
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { auditActor } from '../../platform/audit/performer.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { platformView } from '../../schema.ts';
import { badRequest, conflict, forbidden, HttpError } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { findOrganisation, identityService, parseOrgCode, type Actor, type Organisation } from '../identity/index.ts';
import { runChecks, type PreviousYear } from './annual-checks.ts';
import { DEADLINE_BY_KIND, reminderYear, reportDeadline, type ReportingKind } from './annual-deadlines.ts';
import { rowOf, TABLE3_ROWS, type Table3 } from './annual-format.ts';
import { incompleteSections, prefillTexts, reportTitle, type AnnualReport, type ReportTexts } from './annual-report.ts';
import { computeTable2, computeTable3, computeTable4 } from './annual-tables.ts';
import { publishReportRecord, type RecordSettings } from './report-record.ts';
import type { ImportedFigures } from './annual-import.ts';
import * as repo from './reports.repository.ts';
import { reportStrings as s } from './reports.strings.ts';
import { ReportBody, reportPlainText } from './views/report-body.tsx';

export interface ReportDeps extends RecordSettings {
  db: Db;
  clock: Clock;
}

/** 政务公开办负责人 and editors prepare the draft; only supervisors and admins publish or import. */
export const VIEW_ROLES = ['admin', 'supervisor', 'editor'] as const;
export const EDIT_ROLES = ['admin', 'supervisor', 'editor'] as const;
export const PUBLISH_ROLES = ['admin', 'supervisor'] as const;
export const FIRST_YEAR = 2008; // 《政府信息公开条例》(2007) 施行 2008-05-01

const who = (actor: Actor) => { const a = auditActor({ actor }); return { actorId: a.actorId, actorLabel: a.actorLabel }; };

/** Subtree paths where the actor holds one of `roles` (a 政务公开办 grant covers its government): identity's rule. */
export const scopesOf = identityService.officeScopes;

export async function may(db: Db, actor: Actor | null | undefined, roles: readonly string[], org: Organisation): Promise<boolean> {
  return !!actor && (await scopesOf(db, actor, roles)).some((p) => org.path.startsWith(p));
}

/** Validates `org` and `year` query values: 400 with a code, 404 for an unknown organisation. */
export async function resolveOrgYear(deps: ReportDeps, orgInput: string | undefined, yearInput: string | undefined): Promise<{ org: Organisation; year: number }> {
  if (!orgInput) throw badRequest('org_required', s.errors.orgRequired);
  const parsed = parseOrgCode(orgInput);
  if (!parsed) throw badRequest('org_invalid', s.errors.orgInvalid);
  const maxYear = Number(localDateOf(deps.clock.now()).slice(0, 4));
  const year = /^\d{4}$/.test(yearInput ?? '') ? Number(yearInput) : NaN;
  if (!(year >= FIRST_YEAR && year <= maxYear)) throw badRequest('year_invalid', s.errors.yearInvalid(maxYear));
  const org = await findOrganisation(deps.db, parsed.canonical);
  if (!org) throw new HttpError(404, 'org_not_found', s.errors.orgNotFound);
  return { org, year };
}

function snapshotOf(row: repo.ReportRow): AnnualReport | null {
  if (row.state !== 'published' || !row.snapshot_json) return null;
  try {
    return { ...(JSON.parse(row.snapshot_json) as AnnualReport), state: 'published', publishedAt: row.published_at };
  } catch {
    return null;
  }
}

/** Last year's published (or imported) table 三, for the carry-over check and the comparison. */
async function previousOf(db: Db, orgCode: string, year: number): Promise<{ prev: PreviousYear; report: AnnualReport } | null> {
  const row = await repo.findReport(db, orgCode, year - 1);
  const snap = row ? snapshotOf(row) : null;
  if (!snap) return null;
  return { prev: { year: year - 1, carriedOut: rowOf(snap.table3, 'carried_out') }, report: snap };
}

/** The report computed from today's data, with the draft's figures, texts and reason when there is one. */
export async function liveReport(deps: ReportDeps, org: Organisation, year: number, row: repo.ReportRow | null, includeSubtree?: boolean): Promise<AnnualReport> {
  const sub = includeSubtree ?? !!Number(row?.include_subtree ?? 0);
  const scope = { orgCode: org.code, orgPath: org.path, includeSubtree: sub };
  const [cases, reviews, records, previous] = await Promise.all([
    repo.loadCaseFacts(deps.db, scope, year), repo.loadReviewFacts(deps.db, scope, year), repo.loadDisclosureFacts(deps.db, scope, deps.clock.now().toISOString()), previousOf(deps.db, org.code, year),
  ]);
  const figures = { licensing: row?.licensing_count ?? 0, penalty: row?.penalty_count ?? 0, coercion: row?.coercion_count ?? 0, feesWan: row?.fees_wan ?? '0' };
  const table2 = computeTable2(records, figures, year);
  const table3 = computeTable3(cases, year);
  const table4 = computeTable4(reviews, year);
  const prefill = prefillTexts({ orgName: org.name, year, table2, table3, table4, previous: previous?.report ?? null });
  const texts: ReportTexts = {
    section1: row?.section1_text ?? prefill.section1, section5: row?.section5_text ?? prefill.section5, section6: row?.section6_text ?? prefill.section6,
  };
  return {
    orgCode: org.code, orgName: org.name, year, includeSubtree: sub, state: row ? 'draft' : 'none', source: 'system', publishedAt: null,
    table2, table3, table4, texts, checks: runChecks(table3, table4, previous?.prev ?? null, row?.carry_reason ?? null),
  };
}

/** The published report (what the public sees), or null. */
export async function publishedReport(deps: ReportDeps, org: Organisation, year: number): Promise<AnnualReport | null> {
  const row = await repo.findReport(deps.db, org.code, year);
  return row ? snapshotOf(row) : null;
}

/** For staff: the published snapshot once published, else the live draft. */
export async function staffReport(deps: ReportDeps, org: Organisation, year: number): Promise<{ report: AnnualReport; row: repo.ReportRow | null }> {
  const row = await repo.findReport(deps.db, org.code, year);
  const snap = row ? snapshotOf(row) : null;
  return { report: snap ?? (await liveReport(deps, org, year, row)), row };
}

export interface DraftInput {
  section1?: string;
  section5?: string;
  section6?: string;
  licensing?: string;
  penalty?: string;
  coercion?: string;
  fees?: string;
  carryReason?: string;
  includeSubtree?: string;
}

export function validateDraft(input: DraftInput): { ok: true; values: { section1: string | null; section5: string | null; section6: string | null; licensing: number; penalty: number; coercion: number; feesWan: string; carryReason: string | null; includeSubtree: boolean } } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const count = (name: 'licensing' | 'penalty' | 'coercion') => {
    const v = (input[name] ?? '').trim() || '0';
    if (!/^\d{1,9}$/.test(v)) { errors[name] = s.errors.count; return 0; }
    return Number(v);
  };
  const licensing = count('licensing');
  const penalty = count('penalty');
  const coercion = count('coercion');
  const fees = (input.fees ?? '').trim() || '0';
  if (!/^\d{1,9}(\.\d{1,4})?$/.test(fees)) errors.fees = s.errors.fees;
  const text = (name: 'section1' | 'section5' | 'section6') => {
    const v = input[name];
    if (v === undefined) return null;
    const t = v.replace(/\r\n/g, '\n');
    if (t.length > 20000) errors[name] = s.errors.textTooLong;
    return t;
  };
  const section1 = text('section1');
  const section5 = text('section5');
  const section6 = text('section6');
  const reason = (input.carryReason ?? '').trim();
  if (reason.length > 1000) errors.carryReason = s.errors.reasonTooLong;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, values: { section1, section5, section6, licensing, penalty, coercion, feesWan: String(Number(fees)), carryReason: reason || null, includeSubtree: input.includeSubtree === '1' } };
}

/** Two writers creating the same organisation-year row at once: the later one is refused, never a 500. */
async function once<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('concurrent_change', s.errors.concurrent, [s.errors.concurrent]);
    throw e;
  }
}

async function requireRole(deps: ReportDeps, actor: Actor, roles: readonly string[], org: Organisation): Promise<void> {
  if (!(await may(deps.db, actor, roles, org))) throw forbidden(s.errors.forbidden);
}

/** Saves the draft (creating it on first save). Refused once published. */
export async function saveDraft(deps: ReportDeps, actor: Actor, org: Organisation, year: number, input: DraftInput): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  await requireRole(deps, actor, EDIT_ROLES, org);
  const v = validateDraft(input);
  if (!v.ok) return v;
  const now = deps.clock.now();
  const iso = now.toISOString();
  await once(() => inTransaction(deps.db, async (trx) => {
    const before = await repo.findReport(trx, org.code, year);
    if (before?.state === 'published') throw conflict('report_published', s.errors.published, [s.errors.published]);
    const values = {
      include_subtree: v.values.includeSubtree ? 1 : 0, section1_text: v.values.section1 ?? before?.section1_text ?? null, section5_text: v.values.section5 ?? before?.section5_text ?? null,
      section6_text: v.values.section6 ?? before?.section6_text ?? null, licensing_count: v.values.licensing, penalty_count: v.values.penalty, coercion_count: v.values.coercion,
      fees_wan: v.values.feesWan, carry_reason: v.values.carryReason, updated_at: iso,
    };
    if (before) await trx.updateTable('annual_report').set(values).where('id', '=', before.id).execute();
    else await trx.insertInto('annual_report').values({ org_code: org.code, org_path: org.path, year, state: 'draft', source: 'system', snapshot_json: null, published_at: null, disclosure_id: null, created_at: iso, ...values }).execute();
    await recordAudit(platformView(trx), now, {
      ...who(actor), action: 'annual_report.save_draft', entity: 'annual_report', entityId: `${org.code}/${year}`, orgCode: org.code,
      before: before ? { licensing: before.licensing_count, penalty: before.penalty_count, coercion: before.coercion_count, fees_wan: before.fees_wan, carry_reason: before.carry_reason, include_subtree: before.include_subtree } : null,
      after: { licensing: values.licensing_count, penalty: values.penalty_count, coercion: values.coercion_count, fees_wan: values.fees_wan, carry_reason: values.carry_reason, include_subtree: values.include_subtree, texts_edited: v.values.section1 !== null },
    });
  }));
  return { ok: true };
}

/** The HTML body (also the disclosure record's body) and its plain text. */
export function renderBody(r: AnnualReport): { html: string; text: string } {
  return { html: renderToString(h(ReportBody, { report: r, headingLevel: 2 })), text: reportPlainText(r) };
}

/**
 * Publishes: refused while the year runs, when a check fails (409 with the failing cells) or when
 * already published. Stores the snapshot and creates the 年度报告 disclosure record, in one transaction.
 */
export async function publish(deps: ReportDeps, actor: Actor, org: Organisation, year: number): Promise<AnnualReport> {
  await requireRole(deps, actor, PUBLISH_ROLES, org);
  return publishAs(deps, who(actor), org, year);
}

/** Publishing without a role check: for the command line and demo data (the caller is trusted). */
export async function publishAs(deps: ReportDeps, by: { actorId: number | null; actorLabel: string }, org: Organisation, year: number): Promise<AnnualReport> {
  const now = deps.clock.now();
  const today = localDateOf(now);
  if (year >= Number(today.slice(0, 4))) throw conflict('year_not_finished', s.errors.notFinished(year), [s.errors.notFinished(year)]);
  return once(() => inTransaction(deps.db, async (trx) => {
    const row = await repo.findReport(trx, org.code, year);
    if (row?.state === 'published') throw conflict('report_published', s.errors.published, [s.errors.published]);
    const live = await liveReport({ db: trx, clock: deps.clock }, org, year, row);
    const failed = live.checks.filter((c) => !c.ok);
    if (failed.length) throw conflict('checks_failed', s.errors.checksFailed, failed.map((c) => c.detail));
    const incomplete = incompleteSections(live.texts);
    if (incomplete.length) throw conflict('texts_incomplete', s.errors.textsIncomplete, incomplete.map(s.errors.textIncomplete));
    const iso = now.toISOString();
    const report: AnnualReport = { ...live, state: 'published', publishedAt: iso };
    const body = renderBody(report);
    const disclosureId = await publishReportRecord(trx, deps.clock, deps, by.actorLabel, {
      orgCode: org.code, publisher: org.name, reportYear: year, title: reportTitle(org.name, year), bodyHtml: body.html, publishedOn: today,
    });
    const snapshot = JSON.stringify({ ...report, publishedAt: iso });
    if (row) {
      // Only a draft becomes published: a concurrent publisher that got here first leaves no row to
      // update (PostgreSQL re-reads the state after its lock), and this transaction — with the
      // disclosure record it created — rolls back.
      const updated = await trx.updateTable('annual_report').set({
        state: 'published', snapshot_json: snapshot, published_at: iso, disclosure_id: disclosureId, updated_at: iso,
        section1_text: report.texts.section1, section5_text: report.texts.section5, section6_text: report.texts.section6,
      }).where('id', '=', row.id).where('state', '=', 'draft').executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw conflict('report_published', s.errors.published, [s.errors.published]);
    } else {
      await trx.insertInto('annual_report').values({
        org_code: org.code, org_path: org.path, year, include_subtree: 0, state: 'published', source: 'system', section1_text: report.texts.section1, section5_text: report.texts.section5,
        section6_text: report.texts.section6, licensing_count: 0, penalty_count: 0, coercion_count: 0, fees_wan: '0', carry_reason: null, snapshot_json: snapshot, published_at: iso,
        disclosure_id: disclosureId, created_at: iso, updated_at: iso,
      }).execute();
    }
    await recordAudit(platformView(trx), now, {
      ...by, action: 'annual_report.publish', entity: 'annual_report', entityId: `${org.code}/${year}`, orgCode: org.code,
      after: { disclosure_id: disclosureId, checks: report.checks.map((c) => ({ rule: c.rule, ok: c.ok })), table3_total: rowOf(report.table3, 'total') },
    });
    return report;
  }));
}

/**
 * Imports a past year's published table 三 (already parsed and checked) as that year's published
 * report (source 'import'), replacing an earlier import. Refused when the system has its own report.
 */
export async function importPast(deps: ReportDeps, actor: Actor, org: Organisation, year: number, table: Table3, origin: string): Promise<void> {
  await requireRole(deps, actor, PUBLISH_ROLES, org);
  const now = deps.clock.now();
  if (year >= Number(localDateOf(now).slice(0, 4))) throw badRequest('year_not_finished', s.errors.importCurrent);
  await once(() => inTransaction(deps.db, async (trx) => {
    const row = await repo.findReport(trx, org.code, year);
    if (row && row.source !== 'import') throw conflict('report_exists', s.errors.importExists, [s.errors.importExists]);
    const iso = now.toISOString();
    const report: AnnualReport = {
      orgCode: org.code, orgName: org.name, year, includeSubtree: false, state: 'published', source: 'import', publishedAt: iso,
      table2: null, table3: table, table4: null, texts: { section1: '', section5: '', section6: '' }, checks: [],
    };
    const values = { state: 'published', source: 'import', snapshot_json: JSON.stringify(report), published_at: iso, updated_at: iso };
    if (row) await trx.updateTable('annual_report').set(values).where('id', '=', row.id).execute();
    else await trx.insertInto('annual_report').values({
      org_code: org.code, org_path: org.path, year, include_subtree: 0, section1_text: null, section5_text: null, section6_text: null, licensing_count: 0, penalty_count: 0,
      coercion_count: 0, fees_wan: '0', carry_reason: null, disclosure_id: null, created_at: iso, ...values,
    }).execute();
    await recordAudit(platformView(trx), now, {
      ...who(actor), action: 'annual_report.import', entity: 'annual_report', entityId: `${org.code}/${year}`, orgCode: org.code,
      before: row ? { carried_out: row.snapshot_json ? rowOf((JSON.parse(row.snapshot_json) as AnnualReport).table3, 'carried_out') : null } : null,
      after: { origin, rows: TABLE3_ROWS.length, carried_out: rowOf(table, 'carried_out') },
    });
  }));
}

/** Sets the table 二 figures of the draft from an import (creating the draft), audited. */
export async function importFigures(deps: ReportDeps, actor: Actor, org: Organisation, year: number, f: ImportedFigures, origin: string): Promise<void> {
  await requireRole(deps, actor, EDIT_ROLES, org);
  const now = deps.clock.now();
  const iso = now.toISOString();
  await once(() => inTransaction(deps.db, async (trx) => {
    const before = await repo.findReport(trx, org.code, year);
    if (before?.state === 'published') throw conflict('report_published', s.errors.published, [s.errors.published]);
    const values = { licensing_count: f.licensing, penalty_count: f.penalty, coercion_count: f.coercion, fees_wan: f.feesWan, updated_at: iso };
    if (before) await trx.updateTable('annual_report').set(values).where('id', '=', before.id).execute();
    else await trx.insertInto('annual_report').values({
      org_code: org.code, org_path: org.path, year, include_subtree: 0, state: 'draft', source: 'system', section1_text: null, section5_text: null, section6_text: null,
      carry_reason: null, snapshot_json: null, published_at: null, disclosure_id: null, created_at: iso, ...values,
    }).execute();
    await recordAudit(platformView(trx), now, {
      ...who(actor), action: 'annual_report.import_figures', entity: 'annual_report', entityId: `${org.code}/${year}`, orgCode: org.code,
      before: before ? { licensing: before.licensing_count, penalty: before.penalty_count, coercion: before.coercion_count, fees_wan: before.fees_wan } : null,
      after: { origin, licensing: f.licensing, penalty: f.penalty, coercion: f.coercion, fees_wan: f.feesWan },
    });
  }));
}

export interface Reminder {
  orgCode: string;
  orgName: string;
  kind: ReportingKind;
  reportYear: number;
  dueOn: string;
  daysLeft: number;
  basis: string;
  state: 'draft' | 'none';
}

/**
 * Organisations (governments, townships, departments) under `paths` whose report on last year is not
 * published, with the statutory deadline (条例第四十九条、第五十条) and days left (negative: overdue);
 * the soonest first. The supervision lists can call this with their own scope.
 */
export async function pendingReports(db: Db, paths: string[], today: string): Promise<Reminder[]> {
  const year = reminderYear(today);
  const rows = await repo.reportingOrganisations(db, paths, Object.keys(DEADLINE_BY_KIND) as ReportingKind[], year);
  return rows.filter((r) => r.state !== 'published').map((r) => {
    const d = reportDeadline(r.kind as ReportingKind, year, today);
    return { orgCode: r.code, orgName: r.name, kind: r.kind as ReportingKind, reportYear: year, dueOn: d.dueOn, daysLeft: d.daysLeft, basis: d.basis, state: r.state === 'draft' ? 'draft' as const : 'none' as const };
  }).sort((a, b) => a.daysLeft - b.daysLeft || a.orgCode.localeCompare(b.orgCode));
}
