// Registers residents' and enterprises' accounts (issue 21): the gk_me session hook first, then
// each part's routes, and the purge job.
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';
import { meRoutes } from './me.routes.tsx';
import { oidcRoutes } from './oidc.routes.tsx';
import { oneCodeJobs, oneCodeRoutes } from './onecode.routes.tsx';
import { privacyRoutes } from './privacy.routes.tsx';
import { savedRoutes } from './saved.routes.tsx';
import { purgeExpired, registerResidentAuthentication } from './sessions.ts';
import { signInRoutes } from './signin.routes.tsx';
import { subscriptionJobs, subscriptionRoutes } from './subscriptions.routes.tsx';

export async function accountRoutes(app: App, deps: AccountsDeps): Promise<void> {
  registerResidentAuthentication(app, deps);
  await signInRoutes(app, deps);
  await oidcRoutes(app, deps);
  await meRoutes(app, deps);
  await savedRoutes(app, deps);
  await subscriptionRoutes(app, deps);
  await oneCodeRoutes(app, deps);
  await privacyRoutes(app, deps);
}

export function accountJobs(deps: AccountsDeps): JobDefinition[] {
  return [
    { name: 'accounts.purge-expired', everyMs: 15 * 60_000, run: async () => { const n = await purgeExpired(deps.db, deps.clock.now()); return n ? { purged: n } : undefined; } },
    ...subscriptionJobs(deps),
    ...oneCodeJobs(deps),
  ];
}
