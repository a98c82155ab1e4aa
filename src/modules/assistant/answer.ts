// The answer in a few sentences built from the records' data, every fact linked to its source
// (issue 20 §1) — owned by the `compose` part. STUB until it lands.
import type { AssistantDeps } from './deps.ts';
import type { AnswerDraft, QuestionAnalysis, Retrieval, Whereabouts } from './types.ts';

export async function answerFrom(deps: Pick<AssistantDeps, 'db' | 'clock' | 'finder'>, a: QuestionAnalysis, r: Retrieval, where: Whereabouts): Promise<AnswerDraft> {
  void deps; void a; void where;
  if (r.kind === 'clarify') return { sentences: [{ text: r.question, source: null }], sources: [], choices: r.pending.options.map((o) => o.text), outcome: 'clarify', pending: r.pending };
  if (r.kind === 'none' || !r.candidates.length) return { sentences: [{ text: '抱歉，没有找到相关的事项。', source: null }], sources: [], choices: [], outcome: 'no_match' };
  const c = r.candidates[0] as NonNullable<(typeof r.candidates)[number]>;
  return { sentences: [{ text: `「${c.title}」的办事指南见来源页面。`, source: 0 }], sources: [{ type: c.type, id: c.publicId, title: c.title, url: c.url }], choices: [], outcome: 'answer', items: [c.publicId] };
}
