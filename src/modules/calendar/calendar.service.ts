// Shell: administrators' edits to the working-day calendar, each with an audit row. Listeners
// (modules with stored deadlines) are told of every change so they can recompute open cases.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { isLocalDate, yearOf } from '../../platform/clock/local-date.ts';
import * as calendarRepo from '../../platform/calendar/calendar.repository.ts';
import { parseCalendarYear, type CalendarYearData } from '../../platform/calendar/bundled-data.ts';
import { validateCalendarDay, type CalendarDay } from '../../platform/calendar/working-days.ts';
import { missingStatutoryHolidays, missingStatutoryMessage, statutoryCitation, statutoryHolidays } from '../../platform/calendar/statutory-holidays.ts';
import { conflict } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { defineEnum, parseEnum } from '../../platform/web/enums.ts';
import { platformView, type Db } from '../../schema.ts';
import type { Actor } from '../identity/index.ts';

export interface CalendarDeps {
  db: Db;
  clock: Clock;
  /** Called after every change, with the years touched and a reason (for recomputing deadlines). */
  onChange?: (years: number[], reason: string) => Promise<void>;
}

const who = (actor: Actor) => ({ actorId: actor.userId, actorLabel: `${actor.displayName}（${actor.username}）` });

export const KIND_LABELS = { holiday: '放假', makeup_working_day: '调休上班' } as const;

export const CALENDAR_DAY_KINDS = defineEnum<CalendarDay['kind']>([
  { code: 'holiday', label: KIND_LABELS.holiday },
  { code: 'makeup_working_day', label: KIND_LABELS.makeup_working_day },
]);

/** Checks a day typed by an administrator; returns field errors (empty when fine). */
export async function checkDay(deps: CalendarDeps, input: { date: string; kind: string; name: string }): Promise<{ day: CalendarDay | null; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const date = input.date.trim();
  const name = input.name.trim();
  if (!isLocalDate(date)) errors.date = '请输入有效日期，格式为 YYYY-MM-DD，例如 2027-01-01';
  const kind = parseEnum(CALENDAR_DAY_KINDS, input.kind);
  if (!kind) errors.kind = '请选择“放假”或“调休上班”';
  if (!name) errors.name = '请填写节日名称，例如 春节';
  if (Object.keys(errors).length) return { day: null, errors };
  const day: CalendarDay = { date, kind: kind as CalendarDay['kind'], name };
  const problems = validateCalendarDay(day);
  if (problems.length) return { day: null, errors: { kind: problems.join('；') } };
  const statutory = day.kind === 'makeup_working_day' ? statutoryDay(date) : null;
  if (statutory) return { day: null, errors: { kind: statutory } };
  if (!(await calendarRepo.hasYear(platformView(deps.db), yearOf(date)))) {
    return { day: null, errors: { date: `${yearOf(date)} 年尚未录入。请先在下方“录入整年”中录入该年的通知和全部日期` } };
  }
  return { day, errors: {} };
}

export async function saveDay(deps: CalendarDeps, actor: Actor, day: CalendarDay): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await calendarRepo.upsertDay(platformView(trx), day, now);
    await recordAudit(platformView(trx), now, { ...who(actor), action: 'calendar_day_saved', entity: 'calendar_day', entityId: day.date, before: before ?? undefined, after: day });
  });
  await deps.onChange?.([yearOf(day.date)], `工作日历修改：${day.date} 设为${KIND_LABELS[day.kind]}（${day.name}）`);
}

/**
 * Why a day may not stop being a day off: it is a statutory holiday (《全国年节及纪念日放假办法》
 * 第二条), which every loaded year must keep. Null for any other day.
 */
function statutoryDay(date: string): string | null {
  const year = yearOf(date);
  const d = statutoryHolidays(year).find((h) => h.date === date);
  return d ? `${date}（${d.label}）是法定节假日，依${statutoryCitation(year)}必须放假，不能删除或设为调休上班` : null;
}

/**
 * Removes a day of a loaded year.
 * @throws HttpError 409 `calendar_statutory_day` for a statutory holiday (nothing changed).
 */
export async function removeDay(deps: CalendarDeps, actor: Actor, date: string): Promise<boolean> {
  const statutory = statutoryDay(date);
  if (statutory && (await calendarRepo.hasYear(platformView(deps.db), yearOf(date)))) {
    throw conflict('calendar_statutory_day', statutory, [statutory]);
  }
  const now = deps.clock.now();
  const removed = await deps.db.transaction().execute(async (trx) => {
    const before = await calendarRepo.deleteDay(platformView(trx), date, now);
    if (before) await recordAudit(platformView(trx), now, { ...who(actor), action: 'calendar_day_removed', entity: 'calendar_day', entityId: date, before });
    return before;
  });
  if (removed) await deps.onChange?.([yearOf(date)], `工作日历修改：删除 ${date}（${removed.name}）`);
  return !!removed;
}

