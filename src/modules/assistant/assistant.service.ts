// The ask path (issue 20): a question → its analysis → smalltalk, 转人工, a staff FAQ pair, or the
// retrieval and the answer built from the records (optionally rephrased) → both turns stored with
// the new context in one transaction → the reply. Also the conversation read (what the page polls),
// 有帮助/没有帮助, and the purge job. Owned by the `service` part; see docs/model/assistant.md.
import { inTransaction } from '../../platform/db/db.ts';
import { impliedParent, shortRegionCode } from '../../platform/geo/region-code.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import type { Db } from '../../schema.ts';
import { findGovernmentOfRegion } from '../identity/index.ts';
import { findRegion } from '../regions/index.ts';
import { findVenue, inChina } from '../service-map/index.ts';
import type { AssistantDeps } from './deps.ts';
import { analyseQuestion } from './understand.ts';
import { placeNames, retrieve } from './retrieve.ts';
import { answerFrom } from './answer.ts';
import { findFaqAnswer } from './faq.service.ts';
import { handoffStatus } from './handoff.service.ts';
import { createRephraser, type Rephraser } from './rephrase.ts';
import { appendTurns, createConversation, findConversation, listTurns, purgeOld, setConversationPlace, setHelpful, type Conversation, type NewTurn } from './conversations.repository.ts';
import { assistantStrings as s } from './assistant.strings.ts';
import { answerText, EMPTY_CONTEXT, type AnswerDraft, type AskInput, type AssistantReply, type Audience, type ConversationContext, type HandoffStatus, type PendingClarification, type QuestionAnalysis, type TurnView } from './types.ts';
import { MAX_QUESTION_CHARS, MAX_TURNS } from './vocabulary.ts';

/** Conversations idle this long are deleted with their turns (open hand-offs are kept). */
export const PURGE_AFTER_DAYS = 180;

/**
 * A question as it is analysed and stored: NFKC, control and invisible formatting characters
 * (NUL, bidi overrides, zero-width) removed, whitespace collapsed. HTML stays text: it is escaped
 * wherever it is shown, never interpreted.
 */
