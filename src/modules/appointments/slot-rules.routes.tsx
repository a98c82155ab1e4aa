// Shell: a venue's slot rules and exceptions (issue 22 §1, §8) — the staff page, PUT
// /api/v1/staff/venues/{id}/slots, GET /api/v1/venues/{id}/slots, and the next free slots on the
// item and venue pages. (Builder A2 fills this in.)
import type { App } from '../../platform/web/server.tsx';
import type { AppointmentDeps } from './deps.ts';

export async function slotRoutes(_app: App, _deps: AppointmentDeps): Promise<void> {}
