// Shell: the public home page, the five section pages, the platform administrator's page of the
// entrances to other portals (/staff/portal/links), the 长者模式 switch and /healthz.
import type { FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { ping } from '../../platform/db/db.ts';
import { field, rowIdOf, safeReturnPath, type FieldErrors } from '../../platform/web/forms.ts';
import { notFound } from '../../platform/web/http-error.ts';
import { ELDER_COOKIE, pageContext, secureCookies, sendPage, type App } from '../../platform/web/server.tsx';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { requirePlatformAdmin, type Actor } from '../identity/index.ts';
import { venueTypeLabel } from '../service-map/index.ts';
import { parseLinkForm, type LinkFormValues } from './link-input.ts';
import { addLink, deleteLink, findLink, listLinks, updateLink } from './portal.repository.ts';
import { PortalService, type HomeData, type HotLists, type OnTimeOptions } from './portal.service.ts';
import { portalStrings } from './portal.strings.ts';
import { HomeBlocks, HomePage } from './views/home.tsx';
import { LinkEditPage, LinksPage } from './views/links.tsx';
import { ApplicationsSection, InteractionSection, OpennessSection, ServicesSection } from './views/sections.tsx';

export interface PortalRouteDeps {
  db: Db;
  clock: Clock;
  /** The search module's hot words and most clicked items. */
  hot: () => Promise<HotLists>;
  onTime: OnTimeOptions;
  /** PORTAL_CACHE_SECONDS. */
  cacheSeconds: number;
}

const ls = portalStrings.links;
const EMPTY_LINK: LinkFormValues = { level: '', name: '', url: '', sort_order: '' };

export async function portalRoutes(app: App, deps: PortalRouteDeps): Promise<PortalService> {
  const { db, clock } = deps;
  const svc = new PortalService({ db, clock, hot: deps.hot, onTime: deps.onTime, cacheMs: deps.cacheSeconds * 1000 });

  // The blocks are rendered once per (cached) data; only the layout per request.
  const renderedBlocks = new WeakMap<HomeData, string>();
  const homeBlocks = (d: HomeData): string => {
    let html = renderedBlocks.get(d);
    if (html === undefined) {
      html = renderToString(<HomeBlocks d={d} />);
      renderedBlocks.set(d, html);
    }
    return html;
  };
  app.get('/', async (request, reply) => sendPage(reply, <HomePage ctx={pageContext(request)} blocksHtml={homeBlocks(await svc.home())} />));
  app.get('/openness', async (request, reply) => sendPage(reply, <OpennessSection ctx={pageContext(request)} d={await svc.openness()} />));
  app.get('/services', async (request, reply) => sendPage(reply, <ServicesSection ctx={pageContext(request)} d={await svc.services()} typeLabel={(t) => venueTypeLabel(t as Parameters<typeof venueTypeLabel>[0])} />));
  app.get('/applications', async (request, reply) => sendPage(reply, <ApplicationsSection ctx={pageContext(request)} f={await svc.applications()} />));
  app.get('/interaction', async (request, reply) => sendPage(reply, <InteractionSection ctx={pageContext(request)} d={await svc.interaction()} />));

  // 数据开放 (/data) is the opendata module's dataset catalogue (issue 23).

  // ---- 政府网站入口 (platform-wide: platform administrators only) ---------------------------
  app.staffLinks.push({ href: '/staff/portal/links', label: ls.title, description: ls.staffLink, roles: ['platform_admin'] });
  const platformOnly = { preHandler: requirePlatformAdmin() };
  const performer = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  const NOTICES: Record<string, string> = { added: ls.added, saved: ls.saved, removed: ls.removed };
  const formValues = (body: unknown): LinkFormValues => ({
    level: field(body, 'level').slice(0, 40), name: field(body, 'name').slice(0, 200), url: field(body, 'url').slice(0, 2000), sort_order: field(body, 'sort_order').slice(0, 20),
  });
  const linksPage = async (request: FastifyRequest, values: LinkFormValues, errors: FieldErrors, notice: string | null) =>
    <LinksPage ctx={pageContext(request)} links={await listLinks(db)} values={values} errors={errors} notice={notice} />;
  const linkId = (raw: string) => {
    const id = rowIdOf(raw);
    if (!id) throw notFound(ls.notFound);
    return id;
  };

  app.get('/staff/portal/links', platformOnly, async (request, reply) => {
    const done = (request.query as Record<string, string | undefined>).done ?? '';
    return sendPage(reply, await linksPage(request, EMPTY_LINK, {}, NOTICES[done] ?? null));
  });

  app.post('/staff/portal/links', platformOnly, async (request, reply) => {
    const values = formValues(request.body);
    const r = parseLinkForm(values);
    if (!r.ok) return sendPage(reply, await linksPage(request, values, r.errors, null), 400);
    await addLink(db, performer(request), clock.now(), r.value);
    svc.forget();
    return reply.redirect('/staff/portal/links?done=added', 303);
  });

  app.get<{ Params: { id: string } }>('/staff/portal/links/:id', platformOnly, async (request, reply) => {
    const l = await findLink(db, linkId(request.params.id));
    if (!l) throw notFound(ls.notFound);
    return sendPage(reply, <LinkEditPage ctx={pageContext(request)} id={l.id} values={{ level: l.level, name: l.name, url: l.url, sort_order: String(l.sortOrder) }} errors={{}} />);
  });

  app.post<{ Params: { id: string } }>('/staff/portal/links/:id', platformOnly, async (request, reply) => {
    const id = linkId(request.params.id);
    if (!(await findLink(db, id))) throw notFound(ls.notFound);
    const values = formValues(request.body);
    const r = parseLinkForm(values);
    if (!r.ok) return sendPage(reply, <LinkEditPage ctx={pageContext(request)} id={id} values={values} errors={r.errors} />, 400);
    if (!(await updateLink(db, performer(request), clock.now(), id, r.value))) throw notFound(ls.notFound);
    svc.forget();
    return reply.redirect('/staff/portal/links?done=saved', 303);
  });

  app.post<{ Params: { id: string } }>('/staff/portal/links/:id/delete', platformOnly, async (request, reply) => {
    if (!(await deleteLink(db, performer(request), clock.now(), linkId(request.params.id)))) throw notFound(ls.notFound);
    svc.forget();
    return reply.redirect('/staff/portal/links?done=removed', 303);
  });

  app.post('/preferences/elder-mode', async (request, reply) => {
    const on = field(request.body, 'elder') === '1';
    reply.setCookie(ELDER_COOKIE, on ? '1' : '0', { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(request), maxAge: 365 * 86400 });
    return reply.redirect(safeReturnPath(field(request.body, 'return_to'), '/'), 303);
  });

  app.get('/healthz', {
    schema: { response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }) } },
  }, async (request, reply) => {
    try {
      await ping(deps.db);
      return { status: 'ok' as const, database: 'ok' as const };
    } catch (e) {
      request.log.error({ err: e }, 'health check: database unreachable');
      return reply.status(503).send({ status: 'unavailable' as const, database: '数据库不可用' });
    }
  });

  return svc;
}
