// Saved items and venues (issue 21 §2). STUB — the saved part replaces it.
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';

export async function savedRoutes(_app: App, _deps: AccountsDeps): Promise<void> {}
