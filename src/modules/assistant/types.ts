// Pure: the contracts between the assistant's parts (issue 20). Each part's owner may add optional
// fields; never rename or remove one another part uses.
import type { Aspect, AssistantChannel, ConversationState, HandoffReason, TurnOutcome, TurnRole } from './vocabulary.ts';

export type Audience = 'personal' | 'enterprise';

/** What a question is about, found without the database (understand.ts, PURE). */
export interface QuestionAnalysis {
  /** The question as typed, normalised (NFKC, control characters removed, spaces collapsed). */
  text: string;
  /** The words to search for: the question without question words, politeness and aspect words. */
  query: string;
  /** What is asked about the item(s): materials, time limit, fee … (may be empty: tell the essentials). */
  aspects: Aspect[];
  /** A life situation (开饭店, 生孩子, 退休) → the life-event stage it means (LIFE_EVENT_STAGES slugs of service-map). */
  lifeSituation: { audience: Audience; stage: string; phrase: string } | null;
  /** 个人 / 单位（企业） when the question says so. */
  audience: Audience | null;
  /** A place named in the question (合肥, 磁县) found in the place names given to the analyser. */
  regionMention: { code: string; name: string } | null;
  /** 转人工 / 人工客服 / 找人 asked in words. */
  wantsHuman: boolean;
  /** 你好 / 谢谢 / 再见 and nothing else. */
  smalltalk: 'greeting' | 'thanks' | 'bye' | null;
}

/** A question the assistant asked back, kept in the conversation so a button's text answers it. */
export interface PendingClarification {
  kind: 'audience' | 'region' | 'item';
  /** The question being clarified (its search words and aspects). */
  query: string;
  aspects: Aspect[];
  /** Each button: its text and what it means (an audience code, a region code or an item public id). */
  options: { text: string; value: string }[];
  /** What the clarified question already said (retrieve.ts keeps it for the follow-up). */
  audience?: Audience | null;
  regionCode?: string | null;
  /** Kinds already asked in this chain (never asked twice). */
  asked?: ('audience' | 'region' | 'item')[];
}

/** What a conversation remembers between turns (30 minutes); never a name, phone or ID number. */
export interface ConversationContext {
  pending: PendingClarification | null;
  /** The items (public ids) the last answer was about, for follow-ups such as 「要多少钱」. */
  lastItems: string[];
  lastQuery: string;
  audience: Audience | null;
  regionCode: string | null;
}

export const EMPTY_CONTEXT: ConversationContext = { pending: null, lastItems: [], lastQuery: '', audience: null, regionCode: null };

/** One search hit the answer may be built from. */
export interface Candidate {
  type: 'item' | 'venue' | 'disclosure' | 'catalog_item';
  publicId: string;
  title: string;
  url: string;
  regionCode: string;
  score: number;
}

/** What the retrieval found (retrieve.ts). */
export type Retrieval =
  /** best first; the answer is built from the first, the next few are offered as related;
   * `aspects`: what the question asked when it differs from this turn's words (the clarified
   * question's aspects after a button such as 个人), used by the answer instead of `analysis.aspects` */
  | { kind: 'items'; candidates: Candidate[]; aspects?: Aspect[] }
  | { kind: 'life_event'; audience: Audience; stage: string; regionCode: string | null; candidates: Candidate[] }
  | { kind: 'clarify'; question: string; pending: PendingClarification; candidates: Candidate[] }
  | { kind: 'none' };

/** A source of an answer: every fact links to one (API `sources`). `type` adds life_event, faq and page to the search types. */
export interface Source {
  type: 'item' | 'venue' | 'disclosure' | 'catalog_item' | 'life_event' | 'faq' | 'page';
  id: string;
  title: string;
  url: string;
}

/** One sentence of an answer and the index in `sources` of the page it comes from (null: no fact, e.g. a greeting). */
export interface Sentence { text: string; source: number | null }

/** An answer before it is stored and sent (answer.ts builds it; faq and the rephraser give the same shape). */
export interface AnswerDraft {
  sentences: Sentence[];
  sources: Source[];
  /** Buttons to offer (a clarifying question's options, or follow-ups such as 要带什么材料). */
  choices: string[];
  outcome: TurnOutcome;
  /** Set when a clarifying question was asked (stored in the context). */
  pending?: PendingClarification | null;
  /** The items the answer is about (public ids), remembered for follow-ups. */
  items?: string[];
  faqPublicId?: string | null;
}

export const answerText = (d: Pick<AnswerDraft, 'sentences'>): string => d.sentences.map((s) => s.text).join('');

/** Where the person is: a region (NBS code) and/or a point (WGS-84). */
export interface Whereabouts { regionCode: string | null; location: { lat: number; lng: number } | null; venuePublicId: string | null }

export interface HandoffStatus { available: boolean; reason: HandoffReason }

/** One turn as the API and the page show it. */
export interface TurnView {
  seq: number;
  role: TurnRole;
  text: string;
  sentences: Sentence[];
  sources: Source[];
  choices: string[];
  outcome: TurnOutcome | null;
  helpful: boolean | null;
  at: string;
}

/** The answer of POST /api/v1/assistant/messages (issue 20 §6), plus the turn and state for the page. */
export interface AssistantReply {
  conversation_id: string;
  answer: string;
  sources: Source[];
  choices: string[];
  handoff: HandoffStatus;
  /** The assistant's turn number (for 有帮助/没有帮助) and the conversation's state. */
  turn: number;
  state: ConversationState;
  outcome: TurnOutcome;
  sentences: Sentence[];
}

/** What the person sends (web form, kiosk, API). */
export interface AskInput {
  conversationId: string | null;
  text: string;
  region: string | null;
  location: { lat: number; lng: number } | null;
  channel: AssistantChannel;
  venuePublicId: string | null;
  /** A signed-in resident's account (issue 21 §3), from the page's session only; stored when the conversation starts. */
  accountId?: number | null;
}
