// Every string of the assistant's ask path and API (assistant.service.ts, assistant.routes.tsx)
// shown to people. The understanding, answers, FAQ, hand-off and pages have their own *.strings.ts.
import { labelOf } from '../../platform/web/enums.ts';
import { HANDOFF_REASONS, MAX_QUESTION_CHARS, type HandoffReason } from './vocabulary.ts';

export const assistantStrings = {
  errors: {
    questionEmpty: '请输入您的问题',
    questionTooLong: (n: number = MAX_QUESTION_CHARS) => `问题太长了，请控制在 ${n} 字以内`,
    bodyTooLarge: (kb: number, n: number = MAX_QUESTION_CHARS) => `提交的内容过大（上限 ${kb} KB），问题请控制在 ${n} 字以内`,
    conversationNotFound: '没有找到这个会话，请重新提问',
    conversationTooLong: '本次会话的内容已经很多了，请刷新页面开始新的会话后再问',
    regionUnknown: '地区代码不正确：请填写 2 至 12 位的行政区划代码，如 130427',
    locationInvalid: '位置不正确：lat 和 lng 须为中国境内的纬度、经度（WGS-84）',
    concurrentChange: '同一会话的上一个问题还在处理中，请稍后再试',
    concurrentReason: '这个会话刚刚有新的消息，您的问题没有保存，请重新发送',
    turnNotFound: '没有找到这条回答（只能评价智能客服的回答）',
    feedbackGiven: '这条回答已经评价过了',
    feedbackGivenReason: (helpful: boolean) => `已评价为「${helpful ? '有帮助' : '没有帮助'}」，不能再改`,
    afterInvalid: '参数 after 须为不小于 0 的整数（已看到的最后一条消息的序号）',
  },
  /** Short answers to 你好 / 谢谢 / 再见 (no facts, no sources). */
  smalltalk: {
    greeting: '您好！我是智能客服，可以回答办事需要的材料、时限、费用、地点和能否网上办理。请问您想办理什么事项？',
    thanks: '不客气！还有其他问题可以继续问我。',
    bye: '再见，祝您办事顺利！',
  },
  /** 转人工 asked in words: what is possible now (handoff status). */
  human: {
    choice: '转人工',
    open: '可以为您转接人工客服，请点「转人工」。',
    inProgress: '已经为您转接人工客服，请在本页等待工作人员回复。',
    converted: '这个会话已经转为留言或咨询登记，请凭编号和查询码查看答复。',
    /** Not live now: why, and what is possible instead. */
    notNow: (reason: HandoffReason) => `现在无法转接人工客服（${labelOf(HANDOFF_REASONS, reason)}）。点「转人工」可以留言或登记咨询，工作人员会在工作日答复。`,
  },
  /** A question that is only a place or only 个人/单位: noted, and what to do is asked. */
  noted: (place: string | null, audience: 'personal' | 'enterprise' | null) =>
    `好的，${place ? `已按「${place}」为您解答` : audience === 'enterprise' ? '已记下您是单位办事' : '已记下您是个人办事'}。请问您想办理什么事项？比如「营业执照怎么办」「社保卡补办要带什么」。`,
  /** The conversation the person continued has ended: a new one was started. */
  restarted: '上一次会话已经结束，已为您开始新的会话。',
  /** A message sent while waiting for or talking to a staff member goes to them. */
  toStaff: '您的消息已发给人工客服，请在本页等待回复。',
  routes: {
    askSummary: '向智能客服提问',
    askDescription: '无需登录，按地址限流。首次提问不带 conversation_id，之后带上返回的 conversation_id 继续（30 分钟内记住上下文，如追问时点的按钮文字）。'
      + 'answer 的每句话在 sentences 中注明来源（sources 的下标）；choices 为可点的按钮文字，原样作为下一条 text 发送即可。',
    channelDescription: '提问的渠道（默认 api 开放接口；本站页面的脚本发送 web 或 mobile），只在开始新会话时记录',
    conversationSummary: '读取会话（可轮询人工客服的回复）',
    conversationDescription: 'after 为已看到的最后一条消息的序号，只返回其后的消息。',
    feedbackSummary: '评价一条回答（有帮助 / 没有帮助）',
    feedbackDescription: '每条智能客服的回答只能评价一次；重复提交相同的评价不报错。',
  },
} as const;
