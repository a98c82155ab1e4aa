// 好差评 vocabulary (PURE): the five levels, what is rated, the channels and the indicators.
// 国办发〔2019〕51号 (regulations.md §4.2–4.3): 非常满意、满意、基本满意、不满意、非常不满意, the last
// two are 差评. Indicators after one provincial technical spec (issuing province UNCONFIRMED):
// online 办事效率、办事指南精确度、办事便捷度、平台操作性; offline 服务效率、服务水平、服务态度.
import { defineEnum } from '../../platform/web/enums.ts';

export type LevelCode = 'very_satisfied' | 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'very_dissatisfied';

/** Level codes with their stars (5 … 1). */
export const LEVELS: readonly { readonly code: LevelCode; readonly label: string; readonly stars: 1 | 2 | 3 | 4 | 5 }[] = [
  { code: 'very_satisfied', label: '非常满意', stars: 5 },
  { code: 'satisfied', label: '满意', stars: 4 },
  { code: 'basically_satisfied', label: '基本满意', stars: 3 },
  { code: 'dissatisfied', label: '不满意', stars: 2 },
  { code: 'very_dissatisfied', label: '非常不满意', stars: 1 },
];

/** The level enum; '5' … '1' (the stars) are accepted as aliases. */
export const LEVEL_ENUM = defineEnum<LevelCode>(LEVELS, { '5': 'very_satisfied', '4': 'satisfied', '3': 'basically_satisfied', '2': 'dissatisfied', '1': 'very_dissatisfied' });

export function starsOf(code: LevelCode): 1 | 2 | 3 | 4 | 5 {
  return LEVELS.find((l) => l.code === code)!.stars;
}

export function levelOfStars(stars: number): LevelCode {
  const l = LEVELS.find((x) => x.stars === stars);
  if (!l) throw new RangeError(`level ${stars} outside 1–5`);
  return l.code;
}

/** 不满意 and 非常不满意 are 差评. */
export function isBad(stars: number): boolean {
  return stars <= 2;
}

/** 好评: 非常满意 and 满意 (好评率 = their share of the counted ratings). */
export function isGood(stars: number): boolean {
  return stars >= 4;
}

export type SubjectCode = 'item' | 'online' | 'venue' | 'window' | 'staff' | 'hotline' | 'message';

export const SUBJECT_ENUM = defineEnum<SubjectCode>([
  { code: 'item', label: '现场办理事项（一次一评）' },
  { code: 'online', label: '网上办事（一事一评）' },
  { code: 'venue', label: '服务场所' },
  { code: 'window', label: '窗口' },
  { code: 'staff', label: '工作人员工号' },
  { code: 'hotline', label: '12345工单' },
  { code: 'message', label: '民心直通车答复' },
], { 一次一评: 'item', 一事一评: 'online', 大厅: 'venue', 工号: 'staff', '12345': 'hotline', 留言: 'message' });

export type ChannelCode = 'window_qr' | 'venue_qr' | 'link' | 'kiosk' | 'web' | 'paper' | 'hotline_callback';

export const CHANNEL_ENUM = defineEnum<ChannelCode>([
  { code: 'window_qr', label: '窗口二维码' },
  { code: 'venue_qr', label: '场所二维码' },
  { code: 'link', label: '短信/邮件评价链接' },
  { code: 'kiosk', label: '自助终端' },
  { code: 'web', label: '网站' },
  { code: 'paper', label: '纸质评价表' },
  { code: 'hotline_callback', label: '12345回访' },
], { 二维码: 'window_qr', 短信: 'link', 邮件: 'link', 评价器: 'kiosk', 纸质: 'paper', 回访: 'hotline_callback' });

/** Online subjects are scored on the online indicators; every other subject on the offline ones. */
export const ONLINE_INDICATORS = defineEnum([
  { code: 'efficiency', label: '办事效率' },
  { code: 'guide_accuracy', label: '办事指南精确度' },
  { code: 'convenience', label: '办事便捷度' },
  { code: 'usability', label: '平台操作性' },
] as const);

export const OFFLINE_INDICATORS = defineEnum([
  { code: 'service_efficiency', label: '服务效率' },
  { code: 'service_level', label: '服务水平' },
  { code: 'service_attitude', label: '服务态度' },
] as const);

export function indicatorsFor(subject: SubjectCode): typeof ONLINE_INDICATORS | typeof OFFLINE_INDICATORS {
  return subject === 'online' ? ONLINE_INDICATORS : OFFLINE_INDICATORS;
}

/** The 差评 reasons shipped (platform administrators may change the list: rating_reason). */
export const DEFAULT_REASONS: readonly { code: string; label: string }[] = [
  { code: 'slow', label: '办理时间长、效率低' },
  { code: 'guide_unclear', label: '办事指南不清楚、不准确' },
  { code: 'many_visits', label: '多次跑腿、重复提交材料' },
  { code: 'attitude', label: '服务态度差' },
  { code: 'not_done', label: '事项未办成' },
  { code: 'fees', label: '违规收费' },
  { code: 'system', label: '系统操作不便、故障' },
  { code: 'other', label: '其他' },
];

/** Time limits (working days) when a county has set none. UNCONFIRMED nationally (regulations.md
 * §4.4): 15 working days to rectify is one common value (a 四川 city); 回访 within 1 working day. */
export const DEFAULT_SETTINGS = { callbackDays: 1, rectifyDays: 15, linkValidDays: 30 } as const;
