// Shell: demo queue history for the prediction — 20 weeks of qu_hourly rows, up to yesterday, for the
// service centres of 磁县, 海珠区 and 龙华区, so their venue pages show the 7-day chart. Called from
// src/demo.ts (after the service map's demo).
import type { Db } from '../../schema.ts';
import { platformView } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, localDateOf } from '../../platform/clock/local-date.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { dayKindOf } from '../appointments/index.ts';
import { seedHistory } from './history.ts';

const DEMO_VENUES: [string, number][] = [['CX-ZWFW', 18], ['HZ-ZWFW', 45], ['LH-ZWFW', 60]];

export async function loadForecastDemo(db: Db, clock: Clock): Promise<string> {
  const today = localDateOf(clock.now());
  const kindOf = dayKindOf(await loadCalendar(platformView(db)));
  let rows = 0;
  let venues = 0;
  for (const [publicId, level] of DEMO_VENUES) {
    const v = await db.selectFrom('sm_venue').select('id').where('public_id', '=', publicId).executeTakeFirst();
    if (!v) continue;
    rows += await seedHistory(db, { venueId: Number(v.id), from: addDays(today, -140), to: today, level, seed: venues + 1, kindOf });
    venues++;
  }
  return `排队预测：${venues} 个场所，${rows} 条小时记录（20 周）`;
}
