// Sign-in of residents (issue 21 §1, §6): /me/sign-in, POST /me/sign-in/code, POST /me/sign-in/verify,
// POST /me/sign-out. STUB — the signin part replaces it.
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';

export async function signInRoutes(_app: App, _deps: AccountsDeps): Promise<void> {}
