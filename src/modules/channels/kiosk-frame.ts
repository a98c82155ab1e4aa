// What every /kiosk/{venue}/… page needs besides its content: the venue (404 when unknown), its idle
// timeout and the QR code of the public page that continues it on a phone. Kiosk page routes call
// this, then render <KioskPage {...frame} ctx title>…</KioskPage>.
import type { FastifyRequest } from 'fastify';
import { platformView, type Db } from '../../schema.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { qrSvg } from '../../platform/web/qr.ts';
import { findChannelVenue, type ChannelVenue } from './venues.ts';
import { getChannelSettings } from './settings.repository.ts';
import { pageContext } from '../../platform/web/server.tsx';
import type { KioskFrameProps } from './views/kiosk-home.tsx';

export interface KioskFrame {
  venue: ChannelVenue;
  idleSeconds: number;
  phonePath: string;
  qrSvg: string;
}

/** null when the venue does not exist (the route answers 404 with a kiosk-styled page). */
export async function kioskFrame(db: Db, request: FastifyRequest, venuePublicId: string, phonePath: string): Promise<KioskFrame | null> {
  // Settings are keyed by the same public id the venue is found by (exact match): both reads at once.
  const [venue, settings] = await Promise.all([findChannelVenue(db, venuePublicId), getChannelSettings(db, venuePublicId)]);
  if (!venue) return null;
  const url = `${publicBaseUrl(request, '请求的主机名无效')}${phonePath}`;
  return { venue, idleSeconds: settings.kioskIdleSeconds, phonePath, qrSvg: await qrSvg(url, `用手机打开：${phonePath}`) };
}

/** The frame as the kiosk views take it (KioskPage's props without title and content). */
export function kioskFrameProps(request: FastifyRequest, frame: KioskFrame): KioskFrameProps {
  return { ctx: pageContext(request), venue: { publicId: frame.venue.publicId, name: frame.venue.name }, idleSeconds: frame.idleSeconds, phonePath: frame.phonePath, qrSvg: frame.qrSvg };
}

/** The calendar is read again after this long, so a holiday change shows within seconds. */
const CALENDAR_TTL_MS = 5_000;
const calendars = new WeakMap<Db, { at: number; value: Promise<WorkingCalendar> }>();

/** The working calendar (holidays) for a kiosk page's opening hours: one cached read shared by every kiosk route. */
export function kioskCalendar(db: Db): Promise<WorkingCalendar> {
  const now = Date.now();
  const hit = calendars.get(db);
  if (hit && now - hit.at <= CALENDAR_TTL_MS) return hit.value;
  const value = loadCalendar(platformView(db));
  calendars.set(db, { at: now, value });
  value.catch(() => { if (calendars.get(db)?.value === value) calendars.delete(db); });
  return value;
}
