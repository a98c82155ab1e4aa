// Shell: the CKAN Action API over the dataset catalogue (issue 23 §4; open-standards.md §1), so a
// CKAN harvester or the `ckanapi` client reads the platform unchanged:
//   GET|POST /api/3/action/{name} and /api/action/{name}   (GET: query parameters; POST: a JSON object)
//   GET /api → {"version": 1}, GET /api/3 → {"version": 3}
// Envelopes {help, success, result} / {help, success: false, error: {__type, …}} with CKAN's
// statuses; request-level failures (unknown action, unreadable body) are CKAN's bare JSON strings.
// No redirects (ckanapi POSTs with allow_redirects=False). The rules live in ckan.ts (pure).
import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../platform/web/server.tsx';
import { HttpError } from '../../platform/web/http-error.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import type { DatasetEntry } from './catalogue.ts';
import { CkanBadRequest, CkanError, CkanIndex, errorEnvelope, helpUrl, isAction, parseBody, parseQueryParams, runAction, successEnvelope, type Params } from './ckan.ts';
import type { OpenDataDeps } from './deps.ts';

const JSON_TYPE = 'application/json;charset=utf-8';
const PREFIXES = ['/api/3/action', '/api/action'] as const;

/** A stable UUID (version-5 layout) of a CKAN object that has no id of its own (organization, group, tag, resource). */
export function ckanObjectId(kind: string, key: string): string {
  const h = createHash('sha1').update(`gongkai-ckan-${kind}:${key}`).digest('hex');
  const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sendJson(reply: FastifyReply, status: number, body: string | Buffer): FastifyReply {
  return reply.status(status).header('content-type', JSON_TYPE).header('cache-control', 'no-cache').send(body);
}

/** CKAN's bare-string answer to a request no action could run for. */
function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return sendJson(reply, 400, JSON.stringify(message));
}

/** Errors raised before the handler (a NUL in the query, an oversize body, the rate limit) in CKAN's shape, never the HTML page. */
function ckanErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error instanceof HttpError ? error.status : error.statusCode ?? 500;
  if (status === 429) return sendJson(reply, 429, JSON.stringify('Too many requests: 请求过于频繁，请稍后再试'));
  if (status === 413) return badRequest(reply, 'Bad request: request body too large / 请求体过大');
  if (status >= 400 && status < 500) return badRequest(reply, `Bad request: ${error instanceof HttpError ? error.message : 'unreadable request / 无法读取的请求'}`);
  request.log.error({ err: error }, 'ckan action failed');
  return sendJson(reply, 500, JSON.stringify({ help: '', success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } }));
}

export async function ckanRoutes(app: App, deps: OpenDataDeps): Promise<void> {
  const { catalogue, clock, site, db } = deps;

  // One index per catalogue snapshot (the catalogue hands out the same array until it rebuilds).
  let built: { entries: readonly DatasetEntry[]; index: CkanIndex } | null = null;
  async function currentIndex(): Promise<CkanIndex> {
    const entries = await catalogue.all();
    if (built && built.entries === entries) return built.index;
    // Organizations' `created`: the governments' rows (the installation's = its first government's).
    const rows = await db.selectFrom('organisation').select(['code', 'created_at']).where('kind', '=', 'government').execute();
    const known = new Map(rows.map((r) => [r.code, r.created_at]));
    const first = rows.map((r) => r.created_at).sort()[0];
    if (first) known.set('platform', first);
    const index = new CkanIndex(entries, { ids: ckanObjectId, orgCreated: (code) => known.get(code) ?? null, now: clock.now() });
    built = { entries, index };
    return index;
  }

  const baseOf = (request: FastifyRequest): string | null => {
    if (site.baseUrl) return site.baseUrl;
    try {
      return publicBaseUrl(request, 'invalid Host');
    } catch {
      return null;
    }
  };

  async function handle(request: FastifyRequest, reply: FastifyReply, name: string): Promise<FastifyReply> {
    if (!isAction(name)) return badRequest(reply, `Bad request: Action name not known: ${name.slice(0, 100)}`);
    const base = baseOf(request);
    if (base === null) return badRequest(reply, 'Bad request: invalid Host header / 请求的主机名无效');
    const help = helpUrl(base, name);
    let params: Params;
    try {
      const url = request.raw.url ?? '';
      const qs = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
      params = parseQueryParams(qs);
      if (request.method === 'POST') {
        const body = parseBody(typeof request.body === 'string' ? request.body : '', String(request.headers['content-type'] ?? ''));
        // As CKAN: the body's data, with the URL's parameters for what the body does not give.
        params = Object.assign(params, body);
      }
      // JSONP and cache-busting parameters are not action parameters.
      delete params.callback;
      delete params._;
    } catch (e) {
      if (e instanceof CkanBadRequest) return badRequest(reply, e.message);
      throw e;
    }
    try {
      const index = await currentIndex();
      const result = runAction(name, params, { index, base, now: clock.now() });
      const chunks = successEnvelope(help, result);
      return sendJson(reply, 200, Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
    } catch (e) {
      if (e instanceof CkanError) return sendJson(reply, e.status, errorEnvelope(help, e.error));
      if (e instanceof CkanBadRequest) return badRequest(reply, e.message);
      request.log.error({ err: e }, 'ckan action failed');
      return sendJson(reply, 500, errorEnvelope(help, { __type: 'Internal Server Error', message: 'Internal Server Error' }));
    }
  }

  const actionSchema = (method: 'GET' | 'POST') => ({
    tags: ['opendata'],
    summary: method === 'GET' ? 'CKAN Action API（GET，参数在查询串中）' : 'CKAN Action API（POST，参数为 JSON 对象）',
    description: '数据开放目录的 CKAN Action API（只读）：package_list、package_show、package_search、organization_list、organization_show、group_list、group_show、help_show。'
      + '应答为 {"help","success","result"}；出错为 {"help","success":false,"error":{"__type","message"}}（CKAN 的状态码：404 Not Found Error、409 Validation Error、400 Search Query Error）。'
      + '未知的接口名应答 400 与字符串 "Bad request: Action name not known: …"。详见 docs/model/opendata-ckan.md。',
    params: Type.Object({ name: Type.String({ description: '接口名，如 package_search' }) }),
    response: { 200: { description: 'CKAN 信封 {help, success, result}', type: 'object', additionalProperties: true } },
  });

  // Own scope: the body is read raw (any content type), so a body that is not a JSON object gets CKAN's answer.
  await app.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.setErrorHandler(ckanErrorHandler);
    for (const prefix of PREFIXES) {
      scope.get<{ Params: { name: string } }>(`${prefix}/:name`, { schema: actionSchema('GET') }, async (request, reply) => handle(request, reply, request.params.name));
      scope.post<{ Params: { name: string } }>(`${prefix}/:name`, { schema: actionSchema('POST') }, async (request, reply) => handle(request, reply, request.params.name));
    }
    scope.get('/api', { schema: { tags: ['opendata'], summary: 'CKAN API 版本（旧版默认 1）', response: { 200: { type: 'object', properties: { version: { type: 'integer' } } } } } }, async (_request, reply) => sendJson(reply, 200, '{"version":1}'));
    scope.get('/api/3', { schema: { tags: ['opendata'], summary: 'CKAN API 版本 3', response: { 200: { type: 'object', properties: { version: { type: 'integer' } } } } } }, async (_request, reply) => sendJson(reply, 200, '{"version":3}'));
  });
}
