// Shell: 政务服务「好差评」 submission and the 差评 workflow's commands. Every write runs in one
// transaction (rating + its events + the audit row of a staff write). Phones are masked wherever
// shown or logged (the audit masks them itself).
import { randomInt } from 'node:crypto';
import type { ExpressionBuilder } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { inTransaction, isUniqueViolation, lockRow } from '../../platform/db/db.ts';
import { maskDeep, maskPhone } from '../../platform/log/mask.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { platformView, type Database, type Db } from '../../schema.ts';
import { findOrganisation, hasRoleOver, identityService, isPlatformAdmin, parseOrgCode, scopePaths, type Actor, type Organisation } from '../identity/index.ts';
import { checkRatingInput, INPUT_CODES, isNamed, type CheckedRating, type RatingInput } from './rating-input.ts';
import * as repo from './ratings.repository.ts';
import { ratingStrings } from './ratings.strings.ts';
import { decide, fold, initialState, isOverdue, parseCommand, ratedPayload, type LogEvent, type RatingFacts, type RatingState, type RawCommand, type Refusal } from './workflow.ts';

export type { RatingInput };

export interface RatingDeps {
  db: Db;
  clock: Clock;
}

/** Who submits: a staff member entering a paper form or a 12345 callback, or the public (optionally through a rating link). */
/** `accountId`: a signed-in resident's account, from the session only (issue 21 §3). */
export type RatingSubmitter = { actor: Actor } | { public: true; linkId?: number; accountId?: number | null };

export type SubmitResult = { ok: true; publicId: string } | { ok: false; code: string; errors: Record<string, string> };

/** Roles that may enter a rating on a unit's behalf (paper form, 12345 callback). */
export const ENTRY_ROLES = ['admin', 'supervisor', 'case_handler'] as const;

const s = ratingStrings.input;

