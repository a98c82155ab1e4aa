// The assistant's open API (issue 20 §6): POST /api/v1/assistant/messages, the conversation read the
// page polls for staff replies, and 有帮助/没有帮助. Public (no token): the conversation id is the
// capability; questions are rate-limited per address (ASSISTANT_RATE_PER_MINUTE).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { HttpError } from '../../platform/web/http-error.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { optionalEnum } from '../../platform/web/enums.ts';
import { ASSISTANT_CHANNELS } from './vocabulary.ts';
import type { App } from '../../platform/web/server.tsx';
import type { AssistantService } from './assistant.service.ts';
import { assistantStrings as s } from './assistant.strings.ts';
import type { AssistantDeps } from './deps.ts';
import type { TurnView } from './types.ts';

/** A question is at most 200 characters: 16 KB is ample for the JSON around it, and refuses a flood early. */
export const ASK_BODY_LIMIT = 16 * 1024;

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Optional(Type.Array(Type.String())) });
const SourceBody = Type.Object({
  type: Type.String({ description: '来源类型：item（办事指南）、venue（办事场所）、disclosure（政府信息）、catalog_item（目录事项）、life_event（一件事）、faq（常见问题）、page（页面）' }),
  id: Type.String(), title: Type.String(), url: Type.String({ description: '来源页面（站内路径）' }),
});
const SentenceBody = Type.Object({ text: Type.String(), source: Type.Union([Type.Integer(), Type.Null()], { description: 'sources 中的下标；null 表示不来自某一页面（如问候）' }) });
const HandoffBody = Type.Object({
  available: Type.Boolean({ description: '现在能否转接人工客服' }),
  reason: Type.String({ description: 'open 在线、non_working_day 非工作日、outside_hours 非工作时间、disabled 未开通、no_organisation 未确定地区、in_progress 已在人工服务中、converted 已转留言或咨询登记' }),
});
const OutcomeText = Type.String({ description: 'faq 常见问题、answer 已回答、life_event 一件事、clarify 追问、no_match 未找到、smalltalk 寒暄、handoff 转人工' });
const StateText = Type.String({ description: 'bot 智能客服、waiting 等待人工、staff 人工服务中、closed 已结束、converted 已转留言或咨询登记' });
const ReplyBody = Type.Object({
  conversation_id: Type.String({ description: '会话编号：继续提问时带上（30 分钟内记住上下文）' }),
  answer: Type.String({ description: '回答（纯文本，显示时须转义）' }),
  sources: Type.Array(SourceBody),
  choices: Type.Array(Type.String(), { description: '可点的按钮文字，原样作为下一条 text 发送' }),
  handoff: HandoffBody,
  turn: Type.Integer({ description: '这条回答的序号（评价时使用）' }),
  state: StateText,
  outcome: OutcomeText,
  sentences: Type.Array(SentenceBody),
});
const TurnBody = Type.Object({
  seq: Type.Integer(),
  role: Type.String({ description: 'user 群众、assistant 智能客服、staff 人工客服、system 系统' }),
  text: Type.String(), sentences: Type.Array(SentenceBody), sources: Type.Array(SourceBody), choices: Type.Array(Type.String()),
  outcome: Type.Union([OutcomeText, Type.Null()]), helpful: Type.Union([Type.Boolean(), Type.Null()]), at: Type.String(),
});
const ConversationId = Type.Object({ id: Type.String({ description: '会话编号' }) });

const turnBody = (t: TurnView) => ({ seq: t.seq, role: t.role, text: t.text, sentences: t.sentences, sources: t.sources, choices: t.choices, outcome: t.outcome, helpful: t.helpful, at: t.at });

/** The ask route's own refusals before its handler: a body over the limit says what the limit is for; a bad location names itself. */
function askErrors(error: FastifyError, _request: FastifyRequest, _reply: FastifyReply): never {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new HttpError(413, 'body_too_large', s.errors.bodyTooLarge(ASK_BODY_LIMIT / 1024));
  if (error.validation?.some((v) => (v.instancePath ?? '').startsWith('/location'))) throw new HttpError(400, 'location_invalid', s.errors.locationInvalid);
  throw error;
}

