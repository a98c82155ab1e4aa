// Pure: the texts of the standard letters of a case (依申请公开文书), filled from the facts as they
// stood on the letter's own event (issue 15): its date is the event date, its due date the one in
// force then, its 发文字号 the issuing office's prefix and yearly serial (allocated once, when the
// event is appended). The DOCX layout (GB/T 9704) is in letters-docx.ts. Every 答复书 ends with the
// remedy notice (《行政复议法》: 60 days; 《行政诉讼法》第四十六条: 6 months).
import { labelOf } from '../../platform/web/enums.ts';
import { deadlineText } from './deadlines.ts';
import {
  APPLICANT_TYPES, CHANNELS, DELIVERY_METHODS, FAMILY_LABELS, findOutcome,
  type ApplicantType, type CaseEvent, type CaseState, type Channel, type DeliveryMethod,
} from './workflow.ts';

export type LetterKind = 'application_form' | 'receipt' | 'correction' | 'extension' | 'consultation' | 'transfer' | 'confidentiality' | 'reply' | 'fee' | 'delivery_receipt';

export const LETTER_KINDS: { code: LetterKind; label: string }[] = [
  { code: 'application_form', label: '政府信息公开申请表' },
  { code: 'receipt', label: '政府信息公开申请登记回执' },
  { code: 'correction', label: '政府信息公开申请补正告知书' },
  { code: 'extension', label: '政府信息公开延期答复告知书' },
  { code: 'consultation', label: '政府信息公开征求第三方意见书' },
  { code: 'transfer', label: '政府信息公开申请转办函' },
  { code: 'confidentiality', label: '政府信息公开保密审查表' },
  { code: 'reply', label: '政府信息公开申请答复书' },
  { code: 'fee', label: '政府信息公开信息处理费收费通知书' },
  { code: 'delivery_receipt', label: '政府信息公开文书送达回执' },
];

/** The facts of a letter that are not in the event log, fixed when the letter is issued. */
export interface LetterFacts {
  reference: string;
  /** The issuing office (发文机关, 落款). For a 转办函 the transferring office. */
  orgName: string;
  /** 行政复议机关 and 人民法院 named in the remedy notice (configurable; defaults from the organisation tree). */
  reviewBody: string;
  court: string;
  /** 转办函: the receiving office (主送). */
  transferTargetName?: string;
  /**
   * When the issuing office got the application by a 转办: the office that received it from the
   * applicant, and the day it was transferred to the issuer (「磁县人民政府于…收到…，于…转本机关办理」).
   */
  receivedBy?: { name: string; transferredOn: string };
  applicant: { type: ApplicantType; subtype: string | null; name: string; idNumber: string | null; phone: string | null; email: string | null; address: string | null };
  channel: Channel;
  submittedOn: string;
  receivedOn: string | null;
  description: string;
  delivery: DeliveryMethod;
  /** The due date in force when the letter was issued, and whether it was provisional (no holiday notice yet). */
  dueOn: string | null;
  dueProvisional?: boolean;
  /** 征求意见书: whether the party's answer date was counted through a year without a holiday notice. */
  answerDueProvisional?: boolean;
  /** 发文字号, or null for forms (申请表, 保密审查表, 送达回执). */
  docNumber: string | null;
  /** 成文日期: the date of the letter's event. */
  dated: string;
}

export interface LetterCase extends LetterFacts {
  /** Only on a receipt printed right after registration (the code is stored hashed). */
  trackingCode?: string | null;
  /** The case as it stood on the letter's event (the log folded up to it). */
  state: CaseState;
}

export interface Letter {
  kind: LetterKind;
  title: string;
  /** 主送: the applicant (or the consulted party / receiving agency). */
  recipient: string | null;
  paragraphs: string[];
  /** Label/value rows for forms (申请表, 回执, 保密审查表, 送达回执). */
  table?: [string, string][];
  /** 发文字号 (null: a form, printed without one) */
  docNumber: string | null;
  signatory: string;
  dated: string;
}

