// 转人工 (issue 20 §4): whether a human can be asked for (the organisation's setting, the working-day
// calendar and the hand-off venue's hours), the person's request (wait for staff, or leave an enquiry
// or a message), the staff side (queue, take, reply, close, 转为咨询登记), the untaken hand-offs'
// conversion after the wait, the settings, and tracking by reference and code.
// Every state move is one conditional UPDATE (moveState): two staff taking at once, a take racing
// the deadline job, a request sent twice — one wins, nothing is stored twice.
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { hashTrackingCode, newReference, newTrackingCode, normaliseReference, trackingCodeMatches } from '../../platform/public-refs/public-refs.ts';
import { labelOf, parseEnum } from '../../platform/web/enums.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, identityService, type Actor } from '../identity/index.ts';
import { createEnquiry, TOPIC_MAX, ANSWER_MAX, normaliseContactPhone } from '../enquiries/index.ts';
import { listMessageCategories, submitMessage } from '../interaction/index.ts';
import { dayInfoMemo, findVenue, openStatus, type VenueHours } from '../service-map/index.ts';
import type { AssistantDeps } from './deps.ts';
import { appendTurns, findConversation, findConversationByReference, type Conversation } from './conversations.repository.ts';
import type { HandoffStatus } from './types.ts';
import { CONVERSATION_STATES, DEFAULT_HANDOFF_WAIT_MINUTES, HANDOFF_FALLBACKS, HANDOFF_REASONS, HANDOFF_REFERENCE_PREFIX, HANDOFF_ROLES, type ConversationState, type HandoffFallback } from './vocabulary.ts';
import { availability, deadlineAfter, DEFAULT_HANDOFF_HOURS, fallbackKind, MOVES, topicOf, transcriptOf, waitMinutesOf, type HandoffSettingView } from './handoff-rules.ts';
import { handoffStrings as hs } from './handoff.strings.ts';

/** Who may change an organisation's hand-off settings. */
export const SETTINGS_ROLES = ['admin', 'supervisor'] as const;
/** Longest staff reply (characters). */
export const REPLY_MAX = 1000;
/** How the enquiry made from a conversation marks its answer until staff write theirs (see trackHandoff). */
const TRANSCRIPT_MARK = hs.enquiry.answerPrefix;

// ---------------------------------------------------------------- settings and availability

export interface HandoffSetting extends HandoffSettingView { orgCode: string; orgPath: string; updatedBy: string; updatedAt: string }

/** The setting of the organisation at `orgPath` or of its nearest ancestor with one; null when none has. */
export async function settingFor(db: Db, orgPath: string | null): Promise<HandoffSetting | null> {
  if (!orgPath) return null;
  const parts = orgPath.split('/').filter(Boolean);
  const paths = parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
  const rows = await db.selectFrom('as_setting').selectAll().where('org_path', 'in', paths).execute();
  const r = rows.sort((a, b) => b.org_path.length - a.org_path.length)[0];
  if (!r) return null;
  return {
    orgCode: r.org_code, orgPath: r.org_path, enabled: Number(r.handoff_enabled) === 1, venuePublicId: r.handoff_venue_public_id,
    waitMinutes: waitMinutesOf(Number(r.wait_minutes)), fallback: (parseEnum(HANDOFF_FALLBACKS, r.fallback) ?? 'enquiry') as HandoffFallback, updatedBy: r.updated_by, updatedAt: r.updated_at,
  };
}

async function orgPathOf(db: Db, conv: { orgCode: string | null; orgPath?: string | null }): Promise<string | null> {
  if (conv.orgPath) return conv.orgPath;
  if (!conv.orgCode) return null;
  return (await findOrganisation(db, conv.orgCode))?.path ?? null;
}

/** The hours a hand-off follows: the setting's venue, else the default working day (09:00–12:00, 13:30–17:30). */
async function hoursOf(db: Db, venuePublicId: string | null): Promise<VenueHours> {
  const venue = venuePublicId ? await findVenue(db, venuePublicId) : null;
  return venue ? { weekly: venue.hours, is24h: venue.is24h, holidayRule: venue.holidayRule } : { weekly: DEFAULT_HANDOFF_HOURS, is24h: false, holidayRule: 'statutory' };
}

