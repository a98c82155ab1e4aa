// Shell: the channels through which people rate (issue 17 item 2): the windows of a venue (each with
// a QR code), the targets a public rating page is bound to (window, venue, kiosk, web item/venue),
// and the single-use rating links per 办件 — issued by staff, sent through the interaction module's
// notification outbox, used once (a conditional UPDATE in the rating's own transaction). Every
// rating goes through the one submission service (ratings.service.ts submitRating).
import { randomInt } from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor } from '../../platform/audit/performer.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { hashSecret, randomSecret } from '../../platform/auth/tokens.ts';
import { platformView, type Db } from '../../schema.ts';
import { findGovernmentOfRegion, findOrganisation, identityService, ROLES, type Actor, type Role } from '../identity/index.ts';
import { enqueueNotifications } from '../interaction/index.ts';
import { isBad, LEVEL_ENUM, starsOf, type ChannelCode, type SubjectCode } from './levels.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { checkLinkRequest, linkExpiry, linkState, WINDOW_CODE, type LinkRequest } from './rating-links.ts';
import { cs } from './channels.strings.ts';
import { countyOf, submitRating } from './ratings.service.ts';
import { listReasons, getSettings } from './ratings.repository.ts';

export interface ChannelDeps { db: Db; clock: Clock }
export interface Who { actor: Actor; requestId?: string }

