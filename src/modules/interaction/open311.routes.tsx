// Shell: Open311 GeoReport v2 at /open311/v2/ — discovery, services, service definitions,
// POST/GET requests in JSON and XML, errors as [{code, description}]. POST needs an api_key: a
// staff API token or an application key from `gongkai token create` (both are API tokens).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock/clock.ts';
import type { App } from '../../platform/web/server.tsx';
import { HttpError } from '../../platform/web/http-error.ts';
import { enumOfRows, parseEnum } from '../../platform/web/enums.ts';
import type { Db } from '../../schema.ts';
import { findOrganisation, identityService } from '../identity/index.ts';
import * as repo from './interaction.repository.ts';
import { interactionStrings } from './interaction.strings.ts';
import { configOf, submitMessage } from './interaction.service.ts';
import { parseAddressPublic, type PublicLocation } from './location-privacy.ts';
import { attributesOf, checkAttributes, discoveryDoc, errorDoc, requestDoc, serviceDefinitionDoc, serviceDoc, splitFormat, toXml, type Doc, type Format } from './open311.ts';

const BASE = '/open311/v2';
const o = interactionStrings.open311;
const MAX_RANGE_DAYS = 90;
const MAX_IDS = 200;

class Open311Error extends Error {
  constructor(readonly status: 400 | 403 | 404, message: string) { super(message); }
}

function send(reply: FastifyReply, format: Format, status: number, root: string, body: Doc | Doc[]): FastifyReply {
  if (format === 'xml') return reply.status(status).type('text/xml; charset=utf-8').send(toXml(root, body));
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Open311's format for errors raised before a handler runs (an unreadable body, the rate limit): [{code, description}], never the HTML error page. */
function open311ErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const format: Format = (request.url.split('?')[0] ?? '').endsWith('.xml') ? 'xml' : 'json';
  // The server's own boundary refusals (a NUL in the query) keep their status and message.
  if (error instanceof HttpError && error.status < 500) return send(reply, format, error.status, 'errors', errorDoc(error.status, error.message));
  const status = error.statusCode === 429 ? 429 : error.statusCode === 413 ? 413 : error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? 400 : 500;
  if (status === 500) request.log.error({ err: error }, 'open311 request failed');
  const description = status === 429 ? o.rateLimited : status === 413 ? o.tooLarge : status === 400 ? o.unreadable : o.serverError(request.id);
  return send(reply, format, status, 'errors', errorDoc(status, description));
}

