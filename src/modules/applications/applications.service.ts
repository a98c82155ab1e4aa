// Shell: 依申请公开 commands and queries. Every write runs in one transaction: read the log, judge
// the action with the pure `decide`, append its events, store the recomputed stage and due date,
// and write the audit row. Nothing about an applicant is public; ID numbers and phones are
// masked for everyone but the handling staff (case_handler / supervisor of the case's agency).
import { recordAudit } from '../../platform/audit/audit.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { isLocalDate, localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { idCardProblem, usccProblem } from '../../platform/validate/cn-id.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { maskAddress, maskIdNumber, maskPhone } from '../../platform/log/mask.ts';
import { hashTrackingCode, newReference, newTrackingCode, normaliseReference, trackingCodeMatches } from '../../platform/public-refs/public-refs.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { conflict, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { acceptedValues, parseEnum } from '../../platform/web/enums.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, findUserByUsername, hasAnyRole, identityService, type Actor, type Organisation } from '../identity/index.ts';
import { findPublicRecord } from '../disclosures/index.ts';
import { correctionNoticeDue, DEFAULT_CLOCK_RULES, REGULATION_IN_FORCE, workingDaysAfter, type ClockRules } from './deadlines.ts';
import * as repo from './applications.repository.ts';
import type { CaseRow, StoredEvent } from './applications.repository.ts';
import { applicationStrings as s } from './applications.strings.ts';
import {
  APPLICANT_TYPES, CHANNELS, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES, OPEN_STAGES, decide, dueOf, fold, lapsedPeriodWarnings, normaliseAction, publicExplanation, registrationEvent, stageOf, targetWarnings, withCurrentAnswerPeriods,
  type Action, type ApplicantType, type CaseEvent, type CaseState, type Channel, type DeliveryMethod, type InternalTargets,
} from './workflow.ts';
import {
  blankApplicationForm, buildLetter, defaultDocPrefix, docPrefixProblem, formatDocNumber, issuingEventIndex, lettersIssuedBy, namesWithDefaultPrefix, NUMBERED_KINDS,
  type Letter, type LetterCase, type LetterFacts, type LetterKind,
} from './letters.ts';
import * as letterRepo from './letters.repository.ts';
import { letterStrings as ls } from './letters.strings.ts';
import type * as LettersDocx from './letters-docx.ts';
import { computeStatistics, type StatisticsRow } from './statistics-csv.ts';

// Loads `docx` with the first document, not at start (platform/files/office-libs.ts says why).
const renderLetterDocx = async (...a: Parameters<typeof LettersDocx.renderLetterDocx>) => (await import('./letters-docx.ts')).renderLetterDocx(...a);

export interface ApplicationDeps {
  db: Db;
  clock: Clock;
  rules?: ClockRules;
}

/** Roles that handle applications; admins may read (masked) but not act. */
export const HANDLER_ROLES = ['case_handler', 'supervisor'] as const;
/** 保密审查 (《政府信息公开条例》第十七条) is recorded by reviewers as well as handlers. */
export const REVIEW_ROLES = ['case_handler', 'supervisor', 'reviewer'] as const;
export const READ_ROLES = ['admin', 'case_handler', 'supervisor', 'reviewer'] as const;

const rulesOf = (deps: ApplicationDeps) => deps.rules ?? DEFAULT_CLOCK_RULES;

/** Rules an administrator may change because the sources leave them UNCONFIRMED (regulations.md §1.4). */
export const EDITABLE_RULES = ['feePausesClock', 'defaultCorrectionPeriodDays', 'feePaymentDays', 'consultationMailDays'] as const;
/** The editable rules counted in days, with their allowed range. */
const DAY_RULES = { defaultCorrectionPeriodDays: [1, 60], feePaymentDays: [1, 60], consultationMailDays: [0, 30] } as const;

/** The clock rules in force: defaults, the start-day setting, then the stored overrides. */
export async function loadRules(deps: ApplicationDeps): Promise<ClockRules> {
  const stored = await repo.getStoredRules(deps.db);
  const r = { ...rulesOf(deps) };
  if (typeof stored.feePausesClock === 'boolean') r.feePausesClock = stored.feePausesClock;
  for (const [k, [min, max]] of Object.entries(DAY_RULES) as [keyof typeof DAY_RULES, readonly [number, number]][]) {
    const v = stored[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) r[k] = v;
  }
  return r;
}

/** Saves the editable rules (admin), audits, and recomputes open cases with the reason. */
export async function saveRules(deps: ApplicationDeps, actor: Actor, input: Record<string, string>): Promise<{ ok: true; changed: number } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const before = await loadRules(deps);
  const pause = input.feePausesClock;
  if (pause !== 'yes' && pause !== 'no') errors.feePausesClock = s.errors.chooseOne;
  const values: Record<string, unknown> = { feePausesClock: pause === 'yes' };
  for (const [k, [min, max]] of Object.entries(DAY_RULES) as [keyof typeof DAY_RULES, readonly [number, number]][]) {
    const raw = (input[k] ?? '').trim();
    // Added later than the others: a form or script that leaves it out keeps the value in force.
    if (k === 'consultationMailDays' && !raw) { values[k] = before[k]; continue; }
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < min || n > max) errors[k] = s.errors.ruleDaysRange(min, max);
    values[k] = n;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveStoredRules(trx, values);
    await recordAudit(platformView(trx), now, { actorId: actor.userId, actorLabel: who(actor).label, action: 'application_rules_saved', entity: 'application_rules', entityId: 'clock', before: Object.fromEntries(EDITABLE_RULES.map((k) => [k, before[k]])), after: values });
  });
  const changed = await recomputeOpenCases(deps, `依申请公开办理规则修改（${who(actor).label}）`);
  return { ok: true, changed };
}
const who = (actor: Actor) => ({ id: actor.userId, label: `${actor.displayName}（${actor.username}）` });

// --- scope: a grant on an openness office (政务公开办) covers its parent government's subtree ---

/** Subtree paths where the actor holds one of `roles` (a 政务公开办 grant covers its government): identity's rule. */
export const scopesOf = identityService.officeScopes;

const covers = (paths: string[], row: { org_path: string; assigned_org_path: string | null }) =>
  paths.some((p) => row.org_path.startsWith(p) || (row.assigned_org_path ?? '').startsWith(p));

