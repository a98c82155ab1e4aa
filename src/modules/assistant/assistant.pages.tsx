// The assistant's pages (issue 20 §1, §7): /assistant (a form that works without JavaScript), the
// kiosk's /kiosk/{venue}/assistant, the hand-off and tracking forms — owned by the `web` part. STUB.
import type { App } from '../../platform/web/server.tsx';
import type { AssistantService } from './assistant.service.ts';
import type { AssistantDeps } from './deps.ts';

export async function assistantPageRoutes(app: App, deps: AssistantDeps & { assistant: AssistantService }): Promise<void> {
  void app; void deps;
}
