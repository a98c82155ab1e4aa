// Pure: the workflow of an application for government information (依申请公开) as one decide
// function over an append-only event log — registered → (correction) → assigned or transferred →
// (consultation, fee) → decided → delivered → closed, with later review / litigation outcomes
// (年度报告 table 四). `decide(state, action, ctx)` returns the new events or the reasons it refuses.
//
// Articles: 《政府信息公开条例》(国务院令第711号) 第三十条 (补正), 第三十一条 (receipt by channel),
// 第三十二条/第三十四条 (consultation), 第三十三条 (20 working days, one extension ≤ 20),
// 第三十五—三十九条 (reply types), 国办函〔2020〕109号 (fees), 国办公开办函〔2021〕30号 table 三/四.
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import { isLocalDate, type LocalDate } from '../../platform/clock/local-date.ts';
import { acceptedValues, defineEnum, parseEnum } from '../../platform/web/enums.ts';
import {
  computeDue, consultationAnswerDue, correctionNoticeDue, deadlineText, DEFAULT_CLOCK_RULES, defaultLetterReceipt, explainFee, feeForNthRequest, feeForPages, feePaymentDue, workingDaysAfter, workingDaysFrom,
  type ClockInput, type ClockRules, type DueDate, type LetterSending, type Pause,
} from './deadlines.ts';

// --- Vocabulary ---

export type Channel = 'in_person' | 'letter' | 'fax' | 'online' | 'hotline_12345';
export const CHANNELS = defineEnum<Channel>([
  { code: 'in_person', label: '当面提交' },
  { code: 'letter', label: '信函' },
  { code: 'fax', label: '传真' },
  { code: 'online', label: '互联网' },
  { code: 'hotline_12345', label: '12345转办' },
]);

/**
 * 第三十一条: online and fax applications count as received on the day both sides confirm, so
 * they wait for a confirmation event. In person: the day of submission; letters: the day signed
 * for (平常信函: the day of confirmation, entered by staff); 12345 transfers: the day the agency
 * receives the transfer (no article; the registering office enters it).
 */
export function needsConfirmation(channel: Channel): boolean {
  return channel === 'online' || channel === 'fax';
}

export const RECEIPT_BASIS: Record<Channel, string> = {
  in_person: '当面提交之日为收到申请之日（第三十一条第（一）项）',
  letter: '签收或与申请人确认之日为收到申请之日（第三十一条第（二）项）',
  fax: '双方确认之日为收到申请之日（第三十一条第（三）项）',
  online: '双方确认之日为收到申请之日（第三十一条第（三）项）',
  hotline_12345: '收到12345热线转办之日为收到申请之日（登记机关确认）',
};

export type ApplicantType = 'natural_person' | 'legal_person';
export const APPLICANT_TYPES = defineEnum<ApplicantType>([
  { code: 'natural_person', label: '自然人' },
  { code: 'legal_person', label: '法人或其他组织' },
]);
/** The annual report's sub-columns of 法人或其他组织 (table 三). */
export const LEGAL_PERSON_SUBTYPES = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'] as const;
export type LegalPersonSubtype = (typeof LEGAL_PERSON_SUBTYPES)[number];

export type DeliveryMethod = 'pickup' | 'mail' | 'email' | 'online';
export const DELIVERY_METHODS = defineEnum<DeliveryMethod>([
  { code: 'pickup', label: '自取' },
  { code: 'mail', label: '邮寄' },
  { code: 'email', label: '电子邮件' },
  { code: 'online', label: '网上获取' },
]);

export type Stage = 'awaiting_confirmation' | 'registered' | 'awaiting_correction' | 'assigned' | 'in_consultation' | 'awaiting_payment' | 'decided' | 'delivered' | 'closed' | 'withdrawn';
export const STAGES = defineEnum<Stage>([
  { code: 'awaiting_confirmation', label: '待确认收到' },
  { code: 'registered', label: '已登记' },
  { code: 'awaiting_correction', label: '待补正' },
  { code: 'assigned', label: '办理中' },
  { code: 'in_consultation', label: '征求意见中' },
  { code: 'awaiting_payment', label: '待缴费' },
  { code: 'decided', label: '已作出答复，待送达' },
  { code: 'delivered', label: '已送达' },
  { code: 'closed', label: '已办结' },
  { code: 'withdrawn', label: '申请人已撤回' },
]);
export const OPEN_STAGES: readonly Stage[] = ['awaiting_confirmation', 'registered', 'awaiting_correction', 'assigned', 'in_consultation', 'awaiting_payment', 'decided'];

// --- Outcomes: exactly the rows of annual-report table 三 (国办公开办函〔2021〕30号) ---

export type OutcomeFamily = 'disclose' | 'partial' | 'withhold' | 'unable' | 'decline' | 'other';
export interface Outcome {
  code: string;
  family: OutcomeFamily;
  /** The row label of table 三. */
  label: string;
  /** The legal basis cited in the reply letter. */
  basis: string;
  /** Standard reason texts staff can pick from (the reasons library). */
  reasonTexts: string[];
}

export const FAMILY_LABELS: Record<OutcomeFamily, string> = {
  disclose: '予以公开', partial: '部分公开', withhold: '不予公开', unable: '无法提供', decline: '不予处理', other: '其他处理',
};

