// Shell: the public catalogue pages and files (issue 23 §1–§3, §6).
//   GET /data                               datasets, filtered by publisher, theme and format
//   GET /data/datasets/{slug}               a dataset's page (files, facts, downloads per month)
//   GET /data/datasets/{slug}/{file}        a file, streamed (ETag, gzip when asked)
//   GET /staff/open-data                    download statistics of the caller's governments
import type { App } from '../../platform/web/server.tsx';
import type { OpenDataDeps } from './deps.ts';

export async function dataPageRoutes(app: App, deps: OpenDataDeps): Promise<void> {
  void app; void deps;
}