/** `after` of the conversation read: a whole number ≥ 0 (absent: 0). */
function afterOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,9}$/.test(raw.trim())) throw new HttpError(400, 'after_invalid', s.errors.afterInvalid);
  return Number(raw.trim());
}

export async function assistantApiRoutes(app: App, deps: AssistantDeps & { assistant: AssistantService }): Promise<void> {
  const { assistant } = deps;
  const perAddress = { rateLimit: { max: deps.config.askPerMinute, timeWindow: '1 minute', allowList: () => false } };

  app.post('/api/v1/assistant/messages', {
    bodyLimit: ASK_BODY_LIMIT,
    config: perAddress,
    errorHandler: askErrors,
    schema: {
      tags: ['assistant'], summary: s.routes.askSummary, description: s.routes.askDescription,
      body: Type.Object({
        conversation_id: Type.Optional(Type.Union([Type.String({ description: '上一次回答中的会话编号；首次提问不带' }), Type.Null()])),
        text: Type.String({ description: '问题（最多 200 字）' }),
        region: Type.Optional(Type.Union([Type.String({ description: '所在地区的行政区划代码（2–12 位），如 130427' }), Type.Null()])),
        location: Type.Optional(Type.Union([Type.Object({ lat: Type.Number({ description: '纬度（WGS-84）' }), lng: Type.Number({ description: '经度（WGS-84）' }) }), Type.Null()])),
        channel: Type.Optional(Type.Union([EnumString(ASSISTANT_CHANNELS, s.routes.channelDescription), Type.Null()])),
      }),
      response: { 200: ReplyBody, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody },
    },
  }, async (request) => {
    const b = request.body;
    // the page's script says web or mobile; an API client says nothing (api). Stored when a conversation starts.
    const channel = optionalEnum(ASSISTANT_CHANNELS, b.channel, 'channel') ?? 'api';
    return assistant.ask({
      conversationId: b.conversation_id || null, text: b.text, region: b.region ?? null,
      location: b.location ? { lat: b.location.lat, lng: b.location.lng } : null, channel, venuePublicId: null,
    });
  });

  app.get('/api/v1/assistant/conversations/:id', {
    schema: {
      tags: ['assistant'], summary: s.routes.conversationSummary, description: s.routes.conversationDescription,
      params: ConversationId,
      querystring: Type.Object({ after: Type.Optional(Type.String({ description: '已看到的最后一条消息的序号（默认 0）' })) }),
      response: {
        200: Type.Object({ conversation_id: Type.String(), state: StateText, reference: Type.Union([Type.String(), Type.Null()]), handoff: HandoffBody, turns: Type.Array(TurnBody) }),
        400: ErrorBody, 404: ErrorBody, 429: ErrorBody,
      },
    },
  }, async (request) => {
    const after = afterOf(request.query.after);
    const r = await assistant.conversation(request.params.id, after);
    return { conversation_id: r.conversation.publicId, state: r.conversation.state, reference: r.conversation.reference, handoff: r.handoff, turns: r.turns.map(turnBody) };
  });

  app.post('/api/v1/assistant/conversations/:id/feedback', {
    bodyLimit: ASK_BODY_LIMIT,
    config: perAddress,
    schema: {
      tags: ['assistant'], summary: s.routes.feedbackSummary, description: s.routes.feedbackDescription,
      params: ConversationId,
      body: Type.Object({ turn: Type.Integer({ minimum: 1, description: '回答的序号（提问时返回的 turn）' }), helpful: Type.Boolean({ description: 'true 有帮助，false 没有帮助' }) }),
      response: { 200: Type.Object({ turn: Type.Integer(), helpful: Type.Boolean() }), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
    },
  }, async (request) => {
    await assistant.feedback(request.params.id, request.body.turn, request.body.helpful);
    return { turn: request.body.turn, helpful: request.body.helpful };
  });
}
