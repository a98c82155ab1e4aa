// Pure: the answer's sentences built from plain facts (issue 20 §1). Every sentence that states a
// fact carries the index of the source it comes from (Sentence.source); a missing fact is said to
// be missing («办事指南未写明…»), never guessed. facts.ts loads the facts; answer.ts chooses.
import { answerStrings as s } from './answer.strings.ts';
import type { AnswerDraft, PendingClarification, Sentence, Source } from './types.ts';
import type { Aspect } from './vocabulary.ts';

export interface MaterialFact { name: string; type: string; required: boolean }
export interface FeeFact { name: string; standard: string; waivable: boolean; waiverBasis: string }
/** A time limit as stored: n = 0 is 即办; unit is a TIME_UNITS code or null. */
export interface LimitFact { n: number | null; unit: string | null }

/** What an item's guide says (service-map Item, flattened). */
export interface ItemFacts {
  publicId: string;
  name: string;
  url: string;
  typeLabel: string;
  department: string;
  conditions: string[];
  materials: MaterialFact[];
  steps: string[];
  fees: FeeFact[];
  /** False when the item has no guide at all: an empty fee list then says nothing. */
  feesKnown: boolean;
  promised: LimitFact;
  legal: LimitFact;
  /** Links only where the item's channels include 网上办 / 掌上办. */
  onlineUrl: string | null;
  mobileUrl: string | null;
  onlineDepth: string;
  visits: number | null;
  visitsReason: string;
  guideWhere: string;
  guideWhen: string;
  consultation: string;
  result: { type: string; name: string } | null;
}

/** How the venue was chosen: nearest to the person (open now or not), the region's centre, the kiosk's own venue, or asked for by name. */
export type VenueChoice = 'nearest_open' | 'nearest' | 'centre' | 'here' | 'venue';

/** A venue and its hours today (the working-day calendar applied). */
export interface VenueFacts {
  publicId: string;
  name: string;
  url: string;
  address: string;
  phone: string;
  /** Today's periods as text ("08:30-12:00,14:30-17:30"); "" when closed all day. */
  todayHours: string;
  alwaysOpen: boolean;
  /** Closed today for a statutory holiday (its name when known). */
  holidayClosed: boolean;
  holidayName: string | null;
  openNow: boolean;
  /** The next opening, local time text ("12-07 08:30"), when closed now. */
  nextOpen: string | null;
  distanceM: number | null;
  how: VenueChoice;
}

export interface RelatedFact { type: Source['type']; publicId: string; title: string; url: string }

export interface LifeEventFacts {
  /** The stage's name and page, when the region (or an ancestor) has the stage; null otherwise. */
  stage: { name: string; url: string; title: string } | null;
  regionName: string;
  /** The chain in order: the stage's items, or (no stage data) the retrieval's candidates. */
  items: { publicId: string; name: string; department: string; url: string }[];
  fromSearch: boolean;
  phrase: string;
}

export type PolicyFacts =
  | {
    kind: 'disclosure'; indexNo: string; title: string; url: string; publisher: string; publishedOn: string; documentNo: string | null; summary: string;
    /** Interpretations of this record (解读), and the record this one interprets when it is itself one. */
    interpretations: { indexNo: string; title: string; url: string }[];
    interprets: { indexNo: string; title: string; url: string } | null;
  }
  | { kind: 'catalog_item'; publicId: string; title: string; url: string; body: string; content: string; deadline: string; basis: string };

/** Collects sentences and their sources; a source met twice (same url) keeps one index. */
class Draft {
  readonly sentences: Sentence[] = [];
  readonly sources: Source[] = [];
  source(src: Source): number {
    const i = this.sources.findIndex((x) => x.url === src.url);
    if (i >= 0) return i;
    this.sources.push(src);
    return this.sources.length - 1;
  }
  say(text: string, src: Source | null): void {
    this.sentences.push({ text, source: src ? this.source(src) : null });
  }
}

const MATERIALS_LISTED = 3;
const FEES_LISTED = 3;
const RELATED_MAX = 2;
const SUMMARY_MAX = 80;

