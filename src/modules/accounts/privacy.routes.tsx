// PIPL (issue 21 §5): consent before first use (/me/consent), download everything (/me/export),
// close the account. STUB — the privacy part replaces it.
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';

export async function privacyRoutes(_app: App, _deps: AccountsDeps): Promise<void> {}
