// Shell: the public catalogue pages and files (issue 23 §1–§3, §6).
//   GET /data                               datasets, filtered by publisher, theme, format and words
//   GET /data/datasets/{slug}               a dataset's page (files, facts, downloads per month)
//   GET|HEAD /data/datasets/{slug}/{file}   a file, streamed (ETag, 304, gzip when asked, counted)
//   GET /staff/open-data(.csv)              download statistics of the caller's governments
//   GET /api/v1/staff/open-data/downloads   the same as JSON (Bearer)
import { createHash } from 'node:crypto';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { toCsv } from '../../platform/csv/csv.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden } from '../../platform/web/http-error.ts';
import { ErrorPage } from '../../platform/web/layout.tsx';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { identityService, isPlatformAdmin, requireRoles, type Actor } from '../identity/index.ts';
import { listGovernments, PLATFORM_PUBLISHER, type DatasetEntry } from './catalogue.ts';
import { filterCatalogue, parseCatalogueQuery } from './catalogue-filter.ts';
import type { OpenDataDeps } from './deps.ts';
import { beijingMonth, countDownload, downloadRows, downloadsByMonth, monthsEnding } from './downloads.repository.ts';
import { pageStrings } from './pages.strings.ts';
import { CataloguePage, type ApiGroup } from './views/catalogue.tsx';
import { DatasetPage } from './views/dataset.tsx';
import { downloadName } from './views/format.ts';
import { StaffStatsPage, type StatsView } from './views/staff.tsx';

const ls = pageStrings.list;
const ds = pageStrings.dataset;
const ss = pageStrings.staff;

/** Changes every file's ETag when the way files are written changes (bump with the generators). */
export const FILE_VERSION = 'od1';
/** gzip level of streamed files: fast (the files are generated on the fly), still ~5–8× smaller for CSV. */
export const GZIP_LEVEL = 3;
/** Who reads the download statistics: the governments' administrators, supervisors and editors (政务公开办 widened to its government). */
export const STATS_ROLES = ['admin', 'supervisor', 'editor'] as const;
const MONTHS = 12;

/**
 * The strong validator of a file: its dataset, name, the data's facts (a new import changes them)
 * and the Beijing day — some files depend on the day (this year's statistics, 未到期 becoming 应办结)
 * and some changes move no fact (a region renamed), so a tag never outlives the day it was made.
 */
export function fileEtag(e: DatasetEntry, file: string, day: string): string {
  const h = createHash('sha1').update([FILE_VERSION, e.slug, file, e.facts.lastModified ?? '', e.facts.rows ?? '', day].join('\n')).digest('base64url');
  return h.slice(0, 27);
}

/** Does Accept-Encoding allow gzip (q > 0, or `*` with q > 0 and no gzip;q=0)? */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | null = null;
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return ok;
    if (name === '*') star = ok;
  }
  return star === true;
}

