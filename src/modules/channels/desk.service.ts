// The window desk (/staff/desk, issue 19 item 3): staff at a counter find an item's guide in one
// search, show the visitor a single-use rating QR code for this 办件 and register a walk-in 依申请公开
// application at their zone. The place (venue and window) is chosen once and kept in a cookie; it is
// checked against the caller's scope on every request that uses it.
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, lockRow } from '../../platform/db/db.ts';
import type { Db } from '../../schema.ts';
import { identityService, type Actor, type Role } from '../identity/index.ts';
import { issueLink, LINK_ROLES, recentLink, windowsOf, type IssuedLink } from '../ratings/index.ts';
import { listAgencies, APPLICATION_HANDLER_ROLES, type RegistrationInput, type Registered } from '../applications/index.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { findItem, type Item } from '../service-map/index.ts';
import { ENQUIRY_WRITE_ROLES } from '../enquiries/index.ts';
import { dayAppointments, maskName } from '../appointments/index.ts';
import { findChannelVenue, venuesInScope, type ChannelVenue } from './venues.ts';
import { nextFreeSlots, takesAppointments, type NextSlot } from './kiosk-slots.ts';
import { ds } from './desk.strings.ts';

/** Any staff role works at a counter (the platform administrator has no counter). */
export const DESK_ROLES: readonly Role[] = ['admin', 'supervisor', 'editor', 'reviewer', 'case_handler'];
/** Who may show a rating QR code: those who may issue a rating link (ratings module). */
export const DESK_RATING_ROLES: readonly Role[] = LINK_ROLES;
/** Who may register a walk-in application: those who register applications (applications module). */
export const DESK_APPLY_ROLES: readonly Role[] = APPLICATION_HANDLER_ROLES;
/** Who may log a consultation (enquiries module): the desk links its form only for them. */
export const DESK_ENQUIRY_ROLES: readonly Role[] = ENQUIRY_WRITE_ROLES;
/** A second request for the same 办件 within this time shows no new link. */
export const RATING_REPEAT_MS = 60_000;

export interface SearchPort {
  search(query: { q: string; types: readonly string[]; limit: number; offset: number; hintRegion?: string }, opts: { log?: boolean }): Promise<{ total: number; hits: { id: string; title: string; titleHtml: string; snippet: string }[]; didYouMean: string | null }>;
}
export type RegisterIn = (db: Db, actor: Actor, input: RegistrationInput) => Promise<{ ok: true; result: Registered } | { ok: false; errors: FieldErrors }>;
export interface DeskDeps { db: Db; clock: Clock; search: SearchPort; registerIn: RegisterIn }

/** The window keeps its organisation: a rating link's responsible organisation, without reading the windows again. */
export interface DeskPlace { venue: ChannelVenue; window: { publicId: string; code: string; name: string; orgCode: string } | null }

const within = (paths: readonly string[], path: string) => paths.some((p) => path.startsWith(p));
export const deskScope = (db: Db, actor: Actor, roles: readonly Role[] = DESK_ROLES) => identityService.officeScopes(db, actor, roles);

/** The venues the caller may work at. */
export async function deskVenues(db: Db, actor: Actor) {
  return venuesInScope(db, await deskScope(db, actor));
}

/** The active windows of a venue (ratings module's rating_window rows). */
export async function deskWindows(db: Db, venuePublicId: string) {
  return (await windowsOf(db, venuePublicId, true)).map((w) => ({ publicId: w.publicId, code: w.code, name: w.name, orgCode: w.orgCode }));
}

export type PlaceResult = { ok: true; place: DeskPlace } | { ok: false; status: 400 | 403 | 404; errors: FieldErrors };

/**
 * A venue (and optionally one of its windows) the caller may work at: unknown venue 404, another
 * organisation's 403, a window not of this venue (or stopped) 400.
 */
export async function resolvePlace(db: Db, actor: Actor, venueId: string, windowId: string, roles: readonly Role[] = DESK_ROLES): Promise<PlaceResult> {
  const venue = venueId ? await findChannelVenue(db, venueId) : null;
  if (!venueId) return { ok: false, status: 400, errors: { venue: ds.errors.venue } };
  if (!venue) return { ok: false, status: 404, errors: { venue: ds.errors.venueNotFound } };
  if (!within(await deskScope(db, actor, roles), venue.orgPath)) return { ok: false, status: 403, errors: { venue: ds.errors.venue } };
  if (!windowId) return { ok: true, place: { venue, window: null } };
  const window = (await deskWindows(db, venue.publicId)).find((w) => w.publicId === windowId);
  if (!window) return { ok: false, status: 400, errors: { window: ds.errors.window } };
  return { ok: true, place: { venue, window } };
}

/** The cookie value of a place, and back (the values are public ids; scope is checked when used). */
export const placeCookie = (venue: string, window: string | null) => new URLSearchParams({ v: venue, w: window ?? '' }).toString();
export function readPlaceCookie(value: string | undefined): { venue: string; window: string } | null {
  if (!value || value.length > 200) return null;
  const p = new URLSearchParams(value);
  const venue = p.get('v') ?? '';
  return venue ? { venue, window: p.get('w') ?? '' } : null;
}

// ---------- guide lookup ----------

