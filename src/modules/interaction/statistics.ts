// Pure: the 办理情况统计 of messages (民心直通车) and 12345 work orders for one period — received,
// 交办, 反馈 and 办结 of the items received in the period, and 按时办结率 of the items due in it
// (deadlines.ts: onTimeStatus, regulations.md §5.6) — per handling organisation and in total, for
// 12345 orders, for messages, or for both.
import type { LocalDate } from '../../platform/clock/local-date.ts';
import { onTimeStatus, type OnTimeOptions, type Period } from './deadlines.ts';

export const SOURCE_KINDS = ['all', 'hotline', 'messages'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Is a message of `source` part of `kind`? ('hotline' = 12345 work orders; 'messages' = every other channel.) */
export function sourceIn(kind: SourceKind, source: string): boolean {
  return kind === 'all' || (kind === 'hotline') === (source === 'hotline');
}

export interface StatRecord {
  /** The handling organisation (the assignee once assigned, otherwise the receiving one). */
  org: string;
  name: string;
  source: string;
  receivedOn: LocalDate;
  assignedOn: LocalDate | null;
  repliedOn: LocalDate | null;
  closedOn: LocalDate | null;
  dueOn: LocalDate | null;
  originalDueOn: LocalDate | null;
  /** False for rejected or converted messages and for 12345 orders imported closed without 办结时间. */
  rated: boolean;
}

export interface StatsRow {
  org: string;
  name: string;
  received: number;
  assigned: number;
  replied: number;
  closed: number;
  /** 应办结 (due in the period and closed or past the deadline). */
  due: number;
  onTime: number;
  /** due in the period, still open and not yet past the deadline: not counted. */
  pending: number;
  rate: number | null;
}

const empty = (org: string, name: string): StatsRow => ({ org, name, received: 0, assigned: 0, replied: 0, closed: 0, due: 0, onTime: 0, pending: 0, rate: null });

/** Rows per organisation (sorted by code) and the total, as of `asOf` (today). */
export function aggregate(records: readonly StatRecord[], period: Pick<Period, 'from' | 'to'>, kind: SourceKind, options: OnTimeOptions, asOf: LocalDate): { rows: StatsRow[]; total: StatsRow } {
  const by = new Map<string, StatsRow>();
  const total = empty('', '合计');
  for (const r of records) {
    if (!sourceIn(kind, r.source)) continue;
    const row = by.get(r.org) ?? empty(r.org, r.name);
    const received = r.receivedOn >= period.from && r.receivedOn <= period.to;
    const st = r.rated ? onTimeStatus(r, period.from, period.to, asOf, options) : 'outside';
    if (!received && st === 'outside') continue;
    for (const x of [row, total]) {
      if (received) {
        x.received++;
        if (r.assignedOn) x.assigned++;
        if (r.repliedOn) x.replied++;
        if (r.closedOn) x.closed++;
      }
      if (st === 'pending') x.pending++;
      else if (st !== 'outside') x.due++;
      if (st === 'on_time') x.onTime++;
    }
    by.set(r.org, row);
  }
  const rows = [...by.values()].sort((a, b) => a.org.localeCompare(b.org));
  for (const x of [...rows, total]) x.rate = x.due ? x.onTime / x.due : null;
  return { rows, total };
}
