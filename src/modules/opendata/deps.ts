// What the opendata module's parts are given (composition root: app.ts).
import type { OpenDataConfig, SiteConfig } from '../../config.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import type { DatasetCatalogue } from './catalogue.ts';

export interface OpenDataDeps {
  db: Db;
  clock: Clock;
  config: OpenDataConfig;
  site: SiteConfig;
  catalogue: DatasetCatalogue;
}
