// Shell: the public disclosure platform (home, lists, record pages, tombstones, feeds, sitemap,
// 指南, 目录, statistics) and the openness office's staff pages (supervision lists, guide form).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { PageContext } from '../../platform/web/page-context.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { FILE_TYPES, isAnonymous, pageContext, releaseShared, renderShared, sendDownload, sendPage, sendShared, type App, type SharedPage } from '../../platform/web/server.tsx';
import { platformView, type Db } from '../../schema.ts';
import { hasRoleOver, identityService, requireRoles, scopePaths, type Actor, type Role } from '../identity/index.ts';
import * as q from './disclosures.queries.ts';
import { findDomain } from './domains.ts';
import { GENRES, type Genre } from './disclosures.table.ts';
import { atom, excerpt, rss, type Feed } from './feeds.ts';
import { planSitemap, sitemapIndex, urlset, type SitemapUrl } from './sitemap.ts';
import { periodsOf, rollUp, statisticsRows, type Granularity } from './statistics.ts';
import { dueSoonUntil, isWatchList, itemCsvRows, recordCsvRows, WATCH_LISTS, type WatchList } from './supervision.ts';
import { genreLabel, pub, stateLabel, sup } from './disclosures-public.strings.ts';
import { DisclosureHomePage } from './views/public/home.tsx';
import { RecordListPage } from './views/public/list.tsx';
import { DomainRecordsPage } from './views/public/domain.tsx';
import { RecordPage, TombstonePage, type Backlink } from './views/public/record.tsx';
import { ResponsesPage } from './views/public/responses.tsx';
import { listResponses, publicDetail, publicDetailSync } from './genre-detail.queries.ts';
import { CONCERN_SOURCES } from './genre-detail.ts';
import { detailStrings } from './genre-detail.strings.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { DirectoryPage, GuidePage } from './views/public/guide.tsx';
import { StatisticsPage } from './views/public/statistics.tsx';
import { GuideFormPage, TimelinessPage, type ListData } from './views/supervision/timeliness.tsx';
import { baseUrl, disclosurePublicApi } from './disclosures.public-api.ts';
import { PublicDataCache } from './public-cache.ts';

export interface PublicDeps {
  db: Db;
  clock: Clock;
  /** Other modules' pages that refer to a record (e.g. the consultation whose final policy it is). */
  recordBacklinks?: (indexNo: string) => Promise<Backlink[]>;
  /** Bytes of rendered record pages kept for anonymous readers (PUBLIC_PAGE_CACHE_MB; 0 = none; default 16 MiB). */
  pageCacheBytes?: number;
}

/** What a record page shows (kept per process while it cannot have changed). */
type RecordData = { found: q.RecordLookup; extras: q.RecordExtras | null; detail: Awaited<ReturnType<typeof publicDetail>> | undefined; backlinks: Backlink[] };

/** The record pages kept for anonymous readers, per app (the bench prints their hit rate). */
export const recordPageCaches = new WeakMap<object, PublicDataCache<SharedPage>>();

/** Roles of the openness office (公开办): they supervise and maintain the 指南 of their subtree. */
export const SUPERVISOR_ROLES: Role[] = ['supervisor', 'admin'];

export const PAGE_SIZE = 20;
export const MAX_PAGE = 500;

/** `?page=` as 1..MAX_PAGE (absent = 1); anything else is a 400. */
export function pageParam(v: unknown): number {
  if (v === undefined || v === '') return 1;
  if (typeof v !== 'string' || !/^[1-9][0-9]{0,2}$/.test(v) || Number(v) > MAX_PAGE) throw badRequest('invalid_page', pub.errors.badPage);
  return Number(v);
}


