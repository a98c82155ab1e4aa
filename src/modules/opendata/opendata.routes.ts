// Shell: 数据开放 (issue 23) — builds the catalogue over every module's datasets and registers the
// pages and files, the CKAN Action API and the DCAT-AP catalogue.
import type { OpenDataConfig, SiteConfig } from '../../config.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { App } from '../../platform/web/server.tsx';
import type { Db } from '../../schema.ts';
import { DatasetCatalogue } from './catalogue.ts';
import { ckanRoutes } from './ckan.routes.ts';
import { dcatRoutes } from './dcat.routes.ts';
import { dataPageRoutes } from './pages.routes.tsx';
import { DATASET_SOURCES } from './sources.ts';

export async function openDataRoutes(app: App, deps: { db: Db; clock: Clock; config: OpenDataConfig; site: SiteConfig; catalogueTtlMs?: number }): Promise<DatasetCatalogue> {
  const catalogue = new DatasetCatalogue({ db: deps.db, clock: deps.clock, sources: DATASET_SOURCES, config: deps.config, onStaleError: (err) => app.log.error({ err }, 'open-data catalogue rebuild failed; the previous list is served'), ...(deps.catalogueTtlMs !== undefined ? { ttlMs: deps.catalogueTtlMs } : {}) });
  const full = { db: deps.db, clock: deps.clock, config: deps.config, site: deps.site, catalogue };
  await dataPageRoutes(app, full);
  await ckanRoutes(app, full);
  await dcatRoutes(app, full);
  return catalogue;
}
