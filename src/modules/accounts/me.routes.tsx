// The personal space (issue 21 §2): /me and the owner's submissions, claims of earlier ones.
// STUB — the me-records part replaces it.
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';

export async function meRoutes(_app: App, _deps: AccountsDeps): Promise<void> {}
