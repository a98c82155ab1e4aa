// Shell: 意见征集 — opening a consultation (staff, in scope), public comments (checked, refused
// outside the period, stored pending), moderation, per-comment adoption, and the feedback report
// with the final policy. Every staff write is audited in its transaction; every staff read and
// write checks the consultation's organisation against the caller's grant.
import { compiledOnce } from '../../platform/db/prepared.ts';
import { platformView, type Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { conflict, forbidden, HttpError } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { htmlToText, sanitizeHtmlBody } from '../../platform/html/sanitize.ts';
import { newReference } from '../../platform/public-refs/public-refs.ts';
import { checkUpload } from '../../platform/files/file-type.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { findOrganisation, hasRoleOver, scopePaths, type Actor } from '../identity/index.ts';
import { findPublicRecord } from '../disclosures/index.ts';
import { ADOPTIONS, checkComment, checkConsultation, commentRefusal, feedbackRefusals, phaseOf, type Phase } from './participation.ts';
import { ps } from './participation.strings.ts';
import type { ConsultationTable, ConsultationCommentTable } from './participation.table.ts';
import type { Selectable } from 'kysely';

export interface ParticipationDeps { db: Db; clock: Clock }
export type Consultation = Selectable<ConsultationTable>;
export type Comment = Selectable<ConsultationCommentTable>;
export interface Who { actor: Actor; requestId?: string }

/** The publishing roles of a body (as for its disclosure records). */
export const PUBLISH_ROLES = ['editor', 'supervisor'] as const;
const MAX_DRAFT = 200_000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const clean = (v: string) => v.replace(CONTROL, '');
const label = (w: Who) => w.actor.displayName || w.actor.username;

async function audit(trx: Db, deps: ParticipationDeps, who: Who, action: string, entity: string, entityId: number, orgCode: string, before: unknown, after: unknown) {
  await recordAudit(platformView(trx), deps.clock.now(), { actorId: who.actor.userId, actorLabel: label(who), action, entity, entityId: String(entityId), before, after, requestId: who.requestId ?? null, orgCode });
}

// ---------- staff: opening ----------

export interface ConsultationInput { org: string; title: string; summary: string; draftHtml: string; opensOn: string; closesOn: string; shortReason: string }

export async function openConsultation(deps: ParticipationDeps, who: Who, typed: ConsultationInput): Promise<{ ok: true; id: number; reference: string } | { ok: false; errors: FieldErrors }> {
  const input = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, clean(v)])) as unknown as ConsultationInput;
  const errors: FieldErrors = {};
  const org = input.org.trim() ? await findOrganisation(deps.db, input.org.trim()) : null;
  if (!org) errors.org = ps.errors.orgUnknown;
  else if (!hasRoleOver(who.actor, [...PUBLISH_ROLES], org.path)) errors.org = ps.errors.orgOutOfScope;
  const tooLarge = input.draftHtml.length > MAX_DRAFT;
  const draftHtml = tooLarge ? '' : sanitizeHtmlBody(input.draftHtml);
  const draftText = htmlToText(draftHtml);
  Object.assign(errors, checkConsultation({ title: input.title, summary: input.summary, draftText, draftTooLarge: tooLarge, opensOn: input.opensOn, closesOn: input.closesOn, shortReason: input.shortReason }, deps.clock.today()));
  if (Object.keys(errors).length || !org) return { ok: false, errors };
  const now = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    const reference = newReference('YJZJ', deps.clock.today());
    try {
      return await inTransaction(deps.db, async (trx) => {
        const row = await trx.insertInto('consultation').values({
          reference, org_code: org.code, org_path: org.path, title: input.title.trim(), summary: input.summary.trim(), draft_html: draftHtml, draft_text: draftText,
          opens_on: input.opensOn.trim(), closes_on: input.closesOn.trim(), short_reason: input.shortReason.trim() || null, author_id: who.actor.userId, created_at: now, updated_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        const id = Number(row.id);
        await audit(trx, deps, who, 'consultation.open', 'consultation', id, org.code, undefined, { reference, title: input.title.trim(), opens_on: input.opensOn.trim(), closes_on: input.closesOn.trim() });
        return { ok: true as const, id, reference };
      });
    } catch (e) {
      if (isUniqueViolation(e) && attempt < 3) continue;
      throw e;
    }
  }
}

// ---------- staff: reading in scope ----------

/** The consultation, or 404; 403 when the caller holds no publishing role over its organisation. */
export async function loadForStaff(deps: ParticipationDeps, actor: Actor, id: number): Promise<Consultation> {
  const c = await deps.db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new HttpError(404, 'consultation_not_found', ps.errors.notFound);
  if (!hasRoleOver(actor, [...PUBLISH_ROLES], c.org_path)) throw forbidden(ps.errors.forbidden);
  return c;
}

