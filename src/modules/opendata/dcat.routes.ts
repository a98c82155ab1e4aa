// Shell: the DCAT-AP 3.0.1 catalogue in JSON-LD (issue 23 §4), built by dcat.ts over the dataset catalogue.
//   GET /data/catalog.jsonld?page=&modified_since=   100 datasets a page, Hydra paging
//   GET /data/datasets/{slug}.jsonld                  one dataset (beside builder P's page /data/datasets/{slug})
// Errors are JSON {code, message} (these are machine addresses, not pages). IRIs are absolute from
// SITE_BASE_URL, else from the request's checked host. ETag + If-None-Match (304), cached a minute.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { HttpError } from '../../platform/web/http-error.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import type { App } from '../../platform/web/server.tsx';
import { PLATFORM_PUBLISHER } from './catalogue.ts';
import { catalogDocument, datasetDocument, parseModifiedSince, parsePage, DCAT_PAGE_SIZE, type CatalogInfo } from './dcat.ts';
import { d } from './dcat.strings.ts';
import type { OpenDataDeps } from './deps.ts';

export const JSONLD_TYPE = 'application/ld+json';
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });

function fail(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ code, message });
}

/** Whether one of `names` is given more than once (every query parameter is read as one value). */
function repeated(request: FastifyRequest, names: readonly string[]): boolean {
  const raw = request.raw.url ?? '';
  const q = raw.indexOf('?');
  if (q < 0) return false;
  let params: URLSearchParams;
  try { params = new URLSearchParams(raw.slice(q + 1)); } catch { return true; }
  return names.some((n) => params.getAll(n).length > 1);
}

/** Sends a JSON-LD document with a strong ETag of its bytes; a matching If-None-Match gets 304. */
function sendJsonLd(request: FastifyRequest, reply: FastifyReply, doc: unknown): FastifyReply {
  const body = JSON.stringify(doc);
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  reply.header('etag', etag).header('cache-control', 'public, max-age=60').header('vary', 'Host, X-Forwarded-Host, X-Forwarded-Proto');
  const inm = request.headers['if-none-match'];
  if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) return reply.status(304).send();
  return reply.type(JSONLD_TYPE).send(body);
}

export async function dcatRoutes(app: App, deps: OpenDataDeps): Promise<void> {
  const info = (): CatalogInfo => ({
    title: d.catalogTitle(deps.site.name),
    description: d.catalogDescription(deps.config.publisher),
    publisher: { code: PLATFORM_PUBLISHER, name: deps.config.publisher },
  });
  /** SITE_BASE_URL, else the request's scheme and checked host; null for a forged host. */
  const baseOf = (request: FastifyRequest): string | null => {
    if (deps.site.baseUrl) return deps.site.baseUrl;
    try { return publicBaseUrl(request, d.errors.badHost); } catch (err) { if (err instanceof HttpError) return null; throw err; }
  };

  app.get('/data/catalog.jsonld', {
    attachValidation: true,
    schema: {
      summary: `数据开放目录（DCAT-AP 3.0.1，JSON-LD，application/ld+json）：每页 ${DCAT_PAGE_SIZE} 个数据集，Hydra 分页（hydra:PagedCollection 的 hydra:next 等）`,
      tags: ['数据开放'],
      querystring: Type.Object({
        page: Type.Optional(Type.String({ description: '页码，从 1 开始，默认 1' })),
        modified_since: Type.Optional(Type.String({ description: '只列出此后更新的数据集：YYYY-MM-DD（北京时间当日 0 时）或 ISO 8601 时间；更新时间不明的数据集总在其中' })),
      }),
      response: { 400: ErrorBody },
    },
  }, async (request, reply) => {
    if (request.validationError || repeated(request, ['page', 'modified_since'])) return fail(reply, 400, 'invalid_query', d.errors.badQuery);
    const qs = request.query as { page?: string; modified_since?: string };
    const page = parsePage(qs.page);
    if (page === null) return fail(reply, 400, 'invalid_page', d.errors.badPage);
    const since = qs.modified_since === undefined ? null : parseModifiedSince(qs.modified_since);
    if (qs.modified_since !== undefined && since === null) return fail(reply, 400, 'invalid_modified_since', d.errors.badModifiedSince);
    const base = baseOf(request);
    if (!base) return fail(reply, 400, 'invalid_host', d.errors.badHost);
    const out = catalogDocument(base, info(), await deps.catalogue.all(), { page, modifiedSince: since });
    if (!out.ok) return fail(reply, 400, 'page_out_of_range', d.errors.pageOutOfRange(out.lastPage));
    return sendJsonLd(request, reply, out.document);
  });

  app.get('/data/datasets/:slug.jsonld', {
    schema: {
      summary: '一个数据集的 DCAT-AP 3.0.1 描述（JSON-LD，application/ld+json）',
      tags: ['数据开放'],
      params: Type.Object({ slug: Type.String({ description: '数据集标识（如 regions、regions-130427）' }) }),
      response: { 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const entry = SLUG.test(slug) ? await deps.catalogue.find(slug) : null;
    if (!entry) return fail(reply, 404, 'dataset_not_found', d.errors.datasetNotFound);
    const base = baseOf(request);
    if (!base) return fail(reply, 400, 'invalid_host', d.errors.badHost);
    return sendJsonLd(request, reply, datasetDocument(base, entry));
  });
}
