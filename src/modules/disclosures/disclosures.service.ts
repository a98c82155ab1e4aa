// Shell: the staff side of proactive disclosure — drafting records (索引号, sanitised body,
// catalogue items, links, attachments), the review workflow (decided by workflow.ts), the due
// date (timeliness.ts) and lateness, versions, and an audit entry for every write, each in one
// transaction.
import { platformView, type Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { isLocalDate, localDateOf, yearOf } from '../../platform/clock/local-date.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { conflict, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { htmlToText, sanitizeHtmlBody } from '../../platform/html/sanitize.ts';
import { checkUpload, type FileKind } from '../../platform/files/file-type.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { findOrganisation, hasRoleOver, scopePaths, type Actor, type Organisation } from '../identity/index.ts';
import { itemsOf, listCatalogs } from '../catalogs/index.ts';
import { GENRES, VALIDITIES, type Genre, type Validity } from './disclosures.table.ts';
import { formatIndexNo, parseIndexFormat, serialScopeKey } from './index-number.ts';
import { dueDate, lateWorkingDays, type ItemDeadline } from './timeliness.ts';
import { decide, isLive, type Command, type State } from './workflow.ts';
import { checkOpenness, type Openness, type OpennessReason } from './openness.ts';
import * as repo from './disclosures.repository.ts';
import { disclosureStrings as s } from './disclosures.strings.ts';
import { checkDetail, concernSourceLabel, emptyDetail, type DetailInput } from './genre-detail.ts';
import type { PublicDetail } from './views/genre-detail.tsx';
import { detailStrings as ds } from './genre-detail.strings.ts';

export interface DisclosureDeps {
  db: Db;
  clock: Clock;
  /** DISCLOSURE_INDEX_FORMAT (checked at start-up). */
  indexFormat: string;
  countStartDay: boolean;
}

/** Who performs a write: a staff member, or the system on behalf of another module (annual report). */
export type Performer = { actor: Actor; requestId?: string } | { system: string };

export const EDIT_ROLES = ['editor', 'supervisor'] as const;
export const REVIEW_ROLES = ['reviewer', 'supervisor'] as const;
export const STAFF_ROLES = ['editor', 'supervisor', 'reviewer'] as const;
export const ATTACHMENT_KINDS: readonly FileKind[] = ['pdf', 'docx', 'xlsx', 'jpeg', 'png'];
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_BODY = 200_000;
/** The earliest 信息形成日期/成文日期 accepted: earlier is a typo (0202 for 2026) that would count centuries of lateness. */
export const EARLIEST_DATE = '1949-10-01';
export const orgOutOfScopeMessage = s.errors.orgOutOfScope;

export interface RecordInput {
  org: string;
  publisher: string;
  title: string;
  documentNo: string;
  summary: string;
  /** Rich text as typed; sanitised before it is stored. */
  bodyHtml: string;
  genre: string;
  category: string;
  validity: string;
  effectiveOn: string;
  expiresOn: string;
  repealedOn: string;
  writtenOn: string;
  formedOn: string;
  /** catalog_item ids of published catalogues of the organisation or its ancestors. */
  catalogItemIds: number[];
  /** Index numbers of records this one links to (a 政策解读: the policy it interprets). */
  linkedIndexNos: string[];
  /** 公开属性 as typed (code or label; blank = 主动公开) and its ground (openness.ts). */
  openness?: string;
  opennessReason?: string;
  /** The fields of a 新闻发布会 or 回应关切 (ignored for other genres). */
  detail?: DetailInput;
}

export const emptyInput = (org = ''): RecordInput => ({
  org, publisher: '', title: '', documentNo: '', summary: '', bodyHtml: '', genre: '', category: '', validity: 'effective',
  effectiveOn: '', expiresOn: '', repealedOn: '', writtenOn: '', formedOn: '', catalogItemIds: [], linkedIndexNos: [],
});

// Control characters (NUL, vertical tab … pasted from word processors) are dropped from whatever is
// stored: PostgreSQL refuses NUL in text, and none of them means anything in a public record.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
export const cleanText = (v: string): string => v.replace(CONTROL, '');
function cleanInput(input: RecordInput): RecordInput {
  const out = { ...input };
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') (out as Record<string, unknown>)[k] = cleanText(v);
  out.linkedIndexNos = input.linkedIndexNos.map(cleanText);
  const d = input.detail ?? emptyDetail();
  out.detail = {
    heldOn: cleanText(d.heldOn), place: cleanText(d.place), speakers: d.speakers.map((p) => ({ name: cleanText(p.name), title: cleanText(p.title) })), transcriptHtml: cleanText(d.transcriptHtml),
    policy: cleanText(d.policy), concernSummary: cleanText(d.concernSummary), concernSource: cleanText(d.concernSource), messageRef: cleanText(d.messageRef),
  };
  return out;
}

const label = (p: Performer) => ('actor' in p ? p.actor.displayName || p.actor.username : p.system);
const actorId = (p: Performer) => ('actor' in p ? p.actor.userId : null);

/** A catalogue item the editor may link: published, of a catalogue of the organisation or an ancestor. */
export interface PickableItem {
  id: number;
  catalogId: number;
  itemKey: string;
  label: string;
  deadline: ItemDeadline;
}

export async function pickableItems(db: Db, org: Organisation): Promise<PickableItem[]> {
  const catalogs = (await listCatalogs(db, { published: true, kind: 'local' })).filter((c) => org.path.startsWith(c.orgPath));
  const out: PickableItem[] = [];
  for (const c of catalogs) {
    if (c.publishedVersionId === null) continue;
    for (const it of await itemsOf(db, c.publishedVersionId)) {
      const name = it.level2 ? `${it.level1} · ${it.level2}` : it.level1;
      const d = it.deadline;
      out.push({
        id: it.id, catalogId: c.id, itemKey: it.key, label: `${c.orgName} · ${c.domainName} · ${name}`,
        deadline: { label: name, kind: d.kind, days: d.kind === 'within_days' ? d.days : null, unit: d.kind === 'within_days' ? d.unit : null, trigger: d.kind === 'within_days' ? d.trigger : null, text: it.deadlineText },
      });
    }
  }
  return out;
}

interface Validated {
  org: Organisation;
  row: {
    publisher: string; title: string; document_no: string | null; summary: string; body_html: string; body_text: string; genre: Genre; category_code: string;
    validity: Validity; effective_on: string | null; expires_on: string | null; repealed_on: string | null; written_on: string | null; formed_on: string;
    openness: Openness; openness_reason: OpennessReason | null;
  };
  items: { catalogId: number; itemKey: string }[];
  deadlines: ItemDeadline[];
  linkIds: number[];
  /** The 新闻发布会's policy (a link of kind 'briefs'), if any. */
  policyId: number | null;
  /** The genre's own fields (disclosure_detail), null for other genres. */
  detail: Omit<DetailRow, 'disclosure_id'> | null;
}
type DetailRow = import('kysely').Insertable<import('./disclosures.table.ts').DisclosureDetailTable>;

/** A linked record the performer may reach: public, or in their own staff scope (else as if absent). */
async function reachableRecord(deps: DisclosureDeps, who: Performer, indexNo: string): Promise<repo.DisclosureRow | null> {
  const r = await repo.findByIndexNo(deps.db, indexNo);
  const reachable = r && (!('actor' in who) || isLive({ state: r.state as State, authorId: r.author_id, publishedAt: r.published_at }, deps.clock.now().toISOString()) || hasRoleOver(who.actor, [...STAFF_ROLES], r.org_path));
  return reachable ? r : null;
}

/** Checks a record's fields; field errors are keyed by form field name. */
export async function validateInput(deps: DisclosureDeps, who: Performer, typed: RecordInput, selfId: number | null = null): Promise<{ ok: true; value: Validated } | { ok: false; errors: FieldErrors }> {
  const { db } = deps;
  const input = cleanInput(typed);
  const errors: FieldErrors = {};
  const org = input.org.trim() ? await findOrganisation(db, input.org.trim()) : null;
  if (!org) errors.org = s.errors.orgUnknown;
  else if ('actor' in who && !hasRoleOver(who.actor, [...EDIT_ROLES], org.path)) errors.org = s.errors.orgOutOfScope;
  const title = input.title.trim();
  if (!title) errors.title = s.errors.titleRequired;
  else if (title.length > 200) errors.title = s.errors.tooLong(200);
  if (input.publisher.trim().length > 100) errors.publisher = s.errors.tooLong(100);
  if (input.documentNo.trim().length > 100) errors.document_no = s.errors.tooLong(100);
  if (input.summary.trim().length > 500) errors.summary = s.errors.tooLong(500);
  if (!(GENRES as readonly string[]).includes(input.genre)) errors.genre = s.errors.genre;
  const categories = await repo.listCategories(db);
  if (!categories.some((c) => c.code === input.category)) errors.category = s.errors.category;
  if (!(VALIDITIES as readonly string[]).includes(input.validity)) errors.validity = s.errors.validity;
  const dates: Record<string, string> = { effective_on: input.effectiveOn, expires_on: input.expiresOn, repealed_on: input.repealedOn, written_on: input.writtenOn, formed_on: input.formedOn };
  for (const [k, v] of Object.entries(dates)) if (v.trim() && !isLocalDate(v.trim())) errors[k] = s.errors.date;
  const openness = checkOpenness(input.openness ?? '', input.opennessReason ?? '');
  if (!openness.ok) errors[openness.field] = openness.message;
  if (!input.formedOn.trim()) errors.formed_on = s.errors.formedRequired;
  else if (!errors.formed_on && input.formedOn.trim() > deps.clock.today()) errors.formed_on = s.errors.formedFuture;
  else if (!errors.formed_on && input.formedOn.trim() < EARLIEST_DATE) errors.formed_on = s.errors.tooEarly(EARLIEST_DATE);
  if (!errors.written_on && input.writtenOn.trim() > deps.clock.today()) errors.written_on = s.errors.writtenFuture;
  if (!errors.written_on && input.writtenOn.trim() && input.writtenOn.trim() < EARLIEST_DATE) errors.written_on = s.errors.tooEarly(EARLIEST_DATE);
  if (input.validity === 'expired' && !input.expiresOn.trim() && !errors.expires_on) errors.expires_on = s.errors.expiresRequired;
  if (input.validity === 'repealed' && !input.repealedOn.trim() && !errors.repealed_on) errors.repealed_on = s.errors.repealedRequired;
  if (!errors.expires_on && !errors.effective_on && input.effectiveOn.trim() && input.expiresOn.trim() && input.expiresOn.trim() < input.effectiveOn.trim()) errors.expires_on = s.errors.dateOrder;
  const bodyHtml = input.bodyHtml.length > MAX_BODY ? '' : sanitizeHtmlBody(input.bodyHtml);
  if (input.bodyHtml.length > MAX_BODY) errors.body = s.errors.bodyTooLarge;
  const bodyText = htmlToText(bodyHtml);
  if (!errors.body && !bodyText) errors.body = s.errors.bodyRequired;

  const items: { catalogId: number; itemKey: string }[] = [];
  const deadlines: ItemDeadline[] = [];
  if (org && input.catalogItemIds.length) {
    const pick = await pickableItems(db, org);
    for (const id of new Set(input.catalogItemIds)) {
      const p = pick.find((x) => x.id === id);
      if (!p) {
        errors.catalog_items = s.errors.itemUnknown(String(id));
        break;
      }
      if (!items.some((i) => i.catalogId === p.catalogId && i.itemKey === p.itemKey)) {
        items.push({ catalogId: p.catalogId, itemKey: p.itemKey });
        deadlines.push(p.deadline);
      }
    }
  }
  const linkIds: number[] = [];
  for (const no of new Set(input.linkedIndexNos.map((x) => x.trim()).filter(Boolean))) {
    const r = await repo.findByIndexNo(db, no);
    // A staff member links only to a record the public can see, or to one in their own staff
    // scope; anything else (another organisation's draft) answers as if it did not exist.
    const reachable = r && (!('actor' in who) || isLive({ state: r.state as State, authorId: r.author_id, publishedAt: r.published_at }, deps.clock.now().toISOString()) || hasRoleOver(who.actor, [...STAFF_ROLES], r.org_path));
    if (!r || !reachable) {
      errors.links = s.errors.linkUnknown(no.slice(0, 60));
      break;
    }
    if (r.id === selfId) {
      errors.links = s.errors.linkSelf;
      break;
    }
    linkIds.push(r.id);
  }
  // The genre's own fields: a 新闻发布会 (date, place, speakers, transcript, policy), a 回应关切 (the concern).
  const d = input.detail ?? emptyDetail();
  const transcriptTooLarge = d.transcriptHtml.length > MAX_BODY;
  const transcriptHtml = input.genre === 'press_conference' && !transcriptTooLarge ? sanitizeHtmlBody(d.transcriptHtml) : '';
  const transcriptText = htmlToText(transcriptHtml);
  const checked = checkDetail(input.genre, d, transcriptText, deps.clock.today(), EARLIEST_DATE);
  Object.assign(errors, checked.errors);
  if (input.genre === 'press_conference' && transcriptTooLarge) errors.transcript = ds.errors.transcriptTooLarge;
  let policyId: number | null = null;
  if (input.genre === 'press_conference' && d.policy.trim()) {
    const p = await reachableRecord(deps, who, d.policy.trim());
    if (!p) errors.policy = ds.errors.policyUnknown(d.policy.trim().slice(0, 60));
    else if (p.id === selfId) errors.policy = ds.errors.policySelf;
    else policyId = p.id;
  }
  if (Object.keys(errors).length || !org) return { ok: false, errors };
  const detail = checked.value ? { ...checked.value, transcript_html: input.genre === 'press_conference' ? transcriptHtml : null, transcript_text: input.genre === 'press_conference' ? transcriptText : null } : null;
  const opt = (v: string) => (v.trim() ? v.trim() : null);
  return {
    ok: true,
    value: {
      org, items, deadlines, linkIds: linkIds.filter((x) => x !== policyId), policyId, detail,
      row: {
        publisher: input.publisher.trim() || org.name, title, document_no: opt(input.documentNo), summary: input.summary.trim() || bodyText.slice(0, 120),
        body_html: bodyHtml, body_text: bodyText, genre: input.genre as Genre, category_code: input.category, validity: input.validity as Validity,
        effective_on: opt(input.effectiveOn), expires_on: opt(input.expiresOn), repealed_on: opt(input.repealedOn), written_on: opt(input.writtenOn), formed_on: input.formedOn.trim(),
        ...(openness.ok ? { openness: openness.openness, openness_reason: openness.reason } : { openness: 'proactive' as const, openness_reason: null }),
      },
    },
  };
}

async function due(deps: DisclosureDeps, formedOn: string, deadlines: ItemDeadline[]) {
  const cal = await loadCalendar(platformView(deps.db));
  return dueDate(cal, formedOn, deadlines, { countStartDay: deps.countStartDay });
}

const linkKind = (genre: string) => (genre === 'interpretation' ? 'interprets' : 'related');
/** A record's links: the general ones by genre, and a 新闻发布会's policy as 'briefs'. */
const linksFor = (v: Validated) => [...v.linkIds.map((toId) => ({ toId, kind: linkKind(v.row.genre) })), ...(v.policyId !== null ? [{ toId: v.policyId, kind: 'briefs' }] : [])];

/** Creates a draft; assigns its 索引号 inside the transaction. */
export async function createDraft(deps: DisclosureDeps, who: Performer, input: RecordInput): Promise<{ ok: true; id: number; indexNo: string; state: State } | { ok: false; errors: FieldErrors }> {
  const v = await validateInput(deps, who, input);
  if (!v.ok) return v;
  const { org, row, items, deadlines } = v.value;
  const d = await due(deps, row.formed_on, deadlines);
  const format = parseIndexFormat(deps.indexFormat);
  if (!format.ok) throw new Error(`DISCLOSURE_INDEX_FORMAT: ${format.problem}`);
  const now = deps.clock.now().toISOString();
  try {
    return await inTransaction(deps.db, async (trx) => {
      const parts = { org: org.code, year: yearOf(row.formed_on), category: row.category_code };
      const serial = await repo.nextSerial(trx, serialScopeKey(format.scope, parts));
      const indexNo = formatIndexNo(deps.indexFormat, { ...parts, serial });
      const id = await repo.insertRecord(trx, {
        ...row, index_no: indexNo, index_serial: serial, org_code: org.code, org_path: org.path, state: 'draft',
        due_on: d.dueOn, due_explanation: d.explanation, author_id: actorId(who), created_at: now, updated_at: now,
      });
      await repo.replaceCatalogItems(trx, id, items);
      await repo.replaceLinks(trx, id, linksFor(v.value));
      await repo.replaceDetail(trx, id, v.value.detail);
      await repo.appendEvent(trx, { disclosureId: id, type: 'created', data: { index_no: indexNo }, actorId: actorId(who), actorLabel: label(who), at: now });
      await audit(trx, deps, who, 'disclosure.create', { id, org_code: org.code }, undefined, { index_no: indexNo, title: row.title, org: org.code });
      return { ok: true as const, id, indexNo, state: 'draft' as State };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('index_no_taken', s.errors.indexTaken, [s.errors.indexTaken]);
    throw e;
  }
}

/**
 * Filed under the record's organisation (fixed at creation; the callers hold the record), so that
 * county's admin sees it in /staff/audit.
 */
async function audit(trx: Db, deps: DisclosureDeps, who: Performer, action: string, record: { id: number; org_code: string | null }, before: unknown, after: unknown): Promise<void> {
  await recordAudit(platformView(trx), deps.clock.now(), { actorId: actorId(who), actorLabel: label(who), action, entity: 'disclosure', entityId: String(record.id), before, after, requestId: 'actor' in who ? who.requestId ?? null : null, orgCode: record.org_code });
}

/** The record, or 404; and 403 when the actor holds no staff role over its organisation. */
export async function loadForStaff(deps: DisclosureDeps, actor: Actor, id: number): Promise<repo.DisclosureRow> {
  const r = await repo.findRecord(deps.db, id);
  if (!r) throw new HttpError(404, 'disclosure_not_found', s.errors.notFound);
  if (!hasRoleOver(actor, [...STAFF_ROLES], r.org_path)) throw forbidden(s.errors.forbidden);
  return r;
}

function actorView(who: Performer, orgPath: string) {
  if (!('actor' in who)) return { id: -1, label: who.system, canEdit: true, canReview: false };
  return { id: who.actor.userId, label: label(who), canEdit: hasRoleOver(who.actor, [...EDIT_ROLES], orgPath), canReview: hasRoleOver(who.actor, [...REVIEW_ROLES], orgPath) };
}

function refusal(d: { code: string; message: string; reasons: string[] }): HttpError {
  return d.code === 'not_permitted' ? new HttpError(403, 'forbidden', d.message, d.reasons) : conflict(d.code, d.message, d.reasons);
}

/** Edits a draft or rejected record (fields, items, links); recomputes the due date. */
export async function updateDraft(deps: DisclosureDeps, who: Performer & { actor: Actor }, id: number, input: RecordInput): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const before = await loadForStaff(deps, who.actor, id);
  const d0 = decide({ state: before.state as State, authorId: before.author_id, publishedAt: before.published_at }, actorView(who, before.org_path), { type: 'edit' }, deps.clock.now().toISOString());
  if (!d0.ok) throw refusal(d0);
  // The organisation is fixed at creation (it is part of the 索引号).
  const v = await validateInput(deps, who, { ...input, org: before.org_code }, id);
  if (!v.ok) return v;
  const { org, row, items, deadlines } = v.value;
  const d = await due(deps, row.formed_on, deadlines);
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    const ok = await repo.updateRecord(trx, id, before.state, { ...row, org_code: org.code, org_path: org.path, due_on: d.dueOn, due_explanation: d.explanation, updated_at: now });
    if (!ok) throw conflict('state_changed', s.errors.stateChanged, [s.errors.stateChanged]);
    await repo.replaceCatalogItems(trx, id, items);
    await repo.replaceLinks(trx, id, linksFor(v.value));
    await repo.replaceDetail(trx, id, v.value.detail);
    await repo.appendEvent(trx, { disclosureId: id, type: 'edited', data: {}, actorId: actorId(who), actorLabel: label(who), at: now });
    await audit(trx, deps, who, 'disclosure.edit', before, { title: before.title, org: before.org_code }, { title: row.title, org: org.code });
  });
  return { ok: true };
}

