// Pure: the vocabulary of the 咨询登记 (enquiry log). One code per term; every API and form accepts
// the code or the Chinese label (platform/web/enums.ts).
import { defineEnum } from '../../platform/web/enums.ts';

/** How the question reached the zone: at a counter, by phone, or at the self-service kiosk. */
export const ENQUIRY_CHANNELS = defineEnum([
  { code: 'window', label: '窗口' },
  { code: 'phone', label: '电话' },
  { code: 'self_service', label: '自助' },
] as const, { 现场: 'window', 柜台: 'window', 热线: 'phone', 自助终端: 'self_service', 自助机: 'self_service' });
export type EnquiryChannel = (typeof ENQUIRY_CHANNELS.values)[number]['code'];

/** Who wrote the entry: a staff member, or the 7×24 assistant handing a conversation over (issue 20). */
export const ENQUIRY_SOURCES = defineEnum([
  { code: 'staff', label: '工作人员登记' },
  { code: 'assistant', label: '智能客服转人工' },
] as const);
export type EnquirySource = (typeof ENQUIRY_SOURCES.values)[number]['code'];

/** What an enquiry became in one step. */
export const ENQUIRY_CONVERSIONS = defineEnum([
  { code: 'message', label: '转为民心直通车留言' },
  { code: 'application', label: '转为依申请公开申请' },
] as const);
export type EnquiryConversion = (typeof ENQUIRY_CONVERSIONS.values)[number]['code'];

/** Longest topic and answer kept (characters). */
export const TOPIC_MAX = 200;
export const ANSWER_MAX = 4000;
