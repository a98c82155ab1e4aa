// Shell: intake (web, kiosk, API, Open311, 12345), staff actions through the pure workflow, and
// the notifications they cause — each write in one transaction with its audit row.
import { recordAudit } from '../../platform/audit/audit.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { hashTrackingCode, newReference, newTrackingCode, normaliseReference, trackingCodeMatches } from '../../platform/public-refs/public-refs.ts';
import { conflict, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { normaliseRegionCode, shortRegionCode } from '../../platform/geo/region-code.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { enumOfRows, parseEnum } from '../../platform/web/enums.ts';
import { checkUnpacked } from '../../platform/files/zip.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, hasRoleOver, type Actor } from '../identity/index.ts';
import { registerOffline, type RegistrationInput } from '../applications/index.ts';
import { computeDeadline, type DeadlineClass } from './deadlines.ts';
import { AWAITING_PLATFORM_STATUSES, CLOSED_STATUSES, hotlineStatusAfter, ratingOfStatus, workOrderChanges, type WorkOrderInput } from './hotline-csv.ts';
import * as repo from './interaction.repository.ts';
import { interactionStrings as s } from './interaction.strings.ts';
import { checkPhoto, PHOTO_MAX_BYTES, PHOTO_MAX_COUNT } from './photos.ts';
import { parseAddressPublic } from './location-privacy.ts';
import { decide, fold, route, showsProvisional, TERMINAL, type Command, type HotlineChange, type MessageEvent, type MessageState, type RoutingRule, type StaffRole } from './workflow.ts';
import { enqueueFor } from './notifications.service.ts';

export interface InteractionDeps {
  db: Db;
  clock: Clock;
  /** The seam to the applications module: turns a disclosure request into a 依申请公开 application, returning its reference. */
  applicationIntake?: ApplicationIntake | undefined;
}

/** What staff add when converting: Art. 29 needs the applicant's identity and a delivery method, which a message lacks. */
export interface ConvertApplicant {
  type?: string; subtype?: string; name?: string; id_number?: string; phone?: string; email?: string; address?: string; delivery?: string;
}

/**
 * The port to the applications module; the default registers through its `registerOffline`
 * (audited there), inside the transaction `db` of the message's own write.
 */
export type ApplicationIntake = (db: Db, actor: Actor, input: RegistrationInput) => Promise<{ ok: true; reference: string; trackingCode: string | null } | { ok: false; errors: FieldErrors }>;

function defaultIntake(deps: InteractionDeps): ApplicationIntake {
  return async (db, actor, input) => {
    const r = await registerOffline({ db, clock: deps.clock }, actor, input);
    return r.ok ? { ok: true, reference: r.result.reference, trackingCode: r.result.trackingCode } : r;
  };
}

/**
 * The channel of the converted application: a 12345 work order arrives as 12345转办; the web form,
 * kiosk, API and Open311 are internet channels. The applications module then fixes the received
 * date by 《政府信息公开条例》第三十一条: 12345转办 on the date the order was received, 互联网 only
 * once both sides confirm (第三十一条第（三）项), counting from the message's received date.
 */
export function channelOfSource(source: string): 'hotline_12345' | 'online' {
  return source === 'hotline' ? 'hotline_12345' : 'online';
}

/** A refused conversion: the applications module's field errors, keyed by the convert form's fields. */
export class ConvertRefused extends HttpError {
  constructor(readonly fields: FieldErrors) {
    super(400, 'application_invalid', `无法转为依申请公开：${Object.values(fields).join('；')}`, Object.values(fields));
  }
}

// ---- Cached configuration (small tables, read on every submit) ------------------------------
// Kept one second: a change made through another process (calendar, categories, classes, rules)
// is used here within a second; a change through this process drops the cache at once.

interface Config { cal: WorkingCalendar; classes: DeadlineClass[]; categories: repo.Category[]; rules: RoutingRule[]; at: number }
const cache = new WeakMap<Db, Config>();
const TTL_MS = 1000;

export async function configOf(db: Db, nowMs: number = Date.now()): Promise<Config> {
  const c = cache.get(db);
  if (c && nowMs - c.at < TTL_MS) return c;
  const [cal, classes, categories, rules] = await Promise.all([loadCalendar(platformView(db)), repo.loadClasses(db), repo.loadCategories(db, false), repo.loadRules(db)]);
  const fresh = { cal, classes, categories, rules, at: nowMs };
  cache.set(db, fresh);
  return fresh;
}

/** Drops the cached configuration (after categories, classes, rules or the calendar change). */
export function invalidateConfig(db: Db): void {
  cache.delete(db);
}

// ---- Intake ------------------------------------------------------------------------------

export interface SubmitInput {
  org: string;
  category: string;
  title: string;
  content: string;
  address: string;
  /** Optional township or village (region code, any length form) the message is about; it drives routing. */
  region?: string | null;
  lat: string | number | null;
  lng: string | number | null;
  /** 公开详细地址: publish the typed address and the exact point (default no: only region names and rounded coordinates). */
  addressPublic?: string | boolean | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  isPublic: string | boolean;
  photos?: { name: string; data: Uint8Array }[];
  source: 'web' | 'kiosk' | 'api' | 'open311';
  idempotencyKey?: string | null;
}

export type SubmitResult =
  | { ok: true; reference: string; trackingCode: string | null; dueOn: string | null; /** 暂定 (a year without a holiday notice). */ dueProvisional: boolean; replayed: boolean }
  | { ok: false; errors: FieldErrors; code: string };

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Inside the People's Republic of China's extent (WGS84): latitude 3.8–53.6, longitude 73.4–135.1. */
export function insideChina(lat: number, lng: number): boolean {
  return lat >= 3.8 && lat <= 53.6 && lng >= 73.4 && lng <= 135.1;
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : NaN;
}

export async function validateSubmission(db: Db, input: SubmitInput, cfg: Config) {
  const e: FieldErrors = {};
  const codes: string[] = [];
  const org = input.org.trim() ? await findOrganisation(db, input.org.trim()) : null;
  if (!input.org.trim()) e.org = s.errors.org;
  else if (!org || org.disabled) { e.org = s.errors.orgUnknown; codes.push('unknown_org'); }
  const found = categoryByCodeOrName(cfg.categories, input.category);
  const category = found?.active ? found : undefined;
  if (!input.category.trim()) e.category = s.errors.category;
  else if (!category) { e.category = s.errors.categoryUnknown; codes.push('unknown_category'); }
  const title = input.title.trim();
  if (title.length < 2 || title.length > 60) e.title = s.errors.title;
  const content = input.content.trim();
  if (content.length < 5 || content.length > 3000) e.content = s.errors.content;
  const address = input.address.trim();
  if (address.length > 200) e.address = s.errors.address;
  let region: string | null = null;
  if (input.region && String(input.region).trim()) {
    const code = normaliseRegionCode(String(input.region));
    const row = code ? await db.selectFrom('region').select(['code']).where('code', '=', code).executeTakeFirst() : undefined;
    const short = row ? shortRegionCode(row.code) : null;
    // The place must lie inside the receiving organisation's region.
    if (!short || !org || !short.startsWith(shortRegionCode(org.regionCode))) { e.region = s.errors.region; codes.push('unknown_region'); } else region = short;
  }
  const addressPublic = parseAddressPublic(input.addressPublic);
  if (addressPublic === null) { e.address_public = s.errors.addressPublic; codes.push('invalid_address_public'); }
  const lat = num(input.lat);
  const lng = num(input.lng);
  if ((lat === null) !== (lng === null) || Number.isNaN(lat) || Number.isNaN(lng)) e.lat = s.errors.location;
  else if (lat !== null && lng !== null && !insideChina(lat, lng)) { e.lat = s.errors.locationOutside; codes.push('location_outside_china'); }
  // Open311 clients may leave the contact out (the api_key holder answers for the request).
  const contactOptional = input.source === 'open311';
  const contactName = input.contactName.trim();
  if ((!contactName && !contactOptional) || contactName.length > 40) e.contact_name = s.errors.contactName;
  const contactPhone = input.contactPhone.trim().replace(/\s+/g, '');
  if ((contactPhone || !contactOptional) && !PHONE.test(contactPhone)) e.contact_phone = s.errors.contactPhone;
  const contactEmail = input.contactEmail.trim();
  if (contactEmail && (!EMAIL.test(contactEmail) || contactEmail.length > 120)) e.contact_email = s.errors.contactEmail;
  const pub = input.isPublic === true || input.isPublic === 'yes' || input.isPublic === 'true' ? true : input.isPublic === false || input.isPublic === 'no' || input.isPublic === 'false' ? false : null;
  if (pub === null) e.is_public = s.errors.isPublic;
  const photos: { contentType: string; data: Buffer }[] = [];
  if ((input.photos?.length ?? 0) > PHOTO_MAX_COUNT) { e.photos = s.errors.tooManyPhotos; codes.push('too_many_photos'); } else {
    const reasons: string[] = [];
    for (const p of input.photos ?? []) {
      // A picture with a zip bomb stuck on its end (a JPEG keeps whatever follows its image data).
      const unpacked = p.data.length <= PHOTO_MAX_BYTES ? await checkUnpacked(p.data) : null;
      if (unpacked && !unpacked.ok && unpacked.code === 'zip_bomb') { reasons.push(s.errors.photoBomb(p.name)); codes.push('zip_bomb'); continue; }
      const r = checkPhoto(p.name, p.data);
      if (r.ok) photos.push({ contentType: r.type, data: Buffer.from(r.data) });
      else reasons.push(r.reason);
    }
    if (reasons.length) { e.photos = reasons.join('；'); codes.push('bad_photo'); }
  }
  return {
    errors: e, code: codes[0] ?? 'validation_failed',
    value: org && category ? { org, category, region, title, content, address: address || null, addressPublic: !!addressPublic, lat: lat ?? null, lng: lng ?? null, contactName: contactName || null, contactPhone: contactPhone || null, contactEmail: contactEmail || null, isPublic: !!pub, photos } : null,
  };
}

async function uniqueReference(db: Db, today: string, prefix = 'LY'): Promise<string> {
  for (let i = 0; i < 8; i++) {
    const ref = newReference(prefix, today);
    if (!(await repo.referenceTaken(db, ref))) return ref;
  }
  throw new Error('could not find a free reference');
}

/** `opts.accountId`: the signed-in resident's account (from the session only), stored on the message in its transaction (issue 21 §3). */
export async function submitMessage(deps: InteractionDeps, input: SubmitInput, opts: { accountId?: number | null } = {}): Promise<SubmitResult> {
  const { db, clock } = deps;
  const key = input.idempotencyKey?.trim() || null;
  if (key) {
    const prior = await repo.findByIdempotencyKey(db, key);
    if (prior) return { ok: true, reference: prior.reference, trackingCode: null, dueOn: prior.due_on, dueProvisional: showsProvisional(prior), replayed: true };
  }
  const cfg = await configOf(db);
  const v = await validateSubmission(db, input, cfg);
  if (Object.keys(v.errors).length || !v.value) return { ok: false, errors: v.errors, code: v.code };
  const m = v.value;
  const now = clock.now();
  const today = clock.today();
  // Route by the place when given (village → township → county rules), else by the receiving organisation's region.
  const rule = route(cfg.rules, m.category.code, m.region ?? (m.org.code.split('-')[0] as string));
  const classCode = rule?.classCode ?? m.category.defaultClass;
  const d = computeDeadline(cfg.cal, cfg.classes, classCode, today);
  const trackingCode = newTrackingCode();
  const event: MessageEvent = { type: 'submitted', on: today, org: m.org.code, classCode, dueOn: d.dueOn, explanation: d.explanation, isPublic: m.isPublic, provisional: d.provisional };
  // A reference taken between the check and the insert (two submissions at once) is retried with a new one.
  for (let attempt = 0; ; attempt++) {
    const reference = await uniqueReference(db, today);
    try {
      await inTransaction(db, async (trx) => {
        const id = await repo.insertMessage(trx, {
          reference, tracking_hash: hashTrackingCode(trackingCode), source: input.source, org_code: m.org.code, org_path: m.org.path,
          routed_org: rule?.orgCode ?? null, assignee_org: null, assignee_path: null, category_code: m.category.code, region_code: m.region, title: m.title, content: m.content,
          address: m.address, address_public: m.addressPublic ? 1 : 0, lat: m.lat, lng: m.lng, contact_name: m.contactName, contact_phone: m.contactPhone, contact_email: m.contactEmail,
          is_public: m.isPublic ? 1 : 0, sensitive: 0, stage: 'submitted', class_code: classCode, received_on: today, due_on: d.dueOn,
          original_due_on: d.dueOn, due_explanation: d.explanation, due_provisional: d.provisional ? 1 : 0, reopened: 0, idempotency_key: key, event_count: 1,
          created_at: now.toISOString(), updated_at: now.toISOString(), account_id: opts.accountId ?? null,
        });
        await repo.appendEvents(trx, id, 0, [event], now, { id: null, label: '留言人' });
        await repo.insertPhotos(trx, id, m.photos, now);
      });
      return { ok: true, reference, trackingCode, dueOn: d.dueOn, dueProvisional: d.provisional, replayed: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (key) {
        const prior = await repo.findByIdempotencyKey(db, key);
        if (prior) return { ok: true, reference: prior.reference, trackingCode: null, dueOn: prior.due_on, dueProvisional: showsProvisional(prior), replayed: true };
      }
      if (attempt >= 3) throw err;
    }
  }
}

/** How long after a form submission the same form may be sent again and get a fresh tracking code. */
export const FORM_REPLAY_MINUTES = 30;

/**
 * A web or kiosk form sent twice (a double click, a reload after a slow answer): the browser never
 * showed the first answer's tracking code, and only its hash is stored. So, for a replay of the same
 * form (same one-time idempotency key, which only that browser has) within FORM_REPLAY_MINUTES,
 * the message gets a new tracking code and the old one stops working. Null when the key is unknown
 * (then the form is handled as new) or too old (then the plain replay answer applies).
 */
export async function replayForm(deps: InteractionDeps, idempotencyKey: string): Promise<SubmitResult | null> {
  const key = idempotencyKey.trim();
  if (!key) return null;
  const prior = await repo.findByIdempotencyKey(deps.db, key);
  if (!prior) return null;
  const now = deps.clock.now();
  const fresh = (prior.source === 'web' || prior.source === 'kiosk') && now.getTime() - Date.parse(prior.created_at) <= FORM_REPLAY_MINUTES * 60_000;
  if (!fresh) return { ok: true, reference: prior.reference, trackingCode: null, dueOn: prior.due_on, dueProvisional: showsProvisional(prior), replayed: true };
  const trackingCode = newTrackingCode();
  await deps.db.updateTable('message').set({ tracking_hash: hashTrackingCode(trackingCode) }).where('id', '=', prior.id).execute();
  return { ok: true, reference: prior.reference, trackingCode, dueOn: prior.due_on, dueProvisional: showsProvisional(prior), replayed: true };
}

// ---- Reading -----------------------------------------------------------------------------

/** A message for its submitter: reference + tracking code must match. */
export async function findForCitizen(db: Db, reference: string, trackingCode: string): Promise<repo.MessageRow | null> {
  const m = await repo.findMessage(db, normaliseReference(reference));
  if (!m || !trackingCode || !trackingCodeMatches(trackingCode, m.tracking_hash)) return null;
  return m;
}

/** A message for a staff member: they must hold a role over its org or its assignee. */
export async function findForStaff(db: Db, actor: Actor, reference: string): Promise<repo.MessageRow> {
  const m = await repo.findMessage(db, normaliseReference(reference));
  if (!m) throw notFound('找不到该留言');
  const roles: readonly StaffRole[] = ['supervisor', 'case_handler'];
  if (!hasRoleOver(actor, roles, m.org_path) && !(m.assignee_path && hasRoleOver(actor, roles, m.assignee_path))) throw forbidden();
  return m;
}

// ---- Actions -----------------------------------------------------------------------------

const ALL_ROLES: readonly StaffRole[] = ['admin', 'supervisor', 'editor', 'reviewer', 'case_handler'];

export type Performer = { actor: Actor; requestId?: string } | { citizen: true };

async function escalationTargetOf(db: Db, assignee: string | null) {
  if (!assignee || assignee.includes('-') || assignee.length <= 6) return null; // departments and county level: 难事不出县
  const org = await findOrganisation(db, assignee);
  if (!org?.parentCode) return null;
  const parent = await findOrganisation(db, org.parentCode);
  return parent ? { code: parent.code, name: parent.name, disabled: parent.disabled } : null;
}

/** Runs one workflow command; throws 404/403/409 HttpErrors with reasons. */
export async function act(deps: InteractionDeps, performer: Performer, reference: string, cmd: Command, applicant?: ConvertApplicant): Promise<{ message: repo.MessageRow; state: MessageState; events: MessageEvent[]; applicationTrackingCode?: string | null }> {
  const { db, clock } = deps;
  const m = await repo.findMessage(db, normaliseReference(reference));
  if (!m) throw notFound('找不到该留言');
  const cfg = await configOf(db);
  const stored = await repo.loadEvents(db, m.id);
  const state = fold(stored.map((e) => e.event));
  const staff = 'actor' in performer ? performer.actor : null;
  const rolesOver = (path: string | null): StaffRole[] => (staff && path ? ALL_ROLES.filter((r) => hasRoleOver(staff, [r], path)) : []);
  if (staff && !rolesOver(m.org_path).length && !rolesOver(m.assignee_path).length) throw forbidden();
  let target = null;
  if (cmd.type === 'assign') {
    const code = cmd.org || m.routed_org || '';
    cmd = { ...cmd, org: code };
    const o = code ? await findOrganisation(db, code) : null;
    target = o ? { code: o.code, name: o.name, disabled: o.disabled, withinOrg: o.path.startsWith(m.org_path) } : null;
  }
  // The application reference comes only from the applications module, never from the request.
  if (cmd.type === 'convert') cmd = { type: 'convert', on: cmd.on };
  const decision = decide(state, cmd, {
    today: clock.today(), cal: cfg.cal, classes: cfg.classes, target, escalationTarget: await escalationTargetOf(db, state.assigneeOrg),
    actor: staff ? { kind: 'staff', label: staff.displayName, rolesOverOrg: rolesOver(m.org_path), rolesOverAssignee: rolesOver(m.assignee_path) } : { kind: 'citizen' },
  });
  if (!decision.ok) {
    if (decision.code === 'forbidden') throw new HttpError(403, 'forbidden', decision.reasons.join('；'), decision.reasons);
    throw conflict('action_refused', `无法执行“${cmd.type}”：${decision.reasons.join('；')}`, decision.reasons);
  }
  let events = decision.events;
  let applicationRef: string | null = null;
  let applicationTrackingCode: string | null = null;
  const now = clock.now();
  let next = state;
  try {
    await inTransaction(db, async (trx) => {
      if (cmd.type === 'convert' && staff && events[0]?.type === 'converted') {
        // §5.2: a disclosure request becomes a 依申请公开 application — registered in the same
        // transaction as the message's write, so there is never one without the other.
        const a = applicant ?? {};
        const r = await (deps.applicationIntake ?? defaultIntake(deps))(trx, staff, {
          org: m.org_code, channel: channelOfSource(m.source), received_on: m.received_on,
          applicant: { type: a.type ?? '', subtype: a.subtype, name: a.name?.trim() || m.contact_name || '', id_number: a.id_number, phone: a.phone?.trim() || m.contact_phone || '', email: a.email?.trim() || m.contact_email || '', address: a.address },
          description: `${m.title}\n${m.content}`.slice(0, 2000), delivery: a.delivery ?? '',
        });
        if (!r.ok) throw new ConvertRefused(r.errors);
        applicationRef = r.reference;
        applicationTrackingCode = r.trackingCode;
        events = [{ ...events[0], applicationRef }];
      }
      const all = [...stored.map((e) => e.event), ...events];
      next = fold(all);
      const assigneePath = next.assigneeOrg ? (await findOrganisation(trx, next.assigneeOrg))?.path ?? null : null;
      await repo.appendEvents(trx, m.id, stored.length, events, now, { id: staff?.userId ?? null, label: staff ? staff.displayName : '留言人' });
      await repo.saveProjection(trx, m.id, next, { assigneePath, eventCount: all.length, at: now, events: all });
      // A 12345 work order's 工单状态 follows its handling here (受理 → 已受理, 交办 → 已派单, …).
      const externalStatus = m.source === 'hotline' ? hotlineStatusAfter(events, m.external_status) : m.external_status;
      if (externalStatus !== m.external_status) await trx.updateTable('message').set({ external_status: externalStatus }).where('id', '=', m.id).execute();
      if (staff) {
        await recordAudit(platformView(trx), now, {
          actorId: staff.userId, actorLabel: staff.username, action: `message.${cmd.type}`, entity: 'message', entityId: m.reference,
          before: { stage: state.stage, assignee: state.assigneeOrg, dueOn: state.dueOn }, after: { stage: next.stage, assignee: next.assigneeOrg, dueOn: next.dueOn, events, ...(m.source === 'hotline' ? { externalStatus } : {}) },
          requestId: 'requestId' in performer ? performer.requestId ?? null : null, orgCode: m.org_code,
        });
      }
      await enqueueFor(trx, m, next, events, now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('concurrent_update', '该留言刚被他人办理，请刷新后重试', ['该留言刚被他人办理，请刷新后重试']);
    throw err;
  }
  const message = (await repo.findMessageById(db, m.id)) as repo.MessageRow;
  // The application's tracking code is shown once (to hand to the applicant), as when staff register one in the applications module.
  return { message, state: next, events, ...(applicationRef ? { applicationTrackingCode } : {}) };
}

// ---- 暂定 deadlines after a calendar change ------------------------------------------------

/**
 * Recounts the deadlines of open messages and work orders that were 暂定 (counted into a year
 * without a State Council holiday notice: weekends and the statutory holidays only) on the calendar
 * as it now stands — after a year was loaded through the calendar page or API, or at start-up and
 * hourly (a year loaded by the bundled data or the command line). The count is the one the deadline
 * was made with: the class's working days from the start of the current period (the day of receipt,
 * or of the 重办) plus every approved extension. A 12345 order's own 计划完成时间 is never 暂定, so
 * never recounted. Each change is a `due_recomputed` event (reason, before and after) with its
 * audit row, by the system; a deadline that comes out the same gets no event. Returns how many changed.
 */
export async function recomputeProvisionalMessages(deps: Pick<InteractionDeps, 'db' | 'clock'>, reason: string): Promise<number> {
  const { db, clock } = deps;
  invalidateConfig(db);
  const [cal, classes] = await Promise.all([loadCalendar(platformView(db)), repo.loadClasses(db)]);
  const ids = await repo.listProvisionalOpenIds(db, TERMINAL);
  let changed = 0;
  for (const id of ids) {
    const now = clock.now();
    try {
      const did = await inTransaction(db, async (trx) => {
        const m = await repo.findMessageById(trx, id);
        if (!m || !m.due_provisional) return false;
        const stored = await repo.loadEvents(trx, id);
        const all = stored.map((e) => e.event);
        const state = fold(all);
        // Terminal, or a deadline known not to be 暂定 (a 计划完成时间 sent since): nothing to recount.
        if (TERMINAL.includes(state.stage) || state.dueProvisional === false || !state.dueOn) return false;
        if (!classes.some((c) => c.code === state.classCode)) return false;
        const d = computeDeadline(cal, classes, state.classCode, state.periodStart, state.extensionDays);
        if (d.dueOn === state.dueOn && d.provisional) return false;
        const original = state.extensionDays ? computeDeadline(cal, classes, state.classCode, state.periodStart).dueOn : d.dueOn;
        const today = clock.today();
        const ev: MessageEvent = {
          type: 'due_recomputed', on: today < state.lastOn ? state.lastOn : today, reason,
          before: { dueOn: state.dueOn, provisional: true }, after: { dueOn: d.dueOn, provisional: d.provisional },
          originalDueOn: original, explanation: `${state.reopened ? '重办：' : ''}${d.explanation}`,
        };
        const next = fold([...all, ev]);
        await repo.appendEvents(trx, id, stored.length, [ev], now, { id: null, label: s.recompute.systemActor });
        await repo.saveProjection(trx, id, next, { assigneePath: m.assignee_path, eventCount: stored.length + 1, at: now, events: [...all, ev] });
        await recordAudit(platformView(trx), now, {
          actorId: null, actorLabel: s.recompute.systemActor, action: 'message.due_recomputed', entity: 'message', entityId: m.reference,
          before: { dueOn: state.dueOn, provisional: true }, after: { dueOn: d.dueOn, provisional: d.provisional, reason }, requestId: null, orgCode: m.org_code,
        });
        return true;
      });
      if (did) changed++;
    } catch (err) {
      // Handled by someone at the same moment: the next run (hourly, or the next calendar change) takes it up.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return changed;
}

/** The job that turns 暂定 message deadlines final once their year's calendar is loaded. */
export const RECOMPUTE_PROVISIONAL_MESSAGES_JOB = 'interaction.recompute-provisional';

/**
 * The calendar wiring of this module, as the applications module has it: `onCalendarChange` for the
 * calendar module's `onChange` (a year loaded through the calendar page or API), and the job run at
 * start-up and hourly (a year loaded by the bundled data or `gongkai calendar`; main.ts asks for it
 * at once after a start that loaded a year).
 */
export function provisionalDeadlineHooks(db: Db, clock: Clock, log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void }): { onCalendarChange: (years: number[], reason: string) => Promise<void>; jobs: JobDefinition[] } {
  return {
    jobs: [{
      name: RECOMPUTE_PROVISIONAL_MESSAGES_JOB, everyMs: 3_600_000, firstRunAfterMs: 0,
      run: async () => { const n = await recomputeProvisionalMessages({ db, clock }, s.recompute.yearLoaded); return n ? { changed: n } : undefined; },
    }],
    onCalendarChange: async (_years, reason) => {
      // The calendar edit is already committed; a failure here must not turn it into an error page.
      try {
        const n = await recomputeProvisionalMessages({ db, clock }, reason);
        if (n) log.info({ changed: n }, 'provisional message deadlines recomputed after a calendar change');
      } catch (err) {
        log.error({ err }, 'recomputing provisional message deadlines failed; the hourly job retries');
      }
    },
  };
}

// ---- 12345 work orders -------------------------------------------------------------------

/** The outcome of a 12345 import: references of the new orders and of the ones updated (same 工单编号). */
export type WorkOrderImport = { ok: true; references: string[]; created: string[]; updated: string[]; unchanged: string[]; reopened: string[]; warnings: string[] } | {
  ok: false; errors: string[];
  /** Why, when it is no bad input: a 工单编号 of another government, or one stored by a concurrent import meanwhile (retry). */
  code?: 'foreign' | 'conflict';
};

/**
 * Creates 12345 work orders (from the API or a CSV import) in one transaction; all or nothing, even
 * if the process is killed. An order whose 工单编号 is already stored is updated instead — its
 * fields and 工单状态 as the platform now sends them, the change appended to its event log
 * (`hotline_updated`), closed when the platform finished it — provided it belongs to the importing
 * organisation's subtree; one that belongs to another government refuses the whole file.
 */
/** A 留言分类 by its code or its Chinese name (categories are data: the shared parser over the loaded rows). */
function categoryByCodeOrName(categories: readonly repo.Category[], value: string): repo.Category | undefined {
  const code = parseEnum(enumOfRows(categories), value);
  return code === null ? undefined : categories.find((c) => c.code === code);
}

export async function createWorkOrders(deps: InteractionDeps, performer: { actorId: number | null; label: string; requestId?: string }, orgCode: string, orders: WorkOrderInput[], categoryCode = 'other', onProgress?: (done: number, total: number) => void, meta?: { fileName: string; importRef: string }): Promise<WorkOrderImport> {
  const { db, clock } = deps;
  const org = await findOrganisation(db, orgCode);
  if (!org || org.disabled) return { ok: false, errors: [`找不到受理单位 ${orgCode}`] };
  const cfg = await configOf(db);
  const category = categoryByCodeOrName(cfg.categories, categoryCode);
  if (!category) return { ok: false, errors: [`未知的留言分类 ${categoryCode}`] };
  const today = clock.today();
  // A call cannot lie in the future: its date starts the deadline and every later step must not precede it.
  const future = orders.filter((o) => o.calledAt.slice(0, 10) > today).map((o) => `工单 ${o.workOrderNo} 的来电时间 ${o.calledAt} 晚于今天 ${today}`);
  if (future.length) return { ok: false, errors: future };
  const nos = orders.map((o) => o.workOrderNo);
  const existing = new Map<string, repo.MessageRow>();
  for (let i = 0; i < nos.length; i += 500) {
    const chunk = nos.slice(i, i + 500);
    for (const r of await db.selectFrom('message').selectAll().where('work_order_no', 'in', chunk).execute()) existing.set(r.work_order_no as string, r);
  }
  // 工单编号 of another government: refused, nothing imported (the order stays as its owner sent it).
  const foreign = [...existing.values()].filter((m) => !m.org_path.startsWith(org.path));
  if (foreign.length) {
    const owners = await Promise.all(foreign.map((m) => findOrganisation(db, m.org_code)));
    // The owner is named only when it is the importing organisation's own government (an office
    // above it); another government's or office's name is not disclosed (scope, as 发文字号 代字).
    const ownerName = (i: number) => (owners[i] && org.path.startsWith(owners[i].path) ? owners[i].name : s.reimport.otherOwner);
    return { ok: false, code: 'foreign', errors: foreign.map((m, i) => s.reimport.foreign(m.work_order_no as string, ownerName(i), org.name)) };
  }
  const now = clock.now();
  const references: string[] = [];
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const reopened: string[] = [];
  const warnings: string[] = [];
  const changeLog: { workOrder: string; changes: string[]; reopened?: true }[] = [];
  try {
    await inTransaction(db, async (trx) => {
      for (const o of orders) {
        const prior = existing.get(o.workOrderNo);
        if (prior) {
          const r = await updateWorkOrder(trx, cfg, prior, o, today, now, performer);
          references.push(prior.reference);
          (r.written ? updated : unchanged).push(prior.reference);
          if (r.written) changeLog.push({ workOrder: o.workOrderNo, changes: r.changes.map((c) => c.field), ...(r.reopened ? { reopened: true } : {}) });
          if (r.reopened) reopened.push(prior.reference);
          if (r.warning) warnings.push(`工单编号 ${o.workOrderNo}：${r.warning}`);
        } else {
          const reference = await insertWorkOrder(trx, cfg, org, category, o, now, performer);
          references.push(reference);
          created.push(reference);
        }
        if (references.length % 100 === 0 || references.length === orders.length) onProgress?.(references.length, orders.length);
      }
      await recordAudit(platformView(trx), now, { actorId: performer.actorId, actorLabel: performer.label, action: 'hotline.import', entity: 'message', entityId: org.code, after: { count: orders.length, created: created.length, updated: changeLog.slice(0, 50), unchanged: unchanged.length, reopened: reopened.length, warnings: warnings.slice(0, 20), workOrders: nos.slice(0, 50), ...(meta ?? {}) }, requestId: performer.requestId ?? null, orgCode: org.code });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, code: 'conflict', errors: [s.reimport.conflict] };
    throw err;
  }
  return { ok: true, references, created, updated, unchanged, reopened, warnings };
}

async function insertWorkOrder(trx: Db, cfg: Config, org: { code: string; path: string }, category: repo.Category, o: WorkOrderInput, now: Date, performer: { actorId: number | null; label: string }): Promise<string> {
  const receivedOn = o.calledAt.slice(0, 10);
  const rule = route(cfg.rules, category.code, org.code.split('-')[0] as string);
  const classCode = rule?.classCode ?? category.defaultClass;
  // The hotline's 计划完成时间 is its deadline when given; otherwise the class's working days from the call.
  const d = o.plannedAt
    ? { dueOn: o.plannedAt.slice(0, 10), explanation: `12345 热线平台计划完成时间 ${o.plannedAt}`, provisional: false }
    : computeDeadline(cfg.cal, cfg.classes, classCode, receivedOn);
  const closed = CLOSED_STATUSES.includes(o.status);
  // The platform's 办结时间 when given; otherwise an estimate (计划完成时间 or the call date),
  // marked so that 按时办结率 leaves the order out rather than count a guess as on time.
  const closedOn = closed ? (o.closedAt?.slice(0, 10) ?? o.plannedAt?.slice(0, 10) ?? receivedOn) : null;
  const estimated = closed && !o.closedAt;
  const events: MessageEvent[] = [
    { type: 'submitted', on: receivedOn, org: org.code, classCode, dueOn: d.dueOn, explanation: d.explanation, isPublic: false, platformStatus: o.status, provisional: d.provisional },
    { type: 'accepted', on: receivedOn, classCode, dueOn: d.dueOn, explanation: d.explanation, provisional: d.provisional },
  ];
  if (closed && closedOn) events.push({ type: 'closed', on: closedOn < receivedOn ? receivedOn : closedOn, onTime: closedOn <= d.dueOn });
  const st = fold(events);
  const reference = await uniqueReference(trx, receivedOn, 'RX');
  const trackingCode = newTrackingCode();
  const id = await repo.insertMessage(trx, {
    reference, tracking_hash: hashTrackingCode(trackingCode), source: 'hotline', org_code: org.code, org_path: org.path, routed_org: rule?.orgCode ?? null,
    assignee_org: null, assignee_path: null, category_code: category.code, title: o.title, content: o.content, address: null, lat: null, lng: null,
    contact_name: null, contact_phone: null, contact_email: null, is_public: 0, sensitive: 0, stage: st.stage, class_code: classCode,
    received_on: receivedOn, due_on: st.dueOn, original_due_on: st.originalDueOn, due_explanation: st.dueExplanation, due_provisional: st.dueProvisional ? 1 : 0, closed_on: st.closedOn,
    rating: ratingOfStatus(o.status),
    reopened: 0, work_order_no: o.workOrderNo, operator_no: o.operatorNo || null, order_type: o.orderType, called_at: o.calledAt,
    planned_at: o.plannedAt, external_status: o.status, event_count: events.length, created_at: now.toISOString(), updated_at: now.toISOString(),
    closed_on_estimated: estimated ? 1 : 0,
  });
  await repo.appendEvents(trx, id, 0, events, now, { id: performer.actorId, label: performer.label });
  return reference;
}

/** The 工单状态 the platform itself sent last (its latest re-import, else the first import); null when not recorded. */
export function lastPlatformStatus(events: readonly MessageEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as MessageEvent;
    if (e.type === 'hotline_updated' || e.type === 'hotline_reopened') return e.status;
    if (e.type === 'submitted' && e.platformStatus) return e.platformStatus;
  }
  return null;
}

/**
 * Applies a re-imported order to the stored one: the changed fields go into a `hotline_updated`
 * event (and the row). For an open order, a new 计划完成时间 becomes the deadline, and a new
 * 来电时间 moves the day of receipt — and the deadline with it when it was counted from the call
 * (no 计划完成时间; a 重办's period keeps its own start). An order the platform finished is closed
 * here on its 办结时间 (without one: today, marked estimated, so 按时办结率 leaves it out).
 *
 * An order closed here that the platform sends with an open 工单状态 is reopened
 * (`hotline_reopened`, 重办): on the 12345 platform the order is open again — sent back after an
 * unsatisfactory callback, or the closure not accepted — and it is assessed there, so the liaison
 * must see it in the queue again, with a deadline (the platform's 计划完成时间 when it is still
 * ahead, else the class's working days from today). Unless the platform's status is the one it
 * already sent before the order was closed here: then the file is older than the closure, the
 * order stays closed and the log says so (`warning`). A status saying the platform is checking the
 * answer (已反馈, 待回访, … `AWAITING_PLATFORM_STATUSES`) leaves a closed order closed.
 */
async function updateWorkOrder(trx: Db, cfg: Config, m: repo.MessageRow, o: WorkOrderInput, today: string, now: Date, performer: { actorId: number | null; label: string }): Promise<{ changes: HotlineChange[]; written: boolean; reopened: boolean; warning: string | null }> {
  const changes = workOrderChanges({ operatorNo: m.operator_no, title: m.title, content: m.content, calledAt: m.called_at, plannedAt: m.planned_at, orderType: m.order_type, status: m.external_status }, o);
  const stored = await repo.loadEvents(trx, m.id);
  const prior = stored.map((e) => e.event);
  const state = fold(prior);
  // An order imported finished without 办结时间 was closed on a guessed day and left out of 按时办结率;
  // a later file with the platform's 办结时间 gives the real day (not for an order closed here by staff).
  const closedAtGiven = state.stage === 'closed' && !!m.closed_on_estimated && !!o.closedAt && CLOSED_STATUSES.includes(o.status);
  if (closedAtGiven) changes.push({ field: '办结时间', from: null, to: o.closedAt });
  const finished = CLOSED_STATUSES.includes(o.status) && !TERMINAL.includes(state.stage);
  const platformBefore = lastPlatformStatus(prior);
  // An open status other than "the platform is checking the answer" (已反馈, 待回访, …).
  const sentOpen = !CLOSED_STATUSES.includes(o.status) && !AWAITING_PLATFORM_STATUSES.includes(o.status) && state.stage === 'closed';
  const reopen = sentOpen && o.status !== platformBefore;
  const warning = sentOpen && !reopen ? s.reimport.staleOpen(o.status) : (!CLOSED_STATUSES.includes(o.status) && TERMINAL.includes(state.stage) && state.stage !== 'closed' ? s.reimport.notReopened(o.status) : null);
  if (!changes.length && !finished && !reopen) return { changes, written: false, reopened: false, warning: null };
  const rating = ratingOfStatus(o.status);
  const open = !TERMINAL.includes(state.stage);
  const on = today < state.lastOn ? state.lastOn : today;
  const calledOn = o.calledAt.slice(0, 10);
  const receivedMoved = open && calledOn !== state.receivedOn;
  const plannedChanged = !!o.plannedAt && o.plannedAt !== m.planned_at;
  // Counted from the call: no 计划完成时间 now, the period starts at receipt (not a 重办), and the call date moved or the plan was withdrawn.
  const recount = open && !o.plannedAt && !state.reopened && (receivedMoved || !!m.planned_at);
  let deadline: Partial<Extract<MessageEvent, { type: 'hotline_updated' }>> = {};
  if (plannedChanged) deadline = { dueOn: (o.plannedAt as string).slice(0, 10), explanation: `12345 热线平台计划完成时间 ${o.plannedAt}`, provisional: false };
  else if (recount) {
    const d = computeDeadline(cfg.cal, cfg.classes, state.classCode, calledOn, state.extensionDays);
    const original = state.extensionDays ? computeDeadline(cfg.cal, cfg.classes, state.classCode, calledOn).dueOn : d.dueOn;
    deadline = { dueOn: d.dueOn, originalDueOn: original, explanation: `按来电时间 ${o.calledAt} 计算：${d.explanation}`, recounted: true, provisional: d.provisional };
  }
  const events: MessageEvent[] = [{
    type: 'hotline_updated', on, status: o.status, changes,
    ...(receivedMoved ? { receivedOn: calledOn } : {}),
    ...deadline,
    ...(rating && rating !== state.rating ? { rating } : {}),
    ...(warning ? { warning } : {}),
    ...(closedAtGiven ? { closedOn: (o.closedAt as string).slice(0, 10) < state.receivedOn ? state.receivedOn : (o.closedAt as string).slice(0, 10) } : {}),
  }];
  let estimated = !!m.closed_on_estimated && !closedAtGiven;
  if (finished) {
    const dueOn = fold([...prior, ...events]).dueOn;
    const closedOn = o.closedAt ? o.closedAt.slice(0, 10) : today;
    const closeOn = closedOn < state.lastOn ? state.lastOn : closedOn;
    events.push({ type: 'closed', on: closeOn, onTime: !!dueOn && closeOn <= dueOn });
    estimated = !o.closedAt;
  }
  if (reopen) {
    const planned = o.plannedAt && o.plannedAt.slice(0, 10) >= on ? o.plannedAt : null;
    const d = planned ? { dueOn: planned.slice(0, 10), explanation: `12345 热线平台计划完成时间 ${planned}`, provisional: false } : computeDeadline(cfg.cal, cfg.classes, state.classCode, on);
    events.push({ type: 'hotline_reopened', on, status: o.status, dueOn: d.dueOn, explanation: `重办：${d.explanation}`, provisional: d.provisional });
    estimated = false;
  }
  const all = [...prior, ...events];
  const next = fold(all);
  await repo.appendEvents(trx, m.id, stored.length, events, now, { id: performer.actorId, label: performer.label });
  await repo.saveProjection(trx, m.id, next, { assigneePath: m.assignee_path, eventCount: all.length, at: now, events: all });
  await trx.updateTable('message').set({
    operator_no: o.operatorNo || null, title: o.title, content: o.content, called_at: o.calledAt, planned_at: o.plannedAt, order_type: o.orderType,
    external_status: o.status, closed_on_estimated: estimated ? 1 : 0, received_on: next.receivedOn,
  }).where('id', '=', m.id).execute();
  return { changes, written: true, reopened: reopen, warning };
}