/** Whether a human can be asked for now in this conversation (working-day calendar and the venue's hours). */
export async function handoffStatus(deps: Pick<AssistantDeps, 'db' | 'clock' | 'finder'>, conv: Pick<Conversation, 'orgCode' | 'state' | 'venuePublicId'> & { orgPath?: string | null }): Promise<HandoffStatus> {
  const early = availability({ state: conv.state, hasOrganisation: !!conv.orgCode, setting: { enabled: true }, open: { openNow: true, todayPeriods: [] } });
  if (!early.available) return early;
  const setting = await settingFor(deps.db, await orgPathOf(deps.db, conv));
  if (!setting || !setting.enabled) return availability({ state: conv.state, hasOrganisation: true, setting, open: null });
  const calendar = await deps.finder.calendarNow();
  const open = openStatus(await hoursOf(deps.db, setting.venuePublicId), dayInfoMemo(calendar), deps.clock.now());
  return availability({ state: conv.state, hasOrganisation: true, setting, open });
}

// ---------------------------------------------------------------- the person's request

export type HandoffRequest =
  /** live: wait for a staff member now (only when available); leave: become an enquiry (anonymous) or a message (name and phone needed). */
  { mode: 'live'; contact?: { name: string; phone: string } | null } | { mode: 'leave'; kind: 'enquiry' | 'message'; contact?: { name: string; phone: string } | null };

export type HandoffResult =
  | { ok: true; state: 'waiting' | 'converted'; reference: string; trackingCode: string; convertedKind: 'enquiry' | 'message' | null; convertedRef: string | null; deadlineAt?: string | null }
  | { ok: false; status: 400 | 404 | 409; code: string; message: string; fields?: Record<string, string>; reasons?: string[]; reference?: string };

interface Contact { name: string; phone: string }

/** A contact as given: both empty → null; else checked (a message needs both). */
function checkContact(c: { name?: string; phone?: string } | null | undefined, required: boolean): { ok: true; value: Contact | null } | { ok: false; fields: Record<string, string> } {
  const name = (c?.name ?? '').normalize('NFC').trim();
  const phoneText = (c?.phone ?? '').trim();
  if (!name && !phoneText && !required) return { ok: true, value: null };
  const fields: Record<string, string> = {};
  if (!name || [...name].length > 40 || /[<>]/.test(name)) fields.contact_name = hs.errors.name;
  const phone = phoneText ? normaliseContactPhone(phoneText) : null;
  if (!phone) fields.contact_phone = hs.errors.phone;
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, value: { name, phone: phone as string } };
}

function contactOf(json: string | null): Contact | null {
  if (!json) return null;
  try { const c = JSON.parse(json) as Contact; return c.name && c.phone ? c : null; } catch { return null; }
}

const exists = (reference: string): HandoffResult => ({ ok: false, status: 409, code: 'handoff_exists', message: hs.errors.exists, reasons: ['handoff_exists'], reference });

/**
 * The transcript's turns (with the staff's labels), in order, masked: the assistant's answer may quote
 * the person's words (「没有找到和“…”相关的…」) with an ID or mobile number that only the person's own
 * turn had masked, and the transcript is shown to staff and copied into the enquiry or message.
 */
async function transcriptTurns(db: Db, conversationId: number) {
  const rows = await db.selectFrom('as_turn').select(['seq', 'role', 'text', 'staff_label', 'created_at']).where('conversation_id', '=', conversationId).orderBy('seq').execute();
  return rows.map((r) => ({ ...r, text: maskPersonalData(r.text) }));
}

/**
 * Makes the enquiry or message of a conversation already claimed (state converted, reference set).
 * `recorder` names who records (the assistant, or a staff member converting by hand).
 */
