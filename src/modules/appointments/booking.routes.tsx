// Shell: booking, rescheduling and cancelling (issue 22 §1, §8) — POST /api/v1/appointments,
// /cancel, the public booking pages, and /me's appointments. (Builder A1 fills this in.)
import type { App } from '../../platform/web/server.tsx';
import type { AppointmentDeps } from './deps.ts';

export async function bookingRoutes(_app: App, _deps: AppointmentDeps): Promise<void> {}
