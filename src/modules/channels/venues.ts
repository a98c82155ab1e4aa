// The venue a kiosk, hall display, window desk or 政务公开专区 belongs to, with its organisation's
// subtree path (scope of its staff). Shared by every part of the channels module.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { likePrefix } from '../../platform/db/like.ts';

export interface ChannelVenue {
  id: number;
  publicId: string;
  name: string;
  /** VENUE_TYPES code of the service map (openness_area = 政务公开专区). */
  type: string;
  level: string;
  regionCode: string;
  orgCode: string;
  orgPath: string;
  orgName: string;
  address: string;
  phone: string;
  hoursJson: string;
  is24h: boolean;
  holidayRule: string;
  hostVenueId: string | null;
  lat: number;
  lng: number;
  queueWaiting: number | null;
  queueWaitMinutes: number | null;
  queueUpdatedAt: string | null;
}

/** A venue by its public id (exact), or null — never by row number. */
export async function findChannelVenue(db: Db, publicId: string): Promise<ChannelVenue | null> {
  if (!publicId || publicId.length > 64) return null;
  const r = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.id', 'sm_venue.public_id', 'sm_venue.name', 'sm_venue.type', 'sm_venue.level', 'sm_venue.region_code', 'sm_venue.org_code', 'organisation.path', 'organisation.name as org_name',
      'sm_venue.address', 'sm_venue.phone', 'sm_venue.hours_json', 'sm_venue.is_24h', 'sm_venue.holiday_rule', 'sm_venue.host_venue_id', 'sm_venue.lat', 'sm_venue.lng',
      'sm_venue.queue_waiting', 'sm_venue.queue_wait_minutes', 'sm_venue.queue_updated_at'])
    .where('sm_venue.public_id', '=', publicId).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id, publicId: r.public_id, name: r.name, type: r.type, level: r.level, regionCode: r.region_code, orgCode: r.org_code, orgPath: r.path, orgName: r.org_name,
    address: r.address, phone: r.phone, hoursJson: r.hours_json, is24h: Number(r.is_24h) === 1, holidayRule: r.holiday_rule, hostVenueId: r.host_venue_id,
    lat: Number(r.lat), lng: Number(r.lng), queueWaiting: r.queue_waiting, queueWaitMinutes: r.queue_wait_minutes, queueUpdatedAt: r.queue_updated_at,
  };
}

/** Venues whose organisation lies in one of the given subtrees (a staff member's scope), by name. */
export async function venuesInScope(db: Db, paths: readonly string[]): Promise<{ publicId: string; name: string; type: string; orgCode: string; orgPath: string }[]> {
  if (paths.length === 0) return [];
  const rows = await db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code')
    .select(['sm_venue.public_id', 'sm_venue.name', 'sm_venue.type', 'sm_venue.org_code', 'organisation.path'])
    .where(sql<boolean>`(${sql.join(paths.map((p) => sql`organisation.path like ${likePrefix(p)} escape '\\'`), sql` or `)})`)
    .orderBy('sm_venue.name').execute();
  return rows.map((r) => ({ publicId: r.public_id, name: r.name, type: r.type, orgCode: r.org_code, orgPath: r.path }));
}