/** 工作台: the consultations in the person's scope with public comments waiting for moderation (counted in the database). */
export async function toModerateCount(deps: ParticipationDeps, actor: Actor): Promise<number> {
  const paths = scopePaths(actor, [...PUBLISH_ROLES]);
  if (!paths.length) return 0;
  const r = await deps.db.selectFrom('consultation').select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or(paths.map((p) => eb('consultation.org_path', 'like', `${p}%`))))
    .where((eb) => eb.exists(eb.selectFrom('consultation_comment as k').select('k.id').whereRef('k.consultation_id', '=', 'consultation.id').where('k.state', '=', 'pending')))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listForStaff(deps: ParticipationDeps, actor: Actor, opts: { toModerate?: boolean } = {}) {
  const paths = scopePaths(actor, [...PUBLISH_ROLES]);
  if (!paths.length) return [];
  let query = deps.db.selectFrom('consultation').innerJoin('organisation as o', 'o.code', 'consultation.org_code');
  if (opts.toModerate) query = query.where((eb) => eb.exists(eb.selectFrom('consultation_comment as k').select('k.id').whereRef('k.consultation_id', '=', 'consultation.id').where('k.state', '=', 'pending')));
  const rows = await query
    .select(['consultation.id', 'consultation.reference', 'consultation.title', 'consultation.opens_on', 'consultation.closes_on', 'consultation.feedback_published_at', 'o.name as org_name'])
    .select((eb) => eb.selectFrom('consultation_comment as k').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('k.consultation_id', '=', 'consultation.id').where('k.state', '=', 'pending').as('pending'))
    .where((eb) => eb.or(paths.map((p) => eb('consultation.org_path', 'like', `${p}%`))))
    .orderBy('consultation.closes_on', 'desc').orderBy('consultation.id', 'desc').limit(200).execute();
  const today = deps.clock.today();
  return rows.map((r) => ({ ...r, pending: Number(r.pending ?? 0), phase: phaseOf(r, today) }));
}

export async function commentsOf(db: Db, consultationId: number): Promise<Comment[]> {
  return db.selectFrom('consultation_comment').selectAll().where('consultation_id', '=', consultationId).orderBy('id').execute();
}

/** The published comments as the public sees them: an ID or mobile number typed into the text is masked (as in 互动交流). */
export async function publishedCommentsOf(db: Db, consultationId: number): Promise<Comment[]> {
  const rows = await db.selectFrom('consultation_comment').selectAll().where('consultation_id', '=', consultationId).where('state', '=', 'published').orderBy('id').execute();
  return rows.map((k) => ({ ...k, content: maskPersonalData(k.content) }));
}

async function commentOf(deps: ParticipationDeps, c: Consultation, commentId: number): Promise<Comment> {
  const k = await deps.db.selectFrom('consultation_comment').selectAll().where('id', '=', commentId).where('consultation_id', '=', c.id).executeTakeFirst();
  if (!k) throw new HttpError(404, 'comment_not_found', ps.errors.commentNotFound);
  return k;
}

// ---------- staff: moderation, adoption, feedback ----------

export async function moderate(deps: ParticipationDeps, who: Who, id: number, commentId: number, decision: string, reasonTyped: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const c = await loadForStaff(deps, who.actor, id);
  const k = await commentOf(deps, c, commentId);
  const reason = clean(reasonTyped).trim();
  const errors: FieldErrors = {};
  if (decision !== 'approve' && decision !== 'reject') errors[`decision_${k.id}`] = ps.errors.decisionRequired;
  else if (decision === 'reject' && !reason) errors[`reason_${k.id}`] = ps.errors.rejectReasonRequired;
  if (reason.length > 500) errors[`reason_${k.id}`] = ps.errors.reasonTooLong;
  if (Object.keys(errors).length) return { ok: false, errors };
  if (k.state !== 'pending') throw conflict('already_moderated', ps.errors.alreadyModerated, [ps.errors.alreadyModerated]);
  const state = decision === 'approve' ? 'published' : 'rejected';
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    const r = await trx.updateTable('consultation_comment').set({ state, reject_reason: state === 'rejected' ? reason : null, moderated_by: label(who), moderated_at: now })
      .where('id', '=', k.id).where('state', '=', 'pending').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('already_moderated', ps.errors.alreadyModerated, [ps.errors.alreadyModerated]);
    await audit(trx, deps, who, `consultation.comment_${decision}`, 'consultation_comment', k.id, c.org_code, { state: k.state }, { state, ...(reason ? { reason } : {}) });
  });
  return { ok: true };
}