export async function open311Routes(app: App, deps: { db: Db; clock: Clock; sessionIdleMinutes: number; rateMax: number }): Promise<void> {
  const { db, clock } = deps;

  /** Runs a handler; Open311Errors (and anything unexpected) become [{code, description}] in the asked format. */
  const handle = (fn: (request: FastifyRequest, format: Format) => Promise<{ status?: number; root: string; body: Doc | Doc[] }>, fileParam?: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const file = fileParam ? (request.params as Record<string, string>)[fileParam] ?? '' : request.url.split('?')[0]?.split('/').pop() ?? '';
      const format: Format = file.endsWith('.xml') ? 'xml' : 'json';
      try {
        const r = await fn(request, format);
        return send(reply, format, r.status ?? 200, r.root, r.body);
      } catch (e) {
        if (e instanceof Open311Error) return send(reply, format, e.status, 'errors', errorDoc(e.status, e.message));
        request.log.error({ err: e }, 'open311 request failed');
        return send(reply, format, 500, 'errors', errorDoc(500, o.serverError(request.id)));
      }
    };

  const q = (request: FastifyRequest) => (request.query ?? {}) as Record<string, string | undefined>;

  async function checkJurisdiction(request: FastifyRequest): Promise<string | null> {
    const j = q(request).jurisdiction_id ?? (request.body as Record<string, string> | undefined)?.jurisdiction_id;
    if (!j) return null;
    const org = await findOrganisation(db, String(j));
    if (!org) throw new Open311Error(404, o.unknownJurisdiction(String(j)));
    return org.code;
  }

  for (const fmt of ['json', 'xml'] as const) {
    app.get(`${BASE}/discovery.${fmt}`, handle(async (request) => ({ root: 'discovery', body: discoveryDoc(baseUrl(request), '2026-11-26T00:00:00+08:00') })));

    app.get(`${BASE}/services.${fmt}`, handle(async (request) => {
      await checkJurisdiction(request);
      const cfg = await configOf(db);
      return { root: 'services', body: cfg.categories.filter((c) => c.active).map(serviceDoc) };
    }));

    app.get(`${BASE}/requests.${fmt}`, handle(async (request) => {
      const org = await checkJurisdiction(request);
      const query = q(request);
      const cfg = await configOf(db);
      const parseDate = (name: string) => {
        const v = query[name];
        if (!v) return undefined;
        const d = new Date(v);
        if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(v)) throw new Open311Error(400, o.badDate(name));
        return d;
      };
      const ids = query.service_request_id ? query.service_request_id.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
      if (ids && ids.length > MAX_IDS) throw new Open311Error(400, o.tooManyIds(MAX_IDS));
      // GeoReport v2: service_request_id "overrides all other arguments".
      if (ids) {
        const rows = await repo.listForOpen311(db, { ids, ...(org ? { org } : {}), limit: MAX_IDS });
        return { root: 'service_requests', body: await docs(request, rows) };
      }
      let start = parseDate('start_date');
      let end = parseDate('end_date');
      if (start && end && end < start) throw new Open311Error(400, o.endBeforeStart);
      if (start && end && end.getTime() - start.getTime() > MAX_RANGE_DAYS * 86400_000) throw new Open311Error(400, o.rangeTooLong(MAX_RANGE_DAYS));
      // Without dates the spec's default window is the last 90 days.
      if (!start && !end) start = new Date(clock.now().getTime() - MAX_RANGE_DAYS * 86400_000);
      if (start && !end) end = new Date(start.getTime() + MAX_RANGE_DAYS * 86400_000);
      if (end && !start) start = new Date(end.getTime() - MAX_RANGE_DAYS * 86400_000);
      const status = query.status;
      if (status && status !== 'open' && status !== 'closed') throw new Open311Error(400, o.badStatus);
      // service_code as the spec's code or, as everywhere in the API, the category's Chinese name
      const serviceCode = query.service_code ? parseEnum(enumOfRows(cfg.categories), query.service_code) : null;
      if (query.service_code && !serviceCode) throw new Open311Error(404, o.unknownService(query.service_code));
      const rows = await repo.listForOpen311(db, {
        ...(org ? { org } : {}), ...(serviceCode ? { serviceCode } : {}),
        ...(start ? { start: start.toISOString() } : {}), ...(end ? { end: end.toISOString() } : {}), ...(status ? { status: status as 'open' | 'closed' } : {}), limit: 1000,
      });
      return { root: 'service_requests', body: await docs(request, rows) };
    }));

    // Per address, like POST /api/v1/messages and the web form (the global limit skips non-/api/ paths).
    app.post(`${BASE}/requests.${fmt}`, { config: { rateLimit: { max: deps.rateMax, timeWindow: '10 minutes', allowList: () => false } }, errorHandler: open311ErrorHandler }, handle(async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : typeof body[k] === 'number' ? String(body[k]) : '');
      const key = str('api_key') || (q(request).api_key ?? '');
      if (!key) throw new Open311Error(403, o.noKey);
      const actor = await identityService.actorForToken({ db, clock, sessionIdleMinutes: deps.sessionIdleMinutes }, key);
      if (!actor) throw new Open311Error(403, o.badKey);
      const cfg = await configOf(db);
      const code = str('service_code');
      const active = cfg.categories.filter((c) => c.active);
      const parsed = parseEnum(enumOfRows(active), code); // the spec's code or the category's Chinese name
      const category = active.find((c) => c.code === parsed);
      if (!code) throw new Open311Error(400, o.noService);
      if (!category) throw new Open311Error(404, o.unknownService(code));
      const org = (await checkJurisdiction(request)) ?? actor.grants[0]?.orgCode ?? null;
      if (!org) throw new Open311Error(400, o.noJurisdiction);
      const lat = str('lat');
      const lng = str('long');
      // address_id: the 12-digit 区划代码 of a township or village (it drives routing); address_string: free text.
      const addressId = str('address_id');
      const address = str('address_string') || (addressId ? o.regionAddress(addressId) : '');
      if (!(lat && lng) && !address) throw new Open311Error(400, o.noLocation);
      // Extension (not in GeoReport v2): address_public=true publishes address_string and the exact
      // lat/long; by default GET shows only the township/village and coordinates rounded to ~100 m.
      const addressPublic = parseAddressPublic(body.address_public ?? q(request).address_public);
      if (addressPublic === null) throw new Open311Error(400, o.badAddressPublic);
      const description = str('description').trim();
      if (!description) throw new Open311Error(400, o.noDescription);
      const attrs = attributesOf(body);
      const attrReasons = checkAttributes(category, attrs);
      if (attrReasons.length) throw new Open311Error(400, attrReasons.join('；'));
      const attrText = category.attributes.filter((a) => attrs[a.code]?.length).map((a) => o.attribute(a.description, (attrs[a.code] ?? []).map((v) => a.values?.find((x) => x.key === v)?.name ?? v))).join(' ');
      const mediaUrl = str('media_url');
      const r = await submitMessage({ db, clock }, {
        org, category: category.code, region: addressId || null, title: description.slice(0, 30).padEnd(2, '。'), content: [description, attrText, mediaUrl ? o.media(mediaUrl) : ''].filter(Boolean).join('\n'),
        address, addressPublic, lat: lat || null, lng: lng || null, contactName: [str('last_name'), str('first_name')].join('').trim(), contactPhone: str('phone'), contactEmail: str('email'),
        isPublic: true, source: 'open311',
      });
      if (!r.ok) throw new Open311Error(400, Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('；'));
      return { root: 'service_requests', body: [{ service_request_id: r.reference, service_notice: o.received(r.dueOn), account_id: null }] };
    }));
  }

  async function docs(request: FastifyRequest, rows: repo.MessageRow[]): Promise<Doc[]> {
    const cfg = await configOf(db);
    const codes = [...new Set(rows.flatMap((m) => [m.org_code, m.assignee_org ?? m.org_code]))];
    const names = new Map((codes.length ? await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', codes).execute() : []).map((o) => [o.code, o.name]));
    const ids = rows.map((m) => m.id);
    const photos = ids.length ? await db.selectFrom('message_photo').select(['message_id', 'id']).where('message_id', 'in', ids).orderBy('id').execute() : [];
    const first = new Map<number, number>();
    for (const p of photos) if (!first.has(Number(p.message_id))) first.set(Number(p.message_id), Number(p.id));
    const locations = await repo.publicLocations(db, rows);
    return rows.map((m) => requestDoc(m, { service: cfg.categories.find((c) => c.code === m.category_code)?.name ?? m.category_code, agency: names.get(m.assignee_org ?? m.org_code) ?? '' }, baseUrl(request), first.get(m.id) ?? null, locations.get(m.id) as PublicLocation));
  }

  app.get<{ Params: { file: string } }>(`${BASE}/services/:file`, handle(async (request) => {
    const parts = splitFormat((request.params as { file: string }).file);
    if (!parts) throw new Open311Error(404, o.badFormat);
    await checkJurisdiction(request);
    const cfg = await configOf(db);
    const c = cfg.categories.find((x) => x.code === parts[0] && x.active);
    if (!c) throw new Open311Error(404, o.unknownService(parts[0]));
    return { root: 'service_definition', body: serviceDefinitionDoc(c) };
  }, 'file'));

  app.get<{ Params: { file: string } }>(`${BASE}/requests/:file`, handle(async (request) => {
    const parts = splitFormat((request.params as { file: string }).file);
    if (!parts) throw new Open311Error(404, o.badFormat);
    const org = await checkJurisdiction(request);
    const rows = await repo.listForOpen311(db, { ids: [parts[0]], ...(org ? { org } : {}), limit: 1 });
    if (!rows.length) throw new Open311Error(404, o.noRequest(parts[0]));
    return { root: 'service_requests', body: await docs(request, rows) };
  }, 'file'));

  app.all(`${BASE}/*`, handle(async () => { throw new Open311Error(404, o.noEndpoint); }));
}
