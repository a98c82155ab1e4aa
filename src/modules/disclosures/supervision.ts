// Pure: the openness office's named lists (主动公开时效监督) — which lists exist, the "due soon"
// window in working days, and the CSV rows of each list.
import { addWorkingDays, type WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';

export const WATCH_LISTS = ['overdue', 'due_soon', 'blank_items', 'past_validity'] as const;
export type WatchList = (typeof WATCH_LISTS)[number];

export function isWatchList(v: string | undefined): v is WatchList {
  return (WATCH_LISTS as readonly string[]).includes(v ?? '');
}

/** Working days ahead that count as "due soon". */
export const DUE_SOON_WORKING_DAYS = 3;

/**
 * The last day of the "due within 3 working days" window starting today (today = day 0; a
 * weekend or holiday today does not count). Years without calendar data count weekends and statutory holidays only (provisional).
 */
export function dueSoonUntil(cal: WorkingCalendar, today: LocalDate): { until: LocalDate; provisional: boolean } {
  const r = addWorkingDays(cal, today, DUE_SOON_WORKING_DAYS, { provisional: true });
  return { until: r.date, provisional: r.provisional };
}

export interface RecordLine {
  indexNo: string;
  title: string;
  orgName: string;
  state: string;
  formedOn: string;
  dueOn: string | null;
  dueExplanation: string | null;
  publishedOn: string | null;
  lateWorkingDays: number | null;
  expiresOn: string | null;
}

export interface ItemLine {
  orgName: string;
  catalogTitle: string;
  itemName: string;
  deadlineText: string;
}

/** Why a record is on the overdue list, in words. */
export function overdueReason(r: RecordLine, today: LocalDate): string {
  if (r.lateWorkingDays && r.lateWorkingDays > 0) return `逾期${r.lateWorkingDays}个工作日发布`;
  return r.dueOn && r.dueOn < today ? `应于${r.dueOn}前公开，尚未公开` : '';
}

export function recordCsvRows(list: Exclude<WatchList, 'blank_items'>, rows: readonly RecordLine[], stateLabel: (s: string) => string, today: LocalDate): (string | number)[][] {
  if (list === 'past_validity') {
    return [['索引号', '标题', '发布机构', '发布日期', '失效日期'], ...rows.map((r) => [r.indexNo, r.title, r.orgName, r.publishedOn ?? '', r.expiresOn ?? ''])];
  }
  return [
    ['索引号', '标题', '单位', '状态', '信息形成日期', '应公开日期', '期限说明', '发布日期', '逾期工作日', ...(list === 'overdue' ? ['情况'] : [])],
    ...rows.map((r) => [r.indexNo, r.title, r.orgName, stateLabel(r.state), r.formedOn, r.dueOn ?? '', r.dueExplanation ?? '', r.publishedOn ?? '', r.lateWorkingDays ?? '', ...(list === 'overdue' ? [overdueReason(r, today)] : [])]),
  ];
}

export function itemCsvRows(rows: readonly ItemLine[]): string[][] {
  return [['单位', '目录', '公开事项', '公开时限'], ...rows.map((r) => [r.orgName, r.catalogTitle, r.itemName, r.deadlineText])];
}