async function requireCase(deps: ApplicationDeps, actor: Actor, reference: string, roles: readonly string[]): Promise<CaseRow> {
  const row = await repo.findCaseByReference(deps.db, normaliseReference(reference));
  if (!row) throw notFound(s.errors.caseNotFound);
  if (!covers(await scopesOf(deps.db, actor, roles), row)) throw forbidden(s.errors.caseForbidden);
  return row;
}

// --- registration ---

export interface RegistrationInput {
  org: string;
  channel?: string;
  received_on?: string;
  applicant: { type: string; subtype?: string; name: string; id_number?: string; phone?: string; email?: string; address?: string };
  description: string;
  delivery: string;
  /** The 政务公开专区 / venue (service-map public id) a walk-in application was registered at (window desk). */
  venuePublicId?: string | null;
}

const PHONE = /^[0-9+\-() ]{7,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks what Art. 29 requires; errors are keyed by the form's field names. */
export async function validateRegistration(db: Db, input: RegistrationInput, mode: 'public' | 'staff', today: LocalDate): Promise<{ errors: FieldErrors; org: Organisation | null }> {
  const e: FieldErrors = {};
  const a = input.applicant ?? ({} as RegistrationInput['applicant']);
  const type = parseEnum(APPLICANT_TYPES, a.type);
  if (!type) e.applicant_type = s.errors.applicantType;
  if (type === 'legal_person' && !LEGAL_PERSON_SUBTYPES.includes((a.subtype ?? '') as never)) e.applicant_subtype = s.errors.subtype;
  const name = (a.name ?? '').trim();
  if (!name) e.applicant_name = type === 'legal_person' ? s.errors.orgNameRequired : s.errors.nameRequired;
  else if (name.length > 100) e.applicant_name = s.errors.nameTooLong;
  const id = (a.id_number ?? '').trim().toUpperCase();
  if (!id) e.applicant_id_number = type === 'legal_person' ? s.errors.usccRequired : s.errors.idRequired;
  else if (type === 'legal_person') {
    const p = usccProblem(id);
    if (p) e.applicant_id_number = p === 'format' ? s.errors.usccFormat : s.errors.usccCheckDigit;
  } else {
    const p = idCardProblem(id, today);
    if (p) e.applicant_id_number = p === 'format' ? s.errors.idFormat : p === 'birth_date' ? s.errors.idBirthDate : s.errors.idCheckDigit;
  }
  const phone = (a.phone ?? '').trim(); const email = (a.email ?? '').trim(); const address = (a.address ?? '').trim();
  if (phone && !PHONE.test(phone)) e.applicant_phone = s.errors.phoneFormat;
  if (email && (email.length > 100 || !EMAIL.test(email))) e.applicant_email = s.errors.emailFormat;
  if (address.length > 200) e.applicant_address = s.errors.addressTooLong;
  if (!phone && !email && !address) e.applicant_phone = s.errors.contactRequired;
  const description = (input.description ?? '').trim();
  if (description.length < 4) e.description = s.errors.descriptionRequired;
  else if (description.length > 2000) e.description = s.errors.descriptionTooLong;
  const delivery = parseEnum(DELIVERY_METHODS, input.delivery);
  if (!delivery) e.delivery = `${s.errors.delivery}：${acceptedValues(DELIVERY_METHODS)}`;
  else if (delivery === 'email' && !email) e.applicant_email = s.errors.emailForDelivery;
  else if (delivery === 'mail' && !address) e.applicant_address = s.errors.addressForDelivery;
  const org = input.org ? await findOrganisation(db, String(input.org).trim()) : null;
  if (!org || org.disabled || org.kind === 'village_committee') e.org = s.errors.org;
  if (mode === 'staff') {
    const channel = parseEnum(CHANNELS, input.channel);
    if (!channel) e.channel = `${s.errors.channel}：${acceptedValues(CHANNELS)}`;
    if (!isLocalDate(input.received_on)) e.received_on = s.errors.receivedOn;
    else if (input.received_on > today) e.received_on = s.errors.receivedOnFuture;
    else if (input.received_on < REGULATION_IN_FORCE) e.received_on = s.errors.receivedOnBeforeRegulation(REGULATION_IN_FORCE);
  }
  return { errors: e, org };
}

export interface Registered {
  reference: string;
  trackingCode: string | null;
  dueOn: LocalDate | null;
  dueProvisional: boolean;
  dueExplanation: string;
  existing: boolean;
}

async function createCase(deps: ApplicationDeps, input: RegistrationInput, org: Organisation, channel: Channel, on: LocalDate, actor: { id: number | null; label: string }, idempotencyKey: string | null, audit: Actor | null, accountId: number | null = null): Promise<Registered> {
  const now = deps.clock.now();
  const cal = await loadCalendar(platformView(deps.db));
  const events: CaseEvent[] = [registrationEvent(channel, org.code, on)];
  const state = fold(events);
  const due = dueOf(cal, state, await loadRules(deps), deps.clock.today());
  const a = input.applicant;
  for (let attempt = 0; ; attempt++) {
    const reference = newReference('YSQ', on);
    const trackingCode = newTrackingCode();
    try {
      // Joins a caller's transaction (a message converted to an application is one write).
      await inTransaction(deps.db, async (trx) => {
        const id = await repo.insertCase(trx, {
          reference, tracking_hash: hashTrackingCode(trackingCode), org_code: org.code, org_path: org.path, registered_org_code: org.code,
          assigned_org_code: null, assigned_org_path: null, channel, submitted_on: on, received_on: state.receivedOn,
          applicant_type: parseEnum(APPLICANT_TYPES, a.type)!, applicant_subtype: parseEnum(APPLICANT_TYPES, a.type) === 'legal_person' ? a.subtype ?? null : null,
          applicant_name: a.name.trim(), applicant_id_number: (a.id_number ?? '').trim().toUpperCase() || null, applicant_phone: a.phone?.trim() || null,
          applicant_email: a.email?.trim() || null, applicant_address: a.address?.trim() || null, description: input.description.trim(),
          delivery: parseEnum(DELIVERY_METHODS, input.delivery)!, stage: stageOf(state), due_on: due.dueOn, due_provisional: due.provisional ? 1 : 0,
          due_explanation: due.explanation, days_left: due.daysLeft, outcome: null, decided_on: null, delivered_on: null, closed_on: null,
          idempotency_key: idempotencyKey, created_at: now.toISOString(), updated_at: now.toISOString(), venue_public_id: input.venuePublicId ?? null,
          account_id: accountId,
        });
        await repo.appendEvents(trx, id, 0, events, actor, now);
        const created = await repo.findCaseById(trx, id);
        await issueLetters(trx, created!, [], events, { dueOn: due.dueOn, provisional: due.provisional }, now);
        if (audit) await recordAudit(platformView(trx), now, { actorId: audit.userId, actorLabel: actor.label, action: 'application_registered', entity: 'application_case', entityId: reference, after: { org: org.code, channel, received_on: on, applicant_type: a.type, ...(input.venuePublicId ? { venue: input.venuePublicId } : {}) }, orgCode: org.code }); // no name, ID number or phone: the audit log is read outside the case's scope
      });
      return { reference, trackingCode, dueOn: due.dueOn, dueProvisional: due.provisional, dueExplanation: due.explanation, existing: false };
    } catch (err) {
      if (idempotencyKey && isUniqueViolation(err)) {
        const existing = await repo.findCaseByIdempotencyKey(deps.db, idempotencyKey);
        if (existing) return { reference: existing.reference, trackingCode: null, dueOn: existing.due_on, dueProvisional: !!Number(existing.due_provisional), dueExplanation: existing.due_explanation, existing: true };
      }
      if (!isUniqueViolation(err) || attempt >= 4) throw err;
    }
  }
}

/**
 * A citizen's online application (Art. 31: received when both sides confirm). Idempotent by key.
 * `accountId`: the signed-in resident's account (from the session only, never from the form), stored
 * on the case in the same transaction so it shows in their space (issue 21 §3).
 */
export async function submitOnline(deps: ApplicationDeps, input: RegistrationInput, idempotencyKey: string | null, accountId: number | null = null): Promise<{ ok: true; result: Registered } | { ok: false; errors: FieldErrors }> {
  if (idempotencyKey) {
    const existing = await repo.findCaseByIdempotencyKey(deps.db, idempotencyKey);
    if (existing) return { ok: true, result: { reference: existing.reference, trackingCode: null, dueOn: existing.due_on, dueProvisional: !!Number(existing.due_provisional), dueExplanation: existing.due_explanation, existing: true } };
  }
  const { errors, org } = await validateRegistration(deps.db, input, 'public', deps.clock.today());
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, result: await createCase(deps, input, org!, 'online', deps.clock.today(), { id: null, label: s.applicantActor }, idempotencyKey, null, accountId) };
}