function snapshot(r: repo.DisclosureRow) {
  return {
    index_no: r.index_no, publisher: r.publisher, document_no: r.document_no, genre: r.genre, category_code: r.category_code, validity: r.validity,
    effective_on: r.effective_on, expires_on: r.expires_on, repealed_on: r.repealed_on, written_on: r.written_on, formed_on: r.formed_on, summary: r.summary,
  };
}

export type ActionInput =
  | { type: 'submit' | 'publish' }
  | { type: 'approve' | 'reject'; checklist: Record<string, string>; conclusion?: string; reasons: string }
  | { type: 'schedule'; at: string }
  | { type: 'withdraw'; reason: string };

/** Applies a workflow action; throws 403/404/409 (with reasons) when refused. Returns the new state. */
export async function act(deps: DisclosureDeps, who: Performer & { actor: Actor }, id: number, input: ActionInput): Promise<{ state: State; publishedAt: string | null; lateWorkingDays: number | null }> {
  const before = await loadForStaff(deps, who.actor, id);
  return applyCommand(deps, who, before, toCommand(input));
}

function toCommand(input: ActionInput): Command {
  switch (input.type) {
    case 'approve':
    case 'reject':
      return { type: input.type, checklist: input.checklist as never, reasons: cleanText(input.reasons ?? '') };
    case 'schedule':
      return { type: 'schedule', at: cleanText(input.at) };
    case 'withdraw':
      return { type: 'withdraw', reason: cleanText(input.reason ?? '') };
    default:
      return { type: input.type };
  }
}