export async function decideAdoption(deps: ParticipationDeps, who: Who, id: number, commentId: number, adoptionTyped: string, reasonTyped: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const c = await loadForStaff(deps, who.actor, id);
  const k = await commentOf(deps, c, commentId);
  if (c.feedback_published_at) throw conflict('feedback_published', ps.errors.feedbackPublished, [ps.errors.feedbackPublished]);
  if (k.state !== 'published') throw conflict('comment_not_published', ps.errors.adoptionOnlyPublished, [ps.errors.adoptionOnlyPublished]);
  const adoption = parseEnum(ADOPTIONS, adoptionTyped);
  const reason = clean(reasonTyped).trim();
  const errors: FieldErrors = {};
  if (!adoption) errors[`adoption_${k.id}`] = ps.errors.adoptionRequired;
  else if (adoption !== 'adopted' && !reason) errors[`adoption_reason_${k.id}`] = ps.errors.adoptionReasonRequired;
  if (reason.length > 500) errors[`adoption_reason_${k.id}`] = ps.errors.reasonTooLong;
  if (Object.keys(errors).length || !adoption) return { ok: false, errors };
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('consultation_comment').set({ adoption, adoption_reason: reason || null }).where('id', '=', k.id).execute();
    await audit(trx, deps, who, 'consultation.comment_adoption', 'consultation_comment', k.id, c.org_code, { adoption: k.adoption, reason: k.adoption_reason }, { adoption, reason: reason || null });
  });
  return { ok: true };
}

export async function publishFeedback(deps: ParticipationDeps, who: Who, id: number, textTyped: string, finalTyped: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const c = await loadForStaff(deps, who.actor, id);
  const comments = await commentsOf(deps.db, c.id);
  const refusals = feedbackRefusals(c, deps.clock.today(), comments);
  if (refusals.length) throw conflict('feedback_not_ready', refusals[0]!, refusals);
  const text = clean(textTyped);
  const tooLarge = text.length > MAX_DRAFT;
  const html = tooLarge ? '' : sanitizeHtmlBody(text);
  const finalNo = clean(finalTyped).trim();
  const errors: FieldErrors = {};
  if (tooLarge) errors.feedback = ps.errors.feedbackTooLarge;
  else if (!htmlToText(html)) errors.feedback = ps.errors.feedbackRequired;
  const final = finalNo ? await findPublicRecord(deps.db, finalNo, deps.clock.now()) : null;
  if (!finalNo) errors.final_index_no = ps.errors.finalRequired;
  else if (!final) errors.final_index_no = ps.errors.finalUnknown(finalNo.slice(0, 60));
  if (Object.keys(errors).length || !final) return { ok: false, errors };
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    const r = await trx.updateTable('consultation').set({ feedback_html: html, feedback_published_at: now, final_index_no: final.indexNo, updated_at: now })
      .where('id', '=', c.id).where('feedback_published_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('feedback_published', ps.errors.feedbackPublished, [ps.errors.feedbackPublished]);
    await audit(trx, deps, who, 'consultation.feedback_publish', 'consultation', c.id, c.org_code, { feedback_published_at: null }, { feedback_published_at: now, final_index_no: final.indexNo });
  });
  return { ok: true };
}

