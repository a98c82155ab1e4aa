// Shell: the window desk (/staff/desk, issue 19 item 3) — one page for staff at a counter: find an
// item's guide and print it for the visitor, show a single-use rating QR code for this 办件, register
// a walk-in 依申请公开 application (channel in_person, the zone recorded) and log a consultation
// (the enquiries module's form, prefilled). The place is kept in an httpOnly SameSite cookie and
// checked against the caller's scope whenever it is used.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { forbidden, notFound } from '../../platform/web/http-error.ts';
import { pageContext, secureCookies, sendPage, type App } from '../../platform/web/server.tsx';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { qrSvg } from '../../platform/web/qr.ts';
import { beijingTime } from '../../platform/clock/local-date.ts';
import { hasAnyRole, requireRoles, type Actor } from '../identity/index.ts';
import * as desk from './desk.service.ts';
import { ds } from './desk.strings.ts';
import { AppliedPage, ApplyPage, DeskPage, PlacePage, RatingQrPage, type SearchView } from './views/desk.tsx';
import { DeskHelpPage } from './views/desk-help.tsx';
import { takeAtDesk } from './onecode-fill.ts';

export const DESK_COOKIE = 'gk_desk';
/** The place is remembered for a working year; it is re-checked on every use. */
const COOKIE_DAYS = 366;