/** Staff register a letter, in-person, fax or 12345-transferred application with its receipt date. */
export async function registerOffline(deps: ApplicationDeps, actor: Actor, input: RegistrationInput): Promise<{ ok: true; result: Registered } | { ok: false; errors: FieldErrors }> {
  const { errors, org } = await validateRegistration(deps.db, input, 'staff', deps.clock.today());
  if (org && !Object.keys(errors).length) {
    const scopes = await scopesOf(deps.db, actor, HANDLER_ROLES);
    if (!scopes.some((p) => org.path.startsWith(p))) errors.org = s.errors.orgOutOfScope;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const channel = parseEnum(CHANNELS, input.channel)!;
  return { ok: true, result: await createCase(deps, input, org!, channel, input.received_on!, who(actor), null, actor) };
}

// --- actions ---

/** A refused action: 409 with the reasons; `fields` names the inputs at fault so a form can re-render them. */
export class ActionRefused extends HttpError {
  constructor(message: string, reasons: string[], readonly fields: Record<string, string>) {
    super(409, 'action_refused', message, reasons);
  }
}

export interface ActionResult {
  reference: string;
  stage: string;
  dueOn: LocalDate | null;
  dueProvisional: boolean;
  dueExplanation: string;
  warnings: string[];
}

/** Judges and records one workflow action; a refusal is a 409 with the reasons. */
export async function applyAction(deps: ApplicationDeps, actor: Actor, reference: string, typed: Action, requestId?: string): Promise<ActionResult> {
  const action = normaliseAction(typed);
  const row = await requireCase(deps, actor, reference, action.type === 'confidentiality_review' ? REVIEW_ROLES : HANDLER_ROLES);
  const rules = await loadRules(deps);
  const cal = await loadCalendar(platformView(deps.db));
  // Context the pure rule cannot look up itself.
  let approver: { username: string; isSupervisor: boolean } | null = null;
  if (action.type === 'extend' && action.approved_by) {
    const u = await findUserByUsername(deps.db, action.approved_by.trim());
    const approverActor = u && !u.disabled ? await identityService.actorFor(deps.db, u.id, 'token') : null;
    const scopes = approverActor ? await scopesOf(deps.db, approverActor, ['supervisor']) : [];
    approver = { username: action.approved_by, isSupervisor: scopes.some((p) => row.org_path.startsWith(p)) };
  }
  let targetOrg: { code: string; exists: boolean; inScope: boolean } | null = null;
  let target: Organisation | null = null;
  if ((action.type === 'assign' || action.type === 'transfer') && action.org) {
    target = await findOrganisation(deps.db, action.org.trim());
    const mine = await scopesOf(deps.db, actor, HANDLER_ROLES);
    targetOrg = { code: action.org, exists: !!target && !target.disabled, inScope: !!target && (target.path.startsWith(row.org_path) || mine.some((p) => target!.path.startsWith(p))) };
  }
  const nthRequestThisMonth = action.type === 'issue_fee_notice' ? await repo.nthRequestInMonth(deps.db, row) : undefined;
  const indexNo = action.type === 'decide' ? (action.record_index_no ?? '').trim() : '';
  const publishedRecord = indexNo ? await findPublicRecord(deps.db, indexNo, deps.clock.now()) : undefined;
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const events = await repo.listEvents(trx, row.id);
      const state = fold(events);
      const d = decide(state, action, { cal, rules, today: deps.clock.today(), approver, targetOrg, nthRequestThisMonth, delivery: row.delivery as DeliveryMethod, reviewer: who(actor).label, publishedRecord });
      if (!d.ok) throw new ActionRefused(`${s.errors.refused}：${d.reasons.join('；')}`, d.reasons, d.fields ?? {});
      await repo.appendEvents(trx, row.id, events.length, d.events, who(actor), now);
      const next = fold([...events, ...d.events]);
      const due = dueOf(cal, next, rules, deps.clock.today());
      const changes = rowChanges(next, due, now);
      if (action.type === 'transfer' && target) Object.assign(changes, { org_code: target.code, org_path: target.path, assigned_org_code: null, assigned_org_path: null });
      if (action.type === 'assign' && target) Object.assign(changes, { assigned_org_code: target.code, assigned_org_path: target.path });
      await repo.updateCase(trx, row.id, changes);
      await issueLetters(trx, row, events, d.events, { dueOn: due.dueOn, provisional: due.provisional }, now);
      await recordAudit(platformView(trx), now, { actorId: actor.userId, actorLabel: who(actor).label, action: `application_${action.type}`, entity: 'application_case', entityId: row.reference, before: { stage: row.stage, due_on: row.due_on }, after: { ...d.events[0]!.data, on: action.on, stage: changes.stage, due_on: changes.due_on }, requestId: requestId ?? null, orgCode: row.org_code });
      return { reference: row.reference, stage: String(changes.stage), dueOn: due.dueOn, dueProvisional: due.provisional, dueExplanation: due.explanation, warnings: d.warnings };
    });
  } catch (err) {
    // Two writers on one case: the unique (case_id, seq) key refuses the later one — a 409, not a 500.
    if (isUniqueViolation(err)) throw conflict('concurrent_change', s.errors.concurrentChange, [s.errors.concurrentChange]);
    throw err;
  }
}

