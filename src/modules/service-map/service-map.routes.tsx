// Shell: the service map's API (GET /api/v1/venues, /api/v1/venues/{id}, /api/v1/items/{id},
// PUT /api/v1/staff/venues/{id}/queue) and public pages (/services, /services/map,
// /services/venues/{id}, /services/items/{id}, /services/life-events).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { renderBlocks, type PageBlocks } from './page-blocks.ts';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { HttpError, badRequest } from '../../platform/web/http-error.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { requireRoles } from '../identity/index.ts';
import { findRegion } from '../regions/index.ts';
import { dayInfo, dayInfoMemo, localParts, openStatus, weeklyToText } from './opening-hours.ts';
import { navigationLinks, NAV_PROVIDERS, routeUri, type NavProvider } from './map-links.ts';
import { isPublicId } from './service-map-csv.ts';
import { encodeCursor, parseCursor, parseEnumList, parseLimit, parseRegion } from './listing-query.ts';
import { listVenues } from './listing.repository.ts';
import { parseNearQuery, type NearQuery } from './near-query.ts';
import { ALIASES, CHANNELS, inChina, ITEM_TYPES, LEVELS, TIME_UNITS, VENUE_TYPES } from './service-map.ts';
import { findItem, findVenue, itemsOfVenue, type Item } from './service-map.repository.ts';
import { QUEUE_ROLES, reportQueue, VenueFinder, type VenueScores } from './service-map.service.ts';
import type { RankedVenue } from './venue-index.ts';
import { ItemPage, MapPage, ServicesHome, VenueItemsPage, VenuePage, type VenueItemsSection } from './views/pages.tsx';
import { VENUE_ITEMS_PAGE, VenueItemSummaries, venueItemsPage } from './venue-items.repository.ts';
import { venueItemStrings as vs } from './venue-page.strings.ts';
import { smStrings as s } from './service-map.strings.ts';

export interface ServiceMapDeps {
  db: Db;
  clock: Clock;
  /** Leaflet tile URL template ('' = no tiles: markers and list only). */
  tileUrl: string;
  tileAttribution: string;
  finder?: VenueFinder;
  /** The 好差评 score of each rated venue (ratings module, injected in app.ts): ranks the map and shows on venue pages. */
  venueScores?: VenueScores;
  /** Blocks of other modules on the venue and item pages (page-blocks.ts, wired in app.ts). */
  blocks?: PageBlocks;
}

/** How many offering venues `GET /api/v1/items/{id}` lists (`venue_count` gives the total). */
const ITEM_VENUES_LISTED = 1000;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const Coded = Type.Object({ code: Type.String(), label: Type.String() });
const Parts = Type.Object({ distance: Type.Number(), open_now: Type.Number(), closing_soon: Type.Number(), rating: Type.Number(), queue: Type.Number() });
const Nav = Type.Object({ provider: Type.String(), label: Type.String(), href: Type.String(), lat: Type.Number(), lng: Type.Number() });
const Queue = Type.Union([Type.Object({ waiting: Type.Integer(), wait_minutes: Type.Integer(), updated_at: Type.String() }), Type.Null()]);
const VenueResult = Type.Object({
  id: Type.String(), name: Type.String(), type: Coded, level: Coded, region_code: Type.String(), address: Type.String(), lat: Type.Number(), lng: Type.Number(),
  distance_m: Type.Integer(), open_now: Type.Boolean(), closes_at: Type.Union([Type.String(), Type.Null()]), closing_soon: Type.Boolean(),
  opens_at: Type.Union([Type.String(), Type.Null()]), is_24h: Type.Boolean(), queue: Queue, rating: Type.Union([Type.Number(), Type.Null()]),
  rating_source: Type.Union([Type.String({ description: 'ratings：群众评价（好差评的贝叶斯平均）；import：导入评分' }), Type.Null()]), rating_count: Type.Integer(),
  score: Type.Number(), score_parts: Parts, url: Type.String(), navigation: Type.Array(Nav),
});
/** A venue of the list mode (no `near`): no distance, status or score. */
const VenueListed = Type.Object({
  id: Type.String(), name: Type.String(), type: Coded, level: Coded, region_code: Type.String(), address: Type.String(), lat: Type.Number(), lng: Type.Number(),
  is_24h: Type.Boolean(), phone: Type.String(), url: Type.String(), navigation: Type.Array(Nav),
});
const NearQueryString = Type.Object({
  near: Type.Optional(Type.String({ description: '纬度,经度（WGS-84），如 22.6566,114.0297；不给时为列表模式（按地区、类型、事项，游标分页）' })),
  region: Type.Optional(Type.String({ description: '列表模式：2、4、6、9 或 12 位区划代码，列出位于该地区（含下级）的场所' })),
  cursor: Type.Optional(Type.String({ description: '列表模式：上一页的 next_cursor' })),
  radius_km: Type.Optional(Type.String({ description: '范围，公里，默认 10，最大 200' })),
  open_at: Type.Optional(Type.String({ description: 'ISO 8601 时间；给出时只返回该时刻开放的场所（无时区按北京时间）' })),
  open_now: Type.Optional(Type.String({ description: 'true：只返回现在开放的场所' })),
  type: Type.Optional(EnumString(VENUE_TYPES, '场所类型，可用逗号分隔多个')),
  level: Type.Optional(EnumString(LEVELS, '层级')),
  item: Type.Optional(Type.String({ description: '事项编号：只返回可办理该事项的场所' })),
  limit: Type.Optional(Type.String({ description: '1–100，默认 20' })),
});

