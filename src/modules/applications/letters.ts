// Pure: the texts of the standard letters of a case (依申请公开文书), filled from the case. The DOCX
// layout (GB/T 9704) is in letters-docx.ts. Every 答复书 ends with the remedy notice
// (《行政复议法》: 60 days; 《行政诉讼法》第四十六条: 6 months).
import { labelOf } from '../../platform/web/enums.ts';
import {
  APPLICANT_TYPES, CHANNELS, CONSULTATION_KINDS, DELIVERY_METHODS, FAMILY_LABELS, findOutcome,
  type ApplicantType, type CaseState, type Channel, type DeliveryMethod,
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

export interface LetterCase {
  reference: string;
  trackingCode?: string | null;
  orgName: string;
  /** 行政复议机关 and 人民法院 named in the remedy notice (configurable; defaults from the organisation tree). */
  reviewBody: string;
  court: string;
  transferTargetName?: string;
  applicant: { type: ApplicantType; subtype: string | null; name: string; idNumber: string | null; phone: string | null; email: string | null; address: string | null };
  channel: Channel;
  submittedOn: string;
  receivedOn: string | null;
  description: string;
  delivery: DeliveryMethod;
  dueOn: string | null;
  state: CaseState;
  /** The date printed as 成文日期 (the event's date, or today). */
  dated: string;
}

export interface Letter {
  kind: LetterKind;
  title: string;
  /** 主送: the applicant (or the consulted party / receiving agency). */
  recipient: string | null;
  paragraphs: string[];
  /** Label/value rows for forms (申请表, 回执, 保密审查表, 送达回执). */
  table?: [string, string][];
  /** 发文字号 */
  docNumber: string;
  signatory: string;
  dated: string;
}

/** Whether the case has reached the point where a letter of this kind makes sense. */
export function letterAvailable(kind: LetterKind, s: CaseState): boolean {
  switch (kind) {
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

export const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The remedy notice ending every 答复书. */
export function remedyNotice(c: Pick<LetterCase, 'reviewBody' | 'court'>): string {
  return `如对本答复不服，可以自收到本答复之日起60日内向${c.reviewBody}申请行政复议，或者自收到本答复之日起6个月内向${c.court}提起行政诉讼。`;
}

function replyBody(c: LetterCase): string[] {
  const d = c.state.decision!;
  const o = findOutcome(d.outcome)!;
  const received = c.state.correction?.receivedOn ?? c.receivedOn ?? c.submittedOn;
  const out = [`本机关于${chineseDate(received)}收到您提出的政府信息公开申请（申请编号：${c.reference}），您申请获取“${c.description}”。`];
  out.push(`经审查，根据${o.basis}的规定，现答复如下：`);
  for (const r of d.reasons) out.push(r);
  if (o.family === 'partial' && d.withheldReason) out.push(`不予公开部分的理由：${d.withheldReason}`);
  // 第三十六条第（一）项: for information already published, tell the applicant where to obtain it.
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

/** Builds the letter of `kind` for the case. */
export function buildLetter(kind: LetterKind, c: LetterCase): Letter {
  const s = c.state;
  const title = LETTER_KINDS.find((k) => k.code === kind)!.label;
  const year = c.dated.slice(0, 4);
  const base = { kind, title, docNumber: `${c.orgName}依申请公开〔${year}〕${c.reference.split('-').slice(1).join('-')}号`, signatory: c.orgName, dated: c.dated };
  const to = `${c.applicant.name}：`;
  const received = c.receivedOn ? chineseDate(c.receivedOn) : '（待确认）';
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
        c.receivedOn ? `收到申请日期：${received}（${labelOf(CHANNELS, c.channel)}，《中华人民共和国政府信息公开条例》第三十一条）。` : '网上或传真申请以双方确认之日为收到申请之日，确认后将另行告知。',
        c.dueOn ? `本机关将于${chineseDate(c.dueOn)}前作出答复（第三十三条；需补正、征求意见或延期的，另行告知）。` : '答复期限自收到申请之日起计算20个工作日。',
      ], table: [['申请编号', c.reference], ['所需政府信息', c.description]] };
    case 'correction': {
      const k = s.correction!;
      return { ...base, dated: k.requestedOn, recipient: to, paragraphs: [
        `本机关于${received}收到您提出的政府信息公开申请（申请编号：${c.reference}）。经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对下列事项作出补正：`,
        ...k.items.map((it, i) => `${i + 1}. ${it}`),
        `请于${chineseDate(k.deadlineOn)}前补正。答复期限自本机关收到补正后的申请之日起重新计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      ] };
    }
    case 'extension': {
      const e = s.extension!;
      return { ...base, dated: e.on, recipient: to, paragraphs: [
        `本机关于${received}收到您提出的政府信息公开申请（申请编号：${c.reference}）。因${e.reason}，不能在法定期限内作出答复。`,
        `根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长${e.days}个工作日${c.dueOn ? `，本机关将于${chineseDate(c.dueOn)}前作出答复` : ''}。`,
        '特此告知。',
      ] };
    }
    case 'consultation': {
      const k = s.consultations[s.consultations.length - 1]!;
      return { ...base, dated: k.from, recipient: `${k.party}：`, paragraphs: [
        `本机关收到政府信息公开申请（申请编号：${c.reference}），申请获取“${c.description}”。该信息可能涉及你方合法权益（${labelOf(CONSULTATION_KINDS, k.kind)}）。`,
        `根据《中华人民共和国政府信息公开条例》第${k.kind === 'third_party' ? '三十二' : '三十四'}条的规定，现书面征求你方意见。请于${chineseDate(k.answerDueOn)}前（收到本意见书之日起15个工作日内）提出意见；${k.kind === 'third_party' ? '逾期未提出意见的，由本机关依照条例规定决定是否公开' : '逾期未提出意见的，视为同意公开'}。`,
      ] };
    }
    case 'transfer': {
      const t = s.transfers[s.transfers.length - 1]!;
      return { ...base, dated: t.on, recipient: `${c.transferTargetName ?? t.to}：`, paragraphs: [
        `本机关于${received}收到${c.applicant.name}提出的政府信息公开申请（申请编号：${c.reference}），申请获取“${c.description}”。`,
        `因${t.reason}，现将该申请转你单位办理，请依照《中华人民共和国政府信息公开条例》的规定在法定期限内答复申请人，并告知本机关。`,
      ] };
    }
    case 'confidentiality': {
      const r = s.confidentiality[s.confidentiality.length - 1];
      return { ...base, dated: r?.on ?? c.dated, recipient: null, paragraphs: ['根据《中华人民共和国保守国家秘密法》和《中华人民共和国政府信息公开条例》第十七条，拟公开的政府信息应当依法进行保密审查。'], table: [
        ['申请编号', c.reference], ['拟公开信息', c.description], ['拟答复类型', s.decision ? findOutcome(s.decision.outcome)!.label : ''],
        ['承办人意见', ''], ['保密审查结论', r ? (r.result === 'cleared' ? '经审查可以公开' : '涉密或敏感，不得公开') : ''], ['保密审查意见', r?.opinion ?? ''],
        ['审查人（签字）', r?.reviewer ?? ''], ['审查日期', r ? chineseDate(r.on) : ''],
      ] };
    }
    case 'reply':
      return { ...base, dated: s.decision!.on, recipient: to, paragraphs: replyBody(c) };
    case 'fee': {
      const f = s.fee!;
      return { ...base, dated: f.on, recipient: to, paragraphs: [
        `您提出的政府信息公开申请（申请编号：${c.reference}），根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），需收取信息处理费。`,
        `计收方式：${f.basis === 'count' ? '按件计收' : '按量计收'}；应缴金额：${f.amount}元。${f.explanation ? `计算依据：${f.explanation}。` : ''}`,
        `请于${chineseDate(f.payBy)}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      ] };
    }
    case 'delivery_receipt': {
      const d = s.delivery;
      return { ...base, dated: d?.on ?? c.dated, recipient: null, paragraphs: [], table: [
        ['申请编号', c.reference], ['受送达人', c.applicant.name], ['送达文书', '政府信息公开申请答复书'],
        ['送达方式', d ? labelOf(DELIVERY_METHODS, d.method) : ''], ['邮件号', d?.trackingNo ?? ''], ['送达日期', d ? chineseDate(d.on) : ''],
        ['受送达人签收', ''], ['送达人', ''],
      ] };
    }
  }
}
