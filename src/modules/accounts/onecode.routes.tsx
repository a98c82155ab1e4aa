// 一码办 (issue 21 §4): /me/code, the person's confirmation, and the reading endpoints of a window
// desk and a kiosk. STUB — the onecode part replaces it.
import type { App } from '../../platform/web/server.tsx';
import type { AccountsDeps } from './deps.ts';

export async function oneCodeRoutes(_app: App, _deps: AccountsDeps): Promise<void> {}