export const OUTCOMES: readonly Outcome[] = [
  { code: 'disclose', family: 'disclose', label: '予以公开', basis: '《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项',
    reasonTexts: ['您申请获取的政府信息属于公开范围，现予以提供。', '您申请获取的政府信息已经主动公开，可通过下列途径获取：'] },
  { code: 'partial', family: 'partial', label: '部分公开', basis: '《中华人民共和国政府信息公开条例》第三十七条',
    reasonTexts: ['您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，现提供可以公开的部分。'] },
  { code: 'withhold.1', family: 'withhold', label: '属于国家秘密', basis: '《中华人民共和国政府信息公开条例》第十四条',
    reasonTexts: ['您申请获取的政府信息依法确定为国家秘密，不予公开。'] },
  { code: 'withhold.2', family: 'withhold', label: '其他法律行政法规禁止公开', basis: '《中华人民共和国政府信息公开条例》第十四条',
    reasonTexts: ['您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，不予公开。'] },
  { code: 'withhold.3', family: 'withhold', label: '危及“三安全一稳定”', basis: '《中华人民共和国政府信息公开条例》第十四条',
    reasonTexts: ['您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。'] },
  { code: 'withhold.4', family: 'withhold', label: '保护第三方合法权益', basis: '《中华人民共和国政府信息公开条例》第十五条、第三十二条',
    reasonTexts: ['您申请获取的政府信息涉及商业秘密，公开会对第三方合法权益造成损害，第三方不同意公开，不予公开。', '您申请获取的政府信息涉及个人隐私，公开会对第三方合法权益造成损害，不予公开。'] },
  { code: 'withhold.5', family: 'withhold', label: '属于三类内部事务信息', basis: '《中华人民共和国政府信息公开条例》第十六条第一款',
    reasonTexts: ['您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，不予公开。'] },
  { code: 'withhold.6', family: 'withhold', label: '属于四类过程性信息', basis: '《中华人民共和国政府信息公开条例》第十六条第二款',
    reasonTexts: ['您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，不予公开。'] },
  { code: 'withhold.7', family: 'withhold', label: '属于行政执法案卷', basis: '《中华人民共和国政府信息公开条例》第十六条第二款',
    reasonTexts: ['您申请获取的政府信息属于行政执法案卷信息，不予公开。'] },
  { code: 'withhold.8', family: 'withhold', label: '属于行政查询事项', basis: '《中华人民共和国政府信息公开条例》第三十六条第（七）项',
    reasonTexts: ['您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请按照有关规定办理。'] },
  { code: 'unable.1', family: 'unable', label: '本机关不掌握相关政府信息', basis: '《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项',
    reasonTexts: ['经检索，本机关未制作或获取您申请的政府信息，该政府信息不存在。', '您申请获取的政府信息不属于本机关负责公开，建议您向有关机关申请。'] },
  { code: 'unable.2', family: 'unable', label: '没有现成信息需要另行制作', basis: '《中华人民共和国政府信息公开条例》第三十八条',
    reasonTexts: ['您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。'] },
  { code: 'unable.3', family: 'unable', label: '补正后申请内容仍不明确', basis: '《中华人民共和国政府信息公开条例》第三十条',
    reasonTexts: ['经补正后，您的申请内容仍不明确，本机关无法确定您所需的政府信息。'] },
  { code: 'decline.1', family: 'decline', label: '信访举报投诉类申请', basis: '《中华人民共和国政府信息公开条例》第三十九条第一款',
    reasonTexts: ['您以政府信息公开申请的形式进行信访、投诉、举报，本机关不作为政府信息公开申请处理，请通过相应渠道提出。'] },
  { code: 'decline.2', family: 'decline', label: '重复申请', basis: '《中华人民共和国政府信息公开条例》第三十六条第（六）项',
    reasonTexts: ['本机关已就您申请公开的政府信息作出答复，您重复申请公开相同政府信息，本机关不予重复处理。'] },
  { code: 'decline.3', family: 'decline', label: '要求提供公开出版物', basis: '《中华人民共和国政府信息公开条例》第三十九条第二款',
    reasonTexts: ['您申请提供的是政府公报、报刊、书籍等公开出版物，可通过下列途径获取：'] },
  { code: 'decline.4', family: 'decline', label: '无正当理由大量反复申请', basis: '《中华人民共和国政府信息公开条例》第三十五条',
    reasonTexts: ['您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，理由不合理，本机关不予处理。'] },
  { code: 'decline.5', family: 'decline', label: '要求行政机关确认或重新出具已获取信息', basis: '《中华人民共和国政府信息公开条例》第三十九条（参照；未见明确条款）',
    reasonTexts: ['您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围。'] },
  { code: 'other.1', family: 'other', label: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', basis: '《中华人民共和国政府信息公开条例》第三十条',
    reasonTexts: ['您未在补正期限内补正且无正当理由，视为放弃申请，本机关不再处理该政府信息公开申请。'] },
  { code: 'other.2', family: 'other', label: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', basis: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
    reasonTexts: ['您未在规定期限内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。'] },
  { code: 'other.3', family: 'other', label: '其他', basis: '《中华人民共和国政府信息公开条例》',
    reasonTexts: ['其他处理情形（请写明具体理由）。'] },
];
export const OUTCOME_CODES = OUTCOMES.map((o) => o.code);
/** The outcomes as an enum: the code (withhold.4) or the row label of table 三 (保护第三方合法权益). */
export const OUTCOME_ENUM = defineEnum<string>(OUTCOMES);
export function findOutcome(code: string): Outcome | undefined {
  return OUTCOMES.find((o) => o.code === code);
}

export type ReviewKind = 'review' | 'litigation_direct' | 'litigation_after_review';
export const REVIEW_KINDS = defineEnum<ReviewKind>([
  { code: 'review', label: '行政复议' },
  { code: 'litigation_direct', label: '行政诉讼（未经复议直接起诉）' },
  { code: 'litigation_after_review', label: '行政诉讼（复议后起诉）' },
]);
export type ReviewResult = 'upheld' | 'corrected' | 'other' | 'pending';
export const REVIEW_RESULTS = defineEnum<ReviewResult>([
  { code: 'upheld', label: '结果维持' }, { code: 'corrected', label: '结果纠正' }, { code: 'other', label: '其他结果' }, { code: 'pending', label: '尚未审结' },
]);
export type ConfidentialityResult = 'cleared' | 'not_cleared';
export const CONFIDENTIALITY_RESULTS = defineEnum<ConfidentialityResult>([
  { code: 'cleared', label: '经审查可以公开' }, { code: 'not_cleared', label: '涉密或敏感，不得公开' },
]);
export type ConsultationKind = 'third_party' | 'co_producer';
export const CONSULTATION_KINDS = defineEnum<ConsultationKind>([
  { code: 'third_party', label: '第三方（第三十二条）' }, { code: 'co_producer', label: '共同制作机关（第三十四条）' },
]);
/** How the consultation letter went out: decides the default receipt day (第三十二条 counts from receipt). */
export const LETTER_SENDINGS = defineEnum<LetterSending>([
  { code: 'in_person', label: '当面送达' },
  { code: 'mail', label: '邮寄' },
  { code: 'electronic', label: '电子方式（传真、电子邮件、公文交换）' },
]);

// --- Events (the append-only log) and actions ---

