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
import { interactionRoutes } from './modules/interaction/index.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = await createServer({ logger: deps.logger, site: deps.config.site, trustProxy: deps.config.trustProxy });
  const { db, clock } = deps;
  await identityRoutes(app, { db, clock, sessionIdleMinutes: deps.config.sessionIdleMinutes });
  await portalRoutes(app, { db });
  await regionRoutes(app, { db });
  await calendarRoutes(app, { db, clock, countStartDay: deps.config.countStartDay });
  await interactionRoutes(app, { db, clock, sessionIdleMinutes: deps.config.sessionIdleMinutes });
  await app.ready();
  return app;
}
