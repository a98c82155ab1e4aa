// Shell: registers the 问题清单 / 整改台账 pages and API, and describes the daily escalation job.
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { App } from '../../platform/web/server.tsx';
import { problemRoutes } from './problems.routes.tsx';
import { escalateOverdue, type ProblemDeps } from './problems.service.ts';

/** Marks overdue problems escalated (event `escalated`): daily, once across all processes. */
export const ESCALATE_JOB = 'supervision.escalate-overdue';

export async function supervisionProblemRoutes(app: App, deps: ProblemDeps): Promise<void> {
  await problemRoutes(app, deps);
}

export function problemJobs(deps: ProblemDeps): JobDefinition[] {
  return [{
    name: ESCALATE_JOB, everyMs: 86_400_000, firstRunAfterMs: 60_000,
    run: async () => { const n = await escalateOverdue(deps); return n ? { escalated: n } : undefined; },
  }];
}
