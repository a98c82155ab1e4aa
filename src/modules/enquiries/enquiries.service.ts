// Shell: the 咨询登记 (enquiry log) — recording, the scoped list, one entry with its follow-up,
// statistics per zone and month, and the one-step conversion into a 民心直通车 message or a
// 依申请公开 application. Every staff write runs in one transaction with its audit row; phones and
// names are masked everywhere except the entry's own page (and there only for staff with scope).
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf, monthBounds } from '../../platform/clock/local-date.ts';
import { inTransaction, isUniqueViolation, lockRow } from '../../platform/db/db.ts';
import { likePrefix } from '../../platform/db/like.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, identityService, type Actor, type Organisation } from '../identity/index.ts';
import { submitMessage, type ApplicationIntake } from '../interaction/index.ts';
import { checkEnquiryInput, checkFollowUp, ENQUIRY_CODES, maskContactName, maskContactPhone, topicKey, type CheckedEnquiry, type EnquiryRawInput } from './enquiry-input.ts';
import { ENQUIRY_CHANNELS, ENQUIRY_CONVERSIONS, ANSWER_MAX, type EnquiryChannel, type EnquiryConversion } from './vocabulary.ts';
import type { EnquiryTable } from './enquiries.table.ts';
import type { Selectable } from 'kysely';
import { enquiryStrings } from './enquiries.strings.ts';

export type EnquiryRow = Selectable<EnquiryTable>;

export interface EnquiryDeps {
  db: Db;
  clock: Clock;
  /** The seam to the applications module (app.ts passes `applications.registerIn`), joined to the conversion's transaction. */
  applicationIntake?: ApplicationIntake | undefined;
}

/** Staff who record and read enquiries (scoped: a 政务公开办 supervisor sees its government's subtree). */
export const READ_ROLES = ['admin', 'supervisor', 'editor', 'case_handler'] as const;
export const WRITE_ROLES = READ_ROLES;
/** Who may turn an enquiry into a message or an application (the applications module registers only for its handlers). */
export const CONVERT_ROLES = ['supervisor', 'case_handler'] as const;

const si = enquiryStrings.input;
const sc = enquiryStrings.convert;