export function limitText(l: LimitFact): string | null {
  if (l.n === null) return null;
  if (l.n === 0 || l.unit === 'immediate') return s.immediate;
  return s.limit(l.n, (l.unit && s.units[l.unit]) || s.defaultUnit);
}

function materialsSentence(i: ItemFacts, list: boolean): string {
  const m = i.materials;
  if (!m.length) return s.materialsNone;
  if (!list) return s.materialsCount(m.length);
  // Required ones first, each in the guide's order.
  const ordered = [...m.filter((x) => x.required), ...m.filter((x) => !x.required)];
  const listed = ordered.slice(0, MATERIALS_LISTED).map((x) => s.materialOne(x.name, x.type, !x.required));
  return s.materialsList(m.length, listed, m.length - listed.length);
}

function timeLimitSentence(i: ItemFacts): string {
  const p = limitText(i.promised);
  const l = limitText(i.legal);
  if (p && l) return p === l ? s.limitPromised(p) : s.limitBoth(p, l);
  if (p) return s.limitPromised(p);
  if (l) return s.limitLegal(l);
  return s.limitUnknown;
}

function feeSentence(i: ItemFacts): string {
  if (i.fees.length) {
    return s.feeList(i.fees.slice(0, FEES_LISTED).map((f) => s.feeOne(f.name, f.standard, f.waivable ? f.waiverBasis : null)));
  }
  return i.feesKnown ? s.feeFree : s.feeUnknown;
}

function onlineSentence(i: ItemFacts): { text: string; online: boolean } {
  const depth = i.onlineDepth ? s.onlineDepth(i.onlineDepth) : '';
  if (i.onlineUrl && i.mobileUrl) return { text: s.onlineBoth(i.onlineUrl, i.mobileUrl) + depth + s.end, online: true };
  if (i.onlineUrl) return { text: s.onlineYes(i.onlineUrl) + depth + s.end, online: true };
  if (i.mobileUrl) return { text: s.mobileYes(i.mobileUrl) + depth + s.end, online: true };
  return { text: s.onlineNo + (i.visits === null ? '' : s.visits(i.visits, i.visitsReason)) + s.end, online: false };
}

function venueSentence(v: VenueFacts): string {
  const head = v.how === 'nearest_open' ? s.venueNearestOpen(v.name) : v.how === 'nearest' ? s.venueNearest(v.name)
    : v.how === 'centre' ? s.venueCentre(v.name) : v.how === 'here' ? s.venueHere(v.name) : s.venueOnly(v.name);
  const distance = v.distanceM !== null && (v.how === 'nearest' || v.how === 'nearest_open') ? s.distance(v.distanceM) : null;
  let text = head + (v.address ? s.venueAddress(v.address, distance) : '');
  if (v.alwaysOpen) text += s.todayAlways;
  else if (v.holidayClosed) text += s.holidayClosed(v.holidayName);
  else if (v.todayHours) text += s.today(v.todayHours.replaceAll(',', '、'));
  else text += s.todayClosed;
  if (!v.alwaysOpen) text += v.openNow ? s.openNow : s.closedNow(v.nextOpen);
  if (v.phone) text += s.phone(v.phone);
  return text + s.venueEnd;
}

const itemSource = (i: { publicId: string; name: string; url: string }): Source => ({ type: 'item', id: i.publicId, title: i.name, url: i.url });
const venueSource = (v: VenueFacts): Source => ({ type: 'venue', id: v.publicId, title: v.name, url: v.url });

/** The aspects a follow-up button can ask, in the order offered. */
const FOLLOW_UP_ASPECTS = ['materials', 'time_limit', 'where', 'online'] as const;

function addRelated(d: Draft, related: readonly RelatedFact[]): string[] {
  const shown = related.slice(0, RELATED_MAX);
  if (!shown.length) return [];
  d.say(s.relatedLead, null);
  shown.forEach((r, k) => d.say(s.relatedOne(r.title, k === shown.length - 1), { type: r.type, id: r.publicId, title: r.title, url: r.url }));
  return shown.map((r) => r.title);
}

/**
 * An item's answer: what was asked (aspects), or with no aspect the essentials — what it is, how
 * many materials, the time limit, and online (with the link) or the venue. `venue` is the venue
 * chosen for the person (null: none known). `related`: other candidates, up to two mentioned.
 */
