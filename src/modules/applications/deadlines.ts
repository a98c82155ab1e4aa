// Pure: the statutory clock of an application for government information (依申请公开) and the
// information-processing fee (信息处理费). No I/O; the calendar and the case facts are passed in.
//
// Sources (see shared domain notes, regulations.md §1.2–1.4, §1.6):
// - 《政府信息公开条例》(国务院令第711号) 第三十一条: the day the application counts as received
//   depends on the channel; online and fax applications count from the day both sides confirm.
// - 第三十三条: reply within 20 working days of receipt; one extension of at most 20 working days with
//   the disclosure-office head's consent; time consulting third parties / other agencies does not count.
// - 第三十条: a correction notice (补正) within 7 working days of receipt; the reply period then runs
//   from the day the corrected application is received (a restart, not a pause).
// - 第三十二条 / 第三十四条: the consulted third party / co-producing agency has 15 working days
//   「自收到征求意见书之日起」, so a consultation pause never runs past the end of that period
//   (第三十三条第三款 leaves out only the time the consultation needs), even if staff record its end later.
// - 国办函〔2020〕109号 《政府信息公开信息处理费管理办法》: fee bands per applicant per calendar month
//   (按件) or per page (按量), progressive on the excess only (超额累进). The 20-working-day
//   payment period is from a 四川 notice (UNCONFIRMED nationally), so it is configurable, as is
//   whether the clock stops while a fee is unpaid (UNCONFIRMED: `feePausesClock`).
import { addWorkingDays, workingDaysBetween, type WorkingCalendar, type WorkingDaysResult } from '../../platform/calendar/working-days.ts';
import { addDays, type LocalDate } from '../../platform/clock/local-date.ts';

/**
 * 《政府信息公开条例》（国务院令第711号）第五十六条: in force from 2019-05-15. The clock here applies
 * it (20 working days); an application received earlier ran under 国务院令第492号 (15 working days),
 * so such a receipt day is refused rather than counted under the wrong rules.
 */
export const REGULATION_IN_FORCE: LocalDate = '2019-05-15';

/** Rules that are UNCONFIRMED or local practice: configurable, with these defaults. */
export interface ClockRules {
  /** 第三十三条: the reply period in working days. */
  replyDays: number;
  /** 第三十三条: the longest extension in working days. */
  maxExtensionDays: number;
  /** 第三十条: the correction notice is due this many working days after receipt. */
  correctionNoticeDays: number;
  /** The applicant's default correction period when the notice names none (local practice; UNCONFIRMED). */
  defaultCorrectionPeriodDays: number;
  /** 第三十二条、第三十四条: the consulted party's answer period. */
  consultationDays: number;
  /** Fee payment period after the notice (四川 notice; UNCONFIRMED nationally). */
  feePaymentDays: number;
  /** Whether the time between a fee notice and payment is left out of the reply period (UNCONFIRMED). */
  feePausesClock: boolean;
  /** 《民法典》第二百零一条: the start day is day 0 unless configured otherwise (regulations.md §1.6). */
  countStartDay: boolean;
  /**
   * Calendar days a consultation letter sent by post takes to reach the third party / other agency,
   * used as the receipt day until staff record the real one (第三十二条 counts from receipt).
   * UNCONFIRMED local practice: no national rule was found; configurable by the administrator.
   */
  consultationMailDays: number;
}

export const DEFAULT_CLOCK_RULES: ClockRules = {
  replyDays: 20,
  maxExtensionDays: 20,
  correctionNoticeDays: 7,
  defaultCorrectionPeriodDays: 15,
  consultationDays: 15,
  feePaymentDays: 20,
  feePausesClock: false,
  countStartDay: false,
  consultationMailDays: 3,
};

/** An explanation as a list of short statements (it is written as parts joined by 「；」). */
export function explanationLines(explanation: string): string[] {
  return explanation.replace(/。$/, '').split('；').map((x) => x.trim()).filter(Boolean);
}

