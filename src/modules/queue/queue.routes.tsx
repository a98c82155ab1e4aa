// Shell: remote 取号 and the live queue (issue 22 §2) — POST /api/v1/staff/venues/{id}/queue/events
// with a venue token, GET /api/v1/venues/{id}/queue, the venue page's block, the 取号 page, the
// person's ticket page (/queue/{ticket}) and its cancel, the /me section, and the staff page of
// groups and tokens (/staff/venues/{venue}/queue).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { HttpError, notFound } from '../../platform/web/http-error.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { field } from '../../platform/web/forms.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { platformView } from '../../schema.ts';
import { hasRoleOver, requireRoles, type Actor } from '../identity/index.ts';
import { findChannelVenue } from '../channels/index.ts';
import { dayInfoMemo, findVenue, itemsOfVenue, openStatus, type PageRef } from '../service-map/index.ts';
import { addMeSection } from '../accounts/index.ts';
import type { QueueDeps } from './deps.ts';
import { activeTicketsOf, listGroups, offeredItemIds, upsertGroup, waitingTicketOf } from './queue.repository.ts';
import { cancelTicket, DEFAULT_REMOTE, recordEvents, takeRemote, ticketView, venueQueue, type RawEvent, type VenueQueue } from './queue.service.ts';
import { createVenueToken, isTokenId, listVenueTokens, revokeVenueToken, venueOfToken, VENUE_TOKEN_PREFIX } from './tokens.service.ts';
import { QUEUE_EVENT_KINDS, QUEUE_LIMITS } from './tickets.ts';
import { MeQueueSection, QueueBlock, StaffQueuePage, TakePage, TicketPage, type TakeFormProps } from './views/queue.tsx';
import { qs } from './queue.strings.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const QUEUE_STAFF_ROLES = ['admin', 'supervisor', 'editor', 'case_handler'] as const;

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Optional(Type.Array(Type.String())) });
const EventSchema = Type.Object({
  kind: EnumString(QUEUE_EVENT_KINDS, '事件：issued 取号、called 叫号、finished 办结、no_show 过号'),
  number: Type.String({ maxLength: 16, description: '号码，如 A012' }),
  group: Type.String({ maxLength: 8, description: '分组代码（号码前缀），如 A' }),
  at: Type.Optional(Type.String({ maxLength: 40, description: '发生时间（ISO），缺省为收到时间；只能是当天、且不晚于当前 2 分钟' })),
});
const QueueAnswer = Type.Object({
  venue: Type.String(), day_on: Type.String(), updated_at: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), remote: Type.Boolean(), waiting: Type.Integer(), calling: Type.Union([Type.String(), Type.Null()]), estimated_wait_minutes: Type.Integer() })),
});

function queueJson(venuePublicId: string, q: VenueQueue) {
  return {
    venue: venuePublicId, day_on: q.day, updated_at: q.updatedAt,
    groups: q.groups.map((g) => ({ code: g.code, name: g.name, remote: g.remote, waiting: g.waiting, calling: g.calling, estimated_wait_minutes: g.estimateMinutes })),
  };
}

