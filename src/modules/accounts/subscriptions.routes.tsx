// Subscriptions to disclosure categories or organisations (issue 21 §2): e-mail through the outbox
// or a personal feed URL. STUB — the saved part replaces it.
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';

export async function subscriptionRoutes(_app: App, _deps: AccountsDeps): Promise<void> {}

export function subscriptionJobs(_deps: AccountsDeps): JobDefinition[] {
  return [];
}
