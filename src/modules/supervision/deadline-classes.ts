// Pure: severities of a finding and the rectification deadline classes (整改时限) of the 月检查.
//
// No national rule sets how long a unit has to rectify a finding of a 政务公开 check. Bulletins set
// their own dates (shared domain notes supervision.md §3.6: 西昌 2024 — a written report in 11 days;
// 固镇 2023 — third-party findings the next day, the city's by the next Friday; 青山湖 2023 — a fixed
// date before a re-test). The three classes below (立即整改 5 / 限期整改 15 / 长期整改 30 working days)
// are the platform's defaults: the day counts are UNCONFIRMED and kept as data here (an office may
// give each manual check item its own class; a deployment may change the numbers in this table).
import { addWorkingDays, type WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import { defineEnum } from '../../platform/web/enums.ts';

export type Severity = 'serious' | 'general' | 'minor';
/** 问题等级: 严重 (counts against the unit's 考评 first), 一般, 轻微. */
export const SEVERITIES = defineEnum<Severity>([
  { code: 'serious', label: '严重' },
  { code: 'general', label: '一般' },
  { code: 'minor', label: '轻微' },
]);

export type DeadlineClass = 'immediate' | 'limited' | 'long_term';
export const DEADLINE_CLASSES = defineEnum<DeadlineClass>([
  { code: 'immediate', label: '立即整改' },
  { code: 'limited', label: '限期整改' },
  { code: 'long_term', label: '长期整改' },
]);

/**
 * Working days from the day a finding is raised to its due date, per class. UNCONFIRMED platform
 * defaults (supervision.md §3.6 shows bulletins setting 1 to 11 days for a written report): data, not law.
 */
export const DEADLINE_WORKING_DAYS: Record<DeadlineClass, number> = {
  immediate: 5,
  limited: 15,
  long_term: 30,
};

export function severityLabel(code: string): string {
  return SEVERITIES.values.find((v) => v.code === code)?.label ?? code;
}

export function deadlineClassLabel(code: string): string {
  return DEADLINE_CLASSES.values.find((v) => v.code === code)?.label ?? code;
}

/**
 * The due date of a finding raised on `foundOn` in `cls`: that many working days later on the
 * working-day calendar (调休 included; a year without calendar data counts weekends and statutory
 * holidays only and is marked provisional).
 */
export function rectificationDue(cal: WorkingCalendar, foundOn: LocalDate, cls: DeadlineClass, days: Record<DeadlineClass, number> = DEADLINE_WORKING_DAYS): { dueOn: LocalDate; provisional: boolean } {
  const r = addWorkingDays(cal, foundOn, days[cls], { provisional: true });
  return { dueOn: r.date, provisional: r.provisional };
}

/** 'YYYY-MM' of a real month (2000–2099), else null. */
export function parseMonth(value: string): { month: string; from: LocalDate; to: LocalDate } | null {
  const m = /^(20\d\d)-(0[1-9]|1[0-2])$/.exec(value.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { month: `${m[1]}-${m[2]}`, from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}` };
}

/** The month before the one `today` falls in ('2026-03-02' → '2026-02'). */
export function previousMonth(today: LocalDate): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Public id of the n-th problem raised in `month`: WT-2026-11-00001. */
export function problemPublicId(month: string, n: number): string {
  return `WT-${month}-${String(n).padStart(5, '0')}`;
}