/** A page's query (one string per key already, the first of a repeated one: platform/web/query.ts), each value at most 200 characters. */
function firstValues(query: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((query ?? {}) as Record<string, string>).map(([k, v]) => [k, v.slice(0, 200)]));
}

/** The venue's rating: its 好差评 (Bayesian average, count) when it has any, else the imported figure — labelled by source. */
function ratingJson(v: { rating: number | null; ratingCount: number; ratingsScore?: number | null; ratingsCount?: number }) {
  if (v.ratingsScore !== undefined && v.ratingsScore !== null) return { rating: v.ratingsScore, rating_source: 'ratings', rating_count: v.ratingsCount ?? 0 };
  return { rating: v.rating, rating_source: v.rating === null ? null : 'import', rating_count: v.ratingCount };
}

function venueJson(r: RankedVenue) {
  const v = r.venue;
  return {
    id: v.publicId, name: v.name, type: { code: v.type, label: labelOf(VENUE_TYPES, v.type) }, level: { code: v.level, label: labelOf(LEVELS, v.level) },
    region_code: v.regionCode, address: v.address, lat: v.lat, lng: v.lng, distance_m: r.distanceM, open_now: r.status.openNow,
    closes_at: r.status.closesAt, closing_soon: r.status.closingSoon, opens_at: r.status.opensAt, is_24h: v.hours.is24h,
    queue: r.queueWaitMinutes !== null && v.queueWaiting !== null && v.queueUpdatedAt ? { waiting: v.queueWaiting, wait_minutes: r.queueWaitMinutes, updated_at: v.queueUpdatedAt } : null,
    ...ratingJson(v), score: r.score, score_parts: r.parts, url: `/services/venues/${encodeURIComponent(v.publicId)}`,
    navigation: navigationLinks(v.lat, v.lng, v.name, v.address),
  };
}

export function itemJson(i: Item, venueIds: string[]) {
  return {
    id: i.publicId, name: i.name, basic_code: i.basicCode, implementing_code: i.implementingCode, type: { code: i.type, label: labelOf(ITEM_TYPES, i.type) },
    department: i.department, implementing_body: i.implementingBody, region_code: i.regionCode, level: { code: i.level, label: labelOf(LEVELS, i.level) },
    keywords: i.keywords, online_url: i.onlineUrl, mobile_url: i.mobileUrl, channels: i.channels.map((c) => ({ code: c, label: labelOf(CHANNELS, c) })),
    legal_limit: i.legalLimit === null ? null : { value: i.legalLimit, unit: i.legalUnit ? { code: i.legalUnit, label: labelOf(TIME_UNITS, i.legalUnit) } : null },
    promised_limit: i.promisedLimit === null ? null : { value: i.promisedLimit, unit: i.promisedUnit ? { code: i.promisedUnit, label: labelOf(TIME_UNITS, i.promisedUnit) } : null },
    visits: i.visits, guide: i.guide, venues: venueIds, url: `/services/items/${encodeURIComponent(i.publicId)}`,
  };
}