export const MAX_QUERY = 100;
/** Items only (the search module understands pinyin, initials and synonyms). */
export async function findItems(deps: DeskDeps, q: string, region: string | null) {
  // the desk's own region first (a hint of the search; other regions' items still come)
  const r = await deps.search.search({ q, types: ['item'], limit: 10, offset: 0, ...(region ? { hintRegion: region } : {}) }, { log: false });
  const ids = r.hits.map((h) => h.id);
  // which body implements each (the same item name exists in every county)
  const bodies = ids.length ? await deps.db.selectFrom('sm_item').select(['public_id', 'implementing_body']).where('public_id', 'in', ids).execute() : [];
  const body = new Map(bodies.map((b) => [b.public_id, b.implementing_body]));
  return { total: r.total, hits: r.hits.map((h) => ({ id: h.id, title: h.title, titleHtml: h.titleHtml, body: body.get(h.id) ?? '' })), didYouMean: r.didYouMean };
}

/** An item with its whole guide (service map), shown in the desk through the shared guide sheet. */
export async function itemGuide(db: Db, publicId: string): Promise<Item | null> {
  if (!publicId || publicId.length > 64) return null;
  return findItem(db, publicId);
}

// ---------- rating QR of a 办件 ----------

export type DeskRating =
  | { ok: true; link: IssuedLink; caseRef: string }
  | { ok: false; repeat: { createdAt: string; expiresAt: string; used: boolean }; caseRef: string }
  | { ok: false; errors: FieldErrors; forbidden?: boolean };

/**
 * A single-use rating link for a 办件 handled at this place, shown on screen only (no SMS, no
 * e-mail): the responsible organisation is the window's (else the venue's); rated is the item when
 * named, else the window, else the venue. Once a minute per 办件 at most.
 */
export async function deskRatingLink(deps: DeskDeps, who: { actor: Actor; requestId?: string }, place: DeskPlace, input: { caseRef: string; item: string }, base: string): Promise<DeskRating> {
  const org = place.window?.orgCode ?? place.venue.orgCode;
  const caseRef = input.caseRef.normalize('NFKC').trim();
  const item = input.item.normalize('NFKC').trim();
  const since = new Date(deps.clock.now().getTime() - RATING_REPEAT_MS).toISOString();
  const subject = item ? 'item' : place.window ? 'window' : 'venue';
  // Check and issue in one transaction, one at a time per venue (its row locked on PostgreSQL;
  // SQLite runs one writer at a time): two clicks at once give one link and one 「已生成」.
  return inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'sm_venue', place.venue.id);
    if (caseRef) {
      const recent = await recentLink(trx, org, caseRef, since);
      if (recent) return { ok: false, repeat: recent, caseRef };
    }
    const r = await issueLink({ db: trx, clock: deps.clock }, who, {
      org, caseRef, subject, venue: place.venue.publicId, item, window: place.window?.code ?? '', staffNo: '', raterName: '', phone: '', email: '', onScreen: true,
    }, base);
    if (!r.ok) return { ok: false, errors: r.errors, ...(r.forbidden ? { forbidden: true } : {}) };
    return { ok: true, link: r.value, caseRef };
  });
}

// ---------- walk-in 依申请公开 application ----------

/** The organisations a walk-in application may be addressed to: the caller's (registering) subtrees, the venue's own first. */
export async function applyOrgs(db: Db, actor: Actor, venue: ChannelVenue | null) {
  const orgs = await listAgencies(db, await deskScope(db, actor, DESK_APPLY_ROLES));
  const first = venue ? orgs.filter((o) => o.code === venue.orgCode) : [];
  return [...first, ...orgs.filter((o) => !first.includes(o))].map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }));
}

export const APPLY_FIELDS = ['org', 'applicant_type', 'applicant_subtype', 'applicant_name', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address', 'description', 'delivery'] as const;

/** Registers through the applications module (its validation, clock and audit), channel in_person, received today, the zone recorded. */
export async function registerWalkIn(deps: DeskDeps, actor: Actor, place: DeskPlace, v: Record<string, string>) {
  return deps.registerIn(deps.db, actor, {
    org: v.org ?? '', channel: 'in_person', received_on: deps.clock.today(), description: v.description ?? '', delivery: v.delivery ?? '',
    applicant: { type: v.applicant_type ?? '', subtype: v.applicant_subtype || undefined, name: v.applicant_name ?? '', id_number: v.applicant_id_number, phone: v.applicant_phone, email: v.applicant_email, address: v.applicant_address },
    venuePublicId: place.venue.publicId,
  } as RegistrationInput);
}

// ---------- today's appointments and the next free slots (issue 22 §1) ----------

export interface DeskAppointmentsView {
  today: string;
  waiting: { reference: string; time: string; item: string | null; name: string }[];
  slots: NextSlot[] | null;
}

/** The place's appointments of today not yet marked (names masked: the screen faces the counter) and its next free slots. */
export async function deskAppointments(deps: Pick<DeskDeps, 'db' | 'clock'>, place: DeskPlace): Promise<DeskAppointmentsView | null> {
  const { db, clock } = deps;
  const today = clock.today();
  const [day, takes] = await Promise.all([dayAppointments(db, place.venue.id, today), takesAppointments(db, place.venue.id)]);
  const waiting = day.rows.filter((r) => r.status === 'booked').map((r) => ({ reference: r.reference, time: r.time, item: r.item?.name ?? null, name: maskName(r.name) }));
  if (!takes && !day.rows.length) return null;
  return { today, waiting, slots: takes ? await nextFreeSlots(db, clock, place.venue, null) : null };
}