/** Alphabet without I, L, O, U, 0 and 1 (read over the phone). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PUBLIC_ID = /^ZX[0-9A-Z]{12}$/;

/** An enquiry's public id: 'ZX' + 12 random characters. */
export function newEnquiryPublicId(): string {
  let out = 'ZX';
  for (let i = 0; i < 12; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function readScopes(db: Db, actor: Actor): Promise<string[]> {
  return identityService.officeScopes(db, actor, READ_ROLES);
}

const inScope = (scopes: readonly string[], path: string) => scopes.some((p) => path.startsWith(p));

export type Refused = { ok: false; code: string; errors: Record<string, string> };
export type Who = { actor: Actor; requestId?: string | undefined };

/** The organisation an entry without a venue is recorded under: the actor's own (a writing role's grant). */
async function actorOrganisation(db: Db, actor: Actor): Promise<Organisation | null> {
  const g = actor.grants.find((x) => (WRITE_ROLES as readonly string[]).includes(x.role) && x.orgCode !== '*');
  return g ? findOrganisation(db, g.orgCode) : null;
}

/**
 * A venue with its organisation's subtree path (read here rather than through the channels module,
 * whose window desk imports this module: no import cycle).
 */
async function findVenue(db: Db, publicId: string): Promise<{ publicId: string; orgCode: string; orgPath: string } | null> {
  if (publicId.length > 64) return null;
  const r = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.public_id', 'sm_venue.org_code', 'organisation.path']).where('sm_venue.public_id', '=', publicId).executeTakeFirst();
  return r ? { publicId: r.public_id, orgCode: r.org_code, orgPath: r.path } : null;
}

interface Placed { org: Organisation; venue: string | null; windowPublicId: string | null; record: string | null }

/** The checks that need the database: venue in scope, its window, the item, the record. */
async function place(db: Db, actor: Actor, v: CheckedEnquiry): Promise<{ ok: true; value: Placed } | Refused> {
  const scopes = await identityService.officeScopes(db, actor, WRITE_ROLES);
  const errors: Record<string, string> = {};
  const codes: string[] = [];
  let org: Organisation | null = null;
  let windowPublicId: string | null = null;
  if (v.venue) {
    const venue = await findVenue(db, v.venue);
    if (!venue) { errors.venue = si.venueUnknown; codes.push('enquiry_venue_unknown'); }
    else if (!inScope(scopes, venue.orgPath)) { errors.venue = si.outOfScope; codes.push('enquiry_not_your_unit'); }
    else {
      org = await findOrganisation(db, venue.orgCode);
      if (v.window) {
        const w = await db.selectFrom('rating_window').select(['public_id', 'active']).where('venue_public_id', '=', venue.publicId)
          .where((eb) => eb.or([eb('public_id', '=', v.window!), eb('code', '=', v.window!)])).executeTakeFirst();
        if (!w || !Number(w.active)) { errors.window = si.windowUnknown; codes.push('enquiry_window_unknown'); } else windowPublicId = w.public_id;
      }
    }
  } else {
    org = await actorOrganisation(db, actor);
    if (!org) { errors.venue = si.noOrganisation; codes.push('enquiry_venue_required'); }
    else if (!inScope(scopes, org.path)) { errors.venue = si.outOfScope; codes.push('enquiry_not_your_unit'); }
  }
  if (v.item) {
    const item = await db.selectFrom('sm_item').select('public_id').where('public_id', '=', v.item).executeTakeFirst();
    if (!item) { errors.item = si.itemUnknown; codes.push('enquiry_item_unknown'); }
  }
  let record: string | null = null;
  if (v.record) {
    record = await visibleRecord(db, scopes, v.record);
    if (!record) { errors.record = si.recordUnknown; codes.push('enquiry_record_unknown'); }
  }
  if (codes.length || !org) return { ok: false, code: codes[0] ?? 'enquiry_venue_unknown', errors };
  return { ok: true, value: { org, venue: v.venue, windowPublicId, record } };
}

/**
 * A record reference the actor may see, in its stored spelling: a published disclosure's 索引号 (or
 * one of its own scope at any state), or a 依申请公开 application of its scope (reference YSQ-…).
 */
async function visibleRecord(db: Db, scopes: readonly string[], ref: string): Promise<string | null> {
  const upper = normaliseReference(ref);
  if (/^YSQ-/.test(upper)) {
    const a = await db.selectFrom('application_case').select(['reference', 'org_path']).where('reference', '=', upper).executeTakeFirst();
    return a && inScope(scopes, a.org_path) ? a.reference : null;
  }
  const d = await db.selectFrom('disclosure').select(['index_no', 'org_path', 'state']).where('index_no', '=', ref.trim()).executeTakeFirst();
  if (d && (d.state === 'published' || inScope(scopes, d.org_path))) return d.index_no;
  return null;
}

/** What an audit entry may hold of an enquiry: the contact masked. */
function auditView(r: { topic: string; channel: string; venue_public_id: string | null; window_public_id: string | null; asked_on: string; answer: string; follow_up: number; followed_up_on: string | null; contact_name: string | null; contact_phone: string | null }) {
  return {
    topic: r.topic, channel: r.channel, venue: r.venue_public_id, window: r.window_public_id, asked_on: r.asked_on, answer_length: [...r.answer].length,
    follow_up: !!r.follow_up, followed_up_on: r.followed_up_on, contact_name: maskContactName(r.contact_name), contact_phone: maskContactPhone(r.contact_phone),
  };
}

/**
 * A part of the platform recording on its own (the 7×24 assistant converting an untaken hand-off):
 * no staff member, so no scope check — the organisation is the one the conversation belongs to
 * (a venue, when given, must be that organisation's); recorded and audited under the name `system`.
 */
export type SystemRecorder = { system: string; orgCode: string };

async function placeForSystem(db: Db, rec: SystemRecorder, v: CheckedEnquiry): Promise<{ ok: true; value: Placed } | Refused> {
  const org = await findOrganisation(db, rec.orgCode);
  if (!org) return { ok: false, code: 'enquiry_venue_required', errors: { venue: si.noOrganisation } };
  let venue: string | null = null;
  if (v.venue) {
    const found = await findVenue(db, v.venue);
    if (found && found.orgCode === org.code) venue = found.publicId;
  }
  return { ok: true, value: { org, venue, windowPublicId: null, record: null } };
}

/** Records one enquiry (form or API, or a system part: see SystemRecorder); returns its public id or the field errors. */
export async function createEnquiry(deps: EnquiryDeps, who: Who | SystemRecorder, raw: EnquiryRawInput, source: 'staff' | 'assistant' = 'staff'): Promise<{ ok: true; publicId: string } | Refused> {
  const now = deps.clock.now();
  const checked = checkEnquiryInput(raw, now);
  if (!checked.ok) return checked;
  const v = checked.value;
  const placed = 'system' in who ? await placeForSystem(deps.db, who, v) : await place(deps.db, who.actor, v);
  const by = 'system' in who ? { id: null, label: who.system, requestId: null } : { id: who.actor.userId, label: who.actor.username, requestId: who.requestId ?? null };
  if (!placed.ok) return placed;
  const { org, venue, windowPublicId, record } = placed.value;
  const at = now.toISOString();
  for (let attempt = 0; ; attempt++) {
    const publicId = newEnquiryPublicId();
    try {
      await inTransaction(deps.db, async (trx) => {
        const row = {
          public_id: publicId, org_code: org.code, org_path: org.path, venue_public_id: venue, window_public_id: windowPublicId, channel: v.channel,
          asked_at: v.askedAt, asked_on: v.askedOn, topic: v.topic, item_public_id: v.item, record_ref: record, answer: v.answer,
          follow_up: v.followUp ? 1 : 0, followed_up_on: v.followedUpOn, contact_name: v.contactName, contact_phone: v.contactPhone, source,
          converted_kind: null, converted_ref: null, created_by: by.label, created_at: at, updated_at: at,
        };
        await trx.insertInto('enquiry').values(row).execute();
        await recordAudit(platformView(trx), now, {
          actorId: by.id, actorLabel: by.label, action: 'enquiry.record', entity: 'enquiry', entityId: publicId, orgCode: org.code,
          requestId: by.requestId, after: auditView(row),
        });
      });
      return { ok: true, publicId };
    } catch (e) {
      if (attempt < 3 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** An enquiry the actor may read, or a 404 (a row outside the scope is not shown to exist). */
export async function readable(db: Db, actor: Actor, publicId: string): Promise<EnquiryRow> {
  const row = PUBLIC_ID.test(publicId) ? await db.selectFrom('enquiry').selectAll().where('public_id', '=', publicId).executeTakeFirst() : undefined;
  if (!row || !inScope(await readScopes(db, actor), row.org_path)) throw new HttpError(404, 'enquiry_not_found', enquiryStrings.api.notFound);
  return row;
}

export interface ListFilter {
  zone?: string | undefined;
  month?: string | undefined;
  channel?: EnquiryChannel | undefined;
  open?: boolean | undefined;
  limit: number;
  offset: number;
}

/** An enquiry as lists, the API list and CSV show it: contact masked. */
export interface ListedEnquiry {
  publicId: string;
  askedAt: string;
  askedOn: string;
  orgCode: string;
  orgName: string;
  venuePublicId: string | null;
  venueName: string | null;
  windowPublicId: string | null;
  channel: EnquiryChannel;
  topic: string;
  itemPublicId: string | null;
  recordRef: string | null;
  answer: string;
  followUp: boolean;
  followedUpOn: string | null;
  contactName: string | null;
  contactPhone: string | null;
  source: string;
  convertedKind: EnquiryConversion | null;
  convertedRef: string | null;
}

function scopedQuery(db: Db, scopes: readonly string[], f: Omit<ListFilter, 'limit' | 'offset'>) {
  let q = db.selectFrom('enquiry').where(sql<boolean>`(${sql.join(scopes.map((p) => sql`enquiry.org_path like ${likePrefix(p)} escape '\\'`), sql` or `)})`);
  if (f.zone) q = q.where('enquiry.venue_public_id', '=', f.zone);
  if (f.month) {
    const b = monthBounds(f.month);
    q = q.where('enquiry.asked_on', '>=', b.from).where('enquiry.asked_on', '<=', b.to);
  }
  if (f.channel) q = q.where('enquiry.channel', '=', f.channel);
  if (f.open) q = q.where('enquiry.follow_up', '=', 1).where('enquiry.followed_up_on', 'is', null);
  return q;
}

async function orgNames(db: Db, codes: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(codes)];
  const rows = list.length ? await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', list).execute() : [];
  return new Map(rows.map((r) => [r.code, r.name]));
}

export function listed(r: EnquiryRow & { venue_name?: string | null }, orgName: string): ListedEnquiry {
  return {
    publicId: r.public_id, askedAt: r.asked_at, askedOn: r.asked_on, orgCode: r.org_code, orgName, venuePublicId: r.venue_public_id, venueName: r.venue_name ?? null,
    // a phone or ID number typed into the text is masked as well (as the interaction module's lists and CSV do)
    windowPublicId: r.window_public_id, channel: r.channel as EnquiryChannel, topic: maskPersonalData(r.topic), itemPublicId: r.item_public_id, recordRef: r.record_ref, answer: maskPersonalData(r.answer),
    followUp: !!Number(r.follow_up), followedUpOn: r.followed_up_on, contactName: maskContactName(r.contact_name), contactPhone: maskContactPhone(r.contact_phone),
    source: r.source, convertedKind: r.converted_kind as EnquiryConversion | null, convertedRef: r.converted_ref,
  };
}

/** Enquiries inside the actor's scope, newest first. */
export async function listEnquiries(deps: EnquiryDeps, actor: Actor, f: ListFilter): Promise<{ total: number; items: ListedEnquiry[] }> {
  const scopes = await readScopes(deps.db, actor);
  if (!scopes.length) return { total: 0, items: [] };
  const q = scopedQuery(deps.db, scopes, f);
  const total = Number((await q.select(deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (f.limit === 0) return { total, items: [] };
  const rows = await q.leftJoin('sm_venue', 'sm_venue.public_id', 'enquiry.venue_public_id').selectAll('enquiry').select('sm_venue.name as venue_name')
    .orderBy('enquiry.asked_at', 'desc').orderBy('enquiry.id', 'desc').limit(f.limit).offset(f.offset).execute();
  const names = await orgNames(deps.db, rows.map((r) => r.org_code));
  return { total, items: rows.map((r) => listed(r, names.get(r.org_code) ?? r.org_code)) };
}

/** The venues (zones) whose enquiries the actor may read, for the filters and the form. */
export async function zonesOf(deps: EnquiryDeps, actor: Actor): Promise<{ publicId: string; name: string }[]> {
  const scopes = await readScopes(deps.db, actor);
  if (!scopes.length) return [];
  const rows = await deps.db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code').select(['sm_venue.public_id', 'sm_venue.name', 'sm_venue.type'])
    .where(sql<boolean>`(${sql.join(scopes.map((p) => sql`organisation.path like ${likePrefix(p)} escape '\\'`), sql` or `)})`)
    .where('sm_venue.type', 'in', ['openness_area', 'service_centre', 'convenience_centre', 'convenience_station'])
    .orderBy('sm_venue.public_id').limit(500).execute();
  // 政务公开专区 first: the log is theirs.
  return rows.sort((a, b) => Number(b.type === 'openness_area') - Number(a.type === 'openness_area') || a.public_id.localeCompare(b.public_id)).map((r) => ({ publicId: r.public_id, name: r.name }));
}

/** One entry as its own page shows it: the full phone (the reader has scope), names beside the ids. */
export interface StaffEnquiry {
  row: EnquiryRow;
  orgName: string;
  names: { venue: string | null; window: string | null; item: string | null };
  canWrite: boolean;
  canConvert: boolean;
}

export async function loadEnquiry(deps: EnquiryDeps, actor: Actor, publicId: string): Promise<StaffEnquiry> {
  const row = await readable(deps.db, actor, publicId);
  const [org, venue, window, item, writeScopes, convertScopes] = await Promise.all([
    findOrganisation(deps.db, row.org_code),
    row.venue_public_id ? deps.db.selectFrom('sm_venue').select('name').where('public_id', '=', row.venue_public_id).executeTakeFirst() : undefined,
    row.window_public_id ? deps.db.selectFrom('rating_window').select(['code', 'name']).where('public_id', '=', row.window_public_id).executeTakeFirst() : undefined,
    row.item_public_id ? deps.db.selectFrom('sm_item').select('name').where('public_id', '=', row.item_public_id).executeTakeFirst() : undefined,
    identityService.officeScopes(deps.db, actor, WRITE_ROLES), identityService.officeScopes(deps.db, actor, CONVERT_ROLES),
  ]);
  return {
    row, orgName: org?.name ?? row.org_code,
    names: { venue: venue?.name ?? null, window: window ? `${window.code} ${window.name}` : null, item: item?.name ?? null },
    canWrite: inScope(writeScopes, row.org_path), canConvert: inScope(convertScopes, row.org_path),
  };
}

/** Records the follow-up (and, when given, a corrected answer) of one entry. */
export async function updateEnquiry(deps: EnquiryDeps, who: Who, publicId: string, raw: { follow_up?: string | boolean | undefined; followed_up_on?: string | undefined; answer?: string | undefined }): Promise<{ ok: true; row: EnquiryRow } | Refused> {
  const row0 = await readable(deps.db, who.actor, publicId);
  if (!inScope(await identityService.officeScopes(deps.db, who.actor, WRITE_ROLES), row0.org_path)) throw new HttpError(403, 'forbidden', si.outOfScope);
  const now = deps.clock.now();
  const fu = checkFollowUp(raw, row0.asked_on, localDateOf(now));
  if (!fu.ok) return fu;
  let answer = row0.answer;
  if (typeof raw.answer === 'string') {
    answer = raw.answer.normalize('NFC').trim();
    if ([...answer].length > ANSWER_MAX) return { ok: false, code: ENQUIRY_CODES.answerTooLong, errors: { answer: si.answerTooLong(ANSWER_MAX) } };
  }
  const at = now.toISOString();
  const row = await inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'enquiry', row0.id);
    const before = await trx.selectFrom('enquiry').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow();
    await trx.updateTable('enquiry').set({ follow_up: fu.value.followUp ? 1 : 0, followed_up_on: fu.value.followedUpOn, answer, updated_at: at }).where('id', '=', row0.id).execute();
    const after = await trx.selectFrom('enquiry').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow();
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: 'enquiry.update', entity: 'enquiry', entityId: row0.public_id, orgCode: row0.org_code,
      requestId: who.requestId ?? null, before: auditView(before), after: auditView(after),
    });
    return after;
  });
  return { ok: true, row };
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface ZoneFigures { venuePublicId: string | null; name: string; total: number; byChannel: Record<EnquiryChannel, number>; followUpsOpen: number }
export interface EnquiryStatistics {
  month: string;
  zone: string | null;
  total: number;
  byChannel: Record<EnquiryChannel, number>;
  followUpsOpen: number;
  zones: ZoneFigures[];
  topics: { topic: string; count: number }[];
}

const emptyChannels = (): Record<EnquiryChannel, number> => Object.fromEntries(ENQUIRY_CHANNELS.values.map((v) => [v.code, 0])) as Record<EnquiryChannel, number>;

/** Counts per venue (and the venue-less entries of a unit) for the given rows' grouping. */
function tally(rows: { venue_public_id: string | null; channel: string; follow_up: number; followed_up_on: string | null; n: number | string | bigint }[]): Map<string | null, Omit<ZoneFigures, 'name' | 'venuePublicId'>> {
  const out = new Map<string | null, Omit<ZoneFigures, 'name' | 'venuePublicId'>>();
  for (const r of rows) {
    const z = out.get(r.venue_public_id) ?? { total: 0, byChannel: emptyChannels(), followUpsOpen: 0 };
    const n = Number(r.n);
    z.total += n;
    if (r.channel in z.byChannel) z.byChannel[r.channel as EnquiryChannel] += n;
    if (Number(r.follow_up) === 1 && r.followed_up_on === null) z.followUpsOpen += n;
    out.set(r.venue_public_id, z);
  }
  return out;
}

const groupRows = (q: ReturnType<typeof scopedQuery>) => q
  .select(['enquiry.venue_public_id', 'enquiry.channel', 'enquiry.follow_up', 'enquiry.followed_up_on', sql<number>`count(*)`.as('n')])
  .groupBy(['enquiry.venue_public_id', 'enquiry.channel', 'enquiry.follow_up', 'enquiry.followed_up_on']);

/** One month's figures in the actor's scope (optionally one zone): per zone, by channel, open follow-ups, top 10 topics. */
export async function statistics(deps: EnquiryDeps, actor: Actor, month: string, zone: string | null): Promise<EnquiryStatistics> {
  const scopes = await readScopes(deps.db, actor);
  const stats: EnquiryStatistics = { month, zone, total: 0, byChannel: emptyChannels(), followUpsOpen: 0, zones: [], topics: [] };
  if (!scopes.length) return stats;
  const f = { month, ...(zone ? { zone } : {}) };
  const grouped = tally(await groupRows(scopedQuery(deps.db, scopes, f)).execute());
  const ids = [...grouped.keys()].filter((k): k is string => k !== null);
  const names = new Map((ids.length ? await deps.db.selectFrom('sm_venue').select(['public_id', 'name']).where('public_id', 'in', ids).execute() : []).map((r) => [r.public_id, r.name]));
  for (const [venue, z] of grouped) {
    stats.zones.push({ venuePublicId: venue, name: venue ? names.get(venue) ?? venue : enquiryStrings.staff.noZone, ...z });
    stats.total += z.total;
    stats.followUpsOpen += z.followUpsOpen;
    for (const c of ENQUIRY_CHANNELS.values) stats.byChannel[c.code] += z.byChannel[c.code];
  }
  stats.zones.sort((a, b) => b.total - a.total || (a.venuePublicId ?? '').localeCompare(b.venuePublicId ?? ''));
  // Topics grouped by their normalised text; the spelling shown is the most frequent one.
  const topicRows = await scopedQuery(deps.db, scopes, f).select(['enquiry.topic', sql<number>`count(*)`.as('n')]).groupBy('enquiry.topic').execute();
  const groups = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const r of topicRows) {
    const key = topicKey(r.topic) || r.topic;
    const g = groups.get(key) ?? { count: 0, spellings: new Map<string, number>() };
    g.count += Number(r.n);
    g.spellings.set(r.topic, (g.spellings.get(r.topic) ?? 0) + Number(r.n));
    groups.set(key, g);
  }
  stats.topics = [...groups.values()]
    .map((g) => ({ topic: maskPersonalData([...g.spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]), count: g.count }))
    .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic)).slice(0, 10);
  return stats;
}

/** Per venue, between two days (inclusive): how many enquiries, by channel, follow-ups open. Unscoped — the caller has checked the venues. */
export interface VenueEnquiryFigures { venuePublicId: string; total: number; byChannel: Record<EnquiryChannel, number>; followUpsOpen: number }

/** Enquiry counts per venue for other parts (the 政务公开专区 figures page); every venue asked for is in the answer (zeros included). */
export async function enquiryFigures(db: Db, venuePublicIds: readonly string[], from: string, to: string): Promise<VenueEnquiryFigures[]> {
  const ids = [...new Set(venuePublicIds)];
  if (!ids.length) return [];
  const rows = await db.selectFrom('enquiry')
    .select(['venue_public_id', 'channel', 'follow_up', 'followed_up_on', sql<number>`count(*)`.as('n')])
    .where('venue_public_id', 'in', ids).where('asked_on', '>=', from).where('asked_on', '<=', to)
    .groupBy(['venue_public_id', 'channel', 'follow_up', 'followed_up_on']).execute();
  const t = tally(rows);
  return ids.map((id) => ({ venuePublicId: id, ...(t.get(id) ?? { total: 0, byChannel: emptyChannels(), followUpsOpen: 0 }) }));
}

/** The staff home page's count: enquiries waiting for a follow-up in the actor's scope. */
export async function openFollowUps(deps: EnquiryDeps, actor: Actor): Promise<number> {
  return (await listEnquiries(deps, actor, { open: true, limit: 0, offset: 0 })).total;
}

// ---------------------------------------------------------------------------------------------
// One-step conversion

export interface ConvertExtra {
  /** message: the 民心直通车 category (code or name) and whether the message is public. */
  category?: string;
  is_public?: string | boolean;
  /** application: Art. 29's applicant identity and the delivery method. */
  applicant_type?: string;
  /** application, 法人或其他组织: the annual report's sub-column (商业企业, 科研机构, …). */
  applicant_subtype?: string;
  applicant_id_number?: string;
  delivery?: string;
}

export type ConvertResult = { ok: true; kind: EnquiryConversion; reference: string; trackingCode: string | null } | Refused;

/** A refusal of the step as such (already converted, no contact): 409 with the reasons. */
export class ConvertConflict extends HttpError {
  constructor(code: string, reason: string) {
    super(409, code, reason, [reason]);
  }
}

/** The message's source as the interaction module knows it: the kiosk for a self-service enquiry, else the web intake. */
function messageSource(channel: string): 'kiosk' | 'web' {
  return channel === 'self_service' ? 'kiosk' : 'web';
}

/**
 * Turns an enquiry into a 民心直通车 message or a 依申请公开 application in ONE transaction: the
 * other module's write (joined to this transaction), the enquiry's converted_kind/ref (only while
 * still unconverted) and the audit row. Any failure rolls everything back: the enquiry stays
 * unconverted and nothing was created. Converting twice is a 409 with reasons.
 */
export async function convertEnquiry(deps: EnquiryDeps, who: Who, publicId: string, kind: EnquiryConversion, extra: ConvertExtra): Promise<ConvertResult> {
  const row0 = await readable(deps.db, who.actor, publicId);
  if (!inScope(await identityService.officeScopes(deps.db, who.actor, CONVERT_ROLES), row0.org_path)) throw new HttpError(403, 'forbidden', si.outOfScope);
  const already = (r: EnquiryRow) => new ConvertConflict('enquiry_already_converted', sc.already(labelOf(ENQUIRY_CONVERSIONS, r.converted_kind as EnquiryConversion), r.converted_ref ?? ''));
  if (row0.converted_kind) throw already(row0);
  if (!row0.contact_name || !row0.contact_phone) throw new ConvertConflict('enquiry_contact_missing', sc.contactMissing);
  const now = deps.clock.now();
  const today = localDateOf(now);
  try {
    return await inTransaction(deps.db, async (trx) => {
      await lockRow(trx, 'enquiry', row0.id);
      const row = await trx.selectFrom('enquiry').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow();
      if (row.converted_kind) throw already(row);
      const details = `${row.topic}${row.answer ? `\n\n已答复：${row.answer}` : ''}\n\n（由咨询登记 ${row.public_id} 转入，咨询日期 ${row.asked_on}）`;
      let reference: string;
      let trackingCode: string | null;
      if (kind === 'message') {
        const title = row.topic.length >= 2 ? [...row.topic].slice(0, 60).join('') : `咨询：${row.topic}`;
        const r = await submitMessage({ db: trx, clock: deps.clock }, {
          org: row.org_code, category: extra.category ?? '', title, content: [...details].slice(0, 3000).join(''), address: '', region: null, lat: null, lng: null,
          contactName: row.contact_name ?? '', contactPhone: (row.contact_phone ?? '').replace(/^(0\d{2,3}-\d{7,8})-\d+$/, '$1'), contactEmail: '',
          isPublic: extra.is_public ?? '', source: messageSource(row.channel), idempotencyKey: `enquiry-${row.public_id}`,
        });
        if (!r.ok) throw new ConvertInvalid('enquiry_message_invalid', r.errors);
        reference = r.reference;
        trackingCode = r.trackingCode;
      } else {
        const intake = deps.applicationIntake;
        if (!intake) throw new HttpError(503, 'application_intake_unavailable', sc.noIntake);
        const r = await intake(trx, who.actor, {
          org: row.org_code, channel: 'in_person', received_on: today,
          applicant: { type: extra.applicant_type ?? '', ...(extra.applicant_subtype ? { subtype: extra.applicant_subtype } : {}), name: row.contact_name ?? '', id_number: extra.applicant_id_number ?? '', phone: row.contact_phone ?? '' },
          description: [...details].slice(0, 2000).join(''), delivery: extra.delivery ?? '',
          // the zone the walk-in application was registered at (application_case.venue_public_id, audited with it)
          venuePublicId: row.venue_public_id,
        });
        if (!r.ok) throw new ConvertInvalid('enquiry_application_invalid', r.errors);
        reference = r.reference;
        trackingCode = r.trackingCode;
      }
      const done = await trx.updateTable('enquiry').set({ converted_kind: kind, converted_ref: reference, updated_at: now.toISOString() })
        .where('id', '=', row.id).where('converted_kind', 'is', null).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw already(row);
      await recordAudit(platformView(trx), now, {
        actorId: who.actor.userId, actorLabel: who.actor.username, action: `enquiry.convert_${kind}`, entity: 'enquiry', entityId: row.public_id, orgCode: row.org_code,
        requestId: who.requestId ?? null, before: { converted_kind: null }, after: { converted_kind: kind, converted_ref: reference },
      });
      return { ok: true as const, kind, reference, trackingCode };
    });
  } catch (e) {
    // Nothing was kept: the other module's write rolled back with the enquiry's.
    if (e instanceof ConvertInvalid) return { ok: false, code: e.code, errors: e.errors };
    throw e;
  }
}

/** The other module refused the new message or application (field errors); thrown to roll the transaction back. */
class ConvertInvalid extends Error {
  constructor(readonly code: string, readonly errors: Record<string, string>) {
    super(code);
  }
}
