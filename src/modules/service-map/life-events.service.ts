// Life events as data (issue 22 §5): the staff side — which governments a staff member edits (their
// organisation scope; another county's → 404), draft edits, import (all or nothing), publishing
// (the whole draft at once, who/when recorded) — every write audited in its transaction.
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { PostgresAdapter, sql } from 'kysely';
import { inTransaction } from '../../platform/db/db.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, hasRoleOver, scopePaths, type Actor, type Organisation } from '../identity/index.ts';
import { defaultDoc, rowsToDoc, summariseChanges, type ImportRow, type RowError, type SetDoc } from './life-events-model.ts';
import { findSet, isCounty, publishDoc, publishedDoc, resolveItemCodes, saveDraft, type LifeEventSet } from './life-events.repository.ts';
import { lifeEventStrings as s } from './life-events.strings.ts';

export const EDIT_ROLES = ['editor', 'supervisor', 'admin'] as const;

export interface Government { code: string; name: string; regionCode: string; path: string }

/** The county governments in the caller's scope (the page's picker). */
export async function governmentsFor(db: Db, actor: Actor): Promise<Government[]> {
  const paths = scopePaths(actor, [...EDIT_ROLES]);
  if (!paths.length) return [];
  const rows = await db.selectFrom('organisation').select(['code', 'name', 'region_code', 'path']).where('kind', '=', 'government').where('disabled', '=', 0)
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`)))).orderBy('path').limit(500).execute();
  return rows.filter((r) => isCounty(r.region_code)).map((r) => ({ code: r.code, name: r.name, regionCode: r.region_code, path: r.path }));
}

/** A county government the caller edits; 404 when unknown, not a county, or outside the caller's scope. */
export async function governmentForStaff(db: Db, actor: Actor, code: string): Promise<Government> {
  const org: Organisation | null = /^[\w-]{1,40}$/.test(code) ? await findOrganisation(db, code) : null;
  if (!org || org.kind !== 'government' || !isCounty(org.regionCode) || !hasRoleOver(actor, [...EDIT_ROLES], org.path)) {
    throw new HttpError(404, 'life_events_government_not_found', s.errors.govNotFound);
  }
  return { code: org.code, name: org.name, regionCode: org.regionCode, path: org.path };
}

export interface EditorState { set: LifeEventSet | null; published: SetDoc; draft: SetDoc | null; changes: string[] }

/** The draft (the published version when no draft is pending; null when neither exists) and the changes since publishing. */
export async function editorState(db: Db, gov: Government): Promise<EditorState> {
  const set = await findSet(db, gov.regionCode);
  const published = await publishedDoc(db, gov.regionCode);
  const draft = set?.draft ?? (set && set.publishedVersion > 0 ? published : null);
  return { set, published, draft, changes: draft ? summariseChanges(published, draft) : [] };
}

function label(who: Performer): string {
  return auditActor(who).actorLabel;
}

async function audit(trx: Db, clock: Clock, who: Performer, gov: Government, action: string, before: unknown, after: unknown): Promise<void> {
  await recordAudit(platformView(trx), clock.now(), { ...auditActor(who), action, entity: 'sm_life_event_set', entityId: gov.regionCode, before, after, orgCode: gov.code });
}

export interface Deps { db: Db; clock: Clock }

/**
 * Changes the draft: `change` gets the current draft (or the published version) and answers the
 * new one or an error message (nothing written). Audited with the summary of what changed.
 */
/**
 * Every write of a government's set reads the draft, changes it and writes it back: on PostgreSQL
 * (READ COMMITTED) two editors at once would lose one edit, so each write holds a lock per
 * government for its transaction (SQLite runs one write transaction at a time).
 */
async function lockSet(trx: Db, regionCode: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(hashtext(${`life-events:${regionCode}`}))`.execute(trx);
}