/** Whether the case has reached the point where a letter of this kind makes sense. */
export function letterAvailable(kind: LetterKind, s: CaseState): boolean {
  switch (kind) {
    // 第三十一条: an online or fax application is received when both sides confirm it.
    case 'receipt': return !!s.receivedOn;
    case 'correction': return !!s.correction;
    case 'extension': return !!s.extension;
    case 'consultation': return s.consultations.length > 0;
    case 'transfer': return s.transfers.length > 0;
    case 'reply': return !!s.decision;
    case 'confidentiality': return !!s.decision || s.confidentiality.length > 0;
    case 'fee': return !!s.fee;
    case 'delivery_receipt': return !!s.decision;
    default: return true;
  }
}

/** Letters that carry a 发文字号 (outgoing letters); forms and the internal review sheet do not. */
export const NUMBERED_KINDS: readonly LetterKind[] = ['receipt', 'correction', 'extension', 'consultation', 'transfer', 'reply', 'fee'];

/**
 * The letters an event issues, given the case as it stands after the event. A letter is issued
 * once per issuing event; a later event of the same kind (a second consultation, the 送达回执 filled
 * in on delivery) issues a new one, and the newest is the one printed.
 */
export function lettersIssuedBy(e: Pick<CaseEvent, 'type'>, after: CaseState): LetterKind[] {
  const out: LetterKind[] = [];
  switch (e.type) {
    case 'registered': out.push('application_form', 'receipt'); break;
    case 'confirm_receipt': out.push('receipt'); break;
    case 'request_correction': out.push('correction'); break;
    case 'extend': out.push('extension'); break;
    case 'start_consultation': out.push('consultation'); break;
    case 'transfer': out.push('transfer'); break;
    case 'confidentiality_review': out.push('confidentiality'); break;
    // The 保密审查表 is printed blank with the decision when no review was recorded before it.
    case 'decide': out.push('reply', 'delivery_receipt', ...(after.confidentiality.length ? [] : ['confidentiality' as const])); break;
    case 'deliver': out.push('delivery_receipt'); break;
    case 'issue_fee_notice': out.push('fee'); break;
    default: break;
  }
  return out.filter((k) => letterAvailable(k, after));
}

/** The index in `events` of the event that issued the current letter of `kind`, or -1. */
export function issuingEventIndex(kind: LetterKind, events: readonly CaseEvent[], foldUpTo: (n: number) => CaseState): number {
  for (let i = events.length - 1; i >= 0; i--) {
    if (lettersIssuedBy(events[i]!, foldUpTo(i + 1)).includes(kind)) return i;
  }
  return -1;
}

/** 发文字号: 机关代字 + 〔年份〕 + 序号 + 号 (GB/T 9704-2012 7.2.4), e.g. 磁政依公〔2026〕15号. */
export const formatDocNumber = (prefix: string, year: number, serial: number) => `${prefix}〔${year}〕${serial}号`;

/** The prefix when an organisation has set none: its short name + (政 for a government) + 依公. */
export function defaultDocPrefix(orgName: string, kind?: string): string {
  const short = orgName.replace(/(人民政府|街道办事处|办事处)$/, '');
  return `${short}${kind === 'government' ? '政' : ''}依公`;
}

/** The organisation names whose default prefix (defaultDocPrefix) could be `prefix`. */
export function namesWithDefaultPrefix(prefix: string): string[] {
  if (!prefix.endsWith('依公')) return [];
  const base = prefix.slice(0, -2);
  const gov = base.endsWith('政') ? [`${base.slice(0, -1)}人民政府`] : [];
  return [base, `${base}街道办事处`, `${base}办事处`, ...gov];
}

/** A prefix an administrator may set: 2–20 characters, no brackets or spaces (the year and 号 are added). */
export function docPrefixProblem(prefix: string): string | null {
  if (prefix.length < 2 || prefix.length > 20) return 'length';
  if (/[\s〔〕[\]()（）【】<>]/u.test(prefix) || /号$/.test(prefix)) return 'characters';
  return null;
}

