// Pure: when last year's annual report is due (《政府信息公开条例》第四十九条、第五十条; shared
// regulations.md §1.5).
//   第四十九条: 县级以上人民政府部门 submit last year's report to their government's competent office
//               and publish it 「每年1月31日前」.
//   第五十条 (first sentence): 县级以上地方人民政府的政府信息公开工作主管部门 publish their
//               government's report 「每年3月31日前」.
// 乡镇政府/街道办事处 are not named by the articles; they follow their government's 31 March date in
// local practice (UNCONFIRMED, kept as data in DEADLINE_BY_KIND). 政务公开办 report inside their
// government's report, and 村（居）委会 publish no statutory report: no reminder for them.
import type { LocalDate } from '../../platform/clock/local-date.ts';

export type ReportingKind = 'government' | 'department' | 'township_government';

/** Month-day of the deadline in the year after the reported year, and its basis. */
export const DEADLINE_BY_KIND: Record<ReportingKind, { monthDay: string; basis: string }> = {
  department: { monthDay: '01-31', basis: '《政府信息公开条例》第四十九条：县级以上人民政府部门每年1月31日前' },
  government: { monthDay: '03-31', basis: '《政府信息公开条例》第五十条：县级以上地方人民政府每年3月31日前' },
  township_government: { monthDay: '03-31', basis: '参照《政府信息公开条例》第五十条（乡镇、街道为地方做法，未见条文）' },
};

export interface ReportDeadline {
  reportYear: number;
  dueOn: LocalDate;
  basis: string;
  /** Calendar days from `today` to the deadline (negative: overdue by that many days). */
  daysLeft: number;
}

function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The deadline of the report on `reportYear` for an organisation of this kind. */
export function reportDeadline(kind: ReportingKind, reportYear: number, today: LocalDate): ReportDeadline {
  const d = DEADLINE_BY_KIND[kind];
  const dueOn = `${reportYear + 1}-${d.monthDay}`;
  return { reportYear, dueOn, basis: d.basis, daysLeft: daysBetween(today, dueOn) };
}

/** The report year reminders are about on `today`: always last year's report. */
export function reminderYear(today: LocalDate): number {
  return Number(today.slice(0, 4)) - 1;
}

