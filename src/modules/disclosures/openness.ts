// Pure: 公开属性 — how a document is to be disclosed, marked when it is drafted (公文拟制时确定公开属性),
// and the ground when it is not disclosed proactively. Codes and labels (one list for the staff form,
// the staff API — code or label accepted — and the public record).
//
// Legal frame, 《中华人民共和国政府信息公开条例》(2019):
//   第十九条  涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，应当主动公开;
//   第二十七条 主动公开以外的政府信息，可以申请获取（依申请公开）;
//   第十四条  国家秘密、法律行政法规禁止公开、公开后可能危及国家安全公共安全经济安全社会稳定的，不予公开;
//   第十五条  涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的，不得公开（第三方同意或公共利益除外，见第三十二条）;
//   第十六条  内部事务信息（第一款）、过程性信息和行政执法案卷信息（第二款）可以不予公开。
// A record that is 依申请公开 or 不予公开 is never made public by this platform: publishing it is
// refused (workflow.ts), and migration 0021 keeps that rule as a CHECK on the table.
import { defineEnum, labelOf, parseEnum } from '../../platform/web/enums.ts';

export const OPENNESS = defineEnum([
  { code: 'proactive', label: '主动公开' },
  { code: 'on_request', label: '依申请公开' },
  { code: 'withheld', label: '不予公开' },
] as const);
export type Openness = (typeof OPENNESS.values)[number]['code'];

/** Grounds for not disclosing proactively; `for` says which 公开属性 each one supports. */
export const OPENNESS_REASONS = defineEnum([
  { code: 'not_public_interest', label: '不涉及公众利益调整、无需公众广泛知晓或参与决策（第十九条、第二十七条）' },
  { code: 'specific_party', label: '仅涉及特定对象，由其依申请获取（第二十七条）' },
  { code: 'third_party_consent', label: '涉及商业秘密、个人隐私，须征求第三方意见后依申请公开（第十五条、第三十二条）' },
  { code: 'state_secret', label: '依法确定为国家秘密（第十四条）' },
  { code: 'law_prohibited', label: '法律、行政法规禁止公开（第十四条）' },
  { code: 'security_risk', label: '公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）' },
  { code: 'third_party_harm', label: '涉及商业秘密、个人隐私等，公开会损害第三方合法权益（第十五条）' },
  { code: 'internal_affairs', label: '内部事务信息：人事管理、后勤管理、内部工作流程等（第十六条第一款）' },
  { code: 'process_info', label: '过程性信息：讨论记录、过程稿、磋商信函、请示报告等（第十六条第二款）' },
  { code: 'enforcement_file', label: '行政执法案卷信息（第十六条第二款）' },
] as const);
export type OpennessReason = (typeof OPENNESS_REASONS.values)[number]['code'];

const FOR: Record<OpennessReason, Openness> = {
  not_public_interest: 'on_request', specific_party: 'on_request', third_party_consent: 'on_request',
  state_secret: 'withheld', law_prohibited: 'withheld', security_risk: 'withheld', third_party_harm: 'withheld',
  internal_affairs: 'withheld', process_info: 'withheld', enforcement_file: 'withheld',
};

/** The grounds that support a 公开属性 (none for 主动公开). */
export function reasonsFor(o: Openness): { code: OpennessReason; label: string }[] {
  return OPENNESS_REASONS.values.filter((r) => FOR[r.code] === o);
}

export const opennessLabel = (o: string): string => labelOf(OPENNESS, o as Openness);
export const reasonLabel = (r: string): string => labelOf(OPENNESS_REASONS, r as OpennessReason);

export type OpennessCheck =
  | { ok: true; openness: Openness; reason: OpennessReason | null }
  | { ok: false; field: 'openness' | 'openness_reason'; message: string };

/**
 * Reads 公开属性 and its ground as typed (code or Chinese label; blank 公开属性 = 主动公开): a ground is
 * required for 依申请公开 and 不予公开, must be one that supports it, and is dropped for 主动公开.
 */
export function checkOpenness(rawOpenness: string, rawReason: string): OpennessCheck {
  const openness = rawOpenness.trim() === '' ? 'proactive' : parseEnum(OPENNESS, rawOpenness);
  if (!openness) return { ok: false, field: 'openness', message: `公开属性须为「${OPENNESS.values.map((v) => v.label).join('」「')}」之一` };
  if (openness === 'proactive') return { ok: true, openness, reason: null };
  if (!rawReason.trim()) return { ok: false, field: 'openness_reason', message: `公开属性为「${opennessLabel(openness)}」时须选择理由（《政府信息公开条例》依据）` };
  const reason = parseEnum(OPENNESS_REASONS, rawReason);
  if (!reason || FOR[reason] !== openness) {
    return { ok: false, field: 'openness_reason', message: `「${opennessLabel(openness)}」的理由须为：${reasonsFor(openness).map((r) => r.label).join('；')}` };
  }
  return { ok: true, openness, reason };
}
