// Shell: the self-service kiosk — /kiosk/{venue} (home), /kiosk/{venue}/search, the on-screen
// keyboard's candidates (/kiosk/{venue}/candidates?py=), the reachability ping (/kiosk/{venue}/ping)
// and the kiosk's static files (/assets/channels/). Every /kiosk/ response is `Cache-Control:
// no-store` (a kiosk serves one person after another: nothing may come back from a cache), and an
// unknown venue or kiosk page is a kiosk-styled 404.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/web/server.tsx';
import { registerErrorPage, sendPage } from '../../platform/web/server.tsx';
import type { Clock } from '../../platform/clock/clock.ts';
import { beijingTime, localDateOf } from '../../platform/clock/local-date.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { Db } from '../../schema.ts';
import type { SearchService } from '../search/index.ts';
import { dayInfoMemo, formatPeriods, openStatus, parseWeeklyHours, type VenueHours } from '../service-map/index.ts';
import { kioskCalendar, kioskFrame, kioskFrameProps, type KioskFrame } from './kiosk-frame.ts';
import { findChannelVenue, type ChannelVenue } from './venues.ts';
import { countKioskUse } from './kiosk-usage.ts';
import { loadPinyinDictionary, MAX_CANDIDATES, MAX_PINYIN, type PinyinDictionary } from './pinyin-candidates.ts';
import { KioskMissingPage, kioskHome } from './views/kiosk-layout.tsx';
import { KioskHomePage, KioskSearchPage, type KioskFrameProps, type TodayHours } from './views/kiosk-home.tsx';
import { ks } from './kiosk.strings.ts';
import { JSQR_JS } from './views/onecode-panel.tsx';

export interface KioskDeps { db: Db; clock: Clock; search: SearchService }

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Longest search accepted (characters), as the site search. */
const MAX_QUERY = 100;
/** A kiosk serves many people from one address: generous per-address limits. */
const CANDIDATE_LIMIT = { rateLimit: { max: 1200, timeWindow: '1 minute', allowList: () => false } };
const PING_LIMIT = { rateLimit: { max: 240, timeWindow: '1 minute', allowList: () => false } };
/** Seconds the kiosk's 「请求过于频繁」 screen stays before it goes back home by itself. */
const RATE_LIMITED_REFRESH = 60;
const safeDecode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