function rowChanges(state: CaseState, due: ReturnType<typeof dueOf>, now: Date) {
  return {
    stage: stageOf(state), received_on: state.receivedOn, due_on: due.dueOn, due_provisional: due.provisional ? 1 : 0, due_explanation: due.explanation,
    days_left: due.daysLeft, outcome: state.decision?.outcome ?? null, decided_on: state.decision?.on ?? null, delivered_on: state.delivery?.on ?? null,
    closed_on: state.closedOn, updated_at: now.toISOString(),
  };
}

/**
 * Recomputes the due dates of open cases after a calendar change (or of provisional ones when a
 * year is loaded) and records each change as a `due_recomputed` event. Returns how many changed.
 * `reason` may depend on the case; `only` limits which cases may change date. An explanation that
 * reads differently with the same date is refreshed without an event (it is derived text), for
 * every case looked at.
 */
export async function recomputeOpenCases(deps: ApplicationDeps, reason: string | ((state: CaseState) => string), onlyProvisional = false, only?: (state: CaseState) => boolean): Promise<number> {
  const cal = await loadCalendar(platformView(deps.db));
  const rules = await loadRules(deps);
  let changed = 0;
  for (const id of await repo.listOpenCaseIds(deps.db, onlyProvisional)) {
    const now = deps.clock.now();
    const did = await deps.db.transaction().execute(async (trx) => {
      const row = await repo.findCaseById(trx, id);
      if (!row) return false;
      const events = await repo.listEvents(trx, id);
      const state = fold(events);
      const due = dueOf(cal, state, rules, deps.clock.today());
      if (due.dueOn === row.due_on && (due.provisional ? 1 : 0) === Number(row.due_provisional) && due.daysLeft === (row.days_left === null ? null : Number(row.days_left))) {
        if (due.explanation !== row.due_explanation) await repo.updateCase(trx, id, { due_explanation: due.explanation });
        return false;
      }
      if (only && !only(state)) return false;
      const why = typeof reason === 'string' ? reason : reason(state);
      const ev: CaseEvent = { type: 'due_recomputed', on: deps.clock.today(), data: { reason: why, before: { due_on: row.due_on, provisional: !!Number(row.due_provisional) }, after: { due_on: due.dueOn, provisional: due.provisional } } };
      await repo.appendEvents(trx, id, events.length, [ev], { id: null, label: s.systemActor }, now);
      await repo.updateCase(trx, id, { due_on: due.dueOn, due_provisional: due.provisional ? 1 : 0, due_explanation: due.explanation, days_left: due.daysLeft, updated_at: now.toISOString() });
      return true;
    });
    if (did) changed++;
  }
  return changed;
}

/**
 * 第三十二条、第三十四条、第三十三条第三款: the consultation pause ends at the answer or when the
 * party's 15 working days from receiving the letter run out. Run at start-up (once after an upgrade
 * this corrects the stored due dates of cases whose consultation was ended late — stored
 * consultations without a receipt day count as handed over on the letter day) and hourly (an open
 * consultation whose period ran out no longer stops the clock, so its due date is known again).
 */
// Also refreshes the explanation text of every open case whose date stands (e.g. after an upgrade
// that rewords it), without an event.
export async function recomputeConsultationClocks(deps: ApplicationDeps): Promise<number> {
  const today = deps.clock.today();
  return recomputeOpenCases(deps, (state) => {
    const open = state.consultations.find((c) => c.to === null);
    return open && open.answerDueOn && today > open.answerDueOn ? s.recompute.consultationLapsed(open.answerDueOn) : s.recompute.consultationCapped;
  }, false, (state) => state.consultations.length > 0);
}

// --- reads ---

export interface StaffCaseView {
  row: CaseRow;
  state: CaseState;
  events: StoredEvent[];
  /** Whether the actor sees ID numbers, phones and the address unmasked (the handler). */
  unmasked: boolean;
  /** Whether the actor may record a 保密审查 (reviewer, handler or supervisor in scope). */
  canReview: boolean;
  /** 第三十条: the last day for a correction notice, while one could still be sent. */
  correctionNoticeBy: LocalDate | null;
  /** The applicant's correction period when the notice names none (configurable rule). */
  correctionPeriodDays: number;
  /** Days a consultation letter by post is taken to travel (configurable, UNCONFIRMED). */
  consultationMailDays: number;
  applicant: { type: string; subtype: string | null; name: string; idNumber: string | null; phone: string | null; email: string | null; address: string | null };
  warnings: string[];
  canAct: boolean;
}