/**
 * A deadline as a citizen reads it, the day itself counting: 「2026年10月22日（含当日）前」, or
 * 「2027年1月4日（暂定，含当日）前」 while counted through a year whose holiday notice is not loaded.
 */
export function deadlineText(date: LocalDate, provisional = false): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日（${provisional ? '暂定，' : ''}含当日）前`;
}

/**
 * A stretch of time that does not count (consultation, and unpaid fees if configured): the working
 * days after `from` up to and including the end are left out.
 */
export interface Pause {
  /** The day the pause starts (that day still counts: the letter goes out during the day). */
  from: LocalDate;
  /** The day it ends as recorded (day 0 of the resumed count); null while still running. */
  to: LocalDate | null;
  /** What it is, e.g. 「征求意见期间（发函次日至收到意见之日）」. */
  label: string;
  /** Written after 「不计入」 in brackets, e.g. 「征求第三方意见，第三十二条」. */
  note?: string;
  /**
   * 第三十二条、第三十四条: the last day of the consulted party's answer period. The pause ends then
   * at the latest, whatever `to` says; an open pause is over once `today` is past it.
   */
  lapsesOn?: LocalDate | null;
}

/** The facts of a case that decide its reply due date. */
export interface ClockInput {
  /** Day 0 of the reply period: the receipt date, or the day a correction was received. */
  start: LocalDate;
  /** Why the count starts then, e.g. 「当面提交之日为收到申请之日（第三十一条第（一）项）」. */
  startReason: string;
  /** What the start day is called: 「收到申请之日」 (default) or 「收到补正申请之日」. */
  startLabel?: string;
  /** Extension granted under 第三十三条第二款, in working days (0 when none). */
  extensionDays: number;
  /** The day the extension was decided (shown with the original due date). */
  extendedOn?: LocalDate | null;
  /** Pauses in order of their start; they may overlap each other or begin before `start`. */
  pauses: Pause[];
  /** Today: an open pause whose `lapsesOn` is before today has ended (the clock runs again). */
  today?: LocalDate;
}

export interface DueDate {
  /** The due date, or null while a pause is running (the clock is stopped). */
  dueOn: LocalDate | null;
  /** Working days still left when the clock is stopped (null when running). */
  daysLeft: number | null;
  provisional: boolean;
  /** Why the result is provisional (a year without holiday data), empty otherwise. */
  provisionalReason: string;
  /** The due date without the extension (null when not extended or while stopped). */
  originalDueOn: LocalDate | null;
  /** Working days actually left out by pauses (第三十三条第三款). */
  pausedDays: number;
  /** Readable: start, days, holidays skipped, 调休 counted, pauses, extension. */
  explanation: string;
}

function collect(results: WorkingDaysResult[]) {
  const holidays = new Map<string, string>();
  const makeup = new Set<string>();
  const provisionalYears = new Set<number>();
  let weekends = 0;
  for (const r of results) {
    for (const h of r.holidaysSkipped) holidays.set(h.date, h.name);
    for (const m of r.makeupDaysCounted) makeup.add(m.date);
    for (const y of r.provisionalYears) provisionalYears.add(y);
    weekends += r.weekendDaysSkipped;
  }
  return { holidays, makeup, provisionalYears, weekends };
}

function holidayText(holidays: Map<string, string>): string {
  const byName = new Map<string, string[]>();
  for (const [date, name] of [...holidays].sort(([a], [b]) => a.localeCompare(b))) byName.set(name, [...(byName.get(name) ?? []), date]);
  return [...byName].map(([name, dates]) => (dates.length === 1 ? `${name} ${dates[0]}` : `${name} ${dates[0]} 至 ${dates[dates.length - 1]}`)).join('，');
}

/** Whether a year from `from` to `to` has no loaded holiday notice (a count through it is provisional). */
function yearsMissing(cal: WorkingCalendar, from: LocalDate, to: LocalDate): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!cal.loadedYears.has(y)) return true;
  return false;
}

const noteOf = (p: Pause) => (p.note ? `（${p.note}）` : '');

/** The end that counts: the recorded end, capped at the lapse of the consulted party's period. */
function effectiveEnd(p: Pause, today: LocalDate | undefined): { to: LocalDate | null; capped: boolean } {
  const lapse = p.lapsesOn ?? null;
  if (!lapse) return { to: p.to, capped: false };
  if (p.to !== null) return p.to > lapse ? { to: lapse, capped: true } : { to: p.to, capped: false };
  return today !== undefined && today > lapse ? { to: lapse, capped: true } : { to: null, capped: false };
}

/**
 * The reply due date under 第三十三条: `replyDays` (+ extension) working days after `start`,
 * leaving out working days inside pauses (第三十三条第三款) — a consultation pause at most until its
 * party's 15-working-day period ends (第三十二条、第三十四条). Never throws for a missing calendar
 * year: such years count weekends only and the result is provisional, with the reason.
 */
export function computeDue(cal: WorkingCalendar, input: ClockInput, rules: ClockRules = DEFAULT_CLOCK_RULES): DueDate {
  const total = rules.replyDays + input.extensionDays;
  const opts = { provisional: true, countStartDay: rules.countStartDay };
  const results: WorkingDaysResult[] = [];
  const pauseTexts: string[] = [];
  let segStart = input.start;
  let left = total;
  let firstSegment = true;
  let dueOn: LocalDate | null = null;
  let daysLeft: number | null = null;
  let pausedDays = 0;

  for (const p of input.pauses) {
    const end = effectiveEnd(p, input.today);
    // Ended by the (re)start or by the end of an earlier, overlapping pause: nothing left to leave out.
    if (p.from < segStart && end.to !== null && end.to <= segStart) continue;
    // A pause that began earlier but is still running (overlapping pauses, e.g. a fee notice sent
    // during a consultation when fees pause the clock) stops the count from segStart on.
    const overlaps = p.from < segStart;
    // Days used from segStart up to and including the pause's first day.
    const countFirst = firstSegment && rules.countStartDay && !overlaps;
    let used = overlaps ? 0 : workingDaysBetween(cal, segStart, p.from, { provisional: true });
    if (countFirst) used += addWorkingDays(cal, segStart, 1, opts).date === segStart ? 1 : 0;
    if (used >= left) break; // the period ran out before this pause; it changes nothing
    results.push(addWorkingDays(cal, segStart, used, firstSegment ? opts : { provisional: true }));
    left -= used;
    const pausedFrom = overlaps ? segStart : p.from;
    if (end.to === null) {
      // The party's period counted into a year without its notice is as provisional as a due date would be.
      const lapseProvisional = p.lapsesOn ? yearsMissing(cal, p.from, p.lapsesOn) : false;
      const until = p.lapsesOn ? `；对方答复期限至 ${deadlineText(p.lapsesOn)}${lapseProvisional ? '（暂定）' : ''}，届时未答复的恢复计算（第三十二条、第三十四条）` : '';
      pauseTexts.push(`${p.label}不计入${noteOf(p)}：自 ${addDays(pausedFrom, 1)} 起暂停计算，尚余 ${left} 个工作日${until}`);
      daysLeft = left;
      break;
    }
    const paused = workingDaysBetween(cal, pausedFrom, end.to, { provisional: true });
    pausedDays += paused;
    const capNote = end.capped
      ? `；对方的答复期限（自收到征求意见书之日起计算）于 ${end.to} 届满，其后的时间计入答复期限（第三十二条、第三十四条）${p.to ? `，登记的结束日期 ${p.to} 不影响计算` : '，尚未登记结束'}`
      : '';
    pauseTexts.push(`${p.label}不计入${noteOf(p)}：${addDays(pausedFrom, 1)} 至 ${end.to}，实际扣除 ${paused} 个工作日（第三十三条第三款），恢复时尚余 ${left} 个工作日${capNote}`);
    segStart = end.to;
    firstSegment = false;
  }

  if (daysLeft === null) {
    const r = addWorkingDays(cal, segStart, left, firstSegment ? opts : { provisional: true });
    results.push(r);
    dueOn = r.date;
  }
  const originalDueOn = input.extensionDays && dueOn ? computeDue(cal, { ...input, extensionDays: 0, extendedOn: null }, rules).dueOn : null;

  const c = collect(results);
  const parts: string[] = [];
  parts.push(`${input.startLabel ?? '收到申请之日'}：${input.start}（${rules.countStartDay ? '当日计入' : '当日不计入，自次日起计算'}），${input.startReason}`);
  parts.push(`期限：${rules.replyDays} 个工作日（《政府信息公开条例》第三十三条）${input.extensionDays ? `，延长 ${input.extensionDays} 个工作日（第三十三条第二款）` : ''}，共 ${total} 个工作日`);
  const skipped: string[] = [];
  if (c.weekends) skipped.push(`周末 ${c.weekends} 天`);
  if (c.holidays.size) skipped.push(`法定节假日 ${c.holidays.size} 天（${holidayText(c.holidays)}）`);
  if (skipped.length) parts.push(`跳过${skipped.join('、')}`);
  if (c.makeup.size) parts.push(`调休上班日 ${[...c.makeup].sort().join('、')} 计为工作日`);
  parts.push(...pauseTexts);
  if (input.extensionDays) {
    parts.push(`${originalDueOn ? `原答复期限：${deadlineText(originalDueOn)}；` : ''}${input.extendedOn ? `${input.extendedOn} ` : ''}经政府信息公开工作机构负责人同意延长 ${input.extensionDays} 个工作日（第三十三条第二款）`);
  }
  let provisionalReason = '';
  if (c.provisionalYears.size) {
    const years = [...c.provisionalYears].sort().join('、');
    // 《全国年节及纪念日放假办法》第二条: the statutory days are off even before the yearly notice; its 调休 is unknown
    const basis = cal.statutoryHolidays ? '按周末和法定节假日计算（调休安排尚未公布，未计入）' : '仅按周末计算';
    provisionalReason = `${years} 年节假日安排尚未录入工作日历，该年${basis}；录入后将自动重新计算`;
    parts.push(`暂定：${provisionalReason}`);
  }
  const provisional = c.provisionalYears.size > 0;
  parts.push(dueOn ? `答复期限${provisional ? '（暂定）' : ''}：${deadlineText(dueOn)}` : '期限暂停中，恢复后重新计算截止日期');
  return { dueOn, daysLeft, provisional, provisionalReason, originalDueOn, pausedDays, explanation: parts.join('；') + '。' };
}

/** A date `n` working days after `from` (provisional for missing years), with the flag. */
export function workingDaysAfter(cal: WorkingCalendar, from: LocalDate, n: number): { date: LocalDate; provisional: boolean } {
  const r = addWorkingDays(cal, from, n, { provisional: true });
  return { date: r.date, provisional: r.provisional };
}

/**
 * 第三十条: the latest day for the correction notice (7 working days 「自收到申请之日起」). The same
 * start-day convention as the reply period applies (`countStartDay`, regulations.md §1.6).
 */
export function correctionNoticeDue(cal: WorkingCalendar, receivedOn: LocalDate, rules: ClockRules = DEFAULT_CLOCK_RULES): LocalDate {
  return addWorkingDays(cal, receivedOn, rules.correctionNoticeDays, { provisional: true, countStartDay: rules.countStartDay }).date;
}

/** 第三十二条、第三十四条: the consulted party's answer is due 15 working days 「自收到征求意见书之日起」 (same start-day convention). */
export function consultationAnswerDue(cal: WorkingCalendar, receivedOn: LocalDate, rules: ClockRules = DEFAULT_CLOCK_RULES): LocalDate {
  return addWorkingDays(cal, receivedOn, rules.consultationDays, { provisional: true, countStartDay: rules.countStartDay }).date;
}

/** How a consultation letter went out (第三十二条 counts from the day it is received). */
export type LetterSending = 'in_person' | 'mail' | 'electronic';

/**
 * The day the consulted party is taken to have received the letter until staff record the real
 * one: the letter day when handed over or sent electronically, the letter day plus
 * `consultationMailDays` calendar days by post (UNCONFIRMED local practice).
 */
export function defaultLetterReceipt(letterOn: LocalDate, sending: LetterSending, rules: ClockRules = DEFAULT_CLOCK_RULES): LocalDate {
  return sending === 'mail' ? addDays(letterOn, rules.consultationMailDays) : letterOn;
}

/** Fee payment deadline: 20 working days from the day after the notice (四川 notice; UNCONFIRMED). */
export function feePaymentDue(cal: WorkingCalendar, noticeOn: LocalDate, rules: ClockRules = DEFAULT_CLOCK_RULES): LocalDate {
  return addWorkingDays(cal, noticeOn, rules.feePaymentDays, { provisional: true }).date;
}

/** Working days from `from` to `to` (positive when `to` is later), provisional for missing years. */
export function workingDaysFrom(cal: WorkingCalendar, from: LocalDate, to: LocalDate): number {
  return workingDaysBetween(cal, from, to, { provisional: true });
}

// --- Fees: 国办函〔2020〕109号 ---

/** One band: from `from` (inclusive) the rate applies per unit, up to the next band. */
export interface FeeBand {
  from: number;
  rate: number;
}

export interface FeeSchedule {
  /** 按件计收 per applicant per calendar month: 1–10 free, 11–30 100 元/件, then +100 元 per 10. */
  perRequest: { freeUpTo: number; firstBandUpTo: number; firstRate: number; stepSize: number; stepRate: number };
  /** 按量计收: 1–30 pages free, 31–100 10 元/页, 101–200 20 元/页, 201+ 40 元/页. */
  perPage: FeeBand[];
}

export const DEFAULT_FEE_SCHEDULE: FeeSchedule = {
  perRequest: { freeUpTo: 10, firstBandUpTo: 30, firstRate: 100, stepSize: 10, stepRate: 100 },
  perPage: [{ from: 1, rate: 0 }, { from: 31, rate: 10 }, { from: 101, rate: 20 }, { from: 201, rate: 40 }],
};

/**
 * 按件计收: the fee for the `nth` request (1-based) by the same applicant in one calendar month.
 * 1–10 free; 11–30 100 元/件; from 31 every block of 10 adds 100 元/件 (31–40: 200, 41–50: 300 …).
 */
export function feeForNthRequest(nth: number, s: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  if (!Number.isInteger(nth) || nth < 1) throw new RangeError(`申请序号必须是正整数：${nth}`);
  const p = s.perRequest;
  if (nth <= p.freeUpTo) return 0;
  if (nth <= p.firstBandUpTo) return p.firstRate;
  return p.firstRate + Math.ceil((nth - p.firstBandUpTo) / p.stepSize) * p.stepRate;
}

/** 按量计收, progressive on the excess only (超额累进): each page is charged at its own band's rate. */
export function feeForPages(pages: number, s: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  if (!Number.isInteger(pages) || pages < 0) throw new RangeError(`页数必须是非负整数：${pages}`);
  const bands = [...s.perPage].sort((a, b) => a.from - b.from);
  let total = 0;
  bands.forEach((band, i) => {
    const next = bands[i + 1]?.from ?? Infinity;
    const inBand = Math.max(0, Math.min(pages, next - 1) - band.from + 1);
    total += inBand * band.rate;
  });
  return total;
}

/** Explains a fee for the notice letter. */
export function explainFee(basis: 'count' | 'pages', units: number, s: FeeSchedule = DEFAULT_FEE_SCHEDULE): string {
  if (basis === 'count') return `按件计收：本申请人本自然月第 ${units} 件申请，收费 ${feeForNthRequest(units, s)} 元（国办函〔2020〕109号）`;
  return `按量计收：共 ${units} 页，超额累进计算，收费 ${feeForPages(units, s)} 元（国办函〔2020〕109号）`;
}
