// Demo appointments (issue 22 §1): on the main venue of 磁县, 海珠区 and 龙华区, bookable half hours on
// working days 09:00–12:00 and 13:30–17:00 (4 places each), and a few bookings over the next days —
// one for the demo person 19912340001 (claimable in /me by the verified phone).
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, localDateOf } from '../../platform/clock/local-date.ts';
import { freeSlots } from './slots.repository.ts';
import { book } from './booking.service.ts';

const COUNTIES = ['130427', '440105', '440309'];
const HALF_HOURS = [...Array.from({ length: 6 }, (_, i) => 540 + i * 30), ...Array.from({ length: 7 }, (_, i) => 810 + i * 30)];
const PEOPLE = [
  { name: '张三', phone: '19912340001' },
  { name: '李四', phone: '13800000011' },
  { name: '王五', phone: '13800000012' },
  { name: '赵六', phone: '13800000013' },
];

export async function loadAppointmentsDemo(db: Db, clock: Clock): Promise<string> {
  const at = clock.now().toISOString();
  let venues = 0;
  let bookings = 0;
  for (const county of COUNTIES) {
    const venue = await db.selectFrom('sm_venue').select(['id', 'public_id']).where('region_code', 'like', `${county}%`).orderBy('level').orderBy('id').limit(1).executeTakeFirst()
      ?? undefined;
    if (!venue) continue;
    const has = await db.selectFrom('ap_slot_rule').select('id').where('venue_id', '=', venue.id).executeTakeFirst();
    if (has) continue;
    await db.insertInto('ap_slot_rule').values(HALF_HOURS.map((m, i) => ({ venue_id: venue.id, item_id: null, weekdays: '1,2,3,4,5', start_min: m, end_min: m + 30, capacity: 4, position: i + 1, created_at: at }))).execute();
    venues++;
    const today = localDateOf(clock.now());
    const slots = (await freeSlots(db, { venueId: venue.id, itemId: null, from: addDays(today, 1), to: addDays(today, 7), now: clock.now() })).filter((x) => x.itemKey === 0);
    for (const [i, person] of PEOPLE.entries()) {
      const slot = slots[i * 3];
      if (!slot || (county !== '130427' && i === 0)) continue;
      const r = await book(db, clock, { venue: venue.public_id, start: slot.start, name: person.name, phone: person.phone, channel: i === 0 ? 'web' : 'api' });
      if (r.ok) bookings++;
    }
  }
  return `预约：${venues} 个场所的时段，${bookings} 个预约`;
}