async function applyCommand(deps: DisclosureDeps, who: Performer, before: repo.DisclosureRow, command: Command): Promise<{ state: State; publishedAt: string | null; lateWorkingDays: number | null }> {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const contributors = command.type === 'approve' || command.type === 'reject' ? await repo.contributorIds(deps.db, before.id) : [];
  const d = decide({ state: before.state as State, authorId: before.author_id, publishedAt: before.published_at, contributorIds: contributors, openness: before.openness }, actorView(who, before.org_path), command, now);
  if (!d.ok) throw refusal(d);
  let publishedAt = before.published_at;
  let late = before.late_working_days;
  const changes: Parameters<typeof repo.updateRecord>[3] = { state: d.state, updated_at: now };
  if (d.publishedAt) {
    publishedAt = d.publishedAt;
    const publishedOn = localDateOf(new Date(d.publishedAt));
    const cal = await loadCalendar(platformView(deps.db));
    late = before.due_on ? lateWorkingDays(cal, before.due_on, publishedOn) : null;
    Object.assign(changes, { published_at: d.publishedAt, published_on: publishedOn, late_working_days: late });
  }
  const unscheduled = command.type === 'withdraw' && d.state === 'approved';
  if (unscheduled) {
    publishedAt = null;
    late = null;
    Object.assign(changes, { published_at: null, published_on: null, late_working_days: null });
  } else if (command.type === 'withdraw') Object.assign(changes, { withdrawn_at: now, withdrawn_reason: command.reason.trim() });
  await inTransaction(deps.db, async (trx) => {
    const ok = await repo.updateRecord(trx, before.id, before.state, changes);
    if (!ok) throw conflict('state_changed', s.errors.stateChanged, [s.errors.stateChanged]);
    for (const e of d.events) await repo.appendEvent(trx, { disclosureId: before.id, type: e.type, data: e.data, actorId: actorId(who), actorLabel: label(who), at: now });
    if (command.type === 'approve' || command.type === 'reject') {
      await repo.insertReview(trx, { disclosureId: before.id, reviewerId: actorId(who) ?? 0, reviewerLabel: label(who), checklist: command.checklist, conclusion: command.type, reasons: command.reasons.trim(), at: now });
    }
    // The version written when it was scheduled was never public; publishing later writes it anew.
    if (unscheduled) await repo.deleteVersion(trx, before.id, before.version_no);
    if (command.type === 'publish' || command.type === 'schedule') {
      await repo.insertVersion(trx, { disclosureId: before.id, versionNo: before.version_no, title: before.title, bodyHtml: before.body_html, metadata: snapshot(before), changeNote: before.version_no === 1 ? s.versions.first : s.versions.again, at: now });
    }
    await audit(trx, deps, who, `disclosure.${command.type}`, before, { state: before.state }, { state: d.state, ...(d.publishedAt ? { published_at: d.publishedAt, late_working_days: late } : {}), ...(command.type === 'withdraw' ? { reason: command.reason.trim() } : {}), ...(unscheduled ? { published_at: null } : {}) });
  });
  return { state: d.state, publishedAt, lateWorkingDays: late };
}

