// Pure: when a record is due to be published (时效), and how late it was.
//
// 《政府信息公开条例》(2019) 第二十六条: information to be disclosed proactively is published
// within 20 working days of its formation or change (「自该政府信息形成或者变更之日起20个工作日内
// 及时公开」), unless a law or regulation sets another limit. A record linked to catalogue items
// takes the strictest parsed 公开时限 of those items (catalogues may set shorter limits, e.g. 7
// working days for 行政许可/行政处罚 decisions, regulations.md §3.3); otherwise the Art. 26 default.
//
// The clock starts at 信息形成日期 (formed_on): for a limit counted from a decision (作出决定之日),
// the decision date is the record's formation date. Working days use the calendar with 调休
// (working-days.ts); the start day is day 0 by default (《民法典》第二百零一条, option countStartDay).
// A calendar-day limit that ends on a day off ends on the next working day (《民法典》第二百零三条).
// 即时公开 is read as "by the next working day" (IMMEDIATE_WORKING_DAYS) — the regulations give no
// number, so this is the platform's reading, shown in the explanation. Periodic items (按月/按季度…)
// have no per-record deadline and fall back to Art. 26.
import { addDays, type LocalDate } from '../../platform/clock/local-date.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkingCalendar } from '../../platform/calendar/working-days.ts';

/** Art. 26: 20 working days from formation or change. */
export const ART26_WORKING_DAYS = 20;
/** 即时公开: no later than the next working day (platform reading, see above). */
export const IMMEDIATE_WORKING_DAYS = 1;

/** A linked catalogue item's parsed 公开时限 (catalog_item.deadline_*), with a label for the explanation. */
export interface ItemDeadline {
  label: string;
  kind: string; // within_days | immediate | periodic | unparsed
  days: number | null;
  unit: string | null; // working | calendar
  trigger: string | null; // formation | decision
  text: string;
}

export interface DueDate {
  dueOn: LocalDate;
  explanation: string;
  /** Which rule gave the date: the item's label, or 'art26'. */
  basis: string;
  provisional: boolean;
}

type Candidate = DueDate;

function calendarDays(cal: WorkingCalendar, start: LocalDate, days: number): { date: LocalDate; moved: boolean; provisional: boolean } {
  let date = addDays(start, days);
  let moved = false;
  let provisional = false;
  for (let i = 0; i < 60; i++) {
    let working: boolean;
    try {
      working = isWorkingDay(cal, date);
    } catch {
      provisional = true;
      working = ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
    }
    if (working) break;
    date = addDays(date, 1);
    moved = true;
  }
  return { date, moved, provisional };
}

function fromItem(cal: WorkingCalendar, formedOn: LocalDate, it: ItemDeadline, countStartDay: boolean): Candidate | null {
  if (it.kind === 'within_days' && it.days !== null && it.days > 0) {
    const from = it.trigger === 'decision' ? '作出决定之日（以信息形成日期为准）' : '信息形成之日';
    if (it.unit === 'calendar') {
      const r = calendarDays(cal, formedOn, it.days);
      return {
        dueOn: r.date, basis: it.label, provisional: r.provisional,
        explanation: `依目录事项「${it.label}」公开时限「${it.text}」：自${from} ${formedOn} 起 ${it.days} 个自然日，截止 ${r.date}${r.moved ? '（期满日为休息日，顺延至下一工作日，《民法典》第二百零三条）' : ''}。`,
      };
    }
    const r = addWorkingDays(cal, formedOn, it.days, { provisional: true, countStartDay });
    return { dueOn: r.date, basis: it.label, provisional: r.provisional, explanation: `依目录事项「${it.label}」公开时限「${it.text}」，自${from}起算：${r.explanation}` };
  }
  if (it.kind === 'immediate') {
    const r = addWorkingDays(cal, formedOn, IMMEDIATE_WORKING_DAYS, { provisional: true, countStartDay: false });
    return { dueOn: r.date, basis: it.label, provisional: r.provisional, explanation: `依目录事项「${it.label}」公开时限「${it.text}」（即时公开，本平台按不晚于下一个工作日计）：${r.explanation}` };
  }
  return null;
}

/**
 * The due publication date of a record formed on `formedOn` and linked to `items`: the earliest of
 * the items' parsed limits, else Art. 26's 20 working days. Years without calendar data count
 * weekends and the statutory holidays only (no 调休) and are marked provisional (never a guess without saying so).
 */
export function dueDate(cal: WorkingCalendar, formedOn: LocalDate, items: readonly ItemDeadline[], options: { countStartDay?: boolean } = {}): DueDate {
  const countStartDay = options.countStartDay ?? false;
  const candidates = items.map((it) => fromItem(cal, formedOn, it, countStartDay)).filter((c): c is Candidate => c !== null);
  if (candidates.length) {
    candidates.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    const best = candidates[0]!;
    const others = items.length > 1 ? `（关联 ${items.length} 个目录事项，取最早的期限）` : '';
    return { ...best, explanation: best.explanation + others };
  }
  // 《政府信息公开条例》第二十六条: 20 working days from formation (or change).
  const r = addWorkingDays(cal, formedOn, ART26_WORKING_DAYS, { provisional: true, countStartDay });
  const why = items.length ? '关联目录事项未规定可计算的公开时限（' + items.map((i) => `「${i.label}」：${i.text || '未填'}`).join('；') + '），' : '';
  return { dueOn: r.date, basis: 'art26', provisional: r.provisional, explanation: `${why}按《政府信息公开条例》第二十六条「自该政府信息形成或者变更之日起20个工作日内」：${r.explanation}` };
}

/**
 * Working days a publication on `publishedOn` was late against `dueOn`: 0 when on time, else the
 * number of working days after the due date up to and including the publication day — at least 1,
 * so a record published on a day off after its due date (e.g. during 国庆) is never counted on time.
 */
export function lateWorkingDays(cal: WorkingCalendar, dueOn: LocalDate, publishedOn: LocalDate): number {
  if (publishedOn <= dueOn) return 0;
  return Math.max(1, workingDaysBetween(cal, dueOn, publishedOn, { provisional: true }));
}
