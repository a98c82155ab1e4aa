// Pure: 公开时限 — the catalogue's deadline wording parsed into a rule, keeping the wording.
//
// Legal frame: 《政府信息公开条例》第二十六条 — proactively disclosed information is published
// within 20 working days of its formation or change (信息形成或者变更之日起20个工作日内), unless
// another law or regulation says otherwise; catalogues may set shorter limits (regulations.md
// §3.3: 7 working days for 行政许可/行政处罚 decisions, 即时/及时公开, periodic publication).
// Wording that fits none of the shapes below is kept as text and flagged `unparsed`.

export type DeadlinePeriod = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';

export type PublishDeadline =
  | { kind: 'within_days'; trigger: 'formation' | 'decision'; days: number; unit: 'working' | 'calendar' }
  | { kind: 'immediate' }
  | { kind: 'periodic'; period: DeadlinePeriod }
  | { kind: 'unparsed' };

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** '20', '二十', '十五', '七' → number; null when not a number up to 99. */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return null;
  const i = s.indexOf('十');
  if (i < 0) return s.length === 1 ? DIGITS[s] ?? null : null;
  const tens = i === 0 ? 1 : DIGITS[s.slice(0, i)];
  const ones = s.slice(i + 1) === '' ? 0 : DIGITS[s.slice(i + 1)];
  return tens === undefined || ones === undefined ? null : tens * 10 + ones;
}

const NUM = '(\\d{1,3}|[零〇一二两三四五六七八九十]{1,3})';
const WITHIN = new RegExp(`${NUM}\\s*个?\\s*(工作日|自然日|日|天)`);

export function parsePublishDeadline(text: string): PublishDeadline {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (!t) return { kind: 'unparsed' };
  // 「每月10日前公开上月数据」 is a monthly rule, not "within 10 days".
  const periodic = periodOf(t);
  if (periodic && /^(每|按|逐)/.test(t)) return { kind: 'periodic', period: periodic };
  const m = WITHIN.exec(t);
  if (m && /(之日|起|内|以内|前)/.test(t)) {
    const days = chineseNumber(m[1]!);
    if (days !== null && days > 0 && days <= 365) {
      const before = t.slice(0, m.index);
      const trigger = /(决定|批准|审批|许可|处罚|作出)/.test(before) ? 'decision' : 'formation';
      return { kind: 'within_days', trigger, days, unit: m[2] === '工作日' ? 'working' : 'calendar' };
    }
  }
  if (/^(即时|及时|实时|随时|立即)/.test(t) || /^(信息形成后|形成后)?(即时|及时|实时)(公开|更新|发布)/.test(t)) return { kind: 'immediate' };
  return periodic ? { kind: 'periodic', period: periodic } : { kind: 'unparsed' };
}

function periodOf(t: string): DeadlinePeriod | null {
  if (/(每月|按月|月度|逐月)/.test(t)) return 'monthly';
  if (/(每季度?|按季度?|季度)/.test(t)) return 'quarterly';
  if (/(每半年|半年度|按半年)/.test(t)) return 'half_yearly';
  if (/(每年|按年|年度|每一年)/.test(t)) return 'yearly';
  return null;
}

/** A short Chinese description of a parsed rule, for pages and the API. */
export function describeDeadline(d: PublishDeadline): string {
  switch (d.kind) {
    case 'within_days':
      return `${d.trigger === 'decision' ? '作出决定' : '信息形成或变更'}之日起${d.days}个${d.unit === 'working' ? '工作日' : '自然日'}内`;
    case 'immediate':
      return '即时公开';
    case 'periodic':
      return { monthly: '按月公开', quarterly: '按季度公开', half_yearly: '每半年公开', yearly: '按年度公开' }[d.period];
    case 'unparsed':
      return '无法识别，按原文执行';
  }
}

/**
 * Compares two rules for the diff report: 'shorter' when `next` gives less time than `prev`
 * (fewer days of the same unit, or immediate instead of a number of days).
 */
export function compareDeadlines(prev: PublishDeadline, next: PublishDeadline): 'shorter' | 'longer' | 'same' | 'incomparable' {
  if (prev.kind === 'within_days' && next.kind === 'within_days') {
    if (prev.unit !== next.unit) return 'incomparable';
    return next.days < prev.days ? 'shorter' : next.days > prev.days ? 'longer' : 'same';
  }
  if (prev.kind === 'within_days' && next.kind === 'immediate') return 'shorter';
  if (prev.kind === 'immediate' && next.kind === 'within_days') return 'longer';
  if (prev.kind === next.kind) return JSON.stringify(prev) === JSON.stringify(next) ? 'same' : 'incomparable';
  return 'incomparable';
}