async function makeRecord(deps: AssistantDeps, conv: Conversation, kind: HandoffFallback, contact: Contact | null, recorder: string): Promise<{ ok: true; ref: string } | { ok: false; message: string; fields: Record<string, string> }> {
  const turns = (await transcriptTurns(deps.db, conv.id)).map((t) => ({ role: t.role, text: t.text, staffLabel: t.staff_label }));
  const org = conv.orgCode ? await findOrganisation(deps.db, conv.orgCode) : null;
  if (!org) return { ok: false, message: hs.errors.org, fields: { org: hs.errors.org } };
  if (kind === 'message' && contact) {
    const categories = await listMessageCategories(deps.db);
    const category = categories.find((c) => c.code === 'other') ?? categories.find((c) => !c.isDisclosure);
    const content = transcriptOf(turns, 3000);
    const r = await submitMessage({ db: deps.db, clock: deps.clock }, {
      org: org.code, category: category?.code ?? 'other', title: hs.message.title, content: [...content].length >= 5 ? content : `${content}（无内容）`, address: '', lat: null, lng: null,
      contactName: contact.name, contactPhone: contact.phone, contactEmail: '', isPublic: false,
      source: conv.channel === 'kiosk' ? 'kiosk' : conv.channel === 'api' ? 'api' : 'web',
    }, { accountId: conv.accountId });
    if (!r.ok) return { ok: false, message: Object.values(r.errors).join('；'), fields: r.errors };
    return { ok: true, ref: r.reference };
  }
  const setting = await settingFor(deps.db, org.path);
  const r = await createEnquiry({ db: deps.db, clock: deps.clock }, { system: recorder, orgCode: org.code }, {
    channel: 'self_service', venue: setting?.venuePublicId ?? conv.venuePublicId ?? '', topic: topicOf(turns, TOPIC_MAX, hs.enquiry.topicFallback),
    answer: `${TRANSCRIPT_MARK}${transcriptOf(turns, ANSWER_MAX - [...TRANSCRIPT_MARK].length)}`,
    contact_name: contact?.name ?? '', contact_phone: contact?.phone ?? '',
    // the person was told to look for the answer with the reference: unless staff already answered in
    // the conversation, the enquiry waits for one (待跟进), not filed away as 无需跟进
    follow_up: !turns.some((t) => t.role === 'staff'),
  }, 'assistant');
  if (!r.ok) return { ok: false, message: Object.values(r.errors).join('；'), fields: r.errors };
  return { ok: true, ref: r.publicId };
}