export function cleanQuestion(raw: string): string {
  return raw.normalize('NFKC').replace(/[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu, ' ').replace(/\s+/g, ' ').trim();
}

const compact = (t: string) => t.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The option of a question asked back that a reply picks: a button's text (or its value) as sent,
 * or a short reply holding exactly one option's text (「个人的」). The same reading as retrieve.ts.
 */
export function pickedOption(p: PendingClarification | null, text: string): { text: string; value: string } | null {
  if (!p) return null;
  const t = compact(text);
  if (!t) return null;
  const exact = p.options.find((o) => compact(o.text) === t || compact(o.value) === t);
  if (exact) return exact;
  if ([...t].length > 24) return null;
  const inside = p.options.filter((o) => compact(o.text) && t.includes(compact(o.text)));
  return inside.length === 1 ? inside[0] as { text: string; value: string } : null;
}

const validDraft = (d: AnswerDraft | null | undefined, like: AnswerDraft): d is AnswerDraft =>
  Boolean(d && Array.isArray(d.sentences) && d.sentences.length && d.sentences.every((x) => typeof x.text === 'string' && x.text.trim() && (x.source === null || (Number.isInteger(x.source) && x.source >= 0 && x.source < d.sources.length)))
    && d.sources.length === like.sources.length && d.sources.every((src, i) => src.url === like.sources[i]?.url));

export class AssistantService {
  private readonly rephraser: Rephraser | null;

  constructor(private readonly deps: AssistantDeps) {
    this.rephraser = createRephraser(deps.config);
  }

  async ask(input: AskInput): Promise<AssistantReply> {
    const { db, clock } = this.deps;
    const raw = typeof input.text === 'string' ? input.text : '';
    // (a very long text is refused before any work is done on it)
    if (raw.length > MAX_QUESTION_CHARS * 8) throw new HttpError(400, 'question_too_long', s.errors.questionTooLong());
    const text = cleanQuestion(raw);
    if (!text) throw new HttpError(400, 'question_empty', s.errors.questionEmpty);
    if ([...text].length > MAX_QUESTION_CHARS) throw new HttpError(400, 'question_too_long', s.errors.questionTooLong());
    const location = input.location ?? null;
    if (location && !(typeof location.lat === 'number' && typeof location.lng === 'number' && inChina(location.lat, location.lng))) {
      throw new HttpError(400, 'location_invalid', s.errors.locationInvalid);
    }
    const given = input.region === null || input.region === undefined || input.region === '' ? null : await knownRegion(db, input.region);
    if (given === 'unknown') throw new HttpError(400, 'region_unknown', s.errors.regionUnknown);
    const now = clock.now();

    let conv: Conversation | null = null;
    let restarted = false;
    let earlierRegion: string | null = null;
    if (input.conversationId) {
      conv = await findConversation(db, input.conversationId);
      if (!conv) throw new HttpError(404, 'conversation_not_found', s.errors.conversationNotFound);
      // a finished conversation is not continued: a new one starts, and the person is told so
      if (conv.state === 'closed' || conv.state === 'converted') { earlierRegion = conv.regionCode; conv = null; restarted = true; }
    }
    if (conv && conv.turnCount + 2 > MAX_TURNS) throw new HttpError(409, 'conversation_too_long', s.errors.conversationTooLong);
    // A person waiting for, or talking with, a staff member is talking to them, not to the assistant.
    if (conv && (conv.state === 'waiting' || conv.state === 'staff')) return this.toStaff(conv, text, now);

    // After 30 minutes of silence the context (pending question, last items, audience) is forgotten.
    const expired = conv ? now.getTime() >= Date.parse(conv.expiresAt) : false;
    const ctx: ConversationContext = conv && !expired ? conv.context : EMPTY_CONTEXT;
    // ID and phone numbers are masked before anything reads the question: the answer may quote it
    // (no match: 「没有找到和“…”相关」, the search link) and the context keeps its query, both stored.
    const masked = maskPersonalData(text);
    const a = analyseQuestion(masked, await placeNames(db));
    const chosen = pickedOption(ctx.pending, text);

    // The region: given, else the kiosk's venue's, else named in the question (or picked from the
    // question asked back), else the one the conversation already has.
    const venuePublicId = conv?.venuePublicId ?? input.venuePublicId ?? null;
    const venueRegion = given ? null : venuePublicId ? (await findVenue(db, venuePublicId))?.regionCode ?? null : null;
    const named = given || venueRegion ? null : await firstKnown(db, [a.regionMention?.code, ctx.pending?.kind === 'region' ? chosen?.value : undefined]);
    const regionCode = given ?? (venueRegion ? shortRegionCode(venueRegion.padEnd(12, '0')) : null) ?? named ?? ctx.regionCode ?? conv?.regionCode ?? earlierRegion;
    const gov = regionCode && regionCode !== conv?.regionCode ? await governmentOf(db, regionCode) : null;
    const orgCode = gov ? gov.code : conv?.orgCode ?? null;
    const orgPath = gov ? gov.path : conv?.orgPath ?? null;

    if (!conv) {
      conv = await createConversation(db, now, { channel: input.channel, regionCode, venuePublicId, orgCode, orgPath, accountId: input.accountId ?? null });
    }
    const placeChanged = regionCode !== null && regionCode !== conv.regionCode;
    const where = { regionCode, location, venuePublicId };
    const audience: Audience | null = a.audience ?? (ctx.pending?.kind === 'audience' && (chosen?.value === 'personal' || chosen?.value === 'enterprise') ? chosen.value : null) ?? ctx.audience;

    const { draft, context } = await this.compose(a, masked, ctx, { ...conv, regionCode, orgCode, orgPath }, where, audience);
    if (restarted) draft.sentences = [{ text: s.restarted, source: null }, ...draft.sentences];
    const answer = answerText(draft);
    const turns: NewTurn[] = [
      { role: 'user', text },
      { role: 'assistant', text: answer, sentences: draft.sentences, sources: draft.sources, choices: draft.choices, outcome: draft.outcome, faqPublicId: draft.faqPublicId ?? null },
    ];
    const target = conv;
    const stored = await inTransaction(db, async (trx) => {
      const r = await appendTurns(trx, { id: target.id, turnCount: target.turnCount, regionCode: regionCode ?? target.regionCode, orgPath }, now, turns, { ...context, regionCode });
      if (r.ok && placeChanged) await setConversationPlace(trx, target.id, { regionCode, orgCode, orgPath });
      return r;
    });
    if (!stored.ok) throw new HttpError(409, 'concurrent_change', s.errors.concurrentChange, [s.errors.concurrentReason]);
    const handoff = await handoffStatus(this.deps, { orgCode, orgPath, state: conv.state, venuePublicId });
    return {
      conversation_id: conv.publicId, answer, sources: draft.sources, choices: draft.choices, handoff,
      turn: stored.firstSeq + 1, state: conv.state, outcome: draft.outcome, sentences: draft.sentences,
    };
  }

  /** The answer and the context it leaves: smalltalk, 转人工, a FAQ pair, or the answer built from the records. */
  private async compose(a: QuestionAnalysis, text: string, ctx: ConversationContext, conv: Conversation, where: { regionCode: string | null; location: { lat: number; lng: number } | null; venuePublicId: string | null }, audience: Audience | null): Promise<{ draft: AnswerDraft; context: ConversationContext }> {
    const keep = { ...ctx, audience };
    if (a.smalltalk) {
      return { draft: { sentences: [{ text: s.smalltalk[a.smalltalk], source: null }], sources: [], choices: [], outcome: 'smalltalk' }, context: keep };
    }
    if (a.wantsHuman) {
      const status = await handoffStatus(this.deps, conv);
      const say = status.available ? s.human.open : status.reason === 'in_progress' ? s.human.inProgress : status.reason === 'converted' ? s.human.converted : s.human.notNow(status.reason);
      return { draft: { sentences: [{ text: say, source: null }], sources: [], choices: [s.human.choice], outcome: 'handoff' }, context: keep };
    }
    // only a place (磁县) or only 个人/单位, with nothing asked before: noted (the region is the
    // conversation's already), and the person is asked what they want to do — not 「没有找到和“磁县”相关」
    const onlyWho = a.audience !== null && !a.query.replace(/个人|单位|企业|公司|法人|自然人|居民|\s/gu, '');
    if ((onlyWho || (!a.query && a.regionMention)) && !a.lifeSituation && !a.aspects.length && !ctx.lastQuery && !ctx.pending) {
      const say = s.noted(a.regionMention?.name ?? null, a.audience);
      return { draft: { sentences: [{ text: say, source: null }], sources: [], choices: [], outcome: 'smalltalk' }, context: keep };
    }
    const faq = await findFaqAnswer(this.deps, text, conv.orgPath);
    if (faq) return { draft: { ...faq, outcome: 'faq' }, context: { ...keep, pending: null, lastQuery: a.query || ctx.lastQuery } };
    const r = await retrieve(this.deps, { ...a, audience }, ctx, where);
    let draft = await answerFrom(this.deps, { ...a, audience }, r, where);
    if (this.rephraser && (draft.outcome === 'answer' || draft.outcome === 'life_event')) {
      // the optional rephraser may only reword: any failure or a changed source keeps the built-in draft
      try {
        const better = await this.rephraser.rephrase(text, draft);
        if (validDraft(better, draft)) draft = { ...draft, sentences: better.sentences };
      } catch { /* keep the built-in answer */ }
    }
    const context: ConversationContext = {
      ...keep,
      pending: draft.pending ?? null,
      lastItems: draft.items ?? ctx.lastItems,
      lastQuery: a.query || ctx.lastQuery,
    };
    return { draft, context };
  }

  /** While a staff member is asked for or answering, the person's words go to them (stored, not answered by the assistant). */
  private async toStaff(conv: Conversation, text: string, now: Date): Promise<AssistantReply> {
    const stored = await inTransaction(this.deps.db, (trx) => appendTurns(trx, conv, now, [{ role: 'user', text }]));
    if (!stored.ok) throw new HttpError(409, 'concurrent_change', s.errors.concurrentChange, [s.errors.concurrentReason]);
    return {
      conversation_id: conv.publicId, answer: s.toStaff, sources: [], choices: [], handoff: await handoffStatus(this.deps, conv),
      turn: stored.firstSeq, state: conv.state, outcome: 'handoff', sentences: [{ text: s.toStaff, source: null }],
    };
  }

  /** A conversation for its holder: the turns after `afterSeq` and whether a human can be asked for. 404 conversation_not_found. */
  async conversation(conversationId: string, afterSeq = 0): Promise<{ conversation: Conversation; turns: TurnView[]; handoff: HandoffStatus }> {
    const conv = await findConversation(this.deps.db, conversationId);
    if (!conv) throw new HttpError(404, 'conversation_not_found', s.errors.conversationNotFound);
    return { conversation: conv, turns: await listTurns(this.deps.db, conv.id, afterSeq), handoff: await handoffStatus(this.deps, conv) };
  }

  /**
   * 有帮助 / 没有帮助 on one assistant turn of the conversation, said once: 404 turn_not_found for a
   * turn that is not the assistant's, 409 feedback_given for a different second answer; the same
   * answer again changes nothing.
   */
  async feedback(conversationId: string, turn: number, helpful: boolean): Promise<void> {
    const conv = await findConversation(this.deps.db, conversationId);
    if (!conv) throw new HttpError(404, 'conversation_not_found', s.errors.conversationNotFound);
    if (!Number.isSafeInteger(turn) || turn < 1) throw new HttpError(404, 'turn_not_found', s.errors.turnNotFound);
    const r = await setHelpful(this.deps.db, conv.id, turn, helpful);
    if (r === 'not_found') throw new HttpError(404, 'turn_not_found', s.errors.turnNotFound);
    if (r === 'different') throw new HttpError(409, 'feedback_given', s.errors.feedbackGiven, [s.errors.feedbackGivenReason(!helpful)]);
  }
}

/** A region code as given (2–12 digits) that is in the region table → its short form; 'unknown' otherwise. */
async function knownRegion(db: Db, code: string): Promise<string | 'unknown'> {
  const t = String(code).trim();
  if (!/^\d{2,12}$/.test(t)) return 'unknown';
  const r = await findRegion(db, t.padEnd(12, '0'));
  return r ? shortRegionCode(r.code) : 'unknown';
}

/** The first of the codes that is a known region (short form), or null. */
async function firstKnown(db: Db, codes: (string | null | undefined)[]): Promise<string | null> {
  for (const c of codes) {
    if (!c) continue;
    const k = await knownRegion(db, c);
    if (k !== 'unknown') return k;
  }
  return null;
}

/** The government of a region, or of the nearest region above it that has one. */
async function governmentOf(db: Db, shortCode: string): Promise<{ code: string; path: string } | null> {
  let code: string | null = shortCode.padEnd(12, '0');
  while (code) {
    const gov = await findGovernmentOfRegion(db, code);
    if (gov) return { code: gov.code, path: gov.path };
    code = impliedParent(code);
  }
  return null;
}

/** Background jobs: conversations idle for 180 days are deleted with their turns, except hand-offs still open. */
export function assistantJobs(deps: Pick<AssistantDeps, 'db' | 'clock'>): JobDefinition[] {
  return [{
    name: 'assistant.purge-conversations', everyMs: 86_400_000, firstRunAfterMs: 3_600_000,
    run: async () => {
      const n = await purgeOld(deps.db, new Date(deps.clock.now().getTime() - PURGE_AFTER_DAYS * 86_400_000));
      return n ? { purged: n } : undefined;
    },
  }];
}