/** Does If-None-Match name this file's tag (either encoding's) or `*`? */
function notModified(header: string | undefined, base: string): boolean {
  if (!header) return false;
  return header.split(',').some((raw) => {
    const t = raw.trim().replace(/^W\//, '');
    return t === '*' || t === `"${base}"` || t === `"${base}-gz"`;
  });
}

/** Does the caller want JSON (a program) rather than a page? */
function wantsJsonBody(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return /application\/(json|[\w.+-]*\+json)/i.test(accept) && !/text\/html/i.test(accept);
}

function notFoundReply(request: FastifyRequest, reply: FastifyReply, code: string, message: string): FastifyReply {
  if (wantsJsonBody(request)) return reply.status(404).send({ code, message });
  return sendPage(reply, (
    <ErrorPage ctx={pageContext(request)} status={404} title={pageStrings.errors.notFoundTitle} message={message}>
      <p><a href="/data">{ds.backToList}</a></p>
    </ErrorPage>
  ), 404);
}

/** Chunks of `first` then the rest of `it`; returning early (a client gone) closes `it` too. */
async function* resume(first: IteratorResult<string>, it: AsyncIterator<string>): AsyncGenerator<string> {
  try {
    if (first.done) return;
    yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  } finally {
    await it.return?.();
  }
}

export async function dataPageRoutes(app: App, deps: OpenDataDeps): Promise<void> {
  const { db, clock, catalogue } = deps;

  // The open API grouped by its first path segment (read from the OpenAPI document itself, once).
  let apiGroups: ApiGroup[] | null = null;
  const openApiGroups = (): ApiGroup[] => {
    if (apiGroups) return apiGroups;
    const doc = app.swagger() as { paths?: Record<string, Record<string, { summary?: string; security?: unknown[] }>> };
    const groups = new Map<string, { operations: number; summaries: string[] }>();
    for (const [p, ops] of Object.entries(doc.paths ?? {})) {
      if (!p.startsWith('/api/v1/') || p.startsWith('/api/v1/staff')) continue;
      const group = p.split('/')[3] ?? '';
      // Open data only: operations without a staff token.
      const open = Object.entries(ops).filter(([m, op]) => ['get', 'post', 'put', 'delete', 'patch'].includes(m) && !op.security?.length);
      if (!open.length) continue;
      const g = groups.get(group) ?? { operations: 0, summaries: [] };
      g.operations += open.length;
      for (const [, op] of open) if (op.summary) g.summaries.push(op.summary);
      groups.set(group, g);
    }
    apiGroups = [...groups].sort(([a], [b]) => a.localeCompare(b))
      .map(([group, g]) => ({ group, example: `/api/v1/${group}`, operations: g.operations, label: ls.apiGroups[group] ?? '', summaries: g.summaries }));
    return apiGroups;
  };

  app.get<{ Querystring: Record<string, string | undefined> }>('/data', async (request, reply) => {
    const all = await catalogue.all();
    const q = parseCatalogueQuery(request.query);
    return sendPage(reply, <CataloguePage ctx={pageContext(request)} q={q} v={filterCatalogue(all, q)} all={all.length} apis={openApiGroups()} />);
  });

  app.get<{ Params: { slug: string } }>('/data/datasets/:slug', async (request, reply) => {
    const entry = await catalogue.find(request.params.slug);
    if (!entry) return notFoundReply(request, reply, 'dataset_not_found', ds.notFound);
    const months = monthsEnding(beijingMonth(clock.now()), MONTHS);
    const counts = await downloadsByMonth(db, entry.slug, months[0]!, months[months.length - 1]!);
    return sendPage(reply, <DatasetPage ctx={pageContext(request)} e={entry} usage={months.map((m) => ({ month: m, n: counts.get(m) ?? 0 }))} />);
  });

  // GET and HEAD declared together: Fastify's own HEAD route would read the whole stream.
  app.route<{ Params: { slug: string; file: string } }>({
    method: ['GET', 'HEAD'],
    url: '/data/datasets/:slug/:file',
    handler: async (request, reply) => {
      const entry = await catalogue.find(request.params.slug);
      if (!entry) return notFoundReply(request, reply, 'dataset_not_found', ds.notFound);
      const dist = entry.distributions.find((d) => d.file === request.params.file);
      if (!dist) return notFoundReply(request, reply, 'file_not_found', ds.fileNotFound);

      const base = fileEtag(entry, dist.file, localDateOf(deps.clock.now()));
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      reply.header('etag', gzip ? `"${base}-gz"` : `"${base}"`)
        .header('vary', 'Accept-Encoding')
        .header('cache-control', 'public, no-cache')
        .header('x-content-type-options', 'nosniff');
      if (entry.facts.lastModified && !Number.isNaN(Date.parse(entry.facts.lastModified))) reply.header('last-modified', new Date(entry.facts.lastModified).toUTCString());
      if (notModified(request.headers['if-none-match'], base)) return reply.status(304).send();

      const name = downloadName(entry.title, dist.file);
      const ascii = `${entry.slug}-${dist.file}`.replace(/[^\x20-\x7e]|["\\]/g, '_');
      reply.type(dist.mediaType).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}; filename="${ascii}"`);
      if (gzip) reply.header('content-encoding', 'gzip');
      if (request.method === 'HEAD') return reply.status(200).send();

      // The first chunk is read before the answer starts, so a source failing at once is a plain
      // error answer; later failures cut the connection (Fastify logs them and destroys the socket).
      const it = entry.source.open(db, entry.scope, dist.file, deps.clock.now())[Symbol.asyncIterator]();
      let first: IteratorResult<string>;
      try {
        first = await it.next();
      } catch (err) {
        await it.return?.().catch(() => undefined);
        throw err;
      }
      try {
        await countDownload(db, entry.slug, dist.file, entry.scope.kind === 'installation' ? '' : entry.scope.government.code, clock.now());
      } catch (err) {
        request.log.warn({ err, slug: entry.slug, file: dist.file }, 'download not counted');
      }
      const source = Readable.from(resume(first, it), { objectMode: false, highWaterMark: 64 * 1024 });
      if (!gzip) return reply.status(200).send(source);
      const body = pipeline(source, zlib.createGzip({ level: GZIP_LEVEL }), (err) => {
        if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') request.log.warn({ err, slug: entry.slug, file: dist.file }, 'download stream failed');
      });
      return reply.status(200).send(body);
    },
  });

  // ---- staff: downloads per dataset and month ---------------------------------------------
  /** The publishers the caller may see: every one for a platform administrator, else the governments in their (office-widened) subtrees. */
  async function visiblePublishers(actor: Actor): Promise<{ all: boolean; orgs: { code: string; name: string }[]; allGovCodes: Set<string> }> {
    const govs = await listGovernments(db);
    const allGovCodes = new Set(govs.map((g) => g.code));
    if (isPlatformAdmin(actor)) return { all: true, orgs: [{ code: PLATFORM_PUBLISHER, name: `${deps.config.publisher}（${ss.platform}）` }, ...govs.map((g) => ({ code: g.code, name: g.name }))], allGovCodes };
    const paths = await identityService.officeScopes(db, actor, STATS_ROLES);
    return { all: false, orgs: govs.filter((g) => paths.some((p) => g.path.startsWith(p))).map((g) => ({ code: g.code, name: g.name })), allGovCodes };
  }

  /** The statistics of the caller's scope, narrowed to `org` when one is named (outside the scope: 403). */
  async function statistics(actor: Actor, orgInput: string | undefined): Promise<StatsView & { rows: Awaited<ReturnType<typeof downloadRows>>; names: Map<string, string> }> {
    const org = (orgInput ?? '').trim().slice(0, 60);
    const scope = await visiblePublishers(actor);
    const errors: FieldErrors = {};
    let codes: string[] | null = scope.all ? null : scope.orgs.map((o) => o.code);
    if (org) {
      if (!scope.orgs.some((o) => o.code === org)) {
        if (org === PLATFORM_PUBLISHER || scope.allGovCodes.has(org)) throw forbidden(ss.errors.outsideScope);
        errors.org = ss.errors.unknownOrg;
      } else codes = [org === PLATFORM_PUBLISHER ? '' : org];
    }
    // the installation's datasets are stored with org_code ''
    if (codes) codes = codes.map((c) => (c === PLATFORM_PUBLISHER ? '' : c));
    const months = monthsEnding(beijingMonth(clock.now()), MONTHS);
    const rows = Object.keys(errors).length ? [] : await downloadRows(db, codes, months[0]!, months[months.length - 1]!);
    const names = new Map<string, string>([['', `${deps.config.publisher}（${ss.platform}）`], ...scope.orgs.map((o) => [o.code, o.name] as [string, string])]);
    const entries = new Map((await catalogue.all()).map((e) => [e.slug, e]));
    const bySlug = new Map<string, StatsView['datasets'][number]>();
    const totals = months.map(() => 0);
    for (const r of rows) {
      const i = months.indexOf(r.month);
      if (i < 0) continue;
      let d = bySlug.get(r.slug);
      if (!d) {
        const e = entries.get(r.slug);
        d = { slug: r.slug, title: e?.title ?? r.slug, publisher: names.get(r.orgCode) ?? r.orgCode, listed: !!e, byMonth: months.map(() => 0), total: 0 };
        bySlug.set(r.slug, d);
      }
      d.byMonth[i] = (d.byMonth[i] ?? 0) + r.n;
      d.total += r.n;
      totals[i] = (totals[i] ?? 0) + r.n;
    }
    const datasets = [...bySlug.values()].sort((a, b) => b.total - a.total || (a.slug < b.slug ? -1 : 1));
    return { months, totals, datasets, orgs: scope.orgs, org, errors, rows, names };
  }

  const guard = { preHandler: requireRoles(...STATS_ROLES) };
  app.get<{ Querystring: { org?: string } }>('/staff/open-data', guard, async (request, reply) => {
    const v = await statistics(request.actor as Actor, request.query.org);
    return sendPage(reply, <StaffStatsPage ctx={pageContext(request)} v={v} />, Object.keys(v.errors).length ? 400 : 200);
  });

  app.get<{ Querystring: { org?: string } }>('/staff/open-data.csv', guard, async (request, reply) => {
    const v = await statistics(request.actor as Actor, request.query.org);
    if (v.errors.org) return reply.status(400).type('text/plain; charset=utf-8').send(v.errors.org);
    const titles = new Map(v.datasets.map((d) => [d.slug, d.title]));
    const lines = v.rows.map((r) => [r.slug, titles.get(r.slug) ?? r.slug, r.orgCode || PLATFORM_PUBLISHER, v.names.get(r.orgCode) ?? r.orgCode, r.file, r.month, r.n]);
    return sendDownload(reply, toCsv([ss.csvHeader, ...lines]), `数据开放下载统计-${v.months[0]}-${v.months[v.months.length - 1]}.csv`, FILE_TYPES.csv);
  });

  const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
  app.get<{ Querystring: { org?: string } }>('/api/v1/staff/open-data/downloads', {
    preHandler: requireRoles(...STATS_ROLES),
    schema: {
      tags: ['数据开放'], summary: '数据开放下载统计：近 12 个月本人管理范围内各数据集、文件每月的下载次数', security: [{ bearer: [] }],
      querystring: Type.Object({ org: Type.Optional(Type.String({ maxLength: 60, description: '发布机构代码（政府机构代码，或 platform 表示全平台），默认本人管理的全部' })) }),
      response: {
        200: Type.Object({
          from: Type.String({ description: 'YYYY-MM' }), to: Type.String({ description: 'YYYY-MM' }),
          items: Type.Array(Type.Object({
            dataset: Type.String({ description: '数据集标识（/data/datasets/{dataset}）' }), title: Type.String(),
            publisher: Type.Object({ code: Type.String(), name: Type.String() }),
            file: Type.String(), month: Type.String(), downloads: Type.Integer(),
          })),
        }),
        400: ErrorBody, 401: ErrorBody, 403: ErrorBody,
      },
    },
  }, async (request, reply) => {
    const v = await statistics(request.actor as Actor, request.query.org);
    if (v.errors.org) return reply.status(400).send({ code: 'invalid_org', message: v.errors.org });
    const titles = new Map(v.datasets.map((d) => [d.slug, d.title]));
    return {
      from: v.months[0]!, to: v.months[v.months.length - 1]!,
      items: v.rows.map((r) => ({ dataset: r.slug, title: titles.get(r.slug) ?? r.slug, publisher: { code: r.orgCode || PLATFORM_PUBLISHER, name: v.names.get(r.orgCode) ?? r.orgCode }, file: r.file, month: r.month, downloads: r.n })),
    };
  });

  app.staffLinks.push({ href: '/staff/open-data', label: ss.title, description: ss.staffLink, roles: [...STATS_ROLES] });
}
