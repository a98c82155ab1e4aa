// Shell: the waiting-time prediction (issue 22 §3) — the venue page's chart and table, and its
// API. (Builder C fills this in.)
import type { App } from '../../platform/web/server.tsx';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { QueueDeps } from './deps.ts';

export async function forecastRoutes(_app: App, _deps: QueueDeps): Promise<void> {}

export function forecastJobs(_deps: QueueDeps): JobDefinition[] { return []; }