export const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The remedy notice ending every 答复书. */
export function remedyNotice(c: Pick<LetterCase, 'reviewBody' | 'court'>): string {
  return `如对本答复不服，可以自收到本答复之日起60日内向${c.reviewBody}申请行政复议，或者自收到本答复之日起6个月内向${c.court}提起行政诉讼。`;
}

/** Free text set into a sentence of the letter, without its own closing punctuation (no 「因需调取档案。，」). */
export const clause = (text: string) => text.trim().replace(/[。．.，,；;：:、！!？?\s]+$/u, '');

/** A description in quotation marks without its own closing punctuation (no 「…文件。”。」). */
export const quoted = (text: string) => `“${clause(text)}”`;

const REG = '《中华人民共和国政府信息公开条例》';

/**
 * 本机关于…收到…: the original receipt date and, after a correction, the day the corrected application
 * came; for an office that got the application by a 转办, the office that received it and the transfer day.
 */
function receivedSentence(c: LetterCase, by = '您'): string {
  const first = c.state.receivedOn ?? c.receivedOn;
  const k = c.state.correction;
  const office = c.receivedBy?.name ?? '本机关';
  const head = first ? `${office}于${chineseDate(first)}收到${by}提出的政府信息公开申请（申请编号：${c.reference}）` : `${office}已登记${by}提出的政府信息公开申请（申请编号：${c.reference}）`;
  const corrected = k?.receivedOn ? `${head}，经告知补正，于${chineseDate(k.receivedOn)}收到补正后的申请` : head;
  return c.receivedBy ? `${corrected}，于${chineseDate(c.receivedBy.transferredOn)}转本机关办理` : corrected;
}

function replyBody(c: LetterCase): string[] {
  const d = c.state.decision!;
  const o = findOutcome(d.outcome)!;
  // 第三十六条: 第（一）项 for information already published (with its 索引号), 第（二）项 for information
  // the office may disclose and now provides.
  const basis = o.family === 'disclose' ? `${REG}第三十六条第（${d.recordIndexNo ? '一' : '二'}）项` : o.basis;
  const out = [`${receivedSentence(c)}，您申请获取${quoted(c.description)}。`];
  out.push(`经审查，根据${basis}的规定，现答复如下：`);
  for (const r of d.reasons) out.push(r);
  if (o.family === 'partial' && d.withheldReason) out.push(`不予公开部分的理由：${d.withheldReason}`);
  if (o.family === 'disclose' && d.recordIndexNo) {
    out.push(d.recordTitle && d.recordPublishedOn
      ? `您申请的信息已于${chineseDate(d.recordPublishedOn)}主动公开，标题为《${d.recordTitle}》，索引号：${d.recordIndexNo}。您可以在本机关政府信息公开平台“主动公开”栏目按索引号或标题查阅、下载。`
      : `该信息已主动公开，索引号：${d.recordIndexNo}，可在本机关政府信息公开平台查阅。`);
  }
  if (o.family === 'disclose' || o.family === 'partial') out.push(`本机关将按照您选择的方式（${labelOf(DELIVERY_METHODS, c.delivery)}）提供上述信息。`);
  out.push(`（答复类型：${FAMILY_LABELS[o.family]}${o.family === o.code ? '' : `——${o.label}`}）`);
  out.push(remedyNotice(c));
  return out;
}