export async function getStaffCase(deps: ApplicationDeps, actor: Actor, reference: string): Promise<StaffCaseView> {
  const row = await requireCase(deps, actor, reference, READ_ROLES);
  const handlerScopes = await scopesOf(deps.db, actor, HANDLER_ROLES);
  const unmasked = covers(handlerScopes, row);
  const events = await repo.listEvents(deps.db, row.id);
  const cal = await loadCalendar(platformView(deps.db));
  const rules = await loadRules(deps);
  const state = withCurrentAnswerPeriods(cal, fold(events), rules);
  const targets = await targetsFor(deps.db, row.org_code);
  return {
    row, state, events, unmasked, canAct: unmasked, canReview: covers(await scopesOf(deps.db, actor, REVIEW_ROLES), row),
    correctionNoticeBy: state.receivedOn && !state.correction && !state.decision && !state.closedOn ? correctionNoticeDue(cal, state.receivedOn, rules) : null,
    correctionPeriodDays: rules.defaultCorrectionPeriodDays,
    consultationMailDays: rules.consultationMailDays,
    applicant: {
      type: row.applicant_type, subtype: row.applicant_subtype, name: row.applicant_name,
      idNumber: row.applicant_id_number && (unmasked ? row.applicant_id_number : maskIdNumber(row.applicant_id_number)),
      phone: row.applicant_phone && (unmasked ? row.applicant_phone : maskPhone(row.applicant_phone)),
      email: row.applicant_email, address: row.applicant_address && (unmasked ? row.applicant_address : maskAddress(row.applicant_address)),
    },
    warnings: OPEN_STAGES.includes(row.stage as never) ? [...lapsedPeriodWarnings(state, deps.clock.today()), ...targetWarnings(cal, state, targets, deps.clock.today(), localDateOf(new Date(row.created_at)))] : [],
  };
}

/** The public status: the same 404 for an unknown reference and a wrong tracking code. */
export async function publicStatus(deps: ApplicationDeps, reference: string, trackingCode: string): Promise<{ row: CaseRow; state: CaseState } | null> {
  const row = await repo.findCaseByReference(deps.db, normaliseReference(reference));
  if (!row || !trackingCode || !trackingCodeMatches(trackingCode, row.tracking_hash)) return null;
  return { row: { ...row, due_explanation: publicExplanation(row.due_explanation) }, state: fold(await repo.listEvents(deps.db, row.id)) };
}

export const DEFAULT_TARGETS: InternalTargets = { registerDays: 1, assignDays: 5, draftDays: 10, replyDays: 15 };

export async function targetsFor(db: Db, orgCode: string): Promise<InternalTargets> {
  const t = await repo.getTargets(db, orgCode);
  return t ? { registerDays: Number(t.register_days), assignDays: Number(t.assign_days), draftDays: Number(t.draft_days), replyDays: Number(t.reply_days) } : DEFAULT_TARGETS;
}

/** Saves an organisation's internal targets (each inside the 20-day legal limit). */
export async function saveTargets(deps: ApplicationDeps, actor: Actor, orgCode: string, input: Record<string, string>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const org = await findOrganisation(deps.db, orgCode);
  if (!org) errors.org = s.errors.org;
  else if (!(await scopesOf(deps.db, actor, ['supervisor'])).some((p) => org.path.startsWith(p))) errors.org = s.errors.orgOutOfScope;
  const keys = ['register_days', 'assign_days', 'draft_days', 'reply_days'] as const;
  const values: Record<string, number | string | null> = {};
  for (const k of keys) {
    const n = Number((input[k] ?? '').trim());
    if (!Number.isInteger(n) || n < 1 || n > rulesOf(deps).replyDays) errors[k] = s.errors.targetRange(rulesOf(deps).replyDays);
    values[k] = n;
  }
  if (!Object.keys(errors).length && !(values.register_days! <= values.assign_days! && values.assign_days! <= values.draft_days! && values.draft_days! <= values.reply_days!)) errors.reply_days = s.errors.targetOrder;
  for (const k of ['review_body', 'court'] as const) {
    const v = (input[k] ?? '').trim();
    if (v.length > 60) errors[k] = s.errors.bodyTooLong;
    values[k] = v || null;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.getTargets(trx, orgCode);
    await repo.saveTargets(trx, orgCode, values as never, now);
    await recordAudit(platformView(trx), now, { actorId: actor.userId, actorLabel: who(actor).label, action: 'application_targets_saved', entity: 'application_target', entityId: orgCode, before: before ?? undefined, after: values, orgCode });
  });
  return { ok: true };
}

// --- queue ---

export type QueueName = 'due_soon' | 'overdue' | 'awaiting_correction' | 'in_consultation' | 'awaiting_delivery' | 'awaiting_confirmation' | 'over_target' | 'all_open';
export const QUEUE_NAMES: QueueName[] = ['due_soon', 'overdue', 'awaiting_correction', 'in_consultation', 'awaiting_delivery', 'awaiting_confirmation', 'over_target', 'all_open'];

// In consultation counts once its party's period ran out (the due date is known again, 第三十二条);
// while it still stops the clock its due_on is null and the date lists leave it out.
const RUNNING: string[] = ['registered', 'assigned', 'in_consultation', 'awaiting_payment', 'decided'];

/** The filter of each queue except 超内部目标 (which needs each case's events). */
function queueFilter(name: Exclude<QueueName, 'over_target'>, today: LocalDate, cal: WorkingCalendar | null): repo.CaseFilter {
  switch (name) {
    case 'due_soon': return { stages: RUNNING, dueFrom: today, dueTo: workingDaysAfter(cal!, today, 3).date };
    case 'overdue': return { stages: RUNNING, dueBefore: today };
    case 'awaiting_correction': return { stages: ['awaiting_correction'] };
    case 'in_consultation': return { stages: ['in_consultation'] };
    case 'awaiting_delivery': return { stages: ['decided'] };
    case 'awaiting_confirmation': return { stages: ['awaiting_confirmation'] };
    case 'all_open': return { stages: [...OPEN_STAGES] };
  }
}

const QUEUE_PAGE = 200;