/** Claims a conversation for a hand-off: state from → to with a new reference (retried on the rare clash). */
async function claim(deps: AssistantDeps, conv: Conversation, to: ConversationState, set: Record<string, unknown>, turnText: string | null): Promise<{ ok: true; reference: string; trackingCode: string } | { ok: false }> {
  const now = deps.clock.now();
  for (let attempt = 0; ; attempt++) {
    const reference = newReference(HANDOFF_REFERENCE_PREFIX, deps.clock.today());
    const trackingCode = newTrackingCode();
    try {
      const won = await inTransaction(deps.db, async (trx) => {
        const moved = await trx.updateTable('as_conversation').set({ ...set, state: to, reference, tracking_hash: hashTrackingCode(trackingCode), handoff_requested_at: now.toISOString() })
          .where('id', '=', conv.id).where('state', 'in', [...MOVES.request.from]).where('reference', 'is', null).executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return false;
        if (turnText) {
          const t = await appendTurns(trx, conv, now, [{ role: 'system', text: turnText, outcome: 'handoff' }]);
          if (!t.ok) throw new HttpError(409, 'concurrent_change', hs.errors.concurrent, ['concurrent_change']);
        }
        return true;
      });
      return won ? { ok: true, reference, trackingCode } : { ok: false };
    } catch (e) {
      if (attempt < 3 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/**
 * Asks for a human in a conversation (its holder). `accountId`: the signed-in resident asking (from
 * the page's session only): a conversation without an account gets it in the claim's transaction,
 * and the message it becomes carries it (issue 21 §3).
 */
export async function requestHandoff(deps: AssistantDeps, conversationId: string, req: HandoffRequest, accountId: number | null = null): Promise<HandoffResult> {
  const conv = await findConversation(deps.db, conversationId);
  if (!conv) return { ok: false, status: 404, code: 'conversation_not_found', message: hs.errors.notFound };
  if (conv.reference) return exists(conv.reference);
  const mode = req.mode;
  if (mode !== 'live' && mode !== 'leave') return { ok: false, status: 400, code: 'invalid_mode', message: hs.errors.mode };
  const kind = mode === 'leave' ? parseEnum(HANDOFF_FALLBACKS, req.kind) : null;
  if (mode === 'leave' && !kind) return { ok: false, status: 400, code: 'invalid_kind', message: hs.errors.kind, fields: { kind: hs.errors.kind } };
  const contact = checkContact(req.contact, kind === 'message');
  if (!contact.ok) return { ok: false, status: 400, code: 'contact_invalid', message: Object.values(contact.fields).join('；'), fields: contact.fields };
  if (!conv.turnCount) return { ok: false, status: 409, code: 'handoff_empty', message: hs.errors.empty, reasons: ['handoff_empty'] };
  const owner = accountId !== null && conv.accountId === null ? { account_id: accountId } : {};

  if (mode === 'live') {
    const status = await handoffStatus(deps, conv);
    if (!status.available) return { ok: false, status: 409, code: 'handoff_unavailable', message: `${hs.errors.unavailable}：${labelOf(HANDOFF_REASONS, status.reason)}`, reasons: [status.reason] };
    const setting = await settingFor(deps.db, conv.orgPath);
    const deadlineAt = deadlineAfter(deps.clock.now(), setting?.waitMinutes ?? DEFAULT_HANDOFF_WAIT_MINUTES);
    const c = await claim(deps, conv, 'waiting', { handoff_deadline_at: deadlineAt, handoff_contact_json: contact.value ? JSON.stringify(contact.value) : null, ...owner }, hs.turns.waiting);
    if (!c.ok) return exists((await findConversation(deps.db, conversationId))?.reference ?? '');
    return { ok: true, state: 'waiting', reference: c.reference, trackingCode: c.trackingCode, convertedKind: null, convertedRef: null, deadlineAt };
  }

  // leave: claim first (a second request meets the reference), then record; a refused record gives the conversation back
  const c = await claim(deps, conv, 'converted', { converted_kind: kind, ...owner }, null);
  if (!c.ok) return exists((await findConversation(deps.db, conversationId))?.reference ?? '');
  const fresh = (await findConversation(deps.db, conversationId)) as Conversation;
  const made = await makeRecord(deps, fresh, kind as HandoffFallback, contact.value, '智能客服');
  if (!made.ok) {
    await deps.db.updateTable('as_conversation').set({ state: conv.state, reference: null, tracking_hash: null, handoff_requested_at: null, converted_kind: null, account_id: conv.accountId }).where('id', '=', conv.id).execute();
    return { ok: false, status: 400, code: 'handoff_record_invalid', message: made.message, fields: made.fields };
  }
  await finishConversion(deps, fresh, kind as HandoffFallback, made.ref, kind === 'message' ? hs.turns.leftMessage(made.ref) : hs.turns.leftEnquiry(made.ref));
  return { ok: true, state: 'converted', reference: c.reference, trackingCode: c.trackingCode, convertedKind: kind as HandoffFallback, convertedRef: made.ref };
}

/** Stores what a converted conversation became and tells the person (a system turn). */
async function finishConversion(deps: AssistantDeps, conv: Conversation, kind: HandoffFallback, ref: string, text: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.updateTable('as_conversation').set({ converted_kind: kind, converted_ref: ref, handoff_contact_json: null, closed_at: now.toISOString() }).where('id', '=', conv.id).execute();
  // the turn is told once; a concurrent append (the person asking at that moment) is retried on the fresh count
  for (let i = 0; i < 3; i++) {
    const cur = (await findConversation(deps.db, conv.publicId)) ?? conv;
    const r = await inTransaction(deps.db, (trx) => appendTurns(trx, cur, now, [{ role: 'system', text, outcome: 'handoff' }]));
    if (r.ok) return;
  }
}

// ---------------------------------------------------------------- tracking

/** What the person sees with the reference and tracking code (after the conversation's 30 minutes too). */
export interface HandoffTrack {
  reference: string;
  state: string;
  stateLabel: string;
  /** The staff members' answers and, once converted, the enquiry's answer or the message's reference. */
  answers: { at: string; text: string }[];
  convertedKind: 'enquiry' | 'message' | null;
  convertedRef: string | null;
}

/** null for an unknown reference or a wrong code (the same answer for both). */
export async function trackHandoff(deps: Pick<AssistantDeps, 'db' | 'clock'>, reference: string, trackingCode: string): Promise<HandoffTrack | null> {
  const ref = normaliseReference(reference ?? '').slice(0, 40);
  const code = (trackingCode ?? '').slice(0, 40);
  const conv = ref ? await findConversationByReference(deps.db, ref) : null;
  // the hash is computed either way, so a wrong code and an unknown reference take the same time
  const matches = trackingCodeMatches(code, conv?.trackingHash ?? hashTrackingCode('-'));
  if (!conv || !conv.trackingHash || !matches) return null;
  const staff = await deps.db.selectFrom('as_turn').select(['text', 'staff_label', 'created_at']).where('conversation_id', '=', conv.id).where('role', '=', 'staff').orderBy('seq').execute();
  const answers = staff.map((t) => ({ at: t.created_at, text: `${hs.track.staffAnswer(t.staff_label ?? '')}：${t.text}` }));
  if (conv.convertedKind === 'enquiry' && conv.convertedRef) {
    const e = await deps.db.selectFrom('enquiry').select(['answer', 'updated_at']).where('public_id', '=', conv.convertedRef).executeTakeFirst();
    if (e && e.answer.trim() && !e.answer.startsWith(TRANSCRIPT_MARK)) answers.push({ at: e.updated_at, text: e.answer });
  }
  return {
    reference: conv.reference as string, state: conv.state, stateLabel: labelOf(CONVERSATION_STATES, conv.state), answers,
    convertedKind: (conv.convertedKind as 'enquiry' | 'message' | null) ?? null, convertedRef: conv.convertedRef,
  };
}

// ---------------------------------------------------------------- the staff side

export type Who = { actor: Actor; requestId?: string | undefined };

export function staffScopes(db: Db, actor: Actor): Promise<string[]> {
  return identityService.officeScopes(db, actor, HANDOFF_ROLES);
}
const inScope = (scopes: readonly string[], path: string | null) => !!path && scopes.some((p) => path.startsWith(p));

export interface QueueRow {
  reference: string; orgCode: string | null; orgName: string; state: ConversationState; requestedAt: string; waitedMinutes: number;
  deadlineAt: string | null; firstQuestion: string; takenByLabel: string | null; takenById: number | null;
}

/** Conversations waiting or with staff in the caller's scope, oldest first. */
export async function listQueue(deps: Pick<AssistantDeps, 'db' | 'clock'>, actor: Actor): Promise<QueueRow[]> {
  const scopes = await staffScopes(deps.db, actor);
  if (!scopes.length) return [];
  const rows = await deps.db.selectFrom('as_conversation').leftJoin('organisation', 'organisation.code', 'as_conversation.org_code')
    .select(['as_conversation.id', 'reference', 'org_code', 'org_path', 'state', 'handoff_requested_at', 'handoff_deadline_at', 'taken_by_label', 'taken_by_id', 'organisation.name as org_name'])
    .where('state', 'in', ['waiting', 'staff']).where('reference', 'is not', null)
    .where((eb) => eb.or(scopes.map((p) => eb('org_path', 'like', `${p}%`))))
    .orderBy('handoff_requested_at').orderBy('as_conversation.id').limit(200).execute();
  const ids = rows.map((r) => Number(r.id));
  const firsts = ids.length ? await deps.db.selectFrom('as_turn').select(['conversation_id', 'text', 'seq']).where('conversation_id', 'in', ids).where('role', '=', 'user').orderBy('seq').execute() : [];
  const first = new Map<number, string>();
  for (const t of firsts) if (!first.has(Number(t.conversation_id))) first.set(Number(t.conversation_id), t.text);
  const now = deps.clock.now().getTime();
  return rows.map((r) => ({
    reference: r.reference as string, orgCode: r.org_code, orgName: r.org_name ?? '', state: r.state as ConversationState, requestedAt: r.handoff_requested_at ?? '',
    waitedMinutes: Math.max(0, Math.floor((now - Date.parse(r.handoff_requested_at ?? '')) / 60_000)) || 0, deadlineAt: r.handoff_deadline_at,
    firstQuestion: first.get(Number(r.id)) ?? '', takenByLabel: r.taken_by_label, takenById: r.taken_by_id,
  }));
}

export interface StaffTurn { seq: number; role: string; text: string; staffLabel: string | null; at: string }
export interface StaffConversation { conv: Conversation & { trackingHash: string | null }; orgName: string; takenById: number | null; turns: StaffTurn[] }

const notFound = () => new HttpError(404, 'handoff_not_found', hs.errors.notFound);

/** A hand-off in the caller's scope (404 otherwise: a row outside the scope is not shown to exist). */
export async function loadForStaff(deps: Pick<AssistantDeps, 'db'>, actor: Actor, reference: string, afterSeq = 0): Promise<StaffConversation> {
  const ref = normaliseReference(reference ?? '');
  if (!/^[A-Z]{1,6}-\d{8}-[0-9A-Z]{5}$/.test(ref)) throw notFound();
  const conv = await findConversationByReference(deps.db, ref);
  if (!conv || !inScope(await staffScopes(deps.db, actor), conv.orgPath)) throw notFound();
  const row = await deps.db.selectFrom('as_conversation').select(['taken_by_id']).where('id', '=', conv.id).executeTakeFirstOrThrow();
  const org = conv.orgCode ? await findOrganisation(deps.db, conv.orgCode) : null;
  const turns = (await transcriptTurns(deps.db, conv.id)).filter((t) => Number(t.seq) > afterSeq)
    .map((t) => ({ seq: Number(t.seq), role: t.role, text: t.text, staffLabel: t.staff_label, at: t.created_at }));
  return { conv, orgName: org?.name ?? '', takenById: row.taken_by_id === null ? null : Number(row.taken_by_id), turns };
}

const label = (a: Actor) => a.displayName || a.username;

async function audit(trx: Db, now: Date, who: Who, action: string, conv: Pick<Conversation, 'reference' | 'orgCode'>, after: Record<string, unknown>): Promise<void> {
  await recordAudit(platformView(trx), now, {
    actorId: who.actor.userId, actorLabel: `${who.actor.displayName}（${who.actor.username}）`, action, entity: 'as_conversation', entityId: conv.reference ?? '',
    orgCode: conv.orgCode, requestId: who.requestId ?? null, after,
  });
}

/** Takes a waiting conversation: one staff member only (a second take → 409 handoff_taken). */
export async function takeHandoff(deps: AssistantDeps, who: Who, reference: string): Promise<StaffConversation> {
  const s = await loadForStaff(deps, who.actor, reference);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const moved = await trx.updateTable('as_conversation').set({ state: MOVES.take.to, taken_by_id: who.actor.userId, taken_by_label: label(who.actor), taken_at: now.toISOString() })
      .where('id', '=', s.conv.id).where('state', 'in', [...MOVES.take.from]).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new HttpError(409, 'handoff_taken', s.conv.state === 'waiting' || s.conv.state === 'staff' ? hs.errors.taken : hs.errors.notWaiting, ['handoff_taken']);
    const cur = await findConversation(trx, s.conv.publicId);
    const t = await appendTurns(trx, cur as Conversation, now, [{ role: 'system', text: hs.turns.taken(label(who.actor)), outcome: 'handoff' }]);
    if (!t.ok) throw new HttpError(409, 'concurrent_change', hs.errors.concurrent, ['concurrent_change']);
    await audit(trx, now, who, 'assistant.handoff.take', s.conv, { state: 'staff' });
  });
  return loadForStaff(deps, who.actor, reference);
}

/** The taker's reply, shown to the person as a staff turn. */
export async function replyHandoff(deps: AssistantDeps, who: Who, reference: string, text: string): Promise<{ ok: true; seq: number } | { ok: false; fields: Record<string, string> }> {
  const s = await loadForStaff(deps, who.actor, reference);
  const body = (text ?? '').normalize('NFC').trim();
  if (!body || [...body].length > REPLY_MAX) return { ok: false, fields: { text: hs.errors.reply } };
  if (s.conv.state !== 'staff') throw new HttpError(409, 'handoff_not_open', hs.errors.notOpen, ['handoff_not_open']);
  if (s.takenById !== who.actor.userId) throw new HttpError(409, 'handoff_not_taker', hs.errors.notTaker, ['handoff_not_taker']);
  const now = deps.clock.now();
  for (let i = 0; i < 3; i++) {
    const cur = (await findConversation(deps.db, s.conv.publicId)) as Conversation;
    if (cur.state !== 'staff') throw new HttpError(409, 'handoff_not_open', hs.errors.notOpen, ['handoff_not_open']);
    const r = await inTransaction(deps.db, async (trx) => {
      const t = await appendTurns(trx, cur, now, [{ role: 'staff', text: body, staffLabel: label(who.actor) }]);
      if (t.ok) await audit(trx, now, who, 'assistant.handoff.reply', s.conv, { length: [...body].length });
      return t;
    });
    if (r.ok) return { ok: true, seq: r.firstSeq };
  }
  throw new HttpError(409, 'concurrent_change', hs.errors.concurrent, ['concurrent_change']);
}

/** Ends a waiting or taken conversation. */
export async function closeHandoff(deps: AssistantDeps, who: Who, reference: string): Promise<void> {
  const s = await loadForStaff(deps, who.actor, reference);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const moved = await trx.updateTable('as_conversation').set({ state: MOVES.close.to, closed_at: now.toISOString(), handoff_contact_json: null })
      .where('id', '=', s.conv.id).where('state', 'in', [...MOVES.close.from]).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new HttpError(409, 'handoff_not_open', hs.errors.notOpen, ['handoff_not_open']);
    const cur = await findConversation(trx, s.conv.publicId);
    await appendTurns(trx, cur as Conversation, now, [{ role: 'system', text: hs.turns.closed, outcome: 'handoff' }]);
    await audit(trx, now, who, 'assistant.handoff.close', s.conv, { state: 'closed' });
  });
}