/** Corrects a published record: new field values become version n+1 with a public change note. */
export async function revise(deps: DisclosureDeps, who: Performer & { actor: Actor }, id: number, input: RecordInput, typedNote: string): Promise<{ ok: true; versionNo: number } | { ok: false; errors: FieldErrors }> {
  const changeNote = cleanText(typedNote);
  const before = await loadForStaff(deps, who.actor, id);
  const now = deps.clock.now().toISOString();
  const d = decide({ state: before.state as State, authorId: before.author_id, publishedAt: before.published_at }, actorView(who, before.org_path), { type: 'revise', changeNote }, now);
  if (!d.ok) {
    if (d.code === 'change_note_required' || d.code === 'change_note_too_long') return { ok: false, errors: { change_note: d.message } };
    throw refusal(d);
  }
  const v = await validateInput(deps, who, { ...input, org: before.org_code }, id);
  if (!v.ok) return v;
  const { row, items } = v.value;
  if (row.openness !== 'proactive') return { ok: false, errors: { openness: s.errors.publicStaysProactive } };
  const versionNo = before.version_no + 1;
  await inTransaction(deps.db, async (trx) => {
    const ok = await repo.updateRecord(trx, id, before.state, { ...row, state: d.state, version_no: versionNo, updated_at: now }, before.version_no);
    if (!ok) throw conflict('state_changed', s.errors.stateChanged, [s.errors.stateChanged]);
    await repo.replaceCatalogItems(trx, id, items);
    await repo.replaceLinks(trx, id, linksFor(v.value));
    await repo.replaceDetail(trx, id, v.value.detail);
    const after = { ...before, ...row };
    await repo.insertVersion(trx, { disclosureId: id, versionNo, title: row.title, bodyHtml: row.body_html, metadata: snapshot(after), changeNote: changeNote.trim(), at: now });
    for (const e of d.events) await repo.appendEvent(trx, { disclosureId: id, type: e.type, data: { ...e.data, version_no: versionNo }, actorId: actorId(who), actorLabel: label(who), at: now });
    await audit(trx, deps, who, 'disclosure.revise', before, { version_no: before.version_no, title: before.title }, { version_no: versionNo, title: row.title, change_note: changeNote.trim() });
  });
  return { ok: true, versionNo };
}