export async function queue(deps: ApplicationDeps, actor: Actor, name: QueueName): Promise<CaseRow[]> {
  const paths = await scopesOf(deps.db, actor, READ_ROLES);
  const today = deps.clock.today();
  if (name !== 'over_target') {
    const cal = name === 'due_soon' ? await loadCalendar(platformView(deps.db)) : null;
    return repo.listCasesIn(deps.db, paths, { ...queueFilter(name, today, cal), limit: QUEUE_PAGE });
  }
  const cal = await loadCalendar(platformView(deps.db));
  const out: CaseRow[] = [];
  // One read of an organisation's targets, however many of its cases are open.
  const targets = new Map<string, Promise<InternalTargets>>();
  const targetsOf = (org: string) => { let t = targets.get(org); if (!t) targets.set(org, t = targetsFor(deps.db, org)); return t; };
  for (const r of await repo.listCasesIn(deps.db, paths, { stages: [...OPEN_STAGES], limit: 1000 })) {
    const state = fold(await repo.listEvents(deps.db, r.id));
    if (targetWarnings(cal, state, await targetsOf(r.org_code), today, localDateOf(new Date(r.created_at))).length) out.push(r);
    if (out.length >= QUEUE_PAGE) break;
  }
  return out;
}

/**
 * The number of cases in each queue (counted in the database; 超内部目标 up to one page). `shown`:
 * the queue the page already listed (`queue`), so 超内部目标 is not judged case by case twice.
 */
export async function queueCounts(deps: ApplicationDeps, actor: Actor, shown?: { name: QueueName; rows: readonly CaseRow[] }): Promise<Record<QueueName, number>> {
  const paths = await scopesOf(deps.db, actor, READ_ROLES);
  const today = deps.clock.today();
  const cal = await loadCalendar(platformView(deps.db));
  const out = {} as Record<QueueName, number>;
  for (const n of QUEUE_NAMES) {
    if (n !== 'over_target') out[n] = await repo.countCasesIn(deps.db, paths, queueFilter(n, today, cal));
    else out[n] = (shown?.name === n ? shown.rows : await queue(deps, actor, n)).length;
  }
  return out;
}

/** Who the staff home page (工作台) shows the applications work to: the people who handle or review cases. */
export const WORK_ROLES = ['case_handler', 'supervisor', 'reviewer'] as const;

/**
 * The staff home page's counts: cases due within 3 working days and overdue, counted in the database
 * over the same scope and filters as the queue lists them (so each number is the list it links to).
 */
export async function workCounts(deps: ApplicationDeps, actor: Actor): Promise<{ due_soon: number; overdue: number }> {
  const paths = await scopesOf(deps.db, actor, READ_ROLES);
  const today = deps.clock.today();
  const cal = await loadCalendar(platformView(deps.db));
  const [dueSoon, overdue] = await Promise.all([
    repo.countCasesIn(deps.db, paths, queueFilter('due_soon', today, cal)),
    repo.countCasesIn(deps.db, paths, queueFilter('overdue', today, cal)),
  ]);
  return { due_soon: dueSoon, overdue };
}

/** Can this actor see the applications area at all? */
export function canUseApplications(actor: Actor | null): boolean {
  return !!actor && hasAnyRole(actor, [...READ_ROLES]);
}

export async function calendarFor(deps: ApplicationDeps): Promise<WorkingCalendar> {
  return loadCalendar(platformView(deps.db));
}

export { repo as applicationRepo };

// --- letters ---

const base = (name: string) => name.replace(/(人民政府|办事处)$/, '');

/**
 * The bodies named in the remedy notice. Defaults (configurable later, venue rules UNCONFIRMED):
 * a department's review body is its own government (《行政复议法》2023 修订); a government's is the
 * government above. Suits against county-level and higher governments go to the 中级人民法院
 * (《行政诉讼法》第十五条), others to the basic court of the county.
 */
export async function remedyBodies(db: Db, orgCode: string): Promise<{ reviewBody: string; court: string }> {
  const org = await findOrganisation(db, orgCode);
  const parent = org?.parentCode ? await findOrganisation(db, org.parentCode) : null;
  const configured = await repo.getTargets(db, orgCode);
  const derived = derivedBodies(org, parent);
  return { reviewBody: configured?.review_body ?? derived.reviewBody, court: configured?.court ?? derived.court };
}

function derivedBodies(org: Organisation | null, parent: Organisation | null): { reviewBody: string; court: string } {
  if (!org) return { reviewBody: '上一级行政机关', court: '有管辖权的人民法院' };
  if (org.kind === 'government') return { reviewBody: parent?.name ?? '上一级人民政府', court: parent ? `${base(parent.name)}中级人民法院` : '有管辖权的中级人民法院' };
  return { reviewBody: parent?.name ?? '本级人民政府', court: parent ? `${base(parent.name)}人民法院` : '有管辖权的人民法院' };
}

/** The 发文字号 prefix of an organisation: the one set for it, or one derived from its name. */
export async function docPrefixOf(db: Db, orgCode: string): Promise<{ prefix: string; configured: boolean }> {
  const stored = await letterRepo.getPrefix(db, orgCode);
  if (stored) return { prefix: stored, configured: true };
  const org = await findOrganisation(db, orgCode);
  return { prefix: defaultDocPrefix(org?.name ?? orgCode, org?.kind), configured: false };
}

/**
 * Issues the letters of one event (snapshot, not a view of today): the facts outside the event log —
 * the issuing office (for a 转办函 the transferring one), the names in the remedy notice, the
 * applicant as registered, the due date in force right after the event — and, for outgoing letters,
 * a 发文字号 whose year is the event's and whose serial is the next of that office and year.
 * Runs in the caller's transaction (the event and its letters are one write).
 */