/** 转为咨询登记 by hand: the transcript becomes an enquiry of the conversation's organisation. */
export async function convertByHand(deps: AssistantDeps, who: Who, reference: string): Promise<{ ref: string }> {
  const s = await loadForStaff(deps, who.actor, reference);
  const from = s.conv.state;
  const moved = await deps.db.updateTable('as_conversation').set({ state: MOVES.convert.to, converted_kind: 'enquiry' })
    .where('id', '=', s.conv.id).where('state', 'in', [...MOVES.convert.from]).executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new HttpError(409, 'handoff_not_open', hs.errors.notOpen, ['handoff_not_open']);
  const made = await makeRecord(deps, s.conv, 'enquiry', contactOf((await deps.db.selectFrom('as_conversation').select('handoff_contact_json').where('id', '=', s.conv.id).executeTakeFirstOrThrow()).handoff_contact_json), `智能客服（${who.actor.username} 转）`);
  if (!made.ok) {
    await deps.db.updateTable('as_conversation').set({ state: from, converted_kind: null }).where('id', '=', s.conv.id).execute();
    throw new HttpError(400, 'handoff_record_invalid', hs.errors.convertFailed(made.message));
  }
  await finishConversion(deps, s.conv, 'enquiry', made.ref, hs.turns.byHand(made.ref));
  await inTransaction(deps.db, (trx) => audit(trx, deps.clock.now(), who, 'assistant.handoff.convert', s.conv, { converted_kind: 'enquiry', converted_ref: made.ref }));
  return { ref: made.ref };
}