export async function deskRoutes(app: App, deps: desk.DeskDeps): Promise<void> {
  const { db } = deps;
  const anyRole = { preHandler: requireRoles(...desk.DESK_ROLES) };
  const rateRoles = { preHandler: requireRoles(...desk.DESK_RATING_ROLES) };
  const applyRoles = { preHandler: requireRoles(...desk.DESK_APPLY_ROLES) };
  const actorOf = (request: FastifyRequest) => request.actor as Actor;
  app.staffLinks.push({ href: '/staff/desk', label: ds.link.label, description: ds.link.description, roles: [...desk.DESK_ROLES] });

  /** The remembered place, if it is still one the caller may work at (else none). */
  async function currentPlace(request: FastifyRequest): Promise<desk.DeskPlace | null> {
    const c = desk.readPlaceCookie(request.cookies[DESK_COOKIE]);
    if (!c) return null;
    const r = await desk.resolvePlace(db, actorOf(request), c.venue, c.window);
    if (r.ok) return r.place;
    // a stopped window: the venue alone still holds
    if (r.status === 400 && c.window) {
      const v = await desk.resolvePlace(db, actorOf(request), c.venue, '');
      return v.ok ? v.place : null;
    }
    return null;
  }
  /** The place a form names (hidden fields): scope checked — another organisation's 403, unknown 404. */
  async function formPlace(request: FastifyRequest, roles = desk.DESK_ROLES): Promise<desk.DeskPlace | null> {
    const venue = field(request.body, 'venue').trim();
    if (!venue) return null;
    const r = await desk.resolvePlace(db, actorOf(request), venue, field(request.body, 'window').trim(), roles);
    if (r.ok) return r.place;
    if (r.status === 404) throw notFound(ds.errors.venueNotFound);
    if (r.status === 403) throw forbidden(ds.errors.venue);
    // a window no longer in use: the venue alone
    const v = await desk.resolvePlace(db, actorOf(request), venue, '', roles);
    return v.ok ? v.place : null;
  }

  async function deskPage(request: FastifyRequest, reply: FastifyReply, rating: { values: Record<string, string>; errors: FieldErrors; notice?: string } | null = null, status = 200) {
    const q = request.query as Record<string, string | undefined>;
    const text = String(q.q ?? '').normalize('NFKC').trim();
    const place = await currentPlace(request);
    let search: SearchView | null = null;
    if (text.length > desk.MAX_QUERY) search = { q: text.slice(0, desk.MAX_QUERY), total: 0, hits: [], didYouMean: null, error: ds.search.tooLong };
    else if (text) search = { q: text, ...(await desk.findItems(deps, text, place?.venue.regionCode ?? null)) };
    const itemId = String(q.item ?? '').trim();
    const item = itemId ? await desk.itemGuide(db, itemId) : null;
    const bad = status === 200 && search?.error ? 400 : status;
    const appointments = place ? await desk.deskAppointments(deps, place) : null;
    return sendPage(reply, <DeskPage appointments={appointments} ctx={pageContext(request)} place={place} search={search} item={item} itemMissing={!!itemId && !item} rating={rating} canApply={hasAnyRole(actorOf(request), desk.DESK_APPLY_ROLES)} canRate={hasAnyRole(actorOf(request), desk.DESK_RATING_ROLES)} canEnquire={hasAnyRole(actorOf(request), desk.DESK_ENQUIRY_ROLES)} oneCode={!!request.server.oneCode} />, bad);
  }

  app.get('/staff/desk', anyRole, async (request, reply) => deskPage(request, reply));
  // the help of counter and zone staff, linked from the staff home and the desk
  app.staffLinks.push({ href: '/staff/desk/help', label: ds.help.homeLabel, description: ds.help.homeDescription, roles: [...desk.DESK_ROLES] });
  app.get('/staff/desk/help', anyRole, async (request, reply) => sendPage(reply, <DeskHelpPage ctx={pageContext(request)} />));

  // ---------- the place: venue, then window ----------
  app.get('/staff/desk/place', anyRole, async (request, reply) => {
    const venues = await desk.deskVenues(db, actorOf(request));
    const wanted = String((request.query as Record<string, string | undefined>).venue ?? '').trim();
    const current = desk.readPlaceCookie(request.cookies[DESK_COOKIE]);
    if (!wanted) return sendPage(reply, <PlacePage ctx={pageContext(request)} venues={venues} venue={null} windows={[]} values={{}} errors={{}} />);
    const r = await desk.resolvePlace(db, actorOf(request), wanted, '');
    if (!r.ok) {
      if (r.status === 404) throw notFound(ds.errors.venueNotFound);
      throw forbidden(ds.errors.venue);
    }
    const windows = await desk.deskWindows(db, r.place.venue.publicId);
    const values = { venue: r.place.venue.publicId, window: current?.venue === r.place.venue.publicId ? current.window : '' };
    return sendPage(reply, <PlacePage ctx={pageContext(request)} venues={venues} venue={r.place.venue} windows={windows} values={values} errors={{}} />);
  });

  app.post('/staff/desk/place', anyRole, async (request, reply) => {
    const values = { venue: field(request.body, 'venue').trim(), window: field(request.body, 'window').trim() };
    const r = await desk.resolvePlace(db, actorOf(request), values.venue, values.window);
    if (!r.ok) {
      if (r.status === 404) throw notFound(ds.errors.venueNotFound);
      if (r.status === 403) throw forbidden(ds.errors.venue);
      const venues = await desk.deskVenues(db, actorOf(request));
      const v = values.venue ? await desk.resolvePlace(db, actorOf(request), values.venue, '') : null;
      const venue = v?.ok ? v.place.venue : null;
      return sendPage(reply, <PlacePage ctx={pageContext(request)} venues={venues} venue={venue} windows={venue ? await desk.deskWindows(db, venue.publicId) : []} values={values} errors={r.errors} />, 400);
    }
    reply.setCookie(DESK_COOKIE, desk.placeCookie(r.place.venue.publicId, r.place.window?.publicId ?? null), {
      path: '/staff', httpOnly: true, sameSite: 'strict', secure: secureCookies(request), maxAge: COOKIE_DAYS * 86_400,
    });
    return reply.redirect('/staff/desk', 303);
  });

  // ---------- the rating QR code of a 办件 ----------
  app.post('/staff/desk/rating', rateRoles, async (request, reply) => {
    const values = { case_ref: field(request.body, 'case_ref').trim(), item: field(request.body, 'item').trim() };
    const place = await formPlace(request, desk.DESK_RATING_ROLES);
    if (!place) return deskPage(request, reply, { values, errors: { case_ref: ds.errors.place } }, 400);
    const r = await desk.deskRatingLink(deps, { actor: actorOf(request), requestId: request.id }, place, { caseRef: values.case_ref, item: values.item }, publicBaseUrl(request, ds.errors.badHost));
    // the page with the secret is never stored by a browser or a proxy
    reply.header('cache-control', 'private, no-store');
    if (r.ok) {
      const svg = await qrSvg(r.link.url, ds.rating.qrLabel(r.caseRef));
      return sendPage(reply, <RatingQrPage ctx={pageContext(request)} place={place} caseRef={r.caseRef} url={r.link.url} svg={svg} expiresAt={r.link.expiresAt} />);
    }
    if ('repeat' in r) {
      const at = beijingTime(r.repeat.createdAt).slice(11, 19);
      const notice = r.repeat.used ? ds.rating.againUsed(at) : `${ds.rating.again(at)}${ds.rating.againExpires(beijingTime(r.repeat.expiresAt).slice(0, 16))}`;
      return deskPage(request, reply, { values, errors: {}, notice }, 409);
    }
    if (r.forbidden) throw forbidden(ds.rating.refused);
    return deskPage(request, reply, { values, errors: r.errors }, 400);
  });

  // ---------- walk-in 依申请公开 application ----------
  app.get('/staff/desk/apply', applyRoles, async (request, reply) => {
    const place = await currentPlace(request);
    // 一码办: `?code_read=` names a read this staff member started; its fields are taken once, here
    // (never in a URL, never logged), and the page holding them is never stored
    const outcome = await takeAtDesk(request, 'desk_apply');
    if (outcome.kind !== 'none') reply.header('cache-control', 'private, no-store');
    const values = { org: place?.venue.orgCode ?? '', ...(outcome.kind === 'filled' ? outcome.values : {}) };
    const oneCode = { enabled: !!request.server.oneCode, outcome };
    return sendPage(reply, <ApplyPage ctx={pageContext(request)} place={place} values={values} errors={{}} orgOptions={await desk.applyOrgs(db, actorOf(request), place?.venue ?? null)} oneCode={oneCode} />);
  });

  app.post('/staff/desk/apply', applyRoles, async (request, reply) => {
    // a form sent back with errors holds the applicant's ID number: never stored
    reply.header('cache-control', 'private, no-store');
    const values = Object.fromEntries(desk.APPLY_FIELDS.map((f) => [f, field(request.body, f).trim()]));
    const place = await formPlace(request, desk.DESK_APPLY_ROLES);
    if (!place) return sendPage(reply, <ApplyPage ctx={pageContext(request)} place={null} values={values} errors={{ venue: ds.errors.place }} orgOptions={[]} />, 400);
    const r = await desk.registerWalkIn(deps, actorOf(request), place, values);
    if (!r.ok) return sendPage(reply, <ApplyPage ctx={pageContext(request)} place={place} values={values} errors={r.errors} orgOptions={await desk.applyOrgs(db, actorOf(request), place.venue)} />, 400);
    return sendPage(reply, <AppliedPage ctx={pageContext(request)} place={place} reference={r.result.reference} trackingCode={r.result.trackingCode!} dueOn={r.result.dueOn} dueProvisional={r.result.dueProvisional} />, 201);
  });
}