/** Who keeps a venue's windows and prints its QR codes: administrators and supervisors of the venue's organisation subtree. */
export const WINDOW_ROLES: readonly Role[] = ['admin', 'supervisor'];
/** Who issues a rating link for a 办件: those who handle it, their supervisors and administrators. */
export const LINK_ROLES: readonly Role[] = ['admin', 'supervisor', 'case_handler'];

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
/** A public id for a window: W + 10 characters (no 0/1/i/l/o). */
function newWindowId(): string {
  let s = 'W';
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

// ---------- scope ----------

/** The subtrees the actor may act in with `roles` (a 政务公开办 acts for its government's subtree). */
export async function scopeOf(db: Db, actor: Actor, roles: readonly Role[]): Promise<string[]> {
  return identityService.officeScopes(db, actor, roles);
}
const within = (paths: readonly string[], path: string) => paths.some((p) => path.startsWith(p));

/** Staff roles whose holder unlocks a kiosk's rating form (every role but the platform administrator). */
export const KIOSK_UNLOCK_ROLES: readonly Role[] = ROLES.values.map((r) => r.code).filter((r) => r !== 'platform_admin');

/**
 * Whether a kiosk's rating form needs no captcha: it is signed in by a staff member over the venue's
 * organisation (or the 政务公开办 of its government), never by the platform administrator grant. The one rule of /rate/kiosk/:id and /kiosk/{venue}/rate.
 */
export async function kioskUnlocked(db: Db, actor: Actor | null | undefined, venueOrgPath: string): Promise<boolean> {
  if (!actor) return false;
  // officeScopes counts a platform administrator as `admin` over everything: judge the other grants only.
  const staff: Actor = { ...actor, grants: actor.grants.filter((g) => g.role !== 'platform_admin') };
  return within(await scopeOf(db, staff, KIOSK_UNLOCK_ROLES), venueOrgPath);
}

export interface VenueRow { publicId: string; name: string; orgCode: string; orgPath: string; orgName: string; address: string }

/** Venues whose organisation lies in the actor's subtrees (with the number of windows in use). */
export async function venuesInScope(deps: ChannelDeps, actor: Actor): Promise<(VenueRow & { windows: number })[]> {
  const paths = await scopeOf(deps.db, actor, WINDOW_ROLES);
  if (!paths.length) return [];
  const rows = await deps.db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.public_id', 'sm_venue.name', 'sm_venue.org_code', 'sm_venue.address', 'organisation.path', 'organisation.name as org_name'])
    .where((eb) => eb.or(paths.map((p) => eb('organisation.path', 'like', `${p}%`))))
    .orderBy('organisation.path').orderBy('sm_venue.name').limit(500).execute();
  const counts = rows.length ? await deps.db.selectFrom('rating_window').select(['venue_public_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('venue_public_id', 'in', rows.map((r) => r.public_id)).where('active', '=', 1).groupBy('venue_public_id').execute() : [];
  const n = new Map(counts.map((c) => [c.venue_public_id, Number(c.n)]));
  return rows.map((r) => ({ publicId: r.public_id, name: r.name, orgCode: r.org_code, orgPath: r.path, orgName: r.org_name, address: r.address, windows: n.get(r.public_id) ?? 0 }));
}

/** A venue by its public id, with its organisation. */
export async function findVenue(db: Db, publicId: string): Promise<VenueRow | null> {
  if (!publicId || publicId.length > 64) return null;
  const r = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.public_id', 'sm_venue.name', 'sm_venue.org_code', 'sm_venue.address', 'organisation.path', 'organisation.name as org_name'])
    .where('sm_venue.public_id', '=', publicId).executeTakeFirst();
  return r ? { publicId: r.public_id, name: r.name, orgCode: r.org_code, orgPath: r.path, orgName: r.org_name, address: r.address } : null;
}

export type StaffVenue = { ok: true; venue: VenueRow } | { ok: false; status: 403 | 404 };
/** A venue a staff member may manage: 404 when there is none, 403 outside the actor's subtrees. */
export async function venueForStaff(deps: ChannelDeps, actor: Actor, publicId: string, roles: readonly Role[] = WINDOW_ROLES): Promise<StaffVenue> {
  const venue = await findVenue(deps.db, publicId);
  if (!venue) return { ok: false, status: 404 };
  if (!within(await scopeOf(deps.db, actor, roles), venue.orgPath)) return { ok: false, status: 403 };
  return { ok: true, venue };
}

export interface WindowRow { publicId: string; venuePublicId: string; code: string; name: string; orgCode: string; orgPath: string; active: boolean }
const toWindow = (r: { public_id: string; venue_public_id: string; code: string; name: string; org_code: string; org_path: string; active: number }): WindowRow =>
  ({ publicId: r.public_id, venuePublicId: r.venue_public_id, code: r.code, name: r.name, orgCode: r.org_code, orgPath: r.org_path, active: Number(r.active) === 1 });

export async function windowsOf(db: Db, venuePublicId: string, activeOnly = false): Promise<WindowRow[]> {
  let q = db.selectFrom('rating_window').selectAll().where('venue_public_id', '=', venuePublicId);
  if (activeOnly) q = q.where('active', '=', 1);
  return (await q.orderBy('code').execute()).map(toWindow);
}

/** An active window by its public id (the QR code's target). */
export async function findActiveWindow(db: Db, publicId: string): Promise<WindowRow | null> {
  if (!publicId || publicId.length > 32) return null;
  const r = await db.selectFrom('rating_window').selectAll().where('public_id', '=', publicId).where('active', '=', 1).executeTakeFirst();
  return r ? toWindow(r) : null;
}

async function audit(trx: Db, deps: ChannelDeps, who: Who, action: string, entity: string, entityId: string, orgCode: string, after: unknown, before?: unknown) {
  await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(who), action, entity, entityId, after, ...(before === undefined ? {} : { before }), orgCode });
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Adds a window (code unique within the venue; responsible organisation in the actor's subtrees). */
export async function addWindow(deps: ChannelDeps, who: Who, venue: VenueRow, input: { code: string; name: string; org: string }): Promise<Result<WindowRow>> {
  const errors: Record<string, string> = {};
  const code = input.code.normalize('NFKC').trim().toUpperCase();
  const name = input.name.normalize('NFKC').trim();
  if (!WINDOW_CODE.test(code)) errors.code = cs.errors.windowCode;
  if (!name || name.length > 50) errors.name = cs.errors.windowName;
  const orgCode = input.org.trim() || venue.orgCode;
  const org = orgCode.length <= 40 ? await findOrganisation(deps.db, orgCode) : null;
  if (!org || org.disabled || !within(await scopeOf(deps.db, who.actor, WINDOW_ROLES), org.path)) errors.org = cs.errors.windowOrg;
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now().toISOString();
  const row = { public_id: newWindowId(), venue_public_id: venue.publicId, code, name, org_code: org!.code, org_path: org!.path, active: 1, created_at: now, updated_at: now };
  try {
    await inTransaction(deps.db, async (trx) => {
      const existing = await trx.selectFrom('rating_window').select(['id', 'active']).where('venue_public_id', '=', venue.publicId).where('code', '=', code).executeTakeFirst();
      if (existing) {
        // a stopped window of the same code is taken back into use (its QR codes stay valid)
        if (Number(existing.active) === 1) throw new TakenError();
        await trx.updateTable('rating_window').set({ name, org_code: row.org_code, org_path: row.org_path, active: 1, updated_at: now }).where('id', '=', existing.id).execute();
        const back = await trx.selectFrom('rating_window').select('public_id').where('id', '=', existing.id).executeTakeFirstOrThrow();
        row.public_id = back.public_id;
      } else {
        await trx.insertInto('rating_window').values(row).execute();
      }
      await audit(trx, deps, who, 'rating_window.add', 'rating_window', row.public_id, row.org_code, { venue: venue.publicId, code, name, org: row.org_code });
    });
  } catch (e) {
    if (e instanceof TakenError || isUniqueViolation(e)) return { ok: false, errors: { code: cs.errors.windowCodeTaken } };
    throw e;
  }
  return { ok: true, value: toWindow(row) };
}
class TakenError extends Error {}

/** Stops a window: its QR code then answers 「窗口已停用」; ratings already given stay. */
export async function disableWindow(deps: ChannelDeps, who: Who, venue: VenueRow, code: string): Promise<Result<WindowRow>> {
  const c = code.normalize('NFKC').trim().toUpperCase();
  const w = c ? (await windowsOf(deps.db, venue.publicId, true)).find((x) => x.code === c) : undefined;
  if (!w) return { ok: false, errors: { window: cs.errors.windowMissing } };
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('rating_window').set({ active: 0, updated_at: deps.clock.now().toISOString() }).where('public_id', '=', w.publicId).where('active', '=', 1).execute();
    await audit(trx, deps, who, 'rating_window.disable', 'rating_window', w.publicId, w.orgCode, { active: false }, { active: true });
  });
  return { ok: true, value: { ...w, active: false } };
}

// ---------- what a public page rates ----------

/** What a rating page is bound to: the responsible unit, what is rated and through which channel. */
export interface Target {
  channel: ChannelCode; subject: SubjectCode; orgCode: string;
  venue: VenueRow | null; window: WindowRow | null; item: { publicId: string; name: string } | null;
  caseRef: string | null; staffNo: string | null; raterName: string | null; raterPhone: string | null;
  /** The title of the page (venue, window or item name). */
  title: string;
}

export async function windowTarget(db: Db, publicId: string): Promise<Target | null> {
  const w = await findActiveWindow(db, publicId);
  const venue = w ? await findVenue(db, w.venuePublicId) : null;
  if (!w || !venue) return null;
  return { channel: 'window_qr', subject: 'window', orgCode: w.orgCode, venue, window: w, item: null, caseRef: null, staffNo: null, raterName: null, raterPhone: null, title: `${venue.name} ${w.code} ${w.name}` };
}

export async function venueTarget(db: Db, publicId: string, channel: 'venue_qr' | 'kiosk' | 'web'): Promise<Target | null> {
  const venue = await findVenue(db, publicId);
  if (!venue) return null;
  return { channel, subject: 'venue', orgCode: venue.orgCode, venue, window: null, item: null, caseRef: null, staffNo: null, raterName: null, raterPhone: null, title: venue.name };
}

/** A service item rated from its page: the responsible unit is the government of the item's region. */
export async function itemTarget(db: Db, publicId: string): Promise<Target | null> {
  if (!publicId || publicId.length > 64) return null;
  const item = await db.selectFrom('sm_item').select(['public_id', 'name', 'region_code']).where('public_id', '=', publicId).executeTakeFirst();
  if (!item) return null;
  const gov = await findGovernmentOfRegion(db, item.region_code.padEnd(12, '0'));
  if (!gov) return null;
  return { channel: 'web', subject: 'item', orgCode: gov.code, venue: null, window: null, item: { publicId: item.public_id, name: item.name }, caseRef: null, staffNo: null, raterName: null, raterPhone: null, title: item.name };
}

/** The 差评 reasons offered: the active ones of the list the submission service checks against. */
export async function reasonsOffered(db: Db): Promise<{ code: string; label: string }[]> {
  return (await listReasons(db)).filter((r) => r.active).map((r) => ({ code: r.code, label: r.label }));
}

// ---------- submission (through the one submission service) ----------

export interface RatingForm {
  level: string; indicators: Record<string, string>; reasons: string[]; text: string; raterName: string; raterPhone: string;
}

export type SubmitOutcome =
  | { ok: true; publicId: string; bad: boolean }
  | { ok: false; status: 400 | 404 | 409 | 410; code: string; message: string; errors: Record<string, string>; reasons?: string[] };

/** Hands a rating to the submission service (the public: a kiosk's signed-in staff only unlock it, they do not enter it). */
export async function submitThrough(deps: ChannelDeps, target: Target, form: RatingForm, linkId?: number, accountId: number | null = null): Promise<SubmitOutcome> {
  const indicators = Object.fromEntries(Object.entries(form.indicators).filter(([, v]) => v !== ''));
  // the phone a link was sent to names the rater only with the name the link or the form gives
  const raterName = form.raterName || target.raterName || '';
  const raterPhone = form.raterPhone || (raterName ? target.raterPhone ?? '' : '');
  const r = await submitRating(deps, {
    orgCode: target.orgCode, subject: target.subject, channel: target.channel,
    ...(target.venue ? { venuePublicId: target.venue.publicId } : {}), ...(target.item ? { itemPublicId: target.item.publicId } : {}),
    ...(target.window ? { windowCode: target.window.code } : {}), ...(target.staffNo ? { staffNo: target.staffNo } : {}), ...(target.caseRef ? { caseRef: target.caseRef } : {}),
    level: form.level, indicators, reasons: form.reasons, text: form.text,
    ...(raterName ? { raterName } : {}), ...(raterPhone ? { raterPhone } : {}),
  }, linkId === undefined ? { public: true, accountId } : { public: true, linkId, accountId });
  if (r.ok) {
    const level = parseEnum(LEVEL_ENUM, String(form.level));
    return { ok: true, publicId: r.publicId, bad: level ? isBad(starsOf(level)) : false };
  }
  const message = Object.values(r.errors)[0] ?? cs.errors.ratingRefused;
  return { ok: false, status: 400, code: r.code, message, errors: r.errors };
}

// ---------- single-use rating links ----------

export interface IssuedLink { url: string; expiresAt: string; sentTo: string[]; validDays: number }

/**
 * Issues a link: a random secret whose hash alone is stored, valid `link_valid_days` (default 30),
 * and its SMS and/or e-mail queued in the outbox — all in one transaction, audited. `base` is the
 * public origin the URL starts with.
 */
export async function issueLink(deps: ChannelDeps, who: Who, input: LinkRequest, base: string): Promise<Result<IssuedLink> & { forbidden?: boolean }> {
  // the organisation first: another county's 办件 is refused before anything about it is read
  const orgCode = input.org.trim();
  const org = orgCode && orgCode.length <= 40 ? await findOrganisation(deps.db, orgCode) : null;
  if (org && !within(await scopeOf(deps.db, who.actor, LINK_ROLES), org.path)) return { ok: false, errors: { org: cs.errors.org }, forbidden: true };
  const checked = checkLinkRequest(input);
  if (!org || org.disabled) return { ok: false, errors: { org: cs.errors.org, ...(checked.ok ? {} : checked.errors) } };
  if (!checked.ok) return checked;
  const v = checked.value;
  const errors: Record<string, string> = {};
  const venue = v.venue ? await findVenue(deps.db, v.venue) : null;
  if (v.venue && !venue) errors.venue = cs.errors.venueNotFound;
  if (v.item && !(await deps.db.selectFrom('sm_item').select('id').where('public_id', '=', v.item).executeTakeFirst())) errors.item = cs.errors.itemNotFound;
  if (v.window && !(venue && (await windowsOf(deps.db, venue.publicId, true)).some((w) => w.code === v.window))) errors.window = cs.errors.windowNotFound;
  if (Object.keys(errors).length) return { ok: false, errors };

  const now = deps.clock.now();
  // the county's setting (rating_setting.link_valid_days), else DEFAULT_SETTINGS (30 days)
  const days = (await getSettings(deps.db, countyOf(org.code))).linkValidDays;
  const token = randomSecret(24);
  const url = `${base}/rate/t/${token}`;
  const expiresAt = linkExpiry(now, days);
  const where = venue?.name ?? cs.link.service;
  const notes = [
    ...(v.phone ? [{ channel: 'sms' as const, recipient: v.phone, subject: cs.link.subject, body: cs.link.sms(where, url, days), reason: 'rating_link' }] : []),
    ...(v.email ? [{ channel: 'email' as const, recipient: v.email, subject: cs.link.subject, body: cs.link.email(where, url, days, v.caseRef), reason: 'rating_link' }] : []),
  ];
  await inTransaction(deps.db, async (trx) => {
    const id = await trx.insertInto('rating_link').values({
      token_hash: hashSecret(token), case_ref: v.caseRef, org_code: org.code, subject: v.subject, venue_public_id: venue?.publicId ?? null, item_public_id: v.item,
      window_code: v.window, staff_no: v.staffNo, rater_name: v.raterName, rater_phone: v.phone, rater_email: v.email, expires_at: expiresAt, used_at: null,
      rating_public_id: null, created_by: auditActor(who).actorLabel, created_at: now.toISOString(),
    }).returning('id').executeTakeFirstOrThrow();
    await enqueueNotifications(trx, notes, now);
    await audit(trx, deps, who, 'rating_link.issue', 'rating_link', String(id.id), org.code, { case_ref: v.caseRef, subject: v.subject, phone: v.phone, email: v.email, expires_at: expiresAt });
  });
  return { ok: true, value: { url, expiresAt, sentTo: notes.map((n) => n.recipient), validDays: days } };
}

/** The newest link issued for a 办件 of an organisation since `sinceIso` (the window desk issues one a minute at most). */
export async function recentLink(db: Db, orgCode: string, caseRef: string, sinceIso: string): Promise<{ createdAt: string; expiresAt: string; used: boolean } | null> {
  const r = await db.selectFrom('rating_link').select(['created_at', 'expires_at', 'used_at']).where('org_code', '=', orgCode).where('case_ref', '=', caseRef)
    .where('created_at', '>=', sinceIso).orderBy('created_at', 'desc').executeTakeFirst();
  return r ? { createdAt: r.created_at, expiresAt: r.expires_at, used: !!r.used_at } : null;
}

export type LinkLookup = { ok: true; target: Target; linkId: number } | { ok: false; status: 404 | 409 | 410; code: 'rating_link_unknown' | 'rating_link_used' | 'rating_link_expired'; message: string };

/** The link of a token and what it rates, or why it may not be used (unknown 404, used 409, expired 410). */
export async function lookupLink(deps: ChannelDeps, token: string): Promise<LinkLookup> {
  const link = token && token.length <= 100 ? await deps.db.selectFrom('rating_link').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst() : undefined;
  if (!link) return { ok: false, status: 404, code: 'rating_link_unknown', message: cs.errors.linkUnknown };
  const state = linkState(link, deps.clock.now());
  if (state === 'used') return { ok: false, status: 409, code: 'rating_link_used', message: cs.errors.linkUsed };
  if (state === 'expired') return { ok: false, status: 410, code: 'rating_link_expired', message: cs.errors.linkExpired };
  const venue = link.venue_public_id ? await findVenue(deps.db, link.venue_public_id) : null;
  const item = link.item_public_id ? await deps.db.selectFrom('sm_item').select(['public_id', 'name']).where('public_id', '=', link.item_public_id).executeTakeFirst() : undefined;
  const window = venue && link.window_code ? (await windowsOf(deps.db, venue.publicId)).find((w) => w.code === link.window_code) ?? null : null;
  return {
    ok: true, linkId: link.id,
    target: {
      channel: 'link', subject: link.subject as SubjectCode, orgCode: link.org_code, venue, window, item: item ? { publicId: item.public_id, name: item.name } : null,
      caseRef: link.case_ref, staffNo: link.staff_no, raterName: link.rater_name, raterPhone: link.rater_phone,
      title: [item?.name, venue?.name].filter(Boolean).join(' · ') || `${cs.page.caseRef} ${link.case_ref}`,
    },
  };
}

class Rollback extends Error { constructor(readonly outcome: SubmitOutcome) { super('rollback'); } }

/**
 * Rates through a link, once: the link is marked used by a conditional UPDATE (unused and not
 * expired) in the same transaction as the rating, so two submits at once count one rating and the
 * other is refused as used; a refused rating leaves the link unused.
 */
export async function rateWithLink(deps: ChannelDeps, token: string, form: RatingForm, accountId: number | null = null): Promise<SubmitOutcome> {
  const found = await lookupLink(deps, token);
  if (!found.ok) return { ok: false, status: found.status === 404 ? 404 : found.status, code: found.code, message: found.message, errors: {} };
  const nowIso = deps.clock.now().toISOString();
  try {
    return await inTransaction(deps.db, async (trx) => {
      const claim = await trx.updateTable('rating_link').set({ used_at: nowIso })
        .where('id', '=', found.linkId).where('used_at', 'is', null).where('expires_at', '>', nowIso).executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) throw new Rollback({ ok: false, status: 409, code: 'rating_link_used', message: cs.errors.linkUsed, errors: {} });
      const r = await submitThrough({ db: trx, clock: deps.clock }, found.target, form, found.linkId, accountId);
      if (!r.ok) throw new Rollback(r);
      await trx.updateTable('rating_link').set({ rating_public_id: r.publicId }).where('id', '=', found.linkId).execute();
      return r;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome;
    throw e;
  }
}
