// Shell: the 依申请公开 pages — the applicant's one-question-per-page form, confirmation and
// status page (captcha, rate limit per address), and the staff queue, case page, registration,
// letters, statistics and internal targets (role + organisation scope, audit on every write).
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { createCaptcha, captchaMessages, verifyCaptcha } from '../../platform/captcha/captcha.ts';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { FILE_TYPES, pageContext, secureCookies, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { trackingCodeMatches } from '../../platform/public-refs/public-refs.ts';
import { platformView } from '../../schema.ts';
import { openPii } from '../../platform/auth/pii.ts';
import { maskIdNumber } from '../../platform/log/mask.ts';
import { hasAnyRole, isPlatformAdmin, requirePlatformAdmin, requireRoles } from '../identity/index.ts';
import { findVenue } from '../service-map/index.ts';
import * as service from './applications.service.ts';
import { PUBLIC_SUBMIT_LIMIT, STATUS_LOOKUP_LIMIT } from './applications.api.ts';
import { applicationStrings as s, publicStrings as p, staffStrings as t } from './applications.strings.ts';
import { LETTER_KINDS, type LetterKind } from './letters.ts';
import { statisticsCsv } from './statistics-csv.ts';
import { letterPages } from './letters.pages.tsx';
import { ACTIONS, type Action, type Stage } from './workflow.ts';
import { ANSWER_FIELDS, ApplyStepPage, CheckAnswersPage, StartPage, StatusPage, SubmittedPage, stepsFor, type Answers, type Step, type Verified } from './views/public-pages.tsx';
import { CasePage, QueuePage, RegisterPage, RegisteredPage, RulesPage, StatisticsPage, TargetsPage } from './views/staff-pages.tsx';

const RECEIPT_COOKIE = 'gk_ysq';
const STEP_FIELDS: Record<Step, string[]> = {
  type: ['applicant_type'], subtype: ['applicant_subtype'], name: ['applicant_name'], id_number: ['applicant_id_number'],
  contact: ['applicant_phone', 'applicant_email', 'applicant_address'], org: ['org'], description: ['description'], delivery: ['delivery'], check: [],
};

/** A form step name from the request, or null (never an inherited key such as `constructor`). */
const stepOf = (v: string): Step | null => (Object.hasOwn(STEP_FIELDS, v) ? (v as Step) : null);

const answersOf = (body: unknown): Answers => Object.fromEntries(ANSWER_FIELDS.map((f) => [f, field(body, f).trim()]).filter(([, v]) => v));

/**
 * What a signed-in account fixes for the applicant type chosen (issue 21 §3; 条例第二十九条: the
 * applicant's own name and identity): a person's verified name and ID number when applying as
 * 自然人, an enterprise's verified name and 统一社会信用代码 as 法人或其他组织. `idNumber` is the full
 * number, for the server only; `idShown` what pages show (a person's number masked).
 */
interface Lock { name: string | null; idNumber: string | null; idShown: string | null }

function lockOf(db: object, request: FastifyRequest, type: string | undefined): Lock | null {
  const r = request.resident;
  if (!r) return null;
  if (r.kind === 'person' && type === 'natural_person') {
    const id = r.idNumberSealed ? openPii(db, r.idNumberSealed) : null;
    return { name: r.name, idNumber: id, idShown: id ? r.idNumberMasked ?? maskIdNumber(id) : null };
  }
  if (r.kind === 'enterprise' && type === 'legal_person') return { name: r.orgName, idNumber: r.uscc, idShown: r.uscc };
  return null;
}

/** The answers with the locked values put over whatever was posted (a crafted form changes nothing). */
function applyLock(answers: Answers, lock: Lock | null): Verified {
  if (lock?.name) answers.applicant_name = lock.name;
  if (lock?.idShown) answers.applicant_id_number = lock.idShown;
  // a masked number carried over (another applicant type, a session that ended) is no ID number: asked again
  else if (answers.applicant_id_number?.includes('*')) delete answers.applicant_id_number;
  return { name: !!lock?.name, id: !!lock?.idShown };
}

function toInput(a: Answers, lock: Lock | null = null): service.RegistrationInput {
  return {
    org: a.org ?? '', description: a.description ?? '', delivery: a.delivery ?? '',
    // the masked number shown and posted back is never the ID number: the sealed one is
    applicant: { type: a.applicant_type ?? '', subtype: a.applicant_subtype, name: a.applicant_name ?? '', id_number: lock?.idNumber ?? a.applicant_id_number, phone: a.applicant_phone, email: a.applicant_email, address: a.applicant_address },
  };
}

function docx(reply: FastifyReply, file: { filename: string; body: Buffer }) {
  return sendDownload(reply, file.body, file.filename, FILE_TYPES.docx);
}

export async function applicationPages(app: App, deps: service.ApplicationDeps): Promise<void> {
  await letterPages(app, deps);
  const publicOrgs = async () => (await service.applicationRepo.listAgencies(deps.db, null)).map((o) => ({ code: o.code, name: o.name }));

  // --- applicant side ---
  app.get('/applications/apply', async (request, reply) => {
    const r = request.resident;
    return sendPage(reply, <StartPage ctx={pageContext(request)} signedInAs={r ? r.displayName : null} />);
  });

  async function checkPage(request: FastifyRequest, reply: FastifyReply, answers: Answers, errors: FieldErrors, status: number, submissionId?: string, verified?: Verified) {
    const orgName = (await publicOrgs()).find((o) => o.code === answers.org)?.name ?? answers.org ?? '';
    return sendPage(reply, <CheckAnswersPage ctx={pageContext(request)} answers={answers} orgName={orgName} errors={errors} captcha={createCaptcha(platformView(deps.db), deps.clock.now())} submissionId={submissionId ?? randomUUID()} verified={verified} />, status);
  }

  /** Starting the form signed in: the applicant type and the contact details from the account (all editable). */
  function prefill(request: FastifyRequest, answers: Answers): void {
    const r = request.resident;
    if (!r || Object.keys(answers).length) return;
    answers.applicant_type = r.kind === 'enterprise' ? 'legal_person' : 'natural_person';
    if (r.phone) answers.applicant_phone = r.phone;
    if (r.email) answers.applicant_email = r.email;
  }

  app.post('/applications/apply', async (request, reply) => {
    const answers = answersOf(request.body);
    if (answers.applicant_type !== 'legal_person') delete answers.applicant_subtype;
    const goto = stepOf(field(request.body, 'goto'));
    if (goto) prefill(request, answers);
    const lock = lockOf(deps.db, request, answers.applicant_type);
    const verified = applyLock(answers, lock);
    if (goto) {
      if (goto === 'check') return checkPage(request, reply, answers, {}, 200, undefined, verified);
      return sendPage(reply, <ApplyStepPage ctx={pageContext(request)} step={goto} answers={answers} errors={{}} orgs={await publicOrgs()} verified={verified} />);
    }
    const step = stepOf(field(request.body, 'step'));
    if (!step || step === 'check') throw new HttpError(400, 'bad_step', p.badStep);
    const { errors: all } = await service.validateRegistration(deps.db, toInput(answers, lock), 'public', deps.clock.today());
    const errors: FieldErrors = {};
    for (const f of STEP_FIELDS[step]) if (all[f]) errors[f] = all[f];
    if (step === 'delivery' && !errors.delivery && (all.applicant_email || all.applicant_address) && answers.delivery) errors.delivery = all.applicant_email ?? all.applicant_address!;
    if (step === 'contact') { if (errors.applicant_address === s.errors.addressForDelivery) delete errors.applicant_address; if (all.applicant_phone && !errors.applicant_phone) errors.applicant_phone = all.applicant_phone; }
    if (step === 'contact' && (answers.delivery === 'email' || answers.delivery === 'mail')) { delete errors.applicant_email; if (all.applicant_email && answers.applicant_email) errors.applicant_email = all.applicant_email; }
    if (Object.keys(errors).length) return sendPage(reply, <ApplyStepPage ctx={pageContext(request)} step={step} answers={answers} errors={errors} orgs={await publicOrgs()} verified={verified} />, 400);
    // the type just chosen may bring (or drop) the account's identity for the next pages
    const nextLock = step === 'type' ? lockOf(deps.db, request, answers.applicant_type) : lock;
    const nextVerified = applyLock(answers, nextLock);
    const steps = stepsFor(answers);
    let next = steps[steps.indexOf(step) + 1] ?? 'check';
    // Coming back from "check your answers": go back there once everything is valid again.
    if (next !== 'check' && Object.keys(all).length === 0) next = 'check';
    if (next === 'check') return checkPage(request, reply, answers, {}, 200, undefined, nextVerified);
    return sendPage(reply, <ApplyStepPage ctx={pageContext(request)} step={next} answers={answers} errors={{}} orgs={await publicOrgs()} verified={nextVerified} />);
  });

  app.post('/applications/submit', { config: { rateLimit: { ...PUBLIC_SUBMIT_LIMIT, allowList: () => false } } }, async (request, reply) => {
    const answers = answersOf(request.body);
    const lock = lockOf(deps.db, request, answers.applicant_type);
    const verified = applyLock(answers, lock);
    const submissionId = field(request.body, 'submission_id').trim();
    const captcha = await verifyCaptcha(platformView(deps.db), field(request.body, 'captcha_token'), field(request.body, 'captcha_answer'), deps.clock.now());
    if (!captcha.ok) return checkPage(request, reply, answers, { captcha_answer: captchaMessages[captcha.code] }, 400, submissionId || undefined, verified);
    const key = /^[0-9a-f-]{36}$/.test(submissionId) ? `web:${submissionId}` : null;
    // the account comes from the session only (issue 21 §3), never from a field of the form
    const r = await service.submitOnline(deps, toInput(answers, lock), key, request.resident?.accountId ?? null);
    if (!r.ok) return checkPage(request, reply, answers, r.errors, 400, submissionId || undefined, verified);
    if (r.result.trackingCode) {
      reply.setCookie(RECEIPT_COOKIE, `${r.result.reference}.${r.result.trackingCode}`, { path: '/applications', httpOnly: true, sameSite: 'lax', secure: secureCookies(request), maxAge: 3600 });
    }
    return reply.redirect(`/applications/submitted/${encodeURIComponent(r.result.reference)}`, 303);
  });

  app.get('/applications/submitted/:reference', async (request, reply) => {
    const ref = (request.params as { reference: string }).reference;
    const [cRef, cCode] = (request.cookies[RECEIPT_COOKIE] ?? '').split('.');
    const row = await service.applicationRepo.findCaseByReference(deps.db, ref);
    if (!row) throw notFound(s.errors.caseNotFound);
    const code = cRef === ref && cCode && trackingCodeMatches(cCode, row.tracking_hash) ? cCode : null;
    return sendPage(reply, <SubmittedPage ctx={pageContext(request)} reference={ref} trackingCode={code} />);
  });

  app.get('/applications/status', async (request, reply) => sendPage(reply, <StatusPage ctx={pageContext(request)} values={{}} errors={{}} view={null} />));

  const statusLimit = { config: { rateLimit: { ...STATUS_LOOKUP_LIMIT, allowList: () => false } } };
  app.post('/applications/status', statusLimit, async (request, reply) => {
    const values = { reference: field(request.body, 'reference').trim(), tracking_code: field(request.body, 'tracking_code').trim() };
    const errors: FieldErrors = {};
    if (!values.reference) errors.reference = p.referenceRequired;
    if (!values.tracking_code) errors.tracking_code = p.codeRequired;
    const found = Object.keys(errors).length ? null : await service.publicStatus(deps, values.reference, values.tracking_code);
    if (!found) {
      if (!Object.keys(errors).length) errors.reference = s.errors.trackingNotFound;
      return sendPage(reply, <StatusPage ctx={pageContext(request)} values={values} errors={errors} view={null} />, 400);
    }
    const r = found.row;
    return sendPage(reply, <StatusPage ctx={pageContext(request)} values={values} errors={{}} view={{ reference: r.reference, stage: r.stage as Stage, receivedOn: r.received_on, dueOn: r.due_on, dueProvisional: !!Number(r.due_provisional), dueExplanation: r.due_explanation, outcome: r.outcome, letter: !!r.delivered_on && !!r.outcome }} />);
  });

  app.post('/applications/status/letter', statusLimit, async (request, reply) => {
    const found = await service.publicStatus(deps, field(request.body, 'reference'), field(request.body, 'tracking_code'));
    if (!found || !found.row.delivered_on) throw notFound(s.errors.trackingNotFound);
    const file = await service.renderLetter(deps, found.row, found.state, 'reply');
    if (!file) throw notFound(s.errors.trackingNotFound);
    return docx(reply, file);
  });

  // --- staff side ---
  app.staffLinks.push({ href: '/staff/applications', label: t.title, description: t.staffLinkDescription, roles: [...service.READ_ROLES] });
  app.staffWork.push({
    title: t.title, roles: [...service.WORK_ROLES],
    counts: async (actor) => {
      const n = await service.workCounts(deps, actor);
      return (['due_soon', 'overdue'] as const).map((q) => ({ label: t.queues[q], count: n[q], href: `/staff/applications?list=${q}` }));
    },
  });
  const read = { preHandler: requireRoles(...service.READ_ROLES) };
  const write = { preHandler: requireRoles(...service.HANDLER_ROLES) };
  const supervisorOnly = { preHandler: requireRoles('supervisor') };
  const staffOrgs = async (request: FastifyRequest, roles: readonly string[]) =>
    (await service.applicationRepo.listAgencies(deps.db, await service.scopesOf(deps.db, request.actor!, roles))).map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }));

  app.get('/staff/applications', read, async (request, reply) => {
    const q = String((request.query as Record<string, unknown>).list ?? 'due_soon');
    const name = (service.QUEUE_NAMES as string[]).includes(q) ? (q as service.QueueName) : 'due_soon';
    const rows = await service.queue(deps, request.actor!, name);
    const orgNames = Object.fromEntries((await service.applicationRepo.listAgencies(deps.db, null)).map((o) => [o.code, o.name]));
    return sendPage(reply, <QueuePage ctx={pageContext(request)} name={name} counts={await service.queueCounts(deps, request.actor!, { name, rows })} rows={rows} orgNames={orgNames} links={{ targets: hasAnyRole(request.actor!, ['supervisor']), rules: isPlatformAdmin(request.actor!) }} />);
  });

  app.get('/staff/applications/new', write, async (request, reply) =>
    sendPage(reply, <RegisterPage ctx={pageContext(request)} values={{ received_on: deps.clock.today() }} errors={{}} orgOptions={await staffOrgs(request, service.HANDLER_ROLES)} />));

  app.post('/staff/applications', write, async (request, reply) => {
    const values = Object.fromEntries(['org', 'channel', 'received_on', ...ANSWER_FIELDS.filter((f) => f !== 'org')].map((f) => [f, field(request.body, f).trim()]));
    const input = { ...toInput(values), channel: values.channel, received_on: values.received_on };
    const r = await service.registerOffline(deps, request.actor!, input);
    if (!r.ok) return sendPage(reply, <RegisterPage ctx={pageContext(request)} values={values} errors={r.errors} orgOptions={await staffOrgs(request, service.HANDLER_ROLES)} />, 400);
    return sendPage(reply, <RegisteredPage ctx={pageContext(request)} reference={r.result.reference} trackingCode={r.result.trackingCode!} dueOn={r.result.dueOn} dueProvisional={r.result.dueProvisional} />, 201);
  });

  function period(query: Record<string, unknown>, today: string) {
    const values = { org: String(query.org ?? ''), from: String(query.from ?? `${today.slice(0, 4)}-01-01`), to: String(query.to ?? today) };
    const errors: FieldErrors = {};
    if (!isLocalDate(values.from)) errors.from = s.errors.periodInvalid;
    if (!isLocalDate(values.to) || values.to < values.from) errors.to = s.errors.periodInvalid;
    return { values, errors };
  }

  app.get('/staff/applications/statistics', read, async (request, reply) => {
    const orgOptions = await staffOrgs(request, service.READ_ROLES);
    const { values, errors } = period(request.query as Record<string, unknown>, deps.clock.today());
    if (!values.org) values.org = orgOptions[0]?.value ?? '';
    if (Object.keys(errors).length) return sendPage(reply, <StatisticsPage ctx={pageContext(request)} values={values} errors={errors} rows={null} orgOptions={orgOptions} />, 400);
    const rows = values.org ? await service.statistics(deps, request.actor!, values.org, values.from, values.to) : [];
    return sendPage(reply, <StatisticsPage ctx={pageContext(request)} values={values} errors={{}} rows={rows} orgOptions={orgOptions} />);
  });

  app.get('/staff/applications/statistics.csv', read, async (request, reply) => {
    const { values, errors } = period(request.query as Record<string, unknown>, deps.clock.today());
    if (Object.keys(errors).length || !values.org) throw new HttpError(400, 'invalid_period', s.errors.periodInvalid);
    const rows = await service.statistics(deps, request.actor!, values.org, values.from, values.to);
    return sendDownload(reply, statisticsCsv(rows, values.from, values.to), `applications-${values.org}-${values.from}-${values.to}.csv`, FILE_TYPES.csv);
  });

  async function targetsPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> | null, errors: FieldErrors, message: string | null, status = 200) {
    const orgOptions = await staffOrgs(request, ['supervisor']);
    const org = values?.org ?? String((request.query as Record<string, unknown>).org ?? orgOptions[0]?.value ?? '');
    // Another county's internal targets are not shown (the save checks the same scope).
    if (org && !values && !orgOptions.some((o) => o.value === org)) throw forbidden(s.errors.orgOutOfScope);
    const current = await service.targetsFor(deps.db, org);
    const stored = org ? await service.applicationRepo.getTargets(deps.db, org) : null;
    const derived = org ? await service.remedyBodies(deps.db, org) : { reviewBody: '', court: '' };
    const v = values ?? { org, register_days: String(current.registerDays), assign_days: String(current.assignDays), draft_days: String(current.draftDays), reply_days: String(current.replyDays), review_body: stored?.review_body ?? '', court: stored?.court ?? '' };
    v.derived = `${derived.reviewBody}；${derived.court}`;
    return sendPage(reply, <TargetsPage ctx={pageContext(request)} values={v} errors={errors} message={message} orgOptions={orgOptions} />, status);
  }
  app.get('/staff/applications/targets', supervisorOnly, async (request, reply) => targetsPage(request, reply, null, {}, (request.query as Record<string, unknown>).done ? t.targetsSaved : null));
  app.post('/staff/applications/targets', supervisorOnly, async (request, reply) => {
    const values = Object.fromEntries(['org', 'register_days', 'assign_days', 'draft_days', 'reply_days', 'review_body', 'court'].map((f) => [f, field(request.body, f).trim()]));
    const r = await service.saveTargets(deps, request.actor!, values.org ?? '', values);
    if (!r.ok) return targetsPage(request, reply, values, r.errors, null, 400);
    return reply.redirect(`/staff/applications/targets?org=${encodeURIComponent(values.org ?? '')}&done=1`, 303);
  });

  // The clock rules apply to every county's open cases (and recompute them): platform administrators only.
  const adminOnly = { preHandler: requirePlatformAdmin() };
  async function rulesPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> | null, errors: FieldErrors, message: string | null, status = 200) {
    const r = await service.loadRules(deps);
    const v = values ?? { feePausesClock: r.feePausesClock ? 'yes' : 'no', defaultCorrectionPeriodDays: String(r.defaultCorrectionPeriodDays), feePaymentDays: String(r.feePaymentDays), consultationMailDays: String(r.consultationMailDays) };
    return sendPage(reply, <RulesPage ctx={pageContext(request)} values={v} errors={errors} message={message} />, status);
  }
  app.get('/staff/applications/rules', adminOnly, async (request, reply) => {
    const n = (request.query as Record<string, unknown>).changed;
    return rulesPage(request, reply, null, {}, n !== undefined ? t.rulesSaved(Number(n)) : null);
  });
  app.post('/staff/applications/rules', adminOnly, async (request, reply) => {
    const values = Object.fromEntries(service.EDITABLE_RULES.map((f) => [f, field(request.body, f).trim()]));
    const r = await service.saveRules(deps, request.actor!, values);
    if (!r.ok) return rulesPage(request, reply, values, r.errors, null, 400);
    return reply.redirect(`/staff/applications/rules?changed=${r.changed}`, 303);
  });

  async function casePage(request: FastifyRequest, reply: FastifyReply, reference: string, errors: FieldErrors, message: string | null, status = 200, done: string | null = null, kept: { values: Record<string, string>; failed: string } | null = null) {
    const v = await service.getStaffCase(deps, request.actor!, reference);
    if (message && done) {
      // Warnings of the action just taken come from its stored event, never from the URL.
      const last = [...v.events].reverse().find((e) => e.type === done);
      const warned = Array.isArray(last?.data.warnings) ? (last.data.warnings as unknown[]).filter((w): w is string => typeof w === 'string') : [];
      if (warned.length) message = t.doneWithWarnings(message, warned);
    }
    const org = (await service.applicationRepo.listAgencies(deps.db, null)).find((o) => o.code === v.row.org_code);
    const attachments = await service.applicationRepo.listAttachments(deps.db, v.row.id);
    // a walk-in application registered at a window desk or 政务公开专区: where it was handed in
    const venue = v.row.venue_public_id ? { publicId: v.row.venue_public_id, name: (await findVenue(deps.db, v.row.venue_public_id))?.name ?? null } : null;
    return sendPage(reply, <CasePage ctx={pageContext(request)} v={v} venue={venue} orgName={org?.name ?? v.row.org_code} errors={errors} message={message} warnings={v.warnings} today={deps.clock.today()} orgOptions={await staffOrgs(request, service.HANDLER_ROLES)} attachments={attachments} values={kept?.values} failed={kept?.failed ?? null} />, status);
  }

  app.get('/staff/applications/:reference', read, async (request, reply) => {
    const done = String((request.query as Record<string, unknown>).done ?? '');
    const action = ACTIONS.values.find((a) => a.code === done);
    const label = done === 'receipt' ? t.receiptUploaded : action?.label;
    return casePage(request, reply, (request.params as { reference: string }).reference, {}, label ? t.done(label) : null, 200, action?.code ?? null);
  });

  app.post('/staff/applications/:reference/actions', { preHandler: requireRoles(...service.REVIEW_ROLES) }, async (request, reply) => {
    const reference = (request.params as { reference: string }).reference;
    const b = request.body;
    const lines = (name: string) => field(b, name).split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
    const num = (name: string) => (field(b, name).trim() === '' ? undefined : Number(field(b, name)));
    const action: Action = { type: field(b, 'type'), on: field(b, 'on').trim() };
    const type = action.type;
    if (type === 'request_correction') { action.items = lines('items'); if (field(b, 'deadline_on').trim()) action.deadline_on = field(b, 'deadline_on').trim(); }
    for (const k of ['org', 'reason', 'approved_by', 'party', 'kind', 'result', 'basis', 'outcome', 'withheld_reason', 'method', 'tracking_no', 'opinion', 'sent_via', 'received_on'] as const) if (field(b, k).trim()) action[k] = field(b, k).trim();
    if (field(b, 'record_index_no').trim()) action.record_index_no = field(b, 'record_index_no').trim();
    if (type === 'extend') action.days = num('days');
    if (type === 'issue_fee_notice') { action.amount = num('amount'); action.pages = num('pages'); }
    if (type === 'decide') action.reasons = lines('reasons');
    try {
      const r = await service.applyAction(deps, request.actor!, reference, action, request.id);
      return reply.redirect(`/staff/applications/${encodeURIComponent(r.reference)}?done=${encodeURIComponent(type)}`, 303);
    } catch (err) {
      if (err instanceof HttpError && err.status === 409) {
        // Bad input in a field (e.g. a receipt day before the letter) re-renders the form with 400,
        // the field marked and the values kept; a refusal of the case's state stays a 409.
        const fields = err instanceof service.ActionRefused ? err.fields : {};
        const errors: FieldErrors = {};
        for (const [name, reason] of Object.entries(fields)) errors[`action-${type}-${name}`] = reason;
        const named = new Set(Object.values(fields));
        (err.reasons ?? []).filter((reason) => !named.has(reason)).forEach((reason, i) => { errors[i === 0 ? `action-${type}` : `action-${type}-${i}`] = reason; });
        const values = Object.fromEntries(['on', 'party', 'kind', 'sent_via', 'received_on'].map((k) => [k, field(b, k).trim()]));
        return casePage(request, reply, reference, errors, null, Object.keys(fields).length ? 400 : 409, null, { values, failed: type });
      }
      throw err;
    }
  });

  // Scanned delivery receipts: multipart only in this scope; the type is checked by magic bytes.
  await app.register(async (scope) => {
    await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: service.RECEIPT_MAX_BYTES, files: 1, fields: 4 } });
    scope.post('/staff/applications/:reference/attachments', write, async (request, reply) => {
      const reference = (request.params as { reference: string }).reference;
      const file = (request.body as Record<string, unknown> | undefined)?.file;
      const r = await service.addDeliveryReceipt(deps, request.actor!, reference, Buffer.isBuffer(file) ? file : null);
      if (!r.ok) return casePage(request, reply, reference, { 'receipt-file': r.error }, null, 400);
      return reply.redirect(`/staff/applications/${encodeURIComponent(reference)}?done=receipt`, 303);
    });
  });

  app.get('/staff/applications/:reference/attachments/:id', read, async (request, reply) => {
    const { reference, id } = request.params as { reference: string; id: string };
    const a = Number.isInteger(Number(id)) ? await service.getAttachment(deps, request.actor!, reference, Number(id)) : null;
    if (!a) throw notFound();
    return sendDownload(reply, Buffer.from(a.content_base64, 'base64'), a.filename, a.mime);
  });

  app.get('/staff/applications/:reference/letters/:kind', read, async (request, reply) => {
    const { reference, kind } = request.params as { reference: string; kind: string };
    if (!LETTER_KINDS.some((k) => k.code === kind)) throw notFound();
    const file = await service.staffLetter(deps, request.actor!, reference, kind as LetterKind);
    if (!file) throw notFound(t.letterNotYet);
    return docx(reply, file);
  });

  app.post('/staff/applications/:reference/receipt', write, async (request, reply) => {
    const reference = (request.params as { reference: string }).reference;
    const v = await service.getStaffCase(deps, request.actor!, reference);
    const code = field(request.body, 'tracking_code').trim();
    const file = await service.staffLetter(deps, request.actor!, reference, 'receipt', code && trackingCodeMatches(code, v.row.tracking_hash) ? code : null);
    return docx(reply, file!);
  });
}