export async function changeDraft(deps: Deps, who: Performer, gov: Government, change: (doc: SetDoc) => SetDoc | { error: string }): Promise<{ ok: true } | { ok: false; error: string }> {
  return inTransaction(deps.db, async (trx) => {
    await lockSet(trx, gov.regionCode);
    const state = await editorState(trx, gov);
    if (!state.draft) return { ok: false as const, error: s.errors.noDraft };
    const next = change(structuredClone(state.draft));
    if ('error' in next) return { ok: false as const, error: next.error };
    const at = deps.clock.now().toISOString();
    await saveDraft(trx, gov.regionCode, gov.code, next, at, label(who));
    await audit(trx, deps.clock, who, gov, 'life_events.draft', { stages: state.draft.stages.length }, { stages: next.stages.length, changes: summariseChanges(state.draft, next).slice(0, 50) });
    return { ok: true as const };
  });
}

/** Starts a government's draft from the default stages (a draft already there is kept). */
export async function startDraft(deps: Deps, who: Performer, gov: Government): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await lockSet(trx, gov.regionCode);
    const state = await editorState(trx, gov);
    if (state.draft) return;
    const doc = defaultDoc();
    await saveDraft(trx, gov.regionCode, gov.code, doc, deps.clock.now().toISOString(), label(who));
    await audit(trx, deps.clock, who, gov, 'life_events.start', null, { stages: doc.stages.length });
  });
}

/** Replaces the draft with an import's rows: all or nothing, every problem by row. */
export async function importDraft(deps: Deps, who: Performer, gov: Government, rows: readonly ImportRow[], readErrors: readonly RowError[] = []): Promise<{ ok: true; stages: number } | { ok: false; errors: RowError[] }> {
  const codes = rows.flatMap((r) => { const v = r.values.item; return Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[；;\n、,，]/) : []; });
  const known = await resolveItemCodes(deps.db, gov.regionCode, codes.map((c) => c.trim()));
  const checked = rowsToDoc(rows, (code) => known.get(code) ?? null);
  const errors = [...readErrors, ...('errors' in checked ? checked.errors : [])].sort((a, b) => a.row - b.row);
  if (errors.length || !('doc' in checked)) return { ok: false, errors };
  const doc = checked.doc;
  await inTransaction(deps.db, async (trx) => {
    await lockSet(trx, gov.regionCode);
    const before = (await editorState(trx, gov)).draft;
    await saveDraft(trx, gov.regionCode, gov.code, doc, deps.clock.now().toISOString(), label(who));
    await audit(trx, deps.clock, who, gov, 'life_events.import', before ? { stages: before.stages.length } : null, { stages: doc.stages.length, rows: rows.length, changes: before ? summariseChanges(before, doc).slice(0, 50) : [] });
  });
  return { ok: true, stages: doc.stages.length };
}

/** Publishes the whole draft (409 when nothing is pending or an item is gone). */
export async function publishDraft(deps: Deps, who: Performer, gov: Government): Promise<{ version: number; changes: string[] }> {
  return inTransaction(deps.db, async (trx) => {
    await lockSet(trx, gov.regionCode);
    const state = await editorState(trx, gov);
    if (!state.set?.draft) throw new HttpError(409, 'life_events_nothing_to_publish', s.errors.nothingToPublish, [s.errors.nothingToPublish]);
    const changes = summariseChanges(state.published, state.set.draft);
    const at = deps.clock.now().toISOString();
    const done = await publishDoc(trx, gov.regionCode, gov.code, state.set.draft, at, label(who));
    if ('missing' in done) throw new HttpError(409, 'life_events_items_gone', s.errors.publishRefused, done.missing.map((m) => s.errors.itemUnknown(m)));
    await audit(trx, deps.clock, who, gov, 'life_events.publish', { version: state.set.publishedVersion }, { version: done.version, changes: changes.slice(0, 50) });
    return { version: done.version, changes };
  });
}

/** Drops the pending draft (the published version stays). */
export async function discardDraft(deps: Deps, who: Performer, gov: Government): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await lockSet(trx, gov.regionCode);
    const set = await findSet(trx, gov.regionCode);
    if (!set?.draft) return;
    await saveDraft(trx, gov.regionCode, gov.code, null, deps.clock.now().toISOString(), label(who));
    await audit(trx, deps.clock, who, gov, 'life_events.discard', { stages: set.draft.stages.length }, null);
  });
}