const EDITABLE = new Set(['draft', 'rejected']);

export async function addAttachment(deps: DisclosureDeps, who: Performer & { actor: Actor }, id: number, file: { fileName: string; bytes: Buffer }): Promise<{ ok: true; attachmentId: number } | { ok: false; code: string; message: string }> {
  const r = await loadForStaff(deps, who.actor, id);
  if (!hasRoleOver(who.actor, [...EDIT_ROLES], r.org_path)) throw forbidden(s.errors.forbidden);
  if (!EDITABLE.has(r.state)) throw conflict('not_editable', s.errors.attachmentNotEditable, [s.errors.attachmentNotEditable]);
  // A DOCX or XLSX that unpacks to a bomb is refused before anything reads its entries.
  const unpacked = file.bytes.length <= MAX_ATTACHMENT_BYTES ? await checkUnpacked(file.bytes) : null;
  if (unpacked && !unpacked.ok) return { ok: false, code: unpacked.code, message: unpacked.message };
  const check = checkUpload(file.bytes, file.fileName, ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES);
  if (!check.ok) return { ok: false, code: check.code, message: check.message };
  const fileName = [...file.fileName].map((c) => (c < ' ' || c === '/' || c === '\\' ? '_' : c)).join('').slice(-120);
  const now = deps.clock.now().toISOString();
  return inTransaction(deps.db, async (trx) => {
    const attachmentId = await repo.insertAttachment(trx, { disclosureId: id, filename: fileName, mime: check.mime, bytes: file.bytes, at: now });
    await trx.updateTable('disclosure').set({ updated_at: now }).where('id', '=', id).execute();
    await repo.appendEvent(trx, { disclosureId: id, type: 'attachment_added', data: { filename: fileName, mime: check.mime, size_bytes: file.bytes.length }, actorId: actorId(who), actorLabel: label(who), at: now });
    await audit(trx, deps, who, 'disclosure.attachment_add', r, undefined, { attachment_id: attachmentId, filename: fileName, mime: check.mime, size_bytes: file.bytes.length });
    return { ok: true as const, attachmentId };
  });
}