export function composeItem(i: ItemFacts, venue: VenueFacts | null, aspects: readonly Aspect[], related: readonly RelatedFact[] = []): AnswerDraft {
  const d = new Draft();
  const src = itemSource(i);
  const answered = new Set<string>();
  const sayVenue = (withGuide: boolean) => {
    if (venue) d.say(venueSentence(venue), venueSource(venue));
    if (withGuide || !venue) {
      if (i.guideWhere || i.guideWhen) d.say(s.guideWhere(i.guideWhere, i.guideWhen), src);
      else if (!venue) d.say(s.guideWhereUnknown, src);
    }
    answered.add('where');
  };
  if (!aspects.length) {
    d.say(s.itemIntro(i.name, i.department, i.typeLabel), src);
    d.say(materialsSentence(i, false), src);
    d.say(timeLimitSentence(i), src);
    answered.add('time_limit');
    const online = onlineSentence(i);
    if (online.online) { d.say(online.text, src); answered.add('online'); } else sayVenue(false);
  } else {
    const seen = new Set<string>();
    for (const a of aspects) {
      const key = a === 'hours' ? 'where' : a;
      if (seen.has(key)) continue;
      seen.add(key);
      if (d.sentences.length === 0) d.say(s.itemIntro(i.name, i.department, i.typeLabel), src);
      switch (a) {
        case 'materials': d.say(materialsSentence(i, true), src); answered.add('materials'); break;
        case 'time_limit': d.say(timeLimitSentence(i), src); answered.add('time_limit'); break;
        case 'fee': d.say(feeSentence(i), src); break;
        case 'where': case 'hours': sayVenue(a === 'where'); break;
        case 'online': d.say(onlineSentence(i).text, src); answered.add('online'); break;
        case 'conditions': d.say(i.conditions.length ? s.conditions(i.conditions) : s.conditionsUnknown, src); break;
        case 'process': d.say(i.steps.length ? s.process(i.steps) : s.processUnknown, src); break;
        case 'phone':
          d.say(i.consultation ? s.consultation(i.consultation) : s.consultationUnknown, src);
          if (venue?.phone) d.say(venueSentence(venue), venueSource(venue));
          break;
        case 'result': d.say(i.result ? s.result(i.result.type, i.result.name) : s.resultUnknown, src); break;
      }
    }
  }
  const relatedChoices = addRelated(d, related);
  const followUps = FOLLOW_UP_ASPECTS.filter((a) => !answered.has(a)).map((a) => s.followUps[a] as string);
  return { sentences: d.sentences, sources: d.sources, choices: [...followUps, ...relatedChoices], outcome: 'answer', items: [i.publicId] };
}

/** A life situation: the stage's items in order, each linked, and the stage's page. */
export function composeLifeEvent(f: LifeEventFacts): AnswerDraft {
  const d = new Draft();
  const stageSrc: Source | null = f.stage ? { type: 'life_event', id: f.stage.url.replace(/^.*[?]/, ''), title: f.stage.title, url: f.stage.url } : null;
  const name = f.stage?.name ?? f.phrase;
  if (!f.items.length) {
    d.say(s.lifeEventEmpty(name), stageSrc);
    if (stageSrc) d.say(s.lifeEventPage(name), stageSrc);
    return { sentences: d.sentences, sources: d.sources, choices: [], outcome: 'life_event', items: [] };
  }
  if (f.fromSearch || !f.stage) d.say(s.lifeEventFromSearch(f.phrase || name, f.items.length), null);
  else d.say(s.lifeEventLead(name, f.regionName, f.items.length), stageSrc);
  f.items.forEach((it, k) => d.say(s.lifeEventStep(k + 1, it.name, it.department, k === f.items.length - 1), itemSource(it)));
  if (stageSrc) d.say(s.lifeEventPage(name), stageSrc);
  return { sentences: d.sentences, sources: d.sources, choices: f.items.slice(0, 3).map((i) => i.name), outcome: 'life_event', items: f.items.map((i) => i.publicId) };
}

