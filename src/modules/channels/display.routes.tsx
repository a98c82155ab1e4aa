// Shell: the hall display over HTTP — /display/{venue} (the 1920×1080 page), its update endpoint
// /display/{venue}/data (one JSON snapshot per venue kept a few seconds and shared by every screen;
// ETag and 304, no-store), and the per-venue settings of the display and the kiosk for the venue's
// staff: /staff/channels (venues in scope), /staff/channels/venues/{id} (form) and
// GET/PUT /api/v1/staff/venues/{id}/channel-settings.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../platform/clock/clock.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, badRequest } from '../../platform/web/http-error.ts';
import { labelOf, requireEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import type { Db } from '../../schema.ts';
import { identityService, requireRoles, type Actor, type Role } from '../identity/index.ts';
import type { OnTimeOptions } from '../interaction/index.ts';
import type { RatingResults } from '../ratings/index.ts';
import { venueTypeLabel } from '../service-map/index.ts';
import { DisplayService, parseSettingsForm, saveSettings } from './display.service.ts';
import { displayStrings as s } from './display.strings.ts';
import { getChannelSettings, type ChannelSettings } from './settings.repository.ts';
import { findChannelVenue, venuesInScope, type ChannelVenue } from './venues.ts';
import { DISPLAY_SECONDS_MAX, DISPLAY_SECONDS_MIN, DISPLAY_SECTIONS, KIOSK_IDLE_MAX, KIOSK_IDLE_MIN, type DisplaySlot } from './vocabulary.ts';
import { DisplayNotFoundPage, DisplayPage } from './views/display.tsx';
import { ChannelSettingsPage, ChannelVenuesPage, SETTINGS_BASE } from './views/display-settings.tsx';

export interface DisplayRouteDeps {
  db: Db;
  clock: Clock;
  onTime: OnTimeOptions;
  ratings: RatingResults;
  /** How long one venue's snapshot is shared (ms); 5 s by default. */
  cacheMs?: number;
}

/** The venue's staff who set its screen and kiosk. */
export const SETTINGS_ROLES: readonly Role[] = ['admin', 'supervisor', 'editor'];
/** Seconds between a screen's polls (the page may be told 2 … 300 with ?poll=). */
const POLL_SECONDS = 30;

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const SettingsBody = Type.Object({
  venue: Type.String(), saved: Type.Boolean({ description: '是否已保存过（否则为默认设置）' }),
  kiosk_idle_seconds: Type.Integer(),
  sections: Type.Array(Type.Object({ section: Type.String(), label: Type.String(), seconds: Type.Integer() })),
});

/** One integer query value within bounds, else the default. */
const queryInt = (raw: unknown, min: number, max: number, def: number): number => {
  const t = typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,4}$/.test(t)) return def;
  const v = Number(t);
  return v >= min && v <= max ? v : def;
};