export async function removeAttachment(deps: DisclosureDeps, who: Performer & { actor: Actor }, id: number, attachmentId: number): Promise<void> {
  const r = await loadForStaff(deps, who.actor, id);
  if (!hasRoleOver(who.actor, [...EDIT_ROLES], r.org_path)) throw forbidden(s.errors.forbidden);
  if (!EDITABLE.has(r.state)) throw conflict('not_editable', s.errors.attachmentNotEditable, [s.errors.attachmentNotEditable]);
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    if (!(await repo.deleteAttachment(trx, id, attachmentId))) throw notFound(s.errors.attachmentNotFound);
    await trx.updateTable('disclosure').set({ updated_at: now }).where('id', '=', id).execute();
    await repo.appendEvent(trx, { disclosureId: id, type: 'attachment_removed', data: { attachment_id: attachmentId }, actorId: actorId(who), actorLabel: label(who), at: now });
    await audit(trx, deps, who, 'disclosure.attachment_remove', r, { attachment_id: attachmentId }, undefined);
  });
}

/**
 * For other modules (the annual report): creates a record and publishes it at once (or at
 * `publishAt`). The caller vouches for the content — the 保密审查 is recorded as done by `by`
 * (e.g. the report was reviewed in its own workflow); the record still gets its 索引号, due date,
 * lateness, version 1, events and audit entries like any other.
 */