// ---------------------------------------------------------------- the deadline job

/** A conversation a staff member took and left silent this long is converted like an untaken one (its contact is then erased). */
export const STAFF_IDLE_HOURS = 12;

/**
 * The job: waiting conversations past their deadline, and conversations with staff silent for
 * STAFF_IDLE_HOURS, become what their organisation's fallback says (enquiry by default; a message
 * only with a contact). Each is claimed by one conditional UPDATE first, so two runs (or a take at
 * the same moment) never convert one twice. Returns how many.
 */
export async function convertOverdue(deps: AssistantDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const waiting = await convertStale(deps, 'waiting', 'handoff_deadline_at', now.toISOString(), limit);
  const idle = await convertStale(deps, 'staff', 'last_active_at', new Date(now.getTime() - STAFF_IDLE_HOURS * 3_600_000).toISOString(), limit);
  return waiting + idle;
}

async function convertStale(deps: AssistantDeps, state: 'waiting' | 'staff', column: 'handoff_deadline_at' | 'last_active_at', before: string, limit: number): Promise<number> {
  const due = await deps.db.selectFrom('as_conversation').select(['public_id']).where('state', '=', state).where(column, '<=', before)
    .orderBy(column).limit(limit).execute();
  let done = 0;
  // one settings read per organisation of the batch, not one per conversation
  const settings = new Map<string | null, Promise<HandoffSetting | null>>();
  for (const d of due) {
    const conv = await findConversation(deps.db, d.public_id);
    if (!conv || conv.state !== state) continue;
    const row = await deps.db.selectFrom('as_conversation').select('handoff_contact_json').where('id', '=', conv.id).executeTakeFirstOrThrow();
    const contact = contactOf(row.handoff_contact_json);
    if (!settings.has(conv.orgPath)) settings.set(conv.orgPath, settingFor(deps.db, conv.orgPath));
    const setting = await settings.get(conv.orgPath);
    const kind = fallbackKind(setting?.fallback ?? 'enquiry', !!contact);
    const moved = await deps.db.updateTable('as_conversation').set({ state: 'converted', converted_kind: kind })
      .where('id', '=', conv.id).where('state', '=', state).where(column, '<=', before).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) continue;
    let made = await makeRecord(deps, conv, kind, contact, '智能客服');
    let madeKind = kind;
    // a message the interaction module refuses (its settings changed) still becomes an enquiry
    if (!made.ok && kind === 'message') { made = await makeRecord(deps, conv, 'enquiry', contact, '智能客服'); madeKind = 'enquiry'; }
    if (!made.ok) {
      await deps.db.updateTable('as_conversation').set({ state, converted_kind: null }).where('id', '=', conv.id).execute();
      continue;
    }
    await finishConversion(deps, conv, madeKind, made.ref, madeKind === 'message' ? hs.turns.convertedMessage(made.ref) : hs.turns.convertedEnquiry(made.ref));
    done++;
  }
  return done;
}

