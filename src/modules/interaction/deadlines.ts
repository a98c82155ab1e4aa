// Pure: deadlines of messages (留言) and 12345 work orders, in working days by class, and the
// 按时办结率 (on-time closure rate).
//
// No national rule fixes message or hotline deadlines (regulations.md §5.5: "There is no single
// national set; these are local examples"). 磁县's 民心直通车 requires 「简易事项2日内办理，复杂事项
// 限期办理」 (seed: 磁县政务公开县乡村三级全覆盖); the defaults below (简易 2, 一般 5, 复杂 15 working
// days) follow that and the local ranges in §5.5, and are configuration data
// (message_deadline_class), never hard-coded in the workflow.
//
// Counting follows the platform calendar (statutory holidays and 调休 make-up working days):
// the day of receipt is day 0 (《民法典》第二百零一条, and §5.5's 「从受理之日的次日起」 local rule).
//
// 按时办结率 (regulations.md §5.6, inferred from 连云港's usage — UNCONFIRMED, so both design
// questions are options): = work orders due in the period that were closed on time ÷ work orders due
// in the period (应办结工单数).
import { addWorkingDays, type CountOptions, type WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';

export interface DeadlineClass {
  code: string;
  label: string;
  workingDays: number;
}

/** Defaults: 简易 2 (磁县 民心直通车 「简易事项2日内办理」), 一般 5, 复杂 15 working days. */
export const DEFAULT_DEADLINE_CLASSES: readonly DeadlineClass[] = [
  { code: 'simple', label: '简易', workingDays: 2 },
  { code: 'normal', label: '一般', workingDays: 5 },
  { code: 'complex', label: '复杂', workingDays: 15 },
];

export interface Deadline {
  classCode: string;
  dueOn: LocalDate;
  provisional: boolean;
  explanation: string;
}

export class UnknownDeadlineClassError extends Error {
  readonly code = 'unknown_deadline_class';
  constructor(readonly classCode: string) {
    super(`未知的办理时限类别：${classCode}`);
  }
}

export function findClass(classes: readonly DeadlineClass[], code: string): DeadlineClass {
  const c = classes.find((x) => x.code === code);
  if (!c) throw new UnknownDeadlineClassError(code);
  return c;
}

/**
 * The due date of a message of class `classCode` received (or reopened) on `from`, plus
 * `extraDays` approved extension days. Day 0 is `from` unless `countStartDay`.
 * @throws MissingCalendarYearError unless `provisional`.
 */
export function computeDeadline(
  cal: WorkingCalendar,
  classes: readonly DeadlineClass[],
  classCode: string,
  from: LocalDate,
  extraDays = 0,
  options: CountOptions = { provisional: true },
): Deadline {
  const c = findClass(classes, classCode);
  const total = c.workingDays + extraDays;
  const r = addWorkingDays(cal, from, total, options);
  const head = `${c.label}事项 ${c.workingDays} 个工作日${extraDays ? `，经批准延期 ${extraDays} 个工作日` : ''}：`;
  return { classCode: c.code, dueOn: r.date, provisional: r.provisional, explanation: head + r.explanation };
}

/** Due soon: open, not overdue, and due within `withinDays` calendar days of `today`. */
export function dueStatus(dueOn: LocalDate | null, today: LocalDate, closedOn: LocalDate | null, soonOn: LocalDate): 'none' | 'overdue' | 'due_soon' | 'on_track' | 'closed' {
  if (closedOn) return 'closed';
  if (!dueOn) return 'none';
  if (dueOn < today) return 'overdue';
  if (dueOn <= soonOn) return 'due_soon';
  return 'on_track';
}

export interface OnTimeRecord {
  org: string;
  /** Deadline before any extension. */
  originalDueOn: LocalDate | null;
  /** Deadline including approved extensions. */
  dueOn: LocalDate | null;
  closedOn: LocalDate | null;
}

export interface OnTimeOptions {
  /** Do approved extensions move the deadline? (regulations.md §5.6 leaves this open.) Default true. */
  extensionsMoveDeadline: boolean;
  /**
   * Which period an item counts in (§5.6 leaves this open too): 'deadline' — the period its
   * deadline falls in (default); 'closure' — the period it was closed in, or, while still open,
   * the period its deadline fell in.
   */
  basis?: 'deadline' | 'closure';
}

export interface OnTimeRate {
  org: string;
  /** 应办结工单数: deadline inside the period and either closed or past its deadline on `asOf`. */
  due: number;
  /** of those, closed on or before the deadline. */
  onTime: number;
  /** Deadline inside the period, still open and not yet past it on `asOf`: not (yet) counted. */
  pending: number;
  /** onTime / due, or null when nothing was due (shown as 「—」, never 100%). */
  rate: number | null;
}

export const ON_TIME_DEFINITION =
  '按时办结率 = 本期应办结（办理期限在本期内）的留言和工单中按期办结的件数 ÷ 本期应办结件数 × 100%。尚未到期、仍在办理的件（办理期限为今天或以后）不计入应办结，到期未办结的计为未按期办结。口径依据连云港、榆林12345考核用法推定（国办发〔2020〕53号未给出全国统一定义）；本期无应办结件时显示“—”。从 12345 平台导入时已办结、但没有办结时间的工单不计入（办结日期未知）。';

/** How one record counts for 按时办结率 in [from, to] as of `asOf`. */
export function onTimeStatus(r: Omit<OnTimeRecord, 'org'>, from: LocalDate, to: LocalDate, asOf: LocalDate, options: OnTimeOptions = { extensionsMoveDeadline: true }): 'outside' | 'pending' | 'on_time' | 'late' {
  const deadline = options.extensionsMoveDeadline ? r.dueOn : r.originalDueOn ?? r.dueOn;
  if (!deadline) return 'outside';
  const countsOn = options.basis === 'closure' && r.closedOn ? r.closedOn : deadline;
  if (countsOn < from || countsOn > to) return 'outside';
  // regulations.md §5.6: only 应办结 items count — an open item whose deadline (inclusive) has not
  // passed on `asOf` may still be closed on time, so it is neither on time nor late yet.
  if (!r.closedOn) return deadline < asOf ? 'late' : 'pending';
  return r.closedOn <= deadline ? 'on_time' : 'late';
}

/**
 * 按时办结率 per organisation for the period [from, to] (inclusive), as of `asOf` (today; for a
 * past period any later day gives the same figures).
 */
export function onTimeRates(records: readonly OnTimeRecord[], from: LocalDate, to: LocalDate, options: OnTimeOptions = { extensionsMoveDeadline: true }, asOf: LocalDate = '9999-12-31'): OnTimeRate[] {
  const by = new Map<string, { due: number; onTime: number; pending: number }>();
  for (const r of records) {
    const st = onTimeStatus(r, from, to, asOf, options);
    if (st === 'outside') continue;
    const e = by.get(r.org) ?? { due: 0, onTime: 0, pending: 0 };
    if (st === 'pending') e.pending++;
    else e.due++;
    if (st === 'on_time') e.onTime++;
    by.set(r.org, e);
  }
  return [...by].map(([org, e]) => ({ org, due: e.due, onTime: e.onTime, pending: e.pending, rate: e.due ? e.onTime / e.due : null })).sort((a, b) => a.org.localeCompare(b.org));
}

export type PeriodKind = 'month' | 'quarter' | 'year';
export interface Period { kind: PeriodKind; key: string; label: string; from: LocalDate; to: LocalDate }

/**
 * A statistics period: '2026-12' (month), '2026-Q4' (quarter) or '2026' (year); null when invalid.
 * The appraisal is monthly (regulations.md §5.6, 连云港); quarters and years add the months up.
 */
export function parsePeriod(value: string): Period | null {
  const v = value.trim().toUpperCase();
  let m = /^(\d{4})$/.exec(v);
  if (m) return { kind: 'year', key: v, label: `${v}年`, from: `${v}-01-01`, to: `${v}-12-31` };
  m = /^(\d{4})-Q([1-4])$/.exec(v);
  if (m) {
    const q = Number(m[2]);
    const first = monthRange(`${m[1]}-${String(q * 3 - 2).padStart(2, '0')}`);
    const last = monthRange(`${m[1]}-${String(q * 3).padStart(2, '0')}`);
    return first && last ? { kind: 'quarter', key: v, label: `${m[1]}年第${'一二三四'[q - 1]}季度`, from: first.from, to: last.to } : null;
  }
  const r = monthRange(v);
  return r ? { kind: 'month', key: v, label: `${v.slice(0, 4)}年${Number(v.slice(5))}月`, ...r } : null;
}

/** The period of `kind` that holds `day`: '2026-12', '2026-Q4' or '2026'. */
export function periodOf(kind: PeriodKind, day: LocalDate): string {
  if (kind === 'year') return day.slice(0, 4);
  if (kind === 'quarter') return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
  return day.slice(0, 7);
}

/** '95.0%' or '—'. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The first and last day of a month 'YYYY-MM'. */
export function monthRange(month: string): { from: LocalDate; to: LocalDate } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