export type ActionType = 'confirm_receipt' | 'request_correction' | 'receive_correction' | 'assign' | 'transfer' | 'extend' | 'start_consultation' | 'record_consultation_receipt' | 'end_consultation' | 'issue_fee_notice' | 'record_payment' | 'decide' | 'deliver' | 'close' | 'withdraw' | 'record_review' | 'confidentiality_review';
export const ACTIONS = defineEnum<ActionType>([
  { code: 'confirm_receipt', label: '确认收到申请' },
  { code: 'request_correction', label: '发出补正告知' },
  { code: 'receive_correction', label: '收到补正' },
  { code: 'assign', label: '交办' },
  { code: 'transfer', label: '转办' },
  { code: 'extend', label: '延期答复' },
  { code: 'start_consultation', label: '征求意见' },
  { code: 'record_consultation_receipt', label: '登记征求意见书送达日期' },
  { code: 'end_consultation', label: '征求意见结束' },
  { code: 'issue_fee_notice', label: '发出收费通知' },
  { code: 'record_payment', label: '登记缴费' },
  { code: 'decide', label: '作出答复' },
  { code: 'deliver', label: '送达' },
  { code: 'close', label: '办结' },
  { code: 'withdraw', label: '申请人撤回' },
  { code: 'record_review', label: '登记复议/诉讼结果' },
  { code: 'confidentiality_review', label: '保密审查' },
]);

/** 国办函〔2020〕109号: one basis per application. */
export const FEE_BASES = defineEnum<'count' | 'pages'>([{ code: 'count', label: '按件计收' }, { code: 'pages', label: '按量计收' }]);

/**
 * Every enumerated field of an action accepted as its code or its Chinese label (the one shared
 * parser): 「征求意见」, 「第三方（第三十二条）」, 「邮寄」… become their codes. A value that is
 * neither is kept as typed, so `decide` refuses it naming the field.
 */
export function normaliseAction(a: Action): Action {
  const out: Action = { ...a };
  const type = parseEnum(ACTIONS, a.type) ?? a.type;
  out.type = type;
  const set = <K extends 'kind' | 'result' | 'sent_via' | 'method' | 'basis' | 'outcome'>(key: K, def: Parameters<typeof parseEnum>[0]) => {
    const code = parseEnum(def, a[key]);
    if (code) out[key] = code;
  };
  if (type === 'start_consultation') { set('kind', CONSULTATION_KINDS); set('sent_via', LETTER_SENDINGS); }
  if (type === 'record_review') { set('kind', REVIEW_KINDS); set('result', REVIEW_RESULTS); }
  if (type === 'confidentiality_review') set('result', CONFIDENTIALITY_RESULTS);
  if (type === 'deliver') set('method', DELIVERY_METHODS);
  if (type === 'issue_fee_notice') set('basis', FEE_BASES);
  // A table-三 row label names one outcome; 「予以公开」 etc. are also their family's only row.
  if (type === 'decide') set('outcome', OUTCOME_ENUM);
  return out;
}

/** An action as received from the API or a form (already shaped, not yet judged). */
export interface Action {
  type: string;
  on: string;
  items?: string[];
  deadline_on?: string;
  org?: string;
  reason?: string;
  days?: number;
  approved_by?: string;
  party?: string;
  kind?: string;
  result?: string;
  basis?: string;
  amount?: number;
  pages?: number;
  outcome?: string;
  reasons?: string[];
  withheld_reason?: string;
  record_index_no?: string;
  method?: string;
  tracking_no?: string;
  opinion?: string;
  /** start_consultation: in_person | mail | electronic (default in_person). */
  sent_via?: string;
  /** start_consultation / record_consultation_receipt: the day the consulted party received the letter. */
  received_on?: string;
}

/** One event of the log; `data` holds the type's fields. */
export interface CaseEvent {
  type: ActionType | 'registered' | 'due_recomputed';
  on: LocalDate;
  data: Record<string, unknown>;
}

// --- State: a fold over the events ---

