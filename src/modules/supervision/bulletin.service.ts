// Shell: 季度通报 — generation (the units of the office's subtree, the quarter's problems, the
// on-time figures), editing, and publication as a disclosure record of genre 通报 through the
// disclosure workflow (draft → 保密审查 → published). Scope: a 政务公开办's bulletin is seen and
// written only by its supervisors and administrators (identityService.officeScopes). Every write
// is audited in its transaction.
import { platformView, type Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { conflict, HttpError } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { findOrganisation, type Actor, type Organisation } from '../identity/index.ts';
import { actingOffices } from './offices.ts';
import { act as disclosureAct, addAttachment, createDraft, emptyInput, findPublicRecord } from '../disclosures/index.ts';
import {
  buildRows, bodyHtml, checkEdit, defaultDocPrefix, defaultTexts, defaultTitle, docNumber, ownOf, placeOf, quarterRange, totalsFrom, totalsOf,
  type BulletinContent, type BulletinState, type Candidate, type EditInput, type OnTime, type OrgRef, type OrgTimeliness, type Quarter,
} from './bulletin.ts';
import { organisationFigures, type Figure, type FigureDeps } from './figures.ts';
import { bs } from './bulletin.strings.ts';
import type * as BulletinDocx from './bulletin-docx.ts';

// Loads `docx` with the first document, not at start (platform/files/office-libs.ts says why).
const renderBulletinDocx = async (...a: Parameters<typeof BulletinDocx.renderBulletinDocx>) => (await import('./bulletin-docx.ts')).renderBulletinDocx(...a);

/** The figures per unit (over its subtree) of a period. */
export type FiguresSource = (db: Db, input: { orgs: OrgRef[]; from: string; to: string }) => Promise<OrgTimeliness[]>;

/**
 * The supervision module's figures (figures.ts: 整改完成率, 按时公开率, 按时答复率, 按时办结率, 好评率),
 * as of the moment of generation. A figure with nothing counted is absent.
 */
export function supervisionFigures(onTime: FigureDeps['onTime'], clock: Clock): FiguresSource {
  return async (db, { orgs, from, to }) => {
    const deps: FigureDeps = { db, onTime, today: clock.today(), nowIso: clock.now().toISOString() };
    const rows = await organisationFigures(deps, orgs, { from, to }, ['rectification_done', 'disclosure_on_time', 'application_on_time', 'message_on_time', 'rating_good']);
    const f = (x: Figure): OnTime | null => (x.denominator > 0 ? { total: x.denominator, onTime: x.numerator } : null);
    return rows.map((r) => ({
      orgCode: r.org.code, problems: f(r.figures.rectification_done), disclosures: f(r.figures.disclosure_on_time), applications: f(r.figures.application_on_time),
      messages: f(r.figures.message_on_time), ratings: f(r.figures.rating_good),
    }));
  };
}

export interface BulletinDeps {
  db: Db;
  clock: Clock;
  /** For the disclosure record (DISCLOSURE_INDEX_FORMAT, COUNT_START_DAY). */
  indexFormat: string;
  countStartDay: boolean;
  figures: FiguresSource;
}

export const BULLETIN_ROLES = ['supervisor', 'admin'] as const;
export type Who = { actor: Actor; requestId?: string };

export interface BulletinRow {
  id: number; public_id: string; office_org_code: string; office_org_path: string; year: number; quarter: number; title: string;
  content_json: string; state: string; disclosure_ref: string | null; created_by: string; created_at: string; updated_at: string;
}
export interface Bulletin extends BulletinRow { content: BulletinContent; disclosureId: number | null }

const label = (a: Actor) => a.displayName || a.username;
const parentPath = (path: string) => path.replace(/[^/]+\/$/, '');
/** Units listed in a bulletin: governments, departments, townships (not villages, not offices). */
const LISTED_KINDS = ['government', 'department', 'township_government'] as const;

/**
 * The 政务公开办 the actor may write bulletins for: those over which they hold supervisor or admin
 * (the office's own supervisors, administrators of its government and above). A city office's
 * supervisor writes the city office's bulletin, not a county office's. The bulletin then covers the
 * office's parent subtree — what identityService.officeScopes gives for a grant on the office.
 */
export async function officesOf(db: Db, actor: Actor): Promise<Organisation[]> {
  const offices = await actingOffices(db, actor, BULLETIN_ROLES);
  return (await Promise.all(offices.map((o) => findOrganisation(db, o.code)))).filter((o): o is Organisation => !!o);
}

async function audit(trx: Db, deps: BulletinDeps, who: Who, action: string, b: { public_id: string; office_org_code: string }, before: unknown, after: unknown) {
  await recordAudit(platformView(trx), deps.clock.now(), { actorId: who.actor.userId, actorLabel: label(who.actor), action, entity: 'sv_bulletin', entityId: b.public_id, before, after, requestId: who.requestId ?? null, orgCode: b.office_org_code });
}

/** Generates the content of a bulletin: the figures of the quarter, frozen from now on. */
export async function generate(deps: BulletinDeps, office: Organisation, year: number, quarter: Quarter, keep?: Partial<BulletinContent>): Promise<BulletinContent> {
  const { db } = deps;
  const scopePath = parentPath(office.path);
  const scopeOrg = office.parentCode ? await findOrganisation(db, office.parentCode) : null;
  const { from, to } = quarterRange(year, quarter);
  // the units of the subtree; the root (the government itself) gives the totals, its figures
  // rolling up the whole subtree, and is not a row of its own
  const units = (await db.selectFrom('organisation').select(['code', 'name', 'path']).where('path', 'like', `${scopePath}%`).where('kind', 'in', LISTED_KINDS).where('disabled', '=', 0).orderBy('path').execute()) as OrgRef[];
  const root = units.find((o) => o.path === scopePath);
  const timeliness = await deps.figures(db, { orgs: units, from, to });
  const rows = buildRows(units.filter((o) => o !== root), timeliness);
  const totals = root ? totalsFrom(timeliness.find((t) => t.orgCode === root.code)) : totalsOf(rows);
  // 本级: what the root's rolled-up totals hold beyond the outermost rows (a row inside another row's subtree is already counted there)
  const outer = rows.filter((r) => { const path = units.find((u) => u.code === r.code)!.path; return !units.some((u) => u !== root && u.code !== r.code && path.startsWith(u.path)); });
  const own = root ? { name: bs.ownRow(root.name), ...ownOf(totals, outer) } : null;
  const scopeName = scopeOrg?.name ?? office.name;
  const today = deps.clock.today();
  return {
    version: 1,
    office: { code: office.code, name: office.name },
    scope: { code: scopeOrg?.code ?? office.code, name: scopeName },
    year, quarter, from, to,
    generatedAt: deps.clock.now().toISOString(),
    docPrefix: keep?.docPrefix ?? defaultDocPrefix(office.name),
    docSerial: keep?.docSerial ?? quarter,
    recipient: keep?.recipient ?? `${placeOf(scopeName)}各部门、各乡镇（街道）`,
    dated: keep?.dated ?? today,
    rows, totals, own,
    good: keep?.good ?? [],
    bad: keep?.bad ?? [],
    texts: keep?.texts ?? defaultTexts(scopeName, year, quarter, rows, totals),
  };
}

function parseNew(input: { office: string; year: string; quarter: string }, today: string): { errors: FieldErrors; year: number; quarter: Quarter } {
  const errors: FieldErrors = {};
  const y = input.year.trim();
  const q = input.quarter.trim();
  const thisYear = Number(today.slice(0, 4));
  const year = /^\d{4}$/.test(y) ? Number(y) : NaN;
  if (!(year >= 2000 && year <= thisYear + 1)) errors.year = bs.errors.year;
  const quarter = /^[1-4]$/.test(q) ? (Number(q) as Quarter) : (0 as Quarter);
  if (!quarter) errors.quarter = bs.errors.quarter;
  if (!errors.year && !errors.quarter && quarterRange(year, quarter).from > today) errors.quarter = bs.errors.futureQuarter;
  if (!input.office.trim()) errors.office = bs.errors.officeRequired;
  return { errors, year, quarter };
}

export const publicIdOf = (officeCode: string, year: number, quarter: number) => `TB${year}Q${quarter}-${officeCode}`;

/** Creates (generates) the bulletin of an office and quarter; one per office and quarter. */
export async function create(deps: BulletinDeps, who: Who, input: { office: string; year: string; quarter: string }): Promise<{ ok: true; publicId: string } | { ok: false; errors: FieldErrors; duplicate?: boolean }> {
  const { errors, year, quarter } = parseNew(input, deps.clock.today());
  const offices = await officesOf(deps.db, who.actor);
  const office = offices.find((o) => o.code === input.office.trim());
  if (!errors.office && !office) errors.office = bs.errors.officeOutOfScope;
  if (Object.keys(errors).length || !office) return { ok: false, errors };
  const dup = await deps.db.selectFrom('sv_bulletin').select('public_id').where('office_org_code', '=', office.code).where('year', '=', year).where('quarter', '=', quarter).executeTakeFirst();
  const dupError = { ok: false as const, duplicate: true, errors: { quarter: bs.errors.duplicate(bs.quarterLabel(year, quarter)) } };
  if (dup) return dupError;
  // the office's 机关代字 as last used, and the next serial of the year
  const last = await deps.db.selectFrom('sv_bulletin').select(['year', 'content_json']).where('office_org_code', '=', office.code).orderBy('year', 'desc').orderBy('quarter', 'desc').executeTakeFirst();
  const lastContent = last ? (JSON.parse(last.content_json) as BulletinContent) : null;
  const numbering = lastContent ? { docPrefix: lastContent.docPrefix, ...(last!.year === year ? { docSerial: Math.min(lastContent.docSerial + 1, 9999) } : { docSerial: 1 }) } : undefined;
  const content = await generate(deps, office, year, quarter, numbering);
  const now = deps.clock.now().toISOString();
  const publicId = publicIdOf(office.code, year, quarter);
  const title = defaultTitle(office.name, content.scope.name, year, quarter);
  try {
    await inTransaction(deps.db, async (trx) => {
      await trx.insertInto('sv_bulletin').values({ public_id: publicId, office_org_code: office.code, office_org_path: office.path, year, quarter, title, content_json: JSON.stringify(content), state: 'draft', disclosure_ref: null, created_by: label(who.actor), created_at: now, updated_at: now }).execute();
      await audit(trx, deps, who, 'supervision.bulletin_create', { public_id: publicId, office_org_code: office.code }, undefined, { year, quarter, title, units: content.rows.length, found: content.totals.found });
    });
  } catch (e) {
    if (isUniqueViolation(e)) return dupError;
    throw e;
  }
  return { ok: true, publicId };
}

export async function listForStaff(deps: BulletinDeps, actor: Actor): Promise<(BulletinRow & { office_name: string })[]> {
  const offices = await officesOf(deps.db, actor);
  if (!offices.length) return [];
  const rows = await deps.db.selectFrom('sv_bulletin').selectAll().where('office_org_code', 'in', offices.map((o) => o.code)).orderBy('year', 'desc').orderBy('quarter', 'desc').orderBy('office_org_path').execute();
  const names = new Map(offices.map((o) => [o.code, o.name]));
  return Promise.all(rows.map(async (r) => ({ ...(await syncState(deps, r)), office_name: names.get(r.office_org_code) ?? r.office_org_code })));
}

/** A submitted bulletin whose record is now public is published (the record's workflow decides). */
async function syncState(deps: BulletinDeps, r: BulletinRow): Promise<BulletinRow> {
  if (r.state !== 'submitted' || !r.disclosure_ref) return r;
  const rec = await findPublicRecord(deps.db, r.disclosure_ref, deps.clock.now());
  if (!rec) return r;
  const now = deps.clock.now().toISOString();
  await deps.db.updateTable('sv_bulletin').set({ state: 'published', updated_at: now }).where('id', '=', r.id).where('state', '=', 'submitted').execute();
  return { ...r, state: 'published', updated_at: now };
}

/** The bulletin, or 404 when it does not exist or belongs to an office out of the actor's reach. */
export async function loadForStaff(deps: BulletinDeps, actor: Actor, publicId: string): Promise<Bulletin> {
  const r = await deps.db.selectFrom('sv_bulletin').selectAll().where('public_id', '=', publicId.slice(0, 80)).executeTakeFirst();
  const offices = r ? await officesOf(deps.db, actor) : [];
  if (!r || !offices.some((o) => o.code === r.office_org_code)) throw new HttpError(404, 'bulletin_not_found', bs.errors.notFound);
  const synced = await syncState(deps, r);
  const content = JSON.parse(synced.content_json) as BulletinContent & { disclosureId?: number };
  return { ...synced, content, disclosureId: content.disclosureId ?? null };
}

/** The problems of the quarter and the records published by the scope in it: the editor picks examples among them. */
export async function candidatesOf(deps: BulletinDeps, b: Bulletin): Promise<Candidate[]> {
  const scopePath = parentPath(b.office_org_path);
  const { from, to } = b.content;
  const names = new Map(b.content.rows.map((r) => [r.code, r.name]));
  const problems = await deps.db.selectFrom('sv_problem').select(['public_id', 'org_code', 'title', 'state']).where('org_path', 'like', `${scopePath}%`)
    .where('found_on', '>=', from).where('found_on', '<=', to).where('state', '<>', 'dismissed').orderBy('found_on').orderBy('id').limit(200).execute();
  const records = await deps.db.selectFrom('disclosure').select(['index_no', 'org_code', 'title']).where('org_path', 'like', `${scopePath}%`)
    .where('state', '=', 'published').where('published_on', '>=', from).where('published_on', '<=', to).where('genre', '<>', 'bulletin').orderBy('published_on', 'desc').orderBy('id', 'desc').limit(100).execute();
  // the rows name the ranked units only: the government itself (本级) and units below them need their own names
  const missing = [...new Set([...problems.map((p) => p.org_code), ...records.map((r) => r.org_code ?? '')])].filter((c) => c && !names.has(c));
  if (missing.length) for (const o of await deps.db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', missing).execute()) names.set(o.code, o.name);
  return [
    ...problems.map((p) => ({ key: `problem:${p.public_id}`, source: 'problem' as const, ref: p.public_id, title: p.title, orgName: names.get(p.org_code) ?? p.org_code })),
    ...records.map((r) => ({ key: `record:${r.index_no}`, source: 'record' as const, ref: r.index_no, title: r.title, orgName: names.get(r.org_code ?? '') ?? r.org_code ?? '' })),
  ];
}

function requireDraft(b: Bulletin) {
  if (b.state !== 'draft') throw conflict('bulletin_not_draft', bs.errors.notDraft, [bs.errors.notDraft]);
}

/** Saves the editor's texts and picks (the figures stay as generated). */
export async function saveEdit(deps: BulletinDeps, who: Who, publicId: string, input: EditInput): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const b = await loadForStaff(deps, who.actor, publicId);
  requireDraft(b);
  const checked = checkEdit(input, await candidatesOf(deps, b), bs.errors);
  if (!checked.ok) return checked;
  const v = checked.value;
  const content: BulletinContent = { ...b.content, docPrefix: v.docPrefix, docSerial: v.docSerial, recipient: v.recipient, dated: v.dated, texts: v.texts, good: v.good, bad: v.bad };
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    const res = await trx.updateTable('sv_bulletin').set({ title: v.title, content_json: JSON.stringify(content), updated_at: now }).where('id', '=', b.id).where('state', '=', 'draft').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('bulletin_not_draft', bs.errors.notDraft, [bs.errors.notDraft]);
    await audit(trx, deps, who, 'supervision.bulletin_edit', b, { title: b.title, texts: b.content.texts, good: b.content.good.length, bad: b.content.bad.length }, { title: v.title, texts: v.texts, good: v.good.length, bad: v.bad.length });
  });
  return { ok: true };
}