export async function displayRoutes(app: App, deps: DisplayRouteDeps): Promise<DisplayService> {
  const { db, clock } = deps;
  // 数据开放: the open (token-free) operations of the OpenAPI document, counted once.
  let apiOps: number | null = null;
  const apiOperations = (): number => {
    if (apiOps !== null) return apiOps;
    const doc = app.swagger() as { paths?: Record<string, Record<string, { security?: unknown[] }>> };
    let count = 0;
    for (const [p, ops] of Object.entries(doc.paths ?? {})) {
      if (!p.startsWith('/api/v1/') || p.startsWith('/api/v1/staff')) continue;
      count += Object.entries(ops).filter(([m, op]) => ['get', 'post', 'put', 'delete', 'patch'].includes(m) && !op.security?.length).length;
    }
    apiOps = count;
    return count;
  };
  const svc = new DisplayService({ db, clock, onTime: deps.onTime, ratings: deps.ratings, apiOperations, cacheMs: deps.cacheMs ?? 5_000 });

  // ---------- the screen ----------
  const venueParam = (request: FastifyRequest) => String((request.params as { venue?: string }).venue ?? '');

  app.get('/display/:venue', async (request, reply) => {
    const entry = await svc.snapshotOf(venueParam(request));
    if (!entry) return sendPage(reply.header('cache-control', 'no-store'), <DisplayNotFoundPage />, 404);
    const q = request.query as Record<string, string | undefined>;
    const dataUrl = `/display/${encodeURIComponent(venueParam(request))}/data`;
    return sendPage(reply.header('cache-control', 'no-store'), <DisplayPage snapshot={entry.snapshot} etag={entry.etag} dataUrl={dataUrl} speed={queryInt(q.speed, 1, 100, 1)} pollSeconds={queryInt(q.poll, 2, 300, POLL_SECONDS)} />);
  });

  app.get('/display/:venue/data', {
    schema: { hide: true },
  }, async (request, reply) => {
    const entry = await svc.snapshotOf(venueParam(request));
    reply.header('cache-control', 'no-store');
    // JSON for the script (the path is not under /api, where errors are JSON already)
    if (!entry) return reply.status(404).type('application/json; charset=utf-8').send(JSON.stringify({ code: s.notFound.code, message: s.notFound.title }));
    reply.header('etag', entry.etag);
    const inm = request.headers['if-none-match'];
    if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === entry.etag)) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(entry.json);
  });

  // ---------- staff: settings ----------
  const guard = { preHandler: requireRoles(...SETTINGS_ROLES) };
  app.staffLinks.push({ href: SETTINGS_BASE, label: s.staff.listTitle, description: s.staff.listLink, roles: [...SETTINGS_ROLES] });
  const scope = (request: FastifyRequest) => identityService.officeScopes(db, request.actor as Actor, SETTINGS_ROLES);
  /** The venue of the path, in the caller's scope: unknown → 404, another unit's → 403. */
  async function staffVenue(request: FastifyRequest): Promise<ChannelVenue> {
    const venue = await findChannelVenue(db, String((request.params as { id?: string }).id ?? ''));
    if (!venue) throw new HttpError(404, 'venue_not_found', s.errors.venueNotFound);
    const paths = await scope(request);
    if (!paths.some((p) => venue.orgPath.startsWith(p))) throw new HttpError(403, 'forbidden', '没有权限设置该场所');
    return venue;
  }
  const formValuesOf = (st: ChannelSettings): Record<string, string> => {
    const out: Record<string, string> = { idle: String(st.kioskIdleSeconds) };
    DISPLAY_SECTIONS.values.forEach((v, i) => {
      const at = st.display.findIndex((d) => d.section === v.code);
      out[`show_${v.code}`] = at >= 0 ? '1' : '';
      out[`order_${v.code}`] = String(at >= 0 ? at + 1 : st.display.length + i + 1);
      out[`seconds_${v.code}`] = String(at >= 0 ? st.display[at]!.seconds : 20);
    });
    return out;
  };
  const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, requestId: request.id });
  async function settingsPage(request: FastifyRequest, reply: FastifyReply, venue: ChannelVenue, values: Record<string, string> | null, errors: FieldErrors, status = 200) {
    const st = await getChannelSettings(db, venue.publicId);
    const saved = status === 200 && (request.query as { done?: string }).done === '1';
    return sendPage(reply, <ChannelSettingsPage ctx={pageContext(request)} venue={venue} values={values ?? formValuesOf(st)} errors={errors} saved={saved} defaults={!st.saved} />, status);
  }

  app.get(SETTINGS_BASE, guard, async (request, reply) => {
    const venues = await venuesInScope(db, await scope(request));
    return sendPage(reply, <ChannelVenuesPage ctx={pageContext(request)} venues={venues.map((v) => ({ publicId: v.publicId, name: v.name, typeLabel: venueTypeLabel(v.type as Parameters<typeof venueTypeLabel>[0]) }))} />);
  });

  app.get(`${SETTINGS_BASE}/venues/:id`, guard, async (request, reply) => settingsPage(request, reply, await staffVenue(request), null, {}));

  app.post(`${SETTINGS_BASE}/venues/:id`, guard, async (request, reply) => {
    const venue = await staffVenue(request);
    const values: Record<string, string> = { idle: field(request.body, 'idle').slice(0, 10) };
    for (const v of DISPLAY_SECTIONS.values) for (const k of ['show', 'order', 'seconds']) values[`${k}_${v.code}`] = field(request.body, `${k}_${v.code}`).slice(0, 10);
    const r = parseSettingsForm(values);
    if (!r.ok) return settingsPage(request, reply, venue, values, r.errors, 400);
    await saveSettings(db, clock, who(request), venue, r.value);
    svc.forget(venue.publicId);
    return reply.redirect(`${SETTINGS_BASE}/venues/${encodeURIComponent(venue.publicId)}?done=1`, 303);
  });

  // ---------- staff API ----------
  const answer = (venue: ChannelVenue, st: ChannelSettings) => ({
    venue: venue.publicId, saved: st.saved, kiosk_idle_seconds: st.kioskIdleSeconds,
    sections: st.display.map((d) => ({ section: d.section, label: labelOf(DISPLAY_SECTIONS, d.section), seconds: d.seconds })),
  });
  const apiSchema = { tags: ['channels'], security: [{ bearer: [] }], params: Type.Object({ id: Type.String({ maxLength: 64 }) }) };

  app.get('/api/v1/staff/venues/:id/channel-settings', {
    preHandler: requireRoles(...SETTINGS_ROLES),
    schema: { ...apiSchema, summary: '场所信息屏与自助终端设置', response: { 200: SettingsBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const venue = await staffVenue(request);
    return answer(venue, await getChannelSettings(db, venue.publicId));
  });

  app.put('/api/v1/staff/venues/:id/channel-settings', {
    preHandler: requireRoles(...SETTINGS_ROLES),
    schema: {
      ...apiSchema, summary: '设置场所信息屏的栏目、顺序、时长和自助终端空闲时间',
      description: `sections 按轮播顺序排列，每项 section 可填代码或中文名称，seconds 为 ${DISPLAY_SECONDS_MIN}–${DISPLAY_SECONDS_MAX} 秒；kiosk_idle_seconds 为 ${KIOSK_IDLE_MIN}–${KIOSK_IDLE_MAX} 秒（不填则保持原值）。`,
      body: Type.Object({
        sections: Type.Array(Type.Object({ section: EnumString(DISPLAY_SECTIONS, '栏目'), seconds: Type.Integer({ description: '展示时长（秒）' }) }), { maxItems: 20 }),
        kiosk_idle_seconds: Type.Optional(Type.Integer({ description: '自助终端空闲返回首页时间（秒）' })),
      }),
      response: { 200: SettingsBody, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const venue = await staffVenue(request);
    const b = request.body;
    if (!b.sections.length || b.sections.length > DISPLAY_SECTIONS.values.length) throw badRequest('invalid_sections', s.errors.sections);
    const display: DisplaySlot[] = [];
    for (const x of b.sections) {
      const section = requireEnum(DISPLAY_SECTIONS, x.section, 'section', { code: 'invalid_section' });
      const label = labelOf(DISPLAY_SECTIONS, section);
      if (display.some((d) => d.section === section)) throw badRequest('duplicate_section', s.errors.duplicateSection(label));
      if (!Number.isInteger(x.seconds) || x.seconds < DISPLAY_SECONDS_MIN || x.seconds > DISPLAY_SECONDS_MAX) throw badRequest('invalid_seconds', s.errors.seconds(label));
      display.push({ section, seconds: x.seconds });
    }
    const idle = b.kiosk_idle_seconds ?? (await getChannelSettings(db, venue.publicId)).kioskIdleSeconds;
    if (!Number.isInteger(idle) || idle < KIOSK_IDLE_MIN || idle > KIOSK_IDLE_MAX) throw badRequest('invalid_kiosk_idle_seconds', s.errors.idle);
    await saveSettings(db, clock, who(request), venue, { display, kioskIdleSeconds: idle });
    svc.forget(venue.publicId);
    return answer(venue, await getChannelSettings(db, venue.publicId));
  });

  return svc;
}