const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function disclosurePublicRoutes(app: App, deps: PublicDeps): Promise<void> {
  const { db, clock } = deps;
  const nowIso = () => clock.now().toISOString();
  // Lists' pages and records' data, kept while no write and no scheduled time can have changed them (public-cache.ts).
  const lists = new PublicDataCache<Awaited<ReturnType<typeof q.listVisible>>>(db, 1000);
  const records = new PublicDataCache<RecordData>(db, 1000);
  // Rendered record pages for anonymous readers, by path and 长者模式, in the same epochs (a page is
  // kept only while its data is): ~5–10 KB each.
  const pageBytes = deps.pageCacheBytes ?? 16 * 1024 * 1024;
  const recordPages = pageBytes > 0 ? new PublicDataCache<SharedPage>(db, { maxEntries: 100_000, maxWeight: pageBytes, weigh: (p) => p.bytes, onDrop: releaseShared }) : null;
  if (recordPages) recordPageCaches.set(app, recordPages);

  async function orgOr404(code: string) {
    const org = await q.findOrg(db, code);
    if (!org) throw new HttpError(404, 'org_not_found', pub.errors.unknownOrg);
    return org;
  }
  async function categoryOr404(code: string) {
    const c = (await q.listCategories(db)).find((x) => x.code === code);
    if (!c) throw new HttpError(404, 'category_not_found', pub.errors.unknownCategory);
    return c;
  }
  async function domainOr404(raw: string): Promise<{ id: number; name: string }> {
    const d = await findDomain(db, raw);
    if (!d) throw new HttpError(404, 'domain_not_found', pub.errors.unknownDomain);
    return d;
  }
  function genreOr404(g: string): Genre {
    if (!(GENRES as readonly string[]).includes(g)) throw new HttpError(404, 'genre_not_found', pub.errors.unknownGenre);
    return g as Genre;
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, f: q.ListFilter, title: string, path: string, opts: { intro?: string; feedBase?: string; extra?: { href: string; label: string }[]; subscribe?: { kind: 'category' | 'organisation'; ref: string } } = {}) {
    const page = pageParam(queryOf(request).page);
    const now = nowIso();
    const { items, more } = await lists.get(`${JSON.stringify(f)}\u0000${page}`, now, () => q.listVisible(db, now, f, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
    const { subscribe, ...rest } = opts;
    // 订阅 (issue 21): the accounts module's button for a signed-in resident, or the link to sign in
    const actions = subscribe ? await request.server.residentActions?.subscribeButton(request, subscribe.kind, subscribe.ref) ?? null : null;
    return sendPage(reply, <RecordListPage ctx={pageContext(request)} title={title} items={items} page={page} more={more} capped={page >= MAX_PAGE} href={(n) => `${path}?page=${n}`} actions={actions} {...rest} />);
  }

  // ---------- Home and lists ----------
  app.get('/openness/disclosures', async (request, reply) => {
    const now = nowIso();
    const [latest, orgs, categories, annual] = await Promise.all([
      q.listVisible(db, now, {}, { limit: 10, offset: 0 }),
      q.orgsWithRecords(db, now),
      q.listCategories(db),
      q.listVisible(db, now, { genre: 'annual_report' }, { limit: 5, offset: 0 }),
    ]);
    const minDepth = Math.min(...orgs.map((o) => o.path.split('/').length));
    return sendPage(reply, <DisclosureHomePage ctx={pageContext(request)} data={{
      latest: latest.items, annualReports: annual.items, categories,
      orgs: orgs.map((o) => ({ code: o.code, name: o.name, depth: o.path.split('/').length - minDepth })),
    }} />);
  });

  app.get('/openness/disclosures/all', async (request, reply) =>
    listPage(request, reply, {}, pub.listTitles.all, '/openness/disclosures/all', { feedBase: '/openness/disclosures/feeds/all' }));

  app.get('/openness/disclosures/org/:code', async (request, reply) => {
    const org = await orgOr404((request.params as { code: string }).code);
    return listPage(request, reply, { orgPath: org.path }, pub.listTitles.org(org.name), `/openness/disclosures/org/${org.code}`, {
      feedBase: `/openness/disclosures/feeds/org/${org.code}`, subscribe: { kind: 'organisation', ref: org.code },
      extra: [{ href: `/openness/orgs/${org.code}/guide`, label: pub.sections.guide.title }, { href: `/openness/orgs/${org.code}/directory`, label: '政府信息公开目录' }],
    });
  });

  app.get('/openness/disclosures/category/:code', async (request, reply) => {
    const c = await categoryOr404((request.params as { code: string }).code);
    return listPage(request, reply, { category: c.code }, pub.listTitles.category(c.name), `/openness/disclosures/category/${c.code}`, { feedBase: `/openness/disclosures/feeds/category/${c.code}`, subscribe: { kind: 'category', ref: c.code } });
  });

  app.get('/openness/disclosures/genre/:genre', async (request, reply) => {
    const g = genreOr404((request.params as { genre: string }).genre);
    return listPage(request, reply, { genre: g }, pub.listTitles.genre(genreLabel(g)), `/openness/disclosures/genre/${g}`);
  });

  app.get('/openness/disclosures/catalog-item/:id', async (request, reply) => {
    const item = await q.catalogItemById(db, (request.params as { id: string }).id);
    if (!item) throw new HttpError(404, 'catalog_item_not_found', pub.errors.unknownItem);
    return listPage(request, reply, { catalogItem: item }, pub.listTitles.item(item.name), `/openness/disclosures/catalog-item/${item.id}`, {
      extra: [{ href: `/openness/catalogs/${item.catalogId}/items/${encodeURIComponent(item.itemKey)}`, label: pub.catalogLink }],
    });
  });

  // 照单公开 by pilot domain across a district's organisations (issue 16, 海珠): ?unit= narrows to one 单位's subtree.
  app.get('/openness/disclosures/org/:code/domain/:domain', async (request, reply) => {
    const p = request.params as { code: string; domain: string };
    const org = await orgOr404(p.code);
    const domain = await domainOr404(p.domain);
    const rawUnit = str(queryOf(request).unit) ?? '';
    let unit = org;
    if (rawUnit) {
      const u = await q.findOrg(db, rawUnit);
      if (!u || !u.path.startsWith(org.path)) throw badRequest('invalid_unit', pub.errors.badUnit(org.name));
      unit = u;
    }
    const page = pageParam(queryOf(request).page);
    const [{ items, more }, units] = await Promise.all([
      q.listVisible(db, nowIso(), { orgPath: unit.path, domainId: domain.id }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      q.orgAndChildren(db, org.code),
    ]);
    if (rawUnit && !units.some((u) => u.code === unit.code)) units.push({ code: unit.code, name: unit.name, path: unit.path });
    const names = await q.orgNames(db, items.map((r) => r.orgCode));
    const path = `/openness/disclosures/org/${org.code}/domain/${domain.id}`;
    return sendPage(reply, <DomainRecordsPage ctx={pageContext(request)} org={org} domain={domain} units={units} unit={rawUnit ? unit.code : ''} items={items} names={names}
      page={page} more={more} capped={page >= MAX_PAGE} href={(n) => `${path}?${new URLSearchParams({ ...(rawUnit ? { unit: unit.code } : {}), page: String(n) }).toString()}`} />);
  });

  // 回应关切: each response with the concern it answers (source as its code or Chinese label).
  app.get('/openness/disclosures/responses', async (request, reply) => {
    const qs = queryOf(request);
    const page = pageParam(qs.page);
    const raw = str(qs.source) ?? '';
    const source = raw ? parseEnum(CONCERN_SOURCES, raw) : '';
    if (source === null) throw badRequest('invalid_source', detailStrings.errors.badSource);
    const { items, more } = await listResponses(db, nowIso(), { ...(source ? { source } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return sendPage(reply, <ResponsesPage ctx={pageContext(request)} items={items} page={page} more={more} source={source} />);
  });

  // ---------- Feeds ----------
  async function feed(request: FastifyRequest, reply: FastifyReply, format: string, f: q.ListFilter, title: string, htmlPath: string, feedPath: string) {
    if (format !== 'rss.xml' && format !== 'atom.xml') throw notFound();
    const base = baseUrl(request);
    const { items } = await q.listVisible(db, nowIso(), f, { limit: 50, offset: 0 });
    const doc: Feed = {
      title, link: `${base}${htmlPath}`, self: `${base}${feedPath}/${format}`, description: `${title}（${pub.homeTitle}）`,
      updatedAt: items[0]?.publishedAt ?? nowIso(),
      items: items.map((r) => ({ title: r.title, link: `${base}${q.recordHref(r.indexNo)}`, summary: excerpt(r.summary, ''), publishedAt: r.publishedAt, updatedAt: r.updatedAt, category: genreLabel(r.genre), author: r.publisher })),
    };
    return format === 'rss.xml'
      ? reply.type('application/rss+xml; charset=utf-8').send(rss(doc))
      : reply.type('application/atom+xml; charset=utf-8').send(atom(doc));
  }
  app.get('/openness/disclosures/feeds/all/:format', async (request, reply) =>
    feed(request, reply, (request.params as { format: string }).format, {}, pub.listTitles.all, '/openness/disclosures/all', '/openness/disclosures/feeds/all'));
  app.get('/openness/disclosures/feeds/org/:code/:format', async (request, reply) => {
    const p = request.params as { code: string; format: string };
    const org = await orgOr404(p.code);
    return feed(request, reply, p.format, { orgPath: org.path }, pub.listTitles.org(org.name), `/openness/disclosures/org/${org.code}`, `/openness/disclosures/feeds/org/${org.code}`);
  });
  app.get('/openness/disclosures/feeds/category/:code/:format', async (request, reply) => {
    const p = request.params as { code: string; format: string };
    const c = await categoryOr404(p.code);
    return feed(request, reply, p.format, { category: c.code }, pub.listTitles.category(c.name), `/openness/disclosures/category/${c.code}`, `/openness/disclosures/feeds/category/${c.code}`);
  });

  // ---------- Statistics ----------
  async function statistics(request: FastifyRequest) {
    const qs = queryOf(request);
    const now = nowIso();
    const roots = (await db.selectFrom('organisation').select(['code', 'name', 'path']).where('kind', '=', 'government').where('disabled', '=', 0).orderBy('path').execute());
    const orgCode = str(qs.org) || roots[0]?.code || '';
    const root = await orgOr404(orgCode);
    const by = str(qs.by) || 'year';
    if (by !== 'year' && by !== 'quarter' && by !== 'month') throw badRequest('invalid_granularity', pub.errors.badGranularity);
    const g = by as Granularity;
    const thisYear = Number(clock.today().slice(0, 4));
    const yRaw = str(qs.year);
    if (yRaw !== undefined && yRaw !== '' && (!/^\d{4}$/.test(yRaw) || Number(yRaw) < 2000 || Number(yRaw) > 2100)) throw badRequest('invalid_year', pub.errors.badYear);
    const year = yRaw ? Number(yRaw) : thisYear;
    const present = await q.publishedYears(db, now);
    const years = [...new Set([thisYear, year, ...present])].sort((a, b) => b - a);
    const periods = periodsOf(g, year, years);
    const [from, to] = g === 'year' ? [`${years[years.length - 1]}-01-01`, `${years[0]}-12-31`] : [`${year}-01-01`, `${year}-12-31`];
    const [orgs, counts] = await Promise.all([q.orgSubtree(db, root.path), q.publishedCounts(db, now, root.path, from, to, 'month')]);
    const codeOf = new Map(orgs.map((o) => [o.path, o.code]));
    const rows = rollUp(orgs, counts.flatMap((c) => (codeOf.has(c.orgPath) ? [{ orgCode: codeOf.get(c.orgPath)!, bucket: c.bucket, n: c.n }] : [])), g, periods).filter((r) => r.depth <= 1 || r.totalSum > 0);
    const query = new URLSearchParams({ org: root.code, by: g, year: String(year) }).toString();
    return { root, roots, g, year, years, periods, rows, query };
  }
  app.get('/openness/disclosures/statistics', async (request, reply) => {
    const s = await statistics(request);
    return sendPage(reply, <StatisticsPage ctx={pageContext(request)} {...s} />);
  });
  app.get('/openness/disclosures/statistics.csv', async (request, reply) => {
    const s = await statistics(request);
    return sendDownload(reply, toCsv(statisticsRows(s.rows, s.periods)), `${s.root.name}主动公开统计-${s.g === 'year' ? '按年' : `${s.year}`}.csv`, FILE_TYPES.csv);
  });

  // ---------- 指南 and 目录 (Art. 12) ----------
  app.get('/openness/orgs/:code/guide', async (request, reply) => {
    const org = await orgOr404((request.params as { code: string }).code);
    const [guide, categories] = await Promise.all([q.findGuide(db, org.code), q.listCategories(db)]);
    const canEdit = !!request.actor && hasRoleOver(request.actor, SUPERVISOR_ROLES, org.path);
    return sendPage(reply, <GuidePage ctx={pageContext(request)} org={org} guide={guide} categories={categories} canEdit={canEdit} />);
  });
  app.get('/openness/orgs/:code/directory', async (request, reply) => {
    const org = await orgOr404((request.params as { code: string }).code);
    const page = pageParam(queryOf(request).page);
    const { items, more } = await q.listVisible(db, nowIso(), { orgPath: org.path }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return sendPage(reply, <DirectoryPage ctx={pageContext(request)} org={org} items={items} page={page} more={more} capped={page >= MAX_PAGE} />);
  });
  app.get('/openness/orgs/:code/directory.csv', async (request, reply) => {
    const org = await orgOr404((request.params as { code: string }).code);
    const rows = await q.directoryRows(db, nowIso(), org.path);
    const csv = toCsv([['索引号', '名称', '内容概述', '生成日期', '发布机构', '文号', '发布日期'], ...rows.map((r) => [r.indexNo, r.title, r.summary, r.formedOn, r.publisher, r.documentNo ?? '', r.publishedOn])]);
    return sendDownload(reply, csv, `${org.name}政府信息公开目录.csv`, FILE_TYPES.csv);
  });

  // ---------- Sitemap ----------
  async function fixedUrls(base: string): Promise<SitemapUrl[]> {
    const [orgs, categories] = await Promise.all([q.orgsWithRecords(db, nowIso()), q.listCategories(db)]);
    return [
      '/', '/openness', '/services', '/data', '/applications', '/interaction', '/openness/catalogs', '/openness/disclosures', '/openness/disclosures/all', '/openness/disclosures/statistics',
      '/openness/disclosures/responses', '/participation', '/boards',
      ...orgs.flatMap((o) => [`/openness/disclosures/org/${o.code}`, `/openness/orgs/${o.code}/guide`, `/openness/orgs/${o.code}/directory`]),
      ...categories.map((c) => `/openness/disclosures/category/${c.code}`),
      ...GENRES.map((g) => `/openness/disclosures/genre/${g}`),
    ].map((p) => ({ loc: `${base}${p}` }));
  }
  async function sitemapPage(base: string, fixed: SitemapUrl[], slice: { fixed: [number, number]; records: { offset: number; limit: number } }) {
    const records = slice.records.limit > 0 ? await q.visibleIndexSlice(db, nowIso(), slice.records.offset, slice.records.limit) : [];
    return urlset([...fixed.slice(slice.fixed[0], slice.fixed[1]), ...records.map((r) => ({ loc: `${base}${q.recordHref(r.indexNo)}`, lastmod: r.updatedAt.slice(0, 10) }))]);
  }
  app.get('/sitemap.xml', async (request, reply) => {
    const base = baseUrl(request);
    const fixed = await fixedUrls(base);
    const plan = planSitemap(fixed.length, await q.countAllVisible(db, nowIso()));
    reply.type('application/xml; charset=utf-8');
    if (plan.pages === 1) return reply.send(await sitemapPage(base, fixed, plan.slice(1)!));
    return reply.send(sitemapIndex(Array.from({ length: plan.pages }, (_, i) => `${base}/sitemaps/${i + 1}.xml`)));
  });
  app.get('/sitemaps/:file', async (request, reply) => {
    const m = /^([1-9][0-9]{0,4})\.xml$/.exec((request.params as { file: string }).file);
    if (!m) throw notFound();
    const base = baseUrl(request);
    const fixed = await fixedUrls(base);
    const slice = planSitemap(fixed.length, await q.countAllVisible(db, nowIso())).slice(Number(m[1]));
    if (!slice) throw notFound();
    return reply.type('application/xml; charset=utf-8').send(await sitemapPage(base, fixed, slice));
  });

  /** The record's own data (all but other modules' backlinks), read synchronously where SQLite allows — in the cache's read transaction —, else null. */
  const readRecordSync = (indexNo: string, now: string): Omit<RecordData, 'backlinks'> | null => {
    const found = q.findRecordSync(db, now, indexNo);
    if (!found) return null;
    if (found.kind !== 'visible') return { found, extras: null, detail: undefined };
    const extras = q.recordExtrasSync(db, now, found.record.id);
    const detail = publicDetailSync(db, now, found.record.id, found.record.genre);
    return extras && detail ? { found, extras, detail } : null;
  };
  const loadRecord = async (indexNo: string, now: string, first?: Omit<RecordData, 'backlinks'>): Promise<RecordData> => {
    const own = first ?? await (async () => {
      const found = await q.findRecord(db, now, indexNo, { text: false });
      if (found.kind !== 'visible') return { found, extras: null, detail: undefined };
      const [extras, detail] = await Promise.all([q.recordExtras(db, now, found.record.id), publicDetail(db, now, found.record.id, found.record.genre)]);
      return { found, extras, detail };
    })();
    const backlinks = own.found.kind === 'visible' && deps.recordBacklinks ? await deps.recordBacklinks(own.found.record.indexNo) : [];
    return { found: own.found, extras: own.extras, detail: own.detail, backlinks }; // (no object spread on this path: see lookupOf)
  };
  /** The record's data for signed-in readers (their page is rendered per request). */
  const recordData = (indexNo: string, now: string) => records.get(indexNo, now, (first) => loadRecord(indexNo, now, first), () => readRecordSync(indexNo, now));
  /** The record's page (or tombstone) for this request's reader; a missing record is a 404. */
  const recordPage = (data: RecordData): { status: number; page: (ctx: PageContext) => VNode } => {
    const { found } = data;
    if (found.kind === 'missing') throw new HttpError(404, 'disclosure_not_found', pub.notFound);
    if (found.kind === 'withdrawn') return { status: 410, page: (ctx) => <TombstonePage ctx={ctx} indexNo={found.indexNo} title={found.title} withdrawnAt={found.withdrawnAt} reason={found.reason} /> };
    return { status: 200, page: (ctx) => <RecordPage ctx={ctx} r={found.record} x={data.extras!} detail={data.detail} backlinks={data.backlinks} /> };
  };

  // ---------- One record (registered after the fixed paths; those win in the router anyway) ----------
  app.get('/openness/disclosures/:indexNo', async (request, reply) => {
    const indexNo = (request.params as { indexNo: string }).indexNo;
    if (indexNo.length > 100) throw new HttpError(404, 'disclosure_not_found', pub.notFound);
    const now = nowIso();
    if (recordPages && isAnonymous(request)) {
      // Anonymous readers: the page rendered once per path and 长者模式 in this epoch, sent as kept (it has
      // no form, so no CSRF token and no cookie: platform/web/server.tsx renderShared).
      const key = `${request.elder ? 'e' : '-'}${request.url.split('?')[0] ?? ''}`;
      const shared = await recordPages.get(key, now, async (first) => {
        // (read directly: the page cache already stands for the data cache here, in the same epoch)
        const { status, page } = recordPage(await loadRecord(indexNo, now, first));
        return renderShared(request, page, status);
      }, () => readRecordSync(indexNo, now));
      return sendShared(request, reply, shared);
    }
    const { status, page } = recordPage(await recordData(indexNo, now));
    return sendPage(reply, page(pageContext(request)), status);
  });

  // ---------- Openness office: supervision lists ----------
  async function watchLists(actor: Actor, only: WatchList | null): Promise<{ lists: ListData[]; today: string; provisional: boolean }> {
    // The 政务公开办 supervises its whole government: its grant covers the government's subtree.
    const paths = await identityService.officeScopes(db, actor, SUPERVISOR_ROLES);
    const now = nowIso();
    const today = clock.today();
    const wanted = only ? [only] : [...WATCH_LISTS];
    // Only the "due soon" list needs the working-day calendar.
    const { until, provisional } = wanted.includes('due_soon') ? dueSoonUntil(await loadCalendar(platformView(db)), today) : { until: today, provisional: false };
    const lists = await Promise.all(wanted.map(async (list): Promise<ListData> => {
      if (list === 'blank_items') return { list, records: [], items: await q.blankItems(db, paths, now) };
      const records = list === 'overdue' ? await q.overdueRecords(db, paths, now, today)
        : list === 'due_soon' ? await q.dueSoonRecords(db, paths, now, today, until)
          : await q.pastValidityRecords(db, paths, now, today);
      return { list, records, items: [] };
    }));
    return { lists, today, provisional };
  }

  app.get('/staff/disclosures/timeliness', { preHandler: requireRoles(...SUPERVISOR_ROLES) }, async (request, reply) => {
    const raw = str(queryOf(request).list);
    const only = raw === undefined || raw === '' ? null : isWatchList(raw) ? raw : null;
    if (raw && !only) throw notFound();
    const actor = request.actor as Actor;
    const { lists, today, provisional } = await watchLists(actor, only);
    const grantPaths = scopePaths(actor, SUPERVISOR_ROLES);
    const guideOrgs = only || !grantPaths.length ? [] : await db.selectFrom('organisation').select(['code', 'name']).where('path', 'in', grantPaths).orderBy('path').execute();
    // Other modules' lists for the same office (e.g. annual reports still due), registered on the app.
    const reminders = only ? [] : await Promise.all(app.supervisionReminders.map(async (r) => ({ title: r.title, href: r.href, items: await r.items(request, today) })));
    return sendPage(reply, <TimelinessPage ctx={pageContext(request)} lists={lists} today={today} provisional={provisional} only={only} guideOrgs={guideOrgs} reminders={reminders} />);
  });

  app.get('/staff/disclosures/timeliness/:file', { preHandler: requireRoles(...SUPERVISOR_ROLES) }, async (request, reply) => {
    const m = /^([a-z_]+)\.csv$/.exec((request.params as { file: string }).file);
    const list = m?.[1];
    if (!isWatchList(list)) throw notFound();
    const { lists, today } = await watchLists(request.actor as Actor, list);
    const d = lists[0]!;
    const rows = list === 'blank_items' ? itemCsvRows(d.items) : recordCsvRows(list, d.records, stateLabel, today);
    return sendDownload(reply, toCsv(rows), `${sup.lists[list].title}-${today}.csv`, FILE_TYPES.csv);
  });

  // ---------- Openness office: the 公开指南 form ----------
  async function guideOrg(request: FastifyRequest) {
    const org = await orgOr404((request.params as { code: string }).code);
    if (!hasRoleOver(request.actor as Actor, SUPERVISOR_ROLES, org.path)) throw forbidden();
    return org;
  }
  const LIMITS: Record<(typeof q.GUIDE_FIELDS)[number], number> = { office_name: 100, address: 200, postcode: 6, hours: 200, phone: 100, fax: 100, online_contact: 300, notes: 4000 };

  app.get('/staff/disclosure-guides/:code', { preHandler: requireRoles(...SUPERVISOR_ROLES) }, async (request, reply) => {
    const org = await guideOrg(request);
    const g = await q.findGuide(db, org.code);
    const values: Record<string, string> = g ? { office_name: g.officeName, address: g.address, postcode: g.postcode, hours: g.hours, phone: g.phone, fax: g.fax, online_contact: g.onlineContact, notes: g.notes } : {};
    return sendPage(reply, <GuideFormPage ctx={pageContext(request)} org={org} values={values} errors={{}} saved={str(queryOf(request).saved) === '1'} />);
  });

  app.post('/staff/disclosure-guides/:code', { preHandler: requireRoles(...SUPERVISOR_ROLES) }, async (request, reply) => {
    const org = await guideOrg(request);
    const values = Object.fromEntries(q.GUIDE_FIELDS.map((n) => [n, field(request.body, n).trim()])) as q.GuideInput;
    const errors: FieldErrors = {};
    for (const n of q.GUIDE_FIELDS) {
      const label = pub.guide.fields[n];
      if (values[n].length > LIMITS[n]) errors[n] = sup.guideForm.tooLong(label, LIMITS[n]);
    }
    for (const n of ['office_name', 'address', 'hours', 'phone'] as const) if (!values[n]) errors[n] = sup.guideForm.required(pub.guide.fields[n]);
    if (values.postcode && !/^\d{6}$/.test(values.postcode)) errors.postcode = '邮政编码应为 6 位数字';
    if (Object.keys(errors).length) return sendPage(reply, <GuideFormPage ctx={pageContext(request)} org={org} values={values} errors={errors} saved={false} />, 400);
    const actor = request.actor as Actor;
    await q.saveGuide(db, org.code, values, { actorId: actor.userId, actorLabel: `${actor.displayName}（${actor.username}）`, requestId: request.id }, clock.now());
    return reply.redirect(`/staff/disclosure-guides/${org.code}?saved=1`, 303);
  });

  app.staffLinks.push({ href: '/staff/disclosures/timeliness', label: sup.title, description: sup.staffLink, roles: SUPERVISOR_ROLES });

  await disclosurePublicApi(app, deps);
}
