// Optional: an OpenAI-compatible chat endpoint rephrases the built-in answer from its facts only,
// same sources (issue 20 §5) — owned by the `bench` part. Off unless ASSISTANT_LLM_BASE_URL is set. STUB.
import type { AssistantConfig } from '../../config.ts';
import type { AnswerDraft } from './types.ts';

export interface Rephraser { rephrase(question: string, draft: AnswerDraft): Promise<AnswerDraft> }

/** null when no endpoint is configured (the default). */
export function createRephraser(config: AssistantConfig): Rephraser | null {
  if (!config.llmBaseUrl) return null;
  return { rephrase: async (_q, draft) => draft };
}
