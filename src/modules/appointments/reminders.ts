// Shell: the reminder the day before, through the outbox (issue 22 §1). (Builder A1 fills this in.)
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { AppointmentDeps } from './deps.ts';

export function appointmentJobs(_deps: AppointmentDeps): JobDefinition[] { return []; }