/** Recomputes the figures of a draft from today's data (the texts and picks are kept). */
export async function regenerate(deps: BulletinDeps, who: Who, publicId: string): Promise<void> {
  const b = await loadForStaff(deps, who.actor, publicId);
  requireDraft(b);
  const office = await findOrganisation(deps.db, b.office_org_code);
  if (!office) throw new HttpError(404, 'bulletin_not_found', bs.errors.notFound);
  const content = await generate(deps, office, b.year, b.quarter as Quarter, b.content);
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    const res = await trx.updateTable('sv_bulletin').set({ content_json: JSON.stringify(content), updated_at: now }).where('id', '=', b.id).where('state', '=', 'draft').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('bulletin_not_draft', bs.errors.notDraft, [bs.errors.notDraft]);
    await audit(trx, deps, who, 'supervision.bulletin_regenerate', b, { generated_at: b.content.generatedAt, found: b.content.totals.found }, { generated_at: content.generatedAt, found: content.totals.found });
  });
}

export async function docxOf(b: Bulletin): Promise<{ bytes: Buffer; fileName: string }> {
  return { bytes: await renderBulletinDocx(b.title, b.content), fileName: `${b.public_id}.docx` };
}

/**
 * Publishes through the disclosure workflow: a draft record of genre 通报 (body as HTML, the DOCX
 * attached) filed under the office, then submitted to 保密审查 — the reviewers approve and an editor
 * publishes it, as any record. The bulletin is then 'submitted' and becomes 'published' when the
 * record is public. A retry after a failure continues with the record already made.
 */