/**
 * Parses the "whole year" form: a source line and one line per day, `YYYY-MM-DD 放假|调休上班 名称`.
 * Returns the year's data or field errors naming the bad lines.
 */
export function parseYearForm(yearInput: string, source: string, lines: string): { data: CalendarYearData | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const year = Number(yearInput.trim());
  if (!Number.isInteger(year) || year < 2000 || year > 2100) errors.year = '请输入 2000–2100 之间的年份';
  if (!source.trim()) errors.source = '请填写依据（国务院办公厅通知的名称、文号和日期）';
  const days: CalendarDay[] = [];
  const bad: string[] = [];
  lines.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(\S+)\s+(\S.*)$/.exec(line);
    const kind = m ? parseEnum(CALENDAR_DAY_KINDS, m[2]) : null;
    if (!m || !kind) { bad.push(`第 ${i + 1} 行格式应为“日期 放假/调休上班 节日名称”`); return; }
    const day: CalendarDay = { date: m[1] as string, kind, name: (m[3] as string).trim() };
    if (!isLocalDate(day.date)) { bad.push(`第 ${i + 1} 行日期无效：${day.date}`); return; }
    if (!errors.year && yearOf(day.date) !== year) { bad.push(`第 ${i + 1} 行日期 ${day.date} 不在 ${year} 年`); return; }
    const problems = validateCalendarDay(day);
    if (problems.length) { bad.push(`第 ${i + 1} 行：${problems.join('；')}`); return; }
    if (days.some((d) => d.date === day.date)) { bad.push(`第 ${i + 1} 行日期 ${day.date} 重复`); return; }
    days.push(day);
  });
  if (bad.length) errors.days = bad.slice(0, 5).join('；') + (bad.length > 5 ? `；另有 ${bad.length - 5} 处错误` : '');
  else if (!days.length) errors.days = '请至少录入一天（每行一天）';
  if (Object.keys(errors).length) return { data: null, errors };
  return { data: parseCalendarYear({ year, source: source.trim(), days: days.sort((a, b) => a.date.localeCompare(b.date)) }, '表单'), errors: {} };
}

/**
 * A year's data must keep every statutory holiday of that year as a day off (《全国年节及纪念日放假
 * 办法》第二条; the yearly notice only adds days by 调休). Returns the reasons it is incomplete, one per
 * missing day (「缺少法定节假日：2027-02-05（春节·除夕）」), and the combined message; none when complete.
 */
export function yearIncompleteness(data: CalendarYearData): { reasons: string[]; message: string } | null {
  const missing = missingStatutoryHolidays(data);
  if (!missing.length) return null;
  return { reasons: missing.map((d) => `缺少法定节假日：${d.date}（${d.label}）`), message: missingStatutoryMessage(data.year, missing) };
}

/** The dates of the statutory holidays of `year` (《全国年节及纪念日放假办法》第二条). */
export function statutoryDates(year: number): string[] {
  return statutoryHolidays(year).map((d) => d.date);
}

/** The statutory holidays of `year` as lines of the year form (「2027-02-05 放假 春节」), to start from. */
export function statutoryLines(year: number): string {
  return statutoryHolidays(year).map((d) => `${d.date} 放假 ${d.name}`).join('\n');
}

/**
 * Creates or replaces a whole year.
 * @throws HttpError 409 `calendar_incomplete` (with a reason per missing day) when a statutory holiday is missing.
 */
export async function saveYear(deps: CalendarDeps, actor: Actor, data: CalendarYearData): Promise<void> {
  const incomplete = yearIncompleteness(data);
  if (incomplete) throw conflict('calendar_incomplete', incomplete.message, incomplete.reasons);
  const now = deps.clock.now();
  const before = await calendarRepo.getYear(platformView(deps.db), data.year);
  await deps.db.transaction().execute(async (trx) => {
    await calendarRepo.replaceYear(platformView(trx), data, now);
    await recordAudit(platformView(trx), now, { ...who(actor), action: before ? 'calendar_year_replaced' : 'calendar_year_added', entity: 'calendar_year', entityId: String(data.year), before: before ? { source: before.source, days: before.days.length } : undefined, after: { source: data.source, days: data.days.length } });
  });
  await deps.onChange?.([data.year], `工作日历：${before ? '更新' : '录入'} ${data.year} 年节假日安排（${data.source}）`);
}
