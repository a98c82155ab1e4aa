// Shell: remote 取号 and the live queue (issue 22 §2) — POST /api/v1/staff/venues/{id}/queue/events
// with a venue token, the person's ticket page, the venue page's block. (Builder B fills this in.)
import type { App } from '../../platform/web/server.tsx';
import type { QueueDeps } from './deps.ts';

export async function queueRoutes(_app: App, _deps: QueueDeps): Promise<void> {}
