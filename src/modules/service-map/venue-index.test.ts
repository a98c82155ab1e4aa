// The in-memory venue index: a radius query finds every venue inside the circle, however it lies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VenueIndex, type IndexedVenue } from './venue-index.ts';
import { distanceM, EARTH_RADIUS_M } from './venue-ranking.ts';
import type { DayInfoOf } from './opening-hours.ts';

const RAD = Math.PI / 180;
const WEEK = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const info: DayInfoOf = (date) => ({ date, kind: 'weekday', name: null, calendarKnown: true });

/** The point `d` metres from (lat, lng) on bearing `b` degrees (great circle). */
function destination(lat: number, lng: number, d: number, b: number): { lat: number; lng: number } {
  const a = d / EARTH_RADIUS_M;
  const p1 = lat * RAD;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(a) + Math.cos(p1) * Math.sin(a) * Math.cos(b * RAD));
  const l2 = lng * RAD + Math.atan2(Math.sin(b * RAD) * Math.sin(a) * Math.cos(p1), Math.cos(a) - Math.sin(p1) * Math.sin(p2));
  return { lat: p2 / RAD, lng: l2 / RAD };
}

function venue(id: number, lat: number, lng: number): IndexedVenue {
  return {
    id, publicId: `V${id}`, name: `场所${id}`, type: 'service_centre', level: 'county', regionCode: '440309000000', address: '', lat, lng,
    hours: { weekly: WEEK, is24h: true, holidayRule: 'statutory' }, rating: null, ratingCount: 0, phone: '', queueWaiting: null, queueWaitMinutes: null, queueUpdatedAt: null,
  };
}

test('every venue just inside the radius is found, on every bearing (Heilongjiang, 200 km; Shenzhen, 10 km)', () => {
  // Review finding: the latitude band used 111,320 m per degree (distanceM uses R = 6,371,008.8 m,
  // 111,195 m per degree) and the longitude band (r/R)/cos φ, so edge venues due north or
  // towards the east and west were silently left out.
  for (const [lat, lng, radiusM] of [[50.2, 127.5, 200_000], [22.6566, 114.0297, 10_000]] as const) {
    const venues = Array.from({ length: 360 }, (_, b) => { const p = destination(lat, lng, radiusM * 0.9995, b); return venue(b + 1, p.lat, p.lng); });
    venues.push(venue(1000, destination(lat, lng, radiusM * 1.001, 90).lat, destination(lat, lng, radiusM * 1.001, 90).lng));
    for (const v of venues) assert.equal(distanceM(lat, lng, v.lat, v.lng) <= radiusM, v.id !== 1000);
    const found = new VenueIndex(venues).nearest({ lat, lng, radiusM, at: new Date('2026-09-22T02:00:00Z'), openOnly: false, types: null, level: null, venueIds: null, limit: 1000 }, info);
    assert.equal(found.length, 360, `${lat},${lng}: missing bearings ${venues.filter((v) => !found.some((f) => f.venue.id === v.id)).map((v) => v.id - 1).slice(0, 10).join(',')}`);
  }
});

test('a queue report counts only for query times near it', () => {
  // Review finding: only "older than 30 minutes" was ignored, so open_at yesterday used today's queue.
  const v = { ...venue(1, 22.6566, 114.0297), queueWaiting: 20, queueWaitMinutes: 40, queueUpdatedAt: '2026-09-22T02:00:00.000Z' };
  const index = new VenueIndex([v]);
  const ask = (iso: string) => index.nearest({ lat: 22.6566, lng: 114.0297, radiusM: 1000, at: new Date(iso), openOnly: false, types: null, level: null, venueIds: null, limit: 5 }, info)[0];
  assert.equal(ask('2026-09-22T02:10:00Z')?.queueWaitMinutes, 40);
  assert.equal(ask('2026-09-22T02:10:00Z')?.parts.queue, -10);
  assert.equal(ask('2026-09-22T02:31:00Z')?.queueWaitMinutes, null);
  assert.equal(ask('2026-09-21T02:00:00Z')?.queueWaitMinutes, null);
  assert.equal(ask('2026-09-21T02:00:00Z')?.parts.queue, 0);
});
