// The ask path (issue 20): a question → FAQ, analysis, retrieval, answer (optionally rephrased) →
// stored turns → the reply. Owned by the `service` part; this first version already works end to
// end so the pages, the hand-off and the FAQ can be built against it.
import { inTransaction } from '../../platform/db/db.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { findGovernmentOfRegion } from '../identity/index.ts';
import type { AssistantDeps } from './deps.ts';
import { analyseQuestion } from './understand.ts';
import { retrieve } from './retrieve.ts';
import { answerFrom } from './answer.ts';
import { findFaqAnswer } from './faq.service.ts';
import { handoffStatus } from './handoff.service.ts';
import { createRephraser, type Rephraser } from './rephrase.ts';
import { appendTurns, createConversation, findConversation, listTurns, type Conversation } from './conversations.repository.ts';
import { answerText, type AnswerDraft, type AskInput, type AssistantReply, type HandoffStatus, type TurnView } from './types.ts';
import { MAX_QUESTION_CHARS } from './vocabulary.ts';

export class AssistantService {
  private readonly rephraser: Rephraser | null;
  constructor(private readonly deps: AssistantDeps) {
    this.rephraser = createRephraser(deps.config);
  }

  async ask(input: AskInput): Promise<AssistantReply> {
    const { db, clock } = this.deps;
    const text = input.text.normalize('NFKC').replace(/\s+/g, ' ').trim();
    if (!text) throw new HttpError(400, 'question_empty', '请输入您的问题');
    if ([...text].length > MAX_QUESTION_CHARS) throw new HttpError(400, 'question_too_long', `问题太长了，请控制在 ${MAX_QUESTION_CHARS} 字以内`);
    const now = clock.now();
    let conv: Conversation | null = null;
    if (input.conversationId) {
      conv = await findConversation(db, input.conversationId);
      if (!conv) throw new HttpError(404, 'conversation_not_found', '没有找到这个会话，请重新提问');
    }
    if (!conv) {
      const regionCode = input.region;
      const gov = regionCode ? await findGovernmentOfRegion(db, regionCode.padEnd(12, '0')) : null;
      conv = await createConversation(db, now, { channel: input.channel, regionCode, venuePublicId: input.venuePublicId, orgCode: gov?.code ?? null, orgPath: gov?.path ?? null });
    }
    const where = { regionCode: conv.regionCode, location: input.location, venuePublicId: conv.venuePublicId };
    const a = analyseQuestion(text);
    let draft: AnswerDraft | null = await findFaqAnswer(this.deps, text, conv.orgPath);
    if (!draft) {
      const r = await retrieve(this.deps, a, conv.context, where);
      draft = await answerFrom(this.deps, a, r, where);
      if (this.rephraser && draft.outcome === 'answer') draft = await this.rephraser.rephrase(text, draft);
    }
    const context = { ...conv.context, pending: draft.pending ?? null, lastItems: draft.items ?? conv.context.lastItems, lastQuery: a.query };
    const stored = await inTransaction(db, (trx) => appendTurns(trx, conv, now, [
      { role: 'user', text },
      { role: 'assistant', text: answerText(draft), sentences: draft.sentences, sources: draft.sources, choices: draft.choices, outcome: draft.outcome, faqPublicId: draft.faqPublicId ?? null },
    ], context));
    if (!stored.ok) throw new HttpError(409, 'concurrent_change', '同一会话的上一个问题还在处理中，请稍后再试');
    const handoff = await handoffStatus(this.deps, conv);
    return {
      conversation_id: conv.publicId, answer: answerText(draft), sources: draft.sources, choices: draft.choices, handoff,
      turn: stored.firstSeq + 1, state: conv.state, outcome: draft.outcome, sentences: draft.sentences,
    };
  }

  /** A conversation for its holder: the turns after `afterSeq` and whether a human can be asked for. 404 conversation_not_found. */
  async conversation(conversationId: string, afterSeq = 0): Promise<{ conversation: Conversation; turns: TurnView[]; handoff: HandoffStatus }> {
    const conv = await findConversation(this.deps.db, conversationId);
    if (!conv) throw new HttpError(404, 'conversation_not_found', '没有找到这个会话，请重新提问');
    return { conversation: conv, turns: await listTurns(this.deps.db, conv.id, afterSeq), handoff: await handoffStatus(this.deps, conv) };
  }

  /** 有帮助 / 没有帮助 on one assistant turn (said once; 404 for a turn that is not the assistant's). STUB: the `service` part implements it. */
  async feedback(conversationId: string, turn: number, helpful: boolean): Promise<void> {
    void conversationId; void turn; void helpful;
  }
}