// ---------------------------------------------------------------- settings

export interface SettingsOrg { code: string; name: string; path: string; setting: HandoffSetting | null; venues: { publicId: string; name: string }[] }

/** The governments in the caller's settings scope (its own and one level down), each with its setting and venues. */
export async function settingsOrgs(db: Db, actor: Actor): Promise<SettingsOrg[]> {
  const scopes = await identityService.officeScopes(db, actor, SETTINGS_ROLES);
  if (!scopes.length) return [];
  const orgs = await db.selectFrom('organisation').select(['code', 'name', 'path', 'kind']).where('disabled', '=', 0).where('kind', '=', 'government')
    .where((eb) => eb.or(scopes.map((p) => eb('path', 'like', `${p}%`)))).orderBy('path').limit(2000).execute();
  const depth = (p: string) => p.split('/').filter(Boolean).length;
  const top = Math.min(...scopes.map(depth));
  const picked = orgs.filter((o) => depth(o.path) <= top + 1).slice(0, 200);
  const codes = picked.map((o) => o.code);
  const settings = codes.length ? await db.selectFrom('as_setting').select('org_path').where('org_code', 'in', codes).execute() : [];
  const venues = codes.length ? await db.selectFrom('sm_venue').select(['public_id', 'name', 'org_code']).where('org_code', 'in', codes).orderBy('public_id').execute() : [];
  const out: SettingsOrg[] = [];
  for (const o of picked) {
    const own = settings.find((s) => s.org_path === o.path) ? await settingFor(db, o.path) : null;
    out.push({ code: o.code, name: o.name, path: o.path, setting: own, venues: venues.filter((v) => v.org_code === o.code).map((v) => ({ publicId: v.public_id, name: v.name })) });
  }
  return out;
}