export async function createAndPublish(deps: DisclosureDeps, by: string, input: RecordInput, publishAt?: string): Promise<{ id: number; indexNo: string; state: State }> {
  const who: Performer = { system: by };
  const created = await createDraft(deps, who, input);
  if (!created.ok) throw new HttpError(400, 'invalid_disclosure', Object.values(created.errors).join('；'));
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    await repo.updateRecord(trx, created.id, 'draft', { state: 'approved', updated_at: now });
    await repo.appendEvent(trx, { disclosureId: created.id, type: 'approved', data: { by_system: by }, actorId: null, actorLabel: by, at: now });
    await audit(trx, deps, who, 'disclosure.approve', { id: created.id, org_code: (await repo.findRecord(trx, created.id))?.org_code ?? null }, { state: 'draft' }, { state: 'approved', by_system: by });
  });
  const row = (await repo.findRecord(deps.db, created.id))!;
  const r = await applyCommand(deps, who, row, publishAt ? { type: 'schedule', at: publishAt } : { type: 'publish' });
  return { id: created.id, indexNo: created.indexNo, state: r.state };
}

export async function listForStaff(deps: DisclosureDeps, actor: Actor, opts: { state?: string; page: number; toReview?: boolean }) {
  const PAGE = 50;
  const paths = scopePaths(actor, [...STAFF_ROLES]);
  const r = await repo.listInScope(deps.db, paths, { state: opts.toReview ? undefined : opts.state, limit: opts.toReview ? 0 : PAGE, offset: (opts.page - 1) * PAGE });
  const reviewPaths = scopePaths(actor, [...REVIEW_ROLES]);
  const toReview = reviewPaths.length ? await repo.countAwaitingReview(deps.db, reviewPaths, actor.userId) : null;
  if (!opts.toReview) return { ...r, toReview, pageSize: PAGE };
  const rows = await repo.listAwaitingReview(deps.db, reviewPaths, actor.userId, { limit: PAGE, offset: (opts.page - 1) * PAGE });
  return { ...r, rows, total: toReview ?? 0, toReview, pageSize: PAGE };
}