export async function queueRoutes(app: App, deps: QueueDeps): Promise<void> {
  const { db, clock, finder } = deps;
  const remote = deps.remote ?? DEFAULT_REMOTE;
  await app.register(fastifyStatic, { root: path.join(HERE, 'assets'), prefix: '/assets/queue/', decorateReply: false, maxAge: 3600_000 });

  // ---------- the calling system's events ----------
  app.post<{ Params: { id: string }; Body: { kind?: string; number?: string; group?: string; at?: string; events?: RawEvent[] } }>('/api/v1/staff/venues/:id/queue/events', {
    // the venue token is checked before the body (a caller without one learns nothing of the schema)
    preValidation: async (request) => {
      const header = request.headers.authorization;
      const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!m) {
        if (request.actor) throw new HttpError(403, 'venue_token_required', qs.errors.venueTokenRequired);
        throw new HttpError(401, 'unauthorized', qs.errors.tokenRequired);
      }
      const token = m[1] as string;
      if (!token.startsWith(VENUE_TOKEN_PREFIX) && request.actor) throw new HttpError(403, 'venue_token_required', qs.errors.venueTokenRequired);
      const venueId = await venueOfToken(db, token, clock.now());
      if (venueId === null) throw new HttpError(401, 'invalid_token', qs.errors.tokenInvalid);
      const venue = await findVenue(db, request.params.id);
      if (!venue) throw new HttpError(404, 'venue_not_found', qs.errors.venueNotFound);
      if (venue.id !== venueId) throw new HttpError(403, 'token_other_venue', qs.errors.tokenOtherVenue);
      (request as FastifyRequest & { queueVenueId?: number }).queueVenueId = venueId;
    },
    schema: {
      tags: ['services'], summary: '叫号系统上报排队事件（场所令牌）', security: [{ bearer: [] }],
      description: '一个事件 {kind, number, group, at?}，或 {events: [...]}（最多 500 个，按顺序处理，全部成功或全部不生效）。令牌为本场所在「排队设置」页生成的令牌。',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      body: Type.Object({
        kind: Type.Optional(EventSchema.properties.kind), number: Type.Optional(EventSchema.properties.number), group: Type.Optional(EventSchema.properties.group), at: Type.Optional(Type.String({ maxLength: 40 })),
        events: Type.Optional(Type.Array(EventSchema, { maxItems: QUEUE_LIMITS.eventsPerRequest })),
      }),
      response: { 200: Type.Object({ recorded: Type.Integer(), queue: QueueAnswer }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const venueId = (request as FastifyRequest & { queueVenueId?: number }).queueVenueId as number;
    const b = request.body;
    const events: RawEvent[] = b.events ?? (b.kind !== undefined || b.number !== undefined ? [{ kind: b.kind, number: b.number, group: b.group, at: b.at }] : []);
    const r = await recordEvents({ db, clock, finder }, venueId, events);
    return { recorded: events.length, queue: queueJson(request.params.id, r.queue) };
  });

  // ---------- public ----------
  app.get<{ Params: { id: string } }>('/api/v1/venues/:id/queue', {
    schema: { tags: ['services'], summary: '场所当前排队（按业务分组）', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: QueueAnswer, 404: ErrorBody } },
  }, async (request) => {
    const venue = await findVenue(db, request.params.id);
    if (!venue) throw new HttpError(404, 'venue_not_found', qs.errors.venueNotFound);
    return queueJson(venue.publicId, await venueQueue(db, venue.id, clock.today()));
  });

  const takeProps = async (request: FastifyRequest, venueId: number, venuePublicId: string, q: VenueQueue, known?: Pick<PageRef, 'venue' | 'calendar'>): Promise<TakeFormProps> => {
    const r = request.resident;
    // closed (or about to close): say when it opens instead of offering a form that can only refuse
    // (the venue page passes the venue and calendar it has read)
    const venue = known?.venue ?? await findVenue(db, venuePublicId);
    let closed: string | null = null;
    if (venue) {
      const st = openStatus({ weekly: venue.hours, is24h: venue.is24h, holidayRule: venue.holidayRule }, dayInfoMemo(known?.calendar ?? await finder.calendarNow()), clock.now());
      if (!st.openNow) closed = qs.block.closedNow(st.opensAt ? qs.block.openingText(st.opensAt) : null);
      else if (st.minutesToClose !== null && st.minutesToClose <= remote.stopBeforeCloseMinutes) closed = qs.block.closingNow(remote.stopBeforeCloseMinutes);
    }
    return {
      // (an anonymous reader sees a sign-in link, no form: no token is given, no cookie set)
      venuePublicId, q, csrfToken: r ? request.csrfToken : '', signedIn: !!r, returnTo: `/services/venues/${venuePublicId}`, radiusM: remote.radiusM,
      mine: r ? await waitingTicketOf(db, venueId, clock.today(), r.accountId) : null, closed,
    };
  };

  deps.blocks.venue.push({
    order: 10,
    async render(ref, request) {
      // most venues have no groups: one read, nothing else (the venue page's budget, issue 22)
      const groups = await listGroups(db, ref.id);
      if (!groups.length) return null;
      const q = await venueQueue(db, ref.id, clock.today(), { groups, venue: ref.venue });
      return <QueueBlock {...await takeProps(request, ref.id, ref.publicId, q, ref)} />;
    },
  });

  app.get<{ Params: { id: string } }>('/services/venues/:id/queue', async (request, reply) => {
    const venue = await findVenue(db, request.params.id);
    if (!venue) throw notFound(qs.errors.venueNotFound);
    const q = await venueQueue(db, venue.id, clock.today());
    const props = await takeProps(request, venue.id, venue.publicId, q);
    return sendPage(reply, <TakePage ctx={pageContext(request)} venueName={venue.name} {...props} returnTo={`/services/venues/${venue.publicId}/queue`} />);
  });

  app.post<{ Params: { id: string } }>('/services/venues/:id/queue', async (request, reply) => {
    const venue = await findVenue(db, request.params.id);
    if (!venue) throw notFound(qs.errors.venueNotFound);
    const back = `/services/venues/${venue.publicId}/queue`;
    const r = request.resident;
    if (!r) return reply.redirect(`/me/sign-in?return_to=${encodeURIComponent(back)}`, 303);
    if (!r.consented) return reply.redirect(`/me/consent?return_to=${encodeURIComponent(back)}`, 303);
    const group = field(request.body, 'group').slice(0, 8);
    const out = await takeRemote({ db, clock, finder }, remote, { venuePublicId: venue.publicId, accountId: r.accountId, group, lat: field(request.body, 'lat').slice(0, 30), lng: field(request.body, 'lng').slice(0, 30) });
    if (out.ok) return reply.redirect(`/queue/${out.ticket.publicId}`, 303);
    const q = await venueQueue(db, venue.id, clock.today());
    const props = await takeProps(request, venue.id, venue.publicId, q);
    const errors = { [out.field === 'form' ? 'group' : out.field]: out.message };
    return sendPage(reply, <TakePage ctx={pageContext(request)} venueName={venue.name} {...props} returnTo={back} values={{ group }} errors={errors} />, out.status === 404 ? 404 : 400);
  });

  app.get<{ Params: { ticket: string } }>('/queue/:ticket', async (request, reply) => {
    const v = await ticketView(db, request.params.ticket);
    if (!v) throw notFound(qs.ticket.notFound);
    const owner = !!request.resident && request.resident.accountId === v.ticket.accountId;
    reply.header('cache-control', 'no-store');
    return sendPage(reply, <TicketPage ctx={pageContext(request)} v={v} owner={owner} cancelled={v.ticket.status === 'cancelled' && owner} />);
  });

  app.post<{ Params: { ticket: string } }>('/queue/:ticket/cancel', async (request, reply) => {
    const r = request.resident;
    if (!r) return reply.redirect(`/me/sign-in?return_to=${encodeURIComponent(`/queue/${encodeURIComponent(request.params.ticket.slice(0, 40))}`)}`, 303);
    const out = await cancelTicket({ db, clock, finder }, request.params.ticket, r.accountId);
    if (!out.ok) throw new HttpError(out.status, out.code, out.message);
    return reply.redirect(`/queue/${request.params.ticket}`, 303);
  });

  addMeSection(app, {
    id: 'queue', order: 15,
    async render(request) {
      const r = request.resident;
      if (!r) return null;
      const tickets = await activeTicketsOf(db, r.accountId, clock.today());
      return tickets.length ? <MeQueueSection tickets={tickets} /> : null;
    },
  });

  // ---------- staff: groups and tokens ----------
  const firstQuery = (query: unknown, key: string): string | undefined => {
    const v = (query as Record<string, unknown> | undefined)?.[key];
    return typeof v === 'string' ? v : undefined;
  };
  /** The venue when the caller may manage its queue: 404 unknown, 403 outside the caller's scope. */
  const staffVenue = async (request: FastifyRequest, publicId: string) => {
    const v = await findChannelVenue(db, publicId);
    if (!v) throw notFound(qs.errors.venueNotFound);
    if (!hasRoleOver(request.actor as Actor, QUEUE_STAFF_ROLES, v.orgPath)) throw new HttpError(403, 'forbidden', '您没有管理这个场所排队设置的权限');
    return v;
  };
  const staffPage = async (request: FastifyRequest, v: { id: number; publicId: string; name: string }, extra: { newToken?: string; done?: 'group' | 'revoked'; errors?: Record<string, string>; values?: Record<string, string> } = {}) => {
    const items = (await itemsOfVenue(db, v.id)).items.map((i) => ({ publicId: i.publicId, name: i.name }));
    return <StaffQueuePage ctx={pageContext(request)} venue={v} groups={await listGroups(db, v.id)} items={items} tokens={await listVenueTokens(db, v.id)} {...extra} />;
  };
  const audit = (trx: typeof db, request: FastifyRequest, orgCode: string, action: string, entityId: string, after: unknown) => {
    const a = request.actor as Actor;
    return recordAudit(platformView(trx), clock.now(), { actorId: a.userId, actorLabel: a.username, action, entity: 'qu_venue', entityId, after, requestId: request.id, orgCode });
  };

  app.get<{ Params: { venue: string } }>('/staff/venues/:venue/queue', { preHandler: requireRoles(...QUEUE_STAFF_ROLES) }, async (request, reply) => {
    const v = await staffVenue(request, request.params.venue);
    // the notice after a 303 (?done=group|revoked); anything else shows none
    const done = firstQuery(request.query, 'done');
    return sendPage(reply, await staffPage(request, v, { done: done === 'group' || done === 'revoked' ? done : undefined }));
  });

  app.post<{ Params: { venue: string } }>('/staff/venues/:venue/queue/groups', { preHandler: requireRoles(...QUEUE_STAFF_ROLES) }, async (request, reply) => {
    const v = await staffVenue(request, request.params.venue);
    const code = field(request.body, 'code').trim().toUpperCase().slice(0, 10);
    const name = field(request.body, 'name').trim();
    const raw = (request.body as Record<string, unknown> | undefined)?.items;
    const itemIds = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string').slice(0, 200);
    const isRemote = field(request.body, 'remote') === '1';
    const errors: Record<string, string> = {};
    if (!QUEUE_LIMITS.groupPattern.test(code)) errors.code = qs.errors.codeInvalid;
    if (!name || [...name].length > 40) errors.name = qs.errors.nameRequired;
    const offered = await offeredItemIds(db, v.id, itemIds);
    if (itemIds.some((id) => !offered.has(id))) errors.items = qs.errors.itemsUnknown;
    const existing = await listGroups(db, v.id);
    if (!errors.code && existing.length >= 26 && !existing.some((g) => g.code === code)) errors.code = qs.errors.groupsMax;
    if (Object.keys(errors).length) return sendPage(reply, await staffPage(request, v, { errors, values: { code, name: name.slice(0, 40), remote: isRemote ? '1' : '0' } }), 400);
    await inTransaction(db, async (trx) => {
      const what = await upsertGroup(trx, v.id, { code, name, itemIds, remote: isRemote });
      await audit(trx, request, v.orgCode, `queue.group.${what}`, `${v.publicId}/${code}`, { code, name, items: itemIds, remote: isRemote });
    });
    return reply.redirect(`/staff/venues/${v.publicId}/queue?done=group`, 303);
  });

  app.post<{ Params: { venue: string } }>('/staff/venues/:venue/queue/tokens', { preHandler: requireRoles(...QUEUE_STAFF_ROLES) }, async (request, reply) => {
    const v = await staffVenue(request, request.params.venue);
    const label = field(request.body, 'label').trim();
    if (!label || [...label].length > 40) return sendPage(reply, await staffPage(request, v, { errors: { label: qs.errors.labelRequired }, values: { label: label.slice(0, 40) } }), 400);
    const created = await inTransaction(db, async (trx) => {
      const c = await createVenueToken(trx, v.id, label, clock.now());
      await audit(trx, request, v.orgCode, 'queue.token.issue', `${v.publicId}/${c.publicId}`, { label });
      return c;
    });
    // the token is shown in this answer only (never stored, never in a URL)
    reply.header('cache-control', 'no-store');
    return sendPage(reply, await staffPage(request, v, { newToken: created.token }));
  });

  app.post<{ Params: { venue: string } }>('/staff/venues/:venue/queue/revoke', { preHandler: requireRoles(...QUEUE_STAFF_ROLES) }, async (request, reply) => {
    const v = await staffVenue(request, request.params.venue);
    const id = field(request.body, 'token').trim();
    const done = isTokenId(id) && await inTransaction(db, async (trx) => {
      const ok = await revokeVenueToken(trx, v.id, id, clock.now());
      if (ok) await audit(trx, request, v.orgCode, 'queue.token.revoke', `${v.publicId}/${id}`, { revoked: true });
      return ok;
    });
    if (!done) throw notFound(qs.errors.tokenNotFound);
    return reply.redirect(`/staff/venues/${v.publicId}/queue?done=revoked`, 303);
  });

}
