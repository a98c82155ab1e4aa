// Shell: the CKAN Action API over the dataset catalogue (issue 23 §4): /api/3/action/{name} and
// /api/action/{name}, GET with query parameters or POST with a JSON body.
import type { App } from '../../platform/web/server.tsx';
import type { OpenDataDeps } from './deps.ts';

export async function ckanRoutes(app: App, deps: OpenDataDeps): Promise<void> {
  void app; void deps;
}
