// Shell: the staff pages of proactive disclosure (/staff/disclosures), the attachment download
// (public for publicly visible records, staff in scope for the rest) and the staff API.
import { isPubliclyVisible } from './disclosures.table.ts';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, MAX_ROW_ID, rowIdOf, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError, notFound } from '../../platform/web/http-error.ts';
import { pageContext, sendDownload, sendPage, type App, isMalformedMultipart } from '../../platform/web/server.tsx';
import { hasRoleOver, requireRoles, type Actor } from '../identity/index.ts';
import { findOrganisation } from '../identity/index.ts';
import * as repo from './disclosures.repository.ts';
import * as svc from './disclosures.service.ts';
import { disclosureStrings as s } from './disclosures.strings.ts';
import { CHECKLIST } from './workflow.ts';
import { disclosureStaffApi } from './disclosures.staff-api.ts';
import { parseSpeakerLines, type DetailInput } from './genre-detail.ts';

/** The 新闻发布会 / 回应关切 fields of the form; speakers one per line (「姓名，职务」, kept as typed). */
function detailFromForm(body: unknown): DetailInput {
  return {
    heldOn: field(body, 'held_on').trim(), place: field(body, 'place'), speakers: parseSpeakerLines(field(body, 'speakers').slice(0, 10_000)).speakers, transcriptHtml: field(body, 'transcript'),
    policy: field(body, 'policy').trim(), concernSummary: field(body, 'concern_summary'), concernSource: field(body, 'concern_source'), messageRef: field(body, 'message_ref'),
  };
}
import { ListPage, RecordFormPage, RecordPage, ReviewPage } from './views/staff/pages.tsx';

/** A row id from the URL (a PostgreSQL integer), or 404. */
export function idParam(v: string | undefined): number {
  const id = rowIdOf(v);
  if (id === null) throw notFound(s.errors.notFound);
  return id;
}

function doneNotice(v: string | undefined): string | undefined {
  return v && (Object.values(s.done) as string[]).includes(v) ? v : undefined;
}

/** Form body → record input (values kept as typed). */
export function inputFromForm(body: unknown): svc.RecordInput {
  const raw = (body as Record<string, unknown> | undefined)?.catalog_items;
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((x) => Number(x)).filter((n) => Number.isInteger(n) && n > 0 && n <= MAX_ROW_ID);
  return {
    org: field(body, 'org').trim(), publisher: field(body, 'publisher'), title: field(body, 'title'), documentNo: field(body, 'document_no'), summary: field(body, 'summary'),
    bodyHtml: field(body, 'body'), genre: field(body, 'genre'), category: field(body, 'category'), validity: field(body, 'validity') || 'effective',
    effectiveOn: field(body, 'effective_on').trim(), expiresOn: field(body, 'expires_on').trim(), repealedOn: field(body, 'repealed_on').trim(), writtenOn: field(body, 'written_on').trim(),
    formedOn: field(body, 'formed_on').trim(), catalogItemIds: ids, linkedIndexNos: field(body, 'links').split(/\r?\n/).map((x) => x.trim()).filter(Boolean).slice(0, 20),
    openness: field(body, 'openness'), opennessReason: field(body, 'openness_reason'),
    detail: detailFromForm(body),
  };
}

