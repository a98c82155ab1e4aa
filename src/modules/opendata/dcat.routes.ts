// Shell: the DCAT-AP 3 catalogue in JSON-LD (issue 23 §4): /data/catalog.jsonld with Hydra paging.
import type { App } from '../../platform/web/server.tsx';
import type { OpenDataDeps } from './deps.ts';

export async function dcatRoutes(app: App, deps: OpenDataDeps): Promise<void> {
  void app; void deps;
}
