// FAQ pairs staff keep per organisation; they win over generated answers (issue 20 §3) — owned by
// the `faq` part. STUB until it lands.
import type { AssistantDeps } from './deps.ts';
import type { AnswerDraft } from './types.ts';

/** The FAQ pair that answers `text` for an organisation subtree (the conversation's government and its parents), as an answer. */
export async function findFaqAnswer(deps: Pick<AssistantDeps, 'db' | 'clock'>, text: string, orgPath: string | null): Promise<AnswerDraft | null> {
  void deps; void text; void orgPath;
  return null;
}
