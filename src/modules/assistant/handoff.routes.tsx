// 转人工: the staff queue and answer window, the hand-off API, the settings (issue 20 §4) — owned by
// the `handoff` part. STUB until it lands.
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { App } from '../../platform/web/server.tsx';
import type { AssistantDeps } from './deps.ts';

export async function handoffRoutes(app: App, deps: AssistantDeps): Promise<void> {
  void app; void deps;
}

/** Background jobs: untaken hand-offs past their wait become enquiries or messages. */
export function handoffJobs(deps: AssistantDeps): JobDefinition[] {
  void deps;
  return [];
}