export interface CaseState {
  channel: Channel;
  org: string;
  submittedOn: LocalDate;
  receivedOn: LocalDate | null;
  correction: { requestedOn: LocalDate; items: string[]; deadlineOn: LocalDate; receivedOn: LocalDate | null } | null;
  assignedOrg: string | null;
  transfers: { on: LocalDate; from: string; to: string; reason: string }[];
  extension: { on: LocalDate; days: number; approvedBy: string; reason: string } | null;
  /**
   * `from`: the letter day; `receivedOn`: the day the party received it (the letter day for cases
   * stored before it was recorded); `answerDueOn`: 15 working days after `receivedOn`, where the
   * pause ends at the latest; `to`: the end as recorded.
   */
  consultations: {
    from: LocalDate; to: LocalDate | null; party: string; kind: ConsultationKind; answerDueOn: LocalDate; result: string | null;
    sentVia: LetterSending; receivedOn: LocalDate; receiptRecorded: boolean;
  }[];
  fee: { on: LocalDate; basis: 'count' | 'pages'; amount: number; payBy: LocalDate; paidOn: LocalDate | null; explanation: string } | null;
  decision: { on: LocalDate; outcome: string; reasons: string[]; withheldReason: string | null; recordIndexNo: string | null; recordTitle: string | null; recordPublishedOn: LocalDate | null } | null;
  delivery: { on: LocalDate; method: DeliveryMethod; trackingNo: string | null } | null;
  closedOn: LocalDate | null;
  withdrawn: { on: LocalDate; reason: string } | null;
  reviews: { on: LocalDate; kind: ReviewKind; result: ReviewResult }[];
  /** 《政府信息公开条例》第十七条: 保密审查 of information to be disclosed. */
  confidentiality: { on: LocalDate; result: ConfidentialityResult; opinion: string; reviewer: string }[];
  lastOn: LocalDate;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Folds the log into the current state. The first event must be `registered`. */
export function fold(events: readonly CaseEvent[]): CaseState {
  const first = events[0];
  if (!first || first.type !== 'registered') throw new Error('事件日志必须以登记开始');
  const channel = first.data.channel as Channel;
  const s: CaseState = {
    channel, org: str(first.data.org), submittedOn: first.on, receivedOn: needsConfirmation(channel) ? null : first.on,
    correction: null, assignedOrg: null, transfers: [], extension: null, consultations: [], fee: null, decision: null,
    delivery: null, closedOn: null, withdrawn: null, reviews: [], confidentiality: [], lastOn: first.on,
  };
  for (const e of events.slice(1)) {
    const d = e.data;
    switch (e.type) {
      case 'confirm_receipt': s.receivedOn = e.on; break;
      case 'request_correction': s.correction = { requestedOn: e.on, items: d.items as string[], deadlineOn: str(d.deadline_on), receivedOn: null }; break;
      case 'receive_correction': if (s.correction) s.correction.receivedOn = e.on; break;
      case 'assign': s.assignedOrg = str(d.org); break;
      case 'transfer': s.transfers.push({ on: e.on, from: str(d.from_org), to: str(d.org), reason: str(d.reason) }); s.org = str(d.org); s.assignedOrg = null; break;
      case 'extend': s.extension = { on: e.on, days: Number(d.days), approvedBy: str(d.approved_by), reason: str(d.reason) }; break;
      case 'start_consultation': {
        // Stored before the receipt day was recorded: handed over on the letter day (its due date was counted so).
        const receivedOn = str(d.received_on) || e.on;
        s.consultations.push({
          from: e.on, to: null, party: str(d.party), kind: d.kind as ConsultationKind, answerDueOn: str(d.answer_due_on), result: null,
          sentVia: (str(d.sent_via) || 'in_person') as LetterSending, receivedOn, receiptRecorded: d.received_on_recorded === true,
        });
        break;
      }
      case 'record_consultation_receipt': {
        const c = s.consultations[s.consultations.length - 1];
        if (c) { c.receivedOn = str(d.received_on); c.answerDueOn = str(d.answer_due_on); c.receiptRecorded = true; }
        break;
      }
      case 'end_consultation': { const c = s.consultations.find((x) => x.to === null); if (c) { c.to = e.on; c.result = str(d.result); } break; }
      case 'issue_fee_notice': s.fee = { on: e.on, basis: d.basis as 'count' | 'pages', amount: Number(d.amount), payBy: str(d.pay_by), paidOn: null, explanation: str(d.explanation) }; break;
      case 'record_payment': if (s.fee) s.fee.paidOn = e.on; break;
      case 'decide': s.decision = { on: e.on, outcome: str(d.outcome), reasons: (d.reasons as string[]) ?? [], withheldReason: (d.withheld_reason as string | undefined) ?? null, recordIndexNo: (d.record_index_no as string | undefined) ?? null, recordTitle: (d.record_title as string | undefined) ?? null, recordPublishedOn: (d.record_published_on as string | undefined) ?? null }; break;
      case 'deliver': s.delivery = { on: e.on, method: d.method as DeliveryMethod, trackingNo: (d.tracking_no as string | undefined) ?? null }; break;
      case 'close': s.closedOn = e.on; break;
      case 'withdraw': s.withdrawn = { on: e.on, reason: str(d.reason) }; s.closedOn = e.on; break;
      case 'record_review': s.reviews.push({ on: e.on, kind: d.kind as ReviewKind, result: d.result as ReviewResult }); break;
      case 'confidentiality_review': s.confidentiality.push({ on: e.on, result: d.result as ConfidentialityResult, opinion: str(d.opinion), reviewer: str(d.reviewer) }); break;
      default: break;
    }
    if (e.type !== 'due_recomputed' && e.type !== 'record_review' && e.type !== 'confidentiality_review' && e.on > s.lastOn) s.lastOn = e.on;
  }
  return s;
}

const correctionPending = (s: CaseState) => !!s.correction && s.correction.receivedOn === null;
const openConsultation = (s: CaseState) => s.consultations.find((c) => c.to === null) ?? null;
const feeUnpaid = (s: CaseState) => !!s.fee && s.fee.paidOn === null;

export function stageOf(s: CaseState): Stage {
  if (s.withdrawn) return 'withdrawn';
  if (s.closedOn) return 'closed';
  if (s.delivery) return 'delivered';
  if (s.decision) return 'decided';
  if (s.receivedOn === null) return 'awaiting_confirmation';
  if (correctionPending(s)) return 'awaiting_correction';
  if (openConsultation(s)) return 'in_consultation';
  if (feeUnpaid(s)) return 'awaiting_payment';
  if (s.assignedOrg || s.transfers.length) return 'assigned';
  return 'registered';
}

/**
 * The clock input of a case, or null when there is no running or restartable clock. `today` ends
 * an open consultation whose party's period has lapsed (第三十二条: the office then decides).
 * The consulted party is not named: the explanation is shown to the applicant.
 */
export function clockInputOf(s: CaseState, rules: ClockRules = DEFAULT_CLOCK_RULES, today?: LocalDate): ClockInput | null {
  if (!s.receivedOn) return null;
  const corrected = s.correction?.receivedOn ?? null;
  const start = corrected ?? s.receivedOn;
  const startReason = corrected ? '答复期限自收到补正申请之日起重新计算（第三十条）' : RECEIPT_BASIS[s.channel];
  const pauses: Pause[] = s.consultations.map((c) => ({
    from: c.from, to: c.to, lapsesOn: c.answerDueOn || null,
    label: '征求意见期间（发函次日至收到意见之日）',
    note: c.kind === 'co_producer' ? '征求有关机关意见，第三十四条' : '征求第三方意见，第三十二条',
  }));
  if (rules.feePausesClock && s.fee) pauses.push({ from: s.fee.on, to: s.fee.paidOn, label: '收费通知至缴费期间（通知次日至缴费之日）' });
  pauses.sort((a, b) => a.from.localeCompare(b.from));
  return {
    start, startReason, startLabel: corrected ? '收到补正申请之日' : '收到申请之日', extensionDays: s.extension?.days ?? 0, extendedOn: s.extension?.on ?? null, pauses,
    ...(today !== undefined ? { today } : {}),
  };
}

/**
 * The case with each consultation's answer period (15 working days from the day the party received
 * the letter, 第三十二条、第三十四条) counted on the calendar in force now. The date stored on the
 * event is the one the letter stated; a year loaded since (one counted provisionally then) moves
 * the period, and with it the end of the pause (第三十三条第三款).
 */
export function withCurrentAnswerPeriods(cal: WorkingCalendar, s: CaseState, rules: ClockRules = DEFAULT_CLOCK_RULES): CaseState {
  if (!s.consultations.length) return s;
  return { ...s, consultations: s.consultations.map((c) => ({ ...c, answerDueOn: consultationAnswerDue(cal, c.receivedOn, rules) })) };
}

/**
 * A stored explanation as the applicant may read it. Explanations written before the consulted
 * party was left out of them read 「征求第三方（<名称>）意见…」 / 「征求共同制作机关（<名称>）意见…」;
 * closed cases keep that text (the recompute looks at open cases only), so the public status page
 * and API drop the name (a name with brackets of its own included).
 */
export function publicExplanation(explanation: string): string {
  return explanation.replace(/征求(第三方|共同制作机关)（[^；]*?）意见/g, '征求$1意见');
}

const notRunning = (explanation: string): DueDate => ({ dueOn: null, daysLeft: null, provisional: false, provisionalReason: '', originalDueOn: null, pausedDays: 0, explanation });

/** The reply due date of a case (null fields while awaiting confirmation or correction); see `clockInputOf` for `today`. */
export function dueOf(cal: WorkingCalendar, s: CaseState, rules: ClockRules = DEFAULT_CLOCK_RULES, today?: LocalDate): DueDate {
  if (!s.receivedOn) return notRunning('网上或传真申请以双方确认之日为收到申请之日（第三十一条），确认后开始计算答复期限。');
  if (correctionPending(s)) {
    return notRunning(`已于 ${s.correction!.requestedOn} 发出补正告知，补正期限：${deadlineText(s.correction!.deadlineOn)}；自收到补正申请之日的次日起重新计算 ${rules.replyDays} 个工作日（第三十条）。`);
  }
  return computeDue(cal, clockInputOf(withCurrentAnswerPeriods(cal, s, rules), rules, today)!, rules);
}

// --- decide ---

export interface DecideContext {
  cal: WorkingCalendar;
  rules: ClockRules;
  today: LocalDate;
  /** For `extend`: the approver named in the action and whether they are a supervisor of the case's organisation. */
  approver?: { username: string; isSupervisor: boolean } | null;
  /** For `assign` / `transfer`: the target organisation as resolved by the service. */
  targetOrg?: { code: string; exists: boolean; inScope: boolean } | null;
  /** For `confidentiality_review`: who reviews (the signed-in reviewer). */
  reviewer?: string;
  /** For `issue_fee_notice` by count: which request of this applicant in the calendar month this is. */
  nthRequestThisMonth?: number;
  /** For `issue_fee_notice` by pages: the form of delivery the applicant asked for. */
  delivery?: DeliveryMethod;
  /**
   * For `decide` with a 索引号: the record proactively published under it on this platform, as
   * looked up by the service (null: none is public; undefined: not looked up).
   */
  publishedRecord?: { title: string; publishedOn: string } | null;
}

/** A refusal lists every reason; `fields` names the input fields at fault (for the form), when any. */
export type Decision = { ok: true; events: CaseEvent[]; warnings: string[] } | { ok: false; reasons: string[]; fields?: Record<string, string> };

const isOpen = (s: CaseState) => !s.closedOn && !s.withdrawn;

/** Why a consultation receipt day cannot be taken (named field, Chinese), or '' when it can. */
function receiptProblem(given: string, letterOn: LocalDate, latest: LocalDate): string {
  if (!given) return '';
  if (!isLocalDate(given)) return '收到征求意见书之日（received_on）应为 YYYY-MM-DD 格式的有效日期';
  if (given < letterOn) return `收到征求意见书之日（received_on）${given} 不能早于发函日期 ${letterOn}`;
  if (given > latest) return `收到征求意见书之日（received_on）${given} 不能晚于 ${latest}`;
  return '';
}

/** The warning for a consultation ended after its party's period: the pause stops at the lapse, with the stricter due date. */
function endedLateWarning(ctx: DecideContext, s: CaseState, c: CaseState['consultations'][number], endOn: LocalDate, lapse: LocalDate, receivedOn: LocalDate): string {
  const after: CaseState = { ...s, consultations: s.consultations.map((x) => (x === c ? { ...x, to: endOn, answerDueOn: lapse, receivedOn } : x)) };
  const due = dueOf(ctx.cal, after, ctx.rules, ctx.today).dueOn;
  const article = c.kind === 'co_producer' ? '第三十四条' : '第三十二条';
  return `征求意见结束日期 ${endOn} 晚于对方答复期限 ${lapse}（自收到征求意见书之日 ${receivedOn} 起 ${ctx.rules.consultationDays} 个工作日，${article}）；征求意见期间只计至 ${lapse}（第三十三条第三款），答复期限为 ${due ? deadlineText(due) : '—'}`;
}
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * Judges one action against the case. Pure: returns the events to append (and warnings such as a
 * late correction notice) or every reason it is refused. Enumerated fields may be codes or Chinese
 * labels (`normaliseAction`).
 */
export function decide(stored: CaseState, typed: Action, ctx: DecideContext): Decision {
  const s = withCurrentAnswerPeriods(ctx.cal, stored, ctx.rules);
  const a = normaliseAction(typed);
  const reasons: string[] = [];
  const warnings: string[] = [];
  const fields: Record<string, string> = {};
  const fieldReason = (name: string, reason: string) => { reasons.push(reason); fields[name] ??= reason; };
  const type = a.type as ActionType;
  if (!ACTIONS.values.some((v) => v.code === type)) return { ok: false, reasons: [`未知的操作类型：${String(a.type)}（可填代码或中文名称：${acceptedValues(ACTIONS)}）`] };
  const on = a.on;
  if (!isLocalDate(on)) return { ok: false, reasons: ['日期应为 YYYY-MM-DD 格式的有效日期'] };
  if (on > ctx.today) reasons.push(`日期 ${on} 晚于今天（${ctx.today}），不能登记将来的事项`);
  if (type !== 'record_review' && type !== 'confidentiality_review' && on < s.lastOn) reasons.push(`日期 ${on} 早于上一步的日期 ${s.lastOn}`);
  const open = isOpen(s);
  const needOpen = () => { if (!open) reasons.push(s.withdrawn ? '申请已撤回' : '申请已办结'); };
  const needUndecided = () => { needOpen(); if (s.decision) reasons.push('已作出答复，不能再执行此操作'); };
  const needReceived = () => { if (!s.receivedOn) reasons.push('尚未确认收到申请（网上、传真申请须先确认，第三十一条）'); };
  const data: Record<string, unknown> = {};

  switch (type) {
    case 'confirm_receipt':
      needOpen();
      if (!needsConfirmation(s.channel)) reasons.push(`${CHANNELS.values.find((c) => c.code === s.channel)?.label}申请在登记时已确定收到日期，无需确认`);
      else if (s.receivedOn) reasons.push(`已于 ${s.receivedOn} 确认收到`);
      if (on < s.submittedOn) reasons.push(`确认日期不能早于提交日期 ${s.submittedOn}`);
      break;
    case 'request_correction': {
      needUndecided(); needReceived();
      // 第三十条: one notice only (一次性告知).
      if (s.correction) reasons.push(`已于 ${s.correction.requestedOn} 发出补正告知；补正应一次性告知（第三十条）`);
      if (openConsultation(s)) reasons.push('征求意见期间不能要求补正');
      const items = (a.items ?? []).map(trimmed).filter(Boolean);
      if (!items.length) reasons.push('请写明需要补正的事项（至少一项）');
      let deadline = a.deadline_on?.trim() ?? '';
      if (deadline && !isLocalDate(deadline)) reasons.push('补正期限应为 YYYY-MM-DD 格式的有效日期');
      else if (deadline && deadline <= on) reasons.push('补正期限应晚于告知日期');
      if (!deadline) deadline = workingDaysAfter(ctx.cal, on, ctx.rules.defaultCorrectionPeriodDays).date;
      if (s.receivedOn && !reasons.length) {
        const due = correctionNoticeDue(ctx.cal, s.receivedOn, ctx.rules);
        if (on > due) warnings.push(`补正告知应在收到申请之日起 ${ctx.rules.correctionNoticeDays} 个工作日内（${due} 前）发出（第三十条），本次已逾期`);
      }
      Object.assign(data, { items, deadline_on: deadline });
      break;
    }
    case 'receive_correction':
      needUndecided();
      if (!correctionPending(s)) reasons.push('没有待补正的告知');
      else if (on < s.correction!.requestedOn) reasons.push('收到补正的日期不能早于补正告知日期');
      else if (on > s.correction!.deadlineOn) warnings.push(`补正晚于期限 ${s.correction!.deadlineOn}；如申请人无正当理由，可按“其他处理 1”办理`);
      break;
    case 'assign': {
      needUndecided(); needReceived();
      const t = ctx.targetOrg;
      if (!a.org?.trim()) reasons.push('请选择承办单位');
      else if (!t?.exists) reasons.push(`承办单位 ${a.org} 不存在`);
      else if (!t.inScope) reasons.push(`承办单位 ${a.org} 不在本机关范围内`);
      if (s.assignedOrg && s.assignedOrg === a.org) reasons.push(`已交由 ${a.org} 承办`);
      data.org = a.org?.trim();
      break;
    }
    case 'transfer': {
      needUndecided(); needReceived();
      const t = ctx.targetOrg;
      if (!a.org?.trim()) reasons.push('请选择转办的机关');
      else if (!t?.exists) reasons.push(`机关 ${a.org} 不存在`);
      else if (a.org === s.org) reasons.push('不能转办给本机关');
      if (!trimmed(a.reason)) reasons.push('请写明转办理由');
      Object.assign(data, { org: a.org?.trim(), from_org: s.org, reason: trimmed(a.reason) });
      break;
    }
    case 'extend': {
      needUndecided(); needReceived();
      // 第三十三条第二款: once, at most 20 working days, with the office head's consent.
      if (s.extension) reasons.push(`已于 ${s.extension.on} 延期，答复期限只能延长一次（第三十三条第二款）`);
      const days = a.days;
      if (!Number.isInteger(days) || days! < 1 || days! > ctx.rules.maxExtensionDays) reasons.push(`延长期限应为 1 至 ${ctx.rules.maxExtensionDays} 个工作日（第三十三条第二款）`);
      if (!trimmed(a.approved_by)) reasons.push('请填写批准延期的政府信息公开工作机构负责人');
      else if (!ctx.approver?.isSupervisor) reasons.push(`${a.approved_by} 不是本机关的政府信息公开工作机构负责人（supervisor），不能批准延期`);
      if (!trimmed(a.reason)) reasons.push('请写明延期理由');
      if (correctionPending(s)) reasons.push('待补正期间答复期限尚未起算，不能延期');
      const due = dueOf(ctx.cal, s, ctx.rules, ctx.today).dueOn;
      if (due && on > due) reasons.push(`答复期限已于 ${due} 届满，不能再延期`);
      Object.assign(data, { days, approved_by: trimmed(a.approved_by), reason: trimmed(a.reason) });
      break;
    }
    case 'start_consultation': {
      needUndecided(); needReceived();
      if (correctionPending(s)) reasons.push('待补正期间不能征求意见');
      if (openConsultation(s)) reasons.push('已有征求意见尚未结束');
      const kind = a.kind as ConsultationKind;
      if (kind !== 'third_party' && kind !== 'co_producer') reasons.push('征求意见对象类型应为 third_party（第三方）或 co_producer（共同制作机关）');
      if (!trimmed(a.party)) reasons.push('请填写被征求意见的第三方或机关名称');
      const sentVia = (trimmed(a.sent_via) || 'in_person') as LetterSending;
      if (!LETTER_SENDINGS.values.some((v) => v.code === sentVia)) fieldReason('sent_via', '征求意见书送达方式（sent_via）应为 in_person（当面送达）、mail（邮寄）或 electronic（电子方式）');
      // 第三十二条/第三十四条: the consulted party has 15 working days from the day it receives the letter.
      const given = trimmed(a.received_on);
      const receipt = receiptProblem(given, on, ctx.today);
      if (receipt) fieldReason('received_on', receipt);
      const receivedOn = given || defaultLetterReceipt(on, sentVia, ctx.rules);
      Object.assign(data, { party: trimmed(a.party), kind, sent_via: sentVia, received_on: receivedOn, received_on_recorded: !!given });
      if (!reasons.length) data.answer_due_on = consultationAnswerDue(ctx.cal, receivedOn, ctx.rules);
      break;
    }
    case 'record_consultation_receipt': {
      needUndecided();
      const c = s.consultations[s.consultations.length - 1];
      const given = trimmed(a.received_on);
      if (!c) reasons.push('没有征求意见，无需登记送达日期');
      else {
        if (!given) fieldReason('received_on', '请填写第三方或有关机关收到征求意见书之日（received_on）');
        else {
          const receipt = receiptProblem(given, c.from, on);
          if (receipt) fieldReason('received_on', receipt);
          else if (c.to && given > c.to) fieldReason('received_on', `收到征求意见书之日（received_on）${given} 不能晚于征求意见结束日期 ${c.to}`);
        }
        if (!reasons.length) {
          Object.assign(data, { letter_on: c.from, received_on: given, answer_due_on: consultationAnswerDue(ctx.cal, given, ctx.rules) });
          if (c.to && (data.answer_due_on as string) < c.to) warnings.push(endedLateWarning(ctx, s, c, c.to, data.answer_due_on as string, given));
        }
      }
      break;
    }
    case 'end_consultation': {
      needUndecided();
      const c = openConsultation(s);
      if (!c) reasons.push('没有进行中的征求意见');
      else if (on < c.from) reasons.push('结束日期不能早于征求意见日期');
      if (!trimmed(a.result)) reasons.push('请填写征求意见结果（同意公开、不同意公开及理由、逾期未答复等）');
      // 第三十三条第三款: an end recorded after the party's period lapsed does not lengthen the pause.
      if (c && !reasons.length && c.answerDueOn && on > c.answerDueOn) warnings.push(endedLateWarning(ctx, s, c, on, c.answerDueOn, c.receivedOn));
      data.result = trimmed(a.result);
      break;
    }
    case 'issue_fee_notice': {
      needUndecided(); needReceived();
      if (s.fee) reasons.push(`已于 ${s.fee.on} 发出收费通知`);
      // 国办函〔2020〕109号: one basis per application, never both.
      if (a.basis !== 'count' && a.basis !== 'pages') reasons.push('计费方式应为 count（按件）或 pages（按量），二者只能选其一（国办函〔2020〕109号）');
      let amount = a.amount;
      let explanation = '';
      if (a.basis === 'count') {
        const nth = ctx.nthRequestThisMonth ?? 1;
        const due = feeForNthRequest(nth);
        explanation = explainFee('count', nth);
        if (amount === undefined) amount = due;
        if (due === 0) reasons.push(`本申请人本自然月第 ${nth} 件申请，按件计收在 10 件以内免费，不应收费`);
      } else if (a.basis === 'pages') {
        if (!Number.isInteger(a.pages) || a.pages! < 1) reasons.push('按量计收须填写页数（正整数）');
        else {
          const due = feeForPages(a.pages!);
          explanation = explainFee('pages', a.pages!);
          if (amount === undefined) amount = due;
          if (due === 0) reasons.push(`共 ${a.pages} 页，30 页以内免费，不应收费`);
        }
        // 109号 第五条: 按量计收 applies to paper copies, e-mail or copied electronic data.
        if (ctx.delivery === 'online') warnings.push('按量计收适用于提供纸质件、发送电子邮件、复制电子数据等方式（国办函〔2020〕109号第五条），本申请选择网上获取，请核实计费方式');
      }
      if (amount !== undefined && (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0)) reasons.push('收费金额应为大于 0 的数字（元）');
      if (!reasons.length && explanation && amount !== undefined && !explanation.includes(`收费 ${amount} 元`)) warnings.push(`收费金额 ${amount} 元与标准计算结果不同：${explanation}`);
      // The fee notice is sent within the reply period (四川 notice on 109号; regulations.md §1.4).
      const replyDue = dueOf(ctx.cal, s, ctx.rules, ctx.today).dueOn;
      if (!reasons.length && replyDue && on > replyDue) warnings.push(`收费通知应在答复期限内发出，答复期限已于 ${replyDue} 届满`);
      Object.assign(data, { basis: a.basis, amount, pay_by: feePaymentDue(ctx.cal, on, ctx.rules), explanation });
      if (a.pages !== undefined) data.pages = a.pages;
      break;
    }
    case 'record_payment':
      needUndecided();
      if (!feeUnpaid(s)) reasons.push('没有待缴的收费通知');
      else if (on > s.fee!.payBy) warnings.push(`缴费晚于期限 ${s.fee!.payBy}`);
      break;
    case 'decide': {
      needUndecided(); needReceived();
      const o = findOutcome(a.outcome ?? '');
      const texts = (a.reasons ?? []).map(trimmed).filter(Boolean);
      if (!o) reasons.push(`答复类型应为 ${OUTCOME_CODES.join('、')} 之一`);
      if (openConsultation(s)) reasons.push('征求意见尚未结束，不能作出答复');
      if (o?.code === 'other.1') {
        // 第三十条: only when the correction deadline passed without a correction.
        if (!correctionPending(s)) reasons.push('“其他处理 1”仅适用于申请人逾期未补正的申请');
        else if (on <= s.correction!.deadlineOn) reasons.push(`补正期限 ${s.correction!.deadlineOn} 尚未届满`);
      } else if (correctionPending(s)) reasons.push('正在等待申请人补正，不能作出答复（逾期未补正的，选择“其他处理 1”）');
      // 第三十条 / table 三 「无法提供 3.补正后申请内容仍不明确」: only after a correction was received.
      if (o?.code === 'unable.3' && !s.correction?.receivedOn) reasons.push('“无法提供 3”仅适用于申请人补正后内容仍不明确的申请（第三十条）；尚未收到补正');
      if (o?.code === 'other.2') {
        if (!feeUnpaid(s)) reasons.push('“其他处理 2”仅适用于逾期未缴费的申请');
        else if (on <= s.fee!.payBy) reasons.push(`缴费期限 ${s.fee!.payBy} 尚未届满`);
      } else if (o && feeUnpaid(s) && (o.family === 'disclose' || o.family === 'partial')) reasons.push('收费通知尚未缴费，不能提供信息（逾期未缴费的，选择“其他处理 2”）');
      // 第十七条: information is reviewed for secrets before it is disclosed.
      const lastReview = s.confidentiality[s.confidentiality.length - 1];
      if (o && (o.family === 'disclose' || o.family === 'partial')) {
        if (lastReview?.result === 'not_cleared') reasons.push(`保密审查（${lastReview.on}）认为不得公开，不能作出公开答复（第十七条）`);
        else if (!lastReview && !trimmed(a.record_index_no)) warnings.push('拟公开的信息尚未登记保密审查（《政府信息公开条例》第十七条）');
      }
      // 第三十七条: partial disclosure gives the reason for the withheld part.
      if (o?.family === 'partial' && !trimmed(a.withheld_reason)) reasons.push('部分公开须说明不予公开部分的理由（第三十七条）');
      if (o && o.family !== 'disclose' && o.family !== 'partial' && !texts.length) reasons.push('请写明答复理由');
      if (a.record_index_no !== undefined && o?.family !== 'disclose') reasons.push('只有“予以公开”（已主动公开）的答复可以指向主动公开信息的索引号');
      const due = dueOf(ctx.cal, s, ctx.rules, ctx.today).dueOn;
      if (due && on > due) warnings.push(`答复晚于期限 ${due}（已逾期 ${workingDaysFrom(ctx.cal, due, on)} 个工作日）`);
      Object.assign(data, { outcome: o?.code, reasons: texts.length ? texts : o ? [o.reasonTexts[0]] : [] });
      if (trimmed(a.withheld_reason)) data.withheld_reason = trimmed(a.withheld_reason);
      if (trimmed(a.record_index_no)) {
        data.record_index_no = trimmed(a.record_index_no);
        // 第三十六条第（一）项: the reply tells the applicant how to obtain the published information,
        // so the record's title and date go into the letter; an unknown 索引号 is worth a second look.
        if (ctx.publishedRecord) Object.assign(data, { record_title: ctx.publishedRecord.title, record_published_on: ctx.publishedRecord.publishedOn });
        else if (ctx.publishedRecord === null) warnings.push(`索引号 ${trimmed(a.record_index_no)} 在本平台没有已公开的信息，请核对；答复书将只写明该索引号`);
      }
      break;
    }
    case 'deliver': {
      needOpen();
      if (!s.decision) reasons.push('尚未作出答复，不能送达');
      if (s.delivery) reasons.push(`已于 ${s.delivery.on} 送达`);
      const m = a.method as DeliveryMethod;
      if (!DELIVERY_METHODS.values.some((v) => v.code === m)) reasons.push('送达方式应为 pickup（自取）、mail（邮寄）、email（电子邮件）或 online（网上）');
      if (m === 'mail' && !trimmed(a.tracking_no)) reasons.push('邮寄送达须填写 EMS 邮件号');
      const due = s.decision ? dueOf(ctx.cal, s, ctx.rules, ctx.today).dueOn : null;
      if (due && on > due) warnings.push(`送达晚于答复期限 ${due}`);
      data.method = m;
      if (trimmed(a.tracking_no)) data.tracking_no = trimmed(a.tracking_no);
      break;
    }
    case 'close':
      needOpen();
      if (!s.delivery) reasons.push('答复送达后才能办结');
      break;
    case 'withdraw':
      needUndecided();
      if (!trimmed(a.reason)) reasons.push('请填写撤回理由（申请人的撤回申请）');
      data.reason = trimmed(a.reason);
      break;
    case 'confidentiality_review': {
      needUndecided(); needReceived();
      if (!CONFIDENTIALITY_RESULTS.values.some((v) => v.code === a.result)) reasons.push('审查结论应为 cleared（可以公开）或 not_cleared（不得公开）');
      if (a.result === 'not_cleared' && !trimmed(a.opinion)) reasons.push('审查结论为不得公开时，请写明审查意见');
      Object.assign(data, { result: a.result, opinion: trimmed(a.opinion), reviewer: ctx.reviewer ?? '' });
      break;
    }
    case 'record_review': {
      if (!s.decision) reasons.push('尚未作出答复，不能登记复议或诉讼');
      if (!REVIEW_KINDS.values.some((v) => v.code === a.kind)) reasons.push('类型应为 review（行政复议）、litigation_direct（直接起诉）或 litigation_after_review（复议后起诉）');
      if (!REVIEW_RESULTS.values.some((v) => v.code === a.result)) reasons.push('结果应为 upheld、corrected、other 或 pending');
      if (s.decision && on < s.decision.on) reasons.push('复议或诉讼日期不能早于答复日期');
      Object.assign(data, { kind: a.kind, result: a.result });
      break;
    }
  }
  if (reasons.length) return Object.keys(fields).length ? { ok: false, reasons: [...new Set(reasons)], fields } : { ok: false, reasons: [...new Set(reasons)] };
  // The warnings are kept with the event: the record shows what was late, and the case page reads them from there.
  if (warnings.length) data.warnings = warnings;
  return { ok: true, events: [{ type, on, data }], warnings };
}

/** Applies events to a log and returns the new state (the service persists the same events). */
export function apply(events: readonly CaseEvent[], added: readonly CaseEvent[]): CaseState {
  return fold([...events, ...added]);
}

/** The registration event of a new case. */
export function registrationEvent(channel: Channel, org: string, on: LocalDate): CaseEvent {
  return { type: 'registered', on, data: { channel, org } };
}

// --- statutory periods that ran out while the case waits on someone else ---

/**
 * Warnings for the case page when a waiting period has passed and the office must act: the
 * correction period (第三十条 → 其他处理 1), the consulted party's 15 working days (第三十二条:
 * the office then decides; 第三十四条: silence counts as consent — the clock stays stopped until
 * the consultation is ended), and the fee payment period (国办函〔2020〕109号 → 其他处理 2).
 */
export function lapsedPeriodWarnings(s: CaseState, today: LocalDate): string[] {
  const out: string[] = [];
  if (!isOpen(s) || s.decision) return out;
  if (correctionPending(s) && today > s.correction!.deadlineOn) out.push(`补正期限 ${s.correction!.deadlineOn} 已过，申请人尚未补正；无正当理由逾期不补正的，可按“其他处理 1”答复（第三十条）`);
  const c = openConsultation(s);
  if (c && c.answerDueOn && today > c.answerDueOn) {
    const resumed = `征求意见期间只计至 ${c.answerDueOn}，答复期限已恢复计算（第三十三条第三款）；请登记征求意见结果并结束征求意见`;
    out.push(c.kind === 'third_party'
      ? `第三方（${c.party}）的答复期限 ${c.answerDueOn} 已过：逾期未提出意见的，由本机关依照条例规定决定是否公开（第三十二条）；${resumed}`
      : `共同制作机关（${c.party}）的答复期限 ${c.answerDueOn} 已过：逾期未提出意见的视为同意公开（第三十四条）；${resumed}`);
  }
  if (feeUnpaid(s) && today > s.fee!.payBy) out.push(`缴费期限 ${s.fee!.payBy} 已过，申请人尚未缴费；可按“其他处理 2”答复（国办函〔2020〕109号）`);
  return out;
}

// --- internal targets (inside the legal limit; configurable per organisation) ---

/** Internal targets in working days from receipt, e.g. the speculative 「151015」 of 恩施 (UNCONFIRMED). */
export interface InternalTargets {
  registerDays: number;
  assignDays: number;
  draftDays: number;
  replyDays: number;
}

/** Warnings for an open case that has passed an internal target (pauses are not subtracted). */
export function targetWarnings(cal: WorkingCalendar, s: CaseState, t: InternalTargets, today: LocalDate, registeredOn?: LocalDate): string[] {
  const out: string[] = [];
  if (!s.receivedOn || s.delivery) return out;
  if (registeredOn && workingDaysFrom(cal, s.receivedOn, registeredOn) > t.registerDays) out.push(`登记晚于内部目标（收到后 ${t.registerDays} 个工作日内登记）`);
  const start = s.correction?.receivedOn ?? s.receivedOn;
  if (correctionPending(s)) return out;
  const elapsed = workingDaysFrom(cal, start, today);
  if (!s.assignedOrg && !s.transfers.length && !s.decision && elapsed > t.assignDays) out.push(`已过 ${elapsed} 个工作日仍未交办（内部目标 ${t.assignDays} 个工作日）`);
  if (!s.decision && elapsed > t.draftDays) out.push(`已过 ${elapsed} 个工作日仍未拟定答复（内部目标 ${t.draftDays} 个工作日）`);
  if (!s.delivery && elapsed > t.replyDays) out.push(`已过 ${elapsed} 个工作日仍未答复送达（内部目标 ${t.replyDays} 个工作日，法定期限见截止日期）`);
  return out;
}