const venueParam = (request: FastifyRequest) => String((request.params as { venue?: string }).venue ?? '');
/** One query value (platform/web/query.ts already keeps the first of a repeated key). */
const queryValue = (request: FastifyRequest, key: string) => {
  const v = (request.query as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};

/** The kiosk-styled 404: an unknown venue (its id), or an unknown page of a known venue (`home` given). */
export function sendKioskMissing(reply: FastifyReply, venuePublicId: string | null, home?: string): FastifyReply {
  const page = venuePublicId === null
    ? <KioskMissingPage title={ks.pageMissingTitle} message={ks.pageMissing} {...(home ? { home } : {})} />
    : <KioskMissingPage title={ks.venueMissingTitle} message={ks.venueMissing(venuePublicId.slice(0, 64))} />;
  return sendPage(reply, page, 404);
}

/** Today's opening of the venue in brief (the kiosk's home). */
function todayHours(v: ChannelVenue, cal: WorkingCalendar, now: Date): TodayHours {
  const h = ks.hours;
  let raw: unknown;
  try { raw = JSON.parse(v.hoursJson); } catch { raw = null; }
  const weekly = raw && typeof raw === 'object' ? parseWeeklyHours(raw as Record<string, unknown>) : null;
  if (!weekly || !weekly.ok) return v.is24h ? { open: true, lines: [h.openNow, h.allDay] } : { open: false, lines: [h.unknown] };
  const hours: VenueHours = { weekly: weekly.value, is24h: v.is24h, holidayRule: v.holidayRule as VenueHours['holidayRule'] };
  const st = openStatus(hours, dayInfoMemo(cal), now);
  const lines: string[] = [st.openNow ? h.openNow : h.closedNow];
  if (st.reason === 'always_open') lines.push(h.allDay);
  else if (st.reason === 'holiday_closed') lines.push(h.holiday(st.day.name ?? ''));
  else if (st.todayPeriods.length === 0) lines.push(h.closedToday);
  else lines.push(h.today(formatPeriods(st.todayPeriods).replace(/,/g, '，')));
  const clock = (iso: string) => beijingTime(iso).slice(11, 16);
  if (st.openNow && st.closesAt && st.reason !== 'always_open') lines.push(h.closesAt(clock(st.closesAt)));
  if (!st.openNow && st.opensAt) lines.push(h.opensAt(`${localDateOf(new Date(st.opensAt)) === localDateOf(now) ? '今天' : localDateOf(new Date(st.opensAt))} ${clock(st.opensAt)}`));
  return { open: st.openNow, lines };
}

export async function kioskRoutes(app: App, deps: KioskDeps): Promise<void> {
  const { db, clock, search } = deps;
  await app.register(fastifyStatic, { root: path.join(HERE, 'assets'), prefix: '/assets/channels/', decorateReply: false, maxAge: 3600_000 });
  // jsQR's browser build (the jsqr dependency), served first-party for 一码办's camera fallback
  // (assets/onecode.js loads it only when the browser has no BarcodeDetector): read once, cached a day.
  let jsqr: Promise<Buffer> | null = null;
  app.get(JSQR_JS, async (_request, reply) => {
    jsqr ??= readFile(createRequire(import.meta.url).resolve('jsqr')).catch((e: unknown) => { jsqr = null; throw e; });
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(await jsqr);
  });

  // Nothing a kiosk shows may be kept by a cache (the next person's back button, a proxy).
  // (a callback hook: it runs on every response of the site, a promise less each)
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/kiosk/')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  // No error page of the public site either (its navigation leads off the kiosk, without the idle
  // reset): any error page on a kiosk address (400 of a bad address, 429, 5xx) is kiosk-styled, and
  // a kiosk over its rate limit goes back to the venue's home by itself.
  registerErrorPage(app, '/kiosk/', (request, reply, status) => {
    void reply.header('cache-control', 'no-store');
    const id = safeDecode(/^\/kiosk\/([^/?#]{1,200})/.exec(request.url)?.[1] ?? '');
    const home = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? kioskHome(id) : null;
    return status === 429
      ? <KioskMissingPage title={ks.rateLimitedTitle} message={ks.rateLimited} {...(home ? { home } : {})} refreshSeconds={RATE_LIMITED_REFRESH} />
      : <KioskMissingPage title={ks.errorTitle(status)} message={ks.error(status)} {...(home ? { home } : {})} />;
  });

  // The pinyin dictionary: built once, on the first keyboard request.
  let dict: Promise<PinyinDictionary> | null = null;
  const dictionary = () => {
    dict ??= loadPinyinDictionary(db).catch((e: unknown) => { dict = null; throw e; });
    return dict;
  };

  const frameOf = async (request: FastifyRequest, phonePath: string): Promise<{ frame: KioskFrame; props: KioskFrameProps } | null> => {
    const frame = await kioskFrame(db, request, venueParam(request), phonePath);
    if (!frame) return null;
    return { frame, props: kioskFrameProps(request, frame) };
  };

  app.get('/kiosk/:venue', async (request, reply) => {
    const id = venueParam(request);
    const f = await frameOf(request, `/services/venues/${encodeURIComponent(id)}`);
    if (!f) return sendKioskMissing(reply, id);
    const today = todayHours(f.frame.venue, await kioskCalendar(db), clock.now());
    return sendPage(reply, <KioskHomePage frame={f.props} today={today} />);
  });

  app.get('/kiosk/:venue/search', async (request, reply) => {
    const id = venueParam(request);
    const forGuide = queryValue(request, 'for') === 'guide';
    // eslint-disable-next-line no-control-regex
    const q = queryValue(request, 'q').slice(0, 10_000).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
    const tooLong = [...q].length > MAX_QUERY;
    const f = await frameOf(request, tooLong || !q ? '/search' : `/search?q=${encodeURIComponent(q)}`);
    if (!f) return sendKioskMissing(reply, id);
    if (tooLong) {
      return sendPage(reply, <KioskSearchPage frame={f.props} q={[...q].slice(0, MAX_QUERY).join('')} forGuide={forGuide} error={ks.queryTooLong(MAX_QUERY)} result={null} />, 400);
    }
    if (!q) return sendPage(reply, <KioskSearchPage frame={f.props} q="" forGuide={forGuide} error={null} result={null} />);
    // the venue's county (and its towns): the region's first six digits
    const region = f.frame.venue.regionCode.slice(0, 6);
    const [items, records] = await Promise.all([
      search.search({ q, types: ['item'], region, limit: 20, offset: 0 }),
      search.search({ q, types: ['disclosure'], region, limit: 5, offset: 0 }, { log: false }),
    ]);
    await countKioskUse(db, f.frame.venue.publicId, 'search', localDateOf(clock.now()));
    const result = {
      total: items.total + records.total,
      items: items.hits.map((h) => ({ id: h.id, title: h.title, titleHtml: h.titleHtml, snippet: h.snippet })),
      records: records.hits.map((h) => ({ title: h.title, titleHtml: h.titleHtml, snippet: h.snippet })),
      didYouMean: items.didYouMean,
    };
    return sendPage(reply, <KioskSearchPage frame={f.props} q={q} forGuide={forGuide} error={null} result={result} />);
  });

  app.get('/kiosk/:venue/candidates', { config: CANDIDATE_LIMIT }, async (request, reply) => {
    const raw = queryValue(request, 'py');
    if (raw.length > MAX_PINYIN || !/^[A-Za-z]*$/.test(raw)) return reply.status(400).send({ code: 'bad_pinyin', message: ks.badPinyin });
    const venue = await findChannelVenue(db, venueParam(request));
    if (!venue) return reply.status(404).send({ code: 'venue_not_found', message: ks.venueMissing(venueParam(request).slice(0, 64)) });
    const py = raw.toLowerCase();
    if (!py) return { candidates: [] };
    return { candidates: (await dictionary()).lookup(py, MAX_CANDIDATES).map((c) => c.word) };
  });

  // Reachability (kiosk.js asks every ~10 s); `?start=1` is the first touch after a reset: one visitor.
  app.get('/kiosk/:venue/ping', { config: PING_LIMIT }, async (request, reply) => {
    const venue = await findChannelVenue(db, venueParam(request));
    if (!venue) return reply.status(404).send({ code: 'venue_not_found', message: ks.venueMissing(venueParam(request).slice(0, 64)) });
    if (queryValue(request, 'start') === '1') await countKioskUse(db, venue.publicId, 'session', localDateOf(clock.now()));
    return reply.status(204).send();
  });

  // Any other kiosk address: a kiosk-styled 404 (the pages of the kiosk have their own routes).
  app.get('/kiosk/:venue/*', async (request, reply) => {
    const id = venueParam(request);
    const venue = await findChannelVenue(db, id);
    return venue ? sendKioskMissing(reply, null, kioskHome(venue.publicId)) : sendKioskMissing(reply, id);
  });
}
