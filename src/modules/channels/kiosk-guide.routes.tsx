// Shell: the kiosk's item guide and the printable 办事指南 (issue 19, item 1).
//   GET /kiosk/{venue}/items/{item}         the guide on the kiosk (counted as `guide`)
//   GET /kiosk/{venue}/items/{item}/print   the A4 sheet; prints at once and returns (counted as `print`)
//   GET /services/items/{item}/print        the same A4 sheet for the window desk and any visitor
//   GET /kiosk/{venue}/services             the venue's own items, this week's hours, address and phone
// Unknown venues and items answer 404 with a kiosk-styled page (the public print view: the site's 404).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { HttpError } from '../../platform/web/http-error.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { qrSvg } from '../../platform/web/qr.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, beijingTime, dayOfWeek, type LocalDate } from '../../platform/clock/local-date.ts';
import type { Db } from '../../schema.ts';
import {
  dayInfoMemo, findItem, findVenue, formatPeriods, itemsOfVenue, openStatus, periodsOn, weekdayOf, WEEKDAY_LABELS,
  type Item, type OpenStatus, type VenueHours,
} from '../service-map/index.ts';
import { kioskCalendar, kioskFrame, type KioskFrame } from './kiosk-frame.ts';
import { countKioskUse } from './kiosk-usage.ts';
import { nextFreeSlots, takesAppointments } from './kiosk-slots.ts';
import { sendKioskMissing } from './kiosk.routes.tsx';
import { GuidePrintPage } from './views/guide-sheet.tsx';
import { kioskHome } from './views/kiosk-layout.tsx';
import { KioskGuidePage, KioskItemNotFound, KioskServicesPage, kioskItemHref, kioskServicesHref, type ServiceGroup, type WeekRow } from './views/kiosk-guide.tsx';
import { guideStrings as s } from './kiosk-guide.strings.ts';

export interface KioskGuideDeps {
  db: Db;
  clock: Clock;
}

/** A service-map public id (venue or item): anything else is not looked up at all. */
const PUBLIC_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** How many of a venue's items the kiosk lists (the rest are found by the kiosk's search). */
const ITEMS_LISTED = 200;

const itemPath = (id: string) => `/services/items/${encodeURIComponent(id)}`;
/** A short code naming the bad address in the 404 page (never echoes odd characters back). */
const shown = (id: string) => (PUBLIC_ID.test(id) ? id : '—');

type Params = { venue: string; item: string };

export async function kioskGuideRoutes(app: App, deps: KioskGuideDeps): Promise<void> {
  const { db, clock } = deps;

  /** The kiosk frame, or null after answering the kiosk-styled 404 of an unknown venue. */
  async function frameOr404(request: FastifyRequest, reply: FastifyReply, venue: string, phonePath: string): Promise<KioskFrame | null> {
    const frame = PUBLIC_ID.test(venue) ? await kioskFrame(db, request, venue, phonePath) : null;
    if (!frame) void sendKioskMissing(reply, venue);
    return frame;
  }

  async function itemOf(id: string): Promise<Item | null> {
    return PUBLIC_ID.test(id) ? findItem(db, id) : null;
  }

  /** Whether the venue offers the item — a 政务公开专区 through the venue it sits in. */
  async function offeredAt(venueId: number, hostPublicId: string | null, itemId: number): Promise<boolean> {
    const host = hostPublicId ? await findVenue(db, hostPublicId) : null;
    const ids = host ? [venueId, host.id] : [venueId];
    const r = await db.selectFrom('sm_venue_item').select(sql<number>`1`.as('x')).where('venue_id', 'in', ids).where('item_id', '=', itemId).executeTakeFirst();
    return r !== undefined;
  }

  /** 可预约时段 of the item here (null: the venue takes no appointments), with the QR of the first slot's booking page. */
  async function kioskSlots(request: FastifyRequest, venue: { id: number; publicId: string }, item: Item) {
    if (!(await takesAppointments(db, venue.id))) return null;
    const list = await nextFreeSlots(db, clock, venue, item);
    const first = list[0];
    const qr = first ? await qrSvg(`${publicBaseUrl(request, '请求的主机名无效')}${first.bookHref}`, s.slots.qrLabel) : '';
    return { list, qrSvg: qr };
  }

  async function printPage(request: FastifyRequest, item: Item, back: string, autoPrint: boolean) {
    const url = `${publicBaseUrl(request, '请求的主机名无效')}${itemPath(item.publicId)}`;
    return <GuidePrintPage item={item} printedOn={clock.today()} publicUrl={url} qrSvg={await qrSvg(url, s.qrLabel(url))} back={back} autoPrint={autoPrint} />;
  }

  app.get<{ Params: Params }>('/kiosk/:venue/items/:item', async (request, reply) => {
    const { venue, item: itemId } = request.params;
    const frame = await frameOr404(request, reply, venue, itemPath(itemId));
    if (!frame) return reply;
    const ctx = pageContext(request);
    const item = await itemOf(itemId);
    if (!item) return sendPage(reply, <KioskItemNotFound ctx={ctx} frame={{ ...frame, phonePath: '/services', qrSvg: '' }} code={`item_not_found ${shown(itemId)}`} />, 404);
    if (request.method === 'GET') await countKioskUse(db, frame.venue.publicId, 'guide', clock.today());
    const from = (request.query as Record<string, string | undefined>).from;
    const back = from === 'services' ? kioskServicesHref(frame.venue.publicId) : kioskHome(frame.venue.publicId);
    const offered = await offeredAt(frame.venue.id, frame.venue.type === 'openness_area' ? frame.venue.hostVenueId : null, item.id);
    const slots = offered ? await kioskSlots(request, frame.venue, item) : null;
    return sendPage(reply, <KioskGuidePage ctx={ctx} frame={frame} item={item} offeredHere={offered} back={back} slots={slots} />);
  });

  app.get<{ Params: Params }>('/kiosk/:venue/items/:item/print', async (request, reply) => {
    const { venue, item: itemId } = request.params;
    const frame = await frameOr404(request, reply, venue, itemPath(itemId));
    if (!frame) return reply;
    const item = await itemOf(itemId);
    if (!item) return sendPage(reply, <KioskItemNotFound ctx={pageContext(request)} frame={{ ...frame, phonePath: '/services', qrSvg: '' }} code={`item_not_found ${shown(itemId)}`} />, 404);
    if (request.method === 'GET') await countKioskUse(db, frame.venue.publicId, 'print', clock.today());
    return sendPage(reply, await printPage(request, item, kioskItemHref(frame.venue.publicId, item.publicId), true));
  });

  app.get<{ Params: { item: string } }>('/services/items/:item/print', async (request, reply) => {
    const item = await itemOf(request.params.item);
    if (!item) throw new HttpError(404, 'item_not_found', `找不到事项 ${shown(request.params.item)}`);
    return sendPage(reply, await printPage(request, item, itemPath(item.publicId), false));
  });

  app.get<{ Params: { venue: string } }>('/kiosk/:venue/services', async (request, reply) => {
    const frame = await frameOr404(request, reply, request.params.venue, `/services/venues/${encodeURIComponent(request.params.venue)}`);
    if (!frame) return reply;
    const v = await findVenue(db, frame.venue.publicId);
    if (!v) throw new HttpError(404, 'venue_not_found', s.venueNotFound);
    const isZone = v.type === 'openness_area';
    // A 政务公开专区 has no items of its own: it lists those of the venue it sits in.
    const host = isZone && v.hostVenueId ? await findVenue(db, v.hostVenueId) : null;
    const source = isZone ? host : v;
    const { items, total } = source ? await itemsOfVenue(db, source.id, ITEMS_LISTED) : { items: [], total: 0 };
    const hours: VenueHours = { weekly: v.hours, is24h: v.is24h, holidayRule: v.holidayRule };
    const info = dayInfoMemo(await kioskCalendar(db));
    const now = clock.now();
    const status = openStatus(hours, info, now);
    return sendPage(reply, (
      <KioskServicesPage
        ctx={pageContext(request)} frame={frame} isZone={isZone}
        itemsFrom={source ? { name: source.name, host: source !== v } : null}
        groups={groupItems(items)} itemTotal={total} itemsShown={items.length}
        week={weekRows(hours, info, status.day.date)} is24h={v.is24h} calendarKnown={status.day.calendarKnown}
        openNow={openText(status, v.is24h)}
      />
    ));
  });
}

