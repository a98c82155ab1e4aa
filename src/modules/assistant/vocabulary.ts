// Pure: the 7×24 assistant's vocabulary and limits (issue 20). Codes are stored; labels are shown.
import { defineEnum } from '../../platform/web/enums.ts';

/** Where a conversation happens: the public site, its mobile view, a kiosk, or the open API. */
export type AssistantChannel = 'web' | 'mobile' | 'kiosk' | 'api';
export const ASSISTANT_CHANNELS = defineEnum<AssistantChannel>([
  { code: 'web', label: '网站' },
  { code: 'mobile', label: '移动端' },
  { code: 'kiosk', label: '自助终端' },
  { code: 'api', label: '开放接口' },
]);

export type TurnRole = 'user' | 'assistant' | 'staff' | 'system';
export const TURN_ROLES = defineEnum<TurnRole>([
  { code: 'user', label: '群众' },
  { code: 'assistant', label: '智能客服' },
  { code: 'staff', label: '人工客服' },
  { code: 'system', label: '系统' },
]);

/** What an assistant turn was: answered by a FAQ pair, generated, a life-event chain, a question back, nothing found … */
export type TurnOutcome = 'faq' | 'answer' | 'life_event' | 'clarify' | 'no_match' | 'smalltalk' | 'handoff';
export const TURN_OUTCOMES = defineEnum<TurnOutcome>([
  { code: 'faq', label: '常见问题' },
  { code: 'answer', label: '已回答' },
  { code: 'life_event', label: '一件事' },
  { code: 'clarify', label: '追问' },
  { code: 'no_match', label: '未找到' },
  { code: 'smalltalk', label: '寒暄' },
  { code: 'handoff', label: '转人工' },
]);

/** bot: the assistant answers; waiting: a human was asked for; staff: a staff member took it; closed; converted (to an enquiry or a message). */
export type ConversationState = 'bot' | 'waiting' | 'staff' | 'closed' | 'converted';
export const CONVERSATION_STATES = defineEnum<ConversationState>([
  { code: 'bot', label: '智能客服' },
  { code: 'waiting', label: '等待人工' },
  { code: 'staff', label: '人工服务中' },
  { code: 'closed', label: '已结束' },
  { code: 'converted', label: '已转留言或咨询登记' },
]);

/** What an untaken or after-hours hand-off becomes. */
export type HandoffFallback = 'enquiry' | 'message';
export const HANDOFF_FALLBACKS = defineEnum<HandoffFallback>([
  { code: 'enquiry', label: '咨询登记' },
  { code: 'message', label: '民心直通车留言' },
]);

/** Why 转人工 is or is not offered right now. */
export type HandoffReason = 'open' | 'non_working_day' | 'outside_hours' | 'disabled' | 'no_organisation' | 'in_progress' | 'converted';
export const HANDOFF_REASONS = defineEnum<HandoffReason>([
  { code: 'open', label: '人工客服在线' },
  { code: 'non_working_day', label: '今天不是工作日' },
  { code: 'outside_hours', label: '不在工作时间' },
  { code: 'disabled', label: '未开通人工客服' },
  { code: 'no_organisation', label: '请先选择所在地区' },
  { code: 'in_progress', label: '已在人工服务中' },
  { code: 'converted', label: '已转为留言或咨询登记' },
]);

export type FaqStatus = 'active' | 'archived';
export const FAQ_STATUSES = defineEnum<FaqStatus>([
  { code: 'active', label: '启用' },
  { code: 'archived', label: '停用' },
]);

/** What a question asks about an item. */
export type Aspect = 'materials' | 'time_limit' | 'fee' | 'where' | 'hours' | 'online' | 'conditions' | 'process' | 'phone' | 'result';
export const ASPECTS = defineEnum<Aspect>([
  { code: 'materials', label: '申请材料' },
  { code: 'time_limit', label: '办理时限' },
  { code: 'fee', label: '收费' },
  { code: 'where', label: '办理地点' },
  { code: 'hours', label: '办理时间' },
  { code: 'online', label: '网上办理' },
  { code: 'conditions', label: '办理条件' },
  { code: 'process', label: '办理流程' },
  { code: 'phone', label: '咨询电话' },
  { code: 'result', label: '办理结果' },
]);

/** A question longer than this is refused (400 question_too_long) before anything is analysed. */
export const MAX_QUESTION_CHARS = 200;
/** The context (pending clarification, last items) is forgotten after this much silence. */
export const CONVERSATION_TTL_MINUTES = 30;
/** Default wait for a human before a hand-off becomes an enquiry or a message. */
export const DEFAULT_HANDOFF_WAIT_MINUTES = 5;
/** Turns kept per conversation; a longer one is refused (conversation_too_long), nothing stored. */
export const MAX_TURNS = 200;
/** FAQ limits. */
export const FAQ_QUESTION_MAX = 200;
export const FAQ_ANSWER_MAX = 2000;
export const FAQ_VARIANTS_MAX = 20;
export const FAQ_LINKS_MAX = 5;

/** Staff who keep the FAQ and see the badly answered questions; staff who answer hand-offs. */
export const FAQ_ROLES = ['admin', 'supervisor', 'editor'] as const;
export const HANDOFF_ROLES = ['admin', 'supervisor', 'editor', 'case_handler'] as const;
/** Prefixes: conversation reference after a hand-off (咨询编号), FAQ public ids. */
export const HANDOFF_REFERENCE_PREFIX = 'ZXR';
export const FAQ_ID_PREFIX = 'FAQ';