export async function publish(deps: BulletinDeps, who: Who, publicId: string): Promise<{ indexNo: string; disclosureId: number }> {
  const b = await loadForStaff(deps, who.actor, publicId);
  requireDraft(b);
  const disDeps = { db: deps.db, clock: deps.clock, indexFormat: deps.indexFormat, countStartDay: deps.countStartDay };
  const c = b.content;
  const { bytes, fileName } = await docxOf(b);
  let disclosureId = b.disclosureId;
  let indexNo = b.disclosure_ref;
  if (!disclosureId || !indexNo) {
    const today = deps.clock.today();
    const made = await createDraft(disDeps, who, {
      ...emptyInput(b.office_org_code), publisher: c.office.name, title: b.title, documentNo: docNumber(c.docPrefix, c.year, c.docSerial),
      summary: `${c.scope.name}${c.year}年第${c.quarter}季度政务公开工作情况通报`, bodyHtml: bodyHtml(c), genre: 'bulletin', category: 'zhzw', validity: 'effective',
      writtenOn: c.dated <= today ? c.dated : today, formedOn: c.dated <= today ? c.dated : today,
    });
    if (!made.ok) throw conflict('bulletin_publish_refused', bs.errors.publishRefused, Object.values(made.errors));
    disclosureId = made.id;
    indexNo = made.indexNo;
    const content = { ...c, disclosureId };
    await inTransaction(deps.db, async (trx) => {
      await trx.updateTable('sv_bulletin').set({ disclosure_ref: made.indexNo, content_json: JSON.stringify(content), updated_at: deps.clock.now().toISOString() }).where('id', '=', b.id).execute();
      await audit(trx, deps, who, 'supervision.bulletin_record', b, { disclosure_ref: null }, { disclosure_ref: made.indexNo });
    });
    const att = await addAttachment(disDeps, who, disclosureId, { fileName, bytes });
    if (!att.ok) throw conflict(att.code, att.message, [att.message]);
  }
  await disclosureAct(disDeps, who, disclosureId, { type: 'submit' });
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('sv_bulletin').set({ state: 'submitted' satisfies BulletinState, updated_at: deps.clock.now().toISOString() }).where('id', '=', b.id).execute();
    await audit(trx, deps, who, 'supervision.bulletin_publish', b, { state: b.state }, { state: 'submitted', disclosure_ref: indexNo });
  });
  return { indexNo: indexNo!, disclosureId };
}