/** A venue asked about by name: address, today's hours and whether open now, phone. */
export function composeVenue(v: VenueFacts, related: readonly RelatedFact[] = []): AnswerDraft {
  const d = new Draft();
  d.say(venueSentence({ ...v, how: 'venue' }), venueSource(v));
  const choices = addRelated(d, related);
  return { sentences: d.sentences, sources: d.sources, choices, outcome: 'answer', items: [] };
}

const clip = (t: string, n: number) => {
  const chars = [...t.replace(/\s+/g, ' ').trim().replace(/[。；;,，\s]+$/, '')];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
};

/** A policy (主动公开 record) or a catalogue item: who issued it and when, its 解读, the link. */
export function composePolicy(p: PolicyFacts, related: readonly RelatedFact[] = []): AnswerDraft {
  const d = new Draft();
  if (p.kind === 'disclosure') {
    const src: Source = { type: 'disclosure', id: p.indexNo, title: p.title, url: p.url };
    d.say(s.policyIssued(p.title, p.publisher, p.publishedOn, p.documentNo), src);
    if (p.summary.trim()) d.say(s.policySummary(clip(p.summary, SUMMARY_MAX)), src);
    if (p.interprets) d.say(s.interprets(p.interprets.title), { type: 'disclosure', id: p.interprets.indexNo, title: p.interprets.title, url: p.interprets.url });
    for (const x of p.interpretations.slice(0, 2)) d.say(s.interpretation(x.title), { type: 'disclosure', id: x.indexNo, title: x.title, url: x.url });
  } else {
    const src: Source = { type: 'catalog_item', id: p.publicId, title: p.title, url: p.url };
    d.say(s.catalogItem(p.title, p.body), src);
    if (p.content.trim()) d.say(s.catalogContent(clip(p.content, SUMMARY_MAX)), src);
    if (p.deadline.trim()) d.say(s.catalogDeadline(clip(p.deadline, 60)), src);
    if (p.basis.trim()) d.say(s.catalogBasis(clip(p.basis, 80)), src);
  }
  const choices = addRelated(d, related);
  return { sentences: d.sentences, sources: d.sources, choices, outcome: 'answer', items: [] };
}

/** A question back, with its buttons; the pending clarification is kept by the caller. */
export function composeClarify(question: string, pending: PendingClarification, candidates: readonly { type: Source['type']; publicId: string; title: string; url: string }[] = []): AnswerDraft {
  // The items the question is about so far are named, each linked: asking 「哪个县」 about 「营业执照」
  // says so; asking 「哪一项」 lists the close items (their titles are the buttons too).
  const shown = candidates.slice(0, pending.kind === 'item' ? CLARIFY_ITEMS_MAX : 1);
  const sources: Source[] = shown.map((c) => ({ type: c.type, id: c.publicId, title: c.title, url: c.url }));
  const sentences: Sentence[] = [];
  // a question that already names the item (「「营业执照」各地都可以办理，请问……」) links it itself
  const named = sources.length === 1 && question.includes(sources[0]!.title);
  if (sources.length === 1 && !named) sentences.push({ text: s.clarifyAbout(sources[0]!.title), source: 0 });
  else if (sources.length > 1) sources.forEach((x, i) => sentences.push({ text: s.clarifyCandidate(i + 1, x.title, i === sources.length - 1), source: i }));
  sentences.push({ text: question, source: named ? 0 : null });
  return { sentences, sources, choices: pending.options.map((o) => o.text), outcome: 'clarify', pending, items: shown.filter((c) => c.type === 'item').map((c) => c.publicId) };
}

/** At most this many close items are named when the assistant asks which one is meant. */
const CLARIFY_ITEMS_MAX = 4;

/** Nothing found: said plainly, with tips, a link to the search page and 转人工. */
export function composeNone(text: string, query: string): AnswerDraft {
  const d = new Draft();
  const q = (query || text).trim();
  const shown = clip(text, 30);
  d.say(s.none(shown), null);
  d.say(s.noneTips, null);
  if (q) d.say(s.noneSearch(clip(q, 30)), { type: 'page', id: 'search', title: s.searchTitle(clip(q, 30)), url: `/search?q=${encodeURIComponent(q)}` });
  d.say(s.noneHuman, null);
  return { sentences: d.sentences, sources: d.sources, choices: [s.handoffChoice], outcome: 'no_match', items: [] };
}
