// Shell: the working-day calendar in the database — seeded from the bundled yearly data and
// edited by administrators (staff page and API). Reads build a pure WorkingCalendar.
import type { Kysely } from 'kysely';
import type { PlatformDatabase } from '../db/platform-database.ts';
import { inTransaction } from '../db/db.ts';
import { yearOf } from '../clock/local-date.ts';
import { buildCalendar, type CalendarDay, type WorkingCalendar } from './working-days.ts';
import type { CalendarYearData } from './bundled-data.ts';
import { statutoryHolidaysOf } from './statutory-holidays.ts';

type Db = Kysely<PlatformDatabase>;

/**
 * The whole calendar as loaded now, knowing the statutory holidays of the years not loaded. Small
 * (a few hundred rows), so read per use.
 */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendar_year').select('year').execute(),
    db.selectFrom('calendar_day').select(['date', 'kind', 'name']).execute(),
  ]);
  return buildCalendar(years.map((y) => Number(y.year)), days, statutoryHolidaysOf);
}

/** Inserts the bundled years that the database does not have yet; returns the years added. */
export async function seedCalendar(db: Db, data: CalendarYearData[], at: Date): Promise<number[]> {
  const present = new Set((await db.selectFrom('calendar_year').select('year').execute()).map((r) => Number(r.year)));
  const added: number[] = [];
  for (const y of data) {
    if (present.has(y.year)) continue;
    await replaceYear(db, y, at);
    added.push(y.year);
  }
  return added;
}

/** Creates or replaces one year (source and all its special days) in one transaction. */
export async function replaceYear(db: Db, data: CalendarYearData, at: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('calendar_day').where('year', '=', data.year).execute();
    await trx.deleteFrom('calendar_year').where('year', '=', data.year).execute();
    await trx.insertInto('calendar_year').values({ year: data.year, source: data.source, updated_at: at.toISOString() }).execute();
    if (data.days.length) {
      await trx.insertInto('calendar_day').values(data.days.map((d) => ({ date: d.date, year: data.year, kind: d.kind, name: d.name }))).execute();
    }
  });
}

export interface CalendarYearSummary {
  year: number;
  source: string;
  updatedAt: string;
  holidays: number;
  makeupWorkingDays: number;
}

export async function listYears(db: Db): Promise<CalendarYearSummary[]> {
  const years = await db.selectFrom('calendar_year').selectAll().orderBy('year', 'desc').execute();
  const days = await db.selectFrom('calendar_day').select(['year', 'kind']).execute();
  return years.map((y) => ({
    year: Number(y.year),
    source: y.source,
    updatedAt: y.updated_at,
    holidays: days.filter((d) => Number(d.year) === Number(y.year) && d.kind === 'holiday').length,
    makeupWorkingDays: days.filter((d) => Number(d.year) === Number(y.year) && d.kind === 'makeup_working_day').length,
  }));
}

export async function getYear(db: Db, year: number): Promise<CalendarYearData | null> {
  const row = await db.selectFrom('calendar_year').selectAll().where('year', '=', year).executeTakeFirst();
  if (!row) return null;
  const days = await db.selectFrom('calendar_day').select(['date', 'kind', 'name']).where('year', '=', year).orderBy('date').execute();
  return { year: Number(row.year), source: row.source, days };
}

/** Adds or changes one special day of a loaded year; returns the previous entry, if any. */
export async function upsertDay(db: Db, day: CalendarDay, at: Date): Promise<CalendarDay | null> {
  return inTransaction(db, async (trx) => {
    const before = await trx.selectFrom('calendar_day').select(['date', 'kind', 'name']).where('date', '=', day.date).executeTakeFirst();
    if (before) await trx.updateTable('calendar_day').set({ kind: day.kind, name: day.name }).where('date', '=', day.date).execute();
    else await trx.insertInto('calendar_day').values({ ...day, year: yearOf(day.date) }).execute();
    await trx.updateTable('calendar_year').set({ updated_at: at.toISOString() }).where('year', '=', yearOf(day.date)).execute();
    return before ?? null;
  });
}

/** Removes a special day (it becomes an ordinary weekday or weekend); returns what was removed. */
export async function deleteDay(db: Db, date: string, at: Date): Promise<CalendarDay | null> {
  return inTransaction(db, async (trx) => {
    const before = await trx.selectFrom('calendar_day').select(['date', 'kind', 'name']).where('date', '=', date).executeTakeFirst();
    if (!before) return null;
    await trx.deleteFrom('calendar_day').where('date', '=', date).execute();
    await trx.updateTable('calendar_year').set({ updated_at: at.toISOString() }).where('year', '=', yearOf(date)).execute();
    return before;
  });
}

export async function hasYear(db: Db, year: number): Promise<boolean> {
  return !!(await db.selectFrom('calendar_year').select('year').where('year', '=', year).executeTakeFirst());
}