/** Items by department (implementing body when none), larger groups first, then by name. */
export function groupItems(items: readonly Item[]): ServiceGroup[] {
  const groups = new Map<string, ServiceGroup>();
  for (const i of items) {
    const name = i.department || i.implementingBody || s.otherDepartment;
    let g = groups.get(name);
    if (!g) { g = { name, items: [] }; groups.set(name, g); }
    g.items.push({ publicId: i.publicId, name: i.name });
  }
  return [...groups.values()].sort((a, b) => b.items.length - a.items.length || a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** Monday to Sunday of the week holding `today`, each day's hours on the working-day calendar. */
export function weekRows(hours: VenueHours, info: ReturnType<typeof dayInfoMemo>, today: LocalDate): WeekRow[] {
  const monday = addDays(today, -((dayOfWeek(today) + 6) % 7));
  const out: WeekRow[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(monday, i);
    const day = info(date);
    const { periods, reason } = periodsOn(hours, day);
    const name = day.name ?? '';
    const note = reason === 'holiday_closed' ? s.holidayClosed(name) : reason === 'makeup_monday' ? s.makeupOpen(name) : null;
    out.push({
      date, weekday: WEEKDAY_LABELS[weekdayOf(date)], hours: periods.length ? formatPeriods(periods).replace(/,/g, '，') : s.closedDay,
      closed: periods.length === 0, note, today: date === today,
    });
  }
  return out;
}

/** Beijing wall-clock time (HH:MM) and day of an instant, by platform/clock's beijingTime. */
const localTime = (iso: string) => beijingTime(iso).slice(11, 16);
const localDate = (iso: string) => beijingTime(iso).slice(0, 10);

export function openText(st: OpenStatus, is24h: boolean): { open: boolean; text: string } {
  if (is24h) return { open: true, text: `${s.openNow}（${s.alwaysOpen}）` };
  if (st.openNow) return { open: true, text: st.closesAt ? `${s.openNow}，${s.closesAt(localDate(st.closesAt) === st.day.date ? localTime(st.closesAt) : `${s.monthDay(localDate(st.closesAt).slice(5))} ${localTime(st.closesAt)}`)}` : s.openNow };
  if (!st.opensAt) return { open: false, text: s.closedNow };
  const at = localDate(st.opensAt) === st.day.date ? localTime(st.opensAt) : `${s.monthDay(localDate(st.opensAt).slice(5))} ${localTime(st.opensAt)}`;
  return { open: false, text: `${s.closedNow}，${s.opensAt(at)}` };
}