/** 工作台: the records waiting for this person's 保密审查 (the list `?todo=review` shows exactly these). */
export async function awaitingReviewCount(deps: DisclosureDeps, actor: Actor): Promise<number> {
  return repo.countAwaitingReview(deps.db, scopePaths(actor, [...REVIEW_ROLES]), actor.userId);
}

export async function staffView(deps: DisclosureDeps, actor: Actor, id: number) {
  const { db } = deps;
  const r = await loadForStaff(deps, actor, id);
  const org = await findOrganisation(db, r.org_code);
  const [itemLinks, links, attachments, reviews, events, versions, categories] = await Promise.all([
    repo.catalogItemsOf(db, id), repo.linksOf(db, id), repo.attachmentsOf(db, id), repo.reviewsOf(db, id), repo.eventsOf(db, id), repo.versionsOf(db, id), repo.listCategories(db),
  ]);
  const pick = org ? await pickableItems(db, org) : [];
  const items = itemLinks.map((l) => ({ ...l, label: pick.find((p) => p.catalogId === l.catalogId && p.itemKey === l.itemKey)?.label ?? `${l.catalogId}/${l.itemKey}`, id: pick.find((p) => p.catalogId === l.catalogId && p.itemKey === l.itemKey)?.id ?? null }));
  const author = r.author_id ? await db.selectFrom('staff_user').select(['display_name', 'username']).where('id', '=', r.author_id).executeTakeFirst() : undefined;
  const av = actorView({ actor }, r.org_path);
  // A 新闻发布会's or 回应关切's own fields, as the reviewer must see what will be published.
  const dr = r.genre === 'press_conference' || r.genre === 'response' ? await repo.detailOf(db, id) : null;
  const policy = links.find((l) => l.kind === 'briefs' && l.direction === 'out');
  const detail: PublicDetail | null = !dr ? null : r.genre === 'response'
    ? { press: null, response: { summary: dr.concern_summary ?? '', source: dr.concern_source ?? 'other', sourceLabel: concernSourceLabel(dr.concern_source ?? 'other'), messageRef: dr.message_ref } }
    : { response: null, press: { heldOn: dr.held_on ?? '', place: dr.place ?? '', speakers: dr.speakers_json ? JSON.parse(dr.speakers_json) : [], transcriptHtml: dr.transcript_html ?? '', policy: policy ? { title: policy.title, href: `/staff/disclosures/${policy.id}` } : null } };
  return {
    detail,
    record: r, orgName: org?.name ?? r.org_code, categoryName: categories.find((c) => c.code === r.category_code)?.name ?? r.category_code,
    items, links, attachments, reviews, events, versions, author: author?.display_name ?? (r.author_id ? String(r.author_id) : s.view.system),
    can: { edit: av.canEdit, review: av.canReview && r.author_id !== actor.userId && !(await repo.contributorIds(db, id)).includes(actor.userId) },
  };
}

/** The form values of an existing record. */
export async function inputOf(deps: DisclosureDeps, r: repo.DisclosureRow): Promise<RecordInput> {
  const org = await findOrganisation(deps.db, r.org_code);
  const itemLinks = await repo.catalogItemsOf(deps.db, r.id);
  const pick = org ? await pickableItems(deps.db, org) : [];
  const allOut = (await repo.linksOf(deps.db, r.id)).filter((l) => l.direction === 'out');
  const links = allOut.filter((l) => l.kind !== 'briefs');
  const dr = await repo.detailOf(deps.db, r.id);
  const detail: DetailInput = {
    ...emptyDetail(), policy: allOut.find((l) => l.kind === 'briefs')?.indexNo ?? '',
    ...(dr ? { heldOn: dr.held_on ?? '', place: dr.place ?? '', speakers: dr.speakers_json ? JSON.parse(dr.speakers_json) : [], transcriptHtml: dr.transcript_html ?? '', concernSummary: dr.concern_summary ?? '', concernSource: dr.concern_source ?? '', messageRef: dr.message_ref ?? '' } : {}),
  };
  return {
    detail,
    org: r.org_code, publisher: r.publisher, title: r.title, documentNo: r.document_no ?? '', summary: r.summary, bodyHtml: r.body_html, genre: r.genre, category: r.category_code,
    validity: r.validity, effectiveOn: r.effective_on ?? '', expiresOn: r.expires_on ?? '', repealedOn: r.repealed_on ?? '', writtenOn: r.written_on ?? '', formedOn: r.formed_on,
    openness: r.openness, opennessReason: r.openness_reason ?? '',
    catalogItemIds: itemLinks.map((l) => pick.find((p) => p.catalogId === l.catalogId && p.itemKey === l.itemKey)?.id).filter((x): x is number => x !== undefined),
    linkedIndexNos: links.map((l) => l.indexNo),
  };
}