async function issueLettersOf(trx: Db, row: CaseRow, allEvents: readonly CaseEvent[], index: number, due: { dueOn: LocalDate | null; provisional: boolean }, now: Date, only?: LetterKind): Promise<void> {
  const event = allEvents[index]!;
  const state = fold(allEvents.slice(0, index + 1));
  for (const kind of lettersIssuedBy(event, state)) {
    if (only && kind !== only) continue;
    const lastTransfer = state.transfers[state.transfers.length - 1];
    const issuer = kind === 'transfer' && lastTransfer?.from ? lastTransfer.from : state.org || row.org_code;
    const org = await findOrganisation(trx, issuer);
    const target = kind === 'transfer' && lastTransfer ? await findOrganisation(trx, lastTransfer.to) : null;
    // An issuer that got the application by a 转办 did not receive it from the applicant: the letter
    // names the office that did (the first one) and the day it was transferred to the issuer.
    const firstOffice = state.transfers[0]?.from;
    const intoIssuer = [...state.transfers].reverse().find((t) => t.to === issuer);
    const receivedBy = firstOffice && firstOffice !== issuer && intoIssuer
      ? { name: (await findOrganisation(trx, firstOffice))?.name ?? firstOffice, transferredOn: intoIssuer.on } : undefined;
    const year = Number(event.on.slice(0, 4));
    // Claim the letter's row first, then number it: when two requests print an old case's letter
    // at once, the second waits on the first's row (PostgreSQL: the unique index; SQLite: the
    // write lock), finds it issued and takes no serial — so 发文字号 serials have no gaps.
    if (!(await letterRepo.insertLetter(trx, { case_id: row.id, kind, event_seq: index + 1, org_code: issuer, doc_year: year, doc_serial: null, doc_number: null, dated_on: event.on, facts_json: '{}', created_at: now.toISOString() }))) continue;
    let serial: number | null = null;
    let docNumber: string | null = null;
    if (NUMBERED_KINDS.includes(kind)) {
      serial = await letterRepo.nextLetterSerial(trx, issuer, year);
      docNumber = formatDocNumber((await docPrefixOf(trx, issuer)).prefix, year, serial);
    }
    const facts: LetterFacts = {
      reference: row.reference, orgName: org?.name ?? issuer, ...(await remedyBodies(trx, issuer)), transferTargetName: target?.name, receivedBy,
      applicant: { type: row.applicant_type as ApplicantType, subtype: row.applicant_subtype, name: row.applicant_name, idNumber: row.applicant_id_number, phone: row.applicant_phone, email: row.applicant_email, address: row.applicant_address },
      channel: row.channel as Channel, submittedOn: row.submitted_on, receivedOn: state.receivedOn, description: row.description, delivery: row.delivery as DeliveryMethod,
      dueOn: due.dueOn, dueProvisional: due.provisional, docNumber, dated: event.on,
    };
    const consulted = kind === 'consultation' ? state.consultations[state.consultations.length - 1] : undefined;
    if (consulted) {
      const loaded = (await loadCalendar(platformView(trx))).loadedYears;
      const years = Array.from({ length: Number(consulted.answerDueOn.slice(0, 4)) - year + 1 }, (_, i) => year + i);
      if (years.some((y) => !loaded.has(y))) facts.answerDueProvisional = true;
    }
    // The text as issued (without the tracking code, which is shown once and stored hashed).
    const text = buildLetter(kind, { ...facts, state });
    await letterRepo.completeLetter(trx, row.id, kind, index + 1, { doc_serial: serial, doc_number: docNumber, facts_json: JSON.stringify(facts), letter_json: JSON.stringify(text) });
  }
}

/** Issues the letters of events just appended (seq lastSeq+1 …) in the caller's transaction. */
async function issueLetters(trx: Db, row: CaseRow, before: readonly CaseEvent[], added: readonly CaseEvent[], due: { dueOn: LocalDate | null; provisional: boolean }, now: Date): Promise<void> {
  const all = [...before, ...added];
  for (let i = before.length; i < all.length; i++) await issueLettersOf(trx, row, all, i, due, now);
}

/**
 * The current letter of `kind` as issued: the stored facts of its issuing event, with the case
 * folded up to that event. A case from before letters were stored (no row for the event) has its
 * letter issued now, once — dated its event, due date recomputed from the log up to the event —
 * and then prints the same on every later day.
 */
async function issuedLetter(deps: ApplicationDeps, row: CaseRow, kind: LetterKind, trackingCode?: string | null): Promise<{ c: LetterCase; text: Letter | null } | null> {
  const events = await repo.listEvents(deps.db, row.id);
  const index = issuingEventIndex(kind, events, (n) => fold(events.slice(0, n)));
  if (index < 0) return null;
  let stored = await letterRepo.findLetter(deps.db, row.id, kind, events[index]!.seq);
  if (!stored) {
    const cal = await loadCalendar(platformView(deps.db));
    const due = dueOf(cal, fold(events.slice(0, index + 1)), await loadRules(deps));
    await deps.db.transaction().execute((trx) => issueLettersOf(trx, row, events, index, due, deps.clock.now(), kind));
    stored = await letterRepo.findLetter(deps.db, row.id, kind, events[index]!.seq);
    if (!stored) return null;
  }
  const facts = JSON.parse(stored.facts_json) as LetterFacts;
  return { c: { ...facts, trackingCode: trackingCode ?? null, state: fold(events.slice(0, index + 1)) }, text: stored.letter_json ? JSON.parse(stored.letter_json) as Letter : null };
}

/** A letter's texts with the applicant's ID number, phone and address masked (for a reader who does not handle the case). */
function maskLetter(l: Letter, applicant: LetterFacts['applicant']): Letter {
  const swaps = ([[applicant.idNumber, maskIdNumber], [applicant.phone, maskPhone], [applicant.address, maskAddress]] as const)
    .filter((x): x is [string, (t: string) => string] => !!x[0]).map(([v, f]) => [v, f(v)] as const);
  const m = (t: string) => swaps.reduce((acc, [v, masked]) => acc.split(v).join(masked), t);
  return { ...l, recipient: l.recipient && m(l.recipient), paragraphs: l.paragraphs.map(m), ...(l.table ? { table: l.table.map(([k, v]) => [m(k), m(v)] as [string, string]) } : {}) };
}

/** A letter as DOCX; null when the case has not reached the point where it exists. */
export async function renderLetter(deps: ApplicationDeps, row: CaseRow, _state: CaseState, kind: LetterKind, trackingCode?: string | null, mask = false): Promise<{ filename: string; body: Buffer } | null> {
  const issued = await issuedLetter(deps, row, kind, trackingCode);
  if (!issued) return null;
  const { c, text } = issued;
  // The text kept at issue; a letter from before it was kept (or the receipt with the tracking code,
  // printed once at registration) is built from the stored facts.
  let letter: Letter;
  if (text && !trackingCode) letter = mask ? maskLetter(text, c.applicant) : text;
  else {
    if (mask) c.applicant = { ...c.applicant, idNumber: c.applicant.idNumber && maskIdNumber(c.applicant.idNumber), phone: c.applicant.phone && maskPhone(c.applicant.phone), address: c.applicant.address && maskAddress(c.applicant.address) };
    letter = buildLetter(kind, c);
  }
  return { filename: `${row.reference}-${letter.title}.docx`, body: await renderLetterDocx(letter) };
}

