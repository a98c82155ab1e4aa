// Pure: what a question is about (issue 20 §1) — owned by the `understand` part. STUB until it lands.
import type { QuestionAnalysis } from './types.ts';

/**
 * Analyses a question without the database. `places` maps place names as people write them
 * (合肥, 合肥市, 磁县) to region codes; the analyser reports the one named in the question.
 */
export function analyseQuestion(text: string, places: ReadonlyMap<string, string> = new Map()): QuestionAnalysis {
  void places;
  const t = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return { text: t, query: t, aspects: [], lifeSituation: null, audience: null, regionMention: null, wantsHuman: false, smalltalk: null };
}
