// Shell: demo kiosk usage of 磁县's three 政务公开专区 (county, 磁州镇, 阜才社区) on the working days
// of the last two months, so the staff figures have something to show. Called from src/demo.ts
// after the service-map demo; does nothing when the zones are missing or already have usage.
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, isWeekend } from '../../platform/clock/local-date.ts';
import type { KioskUsageKind } from './vocabulary.ts';

/** The demo zones and how busy each is (sessions on a working day, before the day's variation). */
export const DEMO_ZONES = [
  { publicId: 'CX-GKZQ', sessions: 30 },
  { publicId: 'CX-GKZQ-130427100', sessions: 12 },
  { publicId: 'CX-GKZQ-130427100001', sessions: 4 },
] as const;

/** Of 100 sessions, how many also used each function. */
const SHARE: Record<Exclude<KioskUsageKind, 'session'>, number> = { search: 60, guide: 45, print: 15, status: 10, rating: 8, message: 4 };

export async function loadZonesDemo(db: Db, clock: Clock): Promise<string> {
  const ids = DEMO_ZONES.map((z) => z.publicId);
  const present = await db.selectFrom('sm_venue').select('public_id').where('public_id', 'in', ids).execute();
  if (present.length !== ids.length) return '政务公开专区：缺少演示专区，未载入终端使用数据';
  if (await db.selectFrom('kiosk_usage').select('venue_public_id').where('venue_public_id', 'in', ids).limit(1).executeTakeFirst()) return '政务公开专区：已有终端使用数据';
  const today = clock.today();
  const [y, m] = today.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
  const rows: { venue_public_id: string; used_on: string; kind: string; count: number }[] = [];
  let n = 0;
  for (let day = start; day <= today; day = addDays(day, 1)) {
    if (isWeekend(day)) continue;
    n++;
    for (const z of DEMO_ZONES) {
      // a fixed rhythm: busier early in the week and at the start of the month
      const sessions = Math.max(1, Math.round(z.sessions * (1 + ((n * 7) % 5 - 2) / 10 + (Number(day.slice(8)) <= 5 ? 0.2 : 0))));
      rows.push({ venue_public_id: z.publicId, used_on: day, kind: 'session', count: sessions });
      for (const [kind, share] of Object.entries(SHARE)) {
        const c = Math.round((sessions * share) / 100);
        if (c > 0) rows.push({ venue_public_id: z.publicId, used_on: day, kind, count: c });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('kiosk_usage').values(rows.slice(i, i + 200)).execute();
  return `政务公开专区：${DEMO_ZONES.length} 个专区，${rows.length} 条终端使用记录`;
}