/** JSON-LD for an item page (schema.org GovernmentService), safe inside <script>. */
export function governmentServiceJsonLd(i: Item, venues: RankedVenue[]): string {
  const data = {
    '@context': 'https://schema.org', '@type': 'GovernmentService', name: i.name, identifier: i.implementingCode || i.basicCode || i.publicId,
    serviceType: labelOf(ITEM_TYPES, i.type), url: `/services/items/${encodeURIComponent(i.publicId)}`,
    provider: i.implementingBody || i.department ? { '@type': 'GovernmentOrganization', name: i.implementingBody || i.department } : undefined,
    areaServed: { '@type': 'AdministrativeArea', identifier: i.regionCode }, audience: i.guide.service_objects.length ? { '@type': 'Audience', audienceType: i.guide.service_objects.join('、') } : undefined,
    availableChannel: [
      ...(i.onlineUrl ? [{ '@type': 'ServiceChannel', name: labelOf(CHANNELS, 'online'), serviceUrl: i.onlineUrl }] : []),
      ...(i.mobileUrl ? [{ '@type': 'ServiceChannel', name: labelOf(CHANNELS, 'mobile'), serviceUrl: i.mobileUrl }] : []),
      ...venues.slice(0, 5).map((r) => ({ '@type': 'ServiceChannel', name: labelOf(CHANNELS, 'window'), serviceLocation: { '@type': 'GovernmentOffice', name: r.venue.name, address: r.venue.address, geo: { '@type': 'GeoCoordinates', latitude: r.venue.lat, longitude: r.venue.lng } } })),
    ],
  };
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export async function serviceMapRoutes(app: App, deps: ServiceMapDeps): Promise<VenueFinder> {
  const { db, clock } = deps;
  const finder = deps.finder ?? new VenueFinder(db, clock, deps.venueScores);

  await app.register(fastifyStatic, { root: path.join(HERE, 'assets'), prefix: '/assets/service-map/', decorateReply: false, maxAge: 3600_000 });
  await app.register(fastifyStatic, { root: path.dirname(require.resolve('leaflet/dist/leaflet.js')), prefix: '/assets/leaflet/', decorateReply: false, maxAge: 86_400_000 });

  async function venueRating(v: { publicId: string; rating: number | null; ratingCount: number }) {
    const r = await finder.ratingOf(v.publicId);
    return ratingJson({ rating: v.rating, ratingCount: v.ratingCount, ratingsScore: r?.score ?? null, ratingsCount: r?.count ?? 0 });
  }

  async function runQuery(q: NearQuery) {
    const at = q.openAt ?? clock.now();
    const { results, itemFound } = await finder.nearest({ lat: q.lat, lng: q.lng, radiusM: q.radiusKm * 1000, at, openOnly: q.openOnly, types: q.types, level: q.level, itemPublicId: q.item, limit: q.limit });
    return { at, results, itemFound };
  }

  /** GET /api/v1/venues without `near` (issue 22 §7): by region, type and item, in (region_code, public_id) order with a cursor. */
  async function venueList(raw: Record<string, string | undefined>) {
    for (const k of ['radius_km', 'open_at', 'open_now', 'level']) if (raw[k] !== undefined) throw badRequest('near_required', s.errors.nearOnly(k));
    const region = raw.region !== undefined ? parseRegion(raw.region) : null;
    if (region && !region.ok) throw badRequest(region.code, region.message);
    const types = parseEnumList(VENUE_TYPES, raw.type, 'type', ALIASES.venueType);
    if (!types.ok) throw badRequest(types.code, types.message);
    const cursor = parseCursor(raw.cursor);
    if (!cursor.ok) throw badRequest(cursor.code, cursor.message);
    const limit = parseLimit(raw.limit);
    if (!limit.ok) throw badRequest(limit.code, limit.message);
    let itemId: number | null = null;
    if (raw.item !== undefined) {
      const it = isPublicId(raw.item) ? await findItem(db, raw.item) : null;
      if (!it) throw new HttpError(404, 'item_not_found', s.itemNotFound(raw.item.slice(0, 64)));
      itemId = it.id;
    }
    const { rows, next } = await listVenues(db, { prefix: region?.ok ? region.value.prefix : null, types: types.value, itemId, cursor: cursor.value, limit: limit.value });
    return {
      count: rows.length, next_cursor: next ? encodeCursor(next) : null,
      results: rows.map((v) => ({
        id: v.public_id, name: v.name, type: { code: v.type, label: labelOf(VENUE_TYPES, v.type as never) }, level: { code: v.level, label: labelOf(LEVELS, v.level as never) },
        region_code: v.region_code, address: v.address, lat: Number(v.lat), lng: Number(v.lng), is_24h: Boolean(v.is_24h), phone: v.phone,
        url: `/services/venues/${encodeURIComponent(v.public_id)}`, navigation: navigationLinks(Number(v.lat), Number(v.lng), v.name, v.address),
      })),
    };
  }

  app.get('/api/v1/venues', {
    schema: {
      tags: ['services'], summary: '政务服务场所：附近（排序）或按地区列出（分页）',
      description: '按综合得分排序：距离 0–40、正在开放 30、即将下班 −15–0、评价 0–15、排队 −15–0（见 docs/model/service-map.md）。',
      querystring: NearQueryString,
      response: { 200: Type.Union([Type.Object({ count: Type.Integer(), next_cursor: Type.Union([Type.String(), Type.Null()]), results: Type.Array(VenueListed) }), Type.Object({ at: Type.String(), calendar_known: Type.Boolean({ description: 'false：该年没有节假日数据，按每周时间判断是否开放' }), near: Type.Object({ lat: Type.Number(), lng: Type.Number() }), radius_km: Type.Number(), count: Type.Integer(), results: Type.Array(VenueResult) })]), 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const raw = request.query as Record<string, string | undefined>;
    if (raw.near === undefined) return venueList(raw);
    const parsed = parseNearQuery(raw, { nearRequired: true });
    if (!parsed.ok) throw badRequest(parsed.code, parsed.message);
    const q = parsed.value;
    const { at, results, itemFound } = await runQuery(q);
    if (!itemFound) throw new HttpError(404, 'item_not_found', s.itemNotFound(q.item ?? ''));
    // A year without holiday data is answered from the weekly hours — and the answer says so.
    const calendarKnown = dayInfo(await finder.calendarNow(), localParts(at).date).calendarKnown;
    return { at: at.toISOString(), calendar_known: calendarKnown, near: { lat: q.lat, lng: q.lng }, radius_km: q.radiusKm, count: results.length, results: results.map(venueJson) };
  });

  app.get('/api/v1/venues/:id', {
    schema: { tags: ['services'], summary: '一个场所', params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorBody } },
  }, async (request) => {
    const v = await findVenue(db, request.params.id);
    if (!v) throw new HttpError(404, 'venue_not_found', s.venueNotFound(request.params.id));
    const status = openStatus({ weekly: v.hours, is24h: v.is24h, holidayRule: v.holidayRule }, dayInfoMemo(await finder.calendarNow()), clock.now());
    const { items, total } = await itemsOfVenue(db, v.id, 500);
    return {
      id: v.publicId, name: v.name, type: { code: v.type, label: labelOf(VENUE_TYPES, v.type) }, level: { code: v.level, label: labelOf(LEVELS, v.level) },
      region_code: v.regionCode, org_code: v.orgCode, address: v.address, lat: v.lat, lng: v.lng, opening_hours: weeklyToText(v.hours), is_24h: v.is24h,
      holiday_rule: v.holidayRule, phone: v.phone, photos: v.photos, verified_on: v.verifiedOn, host_venue_id: v.hostVenueId, ...(await venueRating(v)),
      open_now: status.openNow, closes_at: status.closesAt, closing_soon: status.closingSoon, opens_at: status.opensAt,
      queue: v.queueWaiting !== null && v.queueUpdatedAt ? { waiting: v.queueWaiting, wait_minutes: v.queueWaitMinutes, updated_at: v.queueUpdatedAt } : null,
      items: items.map((i) => ({ id: i.publicId, name: i.name })), item_count: total, navigation: navigationLinks(v.lat, v.lng, v.name, v.address),
    };
  });

  app.get('/api/v1/items/:id', {
    schema: { tags: ['services'], summary: '一个政务服务事项及其办事指南', params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorBody } },
  }, async (request) => {
    const i = await findItem(db, request.params.id);
    if (!i) throw new HttpError(404, 'item_not_found', s.itemNotFound(request.params.id));
    // A province-wide item may be offered at thousands of venues: list the first 1,000 by id and say how many there are.
    const venues = await db.selectFrom('sm_venue').innerJoin('sm_venue_item', 'sm_venue_item.venue_id', 'sm_venue.id').select('sm_venue.public_id').where('sm_venue_item.item_id', '=', i.id).orderBy('sm_venue.public_id').limit(ITEM_VENUES_LISTED).execute();
    const count = venues.length < ITEM_VENUES_LISTED ? venues.length : Number((await db.selectFrom('sm_venue_item').select(db.fn.countAll<number>().as('n')).where('item_id', '=', i.id).executeTakeFirstOrThrow()).n);
    return { ...itemJson(i, venues.map((v) => v.public_id)), venue_count: count };
  });

  app.put('/api/v1/staff/venues/:id/queue', {
    preHandler: requireRoles(...QUEUE_ROLES),
    schema: {
      tags: ['services'], summary: '更新场所的实时排队（叫号系统调用）', security: [{ bearer: [] }],
      params: Type.Object({ id: Type.String() }),
      body: Type.Object({ waiting: Type.Integer({ minimum: 0, maximum: 10000 }), wait_minutes: Type.Integer({ minimum: 0, maximum: 1440 }) }),
      response: { 200: Type.Object({ id: Type.String(), waiting: Type.Integer(), wait_minutes: Type.Integer(), updated_at: Type.String() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const actor = request.actor;
    if (!actor) throw new HttpError(401, 'unauthorized', s.errors.tokenRequired);
    const r = await reportQueue({ db, clock, finder }, actor, request.params.id, request.body.waiting, request.body.wait_minutes, request.id);
    if (!r.ok) throw new HttpError(r.status, r.code, r.message);
    return { id: request.params.id, waiting: r.waiting, wait_minutes: r.waitMinutes, updated_at: r.updatedAt };
  });

  // ---------- pages ----------

  let placesMemo: { at: number; value: { name: string; near: string; region: string }[] } | null = null;
  async function places() {
    if (placesMemo && Date.now() - placesMemo.at < 60_000) return placesMemo.value;
    const centres = await finder.countyCentres();
    const out: { name: string; near: string; region: string }[] = [];
    for (const c of centres.slice(0, 50)) {
      const region = await findRegion(db, c.regionCode);
      out.push({ name: region?.name ?? c.regionCode, near: `${c.lat},${c.lng}`, region: c.regionCode });
    }
    placesMemo = { at: Date.now(), value: out };
    return out;
  }

  const withNav = (r: RankedVenue) => ({ ...r, nav: navigationLinks(r.venue.lat, r.venue.lng, r.venue.name, r.venue.address) });

  // A text scan over every item until the search issue replaces it: limited per address like the API.
  app.get('/services/search', { config: { rateLimit: { max: 60, timeWindow: '1 minute', allowList: () => false } } }, async (request, reply) => {
    const q = (firstValues(request.query).q ?? '').replace(/\p{Cc}/gu, '').trim().slice(0, 50);
    // Item search is the site search (pinyin, synonyms, typos), limited to service items.
    if (q) return reply.redirect(`/search?${new URLSearchParams({ q, type: 'item' }).toString()}`, 303);
    return sendPage(reply, <ServicesHome ctx={pageContext(request)} q={q} items={null} places={await places()} />);
  });

  app.get('/services/map', async (request: FastifyRequest, reply) => {
    const raw = firstValues(request.query);
    const pl = await places();
    const first = pl[0] ? pl[0].near.split(',').map(Number) : [36.3742, 114.3826];
    const parsed = parseNearQuery(raw, { nearRequired: false, fallbackNear: { lat: first[0] as number, lng: first[1] as number } });
    const ctx = pageContext(request);
    const common = { ctx, query: raw, places: pl, tileUrl: deps.tileUrl, tileAttribution: deps.tileAttribution };
    if (!parsed.ok) return sendPage(reply, <MapPage {...common} error={parsed.message} results={[]} itemName={null} center={{ lat: first[0] as number, lng: first[1] as number }} />, 400);
    const q = { ...parsed.value, limit: Math.max(parsed.value.limit, 50) };
    const { results, itemFound } = await runQuery(q);
    const item = q.item ? await findItem(db, q.item) : null;
    if (!itemFound) return sendPage(reply, <MapPage {...common} error={s.itemNotFound(q.item ?? '')} results={[]} itemName={null} center={q} />, 404);
    return sendPage(reply, <MapPage {...common} error={null} results={results.map(withNav)} itemName={item?.name ?? null} center={q} />);
  });

  app.get<{ Params: { id: string } }>('/services/venues/:id', async (request, reply) => {
    const v = await findVenue(db, request.params.id);
    if (!v) throw new HttpError(404, 'venue_not_found', s.venueNotFound(request.params.id));
    const calendar = await finder.calendarNow();
    const status = openStatus({ weekly: v.hours, is24h: v.is24h, holidayRule: v.holidayRule }, dayInfoMemo(calendar), clock.now());
    const itemsSection = await venueItemsSection(v.id);
    const host = v.hostVenueId ? await findVenue(db, v.hostVenueId) : null;
    const rated = await finder.ratingOf(v.publicId);
    // The blocks get the venue and the calendar already read here (no block reloads either).
    const extra = deps.blocks ? await renderBlocks(deps.blocks.venue, { id: v.id, publicId: v.publicId, name: v.name, regionCode: v.regionCode, venue: v, calendar }, request) : null;
    const actions = await request.server.residentActions?.saveButton(request, 'venue', v.publicId) ?? null;
    return sendPage(reply, <VenuePage ctx={pageContext(request)} actions={actions} venue={v} rated={rated} status={status} nav={navigationLinks(v.lat, v.lng, v.name, v.address)} itemsSection={itemsSection} host={host ? { publicId: host.publicId, name: host.name } : null} extra={extra} />);
  });

  // The venue page lists a few items only: a county centre offers ~16,000 (安徽), so above
  // VENUE_PAGE_ALL_MAX it shows the departments with counts (cached per venue and data version)
  // and the first items, linking to the paged list below.
  const summaries = new VenueItemSummaries(db);
  const venueItemsSection = (venueId: number): Promise<VenueItemsSection> => summaries.first(venueId);

  app.get<{ Params: { id: string } }>('/services/venues/:id/items', async (request, reply) => {
    const v = await findVenue(db, request.params.id);
    if (!v) throw new HttpError(404, 'venue_not_found', s.venueNotFound(request.params.id.slice(0, 64)));
    const raw = firstValues(request.query);
    const department = raw.dept === undefined ? null : raw.dept.trim();
    if (department !== null && [...department].length > 40) throw badRequest('invalid_dept', vs.badDept);
    const after = raw.after === undefined || raw.after === '' ? null : raw.after;
    if (after !== null && !isPublicId(after)) throw badRequest('invalid_after', vs.badAfter);
    const page = await venueItemsPage(db, v.id, { afterPublicId: after, department, limit: VENUE_ITEMS_PAGE });
    if (!page) throw badRequest('invalid_after', vs.badAfter);
    const { departments } = await summaries.get(v.id);
    const nextAfter = page.more ? page.items[page.items.length - 1]!.publicId : null;
    return sendPage(reply, <VenueItemsPage ctx={pageContext(request)} venue={v} department={department} departments={departments} items={page.items} nextAfter={nextAfter} first={after === null} />);
  });

  app.get<{ Params: { id: string } }>('/services/items/:id', async (request, reply) => {
    const item = await findItem(db, request.params.id);
    if (!item) throw new HttpError(404, 'item_not_found', s.itemNotFound(request.params.id));
    const raw = firstValues(request.query);
    // Nearby venues: around the given point, else around the venues that offer the item.
    const near = raw.near ? parseNearQuery({ near: raw.near }, { nearRequired: true }) : null;
    if (near && !near.ok) throw badRequest(near.code, near.message);
    const offering = await db.selectFrom('sm_venue').innerJoin('sm_venue_item', 'sm_venue_item.venue_id', 'sm_venue.id').select(['sm_venue.lat', 'sm_venue.lng']).where('sm_venue_item.item_id', '=', item.id).limit(1).execute();
    const centre = near?.ok ? near.value : offering[0] ? { lat: Number(offering[0].lat), lng: Number(offering[0].lng) } : null;
    let all: RankedVenue[] = [];
    if (centre) {
      all = (await finder.nearest({ lat: centre.lat, lng: centre.lng, radiusM: 50_000, at: clock.now(), openOnly: false, types: null, level: null, itemPublicId: item.publicId, limit: 10 })).results;
    }
    const openNearby = all.filter((r) => r.status.openNow);
    const recommendation = item.channels.includes('online') && item.onlineUrl
      ? { kind: 'online' as const, url: item.onlineUrl }
      : openNearby[0] ? { kind: 'venue' as const, venue: withNav(openNearby[0]) } : { kind: 'none' as const };
    const actions = await request.server.residentActions?.saveButton(request, 'item', item.publicId) ?? null;
    const extra = deps.blocks ? await renderBlocks(deps.blocks.item, { id: item.id, publicId: item.publicId, name: item.name, regionCode: item.regionCode, calendar: await finder.calendarNow() }, request) : null;
    return sendPage(reply, <ItemPage ctx={pageContext(request)} actions={actions} extra={extra} item={item} nearby={all.map(withNav)} openNearby={openNearby.map(withNav)} recommendation={recommendation} jsonLd={governmentServiceJsonLd(item, all)} mapNear={centre ? `${centre.lat},${centre.lng}` : null} />);
  });

  // A route from the person's position to a venue (issue 22 §4): the page's script asks for the
  // position only when the person clicks, and the conversion to each app's coordinate system stays
  // here. The position is used for the redirect and kept nowhere (no-store, no referrer).
  app.get('/services/route', async (request, reply) => {
    const raw = firstValues(request.query);
    const provider = raw.provider ?? '';
    if (!(NAV_PROVIDERS as readonly string[]).includes(provider)) throw badRequest('invalid_provider', s.errors.provider);
    const m = /^\s*(-?\d{1,3}(?:\.\d{1,12})?)\s*,\s*(-?\d{1,3}(?:\.\d{1,12})?)\s*$/.exec(raw.from ?? '');
    if (!m) throw badRequest('invalid_from', s.errors.from);
    const from = { lat: Number(m[1]), lng: Number(m[2]) };
    if (!inChina(from.lat, from.lng)) throw badRequest('outside_china', s.errors.outsideChina(from.lat, from.lng));
    const id = raw.venue ?? '';
    const v = isPublicId(id) ? await findVenue(db, id) : undefined;
    if (!v) throw new HttpError(404, 'venue_not_found', s.venueNotFound(id.slice(0, 64)));
    reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
    return reply.redirect(routeUri(provider as NavProvider, from, { lat: v.lat, lng: v.lng }, v.name), 302);
  });

  return finder;
}
