// The answer in a few sentences built from the records' data, every fact linked to its source
// (issue 20 §1) — owned by the `compose` part. answerFrom picks what to say from the retrieval,
// loads the facts (facts.ts: one or two queries, the venue index in memory) and lets compose.ts
// (PURE) word them. See docs/model/assistant-answers.md.
import type { AssistantDeps } from './deps.ts';
import type { AnswerDraft, Candidate, QuestionAnalysis, Retrieval, Whereabouts } from './types.ts';
import type { Aspect } from './vocabulary.ts';
import { composeClarify, composeItem, composeLifeEvent, composeNone, composePolicy, composeVenue, type RelatedFact } from './compose.ts';
import { candidateItems, catalogItemFacts, disclosureFacts, lifeEventFacts, loadItem, venueFacts, venueForItem } from './facts.ts';

/** Aspects whose answer names a venue; with no aspect the venue is named when the item cannot be done online. */
const VENUE_ASPECTS: readonly Aspect[] = ['where', 'hours', 'phone'];

const related = (candidates: readonly Candidate[], skip: string): RelatedFact[] =>
  candidates.filter((c) => c.publicId !== skip).map((c) => ({ type: c.type, publicId: c.publicId, title: c.title, url: c.url }));

export async function answerFrom(deps: Pick<AssistantDeps, 'db' | 'clock' | 'finder'>, a: QuestionAnalysis, r: Retrieval, where: Whereabouts): Promise<AnswerDraft> {
  if (r.kind === 'clarify') return composeClarify(r.question, r.pending, r.candidates);
  if (r.kind === 'none') return composeNone(a.text, a.query);
  if (r.kind === 'life_event') {
    const region = r.regionCode ?? where.regionCode ?? r.candidates[0]?.regionCode ?? null;
    const facts = region ? await lifeEventFacts(deps.db, r.audience, r.stage, region) : null;
    if (facts && facts.items.length) return composeLifeEvent(facts);
    // No stage data for the region (or an empty stage): the chain from the retrieval's candidates.
    const items = await candidateItems(deps.db, r.candidates);
    const phrase = a.lifeSituation?.phrase || facts?.stage?.name || a.query;
    if (items.length) return composeLifeEvent({ stage: facts?.stage ?? null, regionName: facts?.regionName ?? '', items, fromSearch: true, phrase });
    if (facts) return composeLifeEvent(facts);
    return composeNone(a.text, a.query);
  }
  // After a clarification the question's aspects come with the retrieval (this turn said only 个人).
  const asked = r.aspects?.length ? { ...a, aspects: r.aspects } : a;
  for (const c of r.candidates) {
    const draft = await answerCandidate(deps, asked, c, r.candidates, where);
    if (draft) return draft;
  }
  return composeNone(a.text, a.query);
}

/** The answer about one candidate, or null when its record is gone (the next candidate is tried). */
async function answerCandidate(deps: Pick<AssistantDeps, 'db' | 'clock' | 'finder'>, a: QuestionAnalysis, c: Candidate, all: readonly Candidate[], where: Whereabouts): Promise<AnswerDraft | null> {
  const others = related(all, c.publicId);
  switch (c.type) {
    case 'item': {
      const found = await loadItem(deps.db, c.publicId);
      if (!found) return null;
      const f = found.facts;
      const wantsVenue = a.aspects.length ? a.aspects.some((x) => VENUE_ASPECTS.includes(x)) : !(f.onlineUrl || f.mobileUrl);
      const venue = wantsVenue ? await venueForItem(deps, found.item, where) : null;
      return composeItem(f, venue, a.aspects, others);
    }
    case 'venue': {
      const v = await venueFacts(deps, c.publicId);
      return v ? composeVenue(v, others) : null;
    }
    case 'disclosure': {
      const p = await disclosureFacts(deps.db, c.publicId, deps.clock.now());
      return p ? composePolicy(p, others) : null;
    }
    case 'catalog_item': {
      const p = await catalogItemFacts(deps.db, c);
      return p ? composePolicy(p, others) : null;
    }
  }
}
