// Pure: the 差评 workflow (政务服务「好差评」, 国办发〔2019〕51号; regulations.md §4.4, supervision.md §5).
import { addWorkingDays, type WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';

export type RatingState = 'none' | 'callback_due' | 'rectify_due' | 'rectifying' | 'reply_due' | 'replied' | 'appealed' | 'closed' | 'excluded';

export interface Limits {
  callbackDays: number;
  rectifyDays: number;
}

/** The n-th working day after `from` (day 0 = `from`); years without holiday data count provisionally. */
export function workingDaysAfter(cal: WorkingCalendar, from: LocalDate, n: number): LocalDate {
  return addWorkingDays(cal, from, n, { provisional: true }).date;
}

/**
 * The state and due dates of a new rating received on `receivedOn`: a good rating needs nothing; a
 * 差评 from a named rater is called back first (回访, 1 working day by default); an anonymous one
 * cannot be called back and goes straight to rectification (整改, 15 working days by default).
 */
export function initialState(bad: boolean, named: boolean, receivedOn: LocalDate, limits: Limits, cal: WorkingCalendar): { state: RatingState; callbackDueOn: LocalDate | null; rectifyDueOn: LocalDate | null } {
  if (!bad) return { state: 'none', callbackDueOn: null, rectifyDueOn: null };
  if (named) return { state: 'callback_due', callbackDueOn: workingDaysAfter(cal, receivedOn, limits.callbackDays), rectifyDueOn: null };
  return { state: 'rectify_due', callbackDueOn: null, rectifyDueOn: workingDaysAfter(cal, receivedOn, limits.rectifyDays) };
}
