// What the question's words find in the search index, and whether to ask back instead of guessing
// (issue 20 §1–2) — owned by the `understand` part. STUB until it lands.
import type { AssistantDeps } from './deps.ts';
import type { Candidate, ConversationContext, QuestionAnalysis, Retrieval, Whereabouts } from './types.ts';

export async function retrieve(deps: Pick<AssistantDeps, 'db' | 'search'>, a: QuestionAnalysis, ctx: ConversationContext, where: Whereabouts): Promise<Retrieval> {
  if (!a.query) return { kind: 'none' };
  const r = await deps.search.search({ q: a.query, types: ['item'], region: where.regionCode ?? ctx.regionCode ?? '', limit: 5, offset: 0 }, { log: false });
  const candidates: Candidate[] = r.hits.map((h) => ({ type: h.type as Candidate['type'], publicId: h.id, title: h.title, url: h.url, regionCode: h.regionCode, score: h.score }));
  return candidates.length ? { kind: 'items', candidates } : { kind: 'none' };
}
