// What every /kiosk/{venue}/… page needs besides its content: the venue (404 when unknown), its idle
// timeout and the QR code of the public page that continues it on a phone. Kiosk page routes call
// this, then render <KioskPage {...frame} ctx title>…</KioskPage>.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../schema.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { qrSvg } from '../../platform/web/qr.ts';
import { findChannelVenue, type ChannelVenue } from './venues.ts';
import { getChannelSettings } from './settings.repository.ts';

export interface KioskFrame {
  venue: ChannelVenue;
  idleSeconds: number;
  phonePath: string;
  qrSvg: string;
}

/** null when the venue does not exist (the route answers 404 with a kiosk-styled page). */
export async function kioskFrame(db: Db, request: FastifyRequest, venuePublicId: string, phonePath: string): Promise<KioskFrame | null> {
  const venue = await findChannelVenue(db, venuePublicId);
  if (!venue) return null;
  const settings = await getChannelSettings(db, venue.publicId);
  const url = `${publicBaseUrl(request, '请求的主机名无效')}${phonePath}`;
  return { venue, idleSeconds: settings.kioskIdleSeconds, phonePath, qrSvg: await qrSvg(url, `用手机打开：${phonePath}`) };
}