export async function disclosureStaffRoutes(app: App, deps: svc.DisclosureDeps): Promise<void> {
  const { db } = deps;
  const read = { preHandler: requireRoles(...svc.STAFF_ROLES) };
  const write = { preHandler: requireRoles(...svc.EDIT_ROLES) };
  const review = { preHandler: requireRoles(...svc.REVIEW_ROLES) };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  app.staffLinks.push({ href: '/staff/disclosures', label: s.staffLink.label, description: s.staffLink.description, roles: [...svc.STAFF_ROLES] });
  app.staffWork.push({
    title: s.staffLink.label, roles: [...svc.REVIEW_ROLES],
    counts: async (actor) => [{ label: s.list.toReview, count: await svc.awaitingReviewCount(deps, actor), href: '/staff/disclosures?todo=review' }],
  });

  const formPage = async (request: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit' | 'revise', values: svc.RecordInput, errors: FieldErrors, extra: { id?: number; title?: string; changeNote?: string } = {}, status = 200) => {
    const org = values.org ? await findOrganisation(db, values.org) : null;
    const items = org ? await svc.pickableItems(db, org) : [];
    return sendPage(reply, <RecordFormPage ctx={pageContext(request)} mode={mode} values={values} errors={errors} categories={await repo.listCategories(db)} items={items} {...extra} />, status);
  };
  const recordPage = async (request: FastifyRequest, reply: FastifyReply, id: number, opts: { done?: string | undefined; errors?: FieldErrors; values?: Record<string, string> } = {}, status = 200) =>
    sendPage(reply, <RecordPage ctx={pageContext(request)} v={await svc.staffView(deps, request.actor!, id)} nowIso={deps.clock.now().toISOString()} {...opts} />, status);

  app.get('/staff/disclosures', read, async (request, reply) => {
    const q = request.query as { state?: string; page?: string; done?: string; todo?: string };
    // todo=review: the records waiting for the signed-in person's 保密审查 (the 工作台 links here).
    const toReview = q.todo === 'review';
    const state = !toReview && q.state && (['draft', 'submitted', 'rejected', 'approved', 'scheduled', 'published', 'withdrawn'] as string[]).includes(q.state) ? q.state : '';
    const page = q.page && /^[1-9]\d{0,5}$/.test(q.page) ? Number(q.page) : 1;
    const r = await svc.listForStaff(deps, request.actor!, { ...(state ? { state } : {}), page, toReview });
    return sendPage(reply, <ListPage ctx={pageContext(request)} nowIso={deps.clock.now().toISOString()} rows={r.rows} total={r.total} counts={r.counts} state={state} page={page} pageSize={r.pageSize} done={doneNotice(q.done)} review={r.toReview === null ? undefined : { count: r.toReview, active: toReview }} />);
  });

  app.get('/staff/disclosures/new', write, async (request, reply) => {
    const grant = request.actor!.grants.find((g) => (svc.EDIT_ROLES as readonly string[]).includes(g.role));
    return formPage(request, reply, 'new', svc.emptyInput(grant?.orgCode ?? ''), {});
  });

  app.post('/staff/disclosures', write, async (request, reply) => {
    const input = inputFromForm(request.body);
    const r = await svc.createDraft(deps, who(request), input);
    if (!r.ok) return formPage(request, reply, 'new', input, r.errors, {}, 400);
    return reply.redirect(`/staff/disclosures/${r.id}?done=${encodeURIComponent(s.done.saved)}`, 303);
  });

  app.get('/staff/disclosures/:id', read, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    return recordPage(request, reply, id, { done: doneNotice((request.query as { done?: string }).done) });
  });

  app.get('/staff/disclosures/:id/edit', write, async (request, reply) => {
    const r = await svc.loadForStaff(deps, request.actor!, idParam((request.params as { id: string }).id));
    if (!hasRoleOver(request.actor!, [...svc.EDIT_ROLES], r.org_path)) throw new HttpError(403, 'forbidden', s.errors.forbidden);
    if (r.state !== 'draft' && r.state !== 'rejected') throw new HttpError(409, 'not_editable', s.errors.notEditable, [s.errors.notEditable]);
    return formPage(request, reply, 'edit', await svc.inputOf(deps, r), {}, { id: r.id, title: r.title });
  });

  app.post('/staff/disclosures/:id', write, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const input = inputFromForm(request.body);
    const r = await svc.updateDraft(deps, who(request), id, input);
    if (!r.ok) return formPage(request, reply, 'edit', input, r.errors, { id, title: input.title }, 400);
    return reply.redirect(`/staff/disclosures/${id}?done=${encodeURIComponent(s.done.saved)}`, 303);
  });

  app.get('/staff/disclosures/:id/revise', write, async (request, reply) => {
    const r = await svc.loadForStaff(deps, request.actor!, idParam((request.params as { id: string }).id));
    if (!hasRoleOver(request.actor!, [...svc.EDIT_ROLES], r.org_path)) throw new HttpError(403, 'forbidden', s.errors.forbidden);
    return formPage(request, reply, 'revise', await svc.inputOf(deps, r), {}, { id: r.id, title: r.title, changeNote: '' });
  });

  app.post('/staff/disclosures/:id/revise', write, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const input = inputFromForm(request.body);
    const note = field(request.body, 'change_note');
    const r = await svc.revise(deps, who(request), id, input, note);
    if (!r.ok) return formPage(request, reply, 'revise', input, r.errors, { id, title: input.title, changeNote: note }, 400);
    return reply.redirect(`/staff/disclosures/${id}?done=${encodeURIComponent(s.done.revised)}`, 303);
  });

  app.get('/staff/disclosures/:id/review', review, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const v = await svc.staffView(deps, request.actor!, id);
    if (!hasRoleOver(request.actor!, [...svc.REVIEW_ROLES], v.record.org_path)) throw new HttpError(403, 'forbidden', s.errors.forbidden);
    if (v.record.state !== 'submitted') throw new HttpError(409, 'wrong_state', s.errors.notUnderReview, [s.errors.notUnderReview]);
    if (!v.can.review) throw new HttpError(409, 'author_cannot_review', s.errors.ownRecord, [s.errors.ownRecord]);
    return sendPage(reply, <ReviewPage ctx={pageContext(request)} v={v} values={{}} errors={{}} />);
  });

  app.post('/staff/disclosures/:id/review', review, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const body = request.body;
    const values: Record<string, string> = Object.fromEntries([...CHECKLIST.map((q) => q.key), 'conclusion', 'reasons'].map((k) => [k, field(body, k)]));
    const errors: FieldErrors = {};
    for (const q of CHECKLIST) if (values[q.key] !== 'yes' && values[q.key] !== 'no') errors[q.key] = `${s.review.answerRequired}：${q.question}`;
    if (values.conclusion !== 'approve' && values.conclusion !== 'reject') errors.conclusion = s.review.conclusionRequired;
    if (Object.keys(errors).length) return sendPage(reply, <ReviewPage ctx={pageContext(request)} v={await svc.staffView(deps, request.actor!, id)} values={values} errors={errors} />, 400);
    try {
      const checklist = Object.fromEntries(CHECKLIST.map((q) => [q.key, values[q.key]!]));
      await svc.act(deps, who(request), id, { type: values.conclusion as 'approve' | 'reject', checklist, reasons: values.reasons ?? '' });
    } catch (e) {
      if (e instanceof HttpError && e.status === 409 && e.code !== 'state_changed' && e.code !== 'wrong_state' && e.code !== 'author_cannot_review') {
        const fieldName = e.code.startsWith('reasons_') ? 'reasons' : 'conclusion';
        return sendPage(reply, <ReviewPage ctx={pageContext(request)} v={await svc.staffView(deps, request.actor!, id)} values={values} errors={{ [fieldName]: e.message }} reasons={e.reasons} />, 409);
      }
      throw e;
    }
    return reply.redirect(`/staff/disclosures/${id}?done=${encodeURIComponent(values.conclusion === 'approve' ? s.done.approved : s.done.rejected)}`, 303);
  });

  app.post('/staff/disclosures/:id/actions/:type', write, async (request, reply) => {
    const { id: rawId, type } = request.params as { id: string; type: string };
    const id = idParam(rawId);
    const values = { at: field(request.body, 'at').trim(), reason: field(request.body, 'reason') };
    let input: svc.ActionInput;
    switch (type) {
      case 'submit':
      case 'publish':
        input = { type };
        break;
      case 'schedule': {
        // The form takes Beijing time without an offset; an explicit offset or Z is kept.
        const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(values.at) ? `${values.at}${values.at.length === 16 ? ':00' : ''}+08:00` : values.at;
        input = { type, at };
        break;
      }
      case 'withdraw':
        input = { type, reason: values.reason };
        break;
      default:
        throw notFound();
    }
    let state: string;
    try {
      state = (await svc.act(deps, who(request), id, input)).state;
    } catch (e) {
      if (e instanceof HttpError && e.status === 409 && (type === 'schedule' || type === 'withdraw') && ['schedule_in_past', 'schedule_too_far', 'schedule_invalid', 'reason_required', 'reason_too_long'].includes(e.code)) {
        return recordPage(request, reply, id, { errors: { [type === 'schedule' ? 'at' : 'reason']: e.reasons?.[0] ?? e.message }, values }, 409);
      }
      throw e;
    }
    const done = { submit: s.done.submitted, publish: s.done.published, schedule: s.done.scheduled, withdraw: state === 'approved' ? s.done.unscheduled : s.done.withdrawn }[type];
    return reply.redirect(`/staff/disclosures/${id}?done=${encodeURIComponent(done ?? '')}`, 303);
  });

  app.post('/staff/disclosures/:id/attachments/:aid/delete', write, async (request, reply) => {
    const { id: rawId, aid } = request.params as { id: string; aid: string };
    const id = idParam(rawId);
    await svc.removeAttachment(deps, who(request), id, idParam(aid));
    return reply.redirect(`/staff/disclosures/${id}?done=${encodeURIComponent(s.done.detached)}`, 303);
  });

  // Attachments: multipart only in this scope; the type is checked by the bytes.
  await app.register(async (scope) => {
    scope.setErrorHandler((error) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'file_too_large', s.errors.fileTooLarge);
      if (isMalformedMultipart(error)) {
        throw badRequest('multipart_invalid', s.errors.multipart);
      }
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: svc.MAX_ATTACHMENT_BYTES, files: 1, fields: 4 },
      async onFile(part) {
        (part as unknown as { value: unknown }).value = { fileName: part.filename, buffer: await part.toBuffer() };
      },
    });
    scope.post('/staff/disclosures/:id/attachments', write, async (request, reply) => {
      const id = idParam((request.params as { id: string }).id);
      if (!request.isMultipart()) throw badRequest('multipart_required', s.errors.attachmentMissing);
      const file = (request.body as Record<string, unknown>).file as { fileName: string; buffer: Buffer } | undefined;
      if (!file || !file.fileName || !Buffer.isBuffer(file.buffer) || file.buffer.length === 0) return recordPage(request, reply, id, { errors: { file: s.errors.attachmentMissing } }, 400);
      const r = await svc.addAttachment(deps, who(request), id, { fileName: file.fileName, bytes: file.buffer });
      if (!r.ok) return recordPage(request, reply, id, { errors: { file: r.message } }, r.code === 'file_too_large' || r.code === 'zip_bomb' ? 413 : 415);
      return reply.redirect(`/staff/disclosures/${id}?done=${encodeURIComponent(s.done.attached)}`, 303);
    });
  });

  // Attachment download: anyone for a publicly visible record; staff in scope for any other state.
  app.get('/openness/disclosures/:indexNo/attachments/:aid', async (request, reply) => {
    const { indexNo, aid } = request.params as { indexNo: string; aid: string };
    const a = await repo.findAttachment(db, idParam(aid));
    const r = a ? await repo.findRecord(db, a.disclosure_id) : null;
    if (!a || !r || r.index_no !== indexNo) throw notFound();
    const now = deps.clock.now().toISOString();
    const visible = isPubliclyVisible(r, now);
    const staff = request.actor && hasRoleOver(request.actor, [...svc.STAFF_ROLES], r.org_path);
    if (!visible && !staff) throw notFound();
    reply.header('cache-control', visible ? 'public, max-age=300' : 'private, no-store');
    return sendDownload(reply, Buffer.from(a.content_base64, 'base64'), a.filename, a.mime);
  });

  await disclosureStaffApi(app, deps);
}
