// Pure: the service map's rows as Open Referral HSDS 3.0 objects (open-standards.md §3) and the
// texts the open-data files share (opening hours as a line of text, yes/no). No I/O: ids come in
// from the caller (service-map.datasets.ts derives them as name-based UUIDs from public ids).
//
// Conventions of ours, not stated by HSDS (docs/model/opendata-service-items.md):
//   • address: state_province = 省, city = 市, region = 区/县 from the region tree; country CN;
//     postal_code '' (the map holds none);
//   • schedules: one WEEKLY schedule per distinct time range, `byday` = the weekdays having it
//     (上午/下午 = two schedules), opens_at/closes_at with +08:00 and timezone 8; a 7×24 venue has
//     00:00–23:59 on every day (HSDS field guidance); 法定节假日 and 调休 cannot be expressed in
//     RRULE fields, so each schedule's `notes` says they follow the national calendar (or not, per
//     the venue's holiday rule) — HSDS 3.0 has no holiday object;
//   • an item (事项) is a service, its 实施主体 (or 主管部门) in its region an organization, a venue a
//     physical location, "venue offers item" a service_at_location.
import { parseWeeklyHours, formatMinutes, WEEKDAYS, WEEKDAY_LABELS, type Weekday, type WeeklyHours } from './opening-hours.ts';
import { HOLIDAY_RULES, type HolidayRule } from './service-map.ts';
import { labelOf } from '../../platform/web/enums.ts';

export const HSDS_VERSION = '3.0';
/** The schema of the HSDS 3.0 release (dct:conformsTo of hsds.json). */
export const HSDS_SCHEMA_URL = 'https://github.com/openreferral/specification/tree/3.0/schema';

const BYDAY: Record<Weekday, string> = { mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU' };

/** The stored weekly hours ({"mon":"09:00-12:00,13:30-17:30",…}), or null when unreadable. */
export function weeklyOf(hoursJson: string): WeeklyHours | null {
  try {
    const r = parseWeeklyHours(JSON.parse(hoursJson) as Record<string, string>);
    return r.ok ? r.value : null;
  } catch {
    return null;
  }
}

/** 「周一至周五 08:30-12:00,14:30-17:30；周六 09:00-12:00；周日 休息」: consecutive days with the same hours joined. */
export function hoursText(weekly: WeeklyHours | null, is24h: boolean): string {
  if (is24h) return '7×24 小时';
  if (!weekly) return '';
  const text = (d: Weekday) => (weekly[d].length ? weekly[d].map((p) => `${formatMinutes(p.from)}-${formatMinutes(p.to)}`).join(',') : '休息');
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i <= WEEKDAYS.length; i++) {
    if (i < WEEKDAYS.length && text(WEEKDAYS[i] as Weekday) === text(WEEKDAYS[start] as Weekday)) continue;
    const a = WEEKDAYS[start] as Weekday;
    const b = WEEKDAYS[i - 1] as Weekday;
    parts.push(`${WEEKDAY_LABELS[a]}${a === b ? '' : `至${WEEKDAY_LABELS[b]}`} ${text(a)}`);
    start = i;
  }
  return parts.join('；');
}

/** 是 / 否 / '' (unknown). */
export const yesNo = (v: boolean | null): string => (v === null ? '' : v ? '是' : '否');

export interface HsdsScheduleShape {
  freq: 'WEEKLY';
  byday: string;
  opens_at: string;
  closes_at: string;
  timezone: number;
  description: string;
  notes: string;
}

/** The note every schedule of a venue carries about holidays (its holiday rule). */
export function holidayNote(is24h: boolean, rule: HolidayRule): string {
  if (is24h) return '7×24 小时开放，节假日照常。';
  return rule === 'statutory'
    ? '法定节假日闭馆；调休上班日按周一时间开放。节假日与调休以国务院办公厅每年公布的全国节假日安排为准（HSDS 无法用重复规则表达，此为说明）。'
    : `${labelOf(HOLIDAY_RULES, rule)}。`;
}

const time = (min: number) => `${min >= 1440 ? '23:59' : formatMinutes(min)}+08:00`;

/**
 * HSDS schedules of a venue (without ids): one per distinct time range, with the weekdays that
 * have it; 7×24 = 00:00–23:59 every day. Order: by opening time, then closing time.
 */
export function hsdsSchedules(weekly: WeeklyHours | null, is24h: boolean, rule: HolidayRule): HsdsScheduleShape[] {
  const notes = holidayNote(is24h, rule);
  if (is24h) return [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00+08:00', closes_at: '23:59+08:00', timezone: 8, description: '全天开放', notes }];
  if (!weekly) return [];
  const ranges = new Map<string, { from: number; to: number; days: Weekday[] }>();
  for (const d of WEEKDAYS) {
    for (const p of weekly[d]) {
      const k = `${p.from}-${p.to}`;
      const r = ranges.get(k) ?? { from: p.from, to: p.to, days: [] };
      r.days.push(d);
      ranges.set(k, r);
    }
  }
  return [...ranges.values()].sort((a, b) => a.from - b.from || a.to - b.to).map((r) => ({
    freq: 'WEEKLY', byday: r.days.map((d) => BYDAY[d]).join(','), opens_at: time(r.from), closes_at: time(r.to), timezone: 8,
    description: `${r.days.map((d) => WEEKDAY_LABELS[d]).join('、')} ${formatMinutes(r.from)}-${formatMinutes(r.to)}`, notes,
  }));
}

/** Province, city and county names of a 12-digit code from a name lookup (null = unknown). */
export function addressAreas(regionCode: string, nameOf: (code12: string) => string | null): { state_province: string; city: string; region: string } {
  const province = nameOf(regionCode.slice(0, 2).padEnd(12, '0')) ?? '';
  const city = nameOf(regionCode.slice(0, 4).padEnd(12, '0')) ?? '';
  const county = regionCode.slice(4, 6) === '00' ? '' : nameOf(regionCode.slice(0, 6).padEnd(12, '0')) ?? '';
  return { state_province: province, city: city || province, region: county };
}
