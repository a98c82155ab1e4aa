// Composition root: opens nothing itself — takes the database, clock and config, builds the
// server and registers every module.
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock/clock.ts';
import { createServer, type App } from './platform/web/server.tsx';
import type { Db } from './schema.ts';
import { identityRoutes } from './modules/identity/index.ts';
import { regionRoutes } from './modules/regions/index.ts';
import { calendarRoutes } from './modules/calendar/index.ts';
import { portalRoutes } from './modules/portal/index.ts';
import { catalogRoutes } from './modules/catalogs/index.ts';
import { applicationRoutes } from './modules/applications/index.ts';
import { serviceMapRoutes } from './modules/service-map/index.ts';
import { interactionRoutes } from './modules/interaction/index.ts';
import { disclosurePublicRoutes, disclosureStaffRoutes } from './modules/disclosures/index.ts';
import { reportRoutes } from './modules/reports/index.ts';
import { searchRoutes } from './modules/search/index.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
}

/** The origins map tiles load from (for the CSP img-src): {s} subdomains become a wildcard. */
function tileHosts(url: string): string[] {
  const m = /^(https?:\/\/)([^/]+)/.exec(url);
  return m ? [`${m[1]}${(m[2] as string).replace(/\{s\}/g, '*')}`] : [];
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = await createServer({ logger: deps.logger, site: deps.config.site, trustProxy: deps.config.trustProxy, extraImgSrc: tileHosts(deps.config.mapTileUrl), apiRateLimitPerMinute: deps.config.apiRateLimitPerMinute });
  const { db, clock } = deps;
  await identityRoutes(app, { db, clock, sessionIdleMinutes: deps.config.sessionIdleMinutes });
  await portalRoutes(app, { db });
  await regionRoutes(app, { db });
  const applications = await applicationRoutes(app, { db, clock, countStartDay: deps.config.countStartDay });
  await calendarRoutes(app, { db, clock, countStartDay: deps.config.countStartDay, onChange: applications.onCalendarChange });
  await catalogRoutes(app, { db, clock });
  await serviceMapRoutes(app, { db, clock, tileUrl: deps.config.mapTileUrl, tileAttribution: deps.config.mapTileAttribution });
  await interactionRoutes(app, { db, clock, sessionIdleMinutes: deps.config.sessionIdleMinutes, config: deps.config.interaction });
  await disclosureStaffRoutes(app, { db, clock, indexFormat: deps.config.disclosureIndexFormat, countStartDay: deps.config.countStartDay });
  await reportRoutes(app, { db, clock, indexFormat: deps.config.disclosureIndexFormat, countStartDay: deps.config.countStartDay });
  await disclosurePublicRoutes(app, { db, clock });
  await searchRoutes(app, { db, clock });
  await app.ready();
  return app;
}
