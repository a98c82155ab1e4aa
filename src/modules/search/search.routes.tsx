// Shell: search API (GET /api/v1/search, /api/v1/search/suggest, /api/v1/search/hot), the public
// page /search (+ /search/go, which counts a click and forwards) and the staff page /staff/search.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { HttpError, badRequest, notFound } from '../../platform/web/http-error.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { isPlatformAdmin, requirePlatformAdmin, requireRoles, type Actor } from '../identity/index.ts';
import { SearchService } from './search.service.ts';
import { listSynonyms, splitTerms } from './search.repository.ts';
import { MAX_LIMIT, MAX_OFFSET, SEARCH_TYPE_ENUM, checkQuery, parseIntIn, parseRecent, parseRegion, parseType } from './query-rules.ts';
import { enumMessage, optionalEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { SERVICE_CHANNELS } from '../service-map/index.ts';
import { SearchPage, StaffSearchPage } from './views/pages.tsx';
import { s } from './search.strings.ts';

export interface SearchDeps { db: Db; clock: Clock; service?: SearchService; followMs?: number; /** SEARCH_SNAPSHOT_DIR (search.service.ts) */ snapshotDir?: string | null; /** SEARCH_RESULT_CACHE */ resultCache?: number; /** SEARCH_LOG_WORKER */ logWorker?: boolean }

export const STAFF_ROLES = ['admin', 'supervisor'] as const;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const RESULT_ID = '公开标识，可直接用于详情接口：item 为事项编码（GET /api/v1/items/{id}，与服务地图导入文件一致），venue 为场所编码（含自助终端，GET /api/v1/venues/{id}），disclosure 为索引号（GET /api/v1/disclosures/{id}），catalog_item 为“目录号/事项标识”（GET /api/v1/catalogs/{目录号} 的 items[].key）';

/** The query (one string per key already: platform/web/query.ts), each value at most 10,000 characters. */
function first(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const src = (query ?? {}) as Record<string, string>;
  for (const k in src) if (Object.hasOwn(src, k)) out[k] = (src[k] as string).slice(0, 10_000);
  return out;
}

interface Parsed { q: string; type: string | null; region: string | null; dept: string; channel: string; limit: number; offset: number; hintRegion: string | null; recent: string[] }

/** Validates a search request's parameters; throws 400 with a Chinese message. */
function parse(raw: Record<string, string>, dfltLimit: number): Parsed {
  const c = checkQuery(raw.q ?? '');
  if (!c.ok) throw badRequest(c.code, c.message);
  const type = parseType(raw.type);
  if (type === 'invalid') throw badRequest('bad_type', enumMessage('type', SEARCH_TYPE_ENUM, raw.type));
  const region = parseRegion(raw.region);
  if (region === 'invalid') throw badRequest('bad_region', s.badRegion);
  const hint = parseRegion(raw.hint_region);
  const limit = parseIntIn(raw.limit, 1, MAX_LIMIT, dfltLimit);
  if (limit === 'invalid') throw badRequest('bad_limit', s.badLimit);
  const offset = parseIntIn(raw.offset, 0, MAX_OFFSET, 0);
  if (offset === 'invalid') throw badRequest('bad_offset', s.badOffset);
  const dept = (raw.dept ?? '').trim();
  if ([...dept].length > 40) throw badRequest('bad_filter', s.badFilter);
  const channel = optionalEnum(SERVICE_CHANNELS, raw.channel, 'channel', { code: 'bad_filter' }) ?? '';
  return { q: c.q, type, region, dept, channel, limit, offset, hintRegion: hint === 'invalid' ? null : hint, recent: parseRecent(raw.recent) };
}

export async function searchRoutes(app: App, deps: SearchDeps): Promise<SearchService> {
  const { db, clock } = deps;
  const svc = deps.service ?? new SearchService(db, clock, { snapshotDir: deps.snapshotDir ?? null, resultCache: deps.resultCache ?? 0, searchLogWorker: deps.logWorker ?? false, log: (m) => app.log.info(m) });
  if (!deps.service) {
    await svc.seedDictionary();
    await svc.open();
    svc.start(deps.followMs ?? 250);
    app.addHook('onClose', async () => { await svc.stop(); });
  }
  await app.register(fastifyStatic, { root: path.join(HERE, 'assets'), prefix: '/assets/search/', decorateReply: false, maxAge: 3600_000 });

  const run = (p: Parsed) => svc.search({ q: p.q, types: p.type ? [p.type] : [], region: p.region ?? '', dept: p.dept, channel: p.channel, limit: p.limit, offset: p.offset, hintRegion: p.hintRegion ?? '', recent: p.recent });

  app.get('/api/v1/search', {
    schema: {
      tags: ['search'], summary: '全站搜索（事项、场所、政府信息、公开目录）',
      description: '支持简称、同义词、拼音全拼与首字母、错别字；q 为空时返回空结果；超过 100 个字返回 400。',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ description: '搜索词' })),
        type: Type.Optional(EnumString(SEARCH_TYPE_ENUM, '结果类别')),
        region: Type.Optional(Type.String({ description: '地区代码前缀（只返回该地区及下级）' })),
        dept: Type.Optional(Type.String({ description: '部门名称（包含即可，如 公安）' })),
        channel: Type.Optional(EnumString(SERVICE_CHANNELS, '办理渠道')),
        limit: Type.Optional(Type.String({ description: '1–50，默认 10' })),
        offset: Type.Optional(Type.String({ description: '0–1000' })),
        hint_region: Type.Optional(Type.String({ description: '浏览器保存的偏好地区（只用于排序，不保存）' })),
        recent: Type.Optional(Type.String({ description: '浏览器保存的最近搜索，用 | 分隔（只用于排序，不保存）' })),
      }),
      response: {
        200: Type.Object({
          total: Type.Integer(), took_ms: Type.Number(), did_you_mean: Type.Union([Type.String(), Type.Null()]),
          results: Type.Array(Type.Object({ type: Type.String(), id: Type.String({ description: RESULT_ID }), title: Type.String(), snippet: Type.String({ description: '已转义的 HTML，命中词用 <mark>' }), score: Type.Number(), url: Type.String() })),
        }),
        400: ErrorBody,
      },
    },
  }, async (request) => {
    const p = parse(first(request.query), 10);
    const r = await run(p);
    // the hits as they are: the response schema's serializer writes only the listed fields
    return { total: r.total, took_ms: r.tookMs, did_you_mean: r.didYouMean, results: r.hits };
  });

  app.get('/api/v1/search/suggest', {
    schema: {
      tags: ['search'], summary: '输入提示（前缀、拼音、首字母；热门在前）',
      querystring: Type.Object({ q: Type.Optional(Type.String()), limit: Type.Optional(Type.String({ description: '1–20，默认 8' })) }),
      response: { 200: Type.Object({ suggestions: Type.Array(Type.Object({ text: Type.String(), type: Type.String(), count: Type.Integer() })) }), 400: ErrorBody },
    },
  }, async (request) => {
    const raw = first(request.query);
    const c = checkQuery(raw.q ?? '');
    if (!c.ok) throw badRequest(c.code, c.message);
    const limit = parseIntIn(raw.limit, 1, 20, 8);
    if (limit === 'invalid') throw badRequest('bad_limit', s.badLimit);
    return { suggestions: await svc.suggest(c.q, limit) };
  });

  app.get('/api/v1/search/hot', {
    schema: {
      tags: ['search'], summary: '热门搜索词与事项搜索 TOP 榜（近 30 天，匿名统计）',
      response: { 200: Type.Object({ queries: Type.Array(Type.Object({ query: Type.String(), count: Type.Integer() })), items: Type.Array(Type.Object({ rank: Type.Integer(), title: Type.String(), count: Type.Integer() })) }) },
    },
  }, async () => svc.hot());

  app.get('/search', async (request, reply) => {
    const raw = first(request.query);
    const ctx = pageContext(request);
    const hot = await svc.hot();
    const common = { ctx, hot: hot.queries, topItems: hot.items };
    let p: Parsed;
    try {
      p = parse(raw, 10);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      return sendPage(reply, <SearchPage {...common} q={(raw.q ?? '').slice(0, 100)} type={null} region="" error={e.message} result={null} offset={0} limit={10} />, 400);
    }
    const result = p.q ? await run(p) : null;
    return sendPage(reply, <SearchPage {...common} q={p.q} type={p.type} region={p.region ?? ''} error={null} result={result} offset={p.offset} limit={p.limit} />);
  });

  // A result link: count the click (anonymously, for the TOP-N table) and forward to the page.
  app.get('/search/go', async (request, reply) => {
    const raw = first(request.query);
    const type = parseType(raw.type);
    // the public id results carry: 事项/场所编码, 索引号, 目录号/事项标识
    const id = (raw.id ?? '').trim();
    if (!type || type === 'invalid' || !id || id.length > 120) throw badRequest('bad_click', s.badClick);
    const c = checkQuery(raw.q ?? '');
    const url = await svc.click(c.ok ? c.q : '', type, id);
    if (!url) throw notFound();
    return reply.redirect(url, 303);
  });

  // ---------------------------------------------------------------- staff
  app.staffLinks.push({ href: '/staff/search', label: s.staffTitle, description: '处理无结果搜索词、维护同义词词典、查看事项搜索排行', roles: [...STAFF_ROLES] });
  const guard = { preHandler: requireRoles(...STAFF_ROLES) };
  // The synonym dictionary and the zero-result list serve every county: platform administrators only.
  const platformOnly = { preHandler: requirePlatformAdmin() };
  const performer = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });

  async function staffPage(request: FastifyRequest, errors: FieldErrors, values: Record<string, string>, notice: string | null) {
    const [zero, synonyms, hot] = await Promise.all([svc.zeroResults(), listSynonyms(db), svc.hot()]);
    return <StaffSearchPage ctx={pageContext(request)} zero={zero} synonyms={synonyms} topItems={hot.items} errors={errors} values={values} notice={notice} canEdit={isPlatformAdmin(request.actor as Actor)} />;
  }

  const NOTICES: Record<string, string> = { added: s.added, removed: s.removed, ignored: s.ignored };
  app.get('/staff/search', guard, async (request, reply) => {
    const raw = first(request.query);
    return sendPage(reply, await staffPage(request, {}, { resolves: (raw.resolve ?? '').slice(0, 64), terms: (raw.resolve ?? '').slice(0, 64) }, NOTICES[raw.done ?? ''] ?? null));
  });

  app.post('/staff/search/synonyms', platformOnly, async (request, reply) => {
    const body = request.body ?? {};
    const values = { terms: field(body, 'terms').slice(0, 500), note: field(body, 'note').slice(0, 200), resolves: field(body, 'resolves').slice(0, 64) };
    const terms = splitTerms(values.terms);
    const errors: FieldErrors = {};
    if (terms.length < 2) errors.terms = s.termsRequired;
    else if (terms.length > 10 || terms.some((t) => [...t].length > 20)) errors.terms = s.termsTooLong;
    if (Object.keys(errors).length) return sendPage(reply, await staffPage(request, errors, values, null), 400);
    await svc.addSynonym(performer(request), terms, values.note, values.resolves.trim() || null);
    return reply.redirect('/staff/search?done=added', 303);
  });

  app.post<{ Params: { id: string } }>('/staff/search/synonyms/:id/delete', platformOnly, async (request, reply) => {
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : 0;
    if (!id || !(await svc.deleteSynonym(performer(request), id))) throw notFound(s.notFound);
    return reply.redirect('/staff/search?done=removed', 303);
  });

  app.post('/staff/search/zero/ignore', platformOnly, async (request, reply) => {
    const query = field(request.body ?? {}, 'query').trim().slice(0, 64);
    if (!query) throw badRequest('bad_query', s.termsRequired);
    await svc.ignoreZero(performer(request), query);
    return reply.redirect('/staff/search?done=ignored', 303);
  });

  return svc;
}
