// One hand-off limit per address, shared by every path a hand-off can be asked on (the page, the
// kiosk page, the API): a flood from one address cannot be multiplied by using several routes.
// With the database store (PostgreSQL) it is also shared by every process.
import { addressKey } from '../../platform/web/client-address.ts';
import type { App } from '../../platform/web/server.tsx';

type Guard = ReturnType<App['rateLimit']>;
const guards = new WeakMap<object, Guard>();

/** The shared limiter of `app` (made on first use): `perHour` requests per address and hour. */
export function handoffFloodGuard(app: App, perHour: number): Guard {
  let guard = guards.get(app);
  if (!guard) {
    guard = app.rateLimit({ max: perHour, timeWindow: '1 hour', allowList: () => false, keyGenerator: (request) => `assistant-handoff:${addressKey(request.ip)}` });
    guards.set(app, guard);
  }
  return guard;
}