/** The draft as a file (PDF or DOCX, ≤ 10 MB), replacing any earlier one; refused once the report is out. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export async function setAttachment(deps: ParticipationDeps, who: Who, id: number, file: { fileName: string; bytes: Buffer }): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const c = await loadForStaff(deps, who.actor, id);
  if (c.feedback_published_at) throw conflict('feedback_published', ps.errors.feedbackPublished, [ps.errors.feedbackPublished]);
  // A DOCX that unpacks to a bomb is refused before anything reads its entries.
  const unpacked = file.bytes.length <= MAX_ATTACHMENT_BYTES ? await checkUnpacked(file.bytes) : null;
  if (unpacked && !unpacked.ok) return { ok: false, code: unpacked.code, message: unpacked.message };
  const check = checkUpload(file.bytes, file.fileName, ['pdf', 'docx'], MAX_ATTACHMENT_BYTES);
  if (!check.ok) return { ok: false, code: check.code, message: check.message };
  const fileName = [...clean(file.fileName)].map((ch) => (ch === '/' || ch === '\\' ? '_' : ch)).join('').slice(-120);
  const now = deps.clock.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('consultation').set({ attachment_name: fileName, attachment_mime: check.mime, attachment_base64: file.bytes.toString('base64'), updated_at: now }).where('id', '=', c.id).execute();
    await audit(trx, deps, who, 'consultation.attachment', 'consultation', c.id, c.org_code, c.attachment_name ? { filename: c.attachment_name } : undefined, { filename: fileName, mime: check.mime, size_bytes: file.bytes.length });
  });
  return { ok: true };
}

// ---------- public ----------

export interface PublicConsultation extends Consultation { org_name: string; phase: Phase }

export async function findPublic(deps: ParticipationDeps, reference: string): Promise<PublicConsultation | null> {
  if (reference.length > 40) return null;
  const c = await deps.db.selectFrom('consultation').innerJoin('organisation as o', 'o.code', 'consultation.org_code').selectAll('consultation').select('o.name as org_name')
    .where('consultation.reference', '=', reference.trim().toUpperCase()).executeTakeFirst();
  return c ? { ...c, phase: phaseOf(c, deps.clock.today()) } : null;
}

export interface ListedConsultation { reference: string; title: string; org_code: string; org_name: string; opens_on: string; closes_on: string; phase: Phase; feedback_published_at: string | null; final_index_no: string | null; comments: number }

/** Public list: by phase (all when absent), newest period first; counts published comments. */
export async function listPublic(deps: ParticipationDeps, opts: { phase?: Phase; orgPath?: string; limit: number; offset: number }): Promise<{ items: ListedConsultation[]; total: number }> {
  const today = deps.clock.today();
  let q = deps.db.selectFrom('consultation').innerJoin('organisation as o', 'o.code', 'consultation.org_code');
  if (opts.phase === 'open') q = q.where('consultation.opens_on', '<=', today).where('consultation.closes_on', '>=', today);
  if (opts.phase === 'upcoming') q = q.where('consultation.opens_on', '>', today);
  if (opts.phase === 'closed') q = q.where('consultation.closes_on', '<', today);
  if (opts.orgPath) q = q.where('consultation.org_path', 'like', `${opts.orgPath}%`);
  const [rows, total] = await Promise.all([
    q.select(['consultation.id', 'consultation.reference', 'consultation.title', 'consultation.org_code', 'o.name as org_name', 'consultation.opens_on', 'consultation.closes_on', 'consultation.feedback_published_at', 'consultation.final_index_no'])
      .select((eb) => eb.selectFrom('consultation_comment as k').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('k.consultation_id', '=', 'consultation.id').where('k.state', '=', 'published').as('comments'))
      .orderBy('consultation.closes_on', 'desc').orderBy('consultation.id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({ reference: r.reference, title: r.title, org_code: r.org_code, org_name: r.org_name, opens_on: r.opens_on, closes_on: r.closes_on, phase: phaseOf(r, today), feedback_published_at: r.feedback_published_at, final_index_no: r.final_index_no, comments: Number(r.comments ?? 0) })),
  };
}

export interface CommentInput { name: string; contact: string; content: string }

/**
 * A public comment: refused (409 reasons) outside the period, field errors otherwise; stored
 * pending (nothing shown until a moderator approves it).
 */
export async function submitComment(deps: ParticipationDeps, c: Consultation, typed: CommentInput): Promise<{ ok: true; reference: string } | { ok: false; errors: FieldErrors; refusal?: { code: string; message: string } }> {
  const input = { name: clean(typed.name), contact: clean(typed.contact), content: clean(typed.content) };
  const errors: FieldErrors = checkComment(input);
  const refusal = commentRefusal(c, deps.clock.today());
  if (refusal) return { ok: false, errors: { ...errors, content: refusal.message }, refusal };
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    const reference = newReference('YJ', deps.clock.today());
    try {
      await deps.db.insertInto('consultation_comment').values({
        consultation_id: c.id, reference, name: input.name.trim() || null, contact: input.contact.trim().replace(/\s+/g, '') || null, content: input.content.trim(), state: 'pending', created_at: now,
      }).execute();
      return { ok: true, reference };
    } catch (e) {
      if (isUniqueViolation(e) && attempt < 3) continue;
      throw e;
    }
  }
}

/** For the disclosure record page: consultations whose final policy is this record (feedback published). */
// (compiled once: the public record page asks for every record it shows)
const consultationsOf = compiledOnce((db: Db, slot) => db.selectFrom('consultation').select(['reference', 'title']).where('final_index_no', '=', slot(0)).where('feedback_published_at', 'is not', null).orderBy('id'));

export async function consultationsFor(db: Db, indexNo: string): Promise<{ href: string; label: string; title: string }[]> {
  const rows = await consultationsOf(db, indexNo);
  return rows.flatMap((r) => [
    { href: `/participation/${r.reference}`, label: ps.page.backlinkLabel, title: r.title },
    { href: `/participation/${r.reference}#feedback`, label: ps.page.feedback, title: `${r.title}${ps.page.feedback}` },
  ]);
}