/** Builds the letter of `kind` from the facts as they stood on its event. */
export function buildLetter(kind: LetterKind, c: LetterCase): Letter {
  const s = c.state;
  const title = LETTER_KINDS.find((k) => k.code === kind)!.label;
  const base = { kind, title, docNumber: c.docNumber, signatory: c.orgName, dated: c.dated };
  const to = `${c.applicant.name}：`;
  const applicantRows: [string, string][] = [
    ['申请人类型', `${labelOf(APPLICANT_TYPES, c.applicant.type)}${c.applicant.subtype ? `（${c.applicant.subtype}）` : ''}`],
    [c.applicant.type === 'legal_person' ? '名称' : '姓名', c.applicant.name],
    [c.applicant.type === 'legal_person' ? '统一社会信用代码' : '身份证号码', c.applicant.idNumber ?? ''],
    ['联系电话', c.applicant.phone ?? ''], ['电子邮箱', c.applicant.email ?? ''], ['通信地址', c.applicant.address ?? ''],
  ];
  switch (kind) {
    case 'application_form':
      return { ...base, recipient: null, paragraphs: [], table: [
        ['申请编号', c.reference], ...applicantRows, ['受理机关', c.orgName], ['所需政府信息', c.description],
        ['获取方式', labelOf(DELIVERY_METHODS, c.delivery)], ['申请渠道', labelOf(CHANNELS, c.channel)], ['提交日期', chineseDate(c.submittedOn)],
      ] };
    case 'receipt':
      return { ...base, recipient: to, paragraphs: [
        `本机关已登记您提出的政府信息公开申请，申请编号：${c.reference}${c.trackingCode ? `，查询码：${c.trackingCode}（请妥善保管）` : ''}。`,
        s.receivedOn ? `收到申请日期：${chineseDate(s.receivedOn)}（${labelOf(CHANNELS, c.channel)}，${REG}第三十一条）。` : '网上或传真申请以双方确认之日为收到申请之日，确认后将另行告知。',
        c.dueOn ? `本机关将于${deadlineText(c.dueOn, c.dueProvisional)}作出答复（第三十三条；需补正、征求意见或延期的，另行告知）。${c.dueProvisional ? '该日期按法定节假日暂定，国务院办公厅公布当年节假日安排后可能调整，调整后另行告知。' : ''}` : '答复期限自收到申请之日起计算20个工作日。',
      ], table: [['申请编号', c.reference], ['所需政府信息', c.description]] };
    case 'correction': {
      const k = s.correction!;
      return { ...base, recipient: to, paragraphs: [
        `${receivedSentence(c)}。经审查，您的申请内容不明确，根据${REG}第三十条的规定，请您对下列事项作出补正：`,
        ...k.items.map((it, i) => `${i + 1}. ${it}`),
        `请于${deadlineText(k.deadlineOn)}补正。答复期限自本机关收到补正后的申请之日起重新计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      ] };
    }
    case 'extension': {
      const e = s.extension!;
      return { ...base, recipient: to, paragraphs: [
        `${receivedSentence(c)}。因${clause(e.reason)}，不能在法定期限内作出答复。`,
        `根据${REG}第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长${e.days}个工作日${c.dueOn ? `，本机关将于${deadlineText(c.dueOn, c.dueProvisional)}作出答复` : ''}。`,
        '特此告知。',
      ] };
    }
    case 'consultation': {
      const k = s.consultations[s.consultations.length - 1]!;
      const third = k.kind === 'third_party';
      // 第三十二条、第三十四条: 15 working days from the day the party receives the letter — handed over
      // today, or the (expected or recorded) day of receipt when it goes by post or electronically.
      // 暂定 when counted through a year whose holiday notice was not loaded when the letter was issued.
      const answerBy = k.sentVia === 'in_person' || k.receivedOn === k.from
        ? `即${deadlineText(k.answerDueOn, c.answerDueProvisional)}`
        : `按${k.receiptRecorded ? '' : '预计'}${chineseDate(k.receivedOn)}收到计算，为${deadlineText(k.answerDueOn, c.answerDueProvisional)}`;
      // 第三十四条 asks another agency, not a third party: the title says so.
      return { ...base, title: third ? title : '政府信息公开征求意见函', recipient: `${k.party}：`, paragraphs: [
        third
          ? `本机关收到政府信息公开申请（申请编号：${c.reference}），申请获取${quoted(c.description)}。本机关认为，公开该信息可能损害你方合法权益。`
          : `本机关收到政府信息公开申请（申请编号：${c.reference}），申请获取${quoted(c.description)}。该信息由本机关与你机关共同制作。`,
        third
          ? `根据${REG}第三十二条的规定，现书面征求你方意见。请自收到本意见书之日起15个工作日内提出意见，${answerBy}；逾期未提出意见的，由本机关依照条例的规定决定是否公开。`
          : `根据${REG}第三十四条的规定，现征求你机关意见。请自收到本意见书之日起15个工作日内提出意见，${answerBy}；逾期未提出意见的，视为同意公开。`,
      ] };
    }
    case 'transfer': {
      const t = s.transfers[s.transfers.length - 1]!;
      // Issued and signed by the transferring office (c.orgName), addressed to the receiving one.
      return { ...base, recipient: `${c.transferTargetName ?? t.to}：`, paragraphs: [
        `${receivedSentence(c, c.applicant.name)}，申请获取${quoted(c.description)}。`,
        `因${clause(t.reason)}，现将该申请转你单位办理，请依照${REG}的规定在法定期限内答复申请人，并告知本机关。`,
      ] };
    }
    case 'confidentiality': {
      const r = s.confidentiality[s.confidentiality.length - 1];
      return { ...base, recipient: null, paragraphs: [`根据《中华人民共和国保守国家秘密法》和${REG}第十七条，拟公开的政府信息应当依法进行保密审查。`], table: [
        ['申请编号', c.reference], ['拟公开信息', c.description], ['拟答复类型', s.decision ? findOutcome(s.decision.outcome)!.label : ''],
        ['承办人意见', ''], ['保密审查结论', r ? (r.result === 'cleared' ? '经审查可以公开' : '涉密或敏感，不得公开') : ''], ['保密审查意见', r?.opinion ?? ''],
        ['审查人（签字）', r?.reviewer ?? ''], ['审查日期', r ? chineseDate(r.on) : ''],
      ] };
    }
    case 'reply':
      return { ...base, recipient: to, paragraphs: replyBody(c) };
    case 'fee': {
      const f = s.fee!;
      return { ...base, recipient: to, paragraphs: [
        `您提出的政府信息公开申请（申请编号：${c.reference}），根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），需收取信息处理费。`,
        `计收方式：${f.basis === 'count' ? '按件计收' : '按量计收'}；应缴金额：${f.amount}元。${f.explanation ? `计算依据：${clause(f.explanation)}。` : ''}`,
        `请于${deadlineText(f.payBy)}缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      ] };
    }
    case 'delivery_receipt': {
      const d = s.delivery;
      return { ...base, recipient: null, paragraphs: [], table: [
        ['申请编号', c.reference], ['受送达人', c.applicant.name], ['送达文书', '政府信息公开申请答复书'],
        ['送达方式', d ? labelOf(DELIVERY_METHODS, d.method) : ''], ['邮件号', d?.trackingNo ?? ''], ['送达日期', d ? chineseDate(d.on) : ''],
        ['受送达人签收', ''], ['送达人', ''],
      ] };
    }
  }
}

/** The blank 政府信息公开申请表 offered on the public pages (item 7): no personal data, no office. */
export function blankApplicationForm(): Letter {
  const blank = (label: string): [string, string] => [label, ''];
  return {
    kind: 'application_form', title: '政府信息公开申请表', recipient: null, docNumber: null, signatory: '', dated: '',
    // 第二十九条: 申请人的姓名或者名称、身份证明、联系方式; 所需信息的名称、文号或者特征性描述; 获取方式、途径.
    paragraphs: [`依据${REG}第二十九条填写，可当面提交、邮寄或传真至受理机关，也可以在本平台网上申请。`],
    table: [
      ['申请人类型', '□ 公民　□ 法人或其他组织'], blank('姓名或名称'), blank('身份证号码／统一社会信用代码'), blank('联系电话'), blank('电子邮箱'), blank('通信地址'),
      blank('受理机关'), blank('所需政府信息（名称、文号或特征性描述）'), ['获取方式', DELIVERY_METHODS.values.map((m) => `□ ${m.label}`).join('　')], blank('申请人签名或盖章'), blank('申请日期'),
    ],
  };
}
