// Demo (issue 22 §2): item groups and a calling-system token for 磁县's and 龙华's service centres,
// today's events so far (recorded through recordEvents, so the venue page, the hall display and
// the map show a live queue), and ~10 weeks of qu_hourly history with a weekday/hour pattern (busy
// 9–11 and 14–16, Monday busiest, the first working day after a long holiday busier) for the
// waiting-time prediction. The history is written directly in recordEvents' shape (qu_hourly only:
// the prediction's one input) so the demo loads in a second.
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, dayOfWeek } from '../../platform/clock/local-date.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { isWorkingDay } from '../../platform/calendar/working-days.ts';
import { platformView } from '../../schema.ts';
import { upsertGroup } from './queue.repository.ts';
import { noteHistory } from './forecast.repository.ts';
import { recordEvents, type RawEvent } from './queue.service.ts';
import { createVenueToken } from './tokens.service.ts';
import { localDayHour } from './tickets.ts';

const VENUES = ['CX-ZWFW', 'LH-ZWFW'] as const;
const GROUPS = [
  { code: 'A', name: '综合受理', remote: true },
  { code: 'B', name: '社保医保', remote: true },
  { code: 'C', name: '不动产登记', remote: false },
];
/** Numbers issued per hour on an ordinary Wednesday (local hours 8–17). */
const BASE: Record<number, number> = { 8: 6, 9: 22, 10: 26, 11: 15, 12: 3, 13: 4, 14: 20, 15: 22, 16: 12, 17: 4 };
/** Monday busiest (dayOfWeek: 0 Sunday … 6 Saturday). */
const WEEKDAY = [0.8, 1.35, 1.1, 1, 1, 0.9, 0.8];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

export async function loadQueueDemo(db: Db, clock: Clock): Promise<string> {
  const cal = await loadCalendar(platformView(db));
  const today = clock.today();
  const random = rng(20261008);
  let history = 0;
  let todayEvents = 0;
  for (const publicId of VENUES) {
    const venue = await db.selectFrom('sm_venue').select(['id']).where('public_id', '=', publicId).executeTakeFirst();
    if (!venue) continue;
    const venueId = Number(venue.id);
    const items = await db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id').select('sm_item.public_id').where('sm_venue_item.venue_id', '=', venueId).orderBy('sm_item.id').limit(9).execute();
    for (const [i, g] of GROUPS.entries()) await upsertGroup(db, venueId, { ...g, itemIds: items.slice(i * 3, i * 3 + 3).map((r) => r.public_id) });
    await createVenueToken(db, venueId, '演示叫号系统', clock.now());

    // history: the days before today (unless the forecast's demo wrote this venue's history already)
    const rows = [];
    const known = await db.selectFrom('qu_hourly').select('venue_id').where('venue_id', '=', venueId).limit(1).executeTakeFirst();
    for (let back = known ? 0 : 70; back >= 1; back--) {
      const day = addDays(today, -back);
      if (!isWorkingDay(cal, day)) continue;
      // the first working day after a break of 3+ days (国庆, 春节 …) is much busier
      const after = !isWorkingDay(cal, addDays(day, -1)) && !isWorkingDay(cal, addDays(day, -2)) && !isWorkingDay(cal, addDays(day, -3)) ? 1.7 : 1;
      const scale = (publicId === 'LH-ZWFW' ? 1.4 : 1) * (WEEKDAY[dayOfWeek(day)] ?? 1) * after;
      for (const [h, base] of Object.entries(BASE)) {
        const issued = Math.max(0, Math.round(base * scale * (0.85 + random() * 0.3)));
        if (!issued) continue;
        const called = Math.max(0, Math.round(issued * (0.9 + random() * 0.15)));
        const meanWait = Math.round(4 + issued * 0.9 + random() * 4);
        rows.push({ venue_id: venueId, day_on: day, hour: Number(h), issued, called, wait_sum_min: called * meanWait, max_waiting: Math.round(issued * 0.6 + 2 + random() * 3) });
      }
    }
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('qu_hourly').values(rows.slice(i, i + 200)).execute();
    if (rows.length) await noteHistory(db, venueId, true);
    history += rows.length;

    // today so far: arrivals by the hour pattern, three windows calling the oldest waiting number
    if (!isWorkingDay(cal, today)) continue;
    const { hour: nowHour } = localDayHour(clock.now());
    if (nowHour < 9) continue;
    const start = Date.parse(`${today}T00:00:00Z`) - 8 * 3600_000;
    const nowMs = clock.now().getTime();
    const events: RawEvent[] = [];
    const waiting: Record<string, string[]> = { A: [], B: [], C: [] };
    const serial: Record<string, number> = { A: 0, B: 0, C: 0 };
    const atWindow: { number: string; group: string; until: number }[] = [];
    for (let minute = 8 * 60 + 30; minute < 17 * 60 + 30; minute++) {
      const ms = start + minute * 60_000;
      if (ms > nowMs - 60_000) break;
      if (minute >= 12 * 60 && minute < 13 * 60 + 30) continue; // lunch
      const at = new Date(ms).toISOString();
      const perMinute = ((BASE[Math.floor(minute / 60)] ?? 2) * (publicId === 'LH-ZWFW' ? 1.4 : 1)) / 60;
      if (random() < perMinute * 1.3) {
        const g = GROUPS[Math.floor(random() * 3)]!.code;
        const number = `${g}${String(++serial[g]!).padStart(3, '0')}`;
        waiting[g]!.push(number);
        events.push({ kind: 'issued', number, group: g, at });
      }
      for (let w = atWindow.length - 1; w >= 0; w--) {
        const s = atWindow[w]!;
        if (s.until <= minute) { events.push({ kind: random() < 0.06 ? 'no_show' : 'finished', number: s.number, group: s.group, at }); atWindow.splice(w, 1); }
      }
      for (const g of ['A', 'B', 'C']) {
        if (atWindow.filter((s) => s.group === g).length >= 1 || !waiting[g]!.length) continue;
        const number = waiting[g]!.shift() as string;
        events.push({ kind: 'called', number, group: g, at });
        atWindow.push({ number, group: g, until: minute + 6 + Math.floor(random() * 8) });
      }
    }
    // the ones still at a window stay 'called'; the demo clock's deps: no finder (the index loads after)
    for (let i = 0; i < events.length; i += 500) await recordEvents({ db, clock }, venueId, events.slice(i, i + 500));
    todayEvents += events.length;
  }
  return `排队取号：${VENUES.length} 个场所的分组与令牌，${history} 条小时历史，今天 ${todayEvents} 个事件`;
}
