// Shell: the 政务公开专区 pages — the public list of zones by county and level (/openness/zones),
// the staff figures of the zones in the caller's scope per month (/staff/zones) and of one zone over
// the last months (/staff/zones/{venue}), each with its chart, table and CSV; and the block the
// service map shows on a zone's venue page (zoneVenueBlock, wired in app.ts).
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/web/server.tsx';
import { FILE_TYPES, pageContext, sendDownload, sendPage } from '../../platform/web/server.tsx';
import { HttpError } from '../../platform/web/http-error.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { requireRoles, type Actor } from '../identity/index.ts';
import type { VenueFinder } from '../service-map/index.ts';
import {
  monthCsv, monthFigures, parseMonth, publicZones, trendCsv, zoneBlockData, zoneForStaff, zonesInScope, zoneTrend, ZONE_ROLES, ZONE_TYPE,
  type ConsultationCounts, type ZoneOpenStatus, type ZoneStatuses,
} from './zones.service.ts';
import { ZoneDetailPage, ZoneFiguresPage, ZoneListPage, ZoneVenueBlock } from './views/zones.tsx';
import { zoneStrings as s } from './zones.strings.ts';

export interface ZoneDeps {
  db: Db;
  clock: Clock;
  /** The service map's venue finder: whether each zone is open now (absent: 「—」). */
  finder?: VenueFinder;
  /** 咨询登记 per zone (enquiries module); absent: the figures show kiosk usage only. */
  consultations?: ConsultationCounts;
}

/** The 政务公开专区 block of a venue page (null for other venues): handed to the service map by app.ts. */
export function zoneVenueBlock(db: Db) {
  return async (venuePublicId: string) => {
    const z = await zoneBlockData(db, venuePublicId);
    return z ? <ZoneVenueBlock z={z} /> : null;
  };
}

/** Open-now of each zone from the service map's index (one query per county, around its first zone). */
function statusesFrom(finder: VenueFinder, clock: Clock): ZoneStatuses {
  return async (zones) => {
    const out = new Map<string, ZoneOpenStatus>();
    const wanted = new Set(zones.map((z) => z.publicId));
    const seen = new Set<string>();
    for (const z of zones) {
      if (seen.has(z.publicId)) continue;
      const { results } = await finder.nearest({ lat: z.lat, lng: z.lng, radiusM: 100_000, at: clock.now(), openOnly: false, types: [ZONE_TYPE], level: null, itemPublicId: null, limit: 500 });
      for (const r of results) {
        seen.add(r.venue.publicId);
        if (wanted.has(r.venue.publicId)) out.set(r.venue.publicId, { openNow: r.status.openNow, closesAt: r.status.closesAt, opensAt: r.status.opensAt });
      }
      seen.add(z.publicId);
    }
    return out;
  };
}

export async function zoneRoutes(app: App, deps: ZoneDeps): Promise<void> {
  const { db, clock, consultations } = deps;
  const statuses = deps.finder ? statusesFrom(deps.finder, clock) : null;

  app.get('/openness/zones', async (request, reply) => {
    const counties = await publicZones(db);
    const all = counties.flatMap((c) => c.levels.flatMap((l) => l.zones));
    const st = statuses ? await statuses(all) : new Map<string, ZoneOpenStatus>();
    return sendPage(reply, <ZoneListPage ctx={pageContext(request)} counties={counties} statuses={st} now={clock.now().toISOString()} />);
  });

  const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;
  /** format=csv or nothing; anything else is a clear 400. */
  const wantsCsv = (request: FastifyRequest) => {
    const f = (query(request).format ?? '').trim();
    if (f && f !== 'csv') throw new HttpError(400, 'invalid_format', s.errors.format);
    return f === 'csv';
  };
  const monthOf = (request: FastifyRequest) => parseMonth(query(request).month, clock.today());
  const badMonth = (request: FastifyRequest, csv: boolean) => {
    if (csv) throw new HttpError(400, 'invalid_month', s.errors.month);
    return (query(request).month ?? '').slice(0, 20);
  };

  app.staffLinks.push({ href: '/staff/zones', label: s.staff.title, description: s.staff.link, roles: [...ZONE_ROLES] });

  app.get('/staff/zones', { preHandler: requireRoles(...ZONE_ROLES) }, async (request, reply) => {
    const csv = wantsCsv(request);
    const month = monthOf(request);
    if (!month) {
      const kept = badMonth(request, csv);
      return sendPage(reply, <ZoneFiguresPage ctx={pageContext(request)} month={kept} rows={null} consultations={!!consultations} error={s.errors.month} />, 400);
    }
    const zones = await zonesInScope(db, request.actor as Actor);
    const rows = await monthFigures(db, zones, month, consultations);
    if (csv) return sendDownload(reply, monthCsv(rows, month), `政务公开专区-${month}.csv`, FILE_TYPES.csv);
    return sendPage(reply, <ZoneFiguresPage ctx={pageContext(request)} month={month} rows={rows} consultations={!!consultations} />);
  });

  app.get<{ Params: { venue: string } }>('/staff/zones/:venue', { preHandler: requireRoles(...ZONE_ROLES) }, async (request, reply) => {
    const access = await zoneForStaff(db, request.actor as Actor, request.params.venue);
    if (!access.ok) throw new HttpError(access.status, access.code, access.message);
    const csv = wantsCsv(request);
    const month = monthOf(request);
    if (!month) {
      const kept = badMonth(request, csv);
      return sendPage(reply, <ZoneDetailPage ctx={pageContext(request)} zone={access.zone} month={kept} rows={null} consultations={!!consultations} error={s.errors.month} />, 400);
    }
    const rows = await zoneTrend(db, access.zone, month, consultations);
    if (csv) return sendDownload(reply, trendCsv(access.zone, rows), `政务公开专区-${access.zone.publicId}-${month}.csv`, FILE_TYPES.csv);
    return sendPage(reply, <ZoneDetailPage ctx={pageContext(request)} zone={access.zone} month={month} rows={rows} consultations={!!consultations} />);
  });
}
