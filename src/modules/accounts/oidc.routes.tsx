// Sign-in through the province's identity service by OpenID Connect (issue 21 §1): /me/sign-in/oidc
// and /me/sign-in/oidc/callback. STUB — the oidc part replaces it.
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';

export async function oidcRoutes(_app: App, _deps: AccountsDeps): Promise<void> {}
