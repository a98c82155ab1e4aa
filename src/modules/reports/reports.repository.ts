// Shell: SQL of the reports module — read-only queries over application cases, their review events
// and disclosure records (the facts the pure table functions need), and the annual_report rows.
import type { Db } from '../../schema.ts';
import type { CaseFacts, DisclosureFacts, ReviewFacts } from './annual-tables.ts';
import type { ReportingKind } from './annual-deadlines.ts';
import { publiclyVisible } from '../disclosures/index.ts';

export interface Scope {
  orgCode: string;
  orgPath: string;
  includeSubtree: boolean;
}

/** Cases answered by the organisation (or its subtree) received by 31 December of `year`. */
export async function loadCaseFacts(db: Db, scope: Scope, year: number): Promise<CaseFacts[]> {
  let q = db.selectFrom('application_case')
    .select(['received_on', 'applicant_type', 'applicant_subtype', 'outcome', 'decided_on', 'stage', 'closed_on'])
    .where('received_on', 'is not', null)
    .where('received_on', '<=', `${year}-12-31`);
  q = scope.includeSubtree ? q.where('org_path', 'like', `${scope.orgPath}%`) : q.where('org_code', '=', scope.orgCode);
  const rows = await q.execute();
  return rows.map((r) => ({
    receivedOn: r.received_on, applicantType: r.applicant_type, applicantSubtype: r.applicant_subtype,
    outcome: r.outcome, decidedOn: r.decided_on, withdrawnOn: r.stage === 'withdrawn' ? r.closed_on : null,
  }));
}

/** The `record_review` events of those cases up to 31 December of `year`. */
export async function loadReviewFacts(db: Db, scope: Scope, year: number): Promise<ReviewFacts[]> {
  let q = db.selectFrom('application_event as e')
    .innerJoin('application_case as c', 'c.id', 'e.case_id')
    .select(['e.case_id', 'e.seq', 'e.event_on', 'e.data_json'])
    .where('e.type', '=', 'record_review')
    .where('e.event_on', '<=', `${year}-12-31`);
  q = scope.includeSubtree ? q.where('c.org_path', 'like', `${scope.orgPath}%`) : q.where('c.org_code', '=', scope.orgCode);
  const rows = await q.execute();
  return rows.map((r) => {
    let data: Record<string, unknown> = {};
    try { data = JSON.parse(r.data_json) as Record<string, unknown>; } catch { /* a broken row counts nowhere */ }
    return { caseId: r.case_id, seq: r.seq, on: r.event_on, kind: String(data.kind ?? ''), result: String(data.result ?? '') };
  });
}

/** Publicly visible records (the disclosure module's one rule) of 体裁 规章 / 行政规范性文件 of the organisation (or subtree). */
export async function loadDisclosureFacts(db: Db, scope: Scope, nowIso: string): Promise<DisclosureFacts[]> {
  let q = db.selectFrom('disclosure')
    .select(['genre', 'validity', 'written_on', 'effective_on', 'published_on', 'expires_on', 'repealed_on'])
    .where('genre', 'in', ['rule', 'normative'])
    .where((eb) => publiclyVisible(eb, nowIso));
  q = scope.includeSubtree ? q.where('org_path', 'like', `${scope.orgPath}%`) : q.where('org_code', '=', scope.orgCode);
  const rows = await q.execute();
  return rows.map((r) => ({
    genre: r.genre, validity: r.validity, writtenOn: r.written_on, effectiveOn: r.effective_on, publishedOn: r.published_on, expiresOn: r.expires_on, repealedOn: r.repealed_on,
  }));
}

export async function findReport(db: Db, orgCode: string, year: number) {
  return (await db.selectFrom('annual_report').selectAll().where('org_code', '=', orgCode).where('year', '=', year).executeTakeFirst()) ?? null;
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

/** Published reports (newest year first), optionally under some subtree paths. */
export async function listPublished(db: Db, opts: { orgCode?: string; limit: number }) {
  let q = db.selectFrom('annual_report as r').innerJoin('organisation as o', 'o.code', 'r.org_code')
    .select(['r.org_code', 'o.name as org_name', 'r.year', 'r.source', 'r.published_at'])
    .where('r.state', '=', 'published')
    .orderBy('r.year', 'desc').orderBy('r.org_code').limit(opts.limit);
  if (opts.orgCode) q = q.where('r.org_code', '=', opts.orgCode);
  return q.execute();
}

/** How many reports are published (the 数据开放 page's figure): one COUNT, not the list. */
export async function countPublished(db: Db): Promise<number> {
  const r = await db.selectFrom('annual_report').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'published').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Reports of organisations under the given subtree paths (staff list). */
export async function listReportsIn(db: Db, paths: string[], limit = 200) {
  if (!paths.length) return [];
  return db.selectFrom('annual_report as r').innerJoin('organisation as o', 'o.code', 'r.org_code')
    .select(['r.org_code', 'o.name as org_name', 'r.year', 'r.state', 'r.source', 'r.published_at', 'r.updated_at'])
    .where((eb) => eb.or(paths.map((p) => eb('r.org_path', 'like', `${p}%`))))
    .orderBy('r.year', 'desc').orderBy('r.org_code').limit(limit).execute();
}

/** Organisations of the reporting kinds under the paths, with whether their report on `year` is published. */
export async function reportingOrganisations(db: Db, paths: string[], kinds: readonly ReportingKind[], year: number) {
  if (!paths.length) return [];
  return db.selectFrom('organisation as o')
    .leftJoin('annual_report as r', (j) => j.onRef('r.org_code', '=', 'o.code').on('r.year', '=', year))
    .select(['o.code', 'o.name', 'o.kind', 'o.path', 'r.state'])
    .where('o.disabled', '=', 0)
    .where('o.kind', 'in', [...kinds])
    .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
    .orderBy('o.path').execute();
}
