// A venue (and optionally an item it offers) inserted directly, for tests of the modules that hang
// off the service map (appointments, queue, prediction, handbook). Returns the row ids and public ids.
import type { Db } from '../../src/schema.ts';

const WEEKDAY_HOURS = { mon: '09:00-12:00,13:30-17:30', tue: '09:00-12:00,13:30-17:30', wed: '09:00-12:00,13:30-17:30', thu: '09:00-12:00,13:30-17:30', fri: '09:00-12:00,13:30-17:30', sat: '', sun: '' };

export interface TestVenue { venueId: number; venuePublicId: string; itemId: number; itemPublicId: string }

export async function insertVenue(db: Db, opts: { publicId?: string; regionCode?: string; orgCode?: string; lat?: number; lng?: number; itemPublicId?: string; hours?: Record<string, string> } = {}): Promise<TestVenue> {
  const at = '2026-01-01T00:00:00.000Z';
  const venuePublicId = opts.publicId ?? `V-T${Math.random().toString(36).slice(2, 8)}`;
  const itemPublicId = opts.itemPublicId ?? `I-${venuePublicId}`;
  const v = await db.insertInto('sm_venue').values({
    public_id: venuePublicId, name: `测试政务服务中心${venuePublicId}`, type: 'service_centre', level: 'county', region_code: (opts.regionCode ?? '130427').padEnd(12, '0'),
    org_code: opts.orgCode ?? '130427', address: '测试路 1 号', lat: opts.lat ?? 36.3742, lng: opts.lng ?? 114.3826, hours_json: JSON.stringify(opts.hours ?? WEEKDAY_HOURS), is_24h: 0, holiday_rule: 'statutory', phone: '0310-0000000', photos_json: '[]', rating_count: 0,
    created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  const existing = await db.selectFrom('sm_item').select('id').where('public_id', '=', itemPublicId).executeTakeFirst();
  const itemId = existing ? existing.id : (await db.insertInto('sm_item').values({
    public_id: itemPublicId, name: `测试事项${itemPublicId}`, type: 'public_service', region_code: (opts.regionCode ?? '130427').padEnd(12, '0'), level: 'county', channels: 'window', keywords: '', department: '测试局', basic_code: '', implementing_code: '', implementing_body: '测试局', created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('sm_venue_item').values({ venue_id: v.id, item_id: itemId }).execute();
  return { venueId: Number(v.id), venuePublicId, itemId: Number(itemId), itemPublicId };
}
