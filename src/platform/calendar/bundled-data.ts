// Shell: reads the holiday data shipped in ./data (one JSON file per year, each citing its
// source). Adding a year is a data change: drop in <year>.json, or enter it on the staff page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLocalDate, yearOf } from '../clock/local-date.ts';
import type { CalendarDay } from './working-days.ts';
import { missingStatutoryHolidays, missingStatutoryMessage } from './statutory-holidays.ts';

export interface CalendarYearData {
  year: number;
  source: string;
  days: CalendarDay[];
}

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

/**
 * Parses and checks one year's data.
 * @throws Error naming the file and the bad entry.
 */
export function parseCalendarYear(json: unknown, origin: string): CalendarYearData {
  const o = json as Partial<CalendarYearData>;
  if (!o || typeof o.year !== 'number' || typeof o.source !== 'string' || !Array.isArray(o.days)) {
    throw new Error(`${origin}：需要 year、source、days 三个字段`);
  }
  for (const d of o.days) {
    if (!isLocalDate(d.date) || yearOf(d.date) !== o.year || (d.kind !== 'holiday' && d.kind !== 'makeup_working_day') || typeof d.name !== 'string') {
      throw new Error(`${origin}：无效的日期条目 ${JSON.stringify(d)}`);
    }
  }
  return { year: o.year, source: o.source, days: o.days };
}

/**
 * Every bundled year, in order. Like a year entered by hand, each must hold every statutory holiday
 * of its year as a day off (《全国年节及纪念日放假办法》第二条).
 * @throws Error naming the file and the missing days.
 */
export function readBundledCalendar(dir = DATA_DIR): CalendarYearData[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => {
      const data = parseCalendarYear(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f);
      const missing = missingStatutoryHolidays(data);
      if (missing.length) throw new Error(`${f}：${missingStatutoryMessage(data.year, missing)}`);
      return data;
    });
}