/** Crockford-style alphabet without I, L, O, U, 0 and 1 (read over the phone). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A rating's public id: 'PJ' + 12 random characters (30^12 ≈ 5 × 10^17). */
export function newRatingPublicId(): string {
  let out = 'PJ';
  for (let i = 0; i < 12; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** The county (区县) whose time limits apply to an organisation: 130427-mzj → 130427; a town → its county. */
export function countyOf(orgCode: string): string {
  const parsed = parseOrgCode(orgCode);
  return parsed ? parsed.regionCode.slice(0, 6) : orgCode;
}

/** The short form of a 12-digit region code (130427000000 → 130427, 130427100000 → 130427100). */
function shortRegion(code: string): string {
  const c = code.padEnd(12, '0');
  for (const len of [2, 4, 6, 9]) if (/^0+$/.test(c.slice(len))) return c.slice(0, len);
  return c;
}

/** Same subtree either way: a hall of the county government rated for one of its departments, or a town's venue for the county. */
function related(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

interface Placed {
  org: Organisation;
}

/** The checks that need the database: the organisation, its venue, item and window, the re-rated rating. */
async function place(db: Db, r: CheckedRating, by: RatingSubmitter): Promise<{ ok: true; value: Placed } | { ok: false; code: string; errors: Record<string, string> }> {
  const org = await findOrganisation(db, r.orgCode);
  if (!org || org.disabled) return { ok: false, code: INPUT_CODES.org, errors: { org: s.orgUnknown(r.orgCode.slice(0, 40)) } };
  if ('actor' in by) {
    const scopes = await identityService.officeScopes(db, by.actor, ENTRY_ROLES);
    if (!scopes.some((p) => org.path.startsWith(p))) return { ok: false, code: 'rating_not_your_unit', errors: { org: s.orgOutOfScope } };
  }
  const errors: Record<string, string> = {};
  const codes: string[] = [];
  if (r.venuePublicId) {
    const v = await repo.findVenueOrg(db, r.venuePublicId);
    const vOrg = v ? await findOrganisation(db, v.orgCode) : null;
    if (!v || !(vOrg ? related(vOrg.path, org.path) : related(shortRegion(v.regionCode), shortRegion(org.regionCode)))) {
      errors.venue = s.venueUnknown(r.venuePublicId);
      codes.push('rating_venue_unknown');
    } else if (r.windowCode) {
      const w = await repo.findWindow(db, r.venuePublicId, r.windowCode);
      if (!w || !w.active) {
        errors.window = s.windowUnknown(r.windowCode);
        codes.push('rating_window_unknown');
      }
    }
  }
  if (r.itemPublicId) {
    const region = await repo.findItemRegion(db, r.itemPublicId);
    const ok = region !== null && (related(shortRegion(region), shortRegion(org.regionCode)) || (!!r.venuePublicId && (await repo.venueOffersItem(db, r.venuePublicId, r.itemPublicId))));
    if (!ok) {
      errors.item = s.itemUnknown(r.itemPublicId);
      codes.push('rating_item_unknown');
    }
  }
  if (r.reratingOf) {
    const prev = await repo.findRatingByPublicId(db, r.reratingOf);
    if (!prev || prev.org_code !== org.code) {
      errors.rerating_of = s.reratingUnknown(r.reratingOf);
      codes.push('rating_rerating_unknown');
    } else if (!['replied', 'closed'].includes(prev.state)) {
      errors.rerating_of = s.reratingNotReplied;
      codes.push('rating_rerating_not_replied');
    }
  }
  if (codes.length) return { ok: false, code: codes[0]!, errors };
  return { ok: true, value: { org } };
}

/**
 * Submits one rating from any channel. The input is checked at the boundary (rating-input.ts),
 * then against the database; the rating and its first event (`rated`) are written in one
 * transaction. A 差评 goes to the responsible unit (谁办理、谁负责): `callback_due` for a named
 * rater (回访), `rectify_due` for an anonymous one, with due dates on the county's working-day
 * calendar (rating_setting or DEFAULT_SETTINGS).
 */
export async function submitRating(deps: RatingDeps, input: RatingInput, by: RatingSubmitter): Promise<SubmitResult> {
  const now = deps.clock.now();
  const today = localDateOf(now);
  const reasons = (await repo.listReasons(deps.db)).filter((r) => r.active);
  const checked = checkRatingInput(input, { today, reasons });
  if (!checked.ok) return checked;
  const r = checked.value;
  const placed = await place(deps.db, r, by);
  if (!placed.ok) return placed;
  const { org } = placed.value;
  const settings = await repo.getSettings(deps.db, countyOf(org.code));
  const cal = await loadCalendar(platformView(deps.db));
  const start = initialState(r.bad, isNamed(r), today, settings, cal);
  const at = now.toISOString();
  const actorName = 'actor' in by ? by.actor.username : 'public';
  for (let attempt = 0; ; attempt++) {
    const publicId = newRatingPublicId();
    try {
      await inTransaction(deps.db, async (trx) => {
        const row = await trx.insertInto('rating').values({
          public_id: publicId, org_code: org.code, org_path: org.path, subject: r.subject,
          venue_public_id: r.venuePublicId, item_public_id: r.itemPublicId, window_code: r.windowCode, staff_no: r.staffNo, case_ref: r.caseRef,
          channel: r.channel, level: r.level, is_bad: r.bad ? 1 : 0, indicators_json: JSON.stringify(r.indicators), reasons_json: JSON.stringify(r.reasons),
          text: r.text, rater_name: r.raterName, rater_phone: r.raterPhone, rated_on: r.ratedOn, rated_at: at,
          entered_by: 'actor' in by ? by.actor.username : null, state: start.state, callback_due_on: start.callbackDueOn, rectify_due_on: start.rectifyDueOn,
          excluded: 0, rerating_of: r.reratingOf, created_at: at, updated_at: at, account_id: 'public' in by ? by.accountId ?? null : null,
        }).returning('id').executeTakeFirstOrThrow();
        const payload = { ...ratedPayload({ level: r.level, channel: r.channel, bad: r.bad, named: isNamed(r), ...start }), ...('public' in by && by.linkId !== undefined ? { link_id: by.linkId } : {}), ...(r.reratingOf ? { rerating_of: r.reratingOf } : {}) };
        await trx.insertInto('rating_event').values({
          rating_id: Number(row.id), seq: 1, kind: 'rated', on_date: r.ratedOn, payload_json: JSON.stringify(payload),
          actor: actorName, actor_org_code: null, at,
        }).execute();
        if ('actor' in by) {
          await recordAudit(platformView(trx), now, {
            actorId: by.actor.userId, actorLabel: by.actor.username, action: 'rating.enter', entity: 'rating', entityId: publicId, orgCode: org.code,
            after: { subject: r.subject, channel: r.channel, level: r.level, reasons: r.reasons, rated_on: r.ratedOn, rater_name: r.raterName, rater_phone: r.raterPhone, state: start.state },
          });
        }
      });
      return { ok: true, publicId };
    } catch (e) {
      if (attempt < 3 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 差评 workflow commands and staff queries

/** Roles that read ratings (scoped; a 政务公开办 supervisor sees its government's subtree). */
export const READ_ROLES = ['admin', 'supervisor', 'case_handler'] as const;
/** Roles of the responsible unit that act on a 差评 (回访、整改、答复、申诉、办结). */
export const HANDLER_ROLES = ['case_handler', 'supervisor'] as const;

const ws = ratingStrings.workflow;

/** The parent's subtree path of an organisation path: /13/1304/130427/130427100/ → /13/1304/130427/. */
export function parentPathOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length > 1 ? `/${parts.slice(0, -1).join('/')}/` : path;
}

export async function readScopes(db: Db, actor: Actor): Promise<string[]> {
  return identityService.officeScopes(db, actor, READ_ROLES);
}

/** Who the actor is for this rating: in the responsible unit, or a supervisor of the level above. */
export async function standingOf(db: Db, actor: Actor, orgPath: string): Promise<{ inUnit: boolean; aboveUnit: boolean }> {
  const inUnit = hasRoleOver(actor, HANDLER_ROLES, orgPath);
  const parent = parentPathOf(orgPath);
  const above = parent !== orgPath && (await identityService.officeScopes(db, actor, ['supervisor'])).some((p) => parent.startsWith(p));
  return { inUnit, aboveUnit: above };
}

function logOf(events: repo.RatingEventRow[]): LogEvent[] {
  return events.map((e) => ({ kind: e.kind, on: e.on_date, payload: JSON.parse(e.payload_json) as Record<string, unknown>, actor: e.actor }));
}

/** A rating the actor may read, or a 404 (a row outside the scope is not shown to exist). */
async function readable(db: Db, actor: Actor, publicId: string): Promise<repo.RatingRow> {
  const row = /^PJ[0-9A-Z]{12}$/.test(publicId) ? await repo.findRatingByPublicId(db, publicId) : null;
  if (!row) throw new HttpError(404, 'rating_not_found', ws.notFound);
  const scopes = await readScopes(db, actor);
  if (!scopes.some((p) => row.org_path.startsWith(p))) throw new HttpError(404, 'rating_not_found', ws.notFound);
  return row;
}

export type ActResult = { ok: true; state: RatingState } | ({ ok: false } & Refusal);

/**
 * One 差评 workflow command (callback, rectify, reply, appeal, decide_appeal, close) by a staff
 * member: read the log, judge with the pure `decide`, append the events, store the folded columns
 * and write the audit row, all in one transaction.
 */
export async function act(deps: RatingDeps, who: { actor: Actor; requestId?: string }, publicId: string, raw: RawCommand): Promise<ActResult> {
  const row0 = await readable(deps.db, who.actor, publicId);
  const parsed = parseCommand(raw);
  if (!parsed.ok) return parsed;
  const cmd = parsed.command;
  const now = deps.clock.now();
  const today = localDateOf(now);
  const standing = await standingOf(deps.db, who.actor, row0.org_path);
  const settings = await repo.getSettings(deps.db, countyOf(row0.org_code));
  const cal = await loadCalendar(platformView(deps.db));
  const actorOrg = who.actor.grants.find((g) => row0.org_path.startsWith(g.orgPath))?.orgCode ?? who.actor.grants[0]?.orgCode ?? null;
  return inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'rating', row0.id);
    const row = (await trx.selectFrom('rating').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow());
    const stored = await repo.eventsOf(trx, row.id);
    const log = logOf(stored);
    const facts = fold(log);
    const d = decide(facts, cmd, { today, calendar: cal, limits: settings, actor: { username: who.actor.username, ...standing } });
    if (!d.ok) return d;
    const at = now.toISOString();
    let seq = stored.length ? Math.max(...stored.map((e) => Number(e.seq))) : 0;
    for (const e of d.events) {
      seq++;
      await trx.insertInto('rating_event').values({ rating_id: row.id, seq, kind: e.kind, on_date: e.on, payload_json: JSON.stringify(e.payload), actor: who.actor.username, actor_org_code: actorOrg, at }).execute();
      log.push({ kind: e.kind, on: e.on, payload: e.payload, actor: who.actor.username });
    }
    const next = fold(log);
    const columns = factColumns(next);
    await trx.updateTable('rating').set({ ...columns, updated_at: at }).where('id', '=', row.id).execute();
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: `rating.${cmd.kind}`, entity: 'rating', entityId: row.public_id, orgCode: row.org_code, requestId: who.requestId ?? null,
      before: { state: row.state }, after: { state: next.state, events: d.events },
    });
    return { ok: true as const, state: next.state };
  });
}

/** The row's workflow columns from the folded log. */
export function factColumns(f: RatingFacts) {
  return {
    state: f.state, callback_due_on: f.callbackDueOn, called_back_on: f.calledBackOn, rectify_due_on: f.rectifyDueOn, rectified_on: f.rectifiedOn,
    replied_on: f.repliedOn, closed_on: f.closedOn, excluded: f.excluded ? 1 : 0,
  };
}

/** A rating as staff see it: the phone masked; the events with their payloads. */
export interface StaffRating {
  row: repo.RatingRow;
  phone: string | null;
  overdue: boolean;
  orgName: string;
  /** Names of what was rated (venue, service item, window), shown beside their public ids. */
  names: { venue: string | null; item: string | null; window: string | null };
  events: (LogEvent & { seq: number; at: string; actorOrg: string | null })[];
  standing: { inUnit: boolean; aboveUnit: boolean };
}

export async function loadForStaff(deps: RatingDeps, actor: Actor, publicId: string): Promise<StaffRating> {
  const row = await readable(deps.db, actor, publicId);
  const [events, org, standing, venue, item, window] = await Promise.all([
    repo.eventsOf(deps.db, row.id), findOrganisation(deps.db, row.org_code), standingOf(deps.db, actor, row.org_path),
    row.venue_public_id ? deps.db.selectFrom('sm_venue').select('name').where('public_id', '=', row.venue_public_id).executeTakeFirst() : undefined,
    row.item_public_id ? deps.db.selectFrom('sm_item').select('name').where('public_id', '=', row.item_public_id).executeTakeFirst() : undefined,
    row.venue_public_id && row.window_code ? deps.db.selectFrom('rating_window').select('name').where('venue_public_id', '=', row.venue_public_id).where('code', '=', row.window_code).executeTakeFirst() : undefined,
  ]);
  return {
    row, phone: row.rater_phone ? maskPhone(row.rater_phone) : null, overdue: isOverdue({ state: row.state as RatingState, callbackDueOn: row.callback_due_on, rectifyDueOn: row.rectify_due_on }, deps.clock.today()),
    orgName: org?.name ?? row.org_code, standing, names: { venue: venue?.name ?? null, item: item?.name ?? null, window: window?.name ?? null },
    events: events.map((e) => ({ kind: e.kind, on: e.on_date, payload: maskDeep(JSON.parse(e.payload_json)) as Record<string, unknown>, actor: e.actor, seq: Number(e.seq), at: e.at, actorOrg: e.actor_org_code })),
  };
}

export type QueueName = 'callback' | 'rectify' | 'overdue' | 'appealed' | 'bad' | 'all';
export const QUEUES: readonly QueueName[] = ['callback', 'rectify', 'overdue', 'appealed', 'bad', 'all'];

export interface ListFilter {
  queue?: QueueName;
  state?: RatingState;
  bad?: boolean;
  overdue?: boolean;
  org?: string;
  limit: number;
  offset: number;
}

export interface ListedRating {
  publicId: string;
  orgCode: string;
  orgName: string;
  subject: string;
  venuePublicId: string | null;
  itemPublicId: string | null;
  windowCode: string | null;
  staffNo: string | null;
  channel: string;
  level: number;
  bad: boolean;
  state: RatingState;
  ratedOn: string;
  dueOn: string | null;
  overdue: boolean;
  excluded: boolean;
  raterName: string | null;
  raterPhone: string | null;
}

/** Ratings inside the actor's scope, newest first, with the queue's filter. */
export async function listForStaff(deps: RatingDeps, actor: Actor, f: ListFilter): Promise<{ total: number; items: ListedRating[] }> {
  const scopes = await readScopes(deps.db, actor);
  if (!scopes.length) return { total: 0, items: [] };
  const today = deps.clock.today();
  let orgPath: string | null = null;
  if (f.org) {
    const org = await findOrganisation(deps.db, f.org);
    if (!org) return { total: 0, items: [] };
    orgPath = org.path;
  }
  const db = deps.db;
  let q = db.selectFrom('rating').where((eb) => eb.or(scopes.map((p) => eb('org_path', 'like', `${p}%`))));
  if (orgPath) q = q.where('org_path', 'like', `${orgPath}%`);
  const queue = f.queue ?? 'all';
  if (queue === 'callback') q = q.where('state', '=', 'callback_due');
  if (queue === 'rectify') q = q.where('state', 'in', ['rectify_due', 'rectifying']);
  if (queue === 'appealed') q = q.where('state', '=', 'appealed');
  if (queue === 'bad' || f.bad === true) q = q.where('is_bad', '=', 1);
  if (f.bad === false) q = q.where('is_bad', '=', 0);
  if (f.state) q = q.where('state', '=', f.state);
  if (queue === 'overdue' || f.overdue === true) q = q.where(overdueWhere(today));
  const total = Number((await q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q.selectAll().orderBy('rated_on', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  const names = new Map<string, string>();
  for (const code of new Set(rows.map((r) => r.org_code))) names.set(code, (await findOrganisation(db, code))?.name ?? code);
  return {
    total,
    items: rows.map((r) => {
      const state = r.state as RatingState;
      const dueOn = state === 'callback_due' ? r.callback_due_on : state === 'rectify_due' || state === 'rectifying' ? r.rectify_due_on : null;
      return {
        publicId: r.public_id, orgCode: r.org_code, orgName: names.get(r.org_code) ?? r.org_code, subject: r.subject, venuePublicId: r.venue_public_id, itemPublicId: r.item_public_id,
        windowCode: r.window_code, staffNo: r.staff_no, channel: r.channel, level: Number(r.level), bad: !!r.is_bad, state, ratedOn: r.rated_on, dueOn,
        overdue: isOverdue({ state, callbackDueOn: r.callback_due_on, rectifyDueOn: r.rectify_due_on }, today), excluded: !!r.excluded,
        raterName: r.rater_name, raterPhone: r.rater_phone ? maskPhone(r.rater_phone) : null,
      };
    }),
  };
}

/** SQL for isOverdue (workflow.ts): a callback or a rectification past its due day. */
function overdueWhere(today: string) {
  return (eb: ExpressionBuilder<Database, 'rating'>) => eb.or([
    eb.and([eb('state', '=', 'callback_due'), eb('callback_due_on', '<', today)]),
    eb.and([eb('state', 'in', ['rectify_due', 'rectifying']), eb('rectify_due_on', '<', today)]),
  ]);
}

/** The staff home page's counts (工作台): 差评 to call back, to rectify, overdue — in the actor's scope. */
export async function workCounts(deps: RatingDeps, actor: Actor): Promise<{ callback: number; rectify: number; overdue: number }> {
  const [callback, rectify, overdue] = await Promise.all((['callback', 'rectify', 'overdue'] as const).map(async (queue) => (await listForStaff(deps, actor, { queue, limit: 0, offset: 0 })).total));
  return { callback: callback!, rectify: rectify!, overdue: overdue! };
}

// ---------------------------------------------------------------------------------------------
// County time limits (admins of the county) and the 差评 reasons (platform administrators)

export const LIMIT_RANGES = { callbackDays: [1, 10], rectifyDays: [1, 60], linkValidDays: [1, 365] } as const;

/** The county organisations whose limits the actor may change (admin over the county). */
export async function countiesOf(deps: RatingDeps, actor: Actor): Promise<Organisation[]> {
  const scopes = scopePaths(actor, ['admin']);
  if (!scopes.length) return [];
  const rows = await deps.db.selectFrom('organisation').select('code').where('disabled', '=', 0)
    .where((eb) => eb.or(scopes.map((p) => eb('path', 'like', `${p}%`)))).execute();
  const out: Organisation[] = [];
  for (const r of rows) {
    if (!/^\d{6}$/.test(r.code) || /00$/.test(r.code)) continue;
    const o = await findOrganisation(deps.db, r.code);
    if (o) out.push(o);
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

export async function saveSettings(deps: RatingDeps, who: { actor: Actor; requestId?: string }, countyCode: string, input: Record<string, string>): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const county = await findOrganisation(deps.db, countyCode);
  if (!county || !/^\d{6}$/.test(county.code)) throw new HttpError(404, 'rating_county_not_found', ratingStrings.settings.countyUnknown);
  if (!hasRoleOver(who.actor, ['admin'], county.path)) throw new HttpError(403, 'forbidden', ratingStrings.settings.forbidden);
  const errors: Record<string, string> = {};
  const values = {} as Record<keyof typeof LIMIT_RANGES, number>;
  for (const [k, [min, max]] of Object.entries(LIMIT_RANGES) as [keyof typeof LIMIT_RANGES, readonly [number, number]][]) {
    const raw = (input[k] ?? '').trim();
    const n = Number(raw);
    if (!/^\d{1,3}$/.test(raw) || n < min || n > max) errors[k] = ratingStrings.settings.range(min, max);
    values[k] = n;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const before = await repo.getSettings(trx, county.code);
    await repo.putSettings(trx, county.code, values, who.actor.username, now.toISOString());
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: 'rating.settings', entity: 'rating_setting', entityId: county.code, orgCode: county.code, requestId: who.requestId ?? null,
      before: { callbackDays: before.callbackDays, rectifyDays: before.rectifyDays, linkValidDays: before.linkValidDays }, after: values,
    });
  });
  return { ok: true };
}

const REASON_CODE = /^[a-z][a-z0-9_]{1,29}$/;

/** Adds or changes one 差评 reason (platform administrators only; audited). The shipped list is written first. */
export async function saveReason(deps: RatingDeps, who: { actor: Actor; requestId?: string }, input: Record<string, string>): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  if (!isPlatformAdmin(who.actor)) throw new HttpError(403, 'forbidden', ratingStrings.reasons.forbidden);
  const rs = ratingStrings.reasons;
  const code = (input.code ?? '').trim();
  const label = (input.label ?? '').trim();
  const positionRaw = (input.position ?? '').trim();
  const active = input.active === '1' || input.active === 'yes' || input.active === 'on';
  const errors: Record<string, string> = {};
  if (!REASON_CODE.test(code)) errors.code = rs.codeInvalid;
  if (!label) errors.label = rs.labelRequired;
  else if ([...label].length > 40) errors.label = rs.labelTooLong;
  if (positionRaw && !/^\d{1,3}$/.test(positionRaw)) errors.position = rs.positionInvalid;
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now();
  const at = now.toISOString();
  await inTransaction(deps.db, async (trx) => {
    await repo.seedReasons(trx, at);
    const before = await trx.selectFrom('rating_reason').selectAll().where('code', '=', code).executeTakeFirst();
    const position = positionRaw ? Number(positionRaw) : before ? Number(before.position) : (await repo.listReasons(trx)).length + 1;
    const values = { label, position, active: active ? 1 : 0, updated_at: at };
    if (before) await trx.updateTable('rating_reason').set(values).where('code', '=', code).execute();
    else await trx.insertInto('rating_reason').values({ code, ...values }).execute();
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: before ? 'rating.reason.update' : 'rating.reason.create', entity: 'rating_reason', entityId: code, requestId: who.requestId ?? null,
      before: before ?? undefined, after: { code, ...values },
    });
  });
  return { ok: true };
}