/** Staff download of a letter (read scope; applicant data unmasked only for the handler). */
export async function staffLetter(deps: ApplicationDeps, actor: Actor, reference: string, kind: LetterKind, trackingCode?: string | null) {
  const v = await getStaffCase(deps, actor, reference);
  return renderLetter(deps, v.row, v.state, kind, trackingCode, !v.unmasked);
}

/** The blank 政府信息公开申请表 (DOCX, no personal data) offered on the public pages. */
export async function blankApplicationFormDocx(): Promise<Buffer> {
  return renderLetterDocx(blankApplicationForm());
}

/** The letter prefixes of the organisations a supervisor may set them for. */
export async function letterPrefixView(deps: ApplicationDeps, actor: Actor, orgCode: string): Promise<{ org: Organisation; prefix: string; configured: boolean; example: string }> {
  const org = await findOrganisation(deps.db, orgCode);
  if (!org) throw notFound(s.errors.orgNotFound);
  if (!(await scopesOf(deps.db, actor, ['supervisor'])).some((p) => org.path.startsWith(p))) throw forbidden(s.errors.orgOutOfScope);
  const p = await docPrefixOf(deps.db, org.code);
  return { org, ...p, example: formatDocNumber(p.prefix, Number(deps.clock.today().slice(0, 4)), 1) };
}

/** Sets (or, when empty, clears) an organisation's 发文字号 prefix; supervisor in scope; audited. */
export async function saveLetterPrefix(deps: ApplicationDeps, actor: Actor, orgCode: string, input: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors; taken?: true }> {
  const org = await findOrganisation(deps.db, orgCode);
  if (!org) return { ok: false, errors: { org: s.errors.org } };
  const scopes = await scopesOf(deps.db, actor, ['supervisor']);
  if (!scopes.some((p) => org.path.startsWith(p))) return { ok: false, errors: { org: s.errors.orgOutOfScope } };
  const prefix = input.trim();
  const problem = prefix ? docPrefixProblem(prefix) : null;
  if (problem) return { ok: false, errors: { prefix: problem === 'length' ? ls.errors.prefixLength : ls.errors.prefixCharacters } };
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx): Promise<{ ok: true } | { ok: false; errors: FieldErrors; taken?: true }> => {
    // Two offices with one 机关代字 would issue the same 发文字号: refuse a prefix another organisation
    // has set, or uses by default (none set, derived from its name).
    if (prefix) {
      const holder = (await letterRepo.prefixHolders(trx, prefix, namesWithDefaultPrefix(prefix), org.code))
        .find((o) => o.configured === prefix || (!o.configured && defaultDocPrefix(o.name, o.kind) === prefix));
      // named only when the caller may see it (another county's office is not disclosed)
      if (holder) return { ok: false, taken: true, errors: { prefix: ls.errors.prefixTaken(scopes.some((p) => holder.path.startsWith(p)) ? holder.name : ls.otherOrg, prefix) } };
    }
    const before = await letterRepo.getPrefix(trx, org.code);
    await letterRepo.savePrefix(trx, org.code, prefix || null, now);
    await recordAudit(platformView(trx), now, { actorId: actor.userId, actorLabel: who(actor).label, action: 'application_letter_prefix_saved', entity: 'application_letter_prefix', entityId: org.code, before: { prefix: before }, after: { prefix: prefix || null }, orgCode: org.code });
    return { ok: true };
  });
}

// --- statistics ---

/** Statistics for an organisation subtree and period (scope-checked). */
export async function statistics(deps: ApplicationDeps, actor: Actor, orgCode: string, from: string, to: string): Promise<StatisticsRow[]> {
  const org = await findOrganisation(deps.db, orgCode);
  if (!org) throw notFound(s.errors.orgNotFound);
  if (!(await scopesOf(deps.db, actor, READ_ROLES)).some((p) => org.path.startsWith(p))) throw forbidden(s.errors.orgOutOfScope);
  const rows = await repo.statisticsRows(deps.db, org.path, to);
  const names: Record<string, string> = {};
  for (const code of new Set(rows.map((r) => r.org_code))) names[code] = (await findOrganisation(deps.db, code))?.name ?? code;
  return computeStatistics(rows, from, to, names, { code: org.code, name: org.name });
}

// --- delivery receipts (送达回执 scans) ---

export const RECEIPT_MAX_BYTES = 5 * 1024 * 1024;

/** The type of an upload by its magic bytes (never by name or declared type). */
export function sniffUpload(buf: Buffer): { mime: string; ext: string } | null {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  return null;
}

/** Stores a scanned delivery receipt (PDF, JPEG or PNG) for a case; audited. */
export async function addDeliveryReceipt(deps: ApplicationDeps, actor: Actor, reference: string, file: Buffer | null): Promise<{ ok: true } | { ok: false; error: string; code?: string }> {
  const row = await requireCase(deps, actor, reference, HANDLER_ROLES);
  if (!file || !file.length) return { ok: false, error: s.errors.fileRequired };
  if (file.length > RECEIPT_MAX_BYTES) return { ok: false, error: s.errors.fileTooLarge };
  // A PDF or picture with a zip bomb stuck on its end is refused too.
  const unpacked = await checkUnpacked(file);
  if (!unpacked.ok) return { ok: false, error: unpacked.message, code: unpacked.code };
  const kind = sniffUpload(file);
  if (!kind) return { ok: false, error: s.errors.fileType };
  if (!row.decided_on) return { ok: false, error: s.errors.receiptBeforeDecision };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const filename = `送达回执-${row.reference}-${deps.clock.today()}.${kind.ext}`;
    const id = await repo.insertAttachment(trx, { case_id: row.id, kind: 'delivery_receipt', filename, mime: kind.mime, content_base64: file.toString('base64') }, now);
    await recordAudit(platformView(trx), now, { actorId: actor.userId, actorLabel: who(actor).label, action: 'application_receipt_uploaded', entity: 'application_case', entityId: row.reference, after: { attachment: id, filename, bytes: file.length }, orgCode: row.org_code });
  });
  return { ok: true };
}

export async function getAttachment(deps: ApplicationDeps, actor: Actor, reference: string, id: number) {
  const row = await requireCase(deps, actor, reference, READ_ROLES);
  return repo.getAttachment(deps.db, row.id, id);
}