export interface SettingInput { org: string; enabled: boolean; venue: string; waitMinutes: number | null; fallback: HandoffFallback | null }

/** Saves an organisation's setting (admin or supervisor over it); field errors otherwise; 404 for an organisation outside the scope. */
export async function saveSetting(deps: Pick<AssistantDeps, 'db' | 'clock'>, who: Who, input: SettingInput): Promise<{ ok: true; setting: HandoffSetting } | { ok: false; code: string; fields: Record<string, string> }> {
  const org = input.org ? await findOrganisation(deps.db, input.org.slice(0, 64)) : null;
  const scopes = await identityService.officeScopes(deps.db, who.actor, SETTINGS_ROLES);
  if (!org || !inScope(scopes, org.path)) throw new HttpError(404, 'organisation_not_found', hs.errors.org);
  const fields: Record<string, string> = {};
  let code = '';
  if (input.waitMinutes === null) { fields.wait_minutes = hs.errors.wait; code ||= 'invalid_wait_minutes'; }
  if (!input.fallback) { fields.fallback = hs.errors.fallback; code ||= 'invalid_fallback'; }
  let venue: string | null = null;
  if (input.venue.trim()) {
    const v = await deps.db.selectFrom('sm_venue').select(['public_id', 'org_code']).where('public_id', '=', input.venue.trim().slice(0, 64)).executeTakeFirst();
    if (!v || v.org_code !== org.code) { fields.venue = hs.errors.venue; code ||= 'invalid_venue'; } else venue = v.public_id;
  }
  if (Object.keys(fields).length) return { ok: false, code, fields };
  const now = deps.clock.now();
  const row = {
    org_code: org.code, org_path: org.path, handoff_enabled: input.enabled ? 1 : 0, handoff_venue_public_id: venue, wait_minutes: input.waitMinutes as number,
    fallback: input.fallback as string, updated_by: who.actor.username, updated_at: now.toISOString(),
  };
  await inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('as_setting').selectAll().where('org_code', '=', org.code).executeTakeFirst();
    if (before) await trx.updateTable('as_setting').set(row).where('org_code', '=', org.code).execute();
    else await trx.insertInto('as_setting').values(row).execute();
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: `${who.actor.displayName}（${who.actor.username}）`, action: 'assistant.handoff.settings', entity: 'as_setting', entityId: org.code,
      orgCode: org.code, requestId: who.requestId ?? null, ...(before ? { before } : {}), after: row,
    });
  });
  return { ok: true, setting: (await settingFor(deps.db, org.path)) as HandoffSetting };
}
