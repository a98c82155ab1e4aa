// Staff FAQ pages and API, the 答得不好的问题 list (issue 20 §3) — owned by the `faq` part. STUB.
import type { App } from '../../platform/web/server.tsx';
import type { AssistantDeps } from './deps.ts';

export async function faqRoutes(app: App, deps: Pick<AssistantDeps, 'db' | 'clock'>): Promise<void> {
  void app; void deps;
}
