// The assistant's API (issue 20 §6): POST /api/v1/assistant/messages and the conversation reads —
// owned by the `service` part. STUB until it lands.
import type { App } from '../../platform/web/server.tsx';
import type { AssistantService } from './assistant.service.ts';
import type { AssistantDeps } from './deps.ts';

export async function assistantApiRoutes(app: App, deps: AssistantDeps & { assistant: AssistantService }): Promise<void> {
  void app; void deps;
}
